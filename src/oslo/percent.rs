//! Python's `help % {'default': 'the value above'}`, which oslo's Sphinx extension applies to
//! every help text, falling back to the raw text when Python raises.

use super::pyvalue::str_repr;

/// What `%(default)s` becomes in the reference docs.
pub const DEFAULT_TEXT: &str = "the value above";

/// `text % {'default': DEFAULT_TEXT}`, or `None` where Python raises `TypeError`, `KeyError`
/// or `ValueError` (an unknown key, `100%`, `%d`, a second unkeyed `%s`, a width past
/// `sys.maxsize`...). Python pads to any width it can allocate, so the result can be huge:
/// check its length with [`formatted_len`] first.
pub fn format_help(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    format(text, &mut out)?;
    Some(out)
}

/// The length in bytes of what [`format_help`] returns, without making it.
pub fn formatted_len(text: &str) -> Option<u64> {
    let mut len = Length(0);
    format(text, &mut len)?;
    Some(len.0)
}

/// Where the formatted text goes.
trait Sink {
    fn text(&mut self, s: &str);
    fn char(&mut self, c: char);
    fn spaces(&mut self, n: u64);
}

impl Sink for String {
    fn text(&mut self, s: &str) {
        self.push_str(s);
    }
    fn char(&mut self, c: char) {
        self.push(c);
    }
    fn spaces(&mut self, n: u64) {
        self.extend(std::iter::repeat_n(' ', n as usize));
    }
}

/// Counts bytes instead.
struct Length(u64);

impl Sink for Length {
    fn text(&mut self, s: &str) {
        self.0 = self.0.saturating_add(s.len() as u64);
    }
    fn char(&mut self, c: char) {
        self.0 = self.0.saturating_add(c.len_utf8() as u64);
    }
    fn spaces(&mut self, n: u64) {
        self.0 = self.0.saturating_add(n);
    }
}

/// A width or precision as Python reads it: digits while the number stays within `max`
/// (`sys.maxsize` for a width, `INT_MAX` for a precision; past it, Python raises
/// `ValueError`, "width too big").
fn number(chars: &[char], i: &mut usize, max: u64) -> Option<u64> {
    let mut n: u64 = 0;
    while let Some(d) = chars.get(*i).and_then(|c| c.to_digit(10)) {
        n = n.checked_mul(10)?.checked_add(d as u64).filter(|n| *n <= max)?;
        *i += 1;
    }
    Some(n)
}

fn format(text: &str, out: &mut impl Sink) -> Option<()> {
    let chars: Vec<char> = text.chars().collect();
    let mut unkeyed_used = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.char(c);
            continue;
        }
        if *chars.get(i)? == '%' {
            out.char('%');
            i += 1;
            continue;
        }
        // `%(key)`: the key runs to the matching parenthesis.
        let mut key: Option<String> = None;
        if chars[i] == '(' {
            let mut depth = 1;
            let start = i + 1;
            i += 1;
            while depth > 0 {
                match chars.get(i)? {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            key = Some(chars[start..i - 1].iter().collect());
        }
        let mut left_align = false;
        while let Some(&f) = chars.get(i).filter(|f| "-+ #0".contains(**f)) {
            left_align |= f == '-';
            i += 1;
        }
        if chars.get(i) == Some(&'*') {
            return None;
        }
        let width = number(&chars, &mut i, i64::MAX as u64)?;
        let mut precision: Option<u64> = None;
        if chars.get(i) == Some(&'.') {
            i += 1;
            if chars.get(i) == Some(&'*') {
                return None;
            }
            precision = Some(number(&chars, &mut i, i32::MAX as u64)?);
        }
        if chars.get(i).is_some_and(|c| "hlL".contains(*c)) {
            i += 1;
        }
        let conversion = *chars.get(i)?;
        i += 1;
        let value = match &key {
            Some(k) if k == "default" => str_repr(DEFAULT_TEXT),
            Some(_) => return None,
            None if unkeyed_used => return None,
            None => {
                unkeyed_used = true;
                format!("{{'default': {}}}", str_repr(DEFAULT_TEXT))
            }
        };
        // `value` holds the repr; `%s` of the text itself is the text.
        let rendered: String = match (conversion, key.is_some()) {
            ('s', true) => DEFAULT_TEXT.to_owned(),
            ('s' | 'r' | 'a', _) => value,
            _ => return None,
        };
        let rendered: String = match precision {
            Some(p) => rendered.chars().take(p as usize).collect(),
            None => rendered,
        };
        let pad = width.saturating_sub(rendered.chars().count() as u64);
        if left_align {
            out.text(&rendered);
            out.spaces(pad);
        } else {
            out.spaces(pad);
            out.text(&rendered);
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::{format_help, formatted_len};

    #[test]
    fn behaves_like_python_percent_with_a_mapping() {
        // Expected values printed by Python 3.11 for `text % {'default': 'the value above'}`.
        let cases: &[(&str, Option<&str>)] = &[
            ("Defaults to %(default)s.", Some("Defaults to the value above.")),
            ("%(default)r", Some("'the value above'")),
            ("%(default)20s|", Some("     the value above|")),
            ("%(default)-20s|", Some("the value above     |")),
            ("%(default).3s", Some("the")),
            ("%(default)5.2r", Some("   't")),
            ("%(default)ls", Some("the value above")),
            ("% s", Some("{'default': 'the value above'}")),
            ("%-#0+ 5s|", Some("{'default': 'the value above'}|")),
            ("%.s|", Some("|")),
            ("100%% sure", Some("100% sure")),
            ("no percent at all", Some("no percent at all")),
            ("%s %s", None),
            ("%(x)s", None),
            ("100%", None),
            ("50% off", None),
            ("%(default)%", None),
            ("%*s", None),
            ("%(default)d", None),
            ("%(de(f)ault)s", None),
            ("%(default", None),
            ("%(default)hhs", None),
            // Python pads to any width up to `sys.maxsize`, and refuses a larger one.
            ("%(default)2000000s", Some(&*format!("{}the value above", " ".repeat(1_999_985)))),
            ("%(default)9223372036854775808s", None),
            ("%(default).2147483647s|", Some("the value above|")),
            ("%(default).2147483648s", None),
        ];
        for (text, want) in cases {
            assert_eq!(format_help(text).as_deref(), *want, "{text:?}");
            assert_eq!(formatted_len(text), want.map(|w| w.len() as u64), "{text:?}");
        }
        assert_eq!(formatted_len("%(default)9223372036854775807s"), Some(9223372036854775807));
        assert_eq!(formatted_len(&"%(default)9223372036854775807s".repeat(3)), Some(u64::MAX));
    }
}
