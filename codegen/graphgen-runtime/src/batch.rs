//! JSON batching: many [`Request`]s in one `POST /$batch`, each read back as its
//! own type through a [`BatchHandle`].
//!
//! ```
//! use graphgen_runtime::{Batch, BatchResponse, Request, RequestBuilder, ResponseShape};
//! use graphgen_runtime::http::{self, Method};
//! # fn get_user(id: &str) -> Result<Request<serde_json::Value>, graphgen_runtime::Error> {
//! #     RequestBuilder::new(Method::GET, format!("/users/{id}")).build(ResponseShape::Json)
//! # }
//! // `get_user` stands for a generated operation.
//! let mut batch = Batch::new();
//! let ada = batch.add(&get_user("ada")?)?;
//! let bob = batch.add(&get_user("bob")?)?;
//! let requests = batch.requests()?; // one `POST /$batch` per 20 requests
//! assert_eq!(requests.len(), 1);
//! assert_eq!(requests[0].path_and_query(), "/$batch");
//!
//! // Send `requests[0]` with any transport; its response parses into a `BatchResponse`.
//! let reply = r#"{"responses": [
//!     {"id": "1", "status": 200, "headers": {"Content-Type": "application/json"}, "body": {"displayName": "Ada"}},
//!     {"id": "2", "status": 404, "body": {"error": {"code": "Request_ResourceNotFound", "message": "No bob"}}}
//! ]}"#;
//! let response: BatchResponse = requests[0].parse_response(http::Response::new(reply))?;
//! assert_eq!(response.get(&ada)?["displayName"], "Ada");
//! assert_eq!(response.get(&bob).unwrap_err().status(), Some(http::StatusCode::NOT_FOUND));
//! # Ok::<(), graphgen_runtime::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use base64::Engine as _;
use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::builder::RequestBuilder;
use crate::error::Error;
use crate::request::Request;
use crate::response::{ResponseShape, parse_response};

/// The most requests Graph accepts in one batch.
pub const MAX_BATCH_REQUESTS: usize = 20;

/// Requests to send together; see the [module docs](self).
///
/// Each [`Batch::add`] gives a [`BatchHandle`] that reads that request's result,
/// typed, from the [`BatchResponse`]. [`Batch::add_after`] makes a request wait
/// for another (`dependsOn`): Graph runs it only once that one has succeeded.
/// [`Batch::requests`] splits the batch into `POST /$batch` requests of at most
/// [`MAX_BATCH_REQUESTS`], keeping every chain of dependencies in one.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    id: String,
    method: Method,
    url: String,
    headers: BTreeMap<String, String>,
    body: Option<serde_json::Value>,
    /// Indexes of the entries this one waits for.
    depends_on: Vec<usize>,
}

/// Reads one request's result from a [`BatchResponse`], as `T`.
pub struct BatchHandle<T> {
    id: String,
    index: usize,
    shape: ResponseShape,
    _marker: PhantomData<fn() -> T>,
}

impl<T> BatchHandle<T> {
    /// The request's `id` in the batch.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl<T> Clone for BatchHandle<T> {
    fn clone(&self) -> Self {
        BatchHandle { id: self.id.clone(), index: self.index, shape: self.shape, _marker: PhantomData }
    }
}

