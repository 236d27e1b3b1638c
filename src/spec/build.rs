//! From parsed YAML to the checked model: option types, defaults, includes of option sets and
//! the semantic checks oslo.config would make when the options are declared, plus one it
//! leaves to chance (duplicate names).

use super::bigint;
use super::budget::{Added, REPEAT_BUDGET};
use super::load::{Loader, MAX_INCLUDE_DEPTH};
use super::model::*;
use super::raw::{RawDeprecatedOpt, RawGroup, RawOption, RawSelects, RawSpec, RawTypeRef};
use super::source::{BigIntegers, YamlPath};
use crate::diag::Diagnostic;
use crate::oslo::pynum::PyInt;
use crate::oslo::pyvalue::PyValue;
use crate::oslo::types::{check_value, is_reference, PORT_MAX, TYPES};
use serde_yaml::Value;
use std::collections::{BTreeMap, HashMap};

/// Something wrong at a place in a file; `see_also` points at the other half of a conflict.
#[derive(Debug, Default)]
pub struct Problem {
    pub file: usize,
    pub path: YamlPath,
    pub message: String,
    pub see_also: Option<(usize, YamlPath)>,
    /// The include entries (file, path) the problem's option set was reached through,
    /// innermost first.
    pub included_from: Vec<(usize, YamlPath)>,
    /// Diagnostics of an option set file that could not be read or parsed: reported as they
    /// are, with the include sites as notes, instead of `message`.
    pub nested: Vec<Diagnostic>,
}

/// What values a type's `choices` may hold.
#[derive(Debug, Clone, Copy)]
enum ChoiceValues {
    Strings,
    Integers,
    Any,
}

/// Where a built option was declared, for conflict messages.
type Place = (usize, YamlPath);

/// A group's options as they are built, each with its place, and its selectors; and the
/// option sets included so far, each with the include entry that named it first.
#[derive(Default)]
struct Built {
    options: Vec<Opt>,
    places: Vec<Place>,
    selectors: Vec<std::sync::Arc<Selector>>,
    included: HashMap<String, Place>,
}

pub struct Builder<'l> {
    loader: &'l mut Loader,
    problems: Vec<Problem>,
    /// Option sets being expanded, to catch include cycles.
    /// The option sets being expanded, outermost first: the set's name and the include
    /// entry (file, path) that named it.
    include_stack: Vec<(String, usize, YamlPath)>,
    /// Per file, the integers serde_yaml read as floats, found once one is met.
    big_integers: HashMap<usize, BigIntegers>,
    /// What the spec's aliases and the option sets its groups include have added so far;
    /// once past the budget, includes are no longer expanded.
    added: Added,
}

/// The option keys a type description (`item_type:`) may not carry.
const OPTION_ONLY_KEYS: &[&str] = &[
    "name",
    "dest",
    "help",
    "default",
    "default_object",
    "sample_default",
    "required",
    "secret",
    "advanced",
    "mutable",
    "short",
    "metavar",
    "positional",
    "deprecated_name",
    "deprecated_group",
    "deprecated_opts",
    "deprecated_for_removal",
    "deprecated_reason",
    "deprecated_since",
    "doc_type",
    "include",
    "deprecations",
];

/// The spec type someone who wrote `name` most likely meant: a short form (`int`, `str`,
/// `bool`), oslo's option class (`IntOpt`) or type class (`Integer`), the name the data shows
/// (`integer value`), or a misspelling.
fn type_hint(name: &str) -> Option<&'static str> {
    let short = match name.to_ascii_lowercase().as_str() {
        "int" | "long" => Some("integer"),
        "str" | "text" => Some("string"),
        "bool" => Some("boolean"),
        "double" | "number" => Some("float"),
        "ip" => Some("ip_address"),
        _ => None,
    };
    short
        .or_else(|| {
            TYPES
                .iter()
                .find(|t| {
                    t.opt_class == name && t.opt_class != "Opt" || t.type_class == Some(name) || t.data_name == name
                })
                .map(|t| t.spec_name)
        })
        .or_else(|| crate::suggest::closest(name, TYPES.iter().map(|t| t.spec_name)))
}

/// The keys of a raw entry that are set, in declaration order.
fn set_keys(raw: &RawOption) -> impl Iterator<Item = &'static str> {
    // An array on the stack rather than a Vec: this runs for every option.
    macro_rules! check {
        ($($field:ident => $key:literal),* $(,)?) => { [$( (raw.$field.is_some(), $key) ),*] };
    }
    let keys = check!(
        name => "name", dest => "dest", help => "help", default => "default",
        default_object => "default_object",
        sample_default => "sample_default", required => "required", secret => "secret",
        advanced => "advanced", mutable => "mutable", short => "short", metavar => "metavar",
        positional => "positional", deprecated_name => "deprecated_name",
        deprecated_group => "deprecated_group", deprecated_opts => "deprecated_opts",
        deprecated_for_removal => "deprecated_for_removal", deprecated_reason => "deprecated_reason",
        deprecated_since => "deprecated_since", doc_type => "doc_type", type_ => "type", type_name => "type_name",
        min => "min", max => "max", sample_min => "sample_min", sample_max => "sample_max",
        choices => "choices", quotes => "quotes", regex => "regex", ignore_case => "ignore_case",
        max_length => "max_length", item_type => "item_type", value_type => "value_type",
        bounds => "bounds", min_length => "min_length", key_value_separator => "key_value_separator",
        version => "version", schemes => "schemes", inclusive => "inclusive", default_text => "default_text",
        python_type => "python_type",
        include => "include",
        deprecations => "deprecations",
    );
    keys.into_iter().filter_map(|(set, key)| set.then_some(key))
}

