//! Where requests go: the national cloud, the API version, and the base URL
//! they make.

use std::fmt;
use std::str::FromStr;

use http::Uri;

use crate::error::Error;
use crate::request::Request;

/// A Microsoft Graph deployment (the "national clouds").
///
/// `FromStr` accepts the names the docs use in their availability tables
/// ("Global service", "US Government L4", "US Government L5 (DOD)", "China
/// operated by 21Vianet"), case-insensitively and ignoring spaces and
/// punctuation, and short forms (`global`, `usgovl4`, `usgovl5`, `dod`,
/// `china`, `21vianet`).
///
/// ```
/// use graphgen_runtime::Cloud;
/// let cloud: Cloud = "US Government L5 (DOD)".parse().unwrap();
/// assert_eq!(cloud, Cloud::UsGovL5Dod);
/// assert_eq!(cloud.graph_root(), "https://dod-graph.microsoft.us");
/// assert_eq!(cloud.to_string(), "US Government L5 (DOD)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service, `https://graph.microsoft.com`.
    #[default]
    Global,
    /// Microsoft Graph for US Government L4, `https://graph.microsoft.us`.
    UsGovL4,
    /// Microsoft Graph for US Government L5 (DOD),
    /// `https://dod-graph.microsoft.us`.
    UsGovL5Dod,
    /// Microsoft Graph China operated by 21Vianet,
    /// `https://microsoftgraph.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// Every cloud, in the docs' order.
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGovL4, Cloud::UsGovL5Dod, Cloud::China];

    /// The scheme and host of the cloud's Graph endpoint, without a
    /// trailing `/`.
    pub fn graph_root(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGovL4 => "https://graph.microsoft.us",
            Cloud::UsGovL5Dod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The scheme and host of the cloud's Microsoft Entra sign-in authority
    /// (where tokens for its Graph endpoint are issued), without a
    /// trailing `/`.
    pub fn authority_host(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsGovL4 | Cloud::UsGovL5Dod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// The scope that asks for every permission granted to an app on the
    /// cloud's Graph endpoint: `https://graph.microsoft.com/.default`.
    pub fn default_scope(self) -> String {
        format!("{}/.default", self.graph_root())
    }

    /// The name the docs use for the cloud.
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Global => "Global service",
            Cloud::UsGovL4 => "US Government L4",
            Cloud::UsGovL5Dod => "US Government L5 (DOD)",
            Cloud::China => "China operated by 21Vianet",
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing a [`Cloud`] or an [`ApiVersion`] from an unknown
/// name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What was being parsed (`"cloud"` or `"API version"`).
    pub kind: &'static str,
    /// The name as given.
    pub name: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown Microsoft Graph {}: {:?}", self.kind, self.name)
    }
}

impl std::error::Error for UnknownName {}

impl FromStr for Cloud {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
        Ok(match key.as_str() {
            "global" | "globalservice" | "public" | "worldwide" => Cloud::Global,
            "usgovernmentl4" | "usgovl4" | "l4" | "gcchigh" => Cloud::UsGovL4,
            "usgovernmentl5dod" | "usgovernmentl5" | "usgovl5" | "usgovl5dod" | "l5" | "dod" => Cloud::UsGovL5Dod,
            "chinaoperatedby21vianet" | "china" | "21vianet" | "chinaoperatedbyvianet" => Cloud::China,
            _ => return Err(UnknownName { kind: "cloud", name: s.to_owned() }),
        })
    }
}

/// The Graph API version, the first segment of every path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ApiVersion {
    /// `beta`, which the generated crate targets.
    #[default]
    Beta,
    /// `v1.0`.
    V1,
}

impl ApiVersion {
    /// The path segment: `beta` or `v1.0`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::Beta => "beta",
            ApiVersion::V1 => "v1.0",
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ApiVersion {
    type Err = UnknownName;

    /// Accepts `beta` and `v1.0` (also `v1`, `1.0`), case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "beta" => Ok(ApiVersion::Beta),
            "v1.0" | "v1" | "1.0" => Ok(ApiVersion::V1),
            _ => Err(UnknownName { kind: "API version", name: s.to_owned() }),
        }
    }
}

