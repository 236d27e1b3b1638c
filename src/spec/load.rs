//! Reading spec and option-set files: from disk, or from the copies compiled into the binary.

use super::build::{Builder, Problem};
use super::model::{Catalog, Spec};
use super::nesting::{too_deep, MAX_NESTING};
use super::raw::{RawOptionSet, RawSpec};
use super::source::{SourceFile, YamlPath};
use crate::diag::{Diagnostic, Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The spec `confspec generate` uses when given none.
pub const DEFAULT_SPEC_NAME: &str = "specs/glance.yaml";
const DEFAULT_SPEC: &str = include_str!("../../specs/glance.yaml");

/// Option sets compiled into the binary (every file of specs/sets/, by name, sorted); a `sets/`
/// folder beside a spec overrides them.
pub const EMBEDDED_SETS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_sets.rs"));

/// Prefix of the names embedded files carry in diagnostics.
pub const EMBEDDED_PREFIX: &str = "<embedded>/";

/// Why an included option set could not be had.
#[derive(Debug)]
pub(crate) enum SetError {
    /// It cannot be found or named: reported at the include entry.
    Message(String),
    /// Its file could not be read or parsed: its own diagnostics.
    File(Vec<Diagnostic>),
}

/// Loads specs and the option sets they include, and keeps every file it read so that
/// problems can be reported against them.
#[derive(Default)]
pub struct Loader {
    pub(crate) sources: Vec<SourceFile>,
    /// For each source, the folder whose `sets/` it includes from (`None`: embedded only).
    pub(crate) source_dirs: Vec<Option<PathBuf>>,
    sets: HashMap<(Option<PathBuf>, String), (usize, Rc<RawOptionSet>)>,
    /// Each option set's size as it expands, with the sets it includes (`budget`), by the
    /// same key as `sets`.
    set_sizes: HashMap<(Option<PathBuf>, String), u64>,
    /// Each `default_object` named so far: the default of the first option naming it, and
    /// where that option is.
    pub(crate) default_objects: HashMap<String, (crate::oslo::pyvalue::PyValue, (usize, YamlPath))>,
}

impl Loader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Loads the given spec files, or the embedded default when there are none.
    pub fn load_catalog(&mut self, paths: &[PathBuf]) -> Result<Catalog> {
        let mut specs = Vec::new();
        if paths.is_empty() {
            specs.push(self.load_text(
                format!("{EMBEDDED_PREFIX}{DEFAULT_SPEC_NAME}"),
                DEFAULT_SPEC.to_owned(),
                None,
            )?);
        }
        for path in paths {
            specs.push(self.load_file(path)?);
        }
        Ok(Catalog { specs })
    }

    /// Loads one spec file from disk.
    pub fn load_file(&mut self, path: &Path) -> Result<Spec> {
        let text = read_text(path)?;
        let dir = path.parent().map(|p| if p.as_os_str().is_empty() { PathBuf::from(".") } else { p.to_owned() });
        self.load_text(path.display().to_string(), text, dir)
    }

    /// Loads a spec from text; `dir` is where its `sets/` folder would be.
    pub fn load_text(&mut self, name: String, text: String, dir: Option<PathBuf>) -> Result<Spec> {
        let file = self.add_source(name, text, dir);
        let added = self.precheck(file)?;
        let fast = crate::timings::measure("parse", || super::chunked::parse(&self.sources[file].text));
        let mut raw: RawSpec = match fast {
            Some(raw) => raw,
            None => self.parse_checked(file).map_err(|e| self.not_a_spec(file).unwrap_or(e))?,
        };
        let (spec, problems) = crate::timings::measure("check", || {
            let mut builder = Builder::new(self, added);
            let spec = builder.build_spec(file, &mut raw);
            (spec, builder.finish())
        });
        match spec {
            Some(spec) if problems.is_empty() => Ok(spec),
            _ => Err(self.report(problems)),
        }
    }

    fn add_source(&mut self, name: String, text: String, dir: Option<PathBuf>) -> usize {
        self.sources.push(SourceFile { name, text });
        self.source_dirs.push(dir);
        self.sources.len() - 1
    }

    /// Parses a source as YAML into `T`, reporting syntax, shape and unknown-key errors where
    /// serde_yaml found them.
    fn parse<T: serde::de::DeserializeOwned>(&self, file: usize) -> Result<T> {
        self.precheck(file)?;
        self.parse_checked(file)
    }

    /// `parse` once `precheck` has passed.
    fn parse_checked<T: serde::de::DeserializeOwned>(&self, file: usize) -> Result<T> {
        let src = &self.sources[file];
        crate::timings::measure("parse", || serde_yaml::from_str(&src.text)).map_err(|e| {
            let mut message = yaml_message(&e.to_string());
            let line = e.location().and_then(|loc| src.text.lines().nth(loc.line() - 1));
            if line.is_some_and(|l| l.chars().take_while(|c| matches!(c, ' ' | '\t')).any(|c| c == '\t')) {
                message.push_str(" (a tab: YAML indents with spaces only)");
            }
            let mut d = Diagnostic::error(&src.name, message);
            if let Some(loc) = e.location() {
                d = d.at(loc.line(), Some(loc.column()));
            }
            Error::Input(vec![d])
        })
    }

    /// Why a file that does not parse as a spec is some other kind of file, when its top-level
    /// keys say so: an option set, or oslo-config-generator's data.
    fn not_a_spec(&self, file: usize) -> Option<Error> {
        let src = &self.sources[file];
        let keys: Vec<&str> = src
            .text
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once(':').map(|(key, _)| key.trim()))
            .collect();
        if keys.contains(&"namespace") {
            return None;
        }
        let message = if keys.contains(&"set") {
            "this is an option set (`set:`), not a spec: include it from a spec's group with \
             `- include: <set name>` (its file in the spec's sets/ folder; docs/spec-format.md)"
        } else if keys.contains(&"options")
            && (keys.contains(&"deprecated_options") || keys.contains(&"generator_options"))
        {
            "this is oslo-config-generator's machine-readable data, not a spec: `confspec import` \
             makes specs of it (`confspec validate --opt-data` reads it as it is)"
        } else {
            return None;
        };
        Some(Error::Input(vec![Diagnostic::error(&src.name, message)]))
    }

    /// Refuses what is not worth parsing: an empty file, nesting deep enough to stall the
    /// scanner, or aliases that expand past their budget; what the aliases add.
    fn precheck(&self, file: usize) -> Result<super::budget::Added> {
        let src = &self.sources[file];
        if src.text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
            return Err(Error::Input(vec![Diagnostic::error(
                &src.name,
                "the file is empty (nothing but blank lines and comments)",
            )]));
        }
        if let Some(line) = too_deep(&src.text) {
            let message = format!("the YAML nests deeper than {MAX_NESTING} levels");
            return Err(Error::Input(vec![Diagnostic::error(&src.name, message).at(line, None)]));
        }
        super::budget::check(&src.text).map_err(|over| {
            Error::Input(vec![Diagnostic::error(&src.name, over.message).at(over.line, Some(over.column))])
        })
    }

    /// Finds and parses the option set `name` for a file: the file's own `sets/` folder first,
    /// then the embedded sets. Each set file is read once.
    pub(crate) fn option_set(
        &mut self,
        name: &str,
        from_file: usize,
    ) -> std::result::Result<(usize, Rc<RawOptionSet>), SetError> {
        let dir = self.source_dirs[from_file].clone();
        let key = (dir.clone(), name.to_owned());
        if let Some((file, set)) = self.sets.get(&key) {
            return Ok((*file, set.clone()));
        }
        let valid_name = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            && !name.starts_with('.');
        if !valid_name {
            return Err(SetError::Message(format!(
                "`{name}` is not an option set name (letters, digits, `-`, `_` and `.`)"
            )));
        }
        let on_disk = dir.as_ref().map(|d| d.join("sets").join(format!("{name}.yaml"))).filter(|p| p.is_file());
        let file = if let Some(path) = on_disk {
            let text = read_text(&path).map_err(|e| SetError::File(e.into_diagnostics()))?;
            self.add_source(path.display().to_string(), text, path.parent().and_then(Path::parent).map(Path::to_owned))
        } else if let Some((_, text)) = EMBEDDED_SETS.iter().find(|(n, _)| *n == name) {
            self.add_source(format!("{EMBEDDED_PREFIX}specs/sets/{name}.yaml"), (*text).to_owned(), None)
        } else {
            let known: Vec<&str> = EMBEDDED_SETS.iter().map(|(n, _)| *n).collect();
            let looked = dir.map(|d| format!("{}/sets/{name}.yaml, ", d.display())).unwrap_or_default();
            return Err(SetError::Message(format!(
                "unknown option set `{name}` (looked for {looked}and the embedded sets: {})",
                known.join(", ")
            )));
        };
        let set: RawOptionSet = self.parse(file).map_err(|e| SetError::File(e.into_diagnostics()))?;
        if set.set != name {
            return Err(SetError::Message(format!(
                "{} declares `set: {}`, but is included as `{name}`",
                self.sources[file].name, set.set
            )));
        }
        let set = Rc::new(set);
        self.sets.insert(key, (file, set.clone()));
        Ok((file, set))
    }

    /// The size of option set `name`, included from `from_file`, as the budgets count it: its
    /// file as it expands and `OPTION_COST` per option, plus the size of each set it includes (once per set: a second
    /// include of a set is refused, not expanded) and of each set its `selects` names. Reads
    /// the sets it needs; one that cannot be had, or an include cycle, counts nothing (the
    /// expansion reports them). Include chains past `MAX_INCLUDE_DEPTH` are not followed.
    pub(crate) fn set_size(&mut self, name: &str, from_file: usize, depth: usize) -> u64 {
        let key = (self.source_dirs[from_file].clone(), name.to_owned());
        if let Some(size) = self.set_sizes.get(&key) {
            return *size;
        }
        if depth >= MAX_INCLUDE_DEPTH {
            return 0;
        }
        // Counts nothing while it is counted: a cycle adds nothing.
        self.set_sizes.insert(key.clone(), 0);
        let Ok((file, set)) = self.option_set(name, from_file) else { return 0 };
        let options = set.options.iter().filter(|o| o.include.is_none()).count() as u64;
        let mut size = super::budget::count(&self.sources[file].text).map_or(0, |(size, _)| size);
        size = size.saturating_add(options.saturating_mul(super::budget::OPTION_COST));
        let mut included = std::collections::HashSet::new();
        let included_sets = set.options.iter().filter_map(|o| o.include.as_deref()).filter(|s| included.insert(*s));
        let selected = set.selects.iter().flat_map(|s| s.sets.values().map(String::as_str));
        for other in included_sets.chain(selected) {
            size = size.saturating_add(self.set_size(other, file, depth + 1));
        }
        self.set_sizes.insert(key, size);
        size
    }

    /// The name of the file the option set `name`, included from `from_file`, was read from,
    /// once it has been, and whether it is the embedded set of that name (or a copy of it).
    pub(crate) fn set_origin(&self, name: &str, from_file: usize) -> Option<(String, bool)> {
        let key = (self.source_dirs[from_file].clone(), name.to_owned());
        self.sets.get(&key).map(|(file, _)| {
            let source = &self.sources[*file];
            let embedded = EMBEDDED_SETS.iter().any(|(n, text)| *n == name && *text == source.text);
            (source.name.clone(), embedded)
        })
    }

    /// Turns problems into diagnostics with lines and columns, locating all the problems of a
    /// file in one pass over it. A problem reached through include entries gets a note at
    /// each of them.
    fn report(&self, problems: Vec<Problem>) -> Error {
        let mut wanted: Vec<Vec<YamlPath>> = vec![Vec::new(); self.sources.len()];
        for p in &problems {
            if p.nested.is_empty() {
                wanted[p.file].push(p.path.clone());
            }
            if let Some((file, path)) = &p.see_also {
                wanted[*file].push(path.clone());
            }
            for (file, path) in &p.included_from {
                wanted[*file].push(path.clone());
            }
        }
        let mut found: Vec<_> =
            self.sources.iter().zip(&wanted).map(|(src, paths)| src.locate_all(paths).into_iter()).collect();
        let mut diagnostics = Vec::new();
        for p in problems {
            let main = if p.nested.is_empty() {
                let src = &self.sources[p.file];
                let at = found[p.file].next().flatten();
                let mut message = p.message;
                if let Some((file, _)) = &p.see_also {
                    let other = &self.sources[*file];
                    match found[*file].next().flatten() {
                        Some((line, _)) => message.push_str(&format!(" (first at {}:{line})", other.name)),
                        None => message.push_str(&format!(" (first at {})", other.name)),
                    }
                }
                let mut d = Diagnostic::error(&src.name, message).in_document(p.path);
                if let Some((line, col)) = at {
                    d = d.at(line, Some(col));
                }
                vec![d]
            } else {
                p.nested
            };
            let notes: Vec<Diagnostic> = p
                .included_from
                .iter()
                .map(|(file, _)| {
                    Diagnostic::note_at(&self.sources[*file].name, found[*file].next().flatten(), "included from here")
                })
                .collect();
            diagnostics.extend(main.into_iter().map(|mut d| {
                d.notes.extend(notes.iter().cloned());
                d
            }));
        }
        Error::Input(diagnostics)
    }
}