/// A character a name in a config file cannot hold: oslo's INI reader would split or misread
/// it (and a sample writing it could gain an active line).
fn bad_name_char(c: char) -> bool {
    matches!(c, '[' | ']' | '=' | '#' | ';' | ':') || c.is_whitespace() || c.is_control()
}

/// Group names may also hold `:` (`[backend:dynect]`, `[drivers:management_store:mongodb]`):
/// a section header is read whole, so only the option names' separators break it.
fn bad_group_char(c: char) -> bool {
    c != ':' && bad_name_char(c)
}

/// Text the sample prints on one comment line must not break it.
fn breaks_line(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'))
}

impl<'l> Builder<'l> {
    /// A builder for a spec whose aliases added `added` (`budget::check`).
    pub fn new(loader: &'l mut Loader, added: Added) -> Self {
        Builder { loader, problems: Vec::new(), include_stack: Vec::new(), big_integers: HashMap::new(), added }
    }

    pub fn finish(self) -> Vec<Problem> {
        self.problems
    }

    /// The integer a value is: an integer `Number`, a marker, or a float serde_yaml made of a
    /// decimal integer too large for it (past 2**127), which the text still has.
    fn int_value(&mut self, file: usize, path: &YamlPath, v: &Value) -> Option<PyInt> {
        if let Some(n) = bigint::int_of(v) {
            return Some(n);
        }
        let maybe = match v {
            Value::Number(n) => n.as_f64().is_some_and(|f| f.is_finite() && f.abs() >= 2f64.powi(127)),
            // Past what a float holds, serde_yaml keeps a plain integer's text as a string.
            Value::String(s) => maybe_big_text(s),
            _ => false,
        };
        if !maybe {
            return None;
        }
        let loader = &*self.loader;
        let found = self.big_integers.entry(file).or_insert_with(|| loader.sources[file].big_integers()).get(path)?;
        match found {
            Ok(n) => Some(n),
            Err(digits) => {
                if !self.problems.iter().any(|p| p.file == file && p.path == *path) {
                    self.problem(
                        file,
                        path.clone(),
                        format!(
                            "an integer of {digits} digits: Python's int() reads at most {} (oslo could not write it)",
                            crate::oslo::pynum::INT_MAX_STR_DIGITS
                        ),
                    );
                }
                None
            }
        }
    }

    fn problem(&mut self, file: usize, path: YamlPath, message: impl Into<String>) {
        let included_from = self.include_sites();
        self.problems.push(Problem {
            file,
            path,
            message: message.into(),
            see_also: None,
            included_from,
            nested: Vec::new(),
        });
    }

    fn include_sites(&self) -> Vec<(usize, YamlPath)> {
        self.include_stack.iter().rev().map(|(_, file, path)| (*file, path.clone())).collect()
    }

    /// Builds the spec, taking the large texts (help) out of `raw` rather than copying them.
    pub fn build_spec(&mut self, file: usize, raw: &mut RawSpec) -> Option<Spec> {
        let root = YamlPath::default();
        if raw.namespace.trim().is_empty() {
            self.problem(file, root.key("namespace"), "the namespace must not be empty");
        } else if breaks_line(&raw.namespace) {
            self.problem(file, root.key("namespace"), "the namespace must be one line");
        }
        let mut groups: Vec<Group> = Vec::with_capacity(raw.groups.len());
        let mut group_places: HashMap<String, YamlPath> = HashMap::with_capacity(raw.groups.len());
        // Each raw group is dropped once built, so that the raw and the built spec are not
        // both held whole.
        for (i, mut raw_group) in std::mem::take(&mut raw.groups).into_iter().enumerate() {
            let path = root.key("groups").index(i);
            let Some(group) = self.build_group(file, &path, &mut raw_group) else { continue };
            if let Some(first) = group_places.get(&group.name) {
                self.problems.push(Problem {
                    file,
                    path: path.key("name"),
                    message: format!("group [{}] is declared twice", group.name),
                    see_also: Some((file, first.key("name"))),
                    ..Default::default()
                });
                continue;
            }
            group_places.insert(group.name.clone(), path);
            groups.push(group);
        }
        Some(Spec {
            namespace: raw.namespace.clone(),
            description: raw.description.clone(),
            groups,
            origin: self.loader.sources[file].name.clone(),
        })
    }

