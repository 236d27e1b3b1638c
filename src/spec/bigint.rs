//! Integers of any size in YAML and JSON values, as Python has them.
//!
//! serde_yaml's `Value` holds integers as i64 or u64: one between 2**64 and 2**128 fails to
//! load ("invalid type: integer ... as u128"), a larger one loads as a float, and serde_json
//! reads anything past u64 as a float. oslo's values are Python ints of any size, and its
//! outputs write their digits. Here such an integer is one `Value::Tagged` with the tag
//! `MARKER` around its digits, a tag no input can carry (`tolerant` renames a tag written
//! so), made by the readers below; `int_of` reads an integer back from either form, and
//! `write_spec` writes the marker as the plain digits a spec holds.

use crate::oslo::pynum::PyInt;
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};
use std::fmt;

/// The tag of an integer that serde_yaml's `Number` cannot hold.
pub const MARKER: &str = "!confspec-int";

/// `n` as a value: a `Number` when it fits one, else the marker around its digits.
pub fn value_of(n: &PyInt) -> Value {
    if let Some(i) = n.to_i128() {
        if let Ok(i) = i64::try_from(i) {
            return Value::Number(i.into());
        }
        if let Ok(u) = u64::try_from(i) {
            return Value::Number(u.into());
        }
    }
    Value::Tagged(Box::new(TaggedValue { tag: Tag::new(MARKER), value: Value::String(n.to_string()) }))
}

/// The integer a value stands for: a `Number` that is an integer, or a marker.
pub fn int_of(v: &Value) -> Option<PyInt> {
    match v {
        Value::Number(n) => n.as_i64().map(PyInt::from).or_else(|| n.as_u64().map(PyInt::from)),
        Value::Tagged(t) => marked(t),
        _ => None,
    }
}

/// The integer of a tagged value that is a marker.
pub fn marked(t: &TaggedValue) -> Option<PyInt> {
    match &t.value {
        Value::String(digits) if t.tag == MARKER => PyInt::from_decimal(digits),
        _ => None,
    }
}

/// serde_yaml's reading of a YAML node into a `Value`, but keeping integers past u64 that
/// serde_yaml hands over as i128 or u128 (up to 2**128) as markers. Larger ones serde_yaml
/// gives as floats, their digits gone: `SourceFile::big_integers` finds them in the text.
#[derive(Debug)]
pub struct Tolerant(pub Value);

impl<'de> de::Deserialize<'de> for Tolerant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TolerantVisitor).map(Tolerant)
    }
}

/// For `#[serde(deserialize_with)]` on an `Option<Box<Value>>` field.
/// A null is `None`, as serde reads an `Option`.
pub fn opt_box<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Box<Value>>, D::Error> {
    Ok(match <Tolerant as de::Deserialize>::deserialize(d)?.0 {
        Value::Null => None,
        v => Some(Box::new(v)),
    })
}

/// For `#[serde(deserialize_with)]` on an `Option<Vec<Value>>` field.
pub fn opt_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Value>>, D::Error> {
    let items: Option<Vec<Tolerant>> = de::Deserialize::deserialize(d)?;
    Ok(items.map(|items| items.into_iter().map(|t| t.0).collect()))
}

struct TolerantVisitor;

impl<'de> Visitor<'de> for TolerantVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        Ok(value_of(&PyInt::from(i)))
    }
    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        Ok(value_of(&PyInt::from(u)))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Tolerant(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        // serde_yaml's `Mapping` refuses a key given twice, in the same words.
        let mut mapping = Mapping::new();
        while let Some(Tolerant(key)) = map.next_key()? {
            match mapping.entry(key) {
                serde_yaml::mapping::Entry::Occupied(entry) => return Err(de::Error::custom(duplicate(entry.key()))),
                serde_yaml::mapping::Entry::Vacant(entry) => {
                    entry.insert(map.next_value::<Tolerant>()?.0);
                }
            }
        }
        Ok(Value::Mapping(mapping))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents): (String, _) = data.variant()?;
        // A tag written as the marker's stays a tag (which specs refuse), never an integer.
        let tag = if Tag::new(tag.clone()) == MARKER { format!("{tag}!") } else { tag };
        let Tolerant(value) = contents.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value })))
    }
}

