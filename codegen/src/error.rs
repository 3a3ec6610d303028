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
        write!(f, "{}: {}", Shown(&self.location), self.reason)
    }
}

/// A location as printed: on one line, whatever the spec's keys hold (a line break in a key would
/// otherwise split the message, or forge a line of its own in a log).
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&one_line(self.0))
    }
}

/// Spec text on one line: its control characters escaped (`\n`), wherever the generator shows it (a
/// message, a doc line, a code span).
pub(crate) fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(char::is_control) {
        return text.into();
    }
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A mistake in a spec the generator reads all the same (a `required` property that is not declared,
/// a security requirement naming a scheme the spec does not define), with the JSON pointer of the
/// part at fault and what the generator did about it. `cargo xtask generate` prints them, and
/// refuses them with `--deny-warnings`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// JSON pointer into the spec (`#/components/schemas/Posting/required/2`).
    pub location: String,
    /// What is wrong there and what the generator did, in a sentence.
    pub reason: String,
}

impl Warning {
    pub(crate) fn new(location: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { location: location.into(), reason: reason.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", Shown(&self.location), self.reason)
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub(crate) fn pointer(base: &str, token: impl fmt::Display) -> String {
    let mut out = base.to_owned();
    push_token(&mut out, token);
    out
}

/// [`pointer`] in place: appends `/token` to `at`, so that a walk over the whole document can push
/// and truncate one buffer instead of allocating a pointer per node.
pub(crate) fn push_token(at: &mut String, token: impl fmt::Display) {
    use fmt::Write as _;
    at.push('/');
    // Writing into a `String` cannot fail.
    let _ = write!(Escaped(at), "{token}");
}

/// Writes through to a `String`, escaping as a JSON pointer's reference token.
struct Escaped<'a>(&'a mut String);

impl fmt::Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for part in s.split_inclusive(['~', '/']) {
            match part.strip_suffix('~') {
                Some(before) => {
                    self.0.push_str(before);
                    self.0.push_str("~0");
                }
                None => match part.strip_suffix('/') {
                    Some(before) => {
                        self.0.push_str(before);
                        self.0.push_str("~1");
                    }
                    None => self.0.push_str(part),
                },
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Error, pointer};

    #[test]
    fn a_location_is_printed_on_one_line() {
        let error = Error::new(pointer("#/paths", "/a\nforged: line"), "why");
        assert_eq!(error.to_string(), "#/paths/~1a\\nforged: line: why");
    }

    #[test]
    fn reference_tokens_are_escaped_as_rfc_6901_says() {
        assert_eq!(pointer("#/paths", "/a~b/{id}~"), "#/paths/~1a~0b~1{id}~0");
        assert_eq!(pointer("#/paths/~1a/get/parameters", 0), "#/paths/~1a/get/parameters/0");
        assert_eq!(pointer("#", "plain"), "#/plain");
    }
}
