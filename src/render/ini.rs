//! The sample config file (`--format ini`), byte for byte what oslo-config-generator writes.
//!
//! `sample` computes every text oslo composes (in `OptionTexts`); `templates/ini.hbs` and
//! `ini-option.hbs` lay them out. With the embedded templates the layout is written natively
//! (`write_native`), which is what they say without handlebars' cost on large specs
//! (docs/performance.md); a test renders every golden and fixture both ways and compares.

use super::engine::Layout;
use super::Engine;
use crate::diag::Result;
use crate::oslo::format::{choice_text, format_defaults, max_text, min_text};
use crate::oslo::groups::generator_groups;
use crate::oslo::lines;
use crate::spec::model::{Catalog, Group, Opt};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::collections::{HashMap, HashSet};

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

/// What a starter config adds to the sample (`generate --set`): each option set written
/// uncommented with its values in place of its commented default, the options a value selects
/// (an auth plugin's) added to its group, and the sections the sample lacks (a dynamic
/// group's) holding the options set there. With `--minimal`, the options set join the
/// required ones, and a required option left unset stays commented (`#name = <None>`): left
/// uncommented, as oslo's minimal sample has it, it would set the text `<None>`.
#[derive(Debug, Clone, Default)]
pub struct Filled<'a> {
    /// The options given values: (group or section, option, the config-file texts written
    /// after `dest =`, one line each).
    pub settings: Vec<(&'a str, &'a Opt, &'a [String])>,
    /// Options a value selects, by group.
    pub selected: Vec<Selected<'a>>,
}

/// Options that a value of `after[0]` selects in `group`: written after the last of `after`
/// in the group's list, in their own order; those the group lists already stay in place.
#[derive(Debug, Clone)]
pub struct Selected<'a> {
    pub group: &'a str,
    /// The selecting option's dest, and the one that names another section to read it from.
    pub after: Vec<&'a str>,
    pub options: &'a [Opt],
}

pub fn render(engine: &Engine, catalog: &Catalog, options: &IniOptions) -> Result<String> {
    engine.render_layout(&Sample::new(catalog, options, None))
}

/// The sample with the values of a starter config filled in.
pub fn render_filled(engine: &Engine, catalog: &Catalog, options: &IniOptions, filled: &Filled) -> Result<String> {
    engine.render_layout(&Sample::new(catalog, options, Some(filled)))
}

/// Through the handlebars templates, whatever they are.
pub fn render_with_templates(engine: &Engine, catalog: &Catalog, options: &IniOptions) -> Result<String> {
    engine.render_templates(&Sample::new(catalog, options, None))
}

/// `render_filled` through the handlebars templates, whatever they are.
pub fn render_filled_with_templates(
    engine: &Engine,
    catalog: &Catalog,
    options: &IniOptions,
    filled: &Filled,
) -> Result<String> {
    engine.render_templates(&Sample::new(catalog, options, Some(filled)))
}

/// What the embedded ini.hbs and ini-option.hbs write, without the template engine.
pub fn write_native(catalog: &Catalog, options: &IniOptions) -> String {
    Sample::new(catalog, options, None).write_native()
}

/// `write_native` with the values of a starter config filled in.
pub fn write_native_filled(catalog: &Catalog, options: &IniOptions, filled: &Filled) -> String {
    Sample::new(catalog, options, Some(filled)).write_native()
}

/// The sample's context, what `ini.hbs` renders: the flags and the groups in sample order
/// (`DEFAULT`, then by name). Each option's texts (`OptionTexts`, the context of
/// `ini-option.hbs`) are computed as it is written or serialised, not kept for the whole sample.
pub struct Sample<'a> {
    options: IniOptions,
    groups: Vec<SampleGroup<'a>>,
    /// The values set, by (group, dest): empty for oslo's own sample.
    values: HashMap<(&'a str, &'a str), &'a [String]>,
    /// Whether a default is written uncommented: oslo's minimal sample, not a starter config.
    uncomment_defaults: bool,
}

/// A group of the sample: its declaration and its options namespace by namespace, in sample
/// order (namespaces by name, advanced options last, only required ones when minimal). A
/// section the specs lack (a starter config's dynamic group) has one list, under no namespace
/// (`""`).
struct SampleGroup<'a> {
    name: String,
    declaration: Option<&'a Group>,
    namespaces: Vec<(&'a str, Vec<&'a Opt>)>,
}

impl<'a> Sample<'a> {
    pub fn new(catalog: &'a Catalog, options: &IniOptions, filled: Option<&Filled<'a>>) -> Self {
        let values: HashMap<(&'a str, &'a str), &'a [String]> = filled
            .into_iter()
            .flat_map(|f| &f.settings)
            .map(|(group, opt, texts)| ((*group, opt.dest.as_ref()), *texts))
            .collect();
        let groups = sample_groups(catalog, options, filled, &values);
        Sample { options: *options, groups, uncomment_defaults: options.minimal && filled.is_none(), values }
    }

