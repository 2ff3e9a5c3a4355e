//! The `azure-identity` feature: tokens for the chosen cloud's scope, and the
//! device code sign-in against a scripted authority on 127.0.0.1.

#![cfg(feature = "azure-identity")]

use super::client_async::run;
use super::support;

use std::sync::{Arc, Mutex};

use graphgen_runtime::credential::{DeviceCodeCredential, DeviceCodePrompt};
use graphgen_runtime::http::Method;
use graphgen_runtime::{AzureCredential, Client, Cloud, Error, RequestBuilder, ResponseShape, TokenProvider};
use serde_json::json;
use support::{MockServer, Reply};

/// The fields of a form body.
fn form(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8(body.to_vec()).unwrap();
    text.split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap();
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8().unwrap().into_owned()
            };
            (decode(name), decode(value))
        })
        .collect()
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn device_code_reply() -> Reply {
    Reply::json(
        200,
        json!({
            "device_code": "DEVICE-CODE-SECRET",
            "user_code": "F7XQ2LMN",
            "verification_uri": "https://microsoft.com/devicelogin",
            "expires_in": 900,
            "interval": 0,
            "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code F7XQ2LMN to authenticate."
        }),
    )
}

fn token_reply(access: &str, expires_in: u64) -> Reply {
    Reply::json(
        200,
        json!({"token_type": "Bearer", "scope": "User.Read", "expires_in": expires_in, "access_token": access, "refresh_token": "REFRESH-SECRET"}),
    )
}

fn refused(error: &str) -> Reply {
    Reply::json(
        400,
        json!({"error": error, "error_description": format!("AADSTS70016: {error}"), "error_codes": [70016]}),
    )
}

/// A device code credential signing in at `server`, recording its prompts.
fn credential(server: &MockServer, cloud: Cloud) -> (AzureCredential, Arc<Mutex<Vec<DeviceCodePrompt>>>) {
    let prompts = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&prompts);
    let device = DeviceCodeCredential::new(cloud, "contoso.onmicrosoft.com", "app-1", move |p| {
        record.lock().unwrap().push(p.clone())
    })
    .unwrap()
    .with_authority_host(server.root());
    (AzureCredential::new(Arc::new(device), cloud), prompts)
}

#[test]
fn each_cloud_asks_for_its_own_graph_scope() {
    let scopes: Vec<String> = Cloud::ALL.iter().map(|c| c.default_scope()).collect();
    assert_eq!(
        scopes,
        [
            "https://graph.microsoft.com/.default",
            "https://graph.microsoft.us/.default",
            "https://dod-graph.microsoft.us/.default",
            "https://microsoftgraph.chinacloudapi.cn/.default",
        ]
    );
    let hosts: Vec<&str> = Cloud::ALL.iter().map(|c| c.authority_host()).collect();
    assert_eq!(
        hosts,
        [
            "https://login.microsoftonline.com",
            "https://login.microsoftonline.us",
            "https://login.microsoftonline.us",
            "https://login.chinacloudapi.cn",
        ]
    );
    let secret =
        AzureCredential::client_secret(Cloud::China, "contoso.onmicrosoft.com", "app-1", "CLIENT-SECRET").unwrap();
    assert_eq!(secret.scope(), "https://microsoftgraph.chinacloudapi.cn/.default");
    assert!(!format!("{secret:?}").contains("CLIENT-SECRET"), "{secret:?}");
}

#[test]
fn a_bad_tenant_is_refused_before_any_request() {
    for tenant in ["", "contoso/../x", "a b"] {
        let error = AzureCredential::client_secret(Cloud::Global, tenant, "app-1", "s").unwrap_err();
        assert!(matches!(error, Error::Token(_)), "{tenant:?}: {error:?}");
        let error = DeviceCodeCredential::new(Cloud::Global, tenant, "app-1", |_| {}).unwrap_err();
        assert!(matches!(error, Error::Token(_)), "{tenant:?}: {error:?}");
    }
}

