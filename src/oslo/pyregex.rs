//! Python `re` patterns (what oslo's `String(regex=...)` compiles, searched with
//! `pattern.search(value)`) run on the `regex` crate.
//!
//! The pattern is read with Python's syntax and written out for the crate with Python's
//! meaning made explicit: `\d`, `\w` and `\s` as Python 3.11's character sets, `re.IGNORECASE`
//! as the characters Python's simple lower case and extra equivalences match (`ſ` for `s`,
//! `ı` and `İ` for `i`, the Kelvin sign for `k`), `$` also before a final newline, `\Z` as the
//! end of the text, `{,n}` and a `{` that starts no repeat as Python reads them. What the crate
//! cannot run (lookarounds, backreferences, atomic groups, possessive repeats, conditionals) is
//! refused with a message, and so is what Python refuses.

use super::pychar::{re_is_cased, re_lower};
use super::unicode_tables::{CASED, DIGIT, EXTRA_CASES, LOWER, SPACE, WORD};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

/// `re.compile(pattern, re.IGNORECASE if ignore_case else 0).search(value) is not None`.
pub fn search(pattern: &str, ignore_case: bool, value: &str) -> Result<bool, String> {
    Ok(compiled(pattern, ignore_case)?.is_match(value))
}

/// Whether Python compiles `pattern` and confspec can run it; the reason when not.
pub fn check(pattern: &str) -> Result<(), String> {
    compiled(pattern, false).map(|_| ())
}

/// A pattern and whether it ignores case, and what compiling it gave.
type Cache = HashMap<(String, bool), Result<Arc<regex::Regex>, String>>;

/// Compiled patterns, once per pattern and case mode: a config file checks the same few many
/// times.
fn compiled(pattern: &str, ignore_case: bool) -> Result<Arc<regex::Regex>, String> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (pattern.to_owned(), ignore_case);
    if let Some(hit) = cache.lock().expect("no panics while locked").get(&key) {
        return hit.clone();
    }
    let result = translate(pattern, ignore_case).and_then(|rust| {
        // 16 MiB takes `^\w{1,255}$` (Python's `\w` is 736 ranges); compiling up to it takes
        // about 40 MiB and 0.2 s, where 64 MiB let `(?:.{1000}){1000}` take 100 MiB and 0.7 s.
        regex::RegexBuilder::new(&rust)
            .size_limit(16 << 20)
            .build()
            .map(Arc::new)
            .map_err(|e| format!("too large to run ({})", e.to_string().lines().last().unwrap_or_default()))
    });
    cache.lock().expect("no panics while locked").insert(key, result.clone());
    result
}

#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    ignore_case: bool,
    multiline: bool,
    dotall: bool,
    verbose: bool,
    ascii: bool,
}

/// The pattern for the crate, or why Python (or confspec) cannot take it.
pub(crate) fn translate(pattern: &str, ignore_case: bool) -> Result<String, String> {
    let mut p = Parser { chars: pattern.chars().collect(), pos: 0, names: HashSet::new() };
    let flags = p.global_flags(Flags { ignore_case, ..Flags::default() })?;
    p.pattern(flags, MAX_TRANSLATED)
}

/// How deep groups may nest: the crate's compiler recurses once per level, and refuses more
/// than its nesting limit (250 by default; the translation adds up to two levels).
const MAX_DEPTH: usize = 200;

/// How long a translated pattern may be. Python's classes are written out (`\w` takes 15 KB,
/// a letter under `re.IGNORECASE` 24 bytes), and the crate takes 60 to 80 times a pattern's
/// length in memory to compile it: 60,000 case-folded letters took 117 MB.
const MAX_TRANSLATED: usize = 512 << 10;

/// A character set as sorted, disjoint, inclusive ranges of code points.
#[derive(Debug, Clone, Default, PartialEq)]
struct Set(Vec<(u32, u32)>);

const MAX: u32 = 0x10FFFF;

