//! The oslo-data importer on arbitrary text, read as YAML and as JSON, then the check that
//! loads every spec it made (what `confspec import` does before writing): errors are fine
//! (they become exit 2 with a message), panics are not.
#![no_main]
use confspec::import::import;
use confspec::spec::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for json in [false, true] {
        let source = SourceFile { name: "data".into(), text: text.to_owned() };
        if let Ok((specs, _)) = import(&source, json, None) {
            let dir = std::path::Path::new("/nonexistent-confspec-fuzz");
            let _ = confspec::import::check(&specs, &source, dir);
        }
    }
});
