//! Reading inputs: every file confspec reads (specs, option sets, config files, oslo data,
//! samples, templates, generator configs, `--check` targets) is read here, whole and bounded.
//!
//! A regular file is read when it is at most `MAX_INPUT` bytes. A pipe, FIFO, socket or
//! terminal (`<(...)`, `/dev/stdin`) is read until it ends, and refused once it passes
//! `MAX_INPUT` bytes without ending. A character device other than a terminal or the null
//! device (`/dev/zero`, `/dev/urandom`) never ends: it is refused before anything is read.

use crate::diag::{Diagnostic, Error, Result};
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// The largest input confspec reads: 256 MiB, as much as a spec's aliases may expand to
/// (`src/spec/budget.rs`), and far past any real spec, config or oslo data (nova's data is
/// about 3 MB).
pub const MAX_INPUT: u64 = 256 << 20;

/// Why an input was not read.
#[derive(Debug)]
pub enum Unread {
    /// The system's error (a missing file is `NotFound`).
    Io(std::io::Error),
    /// What confspec refuses to read, in words.
    Refused(String),
}

impl Unread {
    pub fn into_error(self, path: &Path) -> Error {
        match self {
            Unread::Io(e) => Error::io(path.display(), &e),
            Unread::Refused(message) => Error::Io { path: path.display().to_string(), message },
        }
    }
}

impl From<std::io::Error> for Unread {
    fn from(e: std::io::Error) -> Unread {
        Unread::Io(e)
    }
}

/// Reads a whole input, bounded as the module says. A FIFO nobody writes to blocks, as it
/// does for `cat`.
pub fn read_input(path: &Path) -> std::result::Result<Vec<u8>, Unread> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if let Some(why) = never_read(&file, &meta) {
        return Err(Unread::Refused(why));
    }
    let mut bytes = Vec::with_capacity(if meta.is_file() { meta.len() as usize + 1 } else { 0 });
    file.take(MAX_INPUT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_INPUT {
        let what = if meta.is_file() { "grew past" } else { "did not end within" };
        return Err(Unread::Refused(format!("{what} {} MiB while confspec read it ({})", MAX_INPUT >> 20, LIMIT)));
    }
    Ok(bytes)
}

const LIMIT: &str = "confspec reads inputs of at most 256 MiB";

/// Why a file is not read at all, or `None` when it is read.
fn never_read(file: &File, meta: &Metadata) -> Option<String> {
    let kind = meta.file_type();
    if kind.is_dir() {
        return Some("is a directory, not a file".into());
    }
    if kind.is_file() {
        return (meta.len() > MAX_INPUT).then(|| format!("is {} MiB ({LIMIT})", meta.len() >> 20));
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        if kind.is_block_device() {
            return Some("is a block device, not a file".into());
        }
        // SAFETY: isatty only reads the descriptor's state.
        let terminal = unsafe { libc::isatty(file.as_raw_fd()) } == 1;
        if kind.is_char_device() && !terminal && !is_null_device(meta.rdev()) {
            return Some(
                "is a character device that never ends (as /dev/zero and /dev/urandom do): confspec reads files, pipes and terminals"
                    .into(),
            );
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    None
}

/// `/dev/null`, which ends at once (Linux's device 1:3).
#[cfg(unix)]
fn is_null_device(rdev: u64) -> bool {
    cfg!(target_os = "linux") && libc::major(rdev as libc::dev_t) == 1 && libc::minor(rdev as libc::dev_t) == 3
}

/// Reads a whole input (`read_input`), with errors that name it.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    crate::timings::measure("read", || read_input(path)).map_err(|e| e.into_error(path))
}

/// Reads a whole input as UTF-8 text, with errors that say what is wrong with it.
pub fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read_bytes(path)?).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        Error::Input(vec![
            Diagnostic::error(path.display().to_string(), format!("not valid UTF-8 text (byte {at})")).at(line, None)
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_pipes_and_the_null_device_are_read_and_endless_devices_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.conf");
        std::fs::write(&file, "[DEFAULT]\n").unwrap();
        assert_eq!(read_text(&file).unwrap(), "[DEFAULT]\n");
        assert_eq!(read_text(Path::new("/dev/null")).unwrap(), "");
        for endless in ["/dev/zero", "/dev/urandom"] {
            let message = read_text(Path::new(endless)).unwrap_err().to_string();
            assert!(message.starts_with(endless) && message.contains("never ends"), "{message}");
        }
        let message = read_text(dir.path()).unwrap_err().to_string();
        assert!(message.contains("is a directory"), "{message}");
    }
}
