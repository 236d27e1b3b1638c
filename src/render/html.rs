//! The standalone HTML page (`--format html`): the Markdown reference as HTML inside
//! `html.hbs` (inline CSS, no network resources). With the embedded templates the page is
//! written directly (`write_body`, `write_page`); what it writes is what pulldown-cmark makes
//! of the Markdown page, which is how a user's own Markdown templates are rendered.
//!
//! The Markdown already escapes everything help texts hold; as a second line of defence the
//! renderer lets through no raw HTML but the page's own anchors and line breaks, and no link
//! that is not an intra-page anchor or an http(s) URL.

use super::markdown::{self, PagePlan};
use super::mdtext::Html;
use super::Engine;
use crate::diag::Result;
use crate::spec::model::Catalog;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

const TEMPLATE_FILE: &str = "html.hbs";

pub fn render(markdown_engine: &Engine, html_engine: &Engine, catalog: &Catalog) -> Result<String> {
    let namespaces: Vec<&str> = catalog.specs.iter().map(|s| s.namespace.as_str()).collect();
    let title = format!("Configuration reference: {}", namespaces.join(", "));
    // The embedded Markdown templates: the body is written as HTML directly, the bytes
    // pulldown-cmark makes of their page (tested). A user's own go through pulldown-cmark.
    let body = if markdown_engine.embedded(markdown::TEMPLATE_FILES) {
        Body::Native(catalog)
    } else {
        Body::Html(markdown_to_html(&markdown::render_with_templates(markdown_engine, catalog)?))
    };
    html_engine.render_layout(&Page { title: &title, body })
}

/// The page through the html.hbs template, whatever it is.
pub fn render_page_with_template(html_engine: &Engine, title: &str, body: &str) -> Result<String> {
    html_engine.render_templates(&Page { title, body: Body::Html(body.to_owned()) })
}

/// What html.hbs renders: the page's title (escaped by the engine) and its HTML body.
struct Page<'a> {
    title: &'a str,
    body: Body<'a>,
}

enum Body<'a> {
    /// The embedded Markdown page's HTML, written as the page is (`write_body_into`).
    Native(&'a Catalog),
    /// HTML already made (from a user's Markdown templates).
    Html(String),
}

impl serde::Serialize for Page<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Page", 2)?;
        st.serialize_field("title", self.title)?;
        match &self.body {
            Body::Native(catalog) => st.serialize_field("body", &write_body(catalog))?,
            Body::Html(html) => st.serialize_field("body", html)?,
        }
        st.end()
    }
}

impl super::engine::Layout for Page<'_> {
    const TEMPLATES: &'static [&'static str] = &[TEMPLATE_FILE];

    fn write_native(&self) -> String {
        match &self.body {
            Body::Native(catalog) => write_native(catalog, self.title),
            Body::Html(html) => write_page(self.title, html),
        }
    }
}

/// The embedded html.hbs without its leading comment, split around `{{title}}` and
/// `{{{body}}}`: the text before, between and after.
fn page_parts() -> (&'static str, &'static str, &'static str) {
    let template =
        super::engine::TEMPLATES.iter().find(|(file, _)| *file == TEMPLATE_FILE).expect("html.hbs is embedded").1;
    let page = template.split_once("--}}\n").map_or(template, |(_, page)| page);
    let (head, rest) = page.split_once("{{title}}").expect("html.hbs has {{title}}");
    let (middle, tail) = rest.split_once("{{{body}}}").expect("html.hbs has {{{body}}}");
    (head, middle, tail)
}

/// What the embedded html.hbs writes around `body`, without the template engine.
pub fn write_page(title: &str, body: &str) -> String {
    let mut page = String::with_capacity(body.len() + 2048);
    page_around(&mut page, title, |out| out.push_str(body));
    page
}

/// The whole page with the embedded templates, the body written in place.
pub fn write_native(catalog: &Catalog, title: &str) -> String {
    let mut page = String::with_capacity(markdown::page_size_estimate(catalog) * 3 / 2);
    page_around(&mut page, title, |out| write_body_into(out, catalog));
    page
}

fn page_around(out: &mut String, title: &str, body: impl FnOnce(&mut String)) {
    let (head, middle, tail) = page_parts();
    out.push_str(head);
    out.push_str(&handlebars::html_escape(title));
    out.push_str(middle);
    body(out);
    out.push_str(tail);
}

/// The HTML pulldown-cmark writes for `markdown::write_native`'s page.
pub fn write_body(catalog: &Catalog) -> String {
    let mut out = String::with_capacity(markdown::page_size_estimate(catalog) * 3 / 2);
    write_body_into(&mut out, catalog);
    out
}

fn write_body_into(out: &mut String, catalog: &Catalog) {
    use std::fmt::Write;
    let plan = PagePlan::new(catalog);
    let _ = write!(
        out,
        "<h1>Configuration reference</h1>\n<p>Options of {}.</p>\n<h2>Contents</h2>\n<ul>\n",
        plan.namespaces::<Html>()
    );
    // Writing to a String cannot fail.
    for entry in plan.contents::<Html>() {
        let _ = write!(out, "<li><a href=\"#{}\">{}</a>", entry.anchor, entry.title);
        if !entry.options.is_empty() {
            out.push_str("\n<ul>\n");
            for (heading, anchor) in &entry.options {
                let _ = writeln!(out, "<li><a href=\"#{anchor}\">{heading}</a></li>");
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
    for i in 0..plan.group_count() {
        let g = plan.group::<Html>(i);
        let _ = write!(out, "<p><a id=\"{}\"></a></p>\n<h2>{}</h2>\n", g.anchor, g.title);
        if let Some(help) = &g.help {
            out.push_str(help);
        }
        for o in &g.options {
            let _ = write!(out, "<p><a id=\"{}\"></a></p>\n<h3>{}</h3>\n<table><thead><tr><th>Property</th><th>Value</th></tr></thead><tbody>\n", o.anchor, o.heading);
            for p in &o.properties {
                // A table cell shows its text without blanks at either end.
                let _ = writeln!(out, "<tr><td>{}</td><td>{}</td></tr>", p.label, p.value.trim_matches([' ', '\t']));
            }
            out.push_str("</tbody></table>\n");
            if let Some(help) = &o.help {
                out.push_str(help);
            }
            if !o.deprecated_names.is_empty() {
                let _ = writeln!(out, "<p><strong>Deprecated names:</strong> {}</p>", o.deprecated_names.join(", "));
            }
            if let Some(removal) = &o.removal {
                out.push_str("<blockquote>\n<p><strong>Warning:</strong> deprecated for removal");
                if let Some(since) = removal.since.as_deref().filter(|s| !s.is_empty()) {
                    let _ = write!(out, " since {since}");
                }
                out.push_str("; its value may be silently ignored in the future.</p>\n");
                if let Some(reason) = removal.reason.as_deref().filter(|r| !r.is_empty()) {
                    let _ = writeln!(out, "<p><strong>Reason:</strong> {reason}</p>");
                }
                out.push_str("</blockquote>\n");
            }
        }
    }
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
}
