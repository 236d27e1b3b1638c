//! Temporary files and folders that an interrupted run never leaves behind.
//!
//! A file's new contents are written to an unnamed file (Linux `O_TMPFILE`) where the folder's
//! filesystem has them: it gets a name only when it takes its place, so even SIGKILL during
//! the write leaves nothing. Elsewhere, and for folders, temporaries have names.
//!
//! Every named temporary is registered before it is created. Every catchable signal whose
//! default action ends the process (SIGINT, SIGTERM, SIGHUP, SIGALRM, SIGUSR1, SIGXCPU, ...,
//! the real-time signals) removes each registered temporary that still exists and ends the
//! process with status 128 + the signal's number, so the file being replaced is untouched and
//! no copy of it (a config full of passwords, say) stays next to it. A signal the process
//! started with ignored stays ignored (`nohup`; Rust ignores SIGPIPE, the binary SIGXFSZ, so a
//! file past `ulimit -f` is a write error). A fault (SIGSEGV, SIGBUS, ...) of the process itself
//! removes them too, then goes on to the handler it had (Rust's stack overflow report). The
//! handlers are installed with the first temporary; a run that only prints never installs them.

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

    /// Creates the new empty file `path` (inside a temporary folder, say), opened for writing,
    /// with `mode` (which the umask then restricts).
    pub fn file_at(path: PathBuf, mode: u32) -> std::io::Result<(Temp, File)> {
        Temp::make_at(path, false, |path| new_file(path, mode))
    }

    /// Creates a new empty folder `.confspec-<random>.tmp` in `dir`, with 0777 less the umask.
    pub fn folder_in(dir: &Path) -> std::io::Result<Temp> {
        Temp::create(dir, true, |path| std::fs::create_dir(path)).map(|(temp, ())| temp)
    }

    /// The new empty folder `path` (inside a temporary folder), which `make` creates.
    pub fn folder_made(path: PathBuf, make: impl FnOnce() -> std::io::Result<()>) -> std::io::Result<Temp> {
        Temp::make_at(path, true, |_| make()).map(|(temp, ())| temp)
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

/// A file's new contents being written, before they take a name: unnamed (`O_TMPFILE`) where
/// the folder's filesystem allows it, a registered temporary otherwise. Dropped, it leaves
/// nothing.
#[derive(Debug)]
pub struct Pending {
    dir: PathBuf,
    file: File,
    /// The temporary holding it, when it could not be unnamed.
    named: Option<Temp>,
}

impl Pending {
    /// A new empty file for the folder `dir`, with `mode` (which the umask then restricts).
    pub fn new_in(dir: &Path, mode: u32) -> std::io::Result<Pending> {
        registry::install_handlers();
        if let Some(file) = unnamed_file(dir, mode) {
            return Ok(Pending { dir: dir.to_owned(), file, named: None });
        }
        let (temp, file) = Temp::file_in(dir, mode)?;
        Ok(Pending { dir: dir.to_owned(), file, named: Some(temp) })
    }

    pub fn file(&self) -> &File {
        &self.file
    }

    /// Gives it a registered temporary name in its folder (to be exchanged with the file it
    /// replaces).
    pub fn into_temp(self) -> std::io::Result<Temp> {
        match self.named {
            Some(temp) => Ok(temp),
            None => Temp::create(&self.dir, false, |path| link(&self.file, path)).map(|(temp, ())| temp),
        }
    }

    /// Gives it the name `target`, which must not exist: a new file never replaces one that
    /// appeared meanwhile.
    pub fn name_new(self, target: &Path) -> std::io::Result<()> {
        match self.named {
            Some(temp) => {
                rename_new(temp.path(), target)?;
                temp.keep();
                Ok(())
            }
            None => link(&self.file, target).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => appeared(),
                _ => e,
            }),
        }
    }
}

/// Renames `from` to `to`, failing when `to` exists (where the filesystem can tell; a plain
/// rename elsewhere).
pub fn rename_new(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(rustix::io::Errno::EXIST) => return Err(appeared()),
            // Filesystems without RENAME_NOREPLACE get the plain rename.
            Err(_) => {}
        }
    }
    std::fs::rename(from, to)
}

fn appeared() -> std::io::Error {
    std::io::Error::other("appeared while confspec was writing it; nothing was written: run again")
}

/// An unnamed new file in `dir`, where the filesystem has them and it can be given a name
/// later (through /proc/self/fd).
#[cfg(target_os = "linux")]
fn unnamed_file(dir: &Path, mode: u32) -> Option<File> {
    use rustix::fs::{openat, Mode, OFlags, CWD};
    if !Path::new("/proc/self/fd").is_dir() {
        return None;
    }
    openat(CWD, dir, OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC, Mode::from_raw_mode(mode)).ok().map(File::from)
}

#[cfg(not(target_os = "linux"))]
fn unnamed_file(_: &Path, _: u32) -> Option<File> {
    None
}

/// Gives the unnamed `file` the name `path`.
#[cfg(target_os = "linux")]
fn link(file: &File, path: &Path) -> std::io::Result<()> {
    use rustix::fs::{linkat, AtFlags, CWD};
    use std::os::fd::AsRawFd;
    let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
    linkat(CWD, proc.as_str(), CWD, path, AtFlags::SYMLINK_FOLLOW).map_err(Into::into)
}

