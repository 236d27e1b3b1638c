//! The reStructuredText reference (`--format rst`): what `oslo-config-generator --format rst`
//! prints through oslo's Sphinx extension (`sphinxext._format_option_help`), byte for byte.
//!
//! As for the INI sample, the texts are computed once (`DocOption`); the templates lay them out
//! when a user overrides them, `write_native` otherwise (same bytes, tested).
//!
//! Unlike the INI sample, this output follows the Python option classes: the type shown is the
//! class's description ("port number", "list"), and defaults are printed with the generator's
//! best-effort `str()` ("True", "['a', 'b']"). Groups come sorted by name, empty groups
//! included; options keep their spec order.

use super::engine::Layout;
use super::Engine;
use crate::diag::Result;
use crate::oslo::format::{choice_text, quote_spaces, NONE_DEFAULT};
use crate::oslo::lines;
use crate::oslo::percent;
use crate::oslo::pychar::is_py_space;
use crate::oslo::pyvalue::PyValue;
use crate::oslo::textwrap::splitlines;
use crate::spec::model::{Catalog, Group, Opt, TypeKind};
use serde::ser::{Serialize, SerializeStruct, Serializer};

pub fn render(engine: &Engine, catalog: &Catalog) -> Result<String> {
    engine.render_layout(&Reference::new(catalog)?).map(joined)
}

/// Through the handlebars templates, whatever they are.
pub fn render_with_templates(engine: &Engine, catalog: &Catalog) -> Result<String> {
    engine.render_templates(&Reference::new(catalog)?).map(joined)
}

/// What the embedded rst.hbs and rst-option.hbs write, without the template engine.
pub fn write_native(catalog: &Catalog) -> Result<String> {
    Ok(joined(Reference::new(catalog)?.write_native()))
}

/// The layout ends every line with a newline; oslo joins its lines with one, so the last
/// newline is not there.
fn joined(mut text: String) -> String {
    text.pop();
    text
}

/// The reference's context, what `rst.hbs` renders: the groups, merged across specs and
/// sorted, each with its options (`DocOption`, the context of `rst-option.hbs`, computed as
/// it is written or serialised).
pub struct Reference<'a> {
    sections: Vec<(String, Option<&'a Group>, Vec<&'a Opt>)>,
}

impl<'a> Reference<'a> {
    /// The reference of `catalog`, once its help texts are known to format to a size it may
    /// hold (`check_formatted_helps`).
    pub fn new(catalog: &'a Catalog) -> Result<Self> {
        check_formatted_helps(catalog)?;
        Ok(Reference { sections: sections(catalog) })
    }
}

/// What `%` may make of a catalog's help texts in all, beyond 4 bytes per byte of them.
const FORMATTED_HELP_FLOOR: u64 = 1 << 20;

/// oslo's Sphinx extension formats each help with `%`, which pads `%(default)999999s` to
/// 999,999 columns: 18 bytes of help become a megabyte, and a help that repeats it gigabytes.
/// confspec writes the same bytes while the formatted helps stay within 1 MiB plus 4 times the
/// helps' own length, and refuses the catalog otherwise, naming the option that passes it.
fn check_formatted_helps(catalog: &Catalog) -> Result<()> {
    let helps = || {
        catalog.specs.iter().flat_map(|spec| {
            spec.groups
                .iter()
                .flat_map(move |g| g.options.iter().filter_map(move |o| o.help.as_deref().map(|h| (spec, g, o, h))))
        })
    };
    let raw: u64 = helps().map(|(_, _, _, h)| h.len() as u64).sum();
    let most = FORMATTED_HELP_FLOOR.saturating_add(raw.saturating_mul(4));
    let mut total = 0u64;
    for (spec, group, opt, help) in helps() {
        let len = percent::formatted_len(help).unwrap_or(help.len() as u64);
        total = total.saturating_add(len);
        if total > most {
            return Err(crate::diag::Error::Input(vec![crate::diag::Diagnostic::error(
                &spec.origin,
                format!(
                    "option `{}` of group `{}`: its help becomes {len} bytes when `%` formats it as oslo's \
                     Sphinx extension does (padding each `%(default)Ns` to N columns), more than the reference \
                     may hold ({most} bytes for this catalog: 1 MiB plus 4 per byte of help text)",
                    opt.dest, group.name
                ),
            )]));
        }
    }
    Ok(())
}

