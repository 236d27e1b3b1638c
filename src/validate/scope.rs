//! Which options each section of a config file holds, as oslo reads that file: the specs'
//! groups, the sections a dynamic group's owner names (cinder's `enabled_backends`), and the
//! options a selecting value brings in (keystoneauth's `auth_type`, a driver's options), read
//! from the section `auth_section` points at when it is set.

use super::{section_group, Finding, Level};
use crate::diag::capped;
use crate::hashing::{HashMap, HashSet};
use crate::ini::{IniDoc, Place};
use crate::spec::index::{Live, OptionIndex};
use crate::spec::model::{normalize_group, Catalog, Opt, Selector};
use std::collections::BTreeSet;
use std::sync::Arc;

/// What the file's own values decide about the specs' options, beyond the static index.
#[derive(Default)]
pub struct Scope {
    /// (group, dest) of options the specs list that oslo does not read here, with why.
    pub not_read: HashMap<(String, String), String>,
    /// Groups whose selecting value confspec does not know: what it leaves unchecked there.
    pub unchecked: HashMap<String, String>,
    /// (group, dest) of required options a selection brings in: where the selecting value is,
    /// and the reason.
    pub required_by: HashMap<(String, String), (Place, String)>,
    /// Findings about the selections themselves (an unknown plugin, say).
    pub findings: Vec<Finding>,
    /// (group, key) of every secret option a selection could bring into a section, under each
    /// name oslo reads it by, whatever the selecting value picks: such a key's value is secret
    /// even where it is not read (`password` beside `auth_type = token`).
    pub secret: HashSet<(String, String)>,
    /// The selections the values make, in the order they were resolved: what a starter config
    /// adds to a group (an auth plugin's options).
    pub chosen: Vec<Chosen>,
    /// The selecting values the specs know no options for (a plugin of another library, or
    /// a misspelt one), each with its line (0 for a default).
    pub unknown: Vec<(Chosen, usize)>,
}

/// A selection a value makes: in `section`, `selector`'s option has `value`, which selects
/// `selector.choices[value]`.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub section: String,
    pub selector: Arc<Selector>,
    pub value: String,
}

impl Chosen {
    /// The options the value selects.
    pub fn options(&self) -> &[Opt] {
        self.selector.choices.get(&self.value).map(Vec::as_slice).unwrap_or_default()
    }
}

/// The last value and place of each `[section] key` the files set, by oslo group name (of
/// several files, the last file's: the one oslo reads).
pub struct FileValues<'d> {
    last: HashMap<(String, &'d str), (&'d str, Place)>,
    /// Groups with a section header in the file.
    pub present: HashSet<String>,
}

impl<'d> FileValues<'d> {
    pub fn new(doc: &'d IniDoc) -> Self {
        let mut last = HashMap::default();
        for entry in &doc.entries {
            last.insert((section_group(&entry.section), entry.key.as_str()), (entry.value.as_str(), entry.place()));
        }
        let present = doc.sections.iter().map(|s| section_group(&s.name)).collect();
        FileValues { last, present }
    }

    pub fn get(&self, group: &str, key: &str) -> Option<(&'d str, Place)> {
        self.last.get(&(group.to_owned(), key)).copied()
    }
}

/// The names of the groups a value of `owner` (a comma-separated list) names.
fn named_groups(value: &str) -> impl Iterator<Item = String> + '_ {
    value.split(',').map(str::trim).filter(|n| !n.is_empty()).map(normalize_group)
}

