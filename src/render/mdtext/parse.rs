//! The reStructuredText of help texts, parsed into blocks of inline nodes: what docutils
//! reads, by its rules (indentation makes structure; inline markup starts and ends only where
//! the recognition rules allow), and leniently where oslo's habits are not quite rst
//! (`Possible values:` straight above a list, a list right under a paragraph line).
//!
//! Whatever is not understood comes out as the text it is: an unknown directive as a
//! literal block of its lines, an inline start-string without its end as plain text.

use super::chars::{is_quote_pair, may_follow_end, may_precede_start};
use super::write::{flatten_emphasis, tidy, Mode};
use super::Links;
use crate::oslo::pychar::is_py_space;
use crate::oslo::textwrap::splitlines;
use std::collections::HashMap;

/// Inline content: text is the characters it shows, never markup.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    /// A line break inside a paragraph.
    Break,
    Code(String),
    Emphasis(String),
    Strong(String),
    /// A link to an http(s) URL.
    Link {
        label: String,
        url: String,
    },
    /// A link to an anchor on the page, labelled with code.
    CodeLink {
        label: String,
        anchor: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Alert {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

#[derive(Debug)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// A short line such as `Possible values:`, shown strong.
    Label(Vec<Inline>),
    /// `start`: the first number of an enumerated list; None for bullets.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Literal {
        lang: Option<String>,
        lines: Vec<String>,
    },
    /// An admonition at the top of the help (a GitHub alert in Markdown).
    Alert {
        kind: Alert,
        blocks: Vec<Block>,
    },
    /// A quote: an admonition inside a list, its kind written at its start.
    Quote(Vec<Block>),
}

/// Where the help's links go: its own hyperlink targets and the page's anchors.
pub struct Context<'c> {
    group: &'c str,
    links: &'c dyn Links,
    named: HashMap<String, String>,
    anonymous: Vec<String>,
    next_anonymous: usize,
}

impl<'c> Context<'c> {
    pub fn new(group: &'c str, links: &'c dyn Links) -> Self {
        Context { group, links, named: HashMap::new(), anonymous: Vec::new(), next_anonymous: 0 }
    }
}

/// Parses a whole help text.
pub fn help(text: &str, ctx: &mut Context) -> Vec<Block> {
    let lines = lines_of(text);
    if text.contains("__") || text.contains(".. _") {
        collect_targets(&lines, ctx);
    }
    let mut parser = Parser { ctx, depth: 0, levels: 0 };
    let blocks = parser.body(&lines);
    finish(blocks, false)
}

/// Parses one paragraph of inline markup (a table cell's text, a reason), tidied for `mode`.
pub fn inline_text(text: &str, ctx: &mut Context, mode: Mode) -> Vec<Inline> {
    let nodes = inline(&splitlines(text).join("\n"), ctx);
    tidy(nodes, mode)
}

/// The blocks as the writers take them: paragraphs tidied, whatever shows nothing left out,
/// lists that became neighbours made one, and (`nested`, where they are indented code in
/// Markdown, which would read them as one) literal blocks side by side too.
pub(super) fn finish(blocks: Vec<Block>, nested: bool) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let Some(block) = finish_block(block) {
            push_finished(&mut out, block, nested);
        }
    }
    out
}

/// One block finished on its own: None when it shows nothing (an admonition's emptiness is
/// decided by `push_finished`, as it may add to the one before).
fn finish_block(block: Block) -> Option<Block> {
    match block {
        Block::Paragraph(nodes) => Some(Block::Paragraph(tidy(nodes, Mode::Paragraph))).filter(has_content),
        Block::Label(nodes) => Some(Block::Label(tidy(flatten_emphasis(nodes), Mode::Line))).filter(has_content),
        Block::List { start, items } => {
            // An empty item shows nothing (and Markdown reads one oddly at a quote's start).
            let items: Vec<Vec<Block>> = items.into_iter().map(|i| finish(i, true)).filter(|i| !i.is_empty()).collect();
            (!items.is_empty()).then_some(Block::List { start, items })
        }
        Block::Literal { lines, .. } if lines.is_empty() => None,
        Block::Alert { kind, blocks } => Some(Block::Alert { kind, blocks: finish(blocks, true) }),
        Block::Quote(blocks) => Some(Block::Quote(finish(blocks, true))),
        block => Some(block),
    }
}

fn has_content(block: &Block) -> bool {
    matches!(block, Block::Paragraph(nodes) | Block::Label(nodes) if !nodes.is_empty())
}

/// Appends a finished block to finished blocks, joining it with the last where a reader would
/// read them as one: lists of one kind, literal blocks (`nested`), admonitions of one kind
/// (Python-Markdown reads quotes one after the other as one: two notes make a note of two
/// paragraphs). Only the blocks where the two meet can join, so nothing is finished twice.
fn push_finished(out: &mut Vec<Block>, block: Block, nested: bool) {
    match (out.last_mut(), block) {
        (Some(Block::List { start: first, items }), Block::List { start, items: more })
            if first.is_some() == start.is_some() =>
        {
            items.extend(more);
        }
        (Some(Block::Literal { lines: before, .. }), Block::Literal { lines, .. }) if nested => {
            before.push(String::new());
            before.extend(lines);
        }
        (Some(Block::Alert { kind: before, blocks: first }), Block::Alert { kind, blocks }) if *before == kind => {
            for block in blocks {
                push_finished(first, block, true);
            }
        }
        (Some(Block::Quote(first)), Block::Quote(blocks)) => {
            for block in blocks {
                push_finished(first, block, true);
            }
        }
        (_, Block::Alert { blocks, .. } | Block::Quote(blocks)) if blocks.is_empty() => {}
        (_, block) => out.push(block),
    }
}

#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    /// Columns of leading blanks (tabs to stops of eight, as docutils expands them).
    indent: usize,
    /// The line without its leading and trailing blanks; empty for a blank line.
    text: &'a str,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.text.is_empty()
    }
}

fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut out: Vec<Line> = splitlines(text)
        .into_iter()
        .map(|l| {
            let l = l.trim_end_matches(is_py_space);
            let mut indent = 0;
            let mut start = l.len();
            for (i, c) in l.char_indices() {
                match c {
                    ' ' => indent += 1,
                    '\t' => indent = (indent / 8 + 1) * 8,
                    _ => {
                        start = i;
                        break;
                    }
                }
            }
            let text = &l[start..];
            Line { indent: if text.is_empty() { 0 } else { indent }, text }
        })
        .collect();
    while out.last().is_some_and(Line::blank) {
        out.pop();
    }
    out
}

/// The index after the block indented more than `base` that starts at `i` (blank lines inside
/// it included, blank lines after it not).
fn indented_end(lines: &[Line], i: usize, base: usize) -> usize {
    let mut end = i;
    let mut j = i;
    while j < lines.len() && (lines[j].blank() || lines[j].indent > base) {
        if !lines[j].blank() {
            end = j + 1;
        }
        j += 1;
    }
    end
}

