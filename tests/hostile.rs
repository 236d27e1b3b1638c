//! The hostile inputs (docs/reliability.md, "Hostile inputs"): specs, help texts, templates,
//! config files and command lines made to crash, stall or bloat confspec, or to make it show
//! a secret. Each must end with its expected exit code (0, 1 or 2) and message, never a panic
//! or an abort, with no secret in any output; `cargo test` checks that at the catalog's own
//! size. The ignored test at the end runs the catalog at four times that size against the
//! release binary (`.ci/run`) and holds every run to the budget: under a second of CPU time and
//! a peak resident size under ten times the input's size plus 50 MiB.

use crate::common::BIN;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// What makes a file's bytes when a run starts.
pub type Maker = Box<dyn Fn() -> Vec<u8>>;

/// One hostile run: the files it reads, its arguments, and what it must do.
pub struct Hostile {
    pub name: &'static str,
    /// Files written into the run's folder before it starts: (path relative to it, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Symlinks made in the run's folder before it starts: (path relative to it, target).
    pub links: Vec<(String, String)>,
    /// The arguments; `{dir}` in any of them stands for the run's folder.
    pub args: Vec<String>,
    /// The exit codes the run may end with.
    pub exit: &'static [i32],
    /// A part of stdout or stderr that must be there ("" for none).
    pub expect: &'static str,
    /// Texts that must appear in neither stdout nor stderr (secrets).
    pub never: Vec<String>,
    /// Files made only when the run starts (path, maker): see `made`.
    pub made: Vec<(String, Maker)>,
}

impl Hostile {
    pub fn new(name: &'static str, args: &[&str]) -> Hostile {
        Hostile {
            name,
            files: Vec::new(),
            links: Vec::new(),
            args: args.iter().map(|a| a.to_string()).collect(),
            exit: &[2],
            expect: "",
            never: Vec::new(),
            made: Vec::new(),
        }
    }

    /// A file that `make` makes when the run starts, for inputs too large to hold for every
    /// case of the catalog at once.
    pub fn made(mut self, path: &str, make: impl Fn() -> Vec<u8> + 'static) -> Hostile {
        self.made.push((path.to_owned(), Box::new(make)));
        self
    }

    pub fn file(mut self, path: &str, bytes: impl Into<Vec<u8>>) -> Hostile {
        self.files.push((path.to_owned(), bytes.into()));
        self
    }

    pub fn link(mut self, path: &str, target: &str) -> Hostile {
        self.links.push((path.to_owned(), target.to_owned()));
        self
    }

    pub fn exit(mut self, codes: &'static [i32]) -> Hostile {
        self.exit = codes;
        self
    }

    pub fn expect(mut self, text: &'static str) -> Hostile {
        self.expect = text;
        self
    }

    pub fn never(mut self, text: &str) -> Hostile {
        self.never.push(text.to_owned());
        self
    }

    fn input_size(&self) -> u64 {
        self.files.iter().map(|(_, b)| b.len() as u64).sum::<u64>()
            + self.args.iter().map(|a| a.len() as u64).sum::<u64>()
    }
}

/// A spec of one option in `[DEFAULT]` whose help is `help` (as a YAML double-quoted string) and
/// whose other keys are `extra` (indented lines of the option's mapping).
pub fn spec_with_help(help: &str, extra: &str) -> Vec<u8> {
    format!(
        "namespace: hostile\ngroups:\n  - name: DEFAULT\n    options:\n      - name: x\n        help: {}\n{extra}",
        serde_json::to_string(help).unwrap()
    )
    .into_bytes()
}

/// A spec of `groups` groups of `options` string options each, every help `help`.
pub fn spec_of_helped_groups(groups: usize, options: usize, help: &str) -> Vec<u8> {
    let mut spec = String::from("namespace: hostile\ngroups:\n");
    for g in 0..groups {
        spec.push_str(&format!("  - name: g{g}\n    options:\n"));
        for o in 0..options {
            spec.push_str(&format!("      - name: o{o}\n        help: {}\n", serde_json::to_string(help).unwrap()));
        }
    }
    spec.into_bytes()
}

/// A spec of one string option whose `regex` is `regex`.
fn regex_spec(regex: &str) -> Vec<u8> {
    format!(
        "namespace: hostile\ngroups:\n  - name: DEFAULT\n    options:\n      - name: x\n        type: string\n        regex: {}\n",
        serde_json::to_string(regex).unwrap()
    )
    .into_bytes()
}

/// `generate` of a spec of `10 * k` groups through the template override `file`.
fn template_case(name: &'static str, k: usize, format: &str, file: &str, template: String) -> Hostile {
    let format = Box::leak(format.to_owned().into_boxed_str());
    Hostile::new(name, &["generate", "{dir}/spec.yaml", "--format", format, "--templates", "{dir}/t"])
        .file("spec.yaml", spec_of_helped_groups(10 * k, 5, "Help."))
        .file(&format!("t/{file}"), template)
}

