//! `confspec validate`: an operator's config file checked against specs, the way oslo.config
//! would read it (oslo's INI dialect, group names normalised, options by dest, old names
//! resolved) and with oslo's value checks for each type.

use crate::diag::capped;
use crate::hashing::{HashMap, HashSet, StrPair};
use crate::ini::{IniDoc, Place};
use crate::oslo::format::format_defaults;
use crate::oslo::interpolate::FileValues;
use crate::oslo::pyvalue::PyValue;
use crate::oslo::types::{check_value, reason};
use crate::spec::index::{Live, OptionIndex};
use crate::spec::model::{Catalog, Opt, TypeKind};
use crate::suggest::{Candidates, Suggester};
use serde::Serialize;
use std::collections::BTreeSet;

pub(crate) mod scope;

#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// Also warn about every option set to something other than its default.
    pub check_defaults: bool,
    /// Sections (groups) not to look at.
    pub exclude_groups: Vec<String>,
    /// Earlier releases of what is checked against (a shipped service's), newest first: an
    /// option one of them had that the checked release lacks was removed, which is what a
    /// file still setting it needs to hear, rather than a did-you-mean.
    pub earlier: Vec<Earlier>,
}

/// An earlier release of the specs a file is checked against.
#[derive(Debug, Clone)]
pub struct Earlier {
    /// The release the catalog is (`nova 33.0.2`)...
    pub label: String,
    /// ...and the one after it, where what it had and the checked release lacks went missing
    /// (`nova 34.0.0`).
    pub next: String,
    pub catalog: Catalog,
}

/// The earlier releases' indexes, built on the first unknown name.
pub(crate) struct History<'a> {
    earlier: &'a [Earlier],
    indexes: std::cell::OnceCell<Vec<OptionIndex<'a>>>,
}

impl<'a> History<'a> {
    pub(crate) fn new(earlier: &'a [Earlier]) -> Self {
        History { earlier, indexes: std::cell::OnceCell::new() }
    }

    fn indexes(&self) -> &[OptionIndex<'a>] {
        self.indexes.get_or_init(|| self.earlier.iter().map(|e| OptionIndex::new(&e.catalog)).collect())
    }

    /// "removed in nova 34.0.0 (deprecated since 32.0.0: reason)" for an option of an earlier
    /// release, by its name or an old name of it, that the checked release lacks.
    pub(crate) fn removed(&self, group: &str, key: &str) -> Option<String> {
        if self.earlier.is_empty() {
            return None;
        }
        let (e, live) = self
            .earlier
            .iter()
            .zip(self.indexes())
            .find_map(|(e, index)| Some((e, index.live(group, key).or_else(|| index.alias(group, key))?)))?;
        let mut message = format!("removed in {}", e.next);
        let since = live.opt.deprecated_since.as_deref().map(|s| format!(" since {s}")).unwrap_or_default();
        match (live.opt.deprecated_for_removal, live.opt.reason_one_line()) {
            (true, Some(reason)) => message.push_str(&format!(" (deprecated{since}: {reason})")),
            (true, None) => message.push_str(&format!(" (deprecated{since})")),
            _ => {}
        }
        Some(message)
    }

    /// Whether an earlier release had the group.
    pub(crate) fn had_group(&self, group: &str) -> Option<&str> {
        self.earlier.iter().zip(self.indexes()).find(|(_, index)| index.has_group(group)).map(|(e, _)| e.next.as_str())
    }
}

/// What oslo.config calls a group for a section name: `DEFAULT` as it is, others lower-cased.
pub fn section_group(section: &str) -> String {
    if section == "DEFAULT" {
        section.to_owned()
    } else if section.is_ascii() {
        // What `to_lowercase` gives for ASCII, without its per-character Unicode tables.
        section.to_ascii_lowercase()
    } else {
        section.to_lowercase()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The file it is in, by its place among the files read (`IniDoc::files`); `None` for a
    /// finding about the files as a whole.
    pub file: Option<usize>,
    pub line: Option<usize>,
    #[serde(serialize_with = "severity_name")]
    pub severity: Level,
    pub group: Option<String>,
    pub option: Option<String>,
    pub message: String,
}

/// Errors and warnings count; notes only inform (a section no spec describes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

fn severity_name<S: serde::Serializer>(level: &Level, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(level.name())
}

struct Checker<'a> {
    index: OptionIndex<'a>,
    /// What the file sets, for the `$name` references in its values.
    values: FileValues<'a>,
    findings: Vec<Finding>,
}

