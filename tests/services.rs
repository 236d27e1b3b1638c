//! Whole services (tests/fixtures/services/<series>/, made by scripts/services/ from the pinned
//! venvs of scripts/services/releases.py): nova, cinder with os-brick, glance with
//! glance_store, keystone, neutron and placement, of series 2026.2 and 2026.1; and the specs
//! confspec ships for them (specs/services/, made by scripts/services/make_specs.py).
//!
//! Each generator config file of a release's sdist is a case: the shipped specs of its
//! namespaces (oslo's data imported with `--sample`, and the facts the data cannot hold read
//! from the live objects, facts.json) must render what oslo-config-generator rendered for those
//! namespaces in every format and flag variant, and, with the file itself, the sample the file
//! makes. The data imported without those facts may differ only where a fact explains it, and
//! each namespace alone must give back oslo's json and yaml data byte for byte.
//!
//! Inside a group, oslo's data and rst list the options namespace by namespace in the order
//! stevedore loaded the namespaces, the environment's, which a spec cannot know
//! (docs/compatibility.md, Known differences); confspec uses the order the specs are given in.
//! So the data and rst of several namespaces are rendered from the specs given in oslo's load
//! order, as its data shows it (the index's `specs` order), and must then be the same bytes; in
//! the file's order, the data must hold the same up to the order of its lists, as
//! tests/harness.rs checks it.

use crate::common::{first_difference, fixtures, root, sorted_lists, Run, VARIANTS};
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// The series of the fixtures, newest first.
const SERIES: &[&str] = &["2026.2", "2026.1"];

/// The services of each series and the fewest cases each must have.
const SERVICES: &[(&str, usize)] =
    &[("cinder", 1), ("glance", 5), ("keystone", 1), ("neutron", 11), ("nova", 1), ("placement", 1)];

/// A generator config file of a service release, with oslo's outputs for its namespaces.
struct Case {
    /// `<series>/<service>/<file name without suffix>`
    name: String,
    series: String,
    service: String,
    folder: PathBuf,
    conf: PathBuf,
    namespaces: Vec<String>,
}

/// The sample oslo wrote for the generator config file itself. With the `VARIANTS` and the
/// live facts, the files of a case folder that the scripts wrote; the one other file is the
/// generator config file.
const EXPECTED: &str = "expected.conf.sample";
const FACTS: &str = "facts.json";
/// The SHA-256 of oslo's outputs for the generator config file itself (tests/shipped.rs).
const GENERATOR_DIGESTS: &str = "generator.sha256";

fn value_of<'a>(text: &'a str, key: &str) -> impl Iterator<Item = String> + 'a {
    let key = key.to_owned();
    text.lines().filter_map(move |l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_owned())
    })
}

fn sorted_entries(folder: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for series in SERIES {
        for (service, _) in SERVICES {
            for folder in sorted_entries(&fixtures().join("services").join(series).join(service)) {
                let mut confs: Vec<PathBuf> = sorted_entries(&folder)
                    .into_iter()
                    .filter(|p| {
                        let file = p.file_name().unwrap().to_str().unwrap();
                        file != EXPECTED
                            && file != FACTS
                            && file != GENERATOR_DIGESTS
                            && !VARIANTS.iter().any(|(v, _)| *v == file)
                    })
                    .collect();
                assert_eq!(confs.len(), 1, "{}: one generator config file, not {confs:?}", folder.display());
                let conf = confs.pop().unwrap();
                let text = std::fs::read_to_string(&conf).unwrap();
                let name = format!("{series}/{service}/{}", folder.file_name().unwrap().to_str().unwrap());
                cases.push(Case {
                    name,
                    series: series.to_string(),
                    service: service.to_string(),
                    namespaces: value_of(&text, "namespace").collect(),
                    folder,
                    conf,
                });
            }
        }
    }
    cases
}

/// The generator config files specs/services/index.yaml says are not shipped (confspec cannot
/// hold them yet), as `(<series>/<service>/<file name without suffix>, namespace, why)`.
fn not_shipped() -> Vec<(String, String, String)> {
    let index = index();
    let Some(gaps) = index["not_shipped"].as_sequence() else { return Vec::new() };
    gaps.iter()
        .map(|g| {
            let file = g["generator_config"].as_str().unwrap().rsplit('/').next().unwrap();
            let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
            let name = format!("{}/{}/{stem}", g["series"].as_str().unwrap(), g["service"].as_str().unwrap());
            (name, g["namespace"].as_str().unwrap().to_owned(), g["why"].as_str().unwrap().to_owned())
        })
        .collect()
}

