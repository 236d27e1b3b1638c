//! What oslo.config's types accept: a port of each `oslo_config.types` class's `__call__`.
//!
//! The spec loader uses it the way oslo's `Opt._check_default` does (a default that the type
//! would reject is an error); `validate` uses it on the values of operators' config files,
//! and takes from `convert` what a `$name` reference to an option puts in another's value.

use crate::diag::capped;
use crate::oslo::pychar::{is_py_space, py_strip};
use crate::oslo::pynum::{py_float, py_int, IntError, PyInt, INT_MAX_STR_DIGITS};
use crate::oslo::pyvalue::{float_repr, str_repr, PyValue};
use crate::oslo::{pyregex, uri};
use crate::spec::model::{Choice, Number, OptType, TypeKind};

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
/// with `$name` (after `\$` and `$$` escapes are taken out), as `Opt._default_is_ref` says.
pub fn is_reference(value: &PyValue) -> bool {
    match value {
        PyValue::Str(s) => s.replace("\\$", "").replace("$$", "").contains('$'),
        _ => false,
    }
}

/// What an oslo type returns for a value (`ty(value)`), as far as Python's `str()` and
/// `repr()` show it: all that a `$name` reference takes from the option it names.
#[derive(Debug, Clone, PartialEq)]
pub enum Converted {
    None,
    Str(String),
    /// Any other Python value, by its `repr()`, which is also its `str()`: an int, a float,
    /// a bool, a list, a dict, a range.
    Repr(String),
}

impl Converted {
    /// Python's `str()`.
    pub fn py_str(&self) -> String {
        match self {
            Converted::None => "None".into(),
            Converted::Str(s) | Converted::Repr(s) => s.clone(),
        }
    }

    /// Python's `repr()`.
    pub fn py_repr(&self) -> String {
        match self {
            Converted::Str(s) => str_repr(s),
            other => other.py_str(),
        }
    }

    /// A Python list of these values.
    pub fn list(items: &[Converted]) -> Converted {
        let shown: Vec<String> = items.iter().map(Converted::py_repr).collect();
        Converted::Repr(format!("[{}]", shown.join(", ")))
    }
}

/// `ty(value)`: Ok when oslo's type accepts the value, else oslo's reason.
pub fn check_value(ty: &OptType, value: &PyValue) -> Result<(), String> {
    convert(ty, value).map(|_| ())
}

/// `why`, oslo's reason for refusing `value` (what `convert` gave), as an operator reads it,
/// the value quoted as every message quotes it: capped, and `****` when `secret`, in which case
/// a reason that quotes the value in its own way says only that it is not valid.
pub fn reason(why: &str, ty: &OptType, value: &str, secret: bool) -> String {
    let kind = ty.type_name.trim_end_matches(" value");
    let shown = crate::diag::quoted(value, secret);
    if why.starts_with("invalid literal for an integer: ") {
        return format!("{shown} is not an integer");
    }
    if why.starts_with("too many digits for an integer: ") {
        return format!("{shown} has more digits than oslo reads in an integer ({INT_MAX_STR_DIGITS})");
    }
    if why.starts_with("could not convert string to float") {
        return format!("{shown} is not a number");
    }
    if let Some(rest) = why.strip_prefix("should be greater than or equal to ") {
        return format!("{shown} is below the minimum {rest}");
    }
    if let Some(rest) = why.strip_prefix("should be less than or equal to ") {
        return format!("{shown} is above the maximum {rest}");
    }
    if let Some(rest) = why.strip_prefix("valid values are ") {
        let listed = rest.split(", but found").next().unwrap_or(rest);
        return format!("{shown} is not one of the choices {}", capped(listed));
    }
    if why.starts_with("unexpected boolean value") {
        return format!("{shown} is not a boolean: use true/false, yes/no, on/off or 1/0");
    }
    if secret {
        return format!("{shown} is not a valid {kind}");
    }
    format!("not a valid {kind}: {why}")
}