impl<'a> Checker<'a> {
    fn add(&mut self, place: Option<Place>, level: Level, group: &str, option: Option<&str>, message: String) {
        self.findings.push(Finding {
            file: place.map(|p| p.file),
            line: place.map(|p| p.line),
            severity: level,
            group: Some(group.to_owned()),
            option: option.map(str::to_owned),
            message,
        });
    }

    /// oslo's type check of one value, after its `$name` references are substituted as oslo
    /// substitutes them. A secret's value, and any value that took one through a reference, is
    /// quoted as `****`.
    fn check_value(&mut self, place: Place, group: &str, key: &str, live: Live, value: &str) {
        if let Some(why) = value_problem(&self.index, &self.values, live, value) {
            let message = format!("{}: {why}", option_name(group, key));
            self.add(Some(place), Level::Error, group, Some(key), message);
        }
    }
}

/// Why oslo would refuse `value`, read from a config file as the value of `live`: its `$name`
/// references substituted against `values` as oslo substitutes them, then the type's check.
/// `None` when oslo takes it. A secret's value, and any value that took one through a
/// reference, is quoted as `****`. The one value check of `validate` and of the values
/// `generate --set` writes.
pub(crate) fn value_problem(index: &OptionIndex, values: &FileValues, live: Live, value: &str) -> Option<String> {
    match values.substituted(index, live.group, value, live.opt.secret) {
        Ok(value) => match check_value(&live.opt.ty, &PyValue::Str(value.text.clone())) {
            Ok(()) => None,
            Err(why) => Some(reason(&why, &live.opt.ty, &value.text, live.opt.secret || value.shows_secret)),
        },
        Err(reference) => Some(reference.to_string()),
    }
}

/// What is said of an option deprecated for removal that is given a value (`name` as the
/// message names it).
pub(crate) fn removal_warning(name: &str, opt: &Opt) -> String {
    let since = opt.deprecated_since.as_deref().map(|s| format!(" since {s}")).unwrap_or_default();
    let reason = opt.reason_one_line().map(|r| format!(" ({r})")).unwrap_or_default();
    format!("{name} is deprecated for removal{since}{reason}; its value may be silently ignored in the future")
}

/// What is said of a required option that nothing sets; `why` when a selection made it so
/// (`auth_type = password reads it`).
pub(crate) fn required_unset(group: &str, dest: &str, why: Option<&str>) -> String {
    let because = why.map(|w| format!(" ({w})")).unwrap_or_default();
    format!("required option {} is not set{because}", option_name(group, dest))
}

/// "Did you mean" for names the specs do not know, under one budget of work per run
/// (`suggest`): the names each group knows (its options' and their old names), sorted so that
/// a tie is broken the same way every run, prepared once.
pub(crate) struct NameHints {
    suggester: Suggester,
    alias_names: HashMap<String, Vec<String>>,
    candidates_of: HashMap<String, (Vec<String>, Candidates)>,
    known_groups: Vec<String>,
    group_candidates: Option<Candidates>,
    /// Each option's dest -> the groups that have it, made when first asked.
    groups_by_dest: Option<HashMap<String, Vec<String>>>,
}

impl NameHints {
    pub(crate) fn new(index: &OptionIndex) -> Self {
        let mut alias_names: HashMap<String, Vec<String>> = HashMap::default();
        for (group, name) in index.aliases.keys() {
            alias_names.entry(group.clone()).or_default().push(name.clone());
        }
        NameHints {
            suggester: Suggester::default(),
            alias_names,
            candidates_of: HashMap::default(),
            known_groups: index.group_names().map(str::to_owned).collect(),
            group_candidates: None,
            groups_by_dest: None,
        }
    }

