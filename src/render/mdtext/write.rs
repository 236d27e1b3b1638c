//! The parsed help written in the two dialects: Markdown, and the HTML that pulldown-cmark
//! makes of that Markdown, given to pulldown-cmark's own HTML writer as the events its parser
//! would read from it (so nothing is parsed twice, and the HTML writer's rules are its own).
//!
//! Which Markdown (docs/cli.md): CommonMark with GFM tables and GitHub's alerts, written so
//! that Python-Markdown (MkDocs) reads the same structure: a list item holding more than a
//! paragraph indents its content by four columns, literal blocks inside list items and quotes
//! are indented code blocks (Python-Markdown fences only at the top level), admonitions inside
//! other blocks are plain quotes.

use super::parse::{Alert, Block, Inline};
use super::Markdown;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

/// How inline nodes are laid out: a paragraph's lines, one line, or a table cell's lines.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    Paragraph,
    Line,
    Cell,
}

fn text_of(node: &Inline) -> Option<&str> {
    match node {
        Inline::Text(t) => Some(t),
        _ => None,
    }
}

/// Markdown's punctuation (ASCII, and Unicode punctuation and symbols, roughly).
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace()
}

/// The first and last characters the Markdown of `node` shows (escapes end with the
/// character they escape; code, links and emphasis start and end with punctuation).
fn edge(node: Option<&Inline>, last: bool) -> Option<char> {
    match node? {
        Inline::Text(t) => {
            if last {
                t.chars().next_back()
            } else {
                t.chars().next()
            }
        }
        Inline::Break => Some(' '),
        _ => Some('`'),
    }
}

/// Inline nodes as both dialects write them: blanks at either end of each line dropped (and,
/// outside cells, lines left empty), code spans side by side made one (Markdown cannot write
/// them apart), and emphasis that Markdown would not read as emphasis where it stands made text.
/// Tidy nodes are a fixed point: tidying them again changes nothing.
pub fn tidy(nodes: Vec<Inline>, mode: Mode) -> Vec<Inline> {
    // Every pass works in the one list: a help text of many short lines makes millions of
    // nodes, and a copy of the list per pass took many times the text's size.
    let mut out = nodes;
    // Emphasis of nothing shows nothing; emphasis with a blank at an end Markdown reads as
    // asterisks, so it is text (and trimmed as text is, so tidying tidy text changes nothing).
    for node in out.iter_mut() {
        if let Inline::Emphasis(t) | Inline::Strong(t) = node {
            if t.starts_with(char::is_whitespace) || t.ends_with(char::is_whitespace) {
                *node = Inline::Text(std::mem::take(t));
            }
        }
    }
    compact(&mut out, |last, node| match (last, node) {
        (Some(Inline::Code(a)), Inline::Code(b)) => {
            a.push_str(b);
            true
        }
        (Some(Inline::Text(a)), Inline::Text(b)) => {
            a.push_str(b);
            true
        }
        (_, Inline::Text(t) | Inline::Emphasis(t) | Inline::Strong(t)) => t.is_empty(),
        _ => false,
    });
    if mode != Mode::Cell {
        // Blanks at the ends of lines, and lines that hold nothing.
        let n = out.len();
        for i in 0..n {
            let line_start = i == 0 || out[i - 1] == Inline::Break;
            let line_end = i + 1 == n || out[i + 1] == Inline::Break;
            if let Inline::Text(t) = &mut out[i] {
                if line_start {
                    let trimmed = t.trim_start_matches([' ', '\t']).len();
                    t.replace_range(..t.len() - trimmed, "");
                }
                if line_end {
                    let keep = t.trim_end_matches([' ', '\t']).len();
                    t.truncate(keep);
                }
            }
        }
        out.retain(|n| text_of(n) != Some(""));
        // No break first, none after another.
        compact(&mut out, |last, node| *node == Inline::Break && last.is_none_or(|l| *l == Inline::Break));
        while out.last() == Some(&Inline::Break) {
            out.pop();
        }
    }
    // Emphasis only between blanks or punctuation, and not against other emphasis: elsewhere
    // Markdown's flanking rules could read its asterisks otherwise.
    for i in 0..out.len() {
        let (Inline::Emphasis(_) | Inline::Strong(_)) = &out[i] else { continue };
        let prev = if i == 0 { None } else { out.get(i - 1) };
        let next = out.get(i + 1);
        let against = |n: Option<&Inline>| matches!(n, Some(Inline::Emphasis(_) | Inline::Strong(_)));
        let fits = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || is_punct(c));
        if against(prev) || against(next) || !fits(edge(prev, true)) || !fits(edge(next, false)) {
            let t = std::mem::take(match &mut out[i] {
                Inline::Emphasis(t) | Inline::Strong(t) => t,
                _ => unreachable!(),
            });
            out[i] = Inline::Text(t);
        }
    }
    // Text made of emphasis may now stand beside text.
    compact(&mut out, |last, node| match (last, node) {
        (Some(Inline::Text(a)), Inline::Text(b)) => {
            a.push_str(b);
            true
        }
        _ => false,
    });
    out.shrink_to_fit();
    out
}

