//! The checked model every renderer reads: namespaces, groups, options and their types,
//! with the same meaning as the oslo.config objects they describe.

use crate::oslo::pynum::PyInt;
use crate::oslo::pyvalue::PyValue;

/// A text of the model that the shipped services (`crate::services`) borrow from the bytes
/// compiled into the binary, and a spec loaded from YAML owns: the long ones (help texts),
/// which would otherwise be copied on every run.
pub type Text = std::borrow::Cow<'static, str>;

/// One spec file after loading: an oslo.config namespace.
#[derive(Debug, Clone)]
pub struct Spec {
    pub namespace: String,
    pub description: Option<String>,
    pub groups: Vec<Group>,
    /// Where the spec came from, as shown in diagnostics.
    pub origin: String,
}

#[derive(Debug, Clone)]
pub struct Group {
    /// Normalised as oslo does: `DEFAULT` upper-case, every other group lower-case.
    pub name: String,
    pub title: Option<String>,
    pub help: Option<String>,
    pub driver_option: Option<String>,
    pub dynamic_group_owner: Option<String>,
    /// Driver name -> option names, sorted by driver as oslo keeps them.
    pub driver_opts: std::collections::BTreeMap<String, Vec<String>>,
    pub options: Vec<Opt>,
    /// Options read only when another option has a given value: the group's `driver_opts`,
    /// its `selects` and those of the option sets it includes. Shared: every group that
    /// includes keystoneauth's auth options selects the same plugins' options.
    pub selectors: Vec<std::sync::Arc<Selector>>,
    /// The group's own include entries, in order: which of `options` each brought in.
    pub includes: Vec<Include>,
}

/// An include entry of a group (`- include: <set>`): the options it expanded to, so that a
/// generated Python module can call the library that defines the set instead of copying it.
#[derive(Debug, Clone)]
pub struct Include {
    /// The option set's name.
    pub set: String,
    /// Where the set was read from: `<embedded>/specs/sets/<name>.yaml` or a file.
    pub origin: String,
    /// Whether the set is the one compiled into confspec: read from it, or from a file with
    /// the same text (specs/sets/ beside specs/glance.yaml).
    pub embedded: bool,
    /// The indexes in the group's `options` of the options it brought in.
    pub options: std::ops::Range<usize>,
    /// The entry's `deprecations`: option name (in the set) -> the old names it adds.
    pub deprecations: std::collections::BTreeMap<String, Vec<DeprecatedName>>,
}

/// "These options when option X has value V". oslo reads a selected option only once the
/// value picks it (a keystoneauth plugin registers its options when `auth_type` names it; a
/// driver reads its `driver_opts`), so validate checks them only then.
#[derive(Debug, Clone)]
pub struct Selector {
    /// The dest of the option whose value selects.
    pub option: String,
    /// The dest of an option naming another section to read `option` and the selected
    /// options from instead (keystoneauth's `auth_section`).
    pub follow: Option<String>,
    /// Value -> the options it selects.
    pub choices: std::collections::BTreeMap<String, Vec<Opt>>,
    /// Whether a value not in `choices` selects nothing (oslo's driver data lists every driver
    /// that has options) rather than options confspec does not know (an auth plugin of
    /// another library, say).
    pub exhaustive: bool,
}

impl Selector {
    /// Whether `dest` is an option some value selects.
    pub fn governs(&self, dest: &str) -> bool {
        self.choices.values().flatten().any(|o| o.dest == dest)
    }
}

impl Group {
    /// Whether the group is described (oslo's `OptGroup`) rather than only named (a string).
    pub fn is_declared(&self) -> bool {
        self.title.is_some()
            || self.help.is_some()
            || self.driver_option.is_some()
            || self.dynamic_group_owner.is_some()
            || !self.driver_opts.is_empty()
    }
}

/// oslo's group name normalisation: `DEFAULT` in upper case, every other group in lower case.
pub fn normalize_group(name: &str) -> String {
    if name.eq_ignore_ascii_case("default") {
        "DEFAULT".to_owned()
    } else {
        name.to_lowercase()
    }
}

/// A deprecated alias as oslo's `DeprecatedOpt`: `None` means "same as the live option".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeprecatedName {
    pub name: Option<String>,
    pub group: Option<String>,
    /// The release the old name was deprecated in, when the spec says (oslo does not record
    /// it; confspec's deprecation tables show it).
    pub since: Option<String>,
}

