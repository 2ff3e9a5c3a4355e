//! Example payloads checked against the documented types, strictly.
//!
//! 1. **Values.** The docs' examples carry placeholders (`"datetime-value"`,
//!    `"String (timestamp)"`), strings where the table says Boolean, numbers
//!    where it says String: such a payload cannot deserialise into the
//!    documented type. It is reported (`example-type-mismatch`, with the JSON
//!    path and the value) and not used for round trips. Primitive values are
//!    checked with the runtime's own EDM types, so "valid" means exactly what
//!    the generated code accepts.
//! 2. **Shapes.** The example's shape (a plain object, a page of `value`, no
//!    body, bytes, a wrapped value) must be the operation's response shape; a
//!    disagreement is `example-shape-mismatch` and the example is not used.
//!    The shape is never taken from the example.
//! 3. **Keys.** Every key of every usable example, at every depth, is counted:
//!    typed (a field of the type, after `@odata.type` dispatch), or not. A key
//!    no page documents anywhere is `example-property-undocumented`; one some
//!    page documents, but not on this type, is `example-property-untyped`; both
//!    with the JSON pointer. A member an open type (`"openType": true`) does not
//!    declare is one of its dynamic properties (`example-property-dynamic`). An
//!    object without `@odata.type` whose keys only a derived type has is read as
//!    that type (`example-odata-type-missing`):
//!    Graph names a derived type in every payload, the docs' examples often do
//!    not. The counts are the IR's `example_keys`.
//! 4. **Operation.** An example whose URL is another operation's (see
//!    `example_route`) is checked against that operation's types
//!    (`example-of-another-operation`) and not used for its page's round trips.

use crate::diagnostics::{Code, Diagnostics};
use crate::ir::{
    ComplexType, ExampleIr, ExampleKeyCounts, Ir, Operation, Primitive, ResponseShape, SourceRef, TypeRef,
};
use graphgen_runtime::{Base64Binary, Date, DateTimeOffset, Duration, Guid, TimeOfDay};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// Deeper than this, a value is not looked into (the reader already refuses JSON past 127).
const MAX_DEPTH: usize = 64;

pub(super) struct Checker<'a> {
    pub(super) types: BTreeMap<&'a str, &'a ComplexType>,
    /// Lower-cased `microsoft.graph.x` → the type, for `@odata.type` dispatch.
    by_odata: BTreeMap<String, &'a ComplexType>,
    /// Every property name any type documents, lower-cased.
    documented: HashSet<String>,
    annotations: super::response_annotation::Scorer<'a>,
}

/// The first place `value` does not fit `ty`: (JSON path, what is wrong).
type Mismatch = (String, String);

/// What the key count found worth a diagnostic.
enum KeyNote {
    /// A key that did not land in a typed field: (JSON pointer, documented on some page).
    Untyped(String, bool),
    /// An object with no `@odata.type` whose keys are a derived type's: (JSON pointer, declared, derived).
    Derived(String, String, String),
    /// A member an open type does not declare: (JSON pointer, the open type).
    Dynamic(String, String),
}

/// Where one example body's findings go: its source, and the run's counts and notes.
struct Found<'f> {
    source: &'f SourceRef,
    counts: &'f mut ExampleKeyCounts,
    cleared: &'f mut Vec<(String, u32, Code, String)>,
    untyped: &'f mut Vec<(String, u32, KeyNote)>,
}

/// How many derived types are looked at below one declared type, at most.
const MAX_DERIVED: usize = 512;

fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 { format!("{}…", text.chars().take(60).collect::<String>()) } else { text }
}

fn fits<T: serde::de::DeserializeOwned>(value: &Value) -> bool {
    // `&Value` is a deserializer itself: no copy of the value.
    T::deserialize(value).is_ok()
}

