//! Help texts written with oslo's reStructuredText habits, turned into safe Markdown (or
//! straight into the HTML that Markdown renders to, for the HTML page).
//!
//! Help is data: the only Markdown structure in the result is what this module makes from
//! the habits it recognises (paragraphs, bullet lists, literal blocks, `Possible values:`-style
//! labels, ``literal``, `:oslo.config:option:` and `:oslo.config:group:` roles, links to
//! http(s) URLs). Every other character that Markdown, HTML or a table would read as structure
//! is escaped, so `<script>`, `| pipes |`, `[x](javascript:...)` or `# heading` in a help text
//! come out as the text they are.

use crate::oslo::pychar::is_py_space;
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
    /// A link to an http(s) URL, labelled with plain text.
    fn web_link(out: &mut String, label: &str, url: &str);
    /// A link to an anchor on the page, labelled with code.
    fn code_link(out: &mut String, label: &str, anchor: &str);
    /// A literal block of plain lines.
    fn literal(out: &mut String, lines: &[&str]);
    /// A paragraph of lines.
    const PARAGRAPH: Layout;
    /// Strong emphasis around inline markup.
    const STRONG: Layout;
    /// A bullet list of items (`gap`: between two items).
    const LIST: Layout;
    /// A list item of lines.
    const ITEM: Layout;
    /// What separates two blocks.
    const BLOCK_GAP: &'static str;
}

