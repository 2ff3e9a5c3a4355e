//! The plain-text reader: pages rendered to text with no markdown at all (no
//! `#`, no pipes, no fences). It recovers the structure the markdown reader
//! gives for the markdown original:
//!
//! - the first line is the `#` title; known section titles on a line of their
//!   own are level-2 headings (`Request` / `Response` inside an example are
//!   level 3);
//! - `METHOD /path` lines under `HTTP request` are one `http` code block;
//! - example requests (`POST https://...`, headers, blank line, JSON body) and
//!   responses (`HTTP/1.1 201 Created`, ...) are `http` code blocks holding the
//!   lines as written; JSON bodies end where their brackets balance;
//! - a line that starts with `{` is a `json` code block (JSON representations);
//! - a line equal to a known table header starts a table whose rows are split
//!   by the shape of their content;
//! - everything else is paragraphs (runs of non-blank lines).

use super::{Block, BlockKind, CodeBlock, Document, Heading, SourceFormat, Table, TableRow, Text};
use crate::diagnostics::{Code, FileDiagnostics};

/// Read a plain-text rendering. Never panics; problems go to `diags` under `path`.
pub fn read(path: &str, text: &str, diags: &mut FileDiagnostics) -> Document {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let mut reader = Reader { lines: &lines, diags, blocks: Vec::new(), section: Section::Other, in_example: false };
    reader.run();
    Document {
        path: path.to_owned(),
        format: Some(SourceFormat::PlainText),
        front_matter: Default::default(),
        blocks: reader.blocks,
    }
}

/// The level-2 section being read, as far as this reader cares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    HttpRequest,
    Other,
}

/// Section titles that become level-2 headings (compared case-insensitively).
const SECTION_TITLES: &[&str] = &[
    "permissions",
    "prerequisites",
    "http request",
    "optional query parameters",
    "query parameters",
    "function parameters",
    "path parameters",
    "request headers",
    "request body",
    "response",
    "example",
    "examples",
    "properties",
    "relationships",
    "methods",
    "members",
    "json representation",
    "see also",
];

/// A recognised title line.
#[derive(Clone, Copy)]
enum Title {
    /// `Request` / `Response` inside an example: level 3.
    Sub,
    /// A level-2 section title.
    Section { example: bool, http_request: bool },
}

/// How the cells of a flattened table row are recovered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum RowShape {
    /// A known permission type, then the rest (one cell).
    Permission,
    /// A known permission type, then least and higher privileged permissions.
    Permission3,
    /// First token, then the rest.
    NameRest,
    /// First token, a type (one token, or two when followed by `collection`), the rest.
    NameTypeRest,
    /// First token, a value token, the rest.
    NameValueRest,
}

/// Known table headers: the header cells and how rows split.
const TABLE_HEADERS: &[(&[&str], RowShape)] = &[
    (&["Permission type", "Permissions (from least to most privileged)"], RowShape::Permission),
    (&["Permission type", "Permissions (from most to least privileged)"], RowShape::Permission),
    (&["Permission type", "Permissions"], RowShape::Permission),
    (&["Permission type", "Least privileged permissions", "Higher privileged permissions"], RowShape::Permission3),
    (&["Permission type", "Least privileged permission", "Higher privileged permissions"], RowShape::Permission3),
    (&["Header", "Value"], RowShape::NameRest),
    (&["Name", "Description"], RowShape::NameRest),
    (&["Property", "Type", "Description"], RowShape::NameTypeRest),
    (&["Parameter", "Type", "Description"], RowShape::NameTypeRest),
    (&["Name", "Type", "Description"], RowShape::NameTypeRest),
    (&["Relationship", "Type", "Description"], RowShape::NameTypeRest),
    (&["Property", "Type"], RowShape::NameTypeRest),
    (&["Member", "Value", "Description"], RowShape::NameValueRest),
    (&["Name", "Value", "Description"], RowShape::NameValueRest),
];

