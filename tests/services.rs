//! Whole services (tests/fixtures/services/, made by scripts/services/): nova 34, cinder 29 with
//! os-brick, glance 33 with glance_store, keystone 30 and neutron 29.
//!
//! Each generator config file of a service's sdist is a case: the oslo data of its namespaces,
//! imported, must render what oslo-config-generator rendered for those namespaces in every
//! format and flag variant, and, with the file itself, the sample the file makes. Each of those
//! namespaces alone must give back oslo's json and yaml data byte for byte.
//!
//! As in tests/harness.rs, facts the data cannot hold are added by the `OVERLAYS` of
//! tests/common (or, for the INI, taken from oslo's sample by `import --sample`).
//!
//! Inside a group, oslo's data and rst list the options namespace by namespace in the order
//! stevedore loaded the namespaces, the environment's, which a spec cannot know
//! (docs/compatibility.md, Known differences); confspec uses the order the specs are given in.
//! So the data and rst of several namespaces are rendered from the specs given in oslo's load
//! order, as its data shows it, and must then be the same bytes; in the file's order, the data
//! must hold the same up to the order of its lists, as tests/harness.rs checks it.

use crate::common::{apply_overlays, first_difference, fixtures, sorted_lists, Run, OVERLAYS, VARIANTS};
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// The services and the fewest cases each must have.
const SERVICES: &[(&str, usize)] = &[("cinder", 1), ("glance", 5), ("keystone", 1), ("neutron", 11), ("nova", 1)];

/// A generator config file of a service, with oslo's outputs for its namespaces.
struct Case {
    /// `<service>/<file name without suffix>`
    name: String,
    folder: PathBuf,
    conf: PathBuf,
    namespaces: Vec<String>,
}

/// The sample oslo wrote for the generator config file itself. With the `VARIANTS`, the files
/// of a case folder that oslo wrote; the one other file is the generator config file.
const EXPECTED: &str = "expected.conf.sample";

fn value_of<'a>(text: &'a str, key: &str) -> impl Iterator<Item = String> + 'a {
    let key = key.to_owned();
    text.lines().filter_map(move |l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_owned())
    })
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (service, _) in SERVICES {
        let mut folders: Vec<PathBuf> =
            std::fs::read_dir(fixtures().join("services").join(service)).unwrap().map(|e| e.unwrap().path()).collect();
        folders.sort();
        for folder in folders {
            let mut confs: Vec<PathBuf> = std::fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    let file = p.file_name().unwrap().to_str().unwrap();
                    file != EXPECTED && !VARIANTS.iter().any(|(v, _)| *v == file)
                })
                .collect();
            assert_eq!(confs.len(), 1, "{}: one generator config file, not {confs:?}", folder.display());
            let conf = confs.pop().unwrap();
            let text = std::fs::read_to_string(&conf).unwrap();
            let name = format!("{service}/{}", folder.file_name().unwrap().to_str().unwrap());
            cases.push(Case { name, namespaces: value_of(&text, "namespace").collect(), folder, conf });
        }
    }
    cases
}

/// The namespaces alone (tests/fixtures/services/namespaces/<namespace>/).
fn namespaces_alone() -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> =
        std::fs::read_dir(fixtures().join("services/namespaces")).unwrap().map(|e| e.unwrap().path()).collect();
    folders.sort();
    folders
}

impl Case {
    /// Imports the case's data (with `--sample` its default-width INI sample too) into a new
    /// folder of specs, one per namespace, with the overlays when `overlays`.
    fn import(&self, sample: bool, overlays: bool) -> tempfile::TempDir {
        let specs = tempfile::tempdir().unwrap();
        let data = self.folder.join("data.yaml");
        let mut args = vec!["import".to_owned(), data.display().to_string()];
        if sample {
            args.extend(["--sample".into(), self.folder.join("sample.ini").display().to_string()]);
        }
        args.extend(["--output-dir".into(), specs.path().display().to_string()]);
        let report = String::from_utf8(Run::new(&args).ok()).unwrap();
        let written = report.lines().filter(|l| !l.contains("facts the data does not hold")).count();
        assert_eq!(written, self.namespaces.len(), "{}: {report}", self.name);
        if overlays {
            for namespace in &self.namespaces {
                let spec = specs.path().join(format!("{namespace}.yaml"));
                let text = std::fs::read_to_string(&spec).unwrap();
                std::fs::write(&spec, apply_overlays(namespace, &text)).unwrap();
            }
        }
        specs
    }

