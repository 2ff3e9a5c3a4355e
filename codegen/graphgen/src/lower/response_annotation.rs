//! The second place the docs name a response's type: the annotation above an
//! example response (`"@odata.type": "microsoft.graph.profilePhoto"`). Where
//! the prose and the annotation name different types, the examples' keys
//! decide: `photo-get.md` links `photo` (a drive item's camera facet) and
//! annotates `profilePhoto`, whose `height`, `width` and `id` the example has.

use crate::diagnostics::{Code, Diagnostics};
use crate::ir::{ComplexType, ExampleResponseIr, Ir, ResponseShape, TypeRef};
use serde_json::Value;
use std::collections::BTreeMap;

/// The struct a type reference names, looking through a collection: (wire name, Rust name).
fn named_item(ty: &TypeRef) -> Option<(&str, &str)> {
    match ty {
        TypeRef::Named { wire_name, rust_name, .. } => Some((wire_name, rust_name)),
        TypeRef::Collection { item } => named_item(item),
        _ => None,
    }
}

/// The Rust name of the struct a type reference names, looking through a collection.
fn item_name(ty: &TypeRef) -> Option<&str> {
    named_item(ty).map(|(_, rust)| rust)
}

/// How a body of an annotated type is read: a page of items for a collection, else one
/// object; and the item type.
pub fn shape_and_item(annotated: &TypeRef) -> (ResponseShape, TypeRef) {
    match annotated {
        TypeRef::Collection { item } => (ResponseShape::Collection, (**item).clone()),
        other => (ResponseShape::Json, other.clone()),
    }
}

/// The objects of a response body of `shape`: the body, or the items of its `value`.
fn objects(shape: ResponseShape, body: &Value) -> Vec<&serde_json::Map<String, Value>> {
    match shape {
        ResponseShape::Collection => body
            .get("value")
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_object).collect())
            .unwrap_or_default(),
        _ => body.as_object().into_iter().collect(),
    }
}

/// How many of the objects' keys (annotations aside) `ty` has as properties.
fn typed_keys(ty: Option<&ComplexType>, objects: &[&serde_json::Map<String, Value>]) -> usize {
    let Some(ty) = ty else { return 0 };
    objects
        .iter()
        .flat_map(|o| o.keys())
        .filter(|k| !k.starts_with('@') && ty.properties.iter().any(|p| p.wire_name == **k))
        .count()
}

/// Which of two types an example response's keys are.
pub struct Scorer<'a> {
    types: BTreeMap<&'a str, &'a ComplexType>,
}

impl<'a> Scorer<'a> {
    pub fn new(types: &'a [ComplexType]) -> Self {
        Scorer { types: types.iter().map(|t| (t.rust_name.as_str(), t)).collect() }
    }

    /// The annotated struct type of `response`, when it is not `declared` and the
    /// body (read with `shape`) has more of its keys than of `declared`'s.
    pub fn better_annotation<'r>(
        &self,
        declared: Option<&TypeRef>,
        shape: ResponseShape,
        response: &'r ExampleResponseIr,
    ) -> Option<&'r TypeRef> {
        let annotated = response.annotated_type.as_ref()?;
        let name = item_name(annotated)?;
        if declared.and_then(item_name) == Some(name) {
            return None;
        }
        // A derived type (`fileAttachment` of `attachment`) is the declared type's own case:
        // the check reads a body as its derived type already.
        if declared.and_then(item_name).is_some_and(|d| self.derives(d, name)) {
            return None;
        }
        let body = response.body.as_ref()?;
        let objects = objects(shape, body);
        let theirs = typed_keys(self.types.get(name).copied(), &objects);
        let ours = typed_keys(declared.and_then(item_name).and_then(|n| self.types.get(n).copied()), &objects);
        (theirs > ours).then_some(annotated)
    }
}

impl Scorer<'_> {
    /// Whether `derived` is `base` or derived from it, at any depth (bounded).
    fn derives(&self, base: &str, derived: &str) -> bool {
        let mut queue = vec![base];
        let mut seen = std::collections::HashSet::new();
        while let Some(t) = queue.pop() {
            if t == derived {
                return true;
            }
            if seen.len() > 512 || !seen.insert(t) {
                continue;
            }
            queue.extend(self.types.get(t).into_iter().flat_map(|t| t.derived.iter().map(String::as_str)));
        }
        false
    }
}

/// An operation whose every example response is, by its keys, the type its
/// annotation names rather than the one the prose names, returns that type
/// (`response-type-conflict`, with both names). Examples that disagree leave
/// the operation alone: the check reads each as the type it is.
pub fn prefer_annotated_types(ir: &mut Ir, diags: &mut Diagnostics) {
    let scorer = Scorer::new(&ir.types);
    let mut changes: Vec<(usize, TypeRef, String, u32)> = Vec::new();
    for (o, op) in ir.operations.iter().enumerate() {
        if !matches!(op.response.shape, ResponseShape::Json | ResponseShape::Collection) {
            continue;
        }
        // Any declared type: a primitive one (`a string collection` for getByIds' objects) types no key.
        let declared = op.response.ty.as_ref();
        let responses: Vec<&ExampleResponseIr> =
            op.examples.iter().filter_map(|e| e.response.as_ref()).filter(|r| r.body.is_some()).collect();
        let mut chosen: Option<&TypeRef> = None;
        let all = !responses.is_empty()
            && responses.iter().all(|r| match scorer.better_annotation(declared, op.response.shape, r) {
                Some(a) if chosen.is_none_or(|c| item_name(c) == item_name(a)) => {
                    chosen = Some(a);
                    true
                }
                _ => false,
            });
        let Some(chosen) = chosen.filter(|_| all) else { continue };
        let (shape, item) = shape_and_item(chosen);
        // A collection annotation for an operation documented as one object: the shapes disagree.
        if shape == ResponseShape::Collection && op.response.shape != ResponseShape::Collection {
            continue;
        }
        let first = responses[0];
        changes.push((o, item, first.source.file.clone(), first.source.line));
    }
    for (o, item, file, line) in changes {
        let op = &mut ir.operations[o];
        let wire = |t: &TypeRef| named_item(t).map(|(wire, _)| wire.to_owned());
        let before = match op.response.ty.as_ref() {
            Some(TypeRef::Primitive { edm }) => format!("{edm:?}"),
            Some(t) => wire(t).unwrap_or_else(|| "untyped JSON".to_owned()),
            None => "untyped JSON".to_owned(),
        };
        let after = wire(&item).unwrap_or_default();
        diags.warn(
            &file,
            line,
            Code::ResponseTypeConflict,
            format!(
                "the response prose names `{before}`, the example annotations name `{after}`, and the examples' keys are `{after}`'s: the response is `{after}`"
            ),
        );
        op.response.ty = Some(item);
    }
}
