//! Building requests and parsing responses through the public API.

use graphgen_runtime::http::{self, Method, StatusCode, header};
use graphgen_runtime::{Error, ODataQuery, Page, PathBuilder, QueryBuilder, Request, RequestBuilder, ResponseShape};
use serde::{Deserialize, Serialize};
use serde_json::json;

fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder().status(status).body(body.as_bytes().to_vec()).unwrap()
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Connector {
    id: String,
    #[serde(rename = "displayName")]
    display_name: String,
}

#[test]
fn get_request_has_method_path_query_and_accept() {
    let query = ODataQuery::new().select(["id", "displayName"]).filter("displayName eq 'a&b'").top(5);
    let request: Request<Page<Connector>> = RequestBuilder::new(Method::GET, "/deviceManagement/domainJoinConnectors")
        .build(ResponseShape::Collection)
        .unwrap()
        .with_query(&query)
        .unwrap();
    assert_eq!(request.method(), Method::GET);
    assert_eq!(
        request.path_and_query(),
        "/deviceManagement/domainJoinConnectors?$select=id,displayName\
         &$filter=displayName%20eq%20'a%26b'&$top=5"
    );
    assert_eq!(request.shape(), ResponseShape::Collection);
    assert_eq!(request.http().headers()[header::ACCEPT], "application/json");
    assert!(request.http().headers().get(header::CONTENT_TYPE).is_none());
    assert!(request.body().is_empty());
    assert!(request.http().uri().scheme().is_none());

    // Generated options types add an operation's own parameters as pairs.
    let mut pairs = QueryBuilder::new();
    pairs.push("$skiptoken", "a&b").push_list("$expand", ["x,y", "z"]);
    let request = request.with_query_pairs(&pairs).unwrap().with_query_pairs(&QueryBuilder::new()).unwrap();
    assert!(request.path_and_query().ends_with("&$top=5&$skiptoken=a%26b&$expand=x%2Cy,z"), "{request:?}");
}

#[test]
fn post_request_has_json_body_and_content_type() {
    let body = Connector { id: "1".into(), display_name: "Ünïcode \"quoted\"".into() };
    let path = PathBuilder::new().lit("/applications(appId='").quoted("O'Brien").lit("')/owners").finish();
    let request: Request<Connector> = RequestBuilder::new(Method::POST, path)
        .header("Prefer", "return=representation")
        .unwrap()
        .json_body(&body)
        .unwrap()
        .build(ResponseShape::Json)
        .unwrap();
    let http = request.http();
    assert_eq!(http.method(), Method::POST);
    assert_eq!(http.uri().path(), "/applications(appId='O%27%27Brien')/owners");
    assert_eq!(http.headers()[header::CONTENT_TYPE], "application/json");
    assert_eq!(http.headers()[header::ACCEPT], "application/json");
    assert_eq!(http.headers()["prefer"], "return=representation");
    assert_eq!(http.body(), &serde_json::to_vec(&body).unwrap());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(http.body()).unwrap(),
        json!({"id": "1", "displayName": "Ünïcode \"quoted\""})
    );
    let http = request.into_http();
    assert_eq!(http.method(), Method::POST);
}

#[test]
fn headers_can_be_added_and_are_never_shown() {
    let mut request: Request<()> =
        RequestBuilder::new(Method::DELETE, "/users/1").build(ResponseShape::NoContent).unwrap();
    request.headers_mut().insert(header::AUTHORIZATION, http::HeaderValue::from_static("Bearer SECRET-TOKEN"));
    let debug = format!("{request:?}");
    assert!(!debug.contains("SECRET"), "{debug}");
    assert!(debug.contains("/users/1"), "{debug}");
    let clone = request.clone();
    assert_eq!(clone.headers()[header::AUTHORIZATION], "Bearer SECRET-TOKEN");
    assert_eq!(clone.path_and_query(), "/users/1");
}

