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
//!
//! The code under `src/generated/` is generated from the API's OpenAPI description, and the
//! runtime it calls is the `formance-sdk-runtime` crate, re-exported as [`runtime`];
//! [`WorkflowStage`] is written by hand.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

#[rustfmt::skip]
mod generated;
mod workflow_ext;

pub use generated::*;
pub use workflow_ext::WorkflowStage;

/// The README's examples, compiled as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
