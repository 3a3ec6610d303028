//! The head of a response (status and headers) kept in an error that the response did not cause:
//! its body did not come in time or broke off, or an interceptor refused it. The head came, so the
//! error keeps it, for [`Error::headers`] and the request id.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::redact::Redactor;
use super::{Error, InterceptorError, TimeoutError, TransportError};

/// Status and headers as received, values holding a secret marked sensitive.
#[derive(Debug, Clone)]
pub(crate) struct KeptHead {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
}

impl<E> Error<E> {
    /// With the head of the response that came before the failure, whose header values holding a
    /// secret `redactor` marks sensitive: for a timeout, a transport failure and an interceptor's
    /// error. Every other case keeps its response already, and is returned as it is.
    pub(crate) fn with_head(mut self, status: StatusCode, mut headers: HeaderMap, redactor: &Redactor) -> Self {
        let slot = match &mut self {
            Self::Timeout(e) => &mut e.head,
            Self::Transport(e) => &mut e.head,
            Self::Interceptor(e) => &mut e.head,
            _ => return self,
        };
        redactor.headers(&mut headers);
        *slot = Some(Box::new(KeptHead { status, headers }));
        self
    }
}

/// `status()` and `headers()` of an error that may keep the head of a response, on `$type`.
macro_rules! head_accessors {
    ($type:ty, $when:literal) => {
        impl $type {
            #[doc = concat!("The HTTP status of the response whose head had come when ", $when, ", if one had.")]
            pub fn status(&self) -> Option<StatusCode> {
                self.head.as_ref().map(|head| head.status)
            }

            #[doc = concat!("The headers of the response whose head had come when ", $when, ", if one had; values")]
            /// holding a secret are marked sensitive.
            pub fn headers(&self) -> Option<&HeaderMap> {
                self.head.as_ref().map(|head| &head.headers)
            }
        }
    };
}

head_accessors!(TimeoutError, "the time ran out (its body was being read)");
head_accessors!(TransportError, "the exchange broke (its body was being read)");
head_accessors!(InterceptorError, "the interceptor stopped the call (in `after_response`)");
