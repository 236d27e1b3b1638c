//! confspec: oslo.config-compatible samples, docs and checks from declarative YAML specs.
//!
//! The flow is load -> model -> render: `spec` reads and checks spec files into a `Catalog`,
//! `oslo` holds oslo.config's exact semantics, `render` turns a catalog into outputs through
//! handlebars templates, and `cli` wires it to the command line.

pub mod cli;
pub mod diag;
pub mod diff;
pub mod genconf;
pub mod import;
pub mod ini;
pub mod oslo;
pub mod output;
pub mod render;
pub mod spec;
pub mod suggest;
pub mod temp;
pub mod timings;
pub mod upgrade;
pub mod validate;
