//! The runtime of the Rust SDKs generated from OpenAPI descriptions by this repository's generator
//! (`formance-orchestration` is one): the client and its configuration, OAuth2 client credentials,
//! timeouts, retries, redirects, pagination, errors that never leak a secret, and exact JSON types.
//!
//! A generated crate depends on this crate alone. It holds the models and one request builder per
//! operation, and re-exports from here what its users name (`Client`, `Error`, `RetryPolicy`,
//! `BigInt`, ...), so application code rarely depends on this crate directly. Nothing here knows an
//! API: what differs between APIs (default server, path prefix, token URL, user agent, scopes, error
//! bodies) comes from the generated crate through [`ApiDescription`], [`OperationInfo`] and the
//! [`Operation`] trait.
//!
//! # Layers
//!
//! Each layer is a folder (or a file) of the source tree, and imports run one way, from the top of
//! this list to the bottom:
//!
//! | layer | what it holds |
//! | --- | --- |
//! | `request/` | what generated code builds and users chain: [`Call`] (a request with its per-call settings), the [`Operation`] trait and `RequestParts`, parameters and bodies in their wire format (forms, multipart with [`FilePart`]), pagination streams ([`ItemStream`]) |
//! | `client.rs` | [`Client`] and [`ClientBuilder`]: every setting, checked once by `build()`; [`ApiDescription`] |
//! | `send/` | one call on the wire: `execute` (operation deadline, retry loop, sorting a response into a value or an error), `attempt` (access token, refresh and resend after a 401), `exchange` (one HTTP exchange: same-origin redirects, body limit), [`RetryPolicy`], per-call options, [`OperationInfo`] |
//! | `auth/` | OAuth2 client credentials: one cached token per scope set, one token request in flight, token checks |
//! | `http/` | what sending and auth share: deadlines, reading a body under a limit; request bodies read from a stream |
//! | `error/`, `model/`, `response.rs` | the [`Error`] family and the redaction of secrets; [`BigInt`], [`RawJson`] and the union helpers; [`ResponseValue`] |
//!
//! Items marked `#[doc(hidden)]` are the generator's plumbing: public so that generated crates can
//! call them, not meant for application code, and free to change with the generator.
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

pub use auth::{Token, TokenProvider};
pub use client::{ApiDescription, Client, ClientBuilder, FromClient};
pub use error::{
    ApiError, AuthError, BoxError, DecodeError, Error, InterceptorError, InvalidRequest, PaginationError,
    RedirectError, ResponseTooLarge, TimeoutBound, TimeoutError, TransportError, UnexpectedStatus,
};
#[doc(hidden)]
pub use http::BodyStream;
pub use model::{BigInt, ParseBigIntError, RawJson, RawJsonObject, TryFromBigIntError};
#[doc(hidden)]
pub use model::{Shape, UnionJson, best_fit, member_by_tag, serialize_tagged};
#[doc(hidden)]
pub use request::{
    BinaryBody, FormBody, MultipartBody, ObjectStyle, RequestParts, ToParam, ToParamValues, decode_bytes, decode_empty,
    decode_error_json, decode_json, decode_text, missing_body, path_segment, server_variable,
};
pub use request::{Call, FilePart, IntoCall, ItemStream, MAX_EMPTY_PAGES, Operation, Page, Paginated};
/// The HTTP status of a response (the `http` crate's, as `reqwest` uses it).
pub use reqwest::StatusCode;
pub use response::ResponseValue;
pub use send::{CallOutcome, IncomingResponse, Intercept, Method, OperationInfo, OutgoingRequest, RetryPolicy};

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
