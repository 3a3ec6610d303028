//! The SDK's one error type: a case per way a call can fail, each with what a caller needs to react.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::operations::ApiErrorBody;

/// Why a call failed. Match on the case to react; `Display` is one short line and the details
/// (the decoder's or the HTTP client's own error) are reachable through `source()`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error it documents (a `V2Error` body with `errorCode` and `errorMessage`).
    #[error(transparent)]
    Api(ApiError),
    /// A non-success status whose body is not the documented error (a proxy's HTML page, an empty 502...).
    #[error(transparent)]
    UnexpectedStatus(UnexpectedStatus),
    /// A response that does not match the type the spec promises.
    #[error(transparent)]
    Decode(DecodeError),
    /// The request did not complete: connection refused or reset, DNS, TLS...
    #[error(transparent)]
    Transport(TransportError),
    /// No complete answer within the request timeout.
    #[error(transparent)]
    Timeout(TimeoutError),
    /// No access token could be obtained from the token endpoint.
    #[error(transparent)]
    Auth(AuthError),
    /// The request or the client configuration is invalid; nothing was sent.
    #[error(transparent)]
    InvalidRequest(InvalidRequest),
    /// A paginated stream had to stop: the server repeated a cursor, or promised a page it gave no cursor for.
    #[error(transparent)]
    Pagination(PaginationError),
}

impl Error {
    /// The HTTP status of the response that caused the error, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::UnexpectedStatus(e) => Some(e.response.status),
            Self::Decode(e) => Some(e.response.status),
            Self::Auth(e) => e.status,
            Self::Transport(_) | Self::Timeout(_) | Self::InvalidRequest(_) | Self::Pagination(_) => None,
        }
    }

    /// Whether trying the same call again may succeed: transport failures, timeouts,
    /// 429, 500, 502, 503 and 504. Whether it is *safe* to repeat depends on the method too.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(_) | Self::Timeout(_) => true,
            Self::Auth(e) => e.status.is_none_or(retryable_status),
            Self::Api(_) | Self::UnexpectedStatus(_) => self.status().is_some_and(retryable_status),
            Self::Decode(_) | Self::InvalidRequest(_) | Self::Pagination(_) => false,
        }
    }

    /// How many times the request was sent before giving up (0 when it was never sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Api(e) => e.attempts,
            Self::UnexpectedStatus(e) => e.attempts,
            Self::Decode(e) => e.attempts,
            Self::Transport(e) => e.attempts,
            Self::Timeout(e) => e.attempts,
            Self::Auth(e) => e.attempts,
            Self::InvalidRequest(_) | Self::Pagination(_) => 0,
        }
    }

    /// The response headers, when there was a response.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api(e) => Some(&e.headers),
            Self::UnexpectedStatus(e) => Some(&e.response.headers),
            Self::Decode(e) => Some(&e.response.headers),
            _ => None,
        }
    }

    pub(crate) fn set_attempts(&mut self, attempts: u32) {
        match self {
            Self::Api(e) => e.attempts = attempts,
            Self::UnexpectedStatus(e) => e.attempts = attempts,
            Self::Decode(e) => e.attempts = attempts,
            Self::Transport(e) => e.attempts = attempts,
            Self::Timeout(e) => e.attempts = attempts,
            Self::Auth(e) => e.attempts = attempts,
            Self::InvalidRequest(_) | Self::Pagination(_) => {}
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidRequest(InvalidRequest { message: message.into() })
    }

    /// Sorts a failure of the HTTP client into timeout or transport.
    pub(crate) fn from_reqwest(error: reqwest::Error, timeout: Duration) -> Self {
        if error.is_timeout() {
            Self::Timeout(TimeoutError::new(timeout))
        } else {
            Self::Transport(TransportError { source: error, attempts: 1 })
        }
    }
}

pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// A response as received, kept whole for errors.
#[derive(Debug, Clone)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// The documented error of the API.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    headers: Box<HeaderMap>,
    body: Box<ApiErrorBody>,
    attempts: u32,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: ApiErrorBody) -> Self {
        Self { status, headers: Box::new(headers), body: Box::new(body), attempts: 1 }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded error body: `body().error_code` and `body().error_message`.
    pub fn body(&self) -> &ApiErrorBody {
        &self.body
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = serde_json::to_string(&self.body).unwrap_or_default();
        write!(f, "API error, HTTP {}: {}", self.status, shorten(&body, 200))
    }
}

