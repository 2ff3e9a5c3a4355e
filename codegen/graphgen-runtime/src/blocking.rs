//! The blocking client, over reqwest's blocking client (feature
//! `blocking-client`).
//!
//! It mirrors the async client (feature `async-client`); like reqwest's blocking client, it must not be created, used or dropped
//! inside an async runtime.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use serde::de::DeserializeOwned;

use crate::auth::BlockingTokenProvider;
use crate::cloud::{ApiVersion, BaseUrl, Cloud};
use crate::error::Error;
use crate::page::Page;
use crate::paging::Cursor;
use crate::request::Request;
use crate::retry::{RetryDriver, RetryPolicy, RetryStep};
use crate::settings::{Settings, settings_methods};
use crate::transport;

type SleepFn = Arc<dyn Fn(Duration) + Send + Sync>;

/// A blocking Microsoft Graph client: sends [`Request`]s built by generated
/// code, with a token from its [`BlockingTokenProvider`], retrying
/// throttled requests by its [`RetryPolicy`], and follows
/// `@odata.nextLink`.
///
/// Cloning is cheap. `Debug` never shows the token provider.
///
/// ```no_run
/// use graphgen_runtime::{Cloud, StaticToken, blocking};
/// # fn list_users() -> Result<graphgen_runtime::Request<graphgen_runtime::Page<serde_json::Value>>, graphgen_runtime::Error> {
/// #     use graphgen_runtime::{RequestBuilder, ResponseShape, http::Method};
/// #     RequestBuilder::new(Method::GET, "/users").build(ResponseShape::Collection)
/// # }
///
/// let client = blocking::Client::new(StaticToken::new("eyJ0eXAi...")).with_cloud(Cloud::China);
/// // `list_users` stands for a generated endpoint function.
/// for user in client.items(list_users()?) {
///     println!("{}", user?);
/// }
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    http: reqwest::blocking::Client,
    tokens: Arc<dyn BlockingTokenProvider>,
    settings: Settings,
    sleep: SleepFn,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Client")
            .field("base_url", &self.settings.base.as_str())
            .field("retry", &self.settings.retry)
            .field("tokens", &crate::Redacted(&()))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the global cloud's beta API, with a default reqwest
    /// blocking client (rustls, reqwest's default 30 s timeout) and the
    /// default [`RetryPolicy`].
    ///
    /// # Panics
    ///
    /// Like `reqwest::blocking::Client::new`, if the TLS backend cannot be
    /// initialised or when called inside an async runtime; use
    /// [`Client::from_http_client`] to handle the former.
    pub fn new(tokens: impl BlockingTokenProvider + 'static) -> Self {
        Self::from_http_client(reqwest::blocking::Client::new(), tokens)
    }

    /// A client over a reqwest blocking client configured by the caller.
    pub fn from_http_client(http: reqwest::blocking::Client, tokens: impl BlockingTokenProvider + 'static) -> Self {
        Client { http, tokens: Arc::new(tokens), settings: Settings::new(), sleep: Arc::new(std::thread::sleep) }
    }

    settings_methods!();

    /// Replaces how the client waits before a retry (by default
    /// `std::thread::sleep`), for tests.
    pub fn with_sleep(mut self, sleep: impl Fn(Duration) + Send + Sync + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// Sends `request` to the base URL and parses the response.
    ///
    /// Sets `Authorization: Bearer <token>` (the provider is asked before
    /// every attempt), and `Accept`, `User-Agent` and a random
    /// `client-request-id` unless the request has them; the request's own
    /// headers are sent as they are. Throttled attempts (429, 503, 504) are
    /// retried by the [`RetryPolicy`]. A non-2xx status is
    /// [`Error::Status`], with Graph's error body typed when it has one;
    /// a failure to connect or read is [`Error::Transport`].
    pub fn send<T: DeserializeOwned>(&self, request: Request<T>) -> Result<T, Error> {
        self.send_ref(&request)
    }

    /// Sends `batch` (one `POST /$batch` per 20 requests, in turn) and joins the
    /// replies; read each request's result with [`BatchResponse::get`].
    ///
    /// [`BatchResponse::get`]: crate::BatchResponse::get
    pub fn send_batch(&self, batch: &crate::Batch) -> Result<crate::BatchResponse, Error> {
        let replies = batch.requests()?.into_iter().map(|r| self.send(r)).collect::<Result<Vec<_>, _>>()?;
        Ok(crate::BatchResponse::merge(replies))
    }

    /// Like [`Client::send`], borrowing the request.
    pub fn send_ref<T: DeserializeOwned>(&self, request: &Request<T>) -> Result<T, Error> {
        let client_request_id = transport::new_client_request_id();
        let mut retry = RetryDriver::new(self.settings.retry);
        loop {
            match retry.step(self.attempt(request, &client_request_id)) {
                RetryStep::Done(result) => return result,
                RetryStep::Resend { after } => (self.sleep)(after),
            }
        }
    }

    /// One attempt: a token, the request sent, the response read whole and
    /// parsed.
    fn attempt<T: DeserializeOwned>(&self, request: &Request<T>, client_request_id: &HeaderValue) -> Result<T, Error> {
        let token = self.tokens.token_blocking()?;
        let out = transport::outgoing(request, &self.settings.base, &token, client_request_id)?;
        drop(token);
        let response = self
            .http
            .request(out.method, out.url)
            .headers(out.headers)
            .body(out.body)
            .send()
            .map_err(transport::transport_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().map_err(transport::transport_error)?.to_vec();
        request.parse_response(transport::response(status, headers, body))
    }

    /// The pages of a collection, following `@odata.nextLink` (only on the
    /// base URL's host and path), each requested with `request`'s method
    /// and headers. The iterator ends after the first error.
    pub fn pages<T: DeserializeOwned>(&self, request: Request<Page<T>>) -> Pages<T> {
        Pages { client: self.clone(), cursor: Cursor::new(request) }
    }

    /// The items of every page of a collection, as an [`Iterator`]; see
    /// [`Client::pages`]. The iterator ends after the first error. (The
    /// async client's `items` is the same, as a `Stream`.)
    pub fn items<T: DeserializeOwned>(&self, request: Request<Page<T>>) -> Items<T> {
        Items { pages: self.pages(request), buffer: Vec::new().into_iter(), done: false }
    }

    /// Every item of every page of a collection, collected.
    pub fn collect_all<T: DeserializeOwned>(&self, request: Request<Page<T>>) -> Result<Vec<T>, Error> {
        self.items(request).collect()
    }
}

/// The pages of a collection ([`Client::pages`]), an [`Iterator`].
pub struct Pages<T> {
    client: Client,
    cursor: Cursor<T>,
}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").field("client", &self.client).finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> Iterator for Pages<T> {
    type Item = Result<Page<T>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let request = match self.cursor.take()? {
            Ok(request) => request,
            Err(error) => return Some(Err(error)),
        };
        let result = self.client.send_ref(&request);
        if let Ok(page) = &result {
            self.cursor.advance(&request, page, &self.client.settings.base);
        }
        Some(result)
    }
}

/// The items of a collection ([`Client::items`]), an [`Iterator`] that
/// ends after the first error.
pub struct Items<T> {
    pages: Pages<T>,
    buffer: std::vec::IntoIter<T>,
    done: bool,
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("buffered", &self.buffer.len()).finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> Iterator for Items<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            if self.done {
                return None;
            }
            match self.pages.next() {
                None => self.done = true,
                Some(Err(error)) => {
                    self.done = true;
                    return Some(Err(error));
                }
                Some(Ok(page)) => self.buffer = page.value.into_iter(),
            }
        }
    }
}
