//! The request of one call as generated code builds it, before the client's settings: what the
//! request builder hands to `execute`. Its fields are the runtime's; generated code fills them
//! through the methods of `request/` (`query`, `header`, `json_body`...).

use std::borrow::Cow;

use bytes::Bytes;

use crate::http::BodyStream;

/// A request before it meets the client's configuration.
///
/// Query pairs are sent sorted by name (`metadata[a]` before `metadata[b]` before `page`), as Go's
/// `url.Values` writes them; the pairs of one name keep the order they were added in.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct RequestParts {
    /// Already encoded.
    pub(crate) path: String,
    /// Names are mostly the spec's (`'static`); objects written as several pairs build theirs.
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Payload>,
    /// The media type the operation decodes (`application/json` when `None`).
    pub(crate) accept: Option<&'static str>,
}

/// A request body and its `Content-Type`.
#[derive(Debug, Clone)]
pub(crate) struct Payload {
    pub(crate) content_type: String,
    pub(crate) content: Content,
}

#[derive(Debug, Clone)]
pub(crate) enum Content {
    /// `Bytes`, so that every attempt and redirect sends it without a copy.
    Bytes(Bytes),
    /// Sent once: the call is not retried, not resent after a 401, and follows no redirect.
    Stream(BodyStream),
}
