//! Which column of a table holds what, read from the cells rather than the
//! header words, which machine translation rewrites (`| Propriedade | Tipo |
//! Descrição |`, `| プロパティ | 型 | 説明 |`). A name column holds
//! identifier-like ASCII tokens, a type column type expressions (links to
//! `../resources/*.md`, EDM names, `Collection(…)`), a value column integers,
//! and the description column the longest prose. Header words are only the
//! tie-breaker.

use super::localized;
use super::type_expr::TypeExpr;
use crate::read::{Table, Text};

/// `roles`, `@odata.type`, `microsoft.graph.x`, `$filter`: an ASCII token that
/// can be a wire name. Translated words (`funções`, `Nome único`) are not.
pub fn is_identifier(s: &str) -> bool {
    let s = s.strip_prefix(['@', '$']).unwrap_or(s);
    s.len() <= 200
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
}

/// `Rollen`, `Direto`, `Sempre`: a capitalised plain word, which machine
/// translation writes where Graph's names are camelCase (`roles`, `direct`).
/// `OneDrive`, `SHA256` and `iOS` are not.
pub fn is_capitalised_word(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && !s.chars().skip(1).any(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || !c.is_alphabetic())
}

/// `nome`, `assunto`, `desconhecido`: one lower-case word, which may be a
/// Graph name (`name`, `subject`, `unknown`) or, on a translated page, its
/// translation; only untranslated text (the JSON representation, examples, code
/// spans, the original tree) can tell.
pub fn is_plain_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase())
}

/// The cell's text without the markup the docs put around names (`**x**`, `` `x` ``).
pub fn bare(cell: &Text) -> &str {
    cell.text.trim().trim_matches(|c| c == '*' || c == '`').trim()
}

/// The columns of a name/type/description table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    /// Where the type expressions are, when some column holds them.
    pub ty: Option<usize>,
    /// Where the descriptions are.
    pub description: Option<usize>,
    /// Where integer values are (enum tables).
    pub value: Option<usize>,
}

/// The share of a column's non-empty cells that `test` accepts (0 when none is filled).
fn share(t: &Table, col: usize, test: impl Fn(&Text) -> bool) -> f64 {
    let cells: Vec<&Text> =
        t.rows.iter().filter_map(|r| r.cells.get(col)).filter(|c| !c.text.trim().is_empty()).collect();
    if cells.is_empty() {
        return 0.0;
    }
    cells.iter().filter(|c| test(c)).count() as f64 / cells.len() as f64
}

/// A cell that writes a type: a link to a resource page, or a type expression
/// (`String`, `Edm.Int32`, `String collection`, `Collection(x)`, a translated
/// primitive such as `Cadeia de caracteres`).
pub fn is_type_cell(cell: &Text) -> bool {
    if cell.links.iter().any(|l| l.target.contains(".md")) {
        return true;
    }
    let text = bare(cell);
    if localized::primitive(text).is_some() {
        return true;
    }
    // Prose ends with a full stop (`Installed.`); a type expression does not.
    if text.ends_with('.') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let inner = lower.strip_prefix("collection(").map_or(lower.as_str(), |r| r.trim_end_matches(')'));
    let inner = inner.strip_suffix(" collection").unwrap_or(inner);
    let inner = inner.strip_prefix("edm.").unwrap_or(inner);
    let word = inner.split([' ', '(', ',']).next().unwrap_or("");
    EDM_WORDS.contains(&word)
        || (is_identifier(word) && !inner.contains(' ') && word.len() > 2 && has_inner_capital(text))
}

/// A type expression that names a type the way English docs do: a link, an EDM
/// name, or a camelCase type name. A lone capitalised word that is none of
/// these (`Zeichenfolge`) is a translated primitive no table knows.
pub fn names_a_type(ty: &TypeExpr) -> bool {
    let name = ty.name.to_ascii_lowercase();
    ty.link.is_some()
        || EDM_WORDS.contains(&name.as_str())
        || ty.name.starts_with(|c: char| c.is_ascii_lowercase())
        || has_inner_capital(&ty.name)
}

