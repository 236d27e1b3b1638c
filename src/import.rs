//! `confspec import`: oslo-config-generator's machine-readable data (`--format yaml|json`)
//! turned into one spec per namespace. YAML is read as PyYAML reads it (YAML 1.1's plain
//! scalars, `oslo::pyyaml::safe_load`), so it gives what its JSON twin gives.
//!
//! The data is lossy in a few places; each choice below is the one that reproduces oslo's INI
//! sample (see docs/compatibility.md):
//! - an alias written with the option's own name is taken as name-less (oslo writes name-less
//!   aliases that way, and its sample leaves them out);
//! - a list's item type is not recorded; a list whose default holds only booleans gets
//!   boolean items (oslo prints them lower-case), one of only dicts dict items (printed
//!   `key:value`), any other list string items;
//! - a string default that matches a choice only when case is ignored means `ignore_case`;
//! - groups are not kept in registration order (the data's mappings are sorted), but the
//!   `deprecated_options` lists follow that order, so groups are put back in an order they
//!   allow;
//! - a type name confspec does not know, or a known name whose data does not fit that type
//!   (bounds on a string, say), becomes a `custom` type that keeps its name, bounds and choices;
//! - YAML data's anchors and aliases (one list or dict object in several options) become
//!   `default_object` keys; JSON does not show them;
//! - a run of options that is exactly an embedded option set becomes an include of it, and an
//!   option that is exactly one of keystoneauth's (in a group with its `auth-url`) is written
//!   as the set writes it: the set knows its reference type and its old names spelled with `-`.

use crate::diag::{Diagnostic, Error, Result};
use crate::oslo::types::{by_spec_name, PORT_MAX, TYPES};
use crate::spec::source::{SourceFile, YamlPath};
use serde_yaml::{Mapping, Value};
use std::collections::HashMap;

mod sample;
pub use sample::{Recovered, Sample};

/// One spec made from the data: `<namespace>.yaml` and its text.
#[derive(Debug, Clone)]
pub struct ImportedSpec {
    pub namespace: String,
    pub file_name: String,
    pub text: String,
    pub groups: usize,
    pub options: usize,
    /// Each option's place in the spec (`groups[0].options[3]`) and in the data.
    pub origins: Vec<(YamlPath, YamlPath)>,
}

struct Problems {
    list: Vec<(YamlPath, String)>,
}

impl Problems {
    fn add(&mut self, path: &YamlPath, message: impl Into<String>) {
        self.list.push((path.clone(), message.into()));
    }
}

/// Parses the data file's text (JSON when `json`, YAML otherwise) and makes the specs.
/// With `sample`, the INI sample oslo wrote with the same namespaces, what the data loses is
/// taken from it (`Recovered` counts it).
pub fn import(source: &SourceFile, json: bool, sample: Option<&Sample>) -> Result<(Vec<ImportedSpec>, Recovered)> {
    let (root, objects) = parse(source, json)?;
    let mut problems = Problems { list: Vec::new() };
    let mut recovered = Recovered::default();
    let specs = convert(&root, &objects, &mut problems, &source.name, sample, &mut recovered);
    if problems.list.is_empty() {
        return Ok((specs, recovered));
    }
    let paths: Vec<YamlPath> = problems.list.iter().map(|(path, _)| path.clone()).collect();
    let diagnostics = problems
        .list
        .into_iter()
        .zip(source.locate_all(&paths))
        .map(|((path, message), place)| {
            let d = Diagnostic::error(&source.name, message).in_document(path);
            match place {
                Some((line, col)) => d.at(line, Some(col)),
                None => d,
            }
        })
        .collect();
    Err(Error::Input(diagnostics))
}

