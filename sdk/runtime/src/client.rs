//! `Client` and its builder: where the API is, how to authenticate, how long to wait, when to retry.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::Url;

use crate::auth::ClientCredentials;
use crate::{Error, RetryPolicy};

/// The gateway serves the orchestration API under this prefix.
pub const DEFAULT_API_PREFIX: &str = "/api/orchestration";
/// A local Formance stack.
pub const DEFAULT_SERVER_URL: &str = "http://localhost";
/// The organization placeholder of the Formance Cloud server URL.
pub const DEFAULT_ORGANIZATION: &str = "orgID-stackID";
/// The token endpoint of a Formance stack, relative to its server URL.
pub const DEFAULT_TOKEN_PATH: &str = "/api/auth/oauth/token";

/// A Formance Cloud region, the `{environment}` of `https://{organization}.{environment}.formance.cloud`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Environment {
    #[default]
    EuSandbox,
    EuWest1,
    UsEast1,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EuSandbox => "eu.sandbox",
            Self::EuWest1 => "eu-west-1",
            Self::UsEast1 => "us-east-1",
        }
    }
}

/// The entry point of the SDK: one method per operation (`client.list_instances()`...).
///
/// Cheap to clone; clones share the connection pool and the token cache.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// Never follows redirects: the SDK decides which to follow (see `redirect.rs`).
    pub(crate) http: reqwest::Client,
    /// Server URL and API prefix, without a trailing slash.
    pub(crate) base_url: String,
    pub(crate) credentials: Option<ClientCredentials>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) operation_timeout: Duration,
    pub(crate) max_response_bytes: u64,
    pub(crate) retry: RetryPolicy,
}

/// One attempt: token wait, request, redirects, the refresh after a 401, the resend and the body.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The whole call: every attempt and every wait between them.
const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Far above the largest page the API serves (1,000 items), far below what hurts a service.
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL requests are sent under: server URL and API prefix.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("client_id", &inner.credentials.as_ref().map(ClientCredentials::client_id))
            .field("client_secret", &inner.credentials.as_ref().map(|_| "<redacted>"))
            .field("token_url", &inner.credentials.as_ref().map(|c| c.token_url().as_str()))
            .field("timeout", &inner.timeout)
            .field("operation_timeout", &inner.operation_timeout)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("retry", &inner.retry)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Every setting has a default; `build()` checks them all.
#[derive(Default)]
pub struct ClientBuilder {
    server_url: Option<String>,
    api_prefix: Option<String>,
    client_credentials: Option<(String, String)>,
    token_url: Option<String>,
    http_client: Option<reqwest::ClientBuilder>,
    user_agent: Option<String>,
    timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: Option<u64>,
    retry: Option<RetryPolicy>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("server_url", &self.server_url)
            .field("api_prefix", &self.api_prefix)
            .field("client_id", &self.client_credentials.as_ref().map(|(id, _)| id))
            .field("client_secret", &self.client_credentials.as_ref().map(|_| "<redacted>"))
            .field("token_url", &self.token_url)
            .field("timeout", &self.timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Where the Formance stack is (default `http://localhost`).
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = Some(url.into());
        self
    }

    /// A Formance Cloud stack: `https://{organization}.{environment}.formance.cloud`.
    pub fn formance_cloud(self, organization: impl AsRef<str>, environment: Environment) -> Self {
        self.server_url(format!("https://{}.{}.formance.cloud", organization.as_ref(), environment.as_str()))
    }