    /// confspec's output for the case's namespaces, given in `order`, with `flags`.
    fn render(&self, specs: &Path, order: &[String], flags: &[&str]) -> Vec<u8> {
        let mut args = vec!["generate".to_owned()];
        args.extend(order.iter().map(|n| specs.join(format!("{n}.yaml")).display().to_string()));
        args.extend(flags.iter().map(|f| f.to_string()));
        Run::new(&args).ok()
    }

    /// The order oslo-config-generator loaded the namespaces in, as its data shows it: inside
    /// each group the options come namespace by namespace in that order. Namespaces that no
    /// group puts in order keep the file's order.
    fn load_order(&self) -> Vec<String> {
        let data: Value = serde_yaml::from_slice(&self.oracle("data.yaml")).unwrap();
        let mut before: Vec<(String, String)> = Vec::new();
        for (_, group) in data["options"].as_mapping().unwrap() {
            let mut runs: Vec<&str> = Vec::new();
            for opt in group["opts"].as_sequence().unwrap() {
                let namespace = opt["namespace"].as_str().unwrap();
                if runs.last() != Some(&namespace) {
                    assert!(!runs.contains(&namespace), "{}: {namespace} twice in a group", self.name);
                    runs.push(namespace);
                }
            }
            before.extend(runs.windows(2).map(|w| (w[0].to_owned(), w[1].to_owned())));
        }
        let (mut left, mut order) = (self.namespaces.clone(), Vec::new());
        while !left.is_empty() {
            let next = left
                .iter()
                .position(|n| !before.iter().any(|(a, b)| b == n && left.contains(a)))
                .unwrap_or_else(|| panic!("{}: the groups order {left:?} in a cycle", self.name));
            order.push(left.remove(next));
        }
        order
    }

    /// What confspec writes for the generator config file itself, run as oslo is: in a folder
    /// where the file's output_file (relative to it) has its folder.
    fn render_conf(&self, specs: &Path) -> Vec<u8> {
        let text = std::fs::read_to_string(&self.conf).unwrap();
        let output = value_of(&text, "output_file").next().unwrap();
        let work = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(work.path().join(&output).parent().unwrap()).unwrap();
        let args = ["generate", "--config-file", self.conf.to_str().unwrap(), "--spec-dir", specs.to_str().unwrap()];
        let out = Run::new(args).current_dir(work.path()).output();
        assert_eq!(out.status.code(), Some(0), "{}: {}", self.name, String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty());
        std::fs::read(work.path().join(output)).unwrap()
    }

    fn oracle(&self, file: &str) -> Vec<u8> {
        std::fs::read(self.folder.join(file)).unwrap()
    }
}

/// How confspec's output compares with the oracle's.
#[derive(PartialEq, Debug)]
enum Outcome {
    Identical,
    Differs(String),
}

fn compare(want: &[u8], got: &[u8]) -> Outcome {
    if want == got {
        Outcome::Identical
    } else {
        Outcome::Differs(first_difference(want, got))
    }
}

/// confspec's data of specs given in oslo's load order, with `generator_options.namespace` put
/// back in the order oslo was given the namespaces in (the file's): the one place where the
/// command line's order shows.
fn namespaces_as_given(data: &[u8], load_order: &[String], given: &[String]) -> Vec<u8> {
    let text = String::from_utf8(data.to_vec()).unwrap();
    let (yaml, json) = (
        |o: &[String]| o.iter().map(|n| format!("  - {n}\n")).collect::<String>(),
        |o: &[String]| {
            format!("\"namespace\": [{}]", o.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", "))
        },
    );
    let (from, to) = if text.starts_with('{') {
        (json(load_order), json(given))
    } else {
        (format!("  namespace:\n{}", yaml(load_order)), format!("  namespace:\n{}", yaml(given)))
    };
    assert_eq!(text.matches(&from).count(), 1, "the namespaces of generator_options once");
    text.replacen(&from, &to, 1).into_bytes()
}

