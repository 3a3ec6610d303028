//! An interceptor of the caller's that stopped a call.

use std::fmt;

use super::head::KeptHead;
use super::{BoxError, CallRecord};

/// The points where an interceptor can stop a call, as its error names them.
pub(crate) const BEFORE_SEND: &str = "before_send";
pub(crate) const AFTER_RESPONSE: &str = "after_response";

/// An interceptor's `before_send` or `after_response` returned an error: the call ended there, and
/// nothing more was sent for it. `source()` is the interceptor's error (downcast it to your own
/// type).
#[derive(Debug)]
pub struct InterceptorError {
    interceptor: String,
    point: &'static str,
    source: BoxError,
    /// The head of the response `after_response` refused.
    pub(super) head: Option<Box<KeptHead>>,
    pub(super) call: CallRecord,
}

impl InterceptorError {
    /// Its call's record is set when the call ends (`Error::end_call`), as every error's.
    pub(crate) fn new(interceptor: String, point: &'static str, source: BoxError) -> Self {
        Self { interceptor, point, source, head: None, call: CallRecord::first() }
    }

    /// Whether it stopped the call after a response had come (`after_response`), rather than before
    /// a request went out (`before_send`).
    pub(crate) fn after_a_response(&self) -> bool {
        self.point == AFTER_RESPONSE
    }

    /// The interceptor's name ([`Intercept::name`](crate::Intercept::name)).
    pub fn interceptor(&self) -> &str {
        &self.interceptor
    }
}

impl fmt::Display for InterceptorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "interceptor `{}` stopped the call in {}", self.interceptor, self.point)
    }
}

impl std::error::Error for InterceptorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}
