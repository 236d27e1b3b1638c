//! Characters as Python 3.11 sees them, from the tables read off it (`unicode_tables.rs`):
//! what `str.isspace()`, `str.isprintable()`, `re`'s `\w` and `\d`, `int()`'s decimal digits
//! and `re.IGNORECASE`'s case folding take. Rust's own predicates follow newer Unicode and other definitions.

use super::unicode_tables::{CASED, DIGIT, LOWER, PRINTABLE, SPACE, WORD};

/// Whether `c` lies in one of the sorted, disjoint ranges of `table`.
fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `\w` in a Python `str` pattern.
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        in_table(WORD, c)
    }
}

/// `\d` in a Python `str` pattern, which is also `str.isdecimal()`.
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(DIGIT, c)
    }
}

/// `[^\d\W]`: a word character that is not a decimal digit.
pub fn is_letter(c: char) -> bool {
    is_word(c) && !is_digit(c)
}

/// `str.isspace()` (what a bare `str.strip()` removes, and `\s` in a `str` pattern).
pub fn is_py_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '\t'..='\r' | '\x1c'..='\x1f' | ' ')
    } else {
        in_table(SPACE, c)
    }
}

/// `str.isprintable()`: whether `repr()` writes the character as it is.
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, ' '..='~')
    } else {
        in_table(PRINTABLE, c)
    }
}

/// Python's `str.strip()` without arguments.
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// The value of a decimal digit of any script, as `int()` and `float()` read it
/// (`unicodedata.decimal`). Unicode puts each script's digits in a run from 0 to 9, so a
/// digit's value is its distance from the start of its run of the table.
pub fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(c as u32 - '0' as u32);
    }
    let c = c as u32;
    let at = DIGIT.partition_point(|&(_, hi)| hi < c);
    let &(lo, hi) = DIGIT.get(at)?;
    (lo <= c && c <= hi).then(|| (c - lo) % 10)
}

/// The simple lower case `re.IGNORECASE` compares (`_sre.unicode_tolower`): `İ` gives `i`,
/// the Kelvin sign `k`.
pub fn re_lower(c: char) -> char {
    let cp = c as u32;
    match LOWER.binary_search_by_key(&cp, |&(from, _)| from) {
        Ok(at) => char::from_u32(LOWER[at].1).expect("the table holds characters"),
        Err(_) => c,
    }
}

/// Whether `re.IGNORECASE` treats `c` as having case (`_sre.unicode_iscased`).
pub fn re_is_cased(c: char) -> bool {
    in_table(CASED, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_character_facts() {
        assert!(is_py_space('\x1c') && is_py_space('\u{2028}') && is_py_space('\u{85}') && !is_py_space('\u{200b}'));
        assert_eq!(py_strip("\x1f a \u{3000}"), "a");
        assert_eq!(decimal_value('٣'), Some(3));
        assert_eq!(decimal_value('𝟗'), Some(9)); // MATHEMATICAL BOLD DIGIT NINE, in a run of 50
        assert_eq!(decimal_value('²'), None); // a digit, not a decimal one
        assert_eq!(decimal_value('\u{11F50}'), None); // Kawi, new in Unicode 15: not for Python 3.11
        assert_eq!(re_lower('İ'), 'i');
        assert_eq!(re_lower('\u{212A}'), 'k');
        assert_eq!(re_lower('ſ'), 'ſ');
        assert!(re_is_cased('ſ') && !re_is_cased('1'));
        assert!(is_word('½') && !is_word('\u{301}') && is_letter('é') && !is_letter('٣'));
    }
}
