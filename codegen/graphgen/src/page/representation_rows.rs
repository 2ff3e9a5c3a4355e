//! A resource page's tables against its JSON representation, which translation
//! leaves alone: the representation types what a translated type column does not
//! spell, and names the rows whose names translation changed.

use super::columns;
use super::resource::PropertyRow;
use crate::diagnostics::{Code, FileDiagnostics};

/// Type the rows a translated table leaves untyped (`Zeichenfolge`), take a
/// translated page's plain-word names the representation does not have for
/// translated text, and name the `translated` rows from the representation.
pub(super) fn reconcile(
    properties: &mut Vec<PropertyRow>,
    relationships: &mut [PropertyRow],
    mut translated: Vec<PropertyRow>,
    json_rows: &[PropertyRow],
    translated_page: bool,
    diags: &mut FileDiagnostics,
) {
    let by_name: std::collections::HashMap<String, &PropertyRow> =
        json_rows.iter().map(|r| (r.name.to_ascii_lowercase(), r)).collect();
    for row in properties.iter_mut().chain(relationships.iter_mut()) {
        let doubtful = match &row.ty {
            None => true,
            Some(ty) => translated_page && !columns::names_a_type(ty),
        };
        let Some(json_ty) = by_name.get(&row.name.to_ascii_lowercase()).and_then(|r| r.ty.clone()) else {
            continue;
        };
        if doubtful {
            let written = row.ty.as_ref().map_or(String::new(), |t| t.written.clone());
            diags.note(
                row.line,
                Code::TypeFromJsonRepresentation,
                format!(
                    "the type of {} ({written:?}) names no type; {} is read from the JSON representation",
                    row.name, json_ty.name
                ),
            );
            row.ty = Some(json_ty);
        }
    }
    // On a translated page, a plain word the representation does not have is a
    // translated name too (`email` for `mail`, `assunto` for `subject`). Not so a
    // relationship: representations leave most of them out (`lower` checks those
    // against the tree's request paths).
    if translated_page {
        {
            let rows = &mut *properties;
            let (kept, unconfirmed): (Vec<PropertyRow>, Vec<PropertyRow>) = std::mem::take(rows)
                .into_iter()
                .partition(|r| !columns::is_plain_word(&r.name) || by_name.contains_key(&r.name.to_ascii_lowercase()));
            *rows = kept;
            for row in unconfirmed {
                diags.warn(
                    row.line,
                    Code::TranslatedIdentifier,
                    format!("property name {:?} is not in the JSON representation; on a translated page it is taken for translated text and not emitted", row.name),
                );
                translated.push(row);
            }
        }
    }
    recover_translated_names(properties, relationships, translated, json_rows, diags);
}

/// Rows whose names translation changed (`funções`), named from the JSON
/// representation's keys that no table lists: a row takes a key when that key
/// is the only one its type fits (same collection-ness; an object key's
/// `@odata.type` is the row's type; a `true` or `1024` key a row of that
/// primitive), repeated while that settles one more. Where several keys fit
/// (three enum rows, three `"String"` keys), the rows stay out rather than be
/// named by their order (the keys are still read from the representation).
fn recover_translated_names(
    properties: &mut Vec<PropertyRow>,
    relationships: &mut [PropertyRow],
    translated: Vec<PropertyRow>,
    json_rows: &[PropertyRow],
    diags: &mut FileDiagnostics,
) {
    if translated.is_empty() {
        return;
    }
    let listed: std::collections::HashSet<String> =
        properties.iter().chain(relationships.iter()).map(|p| p.name.to_ascii_lowercase()).collect();
    let mut keys: Vec<Option<&PropertyRow>> =
        json_rows.iter().filter(|r| !listed.contains(&r.name.to_ascii_lowercase())).map(Some).collect();
    let mut rows: Vec<Option<PropertyRow>> = translated.into_iter().map(Some).collect();
    loop {
        let mut settled = false;
        for slot in rows.iter_mut() {
            let Some(row) = slot.as_ref() else { continue };
            let fitting: Vec<usize> =
                keys.iter().enumerate().filter(|(_, k)| k.is_some_and(|k| fits(row, k))).map(|(i, _)| i).collect();
            let [only] = fitting.as_slice() else { continue };
            let (Some(mut row), Some(key)) = (slot.take(), keys[*only].take()) else { continue };
            diags.note(
                row.line,
                Code::TranslatedIdentifier,
                format!(
                    "property {:?} is {} in the JSON representation (the one key no table lists that its type fits)",
                    row.name, key.name
                ),
            );
            row.name = key.name.clone();
            if row.ty.as_ref().is_none_or(|t| !columns::names_a_type(t)) {
                row.ty = key.ty.clone();
            }
            properties.push(row);
            settled = true;
        }
        if !settled {
            break;
        }
    }
}

/// Whether the representation's `key` can be the table's `row`, by their types.
fn fits(row: &PropertyRow, key: &PropertyRow) -> bool {
    let (Some(a), Some(b)) = (&row.ty, &key.ty) else { return true };
    if a.collection != b.collection {
        return false;
    }
    let (a_name, b_name) = (a.name.to_ascii_lowercase(), b.name.to_ascii_lowercase());
    match b_name.as_str() {
        // A string placeholder: a string, an enum, a date or an identifier row.
        "string" => !matches!(a_name.as_str(), "boolean" | "int32" | "int64" | "double" | "json"),
        "boolean" | "int32" | "int64" | "double" => {
            a_name == b_name || (b_name.starts_with("int") && a_name.starts_with("int"))
        }
        "datetimeoffset" | "guid" | "date" | "duration" | "timeofday" | "binary" => {
            a_name == b_name || a_name == "string"
        }
        "json" => true,
        // An object of a named type.
        _ => a_name == b_name,
    }
}