/// What a dialect writes around something and between its parts.
pub struct Layout {
    pub open: &'static str,
    pub gap: &'static str,
    pub close: &'static str,
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
    fn code_span(out: &mut String, text: &str, escape_pipes: bool) {
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
}

impl Dialect for Markdown {
    fn text(out: &mut String, text: &str, line_start: bool) {
        let bytes = text.as_bytes();
        let start = out.len();
        let mut run = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escaped = match b {
                b'\\' | b'`' | b'*' | b'[' | b']' | b'<' | b'>' | b'|' | b'~' | b'&' | b'!' | b'$' => true,
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

    fn web_link(out: &mut String, label: &str, url: &str) {
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

    fn code_link(out: &mut String, label: &str, anchor: &str) {
        out.push('[');
        Markdown::code(out, label);
        out.push_str("](#");
        out.push_str(anchor);
        out.push(')');
    }

    fn literal(out: &mut String, lines: &[&str]) {
        let longest = lines.iter().flat_map(|l| l.split(|c| c != '`')).map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        out.push_str(&fence);
        out.push_str("text\n");
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&fence);
    }

    const PARAGRAPH: Layout = Layout { open: "", gap: "\n", close: "" };
    const STRONG: Layout = Layout { open: "**", gap: "", close: "**" };
    const LIST: Layout = Layout { open: "", gap: "\n", close: "" };
    const ITEM: Layout = Layout { open: "- ", gap: "\n  ", close: "" };
    const BLOCK_GAP: &'static str = "\n\n";
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
        Some(b'#' | b'+' | b'-' | b'=' | b'>' | b':') => out.insert(start, '\\'),
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

    fn web_link(out: &mut String, label: &str, url: &str) {
        out.push_str("<a href=\"");
        let _ = pulldown_cmark_escape::escape_href(&mut *out, url);
        out.push_str("\">");
        Html::text(out, label, false);
        out.push_str("</a>");
    }

    fn code_link(out: &mut String, label: &str, anchor: &str) {
        out.push_str("<a href=\"#");
        let _ = pulldown_cmark_escape::escape_href(&mut *out, anchor);
        out.push_str("\">");
        Html::code(out, label);
        out.push_str("</a>");
    }

    fn literal(out: &mut String, lines: &[&str]) {
        out.push_str("<pre><code class=\"language-text\">");
        for line in lines {
            Html::body_text(out, line);
            out.push('\n');
        }
        out.push_str("</code></pre>\n");
    }

    const PARAGRAPH: Layout = Layout { open: "<p>", gap: "\n", close: "</p>\n" };
    const STRONG: Layout = Layout { open: "<strong>", gap: "", close: "</strong>" };
    const LIST: Layout = Layout { open: "<ul>\n", gap: "", close: "</ul>\n" };
    const ITEM: Layout = Layout { open: "<li>", gap: "\n", close: "</li>\n" };
    const BLOCK_GAP: &'static str = "";
}

/// One block of a help text.
#[derive(Debug)]
enum Block<'a> {
    Paragraph(Vec<&'a str>),
    Label(&'a str),
    List(Vec<Vec<&'a str>>),
    Literal(Vec<&'a str>),
}

fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ' || *c == '\t').count()
}

fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start_matches([' ', '\t']);
    ["* ", "- ", "+ ", "• "].iter().find_map(|m| t.strip_prefix(m)).or(if matches!(t, "*" | "-" | "+") {
        Some("")
    } else {
        None
    })
}

/// A short line ending in `:` on its own, such as `Possible values:` or `Related options:`.
fn is_label(lines: &[&str]) -> bool {
    let [line] = lines else { return false };
    let t = line.trim();
    t.ends_with(':')
        && !t.ends_with("::")
        && t.split_whitespace().count() <= 6
        && t.chars().next().is_some_and(char::is_uppercase)
}

fn blocks(text: &str) -> Vec<Block<'_>> {
    let lines = splitlines(text.trim_matches(is_py_space));
    let mut chunks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in lines {
        if line.trim_matches(is_py_space).is_empty() {
            if !chunks.last().unwrap().is_empty() {
                chunks.push(Vec::new());
            }
        } else {
            chunks.last_mut().unwrap().push(line.trim_end_matches(is_py_space));
        }
    }
    let mut out: Vec<Block> = Vec::new();
    let mut literal_next = false;
    for chunk in chunks.into_iter().filter(|c| !c.is_empty()) {
        let min_indent = chunk.iter().map(|l| indent_of(l)).min().unwrap_or(0);
        if literal_next && min_indent > 0 {
            // The indent is spaces and tabs, one byte each.
            let dedented = chunk.iter().map(|l| &l[min_indent..]);
            match out.last_mut() {
                Some(Block::Literal(lines)) => {
                    lines.push("");
                    lines.extend(dedented);
                }
                _ => out.push(Block::Literal(dedented.collect())),
            }
            continue;
        }
        literal_next = chunk.last().is_some_and(|l| l.ends_with("::"));
        // A chunk may run from a paragraph straight into a list.
        let first_bullet = chunk.iter().position(|l| bullet(l).is_some());
        let (text_lines, list_lines) = match first_bullet {
            Some(i) => chunk.split_at(i),
            None => (&chunk[..], &[][..]),
        };
        if !text_lines.is_empty() {
            if is_label(text_lines) {
                out.push(Block::Label(text_lines[0].trim()));
            } else {
                out.push(Block::Paragraph(text_lines.iter().map(|l| l.trim()).collect()));
            }
        }
        if !list_lines.is_empty() {
            let item_indent = indent_of(list_lines[0]);
            let mut items: Vec<Vec<&str>> = Vec::new();
            for line in list_lines {
                match bullet(line) {
                    Some(rest) if indent_of(line) <= item_indent || items.is_empty() => items.push(vec![rest.trim()]),
                    _ => items.last_mut().unwrap().push(line.trim()),
                }
            }
            // Items separated by blank lines arrive as separate chunks: keep one list.
            match out.last_mut() {
                Some(Block::List(existing)) if text_lines.is_empty() => existing.extend(items),
                _ => out.push(Block::List(items)),
            }
        }
    }
    out
}

/// Converts a help text to Markdown blocks separated by blank lines.
#[cfg(test)]
pub fn help_to_markdown(text: &str, group: &str, links: &dyn Links) -> String {
    help_in::<Markdown>(text, group, links)
}

/// Converts a help text to blocks of dialect `D`.
pub fn help_in<D: Dialect>(text: &str, group: &str, links: &dyn Links) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let line = |out: &mut String, l: &str| inline::<D>(out, l, group, links, true);
    for block in blocks(text) {
        let before = out.len();
        if before > 0 {
            out.push_str(D::BLOCK_GAP);
        }
        let start = out.len();
        match block {
            Block::Paragraph(mut lines) => {
                if let Some(last) = lines.last_mut() {
                    // `Example::` introduces a literal block: Markdown shows one colon.
                    if let Some(one_colon) = last.strip_suffix(':').filter(|l| l.ends_with(':')) {
                        *last = one_colon;
                        if last.trim().is_empty() {
                            lines.pop();
                        }
                    }
                }
                if write_lines(&mut out, &D::PARAGRAPH, &lines, line) == 0 {
                    out.truncate(start);
                }
            }
            Block::Label(label) => {
                out.push_str(D::PARAGRAPH.open);
                out.push_str(D::STRONG.open);
                inline::<D>(&mut out, label, group, links, false);
                out.push_str(D::STRONG.close);
                out.push_str(D::PARAGRAPH.close);
            }
            Block::List(items) => {
                out.push_str(D::LIST.open);
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(D::LIST.gap);
                    }
                    write_lines(&mut out, &D::ITEM, item, line);
                }
                out.push_str(D::LIST.close);
            }
            Block::Literal(lines) => D::literal(&mut out, &lines),
        }
        // A block that shows nothing leaves no gap either.
        if out.len() == start {
            out.truncate(before);
        }
    }
    out
}