#[cfg(not(target_os = "linux"))]
fn link(_: &File, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("unnamed files are Linux's"))
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

    /// The catchable signals whose default action ends the process.
    fn ending_signals() -> impl Iterator<Item = libc::c_int> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let (more, realtime) = ([libc::SIGSTKFLT, libc::SIGPWR], libc::SIGRTMIN()..=libc::SIGRTMAX());
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        let (more, realtime) = ([], 1..=0);
        [
            libc::SIGHUP,
            libc::SIGINT,
            libc::SIGQUIT,
            libc::SIGABRT,
            libc::SIGUSR1,
            libc::SIGUSR2,
            libc::SIGPIPE,
            libc::SIGALRM,
            libc::SIGTERM,
            libc::SIGXCPU,
            libc::SIGXFSZ,
            libc::SIGVTALRM,
            libc::SIGPROF,
            libc::SIGIO,
            libc::SIGSYS,
        ]
        .into_iter()
        .chain(more)
        .chain(FAULTS)
        .chain(realtime)
    }

    /// Signals that also report the process's own faults, which other handlers may be there
    /// for (Rust's report of a stack overflow is a SIGSEGV handler).
    const FAULTS: [libc::c_int; 5] = [libc::SIGSEGV, libc::SIGBUS, libc::SIGILL, libc::SIGFPE, libc::SIGTRAP];

    /// The handlers `FAULTS` had before ours, put back when a fault is the process's own.
    struct Previous(std::cell::UnsafeCell<[libc::sigaction; FAULTS.len()]>);

    // SAFETY: written once, in `install_handlers` before each handler that reads its entry is
    // installed; only read after that.
    unsafe impl Sync for Previous {}

    // SAFETY: sigaction is plain data; all zeros is SIG_DFL with no flags.
    static PREVIOUS: Previous = Previous(std::cell::UnsafeCell::new(unsafe { std::mem::zeroed() }));

    pub fn install_handlers() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            for signal in ending_signals() {
                // SAFETY: plain sigaction calls with a zeroed, then filled, struct; the
                // handler only makes async-signal-safe calls. PREVIOUS is written before the
                // handler that reads it is installed.
                unsafe {
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(signal, ptr::null(), &mut old) != 0 || old.sa_sigaction == libc::SIG_IGN {
                        // Started with the signal ignored (nohup, a background job): keep it so.
                        continue;
                    }
                    if let Some(at) = FAULTS.iter().position(|f| *f == signal) {
                        (*PREVIOUS.0.get())[at] = old;
                    }
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = on_signal
                        as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void)
                        as libc::sighandler_t;
                    // On the alternate stack Rust sets up, where there is one: a stack overflow
                    // leaves no room on the thread's own.
                    action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
                    libc::sigfillset(&mut action.sa_mask);
                    libc::sigaction(signal, &action, ptr::null_mut());
                }
            }
        });
    }

    extern "C" fn on_signal(signal: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
        remove_registered();
        // SAFETY: the kernel passes a valid siginfo with SA_SIGINFO; si_code <= 0 is a signal
        // sent by a process (kill, sigqueue, tkill), above 0 one the kernel raised.
        let raised_by_fault = !info.is_null() && unsafe { (*info).si_code } > 0;
        if let Some(at) = FAULTS.iter().position(|f| *f == signal).filter(|_| raised_by_fault) {
            // The process's own fault: the handler it had before takes it when the faulting
            // instruction runs again.
            // SAFETY: sigaction is async-signal-safe; PREVIOUS[at] was set before this handler.
            unsafe { libc::sigaction(signal, &(*PREVIOUS.0.get())[at], ptr::null_mut()) };
            return;
        }
        // SAFETY: _exit is async-signal-safe.
        unsafe { libc::_exit(128 + signal) }
    }

    /// Removes every registered temporary that still exists, with async-signal-safe calls.
    fn remove_registered() {
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

    pub fn install_handlers() {}
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

    #[test]
    fn pending_contents_have_no_name_until_they_take_one() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let names = || std::fs::read_dir(dir.path()).unwrap().count();
        let pending = Pending::new_in(dir.path(), 0o600).unwrap();
        pending.file().write_all(b"new").unwrap();
        if unnamed_file(dir.path(), 0o600).is_some() {
            assert_eq!(names(), 0, "unnamed where the filesystem has O_TMPFILE (tmpfs, ext4, xfs, btrfs)");
        }
        let target = dir.path().join("new.conf");
        pending.name_new(&target).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let pending = Pending::new_in(dir.path(), 0o600).unwrap();
        let error = pending.name_new(&target).unwrap_err();
        assert!(error.to_string().contains("appeared while confspec was writing it"), "{error}");
        assert_eq!(names(), 1, "nothing but the file");
        let temp = Pending::new_in(dir.path(), 0o600).unwrap().into_temp().unwrap();
        assert!(temp.path().exists());
        drop(temp);
        assert_eq!(names(), 1);
    }
}
