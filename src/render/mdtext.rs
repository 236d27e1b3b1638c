//! Help texts written with oslo's reStructuredText habits, turned into safe Markdown.
//!
//! Help is data: the only Markdown structure in the result is what this module makes from
//! the habits it recognises (paragraphs, bullet lists, literal blocks, `Possible values:`-style
//! labels, ``literal``, `:oslo.config:option:` and `:oslo.config:group:` roles, links to
//! http(s) URLs). Every other character that Markdown, HTML or a table would read as structure
//! is escaped, so `<script>`, `| pipes |`, `[x](javascript:...)` or `# heading` in a help text
//! come out as the text they are.

use crate::oslo::textwrap::{is_py_space, splitlines};

/// Resolves `:oslo.config:option:` and `:oslo.config:group:` targets to anchors on the page.
pub trait Links {
    /// The anchor of option `name` (`group.name` or, relative to `current_group`, `name`).
    fn option(&self, current_group: &str, target: &str) -> Option<String>;
    fn group(&self, target: &str) -> Option<String>;
}

/// Escapes inline text: Markdown punctuation, HTML and table pipes become literal characters.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // `_` only makes emphasis at a word boundary; escaping it inside words would only
            // clutter names such as `api_servers`.
            '_' => {
                let inside_word = prev.is_some_and(char::is_alphanumeric) && chars.peek().is_some_and(|c| c.is_alphanumeric());
                if !inside_word {
                    out.push('\\');
                }
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// Escapes a line that starts a Markdown block: also the characters that are only special at
/// the start of a line (headings, quotes, list markers, setext underlines).
fn escape_line_start(line: &str) -> String {
    let escaped = escape(line);
    let first = escaped.chars().next();
    match first {
        Some('#' | '+' | '-' | '=' | '>' | ':') => format!("\\{escaped}"),
        Some(c) if c.is_ascii_digit() => {
            // `1.` or `1)` would start an ordered list.
            let digits = escaped.chars().take_while(char::is_ascii_digit).count();
            match escaped[digits..].chars().next() {
                Some(p @ ('.' | ')')) => format!("{}\\{p}{}", &escaped[..digits], &escaped[digits + 1..]),
                _ => escaped,
            }
        }
        _ => escaped,
    }
}

/// Inline code, fenced with more backticks than the text holds.
pub fn code(text: &str) -> String {
    let text: String = text.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty() { " " } else { "" };
    if text.is_empty() {
        return "` `".to_owned();
    }
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text for a table cell: like `escape`, and lines joined with `<br>`.
pub fn cell(text: &str) -> String {
    splitlines(text).iter().map(|l| escape(l)).collect::<Vec<_>>().join("<br>")
}

/// Inline code for a table cell: one code span per line, pipes escaped (GFM tables split
/// cells at `|` even inside code).
pub fn cell_code(text: &str) -> String {
    let lines = splitlines(text);
    if lines.is_empty() {
        return code("");
    }
    lines.iter().map(|l| code(l).replace('|', "\\|")).collect::<Vec<_>>().join("<br>")
}

/// One block of a help text.
#[derive(Debug)]
enum Block {
    Paragraph(Vec<String>),
    Label(String),
    List(Vec<Vec<String>>),
    Literal(Vec<String>),
}

fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ' || *c == '\t').count()
}

fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start_matches([' ', '\t']);
    ["* ", "- ", "+ ", "• "].iter().find_map(|m| t.strip_prefix(m)).or(if matches!(t, "*" | "-" | "+") { Some("") } else { None })
}

/// A short line ending in `:` on its own, such as `Possible values:` or `Related options:`.
fn is_label(lines: &[&str]) -> bool {
    let [line] = lines else { return false };
    let t = line.trim();
    t.ends_with(':') && !t.ends_with("::") && t.split_whitespace().count() <= 6 && t.chars().next().is_some_and(char::is_uppercase)
}

