//! Emission: the IR to token streams with `quote`. Reads only `crate::ir`.

mod bodies;
mod client;
mod constructors;
mod described;
mod docs;
mod errors;
mod examples;
mod headers;
mod models;
mod operations;
mod params;
mod root;
mod servers;
mod testing;
mod types;

pub use client::client;
pub use described::code;
pub use docs::{inline, markdown, one_line_docs};
pub use examples::usage;
pub use models::models;
pub use operations::{group_operations, operations};
pub use root::root;
pub use servers::servers;
pub use testing::testing;
