//! Assignments: options given values outside a config file, `GROUP.OPTION=VALUE` on the
//! command line (`--set`) or `{group: {option: value}}` in a values file (`--values`: YAML,
//! JSON, or an INI config file whose settings are carried over), and their resolution against
//! the specs, as `validate` resolves a config file's settings.
//!
//! Resolving names: an option by its group and dest; a deprecated name accepted, with a
//! warning, and mapped to the option that replaces it; the options a value selects (the auth
//! plugin `auth_type` names, a driver's, the sections a dynamic group's owner names) as
//! `validate`'s scope brings them in; anything else an error with the did-you-mean `validate`
//! gives. Checking values: each one as oslo reads it from a config file, `$` references
//! substituted against the other assignments (and the config being changed, and the defaults),
//! then the type's check (`oslo::types`). Every problem of every assignment is found before
//! any is reported, each at its origin: `--set #N` or `FILE:LINE`.
//!
//! A values file's values become config-file text by one rule: a string as it is (a `$` in it
//! is a reference, as in a file; `$$` is a `$`); `true` and `false` as such; an integer in
//! decimal digits, a float as Python's `repr()` writes it (`1e3` is `1000.0`, `.inf` is
//! `inf`); a list the items of a list option joined with `,` (in `[...]` when the option has
//! bounds), or one line per item for a multi-valued option; a mapping the `key:value` pairs
//! of a dict option, joined with `,`. A list or mapping must read back as those very items
//! (an item holding a `,` does not), and a null is refused (`""` is the empty value).

use crate::diag::{capped, Diagnostic, Severity};
use crate::ini::IniDoc;
use crate::oslo::interpolate::FileValues;
use crate::oslo::pyvalue::{float_repr, str_repr, PyValue};
use crate::oslo::types::{convert, Converted};
use crate::spec::index::{Live, OptionIndex};
use crate::spec::model::{normalize_group, Catalog, Opt, TypeKind};
use crate::spec::source::{SourceFile, YamlPath};
use crate::validate::scope::{self, Chosen};
use crate::validate::{removal_warning, required_unset, section_group, value_problem, NameHints};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

/// Where an assignment came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The `number`th `flag` argument, from 1 (`--set #2`).
    Argument { flag: &'static str, number: usize },
    /// A place in a values file.
    File { path: String, line: Option<usize>, column: Option<usize> },
}

impl Origin {
    /// A diagnostic at this origin.
    pub fn diagnostic(&self, severity: Severity, message: String) -> Diagnostic {
        let d = match self {
            Origin::Argument { flag, number } => Diagnostic::error(format!("{flag} #{number}"), message),
            Origin::File { path, line: Some(line), column } => Diagnostic::error(path, message).at(*line, *column),
            Origin::File { path, .. } => Diagnostic::error(path, message),
        };
        Diagnostic { severity, ..d }
    }
}

/// How an assignment names its option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// `GROUP.OPTION` as given on the command line: split where the specs have the group.
    Dotted(String),
    /// A group (normalised as a section or a name already) and an option.
    Split { group: String, option: String },
}

/// A value as given: config-file text, or the items of a values file's list or mapping, which
/// the option's type makes text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Given {
    Text(String),
    Items(Vec<String>),
    Pairs(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Set(Given),
    /// The option is to have no value in the file (`edit --unset`).
    Unset,
}

/// One option given a value (or none), and where that was said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: Name,
    pub change: Change,
    pub origin: Origin,
    /// Which source it is from: each values file is one, the command line's arguments another.
    /// A later source's value replaces an earlier one's; within one source, a multi-valued
    /// option takes every value, any other the last one, with a warning.
    pub source: usize,
}

/// `GROUP.OPTION=VALUE` arguments of `flag`: split at the first `=` (no group or option name
/// holds one: a config file's key ends at its first `=`).
pub fn from_arguments(flag: &'static str, args: &[String], source: usize) -> Result<Vec<Assignment>, Vec<Diagnostic>> {
    collected(
        args.iter().enumerate().map(|(i, arg)| {
            let found = match arg.split_once('=') {
                Some((name, value)) => dotted(name).map(|name| (name, Change::Set(Given::Text(value.to_owned())))),
                None => Err(format!(
                    "{} is no assignment: write GROUP.OPTION=VALUE (DEFAULT.OPTION=VALUE for [DEFAULT])",
                    str_repr(&capped(arg))
                )),
            };
            (Origin::Argument { flag, number: i + 1 }, found)
        }),
        source,
    )
}

/// `GROUP.OPTION` arguments of `flag` that take the option's value away.
pub fn unset_arguments(flag: &'static str, args: &[String], source: usize) -> Result<Vec<Assignment>, Vec<Diagnostic>> {
    collected(
        args.iter()
            .enumerate()
            .map(|(i, arg)| (Origin::Argument { flag, number: i + 1 }, dotted(arg).map(|name| (name, Change::Unset)))),
        source,
    )
}

/// The assignments of `source` found at their origins: every one, or the problems of those
/// that are none.
fn collected(
    found: impl IntoIterator<Item = (Origin, Result<(Name, Change), String>)>,
    source: usize,
) -> Result<Vec<Assignment>, Vec<Diagnostic>> {
    let mut assignments = Vec::new();
    let mut problems = Vec::new();
    for (origin, found) in found {
        match found {
            Ok((name, change)) => assignments.push(Assignment { name, change, origin, source }),
            Err(message) => problems.push(origin.diagnostic(Severity::Error, message)),
        }
    }
    if problems.is_empty() {
        Ok(assignments)
    } else {
        Err(problems)
    }
}

/// A `GROUP.OPTION` name: it must hold a `.` between two names.
fn dotted(name: &str) -> Result<Name, String> {
    match name.rsplit_once('.') {
        Some((group, option)) if !group.is_empty() && !option.is_empty() => Ok(Name::Dotted(name.to_owned())),
        _ => Err(format!(
            "{} names no group and option: write GROUP.OPTION (DEFAULT.OPTION for [DEFAULT])",
            str_repr(&capped(name))
        )),
    }
}

/// The assignments of a values file (`--values`): an INI config file when its name ends in
/// `.conf` or `.ini` (or, with another ending, when its first line that is no comment is a
/// `[section]`); YAML or JSON (which YAML reads) otherwise.
pub fn from_file(path: &Path, source: usize) -> Result<Vec<Assignment>, Vec<Diagnostic>> {
    let text = crate::spec::load::read_text(path).map_err(crate::diag::Error::into_diagnostics)?;
    let name = path.display().to_string();
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    let ini = match extension.as_deref() {
        Some("conf" | "ini") => true,
        Some("yaml" | "yml" | "json") => false,
        _ => text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with(['#', ';']))
            .is_some_and(|l| l.starts_with('[') && l.ends_with(']')),
    };
    if ini {
        from_ini(&name, &text, source)
    } else {
        from_yaml(&name, &text, source)
    }
}

