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
            args: args.iter().map(|a| a.to_string()).collect(),
            exit: &[2],
            expect: "",
            never: Vec::new(),
            made: Vec::new(),
        }
    }

    /// A file that `make` makes when the run starts: a large input is then held by this
    /// process only while its run lasts, keeping this process small (a child's peak is
    /// measured from this process's size at the fork, see `measured_run`).
    pub fn made(mut self, path: &str, make: impl Fn() -> Vec<u8> + 'static) -> Hostile {
        self.made.push((path.to_owned(), Box::new(make)));
        self
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

/// The catalog at size factor `k` (1 in `cargo test`, 4 for the release budgets): each input
/// that grows grows with `k`.
fn catalog(k: usize) -> Vec<Hostile> {
    let mut cases = vec![
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
    ];
    cases.extend(out_of_proportion(k));
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
    let mut command = Command::new(bin);
    // A child started by vfork (posix_spawn) shares this process's memory until it execs, and
    // Linux keeps that memory's high-water mark in the child's peak; started by fork (which a
    // pre-exec hook makes std use), the child's peak starts from this process's size at the
    // fork instead, which the catalog keeps small (`Hostile::made`).
    // SAFETY: the hook does nothing.
    unsafe { std::os::unix::process::CommandExt::pre_exec(&mut command, || Ok(())) };
    let mut child = command
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
        let write = |path: &str, bytes: &[u8]| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        };
        let mut input_size = case.input_size();
        for (path, bytes) in &case.files {
            write(path, bytes);
        }
        for (path, make) in &case.made {
            let bytes = make();
            input_size += bytes.len() as u64;
            write(path, &bytes);
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
