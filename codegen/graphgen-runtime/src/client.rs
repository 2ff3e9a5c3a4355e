//! The async client, over reqwest (feature `async-client`).

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use http::HeaderValue;
use serde::de::DeserializeOwned;

use crate::auth::TokenProvider;
use crate::cloud::{ApiVersion, BaseUrl, Cloud};
use crate::error::Error;
use crate::page::Page;
use crate::paging::Cursor;
use crate::request::Request;
use crate::retry::{RetryDriver, RetryPolicy, RetryStep};
use crate::settings::{Settings, settings_methods};
use crate::transport;

/// A boxed, `Send` future, as the sleep function of
/// [`Client::with_sleep`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

type SleepFn = Arc<dyn Fn(Duration) -> BoxFuture<'static, ()> + Send + Sync>;

/// An async Microsoft Graph client: sends [`Request`]s built by generated
/// code, with a token from its [`TokenProvider`], retrying throttled
/// requests by its [`RetryPolicy`], and follows `@odata.nextLink`.
///
/// Cloning is cheap (the connection pool and the provider are shared).
/// `Debug` never shows the token provider.
///
/// ```no_run
/// # async fn run() -> Result<(), graphgen_runtime::Error> {
/// use graphgen_runtime::{ApiVersion, Client, Cloud, ODataQuery, StaticToken};
/// # fn list_users() -> Result<graphgen_runtime::Request<graphgen_runtime::Page<serde_json::Value>>, graphgen_runtime::Error> {
/// #     use graphgen_runtime::{RequestBuilder, ResponseShape, http::Method};
/// #     RequestBuilder::new(Method::GET, "/users").build(ResponseShape::Collection)
/// # }
///
/// let client = Client::new(StaticToken::new("eyJ0eXAi..."))
///     .with_cloud(Cloud::UsGovL4)
///     .with_version(ApiVersion::V1);
/// // `list_users` stands for a generated endpoint function.
/// let request = list_users()?.with_query(&ODataQuery::new().select(["id"]).top(100))?;
/// let first_page = client.send(request.clone()).await?;
/// let mut pages = client.pages(request);
/// while let Some(page) = pages.next_page().await {
///     for user in page? {
///         println!("{user}");
///     }
/// }
/// # let _ = first_page;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    tokens: Arc<dyn TokenProvider>,
    settings: Settings,
    sleep: SleepFn,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.settings.base.as_str())
            .field("retry", &self.settings.retry)
            .field("tokens", &crate::Redacted(&()))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the global cloud's beta API, with a default reqwest
    /// client (rustls, no timeout) and the default [`RetryPolicy`].
    ///
    /// # Panics
    ///
    /// Like `reqwest::Client::new`, if the TLS backend cannot be
    /// initialised; use [`Client::from_http_client`] to handle that.
    pub fn new(tokens: impl TokenProvider + 'static) -> Self {
        Self::from_http_client(reqwest::Client::new(), tokens)
    }

    /// A client over a reqwest client configured by the caller (timeouts,
    /// proxy, pool).
    pub fn from_http_client(http: reqwest::Client, tokens: impl TokenProvider + 'static) -> Self {
        Client {
            http,
            tokens: Arc::new(tokens),
            settings: Settings::new(),
            sleep: Arc::new(|delay| Box::pin(tokio::time::sleep(delay))),
        }
    }

    settings_methods!();

    /// Replaces how the client waits before a retry (by default
    /// `tokio::time::sleep`), for other runtimes or for tests.
    pub fn with_sleep<F>(mut self, sleep: F) -> Self
    where
        F: Fn(Duration) -> BoxFuture<'static, ()> + Send + Sync + 'static,
    {
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
    ///
    /// The URL goes through reqwest's URL parser, which leaves the encoded
    /// path as it is but percent-encodes `'` in the query as `%27` (the
    /// same value to the server). A path with a `.` or `..` segment, which
    /// that parser would resolve away, is refused with
    /// [`Error::InvalidUri`] before anything is sent.
    pub async fn send<T: DeserializeOwned>(&self, request: Request<T>) -> Result<T, Error> {
        self.send_ref(&request).await
    }

    /// Sends `batch` (one `POST /$batch` per 20 requests, in turn) and joins the
    /// replies; read each request's result with [`BatchResponse::get`].
    ///
    /// [`BatchResponse::get`]: crate::BatchResponse::get
    pub async fn send_batch(&self, batch: &crate::Batch) -> Result<crate::BatchResponse, Error> {
        let mut replies = Vec::new();
        for request in batch.requests()? {
            replies.push(self.send(request).await?);
        }
        Ok(crate::BatchResponse::merge(replies))
    }

    /// Like [`Client::send`], borrowing the request.
    pub async fn send_ref<T: DeserializeOwned>(&self, request: &Request<T>) -> Result<T, Error> {
        let client_request_id = transport::new_client_request_id();
        let mut retry = RetryDriver::new(self.settings.retry);
        loop {
            match retry.step(self.attempt(request, &client_request_id).await) {
                RetryStep::Done(result) => return result,
                RetryStep::Resend { after } => (self.sleep)(after).await,
            }
        }
    }

    /// One attempt: a token, the request sent, the response read whole and
    /// parsed.
    async fn attempt<T: DeserializeOwned>(
        &self,
        request: &Request<T>,
        client_request_id: &HeaderValue,
    ) -> Result<T, Error> {
        let token = self.tokens.token().await?;
        let out = transport::outgoing(request, &self.settings.base, &token, client_request_id)?;
        drop(token);
        let response = self
            .http
            .request(out.method, out.url)
            .headers(out.headers)
            .body(out.body)
            .send()
            .await
            .map_err(transport::transport_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport::transport_error)?.to_vec();
        request.parse_response(transport::response(status, headers, body))
    }

    /// The pages of a collection, following `@odata.nextLink` (which must
    /// be on the base URL's host and under its path: a link elsewhere is
    /// an [`Error::InvalidUri`] and the token is not sent). Every page is
    /// requested with `request`'s method and headers (such as
    /// `ConsistencyLevel`).
    pub fn pages<T: DeserializeOwned>(&self, request: Request<Page<T>>) -> Pages<T> {
        Pages { client: self.clone(), cursor: Cursor::new(request) }
    }

    /// The items of every page of a collection, as a [`Stream`]; see
    /// [`Client::pages`]. The stream ends after the first error. (The
    /// blocking client's `items` is the same, as an `Iterator`.)
    pub fn items<T>(&self, request: Request<Page<T>>) -> Items<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.pages(request).into_items()
    }

    /// Every item of every page of a collection, collected.
    pub async fn collect_all<T: DeserializeOwned>(&self, request: Request<Page<T>>) -> Result<Vec<T>, Error> {
        let mut pages = self.pages(request);
        let mut items = Vec::new();
        while let Some(page) = pages.next_page().await {
            items.extend(page?.value);
        }
        Ok(items)
    }
}

