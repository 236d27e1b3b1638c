//! What the tests check of an HTML page (`--format html`): its markup is only the page's own
//! (an allow-list of elements and attributes, the embedded style and script, ids that are
//! anchors or the page's own), ids are unique, every `#` link resolves, the sidebar links
//! every group and option; and its help texts are what pulldown-cmark makes of the Markdown
//! page's.

use confspec::render::{html, markdown};
use confspec::spec::model::Catalog;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "a",
    "header",
    "h1",
    "h2",
    "h3",
    "p",
    "nav",
    "div",
    "input",
    "ul",
    "li",
    "details",
    "summary",
    "span",
    "main",
    "section",
    "code",
    "strong",
    "pre",
    "br",
    // A line break opportunity after each `_` of an option's name.
    "wbr",
    "script",
    "button",
    // Help texts' rst, converted: admonitions, emphasis, enumerated lists.
    "blockquote",
    "em",
    "ol",
];
const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "name",
    "content",
    "http-equiv",
    "class",
    "href",
    "id",
    "title",
    "hidden",
    "type",
    "placeholder",
    "aria-label",
    "aria-live",
    "autocomplete",
    "spellcheck",
    "start",
    "open",
];
/// The page's own ids: capitals, which anchors never have.
const OWN_IDS: &[&str] = &["Options", "Search", "Found", "More"];

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^<(/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>"#).unwrap());
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"([a-z-]+)(?:="([^"]*)")?"#).unwrap());

/// The embedded template `file` as it renders: without its leading comment.
pub fn embedded(file: &str) -> &'static str {
    let text = confspec::render::engine::TEMPLATES.iter().find(|(f, _)| *f == file).unwrap().1;
    text.split_once("--}}\n").unwrap().1
}

/// What a page links and defines.
#[derive(Debug, Default)]
pub struct Facts {
    /// The ids of group sections and option blocks, in page order.
    pub groups: Vec<String>,
    pub options: Vec<String>,
    /// The `#` links of the sidebar.
    pub nav_links: HashSet<String>,
}

/// Checks the page's markup; returns what it links and defines.
pub fn check(page: &str) -> Result<Facts, String> {
    let style = format!("<style>{}</style>\n", embedded("html-style.hbs"));
    let script = format!("<script>{}</script>\n", embedded("html-script.hbs"));
    if page.matches("<style").count() != 1 || page.matches(&style).count() != 1 {
        return Err("the page has exactly one style element, the embedded one".into());
    }
    if page.matches("<script").count() != 1 || page.matches(&script).count() != 1 {
        return Err("the page has exactly one script element, the embedded one".into());
    }
    let rest = page.replacen(&style, "<style></style>\n", 1).replacen(&script, "<script></script>\n", 1);
    let rest = rest.strip_prefix("<!DOCTYPE html>\n").ok_or("no doctype")?;
    let (mut ids, mut links) = (Vec::new(), Vec::new());
    let mut facts = Facts::default();
    let mut in_nav = false;
    let mut at = 0;
    while let Some(offset) = rest[at..].find('<') {
        at += offset;
        let Some(tag) = TAG.captures(&rest[at..]) else {
            return Err(format!(
                "markup that is not one of the page's tags: {:?}",
                &rest[at..(at + 60).min(rest.len())]
            ));
        };
        let (closing, name) = (&tag[1] == "/", &tag[2]);
        if !ELEMENTS.contains(&name) {
            return Err(format!("element <{name}>"));
        }
        if name == "nav" {
            in_nav = !closing;
        }
        let mut class = "";
        let mut id = None;
        for attribute in ATTRIBUTE.captures_iter(&tag[3]) {
            let (key, value) = (attribute.get(1).unwrap().as_str(), attribute.get(2).map_or("", |v| v.as_str()));
            if closing || !ATTRIBUTES.contains(&key) {
                return Err(format!("attribute {key} on <{}{name}>", &tag[1]));
            }
            match key {
                "href" => {
                    if let Some(target) = value.strip_prefix('#') {
                        links.push(target.to_owned());
                        if in_nav {
                            facts.nav_links.insert(target.to_owned());
                        }
                    } else if !value.starts_with("https://") && !value.starts_with("http://") {
                        return Err(format!("link to {value:?}"));
                    }
                }
                "id" => {
                    let anchor =
                        value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c));
                    if value.is_empty() || !(anchor || OWN_IDS.contains(&value)) {
                        return Err(format!("id {value:?}"));
                    }
                    ids.push(value.to_owned());
                    id = Some(value.to_owned());
                }
                "class" => {
                    if !value.chars().all(|c| c.is_ascii_lowercase() || c == ' ' || c == '-') {
                        return Err(format!("class {value:?}"));
                    }
                    class = value;
                }
                "title" | "aria-label" | "placeholder" if value.contains('&') => {
                    return Err(format!("{key} {value:?}: the page's own texts need no escaping"));
                }
                _ => {}
            }
        }
        match (name, class, id) {
            ("section", "group", Some(id)) => facts.groups.push(id),
            ("div", "opt", Some(id)) => facts.options.push(id),
            _ => {}
        }
        at += tag[0].len();
    }
    let unique: HashSet<&String> = ids.iter().collect();
    if unique.len() != ids.len() {
        return Err("ids are not unique".into());
    }
    if let Some(missing) = links.iter().find(|l| !unique.contains(l)) {
        return Err(format!("link #{missing} has no target on the page"));
    }
    if let Some(missing) = facts.groups.iter().chain(&facts.options).find(|id| !facts.nav_links.contains(*id)) {
        return Err(format!("the sidebar does not link #{missing}"));
    }
    Ok(facts)
}