/// A block whose first line's text starts at column `column` and whose other lines are
/// `rest`: the first line at indent 0, the others less the smaller of that column and their
/// own least indent (docutils' "first known indented" blocks of list items and directives).
fn first_known_indented<'a>(first: Option<&'a str>, column: usize, rest: &[Line<'a>]) -> Vec<Line<'a>> {
    let least = rest.iter().filter(|l| !l.blank()).map(|l| l.indent).min().unwrap_or(0);
    let cut = if first.is_some() { least.min(column) } else { least };
    let mut out = Vec::with_capacity(rest.len() + 1);
    if let Some(first) = first.filter(|f| !f.is_empty()) {
        out.push(Line { indent: 0, text: first });
    }
    out.extend(rest.iter().map(|l| Line { indent: l.indent.saturating_sub(cut), text: l.text }));
    out
}

/// A bullet at the start of `text`: the text after it.
fn bullet(text: &str) -> Option<&str> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if !matches!(c, '*' | '-' | '+' | '•' | '‣' | '⁃') {
        return None;
    }
    let rest = chars.as_str();
    if rest.is_empty() {
        Some("")
    } else if rest.starts_with([' ', '\t']) {
        Some(rest.trim_start_matches([' ', '\t']))
    } else {
        None
    }
}

/// An enumerator at the start of `text` (`1.`, `2)`, `(3)`, `a.`, `#.`): its value (0 for
/// `#`, letters from 1), whether it is a letter, and the text after it.
fn enumerator(text: &str) -> Option<(u64, bool, &str)> {
    let (inner, rest) = if let Some(r) = text.strip_prefix('(') {
        let close = r.find(')')?;
        (&r[..close], &r[close + 1..])
    } else {
        let end = text.find(['.', ')'])?;
        (&text[..end], &text[end + 1..])
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) || inner.is_empty() {
        return None;
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    if inner == "#" {
        return Some((0, false, rest));
    }
    if inner.len() <= 4 && inner.bytes().all(|b| b.is_ascii_digit()) {
        return Some((inner.parse().ok()?, false, rest));
    }
    let b = inner.as_bytes();
    if b.len() == 1 && b[0].is_ascii_alphabetic() {
        return Some((u64::from(b[0].to_ascii_lowercase() - b'a' + 1), true, rest));
    }
    None
}

/// `.. name:: args`: the directive's name and what follows its `::`.
fn directive(after_dots: &str) -> Option<(&str, &str)> {
    if !after_dots.starts_with(char::is_alphanumeric) {
        return None;
    }
    // A name is made of these characters: no `::` after the first other one ends one.
    let name_chars =
        after_dots.find(|c: char| !(c.is_alphanumeric() || "-_.:+".contains(c))).unwrap_or(after_dots.len());
    let mut from = 0;
    while let Some(at) = after_dots[from..name_chars].find("::") {
        let at = from + at;
        let rest = &after_dots[at + 2..];
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            return Some((&after_dots[..at], rest.trim_matches([' ', '\t'])));
        }
        from = at + 1;
    }
    None
}

fn explicit_start(text: &str) -> Option<&str> {
    if text == ".." {
        Some("")
    } else {
        text.strip_prefix(".. ").or_else(|| text.strip_prefix("..\t")).map(|r| r.trim_start_matches([' ', '\t']))
    }
}

fn is_directive_line(text: &str) -> bool {
    explicit_start(text).is_some_and(|r| directive(r).is_some())
}

/// Reference names as docutils compares them: case and runs of blanks do not matter.
fn normalize_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A target's URL: its lines joined without blanks.
fn target_value(first: &str, more: &[Line]) -> String {
    let mut url: String = first.split_whitespace().collect();
    for l in more {
        url.extend(l.text.split_whitespace());
    }
    url
}

/// The help's hyperlink targets (`.. _name: url`, `.. __: url`, `__ url`), wherever they are.
fn collect_targets(lines: &[Line], ctx: &mut Context) {
    let mut aliases: Vec<(String, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.text;
        // The lines right under it, indented more, up to a blank line.
        let more =
            || lines[i + 1..].iter().take_while(|l| !l.blank() && l.indent > line.indent).copied().collect::<Vec<_>>();
        if let Some(rest) = t.strip_prefix("__ ").or(if t == "__" { Some("") } else { None }) {
            ctx.anonymous.push(target_value(rest, &more()));
            continue;
        }
        let Some(rest) = explicit_start(t).and_then(|r| r.strip_prefix('_')) else { continue };
        let (name, value) = if let Some(quoted) = rest.strip_prefix('`') {
            let Some(end) = quoted.find("`:") else { continue };
            (&quoted[..end], &quoted[end + 2..])
        } else {
            let Some(end) = rest.find(':') else { continue };
            (&rest[..end], &rest[end + 1..])
        };
        let value = target_value(value, &more());
        if name == "_" {
            ctx.anonymous.push(value);
        } else if value.is_empty() {
            // An internal target: nothing to link to.
        } else if let Some(alias) = value.strip_suffix('_').filter(|_| !is_web_url(&value)) {
            aliases.push((normalize_name(name), normalize_name(alias.trim_matches('`'))));
        } else {
            ctx.named.entry(normalize_name(name)).or_insert(value);
        }
    }
    for (name, alias) in aliases {
        if let Some(url) = ctx.named.get(&alias).cloned() {
            ctx.named.entry(name).or_insert(url);
        }
    }
}

/// How many bodies deep the parser goes (list items, admonitions, block quotes, a label's
/// indented content, each one level). A body deeper than this is a literal block of its lines:
/// the text as written, where Markdown would need more indentation per level (a list `d` deep
/// writes `d` columns before each of its lines) and the parser a stack frame per level. Help
/// texts nest four levels at most (nova's and every fixture's render the same with a limit of 4).
const MAX_LEVELS: usize = 16;

struct Parser<'p, 'c> {
    ctx: &'p mut Context<'c>,
    /// 0 for the help itself, more inside list items and admonitions.
    depth: usize,
    /// How many bodies deep the parser is (see `MAX_LEVELS`).
    levels: usize,
}

impl Parser<'_, '_> {
    /// The blocks of a list item's or an admonition's content.
    fn nested(&mut self, lines: &[Line]) -> Vec<Block> {
        self.depth += 1;
        let blocks = self.inner(lines);
        self.depth -= 1;
        blocks
    }

    /// The blocks of a body inside another: parsed one level down, or past `MAX_LEVELS` a
    /// literal block of its lines.
    fn inner(&mut self, lines: &[Line]) -> Vec<Block> {
        if self.levels == MAX_LEVELS {
            return vec![Block::Literal { lang: None, lines: literal_lines(lines) }];
        }
        self.levels += 1;
        let blocks = self.body(lines);
        self.levels -= 1;
        blocks
    }

    fn inline(&mut self, text: &str) -> Vec<Inline> {
        inline(text, self.ctx)
    }

