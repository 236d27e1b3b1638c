//! oslo.config's semantics, reproduced exactly: Python's text wrapping and `str()`, each
//! type's value checks and default formatting, and the generator's grouping of namespaces.

pub mod data;
pub(crate) mod format;
pub mod groups;
pub mod interpolate;
pub mod lines;
pub(crate) mod percent;
pub mod pychar;
pub mod pynum;
pub(crate) mod pyregex;
pub mod pyvalue;
pub(crate) mod pyyaml;
pub(crate) mod textwrap;
pub mod types;
mod unicode_tables;
pub mod uri;
