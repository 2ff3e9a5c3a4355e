//! The specs folder on disk: the one directory walker, page discovery, and the
//! paths pages write to each other (`../resources/user.md`, `[!INCLUDE]`
//! targets), resolved relative to the specs root and never above it.

use std::io;
use std::path::{Component, Path, PathBuf};

/// Every file below `root` (relative, `/`-separated, sorted) whose folders pass
/// `enter_dir` (given a folder's name) and whose name passes `keep_file`.
/// Iterative; a missing `root` gives no files.
pub fn walk_files(
    root: &Path,
    enter_dir: impl Fn(&str) -> bool,
    keep_file: impl Fn(&str) -> bool,
) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let ty = entry.file_type()?;
            if ty.is_dir() {
                if enter_dir(&name) {
                    stack.push(entry.path());
                }
            } else if ty.is_file() && keep_file(&name) {
                if let Ok(rel) = entry.path().strip_prefix(root) {
                    let rel: Vec<String> =
                        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                    out.push(rel.join("/"));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Every page under `root`: `.md` and `.txt` files, sorted, skipping hidden
/// folders, `snippets/` and `includes/` (read only through `[!INCLUDE]`).
pub fn discover(root: &Path) -> io::Result<Vec<String>> {
    walk_files(
        root,
        |dir| !dir.starts_with('.') && dir != "includes" && dir != "snippets",
        |file| file.ends_with(".md") || file.ends_with(".txt"),
    )
}

/// `a/b/../c` → `a/c`; `None` when the path climbs above the root.
pub fn normalize_relative(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for comp in Path::new(path).components() {
        match comp {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// A link or include `target` written on the page at `page_path`, as a path
/// relative to the specs root; `None` when it climbs above the root.
pub fn resolve_relative(page_path: &str, target: &str) -> Option<String> {
    let dir = page_path.rsplit_once('/').map_or("", |(d, _)| d);
    let joined = if dir.is_empty() { target.to_owned() } else { format!("{dir}/{target}") };
    normalize_relative(&joined)
}

/// The text of the file `target` written on the page at `page_path`, inside `root`:
/// its specs-relative path (as found: links resolve case-insensitively,
/// `directoryObject.md` → `directoryobject.md`) and its text (invalid UTF-8 replaced).
pub fn read_linked(root: &Path, page_path: &str, target: &str) -> Result<(String, String), String> {
    let target = target.trim().replace('\\', "/");
    let rel =
        resolve_relative(page_path, &target).ok_or_else(|| format!("{target} points outside the specs folder"))?;
    let full = root.join(&rel);
    let found = if full.is_file() { Some((rel.clone(), full)) } else { case_insensitive(root, &rel) };
    let (rel, full) = found.ok_or_else(|| format!("{rel} does not exist"))?;
    let bytes = std::fs::read(&full).map_err(|e| format!("{rel}: {e}"))?;
    Ok((rel, String::from_utf8_lossy(&bytes).into_owned()))
}

fn case_insensitive(root: &Path, rel: &str) -> Option<(String, PathBuf)> {
    let mut dir = root.to_path_buf();
    let mut found = Vec::new();
    for part in rel.split('/') {
        let entry = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().eq_ignore_ascii_case(part))?;
        found.push(entry.file_name().to_string_lossy().into_owned());
        dir = entry.path();
    }
    dir.is_file().then(|| (found.join("/"), dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside_the_root() {
        assert_eq!(resolve_relative("api/user-get.md", "../resources/user.md").as_deref(), Some("resources/user.md"));
        assert_eq!(resolve_relative("api/user-get.md", "../../etc/passwd"), None);
        assert_eq!(normalize_relative("/etc/passwd"), None);
        assert_eq!(normalize_relative("a/./b/../c").as_deref(), Some("a/c"));
    }
}
