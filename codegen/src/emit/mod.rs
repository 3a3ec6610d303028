//! Emission: the IR to token streams with `quote`. Reads only `crate::ir`.

mod docs;
mod models;
mod operations;
mod types;

pub use models::models;
pub use operations::operations;
