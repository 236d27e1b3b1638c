//! Help texts written in reStructuredText (as oslo's are), turned into safe Markdown (or
//! straight into the HTML that Markdown renders to, for the HTML page).
//!
//! Help is data: the only Markdown structure in the result is what this module makes of the
//! rst it reads (`parse`): paragraphs, bullet and enumerated lists (nested), definition lists
//! (as lists led by the term), literal and `code-block` blocks, admonitions (GitHub alerts at
//! the top, quotes inside lists), `Possible values:`-style labels, *emphasis* and **strong**,
//! ``literal``, roles (links to the page's options and groups, code otherwise), and links to
//! http(s) URLs. Every other character that Markdown, HTML or a table would read as structure
//! is escaped, so `<script>`, `| pipes |`, `[x](javascript:...)` or `# heading` in a help text
//! come out as the text they are; a link never goes anywhere but an http(s) URL or an anchor
//! on the page.

mod chars;
mod parse;
mod write;

pub use write::Mode;

use crate::oslo::textwrap::splitlines;

/// Resolves `:oslo.config:option:` and `:oslo.config:group:` targets to anchors on the page.
pub trait Links {
    /// The anchor of option `name` (`group.name` or, relative to `current_group`, `name`).
    fn option(&self, current_group: &str, target: &str) -> Option<String>;
    fn group(&self, target: &str) -> Option<String>;
}

/// How the reference writes text: Markdown for the Markdown page (and its templates), HTML for
/// the HTML page. The HTML dialect writes the bytes pulldown-cmark makes of the Markdown
/// dialect's output (tested on every spec and on hostile text), without parsing it again.
pub trait Dialect {
    /// Text as the characters it is; `line_start`: it begins a line of a Markdown block, where
    /// more characters start structure. Line breaks in it become spaces.
    fn text(out: &mut String, text: &str, line_start: bool);
    /// Inline code (line breaks become spaces).
    fn code(out: &mut String, text: &str);
    /// Inline code inside a table cell.
    fn cell_code(out: &mut String, text: &str);
    /// A help text's blocks.
    fn blocks(out: &mut String, blocks: &[parse::Block]);
    /// Inline nodes laid out as `mode` says.
    fn inlines(out: &mut String, nodes: &[parse::Inline], mode: Mode);
}

pub struct Markdown;
pub struct Html;

/// Escapes inline text as Markdown.
pub fn escape(text: &str) -> String {
    text_in::<Markdown>(text)
}

/// Inline code as Markdown.
pub fn code(text: &str) -> String {
    code_in::<Markdown>(text)
}

/// Inline text in dialect `D`, as a string of its own.
pub fn text_in<D: Dialect>(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    D::text(&mut out, text, false);
    out
}

/// Inline code in dialect `D`, as a string of its own.
pub fn code_in<D: Dialect>(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    D::code(&mut out, text);
    out
}

/// Text for a Markdown table cell: escaped, lines joined with `<br>`.
pub fn cell(text: &str) -> String {
    cell_in::<Markdown>(text)
}

/// Inline code for a Markdown table cell, one code span per line.
pub fn cell_code(text: &str) -> String {
    cell_code_in::<Markdown>(text)
}

/// A table cell's text in dialect `D`: lines joined with `<br>` (which both dialects write).
pub fn cell_in<D: Dialect>(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in splitlines(text).iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        D::text(&mut out, line, false);
    }
    out
}

/// Inline code for a table cell in dialect `D`: one code span per line.
pub fn cell_code_in<D: Dialect>(text: &str) -> String {
    let lines = splitlines(text);
    let mut out = String::with_capacity(text.len() + 8);
    if lines.is_empty() {
        D::cell_code(&mut out, "");
    }
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        D::cell_code(&mut out, line);
    }
    out
}

