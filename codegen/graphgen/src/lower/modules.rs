//! Modules of the generated crate, and the features each type is compiled with.
//!
//! An operation's area comes from the docs (`areas`). A type is needed by the
//! areas whose operations reach it (through request and response types, query
//! and path parameters, the examples' annotated types, then properties,
//! transitively); a derived type no operation names is needed where its base
//! type is (so `cast` to it works there). A type one area needs lives in that
//! area's module; one several areas need lives in [`Module::Shared`] and is
//! compiled only when one of them is enabled (`ComplexType::features`); one
//! every area needs is always compiled; one no area needs comes with
//! [`Module::ALL_AREAS`]. Whatever a type refers to is needed wherever it is,
//! so an item never names one that is compiled out.

use super::types::key;
use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

/// Set the module and the features of every type and enum from the operations that use them.
pub fn assign_type_modules(complex: &mut [ComplexType], enums: &mut [EnumType], ops: &[Operation]) {
    let mut children: BTreeMap<String, Vec<TypeRef>> = BTreeMap::new();
    for t in complex.iter() {
        children.insert(t.rust_name.clone(), t.properties.iter().map(|p| p.ty.clone()).collect());
    }
    let mut users = modules_using(ops, &children);
    follow_base_types(complex, &children, &mut users);
    let all: BTreeSet<&Module> = ops.iter().map(|o| &o.module).collect();
    let place = |name: &str| -> (Module, Vec<String>) {
        match users.get(name) {
            None => (Module::Shared, vec![Module::ALL_AREAS.to_owned()]),
            Some(areas) if areas.len() == 1 => (areas.iter().next().cloned().unwrap_or(Module::Shared), Vec::new()),
            // Every area's (the areas are those of the operations, so counting them is enough).
            Some(areas) if areas.len() == all.len() => (Module::Shared, Vec::new()),
            Some(areas) => (Module::Shared, areas.iter().map(|a| a.name().to_owned()).collect()),
        }
    };
    for t in complex.iter_mut() {
        (t.module, t.features) = place(&t.rust_name);
    }
    for e in enums.iter_mut() {
        (e.module, e.features) = place(&e.rust_name);
    }
}

/// Modules that reference each named type, through operations and then through properties.
fn modules_using(ops: &[Operation], types: &BTreeMap<String, Vec<TypeRef>>) -> BTreeMap<String, BTreeSet<Module>> {
    let mut users: BTreeMap<String, BTreeSet<Module>> = BTreeMap::new();
    let mut stack: Vec<(String, Module)> = Vec::new();
    for op in ops {
        let mut refs = Vec::new();
        if let RequestBodyIr::Json { ty } = &op.request_body {
            refs.push(ty);
        }
        refs.extend(op.response.ty.iter());
        refs.extend(op.query_parameters.iter().map(|q| &q.ty));
        // Path parameters are typed arguments (`date: &rt::Date`, an enum).
        refs.extend(op.paths.iter().flat_map(|p| &p.params).map(|p| &p.ty));
        // The example tests decode a response as the type its annotation names.
        refs.extend(op.examples.iter().filter_map(|e| e.response.as_ref()?.annotated_type.as_ref()));
        for r in refs {
            collect_named(r, &mut |name| stack.push((name.to_owned(), op.module.clone())));
        }
    }
    spread(stack, types, &mut users);
    users
}

/// Record each `(type, module)` of `stack` and of every type it refers to.
fn spread(
    mut stack: Vec<(String, Module)>,
    types: &BTreeMap<String, Vec<TypeRef>>,
    users: &mut BTreeMap<String, BTreeSet<Module>>,
) {
    while let Some((name, module)) = stack.pop() {
        if !users.entry(name.clone()).or_default().insert(module.clone()) {
            continue;
        }
        if let Some(children) = types.get(&name) {
            for child in children {
                collect_named(child, &mut |n| stack.push((n.to_owned(), module.clone())));
            }
        }
    }
}

/// A type no operation reaches is needed where the nearest base type it has that one
/// reaches is (at most [`MAX_BASE_DEPTH`](crate::limits::MAX_BASE_DEPTH) levels up).
fn follow_base_types(
    complex: &[ComplexType],
    types: &BTreeMap<String, Vec<TypeRef>>,
    users: &mut BTreeMap<String, BTreeSet<Module>>,
) {
    let by_wire: BTreeMap<String, &ComplexType> = complex.iter().map(|t| (key(&t.wire_name), t)).collect();
    let mut stack = Vec::new();
    for t in complex.iter().filter(|t| !users.contains_key(&t.rust_name)) {
        let mut base = t.base_type.as_deref();
        for _ in 0..crate::limits::MAX_BASE_DEPTH {
            let Some(b) = base.and_then(|b| by_wire.get(&key(b))) else { break };
            if let Some(areas) = users.get(&b.rust_name) {
                stack.extend(areas.iter().map(|a| (t.rust_name.clone(), a.clone())));
                break;
            }
            base = b.base_type.as_deref();
        }
    }
    spread(stack, types, users);
}

/// Call `f` with the named type a reference ends in, if any.
pub fn collect_named(mut ty: &TypeRef, f: &mut dyn FnMut(&str)) {
    loop {
        match ty {
            TypeRef::Named { rust_name, .. } => return f(rust_name),
            TypeRef::Collection { item } => ty = item,
            TypeRef::Primitive { .. } | TypeRef::Json => return,
        }
    }
}