/// Drops, in place and in order, each node that `absorbed` says the last node kept took in
/// (or that is to go): `absorbed(last kept, node)` is true when `node` is not to be kept.
fn compact(nodes: &mut Vec<Inline>, mut absorbed: impl FnMut(Option<&mut Inline>, &Inline) -> bool) {
    let mut kept: usize = 0;
    for i in 0..nodes.len() {
        let node = std::mem::replace(&mut nodes[i], Inline::Break);
        let last = kept.checked_sub(1).map(|k| &mut nodes[k]);
        if !absorbed(last, &node) {
            nodes[kept] = node;
            kept += 1;
        }
    }
    nodes.truncate(kept);
}

/// A label's nodes: emphasis inside strong text is just text.
pub fn flatten_emphasis(nodes: Vec<Inline>) -> Vec<Inline> {
    nodes
        .into_iter()
        .map(|n| match n {
            Inline::Emphasis(t) | Inline::Strong(t) => Inline::Text(t),
            n => n,
        })
        .collect()
}

/// Whether the blocks of a list's items all fit a tight list: one block, or a paragraph with a
/// tight list right under it (which may follow a paragraph line without a blank line; a loose
/// one there would make Python-Markdown read the next item as part of it).
fn tight(items: &[Vec<Block>]) -> bool {
    items.iter().all(|item| match item.as_slice() {
        [] | [_] => true,
        [first, Block::List { start, items }] => {
            starts_inline(first)
                && start.is_none_or(|s| s == 1)
                && items.first().and_then(|i| i.first()).is_some_and(starts_inline)
                && tight(items)
        }
        _ => false,
    })
}

fn starts_inline(block: &Block) -> bool {
    matches!(block, Block::Paragraph(_) | Block::Label(_))
}

/// A literal block is fenced at the top level, and after a list (where an indented block would
/// go on with the list's last item); elsewhere it is indented.
fn fenced(nested: bool, prev: Option<&Block>) -> bool {
    !nested || matches!(prev, Some(Block::List { .. }))
}

fn lang_of(lang: &Option<String>) -> &str {
    match lang {
        Some(l) if !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || "_+.-".contains(c)) => l,
        _ => "text",
    }
}

fn alert_name(kind: Alert) -> &'static str {
    match kind {
        Alert::Note => "NOTE",
        Alert::Tip => "TIP",
        Alert::Important => "IMPORTANT",
        Alert::Warning => "WARNING",
        Alert::Caution => "CAUTION",
    }
}

fn quote_kind(kind: Alert) -> BlockQuoteKind {
    match kind {
        Alert::Note => BlockQuoteKind::Note,
        Alert::Tip => BlockQuoteKind::Tip,
        Alert::Important => BlockQuoteKind::Important,
        Alert::Warning => BlockQuoteKind::Warning,
        Alert::Caution => BlockQuoteKind::Caution,
    }
}

// Markdown.

/// Blocks separated by blank lines, without a line break at the end.
pub fn markdown(out: &mut String, blocks: &[Block], nested: bool) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        markdown_block(out, block, nested, if i == 0 { None } else { blocks.get(i - 1) });
    }
}

/// `inner`'s lines behind `prefix` (the first behind `first`); empty lines get `empty`.
fn push_prefixed(out: &mut String, inner: &str, first: &str, prefix: &str, empty: &str) {
    for (i, line) in inner.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if i == 0 {
            out.push_str(first);
            out.push_str(line);
        } else if line.is_empty() {
            out.push_str(empty);
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
    }
}

