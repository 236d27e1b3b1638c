//! The standalone HTML page (`--format html`): the Markdown reference rendered by
//! pulldown-cmark inside `html.hbs` (inline CSS, no network resources).
//!
//! The Markdown already escapes everything help texts hold; as a second line of defence the
//! renderer lets through no raw HTML but the page's own anchors and line breaks, and no link
//! that is not an intra-page anchor or an http(s) URL.

use super::Engine;
use crate::diag::Result;
use crate::spec::model::Catalog;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
use serde_json::json;

pub fn render(markdown_engine: &Engine, html_engine: &Engine, catalog: &Catalog) -> Result<String> {
    let markdown = super::markdown::render(markdown_engine, catalog)?;
    let body = markdown_to_html(&markdown);
    let namespaces: Vec<&str> = catalog.specs.iter().map(|s| s.namespace.as_str()).collect();
    html_engine.render("html", &json!({ "title": format!("Configuration reference: {}", namespaces.join(", ")), "body": body }))
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
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
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
        let html = markdown_to_html("<a id=\"x\"></a>\n\n<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](#x) x<br>y <b>bold</b>\n");
        assert!(html.contains("<a id=\"x\"></a>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("<a href=\"#\">a</a>") && html.contains("<a href=\"#x\">b</a>"), "{html}");
        assert!(html.contains("x<br>y &lt;b&gt;bold&lt;/b&gt;"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
    }
}
