//! Writing the generated crate: `--check` (what would change), and an atomic
//! write. The new tree is built beside the output folder (unchanged files are
//! hard-linked, so their timestamps survive and cargo does not rebuild them;
//! hand-written files are carried over) and swapped in with one rename
//! exchange, so a run that fails or is killed leaves the previous crate whole.
//! Only files carrying the generated marker are ever replaced or removed.

use crate::emit::{GENERATED_MARKER, GeneratedFile};
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Added(String),
    Modified(String),
    /// A generated file that the new run no longer produces.
    Removed(String),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added(p) => write!(f, "would add {p}"),
            Change::Modified(p) => write!(f, "would change {p}"),
            Change::Removed(p) => write!(f, "would remove {p}"),
        }
    }
}

/// Whether a file was written by graphgen (its first lines carry the marker).
pub fn is_generated(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 256];
    let Ok(mut f) = fs::File::open(path) else { return false };
    let n = f.read(&mut head).unwrap_or(0);
    String::from_utf8_lossy(&head[..n]).contains(GENERATED_MARKER)
}

/// Every file below `dir`, relative, `/`-separated, sorted.
fn walk(dir: &Path) -> io::Result<Vec<String>> {
    crate::specs::walk_files(dir, |_| true, |_| true)
}

/// Whether [`ensure_files`] and [`ensure_file`] write, or only compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Write,
    /// `--check`: write nothing, report what would change.
    Check,
}

/// Make the generated files below `out` be `files`: with [`Mode::Write`], write
/// them atomically and return the changes made; with [`Mode::Check`], return
/// the changes that writing would make and touch nothing.
pub fn ensure_files(out: &Path, files: &[GeneratedFile], mode: Mode) -> io::Result<Vec<Change>> {
    match mode {
        Mode::Write => write(out, files),
        Mode::Check => check(out, files),
    }
}

/// What [`ensure_file`] found or did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileState {
    UpToDate,
    /// Check mode: the file differs.
    Stale,
    /// Check mode: the file does not exist.
    Missing,
    /// Write mode: the file was written.
    Written,
}

/// Make the one file at `path` hold `contents` (atomically, see [`write_file`]),
/// or with [`Mode::Check`] say whether it does.
pub fn ensure_file(path: &Path, contents: &[u8], mode: Mode) -> io::Result<FileState> {
    match mode {
        Mode::Check => match fs::read(path) {
            Ok(old) if old == contents => Ok(FileState::UpToDate),
            Ok(_) => Ok(FileState::Stale),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(FileState::Missing),
            Err(e) => Err(e),
        },
        Mode::Write => Ok(if write_file(path, contents)? { FileState::Written } else { FileState::UpToDate }),
    }
}

/// What writing `files` into `out` would change.
pub fn check(out: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    let new: BTreeMap<&str, &str> = files.iter().map(|f| (f.path.as_str(), f.contents.as_str())).collect();
    for (path, contents) in &new {
        match fs::read(out.join(path)) {
            Ok(old) if old == contents.as_bytes() => {}
            Ok(_) => changes.push(Change::Modified((*path).to_owned())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => changes.push(Change::Added((*path).to_owned())),
            Err(e) => return Err(e),
        }
    }
    for path in walk(out)? {
        if !new.contains_key(path.as_str()) && is_generated(&out.join(&path)) {
            changes.push(Change::Removed(path));
        }
    }
    changes.sort();
    Ok(changes)
}

fn sibling(out: &Path, tag: &str) -> io::Result<PathBuf> {
    let name = out.file_name().ok_or_else(|| io::Error::other("output folder has no name"))?;
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}.graphgen-{tag}-{}", name.to_string_lossy(), std::process::id())))
}

fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
}

/// Swap two directories atomically where the OS can; otherwise two renames.
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok() {
            return Ok(true);
        }
    }
    let _ = (a, b);
    Ok(false)
}

/// Write `files` into `out` atomically. Returns the changes made (empty: nothing was touched).
pub fn write(out: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Change>> {
    let changes = check(out, files)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    let staging = sibling(out, "staging")?;
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let result = (|| -> io::Result<()> {
        fs::create_dir_all(&staging)?;
        let new: BTreeMap<&str, &str> = files.iter().map(|f| (f.path.as_str(), f.contents.as_str())).collect();
        // Carry over what is not ours, and our files that did not change.
        for path in walk(out)? {
            let old = out.join(&path);
            let keep = match new.get(path.as_str()) {
                Some(contents) => fs::read(&old).is_ok_and(|b| b == contents.as_bytes()),
                None => !is_generated(&old),
            };
            if keep {
                link_or_copy(&old, &staging.join(&path))?;
            }
        }
        for f in files {
            let target = staging.join(&f.path);
            if target.exists() {
                continue;
            }
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&target, &f.contents)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if !out.exists() {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        fs::rename(&staging, out)?;
    } else if exchange(&staging, out)? {
        // `staging` now holds the previous tree.
        fs::remove_dir_all(&staging)?;
    } else {
        let old = sibling(out, "previous")?;
        fs::rename(out, &old)?;
        if let Err(e) = fs::rename(&staging, out) {
            let _ = fs::rename(&old, out);
            return Err(e);
        }
        fs::remove_dir_all(&old)?;
    }
    Ok(changes)
}

/// Write one file atomically (a sibling temporary file renamed over it).
/// Returns false, touching nothing, when the file already has these contents.
///
/// A path that names something other than a regular file (`/dev/null`, a FIFO, `/dev/stdout`)
/// is written in place: renaming over it would replace the device with a plain file. A symbolic
/// link is followed, so the file it points to is replaced and the link is kept.
pub fn write_file(path: &Path, contents: &[u8]) -> io::Result<bool> {
    let path = match fs::canonicalize(path) {
        Ok(target) => target,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    match fs::metadata(&path) {
        Ok(meta) if !meta.is_file() => {
            if meta.is_dir() {
                return Err(io::Error::other(format!("{} is a directory", path.display())));
            }
            return fs::OpenOptions::new().write(true).open(&path)?.write_all(contents).map(|()| true);
        }
        Ok(_) if fs::read(&path).is_ok_and(|old| old == contents) => return Ok(false),
        _ => {}
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let tmp = sibling(&path, "tmp")?;
    let result = fs::write(&tmp, contents).and_then(|()| fs::rename(&tmp, &path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map(|()| true)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("graphgen-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_device_or_fifo_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = scratch("fifo");
        let fifo = dir.join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo is not available; skipped");
            return;
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(fifo).unwrap())
        };
        assert!(write_file(&fifo, b"document").unwrap());
        assert_eq!(reader.join().unwrap(), b"document");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_symlink_is_followed_and_kept() {
        let dir = scratch("link");
        fs::write(dir.join("target.json"), "old").unwrap();
        std::os::unix::fs::symlink("target.json", dir.join("link.json")).unwrap();
        assert!(write_file(&dir.join("link.json"), b"new").unwrap());
        assert!(fs::symlink_metadata(dir.join("link.json")).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(dir.join("target.json")).unwrap(), "new");
        assert!(!write_file(&dir.join("link.json"), b"new").unwrap(), "unchanged contents are not rewritten");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = scratch("dir");
        assert!(write_file(&dir, b"x").is_err());
        assert!(dir.is_dir());
        fs::remove_dir_all(&dir).unwrap();
    }
}
