//! The Markdown reference page (`--format markdown`): a table of contents, a section per group
//! and per option with a stable anchor (`<group>-<dest>`), a property table, the help turned
//! from oslo's reStructuredText habits into Markdown, old names and removal warnings.
//!
//! Every text in the context is Markdown already (escaped by `mdtext`), so templates insert
//! it as it is. The HTML page (`render::html`) has a layout of its own and takes the page's
//! plan, anchors, help texts and old names from here, written in mdtext's HTML dialect.

use super::mdtext::{self, cell_code_in, cell_in, code_in, text_in, Dialect, Links, Markdown};
use super::{Engine, PageOptions};
use crate::diag::Result;
use crate::oslo::format::{choice_text, format_defaults, max_text, min_text};
use crate::oslo::groups::{generator_groups, GeneratorGroup};
use crate::spec::model::normalize_group;
use crate::spec::model::{Catalog, Opt};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

pub const TEMPLATE_FILES: &[&str] = &["markdown.hbs", "markdown-option.hbs"];

pub fn render(engine: &Engine, catalog: &Catalog) -> Result<String> {
    render_page(engine, catalog, &PageOptions::default())
}

/// The page with `options` (its title).
pub fn render_page(engine: &Engine, catalog: &Catalog, options: &PageOptions) -> Result<String> {
    engine.render_layout(&Reference { catalog, options })
}

/// Through the handlebars templates, whatever they are.
pub fn render_with_templates(engine: &Engine, catalog: &Catalog, options: &PageOptions) -> Result<String> {
    engine.render_templates(&Reference { catalog, options })
}

/// The Markdown page of a catalog: its context is the typed `Page` (`context`); the native
/// writer writes the same structs a group at a time (`PagePlan`).
struct Reference<'a> {
    catalog: &'a Catalog,
    options: &'a PageOptions,
}

impl Serialize for Reference<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut page = context::<Markdown>(self.catalog);
        page.title = text_in::<Markdown>(self.options.heading());
        page.serialize(s)
    }
}

impl super::engine::Layout for Reference<'_> {
    const TEMPLATES: &'static [&'static str] = TEMPLATE_FILES;

    fn write_native(&self) -> String {
        write_native(self.catalog, self.options)
    }
}

/// What the embedded markdown.hbs and markdown-option.hbs write, from the same context,
/// without the template engine.
pub fn write_native(catalog: &Catalog, options: &PageOptions) -> String {
    use std::fmt::Write;
    let plan = PagePlan::new(catalog);
    let mut out = String::with_capacity(page_size_estimate(catalog));
    let _ = write!(out, "# {}\n\nOptions of ", text_in::<Markdown>(options.heading()));
    out.push_str(&plan.namespaces::<Markdown>());
    out.push_str(".\n\n## Contents\n\n");
    // Writing to a String cannot fail.
    for entry in plan.contents::<Markdown>() {
        let _ = writeln!(out, "- [{}](#{})", entry.title, entry.anchor);
        for (heading, anchor) in &entry.options {
            let _ = writeln!(out, "  - [{heading}](#{anchor})");
        }
    }
    for i in 0..plan.group_count() {
        let g = plan.group::<Markdown>(i);
        let _ = write!(out, "\n<a id=\"{}\"></a>\n\n## {}\n", g.anchor, g.title);
        if let Some(help) = g.help.as_deref().filter(|h| !h.is_empty()) {
            let _ = write!(out, "\n{help}\n");
        }
        for o in &g.options {
            let _ = write!(
                out,
                "\n<a id=\"{}\"></a>\n\n### {}\n\n| Property | Value |\n| --- | --- |\n",
                o.anchor, o.heading
            );
            for p in &o.properties {
                let _ = writeln!(out, "| {} | {} |", p.label, p.value);
            }
            if let Some(help) = o.help.as_deref().filter(|h| !h.is_empty()) {
                let _ = write!(out, "\n{help}\n");
            }
            if !o.deprecated_names.is_empty() {
                let _ = writeln!(out, "\n**Deprecated names:** {}", o.deprecated_names.join(", "));
            }
            if let Some(removal) = &o.removal {
                out.push_str("\n> **Warning:** deprecated for removal");
                if let Some(since) = removal.since.as_deref().filter(|s| !s.is_empty()) {
                    let _ = write!(out, " since {since}");
                }
                out.push_str("; its value may be silently ignored in the future.\n");
                if let Some(reason) = removal.reason.as_deref().filter(|r| !r.is_empty()) {
                    let _ = writeln!(out, ">\n> **Reason:** {reason}");
                }
            }
        }
    }
    out
}

