//! `confspec generate` as scripts use it: stdout, --output-file, --check, --templates.

use crate::common::{confspec, golden, root, Run};
use std::path::Path;

#[test]
fn no_spec_prints_the_embedded_glance_sample() {
    let dir = tempfile::tempdir().unwrap();
    // Run from an empty folder: the default spec and its option set come from the binary.
    let out = Run::new(["generate"]).current_dir(dir.path()).output();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), golden("glance", "sample.ini"));
    for (flags, file) in [
        (&["--wrap-width", "79"][..], "sample.w79.ini"),
        (&["--summarize"][..], "sample.summarize.ini"),
        (&["--minimal"][..], "sample.minimal.ini"),
    ] {
        let out = Run::new([&["generate"][..], flags].concat()).current_dir(dir.path()).output();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), golden("glance", file), "{flags:?}");
    }
}

#[test]
fn output_file_is_written_and_check_reports_staleness() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nova.conf.sample");
    let t = target.to_str().unwrap();

    // Missing file: stale, nothing written.
    let out = confspec(&["generate", "--output-file", t, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!target.exists(), "--check must never write");

    let out = confspec(&["generate", "--output-file", t]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), golden("glance", "sample.ini"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind: {leftovers:?}");

    let out = confspec(&["generate", "--output-file", t, "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    // A different flag makes the committed file stale: exit 1 with a unified diff.
    let before = std::fs::read(&target).unwrap();
    let out = confspec(&["generate", "--output-file", t, "--check", "--wrap-width", "79"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.starts_with(&format!("--- {t}\n+++ {t} (generated)\n@@ ")), "{diff}");
    assert!(diff.contains("\n+# invoking a copy when it has access to the same file system as glance.\n"), "{diff}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("stale"));
    assert_eq!(std::fs::read(&target).unwrap(), before, "--check must never write");
}

/// A file with little to do with the output gets a diff cut short, with a note that says so
/// and how to see it all; a small change shows whole, without the note.
#[test]
fn check_diffs_are_cut_short_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("unrelated.ini");
    let t = target.to_str().unwrap();
    let unrelated: String = (0..20_000)
        .map(|i| if i % 2 == 0 { format!("[section_{i}]\n#\n") } else { format!("# comment {i}\n\n") })
        .collect();
    std::fs::write(&target, &unrelated).unwrap();
    let out = confspec(&["generate", "--output-file", t, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = diff.lines().collect();
    assert_eq!(lines.len(), 2001, "2,000 diff lines and the note");
    assert!(diff.starts_with(&format!("--- {t}\n+++ {t} (generated)\n@@ ")), "{}", &diff[..200]);
    let note = lines.last().unwrap();
    assert!(
        note.starts_with("confspec: the diff is cut short (2000 of ")
            && note.ends_with(&format!(
                "lines); to see it in full, run the command without --check and -o and compare its output with {t}"
            )),
        "{note}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), unrelated, "--check must never write");

    std::fs::write(&target, golden("glance", "sample.ini").replacen("#debug = false", "#debug = true", 1)).unwrap();
    let out = confspec(&["generate", "--output-file", t, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.contains("\n-#debug = true\n+#debug = false\n") && !diff.contains("cut short"), "{diff}");
}

#[test]
fn failed_generation_leaves_the_output_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.ini");
    std::fs::write(&target, "previous contents\n").unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "namespace: x\ngroups: [{name: g, options: [{name: a, type: integer, default: x}]}]\n")
        .unwrap();
    let out = confspec(&["generate", bad.to_str().unwrap(), "--output-file", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous contents\n");
}

#[cfg(unix)]
#[test]
fn rewriting_an_output_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.ini");
    std::fs::write(&target, "old\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = confspec(&["generate", "--output-file", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["generate", "--check"][..],
        &["generate", "--wrap-width", "-1"],
        &["generate", "--format", "pdf"],
        &["frobnicate"],
    ] {
        let out = confspec(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    assert_eq!(confspec(&["--help"]).status.code(), Some(0));
}

#[test]
fn a_template_override_replaces_only_that_template() {
    let dir = tempfile::tempdir().unwrap();
    // Same option layout, but the setting line is written as "name: value".
    std::fs::write(
        dir.path().join("ini-option.hbs"),
        "{{oslo_comment sample_help @root.wrap_width~}}\n{{#each defaults}}\n# {{../dest}}: {{this}}\n{{/each}}\n",
    )
    .unwrap();
    let out = confspec(&["generate", "--templates", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n# num_retries: 0\n"), "{text}");
    assert!(!text.contains("#num_retries = 0"));
    // ini.hbs is still the embedded one: same header and banner.
    assert!(text.starts_with(
        "[DEFAULT]\n\n\n[glance]\n# Configuration options for the Image service\n\n#\n# From nova.conf\n#\n"
    ));
}

#[test]
fn a_broken_template_is_reported_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ini.hbs"), "{{#each groups}}\n[{{name}]\n").unwrap();
    let out = confspec(&["generate", "--templates", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}", Path::new(dir.path()).join("ini.hbs").display())), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn timings_name_every_phase_on_stderr_and_leave_stdout_alone() {
    let out = confspec(&["generate", "--timings"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), golden("glance", "sample.ini"));
    let err = String::from_utf8(out.stderr).unwrap();
    let phases: Vec<&str> = err.lines().filter_map(|l| l.split_whitespace().next()).collect();
    let mut expected = vec!["read", "parse", "check", "render", "write"];
    if cfg!(target_os = "linux") {
        expected.push("peak");
        let peak: f64 = err
            .lines()
            .find(|l| l.trim_start().starts_with("peak"))
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        assert!(peak > 0.5 && peak < 512.0, "peak memory of the glance run: {peak} MiB");
    }
    // The embedded spec is not read from disk: no `read` phase.
    expected.retain(|p| *p != "read");
    assert_eq!(phases, expected, "{err}");
}

/// `-o` onto every kind of target (docs/reliability.md, "Writing files").
#[cfg(unix)]
mod writing {
    use crate::common::{confspec, golden, root, BIN};
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    use std::path::Path;
    use std::process::Command;

    fn is_root() -> bool {
        // SAFETY: geteuid has no preconditions.
        unsafe { libc::geteuid() == 0 }
    }

    fn mknod(path: &Path, kind: libc::mode_t, major: u32, minor: u32) {
        let c = CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid C string and plain integers.
        let rc = unsafe { libc::mknod(c.as_ptr(), kind | 0o666, libc::makedev(major, minor)) };
        assert_eq!(rc, 0, "mknod {}: {}", path.display(), std::io::Error::last_os_error());
    }

    fn generate_to(path: &Path) -> std::process::Output {
        confspec(&["generate", "-o", path.to_str().unwrap()])
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_symlink_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.conf");
        std::fs::write(&real, "old\n").unwrap();
        let link = dir.path().join("link.conf");
        std::os::unix::fs::symlink("real.conf", &link).unwrap();
        let out = generate_to(&link);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), golden("glance", "sample.ini"), "its target is replaced");
        // A dangling link names the file to create.
        let dangling = dir.path().join("dangling.conf");
        std::os::unix::fs::symlink("new.conf", &dangling).unwrap();
        assert_eq!(generate_to(&dangling).status.code(), Some(0));
        assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(dir.path().join("new.conf")).unwrap(), golden("glance", "sample.ini"));
        assert_eq!(names(dir.path()), ["dangling.conf", "link.conf", "new.conf", "real.conf"]);
    }

    #[test]
    #[ignore = "needs root, for mknod: run as root with -- --ignored (.ci/run does)"]
    fn devices_are_written_through_and_never_replaced() {
        assert!(is_root(), "needs root, for mknod");
        let dir = tempfile::tempdir().unwrap();
        let null = dir.path().join("null");
        mknod(&null, libc::S_IFCHR, 1, 3);
        let out = generate_to(&null);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(std::fs::metadata(&null).unwrap().file_type().is_char_device(), "still /dev/null");
        let full = dir.path().join("full");
        mknod(&full, libc::S_IFCHR, 1, 7);
        let out = generate_to(&full);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("full: error:") && stderr.contains("No space left"), "{stderr}");
        assert!(std::fs::metadata(&full).unwrap().file_type().is_char_device(), "still /dev/full");
        let block = dir.path().join("loop");
        mknod(&block, libc::S_IFBLK, 7, 0);
        let out = generate_to(&block);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("is a block device"), "{stderr}");
        assert!(std::fs::metadata(&block).unwrap().file_type().is_block_device());
        assert_eq!(names(dir.path()), ["full", "loop", "null"], "no temporary left");
    }

    #[test]
    fn a_fifo_and_a_socket_get_the_output_and_stay_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let (sent, received) = std::sync::mpsc::channel();
        {
            let fifo = fifo.clone();
            std::thread::spawn(move || sent.send(std::fs::read_to_string(fifo).unwrap()));
        }
        let out = generate_to(&fifo);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let got = received.recv_timeout(std::time::Duration::from_secs(60)).expect("the FIFO's reader got nothing");
        assert_eq!(got, golden("glance", "sample.ini"), "the reader got the sample");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());

        let socket = dir.path().join("socket");
        let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let server = std::thread::spawn(move || {
            use std::io::Read;
            let mut text = String::new();
            listener.accept().unwrap().0.read_to_string(&mut text).unwrap();
            text
        });
        assert_eq!(generate_to(&socket).status.code(), Some(0));
        assert_eq!(server.join().unwrap(), golden("glance", "sample.ini"));
        assert!(std::fs::metadata(&socket).unwrap().file_type().is_socket());
        assert_eq!(names(dir.path()), ["fifo", "socket"]);
    }

    #[test]
    fn stdout_by_name_dash_or_link_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let out = confspec(&["generate", "-o", "-"]);
        assert_eq!(String::from_utf8(out.stdout).unwrap(), golden("glance", "sample.ini"));
        // A link to the process's stdout, as /dev/stdout is.
        let link = dir.path().join("stdout");
        std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
        let out = generate_to(&link);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), golden("glance", "sample.ini"));
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(names(dir.path()), ["stdout"]);
    }

    /// Runs confspec with `args` under `umask`.
    fn with_umask(umask: libc::mode_t, args: &[&str]) -> std::process::Output {
        let mut command = Command::new(BIN);
        command.args(args);
        // SAFETY: umask is async-signal-safe.
        unsafe {
            command.pre_exec(move || {
                libc::umask(umask);
                Ok(())
            })
        };
        command.output().unwrap()
    }

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    /// Doc builds write into fresh trees: every command that writes makes the missing folders
    /// of its output, with 0777 less the umask, as `mkdir -p` does.
    #[test]
    fn missing_folders_are_made_with_the_umask_and_a_folder_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let d = |rest: &str| dir.path().join(rest).to_str().unwrap().to_owned();
        let (old, new) = (root().join("tests/specs/diff/old.yaml"), root().join("tests/specs/diff/new.yaml"));
        let conf = dir.path().join("nova.conf");
        std::fs::write(&conf, "[DEFAULT]\n").unwrap();
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).unwrap();
        let runs: [(&str, Vec<String>, u32); 6] = [
            ("generate/etc/nova/nova.conf.sample", vec!["generate".into(), "-o".into()], 0o640),
            ("deprecations/docs/deprecations.md", vec!["deprecations".into(), "-o".into()], 0o640),
            (
                "diff/notes/config.md",
                vec!["diff".into(), old.to_str().unwrap().into(), new.to_str().unwrap().into(), "-o".into()],
                0o640,
            ),
            (
                "upgrade/etc/nova/nova.conf",
                vec!["upgrade".into(), "--input-file".into(), d("nova.conf"), "-o".into()],
                0o600,
            ),
            (
                "import/docs/specs/oslo.log.yaml",
                vec![
                    "import".into(),
                    root().join("tests/fixtures/namespaces/oslo.log/data.yaml").to_str().unwrap().into(),
                    "--output-dir".into(),
                ],
                0o640,
            ),
            ("templates/my/templates/ini.hbs", vec!["templates".into(), "--dump".into()], 0o640),
        ];
        for (file, mut args, file_mode) in runs {
            let target = dir.path().join(file);
            // The folder options take the folder; -o the file.
            let named = if args.last().unwrap().starts_with("--") { target.parent().unwrap() } else { &target };
            args.push(named.to_str().unwrap().into());
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = with_umask(0o027, &args);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
            assert_eq!(mode(&target), file_mode, "{file}");
            let made: Vec<&Path> = target.ancestors().skip(1).take_while(|p| *p != dir.path()).collect();
            assert_eq!(made.len(), file.matches('/').count());
            for folder in made {
                assert_eq!(mode(folder), 0o750, "{}: 0777 less the umask", folder.display());
            }
        }
        assert!(
            std::fs::read_to_string(dir.path().join("generate/etc/nova/nova.conf.sample")).unwrap()
                == golden("glance", "sample.ini")
        );
        let left: Vec<String> = names(dir.path()).into_iter().filter(|n| n.starts_with(".confspec-")).collect();
        assert!(left.is_empty(), "{left:?}");
        let out = generate_to(dir.path());
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("is a directory"));
    }

    /// A name whose folder would be made inside a file, or through a symlink to nowhere, is
    /// refused with a message that names it; nothing is made.
    #[test]
    fn a_folder_inside_a_file_or_through_a_link_to_nowhere_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("README.md");
        std::fs::write(&file, "kept\n").unwrap();
        let f = file.to_str().unwrap();
        for args in [
            vec!["generate", "-o", &format!("{f}/x.conf")],
            vec!["generate", "-o", &format!("{f}/etc/nova/x.conf")],
            vec!["templates", "--dump", &format!("{f}/templates")],
            vec![
                "import",
                root().join("tests/fixtures/namespaces/oslo.log/data.yaml").to_str().unwrap(),
                "--output-dir",
                &format!("{f}/a/specs"),
            ],
        ] {
            let out = confspec(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains(&format!("`{}` is a file, not a folder", file.display())), "{args:?}: {stderr}");
            assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept\n");
            assert_eq!(names(dir.path()), ["README.md"], "{args:?}");
        }
        // A link to a folder that does not exist is not followed to make it.
        std::os::unix::fs::symlink("elsewhere/docs", dir.path().join("docs")).unwrap();
        let out = generate_to(&dir.path().join("docs/config.ini"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("is a symlink to a folder that does not exist"), "{stderr}");
        // Nor a link to a file whose folder does not exist.
        std::os::unix::fs::symlink("elsewhere/config.ini", dir.path().join("config.ini")).unwrap();
        let out = generate_to(&dir.path().join("config.ini"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("whose folder") && stderr.contains("not of where a link leads"), "{stderr}");
        assert_eq!(names(dir.path()), ["README.md", "config.ini", "docs"]);
    }

    /// A write that fails after its folders were made removes them: a run that fails leaves
    /// nothing behind.
    #[test]
    fn a_failed_write_leaves_no_folder_it_made() {
        let dir = tempfile::tempdir().unwrap();
        let long = "x".repeat(300);
        let out = generate_to(&dir.path().join("new/deeper").join(&long));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("too long"), "{stderr}");
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
        // A folder that may not be written: nothing is made in it (as nobody, when root, who
        // may write anywhere).
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let mut command = Command::new(BIN);
        command.args(["generate", "-o", locked.join("new/x.conf").to_str().unwrap()]);
        if is_root() {
            // SAFETY: setgid and setuid are async-signal-safe.
            unsafe {
                command.pre_exec(|| {
                    if libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                })
            };
        }
        let out = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("permission denied"), "{stderr}");
        assert!(names(&locked).is_empty());
    }

    /// `-o /dev/stdout` writes to the descriptor itself: an appending redirect keeps what the
    /// file held.
    #[test]
    fn dev_stdout_appends_where_stdout_appends() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        std::fs::write(&log, "PRECIOUS\n").unwrap();
        let script = format!("{BIN} generate -o /dev/stdout >> '{}'", log.display());
        assert!(Command::new("sh").args(["-c", &script]).status().unwrap().success());
        assert_eq!(std::fs::read_to_string(&log).unwrap(), format!("PRECIOUS\n{}", golden("glance", "sample.ini")));
    }

    #[test]
    fn a_name_ending_in_a_slash_is_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "kept\n").unwrap();
        let out = confspec(&["generate", "-o", &format!("{}/", file.display())]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("ends with `/`"));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept\n");
    }

    #[test]
    fn a_new_file_honours_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sample.ini");
        let mut command = Command::new(BIN);
        command.args(["generate", "-o", target.to_str().unwrap()]);
        // SAFETY: umask is async-signal-safe.
        unsafe {
            command.pre_exec(|| {
                libc::umask(0o027);
                Ok(())
            })
        };
        assert_eq!(command.status().unwrap().code(), Some(0));
        assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn a_file_with_several_hard_links_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sample.ini");
        std::fs::write(&target, "old\n").unwrap();
        std::fs::hard_link(&target, dir.path().join("other-name.ini")).unwrap();
        let out = generate_to(&target);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("has 2 hard links"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
        assert_eq!(std::fs::metadata(&target).unwrap().nlink(), 2, "not split");
    }

    /// Sets `fs.<name>` for as long as it lives, then puts back what was there.
    struct Sysctl {
        path: String,
        was: String,
    }

    impl Sysctl {
        fn set(name: &str, value: &str) -> Sysctl {
            let path = format!("/proc/sys/fs/{name}");
            let was = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, value).unwrap_or_else(|e| panic!("{path}: {e}"));
            Sysctl { path, was }
        }
    }

    impl Drop for Sysctl {
        fn drop(&mut self) {
            let _ = std::fs::write(&self.path, self.was.trim());
        }
    }

    /// Whether the kernel lets this process open `path` as a shell's `>` does.
    fn kernel_opens(path: &Path) -> bool {
        use std::os::unix::fs::OpenOptionsExt;
        let opened =
            std::fs::OpenOptions::new().write(true).create(true).custom_flags(libc::O_NONBLOCK).open(path).map(drop);
        match opened {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => false,
            // A FIFO nobody reads (ENXIO) was let through.
            _ => true,
        }
    }

    /// In a sticky folder anyone may write (/tmp), the kernel does not follow another user's
    /// symlink (fs.protected_symlinks) nor open another user's file or FIFO (fs.protected_regular,
    /// fs.protected_fifos) for `open(O_CREAT)`, even for root: confspec, which follows links and
    /// replaces files itself, refuses what a shell redirect would, and only that.
    #[test]
    #[ignore = "needs root, for chown and the fs.protected_* settings: run as root with -- --ignored (.ci/run does)"]
    fn a_sticky_folder_protects_what_the_kernel_protects() {
        use std::os::unix::fs::{lchown, symlink};
        assert!(is_root(), "needs root, for chown and sysctl");
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
        let target = dir.path().join("target.ini");
        let (theirs, mine) = (dir.path().join("theirs.ini"), dir.path().join("mine.ini"));
        for (link, owner) in [(&theirs, 65534), (&mine, 0)] {
            symlink(&target, link).unwrap();
            lchown(link, Some(owner), Some(owner)).unwrap();
        }
        let (their_file, their_fifo) = (dir.path().join("their-file.ini"), dir.path().join("their-fifo"));
        std::fs::write(&their_file, "theirs\n").unwrap();
        let fifo = std::ffi::CString::new(their_fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid C string.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o666) }, 0);
        for path in [&their_file, &their_fifo] {
            std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
        }
        // Another user's link to a folder: the folders a write makes are made through it only
        // where the kernel follows it.
        let elsewhere = tempfile::tempdir().unwrap();
        let their_folder = dir.path().join("their-folder");
        symlink(elsewhere.path(), &their_folder).unwrap();
        lchown(&their_folder, Some(65534), Some(65534)).unwrap();
        for on in ["1", "0"] {
            let _settings = ["protected_symlinks", "protected_regular", "protected_fifos"].map(|n| Sysctl::set(n, on));
            let out = generate_to(&their_folder.join("new/x.ini"));
            let stderr = String::from_utf8_lossy(&out.stderr);
            if on == "1" {
                assert_eq!(out.status.code(), Some(2), "{stderr}");
                assert!(stderr.contains("is a symlink of another user (uid 65534) in a sticky folder"), "{stderr}");
                assert!(std::fs::read_dir(elsewhere.path()).unwrap().next().is_none(), "made through their link");
            } else {
                assert_eq!(out.status.code(), Some(0), "{stderr}");
                assert!(elsewhere.path().join("new/x.ini").is_file());
            }
            std::fs::write(&target, "old\n").unwrap();
            for (path, setting) in [
                (&theirs, "fs.protected_symlinks"),
                (&their_file, "fs.protected_regular"),
                (&their_fifo, "fs.protected_fifos"),
                (&mine, ""),
            ] {
                let expected = kernel_opens(path);
                assert_eq!(expected, on == "0" || setting.is_empty(), "the kernel's rule for {path:?} with {on}");
                let before = (std::fs::read(&target).unwrap(), std::fs::read(&their_file).unwrap());
                // A FIFO is written through: a reader must be there (this end, open for both).
                let _reader = std::fs::OpenOptions::new().read(true).write(true).open(&their_fifo).unwrap();
                let out = generate_to(path);
                let stderr = String::from_utf8_lossy(&out.stderr);
                if expected {
                    assert_eq!(out.status.code(), Some(0), "{path:?} with {on}: {stderr}");
                } else {
                    assert_eq!(out.status.code(), Some(2), "{path:?} with {on}: {stderr}");
                    assert!(stderr.contains("of another user (uid 65534) in a sticky folder"), "{stderr}");
                    assert!(stderr.contains(setting), "{stderr}");
                    let after = (std::fs::read(&target).unwrap(), std::fs::read(&their_file).unwrap());
                    assert_eq!(after, before, "{path:?} with {on}: written");
                }
            }
        }
    }

    /// Rust's runtime opens /dev/null on a closed stdin, stdout or stderr and aborts when it
    /// cannot: without /dev/null (here a mount namespace with an empty /dev) confspec exits 2
    /// with a message instead.
    #[test]
    #[ignore = "needs root, for a mount namespace without /dev/null: run as root with -- --ignored (.ci/run does)"]
    fn a_closed_standard_descriptor_without_dev_null_exits_2() {
        assert!(is_root(), "needs root, for unshare and mount");
        for (fd, name) in [(0, "input"), (1, "output"), (2, "error")] {
            let mut command = Command::new(BIN);
            command.arg("generate");
            // SAFETY: unshare, mount and close are async-signal-safe system calls on literals.
            unsafe {
                command.pre_exec(move || {
                    let no_dev = libc::unshare(libc::CLONE_NEWNS) == 0
                        && libc::mount(
                            c"none".as_ptr(),
                            c"/".as_ptr(),
                            std::ptr::null(),
                            libc::MS_REC | libc::MS_PRIVATE,
                            std::ptr::null(),
                        ) == 0
                        && libc::mount(c"none".as_ptr(), c"/dev".as_ptr(), c"tmpfs".as_ptr(), 0, std::ptr::null()) == 0;
                    if !no_dev {
                        return Err(std::io::Error::last_os_error());
                    }
                    libc::close(fd);
                    Ok(())
                })
            };
            let out = command.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "standard {name} closed: {:?} {stderr}", out.status);
            if fd != 2 {
                let message = format!("confspec: error: the standard {name} is closed and /dev/null cannot be opened");
                assert!(stderr.starts_with(&message), "{stderr}");
            }
        }
    }

    #[test]
    #[ignore = "needs root (chown, trusted.* attributes) and user xattrs: run as root with -- --ignored (.ci/run does)"]
    fn a_replaced_file_keeps_owner_group_mode_and_extended_attributes() {
        assert!(is_root(), "needs root, for chown and trusted.* attributes");
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sample.ini");
        std::fs::write(&target, "old\n").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let flags = rustix::fs::XattrFlags::empty();
        rustix::fs::setxattr(&target, "user.confspec", b"kept", flags)
            .unwrap_or_else(|e| panic!("needs user xattrs in {}: {e}", dir.path().display()));
        std::os::unix::fs::chown(&target, Some(65534), Some(65534)).unwrap();
        rustix::fs::setxattr(&target, "trusted.confspec", b"root's", flags).unwrap();
        assert_eq!(generate_to(&target).status.code(), Some(0));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), golden("glance", "sample.ini"));
        let meta = std::fs::metadata(&target).unwrap();
        assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
        let mut value = [0u8; 64];
        let len = rustix::fs::getxattr(&target, "user.confspec", &mut value).unwrap();
        assert_eq!(&value[..len], b"kept");
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534), "owner and group kept");
        let len = rustix::fs::getxattr(&target, "trusted.confspec", &mut value).unwrap();
        assert_eq!(&value[..len], b"root's");
    }
}