/// Writes `lines` in `layout`, each by `write`; a line that shows nothing is left out (in
/// Markdown an empty line would end the block). Returns how many lines were written.
fn write_lines(out: &mut String, layout: &Layout, lines: &[&str], mut write: impl FnMut(&mut String, &str)) -> usize {
    out.push_str(layout.open);
    let mut written = 0;
    for l in lines {
        let before = out.len();
        if written > 0 {
            out.push_str(layout.gap);
        }
        let start = out.len();
        write(out, l);
        if out.len() == start {
            out.truncate(before);
        } else {
            written += 1;
        }
    }
    out.push_str(layout.close);
    written
}

/// One line of inline markup being written at the end of `out`.
struct InlineLine<'o, D> {
    out: &'o mut String,
    /// Where the line starts in `out`.
    start: usize,
    line_start: bool,
    /// The text of code spans that directly follow each other: Markdown cannot write two
    /// code spans side by side (their fences would make one run), so they become one.
    code: Option<String>,
    dialect: std::marker::PhantomData<D>,
}

impl<'o, D: Dialect> InlineLine<'o, D> {
    fn new(out: &'o mut String, line_start: bool) -> Self {
        let start = out.len();
        InlineLine { out, start, line_start, code: None, dialect: std::marker::PhantomData }
    }

    fn flush_code(&mut self) {
        if let Some(code) = self.code.take() {
            D::code(self.out, &code);
        }
    }

    fn code(&mut self, text: &str) {
        self.code.get_or_insert_with(String::new).push_str(text);
    }

    /// Plain text; blanks at the start of the line are dropped.
    fn plain(&mut self, text: &str) {
        let at_start = self.out.len() == self.start && self.code.is_none();
        let text = if at_start { text.trim_start_matches([' ', '\t']) } else { text };
        if !text.is_empty() {
            self.flush_code();
            D::text(self.out, text, at_start && self.line_start);
        }
    }

    /// Markup other than code, written by `write`.
    fn markup(&mut self, write: impl FnOnce(&mut String)) {
        self.flush_code();
        write(self.out);
    }

    /// Ends the line, without blanks at its end (only plain text can end in one).
    fn finish(mut self) {
        self.flush_code();
        let end = self.start + self.out[self.start..].trim_end_matches([' ', '\t']).len();
        self.out.truncate(end);
    }
}