/// `ty(value)`: what oslo's type makes of the value, or its reason for refusing it.
pub fn convert(ty: &OptType, value: &PyValue) -> Result<Converted, String> {
    match &ty.kind {
        TypeKind::String { choices, quotes, regex, ignore_case, max_length } => {
            check_string(&value.py_str(), choices.as_deref(), *quotes, regex.as_deref(), *ignore_case, *max_length)
                .map(Converted::Str)
        }
        TypeKind::Integer { min, max, choices, .. } => match to_int(value)? {
            Some(n) => {
                check_int(&n, min.as_ref(), max.as_ref(), choices.as_deref()).map(|_| Converted::Repr(n.to_string()))
            }
            None => Ok(Converted::None),
        },
        TypeKind::Port { min, max, choices } => match to_int(value)? {
            Some(n) => {
                let (min, max) = (Number::Int(min.clone()), Number::Int(max.clone()));
                check_int(&n, Some(&min), Some(&max), choices.as_deref()).map(|_| Converted::Repr(n.to_string()))
            }
            None => Ok(Converted::None),
        },
        TypeKind::Float { min, max } => {
            let Some(f) = to_float(value)? else { return Ok(Converted::None) };
            if let Some(m) = min {
                if Number::Float(f).less_than(m) {
                    return Err(format!("should be greater than or equal to {}", m.py_str()));
                }
            }
            if let Some(m) = max {
                if m.less_than(&Number::Float(f)) {
                    return Err(format!("should be less than or equal to {}", m.py_str()));
                }
            }
            Ok(Converted::Repr(float_repr(f)))
        }
        TypeKind::Boolean => match value {
            PyValue::Bool(b) => Ok(Converted::Repr(PyValue::Bool(*b).py_repr())),
            PyValue::Str(s) => parse_bool(s).map(|b| Converted::Repr(PyValue::Bool(b).py_repr())).ok_or_else(|| {
                format!("unexpected boolean value {}; use true/false, yes/no, on/off or 1/0", str_repr(&capped(s)))
            }),
            other => {
                Err(format!("a boolean option takes true or false, not {} {}", other.kind(), capped(&other.py_repr())))
            }
        },
        TypeKind::List { item_type, bounds, min_length } => match value {
            // A list default is taken item by item, without the length check.
            PyValue::List(items) => {
                let items: Vec<Converted> = items.iter().map(|i| convert(item_type, i)).collect::<Result<_, _>>()?;
                Ok(Converted::list(&items))
            }
            PyValue::Str(s) => convert_list(item_type, *bounds, *min_length, s),
            other => Err(format!("a list option takes a list or a string, not {}", other.kind())),
        },
        TypeKind::Dict { value_type, bounds, key_value_separator, min_length } => match value {
            // oslo accepts a dict default without looking inside it.
            PyValue::Dict(_) => Ok(Converted::Repr(value.py_repr())),
            PyValue::Str(s) => convert_dict(value_type, *bounds, key_value_separator, *min_length, s),
            other => Err(format!("a dict option takes a mapping or a string, not {}", other.kind())),
        },
        // `MultiString` is `String()`; a project's own type is not known, so its value is
        // taken as written.
        TypeKind::MultiString | TypeKind::Custom { .. } => Ok(Converted::Str(value.py_str())),
        TypeKind::IpAddress { version } => {
            let text = value.py_str();
            check_ip(&text, *version).map(|_| Converted::Str(text))
        }
        TypeKind::Hostname => match value {
            PyValue::Str(s) => check_hostname(s, false).map(|h| Converted::Str(h.to_owned())),
            other => Err(format!("a hostname is a string, not {}", other.kind())),
        },
        TypeKind::HostAddress { version } | TypeKind::HostDomain { version } => {
            let domain = matches!(ty.kind, TypeKind::HostDomain { .. });
            let text = value.py_str();
            if check_ip(&text, *version).is_ok() {
                return Ok(Converted::Str(text));
            }
            let host = match value {
                PyValue::Str(s) => {
                    check_hostname(s, false).or_else(|e| if domain { check_hostname(s, true) } else { Err(e) })
                }
                _ => Err(String::new()),
            };
            host.map(|h| Converted::Str(h.to_owned()))
                .map_err(|_| format!("{} is not a valid host address", capped(&text)))
        }
        TypeKind::Uri { max_length, schemes } => {
            let text = value.py_str();
            uri::check(&text, schemes.as_deref())
                .map_err(|e| format!("{} is not a URI: {}", capped(&text), capped(&e.to_string())))?;
            match max_length {
                Some(m) if text.chars().count() as u64 > *m => {
                    Err(format!("value {} exceeds maximum length {m}", str_repr(&capped(&text))))
                }
                _ => Ok(Converted::Str(text)),
            }
        }
        TypeKind::Range { min, max, inclusive } => {
            convert_range(&value.py_str(), min.as_ref(), max.as_ref(), *inclusive)
        }
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

/// `String.__call__`: the value, its quotes taken off when the type strips them.
fn check_string(
    s: &str,
    choices: Option<&[Choice]>,
    quotes: bool,
    regex: Option<&str>,
    ignore_case: bool,
    max_length: u64,
) -> Result<String, String> {
    let mut s = s;
    if quotes && !s.is_empty() {
        let first = s.chars().next().unwrap();
        if first == '"' || first == '\'' {
            if s.chars().count() == 1 || !s.ends_with(first) {
                return Err(format!("non-closed quote: {}", capped(s)));
            }
            s = &s[1..s.len() - 1];
        }
    }
    if max_length > 0 && s.chars().count() as u64 > max_length {
        return Err(format!("value {} exceeds maximum length {max_length}", str_repr(&capped(s))));
    }
    if let Some(pattern) = regex {
        if !pyregex::search(pattern, ignore_case, s).map_err(|e| format!("regex {pattern:?}: {e}"))? {
            return Err(format!("value {} doesn't match regex {}", str_repr(&capped(s)), str_repr(pattern)));
        }
    }
    let Some(choices) = choices else { return Ok(s.to_owned()) };
    let matches = |c: &Choice| match &c.value {
        PyValue::Str(v) if ignore_case => v.to_lowercase() == s.to_lowercase(),
        PyValue::Str(v) => v == s,
        _ => false,
    };
    if choices.iter().any(matches) {
        return Ok(s.to_owned());
    }
    let listed: Vec<String> = choices.iter().map(|c| c.value.py_str()).collect();
    Err(format!("valid values are [{}], but found {}", listed.join(", "), str_repr(&capped(s))))
}

/// `Number.__call__`'s conversion for `Integer`: Python's `int(value)`; `None` for a blank
/// string (blank as `str.strip()` sees it, though `int()` itself skips only ASCII spaces).
fn to_int(value: &PyValue) -> Result<Option<PyInt>, String> {
    match value {
        PyValue::Int(i) => Ok(Some(i.clone())),
        PyValue::Bool(b) => Ok(Some((*b as i128).into())),
        PyValue::Float(f) if f.is_finite() => Ok(Some(PyInt::from_f64_trunc(*f))),
        PyValue::Str(s) if py_strip(s).is_empty() => Ok(None),
        PyValue::Str(s) => match py_int(s) {
            Ok(n) => Ok(Some(n)),
            Err(IntError::Invalid) => Err(format!("invalid literal for an integer: {}", str_repr(&capped(s)))),
            Err(IntError::TooManyDigits(n)) => Err(format!(
                "too many digits for an integer: {n}, and Python's int() reads at most {INT_MAX_STR_DIGITS}"
            )),
        },
        other => Err(format!("an integer option takes an integer, not {} {}", other.kind(), capped(&other.py_repr()))),
    }
}

/// `Number.__call__`'s conversion for `Float`: Python's `float(value)`; `None` for a blank
/// string.
fn to_float(value: &PyValue) -> Result<Option<f64>, String> {
    match value {
        PyValue::Float(f) => Ok(Some(*f)),
        PyValue::Int(i) => i.to_f64().map(Some).ok_or_else(|| "int too large to convert to float".to_owned()),
        PyValue::Bool(b) => Ok(Some(*b as i32 as f64)),
        PyValue::Str(s) if py_strip(s).is_empty() => Ok(None),
        PyValue::Str(s) => {
            py_float(s).map(Some).ok_or_else(|| format!("could not convert string to float: {}", str_repr(&capped(s))))
        }
        other => Err(format!("a float option takes a number, not {} {}", other.kind(), capped(&other.py_repr()))),
    }
}

fn check_int(n: &PyInt, min: Option<&Number>, max: Option<&Number>, choices: Option<&[Choice]>) -> Result<(), String> {
    if let Some(choices) = choices {
        if choices.iter().any(|c| matches!(&c.value, PyValue::Int(v) if v == n)) {
            return Ok(());
        }
        let listed: Vec<String> = choices.iter().map(|c| c.value.py_str()).collect();
        return Err(format!("valid values are [{}], but found {}", listed.join(", "), capped(&n.to_string())));
    }
    let value = Number::Int(n.clone());
    if let Some(m) = min {
        if value.less_than(m) {
            return Err(format!("should be greater than or equal to {}", m.py_str()));
        }
    }
    if let Some(m) = max {
        if m.less_than(&value) {
            return Err(format!("should be less than or equal to {}", m.py_str()));
        }
    }
    Ok(())
}

/// `s[1:-1]` of a text that starts and ends with (one-byte) brackets.
fn inside_brackets(s: &str) -> &str {
    &s[1..s.len() - 1]
}

/// Whether a text holding a comma can pass `ty`. `List` and `Dict` join a piece that fails
/// with the next one and try again; for the types that refuse every comma that can only fail,
/// so they stop at once (the same verdict, without the quadratic retries on long values).
fn may_take_comma(ty: &OptType) -> bool {
    !matches!(
        ty.kind,
        TypeKind::Integer { .. }
            | TypeKind::Port { .. }
            | TypeKind::Float { .. }
            | TypeKind::Boolean
            | TypeKind::IpAddress { .. }
            | TypeKind::Hostname
            | TypeKind::HostAddress { .. }
            | TypeKind::HostDomain { .. }
            | TypeKind::Range { .. }
    )
}

/// How much joined text `List` and `Dict` check in all, for one value, once its pieces fail.
/// oslo tries every join, so a value of hundreds of kilobytes whose pieces keep failing takes
/// it (and would take confspec) minutes; past this budget the value is refused, as oslo would
/// refuse it unless a join at the very end passed.
const JOIN_BUDGET: usize = 1 << 26;

fn join_budget_spent() -> String {
    format!("its pieces keep failing: after {} MiB of joined text, confspec stops (oslo goes on)", JOIN_BUDGET >> 20)
}

/// The quote a list item that its type strips quotes from opens and does not close: such an
/// item fails until a joined piece closes it, so the pieces in between need no check.
fn open_quote(item_type: &OptType, piece: &str) -> Option<char> {
    let TypeKind::String { quotes: true, .. } = item_type.kind else { return None };
    let text = py_strip(piece);
    let quote = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    (text.chars().count() == 1 || !text.ends_with(quote)).then_some(quote)
}

/// `List.__call__` on a string: split at commas, each piece stripped and checked by the item
/// type; a piece it refuses is joined with the next one (`a,b` may be one quoted item).
fn convert_list(item_type: &OptType, bounds: bool, min_length: u64, s: &str) -> Result<Converted, String> {
    let mut s = py_strip(s).trim_end_matches(',');
    if bounds {
        if !s.starts_with('[') {
            return Err("value should start with \"[\"".into());
        }
        if !s.ends_with(']') {
            return Err("value should end with \"]\"".into());
        }
        s = inside_brackets(s);
    }
    let pieces: Vec<&str> = if s.is_empty() { Vec::new() } else { s.split(',').collect() };
    let mut items = Vec::new();
    let mut next = 0;
    let mut budget = JOIN_BUDGET;
    while next < pieces.len() {
        let mut piece = pieces[next].to_owned();
        next += 1;
        loop {
            match convert(item_type, &PyValue::Str(py_strip(&piece).to_owned())) {
                Ok(item) => {
                    items.push(item);
                    break;
                }
                Err(e) if next == pieces.len() || !may_take_comma(item_type) => return Err(e),
                Err(_) => {
                    let quote = open_quote(item_type, &piece);
                    loop {
                        let added = pieces[next];
                        piece.push(',');
                        piece.push_str(added);
                        next += 1;
                        // The joined item ends where the piece added ends.
                        let closes = |q: char| added.trim_end_matches(is_py_space).ends_with(q);
                        if next == pieces.len() || quote.is_none_or(closes) {
                            break;
                        }
                    }
                    budget = budget.checked_sub(piece.len()).ok_or_else(join_budget_spent)?;
                }
            }
        }
    }
    if (items.len() as u64) < min_length {
        return Err(format!("needs at least {min_length} items"));
    }
    Ok(Converted::list(&items))
}

/// `Dict.__call__` on a string: `key<sep>value` pieces split at commas, keys and values
/// stripped, values checked by the value type; a piece without the separator, or whose value
/// the type refuses, is joined with the next one (`a,b:1` is `{'a,b': '1'}`).
fn convert_dict(value_type: &OptType, bounds: bool, sep: &str, min_length: u64, s: &str) -> Result<Converted, String> {
    let mut s = py_strip(s);
    if bounds {
        if !s.starts_with('{') {
            return Err("value should start with \"{\"".into());
        }
        if !s.ends_with('}') {
            return Err("value should end with \"}\"".into());
        }
        s = inside_brackets(s);
    }
    let pieces: Vec<&str> = if s.is_empty() { Vec::new() } else { s.split(',').collect() };
    let mut result: Vec<(String, Converted)> = Vec::new();
    let mut next = 0;
    let mut budget = JOIN_BUDGET;
    while next < pieces.len() {
        let mut pair = pieces[next].to_owned();
        next += 1;
        // Where to look for the separator: a pair without one only grows at its end.
        let mut search_from = 0;
        let (key, value) = loop {
            let found = pair[search_from..].find(sep).map(|at| search_from + at);
            let attempt = match found {
                None => Err(format!("value should be NAME{sep}VALUE pairs separated by \",\"")),
                Some(at) => convert(value_type, &PyValue::Str(py_strip(&pair[at + sep.len()..]).to_owned()))
                    .map(|v| (py_strip(&pair[..at]).to_owned(), v)),
            };
            match attempt {
                Ok(kv) => break kv,
                Err(e) if next == pieces.len() || (found.is_some() && !may_take_comma(value_type)) => return Err(e),
                Err(_) => {
                    match found {
                        None => {
                            search_from = pair.len().saturating_sub(sep.len());
                            while !pair.is_char_boundary(search_from) {
                                search_from -= 1;
                            }
                        }
                        Some(at) => budget = budget.checked_sub(pair.len() - at).ok_or_else(join_budget_spent)?,
                    }
                    pair.push(',');
                    pair.push_str(pieces[next]);
                    next += 1;
                }
            }
        };
        if key.is_empty() {
            return Err("key name should not be empty".into());
        }
        if result.iter().any(|(seen, _)| *seen == key) {
            return Err(format!("duplicate key {}", capped(&key)));
        }
        result.push((key, value));
    }
    if (result.len() as u64) < min_length {
        return Err(format!("needs at least {min_length} items"));
    }
    let shown: Vec<String> = result.iter().map(|(k, v)| format!("{}: {}", str_repr(k), v.py_repr())).collect();
    Ok(Converted::Repr(format!("{{{}}}", shown.join(", "))))
}

fn check_ip(s: &str, version: Option<u8>) -> Result<(), String> {
    if s.is_empty() {
        return Err("IP address cannot be an empty string".into());
    }
    let v4 = s.parse::<std::net::Ipv4Addr>().is_ok();
    let v6 = s.parse::<std::net::Ipv6Addr>().is_ok();
    match version {
        Some(4) if !v4 => Err(format!("{} is not an IPv4 address", capped(s))),
        Some(6) if !v6 => Err(format!("{} is not an IPv6 address", capped(s))),
        None if !v4 && !v6 => Err(format!("{} is not IPv4 or IPv6 address", capped(s))),
        _ => Ok(()),
    }
}

/// `Hostname.__call__`, returning the name without its final `.`; `allow_underscore` is
/// `HostDomain`'s relaxed label rule.
fn check_hostname(value: &str, allow_underscore: bool) -> Result<&str, String> {
    let len = value.chars().count();
    if len == 0 {
        return Err("cannot have an empty hostname".into());
    }
    if len > 253 {
        return Err(format!("hostname is greater than 253 characters: {}", capped(value)));
    }
    let value = value.strip_suffix('.').unwrap_or(value);
    let last = value.rsplit('.').next().unwrap_or("");
    if !last.chars().any(|c| c.is_ascii_alphabetic() || c == '-') {
        return Err(format!(
            "{} contains no non-numeric characters in the top-level domain part of the host name and is invalid",
            capped(value)
        ));
    }
    // `(?!-)[A-Z0-9-]{1,63}(?<!-)$` under re.IGNORECASE, which also takes `İ`, `ı`, `ſ` and the
    // Kelvin sign for letters; its `$` lets a label end with one newline.
    let label_char =
        |c: char| c.is_ascii_alphanumeric() || c == '-' || (allow_underscore && c == '_') || "İıſ\u{212A}".contains(c);
    let label_ok = |l: &str| {
        let l = l.strip_suffix('\n').unwrap_or(l);
        (1..=63).contains(&l.chars().count()) && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(label_char)
    };
    if value.split('.').all(label_ok) {
        Ok(value)
    } else {
        Err(format!("{} is an invalid hostname", capped(value)))
    }
}

/// `Range.__call__`: `N` or `N-M` (`^(0|-?[1-9][0-9]*)(?:-(0|-?[1-9][0-9]*))?$`), each end
/// within the bounds, as a Python `range`.
fn convert_range(s: &str, min: Option<&PyInt>, max: Option<&PyInt>, inclusive: bool) -> Result<Converted, String> {
    let invalid = || format!("invalid range: {}", capped(s));
    // `$` also matches before a final newline.
    let text = s.strip_suffix('\n').unwrap_or(s);
    let number = |t: &str| -> Option<PyInt> {
        let digits = t.strip_prefix('-').unwrap_or(t);
        let ok =
            t == "0" || (!digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()));
        if ok {
            py_int(t).ok()
        } else {
            None
        }
    };
    // A number holds `-` only in front, so at most one `-` can be the separator.
    let mut ends = number(text).map(|n| (n.clone(), n));
    if ends.is_none() {
        for (i, _) in text.match_indices('-').filter(|(i, _)| *i > 0) {
            if let (Some(a), Some(b)) = (number(&text[..i]), number(&text[i + 1..])) {
                ends = Some((a, b));
                break;
            }
        }
    }
    let (left, right) = ends.ok_or_else(invalid)?;
    let up = left < right;
    let (low, high) = if up { (&left, &right) } else { (&right, &left) };
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
    let stop = if inclusive { right.step(up) } else { right };
    Ok(Converted::Repr(if up { format!("range({left}, {stop})") } else { format!("range({left}, {stop}, -1)") }))
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

    fn load(ty: &str) -> OptType {
        let spec = format!("namespace: t\ngroups:\n  - name: g\n    options:\n      - {{name: o, {ty}}}\n");
        (*crate::spec::Loader::new().load_text("t.yaml".into(), spec, None).unwrap().groups[0].options[0].ty).clone()
    }

    fn conv(ty: &OptType, value: &str) -> Result<String, String> {
        convert(ty, &PyValue::Str(value.to_owned())).map(|c| c.py_str())
    }

    #[test]
    fn numbers_as_python_reads_them() {
        let int = load("type: integer, min: 0");
        assert_eq!(conv(&int, "١٢"), Ok("12".into()));
        assert_eq!(conv(&int, " \x1c "), Ok("None".into())); // blank to str.strip(): no value
        assert!(conv(&int, "5\x1c").is_err()); // but int() itself skips only ASCII spaces
        assert_eq!(
            conv(&int, "170141183460469231731687303715884105728"),
            Ok("170141183460469231731687303715884105728".into())
        );
        assert!(conv(&int, "-170141183460469231731687303715884105728")
            .unwrap_err()
            .contains("greater than or equal to 0"));
        assert!(conv(&int, &"9".repeat(4301)).unwrap_err().starts_with("too many digits for an integer: 4301"));
        let float = load("type: float, max: 2");
        assert_eq!(conv(&float, "１.５"), Ok("1.5".into()));
        assert!(conv(&float, "1._5").is_err() && conv(&float, "1e_5").is_err());
        let range = load("type: range, max: 10");
        assert_eq!(conv(&range, "5-1"), Ok("range(5, 0, -1)".into()));
        assert_eq!(conv(&range, "1-5\n"), Ok("range(1, 6)".into()));
        assert_eq!(
            conv(&load("type: range, inclusive: false"), "-1-170141183460469231731687303715884105728"),
            Ok("range(-1, 170141183460469231731687303715884105728)".into())
        );
    }

    #[test]
    fn lists_and_dicts_split_and_join_as_oslo_does() {
        let ints = load("type: list, item_type: integer");
        assert_eq!(conv(&ints, "1,\x1c2 ,\u{2028}3,,"), Ok("[1, 2, 3]".into()));
        assert_eq!(conv(&ints, "1,,2"), Ok("[1, None, 2]".into()));
        let quoted = load("type: list, item_type: {type: string, quotes: true}");
        assert_eq!(conv(&quoted, "\"a,b\",c"), Ok("['a,b', 'c']".into()));
        assert!(conv(&quoted, "\"a,b").is_err());
        let bounded = load("type: list, bounds: true");
        assert!(conv(&bounded, "[").is_err() && conv(&bounded, "a]").is_err());
        assert_eq!(conv(&bounded, "[a,]"), Ok("['a', '']".into()));
        let dict = load("type: dict");
        assert_eq!(conv(&dict, "a,b:1"), Ok("{'a,b': '1'}".into()));
        assert_eq!(conv(&dict, "a:1,,b:2"), Ok("{'a': '1', ',b': '2'}".into()));
        assert!(conv(&dict, "a:1,b").is_err() && conv(&dict, "a:1,a:2").is_err() && conv(&dict, ":1").is_err());
        let bools = load("type: dict, value_type: boolean");
        assert!(conv(&bools, "a:yes,no").is_err());
        assert_eq!(conv(&load("type: dict, bounds: true"), " {} "), Ok("{}".into()));
        // Long values whose pieces keep failing: a quoted item is joined up to its closing quote
        // at once; anything else is given up once the joins would check 64 MiB of text.
        let long = format!("\"{}, b\" ,c", ",a".repeat(50_000));
        assert_eq!(conv(&quoted, &long), Ok(format!("['{}, b', 'c']", ",a".repeat(50_000))));
        let uris = load("type: list, item_type: uri");
        assert!(conv(&uris, &"x,".repeat(50_000)).unwrap_err().contains("after 64 MiB of joined text"));
        assert!(conv(&load("type: dict, value_type: uri"), &format!("k:{}", "x,".repeat(50_000))).is_err());
    }

    #[test]
    fn hostnames_as_oslo_matches_them() {
        let host = load("type: hostname");
        for ok in ["ſun.com", "ı.com", "İ.com", "\u{212A}.com", "example.com."] {
            assert!(conv(&host, ok).is_ok(), "{ok}");
        }
        assert_eq!(conv(&host, "example.com."), Ok("example.com".into()));
        for bad in ["é.com", "a..b", "-a.com", "a.1", "_srv.example.com"] {
            assert!(conv(&host, bad).is_err(), "{bad}");
        }
        assert!(conv(&load("type: host_domain"), "_srv.example.com").is_ok());
        assert_eq!(conv(&load("type: host_address"), "::1"), Ok("::1".into()));
    }
}
