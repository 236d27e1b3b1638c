//! Python's `int(str)` and `float(str)`, which oslo's `Integer`, `Port` and `Float` types call:
//! digits of any script, `_` between digits, Unicode whitespace around the number, integers of
//! any size (up to Python's 4,300-digit limit for converting text).

use super::pychar::{decimal_value, is_py_space};
use std::cmp::Ordering;
use std::fmt;

/// A Python `int`: an `i128`, or a larger magnitude kept as its decimal digits. Values are only
/// compared, stepped by one and printed, so no arithmetic beyond that is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PyInt {
    Small(i128),
    /// Beyond `i128`: the sign and the digits, without leading zeros.
    Big {
        negative: bool,
        digits: Box<str>,
    },
}

/// The most digits `int()` reads (`sys.get_int_max_str_digits()`, Python's default).
pub const INT_MAX_STR_DIGITS: usize = 4300;

impl PyInt {
    /// The integer of `digits` (ASCII, leading zeros allowed).
    fn from_digits(negative: bool, digits: &str) -> PyInt {
        let digits = digits.trim_start_matches('0');
        let text = if negative { format!("-{digits}") } else { digits.to_owned() };
        match text.parse::<i128>() {
            Ok(n) => PyInt::Small(n),
            Err(_) if digits.is_empty() => PyInt::Small(0),
            Err(_) => PyInt::Big { negative, digits: digits.into() },
        }
    }

    /// Python's `int(f)` of a finite float: its integer part, exactly (Rust prints a float's
    /// exact decimal value).
    pub fn from_f64_trunc(f: f64) -> PyInt {
        let t = f.trunc();
        if t.abs() < 1e38 {
            return PyInt::Small(t as i128);
        }
        let text = format!("{t:.0}");
        let (negative, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text.as_str()),
        };
        PyInt::from_digits(negative, digits)
    }

    /// The integer written with `digits` (ASCII, already checked) in `radix` (2 to 36), of
    /// any length: what PyYAML's `int(text, base)` gives for a hex, octal or binary scalar.
    pub fn from_radix(negative: bool, digits: &str, radix: u32) -> PyInt {
        if radix == 10 {
            return PyInt::from_digits(negative, digits);
        }
        // The magnitude in base 10**9 limbs, least significant first.
        const LIMB: u64 = 1_000_000_000;
        let mut limbs: Vec<u64> = vec![0];
        for c in digits.chars() {
            let mut carry = u64::from(c.to_digit(radix).expect("digits of the radix"));
            for limb in limbs.iter_mut() {
                let v = *limb * u64::from(radix) + carry;
                *limb = v % LIMB;
                carry = v / LIMB;
            }
            while carry > 0 {
                limbs.push(carry % LIMB);
                carry /= LIMB;
            }
        }
        let mut text = limbs.last().expect("one limb at least").to_string();
        for limb in limbs.iter().rev().skip(1) {
            text.push_str(&format!("{limb:09}"));
        }
        PyInt::from_digits(negative, &text)
    }

    /// Python's `float(n)`: correctly rounded; `None` when it overflows (`OverflowError`).
    pub fn to_f64(&self) -> Option<f64> {
        let f = match self {
            PyInt::Small(n) => *n as f64,
            PyInt::Big { .. } => self.to_string().parse::<f64>().expect("decimal digits"),
        };
        f.is_finite().then_some(f)
    }

    /// How many decimal digits `str(n)` writes (without the sign).
    pub fn digit_count(&self) -> usize {
        match self {
            PyInt::Small(n) => n.unsigned_abs().to_string().len(),
            PyInt::Big { digits, .. } => digits.len(),
        }
    }

    /// `-self`.
    pub fn negated(&self) -> PyInt {
        let (negative, digits) = self.sign_and_digits();
        PyInt::from_digits(!negative, &digits)
    }

    /// The integer of a decimal text (`-` allowed, no other sign, spaces or `_`) of any
    /// length, past `INT_MAX_STR_DIGITS` too; `None` when it is not one.
    pub fn from_decimal(text: &str) -> Option<PyInt> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text),
        };
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| PyInt::from_digits(negative, digits))
    }

    pub fn to_i128(&self) -> Option<i128> {
        match self {
            PyInt::Small(n) => Some(*n),
            PyInt::Big { .. } => None,
        }
    }

    /// `self + 1` or `self - 1` (what `Range` does to an inclusive bound).
    pub fn step(&self, up: bool) -> PyInt {
        if let PyInt::Small(n) = self {
            if let Some(m) = if up { n.checked_add(1) } else { n.checked_sub(1) } {
                return PyInt::Small(m);
            }
        }
        let (negative, digits) = self.sign_and_digits();
        // Away from zero adds one to the magnitude, towards zero takes one off (a big value
        // is never 0, so its magnitude is at least 1).
        let magnitude = if up != negative { add_one(&digits) } else { sub_one(&digits) };
        PyInt::from_digits(negative, &magnitude)
    }

    fn sign_and_digits(&self) -> (bool, String) {
        match self {
            PyInt::Small(n) => (*n < 0, n.unsigned_abs().to_string()),
            PyInt::Big { negative, digits } => (*negative, digits.to_string()),
        }
    }
}

