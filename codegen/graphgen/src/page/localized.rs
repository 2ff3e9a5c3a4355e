//! What machine translation does to type columns, as a fallback after the
//! structure: translated EDM primitive names (`Cadeia de caracteres`,
//! `Booliano`) and collection words (`coleção de`, `Coleção`).
//!
//! The table is not guessed. It was built from the corpus by pairing each
//! property row of the 2023 pt-BR tree with the row of the same property on
//! the same page of the 2020 English tree, and keeping each translated type
//! text that stood for one English type at least 5 times (both trees, `api/`
//! and `resources/`). A type text no table knows is left to the structure:
//! the JSON representation's placeholder value types the property.

/// Translated primitive names, lower case, and the EDM type each stands for.
const PRIMITIVES: &[(&str, &str)] = &[
    // pt-BR
    ("cadeia de caracteres", "String"),
    ("cadeias de caracteres", "String"),
    ("cadeia de caractere", "String"),
    ("cadeia", "String"),
    ("booliano", "Boolean"),
    ("booleano", "Boolean"),
    ("boleano", "Boolean"),
    ("duplo", "Double"),
    ("data", "Date"),
    ("duração", "Duration"),
    ("binária", "Binary"),
    ("binário", "Binary"),
    ("inteiro", "Int32"),
    ("guids", "Guid"),
];

/// Words that make a type a collection, written before the item type (lower case).
const COLLECTION_PREFIXES: &[&str] = &["coleção de ", "coleção ", "conjunto de ", "conjunto ", "coleções de "];

/// Words that make a type a collection, written after the item type.
const COLLECTION_SUFFIXES: &[&str] = &[" coleção", "coleção"];

/// `Coleção de X`, `coleção X`, `X coleção`, `Xcoleção`: the item type's text
/// (as written), when the cell says "collection" in a language the table knows.
pub fn collection_item(text: &str) -> Option<&str> {
    let text = text.trim();
    let starts = |p: &str| text.get(..p.len()).is_some_and(|head| head.to_lowercase() == p);
    let ends =
        |p: &str| text.len() > p.len() && text.get(text.len() - p.len()..).is_some_and(|t| t.to_lowercase() == p);
    if let Some(p) = COLLECTION_PREFIXES.iter().find(|p| starts(p)) {
        return Some(text[p.len()..].trim());
    }
    COLLECTION_SUFFIXES.iter().find(|p| ends(p)).map(|p| text[..text.len() - p.len()].trim()).filter(|r| !r.is_empty())
}

/// The EDM name a translated primitive stands for (`Cadeia de caracteres,
/// tamanho máximo 20` → `String`), and whether the cell makes it a collection
/// (`Coleção de cadeias de caracteres`).
pub fn primitive(text: &str) -> Option<(&'static str, bool)> {
    let (item, collection) = match collection_item(text) {
        Some(item) => (item, true),
        None => (text.trim(), false),
    };
    let item = item.split([',', '(', '/']).next().unwrap_or("").trim().to_lowercase();
    // The whole text, or a phrase followed by more words (`Cadeia de caracteres exclusiva`).
    let names = |words: &str| {
        item == words || item.strip_prefix(words).is_some_and(|rest| rest.starts_with(' ') && words.contains(' '))
    };
    PRIMITIVES.iter().find(|(words, _)| names(words)).map(|(_, edm)| (*edm, collection))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translated_primitives_and_collections() {
        assert_eq!(primitive("Cadeia de caracteres"), Some(("String", false)));
        assert_eq!(primitive("Coleção de cadeias de caracteres"), Some(("String", true)));
        assert_eq!(primitive("cadeia de caracteres, tamanho máximo 20"), Some(("String", false)));
        assert_eq!(primitive("Booliano"), Some(("Boolean", false)));
        assert_eq!(primitive("Coleção de GUIDs"), Some(("Guid", true)));
        assert_eq!(primitive("Cadeia de caracteres exclusiva"), Some(("String", false)));
        assert_eq!(primitive("Cadeia de caracteres/número"), Some(("String", false)));
        assert_eq!(primitive("String"), None);
        assert_eq!(primitive("database"), None);
        assert_eq!(collection_item("Coleção String"), Some("String"));
        assert_eq!(collection_item("driveItem coleção"), Some("driveItem"));
        assert_eq!(collection_item("String collection"), None);
    }
}
