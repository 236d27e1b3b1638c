//! Where results go: stdout, a file replaced atomically (keeping what makes it that file), a
//! device, FIFO or socket written through, or a staleness check with a diff.

use crate::diag::{Error, Result};
use crate::temp::{Pending, Temp};
use std::fs::{File, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes to stdout; a closed pipe (`confspec generate | head`) is not an error.
pub fn to_stdout(text: &str) -> Result<()> {
    to_stdout_bytes(text.as_bytes())
}

/// How much a written file must survive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Generated output (samples, docs, imported specs): atomic against concurrent readers
    /// and failed runs, not against power loss (like oslo's own writes). It can be generated
    /// again, and an fsync would cost more than rendering a whole sample.
    Regenerable,
    /// An operator's own file (`upgrade`): the new contents reach the disk before they
    /// replace the old ones, so a crash leaves one or the other, never an empty file.
    Durable,
}

/// The permissions a file gets when its target does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewMode {
    /// 0666 less the umask, like any new file.
    Umask,
    /// Exactly these permission bits: a file derived from a config (`upgrade -o`) is as
    /// private as the config.
    Exact(u32),
}

impl NewMode {
    /// The permission bits of an existing file.
    pub fn like(meta: &Metadata) -> NewMode {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            NewMode::Exact(meta.permissions().mode() & 0o777)
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            NewMode::Umask
        }
    }
}

/// What a file was when it was read: a file replaced after it was read must still be that
/// file, or another process's change would be lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    device: u64,
    inode: u64,
    /// A regular file (a folder made where a file was can reuse its inode number).
    regular: bool,
    size: u64,
    modified: Option<std::time::SystemTime>,
}

impl Identity {
    pub fn of(meta: &Metadata) -> Identity {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        Identity { device, inode, regular: meta.is_file(), size: meta.len(), modified: meta.modified().ok() }
    }
}

/// Who may read a file, by its owner, group and permission bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readers {
    uid: u32,
    gid: u32,
    mode: u32,
}

impl Readers {
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> Readers {
        use std::os::unix::fs::MetadataExt;
        Readers { uid: meta.uid(), gid: meta.gid(), mode: meta.mode() }
    }

    #[cfg(not(unix))]
    pub fn of(_: &Metadata) -> Readers {
        Readers { uid: 0, gid: 0, mode: 0o777 }
    }

    /// Who, besides these readers (and root), may read the existing file `path` (`meta`): its
    /// owner, its group, everyone, or the users of its access ACL. `None` when no one.
    #[cfg(unix)]
    fn others_of(&self, path: &Path, meta: &Metadata) -> Option<String> {
        use std::os::unix::fs::MetadataExt;
        if self.mode & 0o004 != 0 {
            return None;
        }
        let (uid, gid, mode) = (meta.uid(), meta.gid(), meta.mode());
        if uid != self.uid && uid != 0 {
            return Some(format!("its owner (uid {uid})"));
        }
        if mode & 0o004 != 0 {
            return Some("everyone (it is world-readable)".into());
        }
        if mode & 0o040 != 0 && !(gid == self.gid && self.mode & 0o040 != 0) {
            return Some(format!("its group (gid {gid})"));
        }
        #[cfg(target_os = "linux")]
        if rustix::fs::getxattr_query(path, "system.posix_acl_access").is_ok() {
            return Some("the users and groups its access ACL names".into());
        }
        let _ = path;
        None
    }

    #[cfg(not(unix))]
    fn others_of(&self, _: &Path, _: &Metadata) -> Option<String> {
        None
    }

    /// Makes the new `file`, to hold their secrets with `mode`, readable by no one else: it
    /// gets their group (or, where this user may not give it, no group bits) and loses any
    /// access ACL the folder's default ACL gave it. Returns the mode to set.
    #[cfg(unix)]
    fn restrict(&self, file: &File, mode: u32) -> std::io::Result<u32> {
        use std::os::unix::fs::{fchown, MetadataExt};
        let mut mode = mode;
        if file.metadata()?.gid() != self.gid && fchown(file, None, Some(self.gid)).is_err() {
            mode &= !0o070;
        }
        #[cfg(target_os = "linux")]
        match rustix::fs::fremovexattr(file, "system.posix_acl_access") {
            Ok(()) => {}
            Err(e) if e == rustix::io::Errno::NODATA || e == rustix::io::Errno::NOTSUP => {}
            Err(e) => return Err(e.into()),
        }
        Ok(mode)
    }

    #[cfg(not(unix))]
    fn restrict(&self, _: &File, mode: u32) -> std::io::Result<u32> {
        Ok(mode)
    }
}

/// How a file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    pub durability: Durability,
    pub new_mode: NewMode,
    /// The file must still be the one that was read (`upgrade --in-place`).
    pub expect: Option<Identity>,
    /// The contents hold secrets of a file these may read (`upgrade -o` of a config that sets
    /// a secret option): an existing file that would keep other readers is refused.
    pub secret_of: Option<Readers>,
}

impl WriteOptions {
    /// Generated output: samples, docs, tables, imported specs.
    pub const GENERATED: WriteOptions =
        WriteOptions { durability: Durability::Regenerable, new_mode: NewMode::Umask, expect: None, secret_of: None };
}

/// Whether a path names stdout (`-o -`).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Writes `contents` to `path` (see `stage`).
pub fn write(path: &Path, contents: &[u8], options: WriteOptions) -> Result<()> {
    stage(path, contents, options)?.commit()
}

/// A write made ready but not done: a file's new contents wait in a temporary beside it, fully
/// written and with the file's identity. Dropping it instead of committing removes the
/// temporary and changes nothing.
#[derive(Debug)]
pub struct Staged<'a> {
    shown: String,
    contents: &'a [u8],
    how: How,
}

#[derive(Debug)]
enum How {
    Stdout,
    /// One of this process's own open files (`/dev/stdout` is `/proc/self/fd/1`): written to
    /// the descriptor itself, at its offset and with its flags (an appending log stays one).
    Fd(i32),
    /// A character device, FIFO or socket, or a file a process has open (`/dev/stdout`):
    /// written through, never replaced.
    Through {
        path: PathBuf,
        truncate: bool,
        socket: bool,
    },
    /// A new file in folders that do not exist yet: made in a temporary folder that takes the
    /// name of the first missing one.
    NewFolders {
        folders: NewFolders,
        file: Temp,
        target: PathBuf,
        durability: Durability,
    },
    /// A regular file, or a new one: the new contents, written, take its name.
    Replace {
        pending: Pending,
        target: PathBuf,
        /// The file being replaced, as staged; `None` for a new file.
        existing: Option<Identity>,
        expect: Option<Identity>,
        durability: Durability,
    },
}