/// The catalog at size factor `k` (1 in `cargo test`, 4 for the release budgets): each input
/// that grows grows with `k`.
fn catalog(k: usize) -> Vec<Hostile> {
    vec![
        Hostile::new("a long help", &["generate", "{dir}/spec.yaml"])
            .file("spec.yaml", spec_with_help(&"word ".repeat(20_000 * k), ""))
            .exit(&[0])
            .expect("#x = <None>"),
        Hostile::new("a secret that is no integer", &["validate", "{dir}/spec.yaml", "--input-file", "{dir}/x.conf"])
            .file("spec.yaml", spec_with_help("A secret.", "        type: integer\n        secret: true\n"))
            .file("x.conf", "[DEFAULT]\nx = hunter2\n")
            .exit(&[1])
            .expect("x.conf:2")
            .never("hunter2"),
        show_of_many_files(k),
        // Help markup in Markdown and HTML (src/render/mdtext): any depth, linear time.
        page("nested bullets, markdown", "markdown", "* ".repeat(20_000 * k), "* * * * * *"),
        page("nested bullets, html", "html", "* ".repeat(20_000 * k), "<pre><code>* * * * * *"),
        page("nested bullets over a line, markdown", "markdown", "* ".repeat(3_000 * k) + "\nmore", "      more"),
        page("nested bullets over a line, html", "html", "* ".repeat(3_000 * k) + "\nmore", "* * *\nmore"),
        page("nested notes, markdown", "markdown", ".. note:: ".repeat(20_000 * k) + "x", "> > **Note:**"),
        page("nested notes, html", "html", ".. note:: ".repeat(20_000 * k) + "x", "<pre><code>.. note:: .. note::"),
        page("notes one after another, markdown", "markdown", ".. note:: a\n\n".repeat(5_000 * k), "> a\n>\n> a"),
        page("notes one after another, html", "html", ".. note:: a\n\n".repeat(5_000 * k), "<p>a</p>\n<p>a</p>"),
        page("a directive name of 20,000 ::, markdown", "markdown", directive_of_many_colons(k), "```text\n.. a::x::x"),
        page(
            "a directive name of 20,000 ::, html",
            "html",
            directive_of_many_colons(k),
            "<code class=\"language-text\">.. a::x::x",
        ),
        page("start-strings without ends, markdown", "markdown", unended_starts(k), "\\*a \\*a"),
        page("start-strings without ends, html", "html", unended_starts(k), "*a *a"),
        page("interpreted text without ends, markdown", "markdown", unended_interpreted(k), "\\`a &lt;\\`a"),
        page("interpreted text without ends, html", "html", unended_interpreted(k), "`a &lt;`a"),
        page("a help of 600,000 asterisks, python", "python", "*".repeat(600_000 * k), "'*******"),
        // Templates: numbers that size what a helper makes, and loops and partials that multiply
        // the work (src/render/budget.rs).
        template_case(
            "a template indent of 2^64-1 columns",
            k,
            "rst",
            "rst.hbs",
            "{{#indent 18446744073709551615}}\nx\n{{/indent}}\n".into(),
        )
        .expect("t/rst.hbs:1:1: error: rendering failed: `indent 18446744073709551615` would write over 2^64 bytes"),
        template_case(
            "a template indent of 4 billion columns",
            k,
            "ini",
            "ini.hbs",
            "{{#each groups}}\n{{#indent 4000000000}}\n{{name}}\n{{/indent}}\n{{/each}}\n".into(),
        )
        .expect("t/ini.hbs:2:1: error: rendering failed: `indent 4000000000` would write 4000000007 bytes"),
        template_case(
            "a template looping 40 deep over the groups",
            k,
            "ini",
            "ini.hbs",
            format!("{}{{{{name}}}}\n{}", "{{#each @root.groups}}".repeat(40), "{{/each}}".repeat(40)),
        )
        .expect("error: rendering failed: the templates do more work than this render allows"),
        template_case(
            "a template looping 40 deep with ../ back up",
            k,
            "ini",
            "ini.hbs",
            format!(
                "{}{}",
                (0..40).map(|i| format!("{{{{#each {}groups}}}}", "../".repeat(i))).collect::<String>(),
                "{{/each}}".repeat(40)
            ),
        )
        .expect("error: rendering failed: the templates do more work than this render allows"),
        template_case(
            "template partials 32 deep each calling the next more than once",
            k,
            "ini",
            "ini.hbs",
            (0..31)
                .map(|i| format!("{{{{#*inline \"p{i}\"}}}}{}{{{{/inline}}}}\n", format!("{{{{> p{}}}}}", i + 1).repeat(k + 1)))
                .chain(["{{#*inline \"p31\"}}{{/inline}}\n{{> p0}}\n".to_owned()])
                .collect(),
        )
        .expect("error: rendering failed: the templates do more work than this render allows"),
        Hostile::new(
            "a template partial given key=value on a long help, in a loop",
            &["generate", "{dir}/spec.yaml", "--templates", "{dir}/t"],
        )
        .file("spec.yaml", spec_of_helped_groups(2, 5, &"word ".repeat(10_000 * k)))
        .file(
            "t/ini.hbs",
            format!(
                "{{{{#*inline \"p\"}}}}{{{{/inline}}}}{{{{#each groups}}}}{{{{#each namespaces}}}}{{{{#each options}}}}{}{}",
                "{{> p help x=1}}".repeat(20),
                "{{/each}}{{/each}}{{/each}}"
            ),
        )
        .expect("error: rendering failed: the templates "),
        template_case(
            "a template comparing all its data in a loop",
            k,
            "ini",
            "ini.hbs",
            format!(
                "{{{{#each groups}}}}{{{{#each namespaces}}}}{{{{#each options}}}}{}{{{{/each}}}}{{{{/each}}}}{{{{/each}}}}",
                "{{#if (eq @root.groups @root.groups)}}{{/if}}".repeat(200)
            ),
        )
        .expect("error: rendering failed: the templates do more work than this render allows"),
        template_case(
            "a template writing 5 KB in 6 nested loops",
            k,
            "ini",
            "ini.hbs",
            format!("{}{}{}", "{{#each @root.groups}}".repeat(6), "x".repeat(5000), "{{/each}}".repeat(6)),
        )
        .expect("error: rendering failed: the templates make more than this render may hold"),
        template_case(
            "a template of 5,000 nested subexpressions",
            k,
            "ini",
            "ini.hbs",
            format!("x\n{{{{x {}groups{}}}}}", "(lookup ".repeat(5_000 * k), " 0)".repeat(5_000 * k)),
        )
        .expect("t/ini.hbs:2:2054: error: subexpressions nest more than 256 levels deep"),
        template_case(
            "a template of 200 nested blocks around 100 nested subexpressions",
            k,
            "ini",
            "ini.hbs",
            format!(
                "{}{{{{x {}groups{}}}}}{}",
                "{{#if true}}".repeat(200),
                "(lookup ".repeat(100),
                " 0)".repeat(100),
                "{{/if}}".repeat(200)
            ),
        )
        .expect("t/ini.hbs:1:2401: error: blocks and partials nest more than 256 levels deep"),
        // Spec regexes (src/oslo/pyregex.rs), read by generate and validate alike.
        Hostile::new("a regex of 30,000 nested groups", &["generate", "{dir}/spec.yaml"])
            .file("spec.yaml", regex_spec(&format!("{}{}", "(".repeat(30_000 * k), ")".repeat(30_000 * k))))
            .expect("spec.yaml:7:16: error: groups[0].options[0].regex: the regex does not compile: groups nest more"),
        Hostile::new(
            "a regex of 30,000 nested groups, in validate",
            &["validate", "{dir}/spec.yaml", "--input-file", "{dir}/x.conf"],
        )
        .file("spec.yaml", regex_spec(&format!("{}{}", "(".repeat(30_000 * k), ")".repeat(30_000 * k))))
        .file("x.conf", "[DEFAULT]\nx = a\n")
        .expect("groups nest more than 200 deep"),
        Hostile::new("a regex of 30,000 \\w", &["generate", "{dir}/spec.yaml"])
            .file("spec.yaml", regex_spec(&"\\w".repeat(30_000 * k)))
            .expect("too large to run"),
        Hostile::new("a regex of 60,000 letters under (?i)", &["generate", "{dir}/spec.yaml"])
            .file("spec.yaml", regex_spec(&format!("(?i){}", "k".repeat(60_000 * k))))
            .expect("too large to run (its translation passes 524288 bytes)"),
        Hostile::new("a regex too large to compile: (?:.{1000}){1000}", &["generate", "{dir}/spec.yaml"])
            .file("spec.yaml", regex_spec(&format!("(?:.{{{}}}){{1000}}", 1000 * k)))
            .expect("the regex does not compile: too large to run (Compiled regex exceeds size limit"),
        Hostile::new("a regex too large to compile: \\w{1000}, in validate", &["validate", "{dir}/spec.yaml", "--input-file", "{dir}/x.conf"])
            .file("spec.yaml", regex_spec(&format!("\\w{{{}}}", 1000 * k)))
            .file("x.conf", "[DEFAULT]\nx = a\n")
            .expect("the regex does not compile: too large to run (Compiled regex exceeds size limit"),
        // Help texts that `%` pads (src/render/rst.rs, check_formatted_helps).
        Hostile::new("a help of `%(default)999999s` 2,000 times, as rst", &["generate", "{dir}/spec.yaml", "--format", "rst"])
            .file("spec.yaml", spec_with_help(&"%(default)999999s".repeat(2_000 * k), ""))
            .expect("spec.yaml: error: option `x` of group `DEFAULT`: its help becomes"),
    ]
    .into_iter()
    .chain(endless_inputs())
    .chain(links_out_of_the_folder())
    .chain(secrets_and_messages(k))
    .chain(out_of_proportion(k))
    .chain(missing_folders(k))
    .chain(starter_configs(k))
    .chain(edits(k))
    .collect()
}

