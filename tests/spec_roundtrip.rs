//! The spec keeps every text oslo keeps: each option's help and deprecation reason, and each
//! group's help, equal to the oracle's machine-readable data for the same namespace
//! (tests/golden/*/sample.json), leading and trailing newlines included.

use crate::common::root;
use confspec::spec::Loader;
use serde_json::Value;

fn compare(golden: &str, spec: &str) {
    let data: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/golden").join(golden).join("sample.json")).unwrap(),
    )
    .unwrap();
    let catalog = Loader::new().load_catalog(&[root().join(spec)]).unwrap_or_else(|e| panic!("{e}"));
    let mut compared = 0;
    for group in &catalog.specs[0].groups {
        if group.options.is_empty() {
            continue;
        }
        let oracle = &data["options"][&group.name];
        assert!(oracle.is_object(), "group [{}] missing from the oracle data", group.name);
        if group.help.is_some() {
            assert_eq!(oracle["help"].as_str(), group.help.as_deref(), "help of [{}]", group.name);
        }
        let opts = oracle["opts"].as_array().unwrap();
        assert_eq!(opts.len(), group.options.len(), "options in [{}]", group.name);
        for (ours, theirs) in group.options.iter().zip(opts) {
            assert_eq!(theirs["name"].as_str(), Some(ours.name.as_ref()));
            assert_eq!(theirs["dest"].as_str(), Some(ours.dest.as_ref()));
            assert_eq!(theirs["help"].as_str(), ours.help.as_deref(), "help of {}", ours.name);
            assert_eq!(
                theirs["deprecated_reason"].as_str(),
                ours.deprecated_reason.as_deref(),
                "reason of {}",
                ours.name
            );
            assert_eq!(theirs["deprecated_since"].as_str(), ours.deprecated_since.as_deref(), "since of {}", ours.name);
            assert_eq!(theirs["type"].as_str(), Some(&*ours.ty.type_name), "type of {}", ours.name);
            compared += 1;
        }
    }
    assert!(compared > 0);
}

#[test]
fn glance_texts_equal_the_oracle_data() {
    compare("glance", "specs/glance.yaml");
}

#[test]
fn feature_texts_equal_the_oracle_data() {
    compare("features", "tests/specs/features.yaml");
}
