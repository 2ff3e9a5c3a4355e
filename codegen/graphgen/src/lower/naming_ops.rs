//! Operation names, modules and path functions. Names come from the path and
//! method (Kiota-style): `POST /deviceManagement/domainJoinConnectors` is
//! `create_domain_join_connector`; an action page (`connect action`) is named
//! after its last segment. Collisions within a module are resolved by adding
//! parent path segments, then a number, in a fixed order, so names are stable.

use super::MergedOperation;
use crate::ir::{Module, PathIr, PathParamIr, PathPieceIr, Primitive, QueryArgIr, SourceRef, TypeRef};
use crate::naming::{Scope, field_name, module_name, type_name};
use crate::page::{ApiPage, PathPiece, PathTemplate, ResponseBody};
use std::collections::BTreeMap;

pub struct OperationNaming {
    pub id: String,
    pub rust_name: String,
    pub module: Module,
    /// PascalCase stem for types the operation owns (`Connect` → `ConnectRequest`).
    pub type_stem: String,
    pub paths: Vec<PathIr>,
    /// The path's last segment names an action or function (see [`is_action_or_function`]).
    pub action_or_function: bool,
}

/// Naive English singular: `connectors` → `connector`, `policies` → `policy`.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses") || word.ends_with("shes") || word.ends_with("ches") || word.ends_with("xes") {
        word[..word.len() - 2].to_owned()
    } else if word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is") {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// Literal segments, with casts and function arguments reduced to names:
/// `microsoft.graph.group` → `group`, `getEmailActivityCounts(period='{}')` → `getEmailActivityCounts`.
fn segments(template: &PathTemplate) -> Vec<(String, bool)> {
    // (segment name, followed by a parameter segment)
    let shape = template.shape();
    let raw: Vec<&str> = shape.split('/').filter(|s| !s.is_empty()).collect();
    let mut out: Vec<(String, bool)> = Vec::new();
    for seg in raw {
        if seg == "{}" || seg.starts_with("{}") {
            if let Some(last) = out.last_mut() {
                last.1 = true;
            }
            continue;
        }
        let name = seg.split(['(', ':']).next().unwrap_or(seg);
        let name = name.rsplit('.').next().unwrap_or(name);
        if name.is_empty() {
            continue;
        }
        out.push((name.to_owned(), seg.contains("{}") && seg.contains('(')));
    }
    out
}

/// The API area: the first path segment (`/me` counts as `users`).
pub fn area_of(template: &PathTemplate) -> String {
    let shape = template.shape();
    let first = shape.trim_start_matches('/').split(['/', '(', '?', ':']).next().unwrap_or("");
    match first {
        "" | "{}" => "root".to_owned(),
        "me" => "users".to_owned(),
        other => other.trim_start_matches('$').to_owned(),
    }
}

fn is_action_page(page: &ApiPage) -> bool {
    let title = page.title.to_lowercase();
    title.ends_with(" action")
        || title.ends_with(" function")
        || title.starts_with("действие ")
        || title.starts_with("функция ")
}

/// The base name (snake case) of an operation, before collision handling.
fn base_name(page: &ApiPage) -> String {
    let first = &page.requests[0];
    let segs = segments(&first.template);
    let Some((last, last_has_key)) = segs.last().cloned() else {
        return field_name(&format!("{} root", first.method.to_lowercase()));
    };
    let ends_with_param =
        first.template.shape().ends_with("{}") || first.template.shape().ends_with("{}')") || last_has_key;
    let prev = segs.len().checked_sub(2).map(|i| segs[i].0.clone());
    let collection_response = matches!(&page.response.body, ResponseBody::Type { ty } if ty.collection);
    // An action or function is named by itself (`send_mail`, `accept`, `delta`,
    // `get_office365_active_user_detail`), never `create_send_mail` or `get_get_…`.
    if (is_action_page(page) || is_action_or_function(page)) && !last.starts_with('$') {
        return field_name(&last);
    }
    let name = match (first.method.as_str(), last.as_str()) {
        ("GET", "$value") => format!("get {} content", singular(prev.as_deref().unwrap_or("item"))),
        ("GET", "$count") => format!("count {}", prev.as_deref().unwrap_or("items")),
        ("POST", "$ref") | ("PUT", "$ref") => format!("add {} ref", singular(prev.as_deref().unwrap_or("item"))),
        ("DELETE", "$ref") => format!("remove {} ref", singular(prev.as_deref().unwrap_or("item"))),
        ("GET", "$ref") => format!("list {} refs", singular(prev.as_deref().unwrap_or("item"))),
        ("PUT", "$value") | ("PUT", "content") => {
            format!("upload {} content", singular(prev.as_deref().unwrap_or("item")))
        }
        ("GET", _) if ends_with_param => format!("get {}", singular(&last)),
        ("GET", _) if collection_response => format!("list {last}"),
        ("GET", _) => format!("get {last}"),
        ("POST", _) if ends_with_param => format!("post {}", singular(&last)),
        ("POST", _) => format!("create {}", singular(&last)),
        ("PATCH", _) | ("PUT", _) => format!("update {}", singular(&last)),
        ("DELETE", _) => format!("delete {}", singular(&last)),
        (method, _) => format!("{} {}", method.to_lowercase(), last),
    };
    field_name(&name)
}

