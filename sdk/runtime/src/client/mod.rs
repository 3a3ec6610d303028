//! `Client` and its builder: where the API is, how to authenticate, which HTTP client to use, how
//! long to wait, when to retry, what to run around every request; and [`ApiDescription`], what a
//! generated crate says about its API. The builder's settings from the environment are in `env.rs`,
//! the servers with variables in `servers.rs`.

mod env;
mod servers;

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use url::{Host, Url};

use crate::auth::{Auth, ClientCredentials, SharedProvider, Source, TokenProvider};
use crate::error::redact::Secret;
use crate::error::{Error, Failure};
use crate::http::Transport;
use crate::send::{DEFAULT_REQUEST_ID_HEADERS, Intercept, Names, RetryPolicy, Sender, SharedInterceptor};

pub use self::servers::{
    ParseServerVariableError, ServerPreset, ServerVariable, parse_server_variable, server_variable,
};

/// What a generated crate tells the runtime about its API: the defaults of [`ClientBuilder`] and
/// the names a call goes by. Generated crates build it with [`ApiDescription::new`] and its `with_*`
/// methods, in a `const`.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ApiDescription {
    /// The generated crate's name: the `service` field of every call's tracing span.
    pub name: &'static str,
    /// The default `User-Agent` (`<product>/<version>`).
    pub user_agent: &'static str,
    /// The default server URL: the spec's first server.
    pub server_url: &'static str,
    /// The default path prefix of the API under the server URL (`""` for none).
    pub api_prefix: &'static str,
    /// The default token endpoint, absolute or relative to the server URL: the `tokenUrl` of the
    /// spec's OAuth2 client credentials flow, if it has one. With one, [`ClientBuilder::from_env`]
    /// reads client credentials.
    pub token_url: Option<&'static str>,
    /// The prefix of the environment variables [`ClientBuilder::from_env`] reads (`FORMANCE_`);
    /// when `None`, the crate's name in upper case, `-` as `_`, and `_` (`ACME_CLIENT_` for
    /// `acme-client`).
    pub env_prefix: Option<&'static str>,
    /// The spec's servers whose URL has variables, in the spec's order: what
    /// [`ClientBuilder::from_env`] builds a server URL from.
    pub servers: &'static [ServerPreset],
}

impl ApiDescription {
    #[doc(hidden)]
    pub const fn new(name: &'static str, user_agent: &'static str, server_url: &'static str) -> Self {
        Self { name, user_agent, server_url, api_prefix: "", token_url: None, env_prefix: None, servers: &[] }
    }

    #[doc(hidden)]
    pub const fn with_env_prefix(mut self, prefix: &'static str) -> Self {
        self.env_prefix = Some(prefix);
        self
    }

    #[doc(hidden)]
    pub const fn with_servers(mut self, servers: &'static [ServerPreset]) -> Self {
        self.servers = servers;
        self
    }

    #[doc(hidden)]
    pub const fn with_api_prefix(mut self, api_prefix: &'static str) -> Self {
        self.api_prefix = api_prefix;
        self
    }

    #[doc(hidden)]
    pub const fn with_token_url(mut self, token_url: &'static str) -> Self {
        self.token_url = Some(token_url);
        self
    }
}

/// What [`ClientBuilder::build`] returns: a generated crate's own `Client`, which wraps this
/// crate's [`Client`].
#[doc(hidden)]
pub trait FromClient: Sized {
    /// The error body the API documents: `build()` fails with an `Error` of it.
    type ErrorBody;
    /// The API's defaults.
    const API: &'static ApiDescription;
    /// Wraps the runtime's client.
    fn from_client(client: Client) -> Self;
}

/// A configured client of an API; generated crates wrap it in their own `Client`, which has one
/// method per operation.
///
/// Cheap to clone; clones share the connection pool and the token cache.
#[derive(Clone)]
pub struct Client {
    sender: Arc<Sender>,
}

/// One attempt: token wait, request, redirects, the refresh after a 401, the resend and the body.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The whole call: every attempt and every wait between them.
const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Far above the pages of JSON an API serves, far below what hurts a service.
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

