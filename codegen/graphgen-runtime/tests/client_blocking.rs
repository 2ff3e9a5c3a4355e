//! The blocking client against a real HTTP server on 127.0.0.1.

#![cfg(feature = "blocking-client")]

use super::support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use graphgen_runtime::blocking::Client;
use graphgen_runtime::http::{Method, StatusCode};
use graphgen_runtime::{
    AccessToken, ApiVersion, Cloud, Error, ODataQuery, PathBuilder, Request, RequestBuilder, ResponseShape,
    RetryPolicy, StaticToken,
};
use percent_encoding::percent_decode_str;
use serde_json::json;
use support::{Connector, HOSTILE_SEGMENTS, MockServer, Reply, TOKEN, graph_error, list_request, two_pages};

fn client(server: &MockServer) -> Client {
    Client::new(StaticToken::new(TOKEN)).with_base_url(server.base_url())
}

#[test]
fn sends_method_path_headers_and_body_and_parses_the_result() {
    let server = MockServer::start(vec![Reply::json(200, json!({"id": "7", "displayName": "seven"}))]);
    let request: Request<Connector> = RequestBuilder::new(Method::PATCH, "/deviceManagement/domainJoinConnectors/7")
        .json_body(&json!({"displayName": "seven"}))
        .unwrap()
        .build(ResponseShape::Json)
        .unwrap()
        .with_header("If-Match", "W/\"etag\"")
        .unwrap()
        .with_query(&ODataQuery::new().expand(["owners"]))
        .unwrap();
    let updated = client(&server).send(request).unwrap();
    assert_eq!(updated.display_name, "seven");
    let r = &server.received()[0];
    assert_eq!(r.method, "PATCH");
    assert_eq!(r.url, "/beta/deviceManagement/domainJoinConnectors/7?$expand=owners");
    assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("if-match"), Some("W/\"etag\""));
    assert!(r.header("client-request-id").is_some());
    assert_eq!(r.body, br#"{"displayName":"seven"}"#);
}

#[test]
fn pages_and_items_follow_next_link_and_keep_the_callers_headers() {
    let server = MockServer::start(two_pages());
    let pages: Vec<_> = client(&server).pages(list_request()).collect::<Result<_, _>>().unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].value[0].display_name, "second");
    let received = server.received();
    assert_eq!(received[1].url, "/beta/deviceManagement/domainJoinConnectors?$top=1&$skiptoken=page%202");
    for r in &received {
        assert_eq!(r.header("consistencylevel"), Some("eventual"));
        assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    }

    let server = MockServer::start(two_pages());
    let ids: Vec<String> = client(&server).items(list_request()).map(|c| c.unwrap().id).collect();
    assert_eq!(ids, ["1", "2"]);
    let server = MockServer::start(two_pages());
    assert_eq!(client(&server).collect_all(list_request()).unwrap().len(), 2);
}

#[test]
fn a_next_link_to_another_host_is_refused() {
    let server = MockServer::start(vec![Reply::json(
        200,
        json!({"value": [{"id": "1", "displayName": "a"}], "@odata.nextLink": "http://127.0.0.2:1/beta/deviceManagement/domainJoinConnectors"}),
    )]);
    let items: Vec<_> = client(&server).items(list_request()).collect();
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(matches!(items[1], Err(Error::InvalidUri { .. })), "{items:?}");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn throttled_requests_are_retried_and_retries_can_be_turned_off() {
    let server = MockServer::start(vec![
        Reply::json(429, graph_error("TooManyRequests", "slow down")).header("Retry-After", "0"),
        Reply::json(200, json!({"id": "1", "displayName": "ok"})),
    ]);
    let delays = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&delays);
    let client = client(&server).with_sleep(move |d| record.lock().unwrap().push(d));
    let request: Request<Connector> = RequestBuilder::new(Method::GET, "/c/1").build(ResponseShape::Json).unwrap();
    assert_eq!(client.send(request.clone()).unwrap().id, "1");
    assert_eq!(*delays.lock().unwrap(), [Duration::ZERO]);
    assert_eq!(server.received().len(), 2);

    let server = MockServer::start(vec![
        Reply::json(429, graph_error("TooManyRequests", "slow down")).header("Retry-After", "0"),
        Reply::json(200, json!({"id": "1", "displayName": "ok"})),
    ]);
    let err = self::client(&server).with_retry(RetryPolicy::none()).send(request.clone()).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.retry_after(), Some(Duration::ZERO));
    assert_eq!(server.received().len(), 1);

    // The real sleep, with a tiny back-off.
    let server = MockServer::start(vec![Reply::empty(503), Reply::json(200, json!({"id": "1", "displayName": "ok"}))]);
    let client = self::client(&server).with_retry(RetryPolicy::default().with_initial_delay(Duration::from_millis(10)));
    assert!(client.send(request).is_ok());
    assert_eq!(server.received().len(), 2);
}

