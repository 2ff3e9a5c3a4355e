//! What the async and blocking clients share on the wire: turning a
//! [`Request`] into what reqwest sends, and its response into what
//! [`Request::parse_response`] takes.

use http::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use http::{Method, StatusCode};

use crate::auth::AccessToken;
use crate::cloud::BaseUrl;
use crate::error::Error;
use crate::request::Request;

/// The `User-Agent` the clients send unless the request has one.
const AGENT: &str = concat!("graphgen-runtime/", env!("CARGO_PKG_VERSION"));

/// The `client-request-id` header Graph echoes back in errors.
pub(crate) const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");

/// One attempt's request, as the HTTP stack takes it.
pub(crate) struct Outgoing {
    pub method: Method,
    pub url: reqwest::Url,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// A fresh `client-request-id` (a random UUID), shared by the attempts of
/// one call.
pub(crate) fn new_client_request_id() -> HeaderValue {
    let id = uuid::Uuid::new_v4().hyphenated().to_string();
    HeaderValue::try_from(id).unwrap_or_else(|_| HeaderValue::from_static("00000000-0000-0000-0000-000000000000"))
}

/// The request to send for one attempt: the full URL, the request's own
/// headers, `Authorization: Bearer`, and `Accept`, `User-Agent` and
/// `client-request-id` unless the request set them.
///
/// Refuses (with [`Error::InvalidUri`]) a path that the URL parser would
/// change, which only a `.` or `..` segment (even percent-encoded) can
/// cause: it would send the request to another resource.
pub(crate) fn outgoing<T>(
    request: &Request<T>,
    base: &BaseUrl,
    token: &AccessToken,
    client_request_id: &HeaderValue,
) -> Result<Outgoing, Error> {
    let text = base.url_of(request);
    let invalid = |message: String| Error::InvalidUri { uri: text.clone(), message };
    let url = reqwest::Url::parse(&text).map_err(|e| invalid(e.to_string()))?;
    let base_path = reqwest::Url::parse(base.as_str()).map_err(|e| invalid(e.to_string()))?.path().to_owned();
    let expected = format!("{}{}", base_path.trim_end_matches('/'), request.http().uri().path());
    if url.path() != expected {
        return Err(invalid(format!(
            "the URL path would be sent as {:?}; a path segment must not be '.' or '..'",
            url.path()
        )));
    }
    let mut headers = request.headers().clone();
    headers.insert(AUTHORIZATION, token.bearer_header()?);
    headers.entry(ACCEPT).or_insert_with(|| HeaderValue::from_static("application/json"));
    headers.entry(USER_AGENT).or_insert_with(|| HeaderValue::from_static(AGENT));
    headers.entry(CLIENT_REQUEST_ID).or_insert_with(|| client_request_id.clone());
    Ok(Outgoing { method: request.method().clone(), url, headers, body: request.body().to_vec() })
}

/// A failure to send a request or read its response.
pub(crate) fn transport_error(error: reqwest::Error) -> Error {
    Error::Transport(Box::new(error))
}

/// A response, read whole, as [`Request::parse_response`] takes it.
pub(crate) fn response(status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}
