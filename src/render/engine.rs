//! The template engine: embedded templates, user overrides, helpers, one registry per output.

use super::{budget, helpers};
use crate::diag::{Error, Result};
use handlebars::Handlebars;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

/// Every template confspec ships, by file name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("ini.hbs", include_str!("../../templates/ini.hbs")),
    ("ini-option.hbs", include_str!("../../templates/ini-option.hbs")),
    ("rst.hbs", include_str!("../../templates/rst.hbs")),
    ("rst-option.hbs", include_str!("../../templates/rst-option.hbs")),
    ("markdown.hbs", include_str!("../../templates/markdown.hbs")),
    ("markdown-option.hbs", include_str!("../../templates/markdown-option.hbs")),
    ("html.hbs", include_str!("../../templates/html.hbs")),
    ("html-option.hbs", include_str!("../../templates/html-option.hbs")),
    ("html-style.hbs", include_str!("../../templates/html-style.hbs")),
    ("html-script.hbs", include_str!("../../templates/html-script.hbs")),
    ("deprecations-markdown.hbs", include_str!("../../templates/deprecations-markdown.hbs")),
    ("deprecations-rst.hbs", include_str!("../../templates/deprecations-rst.hbs")),
    ("deprecations-csv.hbs", include_str!("../../templates/deprecations-csv.hbs")),
    ("diff-markdown.hbs", include_str!("../../templates/diff-markdown.hbs")),
    ("python.hbs", include_str!("../../templates/python.hbs")),
];

/// An output's layout, implemented by the typed context its templates render: the templates
/// that define it (rendering starts at the first), and a native writer of the same context
/// that writes what the embedded templates write, faster (tests compare the two on every
/// golden set and fixture).
pub trait Layout: serde::Serialize {
    const TEMPLATES: &'static [&'static str];
    fn write_native(&self) -> String;
}

/// How rendered values are escaped: not at all for text formats, HTML escaping for HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    None,
    Html,
}

pub struct Engine {
    overrides: Option<PathBuf>,
    escape: Escape,
    /// The templates replaced by files of the override folder.
    overridden: Vec<&'static str>,
    /// Compiled on first use (renderers with a native writer never need it), with the size
    /// of the templates' text.
    registry: OnceCell<(Handlebars<'static>, u64)>,
}

impl Engine {
    /// The embedded templates, each replaced by `<dir>/<file name>` when that name exists
    /// (whatever it is: a folder, a dangling link or a device that never ends there is an
    /// error when the template is read, not a silent fallback to the embedded one).
    pub fn new(overrides: Option<&Path>, escape: Escape) -> Result<Self> {
        if let Some(dir) = overrides {
            if !dir.is_dir() {
                return Err(Error::Io {
                    path: dir.display().to_string(),
                    message: "is not a folder of templates".into(),
                });
            }
        }
        if let Some(dir) = overrides {
            check_override_names(dir)?;
        }
        let overridden = TEMPLATES
            .iter()
            .map(|(file, _)| *file)
            .filter(|file| overrides.is_some_and(|d| std::fs::symlink_metadata(d.join(file)).is_ok()))
            .collect();
        Ok(Engine { overrides: overrides.map(Path::to_owned), escape, overridden, registry: OnceCell::new() })
    }

    fn registry(&self) -> Result<&(Handlebars<'static>, u64)> {
        if let Some(compiled) = self.registry.get() {
            return Ok(compiled);
        }
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        match self.escape {
            Escape::None => registry.register_escape_fn(handlebars::no_escape),
            Escape::Html => registry.register_escape_fn(handlebars::html_escape),
        }
        helpers::register(&mut registry);
        registry.register_helper(budget::GUARD, Box::new(budget::Guard));
        let mut origins = Vec::new();
        let mut template_bytes = 0u64;
        for (i, (file, embedded)) in TEMPLATES.iter().enumerate() {
            let name = file.trim_end_matches(".hbs");
            let origin = self.origin(file);
            match self.overrides.as_ref().filter(|_| self.overridden.contains(file)) {
                Some(dir) => {
                    let text = crate::spec::load::read_text(&dir.join(file))?;
                    check_parentheses(&origin, &text)?;
                    template_bytes += text.len() as u64;
                    registry.register_template_string(name, text).map_err(|e| template_error(&origin, &e))?;
                }
                None => {
                    template_bytes += embedded.len() as u64;
                    registry.register_template(name, compiled_embedded()[i].clone());
                }
            }
            origins.push((name, origin));
        }
        if !self.overridden.is_empty() {
            check_partials(&registry, &origins)?;
        }
        // Checked as written; rendered with the budget's guards in.
        for (name, _) in &origins {
            let mut template = registry.get_template(name).expect("registered above").clone();
            budget::guard(&mut template);
            registry.register_template(name, template);
        }
        Ok(self.registry.get_or_init(|| (registry, template_bytes)))
    }

