//! Operator tools: validate, upgrade and diff, on realistic config files, plus the INI reader
//! against oslo's own parser.

use crate::common::{confspec, root};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn config(name: &str) -> String {
    root().join("tests/configs").join(name).display().to_string()
}

/// A finding as the JSON report gives it: (line, severity, message).
type Found = (Option<u64>, String, String);

/// The exit code and every finding, from the JSON report.
fn findings(args: &[&str]) -> (Option<i32>, Vec<Found>) {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let out = confspec(&args);
    assert!(out.stderr.is_empty() || out.status.code() == Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    let list = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (f["line"].as_u64(), f["severity"].as_str().unwrap().to_owned(), f["message"].as_str().unwrap().to_owned())
        })
        .collect();
    (out.status.code(), list)
}

#[test]
fn each_problem_of_a_nova_conf_is_reported_at_its_line() {
    let conf = config("nova-problems.conf");
    let (code, found) = findings(&["validate", "--input-file", &conf]);
    assert_eq!(code, Some(1), "errors exit 1");
    let expected: &[(u64, &str, &str)] = &[
        (2, "note", "[DEFAULT] is not a group of the specs"),
        (7, "warning", "[ssl]/ca_file is a deprecated name: use [glance]/cafile"),
        (12, "warning", "[glance]/api_insecure is a deprecated name: use [glance]/insecure"),
        (13, "error", "[glance]/num_retries: '-1' is below the minimum 0"),
        (14, "error", "[glance]/api_server is not an option of the specs; did you mean `api_servers`?"),
        (15, "error", "[glance]/tls_min_version: '1.1' is not one of the choices"),
        (16, "error", "[glance]/timeout: 'soon' is not a number"),
        (17, "error", "[glance]/verify_glance_signatures: 'maybe' is not a boolean"),
        (26, "warning", "[glance]/enable_certificate_validation is deprecated for removal since 16.0.0"),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((line, severity, message), (want_line, want_severity, want_message)) in found.iter().zip(expected) {
        assert_eq!(*line, Some(*want_line), "{message}");
        assert_eq!(severity, want_severity, "{message}");
        assert!(
            message.starts_with(want_message),
            "line {want_line}: {message:?} does not start with {want_message:?}"
        );
    }
    // Valid lines (every other option of the file) have no finding: checked by the exact list.

    // The text report: one `path:line: severity: message` per finding and a summary.
    let text = stdout(&confspec(&["validate", "--input-file", &conf]));
    assert!(text.contains(&format!("{conf}:13: error: [glance]/num_retries: '-1' is below the minimum 0\n")), "{text}");
    assert!(text.ends_with(&format!("{conf}: 5 errors, 3 warnings\n")), "{text}");
}

#[test]
fn valid_lines_of_every_type_have_no_finding() {
    let spec = root().join("tests/specs/features.yaml");
    let (code, found) = findings(&[
        "validate",
        spec.to_str().unwrap(),
        "--input-file",
        &config("features-valid.conf"),
        "--fatal-warnings",
    ]);
    assert_eq!(found, vec![]);
    assert_eq!(code, Some(0));
}

/// oslo reads an old name spelled with `-` as written (`two-x = d` sets `many`), though its
/// sample lists only the `_` twin.
#[test]
fn old_names_spelled_with_dashes_are_read() {
    let spec = root().join("tests/specs/features.yaml");
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("d.conf");
    std::fs::write(&conf, "[DEFAULT]\ntoken = t\ntwo-x = d\n[legacy]\nold-both = b\n").unwrap();
    let (code, found) = findings(&["validate", spec.to_str().unwrap(), "--input-file", conf.to_str().unwrap()]);
    let want: Vec<Found> = vec![
        (Some(3), "warning".into(), "[DEFAULT]/two-x is a deprecated name: use [DEFAULT]/many".into()),
        (Some(5), "warning".into(), "[legacy]/old-both is a deprecated name: use [DEFAULT]/both".into()),
    ];
    assert_eq!((code, found), (Some(0), want));
}

#[test]
fn booleans_are_read_as_oslo_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("b.conf");
    for (value, ok) in [
        ("true", true),
        ("FALSE", true),
        ("Yes", true),
        ("no", true),
        ("On", true),
        ("off", true),
        ("1", true),
        ("0", true),
        ("maybe", false),
        ("2", false),
        ("", false),
    ] {
        std::fs::write(&conf, format!("[glance]\nverify_glance_signatures = {value}\n")).unwrap();
        let (code, found) = findings(&["validate", "--input-file", conf.to_str().unwrap()]);
        assert_eq!(found.is_empty(), ok, "{value:?}: {found:?}");
        assert_eq!(code, Some(if ok { 0 } else { 1 }));
    }
}

#[test]
fn warnings_exit_zero_unless_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("w.conf");
    std::fs::write(&conf, "[glance]\nnum_retries = 2\nnum_retries = 3\n[ssl]\nca_file = /etc/ssl/ca.pem\n").unwrap();
    let c = conf.to_str().unwrap();
    let (code, found) = findings(&["validate", "--input-file", c]);
    assert_eq!(code, Some(0));
    let lines: Vec<(Option<u64>, &str)> = found.iter().map(|(l, s, _)| (*l, s.as_str())).collect();
    assert_eq!(lines, [(Some(2), "warning"), (Some(5), "warning")]);
    assert!(found[0].2.contains("is set again at line 3"), "{found:?}");
    let (code, _) = findings(&["validate", "--input-file", c, "--fatal-warnings"]);
    assert_eq!(code, Some(1));
    // --exclude-group skips a section entirely.
    let (code, found) = findings(&[
        "validate",
        "--input-file",
        c,
        "--fatal-warnings",
        "--exclude-group",
        "glance",
        "--exclude-group",
        "ssl",
    ]);
    assert_eq!((code, found.len()), (Some(0), 0));
}

#[test]
fn check_defaults_reports_values_that_differ_from_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("d.conf");
    std::fs::write(&conf, "[glance]\nnum_retries = 0\ndebug = true\n").unwrap();
    let (_, found) = findings(&["validate", "--input-file", conf.to_str().unwrap(), "--check-defaults"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Some(3));
    assert!(found[0].2.contains("[glance]/debug = true differs from the default false"));
}

#[test]
fn secret_values_never_appear() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("s.yaml");
    std::fs::write(&spec, "namespace: s\ngroups:\n  - name: db\n    options:\n      - {name: password, secret: true, max_length: 4, default: pw}\n      - {name: port, type: port, secret: true}\n      - {name: token, secret: true}\n      - {name: url, type: uri}\n      - {name: count, type: integer}\n").unwrap();
    let conf = dir.path().join("s.conf");
    // `url` takes a secret that is valid where `url` is not; `count` one that is not valid.
    std::fs::write(
        &conf,
        "[db]\npassword = hunter2-TOPSECRET\npassword = other-TOPSECRET\nport = 99999-TOPSECRET\ntoken = TOPSECRET\nurl = x y://$token\ncount = $port\n",
    )
    .unwrap();
    for format in ["text", "json"] {
        let out = confspec(&[
            "validate",
            spec.to_str().unwrap(),
            "--input-file",
            conf.to_str().unwrap(),
            "--check-defaults",
            "--format",
            format,
        ]);
        let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
        assert!(!all.contains("TOPSECRET"), "{all}");
        assert!(all.contains("[db]/port: **** is not an integer"), "{all}");
        assert!(all.contains("[db]/url: **** is not a valid uri"), "{all}");
        assert!(all.contains("count: ${port} refers to [db]/port, whose value is not valid: **** is not"), "{all}");
        assert_eq!(out.status.code(), Some(1));
    }
}

/// A value that takes a secret's through any chain of `$` references is as secret as it, in
/// every finding and format; so are the names a reference error would quote from a secret.
#[test]
fn values_that_take_a_secret_through_references_never_show_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("s.yaml");
    std::fs::write(
        &spec,
        "namespace: s\ngroups:\n  - name: DEFAULT\n    options:\n\
         \x20     - {name: password, secret: true}\n\
         \x20     - {name: other_password, secret: true}\n\
         \x20     - {name: port_num, type: port}\n\
         \x20     - {name: x, type: integer}\n\
         \x20     - {name: y, type: integer, min: 1}\n\
         \x20     - {name: url, type: uri}\n\
         \x20     - {name: mode, choices: [a, b]}\n\
         \x20     - {name: host, type: hostname}\n\
         \x20     - {name: relay, default: 'via $password'}\n\
         \x20     - {name: z, type: integer}\n",
    )
    .unwrap();
    let conf = dir.path().join("s.conf");
    std::fs::write(
        &conf,
        "[DEFAULT]\npassword = hunter2\nother_password = pa$SECRETNAME\nport_num = $password\nx = $port_num\n\
         y = $x\nurl = mysql://u:$password@h:99999999\nmode = $password\nhost = $relay\n\
         z = $other_password\n",
    )
    .unwrap();
    let (s, c) = (spec.to_str().unwrap(), conf.to_str().unwrap());
    for format in ["text", "json"] {
        let out = confspec(&["validate", s, "--input-file", c, "--check-defaults", "--format", format]);
        let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
        assert!(!all.contains("hunter2") && !all.contains("SECRETNAME"), "{format}: {all}");
        for finding in [
            "[DEFAULT]/port_num: **** is not an integer",
            "[DEFAULT]/x: ${port_num} refers to [DEFAULT]/port_num, whose value is not valid: **** is not an integer",
            "[DEFAULT]/y: ${port_num} refers to [DEFAULT]/port_num, whose value is not valid: **** is not",
            "[DEFAULT]/url: **** is not a valid uri",
            "[DEFAULT]/mode: **** is not one of the choices [a, b]",
            "[DEFAULT]/host: **** is not a valid hostname",
            "[DEFAULT]/other_password: **** holds a `$` reference oslo cannot resolve",
            "[DEFAULT]/z: ${other_password} refers to [DEFAULT]/other_password, whose value is not valid: ****",
        ] {
            assert!(all.contains(finding), "{format}: no {finding:?} in {all}");
        }
        assert_eq!(out.status.code(), Some(1));
    }
}

