//! `Request headers` tables (`Header|Value`, `Name|Description`,
//! `Name|Type|Description`).

use crate::classify::{Classification, SectionKind};
use crate::diagnostics::{Code, FileDiagnostics};
use crate::limits;
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

pub fn read_request_headers(class: &Classification<'_>, diags: &mut FileDiagnostics) -> Vec<HeaderRow> {
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
            // `Bearer {token}`, also where translation changed it (pt-BR: `{code} do portador`).
            let is_authorization =
                cells.iter().any(|c| ["Bearer", "{token}", "<token>", "portador"].iter().any(|w| c.contains(w)));
            if !valid || is_authorization {
                if !is_authorization && !name.is_empty() && !name.is_ascii() {
                    diags.warn(
                        row_line,
                        Code::TranslatedIdentifier,
                        format!("request header name {name:?} is translated text, not a header name; row skipped"),
                    );
                } else if !is_authorization && !name.is_empty() && !name.eq_ignore_ascii_case("none") {
                    diags.warn(
                        row_line,
                        Code::HeaderNameInvalid,
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
    budget.report("request header rows", diags);
    out
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