/// The API root that request paths are relative to, such as
/// `https://graph.microsoft.com/beta` (the default).
///
/// A request's full URL is the base URL followed by its
/// [`Request::path_and_query`].
///
/// ```
/// use graphgen_runtime::{ApiVersion, BaseUrl, Cloud};
/// assert_eq!(BaseUrl::default().as_str(), "https://graph.microsoft.com/beta");
/// let china = BaseUrl::new(Cloud::China, ApiVersion::V1);
/// assert_eq!(china.join("/me?$select=id"), "https://microsoftgraph.chinacloudapi.cn/v1.0/me?$select=id");
/// let local = BaseUrl::parse("http://127.0.0.1:8080/beta/").unwrap();
/// assert_eq!(local.as_str(), "http://127.0.0.1:8080/beta");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// The base URL of `cloud` and `version`.
    pub fn new(cloud: Cloud, version: ApiVersion) -> Self {
        BaseUrl(format!("{}/{}", cloud.graph_root(), version.as_str()))
    }

    /// A custom base URL (a proxy, a test server), such as
    /// `http://127.0.0.1:8080/beta`.
    ///
    /// It must be an absolute `https` URL, or an `http` URL whose host is
    /// `localhost` or a loopback address (so a token is never sent in clear
    /// over a network), with no user information, query or fragment. A
    /// trailing `/` is dropped. Otherwise this returns
    /// [`Error::InvalidUri`].
    pub fn parse(url: &str) -> Result<Self, Error> {
        let invalid = |message: &str| Error::InvalidUri { uri: url.to_owned(), message: message.to_owned() };
        if url.contains(['#', '?']) {
            return Err(invalid("a base URL has no query or fragment"));
        }
        let uri: Uri = url.parse().map_err(|e: http::uri::InvalidUri| invalid(&e.to_string()))?;
        let authority = uri.authority().ok_or_else(|| invalid("a base URL must be absolute"))?;
        if authority.as_str().contains('@') {
            return Err(invalid("a base URL has no user information"));
        }
        match uri.scheme_str() {
            Some("https") => {}
            Some("http") if is_loopback(authority.host()) => {}
            Some("http") => return Err(invalid("plain http is only allowed to localhost or a loopback address")),
            _ => return Err(invalid("a base URL must be http or https")),
        }
        Ok(BaseUrl(url.trim_end_matches('/').to_owned()))
    }

    /// The base URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The base URL followed by `path_and_query` (which starts with `/`).
    pub fn join(&self, path_and_query: &str) -> String {
        format!("{}{}", self.0, path_and_query)
    }

    /// The full URL of `request`.
    pub fn url_of<T>(&self, request: &Request<T>) -> String {
        self.join(request.path_and_query())
    }
}

impl Default for BaseUrl {
    /// `https://graph.microsoft.com/beta`.
    fn default() -> Self {
        BaseUrl::new(Cloud::Global, ApiVersion::Beta)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BaseUrl {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BaseUrl::parse(s)
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_names_parse_and_round_trip() {
        for cloud in Cloud::ALL {
            assert_eq!(cloud.name().parse::<Cloud>().unwrap(), cloud);
            assert_eq!(cloud.to_string().parse::<Cloud>().unwrap(), cloud);
        }
        assert_eq!("Global service".parse::<Cloud>().unwrap(), Cloud::Global);
        assert_eq!("US Government L4".parse::<Cloud>().unwrap(), Cloud::UsGovL4);
        assert_eq!("US Government L5 (DOD)".parse::<Cloud>().unwrap(), Cloud::UsGovL5Dod);
        assert_eq!("China operated by 21Vianet".parse::<Cloud>().unwrap(), Cloud::China);
        assert_eq!("us-gov-l4".parse::<Cloud>().unwrap(), Cloud::UsGovL4);
        assert_eq!("DoD".parse::<Cloud>().unwrap(), Cloud::UsGovL5Dod);
        let err = "Mars".parse::<Cloud>().unwrap_err();
        assert_eq!(err.to_string(), "unknown Microsoft Graph cloud: \"Mars\"");
    }

    #[test]
    fn base_urls() {
        assert_eq!(BaseUrl::default().as_str(), "https://graph.microsoft.com/beta");
        assert_eq!(BaseUrl::new(Cloud::Global, ApiVersion::V1).as_str(), "https://graph.microsoft.com/v1.0");
        assert_eq!(BaseUrl::new(Cloud::UsGovL4, ApiVersion::Beta).as_str(), "https://graph.microsoft.us/beta");
        assert_eq!(BaseUrl::new(Cloud::UsGovL5Dod, ApiVersion::V1).as_str(), "https://dod-graph.microsoft.us/v1.0");
        assert_eq!(
            BaseUrl::new(Cloud::China, ApiVersion::Beta).as_str(),
            "https://microsoftgraph.chinacloudapi.cn/beta"
        );
        assert_eq!("V1.0".parse::<ApiVersion>().unwrap(), ApiVersion::V1);
        assert!("v2".parse::<ApiVersion>().is_err());
    }

    #[test]
    fn custom_base_urls_are_checked() {
        for ok in [
            "https://proxy.example/graph/beta",
            "http://127.0.0.1:1234/beta",
            "http://[::1]:8/v1.0",
            "http://localhost",
        ] {
            assert!(BaseUrl::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://graph.microsoft.com/beta",
            "ftp://x/beta",
            "/beta",
            "https://u:p@graph.microsoft.com/beta",
            "https://graph.microsoft.com/beta?x=1",
            "https://graph.microsoft.com/beta#x",
            "not a url",
        ] {
            assert!(matches!(BaseUrl::parse(bad), Err(Error::InvalidUri { .. })), "{bad}");
        }
    }
}