fn markdown_block(out: &mut String, block: &Block, nested: bool, prev: Option<&Block>) {
    match block {
        Block::Paragraph(nodes) => markdown_inline(out, nodes, Mode::Paragraph),
        Block::Label(nodes) => {
            out.push_str("**");
            markdown_inline(out, nodes, Mode::Line);
            out.push_str("**");
        }
        Block::List { start, items } => {
            let tight = tight(items);
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push_str(if tight { "\n" } else { "\n\n" });
                }
                let marker = match start {
                    None => "-".to_owned(),
                    Some(s) => format!("{}.", s + n as u64),
                };
                let mut inner = String::new();
                for (k, b) in item.iter().enumerate() {
                    if k > 0 {
                        inner.push_str(if tight { "\n" } else { "\n\n" });
                    }
                    markdown_block(&mut inner, b, true, if k == 0 { None } else { item.get(k - 1) });
                }
                let inline_start = item.first().is_some_and(starts_inline);
                if inner.is_empty() {
                    out.push_str(&marker);
                } else if inline_start {
                    let width = if item.len() > 1 { (marker.len() + 1).max(4) } else { marker.len() + 1 };
                    let first = format!("{marker}{}", " ".repeat(width - marker.len()));
                    push_prefixed(out, &inner, &first, &" ".repeat(width), "");
                } else {
                    let width = marker.len() + 1;
                    out.push_str(&marker);
                    out.push('\n');
                    let pad = " ".repeat(width);
                    push_prefixed(out, &inner, &pad, &pad, "");
                }
            }
        }
        Block::Literal { lang, lines } => {
            if fenced(nested, prev) {
                let longest = lines.iter().flat_map(|l| l.split(|c| c != '`')).map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                out.push_str(&fence);
                out.push_str(lang_of(lang));
                out.push('\n');
                for line in lines {
                    out.push_str(line);
                    out.push('\n');
                }
                out.push_str(&fence);
            } else {
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    if !line.is_empty() {
                        out.push_str("    ");
                        out.push_str(line);
                    }
                }
            }
        }
        Block::Alert { kind, blocks } => {
            out.push_str("> [!");
            out.push_str(alert_name(*kind));
            out.push_str("]\n");
            // What follows the kind's line goes on with it unless it may start a paragraph's
            // neighbour (an indented block, an ordered list not from 1): a blank line keeps it apart.
            if !blocks.first().is_some_and(starts_inline) {
                out.push_str(">\n");
            }
            let mut inner = String::new();
            markdown(&mut inner, blocks, true);
            push_prefixed(out, &inner, "> ", "> ", ">");
        }
        Block::Quote(blocks) => {
            let mut inner = String::new();
            markdown(&mut inner, blocks, true);
            push_prefixed(out, &inner, "> ", "> ", ">");
        }
    }
}

/// Inline nodes (tidied) in Markdown.
pub fn markdown_inline(out: &mut String, nodes: &[Inline], mode: Mode) {
    use super::Dialect;
    let cell = mode == Mode::Cell;
    let mut line_start = true;
    for node in nodes {
        match node {
            Inline::Text(t) => Markdown::text(out, t, line_start && mode == Mode::Paragraph),
            Inline::Break => match mode {
                Mode::Paragraph => out.push('\n'),
                Mode::Line => out.push(' '),
                Mode::Cell => out.push_str("<br>"),
            },
            Inline::Code(c) => Markdown::code_span(out, c, cell),
            Inline::Emphasis(t) => {
                out.push('*');
                Markdown::text(out, t, false);
                out.push('*');
            }
            Inline::Strong(t) => {
                out.push_str("**");
                Markdown::text(out, t, false);
                out.push_str("**");
            }
            // A URL shown as itself is an autolink (no escapes apply inside one, so not with `&`).
            Inline::Link { label, url } if label == url && !url.contains('&') => {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            Inline::Link { label, url } => Markdown::web_link(out, label, url),
            Inline::CodeLink { label, anchor } => {
                out.push('[');
                Markdown::code_span(out, label, cell);
                out.push_str("](#");
                out.push_str(anchor);
                out.push(')');
            }
        }
        line_start = *node == Inline::Break;
    }
}

// HTML, as pulldown-cmark's events.

fn html_text(t: &str) -> CowStr<'_> {
    CowStr::Borrowed(t)
}

/// Blocks in HTML.
pub fn html(out: &mut String, blocks: &[Block]) {
    let mut events = HtmlEvents::new(out);
    html_blocks(&mut events, blocks, false, false);
    events.flush();
}

/// Inline nodes in HTML.
pub fn html_inline(out: &mut String, nodes: &[Inline], mode: Mode) {
    let mut events = HtmlEvents::new(out);
    html_inlines(&mut events, nodes, mode);
    events.flush();
}

/// Events written as HTML a few thousand at a time: a help text of many short lines makes
/// millions, and a list of them all took many times the text's size. A batch ends only where
/// the writer has just written a newline, the one state pulldown-cmark's writer carries from
/// one event to the next for the events made here (no tables, no footnotes), so the batches
/// write what one pass writes.
struct HtmlEvents<'o, 'a> {
    out: &'o mut String,
    events: Vec<Event<'a>>,
}