impl Client {
    /// The URL requests are sent under: server URL and API prefix.
    pub fn base_url(&self) -> &str {
        &self.sender.base_text
    }

    pub(crate) fn sender(&self) -> &Sender {
        &self.sender
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sender = &self.sender;
        f.debug_struct("Client")
            .field("base_url", &sender.base_text)
            .field("auth", &sender.auth)
            .field("token_url", &sender.auth.as_ref().and_then(Auth::token_url).map(Url::as_str))
            .field("http_client", &sender.transport.kind())
            .field("interceptors", &Names(&sender.interceptors))
            .field("timeout", &sender.timeout)
            .field("operation_timeout", &sender.operation_timeout)
            .field("max_response_bytes", &sender.max_response_bytes)
            .field("retry", &sender.retry)
            .field("request_id_headers", &sender.request_id_headers)
            .finish_non_exhaustive()
    }
}

/// Configures a client of the API `C` (a generated crate's `Client`). Every setting has a default;
/// `build()` checks them all.
pub struct ClientBuilder<C> {
    api: &'static ApiDescription,
    server_url: Option<String>,
    api_prefix: Option<String>,
    client_credentials: Option<(String, String)>,
    bearer_token: Option<Secret>,
    token_provider: Option<SharedProvider>,
    token_url: Option<String>,
    allow_insecure_http: bool,
    http_client: Option<reqwest::ClientBuilder>,
    reqwest_client: Option<reqwest::Client>,
    interceptors: Vec<SharedInterceptor>,
    user_agent: Option<String>,
    timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: Option<u64>,
    retry: Option<RetryPolicy>,
    request_id_headers: Option<Vec<String>>,
    /// The mock of the `testing` module, answering instead of an HTTP client.
    #[cfg(feature = "test-util")]
    mock: Option<Arc<dyn crate::http::Respond>>,
    client: PhantomData<fn() -> C>,
}

impl<C: FromClient> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("server_url", &self.server_url)
            .field("api_prefix", &self.api_prefix)
            .field("client_id", &self.client_credentials.as_ref().map(|(id, _)| id))
            .field("client_secret", &self.client_credentials.as_ref().map(|_| "<redacted>"))
            .field("bearer_token", &self.bearer_token)
            .field("token_provider", &self.token_provider.as_ref().map(|p| p.dyn_name()))
            .field("token_url", &self.token_url)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("interceptors", &Names(&self.interceptors))
            .field("timeout", &self.timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("request_id_headers", &self.request_id_headers)
            .finish_non_exhaustive()
    }
}

impl<C: FromClient> ClientBuilder<C> {
    /// A builder with the API's defaults.
    pub fn new() -> Self {
        Self {
            api: C::API,
            server_url: None,
            api_prefix: None,
            client_credentials: None,
            bearer_token: None,
            token_provider: None,
            token_url: None,
            allow_insecure_http: false,
            http_client: None,
            reqwest_client: None,
            interceptors: Vec::new(),
            user_agent: None,
            timeout: None,
            operation_timeout: None,
            connect_timeout: None,
            max_response_bytes: None,
            retry: None,
            request_id_headers: None,
            #[cfg(feature = "test-util")]
            mock: None,
            client: PhantomData,
        }
    }

    /// Clients answered by `mock` instead of an HTTP client.
    #[cfg(feature = "test-util")]
    pub(crate) fn mock(mut self, mock: Arc<dyn crate::http::Respond>) -> Self {
        self.mock = Some(mock);
        self
    }

