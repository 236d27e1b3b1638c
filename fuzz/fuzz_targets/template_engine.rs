//! The template engine on arbitrary template overrides, rendered against the glance spec. The
//! input is up to three override files separated by NUL bytes, the first byte of each
//! choosing which embedded template it replaces; the output of the first one is rendered.
//! Errors are fine (they become exit 2 at the template's line); panics, aborts, hangs and
//! runaway memory are not: the render budget (src/render/budget.rs) and the nesting checks
//! must hold.
#![no_main]
use confspec::render::engine::{Escape, TEMPLATES};
use confspec::render::{deprecations, html, ini, markdown, python, rst, Engine};
use confspec::spec::model::Catalog;
use confspec::spec::Loader;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn glance() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Loader::new().load_catalog(&[]).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("confspec-fuzz-templates-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut first = None;
    for part in data.split(|b| *b == 0).take(3) {
        let Some((&pick, text)) = part.split_first() else { continue };
        let (file, _) = TEMPLATES[pick as usize % TEMPLATES.len()];
        first.get_or_insert(file);
        std::fs::write(dir.join(file), text).unwrap();
    }
    let Some(first) = first else { return };
    let escape = if first.starts_with("html") { Escape::Html } else { Escape::None };
    let Ok(engine) = Engine::new(Some(&dir), escape) else { return };
    let catalog = glance();
    let _ = match first.trim_end_matches(".hbs").trim_end_matches("-option") {
        "ini" => ini::render(&engine, catalog, &ini::IniOptions::default()),
        "rst" => rst::render(&engine, catalog),
        "markdown" => markdown::render(&engine, catalog),
        "deprecations-markdown" => deprecations::render(&engine, catalog, deprecations::TableFormat::Markdown),
        "deprecations-rst" => deprecations::render(&engine, catalog, deprecations::TableFormat::Rst),
        "deprecations-csv" => deprecations::render(&engine, catalog, deprecations::TableFormat::Csv),
        "diff-markdown" => {
            confspec::diff::render_markdown(&engine, &confspec::diff::diff(catalog, catalog), "old", "new")
        }
        "python" => python::render(&engine, &catalog.specs[0], &python::PythonOptions { command: Vec::new() }),
        _ => html::render(&engine, catalog),
    };
});