impl Serialize for Reference<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        struct Section<'r, 'a>(&'r (String, Option<&'a Group>, Vec<&'a Opt>));
        impl Serialize for Section<'_, '_> {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                let (name, decl, opts) = self.0;
                let mut st = s.serialize_struct("Group", 3)?;
                st.serialize_field("name", name)?;
                st.serialize_field("has_help", &group_has_help(*decl))?;
                st.serialize_field(
                    "help_lines",
                    &decl.and_then(|g| g.help.as_deref()).map(help_lines).unwrap_or_default(),
                )?;
                let options: Vec<DocOption> = opts.iter().map(|o| DocOption::new(o, name)).collect();
                st.serialize_field("options", &options)?;
                st.end()
            }
        }
        let mut st = s.serialize_struct("Reference", 1)?;
        st.serialize_field("groups", &self.sections.iter().map(Section).collect::<Vec<_>>())?;
        st.end()
    }
}

/// Groups merged across specs by name and sorted; the description is the first spec's.
fn sections(catalog: &Catalog) -> Vec<(String, Option<&Group>, Vec<&Opt>)> {
    let mut sections: Vec<(String, Option<&Group>, Vec<&Opt>)> = Vec::new();
    for spec in &catalog.specs {
        for group in &spec.groups {
            let i = match sections.iter().position(|(name, _, _)| *name == group.name) {
                Some(i) => i,
                None => {
                    sections.push((group.name.clone(), Some(group), Vec::new()));
                    sections.len() - 1
                }
            };
            let opts = &mut sections[i].2;
            // Within one namespace an option declared again replaces the first (oslo's
            // `_cleanup_opts`); across namespaces both stay.
            for opt in &group.options {
                opts.push(opt);
            }
        }
    }
    sections.sort_by(|a, b| a.0.cmp(&b.0));
    sections
}

/// Whether the extension writes a group's help block (`if group_obj.help:`): a help of blanks
/// writes it with no lines, and so a blank line more.
fn group_has_help(decl: Option<&Group>) -> bool {
    decl.and_then(|g| g.help.as_deref()).is_some_and(|h| !h.is_empty())
}

/// `text.strip().splitlines()`, each line right-stripped.
fn help_lines(text: &str) -> Vec<String> {
    splitlines(text.trim_matches(is_py_space)).into_iter().map(|l| l.trim_end_matches(is_py_space).to_owned()).collect()
}

/// The `:Type:` text: the option class's description, else the type's name.
pub fn doc_type(opt: &Opt) -> String {
    if let Some(t) = &opt.doc_type {
        return t.clone();
    }
    // Types without an option class of their own in oslo's table show the type's name.
    opt.ty.kind.def().doc_name.map_or_else(|| opt.ty.type_name.to_string(), str::to_owned)
}

/// The generator's best-effort `_format_defaults`: `str()` of the value for every option
/// class but multi-valued ones, which print one default per value.
pub fn doc_defaults(opt: &Opt) -> Vec<String> {
    let sample = opt.sample_default.as_ref().filter(|s| !s.is_none());
    let values: Vec<String> = if matches!(opt.ty.kind, TypeKind::MultiString) {
        let each = |v: &PyValue| -> Vec<String> {
            match v {
                PyValue::List(items) => items.iter().map(PyValue::py_str).collect(),
                PyValue::Str(s) => s.chars().map(String::from).collect(),
                PyValue::Dict(items) => items.iter().map(|(k, _)| k.clone()).collect(),
                other => vec![other.py_str()],
            }
        };
        match sample {
            Some(s) => each(s),
            None if !opt.default.is_truthy() => vec![String::new()],
            None => each(&opt.default),
        }
    } else {
        vec![match sample {
            Some(s) => s.py_str(),
            None if opt.default.is_none() => NONE_DEFAULT.to_owned(),
            None => opt.default.py_str(),
        }]
    };
    values.into_iter().map(quote_spaces).collect()
}