/// `generate --set/--values/--group` with many values (2,000 at k=4): every one checked (did-you-mean
/// under its budget, `$` references through a secret), all listed or all written. The files
/// are made when the case runs, so that the catalog stays small (see `run_catalog`).
fn starter_configs(k: usize) -> Vec<Hostile> {
    let n = 500 * k;
    let spec = move || {
        let mut spec = String::from("namespace: many\ngroups:\n  - name: DEFAULT\n    options:\n");
        spec.push_str("      - {name: password, secret: true}\n      - {name: extra, type: multi_string}\n");
        for i in 0..n {
            spec.push_str(&format!("      - {{name: opt_{i}, type: integer, min: 0}}\n"));
        }
        spec.push_str("  - name: keystone_authtoken\n    options:\n      - include: keystoneauth1-auth\n");
        spec.into_bytes()
    };
    let case = |name: &'static str, flag: &str, each: &dyn Fn(usize) -> String| {
        let mut args: Vec<String> = ["generate", "{dir}/spec.yaml", "-o", "{dir}/x.conf"].map(String::from).to_vec();
        args.extend((0..n).flat_map(|i| [flag.to_owned(), each(i)]));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Hostile::new(name, &args).made("spec.yaml", spec)
    };
    let values = move || {
        let mut yaml = String::from("DEFAULT:\n  extra:\n");
        yaml.extend((0..n).map(|i| format!("    - v{i}\n")));
        yaml.extend((0..n).map(|i| format!("  opt_{i}: {i}\n")));
        yaml.into_bytes()
    };
    vec![
        case("many --set values, written", "--set", &|i| format!("DEFAULT.opt_{i}={i}")).exit(&[0]),
        case("many --set values of one multi-valued option", "--set", &|i| format!("DEFAULT.extra=v{i}")).exit(&[0]),
        case("many --set values through a secret, each refused", "--set", &|i| match i {
            0 => "DEFAULT.password=hunter2".to_owned(),
            _ => format!("DEFAULT.opt_{i}=$password"),
        })
        .expect("--set #2: error: [DEFAULT]/opt_1: **** is not an integer")
        .never("hunter2"),
        case("many misspelt --set names", "--set", &|i| format!("DEFAULT.opt_{i}x=1"))
            .expect("is not an option of the specs; did you mean `opt_"),
        case("many unknown --group names", "--group", &|i| format!("keystone_authtokn{i}"))
            .expect("--group #1: error: [keystone_authtokn0] is not a group of the specs"),
        Hostile::new("a values file of many values", &["generate", "{dir}/spec.yaml", "--values", "{dir}/v.yaml"])
            .made("spec.yaml", spec)
            .made("v.yaml", values)
            .exit(&[0]),
    ]
}

/// `edit` of a config of a MiB (4 at k=4), and `--set` values of 120 KB (at k=4; an argument
/// holds at most 128 KiB), line breaks and control characters: written so that oslo reads
/// them back, or refused with the value escaped and capped; a secret only ever `****`.
fn edits(k: usize) -> Vec<Hostile> {
    let groups = 2000 * k;
    let spec = move || {
        let options = "    options:\n      - {name: o}\n      - {name: n, type: integer}\n      - {name: password, secret: true}\n";
        let groups: String = (0..groups).map(|i| format!("  - name: g{i}\n{options}")).collect();
        format!("namespace: n\ngroups:\n{groups}").into_bytes()
    };
    // Every group but the last has a section of ~500 bytes.
    let config = move || {
        let value = "v".repeat(480);
        (0..groups - 1).map(|i| format!("[g{i}]\no = {value}\n  {i}\n")).collect::<String>().into_bytes()
    };
    let (middle, last) = (format!("g{}.o=changed", groups / 2), format!("g{}.o=added", groups - 1));
    let middle_name = format!("g{}.o", groups / 2);
    let edit = |name: &'static str, changes: &[&str]| {
        let mut args = vec!["edit", "{dir}/spec.yaml", "--input-file", "{dir}/x.conf", "-o", "{dir}/new.conf"];
        args.extend(changes);
        Hostile::new(name, &args).made("spec.yaml", spec).made("x.conf", config)
    };
    let long = "v".repeat(30_000 * k);
    vec![
        edit("edit of a config of a MiB", &["--set", &middle, "--set", &last, "--set", "g0.password=hunter2"])
            .exit(&[0])
            .expect(": 1 set, 2 added, 0 unset")
            .never("hunter2"),
        edit("edit --unset in a config of a MiB", &["--unset", "g0.o", "--unset", &middle_name])
            .exit(&[0])
            .expect("x.conf:2: unset [g0]/o")
            .never("hunter2"),
        edit("edit of a huge --set value", &["--set", &format!("g0.o={long}")])
            .exit(&[0])
            .expect("x.conf:2: set [g0]/o"),
        edit("edit of a huge bad --set value", &["--set", &format!("g0.n=7{long}\u{1b}[2J")])
            .expect("more characters)")
            .never(&"v".repeat(201))
            .never("\u{1b}"),
        edit(
            "edit of a value with line breaks and a carriage return",
            &["--set", "g0.o=a\n[evil]\nb\r\u{1b}]0;x\u{7}"],
        )
        .expect(r"'a\n[evil]\nb\r\x1b]0;x\x07' cannot be written so that oslo reads it back")
        .never("\u{1b}")
        .never("\r"),
        Hostile::new(
            "edit of a value with line breaks, to stdout",
            &["edit", "{dir}/spec.yaml", "--input-file", "{dir}/x.conf", "-o", "-", "--set", "g0.o=a\n[evil]\nn = 1"],
        )
        .file("spec.yaml", spec_of_groups("g", 1, "o", ""))
        .file("x.conf", "[g0]\no = x\n")
        .exit(&[0])
        .expect("[g0]\no = a\n    [evil]\n    n = 1\n"),
        Hostile::new(
            "edit --diff of secrets",
            &["edit", "{dir}/spec.yaml", "--input-file", "{dir}/x.conf", "--diff", "--set", "g0.password=hunter3"],
        )
        .made("spec.yaml", spec)
        .made("x.conf", move || {
            format!("[g0]\npassword = hunter2\n  hunter2\n{}", "# c\n".repeat(10_000 * k)).into_bytes()
        })
        .exit(&[0])
        .expect("+password = ****")
        .never("hunter2")
        .never("hunter3"),
    ]
}

