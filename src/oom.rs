//! The allocator of the binary: the system's, except that running out of memory exits 2 with
//! a message instead of aborting.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, except that running out of memory exits 2 with a message
/// instead of aborting (the default `handle_alloc_error` ends in SIGABRT, exit 134).
pub struct ExitOnOom;

#[cold]
fn out_of_memory(size: usize) -> ! {
    // No allocation here: the message is built in a fixed buffer and written with write(2).
    let mut buf = [0u8; 96];
    let head = b"confspec: error: out of memory (";
    buf[..head.len()].copy_from_slice(head);
    let mut len = head.len();
    let mut digits = [0u8; 20];
    let mut n = size;
    let mut d = digits.len();
    loop {
        d -= 1;
        digits[d] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let tail = b" bytes requested)\n";
    buf[len..len + digits.len() - d].copy_from_slice(&digits[d..]);
    len += digits.len() - d;
    buf[len..len + tail.len()].copy_from_slice(tail);
    len += tail.len();
    // SAFETY: writes from a live buffer and ends the process; errors are ignored since
    // there is nothing left to report them with.
    unsafe {
        libc::write(2, buf.as_ptr().cast(), len);
        libc::_exit(2)
    }
}

// SAFETY: every call is forwarded to `System` unchanged; only a null result is acted on.
unsafe impl GlobalAlloc for ExitOnOom {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if p.is_null() {
            out_of_memory(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if p.is_null() {
            out_of_memory(layout.size());
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if p.is_null() {
            out_of_memory(new_size);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}
