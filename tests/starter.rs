//! Starter configs: `generate --group/--set/--values/--fatal-warnings` with a shipped service,
//! checked before anything is written, secrets kept to the file (0600 when new).

use crate::common::{confspec, Run, BIN};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

/// Runs confspec with `args` under `umask`.
fn with_umask(umask: libc::mode_t, args: &[&str]) -> Output {
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

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The section headers of an INI text, in order.
fn sections(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with('[') && l.ends_with(']')).collect()
}

/// The lines that set something (neither comments nor headers nor blank).
fn settings(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('[')).collect()
}

/// The files of a folder, by name.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The issue's acceptance command: the groups named and [DEFAULT], the values set in place,
/// the unset required option named on stderr, a new file holding a secret 0600 whatever the
/// umask.
#[test]
fn the_nova_starter_config_holds_the_groups_named_and_the_values_set() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nova.conf");
    let out = with_umask(
        0o022,
        &[
            "generate",
            "--service",
            "nova",
            "--group",
            "glance",
            "--group",
            "keystone_authtoken",
            "--group",
            "database",
            "--set",
            "DEFAULT.transport_url=rabbit://nova:pw@rabbit:5672/",
            "--set",
            "glance.api_servers=https://glance.example.org:9292",
            "--set",
            "keystone_authtoken.auth_type=password",
            "--set",
            "keystone_authtoken.password=pw",
            "--minimal",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "warning: required option [keystone_authtoken]/auth_url is not set (auth_type = password reads it)"
        ),
        "{err}"
    );
    assert!(err.contains("[glance]/api_servers is deprecated for removal"), "{err}");
    // The secrets (the password, and transport_url's whole value) nowhere but in the file; the
    // temporary folder's random name may hold the letters.
    assert!(!err.replace(dir.path().to_str().unwrap(), "DIR").contains("pw"), "{err}");
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(sections(&text), ["[DEFAULT]", "[database]", "[glance]", "[keystone_authtoken]"]);
    assert_eq!(
        settings(&text),
        [
            "transport_url = rabbit://nova:pw@rabbit:5672/",
            "api_servers = https://glance.example.org:9292",
            "auth_type = password",
            "password = pw"
        ]
    );
    // The plugin's required option, commented, with its help, where the operator fills it in.
    assert!(text.contains("# Authentication URL (string value)\n#auth_url = <None>\n"), "{text}");
    assert_eq!(mode(&target), 0o600);
    assert_eq!(names(dir.path()), ["nova.conf"]);
}

/// A starter config with every value it needs set loads cleanly: `validate` on it reports
/// nothing, and `--fatal-warnings` then exits 0 (1 while a required option is unset).
#[test]
fn a_complete_starter_config_validates_clean_and_fatal_warnings_counts_what_is_unset() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nova.conf");
    let target = target.to_str().unwrap();
    let sets = [
        "DEFAULT.transport_url=rabbit://nova:pw@rabbit:5672/",
        "database.connection=mysql+pymysql://nova:pw@db/nova",
        "keystone_authtoken.auth_type=password",
        "keystone_authtoken.auth_url=https://keystone.example.org:5000/v3",
        "keystone_authtoken.username=nova",
        "keystone_authtoken.password=pw",
        "keystone_authtoken.project_name=service",
        "keystone_authtoken.user_domain_name=Default",
        "keystone_authtoken.project_domain_name=Default",
        "glance.num_retries=3",
    ];
    let generate = |leave_out: &str| {
        let mut args = vec!["generate", "--service", "nova", "--group", "glance", "--minimal", "--fatal-warnings"];
        for set in sets.iter().filter(|s| !s.starts_with(leave_out)) {
            args.extend(["--set", set]);
        }
        args.extend(["-o", target]);
        confspec(&args)
    };
    let out = generate("-");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = std::fs::read_to_string(target).unwrap();
    assert_eq!(sections(&text), ["[DEFAULT]", "[database]", "[glance]", "[keystone_authtoken]"]);
    let out = confspec(&["validate", "--service", "nova", "--input-file", target]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with(": 0 errors, 0 warnings\n"));

    // Without auth_url: written, named on stderr, and exit 1 with --fatal-warnings.
    let out = generate("keystone_authtoken.auth_url=");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("required option [keystone_authtoken]/auth_url is not set"), "{}", stderr(&out));
    assert!(!settings(&std::fs::read_to_string(target).unwrap()).iter().any(|l| l.starts_with("auth_url")));
}