/// `-o` into hundreds of missing folders (each made inside a temporary, by its whole path),
/// and through a file hundreds of folders up: made, or refused naming the file.
fn missing_folders(k: usize) -> Vec<Hostile> {
    // Under PATH_MAX (4096 bytes) at k=4, with the temporary folder's name in it.
    let deep = "a/".repeat(350 * k);
    let (made, through) = (format!("{{dir}}/{deep}x.conf"), format!("{{dir}}/f/{deep}x.conf"));
    vec![
        Hostile::new("-o into hundreds of missing folders", &["generate", "-o", &made]).exit(&[0]),
        Hostile::new("-o through a file hundreds of folders up", &["generate", "-o", &through])
            .file("f", "kept\n")
            .expect("is a file, not a folder"),
    ]
}

/// A folder written whole holding a symlink where a file goes, out of it or dangling: refused
/// naming the link, nothing written through it (`tests/cli_generate.rs`
/// `templates_dump_never_writes_through_a_link_out_of_the_folder` checks the files).
fn links_out_of_the_folder() -> Vec<Hostile> {
    vec![
        Hostile::new("templates --dump into a folder linking out", &["templates", "--dump", "{dir}/templates"])
            .file("outside.txt", "mine\n")
            .link("templates/ini.hbs", "../outside.txt")
            .expect("templates/ini.hbs: error: is a symlink (to `../outside.txt`)"),
        Hostile::new("import into a folder with a dangling link", &["import", "{dir}/data.yaml", "--output-dir", "{dir}/specs"])
            .file("data.yaml", "generator_options: {namespace: [x]}\noptions:\n  DEFAULT:\n    driver_option: ''\n    dynamic_group_owner: ''\n    help: ''\n    opts: []\n    standard_opts: []\n")
            .link("specs/x.yaml", "/tmp/confspec-created-through-a-link.yaml")
            .expect("specs/x.yaml: error: is a symlink (to `/tmp/confspec-created-through-a-link.yaml`)"),
    ]
}

/// Every kind of input given a device that never ends: each is refused before it is read,
/// naming the file (a pipe that never ends is `tests/cli_operator.rs`
/// `an_input_that_never_ends_is_refused_and_one_that_ends_is_read`).
fn endless_inputs() -> Vec<Hostile> {
    const ENDLESS: &str = "/dev/zero: error: is a character device that never ends";
    const RANDOM: &str = "/dev/urandom: error: is a character device that never ends";
    let spec = spec_with_help("A value.", "");
    vec![
        Hostile::new("/dev/zero as a spec", &["generate", "/dev/zero"]).expect(ENDLESS),
        Hostile::new("/dev/zero as a config", &["validate", "--input-file", "/dev/zero"]).expect(ENDLESS),
        Hostile::new(
            "/dev/urandom as a config to upgrade",
            &["upgrade", "--input-file", "/dev/urandom", "-o", "{dir}/x.conf"],
        )
        .expect(RANDOM),
        Hostile::new("/dev/zero as oslo data", &["import", "/dev/zero", "--output-dir", "{dir}/specs"]).expect(ENDLESS),
        Hostile::new(
            "/dev/zero as --opt-data",
            &["validate", "--opt-data", "/dev/zero", "--input-file", "{dir}/x.conf"],
        )
        .file("x.conf", "[DEFAULT]\n")
        .expect(ENDLESS),
        Hostile::new(
            "/dev/zero as an import sample",
            &["import", "{dir}/data.yaml", "--sample", "/dev/zero", "--output-dir", "{dir}/specs"],
        )
        .file("data.yaml", "generator_options: {}\noptions: {}\n")
        .expect(ENDLESS),
        Hostile::new("/dev/zero as a generator config", &["generate", "--config-file", "/dev/zero"]).expect(ENDLESS),
        Hostile::new("/dev/zero as a template", &["generate", "{dir}/spec.yaml", "--templates", "{dir}/templates"])
            .file("spec.yaml", spec.clone())
            .link("templates/ini.hbs", "/dev/zero")
            .expect("templates/ini.hbs: error: is a character device that never ends"),
        Hostile::new("/dev/zero as a --check target", &["generate", "{dir}/spec.yaml", "-o", "/dev/zero", "--check"])
            .file("spec.yaml", spec.clone())
            .expect(ENDLESS),
        Hostile::new("/dev/zero as a diff side", &["diff", "{dir}/spec.yaml", "/dev/zero"])
            .file("spec.yaml", spec)
            .expect(ENDLESS),
    ]
}