/// Every text the Sphinx extension shows for one option.
struct DocOption<'a> {
    opt: &'a Opt,
    type_: String,
    defaults: Vec<String>,
    min: Option<String>,
    max: Option<String>,
    valid_values: Option<String>,
    has_sample_default: bool,
    /// `None` when the help is empty or missing: the extension writes no help block then
    /// (`if help_text:`); a help of blanks writes the block with no lines.
    help_lines: Option<Vec<String>>,
    /// (text, description), only when some choice has a description.
    choices: Vec<(String, &'a str)>,
    deprecated: Vec<(&'a str, &'a str)>,
    since: Option<&'a str>,
    reason: Option<String>,
}

impl<'a> DocOption<'a> {
    fn new(opt: &'a Opt, group: &'a str) -> Self {
        let (min, max) = match &opt.ty.kind {
            TypeKind::Range { min, max, .. } => {
                (min.as_ref().map(|m| m.to_string()), max.as_ref().map(|m| m.to_string()))
            }
            TypeKind::Port { min, max, .. } => (Some(min.to_string()), Some(max.to_string())),
            TypeKind::Integer { min, max, .. } | TypeKind::Float { min, max } | TypeKind::Custom { min, max, .. } => {
                (min.as_ref().map(|m| m.py_str()), max.as_ref().map(|m| m.py_str()))
            }
            _ => (None, None),
        };
        let all = opt.ty.kind.choices().unwrap_or_default();
        let valid_values =
            (!all.is_empty()).then(|| all.iter().map(|c| choice_text(&c.value)).collect::<Vec<_>>().join(", "));
        let choices = if all.iter().any(|c| c.description.is_some()) {
            all.iter()
                .map(|c| {
                    (
                        choice_text(&c.value),
                        c.description.as_deref().filter(|d| !d.is_empty()).unwrap_or("<No description provided>"),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        let help = opt.help.as_deref().map(|h| percent::format_help(h).unwrap_or_else(|| h.to_owned()));
        let reason = opt
            .deprecated_reason
            .as_deref()
            .filter(|r| !r.is_empty())
            .map(|r| splitlines(r).into_iter().map(|l| l.trim_matches(is_py_space)).collect::<Vec<_>>().join(" "));
        DocOption {
            opt,
            type_: doc_type(opt),
            defaults: doc_defaults(opt),
            min,
            max,
            valid_values,
            has_sample_default: opt.sample_default.as_ref().is_some_and(|s| s.is_truthy()),
            help_lines: help.as_deref().filter(|h| !h.is_empty()).map(help_lines),
            choices,
            deprecated: opt
                .deprecated_opts
                .iter()
                .map(|d| (d.group.as_deref().unwrap_or(group), d.name.as_deref().unwrap_or(&opt.dest)))
                .collect(),
            since: opt.deprecated_since.as_deref().filter(|s| !s.is_empty()),
            reason,
        }
    }
}

impl Serialize for DocOption<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Choice<'c> {
            text: &'c str,
            description: &'c str,
        }
        #[derive(serde::Serialize)]
        struct OldName<'c> {
            group: &'c str,
            name: &'c str,
        }
        let mut st = s.serialize_struct("Option", 16)?;
        st.serialize_field("name", &self.opt.name)?;
        st.serialize_field("dest", &self.opt.dest)?;
        st.serialize_field("type", &self.type_)?;
        st.serialize_field("defaults", &self.defaults)?;
        st.serialize_field("min", &self.min)?;
        st.serialize_field("max", &self.max)?;
        st.serialize_field("valid_values", &self.valid_values)?;
        st.serialize_field("mutable", &self.opt.mutable)?;
        st.serialize_field("advanced", &self.opt.advanced)?;
        st.serialize_field("has_sample_default", &self.has_sample_default)?;
        st.serialize_field("has_help", &self.help_lines.is_some())?;
        st.serialize_field("help_lines", &self.help_lines)?;
        let choices: Vec<Choice> =
            self.choices.iter().map(|(text, description)| Choice { text, description }).collect();
        st.serialize_field("choices", &choices)?;
        let old: Vec<OldName> = self.deprecated.iter().map(|(group, name)| OldName { group, name }).collect();
        st.serialize_field("deprecated_names", &old)?;
        st.serialize_field("deprecated_for_removal", &self.opt.deprecated_for_removal)?;
        st.serialize_field("deprecated_since", &self.since)?;
        st.serialize_field("deprecated_reason", &self.reason)?;
        st.end()
    }
}

