//! Values as oslo.config holds them in Python, and Python's `str()` and `repr()` of them.
//!
//! A spec's `default: 1.0` means what `default=1.0` means in Python: the sample shows `1.0`,
//! an integer default on a float option shows `5`, and a boolean shows `true` only because
//! oslo lower-cases it. Keeping the value's Python kind is what makes those bytes come out right.

use crate::oslo::pynum::PyInt;
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    None,
    Bool(bool),
    /// Any size, as a Python `int` (`PyInt::Small` unless it is past `i128`).
    Int(PyInt),
    Float(f64),
    Str(String),
    List(Vec<PyValue>),
    /// Insertion-ordered, like a Python dict.
    Dict(Vec<(String, PyValue)>),
}

impl PyValue {
    pub fn is_none(&self) -> bool {
        matches!(self, PyValue::None)
    }

    /// Python truthiness (`if value:`).
    pub fn is_truthy(&self) -> bool {
        match self {
            PyValue::None => false,
            PyValue::Bool(b) => *b,
            PyValue::Int(i) => *i != PyInt::Small(0),
            PyValue::Float(f) => *f != 0.0,
            PyValue::Str(s) => !s.is_empty(),
            PyValue::List(l) => !l.is_empty(),
            PyValue::Dict(d) => !d.is_empty(),
        }
    }

    /// The Python type's name, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            PyValue::None => "null",
            PyValue::Bool(_) => "boolean",
            PyValue::Int(_) => "integer",
            PyValue::Float(_) => "float",
            PyValue::Str(_) => "string",
            PyValue::List(_) => "list",
            PyValue::Dict(_) => "mapping",
        }
    }

    /// Python's `str(value)`.
    pub fn py_str(&self) -> String {
        match self {
            PyValue::Str(s) => s.clone(),
            other => other.py_repr(),
        }
    }

    /// Python's `repr(value)`.
    pub fn py_repr(&self) -> String {
        match self {
            PyValue::None => "None".into(),
            PyValue::Bool(true) => "True".into(),
            PyValue::Bool(false) => "False".into(),
            PyValue::Int(i) => i.to_string(),
            PyValue::Float(f) => float_repr(*f),
            PyValue::Str(s) => str_repr(s),
            PyValue::List(items) => {
                let inner: Vec<String> = items.iter().map(PyValue::py_repr).collect();
                format!("[{}]", inner.join(", "))
            }
            PyValue::Dict(items) => {
                let inner: Vec<String> =
                    items.iter().map(|(k, v)| format!("{}: {}", str_repr(k), v.py_repr())).collect();
                format!("{{{}}}", inner.join(", "))
            }
        }
    }
}

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation for decimal
/// exponents from -4 to 15 and scientific notation (`1e+16`, `1.5e-05`) outside that.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's `{:e}` yields the shortest digits that round-trip, as Python's repr does; but when
    // two candidates of that length are equally near (756273080484524.25 between ...524.2 and
    // ...524.3) it takes the upper one, and Python the even one: the correctly rounded value
    // at that length, which Rust's fixed precision gives (ties to even).
    let mut sci = format!("{:e}", f);
    let length = sci.split_once('e').map_or(0, |(m, _)| m.chars().filter(char::is_ascii_digit).count());
    let rounded = format!("{:.*e}", length.saturating_sub(1), f);
    if rounded != sci && rounded.parse::<f64>() == Ok(f) {
        sci = rounded;
    }
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` always has an exponent");
    let exp: i32 = exp.parse().expect("exponent is an integer");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut out = String::from(sign);
    if !(-4..16).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    } else if exp >= 0 {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', int_len - digits.len()));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-exp - 1) as usize));
        out.push_str(&digits);
    }
    out
}

/// Python's `repr(str)`: single quotes unless the text holds `'` and no `"`; `\\`, `\n`, `\r`,
/// `\t` and the quote escaped, and every character `str.isprintable()` rejects as `\xNN`,
/// `\uNNNN` or `\UNNNNNNNN`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !super::pychar::is_printable(c) => {
                let n = c as u32;
                let _ = if n <= 0xff {
                    write!(out, "\\x{n:02x}")
                } else if n <= 0xffff {
                    write!(out, "\\u{n:04x}")
                } else {
                    write!(out, "\\U{n:08x}")
                };
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// The width in characters of `str_repr` of a text, kept as the text grows or loses a part:
/// a sum over its characters, the quote chosen (and its escapes counted) at the end.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReprWidth {
    /// Characters as written, each quote counted as one.
    chars: usize,
    singles: usize,
    doubles: usize,
}

