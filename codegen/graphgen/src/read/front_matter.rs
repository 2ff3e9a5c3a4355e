//! YAML front matter: the block between a leading `---` line and the next
//! `---` (or `...`) line, flattened to string fields.
//!
//! Invalid YAML does not fail the page: the block is re-read line by line as
//! `key: value` pairs and a `front-matter-invalid` warning is emitted. A block
//! that is never closed is not front matter (`front-matter-unclosed`).

use super::FrontMatter;
use crate::diagnostics::{Code, FileDiagnostics};
use serde_yaml_ng::Value;

/// A file split into its front matter and its body.
#[derive(Clone, Debug, Default)]
pub struct Split<'a> {
    pub front_matter: FrontMatter,
    /// The text after the closing `---` line (the whole text, minus a BOM,
    /// when there is no front matter).
    pub body: &'a str,
    /// Byte offset of `body` within the whole text.
    pub body_offset: usize,
    /// 1-based line of the first body line.
    pub body_line: u32,
}

/// Split `text` into front matter and body. Never fails: problems become
/// warnings in `diags` under `path`.
pub fn split<'a>(text: &'a str, diags: &mut FileDiagnostics) -> Split<'a> {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let no_front_matter =
        Split { front_matter: FrontMatter::default(), body: &text[bom..], body_offset: bom, body_line: 1 };

    // Lines as (1-based number, byte start, content without the line break).
    let mut lines = LineIter::new(text, bom);
    let opening = loop {
        match lines.next() {
            Some((_, _, content)) if content.trim().is_empty() => continue,
            Some((number, _, content)) if content.trim_end() == "---" => break number,
            _ => return no_front_matter,
        }
    };
    let yaml_start = lines.offset();
    let mut closing = None;
    for (number, start, content) in lines.by_ref() {
        let trimmed = content.trim_end();
        if trimmed == "---" || trimmed == "..." {
            closing = Some((number, start));
            break;
        }
    }
    let Some((closing_line, closing_start)) = closing else {
        diags.warn(
            opening,
            Code::FrontMatterUnclosed,
            "front matter opened with `---` is never closed; reading the file as having none",
        );
        return no_front_matter;
    };
    let body_offset = lines.offset();
    let yaml = &text[yaml_start..closing_start];
    let first_yaml_line = opening.saturating_add(1);

    if let Some(front_matter) = simple_front_matter(yaml, first_yaml_line) {
        return Split {
            front_matter,
            body: &text[body_offset..],
            body_offset,
            body_line: closing_line.saturating_add(1),
        };
    }
    let front_matter = yaml_front_matter(yaml, first_yaml_line, opening, closing_line, diags);
    Split { front_matter, body: &text[body_offset..], body_offset, body_line: closing_line.saturating_add(1) }
}

/// The front matter block read by serde_yaml (line by line when it is not valid YAML).
fn yaml_front_matter(
    yaml: &str,
    first_yaml_line: u32,
    opening: u32,
    closing_line: u32,
    diags: &mut FileDiagnostics,
) -> FrontMatter {
    let key_lines = scan_key_lines(yaml, first_yaml_line);
    let mut front_matter = FrontMatter { present: true, ..FrontMatter::default() };
    // The YAML parser's time grows with the square of flow nesting (`[[[[…`): deeper
    // blocks are read line by line without it.
    let (depth, over) = crate::limits::bracket_depth(yaml, crate::limits::MAX_FRONT_MATTER_DEPTH);
    if let Some(offset) = over {
        let line = first_yaml_line.saturating_add(count_lines(&yaml[..offset]));
        diags.warn(
            line,
            Code::NestingTooDeep,
            format!(
                "front matter nests {depth} levels deep (more than {}); reading it line by line",
                crate::limits::MAX_FRONT_MATTER_DEPTH
            ),
        );
        fallback(yaml, first_yaml_line, &mut front_matter);
        return front_matter;
    }
    match serde_yaml_ng::from_str::<Value>(yaml) {
        Ok(Value::Mapping(mapping)) => {
            for (key, value) in mapping {
                let (Some(key), Some(value)) = (scalar_to_string(&key), flatten(&value)) else {
                    continue;
                };
                let line = key_lines.get(&key).copied().unwrap_or(opening);
                front_matter.lines.insert(key.clone(), line);
                front_matter.fields.insert(key, value);
            }
        }
        Ok(Value::Null) => {}
        Ok(_) => {
            diags.warn(
                first_yaml_line,
                Code::FrontMatterInvalid,
                "front matter is not a YAML mapping; reading it line by line",
            );
            fallback(yaml, first_yaml_line, &mut front_matter);
        }
        Err(e) => {
            let line = e.location().map_or(first_yaml_line, |l| {
                first_yaml_line.saturating_add(u32::try_from(l.line()).unwrap_or(u32::MAX).saturating_sub(1))
            });
            let message = e.to_string();
            let message = message.lines().next().unwrap_or("invalid YAML");
            diags.warn(
                line.min(closing_line),
                Code::FrontMatterInvalid,
                format!("front matter is not valid YAML ({message}); reading it line by line"),
            );
            fallback(yaml, first_yaml_line, &mut front_matter);
        }
    }
    front_matter
}

