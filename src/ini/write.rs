//! Writing values in oslo's INI dialect: the text after `key =` that `parse` (and so
//! `oslo_config.iniparser`) reads back as the value, exactly; and changing some lines of a
//! config file while every other byte stays as it was (`Edits`).

use super::parser::{lines_with_endings, IniDoc};
use std::collections::{BTreeMap, HashMap};

/// The text to write after `key =` for oslo to read `value` back: as it is when the reader
/// leaves it so, else with its first line in quotes (the reader strips blanks around a value
/// and takes one pair of matching quotes off it); the lines after the first on continuation
/// lines, indented four spaces. `None` when no text reads back as `value`: a line after the
/// first that is blank or starts or ends with a blank (the reader strips continuation lines
/// and ends the value at a blank line), or a `\r` (a line break to the reader).
///
/// Each candidate is parsed back and kept only when it reads as `value`: the reader is the
/// one definition of what a text means.
pub fn value_text(value: &str) -> Option<String> {
    let (first, rest) = value.split_once('\n').unwrap_or((value, ""));
    let mut continuation = String::new();
    if value.contains('\n') {
        for line in rest.split('\n') {
            continuation.push_str("\n    ");
            continuation.push_str(line);
        }
    }
    for quote in ["", "\"", "'"] {
        let text = format!("{quote}{first}{quote}{continuation}");
        if reads_back(&text, value) {
            return Some(text);
        }
    }
    None
}

/// Whether `key = text` reads as `value`.
fn reads_back(text: &str, value: &str) -> bool {
    let mut line = String::with_capacity(text.len() + 12);
    line.push_str("[s]\nk =");
    if !text.is_empty() {
        line.push(' ');
        line.push_str(text);
    }
    line.push('\n');
    let doc = super::parse(&line);
    doc.errors.is_empty() && doc.entries.len() == 1 && doc.entries[0].value == value
}

/// `key = text` lines, one per text (the values of a multi-valued option), as oslo's sample
/// writes a set option: `key =` alone for an empty text.
pub fn setting_lines<'t>(key: &str, texts: impl IntoIterator<Item = &'t str>, out: &mut String) {
    for text in texts {
        out.push_str(key);
        out.push_str(" =");
        if !text.is_empty() {
            out.push(' ');
            out.push_str(text);
        }
        out.push('\n');
    }
}

/// Changes to a config file's lines that leave every other byte as it was (comments, order,
/// blank lines, continuation lines, line endings): settings' lines replaced or taken out, and
/// lines added at the end of a group's section, or in a new section at the end of the file.
///
/// A group's lines go after the last setting of its last section (its continuation lines
/// included), before the blank lines and comments that follow it, as crudini adds a key; right
/// after the header of a section without settings. A group without a section gets one at the
/// end of the file, after a blank line (none in an empty file), in the order groups were first
/// added. New lines end as the file's first line does (`\n` in a file without one).
pub struct Edits<'t> {
    lines: Vec<(&'t str, &'t str)>,
    newline: &'t str,
    /// Line index -> what replaces it, and the ending it takes.
    replaced: HashMap<usize, (String, &'t str)>,
    removed: Vec<bool>,
    /// The sections as (group, header line), in file order.
    sections: Vec<(String, usize)>,
    /// The settings as (line, last line), in file order.
    settings: Vec<(usize, usize)>,
    /// What is added to each group: whole lines with their endings, by group as first added.
    added: Vec<(String, String)>,
    /// Where each group is in `added`.
    added_at: HashMap<String, usize>,
}

impl<'t> Edits<'t> {
    /// No change yet to `text`, whose reading is `doc`.
    pub fn new(text: &'t str, doc: &IniDoc) -> Edits<'t> {
        let lines = lines_with_endings(text);
        let newline = lines.iter().map(|(_, e)| *e).find(|e| !e.is_empty()).unwrap_or("\n");
        Edits {
            removed: vec![false; lines.len()],
            lines,
            newline,
            replaced: HashMap::new(),
            sections: doc.sections.iter().map(|s| (crate::validate::section_group(&s.name), s.line)).collect(),
            settings: doc.entries.iter().map(|e| (e.line, e.last_line)).collect(),
            added: Vec::new(),
            added_at: HashMap::new(),
        }
    }

    /// The file's line ending, for lines added.
    pub fn newline(&self) -> &'t str {
        self.newline
    }