/// The HTML of Markdown inline text, as pulldown-cmark writes it inside a paragraph.
fn inline_html(markdown: &str) -> String {
    let html = html::markdown_to_html(&format!("x {markdown}"));
    html.strip_prefix("<p>x ").and_then(|h| h.strip_suffix("</p>\n")).unwrap_or(&html).to_owned()
}

/// The page's help texts, old names and removal notices are what pulldown-cmark makes of the
/// Markdown page's, and its anchors are the Markdown page's.
pub fn converted_from_markdown(catalog: &Catalog) -> Result<(), String> {
    let (md, page) = (markdown::markdown_context(catalog), html::groups(catalog));
    // Each help as the Markdown page has it: followed by a line break, which ends a code
    // block's last line there.
    let block =
        |m: &Option<String>| m.as_deref().map(|m| html::markdown_to_html(&format!("{m}\n"))).filter(|h| !h.is_empty());
    if md.groups.len() != page.len() {
        return Err("the pages have different groups".into());
    }
    let same = |what: &str, want: &dyn std::fmt::Debug, got: &dyn std::fmt::Debug| {
        let (want, got) = (format!("{want:?}"), format!("{got:?}"));
        if want == got {
            Ok(())
        } else {
            Err(format!("{what}:\n{}", similar::TextDiff::from_lines(&want, &got).unified_diff()))
        }
    };
    for (m, h) in md.groups.iter().zip(&page) {
        same(&format!("[{}] anchor", m.name), &m.anchor, &h.anchor)?;
        same(&format!("[{}] help", m.name), &block(&m.help), &h.help_html)?;
        if m.options.len() != h.options.len() {
            return Err(format!("[{}]: different options", m.name));
        }
        for (mo, ho) in m.options.iter().zip(&h.options) {
            let what = |part: &str| format!("[{}]/{} {part}", m.name, mo.dest);
            same(&what("anchor"), &mo.anchor, &ho.anchor)?;
            same(&what("heading"), &inline_html(&mo.heading), &ho.heading_html)?;
            same(&what("help"), &block(&mo.help), &ho.help_html)?;
            let names: Vec<String> = mo.deprecated_names.iter().map(|n| inline_html(n)).collect();
            same(&what("deprecated names"), &names, &ho.deprecated_names_html)?;
            let removal = ho.deprecation.as_ref().filter(|d| d.for_removal);
            same(&what("removal"), &mo.removal.is_some(), &removal.is_some())?;
            if let (Some(mr), Some(hr)) = (&mo.removal, removal) {
                let inline = |m: &Option<String>| m.as_deref().map(inline_html);
                same(&what("since"), &inline(&mr.since), &hr.since_html)?;
                same(&what("reason"), &inline(&mr.reason), &hr.reason_html)?;
            }
        }
    }
    Ok(())
}