    /// ` (it is an option of [database])` when `key`, which `group` does not have, is an
    /// option of other groups (the first three named, in order): an option written in the
    /// wrong section. Empty otherwise.
    pub(crate) fn elsewhere(&mut self, index: &OptionIndex, group: &str, key: &str) -> String {
        let by_dest = self.groups_by_dest.get_or_insert_with(|| {
            let mut by_dest: HashMap<String, Vec<String>> = HashMap::default();
            for live in index.all() {
                by_dest.entry(live.opt.dest.to_string()).or_default().push(live.group.to_owned());
            }
            by_dest
        });
        let groups: Vec<&String> = by_dest.get(key).into_iter().flatten().filter(|g| g.as_str() != group).collect();
        let named: Vec<String> = groups.iter().take(3).map(|g| format!("[{}]", capped(g))).collect();
        match (named.as_slice(), groups.len()) {
            ([], _) => String::new(),
            ([one], 1) => format!(" (it is an option of {one})"),
            (_, n) if n <= 3 => {
                format!(" (it is an option of {} and {})", named[..named.len() - 1].join(", "), named[named.len() - 1])
            }
            (_, n) => format!(" (it is an option of {} and {} more groups)", named.join(", "), n - 3),
        }
    }

    /// Whether `group` holds options, or old names of options, that `key` can be compared with.
    pub(crate) fn has_group(&self, index: &OptionIndex, group: &str) -> bool {
        index.has_group(group) || self.alias_names.contains_key(group)
    }

    /// The name in `group` closest to `key`, if one is close enough.
    pub(crate) fn option(&mut self, index: &OptionIndex, group: &str, key: &str) -> Option<&str> {
        let alias_names = &self.alias_names;
        let (names, candidates) = self.candidates_of.entry(group.to_owned()).or_insert_with(|| {
            let mut names: Vec<String> = index
                .options_in(group)
                .map(|l| l.opt.dest.to_string())
                .chain(alias_names.get(group).into_iter().flatten().cloned())
                .collect();
            names.sort();
            let candidates = Candidates::new(names.iter().map(String::as_str));
            (names, candidates)
        });
        self.suggester.closest(key, candidates).map(|i| names[i].as_str())
    }

    /// The group closest to `group`, if one is close enough.
    pub(crate) fn group(&mut self, group: &str) -> Option<&str> {
        let known = &self.known_groups;
        let candidates = self.group_candidates.get_or_insert_with(|| Candidates::new(known.iter().map(String::as_str)));
        self.suggester.closest(group, candidates).map(|i| known[i].as_str())
    }

    /// Whether the budget ran out: from then on nothing is suggested.
    pub(crate) fn exhausted(&self) -> bool {
        self.suggester.exhausted()
    }
}

/// `[group]/key` as a finding names an option of the file, each part capped.
fn option_name(group: &str, key: &str) -> String {
    format!("[{}]/{}", capped(group), capped(key))
}