/// Makes a write ready, following symlinks to the file they name (the link stays a link):
/// - `-` is stdout;
/// - a regular file is replaced atomically by a temporary in its folder that carries its
///   owner and group (where permitted), mode and extended attributes; a file with several hard
///   links is refused (replacing it would split them), and so is one that is no longer
///   `options.expect`;
/// - a new file is created the same way, with `options.new_mode`; its missing folders are
///   made in a temporary folder that takes its place at commit (`NewFolders`);
/// - a character device, FIFO or socket is written through at commit;
/// - anything else (a folder, a block device) is refused.
pub fn stage<'a>(path: &Path, contents: &'a [u8], options: WriteOptions) -> Result<Staged<'a>> {
    if is_stdout(path) {
        return Ok(Staged { shown: path.display().to_string(), contents, how: How::Stdout });
    }
    stage_as(path, contents, options, Target::AnyPath)
}

/// What a staged path may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Anything `stage` writes: symlinks followed, devices, FIFOs and sockets written through.
    AnyPath,
    /// A file of a folder being written (`write_folder`): a regular file or a new one, never a
    /// symlink (which could lead out of the folder) nor a device.
    InFolder,
}

fn stage_as<'a>(path: &Path, contents: &'a [u8], options: WriteOptions, target: Target) -> Result<Staged<'a>> {
    let shown = path.display().to_string();
    let fail = |e: std::io::Error| Error::io(&shown, &e);
    let refuse = |message: String| Error::Io { path: shown.clone(), message };
    let how = match resolve(path, target).map_err(fail)? {
        Resolved::Refused(why) => return Err(refuse(why)),
        Resolved::Through { path, truncate, socket } => How::Through { path, truncate, socket },
        Resolved::Fd(fd) => How::Fd(fd),
        Resolved::Missing { target, followed } => {
            if options.expect.is_some() {
                return Err(refuse(CHANGED.to_owned()));
            }
            let dir = folder_of(&target);
            let mode = match options.new_mode {
                NewMode::Umask => 0o666,
                NewMode::Exact(_) => 0o600,
            };
            // The new file's contents, written and given their mode.
            let fill = |file: &File| -> Result<()> {
                let mut file = file;
                file.write_all(contents).map_err(fail)?;
                if let NewMode::Exact(mode) = options.new_mode {
                    let mode = match options.secret_of {
                        Some(readers) => readers.restrict(file, mode).map_err(fail)?,
                        None => mode,
                    };
                    set_mode(file, mode).map_err(fail)?;
                }
                if options.durability == Durability::Durable {
                    file.sync_all().map_err(fail)?;
                }
                Ok(())
            };
            match std::fs::metadata(dir) {
                Ok(meta) if meta.is_dir() => {
                    let pending = Pending::new_in(dir, mode).map_err(|e| temp_error(&shown, dir, e))?;
                    fill(pending.file())?;
                    How::Replace { pending, target, existing: None, expect: None, durability: options.durability }
                }
                Ok(meta) => return Err(refuse(not_a_folder(dir, &meta))),
                Err(e) if is_missing(&e) && followed => {
                    return Err(refuse(format!(
                        "leads to `{}`, whose folder `{}` does not exist: confspec makes the missing folders of the name it is given, not of where a link leads",
                        target.display(),
                        dir.display()
                    )))
                }
                Err(e) if is_missing(&e) => {
                    let folders = NewFolders::make(dir).map_err(refuse)?;
                    let name = target.file_name().expect("a resolved name has a file name");
                    let (file, opened) = Temp::file_at(folders.at.join(name), mode).map_err(fail)?;
                    fill(&opened)?;
                    How::NewFolders { folders, file, target, durability: options.durability }
                }
                Err(e) => return Err(fail(e)),
            }
        }
        Resolved::File(target, meta) => {
            if options.expect.is_some_and(|expect| expect != Identity::of(&meta)) {
                return Err(refuse(CHANGED.to_owned()));
            }
            if let Some(links) = hard_links(&meta).filter(|n| *n > 1) {
                return Err(refuse(format!(
                    "has {links} hard links: replacing it would leave the other names with the old contents (write elsewhere with -o, or give it one name)"
                )));
            }
            // A replaced file keeps its owner, group, mode and ACL: with secrets in it, those
            // must not let anyone read them whom the secrets' own file does not let.
            if let Some(others) = options.secret_of.and_then(|readers| readers.others_of(&target, &meta)) {
                return Err(refuse(format!(
                    "would hold secret values readable by {others}, who may not read the file they come from; nothing was written: remove it first (a new file gets that file's mode), or write elsewhere"
                )));
            }
            let pending =
                Pending::new_in(folder_of(&target), 0o600).map_err(|e| temp_error(&shown, folder_of(&target), e))?;
            let mut file = pending.file();
            file.write_all(contents).map_err(fail)?;
            keep_identity(file, &meta, &target).map_err(|(what, e)| {
                refuse(format!("cannot keep its {what}: {} (nothing was written)", describe(&e)))
            })?;
            if options.durability == Durability::Durable {
                file.sync_all().map_err(fail)?;
            }
            How::Replace {
                pending,
                target,
                existing: Some(Identity::of(&meta)),
                expect: options.expect,
                durability: options.durability,
            }
        }
    };
    #[cfg(debug_assertions)]
    pause_for_tests();
    Ok(Staged { shown, contents, how })
}

const CHANGED: &str =
    "changed while confspec was working on it (another process wrote it?); nothing was written: run again";