    /// Whether every one of these templates is the embedded one. Renderers with a native
    /// writer for their embedded templates use it then (same bytes, tested), and go through
    /// handlebars only for a user's own templates.
    pub fn embedded(&self, files: &[&str]) -> bool {
        files.iter().all(|f| !self.overridden.contains(f))
    }

    /// Renders `context` in `layout`: with its native writer when its templates are the
    /// embedded ones, through handlebars otherwise. This is the one place that chooses.
    pub fn render_layout<L: Layout>(&self, context: &L) -> Result<String> {
        if self.embedded(L::TEMPLATES) {
            Ok(context.write_native())
        } else {
            self.render_templates(context)
        }
    }

    /// Renders `context` through its layout's templates, whatever they are.
    pub fn render_templates<L: Layout>(&self, context: &L) -> Result<String> {
        self.render(L::TEMPLATES[0].trim_end_matches(".hbs"), context)
    }

    /// Where a template comes from, as diagnostics name it: the override's path, or the
    /// embedded file.
    fn origin(&self, file: &str) -> String {
        match self.overrides.as_ref().filter(|_| self.overridden.contains(&file)) {
            Some(dir) => dir.join(file).display().to_string(),
            None => format!("<embedded>/templates/{file}"),
        }
    }

    /// Renders the template `name` (a file name without `.hbs`) within its budget
    /// (`budget.rs`). A failure is reported at the file and line of the template where it
    /// happened.
    pub fn render(&self, template: &str, context: &impl serde::Serialize) -> Result<String> {
        let (registry, template_bytes) = self.registry()?;
        let failed = |e: &handlebars::RenderError, reason: String| {
            let name = e.template_name.clone().unwrap_or_else(|| template.to_owned());
            let d = crate::diag::Diagnostic::error(
                self.origin(&format!("{name}.hbs")),
                format!("rendering failed: {reason}"),
            );
            Error::Input(vec![match e.line_no {
                Some(line) => d.at(line, e.column_no),
                None => d,
            }])
        };
        let data = handlebars::Context::wraps(context).map_err(|e| failed(&e, e.reason().to_string()))?;
        let limits = budget::limits(data.data(), *template_bytes);
        match budget::run(limits, || registry.render_with_context(template, &data)) {
            (Ok(text), _) => Ok(text),
            (Err(e), Some(exhausted)) => Err(failed(&e, budget::exhausted_message(exhausted, limits))),
            (Err(e), None) => Err(failed(&e, e.reason().to_string())),
        }
    }
}

/// The embedded templates compiled, in the order of `TEMPLATES`, once per process (compiling
/// them is most of what making an engine costs, and tests and the fuzz target make many).
fn compiled_embedded() -> &'static [handlebars::template::Template] {
    static COMPILED: std::sync::OnceLock<Vec<handlebars::template::Template>> = std::sync::OnceLock::new();
    COMPILED.get_or_init(|| {
        TEMPLATES
            .iter()
            .map(|(file, text)| {
                let name = file.trim_end_matches(".hbs").to_owned();
                handlebars::template::Template::compile_with_name(text, name).expect("the embedded templates compile")
            })
            .collect()
    })
}

