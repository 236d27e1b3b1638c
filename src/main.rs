//! The `confspec` command: the command line over the library, and an allocator that turns
//! running out of memory into exit 2.

mod cli;
#[cfg(unix)]
mod oom;

#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: oom::ExitOnOom = oom::ExitOnOom;

fn main() {
    std::process::exit(cli::main());
}