#[test]
fn device_code_prompts_once_polls_until_signed_in_then_serves_from_the_cache() {
    let server = MockServer::start(vec![
        device_code_reply(),
        refused("authorization_pending"),
        token_reply("ACCESS-1", 3600),
        // The Graph request the client sends with it.
        Reply::json(200, json!({"id": "me-1"})),
    ]);
    let (tokens, prompts) = credential(&server, Cloud::Global);
    let first = run(tokens.token()).unwrap();
    assert_eq!(first.expose_secret(), "ACCESS-1");
    let again = run(tokens.token()).unwrap();
    assert_eq!(again.expose_secret(), "ACCESS-1", "the cached token");

    let prompts = prompts.lock().unwrap().clone();
    assert_eq!(prompts.len(), 1, "{prompts:?}");
    assert_eq!(prompts[0].user_code, "F7XQ2LMN");
    assert_eq!(prompts[0].verification_uri, "https://microsoft.com/devicelogin");
    assert!(prompts[0].message.contains("F7XQ2LMN"));

    // The client sends the credential's token.
    let client = Client::new(tokens).with_base_url(server.base_url());
    let request = RequestBuilder::new(Method::GET, "/me").build::<serde_json::Value>(ResponseShape::Json).unwrap();
    let me = run(client.send(request)).unwrap();
    assert_eq!(me["id"], "me-1");

    let received = server.received();
    assert_eq!(received.len(), 4, "the second token came from the cache: {received:?}");
    assert_eq!(received[0].method, "POST");
    assert_eq!(received[0].path(), "/contoso.onmicrosoft.com/oauth2/v2.0/devicecode");
    let asked = form(&received[0].body);
    assert_eq!(field(&asked, "client_id"), Some("app-1"));
    assert_eq!(field(&asked, "scope"), Some("https://graph.microsoft.com/.default offline_access"));
    for poll in &received[1..3] {
        assert_eq!(poll.path(), "/contoso.onmicrosoft.com/oauth2/v2.0/token");
        let poll = form(&poll.body);
        assert_eq!(field(&poll, "grant_type"), Some("urn:ietf:params:oauth:grant-type:device_code"));
        assert_eq!(field(&poll, "device_code"), Some("DEVICE-CODE-SECRET"));
    }
    assert_eq!(received[3].path(), "/beta/me");
    assert_eq!(received[3].header("authorization"), Some("Bearer ACCESS-1"));
}

#[test]
fn an_expiring_token_is_refreshed_without_a_new_prompt() {
    let server = MockServer::start(vec![
        device_code_reply(),
        // Expires within the five-minute margin: the next call refreshes it.
        token_reply("ACCESS-1", 60),
        token_reply("ACCESS-2", 3600),
    ]);
    let (tokens, prompts) = credential(&server, Cloud::UsGovL4);
    assert_eq!(run(tokens.token()).unwrap().expose_secret(), "ACCESS-1");
    assert_eq!(run(tokens.token()).unwrap().expose_secret(), "ACCESS-2");
    assert_eq!(prompts.lock().unwrap().len(), 1);
    let received = server.received();
    let refresh = form(&received[2].body);
    assert_eq!(field(&refresh, "grant_type"), Some("refresh_token"));
    assert_eq!(field(&refresh, "refresh_token"), Some("REFRESH-SECRET"));
    assert_eq!(field(&refresh, "scope"), Some("https://graph.microsoft.us/.default offline_access"));
}

#[test]
fn a_declined_sign_in_is_a_token_error_without_secrets() {
    let server = MockServer::start(vec![device_code_reply(), refused("authorization_declined")]);
    let (tokens, _) = credential(&server, Cloud::Global);
    let error = run(tokens.token()).unwrap_err();
    assert!(matches!(error, Error::Token(_)), "{error:?}");
    let text = format!("{error} {error:?}");
    assert!(text.contains("authorization_declined"), "{text}");
    assert!(!text.contains("DEVICE-CODE-SECRET"), "{text}");
}

#[test]
fn a_refused_device_code_request_and_a_garbled_reply_are_errors() {
    let server = MockServer::start(vec![refused("invalid_client")]);
    let (tokens, prompts) = credential(&server, Cloud::Global);
    let error = run(tokens.token()).unwrap_err();
    assert!(format!("{error}").contains("invalid_client"), "{error}");
    assert!(prompts.lock().unwrap().is_empty());

    let server = MockServer::start(vec![Reply::json(200, json!({"user_code": 7}))]);
    let (tokens, _) = credential(&server, Cloud::Global);
    assert!(matches!(run(tokens.token()).unwrap_err(), Error::Token(_)));
}

#[test]
fn the_sign_in_transport_sends_and_reads_through_reqwest() {
    use graphgen_runtime::credential::ReqwestHttpClient;
    use graphgen_runtime::credential::azure_core::http::{self as azure_http, HttpClient};

    let server =
        MockServer::start(vec![Reply::json(400, json!({"error": "invalid_grant"})).header("x-ms-request-id", "rid-7")]);
    let url = azure_http::Url::parse(&format!("{}/tenant/oauth2/v2.0/token", server.root())).unwrap();
    let mut request = azure_http::Request::new(url, azure_http::Method::Post);
    request.insert_header("content-type", "application/x-www-form-urlencoded");
    request.set_body("grant_type=client_credentials&client_id=app-1");
    let transport = ReqwestHttpClient::new().unwrap();
    let response = run(transport.execute_request(&request)).unwrap();
    assert_eq!(u16::from(response.status()), 400);
    let request_id = azure_http::headers::HeaderName::from_static("x-ms-request-id");
    assert_eq!(response.headers().get_optional_str(&request_id), Some("rid-7"));
    let body = run(response.into_body().collect()).unwrap();
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&body).unwrap(), json!({"error": "invalid_grant"}));

    let received = server.received();
    assert_eq!(received[0].method, "POST");
    assert_eq!(received[0].path(), "/tenant/oauth2/v2.0/token");
    assert_eq!(received[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(received[0].body, b"grant_type=client_credentials&client_id=app-1");
}
