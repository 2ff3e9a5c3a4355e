//! JSON batching: requests into `POST /$batch` bodies, replies back to typed results.

use graphgen_runtime::http::{self, Method, StatusCode};
use graphgen_runtime::{Batch, BatchResponse, Error, MAX_BATCH_REQUESTS, Page, Request, RequestBuilder, ResponseShape};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, PartialEq, Deserialize)]
struct User {
    id: String,
    #[serde(rename = "displayName")]
    display_name: String,
}

fn get(path: &str) -> Request<User> {
    RequestBuilder::new(Method::GET, path).build(ResponseShape::Json).unwrap()
}

fn body_of<T>(request: &Request<T>) -> Value {
    serde_json::from_slice(request.body()).unwrap()
}

#[test]
fn requests_become_one_batch_body_with_ids_methods_urls_headers_and_bodies() {
    let mut batch = Batch::new();
    let list: Request<Page<User>> = RequestBuilder::new(Method::GET, "/users?$top=2")
        .header("ConsistencyLevel", "eventual")
        .unwrap()
        .build(ResponseShape::Collection)
        .unwrap();
    let create: Request<User> = RequestBuilder::new(Method::POST, "/groups")
        .json_body(&json!({"displayName": "g"}))
        .unwrap()
        .build(ResponseShape::Json)
        .unwrap();
    let photo: Request<()> = RequestBuilder::new(Method::PUT, "/me/photo/$value")
        .bytes_body("image/png", b"\x89PNG".to_vec())
        .unwrap()
        .build(ResponseShape::NoContent)
        .unwrap();
    let a = batch.add(&list).unwrap();
    let b = batch.add(&create).unwrap();
    let c = batch.add_after(&photo, &b).unwrap();
    assert_eq!((a.id(), b.id(), c.id(), batch.len()), ("1", "2", "3", 3));
    let requests = batch.requests().unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!((request.method(), request.path_and_query()), (&Method::POST, "/$batch"));
    assert_eq!(request.headers()["content-type"], "application/json");
    let body = body_of(request);
    let items = body["requests"].as_array().unwrap();
    assert_eq!(items[0]["method"], "GET");
    assert_eq!(items[0]["url"], "/users?$top=2");
    assert_eq!(items[0]["headers"]["consistencylevel"], "eventual");
    assert!(items[0].get("body").is_none() && items[0].get("dependsOn").is_none());
    assert_eq!(items[1]["body"], json!({"displayName": "g"}), "a JSON body is sent as JSON");
    assert_eq!(items[1]["headers"]["content-type"], "application/json");
    assert_eq!(items[2]["body"], "iVBORw==", "other content is sent base64-encoded");
    assert_eq!(items[2]["dependsOn"], json!(["2"]));
}

#[test]
fn each_result_is_read_as_its_own_type_and_a_failure_is_its_own_error() {
    let mut batch = Batch::new();
    let ada = batch.add(&get("/users/ada")).unwrap();
    let bob = batch.add(&get("/users/bob")).unwrap();
    let list: Request<Page<User>> =
        RequestBuilder::new(Method::GET, "/users").build(ResponseShape::Collection).unwrap();
    let page = batch.add(&list).unwrap();
    let photo: Request<Vec<u8>> =
        RequestBuilder::new(Method::GET, "/me/photo/$value").build(ResponseShape::Raw).unwrap();
    let bytes = batch.add_after(&photo, &ada).unwrap();
    let request = batch.requests().unwrap().remove(0);
    let reply = json!({"responses": [
        {"id": "3", "status": 200, "headers": {"Content-Type": "application/json"},
         "body": {"value": [{"id": "1", "displayName": "Ada"}], "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=x"}},
        {"id": "1", "status": 200, "body": {"id": "1", "displayName": "Ada"}},
        {"id": "2", "status": 404, "headers": {"Content-Type": "application/json"},
         "body": {"error": {"code": "Request_ResourceNotFound", "message": "Resource 'bob' does not exist"}}},
        {"id": "4", "status": 200, "headers": {"Content-Type": "image/jpeg"}, "body": "/9j/4A=="}
    ]});
    let response: BatchResponse =
        request.parse_response(http::Response::new(serde_json::to_vec(&reply).unwrap())).unwrap();
    assert_eq!(response.get(&ada).unwrap(), User { id: "1".into(), display_name: "Ada".into() });
    let error = response.get(&bob).unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.graph_error().unwrap().code, "Request_ResourceNotFound");
    let page = response.get(&page).unwrap();
    assert_eq!(page.value[0].display_name, "Ada");
    assert!(page.next_link.is_some(), "a page read from a batch can be followed");
    assert_eq!(response.get(&bytes).unwrap(), [0xff, 0xd8, 0xff, 0xe0], "content is decoded from base64");
    assert_eq!(response.status(&bob), Some(StatusCode::NOT_FOUND));
}

