//! The command line's flags (clap): one struct per subcommand.

use clap::{Parser, Subcommand, ValueEnum};
use confspec::render::deprecations::TableFormat;
use std::path::PathBuf;

/// Each command's `--help` ends with examples of its common uses.
const GENERATE_EXAMPLES: &str = "Examples:
  confspec generate --service nova                   nova's sample nova.conf, as nova's docs have it
  confspec generate --service neutron/ml2_conf.ini@2026.1 --minimal
  confspec generate                                  the embedded glance sample
  confspec generate specs/nova.conf.yaml --wrap-width 79 -o etc/nova.conf.sample
  confspec generate --namespace oslo.log --spec-dir specs/
  confspec generate --config-file etc/nova/nova-config-generator.conf --spec-dir specs/
  confspec generate --format markdown -o docs/config.md
  confspec generate -o etc/nova.conf.sample --check  exit 1 and a diff when stale
  confspec generate --service nova --group glance --group database
                                                     only those groups ([DEFAULT]'s header stays)
  confspec generate --service nova --set DEFAULT.transport_url=rabbit://nova:pw@rabbit:5672/ \\
                    --set keystone_authtoken.auth_type=password --minimal -o nova.conf
                                                     a starter nova.conf with those values set
  confspec generate --service nova --values old-nova.conf -o nova.conf
                                                     an old deployment's values on the new sample
  confspec generate --service nova --values nova-values.yaml --fatal-warnings -o nova.conf
                                                     exit 1 while a required option is unset";
const DEPRECATIONS_EXAMPLES: &str = "Examples:
  confspec deprecations specs/*.yaml                 a Markdown table
  confspec deprecations specs/*.yaml --format csv -o deprecations.csv";
const IMPORT_EXAMPLES: &str = "Examples:
  oslo-config-generator --namespace oslo.log --format yaml > oslo.log.yaml
  confspec import oslo.log.yaml --output-dir specs/";
const VALIDATE_EXAMPLES: &str = "Examples:
  confspec validate --service nova --input-file /etc/nova/nova.conf
  confspec validate --config-file nova-config-generator.conf --spec-dir specs/ \\
                    --input-file /etc/nova/nova.conf
  confspec validate --opt-data nova-data.yaml --input-file /etc/nova/nova.conf
  confspec validate specs/nova.conf.yaml --input-file nova.conf --fatal-warnings";
const UPGRADE_EXAMPLES: &str = "Examples:
  confspec upgrade --service nova --input-file /etc/nova/nova.conf --diff
  confspec upgrade specs/nova.conf.yaml --input-file /etc/nova/nova.conf --diff
  confspec upgrade specs/nova.conf.yaml --input-file /etc/nova/nova.conf --in-place";
const EDIT_EXAMPLES: &str = "Examples:
  confspec edit --service nova --input-file /etc/nova/nova.conf --diff \\
                --set DEFAULT.debug=true --set glance.num_retries=5
  confspec edit --service nova --input-file /etc/nova/nova.conf --in-place \\
                --set database.connection=mysql+pymysql://nova:PASS@db/nova
  confspec edit --service nova --input-file nova.conf --in-place \\
                --unset DEFAULT.my_ip
  confspec edit --service nova --input-file nova.conf -o new.conf \\
                --existing --set glance.insecure=false
                                                     exit 2 unless nova.conf sets it";
const SHOW_EXAMPLES: &str = "Examples:
  confspec show --service nova --input-file /etc/nova/nova.conf \\
                --input-file /etc/nova/nova-compute.conf --config-dir /etc/nova/nova.conf.d
  confspec show --service nova --input-file nova.conf --option DEFAULT.host --format sh
  confspec show specs/nova.conf.yaml --input-file nova.conf --format json";
const DIFF_EXAMPLES: &str = "Examples:
  confspec diff nova@33 nova@34                          nova's config release note
  confspec diff neutron/ml2_conf.ini@2026.1 neutron/ml2_conf.ini@2026.2
  confspec diff specs-2024.2/ specs-2025.1/              the config release note
  confspec diff old.yaml new.yaml --format json";
const SERVICES_EXAMPLES: &str = "Examples:
  confspec services                                  what --service can name
  confspec generate --service nova --minimal         a starter nova.conf
  confspec validate --service nova --input-file /etc/nova/nova.conf";
const TEMPLATES_EXAMPLES: &str = "Examples:
  confspec templates --dump my-templates/
  confspec generate --templates my-templates/";
const COMPLETIONS_EXAMPLES: &str = "Examples:
  source <(confspec completions bash)
  confspec completions zsh > ~/.zfunc/_confspec";

#[derive(Debug, Parser)]
#[command(name = "confspec", version, about = "oslo.config-compatible samples and docs from declarative YAML specs")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a sample config file, its machine-readable data or its reference docs from specs;
    /// without SPEC (or --config-file), the embedded glance spec.
    #[command(after_help = GENERATE_EXAMPLES)]
    Generate(GenerateArgs),
    /// One table of every deprecated name and every option deprecated for removal.
    #[command(after_help = DEPRECATIONS_EXAMPLES)]
    Deprecations(DeprecationsArgs),
    /// Turn oslo-config-generator's --format yaml|json data into one spec per namespace.
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
    /// Check a config file against specs: unknown options, bad values, deprecated names.
    #[command(after_help = VALIDATE_EXAMPLES)]
    Validate(ValidateArgs),
    /// The configuration a service reads from its config files: each option's value (the
    /// default when unset, deprecated names and `$` references resolved) and where it came
    /// from, secrets as ****.
    #[command(after_help = SHOW_EXAMPLES)]
    Show(ShowArgs),
    /// Rewrite every deprecated name in a config file to its replacement.
    #[command(after_help = UPGRADE_EXAMPLES)]
    Upgrade(UpgradeArgs),
    /// Set or unset options in a config file, each name and value checked against the specs
    /// first; every other line stays as it was.
    #[command(after_help = EDIT_EXAMPLES)]
    Edit(EditArgs),
    /// The configuration changes between two versions of specs (files or folders) or of a
    /// shipped service (nova@33 nova@34).
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
    /// The OpenStack services shipped inside confspec: each release, its files and their
    /// namespaces, for --service.
    #[command(after_help = SERVICES_EXAMPLES)]
    Services(ServicesArgs),
    /// The embedded templates, to copy and edit for --templates.
    #[command(after_help = TEMPLATES_EXAMPLES)]
    Templates(TemplatesArgs),
    /// A shell completion script on stdout (bash: `source <(confspec completions bash)`).
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// The man page (roff) on stdout: `confspec man | man -l -`.
    Man,
}

#[derive(Debug, clap::Args)]
pub struct ServicesArgs {
    /// A line per release and file, or JSON.
    #[arg(long, value_enum, ignore_case = true, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct TemplatesArgs {
    /// Write every embedded template into DIR (created if missing), by file name.
    #[arg(long, value_name = "DIR")]
    pub dump: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    #[value(alias = "md")]
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version: a spec file, a folder of specs, or a shipped service release
    /// (SERVICE[/FILE]@VERSION, e.g. nova@33).
    pub old: PathBuf,
    /// The new version: a spec file, a folder of specs, or a shipped service release (nova@34).
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value_t = DiffFormat::Markdown)]
    pub format: DiffFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["output_file", "in_place", "diff"])))]
#[command(group(clap::ArgGroup::new("source").args(["service", "config_file", "namespaces", "opt_data"])))]
#[command(override_usage = "confspec upgrade [SPEC]... --input-file CONF (-o F | --in-place | --diff)")]
pub struct UpgradeArgs {
    #[command(flatten)]
    pub sources: SpecSources,
    /// The config file to upgrade.
    #[arg(long, value_name = "CONF")]
    pub input_file: PathBuf,
    /// Write the upgraded file here (`-` is stdout); a new file gets the input's mode.
    #[arg(long, short = 'o', value_name = "F")]
    pub output_file: Option<PathBuf>,
    /// Replace the input file (atomically, keeping its owner, mode and extended attributes).
    #[arg(long)]
    pub in_place: bool,
    /// Print the unified diff of what would change; write nothing.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["output_file", "in_place", "diff"])))]
#[command(group(clap::ArgGroup::new("source").args(["service", "config_file", "namespaces", "opt_data"])))]
#[command(group(clap::ArgGroup::new("changes").required(true).multiple(true).args(["set", "unset"])))]
#[command(
    override_usage = "confspec edit [SPEC]... [--service S] --input-file CONF\n       (--set G.O=VALUE | --unset G.O)... (-o F | --in-place | --diff)\n       [--existing]"
)]
pub struct EditArgs {
    #[command(flatten)]
    pub sources: SpecSources,
    /// The config file to edit.
    #[arg(long, value_name = "CONF")]
    pub input_file: PathBuf,
    /// Set an option, GROUP.OPTION=VALUE (repeatable; DEFAULT.OPTION for [DEFAULT]; a
    /// multi-valued option takes each of its --set values): on its line when the file sets it,
    /// else at the end of its section. Checked as validate checks a file: exit 2 and nothing
    /// written on a bad name or value.
    #[arg(long = "set", value_name = "G.O=VALUE")]
    pub set: Vec<String>,
    /// Take an option out, GROUP.OPTION (repeatable): every line that sets it, under any of its
    /// names.
    #[arg(long = "unset", value_name = "G.O")]
    pub unset: Vec<String>,
    /// Only change options the file sets already: one it does not set is an error (exit 2).
    #[arg(long)]
    pub existing: bool,
    /// Write the edited file here (`-` is stdout); a new file gets the input's mode (0600 when
    /// the edit adds a secret to a config that held none).
    #[arg(long, short = 'o', value_name = "F")]
    pub output_file: Option<PathBuf>,
    /// Replace the input file (atomically, keeping its owner, mode and extended attributes).
    #[arg(long)]
    pub in_place: bool,
    /// Print the unified diff of what would change, secrets as ****; write nothing.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

/// What a config file is read against: `validate`'s and `upgrade`'s spec sources.
#[derive(Debug, clap::Args)]
pub struct SpecSources {
    /// Spec files; without any (and without --service, --config-file, --namespace or
    /// --opt-data), the embedded glance spec, with a note.
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// A service shipped inside confspec, SERVICE[/FILE][@VERSION] (`nova`,
    /// `neutron/ml2_conf.ini`, `nova@33`).
    #[arg(long, value_name = "S")]
    pub service: Option<String>,
    /// An oslo-config-generator config file: its namespaces (specs from --spec-dir), as
    /// oslo-config-validator --config-file reads them.
    #[arg(long, value_name = "GENERATOR.conf")]
    pub config_file: Option<PathBuf>,
    /// A namespace, read from <spec-dir>/<NS>.yaml (repeatable).
    #[arg(long = "namespace", value_name = "NS")]
    pub namespaces: Vec<String>,
    /// oslo-config-generator's --format yaml or json data, read as it is (no import step;
    /// .json is read as JSON).
    #[arg(long, value_name = "DATA")]
    pub opt_data: Option<PathBuf>,
    /// Where --config-file's and --namespace's specs are, as <DIR>/<namespace>.yaml.
    #[arg(long, value_name = "DIR", default_value = "specs")]
    pub spec_dir: PathBuf,
}

/// The config files a service reads, as oslo.config's `--config-file` and `--config-dir`.
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = true)]
pub struct ConfigInputs {
    /// A config file (repeatable): read in the order given, a later file's settings winning,
    /// as the service reads its `--config-file`s.
    #[arg(long = "input-file", value_name = "CONF")]
    pub input_files: Vec<PathBuf>,
    /// A directory whose `*.conf` files are read after the --input-files, sorted by name, as
    /// oslo.config reads `--config-dir` (repeatable).
    #[arg(long = "config-dir", value_name = "DIR")]
    pub config_dirs: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").args(["service", "config_file", "namespaces", "opt_data"])))]
#[command(override_usage = "confspec validate [SPEC]... --input-file CONF... [--config-dir DIR]")]
pub struct ValidateArgs {
    #[command(flatten)]
    pub sources: SpecSources,
    #[command(flatten)]
    pub inputs: ConfigInputs,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub fatal_warnings: bool,
    /// Also warn about every option set to something other than its default.
    #[arg(long)]
    pub check_defaults: bool,
    /// A section not to check (repeatable).
    #[arg(long, value_name = "G")]
    pub exclude_group: Vec<String>,
    /// Findings as text lines or as JSON.
    #[arg(long, value_enum, ignore_case = true, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// A config file: each option preceded by where its value came from.
    Ini,
    Json,
    /// Shell assignments, GROUP_OPTION='value'.
    Sh,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").args(["service", "config_file", "namespaces", "opt_data"])))]
#[command(override_usage = "confspec show [SPEC]... --input-file CONF... [--config-dir DIR] [OPTIONS]")]
pub struct ShowArgs {
    #[command(flatten)]
    pub sources: SpecSources,
    #[command(flatten)]
    pub inputs: ConfigInputs,
    /// Only this option, GROUP.OPTION (repeatable; `DEFAULT.debug`).
    #[arg(long, value_name = "G.O")]
    pub option: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value_t = ShowFormat::Ini)]
    pub format: ShowFormat,
}

/// Where a rendered report goes, and the templates it is rendered with.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Write here instead of stdout (`-` is stdout): see docs/cli.md, "Output files".
    #[arg(long, short = 'o', value_name = "F")]
    pub output_file: Option<PathBuf>,
    /// Do not write: exit 1 with a diff when the output file is stale.
    #[arg(long, requires = "output_file")]
    pub check: bool,
    /// A folder of templates that replace the embedded ones by file name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct DeprecationsArgs {
    /// Spec files; without any, the embedded glance spec.
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// The deprecations of a service shipped inside confspec, SERVICE[/FILE][@VERSION].
    #[arg(long, value_name = "S")]
    pub service: Option<String>,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value_t = TableFormat::Markdown)]
    pub format: TableFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Ini,
    #[value(alias = "yml")]
    Yaml,
    Json,
    Rst,
    #[value(alias = "md")]
    Markdown,
    Html,
    /// The oslo.config Python module (one spec).
    #[value(alias = "py")]
    Python,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Ini => "ini",
            Format::Yaml => "yaml",
            Format::Json => "json",
            Format::Rst => "rst",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Python => "python",
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Spec files, one namespace each; several merge as several oslo namespaces do.
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// A service shipped inside confspec, SERVICE[/FILE][@VERSION] (`nova`, `nova@33`,
    /// `neutron/ml2_conf.ini@2026.2`): its generator config file's sample, as its doc build
    /// makes it (`confspec services` lists them).
    #[arg(long, value_name = "S", conflicts_with_all = ["config_file", "namespaces"])]
    pub service: Option<String>,
    /// Output format [default: ini, or the config file's `format_`].
    #[arg(long, value_enum, ignore_case = true)]
    pub format: Option<Format>,
    /// Wrap help text at this many columns, 0 for no wrapping [default: 70, or the config file's].
    #[arg(long, value_name = "N")]
    pub wrap_width: Option<usize>,
    /// Only required options, uncommented: a minimal config to fill in.
    #[arg(long)]
    pub minimal: bool,
    /// Only the first paragraph of each option's help.
    #[arg(long)]
    pub summarize: bool,
    /// The title of the HTML or Markdown page: its <title> and first heading [default:
    /// Configuration reference].
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Write here instead of stdout (`-` is stdout): see docs/cli.md, "Output files".
    #[arg(long, short = 'o', value_name = "F")]
    pub output_file: Option<PathBuf>,
    /// Do not write: exit 1 with a diff when the output file is not what would be generated.
    #[arg(long)]
    pub check: bool,
    /// An oslo-config-generator config file: its namespaces, wrap_width, summarize, minimal,
    /// format_ and output_file; flags given here win.
    #[arg(long, value_name = "GENERATOR.conf")]
    pub config_file: Option<PathBuf>,
    /// A namespace to render, read from <spec-dir>/<NS>.yaml (repeatable; after
    /// --config-file's).
    #[arg(long = "namespace", value_name = "NS")]
    pub namespaces: Vec<String>,
    /// Where --config-file's and --namespace's specs are, as <DIR>/<namespace>.yaml.
    #[arg(long, value_name = "DIR", default_value = "specs")]
    pub spec_dir: PathBuf,
    /// A folder of templates that replace the embedded ones by file name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Print where the time went (read, parse, check, decode, render, write) on stderr.
    #[arg(long)]
    pub timings: bool,
    /// Only this group (repeatable; [DEFAULT]'s header is always there): any output but
    /// --format python.
    #[arg(long = "group", value_name = "G")]
    pub groups: Vec<String>,
    /// Set an option, GROUP.OPTION=VALUE (repeatable; DEFAULT.OPTION for [DEFAULT]): written
    /// uncommented in its place, checked as validate checks a file (exit 2 and nothing
    /// written on a bad name or value); its group is rendered.
    #[arg(long = "set", value_name = "GROUP.OPTION=VALUE")]
    pub set: Vec<String>,
    /// Values to set from a file (repeatable, before --set): YAML or JSON {group: {option:
    /// value}}, or an INI config file (.conf, .ini) whose settings are carried over.
    #[arg(long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// Exit 1 when a value gives a warning (a deprecated name) or a required option of the
    /// groups rendered is left unset; the file is written.
    #[arg(long)]
    pub fatal_warnings: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The data oslo-config-generator wrote with --format yaml or --format json (.json is read
    /// as JSON, anything else as YAML).
    #[arg(value_name = "OSLO_DATA")]
    pub data: PathBuf,
    /// Where to write one spec per namespace, <DIR>/<namespace>.yaml.
    #[arg(long, value_name = "DIR")]
    pub output_dir: PathBuf,
    /// The INI sample oslo-config-generator wrote with the same namespaces: what the data
    /// does not record (a list's bounds, an old name equal to the option's own, a custom
    /// type's formatted default) is taken from it.
    #[arg(long, value_name = "SAMPLE.ini")]
    pub sample: Option<PathBuf>,
}
