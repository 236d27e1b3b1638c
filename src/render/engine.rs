//! The template engine: embedded templates, user overrides, helpers, one registry per output.

use super::helpers;
use crate::diag::{Error, Result};
use handlebars::Handlebars;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

/// Every template confspec ships, by file name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("ini.hbs", include_str!("../../templates/ini.hbs")),
    ("ini-option.hbs", include_str!("../../templates/ini-option.hbs")),
    ("rst.hbs", include_str!("../../templates/rst.hbs")),
    ("rst-option.hbs", include_str!("../../templates/rst-option.hbs")),
    ("markdown.hbs", include_str!("../../templates/markdown.hbs")),
    ("markdown-option.hbs", include_str!("../../templates/markdown-option.hbs")),
    ("html.hbs", include_str!("../../templates/html.hbs")),
    ("deprecations-markdown.hbs", include_str!("../../templates/deprecations-markdown.hbs")),
    ("deprecations-rst.hbs", include_str!("../../templates/deprecations-rst.hbs")),
    ("deprecations-csv.hbs", include_str!("../../templates/deprecations-csv.hbs")),
    ("diff-markdown.hbs", include_str!("../../templates/diff-markdown.hbs")),
];

/// How rendered values are escaped: not at all for text formats, HTML escaping for HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    None,
    Html,
}

pub struct Engine {
    overrides: Option<PathBuf>,
    escape: Escape,
    /// The templates replaced by files of the override folder.
    overridden: Vec<&'static str>,
    /// Compiled on first use: renderers with a native writer never need it.
    registry: OnceCell<Handlebars<'static>>,
}

impl Engine {
    /// The embedded templates, each replaced by `<dir>/<file name>` when that file exists.
    pub fn new(overrides: Option<&Path>, escape: Escape) -> Result<Self> {
        if let Some(dir) = overrides {
            if !dir.is_dir() {
                return Err(Error::Io { path: dir.display().to_string(), message: "is not a folder of templates".into() });
            }
        }
        let overridden = TEMPLATES.iter().map(|(file, _)| *file).filter(|file| overrides.is_some_and(|d| d.join(file).is_file())).collect();
        Ok(Engine { overrides: overrides.map(Path::to_owned), escape, overridden, registry: OnceCell::new() })
    }

    fn registry(&self) -> Result<&Handlebars<'static>> {
        if let Some(registry) = self.registry.get() {
            return Ok(registry);
        }
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        match self.escape {
            Escape::None => registry.register_escape_fn(handlebars::no_escape),
            Escape::Html => registry.register_escape_fn(handlebars::html_escape),
        }
        helpers::register(&mut registry);
        for (file, embedded) in TEMPLATES {
            let name = file.trim_end_matches(".hbs");
            let (origin, text) = match self.overrides.as_ref().filter(|_| self.overridden.contains(file)) {
                Some(dir) => {
                    let path = dir.join(file);
                    (path.display().to_string(), crate::spec::load::read_text(&path)?)
                }
                None => (format!("<embedded>/templates/{file}"), (*embedded).to_owned()),
            };
            registry.register_template_string(name, text).map_err(|e| template_error(&origin, &e))?;
        }
        Ok(self.registry.get_or_init(|| registry))
    }

    /// Whether every one of these templates is the embedded one. Renderers with a native
    /// writer for their embedded templates use it then (same bytes, tested), and go through
    /// handlebars only for a user's own templates.
    pub fn embedded(&self, files: &[&str]) -> bool {
        files.iter().all(|f| !self.overridden.contains(f))
    }

    pub fn render(&self, template: &str, context: &serde_json::Value) -> Result<String> {
        self.registry()?.render(template, context).map_err(|e| {
            let origin = e.template_name.clone().unwrap_or_else(|| template.to_owned());
            let mut message = format!("rendering failed: {}", e.reason());
            if let Some(line) = e.line_no {
                message = format!("{}:{line}: error: {message}", origin);
            } else {
                message = format!("{origin}: error: {message}");
            }
            Error::Usage(message)
        })
    }
}

fn template_error(origin: &str, e: &handlebars::TemplateError) -> Error {
    let mut d = crate::diag::Diagnostic::error(origin, format!("template does not compile: {}", e.reason()));
    if let Some((line, column)) = e.pos() {
        d = d.at(line, Some(column));
    }
    Error::Input(vec![d])
}