/// Inline markup: ``literal``, roles, `text <url>`_ links; everything else escaped. Blanks at
/// either end of the line are dropped (Markdown would drop them, or read two at the end as a
/// line break).
fn inline<D: Dialect>(out: &mut String, line: &str, group: &str, links: &dyn Links, line_start: bool) {
    let mut out = InlineLine::<D>::new(out, line_start);
    // Plain text runs from `plain_start` to `pos`; it is escaped as one piece when markup or
    // the end of the line is reached.
    let (mut pos, mut plain_start) = (0, 0);
    while pos < line.len() {
        // Markup starts only at a backquote or a colon.
        match line[pos..].find(['`', ':']) {
            None => break,
            Some(skip) if skip > 0 => {
                pos += skip;
                continue;
            }
            Some(_) => {}
        }
        let rest = &line[pos..];
        // ``literal``
        if let Some(after) = rest.strip_prefix("``") {
            if let Some(end) = after.find("``").filter(|e| *e > 0) {
                out.plain(&line[plain_start..pos]);
                out.code(&after[..end]);
                pos += 2 + end + 2;
                plain_start = pos;
                continue;
            }
        }
        // :role:`content`
        if rest.starts_with(':') {
            if let Some((role, content, len)) = role_at(rest) {
                out.plain(&line[plain_start..pos]);
                match resolve_role(role, content, group, links) {
                    RoleText::Link(label, anchor) => out.markup(|o| D::code_link(o, label, &anchor)),
                    RoleText::Code(label) => out.code(label),
                    RoleText::Plain(label) => out.plain(label),
                }
                pos += len;
                plain_start = pos;
                continue;
            }
        }
        // `text <url>`_ , `interpreted`
        if let Some(after) = rest.strip_prefix('`') {
            if let Some(end) = after.find('`').filter(|e| *e > 0) {
                let content = &after[..end];
                let mut len = 1 + end + 1;
                let tail = &rest[len..];
                let underscores = tail.chars().take_while(|c| *c == '_').count().min(2);
                len += underscores;
                out.plain(&line[plain_start..pos]);
                match (underscores > 0, link_parts(content)) {
                    (true, Some((label, url))) if is_web_url(url) => out.markup(|o| D::web_link(o, label, url)),
                    (true, Some((label, _))) => out.plain(label),
                    (true, None) => out.plain(content),
                    (false, _) => out.code(content),
                }
                pos += len;
                plain_start = pos;
                continue;
            }
        }
        // A backquote or colon that starts nothing: plain text (both are one byte).
        pos += 1;
    }
    out.plain(&line[plain_start..]);
    out.finish();
}

/// `:role:`content`` at the start of `s`: the role, the content and the length matched.
fn role_at(s: &str) -> Option<(&str, &str, usize)> {
    let after = s.strip_prefix(':')?;
    let role_len = after.find(":`")?;
    let role = &after[..role_len];
    if role.is_empty() || !role.chars().all(|c| c.is_ascii_alphanumeric() || ".-_:".contains(c)) {
        return None;
    }
    let content_start = 1 + role_len + 2;
    let end = s[content_start..].find('`')?;
    Some((role, &s[content_start..content_start + end], content_start + end + 1))
}

/// `Title <target>` -> ("Title", "target").
fn link_parts(content: &str) -> Option<(&str, &str)> {
    let open = content.rfind('<')?;
    let target = content[open + 1..].strip_suffix('>')?;
    Some((content[..open].trim_end(), target))
}

fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
}

