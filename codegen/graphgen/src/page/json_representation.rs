//! A resource page's JSON representation (`blockType: resource`) read as
//! property rows: the second source of a type's properties when its table is
//! empty or unreadable (`resources/command.md`, `settingvalue.md`). Each key
//! is a property; its type is read from the placeholder value the docs write
//! (`"string"`, `"String (timestamp)"`, `true`, `1024`,
//! `{"@odata.type": "microsoft.graph.identitySet"}`, `[{…}]`).

use crate::classify::{Classification, SectionKind};
use crate::page::{PropertyRow, TypeExpr};
use crate::read::BlockKind;
use serde_json::Value;

/// The rows of the first JSON block of the page's JSON representation section, if any.
pub fn rows_from_json_representation(class: &Classification<'_>) -> Option<(Vec<PropertyRow>, u32)> {
    let block =
        class.sections_of(SectionKind::JsonRepresentation).flat_map(|s| s.blocks).find_map(|b| match &b.kind {
            BlockKind::Code(c) if c.info == "json" => Some(c),
            _ => None,
        })?;
    let value = crate::read::lenient_json::parse_lenient(&block.text).ok()?.value;
    let object = value.as_object()?;
    let rows = object
        .iter()
        .filter(|(key, _)| !key.starts_with('@') && !key.is_empty())
        .map(|(key, v)| {
            let offset = block.text.find(&format!("\"{key}\"")).unwrap_or(0);
            let line = block.content_line + block.text[..offset].matches('\n').count() as u32;
            PropertyRow {
                name: key.clone(),
                ty: type_of(v),
                description: String::new(),
                possible_values: Vec::new(),
                code_spans: Vec::new(),
                line,
            }
        })
        .collect::<Vec<_>>();
    (!rows.is_empty()).then_some((rows, block.content_line))
}

/// The type a placeholder value stands for.
fn type_of(value: &Value) -> Option<TypeExpr> {
    let (item, collection) = match value {
        Value::Array(items) => (items.first()?, true),
        other => (other, false),
    };
    let name = match item {
        Value::Bool(_) => "Boolean".to_owned(),
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) { "Int32" } else { "Int64" }.to_owned()
        }
        Value::Number(_) => "Double".to_owned(),
        Value::String(s) => primitive_of_placeholder(s).to_owned(),
        Value::Object(map) => match map.get("@odata.type").and_then(Value::as_str) {
            Some(t) => t.trim_start_matches('#').to_owned(),
            None => "Json".to_owned(),
        },
        Value::Null | Value::Array(_) => "Json".to_owned(),
    };
    TypeExpr::named(&name, collection, None)
}

/// `"String (timestamp)"` → DateTimeOffset, `"Guid"` → Guid, `"2019-01-01T00:00:00Z"` →
/// DateTimeOffset, anything else a string.
fn primitive_of_placeholder(s: &str) -> &'static str {
    let lower = s.trim().to_ascii_lowercase();
    let word = lower.split(['(', ' ']).next().unwrap_or("");
    if lower.contains("timestamp") || lower.contains("datetimeoffset") || looks_like_date_time(&lower) {
        "DateTimeOffset"
    } else {
        match word {
            "boolean" | "bool" => "Boolean",
            "int32" | "integer" | "int" => "Int32",
            "int64" | "long" => "Int64",
            "double" | "single" | "float" | "decimal" => "Double",
            "guid" => "Guid",
            "duration" => "Duration",
            "date" => "Date",
            "timeofday" => "TimeOfDay",
            "binary" => "Binary",
            _ => "String",
        }
    }
}

fn looks_like_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19 && b[4] == b'-' && b[7] == b'-' && b[10] == b't' && b[..4].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_name_their_types() {
        let name = |v: Value| type_of(&v).map(|t| (t.name, t.collection));
        assert_eq!(name(json!("string")), Some(("String".into(), false)));
        assert_eq!(name(json!("String (timestamp)")), Some(("DateTimeOffset".into(), false)));
        assert_eq!(name(json!(true)), Some(("Boolean".into(), false)));
        assert_eq!(name(json!(1024)), Some(("Int32".into(), false)));
        assert_eq!(name(json!([{"@odata.type": "microsoft.graph.settingValue"}])), Some(("settingValue".into(), true)));
        assert_eq!(name(json!(["string"])), Some(("String".into(), true)));
    }
}
