//! The handle model (see [`crate::ir::HandleModel`]): every documented path
//! cut into segments, the segments merged into a tree, each node of the tree
//! typed, and one handle per type and kind (item or collection).
//!
//! A node's type comes, in order, from its parent's relationship of that name
//! (`calendar` of a `user` is a `calendar`), from its parent collection (a key
//! under a collection of events is an event) or a cast segment
//! (`microsoft.graph.group`), then from the operations at it (a `GET` returning
//! a `user` is a user; a page of `event`s is a collection of events). A node no source types is a
//! place of its own (`/reports`), named after its path.
//!
//! A path's last segment is the method when it is an action or function
//! (`accept`, `getOffice365ActiveUserDetail(period='{p}')`), a media stream
//! (`$value`, `content`), a reference (`$ref`) or a count (`$count`); otherwise
//! the method is the verb of the HTTP method at the node (`get`, `list`,
//! `create`, `update`, `delete`).

use crate::ir::*;
use crate::naming::{capitals, field_name, type_name};
use std::collections::BTreeMap;

mod assemble;

/// One segment of a path template, with the pieces it was made of.
#[derive(Clone, Debug)]
struct Seg {
    kind: SegKind,
    pieces: Vec<PathPieceIr>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum SegKind {
    /// A literal segment, as written.
    Name(String),
    /// A key (`{id}`), or anything else whose text is mostly a parameter.
    Key,
    /// A function call or a segment with inline arguments (`delta()`, `getX(period='{p}')`).
    Call(String),
    /// A path within a drive (`root:/{item-path}:`): its prefix.
    PathValued(String),
}

impl Seg {
    /// How the tree tells segments apart: literal names case-insensitively, keys alike.
    fn key(&self) -> String {
        match &self.kind {
            SegKind::Name(n) => n.to_ascii_lowercase(),
            SegKind::Key => "{}".to_owned(),
            SegKind::Call(n) => format!("{}()", n.to_ascii_lowercase()),
            SegKind::PathValued(_) => shape_text(&self.pieces),
        }
    }
}

/// The segments of a path.
fn segments(path: &PathIr) -> Vec<Seg> {
    // Raw segments: pieces between `/`.
    let mut raw: Vec<Vec<PathPieceIr>> = vec![Vec::new()];
    for piece in &path.pieces {
        match piece {
            PathPieceIr::Literal { text } => {
                for (i, part) in text.split('/').enumerate() {
                    if i > 0 {
                        raw.push(Vec::new());
                    }
                    if !part.is_empty() {
                        if let Some(r) = raw.last_mut() {
                            r.push(PathPieceIr::Literal { text: part.to_owned() });
                        }
                    }
                }
            }
            PathPieceIr::Param { index } => {
                if let Some(r) = raw.last_mut() {
                    r.push(PathPieceIr::Param { index: *index });
                }
            }
        }
    }
    let mut out: Vec<Seg> = Vec::new();
    for pieces in raw.into_iter().filter(|r| !r.is_empty()) {
        let params: Vec<usize> = pieces
            .iter()
            .filter_map(|p| match p {
                PathPieceIr::Param { index } => Some(*index),
                PathPieceIr::Literal { .. } => None,
            })
            .collect();
        let text: String = pieces
            .iter()
            .map(|p| match p {
                PathPieceIr::Literal { text } => text.as_str(),
                PathPieceIr::Param { .. } => "{}",
            })
            .collect();
        // `root:/{item-path}:`, `root:/{item-path}`, `{hostname}:/{server-relative-path}`:
        // what follows a segment ending in `:` is a path within it, one segment with it.
        let after_colon = out.last().is_some_and(
            |prev| matches!(prev.pieces.last(), Some(PathPieceIr::Literal { text }) if text.ends_with(':')),
        );
        let path_valued = params.iter().any(|&i| path.params.get(i).is_some_and(|p| p.path_valued))
            || (after_colon && !params.is_empty() && !text.contains('('));
        let kind = if path_valued {
            if after_colon {
                if let Some(prev) = out.pop() {
                    let prefix = match &prev.kind {
                        SegKind::Name(n) => n.trim_end_matches(':').to_owned(),
                        _ => String::new(),
                    };
                    let mut joined = prev.pieces;
                    joined.push(PathPieceIr::Literal { text: "/".to_owned() });
                    let closed = matches!(pieces.last(), Some(PathPieceIr::Literal { text }) if text.ends_with(':'));
                    joined.extend(pieces);
                    if !closed {
                        // `root:/{item-path}` as `root:/{item-path}:`, the same to Graph.
                        joined.push(PathPieceIr::Literal { text: ":".to_owned() });
                    }
                    out.push(Seg { kind: SegKind::PathValued(prefix), pieces: joined });
                    continue;
                }
            }
            SegKind::PathValued(String::new())
        } else if text.contains('(') {
            SegKind::Call(text.split('(').next().unwrap_or("").to_owned())
        } else if params.is_empty() {
            SegKind::Name(text)
        } else {
            SegKind::Key
        };
        out.push(Seg { kind, pieces });
    }
    out
}

/// The segment's pieces, with its parameters renumbered from 0, and those parameters.
fn own_pieces(segs: &[Seg], all: &[PathParamIr]) -> (Vec<PathPieceIr>, Vec<PathParamIr>) {
    let mut pieces = Vec::new();
    let mut params = Vec::new();
    for seg in segs {
        pieces.push(PathPieceIr::Literal { text: "/".to_owned() });
        for p in &seg.pieces {
            match p {
                PathPieceIr::Literal { text } => pieces.push(PathPieceIr::Literal { text: text.clone() }),
                PathPieceIr::Param { index } => {
                    pieces.push(PathPieceIr::Param { index: params.len() });
                    if let Some(param) = all.get(*index) {
                        let mut param = param.clone();
                        // A path within a drive keeps its `/`, whichever page spelt it.
                        param.path_valued |= matches!(seg.kind, SegKind::PathValued(_));
                        params.push(param);
                    }
                }
            }
        }
    }
    // Adjacent literals as one.
    let mut merged: Vec<PathPieceIr> = Vec::new();
    for p in pieces {
        match (merged.last_mut(), p) {
            (Some(PathPieceIr::Literal { text: last }), PathPieceIr::Literal { text }) => last.push_str(&text),
            (_, p) => merged.push(p),
        }
    }
    (merged, params)
}

/// A node of the path tree.
#[derive(Default)]
struct Node {
    parent: Option<usize>,
    /// The segment that leads here (its first spelling).
    seg: Option<Seg>,
    children: BTreeMap<String, usize>,
    /// (operation, path, segments of the method's part) ending here.
    methods: Vec<(usize, usize, Vec<Seg>)>,
    resource: Option<HandleResource>,
}

/// A cast segment: `microsoft.graph.group` (a namespace, then a type name).
fn is_cast(name: &str) -> bool {
    name.contains('.') && name.rsplit('.').next().is_some_and(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// Whether `seg`, the last segment of an operation's path, names the operation rather than a resource.
/// An action may be written with its namespace (`microsoft.management.services.api.updatePriorities`):
/// a dotted last segment naming no type (`is_type`) is the action, not a cast.
fn is_method_segment(op: &Operation, seg: &Seg, is_type: &dyn Fn(&str) -> bool) -> bool {
    match &seg.kind {
        SegKind::Call(_) => true,
        SegKind::Name(n) => {
            matches!(n.as_str(), "$value" | "$ref" | "$count")
                || (op.action_or_function && (!n.contains('.') || !is_type(n.rsplit('.').next().unwrap_or(""))))
                || (n == "content" && matches!(op.response.shape, ResponseShape::Binary))
                || (n == "content" && matches!(op.request_body, RequestBodyIr::Binary))
        }
        _ => false,
    }
}

/// What the operations at a node say it is.
fn resource_from_operations(ir: &Ir, node: &Node) -> Option<HandleResource> {
    let mut votes: BTreeMap<HandleResource, usize> = BTreeMap::new();
    for (o, _, method_segs) in &node.methods {
        if !method_segs.is_empty() {
            continue;
        }
        let op = &ir.operations[*o];
        let named = |t: &TypeRef| match t {
            TypeRef::Named { wire_name, kind: NamedKind::Struct, .. } => Some(wire_name.clone()),
            _ => None,
        };
        let vote = match (op.method, op.response.shape) {
            (Method::Get, ResponseShape::Collection) => {
                op.response.ty.as_ref().and_then(named).map(HandleResource::Collection)
            }
            (Method::Get, ResponseShape::Json) => op.response.ty.as_ref().and_then(named).map(HandleResource::Item),
            (Method::Post, _) => op.response.ty.as_ref().and_then(named).map(HandleResource::Collection),
            (Method::Patch | Method::Put, _) => match &op.request_body {
                RequestBodyIr::Json { ty } => named(ty).map(HandleResource::Item),
                _ => None,
            },
            _ => None,
        };
        // A GET says what is there; a create or update may send a derived type.
        if let Some(v) = vote {
            *votes.entry(v).or_default() += if op.method == Method::Get { 3 } else { 1 };
        }
    }
    votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(r, _)| r)
}

/// Build the handle model of `ir`.
pub fn build(ir: &Ir) -> HandleModel {
    let types: BTreeMap<String, &ComplexType> =
        ir.types.iter().map(|t| (t.wire_name.to_ascii_lowercase(), t)).collect();
    let mut nodes: Vec<Node> = vec![Node { resource: Some(HandleResource::Root), ..Default::default() }];
    for (o, op) in ir.operations.iter().enumerate() {
        for (p, path) in op.paths.iter().enumerate() {
            let segs = segments(path);
            let split = match segs.last() {
                Some(last) if is_method_segment(op, last, &|t| types.contains_key(&t.to_ascii_lowercase())) => {
                    segs.len() - 1
                }
                _ => segs.len(),
            };
            let mut at = 0usize;
            for seg in &segs[..split] {
                let key = seg.key();
                at = match nodes[at].children.get(&key) {
                    Some(&child) => {
                        // Case variants of one segment (`calendargroups`, `calendarGroups`) are
                        // one node, spelled the camelCase way: most capitals, then first read.
                        if let (Some(have), SegKind::Name(name)) = (&nodes[child].seg, &seg.kind) {
                            if let SegKind::Name(had) = &have.kind {
                                if capitals(name) > capitals(had) {
                                    nodes[child].seg = Some(seg.clone());
                                }
                            }
                        }
                        child
                    }
                    None => {
                        nodes.push(Node { parent: Some(at), seg: Some(seg.clone()), ..Default::default() });
                        let child = nodes.len() - 1;
                        nodes[at].children.insert(key, child);
                        child
                    }
                };
            }
            nodes[at].methods.push((o, p, segs[split..].to_vec()));
        }
    }
    // Type the nodes, parents first (children are always pushed after their parent).
    for n in 1..nodes.len() {
        let from_ops = resource_from_operations(ir, &nodes[n]);
        let parent = nodes[n].parent.and_then(|p| nodes[p].resource.clone());
        let seg = nodes[n].seg.clone();
        // The relationship's own spelling, when the parent declares the segment.
        let mut relationship: Option<String> = None;
        let from_parent = match (&parent, seg.as_ref().map(|s| &s.kind)) {
            (Some(HandleResource::Collection(t)), Some(SegKind::Key)) => Some(HandleResource::Item(t.clone())),
            (Some(HandleResource::Item(t) | HandleResource::Collection(t)), Some(SegKind::Name(name)))
                if is_cast(name) =>
            {
                let cast = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
                types
                    .get(&cast)
                    .map(|c| match parent {
                        Some(HandleResource::Collection(_)) => HandleResource::Collection(c.wire_name.clone()),
                        _ => HandleResource::Item(c.wire_name.clone()),
                    })
                    .or_else(|| Some(HandleResource::Item(t.clone())))
            }
            (Some(HandleResource::Item(t)), Some(SegKind::Name(name))) => {
                types.get(&t.to_ascii_lowercase()).and_then(|t| {
                    let p = t.properties.iter().find(|p| p.wire_name.eq_ignore_ascii_case(name))?;
                    relationship = Some(p.wire_name.clone());
                    match &p.ty {
                        TypeRef::Named { wire_name, kind: NamedKind::Struct, .. } => {
                            Some(HandleResource::Item(wire_name.clone()))
                        }
                        TypeRef::Collection { item } => match &**item {
                            TypeRef::Named { wire_name, kind: NamedKind::Struct, .. } => {
                                Some(HandleResource::Collection(wire_name.clone()))
                            }
                            _ => None,
                        },
                        _ => None,
                    }
                })
            }
            _ => None,
        };
        // The parent's declared model first (a relationship's type, a collection's items): an
        // operation at the node may name a derived type (the Intune create pages, one per type).
        if let (Some(wire), Some(seg)) = (relationship, nodes[n].seg.as_mut()) {
            seg.kind = SegKind::Name(wire.clone());
            seg.pieces = vec![PathPieceIr::Literal { text: wire }];
        }
        let resource = from_parent.or(from_ops).unwrap_or_else(|| HandleResource::Place(place_name(&nodes, n)));
        nodes[n].resource = Some(resource);
    }
    assemble::assemble(ir, &nodes)
}

/// A place's name: its literal segments (`/reports` → `reports`; keys left out).
fn place_name(nodes: &[Node], mut n: usize) -> String {
    let mut parts = Vec::new();
    while let Some(seg) = &nodes[n].seg {
        match &seg.kind {
            SegKind::Name(name) | SegKind::Call(name) | SegKind::PathValued(name) => {
                parts.push(name.rsplit('.').next().unwrap_or(name).trim_start_matches('$').to_owned())
            }
            SegKind::Key => parts.push("item".to_owned()),
        }
        match nodes[n].parent {
            Some(p) => n = p,
            None => break,
        }
    }
    parts.reverse();
    parts.join(" ")
}

fn handle_name(resource: &HandleResource) -> String {
    match resource {
        HandleResource::Root => "Graph".to_owned(),
        HandleResource::Item(t) => type_name(&format!("{t} handle")),
        HandleResource::Collection(t) => type_name(&format!("{t} collection handle")),
        HandleResource::Place(p) => {
            // A place whose segments spell no word (`/$`) is still a place.
            let name = type_name(&format!("{p} handle"));
            if name == "Handle" { "UnnamedPlaceHandle".to_owned() } else { name }
        }
    }
}

/// The verb of an operation at its node, or the name of its method segment.
fn method_name(op: &Operation, resource: &HandleResource, method_segs: &[Seg]) -> String {
    let collection = matches!(resource, HandleResource::Collection(_));
    match method_segs.first().map(|s| &s.kind) {
        None => match op.method {
            Method::Get if collection || op.response.shape == ResponseShape::Collection => "list".to_owned(),
            Method::Get if op.response.shape == ResponseShape::Binary => "get_content".to_owned(),
            Method::Get => "get".to_owned(),
            Method::Post => "create".to_owned(),
            Method::Patch => "update".to_owned(),
            Method::Put if matches!(op.request_body, RequestBodyIr::Binary) => "upload_content".to_owned(),
            Method::Put => "replace".to_owned(),
            Method::Delete => "delete".to_owned(),
            Method::Head | Method::Options => field_name(op.method.as_str()),
        },
        Some(SegKind::Name(n)) if n == "$value" || n == "content" => match op.method {
            Method::Get => "get_content".to_owned(),
            Method::Patch => "update_content".to_owned(),
            Method::Delete => "delete_content".to_owned(),
            _ => "upload_content".to_owned(),
        },
        Some(SegKind::Name(n)) if n == "$count" => "count".to_owned(),
        Some(SegKind::Name(n)) if n == "$ref" => match (op.method, collection) {
            (Method::Post, _) => "add_ref".to_owned(),
            (Method::Put, _) => "set_ref".to_owned(),
            (Method::Delete, _) => "remove_ref".to_owned(),
            (_, true) => "list_refs".to_owned(),
            _ => "get_ref".to_owned(),
        },
        // An update, replacement or deletion of what a function call addresses
        // (`PATCH …/range(address='A1')`) says so; a GET or POST is the call itself.
        Some(SegKind::Call(n)) if matches!(op.method, Method::Patch | Method::Put | Method::Delete) => {
            let verb = match op.method {
                Method::Patch => "update",
                Method::Put => "replace",
                _ => "delete",
            };
            field_name(&format!("{verb} {}", n.rsplit('.').next().unwrap_or(n)))
        }
        Some(SegKind::Name(n) | SegKind::Call(n)) => field_name(n.rsplit('.').next().unwrap_or(n)),
        Some(SegKind::PathValued(p)) => field_name(p),
        Some(SegKind::Key) => field_name(&op.rust_name),
    }
}

/// Pieces compared by shape: literals case-insensitively and without quotes (pages write
/// `range(address='{a}')` and `range(address={a})`), every parameter alike.
fn shape_text(pieces: &[PathPieceIr]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            PathPieceIr::Literal { text } => text.to_ascii_lowercase().replace('\'', ""),
            PathPieceIr::Param { .. } => "{}".to_owned(),
        })
        .collect()
}

