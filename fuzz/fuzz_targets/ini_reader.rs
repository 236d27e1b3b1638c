//! The INI reader, validate and upgrade on arbitrary config files against the glance spec.
#![no_main]
use confspec::spec::Loader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let doc = confspec::ini::parse(text);
    let catalog = Loader::new().load_catalog(&[]).unwrap();
    let _ = confspec::validate::validate(&catalog, &doc, &Default::default());
    if doc.errors.is_empty() {
        let upgraded = confspec::upgrade::upgrade(&catalog, text, &doc);
        // An upgraded file reads without syntax errors.
        assert!(confspec::ini::parse(&upgraded.text).errors.is_empty(), "upgrade broke the file");
    }
});
