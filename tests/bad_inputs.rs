//! The catalog of bad inputs (docs/reliability.md): specs, oslo data, config files, generator
//! config files and templates that are broken, hostile or plain wrong. Each must end with exit
//! 2 and a message naming the file (and the line, where there is one), in bounded memory, with
//! no panic, nothing on stdout and no output file left behind; and within a second, which the
//! ignored test at the end checks against the release binary (timing a debug build on a busy
//! machine proves nothing).

use crate::common::{confspec, BIN};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Each bad input runs under this much virtual memory (a runaway allocation aborts instead of
/// exiting 2, failing the test).
const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;

enum Content {
    Text(String),
    Bytes(Vec<u8>),
    /// A folder where a file is expected.
    Folder,
    /// No file at all.
    Missing,
}

struct Case {
    name: &'static str,
    /// `generate`, `import`, `validate`, `upgrade`, `genconf` (generate --config-file) or
    /// `templates` (generate --templates DIR with the content as ini.hbs).
    command: &'static str,
    file_name: &'static str,
    content: Content,
    /// A part of the message.
    expect: &'static str,
    /// The line the message must name, when the problem has one.
    line: Option<usize>,
}

fn text(s: &str) -> Content {
    Content::Text(s.to_owned())
}

fn spec(name: &'static str, yaml: &str, expect: &'static str, line: Option<usize>) -> Case {
    Case { name, command: "generate", file_name: "spec.yaml", content: text(yaml), expect, line }
}

fn option(name: &'static str, body: &str, expect: &'static str) -> Case {
    let yaml = format!("namespace: bad\ngroups:\n  - name: g\n    options:\n      - {body}\n");
    spec(name, &yaml, expect, Some(5))
}

/// Nine levels of nine aliases each: 387 million "lol"s once expanded, in a default (which
/// takes any YAML value, so the expansion is really attempted).
fn billion_laughs() -> String {
    let mut levels = vec!["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_owned()];
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, name) = (pair[0], pair[1]);
        levels.push(format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]"
        ));
    }
    format!("namespace: bad\ngroups:\n  - name: g\n    options:\n      - name: x\n        type: custom\n        type_name: bomb\n        default: {{{}}}\n", levels.join(", "))
}

/// One 1 MB help text, then `uses` options whose help is an alias of it.
fn amplified_spec(uses: usize) -> String {
    let mut text = format!(
        "namespace: bad\ngroups:\n  - name: g\n    options:\n      - name: o0\n        help: &h {}\n",
        "x".repeat(1_000_000)
    );
    for i in 1..=uses {
        text.push_str(&format!("      - name: o{i}\n        help: *h\n"));
    }
    text
}

/// oslo data with one 1 MB help text reused by 500 options.
fn amplified_data() -> String {
    let mut text = format!("options:\n  DEFAULT:\n    help: ''\n    opts:\n    - name: x0\n      namespace: ns\n      type: string value\n      help: &h {}\n", "x".repeat(1_000_000));
    for i in 1..=500 {
        text.push_str(&format!("    - name: x{i}\n      namespace: ns\n      type: string value\n      help: *h\n"));
    }
    text
}

fn oslo_option(extra: &str) -> String {
    format!("options:\n  DEFAULT:\n    help: ''\n    opts:\n    - name: x\n      namespace: ns\n      type: string value\n{extra}")
}