impl DeprecatedName {
    /// Whether oslo's generator lists this old name (sample, data, docs, deprecation tables):
    /// a name spelled with `-` is listed through its `_` twin, which the spec loader adds.
    pub fn is_listed(&self) -> bool {
        self.name.as_deref().is_none_or(|n| !n.contains('-'))
    }

    /// The group and name this old name of `opt`, an option of `group`, stands for: the live
    /// option's own where it gives none.
    pub fn resolve<'a>(&'a self, group: &str, opt: &'a Opt) -> (String, &'a str) {
        (
            self.group.as_deref().map_or_else(|| group.to_owned(), normalize_group),
            self.name.as_deref().unwrap_or(&opt.dest),
        )
    }
}

#[derive(Debug, Clone)]
pub struct Opt {
    /// The option's name; may contain `-`.
    pub name: Text,
    /// The name used in config files and code (`name` with `-` turned into `_` unless set).
    pub dest: Text,
    /// Shared: most options have one of a few types, and the compiled services decode each
    /// once.
    pub ty: std::sync::Arc<OptType>,
    pub default: PyValue,
    /// The name of the one Python object several options have as their default (a module-level
    /// list, or one `Opt` listed in two groups): oslo's YAML data writes such a list or dict
    /// once, with an anchor, and then as aliases. Options of the same catalog naming the same
    /// object have equal defaults.
    pub default_object: Option<String>,
    pub sample_default: Option<PyValue>,
    /// `None` when the option has no help at all (oslo treats that differently from `""`).
    pub help: Option<Text>,
    pub required: bool,
    pub secret: bool,
    pub advanced: bool,
    pub mutable: bool,
    pub short: Option<String>,
    pub metavar: Option<String>,
    pub positional: bool,
    /// In oslo's order: the given aliases, `_` twins of aliases spelled with `-`, then the
    /// `deprecated_name`/`deprecated_group` shorthand (and its `_` twin).
    pub deprecated_opts: Vec<DeprecatedName>,
    pub deprecated_for_removal: bool,
    pub deprecated_reason: Option<String>,
    pub deprecated_since: Option<String>,
    /// The type oslo's Sphinx extension shows, when it is not the usual one for `ty`.
    pub doc_type: Option<String>,
}

impl Opt {
    /// The reason it is deprecated, as one line: each line trimmed, blank ones dropped, the
    /// rest joined with spaces. `None` when there is no reason to show.
    pub fn reason_one_line(&self) -> Option<String> {
        let lines: Vec<&str> = crate::oslo::textwrap::splitlines(self.deprecated_reason.as_deref()?)
            .into_iter()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        (!lines.is_empty()).then(|| lines.join(" "))
    }

    /// The old names oslo reads this option of `group` from in a config file, in its order
    /// (`Opt._get_from_namespace`), resolved, each with its alias, leaving out any that is the
    /// live name. Those spelled with `-` are read too (`two-x = 1` sets the option).
    pub fn old_names<'a>(
        &'a self,
        group: &'a str,
    ) -> impl Iterator<Item = ((String, &'a str), &'a DeprecatedName)> + 'a {
        self.deprecated_opts
            .iter()
            .map(move |d| (d.resolve(group, self), d))
            .filter(move |((g, n), _)| !(g == group && *n == self.dest))
    }

    /// The old names oslo's generator lists (sample, data, docs): `old_names` without those
    /// spelled with `-`, whose `_` twins are listed instead.
    pub fn listed_old_names<'a>(
        &'a self,
        group: &'a str,
    ) -> impl Iterator<Item = ((String, &'a str), &'a DeprecatedName)> + 'a {
        self.old_names(group).filter(|(_, d)| d.is_listed())
    }
}

/// An option's type: what values it accepts and the name the sample shows, e.g. "list value".
#[derive(Debug, Clone)]
pub struct OptType {
    pub kind: TypeKind,
    pub type_name: Text,
}

/// A number as written in the spec; printed with Python's `str()`.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    Int(PyInt),
    Float(f64),
}

impl Number {
    pub fn py_str(&self) -> String {
        match self {
            Number::Int(i) => i.to_string(),
            Number::Float(f) => crate::oslo::pyvalue::float_repr(*f),
        }
    }

    /// Python's `<` between two numbers: exact between integers of any size; an integer
    /// and a float compare by the float's value (exact too, unless the float is not finite).
    pub fn less_than(&self, other: &Number) -> bool {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a < b,
            (Number::Float(a), Number::Float(b)) => a < b,
            (Number::Int(a), Number::Float(b)) => int_float_cmp(a, *b) == Some(std::cmp::Ordering::Less),
            (Number::Float(a), Number::Int(b)) => int_float_cmp(b, *a) == Some(std::cmp::Ordering::Greater),
        }
    }
}

