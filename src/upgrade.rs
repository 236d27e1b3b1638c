//! `confspec upgrade`: every deprecated name in a config file rewritten to its replacement.
//!
//! The file is edited as text, not re-serialised: a renamed key keeps its line (separator,
//! spacing, value and continuation lines byte for byte); a key whose group changes moves to
//! the end of that group's section (created at the end of the file if there is none);
//! comments, order and every other line stay as they were, with the file's line endings.
//! When the replacement is already set, nothing is guessed: the old line stays and the
//! conflict is reported.

use crate::ini::parser::lines_with_endings;
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

/// `line` with its key (at the start of the line) replaced by `new_key`.
fn rename_key(line: &str, old_key: &str, new_key: &str) -> String {
    match line.find(old_key) {
        Some(at) => format!("{}{new_key}{}", &line[..at], &line[at + old_key.len()..]),
        None => line.to_owned(),
    }
}

pub fn upgrade(catalog: &Catalog, text: &str, doc: &IniDoc) -> Upgrade {
    // The options each section holds as validate sees them: those of the auth plugin its
    // `auth_type` chooses (with that plugin's old names), not every plugin's.
    let names: BTreeSet<String> = doc.sections.iter().map(|s| section_group(&s.name)).collect();
    let mut index = OptionIndex::new(catalog);
    crate::validate::scope::resolve(catalog, &mut index, &names, &crate::validate::scope::FileValues::new(doc));
    let lines = lines_with_endings(text);
    let newline = lines.iter().map(|(_, e)| *e).find(|e| !e.is_empty()).unwrap_or("\n");

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
    let mut replaced: HashMap<usize, String> = HashMap::new(); // line index -> new content
    let mut removed: Vec<bool> = vec![false; lines.len()];
    // Target group -> moved lines (already renamed, with endings), in file order.
    let mut moves: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
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
        let key_index = entry.line - 1;
        let renamed = rename_key(lines[key_index].0, &entry.key, &live.opt.dest);
        if group == live.group {
            replaced.insert(key_index, renamed);
            changes.push(Change::Renamed { line: entry.line, old, new });
        } else {
            let block = moves.entry(live.group.to_owned()).or_insert((entry.line, Vec::new()));
            block
                .1
                .push(format!("{renamed}{}", if lines[key_index].1.is_empty() { newline } else { lines[key_index].1 }));
            for (content, ending) in &lines[entry.line..entry.last_line] {
                block.1.push(format!("{content}{}", if ending.is_empty() { newline } else { ending }));
            }
            for flag in &mut removed[key_index..entry.last_line] {
                *flag = true;
            }
            changes.push(Change::Moved { line: entry.line, old, new });
        }
    }

    // Where each moved block goes: after the last key of the group's last section, or right
    // after its header when it has no keys; groups without a section get one at the end.
    // The sections are in file order: an entry belongs to the last header above it. Each
    // group's last section, and the last line of each section's kept keys, in one pass each.
    let mut last_section: HashMap<String, usize> = HashMap::new();
    for (i, section) in doc.sections.iter().enumerate() {
        last_section.insert(section_group(&section.name), i);
    }
    let mut last_kept: Vec<Option<usize>> = vec![None; doc.sections.len()];
    for entry in doc.entries.iter().filter(|e| !removed[e.line - 1]) {
        let above = doc.sections.partition_point(|s| s.line < entry.line);
        if let Some(slot) = above.checked_sub(1).map(|i| &mut last_kept[i]) {
            *slot = Some(slot.map_or(entry.last_line, |l| l.max(entry.last_line)));
        }
    }
    let mut insert_after: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut appended: Vec<String> = Vec::new();
    for (group, (_, block)) in moves {
        match last_section.get(&group) {
            Some(&i) => {
                let last_key = last_kept[i].unwrap_or(doc.sections[i].line);
                insert_after.entry(last_key).or_default().extend(block);
            }
            None => {
                appended.push(newline.to_owned());
                appended.push(format!("[{group}]{newline}"));
                appended.extend(block);
            }
        }
    }

    let mut out = String::with_capacity(text.len() + 64);
    for (i, (content, ending)) in lines.iter().enumerate() {
        if !removed[i] {
            out.push_str(replaced.get(&i).map(String::as_str).unwrap_or(content));
            out.push_str(ending);
        }
        if let Some(block) = insert_after.get(&(i + 1)) {
            if ending.is_empty() && !removed[i] {
                out.push_str(newline);
            }
            for line in block {
                out.push_str(line);
            }
        }
    }
    if !appended.is_empty() {
        if !out.is_empty() && !out.ends_with('\n') && !out.ends_with('\r') {
            out.push_str(newline);
        }
        for line in appended {
            out.push_str(&line);
        }
    }
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

/// Whether the file sets an option the specs say is secret (under its name or an old one): a
/// copy of it holds that secret too.
pub fn holds_secret(catalog: &Catalog, doc: &IniDoc) -> bool {
    let index = OptionIndex::new(catalog);
    doc.entries.iter().any(|entry| {
        let group = section_group(&entry.section);
        index.live(&group, &entry.key).or_else(|| index.alias(&group, &entry.key)).is_some_and(|live| live.opt.secret)
    })
}
