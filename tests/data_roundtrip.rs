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
    round_trip_through(spec, namespace, "yaml");
}

/// The round trip through the data in `format`, `yaml` or `json`.
fn round_trip_through(spec: Option<&Path>, namespace: &str, format: &str) {
    let dir = tempfile::tempdir().unwrap();
    let spec_args: Vec<&str> = spec.iter().map(|p| p.to_str().unwrap()).collect();
    let data = dir.path().join(format!("data.{format}"));
    let mut args = vec!["generate"];
    args.extend(&spec_args);
    args.extend(["--format", format]);
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

/// oslo's data writes float defaults and bounds past what a number can say as `.inf`, `-.inf`,
/// `.nan` (YAML) and `Infinity`, `-Infinity`, `NaN` (JSON, as Python's `json` writes them);
/// `import` reads both back.
#[test]
fn infinite_and_nan_floats_survive_the_round_trip_through_yaml_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("floats.yaml");
    std::fs::write(
        &spec,
        "namespace: floats\ngroups:\n  - name: DEFAULT\n    options:\n\
         \x20     - {name: up, type: float, default: .inf, help: Infinity in the help stays text.}\n\
         \x20     - {name: down, type: float, default: -.inf, max: .inf}\n\
         \x20     - {name: none, type: float, default: .nan}\n\
         \x20     - {name: named, default: NaN}\n\
         \x20     - {name: plain, type: float, default: 1.5, min: -.inf}\n",
    )
    .unwrap();
    for format in ["yaml", "json"] {
        round_trip_through(Some(&spec), "floats", format);
    }
    // `validate --opt-data` reads the same data as it is.
    let data = dir.path().join("data.json");
    std::fs::write(&data, Run::new(["generate", spec.to_str().unwrap(), "--format", "json"]).ok()).unwrap();
    let conf = dir.path().join("app.conf");
    std::fs::write(&conf, "[DEFAULT]\nup = 2.5\nnone = nan\n").unwrap();
    Run::new(["validate", "--opt-data", data.to_str().unwrap(), "--input-file", conf.to_str().unwrap()]).ok();
}

#[test]
fn a_spec_without_options_survives_the_round_trip() {
    round_trip(Some(&root().join("tests/specs/empty.yaml")), "confspec.empty");
}

/// `import --sample`: the oracle's data and INI sample of the same namespaces import to specs
/// whose INI sample is the oracle's, byte for byte, with no overlay: bounds, an old name
/// equal to the option's own and a custom type's formatted default come from the sample.
#[test]
fn import_with_the_sample_reproduces_the_sample() {
    for set in ["features", "merged"] {
        let golden = root().join("tests/golden").join(set);
        let dir = tempfile::tempdir().unwrap();
        let (data, sample) = (golden.join("sample.yaml"), golden.join("sample.ini"));
        let import = |with_sample: bool| {
            let out = dir.path().join(if with_sample { "with" } else { "without" });
            let mut args = vec!["import", data.to_str().unwrap(), "--output-dir", out.to_str().unwrap()];
            if with_sample {
                args.extend(["--sample", sample.to_str().unwrap()]);
            }
            let report = Run::new(&args).ok_text();
            let mut specs: Vec<String> =
                std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
            specs.sort();
            let mut generate = vec!["generate".to_owned()];
            generate.extend(specs);
            (report, Run::new(&generate).ok_text())
        };
        let want = std::fs::read_to_string(&sample).unwrap();
        let (report, with) = import(true);
        assert!(
            with == want,
            "{set}: the import with --sample renders differently\n{}",
            similar::TextDiff::from_lines(&want, &with).unified_diff()
        );
        let (_, without) = import(false);
        assert_ne!(without, want, "{set}: the data alone already says everything; the test shows nothing");
        assert!(report.contains("facts the data does not hold"), "{report}");
    }
}