fn duplicate(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".into(),
        Value::Bool(b) => format!("duplicate entry with key `{b}`"),
        Value::Number(n) => format!("duplicate entry with key {n}"),
        Value::String(s) => format!("duplicate entry with key {s:?}"),
        Value::Tagged(t) if marked(t).is_some() => format!("duplicate entry with key {}", int_of(key).unwrap()),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => "duplicate entry in YAML map".into(),
    }
}

/// serde_json's reading of a JSON document, as `serde_yaml::to_value` of its
/// `serde_json::Value` (objects with their keys sorted, the last of a repeated key kept),
/// except that an integer serde_json reads as a float (past u64, or `-0`) is the integer
/// Python's `json` reads, and `NaN`, `Infinity` and `-Infinity`, which Python's `json` writes
/// for such floats (oslo's data has them) and serde_json refuses, are those floats.
pub fn json_value(text: &str) -> Result<Value, serde_json::Error> {
    let mut state = JsonState { specials: special_numbers(text), number: 0 };
    // serde_json refuses a number past what a float holds ("number out of range") and Python's
    // names of floats: each is read as a zero float of the same length (so every position
    // stays), and taken from the text.
    let mut patched: Option<String> = None;
    let mut copied = 0;
    for &(_, at, token) in &state.specials {
        let zero = match token {
            "NaN" | "Infinity" | "-Infinity" => true,
            _ => token.parse::<f64>().is_ok_and(f64::is_infinite),
        };
        if zero {
            let out = patched.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..at]);
            let sign = if token.starts_with('-') { "-" } else { "" };
            out.push_str(sign);
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', token.len() - sign.len() - 2));
            copied = at + token.len();
        }
    }
    if let Some(out) = &mut patched {
        out.push_str(&text[copied..]);
    }
    state.specials.reverse();
    let mut de = serde_json::Deserializer::from_str(patched.as_deref().unwrap_or(text));
    let value = JsonSeed(&mut state).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Where the numbers of a JSON text that serde_json cannot give as they are stand: integers it
/// gives as floats, and Python's `NaN`, `Infinity` and `-Infinity`. Each with its place among
/// all the text's numbers, its byte offset and its text.
fn special_numbers(text: &str) -> Vec<(usize, usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut number) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'N' | b'I' | b'-' if ["NaN", "Infinity", "-Infinity"].iter().any(|n| text[i..].starts_with(n)) => {
                let name = ["NaN", "Infinity", "-Infinity"].into_iter().find(|n| text[i..].starts_with(n)).unwrap();
                out.push((number, i, name));
                number += 1;
                i += name.len();
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len() && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                let token = &text[start..i];
                let integer = token.bytes().all(|b| b == b'-' || b.is_ascii_digit());
                let exact = match token.strip_prefix('-') {
                    Some(_) => token != "-0" && token.parse::<i64>().is_ok(),
                    None => token.parse::<u64>().is_ok(),
                };
                if integer && !exact {
                    out.push((number, start, token));
                }
                number += 1;
            }
            _ => i += 1,
        }
    }
    out
}

struct JsonState<'t> {
    /// `special_numbers`, the next one last.
    specials: Vec<(usize, usize, &'t str)>,
    /// How many numbers have been read.
    number: usize,
}