impl std::error::Error for ApiError {}

/// A non-success response that is not the documented error.
#[derive(Debug, Clone)]
pub struct UnexpectedStatus {
    response: Box<RawResponse>,
    attempts: u32,
}

impl UnexpectedStatus {
    pub(crate) fn new(response: RawResponse) -> Self {
        Self { response: Box::new(response), attempts: 1 }
    }

    pub fn status(&self) -> StatusCode {
        self.response.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.response.headers
    }

    /// The body exactly as received.
    pub fn body(&self) -> &Bytes {
        &self.response.body
    }
}

impl fmt::Display for UnexpectedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected HTTP {} with a {}-byte body", self.response.status, self.response.body.len())
    }
}

impl std::error::Error for UnexpectedStatus {}

/// A response body that does not decode into the promised type.
#[derive(Debug)]
pub struct DecodeError {
    response: Box<RawResponse>,
    source: serde_json::Error,
    attempts: u32,
}

impl DecodeError {
    pub(crate) fn new(response: RawResponse, source: serde_json::Error) -> Self {
        Self { response: Box::new(response), source, attempts: 1 }
    }

    pub fn status(&self) -> StatusCode {
        self.response.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.response.headers
    }

    /// The body exactly as received.
    pub fn body(&self) -> &Bytes {
        &self.response.body
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the body of an HTTP {} response", self.response.status)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The HTTP client's failure to complete a request.
#[derive(Debug)]
pub struct TransportError {
    source: reqwest::Error,
    attempts: u32,
}

impl TransportError {
    /// Whether the connection itself could not be made (nothing reached the server).
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.source.is_connect() {
            "could not connect to the server"
        } else {
            "the request failed in transit"
        })
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The request took longer than its timeout.
#[derive(Debug, Clone)]
pub struct TimeoutError {
    after: Duration,
    attempts: u32,
}

impl TimeoutError {
    pub(crate) fn new(after: Duration) -> Self {
        Self { after, attempts: 1 }
    }

    /// The timeout that ran out.
    pub fn after(&self) -> Duration {
        self.after
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no complete response within {:?}", self.after)
    }
}

impl std::error::Error for TimeoutError {}

/// The token endpoint refused, failed or could not be reached.
#[derive(Debug)]
pub struct AuthError {
    status: Option<StatusCode>,
    body: Option<Bytes>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
    attempts: u32,
}

impl AuthError {
    pub(crate) fn rejected(status: StatusCode, body: Bytes) -> Self {
        Self { status: Some(status), body: Some(body), source: None, attempts: 1 }
    }

    pub(crate) fn failed(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self { status: None, body: None, source: Some(source.into()), attempts: 1 }
    }

    pub(crate) fn with_response(mut self, status: StatusCode, body: Bytes) -> Self {
        self.status = Some(status);
        self.body = Some(body);
        self
    }

    /// The token endpoint's status, when it answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The token endpoint's body, when it answered (with the client secret blanked out if echoed).
    pub fn body(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "authentication failed: the token endpoint answered HTTP {status}"),
            None => f.write_str("authentication failed: no token could be obtained"),
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|s| s.as_ref() as &(dyn std::error::Error + 'static))
    }
}

/// A request or configuration the SDK refuses before sending anything.
#[derive(Debug, Clone)]
pub struct InvalidRequest {
    message: String,
}

impl InvalidRequest {
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.message)
    }
}

impl std::error::Error for InvalidRequest {}

/// A paginated stream stopped because the server broke the cursor protocol.
#[derive(Debug, Clone)]
pub struct PaginationError {
    operation: &'static str,
    message: &'static str,
}

impl PaginationError {
    pub(crate) fn new(operation: &'static str, message: &'static str) -> Self {
        Self { operation, message }
    }

    /// The `operationId` of the list being streamed.
    pub fn operation(&self) -> &str {
        self.operation
    }
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pagination of {} stopped: {}", self.operation, self.message)
    }
}

impl std::error::Error for PaginationError {}

fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}
