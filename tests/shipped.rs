//! The services shipped inside the binary (src/services.rs): named with `--service` as an
//! operator names them, they give what oslo-config-generator gives for the service's own
//! generator config file, in every variant, and the commands read them as they read spec files.
//! tests/services.rs checks the YAML they are compiled from (specs/services/) against the
//! fixtures of the pinned venvs.

use crate::common::{confspec, fixtures, root, Run, VARIANTS};
use serde_yaml::Value;

/// Each shipped file: (`service/file@version`, its fixture case folder).
fn shipped_files() -> Vec<(String, std::path::PathBuf)> {
    let index: Value =
        serde_yaml::from_slice(&std::fs::read(root().join("specs/services/index.yaml")).unwrap()).unwrap();
    let mut files = Vec::new();
    for release in index["releases"].as_sequence().unwrap() {
        let s = |v: &Value| v.as_str().unwrap().to_owned();
        let (service, version, series) = (s(&release["service"]), s(&release["version"]), s(&release["series"]));
        for file in release["files"].as_sequence().unwrap() {
            let config = s(&file["generator_config"]);
            let stem = std::path::Path::new(&config).file_stem().unwrap().to_str().unwrap().to_owned();
            let case = fixtures().join("services").join(&series).join(&service).join(stem);
            files.push((format!("{service}/{}@{version}", s(&file["name"])), case));
        }
    }
    files
}