/// Whether `op` is about what `resource` addresses: it returns or sends that type, in
/// the shape of the resource (a page for a collection).
fn about(op: &Operation, resource: &HandleResource) -> bool {
    let (HandleResource::Item(t) | HandleResource::Collection(t)) = resource else { return false };
    let is = |ty: Option<&TypeRef>| matches!(ty, Some(TypeRef::Named { wire_name, .. }) if wire_name.eq_ignore_ascii_case(t));
    let sent = match &op.request_body {
        RequestBodyIr::Json { ty } => Some(ty),
        _ => None,
    };
    // A GET of a collection returns a page; of an item, not.
    let shaped = match (resource, op.method) {
        (HandleResource::Collection(_), Method::Get) => op.response.shape == ResponseShape::Collection,
        (HandleResource::Item(_), Method::Get) => op.response.shape != ResponseShape::Collection,
        _ => true,
    };
    shaped && (is(op.response.ty.as_ref()) || is(sent))
}

/// Whether `op` builds the same request as `existing` at the same place (another page
/// documenting it at another position): same method, body and response.
/// Whether two paths send the same query: its fixed pairs and its arguments' keys
/// (`calendarView`'s `startDateTime` is no plain list; `?$filter=resourceId eq …` is no
/// plain list either).
pub(super) fn same_query(a: &Operation, pa: usize, b: &Operation, pb: usize) -> bool {
    let query = |o: &Operation, p: usize| -> (Vec<String>, Vec<String>) {
        o.paths.get(p).map_or_else(Default::default, |p| {
            (p.fixed_query.clone(), p.query_params.iter().map(|q| q.key.to_ascii_lowercase()).collect())
        })
    };
    query(a, pa) == query(b, pb)
}

