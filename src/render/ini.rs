//! The sample config file (`--format ini`), byte for byte what oslo-config-generator writes.
//!
//! `sample` computes every text oslo composes (in `OptionTexts`); `templates/ini.hbs` and
//! `ini-option.hbs` lay them out. With the embedded templates the layout is written natively
//! (`write_native`), which is what they say without handlebars' cost on large specs
//! (docs/performance.md); a test renders every golden and fixture both ways and compares.

use super::Engine;
use crate::diag::Result;
use crate::oslo::format::{choice_text, format_defaults, max_text, min_text};
use crate::oslo::groups::generator_groups;
use crate::oslo::lines;
use crate::spec::model::{Catalog, Group, Opt};
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

const TEMPLATE_FILES: &[&str] = &["ini.hbs", "ini-option.hbs"];

pub fn render(engine: &Engine, catalog: &Catalog, options: &IniOptions) -> Result<String> {
    if engine.embedded(TEMPLATE_FILES) {
        Ok(write_native(catalog, options))
    } else {
        render_with_templates(engine, catalog, options)
    }
}

/// Through the handlebars templates, whatever they are.
pub fn render_with_templates(engine: &Engine, catalog: &Catalog, options: &IniOptions) -> Result<String> {
    engine.render("ini", &context(catalog, options))
}

/// A group of the sample: its declaration and its options namespace by namespace, in sample
/// order (namespaces by name, advanced options last, only required ones when minimal).
struct SampleGroup<'a> {
    name: String,
    declaration: Option<&'a Group>,
    namespaces: Vec<(&'a str, Vec<&'a Opt>)>,
}

fn sample_groups<'a>(catalog: &'a Catalog, options: &IniOptions) -> Vec<SampleGroup<'a>> {
    let mut groups = generator_groups(catalog);
    let default = groups.remove(0);
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    groups.insert(0, default);
    groups
        .into_iter()
        .map(|g| {
            let mut namespaces = g.namespaces;
            namespaces.sort_by(|a, b| a.0.cmp(b.0));
            let namespaces = namespaces
                .into_iter()
                .map(|(ns, mut opts)| {
                    opts.sort_by_key(|o| o.advanced);
                    opts.retain(|o| !options.minimal || o.required);
                    (ns, opts)
                })
                .collect();
            SampleGroup { name: g.name, declaration: g.declaration, namespaces }
        })
        .collect()
}

fn group_help<'a>(g: &SampleGroup<'a>) -> Option<&'a str> {
    g.declaration.and_then(|d| d.help.as_deref()).filter(|h| !h.is_empty())
}

/// Every text oslo composes for one option of the sample.
pub struct OptionTexts<'a> {
    pub opt: &'a Opt,
    /// The text above the setting, or oslo's error when it cannot format the option.
    pub sample_help: std::result::Result<String, String>,
    pub format_error: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    /// (text, description, "text - description")
    pub choices: Vec<(String, Option<&'a str>, String)>,
    /// (group, name) of the old names the sample lists.
    pub deprecated_names: Vec<(&'a str, &'a str)>,
    pub deprecated_since: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub sample_reason: Option<String>,
    pub has_sample_default: bool,
    pub defaults: Vec<String>,
}

/// The help text oslo writes above an option, before wrapping: a `DEPRECATED: ` prefix, the
/// help (or its first paragraph when summarizing) and the type in parentheses.
fn sample_help(opt: &Opt, summarize: bool) -> std::result::Result<String, String> {
    let type_name = &opt.ty.type_name;
    let help = opt.help.as_deref();
    let prefix = match help {
        // oslo calls `opt.help.startswith(...)`, which fails when there is no help at all.
        None if opt.deprecated_for_removal => return Err("'NoneType' object has no attribute 'startswith'".into()),
        Some(h) if opt.deprecated_for_removal && !h.starts_with("DEPRECATED") => "DEPRECATED: ",
        _ => "",
    };
    const MORE: &str = ". For more information, refer to the documentation.";
    match help {
        Some(h) if !h.is_empty() => {
            let (body, more) = if summarize {
                let mut parts = h.split("\n\n");
                let first = parts.next().unwrap_or_default();
                (first.trim_end_matches(':').trim_end_matches('.'), parts.next().is_some())
            } else {
                (h, false)
            };
            // Built in one allocation: the help is most of a sample's text.
            let mut text = String::with_capacity(prefix.len() + body.len() + MORE.len() + type_name.len() + 3);
            text.push_str(prefix);
            text.push_str(body);
            if more {
                text.push_str(MORE);
            }
            text.push_str(" (");
            text.push_str(type_name);
            text.push(')');
            Ok(text)
        }
        _ => Ok(format!("({type_name})")),
    }
}