    /// Where the API is (default: the spec's first server, the generated crate's
    /// `DEFAULT_SERVER_URL`). A URL with user info (`user:password@`), a query or a fragment is
    /// refused by `build()`.
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = Some(url.into());
        self
    }

    /// The path prefix of the API under the server URL (default: the generated crate's
    /// `DEFAULT_API_PREFIX`, for example a gateway's). Pass `""` to talk to the service directly.
    pub fn api_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.api_prefix = Some(prefix.into());
        self
    }

    /// Authenticate with OAuth2 client credentials; tokens are fetched and renewed as needed.
    ///
    /// One way to authenticate per client: `build()` refuses this with
    /// [`bearer_token`](Self::bearer_token) or [`token_provider`](Self::token_provider).
    pub fn client_credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.client_credentials = Some((client_id.into(), client_secret.into()));
        self
    }

    /// Authenticate with a token you already have (behind a gateway that hands one out, say): sent
    /// as `Authorization: Bearer <token>` with every request, never fetched, never renewed. A 401 is
    /// returned as it is. `build()` refuses an empty token or one with characters other than
    /// visible ASCII, without quoting it.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(Secret::new(token.into()));
        self
    }

    /// Authenticate with tokens from a source of your own (a vault, a sidecar...): see
    /// [`TokenProvider`] for how the SDK caches them and what it checks.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.token_provider = Some(Arc::new(provider));
        self
    }

    /// The token endpoint, absolute or relative to the server URL (default: the spec's `tokenUrl`,
    /// the generated crate's `DEFAULT_TOKEN_URL`). With credentials and without a token URL from
    /// here or from the spec, `build()` fails.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Let credentials, a bearer token or a token provider go over plain `http://` to a host that is
    /// not loopback (default: refused). `build()` refuses them otherwise, since the client secret or
    /// the tokens would cross the network in clear text; `localhost`, `127.0.0.0/8` and `::1` are
    /// always accepted. Only for a network you trust end to end.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Build the HTTP client from these settings (proxy, TLS, pool, default headers...).
    ///
    /// The SDK then turns off the builder's redirect following, whatever it was set to: API requests
    /// follow same-origin redirects under the SDK's own rules and token requests none, so nothing is
    /// ever sent to another origin. The SDK's [`connect_timeout`](Self::connect_timeout) is applied
    /// only if it is set on this builder too; otherwise the given builder's own applies. Each
    /// `build()` makes a client, and a connection pool, of its own: to share one, see
    /// [`reqwest_client`](Self::reqwest_client).
    pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http_client = Some(builder);
        self
    }

    /// Send every request (API and token requests) with this HTTP client, as it is: its connection
    /// pool, proxy, TLS settings and DNS resolver are shared with the rest of your service, and
    /// with every SDK client built from a clone of it. Build it from the `reqwest` this crate
    /// re-exports, so that the versions match.
    ///
    /// What the SDK needs of it: HTTP/1.1 or HTTP/2 to the API, and no redirect following, which
    /// is reqwest's default: build it with `.redirect(reqwest::redirect::Policy::none())`. The
    /// SDK then applies its own redirect rules (same origin only, see the crate's README). A client
    /// that follows redirects itself is kept from sending a request body anywhere: it hands a 307 or
    /// 308 back to the SDK, whose rules apply, and the client secret, which travels in a token
    /// request's body, never follows a redirect. But requests without a body, and a POST answered
    /// 301, 302 or 303 (which reqwest turns into a GET), follow the redirect there and then, with
    /// your headers and those of the interceptors (reqwest drops `Authorization`, `Cookie` and
    /// `Proxy-Authorization` when the host or port changes): the SDK refuses what comes back with
    /// [`Error::Redirect`] as soon as it sees the response came from another URL than the one it
    /// sent the request to, even one it would have followed itself.
    ///
    /// What the SDK's own settings no longer control: [`connect_timeout`](Self::connect_timeout)
    /// (`build()` refuses it with this; set it on the reqwest builder), the TLS feature of the
    /// crate (the client has its own TLS), proxies, pool sizes and default headers (those the SDK
    /// sets on a request replace them). The SDK's attempt and operation timeouts still bound every
    /// request, as do its response size limit and its checks. `build()` refuses this with
    /// [`http_client`](Self::http_client).
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.reqwest_client = Some(client);
        self
    }

    /// Run `interceptor` around every request of every call of this client, after those registered
    /// before it and before those of the call (see [`Intercept`]).
    pub fn intercept(mut self, interceptor: impl Intercept) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// The `User-Agent` header (default: the generated crate's product name and version).
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
    /// [`http_client`](Self::http_client) it applies only when set; with
    /// [`reqwest_client`](Self::reqwest_client), `build()` refuses it.
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

    /// The response headers a request id is read from, in order: the first that carries a usable
    /// value gives [`Error::request_id`] and [`ResponseValue::request_id`](crate::ResponseValue::request_id),
    /// and the `request_id` field of the call's tracing span. Default:
    /// [`DEFAULT_REQUEST_ID_HEADERS`](crate::DEFAULT_REQUEST_ID_HEADERS), which says why each. An
    /// empty list reads none. Names are case-insensitive; `build()` refuses one that is not a valid
    /// header name.
    pub fn request_id_headers<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.request_id_headers = Some(names.into_iter().map(|name| name.as_ref().to_owned()).collect());
        self
    }

    /// The client, or [`Error::InvalidRequest`] naming the first setting that is not valid.
    pub fn build(self) -> Result<C, Error<C::ErrorBody>> {
        self.build_client().map(C::from_client).map_err(Failure::widen)
    }

    fn build_client(self) -> Result<Client, Failure> {
        let api = self.api;
        let server_url =
            parse_server_url(self.server_url.as_deref().unwrap_or(api.server_url)).map_err(Error::invalid)?;
        let prefix = normalize_prefix(self.api_prefix.as_deref().unwrap_or(api.api_prefix)).map_err(Error::invalid)?;
        let base_path = format!("{}{prefix}", server_url.path().trim_end_matches('/'));
        let base_text = format!("{}{prefix}", server_url.as_str().trim_end_matches('/'));

        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let auth = authenticate(
            api,
            &server_url,
            self.token_url.as_deref(),
            (self.client_credentials, self.bearer_token, self.token_provider),
            self.allow_insecure_http,
            timeout,
        )?;

        let user_agent = HeaderValue::from_str(self.user_agent.as_deref().unwrap_or(api.user_agent))
            .map_err(|_| Error::invalid("the user agent must be visible ASCII"))?;
        let request_id_headers = match &self.request_id_headers {
            None => DEFAULT_REQUEST_ID_HEADERS.iter().map(|name| HeaderName::from_static(name)).collect(),
            Some(names) => names
                .iter()
                .map(|name| {
                    HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| Error::invalid(format!("request_id_headers: {name:?} is not a valid header name")))
                })
                .collect::<Result<_, _>>()?,
        };

        let http = (self.http_client, self.reqwest_client, self.connect_timeout);
        #[cfg(feature = "test-util")]
        let transport = match self.mock {
            Some(mock) => mock_transport(mock, &http)?,
            None => http_transport(http)?,
        };
        #[cfg(not(feature = "test-util"))]
        let transport = http_transport(http)?;

        Ok(Client {
            sender: Arc::new(Sender {
                transport,
                base: server_url,
                base_path,
                base_text,
                auth,
                interceptors: self.interceptors,
                user_agent,
                timeout,
                operation_timeout: self.operation_timeout.unwrap_or(DEFAULT_OPERATION_TIMEOUT),
                max_response_bytes: self.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                retry: self.retry.unwrap_or_default(),
                request_id_headers,
                service: api.name,
            }),
        })
    }
}