/// The cases whose specs are shipped: all but those `not_shipped`.
fn shipped_cases() -> Vec<Case> {
    let gaps = not_shipped();
    cases().into_iter().filter(|c| !gaps.iter().any(|(name, _, _)| *name == c.name)).collect()
}

/// The namespaces alone of a series (tests/fixtures/services/<series>/namespaces/<namespace>/).
fn namespaces_alone(series: &str) -> Vec<PathBuf> {
    sorted_entries(&fixtures().join("services").join(series).join("namespaces"))
}

/// specs/services/, the shipped specs, and their index.
fn shipped_root() -> PathBuf {
    root().join("specs/services")
}

fn index() -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(shipped_root().join("index.yaml")).unwrap()).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value.as_sequence().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

/// Which specs a case is rendered from.
#[derive(Clone, Copy, PartialEq)]
enum Specs {
    /// specs/services/, as the index lists them for the case's file.
    Shipped,
    /// oslo's data imported, with `--sample` its default-width INI sample too.
    Imported { sample: bool },
}

impl Case {
    /// The case's file in the index: its release has the case's series and service, and its
    /// generator config file has the case's file name.
    fn index_entry(&self, index: &Value) -> Value {
        let release = index["releases"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|r| r["series"].as_str() == Some(&self.series) && r["service"].as_str() == Some(&self.service))
            .unwrap_or_else(|| panic!("{}: no release in the index", self.name));
        let file_name = self.conf.file_name().unwrap().to_str().unwrap();
        release["files"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|f| f["generator_config"].as_str().unwrap().rsplit('/').next() == Some(file_name))
            .unwrap_or_else(|| panic!("{}: no file in the index", self.name))
            .clone()
    }

