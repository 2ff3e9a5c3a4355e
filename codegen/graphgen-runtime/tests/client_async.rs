//! The async client against a real HTTP server on 127.0.0.1.

#![cfg(feature = "async-client")]

use super::support;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_core::Stream;
use graphgen_runtime::http::{Method, StatusCode};
use graphgen_runtime::{
    AccessToken, ApiVersion, Client, Cloud, Error, ODataQuery, PathBuilder, Request, RequestBuilder, ResponseShape,
    RetryPolicy, StaticToken, TokenFuture, TokenProvider,
};
use percent_encoding::percent_decode_str;
use serde_json::json;
use support::{Connector, HOSTILE_SEGMENTS, MockServer, Reply, TOKEN, graph_error, list_request, two_pages};

pub(super) fn run<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
}

fn client(server: &MockServer) -> Client {
    Client::new(StaticToken::new(TOKEN)).with_base_url(server.base_url())
}

/// A sleep that records the delays asked for and returns at once.
fn recording_sleep(client: Client) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    let delays = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&delays);
    let client = client.with_sleep(move |delay| {
        record.lock().unwrap().push(delay);
        Box::pin(async {})
    });
    (client, delays)
}

async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

#[test]
fn sends_method_path_headers_and_body_and_parses_the_result() {
    let server =
        MockServer::start(vec![Reply::json(201, json!({"@odata.context": "x", "id": "42", "displayName": "Ünïcode"}))]);
    let body = Connector { id: "42".into(), display_name: "Ünïcode \"q\"".into() };
    let request: Request<Connector> = RequestBuilder::new(Method::POST, "/deviceManagement/domainJoinConnectors")
        .json_body(&body)
        .unwrap()
        .build(ResponseShape::Json)
        .unwrap()
        .with_header("Prefer", "return=representation")
        .unwrap()
        .with_query(&ODataQuery::new().select(["id", "displayName"]))
        .unwrap();
    let created = run(client(&server).send(request)).unwrap();
    assert_eq!(created, Connector { id: "42".into(), display_name: "Ünïcode".into() });

    let received = server.received();
    assert_eq!(received.len(), 1);
    let r = &received[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "/beta/deviceManagement/domainJoinConnectors?$select=id,displayName");
    assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("prefer"), Some("return=representation"));
    assert!(r.header("user-agent").unwrap().starts_with("graphgen-runtime/"));
    let id = r.header("client-request-id").unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    assert_eq!(r.body, serde_json::to_vec(&body).unwrap());
}

#[test]
fn no_content_and_value_wrapped_responses() {
    let server = MockServer::start(vec![
        Reply::empty(204),
        Reply::json(200, json!({"@odata.context": "x", "value": "onboarded"})),
    ]);
    let client = client(&server);
    let delete: Request<()> = RequestBuilder::new(Method::DELETE, "/users/1").build(ResponseShape::NoContent).unwrap();
    run(client.send(delete)).unwrap();
    let status: Request<String> = RequestBuilder::new(Method::POST, "/x/connect")
        .json_body(&json!({}))
        .unwrap()
        .build(ResponseShape::ValueWrapped)
        .unwrap();
    assert_eq!(run(client.send(status)).unwrap(), "onboarded");
    let received = server.received();
    assert_eq!(received[0].method, "DELETE");
    assert!(received[0].body.is_empty());
    assert_eq!(received[1].body, b"{}");
}

#[test]
fn caller_headers_are_kept_and_client_headers_filled_in_only_when_absent() {
    let server = MockServer::start(vec![Reply::empty(204)]);
    let request: Request<()> = RequestBuilder::new(Method::GET, "/me")
        .header("client-request-id", "my-id")
        .unwrap()
        .header("Accept", "text/csv")
        .unwrap()
        .build(ResponseShape::NoContent)
        .unwrap()
        .with_header("Authorization", "Bearer caller-supplied")
        .unwrap();
    run(client(&server).send(request)).unwrap();
    let r = &server.received()[0];
    assert_eq!(r.header("client-request-id"), Some("my-id"));
    assert_eq!(r.header("accept"), Some("text/csv"));
    // The provider's token wins over any Authorization the request carried.
    assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
}

