//! The standalone HTML page (`--format html`): one file, no network resource, built for large
//! references. A header with the page's title and what it holds (its namespaces folded in a
//! `<details>` when there are many); a sidebar (`<nav>`) that lists the groups, each with its
//! options in a `<details>`; each option has a heading with a permalink and deprecation badges
//! (its name may break after each `_`), one line of properties (type, default, bounds,
//! choices, flags as badges), its old names, a deprecation notice and its help. An option's
//! namespace is shown only where it says something: on a page of several namespaces, once
//! under a group's heading when the group's options all come from one, and on each option of
//! a group that mixes them. The CSS (`html-style.hbs`) and a small script (`html-script.hbs`,
//! a search box that filters options by hiding them and marks what matched) are inline;
//! without the script the page is whole. A Content-Security-Policy lets only these two apply
//! and run (by their SHA-256 hashes) and requires trusted types, so nothing else on the page
//! could load, run or write markup.
//!
//! The page is rendered by `html.hbs` and `html-option.hbs`, or, with the embedded ones, by
//! the native writer (`write_native`), which writes the same bytes from the same context.
//! Help texts are written in mdtext's HTML dialect: the HTML pulldown-cmark makes of the
//! Markdown page's help (tested against `markdown_to_html`). Spec text only ever reaches the
//! page as escaped text, never inside an attribute: ids and links are the page's anchors,
//! which are made of `[a-z0-9_.-]` only.

use super::markdown::{self, PagePlan};
use super::mdtext::{self, cell_code_in, cell_in, code_in, text_in, Html};
use super::{sha256, Engine, PageOptions};
use crate::diag::Result;
use crate::oslo::format::{choice_text, format_defaults, max_text, min_text};
use crate::spec::model::{Catalog, Choice, Opt};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
use serde::Serialize;
use std::fmt::Write;

/// The templates of the page, the page first.
pub const TEMPLATE_FILES: &[&str] = &["html.hbs", "html-option.hbs"];
const STYLE_FILE: &str = "html-style.hbs";
const SCRIPT_FILE: &str = "html-script.hbs";

/// The namespace list of the header is folded from this many namespaces up.
const FOLDED_NAMESPACES: usize = 4;

/// The page of a catalog, with the engine's templates (the embedded ones are written natively).
pub fn render(engine: &Engine, catalog: &Catalog) -> Result<String> {
    render_page(engine, catalog, &PageOptions::default())
}

/// The page with `options` (its title).
pub fn render_page(engine: &Engine, catalog: &Catalog, options: &PageOptions) -> Result<String> {
    let (style, script) = (engine.render_layout(&Style)?, engine.render_layout(&Script)?);
    engine.render_layout(&Page::new(catalog, options, style, script))
}

/// The page through the handlebars templates, whatever they are.
pub fn render_with_templates(engine: &Engine, catalog: &Catalog, options: &PageOptions) -> Result<String> {
    let (style, script) = (engine.render_templates(&Style)?, engine.render_templates(&Script)?);
    engine.render_templates(&Page::new(catalog, options, style, script))
}

/// The embedded template `file` without its leading comment: what it renders to when it
/// uses nothing of its context.
fn embedded_text(file: &str) -> &'static str {
    let template = super::engine::TEMPLATES.iter().find(|(f, _)| *f == file).expect("embedded template").1;
    match template.strip_prefix("{{!--") {
        Some(rest) => rest.split_once("--}}\n").map_or(template, |(_, text)| text),
        None => template,
    }
}

/// The page's CSS (`html-style.hbs`, rendered without a context of its own).
struct Style;
/// The page's script (`html-script.hbs`).
struct Script;

impl Serialize for Style {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        serde::ser::SerializeMap::end(s.serialize_map(Some(0))?)
    }
}

impl Serialize for Script {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        Style.serialize(s)
    }
}

impl super::engine::Layout for Style {
    const TEMPLATES: &'static [&'static str] = &[STYLE_FILE];
    fn write_native(&self) -> String {
        embedded_text(STYLE_FILE).to_owned()
    }
}

impl super::engine::Layout for Script {
    const TEMPLATES: &'static [&'static str] = &[SCRIPT_FILE];
    fn write_native(&self) -> String {
        embedded_text(SCRIPT_FILE).to_owned()
    }
}