/// Secrets shown through references and diffs, values quoted whole, arguments echoed raw,
/// brackets in scalars taken for nesting.
fn secrets_and_messages(k: usize) -> Vec<Hostile> {
    let validate = ["validate", "{dir}/spec.yaml", "--input-file", "{dir}/x.conf", "--check-defaults"];
    let secret_spec = "namespace: s\ngroups:\n  - name: DEFAULT\n    options:\n\
        \x20     - {name: password, secret: true, deprecated_name: old_password}\n\
        \x20     - {name: port_num, type: port, deprecated_name: old_port}\n\
        \x20     - {name: x, type: integer}\n      - {name: url, type: uri}\n\
        \x20     - {name: mode, choices: [a, b]}\n      - {name: host, type: hostname}\n\
        \x20 - name: keystone_authtoken\n    options:\n      - include: keystoneauth1-auth\n";
    // A chain of references to a secret, a URL holding one, a `$` in a secret: each finding
    // of every kind, many times over.
    let chained = format!(
        "[DEFAULT]\npassword = hunter2\n{}[keystone_authtoken]\npassword = pa$hunter3\nauth_url = $password\n",
        "port_num = $password\nx = $port_num\nurl = mysql://u:$password@h:99999999\nmode = $password\nhost = $url\n"
            .repeat(1000 * k)
    );
    let mut cases = Vec::new();
    for format in ["text", "json"] {
        let mut args = validate.to_vec();
        args.extend(["--format", format]);
        cases.push(
            Hostile::new("a secret through a chain of references", &args)
                .file("spec.yaml", secret_spec)
                .file("x.conf", chained.clone())
                .exit(&[1])
                .expect("****")
                .never("hunter2")
                .never("hunter3"),
        );
    }
    // Secret values, under old names, on continuation lines and in a plugin's section, in
    // the lines an upgrade's diff shows.
    let upgrade = format!(
        "[keystone_authtoken]\nauth_type = token\npassword = hunter2\n[DEFAULT]\nold_port = 1\n\
         old_password = hunter2\n  hunter2\n{}",
        "# a comment\n".repeat(10_000 * k)
    );
    cases.push(
        Hostile::new(
            "secrets in upgrade --diff",
            &["upgrade", "{dir}/spec.yaml", "--input-file", "{dir}/x.conf", "--diff"],
        )
        .file("spec.yaml", secret_spec)
        .file("x.conf", upgrade)
        .exit(&[0])
        .expect("+password = ****")
        .never("hunter2"),
    );
    // 250 KB values, keys, sections and references in every kind of finding.
    let long = "v".repeat(250_000 * k);
    let capped_spec = "namespace: c\ngroups:\n  - name: DEFAULT\n    options:\n\
        \x20     - {name: u, type: uri}\n      - {name: h, type: hostname}\n      - {name: ip, type: ip_address}\n\
        \x20     - {name: n, type: integer, choices: [1, 2]}\n      - {name: r, type: range}\n\
        \x20     - {name: d, type: dict}\n      - {name: m, max_length: 3}\n      - {name: q, quotes: true}\n\
        \x20     - {name: b, type: boolean}\n      - {name: s, choices: [a, b]}\n\
        \x20     - {name: hosts, type: list, item_type: hostname}\n      - {name: ref}\n      - {name: via}\n\
        \x20     - {name: old, deprecated_name: old_name}\n      - {name: gone, deprecated_for_removal: true}\n\
        \x20 - name: ks\n    options:\n      - include: keystoneauth1-auth\n";
    let capped_conf = format!(
        "[DEFAULT]\nu = {long}\nh = {long}\nip = {long}\nn = 7{long}\nr = {long}\nd = a:1,{long}:2,{long}:3\n\
         m = {long}\nq = \"{long}\nb = {long}\ns = {long}\nhosts = a.b,{long}\nold_name = {long}\ngone = {long}\n\
         {long} = 1\nref = ${{{long}.q}}\nvia = $u\n[{long}]\nk = 1\n[ks]\nauth_type = {long}\nauth_section = x{long}\n"
    );
    for format in ["text", "json"] {
        let mut args = validate.to_vec();
        args.extend(["--format", format]);
        cases.push(
            Hostile::new("250 KB pieces in every finding", &args)
                .file("spec.yaml", capped_spec)
                .file("x.conf", capped_conf.clone())
                .exit(&[1])
                .expect("more characters)")
                .never(&"v".repeat(201)),
        );
    }
    // Arguments that clap echoes: a terminal title (OSC), a carriage return, a bidi override.
    for (name, arg, shown) in [
        ("an OSC sequence in an argument", "\u{1b}]0;x\u{7}", r"\u{1b}]0;x\u{7}"),
        ("a carriage return in an argument", "a\rb", r"a\rb"),
        ("a bidi override in an argument", "a\u{202e}b", r"a\u{202e}b"),
    ] {
        let arg = arg.repeat(k);
        cases.push(
            Hostile::new(name, &["generate", "--format", &arg])
                .expect(shown)
                .never("\u{1b}")
                .never("\r")
                .never("\u{202e}"),
        );
    }
    // Brackets inside a quoted help text are text; brackets that open collections, with
    // closing brackets hidden in strings, are nesting.
    cases.push(
        Hostile::new("brackets in a quoted help text", &["generate", "{dir}/spec.yaml"])
            .file("spec.yaml", spec_with_help(&"[{".repeat(5_000 * k), ""))
            .exit(&[0])
            .expect("#x = <None>"),
    );
    cases.push(
        Hostile::new("flow nesting with its closing brackets in strings", &["generate", "{dir}/spec.yaml"])
            .file("spec.yaml", format!("namespace: n\ngroups: {}", "[\"]\", ".repeat(50_000 * k)))
            .expect("spec.yaml:2: error: the YAML nests deeper than 1000 levels"),
    );
    cases
}

/// A spec of one group `g` holding `n` string options `{prefix}{i}`.
fn spec_of_options(prefix: &str, n: usize) -> String {
    let mut spec = String::from("namespace: n\ngroups:\n  - name: g\n    options:\n");
    for i in 0..n {
        spec.push_str(&format!("      - name: {prefix}{i}\n"));
    }
    spec
}

/// A spec of `n` groups `{prefix}{i}`, each with the option `option` (more lines of its mapping
/// in `extra`, `{i}` standing for the group's number).
fn spec_of_groups(prefix: &str, n: usize, option: &str, extra: &str) -> String {
    let mut spec = String::from("namespace: n\ngroups:\n");
    for i in 0..n {
        let extra = extra.replace("{i}", &i.to_string());
        spec.push_str(&format!("  - name: {prefix}{i}\n    options:\n      - name: {option}\n{extra}"));
    }
    spec
}

/// oslo-config-generator's data (JSON) of `n` options of one group each: option `i` named
/// `option(i)`, in group `group(i)` and namespace `namespace(i)`. Written as text: building
/// it as a JSON value would raise this process's peak memory, which a child it starts
/// inherits in its measured peak (Linux keeps the larger across `exec`).
fn oslo_data(
    n: usize,
    group: impl Fn(usize) -> String,
    option: impl Fn(usize) -> String,
    namespace: impl Fn(usize) -> String,
) -> Vec<u8> {
    let mut by_group: std::collections::BTreeMap<String, Vec<usize>> = std::collections::BTreeMap::new();
    let mut namespaces = std::collections::BTreeSet::new();
    for i in 0..n {
        by_group.entry(group(i)).or_default().push(i);
        namespaces.insert(namespace(i));
    }
    let quoted = |s: &str| serde_json::to_string(s).unwrap();
    let groups: Vec<String> = by_group
        .iter()
        .map(|(name, members)| {
            let opts: Vec<String> = members
                .iter()
                .map(|&i| {
                    let (option, namespace) = (quoted(&option(i)), quoted(&namespace(i)));
                    format!(
                        r#"{{"advanced": false, "choices": [], "default": null, "deprecated_for_removal": false, "deprecated_opts": [], "deprecated_reason": null, "deprecated_since": null, "dest": {option}, "help": "", "max": null, "metavar": null, "min": null, "mutable": false, "name": {option}, "namespace": {namespace}, "positional": false, "required": false, "sample_default": null, "secret": false, "short": null, "type": "string value"}}"#
                    )
                })
                .collect();
            let standard: Vec<String> = members.iter().map(|&i| quoted(&option(i))).collect();
            format!(
                r#"{}: {{"driver_option": "", "driver_opts": {{}}, "dynamic_group_owner": "", "help": "", "opts": [{}], "standard_opts": [{}]}}"#,
                quoted(name),
                opts.join(", "),
                standard.join(", ")
            )
        })
        .collect();
    let namespaces: Vec<String> = namespaces.iter().map(|n| quoted(n)).collect();
    format!(
        r#"{{"deprecated_options": {{}}, "generator_options": {{"namespace": [{}]}}, "options": {{{}}}}}"#,
        namespaces.join(", "),
        groups.join(", ")
    )
    .into_bytes()
}

