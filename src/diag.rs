//! Diagnostics (`path:line:column: error: message`) and the errors that end a command.

use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    /// Where else a diagnostic concerns (an include site), printed after it.
    Note,
}

/// One message about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    /// Where in the document (`groups[0].options[3].default`), printed before the message.
    pub path: Option<crate::spec::source::YamlPath>,
    pub message: String,
    /// Notes printed on the lines after it, each at its own place.
    pub notes: Vec<Diagnostic>,
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

/// Longest piece of input (a value, a key, a name) a message quotes, in characters.
pub const MAX_QUOTED: usize = 200;

/// What a message shows in place of a value that is, or takes something from, a secret.
pub const MASK: &str = "****";

/// A piece of input as a message quotes it: cut at `MAX_QUOTED` characters, with a note of how
/// many were left out. Every value, key and name a message takes from the input goes through it.
pub fn capped(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED) {
        None => Cow::Borrowed(text),
        Some((at, _)) => Cow::Owned(format!("{}… ({} more characters)", &text[..at], text[at..].chars().count())),
    }
}

/// A value as a message quotes it: `MASK` when it is or takes from a secret, else Python's
/// `repr()` of it, capped.
pub fn quoted(value: &str, secret: bool) -> String {
    if secret {
        MASK.to_owned()
    } else {
        crate::oslo::pyvalue::str_repr(&capped(value))
    }
}

/// Whether a character from the input may not reach a terminal as it is: a control character
/// (ESC starts terminal escape sequences, a line break could forge a message) or a
/// bidirectional-text control (it reorders what is shown after it).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with those characters escaped as `{:?}` writes them (`\n`, `\u{1b}`, `\u{202e}`);
/// every other character as it is. Every message is written through it.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    // Printable ASCII, the usual case, needs no look at each character.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) || !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            severity: Severity::Error,
            path: None,
            message: shorten(message.into()),
            notes: Vec::new(),
        }
    }

    /// A note about another place (`file:line:column: note: message`).
    pub fn note_at(file: impl Into<String>, at: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        let mut note = Diagnostic { severity: Severity::Note, ..Diagnostic::error(file, message) };
        if let Some((line, column)) = at {
            note = note.at(line, Some(column));
        }
        note
    }

    /// The problem is at `path` in the document (an empty path is the whole document).
    pub fn in_document(mut self, path: crate::spec::source::YamlPath) -> Self {
        self.path = (!path.0.is_empty()).then_some(path);
        self
    }

    pub fn with_note(mut self, note: Diagnostic) -> Self {
        self.notes.push(note);
        self
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", escape_controls(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, ": {sev}: ")?;
        if let Some(path) = &self.path {
            write!(f, "{}: ", escape_controls(&path.to_string()))?;
        }
        write!(f, "{}", escape_controls(&self.message))?;
        for note in &self.notes {
            write!(f, "\n{note}")?;
        }
        Ok(())
    }
}

/// Why a command could not do its job. Every variant exits with status 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: one or more diagnostics, each naming its file.
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Input(Vec<Diagnostic>),
    /// Bad usage of the command line.
    #[error("error: {}", escape_controls(.0))]
    Usage(String),
    /// A file could not be read or written.
    #[error("{}: error: {}", escape_controls(.path), escape_controls(.message))]
    Io { path: String, message: String },
}

impl Error {
    pub fn io(path: impl fmt::Display, err: &std::io::Error) -> Self {
        let message = match err.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            std::io::ErrorKind::IsADirectory => "is a directory, not a file".to_owned(),
            std::io::ErrorKind::InvalidData => "not valid UTF-8 text".to_owned(),
            #[cfg(unix)]
            _ if err.raw_os_error() == Some(libc::EFBIG) => {
                "file too large: past the file size limit (`ulimit -f`) or the filesystem's".to_owned()
            }
            _ => err.to_string(),
        };
        Error::Io { path: path.to_string(), message }
    }

    /// The error as diagnostics, one per problem.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        match self {
            Error::Input(diagnostics) => diagnostics,
            Error::Usage(message) => vec![Diagnostic::error("confspec", message)],
            Error::Io { path, message } => vec![Diagnostic::error(path, message)],
        }
    }

    pub fn exit_code(&self) -> i32 {
        2
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped_and_nothing_else() {
        assert_eq!(escape_controls("plain `key` é 日本 \\ \" '"), "plain `key` é 日本 \\ \" '");
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
        let hostile = "a\u{1b}[31m\n\t\r\u{7f}\u{85}\u{61c}\u{200e}\u{200f}\u{202a}\u{202e}\u{2066}\u{2069}b";
        assert_eq!(
            escape_controls(hostile),
            r"a\u{1b}[31m\n\t\r\u{7f}\u{85}\u{61c}\u{200e}\u{200f}\u{202a}\u{202e}\u{2066}\u{2069}b"
        );
        let d = Diagnostic::error("f\u{1b}.yaml", "unknown key `\u{202e}`").at(2, Some(1));
        assert_eq!(d.to_string(), r"f\u{1b}.yaml:2:1: error: unknown key `\u{202e}`");
        assert_eq!(Error::Usage("x\u{1b}".into()).to_string(), r"error: x\u{1b}");
        assert_eq!(Error::Io { path: "p\u{2066}".into(), message: "m\n".into() }.to_string(), r"p\u{2066}: error: m\n");
    }
}