/// What html.hbs renders. Its context is `PageContext`; the native writer writes the same a
/// group at a time, so the converted help texts of the whole page never pile up.
struct Page<'a> {
    title: String,
    heading: String,
    namespace_count: usize,
    plan: PagePlan<'a>,
    style: String,
    script: String,
    csp: String,
}

/// Text as an HTML parser hands it to CSS or JavaScript: line breaks as LF, NUL replaced.
fn as_parsed(text: String) -> String {
    if text.contains(['\r', '\0']) {
        text.replace("\r\n", "\n").replace('\r', "\n").replace('\0', "\u{FFFD}")
    } else {
        text
    }
}

impl<'a> Page<'a> {
    fn new(catalog: &'a Catalog, options: &PageOptions, style: String, script: String) -> Self {
        let plan = PagePlan::new(catalog);
        let namespaces: Vec<&str> = catalog.specs.iter().map(|s| s.namespace.as_str()).collect();
        let namespace_count = namespaces.iter().enumerate().filter(|(i, n)| !namespaces[..*i].contains(n)).count();
        let (style, script) = (as_parsed(style), as_parsed(script));
        // Nothing runs, loads or applies but the page's own style and script: no other
        // resource, and no DOM sink (innerHTML and the like) a script could write markup to.
        let csp = format!(
            "default-src 'none'; style-src {}; script-src {}; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'",
            sha256::csp_source(&style),
            sha256::csp_source(&script)
        );
        let title = match &options.title {
            Some(title) => title.clone(),
            None => format!("{}: {}", super::DEFAULT_TITLE, namespaces.join(", ")),
        };
        Page { title, heading: options.heading().to_owned(), namespace_count, plan, style, script, csp }
    }

    /// Whether the header folds its list of namespaces.
    fn folds_namespaces(&self) -> bool {
        self.namespace_count >= FOLDED_NAMESPACES
    }

    /// "12 groups".
    fn groups_label(&self) -> String {
        plural(self.plan.group_count(), "group")
    }

    fn option_count(&self) -> usize {
        (0..self.plan.group_count()).map(|i| self.plan.options_of(i).count()).sum()
    }

    /// "16 options in 1 group".
    fn counts(&self) -> String {
        let (options, groups) = (self.option_count(), self.plan.group_count());
        format!("{} in {}", plural(options, "option"), plural(groups, "group"))
    }
}

/// "1 group", "2 groups".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The context of html.hbs. Every `*_html` value is HTML already (the spec's text escaped),
/// inserted with `{{{...}}}`; the other strings are text, escaped by the template.
#[derive(Serialize)]
struct PageContext<'p> {
    /// The `<title>`: `--title`, or "Configuration reference: " and the namespaces.
    title: &'p str,
    /// The `<h1>`: `--title`, or "Configuration reference".
    heading: &'p str,
    csp: &'p str,
    style: &'p str,
    script: &'p str,
    namespaces_html: String,
    namespace_count: usize,
    /// Whether the header folds the namespaces into a `<details>` (from 4 up).
    fold_namespaces: bool,
    counts: String,
    /// "12 groups": the sidebar's summary, which folds it on narrow screens.
    groups_label: String,
    groups: Vec<HtmlGroup>,
}

#[derive(Serialize)]
pub struct HtmlGroup {
    pub name: String,
    pub anchor: String,
    pub title_html: String,
    /// The namespace of all the group's options as code, when the page has several and the
    /// group's options come from one (shown once, under its heading).
    pub namespace_html: Option<String>,
    pub help_html: Option<String>,
    pub option_count: usize,
    pub options: Vec<HtmlOption>,
}

#[derive(Serialize)]
pub struct HtmlOption {
    pub name: String,
    pub dest: String,
    pub anchor: String,
    pub heading_html: String,
    /// The heading with a line break opportunity (`<wbr>`) after each `_`, so that a long name
    /// breaks between its words, not inside one.
    pub name_html: String,
    pub type_html: String,
    /// One per value of a multi-valued option; "(empty)" for an empty value.
    pub defaults_html: Vec<String>,
    pub min_html: Option<String>,
    pub max_html: Option<String>,
    /// The choices as code, when none has a description.
    pub choices_html: Vec<String>,
    /// The choices with their descriptions, when some has one.
    pub choice_notes: Vec<ChoiceNote>,
    pub mutable: bool,
    pub advanced: bool,
    pub required: bool,
    pub secret: bool,
    /// The option's namespace as code, when the page has several and its group mixes them.
    pub namespace_html: Option<String>,
    pub deprecated_names_html: Vec<String>,
    pub deprecation: Option<Deprecation>,
    pub help_html: Option<String>,
}