/// What `http_client`, `reqwest_client` and `connect_timeout` set, as the builder holds them.
type HttpSettings = (Option<reqwest::ClientBuilder>, Option<reqwest::Client>, Option<Duration>);

/// The HTTP client requests go through: the caller's, or one of the SDK's own.
fn http_transport(http: HttpSettings) -> Result<Transport, Failure> {
    let transport = match http {
        (Some(_), Some(_), _) => {
            return Err(Error::invalid(
                "http_client and reqwest_client are both set: give a reqwest::Client, or a builder for the SDK to build one",
            ));
        }
        (None, Some(_), Some(_)) => {
            return Err(Error::invalid(
                "connect_timeout does not apply to a client given with reqwest_client: set it on that client's builder",
            ));
        }
        (None, Some(client), None) => Transport::Shared(client),
        (builder, None, connect) => {
            let builder = match (builder, connect) {
                (Some(builder), None) => builder,
                (Some(builder), Some(connect)) => builder.connect_timeout(connect),
                (None, connect) => {
                    reqwest::Client::builder().connect_timeout(connect.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                }
            };
            let http = builder
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::invalid(format!("the HTTP client could not be built: {e}")))?;
            Transport::Own(http)
        }
    };
    Ok(transport)
}

/// The mock of the `testing` module, which has no use for the settings of an HTTP client.
#[cfg(feature = "test-util")]
fn mock_transport(mock: Arc<dyn crate::http::Respond>, http: &HttpSettings) -> Result<Transport, Failure> {
    if http.0.is_some() || http.1.is_some() || http.2.is_some() {
        return Err(Error::invalid(
            "a mock client sends nothing over a network: http_client, reqwest_client and connect_timeout do not apply",
        ));
    }
    Ok(Transport::Mock(mock))
}

