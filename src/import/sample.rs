//! `import --sample`: what oslo's INI sample shows that its machine-readable data loses (a
//! list's `bounds`, an old name equal to the option's own, a custom type's formatted
//! default, an integer's worded bounds), read back from a sample written with the same
//! namespaces.

use crate::oslo::format::format_defaults;
use crate::spec::model::{Opt, TypeKind};
use serde_yaml::Value;
use std::collections::HashMap;

/// What the sample shows of one option.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shown {
    /// `# Deprecated group/name - [group]/name` lines, as (group, name).
    old_names: Vec<(String, String)>,
    /// The text after `#dest = `, one per line (several for a multi-valued option).
    defaults: Vec<String>,
    /// `# Minimum value: ...` and `# Maximum value: ...`.
    min: Option<String>,
    max: Option<String>,
}

/// The options of a sample, by (section, dest).
#[derive(Debug, Default)]
pub struct Sample {
    options: HashMap<(String, String), Shown>,
}

/// What the sample gave back, for the report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Recovered {
    pub bounds: usize,
    pub old_names: usize,
    pub default_texts: usize,
    pub sample_bounds: usize,
}

impl Recovered {
    pub fn total(&self) -> usize {
        self.bounds + self.old_names + self.default_texts + self.sample_bounds
    }
}

impl Sample {
    /// Reads the sample's sections, old-name lines and `#dest = default` lines; help and
    /// every other comment is skipped.
    pub fn parse(text: &str) -> Sample {
        let mut sample = Sample::default();
        let mut section = String::new();
        let mut old_names = Vec::new();
        let (mut min, mut max) = (None, None);
        let mut last: Option<(String, String)> = None;
        for line in text.lines() {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.to_owned();
                last = None;
            } else if let Some(rest) = line.strip_prefix("# Deprecated group/name - [") {
                if let Some((group, name)) = rest.split_once("]/") {
                    old_names.push((group.to_owned(), name.to_owned()));
                }
            } else if let Some(text) = line.strip_prefix("# Minimum value: ") {
                min = Some(text.to_owned());
            } else if let Some(text) = line.strip_prefix("# Maximum value: ") {
                max = Some(text.to_owned());
            } else if let Some((dest, default)) = option_line(line) {
                let key = (section.clone(), dest.to_owned());
                // A multi-valued option's further lines follow its first with no old names.
                if last.as_ref() == Some(&key) && old_names.is_empty() {
                    if let Some(shown) = sample.options.get_mut(&key) {
                        shown.defaults.push(default.to_owned());
                    }
                    continue;
                }
                let shown = Shown {
                    old_names: std::mem::take(&mut old_names),
                    defaults: vec![default.to_owned()],
                    min: min.take(),
                    max: max.take(),
                };
                sample.options.entry(key.clone()).or_insert(shown);
                last = Some(key);
            } else if line.is_empty() {
                last = None;
            }
        }
        sample
    }

    /// Makes each imported option of `group` (spec entries `entries`, built as `opts`) show
    /// what the sample shows, where one of the facts the data loses explains the difference.
    pub fn recover<P>(&self, group: &str, entries: &mut [(Value, P)], opts: &[Opt], recovered: &mut Recovered) {
        for opt in opts {
            let Some(shown) = self.options.get(&(group.to_owned(), opt.dest.to_string())) else { continue };
            let Some(entry) = entries
                .iter_mut()
                .map(|(e, _)| e)
                .find(|e| e.get("name").and_then(Value::as_str) == Some(opt.name.as_ref()))
                .and_then(Value::as_mapping_mut)
            else {
                continue;
            };
            let ours = format_defaults(&opt.ty, &opt.default, opt.sample_default.as_ref()).ok();
            if ours.as_ref() != Some(&shown.defaults) {
                match &opt.ty.kind {
                    TypeKind::List { bounds: false, .. } if with_bounds(opt).as_ref() == Some(&shown.defaults) => {
                        entry.insert("bounds".into(), true.into());
                        recovered.bounds += 1;
                    }
                    TypeKind::Custom { default_text: None, .. }
                        if shown.defaults.len() == 1 && !opt.default.is_none() =>
                    {
                        entry.insert("default_text".into(), shown.defaults[0].clone().into());
                        recovered.default_texts += 1;
                    }
                    _ => {}
                }
            }
            // An integer's bounds the sample words differently (oslo.config's sample_min/max).
            if let TypeKind::Integer { min: Some(min), max, .. } = &opt.ty.kind {
                for (key, real, shown) in
                    [("sample_min", Some(min), &shown.min), ("sample_max", max.as_ref(), &shown.max)]
                {
                    if let (Some(real), Some(text)) = (real, shown) {
                        if &real.py_str() != text {
                            entry.insert(key.into(), text.clone().into());
                            recovered.sample_bounds += 1;
                        }
                    }
                }
            }
            // A name-less old name in the data was really the option's own name where the
            // sample prints it.
            for (old_group, old_name) in &shown.old_names {
                if old_name != &opt.dest || named(opt, group, old_group, old_name) {
                    continue;
                }
                let Some(Value::Sequence(aliases)) = entry.get_mut("deprecated_opts") else { continue };
                let nameless = aliases.iter_mut().filter_map(Value::as_mapping_mut).find(|a| {
                    a.get("name").is_none() && a.get("group").and_then(Value::as_str).unwrap_or(group) == old_group
                });
                if let Some(alias) = nameless {
                    alias.insert("name".into(), old_name.clone().into());
                    if !alias.contains_key("group") {
                        alias.insert("group".into(), old_group.clone().into());
                    }
                    recovered.old_names += 1;
                }
            }
        }
    }
}

/// `#dest = default`: an option line (help lines start with `# ` or are `#` alone).
fn option_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('#').filter(|r| !r.is_empty() && !r.starts_with([' ', '#']))?;
    match rest.split_once(" = ") {
        Some((dest, default)) if !dest.contains(' ') => Some((dest, default)),
        _ => rest.strip_suffix(" =").filter(|d| !d.contains(' ')).map(|dest| (dest, "")),
    }
}

/// The option's defaults as the sample would show them if the list had `bounds`.
fn with_bounds(opt: &Opt) -> Option<Vec<String>> {
    let mut ty = (*opt.ty).clone();
    if let TypeKind::List { bounds, .. } = &mut ty.kind {
        *bounds = true;
    }
    format_defaults(&ty, &opt.default, opt.sample_default.as_ref()).ok()
}

/// Whether the option already has the named old name `[group]/name`.
fn named(opt: &Opt, group: &str, old_group: &str, old_name: &str) -> bool {
    opt.deprecated_opts
        .iter()
        .any(|d| d.name.as_deref() == Some(old_name) && d.group.as_deref().unwrap_or(group) == old_group)
}