    fn build_group(&mut self, file: usize, path: &YamlPath, raw: &mut RawGroup) -> Option<Group> {
        if raw.name.trim().is_empty() {
            self.problem(file, path.key("name"), "a group needs a name");
            return None;
        }
        if raw.name.chars().any(bad_group_char) {
            self.problem(
                file,
                path.key("name"),
                format!("illegal group name {:?}: it must hold no spaces, line breaks or any of []=#;", raw.name),
            );
            return None;
        }
        let name = normalize_group(&raw.name);
        let mut built = Built {
            options: Vec::with_capacity(raw.options.len()),
            places: Vec::with_capacity(raw.options.len()),
            ..Default::default()
        };
        let options_path = path.key("options");
        let mut includes = Vec::new();
        for (i, entry) in raw.options.iter_mut().enumerate() {
            let entry_path = options_path.index(i);
            if let Some(set) = &entry.include {
                let start = built.options.len();
                self.expand_include(file, &entry_path, entry, &mut built);
                let (origin, embedded) = self.loader.set_origin(set, file).unwrap_or_default();
                let deprecations = entry
                    .deprecations
                    .iter()
                    .flatten()
                    .map(|(name, olds)| {
                        let olds = olds
                            .iter()
                            .map(|d| DeprecatedName {
                                name: d.name.clone(),
                                group: d.group.clone(),
                                since: d.since.clone(),
                            })
                            .collect();
                        (name.clone(), olds)
                    })
                    .collect();
                let options = start..built.options.len();
                includes.push(Include { set: set.clone(), origin, embedded, options, deprecations });
            } else if let Some(opt) = self.build_option(file, &entry_path, entry, &[]) {
                built.options.push(opt);
                built.places.push((file, entry_path));
            }
        }
        if let Some(selects) = &raw.selects {
            let own: Vec<String> = built.options.iter().map(|o| o.dest.to_string()).collect();
            if let Some(selector) = self.build_selector(file, &path.key("selects"), selects, &own) {
                built.selectors.push(std::sync::Arc::new(selector));
            }
        }
        let Built { options, places, mut selectors, .. } = built;
        self.check_unique(&name, &options, &places);
        let driver_opts = raw.driver_opts.clone().unwrap_or_default();
        for (driver, names) in &driver_opts {
            for (i, opt_name) in names.iter().enumerate() {
                if !options.iter().any(|o| &o.name == opt_name) {
                    let message =
                        format!("driver `{driver}` lists `{opt_name}`, which is not an option of group [{name}]");
                    self.problem(file, path.key("driver_opts").key(driver.clone()).index(i), message);
                }
            }
        }
        // oslo's driver data is a selection among the group's own options.
        if let Some(option) = raw.driver_option.as_ref().filter(|_| !driver_opts.is_empty()) {
            let choices = driver_opts
                .iter()
                .map(|(driver, names)| {
                    (driver.clone(), options.iter().filter(|o| names.iter().any(|n| *n == o.name)).cloned().collect())
                })
                .collect();
            selectors.push(std::sync::Arc::new(Selector {
                option: option.replace('-', "_"),
                follow: None,
                choices,
                exhaustive: true,
            }));
        }
        Some(Group {
            name,
            title: raw.title.clone(),
            help: raw.help.take(),
            driver_option: raw.driver_option.clone(),
            dynamic_group_owner: raw.dynamic_group_owner.clone(),
            driver_opts,
            options,
            selectors,
            includes,
        })
    }

    /// Two options of one group may not share a name or a dest.
    fn check_unique(&mut self, group: &str, options: &[Opt], places: &[Place]) {
        let mut seen: HashMap<&str, &Place> = HashMap::with_capacity(2 * options.len());
        for (opt, place) in options.iter().zip(places) {
            for key in [opt.name.as_ref(), opt.dest.as_ref()] {
                if let Some(first) = seen.get(key) {
                    if *first != place {
                        self.problems.push(Problem {
                            file: place.0,
                            path: place.1.key("name"),
                            message: format!("option `{key}` is defined twice in group [{group}]"),
                            see_also: Some((first.0, first.1.key("name"))),
                            ..Default::default()
                        });
                        break;
                    }
                }
            }
            seen.insert(opt.name.as_ref(), place);
            seen.insert(opt.dest.as_ref(), place);
        }
    }

    /// Expands `- include: <set>` into the set's options, adding the include's deprecated names.
    fn expand_include(&mut self, file: usize, path: &YamlPath, raw: &RawOption, built: &mut Built) {
        for key in set_keys(raw) {
            if key != "include" && key != "deprecations" {
                self.problem(
                    file,
                    path.key(key),
                    format!("`{key}` does not belong in an include entry (it takes `include` and `deprecations`)"),
                );
            }
        }
        let name = raw.include.as_deref().unwrap_or_default();
        let deprecations = raw.deprecations.clone().unwrap_or_default();
        self.include_set(file, &path.key("include"), name, &deprecations, path, built);
    }

