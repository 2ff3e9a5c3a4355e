//! The `HTTP request` section: `METHOD /path` lines, parsed into path templates
//! with `{params}` (alternates `{id | userPrincipalName}`, quoted key literals
//! `(appId='{appId}')`, function arguments, `$ref`/`$value`/`$count`, colon paths).

use crate::classify::{Classification, SectionKind, is_http_method};
use crate::diagnostics::{Code, FileDiagnostics};
use crate::limits;
use crate::read::BlockKind;
use serde::Serialize;

/// One `METHOD /path` line of an HTTP request block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HttpRequestLine {
    pub method: String,
    pub template: PathTemplate,
    pub line: u32,
}

/// A path template, split into literal text and parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathTemplate {
    /// As written (after removing a scheme, host and version prefix).
    pub raw: String,
    pub pieces: Vec<PathPiece>,
    /// A fixed query string written in the template (`?$filter=...`), without `?`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PathPiece {
    Literal {
        text: String,
    },
    Param {
        /// The name as written (`id`, `user-id`, `period_value`).
        name: String,
        /// Other names the docs give for the same slot (`{id | userPrincipalName}`).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        alternates: Vec<String>,
        /// Written inside single quotes: an OData string key or argument.
        quoted: bool,
    },
}

impl PathTemplate {
    /// The template with every parameter replaced by `{}`: the identity of a path.
    pub fn shape(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                PathPiece::Literal { text } => out.push_str(text),
                PathPiece::Param { .. } => out.push_str("{}"),
            }
        }
        out
    }

    pub fn params(&self) -> impl Iterator<Item = (&str, bool)> {
        self.pieces.iter().filter_map(|p| match p {
            PathPiece::Param { name, quoted, .. } => Some((name.as_str(), *quoted)),
            PathPiece::Literal { .. } => None,
        })
    }

    /// Literal path segments (`/a/{x}/b` → `a`, `b`), for naming.
    pub fn literal_segments(&self) -> Vec<String> {
        self.shape().split('/').filter(|s| !s.is_empty() && !s.contains("{}")).map(str::to_owned).collect()
    }
}

/// The API version segment of an absolute URL (`https://graph.microsoft.com/v1.0/me` → `v1.0`).
pub fn api_version_of(raw: &str) -> Option<&'static str> {
    let rest = raw.trim().strip_prefix("https://").or_else(|| raw.trim().strip_prefix("http://"))?;
    let after_host = &rest[rest.find('/')?..];
    ["beta", "v1.0"].into_iter().find(|v| after_host.strip_prefix('/').is_some_and(|p| p.starts_with(&format!("{v}/"))))
}

/// Parse a path as written. Never fails: odd text stays literal.
pub fn parse_path(raw: &str) -> PathTemplate {
    let mut path = raw.trim();
    // Absolute URLs: keep what follows the version segment.
    for scheme in ["https://", "http://"] {
        if let Some(rest) = path.strip_prefix(scheme) {
            let after_host = rest.find('/').map_or("", |i| &rest[i..]);
            path = ["/beta/", "/v1.0/"]
                .iter()
                .find_map(|v| after_host.strip_prefix(v.trim_end_matches('/')))
                .unwrap_or(after_host);
        }
    }
    let (path_part, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q.trim().to_owned()).filter(|q| !q.is_empty())),
        None => (path, None),
    };
    let mut normalized = String::with_capacity(path_part.len() + 1);
    if !path_part.starts_with('/') {
        normalized.push('/');
    }
    normalized.push_str(path_part.trim_end());
    while normalized.len() > 1 && normalized.ends_with('/') {
        normalized.pop();
    }
    let pieces = split_pieces(&normalized);
    PathTemplate {
        raw: format!("{}{}", normalized, query.as_ref().map(|q| format!("?{q}")).unwrap_or_default()),
        pieces,
        query,
    }
}

fn split_pieces(path: &str) -> Vec<PathPiece> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = path.char_indices().peekable();
    // Where a search for `}` / `>` found none: no later opener can find one either
    // (without this, a path of many unclosed `{` would take quadratic time).
    let mut unclosed_from = [usize::MAX; 2];
    while let Some((i, ch)) = chars.next() {
        let (close, slot) = match ch {
            '{' => ('}', 0),
            '<' => ('>', 1),
            _ => {
                literal.push(ch);
                continue;
            }
        };
        let found = if i >= unclosed_from[slot] { None } else { path[i + 1..].find(close).map(|e| i + 1 + e) };
        let Some(end) = found else {
            unclosed_from[slot] = unclosed_from[slot].min(i);
            literal.push(ch);
            continue;
        };
        let inner = &path[i + 1..end];
        let mut names = inner.split('|').map(|n| n.trim().trim_matches('\\').to_owned()).filter(|n| !n.is_empty());
        let Some(name) = names.next() else {
            literal.push(ch);
            continue;
        };
        let quoted = literal.ends_with('\'') && path[end + 1..].starts_with('\'');
        if !literal.is_empty() {
            pieces.push(PathPiece::Literal { text: std::mem::take(&mut literal) });
        }
        pieces.push(PathPiece::Param { name, alternates: names.collect(), quoted });
        while chars.peek().is_some_and(|(j, _)| *j <= end) {
            chars.next();
        }
    }
    if !literal.is_empty() {
        pieces.push(PathPiece::Literal { text: literal });
    }
    pieces
}