/// Deeper include chains than any spec needs (the embedded sets nest two deep): a chain of
/// thousands of set files would otherwise overflow the stack.
pub(crate) const MAX_INCLUDE_DEPTH: usize = 32;

/// serde_yaml's message without the positions it embeds (the diagnostic has its own), with
/// internal wording replaced and a suggestion for a misspelt key.
fn yaml_message(raw: &str) -> String {
    static POSITION: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let position = POSITION.get_or_init(|| regex::Regex::new(r" at line \d+ column \d+").unwrap());
    let message = position.replace_all(raw, "").into_owned();
    if message.ends_with("repetition limit exceeded") || message.ends_with("recursion limit exceeded") {
        return format!("{message}: YAML aliases or nesting expand beyond what a spec can hold");
    }
    // "unknown field `hepl`, expected one of `name`, `dest`, ..." -> "unknown key `hepl`; did you mean `help`?"
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let prefix = &message[..message.find("unknown field `").unwrap_or(0)];
        let unknown = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> =
            rest.split('`').skip(1).collect::<Vec<_>>().chunks(2).filter_map(|c| c.get(1).copied()).collect();
        let mut out = format!("{prefix}unknown key `{unknown}`");
        match crate::suggest::closest(unknown, expected.iter().copied()) {
            Some(best) => out.push_str(&format!("; did you mean `{best}`?")),
            None if expected.len() <= 6 => out.push_str(&format!(
                " (expected one of {})",
                expected.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
            )),
            None => out.push_str("; see docs/spec-format.md for the keys it takes"),
        }
        return out;
    }
    message
}

/// Every input is read by `crate::input` (bounded; endless devices refused).
pub use crate::input::read_text;
