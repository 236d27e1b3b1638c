//! The help-text converter (src/render/mdtext: help texts' reStructuredText to Markdown, and
//! to the HTML that Markdown renders to) on arbitrary text, as a help, a one-line reason and a
//! table cell: panics, hangs, deep recursion and runaway memory are not allowed, and the HTML
//! dialect must write what pulldown-cmark makes of the Markdown dialect's output (the module's
//! promise; the page puts a line break after each help).
#![no_main]
use confspec::render::html::markdown_to_html;
use confspec::render::mdtext::{help_in, inline_cell_in, inline_in, Html, Links, Markdown};
use libfuzzer_sys::fuzz_target;

/// A page with an option `api_servers` in every group and a group `glance`.
struct Page;

impl Links for Page {
    fn option(&self, group: &str, target: &str) -> Option<String> {
        let (g, n) = target.split_once('.').unwrap_or((group, target));
        (n == "api_servers").then(|| format!("{g}-{n}"))
    }
    fn group(&self, target: &str) -> Option<String> {
        (target == "glance").then(|| "glance".to_owned())
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let markdown = help_in::<Markdown>(text, "glance", &Page);
    let html = help_in::<Html>(text, "glance", &Page);
    assert_eq!(html, markdown_to_html(&format!("{markdown}\n")), "the Markdown: {markdown:?}");
    let _ = inline_in::<Markdown>(text, "glance", &Page);
    let _ = inline_cell_in::<Html>(text, "glance", &Page);
});