/// About what the Markdown page of the catalog takes: its help texts and
/// about 700 bytes of headings, table and contents per option. Sizing the page up front
/// saves copying it as it grows.
pub fn page_size_estimate(catalog: &Catalog) -> usize {
    let options = catalog.specs.iter().flat_map(|s| &s.groups).flat_map(|g| &g.options);
    options.map(|o| 700 + o.help.as_ref().map_or(0, |h| h.len())).sum::<usize>() + 4096
}

/// The reference page: every text is markup of one dialect already, or an anchor. As the
/// context of markdown.hbs (Markdown dialect) the markup fields are named `..._md`.
#[derive(Serialize)]
pub struct Page {
    /// The page's title (`PageOptions`).
    #[serde(rename = "title_md")]
    pub title: String,
    #[serde(rename = "namespaces_md")]
    pub namespaces: String,
    pub groups: Vec<PageGroup>,
}

#[derive(Serialize)]
pub struct PageGroup {
    pub name: String,
    #[serde(rename = "title_md")]
    pub title: String,
    pub anchor: String,
    #[serde(rename = "help_md")]
    pub help: Option<String>,
    pub options: Vec<PageOption>,
}

#[derive(Serialize)]
pub struct PageOption {
    pub name: String,
    pub dest: String,
    pub anchor: String,
    #[serde(rename = "heading_md")]
    pub heading: String,
    pub properties: Vec<Property>,
    #[serde(rename = "help_md")]
    pub help: Option<String>,
    #[serde(rename = "deprecated_names_md")]
    pub deprecated_names: Vec<String>,
    pub removal: Option<Removal>,
}

/// A row of an option's property table.
#[derive(Serialize)]
pub struct Property {
    pub label: &'static str,
    #[serde(rename = "value_md")]
    pub value: String,
}

#[derive(Serialize)]
pub struct Removal {
    #[serde(rename = "since_md")]
    pub since: Option<String>,
    #[serde(rename = "reason_md")]
    pub reason: Option<String>,
}

/// Anchors of every group and option on the page, unique, in page order.
pub struct Anchors {
    groups: HashMap<String, String>,
    /// The first option of each (group, dest): the target of links.
    options: HashMap<(String, String), String>,
    /// One anchor per option shown, in page order (two namespaces may both define an option).
    shown: Vec<String>,
}

/// An HTML id made of the text: ASCII letters (lower-cased), digits, `_`, `-` and `.`.
fn slug(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "_-.".contains(c) { c.to_ascii_lowercase() } else { '-' })
        .collect();
    if s.is_empty() {
        "-".to_owned()
    } else {
        s
    }
}

impl Anchors {
    fn new(groups: &[GeneratorGroup]) -> Self {
        let mut used = HashSet::new();
        let mut unique = |base: String| {
            let mut candidate = base.clone();
            let mut n = 2;
            while !used.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            candidate
        };
        let mut anchors = Anchors { groups: HashMap::new(), options: HashMap::new(), shown: Vec::new() };
        for g in groups {
            anchors.groups.insert(g.name.clone(), unique(slug(&g.name)));
            for (_, opts) in &g.namespaces {
                for o in opts {
                    let anchor = unique(format!("{}-{}", slug(&g.name), slug(&o.dest)));
                    anchors.options.entry((g.name.clone(), o.dest.to_string())).or_insert_with(|| anchor.clone());
                    anchors.shown.push(anchor);
                }
            }
        }
        anchors
    }

    /// The anchor of a group on the page.
    pub(crate) fn group_anchor(&self, group: &str) -> &str {
        &self.groups[group]
    }

    pub fn option_anchor(&self, group: &str, dest: &str) -> Option<&str> {
        self.options.get(&(group.to_owned(), dest.to_owned())).map(String::as_str)
    }
}

impl Links for Anchors {
    fn option(&self, current_group: &str, target: &str) -> Option<String> {
        let (group, name) = match target.split_once('.') {
            Some((g, n)) => (normalize_group(g), n),
            None => (current_group.to_owned(), target),
        };
        self.option_anchor(&group, &name.replace('-', "_")).map(str::to_owned)
    }
    fn group(&self, target: &str) -> Option<String> {
        self.groups.get(&normalize_group(target)).cloned()
    }
}

