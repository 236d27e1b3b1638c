//! Compiles specs/services/ (index.yaml and its specs) into specs/services.bin, the form the
//! binary embeds (src/services.rs): `scripts/services/compile.sh`.

fn main() {
    let args: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let [dir, out] = args.as_slice() else {
        eprintln!("usage: compile-services SPECS_DIR OUTPUT");
        std::process::exit(2);
    };
    let result = confspec::services::compile(dir).and_then(|bytes| {
        confspec::output::write(out, &bytes, confspec::output::WriteOptions::GENERATED).map(|()| bytes.len())
    });
    match result {
        Ok(size) => println!("{}: {size} bytes from {}", out.display(), dir.display()),
        Err(e) => {
            eprint!("{e}");
            std::process::exit(e.exit_code());
        }
    }
}
