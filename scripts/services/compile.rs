//! Compiles specs/services/ (index.yaml and its specs) into specs/services.bin and
//! specs/services.strings, the form the binary embeds (src/services.rs):
//! `scripts/services/compile.sh`.

fn main() {
    let args: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let [dir, out] = args.as_slice() else {
        eprintln!("usage: compile-services SPECS_DIR OUTPUT.bin (its strings go to OUTPUT.strings)");
        std::process::exit(2);
    };
    let strings_out = out.with_extension("strings");
    let result = confspec::services::compile(dir).and_then(|compiled| {
        let options = confspec::output::WriteOptions::GENERATED;
        confspec::output::write(out, &compiled.bytes, options)?;
        confspec::output::write(&strings_out, compiled.strings.as_bytes(), options)?;
        Ok((compiled.bytes.len(), compiled.strings.len()))
    });
    match result {
        Ok((size, strings)) => println!(
            "{}: {size} bytes, {}: {strings} bytes, from {}",
            out.display(),
            strings_out.display(),
            dir.display()
        ),
        Err(e) => {
            eprint!("{e}");
            std::process::exit(e.exit_code());
        }
    }
}
