//! How far the request of the attempt under way got, which is what a failed attempt reports as
//! [`RequestSent`]: nothing until the request is handed to the HTTP client, all of it once its body's
//! last byte is taken or the answer begins.

use crate::error::RequestSent;
use crate::http::BodySent;

/// Where the request of one exchange stands; a new exchange (a redirect followed, the resend after
/// a 401) starts over, the answers before it having said the server did not act.
#[derive(Debug, Default)]
pub(crate) enum Progress {
    /// Not handed to the HTTP client yet (waiting for a token, say).
    #[default]
    NotHanded,
    /// Handed over, with its body's flag when it has one.
    Handed(Option<BodySent>),
    /// The head of the answer has come.
    Answered,
}

impl Progress {
    pub(crate) fn request_sent(&self) -> RequestSent {
        match self {
            Self::NotHanded => RequestSent::Nothing,
            Self::Handed(Some(body)) if body.is_set() => RequestSent::Whole,
            Self::Handed(_) => RequestSent::Unknown,
            Self::Answered => RequestSent::Whole,
        }
    }
}