fn blocks(text: &str) -> Vec<Block> {
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
            let dedented: Vec<String> = chunk.iter().map(|l| l.chars().skip(min_indent).collect()).collect();
            match out.last_mut() {
                Some(Block::Literal(lines)) => {
                    lines.push(String::new());
                    lines.extend(dedented);
                }
                _ => out.push(Block::Literal(dedented)),
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
                out.push(Block::Label(text_lines[0].trim().to_owned()));
            } else {
                out.push(Block::Paragraph(text_lines.iter().map(|l| l.trim().to_owned()).collect()));
            }
        }
        if !list_lines.is_empty() {
            let item_indent = indent_of(list_lines[0]);
            let mut items: Vec<Vec<String>> = Vec::new();
            for line in list_lines {
                match bullet(line) {
                    Some(rest) if indent_of(line) <= item_indent || items.is_empty() => items.push(vec![rest.trim().to_owned()]),
                    _ => items.last_mut().unwrap().push(line.trim().to_owned()),
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
pub fn help_to_markdown(text: &str, group: &str, links: &dyn Links) -> String {
    let mut out: Vec<String> = Vec::new();
    for block in blocks(text) {
        match block {
            Block::Paragraph(lines) => {
                let mut lines = lines;
                if let Some(last) = lines.last_mut() {
                    // `Example::` introduces a literal block: Markdown shows one colon.
                    if last.ends_with("::") {
                        last.pop();
                        if last.trim().is_empty() {
                            lines.pop();
                        }
                    }
                }
                if !lines.is_empty() {
                    out.push(lines.iter().map(|l| inline(l, group, links, true)).collect::<Vec<_>>().join("\n"));
                }
            }
            Block::Label(label) => out.push(format!("**{}**", inline(&label, group, links, false))),
            Block::List(items) => out.push(
                items
                    .iter()
                    .map(|lines| {
                        let body: Vec<String> = lines.iter().map(|l| inline(l, group, links, true)).collect();
                        format!("- {}", body.join("\n  "))
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Block::Literal(lines) => {
                let longest = lines.iter().flat_map(|l| l.split(|c| c != '`')).map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                out.push(format!("{fence}text\n{}\n{fence}", lines.join("\n")));
            }
        }
    }
    out.join("\n\n")
}

/// Inline markup: ``literal``, roles, `text <url>`_ links; everything else escaped.
fn inline(line: &str, group: &str, links: &dyn Links, line_start: bool) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    // Plain text runs from `plain_start` to `pos`; it is escaped as one piece when markup or
    // the end of the line is reached.
    let (mut pos, mut plain_start) = (0, 0);
    let flush = |plain: &str, out: &mut String| {
        if !plain.is_empty() {
            out.push_str(&if out.is_empty() && line_start { escape_line_start(plain) } else { escape(plain) });
        }
    };
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
                flush(&line[plain_start..pos], &mut out);
                out.push_str(&code(&after[..end]));
                pos += 2 + end + 2;
                plain_start = pos;
                continue;
            }
        }
        // :role:`content`
        if rest.starts_with(':') {
            if let Some((role, content, len)) = role_at(rest) {
                flush(&line[plain_start..pos], &mut out);
                out.push_str(&render_role(role, content, group, links));
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
                flush(&line[plain_start..pos], &mut out);
                match (underscores > 0, link_parts(content)) {
                    (true, Some((label, url))) if is_web_url(url) => out.push_str(&format!("[{}](<{}>)", escape(label), url.replace(['<', '>', ' '], ""))),
                    (true, Some((label, _))) => out.push_str(&escape(label)),
                    (true, None) => out.push_str(&escape(content)),
                    (false, _) => out.push_str(&code(content)),
                }
                pos += len;
                plain_start = pos;
                continue;
            }
        }
        // A backquote or colon that starts nothing: plain text (both are one byte).
        pos += 1;
    }
    flush(&line[plain_start..], &mut out);
    out
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
    (lower.starts_with("https://") || lower.starts_with("http://")) && !url.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
}

fn render_role(role: &str, content: &str, group: &str, links: &dyn Links) -> String {
    let (label, target) = match link_parts(content) {
        Some((label, target)) => (label.to_owned(), target.to_owned()),
        None => (content.trim_start_matches('~').to_owned(), content.trim_start_matches('~').to_owned()),
    };
    let anchor = match role {
        "oslo.config:option" => links.option(group, &target),
        "oslo.config:group" => links.group(&target),
        _ => None,
    };
    match (anchor, role) {
        (Some(anchor), _) => format!("[{}](#{anchor})", code(&label)),
        (None, "oslo.config:option" | "oslo.config:group" | "option" | "program" | "command" | "file" | "samp") => code(&label),
        (None, _) => escape(&label),
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
        assert_eq!(help_to_markdown("`docs <https://docs.openstack.org/x>`_", "g", &Page), "[docs](<https://docs.openstack.org/x>)");
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(cell_code("a|b\nc"), "`a\\|b`<br>`c`");
    }
}
