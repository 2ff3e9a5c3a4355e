//! The handles of a typed path tree: one per resource, their navigations (with
//! the `event(id)` shortcuts), their methods (verbs, with distinct names where two
//! requests would share one), and the walk of every path.

use super::*;

/// The name and pieces of the step into node `n` from its parent.
fn navigation(nodes: &[Node], n: usize, ir: &Ir, first_path: &BTreeMap<usize, (usize, usize)>) -> Option<NavigationIr> {
    let seg = nodes[n].seg.as_ref()?;
    let (o, p) = *first_path.get(&n)?;
    let all = &ir.operations[o].paths[p].params;
    let rust_name = match &seg.kind {
        SegKind::Name(name) if is_cast(name) => field_name(&format!("as {}", name.rsplit('.').next().unwrap_or(name))),
        SegKind::Name(name) => field_name(name.trim_start_matches('$')),
        SegKind::Key => "by_id".to_owned(),
        SegKind::Call(name) => {
            let keys = call_keys(seg);
            if keys.is_empty() { field_name(name) } else { field_name(&format!("{name} by {}", keys.join(" and "))) }
        }
        SegKind::PathValued(prefix) => field_name(&format!("{prefix} by path")),
    };
    let (pieces, params) = own_pieces(std::slice::from_ref(seg), all);
    Some(NavigationIr { rust_name, target: 0, pieces, params })
}

/// A walk by names: (handle, navigation) steps, then (handle, method).
type NamedWalk = (Vec<(usize, String)>, (usize, String));

