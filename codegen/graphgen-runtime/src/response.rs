//! Parsing responses: [`ResponseShape`] says how a success body is laid
//! out; any other status becomes an [`Error::Status`].

use std::fmt;

use http::StatusCode;
use http::header::{HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;

use crate::error::{Error, body_excerpt};
use crate::retry::parse_retry_after;

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
    /// whose `@odata.nextLink` can be followed with
    /// [`Request::next_page`](crate::Request::next_page).
    Collection,
    /// The body is raw content (`$value`, streams); `T` is `Vec<u8>`, or
    /// `String` for text (which must then be UTF-8), or any type whose
    /// `Deserialize` accepts bytes or a sequence of `u8` (such as
    /// `bytes::Bytes` with its `serde` feature).
    Raw,
}

/// Parses `response` as a reply whose success body has `shape`.
pub(crate) fn parse_response<T: DeserializeOwned, B: AsRef<[u8]>>(
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