/// Every piece of the file a finding quotes (values, keys, sections, references, selecting
/// values, defaults) is cut at 200 characters, in text and in JSON.
#[test]
fn validate_caps_every_value_it_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("c.yaml");
    std::fs::write(
        &spec,
        "namespace: c\ngroups:\n  - name: DEFAULT\n    options:\n\
         \x20     - {name: u, type: uri}\n      - {name: h, type: hostname}\n      - {name: ip, type: ip_address}\n\
         \x20     - {name: n, type: integer, choices: [1, 2]}\n      - {name: r, type: range}\n\
         \x20     - {name: d, type: dict}\n      - {name: m, max_length: 3}\n      - {name: q, quotes: true}\n\
         \x20     - {name: hosts, type: list, item_type: hostname}\n      - {name: ref}\n\
         \x20 - name: ks\n    options:\n      - include: keystoneauth1-auth\n",
    )
    .unwrap();
    let long = "x".repeat(5000);
    let conf = dir.path().join("c.conf");
    std::fs::write(
        &conf,
        format!(
            "[DEFAULT]\nu = {long}\nh = {long}\nip = {long}\nn = {}\nr = {long}\nd = a:1,{long}:2,{long}:3\n\
             m = {long}\nq = \"{long}\nhosts = a.b,{long}\n{long} = 1\nref = ${{{long}.q}}\n[{long}]\nk = 1\n\
             [ks]\nauth_type = {long}\n[ks{long}]\nk = 1\n",
            "7".repeat(5000)
        ),
    )
    .unwrap();
    let (s, c) = (spec.to_str().unwrap(), conf.to_str().unwrap());
    for format in ["text", "json"] {
        let out = confspec(&["validate", s, "--input-file", c, "--check-defaults", "--format", format]);
        let all = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{all}");
        assert!(!all.contains(&"x".repeat(201)) && !all.contains(&"7".repeat(201)), "{format}: {all}");
        assert!(all.matches(" more characters)").count() >= 20, "{format}: {all}");
    }
}