/// The common shape read without a YAML parser: every line `key: value` at column 0
/// with a plain key, and a value that YAML reads as that very string (a plain
/// scalar starting with a letter that is no YAML keyword and holds no `: ` or `#`,
/// or a quoted one without escapes). Anything else (`None`) goes to serde_yaml,
/// so both paths give the same fields.
fn simple_front_matter(yaml: &str, first_line: u32) -> Option<FrontMatter> {
    let mut front_matter = FrontMatter { present: true, ..FrontMatter::default() };
    for (number, _, line) in LineIter::new(yaml, 0) {
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let plain_key = key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
        if !plain_key || !value.starts_with(' ') || front_matter.fields.contains_key(key) {
            return None;
        }
        let value = value.trim_matches(' ');
        let string = if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            (!inner.contains(['"', '\\'])).then_some(inner)?
        } else if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
            (!inner.contains('\'')).then_some(inner)?
        } else {
            let keyword = matches!(
                value.to_ascii_lowercase().as_str(),
                "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null"
            );
            let plain = value.starts_with(|c: char| c.is_ascii_alphabetic())
                && !value.contains(['#', '\t'])
                && !value.contains(": ")
                && !value.ends_with(':');
            (plain && !keyword).then_some(value)?
        };
        if string.chars().any(char::is_control) {
            return None;
        }
        front_matter.lines.insert(key.to_owned(), first_line.saturating_add(number - 1));
        front_matter.fields.insert(key.to_owned(), string.to_owned());
    }
    Some(front_matter)
}

fn count_lines(text: &str) -> u32 {
    u32::try_from(text.bytes().filter(|&b| b == b'\n').count()).unwrap_or(u32::MAX)
}

/// Iterator over `(line number, start offset, content)` from a byte offset.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
    number: u32,
}

impl<'a> LineIter<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        LineIter { text, pos, number: 0 }
    }

    /// Offset of the next line.
    fn offset(&self) -> usize {
        self.pos
    }
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (u32, usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (content, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        self.number = self.number.saturating_add(1);
        Some((self.number, start, content.strip_suffix('\r').unwrap_or(content)))
    }
}

/// Top-level `key:` lines (not indented, not comments or list items).
fn scan_key_lines(yaml: &str, first_line: u32) -> std::collections::HashMap<String, u32> {
    let mut keys = std::collections::HashMap::new();
    for (number, _, line) in LineIter::new(yaml, 0) {
        if let Some((key, _)) = key_value(line) {
            keys.entry(key).or_insert(first_line.saturating_add(number - 1));
        }
    }
    keys
}

/// `key: value` on an unindented line; the key unquoted.
fn key_value(line: &str) -> Option<(String, &str)> {
    if line.starts_with(char::is_whitespace) || line.starts_with(['#', '-']) {
        return None;
    }
    let colon = line.find(':')?;
    let key = unquote(line[..colon].trim());
    if key.is_empty() {
        return None;
    }
    Some((key.to_owned(), line[colon + 1..].trim()))
}

/// A value without the quotes around it (`"…"` or `'…'`); the table of contents reads its values so too.
pub(super) fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// Line-by-line reading of front matter that is not valid YAML: `key: value`
/// at column 0 (everything after the first colon is the value), indented
/// `- item` lines append to the previous key's list, other indented lines
/// continue its value. The last occurrence of a key wins.
fn fallback(yaml: &str, first_line: u32, front_matter: &mut FrontMatter) {
    let mut current: Option<String> = None;
    for (number, _, line) in LineIter::new(yaml, 0) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some((key, value)) = key_value(line) {
            let value = match value {
                "|" | "|-" | ">" | ">-" => "",
                v => unquote(v),
            };
            front_matter.lines.insert(key.clone(), first_line.saturating_add(number - 1));
            front_matter.fields.insert(key.clone(), value.to_owned());
            current = Some(key);
            continue;
        }
        let Some(value) = current.as_ref().and_then(|k| front_matter.fields.get_mut(k)) else {
            continue;
        };
        let (item, separator) = match trimmed.strip_prefix('-') {
            Some(item) if line.starts_with(char::is_whitespace) || line.starts_with('-') => (item.trim(), ", "),
            _ => (trimmed, " "),
        };
        if !value.is_empty() {
            value.push_str(separator);
        }
        value.push_str(unquote(item));
    }
}

fn scalar_to_string(value: &Value) -> Option<String> {
    match untagged(value) {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => None,
    }
}

/// The value under any `!tags` (a loop: no depth a page could choose).
fn untagged(mut value: &Value) -> &Value {
    while let Value::Tagged(tagged) = value {
        value = &tagged.value;
    }
    value
}

