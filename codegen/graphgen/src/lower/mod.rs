//! Stage 4, **lower**: page models → [`Ir`], where every decision is made.
//! Merges translated copies of a page into one operation (English wins, gaps
//! filled from translations, conflicts warned, `merge`), resolves type
//! references against resource and enum pages (falling back, with a warning,
//! to something that still deserialises, `types`), names operations and paths
//! (`naming_ops`), assigns modules (`modules`), marks boxed fields and derived
//! types (`type_graph`), and checks examples against their types (`example_check`).

mod additional_keys;
mod areas;
mod base_from_examples;
mod canonical;
mod example_check;
mod example_route;
mod example_spelling;
mod handles;
mod inheritance;
mod merge;
mod method_split;
mod modules;
mod naming_ops;
mod path_check;
mod required;
mod response;
mod response_annotation;
mod translated_names;
mod type_graph;
mod types;

use crate::diagnostics::{Code, Diagnostics};
use crate::ir::*;
use crate::page::{ApiPage, Page, RequestBody, ResponseBody};

pub use types::TypeRegistry;

/// Lower every page to the IR. Pages may come in any order: the result is sorted.
/// `pages` of the IR (the list of every page read) is the caller's to fill. `toc` is the
/// docs' table of contents, when there is one: it gives the areas (see [`areas`]).
pub fn lower(pages: &[&Page], toc: Option<&crate::read::toc::Toc>, diags: &mut Diagnostics) -> Ir {
    let mut confirmed = translated_names::confirm(pages, diags);
    confirmed.sort_by(|a, b| source_of(a).cmp(source_of(b)));
    let pages: Vec<&Page> = confirmed.iter().map(|p| p.as_ref()).collect();

    let mut registry = TypeRegistry::from_pages(&pages, diags);
    let read: Vec<&ApiPage> = pages
        .iter()
        .filter_map(|p| match p {
            Page::Api(a) => Some(&**a),
            _ => None,
        })
        .collect();
    let (whole, split) = method_split::split_by_method(&read, diags);
    let api_pages = method_split::with_copies(&whole, &split);
    let merged = merge::merge_translations(&api_pages, diags);
    let areas = areas::areas(&merged, &pages, toc, diags);
    let mut operations = naming_ops::name_operations(&merged, &areas);

    let mut ir_ops = Vec::with_capacity(merged.len());
    for (op, naming) in merged.iter().zip(operations.drain(..)) {
        ir_ops.extend(lower_operation(op, naming, &mut registry, diags));
    }
    let (mut types, enums) = registry.finish(diags);
    base_from_examples::infer_base_types(&mut types, &ir_ops, diags);
    type_graph::mark_boxed_fields(&mut types);
    type_graph::bound_inline_sizes(&mut types);
    type_graph::link_derived_types(&mut types);
    ir_ops.sort_by(|a, b| (&a.module, &a.rust_name).cmp(&(&b.module, &b.rust_name)));
    let api_version = api_version_of(&api_pages);
    let mut ir = Ir {
        operations: ir_ops,
        types,
        enums,
        pages: Vec::new(),
        example_keys: Default::default(),
        api_version,
        handles: Default::default(),
    };
    response_annotation::prefer_annotated_types(&mut ir, diags);
    // Once, with the operations' types final (the annotations may have changed a response type).
    modules::assign_type_modules(&mut ir.types, &mut ir.enums, &ir.operations);
    example_spelling::adopt_example_spelling(&mut ir, diags);
    required::name_required_properties(&mut ir);
    example_check::check_examples(&mut ir, diags);
    additional_keys::fill(&mut ir);
    ir.handles = handles::build(&ir);
    path_check::check(&ir, diags);
    ir
}

fn source_of(page: &Page) -> &str {
    match page {
        Page::Api(p) => &p.source,
        Page::Resource(p) => &p.source,
        Page::Enums { enums: list } => list.first().map_or("", |e| e.source.as_str()),
    }
}

/// A merged operation: the primary page with gaps filled, and all sources.
pub struct MergedOperation<'a> {
    /// Borrowed from the page models; owned only when a translation filled a gap.
    pub page: std::borrow::Cow<'a, ApiPage>,
    pub sources: Vec<SourceRef>,
}

