//! What the SDK refuses or stops on its own: an invalid request, a broken pagination.

use std::fmt;

use super::CallRecord;

/// A request or configuration the SDK refuses before sending anything.
#[derive(Debug, Clone)]
pub struct InvalidRequest {
    pub(super) message: String,
    variable: Option<String>,
    pub(super) call: CallRecord,
}

impl InvalidRequest {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), variable: None, call: CallRecord::default() }
    }

    /// The environment variable `variable` is not valid: `message` says why (it never quotes a
    /// secret), after the variable's name.
    pub(crate) fn of_variable(variable: &str, message: impl fmt::Display) -> Self {
        Self { variable: Some(variable.to_owned()), ..Self::new(format!("{variable}: {message}")) }
    }

    /// What is invalid, in a sentence.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The environment variable at fault (`FORMANCE_TIMEOUT`), when the error comes from
    /// [`ClientBuilder::from_env`](crate::ClientBuilder::from_env); the message starts with it too.
    pub fn variable(&self) -> Option<&str> {
        self.variable.as_deref()
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.message)
    }
}

impl std::error::Error for InvalidRequest {}

/// A paginated stream stopped because the server broke the cursor protocol or the stream's limit
/// was reached.
#[derive(Debug, Clone)]
pub struct PaginationError {
    operation: &'static str,
    message: String,
    /// The record of the call that fetched the page at fault (the last one read).
    pub(super) call: CallRecord,
}

impl PaginationError {
    /// `attempts` and `request_id` are those of the call that fetched the page at fault.
    pub(crate) fn new(
        operation: &'static str,
        message: impl Into<String>,
        attempts: u32,
        request_id: Option<Box<str>>,
    ) -> Self {
        let call = CallRecord { attempts, request_id, ..CallRecord::default() };
        Self { operation, message: message.into(), call }
    }

    /// The `operationId` of the list being streamed.
    pub fn operation(&self) -> &str {
        self.operation
    }
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pagination of {} stopped: {}", self.operation, self.message)
    }
}

impl std::error::Error for PaginationError {}
