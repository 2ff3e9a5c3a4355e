//! Errors and Graph's error payload.

use std::collections::BTreeMap;
use std::fmt;

use http::StatusCode;
use serde::{Deserialize, Serialize};

/// The longest body excerpt, in characters, kept in an [`Error`].
pub(crate) const EXCERPT_CHARS: usize = 200;

/// Everything that can go wrong building a request or reading a response.
///
/// `Display` never shows request headers, so an `Authorization` header or
/// token cannot leak through an error message. It may show the request path,
/// a header *name*, and up to 200 characters of a response body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A header name or value was not valid HTTP. The value is not kept.
    InvalidHeader {
        /// The header's name as given.
        name: String,
        /// What was wrong.
        message: String,
    },
    /// The request path or query did not form a valid relative URI, or a
    /// `@odata.nextLink` could not be followed.
    InvalidUri {
        /// The offending path, query or link.
        uri: String,
        /// What was wrong.
        message: String,
    },
    /// A request body could not be serialised to JSON.
    Serialize(serde_json::Error),
    /// A request body leaves out a property the docs say a create request must
    /// send (`displayName` of a new group); nothing was sent.
    MissingRequired {
        /// The property's wire name.
        property: &'static str,
    },
    /// A success response body could not be decoded into the expected type.
    Decode {
        /// The response status.
        status: StatusCode,
        /// The `serde_json` error; `None` when the body was empty (or only
        /// whitespace) although JSON was expected.
        source: Option<serde_json::Error>,
        /// The body's first 200 characters (lossy UTF-8), `…`-terminated if
        /// cut.
        body_excerpt: String,
    },
    /// The server answered with a non-2xx status.
    Status {
        /// The response status.
        status: StatusCode,
        /// Graph's error payload, when the body held one. Boxed to keep
        /// `Error` small.
        error: Option<Box<GraphError>>,
        /// The body's first 200 characters (lossy UTF-8), `…`-terminated if
        /// cut.
        body_excerpt: String,
        /// The delay a `Retry-After` header asked for (429, 503), whether
        /// given in seconds or as an HTTP date (then counted from when the
        /// response was read; a date in the past gives zero).
        retry_after: Option<std::time::Duration>,
    },
    /// A [`crate::Batch`] could not be built (a chain of dependent requests
    /// longer than a batch holds), or its reply lacks a request's response.
    Batch {
        /// What was wrong.
        message: String,
    },
    /// The token provider could not supply an access token. The provider
    /// is responsible for keeping the token out of its error.
    Token(BoxError),
    /// The request could not be sent or its response could not be read
    /// (connection, TLS, timeout…). Never contains request headers.
    Transport(BoxError),
}

/// A boxed error from a token provider or an HTTP stack.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Error {
    /// An [`Error::Token`], for [`crate::TokenProvider`] implementations.
    pub fn token(error: impl Into<BoxError>) -> Self {
        Error::Token(error.into())
    }

    /// An [`Error::Transport`], for transports.
    pub fn transport(error: impl Into<BoxError>) -> Self {
        Error::Transport(error.into())
    }

    /// The response status, for [`Error::Status`] and [`Error::Decode`].
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Graph's error payload, for an [`Error::Status`] whose body held one.
    pub fn graph_error(&self) -> Option<&GraphError> {
        match self {
            Error::Status { error, .. } => error.as_deref(),
            _ => None,
        }
    }

    /// The `Retry-After` delay of an [`Error::Status`], if the server sent one.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Error::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidHeader { name, message } => {
                write!(f, "invalid request header {name:?}: {message}")
            }
            Error::InvalidUri { uri, message } => {
                write!(f, "invalid request URI {uri:?}: {message}")
            }
            Error::Serialize(e) => write!(f, "could not serialise the request body as JSON: {e}"),
            Error::MissingRequired { property } => {
                write!(f, "the request body has no `{property}`, which the docs say this request requires")
            }
            Error::Decode { status, source: None, .. } => {
                write!(f, "could not decode the response body (HTTP {status}): the body is empty but JSON was expected")
            }
            Error::Decode { status, source: Some(e), body_excerpt } => {
                write!(f, "could not decode the response body (HTTP {status}): {e}; body starts: {body_excerpt:?}")
            }
            Error::Status { status, error: Some(error), .. } => {
                write!(f, "HTTP {status}: {}: {}", error.code, error.message)?;
                if let Some(id) = error.request_id() {
                    write!(f, " (request-id {id})")?;
                }
                Ok(())
            }
            Error::Status { status, error: None, body_excerpt, .. } => {
                if body_excerpt.is_empty() {
                    write!(f, "HTTP {status}")
                } else {
                    write!(f, "HTTP {status}: {body_excerpt:?}")
                }
            }
            Error::Batch { message } => write!(f, "batch: {message}"),
            Error::Token(e) => write!(f, "could not get an access token: {e}"),
            Error::Transport(e) => write!(f, "HTTP transport error: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Serialize(e) => Some(e),
            Error::Decode { source: Some(e), .. } => Some(e),
            Error::Status { error: Some(error), .. } => Some(&**error),
            Error::Token(e) | Error::Transport(e) => Some(&**e),
            _ => None,
        }
    }
}