fn catalog() -> Vec<Case> {
    vec![
        // Specs: YAML and shape.
        spec("unclosed flow sequence", "namespace: bad\ngroups: [\n  {name: g\n", "did not find expected", Some(4)),
        spec(
            "tab indentation",
            "namespace: bad\ngroups:\n\t- name: g\n",
            "found character that cannot start any token",
            Some(3),
        ),
        spec("empty file", "", "the file is empty", None),
        spec("only comments", "# nothing here\n\n", "the file is empty", None),
        spec("a list at the top", "- namespace: bad\n", "a spec: a mapping", Some(1)),
        spec("a scalar at the top", "just text\n", "a spec: a mapping", Some(1)),
        spec("misspelt top-level key", "namespce: bad\n", "unknown key `namespce`; did you mean `namespace`?", Some(1)),
        spec("no namespace", "groups: []\n", "missing field `namespace`", None),
        spec(
            "groups not a list",
            "namespace: bad\ngroups: {name: g}\n",
            "invalid type: map, expected a sequence",
            Some(2),
        ),
        spec(
            "options not a list",
            "namespace: bad\ngroups:\n  - name: g\n    options: 5\n",
            "invalid type: integer `5`, expected a sequence",
            Some(4),
        ),
        spec("duplicate YAML key", "namespace: bad\nnamespace: again\n", "duplicate field `namespace`", Some(1)),
        spec(
            "group declared twice",
            "namespace: bad\ngroups:\n  - name: g\n  - name: G\n",
            "group [g] is declared twice",
            Some(4),
        ),
        spec("empty namespace", "namespace: ''\n", "the namespace must not be empty", Some(1)),
        spec(
            "billion laughs",
            &billion_laughs(),
            "YAML aliases add more than 16 MiB to the document (the alias budget)",
            Some(8),
        ),
        // 540 MB of sample from a 1 MB help text, and 3,000 copies (which aborted under 1 GiB).
        spec(
            "1 MB help through 500 aliases",
            &amplified_spec(500),
            "YAML aliases add more than 16 MiB to the document (the alias budget)",
            Some(40),
        ),
        spec(
            "1 MB help through 3,000 aliases",
            &amplified_spec(3000),
            "YAML aliases add more than 16 MiB to the document (the alias budget)",
            Some(40),
        ),
        // Specs: options.
        option("misspelt option key", "{name: x, hepl: text}", "unknown key `hepl`; did you mean `help`?"),
        option(
            "a string where a boolean goes",
            "{name: x, required: 'yes'}",
            "invalid type: string \"yes\", expected a boolean",
        ),
        option("option without a name", "{help: nameless}", "an option needs a `name`"),
        option("illegal option name", "{name: 'a b'}", "illegal option name"),
        option("unknown type", "{name: x, type: number}", "unknown type `number`"),
        option("huge unknown type", &format!("{{name: x, type: {}}}", "t".repeat(5_000_000)), "more characters)"),
        option(
            "integer default that is text",
            "{name: x, type: integer, default: many}",
            "default 'many' does not fit the integer option",
        ),
        option(
            "default below the minimum",
            "{name: x, type: integer, min: 5, default: 1}",
            "should be greater than or equal to 5",
        ),
        option(
            "default not a choice",
            "{name: x, choices: [a, b], default: c}",
            "valid values are [a, b], but found 'c'",
        ),
        option("min above max", "{name: x, type: integer, min: 10, max: 1}", "max (1) is less than min (10)"),
        option(
            "choice out of bounds",
            "{name: x, type: integer, min: 0, max: 9, choices: [1, 20]}",
            "choice 20 is out of bounds",
        ),
        option("regex that does not compile", "{name: x, regex: '(unclosed'}", "the regex does not compile"),
        option("port above 65535", "{name: x, type: port, max: 70000}", "a port's max cannot be more than 65535"),
        option(
            "parameter of another type",
            "{name: x, type: boolean, min: 1}",
            "`min` does not apply to a boolean option",
        ),
        option("custom type without a name", "{name: x, type: custom}", "a `custom` type needs a `type_name`"),
        option("two-letter short", "{name: x, short: ab}", "`short` is a single character"),
        option(
            "positional boolean",
            "{name: x, type: boolean, positional: true}",
            "a boolean option cannot be positional",
        ),
        option("unknown item type", "{name: x, type: list, item_type: number}", "unknown type `number`"),
        option("negative max_length", "{name: x, max_length: -1}", "integer `-1`, expected u64"),
        option("comma as dict separator", "{name: x, type: dict, key_value_separator: ','}", "key_value_separator"),
        spec(
            "duplicate option",
            "namespace: bad\ngroups:\n  - name: g\n    options:\n      - {name: x}\n      - {name: x}\n",
            "option `x` is defined twice in group [g]",
            Some(6),
        ),
        spec(
            "include of an unknown option set",
            "namespace: bad\ngroups:\n  - name: g\n    options:\n      - include: no-such-set\n",
            "unknown option set `no-such-set`",
            Some(5),
        ),
        spec(
            "200k-deep nesting",
            &format!("namespace: bad\ngroups: {}\n", "[".repeat(200_000)),
            "nests deeper than 1000 levels",
            Some(2),
        ),
        Case {
            name: "non-UTF-8 spec",
            command: "generate",
            file_name: "spec.yaml",
            content: Content::Bytes(b"namespace: bad\nhelp: caf\xe9\n".to_vec()),
            expect: "not valid UTF-8",
            line: Some(2),
        },
        Case {
            name: "spec that is a folder",
            command: "generate",
            file_name: "spec.yaml",
            content: Content::Folder,
            expect: "is a directory",
            line: None,
        },
        Case {
            name: "missing spec",
            command: "generate",
            file_name: "spec.yaml",
            content: Content::Missing,
            expect: "no such file or directory",
            line: None,
        },
        // oslo data for import.
        Case {
            name: "data: broken YAML",
            command: "import",
            file_name: "data.yaml",
            content: text("options:\n  DEFAULT: [\n"),
            expect: "not valid YAML",
            line: Some(3),
        },
        Case {
            name: "data: broken JSON",
            command: "import",
            file_name: "data.json",
            content: text("{\"options\": {\n}}}\n"),
            expect: "not valid JSON",
            line: Some(2),
        },
        Case {
            name: "data: not oslo data",
            command: "import",
            file_name: "data.yaml",
            content: text("groups: []\n"),
            expect: "no `options` mapping",
            line: Some(1),
        },
        Case {
            name: "data: empty",
            command: "import",
            file_name: "data.yaml",
            content: text(""),
            expect: "the file is empty",
            line: None,
        },
        Case {
            name: "data: option without a type",
            command: "import",
            file_name: "data.yaml",
            content: text("options:\n  DEFAULT:\n    opts:\n    - {name: x, namespace: ns}\n"),
            expect: "an option needs `type`",
            line: Some(4),
        },
        Case {
            name: "data: wrong kind of value",
            command: "import",
            file_name: "data.yaml",
            content: text(&oslo_option("      secret: 3\n")),
            expect: "`secret` must be true or false, not a number",
            line: Some(8),
        },
        Case {
            name: "data: namespace escaping the folder",
            command: "import",
            file_name: "data.yaml",
            content: text(&oslo_option("").replace("namespace: ns", "namespace: ../../etc")),
            expect: "cannot name a spec file",
            line: None,
        },
        Case {
            name: "data: default that does not fit",
            command: "import",
            file_name: "data.yaml",
            content: text(&oslo_option("      default: 5\n").replace("string value", "boolean value")),
            expect: "default 5 does not fit the boolean option",
            line: Some(8),
        },
        Case {
            name: "data: 1 MB help through 500 aliases",
            command: "import",
            file_name: "data.yaml",
            content: text(&amplified_data()),
            expect: "YAML aliases add more than 16 MiB",
            line: Some(76),
        },
        Case {
            name: "data: JSON nesting bomb",
            command: "import",
            file_name: "data.json",
            content: text(&"[".repeat(200_000)),
            expect: "nests deeper",
            line: Some(1),
        },
        // Config files for validate and upgrade.
        Case {
            name: "config: non-UTF-8",
            command: "validate",
            file_name: "nova.conf",
            content: Content::Bytes(b"[glance]\ndebug = \xff\n".to_vec()),
            expect: "not valid UTF-8",
            line: Some(2),
        },
        Case {
            name: "config: a folder",
            command: "validate",
            file_name: "nova.conf",
            content: Content::Folder,
            expect: "is a directory",
            line: None,
        },
        Case {
            name: "config: missing",
            command: "validate",
            file_name: "nova.conf",
            content: Content::Missing,
            expect: "no such file or directory",
            line: None,
        },
        Case {
            name: "upgrade: syntax error",
            command: "upgrade",
            file_name: "nova.conf",
            content: text("[ssl]\nca_file /x\n"),
            expect: "syntax error: No ':' or '=' found in assignment",
            line: Some(2),
        },
        Case {
            name: "upgrade: missing",
            command: "upgrade",
            file_name: "nova.conf",
            content: Content::Missing,
            expect: "no such file or directory",
            line: None,
        },
        // Generator config files.
        Case {
            name: "generator: unknown key",
            command: "genconf",
            file_name: "gen.conf",
            content: text("[DEFAULT]\nnamespace = nova.conf\nwrap-width = 80\n"),
            expect: "unknown generator option `wrap-width`; did you mean `wrap_width`?",
            line: Some(3),
        },
        Case {
            name: "generator: bad width",
            command: "genconf",
            file_name: "gen.conf",
            content: text("[DEFAULT]\nwrap_width = wide\n"),
            expect: "wrap_width must be a whole number",
            line: Some(2),
        },
        Case {
            name: "generator: namespace without a spec",
            command: "genconf",
            file_name: "gen.conf",
            content: text("[DEFAULT]\nnamespace = no.such.namespace\n"),
            expect: "namespace `no.such.namespace` has no spec",
            line: None,
        },
        Case {
            name: "generator: namespace that is a path",
            command: "genconf",
            file_name: "gen.conf",
            content: text("[DEFAULT]\nnamespace = ../../../etc/x\n"),
            expect: "is not a namespace name",
            line: Some(2),
        },
        Case {
            name: "generator: syntax error",
            command: "genconf",
            file_name: "gen.conf",
            content: text("[DEFAULT\n"),
            expect: "Invalid section (must end with ])",
            line: Some(1),
        },
        // Templates.
        Case {
            name: "template that does not compile",
            command: "templates",
            file_name: "ini.hbs",
            content: text("{{#each groups}}\n{{name}\n"),
            expect: "template does not compile",
            line: Some(2),
        },
    ]
}