impl Staged<'_> {
    /// Does the write: renames the temporary onto its target, or writes through.
    pub fn commit(self) -> Result<()> {
        self.swap()?.finish()
    }

    /// Puts the new contents in place, keeping the old ones (under the temporary's name)
    /// until `finish`, so that `undo` can put them back.
    fn swap(self) -> Result<Swapped> {
        let Staged { shown, contents, how } = self;
        let fail = |e: std::io::Error| Error::io(&shown, &e);
        let nothing =
            |shown: String| Swapped { shown, target: PathBuf::new(), undo: Undo::Nothing, durable: false, top: None };
        match how {
            How::NewFolders { folders, file, target, durability } => {
                let top = folders.commit().map_err(fail)?;
                file.keep();
                let durable = durability == Durability::Durable;
                Ok(Swapped { shown, target, undo: Undo::Remove, durable, top: Some(top) })
            }
            How::Stdout => to_stdout_bytes(contents).map(|()| nothing(shown)),
            How::Fd(fd) => write_fd(fd, contents).map_err(fail).map(|()| nothing(shown)),
            How::Through { path, truncate, socket } => {
                write_through(&path, contents, truncate, socket).map_err(fail).map(|()| nothing(shown))
            }
            How::Replace { pending, target, existing, expect, durability } => {
                let durable = durability == Durability::Durable;
                let Some(staged) = existing else {
                    pending.name_new(&target).map_err(fail)?;
                    return Ok(Swapped { shown, target, undo: Undo::Remove, durable, top: None });
                };
                let temp = pending.into_temp().map_err(fail)?;
                // The file replaced must be the one staged (and, with `expect`, unchanged since
                // it was read); anything else (another file, a folder made meanwhile) goes back.
                let same = |found: Option<Identity>| match (found, expect) {
                    (Some(found), Some(expect)) => found == expect,
                    (Some(found), None) => {
                        (found.device, found.inode, found.regular) == (staged.device, staged.inode, staged.regular)
                    }
                    (None, _) => false,
                };
                if expect.is_some() {
                    // Between the two exchanges the temporary's name may hold another
                    // process's change: a signal must not remove it.
                    temp.unregister();
                }
                if !exchange(temp.path(), &target) {
                    if !same(std::fs::symlink_metadata(&target).map(|m| Identity::of(&m)).ok()) {
                        return Err(Error::Io { path: shown, message: CHANGED.to_owned() });
                    }
                    std::fs::rename(temp.path(), &target).map_err(fail)?;
                    temp.keep();
                    return Ok(Swapped { shown, target, undo: Undo::Nothing, durable, top: None });
                }
                if !same(std::fs::symlink_metadata(temp.path()).map(|m| Identity::of(&m)).ok()) {
                    if exchange(temp.path(), &target) {
                        return Err(Error::Io { path: shown, message: CHANGED.to_owned() });
                    }
                    let message = format!(
                        "changed while confspec was working on it, and putting it back failed: what was there is now {}",
                        temp.path().display()
                    );
                    temp.keep();
                    return Err(Error::Io { path: shown, message });
                }
                Ok(Swapped { shown, target, undo: Undo::Exchange(temp), durable, top: None })
            }
        }
    }
}

/// A write whose new contents are in place.
#[derive(Debug)]
struct Swapped {
    shown: String,
    target: PathBuf,
    undo: Undo,
    durable: bool,
    /// The first of the folders the write made, when it made some.
    top: Option<PathBuf>,
}

/// How a swapped write is taken back.
#[derive(Debug)]
enum Undo {
    /// Written through, or replaced where names cannot be exchanged: it cannot be.
    Nothing,
    /// A new file: remove it.
    Remove,
    /// The old contents are under this temporary's name: exchange them back.
    Exchange(Temp),
}

impl Swapped {
    /// Lets the old contents go.
    fn finish(self) -> Result<()> {
        let Swapped { shown, target, undo, durable, top } = self;
        drop(undo);
        if durable {
            // The file's folder, and each folder made for it up to the one holding the first.
            for dir in made_folders(&target, top.as_deref()).chain([folder_of(top.as_deref().unwrap_or(&target))]) {
                sync_dir(dir).map_err(|e| Error::io(&shown, &e))?;
            }
        }
        Ok(())
    }

    /// Puts the old contents back (best effort: this runs when another write failed).
    fn undo(self) {
        match self.undo {
            Undo::Nothing => {}
            Undo::Remove => {
                let _ = std::fs::remove_file(&self.target);
                for dir in made_folders(&self.target, self.top.as_deref()) {
                    // Only while empty: whatever another process put there stays.
                    let _ = std::fs::remove_dir(dir);
                }
            }
            Undo::Exchange(temp) => {
                if !exchange(temp.path(), &self.target) {
                    temp.keep();
                }
            }
        }
    }
}

/// Writes to one of this process's open descriptors, without closing it.
#[cfg(unix)]
fn write_fd(fd: i32, contents: &[u8]) -> std::io::Result<()> {
    use std::os::fd::FromRawFd;
    // SAFETY: the descriptor is the process's own (its /proc/self/fd entry exists); the File
    // is never dropped, so the descriptor stays open.
    let file = std::mem::ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
    match (&*file).write_all(contents) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(not(unix))]
fn write_fd(_: i32, _: &[u8]) -> std::io::Result<()> {
    Err(std::io::Error::other("descriptors are not supported here"))
}

/// A temporary could not be made in `dir`: when for lack of permission, the folder is the
/// reason (the file itself may well be writable).
fn temp_error(shown: &str, dir: &Path, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        let message = format!(
            "permission denied: confspec writes the new contents to a temporary file in `{}` first, and cannot create one there",
            dir.display()
        );
        return Error::Io { path: shown.to_owned(), message };
    }
    Error::io(shown, &e)
}

/// An I/O error in the words diagnostics use.
fn describe(e: &std::io::Error) -> String {
    match Error::io("", e) {
        Error::Io { message, .. } => message,
        other => other.to_string(),
    }
}

