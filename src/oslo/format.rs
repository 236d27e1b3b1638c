//! How oslo-config-generator prints an option's type facts and defaults: a port of each type's
//! `format_defaults`/`_formatter` and of the generator's fallback for types without one.

use super::pychar::is_py_space;
use super::pyvalue::PyValue;
use crate::spec::model::{OptType, TypeKind};

/// What the sample shows for a missing default.
pub const NONE_DEFAULT: &str = "<None>";

/// `ConfigType.quote_trailing_and_leading_space` (the generator's `_format_defaults` does the
/// same): a value with surrounding whitespace is shown in double quotes.
pub fn quote_spaces(s: String) -> String {
    if s.trim_matches(is_py_space).len() != s.len() {
        format!("\"{s}\"")
    } else {
        s
    }
}

/// Python's name for the value's class, as its `AttributeError`s spell it.
fn py_class(v: &PyValue) -> &'static str {
    match v {
        PyValue::None => "NoneType",
        PyValue::Bool(_) => "bool",
        PyValue::Int(_) => "int",
        PyValue::Float(_) => "float",
        PyValue::Str(_) => "str",
        PyValue::List(_) => "list",
        PyValue::Dict(_) => "dict",
    }
}

/// The type's `_formatter(value)`. `Err` carries the Python exception text for the cases where
/// oslo's generator fails and prints a warning in the sample instead of the option.
fn formatter(ty: &OptType, value: &PyValue) -> Result<String, String> {
    match &ty.kind {
        TypeKind::String { .. } | TypeKind::MultiString => Ok(quote_spaces(value.py_str())),
        TypeKind::Boolean => Ok(value.py_str().to_lowercase()),
        TypeKind::Integer { .. } | TypeKind::Float { .. } | TypeKind::Port { .. } => Ok(value.py_str()),
        TypeKind::List { item_type, bounds, .. } => {
            let inner = match value {
                PyValue::Str(s) => s.clone(),
                PyValue::List(items) => {
                    items.iter().map(|v| formatter(item_type, v)).collect::<Result<Vec<_>, _>>()?.join(",")
                }
                other => formatter(item_type, other)?,
            };
            Ok(if *bounds { format!("[{inner}]") } else { inner })
        }
        TypeKind::Dict { .. } => match value {
            PyValue::Dict(items) => {
                let mut items: Vec<&(String, PyValue)> = items.iter().collect();
                items.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(items.iter().map(|(k, v)| format!("{k}:{}", v.py_str())).collect::<Vec<_>>().join(","))
            }
            other => Err(format!("'{}' object has no attribute 'items'", py_class(other))),
        },
        // These return the value itself; the generator then needs it to be a string.
        TypeKind::IpAddress { .. }
        | TypeKind::Hostname
        | TypeKind::HostAddress { .. }
        | TypeKind::HostDomain { .. }
        | TypeKind::Uri { .. }
        | TypeKind::Range { .. } => match value {
            PyValue::Str(s) => Ok(s.clone()),
            other => Err(format!("'{}' object has no attribute 'replace'", py_class(other))),
        },
        TypeKind::Custom { .. } => Ok(quote_spaces(value.py_str())),
    }
}

/// The default's lines as the sample prints them after `#dest =`: one for most types, one per
/// value for multi-valued options.
pub fn format_defaults(
    ty: &OptType,
    default: &PyValue,
    sample_default: Option<&PyValue>,
) -> Result<Vec<String>, String> {
    let sample_default = sample_default.filter(|s| !s.is_none());
    match &ty.kind {
        TypeKind::MultiString => {
            // MultiString._formatter iterates its argument: a string sample default yields
            // one line per character, exactly as oslo prints it.
            let each = |v: &PyValue| -> Vec<String> {
                match v {
                    PyValue::List(items) => items.iter().map(|i| quote_spaces(i.py_str())).collect(),
                    PyValue::Str(s) => s.chars().map(|c| quote_spaces(c.to_string())).collect(),
                    PyValue::Dict(items) => items.iter().map(|(k, _)| quote_spaces(k.clone())).collect(),
                    other => vec![quote_spaces(other.py_str())],
                }
            };
            Ok(match sample_default {
                Some(s) => each(s),
                None if !default.is_truthy() => vec![String::new()],
                None => each(default),
            })
        }
        // Types without `format_defaults`: the generator's best-effort formatter.
        // With `default_text` the type has a formatter of its own: oslo calls its
        // `format_defaults`, which prints the formatter's text or a string sample default as
        // they are.
        TypeKind::Custom { default_text: Some(text), .. } => Ok(vec![match sample_default {
            Some(PyValue::Str(s)) => s.clone(),
            Some(other) => other.py_str(),
            None if default.is_none() => NONE_DEFAULT.to_owned(),
            None => text.clone(),
        }]),
        TypeKind::Custom { default_text: None, .. } => Ok(vec![match sample_default {
            Some(s) => quote_spaces(s.py_str()),
            None if default.is_none() => NONE_DEFAULT.to_owned(),
            None => quote_spaces(default.py_str()),
        }]),
        _ => Ok(vec![match sample_default {
            Some(PyValue::Str(s)) => s.clone(),
            Some(other) => formatter(ty, other)?,
            None if default.is_none() => NONE_DEFAULT.to_owned(),
            None => formatter(ty, default)?,
        }]),
    }
}

/// `_get_choice_text`: how a choice is named in "Possible values".
pub fn choice_text(value: &PyValue) -> String {
    match value {
        PyValue::None => NONE_DEFAULT.to_owned(),
        PyValue::Str(s) if s.is_empty() => "''".to_owned(),
        other => other.py_str(),
    }
}

/// The "Minimum value" the sample shows, if the type has a minimum.
pub fn min_text(ty: &OptType) -> Option<String> {
    match &ty.kind {
        TypeKind::Integer { sample_min: Some(s), min: Some(_), .. } => Some(s.clone()),
        TypeKind::Range { min, .. } => min.as_ref().map(|m| m.to_string()),
        TypeKind::Port { min, .. } => Some(min.to_string()),
        TypeKind::Integer { min, .. } | TypeKind::Float { min, .. } | TypeKind::Custom { min, .. } => {
            min.as_ref().map(|m| m.py_str())
        }
        _ => None,
    }
}

/// The "Maximum value" the sample shows, if the type has a maximum.
pub fn max_text(ty: &OptType) -> Option<String> {
    match &ty.kind {
        TypeKind::Integer { sample_max: Some(s), max: Some(_), .. } => Some(s.clone()),
        TypeKind::Range { max, .. } => max.as_ref().map(|m| m.to_string()),
        TypeKind::Port { max, .. } => Some(max.to_string()),
        TypeKind::Integer { max, .. } | TypeKind::Float { max, .. } | TypeKind::Custom { max, .. } => {
            max.as_ref().map(|m| m.py_str())
        }
        _ => None,
    }
}
