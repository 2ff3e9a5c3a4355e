//! Facts about the graph of named types that the emitted code needs: which
//! fields are boxed (a struct that can contain itself through direct,
//! non-collection references) and which types derive from each type (for
//! `@odata.type` dispatch). Iterative: no recursion whose depth a page decides.

use crate::ir::*;
use std::collections::BTreeMap;

/// Mark `boxed` on every field whose type is in the same strongly connected
/// component as its owner (direct references only: a `Vec` already breaks the cycle).
pub fn mark_boxed_fields(types: &mut [ComplexType]) {
    let component = {
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for t in types.iter() {
            let list = edges.entry(t.rust_name.as_str()).or_default();
            for p in &t.properties {
                if let TypeRef::Named { rust_name, .. } = &p.ty {
                    list.push(rust_name.as_str());
                }
            }
        }
        strongly_connected(&edges)
    };
    for t in types.iter_mut() {
        let owner = component.get(&t.rust_name).copied();
        for p in &mut t.properties {
            p.boxed = match (&p.ty, owner) {
                (TypeRef::Named { rust_name, .. }, Some(owner)) => component.get(rust_name) == Some(&owner),
                _ => false,
            };
        }
    }
}

/// Past this many fields held inline (a struct's own, and those of the structs
/// its fields hold without a box), a field is boxed: one value of a deep chain of
/// big structs (an entity with its relationships) would otherwise be huge, and
/// so would each stack frame that decodes it, overflowing a thread's stack on
/// examples a dozen levels deep.
pub const MAX_INLINE_FIELDS: usize = 64;

