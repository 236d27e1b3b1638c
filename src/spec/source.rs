//! Spec source files and the mapping from a path inside a YAML document to its line and column.
//!
//! serde_yaml keeps no positions once a value is read, but every error it raises carries the
//! position of the node being read. `locate` walks a document down a path, skipping every other
//! node, and raises an error at the target: the error's position is the node's. It only runs
//! when there is an error to report, so loading pays nothing for it.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// One step of a path inside a YAML document. Keys are mostly the spec format's own names,
/// borrowed for free: a path is made for every option in case it needs to be reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(Cow<'static, str>),
    Index(usize),
}

impl fmt::Display for Seg {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Seg::Key(k) => write!(f, ".{k}"),
            Seg::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// A path such as `groups[0].options[3].default`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    pub fn key(&self, k: impl Into<Cow<'static, str>>) -> YamlPath {
        self.then(Seg::Key(k.into()))
    }
    pub fn index(&self, i: usize) -> YamlPath {
        self.then(Seg::Index(i))
    }
    /// This path and one more step, in one allocation.
    fn then(&self, seg: Seg) -> YamlPath {
        let mut segs = Vec::with_capacity(self.0.len() + 1);
        segs.extend_from_slice(&self.0);
        segs.push(seg);
        YamlPath(segs)
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let s: String = self.0.iter().map(|s| s.to_string()).collect();
        f.write_str(s.strip_prefix('.').unwrap_or(&s))
    }
}

/// A file the loader read: its name as shown in diagnostics, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    /// The 1-based line and column of the node at `path`, or of its deepest existing ancestor.
    pub fn locate(&self, path: &YamlPath) -> Option<(usize, usize)> {
        // Try the full path, then shorter ones: a missing key is reported at its mapping.
        for len in (0..=path.0.len()).rev() {
            let seed = Locator { path: &path.0[..len] };
            let de = serde_yaml::Deserializer::from_str(&self.text);
            match seed.deserialize(de) {
                Err(err) if err.to_string().contains(FOUND) => {
                    return err.location().map(|l| (l.line(), l.column()))
                }
                _ => continue,
            }
        }
        None
    }
}

const FOUND: &str = "confspec-locator-found";

struct Locator<'p> {
    path: &'p [Seg],
}

impl<'de> DeserializeSeed<'de> for Locator<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Locator<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.at_scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.at_scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.at_scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.at_scalar()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.at_scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.at_scalar()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.at_scalar()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let target = match self.path.first() {
            None => return Err(de::Error::custom(FOUND)),
            Some(Seg::Index(i)) => *i,
            Some(Seg::Key(_)) => usize::MAX,
        };
        let mut i = 0;
        loop {
            let more = if i == target {
                seq.next_element_seed(Locator { path: &self.path[1..] })?.is_some()
            } else {
                seq.next_element::<IgnoredAny>()?.is_some()
            };
            if !more {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let target = match self.path.first() {
            None => return Err(de::Error::custom(FOUND)),
            Some(Seg::Key(k)) => Some(k.as_ref()),
            Some(Seg::Index(_)) => None,
        };
        while let Some(key) = map.next_key::<KeyText>()? {
            if target.is_some() && key.0.as_deref() == target {
                map.next_value_seed(Locator { path: &self.path[1..] })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl Locator<'_> {
    fn at_scalar<E: de::Error>(&self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(FOUND))
        } else {
            Ok(())
        }
    }
}

/// A mapping key as text, whatever scalar it is.
struct KeyText(Option<String>);

impl<'de> de::Deserialize<'de> for KeyText {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = <serde_yaml::Value as de::Deserialize>::deserialize(d)?;
        Ok(KeyText(match v {
            serde_yaml::Value::String(s) => Some(s),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            serde_yaml::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }))
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_nodes() {
        let f = SourceFile {
            name: "x.yaml".into(),
            text: "namespace: n\ngroups:\n  - name: g\n    options:\n      - name: a\n        min: 3\n".into(),
        };
        let p = YamlPath::default().key("groups").index(0).key("options").index(0).key("min");
        assert_eq!(f.locate(&p), Some((6, 14)));
        assert_eq!(p.to_string(), "groups[0].options[0].min");
        // A key that is not there is reported at its mapping.
        let missing = YamlPath::default().key("groups").index(0).key("options").index(0).key("max");
        assert_eq!(f.locate(&missing), Some((5, 9)));
    }
}
