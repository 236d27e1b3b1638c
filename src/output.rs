//! Where results go: stdout, a file replaced atomically, or a staleness check with a diff.

use crate::diag::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes to stdout; a closed pipe (`confspec generate | head`) is not an error.
pub fn to_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", &e)),
        _ => Ok(()),
    }
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

/// Replaces `path` with `contents` atomically: a temporary file in the same folder, then a
/// rename, so readers see the old file or the new one and a failure leaves the old one intact.
/// An existing file keeps its permissions.
pub fn write_atomic(path: &Path, contents: &[u8], durability: Durability) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Error::Io { path: path.display().to_string(), message: "is a directory, not a file".into() });
    }
    let fail = |e: std::io::Error| Error::io(path.display(), &e);
    let mut tmp = tempfile::Builder::new().prefix(".confspec-").suffix(".tmp").tempfile_in(dir).map_err(fail)?;
    tmp.write_all(contents).map_err(fail)?;
    let existing = std::fs::metadata(path).ok();
    let permissions = match &existing {
        Some(meta) => Some(meta.permissions()),
        None => default_permissions(),
    };
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p).map_err(fail)?;
    }
    if durability == Durability::Durable {
        tmp.as_file().sync_all().map_err(fail)?;
    }
    if existing.is_some() && exchange(tmp.path(), path) {
        // The temporary name now holds the old contents; dropping it removes them.
        drop(tmp);
    } else {
        tmp.persist(path).map_err(|e| fail(e.error))?;
    }
    if durability == Durability::Durable {
        sync_dir(dir).map_err(fail)?;
    }
    Ok(())
}

/// Swaps two existing names in one step (Linux `renameat2(RENAME_EXCHANGE)`).
///
/// Replacing a file with a plain rename makes ext4 write the new file's data out at once
/// (its `auto_da_alloc` guard for programs that do not fsync), which cost 0.3-0.7 ms per
/// run on the benchmark machine: a quarter of a whole small `generate`. An exchange is just
/// as atomic for readers and skips that. Returns false where it is not supported (another
/// filesystem or OS), and the caller renames instead.
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

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Compares `path` with what would be written. `None` when it is up to date, otherwise a
/// unified diff from the file to the fresh output. A missing file counts as empty.
///
/// The diff is bounded for a file that has little to do with the output: the line matching
/// gives up after `DIFF_TIMEOUT` (the diff then shows larger changes than needed, never wrong
/// ones), and past `MAX_DIFF_LINES` lines it is cut short, ending with a line that says so.
pub fn stale_diff(path: &Path, fresh: &str) -> Result<Option<String>> {
    const DIFF_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(200);
    const MAX_DIFF_LINES: usize = 2000;
    let current = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(path.display(), &e)),
    };
    if current == fresh {
        return Ok(None);
    }
    let name = path.display().to_string();
    let mut diff = similar::TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(current.as_str(), fresh)
        .unified_diff()
        .context_radius(3)
        .header(&name, &format!("{name} (generated)"))
        .to_string();
    let lines = diff.lines().count();
    if let Some((cut, _)) = diff.match_indices('\n').nth(MAX_DIFF_LINES - 1) {
        diff.truncate(cut + 1);
        diff.push_str(&format!(
            "confspec: the diff is cut short ({MAX_DIFF_LINES} of {lines} lines); to see it in full, run the command without --check and -o and compare its output with {name}\n"
        ));
    }
    Ok(Some(diff))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_existing_files_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nova.conf");
        for durability in [Durability::Regenerable, Durability::Durable] {
            write_atomic(&path, b"first\n", durability).unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"first\n");
            // A second write replaces the file (the exchange path on Linux), and the old
            // contents, left under the temporary name, are gone.
            write_atomic(&path, b"second\n", durability).unwrap();
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
        write_atomic(&path, b"old\n", Durability::Regenerable).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let mut reader = std::fs::File::open(&path).unwrap();
        write_atomic(&path, b"new\n", Durability::Regenerable).unwrap();
        let mut seen = String::new();
        reader.read_to_string(&mut seen).unwrap();
        assert_eq!(seen, "old\n", "an open reader sees the file it opened, whole");
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