/// `templates --dump` into a folder holding a symlink out of it (or a dangling one, or a
/// device) refuses it, naming it: nothing is written outside the folder, nor anything inside.
#[cfg(unix)]
#[test]
fn templates_dump_never_writes_through_a_link_out_of_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (themes, outside) = (dir.path().join("templates"), dir.path().join("outside.txt"));
    std::fs::create_dir(&themes).unwrap();
    std::fs::write(&outside, "mine\n").unwrap();
    for (link, to) in [("ini.hbs", "../outside.txt"), ("rst.hbs", "../created.txt"), ("html.hbs", "/dev/null")] {
        std::os::unix::fs::symlink(to, themes.join(link)).unwrap();
        let out = confspec(&["templates", "--dump", themes.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!("templates/{link}: error: is a symlink (to `{to}`)")), "{stderr}");
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "mine\n");
        assert!(!dir.path().join("created.txt").exists(), "created through a dangling link");
        let names: Vec<_> = std::fs::read_dir(&themes).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [link], "nothing else written");
        std::fs::remove_file(themes.join(link)).unwrap();
    }
    // A FIFO is not written through either.
    let fifo = std::ffi::CString::new(themes.join("ini.hbs").to_str().unwrap()).unwrap();
    // SAFETY: a valid C string.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let out = confspec(&["templates", "--dump", themes.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("templates/ini.hbs: error: is not a regular file"), "{stderr}");
}

