//! What the async and blocking clients share: turning a [`Request`] into
//! what goes on the wire, and following `@odata.nextLink`.

use http::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use http::{Method, StatusCode};

use crate::auth::AccessToken;
use crate::cloud::{ApiVersion, BaseUrl, Cloud};
use crate::error::Error;
use crate::page::Page;
use crate::request::Request;
use crate::retry::RetryPolicy;

/// The `User-Agent` the clients send unless the request has one.
const AGENT: &str = concat!("graphgen-runtime/", env!("CARGO_PKG_VERSION"));

/// The `client-request-id` header Graph echoes back in errors.
pub(crate) const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");

/// Where and how both clients send: cloud and API version (which give the
/// base URL unless one is set), and the retry policy.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    cloud: Cloud,
    version: ApiVersion,
    pub base: BaseUrl,
    pub retry: RetryPolicy,
}

impl Settings {
    /// The global cloud's beta API, the default retry policy.
    pub(crate) fn new() -> Self {
        Settings {
            cloud: Cloud::Global,
            version: ApiVersion::Beta,
            base: BaseUrl::default(),
            retry: RetryPolicy::default(),
        }
    }

    pub(crate) fn set_cloud(&mut self, cloud: Cloud) {
        self.cloud = cloud;
        self.base = BaseUrl::new(cloud, self.version);
    }

    pub(crate) fn set_version(&mut self, version: ApiVersion) {
        self.version = version;
        self.base = BaseUrl::new(self.cloud, version);
    }
}

/// The settings methods of a client type whose [`Settings`] are in `self.settings`:
/// the async and blocking clients offer the same ones.
macro_rules! settings_methods {
    () => {
        /// Sends requests to `cloud`, keeping the API version.
        pub fn with_cloud(mut self, cloud: Cloud) -> Self {
            self.settings.set_cloud(cloud);
            self
        }

        /// Sends requests to `version` of the API, keeping the cloud.
        pub fn with_version(mut self, version: ApiVersion) -> Self {
            self.settings.set_version(version);
            self
        }

        /// Sends requests to a custom base URL (a proxy, a test server). A later
        /// [`Client::with_cloud`] or [`Client::with_version`] replaces it.
        pub fn with_base_url(mut self, base: BaseUrl) -> Self {
            self.settings.base = base;
            self
        }

        /// Sets the retry policy ([`RetryPolicy::none`] turns retries off).
        pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
            self.settings.retry = retry;
            self
        }

        /// The base URL requests are sent to.
        pub fn base_url(&self) -> &BaseUrl {
            &self.settings.base
        }

        /// The retry policy.
        pub fn retry_policy(&self) -> &RetryPolicy {
            &self.settings.retry
        }
    };
}
pub(crate) use settings_methods;

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

/// Where a paging loop is: the request for the next page, or the error
/// that following the last `@odata.nextLink` gave, if any.
pub(crate) struct Cursor<T> {
    next: Option<Result<Request<Page<T>>, Error>>,
    last_link: Option<String>,
}

impl<T> Cursor<T> {
    pub(crate) fn new(first: Request<Page<T>>) -> Self {
        Cursor { next: Some(Ok(first)), last_link: None }
    }

    /// The request for the next page (or the error that ends paging), and
    /// the cursor left empty until [`Cursor::advance`].
    pub(crate) fn take(&mut self) -> Option<Result<Request<Page<T>>, Error>> {
        self.next.take()
    }

    /// Records `page`, a response to `sent`: its `@odata.nextLink` (which
    /// must be on `base`'s host and under its path) becomes the next
    /// request, keeping `sent`'s method and headers. A link elsewhere, or
    /// equal to the previous one (an endless loop), becomes the next
    /// result's error, so this page's items are still delivered.
    pub(crate) fn advance(&mut self, sent: &Request<Page<T>>, page: &Page<T>, base: &BaseUrl) {
        let Some(link) = page.next_link() else {
            return;
        };
        if self.last_link.as_deref() == Some(link) {
            self.next = Some(Err(Error::InvalidUri {
                uri: link.to_owned(),
                message: "the server sent the same @odata.nextLink twice".to_owned(),
            }));
            return;
        }
        self.next = Some(sent.next_page(link, base.as_str()));
        self.last_link = Some(link.to_owned());
    }
}
