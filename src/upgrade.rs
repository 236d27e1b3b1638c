//! `confspec upgrade`: every deprecated name in a config file rewritten to its replacement.
//!
//! The file is edited as text, not re-serialised: a renamed key keeps its line (separator,
//! spacing, value and continuation lines byte for byte); a key whose group changes moves to
//! the end of that group's section (created at the end of the file if there is none);
//! comments, order and every other line stay as they were, with the file's line endings.
//! When the replacement is already set, nothing is guessed: the old line stays and the
//! conflict is reported.

use crate::ini::write::{setting_line, Edits};
use crate::ini::IniDoc;
use crate::spec::index::OptionIndex;
use crate::spec::model::{Catalog, TypeKind};
use crate::validate::section_group;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One thing the upgrade did or could not do, at a line of the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Renamed in place (same section).
    Renamed { line: usize, old: String, new: String },
    /// Renamed and moved to the new group's section.
    Moved { line: usize, old: String, new: String },
    /// Left alone: the replacement is set as well (or several old names point at it).
    Conflict { line: usize, old: String, new: String, reason: String },
}

impl Change {
    pub fn line(&self) -> usize {
        match self {
            Change::Renamed { line, .. } | Change::Moved { line, .. } | Change::Conflict { line, .. } => *line,
        }
    }
}

pub struct Upgrade {
    pub text: String,
    pub changes: Vec<Change>,
}

pub fn upgrade(catalog: &Catalog, text: &str, doc: &IniDoc) -> Upgrade {
    // The options each section holds as validate sees them: those of the auth plugin its
    // `auth_type` chooses (with that plugin's old names), not every plugin's.
    let names: BTreeSet<String> = doc.sections.iter().map(|s| section_group(&s.name)).collect();
    let mut index = OptionIndex::new(catalog);
    crate::validate::scope::resolve(catalog, &mut index, &names, &crate::validate::scope::FileValues::new(doc));
    let mut edits = Edits::new(text, doc);

    // Which live options are set under their own name, and by how many old names.
    let mut live_set: HashMap<(String, String), usize> = HashMap::new();
    let mut alias_uses: HashMap<(String, String), usize> = HashMap::new();
    for entry in &doc.entries {
        let group = section_group(&entry.section);
        if let Some(live) = index.live(&group, &entry.key) {
            live_set.entry((live.group.to_owned(), live.opt.dest.to_string())).or_insert(entry.line);
        } else if let Some(live) = index.alias(&group, &entry.key) {
            *alias_uses.entry((live.group.to_owned(), live.opt.dest.to_string())).or_default() += 1;
        }
    }

    let mut changes = Vec::new();
    // Target group -> moved lines (already renamed, with endings), in file order.
    let mut moves: BTreeMap<String, String> = BTreeMap::new();
    for entry in &doc.entries {
        let group = section_group(&entry.section);
        if index.live(&group, &entry.key).is_some() {
            continue;
        }
        let Some(live) = index.alias(&group, &entry.key) else { continue };
        let target = (live.group.to_owned(), live.opt.dest.to_string());
        let old = format!("[{}]/{}", entry.section, entry.key);
        let new = format!("[{}]/{}", live.group, live.opt.dest);
        let multi = matches!(live.opt.ty.kind, TypeKind::MultiString);
        if let Some(line) = live_set.get(&target) {
            let reason =
                format!("{new} is already set (line {line}); remove {old} once you have checked which value you want");
            changes.push(Change::Conflict { line: entry.line, old, new, reason });
            continue;
        }
        if !multi && alias_uses[&target] > 1 {
            let reason = format!("several old names of {new} are set; keep one and run upgrade again");
            changes.push(Change::Conflict { line: entry.line, old, new, reason });
            continue;
        }
        let renamed = setting_line(edits.line(entry.line), &entry.key, &live.opt.dest, None);
        if group == live.group {
            edits.replace(entry.line, entry.line, renamed);
            changes.push(Change::Renamed { line: entry.line, old, new });
        } else {
            // The lines move with their own endings (a line without one gets the file's).
            let block = moves.entry(live.group.to_owned()).or_default();
            for number in entry.line..=entry.last_line {
                let content = if number == entry.line { renamed.as_str() } else { edits.line(number) };
                let ending = edits.ending(number);
                block.push_str(content);
                block.push_str(if ending.is_empty() { edits.newline() } else { ending });
            }
            edits.remove(entry.line, entry.last_line);
            changes.push(Change::Moved { line: entry.line, old, new });
        }
    }
    // Each group's lines, groups by name (so new sections come in that order).
    for (group, block) in &moves {
        edits.add(group, block);
    }
    let out = edits.apply();
    changes.sort_by_key(Change::line);
    Upgrade { text: out, changes }
}

/// One line per change, `path:line: ...`.
pub fn report(path: &str, changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        match change {
            Change::Renamed { line, old, new } => out.push_str(&format!("{path}:{line}: renamed {old} -> {new}\n")),
            Change::Moved { line, old, new } => {
                out.push_str(&format!("{path}:{line}: renamed {old} -> {new} (moved to its section)\n"))
            }
            Change::Conflict { line, old, new, reason } => {
                out.push_str(&format!("{path}:{line}: warning: left {old} as it is ({new}): {reason}\n"))
            }
        }
    }
    let done = changes.iter().filter(|c| !matches!(c, Change::Conflict { .. })).count();
    let conflicts = changes.len() - done;
    out.push_str(&format!(
        "{path}: {done} deprecated name{} upgraded, {conflicts} conflict{}\n",
        if done == 1 { "" } else { "s" },
        if conflicts == 1 { "" } else { "s" }
    ));
    out
}
