//! Real services' doc builds (tests/fixtures/services/, made by scripts/services/): the oslo
//! data of nova 34's doc-build namespaces, imported, must render with nova's own generator
//! config file the sample oslo-config-generator wrote for that file.

use crate::common::{first_difference, fixtures, Run};

#[test]
fn nova_doc_build_namespaces_imported_reproduce_the_oracle_sample() {
    let folder = fixtures().join("services/nova");
    let conf = folder.join("nova-config-generator.conf");
    let text = std::fs::read_to_string(&conf).unwrap();
    let namespaces: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("namespace = ")).collect();
    assert!(namespaces.len() >= 15 && namespaces[0] == "nova.conf", "{namespaces:?}");

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

    // The file's output_file (etc/nova/nova.conf.sample) is relative to where it runs, and, as
    // for oslo, its folder must exist.
    let output = text.lines().find_map(|l| l.strip_prefix("output_file = ")).unwrap();
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(work.path().join(output).parent().unwrap()).unwrap();
    let args = ["generate", "--config-file", conf.to_str().unwrap(), "--spec-dir", specs.path().to_str().unwrap()];
    let out = Run::new(args).current_dir(work.path()).output();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let got = std::fs::read(work.path().join(output)).unwrap();
    let want = std::fs::read(folder.join("expected.conf.sample")).unwrap();
    assert!(got == want, "{}", first_difference(&want, &got));
}