pub fn option_texts<'a>(opt: &'a Opt, group: &'a str, summarize: bool) -> OptionTexts<'a> {
    let help = sample_help(opt, summarize);
    let defaults = format_defaults(&opt.ty, &opt.default, opt.sample_default.as_ref());
    let format_error = help.as_ref().err().or(defaults.as_ref().err()).cloned();
    let choices = opt
        .ty
        .kind
        .choices()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let text = choice_text(&c.value);
            let description = c.description.as_deref().filter(|d| !d.is_empty());
            let sample_text = format!("{text} - {}", description.unwrap_or("<No description provided>"));
            (text, description, sample_text)
        })
        .collect();
    // Aliases spelled with `-` cannot appear in a config file; oslo leaves them (and name-less
    // ones) out of the sample.
    let deprecated_names = opt
        .deprecated_opts
        .iter()
        .filter_map(|d| {
            let name = d.name.as_deref().filter(|_| d.is_listed())?;
            Some((d.group.as_deref().unwrap_or(group), name))
        })
        .collect();
    let reason = opt.deprecated_reason.as_deref().filter(|r| !r.is_empty());
    OptionTexts {
        opt,
        sample_help: help,
        format_error,
        min: min_text(&opt.ty),
        max: max_text(&opt.ty),
        choices,
        deprecated_names,
        deprecated_since: opt.deprecated_since.as_deref().filter(|s| !s.is_empty()),
        reason,
        sample_reason: reason.map(|r| format!("Reason: {r}")),
        has_sample_default: opt.sample_default.as_ref().is_some_and(|s| s.is_truthy()),
        defaults: defaults.unwrap_or_default(),
    }
}

