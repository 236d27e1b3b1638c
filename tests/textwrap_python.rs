//! confspec's port of Python's textwrap against oslo's own `_format_help`, on thousands of
//! generated help texts (tests/golden/textwrap/cases.json, made by
//! scripts/oracle/gen_textwrap_cases.py: hyphens, em-dashes, runs of spaces, tabs, long URLs,
//! accents, CJK, emoji, Python's extra line breaks; widths 10 to 120).

use crate::common::root;
use confspec::oslo::lines;

#[derive(serde::Deserialize)]
struct Case {
    width: usize,
    text: String,
    expected: String,
}

#[test]
fn wrapping_matches_python_on_generated_cases() {
    let path = root().join("tests/golden/textwrap/cases.json");
    let cases: Vec<Case> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 5000, "the corpus shrank to {} cases", cases.len());
    let widths: std::collections::BTreeSet<usize> = cases.iter().map(|c| c.width).collect();
    assert_eq!((widths.first(), widths.last()), (Some(&10), Some(&120)));

    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let mut actual = String::new();
        lines::comment(&case.text, case.width, &mut actual);
        if actual != case.expected {
            failures.push(format!(
                "case {i} (width {}): text {:?}\n--- python\n{}--- confspec\n{}",
                case.width, case.text, case.expected, actual
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ; first:\n{}",
        failures.len(),
        cases.len(),
        failures[..failures.len().min(3)].join("\n")
    );
}