    /// Adds the options of set `name`, named at `name_path`, to `built`, with `deprecations`
    /// (given at `path`) as extra old names.
    fn include_set(
        &mut self,
        file: usize,
        name_path: &YamlPath,
        name: &str,
        deprecations: &BTreeMap<String, Vec<RawDeprecatedOpt>>,
        path: &YamlPath,
        built: &mut Built,
    ) {
        if self.include_stack.iter().any(|(n, _, _)| n == name) {
            let chain: Vec<&str> = self.include_stack.iter().map(|(n, _, _)| n.as_str()).collect();
            self.problem(
                file,
                name_path.clone(),
                format!("option set `{name}` includes itself (through {})", chain.join(" -> ")),
            );
            return;
        }
        if self.include_stack.len() >= MAX_INCLUDE_DEPTH {
            let message = format!("option sets nest deeper than {MAX_INCLUDE_DEPTH} includes here");
            self.problem(file, name_path.clone(), message);
            return;
        }
        // A set's options twice in one group would each be defined twice: one error instead.
        if let Some(first) = built.included.get(name) {
            let problem = Problem {
                file,
                path: name_path.clone(),
                message: format!("option set `{name}` is included twice in this group"),
                see_also: Some(first.clone()),
                included_from: self.include_sites(),
                nested: Vec::new(),
            };
            self.problems.push(problem);
            return;
        }
        built.included.insert(name.to_owned(), (file, name_path.clone()));
        // What a group's include adds is counted before it is expanded: its set's size, with
        // the sets that set includes (the includes within are counted there).
        if self.include_stack.is_empty() && self.added.0 <= REPEAT_BUDGET {
            let size = self.loader.set_size(name, file, 0);
            let before = self.added;
            if !self.added.add(size) {
                let message = format!(
                    "option set `{name}` counts {} as it expands, and this spec's aliases and includes before it {}: \
                     together more than the {} MiB they may add (the repetition budget, docs/reliability.md)",
                    size_text(size),
                    size_text(before.0),
                    REPEAT_BUDGET >> 20
                );
                self.problem(file, name_path.clone(), message);
                return;
            }
        }
        if self.added.0 > REPEAT_BUDGET {
            // Already refused at an earlier include: nothing more is expanded.
            return;
        }
        let (set_file, set) = match self.loader.option_set(name, file) {
            Ok(found) => found,
            Err(super::load::SetError::Message(message)) => {
                self.problem(file, name_path.clone(), message);
                return;
            }
            Err(super::load::SetError::File(diagnostics)) => {
                let mut included_from = self.include_sites();
                included_from.insert(0, (file, name_path.clone()));
                let problem = Problem {
                    file,
                    path: name_path.clone(),
                    message: String::new(),
                    see_also: None,
                    included_from,
                    nested: diagnostics,
                };
                self.problems.push(problem);
                return;
            }
        };
        for key in deprecations.keys() {
            if !set.options.iter().any(|o| o.name.as_deref() == Some(key.as_str())) {
                let names: Vec<&str> = set.options.iter().filter_map(|o| o.name.as_deref()).collect();
                self.problem(
                    file,
                    path.key("deprecations").key(key.clone()),
                    format!("option set `{name}` has no option `{key}` (it has: {})", names.join(", ")),
                );
            }
        }
        self.include_stack.push((name.to_owned(), file, name_path.clone()));
        let options_path = YamlPath::default().key("options");
        let first = built.options.len();
        for (i, entry) in set.options.iter().enumerate() {
            let entry_path = options_path.index(i);
            if entry.include.is_some() {
                self.expand_include(set_file, &entry_path, entry, built);
                continue;
            }
            let extra = entry.name.as_ref().and_then(|n| deprecations.get(n)).cloned().unwrap_or_default();
            // A set is shared by every group that includes it: build from a copy.
            if let Some(opt) = self.build_option(set_file, &entry_path, &mut entry.clone(), &extra) {
                built.options.push(opt);
                built.places.push((set_file, entry_path));
            }
        }
        if let Some(selects) = &set.selects {
            let own: Vec<String> = built.options[first..].iter().map(|o| o.dest.to_string()).collect();
            let selects_path = YamlPath::default().key("selects");
            if let Some(selector) = self.build_selector(set_file, &selects_path, selects, &own) {
                built.selectors.push(std::sync::Arc::new(selector));
            }
        }
        self.include_stack.pop();
    }

    /// `selects:` at `path`; `own` are the dests of the options it may name.
    fn build_selector(&mut self, file: usize, path: &YamlPath, raw: &RawSelects, own: &[String]) -> Option<Selector> {
        let mut ok = true;
        for (key, name) in [("option", Some(&raw.option)), ("follow", raw.follow.as_ref())] {
            let Some(name) = name else { continue };
            if !own.iter().any(|d| d == name) {
                let hint = crate::suggest::closest(name, own.iter().map(String::as_str))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                self.problem(file, path.key(key), format!("`{name}` is not an option here{hint}"));
                ok = false;
            }
        }
        let mut choices = BTreeMap::new();
        for (value, set) in &raw.sets {
            let mut selected = Built::default();
            self.include_set(file, &path.key("sets").key(value.clone()), set, &BTreeMap::new(), path, &mut selected);
            choices.insert(value.clone(), selected.options);
        }
        ok.then(|| Selector { option: raw.option.clone(), follow: raw.follow.clone(), choices, exhaustive: false })
    }

