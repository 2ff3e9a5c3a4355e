//! [`RequestBuilder`]: how generated endpoint functions build a
//! [`Request`]. Plumbing for generated code (hidden from the docs, no
//! stability promise).

use http::Method;
use http::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Serialize;

use crate::error::Error;
use crate::request::{Request, header_pair, invalid_uri, parse_relative_uri};
use crate::response::ResponseShape;

/// The `Accept` header of requests whose success body is JSON (or absent).
const ACCEPT_JSON: &str = "application/json";
/// The `Accept` header of [`ResponseShape::Raw`] requests: content, or a
/// JSON error body.
const ACCEPT_RAW: &str = "application/octet-stream, application/json";

/// Builds a [`Request`]: what generated endpoint functions call. Plumbing
/// for generated code, with no stability promise (see the crate docs).
///
/// ```
/// use graphgen_runtime::{PathBuilder, Request, RequestBuilder, ResponseShape};
/// use graphgen_runtime::http::Method;
///
/// let path = PathBuilder::new().lit("/users/").segment("a b").finish();
/// let request: Request<serde_json::Value> = RequestBuilder::new(Method::GET, path)
///     .header("ConsistencyLevel", "eventual")?
///     .build(ResponseShape::Json)?;
/// assert_eq!(request.path_and_query(), "/users/a%20b");
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl RequestBuilder {
    /// Starts a request for `path`, which is relative to the API root,
    /// starts with `/` and is already encoded (see [`crate::path`]). It may
    /// end with a literal, already encoded query (`/reports/x?$format=csv`)
    /// from the operation's template; [`Request::with_query`] appends to it.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        RequestBuilder { method, path: path.into(), headers: HeaderMap::new(), body: Vec::new() }
    }

    /// Appends a header. An invalid name or value is an
    /// [`Error::InvalidHeader`] (which does not contain the value).
    pub fn header(mut self, name: &'static str, value: &str) -> Result<Self, Error> {
        let (header_name, header_value) = header_pair(name, value)?;
        self.headers.append(header_name, header_value);
        Ok(self)
    }

    /// Sets the body to the JSON of `body` and `Content-Type` to
    /// `application/json`.
    pub fn json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        self.body = serde_json::to_vec(body).map_err(Error::Serialize)?;
        self.headers.insert(CONTENT_TYPE, HeaderValue::from_static(ACCEPT_JSON));
        Ok(self)
    }

    /// Sets a raw body (an upload) and its `Content-Type`.
    pub fn bytes_body(mut self, content_type: &str, body: Vec<u8>) -> Result<Self, Error> {
        let value = HeaderValue::from_str(content_type)
            .map_err(|e| Error::InvalidHeader { name: CONTENT_TYPE.to_string(), message: e.to_string() })?;
        self.headers.insert(CONTENT_TYPE, value);
        self.body = body;
        Ok(self)
    }

    /// Finishes the request, whose success body is parsed as `shape`.
    ///
    /// Adds `Accept: application/json` unless an `Accept` header was set
    /// (for [`ResponseShape::Raw`]: `application/octet-stream,
    /// application/json`). The path must start with `/` and contain no `#`
    /// and no empty segment (`//`, or a trailing `/`), which is what an
    /// empty path parameter would produce, and the whole must parse as a
    /// URI path and query; otherwise this returns [`Error::InvalidUri`].
    pub fn build<T>(self, shape: ResponseShape) -> Result<Request<T>, Error> {
        let RequestBuilder { method, path, mut headers, body } = self;
        if path.contains('#') {
            // `http::Uri` would silently drop a fragment.
            return Err(invalid_uri(&path, "the path must not contain '#'"));
        }
        let (path_only, literal_query) = match path.split_once('?') {
            Some((p, q)) => (p, q),
            None => (path.as_str(), ""),
        };
        check_path(path_only)?;
        let mut uri = path_only.to_owned();
        if !literal_query.is_empty() {
            uri.push('?');
            uri.push_str(literal_query);
        }
        let uri = parse_relative_uri(&uri)?;
        if !headers.contains_key(ACCEPT) {
            let accept = match shape {
                ResponseShape::Raw => ACCEPT_RAW,
                _ => ACCEPT_JSON,
            };
            headers.insert(ACCEPT, HeaderValue::from_static(accept));
        }
        let mut http = http::Request::new(body);
        *http.method_mut() = method;
        *http.uri_mut() = uri;
        *http.headers_mut() = headers;
        Ok(Request::from_parts(http, shape))
    }
}

/// Rejects a path (without its query) that does not start with `/` or has
/// an empty segment.
fn check_path(path: &str) -> Result<(), Error> {
    if !path.starts_with('/') {
        return Err(invalid_uri(path, "the path must start with '/'"));
    }
    if path.len() > 1 && (path.contains("//") || path.ends_with('/')) {
        return Err(invalid_uri(path, "the path has an empty segment (was a path parameter empty?)"));
    }
    Ok(())
}