/// Groups as the reference shows them: `DEFAULT` first, then by name, empty ones left out.
pub fn page_groups(catalog: &Catalog) -> Vec<GeneratorGroup<'_>> {
    let mut groups: Vec<GeneratorGroup> =
        generator_groups(catalog).into_iter().filter(|g| g.namespaces.iter().any(|(_, o)| !o.is_empty())).collect();
    groups.sort_by(|a, b| (a.name != "DEFAULT", &a.name).cmp(&(b.name != "DEFAULT", &b.name)));
    groups
}

/// The context of markdown.hbs.
pub fn markdown_context(catalog: &Catalog) -> Page {
    context::<Markdown>(catalog)
}

/// The page in dialect `D`, whole (the templates' context).
pub fn context<D: Dialect>(catalog: &Catalog) -> Page {
    let plan = PagePlan::new(catalog);
    Page {
        title: text_in::<D>(super::DEFAULT_TITLE),
        namespaces: plan.namespaces::<D>(),
        groups: (0..plan.group_count()).map(|i| plan.group::<D>(i)).collect(),
    }
}

/// What the page shows, before any help is converted: native writers build one group's
/// context at a time from it, so the converted texts of the whole page never pile up.
pub struct PagePlan<'a> {
    catalog: &'a Catalog,
    groups: Vec<GeneratorGroup<'a>>,
    anchors: Anchors,
    /// Where each group's options start in `anchors.shown`.
    first_shown: Vec<usize>,
}

/// A line of the contents: a group's title and anchor, and its options' headings and anchors.
pub struct ContentsEntry<'p> {
    pub title: String,
    pub anchor: &'p str,
    pub options: Vec<(String, &'p str)>,
}

impl<'a> PagePlan<'a> {
    pub fn new(catalog: &'a Catalog) -> Self {
        let groups = page_groups(catalog);
        let anchors = Anchors::new(&groups);
        let mut first_shown = Vec::with_capacity(groups.len());
        let mut shown = 0;
        for g in &groups {
            first_shown.push(shown);
            shown += g.namespaces.iter().map(|(_, opts)| opts.len()).sum::<usize>();
        }
        PagePlan { catalog, groups, anchors, first_shown }
    }

    /// The namespaces on the page, in order, as code.
    pub fn namespaces<D: Dialect>(&self) -> String {
        let mut seen: Vec<&str> = Vec::new();
        for s in &self.catalog.specs {
            if !seen.contains(&s.namespace.as_str()) {
                seen.push(&s.namespace);
            }
        }
        seen.iter().map(|n| code_in::<D>(n)).collect::<Vec<_>>().join(", ")
    }

    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// The contents of the page, group by group.
    pub fn contents<D: Dialect>(&self) -> impl Iterator<Item = ContentsEntry<'_>> {
        self.groups.iter().enumerate().map(|(i, g)| ContentsEntry {
            title: group_title::<D>(&g.name),
            anchor: &self.anchors.groups[&g.name],
            options: self.options_of(i).map(|(o, _, anchor)| (text_in::<D>(&o.dest), anchor)).collect(),
        })
    }

    /// The page's anchors, which help texts link to.
    pub(crate) fn anchors(&self) -> &Anchors {
        &self.anchors
    }

    /// Group `i` as the generator groups it.
    pub(crate) fn generator_group(&self, i: usize) -> &GeneratorGroup<'a> {
        &self.groups[i]
    }

    /// Group `i`'s declared help, when it says something.
    pub(crate) fn group_help(&self, i: usize) -> Option<&'a str> {
        self.groups[i].declaration.and_then(|d| d.help.as_deref()).filter(|h| !h.trim().is_empty())
    }

    /// Group `i`'s options, with their namespaces and anchors, in page order.
    pub(crate) fn options_of(&self, i: usize) -> impl Iterator<Item = (&'a Opt, &'a str, &str)> {
        let shown = &self.anchors.shown[self.first_shown[i]..];
        self.groups[i]
            .namespaces
            .iter()
            .flat_map(|(ns, opts)| opts.iter().map(move |o| (*o, *ns)))
            .zip(shown)
            .map(|((o, ns), anchor)| (o, ns, anchor.as_str()))
    }

    /// Group `i`'s whole context in dialect `D`.
    pub fn group<D: Dialect>(&self, i: usize) -> PageGroup {
        let g = &self.groups[i];
        let help = self.group_help(i);
        PageGroup {
            name: g.name.clone(),
            title: group_title::<D>(&g.name),
            anchor: self.anchors.groups[&g.name].clone(),
            help: help.map(|h| mdtext::help_in::<D>(h, &g.name, &self.anchors)),
            options: self
                .options_of(i)
                .map(|(o, ns, anchor)| option_context::<D>(o, &g.name, ns, anchor, &self.anchors))
                .collect(),
        }
    }
}