/// Rust names for the parameters of one path: `{id}` after `users` is `user_id`.
fn path_ir(template: &PathTemplate, fn_name: String, source: SourceRef) -> PathIr {
    let mut scope = Scope::new();
    // The names the endpoint function uses itself (emit/operations.rs).
    for own in ["path", "query_pairs", "body", "content_type"] {
        scope.reserve(own);
    }
    let mut params = Vec::new();
    let mut pieces = Vec::new();
    let mut previous_segment = String::new();
    for piece in &template.pieces {
        match piece {
            PathPiece::Literal { text } => {
                if let Some(seg) = text.trim_end_matches(['/', '(', '=', '\'', ':']).rsplit(['/', '(', ',']).next() {
                    let seg = seg.split('=').next().unwrap_or(seg);
                    if !seg.is_empty() {
                        previous_segment = seg.rsplit('.').next().unwrap_or(seg).to_owned();
                    }
                }
                pieces.push(PathPieceIr::Literal { text: text.clone() });
            }
            PathPiece::Param { name, quoted, .. } => {
                let generic = matches!(name.to_ascii_lowercase().as_str(), "id" | "key");
                let base = if generic && !previous_segment.is_empty() {
                    field_name(&format!("{} id", singular(&previous_segment)))
                } else {
                    field_name(name)
                };
                let rust_name = scope.unique(base);
                pieces.push(PathPieceIr::Param { index: params.len() });
                // A string until lower finds a parameter of the same name with a type.
                let ty = TypeRef::Primitive { edm: Primitive::String };
                params.push(PathParamIr {
                    wire_name: name.clone(),
                    rust_name,
                    quoted: *quoted,
                    ty,
                    path_valued: false,
                });
            }
        }
    }
    // `root:/{item-path}:` — a parameter between `:/` (or `:`) and `:` is a path: its `/` are kept.
    for (i, piece) in pieces.iter().enumerate() {
        let PathPieceIr::Param { index } = piece else { continue };
        let before = match i.checked_sub(1).map(|j| &pieces[j]) {
            Some(PathPieceIr::Literal { text }) => text.ends_with(":/") || text.ends_with(':'),
            _ => false,
        };
        let after = match pieces.get(i + 1) {
            Some(PathPieceIr::Literal { text }) => text.starts_with(':'),
            None => false,
            _ => false,
        };
        if before && after {
            params[*index].path_valued = true;
        }
    }
    let (fixed_query, query_params) = query_args(template.query.as_deref(), &mut scope);
    PathIr {
        fn_name,
        template: template.raw.clone(),
        params,
        pieces,
        query: template.query.clone(),
        fixed_query,
        query_params,
        source,
    }
}

/// A template's query pairs: those sent as written, and those whose value is one
/// placeholder (function arguments). A pair with a placeholder inside a longer
/// value (an expression) is neither: sending `{id}` literally is never right.
fn query_args(query: Option<&str>, scope: &mut Scope) -> (Vec<String>, Vec<QueryArgIr>) {
    let (mut fixed, mut args) = (Vec::new(), Vec::new());
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let inner = value.trim_matches('\'').strip_prefix('{').and_then(|v| v.strip_suffix('}'));
        match inner {
            Some(name) if !name.contains(['{', '}']) && !key.is_empty() && !name.is_empty() => {
                let rust_name = scope.unique(field_name(name));
                args.push(QueryArgIr { key: key.to_owned(), wire_name: name.to_owned(), rust_name });
            }
            _ if value.contains('{') && value.contains('}') => {}
            _ => fixed.push(pair.to_owned()),
        }
    }
    (fixed, args)
}

