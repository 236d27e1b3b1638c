//! Helpers shared by the integration tests: the binary, the repository's files, a builder for
//! runs of the binary, and the facts the harness adds to imported specs.

pub mod html_page;
pub mod large_spec;

use serde_yaml::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test (a debug build made by `cargo test`).
pub const BIN: &str = env!("CARGO_BIN_EXE_confspec");

/// The checkout: specs, fixtures and goldens are read from here.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// tests/fixtures, made by scripts/harness/make-fixtures.sh.
pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// A file of a golden set (tests/golden/<set>/<file>, made by scripts/oracle/make-golden.sh).
pub fn golden(set: &str, file: &str) -> String {
    let path = root().join("tests/golden").join(set).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Where confspec's output first differs from the oracle's: the line, both ways (of a long
/// line, such as JSON data's one, the 80 characters from a little before the first difference).
pub fn first_difference(want: &[u8], got: &[u8]) -> String {
    let (want, got) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            let (wc, gc): (Vec<char>, Vec<char>) = (w.chars().collect(), g.chars().collect());
            if wc.len().max(gc.len()) <= 200 {
                return format!("line {}:\n  oracle:   {w:?}\n  confspec: {g:?}", i + 1);
            }
            let at = wc.iter().zip(&gc).take_while(|(a, b)| a == b).count();
            let start = at.saturating_sub(20);
            let part = |c: &[char]| c[start.min(c.len())..(start + 80).min(c.len())].iter().collect::<String>();
            return format!(
                "line {}, column {}:\n  oracle:   ...{:?}\n  confspec: ...{:?}",
                i + 1,
                at + 1,
                part(&wc),
                part(&gc)
            );
        }
    }
    format!("lengths differ: oracle {} lines, confspec {}", want.lines().count(), got.lines().count())
}

/// Runs `confspec args` and returns what it did, whatever its exit code.
pub fn confspec<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Run::new(args).output()
}

/// Stdout of `confspec args`, which must exit 0.
pub fn stdout_of<S: AsRef<OsStr>>(args: &[S]) -> String {
    Run::new(args).ok_text()
}

/// A run of the binary with the few things tests change: the folder and the environment.
pub struct Run {
    command: Command,
    args: Vec<String>,
}