#[test]
fn query_options_arrive_percent_encoded() {
    let server = MockServer::start(vec![Reply::json(200, json!({"value": []}))]);
    let query = ODataQuery::new()
        .filter("displayName eq 'O''Brien & co'")
        .search("name:a+b")
        .orderby(["displayName desc"])
        .top(5)
        .skip(1)
        .count(true)
        .expand(["owners"]);
    let request = list_request().with_query(&query).unwrap();
    run(client(&server).send(request)).unwrap();
    let r = &server.received()[0];
    let decoded: Vec<(String, String)> = r
        .query()
        .unwrap()
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (k.to_owned(), percent_decode_str(v).decode_utf8().unwrap().into_owned())
        })
        .collect();
    let expected = [
        ("$top", "1"),
        ("$expand", "owners"),
        ("$filter", "displayName eq 'O''Brien & co'"),
        ("$search", "\"name:a+b\""),
        ("$orderby", "displayName desc"),
        ("$top", "5"),
        ("$skip", "1"),
        ("$count", "true"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(decoded, expected, "{}", r.url);
    assert!(!r.url.contains(' ') && !r.url.contains('"') && !r.url.contains('+'), "{}", r.url);
}

#[test]
fn pages_follow_next_link_and_keep_the_callers_headers() {
    let server = MockServer::start(two_pages());
    let client = client(&server);
    let mut pages = client.pages(list_request());
    let first = run(pages.next_page()).unwrap().unwrap();
    assert_eq!(first.value[0].id, "1");
    let second = run(pages.next_page()).unwrap().unwrap();
    assert_eq!(second.value[0].id, "2");
    assert!(run(pages.next_page()).is_none());

    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].url, "/beta/deviceManagement/domainJoinConnectors?$top=1");
    assert_eq!(received[1].url, "/beta/deviceManagement/domainJoinConnectors?$top=1&$skiptoken=page%202");
    for r in &received {
        assert_eq!(r.method, "GET");
        assert_eq!(r.header("consistencylevel"), Some("eventual"));
        assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    }
}

#[test]
fn items_yield_every_item_of_every_page() {
    let server = MockServer::start(two_pages());
    let client = client(&server);
    let ids = run(async {
        let mut stream = client.items(list_request());
        let mut ids = Vec::new();
        while let Some(item) = next(&mut stream).await {
            ids.push(item.unwrap().id);
        }
        ids
    });
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(server.received()[1].header("consistencylevel"), Some("eventual"));

    let server = MockServer::start(two_pages());
    let all = run(self::client(&server).collect_all(list_request())).unwrap();
    assert_eq!(all.len(), 2);
}

#[test]
fn a_next_link_to_another_host_is_refused_without_sending_the_token() {
    let server = MockServer::start(vec![Reply::json(
        200,
        json!({"value": [{"id": "1", "displayName": "a"}], "@odata.nextLink": "https://evil.example/beta/deviceManagement/domainJoinConnectors?$skiptoken=x"}),
    )]);
    let client = client(&server);
    let items = run(async {
        let mut stream = client.items(list_request());
        let mut items = Vec::new();
        while let Some(item) = next(&mut stream).await {
            items.push(item);
        }
        items
    });
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id, "1");
    let err = items[1].as_ref().unwrap_err();
    assert!(matches!(err, Error::InvalidUri { .. }), "{err}");
    assert!(err.to_string().contains("evil.example"), "{err}");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn a_repeated_next_link_ends_paging_with_an_error() {
    let page = Reply::json(
        200,
        json!({"value": [], "@odata.nextLink": "{base}/beta/deviceManagement/domainJoinConnectors?$skiptoken=same"}),
    );
    let server = MockServer::start(vec![page.clone(), page.clone(), page]);
    let client = client(&server);
    let mut pages = client.pages(list_request());
    assert!(run(pages.next_page()).unwrap().is_ok());
    assert!(run(pages.next_page()).unwrap().is_ok());
    let err = run(pages.next_page()).unwrap().unwrap_err();
    assert!(err.to_string().contains("same @odata.nextLink"), "{err}");
    assert!(run(pages.next_page()).is_none());
    assert_eq!(server.received().len(), 2);
}

#[test]
fn throttled_requests_are_retried_after_retry_after() {
    let server = MockServer::start(vec![
        Reply::json(429, graph_error("TooManyRequests", "slow down")).header("Retry-After", "0"),
        Reply::json(503, graph_error("ServiceUnavailable", "busy")),
        Reply::json(504, json!({})).header("Retry-After", "7"),
        Reply::json(200, json!({"id": "1", "displayName": "ok"})),
    ]);
    let (client, delays) = recording_sleep(
        client(&server)
            .with_retry(RetryPolicy::default().with_max_attempts(4).with_initial_delay(Duration::from_millis(250))),
    );
    let request: Request<Connector> = RequestBuilder::new(Method::PATCH, "/c/1")
        .json_body(&json!({"displayName": "ok"}))
        .unwrap()
        .build(ResponseShape::Json)
        .unwrap();
    assert_eq!(run(client.send(request)).unwrap().display_name, "ok");
    assert_eq!(*delays.lock().unwrap(), [Duration::ZERO, Duration::from_millis(500), Duration::from_secs(7)]);
    let received = server.received();
    assert_eq!(received.len(), 4);
    let ids: Vec<_> = received.iter().map(|r| r.header("client-request-id").unwrap().to_owned()).collect();
    for r in &received {
        assert_eq!(r.method, "PATCH");
        assert_eq!(r.body, br#"{"displayName":"ok"}"#);
    }
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "one client-request-id for all attempts: {ids:?}");
}