impl ReprWidth {
    pub fn of(s: &str) -> ReprWidth {
        s.chars().fold(ReprWidth::default(), ReprWidth::with)
    }

    /// The width with `c` added at the end.
    pub fn with(mut self, c: char) -> ReprWidth {
        self.chars += match c {
            '\\' | '\n' | '\r' | '\t' => 2,
            c if !super::pychar::is_printable(c) => match c as u32 {
                0..=0xff => 4,
                0x100..=0xffff => 6,
                _ => 10,
            },
            _ => 1,
        };
        self.singles += usize::from(c == '\'');
        self.doubles += usize::from(c == '"');
        self
    }

    /// The width of the rest of a text without its first `part`.
    pub fn without(self, part: ReprWidth) -> ReprWidth {
        ReprWidth {
            chars: self.chars - part.chars,
            singles: self.singles - part.singles,
            doubles: self.doubles - part.doubles,
        }
    }

    pub fn width(&self) -> usize {
        // In double quotes (`'` and no `"`) nothing is escaped; in single quotes each `'` is.
        let escaped_quotes = if self.singles > 0 && self.doubles == 0 { 0 } else { self.singles };
        2 + self.chars + escaped_quotes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_python() {
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (123456789012345.6, "123456789012345.6"),
            (1e15, "1000000000000000.0"),
            (-0.0, "-0.0"),
            (f64::INFINITY, "inf"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            // A tie between the two shortest candidates (...524.25, ...524.75) goes to the even one.
            (-3025092321938097.0 / 4.0, "-756273080484524.2"),
            (3025092321938099.0 / 4.0, "756273080484524.8"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(f), want, "{f:?}");
        }
    }

    #[test]
    fn repr_width_is_the_width_of_the_repr() {
        let chars = [
            'a',
            ' ',
            '\'',
            '"',
            '\\',
            '\n',
            '\r',
            '\t',
            '\0',
            '\x7f',
            '\u{ad}',
            'é',
            '\u{2028}',
            '\u{378}',
            '\u{e0001}',
            '😀',
        ];
        // Every text of up to three of these characters, and each with a part taken off.
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = texts.iter().flat_map(|t| chars.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(longer);
        }
        for text in &texts {
            let width = ReprWidth::of(text);
            assert_eq!(width.width(), str_repr(text).chars().count(), "{text:?}");
            for (at, _) in text.char_indices() {
                let rest = width.without(ReprWidth::of(&text[..at]));
                assert_eq!(rest, ReprWidth::of(&text[at..]), "{text:?} at {at}");
            }
        }
    }

    #[test]
    fn str_and_repr() {
        assert_eq!(PyValue::Bool(true).py_str(), "True");
        assert_eq!(PyValue::Str("it's".into()).py_repr(), "\"it's\"");
        // What Python 3.11 prints for repr('\xad\u2028\U000e0001\u0378é\xa0'): every character
        // str.isprintable() rejects escaped, unassigned ones included.
        assert_eq!(str_repr("\u{ad}\u{2028}\u{e0001}\u{378}é\u{a0}"), "'\\xad\\u2028\\U000e0001\\u0378é\\xa0'");
        assert_eq!(PyValue::List(vec![PyValue::Str("a".into()), PyValue::Int(PyInt::Small(1))]).py_str(), "['a', 1]");
    }
}
