//! `Request body` sections: none, a parameter table, "a JSON representation
//! of X", binary.

use crate::classify::{Classification, SectionKind};
use crate::diagnostics::{Code, FileDiagnostics};
use crate::page::resource::{PropertyRow, file_stem, file_stem_tail, property_rows};
use crate::page::type_expr::TypeExpr;
use crate::read::{BlockKind, Link, Text};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RequestBody {
    /// The page says not to send a body.
    None,
    /// An action's parameters (a table): the generator makes a request type.
    Parameters { params: Vec<PropertyRow>, line: u32 },
    /// A resource ("supply a JSON representation of X"), with the table of
    /// properties the page lists, if any.
    Resource { ty: TypeExpr, properties: Vec<PropertyRow>, line: u32 },
    /// Raw content (file upload, stream).
    Binary { line: u32 },
    /// Prose that says none of the above.
    Unknown { text: String, line: u32 },
    /// No request body section.
    Missing,
}

/// The prose of a section (paragraphs and quotes) with the line of each.
pub(super) fn section_text(blocks: &[crate::read::Block]) -> Vec<(&Text, u32)> {
    blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph(t) | BlockKind::Quote(t) => Some((t, b.line)),
            _ => None,
        })
        .collect()
}

/// Words that say "no request body", in English and the translations we know.
const NO_BODY: &[&str] = &[
    "do not supply",
    "don't supply",
    "no request body",
    "request body is not required",
    "no request content",
    "does not require any request body",
    "does not require a request body",
    "не указывайте",
    "не предоставляйте",
    "geben sie keinen",
    "ne fournissez pas",
    "no proporcione",
    // pt-BR, the sentences of its 2023 tree
    "não forneça um corpo",
    "não fornece um corpo",
    "não envie um corpo",
    "nenhum corpo de solicitação",
    "não tem conteúdo de solicitação",
    "não exige nenhum corpo",
];

pub fn read_request_body(class: &Classification<'_>, title: &str, diags: &mut FileDiagnostics) -> RequestBody {
    let Some(section) = class.section(SectionKind::RequestBody) else {
        return RequestBody::Missing;
    };
    let prose = section_text(section.blocks);
    let all_text: String = prose.iter().map(|(t, _)| t.text.to_lowercase()).collect::<Vec<_>>().join(" ");
    let table = section.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Table(t) => Some((t, b.line)),
        _ => None,
    });
    if table.is_none() && NO_BODY.iter().any(|w| all_text.contains(w)) {
        return RequestBody::None;
    }
    let resource = prose.iter().find_map(|(t, _)| representation_of(t));
    let is_action = {
        let t = title.to_lowercase();
        t.ends_with(" action") || t.ends_with(" function") || t.starts_with("действие") || t.starts_with("функция")
    };
    let says_parameters = resource.as_ref().is_some_and(|r| r.name.eq_ignore_ascii_case("parameters"))
        || all_text.contains("parameters that can be used")
        || all_text.contains("параметр");
    if let Some((table, line)) = table {
        let rows = property_rows(table, diags);
        return match resource {
            Some(ty) if !says_parameters && !is_action && !ty.name.eq_ignore_ascii_case("parameters") => {
                RequestBody::Resource { ty, properties: rows, line }
            }
            _ => RequestBody::Parameters { params: rows, line },
        };
    }
    if let Some(ty) = resource.filter(|r| !r.name.eq_ignore_ascii_case("parameters")) {
        return RequestBody::Resource { ty, properties: Vec::new(), line: section.line };
    }
    if ["binary", "stream", "contents of the file", "zip manifest", "zip file"].iter().any(|w| all_text.contains(w)) {
        return RequestBody::Binary { line: section.line };
    }
    if let Some(ty) = prose.iter().find_map(|(t, _)| sent_type(t, prose.len() == 1)) {
        return RequestBody::Resource { ty, properties: Vec::new(), line: section.line };
    }
    if all_text.trim().is_empty() {
        diags.warn(section.line, Code::RequestBodyEmpty, "request body section is empty");
        return RequestBody::Unknown { text: String::new(), line: section.line };
    }
    RequestBody::Unknown {
        text: prose.iter().map(|(t, _)| t.text.as_str()).collect::<Vec<_>>().join(" "),
        line: section.line,
    }
}

