//! The committed generated crate against a real HTTP server on 127.0.0.1:
//! each seed operation is sent through the blocking client, the server answers
//! with the operation's documented example response, and the test checks that
//! the client sent exactly the documented method, path and body (plus the
//! bearer token) and returned the typed result of the documented response.

#[path = "../codegen/graphgen-runtime/tests/support/mod.rs"]
mod support;

use graphgen::ir::{ExampleIr, Operation};
use graphgen_runtime::blocking::Client;
use graphgen_runtime::{Nullable, Request, StaticToken};
use msgraph_generated::intune::{
    ChromeOsOnboardingStatus, ConnectRequest, DeviceManagementDomainJoinConnector,
    DeviceManagementDomainJoinConnectorState,
};
use serde_json::Value;
use support::{MockServer, Reply, TOKEN};

fn documented(name: &str) -> (Operation, ExampleIr) {
    let run = graphgen_tests::run_specs();
    let op = run.ir.operations.into_iter().find(|o| o.rust_name == name).expect("the operation exists");
    let example = op.examples.first().cloned().expect("the page has an example");
    (op, example)
}

/// Send `request` to a server that answers with the documented response; check
/// what it received against the documented request; return the typed result.
fn exchange<T: serde::de::DeserializeOwned>(op: &Operation, example: &ExampleIr, request: Request<T>) -> T {
    let response = example.response.as_ref().expect("a documented response");
    let status = response.status.unwrap_or(200);
    let reply = match &response.body {
        Some(body) => Reply::json(status, body.clone()),
        None => Reply::empty(status),
    };
    let server = MockServer::start(vec![reply]);
    let client = Client::new(StaticToken::new(TOKEN)).with_base_url(server.base_url());
    let result = client.send(request).expect("the documented exchange succeeds");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let r = &received[0];
    let documented = example.request.as_ref().expect("a documented request");
    assert_eq!(r.method, op.method.as_str());
    assert_eq!(r.method, documented.method);
    assert_eq!(r.url, format!("/beta{}", documented.path), "the documented path");
    assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    match &documented.body {
        Some(body) => {
            assert_eq!(r.header("content-type"), Some("application/json"));
            let sent: Value = serde_json::from_slice(&r.body).expect("a JSON body");
            assert_eq!(&sent, body, "the documented body");
        }
        None => assert!(r.body.is_empty(), "no body"),
    }
    result
}

#[test]
fn connect_sends_the_documented_request_and_returns_the_status() {
    let (op, example) = documented("connect");
    let body: ConnectRequest = serde_json::from_value(example.request.as_ref().unwrap().body.clone().unwrap()).unwrap();
    let status = exchange(
        &op,
        &example,
        msgraph_generated::Graph::new().device_management().chrome_os_onboarding_settings().connect(&body).unwrap(),
    );
    let value = &example.response.as_ref().unwrap().body.as_ref().unwrap()["value"];
    assert_eq!(serde_json::to_value(&status).unwrap(), *value);
    assert_ne!(status, ChromeOsOnboardingStatus::Other(String::new()));
}

#[test]
fn disconnect_sends_no_body_and_returns_the_status() {
    let (op, example) = documented("disconnect");
    let status = exchange(
        &op,
        &example,
        msgraph_generated::Graph::new().device_management().chrome_os_onboarding_settings().disconnect().unwrap(),
    );
    let value = &example.response.as_ref().unwrap().body.as_ref().unwrap()["value"];
    assert_eq!(serde_json::to_value(&status).unwrap(), *value);
}

#[test]
fn create_domain_join_connector_round_trips_through_the_server() {
    let (op, example) = documented("create_domain_join_connector");
    let body: DeviceManagementDomainJoinConnector =
        serde_json::from_value(example.request.as_ref().unwrap().body.clone().unwrap()).unwrap();
    let created = exchange(
        &op,
        &example,
        msgraph_generated::Graph::new().device_management().domain_join_connectors().create(&body).unwrap(),
    );
    assert_eq!(
        serde_json::to_value(&created).unwrap(),
        *example.response.as_ref().unwrap().body.as_ref().unwrap(),
        "the typed result is the documented response"
    );
    assert_eq!(created.state, Nullable::Value(DeviceManagementDomainJoinConnectorState::Error));
}