#[test]
fn syntax_errors_are_findings_and_unreadable_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("bad.conf");
    std::fs::write(&conf, "[glance\nnum_retries = 1\n[glance]\n  stray continuation\nno separator\n").unwrap();
    let (code, found) = findings(&["validate", "--input-file", conf.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let syntax: Vec<(Option<u64>, &str)> =
        found.iter().filter(|f| f.2.starts_with("syntax error")).map(|f| (f.0, f.2.as_str())).collect();
    assert_eq!(
        syntax,
        [
            (Some(1), "syntax error: Invalid section (must end with ])"),
            (Some(2), "syntax error: Section must be started before assignment"),
            (Some(4), "syntax error: Unexpected continuation line"),
            (Some(5), "syntax error: No ':' or '=' found in assignment"),
        ]
    );
    for path in [dir.path().join("missing.conf"), dir.path().to_owned()] {
        let out = confspec(&["validate", "--input-file", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(path.to_str().unwrap()));
    }
    let binary = dir.path().join("binary.conf");
    std::fs::write(&binary, b"[glance]\nnum_retries = \xff\xfe\n").unwrap();
    let out = confspec(&["validate", "--input-file", binary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary.conf:2: error: not valid UTF-8"));
}

/// A pipe (`<(...)`, `/dev/stdin`) is read until it ends; one that passes the input limit
/// (256 MiB) without ending is refused, naming it, instead of being read for ever.
#[cfg(unix)]
#[test]
fn an_input_that_never_ends_is_refused_and_one_that_ends_is_read() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let run = |endless: bool| {
        let mut child = Command::new(crate::common::BIN)
            .args(["validate", "--input-file", "/dev/stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(b"[glance]\nnum_retries = 3\n");
            let comments = "# a comment\n".repeat(1 << 16);
            // Until the reader goes away.
            while endless && stdin.write_all(comments.as_bytes()).is_ok() {}
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        out
    };
    let out = run(false);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("/dev/stdin: error: did not end within 256 MiB"), "{stderr}");
}

#[test]
fn a_misspelt_section_is_an_error_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("g.conf");
    std::fs::write(&conf, "[glanse]\nnum_retries = 1\n").unwrap();
    let (code, found) = findings(&["validate", "--input-file", conf.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(found.len(), 1);
    assert!(found[0].2.contains("did you mean [glance]?"), "{found:?}");
}

#[test]
fn upgrade_moves_all_four_session_names_and_keeps_every_comment() {
    let input = config("nova-deprecated.conf");
    let original = std::fs::read_to_string(&input).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("nova.conf");
    let out = confspec(&["upgrade", "--input-file", &input, "--output-file", output.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let upgraded = std::fs::read_to_string(&output).unwrap();

    // Clean with --fatal-warnings (sections no spec describes are notes, not warnings).
    let (code, found) = findings(&["validate", "--input-file", output.to_str().unwrap(), "--fatal-warnings"]);
    assert_eq!(code, Some(0), "{found:?}");
    assert!(found.iter().all(|f| f.1 == "note"), "{found:?}");

    // Every comment kept, every untouched line kept in order.
    let old_names = ["ca_file", "cert_file", "key_file", "api_insecure"];
    for line in original.lines().filter(|l| l.starts_with('#') || l.starts_with(';')) {
        assert!(upgraded.lines().any(|u| u == line), "lost comment {line:?}");
    }
    let kept: Vec<&str> = original.lines().filter(|l| !old_names.iter().any(|n| l.starts_with(n))).collect();
    let mut rest = upgraded.lines();
    for line in &kept {
        assert!(rest.any(|u| u == *line), "{line:?} missing or out of order in:\n{upgraded}");
    }
    for (old, new) in [
        ("ca_file", "cafile = /etc/nova/ssl/ca.pem"),
        ("cert_file", "certfile = /etc/nova/ssl/cert.pem"),
        ("key_file", "keyfile = /etc/nova/ssl/key.pem"),
        ("api_insecure", "insecure = false"),
    ] {
        assert!(!upgraded.contains(&format!("{old} =")), "{old} still there");
        assert!(upgraded.contains(new), "{new} missing");
    }
    // The moved lines are in [glance], after its last option.
    let glance = upgraded.split("[glance]").nth(1).unwrap().split("\n[").next().unwrap();
    assert!(glance.ends_with("num_retries = 3\ncafile = /etc/nova/ssl/ca.pem\ncertfile = /etc/nova/ssl/cert.pem\nkeyfile = /etc/nova/ssl/key.pem\n"), "{glance:?}");
    let report = String::from_utf8(out.stderr).unwrap();
    assert!(report.contains(":7: renamed [ssl]/ca_file -> [glance]/cafile"), "{report}");
    assert!(report.ends_with(": 4 deprecated names upgraded, 0 conflicts\n"), "{report}");
}

#[test]
fn upgrade_creates_the_section_keeps_line_endings_and_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nova.conf");
    std::fs::write(&conf, "[DEFAULT]\r\ndebug = true\r\n\r\n[ssl]\r\n# CA\r\nca_file = /ca.pem\r\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let out = confspec(&["upgrade", "--input-file", conf.to_str().unwrap(), "--in-place"]);
    assert_eq!(out.status.code(), Some(0));
    let upgraded = std::fs::read_to_string(&conf).unwrap();
    assert_eq!(upgraded, "[DEFAULT]\r\ndebug = true\r\n\r\n[ssl]\r\n# CA\r\n\r\n[glance]\r\ncafile = /ca.pem\r\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&conf).unwrap().permissions().mode() & 0o777, 0o640);
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left");
}

#[test]
fn upgrade_reports_a_conflict_instead_of_guessing() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nova.conf");
    let text = "[ssl]\nca_file = /old.pem\n\n[glance]\ncafile = /new.pem\napi_insecure = true\n";
    std::fs::write(&conf, text).unwrap();
    let output = dir.path().join("out.conf");
    let out = confspec(&["upgrade", "--input-file", conf.to_str().unwrap(), "-o", output.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a conflict is a finding");
    let report = String::from_utf8(out.stderr).unwrap();
    assert!(
        report.contains(
            ":2: warning: left [ssl]/ca_file as it is ([glance]/cafile): [glance]/cafile is already set (line 5)"
        ),
        "{report}"
    );
    // The conflict is left alone, the rest is upgraded.
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "[ssl]\nca_file = /old.pem\n\n[glance]\ncafile = /new.pem\ninsecure = true\n"
    );
}

#[test]
fn upgrade_needs_a_target_and_refuses_broken_files() {
    let out = confspec(&["upgrade", "--input-file", &config("nova-deprecated.conf")]);
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("bad.conf");
    std::fs::write(&conf, "[ssl]\nca_file /x\n").unwrap();
    let output = dir.path().join("out.conf");
    let out = confspec(&["upgrade", "--input-file", conf.to_str().unwrap(), "-o", output.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.conf:2: error: syntax error"));
    assert!(!output.exists(), "nothing half-written");
}

#[test]
fn diff_reports_each_kind_of_change() {
    let old = root().join("tests/specs/diff/old.yaml");
    let new = root().join("tests/specs/diff/new.yaml");
    let out = confspec(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    let options = |key: &str| -> Vec<String> {
        diff[key].as_array().unwrap().iter().map(|i| i["option"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(options("added"), ["[DEFAULT]/request_timeout"]);
    assert_eq!(options("removed"), ["[DEFAULT]/legacy_mode"]);
    assert_eq!(options("renamed"), ["[DEFAULT]/cache_dir"]);
    assert_eq!(diff["renamed"][0]["new"], "[DEFAULT]/cache_path");
    assert_eq!(options("deprecated_for_removal"), ["[DEFAULT]/timeout"]);
    assert_eq!(diff["deprecated_for_removal"][0]["detail"], "since 2.0: Use request_timeout.");
    assert_eq!(options("default_changed"), ["[DEFAULT]/workers"]);
    assert_eq!(
        (diff["default_changed"][0]["old"].as_str(), diff["default_changed"][0]["new"].as_str()),
        (Some("4"), Some("8"))
    );
    assert_eq!(options("type_changed"), ["[DEFAULT]/bind_port"]);
    assert_eq!(options("bounds_changed"), ["[DEFAULT]/bind_port", "[DEFAULT]/workers"]);
    assert_eq!(diff["bounds_changed"][1]["detail"], "minimum 1 → 2");
    assert_eq!(options("choices_changed"), ["[DEFAULT]/log_level"]);
    assert!(diff["choices_changed"][0]["detail"].as_str().unwrap().starts_with("added error; removed warning"));
    assert_eq!(options("aliases_added"), ["[scripts]/hook_script"]);
    assert_eq!(options("aliases_dropped"), ["[DEFAULT]/api_endpoint"]);
    assert!(diff["aliases_dropped"][0]["detail"].as_str().unwrap().contains("stop working silently"));

    let markdown = stdout(&confspec(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]));
    for title in [
        "## Added options",
        "## Removed options",
        "## Renamed options",
        "## Deprecated for removal",
        "## Defaults changed",
        "## Types changed",
        "## Bounds changed",
        "## Choices changed",
        "## Deprecated names added",
        "## Deprecated names dropped (upgrade hazard)",
    ] {
        assert!(markdown.contains(title), "{title} missing:\n{markdown}");
    }
}

#[test]
fn diff_takes_folders_and_says_when_nothing_changed() {
    let out =
        confspec(&["diff", root().join("specs").to_str().unwrap(), root().join("specs/glance.yaml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("No configuration changes."));
    let dir = tempfile::tempdir().unwrap();
    let out = confspec(&["diff", dir.path().to_str().unwrap(), root().join("specs").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "an empty folder is bad input");
}

/// What oslo's parser read (tests/golden/iniparser, made by scripts/oracle/make_ini_parity.py)
/// equals what confspec's reader reads, file by file.
#[test]
fn the_ini_reader_reads_what_oslos_parser_reads() {
    let corpus = root().join("tests/ini-corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 10);
    for path in files {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("tests/golden/iniparser").join(format!("{stem}.json"))).unwrap(),
        )
        .unwrap();
        let doc = confspec::ini::parse(&std::fs::read_to_string(&path).unwrap());
        let error = &expected["error"];
        // oslo stops at its first error; compare what it read up to there.
        let stop = error["line"].as_u64().map(|l| l as usize).unwrap_or(usize::MAX);
        let sections: Vec<(String, u64)> =
            doc.sections.iter().filter(|s| s.line < stop).map(|s| (s.name.clone(), s.line as u64)).collect();
        let want_sections: Vec<(String, u64)> = expected["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s[0].as_str().unwrap().to_owned(), s[1].as_u64().unwrap()))
            .collect();
        assert_eq!(sections, want_sections, "{stem}: sections");
        let entries: Vec<(String, String, String, u64)> = doc
            .entries
            .iter()
            .filter(|e| e.last_line < stop)
            .map(|e| (e.section.clone(), e.key.clone(), e.value.clone(), e.line as u64))
            .collect();
        let want: Vec<(String, String, String, u64)> = expected["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e[0].as_str().unwrap().to_owned(),
                    e[1].as_str().unwrap().to_owned(),
                    e[2].as_str().unwrap().to_owned(),
                    e[3].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(entries, want, "{stem}: entries");
        match error["message"].as_str() {
            None => assert!(doc.errors.is_empty(), "{stem}: {:?}", doc.errors),
            Some(message) => {
                let first = doc.errors.first().unwrap_or_else(|| panic!("{stem}: no error, oslo says {message}"));
                assert_eq!(first.message, message, "{stem}");
                // oslo notices a key without a section when the key ends (the next line);
                // confspec reports the key's own line.
                if message == "Section must be started before assignment" {
                    assert!(first.line <= stop, "{stem}");
                } else {
                    assert_eq!(first.line, stop, "{stem}");
                }
            }
        }
    }
}

/// `upgrade` writing an operator's file: what makes it that file is kept, a run that is
/// interrupted or raced changes nothing (docs/reliability.md, "Writing files").
#[cfg(unix)]
mod writing {
    use crate::common::{confspec, BIN};
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};

    /// A config with one deprecated name, so upgrading it writes.
    const OLD: &str = "[DEFAULT]\ndebug = true\n\n[glance]\napi_insecure = true\n";
    const NEW: &str = "[DEFAULT]\ndebug = true\n\n[glance]\ninsecure = true\n";

    fn is_root() -> bool {
        // SAFETY: geteuid has no preconditions.
        unsafe { libc::geteuid() == 0 }
    }

    fn temporaries(dir: &Path) -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".confspec-"))
            .collect()
    }

    /// A run of confspec held (test builds only) with its new contents written and its target
    /// untouched, until `release`.
    struct Held {
        child: std::process::Child,
        go: PathBuf,
        _sync: tempfile::TempDir,
    }

    impl Held {
        fn release(&self) {
            std::fs::write(&self.go, "").unwrap();
        }

        fn signal(&self, signal: libc::c_int) {
            // SAFETY: a plain kill of our own child, not yet reaped.
            assert_eq!(unsafe { libc::kill(self.child.id() as libc::pid_t, signal) }, 0);
        }

        fn wait(self) -> std::process::Output {
            self.child.wait_with_output().unwrap()
        }
    }

    /// Starts `confspec args` and returns once it holds its write (`CONFSPEC_TEST_PAUSE_UNTIL`).
    fn held(args: &[&str]) -> Held {
        let sync = tempfile::tempdir().unwrap();
        let go = sync.path().join("go");
        let mut command = Command::new(BIN);
        command.args(args).env("CONFSPEC_TEST_PAUSE_UNTIL", &go).stdout(Stdio::piped()).stderr(Stdio::piped());
        // A run started in the background (`cmd &`, nohup) inherits INT and HUP ignored, and
        // confspec leaves an ignored signal ignored: the child gets the default dispositions,
        // however the tests were started.
        // SAFETY: signal() is async-signal-safe, and nothing else runs between fork and exec.
        unsafe {
            command.pre_exec(|| {
                for signal in 1..=libc::SIGRTMAX() {
                    libc::signal(signal, libc::SIG_DFL);
                }
                Ok(())
            });
        }
        let mut child = command.spawn().unwrap();
        let here = sync.path().join("go.held");
        for _ in 0..60_000 {
            if here.exists() {
                return Held { child, go, _sync: sync };
            }
            if child.try_wait().unwrap().is_some() {
                let out = child.wait_with_output().unwrap();
                panic!("confspec {args:?} ended before its write: {}", String::from_utf8_lossy(&out.stderr));
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("confspec {args:?} never held its write");
    }

    /// Upgrades a 0640 copy of OLD in place (owned by nobody:nogroup and with a user xattr
    /// when `owner_and_xattrs`) and returns its metadata after the upgrade.
    fn upgrade_in_place_0640(owner_and_xattrs: bool) -> (tempfile::TempDir, PathBuf, std::fs::Metadata) {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("nova.conf");
        std::fs::write(&conf, OLD).unwrap();
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o640)).unwrap();
        if owner_and_xattrs {
            rustix::fs::setxattr(&conf, "user.confspec", b"kept", rustix::fs::XattrFlags::empty())
                .unwrap_or_else(|e| panic!("needs user xattrs in {}: {e}", dir.path().display()));
            std::os::unix::fs::chown(&conf, Some(65534), Some(65534)).unwrap();
        }
        let out = confspec(&["upgrade", "--input-file", conf.to_str().unwrap(), "--in-place"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(std::fs::read_to_string(&conf).unwrap(), NEW);
        let meta = std::fs::metadata(&conf).unwrap();
        assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
        (dir, conf, meta)
    }

    #[test]
    fn in_place_keeps_the_mode() {
        upgrade_in_place_0640(false);
    }

    #[test]
    #[ignore = "needs root (chown) and user xattrs: run as root with -- --ignored (.ci/run does)"]
    fn in_place_keeps_owner_group_mode_and_extended_attributes() {
        assert!(is_root(), "needs root, for chown");
        let (_dir, conf, meta) = upgrade_in_place_0640(true);
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534), "nobody:nogroup kept");
        let mut value = [0u8; 16];
        let len = rustix::fs::getxattr(&conf, "user.confspec", &mut value).unwrap();
        assert_eq!(&value[..len], b"kept");
    }

    #[test]
    fn in_place_follows_a_symlink_and_refuses_hard_links() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let real = dir.path().join("real/nova.conf");
        std::fs::write(&real, OLD).unwrap();
        let link = dir.path().join("nova.conf");
        std::os::unix::fs::symlink("real/nova.conf", &link).unwrap();
        let out = confspec(&["upgrade", "--input-file", link.to_str().unwrap(), "--in-place"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), NEW, "its target is upgraded");

        std::fs::write(&real, OLD).unwrap();
        std::fs::hard_link(&real, dir.path().join("nova.conf.bak")).unwrap();
        let out = confspec(&["upgrade", "--input-file", real.to_str().unwrap(), "--in-place"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("has 2 hard links"), "{stderr}");
        assert_eq!(std::fs::read_to_string(dir.path().join("nova.conf.bak")).unwrap(), OLD);
        assert_eq!(std::fs::metadata(&real).unwrap().nlink(), 2, "not split");
    }

    #[test]
    fn a_copy_is_as_private_as_the_config() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("nova.conf");
        std::fs::write(&conf, OLD).unwrap();
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).unwrap();
        let copy = dir.path().join("new.conf");
        let mut command = Command::new(BIN);
        command.args(["upgrade", "--input-file", conf.to_str().unwrap(), "-o", copy.to_str().unwrap()]);
        // SAFETY: umask is async-signal-safe.
        unsafe {
            command.pre_exec(|| {
                libc::umask(0o022);
                Ok(())
            })
        };
        assert_eq!(command.status().unwrap().code(), Some(0));
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), NEW);
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    }

    /// A spec with a secret option, and a config that sets it.
    const SECRET_SPEC: &str = "namespace: t\ngroups:\n  - name: DEFAULT\n    options:\n      - {name: password, type: string, secret: true, help: A password.}\n      - {name: debug, type: boolean, default: false, help: Debug.}\n";
    const SECRET_CONF: &str = "[DEFAULT]\npassword = hunter2\n";

    /// `upgrade -o` of a config that sets `conf` (in a config of mode `conf_mode`) onto an
    /// existing file of mode `target_mode`: the exit code and stderr, the file left as it was
    /// when refused.
    fn copy_onto(conf: &str, conf_mode: u32, target_mode: u32, target_owner: Option<u32>) -> (Option<i32>, String) {
        copy_onto_with(conf, conf_mode, target_mode, target_owner, None)
    }

    /// `copy_onto`, with `acl` as the target's access ACL.
    fn copy_onto_with(
        conf: &str,
        conf_mode: u32,
        target_mode: u32,
        target_owner: Option<u32>,
        acl: Option<&[u8]>,
    ) -> (Option<i32>, String) {
        let dir = tempfile::tempdir().unwrap();
        let (spec, config, target) =
            (dir.path().join("t.yaml"), dir.path().join("t.conf"), dir.path().join("copy.conf"));
        std::fs::write(&spec, SECRET_SPEC).unwrap();
        std::fs::write(&config, conf).unwrap();
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(conf_mode)).unwrap();
        std::fs::write(&target, "old\n").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(target_mode)).unwrap();
        if let Some(owner) = target_owner {
            std::os::unix::fs::chown(&target, Some(owner), None).unwrap();
        }
        if let Some(acl) = acl {
            if let Err(e) =
                rustix::fs::setxattr(&target, "system.posix_acl_access", acl, rustix::fs::XattrFlags::empty())
            {
                eprintln!("skipped the ACL case: no ACLs on this filesystem ({e})");
                return (
                    Some(2),
                    "would hold secret values readable by the users and groups its access ACL names".into(),
                );
            }
        }
        let out = confspec(&[
            "upgrade",
            spec.to_str().unwrap(),
            "--input-file",
            config.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let meta = std::fs::metadata(&target).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, target_mode, "the mode is kept either way");
        if out.status.code() == Some(0) {
            assert_eq!(std::fs::read_to_string(&target).unwrap(), conf);
        } else {
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n", "{stderr}");
            assert!(temporaries(dir.path()).is_empty());
        }
        assert!(!stderr.contains("hunter2"), "{stderr}");
        (out.status.code(), stderr)
    }

    /// A copy of a config that sets a secret option, written with `-o` onto an existing file
    /// that others could read (it keeps its mode, group and ACL), is refused: the secret would
    /// reach readers the config does not have.
    #[test]
    fn a_copy_with_secrets_is_not_written_where_others_could_read_it() {
        let refused = "would hold secret values readable by";
        let (code, stderr) = copy_onto(SECRET_CONF, 0o600, 0o644, None);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains(&format!("copy.conf: error: {refused} everyone (it is world-readable)")), "{stderr}");
        let (code, stderr) = copy_onto(SECRET_CONF, 0o600, 0o640, None);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains(&format!("{refused} its group")), "{stderr}");
        // An access ACL that names another user (user::rw-, user:65534:r--, group::---,
        // mask::r--, other::---), on a file whose bits the config shares.
        let mut acl = 2u32.to_le_bytes().to_vec();
        for (tag, perm, id) in
            [(0x01u16, 6u16, u32::MAX), (0x02, 4, 65534), (0x04, 0, u32::MAX), (0x10, 4, u32::MAX), (0x20, 0, u32::MAX)]
        {
            acl.extend(tag.to_le_bytes());
            acl.extend(perm.to_le_bytes());
            acl.extend(id.to_le_bytes());
        }
        let (code, stderr) = copy_onto_with(SECRET_CONF, 0o640, 0o640, None, Some(&acl));
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains(&format!("{refused} the users and groups its access ACL names")), "{stderr}");
        // Readers the config has too, or a config without a secret set: written.
        for (conf, conf_mode, target_mode) in [
            (SECRET_CONF, 0o600, 0o600),
            (SECRET_CONF, 0o640, 0o640),
            (SECRET_CONF, 0o644, 0o644),
            ("[DEFAULT]\ndebug = true\n", 0o600, 0o644),
        ] {
            let (code, stderr) = copy_onto(conf, conf_mode, target_mode, None);
            assert_eq!(code, Some(0), "{conf:?} {conf_mode:o} onto {target_mode:o}: {stderr}");
        }
    }

    /// An auth plugin's `password` is as secret as any secret option (the diff masks it): a
    /// copy holding one is refused onto a file everyone may read.
    #[test]
    fn a_copy_holding_an_auth_plugins_password_is_not_written_where_others_could_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("nova.conf");
        std::fs::write(&conf, "[keystone_authtoken]\nauth_type = password\npassword = hunter2\n").unwrap();
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).unwrap();
        let copy = dir.path().join("copy.conf");
        std::fs::write(&copy, "old\n").unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o644)).unwrap();
        let out = confspec(&[
            "upgrade",
            "--service",
            "nova",
            "--input-file",
            conf.to_str().unwrap(),
            "-o",
            copy.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("would hold secret values readable by everyone"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), "old\n");
    }

    #[test]
    #[ignore = "needs root (chown): run as root with -- --ignored (.ci/run does)"]
    fn a_copy_with_secrets_is_not_written_onto_another_users_file() {
        assert!(is_root(), "needs root, for chown");
        let (code, stderr) = copy_onto(SECRET_CONF, 0o600, 0o600, Some(65534));
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("would hold secret values readable by its owner (uid 65534)"), "{stderr}");
    }

    /// A new copy holding a secret gets the config's group, or no group bits where the user
    /// may not give it that group, and no ACL from the folder's default ACL: its group and ACL
    /// readers are the config's, never the runner's.
    #[test]
    #[ignore = "needs root (chown, running as nobody): run as root with -- --ignored (.ci/run does)"]
    fn a_new_copy_with_secrets_gets_the_configs_group_or_none() {
        assert!(is_root(), "needs root, for chown and setuid");
        let run = |as_nobody: bool| {
            let dir = tempfile::tempdir().unwrap();
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
            let (spec, config, copy) =
                (dir.path().join("t.yaml"), dir.path().join("t.conf"), dir.path().join("copy.conf"));
            std::fs::write(&spec, SECRET_SPEC).unwrap();
            std::fs::write(&config, SECRET_CONF).unwrap();
            std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o640)).unwrap();
            // root's config with nogroup as its group; nobody's with root's group.
            let (owner, group) = if as_nobody { (65534, 0) } else { (0, 65534) };
            std::os::unix::fs::chown(&config, Some(owner), Some(group)).unwrap();
            // A default ACL that would give user 1000 read of new files.
            let mut acl = 2u32.to_le_bytes().to_vec();
            for (tag, perm, id) in [
                (0x01u16, 6u16, u32::MAX),
                (0x02, 4, 1000),
                (0x04, 4, u32::MAX),
                (0x10, 4, u32::MAX),
                (0x20, 0, u32::MAX),
            ] {
                acl.extend(tag.to_le_bytes());
                acl.extend(perm.to_le_bytes());
                acl.extend(id.to_le_bytes());
            }
            let acls =
                rustix::fs::setxattr(dir.path(), "system.posix_acl_default", &acl, rustix::fs::XattrFlags::empty())
                    .is_ok();
            let mut command = Command::new(BIN);
            command.args([
                "upgrade",
                spec.to_str().unwrap(),
                "--input-file",
                config.to_str().unwrap(),
                "-o",
                copy.to_str().unwrap(),
            ]);
            if as_nobody {
                // SAFETY: setgroups, setgid and setuid are async-signal-safe.
                unsafe {
                    command.pre_exec(|| {
                        if libc::setgroups(0, std::ptr::null()) != 0
                            || libc::setgid(65534) != 0
                            || libc::setuid(65534) != 0
                        {
                            return Err(std::io::Error::last_os_error());
                        }
                        Ok(())
                    })
                };
            }
            let out = command.output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
            let meta = std::fs::metadata(&copy).unwrap();
            if acls {
                let mut value = [0u8; 256];
                let acl = rustix::fs::getxattr(&copy, "system.posix_acl_access", &mut value);
                assert!(acl.is_err(), "the copy got an access ACL: {acl:?}");
            }
            (meta.uid(), meta.gid(), meta.permissions().mode() & 0o777)
        };
        assert_eq!(run(false), (0, 65534, 0o640), "root gives the copy the config's group");
        assert_eq!(run(true), (65534, 65534, 0o600), "nobody may not: no group bits");
    }

    #[test]
    fn a_line_appended_during_the_run_is_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("nova.conf");
        std::fs::write(&conf, OLD).unwrap();
        let run = held(&["upgrade", "--input-file", conf.to_str().unwrap(), "--in-place"]);
        {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new().append(true).open(&conf).unwrap();
            f.write_all(b"num_retries = 3\n").unwrap();
        }
        run.release();
        let out = run.wait();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("changed while confspec was working on it"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&conf).unwrap(), format!("{OLD}num_retries = 3\n"));
        assert!(temporaries(dir.path()).is_empty());
    }

    /// Every catchable signal whose default action ends a process, by name.
    fn ending_signals() -> Vec<(libc::c_int, String)> {
        let mut signals: Vec<(libc::c_int, String)> = [
            (libc::SIGHUP, "SIGHUP"),
            (libc::SIGINT, "SIGINT"),
            (libc::SIGQUIT, "SIGQUIT"),
            (libc::SIGILL, "SIGILL"),
            (libc::SIGTRAP, "SIGTRAP"),
            (libc::SIGABRT, "SIGABRT"),
            (libc::SIGBUS, "SIGBUS"),
            (libc::SIGFPE, "SIGFPE"),
            (libc::SIGUSR1, "SIGUSR1"),
            (libc::SIGSEGV, "SIGSEGV"),
            (libc::SIGUSR2, "SIGUSR2"),
            (libc::SIGPIPE, "SIGPIPE"),
            (libc::SIGALRM, "SIGALRM"),
            (libc::SIGTERM, "SIGTERM"),
            (libc::SIGSTKFLT, "SIGSTKFLT"),
            (libc::SIGXCPU, "SIGXCPU"),
            (libc::SIGXFSZ, "SIGXFSZ"),
            (libc::SIGVTALRM, "SIGVTALRM"),
            (libc::SIGPROF, "SIGPROF"),
            (libc::SIGPOLL, "SIGPOLL"),
            (libc::SIGPWR, "SIGPWR"),
            (libc::SIGSYS, "SIGSYS"),
        ]
        .into_iter()
        .map(|(n, name)| (n, name.to_owned()))
        .collect();
        signals
            .extend((libc::SIGRTMIN()..=libc::SIGRTMAX()).map(|n| (n, format!("SIGRTMIN+{}", n - libc::SIGRTMIN()))));
        signals
    }

    /// Signals confspec ignores (Rust's runtime SIGPIPE; the binary SIGXFSZ, so that a file past
    /// `ulimit -f` is a write error): the write goes on and completes.
    const IGNORED: [libc::c_int; 2] = [libc::SIGPIPE, libc::SIGXFSZ];

    #[test]
    fn a_signal_during_the_write_removes_the_temporary_and_exits_128_plus_n() {
        for (signal, name) in ending_signals() {
            let dir = tempfile::tempdir().unwrap();
            let conf = dir.path().join("nova.conf");
            std::fs::write(&conf, OLD).unwrap();
            std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).unwrap();
            let run = held(&["upgrade", "--input-file", conf.to_str().unwrap(), "--in-place"]);
            run.signal(signal);
            if IGNORED.contains(&signal) {
                run.release();
                let out = run.wait();
                assert_eq!(out.status.code(), Some(0), "{name}: {:?}", out.status);
                assert_eq!(std::fs::read_to_string(&conf).unwrap(), NEW, "{name}: ignored, the write completes");
            } else {
                let out = run.wait();
                assert_eq!(out.status.code(), Some(128 + signal), "{name}: {:?}", out.status);
                assert_eq!(std::fs::read_to_string(&conf).unwrap(), OLD, "{name}: the original is intact");
            }
            assert!(temporaries(dir.path()).is_empty(), "{name}: temporary left behind");
        }
        // A generated sample being written, too.
        for signal in [libc::SIGTERM, libc::SIGUSR1, libc::SIGALRM, libc::SIGXCPU] {
            let dir = tempfile::tempdir().unwrap();
            let target = dir.path().join("sample.ini");
            let run = held(&["generate", "-o", target.to_str().unwrap()]);
            run.signal(signal);
            assert_eq!(run.wait().status.code(), Some(128 + signal));
            assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "nothing left");
        }
    }

    /// Whether `dir`'s filesystem makes unnamed files (O_TMPFILE).
    fn has_unnamed_files(dir: &Path) -> bool {
        use rustix::fs::{openat, Mode, OFlags, CWD};
        openat(CWD, dir, OFlags::TMPFILE | OFlags::WRONLY, Mode::from_raw_mode(0o600)).is_ok()
    }

    /// SIGKILL cannot be caught: the new contents are written to an unnamed file, which has no
    /// name to leave behind until it takes the target's.
    #[test]
    fn sigkill_during_the_write_leaves_nothing_where_the_filesystem_has_unnamed_files() {
        let dir = tempfile::tempdir().unwrap();
        if !has_unnamed_files(dir.path()) {
            return eprintln!("skipped: {} has no O_TMPFILE (not promised there)", dir.path().display());
        }
        let conf = dir.path().join("nova.conf");
        std::fs::write(&conf, OLD).unwrap();
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).unwrap();
        let copy = dir.path().join("copy.conf");
        for args in [
            vec!["upgrade", "--input-file", conf.to_str().unwrap(), "--in-place"],
            vec!["upgrade", "--input-file", conf.to_str().unwrap(), "-o", copy.to_str().unwrap()],
            vec!["generate", "-o", copy.to_str().unwrap()],
        ] {
            let run = held(&args);
            assert!(temporaries(dir.path()).is_empty(), "{args:?}: the new contents have a name while written");
            run.signal(libc::SIGKILL);
            assert_eq!(run.wait().status.signal(), Some(libc::SIGKILL));
            let mut names: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            assert_eq!(names, ["nova.conf"], "{args:?}: something left behind");
            assert_eq!(std::fs::read_to_string(&conf).unwrap(), OLD, "{args:?}");
        }
    }

    /// Past `ulimit -f`, a write fails with EFBIG (SIGXFSZ is ignored): exit 2 naming the file,
    /// the temporary removed, the target as it was.
    #[test]
    fn a_file_past_the_size_limit_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("nova.conf");
        std::fs::write(&conf, format!("{OLD}{}", "# a comment of the config\n".repeat(200))).unwrap();
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).unwrap();
        let sample = dir.path().join("sample.ini");
        std::fs::write(&sample, "old\n").unwrap();
        let (copy, stdout) = (dir.path().join("copy.conf"), dir.path().join("stdout.ini"));
        for (args, target) in [
            (vec!["upgrade", "--input-file", conf.to_str().unwrap(), "--in-place"], conf.as_path()),
            (vec!["upgrade", "--input-file", conf.to_str().unwrap(), "-o", copy.to_str().unwrap()], copy.as_path()),
            (vec!["generate", "-o", sample.to_str().unwrap()], sample.as_path()),
            (vec!["generate"], stdout.as_path()),
        ] {
            let before = std::fs::read(target).ok();
            let mut command = Command::new(BIN);
            command.args(&args).stdout(std::fs::File::create(&stdout).unwrap());
            // SAFETY: setrlimit and signal are async-signal-safe.
            unsafe {
                command.pre_exec(|| {
                    libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
                    let limit = libc::rlimit { rlim_cur: 1024, rlim_max: 1024 };
                    if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                })
            };
            let out = command.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {:?} {stderr}", out.status);
            assert!(stderr.contains("error: file too large"), "{args:?}: {stderr}");
            assert!(temporaries(dir.path()).is_empty(), "{args:?}: temporary left behind");
            if target != stdout {
                assert_eq!(std::fs::read(target).ok(), before, "{args:?}: the target changed");
            }
        }
    }

    #[test]
    fn a_closed_or_full_stderr_changes_nothing_but_the_message() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("nova.conf");
        let bad = dir.path().join("bad.yaml");
        std::fs::write(&bad, "namespace: bad\ngroups: {\n").unwrap();
        for stderr in ["closed", "a pipe nobody reads", "full"] {
            std::fs::write(&conf, OLD).unwrap();
            let run = |args: &[&str]| {
                let mut command = Command::new(BIN);
                command.args(args);
                if stderr == "full" {
                    command.stderr(std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap());
                } else if stderr == "a pipe nobody reads" {
                    let mut fds = [0; 2];
                    // SAFETY: pipe fills two descriptors; the read end is closed at once and the
                    // write end handed to the child (and so closed here by Stdio).
                    unsafe {
                        assert_eq!(libc::pipe(fds.as_mut_ptr()), 0);
                        libc::close(fds[0]);
                        command.stderr(<Stdio as std::os::fd::FromRawFd>::from_raw_fd(fds[1]));
                    }
                } else {
                    // SAFETY: close is async-signal-safe.
                    unsafe {
                        command.pre_exec(|| {
                            libc::close(2);
                            Ok(())
                        })
                    };
                }
                command.output().unwrap().status.code()
            };
            // The upgrade's report goes to stderr after the file is written.
            assert_eq!(
                run(&["upgrade", "--input-file", conf.to_str().unwrap(), "--in-place"]),
                Some(0),
                "{stderr} stderr"
            );
            assert_eq!(std::fs::read_to_string(&conf).unwrap(), NEW);
            assert_eq!(run(&["generate", bad.to_str().unwrap()]), Some(2), "{stderr} stderr: bad input");
        }
    }

    /// A default ACL of the folder is what a new file there gets; a replaced file must not
    /// get it, or a private config becomes readable by the users it names.
    #[test]
    fn a_replaced_file_does_not_take_the_folders_default_acl() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("nova.conf");
        std::fs::write(&conf, OLD).unwrap();
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o640)).unwrap();
        // system.posix_acl_default, version 2: user::rw-, user:65534:rw-, group::r--,
        // mask::rw-, other::---.
        let mut acl = 2u32.to_le_bytes().to_vec();
        for (tag, perm, id) in
            [(0x01u16, 6u16, u32::MAX), (0x02, 6, 65534), (0x04, 4, u32::MAX), (0x10, 6, u32::MAX), (0x20, 0, u32::MAX)]
        {
            acl.extend(tag.to_le_bytes());
            acl.extend(perm.to_le_bytes());
            acl.extend(id.to_le_bytes());
        }
        if let Err(e) =
            rustix::fs::setxattr(dir.path(), "system.posix_acl_default", &acl, rustix::fs::XattrFlags::empty())
        {
            return eprintln!("skipped: no ACLs on this filesystem ({e})");
        }
        let out = confspec(&["upgrade", "--input-file", conf.to_str().unwrap(), "--in-place"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(std::fs::read_to_string(&conf).unwrap(), NEW);
        let mut value = [0u8; 256];
        let acl = rustix::fs::getxattr(&conf, "system.posix_acl_access", &mut value);
        assert!(acl.is_err(), "the upgraded file got an access ACL: {acl:?}");
        assert_eq!(std::fs::metadata(&conf).unwrap().permissions().mode() & 0o777, 0o640);
    }

    /// A folder made where the file was, while confspec held its write, is not swapped away.
    #[test]
    fn a_folder_made_at_the_target_during_the_write_stays() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sample.ini");
        std::fs::write(&target, "old\n").unwrap();
        let run = held(&["generate", "-o", target.to_str().unwrap()]);
        std::fs::remove_file(&target).unwrap();
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("data"), "important").unwrap();
        run.release();
        let out = run.wait();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("changed while confspec was working on it"), "{stderr}");
        assert_eq!(std::fs::read_to_string(target.join("data")).unwrap(), "important");
        assert!(temporaries(dir.path()).is_empty());
    }

    /// An import into a new folder interrupted by a signal leaves neither the folder nor its
    /// temporary.
    #[test]
    fn a_signal_during_an_import_leaves_no_folder_behind() {
        let dir = tempfile::tempdir().unwrap();
        let data = crate::common::fixtures().join("namespaces/oslo.log/data.yaml");
        let specs = dir.path().join("specs");
        let run = held(&["import", data.to_str().unwrap(), "--output-dir", specs.to_str().unwrap()]);
        run.signal(libc::SIGINT);
        assert_eq!(run.wait().status.code(), Some(128 + libc::SIGINT));
        assert!(!specs.exists());
        assert!(temporaries(dir.path()).is_empty(), "{:?}", temporaries(dir.path()));
    }

    /// Folders a write makes are built in a temporary folder: a signal while the write is held
    /// removes them with it, for each command that makes folders.
    #[test]
    fn a_signal_while_writing_into_new_folders_leaves_none() {
        let data = crate::common::fixtures().join("namespaces/oslo.log/data.yaml");
        let runs: [(&[&str], &str); 4] = [
            (&["generate", "-o"], "etc/nova/nova.conf.sample"),
            (&["upgrade", "--input-file", "nova.conf", "-o"], "etc/nova/nova.conf"),
            (&["import", data.to_str().unwrap(), "--output-dir"], "docs/specs"),
            (&["templates", "--dump"], "my/templates"),
        ];
        for (args, target) in runs {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("nova.conf"), OLD).unwrap();
            let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
            let args: Vec<String> = args
                .iter()
                .map(|a| if *a == "nova.conf" { path(a) } else { (*a).to_owned() })
                .chain([path(target)])
                .collect();
            let run = held(&args.iter().map(String::as_str).collect::<Vec<_>>());
            run.signal(libc::SIGTERM);
            assert_eq!(run.wait().status.code(), Some(128 + libc::SIGTERM), "{args:?}");
            let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
            assert_eq!(left, ["nova.conf"], "{args:?}: a folder or temporary left");
        }
    }

    /// A file that cannot keep its owner is refused, not handed to whoever ran confspec.
    #[test]
    #[ignore = "needs root (to run confspec as another user): run as root with -- --ignored (.ci/run does)"]
    fn a_file_whose_owner_cannot_be_kept_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let target = dir.path().join("sample.ini");
        std::fs::write(&target, "root's\n").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o666)).unwrap();
        let mut command = Command::new(BIN);
        command.args(["generate", "-o", target.to_str().unwrap()]);
        // SAFETY: setgid and setuid are async-signal-safe.
        unsafe {
            command.pre_exec(|| {
                if libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            })
        };
        let out = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("cannot keep its owner and group: 0:0: permission denied"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "root's\n");
        assert_eq!(std::fs::metadata(&target).unwrap().uid(), 0);
    }
}

