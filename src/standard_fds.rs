//! Before Rust's runtime starts: a closed stdin, stdout or stderr with no /dev/null to stand
//! in for it is an error (exit 2) with a message, not an abort.
//!
//! The runtime opens /dev/null on each of the three descriptors that is closed (so that no
//! file confspec opens takes its number), and aborts with SIGABRT when it cannot: in a chroot
//! or a mount namespace without /dev, `confspec generate >&-` died before `main`. This
//! function is in `.init_array`, which the C runtime runs before `main`, and so before Rust's
//! runtime: it does the same, and where /dev/null cannot be opened it says so and exits 2.

#[used]
#[link_section = ".init_array"]
static CHECK_STANDARD_FDS: extern "C" fn() = check_standard_fds;

extern "C" fn check_standard_fds() {
    for (fd, name) in [(0, "input"), (1, "output"), (2, "error")] {
        // SAFETY: F_GETFD only asks whether the descriptor is open.
        let closed = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF);
        if !closed {
            continue;
        }
        // SAFETY: plain open, dup2 and close calls on a C string literal and our descriptors.
        let null = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
        if null == fd {
            continue;
        }
        if null >= 0 {
            // Not the lowest free number (it always is, since 0..fd are open by now).
            unsafe {
                libc::dup2(null, fd);
                libc::close(null);
            }
            continue;
        }
        fail(name);
    }
}

/// Says which descriptor is closed (on stderr, when that is open) and exits 2. Nothing here
/// allocates: the runtime is not there yet.
fn fail(name: &str) -> ! {
    let parts: [&[u8]; 3] = [
        b"confspec: error: the standard ",
        name.as_bytes(),
        b" is closed and /dev/null cannot be opened to stand in for it: run confspec with stdin, stdout and stderr open (or where /dev/null exists)\n",
    ];
    for part in parts {
        // SAFETY: writes from live buffers; a closed stderr just makes this fail.
        unsafe { libc::write(2, part.as_ptr().cast(), part.len()) };
    }
    // SAFETY: _exit ends the process without running anything else.
    unsafe { libc::_exit(2) }
}