/// How an integer compares with a float, as Python compares them (exactly); `None` for NaN.
fn int_float_cmp(i: &PyInt, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { Ordering::Less } else { Ordering::Greater });
    }
    // A float's integer part, exactly, then its fraction decides a tie.
    let whole = PyInt::from_f64_trunc(f);
    Some(i.cmp(&whole).then_with(|| {
        let fraction = f - f.trunc();
        if fraction > 0.0 {
            Ordering::Less
        } else if fraction < 0.0 {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }))
}

/// One allowed value and its optional description.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: PyValue,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    String {
        choices: Option<Vec<Choice>>,
        quotes: bool,
        regex: Option<String>,
        ignore_case: bool,
        max_length: u64,
    },
    /// oslo's `Integer`: its bounds are numbers, since Python takes a float there too
    /// (neutron's `agent_down_time` has `max=2147483.0`, which the sample shows as written).
    Integer {
        min: Option<Number>,
        max: Option<Number>,
        choices: Option<Vec<Choice>>,
        sample_min: Option<String>,
        sample_max: Option<String>,
    },
    Float {
        min: Option<Number>,
        max: Option<Number>,
    },
    /// oslo's `PortOpt`: an integer between 0 and `PORT_MAX` unless narrowed.
    Port {
        min: PyInt,
        max: PyInt,
        choices: Option<Vec<Choice>>,
    },
    Boolean,
    List {
        item_type: Box<OptType>,
        bounds: bool,
        min_length: u64,
    },
    Dict {
        value_type: Box<OptType>,
        bounds: bool,
        key_value_separator: String,
        min_length: u64,
    },
    /// oslo's `MultiStrOpt`: the option may be set several times.
    MultiString,
    IpAddress {
        version: Option<u8>,
    },
    Hostname,
    HostAddress {
        version: Option<u8>,
    },
    HostDomain {
        version: Option<u8>,
    },
    Uri {
        max_length: Option<u64>,
        schemes: Option<Vec<String>>,
    },
    Range {
        min: Option<PyInt>,
        max: Option<PyInt>,
        inclusive: bool,
    },
    /// A project's own type, known by the name it shows; it may still have bounds and choices
    /// that oslo prints (a subclass of oslo's `Integer`, say).
    Custom {
        min: Option<Number>,
        max: Option<Number>,
        choices: Option<Vec<Choice>>,
        /// What the type's own formatter makes of the default in the sample, when it is not
        /// `str()` (a class that prints JSON, say).
        default_text: Option<String>,
        /// The Python class (`module.path:Class`) or built-in type (`int`) the generated
        /// module uses (`--format python`); the other outputs do not need it.
        python_type: Option<String>,
    },
}

impl TypeKind {
    /// The spec's name for this type (`type:` in a spec file).
    pub fn spec_name(&self) -> &'static str {
        match self {
            TypeKind::String { .. } => "string",
            TypeKind::Integer { .. } => "integer",
            TypeKind::Float { .. } => "float",
            TypeKind::Port { .. } => "port",
            TypeKind::Boolean => "boolean",
            TypeKind::List { .. } => "list",
            TypeKind::Dict { .. } => "dict",
            TypeKind::MultiString => "multi_string",
            TypeKind::IpAddress { .. } => "ip_address",
            TypeKind::Hostname => "hostname",
            TypeKind::HostAddress { .. } => "host_address",
            TypeKind::HostDomain { .. } => "host_domain",
            TypeKind::Uri { .. } => "uri",
            TypeKind::Range { .. } => "range",
            TypeKind::Custom { .. } => "custom",
        }
    }

    /// This type's row of the oslo types table.
    pub fn def(&self) -> &'static crate::oslo::types::TypeDef {
        crate::oslo::types::by_spec_name(self.spec_name()).expect("every kind has a row")
    }

    /// The choices, for the types that have them.
    pub fn choices(&self) -> Option<&[Choice]> {
        match self {
            TypeKind::String { choices, .. }
            | TypeKind::Integer { choices, .. }
            | TypeKind::Port { choices, .. }
            | TypeKind::Custom { choices, .. } => choices.as_deref(),
            _ => None,
        }
    }
}

/// The specs given on one command line, in order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub specs: Vec<Spec>,
}
