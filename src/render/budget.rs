//! What one handlebars render may cost. handlebars has no limits of its own: a template of a
//! few lines (`{{#each}}` nested 40 deep over one list, partials that each call the next one
//! twice) renders for hours or fills the memory. So every render has two budgets, both
//! proportional to its input (the data the templates get, and the templates' text):
//!
//! - work: each template element rendered costs [`ELEMENT`] units for itself and for each
//!   parameter in it, and one unit per byte of each value it copies, compares or writes;
//! - memory: every byte written (to the output, to a helper's buffer, to a partial block's
//!   text) is kept until the render ends, and every value handlebars copies for an element (a
//!   partial's context, a block's own data) is held while that element renders.
//!
//! A render that runs out is stopped with a message at the template's file and line.
//!
//! handlebars offers no hook per element, so every compiled template is rewritten once
//! ([`guard`]): the elements of each template body (a file, a block's body or `{{else}}`, a
//! partial block, an inline partial) go inside one block of the [`Guard`] helper, which
//! renders them one by one, as handlebars does, charging each before it renders, through an
//! output that charges what they write. The rewrite changes nothing else: the guard writes
//! nothing itself and keeps handlebars' whitespace state as any block helper does, and each
//! element keeps its position for error messages (`tests/golden_outputs.rs` compares every
//! layout's templates with its native writer).

use handlebars::template::{HelperTemplate, Parameter, Template, TemplateElement, TemplateMapping};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, PathAndJson, RenderContext, RenderError,
    RenderErrorReason, Renderable,
};
use serde_json::Value;
use std::cell::RefCell;

/// The work units one template element, or one parameter or subexpression in it, costs each
/// time it renders: about what copying that many bytes takes.
pub const ELEMENT: u64 = 64;
/// What each value in a JSON value costs when it is copied, beyond its text.
pub const NODE: u64 = 32;
/// The work every render may do, and the bytes it may hold, whatever its size.
pub const FLOOR: u64 = 16 << 20;
/// The work a render may do per unit of its input (the data's `weight` and the templates'
/// bytes). The embedded templates do up to 8.3 (rst, on nova's data).
pub const WORK_PER_INPUT: u64 = 64;
/// The bytes a render may hold per unit of its input. The embedded templates hold up to 0.7
/// (the HTML page, on nova's data).
pub const HOLD_PER_INPUT: u64 = 2;

/// The name the guard helper is registered under. A template cannot call it by this name (a
/// helper name has no spaces), and calling it some other way only renders the block it gets.
pub const GUARD: &str = "confspec render budget";

/// What a render may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub work: u64,
    pub bytes: u64,
}

/// Which budget a render ran out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exhausted {
    Work,
    Bytes,
}

/// The budget of the render running on this thread.
struct State {
    limits: Limits,
    work: u64,
    bytes: u64,
    /// How many guards are rendering their bodies: only the innermost one's output charges a
    /// write, which passes through every guard's output on its way out.
    depth: u32,
    exhausted: Option<Exhausted>,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// The budgets of a render of `data` with templates of `template_bytes` bytes.
pub fn limits(data: &Value, template_bytes: u64) -> Limits {
    let input = weight(data).saturating_add(template_bytes);
    Limits {
        work: FLOOR.saturating_add(WORK_PER_INPUT.saturating_mul(input)),
        bytes: FLOOR.saturating_add(HOLD_PER_INPUT.saturating_mul(input)),
    }
}

/// Runs `render` within `limits`; also says which budget ran out, if one did (the render then
/// failed where it did).
pub fn run<T>(limits: Limits, render: impl FnOnce() -> T) -> (T, Option<Exhausted>) {
    let state = State { limits, work: 0, bytes: 0, depth: 0, exhausted: None };
    let outer = STATE.with(|s| s.borrow_mut().replace(state));
    let result = render();
    let state = STATE.with(|s| std::mem::replace(&mut *s.borrow_mut(), outer));
    (result, state.and_then(|s| s.exhausted))
}

/// What a render that ran out says.
pub fn exhausted_message(exhausted: Exhausted, limits: Limits) -> String {
    match exhausted {
        Exhausted::Work => format!(
            "the templates do more work than this render allows ({} units: {} MiB plus {WORK_PER_INPUT} per byte \
             of the data and the templates; {ELEMENT} per element, one per byte written or copied): a loop or a \
             partial multiplies what they do",
            limits.work,
            FLOOR >> 20
        ),
        Exhausted::Bytes => format!(
            "the templates make more than this render may hold ({} bytes: {} MiB plus {HOLD_PER_INPUT} per byte of \
             the data and the templates)",
            limits.bytes,
            FLOOR >> 20
        ),
    }
}

/// Applies `change` to the render's state, if there is one (a render not started by `run`
/// counts nothing); an error once a budget is spent.
fn spend(change: impl FnOnce(&mut State)) -> Result<(), RenderErrorReason> {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let Some(state) = s.as_mut() else { return Ok(()) };
        change(state);
        let exhausted = if state.work > state.limits.work {
            Some(Exhausted::Work)
        } else if state.bytes > state.limits.bytes {
            Some(Exhausted::Bytes)
        } else {
            None
        };
        match exhausted {
            None => Ok(()),
            Some(e) => {
                state.exhausted = state.exhausted.or(Some(e));
                Err(RenderErrorReason::Other("over budget".into()))
            }
        }
    })
}