/// Read every `METHOD /path` line of every HTTP request section.
pub fn read_http_request_sections(class: &Classification<'_>, diags: &mut FileDiagnostics) -> Vec<HttpRequestLine> {
    let mut out: Vec<HttpRequestLine> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut budget = limits::Budget::new(limits::MAX_REQUEST_LINES);
    for section in class.sections_of(SectionKind::HttpRequest) {
        for block in section.blocks {
            let BlockKind::Code(code) = &block.kind else { continue };
            // ```` ```http GET /path ```` : the request line written into the fence's info string.
            let info_line = code
                .info
                .split_once(char::is_whitespace)
                .map(|(_, rest)| rest.trim())
                .filter(|rest| rest.split_whitespace().next().is_some_and(is_http_method));
            let info = info_line.into_iter().map(|l| (block.line, l));
            let body = code.text.lines().enumerate().map(|(offset, line)| (code.content_line + offset as u32, line));
            for (line_no, line) in info.chain(body) {
                let trimmed = line.trim();
                if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("or") {
                    continue;
                }
                let mut words = trimmed.splitn(2, char::is_whitespace);
                let method = words.next().unwrap_or("");
                let target = words.next().unwrap_or("").trim();
                if !is_http_method(method) {
                    if !trimmed.contains(':') {
                        diags.warn(line_no, Code::HttpLineIgnored, format!("not a `METHOD /path` line: {trimmed:?}"));
                    }
                    continue;
                }
                if target.is_empty() || target.contains("**") || target.contains(" not found") {
                    diags.warn(line_no, Code::HttpPathInvalid, format!("request line has no usable path: {trimmed:?}"));
                    continue;
                }
                if !budget.take(line_no) {
                    continue;
                }
                let template = parse_path(target);
                let segments = template.raw.matches('/').count().max(template.params().count());
                if segments > limits::MAX_PATH_SEGMENTS {
                    diags.warn(
                        line_no,
                        Code::PathTooLong,
                        format!(
                            "request path has {segments} segments or parameters, more than the {} a path may have; refused",
                            limits::MAX_PATH_SEGMENTS
                        ),
                    );
                    continue;
                }
                if !seen.insert((method.to_owned(), template.shape())) {
                    continue;
                }
                out.push(HttpRequestLine { method: method.to_owned(), template, line: line_no });
            }
        }
    }
    budget.report("request lines", diags);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &PathTemplate) -> Vec<(String, bool)> {
        t.params().map(|(n, q)| (n.to_owned(), q)).collect()
    }

    #[test]
    fn parses_the_path_forms_of_the_docs() {
        let t = parse_path("/users/{id | userPrincipalName}/events/{id}");
        assert_eq!(names(&t), vec![("id".into(), false), ("id".into(), false)]);
        assert_eq!(t.shape(), "/users/{}/events/{}");
        let t = parse_path("/applications(appId='{appId}')/addPassword");
        assert_eq!(names(&t), vec![("appId".into(), true)]);
        assert_eq!(t.shape(), "/applications(appId='{}')/addPassword");
        let t = parse_path("https://graph.microsoft.com/beta/me/drive/items/{parent-id}:/{filename}:/content");
        assert_eq!(t.shape(), "/me/drive/items/{}:/{}:/content");
        let t = parse_path("policies/activityBasedTimeoutPolicies ");
        assert_eq!(t.raw, "/policies/activityBasedTimeoutPolicies");
        let t = parse_path("/accessReviews?$filter=businessFlowTemplateId eq {businessFlowTemplate-id}");
        assert_eq!(t.query.as_deref(), Some("$filter=businessFlowTemplateId eq {businessFlowTemplate-id}"));
        let t = parse_path("/me/drive/root/workbook/worksheets/{id}/range(address=<address>)");
        assert_eq!(names(&t), vec![("id".into(), false), ("address".into(), false)]);
        // Unbalanced braces stay literal, nothing panics.
        let t = parse_path("/a/{b/c");
        assert_eq!(t.shape(), "/a/{b/c");
        let t = parse_path("/a/{}/é{ | }");
        assert_eq!(t.params().count(), 0);
        // Many unclosed braces: linear, all literal.
        let t = parse_path(&"/{<".repeat(200_000));
        assert_eq!(t.params().count(), 0);
    }
}