/// A JSON pointer segment (`~` and `/` escaped).
fn segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl<'a> Checker<'a> {
    pub(super) fn new(ir: &'a Ir) -> Self {
        Checker {
            types: ir.types.iter().map(|t| (t.rust_name.as_str(), t)).collect(),
            by_odata: ir.types.iter().filter_map(|t| Some((t.odata_type.as_ref()?.to_ascii_lowercase(), t))).collect(),
            documented: ir.types.iter().flat_map(|t| &t.properties).map(|p| p.wire_name.to_ascii_lowercase()).collect(),
            annotations: super::response_annotation::Scorer::new(&ir.types),
        }
    }

    /// The type a value of `declared` really is: the one its `@odata.type` names, when known;
    /// else, when the object has keys `declared` lacks, the derived type (at any depth) that
    /// types the most of its keys (the docs' examples of polymorphic sets, such as a group's
    /// `members`, often leave `@odata.type` out, which Graph always sends for a derived type).
    /// The second value is true when the type was inferred that way.
    pub(super) fn dispatch(
        &self,
        declared: &'a ComplexType,
        map: &serde_json::Map<String, Value>,
    ) -> (&'a ComplexType, bool) {
        if let Some(named) = map
            .get("@odata.type")
            .and_then(Value::as_str)
            .and_then(|t| self.by_odata.get(&t.trim_start_matches('#').to_ascii_lowercase()))
        {
            return (named, false);
        }
        if declared.derived.is_empty() || map.contains_key("@odata.type") {
            return (declared, false);
        }
        let score = |t: &ComplexType| {
            map.keys().filter(|k| !k.starts_with('@') && t.properties.iter().any(|p| p.wire_name == **k)).count()
        };
        let own = score(declared);
        if own == map.keys().filter(|k| !k.starts_with('@')).count() {
            return (declared, false);
        }
        // Breadth first over the derived types (sorted, so ties go to the first by name).
        let mut best = (declared, own);
        let mut queue: std::collections::VecDeque<&ComplexType> = std::collections::VecDeque::from([declared]);
        let mut seen: HashSet<&str> = HashSet::from([declared.rust_name.as_str()]);
        while let Some(t) = queue.pop_front() {
            if seen.len() > MAX_DERIVED {
                break;
            }
            for d in &t.derived {
                let Some(derived) = self.types.get(d.as_str()).copied() else { continue };
                if !seen.insert(derived.rust_name.as_str()) {
                    continue;
                }
                let s = score(derived);
                if s > best.1 {
                    best = (derived, s);
                }
                queue.push_back(derived);
            }
        }
        (best.0, !std::ptr::eq(best.0, declared))
    }

    fn check(&self, ty: &TypeRef, value: &Value, path: &str, depth: usize) -> Option<Mismatch> {
        if value.is_null() || depth > MAX_DEPTH {
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
                    Value::Object(map) => {
                        let t = self.dispatch(t, map).0;
                        // A required field (an action parameter, `@odata.id`) the value leaves out.
                        let missing = t
                            .properties
                            .iter()
                            .find(|p| p.required && map.get(&p.wire_name).is_none_or(Value::is_null));
                        if let Some(p) = missing {
                            return Some((
                                path.to_owned(),
                                format!("has no `{}` (or null), which is required", p.wire_name),
                            ));
                        }
                        t.properties.iter().find_map(|p| {
                            let v = map.get(&p.wire_name)?;
                            self.check(&p.ty, v, &format!("{path}.{}", p.wire_name), depth + 1)
                        })
                    }
                    _ => Some((path.to_owned(), format!("{} is not an object", show(value)))),
                },
            },
        }
    }

    /// Count the keys of `value` read as `ty`, and collect those that land in no typed field.
    fn keys(
        &self,
        ty: &TypeRef,
        value: &Value,
        pointer: &str,
        depth: usize,
        counts: &mut ExampleKeyCounts,
        out: &mut Vec<KeyNote>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        match (ty, value) {
            (TypeRef::Collection { item }, Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    self.keys(item, v, &format!("{pointer}/{i}"), depth + 1, counts, out);
                }
            }
            (TypeRef::Named { rust_name, .. }, Value::Object(map)) => {
                let Some(declared) = self.types.get(rust_name.as_str()) else { return };
                let (t, inferred) = self.dispatch(declared, map);
                if inferred {
                    counts.derived_inferred += 1;
                    out.push(KeyNote::Derived(pointer.to_owned(), declared.wire_name.clone(), t.wire_name.clone()));
                }
                for (key, v) in map {
                    let here = format!("{pointer}/{}", segment(key));
                    if key.contains('@') {
                        // Annotations of the object (`@odata.type`, `@odata.etag`) or of one of its
                        // properties (`members@odata.nextLink`, `members@delta`): OData's, not the type's.
                        counts.annotations += 1;
                        continue;
                    }
                    match t.properties.iter().find(|p| p.wire_name == *key) {
                        Some(p) => {
                            counts.typed += 1;
                            self.keys(&p.ty, v, &here, depth + 1, counts, out);
                        }
                        // A dynamic property of an open dictionary (`plannerAssignments`' user IDs).
                        None if t.dynamic_only => counts.dynamic += 1,
                        // A member an open type does not declare is a dynamic property of it (an open
                        // extension's custom data): its place is `additional_properties`, noted.
                        None if t.open_type => {
                            counts.dynamic += 1;
                            out.push(KeyNote::Dynamic(here, t.wire_name.clone()));
                        }
                        None => {
                            let documented = self.documented.contains(&key.to_ascii_lowercase());
                            if documented {
                                counts.untyped += 1;
                            } else {
                                counts.undocumented += 1;
                            }
                            out.push(KeyNote::Untyped(here, documented));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// The part of a response body of `shape` that decodes as `ty`, its JSON pointer, and the
/// type it decodes as: the body itself, or its `value` (a page's items, a wrapped
/// primitive); nothing for no content or bytes, or when there is no `value`.
pub(super) fn decoded_part<'v>(
    shape: ResponseShape,
    ty: &TypeRef,
    body: &'v Value,
) -> Option<(&'v Value, &'static str, TypeRef)> {
    match shape {
        ResponseShape::Json => Some((body, "", ty.clone())),
        ResponseShape::ValueWrapped => Some((body.get("value")?, "/value", ty.clone())),
        ResponseShape::Collection => {
            Some((body.get("value")?, "/value", TypeRef::Collection { item: Box::new(ty.clone()) }))
        }
        ResponseShape::NoContent | ResponseShape::Binary => None,
    }
}

/// What is wrong with an example response's shape for `shape`, if anything.
fn shape_mismatch(shape: ResponseShape, ty: Option<&ComplexType>, body: &Value) -> Option<String> {
    let object = body.as_object();
    let only_value =
        object.is_some_and(|o| o.contains_key("value") && o.keys().all(|k| k == "value" || k.starts_with('@')));
    match shape {
        ResponseShape::Json => {
            let own_value = ty.is_some_and(|t| t.properties.iter().any(|p| p.wire_name == "value"));
            match body.get("value") {
                Some(Value::Object(_)) if only_value && !own_value => Some(
                    "wraps the entity in `{\"value\": …}`; OData sends an entity or complex value as a plain object"
                        .to_owned(),
                ),
                Some(Value::Array(_)) if only_value && !own_value && ty.is_some() => Some(
                    "is a page of items (`{\"value\": [ … ]}`), but the response is documented as one object"
                        .to_owned(),
                ),
                _ => None,
            }
        }
        ResponseShape::Collection => (!body.get("value").is_some_and(Value::is_array))
            .then(|| "is not a page of items (`{\"value\": [ … ]}`) but the response is a collection".to_owned()),
        ResponseShape::ValueWrapped => (!object.is_some_and(|o| o.contains_key("value")))
            .then(|| "has no `value`, but a primitive or enum response is sent as `{\"value\": …}`".to_owned()),
        ResponseShape::NoContent => Some("has a body, but the response has none".to_owned()),
        ResponseShape::Binary => Some("is JSON, but the response is the raw bytes".to_owned()),
    }
}

impl<'a> Checker<'a> {
    /// Check one example against the types of `op`: count its keys, note what
    /// is wrong. Returns whether its request and its response body are unusable.
    fn check_example(
        &self,
        op: &Operation,
        example: &ExampleIr,
        counts: &mut ExampleKeyCounts,
        cleared: &mut Vec<(String, u32, Code, String)>,
        untyped: &mut Vec<(String, u32, KeyNote)>,
    ) -> (bool, bool) {
        let mut unusable = (false, false);
        let request_ty = match &op.request_body {
            crate::ir::RequestBodyIr::Json { ty } => Some(ty),
            _ => None,
        };
        if let (Some(request), Some(ty)) = (example.request.as_ref(), request_ty) {
            if let Some(body) = &request.body {
                let found = Found { source: &request.source, counts: &mut *counts, cleared, untyped };
                unusable.0 = self.check_body(ty, body, "request", "", found);
            }
        }
        let Some(response) = example.response.as_ref() else { return unusable };
        let Some(body) = &response.body else { return unusable };
        if response.status.is_some_and(|s| s >= 400) {
            // An error response (`{"error": …}`) is the runtime's error type, not the operation's.
            unusable.1 = true;
            return unusable;
        }
        // The type the example's annotation names, when the body is that type by its keys.
        let typed = matches!(op.response.shape, ResponseShape::Json | ResponseShape::Collection);
        let annotated = typed
            .then(|| self.annotations.better_annotation(op.response.ty.as_ref(), op.response.shape, response))
            .flatten();
        let (shape, declared) = match annotated {
            Some(annotated) => {
                let (shape, item) = super::response_annotation::shape_and_item(annotated);
                let name = match &item {
                    TypeRef::Named { wire_name, .. } => wire_name.as_str(),
                    _ => "",
                };
                let what = format!(
                    "example response is annotated as `{name}` and has its keys, not the operation's type's; checked as `{name}`, not used for round trips"
                );
                cleared.push((response.source.file.clone(), response.source.line, Code::ExampleOfAnotherType, what));
                unusable.1 = true;
                (shape, Some(item))
            }
            None => (op.response.shape, op.response.ty.clone()),
        };
        let named = declared.as_ref().and_then(|t| match t {
            TypeRef::Named { rust_name, .. } => self.types.get(rust_name.as_str()).copied(),
            _ => None,
        });
        if let Some(why) = shape_mismatch(shape, named, body) {
            let what = format!("example response body {why}; not used for round trips");
            cleared.push((response.source.file.clone(), response.source.line, Code::ExampleShapeMismatch, what));
            unusable.1 = true;
            return unusable;
        }
        let Some(ty) = &declared else { return unusable };
        let Some((value, at, ty)) = decoded_part(shape, ty, body) else { return unusable };
        let found = Found { source: &response.source, counts, cleared, untyped };
        unusable.1 |= self.check_body(&ty, value, "response", at, found);
        unusable
    }

    /// Check one body (or its `value`, at JSON pointer `at`) against `ty`: a
    /// value the type does not allow is noted, else its keys are counted.
    /// Returns whether the body is unusable.
    fn check_body(&self, ty: &TypeRef, value: &Value, part: &str, at: &str, found: Found<'_>) -> bool {
        let Found { source, counts, cleared, untyped } = found;
        if let Some((path, what)) = self.check(ty, value, &format!("${}", at.replace('/', ".")), 0) {
            let what = format!(
                "example {part} body: {path}: {what} (the documented type does not allow it); not used for round trips"
            );
            cleared.push((source.file.clone(), source.line, Code::ExampleTypeMismatch, what));
            return true;
        }
        let mut out = Vec::new();
        self.keys(ty, value, &format!("/{part}{at}"), 0, counts, &mut out);
        untyped.extend(out.into_iter().map(|u| (source.file.clone(), source.line, u)));
        false
    }
}

/// Check every example body of `ir` against its operation's types and shapes;
/// clear the ones that cannot be used, with a note each; count their keys.
pub fn check_examples(ir: &mut Ir, diags: &mut Diagnostics) {
    let mut cleared: Vec<(String, u32, Code, String)> = Vec::new();
    let mut untyped: Vec<(String, u32, KeyNote)> = Vec::new();
    let mut counts = ExampleKeyCounts::default();
    {
        let checker = Checker::new(ir);
        let router = super::example_route::Router::new(&ir.operations);
        let mut plan: Vec<(usize, usize, bool)> = Vec::new(); // (operation, example, request?) to clear
        for (o, op) in ir.operations.iter().enumerate() {
            for (e, example) in op.examples.iter().enumerate() {
                // An example of a neighbouring operation is checked against that one's types,
                // and not used for this operation's round trips.
                let other = example
                    .request
                    .as_ref()
                    .and_then(|r| Some((r, ir.operations.get(router.other_operation(o, &r.method, &r.path)?)?)));
                let typed_by = match other {
                    Some((request, target)) => {
                        let path: String = request.path.chars().take(200).collect();
                        cleared.push((
                            request.source.file.clone(),
                            request.source.line,
                            Code::ExampleOfAnotherOperation,
                            format!(
                                "example {} {path} is an example of `{}` ({}), not of this page's operation; checked against that operation's types, not used for this one's round trips",
                                request.method,
                                target.id,
                                target.sources.first().map_or("", |s| s.file.as_str())
                            ),
                        ));
                        target
                    }
                    None => op,
                };
                let (request, response) =
                    checker.check_example(typed_by, example, &mut counts, &mut cleared, &mut untyped);
                if other.is_some() || request {
                    plan.push((o, e, true));
                }
                if other.is_some() || response {
                    plan.push((o, e, false));
                }
            }
        }
        for (o, e, request) in plan {
            let example = &mut ir.operations[o].examples[e];
            if request {
                if let Some(r) = example.request.as_mut() {
                    r.body = None;
                }
            } else if let Some(r) = example.response.as_mut() {
                r.body = None;
            }
        }
    }
    counts.shape_mismatches = cleared.iter().filter(|c| c.2 == Code::ExampleShapeMismatch).count();
    counts.type_mismatches = cleared.iter().filter(|c| c.2 == Code::ExampleTypeMismatch).count();
    counts.other_operation = cleared.iter().filter(|c| c.2 == Code::ExampleOfAnotherOperation).count();
    for (file, line, code, what) in cleared {
        diags.note(&file, line, code, what);
    }
    for (file, line, note) in untyped {
        let (pointer, documented) = match note {
            KeyNote::Untyped(pointer, documented) => (pointer, documented),
            KeyNote::Derived(pointer, declared, derived) => {
                let at = if pointer.is_empty() { "/".to_owned() } else { pointer };
                diags.note(
                    &file,
                    line,
                    Code::ExampleOdataTypeMissing,
                    format!("example object {at} is a `{declared}` with keys only `{derived}` has, but no `@odata.type`; read as `{derived}` (Graph sends `\"@odata.type\": \"#microsoft.graph.{derived}\"` for a derived type)"),
                );
                continue;
            }
            KeyNote::Dynamic(pointer, open) => {
                diags.note(
                    &file,
                    line,
                    Code::ExamplePropertyDynamic,
                    format!("example key {pointer} is not a property of `{open}`, an open type: a dynamic property, kept in `additional_properties`"),
                );
                continue;
            }
        };
        if documented {
            diags.note(&file, line, Code::ExamplePropertyUntyped, format!("example key {pointer} lands in `additional_properties`: the type has no such property, though another type does"));
        } else {
            diags.note(
                &file,
                line,
                Code::ExamplePropertyUndocumented,
                format!("example key {pointer} is documented by no page; it lands in `additional_properties`"),
            );
        }
    }
    ir.example_keys = counts;
}