/// Adds to `index` the options the file's values bring into its sections, and returns what
/// the values leave out. `names` holds every group name the file's sections have.
pub fn resolve<'a>(
    catalog: &'a Catalog,
    index: &mut OptionIndex<'a>,
    names: &'a BTreeSet<String>,
    file: &FileValues,
) -> Scope {
    let mut scope = Scope::default();
    let groups: Vec<&crate::spec::model::Group> = catalog.specs.iter().flat_map(|s| &s.groups).collect();

    // Dynamic groups: each section the owner's value names holds the group's options.
    let mut template_of: HashMap<&'a str, Vec<&'a str>> = HashMap::default();
    for group in groups.iter().filter(|g| g.dynamic_group_owner.is_some()) {
        let owner = group.dynamic_group_owner.as_deref().unwrap_or_default();
        let (owner_group, owner_name) = owner.split_once('.').unwrap_or(("DEFAULT", owner));
        let owner_group = normalize_group(owner_group);
        let value = match file.get(&owner_group, owner_name) {
            Some((value, _)) => value.to_owned(),
            None => index.live(&owner_group, owner_name).map(|l| default_text(l.opt)).unwrap_or_default(),
        };
        // Every namespace's options of the group: a spec may declare the group dynamic
        // without listing its options (one that adds what a project's Python does not say).
        let template: Vec<&'a Opt> = index.options_in(&group.name).map(|l| l.opt).collect();
        for instance in named_groups(&value) {
            let Some(name) = names.get(&instance) else { continue };
            template_of.entry(name.as_str()).or_default().push(&group.name);
            for opt in &template {
                index.add(name, opt);
            }
        }
    }

    // Selections, once per (group read from, selecting option). The groups that have
    // selectors, by name, by their place in the catalog: a section takes those of its own
    // group and of the groups it is an instance of, in catalog order.
    let mut selecting: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, group) in groups.iter().enumerate().filter(|(_, g)| !g.selectors.is_empty()) {
        selecting.entry(group.name.as_str()).or_default().push(i);
    }
    let mut done: HashSet<(String, String)> = HashSet::default();
    for section in names {
        let templates = template_of.get(section.as_str()).map(Vec::as_slice).unwrap_or_default();
        let mut places: Vec<usize> = std::iter::once(section.as_str())
            .chain(templates.iter().copied())
            .flat_map(|name| selecting.get(name).into_iter().flatten().copied())
            .collect();
        places.sort_unstable();
        places.dedup();
        let selectors: Vec<&'a Arc<Selector>> = places.iter().flat_map(|&i| &groups[i].selectors).collect();
        for selector in selectors {
            note_secrets(&mut scope, section, selector);
            select(index, names, file, section, selector, &mut done, &mut scope);
        }
    }
    scope
}

/// Applies one selector of `section`.
fn select<'a>(
    index: &mut OptionIndex<'a>,
    names: &'a BTreeSet<String>,
    file: &FileValues,
    section: &'a str,
    shared: &'a Arc<Selector>,
    done: &mut HashSet<(String, String)>,
    scope: &mut Scope,
) {
    let selector: &'a Selector = shared;
    let option = selector.option.as_str();
    let governed: BTreeSet<&str> = selector.choices.values().flatten().map(|o| o.dest.as_ref()).collect();
    // keystoneauth reads the plugin from the section `auth_section` names, when it is set.
    let followed = selector
        .follow
        .as_deref()
        .and_then(|follow| file.get(section, follow).map(|(v, line)| (follow, v.trim(), line)))
        .filter(|(_, v, _)| !v.is_empty() && normalize_group(v) != *section);
    let from: &'a str = match followed {
        Some((follow, target, line)) => {
            let target = normalize_group(target);
            for dest in &governed {
                index.remove(section, dest);
                let target = capped(&target);
                let why = format!("{follow} = {target}, so the {option} plugin's options are read from [{target}]");
                scope.not_read.insert((section.to_owned(), (*dest).to_owned()), why);
            }
            let Some(target_name) = names.get(&target) else {
                let message = format!(
                    "[{}]/{follow} names [{}], which this file does not have: no {option} is set there, so nothing is loaded",
                    capped(section),
                    capped(&target)
                );
                scope.findings.push(finding(line, Level::Warning, section, follow, message));
                return;
            };
            // The section read from takes the selecting options wherever it is declared.
            for dest in [Some(option), selector.follow.as_deref()].into_iter().flatten() {
                if index.live(target_name, dest).is_none() {
                    if let Some(live) = index.live(section, dest) {
                        index.add(target_name, live.opt);
                    }
                }
            }
            target_name.as_str()
        }
        None => section,
    };
    note_secrets(scope, from, selector);
    if !done.insert((from.to_owned(), option.to_owned())) {
        return;
    }
    // Set under its own name, else under an old one (keystoneauth's `auth_plugin`), as oslo
    // reads it.
    let set = file
        .get(from, option)
        .or_else(|| {
            let live = index.live(from, option)?;
            live.opt.old_names(from).find_map(|((group, name), _)| file.get(&group, name))
        })
        .map(|(v, line)| (v.trim(), line));
    let value = match set {
        Some((v, _)) => Some(v.to_owned()),
        None => index.live(from, option).map(|l| default_text(l.opt)).filter(|v| !v.is_empty()),
    };
    // The selecting value as findings quote it (no selecting option is secret, but one could be).
    let secret = index.live(from, option).is_some_and(|l| l.opt.secret);
    let shown = |v: &str| if secret { crate::diag::MASK.to_owned() } else { capped(v).into_owned() };
    let chosen: Option<&'a Vec<Opt>> = value.as_deref().and_then(|v| selector.choices.get(v));
    let chosen_dests: HashSet<&str> = chosen.into_iter().flatten().map(|o| o.dest.as_ref()).collect();
    // Another plugin's option can be an old name of the chosen plugin's (v2password's
    // `tenant_name`, password's `project_name`): read, under its new name.
    let chosen_old_names: HashSet<&str> = chosen
        .into_iter()
        .flatten()
        .flat_map(|o| o.old_names(from))
        .filter(|((group, _), _)| group == from)
        .map(|((_, name), _)| name)
        .collect();
    for dest in governed.iter().filter(|d| !chosen_dests.contains(**d)) {
        index.remove(from, dest);
        if chosen_old_names.contains(*dest) {
            continue;
        }
        let why = match &value {
            None => format!("[{}] sets no {option}, so no {option} reads it", capped(from)),
            Some(v) => format!("{option} = {} does not read it", shown(v)),
        };
        scope.not_read.insert((from.to_owned(), (*dest).to_owned()), why);
    }
    match (chosen, value) {
        (Some(opts), Some(v)) => {
            scope.chosen.push(Chosen { section: from.to_owned(), selector: Arc::clone(shared), value: v.clone() });
            let place = set.map(|(_, place)| place).unwrap_or_default();
            for opt in opts {
                index.replace(from, opt);
                scope
                    .required_by
                    .insert((from.to_owned(), opt.dest.to_string()), (place, format!("{option} = {v} reads it")));
            }
        }
        (None, Some(v)) if !selector.exhaustive => {
            let known: Vec<&str> = selector.choices.keys().map(String::as_str).collect();
            let best = crate::suggest::closest(&v, known.iter().copied());
            let hint = best.map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
            let message = format!(
                "[{}]/{option}: the specs do not know {} ({hint}they know {}); the options it reads were not checked",
                capped(from),
                crate::diag::quoted(&v, secret),
                known.join(", ")
            );
            let place = set.map(|(_, place)| place);
            // A near miss of a known plugin is a typo the service fails to start on
            // (keystoneauth's NoMatchingPlugin); another name may be a plugin of a package the
            // specs do not describe.
            let severity = if best.is_some() { Level::Error } else { Level::Warning };
            scope.findings.push(Finding {
                file: place.map(|p| p.file),
                line: place.map(|p| p.line),
                severity,
                group: Some(from.to_owned()),
                option: Some(option.to_owned()),
                message,
            });
            let chosen = Chosen { section: from.to_owned(), selector: Arc::clone(shared), value: v.clone() };
            scope.unknown.push((chosen, set.map_or(0, |(_, place)| place.line)));
            scope.unchecked.insert(from.to_owned(), v);
        }
        _ => {}
    }
}

