//! confspec's PyYAML emitter (`--format yaml`, src/oslo/pyyaml.rs) against
//! `yaml.safe_dump(value, default_flow_style=False)` itself:
//! - on the committed corpus tests/golden/pyyaml/cases.json (made by
//!   scripts/oracle/gen_pyyaml_cases.py: hostile strings of every character class, YAML 1.1
//!   look-alikes, long texts that fold, ints beyond 2**63, floats of every exponent, in the
//!   places oslo's data holds values), offline;
//! - live, on random values fed to the oracle venv's python (`pyyaml_live`, ignored: it needs
//!   the venv; .ci/run runs it).

use crate::common::root;
use confspec::oslo::data::{to_yaml_objects, Objects};
use confspec::oslo::pyvalue::{float_repr, PyValue};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};

#[derive(serde::Deserialize)]
struct Case {
    value: Value,
    yaml: String,
}

/// A tagged value (`["s", text]`, `["i", "123"]`, `["f", repr]`, `["b", bool]`, `["n"]`,
/// `["l", items]`, `["d", [[key, value], ...]]`, `["o", n, value]` for object n) as the Python
/// value it names.
fn untag(v: &Value) -> PyValue {
    let kind = v[0].as_str().unwrap();
    match kind {
        "o" => untag(&v[2]),
        "n" => PyValue::None,
        "b" => PyValue::Bool(v[1].as_bool().unwrap()),
        "i" => PyValue::Int(confspec::oslo::pynum::PyInt::from_decimal(v[1].as_str().unwrap()).unwrap()),
        "f" => PyValue::Float(v[1].as_str().unwrap().parse().unwrap()),
        "s" => PyValue::Str(v[1].as_str().unwrap().to_owned()),
        "l" => PyValue::List(v[1].as_array().unwrap().iter().map(untag).collect()),
        "d" => PyValue::Dict(
            v[1].as_array()
                .unwrap()
                .iter()
                .map(|pair| (pair[0].as_str().unwrap().to_owned(), untag(&pair[1])))
                .collect(),
        ),
        other => panic!("unknown tag {other:?}"),
    }
}

/// Which nodes of `value`, the untagged `tagged`, are one object.
fn objects(tagged: &Value, value: &PyValue, objects: &mut Objects) {
    let tagged = if tagged[0] == "o" {
        objects.insert(value as *const PyValue, tagged[1].as_u64().unwrap() as usize);
        &tagged[2]
    } else {
        tagged
    };
    match value {
        PyValue::List(items) => {
            for (t, v) in tagged[1].as_array().unwrap().iter().zip(items) {
                self::objects(t, v, objects);
            }
        }
        PyValue::Dict(items) => {
            for (t, (_, v)) in tagged[1].as_array().unwrap().iter().zip(items) {
                self::objects(&t[1], v, objects);
            }
        }
        _ => {}
    }
}

fn tag(v: &PyValue) -> Value {
    match v {
        PyValue::None => json!(["n"]),
        PyValue::Bool(b) => json!(["b", b]),
        PyValue::Int(i) => json!(["i", i.to_string()]),
        PyValue::Float(f) => json!(["f", float_repr(*f)]),
        PyValue::Str(s) => json!(["s", s]),
        PyValue::List(items) => json!(["l", items.iter().map(tag).collect::<Vec<_>>()]),
        PyValue::Dict(items) => json!(["d", items.iter().map(|(k, v)| json!([k, tag(v)])).collect::<Vec<_>>()]),
    }
}

/// The cases (tagged values and PyYAML's output) whose output differs, each shown with its
/// input and both outputs.
fn differences<'a>(cases: impl Iterator<Item = (&'a Value, &'a str)>) -> (usize, Vec<String>) {
    let mut total = 0;
    let mut failures = Vec::new();
    for (i, (tagged, want)) in cases.enumerate() {
        total += 1;
        let value = untag(tagged);
        let mut shared = Objects::new();
        objects(tagged, &value, &mut shared);
        let got = to_yaml_objects(&value, &shared);
        if got != want {
            failures.push(format!("case {i}: {value:?}\n--- PyYAML\n{want}--- confspec\n{got}"));
        }
    }
    (total, failures)
}

fn report(total: usize, failures: &[String]) -> String {
    format!("{} of {total} cases differ; first:\n{}", failures.len(), failures[..failures.len().min(3)].join("\n"))
}

#[test]
fn the_emitter_matches_pyyaml_on_the_corpus() {
    let path = root().join("tests/golden/pyyaml/cases.json");
    let cases: Vec<Case> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 3000, "the corpus shrank to {} cases", cases.len());
    // The corpus reaches what it is for: every style, folding, complex keys, escapes.
    let all: String = cases.iter().map(|c| c.yaml.as_str()).collect();
    for needle in ["'off'", "\\\n", "\\ ", "\\U0001F680", "\\N", "\\_", "\\e", "? ", "...\n", ": - ", "''''"] {
        assert!(all.contains(needle), "no case writes {needle:?}");
    }
    assert!(all.contains(": &id002\n") && all.contains("- *id001\n"), "no case shares an object");
    let (total, failures) = differences(cases.iter().map(|c| (&c.value, c.yaml.as_str())));
    assert!(failures.is_empty(), "{}", report(total, &failures));
}