/// Name every operation; `areas` is each one's area (see [`super::areas`]).
pub fn name_operations(ops: &[MergedOperation<'_>], areas: &[String]) -> Vec<OperationNaming> {
    let area_module = |i: usize| {
        let module = module_name(areas.get(i).map_or("", String::as_str));
        // An area may not take the shared module's name, or another feature's.
        Module::Area(if Module::RESERVED.contains(&module.as_str()) { format!("{module}_api") } else { module })
    };
    // Operations that share method and path and differ by the type they send
    // (derived types): named and identified by that type.
    let mut per_shape: BTreeMap<(String, String), usize> = BTreeMap::new();
    for op in ops {
        let (method, shape, _) = super::merge::operation_key(&op.page);
        *per_shape.entry((method, shape)).or_default() += 1;
    }
    // Base names first, then collisions per module, in id order.
    let mut entries: Vec<(usize, String, Module, String)> = ops
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let first = &op.page.requests[0];
            let (method, shape, _) = super::merge::operation_key(&op.page);
            let variant = match &op.page.request_body {
                crate::page::RequestBody::Resource { ty, .. } if per_shape[&(method, shape)] > 1 => Some(ty),
                _ => None,
            };
            let mut id = format!("{} {}", first.method, first.template.shape());
            let mut base = base_name(&op.page);
            if let Some(ty) = variant {
                id = format!("{id} {}", ty.name);
                let verb = if first.method == "POST" { "create" } else { "update" };
                base = field_name(&format!("{verb} {}", ty.name));
            }
            (i, id, area_module(i), base)
        })
        .collect();
    entries.sort_by(|a, b| a.1.cmp(&b.1));
    let mut scopes: BTreeMap<Module, Scope> = BTreeMap::new();
    // Type stems (`{stem}Request`, `{stem}Options`) are unique in the whole crate: a stem
    // taken gets its path's parents (`getMemberObjects` of a user is `UserGetMemberObjects`).
    let mut stems = Scope::new();
    let mut names: Vec<Option<OperationNaming>> = (0..ops.len()).map(|_| None).collect();
    for (i, id, module, base) in entries {
        let page = &ops[i].page;
        let scope = scopes.entry(module.clone()).or_default();
        let segs = segments(&page.requests[0].template);
        // Prefer adding parent segments over numbers: `list_events` → `list_calendar_events`.
        let mut name = base.clone();
        let mut depth = 2;
        while scope_has(scope, &name) && depth <= segs.len() {
            let parent = &segs[segs.len() - depth].0;
            name = field_name(&format!("{} {}", parent, base));
            depth += 1;
        }
        let rust_name = scope.unique(name);
        let mut stem = type_name(&rust_name);
        let mut depth = 2;
        while stems.contains(&stem) && depth <= segs.len() {
            let (parent, keyed) = &segs[segs.len() - depth];
            let parent = if *keyed { singular(parent) } else { parent.clone() };
            stem = type_name(&format!("{parent} {stem}"));
            depth += 1;
        }
        let stem = stems.unique(stem);
        let mut paths = Vec::new();
        for (n, req) in page.requests.iter().enumerate() {
            let fn_name = if n == 0 {
                rust_name.clone()
            } else {
                let via = area_of(&req.template);
                let via = if req.template.raw.starts_with("/me") { "me".to_owned() } else { via };
                scope.unique(field_name(&format!("{rust_name} via {via}")))
            };
            paths.push(path_ir(&req.template, fn_name, SourceRef::new(&page.source, req.line)));
        }
        let action_or_function = is_action_or_function(page);
        names[i] = Some(OperationNaming { id, type_stem: stem, rust_name, module, paths, action_or_function });
    }
    names.into_iter().flatten().collect()
}

/// Whether the last segment of the page's path is an action or function rather than a
/// resource: a POST the page calls an action (see `is_action_path`), a call with
/// arguments (`getByIds`, `delta()`), or a GET whose title names it (`user: delta`,
/// `… function`).
fn is_action_or_function(page: &ApiPage) -> bool {
    let last = super::last_segment(page);
    let name = last.split('(').next().unwrap_or(last);
    let name = name.rsplit('.').next().unwrap_or(name);
    match page.requests[0].method.as_str() {
        "POST" => super::is_action_path(page),
        "GET" => {
            last.contains('(')
                || name == "delta"
                || is_action_page(page)
                || !name.is_empty() && super::title_names(page, name)
        }
        _ => false,
    }
}

fn scope_has(scope: &Scope, name: &str) -> bool {
    scope.contains(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singulars() {
        assert_eq!(singular("domainJoinConnectors"), "domainJoinConnector");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("addresses"), "address");
    }
}
