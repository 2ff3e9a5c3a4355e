//! A base type the examples prove. Some resource pages name no base type
//! (`openShift`, `offerShiftRequest`: `"baseType": ""`) although every example
//! of the type carries a base type's properties (`changeTrackedEntity`'s `id`,
//! `createdDateTime`, `lastModifiedDateTime`, `lastModifiedBy`). When every
//! top-level example object of a type without a base has all the properties of
//! a type that is documented as the base of others (and has at least two), and
//! the type lacks some of them, that type becomes its base (the largest such, by
//! properties; a tie proves nothing),
//! diagnosed (`base-type-from-examples`): the properties become typed optional
//! fields, which is what Graph sends.

use super::types::key;
use crate::diagnostics::{Code, Diagnostics};
use crate::ir::{ComplexType, Operation, ResponseShape, TypeOrigin, TypeRef};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

/// A type's example objects, and where the first one is (file, line).
type Examples<'a> = (Vec<&'a Map<String, Value>>, (&'a str, u32));

/// A base type with fewer properties proves nothing: every entity's example has an `id`.
const MIN_BASE_PROPERTIES: usize = 2;

/// The top-level example response objects of each type (by Rust name), with the first one's
/// place. Requests are no evidence: a request sends what the caller chose.
fn example_objects(operations: &[Operation]) -> BTreeMap<&str, Examples<'_>> {
    let mut out: BTreeMap<&str, Examples<'_>> = BTreeMap::new();
    for op in operations {
        let Some(TypeRef::Named { rust_name, .. }) = &op.response.ty else { continue };
        for example in &op.examples {
            let Some(response) = &example.response else { continue };
            let Some(body) = &response.body else { continue };
            if response.status.is_some_and(|s| s >= 400) {
                continue;
            }
            let objects: Vec<&Map<String, Value>> = match op.response.shape {
                ResponseShape::Json => body.as_object().into_iter().collect(),
                ResponseShape::Collection => body
                    .get("value")
                    .and_then(Value::as_array)
                    .map(|items| items.iter().filter_map(Value::as_object).collect())
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            if !objects.is_empty() {
                let place = (response.source.file.as_str(), response.source.line);
                out.entry(rust_name.as_str()).or_insert_with(|| (Vec::new(), place)).0.extend(objects);
            }
        }
    }
    out
}

/// Give each type without a base the base its examples prove, with that base's properties.
pub fn infer_base_types(types: &mut [ComplexType], operations: &[Operation], diags: &mut Diagnostics) {
    let bases: HashSet<String> = types.iter().filter_map(|t| t.base_type.as_deref().map(key)).collect();
    let found = example_objects(operations);
    let mut plan: Vec<(usize, usize, String, u32)> = Vec::new(); // (type, base, example file, line)
    for (i, t) in types.iter().enumerate() {
        if t.base_type.is_some() || !matches!(t.origin, TypeOrigin::Resource) || t.open_type {
            continue;
        }
        let Some((objects, (file, line))) = found.get(t.rust_name.as_str()) else { continue };
        let has = |name: &str| t.properties.iter().any(|p| p.wire_name == name);
        let best = types
            .iter()
            .enumerate()
            .filter(|(b, base)| {
                *b != i
                    && matches!(base.origin, TypeOrigin::Resource)
                    && bases.contains(&key(&base.wire_name))
                    && base.base_type.as_deref().map(key) != Some(key(&t.wire_name))
                    && base.properties.len() >= MIN_BASE_PROPERTIES
                    && base.properties.iter().any(|p| !has(&p.wire_name))
                    && objects.iter().all(|o| base.properties.iter().all(|p| o.contains_key(&p.wire_name)))
            })
            .collect::<Vec<_>>();
        // The largest; a tie between unrelated types proves neither.
        let most = best.iter().map(|(_, base)| base.properties.len()).max().unwrap_or(0);
        let top: Vec<usize> = best.iter().filter(|(_, base)| base.properties.len() == most).map(|(b, _)| *b).collect();
        if let [b] = top[..] {
            plan.push((i, b, (*file).to_owned(), *line));
        }
    }
    for (i, b, file, line) in plan {
        let base = types[b].clone();
        let t = &mut types[i];
        diags.note(
            &t.source.file,
            t.source.line,
            Code::BaseTypeFromExamples,
            format!(
                "the page names no base type for {}, but every example of it ({file}:{line}…) has all the properties of {}; {} is its base type",
                t.wire_name, base.wire_name, base.wire_name
            ),
        );
        t.base_type = Some(base.wire_name.clone());
        t.properties = super::inheritance::with_base_properties(&t.properties, &[(&base.wire_name, &base.properties)]);
    }
}
