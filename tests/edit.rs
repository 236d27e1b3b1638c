//! `confspec edit`: options set and unset in an operator's config file, checked against the
//! specs first, every other byte kept, written as `upgrade` writes.

use crate::common::{confspec, Run};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Output;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `confspec args`, which must exit 0: its stdout and stderr.
fn ok(args: &[&str]) -> (String, String) {
    let out = confspec(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    (String::from_utf8(out.stdout.clone()).unwrap(), stderr(&out))
}

/// The value `show` gives the option `option` (GROUP.OPTION) of `conf` read against `sources`.
fn shown(sources: &[&str], conf: &Path, option: &str) -> Option<String> {
    let mut args = vec!["show"];
    args.extend(sources);
    args.extend(["--input-file", conf.to_str().unwrap(), "--option", option, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&ok(&args).0).unwrap();
    report["options"][0]["value"].as_str().map(str::to_owned)
}

/// `edit --set` of an option, then `show` of it, gives the value set: with a shipped service,
/// through a `$` reference to the file's value, onto a line written under an old name (and one
/// in an old group), with a spec file, and with the embedded glance spec (with a note).
#[test]
fn show_gives_the_value_edit_set() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nova.conf");
    let c = conf.to_str().unwrap();
    std::fs::write(
        &conf,
        "[DEFAULT]\nmy_ip = 10.0.0.5\nlogfile = /var/log/old.log\n\n[api]\nneutron_default_tenant_id = old\n",
    )
    .unwrap();
    let nova = ["--service", "nova"];
    let (_, report) = ok(&[
        "edit",
        "--service",
        "nova",
        "--input-file",
        c,
        "--in-place",
        "--set",
        "glance.endpoint_override=http://$my_ip:9292",
        "--set",
        "DEFAULT.log_file=/var/log/nova/nova.log",
        "--set",
        "api.neutron_default_project_id=p1",
        "--set",
        "DEFAULT.host=compute-1",
    ]);
    assert_eq!(shown(&nova, &conf, "glance.endpoint_override").as_deref(), Some("http://10.0.0.5:9292"));
    assert_eq!(shown(&nova, &conf, "DEFAULT.log_file").as_deref(), Some("/var/log/nova/nova.log"));
    assert_eq!(shown(&nova, &conf, "api.neutron_default_project_id").as_deref(), Some("p1"));
    assert_eq!(shown(&nova, &conf, "DEFAULT.host").as_deref(), Some("compute-1"));
    assert_eq!(
        std::fs::read_to_string(&conf).unwrap(),
        "[DEFAULT]\nmy_ip = 10.0.0.5\nlog_file = /var/log/nova/nova.log\nhost = compute-1\n\n[api]\nneutron_default_project_id = p1\n\n[glance]\nendpoint_override = http://$my_ip:9292\n"
    );
    assert!(report.contains(&format!("{c}:3: set [DEFAULT]/log_file (renamed from [DEFAULT]/logfile)\n")), "{report}");
    assert!(report.ends_with(&format!("{c}: 2 set, 2 added, 0 unset\n")), "{report}");
    // The edited file validates with no finding but its notes.
    let (text, _) = ok(&["validate", "--service", "nova", "--input-file", c, "--fatal-warnings"]);
    assert!(text.ends_with(": 0 errors, 0 warnings\n"), "{text}");

    // A spec file; an old group's line is moved to the option's own section.
    let spec = dir.path().join("t.yaml");
    std::fs::write(
        &spec,
        "namespace: t\ngroups:\n  - name: DEFAULT\n    options:\n      - {name: state_path, default: /var/lib/t}\n  - name: db\n    options:\n      - {name: url, deprecated_opts: [{name: sql_url, group: DEFAULT}]}\n",
    )
    .unwrap();
    let s = spec.to_str().unwrap();
    std::fs::write(&conf, "[DEFAULT]\nsql_url = sqlite:///old\n").unwrap();
    ok(&["edit", s, "--input-file", c, "--in-place", "--set", "db.url=sqlite:///$state_path/t.db"]);
    assert_eq!(std::fs::read_to_string(&conf).unwrap(), "[DEFAULT]\n\n[db]\nurl = sqlite:///$state_path/t.db\n");
    assert_eq!(shown(&[s], &conf, "db.url").as_deref(), Some("sqlite:////var/lib/t/t.db"));

    // No spec: the embedded glance spec, and the note validate gives.
    std::fs::write(&conf, "[ssl]\nca_file = /old.pem\n").unwrap();
    let (_, report) = ok(&["edit", "--input-file", c, "--in-place", "--set", "glance.cafile=/etc/ca.pem"]);
    assert!(report.contains("only the embedded glance spec") && report.contains("point edit at"), "{report}");
    assert_eq!(shown(&[], &conf, "glance.cafile").as_deref(), Some("/etc/ca.pem"));
}

/// A config of over 2,000 lines (nova's sample with every default uncommented, cut at a
/// section, plus a setting under an old name and one with continuation lines): `edit` changes
/// only the lines of the options it names, in the file's own line endings; every other byte
/// is the file's.
#[test]
fn edit_of_a_2000_line_config_changes_only_the_lines_it_names() {
    let sample = crate::common::stdout_of(&["generate", "--service", "nova"]);
    let mut lines: Vec<String> = Vec::new();
    for line in sample.lines() {
        let uncommented = line.strip_prefix('#').filter(|rest| {
            rest.split_once(" = ").is_some_and(|(key, value)| {
                value != "<None>" && !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
        });
        if lines.len() >= 2000 && line.starts_with('[') {
            break;
        }
        lines.push(uncommented.unwrap_or(line).to_owned());
    }
    let at = |lines: &[String], text: &str| lines.iter().position(|l| l == text).unwrap_or_else(|| panic!("{text}"));
    // An old name alone (renamed where it is), and one beside the option's own name (taken
    // out: the own name's line is the one oslo reads).
    let header = at(&lines, "[DEFAULT]");
    lines.insert(header + 1, "logfile = /var/log/old.log".into());
    let header = at(&lines, "[api]");
    lines.insert(header + 1, "neutron_default_tenant_id = old".into());
    let cors = at(&lines, "[cors]");
    for (i, line) in ["allowed_origin = https://a.example,", "    https://b.example,", "    https://c.example"]
        .into_iter()
        .enumerate()
    {
        lines.insert(cors + 1 + i, line.into());
    }
    assert!(lines.len() > 2000, "{}", lines.len());
    assert!(!lines.iter().any(|l| l == "[database]"));

    // What the edit should make, line by line, from the same lines.
    let mut want = lines.clone();
    let host = at(&want, "host = <current_hostname>");
    want[host] = "host = compute-1".into();
    let old = at(&want, "logfile = /var/log/old.log");
    want[old] = "log_file = /var/log/nova/nova.log".into();
    let own = at(&want, "neutron_default_project_id = default");
    want[own] = "neutron_default_project_id = p1".into();
    let old = at(&want, "neutron_default_tenant_id = old");
    want.remove(old);
    let cors = at(&want, "allowed_origin = https://a.example,");
    want.drain(cors..cors + 3);
    // After the last setting of the section, before the comments and blank lines that
    // follow it.
    for (section, line) in
        [("[cinder]", "os_region_name = RegionTwo"), ("[api]", "compute_link_prefix = https://nova.example")]
    {
        let header = at(&want, section);
        let last = (header + 1..want.len())
            .take_while(|&i| !want[i].starts_with('['))
            .filter(|&i| !want[i].is_empty() && !want[i].starts_with('#'))
            .last()
            .unwrap();
        assert!(want[last + 1].is_empty() || want[last + 1].starts_with('#'), "{}", want[last + 1]);
        want.insert(last + 1, line.into());
    }
    want.extend(["".into(), "[database]".into(), "connection = mysql+pymysql://nova:s3cret@db/nova".into()]);

    let dir = tempfile::tempdir().unwrap();
    for newline in ["\n", "\r\n"] {
        let conf = dir.path().join("nova.conf");
        let text = lines.join(newline) + newline;
        std::fs::write(&conf, &text).unwrap();
        let c = conf.to_str().unwrap();
        ok(&[
            "edit",
            "--service",
            "nova",
            "--input-file",
            c,
            "--in-place",
            "--set",
            "DEFAULT.host=compute-1",
            "--set",
            "api.neutron_default_project_id=p1",
            "--set",
            "DEFAULT.log_file=/var/log/nova/nova.log",
            "--unset",
            "cors.allowed_origin",
            "--set",
            "cinder.os_region_name=RegionTwo",
            "--set",
            "api.compute_link_prefix=https://nova.example",
            "--set",
            "database.connection=mysql+pymysql://nova:s3cret@db/nova",
        ]);
        let edited = std::fs::read(&conf).unwrap();
        let expected = want.join(newline) + newline;
        assert!(
            edited == expected.as_bytes(),
            "{newline:?}: {}",
            crate::common::first_difference(expected.as_bytes(), &edited)
        );
    }
}

/// Any bad name or value, or `--existing` for an option the file does not set: exit 2, each
/// problem at its argument, and the file untouched (its bytes and its modification time).
#[test]
fn a_bad_name_or_value_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nova.conf");
    let c = conf.to_str().unwrap();
    let text = "[DEFAULT]\ndebug = false\n\n[glance]\nnum_retries = 3\n";
    std::fs::write(&conf, text).unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options().write(true).open(&conf).unwrap().set_modified(old).unwrap();
    for (sets, message) in [
        (vec!["glance.num_retries=-1"], "--set #1: error: [glance]/num_retries: '-1' is below the minimum 0"),
        (vec!["DEFAULT.debug=ture"], "--set #1: error: [DEFAULT]/debug: 'ture' is not a boolean"),
        (
            vec!["DEFAULT.debug=true", "glance.api_server=http://g"],
            "--set #2: error: [glance]/api_server is not an option of the specs; did you mean `api_servers`?",
        ),
        (vec!["glanse.num_retries=1"], "--set #1: error: [glanse] is not a group of the specs; did you mean [glance]?"),
        (vec!["num_retries=1"], "--set #1: error: 'num_retries' names no group and option"),
        (vec!["DEFAULT.transport_url=rabbit://$nosuch"], "--set #1: error: [DEFAULT]/transport_url: "),
        (vec!["DEFAULT.debug=true", "DEFAULT.host=h"], "--set #2: error: [DEFAULT]/host is not set in "),
    ] {
        let mut args = vec!["edit", "--service", "nova", "--input-file", c, "--in-place"];
        if message.contains("is not set in") {
            args.push("--existing");
        }
        for set in &sets {
            args.extend(["--set", set]);
        }
        let out = confspec(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{sets:?}: {err}");
        assert!(err.contains(message), "{sets:?}: {err}");
        assert!(err.ends_with(&format!("{c}: note: nothing was written\n")), "{err}");
        assert!(out.stdout.is_empty());
        assert_eq!(std::fs::read_to_string(&conf).unwrap(), text);
        assert_eq!(std::fs::metadata(&conf).unwrap().modified().unwrap(), old, "{sets:?}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary left");
    }
    // --existing changes what the file sets; --unset and --set of one option say two things.
    ok(&["edit", "--service", "nova", "--input-file", c, "--in-place", "--existing", "--set", "glance.num_retries=4"]);
    assert_eq!(std::fs::read_to_string(&conf).unwrap(), text.replace("= 3", "= 4"));
    let out = confspec(&[
        "edit",
        "--input-file",
        c,
        "--diff",
        "--set",
        "glance.num_retries=1",
        "--unset",
        "glance.num_retries",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--unset #1: error: [glance]/num_retries is set and unset"), "{}", stderr(&out));
    // A file oslo cannot parse is refused as upgrade refuses it; so is a run with no change.
    std::fs::write(&conf, "[glance]\nnum_retries 3\n").unwrap();
    let out = confspec(&["edit", "--input-file", c, "--in-place", "--set", "glance.num_retries=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out)
        .contains("nova.conf:2: error: syntax error: No ':' or '=' found in assignment (nothing was written)"));
    assert_eq!(confspec(&["edit", "--input-file", c, "--in-place"]).status.code(), Some(2));
}

/// `--diff` shows `****` for a secret's value (the new one and one the file had) and writes
/// nothing; the file written keeps the value; a new copy that holds a secret the config did
/// not is its owner's alone (0600, whatever the umask), one without keeps the config's mode.
#[test]
fn secrets_stay_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nova.conf");
    let c = conf.to_str().unwrap();
    let text = "[DEFAULT]\ndebug = false\n\n[database]\nconnection = mysql://nova:hunter1@db/nova\n";
    std::fs::write(&conf, text).unwrap();
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o644)).unwrap();
    let secret = "keystone_authtoken.password=hunter2-x";
    let (diff, report) = ok(&[
        "edit",
        "--service",
        "nova",
        "--input-file",
        c,
        "--diff",
        "--set",
        "keystone_authtoken.auth_type=password",
        "--set",
        secret,
        "--set",
        "database.connection=mysql://nova:hunter3@db/nova",
    ]);
    assert!(!diff.contains("hunter") && !report.contains("hunter"), "{diff}{report}");
    for line in ["-connection = ****\n", "+connection = ****\n", "+password = ****\n", "+auth_type = password\n"] {
        assert!(diff.contains(line), "no {line:?} in {diff}");
    }
    assert!(diff.starts_with(&format!("--- {c}\n+++ {c} (edited)\n")), "{diff}");
    assert!(report.contains("warning: required option [keystone_authtoken]/auth_url is not set"), "{report}");
    assert_eq!(std::fs::read_to_string(&conf).unwrap(), text, "--diff writes nothing");

    // A secret the config did not hold: 0600 whatever the umask.
    std::fs::write(&conf, "[DEFAULT]\ndebug = false\n").unwrap();
    let copy = dir.path().join("copy.conf");
    let p = copy.to_str().unwrap();
    let umask = |mask: libc::mode_t, args: &[&str]| {
        let mut command = std::process::Command::new(crate::common::BIN);
        command.args(args);
        // SAFETY: umask is async-signal-safe.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut command, move || {
                libc::umask(mask);
                Ok(())
            })
        };
        let out = command.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    };
    let auth = "keystone_authtoken.auth_type=password";
    umask(0o000, &["edit", "--service", "nova", "--input-file", c, "-o", p, "--set", auth, "--set", secret]);
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(&copy).unwrap().contains("\npassword = hunter2-x\n"));
    std::fs::remove_file(&copy).unwrap();
    // Without one: the config's mode, as upgrade -o gives it.
    umask(0o077, &["edit", "--service", "nova", "--input-file", c, "-o", p, "--set", "DEFAULT.debug=true"]);
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o644);
}