fn write(path: &Path, content: &Content) {
    match content {
        Content::Text(t) => std::fs::write(path, t).unwrap(),
        Content::Bytes(b) => std::fs::write(path, b).unwrap(),
        Content::Folder => std::fs::create_dir(path).unwrap(),
        Content::Missing => {}
    }
}

/// The command line for a case, and the output file it must not leave behind.
fn command_line(case: &Case, input: &Path, dir: &Path) -> (Vec<String>, Option<PathBuf>) {
    let s = |p: &Path| p.display().to_string();
    let out = dir.join("out");
    match case.command {
        "generate" => (vec!["generate".into(), s(input), "-o".into(), s(&out)], Some(out)),
        "import" => (vec!["import".into(), s(input), "--output-dir".into(), s(&out)], Some(out)),
        "validate" => (vec!["validate".into(), "--input-file".into(), s(input)], None),
        "upgrade" => (vec!["upgrade".into(), "--input-file".into(), s(input), "-o".into(), s(&out)], Some(out)),
        "genconf" => (
            vec![
                "generate".into(),
                "--config-file".into(),
                s(input),
                "--spec-dir".into(),
                s(dir),
                "-o".into(),
                s(&out),
            ],
            Some(out),
        ),
        "templates" => (vec!["generate".into(), "--templates".into(), s(dir), "-o".into(), s(&out)], Some(out)),
        other => panic!("unknown command {other}"),
    }
}

