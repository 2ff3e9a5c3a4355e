//! What decoding an example leaves in `additional_properties`: the keys of the
//! body, at any depth, that the generated types have no field for, found the
//! way serde decodes (the declared type, no `@odata.type` dispatch; a value kept
//! as JSON is not looked into). The generated example tests record the keys
//! decoding really leaves there and compare: a field the emitter misnames, or a
//! type the emitter nests differently from the IR, fails that test.

use crate::ir::{ComplexType, Ir, TypeRef};
use serde_json::Value;
use std::collections::BTreeMap;

/// Deeper than this, a value is not looked into (the reader refuses JSON past 127).
const MAX_DEPTH: usize = 64;

/// Returns false when the value is deeper than the walk looks (serde would still decode it).
fn walk(
    types: &BTreeMap<&str, &ComplexType>,
    ty: &TypeRef,
    value: &Value,
    depth: usize,
    out: &mut Vec<String>,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match (ty, value) {
        (TypeRef::Collection { item }, Value::Array(items)) => {
            items.iter().all(|v| walk(types, item, v, depth + 1, out))
        }
        (TypeRef::Named { rust_name, .. }, Value::Object(map)) => {
            let Some(t) = types.get(rust_name.as_str()) else { return true };
            let mut complete = true;
            for (key, v) in map {
                if key == "@odata.type" && t.odata_type.is_some() {
                    continue;
                }
                match t.properties.iter().find(|p| p.wire_name == *key) {
                    Some(p) => complete &= walk(types, &p.ty, v, depth + 1, out),
                    None => out.push(key.clone()),
                }
            }
            complete
        }
        _ => true,
    }
}

/// The sorted keys, or `None` when the body is too deep to say (it then gets no test).
fn keys(types: &BTreeMap<&str, &ComplexType>, ty: &TypeRef, value: &Value) -> Option<Vec<String>> {
    let mut out = Vec::new();
    walk(types, ty, value, 0, &mut out).then(|| {
        out.sort();
        out
    })
}

/// The keys found for one example: (operation, example, request's, response's); an inner
/// `None` is a body too deep to say.
type Found = (usize, usize, Option<Option<Vec<String>>>, Option<Option<Vec<String>>>);

/// Fill `additional_keys` of every example body still in use.
pub fn fill(ir: &mut Ir) {
    let mut found: Vec<Found> = Vec::new();
    {
        let types: BTreeMap<&str, &ComplexType> = ir.types.iter().map(|t| (t.rust_name.as_str(), t)).collect();
        for (o, op) in ir.operations.iter().enumerate() {
            for (e, example) in op.examples.iter().enumerate() {
                let request = match (&op.request_body, example.request.as_ref().and_then(|r| r.body.as_ref())) {
                    (crate::ir::RequestBodyIr::Json { ty }, Some(body)) => Some(keys(&types, ty, body)),
                    _ => None,
                };
                let body = example.response.as_ref().and_then(|r| r.body.as_ref());
                let response = match (&op.response.ty, body) {
                    (Some(ty), Some(body)) => super::example_check::decoded_part(op.response.shape, ty, body)
                        .map(|(value, _, ty)| keys(&types, &ty, value)),
                    _ => None,
                };
                if request.is_some() || response.is_some() {
                    found.push((o, e, request, response));
                }
            }
        }
    }
    for (o, e, request, response) in found {
        let example = &mut ir.operations[o].examples[e];
        if let (Some(r), Some(keys)) = (example.request.as_mut(), request) {
            match keys {
                Some(keys) => r.additional_keys = keys,
                None => r.body = None,
            }
        }
        if let (Some(r), Some(keys)) = (example.response.as_mut(), response) {
            match keys {
                Some(keys) => r.additional_keys = keys,
                None => r.body = None,
            }
        }
    }
}