/// What a role shows: a link to an anchor on the page, code, or plain text.
enum RoleText<'a> {
    Link(&'a str, String),
    Code(&'a str),
    Plain(&'a str),
}

fn resolve_role<'a>(role: &str, content: &'a str, group: &str, links: &dyn Links) -> RoleText<'a> {
    let (label, target) = match link_parts(content) {
        Some((label, target)) => (label, target),
        None => (content.trim_start_matches('~'), content.trim_start_matches('~')),
    };
    let anchor = match role {
        "oslo.config:option" => links.option(group, target),
        "oslo.config:group" => links.group(target),
        _ => None,
    };
    match (anchor, role) {
        (Some(anchor), _) => RoleText::Link(label, anchor),
        (None, "oslo.config:option" | "oslo.config:group" | "option" | "program" | "command" | "file" | "samp") => {
            RoleText::Code(label)
        }
        (None, _) => RoleText::Plain(label),
    }
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

    #[test]
    fn rst_habits_become_markdown() {
        let help = "\nUse ``http`` or see :oslo.config:option:`api_servers` and\n:oslo.config:option:`other.missing` in :oslo.config:group:`glance`.\n\nPossible values:\n\n* one\n  continued\n* two\n\nRelated options:\n* ``num_retries``\n\nExample::\n\n    key = value\n    [section]\n";
        let md = help_to_markdown(help, "glance", &Page);
        assert_eq!(
            md,
            "Use `http` or see [`api_servers`](#glance-api_servers) and\n`other.missing` in [`glance`](#glance).\n\n**Possible values:**\n\n- one\n  continued\n- two\n\n**Related options:**\n\n- `num_retries`\n\nExample:\n\n```text\nkey = value\n[section]\n```"
        );
    }

    #[test]
    fn hostile_text_is_escaped() {
        let md = help_to_markdown("<script>alert(1)</script> | a | b |\n[x](javascript:alert(1))\n# not a heading\n1. not a list\n{{handlebars}}", "g", &Page);
        assert_eq!(md, "\\<script\\>alert(1)\\</script\\> \\| a \\| b \\|\n\\[x\\](javascript:alert(1))\n\\# not a heading\n1\\. not a list\n{{handlebars}}");
        assert_eq!(help_to_markdown("`click <javascript:alert(1)>`_", "g", &Page), "click");
        assert_eq!(
            help_to_markdown("`docs <https://docs.openstack.org/x>`_", "g", &Page),
            "[docs](<https://docs.openstack.org/x>)"
        );
    }

    #[test]
    fn markup_that_markdown_would_misread_is_written_safely() {
        // Side by side code spans would make one backtick run: they become one span.
        assert_eq!(help_to_markdown("``a``` b ``c``", "g", &Page), "`a b c`\\`");
        // A label at the start of a line cannot start a heading; blanks at the ends go.
        assert_eq!(
            help_to_markdown("`# not a heading`_ and `trailing  `_", "g", &Page),
            "\\# not a heading and trailing"
        );
        // Only ASCII words keep a bare `_`: Markdown counts some letters as punctuation.
        assert_eq!(escape("a_b Ⓐ_Ⓐ"), "a_b Ⓐ\\_Ⓐ");
        // A link's destination is taken literally.
        assert_eq!(
            help_to_markdown("`x <https://h/a\\b?c=1&amp;d=2&e>`_", "g", &Page),
            "[x](<https://h/a\\\\b?c=1\\&amp;d=2&e>)"
        );
        // A span of spaces and a tab keeps all of them.
        assert_eq!(code(" \t "), "`  \t  `");
    }

    #[test]
    fn html_dialect_writes_what_pulldown_cmark_makes_of_the_markdown() {
        let help = "Use ``a````b`` or `docs <https://h/?a=1&amp;b>`_ and :oslo.config:option:`api_servers`.\n\nPossible values:\n\n* <one> & two\n* \n\nExample::\n\n    x = <y>\n";
        let html = help_in::<Html>(help, "glance", &Page);
        assert_eq!(html, crate::render::html::markdown_to_html(&help_to_markdown(help, "glance", &Page)));
        assert!(
            html.contains("<code>ab</code>") && html.contains("<a href=\"https://h/?a=1&amp;amp;b\">docs</a>"),
            "{html}"
        );
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(cell_code("a|b\nc"), "`a\\|b`<br>`c`");
    }
}
