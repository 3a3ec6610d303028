#![doc = include_str!("../README.md")]
// On docs.rs (nightly, `--cfg docsrs`): each item gated by a feature says which.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
// Every public item, generated ones included (the generator writes a doc where the spec has none).
#![deny(missing_docs)]
// The README's tests of the mock (`Testing your code`) are users' tests, which rustdoc does not run:
// `cargo xtask readme` builds and runs them as tests, with the dev-dependencies the README lists.
#![allow(clippy::test_attr_in_doctest)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

#[rustfmt::skip]
mod generated;
mod workflow_ext;

pub use generated::*;
pub use workflow_ext::WorkflowStage;
