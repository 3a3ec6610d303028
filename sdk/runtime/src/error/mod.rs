//! The one error type of a call: a case per way a call can fail, each with what a caller needs to
//! react.
//!
//! Errors that keep a response body keep it twice: as received, behind an accessor named
//! `unredacted_body()`, and with the client secret and the client's access tokens blanked out, which
//! is what `body()`, `Debug` and `Display` use (see `redact.rs`).

mod auth;
#[cfg(feature = "test-util")]
mod fake;
mod head;
mod interceptor;
mod record;
pub(crate) mod redact;
mod refused;
mod response;
mod retry_after;
mod transport;
mod untyped;

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

pub use self::auth::AuthError;
pub(crate) use self::auth::{AuthFailure, TokenFailure};
pub use self::interceptor::InterceptorError;
pub(crate) use self::interceptor::{AFTER_RESPONSE, BEFORE_SEND};
pub(crate) use self::record::CallRecord;
use self::redact::Redactor;
pub use self::refused::{InvalidRequest, PaginationError};
pub use self::response::{ApiError, DecodeError, RedirectError, ResponseTooLarge, UnexpectedStatus};
pub(crate) use self::retry_after::retry_after;
pub use self::transport::{RequestSent, TimeoutBound, TimeoutError, TransportError};

/// An error of any type: what decoders, token providers and interceptors fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a call failed. Match on the case to react; `Display` is one short line (with the
/// [request id](Self::request_id) of the response, when it has one) and the details (the decoder's
/// or the HTTP client's own error) are reachable through `source()`.
///
/// `E` is the error body the operation documents: [`Error::Api`] holds it, decoded. A generated
/// crate names its own `Error` with the body its operations document as the default.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The API answered with an error it documents: its body decoded into `E`.
    Api(ApiError<E>),
    /// A non-success status whose body is not the documented error (a proxy's HTML page, an empty 502...).
    UnexpectedStatus(UnexpectedStatus),
    /// A response that does not match the type the spec promises.
    Decode(DecodeError),
    /// The request did not complete: connection refused or reset, DNS, TLS...
    Transport(TransportError),
    /// No complete answer within the attempt timeout or the operation timeout (see [`TimeoutError::bound`]).
    Timeout(TimeoutError),
    /// No usable access token could be obtained from the token endpoint or the token provider.
    Auth(AuthError),
    /// The request or the client configuration is invalid; nothing was sent.
    InvalidRequest(InvalidRequest),
    /// A paginated stream had to stop: the server repeated a cursor, promised a page it gave no cursor
    /// for, kept sending empty pages, or the stream reached its `max_pages`.
    Pagination(PaginationError),
    /// The API answered with a redirect the SDK does not follow: to another origin, too many of them,
    /// one that would change the method or drop the body, or one without a usable `Location`.
    Redirect(RedirectError),
    /// The response body is larger than the client's `max_response_bytes`; reading stopped there.
    ResponseTooLarge(ResponseTooLarge),
    /// An interceptor stopped the call with an error of its own (its `source()`); nothing more was sent.
    Interceptor(InterceptorError),
}

/// Needs `E: Serialize` for [`ApiError`]'s `Display`, which shows the decoded body as JSON.
impl<E: serde::Serialize> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => fmt::Display::fmt(e, f),
            Self::UnexpectedStatus(e) => fmt::Display::fmt(e, f),
            Self::Decode(e) => fmt::Display::fmt(e, f),
            Self::Transport(e) => fmt::Display::fmt(e, f),
            Self::Timeout(e) => fmt::Display::fmt(e, f),
            Self::Auth(e) => fmt::Display::fmt(e, f),
            Self::InvalidRequest(e) => fmt::Display::fmt(e, f),
            Self::Pagination(e) => fmt::Display::fmt(e, f),
            Self::Redirect(e) => fmt::Display::fmt(e, f),
            Self::ResponseTooLarge(e) => fmt::Display::fmt(e, f),
            Self::Interceptor(e) => fmt::Display::fmt(e, f),
        }?;
        match self.request_id() {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        }
    }
}

/// Each case is transparent: `source()` is the source of the error it holds.
impl<E: fmt::Debug + serde::Serialize> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Api(e) => std::error::Error::source(e),
            Self::UnexpectedStatus(e) => e.source(),
            Self::Decode(e) => e.source(),
            Self::Transport(e) => e.source(),
            Self::Timeout(e) => e.source(),
            Self::Auth(e) => e.source(),
            Self::InvalidRequest(e) => e.source(),
            Self::Pagination(e) => e.source(),
            Self::Redirect(e) => e.source(),
            Self::ResponseTooLarge(e) => e.source(),
            Self::Interceptor(e) => e.source(),
        }
    }
}

