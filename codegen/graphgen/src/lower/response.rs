//! An operation's response: the status and type the prose names, else the
//! type the examples' annotation names, and the shape OData sends it in.

use super::{TypeRegistry, lists_a_collection};
use crate::diagnostics::{Code, Diagnostics};
use crate::ir::*;
use crate::page::{ApiPage, ResponseBody};

pub(super) fn lower_response(page: &ApiPage, registry: &mut TypeRegistry, diags: &mut Diagnostics) -> ResponseIr {
    let file = page.source.as_str();
    let status = page.response.status;
    let example_bodies: Vec<&serde_json::Value> =
        page.examples.iter().filter_map(|e| e.response.as_ref()?.body.as_ref()?.value.as_ref()).collect();
    match &page.response.body {
        ResponseBody::None if status == Some(204) => {
            // `204 No Content` in the prose: an example with a body is a shape the check reports.
            ResponseIr { status, shape: ResponseShape::NoContent, ty: None }
        }
        ResponseBody::None => {
            // The prose names no type (`an **alert** object`, `String collection`): the
            // examples' annotation is the other place the docs name it (even when the
            // example's JSON is not usable).
            let in_section = page.response.annotated_type.as_ref().map(|t| (t, page.response.line));
            let in_examples = page
                .examples
                .iter()
                .filter_map(|e| e.response.as_ref())
                .filter_map(|r| Some((r.annotated_type.as_ref()?, r.line)));
            let annotated = in_section
                .into_iter()
                .chain(in_examples)
                .find_map(|(written, line)| Some((written, registry.lookup(written, file)?, line)));
            match annotated {
                Some((written, TypeRef::Collection { item }, line)) => {
                    note_annotated(file, line, &written.written, diags);
                    ResponseIr { status, shape: ResponseShape::Collection, ty: Some(*item) }
                }
                Some((written, resolved, line)) if !matches!(resolved, TypeRef::Json) => {
                    note_annotated(file, line, &written.written, diags);
                    let shape = shape_of(page, &resolved, false);
                    ResponseIr { status, shape, ty: Some(resolved) }
                }
                _ if example_bodies.is_empty() => ResponseIr { status, shape: ResponseShape::NoContent, ty: None },
                _ => {
                    diags.warn(
                        file,
                        page.response.line,
                        Code::ResponseTypeUnknown,
                        "response names no type but the examples have a body; the result is untyped JSON",
                    );
                    ResponseIr { status, shape: ResponseShape::Json, ty: Some(TypeRef::Json) }
                }
            }
        }
        ResponseBody::Binary => ResponseIr { status, shape: ResponseShape::Binary, ty: None },
        ResponseBody::Type { ty } => {
            let mut item = ty.clone();
            item.collection = false;
            let resolved = registry.resolve(&item, file, page.response.line, diags);
            let shape = shape_of(page, &resolved, ty.collection);
            ResponseIr { status, shape, ty: Some(resolved) }
        }
    }
}

fn note_annotated(file: &str, line: u32, written: &str, diags: &mut Diagnostics) {
    diags.note(
        file,
        line,
        Code::ResponseTypeFromAnnotation,
        format!("the response prose names no type; the example's annotation names {written}, which is used"),
    );
}

/// The OData JSON format wraps primitives, enums and collections, never an entity or a
/// complex value, whatever an example shows (Intune's examples wrap entities: the
/// strict example check reports them, `example-shape-mismatch`).
fn shape_of(page: &ApiPage, resolved: &TypeRef, collection: bool) -> ResponseShape {
    let is_wrapped_value = matches!(resolved, TypeRef::Primitive { .. } | TypeRef::Json)
        || matches!(resolved, TypeRef::Named { kind: NamedKind::Enum, .. });
    if collection || lists_a_collection(page) && matches!(resolved, TypeRef::Named { kind: NamedKind::Struct, .. }) {
        ResponseShape::Collection
    } else if is_wrapped_value && !matches!(resolved, TypeRef::Json) {
        ResponseShape::ValueWrapped
    } else {
        ResponseShape::Json
    }
}
