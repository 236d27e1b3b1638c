//! `confspec import`: good data makes reviewable specs; broken data exits 2 with a message
//! naming the file (and line), and leaves no spec behind.

use crate::common::confspec;
use std::path::Path;
use std::process::Output;

fn import(data: &Path, out: &Path) -> Output {
    confspec(&["import", data.to_str().unwrap(), "--output-dir", out.to_str().unwrap()])
}

const OPTION: &str = "      advanced: false\n      choices: []\n      default: null\n      deprecated_for_removal: false\n      deprecated_opts: []\n      deprecated_reason: null\n      deprecated_since: null\n      help: Some help.\n      max: null\n      metavar: null\n      min: null\n      mutable: false\n      positional: false\n      required: false\n      sample_default: null\n      secret: false\n      short: null\n";

/// A data file with one option; `extra` lines replace or add keys of that option.
fn data(name: &str, namespace: &str, type_name: &str, extra: &str) -> String {
    let mut opt =
        format!("    - name: {name}\n      dest: {name}\n      namespace: {namespace}\n      type: {type_name}\n");
    for line in OPTION.lines() {
        let key = line.trim().split(':').next().unwrap();
        if !extra.lines().any(|l| l.trim().starts_with(&format!("{key}:"))) {
            opt.push_str(line);
            opt.push('\n');
        }
    }
    opt.push_str(extra);
    format!(
        "deprecated_options: {{}}\noptions:\n  DEFAULT:\n    help: ''\n    opts:\n{opt}    standard_opts: [{name}]\n"
    )
}

/// Runs an import that must fail and returns its stderr, checking nothing was written.
fn fails(text: &str, file_name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name);
    std::fs::write(&path, text).unwrap();
    let out_dir = dir.path().join("specs");
    let out = import(&path, &out_dir);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(path.to_str().unwrap()), "the message names the file: {stderr}");
    let left: Vec<_> =
        std::fs::read_dir(&out_dir).map(|d| d.map(|e| e.unwrap().file_name()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "files left behind: {left:?}");
    stderr
}