pub(super) fn assemble(ir: &Ir, nodes: &[Node]) -> HandleModel {
    // One handle per resource (type names compared case-insensitively).
    let norm = |r: &HandleResource| match r {
        HandleResource::Item(t) => HandleResource::Item(t.to_ascii_lowercase()),
        HandleResource::Collection(t) => HandleResource::Collection(t.to_ascii_lowercase()),
        HandleResource::Place(p) => HandleResource::Place(p.to_ascii_lowercase()),
        other => other.clone(),
    };
    let mut by_resource: BTreeMap<HandleResource, HandleResource> = BTreeMap::new();
    for node in nodes {
        if let Some(r) = &node.resource {
            by_resource.entry(norm(r)).or_insert_with(|| r.clone());
        }
    }
    let mut handles: Vec<HandleIr> = by_resource
        .values()
        .map(|r| HandleIr {
            rust_name: handle_name(r),
            resource: r.clone(),
            navigations: Vec::new(),
            methods: Vec::new(),
        })
        .collect();
    handles.sort_by(|a, b| {
        (a.resource != HandleResource::Root, &a.rust_name).cmp(&(b.resource != HandleResource::Root, &b.rust_name))
    });
    let mut scope = crate::naming::Scope::new();
    // `Handle` alone (a place no word names) is no handle name.
    scope.reserve("Handle");
    // Types first: a place spelt like a type (`/user`, a docs typo) is `UserPlaceHandle`.
    for h in handles.iter_mut().filter(|h| !matches!(h.resource, HandleResource::Place(_))) {
        h.rust_name = scope.unique(h.rust_name.clone());
    }
    for h in handles.iter_mut().filter(|h| matches!(h.resource, HandleResource::Place(_))) {
        if scope.contains(&h.rust_name) {
            if let HandleResource::Place(p) = &h.resource {
                h.rust_name = crate::naming::type_name(&format!("{p} place handle"));
            }
        }
        h.rust_name = scope.unique(h.rust_name.clone());
    }
    let index: BTreeMap<HandleResource, usize> =
        handles.iter().enumerate().map(|(i, h)| (norm(&h.resource), i)).collect();
    let handle_of = |n: usize| nodes[n].resource.as_ref().and_then(|r| index.get(&norm(r)).copied()).unwrap_or(0);

    // The first (operation, path) through each node: where its segment's parameters are named.
    let mut first_path: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let mut node_paths: Vec<(usize, usize, Vec<usize>)> = Vec::new(); // (op, path, nodes from the root)
    for (o, op) in ir.operations.iter().enumerate() {
        for (p, path) in op.paths.iter().enumerate() {
            let segs = segments(path);
            let mut at = 0usize;
            let mut trail = vec![0usize];
            for seg in &segs {
                match nodes[at].children.get(&seg.key()) {
                    Some(&child) => {
                        at = child;
                        trail.push(child);
                        first_path.entry(child).or_insert((o, p));
                    }
                    None => break,
                }
            }
            node_paths.push((o, p, trail));
        }
    }

    // Navigations: one per (handle, step shape); names unique per handle.
    let mut nav_at: BTreeMap<(usize, String), usize> = BTreeMap::new();
    let mut edge: BTreeMap<usize, (usize, usize)> = BTreeMap::new(); // node → (handle, navigation)
    // A node's handle: its own, unless a step of the same shape from the same handle already
    // leads elsewhere (another position typed otherwise): then that one, so every walk holds.
    let mut node_handle: Vec<usize> = (0..nodes.len()).map(handle_of).collect();
    for n in 1..nodes.len() {
        let Some(mut nav) = navigation(nodes, n, ir, &first_path) else { continue };
        let from = nodes[n].parent.map_or(0, |p| node_handle[p]);
        nav.target = node_handle[n];
        let key = (from, shape_text(&nav.pieces));
        let i = match nav_at.get(&key) {
            Some(&i) => {
                node_handle[n] = handles[from].navigations[i].target;
                i
            }
            None => {
                // The root's own functions (`Graph::new`, `v1`, `beta`, `base_url`, `path`) are
                // not navigations: a docs path under `/beta/…` is `beta_resource()`.
                let root_own = |name: &str| name == "path" || from == 0 && ROOT_FUNCTIONS.contains(&name);
                if root_own(&nav.rust_name) {
                    nav.rust_name = field_name(&format!("{} resource", nav.rust_name));
                }
                let taken =
                    |name: &str| root_own(name) || handles[from].navigations.iter().any(|v| v.rust_name == name);
                if taken(&nav.rust_name) {
                    // Two steps with one Rust name (`root` and `root:`): the second by its words.
                    let words =
                        pieces_text(&nav.pieces, &nav.params).replace(['/', ':', '{', '}', '(', ')', '=', '\''], " ");
                    let named = field_name(&format!("{} at {words}", nav.rust_name));
                    nav.rust_name = if taken(&named) {
                        let mut scope = crate::naming::Scope::new();
                        handles[from].navigations.iter().for_each(|v| scope.reserve(&v.rust_name));
                        scope.unique(named)
                    } else {
                        named
                    };
                }
                handles[from].navigations.push(nav);
                let i = handles[from].navigations.len() - 1;
                nav_at.insert(key, i);
                i
            }
        };
        edge.insert(n, (from, i));
    }

    // Methods: one per (handle, name); another operation building the same request joins it.
    let mut method_of: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new(); // (op, path) → (handle, method)
    for (n, node) in nodes.iter().enumerate() {
        let h = node_handle[n];
        // The operations about this handle's type first, the resource's own pages first among
        // them, so they get the plain verbs (`get` of a user is `user-get.md`'s, not the
        // extensions page's `/users/{id}?$expand=extensions`).
        let mut here: Vec<&(usize, usize, Vec<Seg>)> = node.methods.iter().collect();
        here.sort_by_cached_key(|(o, p, _)| {
            let op = &ir.operations[*o];
            let file = op.sources.first().map_or("", |s| s.file.as_str());
            // A call without query arguments keeps the plain name (`get_content`, then
            // `get_content_by_format`).
            let query = !op.paths[*p].query_params.is_empty();
            (!about(op, &handles[h].resource), query, crate::lower::canonical::api_page_rank(file), *o, *p)
        });
        // A function called with different argument sets here (`getX(period=…)`, `getX(date=…)`):
        // every overload is named by its arguments.
        let mut shapes: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
        for (o, _, method_segs) in &here {
            if let Some(seg @ Seg { kind: SegKind::Call(_), .. }) = method_segs.first() {
                let base = method_name(&ir.operations[*o], &handles[h].resource, method_segs);
                shapes.entry(base).or_default().insert(shape_text(&seg.pieces));
            }
        }
        for (o, p, method_segs) in here {
            let op = &ir.operations[*o];
            let resource = handles[h].resource.clone();
            let (pieces, params) = own_pieces(method_segs, &op.paths[*p].params);
            let base = method_name(op, &resource, method_segs);
            // The verb, else by what it sends, by its arguments, by the operation's name.
            let mut candidates = vec![base.clone()];
            candidates.extend(distinct_names(&base, op, *p, method_segs, &params));
            if shapes.get(&base).is_some_and(|s| s.len() > 1) {
                let by_arguments = |c: &String| c.starts_with(&format!("{base}_by_"));
                candidates.sort_by_key(|c| !by_arguments(c));
            }
            // The same operation at the same place (another of its paths): that method.
            let mut placed = handles[h].methods.iter().position(|m| {
                m.operation == op.id && shape_text(&m.pieces) == shape_text(&pieces) && same_query(op, m.path, op, *p)
            });
            let mut name = None;
            for candidate in candidates.into_iter().filter(|_| placed.is_none()) {
                match handles[h].methods.iter().position(|m| m.rust_name == candidate) {
                    None => {
                        name = Some(candidate);
                        break;
                    }
                    Some(m) => {
                        let existing = &handles[h].methods[m];
                        let same_place = shape_text(&existing.pieces) == shape_text(&pieces);
                        let same_op = existing.operation == op.id && same_query(op, existing.path, op, *p);
                        if same_place && (same_op || same_request(ir, existing, op, *p)) {
                            placed = Some(m);
                            break;
                        }
                        // A call with query arguments gives the plain name up to one without
                        // (`get_content_by_format` beside `get_content`).
                        if let Some(by_query) = by_query_name(ir, existing, &candidate, op, *p) {
                            if !handles[h].methods.iter().any(|m| m.rust_name == by_query) {
                                handles[h].methods[m].rust_name = by_query;
                                name = Some(candidate);
                                break;
                            }
                        }
                    }
                }
            }
            let name = name.unwrap_or_else(|| {
                let mut scope = crate::naming::Scope::new();
                for m in &handles[h].methods {
                    scope.reserve(&m.rust_name);
                }
                scope.unique(base.clone())
            });
            let m = match placed {
                Some(m) => {
                    let method = &mut handles[h].methods[m];
                    if method.operation != op.id && !method.also.contains(&op.id) {
                        method.also.push(op.id.clone());
                    }
                    m
                }
                None => {
                    let operation = op.id.clone();
                    handles[h].methods.push(HandleMethodIr {
                        rust_name: name,
                        operation,
                        path: *p,
                        pieces,
                        params,
                        also: Vec::new(),
                    });
                    handles[h].methods.len() - 1
                }
            };
            method_of.insert((*o, *p), (h, m));
        }
    }

    // Shortcuts: `event(id)` for `events/{id}`, where the name is free.
    let mut shortcut: BTreeMap<usize, (usize, usize)> = BTreeMap::new(); // key node → (handle, navigation)
    for n in 1..nodes.len() {
        let (Some(seg), Some(m)) = (&nodes[n].seg, nodes[n].parent) else { continue };
        let (Some(parent_seg), Some(g)) = (&nodes[m].seg, nodes[m].parent) else { continue };
        let (SegKind::Key, SegKind::Name(collection)) = (&seg.kind, &parent_seg.kind) else { continue };
        if collection.contains('.') || collection.starts_with('$') {
            continue;
        }
        let Some(&(o, p)) = first_path.get(&n) else { continue };
        let hg = node_handle[g];
        let name = field_name(&crate::lower::naming_ops::singular(collection));
        let target = node_handle[n];
        let taken = handles[hg].navigations.iter().position(|v| v.rust_name == name);
        let i = match taken {
            Some(i) if handles[hg].navigations[i].target == target && handles[hg].navigations[i].params.len() == 1 => i,
            Some(_) => continue,
            None if handles[hg].methods.iter().any(|m| m.rust_name == name) => continue,
            None => {
                let (pieces, params) =
                    own_pieces(&[parent_seg.clone(), seg.clone()], &ir.operations[o].paths[p].params);
                handles[hg].navigations.push(NavigationIr { rust_name: name, target, pieces, params });
                handles[hg].navigations.len() - 1
            }
        };
        shortcut.insert(n, (hg, i));
    }

    // A navigation and a method of one handle with one name (a segment that is an action on
    // one page and a resource on another): the method keeps it.
    for h in &mut handles {
        let methods: std::collections::BTreeSet<String> = h.methods.iter().map(|m| m.rust_name.clone()).collect();
        let mut scope = crate::naming::Scope::new();
        for name in methods.iter().chain(h.navigations.iter().map(|n| &n.rust_name)) {
            scope.reserve(name);
        }
        for nav in h.navigations.iter_mut().filter(|n| methods.contains(&n.rust_name)) {
            nav.rust_name = scope.unique(field_name(&format!("{} resource", nav.rust_name)));
        }
    }

    // Walks, by names first (the lists are sorted next).
    let mut walks: BTreeMap<(String, usize), NamedWalk> = BTreeMap::new();
    for (o, p, trail) in &node_paths {
        let Some(&(h, m)) = method_of.get(&(*o, *p)) else { continue };
        // The node the method is at: the trail up to it.
        let Some(end) =
            trail.iter().position(|&n| node_handle[n] == h && nodes[n].methods.iter().any(|x| x.0 == *o && x.1 == *p))
        else {
            continue;
        };
        let mut steps: Vec<(usize, String)> = Vec::new();
        let mut i = 1;
        while i <= end {
            let n = trail[i];
            // `event(id)` rather than `events().by_id(id)`.
            if let Some(&(hg, v)) = trail.get(i + 1).filter(|_| i < end).and_then(|k| shortcut.get(k)) {
                steps.push((hg, handles[hg].navigations[v].rust_name.clone()));
                i += 2;
                continue;
            }
            let Some(&(from, v)) = edge.get(&n) else { break };
            steps.push((from, handles[from].navigations[v].rust_name.clone()));
            i += 1;
        }
        let op = &ir.operations[*o];
        walks.insert((op.id.clone(), *p), (steps, (h, handles[h].methods[m].rust_name.clone())));
    }
    for h in &mut handles {
        h.navigations.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        h.methods.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    }
    let nav_index = |h: usize, name: &str| handles[h].navigations.iter().position(|v| v.rust_name == name).unwrap_or(0);
    let method_index = |h: usize, name: &str| handles[h].methods.iter().position(|v| v.rust_name == name).unwrap_or(0);
    let walks = walks
        .into_iter()
        .map(|(key, (steps, (h, m)))| {
            let steps = steps.iter().map(|(h, name)| (*h, nav_index(*h, name))).collect();
            (key, WalkIr { steps, method: (h, method_index(h, &m)) })
        })
        .collect();
    HandleModel { handles, walks }
}

/// The name `existing` (named `name`) takes when `op`'s path `p` has no query and
/// `existing`'s has: `name` by its query arguments (`get_content_by_format`), or with its
/// fixed query's keys (`list_with_filter`).
fn by_query_name(ir: &Ir, existing: &HandleMethodIr, name: &str, op: &Operation, p: usize) -> Option<String> {
    if op.paths.get(p).is_none_or(|path| !path.query_params.is_empty() || !path.fixed_query.is_empty()) {
        return None;
    }
    let theirs = ir.operations.iter().find(|o| o.id == existing.operation)?.paths.get(existing.path)?;
    let (by, with) = query_names(name, theirs);
    by.or(with)
}

/// The functions the root handle (`Graph`) has of its own (see `emit::handles`), and every
/// handle's `path`.
const ROOT_FUNCTIONS: [&str; 5] = ["new", "v1", "beta", "base_url", "path"];
