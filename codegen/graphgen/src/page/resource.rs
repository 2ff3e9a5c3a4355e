//! Resource pages: property tables, relationships, the JSON representation and
//! its annotation (`@odata.type`, `baseType`, `openType`).

use crate::classify::{Classification, SectionKind};
use crate::diagnostics::{Code, FileDiagnostics};
use crate::limits;
use crate::page::columns;
use crate::page::type_expr::{TypeExpr, clean_name, parse_type_cell};
use crate::read::{BlockKind, Document, Table};
use serde::Serialize;

/// One row of a property (or parameter) table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PropertyRow {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeExpr>,
    pub description: String,
    /// Members listed inline: ``Possible values are: `a`, `b`.``
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub possible_values: Vec<String>,
    /// On a translated page, the identifiers the description writes in code spans,
    /// which translation leaves alone: what confirms a plain-word enum member there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub code_spans: Vec<String>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResourcePage {
    pub source: String,
    /// The page's locale (`en-us`, `pt-br`); left out of the page model's JSON when English.
    #[serde(skip_serializing_if = "crate::classify::is_english")]
    pub locale: String,
    pub name: String,
    pub line: u32,
    pub description: Option<String>,
    pub properties: Vec<PropertyRow>,
    pub relationships: Vec<PropertyRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    /// `microsoft.graph.x`, from the resource annotation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    pub open_type: bool,
    pub is_abstract: bool,
    /// The key property the annotation names (`"keyProperty": "id"`): the type is an entity type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_property: Option<String>,
}

/// `x resource type` / `x enum type` / `x complex type` → `x`.
pub(super) fn name_from_title(title: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    match words.as_slice() {
        [name, kind, "type"] if matches!(*kind, "resource" | "enum" | "complex" | "entity") => clean_name(name),
        [name] => clean_name(name),
        _ => None,
    }
}

/// The identifier a translated title holds, wherever translation moved it
/// (`Tipo de número userPfxIntendedPurpose`, `tipo de recurso
/// aadUserConversationMember`): the title token the heading's anchor
/// (`<a name="userpfxintendedpurpose-enum-type">`) or the file name spells,
/// else the title's one camelCase token.
pub(super) fn name_in_title(class: &Classification<'_>, file: &str) -> Option<String> {
    let heading = class.preamble.iter().find_map(|b| match &b.kind {
        BlockKind::Heading(h) if h.level == 1 => Some(h),
        _ => None,
    })?;
    let words: Vec<&str> = heading
        .text
        .text
        .split_whitespace()
        .map(|w| w.trim_matches(['`', '*', '"', '\'', '.', ',', ':']))
        // Graph's type names start in lower case (`API`, `AsyncJobStatus` in a title are not one).
        .filter(|w| columns::is_identifier(w) && w.starts_with(|c: char| c.is_ascii_lowercase()))
        .collect();
    let anchor = heading.anchor.as_deref().and_then(|a| a.split('-').next()).unwrap_or("");
    let stem = file_stem_tail(file);
    words
        .iter()
        .find(|w| {
            (!anchor.is_empty() && w.eq_ignore_ascii_case(anchor)) || (!stem.is_empty() && w.eq_ignore_ascii_case(stem))
        })
        .or_else(|| {
            match words.iter().filter(|w| w.chars().skip(1).any(|c| c.is_ascii_uppercase())).collect::<Vec<_>>()[..] {
                [one] => Some(one),
                _ => None,
            }
        })
        .and_then(|w| clean_name(w))
}

/// The file name without folder, extensions and anchor (`resources/user.ru-ru.md` → `user`,
/// `../resources/enums.md#x-values` → `enums`).
pub(super) fn file_stem(file: &str) -> &str {
    file.rsplit('/').next().and_then(|f| f.split(['.', '#']).next()).unwrap_or("")
}

/// The file stem's last dash-separated word, where a resource page's file spells its type
/// (`intune-deviceintent-devicemanagementsettingcategory.md` → `devicemanagementsettingcategory`).
pub(super) fn file_stem_tail(file: &str) -> &str {
    let stem = file_stem(file);
    stem.rsplit('-').next().unwrap_or(stem)
}

