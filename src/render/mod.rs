//! Rendering: a model goes into a context, the context through handlebars templates.
//!
//! Templates live in `templates/` and are compiled into the binary; `--templates DIR` replaces
//! any of them by file name, the way an mdBook theme folder does. Whatever must match oslo to
//! the byte (wrapping, default formatting) is done by helpers, so an override keeps it.

pub mod deprecations;
pub mod engine;
pub mod helpers;
pub mod html;
pub mod ini;
pub mod markdown;
pub mod mdtext;
pub mod rst;

pub use engine::Engine;