impl Run {
    pub fn new<I, S>(args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = Command::new(BIN);
        let mut shown = Vec::new();
        for arg in args {
            shown.push(arg.as_ref().to_string_lossy().into_owned());
            command.arg(arg);
        }
        Run { command, args: shown }
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Run {
        self.command.current_dir(dir);
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Run {
        self.command.env(key, value);
        self
    }

    /// Only the variables given with `env` (the process starts with an empty environment).
    pub fn env_clear(mut self) -> Run {
        self.command.env_clear();
        self
    }

    /// The exit code, stdout and stderr, whatever the exit code.
    pub fn output(mut self) -> Output {
        self.command.output().unwrap_or_else(|e| panic!("{BIN}: {e}"))
    }

    /// Stdout of a run that must exit 0 (the message shows the command and its stderr).
    pub fn ok(self) -> Vec<u8> {
        let args = self.args.clone();
        let out = self.output();
        assert_eq!(out.status.code(), Some(0), "confspec {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }

    /// Stdout of a run that must exit 0, as text (which must be UTF-8).
    pub fn ok_text(self) -> String {
        String::from_utf8(self.ok()).unwrap()
    }
}

/// The generator flags of each oslo output the harnesses compare with confspec's, by the file
/// name scripts/harness and scripts/services give it.
pub const VARIANTS: &[(&str, &[&str])] = &[
    ("sample.ini", &[]),
    ("sample.w79.ini", &["--wrap-width", "79"]),
    ("sample.summarize.ini", &["--summarize"]),
    ("sample.minimal.ini", &["--minimal"]),
    ("sample.rst", &["--format", "rst"]),
    ("data.json", &["--format", "json"]),
    ("data.yaml", &["--format", "yaml"]),
];

/// `value` with every list sorted (by its items' YAML), at every depth: data that differs
/// only in the order of its lists (the namespaces' order inside a group, docs/compatibility.md)
/// reads the same.
pub fn sorted_lists(value: Value) -> Value {
    match value {
        Value::Sequence(items) => {
            let mut items: Vec<Value> = items.into_iter().map(sorted_lists).collect();
            items.sort_by_cached_key(|i| serde_yaml::to_string(i).unwrap());
            Value::Sequence(items)
        }
        Value::Mapping(m) => Value::Mapping(m.into_iter().map(|(k, v)| (k, sorted_lists(v))).collect()),
        other => other,
    }
}

/// Something an oslo output shows that the machine-readable data does not record, added to
/// the imported spec: `key: value` on an option (or on the group when `option` is empty).
pub struct Overlay {
    pub namespace: &'static str,
    pub group: &'static str,
    pub option: &'static str,
    pub key: &'static str,
    pub value: &'static str,
}

pub const OVERLAYS: &[Overlay] = &[
    // An old name equal to the option's own: the data writes name-less ones the same way.
    Overlay {
        namespace: "confspec.more",
        group: "auth",
        option: "region",
        key: "deprecated_opts",
        value: "[{name: region, group: auth}]",
    },
    // A list's bounds and a custom type's own formatting (`import --sample` recovers both).
    Overlay { namespace: "confspec.more", group: "auth", option: "bounded", key: "bounds", value: "true" },
    Overlay {
        namespace: "confspec.more",
        group: "auth",
        option: "policy",
        key: "default_text",
        value: "'{\"points\": 3, \"span\": \"1h\"}'",
    },
    // An old name spelled with `-`: the data keeps only its `_` twin.
    Overlay {
        namespace: "confspec.more",
        group: "auth",
        option: "project-id",
        key: "deprecated_opts",
        value: "[{name: tenant-id}]",
    },
    // keystoneauth's plugin options are `Opt(type=str)`: the data says "string value", the
    // Sphinx extension "unknown type".
    Overlay {
        namespace: "castellan.config",
        group: "barbican_service_user",
        option: "auth_type",
        key: "doc_type",
        value: "unknown type",
    },
    Overlay {
        namespace: "castellan.config",
        group: "barbican_service_user",
        option: "auth_section",
        key: "doc_type",
        value: "unknown type",
    },
    Overlay {
        namespace: "keystonemiddleware.auth_token",
        group: "keystone_authtoken",
        option: "auth_type",
        key: "doc_type",
        value: "unknown type",
    },
    Overlay {
        namespace: "keystonemiddleware.auth_token",
        group: "keystone_authtoken",
        option: "auth_section",
        key: "doc_type",
        value: "unknown type",
    },
    // oslo.config's own option classes for config files and folders.
    Overlay {
        namespace: "oslo.config",
        group: "DEFAULT",
        option: "config-file",
        key: "doc_type",
        value: "list of filenames",
    },
    Overlay {
        namespace: "oslo.config",
        group: "DEFAULT",
        option: "config-dir",
        key: "doc_type",
        value: "list of directory names",
    },
    // Aliases spelled with `-` are left out of the data (their `_` twins stay).
    Overlay {
        namespace: "oslo.log",
        group: "DEFAULT",
        option: "log-config-append",
        key: "deprecated_opts",
        value: "[{name: log-config}]",
    },
    Overlay {
        namespace: "confspec.features",
        group: "DEFAULT",
        option: "both",
        key: "deprecated_opts",
        value: "[{name: old-both, group: legacy}]",
    },
    Overlay {
        namespace: "confspec.features",
        group: "DEFAULT",
        option: "many",
        key: "deprecated_opts",
        value: "[{name: one, group: g1}, {name: two-x}, {group: g3}]",
    },
    // `Opt(type=int)`: "integer value" in the data, "unknown type" in the docs.
    Overlay {
        namespace: "confspec.features",
        group: "DEFAULT",
        option: "plain_int",
        key: "doc_type",
        value: "unknown type",
    },
    // Type parameters the data does not record: a sample maximum, a bounded list.
    Overlay {
        namespace: "confspec.features",
        group: "DEFAULT",
        option: "shown_bounds",
        key: "sample_max",
        value: "the number of CPUs",
    },
    Overlay { namespace: "confspec.features", group: "DEFAULT", option: "bounded_list", key: "bounds", value: "true" },
    // The data sorts a dict default's keys; the docs print it in the order it was written.
    Overlay {
        namespace: "confspec.features",
        group: "DEFAULT",
        option: "mapping",
        key: "default",
        value: "{b: '2', a: '1', c: three}",
    },
    // Groups without options are left out of the data.
    Overlay {
        namespace: "confspec.features",
        group: "empty",
        option: "",
        key: "help",
        value: "An empty group is left out.",
    },
];

pub fn apply_overlays(namespace: &str, spec: &str) -> String {
    let mut doc: Value = serde_yaml::from_str(spec).unwrap();
    for o in OVERLAYS.iter().filter(|o| o.namespace == namespace) {
        let groups = doc.get_mut("groups").and_then(Value::as_sequence_mut).unwrap();
        if !groups.iter().any(|g| g.get("name").and_then(Value::as_str) == Some(o.group)) {
            if !o.option.is_empty() {
                // Another spec of that namespace (the embedded glance spec is nova.conf's
                // [glance] only): the overlay is not for it.
                continue;
            }
            groups.push(serde_yaml::from_str(&format!("{{name: {}, options: []}}", o.group)).unwrap());
        }
        let group = groups.iter_mut().find(|g| g.get("name").and_then(Value::as_str) == Some(o.group)).unwrap();
        let target = if o.option.is_empty() {
            group
        } else {
            let options = group.get_mut("options").and_then(Value::as_sequence_mut).unwrap();
            // An option import folded into an include of an embedded set: the set says it.
            let included = options.iter().any(|opt| opt.get("include").is_some());
            match options.iter_mut().find(|opt| opt.get("name").and_then(Value::as_str) == Some(o.option)) {
                Some(option) => option,
                None if included => continue,
                None => panic!("{namespace}: no option {} in [{}]", o.option, o.group),
            }
        };
        target.as_mapping_mut().unwrap().insert(o.key.into(), serde_yaml::from_str(o.value).unwrap());
    }
    serde_yaml::to_string(&doc).unwrap()
}

impl Overlay {
    /// Whether only the reference docs (rst) show what this overlay adds: not worded bounds,
    /// a list's bounds, nor an old name equal to the option's own (the sample lists it).
    pub fn rst_only(&self) -> bool {
        match self.key {
            "sample_max" | "bounds" => false,
            "deprecated_opts" => {
                let old: Value = serde_yaml::from_str(self.value).unwrap();
                !old.as_sequence().unwrap().iter().any(|d| d.get("name").and_then(Value::as_str) == Some(self.option))
            }
            _ => true,
        }
    }
}