/// The data, and the places of the lists and dicts that are one object in several places, each
/// with the object's number (YAML only: PyYAML writes one object met twice as an anchor and its
/// aliases; JSON has no identity).
fn parse(source: &SourceFile, json: bool) -> Result<(Value, HashMap<YamlPath, usize>)> {
    let error = |message: String, at: Option<(usize, usize)>| {
        let mut d = Diagnostic::error(&source.name, message);
        if let Some((line, col)) = at {
            d = d.at(line, Some(col));
        }
        Error::Input(vec![d])
    };
    if source.text.trim().is_empty() {
        return Err(error("the file is empty".into(), None));
    }
    let too_deep = if json { crate::spec::nesting::too_deep_json } else { crate::spec::nesting::too_deep };
    if let Some(line) = too_deep(&source.text) {
        return Err(error("the data nests deeper than any oslo data does".into(), Some((line, 1))));
    }
    if json {
        // serde_json's reading, but with integers of any size, as Python's `json` reads them.
        crate::spec::bigint::json_value(&source.text)
            .map_err(|e| {
                error(format!("not valid JSON: {}", strip_position(&e.to_string())), Some((e.line(), e.column())))
            })
            .map(|value| (value, HashMap::new()))
    } else {
        crate::spec::budget::check(&source.text).map_err(|over| error(over.message, Some((over.line, over.column))))?;
        let value: crate::spec::bigint::Tolerant = serde_yaml::from_str(&source.text).map_err(|e| {
            error(
                format!("not valid YAML: {}", strip_position(&e.to_string())),
                e.location().map(|l| (l.line(), l.column())),
            )
        })?;
        // oslo's data is PyYAML's YAML 1.1: read it as PyYAML would (`0o17`, `1e5` are strings
        // there, numbers to serde_yaml), so it imports as its JSON twin does.
        Ok(match crate::oslo::pyyaml::safe_load(&source.text) {
            Some((value, objects)) => (value, objects.into_iter().collect()),
            None => (value.0, HashMap::new()),
        })
    }
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// A group in the making: its name, its keys, and its options with their places in the data.
type GroupDraft = (String, Mapping, Vec<(Value, YamlPath)>);

/// A spec in the making: its groups in data order.
struct SpecDraft {
    namespace: String,
    groups: Vec<GroupDraft>,
}

fn convert(
    root: &Value,
    objects: &HashMap<YamlPath, usize>,
    problems: &mut Problems,
    origin: &str,
    sample: Option<&Sample>,
    recovered: &mut Recovered,
) -> Vec<ImportedSpec> {
    let top = YamlPath::default();
    let Some(options) = root.get("options") else {
        problems.add(&top, "this is not oslo-config-generator data: there is no `options` mapping");
        return Vec::new();
    };
    let Value::Mapping(groups) = options else {
        problems.add(&top.key("options"), "`options` must map group names to groups");
        return Vec::new();
    };
    let mut drafts: Vec<SpecDraft> = Vec::new();
    // Each namespace's place in `drafts`.
    let mut draft_at: HashMap<String, usize> = HashMap::new();
    let mut object_names: HashMap<usize, String> = HashMap::new();
    for (name, data) in groups {
        let Some(group_name) = name.as_str() else {
            problems.add(&top.key("options"), format!("a group name must be text, not {name:?}"));
            continue;
        };
        let path = top.key("options").key(group_name.to_owned());
        let Value::Mapping(data) = data else {
            problems.add(&path, "a group must be a mapping with `opts`");
            continue;
        };
        let text = |key: &str, problems: &mut Problems| -> Option<String> {
            match data.get(key) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()).filter(|s| !s.is_empty()),
                Some(_) => {
                    problems.add(&path.key(key.to_owned()), format!("`{key}` must be text"));
                    None
                }
            }
        };
        let help = text("help", problems);
        let driver_option = text("driver_option", problems);
        let dynamic_group_owner = text("dynamic_group_owner", problems);
        let driver_opts: Vec<(String, Vec<String>)> = match data.get("driver_opts") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Mapping(m)) => m
                .iter()
                .filter_map(|(k, v)| {
                    let names = v
                        .as_sequence()
                        .map(|s| s.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect::<Vec<_>>());
                    match (k.as_str(), names) {
                        (Some(k), Some(names)) => Some((k.to_owned(), names)),
                        _ => {
                            problems.add(
                                &path.key("driver_opts"),
                                "`driver_opts` must map driver names to lists of option names",
                            );
                            None
                        }
                    }
                })
                .collect(),
            Some(_) => {
                problems.add(&path.key("driver_opts"), "`driver_opts` must map driver names to lists of option names");
                Vec::new()
            }
        };
        let opts = match data.get("opts") {
            Some(Value::Sequence(opts)) => opts,
            _ => {
                problems.add(&path.key("opts"), "a group needs an `opts` list");
                continue;
            }
        };
        // The drafts this group's options went to, each with the group's place in it (the
        // data's group names are distinct keys, so no draft has the group yet).
        let mut touched: HashMap<usize, usize> = HashMap::new();
        for (i, opt) in opts.iter().enumerate() {
            let opt_path = path.key("opts").index(i);
            let Some((namespace, mut spec_opt)) = convert_option(opt, group_name, &opt_path, problems) else {
                continue;
            };
            if let Some(object) = objects.get(&opt_path.key("default")) {
                // Named after its first holder, as a spec author would name a shared default.
                let name = object_names.entry(*object).or_insert_with(|| {
                    format!("{group_name}.{}", spec_opt.get("name").and_then(Value::as_str).unwrap_or(""))
                });
                spec_opt = with_default_object(spec_opt, name);
            }
            let at = *draft_at.entry(namespace.clone()).or_insert_with(|| {
                drafts.push(SpecDraft { namespace: namespace.clone(), groups: Vec::new() });
                drafts.len() - 1
            });
            let draft = &mut drafts[at];
            let group = match touched.get(&at) {
                Some(&g) => &mut draft.groups[g],
                None => {
                    touched.insert(at, draft.groups.len());
                    let mut head = Mapping::new();
                    head.insert("name".into(), group_name.into());
                    if let Some(h) = &help {
                        head.insert("help".into(), h.clone().into());
                    }
                    if let Some(d) = &driver_option {
                        head.insert("driver_option".into(), d.clone().into());
                    }
                    if let Some(d) = &dynamic_group_owner {
                        head.insert("dynamic_group_owner".into(), d.clone().into());
                    }
                    draft.groups.push((group_name.to_owned(), head, Vec::new()));
                    draft.groups.last_mut().unwrap()
                }
            };
            group.2.push((spec_opt, opt_path));
        }
        // Driver lists go to the specs that hold the options they name.
        for (&d, &g) in &touched {
            let (_, head, opts) = &mut drafts[d].groups[g];
            let names: Vec<&str> = opts.iter().filter_map(|(o, _)| o.get("name").and_then(Value::as_str)).collect();
            let mut mine = Mapping::new();
            for (driver, listed) in &driver_opts {
                let kept: Vec<Value> =
                    listed.iter().filter(|n| names.contains(&n.as_str())).map(|n| n.as_str().into()).collect();
                if !kept.is_empty() {
                    mine.insert(driver.as_str().into(), Value::Sequence(kept));
                }
            }
            if !mine.is_empty() {
                head.insert("driver_opts".into(), Value::Mapping(mine));
            }
        }
    }
    let order = group_order_hints(root);
    for draft in &mut drafts {
        order_groups(&mut draft.groups, &order);
        for group in &mut draft.groups {
            if let Some(sample) = sample {
                let values: Vec<Value> = group.2.iter().map(|(o, _)| o.clone()).collect();
                if let Some(model) = group_model(values, &group.0, &draft.namespace) {
                    sample.recover(&group.0, &mut group.2, &model.options, recovered);
                }
            }
            fold_sets(&draft.namespace, group);
            adopt_set_options(&draft.namespace, group);
        }
    }
    // A namespace that registers no options still has a spec: oslo writes `[DEFAULT]` alone.
    let listed = root.get("generator_options").and_then(|g| g.get("namespace")).and_then(Value::as_sequence);
    for namespace in listed.into_iter().flatten().filter_map(Value::as_str) {
        if !draft_at.contains_key(namespace) {
            draft_at.insert(namespace.to_owned(), drafts.len());
            drafts.push(SpecDraft { namespace: namespace.to_owned(), groups: Vec::new() });
        }
    }
    if drafts.is_empty() && problems.list.is_empty() {
        problems.add(&top.key("options"), "the data holds no options, so there is no namespace to import");
    }
    drafts
        .into_iter()
        .filter_map(|draft| {
            if !valid_namespace(&draft.namespace) {
                problems.add(&top, format!("namespace {:?} cannot name a spec file", draft.namespace));
                return None;
            }
            Some(finish(draft, origin))
        })
        .collect()
}

