//! What a type gets from its chain of base types: their properties (first,
//! marked with the base that declares them), and its key when no table lists it.

use super::types::key;
use crate::diagnostics::{Code, Diagnostics};
use crate::ir::*;
use crate::naming::{Scope, field_name};
use std::collections::BTreeMap;

/// Derived types carry their base types' properties (transitively), first,
/// marked with the base that declares them; a property the derived page also
/// lists keeps the derived page's definition. A chain is followed at most
/// [`MAX_BASE_DEPTH`](crate::limits::MAX_BASE_DEPTH) levels up (`nesting-too-deep`
/// beyond), so the work is linear in the types and their properties.
pub fn inherit_base_properties(complex: &mut [ComplexType], diags: &mut Diagnostics) {
    let max_depth = crate::limits::MAX_BASE_DEPTH;
    let index: BTreeMap<String, usize> = complex.iter().enumerate().map(|(i, t)| (key(&t.wire_name), i)).collect();
    let own: Vec<Vec<PropertyIr>> = complex.iter().map(|t| t.properties.clone()).collect();
    for i in 0..complex.len() {
        let mut chain: Vec<usize> = Vec::new();
        let mut base = complex[i].base_type.clone();
        while let Some(name) = base {
            match index.get(&key(&name)) {
                Some(&b) if b != i && !chain.contains(&b) => {
                    if chain.len() == max_depth {
                        let t = &complex[i];
                        diags.warn(
                            &t.source.file,
                            t.source.line,
                            Code::NestingTooDeep,
                            format!(
                                "base types of {} go more than {max_depth} levels up; properties of {} and its bases are not inherited",
                                t.wire_name, complex[b].wire_name
                            ),
                        );
                        break;
                    }
                    chain.push(b);
                    base = complex[b].base_type.clone();
                }
                Some(_) => {
                    let t = &complex[i];
                    diags.warn(
                        &t.source.file,
                        t.source.line,
                        Code::BaseTypeCycle,
                        format!("base types of {} form a cycle", t.wire_name),
                    );
                    break;
                }
                None => break,
            }
        }
        if chain.is_empty() {
            continue;
        }
        let bases: Vec<(&str, &[PropertyIr])> =
            chain.iter().rev().map(|&b| (complex[b].wire_name.as_str(), own[b].as_slice())).collect();
        let properties = with_base_properties(&own[i], &bases);
        complex[i].properties = properties;
    }
}

/// `own` after the properties of `bases` (outermost first), each marked with the base that
/// declares it unless it already names one; a property `own` (or an earlier base) has by
/// wire name (case-insensitively) or Rust name keeps that one.
pub(super) fn with_base_properties(own: &[PropertyIr], bases: &[(&str, &[PropertyIr])]) -> Vec<PropertyIr> {
    use std::collections::HashSet;
    let mut wire_taken: HashSet<String> = own.iter().map(|q| q.wire_name.to_ascii_lowercase()).collect();
    let mut rust_taken: HashSet<&str> = own.iter().map(|q| q.rust_name.as_str()).collect();
    let mut out = Vec::new();
    for &(base, properties) in bases {
        for p in properties {
            if rust_taken.contains(p.rust_name.as_str()) || !wire_taken.insert(p.wire_name.to_ascii_lowercase()) {
                continue;
            }
            rust_taken.insert(p.rust_name.as_str());
            let mut p = p.clone();
            p.inherited_from.get_or_insert_with(|| base.to_owned());
            out.push(p);
        }
    }
    out.extend(own.iter().cloned());
    out
}

/// An entity type's key is a property even when no table of its chain lists it
/// (many pages leave `id` to `entity`, and some types name no base type at all).
pub fn add_missing_keys(complex: &mut [ComplexType]) {
    for t in complex.iter_mut() {
        let Some(key) = t.key.clone() else { continue };
        if t.properties.iter().any(|p| p.wire_name == key) {
            continue;
        }
        let rust_name = {
            let mut scope = Scope::new();
            scope.reserve("odata_type");
            scope.reserve("additional_properties");
            for p in &t.properties {
                scope.reserve(&p.rust_name);
            }
            scope.unique(field_name(&key))
        };
        t.properties.insert(
            0,
            PropertyIr::synthesized(
                &key,
                rust_name,
                TypeRef::Primitive { edm: Primitive::String },
                "String",
                format!("The key of the entity (`keyProperty` of the page's annotation: `{key}`)."),
                t.source.line,
            ),
        );
    }
}
