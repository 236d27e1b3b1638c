//! validate's value checks against oslo.config's own. tests/golden/validate/ holds a spec with
//! options of every oslo type and parameter mix, 110 config files of generated values (hostile
//! ones and `$` references among them) and, for every option a file sets, whether oslo.config
//! 10.7.0 loading that real file accepted its value (scripts/oracle/make_validate_cases.py,
//! run by make-golden.sh). confspec must say the same of every value: no error where oslo took
//! it, an error where oslo refused it, except the documented differences below.

use crate::common::{root, Run};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

#[derive(serde::Deserialize)]
struct Case {
    file: String,
    lines: Vec<u64>,
    option: String,
    values: Vec<String>,
    oslo: String,
    why: Option<String>,
}

/// Where confspec and oslo part: (option, value, why). docs/cli.md ("Value checks") lists them.
const DOCUMENTED: &[(&str, &str, &str)] = &[
    (
        "s_regex_boundary",
        "a\u{301}b c",
        "`\\b` uses the regex crate's word characters, which take combining marks (Python's do not)",
    ),
    (
        "s_regex_boundary",
        "a\u{203f}b c",
        "`\\b` uses the regex crate's word characters, which take connector punctuation such as `‿`",
    ),
];

fn golden() -> PathBuf {
    root().join("tests/golden/validate")
}

/// The lines confspec reports an error at, for one config file.
fn error_lines(conf: &str) -> HashSet<u64> {
    let spec = golden().join("spec.yaml");
    let conf = golden().join("conf").join(conf);
    let out = Run::new([
        "validate".as_ref(),
        spec.as_os_str(),
        "--input-file".as_ref(),
        conf.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
    .output();
    assert_ne!(out.status.code(), Some(2), "{}: {}", conf.display(), String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["line"].as_u64().expect("a value's error has a line"))
        .collect()
}

#[test]
fn validate_agrees_with_oslo_on_every_generated_value() {
    let text = std::fs::read_to_string(golden().join("verdicts.json")).unwrap();
    let cases: Vec<Case> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 5000, "the corpus shrank to {} values", cases.len());
    let references = cases.iter().filter(|c| c.values.iter().any(|v| v.contains('$'))).count();
    assert!(references >= 1000, "only {references} values with `$`");
    let spec: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(golden().join("spec.yaml")).unwrap()).unwrap();
    let types: HashSet<&str> = spec["groups"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|g| g["options"].as_sequence().unwrap())
        .map(|o| o["type"].as_str().unwrap())
        .collect();
    for t in confspec::oslo::types::TYPES.iter().map(|t| t.spec_name).filter(|t| *t != "custom") {
        assert!(types.contains(t), "no option of type {t}");
    }

    let mut by_file: BTreeMap<&str, Vec<&Case>> = BTreeMap::new();
    for case in &cases {
        by_file.entry(&case.file).or_default().push(case);
    }
    let mut unexplained = Vec::new();
    let mut documented_seen = HashSet::new();
    for (file, cases) in by_file {
        let errors = error_lines(file);
        for case in cases {
            let confspec_rejects = case.lines.iter().any(|l| errors.contains(l));
            if confspec_rejects == (case.oslo == "error") {
                continue;
            }
            let value = case.values.join("\n");
            match DOCUMENTED.iter().position(|(o, v, _)| *o == case.option && *v == value) {
                Some(i) => {
                    documented_seen.insert(i);
                }
                None => unexplained.push(format!(
                    "{file}:{:?} [{}] {:?}: oslo {}{}, confspec {}",
                    case.lines,
                    case.option,
                    value,
                    case.oslo,
                    case.why.as_deref().map(|w| format!(" ({w})")).unwrap_or_default(),
                    if confspec_rejects { "error" } else { "ok" }
                )),
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "{} of {} values judged otherwise than oslo:\n{}",
        unexplained.len(),
        cases.len(),
        unexplained.join("\n")
    );
    // A difference that no longer shows is no difference: take it off the list (and the docs).
    for (i, (option, value, _)) in DOCUMENTED.iter().enumerate() {
        assert!(documented_seen.contains(&i), "[{option}] {value:?} is listed as a difference but agrees");
    }
}
