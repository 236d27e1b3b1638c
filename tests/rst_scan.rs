//! No reStructuredText is left in the rendered text of the reference pages: the Markdown and
//! HTML of every fixture namespace (tests/fixtures/namespaces), of every service's data when
//! present (tests/fixtures/services), and of tests/specs/rst-habits.yaml (real help texts)
//! hold, outside code, no `.. x::` directive, no `..` target, no double backquotes, no `` `_ ``
//! link end and no `:role:` marker.

use crate::common::{root, stdout_of};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::path::{Path, PathBuf};

/// Stands for code, which the scan leaves out (a role marker right before it still counts).
const CODE: &str = "\u{1}";

/// Lines the source's own rst leaves as they are: Sphinx shows them the same way.
const AS_SPHINX_SHOWS: &[&str] = &[
    // nova's [filter_scheduler]/image_props_weight_setting nests literals in a literal:
    // ``(nb_inst(``os_distro=windows``) ... * -1)``; docutils ends the first one early and
    // leaves the last backquotes as text.
    "(nb_inst(\u{1}) * -1)``",
];

fn rst_left() -> Regex {
    Regex::new(concat!(
        r"\.\. [A-Za-z0-9_.:+-]+::",                                // a directive
        r"|(^|\s)\.\. _|(^|\s)\.\. __:|(^|\s)__ [a-z]+:",           // targets
        r"|``",                                                     // literal markers
        r"|`_",                                                     // a reference's end
        r"|:[A-Za-z][A-Za-z0-9_.+-]*(:[A-Za-z0-9_.+-]+)*:(`|\x01)", // a role
    ))
    .unwrap()
}

/// The rendered text of a Markdown page, line by line, code replaced by [`CODE`].
fn markdown_text(markdown: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut in_code_block = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_GFM) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                lines.push(String::new());
            }
            Event::Text(t) if !in_code_block => lines.last_mut().unwrap().push_str(&t),
            Event::Code(_) => lines.last_mut().unwrap().push_str(CODE),
            Event::SoftBreak | Event::HardBreak => lines.push(String::new()),
            Event::InlineHtml(h) if h.trim() == "<br>" => lines.push(String::new()),
            Event::End(_) => lines.push(String::new()),
            _ => {}
        }
    }
    lines
}

/// The rendered text of an HTML page, line by line: `<pre>` left out, `<code>` replaced by
/// [`CODE`], tags dropped, entities decoded.
fn html_text(html: &str) -> Vec<String> {
    let pre = Regex::new(r"(?s)<pre>.*?</pre>|<style>.*?</style>").unwrap();
    let code = Regex::new(r"(?s)<code>.*?</code>").unwrap();
    let tag = Regex::new(r"<[^>]*>").unwrap();
    let text = pre.replace_all(html, "");
    let text = code.replace_all(&text, CODE);
    let text = tag.replace_all(&text, "");
    text.lines()
        .map(|l| {
            l.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

/// The pages of the specs in `dir` (or of `spec`), each with a name for the report.
fn pages(name: &str, specs: &[PathBuf]) -> Vec<(String, String, Vec<String>)> {
    let args = |format: &str| {
        let mut a = vec!["generate".to_owned(), "--format".to_owned(), format.to_owned()];
        a.extend(specs.iter().map(|p| p.display().to_string()));
        a
    };
    vec![
        (name.to_owned(), "markdown".to_owned(), markdown_text(&stdout_of(&args("markdown")))),
        (name.to_owned(), "html".to_owned(), html_text(&stdout_of(&args("html")))),
    ]
}

/// Imports oslo's data into a folder and returns its specs.
fn imported(data: &Path, dir: &Path) -> Vec<PathBuf> {
    stdout_of(&["import", data.to_str().unwrap(), "--output-dir", dir.to_str().unwrap()]);
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    specs.sort();
    specs
}

fn data_files(folder: &str) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(root().join(folder)) else { return Vec::new() };
    let mut out: Vec<(String, PathBuf)> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("data.yaml").is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p.join("data.yaml")))
        .collect();
    out.sort();
    out
}

#[test]
fn no_rst_is_left_in_the_reference_pages() {
    let pattern = rst_left();
    let mut all = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    for folder in ["tests/fixtures/namespaces", "tests/fixtures/services"] {
        for (name, data) in data_files(folder) {
            let dir = tmp.path().join(&name);
            let specs = imported(&data, &dir);
            all.extend(pages(&name, &specs));
        }
    }
    all.extend(pages("rst-habits", &[root().join("tests/specs/rst-habits.yaml")]));
    let mut left = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for (name, format, lines) in &all {
        for line in lines {
            if pattern.is_match(line) && !AS_SPHINX_SHOWS.iter().any(|known| line.contains(known)) {
                left.push(format!("{name} ({format}): {}", line.trim()));
                *counts.entry(format.as_str()).or_insert(0) += 1;
            }
        }
    }
    assert!(left.is_empty(), "{} lines hold rst ({counts:?}):\n{}", left.len(), left.join("\n"));
}

#[test]
fn the_scan_sees_rst() {
    let pattern = rst_left();
    for rst in [".. note::", "see `x`_ here", "a ``b", ":ref:`x`", ":doc:\u{1}", ".. _x: y", ".. __: y", "__ https://x"]
    {
        assert!(pattern.is_match(rst), "{rst}");
    }
    for clean in ["a `b` c", "host:port", "x-queue-type: quorum", "see... and .. that", "__init__"] {
        assert!(!pattern.is_match(clean), "{clean}");
    }
    // Code is left out, in both formats.
    assert_eq!(markdown_text("a `` ` `` b\n\n```\n.. note::\n```\n")[0], format!("a {CODE} b"));
    assert_eq!(
        html_text("<p>a <code>``x``</code> &lt;b&gt;</p>\n<pre><code>.. note::\n</code></pre>"),
        [format!("a {CODE} <b>")]
    );
}