/// Every `.hbs` file of an override folder must be named after an embedded template: a
/// misspelt one would be silently ignored.
fn check_override_names(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir.display(), &e))?;
    let mut problems = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".hbs") || TEMPLATES.iter().any(|(file, _)| *file == name) {
            continue;
        }
        let hint = match crate::suggest::closest(&name, TEMPLATES.iter().map(|(file, _)| *file)) {
            Some(best) => format!("; did you mean `{best}`?"),
            None => " (`confspec templates --dump DIR` writes them all)".to_owned(),
        };
        problems.push(crate::diag::Diagnostic::error(
            entry.path().display().to_string(),
            format!("no embedded template is called `{name}`, so it would never be used{hint}"),
        ));
    }
    problems.sort_by(|a, b| a.file.cmp(&b.file));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(problems))
    }
}

fn template_error(origin: &str, e: &handlebars::TemplateError) -> Error {
    let mut d = crate::diag::Diagnostic::error(origin, format!("template does not compile: {}", e.reason()));
    if let Some((line, column)) = e.pos() {
        d = d.at(line, Some(column));
    }
    Error::Input(vec![d])
}

/// How deep partials may nest (the embedded templates nest one deep).
const MAX_PARTIAL_DEPTH: usize = 32;
/// How deep blocks and partials may nest together. Rendering recurses once per level: a
/// debug build overflows its 8 MiB stack at about 2,000 levels, a release build at about
/// 5,000; the embedded templates nest 5.
const MAX_NESTING: usize = 256;

/// Refuses a template whose parentheses nest more than `MAX_NESTING` deep inside a tag, before
/// handlebars reads it: its parser and compiler recurse once per subexpression, and 5,000 of
/// them overflowed the stack (its parser stops near 10,000). The count is lexical, so it can
/// only count more than the subexpressions (parentheses in a comment or a `[segment]`), never
/// fewer: quoted strings are skipped.
fn check_parentheses(origin: &str, text: &str) -> Result<()> {
    let (mut line, mut column) = (1, 0);
    let (mut in_tag, mut quote, mut depth) = (false, None, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            (line, column) = (line + 1, 0);
        }
        column += 1;
        if !in_tag {
            in_tag = c == '{' && chars.peek() == Some(&'{');
            continue;
        }
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => {
                depth += 1;
                if depth > MAX_NESTING {
                    let message = format!("subexpressions nest more than {MAX_NESTING} levels deep");
                    return Err(Error::Input(vec![
                        crate::diag::Diagnostic::error(origin, message).at(line, Some(column))
                    ]));
                }
            }
            (None, ')') => depth = depth.saturating_sub(1),
            (None, '}') if chars.peek() == Some(&'}') => (in_tag, depth) = (false, 0),
            _ => {}
        }
    }
    Ok(())
}

/// How deep subexpressions nest in an element's parameters, counted without recursion.
fn subexpression_depth(element: &handlebars::template::TemplateElement) -> usize {
    use handlebars::template::{Parameter, TemplateElement};
    fn parameters(element: &TemplateElement) -> Vec<&Parameter> {
        match element {
            TemplateElement::HelperBlock(h) | TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) => {
                std::iter::once(&h.name).chain(&h.params).chain(h.hash.values()).collect()
            }
            TemplateElement::DecoratorBlock(d)
            | TemplateElement::DecoratorExpression(d)
            | TemplateElement::PartialBlock(d)
            | TemplateElement::PartialExpression(d) => {
                std::iter::once(&d.name).chain(&d.params).chain(d.hash.values()).collect()
            }
            _ => Vec::new(),
        }
    }
    let mut deepest = 0;
    let mut work: Vec<(&Parameter, usize)> = parameters(element).into_iter().map(|p| (p, 1)).collect();
    while let Some((parameter, depth)) = work.pop() {
        if let Parameter::Subexpression(sub) = parameter {
            deepest = deepest.max(depth);
            work.extend(parameters(sub.as_element()).into_iter().map(|p| (p, depth + 1)));
        }
    }
    deepest
}

