//! The Azure SDK's [`HttpClient`] over the runtime's reqwest client, so the
//! credentials' sign-in requests use the same HTTP and TLS stack as the
//! Graph requests.

use std::collections::HashMap;

use azure_core::error::ErrorKind;
use azure_core::http::headers::{HeaderName, HeaderValue, Headers};
use azure_core::http::{AsyncRawResponse, Body, HttpClient, Request};

use crate::error::Error;

/// An [`HttpClient`] for `azure_core` over a `reqwest::Client`.
#[derive(Clone, Debug)]
pub struct ReqwestHttpClient {
    http: reqwest::Client,
}

impl ReqwestHttpClient {
    /// Over a default reqwest client (rustls); redirects are not followed,
    /// as the Azure SDK expects.
    pub fn new() -> Result<Self, Error> {
        Ok(ReqwestHttpClient { http: sign_in_client()? })
    }

    /// Over a reqwest client configured by the caller.
    pub fn from_http_client(http: reqwest::Client) -> Self {
        ReqwestHttpClient { http }
    }
}

/// The reqwest client sign-in requests go through: the default one (rustls) not following
/// redirects, as the Azure SDK expects.
pub(super) fn sign_in_client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().map_err(Error::transport)
}

fn azure_error(message: &'static str) -> impl FnOnce(reqwest::Error) -> azure_core::Error {
    move |error| {
        let kind = if error.is_connect() { ErrorKind::Connection } else { ErrorKind::Io };
        azure_core::Error::with_error(kind, error, message)
    }
}

#[async_trait::async_trait]
impl HttpClient for ReqwestHttpClient {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let method = reqwest::Method::from_bytes(request.method().as_str().as_bytes())
            .map_err(|e| azure_core::Error::with_error(ErrorKind::Other, e, "unsupported HTTP method"))?;
        let mut outgoing = self.http.request(method, request.url().as_str());
        for (name, value) in request.headers().iter() {
            outgoing = outgoing.header(name.as_str(), value.as_str());
        }
        let outgoing = match request.body() {
            Body::Bytes(bytes) => outgoing.body(bytes.to_vec()),
            // The credentials send forms and JSON; a stream has no place here.
            Body::SeekableStream(_) => {
                return Err(azure_core::Error::with_message(
                    ErrorKind::Other,
                    "a streamed request body is not supported by the graphgen transport",
                ));
            }
        };
        let response = outgoing.send().await.map_err(azure_error("the sign-in request was not sent"))?;
        let status = response.status().as_u16();
        let headers: HashMap<HeaderName, HeaderValue> = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                let value = value.to_str().ok()?;
                Some((HeaderName::from(name.as_str().to_owned()), HeaderValue::from(value.to_owned())))
            })
            .collect();
        let body = response.bytes().await.map_err(azure_error("the sign-in response was not read"))?;
        Ok(AsyncRawResponse::from_bytes(status.into(), Headers::from(headers), body.to_vec()))
    }
}
