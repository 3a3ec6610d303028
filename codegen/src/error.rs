//! The one error type of the generator: where in the spec, and why.

use std::fmt;

/// A spec the generator cannot turn into Rust, with the JSON pointer of the part at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// JSON pointer into the spec (`#/components/schemas/V2Stage/anyOf/2`), or `#` for the whole document.
    pub location: String,
    /// What is wrong there, in a sentence.
    pub reason: String,
}

impl Error {
    pub(crate) fn new(location: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { location: location.into(), reason: reason.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub(crate) fn pointer(base: &str, token: impl fmt::Display) -> String {
    let token = token.to_string().replace('~', "~0").replace('/', "~1");
    format!("{base}/{token}")
}
