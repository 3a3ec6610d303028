//! The SDK's one error type: a case per way a call can fail, each with what a caller needs to react.
//!
//! Errors that keep a response body keep it twice: as received, behind an accessor named
//! `unredacted_body()`, and with the client secret and the client's access tokens blanked out, which
//! is what `body()`, `Debug` and `Display` use.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::operations::ApiErrorBody;
use crate::redact::Redactor;

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
    /// No complete answer within the attempt timeout or the operation timeout (see [`TimeoutError::bound`]).
    #[error(transparent)]
    Timeout(TimeoutError),
    /// No usable access token could be obtained from the token endpoint.
    #[error(transparent)]
    Auth(AuthError),
    /// The request or the client configuration is invalid; nothing was sent.
    #[error(transparent)]
    InvalidRequest(InvalidRequest),
    /// A paginated stream had to stop: the server repeated a cursor, promised a page it gave no cursor
    /// for, kept sending empty pages, or the stream reached its `max_pages`.
    #[error(transparent)]
    Pagination(PaginationError),
    /// The API answered with a redirect the SDK does not follow: to another origin, too many of them,
    /// one that would change the method or drop the body, or one without a usable `Location`.
    #[error(transparent)]
    Redirect(RedirectError),
    /// The response body is larger than the client's `max_response_bytes`; reading stopped there.
    #[error(transparent)]
    ResponseTooLarge(ResponseTooLarge),
}

impl Error {
    /// The HTTP status of the response that caused the error, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.response.status),
            Self::UnexpectedStatus(e) => Some(e.response.status),
            Self::Decode(e) => Some(e.response.status),
            Self::Auth(e) => e.status(),
            Self::Redirect(e) => Some(e.status),
            Self::ResponseTooLarge(e) => Some(e.status),
            Self::Transport(_) | Self::Timeout(_) | Self::InvalidRequest(_) | Self::Pagination(_) => None,
        }
    }

    /// Whether trying the same call again may succeed: transport failures, timeouts,
    /// 429, 500, 502, 503 and 504. Whether it is *safe* to repeat depends on the method too.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(_) | Self::Timeout(_) => true,
            Self::Auth(e) => e.failure.retryable,
            Self::Api(_) | Self::UnexpectedStatus(_) => self.status().is_some_and(retryable_status),
            Self::Decode(_)
            | Self::InvalidRequest(_)
            | Self::Pagination(_)
            | Self::Redirect(_)
            | Self::ResponseTooLarge(_) => false,
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
            Self::Redirect(e) => e.attempts,
            Self::ResponseTooLarge(e) => e.attempts,
            Self::InvalidRequest(_) | Self::Pagination(_) => 0,
        }
    }

    /// The response headers, when there was a response. Values holding a secret are marked
    /// sensitive (`Debug` shows them as `Sensitive`); their bytes are as received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api(e) => Some(&e.response.headers),
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
            Self::Redirect(e) => e.attempts = attempts,
            Self::ResponseTooLarge(e) => e.attempts = attempts,
            Self::InvalidRequest(_) | Self::Pagination(_) => {}
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidRequest(InvalidRequest { message: message.into() })
    }

    /// Sorts a failure of the HTTP client into timeout (one the caller's own `reqwest` settings set)
    /// or transport.
    pub(crate) fn from_reqwest(error: reqwest::Error, timeout: TimeoutError) -> Self {
        if error.is_timeout() {
            Self::Timeout(timeout)
        } else {
            Self::Transport(TransportError { source: error, attempts: 1 })
        }
    }
}

pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// A response kept in an error: the body as received and a copy with the secrets blanked out.
#[derive(Clone)]
pub(crate) struct KeptResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    received: Bytes,
    redacted: Bytes,
}

impl KeptResponse {
    pub(crate) fn new(status: StatusCode, mut headers: HeaderMap, body: Bytes, redactor: &Redactor) -> Self {
        redactor.headers(&mut headers);
        let redacted = redactor.body(&body);
        Self { status, headers, received: body, redacted }
    }

    /// With a body already redacted by the caller (token responses get extra care).
    pub(crate) fn with_redacted(status: StatusCode, headers: HeaderMap, body: Bytes, redacted: Bytes) -> Self {
        Self { status, headers, received: body, redacted }
    }

    pub(crate) fn redacted(&self) -> &Bytes {
        &self.redacted
    }
}

impl fmt::Debug for KeptResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.redacted)
            .finish()
    }
}

/// The documented error of the API.
#[derive(Debug, Clone)]
pub struct ApiError {
    response: Box<KeptResponse>,
    body: Box<ApiErrorBody>,
    attempts: u32,
}

