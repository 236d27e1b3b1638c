//! oslo.config's INI dialect: reading config files the way `oslo_config.iniparser` does, with
//! the line of every key kept for diagnostics and for rewriting files in place; and writing
//! values so that it reads them back.

pub mod parser;
pub mod write;

pub use parser::{parse, Entry, IniDoc, ParseError, Place, Section};
