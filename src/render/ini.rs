//! The sample config file (`--format ini`), byte for byte what oslo-config-generator writes.

use super::Engine;
use crate::diag::Result;
use crate::oslo::format::{choice_text, format_defaults, max_text, min_text};
use crate::oslo::groups::generator_groups;
use crate::spec::model::{Catalog, Opt};
use serde_json::{json, Value};

/// The generator flags that shape the sample.
#[derive(Debug, Clone, Copy)]
pub struct IniOptions {
    /// Help lines are wrapped at this many columns; 0 means oslo's "no wrapping" (998).
    pub wrap_width: usize,
    /// Only required options, uncommented.
    pub minimal: bool,
    /// Only the first paragraph of each option's help.
    pub summarize: bool,
}

impl Default for IniOptions {
    fn default() -> Self {
        IniOptions { wrap_width: 70, minimal: false, summarize: false }
    }
}

pub fn render(engine: &Engine, catalog: &Catalog, options: &IniOptions) -> Result<String> {
    engine.render("ini", &context(catalog, options))
}

/// The template context: groups in sample order (`DEFAULT`, then by name), namespaces by name,
/// options with advanced ones last, each with the texts oslo composes for it.
pub fn context(catalog: &Catalog, options: &IniOptions) -> Value {
    let mut groups = generator_groups(catalog);
    let default = groups.remove(0);
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    groups.insert(0, default);
    let groups: Vec<Value> = groups
        .iter()
        .map(|g| {
            let mut namespaces = g.namespaces.clone();
            namespaces.sort_by(|a, b| a.0.cmp(b.0));
            let namespaces: Vec<Value> = namespaces
                .iter()
                .map(|(ns, opts)| {
                    let mut opts = opts.clone();
                    opts.sort_by_key(|o| o.advanced);
                    let opts: Vec<Value> = opts
                        .iter()
                        .filter(|o| !options.minimal || o.required)
                        .map(|o| option_context(o, &g.name, options.summarize))
                        .collect();
                    json!({ "name": ns, "options": opts })
                })
                .collect();
            let decl = g.declaration;
            json!({
                "name": g.name,
                "title": decl.and_then(|d| d.title.as_deref()),
                "help": decl.and_then(|d| d.help.as_deref()).filter(|h| !h.is_empty()),
                "namespaces": namespaces,
            })
        })
        .collect();
    json!({
        "wrap_width": options.wrap_width,
        "minimal": options.minimal,
        "summarize": options.summarize,
        "groups": groups,
    })
}

/// The help text oslo writes above an option, before wrapping: a `DEPRECATED: ` prefix, the
/// help (or its first paragraph when summarizing) and the type in parentheses.
fn sample_help(opt: &Opt, summarize: bool) -> std::result::Result<String, String> {
    let type_suffix = format!("({})", opt.ty.type_name);
    let help = opt.help.as_deref();
    let prefix = match help {
        // oslo calls `opt.help.startswith(...)`, which fails when there is no help at all.
        None if opt.deprecated_for_removal => return Err("'NoneType' object has no attribute 'startswith'".into()),
        Some(h) if opt.deprecated_for_removal && !h.starts_with("DEPRECATED") => "DEPRECATED: ",
        _ => "",
    };
    match help {
        Some(h) if !h.is_empty() => {
            let body = if summarize {
                let mut parts = h.split("\n\n");
                let first = parts.next().unwrap_or_default();
                let mut body = first.trim_end_matches(':').trim_end_matches('.').to_owned();
                if parts.next().is_some() {
                    body.push_str(". For more information, refer to the documentation.");
                }
                body
            } else {
                h.to_owned()
            };
            Ok(format!("{prefix}{body} {type_suffix}"))
        }
        _ => Ok(type_suffix),
    }
}

fn option_context(opt: &Opt, group: &str, summarize: bool) -> Value {
    let help = sample_help(opt, summarize);
    let defaults = format_defaults(&opt.ty, &opt.default, opt.sample_default.as_ref());
    let format_error = help.as_ref().err().or(defaults.as_ref().err()).cloned();
    let choices: Vec<Value> = opt
        .ty
        .kind
        .choices()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let text = choice_text(&c.value);
            let description = c.description.as_deref().filter(|d| !d.is_empty());
            json!({
                "text": text,
                "description": description,
                "sample_text": format!("{text} - {}", description.unwrap_or("<No description provided>")),
            })
        })
        .collect();
    // Aliases spelled with `-` cannot appear in a config file; oslo leaves them (and name-less
    // ones) out of the sample.
    let deprecated_names: Vec<Value> = opt
        .deprecated_opts
        .iter()
        .filter_map(|d| {
            let name = d.name.as_deref().filter(|n| !n.contains('-'))?;
            Some(json!({ "group": d.group.as_deref().unwrap_or(group), "name": name }))
        })
        .collect();
    let reason = opt.deprecated_reason.as_deref().filter(|r| !r.is_empty());
    json!({
        "name": opt.name,
        "dest": opt.dest,
        "type_name": opt.ty.type_name,
        "help": opt.help,
        "sample_help": help.ok(),
        "format_error": format_error,
        "min": min_text(&opt.ty),
        "max": max_text(&opt.ty),
        "choices": choices,
        "mutable": opt.mutable,
        "advanced": opt.advanced,
        "required": opt.required,
        "deprecated_names": deprecated_names,
        "deprecated_for_removal": opt.deprecated_for_removal,
        "deprecated_since": opt.deprecated_since.as_deref().filter(|s| !s.is_empty()),
        "deprecated_reason": reason,
        "sample_reason": reason.map(|r| format!("Reason: {r}")),
        "has_sample_default": opt.sample_default.as_ref().is_some_and(|s| s.is_truthy()),
        "defaults": defaults.unwrap_or_default(),
    })
}