fn group_title<D: Dialect>(name: &str) -> String {
    text_in::<D>(&format!("[{name}]"))
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The old names of `opt` (of `group`) a config file may still use, as code, each with
/// "(since x)" when known: not `-` names, which only a command line takes.
pub(crate) fn deprecated_names<D: Dialect>(opt: &Opt, group: &str) -> Vec<String> {
    opt.deprecated_opts
        .iter()
        .filter(|d| d.is_listed())
        .map(|d| {
            let (old_group, old_name) = d.resolve(group, opt);
            let old = format!("[{old_group}]/{old_name}");
            match &d.since {
                Some(since) => format!("{} (since {})", code_in::<D>(&old), text_in::<D>(since)),
                None => code_in::<D>(&old),
            }
        })
        .collect()
}

/// The release `opt` was deprecated in, when it says one.
pub(crate) fn deprecated_since<D: Dialect>(opt: &Opt) -> Option<String> {
    opt.deprecated_since.as_deref().filter(|s| !s.is_empty()).map(text_in::<D>)
}

fn option_context<D: Dialect>(opt: &Opt, group: &str, namespace: &str, anchor: &str, anchors: &Anchors) -> PageOption {
    let mut properties = vec![("Type", text_in::<D>(&super::rst::doc_type(opt)))];
    let default = match format_defaults(&opt.ty, &opt.default, opt.sample_default.as_ref()) {
        Ok(values) => values
            .iter()
            .map(|v| if v.is_empty() { "(empty)".to_owned() } else { cell_code_in::<D>(v) })
            .collect::<Vec<_>>()
            .join("<br>"),
        Err(_) => cell_code_in::<D>(&opt.default.py_str()),
    };
    properties.push(("Default", default));
    if let Some(min) = min_text(&opt.ty) {
        properties.push(("Minimum", cell_in::<D>(&min)));
    }
    if let Some(max) = max_text(&opt.ty) {
        properties.push(("Maximum", cell_in::<D>(&max)));
    }
    if let Some(choices) = opt.ty.kind.choices().filter(|c| !c.is_empty()) {
        let text = choices
            .iter()
            .map(|c| {
                let value = cell_code_in::<D>(&choice_text(&c.value));
                match c.description.as_deref().filter(|d| !d.is_empty()) {
                    Some(d) => format!("{value} — {}", mdtext::inline_cell_in::<D>(d, group, anchors)),
                    None => value,
                }
            })
            .collect::<Vec<_>>()
            .join("<br>");
        properties.push(("Choices", text));
    }
    properties.push(("Mutable", yes_no(opt.mutable).into()));
    properties.push(("Advanced", yes_no(opt.advanced).into()));
    properties.push(("Required", yes_no(opt.required).into()));
    properties.push(("Secret", yes_no(opt.secret).into()));
    properties.push(("Namespace", cell_code_in::<D>(namespace)));
    let deprecated = deprecated_names::<D>(opt, group);
    let removal = opt.deprecated_for_removal.then(|| Removal {
        since: deprecated_since::<D>(opt),
        reason: opt.reason_one_line().map(|r| mdtext::inline_in::<D>(&r, group, anchors)),
    });
    PageOption {
        name: opt.name.to_string(),
        dest: opt.dest.to_string(),
        anchor: anchor.to_owned(),
        heading: text_in::<D>(&opt.dest),
        properties: properties.into_iter().map(|(label, value)| Property { label, value }).collect(),
        help: opt.help.as_deref().filter(|h| !h.trim().is_empty()).map(|h| mdtext::help_in::<D>(h, group, anchors)),
        deprecated_names: deprecated,
        removal,
    }
}
