//! Errors about a response the server sent: documented or not, undecodable, a redirect the SDK
//! refuses, a body over the limit.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::redact::Redactor;
use super::{BoxError, CallRecord, KeptResponse, shorten};

/// An error the API documents: the response's status and headers, and its body decoded into `E`,
/// the operation's documented error body.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    pub(super) response: Box<KeptResponse>,
    pub(super) body: Box<E>,
    pub(super) call: CallRecord,
}

impl<E> ApiError<E> {
    /// `body` is decoded from the redacted copy of the response body.
    pub(crate) fn new(response: KeptResponse, body: E) -> Self {
        Self { response: Box::new(response), body: Box::new(body), call: CallRecord::first() }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.response.status
    }

    /// The response headers; values holding a secret are marked sensitive.
    pub fn headers(&self) -> &HeaderMap {
        &self.response.headers
    }

    /// The decoded error body (for example `body().error_code`), decoded from the body with the
    /// client's secrets blanked out.
    pub fn body(&self) -> &E {
        &self.body
    }

    /// The decoded error body, dropping status and headers.
    pub fn into_body(self) -> E {
        *self.body
    }

    /// The body exactly as received: it may hold the client's access token or secret if the server
    /// echoed them. Never log it.
    pub fn unredacted_body(&self) -> &Bytes {
        &self.response.received
    }
}

impl<E: serde::Serialize> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = serde_json::to_string(&self.body).unwrap_or_default();
        write!(f, "API error, HTTP {}: {}", self.response.status, shorten(&body, 200))
    }
}

impl<E: fmt::Debug + serde::Serialize> std::error::Error for ApiError<E> {}

/// A non-success response that is not the documented error.
#[derive(Debug, Clone)]
pub struct UnexpectedStatus {
    pub(super) response: Box<KeptResponse>,
    pub(super) call: CallRecord,
}

impl UnexpectedStatus {
    pub(crate) fn new(response: KeptResponse) -> Self {
        Self { response: Box::new(response), call: CallRecord::first() }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.response.status
    }

    /// The response headers; values holding a secret are marked sensitive.
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
    pub(super) response: Box<KeptResponse>,
    source: BoxError,
    pub(super) call: CallRecord,
}

impl DecodeError {
    /// The source is the decoder's error, or its message with the secrets blanked out if it quotes one.
    pub(crate) fn new(response: KeptResponse, source: BoxError, redactor: &Redactor) -> Self {
        let message = source.to_string();
        let redacted = redactor.text(&message);
        let source: BoxError = if redacted == message { source } else { Box::new(RedactedSource(redacted)) };
        Self { response: Box::new(response), source, call: CallRecord::first() }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.response.status
    }

    /// The response headers; values holding a secret are marked sensitive.
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
pub(crate) struct RedactedSource(pub(crate) String);

impl fmt::Display for RedactedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RedactedSource {}

/// A redirect the SDK did not follow. Nothing was sent to its target.
#[derive(Debug, Clone)]
pub struct RedirectError {
    pub(super) status: StatusCode,
    pub(super) headers: Box<HeaderMap>,
    location: Option<String>,
    reason: &'static str,
    pub(super) call: CallRecord,
}

impl RedirectError {
    /// `location` must already be free of secrets.
    pub(crate) fn new(status: StatusCode, location: Option<String>, reason: &'static str) -> Self {
        Self { status, headers: Box::default(), location, reason, call: CallRecord::first() }
    }

    /// The HTTP status of the redirect; for one the caller's HTTP client followed by itself
    /// ([`ClientBuilder::reqwest_client`](crate::ClientBuilder::reqwest_client)), of the response it
    /// ended at, on another URL.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Where the server redirected to (resolved against the request URL when it parses), without
    /// user info and with the client's secrets blanked out.
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }
}

impl RedirectError {
    /// The headers of the redirect (of the response the caller's HTTP client ended at, when it
    /// followed redirects by itself); values holding a secret are marked sensitive.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// With the redirect's headers, whose values holding a secret `redactor` marks sensitive.
    pub(crate) fn with_headers(self, headers: HeaderMap, redactor: &Redactor) -> Self {
        Self { headers: kept_headers(headers, redactor), ..self }
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
    pub(super) status: StatusCode,
    pub(super) headers: Box<HeaderMap>,
    limit: u64,
    content_length: Option<u64>,
    pub(super) call: CallRecord,
}

impl ResponseTooLarge {
    pub(crate) fn new(status: StatusCode, limit: u64, content_length: Option<u64>) -> Self {
        Self { status, headers: Box::default(), limit, content_length, call: CallRecord::first() }
    }

    /// The HTTP status of the response whose body was too large.
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

impl ResponseTooLarge {
    /// The headers of the response whose body was too large; values holding a secret are marked
    /// sensitive.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// With the response's headers, whose values holding a secret `redactor` marks sensitive.
    pub(crate) fn with_headers(self, headers: HeaderMap, redactor: &Redactor) -> Self {
        Self { headers: kept_headers(headers, redactor), ..self }
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

/// Headers kept in an error that has no body: values holding a secret marked sensitive.
fn kept_headers(mut headers: HeaderMap, redactor: &Redactor) -> Box<HeaderMap> {
    redactor.headers(&mut headers);
    Box::new(headers)
}
