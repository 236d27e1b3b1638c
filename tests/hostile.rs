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

/// One hostile run: the files it reads, its arguments, and what it must do.
pub struct Hostile {
    pub name: &'static str,
    /// Files written into the run's folder before it starts: (path relative to it, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// The arguments; `{dir}` in any of them stands for the run's folder.
    pub args: Vec<String>,
    /// The exit codes the run may end with.
    pub exit: &'static [i32],
    /// A part of stdout or stderr that must be there ("" for none).
    pub expect: &'static str,
    /// Texts that must appear in neither stdout nor stderr (secrets).
    pub never: Vec<String>,
}

impl Hostile {
    pub fn new(name: &'static str, args: &[&str]) -> Hostile {
        Hostile {
            name,
            files: Vec::new(),
            args: args.iter().map(|a| a.to_string()).collect(),
            exit: &[2],
            expect: "",
            never: Vec::new(),
        }
    }

    pub fn file(mut self, path: &str, bytes: impl Into<Vec<u8>>) -> Hostile {
        self.files.push((path.to_owned(), bytes.into()));
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
pub fn spec_of_groups(groups: usize, options: usize, help: &str) -> Vec<u8> {
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
        .file("spec.yaml", spec_of_groups(10 * k, 5, "Help."))
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
        .file("spec.yaml", spec_of_groups(2, 5, &"word ".repeat(10_000 * k)))
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
#[allow(clippy::zombie_processes)]
pub fn measured_run(bin: &str, args: &[String], dir: &Path, limit: Duration) -> Ran {
    let (out_path, err_path) = (dir.join(".hostile.stdout"), dir.join(".hostile.stderr"));
    let start = std::time::Instant::now();
    let mut child = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
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
    let _ = std::fs::remove_file(out_path);
    let _ = std::fs::remove_file(err_path);
    ran
}

/// Runs every case of the catalog at size `k` with `bin`; the problems found, one line each.
/// With `budgets`, CPU time and peak memory are held to the budget too.
fn run_catalog(bin: &str, k: usize, budgets: bool) -> Vec<String> {
    let mut failures = Vec::new();
    for case in catalog(k) {
        let dir = tempfile::tempdir().unwrap();
        for (path, bytes) in &case.files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let shown = dir.path().display().to_string();
        let args: Vec<String> = case.args.iter().map(|a| a.replace("{dir}", &shown)).collect();
        let ran = measured_run(bin, &args, dir.path(), Duration::from_secs(if budgets { 10 } else { 120 }));
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
            let allowed = 10 * case.input_size() + 50 * 1024 * 1024;
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