#[test]
fn invalid_headers_are_errors_not_panics() {
    let err = RequestBuilder::new(Method::GET, "/me").header("X-Token", "line\nbreak SECRET").unwrap_err();
    assert!(matches!(err, Error::InvalidHeader { .. }));
    let text = err.to_string();
    assert!(text.contains("X-Token") && !text.contains("SECRET"), "{text}");

    let err = RequestBuilder::new(Method::GET, "/me").header("bad header", "v").unwrap_err();
    assert!(matches!(err, Error::InvalidHeader { .. }));
    assert!(RequestBuilder::new(Method::GET, "/me").bytes_body("text/\u{7f}", vec![]).is_err());
}

#[test]
fn accept_can_be_overridden_and_raw_gets_octet_stream() {
    let raw: Request<Vec<u8>> = RequestBuilder::new(Method::GET, "/me/photo/$value").build(ResponseShape::Raw).unwrap();
    assert_eq!(raw.headers()[header::ACCEPT], "application/octet-stream, application/json");
    let custom: Request<String> = RequestBuilder::new(Method::GET, "/reports/x")
        .header("Accept", "text/csv")
        .unwrap()
        .build(ResponseShape::Raw)
        .unwrap();
    let accepts: Vec<_> = custom.headers().get_all(header::ACCEPT).iter().collect();
    assert_eq!(accepts, ["text/csv"]);
}

#[test]
fn bad_paths_are_rejected() {
    for path in [
        "users",
        "/users//messages",
        "/users/",
        "/users/a b",
        "/users//x?y=1",
        "/users/?y=1",
        "/users?x=a b",
        "/a#b",
        "/a?b#c",
        "https://evil.example/x",
    ] {
        let result = RequestBuilder::new(Method::GET, path).build::<()>(ResponseShape::NoContent);
        assert!(matches!(result, Err(Error::InvalidUri { .. })), "{path:?}: {result:?}");
    }
    let root: Request<()> = RequestBuilder::new(Method::GET, "/").build(ResponseShape::NoContent).unwrap();
    assert_eq!(root.path_and_query(), "/");
    // An empty id leaves an empty segment, which is caught.
    let path = PathBuilder::new().lit("/users/").segment("").finish();
    assert!(RequestBuilder::new(Method::GET, path).build::<()>(ResponseShape::NoContent).is_err());
}

#[test]
fn a_literal_query_in_the_path_is_kept_and_extended() {
    let path = PathBuilder::new()
        .lit("/reports/getOffice365ActiveUserDetail(period='")
        .quoted("D7")
        .lit("')?$format=text/csv")
        .finish();
    let plain: Request<String> = RequestBuilder::new(Method::GET, path.clone()).build(ResponseShape::Raw).unwrap();
    assert_eq!(plain.path_and_query(), "/reports/getOffice365ActiveUserDetail(period='D7')?$format=text/csv");
    let extended = plain.with_query(&ODataQuery::new().top(2)).unwrap();
    assert_eq!(extended.path_and_query(), "/reports/getOffice365ActiveUserDetail(period='D7')?$format=text/csv&$top=2");
    let empty_literal: Request<()> = RequestBuilder::new(Method::GET, "/me?").build(ResponseShape::NoContent).unwrap();
    assert_eq!(empty_literal.path_and_query(), "/me");
    assert_eq!(empty_literal.with_query(&ODataQuery::new().top(1)).unwrap().path_and_query(), "/me?$top=1");
}