pub fn validate(catalog: &Catalog, doc: &IniDoc, options: &ValidateOptions) -> Vec<Finding> {
    let names: BTreeSet<String> = doc.sections.iter().map(|s| section_group(&s.name)).collect();
    let file_values = scope::FileValues::new(doc);
    let mut index = OptionIndex::new(catalog);
    let scope = scope::resolve(catalog, &mut index, &names, &file_values);
    // Built once the file's values have said which options each section holds.
    // Each entry's group, worked out once for the passes below.
    let groups: Vec<String> = doc.entries.iter().map(|e| section_group(&e.section)).collect();
    let entries =
        doc.entries.iter().zip(&groups).map(|(e, g)| (g.as_str(), e.key.as_str(), e.value.as_str(), e.place()));
    let values = FileValues::new(entries);
    let mut checker = Checker { index, values, findings: scope.findings.clone() };
    for error in &doc.errors {
        checker.findings.push(Finding {
            file: Some(error.file),
            line: Some(error.line),
            severity: Level::Error,
            group: None,
            option: None,
            message: format!("syntax error: {}", error.message),
        });
    }
    let excluded: HashSet<String> = options.exclude_groups.iter().map(|g| section_group(g)).collect();
    let history = History::new(&options.earlier);

    // Where each live option is set, by its own name or an old one: (place, how it was named);
    // each entry's place in that list; and the first line that sets it by its own name in the
    // last file that does. All found in this one pass, so that the checks below look nothing
    // up by scanning.
    let mut set_at: HashMap<(String, String), Vec<(Place, String)>> = HashMap::default();
    let mut places: Vec<usize> = vec![0; doc.entries.len()];
    let mut own_name_at: HashMap<(String, String), Place> = HashMap::default();
    for (i, (entry, group)) in doc.entries.iter().zip(&groups).enumerate() {
        if excluded.contains(group) {
            continue;
        }
        let Some(live) = checker.index.live(group, &entry.key).or_else(|| checker.index.alias(group, &entry.key))
        else {
            continue;
        };
        let how = option_name(group, &entry.key);
        let option = (live.group.to_owned(), live.opt.dest.to_string());
        if group.as_str() == live.group && entry.key == live.opt.dest {
            let at = own_name_at.entry(option.clone()).or_insert(entry.place());
            if entry.file > at.file {
                *at = entry.place();
            }
        }
        let uses = set_at.entry(option).or_default();
        places[i] = uses.len();
        uses.push((entry.place(), how));
    }
    let first_header: HashMap<&str, Place> = doc.sections.iter().rev().map(|s| (s.name.as_str(), s.place())).collect();
    let mut hints = NameHints::new(&checker.index);
    // The first unknown name that got no suggestion because the budget was spent.
    let mut unsuggested_from: Option<Place> = None;

    let mut reported_sections: HashSet<&str> = HashSet::default();
    for (i, (entry, group)) in doc.entries.iter().zip(&groups).enumerate() {
        let group = group.as_str();
        if excluded.contains(group) {
            continue;
        }
        let key = entry.key.as_str();
        if let Some(why) = scope.not_read.get(&(group, key) as &dyn StrPair) {
            let message = format!("{} is not read: {why}", option_name(group, key));
            checker.add(Some(entry.place()), Level::Warning, group, Some(key), message);
        } else if let Some(live) = checker.index.live(group, key) {
            checker.check_value(entry.place(), group, key, live, &entry.value);
            check_repeats(&mut checker, &set_at, live, places[i]);
            if live.opt.deprecated_for_removal {
                let message = removal_warning(&option_name(group, key), live.opt);
                checker.add(Some(entry.place()), Level::Warning, group, Some(key), message);
            }
            if options.check_defaults {
                check_default(&mut checker, group, key, live, &entry.value, entry.place());
            }
        } else if let Some(live) = checker.index.alias(group, key) {
            let new = option_name(live.group, &live.opt.dest);
            let mut message = format!("{} is a deprecated name: use {new}", option_name(group, key));
            // oslo reads the last file that sets the option, and in a file the option's own
            // name before its old ones.
            let option = (live.group.to_owned(), live.opt.dest.to_string());
            let last_file = set_at[&option].iter().map(|(p, _)| p.file).max();
            if let Some(at) = own_name_at.get(&option).filter(|p| Some(p.file) == last_file) {
                let line = match doc.file_name(at.file).filter(|_| at.file != entry.file) {
                    Some(name) => format!("{}:{}", crate::diag::escape_controls(name), at.line),
                    None => format!("line {}", at.line),
                };
                message.push_str(&format!("; {new} is set too ({line}) and wins"));
            }
            checker.add(Some(entry.place()), Level::Warning, group, Some(key), message);
            checker.check_value(entry.place(), group, key, live, &entry.value);
            check_repeats(&mut checker, &set_at, live, places[i]);
        } else if scope.unchecked.contains_key(group) {
            // An option of a plugin confspec does not know: the selection's warning says so.
        } else if let Some(removed) = history.removed(group, key) {
            let message = format!("{} was {removed}: oslo ignores it", option_name(group, key));
            checker.add(Some(entry.place()), Level::Warning, group, Some(key), message);
        } else if hints.has_group(&checker.index, group) {
            let best = hints.option(&checker.index, group, key).map(str::to_owned);
            if hints.exhausted() {
                unsuggested_from.get_or_insert(entry.place());
            }
            // A near miss of an option is most likely a typo, so the value meant for it is not
            // set: an error. A name like no option is a leftover (an option a release removed,
            // one a deployment tool writes everywhere) that oslo ignores: a warning.
            match best {
                Some(best) => {
                    let message =
                        format!("{} is not an option of the specs; did you mean `{best}`?", option_name(group, key));
                    checker.add(Some(entry.place()), Level::Error, group, Some(key), message);
                }
                None => {
                    let elsewhere = hints.elsewhere(&checker.index, group, key);
                    let message = format!(
                        "{} is not an option of the specs: oslo ignores it{elsewhere}",
                        option_name(group, key)
                    );
                    checker.add(Some(entry.place()), Level::Warning, group, Some(key), message);
                }
            }
        } else if reported_sections.insert(&entry.section) {
            let header = first_header.get(entry.section.as_str()).copied().unwrap_or(entry.place());
            if let Some(next) = history.had_group(group) {
                let message = format!("[{}] was removed in {next}: oslo ignores its options", capped(&entry.section));
                checker.add(Some(header), Level::Warning, group, None, message);
                continue;
            }
            let best = hints.group(group).map(str::to_owned);
            if hints.exhausted() {
                unsuggested_from.get_or_insert(header);
            }
            match best {
                Some(best) => {
                    let message = format!(
                        "[{}] is not a group of the specs; did you mean [{best}]? (its options were not checked)",
                        capped(&entry.section)
                    );
                    checker.add(Some(header), Level::Error, group, None, message);
                }
                None => {
                    let message = format!(
                        "[{}] is not a group of the specs: its options were not checked",
                        capped(&entry.section)
                    );
                    checker.add(Some(header), Level::Note, group, None, message);
                }
            }
        }
    }

    if let Some(place) = unsuggested_from {
        let message = format!(
            "no \"did you mean\" from here on: comparing unknown names with the known ones took all the work confspec spends on suggestions ({} steps), so later unknown names get none",
            crate::suggest::BUDGET
        );
        checker.findings.push(Finding {
            file: Some(place.file),
            line: Some(place.line),
            severity: Level::Warning,
            group: None,
            option: None,
            message,
        });
    }

    // Required options with no value, in the groups oslo reads at start-up: [DEFAULT] and
    // those the file has.
    let groups: Vec<(String, Vec<Live>)> = checker
        .index
        .groups()
        .filter(|g| *g == "DEFAULT" || file_values.present.contains(*g))
        .map(|g| (g.to_owned(), checker.index.options_in(g).collect()))
        .collect();
    let group_headers: HashMap<String, Place> = doc
        .sections
        .iter()
        .rev()
        .map(|s| (section_group(&s.name), s.place()))
        .filter(|(g, _)| checker.index.has_group(g))
        .collect();
    for (group, opts) in groups {
        if excluded.contains(&group) {
            continue;
        }
        for live in opts {
            let option = (group.clone(), live.opt.dest.to_string());
            if live.opt.required && live.opt.default.is_none() && !set_at.contains_key(&option) {
                let (place, why) = match scope.required_by.get(&option) {
                    Some((place, why)) => (Some(*place), Some(why.as_str())),
                    None => (group_headers.get(&group).copied(), None),
                };
                let message = required_unset(&group, &live.opt.dest, why);
                checker.add(place, Level::Error, &group, Some(&live.opt.dest), message);
            }
        }
    }
    let mut findings = checker.findings;
    findings.sort_by_key(|f| (f.file.unwrap_or(usize::MAX), f.line.unwrap_or(usize::MAX), f.severity));
    findings
}