#[test]
fn every_bad_input_exits_2_with_a_clear_message() {
    let cases = catalog();
    assert!(cases.len() >= 40, "the catalog holds {} inputs", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join(case.file_name);
        write(&input, &case.content);
        let (args, output) = command_line(case, &input, dir.path());
        let script = format!("ulimit -v {MEMORY_LIMIT_KIB}; exec \"$0\" \"$@\"");
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(&script)
            .arg(BIN)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().map(|mut s| s.flush());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        let mut problems = Vec::new();
        if out.status.code() != Some(2) {
            problems.push(format!("exit {:?}", out.status.code()));
        }
        if stderr.contains("panicked") {
            problems.push("a panic".into());
        }
        if !out.stdout.is_empty() {
            problems.push("output on stdout".into());
        }
        if !stderr.contains(case.expect) {
            problems.push(format!("message lacks {:?}", case.expect));
        }
        let named = input.display().to_string();
        if !first.contains(&named) && !first.contains(case.file_name) {
            problems.push("the first line does not name the file".into());
        }
        if let Some(line) = case.line {
            if !first.contains(&format!(":{line}:")) && !first.contains(&format!(":{line}: ")) {
                problems.push(format!("the first line does not name line {line}"));
            }
        }
        if first.chars().count() > 600 {
            problems.push(format!("a {}-character message", first.chars().count()));
        }
        if let Some(path) = output {
            let left = path.exists()
                && (path.is_file() || std::fs::read_dir(&path).map(|mut d| d.next().is_some()).unwrap_or(false));
            if left {
                problems.push("output left behind".into());
            }
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".confspec-"))
            .collect();
        if !leftovers.is_empty() {
            problems.push("temporary files left behind".into());
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}\n    stderr: {}", case.name, problems.join(", "), first));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad inputs misbehave:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A file that exists is left exactly as it was when the run fails.
#[test]
fn an_existing_output_is_untouched_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, "namespace: bad\ngroups: [\n").unwrap();
    let out = dir.path().join("sample.ini");
    std::fs::write(&out, "previous contents\n").unwrap();
    for args in [
        vec!["generate", spec.to_str().unwrap(), "-o", out.to_str().unwrap()],
        vec!["upgrade", "--input-file", spec.to_str().unwrap(), "--in-place"],
    ] {
        assert_eq!(confspec(&args).status.code(), Some(2), "{args:?}");
    }
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous contents\n");
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), "namespace: bad\ngroups: [\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file left");
}

/// What an input's run must show, given its exit code, stdout and stderr.
type Expect<'a> = &'a dyn Fn(Option<i32>, &str, &str) -> Result<(), String>;

