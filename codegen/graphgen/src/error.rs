//! Fatal errors: the ones that stop a run before or after the pages (a page's
//! own problems are [`Diagnostic`](crate::diagnostics::Diagnostic)s, never errors).

use std::path::PathBuf;

/// Why a run could not be done at all.
#[derive(Debug)]
pub enum Error {
    /// The specs folder cannot be listed.
    SpecsUnreadable { path: PathBuf, source: std::io::Error },
    /// A bug in the generator: emitted tokens that do not parse.
    Internal(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::SpecsUnreadable { path, source } => {
                write!(f, "cannot read specs folder {}: {source}", path.display())
            }
            Error::Internal(what) => write!(f, "internal error: {what}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::SpecsUnreadable { source, .. } => Some(source),
            Error::Internal(_) => None,
        }
    }
}
