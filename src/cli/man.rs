//! `confspec man`: one man page for every command. Each command's synopsis, description,
//! options and examples come from its clap definition (clap_mangen renders the parts, this
//! module puts them under one heading per command), so the page cannot drift from `--help`;
//! exit status, environment and files are written here, the files listed from what the
//! binary embeds.

use clap::Command;
use clap_mangen::Man;
use roff::{bold, italic, roman, Roff};

/// The roff source of the page.
pub fn page(mut cli: Command) -> std::io::Result<String> {
    cli.build();
    let top = Man::new(cli.clone());
    let mut out = Vec::new();
    top.render_title(&mut out)?;
    // Option and file names are not hyphenated at line ends.
    out.extend(b".nh\n");
    top.render_name_section(&mut out)?;
    top.render_synopsis_section(&mut out)?;
    let mut roff = Roff::new();
    roff.control("SH", ["DESCRIPTION"]).text([roman(DESCRIPTION)]);
    out.extend(body(&roff));
    top.render_options_section(&mut out)?;
    out.extend(body(Roff::new().control("SH", ["COMMANDS"])));
    for command in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
        out.extend(command_section(command)?);
    }
    out.extend(body(&trailer()));
    Ok(String::from_utf8_lossy(&out).into_owned())
}

const DESCRIPTION: &str = "confspec renders oslo.config sample files, their machine-readable data and reference \
     docs from declarative YAML specs, byte for byte as oslo-config-generator does, and checks, edits and \
     upgrades operators' config files against them. Each command below prints its own part of this \
     page with --help.";

/// Roff text without the preamble each render starts with (the page has it once, first).
fn body(roff: &Roff) -> Vec<u8> {
    strip_preamble(roff.render().into_bytes())
}

fn strip_preamble(text: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&text);
    text.lines()
        .filter(|l| !l.starts_with(".ie \\n(.g") && !l.starts_with(".el .ds Aq"))
        .flat_map(|l| [l, "\n"])
        .collect::<String>()
        .into_bytes()
}

/// A section's lines after its `.SH` heading: clap_mangen's sections, placed under a command's
/// own heading.
fn section_body(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> std::io::Result<Vec<u8>> {
    let mut text = Vec::new();
    render(&mut text)?;
    let text = String::from_utf8_lossy(&strip_preamble(text)).into_owned();
    let rest = text.split_once('\n').filter(|(first, _)| first.starts_with(".SH")).map_or(text.as_str(), |(_, r)| r);
    Ok(rest.as_bytes().to_vec())
}

/// One command: `.SS confspec NAME`, its synopsis, description, options and examples.
fn command_section(command: &Command) -> std::io::Result<Vec<u8>> {
    let name = command.get_bin_name().unwrap_or_else(|| command.get_name());
    let man = Man::new(command.clone());
    let mut out = body(Roff::new().control("SS", [name]));
    out.extend(section_body(|w| man.render_synopsis_section(w))?);
    out.extend(body(Roff::new().control("PP", [])));
    out.extend(section_body(|w| man.render_description_section(w))?);
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        out.extend(section_body(|w| man.render_options_section(w))?);
    }
    if let Some(after) = command.get_after_long_help().or_else(|| command.get_after_help()) {
        let after = after.to_string();
        let mut roff = Roff::new();
        roff.control("PP", []);
        let mut lines = after.lines();
        if let Some(first) = lines.next() {
            roff.text([italic(first)]);
        }
        // The examples as they are typed: one per line, not filled into a paragraph.
        roff.control("RS", ["4"]).control("nf", []);
        for line in lines {
            roff.text([roman(line.strip_prefix("  ").unwrap_or(line))]);
        }
        roff.control("fi", []).control("RE", []);
        out.extend(body(&roff));
    }
    Ok(out)
}

