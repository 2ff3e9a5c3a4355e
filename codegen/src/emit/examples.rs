//! The generated crate's `tests/examples.rs`: every usable example payload
//! round-trips through the generated types. Request bodies deserialise into
//! the request type, the endpoint function builds the documented method and
//! path from them, and the body it sends is the example's JSON. Response
//! bodies go through the runtime's own response parser and re-serialise to
//! the example's JSON.

use super::Context;
use super::operations::result_type;
use super::types::{From, rust_type};
use crate::ir::{ExampleIr, Ir, Operation, PathIr, PathPieceIr, RequestBodyIr, ResponseShape, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// How many example payloads were found, usable, and turned into tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ExampleStats {
    /// Request and response bodies in the IR (strict JSON only).
    pub payloads: usize,
    /// Payloads with a generated round-trip test.
    pub tested: usize,
}

/// Values for the path parameters, read off the example's URL by matching
/// the template; `None` when the example does not follow the template.
fn match_path(path: &PathIr, example_path: &str) -> Option<Vec<String>> {
    let example = example_path.split('?').next().unwrap_or(example_path);
    let mut rest = example;
    let mut values = Vec::new();
    let mut pieces = path.pieces.iter().peekable();
    while let Some(piece) = pieces.next() {
        match piece {
            PathPieceIr::Literal { text } => rest = rest.strip_prefix(text.as_str())?,
            PathPieceIr::Param { .. } => {
                let end = match pieces.peek() {
                    Some(PathPieceIr::Literal { text }) => rest.find(text.as_str())?,
                    _ => rest.len(),
                };
                values.push(rest[..end].to_owned());
                rest = &rest[end..];
            }
        }
    }
    rest.is_empty().then_some(values)
}

/// Characters an example path may hold for the test to compare paths exactly.
fn plain_path(path: &str) -> bool {
    path.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-._~!$&()*+,;=:@".contains(&b))
}

/// The function the tests call: the operation's first path.
fn path_fn_name(op: &Operation) -> &str {
    op.paths.first().map_or("", |p| p.fn_name.as_str())
}

fn json_literal(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Whether a body of this type can be made with `Default::default()`.
fn has_default(ty: &TypeRef, ir: &Ir) -> bool {
    match ty {
        TypeRef::Json | TypeRef::Collection { .. } => true,
        TypeRef::Named { rust_name, .. } => ir.types.iter().any(|t| &t.rust_name == rust_name),
        TypeRef::Primitive { .. } => false,
    }
}

pub fn emit_example_tests(ctx: &Context, ir: &Ir) -> (TokenStream, ExampleStats) {
    let mut stats = ExampleStats::default();
    let mut tests = TokenStream::new();
    // Test names join module and function names, which can meet
    // (`x_get_y` + `get_z` and `x` + `get_y_get_z`): keep them unique.
    let mut names = crate::naming::Scope::new();
    for helper in ["json", "to_json", "same_json", "assert_same_json"] {
        names.reserve(helper);
    }
    for op in &ir.operations {
        for (n, example) in op.examples.iter().enumerate() {
            tests.extend(example_tests(ctx, ir, op, n + 1, example, &mut names, &mut stats));
        }
    }
    let tokens = quote! {
        #![doc = " Round trips of the documented example payloads through the generated types."]
        #![allow(clippy::all)]

        use graphgen_runtime::serde_json::{self, Value};

        fn json(text: &str) -> Value {
            serde_json::from_str(text).expect("the example is valid JSON")
        }

        fn to_json<T: ::serde::Serialize>(value: &T) -> Value {
            serde_json::to_value(value).expect("the value serialises")
        }

        /// JSON equality where numbers compare by value (`5` equals `5.0`).
        fn same_json(a: &Value, b: &Value) -> bool {
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
                (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b)),
                (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w))),
                _ => a == b,
            }
        }

        #[track_caller]
        fn assert_same_json(actual: &Value, expected: &Value) {
            assert!(same_json(actual, expected), "round trip changed the payload\nexpected: {expected:#}\nactual:   {actual:#}");
        }

        #tests
    };
    (tokens, stats)
}

