//! Rendering: each output is a layout (`engine::Layout`), a typed context its templates
//! render. The embedded templates live in `templates/` and are compiled into the binary;
//! `--templates DIR` replaces any of them by file name, the way an mdBook theme folder does,
//! and then handlebars renders the layout; otherwise its native writer writes the same bytes
//! from the same context. Whatever must match oslo to the byte (wrapping, default formatting)
//! is done by `oslo` functions that the helpers wrap, so an override keeps it.

pub(crate) mod budget;
pub mod deprecations;
pub mod engine;
pub(crate) mod helpers;
pub mod html;
pub mod ini;
pub mod markdown;
pub mod mdtext;
pub mod python;
pub mod rst;
pub mod sha256;

pub use engine::Engine;

/// The title of the reference pages (HTML, Markdown) when none is given.
pub const DEFAULT_TITLE: &str = "Configuration reference";

/// How a reference page (HTML, Markdown) is rendered.
#[derive(Debug, Clone, Default)]
pub struct PageOptions {
    /// The page's title and first heading (`generate --title`); without one, `DEFAULT_TITLE`,
    /// and the HTML page's `<title>` names the namespaces after it.
    pub title: Option<String>,
}

impl PageOptions {
    /// The page's first heading.
    pub fn heading(&self) -> &str {
        self.title.as_deref().unwrap_or(DEFAULT_TITLE)
    }
}