    fn body(&mut self, lines: &[Line]) -> Vec<Block> {
        let base = lines.iter().filter(|l| !l.blank()).map(|l| l.indent).min().unwrap_or(0);
        let mut out: Vec<Block> = Vec::new();
        let mut literal_next = false;
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if line.blank() {
                i += 1;
                continue;
            }
            if line.indent > base {
                let end = indented_end(lines, i, base);
                if literal_next {
                    out.push(Block::Literal { lang: None, lines: literal_lines(&lines[i..end]) });
                } else {
                    // A block quote: its content, as the page has no use for the indent.
                    let inner = self.inner(&lines[i..end]);
                    out.extend(inner);
                }
                literal_next = false;
                i = end;
                continue;
            }
            literal_next = false;
            let t = line.text;
            if t.starts_with("__ ") || t == "__" {
                i = indented_end(lines, i + 1, base);
                continue;
            }
            if let Some(rest) = explicit_start(t) {
                i = self.explicit(lines, i, base, rest, &mut out);
                continue;
            }
            if bullet(t).is_some() {
                i = self.bullet_list(lines, i, base, &mut out);
                continue;
            }
            if let Some(next) = self.enumerated_list(lines, i, base, &mut out) {
                i = next;
                continue;
            }
            if is_table_border(t) || t.starts_with(">>>") {
                let end = (i..lines.len()).find(|&j| lines[j].blank()).unwrap_or(lines.len());
                let lang = if t.starts_with(">>>") { Some("pycon".to_owned()) } else { None };
                out.push(Block::Literal { lang, lines: literal_lines(&lines[i..end]) });
                i = end;
                continue;
            }
            let (next, literal) = self.paragraph(lines, i, base, &mut out);
            literal_next = literal;
            i = next;
        }
        merge_lists(out)
    }

    /// A paragraph from line `i`, and what hangs below it without a blank line. Returns where
    /// parsing goes on and whether a literal block is announced (`::`).
    fn paragraph(&mut self, lines: &[Line], i: usize, base: usize, out: &mut Vec<Block>) -> (usize, bool) {
        let mut j = i + 1;
        // A list or a directive straight under a line of text still starts (oslo's habit).
        while j < lines.len()
            && !lines[j].blank()
            && lines[j].indent == base
            && bullet(lines[j].text).is_none()
            && !is_directive_line(lines[j].text)
        {
            j += 1;
        }
        let mut texts: Vec<&str> = lines[i..j].iter().map(|l| l.text).collect();
        if j < lines.len() && !lines[j].blank() && lines[j].indent > base {
            let end = indented_end(lines, j, base);
            let last = texts[texts.len() - 1];
            if last.ends_with("::") {
                let literal = literal_lines(&lines[j..end]);
                self.push_paragraph(&mut texts, out);
                out.push(Block::Literal { lang: None, lines: literal });
                return (end, false);
            }
            if last.ends_with(':') {
                // `Possible values:` with its content indented below.
                self.push_paragraph(&mut texts, out);
                let inner = self.inner(&lines[j..end]);
                out.extend(inner);
                return (end, false);
            }
            if texts.len() == 1 && is_term(last) {
                return (self.definitions(lines, i, base, out), false);
            }
            // Otherwise the indented lines go on with the paragraph, up to a blank line.
            let mut k = j;
            while k < lines.len() && !lines[k].blank() && lines[k].indent > base {
                texts.push(lines[k].text);
                k += 1;
            }
            let literal = self.push_paragraph(&mut texts, out);
            return (k, literal);
        }
        // `Title` over a line of `=` or `-`: a heading in rst, a label here.
        if texts.len() == 2 && is_underline(texts[1], texts[0]) {
            let label = self.inline(texts[0]);
            out.push(Block::Label(label));
            return (j, false);
        }
        let literal = self.push_paragraph(&mut texts, out);
        (j, literal)
    }

    /// Pushes a paragraph (or a label) of `texts`; returns whether it ends in `::`.
    fn push_paragraph(&mut self, texts: &mut Vec<&str>, out: &mut Vec<Block>) -> bool {
        let label = texts.len() == 1 && is_label(texts[0]);
        let Some(last) = texts.last_mut() else { return false };
        let mut literal = false;
        if *last == "::" {
            texts.pop();
            literal = true;
        } else if let Some(stripped) = last.strip_suffix("::") {
            // `Example::` shows one colon, `text ::` none.
            *last = if stripped.ends_with([' ', '\t']) { stripped.trim_end() } else { &last[..last.len() - 1] };
            literal = true;
        }
        if texts.is_empty() {
            return literal;
        }
        if label {
            let label = self.inline(texts[0]);
            out.push(Block::Label(label));
        } else {
            let text = texts.join("\n");
            let inlines = self.inline(&text);
            out.push(Block::Paragraph(inlines));
        }
        literal
    }

    /// A definition list from line `i`: terms, each with its definition indented below.
    /// Written as a list whose items start with the term and ` — `.
    fn definitions(&mut self, lines: &[Line], mut i: usize, base: usize, out: &mut Vec<Block>) -> usize {
        let mut items = Vec::new();
        loop {
            let term = lines[i].text;
            let end = indented_end(lines, i + 1, base);
            let body = first_known_indented(None, 0, &lines[i + 1..end]);
            let mut blocks = self.nested(&body);
            let mut first = self.inline(term);
            match blocks.first_mut() {
                Some(Block::Paragraph(def)) => {
                    first.push(Inline::Text(" — ".to_owned()));
                    first.append(def);
                    blocks[0] = Block::Paragraph(first);
                }
                _ => blocks.insert(0, Block::Paragraph(first)),
            }
            items.push(blocks);
            let mut next = end;
            while next < lines.len() && lines[next].blank() {
                next += 1;
            }
            let continues = next + 1 < lines.len()
                && lines[next].indent == base
                && is_term(lines[next].text)
                && !lines[next + 1].blank()
                && lines[next + 1].indent > base
                && bullet(lines[next].text).is_none()
                && explicit_start(lines[next].text).is_none();
            if !continues {
                out.push(Block::List { start: None, items });
                return end;
            }
            i = next;
        }
    }

    fn bullet_list(&mut self, lines: &[Line], mut i: usize, base: usize, out: &mut Vec<Block>) -> usize {
        let marker = lines[i].text.chars().next();
        let mut items = Vec::new();
        loop {
            let text = lines[i].text;
            let first = bullet(text).unwrap_or("");
            let column = lines[i].indent + (text.len() - first.len());
            let end = self.item(lines, i, base, first, column, &mut items);
            let mut next = end;
            while next < lines.len() && lines[next].blank() {
                next += 1;
            }
            let same = next < lines.len()
                && lines[next].indent == base
                && bullet(lines[next].text).is_some()
                && lines[next].text.chars().next() == marker;
            if !same {
                out.push(Block::List { start: None, items });
                return end;
            }
            i = next;
        }
    }

    /// One list item from line `i` (its first text `first`, at `column`): lines right under
    /// it that are not indented go on with it, then everything indented more than `base`.
    fn item(
        &mut self,
        lines: &[Line],
        i: usize,
        base: usize,
        first: &str,
        column: usize,
        items: &mut Vec<Vec<Block>>,
    ) -> usize {
        let mut k = i + 1;
        let mut lazy = Vec::new();
        while k < lines.len()
            && !lines[k].blank()
            && lines[k].indent == base
            && bullet(lines[k].text).is_none()
            && enumerator(lines[k].text).is_none()
            && explicit_start(lines[k].text).is_none()
        {
            lazy.push(Line { indent: 0, text: lines[k].text });
            k += 1;
        }
        let end = indented_end(lines, k, base);
        let mut body = first_known_indented(Some(first), column, &lines[k..end]);
        if !lazy.is_empty() {
            let at = usize::from(!first.is_empty());
            body.splice(at..at, lazy);
        }
        let blocks = self.nested(&body);
        items.push(blocks);
        end.max(k)
    }

    fn enumerated_list(&mut self, lines: &[Line], mut i: usize, base: usize, out: &mut Vec<Block>) -> Option<usize> {
        let (value, letter, _) = enumerator(lines[i].text)?;
        // As docutils: the line after the first item's must not simply go on with its text.
        let next_line = lines.get(i + 1);
        if next_line.is_some_and(|l| !l.blank() && l.indent == base && enumerator(l.text).is_none()) {
            return None;
        }
        let mut items = Vec::new();
        let mut expected = value;
        let mut prefixes = Vec::new();
        loop {
            let text = lines[i].text;
            let (_, _, first) = enumerator(text)?;
            let column = lines[i].indent + (text.len() - first.len());
            prefixes.push(&text[..text.len() - first.len()]);
            let end = self.item(lines, i, base, first, column, &mut items);
            let mut next = end;
            while next < lines.len() && lines[next].blank() {
                next += 1;
            }
            expected += 1;
            let continues = next < lines.len()
                && lines[next].indent == base
                && enumerator(lines[next].text)
                    .is_some_and(|(v, l, _)| l == letter && (v == expected || (v == 0 && value == 0)));
            if !continues {
                if letter {
                    // Markdown has no lettered lists: a bullet list, each item led by its letter.
                    for (item, prefix) in items.iter_mut().zip(prefixes) {
                        let lead = Inline::Text(format!("{} ", prefix.trim_end()));
                        match item.first_mut() {
                            Some(Block::Paragraph(p)) => p.insert(0, lead),
                            _ => item.insert(0, Block::Paragraph(vec![lead])),
                        }
                    }
                    out.push(Block::List { start: None, items });
                } else {
                    out.push(Block::List { start: Some(value.max(1)), items });
                }
                return Some(end);
            }
            i = next;
        }
    }

    /// Explicit markup from line `i` (`rest`: what follows its `..`): a directive, a target
    /// or a comment. Returns the index after it.
    fn explicit(&mut self, lines: &[Line], i: usize, base: usize, rest: &str, out: &mut Vec<Block>) -> usize {
        let end = indented_end(lines, i + 1, base);
        let block = &lines[i + 1..end];
        if rest.starts_with('_') {
            return end; // a target, collected before
        }
        let Some((name, args)) = directive(rest) else {
            if rest.starts_with('[') || rest.starts_with('|') {
                // Footnotes, citations and substitutions: shown as they are written.
                out.push(Block::Literal { lang: None, lines: literal_lines(&lines[i..end]) });
            }
            // Anything else is a comment, which rst does not show.
            return end;
        };
        let column = lines[i].indent + (lines[i].text.len() - args.len());
        let content = |with_args: bool| {
            let first = if with_args { Some(args) } else { None };
            skip_options(first_known_indented(first, column, block), !with_args || args.is_empty())
        };
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "note" | "tip" | "hint" | "important" | "attention" | "warning" | "caution" | "danger" | "error" => {
                let (kind, title) = match lower.as_str() {
                    "note" => (Alert::Note, "Note"),
                    "tip" => (Alert::Tip, "Tip"),
                    "hint" => (Alert::Tip, "Hint"),
                    "important" => (Alert::Important, "Important"),
                    "attention" => (Alert::Important, "Attention"),
                    "warning" => (Alert::Warning, "Warning"),
                    "caution" => (Alert::Caution, "Caution"),
                    "danger" => (Alert::Caution, "Danger"),
                    _ => (Alert::Caution, "Error"),
                };
                let blocks = self.nested(&content(true));
                // GitHub's alerts have these five kinds; a nested one is a quote led by its name.
                let lead = (self.depth > 0 || kind_shown(&lower) != title).then(|| format!("{title}:"));
                self.admonition(kind, lead.map(|l| vec![Inline::Strong(l)]), blocks, out);
            }
            "seealso" => {
                let blocks = self.nested(&content(true));
                self.admonition(Alert::Note, Some(vec![Inline::Strong("See also:".to_owned())]), blocks, out);
            }
            "admonition" => {
                let title = self.inline(args);
                let blocks = self.nested(&content(false));
                let lead = vec![Inline::Strong(plain_text(&title))];
                self.admonition(Alert::Note, Some(lead), blocks, out);
            }
            "versionadded" | "versionchanged" | "deprecated" | "deprecated-removed" => {
                let (version, explanation) = args.split_once([' ', '\t']).unwrap_or((args, ""));
                let (kind, what) = match lower.as_str() {
                    "versionadded" => (Alert::Note, format!("Added in version {version}")),
                    "versionchanged" => (Alert::Note, format!("Changed in version {version}")),
                    "deprecated" => (Alert::Warning, format!("Deprecated since version {version}")),
                    _ => {
                        let (version, removed) = (version, explanation.split_whitespace().next().unwrap_or(""));
                        (
                            Alert::Warning,
                            format!("Deprecated since version {version}, will be removed in version {removed}"),
                        )
                    }
                };
                let explanation = if lower == "deprecated-removed" {
                    explanation.split_once([' ', '\t']).map_or("", |(_, e)| e)
                } else {
                    explanation
                };
                let explanation = explanation.trim_start_matches([' ', '\t']);
                let first = if explanation.is_empty() { None } else { Some(explanation) };
                let body = skip_options(first_known_indented(first, column, block), first.is_none());
                let blocks = self.nested(&body);
                let lead = if blocks.is_empty() { format!("{what}.") } else { format!("{what}:") };
                self.admonition(kind, Some(vec![Inline::Emphasis(lead)]), blocks, out);
            }
            "code-block" | "code" | "sourcecode" => {
                let body = content(false);
                let lang = args.split_whitespace().next().map(str::to_owned);
                let literal = literal_lines(&body);
                if !literal.is_empty() {
                    out.push(Block::Literal { lang, lines: literal });
                }
            }
            "highlight" => {}
            "rubric" => {
                let label = self.inline(args);
                out.push(Block::Label(label));
            }
            "topic" | "sidebar" => {
                let label = self.inline(args);
                out.push(Block::Label(label));
                let blocks = self.inner(&content(false));
                out.extend(blocks);
            }
            "only" | "container" | "compound" | "hlist" | "highlights" | "pull-quote" | "epigraph" | "class" => {
                let blocks = self.inner(&content(false));
                out.extend(blocks);
            }
            _ => out.push(Block::Literal { lang: None, lines: literal_lines(&lines[i..end]) }),
        }
        end
    }

    /// Pushes an admonition: an alert at the top of the help, a quote inside anything else;
    /// `lead` starts its first paragraph.
    fn admonition(&mut self, kind: Alert, lead: Option<Vec<Inline>>, mut blocks: Vec<Block>, out: &mut Vec<Block>) {
        if let Some(mut lead) = lead {
            match blocks.first_mut() {
                Some(Block::Paragraph(p)) => {
                    lead.push(Inline::Text(" ".to_owned()));
                    lead.append(p);
                    *p = lead;
                }
                _ => blocks.insert(0, Block::Paragraph(lead)),
            }
        }
        if blocks.is_empty() {
            return;
        }
        if self.depth == 0 {
            out.push(Block::Alert { kind, blocks });
        } else {
            out.push(Block::Quote(blocks));
        }
    }
}

