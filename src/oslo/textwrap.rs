//! Python's `textwrap.wrap` and `str.splitlines`, reproduced character for character.
//!
//! oslo-config-generator wraps every help line with
//! `textwrap.wrap(line, width, initial_indent='# ', subsequent_indent='# ',
//! break_long_words=False, replace_whitespace=False)`. The `textwrap` crate measures display
//! width and splits words by its own rules; Python counts code points and splits with the
//! `wordsep_re` regex (hyphenated words, em-dashes made of `--`). Matching oslo's bytes means
//! porting that algorithm, so this module does, with the regex's lookarounds spelled out as
//! plain index checks. The crate's `wrap_first_fit` over our own chunks was tried and cannot
//! express one of Python's rules (docs/compatibility.md, "Why not the textwrap crate").

use super::pychar::{is_letter, is_py_space, is_word};

/// textwrap's `word_punct`: `[\w!"'&.,?]`.
fn is_word_punct(c: char) -> bool {
    is_word(c) || matches!(c, '!' | '"' | '\'' | '&' | '.' | ',' | '?')
}

/// textwrap's `_whitespace`: only these six ASCII characters separate chunks.
fn is_chunk_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ')
}

/// Python's `str.splitlines()` (without `keepends`): `\r\n` is one break, and so are the
/// other Unicode line boundaries Python knows (`\v`, `\f`, `\x1c`-`\x1e`, `\x85`, U+2028/9).
pub fn splitlines(text: &str) -> Vec<&str> {
    py_lines(text).collect()
}

/// `splitlines` one line at a time, for callers that only walk the lines.
pub fn py_lines(text: &str) -> PyLines<'_> {
    PyLines { text, pos: 0 }
}

/// The iterator of `py_lines`.
pub struct PyLines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for PyLines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let start = self.pos;
        if start >= bytes.len() {
            return None;
        }
        let mut i = start;
        // Bytes, not chars: every break starts with a byte no other character's encoding holds
        // (an ASCII control, or the lead byte of U+0085 / U+2028 / U+2029), so cutting there
        // keeps the slices on char boundaries. A byte that could start a break: a control
        // character or a multi-byte lead.
        let candidate = |b: &u8| !(0x20..0xC2).contains(b);
        loop {
            // Most of a help text is printable ASCII: skip 16 bytes at a time (vectorised)
            // while none of them could start a break, then go to the one that does.
            while i + 16 <= bytes.len() && !bytes[i..i + 16].iter().fold(false, |any, b| any | candidate(b)) {
                i += 16;
            }
            // Past the skipping, fewer than 16 bytes are left or these 16 hold a candidate.
            match bytes[i..bytes.len().min(i + 16)].iter().position(candidate) {
                Some(k) => i += k,
                None => {
                    self.pos = bytes.len();
                    return Some(&text[start..]);
                }
            }
            let len = match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
                b'\n' | b'\r' | b'\x0b' | b'\x0c' | b'\x1c'..=b'\x1e' => 1,
                0xC2 if bytes.get(i + 1) == Some(&0x85) => 2,
                0xE2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) => 3,
                _ => 0,
            };
            if len == 0 {
                i += 1;
                continue;
            }
            self.pos = i + len;
            return Some(&text[start..i]);
        }
    }
}