    /// The path prefix of the API under the server URL (default `/api/orchestration`, the gateway's).
    /// Pass `""` to talk to the orchestration service directly, for example at `http://localhost:8080`.
    pub fn api_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.api_prefix = Some(prefix.into());
        self
    }

    /// Authenticate with OAuth2 client credentials; tokens are fetched and renewed as needed.
    pub fn client_credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.client_credentials = Some((client_id.into(), client_secret.into()));
        self
    }

    /// The token endpoint, absolute or relative to the server URL (default `/api/auth/oauth/token`).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Build the HTTP client from these settings (proxy, TLS, pool, default headers...).
    ///
    /// The SDK then turns off the builder's redirect following, whatever it was set to: API requests
    /// follow same-origin redirects under the SDK's own rules and token requests none, so nothing is
    /// ever sent to another origin. The SDK's [`connect_timeout`](Self::connect_timeout) is applied
    /// only if it is set on this builder too; otherwise the given builder's own applies.
    pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http_client = Some(builder);
        self
    }

    /// The `User-Agent` header (default `formance-orchestration-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The attempt timeout: time allowed for one attempt (default 30 s). It covers everything the
    /// attempt does, under one deadline: waiting for an access token, connecting, sending, following
    /// same-origin redirects, the token refresh and the resend after a 401, and reading the body to
    /// its last byte. See also [`operation_timeout`](Self::operation_timeout). A token request is
    /// also bounded on its own by this timeout, whichever calls wait for it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The operation timeout: time allowed for the whole call, across all its attempts and the waits
    /// between them (default 60 s). Each attempt ends at its attempt timeout or at the operation
    /// deadline, whichever comes first; a retry whose wait would reach past the operation deadline is
    /// not started. `Duration::MAX` means no limit.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Time allowed to open a connection (default 10 s), within the attempt timeout. With
    /// [`http_client`](Self::http_client) it applies only when set.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The largest response body the SDK reads into memory (default 16 MiB). A larger
    /// `Content-Length` fails before the body is read, and a body without one stops being read at
    /// the limit: [`Error::ResponseTooLarge`]. Token responses have a fixed limit of 64 KiB.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// How failed calls are retried (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let server_url = parse_server_url(self.server_url.as_deref().unwrap_or(DEFAULT_SERVER_URL))?;
        let prefix = normalize_prefix(self.api_prefix.as_deref().unwrap_or(DEFAULT_API_PREFIX))?;
        let base_url = format!("{}{prefix}", server_url.as_str().trim_end_matches('/'));

        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let credentials = match self.client_credentials {
            None => None,
            Some((id, secret)) => {
                let token_url = self.token_url.as_deref().unwrap_or(DEFAULT_TOKEN_PATH);
                let token_url = server_url.join(token_url).map_err(|e| {
                    Error::invalid(format!("token URL {} is not a valid URL: {e}", quote_unless_userinfo(token_url)))
                })?;
                check_http_url("token URL", &token_url)?;
                Some(ClientCredentials::new(id, secret, token_url, timeout))
            }
        };

        let default_agent = concat!("formance-orchestration-rust/", env!("CARGO_PKG_VERSION"));
        let user_agent = HeaderValue::from_str(self.user_agent.as_deref().unwrap_or(default_agent))
            .map_err(|_| Error::invalid("the user agent must be visible ASCII"))?;

        let http = match (self.http_client, self.connect_timeout) {
            (Some(builder), None) => builder,
            (Some(builder), Some(connect)) => builder.connect_timeout(connect),
            (None, connect) => reqwest::Client::builder().connect_timeout(connect.unwrap_or(DEFAULT_CONNECT_TIMEOUT)),
        };
        let http = http
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::invalid(format!("the HTTP client could not be built: {e}")))?;

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                user_agent,
                timeout,
                operation_timeout: self.operation_timeout.unwrap_or(DEFAULT_OPERATION_TIMEOUT),
                max_response_bytes: self.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                retry: self.retry.unwrap_or_default(),
            }),
        })
    }
}

fn parse_server_url(text: &str) -> Result<Url, Error> {
    let url = Url::parse(text)
        .map_err(|e| Error::invalid(format!("server URL {} is not a valid URL: {e}", quote_unless_userinfo(text))))?;
    check_http_url("server URL", &url)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid(format!("server URL {:?} must not have a query or fragment", url.as_str())));
    }
    Ok(url)
}

/// A URL as an error message may show it: not at all when it may hold a password.
fn quote_unless_userinfo(text: &str) -> String {
    if text.contains('@') { "(not shown: it may hold credentials)".to_owned() } else { format!("{text:?}") }
}

/// An http or https URL with a host and without user info: credentials in a URL end up in the HTTP
/// client's error messages and in redirects, so they are refused (use `client_credentials`). The
/// messages never quote a URL that has user info.
fn check_http_url(what: &str, url: &Url) -> Result<(), Error> {
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid(format!("the {what} must not carry user info (user:password@)")));
    }
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid(format!("{what} {:?} must be an http or https URL with a host", url.as_str())));
    }
    Ok(())
}

fn normalize_prefix(prefix: &str) -> Result<String, Error> {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    if trimmed.contains(['?', '#']) || trimmed.contains(char::is_whitespace) {
        return Err(Error::invalid(format!("API prefix {prefix:?} must be a plain path")));
    }
    Ok(format!("/{trimmed}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_joins_server_and_prefix() {
        let client = Client::builder().server_url("http://h:8080/").build().unwrap();
        assert_eq!(client.base_url(), "http://h:8080/api/orchestration");
        let direct = Client::builder().server_url("http://h:8080").api_prefix("").build().unwrap();
        assert_eq!(direct.base_url(), "http://h:8080");
        let custom = Client::builder().api_prefix("gateway/orch/").build().unwrap();
        assert_eq!(custom.base_url(), "http://localhost/gateway/orch");
    }

    #[test]
    fn formance_cloud_urls() {
        let client = Client::builder().formance_cloud("acme-1234", Environment::UsEast1).build().unwrap();
        assert_eq!(client.base_url(), "https://acme-1234.us-east-1.formance.cloud/api/orchestration");
        let default = Client::builder().formance_cloud(DEFAULT_ORGANIZATION, Environment::default()).build().unwrap();
        assert_eq!(default.base_url(), "https://orgid-stackid.eu.sandbox.formance.cloud/api/orchestration");
    }

    #[test]
    fn bad_configuration_is_an_error_not_a_panic() {
        for url in ["not a url", "ftp://h", "http://h?x=1", "http://", ""] {
            let err = Client::builder().server_url(url).build().unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{url}: {err:?}");
        }
        let org = Client::builder().formance_cloud("bad org", Environment::EuWest1).build();
        assert!(matches!(org, Err(Error::InvalidRequest(_))));
        let agent = Client::builder().user_agent("bad\nagent").build();
        assert!(matches!(agent, Err(Error::InvalidRequest(_))));
        let prefix = Client::builder().api_prefix("/a?b").build();
        assert!(matches!(prefix, Err(Error::InvalidRequest(_))));
    }
}
