//! Stage 3, **page model**: what a classified page says, in the docs' own
//! terms (tables, prose, fences), before any Rust naming or type resolution.
//!
//! One module per concern: [`permissions`], [`http_request`], [`type_expr`],
//! [`body`] (request body), [`response`], [`examples`], [`resource`] (resource
//! and enum pages), [`headers`] (request headers), [`query_params`] (query
//! parameters and OData options).

pub mod body;
pub mod columns;
pub mod enum_page;
pub mod examples;
pub mod headers;
pub mod http_request;
mod json_representation;
mod localized;
pub mod permissions;
pub mod query_params;
mod representation_rows;
pub mod resource;
pub mod response;
pub mod type_expr;

use crate::classify::{Classification, PageKind, SectionKind};
use crate::diagnostics::{Code, FileDiagnostics, PAGE};
use crate::read::{BlockKind, Document};
use serde::Serialize;

pub use body::RequestBody;
pub use enum_page::{EnumMemberRow, EnumPage};
pub use examples::{Example, ExampleRequest, ExampleResponse, JsonBody};
pub use headers::HeaderRow;
pub use http_request::{HttpRequestLine, PathPiece, PathTemplate};
pub use permissions::{PermissionKind, PermissionRow, PermissionTable, Permissions};
pub use query_params::QueryParameterRow;
pub use resource::{PropertyRow, ResourcePage};
pub use response::{ResponseBody, ResponseSpec};
pub use type_expr::TypeExpr;

/// Finds and reads `[!INCLUDE]` targets: the resolver runs the `read` stage on
/// the include, so that this stage only sees documents. Paths are relative to
/// the page that includes them.
pub trait IncludeResolver: Sync {
    /// The include, read, or why it could not be found or read.
    fn resolve(&self, page_path: &str, target: &str) -> Result<IncludedDocument, String>;
}

/// An `[!INCLUDE]` target, read.
#[derive(Clone, Debug)]
pub struct IncludedDocument {
    /// The include as a document; its `path` is the include's specs-relative
    /// path (the file its tables and diagnostics are reported under).
    pub document: Document,
    /// What reading the include reported (under its own path); the page adds
    /// them to its own diagnostics.
    pub diagnostics: FileDiagnostics,
}

/// A resolver that finds nothing (for tests and single-page use).
pub struct NoIncludes;

impl IncludeResolver for NoIncludes {
    fn resolve(&self, _page: &str, target: &str) -> Result<IncludedDocument, String> {
        Err(format!("{target} is not available"))
    }
}

/// A page the generator understood.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Page {
    Api(Box<ApiPage>),
    Resource(ResourcePage),
    /// The enums of an enum page: one, or several (`enums.md`); never empty.
    Enums {
        enums: Vec<EnumPage>,
    },
}

/// An API (operation) page.
#[derive(Clone, Debug, Serialize)]
pub struct ApiPage {
    pub source: String,
    pub locale: String,
    pub title: String,
    pub title_line: u32,
    /// Front matter `description`, unless it is a placeholder.
    pub description: Option<String>,
    /// The prose after the title (notes and disclaimers left out).
    pub summary: Option<String>,
    pub namespace: Option<String>,
    pub permissions: Permissions,
    pub requests: Vec<HttpRequestLine>,
    pub query_parameters: Vec<QueryParameterRow>,
    /// OData system query options the page says it supports (`$select`, `$top`...).
    pub odata_query_options: Vec<String>,
    pub request_headers: Vec<HeaderRow>,
    pub request_body: RequestBody,
    pub response: ResponseSpec,
    pub examples: Vec<Example>,
    pub national_clouds: Vec<String>,
    /// The product the front matter files the page under (`ms.subservice`, else
    /// `ms.prod`), lower case: `intune`, `outlook`. A hint of its area.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
}

/// Build the page model of a classified document. `None` for skipped pages
/// (the caller reports why) and for pages that are unusable (diagnosed here).
pub fn build_page(
    doc: &Document,
    class: &Classification<'_>,
    includes: &dyn IncludeResolver,
    diags: &mut FileDiagnostics,
) -> Option<Page> {
    match &class.kind {
        PageKind::Api => build_api_page(doc, class, includes, diags).map(|p| Page::Api(Box::new(p))),
        PageKind::Resource => resource::build_resource_page(doc, class, diags).map(Page::Resource),
        PageKind::Enum => Some(enum_page::build_enum_pages(doc, class, diags))
            .filter(|e| !e.is_empty())
            .map(|enums| Page::Enums { enums }),
        PageKind::Skipped(_) => None,
    }
}

/// Placeholder descriptions that say nothing (`Not yet documented`, in English or not).
pub fn is_placeholder_description(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.').trim_end().to_lowercase();
    t.is_empty() || t == "not yet documented" || t == "пока не задокументировано" || t.ends_with(" api")
}

