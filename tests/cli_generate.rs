//! `confspec generate` as scripts use it: stdout, --output-file, --check, --templates.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_confspec");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn confspec(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/golden/glance").join(name)).unwrap()
}

#[test]
fn no_spec_prints_the_embedded_glance_sample() {
    let dir = tempfile::tempdir().unwrap();
    // Run from an empty folder: the default spec and its option set come from the binary.
    let out = Command::new(BIN).arg("generate").current_dir(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), golden("sample.ini"));
    for (flags, file) in [(&["--wrap-width", "79"][..], "sample.w79.ini"), (&["--summarize"][..], "sample.summarize.ini"), (&["--minimal"][..], "sample.minimal.ini")] {
        let out = Command::new(BIN).arg("generate").args(flags).current_dir(dir.path()).output().unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), golden(file), "{flags:?}");
    }
}

#[test]
fn output_file_is_written_and_check_reports_staleness() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nova.conf.sample");
    let t = target.to_str().unwrap();

    // Missing file: stale, nothing written.
    let out = confspec(&["generate", "--output-file", t, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!target.exists(), "--check must never write");

    let out = confspec(&["generate", "--output-file", t]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), golden("sample.ini"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind: {leftovers:?}");

    let out = confspec(&["generate", "--output-file", t, "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    // A different flag makes the committed file stale: exit 1 with a unified diff.
    let before = std::fs::read(&target).unwrap();
    let out = confspec(&["generate", "--output-file", t, "--check", "--wrap-width", "79"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.starts_with(&format!("--- {t}\n+++ {t} (generated)\n@@ ")), "{diff}");
    assert!(diff.contains("\n+# invoking a copy when it has access to the same file system as glance.\n"), "{diff}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("stale"));
    assert_eq!(std::fs::read(&target).unwrap(), before, "--check must never write");
}

#[test]
fn failed_generation_leaves_the_output_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.ini");
    std::fs::write(&target, "previous contents\n").unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "namespace: x\ngroups: [{name: g, options: [{name: a, type: integer, default: x}]}]\n").unwrap();
    let out = confspec(&["generate", bad.to_str().unwrap(), "--output-file", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous contents\n");
}

#[cfg(unix)]
#[test]
fn rewriting_an_output_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.ini");
    std::fs::write(&target, "old\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = confspec(&["generate", "--output-file", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn bad_usage_exits_2() {
    for args in [&["generate", "--check"][..], &["generate", "--wrap-width", "-1"], &["generate", "--format", "pdf"], &["frobnicate"]] {
        let out = confspec(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    assert_eq!(confspec(&["--help"]).status.code(), Some(0));
}

#[test]
fn a_template_override_replaces_only_that_template() {
    let dir = tempfile::tempdir().unwrap();
    // Same option layout, but the setting line is written as "name: value".
    std::fs::write(
        dir.path().join("ini-option.hbs"),
        "{{oslo_comment sample_help @root.wrap_width~}}\n{{#each defaults}}\n# {{../dest}}: {{this}}\n{{/each}}\n",
    )
    .unwrap();
    let out = confspec(&["generate", "--templates", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n# num_retries: 0\n"), "{text}");
    assert!(!text.contains("#num_retries = 0"));
    // ini.hbs is still the embedded one: same header and banner.
    assert!(text.starts_with("[DEFAULT]\n\n\n[glance]\n# Configuration options for the Image service\n\n#\n# From nova.conf\n#\n"));
}

#[test]
fn a_broken_template_is_reported_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ini.hbs"), "{{#each groups}}\n[{{name}]\n").unwrap();
    let out = confspec(&["generate", "--templates", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}", Path::new(dir.path()).join("ini.hbs").display())), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn timings_name_every_phase_on_stderr_and_leave_stdout_alone() {
    let out = confspec(&["generate", "--timings"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), golden("sample.ini"));
    let err = String::from_utf8(out.stderr).unwrap();
    let phases: Vec<&str> = err.lines().filter_map(|l| l.split_whitespace().next()).collect();
    let mut expected = vec!["read", "parse", "check", "render", "write"];
    if cfg!(target_os = "linux") {
        expected.push("peak");
        let peak: f64 = err.lines().find(|l| l.trim_start().starts_with("peak")).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
        assert!(peak > 0.5 && peak < 512.0, "peak memory of the glance run: {peak} MiB");
    }
    // The embedded spec is not read from disk: no `read` phase.
    expected.retain(|p| *p != "read");
    assert_eq!(phases, expected, "{err}");
}

#[test]
fn a_generator_namespace_never_reads_a_file_outside_the_spec_folder() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir(&specs).unwrap();
    std::fs::write(dir.path().join("secret.yaml"), "password_hunter2: 1\n").unwrap();
    let conf = dir.path().join("gen.conf");
    std::fs::write(&conf, "[DEFAULT]\nnamespace = ../secret\n").unwrap();
    let out = confspec(&["generate", "--config-file", conf.to_str().unwrap(), "--spec-dir", specs.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with(&format!("{}:2: error: namespace \"../secret\" is not a namespace name", conf.display())), "{stderr}");
    assert!(!stderr.contains("password_hunter2"), "{stderr}");
}
