//! Diagnostics: everything the generator has to say about its input, collected
//! (never panicked on) and printed as `file:line: level[code]: message`.

use serde::Serialize;
use std::fmt;

/// How bad a diagnostic is. Only errors make the run exit non-zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// One finding about one place in one input file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    /// Input file, relative to the specs root, with `/` separators.
    pub file: String,
    /// 1-based line; 0 when the finding is about the file as a whole.
    pub line: u32,
    pub level: Level,
    /// Stable machine-readable code, e.g. `missing-include`.
    pub code: &'static str,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}[{}]: {}", self.file, self.line, self.level, self.code, self.message)
    }
}

/// A collector of diagnostics for one file (or for the whole run).
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, file: &str, line: u32, level: Level, code: &'static str, message: impl Into<String>) {
        self.items.push(Diagnostic { file: file.to_owned(), line, level, code, message: message.into() });
    }

    pub fn warn(&mut self, file: &str, line: u32, code: &'static str, message: impl Into<String>) {
        self.push(file, line, Level::Warning, code, message);
    }

    pub fn error(&mut self, file: &str, line: u32, code: &'static str, message: impl Into<String>) {
        self.push(file, line, Level::Error, code, message);
    }

    pub fn note(&mut self, file: &str, line: u32, code: &'static str, message: impl Into<String>) {
        self.push(file, line, Level::Note, code, message);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.level == Level::Error)
    }

    pub fn count(&self, level: Level) -> usize {
        self.items.iter().filter(|d| d.level == level).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file, line, level, code and message: stable whatever order pages were read in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}
