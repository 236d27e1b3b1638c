//! The reStructuredText reference (`--format rst`): what `oslo-config-generator --format rst`
//! prints through oslo's Sphinx extension (`sphinxext._format_option_help`), byte for byte.
//!
//! Unlike the INI sample, this output follows the Python option classes: the type shown is the
//! class's description ("port number", "list"), and defaults are printed with the generator's
//! best-effort `str()` ("True", "['a', 'b']"). Groups come sorted by name, empty groups
//! included; options keep their spec order.

use super::Engine;
use crate::diag::Result;
use crate::oslo::format::{choice_text, NONE_DEFAULT};
use crate::oslo::percent;
use crate::oslo::pyvalue::PyValue;
use crate::oslo::textwrap::{is_py_space, splitlines};
use crate::spec::model::{Catalog, Group, Opt, TypeKind};
use serde_json::{json, Value};

pub fn render(engine: &Engine, catalog: &Catalog) -> Result<String> {
    let mut text = engine.render("rst", &context(catalog))?;
    // The template ends every line with a newline; oslo joins its lines with one, so the
    // last newline is not there.
    text.pop();
    Ok(text)
}

/// Groups merged across specs by name and sorted; the description is the first spec's.
pub fn context(catalog: &Catalog) -> Value {
    let mut sections: Vec<(String, Option<&Group>, Vec<&Opt>)> = Vec::new();
    for spec in &catalog.specs {
        for group in &spec.groups {
            let i = match sections.iter().position(|(name, _, _)| *name == group.name) {
                Some(i) => i,
                None => {
                    sections.push((group.name.clone(), Some(group), Vec::new()));
                    sections.len() - 1
                }
            };
            let opts = &mut sections[i].2;
            // Within one namespace an option declared again replaces the first (oslo's
            // `_cleanup_opts`); across namespaces both stay.
            for opt in &group.options {
                opts.push(opt);
            }
        }
    }
    sections.sort_by(|a, b| a.0.cmp(&b.0));
    let groups: Vec<Value> = sections
        .iter()
        .map(|(name, decl, opts)| {
            json!({
                "name": name,
                "help_lines": decl.and_then(|g| g.help.as_deref()).map(help_lines).unwrap_or_default(),
                "options": opts.iter().map(|o| option_context(o, name)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "groups": groups })
}

/// `text.strip().splitlines()`, each line right-stripped.
fn help_lines(text: &str) -> Vec<String> {
    splitlines(text.trim_matches(is_py_space)).into_iter().map(|l| l.trim_end_matches(is_py_space).to_owned()).collect()
}

/// The `:Type:` text: the option class's description, else the type's name.
pub fn doc_type(opt: &Opt) -> String {
    if let Some(t) = &opt.doc_type {
        return t.clone();
    }
    let class = match &opt.ty.kind {
        TypeKind::String { .. } => "string",
        TypeKind::Boolean => "boolean",
        TypeKind::Integer { .. } => "integer",
        TypeKind::Float { .. } => "floating point",
        TypeKind::List { .. } => "list",
        TypeKind::Dict { .. } => "dict",
        TypeKind::MultiString => "multi-valued",
        TypeKind::IpAddress { .. } => "ip address",
        TypeKind::Port { .. } => "port number",
        TypeKind::Hostname => "hostname",
        TypeKind::Uri { .. } => "URI",
        TypeKind::HostAddress { .. } => "host address",
        // No option class of their own in oslo's table: the type's name is shown.
        TypeKind::HostDomain { .. } | TypeKind::Range { .. } | TypeKind::Custom { .. } => return opt.ty.type_name.clone(),
    };
    class.to_owned()
}

/// `ConfigType.quote_trailing_and_leading_space` as the generator's `_format_defaults` does it.
fn quote_spaces(s: String) -> String {
    if s.trim_matches(is_py_space).len() != s.len() {
        format!("\"{s}\"")
    } else {
        s
    }
}

/// The generator's best-effort `_format_defaults`: `str()` of the value for every option
/// class but multi-valued ones, which print one default per value.
pub fn doc_defaults(opt: &Opt) -> Vec<String> {
    let sample = opt.sample_default.as_ref().filter(|s| !s.is_none());
    let values: Vec<String> = if matches!(opt.ty.kind, TypeKind::MultiString) {
        let each = |v: &PyValue| -> Vec<String> {
            match v {
                PyValue::List(items) => items.iter().map(PyValue::py_str).collect(),
                PyValue::Str(s) => s.chars().map(String::from).collect(),
                PyValue::Dict(items) => items.iter().map(|(k, _)| k.clone()).collect(),
                other => vec![other.py_str()],
            }
        };
        match sample {
            Some(s) => each(s),
            None if !opt.default.is_truthy() => vec![String::new()],
            None => each(&opt.default),
        }
    } else {
        vec![match sample {
            Some(s) => s.py_str(),
            None if opt.default.is_none() => NONE_DEFAULT.to_owned(),
            None => opt.default.py_str(),
        }]
    };
    values.into_iter().map(quote_spaces).collect()
}

fn option_context(opt: &Opt, group: &str) -> Value {
    let (min, max) = match &opt.ty.kind {
        TypeKind::Integer { min, max, .. } | TypeKind::Range { min, max, .. } => (min.map(|m| m.to_string()), max.map(|m| m.to_string())),
        TypeKind::Port { min, max, .. } => (Some(min.to_string()), Some(max.to_string())),
        TypeKind::Float { min, max } | TypeKind::Custom { min, max, .. } => (min.map(|m| m.py_str()), max.map(|m| m.py_str())),
        _ => (None, None),
    };
    let choices = opt.ty.kind.choices().unwrap_or_default();
    let valid_values = (!choices.is_empty()).then(|| choices.iter().map(|c| choice_text(&c.value)).collect::<Vec<_>>().join(", "));
    let described: Vec<Value> = if choices.iter().any(|c| c.description.is_some()) {
        choices
            .iter()
            .map(|c| {
                let description = c.description.as_deref().filter(|d| !d.is_empty()).unwrap_or("<No description provided>");
                json!({ "text": choice_text(&c.value), "description": description })
            })
            .collect()
    } else {
        Vec::new()
    };
    let help = opt.help.as_deref().map(|h| percent::format_help(h).unwrap_or_else(|| h.to_owned()));
    let deprecated: Vec<Value> = opt
        .deprecated_opts
        .iter()
        .map(|d| json!({ "group": d.group.as_deref().unwrap_or(group), "name": d.name.as_deref().unwrap_or(&opt.dest) }))
        .collect();
    let reason = opt
        .deprecated_reason
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(|r| splitlines(r).into_iter().map(|l| l.trim_matches(is_py_space)).collect::<Vec<_>>().join(" "));
    json!({
        "name": opt.name,
        "dest": opt.dest,
        "type": doc_type(opt),
        "defaults": doc_defaults(opt),
        "min": min,
        "max": max,
        "valid_values": valid_values,
        "mutable": opt.mutable,
        "advanced": opt.advanced,
        "has_sample_default": opt.sample_default.as_ref().is_some_and(|s| s.is_truthy()),
        "help_lines": help.as_deref().filter(|h| !h.is_empty()).map(help_lines),
        "choices": described,
        "deprecated_names": deprecated,
        "deprecated_for_removal": opt.deprecated_for_removal,
        "deprecated_since": opt.deprecated_since.as_deref().filter(|s| !s.is_empty()),
        "deprecated_reason": reason,
    })
}
