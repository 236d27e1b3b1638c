//! The same input gives the same bytes whatever the environment: locale, time zone, home and
//! temporary folders, hash seeds (a new process each run) and the order of files on disk.

use crate::common::{root, Run};
use std::path::{Path, PathBuf};

/// Copies the spec files into a new folder, in the given order (directory order on disk
/// follows creation order on most file systems).
fn specs_folder(dir: &Path, reverse: bool) -> PathBuf {
    let folder = dir.join("specs");
    std::fs::create_dir_all(folder.join("sets")).unwrap();
    let mut files = vec![
        root().join("specs/glance.yaml"),
        root().join("tests/specs/features.yaml"),
        root().join("tests/specs/more.yaml"),
    ];
    if reverse {
        files.reverse();
    }
    for f in files {
        std::fs::copy(&f, folder.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::copy(root().join("specs/sets/keystoneauth1-session.yaml"), folder.join("sets/keystoneauth1-session.yaml"))
        .unwrap();
    folder
}

/// `run` with only the variables of `env`.
fn with(env: &[(&str, &str)], run: Run) -> Run {
    env.iter().fold(run.env_clear(), |run, (key, value)| run.env(key, value))
}

/// Every output, run under one environment.
fn outputs(env: &[(&str, &str)], work: &Path, reverse: bool) -> Vec<Vec<u8>> {
    let folder = specs_folder(work, reverse);
    let specs: Vec<String> =
        ["glance.yaml", "features.yaml", "more.yaml"].iter().map(|f| folder.join(f).display().to_string()).collect();
    let mut runs: Vec<Vec<String>> = Vec::new();
    for format in ["ini", "yaml", "json", "rst", "markdown", "html"] {
        let mut args = vec!["generate".to_owned()];
        args.extend(specs.iter().cloned());
        args.extend(["--format".into(), format.into()]);
        runs.push(args);
    }
    for format in ["markdown", "rst", "csv", "json"] {
        let mut args = vec!["deprecations".to_owned()];
        args.extend(specs.iter().cloned());
        args.extend(["--format".into(), format.into()]);
        runs.push(args);
    }
    let conf = root().join("tests/configs/nova-problems.conf").display().to_string();
    for format in ["text", "json"] {
        runs.push(vec![
            "validate".into(),
            "--input-file".into(),
            conf.clone(),
            "--check-defaults".into(),
            "--format".into(),
            format.into(),
        ]);
    }
    runs.push(vec![
        "diff".into(),
        folder.display().to_string(),
        root().join("specs").display().to_string(),
        "--format".into(),
        "json".into(),
    ]);
    let mut out = Vec::new();
    for args in runs {
        let result = with(env, Run::new(&args)).current_dir(work).output();
        assert!(result.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", String::from_utf8_lossy(&result.stderr));
        // Paths differ between the two work folders; the bytes around them must not.
        let text = String::from_utf8(result.stdout).unwrap().replace(&work.display().to_string(), "<work>");
        out.push(text.into_bytes());
    }
    // import writes files: compare their bytes too.
    let data = root().join("tests/fixtures/generator/data.yaml");
    let imported = work.join("imported");
    let run = Run::new(["import", data.to_str().unwrap(), "--output-dir", imported.to_str().unwrap()]);
    assert!(with(env, run).output().status.success());
    let mut names: Vec<PathBuf> = std::fs::read_dir(&imported).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for name in names {
        out.push(std::fs::read(name).unwrap());
    }
    out
}

#[test]
fn outputs_do_not_depend_on_the_environment() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = outputs(
        &[("LC_ALL", "C"), ("TZ", "UTC"), ("HOME", "/nonexistent"), ("PATH", "/usr/bin:/bin")],
        a.path(),
        false,
    );
    let second = outputs(
        &[
            ("LC_ALL", "de_DE.UTF-8"),
            ("LANG", "tr_TR.UTF-8"),
            ("TZ", "Pacific/Chatham"),
            ("HOME", "/tmp"),
            ("TMPDIR", "/tmp"),
            ("RUST_BACKTRACE", "1"),
            ("PYTHONHASHSEED", "123"),
        ],
        b.path(),
        true,
    );
    assert_eq!(first.len(), second.len());
    for (i, (x, y)) in first.iter().zip(&second).enumerate() {
        assert!(x == y, "output {i} differs between environments");
    }
}
