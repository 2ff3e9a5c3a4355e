//! Requests ready to send: [`Request`], what every generated endpoint
//! function returns.

use std::fmt;
use std::marker::PhantomData;

use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Uri};
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::odata::ODataQuery;
use crate::query::QueryBuilder;
use crate::response::{ResponseShape, parse_response};

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
    /// A request from its HTTP request and response shape (for
    /// [`crate::RequestBuilder::build`]).
    pub(crate) fn from_parts(http: http::Request<Vec<u8>>, shape: ResponseShape) -> Self {
        Request { http, shape, _marker: PhantomData }
    }

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

/// Validates a header name and value.
pub(crate) fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let invalid = |message: String| Error::InvalidHeader { name: name.to_owned(), message };
    let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| invalid(e.to_string()))?;
    let header_value = HeaderValue::from_str(value).map_err(|e| invalid(e.to_string()))?;
    Ok((header_name, header_value))
}

pub(crate) fn invalid_uri(uri: &str, message: impl Into<String>) -> Error {
    Error::InvalidUri { uri: uri.to_owned(), message: message.into() }
}

/// Parses a path-and-query into an origin-form URI.
pub(crate) fn parse_relative_uri(uri: &str) -> Result<Uri, Error> {
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
