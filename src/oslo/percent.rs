//! Python's `help % {'default': 'the value above'}`, which oslo's Sphinx extension applies to
//! every help text, falling back to the raw text when Python raises.

use super::pyvalue::str_repr;

/// What `%(default)s` becomes in the reference docs.
pub const DEFAULT_TEXT: &str = "the value above";

/// Widths beyond this are refused (the raw help is used) instead of padding to gigabytes.
const MAX_WIDTH: usize = 1_000_000;

/// `text % {'default': DEFAULT_TEXT}`, or `None` where Python raises `TypeError`, `KeyError`
/// or `ValueError` (an unknown key, `100%`, `%d`, a second unkeyed `%s`, ...).
pub fn format_help(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut unkeyed_used = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        if *chars.get(i)? == '%' {
            out.push('%');
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
        let mut width = 0usize;
        if chars.get(i) == Some(&'*') {
            return None;
        }
        while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
            width = width.checked_mul(10)?.checked_add(d as usize)?;
            i += 1;
        }
        let mut precision: Option<usize> = None;
        if chars.get(i) == Some(&'.') {
            i += 1;
            if chars.get(i) == Some(&'*') {
                return None;
            }
            let mut p = 0usize;
            while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
                p = p.checked_mul(10)?.checked_add(d as usize)?;
                i += 1;
            }
            precision = Some(p);
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
            Some(p) => rendered.chars().take(p).collect(),
            None => rendered,
        };
        if width > MAX_WIDTH {
            return None;
        }
        let pad = width.saturating_sub(rendered.chars().count());
        if left_align {
            out.push_str(&rendered);
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(&rendered);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::format_help;

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
        ];
        for (text, want) in cases {
            assert_eq!(format_help(text).as_deref(), *want, "{text:?}");
        }
    }
}
