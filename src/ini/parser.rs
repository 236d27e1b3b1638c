//! A port of `oslo_config.iniparser.BaseParser` as `ConfigParser` drives it.
//!
//! Semantics kept from oslo: lines are split as Python's universal newlines split them and
//! right-stripped of Unicode whitespace; `#` or `;` starts a comment only in the first
//! column; the key ends at the first `:` or `=`, whichever comes first; a value wrapped in
//! matching single or double quotes loses them; indented lines continue the previous value
//! (joined with `\n`) until a blank line; a repeated key keeps every value, in order.
//! Unlike oslo, a syntax error does not end the reading: it is recorded and the line skipped,
//! so `validate` can report every problem at once.

use crate::oslo::pychar::is_py_space;

/// Where something is in the files read: which file (its place in `IniDoc::files`) and which
/// line (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Place {
    pub file: usize,
    pub line: usize,
}

/// A `[section]` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Exactly as written between the brackets (oslo does not trim it).
    pub name: String,
    pub line: usize,
    /// Which of the files read it is in (`merge`); 0 for a file parsed alone.
    pub file: usize,
}

/// One `key = value` assignment, continuation lines included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The section it is in, as written.
    pub section: String,
    pub key: String,
    /// The value with continuation lines joined by `\n`, quotes removed as oslo does.
    pub value: String,
    /// The line of the key, and the last line of the value (1-based).
    pub line: usize,
    pub last_line: usize,
    /// Which of the files read it is in (`merge`); 0 for a file parsed alone.
    pub file: usize,
}

/// A syntax error, worded as oslo words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
    /// Which of the files read it is in (`merge`); 0 for a file parsed alone.
    pub file: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IniDoc {
    pub sections: Vec<Section>,
    pub entries: Vec<Entry>,
    pub errors: Vec<ParseError>,
    /// The names of the files `merge` read, in the order read; empty for a file parsed alone.
    pub files: Vec<String>,
}

impl Section {
    pub fn place(&self) -> Place {
        Place { file: self.file, line: self.line }
    }
}

impl Entry {
    pub fn place(&self) -> Place {
        Place { file: self.file, line: self.line }
    }
}

impl IniDoc {
    /// Several files read as oslo.config reads them, into one document: each file's sections,
    /// entries and errors in the order the files are given (a later file's settings win), each
    /// knowing its file by its place in `files`.
    pub fn merge(files: impl IntoIterator<Item = (String, IniDoc)>) -> IniDoc {
        // The first file's lists are taken over as they are, not copied.
        fn join<T>(into: &mut Vec<T>, mut more: Vec<T>) {
            if into.is_empty() {
                *into = more;
            } else {
                into.append(&mut more);
            }
        }
        let mut merged = IniDoc::default();
        for (file, (name, mut doc)) in files.into_iter().enumerate() {
            doc.sections.iter_mut().for_each(|s| s.file = file);
            doc.entries.iter_mut().for_each(|e| e.file = file);
            doc.errors.iter_mut().for_each(|e| e.file = file);
            join(&mut merged.sections, doc.sections);
            join(&mut merged.entries, doc.entries);
            join(&mut merged.errors, doc.errors);
            merged.files.push(name);
        }
        merged
    }

    /// The name of file `file` of a merged document, for messages that point into another file.
    pub fn file_name(&self, file: usize) -> Option<&str> {
        self.files.get(file).map(String::as_str)
    }

    /// Every value of `key` in sections named `section` (compared as written), in order.
    pub fn values<'a>(&'a self, section: &'a str, key: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.section == section && e.key == key)
    }
}

/// Python's `splitlines` of a file read with universal newlines: `\r\n`, `\r` and `\n` end a
/// line, nothing else does.
pub fn file_lines(text: &str) -> Vec<&str> {
    lines_with_endings(text).into_iter().map(|(line, _)| line).collect()
}

/// The file's lines as `file_lines` splits them, each with its own ending (`""` for a last
/// line without one), so that rewriting a file can keep its bytes.
pub fn lines_with_endings(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((&text[start..i], &text[i..i + 1]));
                start = i + 1;
            }
            b'\r' => {
                let end = if bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                out.push((&text[start..i], &text[i..end]));
                start = end;
                i = end - 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push((&text[start..], ""));
    }
    out
}

fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

struct Pending {
    key: String,
    /// The value's lines, joined by newlines as oslo joins them.
    value: String,
    line: usize,
    last_line: usize,
}