impl ApiError {
    /// `body` is decoded from the redacted copy of the response body.
    pub(crate) fn new(response: KeptResponse, body: ApiErrorBody) -> Self {
        Self { response: Box::new(response), body: Box::new(body), attempts: 1 }
    }

    pub fn status(&self) -> StatusCode {
        self.response.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.response.headers
    }

    /// The decoded error body: `body().error_code` and `body().error_message`, decoded from the body
    /// with the client's secrets blanked out.
    pub fn body(&self) -> &ApiErrorBody {
        &self.body
    }

    /// The body exactly as received: it may hold the client's access token or secret if the server
    /// echoed them. Never log it.
    pub fn unredacted_body(&self) -> &Bytes {
        &self.response.received
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = serde_json::to_string(&self.body).unwrap_or_default();
        write!(f, "API error, HTTP {}: {}", self.response.status, shorten(&body, 200))
    }
}

impl std::error::Error for ApiError {}

/// A non-success response that is not the documented error.
#[derive(Debug, Clone)]
pub struct UnexpectedStatus {
    response: Box<KeptResponse>,
    attempts: u32,
}

impl UnexpectedStatus {
    pub(crate) fn new(response: KeptResponse) -> Self {
        Self { response: Box::new(response), attempts: 1 }
    }

    pub fn status(&self) -> StatusCode {
        self.response.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.response.headers
    }

    /// The body as received, with the client secret and the client's access tokens blanked out
    /// (identical to the received body when it holds none).
    pub fn body(&self) -> &Bytes {
        &self.response.redacted
    }

    /// The body exactly as received: it may hold the client's access token or secret if the server
    /// echoed them. Never log it.
    pub fn unredacted_body(&self) -> &Bytes {
        &self.response.received
    }
}

impl fmt::Display for UnexpectedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected HTTP {} with a {}-byte body", self.response.status, self.response.received.len())
    }
}

impl std::error::Error for UnexpectedStatus {}

/// A response body that does not decode into the promised type.
#[derive(Debug)]
pub struct DecodeError {
    response: Box<KeptResponse>,
    source: Box<dyn std::error::Error + Send + Sync>,
    attempts: u32,
}

impl DecodeError {
    /// The source is the decoder's error, or its message with the secrets blanked out if it quotes one.
    pub(crate) fn new(response: KeptResponse, source: serde_json::Error, redactor: &Redactor) -> Self {
        let message = source.to_string();
        let redacted = redactor.text(&message);
        let source: Box<dyn std::error::Error + Send + Sync> =
            if redacted == message { Box::new(source) } else { Box::new(RedactedSource(redacted)) };
        Self { response: Box::new(response), source, attempts: 1 }
    }

    pub fn status(&self) -> StatusCode {
        self.response.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.response.headers
    }

    /// The body as received, with the client secret and the client's access tokens blanked out
    /// (identical to the received body when it holds none).
    pub fn body(&self) -> &Bytes {
        &self.response.redacted
    }

    /// The body exactly as received. Never log it.
    pub fn unredacted_body(&self) -> &Bytes {
        &self.response.received
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the body of an HTTP {} response", self.response.status)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// A message that quoted a secret, with the secret blanked out.
#[derive(Debug)]
struct RedactedSource(String);

impl fmt::Display for RedactedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RedactedSource {}

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

/// Which configured time bound ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutBound {
    /// The attempt timeout (`timeout`): one attempt, from waiting for the token to the last byte.
    Attempt,
    /// The operation timeout (`operation_timeout`): the whole call, every attempt and wait included.
    Operation,
}

/// The call took longer than one of its timeouts.
#[derive(Debug, Clone)]
pub struct TimeoutError {
    after: Duration,
    bound: TimeoutBound,
    attempts: u32,
}

impl TimeoutError {
    pub(crate) fn new(after: Duration, bound: TimeoutBound) -> Self {
        Self { after, bound, attempts: 1 }
    }

    /// The timeout that ran out.
    pub fn after(&self) -> Duration {
        self.after
    }

    /// Whether it was the attempt timeout or the operation timeout.
    pub fn bound(&self) -> TimeoutBound {
        self.bound
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.bound {
            TimeoutBound::Attempt => write!(f, "no complete response within the attempt timeout ({:?})", self.after),
            TimeoutBound::Operation => {
                write!(f, "the call did not complete within its operation timeout ({:?})", self.after)
            }
        }
    }
}

impl std::error::Error for TimeoutError {}

/// The token endpoint refused, failed, could not be reached, or gave a token the SDK cannot use.
///
/// Every call that waited for the same token request gets the same failure (cheap to clone).
#[derive(Debug, Clone)]
pub struct AuthError {
    failure: Arc<AuthFailure>,
    attempts: u32,
}

/// What went wrong with one token request, shared by every call that waited for it.
#[derive(Debug)]
pub(crate) struct AuthFailure {
    /// Already free of secrets.
    reason: String,
    status: Option<StatusCode>,
    response: Option<KeptResponse>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
    retryable: bool,
}

impl AuthFailure {
    /// The token endpoint could not be reached, or its answer could not be read.
    pub(crate) fn unreachable(reason: &str, source: reqwest::Error) -> Self {
        Self {
            reason: reason.to_owned(),
            status: None,
            response: None,
            source: Some(Box::new(source)),
            retryable: true,
        }
    }