/// The name GitHub shows for an alert of an admonition's kind, when it is the admonition's own.
fn kind_shown(directive: &str) -> &'static str {
    match directive {
        "note" => "Note",
        "tip" => "Tip",
        "important" => "Important",
        "warning" => "Warning",
        "caution" => "Caution",
        _ => "",
    }
}

/// The text of inline nodes, without their markup.
fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) | Inline::Emphasis(t) | Inline::Strong(t) => s.push_str(t),
            Inline::Break => s.push(' '),
            Inline::Link { label, .. } | Inline::CodeLink { label, .. } => s.push_str(label),
        }
    }
    s
}

/// A directive's content without the option lines (`:linenos:`, `:class: x`) that open it.
fn skip_options(mut lines: Vec<Line>, options_allowed: bool) -> Vec<Line> {
    if options_allowed {
        let options = lines
            .iter()
            .take_while(|l| !l.blank() && l.indent == 0 && l.text.starts_with(':') && l.text[1..].contains(':'))
            .count();
        lines.drain(..options);
    }
    lines
}

/// Lines of a literal block: less their common indent, tabs expanded, a NUL shown as U+FFFD
/// (as Markdown shows it, though pulldown-cmark leaves it in code blocks).
fn literal_lines(lines: &[Line]) -> Vec<String> {
    let least = lines.iter().filter(|l| !l.blank()).map(|l| l.indent).min().unwrap_or(0);
    let mut out: Vec<String> = lines
        .iter()
        .skip_while(|l| l.blank())
        .map(|l| {
            if l.blank() {
                return String::new();
            }
            let mut s = " ".repeat(l.indent - least);
            let mut col = l.indent;
            for c in l.text.chars() {
                if c == '\t' {
                    let stop = (col / 8 + 1) * 8;
                    s.extend(std::iter::repeat_n(' ', stop - col));
                    col = stop;
                } else {
                    s.push(if c == '\0' { '\u{FFFD}' } else { c });
                    col += 1;
                }
            }
            s
        })
        .collect();
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn is_table_border(t: &str) -> bool {
    let grid = (t.starts_with("+-") || t.starts_with("+=")) && t.ends_with('+') && t.len() > 2;
    let simple = t.contains("  ")
        && t.split_whitespace().count() >= 2
        && t.split_whitespace().all(|w| w.bytes().all(|b| b == b'='));
    grid || simple
}

fn is_underline(line: &str, title: &str) -> bool {
    let mut chars = line.chars();
    let Some(c) = chars.next() else { return false };
    "=-~^\"'`#*+".contains(c) && chars.all(|d| d == c) && line.chars().count() >= title.chars().count().max(3)
}

/// A short line ending in `:` on its own, such as `Possible values:` or `Related options:`.
fn is_label(t: &str) -> bool {
    t.ends_with(':')
        && !t.ends_with("::")
        && t.split_whitespace().count() <= 6
        && t.chars().next().is_some_and(char::is_uppercase)
}

/// A line that reads as a definition list's term: short, and not a sentence that goes on.
fn is_term(t: &str) -> bool {
    t.split_whitespace().count() <= 5
        && t.chars().last().is_some_and(|c| c.is_alphanumeric() || "`)]>\"'*_".contains(c))
        && bullet(t).is_none()
}

/// Lists of the same kind one after the other are one list (as Markdown would read them).
fn merge_lists(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let Block::List { start, items: more } = block {
            if let Some(Block::List { start: first, items }) = out.last_mut() {
                if first.is_some() == start.is_some() {
                    items.extend(more);
                    continue;
                }
            }
            out.push(Block::List { start, items: more });
        } else {
            out.push(block);
        }
    }
    out
}