/// A template, or an inline partial defined in one, and the partials it calls.
struct PartialNode<'a> {
    /// The template's name, or the inline partial's.
    name: &'a str,
    /// The file it is written in.
    origin: &'a str,
    /// The partials it calls: the name, the line and column of the call, and how many blocks
    /// deep in this node it is.
    calls: Vec<(std::borrow::Cow<'a, str>, usize, usize, usize)>,
    /// How many blocks deep its deepest content is.
    deepest: usize,
}

/// Refuses templates whose partials could recurse or nest deeper than `MAX_PARTIAL_DEPTH`, or
/// whose blocks and partials nest deeper than `MAX_NESTING`: handlebars has no depth limit,
/// and a template that includes itself, directly, through another or through an inline
/// partial, overflows the stack. The check is static and conservative: a call may reach the
/// registered template of its name and every inline partial of that name (inline partials
/// are scoped at render time), and a name that is computed (`{{> (lookup ...)}}`) is refused
/// since nothing could be ruled out. A `{{> @partial-block}}` needs no edge: handlebars
/// renders the block before the partial that uses it, in the caller, whose own calls are
/// counted there.
fn check_partials(registry: &Handlebars<'static>, origins: &[(&str, String)]) -> Result<()> {
    use handlebars::template::{Parameter, Template, TemplateElement};
    use handlebars::JsonRender;

    let refuse = |origin: &str, line: usize, column: usize, message: String| {
        Error::Input(vec![crate::diag::Diagnostic::error(origin, message).at(line, Some(column))])
    };
    let too_deep = || format!("blocks and partials nest more than {MAX_NESTING} levels deep");
    let mut nodes: Vec<PartialNode> = Vec::new();
    for (name, origin) in origins {
        let Some(template) = registry.get_template(name) else { continue };
        let root = nodes.len();
        nodes.push(PartialNode { name, origin, calls: Vec::new(), deepest: 0 });
        // An explicit stack, with each template's node and block depth in it.
        let mut work: Vec<(&Template, usize, usize)> = vec![(template, root, 0)];
        while let Some((template, node, depth)) = work.pop() {
            nodes[node].deepest = nodes[node].deepest.max(depth);
            for (i, element) in template.elements.iter().enumerate() {
                let (line, column) = template.mapping.get(i).map(|m| (m.0, m.1)).unwrap_or((1, 1));
                let inner = depth + 1;
                let nested = matches!(
                    element,
                    TemplateElement::HelperBlock(_)
                        | TemplateElement::DecoratorBlock(_)
                        | TemplateElement::PartialBlock(_)
                );
                if nested && inner > MAX_NESTING {
                    return Err(refuse(origin, line, column, too_deep()));
                }
                // Rendering recurses into subexpressions too: `(lookup (lookup ...))`.
                let subexpressions = subexpression_depth(element);
                if depth + subexpressions > MAX_NESTING {
                    return Err(refuse(origin, line, column, too_deep()));
                }
                nodes[node].deepest = nodes[node].deepest.max(depth + subexpressions);
                match element {
                    TemplateElement::HelperBlock(h)
                    | TemplateElement::Expression(h)
                    | TemplateElement::HtmlExpression(h) => {
                        work.extend(h.template.iter().chain(h.inverse.iter()).map(|t| (t, node, inner)));
                    }
                    TemplateElement::DecoratorBlock(d) | TemplateElement::DecoratorExpression(d) => {
                        let Some(body) = &d.template else { continue };
                        if matches!(&d.name, Parameter::Name(n) if n == "inline") {
                            let inline = match d.params.first() {
                                Some(Parameter::Literal(serde_json::Value::String(s))) => s.as_str(),
                                _ => {
                                    return Err(refuse(
                                        origin,
                                        line,
                                        column,
                                        "an inline partial's name must be a quoted string".into(),
                                    ))
                                }
                            };
                            nodes.push(PartialNode { name: inline, origin, calls: Vec::new(), deepest: 0 });
                            work.push((body, nodes.len() - 1, 0));
                        } else {
                            work.push((body, node, inner));
                        }
                    }
                    TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                        // As handlebars' `Parameter::expand_as_name` names a partial.
                        let called: std::borrow::Cow<str> = match &d.name {
                            Parameter::Name(n) => n.into(),
                            Parameter::Path(handlebars::Path::Relative((_, raw)) | handlebars::Path::Local((_, _, raw))) => raw.into(),
                            Parameter::Literal(other) => other.render().into(),
                            _ => {
                                return Err(refuse(origin, line, column, "a partial's name must be written out, not computed, so that recursion can be ruled out".into()))
                            }
                        };
                        if called != "@partial-block" {
                            nodes[node].calls.push((called, line, column, depth));
                        }
                        work.extend(d.template.iter().map(|t| (t, node, inner)));
                    }
                    _ => {}
                }
            }
        }
    }
    let mut by_name: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        by_name.entry(node.name).or_default().push(i);
    }
    // For each node: not seen, on the current path, or done, with the partials and the levels
    // nested below its start.
    #[derive(Clone, Copy)]
    enum Seen {
        No,
        OnPath,
        Done(usize, usize),
    }
    struct Walk<'n, 'a> {
        nodes: &'n [PartialNode<'a>],
        by_name: &'n std::collections::HashMap<&'a str, Vec<usize>>,
        seen: Vec<Seen>,
        /// The nodes from the root, each with the level it starts at.
        path: Vec<(usize, usize)>,
    }
    type Refusal = (usize, usize, usize, String);
    impl Walk<'_, '_> {
        fn chain(&self, last: usize) -> String {
            let names: Vec<&str> =
                self.path.iter().map(|&(n, _)| n).chain([last]).map(|n| self.nodes[n].name).collect();
            names.join(" -> ")
        }

        /// The partials and levels nested below `n`, which starts at `level`, or why they are
        /// refused. Recursion is bounded by `MAX_PARTIAL_DEPTH`.
        fn visit(&mut self, n: usize, level: usize) -> std::result::Result<(usize, usize), Refusal> {
            self.seen[n] = Seen::OnPath;
            self.path.push((n, level));
            let (mut partials, mut levels) = (0, self.nodes[n].deepest);
            for (called, line, column, depth) in &self.nodes[n].calls {
                let (line, column, depth) = (*line, *column, *depth);
                for &m in self.by_name.get(called.as_ref()).map(Vec::as_slice).unwrap_or_default() {
                    let start = level + depth + 1;
                    let (p, l) = match self.seen[m] {
                        Seen::OnPath => {
                            return Err((
                                n,
                                line,
                                column,
                                format!(
                                    "partial `{called}` can include itself: {} (partials may not recurse)",
                                    self.chain(m)
                                ),
                            ))
                        }
                        Seen::Done(p, l) => (p, l),
                        Seen::No if self.path.len() > MAX_PARTIAL_DEPTH || start > MAX_NESTING => (0, 0),
                        Seen::No => self.visit(m, start)?,
                    };
                    // `m` is called at partial depth `path.len()` (the root is at 0).
                    if self.path.len() + p > MAX_PARTIAL_DEPTH {
                        let more = if p > 0 { format!(" and {p} more") } else { String::new() };
                        return Err((
                            n,
                            line,
                            column,
                            format!("partials nest more than {MAX_PARTIAL_DEPTH} deep: {}{more}", self.chain(m)),
                        ));
                    }
                    if start + l > MAX_NESTING {
                        return Err((
                            n,
                            line,
                            column,
                            format!("blocks and partials nest more than {MAX_NESTING} levels deep: {}", self.chain(m)),
                        ));
                    }
                    partials = partials.max(p + 1);
                    levels = levels.max(depth + 1 + l);
                }
            }
            self.path.pop();
            self.seen[n] = Seen::Done(partials, levels);
            Ok((partials, levels))
        }
    }
    let mut walk = Walk { nodes: &nodes, by_name: &by_name, seen: vec![Seen::No; nodes.len()], path: Vec::new() };
    for n in 0..nodes.len() {
        if matches!(walk.seen[n], Seen::No) {
            walk.path.clear();
            walk.visit(n, 0)
                .map_err(|(node, line, column, message)| refuse(nodes[node].origin, line, column, message))?;
        }
    }
    Ok(())
}