#[test]
fn templates_dump_writes_copies_that_render_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let themes = dir.path().join("templates");
    let out = confspec(&["templates", "--dump", themes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> =
        std::fs::read_dir(&themes).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names.len(), 15, "{names:?}");
    assert_eq!(
        std::fs::read_to_string(themes.join("ini.hbs")).unwrap(),
        std::fs::read_to_string(root().join("templates/ini.hbs")).unwrap()
    );
    let t = themes.to_str().unwrap();
    let (old, new) = (root().join("tests/specs/diff/old.yaml"), root().join("tests/specs/diff/new.yaml"));
    let features = root().join("tests/specs/features.yaml");
    let f = features.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["generate", f],
        vec!["generate", f, "--format", "rst"],
        vec!["generate", f, "--format", "markdown"],
        vec!["generate", f, "--format", "html"],
        vec!["deprecations", f, "--format", "markdown"],
        vec!["deprecations", f, "--format", "rst"],
        vec!["deprecations", f, "--format", "csv"],
        vec!["diff", old.to_str().unwrap(), new.to_str().unwrap()],
    ];
    for args in runs {
        let embedded = confspec(&args);
        let copied = confspec(&[&args[..], &["--templates", t]].concat());
        assert_eq!(embedded.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8(copied.stdout).unwrap(), String::from_utf8(embedded.stdout).unwrap(), "{args:?}");
    }
}

