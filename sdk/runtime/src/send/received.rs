//! A response as it came back from one attempt, before it is sorted into a value or an error: what
//! the attempt loop (`execute.rs`) and the retry decision (`retry.rs`) both read, below both.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A response as received, before it is sorted into a value or an error.
pub(crate) struct Received {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}
