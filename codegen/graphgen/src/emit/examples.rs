//! The generated crate's `tests/examples.rs`: every usable example payload
//! round-trips through the generated types. Request bodies deserialise into
//! the request type, the endpoint function builds the documented method and
//! path from them, and the body it sends is the example's JSON. Response
//! bodies go through the runtime's own response parser and re-serialise to
//! the example's JSON.

use super::Context;
use super::types::{Site, rust_type};
use crate::ir::{
    ExampleIr, HandleModel, Ir, Module, Operation, PathIr, PathPieceIr, RequestBodyIr, ResponseShape, TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde::Deserialize;

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
            PathPieceIr::Param { index } => {
                let end = match pieces.peek() {
                    Some(PathPieceIr::Literal { text }) => rest.find(text.as_str())?,
                    _ => rest.len(),
                };
                // A segment holds no `/` (`{id}` is not `4aade…/$value`); a path-valued parameter may.
                let path_valued = path.params.get(*index).is_some_and(|p| p.path_valued);
                if rest[..end].contains('/') && !path_valued {
                    return None;
                }
                values.push(rest[..end].to_owned());
                rest = &rest[end..];
            }
        }
    }
    rest.is_empty().then_some(values)
}

/// A path argument of type `ty` from the example's text, as the endpoint function takes it
/// (`operations::argument_kind`), and whether it writes the example's own text back (a
/// placeholder, or `007` for an Int32, is replaced by a valid value: the path is then not compared).
fn typed_argument(ctx: &Context, ty: &TypeRef, text: &str) -> (TokenStream, bool) {
    use super::operations::{ArgumentKind, argument_kind};
    use crate::ir::Primitive as P;
    use graphgen_runtime::{Date, DateTimeOffset, Duration, Guid, TimeOfDay};
    /// The example's value when it parses as `T` and prints back as written, else `fallback`.
    fn exact<T: std::str::FromStr + ToString>(text: &str, fallback: T) -> (T, bool) {
        match text.parse::<T>() {
            Ok(v) if v.to_string() == text => (v, true),
            _ => (fallback, false),
        }
    }
    let literal = |edm: P| -> (TokenStream, bool) {
        macro_rules! int {
            ($t:ty, $lit:ident) => {{
                let (v, same) = exact::<$t>(text, 0);
                let lit = proc_macro2::Literal::$lit(v);
                (quote! { #lit }, same)
            }};
        }
        match edm {
            P::Boolean => {
                let (v, same) = exact::<bool>(text, false);
                (quote! { #v }, same)
            }
            P::Byte => int!(u8, u8_suffixed),
            P::SByte => int!(i8, i8_suffixed),
            P::Int16 => int!(i16, i16_suffixed),
            P::Int32 => int!(i32, i32_suffixed),
            P::Int64 => int!(i64, i64_suffixed),
            _ => {
                let (v, same) = exact::<f64>(text, 0.0);
                let v = if v.is_finite() { v } else { 0.0 };
                let lit = proc_macro2::Literal::f64_suffixed(v);
                (quote! { #lit }, same)
            }
        }
    };
    let t = rust_type(ctx, ty, Site::Outside);
    match (argument_kind(ty), ty) {
        (ArgumentKind::Value, TypeRef::Primitive { edm }) => literal(*edm),
        (ArgumentKind::Guid, _) => {
            let (v, same) = exact::<Guid>(text, Guid::nil());
            let v = v.to_string();
            (quote! { &arg::<#t>(#v) }, same)
        }
        (ArgumentKind::Text, TypeRef::Primitive { edm }) => {
            let value = serde_json::Value::String(text.to_owned());
            let (valid, fallback) = match edm {
                P::Date => (Date::deserialize(&value).is_ok(), "2020-01-01"),
                P::DateTimeOffset => (DateTimeOffset::deserialize(&value).is_ok(), "2020-01-01T00:00:00Z"),
                P::TimeOfDay => (TimeOfDay::deserialize(&value).is_ok(), "00:00:00"),
                _ => (Duration::deserialize(&value).is_ok(), "PT1H"),
            };
            let v = if valid { text } else { fallback };
            (quote! { &arg::<#t>(#v) }, valid)
        }
        // An enum is open: any text is a value, written back as it is.
        (ArgumentKind::Text, _) => (quote! { &arg::<#t>(#text) }, true),
        _ => (quote! { #text }, true),
    }
}

/// Characters an example path may hold for the test to compare paths exactly.
fn plain_path(path: &str) -> bool {
    path.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-._~!$&()*+,;=:@".contains(&b))
}

/// The API areas that get a file of example tests (`tests/examples/<area>.rs`).
pub fn example_areas(ir: &Ir) -> Vec<&Module> {
    let areas: std::collections::BTreeSet<&Module> =
        ir.operations.iter().filter(|op| !op.examples.is_empty()).map(|op| &op.module).collect();
    areas.into_iter().collect()
}

/// The example tests of one API area: a module file of `tests/examples.rs`.
pub fn emit_area_tests(ctx: &Context, ir: &Ir, area: &Module) -> (TokenStream, ExampleStats) {
    let krate = &ctx.krate();
    let mut stats = ExampleStats::default();
    let mut tests = TokenStream::new();
    let mut names = crate::naming::Scope::new();
    for op in ir.operations.iter().filter(|op| op.module == *area) {
        // Tests are named by the handle method they call (`user_get_example_1_response_body`).
        let Some(stem) = test_stem(&ir.handles, op) else { continue };
        let stem = names.unique(stem);
        for (n, example) in op.examples.iter().enumerate() {
            tests.extend(example_tests(ctx, &ir.handles, op, n + 1, example, krate, &mut stats, &stem));
        }
    }
    let tokens = quote! {
        #![doc = " Example round trips of one API area."]
        use super::*;
        #tests
    };
    (tokens, stats)
}

/// `tests/examples.rs`: the shared helpers and one module per area (in
/// `tests/examples/<area>.rs`), each compiled with its area's feature. The
/// helpers hold the checks; each generated test is one call with the example.
pub fn emit_examples_root(areas: &[&Module]) -> TokenStream {
    let modules = areas.iter().map(|area| {
        let name = area.name();
        let ident = quote::format_ident!("{}", name);
        let cfg = (!area.is_shared()).then(|| quote! { #[cfg(feature = #name)] });
        let path = format!("examples/{name}.rs");
        quote! {
            #cfg
            #[path = #path]
            mod #ident;
        }
    });
    let tests = quote! { #(#modules)* };
    quote! {
        #![doc = " Round trips of the documented example payloads through the generated types."]
        #![allow(clippy::all, dead_code, unused_imports)]

        use graphgen_runtime::serde_json::{self, Value};
        use graphgen_runtime::{Error, Request};

        fn json(text: &str) -> Value {
            serde_json::from_str(text).expect("the example is valid JSON")
        }

        fn to_json<T: ::serde::Serialize>(value: &T) -> Value {
            serde_json::to_value(value).expect("the value serialises")
        }

        /// A typed path argument from its text (a date, a GUID, an enum member).
        #[allow(dead_code)]
        #[track_caller]
        fn arg<T: ::serde::de::DeserializeOwned>(text: &str) -> T {
            serde_json::from_value(Value::String(text.to_owned())).expect("a valid path argument")
        }

        /// An example request body as the type the endpoint takes.
        #[track_caller]
        fn body<T: ::serde::de::DeserializeOwned>(text: &str) -> T {
            serde_json::from_value(json(text)).expect("the example request body deserialises")
        }

        /// JSON equality where numbers compare by value (`5` equals `5.0`) and GUIDs
        /// ignore case (an `Edm.Guid` is sent back lower-case).
        fn same_json(a: &Value, b: &Value) -> bool {
            let guid = |s: &str| s.len() == 36 && s.bytes().enumerate().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == b'-' } else { c.is_ascii_hexdigit() });
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
                (Value::String(x), Value::String(y)) => x == y || (guid(x) && x.eq_ignore_ascii_case(y)),
                (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b)),
                (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w))),
                _ => a == b,
            }
        }

        #[track_caller]
        fn assert_same_json(actual: &Value, expected: &Value) {
            assert!(same_json(actual, expected), "round trip changed the payload\nexpected: {expected:#}\nactual:   {actual:#}");
        }

        /// The request built from an example: the documented method, and the
        /// example's path when it follows the template.
        #[track_caller]
        fn assert_request_line<T>(request: &Request<T>, method: &str, path: Option<&str>) {
            assert_eq!(request.method().as_str(), method);
            if let Some(path) = path {
                assert_eq!(path_form(request.path_and_query()), path_form(path));
            }
        }

        /// A path with the escapes of the characters a segment may hold as they are
        /// (`%3D` is `=`, `%3A` is `:`) and its path part in lower case: Graph reads both
        /// spellings as one path, and resource paths case-insensitively (the docs write
        /// `/administrativeunits` and `/administrativeUnits`; the handles spell a segment
        /// as the resource declares it). The query is compared as written.
        fn path_form(path: &str) -> String {
            let (path, query) = path.split_once('?').map_or((path, None), |(p, q)| (p, Some(q)));
            let mut out = escapes_decoded(path).to_ascii_lowercase();
            if let Some(query) = query {
                out.push('?');
                out.push_str(&escapes_decoded(query));
            }
            out
        }

        fn escapes_decoded(path: &str) -> String {
            let mut out = String::with_capacity(path.len());
            let mut rest = path;
            while let Some(at) = rest.find('%') {
                out.push_str(&rest[..at]);
                match rest.get(at + 1..at + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                    Some(c) if b"!$&'()*+,;=:@".contains(&c) => {
                        out.push(char::from(c));
                        rest = &rest[at + 3..];
                    }
                    _ => {
                        out.push('%');
                        rest = &rest[at + 1..];
                    }
                }
            }
            out.push_str(rest);
            out
        }

        /// A request body example deserialises into the endpoint's body type, the
        /// endpoint builds the documented request from it, and sends the example back.
        #[track_caller]
        fn request_body_round_trip<B: ::serde::de::DeserializeOwned, T>(
            example: &str,
            build: impl FnOnce(&B) -> Result<Request<T>, Error>,
            method: &str,
            path: Option<&str>,
            additional: &[&str],
        ) {
            let expected = json(example);
            let (body, keys) = graphgen_runtime::record_additional_keys(|| serde_json::from_value::<B>(expected.clone()));
            let body = body.expect("the example request body deserialises");
            assert_eq!(keys, additional, "the keys the types leave in `additional_properties` are the ones the generator found untyped");
            let request = build(&body).expect("the request builds");
            assert_request_line(&request, method, path);
            let sent: Value = serde_json::from_slice(request.body()).expect("the request body is JSON");
            assert_same_json(&sent, &expected);
        }

        /// An endpoint without a body builds the documented method and path.
        #[track_caller]
        fn request_line<T>(request: Result<Request<T>, Error>, method: &str, path: &str) {
            let request = request.expect("the request builds");
            assert_request_line(&request, method, Some(path));
            assert!(request.body().is_empty());
        }

        /// A response example parses into the endpoint's result type and serialises
        /// back to the example (its `value` member when the result is wrapped in one).
        #[track_caller]
        fn response_round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(
            request: Result<Request<T>, Error>,
            status: u16,
            example: &str,
            value_wrapped: bool,
            additional: &[&str],
        ) {
            let request = request.expect("the request builds");
            let response = ::http::Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(example.as_bytes().to_vec())
                .expect("the response builds");
            let (parsed, keys) = graphgen_runtime::record_additional_keys(|| request.parse_response(response));
            let parsed: T = parsed.expect("the example response parses");
            assert_eq!(keys, additional, "the keys the types leave in `additional_properties` are the ones the generator found untyped");
            let expected = json(example);
            let expected = if value_wrapped { expected["value"].clone() } else { expected };
            assert_same_json(&to_json(&parsed), &expected);
        }

        #tests
    }
}

/// A JSON payload as a string literal: raw (`r#"…"#`, readable in review) when
/// every character may stand in a raw string as it is, escaped otherwise.
/// Either way it is one literal token; the text cannot end it early.
fn json_text(value: &serde_json::Value) -> proc_macro2::Literal {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    // What `escape_debug` leaves alone (printable text) may go raw, plus newlines
    // and the characters a raw string exists to keep unescaped.
    let plain = text.chars().all(|c| matches!(c, '\n' | '"' | '\\' | '\'') || c.escape_debug().nth(1).is_none());
    if plain {
        let mut hashes = String::from("#");
        while text.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        if let Ok(literal) = format!("r{hashes}\"{text}\"{hashes}").parse::<proc_macro2::Literal>() {
            return literal;
        }
    }
    proc_macro2::Literal::string(&text)
}

/// How a test reaches an operation's first path: `krate::Graph::new().me().event("…")`,
/// the method, and which of the path's arguments the method takes (the rest are the
/// navigations'). `None` when the path has no walk or the walk takes other arguments.
fn walk_call(
    model: &HandleModel,
    op: &Operation,
    values: &[String],
    krate: &proc_macro2::Ident,
) -> Option<(TokenStream, proc_macro2::Ident, std::ops::Range<usize>)> {
    let path = op.paths.first()?;
    let walk = model.walk_of(&op.id, 0)?;
    let mut call = quote! { #krate::Graph::new() };
    let mut used = 0usize;
    for nav in &walk.steps {
        let name = format_ident!("{}", nav.rust_name);
        let args = values.get(used..used + nav.params.len())?;
        used += nav.params.len();
        call = quote! { #call.#name(#(#args),*) };
    }
    let taken = used..used + walk.method.params.len();
    (taken.end == path.params.len()).then(|| (call, format_ident!("{}", walk.method.rust_name), taken))
}

/// A test name stem for an operation: its handle and method (`user_get`).
fn test_stem(model: &HandleModel, op: &Operation) -> Option<String> {
    let walk = model.walk_of(&op.id, 0)?;
    Some(crate::naming::field_name(&format!(
        "{} {}",
        walk.handle.rust_name.trim_end_matches("Handle"),
        walk.method.rust_name
    )))
}

#[allow(clippy::too_many_arguments)]
fn example_tests(
    ctx: &Context,
    model: &HandleModel,
    op: &Operation,
    n: usize,
    example: &ExampleIr,
    krate: &proc_macro2::Ident,
    stats: &mut ExampleStats,
    stem: &str,
) -> TokenStream {
    let Some(path) = op.paths.first() else { return TokenStream::new() };
    let request_body = example.request.as_ref().and_then(|r| r.body.as_ref());
    let response_body = example.response.as_ref().and_then(|r| r.body.as_ref());
    stats.payloads += usize::from(request_body.is_some()) + usize::from(response_body.is_some());

    // Arguments: path values from the example URL where it follows the template.
    let example_path = example.request.as_ref().map(|r| r.path.as_str()).unwrap_or("");
    let matched = match_path(path, example_path);
    let mut values: Vec<String> = match &matched {
        Some(v) => v.clone(),
        None => path.params.iter().map(|p| format!("example-{}", p.wire_name)).collect(),
    };
    values.extend(path.query_params.iter().map(|q| format!("example-{}", q.wire_name)));
    // Typed path arguments from the example's text; one that is not a valid value of its
    // type (a placeholder) is replaced by one that is, and the path is then not compared.
    let mut exact_args = true;
    let arg_tokens: Vec<TokenStream> = values
        .iter()
        .enumerate()
        .map(|(i, v)| match path.params.get(i) {
            Some(p) => {
                let (tokens, exact) = typed_argument(ctx, &p.ty, v);
                exact_args &= exact;
                tokens
            }
            None => quote! { #v },
        })
        .collect();
    let exact_path =
        (matched.is_some() && exact_args && plain_path(example_path) && path.query.is_none()).then_some(example_path);
    let path_check = match exact_path {
        Some(p) => quote! { Some(#p) },
        None => quote! { None },
    };
    let method = op.method.as_str();
    let Some((call, func, taken)) = walk_call(model, op, &values[..path.params.len().min(values.len())], krate) else {
        return TokenStream::new();
    };
    // The method's own arguments (typed), then the query arguments.
    let arg_tokens: Vec<TokenStream> =
        arg_tokens[taken.start..taken.end].iter().chain(&arg_tokens[path.params.len()..]).cloned().collect();
    let args = arg_tokens.iter();

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
        (Some(_), Some(body)) => {
            let text = json_text(body);
            Some(vec![quote! { &body(#text) }])
        }
        // An empty body fails a create's required-property check: no test without an example body.
        (Some(ty), None) if ctx.has_default(ty) && op.required_body.is_empty() => {
            Some(vec![quote! { &::std::default::Default::default() }])
        }
        (Some(_), None) => None,
    };

    if let (Some(ty), Some(body)) = (body_type, request_body) {
        let ty = rust_type(ctx, ty, Site::Outside);
        let text = json_text(body);
        let name = format_ident!("{stem}_example_{n}_request_body");
        let args = args.clone();
        let additional = example.request.as_ref().map(|r| r.additional_keys.as_slice()).unwrap_or_default();
        out.extend(quote! {
            #[test]
            fn #name() {
                request_body_round_trip::<#ty, _>(#text, |body| #call.#func(#(#args,)* body), #method, #path_check, &[#(#additional),*]);
            }
        });
        stats.tested += 1;
    } else if body_type.is_none()
        && matches!(op.request_body, RequestBodyIr::None)
        && example.request.is_some()
        && let Some(exact_path) = exact_path
    {
        // No body: the function still builds the documented method and path.
        let name = format_ident!("{stem}_example_{n}_request_line");
        let args = args.clone();
        out.extend(quote! {
            #[test]
            fn #name() {
                request_line(#call.#func(#(#args),*), #method, #exact_path);
            }
        });
    }

    let testable_shape =
        matches!(op.response.shape, ResponseShape::Json | ResponseShape::ValueWrapped | ResponseShape::Collection);
    if let (Some(body), Some(body_args), true) = (response_body, body_arg, testable_shape) {
        let all_args: Vec<TokenStream> = arg_tokens.iter().cloned().chain(body_args).collect();
        let status = example.response.as_ref().and_then(|r| r.status).filter(|s| (200..300).contains(s)).unwrap_or(200);
        let text = json_text(body);
        let value_wrapped = matches!(op.response.shape, ResponseShape::ValueWrapped);
        let name = format_ident!("{stem}_example_{n}_response_body");
        let additional = example.response.as_ref().map(|r| r.additional_keys.as_slice()).unwrap_or_default();
        out.extend(quote! {
            #[test]
            fn #name() {
                response_round_trip(#call.#func(#(#all_args),*), #status, #text, #value_wrapped, &[#(#additional),*]);
            }
        });
        stats.tested += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::json_text;
    use serde_json::json;

    /// The literal's value, as the compiler will read it.
    fn value(literal: &proc_macro2::Literal) -> String {
        syn::parse_str::<syn::LitStr>(&literal.to_string()).expect("one string literal").value()
    }

    #[test]
    fn plain_payloads_are_raw_strings_that_cannot_be_closed_early() {
        let payload = json!({"a": "quote \" and \"# and \"## end", "b": "Привет\\n"});
        let literal = json_text(&payload);
        let source = literal.to_string();
        assert!(source.starts_with("r###\""), "{source}");
        assert_eq!(value(&literal), serde_json::to_string_pretty(&payload).unwrap());
    }

    #[test]
    fn invisible_or_control_characters_keep_the_escaped_form() {
        for text in ["rtl \u{202e} override", "zero\u{200b}width", "isolate \u{2066} and \u{2028} line separator"] {
            let payload = json!({ "text": text });
            let literal = json_text(&payload);
            assert!(literal.to_string().starts_with('"'), "{literal}");
            assert_eq!(value(&literal), serde_json::to_string_pretty(&payload).unwrap());
        }
    }
}
