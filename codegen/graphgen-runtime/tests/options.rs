//! Query options, headers, base URLs and retry hints on the sans-IO core
//! (no feature needed).

use std::time::Duration;

use graphgen_runtime::http::{self, Method};
use graphgen_runtime::{
    ApiVersion, BaseUrl, Cloud, Error, ODataQuery, Page, QueryBuilder, Request, RequestBuilder, ResponseShape,
    RetryPolicy,
};

fn get(path: &str) -> Request<Page<serde_json::Value>> {
    RequestBuilder::new(Method::GET, path).build(ResponseShape::Collection).unwrap()
}

#[test]
fn odata_query_is_appended_to_requests() {
    let query = ODataQuery::new().select(["id", "displayName"]).filter("startswith(displayName,'a b')").top(10);
    let expected = "$select=id,displayName&$filter=startswith(displayName,'a%20b')&$top=10";
    assert_eq!(get("/users").with_query(&query).unwrap().path_and_query(), format!("/users?{expected}"));
    assert_eq!(
        get("/reports/x?$format=text/csv").with_query(&query).unwrap().path_and_query(),
        format!("/reports/x?$format=text/csv&{expected}")
    );
    assert_eq!(get("/users").with_query(&ODataQuery::new()).unwrap().path_and_query(), "/users");
    let mut extra = QueryBuilder::new();
    extra.push("$skiptoken", "a&b");
    let paired = get("/users").with_query(&query).unwrap().with_query_pairs(&extra).unwrap();
    assert_eq!(paired.path_and_query(), format!("/users?{expected}&$skiptoken=a%26b"));
}

#[test]
fn with_header_replaces_and_validates_without_panicking() {
    let request = get("/users")
        .with_header("ConsistencyLevel", "eventual")
        .unwrap()
        .with_header("consistencylevel", "session")
        .unwrap();
    let values: Vec<_> = request.headers().get_all("ConsistencyLevel").iter().collect();
    assert_eq!(values, ["session"]);

    let err = get("/users").with_header("X-Secret", "line\nbreak SECRET").unwrap_err();
    assert!(matches!(err, Error::InvalidHeader { .. }));
    assert!(!format!("{err} {err:?}").contains("SECRET"), "{err}");
    assert!(get("/users").with_header("bad name", "v").is_err());
    assert!(get("/users").with_header("", "v").is_err());
    let mut request = get("/users");
    assert!(request.set_header("Prefer", "odata.maxpagesize=5").is_ok());
    assert_eq!(request.headers()["prefer"], "odata.maxpagesize=5");
}

#[test]
fn base_url_joins_request_paths() {
    let request = get("/users").with_query(&ODataQuery::new().count(true)).unwrap();
    assert_eq!(BaseUrl::default().url_of(&request), "https://graph.microsoft.com/beta/users?$count=true");
    assert_eq!(
        BaseUrl::new(Cloud::UsGovL4, ApiVersion::V1).url_of(&request),
        "https://graph.microsoft.us/v1.0/users?$count=true"
    );
    let custom: BaseUrl = "http://localhost:8080/graph/beta/".parse().unwrap();
    assert_eq!(custom.url_of(&request), "http://localhost:8080/graph/beta/users?$count=true");
    let next = request.next_page("http://localhost:8080/graph/beta/users?$skiptoken=2", custom.as_str()).unwrap();
    assert_eq!(next.path_and_query(), "/users?$skiptoken=2");
}

#[test]
fn retry_after_as_an_http_date_is_read() {
    let request: Request<()> = RequestBuilder::new(Method::GET, "/me").build(ResponseShape::NoContent).unwrap();
    let past = http::Response::builder()
        .status(503)
        .header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
        .body(Vec::new())
        .unwrap();
    let err = request.parse_response(past).unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::ZERO));
    assert_eq!(RetryPolicy::default().retry_delay(1, &err), Some(Duration::ZERO));

    let in_a_minute =
        chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()) + chrono::TimeDelta::seconds(90);
    let future = http::Response::builder()
        .status(429)
        .header("Retry-After", in_a_minute.to_rfc2822().replace("+0000", "GMT"))
        .body(Vec::new())
        .unwrap();
    let wait = request.parse_response(future).unwrap_err().retry_after().unwrap();
    assert!(wait > Duration::from_secs(80) && wait <= Duration::from_secs(90), "{wait:?}");
}
