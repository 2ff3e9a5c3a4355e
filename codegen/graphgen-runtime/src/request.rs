//! Requests ready to send, and parsing of their responses.

use std::fmt;
use std::marker::PhantomData;

use http::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use http::{Method, StatusCode, Uri};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, body_excerpt};
use crate::odata::ODataQuery;
use crate::query::QueryBuilder;
use crate::retry::parse_retry_after;

/// The `Accept` header of requests whose success body is JSON (or absent).
const ACCEPT_JSON: &str = "application/json";
/// The `Accept` header of [`ResponseShape::Raw`] requests: content, or a
/// JSON error body.
const ACCEPT_RAW: &str = "application/octet-stream, application/json";

/// How the body of a success (2xx) response is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseShape {
    /// The body is the JSON of `T`. An empty body is a decode error unless
    /// `T` accepts a unit value (`()`, `Option<_>` as `None`,
    /// `serde_json::Value` as `Null`).
    Json,
    /// The body is `{"value": T}`: Graph wraps primitive, enum and some
    /// Intune results this way. Other members (such as `@odata.context`)
    /// are ignored.
    ValueWrapped,
    /// No body is expected; any body is ignored. `T` is `()` (or an
    /// `Option`, which reads as `None`).
    NoContent,
    /// The body is one page of a collection; `T` is [`crate::Page<Item>`].
    /// Parsed like [`ResponseShape::Json`]; it marks the request as one
    /// whose `@odata.nextLink` can be followed with [`Request::next_page`].
    Collection,
    /// The body is raw content (`$value`, streams); `T` is `Vec<u8>`, or
    /// `String` for text (which must then be UTF-8), or any type whose
    /// `Deserialize` accepts bytes or a sequence of `u8` (such as
    /// `bytes::Bytes` with its `serde` feature).
    Raw,
}

/// One operation's request, ready to send, and the knowledge of how to
/// parse its response into `T`.
///
/// The URI is relative to the API root (`/users/{id}?$select=id`); the
/// transport prefixes its base URL. Every request carries an `Accept`
/// header; callers may add more headers (authentication, `Prefer`,
/// `ConsistencyLevel`…) with [`Request::headers_mut`].
///
/// `Debug` shows the method, URI, shape and body length, never headers.
pub struct Request<T> {
    http: http::Request<Vec<u8>>,
    shape: ResponseShape,
    _marker: PhantomData<fn() -> T>,
}

impl<T> Request<T> {
    /// The HTTP request.
    pub fn http(&self) -> &http::Request<Vec<u8>> {
        &self.http
    }

    /// Consumes `self`, returning the HTTP request (for sending by value;
    /// keep [`Request::shape`] first if it is needed to parse the response).
    pub fn into_http(self) -> http::Request<Vec<u8>> {
        self.http
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.http.method()
    }

    /// The path and query relative to the API root, such as
    /// `/users/42?$select=id`.
    pub fn path_and_query(&self) -> &str {
        self.http.uri().path_and_query().map_or("/", |pq| pq.as_str())
    }

    /// How the success body is parsed.
    pub fn shape(&self) -> ResponseShape {
        self.shape
    }

    /// The request headers.
    pub fn headers(&self) -> &HeaderMap {
        self.http.headers()
    }

