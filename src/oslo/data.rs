//! oslo-config-generator's machine-readable data (`--format yaml|json`): the structure
//! `_generate_machine_readable_data` builds, and Python's `json.dumps(..., sort_keys=True)`.

use super::groups::generator_groups;
use super::pynum::PyInt;
use super::pyvalue::{float_repr, PyValue};
use crate::spec::model::{Catalog, Number, Opt, TypeKind};
use std::collections::HashMap;
use std::fmt::Write as _;

/// The generator's own settings, written under `generator_options`.
#[derive(Debug, Clone, Default)]
pub struct GeneratorOptions {
    pub config_file: Vec<String>,
    pub format: String,
    pub minimal: bool,
    pub namespaces: Vec<String>,
    pub output_file: Option<String>,
    pub summarize: bool,
    pub wrap_width: usize,
}

fn s(v: &str) -> PyValue {
    PyValue::Str(v.to_owned())
}

fn opt_str(v: Option<&str>) -> PyValue {
    v.map(s).unwrap_or(PyValue::None)
}

fn dict(items: Vec<(&str, PyValue)>) -> PyValue {
    PyValue::Dict(items.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn number(n: Option<&Number>) -> PyValue {
    match n {
        None => PyValue::None,
        Some(Number::Int(i)) => PyValue::Int(i.clone()),
        Some(Number::Float(f)) => PyValue::Float(*f),
    }
}

/// The `min` and `max` attributes of the option's type object, as `_build_entry` reads them.
fn bounds(kind: &TypeKind) -> (PyValue, PyValue) {
    let int = |v: &Option<PyInt>| v.clone().map_or(PyValue::None, PyValue::Int);
    match kind {
        TypeKind::Range { min, max, .. } => (int(min), int(max)),
        TypeKind::Port { min, max, .. } => (PyValue::Int(min.clone()), PyValue::Int(max.clone())),
        TypeKind::Integer { min, max, .. } | TypeKind::Float { min, max } | TypeKind::Custom { min, max, .. } => {
            (number(min.as_ref()), number(max.as_ref()))
        }
        _ => (PyValue::None, PyValue::None),
    }
}

/// `_build_entry`: every public attribute of the option, plus namespace, choices, min, max.
pub(crate) fn entry(opt: &Opt, group: &str, namespace: &str) -> PyValue {
    let choices = opt
        .ty
        .kind
        .choices()
        .unwrap_or_default()
        .iter()
        .map(|c| PyValue::List(vec![c.value.clone(), opt_str(c.description.as_deref())]))
        .collect();
    // Aliases spelled with `-` are left out, as oslo does; a name-less one is written with the
    // option's name.
    let deprecated_opts = opt
        .deprecated_opts
        .iter()
        .filter(|d| d.is_listed())
        .map(|d| {
            dict(vec![
                ("group", s(d.group.as_deref().unwrap_or(group))),
                ("name", s(d.name.as_deref().unwrap_or(&opt.name))),
            ])
        })
        .collect();
    let (min, max) = bounds(&opt.ty.kind);
    dict(vec![
        ("advanced", PyValue::Bool(opt.advanced)),
        ("choices", PyValue::List(choices)),
        ("default", opt.default.clone()),
        ("deprecated_for_removal", PyValue::Bool(opt.deprecated_for_removal)),
        ("deprecated_opts", PyValue::List(deprecated_opts)),
        ("deprecated_reason", opt_str(opt.deprecated_reason.as_deref())),
        ("deprecated_since", opt_str(opt.deprecated_since.as_deref())),
        ("dest", s(&opt.dest)),
        ("help", opt_str(opt.help.as_deref())),
        ("max", max),
        ("metavar", opt_str(opt.metavar.as_deref())),
        ("min", min),
        ("mutable", PyValue::Bool(opt.mutable)),
        ("name", s(&opt.name)),
        ("namespace", s(namespace)),
        ("positional", PyValue::Bool(opt.positional)),
        ("required", PyValue::Bool(opt.required)),
        ("sample_default", opt.sample_default.clone().unwrap_or(PyValue::None)),
        ("secret", PyValue::Bool(opt.secret)),
        ("short", opt_str(opt.short.as_deref())),
        ("type", s(&opt.ty.type_name)),
    ])
}

/// The machine-readable data, and which of its options' defaults are one Python object.
#[derive(Debug, Clone)]
pub struct MachineData {
    pub value: PyValue,
    /// Each entry's `default_object`, in the order the entries are in `value`.
    default_objects: Vec<Option<String>>,
}

impl MachineData {
    /// `json.dumps(data, sort_keys=True)`: JSON has no object identity.
    pub fn to_json(&self) -> String {
        python_json(&self.value)
    }

    /// `yaml.safe_dump(data, default_flow_style=False)`, with a default that is one object in
    /// several entries written once and then aliased, as PyYAML does.
    pub fn to_yaml(&self) -> String {
        let entries = field(&self.value, "options")
            .into_iter()
            .flat_map(dict_values)
            .filter_map(|group| field(group, "opts"))
            .flat_map(list_items);
        let mut objects = Objects::new();
        let mut numbers: HashMap<&str, usize> = HashMap::new();
        for (entry, name) in entries.zip(&self.default_objects) {
            if let (Some(name), Some(default)) = (name, field(entry, "default")) {
                let next = numbers.len();
                objects.insert(default as *const PyValue, *numbers.entry(name).or_insert(next));
            }
        }
        to_yaml_objects(&self.value, &objects)
    }
}

fn field<'a>(dict: &'a PyValue, key: &str) -> Option<&'a PyValue> {
    let PyValue::Dict(items) = dict else { return None };
    items.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn dict_values(dict: &PyValue) -> impl Iterator<Item = &PyValue> {
    let items = if let PyValue::Dict(items) = dict { items.as_slice() } else { &[] };
    items.iter().map(|(_, v)| v)
}

fn list_items(list: &PyValue) -> std::slice::Iter<'_, PyValue> {
    if let PyValue::List(items) = list {
        items.iter()
    } else {
        [].iter()
    }
}

