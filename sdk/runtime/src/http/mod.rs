//! What sending a call and fetching a token share: deadlines, reading a response body without
//! letting the server decide how much memory that takes, and request bodies sent from a stream.

mod body;
mod deadline;
pub(crate) mod upload;

pub(crate) use body::{BodyError, read_limited};
pub(crate) use deadline::Deadline;
pub use upload::BodyStream;
pub(crate) use upload::Chunks;
