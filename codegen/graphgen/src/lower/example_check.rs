//! Example payloads checked against the documented types. The docs' examples
//! carry placeholders (`"datetime-value"`, `"String (timestamp)"`), strings
//! where the table says Boolean, numbers where it says String: such a payload
//! cannot deserialise into the documented type. It is reported (note
//! `example-type-mismatch`, with the JSON path and the value) and not used for
//! round trips; the rest of the example is kept.
//!
//! Primitive values are checked with the runtime's own EDM types, so "valid"
//! here means exactly what the generated code accepts.

use crate::diagnostics::{Code, Diagnostics};
use crate::ir::{ComplexType, Ir, Primitive, ResponseShape, TypeRef};
use graphgen_runtime::{Base64Binary, Date, DateTimeOffset, Duration, Guid, TimeOfDay};
use serde_json::Value;
use std::collections::BTreeMap;

struct Checker<'a> {
    types: BTreeMap<&'a str, &'a ComplexType>,
}

/// The first place `value` does not fit `ty`: (JSON path, what is wrong).
type Mismatch = (String, String);

fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 { format!("{}…", text.chars().take(60).collect::<String>()) } else { text }
}

fn fits<T: serde::de::DeserializeOwned>(value: &Value) -> bool {
    // `&Value` is a deserializer itself: no copy of the value.
    T::deserialize(value).is_ok()
}

impl Checker<'_> {
    fn check(&self, ty: &TypeRef, value: &Value, path: &str, depth: usize) -> Option<Mismatch> {
        if value.is_null() || depth > 64 {
            return None;
        }
        match ty {
            TypeRef::Json => None,
            TypeRef::Collection { item } => match value {
                Value::Array(items) => {
                    items.iter().enumerate().find_map(|(i, v)| self.check(item, v, &format!("{path}[{i}]"), depth + 1))
                }
                _ => Some((path.to_owned(), format!("{} is not an array", show(value)))),
            },
            TypeRef::Primitive { edm } => {
                let ok = match edm {
                    Primitive::String => value.is_string(),
                    Primitive::Boolean => value.is_boolean(),
                    Primitive::Byte => fits::<u8>(value),
                    Primitive::SByte => fits::<i8>(value),
                    Primitive::Int16 => fits::<i16>(value),
                    Primitive::Int32 => fits::<i32>(value),
                    Primitive::Int64 => fits::<i64>(value),
                    Primitive::Single | Primitive::Double | Primitive::Decimal => value.is_number(),
                    Primitive::DateTimeOffset => fits::<DateTimeOffset>(value),
                    Primitive::Date => fits::<Date>(value),
                    Primitive::TimeOfDay => fits::<TimeOfDay>(value),
                    Primitive::Duration => fits::<Duration>(value),
                    Primitive::Guid => fits::<Guid>(value),
                    Primitive::Binary => fits::<Base64Binary>(value),
                    Primitive::Stream => true,
                };
                (!ok).then(|| (path.to_owned(), format!("{} is not a valid {edm:?}", show(value))))
            }
            TypeRef::Named { rust_name, .. } => match self.types.get(rust_name.as_str()) {
                // Enums are open: any string.
                None => {
                    (!value.is_string()).then(|| (path.to_owned(), format!("{} is not an enum value", show(value))))
                }
                Some(t) => match value {
                    Value::Object(map) => t.properties.iter().find_map(|p| {
                        let v = map.get(&p.wire_name)?;
                        self.check(&p.ty, v, &format!("{path}.{}", p.wire_name), depth + 1)
                    }),
                    _ => Some((path.to_owned(), format!("{} is not an object", show(value)))),
                },
            },
        }
    }
}

/// Check every example body of `ir` against its operation's types; clear the
/// ones that cannot deserialise, with a note each.
pub fn check_examples(ir: &mut Ir, diags: &mut Diagnostics) {
    let checker = Checker { types: ir.types.iter().map(|t| (t.rust_name.as_str(), t)).collect() };
    let mut cleared: Vec<(String, u32, String)> = Vec::new();
    for op in &mut ir.operations {
        let request_ty = match &op.request_body {
            crate::ir::RequestBodyIr::Json { ty } => Some(ty.clone()),
            _ => None,
        };
        for example in &mut op.examples {
            if let (Some(request), Some(ty)) = (example.request.as_mut(), request_ty.as_ref()) {
                if let Some(body) = &request.body {
                    if let Some((path, what)) = checker.check(ty, body, "$", 0) {
                        cleared.push((
                            request.source.file.clone(),
                            request.source.line,
                            format!("request body: {path}: {what}"),
                        ));
                        request.body = None;
                    }
                }
            }
            let Some(response) = example.response.as_mut() else { continue };
            let (Some(body), Some(ty)) = (&response.body, &op.response.ty) else { continue };
            let mismatch = match op.response.shape {
                ResponseShape::ValueWrapped => match body.get("value") {
                    Some(v) => checker.check(ty, v, "$.value", 0),
                    None => Some(("$".to_owned(), "has no `value`".to_owned())),
                },
                ResponseShape::Collection => match body.get("value") {
                    Some(v) => checker.check(&TypeRef::Collection { item: Box::new(ty.clone()) }, v, "$.value", 0),
                    None => Some(("$".to_owned(), "has no `value` array".to_owned())),
                },
                ResponseShape::Json => checker.check(ty, body, "$", 0),
                ResponseShape::NoContent | ResponseShape::Binary => None,
            };
            if let Some((path, what)) = mismatch {
                cleared.push((
                    response.source.file.clone(),
                    response.source.line,
                    format!("response body: {path}: {what}"),
                ));
                response.body = None;
            }
        }
    }
    for (file, line, what) in cleared {
        diags.note(
            &file,
            line,
            Code::ExampleTypeMismatch,
            format!("example {what} (the documented type does not allow it); not used for round trips"),
        );
    }
}