/// Writes files into the folder `dir`, all or none: when `dir` does not exist, it is built
/// (with its missing parents) as a temporary folder and renamed into place whole; otherwise
/// every file is staged before any is committed. On failure `dir` is as it was.
pub fn write_folder(dir: &Path, files: &[(&str, &[u8])]) -> Result<()> {
    let shown = dir.display().to_string();
    for (name, _) in files {
        check_file_name(name).map_err(|why| Error::Io { path: dir.join(name).display().to_string(), message: why })?;
    }
    let fail = |e: std::io::Error| Error::io(&shown, &e);
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            let staged: Vec<Staged> = files
                .iter()
                .map(|(name, bytes)| stage_as(&dir.join(name), bytes, WriteOptions::GENERATED, Target::InFolder))
                .collect::<Result<_>>()?;
            let mut swapped = Vec::with_capacity(staged.len());
            for write in staged {
                match write.swap() {
                    Ok(done) => swapped.push(done),
                    Err(e) => {
                        swapped.into_iter().rev().for_each(Swapped::undo);
                        return Err(e);
                    }
                }
            }
            swapped.into_iter().try_for_each(Swapped::finish)
        }
        Ok(_) => Err(Error::Io { path: shown, message: "is not a folder".into() }),
        Err(e) if is_missing(&e) => {
            let folders = NewFolders::make_folder(dir).map_err(|message| Error::Io { path: shown.clone(), message })?;
            let mut written = Vec::with_capacity(files.len());
            for (name, bytes) in files {
                let (file_temp, mut file) =
                    Temp::file_at(folders.at.join(name), 0o666).map_err(|e| Error::io(dir.join(name).display(), &e))?;
                file.write_all(bytes).map_err(|e| Error::io(dir.join(name).display(), &e))?;
                written.push(file_temp);
            }
            #[cfg(debug_assertions)]
            pause_for_tests();
            folders.commit().map_err(fail)?;
            written.into_iter().for_each(Temp::keep);
            Ok(())
        }
        Err(e) => Err(fail(e)),
    }
}

/// Folders that do not exist yet, built as a temporary folder beside the first missing one and
/// renamed into place whole at `commit`, with what was written in them: readers never see them
/// half made, and a failed run leaves none of them (dropped, or on a signal, they are removed;
/// SIGKILL can leave the temporary). Each gets 0777 less the umask, and, as `mkdir -p` gives
/// them, the owner's write and search bits when a folder is made in it.
#[derive(Debug)]
struct NewFolders {
    /// The temporary that becomes `top`, the first missing folder; dropped, it is removed
    /// with everything in it.
    root: Temp,
    /// The folders made inside it, outermost first: registered, so that a signal removes them
    /// (the newest first, after the files made in them).
    inner: Vec<Temp>,
    top: PathBuf,
    /// Where the wanted folder is until the commit.
    at: PathBuf,
}

impl NewFolders {
    /// The missing folder `dir` of a file, and the missing folders it is in. A message says
    /// why not: a part of the path is a file, a link to nowhere, `..`, or a folder that cannot
    /// be written.
    fn make(dir: &Path) -> std::result::Result<NewFolders, String> {
        NewFolders::make_folder(dir).map_err(|why| format!("cannot make its folder `{}`: {why}", dir.display()))
    }

    fn make_folder(dir: &Path) -> std::result::Result<NewFolders, String> {
        let describe_at = |at: &Path, e: std::io::Error| format!("`{}`: {}", at.display(), describe(&e));
        // The missing names, innermost first, up to the first folder that exists.
        let mut missing = Vec::new();
        let mut at = dir;
        let mut top = dir;
        let parent = loop {
            match std::fs::metadata(at) {
                Ok(meta) if meta.is_dir() => break at,
                Ok(meta) => return Err(not_a_folder(at, &meta)),
                Err(e) if is_missing(&e) => {
                    if std::fs::symlink_metadata(at).is_ok_and(|m| m.file_type().is_symlink()) {
                        return Err(format!(
                            "`{}` is a symlink to a folder that does not exist: confspec makes folders, not the targets of links",
                            at.display()
                        ));
                    }
                    match at.file_name() {
                        Some(name) => missing.push(name),
                        None => return Err(format!("`{}` does not exist, and names no folder to make", at.display())),
                    }
                    top = at;
                    at = folder_of(at);
                }
                Err(e) => {
                    // The kernel does not follow another user's link in a sticky folder: say so.
                    let link = std::fs::symlink_metadata(at).ok().filter(|m| m.file_type().is_symlink());
                    if let Some(Ok(Some(why))) = link.map(|meta| sticky_protection(at, &meta)) {
                        return Err(format!("`{}` {why}", at.display()));
                    }
                    return Err(describe_at(at, e));
                }
            }
        };
        let (_, inside) = missing.split_last().expect("a missing folder has a name");
        let root = Temp::folder_in(parent).map_err(|e| describe_at(parent, e))?;
        let mut folders = NewFolders { top: top.to_owned(), at: root.path().to_owned(), root, inner: Vec::new() };
        if inside.is_empty() {
            return Ok(folders);
        }
        writable_by_owner(&folders.at).map_err(|e| describe_at(&folders.at, e))?;
        let mut making = Making::open(&folders.at).map_err(|e| describe_at(&folders.at, e))?;
        for (n, name) in inside.iter().rev().enumerate() {
            let next = folders.at.join(name);
            folders
                .inner
                .push(Temp::folder_made(next.clone(), || making.make(name)).map_err(|e| describe_at(&next, e))?);
            if n + 1 < inside.len() {
                making = making.enter(name).map_err(|e| describe_at(&next, e))?;
            }
            folders.at = next;
        }
        Ok(folders)
    }

    /// Puts the folders in place; returns the first.
    fn commit(self) -> std::io::Result<PathBuf> {
        crate::temp::rename_new(self.root.path(), &self.top)?;
        self.inner.into_iter().for_each(Temp::keep);
        self.root.keep();
        Ok(self.top)
    }
}

/// The folders between `file` and `top` (a folder made for it, or none), innermost first:
/// `top` and the folders made in it.
fn made_folders<'a>(file: &'a Path, top: Option<&'a Path>) -> impl Iterator<Item = &'a Path> {
    // `top` is one of the file's ancestors, as `Path::parent` gives them.
    let mut done = top.is_none();
    file.ancestors().skip(1).take_while(move |dir| {
        let more = !done;
        done = done || Some(*dir) == top;
        more
    })
}

/// The folder the next new folder is made in. On Linux it is held open, and each folder is
/// made and entered relative to it: linear time however deep, and never through a link;
/// elsewhere, by path.
struct Making {
    #[cfg(target_os = "linux")]
    dir: rustix::fd::OwnedFd,
    #[cfg(not(target_os = "linux"))]
    dir: PathBuf,
}

impl Making {
    #[cfg(target_os = "linux")]
    fn open(dir: &Path) -> std::io::Result<Making> {
        Ok(Making { dir: open_folder(rustix::fs::CWD, dir)? })
    }

