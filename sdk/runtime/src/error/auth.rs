//! The token endpoint's failures, shared by every call that waited for the same token request.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::redact::Redactor;
use super::response::RedactedSource;
use super::{BoxError, CallRecord, KeptResponse};

/// No usable access token: the token endpoint refused, failed, could not be reached, or gave a token
/// the SDK cannot use; or the token provider failed (its error is the `source()`), took longer than
/// the client's attempt timeout, or gave a token the SDK cannot use.
///
/// Every call that waited for the same token request gets the same failure (cheap to clone).
#[derive(Debug, Clone)]
pub struct AuthError {
    pub(super) failure: Arc<AuthFailure>,
    pub(super) call: CallRecord,
}

/// What went wrong with one token request, shared by every call that waited for it.
#[derive(Debug)]
pub(crate) struct AuthFailure {
    /// Already free of secrets.
    reason: String,
    status: Option<StatusCode>,
    response: Option<KeptResponse>,
    /// The headers of an answer refused before its body was read (a redirect, a body too large).
    refused_headers: Option<HeaderMap>,
    source: Option<BoxError>,
    cause: TokenFailure,
}

/// What kind of failure a token request met, for the retry table (`send/classify.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenFailure {
    /// The token endpoint could not be reached, or its answer could not be read.
    Unreachable,
    /// No token within the fetch timeout.
    TimedOut,
    /// The token endpoint answered with a status that is not a success.
    Rejected(StatusCode),
    /// Anything asking again would not change: the provider failed, the token is unusable, the
    /// answer was refused (a redirect, a body too large).
    Final,
}

impl AuthFailure {
    /// The token endpoint could not be reached, or its answer could not be read.
    pub(crate) fn unreachable(reason: &str, source: reqwest::Error) -> Self {
        Self {
            reason: reason.to_owned(),
            status: None,
            response: None,
            refused_headers: None,
            source: Some(Box::new(source)),
            cause: TokenFailure::Unreachable,
        }
    }

    /// `what` (the token endpoint, the token provider) gave no token within `limit`.
    pub(crate) fn timed_out(what: &str, limit: Duration) -> Self {
        let reason = format!("{what} did not answer within {limit:?}");
        Self {
            reason,
            status: None,
            response: None,
            refused_headers: None,
            source: None,
            cause: TokenFailure::TimedOut,
        }
    }

    /// The caller's token provider failed: its error is the source. Not retried: the provider knows
    /// better than the SDK whether asking again helps.
    pub(crate) fn provider(source: BoxError) -> Self {
        let reason = "the token provider failed".to_owned();
        Self {
            reason,
            status: None,
            response: None,
            refused_headers: None,
            source: Some(source),
            cause: TokenFailure::Final,
        }
    }

    /// The caller's token provider returned a token no call can use: `reason` says why.
    pub(crate) fn unusable_from_provider(reason: &str) -> Self {
        let reason = format!("the token provider's token cannot be used: {reason}");
        Self { reason, status: None, response: None, refused_headers: None, source: None, cause: TokenFailure::Final }
    }

    /// Refused before its body was read (a redirect, a body over the limit): `reason` says why;
    /// `headers` are the answer's, whose values holding a secret `held` marks sensitive.
    pub(crate) fn refused(status: StatusCode, mut headers: HeaderMap, held: &Redactor, reason: String) -> Self {
        held.headers(&mut headers);
        let cause = TokenFailure::Final;
        Self { reason, status: Some(status), response: None, refused_headers: Some(headers), source: None, cause }
    }

    /// A non-success answer.
    pub(crate) fn rejected(response: KeptResponse) -> Self {
        let status = response.status;
        let reason = format!("the token endpoint answered HTTP {status}");
        Self {
            reason,
            status: Some(status),
            response: Some(response),
            refused_headers: None,
            source: None,
            cause: TokenFailure::Rejected(status),
        }
    }

    /// A success answer without a usable token; `detail` (already redacted) becomes the source.
    pub(crate) fn unusable(response: KeptResponse, reason: &str, detail: Option<String>) -> Self {
        let source = detail.map(|d| Box::new(RedactedSource(d)) as Box<dyn std::error::Error + Send + Sync>);
        let status = Some(response.status);
        let (reason, response, refused_headers) = (reason.to_owned(), Some(response), None);
        Self { reason, status, response, refused_headers, source, cause: TokenFailure::Final }
    }

    /// What kind of failure it was.
    pub(crate) fn cause(&self) -> TokenFailure {
        self.cause
    }

    /// The token endpoint's headers, when it answered.
    pub(crate) fn headers(&self) -> Option<&HeaderMap> {
        self.response.as_ref().map(|r| &r.headers).or(self.refused_headers.as_ref())
    }
}

impl AuthError {
    pub(crate) fn new(failure: Arc<AuthFailure>) -> Self {
        Self { failure, call: CallRecord::first() }
    }

    /// What kind of failure the token request met.
    pub(crate) fn cause(&self) -> TokenFailure {
        self.failure.cause()
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