/// Names from looser evidence, in order: the title words joined when they spell
/// the file name (`System facet` in `systemfacet.md` → `systemFacet`), the
/// file name itself, the title's first word. A translated title's first word
/// is prose (`Visão geral`, `Trabalhando com…`), so on a `translated` page
/// it names nothing.
pub(super) fn name_from_title_and_file(title: &str, file: &str, translated: bool) -> Option<String> {
    let stem = file_stem(file);
    let words: Vec<&str> = title.split_whitespace().collect();
    let joined: String = words.concat();
    if !stem.is_empty() && joined.eq_ignore_ascii_case(stem) {
        let mut camel = String::new();
        for (i, w) in words.iter().enumerate() {
            let mut chars = w.chars();
            if let Some(first) = chars.next() {
                if i == 0 {
                    camel.extend(first.to_lowercase());
                } else {
                    camel.extend(first.to_uppercase());
                }
                camel.push_str(chars.as_str());
            }
        }
        if let Some(name) = clean_name(&camel) {
            return Some(name);
        }
    }
    clean_name(stem).or_else(|| words.first().filter(|_| !translated).and_then(|w| clean_name(w)))
}

pub(super) fn title_of(class: &Classification<'_>, doc: &Document) -> (String, u32) {
    class
        .title()
        .map(|(t, l)| (t.to_owned(), l))
        .unwrap_or_else(|| (doc.front_matter.get("title").unwrap_or("").to_owned(), 1))
}

pub(super) fn description_of(doc: &Document) -> Option<String> {
    doc.front_matter
        .get("description")
        .map(str::trim)
        .filter(|d| !crate::page::is_placeholder_description(d))
        .map(str::to_owned)
}