/// `option` with `default_object: name` after its `default`.
fn with_default_object(option: Value, name: &str) -> Value {
    let Value::Mapping(keys) = option else { return option };
    let mut out = Mapping::new();
    for (key, value) in keys {
        let after = key.as_str() == Some("default");
        out.insert(key, value);
        if after {
            out.insert("default_object".into(), name.into());
        }
    }
    Value::Mapping(out)
}

/// Replaces each run of a group's options that is exactly one of the embedded option sets
/// (keystoneauth's session or auth options, say) with an include of that set: the spec reads
/// as the project's code does, and the set's selections (an auth plugin's options by
/// `auth_type`) apply. Exactly means the same oslo data for every option, so every output
/// stays the same (the reference may show the set's truer `:Type:`).
fn fold_sets(namespace: &str, (group, _, opts): &mut GroupDraft) {
    let name_of = |o: &Value| o.get("name").and_then(Value::as_str).map(str::to_owned);
    let names: Vec<Option<String>> = opts.iter().map(|(o, _)| name_of(o)).collect();
    for (set, set_names) in embedded_set_names() {
        // Building a set's options is the costly part: only where its names are all here, in
        // its order.
        let Some(first) = set_names.first() else { continue };
        let found = names.windows(set_names.len()).any(|w| w.iter().zip(set_names).all(|(n, s)| n.as_ref() == Some(s)));
        if !found {
            continue;
        }
        let mut include = Mapping::new();
        include.insert("include".into(), (*set).into());
        let Some(wanted) = group_as_data(vec![Value::Mapping(include.clone())], group, namespace) else { continue };
        let mut at = 0;
        while let Some(start) = opts[at..].iter().position(|(o, _)| name_of(o).as_ref() == Some(first)).map(|i| i + at)
        {
            at = start + 1;
            let run = opts.get(start..start + wanted.len()).unwrap_or_default();
            // A default that is one object with another option's is the project's own.
            if run.len() != wanted.len()
                || run.iter().zip(&wanted).any(|((o, _), (name, _))| name_of(o).as_ref() != Some(name))
                || run.iter().any(|(o, _)| o.get("default_object").is_some())
            {
                continue;
            }
            let values: Vec<Value> = run.iter().map(|(o, _)| o.clone()).collect();
            if group_as_data(values, group, namespace).as_ref() != Some(&wanted) {
                continue;
            }
            let origin = run[0].1.clone();
            opts.splice(start..start + wanted.len(), [(Value::Mapping(include.clone()), origin)]);
        }
    }
}