#[test]
fn json_shape_parses_the_body() {
    let request: Request<Connector> = RequestBuilder::new(Method::GET, "/c/1").build(ResponseShape::Json).unwrap();
    let c = request.parse_response(response(200, r#"{"@odata.context":"x","id":"1","displayName":"d"}"#)).unwrap();
    assert_eq!(c.display_name, "d");
}

#[test]
fn value_wrapped_shape_unwraps() {
    let request: Request<String> =
        RequestBuilder::new(Method::GET, "/x/status").build(ResponseShape::ValueWrapped).unwrap();
    let status = request
        .parse_response(response(
            200,
            r#"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#Edm.String","value":"inprogress"}"#,
        ))
        .unwrap();
    assert_eq!(status, "inprogress");

    let list: Request<Vec<i32>> = RequestBuilder::new(Method::GET, "/x").build(ResponseShape::ValueWrapped).unwrap();
    assert_eq!(list.parse_response(response(200, r#"{"value":[1,2]}"#)).unwrap(), [1, 2]);
    let err = request.parse_response(response(200, r#""inprogress""#)).unwrap_err();
    assert!(matches!(err, Error::Decode { source: Some(_), .. }), "{err}");
}

#[test]
fn no_content_shape_ignores_the_body() {
    let request: Request<()> = RequestBuilder::new(Method::DELETE, "/users/1").build(ResponseShape::NoContent).unwrap();
    request.parse_response(response(204, "")).unwrap();
    request.parse_response(response(200, "{\"ignored\":1}")).unwrap();
    let opt: Request<Option<Connector>> =
        RequestBuilder::new(Method::PATCH, "/c/1").build(ResponseShape::NoContent).unwrap();
    assert_eq!(opt.parse_response(response(204, "")).unwrap(), None);
    let wrong: Request<Connector> = RequestBuilder::new(Method::PATCH, "/c/1").build(ResponseShape::NoContent).unwrap();
    assert!(matches!(wrong.parse_response(response(204, "")), Err(Error::Decode { .. })));
}

#[test]
fn collection_shape_parses_a_page_and_follows_next_link() {
    let request: Request<Page<Connector>> = RequestBuilder::new(Method::GET, "/deviceManagement/domainJoinConnectors")
        .header("ConsistencyLevel", "eventual")
        .unwrap()
        .build(ResponseShape::Collection)
        .unwrap()
        .with_query(&ODataQuery::new().top(1))
        .unwrap();
    let page = request
        .parse_response(response(
            200,
            r#"{"value":[{"id":"1","displayName":"a"}],
                "@odata.nextLink":"https://graph.microsoft.com/beta/deviceManagement/domainJoinConnectors?$top=1&$skiptoken=abc"}"#,
        ))
        .unwrap();
    assert_eq!(page.value.len(), 1);
    let link = page.next_link().unwrap();

    let next = request.next_page(link, "https://graph.microsoft.com/beta").unwrap();
    assert_eq!(next.path_and_query(), "/deviceManagement/domainJoinConnectors?$top=1&$skiptoken=abc");
    assert_eq!(next.method(), Method::GET);
    assert_eq!(next.shape(), ResponseShape::Collection);
    assert_eq!(next.headers()["consistencylevel"], "eventual");
    // A trailing slash on the base and host case do not matter.
    assert!(request.next_page(link, "https://GRAPH.microsoft.com/beta/").is_ok());

    for base in [
        "https://graph.microsoft.com/v1.0",
        "http://graph.microsoft.com/beta",
        "https://graph.microsoft.com.evil.example/beta",
        "https://graph.microsoft.com/bet",
    ] {
        assert!(matches!(request.next_page(link, base), Err(Error::InvalidUri { .. })), "{base}");
    }
    for link in
        ["https://evil.example/beta/users", "https://user@graph.microsoft.com/beta/users", "/beta/users", "not a url"]
    {
        assert!(request.next_page(link, "https://graph.microsoft.com/beta").is_err(), "{link}");
    }
}

#[test]
fn raw_shape_returns_bytes_or_text() {
    let body = vec![0u8, 159, 146, 150, 255];
    let bytes: Request<Vec<u8>> =
        RequestBuilder::new(Method::GET, "/me/photo/$value").build(ResponseShape::Raw).unwrap();
    let ok = http::Response::builder().status(200).body(body.clone()).unwrap();
    assert_eq!(bytes.parse_response(ok).unwrap(), body);
    assert_eq!(bytes.parse_response(response(200, "")).unwrap(), Vec::<u8>::new());

    let text: Request<String> = RequestBuilder::new(Method::GET, "/reports/x").build(ResponseShape::Raw).unwrap();
    assert_eq!(text.parse_response(response(200, "a,b\n1,2\n")).unwrap(), "a,b\n1,2\n");
    let not_utf8 = http::Response::builder().status(200).body(body).unwrap();
    let err = text.parse_response(not_utf8).unwrap_err();
    assert!(err.to_string().contains("UTF-8"), "{err}");
}

#[test]
fn graph_error_bodies_become_status_errors() {
    let request: Request<Connector> = RequestBuilder::new(Method::GET, "/c/1").build(ResponseShape::Json).unwrap();
    let not_found = r#"{"error":{"code":"Request_ResourceNotFound","message":"Resource '1' does not exist.",
        "innerError":{"date":"2024-05-01T10:00:00","request-id":"rid-1","client-request-id":"cid-1"}}}"#;
    let err = request.parse_response(response(404, not_found)).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    let graph = err.graph_error().unwrap();
    assert_eq!(graph.code, "Request_ResourceNotFound");
    assert_eq!(graph.request_id(), Some("rid-1"));
    let inner = graph.inner_error.as_ref().unwrap();
    assert_eq!(inner.client_request_id.as_deref(), Some("cid-1"));
    assert_eq!(inner.date.as_deref(), Some("2024-05-01T10:00:00"));
    assert_eq!(
        err.to_string(),
        "HTTP 404 Not Found: Request_ResourceNotFound: Resource '1' does not exist. (request-id rid-1)"
    );
    assert!(std::error::Error::source(&err).is_some());

    let throttled = http::Response::builder()
        .status(429)
        .header("Retry-After", "7")
        .body(br#"{"error":{"code":"TooManyRequests","message":"Slow down","innerError":{"code":"x","request-id":"r","date":"d","innerError":{"code":"deep"}}}}"#.to_vec())
        .unwrap();
    let err = request.parse_response(throttled).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(7)));
    let inner = err.graph_error().unwrap().inner_error.as_ref().unwrap();
    assert_eq!(inner.extra["code"], "x");
    assert!(inner.inner_error.is_some());

    // Not a Graph error body: kept as an excerpt only.
    let err = request.parse_response(response(502, &"<html>bad gateway</html>".repeat(50))).unwrap_err();
    match &err {
        Error::Status { status, error, body_excerpt, retry_after } => {
            assert_eq!(*status, StatusCode::BAD_GATEWAY);
            assert!(error.is_none());
            assert!(retry_after.is_none());
            assert_eq!(body_excerpt.chars().count(), 201);
        }
        other => panic!("{other:?}"),
    }
    let err = request.parse_response(response(500, "")).unwrap_err();
    assert_eq!(err.to_string(), "HTTP 500 Internal Server Error");
    // Even a NoContent request reports failures.
    let delete: Request<()> = RequestBuilder::new(Method::DELETE, "/c/1").build(ResponseShape::NoContent).unwrap();
    assert!(delete.parse_response(response(403, not_found)).is_err());
}

#[test]
fn empty_and_invalid_success_bodies_are_decode_errors() {
    let request: Request<Connector> = RequestBuilder::new(Method::GET, "/c/1").build(ResponseShape::Json).unwrap();
    for body in ["", "  \n"] {
        let err = request.parse_response(response(200, body)).unwrap_err();
        assert!(matches!(err, Error::Decode { source: None, .. }));
        assert!(err.to_string().contains("empty"), "{err}");
    }
    // Types that can stand for "nothing" read an empty body as that.
    let value: Request<serde_json::Value> =
        RequestBuilder::new(Method::POST, "/x/action").build(ResponseShape::Json).unwrap();
    assert_eq!(value.parse_response(response(204, "")).unwrap(), serde_json::Value::Null);
    let opt: Request<Option<Connector>> =
        RequestBuilder::new(Method::POST, "/x/action").build(ResponseShape::Json).unwrap();
    assert_eq!(opt.parse_response(response(200, "")).unwrap(), None);
    let wrapped: Request<String> = RequestBuilder::new(Method::GET, "/x").build(ResponseShape::ValueWrapped).unwrap();
    let err = wrapped.parse_response(response(200, "")).unwrap_err();
    assert!(matches!(err, Error::Decode { source: None, .. }), "{err}");

    let long_invalid = format!("{{\"id\": {}", "x".repeat(1000));
    let err = request.parse_response(response(200, &long_invalid)).unwrap_err();
    match &err {
        Error::Decode { status, source: Some(_), body_excerpt } => {
            assert_eq!(*status, StatusCode::OK);
            assert!(body_excerpt.chars().count() <= 201);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("expected value"), "{err}");
    let wrong_type = request.parse_response(response(200, r#"{"id": 1, "displayName": "d"}"#)).unwrap_err();
    assert!(wrong_type.to_string().contains("invalid type"), "{wrong_type}");
}