    fn build_option(
        &mut self,
        file: usize,
        path: &YamlPath,
        raw: &mut RawOption,
        extra_deprecated: &[RawDeprecatedOpt],
    ) -> Option<Opt> {
        if raw.deprecations.is_some() {
            self.problem(
                file,
                path.key("deprecations"),
                "`deprecations` belongs to include entries; an option lists its own in `deprecated_opts`",
            );
        }
        let Some(name) = raw.name.clone() else {
            self.problem(file, path.clone(), "an option needs a `name` (or `include:` to include an option set)");
            return None;
        };
        if name.is_empty()
            || name.starts_with('_')
            || name.chars().any(|c| matches!(c, '[' | ']' | '=' | '#' | ';' | ':') || c.is_whitespace())
        {
            self.problem(file, path.key("name"), format!("illegal option name {name:?}: it must be non-empty, not start with `_`, and hold no spaces or any of []=#;:"));
            return None;
        }
        let dest = raw.dest.clone().unwrap_or_else(|| name.replace('-', "_"));
        if dest.is_empty() || dest.chars().any(bad_name_char) {
            self.problem(
                file,
                path.key("dest"),
                format!("illegal dest {dest:?}: it must be non-empty and hold no spaces, line breaks or any of []=#;:"),
            );
            return None;
        }
        for (key, value) in [
            ("deprecated_since", &raw.deprecated_since),
            ("sample_min", &raw.sample_min),
            ("sample_max", &raw.sample_max),
            ("type_name", &raw.type_name),
            ("metavar", &raw.metavar),
        ] {
            if value.as_deref().is_some_and(breaks_line) {
                self.problem(file, path.key(key), format!("`{key}` must be one line"));
            }
        }
        let ty = self.build_type(file, path, raw)?;

        // Moved out rather than copied: the raw option is not read again.
        let default = match raw.default.take() {
            Some(v) => self.py_value(file, &path.key("default"), *v)?,
            None => PyValue::None,
        };
        if !default.is_none() && !is_reference(&default) {
            if let Err(why) = check_value(&ty, &default) {
                self.problem(
                    file,
                    path.key("default"),
                    format!("default {} does not fit the {} option: {why}", default.py_repr(), ty.kind.spec_name()),
                );
            }
        }
        if let Some(object) = &raw.default_object {
            self.check_default_object(file, path, object, &default);
        }
        let sample_default = match raw.sample_default.take() {
            Some(v) => Some(self.py_value(file, &path.key("sample_default"), *v)?),
            None => None,
        };
        if let Some(short) = &raw.short {
            if short.chars().count() != 1 {
                self.problem(file, path.key("short"), format!("`short` is a single character, not {short:?}"));
            }
        }
        if raw.positional == Some(true) && matches!(ty.kind, TypeKind::Boolean) {
            self.problem(file, path.key("positional"), "a boolean option cannot be positional");
        }

        // oslo's DeprecatedOpt list: given aliases, `_` twins of `-` names, then the shorthand.
        let mut deprecated_opts: Vec<DeprecatedName> = Vec::new();
        let given = raw.deprecated_opts.iter().flatten().chain(extra_deprecated);
        for (i, d) in given.enumerate() {
            if d.name.is_none() && d.group.is_none() {
                self.problem(
                    file,
                    path.key("deprecated_opts").index(i),
                    "a deprecated name needs a `name`, a `group`, or both",
                );
            }
            for (part, bad) in [(&d.name, bad_name_char as fn(char) -> bool), (&d.group, bad_group_char)] {
                let Some(part) = part else { continue };
                if part.is_empty() || part.chars().any(bad) {
                    self.problem(file, path.key("deprecated_opts").index(i), format!("illegal deprecated name {part:?}: it must be non-empty and hold no spaces, line breaks or any of []=#;:"));
                }
            }
            deprecated_opts.push(DeprecatedName {
                name: d.name.clone(),
                group: d.group.clone(),
                since: d.since.clone(),
            });
        }
        let twins: Vec<DeprecatedName> = deprecated_opts
            .iter()
            .filter(|d| d.name.as_deref().is_some_and(|n| n.contains('-')))
            .map(|d| DeprecatedName {
                name: d.name.as_ref().map(|n| n.replace('-', "_")),
                group: d.group.clone(),
                since: d.since.clone(),
            })
            .collect();
        deprecated_opts.extend(twins);
        for (key, part, bad) in [
            ("deprecated_name", &raw.deprecated_name, bad_name_char as fn(char) -> bool),
            ("deprecated_group", &raw.deprecated_group, bad_group_char),
        ] {
            if part.as_deref().is_some_and(|p| p.is_empty() || p.chars().any(bad)) {
                self.problem(
                    file,
                    path.key(key),
                    format!("illegal `{key}`: it must be non-empty and hold no spaces, line breaks or any of []=#;:"),
                );
            }
        }
        if raw.deprecated_name.is_some() || raw.deprecated_group.is_some() {
            let d =
                DeprecatedName { name: raw.deprecated_name.clone(), group: raw.deprecated_group.clone(), since: None };
            let twin = d.name.as_deref().filter(|n| n.contains('-')).map(|n| DeprecatedName {
                name: Some(n.replace('-', "_")),
                group: d.group.clone(),
                since: None,
            });
            deprecated_opts.push(d);
            deprecated_opts.extend(twin);
        }

        Some(Opt {
            name: name.into(),
            dest: dest.into(),
            ty: std::sync::Arc::new(ty),
            default,
            default_object: raw.default_object.clone(),
            sample_default,
            help: raw.help.take().map(Text::Owned),
            required: raw.required.unwrap_or(raw.positional == Some(true)),
            secret: raw.secret.unwrap_or(false),
            advanced: raw.advanced.unwrap_or(false),
            mutable: raw.mutable.unwrap_or(false),
            short: raw.short.clone(),
            metavar: raw.metavar.clone(),
            positional: raw.positional.unwrap_or(false),
            deprecated_opts,
            deprecated_for_removal: raw.deprecated_for_removal.unwrap_or(false),
            deprecated_reason: raw.deprecated_reason.clone(),
            deprecated_since: raw.deprecated_since.clone(),
            doc_type: raw.doc_type.clone(),
        })
    }

    /// Options naming one `default_object` share one Python object, so they have one default:
    /// the first to name it, in any spec the loader read, says which.
    fn check_default_object(&mut self, file: usize, path: &YamlPath, object: &str, default: &PyValue) {
        let at = path.key("default_object");
        if object.is_empty() || object.contains(['\n', '\r']) {
            self.problem(file, at, "`default_object` names an object: one line, not empty");
            return;
        }
        match self.loader.default_objects.get(object) {
            None => {
                self.loader.default_objects.insert(object.to_owned(), (default.clone(), (file, path.clone())));
            }
            Some((first, _)) if first == default => {}
            Some((first, place)) => {
                let message = format!(
                    "default {} differs from {}, the default of the first option whose `default_object` is {object:?}: one object has one value",
                    default.py_repr(),
                    first.py_repr()
                );
                let see_also = Some((place.0, place.1.key("default_object")));
                let included_from = self.include_sites();
                self.problems.push(Problem { file, path: at, message, see_also, included_from, ..Problem::default() });
            }
        }
    }