/// The template context: groups in sample order (`DEFAULT`, then by name), namespaces by name,
/// options with advanced ones last, each with the texts oslo composes for it.
pub fn context(catalog: &Catalog, options: &IniOptions) -> Value {
    let groups: Vec<Value> = sample_groups(catalog, options)
        .iter()
        .map(|g| {
            let namespaces: Vec<Value> = g
                .namespaces
                .iter()
                .map(|(ns, opts)| {
                    let opts: Vec<Value> =
                        opts.iter().map(|o| option_json(&option_texts(o, &g.name, options.summarize))).collect();
                    json!({ "name": ns, "options": opts })
                })
                .collect();
            json!({
                "name": g.name,
                "title": g.declaration.and_then(|d| d.title.as_deref()),
                "help": group_help(g),
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

fn option_json(t: &OptionTexts) -> Value {
    let opt = t.opt;
    json!({
        "name": opt.name,
        "dest": opt.dest,
        "type_name": opt.ty.type_name,
        "help": opt.help,
        "sample_help": t.sample_help.as_ref().ok(),
        "format_error": t.format_error,
        "min": t.min,
        "max": t.max,
        "choices": t.choices.iter().map(|(text, description, sample_text)| json!({ "text": text, "description": description, "sample_text": sample_text })).collect::<Vec<_>>(),
        "mutable": opt.mutable,
        "advanced": opt.advanced,
        "required": opt.required,
        "deprecated_names": t.deprecated_names.iter().map(|(group, name)| json!({ "group": group, "name": name })).collect::<Vec<_>>(),
        "deprecated_for_removal": opt.deprecated_for_removal,
        "deprecated_since": t.deprecated_since,
        "deprecated_reason": t.reason,
        "sample_reason": t.sample_reason,
        "has_sample_default": t.has_sample_default,
        "defaults": t.defaults,
    })
}

/// What the embedded ini.hbs and ini-option.hbs write, without the template engine.
///
/// One thread: writing the sample in parallel (one thread per core, runs of whole groups) was
/// no faster, even at 100,000 options, and cost a second allocator arena's page faults
/// (docs/performance.md).
pub fn write_native(catalog: &Catalog, options: &IniOptions) -> String {
    let groups = sample_groups(catalog, options);
    // Sized up front from the help texts (an option's help plus about 256 bytes of comments
    // and setting lines): growing the string by doubling would copy a large sample several
    // times.
    let estimate: usize = groups
        .iter()
        .flat_map(|g| &g.namespaces)
        .flat_map(|(_, opts)| opts)
        .map(|o| o.help.as_ref().map_or(0, String::len) + 256)
        .sum();
    let mut out = String::with_capacity(estimate + groups.len() * 256);
    write_groups(&groups, options, &mut out);
    out
}

/// Writes the sample's groups, a blank line pair between two.
fn write_groups(groups: &[SampleGroup], options: &IniOptions, out: &mut String) {
    let width = options.wrap_width;
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        out.push('[');
        out.push_str(&g.name);
        out.push_str("]\n");
        if let Some(help) = group_help(g) {
            lines::comment(help, width, out);
        }
        for (ns, opts) in &g.namespaces {
            out.push_str("\n#\n# From ");
            out.push_str(ns);
            out.push_str("\n#\n");
            for opt in opts {
                out.push('\n');
                write_option(&option_texts(opt, &g.name, options.summarize), options, out);
            }
        }
    }
}

fn write_option(t: &OptionTexts, options: &IniOptions, out: &mut String) {
    let width = options.wrap_width;
    let opt = t.opt;
    let help = match (&t.format_error, &t.sample_help) {
        (None, Ok(help)) => help,
        (error, _) => {
            out.push_str("# Warning: Failed to format sample for ");
            out.push_str(&opt.dest);
            out.push_str("\n# ");
            out.push_str(error.as_deref().unwrap_or_default());
            out.push('\n');
            return;
        }
    };
    lines::comment(help, width, out);
    if let Some(min) = t.min.as_deref().filter(|m| !m.is_empty()) {
        out.push_str("# Minimum value: ");
        out.push_str(min);
        out.push('\n');
    }
    if let Some(max) = t.max.as_deref().filter(|m| !m.is_empty()) {
        out.push_str("# Maximum value: ");
        out.push_str(max);
        out.push('\n');
    }
    if !t.choices.is_empty() {
        out.push_str("# Possible values:\n");
        for (_, _, sample_text) in &t.choices {
            lines::comment(sample_text, width, out);
        }
    }
    if opt.mutable {
        out.push_str("# Note: This option can be changed without restarting.\n");
    }
    for (group, name) in &t.deprecated_names {
        out.push_str("# Deprecated group/name - [");
        out.push_str(group);
        out.push_str("]/");
        out.push_str(name);
        out.push('\n');
    }
    if opt.deprecated_for_removal {
        match t.deprecated_since {
            Some(since) => {
                out.push_str("# This option is deprecated for removal since ");
                out.push_str(since);
                out.push_str(".\n");
            }
            None => out.push_str("# This option is deprecated for removal.\n"),
        }
        out.push_str("# Its value may be silently ignored in the future.\n");
        if let Some(reason) = &t.sample_reason {
            lines::comment(reason, width, out);
        }
    }
    if opt.advanced {
        out.push_str("# Advanced Option: intended for advanced users and not used\n# by the majority of users, and might have a significant\n# effect on stability and/or performance.\n");
    }
    if t.has_sample_default {
        out.push_str("#\n# This option has a sample default set, which means that\n# its actual default value may vary from the one documented\n# below.\n");
    }
    lines::setting(&opt.dest, t.defaults.iter().map(String::as_str), options.minimal, out);
}