// Inline markup.

/// Characters a backslash escapes: it goes, and the character is only text. Other
/// backslashes stay, as help texts are also read raw (`^\d+$`, `amq\.`).
fn escapable(c: char) -> bool {
    matches!(c, '*' | '`' | '_' | '|' | '\\' | ' ' | '\n' | ':' | '<' | '>')
}

/// Marks escapes as docutils does, with a NUL before the escaped character (a NUL of the text
/// itself becomes U+FFFD, as Markdown shows it).
fn mark_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\\', '\0']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '\\' if chars.peek().is_some_and(|n| escapable(*n)) => out.push('\0'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text without escape marks: an escaped blank or line break goes with its backslash.
fn unescape(s: &str) -> String {
    if !s.contains('\0') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\0' {
            match chars.next() {
                Some(' ' | '\n') | None => {}
                Some(c) => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A literal's text: its backslashes are its own.
fn restore(s: &str) -> String {
    s.replace('\0', "\\")
}

fn one_line(s: String) -> String {
    if s.contains('\n') {
        s.replace('\n', " ")
    } else {
        s
    }
}

fn is_ws(c: char) -> bool {
    is_py_space(c)
}

fn prev_char(s: &str, at: usize) -> Option<char> {
    s[..at].chars().next_back()
}

/// Whether inline markup may start at `at`: at the start, or after whitespace, an opener or a
/// delimiter.
fn start_ok(s: &str, at: usize) -> bool {
    prev_char(s, at).is_none_or(|c| is_ws(c) || may_precede_start(c))
}

/// Whether inline markup may end just before `at`.
fn end_ok(s: &str, at: usize) -> bool {
    s[at..].chars().next().is_none_or(|c| is_ws(c) || c == '\0' || may_follow_end(c))
}

/// Whether the start-string from `at` to `after` is quoted: between `(` and `)`, `'` and `'`.
fn quoted(s: &str, at: usize, after: usize) -> bool {
    match (prev_char(s, at), s[after..].chars().next()) {
        (Some(p), Some(n)) => is_quote_pair(p, n),
        (Some(_), None) => true,
        _ => false,
    }
}

/// The first end-string `end` (ASCII) at byte `from` or after that may end markup: not after
/// whitespace (nor after an escape unless `escapes_ok`), and followed by what may follow an end.
fn next_end(s: &str, from: usize, end: &str, escapes_ok: bool) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut search = from;
    while let Some(p) = bytes.get(search..)?.iter().position(|&b| b == end.as_bytes()[0]) {
        let at = search + p;
        let fine = bytes[at..].starts_with(end.as_bytes())
            && prev_char(s, at).is_some_and(|c| !is_ws(c) && (escapes_ok || c != '\0'))
            && end_ok(s, at + end.len());
        if fine {
            return Some(at);
        }
        search = at + 1;
    }
    None
}

/// Searches for the first match at a position or after, remembered: inline markup is read
/// from left to right, so what one search found (or that it found nothing) answers every
/// later search that starts before it, and the text is scanned once, not once per
/// start-string (`*a *a *a ...` would be quadratic).
struct Memo<T> {
    /// Where the last search started, and what it found (`at` gives a match's position).
    last: Option<(usize, Option<T>)>,
    at: fn(&T) -> usize,
}

impl<T: Copy> Memo<T> {
    fn new(at: fn(&T) -> usize) -> Self {
        Memo { last: None, at }
    }

    fn find(&mut self, from: usize, search: impl FnOnce(usize) -> Option<T>) -> Option<T> {
        if let Some((start, found)) = self.last {
            if start <= from && found.as_ref().is_none_or(|f| (self.at)(f) >= from) {
                return found;
            }
        }
        let found = search(from);
        self.last = Some((from, found));
        found
    }
}

/// The searches of one text's inline markup: the end-strings of `**`, `*`, ``` `` ``` and
/// `` _` ``, and the ends of interpreted text.
struct Ends<'s> {
    strings: [Memo<usize>; 4],
    interpreted: Memo<(usize, usize, Suffix<'s>)>,
}

impl<'s> Ends<'s> {
    fn new() -> Self {
        let at = |a: &usize| *a;
        Ends {
            strings: [Memo::new(at), Memo::new(at), Memo::new(at), Memo::new(at)],
            interpreted: Memo::new(|(a, _, _)| *a),
        }
    }
}

/// docutils' simplename at the start of `s`: word characters with isolated `-._+:` inside.
fn simplename(s: &str) -> usize {
    let mut len = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            len = i + c.len_utf8();
        } else if "-._+:".contains(c) && len == i && len > 0 {
            match chars.peek() {
                Some((_, n)) if n.is_alphanumeric() => {}
                _ => break,
            }
        } else {
            break;
        }
    }
    len
}

