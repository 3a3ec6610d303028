//! What sending and auth share: the transport every request leaves through, deadlines, reading a
//! response body without letting the server decide how much memory that takes, and request bodies
//! sent from a stream.

mod body;
mod body_sent;
mod deadline;
mod transport;
pub(crate) mod upload;

pub(crate) use body::{BodyError, read_limited};
pub(crate) use body_sent::{BodySent, tracked};
pub(crate) use deadline::Deadline;
#[cfg(feature = "test-util")]
pub(crate) use transport::Respond;
pub(crate) use transport::{CallContext, SendError, Transport};
pub use upload::BodyStream;
pub(crate) use upload::Chunks;