/// Spends `units` of work.
pub fn work(units: u64) -> Result<(), RenderErrorReason> {
    spend(|s| s.work = s.work.saturating_add(units))
}

/// Keeps `bytes` written or made, until the render ends (they are work too).
pub fn keep(bytes: u64) -> Result<(), RenderErrorReason> {
    spend(|s| {
        s.work = s.work.saturating_add(bytes);
        s.bytes = s.bytes.saturating_add(bytes);
    })
}

/// Holds `bytes` copied, until [`release`] (they are work too).
fn hold(bytes: u64) -> Result<(), RenderErrorReason> {
    keep(bytes)
}

fn release(bytes: u64) {
    let _ = spend(|s| s.bytes = s.bytes.saturating_sub(bytes));
}

/// Whether `bytes` more (`None`: more than a `u64` counts) could still be written: for a
/// helper that must know before it allocates what it will write (which it is charged for when
/// it writes it). The helper says why it stopped.
pub fn fits(bytes: Option<u64>) -> bool {
    STATE.with(|s| match (s.borrow().as_ref(), bytes) {
        (Some(state), Some(bytes)) => state.bytes.saturating_add(bytes) <= state.limits.bytes,
        (None, Some(bytes)) => usize::try_from(bytes).is_ok(),
        (_, None) => false,
    })
}

/// What copying, rendering or comparing `value` costs: its text and [`NODE`] per value in it
/// (copying a JSON value is mostly allocating its parts).
pub fn weight(value: &Value) -> u64 {
    let mut total = 0u64;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        total = total.saturating_add(NODE);
        match v {
            Value::String(s) => total = total.saturating_add(s.len() as u64),
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => {
                for (key, item) in map {
                    total = total.saturating_add(key.len() as u64);
                    stack.push(item);
                }
            }
            _ => {}
        }
    }
    total
}

/// Puts the elements of `template`, and of every body nested in it, inside a guard block.
pub fn guard(template: &mut Template) {
    let compiled = Template::compile("{{#guard}}{{/guard}}").expect("a block compiles");
    let start = compiled.mapping[0].clone();
    let Some(TemplateElement::HelperBlock(prototype)) = compiled.elements.into_iter().next() else {
        unreachable!("a block compiles to a block")
    };
    let mut prototype = *prototype;
    prototype.name = Parameter::Name(GUARD.into());
    guard_body(template, &prototype, &start);
}

