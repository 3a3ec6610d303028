//! The contract between the runtime and generated code: the [`Operation`] trait each operation's
//! parameters implement, the request parts they build, and the decoders they name.

use std::borrow::Cow;

use bytes::Bytes;
use serde::Serialize;

use super::param::ToParam;
use crate::error::{BoxError, InvalidRequest};
use crate::send::{OperationInfo, Outgoing};

/// An operation of the API: its fixed facts, how to build its request from the parameters, and how
/// to decode its responses. Implemented by the generated `*Params` types.
pub trait Operation: Send + Sync + 'static {
    /// The decoded success body (`()` when the response has none).
    type Output: Send + 'static;
    /// The error body the operation documents, which [`Error::Api`](crate::Error::Api) holds.
    type ErrorBody: Send + 'static;
    /// Facts about the operation from the spec.
    const INFO: OperationInfo;
    /// Path (already encoded), query, headers and body of the request.
    fn request(&self) -> Result<RequestParts, InvalidRequest>;
    /// Decodes the body of a success response.
    fn decode(body: Bytes) -> Result<Self::Output, BoxError>;
    /// Decodes the body of a failure response with `status`: `None` when the operation documents
    /// no error body for that status, an `Err` when the body is not the documented one (both are an
    /// [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus)).
    fn decode_error(status: reqwest::StatusCode, body: &[u8]) -> Option<Result<Self::ErrorBody, serde_json::Error>>;
}

/// A request before it meets the client's configuration.
///
/// Query pairs are sent sorted by name (`metadata[a]` before `metadata[b]` before `page`), as Go's
/// `url.Values` writes them; the pairs of one name keep the order they were added in.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct RequestParts {
    path: String,
    /// Names are mostly the spec's (`'static`); objects written as several pairs build theirs.
    query: Vec<(Cow<'static, str>, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Bytes>,
}

impl RequestParts {
    /// `path` must already be encoded (see [`path_segment`](super::path_segment)).
    pub fn new(path: String) -> Self {
        Self { path, ..Self::default() }
    }

    /// Adds a query parameter.
    pub fn query(&mut self, name: &'static str, value: &(impl ToParam + ?Sized)) {
        self.push_query(Cow::Borrowed(name), value.to_param());
    }

    /// Adds a query pair whose value is already in its wire format.
    pub(super) fn push_query(&mut self, name: Cow<'static, str>, value: String) {
        self.query.push((name, value));
    }

    /// The query pairs in the order they were added.
    #[cfg(test)]
    pub(super) fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().map(|(name, value)| (name.as_ref(), value.as_str()))
    }

    /// Adds a header parameter.
    pub fn header(&mut self, name: &'static str, value: &(impl ToParam + ?Sized)) {
        self.headers.push((name, value.to_param()));
    }

    /// Compact JSON, as the official SDKs send it.
    pub fn json_body(&mut self, body: &impl Serialize) -> Result<(), InvalidRequest> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| InvalidRequest::new(format!("the body cannot be encoded as JSON: {e}")))?;
        self.body = Some(Bytes::from(bytes));
        Ok(())
    }

    /// What sending needs, moved out without a copy.
    pub(crate) fn into_outgoing(self) -> Outgoing {
        Outgoing::new(self.path, self.query, self.headers, self.body)
    }
}

/// The error of an operation whose request body is required but was not set.
#[doc(hidden)]
pub fn missing_body(operation_id: &str) -> InvalidRequest {
    InvalidRequest::new(format!("{operation_id} requires a request body; set it with `.body(...)`"))
}

/// Decodes a JSON success body.
#[doc(hidden)]
pub fn decode_json<T: serde::de::DeserializeOwned>(body: Bytes) -> Result<T, BoxError> {
    serde_json::from_slice(&body).map_err(BoxError::from)
}

/// For operations whose success response has no content: whatever came is ignored.
#[doc(hidden)]
pub fn decode_empty(_body: Bytes) -> Result<(), BoxError> {
    Ok(())
}

/// Decodes a documented JSON error body.
#[doc(hidden)]
pub fn decode_error_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<Result<T, serde_json::Error>> {
    Some(serde_json::from_slice(body))
}