fn lower_operation(
    op: &MergedOperation<'_>,
    naming: naming_ops::OperationNaming,
    registry: &mut TypeRegistry,
    diags: &mut Diagnostics,
) -> Option<Operation> {
    let page = &op.page;
    let file = page.source.as_str();
    let media = is_media_path(page);
    let mark = crate::crash::page_mark(file);
    let _working = crate::crash::working_on(&mark);
    let request = &page.requests[0];
    let Some(method) = Method::parse(&request.method) else {
        // The page stage only reads HTTP method words; this is a guard, not a fallback.
        diags.error(file, request.line, Code::HttpMethodUnknown, format!("{} is not an HTTP method", request.method));
        return None;
    };

    let sent: Vec<&serde_json::Map<String, serde_json::Value>> =
        page.examples.iter().filter_map(|e| e.request.as_ref()?.body.as_ref()?.strict_value()?.as_object()).collect();
    let mut required_body = Vec::new();
    let request_body = match &page.request_body {
        // A media resource's content is bytes in and out (`$value`, `/content`), whatever the prose.
        _ if media && method.sends_body() => RequestBodyIr::Binary,
        // A `$ref` request sends an entity reference, whatever type the prose names.
        body if is_reference_path(page) && matches!(method, Method::Post | Method::Put) => {
            if let RequestBody::Resource { ty, line, .. } = body {
                diags.note(
                    file,
                    *line,
                    Code::ReferenceBody,
                    format!(
                        "a `$ref` request sends a reference, {{\"@odata.id\": \"…\"}}; the page's {} is read as that",
                        ty.name
                    ),
                );
            }
            RequestBodyIr::Json { ty: registry.reference_type(file, request.line) }
        }
        RequestBody::None | RequestBody::Missing => RequestBodyIr::None,
        RequestBody::Parameters { params, line } => {
            // An update's table lists properties of the entity it updates, a create's those of
            // the entity it creates: send the entity type.
            let entity = match method {
                Method::Patch => updated_resource(page).and_then(|name| registry.entity_for_update(&name, params)),
                Method::Post if !is_action_path(page) => {
                    let created = created_resource(page).and_then(|name| registry.entity_for_update(&name, params));
                    if created.is_some() {
                        required_body = required_rows(params, &sent, file, diags);
                    }
                    created
                }
                _ => None,
            };
            let wire = format!("{}Request", naming.rust_name);
            let ty = entity.unwrap_or_else(|| match wrapping_key(&sent, params) {
                Some(key) => {
                    diags.note(
                        file,
                        *line,
                        Code::ParametersWrapped,
                        format!("the parameter table's properties are sent inside `{key}`, as every example does: the body is {{\"{key}\": {{…}}}}"),
                    );
                    let inside: Vec<_> = sent.iter().filter_map(|b| b.get(key)?.as_object()).collect();
                    let inner = registry.entity_for_update(key, params).unwrap_or_else(|| {
                        let stem = format!("{}Value", naming.type_stem);
                        registry.add_parameters_type(&format!("{wire}Value"), &stem, params, &inside, file, *line, &page.title, diags)
                    });
                    registry.add_wrapper_type(&wire, &naming.type_stem, key, inner, SourceRef::new(file, *line), &page.title)
                }
                None => registry.add_parameters_type(&wire, &naming.type_stem, params, &sent, file, *line, &page.title, diags),
            });
            RequestBodyIr::Json { ty }
        }
        RequestBody::Resource { ty, properties, line } => {
            if method == Method::Post {
                required_body = required_rows(properties, &sent, file, diags);
            }
            RequestBodyIr::Json { ty: registry.resolve_body_type(ty, properties, file, *line, diags) }
        }
        RequestBody::Binary { .. } => RequestBodyIr::Binary,
        // An update whose prose says "supply the values for relevant fields": the entity it updates.
        RequestBody::Unknown { line, .. }
            if let (Method::Patch, Some((ty, name))) = (method, updated_entity(page, registry)) =>
        {
            diags.note(
                file,
                *line,
                Code::RequestBodyFromResource,
                format!("the request body names no type; an update sends the {name} it updates"),
            );
            RequestBodyIr::Json { ty }
        }
        // An action with an empty request body section (`table-delete.md`, `message-send.md`) sends none.
        RequestBody::Unknown { text, .. }
            if method == Method::Post && text.trim().is_empty() && is_action_path(page) =>
        {
            RequestBodyIr::None
        }
        RequestBody::Unknown { line, .. } => {
            if method.sends_body() {
                diags.warn(
                    file,
                    *line,
                    Code::RequestBodyUnknown,
                    "request body section does not say what to send; the body is untyped JSON",
                );
                RequestBodyIr::Json { ty: TypeRef::Json }
            } else {
                RequestBodyIr::None
            }
        }
    };

    let response = if media && method == Method::Get {
        ResponseIr { status: page.response.status, shape: ResponseShape::Binary, ty: None }
    } else {
        response::lower_response(page, registry, diags)
    };

    let permissions = page
        .permissions
        .tables
        .first()
        .map(|t| {
            t.rows
                .iter()
                .map(|r| PermissionIr {
                    kind: permission_kind(r.kind),
                    scenario: r.scenario.clone(),
                    least: r.least.clone(),
                    higher: r.higher.clone(),
                    source: SourceRef::new(&t.file, r.line),
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if permissions.is_empty() {
        diags.warn(
            file,
            page.title_line,
            Code::PermissionsUnknown,
            "no permissions known for this operation (none on the page or its translations)",
        );
    }

    let mut query_scope = crate::naming::Scope::new();
    let query_parameters: Vec<QueryParameterIr> = page
        .query_parameters
        .iter()
        .map(|q| QueryParameterIr {
            wire_name: q.name.clone(),
            rust_name: query_scope.unique(crate::naming::field_name(&q.name)),
            ty: q
                .ty
                .as_ref()
                .map(|t| registry.resolve(t, file, q.line, diags))
                .unwrap_or(TypeRef::Primitive { edm: Primitive::String }),
            description: q.description.clone(),
        })
        .collect();

    let examples = page
        .examples
        .iter()
        .map(|ex| ExampleIr {
            request: ex.request.as_ref().map(|r| ExampleRequestIr {
                method: r.method.clone(),
                path: r.path.clone(),
                body: r.body.as_ref().and_then(|b| b.strict_value().cloned()),
                additional_keys: Vec::new(),
                source: SourceRef::new(&ex.file, r.line),
            }),
            response: ex.response.as_ref().map(|r| ExampleResponseIr {
                status: r.status,
                body: r.body.as_ref().and_then(|b| b.strict_value().cloned()),
                annotated_type: r.annotated_type.as_ref().and_then(|t| registry.lookup(t, &ex.file)),
                additional_keys: Vec::new(),
                source: SourceRef::new(&ex.file, r.line),
            }),
        })
        .collect();

    let request_headers: Vec<HeaderIr> = page
        .request_headers
        .iter()
        .filter(|h| !h.name.eq_ignore_ascii_case("authorization"))
        .map(|h| HeaderIr {
            name: h.name.clone(),
            description: h.description.clone(),
            required: h.required,
            settable: is_settable_header(&h.name),
        })
        .collect();
    // A function's parameters (`getOffice365ActiveUserDetail(period='{period_value}')`) are
    // typed arguments of the path, never also query parameters (`?period=`).
    let mut paths = naming.paths;
    let mut function_parameters = std::collections::HashSet::new();
    for param in paths.iter_mut().flat_map(|p| p.params.iter_mut()) {
        if let Some((i, ty)) = path_param_type(&param.wire_name, &query_parameters) {
            param.ty = ty;
            function_parameters.insert(i);
        }
    }
    let query_parameters: Vec<QueryParameterIr> = query_parameters
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !function_parameters.contains(i))
        .map(|(_, q)| q)
        .collect();

    let settable = request_headers.iter().any(|h| h.settable);
    let options_type = (!page.odata_query_options.is_empty() || !query_parameters.is_empty() || settable)
        .then(|| registry.reserve_type_name(&format!("{}Options", naming.type_stem)));

    Some(Operation {
        id: naming.id,
        rust_name: naming.rust_name,
        module: naming.module,
        title: page.title.clone(),
        description: page.summary.clone().or_else(|| page.description.clone()),
        method,
        paths,
        odata_query_options: page.odata_query_options.clone(),
        query_parameters,
        request_headers,
        options_type,
        request_body,
        required_body,
        response,
        permissions,
        entra_roles: page
            .permissions
            .entra_roles
            .as_ref()
            .map(|r| EntraRolesIr { roles: r.roles.clone(), source: SourceRef::new(&r.file, r.line) }),
        national_clouds: page.national_clouds.clone(),
        examples,
        sources: op.sources.clone(),
        action_or_function: naming.action_or_function,
    })
}

/// A function's path parameter takes the type of the query/function parameter of
/// the same name (`{period}` ↔ `period`, `{date_value}` ↔ `date`).
/// Returns the index of that parameter and its type.
fn path_param_type(name: &str, query_parameters: &[QueryParameterIr]) -> Option<(usize, TypeRef)> {
    let bare = name.trim_end_matches("_value").trim_end_matches("-value").trim_end_matches("Value");
    query_parameters
        .iter()
        .enumerate()
        .find(|(_, q)| q.wire_name.eq_ignore_ascii_case(name) || q.wire_name.eq_ignore_ascii_case(bare))
        .map(|(i, q)| (i, q.ty.clone()))
}

fn permission_kind(kind: crate::page::PermissionKind) -> PermissionKind {
    match kind {
        crate::page::PermissionKind::DelegatedWork => PermissionKind::DelegatedWork,
        crate::page::PermissionKind::DelegatedPersonal => PermissionKind::DelegatedPersonal,
        crate::page::PermissionKind::Application => PermissionKind::Application,
    }
}

/// The resource an update page is about: its response type, else its file name
/// (`user-update.md` → `user`, `intune-devices-manageddevice-update.md` → `managedDevice`).
fn updated_resource(page: &ApiPage) -> Option<String> {
    if let ResponseBody::Type { ty } = &page.response.body {
        if !ty.collection {
            return Some(ty.name.clone());
        }
    }
    let stem = canonical::stem(&page.source);
    // `user-update.md` → user; `group-update-event.md` → event.
    if let Some(after) = stem.split_once("-update-").map(|(_, a)| a) {
        return Some(after.rsplit('-').next()?.to_owned());
    }
    let before = stem.strip_suffix("-update")?;
    Some(before.rsplit('-').next()?.to_owned())
}

/// The one key every example body sends the parameters inside, when the table's
/// parameters are not the body's own keys but that key's (`{"passwordCredential": {…}}`).
fn wrapping_key<'b>(
    sent: &[&'b serde_json::Map<String, serde_json::Value>],
    params: &[crate::page::PropertyRow],
) -> Option<&'b str> {
    let is_param = |k: &str| params.iter().any(|p| p.name.eq_ignore_ascii_case(k));
    let mut key: Option<&str> = None;
    for body in sent {
        let mut keys = body.keys().filter(|k| !k.starts_with('@'));
        let (Some(only), None) = (keys.next(), keys.next()) else { return None };
        let inner = body.get(only)?.as_object()?;
        if is_param(only) || inner.is_empty() || !inner.keys().all(|k| is_param(k)) || key.is_some_and(|k| k != only) {
            return None;
        }
        key = Some(only);
    }
    key
}

/// The type a create page's response names (`a [group](…) object`): the entity it creates.
fn created_resource(page: &ApiPage) -> Option<String> {
    match &page.response.body {
        ResponseBody::Type { ty } if !ty.collection => Some(ty.name.clone()),
        _ => None,
    }
}

/// The rows of a create page's table marked "Required." that every example sends
/// (one an example leaves out stays optional, `required-parameter-not-sent`).
fn required_rows(
    rows: &[crate::page::PropertyRow],
    sent: &[&serde_json::Map<String, serde_json::Value>],
    file: &str,
    diags: &mut Diagnostics,
) -> Vec<RequiredPropertyIr> {
    let mut required = Vec::new();
    for row in rows.iter().filter(|r| types::required_from(&r.description)) {
        if !types::sent_by_every_example(sent, &row.name, file, row.line, diags) {
            continue;
        }
        required.push(RequiredPropertyIr {
            wire_name: row.name.clone(),
            rust_name: String::new(),
            source: SourceRef::new(file, row.line),
        });
    }
    required
}

/// The entity an update page updates, when it is a documented struct: (type, wire name).
fn updated_entity(page: &ApiPage, registry: &TypeRegistry) -> Option<(TypeRef, String)> {
    let name = updated_resource(page)?;
    let expr = crate::page::TypeExpr::named(&name, false, None)?;
    match registry.lookup(&expr, &page.source)? {
        ty @ TypeRef::Named { kind: NamedKind::Struct, .. } => Some((ty, name)),
        _ => None,
    }
}

/// Whether the request's last segment is an action (`/delete`, `/send`, `/microsoft.graph.x`):
/// a name that starts lower case and is not a collection the docs list under a resource.
fn is_action_path(page: &ApiPage) -> bool {
    let last = last_segment(page);
    let name = last.rsplit('.').next().unwrap_or(last);
    if name.contains(['{', '(', ':', '$']) || name.is_empty() {
        return false;
    }
    // The title says so (`Table: clearFilters`, `syncLicenses action`, and
    // `notebook: getNotebookFromWebUrl` for a path spelling it `GetNotebookFromWebUrl`); a
    // create page (`Create certificateBasedAuthConfiguration`, `…-post-….md`) is not one;
    // else a verb-like name starting lower case, not a collection.
    let title = page.title.to_ascii_lowercase();
    let titled = title_names(page, name) || title.ends_with(" action") || title.ends_with(" function");
    if !titled && !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return false;
    }
    let stem = canonical::stem(&page.source);
    let creates =
        title.starts_with("create") || title.starts_with("add ") || stem.contains("-post-") || stem.contains("-create");
    titled || !creates && !name.ends_with('s')
}

/// The last segment of the page's first path, without its query (`accept`,
/// `getX(period='{p}')`, `microsoft.graph.delta()`).
fn last_segment(page: &ApiPage) -> &str {
    let raw = page.requests[0].template.raw.split('?').next().unwrap_or("").trim_end_matches('/');
    raw.rsplit('/').next().unwrap_or("")
}

/// Whether the page's title names `name` after its colon (`user: sendMail`, `Table: clearFilters`).
fn title_names(page: &ApiPage, name: &str) -> bool {
    page.title.rsplit(':').next().is_some_and(|t| t.trim().eq_ignore_ascii_case(name))
}

/// Whether the page's request is to a reference (`…/members/$ref`).
fn is_reference_path(page: &ApiPage) -> bool {
    let raw = page.requests[0].template.raw.trim_end_matches('/');
    let path = raw.split('?').next().unwrap_or(raw);
    path.rsplit('/').next().is_some_and(|last| last.eq_ignore_ascii_case("$ref"))
}

/// A path to a media resource's bytes: its last segment is `$value` or `content`
/// (`/me/photo/$value`, `/drives/{id}/items/{id}/content`, `/root:/{path}:/content`).
fn is_media_path(page: &ApiPage) -> bool {
    method_split::is_media_template(&page.requests[0].template.raw)
}

/// The version most example URLs use (beta when they tie or say none).
fn api_version_of(pages: &[&ApiPage]) -> ApiVersion {
    let (mut beta, mut v1) = (0usize, 0usize);
    for request in pages.iter().flat_map(|p| &p.examples).filter_map(|e| e.request.as_ref()) {
        match request.api_version.as_deref() {
            Some("v1.0") => v1 += 1,
            Some("beta") => beta += 1,
            _ => {}
        }
    }
    if v1 > beta { ApiVersion::V1 } else { ApiVersion::Beta }
}

/// A GET that the page says lists (`user-list-messages.md`, `bookingbusiness-list-calendarview.md`)
/// or a delta function: both return a page of items, whatever the response prose says.
pub(super) fn lists_a_collection(page: &ApiPage) -> bool {
    let lists = canonical::stem(&page.source).split('-').any(|w| w == "list");
    let delta =
        last_segment(page).split('(').next().is_some_and(|s| s.eq_ignore_ascii_case("delta") || s.ends_with(".delta"));
    page.requests[0].method == "GET" && (lists || delta)
}

/// Request headers a caller sets through the options type: the documented ones
/// except those the request builder and transport own.
fn is_settable_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !matches!(lower.as_str(), "authorization" | "content-type" | "content-length" | "host" | "accept")
        && !lower.is_empty()
        && lower.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
