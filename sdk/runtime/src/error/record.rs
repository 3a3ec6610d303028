//! What an error tells beyond its case: the record of the call it ended (how many attempts it
//! made, whether an attempt before the last may have been acted on, the request id of the response
//! it ended with), the response's headers, the server's `Retry-After` and the documented body.
//!
//! The record is kept in each case, and set once, when the call ends; a stream's
//! [`Error::Pagination`] has the record of the call that fetched the page at fault.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use super::Error;
use super::retry_after::retry_after;

/// What the call as a whole did, which no single response says.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallRecord {
    pub(crate) attempts: u32,
    /// An attempt before the last may have been acted on (a retried 500, say): then so may the call.
    pub(crate) earlier_maybe_processed: bool,
    /// Read from the response's headers, checked and cut (see `send/request_id.rs`).
    pub(crate) request_id: Option<Box<str>>,
}

impl CallRecord {
    /// The record of an error before its call has ended: one attempt.
    pub(crate) fn first() -> Self {
        Self { attempts: 1, ..Self::default() }
    }
}

/// The record of `$error`, borrowed with `$($borrow)+` (`&` or `&mut`).
macro_rules! record_of {
    ($error:expr, $($borrow:tt)+) => {
        match $error {
            Error::Api(e) => $($borrow)+ e.call,
            Error::UnexpectedStatus(e) => $($borrow)+ e.call,
            Error::Decode(e) => $($borrow)+ e.call,
            Error::Transport(e) => $($borrow)+ e.call,
            Error::Timeout(e) => $($borrow)+ e.call,
            Error::Auth(e) => $($borrow)+ e.call,
            Error::InvalidRequest(e) => $($borrow)+ e.call,
            Error::Redirect(e) => $($borrow)+ e.call,
            Error::ResponseTooLarge(e) => $($borrow)+ e.call,
            Error::Interceptor(e) => $($borrow)+ e.call,
            Error::Pagination(e) => $($borrow)+ e.call,
        }
    };
}

impl<E> Error<E> {
    /// Records how the call ended with this error: `attempts` made, whether an attempt before the
    /// last may have been acted on, and the request id of the response it ended with.
    pub(crate) fn end_call(&mut self, attempts: u32, earlier_maybe_processed: bool, request_id: Option<Box<str>>) {
        *record_of!(self, &mut) = CallRecord { attempts, earlier_maybe_processed, request_id };
    }

    /// Whether an attempt before the last may have been acted on.
    pub(crate) fn earlier_maybe_processed(&self) -> bool {
        record_of!(self, &).earlier_maybe_processed
    }

    /// How many attempts the call made, the last included: 1 when it was sent once, 0 when it failed
    /// before the first (an invalid request). An attempt counts once started, even if it could not
    /// connect. For an [`Error::Pagination`], the attempts of the call that fetched the page at
    /// fault (the last page read, whose answer stopped the stream), 1 unless it was retried: no
    /// request failed, and an error of a page's own call ends the stream as that error.
    pub fn attempts(&self) -> u32 {
        record_of!(self, &).attempts
    }

    /// The request id of the response the call ended with, read from the headers the client's
    /// [`request_id_headers`](crate::ClientBuilder::request_id_headers) names (by default
    /// `X-Request-Id`, then the trace id of a W3C `traceparent`, then `X-Trace-Id`): the first
    /// usable one. A value that is not visible ASCII, or that holds a secret of the client, is
    /// passed over; one longer than 128 characters is cut there, with `...` after it. `None`
    /// without a response (a transport failure or a timeout before a response's head came, an
    /// interceptor that stopped the call in `before_send`) or without such a header. For an
    /// [`Error::Auth`] it is the token endpoint's; for an [`Error::Pagination`], the page's at
    /// fault. `Display` shows it.
    pub fn request_id(&self) -> Option<&str> {
        record_of!(self, &).request_id.as_deref()
    }

    /// The headers of the response the call ended with, when one came: of an error response, a
    /// redirect not followed, a body too large, a body that did not decode; of a response whose
    /// body did not come in time or broke off ([`Error::Timeout`], [`Error::Transport`]) and of
    /// one an interceptor refused in `after_response` ([`Error::Interceptor`]); and for an
    /// [`Error::Auth`] the token endpoint's, when it answered. Values holding a secret are marked
    /// sensitive (`Debug` shows them as `Sensitive`); their bytes are as received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api(e) => Some(&e.response.headers),
            Self::UnexpectedStatus(e) => Some(&e.response.headers),
            Self::Decode(e) => Some(&e.response.headers),
            Self::Redirect(e) => Some(&e.headers),
            Self::ResponseTooLarge(e) => Some(&e.headers),
            Self::Auth(e) => e.failure.headers(),
            Self::Transport(e) => e.headers(),
            Self::Timeout(e) => e.headers(),
            Self::Interceptor(e) => e.headers(),
            Self::InvalidRequest(_) | Self::Pagination(_) => None,
        }
    }

    /// The wait the server asked for with `Retry-After` (seconds or an HTTP date) on a 429 or a
    /// 503, parsed as the retry loop parses it: `None` on other statuses and for a value that is
    /// neither (negative, garbage); a date in the past is zero. The value is the server's, however
    /// large: the retry loop waits for it only up to
    /// [`max_retry_after`](crate::RetryPolicy::max_retry_after) and the operation deadline.
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(self.status()?, self.headers()?, SystemTime::now())
    }

    /// The documented error body of an [`Error::Api`] (for example `api_body()?.error_code`),
    /// decoded from the body with the client's secrets blanked out; `None` for every other case.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Self::Api(e) => Some(e.body()),
            _ => None,
        }
    }
}
