//! A scripted HTTP server on 127.0.0.1 for the client tests.
//!
//! It answers requests in order with the replies it was given (a reply's
//! body and headers may contain `{base}`, replaced by the server's own
//! `http://127.0.0.1:PORT`), records what it received, and answers 500 once
//! the script is used up. It stops when dropped.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use graphgen_runtime::http::Method;
use graphgen_runtime::{BaseUrl, ODataQuery, Page, Request, RequestBuilder, ResponseShape};
use serde::{Deserialize, Serialize};

/// The token the tests use; it must never show up in `Debug` or errors.
pub const TOKEN: &str = "SECRET-TOKEN-eyJ0eXAiOiJKV1Qi";

/// A resource type for the tests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connector {
    pub id: String,
    #[serde(rename = "displayName")]
    pub display_name: String,
}

/// One scripted reply.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply { status, headers: vec![("Content-Type".into(), "application/json".into())], body: body.to_string() }
    }

    pub fn empty(status: u16) -> Self {
        Reply { status, headers: Vec::new(), body: String::new() }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The request target exactly as sent (path and query).
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    /// The values of header `name` (case-insensitive).
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }

    /// The only value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        let values = self.header_values(name);
        assert!(values.len() <= 1, "{name} sent {} times", values.len());
        values.first().copied()
    }

    pub fn path(&self) -> &str {
        self.url.split_once('?').map_or(&self.url, |(p, _)| p)
    }

    pub fn query(&self) -> Option<&str> {
        self.url.split_once('?').map(|(_, q)| q)
    }
}

pub struct MockServer {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    received: Arc<Mutex<Vec<Received>>>,
    root: String,
}

impl MockServer {
    /// Starts a server that answers with `replies`, in order.
    pub fn start(replies: Vec<Reply>) -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let root = format!("http://127.0.0.1:{port}");
        let received = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let server = Arc::clone(&server);
            let received = Arc::clone(&received);
            let root = root.clone();
            std::thread::spawn(move || {
                let mut replies = replies.into_iter();
                for mut request in server.incoming_requests() {
                    let mut body = Vec::new();
                    request.as_reader().read_to_end(&mut body).expect("read the request body");
                    received.lock().unwrap().push(Received {
                        method: request.method().as_str().to_owned(),
                        url: request.url().to_owned(),
                        headers: request
                            .headers()
                            .iter()
                            .map(|h| (h.field.as_str().as_str().to_owned(), h.value.as_str().to_owned()))
                            .collect(),
                        body,
                    });
                    let reply = replies.next().unwrap_or_else(|| {
                        Reply::json(
                            500,
                            serde_json::json!({"error": {"code": "ScriptExhausted", "message": "no reply left"}}),
                        )
                    });
                    let mut response = tiny_http::Response::from_data(reply.body.replace("{base}", &root).into_bytes())
                        .with_status_code(reply.status);
                    for (name, value) in &reply.headers {
                        let value = value.replace("{base}", &root);
                        response.add_header(tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap());
                    }
                    let _ = request.respond(response);
                }
            })
        };
        MockServer { server, thread: Some(thread), received, root }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// `http://127.0.0.1:PORT/beta`, the base URL the tests use.
    pub fn base_url(&self) -> BaseUrl {
        BaseUrl::parse(&format!("{}/beta", self.root)).unwrap()
    }

    /// The requests received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `GET /deviceManagement/domainJoinConnectors` as a collection, with
/// `ConsistencyLevel: eventual`.
pub fn list_request() -> Request<Page<Connector>> {
    RequestBuilder::new(Method::GET, "/deviceManagement/domainJoinConnectors")
        .header("ConsistencyLevel", "eventual")
        .unwrap()
        .build(ResponseShape::Collection)
        .unwrap()
        .with_query(&ODataQuery::new().top(1))
        .unwrap()
}

/// The two pages `list_request` gets.
pub fn two_pages() -> Vec<Reply> {
    vec![
        Reply::json(
            200,
            serde_json::json!({
                "@odata.context": "{base}/beta/$metadata#deviceManagement/domainJoinConnectors",
                "@odata.nextLink": "{base}/beta/deviceManagement/domainJoinConnectors?$top=1&$skiptoken=page%202",
                "value": [{"id": "1", "displayName": "first"}]
            }),
        ),
        Reply::json(200, serde_json::json!({"value": [{"id": "2", "displayName": "second"}]})),
    ]
}

/// A Graph error body.
pub fn graph_error(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": "2024-05-01T10:00:00",
                "request-id": "rid-1",
                "client-request-id": "cid-1"
            }
        }
    })
}

/// Path parameters that must each arrive as exactly one segment, with
/// their encoded forms.
pub const HOSTILE_SEGMENTS: &[(&str, &str)] = &[
    ("a/b", "a%2Fb"),
    ("#frag", "%23frag"),
    ("what?x=1", "what%3Fx%3D1"),
    ("100%", "100%25"),
    ("O'Brien", "O%27Brien"),
    ("two words", "two%20words"),
    ("日本 é", "%E6%97%A5%E6%9C%AC%20%C3%A9"),
    ("a\\b", "a%5Cb"),
    ("..x", "..x"),
];
