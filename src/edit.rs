//! `confspec edit`: options set or unset in a config file, as crudini sets them, but with
//! every name and value checked against the specs first (`assign::resolve`, as `generate
//! --set` checks them) and the file changed only where the options are.
//!
//! An option's lines are those oslo reads it from (`FileValues::settings`): its own name or an
//! old one, in its group's sections or an old group's; an old name that is another option's
//! own is that option's line, as `upgrade` leaves it. Setting it changes the
//! line oslo reads (the last under its own name in its group, else the last in its group; the
//! first, of a multi-valued option) in place: the key spelled as the option is named now, the
//! blanks after the separator kept, the new value after them, and its other lines go. Set
//! nowhere in its group, it is added after the last setting of the group's last section
//! (before the blank lines and comments that follow, as crudini adds it), in a section made at
//! the end of the file when there is none. Unsetting takes every one of its lines out, their
//! continuation lines with them. Every other byte stays: comments, order, blank lines, the
//! case of section names, the file's line endings. A value is written so that oslo reads it
//! back exactly (`ini::write::value_text`): a line break in it becomes a continuation line,
//! which can never start a section or a setting of its own.

use crate::assign::{Resolved, Setting};
use crate::diag::{capped, Diagnostic, Severity};
use crate::ini::write::{setting_line, setting_lines, Edits};
use crate::ini::{Entry, IniDoc};
use crate::spec::index::OptionIndex;
use crate::spec::model::{Catalog, TypeKind};
use crate::validate::section_group;
use std::collections::{BTreeSet, HashMap};

/// What the edit did to one option, at a line of the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Its line `line` now holds the new value; `renamed` is the name it was set under when
    /// that was an old one.
    Set { line: usize, option: String, renamed: Option<String> },
    /// Added to its group's section (`new_section`: made at the end of the file).
    Added { option: String, new_section: bool },
    /// A line that set it again, or under an old name (`old`: that name), taken out.
    Removed { line: usize, option: String, old: Option<String> },
    /// Its lines taken out (`--unset`).
    Unset { line: usize, option: String },
    /// `--unset` of an option the file does not set: nothing to do.
    NotSet { option: String },
}

impl Change {
    /// The line of the original file it is at; 0 when it has none.
    fn line(&self) -> usize {
        match self {
            Change::Set { line, .. } | Change::Removed { line, .. } | Change::Unset { line, .. } => *line,
            Change::Added { .. } | Change::NotSet { .. } => 0,
        }
    }
}

pub struct Edited {
    pub text: String,
    pub changes: Vec<Change>,
}

