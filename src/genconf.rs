//! oslo-config-generator's own config files (`--config-file`), such as nova's
//! `etc/nova/nova-config-generator.conf`: which namespaces to render, and how.

use crate::diag::{Diagnostic, Error, Result};
use crate::ini;
use crate::oslo::pynum::py_int;
use crate::oslo::types::parse_bool;
use std::path::Path;

/// The settings a generator config file holds; `None` where it is silent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratorConf {
    pub namespaces: Vec<String>,
    pub wrap_width: Option<usize>,
    pub summarize: Option<bool>,
    pub minimal: Option<bool>,
    pub format: Option<String>,
    pub output_file: Option<String>,
}

/// The keys read from `[DEFAULT]`: oslo reads each option by its dest (`format_`,
/// `output_file`, `wrap_width`); `format` is accepted too, since it is the option's name.
const KEYS: &[&str] = &["namespace", "wrap_width", "summarize", "minimal", "format_", "format", "output_file"];

/// A namespace is an entry-point name, never a path: it becomes `<spec-dir>/<namespace>.yaml`.
pub fn valid_namespace(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains("..")
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

pub fn read(path: &Path) -> Result<GeneratorConf> {
    let name = path.display().to_string();
    let text = crate::spec::load::read_text(path)?;
    parse(&name, &text)
}

pub fn parse(name: &str, text: &str) -> Result<GeneratorConf> {
    let doc = ini::parse(text);
    let mut problems: Vec<Diagnostic> =
        doc.errors.iter().map(|e| Diagnostic::error(name, e.message.clone()).at(e.line, None)).collect();
    let mut conf = GeneratorConf::default();
    for entry in doc.entries.iter().filter(|e| e.section == "DEFAULT") {
        let bad = |message: String| Diagnostic::error(name, message).at(entry.line, None);
        let value = entry.value.as_str();
        match entry.key.as_str() {
            "namespace" if valid_namespace(value) => conf.namespaces.push(value.to_owned()),
            "namespace" => problems.push(bad(format!(
                "namespace {value:?} is not a namespace name (letters, digits, `.`, `_` and `-`, not starting with `.`)"
            ))),
            "wrap_width" => match py_int(value).ok().and_then(|w| w.to_i128()).and_then(|w| usize::try_from(w).ok()) {
                Some(w) => conf.wrap_width = Some(w),
                None => problems
                    .push(bad(format!("wrap_width must be a whole number of columns, 0 or more, not {value:?}"))),
            },
            key @ ("summarize" | "minimal") => match parse_bool(value) {
                Some(b) if key == "summarize" => conf.summarize = Some(b),
                Some(b) => conf.minimal = Some(b),
                None => problems.push(bad(format!("{key} must be true or false, not {value:?}"))),
            },
            "format_" | "format" => conf.format = Some(value.to_owned()),
            "output_file" => conf.output_file = Some(value.to_owned()).filter(|v| !v.is_empty()),
            other => {
                let hint = match crate::suggest::closest(&other.replace('-', "_"), KEYS.iter().copied()) {
                    Some(best) => format!("; did you mean `{best}`?"),
                    None => format!(" (it reads {})", KEYS.join(", ")),
                };
                problems.push(bad(format!("unknown generator option `{other}`{hint}")));
            }
        }
    }
    if problems.is_empty() {
        Ok(conf)
    } else {
        Err(Error::Input(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_novas_generator_file() {
        let text = "[DEFAULT]\noutput_file = etc/nova/nova.conf.sample\nwrap_width = 80\nsummarize = true\nnamespace = nova.conf\nnamespace = oslo.log\n";
        let conf = parse("gen.conf", text).unwrap();
        assert_eq!(conf.namespaces, vec!["nova.conf", "oslo.log"]);
        assert_eq!(conf.wrap_width, Some(80));
        assert_eq!(conf.summarize, Some(true));
        assert_eq!(conf.output_file.as_deref(), Some("etc/nova/nova.conf.sample"));
    }

    #[test]
    fn bad_values_and_keys_name_their_line() {
        let err = parse("gen.conf", "[DEFAULT]\nwrap_width = wide\nsumarize = yes\n").unwrap_err().to_string();
        assert!(err.contains("gen.conf:2: error: wrap_width must be"), "{err}");
        assert!(
            err.contains("gen.conf:3: error: unknown generator option `sumarize`; did you mean `summarize`?"),
            "{err}"
        );
    }

    #[test]
    fn a_namespace_is_a_name_never_a_path() {
        for good in ["nova.conf", "oslo.log", "keystonemiddleware.auth_token", "a-b_c.9"] {
            assert_eq!(parse("gen.conf", &format!("[DEFAULT]\nnamespace = {good}\n")).unwrap().namespaces, vec![good]);
        }
        for bad in ["../../etc/x", "/etc/passwd", ".hidden", "a..b", "a/b", "a\\b", "a b", "x\u{1b}[31m", ""] {
            let err =
                parse("gen.conf", &format!("[DEFAULT]\nwrap_width = 80\nnamespace = {bad}\n")).unwrap_err().to_string();
            assert!(err.starts_with("gen.conf:3: error: namespace "), "{bad:?}: {err}");
            assert!(err.contains("is not a namespace name"), "{bad:?}: {err}");
        }
    }
}
