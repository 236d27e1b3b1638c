//! The spec files' YAML shapes, as serde reads them.
//!
//! Values whose meaning depends on the option's type (`default`, `min`, `choices`, ...) stay
//! YAML values here; `build` interprets them once the type is known and reports problems with
//! their path, which `source::locate` turns into a line and column.

use serde::Deserialize;
use serde_yaml::Value;
use std::collections::BTreeMap;

/// A spec file: one oslo.config namespace.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a spec: a mapping with `namespace:` and `groups:`")]
pub struct RawSpec {
    pub namespace: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
}

/// A reusable option set file, included by groups (`sets/<name>.yaml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an option set: a mapping with `set:` and `options:`")]
pub struct RawOptionSet {
    pub set: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub options: Vec<RawOption>,
    /// Options that apply when one of the set's options has a given value.
    #[serde(default)]
    pub selects: Option<RawSelects>,
}

/// `selects:` of a group or an option set: "these options when option X has value V", the
/// declarative twin of oslo's `driver_option`/`driver_opts` and of keystoneauth's auth plugins.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a selection: a mapping with `option:` and `sets:`")]
pub struct RawSelects {
    /// The option whose value picks one of `sets`.
    pub option: String,
    /// An option naming another section to read `option` and the selected options from.
    #[serde(default)]
    pub follow: Option<String>,
    /// Value -> the option set that value brings in.
    pub sets: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a group: a mapping with `name:` and `options:`")]
pub struct RawGroup {
    pub name: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub driver_option: Option<String>,
    #[serde(default)]
    pub dynamic_group_owner: Option<String>,
    /// Driver name -> the names of the options that belong to that driver.
    #[serde(default)]
    pub driver_opts: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, deserialize_with = "fitted")]
    pub options: Vec<RawOption>,
    #[serde(default)]
    pub selects: Option<RawSelects>,
}

/// A list read to its length: serde grows a list it reads item by item to room for at least
/// four, and a group's one option would then take four RawOptions' room (2.7 KB), for every
/// group of a spec of many small groups.
fn fitted<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    let mut list = Vec::<T>::deserialize(deserializer)?;
    list.shrink_to_fit();
    Ok(list)
}

/// A deprecated alias: `{name: old, group: oldgroup}`; either part may be left out.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, expecting = "a deprecated name: a mapping with `name:` and/or `group:`")]
pub struct RawDeprecatedOpt {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    /// The release the old name was deprecated in (confspec's own key).
    #[serde(default)]
    pub since: Option<String>,
}

/// One mapping of an `options:` list. It is one of three shapes, told apart by `build`:
/// an option (`name:` and option keys), an include (`include:` and `deprecations:`), or,
/// under `item_type:`/`value_type:`, a type description (`type:` and type keys).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, expecting = "an option: a mapping with `name:` and its keys")]
pub struct RawOption {
    // The option itself.
    pub name: Option<String>,
    pub dest: Option<String>,
    pub help: Option<String>,
    // Values are boxed: most options leave most of these out, and a parsed spec holds one
    // RawOption per option (an unboxed Value is 72 bytes; 100,000 options touch every byte).
    // Integers past u64 are kept (src/spec/bigint.rs).
    #[serde(default, deserialize_with = "super::bigint::opt_box")]
    pub default: Option<Box<Value>>,
    /// Names the one Python object options share as their default (model: `Opt::default_object`).
    pub default_object: Option<String>,
    #[serde(default, deserialize_with = "super::bigint::opt_box")]
    pub sample_default: Option<Box<Value>>,
    pub required: Option<bool>,
    pub secret: Option<bool>,
    pub advanced: Option<bool>,
    pub mutable: Option<bool>,
    pub short: Option<String>,
    pub metavar: Option<String>,
    pub positional: Option<bool>,
    pub deprecated_name: Option<String>,
    pub deprecated_group: Option<String>,
    pub deprecated_opts: Option<Vec<RawDeprecatedOpt>>,
    pub deprecated_for_removal: Option<bool>,
    pub deprecated_reason: Option<String>,
    pub deprecated_since: Option<String>,
    /// What oslo's Sphinx extension shows as the type, when the option class says more than
    /// the type (e.g. "list of filenames" for oslo's config-file options).
    pub doc_type: Option<String>,

    // Its type.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub type_name: Option<String>,
    #[serde(default, deserialize_with = "super::bigint::opt_box")]
    pub min: Option<Box<Value>>,
    #[serde(default, deserialize_with = "super::bigint::opt_box")]
    pub max: Option<Box<Value>>,
    pub sample_min: Option<String>,
    pub sample_max: Option<String>,
    #[serde(default, deserialize_with = "super::bigint::opt_vec")]
    pub choices: Option<Vec<Value>>,
    pub quotes: Option<bool>,
    pub regex: Option<String>,
    pub ignore_case: Option<bool>,
    pub max_length: Option<u64>,
    pub item_type: Option<Box<RawTypeRef>>,
    pub value_type: Option<Box<RawTypeRef>>,
    pub bounds: Option<bool>,
    pub min_length: Option<u64>,
    pub key_value_separator: Option<String>,
    pub version: Option<u8>,
    pub schemes: Option<Vec<String>>,
    pub inclusive: Option<bool>,
    pub default_text: Option<String>,
    /// A custom type's Python class, `module.path:Class` (for `--format python`).
    pub python_type: Option<String>,

    // An include of an option set.
    pub include: Option<String>,
    pub deprecations: Option<BTreeMap<String, Vec<RawDeprecatedOpt>>>,
}

/// `item_type: integer` or `item_type: {type: integer, min: 1}`.
#[derive(Debug, Clone)]
pub enum RawTypeRef {
    Name(String),
    Full(Box<RawOption>),
}

// Written out rather than `#[serde(untagged)]`, which would drop serde_yaml's error locations.
impl<'de> Deserialize<'de> for RawTypeRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeRefVisitor;
        impl<'de> serde::de::Visitor<'de> for TypeRefVisitor {
            type Value = RawTypeRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a type name or a mapping with `type:` and its parameters")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTypeRef, E> {
                Ok(RawTypeRef::Name(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawTypeRef, A::Error> {
                RawOption::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|o| RawTypeRef::Full(Box::new(o)))
            }
        }
        deserializer.deserialize_any(TypeRefVisitor)
    }
}