/// The groups of the files' sections, as oslo names them.
pub fn group_names(doc: &IniDoc) -> BTreeSet<String> {
    doc.sections.iter().map(|s| section_group(&s.name)).collect()
}

/// The options oslo reads with these files: the specs' groups, the sections a dynamic group's
/// owner names, and what the files' selecting values (`auth_type`, a driver) bring in or
/// leave out. `names` are the files' `group_names`.
pub fn options_read<'a>(catalog: &'a Catalog, doc: &IniDoc, names: &'a BTreeSet<String>) -> OptionIndex<'a> {
    let mut index = OptionIndex::new(catalog);
    scope::resolve(catalog, &mut index, names, &scope::FileValues::new(doc));
    index
}

/// The byte ranges of the values in `text`, a config file, that are secret: the values of every
/// option the specs mark secret, under any name oslo reads it by, in any section that holds it
/// or that a selection could bring it into (an auth plugin's `password`, whichever plugin
/// `auth_type` names). Continuation lines included; keys, separators and comments are not.
/// What diffs of config files hide (`output::Hidden`).
pub fn secret_values(catalog: &Catalog, text: &str) -> Vec<std::ops::Range<usize>> {
    let doc = crate::ini::parse(text);
    let secret = secret_entries(catalog, &doc);
    let lines = crate::ini::parser::lines_with_endings(text);
    let mut starts = Vec::with_capacity(lines.len());
    let mut at = 0;
    for (content, ending) in &lines {
        starts.push(at);
        at += content.len() + ending.len();
    }
    let mut ranges = Vec::new();
    for (entry, _) in doc.entries.iter().zip(secret).filter(|(_, secret)| *secret) {
        for number in entry.line..=entry.last_line {
            let content = lines[number - 1].0.trim_end_matches(crate::oslo::pychar::is_py_space);
            // The value starts after the key's separator (the first `:` or `=`, as the reader
            // splits), or on a continuation line after its indent.
            let after =
                if number == entry.line { content.find([':', '=']).map_or(content.len(), |i| i + 1) } else { 0 };
            let value = content[after..].trim_start_matches(crate::oslo::pychar::is_py_space);
            if !value.is_empty() {
                let start = starts[number - 1] + content.len() - value.len();
                ranges.push(start..start + value.len());
            }
        }
    }
    ranges
}

