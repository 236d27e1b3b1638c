//! The integration tests, one binary (one link, one run): a module per subject, and `common`
//! for the binary, the repository's files and a builder for runs of the binary.
//!
//! Cargo.toml sets `autotests = false`, so a file of tests/ is compiled only when it is a
//! module here; `every_test_file_is_a_module` fails when one is left out.

mod common;

mod bad_inputs;
mod cli_generate;
mod cli_import;
mod cli_operator;
mod data_roundtrip;
mod docs_outputs;
mod edit;
mod fuzz_regressions;
mod golden_outputs;
mod harness;
mod hostile;
mod load_errors;
mod properties;
mod python_module;
mod pyyaml_python;
mod reproducible;
mod rst_scan;
mod services;
mod several_files;
mod shipped;
mod spec_roundtrip;
mod starter;
mod textwrap_python;
mod validate_values;

#[test]
fn every_test_file_is_a_module() {
    let main = std::fs::read_to_string(common::root().join("tests/main.rs")).unwrap();
    for entry in std::fs::read_dir(common::root().join("tests")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") && path.file_stem().unwrap() != "main" {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(main.contains(&format!("\nmod {stem};\n")), "tests/{stem}.rs is not a module of tests/main.rs");
        }
    }
}
