//! The contract between the runtime and generated code: the [`Operation`] trait each operation's
//! parameters implement, the request parts they build (bodies in every media type the generator
//! supports), and the decoders they name.

use std::borrow::Cow;

use bytes::Bytes;
use serde::Serialize;

use super::form::{FormBody, MultipartBody};
use super::param::ToParam;
use crate::error::{BoxError, InvalidRequest};
use crate::http::BodyStream;
pub use crate::send::RequestParts;
use crate::send::{Content, OperationInfo, Payload};

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

/// What generated code builds a request with (the data is [`RequestParts`]'s, in `send/`, which
/// sends it).
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

    /// Compact JSON, as the official SDKs send it, as `application/json`.
    pub fn json_body(&mut self, body: &impl Serialize) -> Result<(), InvalidRequest> {
        self.json_body_as(body, "application/json")
    }

    /// Compact JSON, sent as `content_type` (`application/merge-patch+json`, ...).
    pub fn json_body_as(&mut self, body: &impl Serialize, content_type: &'static str) -> Result<(), InvalidRequest> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| InvalidRequest::new(format!("the body cannot be encoded as JSON: {e}")))?;
        self.set_body(content_type.to_owned(), Content::Bytes(Bytes::from(bytes)));
        Ok(())
    }

    /// Bytes as given, or the chunks of a stream (sent once).
    pub fn binary_body(&mut self, body: &BinaryBody, content_type: &'static str) {
        let content = match body {
            BinaryBody::Bytes(bytes) => Content::Bytes(bytes.clone()),
            BinaryBody::Stream(stream) => Content::Stream(stream.clone()),
        };
        self.set_body(content_type.to_owned(), content);
    }

    /// Text, in UTF-8.
    pub fn text_body(&mut self, body: &str, content_type: &'static str) {
        self.set_body(content_type.to_owned(), Content::Bytes(Bytes::copy_from_slice(body.as_bytes())));
    }

    /// An `application/x-www-form-urlencoded` form.
    pub fn form_body(&mut self, form: FormBody, content_type: &'static str) {
        self.set_body(content_type.to_owned(), Content::Bytes(form.finish()));
    }

    /// A `multipart/form-data` form; the `Content-Type` names its boundary.
    pub fn multipart_body(&mut self, form: MultipartBody) -> Result<(), InvalidRequest> {
        let (content_type, bytes) = form.finish()?;
        self.set_body(content_type, Content::Bytes(bytes));
        Ok(())
    }

    /// The media type of the success body, sent as `Accept` (`application/json` when not set).
    pub fn accept(&mut self, media_type: &'static str) {
        self.accept = Some(media_type);
    }

    fn set_body(&mut self, content_type: String, content: Content) {
        self.body = Some(Payload { content_type, content });
    }
}

/// A binary request body: bytes held in memory (sent again by retries), or a stream read while it
/// is sent (sent once: no retry, no resend after a 401, no redirect).
#[doc(hidden)]
#[derive(Debug, Clone)]
pub enum BinaryBody {
    /// Held in memory.
    Bytes(Bytes),
    /// Read while it is sent.
    Stream(BodyStream),
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

/// A binary success body, as received (bounded by the client's `max_response_bytes`).
#[doc(hidden)]
pub fn decode_bytes(body: Bytes) -> Result<Bytes, BoxError> {
    Ok(body)
}

/// A text success body: UTF-8, or a decode error that keeps the bytes.
#[doc(hidden)]
pub fn decode_text(body: Bytes) -> Result<String, BoxError> {
    Ok(std::str::from_utf8(&body)?.to_owned())
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
