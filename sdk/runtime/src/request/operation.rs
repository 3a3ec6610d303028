//! What the generator knows about an operation, and the pieces of the request it builds.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::Error;

/// An operation of the API: its fixed facts, how to build its request from the parameters, and how
/// to decode its success body. Implemented by the generated `*Params` types.
pub trait Operation: Send + Sync + 'static {
    /// The decoded success body (`()` when the response has none).
    type Output: Send + 'static;
    const INFO: OperationInfo;
    /// Path (already encoded), query, headers and body of the request.
    fn request(&self) -> Result<RequestParts, Error>;
    fn decode(body: &[u8]) -> Result<Self::Output, serde_json::Error>;
}

/// Facts about an operation taken from the spec.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// The spec's `operationId`.
    pub id: &'static str,
    pub method: Method,
    /// The path template, as in the spec (`/v2/instances/{instanceID}`).
    pub path: &'static str,
    /// OAuth2 scopes the operation requires.
    pub scopes: &'static [&'static str],
    /// Which failure statuses carry the documented error body.
    pub errors: ErrorStatuses,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
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

/// Which non-success statuses carry the documented error body.
#[derive(Debug, Clone, Copy)]
pub enum ErrorStatuses {
    All,
    /// These statuses, and every status of these classes (`4` for `4XX`).
    Only {
        codes: &'static [u16],
        classes: &'static [u16],
    },
    None,
}

impl ErrorStatuses {
    pub fn covers(self, status: u16) -> bool {
        match self {
            Self::All => true,
            Self::Only { codes, classes } => codes.contains(&status) || classes.contains(&(status / 100)),
            Self::None => false,
        }
    }
}

/// A request before it meets the client's configuration.
#[derive(Debug, Clone, Default)]
pub struct RequestParts {
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Vec<u8>>,
}

impl RequestParts {
    /// `path` must already be encoded (see [`path_segment`]).
    pub fn new(path: String) -> Self {
        Self { path, ..Self::default() }
    }

    pub fn query(&mut self, name: &'static str, value: &(impl ToParam + ?Sized)) {
        self.query.push((name, value.to_param()));
    }

    pub fn header(&mut self, name: &'static str, value: &(impl ToParam + ?Sized)) {
        self.headers.push((name, value.to_param()));
    }

    /// Compact JSON, as the official SDKs send it.
    pub fn json_body(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let bytes =
            serde_json::to_vec(body).map_err(|e| Error::invalid(format!("the body cannot be encoded as JSON: {e}")))?;
        self.body = Some(bytes);
        Ok(())
    }
}

/// A value as it is written in a path segment, query string or header.
pub trait ToParam {
    fn to_param(&self) -> String;
}

macro_rules! to_param_by_display {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
to_param_by_display!(str, String, bool, i32, i64, u32, u64, f64, crate::BigInt, uuid::Uuid);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl ToParam for chrono::NaiveDate {
    fn to_param(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

/// A JSON string is written as its content, anything else as its JSON text.
impl ToParam for crate::RawJson {
    fn to_param(&self) -> String {
        match self.parse::<String>() {
            Ok(text) => text,
            Err(_) => self.as_str().to_owned(),
        }
    }
}

/// Everything but RFC 3986's unreserved characters is escaped, so a value stays one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes a path parameter as exactly one path segment (`a/b?c#d` -> `a%2Fb%3Fc%23d`).
/// Empty, `.` and `..` are refused: no encoding keeps them from changing which path is addressed.
pub fn path_segment(name: &str, value: &(impl ToParam + ?Sized)) -> Result<String, Error> {
    let raw = value.to_param();
    if raw.is_empty() || raw == "." || raw == ".." {
        return Err(Error::invalid(format!(
            "path parameter `{name}` cannot be {raw:?}: it would address another path"
        )));
    }
    Ok(Cow::from(utf8_percent_encode(&raw, SEGMENT)).into_owned())
}

pub fn missing_body(operation_id: &str) -> Error {
    Error::invalid(format!("{operation_id} requires a request body; set it with `.body(...)`"))
}

pub fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// For operations whose success response has no content: whatever came is ignored.
pub fn decode_empty(_body: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_stay_one_segment() {
        assert_eq!(path_segment("id", "a/b?c#d").unwrap(), "a%2Fb%3Fc%23d");
        assert_eq!(path_segment("id", "100%").unwrap(), "100%25");
        assert_eq!(path_segment("id", "é x").unwrap(), "%C3%A9%20x");
        assert_eq!(path_segment("id", "a.b-c_d~e").unwrap(), "a.b-c_d~e");
        for bad in ["", ".", ".."] {
            assert!(matches!(path_segment("id", bad), Err(Error::InvalidRequest(_))), "{bad:?}");
        }
    }

    #[test]
    fn params_use_wire_formats() {
        let at = chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00.5+02:00").unwrap().to_utc();
        assert_eq!(at.to_param(), "2024-05-01T08:00:00.500Z");
        assert_eq!(true.to_param(), "true");
        assert_eq!(15u64.to_param(), "15");
        assert_eq!("\"a\\\"b\"".parse::<crate::RawJson>().unwrap().to_param(), "a\"b");
        assert_eq!("[1,2]".parse::<crate::RawJson>().unwrap().to_param(), "[1,2]");
    }
}