#[test]
fn the_default_sleep_really_waits() {
    let server =
        MockServer::start(vec![Reply::empty(429).header("Retry-After", "0"), Reply::empty(503), Reply::empty(204)]);
    let client = client(&server).with_retry(RetryPolicy::default().with_initial_delay(Duration::from_millis(20)));
    let start = std::time::Instant::now();
    run(client.send(RequestBuilder::new(Method::GET, "/me").build::<()>(ResponseShape::NoContent).unwrap())).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(40), "{:?}", start.elapsed());
    assert_eq!(server.received().len(), 3);
}

#[test]
fn retries_off_or_exhausted_return_the_error() {
    let throttled = || Reply::json(429, graph_error("TooManyRequests", "slow down")).header("Retry-After", "5");
    let server = MockServer::start(vec![throttled(), Reply::empty(204)]);
    let client = client(&server).with_retry(RetryPolicy::none());
    let request: Request<()> = RequestBuilder::new(Method::GET, "/me").build(ResponseShape::NoContent).unwrap();
    let err = run(client.send(request.clone())).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(5)));
    assert_eq!(err.graph_error().unwrap().code, "TooManyRequests");
    assert_eq!(server.received().len(), 1);

    let server = MockServer::start(vec![throttled(), throttled(), throttled()]);
    let (client, delays) =
        recording_sleep(self::client(&server).with_retry(RetryPolicy::default().with_max_attempts(2)));
    let err = run(client.send(request.clone())).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(server.received().len(), 2);
    assert_eq!(*delays.lock().unwrap(), [Duration::from_secs(5)]);

    // A Retry-After longer than the policy's max_delay is not waited for.
    let server = MockServer::start(vec![throttled(), Reply::empty(204)]);
    let (client, delays) = recording_sleep(
        self::client(&server).with_retry(RetryPolicy::default().with_max_delay(Duration::from_secs(1))),
    );
    assert!(run(client.send(request)).is_err());
    assert_eq!(server.received().len(), 1);
    assert!(delays.lock().unwrap().is_empty());
}

#[test]
fn graph_error_bodies_are_typed() {
    let server = MockServer::start(vec![Reply::json(
        404,
        graph_error("Request_ResourceNotFound", "Resource 'x' does not exist."),
    )]);
    let request: Request<Connector> = RequestBuilder::new(Method::GET, "/c/x").build(ResponseShape::Json).unwrap();
    let err = run(client(&server).send(request)).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    let graph = err.graph_error().unwrap();
    assert_eq!(graph.code, "Request_ResourceNotFound");
    assert_eq!(graph.message, "Resource 'x' does not exist.");
    let inner = graph.inner_error.as_ref().unwrap();
    assert_eq!(inner.request_id.as_deref(), Some("rid-1"));
    assert_eq!(inner.client_request_id.as_deref(), Some("cid-1"));
    assert_eq!(inner.date.as_deref(), Some("2024-05-01T10:00:00"));
    assert_eq!(
        err.to_string(),
        "HTTP 404 Not Found: Request_ResourceNotFound: Resource 'x' does not exist. (request-id rid-1)"
    );
}

#[test]
fn hostile_path_parameters_arrive_as_exactly_one_segment() {
    let replies = HOSTILE_SEGMENTS.iter().map(|_| Reply::empty(204)).collect();
    let server = MockServer::start(replies);
    let client = client(&server);
    for (value, _) in HOSTILE_SEGMENTS {
        let path = PathBuilder::new().lit("/users/").segment(value).lit("/messages").finish();
        let request: Request<()> = RequestBuilder::new(Method::GET, path).build(ResponseShape::NoContent).unwrap();
        run(client.send(request)).unwrap();
    }
    let received = server.received();
    assert_eq!(received.len(), HOSTILE_SEGMENTS.len());
    for ((value, encoded), r) in HOSTILE_SEGMENTS.iter().zip(&received) {
        assert_eq!(r.url, format!("/beta/users/{encoded}/messages"), "{value:?}");
        let segments: Vec<_> = r.path().split('/').collect();
        assert_eq!(segments.len(), 5, "{value:?}: {}", r.url);
        assert_eq!(percent_decode_str(segments[3]).decode_utf8().unwrap(), *value);
    }
}