impl Set {
    fn of(ranges: impl IntoIterator<Item = (u32, u32)>) -> Set {
        let mut v: Vec<(u32, u32)> = ranges.into_iter().collect();
        v.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(v.len());
        for (lo, hi) in v {
            match out.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        Set(out)
    }

    fn contains(&self, c: u32) -> bool {
        let at = self.0.partition_point(|&(_, hi)| hi < c);
        self.0.get(at).is_some_and(|&(lo, _)| lo <= c)
    }

    fn union(&self, other: &Set) -> Set {
        Set::of(self.0.iter().chain(&other.0).copied())
    }

    fn complement(&self) -> Set {
        let mut out = Vec::new();
        let mut next = 0;
        for &(lo, hi) in &self.0 {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi + 1;
        }
        if next <= MAX {
            out.push((next, MAX));
        }
        Set(out)
    }

    fn without(&self, points: &[u32]) -> Set {
        let mut out = self.0.clone();
        for &p in points {
            let at = out.partition_point(|&(_, hi)| hi < p);
            if let Some(&(lo, hi)) = out.get(at).filter(|&&(lo, _)| lo <= p) {
                out.remove(at);
                if p < hi {
                    out.insert(at, (p + 1, hi));
                }
                if lo < p {
                    out.insert(at, (lo, p - 1));
                }
            }
        }
        Set(out)
    }

    fn any_cased(&self) -> bool {
        let cased = CASED;
        self.0.iter().any(|&(lo, hi)| {
            let at = cased.partition_point(|&(_, c_hi)| c_hi < lo);
            cased.get(at).is_some_and(|&(c_lo, _)| c_lo <= hi)
        })
    }

    /// As a class for the crate (which takes no surrogates, that no text holds anyway).
    fn emit(&self) -> String {
        let mut out = String::from("[");
        for &(lo, hi) in &self.0 {
            for (lo, hi) in [(lo, hi.min(0xD7FF)), (lo.max(0xE000), hi)] {
                if lo <= hi {
                    out.push_str(&format!("\\x{{{lo:X}}}"));
                    if hi > lo {
                        out.push_str(&format!("-\\x{{{hi:X}}}"));
                    }
                }
            }
        }
        if out.len() == 1 {
            return "[^\\x{0}-\\x{10FFFF}]".into(); // matches nothing
        }
        out.push(']');
        out
    }
}

/// What `re.IGNORECASE` (Unicode) matches for a set of characters: every character whose
/// simple lower case is the lower case of one of them, or one of its extra equivalences
/// (`_optimize_charset` with `tolower` and `fixes`, then `IN_UNI_IGNORE`).
fn ignore_case_closure(set: &Set) -> Set {
    let pairs = LOWER;
    let changed: Vec<u32> = pairs.iter().map(|&(c, _)| c).collect();
    // Lowered: the characters that are their own lower case, and the lower cases of the rest.
    let mut lowered = set.without(&changed);
    let lowers: Vec<(u32, u32)> = pairs.iter().filter(|&&(c, _)| set.contains(c)).map(|&(_, l)| (l, l)).collect();
    lowered = lowered.union(&Set::of(lowers));
    // And the extra equivalences of those lower cases (`re._casefix`).
    let extras = EXTRA_CASES.iter().filter(|(lower, _)| lowered.contains(*lower));
    let wanted = lowered.union(&Set::of(extras.flat_map(|(_, others)| others.iter().map(|&o| (o, o)))));
    // Matched: the characters that are their own lower case and wanted, and those whose
    // lower case is wanted.
    let own = wanted.without(&changed);
    let others = pairs.iter().filter(|&&(_, l)| wanted.contains(l)).map(|&(c, _)| (c, c));
    own.union(&Set::of(others))
}

/// `re.IGNORECASE` under `re.ASCII`: only ASCII letters fold.
fn ascii_case_closure(set: &Set) -> Set {
    let mut extra = Vec::new();
    for c in b'A'..=b'Z' {
        let (upper, lower) = (c as u32, c.to_ascii_lowercase() as u32);
        if set.contains(upper) || set.contains(lower) {
            extra.push((upper, upper));
            extra.push((lower, lower));
        }
    }
    set.union(&Set::of(extra))
}

/// The categories Python's `\d`, `\w` and `\s` name, built once.
fn category(letter: char, ascii: bool) -> Set {
    static UNICODE: OnceLock<[Set; 3]> = OnceLock::new();
    let index = match letter.to_ascii_lowercase() {
        'd' => 0,
        'w' => 1,
        _ => 2,
    };
    let set = if ascii {
        match index {
            0 => Set::of([(0x30, 0x39)]),
            1 => Set::of([(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]),
            _ => Set::of([(0x09, 0x0D), (0x20, 0x20)]),
        }
    } else {
        let tables = [DIGIT, WORD, SPACE];
        UNICODE.get_or_init(|| tables.map(|t| Set(t.to_vec())))[index].clone()
    };
    if letter.is_ascii_uppercase() {
        set.complement()
    } else {
        set
    }
}

/// A group being read: its flags, its alternatives so far, and the items of the current one.
struct Group {
    flags: Flags,
    alternatives: String,
    items: Vec<Item>,
}

impl Group {
    fn end_alternative(&mut self) {
        self.take_items();
        self.alternatives.push('|');
    }

    fn take_items(&mut self) {
        for item in self.items.drain(..) {
            let (Item::Atom(t) | Item::Anchor(t) | Item::Repeated(t)) = item;
            self.alternatives.push_str(&t);
        }
    }

    /// The group's translation, without its parentheses.
    fn finish(mut self) -> String {
        self.take_items();
        self.alternatives
    }
}

/// One thing a sequence holds, and whether a repeat may follow it.
enum Item {
    Atom(String),
    /// `^`, `$`, `\b`...: Python says "nothing to repeat" after one.
    Anchor(String),
    /// A repeated item: a second repeat is Python's "multiple repeat".
    Repeated(String),
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    names: HashSet<String>,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn error(&self, what: &str) -> String {
        format!("{what} at position {}", self.pos)
    }

    fn unsupported(&self, what: &str) -> String {
        format!("{what} (at position {}) is Python regex syntax confspec cannot run", self.pos)
    }

    /// `(?aiLmsux)` at the start of the pattern (Python 3.11 refuses them anywhere else).
    fn global_flags(&mut self, mut flags: Flags) -> Result<Flags, String> {
        while self.chars[self.pos..].starts_with(&['(', '?']) {
            let save = self.pos;
            self.pos += 2;
            let mut letters = String::new();
            while let Some(c) = self.peek().filter(|c| "aiLmsux".contains(*c)) {
                letters.push(c);
                self.pos += 1;
            }
            if letters.is_empty() || !self.eat(')') {
                self.pos = save;
                break;
            }
            flags = self.apply_flags(flags, &letters, "")?;
        }
        Ok(flags)
    }

    fn apply_flags(&self, mut flags: Flags, add: &str, remove: &str) -> Result<Flags, String> {
        if add.contains('L') {
            return Err(self.error("bad inline flags: cannot use 'L' flag with a str pattern"));
        }
        if add.contains('a') && add.contains('u') {
            return Err(self.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible"));
        }
        for (letters, on) in [(add, true), (remove, false)] {
            for c in letters.chars() {
                match c {
                    'i' => flags.ignore_case = on,
                    'm' => flags.multiline = on,
                    's' => flags.dotall = on,
                    'x' => flags.verbose = on,
                    'a' => flags.ascii = true,
                    'u' => flags.ascii = false,
                    _ => {}
                }
            }
        }
        Ok(flags)
    }

    fn skip_verbose(&mut self, flags: Flags) {
        if !flags.verbose {
            return;
        }
        while let Some(c) = self.peek() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c') {
                self.pos += 1;
            } else if c == '#' {
                while self.next().is_some_and(|c| c != '\n') {}
            } else {
                break;
            }
        }
    }

    /// The whole pattern, translated. Groups nest as deep as the pattern says, so they are
    /// kept on a stack of their own rather than the call stack; the translation may grow to
    /// `max` bytes.
    fn pattern(&mut self, flags: Flags, max: usize) -> Result<String, String> {
        let mut open = vec![Group { flags, alternatives: String::new(), items: Vec::new() }];
        let mut size = 0usize;
        loop {
            let nested = open.len() > 1;
            let group = open.last_mut().expect("the pattern's own group stays");
            self.skip_verbose(group.flags);
            match self.peek() {
                None => break,
                Some(')') if !nested => return Err(self.error("unbalanced parenthesis")),
                Some(')') => {
                    self.pos += 1;
                    let body = open.pop().expect("an open group").finish();
                    let group = open.last_mut().expect("the pattern's own group stays");
                    group.items.push(Item::Atom(format!("(?:{body})")));
                    size = size.saturating_add(4);
                }
                Some('|') => {
                    self.pos += 1;
                    group.end_alternative();
                }
                Some('*' | '+' | '?' | '{') => {
                    let start = self.pos;
                    let Some(quantifier) = self.quantifier()? else {
                        // A `{` that starts no repeat is a literal.
                        self.pos = start + 1;
                        let atom = literal('{', group.flags);
                        size = size.saturating_add(atom.len());
                        group.items.push(Item::Atom(atom));
                        continue;
                    };
                    let item = match group.items.pop() {
                        Some(Item::Atom(text)) => text,
                        Some(Item::Repeated(_)) => return Err(self.error("multiple repeat")),
                        None | Some(Item::Anchor(_)) => return Err(self.error("nothing to repeat")),
                    };
                    size = size.saturating_add(quantifier.len());
                    group.items.push(Item::Repeated(format!("{item}{quantifier}")));
                }
                Some('(') => {
                    let at = self.pos;
                    self.pos += 1;
                    if let Some(flags) = self.group_start(group.flags)? {
                        if open.len() > MAX_DEPTH {
                            self.pos = at;
                            return Err(self.error(&format!(
                                "groups nest more than {MAX_DEPTH} deep, more than confspec runs \
                                 (Python itself stops near 1,000)"
                            )));
                        }
                        open.push(Group { flags, alternatives: String::new(), items: Vec::new() });
                    }
                }
                Some(_) => {
                    let item = self.atom(group.flags)?;
                    size = size.saturating_add(match &item {
                        Item::Atom(t) | Item::Anchor(t) | Item::Repeated(t) => t.len(),
                    });
                    group.items.push(item);
                }
            }
            if size > max {
                return Err(format!("too large to run (its translation passes {max} bytes)"));
            }
        }
        if open.len() > 1 {
            return Err(self.error("missing ), unterminated subpattern"));
        }
        Ok(open.pop().expect("the pattern's own group").finish())
    }

    /// `*`, `+`, `?`, `{m,n}` and a lazy `?` after them; `None` for a `{` that is no repeat.
    fn quantifier(&mut self) -> Result<Option<String>, String> {
        let mut q = match self.next() {
            Some('{') => {
                let digits = |p: &mut Parser| {
                    let mut s = String::new();
                    while let Some(c) = p.peek().filter(char::is_ascii_digit) {
                        s.push(c);
                        p.pos += 1;
                    }
                    s
                };
                let lo = digits(self);
                let hi = if self.eat(',') { Some(digits(self)) } else { None };
                if !self.eat('}') || (lo.is_empty() && hi.is_none()) {
                    return Ok(None);
                }
                let parse = |s: &str| s.parse::<u32>().map_err(|_| "the repetition number is too large".to_owned());
                let lo_n = if lo.is_empty() { 0 } else { parse(&lo)? };
                match hi {
                    None => format!("{{{lo_n}}}"),
                    Some(h) if h.is_empty() => format!("{{{lo_n},}}"),
                    Some(h) => {
                        let hi_n = parse(&h)?;
                        if hi_n < lo_n {
                            return Err(self.error("min repeat greater than max repeat"));
                        }
                        format!("{{{lo_n},{hi_n}}}")
                    }
                }
            }
            Some(c) => c.to_string(),
            None => unreachable!("called at a quantifier"),
        };
        if self.eat('?') {
            q.push('?');
        } else if self.peek() == Some('+') {
            return Err(self.unsupported("a possessive repeat"));
        }
        Ok(Some(q))
    }

    /// One item that is not a group.
    fn atom(&mut self, flags: Flags) -> Result<Item, String> {
        let c = self.next().expect("called at a character");
        Ok(match c {
            '[' => Item::Atom(self.class(flags)?),
            '.' => Item::Atom(if flags.dotall { "(?s:.)".into() } else { "[^\\n]".into() }),
            '^' => Item::Anchor(if flags.multiline { "(?m:^)".into() } else { "\\A".into() }),
            // Python's `$` also matches before a newline that ends the text.
            '$' => Item::Anchor(if flags.multiline { "(?m:$)".into() } else { "(?:\\n?\\z)".into() }),
            '\\' => self.escape(flags)?,
            c => Item::Atom(literal(c, flags)),
        })
    }

    /// What follows a group's `(`: the flags inside it, or `None` for a comment (read to its
    /// end).
    fn group_start(&mut self, flags: Flags) -> Result<Option<Flags>, String> {
        let mut inner = flags;
        if self.eat('?') {
            match self.next() {
                Some(':') => {}
                Some('P') => match self.next() {
                    Some('<') => {
                        let mut name = String::new();
                        loop {
                            match self.next() {
                                Some('>') => break,
                                Some(c) => name.push(c),
                                None => return Err(self.error("missing >, unterminated name")),
                            }
                        }
                        let ok = name.chars().next().is_some_and(|c| c == '_' || c.is_alphabetic())
                            && name.chars().all(|c| c == '_' || c.is_alphanumeric());
                        if !ok {
                            return Err(self.error(&format!("bad character in group name {name:?}")));
                        }
                        if !self.names.insert(name.clone()) {
                            return Err(self.error(&format!("redefinition of group name {name:?}")));
                        }
                    }
                    Some('=') => return Err(self.unsupported("a backreference (?P=name)")),
                    _ => return Err(self.error("unknown extension ?P")),
                },
                Some('#') => {
                    while self.next().ok_or_else(|| self.error("missing ), unterminated comment"))? != ')' {}
                    return Ok(None);
                }
                Some('=' | '!') => return Err(self.unsupported("a lookahead")),
                Some('<') => return Err(self.unsupported("a lookbehind")),
                Some('>') => return Err(self.unsupported("an atomic group")),
                Some('(') => return Err(self.unsupported("a conditional group")),
                Some(c) if "aiLmsux-".contains(c) => {
                    self.pos -= 1;
                    let mut add = String::new();
                    while let Some(c) = self.peek().filter(|c| "aiLmsux".contains(*c)) {
                        add.push(c);
                        self.pos += 1;
                    }
                    let mut remove = String::new();
                    if self.eat('-') {
                        while let Some(c) = self.peek().filter(|c| "imsx".contains(*c)) {
                            remove.push(c);
                            self.pos += 1;
                        }
                        if remove.is_empty() {
                            return Err(self.error("missing flag"));
                        }
                    }
                    match self.next() {
                        Some(':') => inner = self.apply_flags(flags, &add, &remove)?,
                        Some(')') => return Err(self.error("global flags not at the start of the expression")),
                        _ => return Err(self.error("missing :")),
                    }
                }
                _ => return Err(self.error("unknown extension")),
            }
        }
        Ok(Some(inner))
    }

    /// The character of `\x..`, `\u....`, `\U........` or an octal escape, after the letter.
    fn hex(&mut self, digits: usize) -> Result<char, String> {
        let text: String = self.chars.get(self.pos..self.pos + digits).unwrap_or_default().iter().collect();
        if text.len() != digits || !text.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(self.error("incomplete escape"));
        }
        self.pos += digits;
        u32::from_str_radix(&text, 16).ok().and_then(char::from_u32).ok_or_else(|| self.error("bad escape"))
    }

