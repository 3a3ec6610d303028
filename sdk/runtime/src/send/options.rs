//! Per-call settings: overrides of the client's timeouts and retry policy, and the headers a
//! caller adds to one call, checked when it is sent.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderName, HeaderValue, PROXY_AUTHORIZATION};

use super::RetryPolicy;
use super::intercept::{Names, SharedInterceptor};
use crate::error::{Error, Failure};

/// Per-call overrides of the client's settings, and additions to them.
#[derive(Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) headers: ExtraHeaders,
    /// Run after the client's.
    pub(crate) interceptors: Vec<SharedInterceptor>,
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("headers", &self.headers)
            .field("interceptors", &Names(&self.interceptors))
            .finish()
    }
}

/// Headers the caller adds to one call, checked when it is sent.
#[derive(Clone, Default)]
pub(crate) struct ExtraHeaders {
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The first header that could not be converted; reported by `send()`.
    invalid: Option<String>,
}

/// Values never shown and never indexed by HTTP/2 header compression.
const SENSITIVE: [HeaderName; 3] = [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE];

/// Headers that frame the message or concern one connection: the HTTP client sets them, and a
/// wrong value would corrupt the request or the connection. `Content-Type` describes the body the
/// SDK encodes.
pub(crate) const RESERVED: [&str; 10] = [
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "upgrade",
    "te",
    "trailer",
    "expect",
];

impl fmt::Debug for ExtraHeaders {
    /// Names only: a value may be a credential.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.headers.iter().map(|(name, _)| name)).finish()
    }
}

impl ExtraHeaders {
    pub(crate) fn add(&mut self, name: &str, value: &[u8]) {
        let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.invalid.get_or_insert_with(|| format!("{name:?} is not a valid header name"));
            return;
        };
        let Ok(mut value) = HeaderValue::from_bytes(value) else {
            self.invalid.get_or_insert_with(|| format!("the value of header `{name}` is not a valid header value"));
            return;
        };
        if SENSITIVE.contains(&name) {
            value.set_sensitive(true);
        }
        self.headers.push((name, value));
    }

    /// The headers, once checked against what the SDK itself sets for this request.
    pub(crate) fn checked(
        &self,
        with_credentials: bool,
        operation_headers: &[(&'static str, String)],
    ) -> Result<&[(HeaderName, HeaderValue)], Failure> {
        if let Some(message) = &self.invalid {
            return Err(Error::invalid(message.clone()));
        }
        for (name, _) in &self.headers {
            let refused = if RESERVED.contains(&name.as_str()) || name == CONTENT_TYPE {
                Some("the HTTP client and the SDK set it")
            } else if name == AUTHORIZATION && with_credentials {
                Some("the client has credentials and sends its own access token")
            } else if operation_headers.iter().any(|(own, _)| name.as_str().eq_ignore_ascii_case(own)) {
                Some("it is a parameter of the operation; use its setter")
            } else {
                None
            };
            if let Some(reason) = refused {
                return Err(Error::invalid(format!("header `{name}` cannot be set on a call: {reason}")));
            }
        }
        Ok(&self.headers)
    }

    /// The credential in a caller's `Authorization` header, to blank out of error bodies.
    pub(crate) fn credential(&self) -> Option<&str> {
        let (_, value) = self.headers.iter().find(|(name, _)| name == AUTHORIZATION)?;
        Some(credential(value.to_str().ok()?))
    }
}

/// The credential of an `Authorization` value: what follows its scheme (`Bearer`, `Basic`...), or
/// the whole value without one.
pub(crate) fn credential(authorization: &str) -> &str {
    authorization.split_once(' ').map_or(authorization, |(_, credential)| credential.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, value: &str, credentials: bool) -> Result<usize, String> {
        let mut headers = ExtraHeaders::default();
        headers.add(name, value.as_bytes());
        headers.checked(credentials, &[("X-Op", String::new())]).map(<[_]>::len).map_err(|e| e.to_string())
    }

    #[test]
    fn valid_headers_pass_and_invalid_ones_are_named_without_their_value() {
        assert_eq!(check("X-Request-Id", "r-1", true), Ok(1));
        assert_eq!(check("Authorization", "Bearer mine", false), Ok(1));
        assert_eq!(check("Accept", "application/json", true), Ok(1));
        let bad_value = check("X-Trace", "secret\r\nInjected: 1", false).unwrap_err();
        assert!(bad_value.contains("x-trace") && !bad_value.contains("secret"), "{bad_value}");
        assert!(check("bad name", "v", false).unwrap_err().contains("\"bad name\""));
    }

    #[test]
    fn framing_connection_content_type_own_parameters_and_credentials_are_refused() {
        for name in ["Host", "content-length", "Transfer-Encoding", "Connection", "Keep-Alive", "TE", "Expect"] {
            assert!(check(name, "x", false).is_err(), "{name}");
        }
        assert!(check("Content-Type", "text/plain", false).is_err());
        assert!(check("x-op", "1", false).is_err());
        assert!(check("Authorization", "Bearer mine", true).unwrap_err().contains("credentials"));
    }

    #[test]
    fn credentials_are_sensitive_and_not_in_debug() {
        let mut headers = ExtraHeaders::default();
        headers.add("Authorization", b"Bearer hidden-value");
        headers.add("X-Api-Key", b"also-hidden");
        assert!(headers.headers[0].1.is_sensitive());
        assert_eq!(headers.credential(), Some("hidden-value"));
        let debug = format!("{headers:?}");
        assert!(!debug.contains("hidden"), "{debug}");
        assert!(debug.contains("x-api-key"), "{debug}");
    }
}
