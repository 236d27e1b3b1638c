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

/// Replaces `path` with `contents` atomically: a temporary file in the same folder, then a
/// rename, so readers see the old file or the new one and a failure leaves the old one intact.
/// An existing file keeps its permissions. There is no fsync: the guarantee is against
/// concurrent readers and failed runs, not power loss (like oslo's own writes; a sample can
/// be generated again), and an fsync would cost more than rendering a whole sample.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
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
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p).map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
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
pub fn stale_diff(path: &Path, fresh: &str) -> Result<Option<String>> {
    let current = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(path.display(), &e)),
    };
    if current == fresh {
        return Ok(None);
    }
    let name = path.display().to_string();
    let diff = similar::TextDiff::from_lines(current.as_str(), fresh)
        .unified_diff()
        .context_radius(3)
        .header(&name, &format!("{name} (generated)"))
        .to_string();
    Ok(Some(diff))
}
