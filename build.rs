//! Embeds every option set of specs/sets/ (src/spec/load.rs, EMBEDDED_SETS): a set file
//! added there is compiled in without a list to keep in step.

use std::fmt::Write;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/sets");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(&dir)
        .expect("specs/sets is readable")
        .map(|entry| entry.expect("specs/sets lists").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| (path.file_stem().unwrap().to_string_lossy().into_owned(), path))
        .collect();
    names.sort();
    let mut code = String::from("&[\n");
    for (name, path) in &names {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    code.push_str("]\n");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_sets.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