/// Inputs whose cost was once out of proportion to their size (issue 26, "Time and memory"):
/// each took seconds to minutes, or gigabytes, before.
fn out_of_proportion(k: usize) -> Vec<Hostile> {
    let validate = ["validate", "{dir}/spec.yaml", "--input-file", "{dir}/x.conf"];
    let mut cases = Vec::new();

    // 31 option sets, each including the one before 1 + k times: 2**30 options and more.
    let mut doubling =
        Hostile::new("option sets that each include the previous several times", &["generate", "{dir}/spec.yaml"])
            .file("spec.yaml", "namespace: n\ngroups:\n  - name: DEFAULT\n    options:\n      - include: s30\n")
            .file("sets/s0.yaml", "set: s0\noptions:\n  - name: o\n")
            .expect("option set `s0` is included twice in this group");
    for i in 1..=30 {
        let includes = format!("  - include: s{}\n", i - 1).repeat(1 + k);
        doubling = doubling.file(&format!("sets/s{i}.yaml"), format!("set: s{i}\noptions:\n{includes}"));
    }
    cases.push(doubling);

    // A set of 2,000 options included by 100 * k groups.
    cases.push(
        Hostile::new("an option set of 2,000 options included by a hundred groups", &["generate", "{dir}/spec.yaml"])
            .made("spec.yaml", move || {
                let groups: String =
                    (0..100 * k).map(|i| format!("  - name: g{i}\n    options:\n      - include: big\n")).collect();
                format!("namespace: n\ngroups:\n{groups}").into_bytes()
            })
            .made("sets/big.yaml", || {
                let options: String = (0..2000).map(|i| format!("  - name: option_{i}\n")).collect();
                format!("set: big\noptions:\n{options}").into_bytes()
            })
            .expect("(the repetition budget"),
    );

    // Each value a reference repeated 100 * k times to the one before: 100**5 bytes and more.
    cases.push(
        Hostile::new("references that each repeat the previous value a hundred times", &validate)
            .file("spec.yaml", spec_of_options("o", 6))
            .made("x.conf", move || {
                let values: String =
                    (1..6).map(|i| format!("o{i} = {}\n", format!("$o{}", i - 1).repeat(100 * k))).collect();
                format!("[g]\no0 = x\n{values}").into_bytes()
            })
            .exit(&[1])
            .expect("the references expand the value past 1 MiB"),
    );

    // A value of a MiB (a KiB, referenced 1,023 times), taken by 200 * k options.
    cases.push(
        Hostile::new("a value of a MiB taken by hundreds of references", &validate)
            .made("spec.yaml", move || spec_of_options("o", 200 * k).into_bytes())
            .made("x.conf", move || {
                let takers: String = (2..200 * k).map(|i| format!("o{i} = $o1\n")).collect();
                format!("[g]\no0 = {}\no1 = {}\n{takers}", "x".repeat(1024), "$o0".repeat(1023)).into_bytes()
            })
            .exit(&[1])
            .expect("have expanded to 16 MiB already"),
    );

    // One namespace of 300 options named 300 * k times; oslo loads it once.
    cases.push(
        Hostile::new(
            "a namespace named hundreds of times in a generator config",
            &["generate", "--config-file", "{dir}/gen.conf", "--spec-dir", "{dir}"],
        )
        .file("gen.conf", format!("[DEFAULT]\n{}", "namespace = big\n".repeat(300 * k)))
        .made("big.yaml", || {
            let options: String = (0..300)
                .map(|i| format!("      - name: option_{i}\n        help: The option number {i}, for what {i} does.\n"))
                .collect();
            format!("namespace: big\ngroups:\n  - name: DEFAULT\n    options:\n{options}").into_bytes()
        })
        .exit(&[0])
        .expect("#option_299 = <None>"),
    );

    // Index builds over many groups: each lookup once scanned every group.
    cases.push(
        Hostile::new(
            "upgrade of thousands of options that move to another group",
            &["upgrade", "{dir}/spec.yaml", "--input-file", "{dir}/x.conf", "-o", "{dir}/new.conf"],
        )
        .made("spec.yaml", move || {
            spec_of_groups("g", 4000 * k, "o", "        deprecated_group: old{i}\n").into_bytes()
        })
        .made("x.conf", move || {
            (0..4000 * k).map(|i| format!("[g{i}]\nx = 1\n[old{i}]\no = v\n")).collect::<String>().into_bytes()
        })
        .exit(&[0])
        .expect("deprecated names upgraded, 0 conflicts"),
    );
    let groups = 4000 * k;
    cases.push(
        Hostile::new("validate of thousands of groups", &validate)
            .made("spec.yaml", move || spec_of_groups("g", groups, "o", "").into_bytes())
            .made("x.conf", move || (0..groups).map(|i| format!("[g{i}]\no = v\n")).collect::<String>().into_bytes())
            .exit(&[0])
            .expect("0 errors, 0 warnings"),
    );
    cases.push(
        Hostile::new("diff of thousands of groups", &["diff", "{dir}/old.yaml", "{dir}/new.yaml"])
            .made("old.yaml", move || spec_of_groups("g", 3000 * k, "o", "        deprecated_name: x\n").into_bytes())
            .made("new.yaml", move || spec_of_groups("g", 3000 * k, "p", "        deprecated_name: o\n").into_bytes())
            .exit(&[0])
            .expect("`[g0]/o` -> `[g0]/p`"),
    );
    cases.push(
        Hostile::new("import of thousands of groups", &["import", "{dir}/data.json", "--output-dir", "{dir}/out"])
            .made("data.json", move || oslo_data(2500 * k, |i| format!("g{i}"), |_| "o".into(), |_| "n".into()))
            .exit(&[0])
            .expect("namespace n, "),
    );
    cases.push(
        Hostile::new(
            "oslo data of thousands of namespaces",
            &["validate", "--opt-data", "{dir}/data.json", "--input-file", "{dir}/x.conf"],
        )
        .made("data.json", move || oslo_data(2000 * k, |_| "DEFAULT".into(), |i| format!("o{i}"), |i| format!("ns{i}")))
        .file("x.conf", "[DEFAULT]\no1 = x\n")
        .exit(&[0])
        .expect("0 errors, 0 warnings"),
    );

    // "Did you mean" for every unknown name: each compared with every known one.
    cases.push(
        Hostile::new("thousands of misspelt keys in a group of 500 options", &validate)
            .file("spec.yaml", spec_of_options("option_number_", 500))
            .made("x.conf", move || {
                let keys: String = (0..12_500 * k).map(|i| format!("option_numbr_{i}x = v\n")).collect();
                format!("[g]\n{keys}").into_bytes()
            })
            .exit(&[1])
            .expect("no \"did you mean\" from here on"),
    );
    cases.push(
        Hostile::new("thousands of misspelt sections against thousands of groups", &validate)
            .made("spec.yaml", move || spec_of_groups("group_number_", 1250 * k, "o", "").into_bytes())
            .made("x.conf", move || {
                (0..2500 * k).map(|i| format!("[group_numbr_{i}x]\no = v\n")).collect::<String>().into_bytes()
            })
            .exit(&[1])
            .expect("did you mean [group_number_"),
    );
    cases
}

