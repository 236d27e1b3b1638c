//! Temporary files and folders that an interrupted run never leaves behind.
//!
//! Every temporary is registered before it is created. SIGINT, SIGTERM and SIGHUP remove each
//! registered temporary that still exists and end the process with status 128 + the signal's
//! number, so the file being replaced is untouched and no copy of it (a config full of
//! passwords, say) stays next to it. The handlers are installed with the first temporary; a
//! run that only prints never installs them.

use std::fs::File;
use std::path::{Path, PathBuf};

/// A temporary file or folder, removed when dropped unless `keep` says it was given its final
/// name.
#[derive(Debug)]
pub struct Temp {
    path: PathBuf,
    folder: bool,
    entry: registry::Entry,
}

impl Temp {
    /// Creates a new empty file `.confspec-<random>.tmp` in `dir`, opened for writing, with
    /// `mode` (which the umask then restricts, as for any new file).
    pub fn file_in(dir: &Path, mode: u32) -> std::io::Result<(Temp, File)> {
        Temp::create(dir, false, |path| new_file(path, mode))
    }

    /// Creates the new empty file `path` (inside a temporary folder, say), opened for writing.
    pub fn file_at(path: PathBuf) -> std::io::Result<(Temp, File)> {
        Temp::make_at(path, false, |path| new_file(path, 0o666))
    }

    /// Creates a new empty folder `.confspec-<random>.tmp` in `dir`.
    pub fn folder_in(dir: &Path) -> std::io::Result<Temp> {
        Temp::create(dir, true, |path| std::fs::create_dir(path)).map(|(temp, ())| temp)
    }

    /// Makes a fresh name in `dir` with `make`, which must fail when the name exists; another
    /// name is tried then.
    fn create<T>(dir: &Path, folder: bool, make: impl Fn(&Path) -> std::io::Result<T>) -> std::io::Result<(Temp, T)> {
        let mut last = None;
        for _ in 0..16 {
            match Temp::make_at(dir.join(random_name()), folder, &make) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                other => return other,
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
    }

    /// Registers `path`, then makes it with `make`.
    fn make_at<T>(
        path: PathBuf,
        folder: bool,
        make: impl FnOnce(&Path) -> std::io::Result<T>,
    ) -> std::io::Result<(Temp, T)> {
        let entry = registry::add(&path, folder);
        match make(&path) {
            Ok(made) => Ok((Temp { path, folder, entry }, made)),
            Err(e) => {
                // Not ours: the name must not be removed by a signal or by `drop`.
                entry.forget();
                Err(e)
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A signal no longer removes it (what its name holds may not be ours); dropping it still
    /// does.
    pub fn unregister(&self) {
        self.entry.forget();
    }

    /// The temporary was renamed to its final name: there is nothing left to remove.
    pub fn keep(self) {
        self.entry.forget();
        std::mem::forget(self);
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        // Removed before it is forgotten: a signal in between finds nothing to remove.
        let _ = if self.folder { std::fs::remove_dir_all(&self.path) } else { std::fs::remove_file(&self.path) };
        self.entry.forget();
    }
}

/// A new file opened for writing, failing when the name exists.
fn new_file(path: &Path, mode: u32) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

fn random_name() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    format!(".confspec-{:016x}.tmp", hasher.finish())
}

#[cfg(unix)]
mod registry {
    //! A list of registered names that a signal handler can walk: entries are pushed with a
    //! compare-and-swap and never freed (a few dozen bytes per written file), and only
    //! async-signal-safe calls (`unlink`, `rmdir`, `_exit`) run in the handler.

    use std::ffi::CString;
    use std::path::Path;
    use std::ptr;
    use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

    struct Node {
        path: CString,
        folder: bool,
        live: AtomicBool,
        next: *mut Node,
    }

    static HEAD: AtomicPtr<Node> = AtomicPtr::new(ptr::null_mut());

    #[derive(Debug)]
    pub struct Entry(Option<&'static Node>);

    impl std::fmt::Debug for Node {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            self.path.fmt(f)
        }
    }

    impl Entry {
        pub fn forget(&self) {
            if let Some(node) = self.0 {
                node.live.store(false, Ordering::Release);
            }
        }
    }

    pub fn add(path: &Path, folder: bool) -> Entry {
        use std::os::unix::ffi::OsStrExt;
        install_handlers();
        let Ok(path) = CString::new(path.as_os_str().as_bytes()) else { return Entry(None) };
        let node: &'static mut Node =
            Box::leak(Box::new(Node { path, folder, live: AtomicBool::new(true), next: ptr::null_mut() }));
        let mut head = HEAD.load(Ordering::Acquire);
        loop {
            node.next = head;
            match HEAD.compare_exchange_weak(head, node, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => break,
                Err(now) => head = now,
            }
        }
        // SAFETY: the node is leaked, so it lives as long as the process, and it is only read
        // from now on (`live` is atomic).
        Entry(Some(unsafe { &*(node as *const Node) }))
    }

    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    fn install_handlers() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            for signal in SIGNALS {
                // SAFETY: plain sigaction calls with a zeroed, then filled, struct; the
                // handler only makes async-signal-safe calls.
                unsafe {
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                    libc::sigemptyset(&mut action.sa_mask);
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(signal, &action, &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN {
                        // Started with the signal ignored (nohup, a background job): keep it so.
                        libc::sigaction(signal, &old, ptr::null_mut());
                    }
                }
            }
        });
    }

    extern "C" fn on_signal(signal: libc::c_int) {
        let mut node = HEAD.load(Ordering::Acquire);
        while !node.is_null() {
            // SAFETY: nodes are never freed; newer ones come first, so a folder's files are
            // removed before the folder.
            let n = unsafe { &*node };
            if n.live.load(Ordering::Acquire) {
                unsafe {
                    if n.folder {
                        libc::rmdir(n.path.as_ptr());
                    } else {
                        libc::unlink(n.path.as_ptr());
                    }
                }
            }
            node = n.next;
        }
        // SAFETY: _exit is async-signal-safe.
        unsafe { libc::_exit(128 + signal) }
    }
}

#[cfg(not(unix))]
mod registry {
    use std::path::Path;

    #[derive(Debug)]
    pub struct Entry;

    impl Entry {
        pub fn forget(&self) {}
    }

    pub fn add(_: &Path, _: bool) -> Entry {
        Entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_temporary_is_removed_and_a_kept_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let (temp, _file) = Temp::file_in(dir.path(), 0o600).unwrap();
        let path = temp.path().to_owned();
        assert!(path.file_name().unwrap().to_string_lossy().starts_with(".confspec-"));
        drop(temp);
        assert!(!path.exists());
        let folder = Temp::folder_in(dir.path()).unwrap();
        let inside = folder.path().join("x.yaml");
        std::fs::write(&inside, "x").unwrap();
        let kept = Temp::folder_in(dir.path()).unwrap();
        let kept_path = kept.path().to_owned();
        drop(folder);
        kept.keep();
        assert!(!inside.exists());
        assert!(kept_path.is_dir());
    }
}
