//! A service's several config files read as oslo.config reads them (`--input-file` repeated,
//! then `--config-dir`'s `*.conf` sorted by name, a later file's setting winning), by
//! `validate` and `show`.

use crate::common::Run;
use serde_json::Value;
use std::path::Path;

const SPEC: &str = "namespace: t
groups:
  - name: DEFAULT
    options:
      - {name: host, default: h0}
      - {name: state_path, default: /var/lib/t}
      - {name: lock_path, default: $state_path/lock}
      - {name: workers, type: integer, default: 4}
      - {name: must, required: true}
      - {name: new_name, deprecated_name: old_name, default: d}
      - {name: m, type: multi_string}
      - {name: unset}
  - name: db
    options:
      - {name: connection, secret: true}
      - {name: password, secret: true}
      - {name: url, default: 'mysql://u:$password@db'}
";

/// A folder with the spec, two files and a conf.d of the same service.
fn deployment() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("t.yaml", SPEC);
    write(
        "a.conf",
        "[DEFAULT]\nhost = a\nworkers = 2\nworkers = 3\nnew_name = x\nstate_path = /srv\nm = 1\n[db]\nconnection = mysql://TOPSECRET1@db\n",
    );
    write("b.conf", "[DEFAULT]\nhost = b\nmust = yes\nold_name = it's\nm = 2\n[db]\npassword = TOPSECRET2\n");
    std::fs::create_dir(dir.path().join("conf.d")).unwrap();
    write("conf.d/20-z.conf", "[DEFAULT]\nbogus = 1\nworkers = 8\n");
    write("conf.d/10-a.conf", "[DEFAULT]\nhost = dir\n");
    // Python's glob skips hidden files; only *.conf is read.
    write("conf.d/.hidden.conf", "[DEFAULT]\nworkers = hidden\n");
    write("conf.d/notes.txt", "not a config file\n");
    dir
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    Run::new(args).current_dir(dir).output()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A finding of the JSON report: (file, line, severity, message).
type Found = (String, u64, String, String);

fn findings(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<Found>) {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let out = run(dir, &args);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)));
    let list = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("-").to_owned(),
                f["line"].as_u64().unwrap_or(0),
                f["severity"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (out.status.code(), list)
}

#[test]
fn validate_reads_the_files_in_order_then_the_directory_and_names_each_findings_file() {
    let dir = deployment();
    let args = ["validate", "t.yaml", "--input-file", "a.conf", "--input-file", "b.conf", "--config-dir", "conf.d"];
    let (code, found) = findings(dir.path(), &args);
    let got: Vec<(&str, u64, &str, &str)> =
        found.iter().map(|(f, l, s, m)| (f.as_str(), *l, s.as_str(), m.as_str())).collect();
    assert_eq!(
        got,
        [
            // Set twice in one file: a warning; set again in a later file: an override.
            (
                "a.conf",
                3,
                "warning",
                "[DEFAULT]/workers is set again at line 4 ([DEFAULT]/workers); the last value wins"
            ),
            // The old name is in the later file, so it wins over a.conf's own name: no "and wins".
            ("b.conf", 4, "warning", "[DEFAULT]/old_name is a deprecated name: use [DEFAULT]/new_name"),
            ("conf.d/20-z.conf", 2, "warning", "[DEFAULT]/bogus is not an option of the specs: oslo ignores it"),
        ],
        "{found:#?}"
    );
    // `must` is set in b.conf only: not missing.
    assert_eq!(code, Some(0));
    let out = run(dir.path(), &args);
    let report = text(&out.stdout);
    assert!(report.contains("\nb.conf:4: warning: [DEFAULT]/old_name is a deprecated name"), "{report}");
    assert!(report.ends_with("a.conf, b.conf, conf.d/10-a.conf, conf.d/20-z.conf: 0 errors, 3 warnings\n"), "{report}");
    assert!(!report.contains("TOPSECRET"));

    // Without b.conf, the required option is missing; and a later file's own name wins over
    // an earlier one's old name, which says so with the file.
    std::fs::write(dir.path().join("c.conf"), "[DEFAULT]\nold_name = 1\n").unwrap();
    std::fs::write(dir.path().join("d.conf"), "[DEFAULT]\n\nnew_name = 2\n").unwrap();
    let (code, found) =
        findings(dir.path(), &["validate", "t.yaml", "--input-file", "c.conf", "--input-file", "d.conf"]);
    assert_eq!(code, Some(1));
    let got: Vec<(&str, u64, &str)> = found.iter().map(|(f, l, _, m)| (f.as_str(), *l, m.as_str())).collect();
    assert_eq!(
        got,
        [
            ("c.conf", 1, "required option [DEFAULT]/must is not set"),
            (
                "c.conf",
                2,
                "[DEFAULT]/old_name is a deprecated name: use [DEFAULT]/new_name; [DEFAULT]/new_name is set too (d.conf:3) and wins"
            ),
        ]
    );
    // An old name in a third file wins over them both: neither warning says the own name wins.
    std::fs::write(dir.path().join("e.conf"), "[DEFAULT]\nmust = 1\nold_name = 3\n").unwrap();
    let args = ["validate", "t.yaml", "--input-file", "c.conf", "--input-file", "d.conf", "--input-file", "e.conf"];
    let (code, found) = findings(dir.path(), &args);
    assert_eq!(code, Some(0));
    let got: Vec<(&str, u64, &str)> = found.iter().map(|(f, l, _, m)| (f.as_str(), *l, m.as_str())).collect();
    assert_eq!(
        got,
        [
            ("c.conf", 2, "[DEFAULT]/old_name is a deprecated name: use [DEFAULT]/new_name"),
            ("e.conf", 3, "[DEFAULT]/old_name is a deprecated name: use [DEFAULT]/new_name"),
        ]
    );
}

