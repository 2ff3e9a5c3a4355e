//! Query parameter sections: the OData system query options named in prose
//! or tables (`$select`, `$top`...), and operation-specific (or function)
//! parameter tables.

use crate::classify::{Classification, SectionKind};
use crate::diagnostics::{Code, FileDiagnostics};
use crate::limits;
use crate::page::type_expr::{TypeExpr, parse_type_cell};
use crate::read::BlockKind;
use serde::Serialize;

/// One operation-specific query (or function) parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QueryParameterRow {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeExpr>,
    pub description: String,
    pub line: u32,
}

/// Operation-specific parameters, and the OData system query options mentioned.
pub fn read_query_parameters(
    class: &Classification<'_>,
    diags: &mut FileDiagnostics,
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
                            row.line,
                            Code::DuplicateParameter,
                            format!("query parameter {name:?} is documented twice"),
                        );
                        continue;
                    }
                    params.push(QueryParameterRow { name, ty, description, line: row.line });
                }
            }
        }
    }
    budget.report("query parameter rows", diags);
    odata.sort();
    (params, odata)
}

const ODATA_OPTIONS: &[&str] =
    &["$count", "$expand", "$filter", "$format", "$orderby", "$search", "$select", "$skip", "$skiptoken", "$top"];

fn odata_option(word: &str) -> Option<String> {
    let w = word.trim().to_ascii_lowercase();
    ODATA_OPTIONS.contains(&w.as_str()).then_some(w)
}
