//! What oslo.config's types accept: a port of each `oslo_config.types` class's `__call__`.
//!
//! The spec loader uses it the way oslo's `Opt._check_default` does (a default that the type
//! would reject is an error); `validate` uses it on the values of operators' config files.

use crate::oslo::pyvalue::PyValue;
use crate::spec::model::{Choice, OptType, TypeKind};

/// One oslo.config type, as specs, oslo's outputs and its Python classes name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeDef {
    /// `type:` in a spec.
    pub spec_name: &'static str,
    /// The name the sample and the machine-readable data show (`string value`).
    pub data_name: &'static str,
    /// The option class a project declares it with (`cfg.StrOpt`); `Opt` takes a `type=`.
    pub opt_class: &'static str,
    /// The `oslo_config.types` class, when there is one.
    pub type_class: Option<&'static str>,
    /// What oslo's Sphinx extension shows as `:Type:`; `None`: the type's name.
    pub doc_name: Option<&'static str>,
    /// The type parameters a spec may give it (`type_name` is accepted by all).
    pub params: &'static [&'static str],
}

impl TypeDef {
    /// Whether it has a minimum and a maximum.
    pub fn has_bounds(&self) -> bool {
        self.params.contains(&"min")
    }

    /// Whether it takes a list of choices.
    pub fn has_choices(&self) -> bool {
        self.params.contains(&"choices")
    }
}

/// The largest port number (`oslo_config.types.Port.PORT_MAX`).
pub const PORT_MAX: i128 = 65535;

/// Every type a spec can name, in the order the spec format documents them.
pub const TYPES: &[TypeDef] = &[
    TypeDef {
        spec_name: "string",
        data_name: "string value",
        opt_class: "StrOpt",
        type_class: Some("String"),
        doc_name: Some("string"),
        params: &["choices", "quotes", "regex", "ignore_case", "max_length"],
    },
    TypeDef {
        spec_name: "integer",
        data_name: "integer value",
        opt_class: "IntOpt",
        type_class: Some("Integer"),
        doc_name: Some("integer"),
        params: &["min", "max", "choices", "sample_min", "sample_max"],
    },
    TypeDef {
        spec_name: "float",
        data_name: "floating point value",
        opt_class: "FloatOpt",
        type_class: Some("Float"),
        doc_name: Some("floating point"),
        params: &["min", "max"],
    },
    TypeDef {
        spec_name: "port",
        data_name: "port value",
        opt_class: "PortOpt",
        type_class: Some("Port"),
        doc_name: Some("port number"),
        params: &["min", "max", "choices"],
    },
    TypeDef {
        spec_name: "boolean",
        data_name: "boolean value",
        opt_class: "BoolOpt",
        type_class: Some("Boolean"),
        doc_name: Some("boolean"),
        params: &[],
    },
    TypeDef {
        spec_name: "list",
        data_name: "list value",
        opt_class: "ListOpt",
        type_class: Some("List"),
        doc_name: Some("list"),
        params: &["item_type", "bounds", "min_length"],
    },
    TypeDef {
        spec_name: "dict",
        data_name: "dict value",
        opt_class: "DictOpt",
        type_class: Some("Dict"),
        doc_name: Some("dict"),
        params: &["value_type", "bounds", "key_value_separator", "min_length"],
    },
    TypeDef {
        spec_name: "multi_string",
        data_name: "multi valued",
        opt_class: "MultiStrOpt",
        type_class: Some("MultiString"),
        doc_name: Some("multi-valued"),
        params: &[],
    },
    TypeDef {
        spec_name: "ip_address",
        data_name: "IP address value",
        opt_class: "IPOpt",
        type_class: Some("IPAddress"),
        doc_name: Some("ip address"),
        params: &["version"],
    },
    TypeDef {
        spec_name: "hostname",
        data_name: "hostname value",
        opt_class: "HostnameOpt",
        type_class: Some("Hostname"),
        doc_name: Some("hostname"),
        params: &[],
    },
    TypeDef {
        spec_name: "host_address",
        data_name: "host address value",
        opt_class: "HostAddressOpt",
        type_class: Some("HostAddress"),
        doc_name: Some("host address"),
        params: &["version"],
    },
    TypeDef {
        spec_name: "host_domain",
        data_name: "host domain value",
        opt_class: "HostDomainOpt",
        type_class: Some("HostDomain"),
        doc_name: None,
        params: &["version"],
    },
    TypeDef {
        spec_name: "uri",
        data_name: "uri value",
        opt_class: "URIOpt",
        type_class: Some("URI"),
        doc_name: Some("URI"),
        params: &["max_length", "schemes"],
    },
    TypeDef {
        spec_name: "range",
        data_name: "range value",
        opt_class: "Opt",
        type_class: Some("Range"),
        doc_name: None,
        params: &["min", "max", "inclusive"],
    },
    TypeDef {
        spec_name: "custom",
        data_name: "unknown type",
        opt_class: "Opt",
        type_class: None,
        doc_name: None,
        params: &["min", "max", "choices", "default_text", "python_type"],
    },
];