/// `show` of 2,000 * k secret options set across a config dir of 100 * k files, each value
/// set twice (a later file overriding an earlier one) and taken by a reference: every value
/// `****`, none of them shown.
fn show_of_many_files(k: usize) -> Hostile {
    let groups = 2000 * k;
    let files = 100 * k;
    let mut case = Hostile::new(
        "show of secrets set across a hundred files",
        &["show", "{dir}/spec.yaml", "--config-dir", "{dir}/conf.d"],
    )
    .made("spec.yaml", move || {
        let options = "    options:\n      - {name: secret, secret: true}\n      - {name: via}\n";
        let groups: String = (0..groups).map(|i| format!("  - name: g{i}\n{options}")).collect();
        format!("namespace: n\ngroups:\n{groups}").into_bytes()
    })
    .exit(&[0])
    .expect("via = ****")
    .never("hunter2");
    for f in 0..files {
        let per = groups / files;
        case = case.made(&format!("conf.d/{f:05}.conf"), move || {
            let first = f * per;
            (first..first + per + per.min(groups - first - per))
                .map(|i| format!("[g{i}]\nsecret = hunter2-{f}\nvia = x$secret\n"))
                .collect::<String>()
                .into_bytes()
        });
    }
    case
}

/// `generate --format FORMAT` of a spec whose one help is `help`: exit 0, `expect` in the output.
fn page(name: &'static str, format: &str, help: String, expect: &'static str) -> Hostile {
    Hostile::new(name, &["generate", "{dir}/spec.yaml", "--format", format])
        .file("spec.yaml", spec_with_help(&help, ""))
        .exit(&[0])
        .expect(expect)
}

/// Inline start-strings whose end-string never comes: `*`, `**`, ``` `` ``` and `` _` ``.
fn unended_starts(k: usize) -> String {
    ["*a ", "**a ", "``a ", "_`a "].iter().map(|s| s.repeat(10_000 * k)).collect()
}

/// An unknown directive (shown as written) whose name holds 20,000 `::`.
fn directive_of_many_colons(k: usize) -> String {
    ".. a".to_owned() + &"::x".repeat(20_000 * k) + ":: b"
}

/// Interpreted text and roles whose end never comes.
fn unended_interpreted(k: usize) -> String {
    "`a <".repeat(20_000 * k) + &":r:`a ".repeat(20_000 * k)
}

/// What one run did: exit code (None when killed by a signal or the time limit), stdout,
/// stderr, CPU time and peak resident size in bytes.
pub struct Ran {
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub cpu: Duration,
    pub peak: u64,
}

/// Runs `bin` in `dir` with `args`, reaping it with wait4 for its CPU time and peak resident
/// size; killed after `limit` of wall time. Output goes to files, which never fill as a pipe
/// does.
pub fn measured_run(bin: &str, args: &[String], dir: &Path, limit: Duration) -> Ran {
    run_and_measure(bin, args, dir, limit, false)
}

/// `measured_run`, leaving the output files `.hostile.stdout` and `.hostile.stderr` in `dir`.
fn measured_run_keeping_output(bin: &str, args: &[String], dir: &Path, limit: Duration) -> Ran {
    run_and_measure(bin, args, dir, limit, true)
}

#[allow(clippy::zombie_processes)]
fn run_and_measure(bin: &str, args: &[String], dir: &Path, limit: Duration, keep_output: bool) -> Ran {
    let (out_path, err_path) = (dir.join(".hostile.stdout"), dir.join(".hostile.stderr"));
    let start = std::time::Instant::now();
    let mut command = Command::new(bin);
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap());
    // Linux counts in a child's peak resident size the memory it had before it executed the
    // binary: under posix_spawn (which std uses unless told otherwise) that is this process's
    // own peak, under fork its size at the fork. A pre_exec hook makes std fork, and the
    // caller keeps this process small at that moment.
    // SAFETY: the hook does nothing, so it is async-signal-safe.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut command, || Ok(()));
    }
    let mut child = command.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for the child it reaps.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own child, not yet reaped; status and usage are valid.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            // SAFETY: as above, now waiting for the killed child.
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    let ran = Ran {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        stdout: read(&out_path),
        stderr: read(&err_path),
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        peak: usage.ru_maxrss as u64 * 1024,
    };
    if !keep_output {
        let _ = std::fs::remove_file(out_path);
        let _ = std::fs::remove_file(err_path);
    }
    ran
}

/// `measured_run` from a fresh copy of this test binary (its ignored test
/// `measure_in_a_fresh_process`), which holds next to nothing when it forks: Linux counts in a
/// child's peak what its parent held at the fork, and this process, having made the catalog's
/// inputs, holds tens of MiB that its allocator keeps.
fn measured_apart(bin: &str, args: &[String], dir: &Path, limit: Duration) -> Ran {
    let mut spawner = Command::new(std::env::current_exe().unwrap());
    spawner
        .args(["--ignored", "--exact", "hostile::measure_in_a_fresh_process", "--nocapture", "--test-threads=1"])
        .env("HOSTILE_BIN", bin)
        .env("HOSTILE_DIR", dir)
        .env("HOSTILE_LIMIT_MS", limit.as_millis().to_string())
        .env("HOSTILE_ARGS", args.len().to_string());
    for (i, arg) in args.iter().enumerate() {
        spawner.env(format!("HOSTILE_ARG_{i}"), arg);
    }
    let report = spawner.output().unwrap();
    let stdout = String::from_utf8_lossy(&report.stdout);
    let line = stdout.lines().find_map(|l| l.split_once("measured: ").map(|(_, m)| m)).unwrap_or_else(|| {
        panic!("no measure from the fresh process:\n{stdout}\n{}", String::from_utf8_lossy(&report.stderr))
    });
    let [code, signal, cpu, peak, held]: [i64; 5] =
        line.split(' ').map(|n| n.parse().unwrap()).collect::<Vec<_>>().try_into().unwrap();
    assert!(held < 30 << 20, "the fresh process held {} MiB at the fork, which the child's peak counts", held >> 20);
    let read = |p: &str| String::from_utf8_lossy(&std::fs::read(dir.join(p)).unwrap_or_default()).into_owned();
    let ran = Ran {
        code: (code >= 0).then_some(code as i32),
        signal: (signal >= 0).then_some(signal as i32),
        stdout: read(".hostile.stdout"),
        stderr: read(".hostile.stderr"),
        cpu: Duration::from_micros(cpu as u64),
        peak: peak as u64,
    };
    let _ = std::fs::remove_file(dir.join(".hostile.stdout"));
    let _ = std::fs::remove_file(dir.join(".hostile.stderr"));
    ran
}