/// The settings of a config file, each an assignment at its line.
pub fn from_ini(name: &str, text: &str, source: usize) -> Result<Vec<Assignment>, Vec<Diagnostic>> {
    let doc = crate::ini::parse(text);
    let at = |line: usize| Origin::File { path: name.to_owned(), line: Some(line), column: None };
    if !doc.errors.is_empty() {
        return Err(doc
            .errors
            .iter()
            .map(|e| at(e.line).diagnostic(Severity::Error, format!("syntax error: {}", e.message)))
            .collect());
    }
    Ok(doc
        .entries
        .into_iter()
        .map(|e| Assignment {
            name: Name::Split { group: section_group(&e.section), option: e.key },
            change: Change::Set(Given::Text(e.value)),
            origin: at(e.line),
            source,
        })
        .collect())
}

/// The assignments of a YAML (or JSON) mapping `{group: {option: value}}`.
pub fn from_yaml(name: &str, text: &str, source: usize) -> Result<Vec<Assignment>, Vec<Diagnostic>> {
    use serde_yaml::Value;
    let file = SourceFile { name: name.to_owned(), text: text.to_owned() };
    let at_line =
        |line: usize, column: usize| Origin::File { path: name.to_owned(), line: Some(line), column: Some(column) };
    if let Some(line) = crate::spec::nesting::too_deep(text) {
        let message = format!("the YAML nests deeper than {} levels", crate::spec::nesting::MAX_NESTING);
        return Err(vec![at_line(line, 1).diagnostic(Severity::Error, message)]);
    }
    if let Err(over) = crate::spec::budget::check(text) {
        return Err(vec![at_line(over.line, over.column).diagnostic(Severity::Error, over.message)]);
    }
    let root = match serde_yaml::from_str::<crate::spec::bigint::Tolerant>(text) {
        Ok(value) => value.0,
        Err(e) => {
            let message = format!("not valid YAML: {}", e.to_string().split(" at line ").next().unwrap_or_default());
            let origin = match e.location() {
                Some(l) => at_line(l.line(), l.column()),
                None => Origin::File { path: name.to_owned(), line: None, column: None },
            };
            return Err(vec![origin.diagnostic(Severity::Error, message)]);
        }
    };
    // What is found, each at its path, located in one pass at the end.
    let mut found: Vec<(YamlPath, Result<Found, String>)> = Vec::new();
    const SHAPE: &str = "a values file is a mapping of groups to mappings of options to values";
    let groups = match root {
        Value::Null => serde_yaml::Mapping::new(),
        Value::Mapping(m) => m,
        other => {
            found.push((YamlPath::default(), Err(format!("{SHAPE}, not {}", kind(&other)))));
            serde_yaml::Mapping::new()
        }
    };
    let big = std::cell::OnceCell::new();
    let scalar = |value: &Value, path: &YamlPath| -> Result<String, String> {
        match value {
            Value::String(s) => Ok(s.clone()),
            Value::Bool(b) => Ok(if *b { "true" } else { "false" }.to_owned()),
            Value::Number(n) if n.is_f64() => {
                // A decimal integer past what u128 holds is read as a float: its digits are in
                // the text.
                match big.get_or_init(|| file.big_integers()).get(path) {
                    Some(Ok(n)) => Ok(n.to_string()),
                    Some(Err(digits)) => Err(format!("an integer of {digits} digits, more than Python's int() reads")),
                    None => Ok(float_repr(n.as_f64().unwrap_or_default())),
                }
            }
            Value::Number(n) => Ok(n.to_string()),
            Value::Tagged(t) => match crate::spec::bigint::marked(t) {
                Some(n) => Ok(n.to_string()),
                None => Err(format!("a value tagged {}: write the value itself", t.tag)),
            },
            Value::Null => Err("no value (null): write \"\" for the empty value, or leave the option out".into()),
            other => Err(format!("{} inside a list or mapping: each item is one value", kind(other))),
        }
    };
    for (group, options) in groups {
        let Value::String(group) = group else {
            found.push((YamlPath::default(), Err(format!("a group is named by a string, not {}", kind(&group)))));
            continue;
        };
        let group_path = YamlPath::default().key(group.clone());
        let options = match options {
            Value::Mapping(m) => m,
            Value::Null => continue,
            other => {
                let message = format!("{SHAPE}: [{}] holds {}", capped(&group), kind(&other));
                found.push((group_path, Err(message)));
                continue;
            }
        };
        for (option, value) in options {
            let Value::String(option) = option else {
                let message = format!("an option is named by a string, not {}", kind(&option));
                found.push((group_path.clone(), Err(message)));
                continue;
            };
            let path = group_path.key(option.clone());
            let given = match &value {
                Value::Sequence(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| scalar(item, &path.index(i)))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Given::Items),
                Value::Mapping(pairs) => pairs
                    .iter()
                    .map(|(k, v)| {
                        Ok((scalar(k, &path)?, scalar(v, &path.key(k.as_str().unwrap_or_default().to_owned()))?))
                    })
                    .collect::<Result<Vec<_>, String>>()
                    .map(Given::Pairs),
                other => scalar(other, &path).map(Given::Text),
            };
            found.push((path, given.map(|g| (group.clone(), option.clone(), g))));
        }
    }
    let paths: Vec<YamlPath> = found.iter().map(|(p, _)| p.clone()).collect();
    let places = file.locate_all(&paths);
    collected(
        found.into_iter().zip(places).map(|((_, found), place)| {
            let origin = match place {
                Some((line, column)) => at_line(line, column),
                None => Origin::File { path: name.to_owned(), line: None, column: None },
            };
            let found = found.map(|(group, option, given)| {
                (Name::Split { group: normalize_group(&group), option }, Change::Set(given))
            });
            (origin, found)
        }),
        source,
    )
}

/// A values file's group, option and value.
type Found = (String, String, Given);

/// What kind of YAML value it is, for messages.
fn kind(value: &serde_yaml::Value) -> &'static str {
    use serde_yaml::Value;
    match value {
        Value::Null => "a null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// What the assignments are resolved in.
#[derive(Debug, Clone, Default)]
pub struct Context<'d> {
    /// The config file the assignments change (`edit`): its settings count as set (unless an
    /// assignment unsets them), its values are the other options' for `$` references, and
    /// its sections are there.
    pub existing: Option<&'d IniDoc>,
    /// Sections the file will hold besides those of the assignments and of `existing` (a
    /// starter config's groups): what the values select there is resolved, and their
    /// required options are looked at.
    pub sections: Vec<String>,
    /// Earlier releases of the specs (a shipped service's), newest first: a name one of them
    /// had is reported as removed, as `validate` reports it, rather than with a did-you-mean.
    pub earlier: &'d [crate::validate::Earlier],
}