#[test]
fn a_failed_dependency_and_a_missing_response_are_errors() {
    let mut batch = Batch::new();
    let first = batch.add(&get("/users/a")).unwrap();
    let second = batch.add_after(&get("/users/b"), &first).unwrap();
    let third = batch.add(&get("/users/c")).unwrap();
    let reply = r#"{"responses": [
        {"id": "1", "status": 500, "body": {"error": {"code": "x", "message": "boom"}}},
        {"id": "2", "status": 424, "body": {"error": {"code": "FailedDependency", "message": "depends on 1"}}}
    ]}"#;
    let response: BatchResponse = batch.requests().unwrap()[0].parse_response(http::Response::new(reply)).unwrap();
    assert_eq!(response.get(&second).unwrap_err().status(), Some(StatusCode::FAILED_DEPENDENCY));
    assert!(matches!(response.get(&third), Err(Error::Batch { .. })), "no response for id 3");
    // A handle of another batch is refused, not silently attached to the wrong request.
    let mut other = Batch::new();
    assert!(matches!(other.add_after(&get("/me"), &third), Err(Error::Batch { .. })));
}

#[test]
fn more_than_twenty_requests_split_into_batches_that_keep_each_chain_together() {
    let mut batch = Batch::new();
    let mut handles = Vec::new();
    for i in 0..15 {
        handles.push(batch.add(&get(&format!("/users/{i}"))).unwrap());
    }
    // A chain of 8 started early: it cannot be split across batches.
    let mut previous = handles[2].clone();
    for i in 0..7 {
        previous = batch.add_after(&get(&format!("/groups/{i}")), &previous).unwrap();
    }
    for i in 0..5 {
        batch.add(&get(&format!("/sites/{i}"))).unwrap();
    }
    assert_eq!(batch.len(), 27);
    let requests = batch.requests().unwrap();
    let ids: Vec<Vec<String>> = requests
        .iter()
        .map(|r| {
            body_of(r)["requests"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
        })
        .collect();
    assert!(ids.iter().all(|b| b.len() <= MAX_BATCH_REQUESTS), "{ids:?}");
    assert_eq!(ids.iter().map(Vec::len).sum::<usize>(), 27);
    let chain: Vec<String> = std::iter::once(3).chain(16..=22).map(|i: usize| i.to_string()).collect();
    let holder = ids.iter().find(|b| b.contains(&chain[0])).unwrap();
    assert!(chain.iter().all(|id| holder.contains(id)), "the chain {chain:?} is in one batch: {ids:?}");
    // Replies of both batch requests read as one.
    let merged = BatchResponse::merge(requests.iter().enumerate().map(|(n, _)| {
        let reply = json!({"responses": ids[n].iter().map(|id| json!({"id": id, "status": 200, "body": {"id": id, "displayName": "x"}})).collect::<Vec<_>>()});
        serde_json::from_value::<BatchResponse>(reply).unwrap()
    }));
    assert_eq!(merged.get(&previous).unwrap().id, "22");
}

#[test]
fn a_chain_longer_than_a_batch_is_an_error() {
    let mut batch = Batch::new();
    let mut previous = batch.add(&get("/users/0")).unwrap();
    for i in 1..=MAX_BATCH_REQUESTS {
        previous = batch.add_after(&get(&format!("/users/{i}")), &previous).unwrap();
    }
    let error = batch.requests().unwrap_err();
    assert!(matches!(error, Error::Batch { .. }), "{error}");
    assert!(error.to_string().contains("21 requests depend on each other"), "{error}");
    assert!(Batch::new().requests().unwrap().is_empty());
}