impl JsonState<'_> {
    /// What the number just read stands for, if serde_json could not give it as it is.
    fn special(&mut self) -> Option<Value> {
        let at = self.number;
        self.number += 1;
        match self.specials.last() {
            Some((n, _, text)) if *n == at => {
                let text = *text;
                self.specials.pop();
                match text {
                    "NaN" => Some(Value::Number(f64::NAN.into())),
                    "Infinity" => Some(Value::Number(f64::INFINITY.into())),
                    "-Infinity" => Some(Value::Number(f64::NEG_INFINITY.into())),
                    _ => PyInt::from_decimal(text.strip_prefix('+').unwrap_or(text)).map(|n| value_of(&n)),
                }
            }
            _ => None,
        }
    }
}

struct JsonSeed<'s, 't>(&'s mut JsonState<'t>);

impl<'de> DeserializeSeed<'de> for JsonSeed<'_, '_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonSeed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        self.0.number += 1;
        Ok(Value::Number(i.into()))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        self.0.number += 1;
        Ok(Value::Number(u.into()))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Ok(self.0.special().unwrap_or_else(|| Value::Number(f.into())))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(JsonSeed(&mut *self.0))? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(JsonSeed(&mut *self.0))?;
            entries.insert(key, value);
        }
        Ok(Value::Mapping(entries.into_iter().map(|(k, v)| (Value::String(k), v)).collect()))
    }
}