/// Guards `template`, a body that starts at `at` (its block's position, or the file's start).
fn guard_body(template: &mut Template, prototype: &HelperTemplate, at: &TemplateMapping) {
    for (element, position) in template.elements.iter_mut().zip(&template.mapping) {
        let bodies: Vec<&mut Template> = match element {
            TemplateElement::HelperBlock(h) | TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) => {
                h.template.iter_mut().chain(h.inverse.iter_mut()).collect()
            }
            TemplateElement::DecoratorBlock(d)
            | TemplateElement::DecoratorExpression(d)
            | TemplateElement::PartialBlock(d)
            | TemplateElement::PartialExpression(d) => d.template.iter_mut().collect(),
            _ => Vec::new(),
        };
        for body in bodies {
            guard_body(body, prototype, position);
        }
    }
    let mut body = Template::new();
    body.name = template.name.clone();
    body.elements = std::mem::take(&mut template.elements);
    body.mapping = std::mem::take(&mut template.mapping);
    let mut block = prototype.clone();
    block.template = Some(body);
    template.elements = vec![TemplateElement::HelperBlock(Box::new(block))];
    template.mapping = vec![at.clone()];
}

/// The guard: renders its body's elements as `Template::render` does, each charged first and
/// its held copies released after, through an output that charges what they write.
pub struct Guard;

impl HelperDef for Guard {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some(body) = h.template() else { return Ok(()) };
        work(ELEMENT)?;
        let level = STATE.with(|s| {
            s.borrow_mut().as_mut().map(|state| {
                state.depth += 1;
                state.depth
            })
        });
        let mut out = Charged { out, level };
        let result = render_body(body, r, ctx, rc, &mut out);
        STATE.with(|s| {
            if let Some(state) = s.borrow_mut().as_mut() {
                state.depth -= 1;
            }
        });
        result
    }
}

fn render_body<'reg: 'rc, 'rc>(
    body: &'rc Template,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    out: &mut dyn Output,
) -> Result<(), RenderError> {
    rc.set_current_template_name(body.name.as_ref());
    for (i, element) in body.elements.iter().enumerate() {
        let mut held = 0;
        let result = charge_element(element, r, ctx, rc, &mut held)
            .map_err(RenderError::from)
            .and_then(|()| element.render(r, ctx, rc, out));
        release(held);
        result.map_err(|mut e| {
            if e.line_no.is_none() {
                if let Some(position) = body.mapping.get(i) {
                    e.line_no = Some(position.0);
                    e.column_no = Some(position.1);
                }
            }
            if e.template_name.is_none() {
                e.template_name.clone_from(&body.name);
            }
            e
        })?;
    }
    Ok(())
}

/// An output that keeps what is written to it, when its guard is the innermost one.
struct Charged<'a> {
    out: &'a mut dyn Output,
    level: Option<u32>,
}

impl Output for Charged<'_> {
    fn write(&mut self, seg: &str) -> std::io::Result<()> {
        let innermost = STATE.with(|s| s.borrow().as_ref().map(|state| state.depth) == self.level);
        if innermost {
            keep(seg.len() as u64).map_err(|_| std::io::Error::other("over budget"))?;
        }
        self.out.write(seg)
    }
}

/// Helpers that only look at their parameters (a truth value, a length), so a value from
/// the data costs them nothing. Any other helper may copy, render or compare what it gets.
const LOOKS_ONLY: &[&str] = &["if", "unless", "each", "with", "and", "or", "not", "len"];