/// Whether oslo orders this output by its load order of the namespaces (the INI sorts them).
fn in_load_order(file: &str) -> bool {
    file.starts_with("data.") || file == "sample.rst"
}

/// Every case's outputs (the variants, then the generator config file's own sample), as
/// confspec renders them from specs imported with or without `--sample` and overlays; a report
/// line for each case, and each output's outcome.
fn run_cases(sample: bool, overlays: bool) -> (Vec<String>, Vec<(String, String, Outcome)>) {
    let (mut report, mut outcomes) = (Vec::new(), Vec::new());
    for case in cases() {
        let specs = case.import(sample, overlays);
        let load_order = case.load_order();
        let mut results = Vec::new();
        for (file, flags) in VARIANTS {
            let order = if in_load_order(file) { &load_order } else { &case.namespaces };
            let mut got = case.render(specs.path(), order, flags);
            if file.starts_with("data.") && order != &case.namespaces {
                got = namespaces_as_given(&got, &load_order, &case.namespaces);
            }
            results.push((file.to_string(), compare(&case.oracle(file), &got)));
        }
        results.push((EXPECTED.to_owned(), compare(&case.oracle(EXPECTED), &case.render_conf(specs.path()))));
        let identical = results.iter().filter(|(_, o)| *o == Outcome::Identical).count();
        let mut notes = Vec::new();
        if load_order != case.namespaces {
            notes.push("data and rst with the namespaces in oslo's load order".to_owned());
        }
        report.push(format!(
            "{}: {} namespaces, {identical}/{} outputs identical{}",
            case.name,
            case.namespaces.len(),
            results.len(),
            if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) }
        ));
        outcomes.extend(results.into_iter().map(|(file, o)| (case.name.clone(), file, o)));
    }
    (report, outcomes)
}

#[test]
fn every_service_has_its_generator_config_files() {
    let cases = cases();
    for (service, least) in SERVICES {
        let n = cases.iter().filter(|c| c.name.starts_with(&format!("{service}/"))).count();
        assert!(n >= *least, "{service}: {n} cases");
    }
    assert!(cases.iter().any(|c| c.name == "nova/nova-config-generator" && c.namespaces[0] == "nova.conf"));
    // Every namespace of every case is there alone, but os_brick (oslo fails on it alone).
    let alone: Vec<String> =
        namespaces_alone().iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    for case in &cases {
        for namespace in &case.namespaces {
            assert!(alone.contains(namespace) || namespace == "os_brick", "{}: {namespace}", case.name);
        }
    }
    assert!(alone.len() >= 50, "{}", alone.len());
}

/// The acceptance of the widened harness: every case byte-identical in every variant, rst
/// included, with the overlays.
#[test]
fn every_case_renders_what_oslo_rendered() {
    let (report, outcomes) = run_cases(false, true);
    eprintln!("{}", report.join("\n"));
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|(case, file, o)| match o {
            Outcome::Identical => None,
            Outcome::Differs(why) => Some(format!("{case}/{file}: {why}")),
        })
        .collect();
    assert!(failures.is_empty(), "{} outputs differ:\n{}", failures.len(), failures.join("\n"));
}

/// With `import --sample`, the INI outputs are exact without any overlay.
#[test]
fn with_the_sample_every_ini_output_is_identical_without_overlays() {
    let (_, outcomes) = run_cases(true, false);
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|(_, file, _)| file.ends_with(".ini") || file == EXPECTED)
        .filter_map(|(case, file, o)| match o {
            Outcome::Differs(why) => Some(format!("{case}/{file}: {why}")),
            _ => None,
        })
        .collect();
    assert!(failures.is_empty(), "{} outputs differ:\n{}", failures.len(), failures.join("\n"));
}