    #[cfg(not(target_os = "linux"))]
    fn open(dir: &Path) -> std::io::Result<Making> {
        Ok(Making { dir: dir.to_owned() })
    }

    /// Makes the folder `name` here, with 0777 less the umask.
    #[cfg(target_os = "linux")]
    fn make(&self, name: &std::ffi::OsStr) -> std::io::Result<()> {
        Ok(rustix::fs::mkdirat(&self.dir, name, rustix::fs::Mode::from_raw_mode(0o777))?)
    }

    #[cfg(not(target_os = "linux"))]
    fn make(&self, name: &std::ffi::OsStr) -> std::io::Result<()> {
        std::fs::create_dir(self.dir.join(name))
    }

    /// The folder `name` made here, to make another in: its owner may write and search it.
    #[cfg(target_os = "linux")]
    fn enter(self, name: &std::ffi::OsStr) -> std::io::Result<Making> {
        use rustix::fs::{chmodat, statat, AtFlags, Mode};
        let mode = statat(&self.dir, name, AtFlags::SYMLINK_NOFOLLOW)?.st_mode & 0o7777;
        if mode & 0o300 != 0o300 {
            chmodat(&self.dir, name, Mode::from_raw_mode(mode | 0o300), AtFlags::empty())?;
        }
        Ok(Making { dir: open_folder(&self.dir, name)? })
    }

    #[cfg(not(target_os = "linux"))]
    fn enter(self, name: &std::ffi::OsStr) -> std::io::Result<Making> {
        let dir = self.dir.join(name);
        writable_by_owner(&dir)?;
        Ok(Making { dir })
    }
}

/// The folder `name` in `at`, opened to make things in it, not through a link.
#[cfg(target_os = "linux")]
fn open_folder<Fd: rustix::fd::AsFd>(at: Fd, name: impl rustix::path::Arg) -> std::io::Result<rustix::fd::OwnedFd> {
    use rustix::fs::{openat, Mode, OFlags};
    Ok(openat(at, name, OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC, Mode::empty())?)
}

/// Gives the owner write and search permission on a folder this run made, where the umask
/// took them away, so that the folders inside can be made (as `mkdir -p` does).
#[cfg(unix)]
fn writable_by_owner(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir)?.permissions().mode();
    if mode & 0o300 == 0o300 {
        return Ok(());
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode((mode | 0o300) & 0o7777))
}

#[cfg(not(unix))]
fn writable_by_owner(_: &Path) -> std::io::Result<()> {
    Ok(())
}

fn not_a_folder(path: &Path, meta: &Metadata) -> String {
    let what = if meta.is_file() { "a file" } else { "something else" };
    format!("`{}` is {what}, not a folder", path.display())
}

/// Whether an error says a path does not exist: a missing name, or a name taken to be a
/// folder that is not one (ENOTDIR).
fn is_missing(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ENOTDIR) {
        return true;
    }
    e.kind() == std::io::ErrorKind::NotFound
}

/// A name for a file inside a folder: one path component, short enough for any filesystem.
fn check_file_name(name: &str) -> std::result::Result<(), String> {
    const NAME_MAX: usize = 255;
    if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\', '\0']) {
        return Err(format!("{name:?} is not a file name"));
    }
    if name.len() > NAME_MAX {
        return Err(format!("the file name is too long ({} bytes; filesystems take at most {NAME_MAX})", name.len()));
    }
    Ok(())
}

fn to_stdout_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", &e)),
        _ => Ok(()),
    }
}

/// The folder a file is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// What a path names once its symlinks are followed.
#[derive(Debug)]
enum Resolved {
    /// Nothing yet (a dangling symlink names its target): `target`, reached through a link
    /// when `followed`.
    Missing {
        target: PathBuf,
        followed: bool,
    },
    File(PathBuf, Metadata),
    Through {
        path: PathBuf,
        truncate: bool,
        socket: bool,
    },
    /// One of this process's own descriptors.
    Fd(i32),
    Refused(String),
}