/// Whether `_` at `i` sits inside a word, where it cannot start or end emphasis. ASCII only:
/// Unicode letters that Markdown counts as punctuation (such as circled letters) would let
/// an unescaped `_` open emphasis.
fn inside_word(bytes: &[u8], i: usize) -> bool {
    i > 0 && bytes[i - 1].is_ascii_alphanumeric() && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
}

impl Markdown {
    /// A Markdown code span, fenced with more backticks than the text holds.
    pub(super) fn code_span(out: &mut String, text: &str, escape_pipes: bool) {
        if text.is_empty() {
            out.push_str("` `");
            return;
        }
        let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        // Markdown drops one space at each end of a span that has one at both and is not all
        // spaces (line breaks count as spaces): a pad keeps the text's own.
        let is_space = |c: char| matches!(c, ' ' | '\n' | '\r');
        let pad = text.starts_with('`')
            || text.ends_with('`')
            || text.starts_with(is_space) && text.ends_with(is_space) && !text.chars().all(is_space);
        let pad = if pad { " " } else { "" };
        let fence = "`".repeat(longest + 1);
        out.push_str(&fence);
        out.push_str(pad);
        for c in text.chars() {
            match c {
                '\n' | '\r' => out.push(' '),
                // GFM splits table cells at `|` even inside code.
                '|' if escape_pipes => out.push_str("\\|"),
                c => out.push(c),
            }
        }
        out.push_str(pad);
        out.push_str(&fence);
    }

    /// A link to an http(s) URL, labelled with plain text.
    pub(super) fn web_link(out: &mut String, label: &str, url: &str) {
        out.push('[');
        Markdown::text(out, label, false);
        out.push_str("](<");
        // The destination is taken literally: backslashes and what could read as an entity
        // reference are escaped.
        for (i, c) in url.char_indices() {
            match c {
                '\\' => out.push_str("\\\\"),
                '&' if looks_like_entity(&url[i + 1..]) => out.push_str("\\&"),
                c => out.push(c),
            }
        }
        out.push_str(">)");
    }
}

impl Dialect for Markdown {
    fn text(out: &mut String, text: &str, line_start: bool) {
        let bytes = text.as_bytes();
        let start = out.len();
        let mut run = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escaped = match b {
                // Characters that Python-Markdown (MkDocs) does not unescape after a backslash
                // are written as character references, which every renderer reads.
                b'<' | b'>' | b'&' | b'~' | b'$' => {
                    out.push_str(&text[run..i]);
                    out.push_str(match b {
                        b'<' => "&lt;",
                        b'>' => "&gt;",
                        b'&' => "&amp;",
                        b'~' => "&#126;",
                        _ => "&#36;",
                    });
                    run = i + 1;
                    continue;
                }
                b'\\' | b'`' | b'*' | b'[' | b']' | b'|' | b'!' => true,
                // `_` only makes emphasis at a word boundary; escaping it inside words would
                // only clutter names such as `api_servers`.
                b'_' => !inside_word(bytes, i),
                b'\n' | b'\r' => {
                    out.push_str(&text[run..i]);
                    out.push(' ');
                    run = i + 1;
                    continue;
                }
                _ => false,
            };
            if escaped {
                out.push_str(&text[run..i]);
                out.push('\\');
                run = i;
            }
        }
        out.push_str(&text[run..]);
        if line_start {
            escape_line_start(out, start);
        }
    }

    fn code(out: &mut String, text: &str) {
        Markdown::code_span(out, text, false)
    }

    fn cell_code(out: &mut String, text: &str) {
        Markdown::code_span(out, text, true)
    }

    fn blocks(out: &mut String, blocks: &[parse::Block]) {
        write::markdown(out, blocks, false);
    }

    fn inlines(out: &mut String, nodes: &[parse::Inline], mode: Mode) {
        write::markdown_inline(out, nodes, mode);
    }
}

/// `&` followed by this would start an entity reference (`&amp;`, `&#38;`).
fn looks_like_entity(after: &str) -> bool {
    let name = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
    name > 0 && after.as_bytes().get(name) == Some(&b';')
}

