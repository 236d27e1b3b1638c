//! The lines oslo writes around texts: the generator's `_format_help` comments and setting
//! lines, the Sphinx extension's `_indent`. The native writers call them directly and the
//! template helpers (`render/helpers.rs`) wrap them, so both give oslo's bytes.

use super::textwrap;

/// oslo's `_format_help`: every line of `text` wrapped with Python's textwrap at `width`
/// behind `# `, an empty line as `#`. (the `oslo_comment` helper).
pub fn comment(text: &str, width: usize, out: &mut String) {
    // oslo treats a width of 0 as "no wrapping" by wrapping at 998 columns.
    let width = if width == 0 { 998 } else { width };
    for line in textwrap::py_lines(text) {
        if textwrap::wrap_into(line, width, "# ", "# ", out) == 0 {
            out.push('#');
        }
        out.push('\n');
    }
}

/// The sample's setting lines for `dest` and its formatted defaults: `#dest = value` for each
/// (`dest = value` when minimal), continuation lines of a multi-line value behind `#    `.
pub fn setting<'a>(dest: &str, defaults: impl Iterator<Item = &'a str>, minimal: bool, out: &mut String) {
    for value in defaults {
        if !minimal {
            out.push('#');
        }
        out.push_str(dest);
        out.push_str(" =");
        if !value.is_empty() {
            out.push(' ');
            // oslo continues a multi-line value on `#    ` lines after each `\n`. A lone `\r`
            // ends a line too for any reader with universal newlines (oslo's own): it gets
            // the same continuation, where oslo would let the rest become an active line.
            // Written a line at a time: most values have none of either.
            let mut rest = value;
            while let Some(at) = rest.find(['\n', '\r']) {
                let end = at + 1;
                out.push_str(&rest[..end]);
                if rest.as_bytes()[at] == b'\n' || rest.as_bytes().get(end) != Some(&b'\n') {
                    out.push_str("#    ");
                }
                rest = &rest[end..];
            }
            out.push_str(rest);
        }
        out.push('\n');
    }
}

/// oslo's Sphinx extension's `_indent(text, n)`: every line behind `n` spaces, blank lines
/// left empty, lines split as Python's `splitlines` splits them.
pub fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    textwrap::splitlines(text)
        .into_iter()
        .map(|line| if line.is_empty() { String::new() } else { format!("{pad}{line}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The length of `indent(text, n)`, or `None` past what a `u64` counts.
pub fn indented_len(text: &str, n: u64) -> Option<u64> {
    let lines = textwrap::splitlines(text);
    let mut total = lines.len().saturating_sub(1) as u64;
    for line in lines.iter().filter(|l| !l.is_empty()) {
        total = total.checked_add(n)?.checked_add(line.len() as u64)?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_line_value_continues_after_each_line_end() {
        let mut out = String::new();
        setting("x", ["a\nb\r\nc\rd", "", "\n", "e\r"].into_iter(), false, &mut out);
        assert_eq!(out, "#x = a\n#    b\r\n#    c\r#    d\n#x =\n#x = \n#    \n#x = e\r#    \n");
        out.clear();
        setting("y", ["plain"].into_iter(), true, &mut out);
        assert_eq!(out, "y = plain\n");
    }

    #[test]
    fn indented_len_is_the_length_of_indent() {
        for (text, n) in [("a\n\nbc\r\nd", 3), ("", 5), ("\n", 2), ("x", 0), ("é\u{2028}f\n", 4)] {
            assert_eq!(indented_len(text, n), Some(indent(text, n as usize).len() as u64), "{text:?}");
        }
        assert_eq!(indented_len("a", u64::MAX), None);
        assert_eq!(indented_len("", u64::MAX), Some(0));
    }
}