/// A run of the release binary, killed after `RELEASE_LIMIT`: its exit code (`None` when
/// killed), stdout, stderr and wall-clock time. Output goes to files, which never fill up as
/// a pipe does.
/// Runs the binary; its exit code, output and CPU time (user and system). CPU time rather than
/// wall time: a loaded machine (CI shares its cores) stretches the one, not the other, while a
/// quadratic loop stretches both. The child is reaped by wait4, which also gives its resource
/// usage (std's wait does not).
#[allow(clippy::zombie_processes)]
fn timed_run(bin: &str, args: &[String], dir: &Path) -> (Option<i32>, String, String, Duration) {
    const RELEASE_LIMIT: Duration = Duration::from_secs(10);
    let (out_path, err_path) = (dir.join("timed.stdout"), dir.join("timed.stderr"));
    let start = Instant::now();
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
    let code = loop {
        // SAFETY: pid is our own child, not yet reaped; status and usage are valid.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
        }
        if start.elapsed() > RELEASE_LIMIT {
            child.kill().unwrap();
            // SAFETY: as above, now waiting for the killed child.
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let cpu = time(usage.ru_utime) + time(usage.ru_stime);
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    (code, read(&out_path), read(&err_path), cpu)
}

/// The inputs of issue 15 that took seconds to minutes when positions, checks, ordering or
/// diffs scanned per item, and every bad input of the catalog: each under a second with the
/// release binary. Run after `cargo build --release` with
/// `CONFSPEC_RELEASE_BIN=target/release/confspec cargo test --test integration -- --ignored bad_inputs::`.
#[test]
#[ignore = "times the release binary named by CONFSPEC_RELEASE_BIN (see .ci/run)"]
fn quadratic_inputs_take_under_a_second_in_release() {
    let bin = std::env::var("CONFSPEC_RELEASE_BIN").expect(
        "set CONFSPEC_RELEASE_BIN to a release build of confspec (cargo build --release: target/release/confspec)",
    );
    let bin =
        std::fs::canonicalize(&bin).unwrap_or_else(|e| panic!("CONFSPEC_RELEASE_BIN={bin}: {e}")).display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = |p: &str| d.join(p).display().to_string();
    let mut failures = Vec::new();
    let mut check = |name: &str, args: Vec<String>, expect: Expect| {
        // A shared machine stretches CPU time by tens of percent now and then: a run over a
        // second is timed twice more and the least time kept (the first run's output is the
        // one checked). An input that takes more than linear time is over it every time.
        let (code, stdout, stderr, mut elapsed) = timed_run(&bin, &args, d);
        for _ in 0..2 {
            if elapsed <= Duration::from_secs(1) {
                break;
            }
            elapsed = elapsed.min(timed_run(&bin, &args, d).3);
        }
        let mut problems = Vec::new();
        if let Err(why) = expect(code, &stdout, &stderr) {
            problems.push(why);
        }
        if code.is_none() {
            problems.push("killed after 10 s".into());
        }
        if elapsed > Duration::from_secs(1) {
            problems.push(format!("took {elapsed:.2?} of CPU"));
        }
        eprintln!("{name}: {elapsed:.3?}");
        if !problems.is_empty() {
            failures.push(format!(
                "{name}: {}\n    stderr: {}",
                problems.join(", "),
                stderr.lines().next().unwrap_or_default()
            ));
        }
    };

    // 1. A 270 KB spec with 4,000 defaults that do not fit their type.
    let options: String = (0..4000)
        .map(|i| format!("      - name: opt_{i:05}\n        type: integer\n        default: many\n"))
        .collect();
    std::fs::write(d.join("bad.yaml"), format!("namespace: bad\ngroups:\n  - name: g\n    options:\n{options}"))
        .unwrap();
    assert!((260_000..280_000).contains(&std::fs::metadata(d.join("bad.yaml")).unwrap().len()));
    check(
        "4,000 bad defaults",
        vec!["generate".into(), s("bad.yaml"), "-o".into(), s("bad.ini")],
        &|code, _, stderr| {
            let lines: Vec<&str> = stderr.lines().collect();
            let (first, last) = (lines.first().copied().unwrap_or_default(), lines.last().copied().unwrap_or_default());
            match code == Some(2)
                && lines.len() == 4000
                && first.contains("bad.yaml:7:18: error: groups[0].options[0].default: default 'many' does not fit")
                && last.contains("bad.yaml:12004:18: error: groups[0].options[3999].default:")
            {
                true => Ok(()),
                false => Err(format!("exit {code:?}, {} lines, last {last:?}", lines.len())),
            }
        },
    );

    // 2. A config file of 100,000 one-key sections no spec knows.
    let conf: String = (0..100_000).map(|i| format!("[section_{i}]\nkey = value\n")).collect();
    std::fs::write(d.join("big.conf"), conf).unwrap();
    check(
        "100,000 one-key sections",
        vec!["validate".into(), "--input-file".into(), s("big.conf")],
        &|code, stdout, _| {
            let notes = stdout
                .lines()
                .filter(|l| {
                    l.contains(": note: [section_")
                        && l.ends_with("is not a group of the specs: its options were not checked")
                })
                .count();
            let last_note = "big.conf:199999: note: [section_99999] is not a group";
            match code == Some(0)
                && notes == 100_000
                && stdout.contains(last_note)
                && stdout.ends_with("big.conf: 0 errors, 0 warnings\n")
            {
                true => Ok(()),
                false => Err(format!("exit {code:?}, {notes} notes")),
            }
        },
    );

    // 3. oslo data of 4,000 groups, which `deprecated_options` hints put in reverse order.
    let mut data = String::from("deprecated_options:\n  old:\n");
    for i in (0..4000).rev() {
        data.push_str(&format!("  - name: old_{i}\n    replacement_group: g{i:04}\n    replacement_name: opt\n"));
    }
    data.push_str("options:\n");
    for i in 0..4000 {
        data.push_str(&format!("  g{i:04}:\n    help: ''\n    opts:\n    - name: opt\n      dest: opt\n      namespace: many.groups\n      type: string value\n      default: null\n      help: One option.\n    standard_opts: [opt]\n"));
    }
    std::fs::write(d.join("data.yaml"), data).unwrap();
    let spec = d.join("specs/many.groups.yaml");
    check(
        "4,000 groups with ordering hints",
        vec!["import".into(), s("data.yaml"), "--output-dir".into(), s("specs")],
        &|code, stdout, _| {
            let text = std::fs::read_to_string(&spec).unwrap_or_default();
            let (last, first) = (text.find("- name: g3999\n"), text.find("- name: g0000\n"));
            match code == Some(0)
                && stdout.contains("4000 options in 4000 groups")
                && matches!((last, first), (Some(l), Some(f)) if l < f)
            {
                true => Ok(()),
                false => Err(format!("exit {code:?}, {stdout:?}, g3999 at {last:?}, g0000 at {first:?}")),
            }
        },
    );

    // 4. --check against a 40,000-line file that has nothing to do with the sample.
    let unrelated: String = (0..20_000)
        .map(|i| if i % 2 == 0 { format!("[section_{i}]\n#\n") } else { format!("# comment {i}\n\n") })
        .collect();
    std::fs::write(d.join("unrelated.ini"), unrelated).unwrap();
    check(
        "--check against 40,000 unrelated lines",
        vec!["generate".into(), "-o".into(), s("unrelated.ini"), "--check".into()],
        &|code, stdout, _| match code == Some(1)
            && stdout.lines().last().is_some_and(|l| l.starts_with("confspec: the diff is cut short"))
        {
            true => Ok(()),
            false => Err(format!("exit {code:?}, last line {:?}", stdout.lines().last())),
        },
    );

    // 5. oslo data of 2,000 options whose defaults do not fit their type.
    let opts: String = (0..2000)
        .map(|i| format!("    - name: opt_{i}\n      dest: opt_{i}\n      namespace: bad.defaults\n      type: integer value\n      default: many\n      help: One option.\n"))
        .collect();
    std::fs::write(
        d.join("bad-data.yaml"),
        format!(
            "deprecated_options: {{}}\noptions:\n  DEFAULT:\n    help: ''\n    opts:\n{opts}    standard_opts: []\n"
        ),
    )
    .unwrap();
    check(
        "import of 2,000 bad defaults",
        vec!["import".into(), s("bad-data.yaml"), "--output-dir".into(), s("bad-specs")],
        &|code, _, stderr| {
            let lines = stderr
                .lines()
                .filter(|l| l.contains("bad-data.yaml:") && l.contains("error: options.DEFAULT.opts["))
                .count();
            match code == Some(2) && lines == 2000 {
                true => Ok(()),
                false => Err(format!("exit {code:?}, {lines} located errors; first: {:?}", stderr.lines().next())),
            }
        },
    );

    // 6. A default nested 200,000 deep (libyaml is quadratic in depth: minutes without the
    // depth limit); tests/load_errors.rs checks the message in `cargo test`.
    let nested = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    std::fs::write(
        d.join("deep.yaml"),
        format!("namespace: test\ngroups:\n  - name: g\n    options:\n      - name: a\n        default: {nested}\n"),
    )
    .unwrap();
    let args = vec!["generate".into(), s("deep.yaml")];
    check("a default nested 200,000 deep", args, &|code, _, stderr| match code == Some(2)
        && stderr.contains("nests deeper than")
    {
        true => Ok(()),
        false => Err(format!("exit {code:?}")),
    });

    // 7. List and dict values of 100,000 pieces that their item types keep refusing: oslo
    // joins each with the next and tries again, which is quadratic; a reference chain that
    // would overflow the stack.
    let spec = "namespace: q\ngroups:\n  - name: g\n    options:\n\
        \x20     - {name: quoted, type: list, item_type: {type: string, quotes: true}}\n\
        \x20     - {name: uris, type: list, item_type: uri}\n\
        \x20     - {name: pattern, type: list, item_type: {type: string, regex: '^x$'}}\n\
        \x20     - {name: map, type: dict, value_type: uri}\n\
        \x20     - {name: keys, type: dict}\n";
    let chain: String = (0..5000).map(|i| format!("      - {{name: c{i}, default: $c{}}}\n", i + 1)).collect();
    std::fs::write(d.join("pieces.yaml"), format!("{spec}{chain}")).unwrap();
    let n = 100_000;
    let conf = format!(
        "[g]\nquoted = \"{}\nuris = {}y\npattern = {}b\nmap = k:{}y\nkeys = {}b\nc0 = $c1\n",
        ",a".repeat(n),
        "x,".repeat(n),
        "a,".repeat(n),
        "x,".repeat(n),
        "a,".repeat(n)
    );
    std::fs::write(d.join("pieces.conf"), conf).unwrap();
    let args = vec!["validate".into(), s("pieces.yaml"), "--input-file".into(), s("pieces.conf")];
    check("validate: 100,000 failing pieces, a 5,000-option reference chain", args, &|code, stdout, _| match code
        == Some(1)
        && stdout.ends_with("pieces.conf: 6 errors, 0 warnings\n")
    {
        true => Ok(()),
        false => Err(format!("exit {code:?}, last line {:?}", stdout.lines().last())),
    });

    // 8. 4,000 integers past u128 and past what a float holds, and 4,000 floats past 2**127,
    // which are looked up in the text (one pass, not one per value); their JSON data, with
    // integers serde_json refuses ("number out of range"), imported.
    let vast = format!("1{}", "0".repeat(400));
    let options: String = (0..4000)
        .map(|i| {
            format!(
                "      - {{name: i{i}, type: integer, min: -1{z45}, max: {vast}{i}, default: {vast}}}\n\
                 \x20     - {{name: f{i}, type: float, default: 1.5e{e}}}\n",
                z45 = "0".repeat(45),
                e = 39 + i % 200
            )
        })
        .collect();
    std::fs::write(d.join("vast.yaml"), format!("namespace: vast\ngroups:\n  - name: g\n    options:\n{options}"))
        .unwrap();
    let args = vec!["generate".into(), s("vast.yaml"), "--format".into(), "json".into(), "-o".into(), s("vast.json")];
    check("4,000 integers past what a float holds, 4,000 floats past 2**127", args, &|code, _, _| {
        let text = std::fs::read_to_string(d.join("vast.json")).unwrap_or_default();
        match code == Some(0) && text.matches(&format!("\"default\": {vast},")).count() == 4000 {
            true => Ok(()),
            false => Err(format!("exit {code:?}")),
        }
    });
    let args = vec!["import".into(), s("vast.json"), "--output-dir".into(), s("vast-specs")];
    check("their JSON data imported", args, &|code, stdout, _| match code == Some(0)
        && stdout.contains("8000 options in 1 groups")
    {
        true => Ok(()),
        false => Err(format!("exit {code:?}: {stdout}")),
    });

    // Every bad input of the catalog.
    for case in catalog() {
        let case_dir = tempfile::tempdir().unwrap();
        let input = case_dir.path().join(case.file_name);
        write(&input, &case.content);
        let (args, _) = command_line(&case, &input, case_dir.path());
        check(case.name, args, &|code, _, stderr| match code == Some(2) && stderr.contains(case.expect) {
            true => Ok(()),
            false => Err(format!("exit {code:?}")),
        });
    }
    assert!(failures.is_empty(), "{} inputs fail or take a second or more:\n{}", failures.len(), failures.join("\n"));
}

/// Running out of memory exits 2 with a message, never an abort: a 12 MB help text under a
/// 28 MiB address-space limit (the binary itself starts in 16 MiB).
#[test]
fn out_of_memory_exits_2_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    let help = "word ".repeat(12_000_000 / 5);
    std::fs::write(
        &spec,
        format!("namespace: big\ngroups:\n  - name: g\n    options:\n      - name: x\n        help: {help}\n"),
    )
    .unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 28672; exec \"$0\" \"$@\"")
        .arg(BIN)
        .arg("generate")
        .arg(&spec)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("confspec: error: out of memory ("), "{stderr}");
    assert!(stderr.ends_with(" bytes requested)\n"), "{stderr}");
}