/// Permission types that start a permission row, longest first.
const PERMISSION_TYPES: &[&str] = &[
    "Delegated (personal Microsoft account)",
    "Delegated (work or school account)",
    "Delegated (personal Microsoft account",
    "Delegated (work or school account",
    "Application-only",
    "Application",
    "Delegated",
];

/// Phrases that fill a permission cell on their own.
const PERMISSION_PHRASES: &[&str] = &["Not supported.", "Not supported", "Not available.", "Not available", "None."];

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

struct Reader<'a, 'd> {
    lines: &'a [&'a str],
    diags: &'d mut FileDiagnostics,
    blocks: Vec<Block>,
    section: Section,
    in_example: bool,
}

impl<'a> Reader<'a, '_> {
    fn line_number(index: usize) -> u32 {
        u32::try_from(index + 1).unwrap_or(u32::MAX)
    }

    fn push(&mut self, index: usize, kind: BlockKind) {
        self.blocks.push(Block { line: Self::line_number(index), kind });
    }

    fn trimmed(&self, index: usize) -> &'a str {
        self.lines.get(index).map_or("", |l| l.trim())
    }

    fn run(&mut self) {
        let n = self.lines.len();
        let mut i = 0;
        let mut title_done = false;
        // Whether the previous line ended a block (a blank line, the start, a table or code block).
        let mut at_boundary = true;
        while i < n {
            let t = self.trimmed(i);
            if t.is_empty() {
                at_boundary = true;
                i += 1;
                continue;
            }
            if !title_done {
                title_done = true;
                self.push(i, heading(1, t));
                i += 1;
                at_boundary = true;
                continue;
            }
            if at_boundary {
                if let Some(level) = self.section_title(t) {
                    self.push(i, heading(level, t));
                    i += 1;
                    continue;
                }
            }
            let next = if let Some((cells, shape)) = table_header(t) {
                self.table(i, cells, shape)
            } else if self.section == Section::HttpRequest && is_path_line(t) {
                self.paths(i)
            } else if is_request_line(t) || is_status_line(t) {
                self.http_example(i)
            } else if at_boundary && t.starts_with('{') {
                self.json_block(i)
            } else {
                self.paragraph(i)
            };
            // Every branch consumes at least the current line.
            i = next.max(i + 1);
            at_boundary = true;
        }
    }

    /// The heading level for a section title line, updating the section state.
    fn section_title(&mut self, t: &str) -> Option<u8> {
        match self.title_kind(t)? {
            Title::Sub => Some(3),
            Title::Section { example, http_request } => {
                self.in_example = example;
                self.section = if http_request { Section::HttpRequest } else { Section::Other };
                Some(2)
            }
        }
    }

    fn title_kind(&self, t: &str) -> Option<Title> {
        if t.len() > 120 {
            return None;
        }
        let key = collapse(t.trim_end_matches(':')).to_lowercase();
        if self.in_example && (key == "request" || key == "response") {
            return Some(Title::Sub);
        }
        let example = key == "example"
            || key == "examples"
            || key.strip_prefix("example ").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        (example || SECTION_TITLES.contains(&key.as_str()))
            .then_some(Title::Section { example, http_request: key == "http request" })
    }

    /// Whether line `index` would start a new block after a blank line: a
    /// section title (without changing state), table header or HTTP line.
    fn starts_block(&self, t: &str) -> bool {
        table_header(t).is_some() || is_request_line(t) || is_status_line(t)
    }

    fn is_section_title(&self, t: &str) -> bool {
        self.title_kind(t).is_some()
    }

    fn paragraph(&mut self, start: usize) -> usize {
        let mut i = start;
        let mut text = String::new();
        while i < self.lines.len() {
            let t = self.trimmed(i);
            if t.is_empty() || (i > start && self.starts_block(t)) {
                break;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(t);
            i += 1;
        }
        self.push(start, BlockKind::Paragraph(Text::plain(collapse(&text))));
        i
    }

    fn table(&mut self, start: usize, header: &[&str], shape: RowShape) -> usize {
        let mut rows = Vec::new();
        let mut i = start + 1;
        while i < self.lines.len() {
            let t = self.trimmed(i);
            if t.is_empty() || self.is_section_title(t) || table_header(t).is_some() {
                break;
            }
            let cells = split_row(t, shape).into_iter().map(Text::plain).collect();
            rows.push(TableRow { line: Self::line_number(i), cells });
            i += 1;
        }
        let header = header.iter().map(|h| Text::plain(*h)).collect();
        self.push(start, BlockKind::Table(Table { header, rows }));
        i
    }

    /// `METHOD /path` lines under `HTTP request`, blank lines between them skipped.
    fn paths(&mut self, start: usize) -> usize {
        let mut paths = vec![self.trimmed(start).to_owned()];
        let mut end = start + 1;
        loop {
            let next = self.next_non_blank(end);
            match next {
                Some(k) if is_path_line(self.trimmed(k)) => {
                    paths.push(self.trimmed(k).to_owned());
                    end = k + 1;
                }
                _ => break,
            }
        }
        self.push_code(start, "http", paths.join("\n"));
        end
    }

    /// A request or response: its first line, header lines (one blank line may
    /// follow the first line), then a blank line and a JSON body.
    fn http_example(&mut self, start: usize) -> usize {
        let mut end = start;
        while let Some(k) = self.next_non_blank(end + 1) {
            if k - end <= 2 && is_header_line(self.trimmed(k)) {
                end = k;
            } else {
                break;
            }
        }
        if let Some(k) = self.next_non_blank(end + 1) {
            let t = self.trimmed(k);
            if k - end <= 3 && (t.starts_with('{') || t.starts_with('[')) {
                end = self.json_end(k);
            }
        }
        let text = self.lines[start..=end].join("\n");
        self.push_code(start, "http", text);
        end + 1
    }

    fn json_block(&mut self, start: usize) -> usize {
        let end = self.json_end(start);
        let text = self.lines[start..=end].join("\n");
        self.push_code(start, "json", text);
        end + 1
    }

    fn push_code(&mut self, start: usize, info: &str, text: String) {
        let block = CodeBlock { info: info.to_owned(), text, content_line: Self::line_number(start), closed: true };
        self.push(start, BlockKind::Code(block));
    }

    fn next_non_blank(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&k| !self.trimmed(k).is_empty())
    }

    /// The line where the JSON value starting on line `start` closes its
    /// brackets (string-aware). When it never does, the value runs to the last
    /// non-blank line before the next section title (or the end), with a warning.
    fn json_end(&mut self, start: usize) -> usize {
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        let mut last_non_blank = start;
        let mut at_boundary = false;
        for (k, line) in self.lines.iter().enumerate().skip(start) {
            let t = line.trim();
            if k > start && depth > 0 && !in_string {
                if t.is_empty() {
                    at_boundary = true;
                    continue;
                }
                if at_boundary && self.is_section_title(t) {
                    break;
                }
            }
            at_boundary = false;
            if !t.is_empty() {
                last_non_blank = k;
            }
            for b in line.bytes() {
                if in_string {
                    match b {
                        _ if escaped => escaped = false,
                        b'\\' => escaped = true,
                        b'"' => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return k;
                        }
                    }
                    _ => {}
                }
            }
            // A string does not run across lines in these bodies.
            in_string = false;
            escaped = false;
        }
        self.diags.warn(
            Self::line_number(start),
            Code::UnbalancedJson,
            "JSON body never closes its brackets; reading it up to the next section",
        );
        last_non_blank
    }
}

