//! One call on the wire, below the request builder and independent of the operation's types:
//! `execute` (the operation deadline, the retry loop, the call's spans, sorting the final response
//! into a value or an error), `attempt` (the access token, the refresh and resend after a 401),
//! `exchange` (one HTTP exchange: interceptors, same-origin redirects, the body limit), the
//! interceptors, the retry table and policy, the request id of a response, and the per-call
//! options.

mod attempt;
mod classify;
mod exchange;
mod execute;
mod info;
mod intercept;
mod options;
mod parts;
mod progress;
mod received;
mod redirect;
mod request_id;
mod retry;
mod sender;

pub use classify::{FailedAttempt, FailureKind, RetryDecision};
pub(crate) use execute::execute;
pub use info::{Method, OperationInfo};
pub use intercept::{CallOutcome, IncomingResponse, Intercept, OutgoingRequest};
pub(crate) use intercept::{Names, SharedInterceptor};
pub(crate) use options::CallOptions;
pub use parts::RequestParts;
pub(crate) use parts::{Content, Payload};
pub use request_id::DEFAULT_REQUEST_ID_HEADERS;
pub use retry::RetryPolicy;
pub(crate) use sender::Sender;