/// The ways a client can authenticate, as the builder holds them: at most one may be set.
type AuthSettings = (Option<(String, String)>, Option<Secret>, Option<SharedProvider>);

/// How the client authenticates, checked: one way at most, a usable bearer token, a token URL for
/// client credentials, and no secret over plain http to a host that is not loopback unless allowed.
fn authenticate(
    api: &ApiDescription,
    server_url: &Url,
    token_url: Option<&str>,
    (credentials, bearer, provider): AuthSettings,
    allow_insecure_http: bool,
    timeout: Duration,
) -> Result<Option<Auth>, Failure> {
    let set: Vec<&str> = [
        credentials.as_ref().map(|_| "client_credentials"),
        bearer.as_ref().map(|_| "bearer_token"),
        provider.as_ref().map(|_| "token_provider"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let Some(&setting) = set.first() else { return Ok(None) };
    if set.len() > 1 {
        return Err(Error::invalid(format!("{} are all set: a client authenticates one way", set.join(" and "))));
    }
    let plain_http = |what: &str, url: &Url| {
        if allow_insecure_http || url.scheme() != "http" || is_loopback(url) {
            return Ok(());
        }
        Err(Error::invalid(format!(
            "{setting} with the {what} {:?} would send secrets over plain http to a host that is not loopback: use https, or allow_insecure_http(true) on a network you trust end to end",
            url.as_str()
        )))
    };
    plain_http("server URL", server_url)?;
    let auth = match (credentials, bearer, provider) {
        (Some((id, secret)), _, _) => {
            let Some(token_url) = token_url.or(api.token_url) else {
                return Err(Error::invalid(
                    "client credentials need a token URL: the API documents none, set one with token_url()",
                ));
            };
            let token_url = resolve_token_url(server_url, token_url).map_err(Error::invalid)?;
            plain_http("token URL", &token_url)?;
            Auth::fetched(Source::ClientCredentials(ClientCredentials::new(id, secret, token_url)), timeout)
        }
        (None, Some(token), _) => Auth::bearer(token.into_inner())
            .map_err(|reason| Error::invalid(format!("the bearer token cannot be used: {reason}")))?,
        (None, None, Some(provider)) => Auth::fetched(Source::Provider(provider), timeout),
        (None, None, None) => return Ok(None),
    };
    Ok(Some(auth))
}

/// `localhost`, `127.0.0.0/8` or `::1`: traffic that never leaves the machine.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The server URL, or why it cannot be one (in a sentence that never quotes user info).
fn parse_server_url(text: &str) -> Result<Url, String> {
    let url =
        Url::parse(text).map_err(|e| format!("server URL {} is not a valid URL: {e}", quote_unless_userinfo(text)))?;
    check_http_url("server URL", &url)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("server URL {:?} must not have a query or fragment", url.as_str()));
    }
    Ok(url)
}

/// The token endpoint, absolute or relative to the server URL, or why it cannot be one.
fn resolve_token_url(server_url: &Url, token_url: &str) -> Result<Url, String> {
    let url = server_url
        .join(token_url)
        .map_err(|e| format!("token URL {} is not a valid URL: {e}", quote_unless_userinfo(token_url)))?;
    check_http_url("token URL", &url)?;
    Ok(url)
}

/// A URL as an error message may show it: not at all when it may hold a password.
fn quote_unless_userinfo(text: &str) -> String {
    if text.contains('@') { "(not shown: it may hold credentials)".to_owned() } else { format!("{text:?}") }
}

