//! The oslo.config Python module of a spec (`--format python`): the `cfg.OptGroup`s and typed
//! `cfg.*Opt`s a project would write by hand in `<project>/conf/<group>.py`, with a
//! `register_opts(conf)` and a `list_opts()` made from the same definitions, so that what a
//! service registers and what oslo-config-generator documents cannot drift apart.
//!
//! Every attribute the spec holds becomes the argument oslo takes for it, and the module is
//! refused (with the reason) when Python could not show what confspec shows: a custom type
//! without its `python_type`, or a type whose documented name no oslo class has. Option sets
//! that keystoneauth1 defines (the embedded `keystoneauth1-session` and `keystoneauth1-auth`)
//! become keystoneauth's own calls; any other included set is written out inline.
//!
//! The text is laid out for flake8 (pycodestyle and pyflakes) at 79 columns: each expression
//! on one line when it fits, otherwise broken after its opening bracket, one item per line;
//! strings too long for a line are split into adjacent literals (at line breaks, then between
//! words) whose concatenation is the text, byte for byte.

use super::engine::Layout;
use super::Engine;
use crate::diag::{Diagnostic, Error, Result};
use crate::oslo::pynum::PyInt;
use crate::oslo::pyvalue::{float_repr, PyValue, ReprWidth};
use crate::spec::model::{Choice, DeprecatedName, Group, Include, Number, Opt, OptType, Spec, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// The Python types a `python_type` may name as they are: oslo takes them as the type itself
/// (`cfg.Opt('workers', type=int)`), and shows them as its `_TYPE_NAMES` say.
pub const BUILTIN_TYPES: &[&str] = &["str", "int", "float"];

/// The option names `ConfigOpts.register_opt` refuses in `[DEFAULT]` (its `disallow_names`).
pub const RESERVED_NAMES: &[&str] =
    &["project", "prog", "version", "usage", "default_config_files", "default_config_dirs"];

/// The columns flake8 allows (pycodestyle's default `max-line-length`).
pub const WIDTH: usize = 79;

/// What the module's header says about where it comes from.
#[derive(Debug, Clone, Default)]
pub struct PythonOptions {
    /// The command line that regenerates the module (without the `--check`).
    pub command: Vec<String>,
}

/// The module for the one spec of `spec`.
pub fn render(engine: &Engine, spec: &Spec, options: &PythonOptions) -> Result<String> {
    engine.render_layout(&Module::new(spec, options)?)
}

/// Through the handlebars templates, whatever they are.
pub fn render_with_templates(engine: &Engine, spec: &Spec, options: &PythonOptions) -> Result<String> {
    engine.render_templates(&Module::new(spec, options)?)
}

/// The module's context, what `python.hbs` renders: every line already laid out, so that a
/// template only arranges them (adds a licence header, say).
#[derive(Debug, serde::Serialize)]
pub struct Module {
    /// The namespace, and the spec as given on the command line.
    pub namespace: String,
    pub source: String,
    /// The command that regenerates the module.
    pub command: String,
    /// The header comment, each line starting with `#`.
    pub header: Vec<String>,
    /// The import lines, an empty one between the libraries' and the project's.
    pub imports: Vec<String>,
    /// The top-level definitions (groups, option lists, deprecation maps), each one or more
    /// lines; a blank line goes between two.
    pub definitions: Vec<String>,
    /// The body of `register_opts(conf)`, indented.
    pub register_body: Vec<String>,
    /// The body of `list_opts()`, indented.
    pub list_body: Vec<String>,
}

impl Layout for Module {
    const TEMPLATES: &'static [&'static str] = &["python.hbs"];

    fn write_native(&self) -> String {
        let mut out = String::with_capacity(16 * 1024);
        for line in &self.header {
            out.push_str(line);
            out.push('\n');
        }
        if !self.imports.is_empty() {
            out.push('\n');
            for line in &self.imports {
                out.push_str(line);
                out.push('\n');
            }
        }
        for definition in &self.definitions {
            out.push('\n');
            out.push_str(definition);
            out.push('\n');
        }
        out.push_str("\n\ndef register_opts(conf):\n");
        for line in &self.register_body {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("\n\ndef list_opts():\n");
        for line in &self.list_body {
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// Why a spec has no Python module: said at the spec, naming the option.
fn refuse(spec: &Spec, problems: Vec<String>) -> Error {
    Error::Input(
        problems
            .into_iter()
            .map(|p| Diagnostic::error(&spec.origin, format!("cannot generate the Python module: {p}")))
            .collect(),
    )
}

/// keystoneauth1's loading functions for the option sets it defines.
enum Keystoneauth<'a> {
    Session { deprecations: &'a BTreeMap<String, Vec<DeprecatedName>> },
    Auth,
}

/// How an include entry is written: keystoneauth's call, or nothing (its options are inline).
fn keystoneauth<'a>(group: &Group, include: &'a Include) -> Option<Keystoneauth<'a>> {
    // keystoneauth registers into a named group; and only the sets compiled into confspec are
    // keystoneauth1 5.18.1's own (a spec's sets/ folder may hold a different version).
    if group.name == "DEFAULT" || !include.embedded {
        return None;
    }
    let has_deprecations = include.deprecations.values().any(|v| !v.is_empty());
    match include.set.as_str() {
        "keystoneauth1-session" => Some(Keystoneauth::Session { deprecations: &include.deprecations }),
        // register_auth_conf_options takes no old names.
        "keystoneauth1-auth" if !has_deprecations => Some(Keystoneauth::Auth),
        _ => None,
    }
}

/// The names the module defines, unique.
#[derive(Default)]
struct Names {
    taken: BTreeSet<String>,
}

impl Names {
    fn new() -> Self {
        let mut names = Names::default();
        for reserved in ["cfg", "types", "ks_loading", "register_opts", "list_opts", "conf"] {
            names.taken.insert(reserved.to_owned());
        }
        names
    }

    /// `base`, or `base_2`, `base_3`, ... when taken.
    fn unique(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while self.taken.contains(&name) || is_keyword(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

fn is_keyword(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];
    KEYWORDS.contains(&name)
}

/// A group name as the start of a Python identifier: `backend:dynect` -> `backend_dynect`.
fn identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c.to_ascii_lowercase() } else { '_' })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The project classes the module imports: (module, class) -> the name it is imported as.
#[derive(Default)]
struct Imports {
    project: BTreeMap<(String, String), String>,
}

/// Builds the Python expressions of one spec's options.
struct Writer {
    imports: Imports,
    names: Names,
    problems: Vec<String>,
    /// Each `default_object` met so far -> the module-level name of its one list or dict.
    objects: BTreeMap<String, String>,
    /// Definitions of default objects not yet written (before the options that use them).
    pending_objects: Vec<(String, Py)>,
}

impl Module {
    pub fn new(spec: &Spec, options: &PythonOptions) -> Result<Module> {
        let mut w = Writer {
            imports: Imports::default(),
            names: Names::new(),
            problems: Vec::new(),
            objects: BTreeMap::new(),
            pending_objects: Vec::new(),
        };
        // The project's types first, so that their names are theirs.
        for group in &spec.groups {
            for opt in &group.options {
                w.project_types(&opt.ty);
            }
        }
        let mut definitions = Vec::new();
        let mut register = Vec::new();
        let mut listing = Vec::new();
        for group in &spec.groups {
            w.group(group, &mut definitions, &mut register, &mut listing);
        }
        if !w.problems.is_empty() {
            return Err(refuse(spec, std::mem::take(&mut w.problems)));
        }
        let listing = Py::Return(Box::new(Py::List(listing)));
        let code: Vec<&Py> = definitions.iter().map(|(_, py)| py).chain(&register).chain([&listing]).collect();
        let imports = w.import_lines(&code);
        let definitions = definitions.iter().map(|(name, py)| assignment(name, py)).collect();
        let register_body = if register.is_empty() {
            vec!["    pass".to_owned()]
        } else {
            register.iter().flat_map(|s: &Py| statement(s, 4)).collect()
        };
        let list_body = statement(&listing, 4);
        let command = options.command.iter().map(|a| shell_quote(a)).collect::<Vec<_>>().join(" ");
        Ok(Module {
            namespace: spec.namespace.clone(),
            source: spec.origin.clone(),
            header: header(spec, &options.command),
            command,
            imports,
            definitions,
            register_body,
            list_body,
        })
    }
}

/// The header: what made the module, from what, and how to make it again.
fn header(spec: &Spec, command: &[String]) -> Vec<String> {
    let source = if spec.origin.starts_with(crate::spec::load::EMBEDDED_PREFIX) {
        "the glance spec built into confspec".to_owned()
    } else {
        spec.origin.clone()
    };
    let mut lines = Vec::new();
    let text = |t: &str, lines: &mut Vec<String>| {
        let mut wrapped = String::new();
        if crate::oslo::textwrap::wrap_into(&comment_text(t), WIDTH - 2, "", "", &mut wrapped) > 0 {
            for line in wrapped.split('\n') {
                lines.push(comment_line(&format!("# {line}")));
            }
        }
    };
    text(&format!("Generated by confspec from {source}: do not edit."), &mut lines);
    lines.push("#".to_owned());
    text(
        &format!(
            "The oslo.config options of namespace {}. To change them, change the spec and regenerate this file:",
            spec.namespace
        ),
        &mut lines,
    );
    lines.push("#".to_owned());
    lines.extend(command_lines(command));
    lines.push("#".to_owned());
    text("With --check added, the same command fails while this file is stale.", &mut lines);
    if let Some(description) = spec.description.as_deref().filter(|d| !d.trim().is_empty()) {
        lines.push("#".to_owned());
        for paragraph in description.trim().lines() {
            if paragraph.trim().is_empty() {
                lines.push("#".to_owned());
            } else {
                text(paragraph, &mut lines);
            }
        }
    }
    lines
}

/// The regeneration command as comment lines, broken between arguments with `\`.
fn command_lines(command: &[String]) -> Vec<String> {
    let words: Vec<String> = command.iter().map(|a| shell_quote(a)).collect();
    let mut lines = Vec::new();
    let mut current = "#   ".to_owned();
    let mut first = true;
    for word in words {
        let candidate_len = current.chars().count() + 1 + word.chars().count();
        if !first && candidate_len + 2 > WIDTH {
            current.push_str(" \\");
            lines.push(comment_line(&current));
            current = format!("#       {word}");
        } else {
            if !first {
                current.push(' ');
            }
            current.push_str(&word);
        }
        first = false;
    }
    lines.push(comment_line(&current));
    lines
}

/// A comment line, marked for flake8 when it cannot fit (a path longer than a line).
fn comment_line(line: &str) -> String {
    if line.chars().count() > WIDTH {
        format!("{line}  # noqa: E501")
    } else {
        line.to_owned()
    }
}

/// Text fit for a comment: what would break or hide in one shown as `?`.
fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if !crate::oslo::pychar::is_printable(c) {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// A word for the shell, quoted when it holds more than plain path characters.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric() || "_-./:=@%+,".contains(c))
        && !word.starts_with('=');
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

impl Writer {
    fn problem(&mut self, group: &Group, opt: &Opt, message: String) {
        self.problems.push(format!("[{}]/{}: {message}", group.name, opt.name));
    }

    /// Registers the project classes a type uses, so they are imported.
    fn project_types(&mut self, ty: &OptType) {
        match &ty.kind {
            TypeKind::Custom { python_type: Some(path), .. } => {
                if let Some((module, class)) = path.split_once(':') {
                    let key = (module.to_owned(), class.to_owned());
                    if !self.imports.project.contains_key(&key) {
                        let name = self.names.unique(class);
                        self.imports.project.insert(key, name);
                    }
                }
            }
            TypeKind::List { item_type, .. } => self.project_types(item_type),
            TypeKind::Dict { value_type, .. } => self.project_types(value_type),
            _ => {}
        }
    }

    /// The imports of what the code uses, and only that (pyflakes reports the others).
    fn import_lines(&self, code: &[&Py]) -> Vec<String> {
        let mut used = BTreeSet::new();
        for py in code {
            py.names(&mut used);
        }
        let mut lines = Vec::new();
        for (name, line) in [
            ("ks_loading", "from keystoneauth1 import loading as ks_loading"),
            ("cfg", "from oslo_config import cfg"),
            ("types", "from oslo_config import types"),
        ] {
            if used.contains(name) {
                lines.push(line.to_owned());
            }
        }
        let project: Vec<_> = self.imports.project.iter().filter(|(_, name)| used.contains(name.as_str())).collect();
        if !project.is_empty() {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            for ((module, class), name) in project {
                let line = if name == class {
                    format!("from {module} import {class}")
                } else {
                    format!("from {module} import {class} as {name}")
                };
                lines.push(comment_line(&line));
            }
        }
        lines
    }

    /// One group's definitions, registration and listing.
    fn group(
        &mut self,
        group: &Group,
        definitions: &mut Vec<(String, Py)>,
        register: &mut Vec<Py>,
        listing: &mut Vec<Py>,
    ) {
        let base = if group.name == "DEFAULT" { "default".to_owned() } else { identifier(&group.name) };
        let is_default = group.name == "DEFAULT";
        // The group as Python names it: its OptGroup, or its name.
        let declared = group.is_declared();
        let group_ref = if declared {
            let var = self.names.unique(&format!("{base}_group"));
            let mut args = vec![Arg::pos(Py::Str(group.name.clone()))];
            if let Some(title) = &group.title {
                args.push(Arg::kw("title", Py::Str(title.clone())));
            }
            if let Some(help) = &group.help {
                args.push(Arg::kw("help", Py::Str(help.to_string())));
            }
            if let Some(owner) = &group.dynamic_group_owner {
                args.push(Arg::kw("dynamic_group_owner", Py::Str(owner.clone())));
            }
            if let Some(driver) = &group.driver_option {
                args.push(Arg::kw("driver_option", Py::Str(driver.clone())));
            }
            definitions.push((var.clone(), Py::Call("cfg.OptGroup".into(), args)));
            Some(var)
        } else {
            None
        };
        if !group.driver_opts.is_empty() {
            self.problems.push(format!(
                "[{}]: driver_opts come from another entry point (`oslo.config.opts.<driver_option>`) in oslo, \
                 which the module does not write",
                group.name
            ));
        }
        // For registering: the group object, or its name (none for DEFAULT).
        let group_arg = match (&group_ref, is_default) {
            (_, true) => None,
            (Some(var), false) => Some(Py::Atom(var.clone())),
            (None, false) => Some(Py::Str(group.name.clone())),
        };
        // For keystoneauth's functions, which take the group's name.
        let group_name_arg = match &group_ref {
            Some(var) => Py::Atom(format!("{var}.name")),
            None => Py::Str(group.name.clone()),
        };
        if let Some(var) = &group_ref {
            if !is_default {
                register.push(Py::Call("conf.register_group".into(), vec![Arg::pos(Py::Atom(var.clone()))]));
            }
        }

        // The options in runs: inline lists, and keystoneauth's calls where an include was.
        enum Part<'a> {
            Inline(Vec<&'a Opt>),
            Keystoneauth(Keystoneauth<'a>),
        }
        let mut parts: Vec<Part> = Vec::new();
        let mut i = 0;
        while i < group.options.len() {
            let call = group
                .includes
                .iter()
                .find(|inc| inc.options.start == i && !inc.options.is_empty())
                .and_then(|inc| keystoneauth(group, inc).map(|k| (k, inc.options.end)));
            if let Some((k, end)) = call {
                parts.push(Part::Keystoneauth(k));
                i = end;
                continue;
            }
            match parts.last_mut() {
                Some(Part::Inline(opts)) => opts.push(&group.options[i]),
                _ => parts.push(Part::Inline(vec![&group.options[i]])),
            }
            i += 1;
        }
        let mut items: Vec<Py> = Vec::new();
        for part in &parts {
            match part {
                Part::Inline(opts) => {
                    let var = self.names.unique(&format!("{base}_opts"));
                    let values: Vec<Py> = opts.iter().filter_map(|o| self.option(group, o)).collect();
                    definitions.append(&mut self.pending_objects);
                    definitions.push((var.clone(), Py::List(values)));
                    let mut args = vec![Arg::pos(Py::Atom(var.clone()))];
                    if let Some(g) = &group_arg {
                        args.push(Arg::kw("group", g.clone()));
                    }
                    register.push(Py::Call("conf.register_opts".into(), args));
                    items.push(Py::Atom(var));
                }
                Part::Keystoneauth(Keystoneauth::Session { deprecations }) => {
                    let mut extra = Vec::new();
                    if deprecations.values().any(|v| !v.is_empty()) {
                        let var = self.names.unique(&format!("{base}_session_deprecated_opts"));
                        let entries = deprecations
                            .iter()
                            .filter(|(_, olds)| !olds.is_empty())
                            .map(|(name, olds)| {
                                (Py::Str(name.clone()), Py::List(olds.iter().map(deprecated_opt).collect()))
                            })
                            .collect();
                        definitions.push((var.clone(), Py::Dict(entries)));
                        extra.push(Arg::kw("deprecated_opts", Py::Atom(var)));
                    }
                    let mut args = vec![Arg::pos(Py::Atom("conf".into())), Arg::pos(group_name_arg.clone())];
                    args.extend(extra.iter().cloned());
                    register.push(Py::Call("ks_loading.register_session_conf_options".into(), args));
                    items.push(Py::Call("ks_loading.get_session_conf_options".into(), extra));
                }
                Part::Keystoneauth(Keystoneauth::Auth) => {
                    register.push(Py::Call(
                        "ks_loading.register_auth_conf_options".into(),
                        vec![Arg::pos(Py::Atom("conf".into())), Arg::pos(group_name_arg.clone())],
                    ));
                    items.push(Py::Call("ks_loading.get_auth_common_conf_options".into(), Vec::new()));
                }
            }
        }
        // A declared group without options is still listed (the reference shows it) and
        // registered.
        let opts_expr = match items.len() {
            0 => Py::List(Vec::new()),
            1 => items.pop().expect("one item"),
            _ => Py::List(items.into_iter().map(|p| Py::Star(Box::new(p))).collect()),
        };
        let group_item = match (&group_ref, is_default) {
            (Some(var), _) => Py::Atom(var.clone()),
            (None, true) => Py::Atom("None".into()),
            (None, false) => Py::Str(group.name.clone()),
        };
        listing.push(Py::Tuple(vec![group_item, opts_expr]));
    }

    /// The module-level name of the list or dict that is the default of every option naming
    /// `object`, defined before the first of them: one Python object, as the spec says.
    fn default_object(&mut self, object: &str, default: &PyValue) -> String {
        if let Some(name) = self.objects.get(object) {
            return name.clone();
        }
        let name = self.names.unique(&format!("{}_default", identifier(object)));
        self.pending_objects.push((name.clone(), value(default)));
        self.objects.insert(object.to_owned(), name.clone());
        name
    }

    /// `cfg.XxxOpt('name', ...)` for one option, or `None` (with a problem) when Python
    /// cannot say it.
    fn option(&mut self, group: &Group, opt: &Opt) -> Option<Py> {
        if group.name == "DEFAULT" && RESERVED_NAMES.contains(&opt.name.as_ref()) {
            self.problem(
                group,
                opt,
                format!(
                    "oslo.config reserves the names {} in [DEFAULT] (ConfigOpts attributes): \
                     register_opts would fail with \"Name {} was reserved for oslo.config\"",
                    RESERVED_NAMES.join(", "),
                    opt.name
                ),
            );
            return None;
        }
        let (class, type_arg, mut type_args) = self.option_class(group, opt)?;
        let mut args = vec![Arg::pos(Py::Str(opt.name.to_string()))];
        if let Some(t) = type_arg {
            args.push(Arg::kw("type", t));
        }
        if opt.dest != opt.name.replace('-', "_") {
            args.push(Arg::kw("dest", Py::Str(opt.dest.to_string())));
        }
        if !opt.default.is_none() {
            let default = match &opt.default_object {
                Some(object) if matches!(opt.default, PyValue::List(_) | PyValue::Dict(_)) => {
                    Py::Atom(self.default_object(object, &opt.default))
                }
                _ => value(&opt.default),
            };
            args.push(Arg::kw("default", default));
        }
        if let Some(sample) = &opt.sample_default {
            args.push(Arg::kw("sample_default", value(sample)));
        }
        args.append(&mut type_args);
        if let Some(short) = &opt.short {
            args.push(Arg::kw("short", Py::Str(short.clone())));
        }
        if let Some(metavar) = &opt.metavar {
            args.push(Arg::kw("metavar", Py::Str(metavar.clone())));
        }
        if opt.positional {
            args.push(Arg::kw("positional", Py::Atom("True".into())));
        }
        if opt.required != opt.positional {
            args.push(Arg::kw("required", Py::Atom(py_bool(opt.required))));
        }
        for (flag, set) in [("secret", opt.secret), ("advanced", opt.advanced), ("mutable", opt.mutable)] {
            if set {
                args.push(Arg::kw(flag, Py::Atom("True".into())));
            }
        }
        match deprecated_args(&opt.deprecated_opts) {
            Some(mut d) => args.append(&mut d),
            None => {
                self.problem(group, opt, "its old names are in an order oslo never makes".into());
                return None;
            }
        }
        if opt.deprecated_for_removal {
            args.push(Arg::kw("deprecated_for_removal", Py::Atom("True".into())));
        }
        if let Some(since) = &opt.deprecated_since {
            args.push(Arg::kw("deprecated_since", Py::Str(since.clone())));
        }
        if let Some(reason) = &opt.deprecated_reason {
            args.push(Arg::kw("deprecated_reason", Py::Str(reason.clone())));
        }
        if let Some(help) = &opt.help {
            args.push(Arg::kw("help", Py::Str(help.to_string())));
        }
        Some(Py::Call(class, args))
    }

    /// The option class, its `type=` argument when it takes one, and the type's arguments
    /// it takes itself: the first way of writing the option whose sample type name and
    /// documented type are the ones confspec shows.
    #[allow(clippy::type_complexity)]
    fn option_class(&mut self, group: &Group, opt: &Opt) -> Option<(String, Option<Py>, Vec<Arg>)> {
        let want_doc = super::rst::doc_type(opt);
        let want_name = opt.ty.type_name.clone();
        let mut tried = Vec::new();

        // 1. The typed option class, with the type's parameters as its own.
        if let Some((class, args, shows)) = self.typed_class(&opt.ty) {
            let doc = doc_description(&class).map_or_else(|| shows.clone(), str::to_owned);
            if shows == want_name && doc == want_doc {
                return Some((format!("cfg.{class}"), None, args));
            }
            tried.push(format!("cfg.{class} shows ({shows}) and documents `{doc}`"));
        }
        // 2. A Python type as it is: `Opt(type=int)` shows "integer value", documents
        // "unknown type".
        if let Some(builtin) = builtin_for(&opt.ty, &want_doc) {
            let shows = builtin_name(builtin);
            if shows == want_name {
                return Some(("cfg.Opt".into(), Some(Py::Atom(builtin.to_owned())), Vec::new()));
            }
        }
        // 3. oslo's own classes for its config-file options.
        let special = match want_doc.as_str() {
            "list of filenames" => Some("_ConfigFileOpt"),
            "list of directory names" => Some("_ConfigDirOpt"),
            _ => None,
        };
        if let Some(class) = special {
            return Some((format!("cfg.{class}"), None, Vec::new()));
        }
        // 4. `Opt(type=...)`, documented by the type's name.
        if matches!(opt.ty.kind, TypeKind::MultiString) {
            tried.push("a multi-valued option needs cfg.MultiStrOpt".into());
        } else {
            match self.type_expr(&opt.ty) {
                Ok(expr) => {
                    if want_doc == want_name {
                        return Some(("cfg.Opt".into(), Some(expr), Vec::new()));
                    }
                    tried.push(format!("cfg.Opt(type=...) documents `{want_name}`"));
                }
                Err(why) => {
                    self.problem(group, opt, why);
                    return None;
                }
            }
        }
        self.problem(
            group,
            opt,
            format!(
                "no oslo option class shows ({want_name}) and documents `{want_doc}` as confspec does: {}; \
                 set `doc_type` to what the class documents",
                tried.join("; ")
            ),
        );
        None
    }

    /// `StrOpt` and the arguments it takes for this type, and the type name it shows; `None`
    /// when the class cannot take one of the type's parameters.
    fn typed_class(&mut self, ty: &OptType) -> Option<(String, Vec<Arg>, String)> {
        let mut args = Vec::new();
        let (class, shows) = match &ty.kind {
            TypeKind::List { item_type, bounds, min_length } => {
                if *min_length != 0 {
                    return None;
                }
                if !is_default_string(item_type) {
                    args.push(Arg::kw("item_type", self.type_expr(item_type).ok()?));
                }
                if *bounds {
                    args.push(Arg::kw("bounds", Py::Atom("True".into())));
                }
                ("ListOpt", "list value")
            }
            TypeKind::Dict { value_type, bounds, key_value_separator, min_length } => {
                let plain = is_default_string(value_type) && !bounds && key_value_separator == ":" && *min_length == 0;
                if !plain {
                    return None;
                }
                ("DictOpt", "dict value")
            }
            kind => same_arguments(&mut args, kind)?.option,
        };
        Some((class.to_owned(), args, shows.to_owned()))
    }

    /// The `oslo_config.types` object (or the project's, or a Python type) for a type.
    fn type_expr(&mut self, ty: &OptType) -> std::result::Result<Py, String> {
        let mut args = Vec::new();
        let (class, default_name) = match &ty.kind {
            TypeKind::List { item_type, bounds, min_length } => {
                if !is_default_string(item_type) {
                    args.push(Arg::kw("item_type", self.type_expr(item_type)?));
                }
                if *bounds {
                    args.push(Arg::kw("bounds", Py::Atom("True".into())));
                }
                if *min_length != 0 {
                    args.push(Arg::kw("min_length", Py::Atom(min_length.to_string())));
                }
                ("List", "list value")
            }
            TypeKind::Dict { value_type, bounds, key_value_separator, min_length } => {
                if !is_default_string(value_type) {
                    args.push(Arg::kw("value_type", self.type_expr(value_type)?));
                }
                if *bounds {
                    args.push(Arg::kw("bounds", Py::Atom("True".into())));
                }
                if key_value_separator != ":" {
                    args.push(Arg::kw("key_value_separator", Py::Str(key_value_separator.clone())));
                }
                if *min_length != 0 {
                    args.push(Arg::kw("min_length", Py::Atom(min_length.to_string())));
                }
                ("Dict", "dict value")
            }
            TypeKind::Range { min, max, inclusive } => {
                let (min, max) = (min.clone().map(Number::Int), max.clone().map(Number::Int));
                int_args(&mut args, min.as_ref(), max.as_ref(), None);
                if !inclusive {
                    args.push(Arg::kw("inclusive", Py::Atom("False".into())));
                }
                ("Range", "range value")
            }
            TypeKind::Custom { min, max, choices, python_type, .. } => {
                let Some(path) = python_type else {
                    if let Some(builtin) = builtin_for(ty, "unknown type") {
                        return Ok(Py::Atom(builtin.to_owned()));
                    }
                    return Err(format!(
                        "its custom type ({}) has no `python_type`: name the project's class, e.g. \
                         `python_type: mypkg.types:ArchivePolicy` (docs/spec-format.md)",
                        ty.type_name
                    ));
                };
                if BUILTIN_TYPES.contains(&path.as_str()) {
                    return Ok(Py::Atom(path.clone()));
                }
                let (module, class) = path.split_once(':').expect("checked when loaded");
                let name = self.imports.project.get(&(module.to_owned(), class.to_owned())).cloned();
                let name = name.unwrap_or_else(|| class.to_owned());
                number_args(&mut args, min.as_ref(), max.as_ref());
                if let Some(choices) = choices {
                    args.push(Arg::kw("choices", choices_expr(choices)));
                }
                return Ok(Py::Call(name, args));
            }
            kind => same_arguments(&mut args, kind).expect("the other kinds take the same arguments").class,
        };
        if ty.type_name != default_name {
            args.push(Arg::kw("type_name", Py::Str(ty.type_name.to_string())));
        }
        Ok(Py::Call(format!("types.{class}"), args))
    }
}

/// An option class and the `oslo_config.types` class of one type, each with the type name the
/// generator shows for it.
struct Classes {
    option: (&'static str, &'static str),
    class: (&'static str, &'static str),
}

/// For the types whose option class (`StrOpt`) and type class (`types.String`) take the same
/// arguments, pushes those arguments and gives both classes; `None`, with nothing pushed, for
/// lists, dicts, ranges and custom types, whose two classes differ in what they take.
fn same_arguments(args: &mut Vec<Arg>, kind: &TypeKind) -> Option<Classes> {
    let classes =
        |option, shown, class, class_shown| Some(Classes { option: (option, shown), class: (class, class_shown) });
    match kind {
        TypeKind::String { choices, quotes, regex, ignore_case, max_length } => {
            string_args(args, choices.as_deref(), *quotes, regex.as_deref(), *ignore_case, *max_length);
            classes("StrOpt", "string value", "String", "string value")
        }
        TypeKind::Integer { min, max, choices, sample_min, sample_max } => {
            int_args(args, min.as_ref(), max.as_ref(), choices.as_deref());
            for (key, sample) in [("sample_min", sample_min), ("sample_max", sample_max)] {
                if let Some(s) = sample {
                    args.push(Arg::kw(key, Py::Str(s.clone())));
                }
            }
            classes("IntOpt", "integer value", "Integer", "integer value")
        }
        TypeKind::Float { min, max } => {
            number_args(args, min.as_ref(), max.as_ref());
            classes("FloatOpt", "floating point value", "Float", "floating point value")
        }
        TypeKind::Port { min, max, choices } => {
            let min = (*min != PyInt::Small(0)).then(|| Number::Int(min.clone()));
            let max = (*max != PyInt::Small(crate::oslo::types::PORT_MAX)).then(|| Number::Int(max.clone()));
            int_args(args, min.as_ref(), max.as_ref(), choices.as_deref());
            classes("PortOpt", "port value", "Port", "port")
        }
        TypeKind::Boolean => classes("BoolOpt", "boolean value", "Boolean", "boolean value"),
        TypeKind::MultiString => classes("MultiStrOpt", "multi valued", "MultiString", "multi valued"),
        TypeKind::IpAddress { version } => {
            version_arg(args, *version);
            classes("IPOpt", "IP address value", "IPAddress", "IP address value")
        }
        TypeKind::Hostname => classes("HostnameOpt", "hostname value", "Hostname", "hostname value"),
        TypeKind::HostAddress { version } => {
            version_arg(args, *version);
            classes("HostAddressOpt", "host address value", "HostAddress", "host address value")
        }
        TypeKind::HostDomain { version } => {
            version_arg(args, *version);
            classes("HostDomainOpt", "host domain value", "HostDomain", "host domain value")
        }
        TypeKind::Uri { max_length, schemes } => {
            uri_args(args, *max_length, schemes.as_deref());
            classes("URIOpt", "uri value", "URI", "uri value")
        }
        TypeKind::List { .. } | TypeKind::Dict { .. } | TypeKind::Range { .. } | TypeKind::Custom { .. } => None,
    }
}

/// What oslo's Sphinx extension documents an option class as (its `_TYPE_DESCRIPTIONS`);
/// `None`: the type's name.
fn doc_description(class: &str) -> Option<&'static str> {
    Some(match class {
        "StrOpt" => "string",
        "BoolOpt" => "boolean",
        "IntOpt" => "integer",
        "FloatOpt" => "floating point",
        "ListOpt" => "list",
        "DictOpt" => "dict",
        "MultiStrOpt" => "multi-valued",
        "IPOpt" => "ip address",
        "PortOpt" => "port number",
        "HostnameOpt" => "hostname",
        "URIOpt" => "URI",
        "HostAddressOpt" => "host address",
        _ => return None,
    })
}

/// The name oslo's generator gives a Python type (its `_TYPE_NAMES`).
fn builtin_name(builtin: &str) -> &'static str {
    match builtin {
        "str" => "string value",
        "int" => "integer value",
        _ => "floating point value",
    }
}

/// The Python type an option documented as `doc` ("unknown type") with this type is declared
/// with, when it can only be one: a type with no parameters named as oslo names `str`, `int`
/// or `float`.
fn builtin_for(ty: &OptType, doc: &str) -> Option<&'static str> {
    if doc != "unknown type" {
        return None;
    }
    let plain = match &ty.kind {
        TypeKind::String { choices, quotes, regex, ignore_case, max_length } => {
            choices.is_none() && !quotes && regex.is_none() && !ignore_case && *max_length == 0
        }
        TypeKind::Integer { min, max, choices, sample_min, sample_max } => {
            min.is_none() && max.is_none() && choices.is_none() && sample_min.is_none() && sample_max.is_none()
        }
        TypeKind::Float { min, max } => min.is_none() && max.is_none(),
        TypeKind::Custom { min, max, choices, default_text, python_type } => {
            min.is_none() && max.is_none() && choices.is_none() && default_text.is_none() && python_type.is_none()
        }
        _ => false,
    };
    if !plain {
        return None;
    }
    BUILTIN_TYPES.iter().copied().find(|b| builtin_name(b) == ty.type_name)
}

fn is_default_string(ty: &OptType) -> bool {
    matches!(
        &ty.kind,
        TypeKind::String { choices: None, quotes: false, regex: None, ignore_case: false, max_length: 0 }
    ) && ty.type_name == "string value"
}

fn string_args(
    args: &mut Vec<Arg>,
    choices: Option<&[Choice]>,
    quotes: bool,
    regex: Option<&str>,
    ignore_case: bool,
    max_length: u64,
) {
    if let Some(choices) = choices {
        args.push(Arg::kw("choices", choices_expr(choices)));
    }
    if quotes {
        args.push(Arg::kw("quotes", Py::Atom("True".into())));
    }
    if let Some(regex) = regex {
        args.push(Arg::kw("regex", Py::Str(regex.to_owned())));
    }
    if ignore_case {
        args.push(Arg::kw("ignore_case", Py::Atom("True".into())));
    }
    if max_length != 0 {
        args.push(Arg::kw("max_length", Py::Atom(max_length.to_string())));
    }
}

fn int_args(args: &mut Vec<Arg>, min: Option<&Number>, max: Option<&Number>, choices: Option<&[Choice]>) {
    number_args(args, min, max);
    if let Some(choices) = choices {
        args.push(Arg::kw("choices", choices_expr(choices)));
    }
}

fn number_args(args: &mut Vec<Arg>, min: Option<&Number>, max: Option<&Number>) {
    for (key, bound) in [("min", min), ("max", max)] {
        if let Some(n) = bound {
            args.push(Arg::kw(key, number(n)));
        }
    }
}

fn version_arg(args: &mut Vec<Arg>, version: Option<u8>) {
    if let Some(v) = version {
        args.push(Arg::kw("version", Py::Atom(v.to_string())));
    }
}

fn uri_args(args: &mut Vec<Arg>, max_length: Option<u64>, schemes: Option<&[String]>) {
    if let Some(n) = max_length {
        args.push(Arg::kw("max_length", Py::Atom(n.to_string())));
    }
    if let Some(schemes) = schemes {
        args.push(Arg::kw("schemes", Py::List(schemes.iter().map(|s| Py::Str(s.clone())).collect())));
    }
}

/// Choices as oslo takes them: plain values, or (value, description) pairs when any has a
/// description.
fn choices_expr(choices: &[Choice]) -> Py {
    let described = choices.iter().any(|c| c.description.is_some());
    Py::List(
        choices
            .iter()
            .map(|c| {
                if described {
                    let description = c.description.clone().map_or(Py::Atom("None".into()), Py::Str);
                    Py::Tuple(vec![value(&c.value), description])
                } else {
                    value(&c.value)
                }
            })
            .collect(),
    )
}

fn number(n: &Number) -> Py {
    match n {
        Number::Int(i) => int_literal(i),
        Number::Float(f) => Py::Atom(float_literal(*f)),
    }
}

/// An integer literal; one too long for a line (Python cannot break a literal) as `int()` of
/// its digits, which break like any string.
fn int_literal(i: &PyInt) -> Py {
    if i.digit_count() <= 60 {
        Py::Atom(i.to_string())
    } else {
        Py::Call("int".into(), vec![Arg::pos(Py::Str(i.to_string()))])
    }
}

fn float_literal(f: f64) -> String {
    if f.is_nan() {
        "float('nan')".into()
    } else if f.is_infinite() {
        if f > 0.0 { "float('inf')" } else { "float('-inf')" }.into()
    } else {
        float_repr(f)
    }
}

fn py_bool(b: bool) -> String {
    if b { "True" } else { "False" }.to_owned()
}

/// A value as the Python literal that stands for it.
fn value(v: &PyValue) -> Py {
    match v {
        PyValue::None => Py::Atom("None".into()),
        PyValue::Bool(b) => Py::Atom(py_bool(*b)),
        PyValue::Int(i) => int_literal(i),
        PyValue::Float(f) => Py::Atom(float_literal(*f)),
        PyValue::Str(s) => Py::Str(s.clone()),
        PyValue::List(items) => Py::List(items.iter().map(value).collect()),
        PyValue::Dict(items) => Py::Dict(items.iter().map(|(k, v)| (Py::Str(k.clone()), value(v))).collect()),
    }
}

fn deprecated_opt(d: &DeprecatedName) -> Py {
    let mut args = vec![Arg::pos(d.name.clone().map_or(Py::Atom("None".into()), Py::Str))];
    if let Some(group) = &d.group {
        args.push(Arg::kw("group", Py::Str(group.clone())));
    }
    Py::Call("cfg.DeprecatedOpt".into(), args)
}

/// oslo's expansion of an option's old names (`Opt.__init__`): the given `deprecated_opts`,
/// the `_` twin of each spelled with `-`, then the `deprecated_name`/`deprecated_group`
/// shorthand and its twin.
fn expand(given: &[DeprecatedName], shorthand: Option<&DeprecatedName>) -> Vec<(Option<String>, Option<String>)> {
    let twin = |d: &DeprecatedName| {
        d.name.as_deref().filter(|n| n.contains('-')).map(|n| (Some(n.replace('-', "_")), d.group.clone()))
    };
    let mut out: Vec<(Option<String>, Option<String>)> =
        given.iter().map(|d| (d.name.clone(), d.group.clone())).collect();
    out.extend(given.iter().filter_map(twin));
    if let Some(s) = shorthand {
        out.push((s.name.clone(), s.group.clone()));
        out.extend(twin(s));
    }
    out
}

/// The arguments that make oslo build exactly these old names, in this order: the names as
/// `deprecated_opts`, leaving out the twins oslo adds itself, with the last one as the
/// shorthand when that is what the order needs.
fn deprecated_args(names: &[DeprecatedName]) -> Option<Vec<Arg>> {
    if names.is_empty() {
        return Some(Vec::new());
    }
    let want: Vec<(Option<String>, Option<String>)> = names.iter().map(|d| (d.name.clone(), d.group.clone())).collect();
    // The given names are a prefix of the list; oslo's twins and the shorthand follow.
    for given_len in (1..=names.len()).rev() {
        let given = &names[..given_len];
        if expand(given, None) == want {
            let list = Py::List(given.iter().map(deprecated_opt).collect());
            return Some(vec![Arg::kw("deprecated_opts", list)]);
        }
        for shorthand in &names[given_len..] {
            if expand(given, Some(shorthand)) == want {
                let mut args = vec![Arg::kw("deprecated_opts", Py::List(given.iter().map(deprecated_opt).collect()))];
                if let Some(name) = &shorthand.name {
                    args.push(Arg::kw("deprecated_name", Py::Str(name.clone())));
                }
                if let Some(group) = &shorthand.group {
                    args.push(Arg::kw("deprecated_group", Py::Str(group.clone())));
                }
                return Some(args);
            }
        }
    }
    // The shorthand alone.
    let s = &names[0];
    if expand(&[], Some(s)) == want {
        let mut args = Vec::new();
        if let Some(name) = &s.name {
            args.push(Arg::kw("deprecated_name", Py::Str(name.clone())));
        }
        if let Some(group) = &s.group {
            args.push(Arg::kw("deprecated_group", Py::Str(group.clone())));
        }
        return Some(args);
    }
    None
}

/// A Python expression, laid out when written.
#[derive(Debug, Clone)]
enum Py {
    /// A name, number or keyword, written as it is.
    Atom(String),
    /// A string, written as one literal or several adjacent ones.
    Str(String),
    Call(String, Vec<Arg>),
    List(Vec<Py>),
    Tuple(Vec<Py>),
    Dict(Vec<(Py, Py)>),
    /// `*expr`, in a list display.
    Star(Box<Py>),
    /// `return expr` (a statement).
    Return(Box<Py>),
}

#[derive(Debug, Clone)]
struct Arg {
    keyword: Option<&'static str>,
    value: Py,
}

impl Arg {
    fn pos(value: Py) -> Arg {
        Arg { keyword: None, value }
    }
    fn kw(keyword: &'static str, value: Py) -> Arg {
        Arg { keyword: Some(keyword), value }
    }
}

fn width(s: &str) -> usize {
    // pycodestyle counts characters (code points).
    s.chars().count()
}

impl Py {
    /// The expression on one line.
    fn flat(&self) -> String {
        let join = |items: &mut dyn Iterator<Item = String>| items.collect::<Vec<_>>().join(", ");
        match self {
            Py::Atom(a) => a.clone(),
            Py::Str(s) => literal(s),
            Py::Call(f, args) => format!("{f}({})", join(&mut args.iter().map(Arg::flat))),
            Py::List(items) => format!("[{}]", join(&mut items.iter().map(Py::flat))),
            Py::Tuple(items) if items.len() == 1 => format!("({},)", items[0].flat()),
            Py::Tuple(items) => format!("({})", join(&mut items.iter().map(Py::flat))),
            Py::Dict(items) => {
                format!("{{{}}}", join(&mut items.iter().map(|(k, v)| format!("{}: {}", k.flat(), v.flat()))))
            }
            Py::Star(inner) => format!("*{}", inner.flat()),
            Py::Return(inner) => format!("return {}", inner.flat()),
        }
    }

    /// The expression as lines: the first continues a line whose first `used` columns are
    /// taken, the others carry their own indentation (`indent` is the first line's); `trail`
    /// columns follow the last line.
    fn lines(&self, indent: usize, used: usize, trail: usize) -> Vec<String> {
        let flat = self.flat();
        if used + width(&flat) + trail <= WIDTH {
            return vec![flat];
        }
        let bracket = |open: String, items: Vec<(String, &Py)>, close: &str| {
            let inner = indent + 4;
            let mut out = vec![open];
            for (prefix, item) in items {
                let mut sub = item.lines(inner, inner + width(&prefix), 1);
                sub[0] = format!("{}{prefix}{}", " ".repeat(inner), sub[0]);
                if let Some(last) = sub.last_mut() {
                    last.push(',');
                }
                out.extend(sub);
            }
            out.push(format!("{}{close}", " ".repeat(indent)));
            out
        };
        match self {
            Py::Call(f, args) if !args.is_empty() => bracket(
                format!("{f}("),
                args.iter().map(|a| (a.keyword.map(|k| format!("{k}=")).unwrap_or_default(), &a.value)).collect(),
                ")",
            ),
            Py::List(items) if !items.is_empty() => {
                bracket("[".into(), items.iter().map(|i| (String::new(), i)).collect(), "]")
            }
            Py::Tuple(items) if !items.is_empty() => {
                bracket("(".into(), items.iter().map(|i| (String::new(), i)).collect(), ")")
            }
            Py::Dict(items) if !items.is_empty() => {
                // A key is short; its value is laid out after it.
                let inner = indent + 4;
                let mut out = vec!["{".to_owned()];
                for (key, val) in items {
                    let prefix = format!("{}: ", key.flat());
                    let mut sub = val.lines(inner, inner + width(&prefix), 1);
                    sub[0] = format!("{}{prefix}{}", " ".repeat(inner), sub[0]);
                    if let Some(last) = sub.last_mut() {
                        last.push(',');
                    }
                    out.extend(sub);
                }
                out.push(format!("{}}}", " ".repeat(indent)));
                out
            }
            Py::Str(s) => {
                // In parentheses, one piece or several, each on a line of its own.
                let pieces = split_literal(s, WIDTH.saturating_sub(indent + 4).max(8));
                let mut out = vec!["(".to_owned()];
                out.extend(pieces.into_iter().map(|p| format!("{}{p}", " ".repeat(indent + 4))));
                out.push(format!("{})", " ".repeat(indent)));
                out
            }
            Py::Star(inner) => {
                let mut sub = inner.lines(indent, used + 1, trail);
                sub[0].insert(0, '*');
                sub
            }
            Py::Return(inner) => {
                let mut sub = inner.lines(indent, used + 7, trail);
                sub[0].insert_str(0, "return ");
                sub
            }
            _ => vec![flat],
        }
    }
}

impl Py {
    /// The names the expression refers to (the module of `cfg.StrOpt`, a class), into `out`.
    fn names(&self, out: &mut BTreeSet<String>) {
        let mut name = |n: &str| {
            let first = n.split('.').next().unwrap_or(n);
            out.insert(first.to_owned());
        };
        match self {
            Py::Atom(a) => name(a),
            Py::Str(_) => {}
            Py::Call(f, args) => {
                name(f);
                for a in args {
                    a.value.names(out);
                }
            }
            Py::List(items) | Py::Tuple(items) => items.iter().for_each(|i| i.names(out)),
            Py::Dict(items) => items.iter().for_each(|(k, v)| {
                k.names(out);
                v.names(out);
            }),
            Py::Star(inner) | Py::Return(inner) => inner.names(out),
        }
    }
}

impl Arg {
    fn flat(&self) -> String {
        match self.keyword {
            Some(k) => format!("{k}={}", self.value.flat()),
            None => self.value.flat(),
        }
    }
}

/// `name = expr`, laid out.
fn assignment(name: &str, expr: &Py) -> String {
    let prefix = format!("{name} = ");
    let mut lines = expr.lines(0, width(&prefix), 0);
    lines[0].insert_str(0, &prefix);
    lines.join("\n")
}

/// A statement at `indent`, as lines.
fn statement(expr: &Py, indent: usize) -> Vec<String> {
    let mut lines = expr.lines(indent, indent, 0);
    lines[0].insert_str(0, &" ".repeat(indent));
    lines
}

/// One Python string literal for `s`, as `repr()` writes it.
fn literal(s: &str) -> String {
    crate::oslo::pyvalue::str_repr(s)
}

/// `s` as adjacent literals of at most `room` columns each (where the text allows): split
/// after each line break, then after the spaces between words, then anywhere.
fn split_literal(s: &str, room: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    for line in s.split_inclusive('\n') {
        if width(&literal(line)) <= room {
            pieces.push(literal(line));
            continue;
        }
        // Words, each with the spaces after it.
        let mut words: Vec<&str> = Vec::new();
        let mut start = 0;
        let bytes: Vec<(usize, char)> = line.char_indices().collect();
        for (i, (at, c)) in bytes.iter().enumerate() {
            let next_is_word = bytes.get(i + 1).is_some_and(|(_, n)| *n != ' ');
            if *c == ' ' && next_is_word {
                words.push(&line[start..at + 1]);
                start = at + 1;
            }
        }
        words.push(&line[start..]);
        let mut current = String::new();
        for word in words {
            let joined = format!("{current}{word}");
            if current.is_empty() || width(&literal(&joined)) <= room {
                current = joined;
            } else {
                pieces.push(literal(&current));
                current = word.to_owned();
            }
            // A word longer than a line is cut where it must be: each piece the longest start
            // of the rest that fits (one character at least), widths counted as they grow.
            let mut rest_width = ReprWidth::of(&current);
            if rest_width.width() > room {
                let mut rest = current.as_str();
                while rest_width.width() > room {
                    let (mut cut, mut cut_width) = (0, ReprWidth::default());
                    for (at, c) in rest.char_indices() {
                        let longer = cut_width.with(c);
                        if at > 0 && longer.width() > room {
                            break;
                        }
                        (cut, cut_width) = (at + c.len_utf8(), longer);
                    }
                    if cut == rest.len() {
                        break;
                    }
                    pieces.push(literal(&rest[..cut]));
                    rest = &rest[cut..];
                    rest_width = rest_width.without(cut_width);
                }
                current = rest.to_owned();
            }
        }
        if !current.is_empty() {
            pieces.push(literal(&current));
        }
    }
    if pieces.is_empty() {
        pieces.push(literal(""));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_what_python_would() {
        assert_eq!(literal("it's"), "\"it's\"");
        assert_eq!(literal("a\tb\r\n\\"), "'a\\tb\\r\\n\\\\'");
        assert_eq!(literal("zwj\u{200d}x\u{a0}\u{1b}"), "'zwj\\u200dx\\xa0\\x1b'");
        assert_eq!(literal("café 設定 🚀"), "'café 設定 🚀'");
        assert_eq!(literal("\u{e0001}"), "'\\U000e0001'");
    }

    #[test]
    fn long_strings_split_into_pieces_that_join_to_the_text() {
        let text = "word ".repeat(40) + "\n" + &"x".repeat(200) + "\nshort\n";
        let pieces = split_literal(&text, 60);
        assert!(pieces.iter().all(|p| width(p) <= 60), "{pieces:?}");
        let joined: String = pieces.iter().map(|p| &p[1..p.len() - 1]).collect::<String>().replace("\\n", "\n");
        assert_eq!(joined, text);
    }

    #[test]
    fn a_long_word_is_cut_into_the_longest_pieces_that_fit() {
        // Quotes change which quote a piece takes, escapes take several columns.
        let word = "ab'c\"d\\e\u{7f}f\u{2028}g".repeat(30);
        for room in [8, 13, 20, 79] {
            let mut want = Vec::new();
            let mut rest: Vec<char> = word.chars().collect();
            while width(&literal(&rest.iter().collect::<String>())) > room {
                let fits = |n: usize| width(&literal(&rest[..n].iter().collect::<String>())) <= room;
                let n = (2..=rest.len()).take_while(|&n| fits(n)).last().unwrap_or(1);
                want.push(literal(&rest[..n].iter().collect::<String>()));
                rest.drain(..n);
            }
            want.push(literal(&rest.iter().collect::<String>()));
            assert_eq!(split_literal(&word, room), want, "room {room}");
        }
    }

    #[test]
    fn old_names_come_back_as_oslo_takes_them() {
        let d = |n: Option<&str>, g: Option<&str>| DeprecatedName {
            name: n.map(str::to_owned),
            group: g.map(str::to_owned),
            since: None,
        };
        // deprecated_opts=[a-b], deprecated_name='c-d': a-b, a_b, c-d, c_d.
        let names = [d(Some("a-b"), None), d(Some("a_b"), None), d(Some("c-d"), None), d(Some("c_d"), None)];
        let args = deprecated_args(&names).unwrap();
        let shown: Vec<String> = args.iter().map(Arg::flat).collect();
        assert_eq!(shown, ["deprecated_opts=[cfg.DeprecatedOpt('a-b')]", "deprecated_name='c-d'"]);
        let names = [d(Some("one"), Some("g1")), d(Some("two-x"), None), d(None, Some("g3")), d(Some("two_x"), None)];
        let shown: Vec<String> = deprecated_args(&names).unwrap().iter().map(Arg::flat).collect();
        assert_eq!(
            shown,
            ["deprecated_opts=[cfg.DeprecatedOpt('one', group='g1'), cfg.DeprecatedOpt('two-x'), cfg.DeprecatedOpt(None, group='g3')]"]
        );
    }
}
