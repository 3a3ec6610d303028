//! Errors where no usable response came: the request failed in transit or ran out of time.

use std::fmt;
use std::time::Duration;

/// The HTTP client's failure to complete a request.
#[derive(Debug)]
pub struct TransportError {
    pub(super) source: TransportSource,
    pub(super) attempts: u32,
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
    pub(super) attempts: u32,
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