impl<'o, 'a> HtmlEvents<'o, 'a> {
    const BATCH: usize = 4096;

    fn new(out: &'o mut String) -> Self {
        HtmlEvents { out, events: Vec::new() }
    }

    fn push(&mut self, event: Event<'a>) {
        let ends_line = matches!(
            event,
            Event::SoftBreak
                | Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::CodeBlock
                )
        );
        self.events.push(event);
        if ends_line && self.events.len() >= Self::BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        pulldown_cmark::html::push_html(self.out, self.events.drain(..));
    }
}

fn html_blocks<'a>(ev: &mut HtmlEvents<'_, 'a>, blocks: &'a [Block], nested: bool, tight_list: bool) {
    for (i, block) in blocks.iter().enumerate() {
        let prev = if i == 0 { None } else { blocks.get(i - 1) };
        match block {
            Block::Paragraph(nodes) => {
                if !tight_list {
                    ev.push(Event::Start(Tag::Paragraph));
                }
                html_inlines(ev, nodes, Mode::Paragraph);
                if !tight_list {
                    ev.push(Event::End(TagEnd::Paragraph));
                }
            }
            Block::Label(nodes) => {
                if !tight_list {
                    ev.push(Event::Start(Tag::Paragraph));
                }
                ev.push(Event::Start(Tag::Strong));
                html_inlines(ev, nodes, Mode::Line);
                ev.push(Event::End(TagEnd::Strong));
                if !tight_list {
                    ev.push(Event::End(TagEnd::Paragraph));
                }
            }
            Block::List { start, items } => {
                let tight = tight(items);
                ev.push(Event::Start(Tag::List(*start)));
                for item in items {
                    ev.push(Event::Start(Tag::Item));
                    html_blocks(ev, item, true, tight);
                    ev.push(Event::End(TagEnd::Item));
                }
                ev.push(Event::End(TagEnd::List(start.is_some())));
            }
            Block::Literal { lang, lines } => {
                let kind = if fenced(nested, prev) {
                    CodeBlockKind::Fenced(CowStr::Borrowed(lang_of(lang)))
                } else {
                    CodeBlockKind::Indented
                };
                ev.push(Event::Start(Tag::CodeBlock(kind)));
                let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
                for line in lines {
                    text.push_str(line);
                    text.push('\n');
                }
                ev.push(Event::Text(CowStr::from(text)));
                ev.push(Event::End(TagEnd::CodeBlock));
            }
            Block::Alert { kind, blocks } => {
                ev.push(Event::Start(Tag::BlockQuote(Some(quote_kind(*kind)))));
                html_blocks(ev, blocks, true, false);
                ev.push(Event::End(TagEnd::BlockQuote(Some(quote_kind(*kind)))));
            }
            Block::Quote(blocks) => {
                ev.push(Event::Start(Tag::BlockQuote(None)));
                html_blocks(ev, blocks, true, false);
                ev.push(Event::End(TagEnd::BlockQuote(None)));
            }
        }
    }
}

fn html_inlines<'a>(ev: &mut HtmlEvents<'_, 'a>, nodes: &'a [Inline], mode: Mode) {
    let link = |dest: CowStr<'a>| {
        Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: dest,
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        })
    };
    for node in nodes {
        match node {
            Inline::Text(t) => ev.push(Event::Text(html_text(t))),
            Inline::Break => ev.push(match mode {
                Mode::Paragraph => Event::SoftBreak,
                Mode::Line => Event::Text(CowStr::Borrowed(" ")),
                Mode::Cell => Event::InlineHtml(CowStr::Borrowed("<br>")),
            }),
            Inline::Code(c) => ev.push(Event::Code(if c.is_empty() { CowStr::Borrowed(" ") } else { html_text(c) })),
            Inline::Emphasis(t) => {
                ev.push(Event::Start(Tag::Emphasis));
                ev.push(Event::Text(html_text(t)));
                ev.push(Event::End(TagEnd::Emphasis));
            }
            Inline::Strong(t) => {
                ev.push(Event::Start(Tag::Strong));
                ev.push(Event::Text(html_text(t)));
                ev.push(Event::End(TagEnd::Strong));
            }
            Inline::Link { label, url } => {
                ev.push(link(html_text(url)));
                ev.push(Event::Text(html_text(label)));
                ev.push(Event::End(TagEnd::Link));
            }
            Inline::CodeLink { label, anchor } => {
                ev.push(link(CowStr::from(format!("#{anchor}"))));
                ev.push(Event::Code(if label.is_empty() { CowStr::Borrowed(" ") } else { html_text(label) }));
                ev.push(Event::End(TagEnd::Link));
            }
        }
    }
}
