//! `Request headers` tables (`Header|Value`, `Name|Description`,
//! `Name|Type|Description`) and query parameter sections (OData system
//! options named in prose, operation-specific parameter tables).

use crate::classify::{Classification, SectionKind};
use crate::diagnostics::Diagnostics;
use crate::limits;
use crate::page::type_expr::{TypeExpr, parse_type_cell};
use crate::read::{Block, BlockKind};
use serde::Serialize;

/// One documented request header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderRow {
    pub name: String,
    /// The value or description cell(s), as text.
    pub description: String,
    pub required: bool,
    pub line: u32,
}

/// One operation-specific query (or function) parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QueryParameterRow {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeExpr>,
    pub description: String,
    pub line: u32,
}

pub fn read_request_headers(class: &Classification<'_>, file: &str, diags: &mut Diagnostics) -> Vec<HeaderRow> {
    let mut out: Vec<HeaderRow> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut budget = limits::Budget::new(limits::MAX_ITEMS);
    for section in class.sections_of(SectionKind::RequestHeaders) {
        for (row_line, cells) in table_rows(section.blocks) {
            if !budget.take(row_line) {
                continue;
            }
            let Some(name) = cells.first().map(|c| c.trim().trim_matches('`').to_owned()) else { continue };
            let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            let is_authorization = cells.iter().any(|c| c.contains("Bearer"));
            if !valid || is_authorization {
                if !is_authorization && !name.is_empty() && !name.eq_ignore_ascii_case("none") {
                    diags.warn(
                        file,
                        row_line,
                        "header-name-invalid",
                        format!("request header name {name:?} is not a valid header name; row skipped"),
                    );
                }
                continue;
            }
            let description = cells[1..].join(" ").trim().to_owned();
            let lower = description.to_lowercase();
            let required =
                lower.contains("required") && !lower.contains("not required") || lower.contains("обязательный");
            if !seen.insert(name.to_ascii_lowercase()) {
                continue;
            }
            out.push(HeaderRow { name, description, required, line: row_line });
        }
    }
    budget.report("request header rows", file, diags);
    out
}

/// Operation-specific parameters, and the OData system query options mentioned.
pub fn read_query_parameters(
    class: &Classification<'_>,
    file: &str,
    diags: &mut Diagnostics,
) -> (Vec<QueryParameterRow>, Vec<String>) {
    let mut params: Vec<QueryParameterRow> = Vec::new();
    let mut odata: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut budget = limits::Budget::new(limits::MAX_ITEMS);
    for kind in [SectionKind::QueryParameters, SectionKind::FunctionParameters] {
        for section in class.sections_of(kind) {
            for block in section.blocks {
                let text = match &block.kind {
                    BlockKind::Paragraph(t) | BlockKind::Quote(t) => Some(t),
                    _ => None,
                };
                for t in text.into_iter().chain(match &block.kind {
                    BlockKind::List(items) => items.iter().collect::<Vec<_>>(),
                    _ => Vec::new(),
                }) {
                    for word in t.text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '$')) {
                        if let Some(opt) = odata_option(word) {
                            if !odata.contains(&opt) {
                                odata.push(opt);
                            }
                        }
                    }
                }
                let BlockKind::Table(table) = &block.kind else { continue };
                for row in &table.rows {
                    if !budget.take(row.line) {
                        continue;
                    }
                    let Some(name) = row.cells.first().map(|c| c.text.trim().trim_matches('`').to_owned()) else {
                        continue;
                    };
                    if name.is_empty() {
                        continue;
                    }
                    if let Some(opt) = odata_option(&name) {
                        if !odata.contains(&opt) {
                            odata.push(opt);
                        }
                        continue;
                    }
                    let ty = if table.header.len() >= 3 { row.cells.get(1).and_then(parse_type_cell) } else { None };
                    let description =
                        row.cells.last().filter(|_| row.cells.len() > 1).map(|c| c.text.clone()).unwrap_or_default();
                    if !seen.insert(name.clone()) {
                        diags.warn(
                            file,
                            row.line,
                            "duplicate-parameter",
                            format!("query parameter {name:?} is documented twice"),
                        );
                        continue;
                    }
                    params.push(QueryParameterRow { name, ty, description, line: row.line });
                }
            }
        }
    }
    budget.report("query parameter rows", file, diags);
    odata.sort();
    (params, odata)
}

const ODATA_OPTIONS: &[&str] =
    &["$count", "$expand", "$filter", "$format", "$orderby", "$search", "$select", "$skip", "$skiptoken", "$top"];

fn odata_option(word: &str) -> Option<String> {
    let w = word.trim().to_ascii_lowercase();
    ODATA_OPTIONS.contains(&w.as_str()).then_some(w)
}

/// Rows of every table in `blocks`: (row line, cell texts).
fn table_rows(blocks: &[Block]) -> Vec<(u32, Vec<String>)> {
    let mut out = Vec::new();
    for block in blocks {
        if let BlockKind::Table(t) = &block.kind {
            for row in &t.rows {
                out.push((row.line, row.cells.iter().map(|c| c.text.clone()).collect()));
            }
        }
    }
    out
}
