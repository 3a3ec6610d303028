//! What a generated crate says about an operation for its mock rules: the method users call, the
//! status of its success response, and how the server would send its output.

use bytes::Bytes;
use serde::Serialize;

use crate::error::BoxError;
use crate::request::Operation;

/// An operation the mock can answer: implemented by the generated `*Params` types, in the
/// generated `testing` module.
#[doc(hidden)]
pub trait MockOperation: Operation {
    /// The client method that starts the operation, as users call it (`get_workflow`,
    /// `v3().list_accounts`): how the mock's messages name it.
    const METHOD: &'static str;
    /// The status of the success response the spec documents (the one decoded).
    const SUCCESS_STATUS: u16;
    /// The output as the server would send it: its `Content-Type` (none for an empty body) and bytes.
    fn encode_output(output: &Self::Output) -> Result<Encoded, BoxError>;
}

/// A body as the mock sends it.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Encoded {
    pub(crate) content_type: Option<&'static str>,
    pub(crate) body: Bytes,
}

/// JSON, sent as `content_type`.
#[doc(hidden)]
pub fn encode_json<T: Serialize>(output: &T, content_type: &'static str) -> Result<Encoded, BoxError> {
    Ok(Encoded { content_type: Some(content_type), body: Bytes::from(serde_json::to_vec(output)?) })
}

/// Text, in UTF-8.
#[doc(hidden)]
pub fn encode_text(output: &str, content_type: &'static str) -> Result<Encoded, BoxError> {
    Ok(Encoded { content_type: Some(content_type), body: Bytes::copy_from_slice(output.as_bytes()) })
}

/// Bytes, as they are.
#[doc(hidden)]
pub fn encode_bytes(output: &Bytes, content_type: &'static str) -> Result<Encoded, BoxError> {
    Ok(Encoded { content_type: Some(content_type), body: output.clone() })
}

/// No content.
#[doc(hidden)]
pub fn encode_empty(_: &()) -> Result<Encoded, BoxError> {
    Ok(Encoded { content_type: None, body: Bytes::new() })
}