    fn octal(&mut self, first: char) -> Result<char, String> {
        let mut value = first.to_digit(8).expect("an octal digit");
        for _ in 0..2 {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) => {
                    value = value * 8 + d;
                    self.pos += 1;
                }
                None => break,
            }
        }
        if value > 0o377 {
            return Err(self.error("octal escape value outside of range 0-0o377"));
        }
        Ok(char::from_u32(value).expect("below 256"))
    }

    /// An escape that stands for one character, shared by classes and the rest.
    fn char_escape(&mut self, c: char) -> Result<Option<char>, String> {
        Ok(Some(match c {
            'a' => '\x07',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            'x' => self.hex(2)?,
            'u' => self.hex(4)?,
            'U' => self.hex(8)?,
            'N' => return Err(self.unsupported("a named character \\N{...}")),
            '0' => self.octal('0')?,
            c if c.is_ascii_alphanumeric() => return Ok(None),
            c => c,
        }))
    }

    fn escape(&mut self, flags: Flags) -> Result<Item, String> {
        let c = self.next().ok_or_else(|| self.error("bad escape (end of pattern)"))?;
        Ok(match c {
            'A' => Item::Anchor("\\A".into()),
            'Z' => Item::Anchor("\\z".into()),
            'b' => Item::Anchor(if flags.ascii { "(?-u:\\b)".into() } else { "\\b".into() }),
            'B' => Item::Anchor(if flags.ascii { "(?-u:\\B)".into() } else { "\\B".into() }),
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => Item::Atom(category(c, flags.ascii).emit()),
            '1'..='9' => {
                // Three octal digits are a character; anything else is a backreference.
                let octal = c <= '7'
                    && self
                        .chars
                        .get(self.pos..self.pos + 2)
                        .is_some_and(|d| d.iter().all(|c| ('0'..='7').contains(c)));
                if !octal {
                    return Err(self.unsupported("a backreference"));
                }
                Item::Atom(literal(self.octal(c)?, flags))
            }
            c => match self.char_escape(c)? {
                Some(ch) => Item::Atom(literal(ch, flags)),
                None => return Err(self.error(&format!("bad escape \\{c}"))),
            },
        })
    }

    /// `[...]`, after the `[`.
    fn class(&mut self, flags: Flags) -> Result<String, String> {
        let negated = self.eat('^');
        let mut chars = Set::default();
        let mut categories = Set::default();
        let mut first = true;
        loop {
            let c = self.next().ok_or_else(|| self.error("unterminated character set"))?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let low = match c {
                '\\' => {
                    let e = self.next().ok_or_else(|| self.error("bad escape (end of pattern)"))?;
                    match e {
                        'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|c| *c != ']') {
                                return Err(self.error("bad character range"));
                            }
                            categories = categories.union(&category(e, flags.ascii));
                            continue;
                        }
                        'b' => '\x08',
                        // In a class, any octal digit starts an octal escape.
                        '1'..='7' => self.octal(e)?,
                        e => self.char_escape(e)?.ok_or_else(|| self.error(&format!("bad escape \\{e}")))?,
                    }
                }
                c => c,
            };
            let mut high = low;
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|c| *c != ']') {
                self.pos += 1;
                let c = self.next().ok_or_else(|| self.error("unterminated character set"))?;
                high = match c {
                    '\\' => {
                        let e = self.next().ok_or_else(|| self.error("bad escape (end of pattern)"))?;
                        match e {
                            'b' => '\x08',
                            '1'..='7' => self.octal(e)?,
                            e => self.char_escape(e)?.ok_or_else(|| self.error("bad character range"))?,
                        }
                    }
                    c => c,
                };
                if high < low {
                    return Err(self.error(&format!("bad character range {low}-{high}")));
                }
            }
            chars = chars.union(&Set::of([(low as u32, high as u32)]));
        }
        let mut set = chars.clone();
        if flags.ignore_case && chars.any_cased() {
            set = if flags.ascii { ascii_case_closure(&chars) } else { ignore_case_closure(&chars) };
        }
        // Python tests the categories on the lower case when the class has cased characters:
        // its `\d`, `\w` and `\s` hold a character exactly when they hold its lower case.
        set = set.union(&categories);
        Ok(if negated { set.complement() } else { set }.emit())
    }
}