/// The options of the embedded sets that may stand alone, as the sets write them: every one
/// but those with a `selects` block (keystoneauth's `auth_type`), which belong with their set.
/// Options written the same way in several sets are kept once.
fn set_options() -> &'static [(String, Value)] {
    static OPTIONS: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut all: Vec<(String, Value)> = Vec::new();
        for (_, text) in crate::spec::load::EMBEDDED_SETS {
            let Ok(doc) = serde_yaml::from_str::<Value>(text) else { continue };
            for opt in doc.get("options").and_then(Value::as_sequence).into_iter().flatten() {
                let Some(name) = opt.get("name").and_then(Value::as_str) else { continue };
                if opt.get("selects").is_none() && !all.iter().any(|(_, o)| o == opt) {
                    all.push((name.to_owned(), opt.clone()));
                }
            }
        }
        all
    })
}

/// Gives each option that oslo's data shows exactly as an option of one of the embedded sets
/// (the same oslo data, the same type) that option as the set writes it, with what the data
/// drops: its `doc_type` (keystoneauth's `Opt(type=str)` is `unknown type` in the reference)
/// and its old names spelled with `-` (`user-name`). This is for the options fold_sets cannot
/// fold: a namespace that lists several auth plugins' options (password, v2password,
/// v3password) has them deduplicated by oslo into one run that is no set's.
///
/// Only in a group where keystoneauth's `auth-url` is among them (every identity plugin has
/// it): a project's own string options may look like some of keystoneauth's (`project-id`,
/// `tenant-id`, `username`), and they are `StrOpt`s.
fn adopt_set_options(namespace: &str, (group, _, opts): &mut GroupDraft) {
    const SIGN: &str = "auth-url";
    let known = set_options();
    let name_of = |o: &Value| o.get("name").and_then(Value::as_str).map(str::to_owned);
    let candidates: Vec<usize> = (0..opts.len())
        .filter(|&i| opts[i].0.get("include").is_none() && opts[i].0.get("default_object").is_none())
        .filter(|&i| name_of(&opts[i].0).is_some_and(|n| known.iter().any(|(k, _)| *k == n)))
        .collect();
    let signed = |picked: &[usize], opts: &[(Value, YamlPath)]| {
        picked.iter().any(|&i| name_of(&opts[i].0).as_deref() == Some(SIGN))
    };
    if !signed(&candidates, opts) {
        return;
    }
    let Some(ours) = group_as_data(candidates.iter().map(|&i| opts[i].0.clone()).collect(), group, namespace) else {
        return;
    };
    let theirs: Vec<&Value> = known.iter().filter(|(n, _)| ours.iter().any(|(o, _)| o == n)).map(|(_, v)| v).collect();
    let Some(their_data) = options_as_data(&theirs, group, namespace) else { return };
    let mut adopted = Vec::new();
    for (&i, (name, data)) in candidates.iter().zip(&ours) {
        let same = theirs.iter().zip(&their_data).find(|(v, d)| name_of(v).as_ref() == Some(name) && *d == data);
        if let Some((v, _)) = same {
            adopted.push((i, (*v).clone()));
        }
    }
    let picked: Vec<usize> = adopted.iter().map(|(i, _)| *i).collect();
    if !signed(&picked, opts) {
        return;
    }
    for (i, v) in adopted {
        opts[i].0 = v;
    }
}

/// What oslo's data says of an option of `group`, and the type the sample shows. Not the
/// `doc_type`: the data does not record it, and a set's is the one oslo's Sphinx extension
/// The option names of each embedded option set that holds only options (no includes), read
/// once.
fn embedded_set_names() -> &'static [(&'static str, Vec<String>)] {
    static NAMES: std::sync::OnceLock<Vec<(&'static str, Vec<String>)>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        crate::spec::load::EMBEDDED_SETS
            .iter()
            .filter_map(|(set, text)| {
                let raw: Value = serde_yaml::from_str(text).ok()?;
                let options = raw.get("options")?.as_sequence()?;
                let names: Option<Vec<String>> =
                    options.iter().map(|o| o.get("name").and_then(Value::as_str).map(str::to_owned)).collect();
                Some((*set, names?))
            })
            .collect()
    })
}