    /// A new folder of specs, `<namespace>.yaml` each, for the case's namespaces.
    fn specs(&self, which: Specs) -> tempfile::TempDir {
        let specs = tempfile::tempdir().unwrap();
        match which {
            Specs::Shipped => {
                for spec in strings(&self.index_entry(&index())["specs"]) {
                    let namespace = spec.split('/').nth(1).unwrap();
                    std::fs::copy(shipped_root().join(&spec), specs.path().join(format!("{namespace}.yaml"))).unwrap();
                }
            }
            Specs::Imported { sample } => {
                let data = self.folder.join("data.yaml");
                let mut args = vec!["import".to_owned(), data.display().to_string()];
                if sample {
                    args.extend(["--sample".into(), self.folder.join("sample.ini").display().to_string()]);
                }
                args.extend(["--output-dir".into(), specs.path().display().to_string()]);
                let report = String::from_utf8(Run::new(&args).ok()).unwrap();
                let written = report.lines().filter(|l| !l.contains("facts the data does not hold")).count();
                assert_eq!(written, self.namespaces.len(), "{}: {report}", self.name);
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
/// confspec renders them from `which` specs; a report line for each case, and each output's
/// outcome.
fn run_cases(which: Specs) -> (Vec<String>, Vec<(String, String, Outcome)>) {
    let (mut report, mut outcomes) = (Vec::new(), Vec::new());
    for case in shipped_cases() {
        let specs = case.specs(which);
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
        let note =
            if load_order != case.namespaces { " (data and rst with the namespaces in oslo's load order)" } else { "" };
        report.push(format!(
            "{}: {} namespaces, {identical}/{} outputs identical{note}",
            case.name,
            case.namespaces.len(),
            results.len(),
        ));
        outcomes.extend(results.into_iter().map(|(file, o)| (case.name.clone(), file, o)));
    }
    (report, outcomes)
}

fn failures(outcomes: &[(String, String, Outcome)], wanted: impl Fn(&str) -> bool) -> Vec<String> {
    outcomes
        .iter()
        .filter(|(_, file, _)| wanted(file))
        .filter_map(|(case, file, o)| match o {
            Outcome::Identical => None,
            Outcome::Differs(why) => Some(format!("{case}/{file}: {why}")),
        })
        .collect()
}

#[test]
fn every_service_has_its_generator_config_files() {
    let cases = cases();
    for series in SERIES {
        for (service, least) in SERVICES {
            let n = cases.iter().filter(|c| c.name.starts_with(&format!("{series}/{service}/"))).count();
            assert!(n >= *least, "{series}/{service}: {n} cases");
        }
        let nova = format!("{series}/nova/nova-config-generator");
        assert!(cases.iter().any(|c| c.name == nova && c.namespaces[0] == "nova.conf"));
        let placement = format!("{series}/placement/config-generator");
        assert!(cases.iter().any(|c| c.name == placement && c.namespaces[0] == "placement.conf"));
        // Every namespace of every case is there alone, but os_brick (oslo fails on it alone).
        let alone: Vec<String> =
            namespaces_alone(series).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        for case in cases.iter().filter(|c| c.series == *series) {
            for namespace in &case.namespaces {
                assert!(alone.contains(namespace) || namespace == "os_brick", "{}: {namespace}", case.name);
            }
        }
        assert!(alone.len() >= 50, "{series}: {}", alone.len());
    }
}

/// The acceptance of the shipped specs: every case of every series byte-identical in every
/// variant, rst included.
#[test]
fn every_case_renders_what_oslo_rendered() {
    let (report, outcomes) = run_cases(Specs::Shipped);
    eprintln!("{}", report.join("\n"));
    let failures = failures(&outcomes, |_| true);
    assert!(failures.is_empty(), "{} outputs differ:\n{}", failures.len(), failures.join("\n"));
    // 20 files a series, less those not shipped.
    let shipped = shipped_cases().len();
    assert!(shipped >= 2 * 20 - not_shipped().len(), "{shipped} files");
    assert_eq!(outcomes.len(), shipped * (VARIANTS.len() + 1));
}

/// With `import --sample`, the INI outputs are exact without the live facts.
#[test]
fn with_the_sample_every_ini_output_is_identical_without_the_live_facts() {
    let (_, outcomes) = run_cases(Specs::Imported { sample: true });
    let failures = failures(&outcomes, |file| file.ends_with(".ini") || file == EXPECTED);
    assert!(failures.is_empty(), "{} outputs differ:\n{}", failures.len(), failures.join("\n"));
}

/// A spec's text without its header comment.
fn body(text: &str) -> String {
    text.lines().skip_while(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n")
}

/// Imported from the data alone, only the outputs a fact explains may differ: the rst of a case
/// whose shipped specs hold facts the data does not (the live ones, or the sample's), and any
/// output of a case whose sample holds facts the data does not.
#[test]
fn from_the_data_alone_only_the_outputs_a_fact_explains_differ() {
    let (_, outcomes) = run_cases(Specs::Imported { sample: false });
    let mut checked = 0;
    for case in shipped_cases() {
        let (plain, sampled, shipped) = (
            case.specs(Specs::Imported { sample: false }),
            case.specs(Specs::Imported { sample: true }),
            case.specs(Specs::Shipped),
        );
        let differs = |a: &Path, b: &Path| {
            case.namespaces.iter().any(|n| {
                let read = |dir: &Path| body(&std::fs::read_to_string(dir.join(format!("{n}.yaml"))).unwrap());
                read(a) != read(b)
            })
        };
        let sample_facts = differs(plain.path(), sampled.path());
        let any_facts = differs(plain.path(), shipped.path());
        for (name, file, outcome) in outcomes.iter().filter(|(name, _, _)| *name == case.name) {
            let may_differ = sample_facts || (file == "sample.rst" && any_facts);
            if let (false, Outcome::Differs(why)) = (may_differ, outcome) {
                panic!("{name}/{file} differs without a fact that explains it: {why}");
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// Each namespace alone: oslo's data, imported and written again, is the same bytes in both
/// formats, and the JSON imports to the same specs as the YAML but for the `default_object`s
/// the YAML's anchors show (JSON does not say which defaults are one object): one for each
/// anchor and alias.
#[test]
fn every_namespace_alone_gives_back_oslos_data() {
    let (mut failures, mut identical, mut shared, mut total) = (Vec::new(), 0, Vec::new(), 0);
    let gaps = not_shipped();
    for series in SERIES {
        let folders = namespaces_alone(series);
        for folder in &folders {
            let namespace = folder.file_name().unwrap().to_str().unwrap().to_owned();
            if gaps.iter().any(|(case, ns, _)| case.starts_with(&format!("{series}/")) && *ns == namespace) {
                continue;
            }
            total += 1;
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
                    other => failures.push(format!("{series}/{namespace}/{data}: {other:?}")),
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
                failures.push(format!(
                    "{series}/{namespace}: {objects} default_object keys for {anchors} anchors and aliases"
                ));
            }
            if objects > 0 {
                shared.push(format!("{series}/{namespace} ({objects})"));
            }
            if from_yaml.lines().filter(|l| !is_object(l)).ne(from_json.lines()) {
                failures.push(format!("{series}/{namespace}: the JSON imports to another spec than the YAML"));
            }
        }
    }
    eprintln!(
        "{total} namespaces alone: {identical}/{} data files identical; default_object from the YAML's anchors: {}",
        total * 2,
        shared.join(", ")
    );
    assert!(failures.is_empty(), "{} differ:\n{}", failures.len(), failures.join("\n"));
}

/// In the file's order of the namespaces, the data of a case holds what oslo's does, up to the
/// order of its lists (as tests/harness.rs checks its generator config file's data).
#[test]
fn in_the_files_order_the_data_differs_only_in_the_order_of_its_lists() {
    for case in shipped_cases() {
        let specs = case.specs(Specs::Shipped);
        for (file, flags) in VARIANTS.iter().filter(|(f, _)| f.starts_with("data.")) {
            let got = case.render(specs.path(), &case.namespaces, flags);
            let read = |bytes: &[u8]| sorted_lists(serde_yaml::from_slice::<Value>(bytes).unwrap());
            assert!(read(&got) == read(&case.oracle(file)), "{}/{file}: the data differs beyond its order", case.name);
        }
    }
}

/// specs/services/index.yaml: one release for each series and service, one file for each case,
/// with the case's namespaces, its output file and wrap width, the main file first, and its
/// specs in oslo's load order; every spec file it names is there and holds its folder's
/// namespace, and every spec file there is named.
#[test]
fn the_index_lists_every_case_and_every_spec() {
    let index = index();
    let releases = index["releases"].as_sequence().unwrap();
    assert_eq!(releases.len(), SERIES.len() * SERVICES.len());
    let (cases, gaps) = (shipped_cases(), not_shipped());
    let mut named = std::collections::BTreeSet::new();
    for release in releases {
        let files = release["files"].as_sequence().unwrap();
        let (series, service) = (release["series"].as_str().unwrap(), release["service"].as_str().unwrap());
        let of_release: Vec<&Case> = cases.iter().filter(|c| c.series == series && c.service == service).collect();
        assert_eq!(files.len(), of_release.len(), "{series}/{service}");
        // The main file first, unless it is not shipped.
        let main = files.iter().filter(|f| f["main"].as_bool() == Some(true)).count();
        let gap = gaps.iter().any(|(case, _, _)| case.starts_with(&format!("{series}/{service}/")));
        assert!(main == 1 || (main == 0 && gap), "{series}/{service}: {main} main files");
        assert!(main == 0 || files[0]["main"].as_bool() == Some(true), "{series}/{service}: the main file first");
        for case in of_release {
            let file = case.index_entry(&index);
            let text = std::fs::read_to_string(&case.conf).unwrap();
            assert_eq!(strings(&file["namespaces"]), case.namespaces, "{}", case.name);
            let output = value_of(&text, "output_file").next().unwrap();
            assert_eq!(file["output_file"].as_str(), Some(output.as_str()), "{}", case.name);
            let name = output.rsplit('/').next().unwrap().trim_end_matches(".sample");
            assert_eq!(file["name"].as_str(), Some(name), "{}", case.name);
            let width = value_of(&text, "wrap_width").next().map(|w| w.parse::<u64>().unwrap());
            assert_eq!(file["wrap_width"].as_u64(), width, "{}", case.name);
            let specs = strings(&file["specs"]);
            let order: Vec<String> = specs.iter().map(|s| s.split('/').nth(1).unwrap().to_owned()).collect();
            assert_eq!(order, case.load_order(), "{}: the specs in oslo's load order", case.name);
            for spec in specs {
                let text = std::fs::read_to_string(shipped_root().join(&spec)).unwrap();
                let namespace: Value = serde_yaml::from_str::<Value>(&text).unwrap()["namespace"].clone();
                assert_eq!(namespace.as_str(), spec.split('/').nth(1), "{spec}");
                named.insert(spec);
            }
        }
    }
    let mut there = std::collections::BTreeSet::new();
    for folder in sorted_entries(&shipped_root().join("namespaces")) {
        for spec in sorted_entries(&folder) {
            there.insert(spec.strip_prefix(shipped_root()).unwrap().display().to_string());
        }
    }
    assert_eq!(there, named, "the spec files there and those the index names");
}

/// What is not shipped is so because confspec still cannot import it: the case's data and its
/// namespace's data alone fail with the reason's error (a fix shows here: then make_specs.py
/// ships the file).
#[test]
fn the_files_not_shipped_still_fail_to_import() {
    for (name, namespace, why) in not_shipped() {
        let case = cases().into_iter().find(|c| c.name == name).unwrap_or_else(|| panic!("{name}: no such case"));
        let series = &case.series;
        for data in [
            case.folder.join("data.yaml"),
            namespaces_alone(series)
                .into_iter()
                .find(|f| f.file_name().unwrap() == namespace.as_str())
                .unwrap()
                .join("data.yaml"),
        ] {
            let out = tempfile::tempdir().unwrap();
            let run =
                Run::new(["import", data.to_str().unwrap(), "--output-dir", out.path().to_str().unwrap()]).output();
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert_eq!(run.status.code(), Some(2), "{name}: {why}: {stderr}");
            assert!(stderr.contains("must be an integer"), "{name}: {stderr}");
        }
    }
}