#[test]
fn a_good_option_becomes_a_spec() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.yaml");
    std::fs::write(&path, data("workers", "my.ns", "integer value", "      default: 4\n      min: 1\n      max: 64\n"))
        .unwrap();
    let out = import(&path, &dir.path().join("specs"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let spec = std::fs::read_to_string(dir.path().join("specs/my.ns.yaml")).unwrap();
    assert!(spec.contains("namespace: my.ns\n"), "{spec}");
    assert!(
        spec.contains(
            "- name: workers\n    type: integer\n    min: 1\n    max: 64\n    default: 4\n    help: Some help.\n"
        ),
        "{spec}"
    );
}

#[test]
fn unknown_type_names_are_kept_as_custom_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.json");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&data(
        "level",
        "my.ns",
        "log level value",
        "      default: INFO\n      choices: [[INFO, null], [DEBUG, verbose]]\n",
    ))
    .unwrap();
    std::fs::write(&path, serde_json::to_string(&yaml).unwrap()).unwrap();
    let out = import(&path, &dir.path().join("specs"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let spec = std::fs::read_to_string(dir.path().join("specs/my.ns.yaml")).unwrap();
    assert!(spec.contains("type: custom\n    type_name: log level value\n"), "{spec}");
    let sample = confspec(&["generate", dir.path().join("specs/my.ns.yaml").to_str().unwrap()]);
    let sample = String::from_utf8(sample.stdout).unwrap();
    assert!(sample.contains("# Some help. (log level value)\n# Possible values:\n# INFO - <No description provided>\n# DEBUG - verbose\n#level = INFO\n"), "{sample}");
}

#[test]
fn broken_yaml_is_reported_at_its_line() {
    let err = fails("options:\n  DEFAULT:\n    opts: [\n", "data.yaml");
    assert!(err.contains("data.yaml:4:1: error: not valid YAML"), "{err}");
}

#[test]
fn broken_json_is_reported_at_its_line() {
    let err = fails("{\"options\": {\n  \"DEFAULT\": }\n", "data.json");
    assert!(err.contains("data.json:2:14: error: not valid JSON"), "{err}");
}

#[test]
fn data_that_is_not_oslo_data_is_refused() {
    let err = fails("groups: []\n", "data.yaml");
    assert!(err.contains("there is no `options` mapping"), "{err}");
    let err = fails("", "data.yaml");
    assert!(err.contains("the file is empty"), "{err}");
    let err = fails("deprecated_options: {}\noptions: {DEFAULT: {help: '', opts: []}}\n", "data.yaml");
    assert!(err.contains("holds no options"), "{err}");
}

#[test]
fn wrong_value_types_name_the_option_and_line() {
    let err = fails(&data("debug", "my.ns", "boolean value", "      required: 'yes'\n"), "data.yaml");
    assert!(err.contains("options.DEFAULT.opts[0].required: `required` must be true or false, not text"), "{err}");
    assert!(err.contains("data.yaml:"), "{err}");
    let err = fails(&data("debug", "my.ns", "boolean value", "      help: [a, list]\n"), "data.yaml");
    assert!(err.contains("`help` must be text"), "{err}");
}

#[test]
fn an_option_without_a_name_is_refused() {
    let text = data("x", "my.ns", "string value", "").replace("    - name: x\n      dest: x\n", "    - dest: x\n");
    let err = fails(&text, "data.yaml");
    assert!(err.contains("an option needs `name`"), "{err}");
}

#[test]
fn a_default_that_does_not_fit_its_type_is_refused() {
    let err = fails(&data("workers", "my.ns", "integer value", "      default: many\n"), "data.yaml");
    assert!(
        err.contains(
            "data.yaml:26:16: error: options.DEFAULT.opts[0].default: default 'many' does not fit the integer option"
        ),
        "{err}"
    );
}

#[test]
fn a_namespace_cannot_write_outside_the_folder() {
    let err = fails(&data("x", "../../escape", "string value", ""), "data.yaml");
    assert!(err.contains("namespace \"../../escape\" cannot name a spec file"), "{err}");
}

#[test]
fn a_missing_data_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = import(&dir.path().join("nope.yaml"), &dir.path().join("specs"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.yaml: error: no such file or directory"));
}

/// Two namespaces; the second's spec file name is `second` + `.yaml`.
fn two_namespaces(second: &str) -> String {
    let one = data("workers", "a.first", "integer value", "");
    let two = data("threads", second, "integer value", "");
    let opts = |d: &str| d[d.find("    - name").unwrap()..d.find("    standard_opts").unwrap()].to_owned();
    format!("deprecated_options: {{}}\noptions:\n  DEFAULT:\n    help: ''\n    opts:\n{}{}    standard_opts: [threads, workers]\n", opts(&one), opts(&two))
}

#[test]
fn import_writes_every_spec_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.yaml");
    // Both specs are written when both can be.
    std::fs::write(&path, two_namespaces("b.second")).unwrap();
    let out = import(&path, &dir.path().join("good"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mut written: Vec<_> =
        std::fs::read_dir(dir.path().join("good")).unwrap().map(|e| e.unwrap().file_name()).collect();
    written.sort();
    assert_eq!(written, ["a.first.yaml", "b.second.yaml"]);

    // A second file name too long for the filesystem: the new folder is not even created.
    std::fs::write(&path, two_namespaces(&"b".repeat(300))).unwrap();
    let specs = dir.path().join("specs");
    let out = import(&path, &specs);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("file name is too long"), "{stderr}");
    assert!(!specs.exists(), "the output folder was created");

    // The second's path is a folder in an existing output folder: the first is not written.
    std::fs::write(&path, two_namespaces("b.second")).unwrap();
    std::fs::create_dir_all(specs.join("b.second.yaml")).unwrap();
    let out = import(&path, &specs);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("b.second.yaml: error: is a directory"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(&specs).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["b.second.yaml"], "nothing else written, no temporary left");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".confspec-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A symlink in the output folder, to a file outside it or dangling, is refused naming the
/// link: nothing is written through it or created where it points, and nothing else is written.
#[cfg(unix)]
#[test]
fn import_never_writes_through_a_link_out_of_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.yaml");
    std::fs::write(&path, two_namespaces("b.second")).unwrap();
    let (specs, outside) = (dir.path().join("specs"), dir.path().join("outside.yaml"));
    std::fs::create_dir(&specs).unwrap();
    std::fs::write(&outside, "mine\n").unwrap();
    for (link, to) in [("b.second.yaml", "../outside.yaml"), ("a.first.yaml", "../created.yaml")] {
        std::os::unix::fs::symlink(to, specs.join(link)).unwrap();
        let out = import(&path, &specs);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!("{link}: error: is a symlink (to `{to}`)")), "{stderr}");
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "mine\n");
        assert!(!dir.path().join("created.yaml").exists(), "created through a dangling link");
        for entry in std::fs::read_dir(&specs).unwrap() {
            let entry = entry.unwrap();
            assert!(entry.file_type().unwrap().is_symlink(), "{:?} written", entry.file_name());
        }
        std::fs::remove_file(specs.join(link)).unwrap();
    }
}