/// `_generate_machine_readable_data`: `options` by group, the `deprecated_options` index and
/// the generator's settings.
pub fn machine_readable(catalog: &Catalog, generator: &GeneratorOptions) -> MachineData {
    let mut default_objects = Vec::new();
    let mut options = Vec::new();
    let mut deprecated: Vec<(String, PyValue)> = Vec::new();
    for group in generator_groups(catalog) {
        let decl = group.declaration;
        let mut opts = Vec::new();
        for (namespace, group_opts) in &group.namespaces {
            for opt in group_opts {
                let entry = entry(opt, &group.name, namespace);
                if let PyValue::Dict(fields) = &entry {
                    if let Some((_, PyValue::List(aliases))) = fields.iter().find(|(k, _)| k == "deprecated_opts") {
                        for alias in aliases {
                            let PyValue::Dict(alias) = alias else { continue };
                            let get = |k: &str| {
                                alias.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or(PyValue::None)
                            };
                            let PyValue::Str(old_group) = get("group") else { continue };
                            let item = dict(vec![
                                ("name", get("name")),
                                ("replacement_group", s(&group.name)),
                                ("replacement_name", s(&opt.name)),
                            ]);
                            match deprecated.iter_mut().find(|(g, _)| *g == old_group) {
                                Some((_, PyValue::List(items))) => items.push(item),
                                _ => deprecated.push((old_group, PyValue::List(vec![item]))),
                            }
                        }
                    }
                }
                opts.push(entry);
                default_objects.push(opt.default_object.clone());
            }
        }
        let driver_opts: Vec<(String, PyValue)> = decl
            .map(|d| {
                d.driver_opts
                    .iter()
                    .map(|(k, names)| (k.clone(), PyValue::List(names.iter().map(|n| s(n)).collect())))
                    .collect()
            })
            .unwrap_or_default();
        let in_driver =
            |name: &str| decl.is_some_and(|d| d.driver_opts.values().any(|names| names.iter().any(|n| n == name)));
        let standard: Vec<PyValue> = group
            .namespaces
            .iter()
            .flat_map(|(_, opts)| opts.iter())
            .filter(|o| !in_driver(&o.name))
            .map(|o| s(&o.name))
            .collect();
        let mut fields = vec![("help", s(decl.and_then(|d| d.help.as_deref()).unwrap_or("")))];
        // The generator adds these while it walks the options, so an empty DEFAULT lacks them.
        if !opts.is_empty() {
            fields.push(("dynamic_group_owner", s(decl.and_then(|d| d.dynamic_group_owner.as_deref()).unwrap_or(""))));
            fields.push(("driver_option", s(decl.and_then(|d| d.driver_option.as_deref()).unwrap_or(""))));
            fields.push(("driver_opts", PyValue::Dict(driver_opts)));
        }
        fields.push(("opts", PyValue::List(opts)));
        fields.push(("standard_opts", PyValue::List(standard)));
        options.push((group.name.clone(), dict(fields)));
    }
    let generator = dict(vec![
        ("config_dir", PyValue::List(Vec::new())),
        ("config_file", PyValue::List(generator.config_file.iter().map(|f| s(f)).collect())),
        ("config_source", PyValue::List(Vec::new())),
        ("format_", s(&generator.format)),
        ("minimal", PyValue::Bool(generator.minimal)),
        ("namespace", PyValue::List(generator.namespaces.iter().map(|n| s(n)).collect())),
        ("output_file", opt_str(generator.output_file.as_deref())),
        ("shell_completion", PyValue::None),
        ("summarize", PyValue::Bool(generator.summarize)),
        ("wrap_width", PyValue::Int((generator.wrap_width as i128).into())),
    ]);
    let value = dict(vec![
        ("deprecated_options", PyValue::Dict(deprecated)),
        ("generator_options", generator),
        ("options", PyValue::Dict(options)),
    ]);
    MachineData { value, default_objects }
}