impl Layout for Reference<'_> {
    const TEMPLATES: &'static [&'static str] = &["rst.hbs", "rst-option.hbs"];

    fn write_native(&self) -> String {
        write_sections(&self.sections)
    }
}

fn write_sections(sections: &[(String, Option<&Group>, Vec<&Opt>)]) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let line = |out: &mut String, n: usize, text: &str| {
        out.push_str(&lines::indent(text, n));
        out.push('\n');
    };
    for (name, decl, opts) in sections {
        out.push_str(".. oslo.config:group:: ");
        out.push_str(name);
        out.push_str("\n\n");
        if group_has_help(*decl) {
            let help = decl.and_then(|g| g.help.as_deref()).map(help_lines).unwrap_or_default();
            for l in &help {
                line(&mut out, 2, l);
            }
            out.push('\n');
        }
        for opt in opts {
            let d = DocOption::new(opt, name);
            out.push_str(".. oslo.config:option:: ");
            out.push_str(&opt.dest);
            out.push_str("\n\n");
            line(&mut out, 2, &format!(":Type: {}", d.type_));
            for default in &d.defaults {
                if default.is_empty() {
                    line(&mut out, 2, ":Default: ``''``");
                } else {
                    line(&mut out, 2, &format!(":Default: ``{default}``"));
                }
            }
            for (label, value) in
                [("Minimum Value", &d.min), ("Maximum Value", &d.max), ("Valid Values", &d.valid_values)]
            {
                if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                    line(&mut out, 2, &format!(":{label}: {value}"));
                }
            }
            if opt.mutable {
                out.push_str("  :Mutable: This option can be changed without restarting.\n");
            }
            if opt.advanced {
                out.push_str("  :Advanced Option: Intended for advanced users and not used\n      by the majority of users, and might have a significant\n      effect on stability and/or performance.\n");
            }
            if d.has_sample_default {
                out.push_str("\n  This option has a sample default set, which means that\n  its actual default value may vary from the one documented\n  above.\n");
            }
            if let Some(help) = &d.help_lines {
                out.push('\n');
                for l in help {
                    line(&mut out, 2, l);
                }
            }
            if !d.choices.is_empty() {
                out.push_str("\n  .. rubric:: Possible values\n");
                for (text, description) in &d.choices {
                    out.push('\n');
                    line(&mut out, 2, text);
                    line(&mut out, 2, &lines::indent(description, 2));
                }
            }
            if !d.deprecated.is_empty() {
                out.push_str("\n  .. list-table:: Deprecated Variations\n     :header-rows: 1\n\n     - * Group\n       * Name\n");
                for (group, name) in &d.deprecated {
                    line(&mut out, 2, &format!("   - * {group}"));
                    line(&mut out, 2, &format!("     * {name}"));
                }
            }
            if opt.deprecated_for_removal {
                out.push_str("\n  .. warning::\n");
                match d.since {
                    Some(since) => {
                        line(&mut out, 2, &format!("   This option is deprecated for removal since {since}."))
                    }
                    None => out.push_str("     This option is deprecated for removal.\n"),
                }
                out.push_str("     Its value may be silently ignored \n     in the future.\n");
                if let Some(reason) = &d.reason {
                    out.push('\n');
                    line(&mut out, 2, &format!("   :Reason: {reason}"));
                }
            }
            out.push('\n');
        }
    }
    out
}