    /// The values set for `dest` of `group` (none for an option not set).
    fn values_of(&self, group: &str, dest: &str) -> &'a [String] {
        if self.values.is_empty() {
            return &[];
        }
        self.values.get(&(group, dest)).copied().unwrap_or_default()
    }
}

impl Layout for Sample<'_> {
    const TEMPLATES: &'static [&'static str] = &["ini.hbs", "ini-option.hbs"];

    fn write_native(&self) -> String {
        // Sized up front from the help texts (an option's help plus about 256 bytes of
        // comments and setting lines): growing the string by doubling copies it several times.
        let estimate: usize = self
            .groups
            .iter()
            .flat_map(|g| &g.namespaces)
            .flat_map(|(_, opts)| opts)
            .map(|o| o.help.as_ref().map_or(0, |h| h.len()) + 256)
            .sum();
        let mut out = String::with_capacity(estimate + self.groups.len() * 256);
        write_groups(self, &mut out);
        out
    }
}

impl Serialize for Sample<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Sample", 5)?;
        st.serialize_field("wrap_width", &self.options.wrap_width)?;
        st.serialize_field("minimal", &self.options.minimal)?;
        st.serialize_field("uncomment_defaults", &self.uncomment_defaults)?;
        st.serialize_field("summarize", &self.options.summarize)?;
        let groups: Vec<GroupContext> = self.groups.iter().map(|g| GroupContext { group: g, sample: self }).collect();
        st.serialize_field("groups", &groups)?;
        st.end()
    }
}

/// A group as `ini.hbs` sees it: name, title, help and namespaces of options.
struct GroupContext<'g, 'a> {
    group: &'g SampleGroup<'a>,
    sample: &'g Sample<'a>,
}

impl Serialize for GroupContext<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        struct Namespace<'n, 'a> {
            name: &'a str,
            group: &'n str,
            options: &'n [&'a Opt],
            sample: &'n Sample<'a>,
        }
        impl Serialize for Namespace<'_, '_> {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                let mut st = s.serialize_struct("Namespace", 2)?;
                st.serialize_field("name", self.name)?;
                let summarize = self.sample.options.summarize;
                let texts: Vec<OptionTexts> = self
                    .options
                    .iter()
                    .map(|o| OptionTexts {
                        values: self.sample.values_of(self.group, &o.dest),
                        ..option_texts(o, self.group, summarize)
                    })
                    .collect();
                st.serialize_field("options", &texts)?;
                st.end()
            }
        }
        let g = self.group;
        let mut st = s.serialize_struct("Group", 4)?;
        st.serialize_field("name", &g.name)?;
        st.serialize_field("title", &g.declaration.and_then(|d| d.title.as_deref()))?;
        st.serialize_field("help", &group_help(g))?;
        let namespaces: Vec<Namespace> = g
            .namespaces
            .iter()
            .map(|(name, options)| Namespace { name, group: &g.name, options, sample: self.sample })
            .collect();
        st.serialize_field("namespaces", &namespaces)?;
        st.end()
    }
}

fn sample_groups<'a>(
    catalog: &'a Catalog,
    options: &IniOptions,
    filled: Option<&Filled<'a>>,
    values: &HashMap<(&'a str, &'a str), &'a [String]>,
) -> Vec<SampleGroup<'a>> {
    let mut groups: Vec<SampleGroup<'a>> = generator_groups(catalog)
        .into_iter()
        .map(|g| SampleGroup { name: g.name, declaration: g.declaration, namespaces: g.namespaces })
        .collect();
    if let Some(filled) = filled {
        add_filled(&mut groups, filled);
    }
    let default = groups.remove(0);
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    groups.insert(0, default);
    for g in &mut groups {
        g.namespaces.sort_by(|a, b| a.0.cmp(b.0));
        for (_, opts) in &mut g.namespaces {
            opts.sort_by_key(|o| o.advanced);
            if options.minimal {
                opts.retain(|o| o.required || values.contains_key(&(g.name.as_ref(), o.dest.as_ref())));
            }
        }
        // The compact starter config: no banner over nothing (oslo's minimal sample keeps them).
        if options.minimal && filled.is_some() {
            g.namespaces.retain(|(_, opts)| !opts.is_empty());
        }
    }
    groups
}