fn add_one(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for b in bytes.iter_mut().rev() {
        if *b == b'9' {
            *b = b'0';
        } else {
            *b += 1;
            return String::from_utf8(bytes).expect("ASCII digits");
        }
    }
    format!("1{}", String::from_utf8(bytes).expect("ASCII digits"))
}

fn sub_one(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for b in bytes.iter_mut().rev() {
        if *b == b'0' {
            *b = b'9';
        } else {
            *b -= 1;
            break;
        }
    }
    String::from_utf8(bytes).expect("ASCII digits")
}

impl From<i128> for PyInt {
    fn from(n: i128) -> PyInt {
        PyInt::Small(n)
    }
}

impl From<i64> for PyInt {
    fn from(n: i64) -> PyInt {
        PyInt::Small(n.into())
    }
}

impl From<u64> for PyInt {
    fn from(n: u64) -> PyInt {
        PyInt::Small(n.into())
    }
}

impl From<u128> for PyInt {
    fn from(n: u128) -> PyInt {
        match i128::try_from(n) {
            Ok(n) => PyInt::Small(n),
            Err(_) => PyInt::Big { negative: false, digits: n.to_string().into() },
        }
    }
}

impl Ord for PyInt {
    fn cmp(&self, other: &PyInt) -> Ordering {
        match (self, other) {
            (PyInt::Small(a), PyInt::Small(b)) => a.cmp(b),
            (PyInt::Big { negative, .. }, PyInt::Small(_)) => {
                if *negative {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (PyInt::Small(_), PyInt::Big { .. }) => other.cmp(self).reverse(),
            (PyInt::Big { negative: na, digits: da }, PyInt::Big { negative: nb, digits: db }) => {
                let magnitude = da.len().cmp(&db.len()).then_with(|| da.cmp(db));
                match (na, nb) {
                    (false, false) => magnitude,
                    (true, true) => magnitude.reverse(),
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                }
            }
        }
    }
}

impl PartialOrd for PyInt {
    fn partial_cmp(&self, other: &PyInt) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PyInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PyInt::Small(n) => write!(f, "{n}"),
            PyInt::Big { negative, digits } => write!(f, "{}{digits}", if *negative { "-" } else { "" }),
        }
    }
}

/// Why `int()` refused a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntError {
    /// Not an integer literal.
    Invalid,
    /// More digits than `INT_MAX_STR_DIGITS`.
    TooManyDigits(usize),
}

/// `_PyUnicode_TransformDecimalAndSpaceToASCII`, the first step of `int()` and `float()`:
/// ASCII stays, other whitespace becomes a space and other decimal digits their ASCII digit.
/// `None` at any other character, which no number holds.
fn to_ascii_number(s: &str) -> Option<std::borrow::Cow<'_, str>> {
    if s.is_ascii() {
        return Some(s.into());
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if (c as u32) < 127 {
            out.push(c);
        } else if is_py_space(c) {
            out.push(' ');
        } else {
            out.push(char::from_digit(decimal_value(c)?, 10).expect("a decimal digit"));
        }
    }
    Some(out.into())
}

/// C's `Py_ISSPACE`: the only whitespace `int()` and `float()` skip once the text is ASCII
/// (so `\x1c`, which `str.strip()` removes, is not skipped).
fn is_c_space(c: char) -> bool {
    matches!(c, ' ' | '\t'..='\r')
}

/// Python's `int(s)`.
pub fn py_int(s: &str) -> Result<PyInt, IntError> {
    let ascii = to_ascii_number(s).ok_or(IntError::Invalid)?;
    let text = ascii.trim_matches(is_c_space);
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    // Digits with single underscores between them.
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return Err(IntError::Invalid);
    }
    if !body.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return Err(IntError::Invalid);
    }
    let digits: String = body.chars().filter(|c| *c != '_').collect();
    if digits.len() > INT_MAX_STR_DIGITS {
        return Err(IntError::TooManyDigits(digits.len()));
    }
    Ok(PyInt::from_digits(negative, &digits))
}