/// A spec's few small aliases (and one 1 MB text repeated within the budget) still work,
/// under the same memory limit as the bad inputs.
#[test]
fn aliases_within_the_budget_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    let small = "namespace: ok\ngroups:\n  - name: g\n    options:\n      - name: a\n        type: integer\n        default: &d 5\n        help: &h Shared help.\n      - name: b\n        type: integer\n        default: *d\n        help: *h\n";
    for (text, copies) in [(small.to_owned(), 2), (amplified_spec(3), 4)] {
        std::fs::write(&spec, &text).unwrap();
        let script = format!("ulimit -v {MEMORY_LIMIT_KIB}; exec \"$0\" \"$@\"");
        let out = Command::new("sh").arg("-c").arg(&script).arg(BIN).arg("generate").arg(&spec).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let sample = String::from_utf8(out.stdout).unwrap();
        let help = if copies == 2 { "# Shared help. (integer value)\n" } else { "xxxxxxxxxx" };
        let defaults = sample.matches(help).count();
        assert!(
            if copies == 2 {
                defaults == 2 && sample.matches("#a = 5\n").count() == 1 && sample.contains("#b = 5\n")
            } else {
                defaults >= copies
            },
            "{}",
            &sample[..sample.len().min(2000)]
        );
    }
}

/// Template overrides whose partials include each other (directly, through another template
/// or through an inline partial), nest too deep or are named at render time: exit 2 naming
/// the override and the line of the call, never a stack overflow.
#[test]
fn recursive_templates_exit_2_naming_the_template() {
    let chain = |n: usize, last: &str| {
        let mut t: String =
            (0..n - 1).map(|i| format!("{{{{#*inline \"p{i}\"}}}}{{{{> p{}}}}}{{{{/inline}}}}\n", i + 1)).collect();
        t.push_str(&format!("{{{{#*inline \"p{}\"}}}}{last}{{{{/inline}}}}\n{{{{> p0}}}}\n", n - 1));
        t
    };
    // Name, the override files, the start of the message (after the folder) or "" for a
    // success, and a part of a success's output.
    type TemplateCase = (&'static str, Vec<(&'static str, String)>, &'static str, &'static str);
    let cases: Vec<TemplateCase> = vec![
        (
            "direct",
            vec![("ini.hbs", "top\n{{> ini}}\n".into())],
            "ini.hbs:2:1: error: partial `ini` can include itself: ini -> ini",
            "",
        ),
        (
            "mutual",
            vec![("ini.hbs", "top\n{{> ini-option}}\n".into()), ("ini-option.hbs", "option\n\n{{> ini}}\n".into())],
            "ini-option.hbs:3:1: error: partial `ini` can include itself: ini -> ini-option -> ini",
            "",
        ),
        (
            "mutual with the embedded ini.hbs",
            vec![("ini-option.hbs", "{{#if true}}\n  {{> ini}}\n{{/if}}\n".into())],
            "ini-option.hbs:2:3: error: partial `ini` can include itself",
            "",
        ),
        (
            "inline",
            vec![("ini.hbs", "{{#*inline \"x\"}}\n{{> x}}\n{{/inline}}\n{{> x}}\n".into())],
            "ini.hbs:2:1: error: partial `x` can include itself: ini -> x -> x",
            "",
        ),
        (
            "inline through a template",
            vec![("ini.hbs", "{{#*inline \"y\"}}{{> ini}}{{/inline}}{{> y}}\n".into())],
            "ini.hbs:1:17: error: partial `ini` can include itself",
            "",
        ),
        (
            "partial block",
            vec![("ini.hbs", "{{#> ini-option}}\n{{> ini}}\n{{/ini-option}}\n".into())],
            "ini.hbs:2:1: error: partial `ini` can include itself",
            "",
        ),
        (
            "computed name",
            vec![("ini.hbs", "{{> (lookup this \"name\")}}\n".into())],
            "ini.hbs:1:1: error: a partial's name must be written out, not computed",
            "",
        ),
        ("33 deep", vec![("ini.hbs", chain(33, "deep"))], "ini.hbs:32:19: error: partials nest more than 32 deep", ""),
        (
            "600 blocks deep",
            vec![("ini.hbs", format!("{}x{}", "{{#if true}}\n".repeat(600), "{{/if}}".repeat(600)))],
            "ini.hbs:257:1: error: blocks and partials nest more than 256 levels deep",
            "",
        ),
        (
            "blocks through a partial",
            vec![
                ("ini.hbs", format!("{}{{{{> ini-option}}}}{}", "{{#if true}}".repeat(200), "{{/if}}".repeat(200))),
                ("ini-option.hbs", format!("{}x{}", "{{#if true}}".repeat(100), "{{/if}}".repeat(100))),
            ],
            "ini.hbs:1:2401: error: blocks and partials nest more than 256 levels deep: ini -> ini-option",
            "",
        ),
        // 32 partials deep, 256 levels deep and a partial block that uses @partial-block are fine.
        (
            "256 blocks deep",
            vec![("ini.hbs", format!("{}deep{}", "{{#if true}}".repeat(256), "{{/if}}".repeat(256)))],
            "",
            "deep",
        ),
        ("32 deep", vec![("ini.hbs", chain(32, "deep"))], "", "deep"),
        (
            "@partial-block",
            vec![
                ("ini.hbs", "{{#> ini-option}}inner{{/ini-option}}\n".into()),
                ("ini-option.hbs", "[{{> @partial-block}}]\n".into()),
            ],
            "",
            "[inner]",
        ),
    ];
    let mut failures = Vec::new();
    for (name, files, expect, output) in cases {
        let dir = tempfile::tempdir().unwrap();
        for (file, text) in &files {
            std::fs::write(dir.path().join(file), text).unwrap();
        }
        let script = format!("ulimit -v {MEMORY_LIMIT_KIB}; exec \"$0\" \"$@\"");
        let out = Command::new("sh")
            .arg("-c")
            .arg(&script)
            .arg(BIN)
            .arg("generate")
            .arg("--templates")
            .arg(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        let ok = if expect.is_empty() {
            out.status.code() == Some(0) && String::from_utf8_lossy(&out.stdout).contains(output)
        } else {
            out.status.code() == Some(2)
                && stderr.starts_with(&format!("{}/{expect}", dir.path().display()))
                && out.stdout.is_empty()
        };
        if !ok {
            failures.push(format!("{name}: exit {:?}: {first}", out.status.code()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