/// An option as the assignments leave it.
#[derive(Debug, Clone)]
pub struct Setting {
    /// The option's group, or the section it is set in (a dynamic group's).
    pub group: String,
    /// The live option (under its own name, whatever name the assignment used).
    pub opt: Opt,
    /// The values, as oslo reads them from the file, one per line (several only for a
    /// multi-valued option); `None` to unset it.
    pub values: Option<Vec<String>>,
    /// The config-file texts written after `dest =` for them, which oslo reads back as
    /// `values` (`ini::write::value_text`); `None` to unset it.
    pub texts: Option<Vec<String>>,
    /// Where its last assignment was made.
    pub origin: Origin,
}

/// A required option (no default) that is set nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    pub group: String,
    pub dest: String,
    /// Why it is required there, when a selection made it so (`auth_type = password reads it`).
    pub why: Option<String>,
}

impl Required {
    /// `required option [group]/dest is not set (why)`.
    pub fn message(&self) -> String {
        required_unset(&self.group, &self.dest, self.why.as_deref())
    }
}

/// The assignments resolved: the settings to write, the warnings to show, what the values
/// select, and the required options left without a value.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// One per option, in the order each was first assigned.
    pub settings: Vec<Setting>,
    pub warnings: Vec<Diagnostic>,
    /// The selections the values make (and the existing file's): an auth plugin's options.
    pub chosen: Vec<Chosen>,
    /// Required options no assignment (nor the existing file) sets, by group and dest, in
    /// every section the file holds and `[DEFAULT]`.
    pub required: Vec<Required>,
}

impl Resolved {
    /// Whether a value of a secret option is set.
    pub fn holds_secret(&self) -> bool {
        self.settings.iter().any(|s| s.opt.secret && s.texts.is_some())
    }

    /// What the sample is filled with: the values set, and the options the selections make
    /// in the sections `shown` keeps.
    pub fn filled(&self, shown: impl Fn(&str) -> bool) -> crate::render::ini::Filled<'_> {
        use crate::render::ini::{Filled, Selected};
        Filled {
            settings: self
                .settings
                .iter()
                .filter_map(|s| Some((s.group.as_str(), &s.opt, s.texts.as_deref()?)))
                .collect(),
            selected: self
                .chosen
                .iter()
                .filter(|c| shown(&c.section))
                .map(|c| Selected {
                    group: &c.section,
                    after: std::iter::once(c.selector.option.as_str()).chain(c.selector.follow.as_deref()).collect(),
                    options: c.options(),
                })
                .collect(),
        }
    }
}

/// `[group]/key`, each part capped, as `validate` names an option.
fn option_name(group: &str, key: &str) -> String {
    format!("[{}]/{}", capped(group), capped(key))
}