/// Each bad name or value of the issue exits 2 naming the bound, the choice or the closest
/// name; every problem of a run is listed; and no file (nor a temporary) is left behind.
#[test]
fn bad_names_and_values_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nova.conf");
    let target = target.to_str().unwrap();
    for (set, message) in [
        ("glance.num_retries=-1", "--set #1: error: [glance]/num_retries: '-1' is below the minimum 0"),
        ("glance.api_insecure=ture", "--set #1: error: [glance]/api_insecure is not an option of the specs; did you mean `insecure`?"),
        ("glance.insecure=ture", "--set #1: error: [glance]/insecure: 'ture' is not a boolean: use true/false, yes/no, on/off or 1/0"),
        ("glance.api_server=x", "--set #1: error: [glance]/api_server is not an option of the specs; did you mean `api_servers`?"),
        ("nosuch.x=1", "--set #1: error: [nosuch] is not a group of the specs"),
        ("glanse.num_retries=1", "--set #1: error: [glanse] is not a group of the specs; did you mean [glance]?"),
        ("keystone_authtoken.auth_type=pasword", "--set #1: error: [keystone_authtoken]/auth_type: the specs know no auth_type 'pasword'; did you mean `password`?"),
        ("keystone_authtoken.username=nova", "--set #1: error: [keystone_authtoken]/username is not read: [keystone_authtoken] sets no auth_type, so no auth_type reads it"),
        ("glance.tls_min_version=1.1", "--set #1: error: [glance]/tls_min_version: '1.1' is not one of the choices [None, 1.2, 1.3]"),
        ("transport_url=x", "--set #1: error: 'transport_url' names no group and option"),
    ] {
        let out = confspec(&["generate", "--service", "nova", "--set", set, "--minimal", "-o", target]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{set}: {err}");
        assert!(err.starts_with(message), "{set}: {err}");
        assert!(err.ends_with("confspec: note: nothing was written\n"), "{set}: {err}");
        assert!(names(dir.path()).is_empty(), "{set}: {:?}", names(dir.path()));
    }
    // All at once: each listed, with a --group's typo too.
    let out = confspec(&[
        "generate",
        "--service",
        "nova",
        "--group",
        "glanse",
        "--set",
        "glance.num_retries=-1",
        "--set",
        "glance.api_insecure=ture",
        "--set",
        "glance.api_server=x",
        "--set",
        "nosuch.x=1",
        "-o",
        target,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 5, "{err}");
    assert!(err.contains("--group #1: error: [glanse] is not a group of the specs; did you mean [glance]?"), "{err}");
    assert!(names(dir.path()).is_empty());
}

/// A secret's value is shown nowhere but the file: not in a diagnostic of a bad value, nor in
/// a `--check` diff. A new file holding one is 0600 whatever the umask; one without a secret
/// honours the umask; an existing file keeps its mode.
#[test]
fn secrets_stay_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nova.conf");
    let path = target.to_str().unwrap();
    let secret = "s3cr3t-Hunter2";
    let password = format!("keystone_authtoken.password={secret}");
    let auth = "keystone_authtoken.auth_type=password";

    // A bad value elsewhere: the secret is in no message. A secret's own bad value is `****`.
    let bad_secret = format!("DEFAULT.transport_url=rabbit://nova:{secret}@$nosuch/");
    let out = confspec(&[
        "generate",
        "--service",
        "nova",
        "--set",
        auth,
        "--set",
        &password,
        "--set",
        &bad_secret,
        "-o",
        path,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("--set #3: error: [DEFAULT]/transport_url: "), "{err}");
    assert!(!err.contains(secret) && !err.contains("nosuch"), "{err}");
    assert!(!target.exists());

    for umask in [0o000, 0o022, 0o077] {
        let out = with_umask(
            umask,
            &[
                "generate",
                "--service",
                "nova",
                "--group",
                "keystone_authtoken",
                "--set",
                auth,
                "--set",
                &password,
                "-o",
                path,
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(!stderr(&out).contains(secret));
        assert_eq!(mode(&target), 0o600, "umask {umask:03o}");
        assert!(std::fs::read_to_string(&target).unwrap().contains(&format!("\npassword = {secret}\n")));
        std::fs::remove_file(&target).unwrap();
    }
    let out = with_umask(
        0o022,
        &["generate", "--service", "nova", "--group", "glance", "--set", "glance.num_retries=5", "-o", path],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&target), 0o644, "no secret: the umask's mode");

    // An existing file keeps its mode.
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = confspec(&[
        "generate",
        "--service",
        "nova",
        "--group",
        "keystone_authtoken",
        "--set",
        auth,
        "--set",
        &password,
        "-o",
        path,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&target), 0o640);

    // --check against the file with another password: a diff, the values `****`.
    let other = "keystone_authtoken.password=another-Secret9";
    let out = confspec(&[
        "generate",
        "--service",
        "nova",
        "--group",
        "keystone_authtoken",
        "--set",
        auth,
        "--set",
        other,
        "-o",
        path,
        "--check",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("password = ****"), "{diff}");
    assert!(!diff.contains(secret) && !diff.contains("another-Secret9"), "{diff}");
    assert!(!stderr(&out).contains(secret) && !stderr(&out).contains("another-Secret9"));
    let out = confspec(&[
        "generate",
        "--service",
        "nova",
        "--group",
        "keystone_authtoken",
        "--set",
        auth,
        "--set",
        &password,
        "-o",
        path,
        "--check",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// `--group` alone renders those groups as the sample has them, byte for byte; `--set` changes
/// only the line of the option it sets.
#[test]
fn the_rest_stays_as_the_sample_has_it() {
    let sample = Run::new(["generate", "--service", "nova"]).ok_text();
    let picked = Run::new(["generate", "--service", "nova", "--group", "glance"]).ok_text();
    assert_eq!(sections(&picked), ["[DEFAULT]", "[glance]"]);
    let glance =
        |text: &str| text[text.find("\n[glance]\n").unwrap()..].split("\n\n\n[").next().unwrap().trim_end().to_owned();
    assert_eq!(glance(&picked), glance(&sample));

    let set = Run::new(["generate", "--service", "nova", "--set", "glance.num_retries=5"]).ok_text();
    let changed: Vec<(&str, &str)> = sample.lines().zip(set.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, [("#num_retries = 3", "num_retries = 5")]);
    assert_eq!(sample.lines().count(), set.lines().count());
}

/// `--values`: a YAML mapping, and an old deployment's INI file carried over (a deprecated
/// name written under its new one, with a warning); `--set` after them wins.
#[test]
fn values_files_yaml_and_ini() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("values.yaml");
    std::fs::write(
        &yaml,
        "DEFAULT:\n  transport_url: rabbit://nova:pw@rabbit:5672/\n  debug: true\nglance:\n  num_retries: 4\n  valid_interfaces: [internal, public]\n",
    )
    .unwrap();
    // JSON, as YAML reads it: the same values.
    let json = dir.path().join("values.json");
    std::fs::write(&json, r#"{"glance": {"num_retries": 4, "valid_interfaces": ["internal", "public"]}}"#).unwrap();
    let out = Run::new(["generate", "--service", "nova", "--minimal", "--values", json.to_str().unwrap()]).output();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(settings(&text), ["num_retries = 4", "valid_interfaces = internal,public"]);
    let old = dir.path().join("old.conf");
    std::fs::write(
        &old,
        "[DEFAULT]\nverbose_logging = x\n[keystone_authtoken]\nauth_type = password\nuser_name = nova\n",
    )
    .unwrap();
    let out = Run::new([
        "generate",
        "--service",
        "nova",
        "--minimal",
        "--values",
        yaml.to_str().unwrap(),
        "--set",
        "glance.num_retries=6",
    ])
    .output();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "transport_url = rabbit://nova:pw@rabbit:5672/",
        "debug = true",
        "num_retries = 6",
        "valid_interfaces = internal,public",
    ] {
        assert!(settings(&text).contains(&line), "{line}: {text}");
    }
    // An old file's unknown name is refused like any other, at its line.
    let out = Run::new(["generate", "--service", "nova", "--values", old.to_str().unwrap()]).output();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("old.conf:2: error: [DEFAULT]/verbose_logging is not an option of the specs"),
        "{}",
        stderr(&out)
    );
    // An option the release removed is named so, as validate names it (nova 34 dropped it).
    std::fs::write(&old, "[DEFAULT]\ndebug = true\n[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n").unwrap();
    let out = Run::new(["generate", "--service", "nova", "--values", old.to_str().unwrap()]).output();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "old.conf:4: error: [oslo_messaging_rabbit]/heartbeat_in_pthread was removed in nova 34.0.0 (deprecated: "
        ),
        "{}",
        stderr(&out)
    );
    std::fs::write(&old, "[DEFAULT]\ndebug = true\n[keystone_authtoken]\nauth_type = password\nuser_name = nova\n")
        .unwrap();
    let out = Run::new(["generate", "--service", "nova", "--minimal", "--values", old.to_str().unwrap()]).output();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("old.conf:5: warning: [keystone_authtoken]/user_name is a deprecated name: written as [keystone_authtoken]/username"), "{err}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(settings(&text).contains(&"username = nova"), "{text}");
    assert!(!text.contains("user_name ="));
}

/// What does not fill in a config file is refused as bad usage.
#[test]
fn values_go_with_the_ini_format_only() {
    let out = confspec(&["generate", "--service", "nova", "--format", "rst", "--set", "glance.num_retries=5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--set and --values fill in a config file"), "{}", stderr(&out));
    let out = confspec(&["generate", "--service", "nova", "--format", "python", "--group", "glance"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--group picks groups of a sample or a reference"), "{}", stderr(&out));
    let rst = Run::new(["generate", "--service", "nova", "--format", "rst", "--group", "glance"]).ok_text();
    assert!(rst.contains("glance") && !rst.contains("keystone_authtoken"));
}

/// The native writer and the embedded templates write the same starter config: values set
/// (one multi-valued, one quoted to keep its blanks), auth plugins' options, with and without
/// --minimal.
#[test]
fn native_writer_equals_the_templates_with_values() {
    use confspec::assign::{from_arguments, resolve, Context};
    use confspec::render::engine::{Engine, Escape};
    use confspec::render::ini::{self, IniOptions};
    let services = confspec::services::Services::embedded().unwrap();
    let (release, file) = services.resolve(&confspec::services::Address::parse("nova").unwrap()).unwrap();
    let catalog = services.catalog(release, file).unwrap();
    let args: Vec<String> = [
        "DEFAULT.transport_url=rabbit://nova:pw@rabbit:5672/",
        "pci.alias=a",
        "pci.alias=b",
        "keystone_authtoken.auth_type=password",
        "keystone_authtoken.username= nova ",
        "glance.num_retries=5",
        "cinder.auth_type=v3applicationcredential",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let resolved = resolve(&catalog, &from_arguments("--set", &args, 0).unwrap(), &Context::default()).unwrap();
    let filled = resolved.filled(|_| true);
    let engine = Engine::new(None, Escape::None).unwrap();
    for minimal in [false, true] {
        let options = IniOptions { minimal, ..IniOptions::default() };
        let native = ini::write_native_filled(&catalog, &options, &filled);
        let templated = ini::render_filled_with_templates(&engine, &catalog, &options, &filled).unwrap();
        assert!(native == templated, "minimal {minimal}");
        assert!(native.contains("\nalias = a\nalias = b\n"));
        assert!(native.contains("\nusername = \" nova \"\n"));
    }
}

/// `--minimal` with values and no `--group` is the compact file too: [DEFAULT] and the groups
/// the values are set in, and only their required options named; without --minimal, the
/// whole sample, and the required options of every group it holds.
#[test]
fn the_compact_file_holds_the_groups_values_are_set_in() {
    let set = ["generate", "--service", "cinder", "--set", "database.connection=sqlite://", "--minimal"];
    let out = Run::new(set).output();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(sections(&text), ["[DEFAULT]", "[database]"]);
    assert_eq!(settings(&text), ["connection = sqlite://"]);
    let out = Run::new(&set[..5]).output();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("<stdout>: warning: required option [sample_remote_file_source]/uri is not set"));
    let whole = String::from_utf8(out.stdout).unwrap();
    assert_eq!(sections(&whole).len(), sections(&Run::new(["generate", "--service", "cinder"]).ok_text()).len());
}
