//! The sending side of a client: the settings `ClientBuilder::build` checked, and what every call
//! of the client and its clones shares (the connection pool, the token cache, the interceptors).

use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use url::Url;

use super::RetryPolicy;
use super::intercept::SharedInterceptor;
use crate::auth::Auth;
use crate::http::Transport;

pub(crate) struct Sender {
    /// The SDK's own client never follows redirects: the runtime decides which to follow (see
    /// `redirect.rs`); a caller's is kept from following them with a body (see `transport.rs`).
    pub(crate) transport: Transport,
    /// The server URL, parsed once: each call's URL starts as a copy of it.
    pub(crate) base: Url,
    /// The server URL's path and the API prefix, without a trailing slash: the path of every
    /// request starts with it.
    pub(crate) base_path: String,
    /// Server URL and API prefix, as `Client::base_url` shows them.
    pub(crate) base_text: String,
    pub(crate) auth: Option<Auth>,
    pub(crate) interceptors: Vec<SharedInterceptor>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) operation_timeout: Duration,
    pub(crate) max_response_bytes: u64,
    pub(crate) retry: RetryPolicy,
    /// Where a response's request id is read from, in order.
    pub(crate) request_id_headers: Vec<HeaderName>,
    /// The generated crate's name, the `service` of every call's tracing span.
    pub(crate) service: &'static str,
}

impl Sender {
    /// OpenTelemetry's `server.address` and `server.port`: the server URL's host and port.
    pub(crate) fn server(&self) -> (&str, u16) {
        (self.base.host_str().unwrap_or_default(), self.base.port_or_known_default().unwrap_or_default())
    }
}