/// Records the keys of `group` that name a secret option some value of `selector` selects.
fn note_secrets(scope: &mut Scope, group: &str, selector: &Selector) {
    for opt in selector.choices.values().flatten().filter(|o| o.secret) {
        scope.secret.insert((group.to_owned(), opt.dest.to_string()));
        for ((old_group, old), _) in opt.old_names(group) {
            scope.secret.insert((old_group, old.to_owned()));
        }
    }
}

fn finding(place: Place, severity: Level, group: &str, option: &str, message: String) -> Finding {
    Finding {
        file: Some(place.file),
        line: Some(place.line),
        severity,
        group: Some(group.to_owned()),
        option: Some(option.to_owned()),
        message,
    }
}

/// An option's default as a config file would spell it: a list's items joined with commas.
fn default_text(opt: &Opt) -> String {
    use crate::oslo::pyvalue::PyValue;
    match &opt.default {
        PyValue::None => String::new(),
        PyValue::List(items) => items.iter().map(PyValue::py_str).collect::<Vec<_>>().join(","),
        other => other.py_str(),
    }
}

impl<'a> OptionIndex<'a> {
    /// Adds `opt` to `group` unless the group has an option of that dest, with its old names.
    fn add(&mut self, group: &'a str, opt: &'a Opt) {
        if self.live(group, &opt.dest).is_none() {
            self.replace(group, opt);
        }
    }

    /// Makes `opt` the option of its dest in `group`, with its old names.
    fn replace(&mut self, group: &'a str, opt: &'a Opt) {
        let live = Live { group, opt };
        self.put(group, opt);
        for ((old_group, old), _) in opt.old_names(group) {
            self.aliases.entry((old_group, old.to_owned())).or_insert(live);
        }
    }

    /// Takes the option of `dest` out of `group`; whether there was one.
    fn remove(&mut self, group: &'a str, dest: &'a str) -> bool {
        self.take_out(group, dest)
    }
}