pub fn build_resource_page(
    doc: &Document,
    class: &Classification<'_>,
    diags: &mut FileDiagnostics,
) -> Option<ResourcePage> {
    let file = doc.path.as_str();
    let (title, line) = title_of(class, doc);
    // The resource annotation: `{"blockType": "resource", "@odata.type": "microsoft.graph.x", ...}`.
    let annotation = class.sections.iter().flat_map(|s| s.blocks).chain(class.preamble).find_map(|b| match &b.kind {
        BlockKind::Annotation(a) if a.block_type().as_deref() == Some("resource") => a.value.as_ref(),
        _ => None,
    });
    let annotated = |key: &str| annotation.and_then(|a| a.get(key)).and_then(|v| v.as_str()).map(str::to_owned);
    let flag = |key: &str| annotation.is_some_and(|a| crate::read::annotation_flag(a, key));
    let odata_type = annotated("@odata.type");
    let name = name_from_title(&title)
        .or_else(|| odata_type.as_deref().and_then(clean_name))
        .or_else(|| name_in_title(class, file))
        .or_else(|| name_from_title_and_file(&title, file, class.is_translated()));
    let Some(name) = name else {
        diags.error(line, Code::ResourceNameMissing, "resource page names no type (no title, no @odata.type)");
        return None;
    };
    let mut properties = Vec::new();
    let translated_page = class.is_translated();
    let representation = super::json_representation::rows_from_json_representation(class);
    // A table read as properties by its shape alone must name the representation's
    // keys: a table of values under Properties (`| Nome | Nome de exibição | Descrição |`
    // in `riskdetection.md`) does not.
    let keys: Option<std::collections::HashSet<String>> =
        representation.as_ref().map(|(rows, _)| rows.iter().map(|r| r.name.to_ascii_lowercase()).collect());
    let names_keys = |t: &Table| {
        keys.as_ref().is_none_or(|keys| {
            let known = t
                .rows
                .iter()
                .filter_map(|r| r.cells.first())
                .filter(|c| keys.contains(&columns::bare(c).to_ascii_lowercase()))
                .count();
            known * 2 >= t.rows.len()
        })
    };
    let mut translated: Vec<PropertyRow> = Vec::new();
    for section in class.sections_of(SectionKind::Properties) {
        for block in section.blocks {
            if let BlockKind::Table(t) = &block.kind {
                let by_shape = is_property_table(t, translated_page) && names_keys(t);
                if !(is_property_table(t, false) || by_shape || columns::by_header(t, TYPE_WORDS).is_some()) {
                    continue;
                }
                if !is_property_table(t, translated_page) {
                    // A table of names and types under "Properties" whose first header says
                    // something else (`presence.md`: "Relationship"): its rows are properties.
                    let header = t.header.first().map_or("", |h| h.text.as_str());
                    diags.note(
                        block.line,
                        Code::TableHeaderMismatch,
                        format!("the table under Properties is headed {header:?}; its rows are read as properties"),
                    );
                }
                let (rows, untranslatable) = property_rows_and_translated(t, translated_page, diags);
                properties.extend(rows);
                translated.extend(untranslatable);
            }
        }
    }
    let mut relationships = Vec::new();
    for section in class.sections_of(SectionKind::Relationships) {
        for block in section.blocks {
            if let BlockKind::Table(t) = &block.kind {
                let (rows, untranslatable) = property_rows_and_translated(t, translated_page, diags);
                relationships.extend(rows);
                translated.extend(untranslatable);
            }
        }
    }
    limits::cap(&mut properties, limits::MAX_ITEMS, "properties", |p| p.line, diags);
    limits::cap(&mut relationships, limits::MAX_ITEMS, "relationships", |p| p.line, diags);
    // The JSON representation: a second source for what no table lists (relationships included),
    // for the names translation changed, and for types a translated table does not spell.
    if let Some((json_rows, _)) = &representation {
        super::representation_rows::reconcile(
            &mut properties,
            &mut relationships,
            translated,
            json_rows,
            translated_page,
            diags,
        );
    }
    let listed: std::collections::HashSet<String> =
        properties.iter().chain(&relationships).map(|p| p.name.to_ascii_lowercase()).collect();
    let from_json = representation.map(|(rows, at)| {
        (rows.into_iter().filter(|r| !listed.contains(&r.name.to_ascii_lowercase())).collect::<Vec<_>>(), at)
    });
    let open_type = flag("openType");
    match from_json {
        // An open type's representation without a table shows dynamic properties
        // (`plannerAssignments`: user IDs, `"String-value"`), not properties.
        Some((rows, at)) if properties.is_empty() && !rows.is_empty() && open_type => {
            diags.note(
                at,
                Code::OpenTypeDynamicProperties,
                format!("{name} is an open type with no property table; the {} members of its JSON representation are dynamic properties, kept in `additional_properties`", rows.len()),
            );
        }
        Some((rows, at)) if properties.is_empty() && !rows.is_empty() => {
            diags.note(
                at,
                Code::PropertiesFromJsonRepresentation,
                format!(
                    "resource page for {name} has no readable property table; its {} properties are read from its JSON representation",
                    rows.len()
                ),
            );
            properties = rows;
        }
        Some((rows, _)) if !properties.is_empty() => {
            for row in rows {
                diags.note(
                    row.line,
                    Code::PropertyOnlyInJsonRepresentation,
                    format!(
                        "property {} of {name} is in the JSON representation but in no table; read from there",
                        row.name
                    ),
                );
                properties.push(row);
            }
        }
        _ => {}
    }
    if properties.is_empty() && !open_type {
        diags.warn(line, Code::ResourceWithoutProperties, format!("resource page for {name} has no property table"));
    }
    let base_type = annotated("baseType").and_then(|b| clean_name(&b)).or_else(|| inherits_from(class));
    Some(ResourcePage {
        source: file.to_owned(),
        locale: class.locale.clone(),
        name,
        line,
        description: description_of(doc),
        properties,
        relationships,
        base_type,
        odata_type,
        open_type,
        is_abstract: flag("abstract"),
        key_property: annotated("keyProperty").filter(|k| {
            k.starts_with(|c: char| c.is_ascii_alphabetic())
                && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        }),
    })
}

/// The phrases that name a base type in a resource page's prose.
const BASE_PHRASES: [&str; 6] =
    ["inherits from", "inherited from", "derived from", "derives from", "subclass of", "subtype of"];