/// Whether `doc` sets a value `secret_values` hides (a copy of it holds a secret).
pub fn holds_secret(catalog: &Catalog, doc: &IniDoc) -> bool {
    secret_entries(catalog, doc).into_iter().any(|secret| secret)
}

/// For each of `doc`'s entries, whether its value is secret (`secret_values`).
fn secret_entries(catalog: &Catalog, doc: &IniDoc) -> Vec<bool> {
    let names: BTreeSet<String> = doc.sections.iter().map(|s| section_group(&s.name)).collect();
    let file_values = scope::FileValues::new(doc);
    let mut index = OptionIndex::new(catalog);
    let is_secret = |index: &OptionIndex, group: &str, key: &str| {
        index.live(group, key).or_else(|| index.alias(group, key)).is_some_and(|l| l.opt.secret)
    };
    // As the specs list them, and as the file's values select them.
    let listed: Vec<bool> = doc.entries.iter().map(|e| is_secret(&index, &section_group(&e.section), &e.key)).collect();
    let scope = scope::resolve(catalog, &mut index, &names, &file_values);
    doc.entries
        .iter()
        .zip(listed)
        .map(|(entry, listed)| {
            let group = section_group(&entry.section);
            listed || is_secret(&index, &group, &entry.key) || scope.secret.contains(&(group, entry.key.clone()))
        })
        .collect()
}

/// A non-multi option set more than once in one file: oslo keeps the last value. `position`
/// is the entry's place among the option's uses. Set again in a later file, it is overridden
/// as operators mean to override (`nova.conf`, then `nova-compute.conf`): no finding.
fn check_repeats(
    checker: &mut Checker,
    set_at: &HashMap<(String, String), Vec<(Place, String)>>,
    live: Live,
    position: usize,
) {
    if matches!(live.opt.ty.kind, TypeKind::MultiString) {
        return;
    }
    let uses = &set_at[&(live.group.to_owned(), live.opt.dest.to_string())];
    let (place, how) = &uses[position];
    if let Some((last, last_how)) = uses[position + 1..].iter().rfind(|(p, _)| p.file == place.file) {
        let message = format!("{how} is set again at line {} ({last_how}); the last value wins", last.line);
        checker.add(Some(*place), Level::Warning, live.group, Some(&live.opt.dest), message);
    }
}

