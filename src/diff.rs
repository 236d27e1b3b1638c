//! `confspec diff OLD NEW`: the configuration release note between two versions of specs.

use crate::diag::{Error, Result};
use crate::oslo::format::{choice_text, format_defaults, max_text, min_text};
use crate::render::mdtext::{code, escape};
use crate::render::Engine;
use crate::spec::index::{Live, OptionIndex};
use crate::spec::model::{Catalog, Opt};
use crate::spec::Loader;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// The spec files a diff side names: the file itself, or every `*.yaml` directly in a folder
/// (sorted; option sets live in `sets/` and are not specs).
pub fn spec_files(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Error::io(path.display(), &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Usage(format!("{}: the folder holds no spec (*.yaml)", path.display())));
    }
    Ok(files)
}

pub fn load_side(path: &Path) -> Result<Catalog> {
    Loader::new().load_catalog(&spec_files(path)?)
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    /// `[group]/dest`
    pub option: String,
    /// What changed, in words, or null for plain additions and removals.
    pub detail: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct SpecDiff {
    pub added: Vec<Item>,
    pub removed: Vec<Item>,
    pub renamed: Vec<Item>,
    pub deprecated_for_removal: Vec<Item>,
    pub no_longer_deprecated: Vec<Item>,
    pub default_changed: Vec<Item>,
    pub type_changed: Vec<Item>,
    pub bounds_changed: Vec<Item>,
    pub choices_changed: Vec<Item>,
    pub aliases_added: Vec<Item>,
    pub aliases_dropped: Vec<Item>,
}

impl SpecDiff {
    pub fn is_empty(&self) -> bool {
        self.sections().iter().all(|(_, _, items)| items.is_empty())
    }

    /// (key, title, items) in the order the release note lists them.
    pub fn sections(&self) -> Vec<(&'static str, &'static str, &Vec<Item>)> {
        vec![
            ("added", "Added options", &self.added),
            ("removed", "Removed options", &self.removed),
            ("renamed", "Renamed options", &self.renamed),
            ("deprecated_for_removal", "Deprecated for removal", &self.deprecated_for_removal),
            ("no_longer_deprecated", "No longer deprecated for removal", &self.no_longer_deprecated),
            ("default_changed", "Defaults changed", &self.default_changed),
            ("type_changed", "Types changed", &self.type_changed),
            ("bounds_changed", "Bounds changed", &self.bounds_changed),
            ("choices_changed", "Choices changed", &self.choices_changed),
            ("aliases_added", "Deprecated names added", &self.aliases_added),
            ("aliases_dropped", "Deprecated names dropped (upgrade hazard)", &self.aliases_dropped),
        ]
    }
}

fn name(live: &Live) -> String {
    format!("[{}]/{}", live.group, live.opt.dest)
}

fn defaults_text(opt: &Opt) -> String {
    match format_defaults(&opt.ty, &opt.default, None) {
        Ok(values) => values.join("\n"),
        Err(_) => opt.default.py_str(),
    }
}

fn item(option: String, detail: Option<String>, old: Option<String>, new: Option<String>) -> Item {
    Item { option, detail, old, new }
}

pub fn diff(old: &Catalog, new: &Catalog) -> SpecDiff {
    let (old_index, new_index) = (OptionIndex::new(old), OptionIndex::new(new));
    let mut out = SpecDiff::default();
    let all = |index: &OptionIndex<'_>| -> Vec<(String, String)> {
        index.all().map(|live| (live.group.to_owned(), live.opt.dest.to_string())).collect()
    };

    for (group, dest) in all(&new_index) {
        let n = new_index.live(&group, &dest).unwrap();
        match old_index.live(&group, &dest) {
            Some(o) => compare(&o, &n, &mut out),
            None => {
                // A new option whose old name was a live option is a rename, listed below.
                let renamed = n.opt.deprecated_opts.iter().any(|a| {
                    let (g, d) = a.resolve(&group, n.opt);
                    old_index.live(&g, d).is_some() && new_index.live(&g, d).is_none()
                });
                if !renamed {
                    let detail = format!("{}, default {}", n.opt.ty.type_name, defaults_text(n.opt));
                    out.added.push(item(name(&n), Some(detail), None, None));
                }
            }
        }
    }
    for (group, dest) in all(&old_index) {
        let o = old_index.live(&group, &dest).unwrap();
        if new_index.live(&group, &dest).is_some() {
            continue;
        }
        match new_index.alias(&group, &dest) {
            Some(n) => out.renamed.push(item(name(&o), None, Some(name(&o)), Some(name(&n)))),
            None => out.removed.push(item(
                name(&o),
                Some("config files that still set it are silently ignored".into()),
                None,
                None,
            )),
        }
    }
    // Old names: added ones (that were not live options before: those are renames) and dropped ones.
    let alias_set = |index: &OptionIndex<'_>| -> BTreeSet<(String, String, String)> {
        index.aliases.iter().map(|((g, n), live)| (format!("[{g}]/{n}"), g.clone(), name(live))).collect()
    };
    let (old_aliases, new_aliases) = (alias_set(&old_index), alias_set(&new_index));
    let names = |aliases: &BTreeSet<(String, String, String)>| -> HashSet<String> {
        aliases.iter().map(|(name, _, _)| name.clone()).collect()
    };
    let (old_names, new_names) = (names(&old_aliases), names(&new_aliases));
    for (old_name, group, target) in &new_aliases {
        let key = old_name.rsplit('/').next().unwrap_or_default();
        if old_names.contains(old_name) || old_index.live(group, key).is_some() {
            continue;
        }
        out.aliases_added.push(item(old_name.clone(), None, Some(old_name.clone()), Some(target.clone())));
    }
    for (old_name, group, target) in &old_aliases {
        if new_names.contains(old_name) {
            continue;
        }
        let key = old_name.rsplit('/').next().unwrap_or_default();
        if new_index.live(group, key).is_some() {
            continue; // the old name is a live option again
        }
        let detail = "config files still using the old name stop working silently".to_owned();
        out.aliases_dropped.push(item(old_name.clone(), Some(detail), Some(old_name.clone()), Some(target.clone())));
    }
    for list in [
        &mut out.added,
        &mut out.removed,
        &mut out.renamed,
        &mut out.deprecated_for_removal,
        &mut out.no_longer_deprecated,
        &mut out.default_changed,
        &mut out.type_changed,
        &mut out.bounds_changed,
        &mut out.choices_changed,
        &mut out.aliases_added,
        &mut out.aliases_dropped,
    ] {
        list.sort();
    }
    out
}