/// Follows `path`'s symlinks one by one (at most 40, like the kernel), each folder on the way
/// made canonical, so the final name is where the temporary must go. A file of a folder
/// (`Target::InFolder`) is never followed out of it: a symlink or a device there is refused.
fn resolve(path: &Path, target: Target) -> std::io::Result<Resolved> {
    if path.as_os_str().to_string_lossy().ends_with('/') {
        // As the kernel would say for a file name with a trailing `/`.
        return Ok(Resolved::Refused("ends with `/`: it names a folder, not a file".into()));
    }
    let mut at = path.to_owned();
    let mut followed = false;
    for _ in 0..40 {
        let Some(name) = at.file_name().map(ToOwned::to_owned) else {
            return Ok(Resolved::Refused("is a directory, not a file".into()));
        };
        at = match std::fs::canonicalize(folder_of(&at)) {
            Ok(dir) => dir.join(name),
            Err(e) if is_missing(&e) => return Ok(Resolved::Missing { target: at, followed }),
            Err(e) => return Err(e),
        };
        let meta = match std::fs::symlink_metadata(&at) {
            Ok(meta) => meta,
            Err(e) if is_missing(&e) => return Ok(Resolved::Missing { target: at, followed }),
            Err(e) => return Err(e),
        };
        if let Some(why) = sticky_protection(&at, &meta)? {
            let why = if at == path { why } else { format!("leads to `{}`, which {why}", at.display()) };
            return Ok(Resolved::Refused(why));
        }
        if target == Target::InFolder {
            return Ok(in_folder(at, meta));
        }
        if !meta.file_type().is_symlink() {
            return Ok(classify(at, meta, false));
        }
        if let Some(fd) = own_descriptor(&at) {
            return Ok(Resolved::Fd(fd));
        }
        if at.starts_with("/proc") {
            // Another process's open file: the kernel follows these links to pipes and
            // terminals that have no path.
            let meta = std::fs::metadata(&at)?;
            return Ok(classify(at, meta, true));
        }
        let link = std::fs::read_link(&at)?;
        at = folder_of(&at).join(link);
        followed = true;
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Why the kernel would refuse `open(O_CREAT)` of `at` (found with `meta`, unfollowed) by this
/// user, in a sticky folder that others may write (/tmp): it does not follow a symlink that
/// neither this user nor the folder's owner owns (`fs.protected_symlinks`), nor open another
/// user's file there (`fs.protected_regular`, `fs.protected_fifos`; a device always). A shell
/// redirect gets these refusals; confspec, which follows links and replaces files itself,
/// applies them the same way. A setting that cannot be read counts as on.
#[cfg(target_os = "linux")]
fn sticky_protection(at: &Path, meta: &Metadata) -> std::io::Result<Option<String>> {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let dir = std::fs::metadata(folder_of(at))?;
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    let (kind, owner) = (meta.file_type(), meta.uid());
    if dir.mode() & libc::S_ISVTX == 0 || owner == me || owner == dir.uid() || kind.is_dir() || kind.is_socket() {
        return Ok(None);
    }
    let (world, group) = (dir.mode() & 0o002 != 0, dir.mode() & 0o020 != 0);
    let level = |setting: &str| -> u8 {
        std::fs::read_to_string(format!("/proc/sys/fs/{setting}")).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(1)
    };
    let (refused, what, setting) = if kind.is_symlink() {
        (
            world && level("protected_symlinks") >= 1,
            "a symlink",
            "follow it there (fs.protected_symlinks), nor does confspec",
        )
    } else if kind.is_file() || kind.is_fifo() {
        let setting = if kind.is_file() { "protected_regular" } else { "protected_fifos" };
        let level = level(setting);
        let refused = level >= 1 && (world || (group && level >= 2));
        let why = if kind.is_file() {
            "open it for writing there (fs.protected_regular), and neither does confspec"
        } else {
            "open it for writing there (fs.protected_fifos), and neither does confspec"
        };
        (refused, if kind.is_file() { "a file" } else { "a FIFO" }, why)
    } else {
        (world, "a device", "open another user's device there for writing, and neither does confspec")
    };
    Ok(refused.then(|| {
        format!(
            "is {what} of another user (uid {owner}) in a sticky folder others may write: the kernel does not {setting}"
        )
    }))
}

#[cfg(not(target_os = "linux"))]
fn sticky_protection(_: &Path, _: &Metadata) -> std::io::Result<Option<String>> {
    Ok(None)
}

/// The descriptor `path` names when it is one of this process's, `/proc/<our pid>/fd/<n>`
/// (what `/dev/stdout`, `/dev/fd/1` and `/proc/self/fd/1` lead to).
fn own_descriptor(path: &Path) -> Option<i32> {
    let rest = path.strip_prefix("/proc").ok()?;
    let mut parts = rest.iter().map(|p| p.to_str());
    let (pid, fd, n) = (parts.next()??, parts.next()??, parts.next()??);
    (parts.next().is_none() && fd == "fd" && pid.parse::<u32>().ok()? == std::process::id()).then(|| n.parse().ok())?
}

fn classify(path: PathBuf, meta: Metadata, open_file: bool) -> Resolved {
    let kind = meta.file_type();
    if kind.is_dir() {
        return Resolved::Refused("is a directory, not a file".into());
    }
    if kind.is_file() {
        return if open_file {
            Resolved::Through { path, truncate: true, socket: false }
        } else {
            Resolved::File(path, meta)
        };
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_fifo() {
            return Resolved::Through { path, truncate: false, socket: false };
        }
        if kind.is_socket() {
            return Resolved::Through { path, truncate: false, socket: true };
        }
        if kind.is_block_device() {
            return Resolved::Refused("is a block device: confspec replaces regular files and writes through character devices, FIFOs and sockets, never a block device".into());
        }
    }
    Resolved::Refused("is not a regular file, a character device, a FIFO or a socket".into())
}

/// What a file of a folder being written is: a regular file replaced in the folder, or
/// refused. A symlink is not followed (it could lead anywhere, or create a file anywhere when
/// dangling), nor is a device or FIFO written through: nothing is written outside the folder.
fn in_folder(at: PathBuf, meta: Metadata) -> Resolved {
    let kind = meta.file_type();
    if kind.is_symlink() {
        let to = std::fs::read_link(&at).map(|to| format!(" (to `{}`)", to.display())).unwrap_or_default();
        return Resolved::Refused(format!(
            "is a symlink{to}: confspec writes only inside the folder and does not follow links in it; remove the link, or write to another folder"
        ));
    }
    if kind.is_dir() || kind.is_file() {
        return classify(at, meta, false);
    }
    Resolved::Refused("is not a regular file: confspec writes only regular files inside the folder".into())
}

fn write_through(path: &Path, contents: &[u8], truncate: bool, socket: bool) -> std::io::Result<()> {
    let written = if socket {
        #[cfg(unix)]
        let written = std::os::unix::net::UnixStream::connect(path).and_then(|mut s| s.write_all(contents));
        #[cfg(not(unix))]
        let written = Err(std::io::Error::other("sockets are not supported here"));
        written
    } else {
        std::fs::OpenOptions::new()
            .write(true)
            .truncate(truncate)
            .open(path)
            .and_then(|mut f| f.write_all(contents).and_then(|_| f.flush()))
    };
    match written {
        // A reader that went away (a FIFO's `head`) is not an error, as on stdout.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(unix)]
fn hard_links(meta: &Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.nlink())
}

#[cfg(not(unix))]
fn hard_links(_: &Metadata) -> Option<u64> {
    None
}

#[cfg(unix)]
fn set_mode(file: &File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &File, _: u32) -> std::io::Result<()> {
    Ok(())
}

/// Gives the temporary `file` what makes `original` the file it is: owner and group (when
/// permitted; a user may still give it a group of theirs), every extended attribute (ACLs,
/// SELinux labels, capabilities) and the mode, set last since a change of owner clears the
/// set-id bits. Names the part that could not be kept.
#[cfg(unix)]
fn keep_identity(file: &File, meta: &Metadata, original: &Path) -> Result<(), (&'static str, std::io::Error)> {
    use std::os::unix::fs::{fchown, MetadataExt};
    let made = file.metadata().map_err(|e| ("owner and group", e))?;
    if (made.uid(), made.gid()) != (meta.uid(), meta.gid()) {
        // A file that cannot keep its owner is refused rather than handed to whoever runs
        // confspec.
        fchown(file, Some(meta.uid()), Some(meta.gid())).map_err(|e| {
            let why = describe(&e);
            (
                "owner and group",
                std::io::Error::other(format!("{}:{}: {why}; run as its owner or as root", meta.uid(), meta.gid())),
            )
        })?;
    }
    copy_xattrs(original, file).map_err(|e| ("extended attributes", e))?;
    set_mode(file, meta.mode() & 0o7777).map_err(|e| ("mode", e))
}

#[cfg(not(unix))]
fn keep_identity(file: &File, meta: &Metadata, _: &Path) -> Result<(), (&'static str, std::io::Error)> {
    file.set_permissions(meta.permissions()).map_err(|e| ("permissions", e))
}

#[cfg(target_os = "linux")]
fn copy_xattrs(from: &Path, to: &File) -> std::io::Result<()> {
    use rustix::fs::{fremovexattr, fsetxattr, getxattr, getxattr_query, XattrFlags};
    use std::os::unix::ffi::OsStrExt;
    let named = |name: &[u8], e: rustix::io::Errno| {
        std::io::Error::other(format!("`{}`: {}", String::from_utf8_lossy(name), describe(&e.into())))
    };
    let wanted = xattr_names(XattrSource::Path(from))?;
    // The temporary may have attributes of its own, such as the folder's default ACL: what
    // the original does not have must go, or the copy could be readable by more users.
    for name in xattr_names(XattrSource::File(to))?.iter().filter(|n| !wanted.contains(n)) {
        fremovexattr(to, std::ffi::OsStr::from_bytes(name)).map_err(|e| named(name, e))?;
    }
    for name in &wanted {
        let os = std::ffi::OsStr::from_bytes(name);
        let mut value = vec![0; getxattr_query(from, os)?];
        let len = getxattr(from, os, &mut value)?;
        value.truncate(len);
        fsetxattr(to, os, &value, XattrFlags::empty()).map_err(|e| named(name, e))?;
    }
    Ok(())
}

#[cfg(target_os = "linux")]
enum XattrSource<'a> {
    Path(&'a Path),
    File(&'a File),
}

/// The names of a file's extended attributes; none where the filesystem has none.
#[cfg(target_os = "linux")]
fn xattr_names(of: XattrSource) -> std::io::Result<Vec<Vec<u8>>> {
    use rustix::fs::{flistxattr, listxattr, listxattr_query};
    let unsupported = |e: &rustix::io::Errno| *e == rustix::io::Errno::NOTSUP || *e == rustix::io::Errno::OPNOTSUPP;
    let size = match &of {
        XattrSource::Path(p) => listxattr_query(*p),
        XattrSource::File(f) => rustix::fs::flistxattr_query(*f),
    };
    let size = match size {
        Ok(size) => size,
        Err(e) if unsupported(&e) => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut list = vec![0; size];
    let len = match of {
        XattrSource::Path(p) => listxattr(p, &mut list)?,
        XattrSource::File(f) => flistxattr(f, &mut list)?,
    };
    list.truncate(len);
    Ok(list.split(|b| *b == 0).filter(|n| !n.is_empty()).map(<[u8]>::to_vec).collect())
}

#[cfg(all(unix, not(target_os = "linux")))]
fn copy_xattrs(_: &Path, _: &File) -> std::io::Result<()> {
    Ok(())
}

/// Swaps two existing names in one step (Linux `renameat2(RENAME_EXCHANGE)`).
///
/// Replacing a file with a plain rename makes ext4 write the new file's data out at once
/// (its `auto_da_alloc` guard for programs that do not fsync), a large part of a small
/// `generate` (docs/performance.md). An exchange is just as atomic for readers, skips that,
/// and leaves the replaced file under the temporary's name to be checked. Returns false where
/// it is not supported (another filesystem or OS), and the caller renames instead.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Test builds wait here, with the new contents written and the target untouched, until the
/// file named by `CONFSPEC_TEST_PAUSE_UNTIL` exists (at most a minute), having made that name
/// plus `.held` to say they are here: tests change the target or send a signal at this point.
#[cfg(debug_assertions)]
fn pause_for_tests() {
    if let Some(go) = std::env::var_os("CONFSPEC_TEST_PAUSE_UNTIL") {
        let mut held = go.clone();
        held.push(".held");
        let _ = std::fs::write(held, "");
        let go = Path::new(&go);
        for _ in 0..60_000 {
            if go.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
}

/// The byte ranges of a text that a diff of it never shows (secret values), sorted and apart;
/// each is shown as `****`. The caller knows what is secret in its texts: `upgrade` the values
/// of the options the specs mark secret, a sample nothing (its defaults are the spec's).
pub type Hidden = Vec<std::ops::Range<usize>>;

/// For texts whose every line may be shown.
pub fn nothing_hidden(_: &str) -> Hidden {
    Hidden::new()
}

/// Compares `path` with what would be written. `None` when it is up to date, otherwise a
/// unified diff from the file to the fresh output, with what `hidden` finds in either masked.
/// A missing file counts as empty.
///
/// The diff is bounded for a file that has little to do with the output: the line matching
/// gives up after `DIFF_TIMEOUT` (the diff then shows larger changes than needed, never wrong
/// ones), and past `MAX_DIFF_LINES` lines it is cut short, ending with a line that says so.
pub fn stale_diff(path: &Path, fresh: &str, hidden: &dyn Fn(&str) -> Hidden) -> Result<Option<String>> {
    let current = match crate::input::read_input(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(crate::input::Unread::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e.into_error(path)),
    };
    if current == fresh {
        return Ok(None);
    }
    let name = path.display().to_string();
    let full = format!("run the command without --check and -o and compare its output with {name}");
    Ok(Some(unified_diff(&current, fresh, &name, &format!("{name} (generated)"), &full, hidden)))
}

/// The unified diff from `old` to `new`, bounded: the line matching gives up after 200 ms
/// (the diff then shows larger changes than needed, never wrong ones), and past 2,000 lines it
/// is cut short, ending with a line that says so and how to see it in full (`full`). What
/// `hidden` finds in each text is shown as `****`; the lines are matched on the real texts, so
/// a changed secret is still a changed line.
pub fn unified_diff(
    old: &str,
    new: &str,
    old_name: &str,
    new_name: &str,
    full: &str,
    hidden: &dyn Fn(&str) -> Hidden,
) -> String {
    const DIFF_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(200);
    const MAX_DIFF_LINES: usize = 2000;
    let text_diff = similar::TextDiff::configure().timeout(DIFF_TIMEOUT).diff_lines(old, new);
    let sides =
        [DiffSide::new(text_diff.old_slices(), hidden(old)), DiffSide::new(text_diff.new_slices(), hidden(new))];
    // similar's own unified format, each line written through its side's mask.
    let mut diff = String::new();
    let mut unified = text_diff.unified_diff();
    unified.context_radius(3);
    for hunk in unified.iter_hunks() {
        if diff.is_empty() {
            diff.push_str(&format!("--- {old_name}\n+++ {new_name}\n"));
        }
        diff.push_str(&format!("{}\n", hunk.header()));
        for change in hunk.iter_changes() {
            let (side, index) = match (change.old_index(), change.new_index()) {
                (Some(i), _) => (&sides[0], i),
                (None, Some(i)) => (&sides[1], i),
                (None, None) => unreachable!("a change is on one side at least"),
            };
            diff.push_str(&format!("{}{}", change.tag(), side.shown(index)));
            if change.missing_newline() {
                diff.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    let lines = diff.lines().count();
    if let Some((cut, _)) = diff.match_indices('\n').nth(MAX_DIFF_LINES - 1) {
        diff.truncate(cut + 1);
        diff.push_str(&format!(
            "confspec: the diff is cut short ({MAX_DIFF_LINES} of {lines} lines); to see it in full, {full}\n"
        ));
    }
    diff
}

/// One text of a diff: its lines as the diff split them, where each starts, and its hidden
/// ranges.
struct DiffSide<'t> {
    lines: &'t [&'t str],
    starts: Vec<usize>,
    hidden: Hidden,
}

impl<'t> DiffSide<'t> {
    fn new(lines: &'t [&'t str], mut hidden: Hidden) -> Self {
        let starts = lines.iter().scan(0, |at, line| Some(std::mem::replace(at, *at + line.len()))).collect();
        hidden.sort_by_key(|r| r.start);
        DiffSide { lines, starts, hidden }
    }

    /// Line `index` with every hidden byte of it replaced, a run at a time, by `****`.
    fn shown(&self, index: usize) -> std::borrow::Cow<'t, str> {
        let (line, start) = (self.lines[index], self.starts[index]);
        let end = start + line.len();
        let first = self.hidden.partition_point(|r| r.end <= start);
        let mut shown = String::new();
        let mut copied = start;
        for range in self.hidden[first..].iter().take_while(|r| r.start < end) {
            let (from, to) = (range.start.max(copied), range.end.min(end));
            if from < to {
                shown.push_str(&line[copied - start..from - start]);
                shown.push_str(crate::diag::MASK);
                copied = to;
            }
        }
        if copied == start {
            return line.into();
        }
        shown.push_str(&line[copied - start..]);
        shown.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_with_nothing_hidden_is_similars_own() {
        let texts = ["", "a\n", "a\nb\nc\n", "a\nb", "a\r\nb\r\n", "x\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"];
        for old in texts {
            for new in texts.iter().chain(&["a\nB\nc\n", "x\nb\nc\nd\ne\nf\ng\nh\ni\nj\nK"]) {
                let want = similar::TextDiff::from_lines(old, *new).unified_diff().header("o", "n").to_string();
                assert_eq!(unified_diff(old, new, "o", "n", "", &nothing_hidden), want, "{old:?} -> {new:?}");
            }
        }
    }

    #[test]
    fn a_diff_shows_hidden_ranges_as_a_mask() {
        // The ranges of each value after `= `, found in either text by the caller's function.
        let values = |text: &str| -> Hidden {
            let mut at = 0;
            let mut hidden = Hidden::new();
            for line in text.split_inclusive('\n') {
                if let Some(i) = line.find("= ") {
                    hidden.push(at + i + 2..at + line.trim_end().len());
                }
                at += line.len();
            }
            hidden
        };
        let old = "[a]\nold = hunter2\nkeep = hunter3\n  x\n";
        let new = "[a]\nnew = hunter2\nkeep = hunter3\n  x\nlast = hunter4";
        let diff = unified_diff(old, new, "o", "n", "", &values);
        assert_eq!(
            diff,
            "--- o\n+++ n\n@@ -1,4 +1,5 @@\n [a]\n-old = ****\n+new = ****\n keep = ****\n   x\n+last = ****\n\\ No newline at end of file\n"
        );
        // A change of a hidden value alone is still a changed line.
        let diff = unified_diff("k = a\n", "k = b\n", "o", "n", "", &values);
        assert!(diff.ends_with("-k = ****\n+k = ****\n"), "{diff}");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_swapped_write_can_be_taken_back() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
        std::fs::write(&old, "old\n").unwrap();
        let replaced = stage(&old, b"replaced\n", WriteOptions::GENERATED).unwrap().swap().unwrap();
        let created = stage(&new, b"created\n", WriteOptions::GENERATED).unwrap().swap().unwrap();
        assert_eq!(std::fs::read(&old).unwrap(), b"replaced\n");
        created.undo();
        replaced.undo();
        assert_eq!(std::fs::read(&old).unwrap(), b"old\n", "the old contents are back");
        assert_eq!(names(dir.path()), vec!["old.yaml"], "the new file is gone, and no temporary is left");
    }

    #[test]
    fn replaces_existing_files_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nova.conf");
        for durability in [Durability::Regenerable, Durability::Durable] {
            write(&path, b"first\n", WriteOptions { durability, ..WriteOptions::GENERATED }).unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"first\n");
            // A second write replaces the file (the exchange path on Linux), and the old
            // contents, left under the temporary name, are gone.
            write(&path, b"second\n", WriteOptions { durability, ..WriteOptions::GENERATED }).unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"second\n");
            assert_eq!(names(dir.path()), vec!["nova.conf"]);
            std::fs::remove_file(&path).unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions_and_readers_keep_the_old_contents() {
        use std::io::Read;
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample.ini");
        write(&path, b"old\n", WriteOptions::GENERATED).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let mut reader = std::fs::File::open(&path).unwrap();
        write(&path, b"new\n", WriteOptions::GENERATED).unwrap();
        let mut seen = String::new();
        reader.read_to_string(&mut seen).unwrap();
        assert_eq!(seen, "old\n", "an open reader sees the file it opened, whole");
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