/// validate's findings escape control and bidi characters of section and key names, in the
/// text and the JSON report, and quote at most about 200 characters of a value.
#[test]
fn validate_escapes_control_characters_and_caps_values() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("x.conf");
    let long = "9".repeat(5000);
    std::fs::write(
        &conf,
        format!("[glance]\nx\u{1b}[31m\u{202e}y = 1\nnum_retries = -{long}\n[g\u{1b}\u{202e}h]\nk = 1\n"),
    )
    .unwrap();
    let c = conf.to_str().unwrap();
    for format in ["text", "json"] {
        let out = confspec(&["validate", "--input-file", c, "--format", format]);
        let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8_lossy(&out.stderr);
        assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'), "{format}: raw control in {text:?}");
        assert!(text.contains(r"x\u{1b}[31m\u{202e}y") || text.contains(r"x\\u{1b}[31m\\u{202e}y"), "{format}: {text}");
        assert!(text.contains(r"[g\u{1b}\u{202e}h]") || text.contains(r"[g\\u{1b}\\u{202e}h]"), "{format}: {text}");
        assert!(text.contains("(4801 more characters)"), "{format}: {text}");
        assert!(text.lines().all(|l| l.chars().count() < 600), "{format}: a long line");
    }
}

/// oslo.log's oslo data (a fixture) and the folder of specs `import` made of it in `dir`.
fn oslo_log_imported(dir: &std::path::Path) -> (PathBuf, PathBuf) {
    let data = root().join("tests/fixtures/namespaces/oslo.log/data.yaml");
    let specs = dir.join("specs");
    assert_eq!(
        confspec(&["import", data.to_str().unwrap(), "--output-dir", specs.to_str().unwrap()]).status.code(),
        Some(0)
    );
    (data, specs)
}