/// Text from every class the emitter tells apart, and any character at all.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "word", " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\u{85}", "\u{2028}", "\u{2029}", "\u{a0}",
            "\u{feff}", "'", "\"", "\\", "#", " #", ": ", ":", "-", "- ", "?", "? ", "---", "...", "[", "]",
            "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "~", "=", "<<", "yes", "No", "ON", "off",
            "null", "Null", "0x1F", "0o17", "0b1", "017", "1_000", "1:30", "1.5", "1e5", "1.0e+5", ".inf",
            ".NaN", "2001-12-14", "café", "設定", "🚀", "\u{0}", "\u{1b}", "\u{7f}", "\u{9f}",
        ]).prop_map(str::to_owned),
        1 => "[a-z ]{60,120}",
        1 => any::<char>().prop_map(String::from),
        1 => "[ -~]{1,12}",
    ];
    prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

fn scalar() -> impl Strategy<Value = PyValue> {
    prop_oneof![
        6 => text().prop_map(PyValue::Str),
        1 => any::<f64>().prop_map(PyValue::Float),
        1 => prop_oneof![any::<i128>(), -100_000i128..100_000].prop_map(|i| PyValue::Int(i.into())),
        1 => any::<bool>().prop_map(PyValue::Bool),
        1 => Just(PyValue::None),
    ]
}

fn value() -> impl Strategy<Value = PyValue> {
    scalar().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(PyValue::List),
            prop::collection::vec((text(), inner), 0..4).prop_map(|items| {
                // A Python dict: the last value of a key wins, in the key's first place.
                let mut dict: Vec<(String, PyValue)> = Vec::new();
                for (k, v) in items {
                    match dict.iter_mut().find(|(key, _)| *key == k) {
                        Some(slot) => slot.1 = v,
                        None => dict.push((k, v)),
                    }
                }
                PyValue::Dict(dict)
            }),
        ]
    })
}

/// A document holding one or two lists or dicts in several places each (tagged), between
/// other values, at several depths and in an order where the second one is met again first.
fn shared_document() -> impl Strategy<Value = Value> {
    let collection = || value().prop_filter("a list or a dict", |v| matches!(v, PyValue::List(_) | PyValue::Dict(_)));
    let slot = prop_oneof![value().prop_map(Some), Just(None)];
    (collection(), collection(), prop::collection::vec((text(), slot, 0usize..2, any::<bool>()), 2..8)).prop_map(
        |(x, y, slots)| {
            let objects = [x, y];
            let mut keys: Vec<String> = Vec::new();
            let mut items = Vec::new();
            for (key, slot, which, nested) in slots {
                if keys.contains(&key) {
                    continue;
                }
                keys.push(key.clone());
                let node = match slot {
                    Some(v) => tag(&v),
                    None => json!(["o", which, tag(&objects[which])]),
                };
                items.push(json!([key, if nested { json!(["l", [node]]) } else { node }]));
            }
            json!(["d", items])
        },
    )
}

/// Random values through the oracle venv's PyYAML. The venv is `$ORACLE_VENV` or
/// `.oracle-venv` (scripts/oracle/setup.sh); `PYYAML_LIVE_CASES` (default 3000) and
/// `PYYAML_LIVE_SEED` (default: a new one, printed) choose the values.
#[test]
#[ignore = "needs the oracle venv (scripts/oracle/setup.sh, or ORACLE_VENV=...): run with -- --ignored pyyaml_live (.ci/run does)"]
fn pyyaml_live() {
    let venv =
        std::env::var_os("ORACLE_VENV").map(std::path::PathBuf::from).unwrap_or_else(|| root().join(".oracle-venv"));
    let python = venv.join("bin/python");
    assert!(python.is_file(), "{} not found", python.display());
    let count: usize = std::env::var("PYYAML_LIVE_CASES").map_or(3000, |n| n.parse().unwrap());
    let seed: u64 = std::env::var("PYYAML_LIVE_SEED").map_or_else(
        |_| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64,
        |s| s.parse().unwrap(),
    );
    eprintln!("pyyaml_live: {count} values, PYYAML_LIVE_SEED={seed}");
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let (plain, shared) = (value(), shared_document());
    // One value in ten shares objects.
    let values: Vec<Value> = (0..count)
        .map(|i| {
            if i % 10 == 9 {
                shared.new_tree(&mut runner).unwrap().current()
            } else {
                tag(&plain.new_tree(&mut runner).unwrap().current())
            }
        })
        .collect();

    let input = serde_json::to_vec(&values).unwrap();
    let mut child = std::process::Command::new(&python)
        .arg(root().join("scripts/oracle/pyyaml_dump.py"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "pyyaml_dump.py failed");
    let dumps: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(dumps.len(), values.len());
    assert!(dumps.iter().any(|d| d.contains(": *id001")), "no value shares an object");
    let (total, failures) = differences(values.iter().zip(dumps.iter().map(String::as_str)));
    assert!(failures.is_empty(), "PYYAML_LIVE_SEED={seed}: {}", report(total, &failures));
}
