//! Helpers shared by the integration tests.
#![allow(dead_code)]

use serde_yaml::Value;

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
            groups.push(serde_yaml::from_str(&format!("{{name: {}, options: []}}", o.group)).unwrap());
        }
        let group = groups.iter_mut().find(|g| g.get("name").and_then(Value::as_str) == Some(o.group)).unwrap();
        let target = if o.option.is_empty() {
            group
        } else {
            let options = group.get_mut("options").and_then(Value::as_sequence_mut).unwrap();
            options
                .iter_mut()
                .find(|opt| opt.get("name").and_then(Value::as_str) == Some(o.option))
                .unwrap_or_else(|| panic!("{namespace}: no option {} in [{}]", o.option, o.group))
        };
        target.as_mapping_mut().unwrap().insert(o.key.into(), serde_yaml::from_str(o.value).unwrap());
    }
    serde_yaml::to_string(&doc).unwrap()
}

impl Overlay {
    /// Whether only the reference docs (rst) show what this overlay adds.
    pub fn rst_only(&self) -> bool {
        !matches!(self.key, "sample_max" | "bounds")
    }
}
