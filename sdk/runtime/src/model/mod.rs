//! Exact JSON in Rust types: [`BigInt`] for integers of any size, [`RawJson`] and
//! [`RawJsonObject`] for free-form JSON, and the helpers generated unions decode and encode with.

mod bigint;
mod header;
mod json;
mod tagged;
mod union;

pub use bigint::{BigInt, ParseBigIntError, TryFromBigIntError};
pub use header::{FromHeader, HeaderError, required_header, response_header, response_header_values};
pub use json::{RawJson, RawJsonObject};
pub use tagged::serialize_tagged;
pub use union::{Shape, UnionJson, best_fit, member_by_tag};