/// Each option a group of these option entries has, by name, with what oslo's data says of
/// it and the type the sample shows; `None` when the entries make no valid spec. Not the
/// `doc_type`: the data does not record it, and the set's is the one oslo's Sphinx extension
/// shows (`unknown type` for keystoneauth's `Opt(type=str)`).
fn option_data(o: &crate::spec::model::Opt, group: &str, namespace: &str) -> String {
    let entry = crate::oslo::data::entry(o, group, namespace);
    format!("{entry:?} {:?}", o.ty)
}

/// Each option a group of these option entries has, by name, with `option_data`; `None` when
/// the entries make no valid spec.
fn group_as_data(options: Vec<Value>, group: &str, namespace: &str) -> Option<Vec<(String, String)>> {
    let group = group_model(options, group, namespace)?;
    Some(group.options.iter().map(|o| (o.name.to_string(), option_data(o, &group.name, namespace))).collect())
}

/// `option_data` of each of these option entries as an option of `group`, for entries that
/// may share names (each is loaded in a group of its own); `None` when one makes no valid spec.
fn options_as_data(options: &[&Value], group: &str, namespace: &str) -> Option<Vec<String>> {
    let groups: Vec<Value> = options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut head = Mapping::new();
            head.insert("name".into(), format!("g{i}").into());
            head.insert("options".into(), Value::Sequence(vec![(*o).clone()]));
            Value::Mapping(head)
        })
        .collect();
    let mut spec = Mapping::new();
    spec.insert("namespace".into(), namespace.into());
    spec.insert("groups".into(), Value::Sequence(groups));
    let text = serde_yaml::to_string(&Value::Mapping(spec)).ok()?;
    let spec = crate::spec::Loader::new().load_text("<import>".into(), text, None).ok()?;
    let group = crate::spec::model::normalize_group(group);
    spec.groups.iter().map(|g| g.options.first().map(|o| option_data(o, &group, namespace))).collect()
}

/// The model of a group of these option entries; `None` when they make no valid spec.
fn group_model(options: Vec<Value>, group: &str, namespace: &str) -> Option<crate::spec::model::Group> {
    let mut head = Mapping::new();
    head.insert("name".into(), group.into());
    head.insert("options".into(), Value::Sequence(options));
    let mut spec = Mapping::new();
    spec.insert("namespace".into(), namespace.into());
    spec.insert("groups".into(), Value::Sequence(vec![Value::Mapping(head)]));
    let text = serde_yaml::to_string(&Value::Mapping(spec)).ok()?;
    let spec = crate::spec::Loader::new().load_text("<import>".into(), text, None).ok()?;
    spec.groups.into_iter().next()
}

/// Pairs (a, b): group `a` was registered before group `b`, as the order of replacements in
/// each `deprecated_options` list shows.
fn group_order_hints(root: &Value) -> Vec<(String, String)> {
    let mut hints = Vec::new();
    let Some(Value::Mapping(lists)) = root.get("deprecated_options") else { return hints };
    for list in lists.values() {
        let Value::Sequence(items) = list else { continue };
        let groups: Vec<&str> =
            items.iter().filter_map(|i| i.get("replacement_group").and_then(Value::as_str)).collect();
        for pair in groups.windows(2) {
            if pair[0] != pair[1] {
                hints.push((pair[0].to_owned(), pair[1].to_owned()));
            }
        }
    }
    hints
}

