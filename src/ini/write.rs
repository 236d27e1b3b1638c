//! Writing values in oslo's INI dialect: the text after `key =` that `parse` (and so
//! `oslo_config.iniparser`) reads back as the value, exactly.

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

    #[test]
    fn setting_lines_are_the_samples() {
        let mut out = String::new();
        setting_lines("k", ["a", "", "b\n    c"], &mut out);
        assert_eq!(out, "k = a\nk =\nk = b\n    c\n");
    }
}