#[test]
fn graph_error_bodies_are_typed() {
    let server = MockServer::start(vec![Reply::json(
        403,
        graph_error("Authorization_RequestDenied", "Insufficient privileges."),
    )]);
    let request: Request<()> = RequestBuilder::new(Method::DELETE, "/c/1").build(ResponseShape::NoContent).unwrap();
    let err = client(&server).send(request).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::FORBIDDEN));
    let graph = err.graph_error().unwrap();
    assert_eq!(graph.code, "Authorization_RequestDenied");
    assert_eq!(graph.request_id(), Some("rid-1"));
    assert_eq!(graph.inner_error.as_ref().unwrap().client_request_id.as_deref(), Some("cid-1"));
}

#[test]
fn hostile_path_parameters_arrive_as_exactly_one_segment() {
    let server = MockServer::start(HOSTILE_SEGMENTS.iter().map(|_| Reply::empty(204)).collect());
    let client = client(&server);
    for (value, _) in HOSTILE_SEGMENTS {
        let path =
            PathBuilder::new().lit("/applications(appId='").quoted("k").lit("')/owners/").segment(value).finish();
        client.send(RequestBuilder::new(Method::GET, path).build::<()>(ResponseShape::NoContent).unwrap()).unwrap();
    }
    for ((value, encoded), r) in HOSTILE_SEGMENTS.iter().zip(server.received()) {
        assert_eq!(r.url, format!("/beta/applications(appId='k')/owners/{encoded}"), "{value:?}");
        let last = r.path().rsplit('/').next().unwrap();
        assert_eq!(r.path().matches('/').count(), 4, "{}", r.url);
        assert_eq!(percent_decode_str(last).decode_utf8().unwrap(), *value);
    }
    let dots = PathBuilder::new().lit("/users/").segment("..").finish();
    let err = client.send(RequestBuilder::new(Method::GET, dots).build::<()>(ResponseShape::NoContent).unwrap());
    assert!(matches!(err, Err(Error::InvalidUri { .. })));
}

#[test]
fn the_token_never_shows_in_debug_or_errors() {
    let provider = StaticToken::new(TOKEN);
    let server = MockServer::start(vec![Reply::json(401, graph_error("InvalidAuthenticationToken", "expired"))]);
    let client = Client::new(provider.clone()).with_base_url(server.base_url());
    let request: Request<()> = RequestBuilder::new(Method::GET, "/me").build(ResponseShape::NoContent).unwrap();
    let status_error = client.send(request.clone()).unwrap_err();
    drop(server);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let offline = client.clone().with_base_url(format!("http://127.0.0.1:{closed}/beta").parse().unwrap());
    let transport_error = offline.send(request).unwrap_err();
    assert!(matches!(transport_error, Error::Transport(_)), "{transport_error}");
    let texts = [
        format!("{provider:?}"),
        format!("{client:?}"),
        format!("{:?}", client.pages(list_request())),
        format!("{status_error} {status_error:?}"),
        format!("{transport_error} {transport_error:?}"),
    ];
    for text in texts {
        assert!(!text.contains(TOKEN) && !text.contains("SECRET"), "{text}");
    }
}

#[test]
fn closures_are_token_providers_and_clouds_are_selectable() {
    let server = MockServer::start(vec![Reply::empty(204)]);
    let client = Client::new(|| Ok(AccessToken::new("from-closure"))).with_base_url(server.base_url());
    client.send(RequestBuilder::new(Method::GET, "/me").build::<()>(ResponseShape::NoContent).unwrap()).unwrap();
    assert_eq!(server.received()[0].header("authorization"), Some("Bearer from-closure"));

    let client = client.with_cloud(Cloud::UsGovL4).with_version(ApiVersion::V1);
    assert_eq!(client.base_url().as_str(), "https://graph.microsoft.us/v1.0");
}

#[test]
fn a_batch_is_one_post_and_each_result_is_read_typed() {
    let reply = json!({"responses": [
        {"id": "1", "status": 200, "body": {"id": "7", "displayName": "seven"}},
        {"id": "2", "status": 404, "body": {"error": {"code": "NotFound", "message": "no"}}}
    ]});
    let server = MockServer::start(vec![Reply::json(200, reply)]);
    let get = |id: &str| -> Request<Connector> {
        RequestBuilder::new(Method::GET, format!("/deviceManagement/domainJoinConnectors/{id}"))
            .build(ResponseShape::Json)
            .unwrap()
    };
    let mut batch = graphgen_runtime::Batch::new();
    let seven = batch.add(&get("7")).unwrap();
    let eight = batch.add(&get("8")).unwrap();
    let response = client(&server).send_batch(&batch).unwrap();
    assert_eq!(response.get(&seven).unwrap().display_name, "seven");
    assert_eq!(response.get(&eight).unwrap_err().status(), Some(StatusCode::NOT_FOUND));
    let r = &server.received()[0];
    assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "/beta/$batch"));
    assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    let sent: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(sent["requests"][1]["url"], "/deviceManagement/domainJoinConnectors/8");
}