/// Box the fields that would make a struct hold more than [`MAX_INLINE_FIELDS`]
/// inline (after [`mark_boxed_fields`], so every cycle is already boxed and the
/// unboxed references form a DAG). Iterative, children before parents.
pub fn bound_inline_sizes(types: &mut [ComplexType]) {
    let index: std::collections::HashMap<&str, usize> =
        types.iter().enumerate().map(|(i, t)| (t.rust_name.as_str(), i)).collect();
    // Unboxed direct struct references of each type: (property index, target type index).
    let children: Vec<Vec<(usize, usize)>> = types
        .iter()
        .map(|t| {
            t.properties
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.boxed)
                .filter_map(|(k, p)| match &p.ty {
                    TypeRef::Named { rust_name, kind: NamedKind::Struct, .. } => {
                        Some((k, *index.get(rust_name.as_str())?))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut weight: Vec<Option<usize>> = vec![None; types.len()];
    let mut in_progress = vec![false; types.len()];
    let mut to_box: Vec<(usize, usize)> = Vec::new();
    for start in 0..types.len() {
        if weight[start].is_some() {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        in_progress[start] = true;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(_, child)) = children[node].get(*next) {
                *next += 1;
                if weight[child].is_none() && !in_progress[child] {
                    in_progress[child] = true;
                    stack.push((child, 0));
                }
                continue;
            }
            let mut total = types[node].properties.len();
            for &(k, child) in &children[node] {
                match weight[child] {
                    Some(w) if total + w <= MAX_INLINE_FIELDS => total += w,
                    // Too big to hold inline, or a cycle left unboxed (not expected): a box.
                    _ => to_box.push((node, k)),
                }
            }
            weight[node] = Some(total);
            in_progress[node] = false;
            stack.pop();
        }
    }
    for (t, k) in to_box {
        types[t].properties[k].boxed = true;
    }
}

/// Fill `derived` of every type: the Rust names of the types naming it as their
/// base (case-insensitive, as the docs write base types), in Rust-name order.
pub fn link_derived_types(types: &mut [ComplexType]) {
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by(|a, b| types[*a].rust_name.cmp(&types[*b].rust_name));
    let mut derived: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for &i in &order {
        if let Some(base) = &types[i].base_type {
            derived.entry(base.to_ascii_lowercase()).or_default().push(types[i].rust_name.clone());
        }
    }
    for t in types.iter_mut() {
        t.derived = derived.get(&t.wire_name.to_ascii_lowercase()).cloned().unwrap_or_default();
    }
}

/// Kosaraju's algorithm, iterative. Nodes in a cycle (or with a self-edge)
/// get a shared component id; others get none.
fn strongly_connected(edges: &BTreeMap<&str, Vec<&str>>) -> BTreeMap<String, usize> {
    let nodes: Vec<&str> = edges.keys().copied().collect();
    let index: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let succ: Vec<Vec<usize>> =
        nodes.iter().map(|n| edges[n].iter().filter_map(|m| index.get(m).copied()).collect()).collect();
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (a, list) in succ.iter().enumerate() {
        for &b in list {
            pred[b].push(a);
        }
    }
    // First pass: finishing order.
    let mut visited = vec![false; nodes.len()];
    let mut order = Vec::with_capacity(nodes.len());
    for start in 0..nodes.len() {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&child) = succ[node].get(next) {
                stack.push((node, next + 1));
                if !visited[child] {
                    visited[child] = true;
                    stack.push((child, 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    // Second pass on the reversed graph.
    let mut comp = vec![usize::MAX; nodes.len()];
    let mut count = 0;
    for &start in order.iter().rev() {
        if comp[start] != usize::MAX {
            continue;
        }
        comp[start] = count;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &p in &pred[node] {
                if comp[p] == usize::MAX {
                    comp[p] = count;
                    stack.push(p);
                }
            }
        }
        count += 1;
    }
    let mut size = vec![0usize; count];
    for &c in &comp {
        size[c] += 1;
    }
    let mut out = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if size[comp[i]] > 1 || succ[i].contains(&i) {
            out.insert((*n).to_owned(), comp[i]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> TypeRef {
        TypeRef::Named { wire_name: name.to_owned(), rust_name: name.to_owned(), kind: NamedKind::Struct }
    }

    fn ty(name: &str, fields: usize, refs: &[&str]) -> ComplexType {
        let field = |wire: String, ty: TypeRef| PropertyIr::synthesized(&wire, wire.clone(), ty, "", String::new(), 1);
        let mut properties: Vec<PropertyIr> =
            (0..fields).map(|i| field(format!("f{i}"), TypeRef::Primitive { edm: Primitive::String })).collect();
        properties.extend(refs.iter().map(|r| field(format!("to_{r}"), named(r))));
        ComplexType {
            wire_name: name.to_owned(),
            rust_name: name.to_owned(),
            module: Module::Shared,
            features: Vec::new(),
            odata_type: None,
            description: None,
            base_type: None,
            key: None,
            derived: Vec::new(),
            properties,
            dynamic_only: false,
            open_type: false,
            origin: TypeOrigin::Resource,
            source: SourceRef::new("x.md", 1),
        }
    }

    fn boxed(types: &[ComplexType]) -> Vec<String> {
        types
            .iter()
            .flat_map(|t| {
                t.properties.iter().filter(|p| p.boxed).map(move |p| format!("{}.{}", t.rust_name, p.wire_name))
            })
            .collect()
    }

    #[test]
    fn cycles_are_boxed_and_so_is_what_would_make_a_struct_too_big() {
        let mut types =
            vec![ty("A", 10, &["Big", "Small"]), ty("Big", 60, &[]), ty("Small", 5, &[]), ty("Node", 1, &["Node"])];
        mark_boxed_fields(&mut types);
        bound_inline_sizes(&mut types);
        assert_eq!(boxed(&types), ["A.to_Big", "Node.to_Node"]);
    }

    #[test]
    fn a_long_chain_of_big_structs_is_cut_by_boxes() {
        // 1,000 types of 20 fields in a chain: without boxes the first would hold 20,000 inline.
        let mut types: Vec<ComplexType> = (0..1000)
            .map(|i| {
                let next = format!("T{}", i + 1);
                let refs: Vec<&str> = if i < 999 { vec![next.as_str()] } else { Vec::new() };
                ty(&format!("T{i}"), 20, &refs)
            })
            .collect();
        mark_boxed_fields(&mut types);
        bound_inline_sizes(&mut types);
        // Every struct now holds at most 64 fields inline: every third link is boxed.
        let boxes = boxed(&types).len();
        assert!((300..=500).contains(&boxes), "{boxes} boxes");
    }
}