/// `text` (read as `doc`, free of syntax errors) with `resolved`'s settings made. With
/// `existing_only`, an option the file does not set yet is an error, at the assignment that
/// would add it, and nothing is made.
pub fn edit(
    catalog: &Catalog,
    text: &str,
    doc: &IniDoc,
    resolved: &Resolved,
    existing_only: bool,
    path: &str,
) -> Result<Edited, Vec<Diagnostic>> {
    // A name that is some option's own, in its group, is that option's line, even when
    // another option lists it as an old name (oslo would read it for both): the options each
    // section holds as validate sees them, an auth plugin's as `auth_type` chooses it.
    let names: BTreeSet<String> = doc.sections.iter().map(|s| section_group(&s.name)).collect();
    let mut index = OptionIndex::new(catalog);
    crate::validate::scope::resolve(catalog, &mut index, &names, &crate::validate::scope::FileValues::new(doc));
    let mut by_name: HashMap<(String, &str), Vec<&Entry>> = HashMap::new();
    for entry in &doc.entries {
        by_name.entry((section_group(&entry.section), entry.key.as_str())).or_default().push(entry);
    }

    let mut edits = Edits::new(text, doc);
    let newline = edits.newline();
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    let mut sections: BTreeSet<String> = names.clone();
    for setting in &resolved.settings {
        let option = format!("[{}]/{}", setting.group, setting.opt.dest);
        let lines = lines_of(setting, &by_name, &index);
        let Some(texts) = &setting.texts else {
            if lines.is_empty() {
                changes.push(Change::NotSet { option: option.clone() });
            }
            for entry in lines {
                edits.remove(entry.line, entry.last_line);
                changes.push(Change::Unset { line: entry.line, option: option.clone() });
            }
            continue;
        };
        if lines.is_empty() && existing_only {
            let message = format!(
                "{} is not set in {}, and --existing changes only what the file sets",
                capped(&option),
                capped(path)
            );
            problems.push(setting.origin.diagnostic(Severity::Error, message));
            continue;
        }
        let in_group: Vec<&Entry> =
            lines.iter().copied().filter(|e| section_group(&e.section) == setting.group).collect();
        let own = |e: &&&Entry| e.key == setting.opt.dest;
        let kept = match setting.opt.ty.kind {
            TypeKind::MultiString => in_group.first(),
            _ => in_group.iter().rev().find(own).or(in_group.last()),
        }
        .copied();
        for entry in lines.iter().filter(|e| kept.is_none_or(|k| !std::ptr::eq(**e, k))) {
            edits.remove(entry.line, entry.last_line);
            let again = entry.key == setting.opt.dest && section_group(&entry.section) == setting.group;
            let old = (!again).then(|| format!("[{}]/{}", entry.section, entry.key));
            changes.push(Change::Removed { line: entry.line, option: option.clone(), old });
        }
        let (first, rest) = texts.split_first().expect("a setting has a value");
        let mut more = String::new();
        setting_lines(&setting.opt.dest, rest.iter().map(String::as_str), &mut more);
        match kept {
            Some(entry) => {
                let line = setting_line(edits.line(entry.line), &entry.key, &setting.opt.dest, Some(first));
                let content = format!("{line}\n{more}");
                let content = content.strip_suffix('\n').unwrap_or(&content);
                edits.replace(entry.line, entry.last_line, in_newlines(content, newline));
                let renamed = (entry.key != setting.opt.dest).then(|| format!("[{}]/{}", entry.section, entry.key));
                changes.push(Change::Set { line: entry.line, option, renamed });
            }
            None => {
                let mut added = String::new();
                setting_lines(&setting.opt.dest, texts.iter().map(String::as_str), &mut added);
                edits.add(&setting.group, &in_newlines(&added, newline));
                let new_section = sections.insert(setting.group.clone());
                changes.push(Change::Added { option, new_section });
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // In the file's order, then what was added.
    changes.sort_by_key(|c| (c.line() == 0, c.line()));
    Ok(Edited { text: edits.apply(), changes })
}

/// The lines that set `setting`'s option, in file order: under its own name, or under an old
/// name (in its group or an old one) that is no option's own.
fn lines_of<'d>(
    setting: &Setting,
    by_name: &HashMap<(String, &str), Vec<&'d Entry>>,
    index: &OptionIndex,
) -> Vec<&'d Entry> {
    let (group, opt) = (setting.group.as_str(), &setting.opt);
    let own = (group.to_owned(), opt.dest.as_ref());
    let mut names = vec![own.clone()];
    for (name, _) in opt.old_names(group) {
        if !names.contains(&name) && index.live(&name.0, name.1).is_none() {
            names.push(name);
        }
    }
    let mut found: Vec<&Entry> = names.iter().filter_map(|name| by_name.get(name)).flatten().copied().collect();
    found.sort_by_key(|e| e.line);
    found
}

/// `text`'s `\n`s as the file's line ending.
fn in_newlines(text: &str, newline: &str) -> String {
    if newline == "\n" {
        text.to_owned()
    } else {
        text.replace('\n', newline)
    }
}

/// One line per change, `path:line: ...`, and a count.
pub fn report(path: &str, changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        let line = match change {
            Change::Set { line, option, renamed: None } => format!("{path}:{line}: set {option}"),
            Change::Set { line, option, renamed: Some(old) } => {
                format!("{path}:{line}: set {option} (renamed from {old})")
            }
            Change::Added { option, new_section: false } => format!("{path}: added {option}"),
            Change::Added { option, new_section: true } => format!("{path}: added {option}, in a new section"),
            Change::Removed { line, option, old: None } => format!("{path}:{line}: removed {option}, set again here"),
            Change::Removed { line, option, old: Some(old) } => {
                format!("{path}:{line}: removed {old}, an old name of {option}")
            }
            Change::Unset { line, option } => format!("{path}:{line}: unset {option}"),
            Change::NotSet { option } => format!("{path}: note: {option} is not set: nothing to unset"),
        };
        out.push_str(&crate::diag::escape_controls(&line));
        out.push('\n');
    }
    let set = changes.iter().filter(|c| matches!(c, Change::Set { .. })).count();
    let added = changes.iter().filter(|c| matches!(c, Change::Added { .. })).count();
    let unset: BTreeSet<&str> = changes
        .iter()
        .filter_map(|c| if let Change::Unset { option, .. } = c { Some(option.as_str()) } else { None })
        .collect();
    out.push_str(&format!("{path}: {set} set, {added} added, {} unset\n", unset.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assign::{from_arguments, resolve, unset_arguments, Context};

    const SPEC: &str = "namespace: t
groups:
  - name: DEFAULT
    options:
      - {name: debug, type: boolean, default: false}
      - {name: extra, type: multi_string}
      - {name: name, default: x, deprecated_name: old_name}
      - {name: other}
      - {name: workers, type: integer, min: 1}
  - name: glance
    options:
      - {name: cafile, deprecated_opts: [{name: ca_file, group: ssl}]}
      - {name: num_retries, type: integer}
  - name: legacy
    options:
      - {name: other, deprecated_opts: [{name: other, group: DEFAULT}]}
";

    /// `text` edited with `--set`s `set` and `--unset`s `unset`: the text and the report, or
    /// the problems.
    fn edited(text: &str, set: &[&str], unset: &[&str], existing_only: bool) -> Result<(String, String), String> {
        let catalog =
            Catalog { specs: vec![crate::spec::Loader::new().load_text("t.yaml".into(), SPEC.into(), None).unwrap()] };
        let doc = crate::ini::parse(text);
        let strings = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut assignments = from_arguments("--set", &strings(set), 0).unwrap();
        assignments.extend(unset_arguments("--unset", &strings(unset), 0).unwrap());
        let shown = |problems: Vec<Diagnostic>| problems.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n");
        let context = Context { existing: Some(&doc), ..Context::default() };
        let resolved = resolve(&catalog, &assignments, &context).map_err(shown)?;
        let done = edit(&catalog, text, &doc, &resolved, existing_only, "t.conf").map_err(shown)?;
        Ok((done.text, report("t.conf", &done.changes)))
    }

    #[test]
    fn a_setting_changes_on_its_own_line_and_a_new_one_goes_to_the_end_of_its_section() {
        let text =
            "# t\n[DEFAULT]\ndebug=false\nworkers :  2\n\n# glance\n[glance]\nnum_retries = 1\n\n[other]\nk = v\n";
        let (got, report) = edited(
            text,
            &["DEFAULT.workers=8", "DEFAULT.debug=true", "glance.cafile=/ca.pem", "DEFAULT.name=n"],
            &[],
            false,
        )
        .unwrap();
        assert_eq!(
            got,
            "# t\n[DEFAULT]\ndebug=true\nworkers :  8\nname = n\n\n# glance\n[glance]\nnum_retries = 1\ncafile = /ca.pem\n\n[other]\nk = v\n"
        );
        assert_eq!(
            report,
            "t.conf:3: set [DEFAULT]/debug\nt.conf:4: set [DEFAULT]/workers\nt.conf: added [glance]/cafile\nt.conf: added [DEFAULT]/name\nt.conf: 2 set, 2 added, 0 unset\n"
        );
    }

    #[test]
    fn an_old_name_is_renamed_where_it_is_and_moved_from_an_old_group() {
        let text = "[DEFAULT]\nold_name = a\n[ssl]\nca_file = /old.pem\n  more\n[glance]\nnum_retries = 1\n";
        let (got, report) = edited(text, &["DEFAULT.name=b", "glance.cafile=/new.pem"], &[], false).unwrap();
        assert_eq!(got, "[DEFAULT]\nname = b\n[ssl]\n[glance]\nnum_retries = 1\ncafile = /new.pem\n");
        assert_eq!(
            report,
            "t.conf:2: set [DEFAULT]/name (renamed from [DEFAULT]/old_name)\nt.conf:4: removed [ssl]/ca_file, an old name of [glance]/cafile\nt.conf: added [glance]/cafile\nt.conf: 1 set, 1 added, 0 unset\n"
        );
        // Under its own name and an old one, and twice: the line oslo reads is changed (the
        // last under its own name), the others go.
        let text = "[DEFAULT]\nname = a\nold_name = b\nname = c\n";
        assert_eq!(edited(text, &["DEFAULT.name=d"], &[], false).unwrap().0, "[DEFAULT]\nname = d\n");
        // An old name that is another option's own is that option's line.
        let text = "[DEFAULT]\nother = mine\n[legacy]\n";
        assert_eq!(
            edited(text, &["legacy.other=x"], &[], false).unwrap().0,
            "[DEFAULT]\nother = mine\n[legacy]\nother = x\n"
        );
    }

    #[test]
    fn a_multi_valued_option_takes_a_line_per_value_where_its_first_was() {
        let text = "[DEFAULT]\nextra = a\ndebug = true\nextra = b\n";
        let (got, _) = edited(text, &["DEFAULT.extra=1", "DEFAULT.extra=2", "DEFAULT.extra=3"], &[], false).unwrap();
        assert_eq!(got, "[DEFAULT]\nextra = 1\nextra = 2\nextra = 3\ndebug = true\n");
        let (got, _) = edited("[DEFAULT]\r\n", &["DEFAULT.extra=1", "DEFAULT.extra=2"], &[], false).unwrap();
        assert_eq!(got, "[DEFAULT]\r\nextra = 1\r\nextra = 2\r\n");
    }

    #[test]
    fn unset_takes_every_line_out_with_its_continuation_lines() {
        let text = "[DEFAULT]\nextra = a\n  b\n# kept\nextra = c\nold_name = n\n\n[glance]\n";
        let (got, report) = edited(text, &[], &["DEFAULT.extra", "DEFAULT.name", "glance.cafile"], false).unwrap();
        assert_eq!(got, "[DEFAULT]\n# kept\n\n[glance]\n");
        assert_eq!(
            report,
            "t.conf:2: unset [DEFAULT]/extra\nt.conf:5: unset [DEFAULT]/extra\nt.conf:6: unset [DEFAULT]/name\nt.conf: note: [glance]/cafile is not set: nothing to unset\nt.conf: 0 set, 0 added, 2 unset\n"
        );
    }

    #[test]
    fn existing_refuses_to_add_and_changes_what_is_there() {
        let text = "[DEFAULT]\ndebug = false\n[ssl]\nca_file = /a\n";
        let problems = edited(text, &["DEFAULT.debug=true", "DEFAULT.workers=2", "glance.num_retries=3"], &[], true);
        assert_eq!(
            problems.unwrap_err(),
            "--set #2: error: [DEFAULT]/workers is not set in t.conf, and --existing changes only what the file sets\n\
             --set #3: error: [glance]/num_retries is not set in t.conf, and --existing changes only what the file sets"
        );
        // Set under an old name in an old group is set.
        let (got, _) = edited(text, &["DEFAULT.debug=true", "glance.cafile=/b"], &[], true).unwrap();
        assert_eq!(got, "[DEFAULT]\ndebug = true\n[ssl]\n\n[glance]\ncafile = /b\n");
    }

    #[test]
    fn a_line_break_in_a_value_is_a_continuation_line_never_a_line_of_its_own() {
        let value = "a\n[evil]\nworkers = 0\n# x";
        let set = format!("DEFAULT.name={value}");
        let (got, _) = edited("[DEFAULT]\nname = x\n", &[&set], &[], false).unwrap();
        assert_eq!(got, "[DEFAULT]\nname = a\n    [evil]\n    workers = 0\n    # x\n");
        let doc = crate::ini::parse(&got);
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(doc.entries.len(), 1);
        assert_eq!(doc.entries[0].value, value);
        // What no line can hold is refused.
        for value in ["a\rb", "a\n\nb", "a\n b"] {
            let problems = edited("[DEFAULT]\n", &[&format!("DEFAULT.name={value}")], &[], false).unwrap_err();
            assert!(problems.contains("cannot be written so that oslo reads it back"), "{problems}");
        }
    }
}
