//! Diagnostics (`path:line:column: error: message`) and the errors that end a command.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One message about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

/// Longest message shown: a message quoting a huge value (a 10 MB type name, say) is cut.
const MAX_MESSAGE: usize = 400;

/// `message`, cut to `MAX_MESSAGE` characters with a note of how much was left out.
pub fn shorten(message: String) -> String {
    match message.char_indices().nth(MAX_MESSAGE) {
        None => message,
        Some((at, _)) => {
            let rest = message[at..].chars().count();
            format!("{}… ({rest} more characters)", &message[..at])
        }
    }
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { file: file.into(), line: None, column: None, severity: Severity::Error, message: shorten(message.into()) }
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {sev}: {}", self.message)
    }
}

/// Why a command could not do its job. Every variant exits with status 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: one or more diagnostics, each naming its file.
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Input(Vec<Diagnostic>),
    /// Bad usage of the command line.
    #[error("error: {0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{path}: error: {message}")]
    Io { path: String, message: String },
}

impl Error {
    pub fn io(path: impl fmt::Display, err: &std::io::Error) -> Self {
        let message = match err.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            std::io::ErrorKind::IsADirectory => "is a directory, not a file".to_owned(),
            std::io::ErrorKind::InvalidData => "not valid UTF-8 text".to_owned(),
            _ => err.to_string(),
        };
        Error::Io { path: path.to_string(), message }
    }

    pub fn exit_code(&self) -> i32 {
        2
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
