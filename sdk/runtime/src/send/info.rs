//! What sending needs to know about an operation: the facts the generator takes from the spec.

/// Facts about an operation taken from the spec, for sending it (method, scopes) and for tracing
/// it (id, path template). Generated crates build one per operation with [`OperationInfo::new`].
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct OperationInfo {
    /// The spec's `operationId`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, as in the spec (`/v2/instances/{instanceID}`).
    pub path: &'static str,
    /// OAuth2 scopes the operation requires.
    pub scopes: &'static [&'static str],
}

impl OperationInfo {
    #[doc(hidden)]
    pub const fn new(id: &'static str, method: Method, path: &'static str, scopes: &'static [&'static str]) -> Self {
        Self { id, method, path, scopes }
    }
}

/// An HTTP method an operation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method's name on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }

    /// Repeating the request has the effect of sending it once (RFC 9110), so a retry is safe.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Put => reqwest::Method::PUT,
            Self::Post => reqwest::Method::POST,
            Self::Delete => reqwest::Method::DELETE,
            Self::Options => reqwest::Method::OPTIONS,
            Self::Head => reqwest::Method::HEAD,
            Self::Patch => reqwest::Method::PATCH,
            Self::Trace => reqwest::Method::TRACE,
        }
    }
}
