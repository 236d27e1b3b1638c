//! oslo.config's INI dialect: reading config files the way `oslo_config.iniparser` does, with
//! the line of every key kept for diagnostics and for rewriting files in place.

pub mod parser;

pub use parser::{parse, Entry, IniDoc, ParseError, Place, Section};