    /// Line `line` (1-based) as it is now in the file, without its ending.
    pub fn line(&self, line: usize) -> &'t str {
        self.lines[line - 1].0
    }

    /// The ending of line `line` (1-based): `""` for a last line without one.
    pub fn ending(&self, line: usize) -> &'t str {
        self.lines[line - 1].1
    }

    /// Lines `first..=last` (1-based) become `content` followed by the ending line `last` has;
    /// `content` may hold several lines, each but the last ending in `newline()`.
    pub fn replace(&mut self, first: usize, last: usize, content: String) {
        self.remove(first + 1, last);
        self.replaced.insert(first - 1, (content, self.lines[last - 1].1));
    }

    /// Takes lines `first..=last` (1-based) out.
    pub fn remove(&mut self, first: usize, last: usize) {
        for flag in self.removed.iter_mut().take(last).skip(first - 1) {
            *flag = true;
        }
    }

    /// Adds `lines` (whole lines, with their endings) to the end of `group`'s section.
    pub fn add(&mut self, group: &str, lines: &str) {
        match self.added_at.get(group) {
            Some(&at) => self.added[at].1.push_str(lines),
            None => {
                self.added_at.insert(group.to_owned(), self.added.len());
                self.added.push((group.to_owned(), lines.to_owned()));
            }
        }
    }

    /// The file with the changes made.
    pub fn apply(self) -> String {
        let Edits { lines, newline, replaced, removed, sections, settings, added, .. } = self;
        // Each group's last section, and the last line of each section's settings kept (a
        // setting belongs to the last header above it).
        let mut last_section: HashMap<&str, usize> = HashMap::new();
        for (i, (group, _)) in sections.iter().enumerate() {
            last_section.insert(group, i);
        }
        let mut last_kept: Vec<Option<usize>> = vec![None; sections.len()];
        for &(line, last_line) in settings.iter().filter(|(line, _)| !removed[line - 1]) {
            let above = sections.partition_point(|(_, header)| *header < line);
            if let Some(slot) = above.checked_sub(1).map(|i| &mut last_kept[i]) {
                *slot = Some(slot.map_or(last_line, |l| l.max(last_line)));
            }
        }
        let mut insert_after: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        let mut appended: Vec<(&str, &str)> = Vec::new();
        for (group, block) in &added {
            match last_section.get(group.as_str()) {
                Some(&i) => insert_after.entry(last_kept[i].unwrap_or(sections[i].1)).or_default().push(block),
                None => appended.push((group, block)),
            }
        }

        let size = lines.iter().map(|(c, e)| c.len() + e.len()).sum::<usize>();
        let mut out = String::with_capacity(size + added.iter().map(|(_, b)| b.len() + 64).sum::<usize>());
        for (i, line) in lines.iter().enumerate() {
            let (content, ending) = match replaced.get(&i) {
                Some((content, ending)) => (content.as_str(), *ending),
                None => *line,
            };
            if !removed[i] {
                out.push_str(content);
                out.push_str(ending);
            }
            if let Some(blocks) = insert_after.get(&(i + 1)) {
                if !out.ends_with(['\n', '\r']) {
                    out.push_str(newline);
                }
                blocks.iter().for_each(|block| out.push_str(block));
            }
        }
        if !appended.is_empty() && !out.is_empty() {
            if !out.ends_with(['\n', '\r']) {
                out.push_str(newline);
            }
            out.push_str(newline);
        }
        for (i, (group, block)) in appended.iter().enumerate() {
            if i > 0 {
                out.push_str(newline);
            }
            out.push_str(&format!("[{group}]{newline}"));
            out.push_str(block);
        }
        out
    }
}