#[test]
fn a_generator_namespace_never_reads_a_file_outside_the_spec_folder() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir(&specs).unwrap();
    std::fs::write(dir.path().join("secret.yaml"), "password_hunter2: 1\n").unwrap();
    let conf = dir.path().join("gen.conf");
    std::fs::write(&conf, "[DEFAULT]\nnamespace = ../secret\n").unwrap();
    let out = confspec(&["generate", "--config-file", conf.to_str().unwrap(), "--spec-dir", specs.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("{}:2: error: namespace \"../secret\" is not a namespace name", conf.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("password_hunter2"), "{stderr}");
}

#[test]
fn a_render_error_names_the_override_and_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ini-option.hbs"), "# {{dest}}\n{{no_such_field}}\n").unwrap();
    let out = confspec(&["generate", "--templates", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let expected = format!("{}:2:1: error: rendering failed: ", dir.path().join("ini-option.hbs").display());
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}

#[test]
fn namespace_names_its_spec_in_the_spec_folder() {
    let dir = tempfile::tempdir().unwrap();
    let ns = crate::common::fixtures().join("namespaces/oslo.log");
    let specs = dir.path().join("specs");
    let import = confspec(&["import", ns.join("data.yaml").to_str().unwrap(), "--output-dir", specs.to_str().unwrap()]);
    assert_eq!(import.status.code(), Some(0));
    let sample =
        crate::common::stdout_of(&["generate", "--namespace", "oslo.log", "--spec-dir", specs.to_str().unwrap()]);
    assert_eq!(sample, std::fs::read_to_string(ns.join("sample.ini")).unwrap());
}

/// A namespace named several times (in a generator config, and again with `--namespace`) is
/// loaded once, as stevedore loads oslo's entry point once: the sample is the namespace's own,
/// and the data lists the names as given (what oslo-config-generator 10.7.0 writes for a
/// config naming `oslo.config` three times: the same sample, `namespace` listed three times).
#[test]
fn a_namespace_named_twice_is_loaded_once() {
    let dir = tempfile::tempdir().unwrap();
    let ns = crate::common::fixtures().join("namespaces/oslo.log");
    let specs = dir.path().join("specs");
    let import = confspec(&["import", ns.join("data.yaml").to_str().unwrap(), "--output-dir", specs.to_str().unwrap()]);
    assert_eq!(import.status.code(), Some(0));
    let conf = dir.path().join("gen.conf");
    std::fs::write(&conf, "[DEFAULT]\nnamespace = oslo.log\nnamespace = oslo.log\n").unwrap();
    let generate = |format: &str| {
        crate::common::stdout_of(&[
            "generate",
            "--config-file",
            conf.to_str().unwrap(),
            "--namespace",
            "oslo.log",
            "--spec-dir",
            specs.to_str().unwrap(),
            "--format",
            format,
        ])
    };
    assert_eq!(generate("ini"), std::fs::read_to_string(ns.join("sample.ini")).unwrap());
    let data: serde_json::Value = serde_json::from_str(&generate("json")).unwrap();
    assert_eq!(data["generator_options"]["namespace"], serde_json::json!(["oslo.log", "oslo.log", "oslo.log"]));
    let once: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ns.join("data.json")).unwrap()).unwrap();
    assert_eq!(data["options"], once["options"]);
}

