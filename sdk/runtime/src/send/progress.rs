//! How far the request of the attempt under way got, which is what a failed attempt reports as
//! [`RequestSent`]: nothing until the request is handed to the HTTP client, all of it once its body's
//! last byte is taken or the answer begins.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::RequestSent;
use crate::http::BodySent;

/// Where the request of one exchange stands; a new exchange (a redirect followed, the resend after
/// a 401) starts over, the answers before it having said the server did not act.
///
/// Not `Debug`: the head it may keep holds headers as received, a secret a server echoed included.
#[derive(Default)]
pub(crate) enum Progress {
    /// Not handed to the HTTP client yet (waiting for a token, say).
    #[default]
    NotHanded,
    /// Handed over, with its body's flag when it has one.
    Handed(Option<BodySent>),
    /// The head of the answer has come.
    Answered,
    /// The head of the answer has come, and its body is being read: the head is kept here, in the
    /// call's state rather than in the attempt's future, so that an attempt the deadline drops
    /// while the body is read still reports the head (see `Sender::timed_out`).
    Reading(StatusCode, HeaderMap),
}

impl Progress {
    pub(crate) fn request_sent(&self) -> RequestSent {
        match self {
            Self::NotHanded => RequestSent::Nothing,
            Self::Handed(Some(body)) if body.is_set() => RequestSent::Whole,
            Self::Handed(_) => RequestSent::Unknown,
            Self::Answered | Self::Reading(..) => RequestSent::Whole,
        }
    }

    /// The head kept while the body was read, if any; the progress is then [`Progress::Answered`].
    pub(crate) fn take_head(&mut self) -> Option<(StatusCode, HeaderMap)> {
        match std::mem::replace(self, Self::Answered) {
            Self::Reading(status, headers) => Some((status, headers)),
            other => {
                *self = other;
                None
            }
        }
    }
}