/// oslo-config-validator's ways of naming what to check against give the same findings as
/// importing the data and validating against the specs.
#[test]
fn validate_takes_namespaces_generator_configs_and_oslo_data() {
    let dir = tempfile::tempdir().unwrap();
    let (data, specs) = oslo_log_imported(dir.path());
    let conf = dir.path().join("app.conf");
    std::fs::write(&conf, "[DEFAULT]\ndebug = maybe\nmax_logfile_count = 7\nlog_fiel = x\n").unwrap();
    let generator = dir.path().join("gen.conf");
    std::fs::write(&generator, "[DEFAULT]\nnamespace = oslo.log\n").unwrap();
    let (c, s, d, g) =
        (conf.to_str().unwrap(), specs.to_str().unwrap(), data.to_str().unwrap(), generator.to_str().unwrap());
    let imported = findings(&["validate", specs.join("oslo.log.yaml").to_str().unwrap(), "--input-file", c]);
    assert_eq!(imported.0, Some(1));
    assert_eq!(imported.1.iter().filter(|f| f.1 == "error").count(), 2, "{:?}", imported.1);
    for args in [
        vec!["validate", "--namespace", "oslo.log", "--spec-dir", s, "--input-file", c],
        vec!["validate", "--config-file", g, "--spec-dir", s, "--input-file", c],
        vec!["validate", "--opt-data", d, "--input-file", c],
    ] {
        assert_eq!(findings(&args), imported, "{args:?}");
    }
    // A namespace is a name, and it must have a spec.
    let out = confspec(&["validate", "--namespace", "../x", "--spec-dir", s, "--input-file", c]);
    assert_eq!(out.status.code(), Some(2));
    let out = confspec(&["validate", "--namespace", "oslo.nope", "--spec-dir", s, "--input-file", c]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("namespace `oslo.nope` has no spec"));
    // Without any, it says what it checked against.
    let out = confspec(&["validate", "--input-file", c]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("only the embedded glance spec"), "{out:?}");
}