/// Charges what rendering `element` costs before its blocks' bodies (which their own guards
/// charge): itself, its parameters, and the values it copies, which `held` counts. handlebars
/// copies a value each time it looks it up in a partial's or a block's own data, and the
/// whole context of each partial it calls.
fn charge_element<'reg: 'rc, 'rc>(
    element: &'rc TemplateElement,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    held: &mut u64,
) -> Result<(), RenderErrorReason> {
    work(ELEMENT)?;
    match element {
        TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) | TemplateElement::HelperBlock(h) => {
            // `{{name}}`: a name that is not a helper's is a value, copied and rendered.
            if matches!(h.name, Parameter::Path(_)) {
                charge_value(&h.name, false, r, ctx, rc, held)?;
            }
            charge_call(&h.name, &h.params, h.hash.values(), r, ctx, rc, held)
        }
        TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
            // The partial's context is copied into its scope, and with a `key=value` a text
            // context becomes a map of its characters.
            let spread = !d.hash.is_empty();
            let size = |v: &Value| {
                let spread = match v {
                    Value::String(s) if spread => 160 * s.len() as u64,
                    Value::Array(items) if spread => 64 * items.len() as u64,
                    _ => 0,
                };
                weight(v).saturating_add(spread)
            };
            let copied = match d.params.first() {
                Some(p) => expand(p, r, ctx, rc).map(|v| size(v.value())),
                None => rc.evaluate(ctx, "this").ok().map(|v| size(v.as_json())),
            };
            hold_copy(copied.unwrap_or(0), held)?;
            for p in d.params.iter().skip(1).chain(d.hash.values()) {
                work(ELEMENT)?;
                if let Some(v) = expand(p, r, ctx, rc) {
                    hold_copy(weight(v.value()), held)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn hold_copy(bytes: u64, held: &mut u64) -> Result<(), RenderErrorReason> {
    *held = held.saturating_add(bytes);
    hold(bytes)
}

/// Charges a helper call's parameters and hash values.
#[allow(clippy::too_many_arguments)]
fn charge_call<'reg: 'rc, 'rc>(
    name: &Parameter,
    params: &'rc [Parameter],
    hash: impl Iterator<Item = &'rc Parameter>,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    held: &mut u64,
) -> Result<(), RenderErrorReason> {
    let helper = match name {
        Parameter::Name(n) => n.as_str(),
        Parameter::Path(handlebars::Path::Relative((_, raw)) | handlebars::Path::Local((_, _, raw))) => raw,
        _ => "",
    };
    if helper == "lookup" {
        // `lookup` copies the item it finds.
        if let (Some(collection), Some(key)) = (params.first(), params.get(1)) {
            if let (Some(collection), Some(key)) = (expand(collection, r, ctx, rc), expand(key, r, ctx, rc)) {
                let item = match (collection.value(), key.value()) {
                    (Value::Array(items), Value::Number(n)) => n.as_u64().and_then(|i| items.get(i as usize)),
                    (Value::Object(map), Value::String(k)) => map.get(k),
                    _ => None,
                };
                hold_copy(item.map_or(0, weight), held)?;
            }
        }
    }
    let looks_only = LOOKS_ONLY.contains(&helper) || helper == "lookup";
    for p in params.iter().chain(hash) {
        work(ELEMENT)?;
        match p {
            Parameter::Subexpression(sub) => {
                if let TemplateElement::Expression(h)
                | TemplateElement::HelperBlock(h)
                | TemplateElement::HtmlExpression(h) = sub.as_element()
                {
                    charge_call(&h.name, &h.params, h.hash.values(), r, ctx, rc, held)?;
                }
            }
            _ => charge_value(p, !looks_only, r, ctx, rc, held)?,
        }
    }
    Ok(())
}

/// Charges the value of a path or a literal: held when handlebars copies it (it comes from a
/// scope's own data, or is a literal), work when the helper goes through all of it
/// (`through`).
fn charge_value<'reg: 'rc, 'rc>(
    param: &'rc Parameter,
    through: bool,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    held: &mut u64,
) -> Result<(), RenderErrorReason> {
    let Some(value) = expand(param, r, ctx, rc) else { return Ok(()) };
    if value.context_path().is_none() {
        hold_copy(weight(value.value()), held)
    } else if through {
        work(weight(value.value()))
    } else {
        Ok(())
    }
}

/// A path's or a literal's value, or `None` for a subexpression (charged as the call it is)
/// or a path that does not evaluate (its element reports that).
fn expand<'reg: 'rc, 'rc>(
    param: &'rc Parameter,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
) -> Option<PathAndJson<'rc>> {
    match param {
        Parameter::Subexpression(_) => None,
        _ => param.expand(r, ctx, rc).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `main` (with the partials `item`, `wrapper` and `lines`) with and without the
    /// guards: the output, or the error's reason and position.
    fn both(main: &str, data: &Value) -> [Result<String, String>; 2] {
        let templates = [
            ("main", main),
            ("item", "<{{name}}>"),
            ("wrapper", "[{{> @partial-block}}]\n"),
            ("lines", "one\ntwo {{name}}\n"),
        ];
        [false, true].map(|guarded| {
            let mut registry = Handlebars::new();
            registry.set_strict_mode(true);
            super::super::helpers::register(&mut registry);
            registry.register_helper(GUARD, Box::new(Guard));
            for (name, text) in templates {
                let mut template = Template::compile_with_name(text, name.to_owned()).unwrap();
                if guarded {
                    guard(&mut template);
                }
                registry.register_template(name, template);
            }
            let limits = Limits { work: u64::MAX, bytes: u64::MAX };
            let (result, exhausted) = run(limits, || registry.render("main", data));
            assert_eq!(exhausted, None);
            result.map_err(|e| format!("{:?} {:?}:{:?} {}", e.template_name, e.line_no, e.column_no, e.reason()))
        })
    }

    #[test]
    fn guards_change_nothing_a_template_renders() {
        let data = serde_json::json!({
            "title": "T", "a": false, "b": true, "html": "<b>&</b>", "name": "top",
            "list": [{"name": "x", "tags": ["p", "q"]}, {"name": "y\nz", "tags": []}],
            "map": {"k1": "v1", "k2": "v2"},
        });
        let templates = [
            "{{#each list}}{{@index}}:{{name}}{{#unless @last}},{{/unless}}{{/each}}",
            "{{#if a}}A{{else if b}}B{{else}}C{{/if}}|{{#unless b}}U{{else}}N{{/unless}}",
            "start\n{{#each list}}\n  {{name}}\n  {{#each tags}}\n    - {{this}}\n  {{else}}\n    none\n  {{/each}}\n{{/each}}\nend\n",
            "a {{~#if b~}} \n b \n {{~/if~}} c",
            "list:\n  {{> lines}}\n  {{#each list}}\n    {{> lines}}\n  {{/each}}\ndone\n",
            "{{#*inline \"p\"}}[{{name}}]{{/inline}}{{#each list}}{{> p}}{{/each}}{{> item}}",
            "{{#> wrapper}}inside {{title}}{{/wrapper}}{{#> missing}}fallback{{/missing}}",
            "{{#with list.[0]}}{{name}}/{{../title}}{{/with}} {{lookup map \"k2\"}} {{lookup list 1}}",
            "{{#each list as |item i|}}{{i}}={{item.name}};{{/each}}{{#each map}}{{@key}}={{this}}{{/each}}",
            "{{html}} {{{html}}} {{! comment }}{{!-- {{x}} --}}{{{{raw}}}} {{x}} {{{{/raw}}}}",
            "{{> item name=title}} {{> item list.[1]}} {{#each list}}{{> item x=1}}{{/each}}",
            "{{#if (eq title \"T\")}}eq{{/if}} {{len list}} {{#if (and b (not a))}}ok{{/if}}",
            "{{#indent 3}}a\n\nb{{/indent}}|{{csv \"=1\"}}|{{oslo_comment title 70}}",
            "\n{{#each list}}{{missing}}{{/each}}",
            "{{#each list}}\n{{#if b}}{{/if}}{{> nothing}}{{/each}}",
        ];
        for template in templates {
            let [plain, guarded] = both(template, &data);
            assert_eq!(plain, guarded, "{template}");
        }
    }

    #[test]
    fn a_render_stops_when_a_budget_runs_out() {
        let data = serde_json::json!({"list": [1, 2, 3, 4, 5, 6, 7, 8]});
        let mut registry = Handlebars::new();
        registry.register_helper(GUARD, Box::new(Guard));
        let deep = format!("{}x{}", "{{#each @root.list}}".repeat(12), "{{/each}}".repeat(12));
        let mut template = Template::compile_with_name(&deep, "deep".into()).unwrap();
        guard(&mut template);
        registry.register_template("deep", template);
        for (limits, exhausted) in [
            (Limits { work: 1 << 20, bytes: u64::MAX }, Exhausted::Work),
            (Limits { work: u64::MAX, bytes: 1 << 16 }, Exhausted::Bytes),
        ] {
            let (result, stopped) = run(limits, || registry.render("deep", &data));
            let e = result.unwrap_err();
            assert_eq!(stopped, Some(exhausted));
            assert_eq!((e.line_no, e.template_name.as_deref()), (Some(1), Some("deep")));
        }
    }
}