/// Resolves `assignments` against `catalog` in `context`: `Ok` with the settings and the
/// warnings, or `Err` with every problem found (errors and warnings, in the assignments'
/// order), when any is an error.
pub fn resolve(catalog: &Catalog, assignments: &[Assignment], context: &Context) -> Result<Resolved, Vec<Diagnostic>> {
    let base = OptionIndex::new(catalog);
    let existing_sections: BTreeSet<String> =
        context.existing.iter().flat_map(|d| &d.sections).map(|s| section_group(&s.name)).collect();

    // Names: split, then an old name mapped to the option that replaces it.
    let mut alias_groups: HashSet<String> = HashSet::new();
    for (group, _) in base.aliases.keys() {
        alias_groups.insert(group.clone());
    }
    let is_group = |g: &str| {
        base.has_group(g)
            || alias_groups.contains(g)
            || existing_sections.contains(g)
            || context.sections.iter().any(|s| s == g)
    };
    let named: Vec<(String, String)> = assignments
        .iter()
        .map(|a| match &a.name {
            Name::Split { group, option } => (group.clone(), option.clone()),
            Name::Dotted(name) => split_dotted(name, &is_group),
        })
        .collect();
    let canonical: Vec<(String, String)> = named
        .iter()
        .map(|(g, k)| match base.live(g, k).or_else(|| base.alias(g, k)) {
            Some(live) => (live.group.to_owned(), live.opt.dest.to_string()),
            None => (g.clone(), k.clone()),
        })
        .collect();

    // The file the assignments make, as the selections read it: the existing one's settings
    // (less those unset), then each assignment's, at a line of its own past the file's.
    let unset: HashSet<&(String, String)> =
        assignments.iter().zip(&canonical).filter(|(a, _)| a.change == Change::Unset).map(|(_, c)| c).collect();
    let first_line = context.existing.map_or(0, |d| d.entries.iter().map(|e| e.last_line).max().unwrap_or(0)) + 1;
    let mut doc = IniDoc::default();
    let mut names: BTreeSet<String> = existing_sections.clone();
    names.extend(context.sections.iter().cloned());
    names.extend(canonical.iter().map(|(g, _)| g.clone()));
    names.insert("DEFAULT".into());
    for name in &names {
        doc.sections.push(crate::ini::Section { name: name.clone(), line: 0, file: 0 });
    }
    let canonical_of = |group: &str, key: &str| -> (String, String) {
        match base.live(group, key).or_else(|| base.alias(group, key)) {
            Some(live) => (live.group.to_owned(), live.opt.dest.to_string()),
            None => (group.to_owned(), key.to_owned()),
        }
    };
    let mut existing_set: HashSet<(String, String)> = HashSet::new();
    if let Some(existing) = context.existing {
        for entry in &existing.entries {
            let key = canonical_of(&section_group(&entry.section), &entry.key);
            if !unset.contains(&key) {
                doc.entries.push(crate::ini::Entry { section: section_group(&entry.section), ..entry.clone() });
                existing_set.insert(key);
            }
        }
    }
    for (i, (a, (group, key))) in assignments.iter().zip(&canonical).enumerate() {
        if let Change::Set(given) = &a.change {
            let value = match given {
                Given::Text(t) => t.clone(),
                Given::Items(items) => items.join(","),
                Given::Pairs(pairs) => pairs.iter().map(|(k, v)| format!("{k}:{v}")).collect::<Vec<_>>().join(","),
            };
            let line = first_line + i;
            doc.entries.push(crate::ini::Entry {
                section: group.clone(),
                key: key.clone(),
                value,
                line,
                last_line: line,
                file: 0,
            });
        }
    }
    let file = scope::FileValues::new(&doc);
    let mut index = OptionIndex::new(catalog);
    let scope = scope::resolve(catalog, &mut index, &names, &file);

    let mut problems: Vec<Vec<Diagnostic>> = vec![Vec::new(); assignments.len()];
    // What validate would say of a selection an assignment makes (a plugin it does not know,
    // an `auth_section` naming no section) is an error here: the file would not load it.
    let assignment_at = |line: usize| line.checked_sub(first_line).filter(|i| *i < assignments.len());
    let mut unknown_at = HashSet::new();
    for (chosen, line) in &scope.unknown {
        let Some(i) = assignment_at(*line) else { continue };
        unknown_at.insert(*line);
        let selector = &chosen.selector;
        let known: Vec<&str> = selector.choices.keys().map(String::as_str).collect();
        let hint = match crate::suggest::closest(&chosen.value, known.iter().copied()) {
            Some(best) => format!("; did you mean `{best}`?"),
            None => format!(" (they know {})", capped(&known.join(", "))),
        };
        let message = format!(
            "{}: the specs know no {} {}{hint}",
            option_name(&chosen.section, &selector.option),
            selector.option,
            str_repr(&capped(&chosen.value))
        );
        problems[i].push(assignments[i].origin.diagnostic(Severity::Error, message));
    }
    for finding in &scope.findings {
        let Some(line) = finding.line.filter(|l| !unknown_at.contains(l)) else { continue };
        let Some(i) = assignment_at(line) else { continue };
        problems[i].push(assignments[i].origin.diagnostic(Severity::Error, finding.message.clone()));
    }

    // Each assignment's live option.
    let mut hints = NameHints::new(&index);
    let history = crate::validate::History::new(context.earlier);
    let mut lives: Vec<Option<Live>> = Vec::with_capacity(assignments.len());
    for (i, (a, (group, key))) in assignments.iter().zip(&named).enumerate() {
        let report = |problems: &mut Vec<Vec<Diagnostic>>, severity, message| {
            problems[i].push(a.origin.diagnostic(severity, message));
        };
        if let Some(live) = index.live(group, key) {
            lives.push(Some(live));
            continue;
        }
        // An old name of an option that is still live (one a selection took out is not).
        let alias = index
            .alias(group, key)
            .filter(|a| index.live(a.group, &a.opt.dest).is_some_and(|l| std::ptr::eq(l.opt, a.opt)));
        if let Some(live) = alias {
            let message = format!(
                "{} is a deprecated name: written as {}",
                option_name(group, key),
                option_name(live.group, &live.opt.dest)
            );
            report(&mut problems, Severity::Warning, message);
            lives.push(Some(live));
            continue;
        }
        if scope.unchecked.contains_key(group) {
            // What the group's plugin reads, the specs do not know. A plugin an assignment
            // names is an error there; one the existing file names leaves this name unchecked,
            // and nothing unchecked is written.
            let in_file = scope.unknown.iter().find(|(c, line)| c.section == *group && assignment_at(*line).is_none());
            if let Some((chosen, _)) = in_file {
                let message = format!(
                    "{} cannot be checked: [{}] sets {} = {}, which the specs do not know",
                    option_name(group, key),
                    capped(group),
                    chosen.selector.option,
                    str_repr(&capped(&chosen.value))
                );
                report(&mut problems, Severity::Error, message);
            }
            lives.push(None);
            continue;
        }
        let (cg, ck) = &canonical[i];
        if let Some(why) = scope.not_read.get(&(cg.clone(), ck.clone())) {
            report(&mut problems, Severity::Error, format!("{} is not read: {why}", option_name(group, key)));
            lives.push(None);
            continue;
        }
        lives.push(None);
        if let Some(removed) = history.removed(group, key) {
            report(
                &mut problems,
                Severity::Error,
                format!("{} was {removed}: oslo ignores it", option_name(group, key)),
            );
        } else if let Some(next) = history.had_group(group).filter(|_| !hints.has_group(&index, group)) {
            let message = format!("[{}] was removed in {next}: oslo ignores its options", capped(group));
            report(&mut problems, Severity::Error, message);
        } else if hints.has_group(&index, group) {
            let message = match hints.option(&index, group, key) {
                Some(best) => {
                    format!("{} is not an option of the specs; did you mean `{best}`?", option_name(group, key))
                }
                None => {
                    let elsewhere = hints.elsewhere(&index, group, key);
                    format!("{} is not an option of the specs{elsewhere}", option_name(group, key))
                }
            };
            report(&mut problems, Severity::Error, message);
        } else {
            let message = match hints.group(group) {
                Some(best) => format!("[{}] is not a group of the specs; did you mean [{best}]?", capped(group)),
                None => format!("[{}] is not a group of the specs", capped(group)),
            };
            report(&mut problems, Severity::Error, message);
        }
    }

    // The values each assignment gives, by its option's type.
    let mut texts: Vec<Option<Vec<String>>> = Vec::with_capacity(assignments.len());
    for (i, (a, live)) in assignments.iter().zip(&lives).enumerate() {
        let (Some(live), Change::Set(given)) = (live, &a.change) else {
            texts.push(None);
            continue;
        };
        match texts_of(live.opt, given) {
            Ok(t) => texts.push(Some(t)),
            Err(message) => {
                let message = format!("{}: {message}", option_name(live.group, &live.opt.dest));
                problems[i].push(a.origin.diagnostic(Severity::Error, message));
                texts.push(None);
            }
        }
    }

    // The values as oslo reads them, for `$` references: the existing file's, then the
    // assignments', each under its option's own name.
    let mut entries: Vec<(String, String, String)> = Vec::new();
    if let Some(existing) = context.existing {
        for entry in &existing.entries {
            let group = section_group(&entry.section);
            let key = match index.live(&group, &entry.key).or_else(|| index.alias(&group, &entry.key)) {
                Some(live) => (live.group.to_owned(), live.opt.dest.to_string()),
                None => (group, entry.key.clone()),
            };
            if !unset.contains(&key) {
                entries.push((key.0, key.1, entry.value.clone()));
            }
        }
    }
    for (live, t) in lives.iter().zip(&texts) {
        if let (Some(live), Some(t)) = (live, t) {
            for text in t {
                entries.push((live.group.to_owned(), live.opt.dest.to_string(), text.clone()));
            }
        }
    }
    // One file, in the order of the list: what is given comes after what the file had.
    let places = (1..).map(|line| crate::ini::Place { file: 0, line });
    let values = FileValues::new(
        entries.iter().zip(places).map(|((g, k, v), place)| (g.as_str(), k.as_str(), v.as_str(), place)),
    );
    let mut written: Vec<Option<Vec<String>>> = vec![None; assignments.len()];
    for (i, ((a, live), t)) in assignments.iter().zip(&lives).zip(&texts).enumerate() {
        let (Some(live), Some(t)) = (live, t) else { continue };
        let name = option_name(live.group, &live.opt.dest);
        let secret = live.opt.secret;
        written[i] = t.iter().map(|text| crate::ini::write::value_text(text)).collect();
        for text in t {
            if crate::ini::write::value_text(text).is_none() {
                let shown = crate::diag::quoted(text, secret);
                let message = format!(
                    "{name}: {shown} cannot be written so that oslo reads it back (a line after the first that is blank, or starts or ends with a blank, or a carriage return)"
                );
                problems[i].push(a.origin.diagnostic(Severity::Error, message));
                continue;
            }
            if let Some(why) = value_problem(&index, &values, *live, text) {
                problems[i].push(a.origin.diagnostic(Severity::Error, format!("{name}: {why}")));
            }
        }
        if problems[i].iter().all(|d| d.severity != Severity::Error) {
            if let Change::Set(given @ (Given::Items(_) | Given::Pairs(_))) = &a.change {
                if let Some(message) = reads_back_as_given(&live.opt.ty, given, t, |text| {
                    values.substituted(&index, live.group, text, secret).ok().map(|v| v.text)
                }) {
                    problems[i].push(a.origin.diagnostic(Severity::Error, format!("{name}: {message}")));
                }
            }
        }
        if live.opt.deprecated_for_removal {
            let message = removal_warning(&name, live.opt);
            problems[i].push(a.origin.diagnostic(Severity::Warning, message));
        }
    }

    // One setting per option: a later source replaces an earlier one's; within a source a
    // multi-valued option takes each value, any other the last, with a warning.
    let mut settings: Vec<Setting> = Vec::new();
    let mut setting_at: HashMap<(String, String), (usize, usize)> = HashMap::new();
    for (i, (((a, live), t), w)) in assignments.iter().zip(&lives).zip(texts).zip(written).enumerate() {
        let Some(live) = live else { continue };
        if a.change != Change::Unset && (t.is_none() || w.is_none()) {
            continue;
        }
        let key = (live.group.to_owned(), live.opt.dest.to_string());
        let setting =
            Setting { group: key.0.clone(), opt: live.opt.clone(), values: t, texts: w, origin: a.origin.clone() };
        match setting_at.get(&key).copied() {
            None => {
                setting_at.insert(key, (settings.len(), i));
                settings.push(setting);
            }
            Some((at, previous)) => {
                let earlier = &assignments[previous];
                let multi = matches!(live.opt.ty.kind, TypeKind::MultiString);
                let old = &mut settings[at];
                match (&mut old.values, &mut old.texts, setting.values, setting.texts) {
                    (Some(old_values), Some(old_texts), Some(values), Some(texts))
                        if earlier.source == a.source && multi =>
                    {
                        old_values.extend(values);
                        old_texts.extend(texts);
                        old.origin = setting.origin;
                    }
                    (_, _, values, new) => {
                        let unsets = [earlier, a].iter().filter(|x| x.change == Change::Unset).count();
                        if earlier.source == a.source && unsets == 1 {
                            // Which one is meant, the order of the flags cannot say.
                            let message = format!(
                                "{} is set and unset: {} and {} say different things; give one",
                                option_name(&key.0, &key.1),
                                shown_origin(&earlier.origin),
                                shown_origin(&a.origin)
                            );
                            problems[i].push(a.origin.diagnostic(Severity::Error, message));
                        } else if earlier.source == a.source && earlier.change != Change::Unset && new.is_some() {
                            let message = format!(
                                "{} is set again by {}; the last value wins",
                                option_name(&key.0, &key.1),
                                shown_origin(&a.origin)
                            );
                            problems[previous].push(earlier.origin.diagnostic(Severity::Warning, message));
                        }
                        old.values = values;
                        old.texts = new;
                        old.origin = setting.origin;
                    }
                }
                setting_at.insert(key, (at, i));
            }
        }
    }

    let problems: Vec<Diagnostic> = problems.into_iter().flatten().collect();
    if problems.iter().any(|d| d.severity == Severity::Error) {
        return Err(problems);
    }

    // Required options set nowhere, in every section the file holds.
    let set: HashSet<(String, String)> = settings
        .iter()
        .filter(|s| s.texts.is_some())
        .map(|s| (s.group.clone(), s.opt.dest.to_string()))
        .chain(existing_set)
        .collect();
    let mut required = Vec::new();
    for group in &names {
        for live in index.options_in(group) {
            let key = (group.clone(), live.opt.dest.to_string());
            if live.opt.required && live.opt.default.is_none() && !set.contains(&key) {
                let why = scope.required_by.get(&key).map(|(_, why)| why.clone());
                required.push(Required { group: key.0, dest: key.1, why });
            }
        }
    }
    Ok(Resolved { settings, warnings: problems, chosen: scope.chosen, required })
}

