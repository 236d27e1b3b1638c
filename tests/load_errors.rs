//! Every loading check: the binary exits 2 with one message naming the file, the line and the
//! column of the problem, prints nothing on stdout, writes no output file, and never panics.

use crate::common::confspec;
use std::path::Path;

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn generate(dir: &Path, spec: &str, extra: &[&str]) -> Outcome {
    let path = dir.join("spec.yaml");
    std::fs::write(&path, spec).unwrap();
    let mut args = vec!["generate", path.to_str().unwrap()];
    args.extend(extra);
    let out = confspec(&args);
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Asserts the spec is refused at `line` (and `column` when given) with `message` in the text.
fn refused(spec: &str, line: usize, column: Option<usize>, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("sample.ini");
    let o = generate(dir.path(), spec, &["--output-file", out_file.to_str().unwrap()]);
    let path = dir.path().join("spec.yaml");
    let at = match column {
        Some(c) => format!("{}:{line}:{c}: error: ", path.display()),
        None => format!("{}:{line}", path.display()),
    };
    assert_eq!(o.code, 2, "exit code for {message:?}; stderr: {}", o.stderr);
    assert!(o.stderr.starts_with(&at), "expected {at:?}...\ngot: {}", o.stderr);
    assert!(o.stderr.contains(message), "expected {message:?} in: {}", o.stderr);
    assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    assert!(o.stdout.is_empty(), "stdout: {}", o.stdout);
    assert!(!out_file.exists(), "an output file was written despite the error");
}

const HEAD: &str = "namespace: test\ngroups:\n  - name: g\n    options:\n";

#[test]
fn yaml_syntax_error() {
    refused(
        "namespace: test\ngroups:\n  - name: g\n   options: []\n",
        4,
        Some(4),
        "did not find expected '-' indicator",
    );
    refused("namespace: \"unclosed\n", 2, Some(1), "while scanning a quoted scalar");
}

#[test]
fn unknown_key_with_suggestion() {
    refused(
        &format!("{HEAD}      - name: a\n        hepl: typo\n"),
        6,
        Some(9),
        "unknown key `hepl`; did you mean `help`?",
    );
    refused("namespace: test\ngroup: []\n", 2, Some(1), "unknown key `group`; did you mean `groups`?");
}

#[test]
fn wrong_value_type() {
    refused(&format!("{HEAD}      - name: a\n        required: maybe\n"), 6, Some(19), "expected a boolean");
    refused(
        &format!("{HEAD}      - name: a\n        type: integer\n        min: low\n"),
        7,
        Some(14),
        "`min` must be an integer",
    );
    refused("- a\n- b\n", 1, Some(1), "expected a spec: a mapping with `namespace:` and `groups:`");
}

#[test]
fn unknown_type_and_misplaced_parameter() {
    refused(&format!("{HEAD}      - name: a\n        type: integr\n"), 6, Some(15), "unknown type `integr`");
    refused(
        &format!("{HEAD}      - name: a\n        type: boolean\n        min: 1\n"),
        7,
        Some(14),
        "`min` does not apply to a boolean option",
    );
}

#[test]
fn default_that_does_not_fit_its_type() {
    refused(
        &format!("{HEAD}      - name: a\n        type: integer\n        default: ten\n"),
        7,
        Some(18),
        "does not fit the integer option",
    );
    refused(
        &format!("{HEAD}      - name: a\n        type: boolean\n        default: 3\n"),
        7,
        Some(18),
        "does not fit the boolean option",
    );
    refused(
        &format!("{HEAD}      - name: a\n        type: ip_address\n        default: 300.1.1.1\n"),
        7,
        Some(18),
        "is not IPv4 or IPv6 address",
    );
}

#[test]
fn default_outside_bounds_or_choices() {
    refused(
        &format!("{HEAD}      - name: a\n        type: integer\n        min: 1\n        max: 5\n        default: 9\n"),
        9,
        Some(18),
        "should be less than or equal to 5",
    );
    refused(
        &format!("{HEAD}      - name: a\n        choices: [a, b]\n        default: c\n"),
        7,
        Some(18),
        "valid values are [a, b], but found 'c'",
    );
    refused(
        &format!("{HEAD}      - name: a\n        type: port\n        default: 70000\n"),
        7,
        Some(18),
        "should be less than or equal to 65535",
    );
}

#[test]
fn min_greater_than_max() {
    refused(
        &format!("{HEAD}      - name: a\n        type: float\n        min: 5\n        max: 1.5\n"),
        8,
        Some(14),
        "max (1.5) is less than min (5)",
    );
    refused(
        &format!("{HEAD}      - name: a\n        type: integer\n        max: 3\n        choices: [1, 7]\n"),
        8,
        Some(22),
        "choice 7 is out of bounds",
    );
}

#[test]
fn duplicate_option_names_in_a_group() {
    refused(
        &format!("{HEAD}      - name: a\n      - name: b\n      - name: a\n"),
        7,
        Some(15),
        "option `a` is defined twice in group [g] (first at ",
    );
    // `a-b` and `a_b` share the dest `a_b`, the name used in config files.
    refused(&format!("{HEAD}      - name: a-b\n      - name: a_b\n"), 6, Some(15), "option `a_b` is defined twice");
}

#[test]
fn one_default_object_has_one_value() {
    let opt = |name: &str, default: &str| {
        format!(
            "      - name: {name}\n        type: list\n        default: {default}\n        default_object: shared\n"
        )
    };
    refused(
        &format!("{HEAD}{}{}", opt("a", "[x]"), opt("b", "[y]")),
        12,
        Some(25),
        "default ['y'] differs from ['x'], the default of the first option whose `default_object` is \"shared\"",
    );
    refused(
        &format!("{HEAD}      - name: a\n        default_object: ''\n"),
        6,
        Some(25),
        "`default_object` names an object",
    );
    // The same object in two spec files of one command line.
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one.yaml"), dir.path().join("two.yaml"));
    std::fs::write(&one, format!("{HEAD}{}", opt("a", "[x]"))).unwrap();
    std::fs::write(&two, format!("namespace: two\ngroups:\n  - name: h\n    options:\n{}", opt("a", "[x, y]")))
        .unwrap();
    let out = confspec(&["generate", one.to_str().unwrap(), two.to_str().unwrap(), "--format", "yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with(&format!("{}:8:25: error: ", two.display())), "{stderr}");
    assert!(stderr.contains("default ['x', 'y'] differs from ['x']"), "{stderr}");
    assert!(stderr.contains(&format!("one object has one value (first at {}:8)", one.display())), "{stderr}");
}

#[test]
fn include_of_an_unknown_option_set() {
    refused(
        &format!("{HEAD}      - include: keystoneauth1-sesion\n"),
        5,
        Some(18),
        "unknown option set `keystoneauth1-sesion`",
    );
    refused(
        &format!(
            "{HEAD}      - include: keystoneauth1-session\n        deprecations:\n          ca_file: [{{name: x}}]\n"
        ),
        7,
        Some(20),
        "has no option `ca_file`",
    );
}

#[test]
fn hostile_yaml_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{HEAD}      - name: a\n        default: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
    let o = generate(dir.path(), &deep, &[]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("nests deeper than"), "{}", o.stderr);
    // How quickly is checked on the release binary, with the other time budgets
    // (bad_inputs::quadratic_inputs_take_under_a_second_in_release).

    let mut bomb =
        format!("{HEAD}      - name: a0\n        type: list\n        default: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let p = i - 1;
        bomb.push_str(&format!("      - {{name: a{i}, type: list, default: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]}}\n"));
    }
    let o = generate(dir.path(), &bomb, &[]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("YAML aliases add more than 16 MiB"), "{}", o.stderr);
}

#[test]
fn unreadable_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&std::ffi::OsStr]| confspec(&[&[std::ffi::OsStr::new("generate")], args].concat());

    let missing = dir.path().join("missing.yaml");
    let o = run(&[missing.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.yaml: error: no such file"));

    let o = run(&[dir.path().as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a directory"));

    let latin1 = dir.path().join("latin1.yaml");
    std::fs::write(&latin1, b"namespace: test\ndescription: caf\xe9\n").unwrap();
    let o = run(&[latin1.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("latin1.yaml:2: error: not valid UTF-8"));

    let empty = dir.path().join("empty.yaml");
    std::fs::write(&empty, "").unwrap();
    let o = run(&[empty.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("empty.yaml: error: the file is empty"));
}

#[test]
fn problems_in_an_included_set_name_the_set_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sets")).unwrap();
    std::fs::write(
        dir.path().join("sets/mine.yaml"),
        "set: mine\noptions:\n  - name: x\n    type: integer\n    default: nope\n",
    )
    .unwrap();
    let o = generate(dir.path(), &format!("{HEAD}      - include: mine\n"), &[]);
    assert_eq!(o.code, 2);
    let set_file = dir.path().join("sets/mine.yaml");
    assert!(o.stderr.starts_with(&format!("{}:5:14: error: options[0].default", set_file.display())), "{}", o.stderr);
}

/// A set included twice in one group, directly or through two sets that both include it, is
/// one error at the second include naming the first, not each of its options defined twice.
#[test]
fn a_set_included_twice_in_a_group_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sets")).unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join("sets").join(name), text).unwrap();
    write("mine.yaml", "set: mine\noptions:\n  - name: x\n  - name: y\n");
    write("a.yaml", "set: a\noptions:\n  - include: mine\n");
    write("b.yaml", "set: b\noptions:\n  - name: z\n  - include: mine\n");
    let spec = dir.path().join("spec.yaml").display().to_string();

    let o = generate(dir.path(), &format!("{HEAD}      - include: mine\n      - include: mine\n"), &[]);
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        format!("{spec}:6:18: error: groups[0].options[1].include: option set `mine` is included twice in this group (first at {spec}:5)\n")
    );

    let o = generate(dir.path(), &format!("{HEAD}      - include: a\n      - include: b\n"), &[]);
    let b = dir.path().join("sets/b.yaml").display().to_string();
    let a = dir.path().join("sets/a.yaml").display().to_string();
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        format!(
            "{b}:4:14: error: options[1].include: option set `mine` is included twice in this group (first at {a}:3)\n\
             {spec}:6:18: note: included from here\n"
        )
    );

    // Once in each of two groups, and once per selected value, is no repetition.
    let two_groups = "namespace: test\ngroups:\n  - name: g\n    options:\n      - include: mine\n  - name: h\n    options:\n      - include: a\n    selects:\n      option: z\n      sets: {one: mine, two: mine}\n  - name: i\n    options:\n      - include: b\n";
    let o = generate(dir.path(), two_groups, &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("`z` is not an option here"), "{}", o.stderr);
    let o = generate(
        dir.path(),
        &two_groups.replace("option: z", "option: x").replace("      - include: a\n", "      - include: b\n"),
        &[],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
}

/// What includes add is counted before anything is expanded, against the budget YAML
/// aliases have (docs/reliability.md): a set of a thousand options may be included by a few
/// groups, not by a thousand. Include chains are bounded too.
#[test]
fn includes_are_held_to_the_repetition_budget() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sets")).unwrap();
    let options: String = (0..1000).map(|i| format!("  - name: option_{i}\n")).collect();
    std::fs::write(dir.path().join("sets/big.yaml"), format!("set: big\noptions:\n{options}")).unwrap();
    let groups = |n: usize| -> String {
        let groups: String = (0..n).map(|i| format!("  - name: g{i}\n    options:\n      - include: big\n")).collect();
        format!("namespace: test\ngroups:\n{groups}")
    };
    assert_eq!(generate(dir.path(), &groups(10), &[]).code, 0);
    let o = generate(dir.path(), &groups(1000), &[]);
    let spec = dir.path().join("spec.yaml").display().to_string();
    assert_eq!(o.code, 2);
    assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
    assert!(o.stderr.starts_with(&format!("{spec}:")), "{}", o.stderr);
    assert!(o.stderr.contains("error: groups["), "{}", o.stderr);
    assert!(o.stderr.contains("option set `big` counts 1.2 MiB as it expands"), "{}", o.stderr);
    assert!(o.stderr.contains("more than the 16 MiB they may add (the repetition budget"), "{}", o.stderr);

    for i in 0..40 {
        let set = format!("set: c{i}\noptions:\n  - name: o{i}\n  - include: c{}\n", i + 1);
        std::fs::write(dir.path().join(format!("sets/c{i}.yaml")), set).unwrap();
    }
    std::fs::write(dir.path().join("sets/c40.yaml"), "set: c40\noptions:\n  - name: o40\n").unwrap();
    let o = generate(dir.path(), &format!("{HEAD}      - include: c0\n"), &[]);
    assert_eq!(o.code, 2);
    let deepest = dir.path().join("sets/c31.yaml").display().to_string();
    assert!(
        o.stderr.starts_with(&format!(
            "{deepest}:4:14: error: options[1].include: option sets nest deeper than 32 includes here"
        )),
        "{}",
        o.stderr
    );
}

/// Raw ESC and bidi controls from the input never reach the terminal: each message that
/// quotes input escapes them as `{:?}` does (`\u{1b}`, `\u{202e}`).
#[test]
fn control_and_bidi_characters_in_messages_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // YAML's `\e` and `\u202E` escapes put a real ESC and RIGHT-TO-LEFT OVERRIDE in the text.
    let hostile = r#"x\e[31m\u202Ey"#;
    let specs = [
        ("unknown key", format!("namespace: test\n\"{hostile}\": 1\n")),
        ("unknown type", format!("{HEAD}      - {{name: x, type: \"{hostile}\"}}\n")),
        ("include", format!("{HEAD}      - include: \"{hostile}\"\n")),
        ("regex", format!("{HEAD}      - {{name: x, regex: \"({hostile}\"}}\n")),
    ];
    let check = |what: &str, stderr: &str| {
        assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'), "{what}: raw control in {stderr:?}");
        assert!(stderr.contains(r"x\u{1b}[31m\u{202e}y"), "{what}: {stderr:?}");
    };
    for (what, spec) in &specs {
        let o = generate(dir.path(), spec, &[]);
        assert_eq!(o.code, 2, "{what}: {}", o.stderr);
        check(what, &o.stderr);
    }
    // A generator config's unknown key, raw in the file.
    let conf = dir.path().join("gen.conf");
    std::fs::write(&conf, "[DEFAULT]\nx\u{1b}[31m\u{202e}y = 1\n").unwrap();
    let out = confspec(&["generate", "--config-file", conf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    check("generator config key", &String::from_utf8_lossy(&out.stderr));
}

/// A problem inside an included option set is reported in the set's file, with a note at
/// the include entry; a set that does not parse gives its own diagnostic, not one glued into
/// the include's.
#[test]
fn problems_in_an_included_set_note_where_it_is_included() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sets")).unwrap();
    let set_file = dir.path().join("sets/mine.yaml");
    let spec_file = dir.path().join("spec.yaml");
    let include = format!("{}:5:18: note: included from here", spec_file.display());
    std::fs::write(&set_file, "set: mine\noptions:\n  - name: x\n    type: nope\n").unwrap();
    let o = generate(dir.path(), &format!("{HEAD}      - include: mine\n"), &[]);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(o.code, 2);
    assert_eq!(lines.len(), 2, "{}", o.stderr);
    assert!(
        lines[0].starts_with(&format!("{}:4:11: error: options[0].type: unknown type `nope`", set_file.display())),
        "{}",
        o.stderr
    );
    assert_eq!(lines[1], include);

    std::fs::write(&set_file, "set: mine\noptions: [\n").unwrap();
    let o = generate(dir.path(), &format!("{HEAD}      - include: mine\n"), &[]);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", o.stderr);
    assert!(
        lines[0].starts_with(&format!("{}:3:1: error: did not find expected node content", set_file.display())),
        "{}",
        o.stderr
    );
    assert_eq!(lines[1], include);
}

/// Errors that say what to do: the likely type, a tab, an option set or oslo data given as a
/// spec.
#[test]
fn errors_point_at_what_was_meant() {
    let dir = tempfile::tempdir().unwrap();
    for (ty, meant) in
        [("int", "integer"), ("IntOpt", "integer"), ("str", "string"), ("strng", "string"), ("bool", "boolean")]
    {
        let o = generate(dir.path(), &format!("{HEAD}      - {{name: x, type: {ty}}}\n"), &[]);
        assert!(o.stderr.contains(&format!("unknown type `{ty}`; did you mean `{meant}`?")), "{ty}: {}", o.stderr);
    }
    let o = generate(dir.path(), "namespace: bad\ngroups:\n\t- name: g\n", &[]);
    assert!(o.stderr.contains(":3:1: error: found character that cannot start any token"), "{}", o.stderr);
    assert!(o.stderr.contains("(a tab: YAML indents with spaces only)"), "{}", o.stderr);
    let set = crate::common::root().join("specs/sets/keystoneauth1-session.yaml");
    let out = crate::common::confspec(&["generate", set.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error: this is an option set (`set:`), not a spec: include it")
    );
    let data = crate::common::fixtures().join("namespaces/oslo.log/data.yaml");
    let out = crate::common::confspec(&["generate", data.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("oslo-config-generator's machine-readable data, not a spec: `confspec import`"));
}