fn same_request(ir: &Ir, existing: &HandleMethodIr, op: &Operation, path: usize) -> bool {
    let Some(other) = ir.operations.iter().find(|o| o.id == existing.operation) else { return false };
    if !same_query(other, existing.path, op, path) {
        return false;
    }
    let body = |o: &Operation| match &o.request_body {
        RequestBodyIr::Json { ty } => format!("{ty:?}"),
        RequestBodyIr::Binary => "bytes".to_owned(),
        RequestBodyIr::None => String::new(),
    };
    // An update or delete returns the entity or nothing, as pages variously say; what it
    // sends decides.
    let answers_alike = matches!(op.method, Method::Patch | Method::Delete)
        || (other.response.shape == op.response.shape
            && format!("{:?}", other.response.ty) == format!("{:?}", op.response.ty));
    other.method == op.method && body(other) == body(op) && answers_alike
}

/// Names for a method whose verb another request of the handle has: by what it sends
/// (`create_windows10_general_configuration`), by its arguments (`_by_period`), by the
/// operation's own name.
fn distinct_names(name: &str, op: &Operation, path: usize, method_segs: &[Seg], params: &[PathParamIr]) -> Vec<String> {
    let mut out = Vec::new();
    // By the type it sends, unless that is the operation's own parameters type (`…Request`).
    if let RequestBodyIr::Json { ty: TypeRef::Named { wire_name, .. } } = &op.request_body {
        if !wire_name.ends_with("Request") {
            out.push(field_name(&format!("{name} {wire_name}")));
        }
    }
    if let Some(seg @ Seg { kind: SegKind::Call(_), .. }) = method_segs.first() {
        let mut keys = call_keys(seg);
        if keys.is_empty() {
            keys = params.iter().map(|p| p.wire_name.clone()).collect();
        }
        if !keys.is_empty() {
            out.push(field_name(&format!("{name} by {}", keys.join(" and "))));
        }
    }
    if let Some(path) = op.paths.get(path) {
        let (by, with) = query_names(name, path);
        out.extend(by);
        out.extend(with);
    }
    if !op.rust_name.contains(name) {
        out.push(field_name(&format!("{name} {}", op.rust_name)));
    } else {
        out.push(op.rust_name.clone());
    }
    out
}

/// The argument names of a call segment (`image(width=640,height=480)` → width, height).
fn call_keys(seg: &Seg) -> Vec<String> {
    let text = shape_text(&seg.pieces);
    let inside = text.split_once('(').map_or("", |(_, rest)| rest.trim_end_matches(')'));
    inside.split(',').filter_map(|a| a.split_once('=').map(|(k, _)| k.trim().to_owned())).collect()
}

/// `name` by the path's query arguments (`content?format={format}` → `get_content_by_format`)
/// and with its fixed query's keys (`?$filter=resourceId eq …` → `list_with_filter`), each
/// when the path has them.
fn query_names(name: &str, path: &PathIr) -> (Option<String>, Option<String>) {
    let keys: Vec<&str> = path.query_params.iter().map(|q| q.key.as_str()).collect();
    let by = (!keys.is_empty()).then(|| field_name(&format!("{name} by {}", keys.join(" and "))));
    let fixed: Vec<&str> =
        path.fixed_query.iter().map(|pair| pair.split('=').next().unwrap_or("").trim_start_matches('$')).collect();
    let with = (!fixed.is_empty()).then(|| field_name(&format!("{name} with {}", fixed.join(" and "))));
    (by, with)
}