fn hex(bytes: &[u8]) -> String {
    confspec::render::sha256::sha256(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The services compiled into the binary are specs/services/ as it is: compiled again, it gives
/// specs/services.bin and specs/services.strings byte for byte (scripts/services/compile.sh
/// writes them).
#[test]
fn the_embedded_services_are_the_shipped_specs_compiled() {
    let compiled = confspec::services::compile(&root().join("specs/services")).unwrap();
    let embedded = std::fs::read(root().join("specs/services.bin")).unwrap();
    assert!(compiled.bytes == embedded, "specs/services.bin is stale: run scripts/services/compile.sh");
    let strings = std::fs::read_to_string(root().join("specs/services.strings")).unwrap();
    assert!(compiled.strings == strings, "specs/services.strings is stale: run scripts/services/compile.sh");
}

/// `confspec services` lists the twelve releases, and every file of each generates by its
/// name in every variant what oslo-config-generator writes for the service's generator config
/// file with the same flags (the SHA-256 of oslo's outputs, generator.sha256 of each case).
#[test]
fn every_shipped_file_generates_by_name_what_oslo_writes_for_it() {
    let listing = String::from_utf8(Run::new(["services"]).ok()).unwrap();
    let releases = listing.lines().filter(|l| !l.starts_with(' ')).count();
    assert_eq!(releases, 12, "{listing}");
    let files = shipped_files();
    assert!(files.len() >= 40, "{} files", files.len());
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((address, case)) = files.get(i) else { break };
                let digests = std::fs::read_to_string(case.join("generator.sha256")).unwrap();
                for (variant, flags) in VARIANTS {
                    let want = digests.lines().find_map(|l| l.strip_suffix(&format!("  {variant}"))).unwrap();
                    let mut args = vec!["generate", "--service", address.as_str()];
                    args.extend(flags.iter());
                    let got = hex(&Run::new(&args).ok());
                    if got != want {
                        failures.lock().unwrap().push(format!("{address} {variant}"));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} outputs differ from oslo's: {failures:#?}",
        failures.len(),
        files.len() * VARIANTS.len()
    );
}

/// A service is named by itself (its main file, its newest release), by a file, by a release
/// (`34`, `34.0.0`) or by a series (`2026.2`); a wrong part is named, with what there is and a
/// did-you-mean, exit 2.
#[test]
fn services_are_named_as_operators_name_them() {
    let newest = Run::new(["generate", "--service", "nova"]).ok();
    for same in ["nova@34", "nova@34.0.0", "nova@2026.2", "nova/nova.conf", "nova/nova.conf@34"] {
        assert!(Run::new(["generate", "--service", same]).ok() == newest, "{same}");
    }
    let older = Run::new(["generate", "--service", "nova@33"]).ok();
    assert!(older != newest && Run::new(["generate", "--service", "nova@2026.1"]).ok() == older);
    let ml2 = Run::new(["generate", "--service", "neutron/ml2_conf.ini@2026.1"]).ok();
    assert!(String::from_utf8(ml2).unwrap().contains("[ml2]"));
    for (address, message) in [
        ("novaa", "no shipped service `novaa`; did you mean `nova`?"),
        ("nova/nova.cnf", "nova 34.0.0 has no file `nova.cnf`; did you mean `nova.conf`?"),
        ("nova@35", "nova has no release `35`: confspec ships 34.0.0 (2026.2), 33.0.2 (2026.1)"),
        ("nova@", "an empty VERSION after `@`"),
        ("", "no service named"),
    ] {
        for command in ["generate", "deprecations"] {
            let out = confspec(&[command, "--service", address]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{command} {address}: {stderr}");
            assert!(stderr.contains(message) && out.stdout.is_empty(), "{command} {address}: {stderr}");
        }
    }
    let conf = tempfile::NamedTempFile::new().unwrap();
    let out =
        confspec(&["validate", "--service", "glance/glance-api.cnf", "--input-file", conf.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `glance-api.conf`?"));
}

/// The realistic configs of tests/configs/services get the same findings against the shipped
/// service as against its doc build's data imported.
#[test]
fn real_configs_validate_against_a_shipped_service_as_against_its_imported_specs() {
    let backends = root().join("tests/specs/cinder-backends.yaml").display().to_string();
    for (service, case, config) in [
        ("nova@34", "nova/nova-config-generator", "nova-devstack.conf"),
        ("nova@34", "nova/nova-config-generator", "nova-kolla-api.conf"),
        ("nova@34", "nova/nova-config-generator", "nova-kolla-compute.conf"),
        ("cinder@29", "cinder/cinder-config-generator", "cinder-devstack.conf"),
    ] {
        let specs = tempfile::tempdir().unwrap();
        let data = fixtures().join("services/2026.2").join(case).join("data.yaml");
        Run::new(["import", data.to_str().unwrap(), "--output-dir", specs.path().to_str().unwrap()]).ok();
        let mut imported: Vec<String> =
            std::fs::read_dir(specs.path()).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
        imported.sort();
        let input = root().join("tests/configs/services").join(config).display().to_string();
        let mut by_files = vec!["validate".to_owned()];
        by_files.extend(imported);
        let mut by_name = vec!["validate".to_owned(), "--service".into(), service.into()];
        if service.starts_with("cinder") {
            by_files.push(backends.clone());
            by_name.push(backends.clone());
        }
        for args in [&mut by_files, &mut by_name] {
            args.extend(["--input-file".into(), input.clone(), "--check-defaults".into()]);
        }
        let (a, b) = (confspec(&by_files), confspec(&by_name));
        assert_eq!(a.status.code(), b.status.code(), "{config}");
        // The shipped service knows its earlier releases too: where the imported specs only
        // say a name is no option, it says which release removed it.
        let (a, b) = (String::from_utf8_lossy(&a.stdout), String::from_utf8_lossy(&b.stdout));
        let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
        assert_eq!(a.len(), b.len(), "{config}");
        for (a, b) in a.iter().zip(&b) {
            if a != b {
                let (name, rest) = b.split_once(" was removed in ").unwrap_or_else(|| panic!("{config}: {a} / {b}"));
                assert!(rest.ends_with(": oslo ignores it"), "{b}");
                assert_eq!(*a, format!("{name} is not an option of the specs: oslo ignores it"), "{config}");
            }
        }
    }
}

/// `diff nova@33 nova@34` is nova's configuration release note between the two releases.
#[test]
fn the_release_note_between_two_shipped_releases() {
    let note = String::from_utf8(Run::new(["diff", "nova@33", "nova@34"]).ok()).unwrap();
    for heading in ["nova 33.0.2 (nova.conf)", "nova 34.0.0 (nova.conf)"] {
        assert!(note.contains(heading), "{note}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&Run::new(["diff", "nova@33", "nova@34", "--format", "json"]).ok()).unwrap();
    assert!(json.to_string().len() > 100, "{json}");
}
