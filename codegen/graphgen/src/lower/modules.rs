//! Modules of the generated crate: an operation's area comes from its path
//! (`naming_ops`); a type lives in the one area that uses it, else in
//! [`Module::Shared`], and whatever a shared type refers to is shared too, so
//! the always-compiled module never depends on an area behind a feature.

use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

/// Set the module of every type and enum from the operations that use them.
pub fn assign_type_modules(complex: &mut [ComplexType], enums: &mut [EnumType], ops: &[Operation]) {
    let mut children: BTreeMap<String, Vec<TypeRef>> = BTreeMap::new();
    for t in complex.iter() {
        children.insert(t.rust_name.clone(), t.properties.iter().map(|p| p.ty.clone()).collect());
    }
    let users = modules_using(ops, &children);
    let module_for = |rust_name: &str| match users.get(rust_name) {
        Some(mods) if mods.len() == 1 => mods.iter().next().cloned().unwrap_or(Module::Shared),
        _ => Module::Shared,
    };
    let mut module: BTreeMap<String, Module> = BTreeMap::new();
    for name in complex.iter().map(|t| &t.rust_name).chain(enums.iter().map(|e| &e.rust_name)) {
        module.insert(name.clone(), module_for(name));
    }
    let mut stack: Vec<String> = module.iter().filter(|(_, m)| m.is_shared()).map(|(n, _)| n.clone()).collect();
    while let Some(name) = stack.pop() {
        for child in children.get(&name).into_iter().flatten() {
            collect_named(child, &mut |n| {
                if let Some(m) = module.get_mut(n) {
                    if !m.is_shared() {
                        *m = Module::Shared;
                        stack.push(n.to_owned());
                    }
                }
            });
        }
    }
    for t in complex.iter_mut() {
        t.module = module.get(&t.rust_name).cloned().unwrap_or(Module::Shared);
    }
    for e in enums.iter_mut() {
        e.module = module.get(&e.rust_name).cloned().unwrap_or(Module::Shared);
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
        for r in refs {
            collect_named(r, &mut |name| stack.push((name.to_owned(), op.module.clone())));
        }
    }
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
    users
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
