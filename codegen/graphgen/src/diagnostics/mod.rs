//! Diagnostics: everything the generator has to say about its input, collected
//! (never panicked on) and printed as `file:line: level[code]: message`.
//! Codes come from one registry ([`Code`]); a stage that reads one file reports
//! through a [`FileDiagnostics`] bound to it, so no call names the file again.

mod codes;

pub use codes::{Code, markdown_table};
use serde::Serialize;
use std::collections::HashMap;
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
    /// 1-based line; [`PAGE`] (0) when the finding is about the file as a whole.
    pub line: u32,
    pub level: Level,
    /// Stable machine-readable code, e.g. `missing-include`.
    pub code: Code,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}[{}]: {}", self.file, self.line, self.level, self.code, self.message)
    }
}

/// The line of a finding about the file as a whole.
pub const PAGE: u32 = 0;

/// At most this many diagnostics of one code are kept for one file; the rest
/// are counted and summed up in one `diagnostics-left-out` entry, so that a
/// page repeating one mistake a million times costs a line, not a million.
/// (The most of one code on one page of the docs: 26.)
pub const MAX_PER_CODE_AND_FILE: usize = 100;

/// A collector of diagnostics for one file (or for the whole run).
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Per (file, code): how many were pushed, and the most severe level among those left out.
    counts: HashMap<(String, Code), (usize, Level)>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, file: &str, line: u32, level: Level, code: Code, message: impl Into<String>) {
        self.add(Diagnostic { file: file.to_owned(), line, level, code, message: message.into() });
    }

    fn add(&mut self, d: Diagnostic) {
        let entry = self.counts.entry((d.file.clone(), d.code)).or_insert((0, Level::Note));
        entry.0 += 1;
        if entry.0 <= MAX_PER_CODE_AND_FILE {
            self.items.push(d);
        } else {
            entry.1 = entry.1.max(d.level);
        }
    }

    pub fn warn(&mut self, file: &str, line: u32, code: Code, message: impl Into<String>) {
        self.push(file, line, Level::Warning, code, message);
    }

    pub fn error(&mut self, file: &str, line: u32, code: Code, message: impl Into<String>) {
        self.push(file, line, Level::Error, code, message);
    }

    pub fn note(&mut self, file: &str, line: u32, code: Code, message: impl Into<String>) {
        self.push(file, line, Level::Note, code, message);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.add(d);
        }
        // What `other` already left out counts here too.
        for (key, (count, level)) in other.counts {
            let left_out = count.saturating_sub(MAX_PER_CODE_AND_FILE);
            if left_out > 0 {
                let entry = self.counts.entry(key).or_insert((0, Level::Note));
                entry.0 += left_out;
                entry.1 = entry.1.max(level);
            }
        }
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
    /// Ends each file's run of one code that went past [`MAX_PER_CODE_AND_FILE`] with one
    /// `diagnostics-left-out` entry (at the level of the worst one left out) saying how many.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        for ((file, code), (count, level)) in std::mem::take(&mut self.counts) {
            if count > MAX_PER_CODE_AND_FILE {
                let left_out = count - MAX_PER_CODE_AND_FILE;
                self.items.push(Diagnostic {
                    file,
                    line: 0,
                    level,
                    code: Code::DiagnosticsLeftOut,
                    message: format!("{left_out} more `{code}` diagnostics on this page are not shown"),
                });
            }
        }
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

/// A collector bound to one file: what a stage that reads one page reports through.
#[derive(Clone, Debug)]
pub struct FileDiagnostics {
    file: String,
    all: Diagnostics,
}

impl FileDiagnostics {
    pub fn new(file: &str) -> Self {
        FileDiagnostics { file: file.to_owned(), all: Diagnostics::new() }
    }

    /// The file this collector is bound to.
    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn warn(&mut self, line: u32, code: Code, message: impl Into<String>) {
        self.all.push(&self.file, line, Level::Warning, code, message);
    }

    pub fn error(&mut self, line: u32, code: Code, message: impl Into<String>) {
        self.all.push(&self.file, line, Level::Error, code, message);
    }

    pub fn note(&mut self, line: u32, code: Code, message: impl Into<String>) {
        self.all.push(&self.file, line, Level::Note, code, message);
    }

    /// Take in what another file's collector found (an include read for this page).
    pub fn extend(&mut self, other: FileDiagnostics) {
        self.all.extend(other.all);
    }

    pub fn has_errors(&self) -> bool {
        self.all.has_errors()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.all.iter()
    }

    /// Everything collected, for the run's collector.
    pub fn into_diagnostics(self) -> Diagnostics {
        self.all
    }

    /// Sorted, as [`Diagnostics::into_sorted`].
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        self.all.into_sorted()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_code_repeated_on_one_file_is_summed_up() {
        let mut page = Diagnostics::new();
        for line in 0..1_000 {
            page.warn("a.md", line, Code::UnresolvedType, "again");
        }
        page.error("a.md", 5, Code::UnresolvedType, "worse");
        page.warn("b.md", 1, Code::UnresolvedType, "once");
        let mut run = Diagnostics::new();
        run.extend(page);
        let all = run.into_sorted();
        assert_eq!(all.len(), MAX_PER_CODE_AND_FILE + 2);
        let last = all.iter().find(|d| d.code == Code::DiagnosticsLeftOut).unwrap();
        assert_eq!((last.file.as_str(), last.level), ("a.md", Level::Error));
        assert_eq!(last.message, "901 more `unresolved-type` diagnostics on this page are not shown");
    }
}
