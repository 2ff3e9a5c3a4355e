//! `Response` sections: the success status code and the returned type, from
//! prose, links, code spans or a fenced status line.

use crate::classify::{Classification, SectionKind};
use crate::diagnostics::{Code, FileDiagnostics};
use crate::page::body::{is_type_link, linked_type, section_text};
use crate::page::type_expr::TypeExpr;
use crate::read::{BlockKind, Text};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseSpec {
    /// The success status code the prose names.
    pub status: Option<u16>,
    pub body: ResponseBody,
    /// The type a response annotation in the section names (pages that show the
    /// response under `## Response` rather than in an example).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotated_type: Option<TypeExpr>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResponseBody {
    /// Nothing (204, or no type named).
    None,
    /// A type (possibly a collection, possibly a primitive such as `Boolean`).
    Type { ty: TypeExpr },
    /// Raw bytes (`$value`, content downloads, 302 redirects to content).
    Binary,
}

pub fn read_response(class: &Classification<'_>, diags: &mut FileDiagnostics) -> ResponseSpec {
    let Some(section) = class.section(SectionKind::Response) else {
        diags.warn(0, Code::NoResponseSection, "page has no response section; assuming no response body");
        return ResponseSpec { status: None, body: ResponseBody::None, annotated_type: None, line: 0 };
    };
    let prose = section_text(section.blocks);
    let mut status = None;
    let mut body = None;
    for (text, _) in &prose {
        if status.is_none() {
            status = text.code.iter().find_map(|c| status_code(c)).or_else(|| status_in_prose(&text.text));
        }
        if body.is_none() {
            body = returned_type(text);
        }
    }
    if status.is_none() {
        // A fenced status line (```201 Created```), or a response shown in the section (`HTTP/1.1 200 OK`).
        status = section.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Code(c) => {
                let first = c.text.trim().lines().next().unwrap_or("");
                let status_line = first.strip_prefix("HTTP/").and_then(|rest| rest.split_once(' ')).map(|(_, s)| s);
                status_code(status_line.unwrap_or(c.text.trim()))
            }
            _ => None,
        });
    }
    let body = match (status, body) {
        (Some(204), _) => ResponseBody::None,
        (_, Some(ty)) => ResponseBody::Type { ty },
        (Some(302), None) => ResponseBody::Binary,
        (_, None) => ResponseBody::None,
    };
    if status.is_none() {
        diags.warn(section.line, Code::NoStatusCode, "response section names no status code");
    }
    let annotated_type = section.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Annotation(a) => a.value.as_ref().and_then(super::examples::annotated_type),
        _ => None,
    });
    ResponseSpec { status, body, annotated_type, line: section.line }
}

/// `200 OK`, `201 Created`, `204`: a code span or fence holding a success status
/// (an error status, `HTTP 404` in "if the drive does not exist…", is not the response's).
fn status_code(s: &str) -> Option<u16> {
    let s = s.trim();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let code: u16 = digits.parse().ok().filter(|_| digits.len() == 3)?;
    let rest = &s[3..];
    ((100..400).contains(&code) && (rest.is_empty() || rest.starts_with([' ', ',']))).then_some(code)
}

/// A status code in running text: `returns a 201 Created response code`.
fn status_in_prose(text: &str) -> Option<u16> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').collect();
    words.windows(2).find_map(|w| {
        let code = status_code(w[0])?;
        let next = w[1].to_lowercase();
        let names = ["ok", "created", "no", "accepted", "found", "partial", "response", "see", "moved"];
        names.iter().any(|n| next.starts_with(n)).then_some(code)
    })
}

/// The type a response paragraph says comes back: a linked type, or
/// `a deviceManagementDomainJoinConnector object` / `a collection of x objects` in plain text,
/// or a primitive (`a Boolean`, `a String`).
fn returned_type(text: &Text) -> Option<TypeExpr> {
    let lower = text.text.to_lowercase();
    if let Some(link) = text.links.iter().find(|l| is_type_link(l)) {
        let before = lower.find(&link.text.to_lowercase()).map(|i| &lower[..i]).unwrap_or("");
        let link_lower = link.text.to_lowercase();
        // pt-BR (from its 2023 tree): `uma coleção de objetos [x]`, `[coleção de x]`.
        let collection = before.contains("collection of")
            || before.contains("коллекци")
            || before.trim_end().ends_with("array of")
            || before.contains("coleção")
            || link_lower.contains("coleção");
        return linked_type(link, collection);
    }
    let words: Vec<&str> = text.text.split_whitespace().collect();
    let returns_at = words.iter().position(|w| w.to_lowercase().starts_with("return"))?;
    let tail = &words[returns_at..];
    for (i, w) in tail.iter().enumerate() {
        let lw = w.to_lowercase();
        if lw != "a" && lw != "an" {
            continue;
        }
        let mut j = i + 1;
        let mut collection = false;
        if tail.get(j).is_some_and(|w| w.eq_ignore_ascii_case("collection"))
            && tail.get(j + 1).is_some_and(|w| w.eq_ignore_ascii_case("of"))
        {
            collection = true;
            j += 2;
        }
        let Some(candidate) = tail.get(j) else { continue };
        let candidate = candidate.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let next = tail.get(j + 1).map(|w| w.to_lowercase()).unwrap_or_default();
        let next = next.trim_matches(|c: char| !c.is_alphanumeric());
        let primitive = matches!(
            candidate.to_ascii_lowercase().as_str(),
            "boolean" | "string" | "int32" | "int64" | "double" | "stream"
        );
        if next.starts_with("object") || next == "collection" || next == "resource" || next == "entity" || primitive {
            if next == "collection" {
                collection = true;
            }
            return TypeExpr::named(candidate, collection, None);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes() {
        assert_eq!(status_code("200 OK"), Some(200));
        assert_eq!(status_code("204 No Content"), Some(204));
        assert_eq!(status_code("2000"), None);
        assert_eq!(status_in_prose("returns a 201 Created response code and"), Some(201));
        assert_eq!(status_in_prose("returns 42 objects"), None);
    }

    #[test]
    fn plain_text_response_type() {
        let t = Text::plain(
            "If successful, this method returns a 201 Created response code and a deviceManagementDomainJoinConnector object in the response body.",
        );
        let ty = returned_type(&t).unwrap();
        assert_eq!((ty.name.as_str(), ty.collection), ("deviceManagementDomainJoinConnector", false));
        let t = Text::plain(
            "If successful, this method returns a 200 OK response code and a collection of printConnector objects in the response body.",
        );
        let ty = returned_type(&t).unwrap();
        assert_eq!((ty.name.as_str(), ty.collection), ("printConnector", true));
        let t = Text::plain(
            "If successful, this function returns a 200 OK response code and a Boolean in the response body.",
        );
        assert_eq!(returned_type(&t).unwrap().name, "Boolean");
    }

    #[test]
    fn translated_link_text_names_its_type_by_the_target() {
        let mut t = Text::plain(
            "Se tiver êxito, este método retornará um código de resposta e um objeto deviceManagementSettingCategory no corpo da resposta.",
        );
        t.links = vec![crate::read::Link {
            text: "objeto deviceManagementSettingCategory".into(),
            target: "../resources/intune-deviceintent-devicemanagementsettingcategory.md".into(),
        }];
        let ty = returned_type(&t).unwrap();
        assert_eq!((ty.name.as_str(), ty.collection), ("deviceManagementSettingCategory", false));
        t.text = "retornará um código de resposta e uma coleção de objeto deviceManagementSettingCategory.".into();
        assert!(returned_type(&t).unwrap().collection);
    }
}