#[derive(Serialize)]
pub struct ChoiceNote {
    pub value_html: String,
    pub description_html: Option<String>,
}

/// An option deprecated for removal, or deprecated (a release or a reason given without
/// removal).
#[derive(Serialize)]
pub struct Deprecation {
    pub for_removal: bool,
    pub since_html: Option<String>,
    pub reason_html: Option<String>,
}

impl Serialize for Page<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        PageContext {
            title: &self.title,
            heading: &self.heading,
            csp: &self.csp,
            style: &self.style,
            script: &self.script,
            namespaces_html: self.plan.namespaces::<Html>(),
            namespace_count: self.namespace_count,
            fold_namespaces: self.folds_namespaces(),
            counts: self.counts(),
            groups_label: self.groups_label(),
            groups: groups_of(&self.plan),
        }
        .serialize(s)
    }
}

impl super::engine::Layout for Page<'_> {
    const TEMPLATES: &'static [&'static str] = TEMPLATE_FILES;

    fn write_native(&self) -> String {
        write_page(self)
    }
}

/// Every group of the page, whole (the templates' context).
pub fn groups(catalog: &Catalog) -> Vec<HtmlGroup> {
    groups_of(&PagePlan::new(catalog))
}

fn groups_of(plan: &PagePlan) -> Vec<HtmlGroup> {
    let detail = Detail::whole(plan);
    (0..plan.group_count()).map(|i| group(plan, i, detail)).collect()
}

/// How much of a group to build: what the sidebar shows (headings, anchors, deprecations), or
/// everything.
#[derive(Clone, Copy)]
enum Detail {
    Sidebar,
    Whole { namespaces: bool },
}

impl Detail {
    fn whole(plan: &PagePlan) -> Self {
        Detail::Whole { namespaces: several_namespaces(plan) }
    }
}

fn several_namespaces(plan: &PagePlan) -> bool {
    let mut names = (0..plan.group_count()).flat_map(|i| plan.options_of(i).map(|(_, ns, _)| ns));
    names.next().is_some_and(|first| names.any(|ns| ns != first))
}

/// The namespace of all of group `i`'s options; `None` when they come from several.
fn one_namespace<'p>(plan: &'p PagePlan, i: usize) -> Option<&'p str> {
    let mut names = plan.options_of(i).map(|(_, ns, _)| ns);
    let first = names.next()?;
    names.all(|ns| ns == first).then_some(first)
}

/// Group `i` of the page, in `detail`. On a page of several namespaces, a group whose options
/// come from one names it once; a group that mixes them names each option's.
fn group(plan: &PagePlan, i: usize, detail: Detail) -> HtmlGroup {
    let g = plan.generator_group(i);
    let whole = matches!(detail, Detail::Whole { .. });
    let namespaces = matches!(detail, Detail::Whole { namespaces: true });
    let group_namespace = one_namespace(plan, i).filter(|_| namespaces);
    let per_option = namespaces && group_namespace.is_none();
    let options: Vec<HtmlOption> = plan
        .options_of(i)
        .map(|(o, ns, anchor)| option(plan, o, &g.name, per_option.then_some(ns), anchor, whole))
        .collect();
    HtmlGroup {
        name: g.name.clone(),
        anchor: plan.anchors().group_anchor(&g.name).to_owned(),
        title_html: text_in::<Html>(&format!("[{}]", g.name)),
        namespace_html: group_namespace.map(code_in::<Html>),
        help_html: plan
            .group_help(i)
            .filter(|_| whole)
            .map(|h| mdtext::help_in::<Html>(h, &g.name, plan.anchors()))
            .filter(|h| !h.is_empty()),
        option_count: options.len(),
        options,
    }
}