/// The `flag` arguments (`--group`) that name no group of `known` nor one of `also` (the
/// groups values are set in): each an error with the closest group, if one is close enough,
/// under one budget of work for them all.
pub fn unknown_groups(flag: &'static str, picked: &[String], known: &[String], also: &[&str]) -> Vec<Diagnostic> {
    let mut suggester = crate::suggest::Suggester::default();
    let mut candidates = crate::suggest::Candidates::new(known.iter().map(String::as_str));
    let mut problems = Vec::new();
    for (i, group) in picked.iter().enumerate() {
        if known.contains(group) || also.contains(&group.as_str()) {
            continue;
        }
        let hint = match suggester.closest(group, &mut candidates) {
            Some(best) => format!("; did you mean [{}]?", known[best]),
            None => String::new(),
        };
        let message = format!("[{}] is not a group of the specs{hint}", capped(group));
        problems.push(Origin::Argument { flag, number: i + 1 }.diagnostic(Severity::Error, message));
    }
    problems
}

/// `--set #2` or `FILE:LINE`, as a message names another assignment.
fn shown_origin(origin: &Origin) -> String {
    match origin {
        Origin::Argument { flag, number } => format!("{flag} #{number}"),
        Origin::File { path, line: Some(line), .. } => format!("{path}:{line}"),
        Origin::File { path, .. } => path.clone(),
    }
}

