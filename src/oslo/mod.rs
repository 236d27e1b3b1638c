//! oslo.config's semantics, reproduced exactly: Python's text wrapping and `str()`, each
//! type's value checks and default formatting, and the generator's grouping of namespaces.

pub mod data;
pub mod format;
pub mod groups;
pub mod lines;
pub mod percent;
pub mod pyvalue;
pub mod textwrap;
pub mod types;
mod unicode_tables;
