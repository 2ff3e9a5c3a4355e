//! The settings both clients share (cloud, API version, base URL, retry
//! policy) and the methods that set them.

use crate::cloud::{ApiVersion, BaseUrl, Cloud};
use crate::retry::RetryPolicy;

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