/// PyYAML writes text plain when YAML 1.1 reads it back as text, and YAML 1.1 has no `0o17`
/// octal, no float without a dot or with an unsigned exponent, no `-.5`: those are plain in
/// oslo's data, and numbers to a YAML 1.2 reader. The import reads them as PyYAML does, so
/// oslo's JSON and YAML data with integers of any size (tests/golden/bigint, oslo's own
/// output) import to the same spec, which writes oslo's sample and data again, byte for byte.
#[test]
fn big_integers_import_from_json_and_yaml_alike() {
    let dir = tempfile::tempdir().unwrap();
    let golden = crate::common::root().join("tests/golden/bigint");
    let imported = |format: &str| {
        let out_dir = dir.path().join(format);
        let out = import(&golden.join(format!("sample.{format}")), &out_dir);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let spec = out_dir.join("confspec.bigint.yaml");
        let text = std::fs::read_to_string(&spec).unwrap();
        (spec, text.split_once('\n').unwrap().1.to_owned())
    };
    let ((from_json, json_text), (_, yaml_text)) = (imported("json"), imported("yaml"));
    assert_eq!(json_text, yaml_text);
    for plain in [
        "max: 36893488147419103232\n",
        "- -1361129467683753853853498429727072845824\n",
        &format!("default: {}\n", "1".to_owned() + &"0".repeat(400)),
    ] {
        assert!(json_text.contains(plain), "{plain:?} in\n{json_text}");
    }
    for (format, file) in [("ini", "sample.ini"), ("json", "sample.json"), ("yaml", "sample.yaml")] {
        let out = confspec(&["generate", from_json.to_str().unwrap(), "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let want = std::fs::read_to_string(golden.join(file)).unwrap();
        assert!(String::from_utf8(out.stdout).unwrap() == want, "{file} differs");
    }
}

/// An integer of more digits than Python's int() reads (oslo could not have written it) is
/// refused where it is, from a spec and from JSON data.
#[test]
fn an_integer_past_4300_digits_is_refused_where_it_is() {
    let digits = "7".repeat(4301);
    let err = fails(&data("n", "my.ns", "integer value", &format!("      max: {digits}\n")), "data.yaml");
    assert!(err.contains("data.yaml:26:12: error: options.DEFAULT.opts[0].max: an integer of 4301 digits"), "{err}");
    let json = format!(
        r#"{{"deprecated_options": {{}}, "options": {{"DEFAULT": {{"help": "", "opts": [{{"name": "n", "namespace": "my.ns", "type": "integer value", "help": "h",
"default": -{digits}}}], "standard_opts": ["n"]}}}}}}"#
    );
    let err = fails(&json, "data.json");
    assert!(err.contains("data.json:2:12: error: options.DEFAULT.opts[0].default: an integer of 4301 digits"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(
        &spec,
        format!(
            "namespace: my.ns\ngroups:\n- name: DEFAULT\n  options:\n  - {{name: n, type: integer, min: {digits}}}\n"
        ),
    )
    .unwrap();
    let out = confspec(&["generate", spec.to_str().unwrap()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("spec.yaml:5:35: error: groups[0].options[0].min: an integer of 4301 digits: Python's int() reads at most 4300"), "{stderr}");
}

/// the YAML data and its JSON twin give the same spec, and the spec the values it had.
#[test]
fn yaml_1_1_strings_import_as_strings_like_their_json_twin() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(
        &spec,
        "namespace: my.ns\ngroups:\n- name: DEFAULT\n  options:\n  \
         - {name: octal, type: string, default: '0o17', help: h}\n  \
         - {name: exp, type: string, default: '1e5', choices: ['1e5', '1.5e3', '-.5', '12E3'], help: h}\n  \
         - {name: items, type: list, default: ['+.5', '1.0e5', '-0o7'], help: h}\n",
    )
    .unwrap();
    let generate = |format: &str| {
        let data = dir.path().join(format!("data.{format}"));
        let out = confspec(&["generate", spec.to_str().unwrap(), "--format", format, "-o", data.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        data
    };
    let (yaml, json) = (generate("yaml"), generate("json"));
    let text = std::fs::read_to_string(&yaml).unwrap();
    for plain in ["default: 0o17\n", "- - 1e5\n", "- - -.5\n", "- +.5\n"] {
        assert!(text.contains(plain), "PyYAML writes {plain:?} plain:\n{text}");
    }
    let imported = |data: &Path, folder: &str| {
        let out = import(data, &dir.path().join(folder));
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(dir.path().join(folder).join("my.ns.yaml")).unwrap();
        // The first line names the file the spec was imported from.
        text.split_once('\n').unwrap().1.to_owned()
    };
    let (from_yaml, from_json) = (imported(&yaml, "a"), imported(&json, "b"));
    assert_eq!(from_yaml, from_json);
    for quoted in ["default: '0o17'", "- '1e5'", "- '-.5'", "- '+.5'", "- '-0o7'"] {
        assert!(from_yaml.contains(quoted), "{quoted:?} is still text:\n{from_yaml}");
    }
    let sample = |s: &Path| confspec(&["generate", s.to_str().unwrap()]).stdout;
    assert_eq!(sample(&dir.path().join("a/my.ns.yaml")), sample(&spec));
}

/// One option entry as oslo's data writes it: `keys` replace the defaults of an optional
/// string option.
fn entry(name: &str, help: &str, keys: &[(&str, serde_yaml::Value)]) -> serde_yaml::Value {
    let mut opt: serde_yaml::Mapping = serde_yaml::from_str(&OPTION.replace("      ", "")).unwrap();
    for (k, v) in [("name", name), ("dest", &name.replace('-', "_")), ("help", help), ("namespace", "my.ns")] {
        opt.insert(k.into(), v.into());
    }
    opt.insert("type".into(), "string value".into());
    for (k, v) in keys {
        opt.insert((*k).into(), v.clone());
    }
    serde_yaml::Value::Mapping(opt)
}

#[test]
fn keystoneauth_plugin_options_listed_one_by_one_take_the_sets_doc_type_and_dashed_old_names() {
    // A namespace listing several auth plugins' options (nova's [cinder], neutron's [nova]):
    // oslo deduplicates them into a run that is no embedded set, so they cannot become an
    // include; each one oslo's data shows exactly as a keystoneauth option still takes what
    // the data drops: `unknown type` in the reference, the old name `user-name`.
    let old = |group: &str| serde_yaml::from_str(&format!("[{{group: {group}, name: user_name}}]")).unwrap();
    let group = |name: &str, opts: Vec<serde_yaml::Value>| {
        let names: Vec<serde_yaml::Value> = opts.iter().map(|o| o["name"].clone()).collect();
        let text = format!("help: ''\nstandard_opts: {}\n", serde_json::to_string(&names).unwrap());
        let mut g: serde_yaml::Mapping = serde_yaml::from_str(&text).unwrap();
        g.insert("opts".into(), serde_yaml::Value::Sequence(opts));
        (name.to_owned(), g)
    };
    let placement = group(
        "placement",
        vec![
            entry("region", "Region of the service", &[]),
            entry("auth-url", "Authentication URL", &[("required", true.into())]),
            entry("username", "User's username", &[("deprecated_opts", old("placement"))]),
        ],
    );
    // The same `username` in a group without keystoneauth's `auth-url`: no sign of keystoneauth
    // (tests/specs/more.yaml has a `project-id` and a `tenant-id` like keystoneauth's, but
    // StrOpts).
    let other = group("other", vec![entry("username", "User's username", &[("deprecated_opts", old("other"))])]);
    let mut options = serde_yaml::Mapping::new();
    for (name, g) in [placement, other] {
        options.insert(name.into(), serde_yaml::Value::Mapping(g));
    }
    let mut root = serde_yaml::Mapping::new();
    root.insert("deprecated_options".into(), serde_yaml::from_str("{placement: [{name: user_name, replacement_group: placement, replacement_name: username}], other: [{name: user_name, replacement_group: other, replacement_name: username}]}").unwrap());
    root.insert("options".into(), serde_yaml::Value::Mapping(options.clone()));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.yaml");
    std::fs::write(&path, serde_yaml::to_string(&root).unwrap()).unwrap();
    let out = import(&path, &dir.path().join("specs"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let spec_path = dir.path().join("specs/my.ns.yaml");
    let spec: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(&spec_path).unwrap()).unwrap();
    let option = |group: usize, i: usize| spec["groups"][group]["options"][i].clone();
    let (region, auth_url, username, plain) = (option(0, 0), option(0, 1), option(0, 2), option(1, 0));
    assert_eq!(auth_url["doc_type"], "unknown type", "{auth_url:?}");
    assert_eq!(username["doc_type"], "unknown type", "{username:?}");
    assert_eq!(username["deprecated_opts"], serde_yaml::from_str::<serde_yaml::Value>("[{name: user-name}]").unwrap());
    assert!(region.get("doc_type").is_none(), "{region:?}");
    assert!(plain.get("doc_type").is_none(), "{plain:?}");

    // The data is what it was; the reference shows what oslo's Sphinx extension shows.
    let spec = spec_path.to_str().unwrap();
    let json = crate::common::stdout_of(&["generate", spec, "--format", "json"]);
    let json: serde_yaml::Value = serde_json::from_str(&json).unwrap();
    for group in ["placement", "other"] {
        assert_eq!(json["options"][group]["opts"], options[group]["opts"], "{group}");
    }
    let rst = crate::common::stdout_of(&["generate", spec, "--format", "rst"]);
    assert!(rst.contains(".. oslo.config:option:: auth_url\n\n  :Type: unknown type\n"), "{rst}");
    assert!(rst.contains(".. oslo.config:option:: region\n\n  :Type: string\n"), "{rst}");
    assert_eq!(rst.matches("user-name").count(), 1, "{rst}");
}