/// `identitySet`, `microsoft.graph.x`: a camelCase type name.
fn has_inner_capital(s: &str) -> bool {
    s.chars().skip(1).any(|c| c.is_ascii_uppercase()) || s.contains('.')
}

/// EDM primitive names as the docs write them in type columns, lower case.
const EDM_WORDS: &[&str] = &[
    "string",
    "boolean",
    "bool",
    "int16",
    "int32",
    "int64",
    "int",
    "integer",
    "byte",
    "sbyte",
    "double",
    "single",
    "float",
    "decimal",
    "guid",
    "datetimeoffset",
    "datetime",
    "date",
    "timeofday",
    "duration",
    "binary",
    "stream",
    "json",
    "object",
    "url",
];

/// The first column whose header holds one of `words` (lower case).
pub fn by_header(t: &Table, words: &[&str]) -> Option<usize> {
    t.header.iter().position(|h| {
        let h = h.text.to_lowercase();
        words.iter().any(|w| h.contains(w))
    })
}

/// Find a name/type/description table's columns from its cells; the `words`
/// are the header words (English and the locales already known) that name a
/// column the cells cannot show. `type_words` is `None` for a table without
/// types (enum members).
pub fn find(t: &Table, type_words: Option<&[&str]>, description_words: &[&str], value_words: &[&str]) -> Columns {
    let width = t.header.len().max(t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0));
    // Type: the column (after the name) where most filled cells are type expressions;
    // else the column the header calls the type (`| Supported Type | Remarks |`).
    let ty = type_words.and_then(|type_words| {
        (1..width)
            .map(|i| (i, share(t, i, is_type_cell)))
            .filter(|(_, s)| *s >= 0.5)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(i, _)| i)
            .or_else(|| by_header(t, type_words))
    });
    let value = (1..width)
        .filter(|&i| Some(i) != ty)
        .map(|i| (i, share(t, i, |c| bare(c).parse::<i64>().is_ok())))
        .filter(|(_, s)| *s >= 0.8)
        .map(|(i, _)| i)
        .next()
        .or_else(|| by_header(t, value_words).filter(|&i| i > 0 && Some(i) != ty));
    // Description: the header's word when it names one, else the column of longest text.
    let description =
        by_header(t, description_words).filter(|&i| i > 0 && Some(i) != ty && Some(i) != value).or_else(|| {
            (1..width)
                .filter(|&i| Some(i) != ty && Some(i) != value)
                .map(|i| {
                    let total: usize = t.rows.iter().filter_map(|r| r.cells.get(i)).map(|c| c.text.len()).sum();
                    (i, total)
                })
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(i, _)| i)
        });
    Columns { ty, description, value }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Link, TableRow};

    fn text(s: &str) -> Text {
        let mut t = Text::plain(s);
        if let Some((label, target)) = s.split_once("](") {
            t.text = label.trim_start_matches('[').to_owned();
            t.links = vec![Link { text: t.text.clone(), target: target.trim_end_matches(')').to_owned() }];
        }
        t
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            header: header.iter().map(|h| text(h)).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| TableRow { line: i as u32 + 3, cells: r.iter().map(|c| text(c)).collect() })
                .collect(),
        }
    }

    #[test]
    fn columns_are_found_by_their_cells_in_any_language() {
        let ja = table(
            &["プロパティ", "説明", "型"],
            &[
                &["displayName", "表示名。", "String"],
                &["owner", "所有者。", "[identitySet](../resources/identityset.md)"],
                &["size", "サイズ。", "Int64"],
            ],
        );
        assert_eq!(
            find(&ja, Some(&["type"]), &["description"], &["value"]),
            Columns { ty: Some(2), description: Some(1), value: None }
        );
        let members = table(&["Membro", "Valor", "Descrição"], &[&["none", "0", "Nenhum."], &["vpn", "4", "VPN."]]);
        let cols = find(&members, None, &["description"], &["value"]);
        assert_eq!((cols.value, cols.description), (Some(1), Some(2)));
    }

    #[test]
    fn identifiers_are_ascii_tokens() {
        assert!(is_identifier("roles") && is_identifier("@odata.type") && is_identifier("$filter"));
        assert!(!is_identifier("funções") && !is_identifier("Nome único") && !is_identifier("表示名"));
    }
}
