//! The retry table, in one place: for each way an attempt can end, whether trying again may help
//! (transient) and whether the server may have acted on the request (maybe processed); from those
//! two, which attempts are retried by default. The README's retry table says the same, row for row.
//!
//! [`RetryPolicy`](super::RetryPolicy) applies it, after the caller's classifier, if any, has had
//! its say; [`Error::maybe_processed`] and [`Error::is_retryable`] read it.

use std::time::SystemTime;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::received::Received;
use super::{Method, OperationInfo};
use crate::error::{Error, Failure, RequestSent, TokenFailure, retry_after};

/// What a failed attempt ended with, as a retry classifier sees it (see [`FailedAttempt::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureKind {
    /// A response whose status is not a success: [`FailedAttempt::status`] and
    /// [`headers`](FailedAttempt::headers) say more.
    Status,
    /// The connection could not be made (DNS, refused, TLS handshake, the connect timeout of the
    /// HTTP client): nothing was sent.
    Connect,
    /// No access token: the token endpoint or the token provider failed, and the API request was not
    /// sent (`status` and `headers` are the token endpoint's, when it answered).
    Token,
    /// A time bound ran out: [`FailedAttempt::request_sent`] says how much of the request had gone.
    Timeout,
    /// The exchange broke once the connection was made: a reset, a connection closed before the
    /// answer ended.
    Transport,
    /// Anything else the loop may retry: a redirect not followed, a body too large.
    Other,
}

/// What a retry classifier decides about one failed attempt (see
/// [`RetryPolicy::classifier`](super::RetryPolicy::classifier)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryDecision {
    /// Send it again, whatever the table says (within the policy's attempts, and if the wait fits
    /// before the operation deadline).
    Retry,
    /// Do not send it again: the call returns this attempt's error.
    DoNotRetry,
    /// Let the retry table decide.
    Default,
}

/// One row of the retry table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    /// Trying again may give another outcome.
    pub(crate) transient: bool,
    /// The server may have acted on the request.
    pub(crate) maybe_processed: bool,
}

const fn row(transient: bool, maybe_processed: bool) -> Row {
    Row { transient, maybe_processed }
}

/// What a response's status shows. 429 and 503: the server turned the request away without handling
/// it (RFC 6585; RFC 9110, section 15.6.4), and asks to come back. 500, 502, 504: a failure that
/// may pass, after the server, or the one behind a gateway, may have acted (a gateway's 502 is also
/// what it answers when the service broke off mid-answer). Any other 5xx: it may have acted, and
/// asking again will not help. A 2xx in an error (a body too large, one that did not decode): it
/// acted. 1xx, 3xx and 4xx: the server refused the request or sent it elsewhere.
pub(crate) fn status_row(status: StatusCode) -> Row {
    match status.as_u16() {
        429 | 503 => row(true, false),
        500 | 502 | 504 => row(true, true),
        200..=299 | 500..=599 => row(false, true),
        _ => row(false, false),
    }
}

/// What a failed token request shows: the API request was not sent, whatever happened to it.
fn token_row(cause: TokenFailure) -> Row {
    let transient = match cause {
        TokenFailure::Unreachable | TokenFailure::TimedOut => true,
        TokenFailure::Rejected(status) => status_row(status).transient,
        TokenFailure::Final => false,
    };
    row(transient, false)
}

/// The kind of failure, how much of the request went out, and the row of `error`, for its last
/// attempt alone.
fn classify<E>(error: &Error<E>) -> (FailureKind, RequestSent, Row) {
    let whole = RequestSent::Whole;
    match error {
        Error::Api(e) => (FailureKind::Status, whole, status_row(e.status())),
        Error::UnexpectedStatus(e) => (FailureKind::Status, whole, status_row(e.status())),
        Error::Redirect(e) => (FailureKind::Other, whole, row(false, status_row(e.status()).maybe_processed)),
        Error::ResponseTooLarge(e) => (FailureKind::Other, whole, row(false, status_row(e.status()).maybe_processed)),
        Error::Decode(_) | Error::Pagination(_) => (FailureKind::Other, whole, row(false, true)),
        Error::Transport(e) => {
            let kind = if e.is_connect() { FailureKind::Connect } else { FailureKind::Transport };
            (kind, e.request_sent(), row(true, e.request_sent() != RequestSent::Nothing))
        }
        Error::Timeout(e) => {
            (FailureKind::Timeout, e.request_sent(), row(true, e.request_sent() != RequestSent::Nothing))
        }
        Error::Auth(e) => (FailureKind::Token, RequestSent::Nothing, token_row(e.cause())),
        Error::InvalidRequest(_) => (FailureKind::Other, RequestSent::Nothing, row(false, false)),
        Error::Interceptor(e) => {
            let answered = e.after_a_response();
            let sent = if answered { whole } else { RequestSent::Nothing };
            (FailureKind::Other, sent, row(false, answered))
        }
    }
}

impl<E> Error<E> {
    /// Whether the server may have acted on the request: `false` only when the failure shows it did
    /// not (nothing was sent, a 429 or 503, a 4xx, no access token, an invalid request), for every
    /// attempt of the call; `true` when it may have (a timeout or a broken connection after the
    /// request went out, a 500, 502 or 504, a 2xx whose body did not decode), or when an earlier
    /// attempt may have. The README's retry table lists every case.
    ///
    /// For a write (`run_workflow`, `create_trigger`, `send_event`...), `true` means: check before
    /// sending it again (list the instances, read the trigger), or it may happen twice.
    pub fn maybe_processed(&self) -> bool {
        classify(self).2.maybe_processed || self.earlier_maybe_processed()
    }

