//! Access tokens and the providers that supply them.
//!
//! A transport asks its provider for a token before every attempt, so a
//! provider that caches and refreshes tokens keeps working across long
//! paging loops and retries. Tokens never appear in `Debug` output or in an
//! [`Error`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use http::HeaderValue;

use crate::error::Error;

/// A bearer access token. `Debug` shows `AccessToken("<redacted>")`; there
/// is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(token.into())
    }

    /// The token itself, for code that must send it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The `Authorization` header value `Bearer <token>`, marked sensitive.
    /// A token that is not a valid header value is an
    /// [`Error::InvalidHeader`], which does not contain it.
    pub fn bearer_header(&self) -> Result<HeaderValue, Error> {
        let mut value = HeaderValue::try_from(format!("Bearer {}", self.0)).map_err(|_| Error::InvalidHeader {
            name: http::header::AUTHORIZATION.to_string(),
            message: "the access token is not a valid header value".to_owned(),
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AccessToken").field(&crate::Redacted(&self.0)).finish()
    }
}

impl From<String> for AccessToken {
    fn from(token: String) -> Self {
        AccessToken(token)
    }
}

impl From<&str> for AccessToken {
    fn from(token: &str) -> Self {
        AccessToken(token.to_owned())
    }
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken, Error>> + Send + 'a>>;

/// Supplies access tokens to the async client.
///
/// The trait is object-safe (the client keeps an `Arc<dyn TokenProvider>`).
/// Implement it with an `async` block:
///
/// ```
/// use graphgen_runtime::{AccessToken, Error, TokenFuture, TokenProvider};
/// struct FromEnv;
/// impl TokenProvider for FromEnv {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async {
///             std::env::var("GRAPH_TOKEN").map(AccessToken::new).map_err(Error::token)
///         })
///     }
/// }
/// ```
///
/// A provider's errors should be reported with [`Error::token`] and must not
/// contain the token.
pub trait TokenProvider: Send + Sync {
    /// A token valid for the next request.
    fn token(&self) -> TokenFuture<'_>;
}

/// Supplies access tokens to the blocking client.
///
/// Closures `Fn() -> Result<AccessToken, Error>` are providers.
pub trait BlockingTokenProvider: Send + Sync {
    /// A token valid for the next request.
    fn token_blocking(&self) -> Result<AccessToken, Error>;
}

impl<P: TokenProvider + ?Sized> TokenProvider for Arc<P> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }
}

impl<P: TokenProvider + ?Sized> TokenProvider for Box<P> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }
}

impl<P: BlockingTokenProvider + ?Sized> BlockingTokenProvider for Arc<P> {
    fn token_blocking(&self) -> Result<AccessToken, Error> {
        (**self).token_blocking()
    }
}

impl<F> BlockingTokenProvider for F
where
    F: Fn() -> Result<AccessToken, Error> + Send + Sync,
{
    fn token_blocking(&self) -> Result<AccessToken, Error> {
        self()
    }
}

/// A provider that always returns the same token (one obtained elsewhere,
/// such as from the Azure CLI or Graph Explorer). Usable by both clients.
///
/// ```
/// use graphgen_runtime::StaticToken;
/// let provider = StaticToken::new("eyJ0eXAi...");
/// assert_eq!(format!("{provider:?}"), r#"StaticToken(AccessToken("<redacted>"))"#);
/// ```
#[derive(Clone, Debug)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A provider of `token` (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

impl BlockingTokenProvider for StaticToken {
    fn token_blocking(&self) -> Result<AccessToken, Error> {
        Ok(self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_redacted() {
        let token = AccessToken::new("SECRET-1");
        assert_eq!(format!("{token:?}"), r#"AccessToken("<redacted>")"#);
        assert_eq!(format!("{:?}", StaticToken::new("SECRET-1")), r#"StaticToken(AccessToken("<redacted>"))"#);
        let header = token.bearer_header().unwrap();
        assert!(header.is_sensitive());
        assert_eq!(header, "Bearer SECRET-1");
        let err = AccessToken::new("SECRET\n2").bearer_header().unwrap_err();
        assert!(!format!("{err} {err:?}").contains("SECRET"));
    }

    #[test]
    fn blocking_providers() {
        assert_eq!(StaticToken::new("t").token_blocking().unwrap().expose_secret(), "t");
        let closure = || Ok(AccessToken::from("c"));
        assert_eq!(closure.token_blocking().unwrap().expose_secret(), "c");
        let shared: Arc<dyn BlockingTokenProvider> = Arc::new(StaticToken::new("s"));
        assert_eq!(shared.token_blocking().unwrap().expose_secret(), "s");
    }
}