/// "Inherits from [entity](entity.md).", "…, derived from [threatAssessmentRequest](…)",
/// "A subclass of [educationResource](…)", "a subtype of", "derives from", "Inherited from":
/// the first link after the phrase.
fn inherits_from(class: &Classification<'_>) -> Option<String> {
    class.preamble.iter().chain(class.sections.iter().flat_map(|s| s.blocks)).find_map(|b| match &b.kind {
        BlockKind::Paragraph(p) => {
            let lower = p.text.to_lowercase();
            let at = BASE_PHRASES.iter().filter_map(|w| lower.find(w)).min()?;
            let after = &lower[at..];
            p.links.iter().find(|l| after.contains(&l.text.to_lowercase())).and_then(|l| clean_name(&l.text))
        }
        _ => None,
    })
}

/// A table of properties: its header says so, or, on a `translated` page
/// (whatever the header's language, `| Propriedade | Tipo |`, `| プロパティ | 型 |`),
/// it has a name column of identifiers and at least two more columns (type and
/// description). Pages also put two-column tables of values and of derived
/// types under Properties (`| Value | Description |` in `folderview.md`), which
/// are not properties.
fn is_property_table(t: &Table, translated: bool) -> bool {
    let named = t.header.first().is_some_and(|h| {
        let h = h.text.to_lowercase();
        h.contains("property") || h.contains("name") || h.contains("свойство")
    });
    let identifiers =
        t.rows.iter().filter_map(|r| r.cells.first()).filter(|c| columns::is_identifier(columns::bare(c))).count();
    named || (translated && t.header.len() >= 3 && !t.rows.is_empty() && identifiers * 2 >= t.rows.len())
}

/// The header words of a type and a description column (English and the
/// locales already met), the tie-breakers of [`columns::find`].
const TYPE_WORDS: &[&str] = &["type", "тип"];
const DESCRIPTION_WORDS: &[&str] = &["description", "описание"];

/// Rows of a `Property|Type|Description` (or `Parameter|Type|Description`) table.
pub fn property_rows(t: &Table, diags: &mut FileDiagnostics) -> Vec<PropertyRow> {
    property_rows_and_translated(t, false, diags).0
}

/// The rows of a property table whose names are identifiers, and the rows whose
/// names are translated text (`funções`; on a `translated` page also a
/// capitalised plain word, `Rollen`, where Graph writes `roles`), diagnosed, for
/// the caller to recover from the JSON representation.
pub fn property_rows_and_translated(
    t: &Table,
    translated_page: bool,
    diags: &mut FileDiagnostics,
) -> (Vec<PropertyRow>, Vec<PropertyRow>) {
    let cols = columns::find(t, Some(TYPE_WORDS), DESCRIPTION_WORDS, &[]);
    let type_col = cols.ty.unwrap_or(1);
    let desc_col = cols.description.unwrap_or(t.header.len().saturating_sub(1).max(2));
    let mut rows: Vec<PropertyRow> = Vec::new();
    let mut translated: Vec<PropertyRow> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut budget = limits::Budget::new(limits::MAX_ITEMS);
    for row in &t.rows {
        let Some(first) = row.cells.first() else { continue };
        if !budget.take(row.line) {
            continue;
        }
        let name = columns::bare(first).to_owned();
        if name.is_empty() {
            continue;
        }
        let ty = row.cells.get(type_col).and_then(parse_type_cell);
        let description = row.cells.get(desc_col).map(|c| c.text.clone()).unwrap_or_default();
        if !columns::is_identifier(&name) || (translated_page && columns::is_capitalised_word(&name)) {
            if name.is_ascii() && !columns::is_identifier(&name) {
                diags.warn(
                    row.line,
                    Code::PropertyNameInvalid,
                    format!("property name {name:?} contains spaces; row skipped"),
                );
            } else {
                diags.warn(
                    row.line,
                    Code::TranslatedIdentifier,
                    format!("property name {name:?} is translated text, not a wire name; it is not emitted"),
                );
                translated.push(PropertyRow {
                    name,
                    ty,
                    description,
                    possible_values: Vec::new(),
                    code_spans: Vec::new(),
                    line: row.line,
                });
            }
            continue;
        }
        if ty.is_none() {
            diags.warn(
                row.line,
                Code::PropertyTypeMissing,
                format!("property {name:?} has no type; it will be untyped JSON"),
            );
        }
        let mut possible_values =
            // On a translated page only code spans list values: its prose is translated.
            row.cells
                .get(desc_col)
                .filter(|c| !translated_page || !c.code.is_empty())
                .map(|c| possible_values(&c.text, &c.code))
                .unwrap_or_default();
        limits::cap(&mut possible_values, limits::MAX_ITEMS, "possible values", |_| row.line, diags);
        if !seen.insert(name.clone()) {
            diags.warn(
                row.line,
                Code::DuplicateProperty,
                format!("property {name:?} is listed twice; the first row is kept"),
            );
            continue;
        }
        let code_spans = if translated_page {
            let spans = row.cells.get(desc_col).map_or(&[][..], |c| c.code.as_slice());
            spans
                .iter()
                .map(|c| c.trim())
                .filter(|c| columns::is_identifier(c))
                .take(limits::MAX_ITEMS)
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        };
        rows.push(PropertyRow { name, ty, description, possible_values, code_spans, line: row.line });
    }
    budget.report("table rows", diags);
    (rows, translated)
}