/// The command line's conventions: completions, a man page, help that fits the terminal and
/// ends with examples, format names in any case and their short forms.
#[test]
fn completions_man_page_help_and_format_names() {
    let bash = crate::common::stdout_of(&["completions", "bash"]);
    assert!(bash.contains("complete -F _confspec") || bash.contains("-F _confspec"), "{bash}");
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        assert!(!crate::common::stdout_of(&["completions", shell]).is_empty(), "{shell}");
    }
    let man = crate::common::stdout_of(&["man"]);
    assert!(man.starts_with(".ie") && man.contains(".TH confspec 1"), "{man}");
    for command in [
        "generate",
        "deprecations",
        "import",
        "validate",
        "show",
        "upgrade",
        "edit",
        "diff",
        "templates",
        "completions",
    ] {
        let help = Run::new([command, "--help"]).env("COLUMNS", "80").ok_text();
        assert!(help.lines().all(|l| l.chars().count() <= 80), "{command}: {help}");
        assert!(help.contains("\nExamples:\n"), "{command}: {help}");
    }
    let markdown = crate::common::stdout_of(&["generate", "--format", "markdown"]);
    assert_eq!(crate::common::stdout_of(&["generate", "--format", "MD"]), markdown);
    assert_eq!(crate::common::stdout_of(&["generate", "--format", "Markdown"]), markdown);
    let yaml = crate::common::stdout_of(&["generate", "--format", "yaml"]);
    assert_eq!(crate::common::stdout_of(&["generate", "--format", "YML"]), yaml);
    assert!(crate::common::stdout_of(&["generate", "--format", "HTML"]).starts_with("<!DOCTYPE html>"));
}