fn heading(level: u8, t: &str) -> BlockKind {
    BlockKind::Heading(Heading { level, text: Text::plain(collapse(t)), anchor: None })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn table_header(t: &str) -> Option<(&'static [&'static str], RowShape)> {
    if t.len() > 200 {
        return None;
    }
    let key = collapse(t);
    TABLE_HEADERS
        .iter()
        .find(|(cells, _)| cells.join(" ").eq_ignore_ascii_case(&key))
        .map(|&(cells, shape)| (cells, shape))
}

fn method_and_rest(t: &str) -> Option<&str> {
    let (method, rest) = t.split_once(' ')?;
    METHODS.contains(&method).then(|| rest.trim_start())
}

/// `GET /users/{id}` (also without the leading `/`, or with an absolute URL).
fn is_path_line(t: &str) -> bool {
    method_and_rest(t).is_some_and(|rest| rest.starts_with('/') || (!rest.is_empty() && !rest.contains(' ')))
}

/// `POST https://graph.microsoft.com/...` or `GET /me`.
fn is_request_line(t: &str) -> bool {
    method_and_rest(t)
        .is_some_and(|rest| rest.starts_with("https://") || rest.starts_with("http://") || rest.starts_with('/'))
}

/// `HTTP/1.1 201 Created`.
fn is_status_line(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("HTTP/") else { return false };
    let mut parts = rest.split_whitespace();
    parts.next().is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        && parts.next().is_some_and(|code| code.len() == 3 && code.chars().all(|c| c.is_ascii_digit()))
}