/// The type a spec names `name`.
pub fn by_spec_name(name: &str) -> Option<&'static TypeDef> {
    TYPES.iter().find(|t| t.spec_name == name)
}

/// Whether oslo would skip checking this default: a string that refers to another option
/// with `$name` (after `\$` and `$$` escapes are taken out).
pub fn is_reference(value: &PyValue) -> bool {
    match value {
        PyValue::Str(s) => s.replace("\\$", "").replace("$$", "").contains('$'),
        _ => false,
    }
}

/// `ty(value)`: Ok when oslo's type accepts the value, else oslo's reason.
pub fn check_value(ty: &OptType, value: &PyValue) -> Result<(), String> {
    match &ty.kind {
        TypeKind::String { choices, quotes, regex, ignore_case, max_length } => {
            check_string(&value.py_str(), choices.as_deref(), *quotes, regex.as_deref(), *ignore_case, *max_length)
        }
        TypeKind::Integer { min, max, choices, .. } => {
            let Some(n) = to_int(value)? else { return Ok(()) };
            check_int(n, *min, *max, choices.as_deref())
        }
        TypeKind::Port { min, max, choices } => {
            let Some(n) = to_int(value)? else { return Ok(()) };
            check_int(n, Some(*min), Some(*max), choices.as_deref())
        }
        TypeKind::Float { min, max } => {
            let Some(f) = to_float(value)? else { return Ok(()) };
            if let Some(m) = min {
                if f < m.as_f64() {
                    return Err(format!("should be greater than or equal to {}", m.py_str()));
                }
            }
            if let Some(m) = max {
                if f > m.as_f64() {
                    return Err(format!("should be less than or equal to {}", m.py_str()));
                }
            }
            Ok(())
        }
        TypeKind::Boolean => match value {
            PyValue::Bool(_) => Ok(()),
            PyValue::Str(s) => parse_bool(s).map(|_| ()).ok_or_else(|| {
                format!(
                    "unexpected boolean value {}; use true/false, yes/no, on/off or 1/0",
                    crate::oslo::pyvalue::str_repr(s)
                )
            }),
            other => Err(format!("a boolean option takes true or false, not {} {}", other.kind(), other.py_repr())),
        },
        TypeKind::List { item_type, bounds, min_length } => {
            let items: Vec<PyValue> = match value {
                PyValue::List(items) => items.clone(),
                PyValue::Str(s) => split_list(s, *bounds)?.into_iter().map(PyValue::Str).collect(),
                other => return Err(format!("a list option takes a list or a string, not {}", other.kind())),
            };
            if (items.len() as u64) < *min_length {
                return Err(format!("needs at least {min_length} items"));
            }
            for item in &items {
                check_value(item_type, item)?;
            }
            Ok(())
        }
        TypeKind::Dict { value_type, bounds, key_value_separator, min_length } => match value {
            // oslo accepts a dict default without looking inside it.
            PyValue::Dict(_) => Ok(()),
            PyValue::Str(s) => {
                let pairs = split_dict(s, *bounds, key_value_separator)?;
                if (pairs.len() as u64) < *min_length {
                    return Err(format!("needs at least {min_length} items"));
                }
                for (_, v) in &pairs {
                    check_value(value_type, &PyValue::Str(v.clone()))?;
                }
                Ok(())
            }
            other => Err(format!("a dict option takes a mapping or a string, not {}", other.kind())),
        },
        TypeKind::MultiString | TypeKind::Custom { .. } => Ok(()),
        TypeKind::IpAddress { version } => check_ip(&value.py_str(), *version),
        TypeKind::Hostname => match value {
            PyValue::Str(s) => check_hostname(s, false),
            other => Err(format!("a hostname is a string, not {}", other.kind())),
        },
        TypeKind::HostAddress { version } | TypeKind::HostDomain { version } => {
            let domain = matches!(ty.kind, TypeKind::HostDomain { .. });
            let text = value.py_str();
            if check_ip(&text, *version).is_ok() {
                return Ok(());
            }
            match value {
                PyValue::Str(s) if check_hostname(s, false).is_ok() || (domain && check_hostname(s, true).is_ok()) => {
                    Ok(())
                }
                _ => Err(format!("{text} is not a valid host address")),
            }
        }
        TypeKind::Uri { max_length, schemes } => {
            let text = value.py_str();
            check_uri(&text, schemes.as_deref())?;
            match max_length {
                Some(m) if text.chars().count() as u64 > *m => {
                    Err(format!("value {} exceeds maximum length {m}", crate::oslo::pyvalue::str_repr(&text)))
                }
                _ => Ok(()),
            }
        }
        TypeKind::Range { min, max, .. } => check_range(&value.py_str(), *min, *max),
    }
}