/// The length of `http://` or `https://` (in any case) at the start of `s`.
fn web_scheme(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let is = |at: usize, text: &[u8]| b.get(at..at + text.len()).is_some_and(|p| p.eq_ignore_ascii_case(text));
    if !is(0, b"http") {
        None
    } else if is(4, b"://") {
        Some(7)
    } else if is(4, b"s://") {
        Some(8)
    } else {
        None
    }
}

fn is_web_url(url: &str) -> bool {
    web_scheme(url).is_some_and(|n| url.len() > n)
        && !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '|' | '\0'))
}

/// A standalone http(s) URI at the start of `s` (docutils' pattern): its length.
fn standalone_uri(s: &str) -> Option<usize> {
    let scheme = web_scheme(s)?;
    let uric = |c: char| c.is_ascii_alphanumeric() || "-_.!~*'()[];/:@&=+$,%".contains(c);
    let last = |c: char| c.is_ascii_alphanumeric() || "_~*/=+".contains(c);
    // A part: URI characters, ending in one that may end a URI.
    let part = |from: usize| -> usize {
        let run = s[from..].find(|c: char| !uric(c)).map_or(s.len(), |n| from + n);
        let mut end = run;
        while end > from {
            let c = s[..end].chars().next_back().unwrap();
            if last(c) || s[end..].starts_with('>') {
                break;
            }
            end -= c.len_utf8();
        }
        end
    };
    let mut end = part(scheme);
    if end == scheme {
        return None;
    }
    for mark in ['?', '#'] {
        if s[end..].starts_with(mark) {
            let e = part(end + 1);
            if e > end + 1 {
                end = e;
            }
        }
    }
    end_ok(s, end).then_some(end)
}

/// `text <target>` at the end of a phrase reference: the text and the target.
fn embedded(content: &str) -> Option<(&str, &str)> {
    let inner = content.strip_suffix('>')?;
    let open = inner.rfind('<')?;
    let target = &inner[open + 1..];
    let text = &inner[..open];
    if target.is_empty() || target.starts_with(is_ws) || target.ends_with(is_ws) || target.contains('>') {
        return None;
    }
    if !(text.is_empty() || text.ends_with([' ', '\n'])) {
        return None;
    }
    Some((text.trim_end(), target))
}

struct InlineOut {
    nodes: Vec<Inline>,
}

impl InlineOut {
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let text = unescape(raw);
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                self.nodes.push(Inline::Break);
            }
            if !part.is_empty() {
                match self.nodes.last_mut() {
                    Some(Inline::Text(t)) => t.push_str(part),
                    _ => self.nodes.push(Inline::Text(part.to_owned())),
                }
            }
        }
    }
}

/// Parses inline markup (`text`: lines joined with `\n`).
fn inline(text: &str, ctx: &mut Context) -> Vec<Inline> {
    let marked = mark_escapes(text);
    let s: &str = &marked;
    let mut out = InlineOut { nodes: Vec::new() };
    let mut ends = Ends::new();
    let mut plain = 0;
    let mut pos = 0;
    let refs = !ctx.named.is_empty() || ctx.next_anonymous < ctx.anonymous.len();
    while pos < s.len() {
        // Markup starts only at these characters (and at names, when the help has targets).
        let next = if refs {
            s[pos..].find(|c: char| c.is_alphanumeric() || matches!(c, '*' | '`' | '_' | ':'))
        } else {
            s[pos..].find(['*', '`', '_', ':', 'h', 'H'])
        };
        let Some(skip) = next else { break };
        pos += skip;
        let c = s[pos..].chars().next().unwrap();
        let url = matches!(c, 'h' | 'H') && web_scheme(&s[pos..]).is_some();
        if matches!(c, 'h' | 'H') && !url && !refs || !start_ok(s, pos) {
            pos += c.len_utf8();
            continue;
        }
        match markup_at(s, pos, ctx, &mut ends) {
            Found::Node(end, node) => {
                out.text(&s[plain..pos]);
                match node {
                    Some(Inline::Text(t)) => out.text(&t),
                    Some(node) => out.nodes.push(node),
                    None => {}
                }
                pos = end;
                plain = end;
            }
            Found::Skip(to) => pos = to,
        }
    }
    out.text(&s[plain..]);
    // A help text of many one-word paragraphs keeps a list per paragraph: none with room to spare.
    out.nodes.shrink_to_fit();
    out.nodes
}

enum Found {
    /// Markup up to this index, and what it shows (text is given raw, escapes marked).
    Node(usize, Option<Inline>),
    /// No markup: the characters up to this index are text.
    Skip(usize),
}