/// EXIT STATUS, ENVIRONMENT, FILES and SEE ALSO.
fn trailer() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        ("0", "Done: output written; validate found no error (warnings only, without --fatal-warnings)."),
        (
            "1",
            "Findings: validate found errors (or warnings, with --fatal-warnings), a file is stale under --check, \
             upgrade left a conflict for the operator, or generate --fatal-warnings wrote a starter config \
             with a warning or a required option unset.",
        ),
        (
            "2",
            "Bad usage or bad input: the run did nothing. Each problem is printed on stderr as \
             path:line:column: error: message.",
        ),
        (
            "128+n",
            "Ended by signal n during a write: the temporaries (and any folder the run was making) are removed, \
             the target is as it was.",
        ),
    ] {
        roff.control("TP", []).text([bold(code)]).text([roman(meaning)]);
    }

    roff.control("SH", ["ENVIRONMENT"]);
    roff.text([roman(
        "What confspec writes does not depend on the environment: not on the locale, the time zone, the home \
         or temporary folder (temporary files are made beside the file written). Only --help and usage \
         errors read these:",
    )]);
    for (name, meaning) in [
        ("NO_COLOR", "When set and not empty, --help and usage errors are not coloured."),
        (
            "CLICOLOR_FORCE",
            "When set and not empty (and NO_COLOR is not), they are coloured even when not on a terminal.",
        ),
        ("CLICOLOR", "0 turns colour off; otherwise they are coloured on a terminal whose TERM is not dumb."),
        ("COLUMNS", "The width --help is wrapped to when the terminal's width cannot be read."),
    ] {
        roff.control("TP", []).text([bold(name)]).text([roman(meaning)]);
    }

    roff.control("SH", ["FILES"]);
    roff.control("TP", []).text([italic("DIR"), roman("/"), italic("namespace"), roman(".yaml")]).text([roman(
        "The spec of a namespace named by --namespace or by a generator config file (--config-file), in the \
         folder --spec-dir names (default specs). confspec import writes these.",
    )]);
    let sets: Vec<&str> = confspec::spec::load::EMBEDDED_SETS.iter().map(|(name, _)| *name).collect();
    roff.control("TP", []).text([roman("sets/"), italic("name"), roman(".yaml")]).text([roman(format!(
        "An option set a spec includes (include: name), looked for in the sets folder beside the spec, then \
         among the sets compiled into the binary: {}.",
        sets.join(", ")
    ))]);
    roff.control("TP", []).text([roman(confspec::spec::load::DEFAULT_SPEC_NAME)]).text([roman(
        "The glance spec compiled into the binary: what generate, deprecations, validate, upgrade and edit \
         use when given no spec.",
    )]);
    let templates: Vec<&str> = confspec::render::engine::TEMPLATES.iter().map(|(file, _)| *file).collect();
    roff.control("TP", []).text([roman("templates")]).text([roman(format!(
        "The templates compiled into the binary: {}. A file of the same name in the folder --templates names \
         replaces one; confspec templates --dump writes them all.",
        templates.join(", ")
    ))]);
    roff.control("TP", []).text([roman("output files")]).text([roman(
        "-o F replaces F in one step: the new contents are written to a temporary file in F's folder (unnamed \
         where the filesystem allows it, .confspec-*.tmp otherwise) and take F's name when whole; F keeps its \
         owner, group, mode and extended attributes, a new file gets the umask's mode. A symlink is followed; a \
         character device, FIFO or socket is written through; - is stdout. import --output-dir and templates \
         --dump write every file of the folder or none. Missing folders are made (with the umask's mode) and are \
         gone again when the run fails.",
    )]);
    roff.control("TP", []).text([roman("/proc/sys/fs/protected_symlinks, protected_regular, protected_fifos")]).text([
        roman(
            "Read, on Linux, to refuse in a sticky folder what the kernel refuses a shell's redirect (another \
             user's link, file or FIFO).",
        ),
    ]);

    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(
        "oslo-config-generator and oslo-config-validator (oslo.config), whose outputs and checks confspec \
         reproduces. In confspec's source: docs/cli.md (every command), docs/spec-format.md (the specs), \
         docs/templates.md, docs/sphinx.md (the Sphinx extension) and docs/reliability.md (what a run \
         promises).",
    )]);
    roff
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The page as roff source; its text as man shows it, roughly: escapes undone.
    fn page_text() -> String {
        let roff = page(super::super::Cli::command()).unwrap();
        roff.replace("\\-", "-").replace("\\fB", "").replace("\\fI", "").replace("\\fR", "").replace("\\*(Aq", "'")
    }

    #[test]
    fn every_command_and_each_of_its_long_flags_is_on_the_page() {
        let text = page_text();
        let mut cli = super::super::Cli::command();
        cli.build();
        let mut commands = 0;
        for command in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
            commands += 1;
            let heading = format!(".SS \"confspec {}\"", command.get_name());
            assert!(text.contains(&heading), "no {heading}");
            let section = text.split(&heading).nth(1).unwrap();
            let section = section.split("\n.SS ").next().unwrap().split("\n.SH ").next().unwrap();
            for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
                if let Some(long) = arg.get_long() {
                    assert!(section.contains(&format!("--{long}")), "confspec {}: no --{long}", command.get_name());
                }
                if let Some(help) = arg.get_help() {
                    let first = help.to_string();
                    let first = first.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
                    assert!(
                        section.contains(&first),
                        "confspec {} {}: no help {first:?}",
                        command.get_name(),
                        arg.get_id()
                    );
                }
            }
            if let Some(examples) = command.get_after_help() {
                for line in examples.to_string().lines().skip(1) {
                    assert!(section.contains(line.trim()), "confspec {}: no example {line:?}", command.get_name());
                }
            }
        }
        assert!(commands >= 9, "{commands} commands");
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "COMMANDS",
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "SEE ALSO",
        ] {
            let heading = if section.contains(' ') { format!("\"{section}\"") } else { section.to_owned() };
            assert!(text.contains(&format!("\n.SH {heading}\n")), "no {section} section");
        }
        assert!(!text.contains("confspec-generate(1)"), "no page of its own per command");
    }

    #[test]
    fn the_page_names_what_the_binary_embeds() {
        let text = page_text();
        for (file, _) in confspec::render::engine::TEMPLATES {
            assert!(text.contains(file), "{file}");
        }
        for (set, _) in confspec::spec::load::EMBEDDED_SETS {
            assert!(text.contains(set), "{set}");
        }
    }
}