    /// The request headers, for adding authentication and the like.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.http.headers_mut()
    }

    /// The request body (empty when there is none).
    pub fn body(&self) -> &[u8] {
        self.http.body()
    }

    /// Appends the OData options of `query` to the query string.
    ///
    /// ```
    /// use graphgen_runtime::{ODataQuery, Page, Request};
    /// # use graphgen_runtime::{RequestBuilder, ResponseShape, http::Method};
    /// # let list_users = || RequestBuilder::new(Method::GET, "/users").build(ResponseShape::Collection);
    /// // `list_users` stands for a generated endpoint function.
    /// let request: Request<Page<serde_json::Value>> = list_users()?;
    /// let request = request
    ///     .with_query(&ODataQuery::new().select(["id"]).top(2))?
    ///     .with_header("ConsistencyLevel", "eventual")?;
    /// assert_eq!(request.path_and_query(), "/users?$select=id&$top=2");
    /// assert_eq!(request.headers()["consistencylevel"], "eventual");
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    pub fn with_query(self, query: &ODataQuery) -> Result<Self, Error> {
        self.append_query(query.to_query().as_str())
    }

    /// Appends the pairs of `query` to the query string: how generated
    /// options types add an operation's own query parameters. Plumbing for
    /// generated code; use [`Request::with_query`].
    #[doc(hidden)]
    pub fn with_query_pairs(self, query: &QueryBuilder) -> Result<Self, Error> {
        self.append_query(query.as_str())
    }

    /// Appends an encoded query (without `?`) to the query string.
    fn append_query(mut self, query: &str) -> Result<Self, Error> {
        if query.is_empty() {
            return Ok(self);
        }
        let current = self.path_and_query();
        let separator = match current.split_once('?') {
            Some((_, "")) => "",
            Some(_) => "&",
            None => "?",
        };
        let uri = parse_relative_uri(&format!("{current}{separator}{query}"))?;
        *self.http.uri_mut() = uri;
        Ok(self)
    }

    /// Sets the header `name` to `value`, replacing any value it had; for
    /// documented request headers such as `ConsistencyLevel` or `Prefer`.
    /// An invalid name or value is an [`Error::InvalidHeader`] (which does
    /// not contain the value), never a panic.
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, Error> {
        self.set_header(name, value)?;
        Ok(self)
    }

    /// Like [`Request::with_header`], through a mutable reference.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        let (name, value) = header_pair(name, value)?;
        self.http.headers_mut().insert(name, value);
        Ok(())
    }

    /// Builds the request for the page at `next_link` (an absolute
    /// `@odata.nextLink`), keeping this request's method, headers and shape
    /// and dropping its body.
    ///
    /// `base_url` is the API root the transport prefixes, such as
    /// `https://graph.microsoft.com/beta`. The link must have the same scheme
    /// and host and lie under the same path, so that following a link never
    /// sends this request's headers (and a token a caller added) elsewhere;
    /// otherwise this returns [`Error::InvalidUri`].
    pub fn next_page(&self, next_link: &str, base_url: &str) -> Result<Request<T>, Error> {
        let relative = relative_to_base(next_link, base_url)?;
        let uri = parse_relative_uri(&relative)?;
        let mut http = http::Request::new(Vec::new());
        *http.method_mut() = self.http.method().clone();
        *http.uri_mut() = uri;
        *http.version_mut() = self.http.version();
        *http.headers_mut() = self.http.headers().clone();
        http.headers_mut().remove(CONTENT_TYPE);
        http.headers_mut().remove(http::header::CONTENT_LENGTH);
        Ok(Request { http, shape: self.shape, _marker: PhantomData })
    }
}

impl<T: DeserializeOwned> Request<T> {
    /// Parses a response to this request.
    ///
    /// A 2xx status is parsed according to [`Request::shape`]; any other
    /// status gives [`Error::Status`], with Graph's error payload when the
    /// body holds one.
    pub fn parse_response<B: AsRef<[u8]>>(&self, response: http::Response<B>) -> Result<T, Error> {
        parse_response(self.shape, response)
    }
}

impl<T> Clone for Request<T> {
    /// Clones the method, URI, version, headers and body (extensions are
    /// not cloned).
    fn clone(&self) -> Self {
        let mut http = http::Request::new(self.http.body().clone());
        *http.method_mut() = self.http.method().clone();
        *http.uri_mut() = self.http.uri().clone();
        *http.version_mut() = self.http.version();
        *http.headers_mut() = self.http.headers().clone();
        Request { http, shape: self.shape, _marker: PhantomData }
    }
}

impl<T> fmt::Debug for Request<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", self.http.method())
            .field("uri", &self.path_and_query())
            .field("shape", &self.shape)
            .field("body_len", &self.http.body().len())
            .finish_non_exhaustive()
    }
}

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
        Ok(Request { http, shape, _marker: PhantomData })
    }
}

/// Validates a header name and value.
fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let invalid = |message: String| Error::InvalidHeader { name: name.to_owned(), message };
    let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| invalid(e.to_string()))?;
    let header_value = HeaderValue::from_str(value).map_err(|e| invalid(e.to_string()))?;
    Ok((header_name, header_value))
}