/// `GROUP.OPTION` split where the longest group `is_group` knows ends; at the last `.` when
/// it knows none (no option name holds a `.`; group names may: glance's
/// `glance.store.http.store`).
fn split_dotted(name: &str, is_group: &dyn Fn(&str) -> bool) -> (String, String) {
    let dots: Vec<usize> = name.match_indices('.').map(|(at, _)| at).collect();
    let at = dots
        .iter()
        .rev()
        .copied()
        .find(|&at| at > 0 && at + 1 < name.len() && is_group(&normalize_group(&name[..at])))
        .or_else(|| dots.last().copied())
        .unwrap_or(name.len());
    (normalize_group(&name[..at]), name.get(at + 1..).unwrap_or_default().to_owned())
}

/// The config-file texts of a value given to `opt`, one per line: a values file's list or
/// mapping made the text of the option's type (see the module's rule).
fn texts_of(opt: &Opt, given: &Given) -> Result<Vec<String>, String> {
    match (&opt.ty.kind, given) {
        (_, Given::Text(text)) => Ok(vec![text.clone()]),
        (TypeKind::MultiString, Given::Items(items)) if items.is_empty() => {
            Err("an empty list sets no value: leave the option out".into())
        }
        (TypeKind::MultiString, Given::Items(items)) => Ok(items.clone()),
        (TypeKind::List { bounds, .. }, Given::Items(items)) => {
            let joined = items.join(",");
            Ok(vec![if *bounds { format!("[{joined}]") } else { joined }])
        }
        (TypeKind::Dict { bounds, key_value_separator, .. }, Given::Pairs(pairs)) => {
            let joined =
                pairs.iter().map(|(k, v)| format!("{k}{key_value_separator}{v}")).collect::<Vec<_>>().join(",");
            Ok(vec![if *bounds { format!("{{{joined}}}") } else { joined }])
        }
        (_, Given::Items(_)) => {
            Err(format!("a list is a value of a list or multi-valued option, not of a {}", opt.ty.type_name))
        }
        (_, Given::Pairs(_)) => Err(format!("a mapping is a value of a dict option, not of a {}", opt.ty.type_name)),
    }
}