/// The same write path as `upgrade` (`src/output.rs`): in place, the file keeps its mode; a
/// symlinked config's target is edited and the link stays; a file with several hard links, or
/// a copy holding secrets onto a file others may read, is refused.
mod writing {
    use super::*;

    const OLD: &str = "[DEFAULT]\ndebug = false\n";
    const NEW: &str = "[DEFAULT]\ndebug = true\n";

    fn edit_in_place(conf: &Path) -> Output {
        confspec(&[
            "edit",
            "--service",
            "nova",
            "--input-file",
            conf.to_str().unwrap(),
            "--in-place",
            "--set",
            "DEFAULT.debug=true",
        ])
    }

    #[test]
    fn in_place_keeps_the_mode_and_follows_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let real = dir.path().join("real/nova.conf");
        std::fs::write(&real, OLD).unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("nova.conf");
        std::os::unix::fs::symlink("real/nova.conf", &link).unwrap();
        let out = edit_in_place(&link);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), NEW, "its target is edited");
        assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o7777, 0o640);

        // -o onto a symlink: its target takes the copy.
        let target = dir.path().join("real/copy.conf");
        std::fs::write(&target, "old\n").unwrap();
        let copy_link = dir.path().join("copy.conf");
        std::os::unix::fs::symlink("real/copy.conf", &copy_link).unwrap();
        let args = [
            "edit",
            "--input-file",
            real.to_str().unwrap(),
            "-o",
            copy_link.to_str().unwrap(),
            "--unset",
            "glance.cafile",
        ];
        assert_eq!(confspec(&args).status.code(), Some(0));
        assert!(std::fs::symlink_metadata(&copy_link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), NEW);

        std::fs::hard_link(&real, dir.path().join("nova.conf.bak")).unwrap();
        std::fs::write(&real, OLD).unwrap();
        let out = edit_in_place(&real);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("has 2 hard links"), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(dir.path().join("nova.conf.bak")).unwrap(), OLD);
        assert_eq!(std::fs::metadata(&real).unwrap().nlink(), 2, "not split");
    }

    #[test]
    fn a_copy_with_secrets_is_not_written_where_others_could_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("nova.conf");
        std::fs::write(&conf, OLD).unwrap();
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).unwrap();
        let copy = dir.path().join("copy.conf");
        std::fs::write(&copy, "old\n").unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o644)).unwrap();
        let (c, p) = (conf.to_str().unwrap(), copy.to_str().unwrap());
        // A secret option, and an auth plugin's password.
        for sets in [
            vec!["database.connection=mysql://u:hunter2@db/n"],
            vec!["keystone_authtoken.auth_type=password", "keystone_authtoken.password=hunter2"],
        ] {
            let mut args = vec!["edit", "--service", "nova", "--input-file", c, "-o", p];
            sets.iter().for_each(|set| args.extend(["--set", set]));
            let out = confspec(&args);
            assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
            assert!(stderr(&out).contains("would hold secret values readable by everyone"), "{}", stderr(&out));
            assert!(!stderr(&out).contains("hunter2"));
            assert_eq!(std::fs::read_to_string(&copy).unwrap(), "old\n");
        }
    }

    #[test]
    #[ignore = "needs root (chown) and user xattrs: run as root with -- --ignored (.ci/run does)"]
    fn in_place_keeps_owner_group_mode_and_extended_attributes() {
        // SAFETY: geteuid has no preconditions.
        assert!(unsafe { libc::geteuid() } == 0, "needs root, for chown");
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("nova.conf");
        std::fs::write(&conf, OLD).unwrap();
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::chown(&conf, Some(65534), Some(65534)).unwrap();
        rustix::fs::setxattr(&conf, "user.confspec", b"kept", rustix::fs::XattrFlags::empty()).unwrap();
        let out = edit_in_place(&conf);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&conf).unwrap(), NEW);
        let meta = std::fs::metadata(&conf).unwrap();
        assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534), "nobody:nogroup kept");
        let mut value = [0u8; 16];
        let len = rustix::fs::getxattr(&conf, "user.confspec", &mut value).unwrap();
        assert_eq!(&value[..len], b"kept");
    }
}