/// `serde_yaml::to_string` of a spec, with each marker written as the plain digits it holds
/// (serde_yaml writes it `!confspec-int '123'`). The markers are found as libyaml reads the
/// text back, so a help text that happens to hold the same characters is left alone.
pub fn write_spec(root: &Value) -> String {
    let text = serde_yaml::to_string(root).expect("a YAML value always serializes");
    if !text.contains(MARKER) {
        return text;
    }
    let mut marks = Vec::new();
    let mut events = super::yaml_events::Events::new(&text);
    while let Some(e) = events.next() {
        if e.kind == super::yaml_events::Kind::Scalar && e.tag == Some(MARKER.as_bytes()) {
            marks.push((e.mark, String::from_utf8_lossy(e.value).into_owned()));
        }
    }
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for ((line, column), digits) in marks {
        let start = line_starts[line - 1];
        let at = start + text[start..].chars().take(column - 1).map(char::len_utf8).sum::<usize>();
        // The tag, then the digits (quoted unless they are too long to be a float), on the
        // next line when the line is long.
        let rest = text[at..].strip_prefix(MARKER).expect("a marker's event starts at its tag");
        let gap = rest.len() - rest.trim_start().len();
        let quoted = format!("'{digits}'");
        let written = if rest[gap..].starts_with(&quoted) { quoted.len() } else { digits.len() };
        assert!(rest[gap..].starts_with(&quoted) || rest[gap..].starts_with(&digits), "a marker holds its digits");
        out.push_str(&text[copied..at]);
        out.push_str(&digits);
        copied = at + MARKER.len() + gap + written;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_integers_of_any_size_stay_integers() {
        let (big, big400) = ("1".repeat(60), "2".repeat(400));
        let text = format!(
            r#"{{"b": [1.5, 36893488147419103232, -0, "9999999999999999999999", 1e300, -{big}, -{big400}, {big400}], "a": 18446744073709551615, "c": -9223372036854775809}}"#
        );
        let v = json_value(&text).unwrap();
        let keys: Vec<&str> = v.as_mapping().unwrap().keys().map(|k| k.as_str().unwrap()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(v["a"], Value::Number(u64::MAX.into()));
        assert_eq!(int_of(&v["c"]).unwrap().to_string(), "-9223372036854775809");
        let b = v["b"].as_sequence().unwrap();
        assert_eq!(b[0], Value::Number(1.5.into()));
        assert_eq!(int_of(&b[1]).unwrap().to_string(), "36893488147419103232");
        assert_eq!(b[2], Value::Number(0.into()));
        assert_eq!(b[3], Value::String("9999999999999999999999".into()));
        assert_eq!(b[4].as_f64(), Some(1e300));
        assert_eq!(int_of(&b[5]).unwrap().to_string(), format!("-{big}"));
        // Past what a float holds (serde_json's "number out of range").
        assert_eq!(int_of(&b[6]).unwrap().to_string(), format!("-{big400}"));
        assert_eq!(int_of(&b[7]).unwrap().to_string(), big400);
        assert!(json_value("[1, 2").unwrap_err().to_string().contains("EOF"));
        // Python's names of the floats JSON has no numbers for, wherever a number may stand;
        // in strings they are text.
        let v =
            json_value(r#"[NaN, Infinity, -Infinity, {"NaN": [-Infinity, 2.5]}, "Infinity", 12345678901234567890123]"#)
                .unwrap();
        assert!(v[0].as_f64().unwrap().is_nan());
        assert_eq!((v[1].as_f64(), v[2].as_f64()), (Some(f64::INFINITY), Some(f64::NEG_INFINITY)));
        assert_eq!(v[3]["NaN"][0].as_f64(), Some(f64::NEG_INFINITY));
        assert_eq!(v[3]["NaN"][1].as_f64(), Some(2.5));
        assert_eq!(v[4], Value::String("Infinity".into()));
        assert_eq!(int_of(&v[5]).unwrap().to_string(), "12345678901234567890123");
        // A misspelt name is still an error, at its place.
        let e = json_value("[1,\n Infinit]").unwrap_err();
        assert_eq!((e.line(), e.column()), (2, 2));
        // What serde_json::Value gives, for everything else.
        let plain = r#"{"z": {"y": [true, null, "x\"y", -5, 0.25]}, "a": 1, "a": 2}"#;
        let through_json = serde_yaml::to_value(serde_json::from_str::<serde_json::Value>(plain).unwrap()).unwrap();
        assert_eq!(json_value(plain).unwrap(), through_json);
    }

    /// Every JSON data file of the repository but the big integers' reads as serde_json's
    /// `Value` did: the same floats, keys, order and strings.
    #[test]
    fn json_data_reads_as_serde_json_read_it() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "json") {
                    out.push(path);
                }
            }
        }
        let top = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&top.join("tests/fixtures"), &mut files);
        walk(&top.join("tests/golden"), &mut files);
        files.retain(|f| !f.starts_with(top.join("tests/golden/bigint")));
        assert!(files.len() > 50, "{files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let Ok(old) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
            assert_eq!(json_value(&text).unwrap(), serde_yaml::to_value(old).unwrap(), "{}", file.display());
        }
    }

    #[test]
    fn specs_are_written_with_plain_digits() {
        let mut m = Mapping::new();
        m.insert("help".into(), format!("a\n{MARKER} '5'\n").into());
        m.insert("max".into(), value_of(&crate::oslo::pynum::py_int(&"7".repeat(45)).unwrap()));
        m.insert("list".into(), Value::Sequence(vec![value_of(&PyInt::from(u128::MAX)), 3.into()]));
        let text = write_spec(&Value::Mapping(m));
        assert_eq!(
            text,
            format!("help: |\n  a\n  {MARKER} '5'\nmax: {}\nlist:\n- {}\n- 3\n", "7".repeat(45), u128::MAX)
        );
    }

    #[test]
    fn yaml_integers_past_u64_load() {
        let v: Tolerant = serde_yaml::from_str(
            "a: 36893488147419103232\nb: [-170141183460469231731687303715884105728]\nc: !confspec-int '5'\n",
        )
        .unwrap();
        assert_eq!(int_of(&v.0["a"]).unwrap().to_string(), "36893488147419103232");
        assert_eq!(int_of(&v.0["b"][0]).unwrap().to_string(), "-170141183460469231731687303715884105728");
        assert!(int_of(&v.0["c"]).is_none());
        let dup = serde_yaml::from_str::<Tolerant>("a: 1\na: 2\n").unwrap_err().to_string();
        let want = serde_yaml::from_str::<Value>("a: 1\na: 2\n").unwrap_err().to_string();
        assert_eq!(dup, want);
    }
}