/// A setting's first line `line`, whose key is `key`, with that key spelled `new_key` and,
/// when `text` is given, `text` after the separator in place of the value (the blanks after
/// the separator kept, none before an empty text).
pub fn setting_line(line: &str, key: &str, new_key: &str, text: Option<&str>) -> String {
    let at = line.find(key).unwrap_or(0);
    let (before, after) = (&line[..at], &line[at + key.len().min(line.len() - at)..]);
    let Some(text) = text else {
        return format!("{before}{new_key}{after}");
    };
    // The key ends at the first `:` or `=` (the reader's split).
    let Some(separator) = after.find([':', '=']) else {
        return format!("{before}{new_key}{after} = {text}");
    };
    let (to_separator, value) = after.split_at(separator + 1);
    let blanks = &value[..value.len() - value.trim_start_matches(crate::oslo::pychar::is_py_space).len()];
    // `key =` given a value is `key = value`, as `key=` is `key=value`.
    let spaced = to_separator.len() > 1 && blanks.is_empty() && value.is_empty();
    let blanks = if text.is_empty() {
        ""
    } else if spaced {
        " "
    } else {
        blanks
    };
    format!("{before}{new_key}{to_separator}{blanks}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_so_that_they_read_back() {
        for (value, text) in [
            ("", ""),
            ("plain", "plain"),
            ("a = b: c", "a = b: c"),
            (" padded ", "\" padded \""),
            ("\"quoted\"", "\"\"quoted\"\""),
            ("'single'", "\"'single'\""),
            ("\"", "\"\"\""),
            ("two\nlines", "two\n    lines"),
            (" x\ny", "\" x\"\n    y"),
            ("# not a comment", "# not a comment"),
            ("[not a section]", "[not a section]"),
            ("tab\tinside", "tab\tinside"),
            ("x\u{2028}\ny", "\"x\u{2028}\"\n    y"),
        ] {
            assert_eq!(value_text(value).as_deref(), Some(text), "{value:?}");
            let doc = crate::ini::parse(&format!("[s]\nk = {text}\n"));
            assert_eq!(doc.entries[0].value, value);
        }
    }

    #[test]
    fn values_no_text_reads_back_are_refused() {
        for value in ["a\n\nb", "a\n b", "a\nb ", "a\rb", "a\n", "a\nb\u{2028}"] {
            assert_eq!(value_text(value), None, "{value:?}");
        }
    }

    /// `text` with `change` made to its edits.
    fn edited(text: &str, change: impl FnOnce(&mut Edits)) -> String {
        let doc = crate::ini::parse(text);
        let mut edits = Edits::new(text, &doc);
        change(&mut edits);
        edits.apply()
    }

    #[test]
    fn lines_are_added_after_a_sections_last_setting_as_crudini_adds_them() {
        let text =
            "# top\n[DEFAULT]\na = 1\n  more\n\n# about b\n#b = 2\n\n[Glance]\n# only a comment\n\n[glance]\nx = 1\n";
        // After the continuation line, before the blank line and comments; a group's last
        // section (whatever the case of its name); a new section after a blank line, in the
        // order first added; the empty section of a group gets nothing.
        let got = edited(text, |e| {
            e.add("DEFAULT", "c = 3\n");
            e.add("new", "k = v\n");
            e.add("glance", "y = 2\n");
            e.add("DEFAULT", "d = 4\n");
            e.add("after", "z = 0\n");
        });
        assert_eq!(
            got,
            "# top\n[DEFAULT]\na = 1\n  more\nc = 3\nd = 4\n\n# about b\n#b = 2\n\n[Glance]\n# only a comment\n\n[glance]\nx = 1\ny = 2\n\n[new]\nk = v\n\n[after]\nz = 0\n"
        );
        // A section without settings gets them after its header.
        assert_eq!(edited("[a]\n# c\n\n[b]\n", |e| e.add("a", "k = v\n")), "[a]\nk = v\n# c\n\n[b]\n");
    }

    #[test]
    fn every_other_byte_stays_and_line_endings_are_the_files() {
        let text = "[DEFAULT]\r\nkey =  old\r\n  cont\r\ngone = 1\r\n\r\n[x]\r\ny: 2";
        let got = edited(text, |e| {
            e.replace(2, 3, "key =  new".into());
            e.remove(4, 4);
            e.add("x", "z = 3\r\n");
            e.add("DEFAULT", "w = 4\r\n");
        });
        // The replaced setting takes its last line's ending; a last line without one gets the
        // file's before what follows it.
        assert_eq!(got, "[DEFAULT]\r\nkey =  new\r\nw = 4\r\n\r\n[x]\r\ny: 2\r\nz = 3\r\n");
        assert_eq!(edited(text, |_| {}), text);
        // An empty file: the new section is its first line; a file without a final line
        // ending gets one before the new section.
        assert_eq!(edited("", |e| e.add("DEFAULT", "a = 1\n")), "[DEFAULT]\na = 1\n");
        assert_eq!(edited("[s]\nb = 2", |e| e.add("t", "a = 1\n")), "[s]\nb = 2\n\n[t]\na = 1\n");
        // A replaced last line without an ending keeps none, and what is added after it
        // starts on a line of its own.
        assert_eq!(
            edited("[s]\nb = 2\n  c", |e| {
                e.replace(2, 3, "b = 9".into());
                e.add("s", "a = 1\n");
            }),
            "[s]\nb = 9\na = 1\n"
        );
    }

    #[test]
    fn a_setting_line_keeps_its_spelling_but_for_the_key_and_the_value() {
        assert_eq!(
            setting_line("old_name =  v", "old_name", "name", None),
            "old_name =  v".replace("old_name", "name")
        );
        assert_eq!(setting_line("key=v", "key", "key", Some("w")), "key=w");
        assert_eq!(setting_line("key :  v  ", "key", "key", Some("\"w \"")), "key :  \"w \"");
        assert_eq!(setting_line("key = v", "key", "key", Some("")), "key =");
        assert_eq!(setting_line("key =", "key", "new", Some("w")), "new = w");
        assert_eq!(setting_line("key=", "key", "key", Some("w")), "key=w");
        assert_eq!(setting_line("\u{3000}key = v", "key", "key", Some("w")), "\u{3000}key = w");
    }

    #[test]
    fn setting_lines_are_the_samples() {
        let mut out = String::new();
        setting_lines("k", ["a", "", "b\n    c"], &mut out);
        assert_eq!(out, "k = a\nk =\nk = b\n    c\n");
    }
}