/// An http or https URL with a host and without user info: credentials in a URL end up in the HTTP
/// client's error messages and in redirects, so they are refused (use `client_credentials`). The
/// messages never quote a URL that has user info.
fn check_http_url(what: &str, url: &Url) -> Result<(), String> {
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("the {what} must not carry user info (user:password@)"));
    }
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{what} {:?} must be an http or https URL with a host", url.as_str()));
    }
    Ok(())
}

fn normalize_prefix(prefix: &str) -> Result<String, String> {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    if trimmed.contains(['?', '#']) || trimmed.contains(char::is_whitespace) {
        return Err(format!("API prefix {prefix:?} must be a plain path"));
    }
    Ok(format!("/{trimmed}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An API of no one, with the defaults a generated crate would give.
    #[derive(Debug)]
    struct TestClient(Client);

    const API: ApiDescription = ApiDescription::new("test-api", "test-api-rust/1.0", "http://localhost")
        .with_api_prefix("/api/test")
        .with_token_url("/oauth/token");

    impl FromClient for TestClient {
        type ErrorBody = crate::RawJson;
        const API: &'static ApiDescription = &API;

        fn from_client(client: Client) -> Self {
            Self(client)
        }
    }

    fn builder() -> ClientBuilder<TestClient> {
        ClientBuilder::new()
    }

    #[test]
    fn base_url_joins_server_and_prefix() {
        let client = builder().server_url("http://h:8080/").build().unwrap().0;
        assert_eq!(client.base_url(), "http://h:8080/api/test");
        assert_eq!(client.sender().base_path, "/api/test");
        let direct = builder().server_url("http://h:8080").api_prefix("").build().unwrap().0;
        assert_eq!(direct.base_url(), "http://h:8080");
        assert_eq!(direct.sender().base_path, "");
        let custom = builder().api_prefix("gateway/orch/").build().unwrap().0;
        assert_eq!(custom.base_url(), "http://localhost/gateway/orch");
        let nested = builder().server_url("http://h/x/").build().unwrap().0;
        assert_eq!((nested.base_url(), nested.sender().base_path.as_str()), ("http://h/x/api/test", "/x/api/test"));
    }

    #[test]
    fn defaults_come_from_the_api_description() {
        let client = builder().client_credentials("id", "secret").build().unwrap().0;
        let sender = client.sender();
        assert_eq!(sender.service, "test-api");
        assert_eq!(sender.user_agent, "test-api-rust/1.0");
        assert_eq!(sender.auth.as_ref().unwrap().token_url().unwrap().as_str(), "http://localhost/oauth/token");
    }

    #[test]
    fn credentials_without_any_token_url_are_refused() {
        #[derive(Debug)]
        struct NoToken;
        const NO_TOKEN: ApiDescription = ApiDescription::new("no-token", "no-token/1", "http://localhost");
        impl FromClient for NoToken {
            type ErrorBody = crate::RawJson;
            const API: &'static ApiDescription = &NO_TOKEN;
            fn from_client(_: Client) -> Self {
                Self
            }
        }
        let err = ClientBuilder::<NoToken>::new().client_credentials("id", "secret").build().unwrap_err();
        assert!(matches!(&err, Error::InvalidRequest(e) if e.message().contains("token_url")), "{err:?}");
        let given = ClientBuilder::<NoToken>::new().client_credentials("id", "s").token_url("https://auth.test/t");
        assert!(given.build().is_ok());
        assert!(ClientBuilder::<NoToken>::new().build().is_ok(), "no credentials, no token URL needed");
    }

    #[test]
    fn bad_configuration_is_an_error_not_a_panic() {
        for url in ["not a url", "ftp://h", "http://h?x=1", "http://", "", "https://bad%20org.test"] {
            let err = builder().server_url(url).build().unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{url}: {err:?}");
        }
        let agent = builder().user_agent("bad\nagent").build();
        assert!(matches!(agent, Err(Error::InvalidRequest(_))));
        let prefix = builder().api_prefix("/a?b").build();
        assert!(matches!(prefix, Err(Error::InvalidRequest(_))));
    }
}
