//! Integers of any size in YAML values, as Python has them.
//!
//! serde_yaml's `Value` holds integers as i64 or u64: one between 2**64 and 2**128 fails to
//! load ("invalid type: integer ... as u128"), a larger one loads as a float. oslo's values
//! are Python ints of any size, and its outputs write their digits. Here such an integer is
//! one `Value::Tagged` with the tag `MARKER` around its digits, a tag no input can carry
//! (`Tolerant` renames a tag written so), made by the reader below; `int_of` reads an
//! integer back from either form.

use crate::oslo::pynum::PyInt;
use serde::de::{self, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
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

#[cfg(test)]
mod tests {
    use super::*;

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
