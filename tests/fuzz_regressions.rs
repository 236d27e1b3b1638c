//! Inputs the fuzzers found (scripts/fuzz.sh), kept as regression tests. The file name says
//! which target found it: `spec_loader-*` is a spec, `oslo_import-*` oslo data, `ini_reader-*`
//! a config file, `help_markup-*` a help text (rendered as the help of a spec's one option,
//! whose Markdown and HTML pages must hold no NUL: the help's own show as U+FFFD),
//! `template_engine-*` template overrides (as the target reads them). Each must end in exit 0,
//! 1 or 2 as the input deserves, with no panic, and an exit 2 must name the file (for
//! templates, one in the override folder).

use crate::common::{confspec, root};
use crate::hostile::spec_with_help;
use confspec::render::engine::TEMPLATES;

#[test]
fn every_fuzz_finding_is_handled() {
    let dir = root().join("tests/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let out_dir = tempfile::tempdir().unwrap();
        let mut file = path.to_str().unwrap().to_owned();
        let runs: Vec<Vec<String>> = if name.starts_with("help_markup-") {
            let help_spec = out_dir.path().join("spec.yaml");
            std::fs::write(&help_spec, spec_with_help(&std::fs::read_to_string(&path).unwrap(), "")).unwrap();
            file = help_spec.display().to_string();
            ["markdown", "html"]
                .iter()
                .map(|f| vec!["generate".into(), file.clone(), "--format".into(), f.to_string()])
                .collect()
        } else if name.starts_with("template_engine-") {
            // Up to three overrides, NUL-separated, each naming its template by its first byte;
            // the first one's output is rendered, as the target does.
            let templates = out_dir.path().join("t");
            std::fs::create_dir(&templates).unwrap();
            let mut first = None;
            for part in std::fs::read(&path).unwrap().split(|b| *b == 0).take(3) {
                let Some((&pick, text)) = part.split_first() else { continue };
                let (template, _) = TEMPLATES[pick as usize % TEMPLATES.len()];
                first.get_or_insert(template);
                std::fs::write(templates.join(template), text).unwrap();
            }
            file = templates.display().to_string();
            let glance = root().join("specs/glance.yaml").display().to_string();
            let layout = first.expect("an override").trim_end_matches(".hbs").trim_end_matches("-option");
            let command: Vec<String> = match layout.split_once('-') {
                Some(("deprecations", format)) => vec!["deprecations".into(), "--format".into(), format.into()],
                Some(("diff", _)) => vec!["diff".into(), glance.clone(), glance],
                _ => {
                    let format = if layout.starts_with("html") { "html" } else { layout };
                    vec!["generate".into(), "--format".into(), format.into()]
                }
            };
            vec![command.into_iter().chain(["--templates".into(), file.clone()]).collect()]
        } else if name.starts_with("oslo_import-") {
            vec![vec!["import".into(), file.clone(), "--output-dir".into(), out_dir.path().display().to_string()]]
        } else if name.starts_with("spec_loader-") {
            ["ini", "rst", "markdown", "html", "json"]
                .iter()
                .map(|f| vec!["generate".into(), file.clone(), "--format".into(), f.to_string()])
                .collect()
        } else if name.starts_with("ini_reader-") {
            vec![
                vec!["validate".into(), "--input-file".into(), file.clone()],
                vec![
                    "upgrade".into(),
                    "--input-file".into(),
                    file.clone(),
                    "-o".into(),
                    out_dir.path().join("up.conf").display().to_string(),
                ],
            ]
        } else {
            panic!("{name}: name it after its fuzz target");
        };
        for args in runs {
            let out = confspec(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "{name} {args:?}: {stderr}");
            assert!(matches!(out.status.code(), Some(0..=2)), "{name} {args:?}: {:?}", out.status);
            if out.status.code() == Some(2) {
                assert!(stderr.starts_with(&file), "{name}: the message names the file: {stderr}");
            }
            if name.starts_with("help_markup-") {
                assert!(!out.stdout.contains(&0), "{name} {args:?}: a NUL in the page");
            }
        }
        count += 1;
    }
    assert!(count > 0);
}

/// What the first oslo_import finding was about: a `min` that is not a number is reported at
/// its place in the data file, and nothing is written.
#[test]
fn a_bound_of_the_wrong_kind_is_reported_in_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.yaml");
    std::fs::write(&data, "options:\n  DEFAULT:\n    opts:\n    - name: x\n      namespace: ns\n      type: integer value\n      min: $null\n").unwrap();
    let out = confspec(&["import", data.to_str().unwrap(), "--output-dir", dir.path().join("specs").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("data.yaml:7:12: error: options.DEFAULT.opts[0].min: `min` must be an integer"),
        "{stderr}"
    );
    assert!(!dir.path().join("specs").exists());
}
