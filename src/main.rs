fn main() {
    std::process::exit(confspec::cli::main());
}