    /// Whether trying the same call again may succeed: the table's transient failures (a
    /// connection that could not be made, a timeout, a broken connection, 429, 500, 502, 503, 504, a
    /// token endpoint that was unreachable or answered one of those). Whether it is *safe* to repeat
    /// is [`maybe_processed`](Self::maybe_processed)'s question.
    pub fn is_retryable(&self) -> bool {
        classify(self).2.transient
    }
}

/// One failed attempt, as a retry classifier sees it.
#[derive(Debug, Clone, Copy)]
pub struct FailedAttempt<'a> {
    operation: &'a OperationInfo,
    attempt: u32,
    kind: FailureKind,
    status: Option<StatusCode>,
    headers: Option<&'a HeaderMap>,
    sent: RequestSent,
    row: Row,
}

impl<'a> FailedAttempt<'a> {
    /// An attempt answered with a status that is not a success.
    pub(crate) fn response(operation: &'a OperationInfo, attempt: u32, received: &'a Received) -> Self {
        let (status, headers) = (Some(received.status), Some(&received.headers));
        let row = status_row(received.status);
        Self { operation, attempt, kind: FailureKind::Status, status, headers, sent: RequestSent::Whole, row }
    }

    /// An attempt that failed; `None` for the failures never retried, whatever a classifier would
    /// say: an interceptor's error (nothing more is sent for the call) and an invalid request.
    pub(crate) fn failure(operation: &'a OperationInfo, attempt: u32, failure: &'a Failure) -> Option<Self> {
        if matches!(failure, Error::Interceptor(_) | Error::InvalidRequest(_)) {
            return None;
        }
        let (kind, sent, row) = classify(failure);
        let (status, headers) = (failure.status(), failure.headers());
        Some(Self { operation, attempt, kind, status, headers, sent, row })
    }

    /// The operation: its id, method, path template and scopes.
    pub fn operation(&self) -> &OperationInfo {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.operation.method
    }

    /// The attempt that failed, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// What it ended with.
    pub fn kind(&self) -> FailureKind {
        self.kind
    }

    /// The status of the response, when one came (the token endpoint's for [`FailureKind::Token`]);
    /// `None` for a timeout or a broken connection while a body was read, as
    /// [`Error::status`] says, whose [`headers`](Self::headers) are there.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The headers of the response, when one came.
    pub fn headers(&self) -> Option<&'a HeaderMap> {
        self.headers
    }

    /// How much of the request had gone out.
    pub fn request_sent(&self) -> RequestSent {
        self.sent
    }

    /// Whether the server may have acted on this attempt's request, as the table says.
    pub fn maybe_processed(&self) -> bool {
        self.row.maybe_processed
    }

    /// The wait the server asked for, as [`Error::retry_after`] reads it.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        retry_after(self.status?, self.headers?, SystemTime::now())
    }

    /// The table's decision: a transient failure is retried when the server did not act on the
    /// request, or when the method is idempotent, or when `non_idempotent` allows it.
    pub(crate) fn retried_by_default(&self, non_idempotent: bool) -> bool {
        self.row.transient && (!self.row.maybe_processed || self.method().is_idempotent() || non_idempotent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's table, as (status, transient, maybe processed).
    #[test]
    fn statuses_read_as_the_readme_says() {
        let cases = [
            (429, true, false),
            (503, true, false),
            (500, true, true),
            (502, true, true),
            (504, true, true),
            (501, false, true),
            (507, false, true),
            (200, false, true),
            (201, false, true),
            (301, false, false),
            (400, false, false),
            (401, false, false),
            (404, false, false),
            (409, false, false),
            (422, false, false),
        ];
        for (status, transient, maybe_processed) in cases {
            assert_eq!(status_row(StatusCode::from_u16(status).unwrap()), row(transient, maybe_processed), "{status}");
        }
    }

    #[test]
    fn a_failed_token_request_never_sent_the_api_request() {
        let transient = [
            TokenFailure::Unreachable,
            TokenFailure::TimedOut,
            TokenFailure::Rejected(StatusCode::TOO_MANY_REQUESTS),
            TokenFailure::Rejected(StatusCode::BAD_GATEWAY),
        ];
        for cause in transient {
            assert_eq!(token_row(cause), row(true, false), "{cause:?}");
        }
        for cause in [TokenFailure::Final, TokenFailure::Rejected(StatusCode::BAD_REQUEST)] {
            assert_eq!(token_row(cause), row(false, false), "{cause:?}");
        }
    }

    #[test]
    fn by_default_writes_are_retried_only_when_the_server_did_not_act() {
        const POST: OperationInfo = OperationInfo::new("w", Method::Post, "/w", &[]);
        const GET: OperationInfo = OperationInfo::new("r", Method::Get, "/r", &[]);
        let attempt = |operation, status| {
            let received = Received {
                status: StatusCode::from_u16(status).unwrap(),
                headers: HeaderMap::new(),
                body: bytes::Bytes::new(),
            };
            let failed = FailedAttempt::response(operation, 1, &received);
            (failed.retried_by_default(false), failed.retried_by_default(true))
        };
        assert_eq!(attempt(&POST, 429), (true, true));
        assert_eq!(attempt(&POST, 503), (true, true));
        assert_eq!(attempt(&POST, 500), (false, true));
        assert_eq!(attempt(&POST, 404), (false, false));
        assert_eq!(attempt(&GET, 500), (true, true));
        assert_eq!(attempt(&GET, 501), (false, false));
    }
}