/// Reorders groups so every hint holds, otherwise keeping their order (a stable topological
/// sort): each step takes the first group that no remaining group must precede, and when
/// contradictory hints leave none, the first remaining group, so they leave the rest as it
/// was. Group names are unique within a spec. Takes O(groups log groups + hints).
fn order_groups<T>(groups: &mut Vec<(String, Mapping, T)>, hints: &[(String, String)]) {
    use std::collections::{BTreeSet, HashMap};
    let index: HashMap<&str, usize> = groups.iter().enumerate().map(|(i, (name, _, _))| (name.as_str(), i)).collect();
    // For each group, how many hints still put a remaining group before it, and the groups
    // it must precede.
    let mut waiting = vec![0usize; groups.len()];
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (first, then) in hints {
        if let (Some(&b), Some(&a)) = (index.get(first.as_str()), index.get(then.as_str())) {
            if a != b {
                waiting[a] += 1;
                before[b].push(a);
            }
        }
    }
    drop(index);
    let mut rest: BTreeSet<usize> = (0..groups.len()).collect();
    let mut ready: BTreeSet<usize> = rest.iter().copied().filter(|&i| waiting[i] == 0).collect();
    let mut order = Vec::with_capacity(groups.len());
    while let Some(&first) = rest.first() {
        let next = ready.first().copied().unwrap_or(first);
        rest.remove(&next);
        ready.remove(&next);
        order.push(next);
        for &a in &before[next] {
            waiting[a] -= 1;
            if waiting[a] == 0 && rest.contains(&a) {
                ready.insert(a);
            }
        }
    }
    let mut slots: Vec<Option<(String, Mapping, T)>> = std::mem::take(groups).into_iter().map(Some).collect();
    groups.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// A namespace must make a plain file name: no folders, no hidden files.
fn valid_namespace(ns: &str) -> bool {
    !ns.is_empty() && !ns.starts_with('.') && ns.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

fn finish(draft: SpecDraft, origin: &str) -> ImportedSpec {
    let options = draft.groups.iter().map(|(_, _, o)| o.len()).sum();
    let groups = draft.groups.len();
    let mut root = Mapping::new();
    root.insert("namespace".into(), draft.namespace.clone().into());
    let mut origins = Vec::new();
    let groups_value: Vec<Value> = draft
        .groups
        .into_iter()
        .enumerate()
        .map(|(gi, (_, mut head, opts))| {
            let mut values = Vec::with_capacity(opts.len());
            for (oi, (opt, data_path)) in opts.into_iter().enumerate() {
                origins.push((YamlPath::default().key("groups").index(gi).key("options").index(oi), data_path));
                values.push(opt);
            }
            head.insert("options".into(), Value::Sequence(values));
            Value::Mapping(head)
        })
        .collect();
    root.insert("groups".into(), Value::Sequence(groups_value));
    let origin_name =
        std::path::Path::new(origin).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut text = format!(
        "# The options of namespace {}, imported by `confspec import` from {origin_name}.\n# Format: docs/spec-format.md\n",
        draft.namespace
    );
    text.push_str(&crate::spec::bigint::write_spec(&Value::Mapping(root)));
    ImportedSpec {
        file_name: format!("{}.yaml", draft.namespace),
        namespace: draft.namespace,
        text,
        groups,
        options,
        origins,
    }
}

/// Loads every spec as `confspec generate` would, so data that makes no valid spec (a default
/// that does not fit its type, say) is refused before anything is written. Problems are
/// reported at the option's place in the data file.
pub fn check(specs: &[ImportedSpec], source: &SourceFile, dir: &std::path::Path) -> Result<()> {
    // Each diagnostic with its place in the data (when it has one); all placed in one pass.
    let mut found: Vec<(Diagnostic, Option<YamlPath>)> = Vec::new();
    for spec in specs {
        let name = dir.join(&spec.file_name).display().to_string();
        let Err(error) = crate::spec::Loader::new().load_text(name, spec.text.clone(), Some(dir.to_owned())) else {
            continue;
        };
        let Error::Input(diagnostics) = error else { return Err(error) };
        let origins: std::collections::HashMap<&[crate::spec::source::Seg], &YamlPath> =
            spec.origins.iter().map(|(p, d)| (p.0.as_slice(), d)).collect();
        for d in diagnostics {
            // A problem of an option is at `groups[g].options[o]` or below it; the option's
            // keys keep their names in the data, so the same steps lead to the data's key.
            let option = d.path.as_ref().and_then(|p| p.0.get(..4).and_then(|o| origins.get(o)).map(|data| (p, data)));
            match option {
                Some((path, data_path)) => {
                    let mut in_data = (*data_path).clone();
                    in_data.0.extend(path.0[4..].iter().cloned());
                    found
                        .push((Diagnostic::error(&source.name, d.message).in_document(in_data.clone()), Some(in_data)));
                }
                None => {
                    let what = d.path.map(|p| format!("{p}: ")).unwrap_or_default();
                    let message =
                        format!("namespace `{}` does not make a valid spec: {what}{}", spec.namespace, d.message);
                    found.push((Diagnostic::error(&source.name, message), None));
                }
            }
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    let paths: Vec<YamlPath> = found.iter().filter_map(|(_, p)| p.clone()).collect();
    let mut places = source.locate_all(&paths).into_iter();
    let diagnostics = found
        .into_iter()
        .map(|(d, path)| match path.and_then(|_| places.next().flatten()) {
            Some((line, col)) => d.at(line, Some(col)),
            None => d,
        })
        .collect();
    Err(Error::Input(diagnostics))
}

fn get<'a>(m: &'a Mapping, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !v.is_null())
}

/// One option of the data as a spec option (a YAML mapping), with its namespace.
fn convert_option(opt: &Value, group: &str, path: &YamlPath, problems: &mut Problems) -> Option<(String, Value)> {
    let Value::Mapping(data) = opt else {
        problems.add(path, "an option must be a mapping");
        return None;
    };
    let before = problems.list.len();
    let string = |key: &str, problems: &mut Problems| -> Option<String> {
        match get(data, key) {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) if key == "deprecated_since" => Some(n.to_string()),
            Some(other) => {
                problems.add(&path.key(key.to_owned()), format!("`{key}` must be text, not {}", kind(other)));
                None
            }
        }
    };
    let flag = |key: &str, problems: &mut Problems| -> bool {
        match get(data, key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                problems.add(&path.key(key.to_owned()), format!("`{key}` must be true or false, not {}", kind(other)));
                false
            }
        }
    };
    let name = string("name", problems);
    let namespace = string("namespace", problems);
    let type_name = string("type", problems);
    for (key, value) in [("name", &name), ("namespace", &namespace), ("type", &type_name)] {
        if value.is_none() && get(data, key).is_none() {
            problems.add(path, format!("an option needs `{key}`"));
        }
    }
    let (Some(name), Some(namespace), Some(type_name)) = (name, namespace, type_name) else { return None };

    let mut out = Mapping::new();
    out.insert("name".into(), name.clone().into());
    if let Some(dest) = string("dest", problems) {
        if dest != name.replace('-', "_") {
            out.insert("dest".into(), dest.into());
        }
    }
    let default = get(data, "default").cloned();
    let min = get(data, "min").cloned();
    let max = get(data, "max").cloned();
    let choices: Vec<Value> = match get(data, "choices") {
        None => Vec::new(),
        Some(Value::Sequence(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item {
                Value::Sequence(pair) if pair.len() == 2 => Some(match &pair[1] {
                    Value::Null => pair[0].clone(),
                    description => {
                        let mut m = Mapping::new();
                        m.insert("value".into(), pair[0].clone());
                        m.insert("description".into(), description.clone());
                        Value::Mapping(m)
                    }
                }),
                _ => {
                    problems.add(&path.key("choices").index(i), "a choice must be a [value, description] pair");
                    None
                }
            })
            .collect(),
        Some(_) => {
            problems.add(&path.key("choices"), "`choices` must be a list of [value, description] pairs");
            Vec::new()
        }
    };
    let spec_type = spec_type(&type_name, min.is_some() || max.is_some(), !choices.is_empty());
    out.insert("type".into(), spec_type.into());
    if spec_type == "custom" || by_spec_name(spec_type).is_none_or(|t| t.data_name != type_name) {
        out.insert("type_name".into(), type_name.clone().into());
    }
    if let Some(item_type) = list_item_type(default.as_ref()).filter(|_| spec_type == "list") {
        out.insert("item_type".into(), item_type.into());
    }
    let is_port = spec_type == "port";
    if let Some(min) = min.filter(|m| !(is_port && m.as_i64() == Some(0))) {
        out.insert("min".into(), min);
    }
    if let Some(max) = max.filter(|m| !(is_port && m.as_i64() == Some(PORT_MAX as i64))) {
        out.insert("max".into(), max);
    }
    if spec_type == "string" && needs_ignore_case(default.as_ref(), &choices) {
        out.insert("ignore_case".into(), true.into());
    }
    if !choices.is_empty() {
        out.insert("choices".into(), Value::Sequence(choices));
    }
    if let Some(default) = default {
        out.insert("default".into(), default);
    }
    if let Some(sample) = get(data, "sample_default") {
        out.insert("sample_default".into(), sample.clone());
    }
    match get(data, "help") {
        None => {}
        Some(Value::String(h)) => {
            out.insert("help".into(), h.clone().into());
        }
        Some(other) => problems.add(&path.key("help"), format!("`help` must be text, not {}", kind(other))),
    }
    for key in ["required", "secret", "advanced", "mutable", "positional"] {
        if flag(key, problems) {
            out.insert(key.into(), true.into());
        }
    }
    for key in ["short", "metavar"] {
        if let Some(v) = string(key, problems) {
            out.insert(key.into(), v.into());
        }
    }
    let aliases = deprecated_opts(data, &name, group, path, problems);
    if !aliases.is_empty() {
        out.insert("deprecated_opts".into(), Value::Sequence(aliases));
    }
    if flag("deprecated_for_removal", problems) {
        out.insert("deprecated_for_removal".into(), true.into());
    }
    for key in ["deprecated_since", "deprecated_reason"] {
        if let Some(v) = string(key, problems) {
            out.insert(key.into(), v.into());
        }
    }
    (problems.list.len() == before).then_some((namespace, Value::Mapping(out)))
}

/// The spec type for a type name the data shows, given what else the data says about it.
fn spec_type(type_name: &str, has_bounds: bool, has_choices: bool) -> &'static str {
    let known = TYPES.iter().find(|t| t.data_name == type_name && t.spec_name != "custom");
    match known {
        Some(t) if (t.has_bounds() || !has_bounds) && (t.has_choices() || !has_choices) => t.spec_name,
        _ => "custom",
    }
}