/// upgrade reads a config against the same sources as validate, with the same results as
/// against the imported spec files, and says when it fell back to the embedded glance spec.
#[test]
fn upgrade_takes_the_spec_sources_validate_takes() {
    let dir = tempfile::tempdir().unwrap();
    let (data, specs) = oslo_log_imported(dir.path());
    let conf = dir.path().join("app.conf");
    std::fs::write(&conf, "[DEFAULT]\nlogfile = /var/log/app.log\nlog_config = /etc/app/logging.conf\n").unwrap();
    let generator = dir.path().join("gen.conf");
    std::fs::write(&generator, "[DEFAULT]\nnamespace = oslo.log\n").unwrap();
    let (c, s, d, g) =
        (conf.to_str().unwrap(), specs.to_str().unwrap(), data.to_str().unwrap(), generator.to_str().unwrap());
    let upgraded = |args: &[&str]| {
        let out = confspec(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let imported = upgraded(&["upgrade", specs.join("oslo.log.yaml").to_str().unwrap(), "--input-file", c, "-o", "-"]);
    assert_eq!(imported.0, "[DEFAULT]\nlog_file = /var/log/app.log\nlog_config_append = /etc/app/logging.conf\n");
    for args in [
        vec!["upgrade", "--namespace", "oslo.log", "--spec-dir", s, "--input-file", c, "-o", "-"],
        vec!["upgrade", "--config-file", g, "--spec-dir", s, "--input-file", c, "-o", "-"],
        vec!["upgrade", "--opt-data", d, "--input-file", c, "-o", "-"],
    ] {
        assert_eq!(upgraded(&args), imported, "{args:?}");
    }
    let out = confspec(&["upgrade", "--opt-data", d, "--service", "nova", "--input-file", c, "--diff"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // Without any, it says what it read the file against.
    let (text, notes) = upgraded(&["upgrade", "--input-file", c, "-o", "-"]);
    assert_eq!(text, std::fs::read_to_string(&conf).unwrap());
    assert!(notes.contains("only the embedded glance spec") && notes.contains("point upgrade at"), "{notes}");
}

#[test]
fn upgrade_diff_shows_the_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nova.conf");
    let old = "[DEFAULT]\ndebug = true\n\n[glance]\napi_insecure = true\n";
    std::fs::write(&conf, old).unwrap();
    let c = conf.to_str().unwrap();
    let out = confspec(&["upgrade", "--input-file", c, "--diff"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let diff = stdout(&out);
    assert!(diff.starts_with(&format!("--- {c}\n+++ {c} (upgraded)\n")), "{diff}");
    assert!(diff.contains("\n-api_insecure = true\n+insecure = true\n"), "{diff}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("renamed [glance]/api_insecure -> [glance]/insecure"));
    assert_eq!(std::fs::read_to_string(&conf).unwrap(), old, "nothing written");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// `upgrade --diff` shows `****` for the value of every secret option the specs say a section
/// holds (under an old name too, on continuation lines too, an auth plugin's `password` whether
/// or not the plugin selected reads it, in a section `auth_section` points at), and only there;
/// the file written keeps the values.
#[test]
fn upgrade_diff_masks_secret_values_and_the_file_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("u.yaml");
    std::fs::write(
        &spec,
        "namespace: u\ngroups:\n  - name: DEFAULT\n    options:\n\
         \x20     - {name: db_password, secret: true, deprecated_name: old_password}\n\
         \x20     - {name: host, deprecated_name: old_host}\n\
         \x20     - {name: note}\n\
         \x20 - name: keystone_authtoken\n    options:\n      - include: keystoneauth1-auth\n\
         \x20 - name: service_user\n    options:\n      - include: keystoneauth1-auth\n",
    )
    .unwrap();
    let conf = dir.path().join("u.conf");
    // Each line within three of a change, so that the diff shows them all.
    let old = "[keystone_authtoken]\nauth_type = token\npassword = hunter2-a\n[DEFAULT]\nold_host = h\n\
               [service_user]\nauth_section = shared\npassword = hunter2-b\n[shared]\nauth_type = v3password\n\
               password: hunter2-c\n[DEFAULT]\nold_password = \"hunter2-d\"\n  hunter2-e\nnote = hunter2 is no secret here\n";
    std::fs::write(&conf, old).unwrap();
    let (s, c) = (spec.to_str().unwrap(), conf.to_str().unwrap());
    let out = confspec(&["upgrade", s, "--input-file", c, "--diff"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let diff = stdout(&out);
    assert!(!diff.contains("hunter2-"), "{diff}");
    for line in [
        " password = ****\n",
        " password: ****\n",
        " note = hunter2 is no secret here\n",
        "-old_password = ****\n",
        "+db_password = ****\n",
        "   ****\n",
        "-old_host = h\n+host = h\n",
    ] {
        assert!(diff.contains(line), "no {line:?} in\n{diff}");
    }
    let copy = dir.path().join("new.conf");
    assert_eq!(confspec(&["upgrade", s, "--input-file", c, "-o", copy.to_str().unwrap()]).status.code(), Some(0));
    let written = std::fs::read_to_string(&copy).unwrap();
    assert_eq!(written, old.replace("old_password", "db_password").replace("old_host", "host"));
}

/// The arguments clap's usage errors echo reach the terminal escaped, as every diagnostic's
/// input does; the exit codes stay clap's (2, and 0 for `--help` and `--version`).
#[test]
fn arguments_echoed_by_usage_errors_are_escaped() {
    for (args, shown) in [
        (vec!["generate", "--format", "\u{1b}]0;x\u{7}"], r"invalid value '\u{1b}]0;x\u{7}' for '--format"),
        (vec!["generate", "--bogus\rerror: forged"], r"unexpected argument '--bogus\rerror: forged' found"),
        (vec!["validate", "--input-file", "x", "--\u{202e}txt.exe"], r"unexpected argument '--\u{202e}txt.exe'"),
        (vec!["upgrade", "--in-place", "--diff\n"], r"unexpected argument '--diff\n'"),
        (vec!["gen\u{2066}erate"], r"unrecognized subcommand 'gen\u{2066}erate'"),
    ] {
        let out = confspec(&args);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(shown), "{args:?}: {stderr}");
        assert!(!stderr.contains(['\u{1b}', '\u{7}', '\r', '\u{202e}', '\u{2066}']), "{args:?}: {stderr:?}");
        assert!(!stderr.contains("\nerror: forged") && out.stdout.is_empty(), "{stderr}");
    }
    for flag in ["--help", "--version"] {
        let out = confspec(&[flag]);
        assert_eq!(out.status.code(), Some(0));
        assert!(!out.stdout.is_empty() && out.stderr.is_empty());
    }
}

/// (line, severity, start of message) for each finding, in order.
fn assert_findings(found: &[Found], expected: &[(u64, &str, &str)]) {
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((line, severity, message), (want_line, want_severity, want_message)) in found.iter().zip(expected) {
        assert_eq!((*line, severity.as_str()), (Some(*want_line), *want_severity), "{message}");
        assert!(
            message.starts_with(want_message),
            "line {want_line}: {message:?} does not start with {want_message:?}"
        );
    }
}

#[test]
fn selected_options_are_checked_only_where_the_selecting_value_brings_them() {
    let spec = root().join("tests/specs/selects/service.yaml").display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("service.conf");
    let run = |text: &str| {
        std::fs::write(&conf, text).unwrap();
        findings(&["validate", &spec, "--input-file", conf.to_str().unwrap()])
    };

    // A plugin's options are options of the section once auth_type names the plugin; the
    // options of another plugin, or of another driver, are not read.
    let (code, found) =
        run("[identity]\nauth_type = password\nauth_url = http://k/v3\nusrname = nova\ninsecure_ish = perhaps\n\
         [shared]\nauth_type = token\nauth_url = http://k/v3\nusername = x\n\
         [cache]\nbackend = redis\nmemcache_servers = a:1\nredis_url = redis://r\n");
    assert_eq!(code, Some(1));
    assert_findings(
        &found,
        &[
            (4, "error", "[identity]/usrname is not an option of the specs; did you mean `username`?"),
            (5, "error", "[identity]/insecure_ish: 'perhaps' is not a boolean"),
            (7, "error", "required option [shared]/token is not set (auth_type = token reads it)"),
            (9, "warning", "[shared]/username is not read: auth_type = token does not read it"),
            (12, "warning", "[cache]/memcache_servers is not read: backend = redis does not read it"),
        ],
    );

    // auth_section: the plugin and its options come from the section it names.
    let (code, found) = run("[identity]\nauth_section = shared\nusername = ignored\n\
         [shared]\nauth_type = password\nauth_url = http://k/v3\nusername = nova\n\
         [other]\nauth_type = saml\nwhatever = 1\n");
    assert_eq!(code, Some(0), "{found:#?}");
    assert_findings(
        &found,
        &[
            (3, "warning", "[identity]/username is not read: auth_section = shared, so the auth_type plugin's options are read from [shared]"),
            (9, "warning", "[other]/auth_type: the specs do not know 'saml' (they know password, token)"),
        ],
    );
    // A near miss of a plugin's name is a typo the service fails to start on: an error.
    let (code, found) = run("[other]\nauth_type = pasword\n");
    assert_eq!(code, Some(1), "{found:#?}");
    assert_findings(
        &found,
        &[(
            2,
            "error",
            "[other]/auth_type: the specs do not know 'pasword' (did you mean `password`? they know password, token)",
        )],
    );
    let (_, found) = run("[identity]\nauth_section = nowhere\n[shared]\nauth_type = token\n");
    assert_findings(
        &found,
        &[
            (2, "warning", "[identity]/auth_section names [nowhere], which this file does not have"),
            (4, "error", "required option [shared]/auth_url is not set (auth_type = token reads it)"),
            (4, "error", "required option [shared]/token is not set (auth_type = token reads it)"),
        ],
    );

    // A section that names itself reads its own options.
    let (code, found) = run("[identity]\nauth_section = identity\nauth_type = password\nauth_url = http://k/v3\n");
    assert_eq!((code, found.len()), (Some(0), 0), "{found:#?}");

    // Without auth_type nothing is required, and a group the file lacks requires nothing.
    let (code, found) = run("[identity]\ntimeout = 3\n");
    assert_eq!((code, found.len()), (Some(0), 0), "{found:#?}");
}

#[test]
fn sections_a_dynamic_groups_owner_names_hold_its_options() {
    let spec = root().join("tests/specs/selects/service.yaml").display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("service.conf");
    std::fs::write(
        &conf,
        "[DEFAULT]\nenabled_backends = lvm-1, ceph\n[lvm-1]\nvolume_size = 0\nvolume_driver = lvm\n\
         [ceph]\nvolmue_driver = rbd\n[unlisted]\nvolume_size = 3\n",
    )
    .unwrap();
    let (code, found) = findings(&["validate", &spec, "--input-file", conf.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_findings(
        &found,
        &[
            (4, "error", "[lvm-1]/volume_size: '0' is below the minimum 1"),
            (7, "error", "[ceph]/volmue_driver is not an option of the specs; did you mean `volume_driver`?"),
            (8, "note", "[unlisted] is not a group of the specs"),
        ],
    );
}

/// Each service's oslo data imported into a fresh folder of specs.
fn imported_specs(service: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let case = match service {
        "nova" => "nova/nova-config-generator",
        "cinder" => "cinder/cinder-config-generator",
        other => panic!("no doc-build case for {other}"),
    };
    let data = root().join("tests/fixtures/services/2026.2").join(case).join("data.yaml");
    crate::common::Run::new(["import", data.to_str().unwrap(), "--output-dir", dir.path().to_str().unwrap()]).ok();
    let mut specs: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    specs.sort();
    (dir, specs)
}

/// `text` with `from` replaced by `to` on the first line at or after section `[section]` that
/// starts with `from`; the line's number.
fn plant(text: &str, section: &str, from: &str, to: &str) -> (String, u64) {
    let header = format!("[{section}]");
    let start = text.lines().position(|l| l == header).unwrap_or_else(|| panic!("no {header}"));
    let at = text.lines().enumerate().skip(start).find(|(_, l)| l.starts_with(from)).map(|(i, _)| i).unwrap();
    let lines: Vec<String> =
        text.lines().enumerate().map(|(i, l)| if i == at { l.replacen(from, to, 1) } else { l.to_owned() }).collect();
    (lines.join("\n") + "\n", at as u64 + 1)
}

/// Real deployments' configs (tests/configs/services, each shown by scripts/services to load
/// cleanly in oslo.config with the service's own registrations) have no error; each mistake
/// planted in them is reported at its line, and nothing else changes.
#[test]
fn real_deployment_configs_are_clean_and_planted_mistakes_are_found() {
    let (_nova_dir, nova) = imported_specs("nova");
    let (_cinder_dir, mut cinder) = imported_specs("cinder");
    cinder.push(root().join("tests/specs/cinder-backends.yaml").display().to_string());
    let work = tempfile::tempdir().unwrap();
    let check = |specs: &[String], name: &str, text: &str| {
        let conf = work.path().join(name);
        std::fs::write(&conf, text).unwrap();
        let mut args: Vec<&str> = vec!["validate"];
        args.extend(specs.iter().map(String::as_str));
        args.extend(["--input-file", conf.to_str().unwrap()]);
        findings(&args)
    };
    let configs = [
        (&nova, "nova-devstack.conf"),
        (&nova, "nova-kolla-api.conf"),
        (&nova, "nova-kolla-compute.conf"),
        (&cinder, "cinder-devstack.conf"),
    ];
    let mut clean = std::collections::HashMap::new();
    for (specs, name) in configs {
        let text = std::fs::read_to_string(root().join("tests/configs/services").join(name)).unwrap();
        let (code, found) = check(specs, name, &text);
        let errors: Vec<&Found> = found.iter().filter(|f| f.1 == "error").collect();
        assert!(errors.is_empty() && code == Some(0), "{name}: {errors:#?}");
        clean.insert(name, (text, found));
    }

    // (config, section, line start, replacement, expected finding)
    let planted: &[(&str, &str, &str, &str, &str)] = &[
        (
            "nova-devstack.conf",
            "placement",
            "username",
            "usernme",
            "[placement]/usernme is not an option of the specs; did you mean `username`?",
        ),
        ("nova-devstack.conf", "vnc", "enabled = true", "enabled = maybe", "[vnc]/enabled: 'maybe' is not a boolean"),
        (
            "nova-devstack.conf",
            "DEFAULT",
            "vif_plugging_timeout = 300",
            "vif_plugging_timeout = -5",
            "[DEFAULT]/vif_plugging_timeout: '-5' is below the minimum 0",
        ),
        (
            "nova-devstack.conf",
            "vnc",
            "novncproxy_port = 6080",
            "novncproxy_port = 65536",
            "[vnc]/novncproxy_port: '65536' is above the maximum 65535",
        ),
        (
            "nova-kolla-api.conf",
            "keystone_authtoken",
            "password",
            "pasword",
            "[keystone_authtoken]/pasword is not an option of the specs; did you mean `password`?",
        ),
        (
            "cinder-devstack.conf",
            "lvmdriver-1",
            "volume_group",
            "volume_grup",
            "[lvmdriver-1]/volume_grup is not an option of the specs; did you mean `volume_group`?",
        ),
        (
            "cinder-devstack.conf",
            "ceph",
            "rbd_pool",
            "rbd_pol",
            "[ceph]/rbd_pol is not an option of the specs; did you mean `rbd_pool`?",
        ),
    ];
    for (name, section, from, to, want) in planted {
        let specs = if name.starts_with("cinder") { &cinder } else { &nova };
        let (text, clean_found) = &clean[name];
        let (text, line) = plant(text, section, from, to);
        let (code, found) = check(specs, name, &text);
        let new: Vec<&Found> = found.iter().filter(|f| !clean_found.contains(f)).collect();
        assert_eq!(code, Some(1), "{name} {to}");
        assert_eq!(new.len(), 1, "{name} {to}: {new:#?}");
        let (at, severity, message) = new[0];
        assert_eq!((*at, severity.as_str()), (Some(line), "error"), "{message}");
        assert!(message.starts_with(want), "{name}: {message:?} does not start with {want:?}");
        assert_eq!(found.len(), clean_found.len() + 1, "{name} {to}: only the planted mistake is new");
    }
}

/// An auth plugin's old names (password's `tenant_name` for `project_name`, which keystoneauth
/// registers with oslo.config as `tenant-name` and its `_` twin) are read under the new name:
/// validate warns, upgrade renames. Under v2password, whose own option it is, neither.
#[test]
fn an_auth_plugins_old_names_are_deprecated_names_that_upgrade_renames() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nova.conf");
    let write = |plugin: &str| {
        std::fs::write(
            &conf,
            format!(
                "[keystone_authtoken]\nauth_type = {plugin}\nauth_url = http://keystone:5000\ntenant_name = service\n\
                 username = nova\npassword = pw\nuser_domain_name = Default\n"
            ),
        )
        .unwrap();
    };
    let c = conf.to_str().unwrap();
    write("password");
    let out = confspec(&["validate", "--service", "nova", "--input-file", c]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains(
            ":4: warning: [keystone_authtoken]/tenant_name is a deprecated name: use [keystone_authtoken]/project_name"
        ),
        "{report}"
    );
    assert!(!report.contains("is not read"), "{report}");
    let out = confspec(&["upgrade", "--service", "nova", "--input-file", c, "-o", "-"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let upgraded = String::from_utf8(out.stdout).unwrap();
    assert!(upgraded.contains("\nproject_name = service\n") && !upgraded.contains("tenant_name"), "{upgraded}");
    write("v2password");
    let out = confspec(&["upgrade", "--service", "nova", "--input-file", c, "-o", "-"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), std::fs::read_to_string(&conf).unwrap());
    let report = String::from_utf8(confspec(&["validate", "--service", "nova", "--input-file", c]).stdout).unwrap();
    assert!(!report.contains("tenant_name"), "{report}");
}

/// keystoneauth reads its plugin's name from the deprecated `auth_plugin` too: the plugin is
/// loaded, its options are read (an old name of one is a deprecated name), and upgrade
/// renames both.
#[test]
fn a_plugin_named_by_the_deprecated_auth_plugin_is_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nova.conf");
    std::fs::write(
        &conf,
        "[keystone_authtoken]\nauth_plugin = password\nauth_url = http://k/v3\nusername = nova\n\
         password = secret\ntenant_name = service\nuser_domain_name = Default\nproject_domain_name = Default\n",
    )
    .unwrap();
    let conf = conf.to_str().unwrap();
    let (code, found) = findings(&["validate", "--service", "nova@34", "--input-file", conf]);
    assert_eq!(code, Some(0), "{found:#?}");
    assert_findings(
        &found,
        &[
            (2, "warning", "[keystone_authtoken]/auth_plugin is a deprecated name: use [keystone_authtoken]/auth_type"),
            (
                6,
                "warning",
                "[keystone_authtoken]/tenant_name is a deprecated name: use [keystone_authtoken]/project_name",
            ),
        ],
    );
    let out = confspec(&["upgrade", "--service", "nova@34", "--input-file", conf, "-o", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        stdout(&out),
        "[keystone_authtoken]\nauth_type = password\nauth_url = http://k/v3\nusername = nova\n\
         password = secret\nproject_name = service\nuser_domain_name = Default\nproject_domain_name = Default\n"
    );
}
