//! Round trip: spec -> `generate --format yaml` -> `import` -> spec renders the same bytes in
//! every format. Where the data cannot carry a fact (the overlays of tests/common, listed in
//! docs/compatibility.md), it is added back before comparing.

use crate::common::{apply_overlays, root, Run};
use std::path::Path;

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
    std::fs::write(&data, Run::new(&args).ok()).unwrap();

    let out = dir.path().join("specs");
    Run::new(["import", data.to_str().unwrap(), "--output-dir", out.to_str().unwrap()]).ok();
    let imported = out.join(format!("{namespace}.yaml"));
    let text = std::fs::read_to_string(&imported).unwrap();
    std::fs::write(&imported, apply_overlays(namespace, &text)).unwrap();

    for flags in FORMATS {
        let mut original = vec!["generate"];
        original.extend(&spec_args);
        original.extend(*flags);
        let mut again = vec!["generate", imported.to_str().unwrap()];
        again.extend(*flags);
        let (want, got) = (Run::new(&original).ok(), Run::new(&again).ok());
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

#[test]
fn a_spec_without_options_survives_the_round_trip() {
    round_trip(Some(&root().join("tests/specs/empty.yaml")), "confspec.empty");
}
