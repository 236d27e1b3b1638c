//! `confspec show`: the configuration a service reads from its config files, without starting
//! it: each option's value as oslo.config gives it to the service (the files' settings under
//! any of the option's names, else its default, `$` references substituted, converted by its
//! type), shown as Python's `str()` of it, as `CONF.log_opt_values()` logs it, and where it
//! came from. A secret's value, and any value that took one through a reference, is `****`.

use crate::diag::{escape_controls, Error, MASK};
use crate::hashing::HashSet;
use crate::ini::{IniDoc, Place};
use crate::oslo::interpolate::FileValues;
use crate::spec::index::{Live, OptionIndex};
use crate::spec::model::Catalog;
use crate::validate::section_group;
use serde::Serialize;

/// One option as the service reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub group: String,
    pub option: String,
    /// Python's `str()` of the value (`****` for a secret's), `None` when it has none; or why
    /// oslo refuses it.
    pub value: Result<Option<String>, String>,
    /// Where its value was set; empty when it is the default.
    pub from: Vec<Place>,
}

/// The options `wanted` names (`GROUP.OPTION`, or an old name of one; a bare name is one of
/// `[DEFAULT]`), in that order; every option oslo reads with these files when `wanted` is
/// empty, `[DEFAULT]` first, then by group and name. An unknown name is a usage error with
/// the closest known one.
pub fn show(catalog: &Catalog, doc: &IniDoc, wanted: &[String]) -> Result<Vec<Shown>, Error> {
    // Every group the service registers, not only the files' sections: a group no file has
    // still reads the options its selecting values' defaults select (none, with no
    // `auth_type`), as the service reads them.
    let mut names = crate::validate::group_names(doc);
    names.extend(catalog.specs.iter().flat_map(|s| &s.groups).map(|g| section_group(&g.name)));
    let index = crate::validate::options_read(catalog, doc, &names);
    let groups: Vec<String> = doc.entries.iter().map(|e| section_group(&e.section)).collect();
    let entries =
        doc.entries.iter().zip(&groups).map(|(e, g)| (g.as_str(), e.key.as_str(), e.value.as_str(), e.place()));
    let values = FileValues::new(entries);
    let options: Vec<Live> = if wanted.is_empty() {
        // A dynamic group is a template: the service registers its options in the sections
        // its owner names, not in a group of its own name.
        let templates: HashSet<String> = catalog
            .specs
            .iter()
            .flat_map(|s| &s.groups)
            .filter(|g| g.dynamic_group_owner.is_some())
            .map(|g| section_group(&g.name))
            .collect();
        let (default, others): (Vec<Live>, Vec<Live>) =
            index.all().filter(|l| !templates.contains(l.group)).partition(|l| l.group == "DEFAULT");
        default.into_iter().chain(others).collect()
    } else {
        wanted.iter().map(|name| named(&index, name)).collect::<Result<_, _>>()?
    };
    Ok(options
        .into_iter()
        .map(|live| {
            let effective = values.effective(&index, live.group, live.opt);
            let from = values.settings(live.group, live.opt).into_iter().map(|(place, _)| place).collect();
            let value = match effective.value {
                Ok(_) if effective.secret => Ok(Some(MASK.to_owned())),
                other => other,
            };
            Shown { group: live.group.to_owned(), option: live.opt.dest.to_string(), value, from }
        })
        .collect())
}

/// The live option `GROUP.OPTION` names.
fn named<'a>(index: &OptionIndex<'a>, name: &str) -> Result<Live<'a>, Error> {
    let (group, option) = name.split_once('.').unwrap_or(("DEFAULT", name));
    let group = section_group(group);
    if let Some(live) = index.live(&group, option).or_else(|| index.alias(&group, option)) {
        return Ok(live);
    }
    let known: Vec<String> = index.all().map(|l| format!("{}.{}", l.group, l.opt.dest)).collect();
    let hint = crate::suggest::closest(name, known.iter().map(String::as_str))
        .map(|best| format!("; did you mean `{best}`?"))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "--option {}: the specs have no such option (GROUP.OPTION){hint}",
        crate::diag::capped(name)
    )))
}

/// Where a value came from, as reports say it: `path:line` of each setting, or `default`.
pub fn source(doc: &IniDoc, from: &[Place]) -> String {
    if from.is_empty() {
        return "default".to_owned();
    }
    let places: Vec<String> =
        from.iter().map(|p| format!("{}:{}", doc.file_name(p.file).unwrap_or_default(), p.line)).collect();
    places.join(", ")
}

/// `path:line: error: [group]/option: why` for each option oslo would refuse to give the
/// service (it would fail reading it), the files' label for a default.
pub fn errors(doc: &IniDoc, shown: &[Shown]) -> String {
    let mut out = String::new();
    for s in shown {
        if let Err(why) = &s.value {
            let at = match s.from.last() {
                Some(p) => format!("{}:{}", doc.file_name(p.file).unwrap_or_default(), p.line),
                None => crate::validate::files_label(&doc.files),
            };
            let line = format!("{at}: error: [{}]/{}: {why}", s.group, s.option);
            out.push_str(&escape_controls(&line));
            out.push('\n');
        }
    }
    out
}

/// The options as a config file: each group's section, each option preceded by where its
/// value came from; an option without a value commented out, as a sample shows it.
pub fn ini_report(doc: &IniDoc, shown: &[Shown]) -> String {
    let mut out = String::new();
    let mut group: Option<&str> = None;
    for s in shown {
        let Ok(value) = &s.value else { continue };
        if group != Some(s.group.as_str()) {
            if group.is_some() {
                out.push('\n');
            }
            out.push_str(&format!("[{}]\n", escape_controls(&s.group)));
            group = Some(&s.group);
        }
        out.push_str(&format!("# {}\n", escape_controls(&source(doc, &s.from))));
        match value {
            None => out.push_str(&format!("#{} =\n", s.option)),
            // A value of several lines continues on indented lines, as oslo reads them.
            Some(text) => {
                let text = escape_controls(text).replace('\n', "\n    ");
                out.push_str(&format!("{} = {text}\n", s.option));
            }
        }
    }
    out
}

/// The options as JSON: `{"files": [...], "options": [{group, option, value, source}]}`, a
/// value without one `null`.
pub fn json_report(doc: &IniDoc, shown: &[Shown]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        files: &'a [String],
        options: Vec<Option_<'a>>,
    }
    #[derive(Serialize)]
    struct Option_<'a> {
        group: &'a str,
        option: &'a str,
        value: Option<&'a str>,
        source: String,
    }
    let options = shown
        .iter()
        .filter_map(|s| {
            let value = s.value.as_ref().ok()?;
            Some(Option_ { group: &s.group, option: &s.option, value: value.as_deref(), source: source(doc, &s.from) })
        })
        .collect();
    serde_json::to_string_pretty(&Report { files: &doc.files, options }).expect("strings serialize") + "\n"
}

/// The options as shell assignments, `GROUP_OPTION='value'` (each character outside
/// `[A-Za-z0-9_]` of the name made `_`, and `_` before a leading digit; no value is `''`),
/// safe to `eval`.
pub fn sh_report(shown: &[Shown]) -> String {
    let mut out = String::new();
    for s in shown {
        let Ok(value) = &s.value else { continue };
        let mut name: String = format!("{}_{}", s.group, s.option)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
            .collect();
        // A word that starts with a digit is no assignment but a command.
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            name.insert(0, '_');
        }
        let quoted = value.as_deref().unwrap_or_default().replace('\'', "'\\''");
        out.push_str(&format!("{name}='{quoted}'\n"));
    }
    out
}