impl<E> Error<E> {
    /// The HTTP status of the response that caused the error, when there was one.
    ///
    /// `None` for a timeout, a transport failure and an interceptor's error, even when the head of
    /// a response had come (its body was being read, or an interceptor refused it): the response
    /// did not cause them, and neither [`retry_after`](Self::retry_after) nor the retry loop reads
    /// a `Retry-After` from it. [`headers`](Self::headers) keeps that head's headers, and the case's
    /// own `status()` ([`TimeoutError::status`], ...) its status.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.response.status),
            Self::UnexpectedStatus(e) => Some(e.response.status),
            Self::Decode(e) => Some(e.response.status),
            Self::Auth(e) => e.status(),
            Self::Redirect(e) => Some(e.status),
            Self::ResponseTooLarge(e) => Some(e.status),
            Self::Transport(_)
            | Self::Timeout(_)
            | Self::InvalidRequest(_)
            | Self::Pagination(_)
            | Self::Interceptor(_) => None,
        }
    }

    /// The status of the API's response, when the call got one: [`status`](Self::status) but for
    /// an `Auth` error, whose status is the token endpoint's.
    pub(crate) fn response_status(&self) -> Option<StatusCode> {
        match self {
            Self::Auth(_) => None,
            _ => self.status(),
        }
    }

    /// A short name of what went wrong, as OpenTelemetry's `error.type`: the status code of an
    /// error response, else the case.
    pub(crate) fn error_type(&self) -> &str {
        match self {
            Self::Api(e) => e.response.status.as_str(),
            Self::UnexpectedStatus(e) => e.response.status.as_str(),
            Self::Decode(_) => "decode",
            Self::Transport(_) => "transport",
            Self::Timeout(_) => "timeout",
            Self::Auth(_) => "auth",
            Self::InvalidRequest(_) => "invalid_request",
            Self::Pagination(_) => "pagination",
            Self::Redirect(_) => "redirect",
            Self::ResponseTooLarge(_) => "response_too_large",
            Self::Interceptor(_) => "interceptor",
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidRequest(InvalidRequest::new(message))
    }

    /// Sorts a failure of the HTTP client into timeout (its connect timeout, or one the caller's own
    /// `reqwest` settings set) or transport. `sent` is what the SDK saw of the request go out; a
    /// connection that could not be made, or a request the client could not build, sent nothing.
    pub(crate) fn from_reqwest(error: reqwest::Error, timeout: TimeoutError, sent: RequestSent) -> Self {
        let sent = if error.is_connect() || error.is_builder() { RequestSent::Nothing } else { sent };
        if error.is_timeout() {
            Self::Timeout(timeout.with_request_sent(sent))
        } else {
            Self::Transport(TransportError {
                source: transport::TransportSource::Http(error),
                sent,
                head: None,
                call: CallRecord::first(),
            })
        }
    }
}

/// The error body of no API: what the layers below the request builder fail with, before a
/// response is sorted into a value or an API error. [`Failure::widen`] makes it any `Error<E>`.
#[derive(Debug)]
pub(crate) enum NoBody {}

impl serde::Serialize for NoBody {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

/// An error without a documented body, which every layer below the request builder returns.
pub(crate) type Failure = Error<NoBody>;

impl Failure {
    /// The same error, as the error of an operation whose documented body is `E`.
    pub(crate) fn widen<E>(self) -> Error<E> {
        match self {
            Self::Api(e) => match *e.body {},
            Self::UnexpectedStatus(e) => Error::UnexpectedStatus(e),
            Self::Decode(e) => Error::Decode(e),
            Self::Transport(e) => Error::Transport(e),
            Self::Timeout(e) => Error::Timeout(e),
            Self::Auth(e) => Error::Auth(e),
            Self::InvalidRequest(e) => Error::InvalidRequest(e),
            Self::Pagination(e) => Error::Pagination(e),
            Self::Redirect(e) => Error::Redirect(e),
            Self::ResponseTooLarge(e) => Error::ResponseTooLarge(e),
            Self::Interceptor(e) => Error::Interceptor(e),
        }
    }
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

pub(super) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}