    /// The type of an option or of a list item / dict value, with its parameters checked.
    fn build_type(&mut self, file: usize, path: &YamlPath, raw: &RawOption) -> Option<OptType> {
        let type_ = raw.type_.as_deref().unwrap_or("string");
        let Some(def) = crate::oslo::types::by_spec_name(type_) else {
            let known: Vec<&str> = TYPES.iter().map(|t| t.spec_name).collect();
            self.problem(
                file,
                path.key("type"),
                format!(
                    "unknown type `{type_}`{} (known: {}; a project's own type is `custom` with a `type_name`)",
                    type_hint(type_).map(|t| format!("; did you mean `{t}`?")).unwrap_or_default(),
                    known.join(", ")
                ),
            );
            return None;
        };
        let mut ok = true;
        for key in set_keys(raw) {
            let is_type_key = key == "type" || key == "type_name" || def.params.contains(&key);
            if !is_type_key && !OPTION_ONLY_KEYS.contains(&key) {
                self.problem(file, path.key(key), format!("`{key}` does not apply to a {type_} option"));
                ok = false;
            }
        }
        if type_ == "custom" && raw.type_name.is_none() {
            self.problem(
                file,
                path.key("type"),
                "a `custom` type needs a `type_name`, the name the sample shows (e.g. \"my value\")",
            );
            ok = false;
        }
        let type_name = raw.type_name.clone().unwrap_or_else(|| def.data_name.to_owned());

        let kind = match type_ {
            "string" => {
                let choices = self.choices(file, path, raw, ChoiceValues::Strings);
                if raw.regex.is_some() && raw.choices.is_some() {
                    self.problem(file, path.key("regex"), "`choices` and `regex` cannot both be given");
                    ok = false;
                }
                if let Some(re) = &raw.regex {
                    if let Err(e) = crate::oslo::pyregex::check(re) {
                        self.problem(file, path.key("regex"), format!("the regex does not compile: {e}: {re:?}"));
                        ok = false;
                    }
                }
                TypeKind::String {
                    choices: choices?,
                    quotes: raw.quotes.unwrap_or(false),
                    regex: raw.regex.clone(),
                    ignore_case: raw.ignore_case.unwrap_or(false),
                    max_length: raw.max_length.unwrap_or(0),
                }
            }
            "integer" => {
                // Python takes a float bound for an int option (neutron's `max=2147483.0`).
                let min = self.number_param(file, path, "min", raw.min.as_deref())?;
                let max = self.number_param(file, path, "max", raw.max.as_deref())?;
                let choices = self.choices(file, path, raw, ChoiceValues::Integers)?;
                ok &= self.check_bounds(file, path, min.as_ref(), max.as_ref(), choices.as_deref());
                TypeKind::Integer {
                    min,
                    max,
                    choices,
                    sample_min: raw.sample_min.clone(),
                    sample_max: raw.sample_max.clone(),
                }
            }
            "port" => {
                let min = self.int_param(file, path, "min", raw.min.as_deref())?;
                let max = self.int_param(file, path, "max", raw.max.as_deref())?;
                let choices = self.choices(file, path, raw, ChoiceValues::Integers)?;
                let (zero, port_max) = (PyInt::Small(0), PyInt::Small(PORT_MAX));
                if min.as_ref().is_some_and(|m| *m < zero) {
                    self.problem(file, path.key("min"), "a port's min cannot be less than 0");
                    ok = false;
                }
                if max.as_ref().is_some_and(|m| *m > port_max) {
                    self.problem(file, path.key("max"), format!("a port's max cannot be more than {PORT_MAX}"));
                    ok = false;
                }
                let (min, max) = (min.unwrap_or(zero), max.unwrap_or(port_max));
                ok &= self.check_bounds(
                    file,
                    path,
                    Some(&Number::Int(min.clone())),
                    Some(&Number::Int(max.clone())),
                    choices.as_deref(),
                );
                TypeKind::Port { min, max, choices }
            }
            "float" => {
                let min = self.number_param(file, path, "min", raw.min.as_deref())?;
                let max = self.number_param(file, path, "max", raw.max.as_deref())?;
                ok &= self.check_bounds(file, path, min.as_ref(), max.as_ref(), None);
                TypeKind::Float { min, max }
            }
            "range" => {
                let min = self.int_param(file, path, "min", raw.min.as_deref())?;
                let max = self.int_param(file, path, "max", raw.max.as_deref())?;
                ok &= self.check_bounds(
                    file,
                    path,
                    min.clone().map(Number::Int).as_ref(),
                    max.clone().map(Number::Int).as_ref(),
                    None,
                );
                TypeKind::Range { min, max, inclusive: raw.inclusive.unwrap_or(true) }
            }
            "boolean" => TypeKind::Boolean,
            "list" => TypeKind::List {
                item_type: Box::new(self.nested_type(file, &path.key("item_type"), raw.item_type.as_deref())?),
                bounds: raw.bounds.unwrap_or(false),
                min_length: raw.min_length.unwrap_or(0),
            },
            "dict" => {
                let sep = raw.key_value_separator.clone().unwrap_or_else(|| ":".to_owned());
                if sep == "," || sep.is_empty() {
                    self.problem(
                        file,
                        path.key("key_value_separator"),
                        "the key/value separator must be non-empty and not `,`",
                    );
                    ok = false;
                }
                TypeKind::Dict {
                    value_type: Box::new(self.nested_type(file, &path.key("value_type"), raw.value_type.as_deref())?),
                    bounds: raw.bounds.unwrap_or(false),
                    key_value_separator: sep,
                    min_length: raw.min_length.unwrap_or(0),
                }
            }
            "multi_string" => TypeKind::MultiString,
            "ip_address" | "host_address" | "host_domain" => {
                if let Some(v) = raw.version.filter(|v| *v != 4 && *v != 6) {
                    self.problem(file, path.key("version"), format!("{v} is not an IP version (4 or 6)"));
                    ok = false;
                }
                let version = raw.version;
                match type_ {
                    "ip_address" => TypeKind::IpAddress { version },
                    "host_address" => TypeKind::HostAddress { version },
                    _ => TypeKind::HostDomain { version },
                }
            }
            "hostname" => TypeKind::Hostname,
            "uri" => TypeKind::Uri { max_length: raw.max_length, schemes: raw.schemes.clone() },
            _ => {
                let min = self.number_param(file, path, "min", raw.min.as_deref())?;
                let max = self.number_param(file, path, "max", raw.max.as_deref())?;
                let choices = self.choices(file, path, raw, ChoiceValues::Any)?;
                ok &= self.check_bounds(file, path, min.as_ref(), max.as_ref(), choices.as_deref());
                if let Some(python_type) = &raw.python_type {
                    if let Err(why) = check_python_type(python_type) {
                        self.problem(file, path.key("python_type"), why);
                        ok = false;
                    }
                }
                TypeKind::Custom {
                    min,
                    max,
                    choices,
                    default_text: raw.default_text.clone(),
                    python_type: raw.python_type.clone(),
                }
            }
        };
        ok.then_some(OptType { kind, type_name: type_name.into() })
    }

