//! Every handlebars helper confspec's templates use, registered in one place.

use crate::oslo::textwrap;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason, Renderable, StringOutput,
};

pub fn register(registry: &mut Handlebars<'static>) {
    registry.register_helper("oslo_comment", Box::new(oslo_comment));
    registry.register_helper("oslo_setting", Box::new(oslo_setting));
    registry.register_helper("indent", Box::new(indent));
    registry.register_helper("csv", Box::new(csv));
}

fn str_param<'a>(h: &'a Helper, i: usize) -> Result<Option<&'a str>, RenderErrorReason> {
    match h.param(i).map(|p| p.value()) {
        None => Err(RenderErrorReason::ParamNotFoundForIndex(h.name().to_owned().leak(), i)),
        Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(other) => {
            Err(RenderErrorReason::InvalidParamType(if other.is_number() { "number" } else { "non-string" }))
        }
    }
}

/// oslo's `_format_help`: every line of `text` wrapped with Python's textwrap at `width`
/// behind `# `, an empty line as `#`. `{{oslo_comment text width}}`; null text writes nothing.
pub fn oslo_comment_text(text: &str, width: usize, out: &mut String) {
    // oslo treats a width of 0 as "no wrapping" by wrapping at 998 columns.
    let width = if width == 0 { 998 } else { width };
    for line in textwrap::py_lines(text) {
        if textwrap::wrap_into(line, width, "# ", "# ", out) == 0 {
            out.push('#');
        }
        out.push('\n');
    }
}

fn oslo_comment(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let Some(text) = str_param(h, 0)? else { return Ok(()) };
    let width = h
        .param(1)
        .and_then(|p| p.value().as_u64())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("oslo_comment", 1))?;
    let mut s = String::new();
    oslo_comment_text(text, width as usize, &mut s);
    out.write(&s)?;
    Ok(())
}

/// The sample's setting lines: `#dest = value` for each formatted default (or `dest = value`
/// when minimal), continuation lines of a multi-line value behind `#    `.
/// `{{oslo_setting dest defaults minimal}}`.
fn oslo_setting(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let dest = str_param(h, 0)?.unwrap_or_default();
    let defaults = h
        .param(1)
        .and_then(|p| p.value().as_array())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("oslo_setting", 1))?;
    let minimal = h.param(2).map(|p| p.value().as_bool() == Some(true)).unwrap_or(false);
    let mut s = String::new();
    oslo_setting_text(dest, defaults.iter().map(|v| v.as_str().unwrap_or_default()), minimal, &mut s);
    out.write(&s)?;
    Ok(())
}

/// The setting lines for `dest` and its formatted defaults (see `oslo_setting`).
pub fn oslo_setting_text<'a>(dest: &str, defaults: impl Iterator<Item = &'a str>, minimal: bool, out: &mut String) {
    for value in defaults {
        if !minimal {
            out.push('#');
        }
        out.push_str(dest);
        out.push_str(" =");
        if !value.is_empty() {
            out.push(' ');
            // oslo continues a multi-line value on `#    ` lines after each `\n`. A lone `\r`
            // ends a line too for any reader with universal newlines (oslo's own): it gets
            // the same continuation, where oslo would let the rest become an active line.
            let mut chars = value.chars().peekable();
            while let Some(c) = chars.next() {
                out.push(c);
                if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
                    out.push_str("#    ");
                }
            }
        }
        out.push('\n');
    }
}

/// oslo's Sphinx extension's `_indent(text, n)`: every line of the block's content behind `n`
/// spaces, blank lines left empty, lines split as Python's `splitlines` splits them.
/// `{{#indent 2}}text{{/indent}}`.
fn indent<'reg, 'rc>(
    h: &Helper<'rc>,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    out: &mut dyn Output,
) -> HelperResult {
    let n = h.param(0).and_then(|p| p.value().as_u64()).ok_or(RenderErrorReason::ParamNotFoundForIndex("indent", 0))?;
    let mut inner = StringOutput::new();
    if let Some(t) = h.template() {
        t.render(r, ctx, rc, &mut inner)?;
    }
    let text = inner.into_string()?;
    out.write(&indent_text(&text, n as usize))?;
    Ok(())
}

pub fn indent_text(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    textwrap::splitlines(text)
        .into_iter()
        .map(|line| if line.is_empty() { String::new() } else { format!("{pad}{line}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A CSV field quoted as RFC 4180 says (see `deprecations::csv_field`). `{{csv text}}`.
fn csv(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let text = str_param(h, 0)?.unwrap_or_default();
    out.write(&super::deprecations::csv_field(text))?;
    Ok(())
}
