//! Examples: request fences (`POST https://graph.microsoft.com/beta/...`,
//! headers, JSON body) and response fences (`HTTP/1.1 201 Created`, headers,
//! JSON body), paired in order; a separate `json` fence after a fence without
//! a body is that fence's body. Non-strict JSON is repaired where that is safe
//! and the repairs recorded; unusable bodies say why.

use crate::classify::{Classification, SectionKind, is_http_method};
use crate::diagnostics::{Code, FileDiagnostics};
use crate::limits;
use crate::page::http_request::{api_version_of, parse_path};
use crate::page::type_expr::TypeExpr;
use crate::read::{BlockKind, CodeBlock, lenient_json};
use serde::Serialize;

/// A JSON body as written, and what could be made of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonBody {
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// Repairs made to parse it (trailing commas, comments, `...`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repairs: Vec<String>,
    /// Why it could not be used, when `value` is `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl JsonBody {
    /// Usable for round-trip tests: parsed without any repair that drops content.
    pub fn strict_value(&self) -> Option<&serde_json::Value> {
        self.value.as_ref().filter(|_| self.repairs.is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExampleRequest {
    pub method: String,
    /// The URL path relative to the API root, query included (`/users/{id}?$select=x`).
    pub path: String,
    /// The API version of the URL (`https://graph.microsoft.com/v1.0/…` → `v1.0`), when absolute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    pub headers: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<JsonBody>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExampleResponse {
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<JsonBody>,
    /// The annotation says the body is truncated (properties left out).
    pub truncated: bool,
    /// The type the annotation names (`"@odata.type": "microsoft.graph.alert"`,
    /// `"isCollection": true`): a second reading of the response type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotated_type: Option<TypeExpr>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Example {
    /// The file the example was read from.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<ExampleRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<ExampleResponse>,
}

/// The parts of an HTTP fence: first line, headers, body text and its line.
struct HttpFence<'a> {
    first: &'a str,
    first_line: u32,
    headers: Vec<(String, String)>,
    body: Option<(String, u32)>,
}

fn split_fence(code: &CodeBlock) -> Option<HttpFence<'_>> {
    let lines: Vec<&str> = code.text.lines().collect();
    let mut i = lines.iter().position(|l| !l.trim().is_empty())?;
    let first = lines[i].trim();
    let first_line = code.content_line + i as u32;
    i += 1;
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    let mut headers = Vec::new();
    while i < lines.len() {
        let l = lines[i].trim();
        let Some((name, value)) = l.split_once(':') else { break };
        let header_like = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !header_like || l.starts_with('{') || l.starts_with('"') {
            break;
        }
        headers.push((name.to_owned(), value.trim().to_owned()));
        i += 1;
    }
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    let body = (i < lines.len()).then(|| (lines[i..].join("\n").trim_end().to_owned(), code.content_line + i as u32));
    Some(HttpFence { first, first_line, headers, body })
}

fn json_body(text: &str, line: u32, what: &str, diags: &mut FileDiagnostics) -> Option<JsonBody> {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        diags.note(line, Code::ExampleBodyNotJson, format!("{what} body is not JSON; not used for round trips"));
        return None;
    }
    Some(match lenient_json::parse_lenient(text) {
        Ok(parsed) => {
            let repairs: Vec<String> = parsed.repairs.iter().map(|r| (*r).to_owned()).collect();
            if !repairs.is_empty() {
                diags.note(
                    line,
                    Code::ExampleJsonRepaired,
                    format!(
                        "{what} body is not strict JSON ({}); repaired, not used for round trips",
                        repairs.join(", ")
                    ),
                );
            }
            JsonBody { line, value: Some(parsed.value), repairs, error: None }
        }
        Err(err) if err.too_deep => {
            let at = line.saturating_add(err.line.saturating_sub(1));
            diags.warn(at, Code::NestingTooDeep, format!("{what} body is not used: {err}"));
            JsonBody { line, value: None, repairs: Vec::new(), error: Some(err.to_string()) }
        }
        Err(err) => {
            diags.warn(line, Code::ExampleJsonInvalid, format!("{what} body is not usable JSON: {err}"));
            JsonBody { line, value: None, repairs: Vec::new(), error: Some(err.to_string()) }
        }
    })
}