/// Whether the text a list or mapping was joined into reads back as those items: `None` when
/// it does, else why not. `substituted` gives a text with its `$` references resolved.
fn reads_back_as_given(
    ty: &crate::spec::model::OptType,
    given: &Given,
    texts: &[String],
    substituted: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    let read = |ty: &crate::spec::model::OptType, text: &str| -> Option<Converted> {
        convert(ty, &PyValue::Str(substituted(text)?)).ok()
    };
    match (&ty.kind, given, texts) {
        (TypeKind::List { item_type, .. }, Given::Items(items), [text]) => {
            let want: Option<Vec<Converted>> = items.iter().map(|i| read(item_type, i)).collect();
            let got = read(ty, text)?;
            (want.as_deref().map(Converted::list) != Some(got.clone())).then(|| {
                format!(
                    "its items joined with `,` read back as {}: an item holding a `,` or blanks at an end cannot be one",
                    capped(&got.py_str())
                )
            })
        }
        (TypeKind::Dict { value_type, .. }, Given::Pairs(pairs), [text]) => {
            let want: Option<Vec<String>> = pairs
                .iter()
                .map(|(k, v)| Some(format!("{}: {}", str_repr(k), read(value_type, v)?.py_repr())))
                .collect();
            let got = read(ty, text)?;
            let want = want.map(|w| Converted::Repr(format!("{{{}}}", w.join(", "))));
            (want != Some(got.clone())).then(|| {
                format!(
                    "its pairs joined with `,` read back as {}: a key or value holding a `,` or the separator, or blanks at an end, cannot be one",
                    capped(&got.py_str())
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(yaml: &str) -> Catalog {
        Catalog { specs: vec![crate::spec::Loader::new().load_text("t.yaml".into(), yaml.into(), None).unwrap()] }
    }

    const SPEC: &str = "namespace: t
groups:
  - name: DEFAULT
    options:
      - {name: transport_url, type: uri}
      - {name: debug, type: boolean, default: false}
      - {name: hosts, type: list}
      - {name: extra, type: multi_string}
      - {name: limits, type: dict, value_type: {type: integer}}
      - {name: workers, type: integer, min: 1, default: 1}
      - {name: name, type: string, default: x, deprecated_opts: [{name: old_name}]}
      - {name: dir, type: string, default: /var}
      - {name: secret, type: string, secret: true}
  - name: glance.store.http.store
    options:
      - {name: https_insecure, type: boolean, default: true}
  - name: glance
    options:
      - {name: num_retries, type: integer, min: 0, default: 3}
      - {name: api_servers, type: list}
      - {name: cafile, type: string, deprecated_opts: [{name: ca_file, group: ssl}]}
      - {name: needed, type: string, required: true}
";

    fn args(args: &[&str]) -> Vec<Assignment> {
        from_arguments("--set", &args.iter().map(|a| a.to_string()).collect::<Vec<_>>(), 1).unwrap()
    }

    fn messages(problems: &[Diagnostic]) -> Vec<String> {
        problems.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn names_split_where_the_longest_group_ends() {
        let groups = ["DEFAULT", "glance", "glance.store.http.store"];
        let is_group = |g: &str| groups.contains(&g);
        assert_eq!(split_dotted("glance.store.http.store.https_insecure", &is_group).0, "glance.store.http.store");
        assert_eq!(split_dotted("default.debug", &is_group), ("DEFAULT".into(), "debug".into()));
        assert_eq!(split_dotted("Glance.num_retries", &is_group), ("glance".into(), "num_retries".into()));
        assert_eq!(split_dotted("nosuch.x.y", &is_group), ("nosuch.x".into(), "y".into()));
    }

    #[test]
    fn arguments_need_a_group_an_option_and_an_equals_sign() {
        let problems = from_arguments("--set", &["debug".into(), "debug=1".into(), "a.b=c=d".into()], 1).unwrap_err();
        assert_eq!(
            messages(&problems),
            [
                "--set #1: error: 'debug' is no assignment: write GROUP.OPTION=VALUE (DEFAULT.OPTION=VALUE for [DEFAULT])",
                "--set #2: error: 'debug' names no group and option: write GROUP.OPTION (DEFAULT.OPTION for [DEFAULT])",
            ]
        );
        let ok = from_arguments("--set", &["a.b=c=d".into()], 1).unwrap();
        assert_eq!(ok[0].change, Change::Set(Given::Text("c=d".into())));
    }

    #[test]
    fn values_are_checked_as_validate_checks_them() {
        let catalog = catalog(SPEC);
        let problems = resolve(
            &catalog,
            &args(&[
                "glance.num_retries=-1",
                "DEFAULT.debug=ture",
                "glance.api_server=x",
                "nosuch.x=1",
                "DEFAULT.secret=$nope",
                "DEFAULT.workers=$secret",
                "DEFAULT.secret=hunter2",
            ]),
            &Context::default(),
        )
        .unwrap_err();
        assert_eq!(
            messages(&problems),
            [
                "--set #1: error: [glance]/num_retries: '-1' is below the minimum 0",
                "--set #2: error: [DEFAULT]/debug: 'ture' is not a boolean: use true/false, yes/no, on/off or 1/0",
                "--set #3: error: [glance]/api_server is not an option of the specs; did you mean `api_servers`?",
                "--set #4: error: [nosuch] is not a group of the specs",
                "--set #5: error: [DEFAULT]/secret: **** holds a `$` reference oslo cannot resolve (the value is secret)",
                "--set #5: warning: [DEFAULT]/secret is set again by --set #7; the last value wins",
                "--set #6: error: [DEFAULT]/workers: **** is not an integer",
            ]
        );
        assert!(problems.iter().all(|d| !d.to_string().contains("hunter2")));
    }

    #[test]
    fn deprecated_names_are_written_under_the_new_name_with_a_warning() {
        let catalog = catalog(SPEC);
        let resolved = resolve(
            &catalog,
            &args(&["ssl.ca_file=/etc/ca.pem", "DEFAULT.old_name=n", "glance.needed=x"]),
            &Context::default(),
        )
        .unwrap();
        let settings: Vec<(&str, &str, Vec<String>)> = resolved
            .settings
            .iter()
            .map(|s| (s.group.as_str(), s.opt.dest.as_ref(), s.texts.clone().unwrap()))
            .collect();
        assert_eq!(
            settings,
            [
                ("glance", "cafile", vec!["/etc/ca.pem".to_owned()]),
                ("DEFAULT", "name", vec!["n".to_owned()]),
                ("glance", "needed", vec!["x".to_owned()])
            ]
        );
        assert_eq!(
            messages(&resolved.warnings),
            [
                "--set #1: warning: [ssl]/ca_file is a deprecated name: written as [glance]/cafile",
                "--set #2: warning: [DEFAULT]/old_name is a deprecated name: written as [DEFAULT]/name",
            ]
        );
        assert!(resolved.required.is_empty());
    }

    #[test]
    fn required_options_left_unset_are_named() {
        let catalog = catalog(SPEC);
        let context = Context { sections: vec!["glance".into()], ..Context::default() };
        let resolved = resolve(&catalog, &args(&["DEFAULT.debug=true"]), &context).unwrap();
        assert_eq!(
            resolved.required.iter().map(Required::message).collect::<Vec<_>>(),
            ["required option [glance]/needed is not set"]
        );
        // A group the file does not hold requires nothing.
        let resolved = resolve(&catalog, &args(&["DEFAULT.debug=true"]), &Context::default()).unwrap();
        assert!(resolved.required.is_empty());
    }

    #[test]
    fn a_values_file_becomes_config_text_by_the_options_type() {
        let catalog = catalog(SPEC);
        let yaml = "DEFAULT:\n  debug: true\n  workers: 8\n  hosts: [a, b]\n  extra: [x, y]\n  limits: {a: 1, b: 2}\n  name: 1.50\n  dir: 1e3\nglance:\n  api_servers: [https://g:9292]\n  needed: yes\n";
        let assignments = from_yaml("v.yaml", yaml, 0).unwrap();
        assert_eq!(assignments[0].origin, Origin::File { path: "v.yaml".into(), line: Some(2), column: Some(10) });
        let resolved = resolve(&catalog, &assignments, &Context::default()).unwrap();
        let texts: Vec<(String, Vec<String>)> =
            resolved.settings.iter().map(|s| (s.opt.dest.to_string(), s.texts.clone().unwrap())).collect();
        let want: Vec<(String, Vec<String>)> = [
            ("debug", vec!["true"]),
            ("workers", vec!["8"]),
            ("hosts", vec!["a,b"]),
            ("extra", vec!["x", "y"]),
            ("limits", vec!["a:1,b:2"]),
            ("name", vec!["1.5"]),
            ("dir", vec!["1000.0"]),
            ("api_servers", vec!["https://g:9292"]),
            ("needed", vec!["yes"]),
        ]
        .into_iter()
        .map(|(d, t)| (d.to_owned(), t.into_iter().map(str::to_owned).collect()))
        .collect();
        assert_eq!(texts, want);
    }

    #[test]
    fn what_a_values_file_cannot_say_is_refused_at_its_line() {
        let catalog = catalog(SPEC);
        let yaml = "DEFAULT:\n  hosts: ['a,b', c]\n  debug: [true]\n  limits: {'a,b': 1}\n  workers: ~\n";
        let problems = match from_yaml("v.yaml", yaml, 0) {
            Ok(assignments) => resolve(&catalog, &assignments, &Context::default()).unwrap_err(),
            Err(problems) => problems,
        };
        assert_eq!(
            messages(&problems),
            ["v.yaml:5:12: error: no value (null): write \"\" for the empty value, or leave the option out"]
        );
        let yaml = "DEFAULT:\n  hosts: ['a,b', c]\n  debug: [true]\n  limits: {a: 1, ' b': 2}\n";
        let problems = resolve(&catalog, &from_yaml("v.yaml", yaml, 0).unwrap(), &Context::default()).unwrap_err();
        assert_eq!(
            messages(&problems),
            [
                "v.yaml:2:10: error: [DEFAULT]/hosts: its items joined with `,` read back as ['a', 'b', 'c']: an item holding a `,` or blanks at an end cannot be one",
                "v.yaml:3:10: error: [DEFAULT]/debug: a list is a value of a list or multi-valued option, not of a boolean value",
                "v.yaml:4:11: error: [DEFAULT]/limits: its pairs joined with `,` read back as {'a': 1, 'b': 2}: a key or value holding a `,` or the separator, or blanks at an end, cannot be one",
            ]
        );
    }

    #[test]
    fn an_ini_file_carries_its_settings_over() {
        let catalog = catalog(SPEC);
        let ini = "[DEFAULT]\nextra = a\nextra = b\ndebug = true\ndebug = false\n[ssl]\nca_file = /ca\n";
        let resolved = resolve(&catalog, &from_ini("old.conf", ini, 0).unwrap(), &Context::default()).unwrap();
        let texts: Vec<(&str, Vec<String>)> =
            resolved.settings.iter().map(|s| (s.opt.dest.as_ref(), s.texts.clone().unwrap())).collect();
        assert_eq!(
            texts,
            [
                ("extra", vec!["a".to_owned(), "b".to_owned()]),
                ("debug", vec!["false".to_owned()]),
                ("cafile", vec!["/ca".to_owned()])
            ]
        );
        assert_eq!(
            messages(&resolved.warnings),
            [
                "old.conf:4: warning: [DEFAULT]/debug is set again by old.conf:5; the last value wins",
                "old.conf:7: warning: [ssl]/ca_file is a deprecated name: written as [glance]/cafile",
            ]
        );
    }

    #[test]
    fn a_later_source_replaces_an_earlier_ones_value() {
        let catalog = catalog(SPEC);
        let mut assignments = from_yaml("v.yaml", "DEFAULT: {extra: [a, b], debug: true}\n", 0).unwrap();
        assignments.extend(args(&["DEFAULT.extra=c", "DEFAULT.debug=false"]));
        let resolved = resolve(&catalog, &assignments, &Context::default()).unwrap();
        let texts: Vec<Vec<String>> = resolved.settings.iter().map(|s| s.texts.clone().unwrap()).collect();
        assert_eq!(texts, [vec!["c".to_owned()], vec!["false".to_owned()]]);
        assert!(resolved.warnings.is_empty());
    }

    #[test]
    fn changes_to_an_existing_file_resolve_against_its_settings() {
        let catalog = catalog(SPEC);
        let existing = crate::ini::parse("[DEFAULT]\nworkers = 4\n[glance]\nneeded = x\nnum_retries = 2\n");
        let context = Context { existing: Some(&existing), ..Context::default() };
        let mut assignments = unset_arguments("--unset", &["glance.needed".into()], 1).unwrap();
        assignments.extend(args(&["DEFAULT.name=$workers"]));
        let resolved = resolve(&catalog, &assignments, &context).unwrap();
        let changes: Vec<(&str, Option<Vec<String>>)> =
            resolved.settings.iter().map(|s| (s.opt.dest.as_ref(), s.values.clone())).collect();
        assert_eq!(changes, [("needed", None), ("name", Some(vec!["$workers".to_owned()]))]);
        // The existing file's values count as set, but not one unset.
        assert_eq!(
            resolved.required.iter().map(Required::message).collect::<Vec<_>>(),
            ["required option [glance]/needed is not set"]
        );
        // A reference resolves against the value the changes leave: the assignment's, over the
        // file's.
        let problems =
            resolve(&catalog, &args(&["glance.num_retries=$workers", "DEFAULT.workers=-1"]), &context).unwrap_err();
        assert_eq!(
            messages(&problems),
            [
                "--set #1: error: [glance]/num_retries: ${workers} refers to [DEFAULT]/workers, whose value is not valid: '-1' is below the minimum 1",
                "--set #2: error: [DEFAULT]/workers: '-1' is below the minimum 1",
            ]
        );
        assert!(resolve(&catalog, &args(&["glance.num_retries=$workers"]), &context).is_ok());
    }

    #[test]
    fn an_option_both_set_and_unset_is_an_error() {
        let catalog = catalog(SPEC);
        let existing = crate::ini::parse("[DEFAULT]\nworkers = 4\n");
        let context = Context { existing: Some(&existing), ..Context::default() };
        let mut assignments = args(&["DEFAULT.workers=2", "DEFAULT.debug=true"]);
        assignments.extend(unset_arguments("--unset", &["DEFAULT.workers".into(), "DEFAULT.debug".into()], 1).unwrap());
        let problems = resolve(&catalog, &assignments, &context).unwrap_err();
        assert_eq!(
            messages(&problems),
            [
                "--unset #1: error: [DEFAULT]/workers is set and unset: --set #1 and --unset #1 say different things; give one",
                "--unset #2: error: [DEFAULT]/debug is set and unset: --set #2 and --unset #2 say different things; give one",
            ]
        );
        // Unset twice is unset.
        let twice = unset_arguments("--unset", &["DEFAULT.workers".into(), "DEFAULT.workers".into()], 1).unwrap();
        assert!(resolve(&catalog, &twice, &context).unwrap().settings[0].texts.is_none());
    }

    #[test]
    fn a_plugin_the_existing_file_names_and_the_specs_do_not_know_leaves_nothing_written_unchecked() {
        let catalog = catalog(AUTH);
        let existing = crate::ini::parse("[ks]\nauth_type = custom_plugin\n");
        let context = Context { existing: Some(&existing), ..Context::default() };
        let problems = resolve(&catalog, &args(&["ks.custom_key=1"]), &context).unwrap_err();
        assert_eq!(
            messages(&problems),
            ["--set #1: error: [ks]/custom_key cannot be checked: [ks] sets auth_type = 'custom_plugin', which the specs do not know"]
        );
        // The group's own options are still known and checked.
        assert!(resolve(&catalog, &args(&["ks.timeout=3"]), &context).is_ok());
    }

    const AUTH: &str = "namespace: t\ngroups:\n  - name: ks\n    options:\n      - {name: timeout, type: integer}\n      - include: keystoneauth1-auth\n";

    #[test]
    fn an_auth_plugin_brings_its_options_and_their_requirements() {
        let catalog = catalog(AUTH);
        let resolved = resolve(
            &catalog,
            &args(&["ks.auth_type=password", "ks.username=nova", "ks.tenant_name=service"]),
            &Context::default(),
        )
        .unwrap();
        let set: Vec<(&str, &str)> =
            resolved.settings.iter().map(|s| (s.group.as_str(), s.opt.dest.as_ref())).collect();
        assert_eq!(set, [("ks", "auth_type"), ("ks", "username"), ("ks", "project_name")]);
        assert_eq!(
            messages(&resolved.warnings),
            ["--set #3: warning: [ks]/tenant_name is a deprecated name: written as [ks]/project_name"]
        );
        let chosen: Vec<(&str, &str, usize)> =
            resolved.chosen.iter().map(|c| (c.section.as_str(), c.value.as_str(), c.options().len())).collect();
        assert_eq!(chosen, [("ks", "password", 16)]);
        assert_eq!(
            resolved.required.iter().map(Required::message).collect::<Vec<_>>(),
            ["required option [ks]/auth_url is not set (auth_type = password reads it)"]
        );
        let problems = resolve(&catalog, &args(&["ks.auth_type=pasword", "ks.password=hunter2"]), &Context::default())
            .unwrap_err();
        let shown = messages(&problems);
        assert_eq!(
            shown,
            ["--set #1: error: [ks]/auth_type: the specs know no auth_type 'pasword'; did you mean `password`?"]
        );
        let problems = resolve(&catalog, &args(&["ks.username=nova"]), &Context::default()).unwrap_err();
        assert_eq!(
            messages(&problems),
            ["--set #1: error: [ks]/username is not read: [ks] sets no auth_type, so no auth_type reads it"]
        );
    }
}