fn compare(o: &Live, n: &Live, out: &mut SpecDiff) {
    let option = name(n);
    if !o.opt.deprecated_for_removal && n.opt.deprecated_for_removal {
        let since = n.opt.deprecated_since.as_deref().map(|s| format!("since {s}"));
        let reason = n.opt.reason_one_line();
        let detail = [since, reason].into_iter().flatten().collect::<Vec<_>>().join(": ");
        out.deprecated_for_removal.push(item(option.clone(), (!detail.is_empty()).then_some(detail), None, None));
    }
    if o.opt.deprecated_for_removal && !n.opt.deprecated_for_removal {
        out.no_longer_deprecated.push(item(option.clone(), None, None, None));
    }
    let (od, nd) = (defaults_text(o.opt), defaults_text(n.opt));
    if od != nd {
        out.default_changed.push(item(option.clone(), None, Some(od), Some(nd)));
    }
    if o.opt.ty.type_name != n.opt.ty.type_name || o.opt.ty.kind.spec_name() != n.opt.ty.kind.spec_name() {
        out.type_changed.push(item(
            option.clone(),
            None,
            Some(o.opt.ty.type_name.to_string()),
            Some(n.opt.ty.type_name.to_string()),
        ));
    }
    let bound = |label: &str, a: Option<String>, b: Option<String>| {
        (a != b)
            .then(|| format!("{label} {} → {}", a.unwrap_or_else(|| "none".into()), b.unwrap_or_else(|| "none".into())))
    };
    let bounds: Vec<String> = [
        bound("minimum", min_text(&o.opt.ty), min_text(&n.opt.ty)),
        bound("maximum", max_text(&o.opt.ty), max_text(&n.opt.ty)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !bounds.is_empty() {
        out.bounds_changed.push(item(option.clone(), Some(bounds.join("; ")), None, None));
    }
    let choices = |opt: &Opt| -> Vec<String> {
        opt.ty.kind.choices().unwrap_or_default().iter().map(|c| choice_text(&c.value)).collect()
    };
    let (oc, nc) = (choices(o.opt), choices(n.opt));
    if oc != nc {
        let added: Vec<&String> = nc.iter().filter(|c| !oc.contains(c)).collect();
        let removed: Vec<&String> = oc.iter().filter(|c| !nc.contains(c)).collect();
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("added {}", added.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")));
        }
        if !removed.is_empty() {
            parts.push(format!(
                "removed {} (config files using them stop validating)",
                removed.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        if parts.is_empty() {
            parts.push("reordered".into());
        }
        out.choices_changed.push(item(option, Some(parts.join("; ")), None, None));
    }
}

pub fn render_markdown(engine: &Engine, diff: &SpecDiff, old: &str, new: &str) -> Result<String> {
    /// What diff-markdown.hbs renders: every text is Markdown already.
    #[derive(Serialize)]
    struct Note<'a> {
        old_md: String,
        new_md: String,
        sections: Vec<Section<'a>>,
    }
    #[derive(Serialize)]
    struct Section<'a> {
        key: &'a str,
        title: &'a str,
        items_md: Vec<String>,
    }
    let sections: Vec<Section> = diff
        .sections()
        .into_iter()
        .filter(|(_, _, items)| !items.is_empty())
        .map(|(key, title, items)| {
            let lines: Vec<String> = items
                .iter()
                .map(|i| {
                    let mut line = code(&i.option);
                    match (&i.old, &i.new) {
                        (Some(a), Some(b)) if key == "default_changed" || key == "type_changed" => {
                            line.push_str(&format!(": {} -> {}", code(a), code(b)))
                        }
                        (Some(_), Some(b)) => line.push_str(&format!(" -> {}", code(b))),
                        _ => {}
                    }
                    if let Some(detail) = &i.detail {
                        line.push_str(&format!(": {}", escape(detail)));
                    }
                    line
                })
                .collect();
            Section { key, title, items_md: lines }
        })
        .collect();
    engine.render("diff-markdown", &Note { old_md: code(old), new_md: code(new), sections })
}

pub fn render_json(diff: &SpecDiff, old: &str, new: &str) -> String {
    let mut value = serde_json::to_value(diff).expect("a diff serializes");
    value["old"] = json!(old);
    value["new"] = json!(new);
    serde_json::to_string_pretty(&value).expect("a diff serializes") + "\n"
}