/// ``Possible values are: `a`, `b`, `unknownFutureValue`.`` (with or without code spans).
pub fn possible_values(description: &str, code: &[String]) -> Vec<String> {
    let lower = description.to_lowercase();
    // pt-BR (its 2023 tree): ``Os valores possíveis são: `a`, `b`.``
    let phrase = ["possible values", "valores possíveis"].into_iter().find_map(|p| lower.find(p).map(|at| (at, p)));
    let Some((at, phrase)) = phrase else { return Vec::new() };
    let Some(rest) = description.get(at + phrase.len()..) else { return Vec::new() };
    let rest = rest.split_once(':').map_or(rest.trim_start_matches([' ', 'a', 'r', 'e']), |(_, r)| r);
    let list_end = rest.find(". ").unwrap_or(rest.len());
    let list = &rest[..list_end];
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let code: std::collections::HashSet<&str> = code.iter().map(String::as_str).collect();
    let items = list.split([',', ';']).flat_map(|i| i.split(" and ")).flat_map(|i| i.split(" or "));
    for item in items.flat_map(|i| i.split(" e ")).flat_map(|i| i.split(" ou ")) {
        let item = item.trim().trim_end_matches('.');
        let item = item.strip_prefix("and ").or_else(|| item.strip_prefix("or ")).unwrap_or(item).trim();
        let word = item.trim_matches(|c| c == '`' || c == '"' || c == '\'' || c == '*');
        let valid =
            !word.is_empty() && word.len() <= 100 && word.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if valid && (code.is_empty() || code.contains(word)) && seen.insert(word) {
            out.push(word.to_owned());
            // One past the bound, so that the caller can tell the list was cut.
            if out.len() > limits::MAX_ITEMS {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_possible_values() {
        let code = vec!["active".to_owned(), "error".to_owned(), "inactive".to_owned()];
        assert_eq!(
            possible_values("The connector state. Possible values are: `active`, `error`, `inactive`.", &code),
            code
        );
        assert_eq!(possible_values("The connector state. Possible values are: active, error, inactive.", &[]), code);
        assert_eq!(
            possible_values("Possible values are: unknown, inprogress and unknownFutureValue. More text.", &[]),
            vec!["unknown", "inprogress", "unknownFutureValue"]
        );
        assert!(possible_values("No list here.", &[]).is_empty());
    }

    #[test]
    fn names_from_titles() {
        assert_eq!(name_from_title("chromeOSOnboardingStatus enum type").as_deref(), Some("chromeOSOnboardingStatus"));
        assert_eq!(name_from_title("user resource type").as_deref(), Some("user"));
        assert_eq!(name_from_title("Configuring the invitation message"), None);
        assert_eq!(
            name_from_title_and_file("System facet", "resources/systemfacet.md", false).as_deref(),
            Some("systemFacet")
        );
        assert_eq!(name_from_title_and_file("Some page", "resources/widget.md", false).as_deref(), Some("widget"));
    }
}