fn example_tests(
    ctx: &Context,
    ir: &Ir,
    op: &Operation,
    n: usize,
    example: &ExampleIr,
    names: &mut crate::naming::Scope,
    stats: &mut ExampleStats,
) -> TokenStream {
    let krate = &ctx.krate;
    let mut test_name = |kind: &str| {
        format_ident!("{}", names.unique(format!("{}_{}_example_{}_{kind}", op.module, path_fn_name(op), n)))
    };
    let Some(path) = op.paths.first() else { return TokenStream::new() };
    let module = format_ident!("{}", op.module);
    let func = format_ident!("{}", path.fn_name);
    let request_body = example.request.as_ref().and_then(|r| r.body.as_ref());
    let response_body = example.response.as_ref().and_then(|r| r.body.as_ref());
    stats.payloads += usize::from(request_body.is_some()) + usize::from(response_body.is_some());

    // Arguments: path values from the example URL where it follows the template.
    let example_path = example.request.as_ref().map(|r| r.path.as_str()).unwrap_or("");
    let matched = match_path(path, example_path);
    let values: Vec<String> = match &matched {
        Some(v) => v.clone(),
        None => path.params.iter().map(|p| format!("example-{}", p.wire_name)).collect(),
    };
    let path_check = (matched.is_some() && plain_path(example_path) && path.query.is_none()).then(|| {
        quote! { assert_eq!(request.path_and_query(), #example_path); }
    });
    let method = op.method.as_str();
    let args = values.iter().map(|v| quote! { #v });

    let mut out = TokenStream::new();
    let body_type = match &op.request_body {
        RequestBodyIr::Json { ty } => Some(ty),
        _ => None,
    };
    // How to make the body argument for building the request.
    let body_arg = match (body_type, request_body) {
        (None, _) => match op.request_body {
            RequestBodyIr::Binary => {
                Some(vec![quote! { "application/octet-stream" }, quote! { ::std::vec::Vec::new() }])
            }
            _ => Some(Vec::new()),
        },
        (Some(ty), Some(body)) => {
            let ty = rust_type(ctx, ty, From::Outside);
            let text = json_literal(body);
            Some(vec![
                quote! { &serde_json::from_value::<#ty>(json(#text)).expect("the example request body deserialises") },
            ])
        }
        (Some(ty), None) if has_default(ty, ir) => Some(vec![quote! { &::std::default::Default::default() }]),
        (Some(_), None) => None,
    };

    if let (Some(ty), Some(body)) = (body_type, request_body) {
        let ty = rust_type(ctx, ty, From::Outside);
        let text = json_literal(body);
        let name = test_name("request");
        let args = args.clone();
        out.extend(quote! {
            #[test]
            fn #name() {
                let expected = json(#text);
                let body: #ty = serde_json::from_value(expected.clone()).expect("the example request body deserialises");
                let request = #krate::#module::#func(#(#args,)* &body).expect("the request builds");
                assert_eq!(request.method().as_str(), #method);
                #path_check
                let sent: Value = serde_json::from_slice(request.body()).expect("the request body is JSON");
                assert_same_json(&sent, &expected);
            }
        });
        stats.tested += 1;
    } else if body_type.is_none()
        && matches!(op.request_body, RequestBodyIr::None)
        && example.request.is_some()
        && path_check.is_some()
    {
        // No body: the function still builds the documented method and path.
        let name = test_name("request");
        let args = args.clone();
        out.extend(quote! {
            #[test]
            fn #name() {
                let request = #krate::#module::#func(#(#args),*).expect("the request builds");
                assert_eq!(request.method().as_str(), #method);
                #path_check
                assert!(request.body().is_empty());
            }
        });
    }

    let testable_shape =
        matches!(op.response.shape, ResponseShape::Json | ResponseShape::ValueWrapped | ResponseShape::Collection);
    if let (Some(body), Some(body_args), true) = (response_body, body_arg, testable_shape) {
        let all_args: Vec<TokenStream> = values.iter().map(|v| quote! { #v }).chain(body_args).collect();
        let status = example.response.as_ref().and_then(|r| r.status).filter(|s| (200..300).contains(s)).unwrap_or(200);
        let text = json_literal(body);
        let expected = match op.response.shape {
            ResponseShape::ValueWrapped => quote! { json(#text)["value"].clone() },
            _ => quote! { json(#text) },
        };
        let result = result_type(ctx, op, From::Outside);
        let name = test_name("response");
        out.extend(quote! {
            #[test]
            fn #name() {
                let request = #krate::#module::#func(#(#all_args),*).expect("the request builds");
                let response = ::http::Response::builder()
                    .status(#status)
                    .header("content-type", "application/json")
                    .body(#text.as_bytes().to_vec())
                    .expect("the response builds");
                let parsed: #result = request.parse_response(response).expect("the example response parses");
                assert_same_json(&to_json(&parsed), &#expected);
            }
        });
        stats.tested += 1;
    }
    out
}
