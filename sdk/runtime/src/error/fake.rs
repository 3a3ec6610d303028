//! The errors a test builds (feature `test-util`): each case a fake of the SDK returns where the
//! real client would have received a response or a failure. Outside the semver promise, as
//! everything `test-util` adds.
//!
//! Kept apart from the accessors of `mod.rs`, which read what the runtime itself builds.

use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::redact::Redactor;
use super::transport::TransportSource;
use super::{
    ApiError, BoxError, CallRecord, Error, KeptResponse, RequestSent, TimeoutBound, TimeoutError, TransportError,
    UnexpectedStatus,
};

#[cfg(feature = "test-util")]
impl<E> Error<E> {
    /// An [`Error::Api`]: the API answered `status` with `headers` and its documented error body
    /// `body`, as if it had sent `body` as JSON (which [`ApiError::unredacted_body`] returns; empty
    /// when `body` does not serialize).
    ///
    /// `test-util` only, and outside the semver promise.
    pub fn api(status: StatusCode, headers: HeaderMap, body: E) -> Self
    where
        E: serde::Serialize,
    {
        let json = Bytes::from(serde_json::to_vec(&body).unwrap_or_default());
        Self::Api(ApiError::new(KeptResponse::new(status, headers, json, &Redactor::default()), body))
    }

    /// An [`Error::UnexpectedStatus`]: the server answered `status` with `headers` and `body`, which
    /// is not the documented error.
    ///
    /// `test-util` only, and outside the semver promise.
    pub fn unexpected_status(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        let kept = KeptResponse::new(status, headers, body.into(), &Redactor::default());
        Self::UnexpectedStatus(UnexpectedStatus::new(kept))
    }

    /// An [`Error::Timeout`]: the bound `bound`, of `after`, ran out.
    ///
    /// `test-util` only, and outside the semver promise.
    pub fn timeout(after: Duration, bound: TimeoutBound) -> Self {
        Self::Timeout(TimeoutError::new(after, bound))
    }

    /// An [`Error::Transport`] of a request that failed in transit once sent whole (the server may
    /// have acted on it: [`TransportError::request_sent`] is [`RequestSent::Whole`]):
    /// [`TransportError::is_connect`] is `false`, and `source()` is `source`.
    ///
    /// `test-util` only, and outside the semver promise.
    pub fn transport(source: impl Into<BoxError>) -> Self {
        Self::Transport(TransportError::other(RequestSent::Whole, source.into()))
    }

    /// An [`Error::Transport`] of a connection that could not be made (nothing reached the
    /// server: [`RequestSent::Nothing`]): [`TransportError::is_connect`] is `true`, and `source()`
    /// is `source`.
    ///
    /// `test-util` only, and outside the semver promise.
    pub fn connect_error(source: impl Into<BoxError>) -> Self {
        Self::Transport(TransportError::other(RequestSent::Nothing, source.into()))
    }
}

#[cfg(feature = "test-util")]
impl TransportError {
    /// A failure of something else than the HTTP client: a test's, having `sent` that much of the
    /// request. One that sent nothing is a connection that could not be made.
    pub(crate) fn other(sent: RequestSent, source: BoxError) -> Self {
        let connect = sent == RequestSent::Nothing;
        Self { source: TransportSource::Other { connect, source }, sent, head: None, call: CallRecord::first() }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use reqwest::header::HeaderValue;

    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize)]
    struct Body {
        code: &'static str,
    }

    #[test]
    fn built_errors_read_as_received_ones() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("r-1"));
        let api = Error::api(StatusCode::NOT_FOUND, headers, Body { code: "NOT_FOUND" });
        assert_eq!(api.status(), Some(StatusCode::NOT_FOUND));
        assert!(!api.is_retryable());
        assert_eq!(api.headers().map(|h| &h["x-request-id"]), Some(&HeaderValue::from_static("r-1")));
        let Error::Api(e) = &api else { panic!("{api:?}") };
        assert_eq!(e.body(), &Body { code: "NOT_FOUND" });
        assert_eq!(e.unredacted_body(), &Bytes::from_static(br#"{"code":"NOT_FOUND"}"#));
        assert_eq!(api.to_string(), r#"API error, HTTP 404 Not Found: {"code":"NOT_FOUND"}"#);

        let unexpected: Error<Body> = Error::unexpected_status(StatusCode::BAD_GATEWAY, HeaderMap::new(), "<html>");
        assert!(unexpected.is_retryable());
        let Error::UnexpectedStatus(e) = &unexpected else { panic!("{unexpected:?}") };
        assert_eq!(e.body(), &Bytes::from_static(b"<html>"));

        let timeout: Error<Body> = Error::timeout(Duration::from_secs(3), TimeoutBound::Operation);
        let Error::Timeout(e) = &timeout else { panic!("{timeout:?}") };
        assert_eq!((e.after(), e.bound()), (Duration::from_secs(3), TimeoutBound::Operation));
        assert_eq!(timeout.attempts(), 1);
    }

    #[test]
    fn built_transport_errors_say_whether_anything_reached_the_server() {
        let transit: Error<Body> = Error::transport("reset by peer");
        let Error::Transport(e) = &transit else { panic!("{transit:?}") };
        assert!(!e.is_connect());
        assert_eq!(e.request_sent(), RequestSent::Whole);
        assert_eq!(e.to_string(), "the request failed in transit");
        assert_eq!(e.source().map(ToString::to_string).as_deref(), Some("reset by peer"));
        assert!(transit.is_retryable());

        let refused: Error<Body> = Error::connect_error("connection refused");
        let Error::Transport(e) = &refused else { panic!("{refused:?}") };
        assert!(e.is_connect());
        assert_eq!(e.request_sent(), RequestSent::Nothing);
        assert_eq!(e.to_string(), "could not connect to the server");
    }
}