fn check_default(checker: &mut Checker, group: &str, key: &str, live: Live, value: &str, place: Place) {
    let defaults = format_defaults(&live.opt.ty, &live.opt.default, None).unwrap_or_default();
    let unquoted: Vec<String> = defaults.iter().map(|d| d.trim_matches('"').to_owned()).collect();
    if unquoted.iter().any(|d| d == value) || (live.opt.default.is_none() && value.is_empty()) {
        return;
    }
    let message = if live.opt.secret {
        format!("{} differs from its default", option_name(group, key))
    } else {
        let (name, default) = (option_name(group, key), capped(&defaults.join(", ")).into_owned());
        format!("{name} = {} differs from the default {default}", capped(value))
    };
    checker.add(Some(place), Level::Warning, group, Some(key), message);
}

/// Counts of (errors, warnings).
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    let errors = findings.iter().filter(|f| f.severity == Level::Error).count();
    let warnings = findings.iter().filter(|f| f.severity == Level::Warning).count();
    (errors, warnings)
}

/// The name a report gives the files read together: the one file's path, or the paths
/// joined with `, ` (a `--config-dir` may hold none).
pub fn files_label(paths: &[String]) -> String {
    if paths.is_empty() {
        return "(no config files)".to_owned();
    }
    paths.join(", ")
}

/// The path of the file a finding is in; the files' label for a finding about them all.
fn finding_path<'p>(paths: &'p [String], label: &'p str, finding: &Finding) -> &'p str {
    finding.file.and_then(|f| paths.get(f)).map_or(label, String::as_str)
}

/// `path:line: severity: message` per finding (`paths` are the files read, in order), then a
/// summary line. Control and bidi characters from the config files are escaped, as in every
/// diagnostic.
pub fn text_report(paths: &[String], findings: &[Finding]) -> String {
    use std::fmt::Write;
    let label = files_label(paths);
    // The report's size (escapes aside), so that it is not grown by doubling past it.
    let size: usize = findings.iter().map(|f| finding_path(paths, &label, f).len() + f.message.len() + 32).sum();
    let mut out = String::with_capacity(size + label.len() + 64);
    for f in findings {
        let path = crate::diag::escape_controls(finding_path(paths, &label, f));
        let message = crate::diag::escape_controls(&f.message);
        let _ = match f.line {
            Some(line) => writeln!(out, "{path}:{line}: {}: {message}", f.severity.name()),
            None => writeln!(out, "{path}: {}: {message}", f.severity.name()),
        };
    }
    let (errors, warnings) = counts(findings);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let label = crate::diag::escape_controls(&label);
    out.push_str(&format!("{label}: {}, {}\n", plural(errors, "error"), plural(warnings, "warning")));
    out
}