    fn nested_type(&mut self, file: usize, path: &YamlPath, raw: Option<&RawTypeRef>) -> Option<OptType> {
        match raw {
            None => Some(OptType {
                kind: TypeKind::String { choices: None, quotes: false, regex: None, ignore_case: false, max_length: 0 },
                type_name: "string value".into(),
            }),
            Some(RawTypeRef::Name(name)) => {
                let raw = RawOption { type_: Some(name.clone()), ..Default::default() };
                // Report an unknown name at the `item_type:` value itself.
                let mut sub = self.build_type(file, path, &raw);
                if sub.is_none() {
                    for p in self.problems.iter_mut().filter(|p| p.path == path.key("type")) {
                        p.path = path.clone();
                    }
                    sub = None;
                }
                sub
            }
            Some(RawTypeRef::Full(raw)) => {
                let mut ok = true;
                for key in set_keys(raw) {
                    if OPTION_ONLY_KEYS.contains(&key) {
                        self.problem(file, path.key(key), format!("`{key}` does not belong in a type description"));
                        ok = false;
                    }
                }
                let ty = self.build_type(file, path, raw);
                ty.filter(|_| ok)
            }
        }
    }

    /// min <= max, and every numeric choice within them.
    fn check_bounds(
        &mut self,
        file: usize,
        path: &YamlPath,
        min: Option<&Number>,
        max: Option<&Number>,
        choices: Option<&[Choice]>,
    ) -> bool {
        let mut ok = true;
        if let (Some(lo), Some(hi)) = (min, max) {
            if hi.less_than(lo) {
                self.problem(
                    file,
                    path.key("max"),
                    format!("max ({}) is less than min ({})", hi.py_str(), lo.py_str()),
                );
                ok = false;
            }
        }
        for (i, choice) in choices.unwrap_or_default().iter().enumerate() {
            if let PyValue::Int(c) = &choice.value {
                let c_number = Number::Int(c.clone());
                let below = min.is_some_and(|m| c_number.less_than(m));
                let above = max.is_some_and(|m| m.less_than(&c_number));
                if below || above {
                    let show = |n: Option<&Number>| n.map(|n| n.py_str()).unwrap_or_else(|| "None".into());
                    self.problem(
                        file,
                        path.key("choices").index(i),
                        format!("choice {c} is out of bounds [{}..{}]", show(min), show(max)),
                    );
                    ok = false;
                }
            }
        }
        ok
    }

    fn int_param(
        &mut self,
        file: usize,
        path: &YamlPath,
        key: &'static str,
        v: Option<&Value>,
    ) -> Option<Option<PyInt>> {
        match v {
            None => Some(None),
            Some(v) => match self.int_value(file, &path.key(key), v) {
                Some(i) => Some(Some(i)),
                None if matches!(self.problems.last(), Some(p) if p.path == path.key(key)) => None,
                None => {
                    self.problem(file, path.key(key), format!("`{key}` must be an integer, not {}", describe(v)));
                    None
                }
            },
        }
    }

    fn number_param(
        &mut self,
        file: usize,
        path: &YamlPath,
        key: &'static str,
        v: Option<&Value>,
    ) -> Option<Option<Number>> {
        match v {
            None => Some(None),
            Some(v @ Value::Number(n)) if n.is_f64() => match self.int_value(file, &path.key(key), v) {
                Some(i) => Some(Some(Number::Int(i))),
                None => Some(Some(Number::Float(n.as_f64().unwrap_or_default()))),
            },
            Some(v) => self.int_param(file, path, key, Some(v)).map(|o| o.map(Number::Int)),
        }
    }