/// One character, as Python matches it under `flags`.
fn literal(c: char, flags: Flags) -> String {
    if !flags.ignore_case || !re_is_cased(c) {
        return Set::of([(c as u32, c as u32)]).emit();
    }
    let one = Set::of([(c as u32, c as u32)]);
    if flags.ascii {
        ascii_case_closure(&one)
    } else {
        ignore_case_closure(&Set::of([(re_lower(c) as u32, re_lower(c) as u32)]))
    }
    .emit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(pattern: &str, ignore_case: bool, value: &str) -> bool {
        search(pattern, ignore_case, value).unwrap_or_else(|e| panic!("{pattern}: {e}"))
    }

    #[test]
    fn python_classes_and_case_folding() {
        assert!(found(r"^\w+\s\w+$", false, "a²b c")); // `²` is alphanumeric to Python
        assert!(!found(r"^\w+\s\w+$", false, "a\u{301}b c")); // a combining mark is not
        assert!(found(r"^\w+\s\w+$", false, "a\x1cb")); // `\x1c` is whitespace to Python
        assert!(!found(r"^\d+$", false, "\u{11F50}")); // a digit Python 3.11 does not know
        for c in ["ſ", "ı", "İ", "\u{212A}", "S", "s"] {
            assert!(found("^[a-z]+$", true, c), "{c}");
        }
        assert!(found("^s$", true, "ſ") && found("^K$", true, "\u{212A}") && !found("^[a-z]$", false, "ſ"));
        assert!(found("^i$", true, "İ") && found("^I$", true, "ı"));
        assert!(!found("^[^a-z]$", true, "ſ"));
        assert!(found("(?i)straße", false, "STRAßE") && !found("(?a)(?i)^[a-z]$", false, "ſ"));
    }

    #[test]
    fn any_depth_and_size_is_an_error_not_an_abort() {
        // The translator keeps open groups on a stack of its own: 100,000 levels (a test
        // thread's 2 MiB stack held a few thousand when it recursed) are an error.
        let deep = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
        let e = check(&deep).unwrap_err();
        assert!(e.starts_with("groups nest more than 200 deep") && e.ends_with("at position 200"), "{e}");
        let unclosed = "(".repeat(100_000);
        assert!(check(&unclosed).unwrap_err().contains("groups nest more than 200 deep"));
        assert!(found(&format!("^{}a{}$", "(?:".repeat(200), ")".repeat(200)), false, "a"));
        assert!(found(&format!("^{}a{}+$", "(".repeat(200), ")".repeat(200)), false, "aa"));
        // What Python's classes spell out is bounded before it is built, and so is what the
        // crate compiles.
        assert!(check(&"\\w".repeat(30_000)).unwrap_err().starts_with("too large to run (its translation passes"));
        assert!(check(&"\\w".repeat(30)).is_ok());
        let folded = format!("(?i){}", "k".repeat(60_000));
        assert!(check(&folded).unwrap_err().starts_with("too large to run (its translation passes"));
        for big in ["(?:.{1000}){1000}", "\\w{1000}", "a{1000000000}"] {
            assert!(check(big).unwrap_err().starts_with("too large to run (Compiled regex exceeds"), "{big}");
        }
        assert!(check("^\\w{1,255}$").is_ok());
    }

    #[test]
    fn python_syntax() {
        assert!(found("abc$", false, "abc\n") && !found(r"abc\Z", false, "abc\n"));
        assert!(found("^a{,2}$", false, "aa") && !found("^a{,2}$", false, "aaa"));
        assert!(found("^a{$", false, "a{") && found("^{}$", false, "{}") && found("^a{1,x}$", false, "a{1,x}"));
        assert!(found("^[]a]+$", false, "]a") && found("^[a-]+$", false, "-") && found(r"^[\b]$", false, "\x08"));
        assert!(found(r"^(?P<k>[^\W\d]+)=[\S]{,3}\Z", false, "é=x") && !found(r"^(?P<k>[^\W\d]+)=", false, "1="));
        assert!(found("(?x) a  b # comment\n c", false, "abc") && found(r"^\101\x41\u0041$", false, "AAA"));
        assert!(found("^a(?#note)*$", false, "aaa") && found("(?i:A)b", false, "ab") && !found("(?i:A)b", false, "aB"));
        assert!(found("^[[:alpha:]]$", false, ":]") && found("^a&&b$", false, "a&&b"));
        for bad in ["(?=a)", "(?<=a)b", r"(a)\1", "(?P=x)", "(?>a)", "a*+", "(?(1)a|b)", r"\N{DIGIT ONE}"] {
            assert!(translate(bad, false).unwrap_err().contains("cannot run"), "{bad}");
        }
        for bad in ["a**", "*a", "^*", "(", "a)", "[a", "[z-a]", r"\q", "a(?i)b", "(?L)a", "(?P<1>a)"] {
            let e = translate(bad, false).unwrap_err();
            assert!(!e.contains("cannot run"), "{bad}: {e}");
        }
    }
}