/// The findings as JSON. JSON escapes control characters itself; the messages, groups and
/// options are escaped as in the text report too, so that no bidi control reaches a terminal.
pub fn json_report(paths: &[String], findings: &[Finding]) -> String {
    use std::borrow::Cow;
    // Written straight from the findings (no JSON tree of them in between, which took many
    // times their size), keys in the sorted order the report has always had.
    #[derive(Serialize)]
    struct Report<'a> {
        errors: usize,
        /// The files read, as the text report's summary names them.
        file: &'a str,
        files: &'a [String],
        findings: Vec<Shown<'a>>,
        warnings: usize,
    }
    #[derive(Serialize)]
    struct Shown<'a> {
        file: &'a str,
        group: Option<Cow<'a, str>>,
        line: Option<usize>,
        message: Cow<'a, str>,
        option: Option<Cow<'a, str>>,
        severity: &'static str,
    }
    fn escape(s: &str) -> Cow<'_, str> {
        match capped(s) {
            Cow::Borrowed(s) => crate::diag::escape_controls(s),
            Cow::Owned(s) => Cow::Owned(crate::diag::escape_controls(&s).into_owned()),
        }
    }
    let (errors, warnings) = counts(findings);
    let label = files_label(paths);
    // The text's size, near enough that the buffer is not grown by doubling past it: each
    // finding's strings (a twentieth more for JSON's escapes) and its keys and indents.
    let size: usize = findings
        .iter()
        .map(|f| {
            let strings =
                f.message.len() + f.group.as_ref().map_or(0, String::len) + f.option.as_ref().map_or(0, String::len);
            strings + strings / 20 + finding_path(paths, &label, f).len() + 160
        })
        .sum();
    let findings = findings
        .iter()
        .map(|f| Shown {
            file: finding_path(paths, &label, f),
            group: f.group.as_deref().map(escape),
            line: f.line,
            message: crate::diag::escape_controls(&f.message),
            option: f.option.as_deref().map(escape),
            severity: f.severity.name(),
        })
        .collect();
    let report = Report { errors, file: &label, files: paths, findings, warnings };
    let mut out = Vec::with_capacity(size + paths.iter().map(|p| p.len() + 16).sum::<usize>() + 256);
    serde_json::to_writer_pretty(&mut out, &report).expect("findings serialize");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(yaml: &str) -> Catalog {
        Catalog { specs: vec![crate::spec::Loader::new().load_text("t.yaml".into(), yaml.into(), None).unwrap()] }
    }

    #[test]
    fn an_option_in_the_wrong_group_names_the_groups_that_have_it() {
        let groups: String = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|g| format!("  - name: {g}\n    options:\n      - {{name: five}}\n"))
            .collect();
        let specs = catalog(&format!(
            "namespace: t\ngroups:\n  - name: DEFAULT\n    options:\n      - {{name: debug}}\n  - name: database\n    options:\n      - {{name: connection}}\n  - name: api_database\n    options:\n      - {{name: connection}}\n  - name: limits\n    options:\n      - {{name: only_here}}\n{groups}"
        ));
        let doc = crate::ini::parse(
            "[DEFAULT]\nconnection = x\nonly_here = 1\nfive = 5\nnowhere = 0\n[database]\nconnection = y\n",
        );
        let messages: Vec<String> =
            validate(&specs, &doc, &ValidateOptions::default()).into_iter().map(|f| f.message).collect();
        assert_eq!(
            messages,
            [
                "[DEFAULT]/connection is not an option of the specs: oslo ignores it (it is an option of [api_database] and [database])",
                "[DEFAULT]/only_here is not an option of the specs: oslo ignores it (it is an option of [limits])",
                "[DEFAULT]/five is not an option of the specs: oslo ignores it (it is an option of [a], [b], [c] and 2 more groups)",
                "[DEFAULT]/nowhere is not an option of the specs: oslo ignores it",
            ]
        );
    }

    #[test]
    fn an_option_an_earlier_release_had_is_reported_removed_not_unknown() {
        let old = catalog(
            "namespace: t\ngroups:\n  - name: DEFAULT\n    options:\n      - {name: kept}\n      - {name: gone, deprecated_for_removal: true, deprecated_since: '32.0.0', deprecated_reason: No longer used.}\n      - {name: plain_gone}\n  - name: old_group\n    options:\n      - {name: x}\n",
        );
        let new = catalog("namespace: t\ngroups:\n  - name: DEFAULT\n    options:\n      - {name: kept}\n");
        let doc =
            crate::ini::parse("[DEFAULT]\nkept = 1\ngone = 2\nplain_gone = 3\nkepts = 4\n[old_group]\nx = 1\ny = 2\n");
        let earlier = vec![Earlier { label: "t 33".into(), next: "t 34".into(), catalog: old }];
        let options = ValidateOptions { earlier, ..ValidateOptions::default() };
        let messages: Vec<String> = validate(&new, &doc, &options).into_iter().map(|f| f.message).collect();
        assert_eq!(
            messages,
            [
                "[DEFAULT]/gone was removed in t 34 (deprecated since 32.0.0: No longer used.): oslo ignores it",
                "[DEFAULT]/plain_gone was removed in t 34: oslo ignores it",
                "[DEFAULT]/kepts is not an option of the specs; did you mean `kept`?",
                "[old_group] was removed in t 34: oslo ignores its options",
                "[old_group]/x was removed in t 34: oslo ignores it",
            ]
        );
    }
}
