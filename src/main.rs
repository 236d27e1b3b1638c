//! The `confspec` command: the command line over the library, an allocator that turns
//! running out of memory into exit 2, and a start-up check that turns closed standard
//! descriptors without /dev/null into exit 2.

mod cli;
#[cfg(unix)]
mod oom;
#[cfg(target_os = "linux")]
mod standard_fds;

#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: oom::ExitOnOom = oom::ExitOnOom;

fn main() {
    // A file grown past the size limit (`ulimit -f`) is a write error (EFBIG) that names it and
    // leaves nothing behind, not a SIGXFSZ that ends the process mid-write.
    // SAFETY: setting a signal's disposition to ignored has no preconditions.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    std::process::exit(cli::main());
}