/// Escapes, in `out[start..]` (a line of Markdown), the characters that are only special at
/// the start of a line: headings, quotes, list markers, setext underlines.
fn escape_line_start(out: &mut String, start: usize) {
    let line = &out[start..];
    match line.as_bytes().first() {
        Some(b'#' | b'+' | b'-' | b'>') => out.insert(start, '\\'),
        // A setext underline, a definition (mdBook, Python-Markdown's def_list).
        Some(b'=') => out.replace_range(start..start + 1, "&#61;"),
        Some(b':') => out.replace_range(start..start + 1, "&#58;"),
        Some(b) if b.is_ascii_digit() => {
            // `1.` or `1)` would start an ordered list.
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            if matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
                out.insert(start + digits, '\\');
            }
        }
        _ => {}
    }
}

impl Html {
    /// Body text as pulldown-cmark writes it: `&`, `<` and `>` escaped, NUL replaced.
    fn body_text(out: &mut String, text: &str) {
        // Writing to a String cannot fail.
        if text.contains('\0') {
            let _ = pulldown_cmark_escape::escape_html_body_text(&mut *out, &text.replace('\0', "\u{FFFD}"));
        } else {
            let _ = pulldown_cmark_escape::escape_html_body_text(&mut *out, text);
        }
    }
}

impl Dialect for Html {
    fn text(out: &mut String, text: &str, _line_start: bool) {
        if text.contains(['\n', '\r']) {
            Html::body_text(out, &text.replace(['\n', '\r'], " "));
        } else {
            Html::body_text(out, text);
        }
    }

    fn code(out: &mut String, text: &str) {
        out.push_str("<code>");
        if text.is_empty() {
            out.push(' ');
        } else {
            Html::text(out, text, false);
        }
        out.push_str("</code>");
    }

    fn cell_code(out: &mut String, text: &str) {
        Html::code(out, text)
    }

    fn blocks(out: &mut String, blocks: &[parse::Block]) {
        write::html(out, blocks);
    }

    fn inlines(out: &mut String, nodes: &[parse::Inline], mode: Mode) {
        write::html_inline(out, nodes, mode);
    }
}

/// Converts a help text to Markdown blocks separated by blank lines.
#[cfg(test)]
pub fn help_to_markdown(text: &str, group: &str, links: &dyn Links) -> String {
    help_in::<Markdown>(text, group, links)
}

/// Converts a help text to blocks of dialect `D`.
pub fn help_in<D: Dialect>(text: &str, group: &str, links: &dyn Links) -> String {
    let mut ctx = parse::Context::new(group, links);
    let blocks = parse::help(text, &mut ctx);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    D::blocks(&mut out, &blocks);
    out
}

/// Inline markup of a text shown on one line (a removal reason) in dialect `D`.
pub fn inline_in<D: Dialect>(text: &str, group: &str, links: &dyn Links) -> String {
    let mut ctx = parse::Context::new(group, links);
    let nodes = parse::inline_text(text, &mut ctx, Mode::Line);
    let mut out = String::with_capacity(text.len() + 8);
    D::inlines(&mut out, &nodes, Mode::Line);
    out
}