/// The `error` object of a Graph error response:
/// `{"error": {"code": …, "message": …, "innerError": {…}}}`.
///
/// Fields other than `code`, `message` and `innerError` (such as `target` or
/// `details`) are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphError {
    /// The machine-readable error code, such as `Request_ResourceNotFound`.
    #[serde(default)]
    pub code: String,
    /// The human-readable message.
    #[serde(default)]
    pub message: String,
    /// Diagnostic details; absent from some responses.
    #[serde(rename = "innerError", alias = "innererror", default, skip_serializing_if = "Option::is_none")]
    pub inner_error: Option<InnerError>,
    /// Any other members, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl GraphError {
    /// The `request-id` of the outermost `innerError`, for support cases.
    pub fn request_id(&self) -> Option<&str> {
        self.inner_error.as_ref()?.request_id.as_deref()
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for GraphError {}

/// The `innerError` object of a Graph error: diagnostics for support cases.
///
/// `date` is kept as the text sent, since Graph does not always include an
/// offset in it. Members other than those named here are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InnerError {
    /// The `request-id` Graph assigned to the request.
    #[serde(rename = "request-id", default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// When the error happened, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The `client-request-id` the client sent, echoed back.
    #[serde(rename = "client-request-id", default, skip_serializing_if = "Option::is_none")]
    pub client_request_id: Option<String>,
    /// A nested `innerError`, when the service sent one.
    #[serde(rename = "innerError", alias = "innererror", default, skip_serializing_if = "Option::is_none")]
    pub inner_error: Option<Box<InnerError>>,
    /// Any other members, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The first [`EXCERPT_CHARS`] characters of `body` (lossy UTF-8), with `…`
/// appended if it was cut.
pub(crate) fn body_excerpt(body: &[u8]) -> String {
    // Decode only a bounded prefix: 4 bytes per char at most.
    let prefix = &body[..body.len().min(EXCERPT_CHARS * 4)];
    let text = String::from_utf8_lossy(prefix);
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() || prefix.len() < body.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_bounded_and_char_safe() {
        assert_eq!(body_excerpt(b""), "");
        assert_eq!(body_excerpt(b"short"), "short");
        let long = "é".repeat(500);
        let ex = body_excerpt(long.as_bytes());
        assert_eq!(ex.chars().count(), EXCERPT_CHARS + 1);
        assert!(ex.ends_with('…'));
        let exact = "a".repeat(EXCERPT_CHARS);
        assert_eq!(body_excerpt(exact.as_bytes()), exact);
        assert_eq!(body_excerpt(&[0xff, b'a']), "\u{fffd}a");
    }

    #[test]
    fn graph_error_round_trips_with_unknown_and_nested_fields() {
        let json = serde_json::json!({
            "code": "BadRequest",
            "message": "Nope",
            "target": "id",
            "details": [{"code": "x", "message": "y"}],
            "innerError": {
                "request-id": "r1",
                "date": "2024-01-01T00:00:00",
                "client-request-id": "c1",
                "code": "inner",
                "innerError": {"code": "deeper"}
            }
        });
        let e: GraphError = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(e.request_id(), Some("r1"));
        let inner = e.inner_error.as_ref().unwrap();
        assert_eq!(inner.client_request_id.as_deref(), Some("c1"));
        assert_eq!(inner.extra["code"], "inner");
        assert_eq!(inner.inner_error.as_ref().unwrap().extra["code"], "deeper");
        assert_eq!(e.extra["target"], "id");
        assert_eq!(serde_json::to_value(&e).unwrap(), json);
    }

    #[test]
    fn graph_error_without_inner_error() {
        let e: GraphError = serde_json::from_str(r#"{"code":"Forbidden","message":"no"}"#).unwrap();
        assert!(e.inner_error.is_none());
        assert_eq!(e.request_id(), None);
        assert_eq!(e.to_string(), "Forbidden: no");
        let lower: GraphError =
            serde_json::from_str(r#"{"code":"c","message":"m","innererror":{"request-id":"r"}}"#).unwrap();
        assert_eq!(lower.request_id(), Some("r"));
    }
}