#[test]
fn dot_segments_are_refused_before_sending() {
    let server = MockServer::start(vec![Reply::empty(204), Reply::empty(204)]);
    let client = client(&server);
    for value in [".", ".."] {
        let path = PathBuilder::new().lit("/users/").segment(value).lit("/messages").finish();
        let request: Request<()> = RequestBuilder::new(Method::GET, path).build(ResponseShape::NoContent).unwrap();
        let err = run(client.send(request)).unwrap_err();
        assert!(matches!(err, Error::InvalidUri { .. }), "{value:?}: {err}");
    }
    assert!(server.received().is_empty());
}

struct FailingProvider;

impl TokenProvider for FailingProvider {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async { Err(Error::token("no credentials configured")) })
    }
}

struct CountingProvider(Mutex<u32>);

impl TokenProvider for CountingProvider {
    fn token(&self) -> TokenFuture<'_> {
        let mut n = self.0.lock().unwrap();
        *n += 1;
        let token = AccessToken::new(format!("token-{n}"));
        Box::pin(async move { Ok(token) })
    }
}

#[test]
fn token_providers_are_asked_before_every_attempt_and_their_errors_reported() {
    let server = MockServer::start(vec![Reply::empty(204)]);
    let client = Client::new(FailingProvider).with_base_url(server.base_url());
    let err = run(client.send(RequestBuilder::new(Method::GET, "/me").build::<()>(ResponseShape::NoContent).unwrap()))
        .unwrap_err();
    assert!(matches!(err, Error::Token(_)), "{err}");
    assert_eq!(err.to_string(), "could not get an access token: no credentials configured");
    assert!(server.received().is_empty());

    let server = MockServer::start(vec![Reply::empty(429).header("Retry-After", "0"), Reply::empty(204)]);
    let client = Client::new(Arc::new(CountingProvider(Mutex::new(0)))).with_base_url(server.base_url());
    run(client.send(RequestBuilder::new(Method::GET, "/me").build::<()>(ResponseShape::NoContent).unwrap())).unwrap();
    let auth: Vec<_> = server.received().iter().map(|r| r.header("authorization").unwrap().to_owned()).collect();
    assert_eq!(auth, ["Bearer token-1", "Bearer token-2"]);
}

#[test]
fn the_token_never_shows_in_debug_or_errors() {
    let provider = StaticToken::new(TOKEN);
    let server = MockServer::start(vec![Reply::json(401, graph_error("InvalidAuthenticationToken", "expired"))]);
    let client = Client::new(provider.clone()).with_base_url(server.base_url());
    let request: Request<()> = RequestBuilder::new(Method::GET, "/me").build(ResponseShape::NoContent).unwrap();
    let status_error = run(client.send(request.clone())).unwrap_err();
    drop(server);

    // Nothing listens on a closed port: a transport error.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let offline = client.clone().with_base_url(format!("http://127.0.0.1:{closed}/beta").parse().unwrap());
    let transport_error = run(offline.send(request.clone())).unwrap_err();
    assert!(matches!(transport_error, Error::Transport(_)), "{transport_error}");

    let pages = client.pages(list_request());
    let texts = [
        format!("{provider:?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{pages:?}"),
        format!("{request:?}"),
        format!("{status_error} {status_error:?}"),
        format!("{transport_error} {transport_error:?} {:?}", std::error::Error::source(&transport_error)),
    ];
    for text in texts {
        assert!(!text.contains(TOKEN) && !text.contains("SECRET"), "{text}");
    }
}

#[test]
fn clouds_and_versions_set_the_base_url() {
    let client = Client::new(StaticToken::new(TOKEN));
    assert_eq!(client.base_url().as_str(), "https://graph.microsoft.com/beta");
    let client = client.with_version(ApiVersion::V1);
    assert_eq!(client.base_url().as_str(), "https://graph.microsoft.com/v1.0");
    let client = client.with_cloud("US Government L5 (DOD)".parse::<Cloud>().unwrap());
    assert_eq!(client.base_url().as_str(), "https://dod-graph.microsoft.us/v1.0");
    let client = client.with_cloud(Cloud::China).with_version(ApiVersion::Beta);
    assert_eq!(client.base_url().as_str(), "https://microsoftgraph.chinacloudapi.cn/beta");
    assert_eq!(client.with_retry(RetryPolicy::none()).retry_policy().max_attempts(), 1);
}