/// A field value: scalars as strings, lists of scalars joined with `, `,
/// mappings dropped (`None`).
fn flatten(value: &Value) -> Option<String> {
    match untagged(value) {
        Value::Sequence(items) => {
            Some(items.iter().filter_map(scalar_to_string).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", "))
        }
        Value::Mapping(_) => None,
        scalar => scalar_to_string(scalar),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every front matter block of the corpus that the fast path reads gives the
    /// same fields and lines as serde_yaml (skipped without ../shared/corpus).
    #[test]
    fn simple_path_agrees_with_serde_yaml_on_the_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
        let Ok(files) = crate::specs::walk_files(&root, |_| true, |_| true) else { return };
        let (mut fast, mut all) = (0, 0);
        for path in files.iter().map(|rel| root.join(rel)) {
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let Some(rest) = text.strip_prefix("---\n") else { continue };
            let Some(end) = rest.find("\n---") else { continue };
            let yaml = &rest[..=end];
            all += 1;
            if let Some(simple) = simple_front_matter(yaml, 2) {
                fast += 1;
                let mut diags = FileDiagnostics::new("t.md");
                let slow = yaml_front_matter(yaml, 2, 1, 99, &mut diags);
                assert_eq!(simple.fields, slow.fields, "{}", path.display());
                assert_eq!(simple.lines, slow.lines, "{}", path.display());
                assert!(diags.is_empty(), "{}", path.display());
            }
        }
        eprintln!("{fast} of {all} front matter blocks read without serde_yaml");
    }

    fn run(text: &str) -> (Split<'_>, FileDiagnostics) {
        let mut diags = FileDiagnostics::new("t.md");
        let split = split(text, &mut diags);
        (split, diags)
    }

    fn codes(diags: &FileDiagnostics) -> Vec<&'static str> {
        diags.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn seed_front_matter() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../specs/api/intune-chromebooksync-chromeosonboardingsettings-connect.md"
        ))
        .expect("seed page");
        let (s, diags) = run(&text);
        assert!(diags.is_empty());
        let fm = &s.front_matter;
        assert!(fm.present);
        assert_eq!(fm.get("title"), Some("connect action"));
        assert_eq!(fm.get("doc_type"), Some("apiPageType"));
        assert_eq!(fm.get("ms.prod"), Some("intune"));
        assert_eq!(fm.lines.get("title"), Some(&2));
        assert_eq!(fm.lines.get("doc_type"), Some(&7));
        assert_eq!(s.body_line, 9);
        assert!(s.body.starts_with("\n# connect action"));
        assert_eq!(&text[s.body_offset..], s.body);
    }

    #[test]
    fn lists_numbers_and_nested_maps() {
        let (s, diags) = run(
            "\u{feff}\n---\ntitle: x\nauthors:\n  - a\n  - b\nms.date: 2024-01-02\ncount: 3\nflag: true\nnested:\n  k: v\nempty:\n---\nbody\n",
        );
        assert!(diags.is_empty());
        let fm = &s.front_matter;
        assert_eq!(fm.get("authors"), Some("a, b"));
        assert_eq!(fm.get("ms.date"), Some("2024-01-02"));
        assert_eq!(fm.get("count"), Some("3"));
        assert_eq!(fm.get("flag"), Some("true"));
        assert_eq!(fm.get("nested"), None);
        assert_eq!(fm.get("empty"), Some(""));
        assert_eq!(fm.lines.get("title"), Some(&3));
        assert_eq!(fm.lines.get("count"), Some(&8));
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 14);
    }

    #[test]
    fn invalid_yaml_falls_back_to_lines() {
        let (s, diags) = run("---\ntitle: x: y\ndescription: \"quoted\"\ntags:\n  - a\n  - b\n\tbad: tab\n---\n# T\n");
        assert_eq!(codes(&diags), vec!["front-matter-invalid"]);
        let fm = &s.front_matter;
        assert!(fm.present);
        assert_eq!(fm.get("title"), Some("x: y"));
        assert_eq!(fm.get("description"), Some("quoted"));
        assert_eq!(fm.get("tags"), Some("a, b bad: tab"));
        assert_eq!(fm.lines.get("description"), Some(&3));
        assert_eq!(s.body, "# T\n");
    }

    #[test]
    fn unclosed_front_matter_is_not_front_matter() {
        let (s, diags) = run("---\ntitle: x\n# Heading\n");
        assert_eq!(codes(&diags), vec!["front-matter-unclosed"]);
        assert!(!s.front_matter.present);
        assert_eq!(s.body_offset, 0);
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn no_front_matter_and_empty_inputs() {
        for text in ["", "\n\n", "# Title\n---\n", "\u{feff}", "---", "---\n---", "---\r\ntitle: a\r\n---\r\nx"] {
            let (s, _) = run(text);
            assert!(s.body_offset <= text.len());
        }
        let (s, diags) = run("---\r\ntitle: a\r\n---\r\nx");
        assert!(diags.is_empty());
        assert_eq!(s.front_matter.get("title"), Some("a"));
        assert_eq!(s.body, "x");
        let (s, diags) = run("---\n---\nx");
        assert!(diags.is_empty() && s.front_matter.present && s.front_matter.fields.is_empty());
        let (s, diags) = run("---\njust a scalar\n---\n");
        assert_eq!(codes(&diags), vec!["front-matter-invalid"]);
        assert!(s.front_matter.fields.is_empty());
    }
}
