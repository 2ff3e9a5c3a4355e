//! Type cells as the docs write them: `String`, `Edm.Int32`, `[x](../resources/x.md)`,
//! `[x](…) collection`, `String collection`, `Collection(x)`, `collection(string)`.

use crate::read::Text;
use serde::Serialize;

/// A type reference as written on a page; resolution happens in `lower`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TypeExpr {
    /// The cell text as written.
    pub written: String,
    /// Element type name without namespace or `Edm.`: `String`, `deviceManagementDomainJoinConnector`.
    pub name: String,
    pub collection: bool,
    /// Link target when the type is a link to its page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Written as a collection of collections (`Collection(Collection(x))`), which
    /// OData has no type for; read as one collection of `x`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nested_collection: bool,
}

impl TypeExpr {
    /// A reference by name (prose, annotations).
    pub fn named(name: &str, collection: bool, link: Option<String>) -> Option<Self> {
        let written = name.to_owned();
        let name = clean_name(name)?;
        Some(TypeExpr { written, name, collection, link, nested_collection: false })
    }
}

/// Strip namespaces, `Edm.`, markup and `#`; `None` when nothing name-like is left.
pub fn clean_name(raw: &str) -> Option<String> {
    let mut s = raw.trim().trim_matches(|c| c == '*' || c == '`' || c == '"' || c == '\'' || c == '#').trim();
    for prefix in ["Edm.", "edm.", "microsoft.graph.callRecords.", "microsoft.graph.", "graph."] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
        }
    }
    let s = s.trim_end_matches(['.', ',', ';', ':']);
    let valid = !s.is_empty()
        && s.len() <= 200
        && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && s.chars().next().is_some_and(char::is_alphabetic);
    valid.then(|| s.to_owned())
}

/// Parse a type cell. `None` when the cell is empty or holds no type-like word.
pub fn parse_type_cell(cell: &Text) -> Option<TypeExpr> {
    let written = cell.text.trim().to_owned();
    if written.is_empty() {
        return None;
    }
    // A translated primitive (`Cadeia de caracteres`, `Coleção de cadeias de caracteres`).
    if cell.links.is_empty() {
        if let Some((edm, collection)) = super::localized::primitive(&written) {
            return Some(TypeExpr { written, name: edm.to_owned(), collection, link: None, nested_collection: false });
        }
    }
    let lower = written.to_ascii_lowercase();
    let mut collection = false;
    let mut nested_collection = false;
    let mut inner = written.as_str();
    // `Collection(x)` / `collection(x)`; `Collection(Collection(x))` as one collection
    // (a loop over the prefix: the page decides how many there are).
    let mut rest = lower.as_str();
    while let Some(after) = rest.strip_prefix("collection(") {
        nested_collection = collection;
        collection = true;
        rest = after.trim_start();
    }
    if collection {
        inner = inner[written.len() - rest.len()..].trim_end().trim_end_matches(')');
    }
    // `x collection`, `[x](…) collection`
    let lower_inner = inner.to_ascii_lowercase();
    if let Some(stripped) = lower_inner.strip_suffix(" collection") {
        collection = true;
        inner = &inner[..stripped.len()];
    } else if let Some(item) = super::localized::collection_item(inner).filter(|_| !collection) {
        // `Coleção [x](…)`, `coleção String`, `[x](…) coleção`.
        collection = true;
        inner = item;
    }
    let link = cell.links.first();
    let name = match link {
        // Link text translation rewrote (`[seções](sectiongroup.md)`): the target's file names
        // the type, or its anchor on a page of several enums (`enums.md#x-values`).
        Some(l) if !l.text.is_ascii() => {
            let anchor = l.target.split_once('#').and_then(|(_, a)| a.strip_suffix("-values"));
            anchor.and_then(clean_name).or_else(|| clean_name(super::resource::file_stem_tail(&l.target)))
        }
        Some(l) if !l.text.trim().is_empty() => clean_name(&l.text),
        _ => None,
    }
    .or_else(|| clean_name(inner))
    .or_else(|| {
        // First word that looks like a name: `String (identifier)`, `Int32 nullable`.
        // A type name is ASCII; translated prose (`文字列`, `Coleção`) names no type.
        inner.split([' ', '(', ')']).find_map(|w| clean_name(w).filter(|n| n.is_ascii()))
    })
    .filter(|n| n.is_ascii())?;
    Some(TypeExpr {
        written,
        name,
        collection,
        link: link.map(|l| l.target.clone()).filter(|t| t.ends_with(".md") || t.contains(".md#")),
        nested_collection,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Link;

    fn cell(text: &str, link: Option<(&str, &str)>) -> Text {
        Text {
            text: text.into(),
            links: link.map(|(t, h)| Link { text: t.into(), target: h.into() }).into_iter().collect(),
            code: vec![],
        }
    }

    #[test]
    fn reads_the_forms_the_docs_use() {
        let t = parse_type_cell(&cell("String", None)).unwrap();
        assert_eq!((t.name.as_str(), t.collection), ("String", false));
        let t = parse_type_cell(&cell("Edm.Int32", None)).unwrap();
        assert_eq!(t.name, "Int32");
        let t = parse_type_cell(&cell("String collection", None)).unwrap();
        assert_eq!((t.name.as_str(), t.collection), ("String", true));
        let t = parse_type_cell(&cell("Collection(microsoft.graph.x)", None)).unwrap();
        assert_eq!((t.name.as_str(), t.collection), ("x", true));
        let t = parse_type_cell(&cell("collection(string)", None)).unwrap();
        assert_eq!((t.name.as_str(), t.collection), ("string", true));
        let t = parse_type_cell(&cell("identitySet collection", Some(("identitySet", "../resources/identityset.md"))))
            .unwrap();
        assert_eq!((t.name.as_str(), t.collection), ("identitySet", true));
        assert_eq!(t.link.as_deref(), Some("../resources/identityset.md"));
        let t = parse_type_cell(&cell("**choices**", None)).unwrap();
        assert_eq!(t.name, "choices");
        assert!(parse_type_cell(&cell("", None)).is_none());
        let t = parse_type_cell(&cell("Collection(Collection(Edm.String))", None)).unwrap();
        assert_eq!((t.name.as_str(), t.collection, t.nested_collection), ("String", true, true));
        let deep = format!("{}String{}", "Collection(".repeat(100_000), ")".repeat(100_000));
        let t = parse_type_cell(&cell(&deep, None)).unwrap();
        assert_eq!((t.name.as_str(), t.collection, t.nested_collection), ("String", true, true));
        assert!(parse_type_cell(&cell("—", None)).is_none());
        let t = parse_type_cell(&cell("coleção de seções", Some(("seções", "sectiongroup.md")))).unwrap();
        assert_eq!((t.name.as_str(), t.collection), ("sectiongroup", true));
        let t = parse_type_cell(&cell("estado", Some(("estado", "enums.md#printjobstate-values")))).unwrap();
        assert_eq!(t.name, "estado");
        let t =
            parse_type_cell(&cell("método", Some(("método", "enums.md#teamsappdistributionmethod-values")))).unwrap();
        assert_eq!(t.name, "teamsappdistributionmethod");
    }
}
