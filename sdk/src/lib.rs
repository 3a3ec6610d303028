#![doc = include_str!("../README.md")]
// On docs.rs (nightly, `--cfg docsrs`): each item gated by a feature says which.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

#[rustfmt::skip]
mod generated;
mod workflow_ext;

pub use generated::*;
pub use workflow_ext::WorkflowStage;
