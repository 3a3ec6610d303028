//! Tests of code that calls a generated client, without a network (feature `test-util`): a mock of
//! the API's server that answers real clients in process, by typed rules the generated crates
//! write for each operation (`testing::mock::<operation>()`).
//!
//! Everything here is outside the semver promise: it may change in any release.

mod mock;
mod operation;
mod request;
mod rule;

pub use mock::{MockClient, MockError, RuleMode};
#[doc(hidden)]
pub use operation::{Encoded, MockOperation, encode_bytes, encode_empty, encode_json, encode_text};
pub use request::SentRequest;
pub use rule::Rule;