/// Python's `json.dumps(value, sort_keys=True)`: `, ` and `: ` separators, ASCII-only
/// output with `\uXXXX` escapes, floats as `repr()` (`Infinity`/`NaN` for the special ones).
pub fn python_json(value: &PyValue) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_json(value: &PyValue, out: &mut String) {
    match value {
        PyValue::None => out.push_str("null"),
        PyValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        PyValue::Int(i) => {
            let _ = write!(out, "{i}");
        }
        PyValue::Float(f) if f.is_nan() => out.push_str("NaN"),
        PyValue::Float(f) if f.is_infinite() => out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" }),
        PyValue::Float(f) => out.push_str(&float_repr(*f)),
        PyValue::Str(text) => json_string(text, out),
        PyValue::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(item, out);
            }
            out.push(']');
        }
        PyValue::Dict(items) => {
            let mut sorted: Vec<&(String, PyValue)> = items.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            out.push('{');
            for (i, (k, v)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                json_string(k, out);
                out.push_str(": ");
                write_json(v, out);
            }
            out.push('}');
        }
    }
}

fn json_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

pub use super::pyyaml::Objects;

/// The data as `yaml.safe_dump(value, default_flow_style=False)` writes it, byte for byte
/// (oslo-config-generator adds a line feed after it).
pub fn to_yaml(value: &PyValue) -> String {
    super::pyyaml::safe_dump(value)
}

/// `to_yaml` of a value some of whose lists and dicts are one object.
pub fn to_yaml_objects(value: &PyValue, objects: &Objects) -> String {
    super::pyyaml::safe_dump_objects(value, objects)
}