fn deprecation(plan: &PagePlan, opt: &Opt, group: &str) -> Option<Deprecation> {
    let declared = opt.deprecated_since.as_deref().is_some_and(|s| !s.is_empty()) || opt.reason_one_line().is_some();
    (opt.deprecated_for_removal || declared).then(|| Deprecation {
        for_removal: opt.deprecated_for_removal,
        since_html: markdown::deprecated_since::<Html>(opt),
        reason_html: opt.reason_one_line().map(|r| mdtext::inline_in::<Html>(&r, group, plan.anchors())),
    })
}

fn option(plan: &PagePlan, opt: &Opt, group: &str, namespace: Option<&str>, anchor: &str, whole: bool) -> HtmlOption {
    let heading_html = text_in::<Html>(&opt.dest);
    let mut o = HtmlOption {
        name: opt.name.to_string(),
        dest: opt.dest.to_string(),
        anchor: anchor.to_owned(),
        name_html: heading_html.replace('_', "_<wbr>"),
        heading_html,
        type_html: String::new(),
        defaults_html: Vec::new(),
        min_html: None,
        max_html: None,
        choices_html: Vec::new(),
        choice_notes: Vec::new(),
        mutable: opt.mutable,
        advanced: opt.advanced,
        required: opt.required,
        secret: opt.secret,
        namespace_html: namespace.map(code_in::<Html>),
        deprecated_names_html: Vec::new(),
        deprecation: deprecation(plan, opt, group),
        help_html: None,
    };
    if !whole {
        return o;
    }
    o.type_html = text_in::<Html>(&super::rst::doc_type(opt));
    o.defaults_html =
        match format_defaults(&opt.ty, &opt.default, opt.sample_default.as_ref()) {
            Ok(values) => values
                .iter()
                .map(|v| {
                    if v.is_empty() {
                        "<span class=\"empty\">(empty)</span>".to_owned()
                    } else {
                        cell_code_in::<Html>(v)
                    }
                })
                .collect(),
            Err(_) => vec![cell_code_in::<Html>(&opt.default.py_str())],
        };
    o.min_html = min_text(&opt.ty).map(|m| cell_in::<Html>(&m));
    o.max_html = max_text(&opt.ty).map(|m| cell_in::<Html>(&m));
    if let Some(choices) = opt.ty.kind.choices().filter(|c| !c.is_empty()) {
        let value = |c: &Choice| cell_code_in::<Html>(&choice_text(&c.value));
        fn description(c: &Choice) -> Option<&str> {
            c.description.as_deref().filter(|d| !d.is_empty())
        }
        if choices.iter().any(|c| description(c).is_some()) {
            o.choice_notes = choices
                .iter()
                .map(|c| ChoiceNote {
                    value_html: value(c),
                    description_html: description(c).map(|d| mdtext::inline_cell_in::<Html>(d, group, plan.anchors())),
                })
                .collect();
        } else {
            o.choices_html = choices.iter().map(value).collect();
        }
    }
    o.deprecated_names_html = markdown::deprecated_names::<Html>(opt, group);
    o.help_html = opt
        .help
        .as_deref()
        .filter(|h| !h.trim().is_empty())
        .map(|h| mdtext::help_in::<Html>(h, group, plan.anchors()))
        .filter(|h| !h.is_empty());
    o
}

