//! The OAuth 2.0 device authorization grant (RFC 8628) against Microsoft
//! Entra ID, as an Azure SDK credential: `azure_identity` has none.
//!
//! The first token asks the sign-in service for a code, shows it through the
//! prompt, and polls until the user has entered it; later tokens come from
//! the cache or from the refresh token, so the user is prompted again only
//! when the refresh token no longer works.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::error::ErrorKind;
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::cloud::Cloud;
use crate::error::Error;

/// What the user must do to sign in: open `verification_uri` and enter
/// `user_code`. `message` is the sign-in service's own sentence saying so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceCodePrompt {
    /// The code to enter.
    pub user_code: String,
    /// The page to enter it on (`https://microsoft.com/devicelogin`).
    pub verification_uri: String,
    /// The service's instructions, in the user's language.
    pub message: String,
    /// How long the code stays valid.
    pub expires_in: Duration,
}

/// How long before its expiry a cached token is replaced.
const EXPIRY_MARGIN: Duration = Duration::from_secs(300);

/// The longest a server-given lifetime or wait is taken at (a larger one is
/// cut to it, so no arithmetic on it can overflow).
const MAX_SECONDS: u64 = 24 * 60 * 60;

/// A lifetime or wait the server gave, cut to [`MAX_SECONDS`].
fn seconds(value: u64) -> Duration {
    Duration::from_secs(value.min(MAX_SECONDS))
}

/// The device code grant's `grant_type`.
const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

type Prompt = dyn Fn(&DeviceCodePrompt) + Send + Sync;

/// A credential for a user signing in on another device with a code.
/// `Debug` shows the authority, tenant and client id, never a token.
pub struct DeviceCodeCredential {
    authority: String,
    tenant_id: String,
    client_id: String,
    http: reqwest::Client,
    prompt: Arc<Prompt>,
    cache: Mutex<Option<Cached>>,
}

struct Cached {
    scope: String,
    access_token: String,
    valid_until: Instant,
    expires_in: Duration,
    refresh_token: Option<String>,
}

impl fmt::Debug for DeviceCodeCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceCodeCredential")
            .field("authority", &self.authority)
            .field("tenant_id", &self.tenant_id)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct DeviceCodeResponse {
    device_code: String,
    user_code: String,
    verification_uri: String,
    #[serde(default)]
    message: String,
    expires_in: u64,
    #[serde(default = "default_interval")]
    interval: u64,
}

fn default_interval() -> u64 {
    5
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
    #[serde(default)]
    refresh_token: Option<String>,
}

#[derive(Deserialize)]
struct ErrorResponse {
    error: String,
    #[serde(default)]
    error_description: String,
}

/// What one request to the token endpoint said.
enum Reply {
    Token(TokenResponse),
    Refused(ErrorResponse),
}

fn credential_error(message: impl Into<String>) -> azure_core::Error {
    azure_core::Error::with_message(ErrorKind::Credential, message.into())
}

impl DeviceCodeCredential {
    /// Signs users in at `cloud`'s authority ([`Cloud::authority_host`]) in
    /// `tenant_id` (a directory id or domain, or `organizations` /
    /// `common`), as the public client app `client_id`.
    pub fn new(
        cloud: Cloud,
        tenant_id: &str,
        client_id: &str,
        prompt: impl Fn(&DeviceCodePrompt) + Send + Sync + 'static,
    ) -> Result<Self, Error> {
        let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !valid(tenant_id) {
            return Err(Error::token(format!("invalid tenant id {tenant_id:?}")));
        }
        if client_id.is_empty() {
            return Err(Error::token("the client id is empty"));
        }
        let http = super::transport::sign_in_client()?;
        Ok(DeviceCodeCredential {
            authority: cloud.authority_host().to_owned(),
            tenant_id: tenant_id.to_owned(),
            client_id: client_id.to_owned(),
            http,
            prompt: Arc::new(prompt),
            cache: Mutex::new(None),
        })
    }

    /// Signs in at another authority (`http://127.0.0.1:port` in tests, or
    /// an Azure Stack authority).
    pub fn with_authority_host(mut self, authority: impl Into<String>) -> Self {
        self.authority = authority.into().trim_end_matches('/').to_owned();
        self
    }

    fn endpoint(&self, name: &str) -> String {
        format!("{}/{}/oauth2/v2.0/{name}", self.authority, self.tenant_id)
    }