/// The pages of a collection ([`Client::pages`]).
pub struct Pages<T> {
    client: Client,
    cursor: Cursor<T>,
}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").field("client", &self.client).finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> Pages<T> {
    /// The next page, or `None` after the last page or an error.
    pub async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
        let request = match self.cursor.take()? {
            Ok(request) => request,
            Err(error) => return Some(Err(error)),
        };
        let result = self.client.send_ref(&request).await;
        if let Ok(page) = &result {
            self.cursor.advance(&request, page, &self.client.settings.base);
        }
        Some(result)
    }
}

impl<T: DeserializeOwned + Send + 'static> Pages<T> {
    /// The items of every page, as a [`Stream`].
    pub fn into_items(self) -> Items<T> {
        Items { state: ItemsState::Idle(Box::new(self)), buffer: VecDeque::new() }
    }
}

/// The items of a collection, as a [`Stream`] ([`Client::items`]).
pub struct Items<T> {
    state: ItemsState<T>,
    buffer: VecDeque<T>,
}

type PageFuture<T> = BoxFuture<'static, (Box<Pages<T>>, Option<Result<Page<T>, Error>>)>;

enum ItemsState<T> {
    Idle(Box<Pages<T>>),
    Fetching(PageFuture<T>),
    Done,
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("buffered", &self.buffer.len()).finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::mem::replace(&mut this.state, ItemsState::Done) {
                ItemsState::Done => return Poll::Ready(None),
                ItemsState::Idle(mut pages) => {
                    this.state = ItemsState::Fetching(Box::pin(async move {
                        let page = pages.next_page().await;
                        (pages, page)
                    }));
                }
                ItemsState::Fetching(mut future) => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = ItemsState::Fetching(future);
                        return Poll::Pending;
                    }
                    Poll::Ready((_, None)) => return Poll::Ready(None),
                    Poll::Ready((_, Some(Err(error)))) => return Poll::Ready(Some(Err(error))),
                    Poll::Ready((pages, Some(Ok(page)))) => {
                        this.buffer.extend(page.value);
                        this.state = ItemsState::Idle(pages);
                    }
                },
            }
        }
    }
}

impl<T> Unpin for Items<T> {}
