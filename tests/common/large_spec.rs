//! A synthetic spec of over 4,000 options, made from tests/specs/features.yaml: its groups
//! repeated 60 times as `<group>_00` to `<group>_59`. The benchmarks time it
//! (benches/pipeline.rs includes this file) and golden_outputs checks the native writers on it.

use std::path::Path;

/// The spec's text; `root` is the checkout.
pub fn features_x60(root: &Path) -> String {
    let mut doc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("tests/specs/features.yaml")).unwrap()).unwrap();
    let groups = doc["groups"].as_sequence().unwrap().clone();
    let mut many = Vec::new();
    for i in 0..60 {
        for g in &groups {
            let mut g = g.clone();
            g["name"] = format!("{}_{i:02}", g["name"].as_str().unwrap()).into();
            many.push(g);
        }
    }
    doc["groups"] = serde_yaml::Value::Sequence(many);
    serde_yaml::to_string(&doc).unwrap()
}
