//! Endpoint functions: each builds a `graphgen_runtime::Request<T>` (method,
//! path with every parameter percent-encoded as one segment, headers, JSON
//! body) that any transport can send and parse.

use super::types::{Site, runtime, rust_type};
use super::{Context, docs};
use crate::ir::{
    HandleMethodIr, Method, NamedKind, Operation, PathIr, PathParamIr, PathPieceIr, PermissionKind, RequestBodyIr,
    ResponseShape,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The Rust type an operation returns (the `T` of `Request<T>`).
pub fn result_type(ctx: &Context, op: &Operation, from: Site<'_>) -> TokenStream {
    match (op.response.shape, &op.response.ty) {
        (ResponseShape::NoContent, _) => quote! { () },
        (ResponseShape::Binary, _) => quote! { Vec<u8> },
        (ResponseShape::Collection, Some(item)) => {
            let item = rust_type(ctx, item, from);
            runtime(from, quote! { Page<#item> })
        }
        (_, Some(ty)) => rust_type(ctx, ty, from),
        (_, None) => runtime(from, quote! { serde_json::Value }),
    }
}

fn shape_tokens(shape: ResponseShape) -> TokenStream {
    match shape {
        ResponseShape::Json => quote! { rt::ResponseShape::Json },
        ResponseShape::ValueWrapped => quote! { rt::ResponseShape::ValueWrapped },
        ResponseShape::Collection => quote! { rt::ResponseShape::Collection },
        ResponseShape::NoContent => quote! { rt::ResponseShape::NoContent },
        ResponseShape::Binary => quote! { rt::ResponseShape::Raw },
    }
}

fn method_tokens(method: Method) -> TokenStream {
    match method {
        Method::Get => quote! { rt::http::Method::GET },
        Method::Post => quote! { rt::http::Method::POST },
        Method::Put => quote! { rt::http::Method::PUT },
        Method::Patch => quote! { rt::http::Method::PATCH },
        Method::Delete => quote! { rt::http::Method::DELETE },
        Method::Head => quote! { rt::http::Method::HEAD },
        Method::Options => quote! { rt::http::Method::OPTIONS },
    }
}

/// Literal template text, with anything a URI cannot hold percent-encoded
/// (pages can put spaces or non-ASCII in a path).
pub(super) fn uri_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `.lit(…)`, `.segment(…)`, `.quoted(…)`, `.segments(…)` for `pieces`, each argument
/// as the `&str` named by `params`.
pub(super) fn piece_calls(pieces: &[PathPieceIr], params: &[PathParamIr], args: &[TokenStream]) -> Vec<TokenStream> {
    pieces
        .iter()
        .map(|piece| match piece {
            PathPieceIr::Literal { text } => {
                let text = uri_literal(text);
                quote! { .lit(#text) }
            }
            PathPieceIr::Param { index } => {
                let arg = args.get(*index).cloned().unwrap_or_else(|| quote! { "" });
                match params.get(*index) {
                    Some(p) if p.quoted => quote! { .quoted(#arg) },
                    Some(p) if p.path_valued => quote! { .segments(#arg) },
                    _ => quote! { .segment(#arg) },
                }
            }
        })
        .collect()
}

/// The doc comment of an endpoint function.
fn operation_docs(ctx: &Context, op: &Operation, path: &PathIr) -> Vec<syn::Attribute> {
    let mut lines = vec![op.title.clone()];
    if let Some(d) = &op.description {
        lines.push(String::new());
        lines.push(d.clone());
    }
    lines.push(String::new());
    lines.push(docs::code(&format!("{} {}", op.method, path.template)));
    if !op.permissions.is_empty() {
        lines.push(String::new());
        lines.push("Least-privileged permissions:".to_owned());
        for kind in PermissionKind::ALL {
            // One line per permission type; per case when the page has one row per case.
            for p in op.permissions.iter().filter(|p| p.kind == kind) {
                let scopes = if p.least.is_empty() {
                    "not supported".to_owned()
                } else {
                    p.least.iter().map(|s| docs::code(s)).collect::<Vec<_>>().join(", ")
                };
                let case = p.scenario.as_ref().map(|c| format!(", {c}")).unwrap_or_default();
                lines.push(format!("- {}{case}: {scopes}", kind.label()));
                if p.scenario.is_none() {
                    break;
                }
            }
        }
    }
    if !op.required_body.is_empty() {
        let names: Vec<String> = op.required_body.iter().map(|r| docs::code(&r.wire_name)).collect();
        lines.push(String::new());
        lines.push(format!(
            "Required in the body: {} (checked before sending: `Error::MissingRequired`).",
            names.join(", ")
        ));
    }
    if let Some(roles) = &op.entra_roles {
        lines.push(String::new());
        lines.push(format!(
            "Least-privileged Microsoft Entra roles (delegated, work or school account): {}.",
            roles.roles.join(", ")
        ));
    }
    if !op.national_clouds.is_empty() {
        lines.push(String::new());
        lines.push(format!("National clouds: {}.", op.national_clouds.join(", ")));
    }
    if let Some(status) = op.response.status {
        lines.push(String::new());
        lines.push(format!("Success status: {status}."));
    }
    lines.push(String::new());
    let sources: Vec<String> = op.sources.iter().map(|s| docs::code(&ctx.source_display(s))).collect();
    lines.push(format!("Source: {}", sources.join(", ")));
    docs::doc_attributes(&lines)
}

/// How a path parameter of a type is taken by the endpoint function (the example tests
/// make their arguments by the same rule).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ArgumentKind {
    /// A number or Boolean, by value, written with `to_string`.
    Value,
    /// A GUID, by reference, written with `to_string`.
    Guid,
    /// An EDM date/time value or an enum, by reference, written with `as_str`.
    Text,
    /// Anything else (strings, untyped): `&str`.
    Str,
}

pub(super) fn argument_kind(ty: &crate::ir::TypeRef) -> ArgumentKind {
    use crate::ir::{Primitive as P, TypeRef};
    match ty {
        TypeRef::Primitive {
            edm: P::Boolean | P::Byte | P::SByte | P::Int16 | P::Int32 | P::Int64 | P::Single | P::Double | P::Decimal,
        } => ArgumentKind::Value,
        TypeRef::Primitive { edm: P::Guid } => ArgumentKind::Guid,
        TypeRef::Primitive { edm: P::Date | P::DateTimeOffset | P::TimeOfDay | P::Duration }
        | TypeRef::Named { kind: NamedKind::Enum, .. } => ArgumentKind::Text,
        _ => ArgumentKind::Str,
    }
}

/// A path parameter's Rust type and the expression that gives its text (a `&str`).
fn path_argument(
    ctx: &Context,
    ty: &crate::ir::TypeRef,
    from: Site<'_>,
    name: &proc_macro2::Ident,
) -> (TokenStream, TokenStream) {
    let t = rust_type(ctx, ty, from);
    match argument_kind(ty) {
        ArgumentKind::Value => (t, quote! { &#name.to_string() }),
        ArgumentKind::Guid => (quote! { &#t }, quote! { &#name.to_string() }),
        ArgumentKind::Text => (quote! { &#t }, quote! { #name.as_str() }),
        ArgumentKind::Str => (quote! { &str }, quote! { #name }),
    }
}

/// The per-operation options type: the OData query options the page lists,
/// its own query parameters, and the request headers it documents, applied to
/// a built request with `apply`.
fn emit_options(ctx: &Context, op: &Operation, name: &str) -> TokenStream {
    let from = Site::Module(&op.module);
    let ident = format_ident!("{}", name);
    let mut scope = crate::naming::Scope::new();
    let mut fields = Vec::new();
    let mut applies = Vec::new();
    let mut odata_calls = Vec::new();
    let mut options: Vec<String> =
        op.odata_query_options.iter().map(|o| o.trim_start_matches('$').to_ascii_lowercase()).collect();
    options.sort();
    options.dedup();
    for option in &options {
        let ty = match option.as_str() {
            "select" | "expand" | "orderby" => quote! { Vec<String> },
            "filter" | "search" => quote! { Option<String> },
            "top" | "skip" => quote! { Option<u64> },
            "count" => quote! { Option<bool> },
            _ => continue,
        };
        let field = format_ident!("{}", scope.unique(option.clone()));
        let method = format_ident!("{}", option);
        let doc = format!(" `${option}`.");
        fields.push(quote! { #[doc = #doc] pub #field: #ty, });
        odata_calls.push(match option.as_str() {
            "select" | "expand" | "orderby" => {
                quote! { if !self.#field.is_empty() { odata = odata.#method(self.#field.iter().cloned()); } }
            }
            "filter" => quote! { if let Some(v) = &self.#field { odata = odata.filter(v.clone()); } },
            "search" => quote! { if let Some(v) = &self.#field { odata = odata.search(v); } },
            _ => quote! { if let Some(v) = self.#field { odata = odata.#method(v); } },
        });
    }
    let mut pair_calls = Vec::new();
    for q in &op.query_parameters {
        let field = format_ident!("{}", scope.unique(q.rust_name.clone()));
        let wire = q.wire_name.as_str();
        let (ty, to_text) = match &q.ty {
            crate::ir::TypeRef::Primitive { .. } => {
                let ty = rust_type(ctx, &q.ty, from);
                (ty, quote! { v.to_string() })
            }
            crate::ir::TypeRef::Named { kind: NamedKind::Enum, .. } => {
                let ty = rust_type(ctx, &q.ty, from);
                (ty, quote! { v.to_string() })
            }
            _ => (quote! { String }, quote! { v.clone() }),
        };
        let mut lines = Vec::new();
        if !q.description.is_empty() {
            lines.push(q.description.clone());
            lines.push(String::new());
        }
        lines.push(format!("Query parameter {}.", docs::code(wire)));
        let doc = docs::doc_lines(&lines);
        fields.push(quote! { #doc pub #field: Option<#ty>, });
        pair_calls.push(quote! { if let Some(v) = &self.#field { pairs.push(#wire, #to_text); } });
    }
    for h in op.request_headers.iter().filter(|h| h.settable) {
        let field = format_ident!("{}", scope.unique(crate::naming::field_name(&h.name)));
        let wire = h.name.as_str();
        let mut lines = Vec::new();
        if !h.description.is_empty() {
            lines.push(h.description.clone());
            lines.push(String::new());
        }
        lines.push(format!("Request header {}{}.", docs::code(wire), if h.required { " (required)" } else { "" }));
        let doc = docs::doc_lines(&lines);
        fields.push(quote! { #doc pub #field: Option<String>, });
        applies.push(quote! { if let Some(v) = &self.#field { request = request.with_header(#wire, v)?; } });
    }
    let doc = format!(
        " Query options and request headers of `{} {}`; `apply` adds the ones set to a request.",
        op.method,
        op.paths.first().map_or("", |p| p.template.as_str())
    );
    let odata = (!odata_calls.is_empty()).then(|| {
        quote! {
            let mut odata = rt::ODataQuery::new();
            #(#odata_calls)*
            request = request.with_query(&odata)?;
        }
    });
    let pairs = (!pair_calls.is_empty()).then(|| {
        quote! {
            let mut pairs = rt::QueryBuilder::new();
            #(#pair_calls)*
            request = request.with_query_pairs(&pairs)?;
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #ident {
            #(#fields)*
        }

        impl #ident {
            /// Add the options that are set to `request` (built by this operation's function).
            pub fn apply<T>(&self, request: rt::Request<T>) -> Result<rt::Request<T>, rt::Error> {
                #[allow(unused_mut)]
                let mut request = request;
                #odata
                #pairs
                #(#applies)*
                Ok(request)
            }
        }
    }
}

/// A handle method of an operation: the handle's index and the method.
pub type HandleMethodTokens = (usize, TokenStream);

/// The operation's options type (if any), and its handle methods: (handle, method item)
/// for each of `methods`, the (handle, method) pairs that build its request.
pub fn emit_operation(
    ctx: &Context,
    op: &Operation,
    methods: &[(usize, &HandleMethodIr)],
) -> Result<(Vec<syn::Item>, Vec<HandleMethodTokens>), String> {
    let mut options = Vec::new();
    if let Some(name) = &op.options_type {
        options.extend(super::parse_items(emit_options(ctx, op, name), name)?);
    }
    let methods = methods.iter().map(|(h, method)| (*h, emit_method(ctx, op, method))).collect();
    Ok((options, methods))
}

/// One handle method: the request of `op` at the handle's path and what `method` appends.
fn emit_method(ctx: &Context, op: &Operation, method: &HandleMethodIr) -> TokenStream {
    let from = Site::Module(&op.module);
    let result = result_type(ctx, op, from);
    let shape = shape_tokens(op.response.shape);
    let http_method = method_tokens(op.method);
    let Some(path) = op.paths.get(method.path) else { return TokenStream::new() };
    let fn_name = format_ident!("{}", method.rust_name);
    let doc = operation_docs(ctx, op, path);
    // Each parameter as its documented type (`date: &rt::Date`, `top: i32`), written as text.
    let arguments: Vec<(TokenStream, TokenStream)> =
        method.params.iter().map(|p| path_argument(ctx, &p.ty, from, &format_ident!("{}", p.rust_name))).collect();
    let params = method.params.iter().zip(&arguments).map(|(p, (ty, _))| {
        let name = format_ident!("{}", p.rust_name);
        quote! { #name: #ty }
    });
    let texts: Vec<TokenStream> = arguments.iter().map(|(_, text)| text.clone()).collect();
    let pieces = piece_calls(&method.pieces, &method.params, &texts);
    let fixed = uri_literal(&path.fixed_query.join("&"));
    let query = if path.query_params.is_empty() {
        (!fixed.is_empty()).then(|| quote! { let path = path + "?" + #fixed; })
    } else {
        let pushes = path.query_params.iter().map(|q| {
            let key = q.key.as_str();
            let name = format_ident!("{}", q.rust_name);
            quote! { query_pairs.push(#key, #name); }
        });
        let prefix = if fixed.is_empty() { "?".to_owned() } else { format!("?{fixed}&") };
        Some(quote! {
            let mut query_pairs = rt::QueryBuilder::new();
            #(#pushes)*
            let path = path + #prefix + query_pairs.as_str();
        })
    };
    let query_args = path.query_params.iter().map(|q| {
        let name = format_ident!("{}", q.rust_name);
        quote! { #name: &str }
    });
    let (body_param, body_call) = match &op.request_body {
        RequestBodyIr::None => (None, None),
        RequestBodyIr::Json { ty } => {
            let ty = rust_type(ctx, ty, from);
            (Some(quote! { body: &#ty }), Some(quote! { .json_body(body)? }))
        }
        RequestBodyIr::Binary => {
            (Some(quote! { content_type: &str, body: Vec<u8> }), Some(quote! { .bytes_body(content_type, body)? }))
        }
    };
    let args = params.chain(query_args).chain(body_param);
    // What the create page marks "Required." is checked before anything is sent.
    let checks = op.required_body.iter().map(|r| {
        let field = format_ident!("{}", r.rust_name);
        let wire = r.wire_name.as_str();
        quote! {
            if body.#field.value().is_none() {
                return Err(rt::Error::MissingRequired { property: #wire });
            }
        }
    });
    quote! {
        #(#doc)*
        #[inline]
        pub fn #fn_name(&self, #(#args),*) -> Result<rt::Request<#result>, rt::Error> {
            #(#checks)*
            let path = rt::PathBuilder::from_path(&self.path)
                #(#pieces)*
                .finish();
            #query
            rt::RequestBuilder::new(#http_method, path)
                #body_call
                .build(#shape)
        }
    }
}