fn build_api_page(
    doc: &Document,
    class: &Classification<'_>,
    includes: &dyn IncludeResolver,
    diags: &mut FileDiagnostics,
) -> Option<ApiPage> {
    let file = doc.path.as_str();
    let (title, title_line) = match class.title() {
        Some((t, l)) => (t.to_owned(), l),
        None => {
            diags.warn(PAGE, Code::MissingTitle, "page has no `# title` heading");
            (doc.front_matter.get("title").unwrap_or("").to_owned(), 1)
        }
    };
    if class.section(SectionKind::HttpRequest).is_none() {
        diags.error(title_line, Code::NoHttpRequest, "API page has no HTTP request section; no operation produced");
        return None;
    }
    let requests = http_request::read_http_request_sections(class, diags);
    if requests.is_empty() {
        diags.error(
            class.section(SectionKind::HttpRequest).map_or(title_line, |s| s.line),
            Code::NoHttpPath,
            "the HTTP request section has no `METHOD /path` line; no operation produced",
        );
        return None;
    }
    let description = doc
        .front_matter
        .get("description")
        .map(str::trim)
        .filter(|d| !is_placeholder_description(d))
        .map(str::to_owned);
    let summary = preamble_summary(class);
    let namespace = class.preamble.iter().find_map(|b| match &b.kind {
        BlockKind::Paragraph(p) => p
            .text
            .split_once(':')
            .filter(|(k, v)| v.trim().starts_with("microsoft.graph") && k.split_whitespace().count() <= 4)
            .map(|(_, v)| v.trim().to_owned()),
        _ => None,
    });
    let permissions = permissions::read_permissions(class, file, includes, diags);
    let (query_parameters, odata_query_options) = query_params::read_query_parameters(class, diags);
    let request_headers = headers::read_request_headers(class, diags);
    let request_body = body::read_request_body(class, &title, diags);
    let response = response::read_response(class, diags);
    let examples = examples::read_examples(class, file, diags);
    let mut request_body = request_body;
    if class.is_translated() {
        drop_unconfirmed_parameters(&mut request_body, &examples, diags);
    }
    let national_clouds = national_clouds(class);
    Some(ApiPage {
        source: file.to_owned(),
        locale: class.locale.clone(),
        title,
        title_line,
        description,
        summary,
        namespace,
        permissions,
        requests,
        query_parameters,
        odata_query_options,
        request_headers,
        request_body,
        response,
        examples,
        national_clouds,
        product: ["ms.subservice", "ms.prod"]
            .iter()
            .filter_map(|k| doc.front_matter.get(k))
            .map(|v| v.trim().to_ascii_lowercase())
            .find(|v| !v.is_empty()),
    })
}

/// Prose paragraphs of the preamble that describe the operation: not the
/// namespace line, not notes or disclaimers, not the national-cloud sentence.
fn preamble_summary(class: &Classification<'_>) -> Option<String> {
    let mut parts = Vec::new();
    for block in class.preamble {
        if let BlockKind::Paragraph(p) = &block.kind {
            let t = p.text.trim();
            let lower = t.to_lowercase();
            if t.is_empty()
                || lower.contains("microsoft.graph") && t.len() < 80
                || lower.starts_with("important:")
                || lower.starts_with("note:")
                || lower.contains("national cloud")
                || is_cloud_list(t)
                || is_placeholder_description(t)
            {
                continue;
            }
            parts.push(t.to_owned());
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// The cloud names as the docs spell them.
pub const CLOUDS: &[&str] =
    &["Global service", "US Government L4", "US Government L5 (DOD)", "China operated by 21Vianet"];

fn is_cloud_list(text: &str) -> bool {
    CLOUDS.iter().filter(|c| text.contains(*c)).count() >= 2
}

/// On a translated page, a body parameter named by one lower-case word that no
/// example request sends (`nome` for `name`) is translated text: left out, and
/// diagnosed. Only when some example sends a JSON object: without one nothing
/// untranslated can tell.
fn drop_unconfirmed_parameters(body: &mut RequestBody, examples: &[Example], diags: &mut FileDiagnostics) {
    let mut sent = std::collections::HashSet::new();
    for example in examples {
        let Some(value) = example.request.as_ref().and_then(|r| r.body.as_ref()).and_then(|b| b.value.as_ref()) else {
            continue;
        };
        // Keys at any depth, walked with a stack (a page decides the depth).
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(map) => {
                    sent.extend(map.keys().map(|k| k.to_ascii_lowercase()));
                    stack.extend(map.values());
                }
                serde_json::Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }
    if sent.is_empty() {
        return;
    }
    let rows = match body {
        RequestBody::Parameters { params, .. } => params,
        RequestBody::Resource { properties, .. } => properties,
        _ => return,
    };
    rows.retain(|row| {
        let keep = !columns::is_plain_word(&row.name) || sent.contains(&row.name.to_ascii_lowercase());
        if !keep {
            diags.warn(
                row.line,
                Code::TranslatedIdentifier,
                format!("parameter name {:?} is in no example request; on a translated page it is taken for translated text and not emitted", row.name),
            );
        }
        keep
    });
}

/// National clouds: from the `national-cloud-support` include (its file name
/// says which) or a flattened "Global service US Government L4 ..." line.
fn national_clouds(class: &Classification<'_>) -> Vec<String> {
    for block in class.preamble.iter().chain(class.sections.iter().flat_map(|s| s.blocks)) {
        match &block.kind {
            BlockKind::Include(inc)
                if inc.label.contains("national-cloud")
                    || inc.target.contains("clouds")
                    || inc.target.ends_with("-only.md") =>
            {
                let stem = inc.target.rsplit('/').next().unwrap_or("").trim_end_matches(".md");
                let clouds: &[&str] = match stem {
                    "all-clouds" => CLOUDS,
                    "global-only" => &CLOUDS[..1],
                    "global-us" => &CLOUDS[..3],
                    "global-china" => &[CLOUDS[0], CLOUDS[3]],
                    _ => &[],
                };
                if !clouds.is_empty() {
                    return clouds.iter().map(|s| (*s).to_owned()).collect();
                }
            }
            BlockKind::Paragraph(p) if is_cloud_list(&p.text) => {
                return CLOUDS.iter().filter(|c| p.text.contains(*c)).map(|s| (*s).to_owned()).collect();
            }
            _ => {}
        }
    }
    Vec::new()
}
