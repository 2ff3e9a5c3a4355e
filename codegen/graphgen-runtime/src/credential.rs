//! Tokens from the Azure SDK's own credentials (`azure_identity`), for the
//! national cloud the client talks to.
//!
//! [`AzureCredential`] is a [`TokenProvider`] over any
//! [`azure_core::credentials::TokenCredential`]: it asks for the cloud's
//! Graph scope (`https://graph.microsoft.com/.default` in the global
//! service) and hands the token to the client. Its constructors build the
//! usual credentials with the cloud's sign-in authority already chosen:
//!
//! ```no_run
//! # fn main() -> Result<(), graphgen_runtime::Error> {
//! use graphgen_runtime::{AzureCredential, Client, Cloud};
//! let tokens = AzureCredential::client_secret(Cloud::Global, "contoso.onmicrosoft.com", "app-id", "secret")?;
//! let client = Client::new(tokens);
//! # Ok(()) }
//! ```
//!
//! The credentials cache their tokens and fetch a new one shortly before it
//! expires; their HTTP requests go through the client's reqwest stack
//! (rustls), so this feature adds no second TLS stack.

mod device_code;
mod transport;

use std::fmt;
use std::sync::Arc;

use azure_core::cloud::CloudConfiguration;
use azure_core::credentials::{Secret, TokenCredential};
use azure_core::http::{ClientOptions, Transport};
use azure_identity::{
    AzureCliCredential, AzureCliCredentialOptions, ClientSecretCredential, ClientSecretCredentialOptions,
    ManagedIdentityCredential, ManagedIdentityCredentialOptions, UserAssignedId,
};

pub use device_code::{DeviceCodeCredential, DeviceCodePrompt};
pub use transport::ReqwestHttpClient;
/// The Azure SDK crates the credentials come from, for naming their types
/// (`UserAssignedId`, `TokenCredential`) without depending on them again.
pub use {azure_core, azure_identity};

use crate::auth::{AccessToken, TokenFuture, TokenProvider};
use crate::cloud::Cloud;
use crate::error::Error;

/// A [`TokenProvider`] over an `azure_identity` credential, asking for the
/// Graph scope of one national cloud. `Debug` shows the scope and the
/// credential's type, never a secret.
#[derive(Clone)]
pub struct AzureCredential {
    credential: Arc<dyn TokenCredential>,
    cloud: Cloud,
    scope: String,
}

impl fmt::Debug for AzureCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureCredential")
            .field("cloud", &self.cloud)
            .field("scope", &self.scope)
            .field("credential", &self.credential)
            .finish()
    }
}

impl AzureCredential {
    /// Tokens from `credential` for `cloud`'s Graph scope
    /// ([`Cloud::default_scope`]).
    pub fn new(credential: Arc<dyn TokenCredential>, cloud: Cloud) -> Self {
        AzureCredential { credential, cloud, scope: cloud.default_scope() }
    }

    /// An app's own tokens (client credentials flow) from its client secret,
    /// signed in at `cloud`'s authority ([`Cloud::authority_host`]).
    /// `tenant_id` is the directory's id or a verified domain.
    pub fn client_secret(
        cloud: Cloud,
        tenant_id: &str,
        client_id: &str,
        secret: impl Into<String>,
    ) -> Result<Self, Error> {
        let options = ClientSecretCredentialOptions { client_options: client_options(cloud)? };
        let credential =
            ClientSecretCredential::new(tenant_id, client_id.to_owned(), Secret::new(secret.into()), Some(options))
                .map_err(Error::token)?;
        Ok(Self::new(credential, cloud))
    }

    /// The tokens of the managed identity of the Azure host the program runs
    /// on (virtual machine, App Service, Functions…): the system-assigned
    /// identity, or the user-assigned one given.
    pub fn managed_identity(cloud: Cloud, user_assigned_id: Option<UserAssignedId>) -> Result<Self, Error> {
        let options = ManagedIdentityCredentialOptions { user_assigned_id, client_options: client_options(cloud)? };
        let credential = ManagedIdentityCredential::new(Some(options)).map_err(Error::token)?;
        Ok(Self::new(credential, cloud))
    }

    /// The tokens of the account signed in to the Azure CLI (`az login`;
    /// for a national cloud, `az cloud set` first), optionally in another of
    /// its tenants.
    pub fn azure_cli(cloud: Cloud, tenant_id: Option<&str>) -> Result<Self, Error> {
        let options = AzureCliCredentialOptions { tenant_id: tenant_id.map(str::to_owned), ..Default::default() };
        let credential = AzureCliCredential::new(Some(options)).map_err(Error::token)?;
        Ok(Self::new(credential, cloud))
    }

    /// A user's tokens by the device code flow: `prompt` is called with the
    /// code and the page to enter it on, once per sign-in; the tokens are
    /// then cached and refreshed. `client_id` is a public client app
    /// registration.
    pub fn device_code(
        cloud: Cloud,
        tenant_id: &str,
        client_id: &str,
        prompt: impl Fn(&DeviceCodePrompt) + Send + Sync + 'static,
    ) -> Result<Self, Error> {
        let credential = DeviceCodeCredential::new(cloud, tenant_id, client_id, prompt)?;
        Ok(Self::new(Arc::new(credential), cloud))
    }

    /// The cloud the tokens are for; the client must send its requests
    /// there too (`Client::with_cloud`).
    pub fn cloud(&self) -> Cloud {
        self.cloud
    }

    /// The scope tokens are asked for.
    pub fn scope(&self) -> &str {
        &self.scope
    }
}

impl TokenProvider for AzureCredential {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let token = self.credential.get_token(&[self.scope.as_str()], None).await.map_err(Error::token)?;
            Ok(AccessToken::new(token.token.secret()))
        })
    }
}

/// The options every credential is built with: `cloud`'s authority, and the
/// runtime's reqwest client as the transport.
fn client_options(cloud: Cloud) -> Result<ClientOptions, Error> {
    let http = ReqwestHttpClient::new()?;
    Ok(ClientOptions {
        transport: Some(Transport::new(Arc::new(http))),
        cloud: Some(Arc::new(cloud_configuration(cloud))),
        ..Default::default()
    })
}

/// The Azure SDK's name for `cloud`'s sign-in authority.
fn cloud_configuration(cloud: Cloud) -> CloudConfiguration {
    match cloud {
        Cloud::Global => CloudConfiguration::AzurePublic,
        Cloud::UsGovL4 | Cloud::UsGovL5Dod => CloudConfiguration::AzureGovernment,
        Cloud::China => CloudConfiguration::AzureChina,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cloud_signs_in_at_the_authority_the_azure_sdk_names_for_it() {
        for cloud in Cloud::ALL {
            let expected = match cloud_configuration(cloud) {
                CloudConfiguration::AzurePublic => "https://login.microsoftonline.com",
                CloudConfiguration::AzureGovernment => "https://login.microsoftonline.us",
                CloudConfiguration::AzureChina => "https://login.chinacloudapi.cn",
                other => panic!("{other:?}"),
            };
            assert_eq!(cloud.authority_host(), expected, "{cloud}");
        }
    }
}
