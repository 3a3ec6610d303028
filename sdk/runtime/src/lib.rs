#![doc = include_str!("../README.md")]
// On docs.rs (nightly, `--cfg docsrs`): each item gated by a feature says which.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod auth;
mod client;
mod error;
mod http;
mod model;
mod request;
mod response;
mod send;
#[cfg(feature = "test-util")]
pub mod testing;

pub use auth::{Token, TokenProvider};
pub use client::{
    ApiDescription, Client, ClientBuilder, FromClient, ParseServerVariableError, ServerPreset, ServerVariable,
};
#[doc(hidden)]
pub use client::{parse_server_variable, server_variable};
pub use error::{
    ApiError, AuthError, BoxError, DecodeError, Error, InterceptorError, InvalidRequest, PaginationError,
    RedirectError, RequestSent, ResponseTooLarge, TimeoutBound, TimeoutError, TransportError, UnexpectedStatus,
};
#[doc(hidden)]
pub use http::BodyStream;
pub use model::{BigInt, HeaderError, ParseBigIntError, RawJson, RawJsonObject, TryFromBigIntError};
#[doc(hidden)]
pub use model::{
    FromHeader, Shape, UnionJson, best_fit, member_by_tag, required_header, response_header, response_header_values,
    serialize_tagged,
};
#[doc(hidden)]
pub use request::{
    BinaryBody, FormBody, MultipartBody, ObjectStyle, RequestParts, ToParam, ToParamValues, decode_bytes, decode_empty,
    decode_error_json, decode_json, decode_text, missing_body, path_segment,
};
pub use request::{Call, FilePart, IntoCall, ItemStream, MAX_EMPTY_PAGES, Operation, Page, Paginated};
/// The HTTP status of a response (the `http` crate's, as `reqwest` uses it).
pub use reqwest::StatusCode;
pub use response::ResponseValue;
pub use send::{
    CallOutcome, DEFAULT_REQUEST_ID_HEADERS, FailedAttempt, FailureKind, IncomingResponse, Intercept, Method,
    OperationInfo, OutgoingRequest, RetryDecision, RetryPolicy,
};

/// The crates whose types appear in generated models and in this crate's API, re-exported so that
/// their versions always match.
pub use {bytes, chrono, futures_core, indexmap, serde_json, uuid};

/// The HTTP client the SDK sends with, as this crate depends on it (no default feature; TLS from
/// this crate's `rustls` or `native-tls` feature): build the client you give
/// [`ClientBuilder::reqwest_client`] from it, so that the versions match and no other TLS library
/// comes in.
pub use reqwest;

/// What generated code needs and users do not: the `serde` its derives name
/// (`#[serde(crate = "::formance_sdk_runtime::__private::serde")]`), so that a generated crate has
/// one dependency, this one.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}
