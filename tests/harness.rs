//! The differential harness: real namespaces' oslo data, imported, must render what
//! oslo-config-generator rendered for them (tests/fixtures/, made by scripts/harness/).
//!
//! Where the data cannot carry what an output shows (docs/compatibility.md lists each case),
//! the test adds it to the imported spec with an `Overlay`, then demands the same bytes: so the
//! import is right about everything the data holds, and the spec format can say the rest.

use crate::common::{apply_overlays, first_difference, fixtures, sorted_lists, Run, OVERLAYS, VARIANTS as OUTPUTS};
use std::path::{Path, PathBuf};

fn namespaces() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("namespaces"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Imports `data` into `dir` and returns the spec file written for `namespace`.
fn import(data: &Path, dir: &Path, namespace: &str) -> PathBuf {
    Run::new(["import", data.to_str().unwrap(), "--output-dir", dir.to_str().unwrap()]).ok();
    let spec = dir.join(format!("{namespace}.yaml"));
    assert!(spec.is_file(), "import wrote no {}", spec.display());
    spec
}

#[test]
fn the_harness_covers_at_least_eight_real_namespaces() {
    let real: Vec<String> = namespaces().into_iter().filter(|n| !n.starts_with("confspec.")).collect();
    assert!(real.len() >= 8, "{real:?}");
}

#[test]
fn imported_namespaces_render_what_the_oracle_rendered() {
    let mut failures = Vec::new();
    for namespace in namespaces() {
        let folder = fixtures().join("namespaces").join(&namespace);
        let dir = tempfile::tempdir().unwrap();
        let spec = import(&folder.join("data.yaml"), dir.path(), &namespace);
        let text = std::fs::read_to_string(&spec).unwrap();
        std::fs::write(&spec, apply_overlays(&namespace, &text)).unwrap();
        for (file, flags) in OUTPUTS {
            let want = std::fs::read(folder.join(file)).unwrap();
            let mut args = vec!["generate", spec.to_str().unwrap()];
            args.extend_from_slice(flags);
            let got = Run::new(&args).ok();
            if got != want {
                failures.push(format!("{namespace}/{file}: {}", first_difference(&want, &got)));
            }
        }
    }
    assert!(failures.is_empty(), "{} outputs differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn without_overlays_only_the_documented_outputs_differ() {
    // The overlays are the whole list of what the data cannot say: without them, the INI
    // samples of every real namespace already match, and only overlaid namespaces differ.
    for namespace in namespaces() {
        let folder = fixtures().join("namespaces").join(&namespace);
        let dir = tempfile::tempdir().unwrap();
        let spec = import(&folder.join("data.yaml"), dir.path(), &namespace);
        let overlaid = OVERLAYS.iter().any(|o| o.namespace == namespace);
        for (file, flags) in OUTPUTS {
            let want = std::fs::read(folder.join(file)).unwrap();
            let mut args = vec!["generate", spec.to_str().unwrap()];
            args.extend_from_slice(flags);
            let got = Run::new(&args).ok();
            // Most overlays only change the reference docs; the rest are named here.
            let ini_overlaid = OVERLAYS.iter().any(|o| o.namespace == namespace && !o.rst_only());
            let may_differ = overlaid && (*file == "sample.rst" || ini_overlaid);
            if !may_differ {
                assert!(
                    got == want,
                    "{namespace}/{file} differs without any documented reason: {}",
                    first_difference(&want, &got)
                );
            }
        }
    }
}

/// The data oslo wrote, imported and written again by confspec, is the same file: PyYAML's
/// bytes (its quoting, folding and escapes), with nothing the harness adds.
#[test]
fn yaml_data_round_trips_byte_for_byte() {
    let mut failures = Vec::new();
    for namespace in namespaces() {
        let folder = fixtures().join("namespaces").join(&namespace);
        let dir = tempfile::tempdir().unwrap();
        let spec = import(&folder.join("data.yaml"), dir.path(), &namespace);
        let got = Run::new(["generate", spec.to_str().unwrap(), "--format", "yaml"]).ok();
        let want = std::fs::read(folder.join("data.yaml")).unwrap();
        if got != want {
            failures.push(format!("{namespace}/data.yaml: {}", first_difference(&want, &got)));
        }
    }
    assert!(failures.is_empty(), "{} of {} differ:\n{}", failures.len(), namespaces().len(), failures.join("\n"));
}

#[test]
fn importing_json_makes_the_same_specs_as_yaml() {
    for namespace in namespaces() {
        let folder = fixtures().join("namespaces").join(&namespace);
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let from_yaml = std::fs::read_to_string(import(&folder.join("data.yaml"), a.path(), &namespace)).unwrap();
        let from_json = std::fs::read_to_string(import(&folder.join("data.json"), b.path(), &namespace)).unwrap();
        // The first line names the file the spec was imported from.
        let body = |s: &str| s.split_once('\n').map(|(_, rest)| rest.to_owned()).unwrap();
        assert_eq!(body(&from_yaml), body(&from_json), "{namespace}");
    }
}

#[test]
fn a_generator_config_file_over_imported_namespaces_reproduces_the_oracle_sample() {
    let folder = fixtures().join("generator");
    let conf = folder.join("libs-config-generator.conf");
    let text = std::fs::read_to_string(&conf).unwrap();
    let namespaces: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("namespace = ")).collect();
    assert!(namespaces.len() >= 5 && text.contains("wrap_width = 80") && text.contains("summarize = true"));

    // One data file with every namespace: import writes a spec per namespace.
    let specs = tempfile::tempdir().unwrap();
    let report = Run::new([
        "import",
        folder.join("data.yaml").to_str().unwrap(),
        "--output-dir",
        specs.path().to_str().unwrap(),
    ])
    .ok();
    assert_eq!(String::from_utf8(report).unwrap().lines().count(), namespaces.len());

    // Like the oracle, write output_file relative to where it runs.
    let work = tempfile::tempdir().unwrap();
    let args = ["generate", "--config-file", conf.to_str().unwrap(), "--spec-dir", specs.path().to_str().unwrap()];
    let out = Run::new(args).current_dir(work.path()).output();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let got = std::fs::read(work.path().join("libs.conf.sample")).unwrap();
    let want = std::fs::read(folder.join("expected.conf.sample")).unwrap();
    assert!(got == want, "{}", first_difference(&want, &got));

    // Flags win over the file: --check against the file just written passes, a different
    // width makes it stale.
    let mut check = args.to_vec();
    check.push("--check");
    assert_eq!(Run::new(&check).current_dir(work.path()).output().status.code(), Some(0));
    check.extend(["--wrap-width", "70"]);
    assert_eq!(Run::new(&check).current_dir(work.path()).output().status.code(), Some(1));
}

/// The eight namespaces' data in one file equals the oracle's up to one thing: inside a group,
/// oslo lists the namespaces in stevedore's (the environment's) order, confspec sorted by name
/// (docs/compatibility.md, Known differences). With every list of the data sorted, the two
/// files hold the same.
#[test]
fn the_generator_fixture_data_differs_only_in_namespace_order() {
    use serde_yaml::Value;
    let folder = fixtures().join("generator");
    let specs = tempfile::tempdir().unwrap();
    Run::new(["import", folder.join("data.yaml").to_str().unwrap(), "--output-dir", specs.path().to_str().unwrap()])
        .ok();
    let text = std::fs::read_to_string(folder.join("libs-config-generator.conf")).unwrap();
    let mut args = vec!["generate".to_owned()];
    for namespace in text.lines().filter_map(|l| l.strip_prefix("namespace = ")) {
        args.push(specs.path().join(format!("{namespace}.yaml")).display().to_string());
    }
    args.extend(["--format".into(), "yaml".into()]);
    let got = Run::new(&args).ok();
    let want = std::fs::read(folder.join("data.yaml")).unwrap();
    assert!(got != want, "now byte-identical: remove this known difference from docs/compatibility.md");
    let read = |bytes: &[u8]| sorted_lists(serde_yaml::from_slice::<Value>(bytes).unwrap());
    assert!(read(&got) == read(&want), "the data differs beyond the namespaces' order");
}