/// Without overlays, only the outputs an overlay explains may differ: the rst of a case with
/// an overlaid namespace, and its INI only for overlays the INI shows.
#[test]
fn without_overlays_only_the_documented_outputs_differ() {
    let (_, outcomes) = run_cases(false, false);
    let cases = cases();
    for (name, file, outcome) in outcomes {
        let case = cases.iter().find(|c| c.name == name).unwrap();
        let overlaid = |rst_only: bool| {
            OVERLAYS.iter().any(|o| case.namespaces.iter().any(|n| n == o.namespace) && (rst_only || !o.rst_only()))
        };
        let may_differ = (file == "sample.rst" && overlaid(true)) || overlaid(false);
        if !may_differ {
            if let Outcome::Differs(why) = outcome {
                panic!("{name}/{file} differs without any documented reason: {why}");
            }
        }
    }
}

/// Each namespace alone: oslo's data, imported and written again, is the same bytes in both
/// formats, and the JSON imports to the same specs as the YAML but for the `default_object`s
/// the YAML's anchors show (JSON does not say which defaults are one object): one for each
/// anchor and alias.
#[test]
fn every_namespace_alone_gives_back_oslos_data() {
    let (mut failures, mut identical, mut shared) = (Vec::new(), 0, Vec::new());
    let folders = namespaces_alone();
    for folder in &folders {
        let namespace = folder.file_name().unwrap().to_str().unwrap().to_owned();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        for (dir, data) in [(&a, "data.yaml"), (&b, "data.json")] {
            let path = folder.join(data);
            Run::new(["import", path.to_str().unwrap(), "--output-dir", dir.path().to_str().unwrap()]).ok();
        }
        let spec = a.path().join(format!("{namespace}.yaml"));
        for (data, format) in [("data.yaml", "yaml"), ("data.json", "json")] {
            let got = Run::new(["generate", spec.to_str().unwrap(), "--format", format]).ok();
            let want = std::fs::read(folder.join(data)).unwrap();
            match compare(&want, &got) {
                Outcome::Identical => identical += 1,
                other => failures.push(format!("{namespace}/{data}: {other:?}")),
            }
        }
        let body = |dir: &Path| {
            let text = std::fs::read_to_string(dir.join(format!("{namespace}.yaml"))).unwrap();
            text.split_once('\n').map(|(_, rest)| rest.to_owned()).unwrap()
        };
        let (from_yaml, from_json) = (body(a.path()), body(b.path()));
        let is_object = |l: &str| l.trim_start().starts_with("default_object: ");
        let objects = from_yaml.lines().filter(|l| is_object(l)).count();
        let oslo = std::fs::read_to_string(folder.join("data.yaml")).unwrap();
        let anchors = oslo.lines().filter(|l| l.contains("default: &id") || l.contains("default: *id")).count();
        if objects != anchors {
            failures.push(format!("{namespace}: {objects} default_object keys for {anchors} anchors and aliases"));
        }
        if objects > 0 {
            shared.push(format!("{namespace} ({objects})"));
        }
        if from_yaml.lines().filter(|l| !is_object(l)).ne(from_json.lines()) {
            failures.push(format!("{namespace}: the JSON imports to another spec than the YAML"));
        }
    }
    eprintln!(
        "{} namespaces alone: {identical}/{} data files identical; default_object from the YAML's anchors: {}",
        folders.len(),
        folders.len() * 2,
        shared.join(", ")
    );
    assert!(failures.is_empty(), "{} differ:\n{}", failures.len(), failures.join("\n"));
}

/// In the file's order of the namespaces, the data of a case holds what oslo's does, up to the
/// order of its lists (as tests/harness.rs checks its generator config file's data).
#[test]
fn in_the_files_order_the_data_differs_only_in_the_order_of_its_lists() {
    for case in cases() {
        let specs = case.import(false, true);
        for (file, flags) in VARIANTS.iter().filter(|(f, _)| f.starts_with("data.")) {
            let got = case.render(specs.path(), &case.namespaces, flags);
            let read = |bytes: &[u8]| sorted_lists(serde_yaml::from_slice::<Value>(bytes).unwrap());
            assert!(read(&got) == read(&case.oracle(file)), "{}/{file}: the data differs beyond its order", case.name);
        }
    }
}