/// Inline markup of a table cell's text in dialect `D`, its lines joined with `<br>`.
pub fn inline_cell_in<D: Dialect>(text: &str, group: &str, links: &dyn Links) -> String {
    let mut ctx = parse::Context::new(group, links);
    let nodes = parse::inline_text(text, &mut ctx, Mode::Cell);
    let mut out = String::with_capacity(text.len() + 8);
    D::inlines(&mut out, &nodes, Mode::Cell);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The Markdown of `help`, after checking that the HTML dialect writes what pulldown-cmark
    /// makes of it.
    fn md(help: &str) -> String {
        let markdown = help_to_markdown(help, "glance", &Page);
        let html = help_in::<Html>(help, "glance", &Page);
        // The page puts a line break after each help.
        assert_eq!(html, crate::render::html::markdown_to_html(&format!("{markdown}\n")), "for {markdown:?}");
        markdown
    }

    #[test]
    fn rst_habits_become_markdown() {
        let help = "\nUse ``http`` or see :oslo.config:option:`api_servers` and\n:oslo.config:option:`other.missing` in :oslo.config:group:`glance`.\n\nPossible values:\n\n* one\n  continued\n* two\n\nRelated options:\n* ``num_retries``\n\nExample::\n\n    key = value\n    [section]\n";
        assert_eq!(
            md(help),
            "Use `http` or see [`api_servers`](#glance-api_servers) and\n`other.missing` in [`glance`](#glance).\n\n**Possible values:**\n\n- one\n  continued\n- two\n\n**Related options:**\n\n- `num_retries`\n\nExample:\n\n```text\nkey = value\n[section]\n```"
        );
    }

    #[test]
    fn admonitions_become_alerts() {
        let help = "Intro.\n\n.. note::\n\n   The following image properties are *never*\n   inherited:\n\n   * a\n   * b\n\n.. warning:: If this is 0, the service\n             fails.\n\n.. versionadded:: 2024.1\n\n.. danger:: Careful.\n";
        assert_eq!(
            md(help),
            "Intro.\n\n> [!NOTE]\n> The following image properties are *never*\n> inherited:\n>\n> - a\n> - b\n\n> [!WARNING]\n> If this is 0, the service\n> fails.\n\n> [!NOTE]\n> *Added in version 2024.1.*\n\n> [!CAUTION]\n> **Danger:** Careful."
        );
        // Two notes in a row are one (Python-Markdown would join the quotes anyway).
        assert_eq!(md(".. note:: a\n\n.. note:: b\n\n.. tip:: c\n"), "> [!NOTE]\n> a\n>\n> b\n\n> [!TIP]\n> c");
        // Inside a list: a quote led by its kind; a literal block inside it is indented.
        assert_eq!(
            md("* item\n\n  .. note::\n\n     See::\n\n         x = 1\n"),
            "-   item\n\n    > **Note:** See:\n    >\n    >     x = 1"
        );
    }

    #[test]
    fn literals_and_links_span_lines() {
        let help = "All of the filters *must* be present in the ``[scheduler_filter]\navailable_filter`` option, or a ``SchedulerHostFilterNotFound`` exception.\n\nSee the `concurrency admin guide`__ and `bug #1289064`_.\n\n.. __: https://docs.openstack.org/nova/latest/admin/concurrency.html\n\n.. _bug #1289064: https://bugs.launchpad.net/nova/+bug/1289064\n";
        assert_eq!(
            md(help),
            "All of the filters *must* be present in the `[scheduler_filter] available_filter` option, or a `SchedulerHostFilterNotFound` exception.\n\nSee the [concurrency admin guide](<https://docs.openstack.org/nova/latest/admin/concurrency.html>) and [bug #1289064](<https://bugs.launchpad.net/nova/+bug/1289064>)."
        );
        assert_eq!(
            md("found `here`__.\n\n__ https://libvirt.org/formatdomain.html#elementsPerf."),
            "found [here](<https://libvirt.org/formatdomain.html#elementsPerf.>)."
        );
    }

    #[test]
    fn code_blocks_definitions_and_nested_lists() {
        let help = "Example:\n\n* Strongly prefer older hosts\n\n  .. code-block:: ini\n\n    [filter_scheduler]\n    weight=-1000\n\n* Moderately\n\nValid key values are :\n\n  ``name``\n    Name of the alias.\n\n  ``device_type``\n    Type of device:\n\n    - ``type-PCI``\n\n      - nested\n\n1. first\n2. second\n   continued\n";
        assert_eq!(
            md(help),
            "**Example:**\n\n-   Strongly prefer older hosts\n\n        [filter_scheduler]\n        weight=-1000\n\n- Moderately\n\n**Valid key values are :**\n\n- `name` — Name of the alias.\n\n-   `device_type`\n\n    **Type of device:**\n\n    -   `type-PCI`\n        - nested\n\n1. first\n2. second\n   continued"
        );
        // A loose list under an item's text makes the outer list loose too: Python-Markdown
        // would read the next item as part of the inner list's last one.
        assert!(md("* a\n\n  * b\n\n    more\n\n  * c\n* d\n").ends_with("c\n\n- d"));
        // A code block at the top keeps its language.
        assert_eq!(md(".. code-block:: ini\n   :linenos:\n\n   [a]\n   b = 1\n"), "```ini\n[a]\nb = 1\n```");
    }

    #[test]
    fn what_is_not_understood_is_text() {
        // An unknown directive is shown as written; a comment not at all.
        assert_eq!(
            md(".. image:: x.png\n   :alt: y\n\n.. a comment\n\nText."),
            "```text\n.. image:: x.png\n   :alt: y\n```\n\nText."
        );
        // Start-strings without their ends, or where rst does not start markup.
        assert_eq!(
            md("``open, *star, 2 * 3 * 4, snake_case_, volume`s"),
            "\\`\\`open, \\*star, 2 \\* 3 \\* 4, snake_case\\_, volume\\`s"
        );
        // Unknown roles are code, references to nothing their text.
        assert_eq!(md(":doc:`/admin/x` and :ref:`guide <g>` and `nowhere`_"), "`/admin/x` and `guide` and nowhere");
    }

    #[test]
    fn escapes_are_those_every_renderer_reads() {
        // Python-Markdown shows a backslash before `<`, `&`, `~`, `$`, `:` and `=`: these are
        // character references instead (and `>`, to match).
        assert_eq!(escape("a<b> & c~d $x"), "a&lt;b&gt; &amp; c&#126;d &#36;x");
        assert_eq!(md(": def\n\n=== x"), "&#58; def\n\n&#61;== x");
    }

    #[test]
    fn hostile_text_is_escaped() {
        let md_of = |h: &str| md(h);
        assert_eq!(md_of("<script>alert(1)</script> | a | b |\n[x](javascript:alert(1))\n# not a heading\n1. not a list\n{{handlebars}}"), "&lt;script&gt;alert(1)&lt;/script&gt; \\| a \\| b \\|\n\\[x\\](javascript:alert(1))\n\\# not a heading\n1\\. not a list\n{{handlebars}}");
        assert_eq!(md_of("`click <javascript:alert(1)>`_"), "click");
        assert_eq!(md_of("`docs <https://docs.openstack.org/x>`_"), "[docs](<https://docs.openstack.org/x>)");
    }

    #[test]
    fn markup_that_markdown_would_misread_is_written_safely() {
        // Literals end where rst ends them; side by side code spans become one.
        assert_eq!(md("``a``` b ``c``"), "`` a` `` b `c`");
        assert_eq!(md(":oslo.config:option:`x`\\ ``y``"), "`xy`");
        // A label at the start of a line cannot start a heading; blanks at the ends go.
        assert_eq!(md("`# not a heading`_ and `trailing  `_"), "\\# not a heading and \\`trailing  \\`\\_");
        // Only ASCII words keep a bare `_`: Markdown counts some letters as punctuation.
        assert_eq!(escape("a_b Ⓐ_Ⓐ"), "a_b Ⓐ\\_Ⓐ");
        // A link's destination is taken literally.
        assert_eq!(md("`x <https://h/a\\b?c=1&amp;d=2&e>`_"), "[x](<https://h/a\\\\b?c=1\\&amp;d=2&e>)");
        // A span of spaces and a tab keeps all of them.
        assert_eq!(code(" \t "), "`  \t  `");
        // Emphasis Markdown would not read where it stands is text.
        assert_eq!(md("a\\ *(b)* c"), "a(b) c");
        // Nor would it read emphasis with a blank at an end (a line would start a list), and
        // emphasis of nothing shows nothing (the code spans around it are one).
        assert_eq!(md("a\n:emphasis:`\\  x` y"), "a\nx y");
        assert_eq!(md("``a``\\ :emphasis:`\\ `\\ ``b``"), "`ab`");
    }

    #[test]
    fn a_nul_in_a_literal_block_is_shown_as_markdown_shows_it() {
        // As U+FFFD, in a fenced block and in an indented one (where pulldown-cmark keeps a
        // NUL): found by the help_markup fuzz target.
        assert_eq!(md("Example::\n\n    a\0b"), "Example:\n\n```text\na\u{FFFD}b\n```");
        assert_eq!(md("* Example::\n\n      a\0b"), "-   Example:\n\n        a\u{FFFD}b");
    }

    #[test]
    fn any_depth_is_read_and_past_sixteen_levels_shown_as_written() {
        // The test thread's stack is small: a parser or writer recursing once per level of the
        // input would overflow it long before 100,000.
        let bullets = md(&("* ".repeat(100_000) + "x"));
        let (lists, rest) = bullets.split_at(bullets.rfind("-\n").unwrap() + 2);
        assert_eq!(lists.matches('-').count(), 17, "{lists}");
        assert!(rest.trim_start().starts_with("* * *") && rest.ends_with("* x"));
        let notes = md(&(".. note:: ".repeat(100_000) + "x"));
        assert_eq!(notes.matches("**Note:**").count(), 16);
        let last = notes.lines().last().unwrap();
        assert!(
            last.starts_with(&"> ".repeat(17)) && last.contains(">     .. note:: .. note::") && last.ends_with(" x")
        );
        assert!(md(&("1. ".repeat(100_000) + "x")).ends_with(" 1. 1. x"));
        // Block quotes (each line indented one more) are no deeper in Markdown, but are in rst.
        let staircase: String = (0..2_000).map(|i| " ".repeat(i) + "p\n\n").collect();
        assert!(md(&staircase).starts_with(&"p\n\n".repeat(17)));
        // Lines below the deepest item go on with it.
        assert!(md(&("* ".repeat(1_000) + "x\nmore\n")).ends_with("* x\n                                      more"));
    }

    #[test]
    fn finishing_is_a_fixed_point() {
        // Notes and quotes one after another are joined where they meet and not finished
        // again (which took time quadratic in their number): the same blocks only because
        // finishing finished blocks changes nothing.
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..2000 {
            let n = rng.below(24);
            let help: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            let mut ctx = parse::Context::new("glance", &Page);
            let blocks = parse::help(&help, &mut ctx);
            let before = format!("{blocks:?}");
            assert_eq!(format!("{:?}", parse::finish(blocks, false)), before, "{help:?}");
        }
    }

    #[test]
    fn html_dialect_writes_what_pulldown_cmark_makes_of_the_markdown() {
        let help = "Use ``a````b`` or `docs <https://h/?a=1&amp;b>`_ and :oslo.config:option:`api_servers`.\n\nPossible values:\n\n* <one> & two\n* \n\nExample::\n\n    x = <y>\n";
        let html = help_in::<Html>(help, "glance", &Page);
        assert_eq!(html, crate::render::html::markdown_to_html(&help_to_markdown(help, "glance", &Page)));
        assert!(
            html.contains("<code>a````b</code>") && html.contains("<a href=\"https://h/?a=1&amp;amp;b\">docs</a>"),
            "{html}"
        );
    }

    #[test]
    fn cells_and_lines_convert_inline_markup() {
        assert_eq!(inline_cell_in::<Markdown>("Use ``a|b``\nor *c*", "g", &Page), "Use `a\\|b`<br>or *c*");
        assert_eq!(inline_cell_in::<Html>("Use ``a|b``\nor *c*", "g", &Page), "Use <code>a|b</code><br>or <em>c</em>");
        assert_eq!(
            inline_in::<Markdown>("superseded by ``[compute] cpu_dedicated_set``", "g", &Page),
            "superseded by `[compute] cpu_dedicated_set`"
        );
    }

    /// Pieces of rst and of Markdown and HTML syntax, as tests/properties.rs builds help from.
    const PIECES: &[&str] = &[
        "word",
        " ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "\n    ",
        "\n  ",
        "``",
        "`",
        "``code``",
        "`interp`",
        "`label <https://x.org/a?b=1&amp;c\\*>`_",
        "`bad <javascript:x>`_",
        "`label <https://x.org/ >`__",
        ":oslo.config:option:`alpha.opt_0`",
        ":oslo.config:option:`api_servers`",
        ":oslo.config:group:`glance`",
        ":ref:`x <y>`",
        ":file:``",
        ":",
        "::",
        "Example::",
        "Possible values:",
        "* ",
        "- ",
        "+ ",
        "• ",
        "*",
        "-",
        "1. ",
        "2) ",
        "#",
        "# h",
        "=",
        "===",
        "---",
        "> ",
        "<b>",
        "<br>",
        "&amp;",
        "&",
        "|",
        "\\",
        "_",
        "a_b",
        "Ⓐ_Ⓐ",
        "__x__",
        "**",
        "~",
        "!",
        "[x](javascript:y)",
        "[x]: y",
        "![i](j)",
        "<https://a.b>",
        "https://a.b",
        "{{x}}",
        "café",
        "\u{a0}",
        "\n.. note::\n\n   ",
        ".. warning:: ",
        "\n.. versionadded:: 1.0 ",
        ".. seealso:: ",
        "\n.. code-block:: ini\n\n    ",
        ".. image:: x.png",
        ".. a comment",
        ".. _n: https://a.b/n",
        ".. __: https://a.b/anon",
        "__ https://a.b/short",
        "`n`_",
        "n_",
        "`anon`__",
        "`t <n_>`_",
        "*em*",
        "**strong**",
        " *a b* ",
        "``lit\nspan``",
        "1. ",
        "#. ",
        "(a) ",
        "b) ",
        "term\n    definition",
        ":ref:`x`",
        ":doc:`/y`",
        "\\ ",
        "\\*",
        "\\`",
        "https://a.b/c.",
        "(https://a.b/(x))",
        "\n+---+---+\n",
        "===  ===",
        ">>> x",
        "\n\n    ",
        "\n      ",
        "\n        ",
    ];

    /// A small fixed-seed generator (xorshift), so the cases are the same on every run.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    fn round_trips(help: &str) -> bool {
        std::panic::catch_unwind(|| {
            let markdown = help_to_markdown(help, "glance", &Page);
            let html = help_in::<Html>(help, "glance", &Page);
            html == crate::render::html::markdown_to_html(&format!("{markdown}\n"))
        })
        .unwrap_or(false)
    }

    #[test]
    fn generated_markup_writes_the_same_in_both_dialects() {
        let cases: usize = std::env::var("MDTEXT_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(3000);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..cases {
            let n = rng.below(24);
            let mut pieces: Vec<&str> = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            if round_trips(&pieces.concat()) {
                continue;
            }
            // Shrink: drop pieces while it still fails.
            let mut i = 0;
            while i < pieces.len() {
                let mut fewer = pieces.clone();
                fewer.remove(i);
                if !round_trips(&fewer.concat()) {
                    pieces = fewer;
                } else {
                    i += 1;
                }
            }
            let help = pieces.concat();
            let markdown = std::panic::catch_unwind(|| help_to_markdown(&help, "glance", &Page));
            panic!("{help:?}\nmarkdown: {markdown:?}");
        }
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(cell_code("a|b\nc"), "`a\\|b`<br>`c`");
    }
}
