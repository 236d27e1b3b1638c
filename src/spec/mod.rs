//! Specs: the YAML files that declare options (`raw`), how they are read (`load`), checked and
//! turned into the model (`build`), and where in a file a problem is (`source`); large specs
//! parse group by group (`chunked`).

pub(crate) mod bigint;
pub(crate) mod budget;
pub(crate) mod build;
pub(crate) mod chunked;
pub mod compiled;
pub(crate) mod index;
pub mod load;
pub mod model;
pub(crate) mod nesting;
pub mod raw;
pub mod source;
pub(crate) mod yaml_events;

pub use load::Loader;
pub use model::{Catalog, Spec};
