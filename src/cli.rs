//! The command line: argument parsing and one function per subcommand.

use crate::diag::{Error, Result};
use crate::output;
use crate::render::{ini, Engine};
use crate::spec::Loader;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "confspec", version, about = "oslo.config-compatible samples and docs from declarative YAML specs")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a sample config file (or another output) from specs; without SPEC, the embedded
    /// glance spec.
    Generate(GenerateArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Ini,
    Yaml,
    Json,
    Rst,
    Markdown,
    Html,
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Spec files, one namespace each; several merge as several oslo namespaces do.
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Ini)]
    pub format: Format,
    /// Wrap help text at this many columns (0: do not wrap).
    #[arg(long, value_name = "N", default_value_t = 70)]
    pub wrap_width: usize,
    /// Only required options, uncommented: a minimal config to fill in.
    #[arg(long)]
    pub minimal: bool,
    /// Only the first paragraph of each option's help.
    #[arg(long)]
    pub summarize: bool,
    /// Write here (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "F")]
    pub output_file: Option<PathBuf>,
    /// Do not write: exit 1 with a diff when --output-file is not what would be generated.
    #[arg(long, requires = "output_file")]
    pub check: bool,
    /// A folder of templates that replace the embedded ones by file name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Runs the command line and returns the process exit code (0 done, 1 findings, 2 bad input).
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code()
        }
    }
}

pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Generate(args) => generate(&args),
    }
}

fn generate(args: &GenerateArgs) -> Result<i32> {
    let catalog = Loader::new().load_catalog(&args.specs)?;
    let text = match args.format {
        Format::Ini => {
            let engine = Engine::new(args.templates.as_deref(), crate::render::engine::Escape::None)?;
            let options = ini::IniOptions { wrap_width: args.wrap_width, minimal: args.minimal, summarize: args.summarize };
            ini::render(&engine, &catalog, &options)?
        }
        other => {
            return Err(Error::Usage(format!("--format {} is not available yet", other.to_possible_value().unwrap().get_name())))
        }
    };
    emit(&text, args.output_file.as_deref(), args.check)
}

/// Sends a command's output where the flags say; returns the exit code.
fn emit(text: &str, output_file: Option<&std::path::Path>, check: bool) -> Result<i32> {
    match (output_file, check) {
        (Some(path), true) => match output::stale_diff(path, text)? {
            None => Ok(0),
            Some(diff) => {
                output::to_stdout(&diff)?;
                eprintln!("{}: stale: it differs from what confspec generates (run without --check to update it)", path.display());
                Ok(1)
            }
        },
        (Some(path), false) => {
            output::write_atomic(path, text.as_bytes())?;
            Ok(0)
        }
        (None, _) => {
            output::to_stdout(text)?;
            Ok(0)
        }
    }
}
