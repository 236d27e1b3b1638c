//! Round trip: spec -> `generate --format yaml` -> `import` -> spec renders the same bytes in
//! every format. Where the data cannot carry a fact (the overlays of tests/common, listed in
//! docs/compatibility.md), it is added back before comparing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_confspec");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Vec<u8> {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "confspec {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

const FORMATS: &[&[&str]] = &[
    &[],
    &["--wrap-width", "79"],
    &["--wrap-width", "40"],
    &["--summarize"],
    &["--minimal"],
    &["--format", "rst"],
    &["--format", "json"],
    &["--format", "yaml"],
    &["--format", "markdown"],
    &["--format", "html"],
];

/// `spec` is a file, or `None` for the embedded glance spec.
fn round_trip(spec: Option<&Path>, namespace: &str) {
    let dir = tempfile::tempdir().unwrap();
    let spec_args: Vec<&str> = spec.iter().map(|p| p.to_str().unwrap()).collect();
    let data = dir.path().join("data.yaml");
    let mut args = vec!["generate"];
    args.extend(&spec_args);
    args.extend(["--format", "yaml"]);
    std::fs::write(&data, run(&args)).unwrap();

    let out = dir.path().join("specs");
    run(&["import", data.to_str().unwrap(), "--output-dir", out.to_str().unwrap()]);
    let imported = out.join(format!("{namespace}.yaml"));
    let text = std::fs::read_to_string(&imported).unwrap();
    std::fs::write(&imported, common::apply_overlays(namespace, &text)).unwrap();

    for flags in FORMATS {
        let mut original = vec!["generate"];
        original.extend(&spec_args);
        original.extend(*flags);
        let mut again = vec!["generate", imported.to_str().unwrap()];
        again.extend(*flags);
        let (want, got) = (run(&original), run(&again));
        assert!(
            want == got,
            "{namespace} {flags:?}: the imported spec renders differently\n{}",
            similar::TextDiff::from_lines(&String::from_utf8_lossy(&want), &String::from_utf8_lossy(&got))
                .unified_diff()
        );
    }
}

#[test]
fn the_glance_spec_survives_the_round_trip() {
    round_trip(None, "nova.conf");
}

#[test]
fn the_features_spec_survives_the_round_trip() {
    round_trip(Some(&root().join("tests/specs/features.yaml")), "confspec.features");
}

#[test]
fn the_more_spec_survives_the_round_trip() {
    round_trip(Some(&root().join("tests/specs/more.yaml")), "confspec.more");
}