/// "supply a JSON representation of [x](…)" / "… for the x object".
/// Prose that sends a linked type: "Provide the new [offerShiftRequest](…) object in the
/// request body", "supply an array of [patchContentCommand](…)" (a collection), or the lone
/// "A [teamsTab](…)." (`alone`: the section's only paragraph); the verb comes before the
/// link in the same paragraph, and is not negated.
fn sent_type(text: &Text, alone: bool) -> Option<TypeExpr> {
    let lower = text.text.to_lowercase();
    let link = text.links.iter().find(|l| is_type_link(l))?;
    let at = lower.find(&link.text.to_lowercase())?;
    let before = &lower[..at];
    let verb = ["provide", "supply", "specify", "include"].iter().any(|w| before.contains(w));
    let negated = ["do not", "don't", "not "].iter().any(|w| before.contains(w));
    let short = alone && text.text.trim().trim_end_matches('.').split_whitespace().count() <= 3;
    if !(verb && !negated || short) {
        return None;
    }
    let collection = before.contains("array of") || before.contains("collection of");
    TypeExpr::named(&link.text, collection, Some(link.target.clone()))
}

fn representation_of(text: &Text) -> Option<TypeExpr> {
    let lower = text.text.to_lowercase();
    // pt-BR: `forneça uma representação JSON do objeto [x](…)`: the link names the type.
    if let Some(at) = lower.find("representação") {
        if let Some(link) = first_type_link_after(text, at) {
            return linked_type(link, false);
        }
    }
    let at = lower
        .find("representation of")
        .map(|i| i + "representation of".len())
        .or_else(|| lower.find("representation for").map(|i| i + "representation for".len()))?;
    // `at` is an offset in the lower-cased text: lower-casing can change lengths (`İ`).
    let rest = text.text.get(at..).unwrap_or("");
    if let Some(link) = first_type_link_after(text, at) {
        return TypeExpr::named(&link.text, false, Some(link.target.clone()));
    }
    let word = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        .find(|w| !w.is_empty() && !matches!(w.to_lowercase().as_str(), "a" | "an" | "the" | "new" | "updated"))?;
    TypeExpr::named(word, false, None)
}

/// A link to a type page (`../resources/x.md`) whose text occurs after byte `at` of the text.
fn first_type_link_after(text: &Text, at: usize) -> Option<&Link> {
    text.links
        .iter()
        .find(|l| is_type_link(l) && text.text.get(at..).is_some_and(|rest| rest.contains(l.text.as_str())))
}

/// The type a link names: its text when that is a name; link text that is no
/// name (`[Drive resource][drive-resource]`) by the target's file name, and
/// where that is no name either (translated `[objeto
/// deviceManagementSettingCategory](../resources/intune-…-devicemanagementsettingcategory.md)`)
/// by the identifier in the text that the file name ends with.
pub(super) fn linked_type(link: &Link, collection: bool) -> Option<TypeExpr> {
    let (stem, stem_tail) = (file_stem(&link.target), file_stem_tail(&link.target));
    // Only a resource page's file spells a type (`onenoteoperation-get.md` ends in a verb).
    let spelled = link
        .text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.'))
        .find(|w| !w.is_empty() && w.eq_ignore_ascii_case(stem_tail))
        .filter(|_| link.target.contains("resources/"));
    TypeExpr::named(&link.text, collection, Some(link.target.clone()))
        .or_else(|| TypeExpr::named(stem, collection, Some(link.target.clone())))
        .or_else(|| spelled.and_then(|w| TypeExpr::named(w, collection, Some(link.target.clone()))))
}

/// A link with text to a type page (`../resources/x.md`, not an `/api/` page).
pub(super) fn is_type_link(link: &Link) -> bool {
    let t = link.target.to_ascii_lowercase();
    (t.ends_with(".md") || t.contains(".md#")) && !t.contains("/api/") && !link.text.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn representation_in_plain_text() {
        let t = Text::plain(
            "In the request body, supply a JSON representation for the deviceManagementDomainJoinConnector object.",
        );
        assert_eq!(representation_of(&t).unwrap().name, "deviceManagementDomainJoinConnector");
        let t = Text::plain("In the request body, supply JSON representation of the parameters.");
        assert_eq!(representation_of(&t).unwrap().name, "parameters");
    }
}