/// oslo's `Boolean` values, case-insensitively.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.to_lowercase().as_str() {
        "true" | "1" | "on" | "yes" => Some(true),
        "false" | "0" | "off" | "no" => Some(false),
        _ => None,
    }
}

fn check_string(
    s: &str,
    choices: Option<&[Choice]>,
    quotes: bool,
    regex: Option<&str>,
    ignore_case: bool,
    max_length: u64,
) -> Result<(), String> {
    let mut s = s;
    if quotes && !s.is_empty() {
        let first = s.chars().next().unwrap();
        if first == '"' || first == '\'' {
            if s.chars().count() == 1 || !s.ends_with(first) {
                return Err(format!("non-closed quote: {s}"));
            }
            s = &s[1..s.len() - 1];
        }
    }
    if max_length > 0 && s.chars().count() as u64 > max_length {
        return Err(format!("value {} exceeds maximum length {max_length}", crate::oslo::pyvalue::str_repr(s)));
    }
    if let Some(pattern) = regex {
        let re = regex::RegexBuilder::new(pattern)
            .case_insensitive(ignore_case)
            .build()
            .map_err(|e| format!("regex {pattern:?} does not compile: {e}"))?;
        if !re.is_match(s) {
            return Err(format!(
                "value {} doesn't match regex {}",
                crate::oslo::pyvalue::str_repr(s),
                crate::oslo::pyvalue::str_repr(pattern)
            ));
        }
    }
    let Some(choices) = choices else { return Ok(()) };
    let matches = |c: &Choice| match &c.value {
        PyValue::Str(v) if ignore_case => v.to_lowercase() == s.to_lowercase(),
        PyValue::Str(v) => v == s,
        _ => false,
    };
    if choices.iter().any(matches) {
        return Ok(());
    }
    let listed: Vec<String> = choices.iter().map(|c| c.value.py_str()).collect();
    Err(format!("valid values are [{}], but found {}", listed.join(", "), crate::oslo::pyvalue::str_repr(s)))
}

/// Python's `int(value)` as `Integer.__call__` applies it; `None` for a blank string.
fn to_int(value: &PyValue) -> Result<Option<i128>, String> {
    match value {
        PyValue::Int(i) => Ok(Some(*i)),
        PyValue::Bool(b) => Ok(Some(*b as i128)),
        PyValue::Float(f) if f.is_finite() => Ok(Some(f.trunc() as i128)),
        PyValue::Str(s) if s.trim().is_empty() => Ok(None),
        PyValue::Str(s) => parse_py_int(s.trim())
            .map(Some)
            .ok_or_else(|| format!("invalid literal for an integer: {}", crate::oslo::pyvalue::str_repr(s))),
        other => Err(format!("an integer option takes an integer, not {} {}", other.kind(), other.py_repr())),
    }
}

