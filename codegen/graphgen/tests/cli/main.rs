//! The real binary, run as a user runs it, in one test binary: hostile pages at
//! full size (`hostile`), killed runs (`kill`) and `graphgen diff` (`diff`).

mod diff;
mod hostile;
mod kill;

use std::path::{Path, PathBuf};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_graphgen");

/// The workspace root.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh, empty folder in the system temp directory: `graphgen-{tag}-{pid}`.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("graphgen-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