fn invalid_uri(uri: &str, message: impl Into<String>) -> Error {
    Error::InvalidUri { uri: uri.to_owned(), message: message.into() }
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

/// Parses a path-and-query into an origin-form URI.
fn parse_relative_uri(uri: &str) -> Result<Uri, Error> {
    let parsed: Uri = uri.parse().map_err(|e: http::uri::InvalidUri| invalid_uri(uri, e.to_string()))?;
    if parsed.scheme().is_some() || parsed.authority().is_some() {
        return Err(invalid_uri(uri, "expected a path relative to the API root"));
    }
    Ok(parsed)
}

/// The part of `link` after `base_url`, which must begin with `/`.
fn relative_to_base(link: &str, base_url: &str) -> Result<String, Error> {
    let link_uri: Uri = link.parse().map_err(|e: http::uri::InvalidUri| invalid_uri(link, e.to_string()))?;
    let base_uri: Uri = base_url.parse().map_err(|e: http::uri::InvalidUri| invalid_uri(base_url, e.to_string()))?;
    let same_origin = match (link_uri.scheme(), base_uri.scheme(), link_uri.authority(), base_uri.authority()) {
        (Some(ls), Some(bs), Some(la), Some(ba)) => {
            ls == bs
                && la.host().eq_ignore_ascii_case(ba.host())
                && la.port_u16() == ba.port_u16()
                && !la.as_str().contains('@')
        }
        _ => false,
    };
    if !same_origin {
        return Err(invalid_uri(link, "the link is not on the base URL's scheme and host"));
    }
    let base_path = base_uri.path().trim_end_matches('/');
    let link_pq = link_uri.path_and_query().map_or("/", |pq| pq.as_str());
    let rest = link_pq
        .strip_prefix(base_path)
        .filter(|rest| rest.starts_with('/'))
        .ok_or_else(|| invalid_uri(link, "the link is not under the base URL's path"))?;
    Ok(rest.to_owned())
}

/// Parses `response` as a reply whose success body has `shape`.
fn parse_response<T: DeserializeOwned, B: AsRef<[u8]>>(
    shape: ResponseShape,
    response: http::Response<B>,
) -> Result<T, Error> {
    let status = response.status();
    let body = response.body().as_ref();
    if !status.is_success() {
        return Err(status_error(status, response.headers(), body));
    }
    let decode_error =
        |source: Option<serde_json::Error>| Error::Decode { status, source, body_excerpt: body_excerpt(body) };
    match shape {
        ResponseShape::NoContent => {
            T::deserialize(serde::de::value::UnitDeserializer::<serde::de::value::Error>::new()).map_err(|e| {
                decode_error(Some(<serde_json::Error as serde::de::Error>::custom(format_args!(
                    "a NoContent response must be read as (): {e}"
                ))))
            })
        }
        ResponseShape::Raw => T::deserialize(RawBody(body.to_vec()))
            .map_err(|e| decode_error(Some(<serde_json::Error as serde::de::Error>::custom(e)))),
        ResponseShape::Json | ResponseShape::Collection | ResponseShape::ValueWrapped => {
            if body.iter().all(u8::is_ascii_whitespace) {
                // Types that can stand for "nothing" (`()`, `Option<_>`,
                // `serde_json::Value`) read an empty body as that.
                return T::deserialize(serde::de::value::UnitDeserializer::<serde::de::value::Error>::new())
                    .map_err(|_| decode_error(None));
            }
            if shape == ResponseShape::ValueWrapped {
                serde_json::from_slice::<ValueWrapper<T>>(body).map(|w| w.value).map_err(|e| decode_error(Some(e)))
            } else {
                serde_json::from_slice::<T>(body).map_err(|e| decode_error(Some(e)))
            }
        }
    }
}

/// `{"value": T}`, other members ignored.
#[derive(serde::Deserialize)]
struct ValueWrapper<T> {
    value: T,
}

/// `{"error": GraphError}`.
#[derive(serde::Deserialize)]
struct ErrorEnvelope {
    error: crate::error::GraphError,
}

fn status_error(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
    let error = serde_json::from_slice::<ErrorEnvelope>(body).ok().map(|e| Box::new(e.error));
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, std::time::SystemTime::now()));
    Error::Status { status, error, body_excerpt: body_excerpt(body), retry_after }
}

/// A deserializer over a raw response body: bytes for byte-buffer types, a
/// sequence of `u8` for `Vec<u8>`, a string (if UTF-8) for `String`.
struct RawBody(Vec<u8>);

#[derive(Debug)]
struct RawError(String);

impl fmt::Display for RawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RawError {}

impl serde::de::Error for RawError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        RawError(msg.to_string())
    }
}

impl<'de> serde::Deserializer<'de> for RawBody {
    type Error = RawError;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, RawError> {
        visitor.visit_byte_buf(self.0)
    }

    fn deserialize_seq<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, RawError> {
        let seq = serde::de::value::SeqDeserializer::<_, RawError>::new(self.0.into_iter());
        visitor.visit_seq(seq)
    }

    fn deserialize_str<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, RawError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, RawError> {
        match String::from_utf8(self.0) {
            Ok(s) => visitor.visit_string(s),
            Err(e) => Err(RawError(format!("the body is not UTF-8: {e}"))),
        }
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, RawError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, RawError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct tuple tuple_struct map struct enum identifier ignored_any
    }
}
