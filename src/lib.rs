//! confspec: oslo.config-compatible samples, docs and checks from declarative YAML specs.
//!
//! The flow is load, then model, then render:
//!
//! - [`spec`] reads spec files (and the option sets they include) and checks them into a
//!   [`spec::model::Catalog`], reporting problems as [`diag::Diagnostic`]s;
//! - [`oslo`] holds oslo.config's exact semantics: Python's text wrapping and `str()`, the
//!   types' value checks and default formatting, the generator's grouping of namespaces and
//!   its machine-readable data;
//! - [`render`] lays a catalog out in each format, through a layout's native writer or the
//!   user's handlebars templates;
//! - [`import`] turns oslo's machine-readable data into specs; [`ini`], [`validate`], [`show`],
//!   [`upgrade`], [`edit`] and [`diff`] are the operator tools; [`input`] reads every file, bounded;
//!   [`output`] writes files without destroying what is there; [`genconf`] reads oslo-config-generator's config files.
//!
//! The `confspec` binary is the command line over this library.
//!
//! ```
//! use confspec::render::{engine::Escape, ini, Engine};
//! use confspec::spec::Loader;
//!
//! let spec = "namespace: demo\ngroups:\n  - name: DEFAULT\n    options:\n      - {name: workers, type: integer, default: 4, help: How many.}\n";
//! let catalog = confspec::spec::model::Catalog { specs: vec![Loader::new().load_text("demo.yaml".into(), spec.into(), None)?] };
//! let sample = ini::render(&Engine::new(None, Escape::None)?, &catalog, &ini::IniOptions::default())?;
//! assert!(sample.contains("# How many. (integer value)\n#workers = 4\n"));
//! # Ok::<(), confspec::diag::Error>(())
//! ```

pub mod assign;
pub mod diag;
pub mod diff;
pub mod edit;
pub mod genconf;
pub(crate) mod hashing;
pub mod import;
pub mod ini;
pub mod input;
pub mod oslo;
pub mod output;
pub mod render;
pub mod services;
pub mod show;
pub mod spec;
pub(crate) mod suggest;
pub(crate) mod temp;
pub mod timings;
pub mod upgrade;
pub mod validate;