/// Python's `str.expandtabs(8)`: columns count code points and restart after `\n` or `\r`.
fn expand_tabs(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    let mut column = 0usize;
    for c in text.chars() {
        match c {
            '\t' => {
                let spaces = 8 - column % 8;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// A character of the text being wrapped: a `char`, or a byte of an all-ASCII text (which
/// saves decoding and a copy on the common path).
trait Sym: Copy + Into<char> {
    /// The first index from `from` on whose symbol could end a word chunk (a `-` or a chunk
    /// separator; for bytes, any byte up to a space), or the length: what `word_end` skips.
    fn next_word_break(t: &[Self], from: usize) -> usize;
}

impl Sym for char {
    fn next_word_break(t: &[char], from: usize) -> usize {
        t[from..].iter().position(|&c| c == '-' || is_chunk_space(c)).map_or(t.len(), |i| from + i)
    }
}

impl Sym for u8 {
    fn next_word_break(t: &[u8], from: usize) -> usize {
        // Eight bytes at a time: a byte below 0x21 or a `-` flags the word (SWAR: the lowest
        // flagged byte is always a real one, and the text is ASCII).
        const ONES: u64 = u64::from_ne_bytes([1; 8]);
        const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
        let mut i = from;
        while let Some(word) = t.get(i..i + 8) {
            let x = u64::from_le_bytes(word.try_into().unwrap());
            let dash = x ^ (ONES * u64::from(b'-'));
            let found = (x.wrapping_sub(ONES * 0x21) & !x & HIGH) | (dash.wrapping_sub(ONES) & !dash & HIGH);
            if found != 0 {
                return i + (found.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        t[i..].iter().position(|&b| b <= b' ' || b == b'-').map_or(t.len(), |k| i + k)
    }
}

fn is(t: impl Into<char>, c: char) -> bool {
    t.into() == c
}

/// Length of a run of `-` starting at `at`, and whether a `\w` follows it (`-{2,}(?=\w)`).
fn dash_run_before_word<T: Sym>(t: &[T], at: usize) -> Option<usize> {
    let mut end = at;
    while end < t.len() && is(t[end], '-') {
        end += 1;
    }
    (end - at >= 2 && end < t.len() && is_word(t[end].into())).then_some(end)
}

/// End of the word chunk starting at `p` (the third branch of `wordsep_re`: a lazy run of
/// non-space characters ending after a hyphen between letters, before space or the end of the
/// text, or before an em-dash).
fn word_end<T: Sym>(t: &[T], p: usize) -> usize {
    let n = t.len();
    let letter = |i: usize| i < n && is_letter(t[i].into());
    let mut q = p + 1;
    // Only a hyphen, a space or the end can end a word: every other character is skipped
    // without looking around it.
    loop {
        q = T::next_word_break(t, q);
        if q == n {
            return q;
        }
        let c: char = t[q].into();
        if c == '-' {
            // -(?: (?<=lt{2}-) | (?<=lt-lt-)) (?= lt -? lt)
            let behind = (q >= 2 && letter(q - 2) && letter(q - 1))
                || (q >= 3 && letter(q - 3) && is(t[q - 2], '-') && letter(q - 1));
            let ahead = letter(q + 1) && (letter(q + 2) || (q + 2 < n && is(t[q + 2], '-') && letter(q + 3)));
            if behind && ahead {
                return q + 1;
            }
            // (?<=wp) (?=-{2,}\w)
            if is_word_punct(t[q - 1].into()) && dash_run_before_word(t, q).is_some() {
                return q;
            }
        } else if is_chunk_space(c) {
            // (?=\s|\Z)
            return q;
        }
        q += 1;
    }
}

/// The end of the chunk that starts at `p`, as `TextWrapper._split` (`break_on_hyphens=True`)
/// cuts the text: a run of separators, a run of dashes before a word, or a word.
fn chunk_end<T: Sym>(t: &[T], p: usize) -> usize {
    if is_chunk_space(t[p].into()) {
        let mut q = p + 1;
        while q < t.len() && is_chunk_space(t[q].into()) {
            q += 1;
        }
        q
    } else if is(t[p], '-') && p > 0 && is_word_punct(t[p - 1].into()) {
        dash_run_before_word(t, p).unwrap_or_else(|| word_end(t, p))
    } else {
        word_end(t, p)
    }
}

/// `TextWrapper._split`: the text as a sequence of chunks, each given as the index range it
/// covers (chunks are contiguous and cover the whole text).
#[cfg(test)]
fn split_chunks<T: Sym>(t: &[T]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut p = 0;
    std::iter::from_fn(move || {
        if p >= t.len() {
            return None;
        }
        let chunk = p..chunk_end(t, p);
        p = chunk.end;
        Some(chunk)
    })
}

/// `textwrap.wrap(text, width, initial_indent=..., subsequent_indent=...,
/// break_long_words=False, replace_whitespace=False)`.
#[cfg(test)]
pub fn wrap(text: &str, width: usize, initial_indent: &str, subsequent_indent: &str) -> Vec<String> {
    let mut joined = String::new();
    if wrap_into(text, width, initial_indent, subsequent_indent, &mut joined) == 0 {
        return Vec::new();
    }
    joined.split('\n').map(str::to_owned).collect()
}

/// `"\n".join(wrap(...))` appended to `out`; returns the number of lines (0 for a blank text).
pub fn wrap_into(text: &str, width: usize, initial_indent: &str, subsequent_indent: &str, out: &mut String) -> usize {
    if is_plain(text.as_bytes()) {
        // Most help lines are plain and many fit: one line, its trailing spaces dropped (the
        // general path gives the same; this one skips the chunking).
        if text.len() + initial_indent.chars().count() <= width {
            let kept = text.trim_end_matches(' ');
            if kept.is_empty() {
                return 0;
            }
            out.push_str(initial_indent);
            out.push_str(kept);
            return 1;
        }
        let t = text.as_bytes();
        wrap_chunks(
            t,
            width,
            initial_indent,
            subsequent_indent,
            out,
            |out, range| out.push_str(&text[range]),
            |s, room| plain_line_end(t, s, room),
        )
    } else if text.is_ascii() && !text.contains('\t') {
        // Byte indices of an ASCII text are char boundaries: a line is a slice of the text.
        let t = text.as_bytes();
        wrap_chunks(
            t,
            width,
            initial_indent,
            subsequent_indent,
            out,
            |out, range| out.push_str(&text[range]),
            |_, _| None,
        )
    } else {
        let expanded = expand_tabs(text);
        let push = |out: &mut String, range| out.extend(&expanded[range]);
        wrap_chunks(&expanded, width, initial_indent, subsequent_indent, out, push, |_, _| None)
    }
}

/// Whether a text is plain: printable ASCII only, so that a space is its only separator and
/// its only character `str.strip()` removes. 16 bytes at a time (vectorised).
fn is_plain(t: &[u8]) -> bool {
    let outside = |any: u8, &b: &u8| any | u8::from(!(0x20..0x7f).contains(&b));
    let mut blocks = t.chunks_exact(16);
    blocks.all(|block| block.iter().fold(0, outside) == 0) && blocks.remainder().iter().fold(0, outside) == 0
}

/// In a plain text (`is_plain`), where the chunks that fit in `room` from the chunk start `s`
/// end, found without cutting the text into chunks: with no `-` in view, a boundary between
/// chunks is a change between a space and another character (the hyphen and em-dash rules
/// need a `-` before or at the boundary), so the chunks that fit end at the last such change
/// by `s + room`. `None` when a `-` is in view or the first chunk does not fit: the caller
/// takes the chunks one by one.
fn plain_line_end(t: &[u8], s: usize, room: isize) -> Option<usize> {
    let room = usize::try_from(room).ok()?;
    if room >= t.len() - s {
        return Some(t.len());
    }
    let e = s + room;
    if t[s..=e].contains(&b'-') {
        return None;
    }
    (s + 1..=e).rev().find(|&k| (t[k - 1] == b' ') != (t[k] == b' '))
}

/// `TextWrapper._wrap_chunks` over the text's chunks, lines appended to `out` with `\n`
/// between them; `push` appends the text of an index range. Returns the number of lines.
///
/// A line is a run of consecutive chunks, so it is written as one range of the text, and
/// the chunks are found as the lines take them (each chunk once), never collected.
/// `fitting(start, room)` may say at once where the chunks that fit in `room` from `start`
/// end (`plain_line_end`); otherwise they are taken one by one.
fn wrap_chunks<T: Sym>(
    t: &[T],
    width: usize,
    initial_indent: &str,
    subsequent_indent: &str,
    out: &mut String,
    push: impl Fn(&mut String, std::ops::Range<usize>),
    fitting: impl Fn(usize, isize) -> Option<usize>,
) -> usize {
    let n = t.len();
    let initial_len = initial_indent.chars().count() as isize;
    let subsequent_len = subsequent_indent.chars().count() as isize;
    // `chunk.strip() == ''`
    let blank = |c: std::ops::Range<usize>| t[c].iter().all(|&x| is_py_space(x.into()));

    let mut lines = 0;
    // The next chunk starts at `p`; it ends at `next` when that is known.
    let mut p = 0;
    let mut next = None;
    while p < n {
        let (indent, indent_len) =
            if lines == 0 { (initial_indent, initial_len) } else { (subsequent_indent, subsequent_len) };
        // A width past `isize::MAX` wraps nothing, as in Python.
        let room = isize::try_from(width).unwrap_or(isize::MAX) - indent_len;
        // One blank chunk at the start of a later line is dropped (one only: a blank chunk of
        // other spaces, U+00A0 say, can follow one of separators).
        if lines > 0 {
            let end = next.unwrap_or_else(|| chunk_end(t, p));
            if blank(p..end) {
                p = end;
                next = None;
                if p == n {
                    break;
                }
            } else {
                next = Some(end);
            }
        }
        // The chunks that fit, as one range; a first chunk longer than the room is never
        // broken: it gets a line of its own. A trailing blank chunk is dropped.
        let start = p;
        let end = if let Some(fit) = fitting(start, room) {
            // Plain text: its blank chunks are runs of spaces, the last one all of the line's
            // trailing spaces.
            p = fit;
            next = None;
            t[start..p].iter().rposition(|&x| !is(x, ' ')).map_or(start, |i| start + i + 1)
        } else {
            // `last` is where the line's last chunk starts.
            let mut last = p;
            p = next.unwrap_or_else(|| chunk_end(t, p));
            next = None;
            if ((p - start) as isize) <= room {
                while p < n {
                    let end = chunk_end(t, p);
                    if (end - start) as isize > room {
                        next = Some(end);
                        break;
                    }
                    last = p;
                    p = end;
                }
            }
            if blank(last..p) {
                last
            } else {
                p
            }
        };
        if end > start {
            if lines > 0 {
                out.push('\n');
            }
            out.push_str(indent);
            push(out, start..end);
            lines += 1;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(s: &str) -> Vec<String> {
        let t: Vec<char> = s.chars().collect();
        split_chunks(&t).map(|c| t[c].iter().collect()).collect()
    }

    #[test]
    fn chunks_follow_python_docstring_example() {
        assert_eq!(
            chunks("Look, goof-ball -- use the -b option!"),
            vec!["Look,", " ", "goof-", "ball", " ", "--", " ", "use", " ", "the", " ", "-b", " ", "option!"]
        );
    }

    #[test]
    fn em_dash_between_words_is_its_own_chunk() {
        assert_eq!(chunks("foo--bar"), vec!["foo", "--", "bar"]);
        assert_eq!(chunks("a-b-c"), vec!["a-b-c"]);
        assert_eq!(chunks("ab-cd-ef"), vec!["ab-", "cd-", "ef"]);
    }

    #[test]
    fn splitlines_matches_python() {
        assert_eq!(splitlines("a\nb\r\nc\rd"), vec!["a", "b", "c", "d"]);
        assert_eq!(splitlines("\nx\n"), vec!["", "x"]);
        assert_eq!(splitlines(""), Vec::<&str>::new());
        assert_eq!(splitlines("a\u{2028}b\x0cc"), vec!["a", "b", "c"]);
        // Every Unicode line boundary Python knows, against the table it comes from, and
        // characters whose encodings share a lead byte with one but are not breaks.
        for c in (0..=0x3000u32).filter_map(char::from_u32) {
            let text = format!("x{c}y");
            let is_break =
                crate::oslo::unicode_tables::LINE_BREAK.iter().any(|&(lo, hi)| (lo..=hi).contains(&(c as u32)));
            let expected = if is_break { vec!["x", "y"] } else { vec![text.as_str()] };
            assert_eq!(splitlines(&text), expected, "U+{:04X}", c as u32);
        }
        // Breaks at every offset of a longer text, past the 16-byte skipping.
        for brk in ["\n", "\r\n", "\r", "\x0b", "\x1e", "\u{85}", "\u{2029}"] {
            for at in 0..48 {
                let (a, b) = ("a".repeat(at), "é".repeat(20));
                assert_eq!(
                    splitlines(&format!("{a}{brk}{b}")),
                    if at == 0 { vec!["", b.as_str()] } else { vec![a.as_str(), b.as_str()] },
                    "{brk:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn long_words_are_not_broken() {
        assert_eq!(
            wrap("see https://example.com/a/very/long/path ok", 20, "# ", "# "),
            vec!["# see", "# https://example.com/a/very/long/path", "# ok"]
        );
    }

    #[test]
    fn a_width_past_isize_wraps_nothing() {
        // Python wraps nothing at any width longer than the text; a width past `isize::MAX`
        // once became negative, a line per word.
        for width in [usize::MAX, isize::MAX as usize + 1] {
            assert_eq!(wrap("a b\tc é", width, "# ", "# "), vec!["# a b     c é"]);
        }
    }

    #[test]
    fn a_blank_chunk_counts_mid_line_but_not_at_a_line_start() {
        // U+00A0 is `str.isspace()` but not a chunk separator: Python's drop_whitespace removes
        // it at the start of the second line, so `fg hi` still fits there.
        assert_eq!(wrap("abcde \u{a0} fg hi", 8, "# ", "# "), vec!["# abcde", "#  fg hi"]);
        assert_eq!(wrap("abcde \u{3000} fg hi", 8, "# ", "# "), vec!["# abcde", "#  fg hi"]);
        assert_eq!(wrap("ab \u{a0} cd", 70, "# ", "# "), vec!["# ab \u{a0} cd"]);
    }

    #[test]
    fn plain_lines_found_at_once_are_the_lines_chunk_by_chunk() {
        // Plain texts of words, hyphenated words, em-dashes, runs of dashes and of spaces and
        // long words, at every width from 1 to 50: `plain_line_end`'s lines are the chunks'.
        let pieces = [
            "a",
            "word",
            "well-known",
            "ab-cd-ef",
            "x--y",
            "--",
            "-",
            "---z",
            "a-",
            "-b",
            "  ",
            " ",
            "nova-compute's",
            "https://example.com/a-b/c",
            "e.g.",
            "(see",
            "it),",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut random = |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..random(30) {
                text.push_str(pieces[random(pieces.len())]);
                text.push_str(["", " ", " ", " ", "  "][random(5)]);
            }
            assert!(is_plain(text.as_bytes()));
            for width in 1..50 {
                for indents in [("# ", "# "), ("", ""), ("* ", "  ")] {
                    let (t, (first, later)) = (text.as_bytes(), indents);
                    let push = |out: &mut String, range| out.push_str(&text[range]);
                    let (mut at_once, mut one_by_one) = (String::new(), String::new());
                    let n =
                        wrap_chunks(t, width, first, later, &mut at_once, push, |s, room| plain_line_end(t, s, room));
                    let m = wrap_chunks(t, width, first, later, &mut one_by_one, push, |_, _| None);
                    assert_eq!((n, &at_once), (m, &one_by_one), "{text:?} at width {width}");
                }
            }
        }
    }

    #[test]
    fn blank_line_wraps_to_nothing() {
        assert!(wrap("   ", 70, "# ", "# ").is_empty());
        assert!(wrap("", 70, "# ", "# ").is_empty());
    }
}
