//! Errors where no usable response came: the request failed in transit or ran out of time, and how
//! much of it had gone out when it did.

use std::fmt;
use std::time::Duration;

use super::head::KeptHead;
use super::record::CallRecord;

/// How much of its request a failed attempt had sent, as far as the SDK can tell.
///
/// What the HTTP client tells: a connection that could not be made (DNS, refused, TLS handshake, its
/// connect timeout) sent nothing; once it is made, the SDK sees when the request's body has been
/// handed to the connection in full, and when the answer begins. It cannot see a request without a
/// body go out, nor whether bytes handed to the connection reached the server: anything between is
/// [`Unknown`](Self::Unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestSent {
    /// None of it: the connection could not be made, no access token was obtained, or the time ran
    /// out before the request was handed to the HTTP client. The server cannot have acted on it.
    Nothing,
    /// The HTTP client had the request, and the SDK cannot tell how much of it went out: it may have
    /// been connecting, or writing it (a request without a body stays here until the answer begins).
    Unknown,
    /// All of it: the body's last byte was handed to the connection, or the server began to answer.
    Whole,
}

/// The HTTP client's failure to complete a request.
#[derive(Debug)]
pub struct TransportError {
    pub(super) source: TransportSource,
    pub(super) sent: RequestSent,
    /// The head of the response whose body was being read when the exchange broke, if one came.
    pub(super) head: Option<Box<KeptHead>>,
    pub(super) call: CallRecord,
}

/// What failed: the HTTP client, or (with `test-util`) a test's stand-in for it, which cannot make
/// a `reqwest::Error`.
#[derive(Debug)]
pub(super) enum TransportSource {
    Http(reqwest::Error),
    #[cfg(feature = "test-util")]
    Other {
        connect: bool,
        source: super::BoxError,
    },
}

impl TransportError {
    /// Whether the connection itself could not be made (nothing reached the server).
    pub fn is_connect(&self) -> bool {
        match &self.source {
            TransportSource::Http(e) => e.is_connect(),
            #[cfg(feature = "test-util")]
            TransportSource::Other { connect, .. } => *connect,
        }
    }

    /// How much of the request had gone out: [`RequestSent::Nothing`] when the connection could not
    /// be made, else what the SDK saw of it before the exchange broke (a reset, a connection closed
    /// before the answer ended).
    pub fn request_sent(&self) -> RequestSent {
        self.sent
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_connect() { "could not connect to the server" } else { "the request failed in transit" })
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.source {
            TransportSource::Http(e) => Some(e),
            #[cfg(feature = "test-util")]
            TransportSource::Other { source, .. } => Some(source.as_ref()),
        }
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
    pub(super) sent: RequestSent,
    /// The head of the response whose body was being read when the time ran out, if one came.
    pub(super) head: Option<Box<KeptHead>>,
    pub(super) call: CallRecord,
}

impl TimeoutError {
    pub(crate) fn new(after: Duration, bound: TimeoutBound) -> Self {
        Self { after, bound, sent: RequestSent::Unknown, head: None, call: CallRecord::first() }
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

impl TimeoutError {
    /// How much of the request had gone out when the time ran out: for a write, whether the server
    /// may have received it whole (see [`Error::maybe_processed`](crate::Error::maybe_processed)).
    pub fn request_sent(&self) -> RequestSent {
        self.sent
    }

    pub(crate) fn with_request_sent(mut self, sent: RequestSent) -> Self {
        self.sent = sent;
        self
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.bound {
            TimeoutBound::Attempt => write!(f, "no complete response within the attempt timeout ({:?})", self.after)?,
            TimeoutBound::Operation => {
                write!(f, "the call did not complete within its operation timeout ({:?})", self.after)?
            }
        }
        f.write_str(match self.sent {
            RequestSent::Nothing => ", before the request was sent",
            RequestSent::Unknown => "",
            RequestSent::Whole => ", after the request was sent",
        })
    }
}

impl std::error::Error for TimeoutError {}