/// `Content-Type: application/json`: a token of header-name characters, a colon.
fn is_header_line(t: &str) -> bool {
    let Some((name, _)) = t.split_once(':') else { return false };
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Split a flattened row into cells by the table's row shape.
fn split_row(t: &str, shape: RowShape) -> Vec<String> {
    match shape {
        RowShape::Permission | RowShape::Permission3 => {
            let (kind, rest) = split_permission_type(t);
            let mut cells = vec![kind.to_owned()];
            if shape == RowShape::Permission {
                cells.push(rest.to_owned());
            } else {
                let (least, higher) = split_permission_lists(rest);
                cells.push(least);
                cells.push(higher);
            }
            cells
        }
        RowShape::NameRest => {
            let (name, rest) = split_token(t);
            vec![name.to_owned(), rest.to_owned()]
        }
        RowShape::NameTypeRest => {
            let (name, rest) = split_token(t);
            let (ty, rest) = split_token(rest);
            let (word, after) = split_token(rest);
            if word.eq_ignore_ascii_case("collection") {
                vec![name.to_owned(), format!("{ty} {word}"), after.to_owned()]
            } else {
                vec![name.to_owned(), ty.to_owned(), rest.to_owned()]
            }
        }
        RowShape::NameValueRest => {
            let (name, rest) = split_token(t);
            let (value, rest) = split_token(rest);
            vec![name.to_owned(), value.to_owned(), rest.to_owned()]
        }
    }
}

/// The first whitespace-separated token and the trimmed rest.
fn split_token(t: &str) -> (&str, &str) {
    let t = t.trim();
    match t.split_once(char::is_whitespace) {
        Some((first, rest)) => (first, rest.trim()),
        None => (t, ""),
    }
}

fn split_permission_type(t: &str) -> (&str, &str) {
    for kind in PERMISSION_TYPES {
        if let Some(prefix) = t.get(..kind.len()) {
            let boundary = t[kind.len()..].chars().next().is_none_or(char::is_whitespace);
            if prefix.eq_ignore_ascii_case(kind) && boundary {
                return (prefix, t[kind.len()..].trim());
            }
        }
    }
    split_token(t)
}

/// `Chat.Read.All, Chat.ReadWrite.All Not available.` → the first list (or
/// phrase) and the rest.
fn split_permission_lists(t: &str) -> (String, String) {
    let t = t.trim();
    for phrase in PERMISSION_PHRASES {
        if let Some(prefix) = t.get(..phrase.len()) {
            if prefix.eq_ignore_ascii_case(phrase) {
                return (prefix.to_owned(), t[phrase.len()..].trim().to_owned());
            }
        }
    }
    // A comma-separated list continues while tokens end with a comma.
    let mut rest = t;
    let mut taken = 0;
    loop {
        let (token, after) = split_token(rest);
        if token.is_empty() {
            break;
        }
        taken = t.len() - after.len();
        rest = after;
        if !token.ends_with(',') {
            break;
        }
    }
    let (least, higher) = t.split_at(taken.min(t.len()));
    (least.trim().to_owned(), higher.trim().to_owned())
}
