//! The command line: the flags (`args`) and one function per subcommand, over the library.

mod args;
mod man;

use args::*;
use clap::{Parser, ValueEnum};
use confspec::diag::{Error, Result};
use confspec::genconf::{self, GeneratorConf};
use confspec::oslo::data::{self, GeneratorOptions};
use confspec::output;
use confspec::render::engine::Escape;
use confspec::render::{html, ini, markdown, python, rst, Engine, PageOptions};
use confspec::spec::model::Catalog;
use confspec::spec::source::SourceFile;
use confspec::spec::Loader;
use std::path::{Path, PathBuf};

/// Runs the command line and returns the process exit code (0 done, 1 findings, 2 bad input).
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version`: confspec's own text, on stdout.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return 0;
        }
        Err(e) => {
            print_usage_error(e);
            return 2;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            report(&format!("{e}\n"));
            e.exit_code()
        }
    }
}

/// Prints clap's error with the arguments it echoes escaped as every diagnostic escapes input
/// (`\r`, `\u{1b}`, `\u{202e}`): clap is run again on the escaped arguments, which makes the
/// same mistake and shows it safely, in clap's layout and colours. Should that not give the
/// same kind of error, the first error's text is escaped line by line instead.
fn print_usage_error(error: clap::Error) {
    use confspec::diag::escape_controls;
    let escaped: Vec<String> =
        std::env::args_os().map(|arg| escape_controls(&arg.to_string_lossy()).into_owned()).collect();
    match Cli::try_parse_from(escaped) {
        Err(again) if again.kind() == error.kind() => {
            let _ = again.print();
        }
        _ => {
            let text = error.render().to_string();
            report(
                &text
                    .split_inclusive('\n')
                    .map(|line| escape_controls(line.trim_end_matches('\n')) + "\n")
                    .collect::<String>(),
            );
        }
    }
}

pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Generate(args) => generate(&args),
        Command::Deprecations(args) => deprecations(&args),
        Command::Import(args) => import(&args),
        Command::Validate(args) => validate(&args),
        Command::Show(args) => show(&args),
        Command::Upgrade(args) => upgrade(&args),
        Command::Edit(args) => edit(&args),
        Command::Diff(args) => diff(&args),
        Command::Services(args) => services(&args),
        Command::Templates(args) => {
            let files: Vec<(&str, &[u8])> =
                confspec::render::engine::TEMPLATES.iter().map(|(name, text)| (*name, text.as_bytes())).collect();
            output::write_folder(&args.dump, &files)?;
            Ok(0)
        }
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut <Cli as clap::CommandFactory>::command(), "confspec", &mut script);
            output::to_stdout(&String::from_utf8_lossy(&script))?;
            Ok(0)
        }
        Command::Man => {
            let page = man::page(<Cli as clap::CommandFactory>::command()).map_err(|e| Error::io("<man page>", &e))?;
            output::to_stdout(&page)?;
            Ok(0)
        }
    }
}

/// One side of `diff`: spec files or a folder on disk, or else a shipped service release
/// (`nova@33`); its catalog and the name the release note gives it.
fn diff_side(path: &Path) -> Result<(Catalog, String)> {
    let text = path.to_string_lossy();
    let on_disk = path.exists() || text.contains(std::path::MAIN_SEPARATOR) && !text.contains('@');
    if on_disk || text.ends_with(".yaml") || text.ends_with(".yml") {
        return Ok((confspec::diff::load_side(path)?, path.display().to_string()));
    }
    let shipped = Shipped::named(&text)?;
    let name = format!("{} ({})", shipped.release.label(), shipped.file.name);
    Ok((shipped.catalog, name))
}

fn diff(args: &DiffArgs) -> Result<i32> {
    let ((old, old_name), (new, new_name)) = (diff_side(&args.old)?, diff_side(&args.new)?);
    let changes = confspec::diff::diff(&old, &new);
    let text = match args.format {
        DiffFormat::Markdown => confspec::diff::render_markdown(
            &Engine::new(args.output.templates.as_deref(), Escape::None)?,
            &changes,
            &old_name,
            &new_name,
        )?,
        DiffFormat::Json => confspec::diff::render_json(&changes, &old_name, &new_name),
    };
    emit(&text, args.output.output_file.as_deref(), args.output.check)
}

fn upgrade(args: &UpgradeArgs) -> Result<i32> {
    let (catalog, embedded) = spec_catalog(&args.sources)?;
    let config = ConfigToRewrite::read(&args.input_file)?;
    let path = args.input_file.display().to_string();
    if embedded {
        report(&embedded_note(&path, "upgrade"));
    }
    let result = confspec::upgrade::upgrade(&catalog, &config.text, &config.doc);
    let target = match (&args.output_file, args.diff) {
        (_, true) => Rewritten::Diff { command: "upgrade", label: "upgraded" },
        (Some(path), false) => Rewritten::Copy(path),
        (None, false) => Rewritten::InPlace,
    };
    config.write(&catalog, &result.text, false, target)?;
    report(&confspec::upgrade::report(&path, &result.changes));
    let conflicts = result.changes.iter().any(|c| matches!(c, confspec::upgrade::Change::Conflict { .. }));
    Ok(if conflicts { 1 } else { 0 })
}

fn edit(args: &EditArgs) -> Result<i32> {
    use confspec::assign::{self, Context};
    use confspec::diag::{Diagnostic, Severity};
    let (catalog, embedded) = spec_catalog(&args.sources)?;
    let config = ConfigToRewrite::read(&args.input_file)?;
    let path = args.input_file.display().to_string();
    if embedded {
        report(&embedded_note(&path, "edit"));
    }
    let mut assignments = Vec::new();
    let mut problems = Vec::new();
    // One source: the same option both set and unset is an error, not a matter of order.
    for found in [assign::from_arguments("--set", &args.set, 0), assign::unset_arguments("--unset", &args.unset, 0)] {
        match found {
            Ok(found) => assignments.extend(found),
            Err(found) => problems.extend(found),
        }
    }
    let earlier = match &args.sources.service {
        Some(address) => Shipped::earlier(address)?,
        None => Vec::new(),
    };
    let context = Context { existing: Some(&config.doc), earlier: &earlier, ..Context::default() };
    let mut done = None;
    if problems.is_empty() {
        match assign::resolve(&catalog, &assignments, &context).and_then(|resolved| {
            let edited = confspec::edit::edit(&catalog, &config.text, &config.doc, &resolved, args.existing, &path)?;
            Ok((resolved, edited))
        }) {
            Ok(both) => done = Some(both),
            Err(found) => problems.extend(found),
        }
    }
    let Some((resolved, edited)) = done else {
        problems.push(Diagnostic { severity: Severity::Note, ..Diagnostic::error(&path, "nothing was written") });
        return Err(Error::Input(problems));
    };
    for warning in &resolved.warnings {
        report(&format!("{warning}\n"));
    }
    // The required options the edit leaves unset in the groups it changed (unset there, or
    // brought in by a value it set, such as a plugin's `auth_url`).
    let changed: std::collections::HashSet<&str> = resolved.settings.iter().map(|s| s.group.as_str()).collect();
    for required in resolved.required.iter().filter(|r| changed.contains(r.group.as_str())) {
        let d = Diagnostic::error(&path, required.message());
        report(&format!("{}\n", Diagnostic { severity: Severity::Warning, ..d }));
    }
    let target = match (&args.output_file, args.diff) {
        (_, true) => Rewritten::Diff { command: "edit", label: "edited" },
        (Some(path), false) => Rewritten::Copy(path),
        (None, false) => Rewritten::InPlace,
    };
    config.write(&catalog, &edited.text, resolved.holds_secret(), target)?;
    report(&confspec::edit::report(&path, &edited.changes));
    Ok(0)
}

/// An operator's config file read to be rewritten (`upgrade`, `edit`), free of syntax errors.
struct ConfigToRewrite<'p> {
    path: &'p Path,
    /// Taken before the file is read: if it changes after this, replacing it would lose the
    /// change, so the replace is refused.
    read: std::fs::Metadata,
    text: String,
    doc: confspec::ini::IniDoc,
}

/// Where a rewritten config goes.
enum Rewritten<'a> {
    /// The unified diff from the file to `FILE (label)` on stdout; nothing written.
    Diff { command: &'a str, label: &'a str },
    /// The file itself, replaced.
    InPlace,
    /// A copy (`-o F`).
    Copy(&'a Path),
}

impl<'p> ConfigToRewrite<'p> {
    fn read(path: &'p Path) -> Result<ConfigToRewrite<'p>> {
        let read = std::fs::metadata(path).map_err(|e| Error::io(path.display(), &e))?;
        let text = confspec::spec::load::read_text(path)?;
        let doc = confspec::ini::parse(&text);
        if !doc.errors.is_empty() {
            let shown = path.display().to_string();
            let diagnostics = doc
                .errors
                .iter()
                .map(|e| {
                    confspec::diag::Diagnostic::error(
                        &shown,
                        format!("syntax error: {} (nothing was written)", e.message),
                    )
                    .at(e.line, None)
                })
                .collect();
            return Err(Error::Input(diagnostics));
        }
        Ok(ConfigToRewrite { path, read, text, doc })
    }

    /// Writes `new`, the file rewritten (`adds_secret`: with a secret's value it did not
    /// have), to `target`: a diff shows `****` for every secret's value (CI logs keep what it
    /// prints); the file itself is replaced atomically and durably, keeping its identity, only
    /// when it changed, and refused when it changed since it was read; a copy of a config
    /// holding secrets is as private as the config, and one given a secret the config did not
    /// hold is for its owner alone (0600).
    fn write(&self, catalog: &Catalog, new: &str, adds_secret: bool, target: Rewritten) -> Result<()> {
        let old = &self.text;
        let durable =
            output::WriteOptions { durability: output::Durability::Durable, ..output::WriteOptions::GENERATED };
        match target {
            Rewritten::Diff { command, label } => {
                if new != old {
                    let path = self.path.display().to_string();
                    let full = format!("run {command} with -o and compare the file it writes with {path}");
                    let secrets = |config: &str| confspec::validate::secret_values(catalog, config);
                    let shown = format!("{path} ({label})");
                    output::to_stdout(&output::unified_diff(old, new, &path, &shown, &full, &secrets))?;
                }
                Ok(())
            }
            Rewritten::InPlace if new == old => Ok(()),
            Rewritten::InPlace => {
                let options = output::WriteOptions { expect: Some(output::Identity::of(&self.read)), ..durable };
                output::write(self.path, new.as_bytes(), options)
            }
            Rewritten::Copy(copy) => {
                // What a diff masks: a value of a secret option, an auth plugin's `password`
                // included.
                let held = confspec::validate::holds_secret(catalog, &self.doc);
                let new_mode = match adds_secret && !held {
                    true => output::NewMode::Exact(0o600),
                    false => output::NewMode::like(&self.read),
                };
                let secret_of = (held || adds_secret).then(|| output::Readers::of(&self.read));
                output::write(copy, new.as_bytes(), output::WriteOptions { new_mode, secret_of, ..durable })
            }
        }
    }
}

/// The spec files of namespaces, `<spec_dir>/<namespace>.yaml`, each of which must exist;
/// `origin` says where the names came from.
fn namespace_specs(namespaces: &[String], spec_dir: &Path, origin: &str) -> Result<Vec<PathBuf>> {
    namespaces
        .iter()
        .map(|namespace| {
            if !genconf::valid_namespace(namespace) {
                return Err(Error::Usage(format!("{origin}: {namespace:?} is not a namespace name (letters, digits, `.`, `_` and `-`)")));
            }
            let path = spec_dir.join(format!("{namespace}.yaml"));
            if !path.is_file() {
                return Err(Error::Usage(format!(
                    "{origin}: namespace `{namespace}` has no spec: {} does not exist (see --spec-dir, or `confspec import`)",
                    path.display()
                )));
            }
            Ok(path)
        })
        .collect()
}

/// `paths` with each path once, where it first appears. oslo-config-generator loads a
/// namespace named twice once (stevedore loads each entry point once).
fn each_once(mut paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    paths
}

/// What `validate` and `upgrade` read a config against: a shipped service, oslo's data as it
/// is, a generator config's or the named namespaces, and spec files; the embedded glance spec
/// (and `true`: the caller says so) when none is given.
fn spec_catalog(args: &SpecSources) -> Result<(Catalog, bool)> {
    let mut loader = Loader::new();
    let mut specs = Vec::new();
    if let Some(address) = &args.service {
        specs.extend(Shipped::named(address)?.catalog.specs);
    }
    if let Some(data) = &args.opt_data {
        let source = SourceFile { name: data.display().to_string(), text: confspec::spec::load::read_text(data)? };
        let json = data.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let imported = confspec::import::import(&source, json, None)?.0;
        let dir = data.parent().map(Path::to_owned).unwrap_or_else(|| PathBuf::from("."));
        // Data that makes no valid spec is reported at the data's lines.
        confspec::import::check(&imported, &source, &dir)?;
        for spec in imported {
            specs.push(loader.load_text(format!("{} ({})", source.name, spec.namespace), spec.text, None)?);
        }
    }
    let mut files = match &args.config_file {
        Some(path) => namespace_specs(&genconf::read(path)?.namespaces, &args.spec_dir, &path.display().to_string())?,
        None => namespace_specs(&args.namespaces, &args.spec_dir, "--namespace")?,
    };
    files.extend(args.specs.iter().cloned());
    let files = each_once(files);
    if files.is_empty() && specs.is_empty() {
        return Ok((loader.load_catalog(&[])?, true));
    }
    for path in &files {
        specs.push(loader.load_file(path)?);
    }
    Ok((Catalog { specs }, false))
}

fn validate(args: &ValidateArgs) -> Result<i32> {
    use confspec::validate::{counts, json_report, text_report, validate, ValidateOptions};
    let (catalog, embedded) = spec_catalog(&args.sources)?;
    let doc = read_configs(&args.inputs)?;
    let options = ValidateOptions {
        check_defaults: args.check_defaults,
        exclude_groups: args.exclude_group.clone(),
        earlier: match &args.sources.service {
            Some(address) => Shipped::earlier(address)?,
            None => Vec::new(),
        },
    };
    let findings = validate(&catalog, &doc, &options);
    let text = match args.format {
        ReportFormat::Text => text_report(&doc.files, &findings),
        ReportFormat::Json => json_report(&doc.files, &findings),
    };
    output::to_stdout(&text)?;
    if embedded && args.format == ReportFormat::Text {
        report(&embedded_note(&confspec::validate::files_label(&doc.files), "validate"));
    }
    let (errors, warnings) = counts(&findings);
    Ok(if errors > 0 || (warnings > 0 && args.fatal_warnings) { 1 } else { 0 })
}

fn show(args: &ShowArgs) -> Result<i32> {
    let (catalog, embedded) = spec_catalog(&args.sources)?;
    let doc = read_configs(&args.inputs)?;
    // oslo refuses to start with a file it cannot parse.
    if !doc.errors.is_empty() {
        let diagnostics = doc
            .errors
            .iter()
            .map(|e| {
                let path = doc.file_name(e.file).unwrap_or_default();
                confspec::diag::Diagnostic::error(path, format!("syntax error: {}", e.message)).at(e.line, None)
            })
            .collect();
        return Err(Error::Input(diagnostics));
    }
    if embedded {
        report(&embedded_note(&confspec::validate::files_label(&doc.files), "show"));
    }
    let shown = confspec::show::show(&catalog, &doc, &args.option)?;
    let text = match args.format {
        ShowFormat::Ini => confspec::show::ini_report(&doc, &shown),
        ShowFormat::Json => confspec::show::json_report(&doc, &shown),
        ShowFormat::Sh => confspec::show::sh_report(&shown),
    };
    output::to_stdout(&text)?;
    let errors = confspec::show::errors(&doc, &shown);
    report(&errors);
    Ok(if errors.is_empty() { 0 } else { 1 })
}

/// The config files `--input-file` and `--config-dir` name, read as oslo.config reads
/// `--config-file` and `--config-dir`: the files in the order given, then each directory's
/// `*.conf` files (not hidden ones, as Python's glob) sorted by name; one document of them all.
fn read_configs(inputs: &ConfigInputs) -> Result<confspec::ini::IniDoc> {
    let mut paths: Vec<PathBuf> = inputs.input_files.clone();
    for dir in &inputs.config_dirs {
        let listing = std::fs::read_dir(dir).map_err(|e| Error::io(dir.display(), &e))?;
        let mut found = Vec::new();
        for entry in listing {
            let entry = entry.map_err(|e| Error::io(dir.display(), &e))?;
            let name = entry.file_name();
            let bytes = name.as_encoded_bytes();
            if bytes.ends_with(b".conf") && !bytes.starts_with(b".") {
                found.push(entry.path());
            }
        }
        // Python sorts the paths as strings: by code point, which is UTF-8's byte order.
        found.sort_by(|a, b| a.as_os_str().as_encoded_bytes().cmp(b.as_os_str().as_encoded_bytes()));
        paths.extend(found);
    }
    let mut docs = Vec::with_capacity(paths.len());
    for path in paths {
        let text = confspec::spec::load::read_text(&path)?;
        docs.push((path.display().to_string(), confspec::ini::parse(&text)));
    }
    Ok(confspec::ini::IniDoc::merge(docs))
}

/// The note of a command that read `path` against the embedded glance spec for want of specs.
fn embedded_note(path: &str, command: &str) -> String {
    format!(
        "{path}: note: no specs given, so only the embedded glance spec (nova's [glance] group) was used; point {command} at the service's options with --service S, SPEC files, --config-file GENERATOR.conf, --namespace NS or --opt-data DATA\n"
    )
}

/// A file of a shipped service release, named by `--service`, with its specs.
struct Shipped {
    release: confspec::services::Release,
    file: confspec::services::ConfigFile,
    catalog: Catalog,
}

impl Shipped {
    fn named(address: &str) -> Result<Shipped> {
        Shipped::read(address, false)
    }

    /// `named` without the groups' selectors, which samples and documents never read.
    fn for_sample(address: &str) -> Result<Shipped> {
        Shipped::read(address, true)
    }

    fn read(address: &str, sample_only: bool) -> Result<Shipped> {
        let services = confspec::services::Services::embedded()?;
        let (release, file) = services.resolve(&confspec::services::Address::parse(address)?)?;
        let catalog = if sample_only {
            services.catalog_without_selectors(release, file)?
        } else {
            services.catalog(release, file)?
        };
        Ok(Shipped { release: release.clone(), file: file.clone(), catalog })
    }

    /// The releases of the service `address` names before the one it names, newest first,
    /// each with its file of the same name: what validate explains removed options with.
    fn earlier(address: &str) -> Result<Vec<confspec::validate::Earlier>> {
        let services = confspec::services::Services::embedded()?;
        let (release, file) = services.resolve(&confspec::services::Address::parse(address)?)?;
        let history = services.history(&release.service);
        let at = history.iter().position(|r| r.version == release.version).unwrap_or(0);
        let mut earlier = Vec::new();
        for pair in history[..=at].windows(2).rev() {
            let (old, next) = (pair[0], pair[1]);
            if let Some(old_file) = old.files.iter().find(|f| f.name == file.name) {
                earlier.push(confspec::validate::Earlier {
                    label: old.label(),
                    next: next.label(),
                    catalog: services.catalog(old, old_file)?,
                });
            }
        }
        Ok(earlier)
    }

    /// The specs of `--service` and then the SPEC files; the embedded glance spec when there
    /// are neither.
    fn or_specs(service: Option<&str>, specs: &[PathBuf]) -> Result<Catalog> {
        let Some(address) = service else {
            return Loader::new().load_catalog(specs);
        };
        let mut catalog = Shipped::named(address)?.catalog;
        let mut loader = Loader::new();
        for path in specs {
            catalog.specs.push(loader.load_file(path)?);
        }
        Ok(catalog)
    }
}

fn services(args: &ServicesArgs) -> Result<i32> {
    let services = confspec::services::Services::embedded()?;
    let text = match args.format {
        ReportFormat::Text => {
            let mut text = String::new();
            for release in &services.releases {
                text.push_str(&format!(
                    "{} {} ({}, {})\n",
                    release.service, release.version, release.series, release.package
                ));
                for file in &release.files {
                    let main = if file.main { ", main" } else { "" };
                    text.push_str(&format!(
                        "  {} ({} namespaces{main}): {}\n",
                        file.name,
                        file.settings.namespaces.len(),
                        file.settings.namespaces.join(", ")
                    ));
                }
            }
            text
        }
        ReportFormat::Json => {
            let releases: Vec<serde_json::Value> = services
                .releases
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "service": r.service,
                        "package": r.package,
                        "version": r.version,
                        "series": r.series,
                        "files": r.files.iter().map(|f| serde_json::json!({
                            "name": f.name,
                            "main": f.main,
                            "generator_config": f.generator_config,
                            "namespaces": f.settings.namespaces,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({ "releases": releases })).expect("JSON of strings") + "\n"
        }
    };
    output::to_stdout(&text)?;
    Ok(0)
}

fn deprecations(args: &DeprecationsArgs) -> Result<i32> {
    let catalog = Shipped::or_specs(args.service.as_deref(), &args.specs)?;
    let engine = Engine::new(args.output.templates.as_deref(), Escape::None)?;
    let text = confspec::render::deprecations::render(&engine, &catalog, args.format)?;
    emit(&text, args.output.output_file.as_deref(), args.output.check)
}

/// `generate`'s settings once the config file (or the shipped service's) and the flags are
/// merged (flags win).
struct GenerateSettings {
    specs: Vec<PathBuf>,
    /// The service `--service` names: its specs come before `specs`.
    shipped: Option<Shipped>,
    namespaces: Option<Vec<String>>,
    format: Format,
    wrap_width: usize,
    minimal: bool,
    summarize: bool,
    /// Where the output goes (stdout when `None`).
    output_file: Option<PathBuf>,
    /// What the machine-readable data records of the run: the generator config files and
    /// its output file (a shipped service's own, though its sample goes to stdout).
    config_files: Vec<String>,
    recorded_output_file: Option<String>,
    /// The reference pages' title.
    page: PageOptions,
}

fn settings(args: &GenerateArgs) -> Result<GenerateSettings> {
    let read = if is_starter(args) { Shipped::named } else { Shipped::for_sample };
    let shipped = args.service.as_deref().map(read).transpose()?;
    let (conf, conf_name) = match (&args.config_file, &shipped) {
        (Some(path), _) => (genconf::read(path)?, path.display().to_string()),
        (None, Some(shipped)) => (shipped.file.settings.clone(), shipped.file.generator_config.clone()),
        (None, None) => (GeneratorConf::default(), String::new()),
    };
    let mut specs = Vec::new();
    if shipped.is_none() {
        specs.extend(namespace_specs(&conf.namespaces, &args.spec_dir, &conf_name)?);
    }
    specs.extend(namespace_specs(&args.namespaces, &args.spec_dir, "--namespace")?);
    specs.extend(args.specs.iter().cloned());
    let specs = each_once(specs);
    let format = match (args.format, conf.format.as_deref()) {
        (Some(f), _) => f,
        (None, None) => Format::Ini,
        (None, Some(name)) => Format::from_str(name, true).map_err(|_| {
            Error::Usage(format!(
                "{conf_name}: format_ {name:?} is not one of ini, yaml, json, rst, markdown, html, python"
            ))
        })?,
    };
    if format == Format::Python {
        for (flag, given) in
            [("--wrap-width", args.wrap_width.is_some()), ("--minimal", args.minimal), ("--summarize", args.summarize)]
        {
            if given {
                return Err(Error::Usage(format!(
                    "{flag} shapes a sample or its data; --format python writes the options themselves"
                )));
            }
        }
    }
    if (!args.set.is_empty() || !args.values.is_empty()) && format != Format::Ini {
        return Err(Error::Usage(format!(
            "--set and --values fill in a config file: they go with --format ini (the sample), not --format {}",
            format.name()
        )));
    }
    if !args.groups.is_empty() && format == Format::Python {
        return Err(Error::Usage(
            "--group picks groups of a sample or a reference; --format python writes a namespace's whole module".into(),
        ));
    }
    if let Some(title) = &args.title {
        if !matches!(format, Format::Html | Format::Markdown) {
            return Err(Error::Usage("--title titles the html and markdown pages".into()));
        }
        if title.chars().any(char::is_control) {
            return Err(Error::Usage(format!("--title {title:?}: a title is one line, without control characters")));
        }
    }
    // A shipped service's sample goes to stdout unless -o says otherwise; a generator config
    // file given on the command line writes where it says, as oslo does.
    let output_file = match shipped {
        Some(_) => args.output_file.clone(),
        None => args.output_file.clone().or(conf.output_file.clone().map(PathBuf::from)),
    };
    // A shipped service's page is titled with the service, its release and its file.
    let title = args.title.clone().or_else(|| {
        shipped.as_ref().map(|s| format!("{} configuration reference ({})", s.release.label(), s.file.name))
    });
    if args.check && output_file.is_none() {
        return Err(Error::Usage(
            "--check compares with the output file: give --output-file (or output_file in --config-file)".into(),
        ));
    }
    let recorded_output_file = args.output_file.as_ref().map(|p| p.display().to_string()).or(conf.output_file.clone());
    Ok(GenerateSettings {
        specs,
        config_files: if conf_name.is_empty() { Vec::new() } else { vec![conf_name] },
        shipped,
        namespaces: {
            let named: Vec<String> = conf.namespaces.into_iter().chain(args.namespaces.iter().cloned()).collect();
            (!named.is_empty()).then_some(named)
        },
        format,
        wrap_width: args.wrap_width.or(conf.wrap_width).unwrap_or(70),
        minimal: args.minimal || conf.minimal.unwrap_or(false),
        summarize: args.summarize || conf.summarize.unwrap_or(false),
        output_file,
        recorded_output_file,
        page: PageOptions { title },
    })
}

fn generate(args: &GenerateArgs) -> Result<i32> {
    let mut settings = settings(args)?;
    let catalog = match settings.shipped.take() {
        Some(shipped) => {
            let mut catalog = shipped.catalog;
            let mut loader = Loader::new();
            for path in &settings.specs {
                catalog.specs.push(loader.load_file(path)?);
            }
            catalog
        }
        None => Loader::new().load_catalog(&settings.specs)?,
    };
    if is_starter(args) {
        return starter(&catalog, &settings, args);
    }
    let text = confspec::timings::measure("render", || render(&catalog, &settings, args, None))?;
    let code = confspec::timings::measure("write", || emit(&text, settings.output_file.as_deref(), args.check))?;
    if args.timings {
        report(&confspec::timings::report());
    }
    // The process ends here: handing a large model and output back to the allocator piece by
    // piece would only add to the run (docs/performance.md).
    std::mem::forget(catalog);
    std::mem::forget(text);
    Ok(code)
}

/// Whether `generate` makes a starter config (`--group`, `--set`, `--values`).
fn is_starter(args: &GenerateArgs) -> bool {
    !args.groups.is_empty() || !args.set.is_empty() || !args.values.is_empty()
}

/// `generate` with `--group`, `--set` or `--values`: the groups picked and those the values
/// are set in, the values checked (all or nothing), filled into the sample, and the required
/// options left unset named on stderr.
fn starter(catalog: &Catalog, settings: &GenerateSettings, args: &GenerateArgs) -> Result<i32> {
    use confspec::assign::{self, Context};
    use confspec::diag::Severity;
    let sample_groups: Vec<String> =
        confspec::oslo::groups::generator_groups(catalog).into_iter().map(|g| g.name).collect();
    let picked: Vec<String> = args.groups.iter().map(|g| confspec::spec::model::normalize_group(g)).collect();

    let mut assignments = Vec::new();
    let mut problems = Vec::new();
    for (source, path) in args.values.iter().enumerate() {
        match assign::from_file(path, source) {
            Ok(found) => assignments.extend(found),
            Err(found) => problems.extend(found),
        }
    }
    match assign::from_arguments("--set", &args.set, args.values.len()) {
        Ok(found) => assignments.extend(found),
        Err(found) => problems.extend(found),
    }
    // The file holds the groups picked and those the values are set in ([DEFAULT] always)
    // with --group, and in the compact file (--minimal with values); else the whole sample.
    let only_selected = !picked.is_empty() || (settings.minimal && !assignments.is_empty());
    // A shipped service's earlier releases say which unknown names were removed.
    let earlier = match &args.service {
        Some(address) => Shipped::earlier(address)?,
        None => Vec::new(),
    };
    let context = Context {
        sections: if only_selected { picked.clone() } else { sample_groups.clone() },
        earlier: &earlier,
        ..Context::default()
    };
    let resolved = match problems.is_empty() {
        true => match assign::resolve(catalog, &assignments, &context) {
            Ok(resolved) => Some(resolved),
            Err(found) => {
                problems.extend(found);
                None
            }
        },
        false => None,
    };
    // The groups rendered: those picked and those the values are set in.
    let mut rendered: std::collections::BTreeSet<String> = picked.iter().cloned().collect();
    rendered.extend(resolved.iter().flat_map(|r| &r.settings).map(|s| s.group.clone()));
    let set_in: Vec<&str> = resolved.iter().flat_map(|r| &r.settings).map(|s| s.group.as_str()).collect();
    problems.extend(assign::unknown_groups("--group", &picked, &sample_groups, &set_in));
    let Some(resolved) = resolved.filter(|_| problems.is_empty()) else {
        problems.push(confspec::diag::Diagnostic {
            severity: Severity::Note,
            ..confspec::diag::Diagnostic::error("confspec", "nothing was written")
        });
        return Err(Error::Input(problems));
    };

    let shown = match &settings.output_file {
        Some(path) if !output::is_stdout(path) => path.display().to_string(),
        _ => "<stdout>".to_owned(),
    };
    let mut warnings: Vec<String> = resolved.warnings.iter().map(|d| d.to_string()).collect();
    for required in &resolved.required {
        if !only_selected || rendered.contains(&required.group) {
            let d = confspec::diag::Diagnostic::error(&shown, required.message());
            warnings.push(confspec::diag::Diagnostic { severity: Severity::Warning, ..d }.to_string());
        }
    }

    let filtered;
    let shown_catalog = if !only_selected {
        catalog
    } else {
        filtered = only_groups(catalog, &rendered);
        &filtered
    };
    let filled = resolved.filled(|section| !only_selected || rendered.contains(section));
    let has_values = !filled.settings.is_empty();
    let text = confspec::timings::measure("render", || {
        render(shown_catalog, settings, args, Some(&filled).filter(|_| has_values))
    })?;
    if has_values {
        check_values_written(&text, &resolved, args.templates.as_deref())?;
    }
    for warning in &warnings {
        report(&format!("{warning}\n"));
    }
    let secret = resolved.holds_secret();
    let hidden = |text: &str| if secret { confspec::validate::secret_values(catalog, text) } else { Vec::new() };
    // A new file holding a secret is for its owner alone, whatever the umask.
    let write = match secret {
        true => output::WriteOptions { new_mode: output::NewMode::Exact(0o600), ..output::WriteOptions::GENERATED },
        false => output::WriteOptions::GENERATED,
    };
    let code = confspec::timings::measure("write", || {
        emit_as(&text, settings.output_file.as_deref(), args.check, &hidden, write)
    })?;
    if args.timings {
        report(&confspec::timings::report());
    }
    Ok(if code == 0 && args.fatal_warnings && !warnings.is_empty() { 1 } else { code })
}

/// The catalog with only the groups named.
fn only_groups(catalog: &Catalog, names: &std::collections::BTreeSet<String>) -> Catalog {
    use confspec::spec::model::Spec;
    let specs = catalog
        .specs
        .iter()
        .map(|s| Spec {
            namespace: s.namespace.clone(),
            description: s.description.clone(),
            groups: s.groups.iter().filter(|g| names.contains(&g.name)).cloned().collect(),
            origin: s.origin.clone(),
        })
        .collect();
    Catalog { specs }
}

/// The starter config must hold exactly the values set: read as oslo reads it, each setting
/// has its values and nothing else is set. A user's ini-option.hbs that does not write
/// `values` fails here rather than leaving them out.
fn check_values_written(text: &str, resolved: &confspec::assign::Resolved, templates: Option<&Path>) -> Result<()> {
    let doc = confspec::ini::parse(text);
    let mut found: std::collections::HashMap<(String, String), Vec<String>> = std::collections::HashMap::new();
    for entry in &doc.entries {
        found
            .entry((confspec::validate::section_group(&entry.section), entry.key.clone()))
            .or_default()
            .push(entry.value.clone());
    }
    let mut want: std::collections::HashMap<(String, String), Vec<String>> = std::collections::HashMap::new();
    for s in &resolved.settings {
        if let Some(values) = &s.values {
            want.insert((s.group.clone(), s.opt.dest.to_string()), values.clone());
        }
    }
    let wrong = want
        .iter()
        .find(|(key, values)| found.get(*key) != Some(*values))
        .map(|(key, _)| key)
        .or_else(|| found.keys().find(|key| !want.contains_key(*key)));
    let Some((group, dest)) = wrong else { return Ok(()) };
    let by = match templates {
        Some(dir) => format!(
            "the templates of {} do not write it as set (ini-option.hbs writes `values` with oslo_values: see `confspec templates --dump`)",
            dir.display()
        ),
        None => "confspec wrote it wrong (a bug: please report it)".to_owned(),
    };
    Err(Error::Usage(format!(
        "[{}]/{}: {by}; nothing was written",
        confspec::diag::capped(group),
        confspec::diag::capped(dest)
    )))
}

fn render(
    catalog: &Catalog,
    settings: &GenerateSettings,
    args: &GenerateArgs,
    filled: Option<&ini::Filled>,
) -> Result<String> {
    let engine = || Engine::new(args.templates.as_deref(), Escape::None);
    Ok(match settings.format {
        Format::Ini => {
            let options = ini::IniOptions {
                wrap_width: settings.wrap_width,
                minimal: settings.minimal,
                summarize: settings.summarize,
            };
            match filled {
                Some(filled) => ini::render_filled(&engine()?, catalog, &options, filled)?,
                None => ini::render(&engine()?, catalog, &options)?,
            }
        }
        Format::Rst => rst::render(&engine()?, catalog)?,
        Format::Markdown => markdown::render_page(&engine()?, catalog, &settings.page)?,
        Format::Html => {
            html::render_page(&Engine::new(args.templates.as_deref(), Escape::Html)?, catalog, &settings.page)?
        }
        Format::Python => {
            let [spec] = catalog.specs.as_slice() else {
                return Err(Error::Usage(format!(
                    "--format python writes the module of one namespace: give one spec, not {} (run once per module)",
                    catalog.specs.len()
                )));
            };
            let mut command: Vec<String> = vec!["confspec".into(), "generate".into()];
            if let Some(service) = &args.service {
                command.extend(["--service".into(), service.clone()]);
            }
            command.extend(settings.specs.iter().map(|p| p.display().to_string()));
            command.extend(["--format".into(), "python".into()]);
            if let Some(path) = &settings.output_file {
                command.extend(["-o".into(), path.display().to_string()]);
            }
            if let Some(dir) = &args.templates {
                command.extend(["--templates".into(), dir.display().to_string()]);
            }
            python::render(&engine()?, spec, &python::PythonOptions { command })?
        }
        Format::Yaml | Format::Json => {
            let generator = GeneratorOptions {
                config_file: settings.config_files.clone(),
                format: settings.format.name().to_owned(),
                minimal: settings.minimal,
                namespaces: settings
                    .namespaces
                    .clone()
                    .unwrap_or_else(|| catalog.specs.iter().map(|s| s.namespace.clone()).collect()),
                output_file: settings.recorded_output_file.clone(),
                summarize: settings.summarize,
                wrap_width: settings.wrap_width,
            };
            let data = data::machine_readable(catalog, &generator);
            if settings.format == Format::Json {
                data.to_json() + "\n"
            } else {
                data.to_yaml() + "\n"
            }
        }
    })
}

fn import(args: &ImportArgs) -> Result<i32> {
    let path = &args.data;
    let source = SourceFile { name: path.display().to_string(), text: confspec::spec::load::read_text(path)? };
    let json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let sample = match &args.sample {
        Some(path) => Some(confspec::import::Sample::parse(&confspec::spec::load::read_text(path)?)),
        None => None,
    };
    let (specs, recovered) = confspec::import::import(&source, json, sample.as_ref())?;
    // Every spec must load before any is written: broken data leaves nothing behind.
    confspec::import::check(&specs, &source, &args.output_dir)?;
    let files: Vec<(&str, &[u8])> = specs.iter().map(|s| (s.file_name.as_str(), s.text.as_bytes())).collect();
    output::write_folder(&args.output_dir, &files)?;
    let mut report = String::new();
    for spec in &specs {
        let target = args.output_dir.join(&spec.file_name);
        report.push_str(&format!(
            "{}: namespace {}, {} options in {} groups\n",
            target.display(),
            spec.namespace,
            spec.options,
            spec.groups
        ));
    }
    if let Some(path) = &args.sample {
        report.push_str(&format!(
            "{}: {} facts the data does not hold ({} list bounds, {} old names, {} default texts, {} worded bounds)\n",
            path.display(),
            recovered.total(),
            recovered.bounds,
            recovered.old_names,
            recovered.default_texts,
            recovered.sample_bounds
        ));
    }
    output::to_stdout(&report)?;
    Ok(0)
}

/// Writes a message to stderr. A closed or full stderr is no reason to fail: the exit code
/// still says what happened.
fn report(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Sends a command's output where the flags say; returns the exit code.
fn emit(text: &str, output_file: Option<&Path>, check: bool) -> Result<i32> {
    emit_as(text, output_file, check, &output::nothing_hidden, output::WriteOptions::GENERATED)
}

/// `emit`, with what `hidden` finds in either text masked in a `--check` diff, and the file
/// written with `write`.
fn emit_as(
    text: &str,
    output_file: Option<&Path>,
    check: bool,
    hidden: &dyn Fn(&str) -> output::Hidden,
    write: output::WriteOptions,
) -> Result<i32> {
    match (output_file, check) {
        (Some(path), true) if output::is_stdout(path) => {
            Err(Error::Usage("--check compares with a file: `-o -` is stdout".into()))
        }
        (Some(path), true) => match output::stale_diff(path, text, hidden)? {
            None => Ok(0),
            Some(diff) => {
                output::to_stdout(&diff)?;
                report(&format!(
                    "{}: stale: it differs from what confspec generates (run without --check to update it)\n",
                    path.display()
                ));
                Ok(1)
            }
        },
        (Some(path), false) => {
            output::write(path, text.as_bytes(), write)?;
            Ok(0)
        }
        (None, _) => {
            output::to_stdout(text)?;
            Ok(0)
        }
    }
}
