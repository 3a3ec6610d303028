//! Rust SDK for the Formance Orchestration V2 API: workflows, their instances, and the triggers
//! that start them.
//!
//! ```no_run
//! # async fn run() -> Result<(), formance_orchestration::Error> {
//! use formance_orchestration::{Client, models};
//!
//! let client = Client::builder()
//!     .server_url("https://acme.eu-west-1.formance.cloud")
//!     .client_credentials("my-client-id", "my-client-secret")
//!     .build()?;
//!
//! let info = client.get_server_info().send().await?;
//! println!("orchestration {}", info.version);
//!
//! let page = client.list_instances().workflow_id("w1").running(true).page_size(15).send().await?;
//! for instance in &page.cursor.data {
//!     println!("{} started at {}", instance.id, instance.created_at);
//! }
//!
//! match client.get_instance("missing").send().await {
//!     Err(formance_orchestration::Error::Api(e)) => {
//!         println!("{:?}: {}", e.body().error_code, e.body().error_message);
//!     }
//!     other => println!("{other:?}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Every operation is a method of [`Client`] returning a request builder: required path parameters
//! are the method's arguments, optional parameters are setters named after them, a body is set with
//! `.body(...)`, and `.send().await` returns the typed body in a [`ResponseValue`] (which also holds
//! the status and headers) or an [`Error`] to match on.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod auth;
mod bigint;
mod body;
mod client;
mod deadline;
mod error;
mod execute;
#[rustfmt::skip]
mod generated;
mod json;
mod redact;
mod redirect;
mod response;
mod retry;
pub mod runtime;
mod workflow_ext;

pub use bigint::{BigInt, ParseBigIntError, TryFromBigIntError};
pub use client::{
    Client, ClientBuilder, DEFAULT_API_PREFIX, DEFAULT_ORGANIZATION, DEFAULT_SERVER_URL, DEFAULT_TOKEN_PATH,
    Environment,
};
pub use error::{
    ApiError, AuthError, DecodeError, Error, InvalidRequest, PaginationError, RedirectError, ResponseTooLarge,
    TimeoutBound, TimeoutError, TransportError, UnexpectedStatus,
};
pub use generated::{models, operations};
pub use json::{RawJson, RawJsonObject};
pub use response::ResponseValue;
pub use retry::RetryPolicy;
pub use workflow_ext::WorkflowStage;

/// The crates whose types appear in the models, re-exported so that their versions always match.
pub use {chrono, indexmap, serde_json, uuid};

/// The README's examples, compiled as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