/// Python's `int(str)`: optional sign, digits with single `_` between them.
pub fn parse_py_int(s: &str) -> Option<i128> {
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if !clean.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i128 = clean.parse().ok()?;
    Some(if neg { -n } else { n })
}

/// Python's `float(value)`; `None` for a blank string.
fn to_float(value: &PyValue) -> Result<Option<f64>, String> {
    match value {
        PyValue::Float(f) => Ok(Some(*f)),
        PyValue::Int(i) => Ok(Some(*i as f64)),
        PyValue::Bool(b) => Ok(Some(*b as i32 as f64)),
        PyValue::Str(s) if s.trim().is_empty() => Ok(None),
        PyValue::Str(s) => parse_py_float(s.trim())
            .map(Some)
            .ok_or_else(|| format!("could not convert string to float: {}", crate::oslo::pyvalue::str_repr(s))),
        other => Err(format!("a float option takes a number, not {} {}", other.kind(), other.py_repr())),
    }
}

/// Python's `float(str)`, including `inf`, `nan` and `_` between digits.
pub fn parse_py_float(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if matches!(body, "inf" | "infinity" | "nan") {
        return lower.replace("infinity", "inf").parse().ok();
    }
    if s.contains("__") || s.starts_with('_') || s.ends_with('_') {
        return None;
    }
    let clean: String = s.chars().filter(|c| *c != '_').collect();
    if !clean.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return None;
    }
    clean.parse().ok()
}

fn check_int(n: i128, min: Option<i128>, max: Option<i128>, choices: Option<&[Choice]>) -> Result<(), String> {
    if let Some(choices) = choices {
        if choices.iter().any(|c| c.value == PyValue::Int(n)) {
            return Ok(());
        }
        let listed: Vec<String> = choices.iter().map(|c| c.value.py_str()).collect();
        return Err(format!("valid values are [{}], but found {n}", listed.join(", ")));
    }
    if let Some(m) = min {
        if n < m {
            return Err(format!("should be greater than or equal to {m}"));
        }
    }
    if let Some(m) = max {
        if n > m {
            return Err(format!("should be less than or equal to {m}"));
        }
    }
    Ok(())
}

/// `List.__call__`'s split of a string value into items (before the item type joins pieces
/// back together around commas it cannot split at; plain items are what specs use).
fn split_list(s: &str, bounds: bool) -> Result<Vec<String>, String> {
    let mut s = s.trim().trim_end_matches(',');
    if bounds {
        s = s.strip_prefix('[').ok_or("value should start with \"[\"")?;
        s = s.strip_suffix(']').ok_or("value should end with \"]\"")?;
    }
    if s.is_empty() {
        return Ok(Vec::new());
    }
    Ok(s.split(',').map(|p| p.trim().to_owned()).collect())
}

fn split_dict(s: &str, bounds: bool, sep: &str) -> Result<Vec<(String, String)>, String> {
    let mut s = s.trim();
    if bounds {
        s = s.strip_prefix('{').ok_or("value should start with \"{\"")?;
        s = s.strip_suffix('}').ok_or("value should end with \"}\"")?;
    }
    if s.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for pair in s.split(',') {
        let (k, v) =
            pair.split_once(sep).ok_or_else(|| format!("value should be NAME{sep}VALUE pairs separated by \",\""))?;
        let k = k.trim();
        if k.is_empty() {
            return Err("key name should not be empty".into());
        }
        if out.iter().any(|(seen, _)| seen == k) {
            return Err(format!("duplicate key {k}"));
        }
        out.push((k.to_owned(), v.trim().to_owned()));
    }
    Ok(out)
}

fn check_ip(s: &str, version: Option<u8>) -> Result<(), String> {
    if s.is_empty() {
        return Err("IP address cannot be an empty string".into());
    }
    let v4 = s.parse::<std::net::Ipv4Addr>().is_ok();
    let v6 = s.parse::<std::net::Ipv6Addr>().is_ok();
    match version {
        Some(4) if !v4 => Err(format!("{s} is not an IPv4 address")),
        Some(6) if !v6 => Err(format!("{s} is not an IPv6 address")),
        None if !v4 && !v6 => Err(format!("{s} is not IPv4 or IPv6 address")),
        _ => Ok(()),
    }
}