/// `--set` values of a multi-valued option are its lines; a value holding line breaks is
/// written as continuation lines, which oslo reads back as the value and which can start no
/// section or setting of their own.
#[test]
fn values_are_written_so_that_oslo_reads_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nova.conf");
    let c = conf.to_str().unwrap();
    std::fs::write(&conf, "[DEFAULT]\nstate_path = a\n").unwrap();
    let injected = "DEFAULT.state_path=b\n[database]\nconnection = sqlite://";
    let (text, _) = ok(&["edit", "--service", "nova", "--input-file", c, "-o", "-", "--set", injected]);
    assert_eq!(text, "[DEFAULT]\nstate_path = b\n    [database]\n    connection = sqlite://\n");
    let out = Run::new(["edit", "--service", "nova", "--input-file", c, "--diff", "--set", "DEFAULT.state_path=a\rb"])
        .output();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(r"'a\rb' cannot be written so that oslo reads it back"), "{}", stderr(&out));
    let (text, _) = ok(&[
        "edit",
        "--service",
        "nova",
        "--input-file",
        c,
        "-o",
        "-",
        "--set",
        "pci.device_spec={\"vendor_id\": \"8086\"}",
        "--set",
        "pci.device_spec={\"vendor_id\": \"10de\"}",
        "--set",
        "DEFAULT.state_path= padded ",
    ]);
    assert_eq!(
        text,
        "[DEFAULT]\nstate_path = \" padded \"\n\n[pci]\ndevice_spec = {\"vendor_id\": \"8086\"}\ndevice_spec = {\"vendor_id\": \"10de\"}\n"
    );
}