impl<T> fmt::Debug for BatchHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchHandle").field("id", &self.id).field("shape", &self.shape).finish()
    }
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Batch::default()
    }

    /// How many requests the batch holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the batch holds no request.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds `request`; the handle reads its result. The request's method, path and
    /// query, headers and body are copied (keep the request to follow a page's
    /// `@odata.nextLink` with [`Request::next_page`]).
    pub fn add<T>(&mut self, request: &Request<T>) -> Result<BatchHandle<T>, Error> {
        self.push(request, Vec::new())
    }

    /// Adds `request` to run only after the request of `after` has succeeded
    /// (`dependsOn`). Graph answers a request whose dependency failed with
    /// `424 Failed Dependency`.
    pub fn add_after<T, U>(&mut self, request: &Request<T>, after: &BatchHandle<U>) -> Result<BatchHandle<T>, Error> {
        match self.entries.get(after.index) {
            Some(e) if e.id == after.id => self.push(request, vec![after.index]),
            _ => Err(Error::Batch { message: format!("request {} is not in this batch", after.id) }),
        }
    }

    fn push<T>(&mut self, request: &Request<T>, depends_on: Vec<usize>) -> Result<BatchHandle<T>, Error> {
        let index = self.entries.len();
        let id = (index + 1).to_string();
        let http = request.http();
        let mut headers = BTreeMap::new();
        for (name, value) in http.headers() {
            let value = value.to_str().map_err(|_| Error::InvalidHeader {
                name: name.to_string(),
                message: "not visible ASCII".to_owned(),
            })?;
            headers.insert(name.as_str().to_owned(), value.to_owned());
        }
        let body = if http.body().is_empty() {
            None
        } else if is_json(http.headers()) {
            Some(serde_json::from_slice(http.body()).map_err(Error::Serialize)?)
        } else {
            // Graph reads a non-JSON body of a batch item as base64.
            Some(serde_json::Value::String(base64::engine::general_purpose::STANDARD.encode(http.body())))
        };
        self.entries.push(Entry {
            id: id.clone(),
            method: http.method().clone(),
            url: request.path_and_query().to_owned(),
            headers,
            body,
            depends_on,
        });
        Ok(BatchHandle { id, index, shape: request.shape(), _marker: PhantomData })
    }

    /// The `POST /$batch` requests that send the batch: one per
    /// [`MAX_BATCH_REQUESTS`], in the order the requests were added, with each
    /// chain of dependencies kept in one. A chain longer than that is an
    /// [`Error::Batch`]; an empty batch gives no request.
    pub fn requests(&self) -> Result<Vec<Request<BatchResponse>>, Error> {
        // Chains: each entry joins the group of the entries it waits for.
        let mut group_of: Vec<usize> = (0..self.entries.len()).collect();
        for (i, e) in self.entries.iter().enumerate() {
            for &d in &e.depends_on {
                let (from, to) = (group_of[d], group_of[i]);
                for g in group_of.iter_mut().filter(|g| **g == to) {
                    *g = from;
                }
            }
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut first_of: BTreeMap<usize, usize> = BTreeMap::new(); // group → position in `groups`
        for (i, g) in group_of.iter().enumerate() {
            let at = *first_of.entry(*g).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[at].push(i);
        }
        let mut batches: Vec<Vec<usize>> = Vec::new();
        for chain in groups {
            if chain.len() > MAX_BATCH_REQUESTS {
                return Err(Error::Batch {
                    message: format!(
                        "{} requests depend on each other; one batch holds at most {MAX_BATCH_REQUESTS}",
                        chain.len()
                    ),
                });
            }
            match batches.last_mut() {
                Some(last) if last.len() + chain.len() <= MAX_BATCH_REQUESTS => last.extend(chain),
                _ => batches.push(chain),
            }
        }
        batches
            .into_iter()
            .map(|mut members| {
                members.sort_unstable();
                self.batch_request(&members)
            })
            .collect()
    }

    fn batch_request(&self, members: &[usize]) -> Result<Request<BatchResponse>, Error> {
        let requests: Vec<WireRequest<'_>> = members
            .iter()
            .map(|&i| {
                let e = &self.entries[i];
                WireRequest {
                    id: &e.id,
                    method: e.method.as_str(),
                    url: &e.url,
                    headers: &e.headers,
                    body: e.body.as_ref(),
                    depends_on: e.depends_on.iter().map(|&d| self.entries[d].id.as_str()).collect(),
                }
            })
            .collect();
        RequestBuilder::new(Method::POST, "/$batch").json_body(&WireBatch { requests })?.build(ResponseShape::Json)
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        let v = v.to_ascii_lowercase();
        v.starts_with("application/json") || v.contains("+json")
    })
}

#[derive(Serialize)]
struct WireBatch<'a> {
    requests: Vec<WireRequest<'a>>,
}

#[derive(Serialize)]
struct WireRequest<'a> {
    id: &'a str,
    method: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    headers: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a serde_json::Value>,
    #[serde(rename = "dependsOn", skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<&'a str>,
}

/// The reply to one `POST /$batch`: each request's status, headers and body,
/// read as its own type with [`BatchResponse::get`]. Replies to several batch
/// requests of one [`Batch`] can be joined with [`BatchResponse::merge`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct BatchResponse {
    #[serde(default)]
    responses: Vec<ItemResponse>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct ItemResponse {
    id: String,
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<serde_json::Value>,
}

impl BatchResponse {
    /// The replies of several batch requests as one.
    pub fn merge(parts: impl IntoIterator<Item = BatchResponse>) -> BatchResponse {
        BatchResponse { responses: parts.into_iter().flat_map(|p| p.responses).collect() }
    }

    /// The status Graph gave the request of `handle`, if the reply has it.
    pub fn status<T>(&self, handle: &BatchHandle<T>) -> Option<StatusCode> {
        self.item(&handle.id).and_then(|r| StatusCode::from_u16(r.status).ok())
    }

    fn item(&self, id: &str) -> Option<&ItemResponse> {
        self.responses.iter().find(|r| r.id == id)
    }

    /// The result of the request of `handle`, parsed as that request's own
    /// response would be: its value, or [`Error::Status`] (with Graph's error)
    /// for a failed request, including one Graph did not run because a request
    /// it depends on failed (`424 Failed Dependency`). A reply without the
    /// request is an [`Error::Batch`].
    pub fn get<T: DeserializeOwned>(&self, handle: &BatchHandle<T>) -> Result<T, Error> {
        let item = self
            .item(&handle.id)
            .ok_or_else(|| Error::Batch { message: format!("the reply has no response with id {}", handle.id) })?;
        let status = StatusCode::from_u16(item.status)
            .map_err(|_| Error::Batch { message: format!("response {} has status {}", item.id, item.status) })?;
        let mut headers = HeaderMap::new();
        for (name, value) in &item.headers {
            if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
                headers.insert(name, value);
            }
        }
        let json = is_json(&headers) || !headers.contains_key(CONTENT_TYPE);
        let body: Vec<u8> = match &item.body {
            None | Some(serde_json::Value::Null) => Vec::new(),
            // Content that is not JSON (a photo's `$value`) comes base64-encoded.
            Some(serde_json::Value::String(text)) if !json || handle.shape == ResponseShape::Raw => {
                base64::engine::general_purpose::STANDARD.decode(text).unwrap_or_else(|_| text.clone().into_bytes())
            }
            Some(value) => serde_json::to_vec(value).map_err(Error::Serialize)?,
        };
        let mut response = http::Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = headers;
        parse_response(handle.shape, response)
    }
}