    async fn post(&self, name: &str, form: &[(&str, &str)]) -> azure_core::Result<(u16, Vec<u8>)> {
        let response =
            self.http.post(self.endpoint(name)).form(form).send().await.map_err(|e| {
                azure_core::Error::with_error(ErrorKind::Io, e, format!("the {name} request was not sent"))
            })?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| {
            azure_core::Error::with_error(ErrorKind::Io, e, format!("the {name} response was not read"))
        })?;
        Ok((status, body.to_vec()))
    }

    async fn token_request(&self, form: &[(&str, &str)]) -> azure_core::Result<Reply> {
        let (status, body) = self.post("token", form).await?;
        if (200..300).contains(&status) {
            let token = serde_json::from_slice(&body)
                .map_err(|e| credential_error(format!("the token response is not a token: {e}")))?;
            return Ok(Reply::Token(token));
        }
        match serde_json::from_slice::<ErrorResponse>(&body) {
            Ok(error) => Ok(Reply::Refused(error)),
            Err(_) => Err(credential_error(format!("the token endpoint answered {status}"))),
        }
    }

    async fn refresh(&self, scope: &str, refresh_token: &str) -> azure_core::Result<Option<TokenResponse>> {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id.as_str()),
            ("refresh_token", refresh_token),
            ("scope", scope),
        ];
        Ok(match self.token_request(&form).await? {
            Reply::Token(token) => Some(token),
            Reply::Refused(_) => None,
        })
    }

    async fn sign_in(&self, scope: &str) -> azure_core::Result<TokenResponse> {
        let (status, body) =
            self.post("devicecode", &[("client_id", self.client_id.as_str()), ("scope", scope)]).await?;
        if !(200..300).contains(&status) {
            let detail = serde_json::from_slice::<ErrorResponse>(&body)
                .map(|e| format!("{}: {}", e.error, e.error_description))
                .unwrap_or_else(|_| format!("status {status}"));
            return Err(credential_error(format!("the device code request was refused ({detail})")));
        }
        let code: DeviceCodeResponse = serde_json::from_slice(&body)
            .map_err(|e| credential_error(format!("the device code response is not one: {e}")))?;
        (self.prompt)(&DeviceCodePrompt {
            user_code: code.user_code.clone(),
            verification_uri: code.verification_uri.clone(),
            message: code.message.clone(),
            expires_in: seconds(code.expires_in),
        });
        let deadline = Instant::now() + seconds(code.expires_in);
        let mut interval = seconds(code.interval);
        let form = [
            ("grant_type", DEVICE_CODE_GRANT),
            ("client_id", self.client_id.as_str()),
            ("device_code", code.device_code.as_str()),
        ];
        loop {
            tokio::time::sleep(interval).await;
            match self.token_request(&form).await? {
                Reply::Token(token) => return Ok(token),
                Reply::Refused(error) => match error.error.as_str() {
                    "authorization_pending" if Instant::now() < deadline => {}
                    "slow_down" if Instant::now() < deadline => {
                        interval = (interval + Duration::from_secs(5)).min(seconds(MAX_SECONDS));
                    }
                    _ => {
                        return Err(credential_error(format!(
                            "device code sign-in failed ({}: {})",
                            error.error, error.error_description
                        )));
                    }
                },
            }
        }
    }
}

#[async_trait::async_trait]
impl TokenCredential for DeviceCodeCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        if scopes.is_empty() {
            return Err(credential_error("no scope was asked for"));
        }
        let scope = format!("{} offline_access", scopes.join(" "));
        let mut cache = self.cache.lock().await;
        if let Some(cached) =
            cache.as_ref().filter(|c| c.scope == scope && Instant::now() + EXPIRY_MARGIN < c.valid_until)
        {
            return Ok(access_token(cached));
        }
        let refresh_token = cache.as_ref().and_then(|c| c.refresh_token.clone());
        let refreshed = match refresh_token.as_deref() {
            Some(refresh_token) => self.refresh(&scope, refresh_token).await?,
            None => None,
        };
        let token = match refreshed {
            Some(token) => token,
            None => self.sign_in(&scope).await?,
        };
        let expires_in = seconds(token.expires_in);
        let cached = Cached {
            scope,
            access_token: token.access_token,
            valid_until: Instant::now() + expires_in,
            expires_in,
            refresh_token: token.refresh_token.or(refresh_token),
        };
        let result = access_token(&cached);
        *cache = Some(cached);
        Ok(result)
    }
}

fn access_token(cached: &Cached) -> AccessToken {
    let remaining = cached.valid_until.saturating_duration_since(Instant::now()).min(cached.expires_in);
    // At most MAX_SECONDS, so the addition cannot overflow.
    let remaining = i64::try_from(remaining.as_secs()).unwrap_or(0);
    AccessToken::new(
        Secret::new(cached.access_token.clone()),
        azure_core::time::OffsetDateTime::now_utc() + azure_core::time::Duration::seconds(remaining),
    )
}