/// The type a response annotation names: `"@odata.type": "microsoft.graph.x"` or
/// `"Collection(microsoft.graph.x)"`, a collection also when `"isCollection": true`.
pub(super) fn annotated_type(annotation: &serde_json::Map<String, serde_json::Value>) -> Option<TypeExpr> {
    let block = annotation.get("blockType").and_then(serde_json::Value::as_str)?;
    if !block.eq_ignore_ascii_case("response") {
        return None;
    }
    // Some pages write `"@type"` (site-search.md).
    let written =
        ["@odata.type", "@type"].iter().find_map(|k| annotation.get(*k).and_then(serde_json::Value::as_str))?.trim();
    let flag = crate::read::annotation_flag(annotation, "isCollection");
    let inner = written
        .strip_prefix("Collection(")
        .or_else(|| written.strip_prefix("collection("))
        .and_then(|rest| rest.strip_suffix(')'));
    let mut ty = TypeExpr::named(inner.unwrap_or(written), inner.is_some() || flag, None)?;
    ty.written = written.to_owned();
    Some(ty)
}

pub fn read_examples(class: &Classification<'_>, file: &str, diags: &mut FileDiagnostics) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    // Which part the last fence filled, so that a following `json` fence becomes its body.
    #[derive(PartialEq)]
    enum Last {
        Nothing,
        RequestWithoutBody,
        ResponseWithoutBody,
        Other,
    }
    let mut last = Last::Nothing;
    let mut truncated_next = false;
    let mut annotated_next: Option<TypeExpr> = None;
    for section in class.sections_of(SectionKind::Examples) {
        for block in section.blocks {
            if let BlockKind::Annotation(a) = &block.kind {
                let v = a.value.as_ref();
                truncated_next = v
                    .and_then(|v| v.get("truncated"))
                    .is_some_and(|t| t.as_bool().unwrap_or_else(|| t.as_str() == Some("true")));
                annotated_next = v.and_then(annotated_type);
                continue;
            }
            let BlockKind::Code(code) = &block.kind else { continue };
            if !matches!(code.info.as_str(), "" | "http" | "json" | "https" | "javascript" | "msgraph-interactive") {
                continue;
            }
            let Some(fence) = split_fence(code) else { continue };
            let method = fence.first.split_whitespace().next().unwrap_or("");
            if fence.first.starts_with("HTTP/") || fence.first.starts_with("HTTP ") {
                let status = fence.first.split_whitespace().nth(1).and_then(|s| s.parse::<u16>().ok());
                let body = fence.body.as_ref().and_then(|(t, l)| json_body(t, *l, "example response", diags));
                let response = ExampleResponse {
                    status,
                    headers: fence.headers,
                    body,
                    truncated: truncated_next,
                    annotated_type: annotated_next.take(),
                    line: fence.first_line,
                };
                last = if response.body.is_none() { Last::ResponseWithoutBody } else { Last::Other };
                match examples.last_mut() {
                    Some(ex) if ex.response.is_none() => ex.response = Some(response),
                    _ => examples.push(Example { file: file.to_owned(), request: None, response: Some(response) }),
                }
            } else if is_http_method(method) {
                let target = fence.first[method.len()..].trim().trim_end_matches("HTTP/1.1").trim();
                let path = parse_path(target).raw;
                let body = fence.body.as_ref().and_then(|(t, l)| json_body(t, *l, "example request", diags));
                last = if body.is_none() { Last::RequestWithoutBody } else { Last::Other };
                examples.push(Example {
                    file: file.to_owned(),
                    request: Some(ExampleRequest {
                        method: method.to_owned(),
                        path,
                        api_version: api_version_of(target).map(str::to_owned),
                        headers: fence.headers,
                        body,
                        line: fence.first_line,
                    }),
                    response: None,
                });
            } else if fence.first.starts_with('{') || fence.first.starts_with('[') {
                // A bare JSON fence: the body of the previous request or response.
                let body = json_body(&code.text, code.content_line, "example", diags);
                match (&last, examples.last_mut()) {
                    (Last::RequestWithoutBody, Some(Example { request: Some(r), response: None, .. })) => r.body = body,
                    (Last::ResponseWithoutBody, Some(Example { response: Some(r), .. })) => r.body = body,
                    _ => diags.note(
                        code.content_line,
                        Code::ExampleJsonOrphan,
                        "JSON fence follows no request or response; ignored",
                    ),
                }
                last = Last::Other;
            }
            truncated_next = false;
            annotated_next = None;
        }
    }
    let line_of = |e: &Example| e.request.as_ref().map(|r| r.line).or(e.response.as_ref().map(|r| r.line)).unwrap_or(0);
    limits::cap(&mut examples, limits::MAX_EXAMPLES, "examples", line_of, diags);
    examples
}