pub fn parse(text: &str) -> IniDoc {
    let mut doc = IniDoc::default();
    let mut section: Option<String> = None;
    let mut pending: Option<Pending> = None;

    // oslo's `_assignment`: a key needs a section before it.
    let flush = |pending: &mut Option<Pending>, section: &Option<String>, doc: &mut IniDoc| {
        if let Some(p) = pending.take() {
            match section {
                Some(s) => doc.entries.push(Entry {
                    section: s.clone(),
                    key: p.key,
                    value: p.value,
                    line: p.line,
                    last_line: p.last_line,
                    file: 0,
                }),
                None => doc.errors.push(ParseError {
                    line: p.line,
                    message: "Section must be started before assignment".into(),
                    file: 0,
                }),
            }
        }
    };

    for (index, raw) in file_lines(text).into_iter().enumerate() {
        let lineno = index + 1;
        let line = raw.trim_end_matches(is_py_space);
        if line.is_empty() {
            flush(&mut pending, &section, &mut doc);
            continue;
        }
        if line.starts_with([' ', '\t']) {
            match pending.as_mut() {
                Some(p) => {
                    p.value.push('\n');
                    p.value.push_str(line.trim_start_matches(is_py_space));
                    p.last_line = lineno;
                }
                None => doc.errors.push(ParseError {
                    line: lineno,
                    message: "Unexpected continuation line".into(),
                    file: 0,
                }),
            }
            continue;
        }
        flush(&mut pending, &section, &mut doc);
        if line.starts_with('[') {
            if !line.ends_with(']') {
                doc.errors.push(ParseError {
                    line: lineno,
                    message: "Invalid section (must end with ])".into(),
                    file: 0,
                });
            } else if line.len() <= 2 {
                doc.errors.push(ParseError { line: lineno, message: "Empty section name".into(), file: 0 });
            } else {
                let name = line[1..line.len() - 1].to_owned();
                doc.sections.push(Section { name: name.clone(), line: lineno, file: 0 });
                section = Some(name);
            }
        } else if line.starts_with(['#', ';']) {
            // A comment.
        } else {
            let colon = line.find(':');
            let equal = line.find('=');
            let split = match (colon, equal) {
                (None, None) => None,
                (Some(c), Some(e)) => Some(c.min(e)),
                (c, e) => c.or(e),
            };
            let Some(at) = split else {
                doc.errors.push(ParseError {
                    line: lineno,
                    message: "No ':' or '=' found in assignment".into(),
                    file: 0,
                });
                continue;
            };
            let key = py_strip(&line[..at]).to_owned();
            let mut value = py_strip(&line[at + 1..]);
            if let (Some(first), Some(last)) = (value.chars().next(), value.chars().last()) {
                if first == last && (first == '"' || first == '\'') {
                    // Python's value[1:-1]: a lone quote becomes ''.
                    value = if value.len() == 1 { "" } else { &value[1..value.len() - 1] };
                }
            }
            if key.is_empty() {
                doc.errors.push(ParseError { line: lineno, message: "Key cannot be empty".into(), file: 0 });
                continue;
            }
            pending = Some(Pending { key, value: value.to_owned(), line: lineno, last_line: lineno });
        }
    }
    flush(&mut pending, &section, &mut doc);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_continuations() {
        let doc = parse("[DEFAULT]\na = 1\nb: x = y\n  more\n\tand more\n\nc=\"quoted\"\n[glance]\nd = 'x\n");
        let got: Vec<(&str, &str, &str, usize, usize)> = doc
            .entries
            .iter()
            .map(|e| (e.section.as_str(), e.key.as_str(), e.value.as_str(), e.line, e.last_line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("DEFAULT", "a", "1", 2, 2),
                ("DEFAULT", "b", "x = y\nmore\nand more", 3, 5),
                ("DEFAULT", "c", "quoted", 7, 7),
                ("glance", "d", "'x", 9, 9),
            ]
        );
        assert!(doc.errors.is_empty());
    }

    #[test]
    fn errors_are_recorded_and_reading_goes_on() {
        let doc = parse("a = 1\n[x\n[]\n  cont\n[s]\nnovalue\n= 2\nok = 3\n");
        let errors: Vec<(usize, &str)> = doc.errors.iter().map(|e| (e.line, e.message.as_str())).collect();
        assert_eq!(
            errors,
            vec![
                (1, "Section must be started before assignment"),
                (2, "Invalid section (must end with ])"),
                (3, "Empty section name"),
                (4, "Unexpected continuation line"),
                (6, "No ':' or '=' found in assignment"),
                (7, "Key cannot be empty"),
            ]
        );
        assert_eq!(doc.entries.len(), 1);
        assert_eq!(doc.entries[0].key, "ok");
    }

    #[test]
    fn universal_newlines() {
        assert_eq!(file_lines("a\r\nb\rc\nd"), vec!["a", "b", "c", "d"]);
        assert_eq!(file_lines("a\u{2028}b\n"), vec!["a\u{2028}b"]);
    }
}
