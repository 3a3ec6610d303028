//! What sending a call and fetching a token share: deadlines, and reading a response body without
//! letting the server decide how much memory that takes.

mod body;
mod deadline;

pub(crate) use body::{BodyError, read_limited};
pub(crate) use deadline::Deadline;