/// Adds to the sample's groups what a starter config brings: the sections it lacks, with the
/// options set there, and the options the values select.
fn add_filled<'a>(groups: &mut Vec<SampleGroup<'a>>, filled: &Filled<'a>) {
    let mut place: HashMap<String, usize> = groups.iter().enumerate().map(|(i, g)| (g.name.clone(), i)).collect();
    let sample_groups = groups.len();
    for (group, opt, _) in &filled.settings {
        let at = *place.entry((*group).to_owned()).or_insert_with(|| {
            groups.push(SampleGroup {
                name: (*group).to_owned(),
                declaration: None,
                namespaces: vec![("", Vec::new())],
            });
            groups.len() - 1
        });
        if at >= sample_groups {
            groups[at].namespaces[0].1.push(opt);
        }
    }
    for selected in &filled.selected {
        let Some(&at) = place.get(selected.group) else { continue };
        let group = &mut groups[at];
        let listed: HashSet<&str> =
            group.namespaces.iter().flat_map(|(_, opts)| opts).map(|o| o.dest.as_ref()).collect();
        let new: Vec<&'a Opt> = selected.options.iter().filter(|o| !listed.contains(o.dest.as_ref())).collect();
        if new.is_empty() {
            continue;
        }
        // After the last of the selecting options in the list that holds one; else at the
        // end of the first list.
        let found = group.namespaces.iter().enumerate().find_map(|(n, (_, opts))| {
            opts.iter().rposition(|o| selected.after.contains(&o.dest.as_ref())).map(|i| (n, i + 1))
        });
        if group.namespaces.is_empty() {
            group.namespaces.push(("", Vec::new()));
        }
        let (n, i) = found.unwrap_or((0, group.namespaces[0].1.len()));
        group.namespaces[n].1.splice(i..i, new);
    }
}

fn group_help<'a>(g: &SampleGroup<'a>) -> Option<&'a str> {
    g.declaration.and_then(|d| d.help.as_deref()).filter(|h| !h.is_empty())
}

/// Every text oslo composes for one option of the sample: the context of `ini-option.hbs`.
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
    /// The values a starter config sets, as config-file texts (none: the default, commented).
    pub values: &'a [String],
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
                // `help.split('\n\n')`: the first paragraph, and whether there is another.
                // Found from the `\n`s (a fast byte search), not with a substring searcher.
                let end = h.match_indices('\n').map(|(i, _)| i).find(|&i| h.as_bytes().get(i + 1) == Some(&b'\n'));
                let first = end.map_or(h, |i| &h[..i]);
                (first.trim_end_matches(':').trim_end_matches('.'), end.is_some())
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
        values: &[],
    }
}

/// Writes the sample's groups, a blank line pair between two.
fn write_groups(sample: &Sample, out: &mut String) {
    let options = &sample.options;
    let width = options.wrap_width;
    for (i, g) in sample.groups.iter().enumerate() {
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
            if !ns.is_empty() {
                out.push_str("\n#\n# From ");
                out.push_str(ns);
                out.push_str("\n#\n");
            }
            for opt in opts {
                out.push('\n');
                let texts = OptionTexts {
                    values: sample.values_of(&g.name, &opt.dest),
                    ..option_texts(opt, &g.name, options.summarize)
                };
                write_option(&texts, sample.uncomment_defaults, width, out);
            }
        }
    }
}

impl Serialize for OptionTexts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Choice<'c> {
            text: &'c str,
            description: Option<&'c str>,
            sample_text: &'c str,
        }
        #[derive(serde::Serialize)]
        struct OldName<'c> {
            group: &'c str,
            name: &'c str,
        }
        let opt = self.opt;
        let mut st = s.serialize_struct("Option", 20)?;
        st.serialize_field("name", &opt.name)?;
        st.serialize_field("dest", &opt.dest)?;
        st.serialize_field("type_name", &opt.ty.type_name)?;
        st.serialize_field("help", &opt.help)?;
        st.serialize_field("sample_help", &self.sample_help.as_ref().ok())?;
        st.serialize_field("format_error", &self.format_error)?;
        st.serialize_field("min", &self.min)?;
        st.serialize_field("max", &self.max)?;
        let choices: Vec<Choice> = self
            .choices
            .iter()
            .map(|(text, description, sample_text)| Choice { text, description: *description, sample_text })
            .collect();
        st.serialize_field("choices", &choices)?;
        st.serialize_field("mutable", &opt.mutable)?;
        st.serialize_field("advanced", &opt.advanced)?;
        st.serialize_field("required", &opt.required)?;
        let old: Vec<OldName> = self.deprecated_names.iter().map(|(group, name)| OldName { group, name }).collect();
        st.serialize_field("deprecated_names", &old)?;
        st.serialize_field("deprecated_for_removal", &opt.deprecated_for_removal)?;
        st.serialize_field("deprecated_since", &self.deprecated_since)?;
        st.serialize_field("deprecated_reason", &self.reason)?;
        st.serialize_field("sample_reason", &self.sample_reason)?;
        st.serialize_field("has_sample_default", &self.has_sample_default)?;
        st.serialize_field("defaults", &self.defaults)?;
        st.serialize_field("values", &self.values)?;
        st.end()
    }
}

fn write_option(t: &OptionTexts, uncomment_defaults: bool, width: usize, out: &mut String) {
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
    if t.values.is_empty() {
        lines::setting(&opt.dest, t.defaults.iter().map(String::as_str), uncomment_defaults, out);
    } else {
        crate::ini::write::setting_lines(&opt.dest, t.values.iter().map(String::as_str), out);
    }
}