fn markup_at<'s>(s: &'s str, pos: usize, ctx: &mut Context, ends: &mut Ends<'s>) -> Found {
    let rest = &s[pos..];
    let not_ws_at = |i: usize| s[i..].chars().next().is_some_and(|c| !is_ws(c));
    // **strong**, *emphasis*, ``literal``, _`target`
    for (start, end, kind) in [("**", "**", 0), ("*", "*", 1), ("``", "``", 2), ("_`", "`", 3)] {
        if !rest.starts_with(start) || (kind == 1 && rest.starts_with("**")) {
            continue;
        }
        let from = pos + start.len();
        if !not_ws_at(from) {
            return Found::Skip(from);
        }
        if quoted(s, pos, from) {
            return Found::Skip(from);
        }
        // At least one character in.
        let search = |after| next_end(s, after, end, kind == 2);
        let Some(at) = ends.strings[kind].find(from + 1, search) else { return Found::Skip(from) };
        let content = &s[from..at];
        let node = match kind {
            0 => Inline::Strong(one_line(unescape(content))),
            1 => Inline::Emphasis(one_line(unescape(content))),
            2 => Inline::Code(one_line(restore(content))),
            _ => Inline::Text(content.to_owned()),
        };
        return Found::Node(at + end.len(), Some(node));
    }
    // :role:`interpreted` and `interpreted`, `phrase references`_
    let (role, tick) = if let Some(after_colon) = rest.strip_prefix(':') {
        let name = simplename(after_colon);
        if name > 0 && after_colon[name..].starts_with(":`") {
            (Some(&after_colon[..name]), pos + 1 + name + 1)
        } else {
            (None, usize::MAX)
        }
    } else if rest.starts_with('`') {
        (None, pos)
    } else {
        (None, usize::MAX)
    };
    if tick != usize::MAX {
        let from = tick + 1;
        if s[from..].starts_with('`') || !not_ws_at(from) {
            return Found::Skip(from);
        }
        if role.is_none() && quoted(s, pos, from) {
            return Found::Skip(from);
        }
        // At least one character in.
        if let Some((at, end, suffix)) = ends.interpreted.find(from + 1, |after| interpreted_end(s, after)) {
            let content = &s[from..at];
            let node = match (role, suffix) {
                (Some(_), Suffix::Role(_) | Suffix::Reference(_)) => Inline::Text(content.to_owned()),
                (None, Suffix::Reference(anonymous)) => phrase_reference(content, anonymous, ctx),
                (Some(r), Suffix::None) | (None, Suffix::Role(r)) => interpreted(r, content, ctx),
                (None, Suffix::None) => Inline::Code(one_line(unescape(content))),
            };
            return Found::Node(end, Some(node));
        }
        return Found::Skip(from);
    }
    // A standalone http(s) URL.
    if let Some(len) = standalone_uri(rest) {
        let url = unescape(&rest[..len]);
        if is_web_url(&url) {
            return Found::Node(pos + len, Some(Inline::Link { label: url.clone(), url }));
        }
        return Found::Skip(pos + len);
    }
    // name_ and name__ references, when the help has their targets.
    let name = simplename(rest);
    if name > 0 {
        let after = &rest[name..];
        let underscores = after.bytes().take_while(|b| *b == b'_').count();
        if (1..=2).contains(&underscores) && end_ok(s, pos + name + underscores) {
            let label = &rest[..name];
            let url = if underscores == 2 {
                let url = ctx.anonymous.get(ctx.next_anonymous).cloned();
                ctx.next_anonymous += 1;
                url
            } else {
                ctx.named.get(&normalize_name(label)).cloned()
            };
            if let Some(url) = url.filter(|u| is_web_url(u)) {
                return Found::Node(pos + name + underscores, Some(Inline::Link { label: label.to_owned(), url }));
            }
        }
        return Found::Skip(pos + name.max(1));
    }
    Found::Skip(pos + rest.chars().next().map_or(1, char::len_utf8))
}

#[derive(Clone, Copy)]
enum Suffix<'a> {
    None,
    Role(&'a str),
    /// `_` or (true) `__`.
    Reference(bool),
}

/// The first end of interpreted text at byte `from` or after: where the backquote is, where
/// the construct ends and what follows the backquote.
fn interpreted_end(s: &str, from: usize) -> Option<(usize, usize, Suffix<'_>)> {
    let mut search = from;
    while let Some(p) = s.as_bytes().get(search..)?.iter().position(|&b| b == b'`') {
        let at = search + p;
        search = at + 1;
        let before = prev_char(s, at);
        let escaped_ws = before.is_some_and(|c| is_ws(c) && s[..at - c.len_utf8()].ends_with('\0'));
        if before.is_some_and(|c| (is_ws(c) && !escaped_ws) || c == '\0') {
            continue;
        }
        let after = &s[at + 1..];
        let (len, suffix) = if after.starts_with("__") {
            (2, Suffix::Reference(true))
        } else if after.starts_with('_') {
            (1, Suffix::Reference(false))
        } else if let Some(after_colon) = after.strip_prefix(':') {
            let name = simplename(after_colon);
            if name > 0 && after_colon[name..].starts_with(':') {
                (name + 2, Suffix::Role(&after_colon[..name]))
            } else {
                (0, Suffix::None)
            }
        } else {
            (0, Suffix::None)
        };
        let end = at + 1 + len;
        if end_ok(s, end) {
            return Some((at, end, suffix));
        }
        if len > 0 && end_ok(s, at + 1) {
            return Some((at, at + 1, Suffix::None));
        }
    }
    None
}

fn phrase_reference(content: &str, anonymous: bool, ctx: &mut Context) -> Inline {
    let (text, url) = match embedded(content) {
        Some((text, target)) => {
            let raw_target = unescape(target);
            let url = if raw_target.ends_with('_') && !is_web_url(&raw_target) && !target.ends_with("\0_") {
                ctx.named.get(&normalize_name(&raw_target[..raw_target.len() - 1])).cloned()
            } else {
                let url: String = raw_target.split_whitespace().collect();
                if !anonymous && !text.is_empty() {
                    ctx.named.entry(normalize_name(&unescape(text))).or_insert_with(|| url.clone());
                }
                Some(url)
            };
            let text = if text.is_empty() { target } else { text };
            (one_line(unescape(text)), url)
        }
        None => {
            let text = one_line(unescape(content));
            let url = if anonymous {
                let url = ctx.anonymous.get(ctx.next_anonymous).cloned();
                ctx.next_anonymous += 1;
                url
            } else {
                ctx.named.get(&normalize_name(&text)).cloned()
            };
            (text, url)
        }
    };
    match url.filter(|u| is_web_url(u)) {
        Some(url) if !text.trim().is_empty() => Inline::Link { label: text, url },
        Some(url) => Inline::Link { label: url.clone(), url },
        None => Inline::Text(text),
    }
}