/// `Hostname.__call__`; `allow_underscore` is `HostDomain`'s relaxed label rule.
fn check_hostname(value: &str, allow_underscore: bool) -> Result<(), String> {
    let len = value.chars().count();
    if len == 0 {
        return Err("cannot have an empty hostname".into());
    }
    if len > 253 {
        return Err(format!("hostname is greater than 253 characters: {value}"));
    }
    let value = value.strip_suffix('.').unwrap_or(value);
    let last = value.rsplit('.').next().unwrap_or("");
    if !last.chars().any(|c| c.is_ascii_alphabetic() || c == '-') {
        return Err(format!(
            "{value} contains no non-numeric characters in the top-level domain part of the host name and is invalid"
        ));
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || (allow_underscore && c == '_'))
    };
    if value.split('.').all(label_ok) {
        Ok(())
    } else {
        Err(format!("{value} is an invalid hostname"))
    }
}

/// The checks oslo asks of `rfc3986`: a valid scheme and a host, and an allowed scheme.
fn check_uri(s: &str, schemes: Option<&[String]>) -> Result<(), String> {
    let Some((scheme, rest)) = s.split_once(':') else {
        return Err(format!("{s} is not a URI: it has no scheme"));
    };
    let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(format!("{s} is not a URI: invalid scheme {scheme:?}"));
    }
    let Some(authority) = rest.strip_prefix("//") else {
        return Err(format!("{s} is not a URI: it has no host"));
    };
    let authority = authority.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split_once(']').map_or("", |(h, _)| h)
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.is_empty() || host.chars().any(|c| c.is_whitespace()) {
        return Err(format!("{s} is not a URI: it has no valid host"));
    }
    if let Some(schemes) = schemes {
        if !schemes.iter().any(|x| x.eq_ignore_ascii_case(scheme)) {
            return Err(format!("{s} is not a URI with an allowed scheme ({})", schemes.join(", ")));
        }
    }
    Ok(())
}

fn check_range(s: &str, min: Option<i128>, max: Option<i128>) -> Result<(), String> {
    let number = |t: &str| -> Option<i128> {
        let digits = t.strip_prefix('-').unwrap_or(t);
        let ok =
            t == "0" || (!digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()));
        if ok {
            t.parse().ok()
        } else {
            None
        }
    };
    // `^(0|-?[1-9][0-9]*)(?:-(0|-?[1-9][0-9]*))?$`: try every `-` as the separator.
    let mut bounds = number(s).map(|n| (n, n));
    if bounds.is_none() {
        for (i, _) in s.match_indices('-').filter(|(i, _)| *i > 0) {
            if let (Some(a), Some(b)) = (number(&s[..i]), number(&s[i + 1..])) {
                bounds = Some((a, b));
                break;
            }
        }
    }
    let (left, right) = bounds.ok_or_else(|| format!("invalid range: {s}"))?;
    let (low, high) = if left < right { (left, right) } else { (right, left) };
    if let Some(m) = min {
        if low < m {
            return Err(format!("should be greater than or equal to {m}"));
        }
    }
    if let Some(m) = max {
        if high > m {
            return Err(format!("should be less than or equal to {m}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_has_one_row_and_every_spec_name_loads() {
        for (i, row) in TYPES.iter().enumerate() {
            assert_eq!(TYPES.iter().position(|t| t.spec_name == row.spec_name), Some(i), "{} twice", row.spec_name);
            assert_eq!(TYPES.iter().filter(|t| t.data_name == row.data_name).count(), 1, "{}", row.data_name);
            let extra = if row.spec_name == "custom" { ", type_name: x" } else { "" };
            let spec = format!(
                "namespace: t\ngroups:\n  - name: g\n    options:\n      - {{name: o, type: {}{extra}}}\n",
                row.spec_name
            );
            let loaded = crate::spec::Loader::new().load_text("t.yaml".into(), spec, None).unwrap();
            let ty = &loaded.groups[0].options[0].ty;
            assert_eq!(ty.kind.def(), row, "the model's kind maps back to its row");
        }
    }
}
