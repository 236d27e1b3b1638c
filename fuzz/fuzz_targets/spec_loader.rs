//! The spec loader on arbitrary text: errors are fine, panics, hangs and runaway memory are
//! not. A spec that loads is also rendered in every format.
#![no_main]
use confspec::render::engine::Escape;
use confspec::render::{ini, markdown, rst, Engine};
use confspec::spec::model::Catalog;
use confspec::spec::Loader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(spec) = Loader::new().load_text("fuzz.yaml".into(), text.to_owned(), None) else { return };
    let catalog = Catalog { specs: vec![spec] };
    let engine = Engine::new(None, Escape::None).unwrap();
    let _ = ini::render(&engine, &catalog, &ini::IniOptions::default());
    let _ = ini::render(&engine, &catalog, &ini::IniOptions { wrap_width: 0, minimal: true, summarize: true });
    let _ = rst::render(&engine, &catalog);
    let _ = markdown::render(&engine, &catalog);
});