/// What html.hbs writes, without the template engine. Writing to a String cannot fail.
fn write_page(page: &Page) -> String {
    let plan = &page.plan;
    let catalog_size: usize = (0..plan.group_count())
        .flat_map(|i| plan.options_of(i))
        .map(|(o, _, _)| 900 + o.help.as_ref().map_or(0, |h| h.len()) * 5 / 4)
        .sum();
    let mut out = String::with_capacity(catalog_size + page.style.len() + page.script.len() + 4096);
    let esc = handlebars::html_escape;
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"generator\" content=\"confspec\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"",
    );
    out.push_str(&page.csp);
    out.push_str("\">\n<title>");
    out.push_str(&esc(&page.title));
    out.push_str("</title>\n<style>");
    out.push_str(&page.style);
    out.push_str("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#Options\">Skip to the options</a>\n<header class=\"top\">\n");
    let _ = writeln!(out, "<h1>{}</h1>", esc(&page.heading));
    if page.folds_namespaces() {
        let _ = writeln!(
            out,
            "<details class=\"ns\"><summary>{}, from {} namespaces</summary>\n<p>{}</p>\n</details>",
            esc(&page.counts()),
            page.namespace_count,
            plan.namespaces::<Html>()
        );
    } else {
        let _ = writeln!(out, "<p>{}, from {}.</p>", esc(&page.counts()), plan.namespaces::<Html>());
    }
    out.push_str("</header>\n<nav class=\"side\" aria-label=\"Groups and options\">\n<div class=\"search\" hidden>\n<input type=\"search\" id=\"Search\" placeholder=\"Filter options\" aria-label=\"Filter options by name or help\" autocomplete=\"off\" spellcheck=\"false\">\n<p id=\"Found\" aria-live=\"polite\"></p>\n<button type=\"button\" id=\"More\" hidden></button>\n</div>\n");
    let _ = writeln!(
        out,
        "<details class=\"toc\" open><summary>{}</summary>\n<ul class=\"groups\">",
        esc(&page.groups_label())
    );
    for i in 0..plan.group_count() {
        let g = group(plan, i, Detail::Sidebar);
        let _ = writeln!(
            out,
            "<li><details><summary><a href=\"#{}\">{}</a> <span class=\"n\">{}</span></summary>\n<ul>",
            g.anchor, g.title_html, g.option_count
        );
        for o in &g.options {
            let _ = write!(out, "<li><a href=\"#{}\">{}</a>", o.anchor, o.name_html);
            match &o.deprecation {
                Some(d) if d.for_removal => {
                    out.push_str(" <span class=\"badge removal\" title=\"deprecated for removal\">removal</span>")
                }
                Some(_) => out.push_str(" <span class=\"badge deprecated\">deprecated</span>"),
                None => {}
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n</details></li>\n");
    }
    out.push_str("</ul>\n</details>\n</nav>\n<main id=\"Options\">\n");
    let detail = Detail::whole(plan);
    for i in 0..plan.group_count() {
        let g = group(plan, i, detail);
        let _ = write!(
            out,
            "<section class=\"group\" id=\"{0}\">\n<h2>{1} <a class=\"pl\" href=\"#{0}\" title=\"Link to this group\">#</a></h2>\n",
            g.anchor, g.title_html
        );
        if let Some(ns) = &g.namespace_html {
            let _ = writeln!(
                out,
                "<p class=\"props\"><span class=\"prop\"><span class=\"k\">namespace</span> {ns}</span></p>"
            );
        }
        if let Some(help) = &g.help_html {
            let _ = write!(out, "<div class=\"help\">\n{help}</div>\n");
        }
        for o in &g.options {
            write_option(&mut out, o);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n<script>");
    out.push_str(&page.script);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// What html-option.hbs writes.
fn write_option(out: &mut String, o: &HtmlOption) {
    let _ = write!(out, "<div class=\"opt\" id=\"{}\">\n<h3><span class=\"name\">{}</span>", o.anchor, o.name_html);
    match &o.deprecation {
        Some(d) if d.for_removal => out.push_str(" <span class=\"badge removal\">deprecated for removal</span>"),
        Some(_) => out.push_str(" <span class=\"badge deprecated\">deprecated</span>"),
        None => {}
    }
    let _ = writeln!(out, " <a class=\"pl\" href=\"#{}\" title=\"Link to this option\">#</a></h3>", o.anchor);
    let _ =
        writeln!(out, "<p class=\"props\"><span class=\"prop\"><span class=\"k\">type</span> {}</span>", o.type_html);
    out.push_str("<span class=\"prop\"><span class=\"k\">default</span> ");
    out.push_str(&o.defaults_html.join(" "));
    out.push_str("</span>\n");
    for (label, value) in [("min", &o.min_html), ("max", &o.max_html)] {
        if let Some(value) = value {
            let _ = writeln!(out, "<span class=\"prop\"><span class=\"k\">{label}</span> {value}</span>");
        }
    }
    if !o.choices_html.is_empty() {
        let _ =
            writeln!(out, "<span class=\"prop\"><span class=\"k\">choices</span> {}</span>", o.choices_html.join(", "));
    }
    for (on, badge) in [
        (o.required, "<span class=\"badge required\">required</span>\n"),
        (o.secret, "<span class=\"badge secret\">secret</span>\n"),
        (o.mutable, "<span class=\"badge\">mutable</span>\n"),
        (o.advanced, "<span class=\"badge\">advanced</span>\n"),
    ] {
        if on {
            out.push_str(badge);
        }
    }
    if let Some(ns) = &o.namespace_html {
        let _ = writeln!(out, "<span class=\"prop\"><span class=\"k\">namespace</span> {ns}</span>");
    }
    out.push_str("</p>\n");
    if !o.choice_notes.is_empty() {
        out.push_str("<div class=\"choices\"><span class=\"k\">choices</span>\n<ul>\n");
        for c in &o.choice_notes {
            out.push_str("<li>");
            out.push_str(&c.value_html);
            if let Some(d) = &c.description_html {
                out.push_str(" — ");
                out.push_str(d);
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n</div>\n");
    }
    if !o.deprecated_names_html.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"old\"><span class=\"k\">deprecated names</span> {}</p>",
            o.deprecated_names_html.join(", ")
        );
    }
    if let Some(d) = &o.deprecation {
        out.push_str("<div class=\"warn\">\n<p><strong>");
        out.push_str(if d.for_removal { "Deprecated for removal" } else { "Deprecated" });
        if let Some(since) = &d.since_html {
            let _ = write!(out, " since {since}");
        }
        out.push_str("</strong>");
        if d.for_removal {
            out.push_str(": its value may be silently ignored in the future");
        }
        out.push_str(".</p>\n");
        if let Some(reason) = &d.reason_html {
            let _ = writeln!(out, "<p>Reason: {reason}</p>");
        }
        out.push_str("</div>\n");
    }
    if let Some(help) = &o.help_html {
        let _ = write!(out, "<div class=\"help\">\n{help}</div>\n");
    }
    out.push_str("</div>\n");
}

/// Raw HTML the Markdown page itself writes: `<a id="..."></a>` anchors (which reach here as
/// an opening and a closing tag) and `<br>`.
fn is_own_html(html: &str) -> bool {
    let html = html.trim_end();
    if html == "<br>" || html == "</a>" {
        return true;
    }
    html.strip_prefix("<a id=\"")
        .and_then(|rest| rest.strip_suffix("\">"))
        .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)))
}

fn is_safe_link(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    lower.starts_with('#') || lower.starts_with("https://") || lower.starts_with("http://")
}

/// What pulldown-cmark makes of Markdown, letting through no raw HTML but the Markdown page's
/// own anchors and line breaks and no link but intra-page anchors and http(s) URLs: the
/// reference the page's help texts are tested against (mdtext's HTML dialect writes these
/// bytes without parsing Markdown).
pub fn markdown_to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_GFM).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) if !is_own_html(&html) => Event::Text(html),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if !is_safe_link(&dest_url) => {
            Event::Start(Tag::Link { link_type, dest_url: CowStr::from("#"), title, id })
        }
        Event::Start(Tag::Image { .. }) => Event::Text(CowStr::from("")),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_own_html_and_safe_links_pass() {
        let html = markdown_to_html(
            "<a id=\"x\"></a>\n\n<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](#x) x<br>y <b>bold</b>\n",
        );
        assert!(html.contains("<a id=\"x\"></a>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("<a href=\"#\">a</a>") && html.contains("<a href=\"#x\">b</a>"), "{html}");
        assert!(html.contains("x<br>y &lt;b&gt;bold&lt;/b&gt;"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn the_policy_allows_the_style_and_script_as_the_browser_reads_them() {
        let catalog = Catalog { specs: Vec::new() };
        let page = Page::new(&catalog, &PageOptions::default(), "a {}\r\nb {}\r".into(), "x();\0".into());
        assert_eq!((page.style.as_str(), page.script.as_str()), ("a {}\nb {}\n", "x();\u{FFFD}"));
        assert!(page.csp.contains(&format!("style-src {};", sha256::csp_source("a {}\nb {}\n"))), "{}", page.csp);
        assert!(page.csp.contains(&format!("script-src {};", sha256::csp_source("x();\u{FFFD}"))), "{}", page.csp);
        assert!(!page.csp.contains(['"', '<', '>', '&']), "the policy goes into its attribute as it is");
    }

    #[test]
    fn embedded_assets_are_their_templates_without_the_comment() {
        for file in [STYLE_FILE, SCRIPT_FILE] {
            let text = embedded_text(file);
            assert!(!text.contains("{{"), "{file} uses no handlebars syntax, so it renders as it is");
            assert!(!text.starts_with('\n') && text.ends_with('\n'), "{file}");
        }
    }
}
