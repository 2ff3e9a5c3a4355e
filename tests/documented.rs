//! What a docs tree documents, read with plain string matching (not the generator's
//! reader), for the corpus test to hold the generated crate against: every request
//! line of the API pages, every row of the resource pages' property tables.

use std::path::Path;

/// The markdown pages of `dir`, sorted: (file name, text).
fn pages(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_str()?.to_owned();
                    let text = std::fs::read(e.path()).ok()?;
                    name.ends_with(".md").then(|| (name, String::from_utf8_lossy(&text).into_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The lines of the `## heading` section (up to the next `## `).
fn section<'t>(text: &'t str, heading: &str) -> Vec<&'t str> {
    let mut lines = text.lines().skip_while(|l| {
        let l = l.trim();
        !(l.starts_with("## ") && l.to_ascii_lowercase().ends_with(heading))
    });
    if lines.next().is_none() {
        return Vec::new();
    }
    lines.take_while(|l| !l.starts_with("## ")).collect()
}

/// A path template compared by shape: no host, no query, no trailing `/`, every
/// `{placeholder}` as `{}`.
pub fn path_shape(path: &str) -> String {
    let path = path.trim();
    let path = path
        .strip_prefix("https://graph.microsoft.com/v1.0")
        .or_else(|| path.strip_prefix("https://graph.microsoft.com/beta"))
        .unwrap_or(path);
    let path = path.split('?').next().unwrap_or("").trim_end_matches('/');
    let mut out = String::with_capacity(path.len() + 1);
    if !path.starts_with('/') {
        out.push('/');
    }
    let mut in_placeholder = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_placeholder = true;
                out.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            _ => out.push(c),
        }
    }
    out
}

/// Every `METHOD /path` line in a fence of an API page's `## HTTP request`
/// section: (file, method, path shape).
pub fn request_lines(tree: &Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (file, text) in pages(&tree.join("api")) {
        let mut in_fence = false;
        for line in section(&text, "http request") {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
                continue;
            }
            let mut words = line.split_whitespace();
            let (Some(method), Some(path)) = (words.next(), words.next()) else { continue };
            let known = ["GET", "POST", "PATCH", "PUT", "DELETE"].contains(&method);
            if in_fence && known && (path.starts_with('/') || path.starts_with("https://")) {
                let rest: Vec<&str> = std::iter::once(path).chain(words).collect();
                out.push((format!("api/{file}"), method.to_owned(), path_shape(&rest.join(" "))));
            }
        }
    }
    out
}

/// The property names of the first table under each resource page's `## Properties`:
/// (file, names). Rows whose name is not an identifier (`@odata.etag`, prose) are left out.
pub fn property_rows(tree: &Path) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (file, text) in pages(&tree.join("resources")) {
        let lines = section(&text, "properties");
        let table = lines
            .iter()
            .skip_while(|l| !l.trim_start().starts_with('|'))
            .take_while(|l| l.trim_start().starts_with('|'))
            .skip(2); // the header and its separator
        let names: Vec<String> = table
            .filter_map(|row| {
                let name = row.trim().trim_start_matches('|').split('|').next()?.trim();
                let name = name.trim_matches(|c| c == '*' || c == '`').trim();
                let identifier = name.starts_with(|c: char| c.is_ascii_alphabetic())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                identifier.then(|| name.to_owned())
            })
            .collect();
        if !names.is_empty() {
            out.push((format!("resources/{file}"), names));
        }
    }
    out
}

/// A path compared with the path a handle walk builds: segment by segment, case-insensitive,
/// quotes and a path-valued segment's closing `:` left out, a function call by its name
/// (pages spell one call's arguments several ways), every placeholder alike.
pub fn walk_shape(path: &str) -> Vec<String> {
    path_shape(&path.replace('\'', ""))
        .to_ascii_lowercase()
        .replace(":/{}:", ":/{}")
        .trim_end_matches(':')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.split('(').next().unwrap_or(s).to_owned())
        .collect()
}