#[test]
fn a_value_is_checked_where_it_is_and_references_reach_into_other_files() {
    let dir = deployment();
    std::fs::write(dir.path().join("mid.conf"), "[DEFAULT]\nworkers = lots\n").unwrap();
    std::fs::write(dir.path().join("late.conf"), "[DEFAULT]\nmust = $workers\n").unwrap();
    let args = ["validate", "t.yaml", "--input-file", "mid.conf", "--input-file", "late.conf"];
    let (code, found) = findings(dir.path(), &args);
    assert_eq!(code, Some(1));
    let got: Vec<(&str, u64, &str)> = found.iter().map(|(f, l, _, m)| (f.as_str(), *l, m.as_str())).collect();
    assert_eq!(
        got,
        [
            ("mid.conf", 2, "[DEFAULT]/workers: 'lots' is not an integer"),
            (
                "late.conf",
                2,
                "[DEFAULT]/must: ${workers} refers to [DEFAULT]/workers, whose value is not valid: 'lots' is not an integer"
            ),
        ]
    );
    // The directory alone is enough; a directory that is not there is bad input.
    let out = run(dir.path(), &["validate", "t.yaml", "--config-dir", "conf.d"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("conf.d/10-a.conf, conf.d/20-z.conf: 1 error, 1 warning"));
    std::fs::create_dir(dir.path().join("empty.d")).unwrap();
    let out = run(dir.path(), &["validate", "t.yaml", "--config-dir", "empty.d"]);
    assert_eq!(
        text(&out.stdout),
        "(no config files): error: required option [DEFAULT]/must is not set\n(no config files): 1 error, 0 warnings\n"
    );
    let out = run(dir.path(), &["validate", "t.yaml", "--config-dir", "missing.d"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.d: error: no such file or directory"), "{}", text(&out.stderr));
    let out = run(dir.path(), &["validate", "t.yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `show`'s JSON: (group.option) -> (value, source).
type Row = (String, Option<String>, String);

fn shown(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<Row>, String) {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let out = run(dir, &args);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {all}"));
    let options = report["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                format!("{}.{}", o["group"].as_str().unwrap(), o["option"].as_str().unwrap()),
                o["value"].as_str().map(str::to_owned),
                o["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (out.status.code(), options, all)
}

#[test]
fn show_gives_each_value_as_the_service_reads_it_and_where_it_came_from() {
    let dir = deployment();
    let args = ["show", "t.yaml", "--input-file", "a.conf", "--input-file", "b.conf", "--config-dir", "conf.d"];
    let (code, options, all) = shown(dir.path(), &args);
    assert_eq!(code, Some(0), "{all}");
    assert!(!all.contains("TOPSECRET"), "{all}");
    let row =
        |name: &str, value: Option<&str>, source: &str| (name.to_owned(), value.map(str::to_owned), source.to_owned());
    assert_eq!(
        options,
        [
            row("DEFAULT.host", Some("dir"), "conf.d/10-a.conf:2"),
            // `$state_path` in the default, set in a file.
            row("DEFAULT.lock_path", Some("/srv/lock"), "default"),
            // Every value of a multi-valued option, files in order.
            row("DEFAULT.m", Some("['1', '2']"), "a.conf:7, b.conf:5"),
            row("DEFAULT.must", Some("yes"), "b.conf:3"),
            // The old name in the later file beats the own name in the earlier one.
            row("DEFAULT.new_name", Some("it's"), "b.conf:4"),
            row("DEFAULT.state_path", Some("/srv"), "a.conf:6"),
            row("DEFAULT.unset", None, "default"),
            row("DEFAULT.workers", Some("8"), "conf.d/20-z.conf:3"),
            row("db.connection", Some("****"), "a.conf:9"),
            row("db.password", Some("****"), "b.conf:7"),
            // A value that takes a secret through a reference is as secret as it.
            row("db.url", Some("****"), "default"),
        ]
    );

    // The ini format: a config file, each option preceded by its source.
    let out = run(dir.path(), &args);
    let ini = text(&out.stdout);
    assert!(
        ini.starts_with("[DEFAULT]\n# conf.d/10-a.conf:2\nhost = dir\n# default\nlock_path = /srv/lock\n"),
        "{ini}"
    );
    assert!(ini.contains("# default\n#unset =\n"), "{ini}");
    assert!(ini.contains("\n[db]\n# a.conf:9\nconnection = ****\n"), "{ini}");
    assert!(!ini.contains("TOPSECRET"));
}

#[test]
fn show_option_picks_options_by_any_name_and_sh_is_safe_to_eval() {
    let dir = deployment();
    let base = ["show", "t.yaml", "--input-file", "a.conf", "--input-file", "b.conf"];
    fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
        [base, extra].concat()
    }
    let out = run(
        dir.path(),
        &with(
            &base,
            &["--option", "DEFAULT.old_name", "--option", "host", "--option", "db.password", "--format", "sh"],
        ),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "DEFAULT_new_name='it'\\''s'\nDEFAULT_host='b'\ndb_password='****'\n");
    // Names made shell words: a section a dynamic group's owner names may be anything.
    let spec = "namespace: d\ngroups:\n  - name: DEFAULT\n    options:\n      - {name: backends, type: list, default: []}\n  - name: backend\n    dynamic_group_owner: backends\n    options:\n      - {name: driver, default: lvm}\n";
    std::fs::write(dir.path().join("d.yaml"), spec).unwrap();
    std::fs::write(dir.path().join("d.conf"), "[DEFAULT]\nbackends = 1st-pool\n[1st-pool]\ndriver = it's $(reboot)\n")
        .unwrap();
    let out = run(dir.path(), &["show", "d.yaml", "--input-file", "d.conf", "--format", "sh"]);
    let sh = text(&out.stdout);
    assert_eq!(sh, "DEFAULT_backends='['\\''1st-pool'\\'']'\n_1st_pool_driver='it'\\''s $(reboot)'\n");
    let eval = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{sh}printf %s \"$_1st_pool_driver\""))
        .output()
        .unwrap();
    assert_eq!(text(&eval.stdout), "it's $(reboot)");
    // An unknown name: a usage error with the closest known one.
    let out = run(dir.path(), &with(&base, &["--option", "DEFAULT.hots"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(
            "--option DEFAULT.hots: the specs have no such option (GROUP.OPTION); did you mean `DEFAULT.host`?"
        ),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn show_reports_a_value_oslo_refuses_and_refuses_a_file_oslo_cannot_parse() {
    let dir = deployment();
    std::fs::write(dir.path().join("bad.conf"), "[DEFAULT]\nworkers = lots\n[db]\npassword = 12$x\n").unwrap();
    let (code, options, all) =
        shown(dir.path(), &["show", "t.yaml", "--input-file", "b.conf", "--input-file", "bad.conf"]);
    assert_eq!(code, Some(1), "{all}");
    assert!(all.contains("bad.conf:2: error: [DEFAULT]/workers: 'lots' is not an integer\n"), "{all}");
    assert!(!options.iter().any(|(name, _, _)| name == "DEFAULT.workers"));
    assert!(!all.contains("12$x") && !all.contains("TOPSECRET"), "{all}");
    std::fs::write(dir.path().join("broken.conf"), "[DEFAULT]\nno assignment\n").unwrap();
    let out = run(dir.path(), &["show", "t.yaml", "--input-file", "a.conf", "--input-file", "broken.conf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("broken.conf:2: error: syntax error: No ':' or '=' found in assignment"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}