/// Python's `float(s)`: decimal and scientific notation, `inf`, `infinity` and `nan` in any
/// case, `_` only between two digits.
pub fn py_float(s: &str) -> Option<f64> {
    let ascii = to_ascii_number(s)?;
    let without_underscores: String;
    let mut text: &str = &ascii;
    if text.contains('_') {
        let b = text.as_bytes();
        let between_digits =
            |i: usize| i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if !(0..b.len()).filter(|&i| b[i] == b'_').all(between_digits) {
            return None;
        }
        without_underscores = text.replace('_', "");
        text = &without_underscores;
    }
    let text = text.trim_matches(is_c_space);
    // Rust's grammar is Python's (`1.`, `.5`, `1e5`, `inf`, `-nan`), without whitespace.
    let body = text.trim_start_matches(['+', '-']);
    if text.len() - body.len() > 1 {
        return None;
    }
    text.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_reads_what_python_reads() {
        for (text, want) in [
            ("0", "0"),
            ("+5", "5"),
            ("-0", "0"),
            ("007", "7"),
            ("1_000", "1000"),
            ("0_1", "1"),
            (" 7 ", "7"),
            ("5\u{85}", "5"),
            ("\u{2028}5", "5"),
            ("١٢", "12"),
            ("１２", "12"),
            ("𝟗", "9"),
            ("170141183460469231731687303715884105728", "170141183460469231731687303715884105728"),
            ("-170141183460469231731687303715884105729", "-170141183460469231731687303715884105729"),
            ("-170141183460469231731687303715884105728", "-170141183460469231731687303715884105728"),
        ] {
            assert_eq!(py_int(text).map(|n| n.to_string()), Ok(want.to_owned()), "{text:?}");
        }
        for text in ["", "+", "-", "_1", "1_", "+_1", "1__0", "1.0", "1e3", "0x10", "²", "5\x1c", "\x1c5", "--1", "1 2"]
        {
            assert_eq!(py_int(text), Err(IntError::Invalid), "{text:?}");
        }
        assert!(py_int(&"9".repeat(4300)).is_ok());
        assert_eq!(py_int(&"0".repeat(4301)), Err(IntError::TooManyDigits(4301)));
    }

    #[test]
    fn float_reads_what_python_reads() {
        for (text, want) in [
            ("1_0.5", 10.5),
            ("1.5_0", 1.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("+.5e-3", 0.0005),
            ("１.５", 1.5),
            (" 1 ", 1.0),
            ("-Infinity", f64::NEG_INFINITY),
            ("1e400", f64::INFINITY),
        ] {
            assert_eq!(py_float(text), Some(want), "{text:?}");
        }
        assert!(py_float("-nan").is_some_and(f64::is_nan));
        for text in ["1._5", "1e_5", "1_e5", "1__0", "1e", ".", "in_f", "1\x1c", "0x1p3", "+-1", "١٫٥", ""] {
            assert_eq!(py_float(text), None, "{text:?}");
        }
    }

    #[test]
    fn big_integers_compare_and_step() {
        let big = py_int("170141183460469231731687303715884105728").unwrap();
        assert!(big > PyInt::Small(i128::MAX));
        let max = PyInt::Small(i128::MAX);
        assert_eq!(max.step(true), big);
        assert_eq!(big.step(false), max);
        let neg = py_int("-1000000000000000000000000000000000000000").unwrap();
        assert_eq!(neg.step(true).to_string(), "-999999999999999999999999999999999999999");
        assert_eq!(neg.step(false).to_string(), "-1000000000000000000000000000000000000001");
        assert!(neg < PyInt::Small(i128::MIN) && neg < big);
    }

    #[test]
    fn big_integers_convert_like_python() {
        // int(1e30), int(-2.0**130), float(2**65), int('f' * 40, 16), int('0o777', 8)
        assert_eq!(PyInt::from_f64_trunc(1e30).to_string(), "1000000000000000019884624838656");
        assert_eq!(PyInt::from_f64_trunc(-(2f64.powi(130))).to_string(), "-1361129467683753853853498429727072845824");
        assert_eq!(PyInt::from_f64_trunc(-0.5), PyInt::Small(0));
        assert_eq!(py_int("36893488147419103232").unwrap().to_f64(), Some(2f64.powi(65)));
        assert_eq!(py_int(&"9".repeat(400)).unwrap().to_f64(), None);
        assert_eq!(
            PyInt::from_radix(false, &"f".repeat(40), 16).to_string(),
            "1461501637330902918203684832716283019655932542975"
        );
        assert_eq!(PyInt::from_radix(true, "777", 8), PyInt::Small(-511));
        assert_eq!(PyInt::from_radix(false, "0", 2), PyInt::Small(0));
        assert_eq!(PyInt::from(u128::MAX).to_string(), "340282366920938463463374607431768211455");
        assert_eq!(py_int(&"1".repeat(50)).unwrap().digit_count(), 50);
    }
}