/// A string default that is a choice only when case is ignored.
fn needs_ignore_case(default: Option<&Value>, choices: &[Value]) -> bool {
    let Some(Value::String(d)) = default else { return false };
    let value = |c: &Value| c.get("value").cloned().unwrap_or_else(|| c.clone());
    let texts: Vec<String> = choices.iter().filter_map(|c| value(c).as_str().map(str::to_owned)).collect();
    !texts.is_empty() && !texts.iter().any(|t| t == d) && texts.iter().any(|t| t.to_lowercase() == d.to_lowercase())
}

/// The item type a list's default shows when the data does not say it: booleans (oslo prints
/// them lower-case) or dicts (printed `key:value`); `None` for strings.
fn list_item_type(default: Option<&Value>) -> Option<&'static str> {
    let Some(Value::Sequence(items)) = default else { return None };
    if items.is_empty() {
        None
    } else if items.iter().all(Value::is_bool) {
        Some("boolean")
    } else if items.iter().all(Value::is_mapping) {
        Some("dict")
    } else {
        None
    }
}

/// The data's `{group, name}` aliases in spec form: the option's own group and name left out.
fn deprecated_opts(data: &Mapping, name: &str, group: &str, path: &YamlPath, problems: &mut Problems) -> Vec<Value> {
    let Some(list) = get(data, "deprecated_opts") else { return Vec::new() };
    let Value::Sequence(list) = list else {
        problems.add(&path.key("deprecated_opts"), "`deprecated_opts` must be a list of {group, name} mappings");
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let field = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
        let (alias_group, alias_name) = (field("group"), field("name"));
        if !item.is_mapping() || (alias_group.is_none() && alias_name.is_none()) {
            problems.add(
                &path.key("deprecated_opts").index(i),
                "a deprecated name must be a mapping with `group` and `name`",
            );
            continue;
        }
        let mut m = Mapping::new();
        if let Some(n) = alias_name.filter(|n| n != name) {
            m.insert("name".into(), n.into());
        }
        let same_group = alias_group.as_deref().is_none_or(|g| crate::spec::model::normalize_group(g) == group);
        if !same_group || m.is_empty() {
            m.insert("group".into(), alias_group.unwrap_or_else(|| group.to_owned()).into());
        }
        out.push(Value::Mapping(m));
    }
    out
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(t) if crate::spec::bigint::marked(t).is_some() => "a number",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ordering as it was: a scan of every hint against every remaining group per step.
    /// Reorders groups so every hint holds, otherwise keeping their order (a stable topological
    /// sort); contradictory hints leave the rest as it was.
    fn old_order_groups<T>(groups: &mut Vec<(String, Mapping, T)>, hints: &[(String, String)]) {
        let mut rest: Vec<(String, Mapping, T)> = std::mem::take(groups);
        while !rest.is_empty() {
            let ready = rest
                .iter()
                .position(|(name, _, _)| {
                    !hints.iter().any(|(before, after)| {
                        after == name && before != name && rest.iter().any(|(n, _, _)| n == before)
                    })
                })
                .unwrap_or(0);
            groups.push(rest.remove(ready));
        }
    }
    #[test]
    fn group_order_matches_the_quadratic_sort_it_replaces() {
        // xorshift: a fixed, dependency-free stream of small random inputs.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let mut cyclic = 0;
        for _ in 0..20_000 {
            let n = next(10);
            let names: Vec<String> = (0..n).map(|i| format!("g{i}")).collect();
            // Some hints name groups of other specs (g10..g12), some a group and itself.
            let hints: Vec<(String, String)> =
                (0..next(16)).map(|_| (format!("g{}", next(13)), format!("g{}", next(13)))).collect();
            let groups = |order: &[usize]| -> Vec<(String, Mapping, usize)> {
                order.iter().map(|&i| (names[i].clone(), Mapping::new(), i)).collect()
            };
            let mut start: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                start.swap(i, next(i as u64 + 1));
            }
            let (mut new, mut old) = (groups(&start), groups(&start));
            order_groups(&mut new, &hints);
            old_order_groups(&mut old, &hints);
            let ids = |g: &[(String, Mapping, usize)]| g.iter().map(|(_, _, i)| *i).collect::<Vec<_>>();
            assert_eq!(ids(&new), ids(&old), "groups {start:?}, hints {hints:?}");
            let position = |name: &str| new.iter().position(|(g, _, _)| g == name);
            if hints.iter().any(|(a, b)| matches!((position(a), position(b)), (Some(x), Some(y)) if x > y)) {
                cyclic += 1;
            }
        }
        assert!(cyclic > 300, "only {cyclic} inputs with contradictory hints");
    }
}