/// The other end of `measured_apart`: with its variables set, runs one measured run and prints
/// what it measured on a `measured: ` line; without them, nothing.
#[test]
#[ignore = "run by measured_apart in a fresh process"]
fn measure_in_a_fresh_process() {
    let Ok(bin) = std::env::var("HOSTILE_BIN") else { return };
    let var = |name: &str| std::env::var(name).unwrap();
    let args: Vec<String> =
        (0..var("HOSTILE_ARGS").parse().unwrap()).map(|i| var(&format!("HOSTILE_ARG_{i}"))).collect();
    let dir = std::path::PathBuf::from(var("HOSTILE_DIR"));
    let held = anonymous_resident_size();
    let ran =
        measured_run_keeping_output(&bin, &args, &dir, Duration::from_millis(var("HOSTILE_LIMIT_MS").parse().unwrap()));
    let number = |n: Option<i32>| n.map_or(-1, i64::from);
    println!("measured: {} {} {} {} {held}", number(ran.code), number(ran.signal), ran.cpu.as_micros(), ran.peak);
}

/// This process's anonymous resident memory (RssAnon of /proc/self/status), in bytes: what a
/// forked child starts with.
fn anonymous_resident_size() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status.lines().find_map(|l| l.strip_prefix("RssAnon:"));
    kib.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok()).unwrap_or(0) * 1024
}

/// Runs every case of the catalog at size `k` with `bin`; the problems found, one line each.
/// With `budgets`, CPU time and peak memory are held to the budget too.
fn run_catalog(bin: &str, k: usize, budgets: bool) -> Vec<String> {
    let mut failures = Vec::new();
    for index in 0..catalog(1).len() {
        // The catalog is made again for each case, so that no case's files are held while
        // another case runs; the files are dropped once written.
        let mut case = catalog(k).swap_remove(index);
        let mut input_size = case.input_size();
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, bytes: &[u8]| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        };
        for (path, bytes) in std::mem::take(&mut case.files) {
            write(&path, &bytes);
        }
        for (path, make) in std::mem::take(&mut case.made) {
            let bytes = make();
            input_size += bytes.len() as u64;
            write(&path, &bytes);
        }
        #[cfg(unix)]
        for (path, target) in &case.links {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(target, path).unwrap();
        }
        let shown = dir.path().display().to_string();
        let args: Vec<String> = case.args.iter().map(|a| a.replace("{dir}", &shown)).collect();
        let ran = if budgets {
            // A shared machine stretches CPU time by tens of percent now and then: a run over
            // the budget is timed twice more and the least time kept (the first run's output
            // is the one checked). An input that takes more than linear time is over it every
            // time.
            let mut ran = measured_apart(bin, &args, dir.path(), Duration::from_secs(10));
            for _ in 0..2 {
                if ran.cpu < Duration::from_secs(1) {
                    break;
                }
                ran.cpu = ran.cpu.min(measured_apart(bin, &args, dir.path(), Duration::from_secs(10)).cpu);
            }
            ran
        } else {
            measured_run(bin, &args, dir.path(), Duration::from_secs(120))
        };
        let mut problems = Vec::new();
        match ran.code {
            Some(code) if case.exit.contains(&code) => {}
            code => problems.push(format!("exit {code:?} (signal {:?}), not one of {:?}", ran.signal, case.exit)),
        }
        if ran.stderr.contains("panicked") {
            problems.push("a panic".into());
        }
        if !case.expect.is_empty() && !ran.stdout.contains(case.expect) && !ran.stderr.contains(case.expect) {
            problems.push(format!("no {:?} in the output", case.expect));
        }
        for secret in &case.never {
            if ran.stdout.contains(secret.as_str()) || ran.stderr.contains(secret.as_str()) {
                problems.push(format!("{secret:?} shown"));
            }
        }
        if budgets {
            let allowed = 10 * input_size + 50 * 1024 * 1024;
            if ran.cpu >= Duration::from_secs(1) {
                problems.push(format!("{:.2?} of CPU", ran.cpu));
            }
            if ran.peak > allowed {
                problems.push(format!("peak {} MiB > {} MiB allowed", ran.peak >> 20, allowed >> 20));
            }
            eprintln!("{} (x{k}): {:.3?} CPU, {:.1} MiB peak", case.name, ran.cpu, ran.peak as f64 / 1048576.0);
        }
        if !problems.is_empty() {
            let first = ran.stderr.lines().next().unwrap_or_default();
            let first: String = first.chars().take(300).collect();
            failures.push(format!("{} (x{k}): {}\n    stderr: {first}", case.name, problems.join(", ")));
        }
    }
    failures
}

#[test]
fn hostile_inputs_end_as_expected() {
    let failures = run_catalog(BIN, 1, false);
    assert!(failures.is_empty(), "{} hostile inputs misbehave:\n{}", failures.len(), failures.join("\n"));
}

/// The catalog at its own size and four times it, each run under a second of CPU time and ten
/// times its input plus 50 MiB. Run after `cargo build --release` with
/// `CONFSPEC_RELEASE_BIN=target/release/confspec cargo test --test integration -- --ignored hostile::`.
#[test]
#[ignore = "measures the release binary named by CONFSPEC_RELEASE_BIN (see .ci/run)"]
fn hostile_inputs_keep_the_time_and_memory_budget_in_release() {
    let bin = std::env::var("CONFSPEC_RELEASE_BIN").expect("set CONFSPEC_RELEASE_BIN to a release build of confspec");
    let bin = std::fs::canonicalize(&bin).unwrap_or_else(|e| panic!("{bin}: {e}")).display().to_string();
    let mut failures = run_catalog(&bin, 1, true);
    failures.extend(run_catalog(&bin, 4, true));
    assert!(failures.is_empty(), "{} hostile inputs break the budget:\n{}", failures.len(), failures.join("\n"));
}