    /// `choices:` as plain values, `{value, description}` mappings or `[value, description]`
    /// pairs (the form oslo's machine-readable data uses).
    fn choices(
        &mut self,
        file: usize,
        path: &YamlPath,
        raw: &RawOption,
        accept: ChoiceValues,
    ) -> Option<Option<Vec<Choice>>> {
        let Some(list) = &raw.choices else { return Some(None) };
        let mut out = Vec::with_capacity(list.len());
        let mut ok = true;
        for (i, item) in list.iter().enumerate() {
            let p = path.key("choices").index(i);
            let (value, description) = match item {
                Value::Mapping(m) => {
                    let mut value = None;
                    let mut description = None;
                    for (k, v) in m {
                        match k.as_str() {
                            Some("value") => value = Some(v.clone()),
                            Some("description") => match v {
                                Value::String(s) => description = Some(s.clone()),
                                Value::Null => {}
                                other => {
                                    self.problem(
                                        file,
                                        p.key("description"),
                                        format!("a description is text, not {}", describe(other)),
                                    );
                                    ok = false;
                                }
                            },
                            _ => {
                                self.problem(
                                    file,
                                    p.clone(),
                                    format!(
                                        "unknown key {} in a choice (it takes `value` and `description`)",
                                        describe(k)
                                    ),
                                );
                                ok = false;
                            }
                        }
                    }
                    match value {
                        Some(v) => (v, description),
                        None => {
                            self.problem(file, p.clone(), "a choice mapping needs a `value`");
                            ok = false;
                            continue;
                        }
                    }
                }
                Value::Sequence(pair) if pair.len() == 2 => match &pair[1] {
                    Value::String(s) => (pair[0].clone(), Some(s.clone())),
                    Value::Null => (pair[0].clone(), None),
                    other => {
                        self.problem(file, p.index(1), format!("a description is text, not {}", describe(other)));
                        ok = false;
                        continue;
                    }
                },
                other => (other.clone(), None),
            };
            // A choice given as a mapping or a pair is at its own path in the text.
            let value_path = match item {
                Value::Mapping(_) => p.key("value"),
                Value::Sequence(_) => p.index(0),
                _ => p.clone(),
            };
            let value_ok = match (&value, accept) {
                (Value::Null, _) => true,
                (Value::String(_), ChoiceValues::Strings | ChoiceValues::Any) => true,
                (Value::Number(_) | Value::Tagged(_) | Value::String(_), ChoiceValues::Integers) => {
                    self.int_value(file, &value_path, &value).is_some()
                }
                (Value::Number(_) | Value::Bool(_), ChoiceValues::Any) => true,
                (Value::Tagged(t), ChoiceValues::Any) => bigint::marked(t).is_some(),
                _ => false,
            };
            if !value_ok {
                let want = match accept {
                    ChoiceValues::Integers => "an integer",
                    ChoiceValues::Strings => "a string (quote numbers)",
                    ChoiceValues::Any => "a plain value",
                };
                self.problem(file, p, format!("a choice here must be {want} or null, not {}", describe(&value)));
                ok = false;
                continue;
            }
            let value = self.py_value(file, &value_path, value)?;
            out.push(Choice { value, description });
        }
        ok.then_some(Some(out))
    }

    /// A YAML value as the Python value it stands for.
    fn py_value(&mut self, file: usize, path: &YamlPath, v: Value) -> Option<PyValue> {
        Some(match v {
            Value::Null => PyValue::None,
            Value::Bool(b) => PyValue::Bool(b),
            Value::Number(ref n) => match self.int_value(file, path, &v) {
                Some(i) => PyValue::Int(i),
                None => PyValue::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(ref s) if maybe_big_text(s) => {
                let before = self.problems.len();
                match self.int_value(file, path, &v) {
                    Some(i) => PyValue::Int(i),
                    None if self.problems.len() > before => return None,
                    None => PyValue::Str(s.clone()),
                }
            }
            Value::String(s) => PyValue::Str(s),
            Value::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    out.push(self.py_value(file, &path.index(i), item)?);
                }
                PyValue::List(out)
            }
            Value::Mapping(m) => {
                let mut out = Vec::with_capacity(m.len());
                for (k, item) in m {
                    let Value::String(key) = k else {
                        self.problem(file, path.clone(), format!("mapping keys must be strings, not {}", describe(&k)));
                        return None;
                    };
                    let value = self.py_value(file, &path.key(key.clone()), item)?;
                    out.push((key, value));
                }
                PyValue::Dict(out)
            }
            Value::Tagged(t) => {
                if let Some(i) = bigint::marked(&t) {
                    return Some(PyValue::Int(i));
                }
                self.problem(file, path.clone(), format!("YAML tags such as {} are not supported here", t.tag));
                return None;
            }
        })
    }
}

/// A size in bytes for a message: in KiB below a MiB, else in MiB (one decimal).
fn size_text(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{} KiB", bytes.div_ceil(1 << 10))
    } else {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    }
}

/// Whether a string may be a plain integer serde_yaml could not read as a float (past 1e308).
fn maybe_big_text(s: &str) -> bool {
    s.len() > 300 && s.trim_start_matches(['-', '+']).bytes().all(|b| b.is_ascii_digit())
}

/// A custom type's `python_type`: `module.path:Class` (dotted identifiers, then one
/// identifier), or one of the Python types oslo takes as they are (`str`, `int`, `float`).
fn check_python_type(text: &str) -> Result<(), String> {
    let identifier = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if crate::render::python::BUILTIN_TYPES.contains(&text) {
        return Ok(());
    }
    match text.split_once(':') {
        Some((module, class)) if module.split('.').all(identifier) && identifier(class) => Ok(()),
        _ => Err(format!(
            "python_type {text:?} is not `module.path:Class` (e.g. `mypkg.types:ArchivePolicy`), nor one of {}",
            crate::render::python::BUILTIN_TYPES.join(", ")
        )),
    }
}

/// A YAML value named for a message: `integer 5`, `string "x"`, `a list`.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {s:?}"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => match bigint::marked(t) {
            Some(i) => format!("number {i}"),
            None => format!("tagged value {}", t.tag),
        },
    }
}