#[test]
fn a_template_file_that_overrides_nothing_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ini-opton.hbs"), "x").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a template").unwrap();
    let out = confspec(&["generate", "--templates", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("ini-opton.hbs: error: no embedded template is called `ini-opton.hbs`"), "{stderr}");
    assert!(stderr.contains("did you mean `ini-option.hbs`?"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "other files are no templates: {stderr}");
}

/// Group names hold `:` in real services (designate's `[backend:dynect]`); the section is
/// written, read by validate and carried through the data as it is.
#[test]
fn a_group_name_may_hold_a_colon() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(
        &spec,
        "namespace: t\ngroups:\n  - name: 'backend:dynect'\n    options:\n      - {name: x, default: a}\n",
    )
    .unwrap();
    let s = spec.to_str().unwrap();
    let sample = crate::common::stdout_of(&["generate", s]);
    assert!(sample.contains("\n[backend:dynect]\n") && sample.contains("\n#x = a\n"), "{sample}");
    let conf = dir.path().join("app.conf");
    std::fs::write(&conf, "[backend:dynect]\nx = b\nnope = 1\n").unwrap();
    let report = String::from_utf8(confspec(&["validate", s, "--input-file", conf.to_str().unwrap()]).stdout).unwrap();
    assert_eq!(
        report.lines().next(),
        Some(
            format!(
                "{}:3: warning: [backend:dynect]/nope is not an option of the specs: oslo ignores it",
                conf.display()
            )
            .as_str()
        )
    );
    assert!(crate::common::stdout_of(&["generate", s, "--format", "rst"])
        .starts_with(".. oslo.config:group:: backend:dynect\n"));
    // `]` and line breaks still break a section header.
    std::fs::write(&spec, "namespace: t\ngroups:\n  - name: 'a]b'\n").unwrap();
    assert_eq!(confspec(&["generate", s]).status.code(), Some(2));
}