    pub(crate) fn timed_out(limit: Duration) -> Self {
        let reason = format!("the token endpoint did not answer within {limit:?}");
        Self { reason, status: None, response: None, source: None, retryable: true }
    }

    /// Refused before anything was read (a redirect, a body over the limit): `reason` says why.
    pub(crate) fn refused(status: StatusCode, reason: String) -> Self {
        Self { reason, status: Some(status), response: None, source: None, retryable: false }
    }

    /// A non-success answer.
    pub(crate) fn rejected(response: KeptResponse) -> Self {
        let status = response.status;
        let reason = format!("the token endpoint answered HTTP {status}");
        Self {
            reason,
            status: Some(status),
            response: Some(response),
            source: None,
            retryable: retryable_status(status),
        }
    }

    /// A success answer without a usable token; `detail` (already redacted) becomes the source.
    pub(crate) fn unusable(response: KeptResponse, reason: &str, detail: Option<String>) -> Self {
        let source = detail.map(|d| Box::new(RedactedSource(d)) as Box<dyn std::error::Error + Send + Sync>);
        let status = Some(response.status);
        Self { reason: reason.to_owned(), status, response: Some(response), source, retryable: false }
    }
}

impl AuthError {
    pub(crate) fn new(failure: Arc<AuthFailure>) -> Self {
        Self { failure, attempts: 1 }
    }

    /// The token endpoint's status, when it answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.failure.status
    }

    /// The token endpoint's body, when it answered, with the client secret and every access token
    /// blanked out (token fields included, even in a body that does not parse).
    pub fn body(&self) -> Option<&Bytes> {
        self.failure.response.as_ref().map(|r| &r.redacted)
    }

    /// The token endpoint's body exactly as received: it may hold an access token or the client
    /// secret. Never log it.
    pub fn unredacted_body(&self) -> Option<&Bytes> {
        self.failure.response.as_ref().map(|r| &r.received)
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "authentication failed: {}", self.failure.reason)
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.failure.source.as_ref().map(|s| s.as_ref() as &(dyn std::error::Error + 'static))
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

/// A paginated stream stopped because the server broke the cursor protocol or the stream's limit
/// was reached.
#[derive(Debug, Clone)]
pub struct PaginationError {
    operation: &'static str,
    message: String,
}

impl PaginationError {
    pub(crate) fn new(operation: &'static str, message: impl Into<String>) -> Self {
        Self { operation, message: message.into() }
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

/// A redirect the SDK did not follow. Nothing was sent to its target.
#[derive(Debug, Clone)]
pub struct RedirectError {
    status: StatusCode,
    location: Option<String>,
    reason: &'static str,
    attempts: u32,
}

impl RedirectError {
    /// `location` must already be free of secrets.
    pub(crate) fn new(status: StatusCode, location: Option<String>, reason: &'static str) -> Self {
        Self { status, location, reason, attempts: 1 }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Where the server redirected to (resolved against the request URL when it parses), without
    /// user info and with the client's secrets blanked out.
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => {
                write!(f, "HTTP {} redirect to {} not followed: {}", self.status, shorten(location, 200), self.reason)
            }
            None => write!(f, "HTTP {} redirect not followed: {}", self.status, self.reason),
        }
    }
}

impl std::error::Error for RedirectError {}

/// A response body larger than the limit; the SDK stopped reading it there.
#[derive(Debug, Clone)]
pub struct ResponseTooLarge {
    status: StatusCode,
    limit: u64,
    content_length: Option<u64>,
    attempts: u32,
}

impl ResponseTooLarge {
    pub(crate) fn new(status: StatusCode, limit: u64, content_length: Option<u64>) -> Self {
        Self { status, limit, content_length, attempts: 1 }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The limit in bytes (the client's `max_response_bytes`).
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The `Content-Length` the server announced, if it did (then nothing of the body was read).
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the body of an HTTP {} response exceeds the {}-byte limit (max_response_bytes)",
            self.status, self.limit
        )
    }
}

impl std::error::Error for ResponseTooLarge {}

fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}