/// What a role shows: a link to an option or group on the page, code, or text.
fn interpreted(role: &str, content: &str, ctx: &mut Context) -> Inline {
    let content = one_line(unescape(content));
    let role = role.to_ascii_lowercase();
    let role = role.strip_prefix("py:").unwrap_or(&role);
    match role {
        "emphasis" | "title-reference" | "title" | "t" | "dfn" | "i" => return Inline::Emphasis(content),
        "strong" | "b" => return Inline::Strong(content),
        "sup" | "superscript" | "sub" | "subscript" => return Inline::Text(content),
        "abbr" => return Inline::Text(content),
        "guilabel" => return Inline::Text(content.replace("&&", "\u{1}").replace('&', "").replace('\u{1}', "&")),
        "menuselection" => return Inline::Text(content.replace("-->", "\u{2023}")),
        "pep" | "pep-reference" => {
            let n = content.split('#').next().unwrap_or("").trim();
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                return Inline::Link {
                    label: format!("PEP {n}"),
                    url: format!("https://peps.python.org/pep-{n:0>4}/"),
                };
            }
            return Inline::Text(content);
        }
        "rfc" | "rfc-reference" => {
            let n = content.split('#').next().unwrap_or("").trim();
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                return Inline::Link {
                    label: format!("RFC {n}"),
                    url: format!("https://datatracker.ietf.org/doc/html/rfc{n}.html"),
                };
            }
            return Inline::Text(content);
        }
        _ => {}
    }
    // Cross-references: `title <target>`, `~a.b` (shows `b`), `!x` (no link).
    let (label, target, linkable) = match embedded(&content) {
        Some((title, target)) if !title.is_empty() => (title.to_owned(), target.to_owned(), true),
        _ => {
            let no_link = content.starts_with('!');
            let target = content.trim_start_matches(['!', '~']).to_owned();
            let label = if content.trim_start_matches('!').starts_with('~') {
                target.rsplit('.').next().unwrap_or(&target).to_owned()
            } else {
                target.clone()
            };
            (label, target, !no_link)
        }
    };
    let anchor = match role {
        "oslo.config:option" if linkable => ctx.links.option(ctx.group, &target),
        "oslo.config:group" if linkable => ctx.links.group(&target),
        _ => None,
    };
    match anchor {
        Some(anchor) => Inline::CodeLink { label, anchor },
        None => Inline::Code(label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl Links for NoLinks {
        fn option(&self, _: &str, _: &str) -> Option<String> {
            None
        }
        fn group(&self, _: &str) -> Option<String> {
            None
        }
    }

    fn parse_inline(text: &str) -> Vec<Inline> {
        let mut ctx = Context::new("g", &NoLinks);
        inline(text, &mut ctx)
    }

    fn t(s: &str) -> Inline {
        Inline::Text(s.to_owned())
    }

    #[test]
    fn inline_markup_follows_the_recognition_rules() {
        use Inline::*;
        assert_eq!(parse_inline("a *b* c"), [t("a "), Emphasis("b".into()), t(" c")]);
        // Not after a letter, not before a letter, not around a blank, not quoted.
        assert_eq!(parse_inline("a*b* 2 * 3 * 4 '*' (*)"), [t("a*b* 2 * 3 * 4 '*' (*)")]);
        assert_eq!(parse_inline("volume`s ACL and host`s"), [t("volume`s ACL and host`s")]);
        assert_eq!(parse_inline("**x**, ``y``."), [Strong("x".into()), t(", "), Code("y".into()), t(".")]);
        // A literal across a line break; an end-string with a blank before it does not end.
        assert_eq!(
            parse_inline("the ``[a]\nb`` option, or a ``c``"),
            [t("the "), Code("[a] b".into()), t(" option, or a "), Code("c".into())]
        );
        assert_eq!(parse_inline("``month` or ``year``"), [Code("month` or ``year".into())]);
        // No end: the start-string is text.
        assert_eq!(parse_inline("``open and *star"), [t("``open and *star")]);
        // Escapes.
        assert_eq!(parse_inline("\\*not\\* ``a\\b`` amq\\."), [t("*not* "), Code("a\\b".into()), t(" amq\\.")]);
    }

    #[test]
    fn remembered_searches_find_what_searching_finds() {
        // Texts of these characters, a fixed-seed xorshift choosing them.
        let alphabet = ['*', '`', '_', ' ', 'a', '\0', '\n', '<', ':', 'é'];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut below = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..500 {
            let s: String = (0..below(40)).map(|_| alphabet[below(alphabet.len())]).collect();
            let mut ends = Ends::new();
            // Mostly left to right, as inline markup is read, sometimes back; inside a
            // character too (a search starts one byte past a start-string's first character).
            let mut from = 0;
            for _ in 0..20 {
                from = if below(5) == 0 { below(s.len() + 1) } else { (from + below(4)).min(s.len()) };
                for (kind, end) in ["**", "*", "``", "`"].iter().enumerate() {
                    let search = |after| next_end(&s, after, end, kind == 2);
                    assert_eq!(ends.strings[kind].find(from, search), search(from), "{s:?} from {from}");
                }
                let found = ends.interpreted.find(from, |after| interpreted_end(&s, after)).map(|(a, e, _)| (a, e));
                assert_eq!(found, interpreted_end(&s, from).map(|(a, e, _)| (a, e)), "{s:?} from {from}");
            }
        }
    }

    #[test]
    fn directive_names_hold_colons() {
        assert_eq!(directive("note:: a"), Some(("note", "a")));
        assert_eq!(directive("a::x::x:: b"), Some(("a::x::x", "b")));
        assert_eq!(directive("a::x b:: c"), None);
        assert_eq!(directive("-a:: b"), None);
        assert_eq!(directive(&("a".to_owned() + &"::x".repeat(10_000))), None);
    }

    #[test]
    fn references_resolve_to_their_targets() {
        let mut ctx = Context::new("g", &NoLinks);
        let lines = lines_of("See `the guide`__ and `bug 1`_ and nova_.\n\n.. __: https://a.org/g\n.. _bug 1: https://b.org/1\n.. _nova: https://n.org\n");
        collect_targets(&lines, &mut ctx);
        let nodes = inline("See `the guide`__ and `bug 1`_ and nova_.", &mut ctx);
        let link = |l: &str, u: &str| Inline::Link { label: l.into(), url: u.into() };
        assert_eq!(
            nodes,
            [
                t("See "),
                link("the guide", "https://a.org/g"),
                t(" and "),
                link("bug 1", "https://b.org/1"),
                t(" and "),
                link("nova", "https://n.org"),
                t(".")
            ]
        );
        // Unknown targets and unsafe URLs: the text.
        assert_eq!(parse_inline("`x`_ `y <javascript:z>`_ CUSTOM_"), [t("x y CUSTOM_")]);
        assert_eq!(
            parse_inline("see https://libvirt.org/a.html#elementsPerf."),
            [
                t("see "),
                link("https://libvirt.org/a.html#elementsPerf", "https://libvirt.org/a.html#elementsPerf"),
                t(".")
            ]
        );
    }
}
