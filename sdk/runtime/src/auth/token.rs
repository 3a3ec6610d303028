//! What the token endpoint answers, and the checks a token passes before any call uses or caches it.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};

use crate::error::redact::{Redactor, Secret, token_fields};
use crate::error::{AuthFailure, KeptResponse};

/// A token response larger than this is refused: a real one is well under a kilobyte or two.
pub(crate) const TOKEN_RESPONSE_LIMIT: u64 = 64 * 1024;

/// The longest a token is reused, whatever `expires_in` says (or when it says nothing).
pub(crate) const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Tokens are renewed this long before the server says they expire.
pub(crate) const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

/// A token that passed every check, with its `Authorization` value built once.
pub(crate) struct AccessToken {
    value: Secret,
    /// `Bearer <token>`, marked sensitive.
    header: HeaderValue,
    /// `None`: expired at once (or within the margin); usable by the calls that waited for it,
    /// never cached.
    renew_at: Option<Instant>,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken").field("value", &self.value).field("renew_at", &self.renew_at).finish()
    }
}

impl AccessToken {
    pub(crate) fn value(&self) -> &str {
        self.value.expose()
    }

    pub(crate) fn header(&self) -> &HeaderValue {
        &self.header
    }

    pub(crate) fn is_fresh(&self) -> bool {
        self.renew_at.is_some_and(|at| Instant::now() < at)
    }
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    /// Strings and numbers beyond f64 fail to decode: an `Auth` error, as RFC 6749 wants a number.
    #[serde(default)]
    expires_in: Option<f64>,
}

/// The token in a token endpoint's answer, if it is usable; `requested_at` is when the request left.
pub(crate) fn accept(
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    requested_at: Instant,
    redactor: &Redactor,
) -> Result<AccessToken, Arc<AuthFailure>> {
    let parsed = serde_json::from_slice::<TokenResponse>(&body);
    let mut redactor = redactor.clone();
    if let Ok(response) = &parsed {
        redactor.add(&response.access_token);
    }
    let kept = || {
        let mut headers = headers.clone();
        redactor.headers(&mut headers);
        let redacted = redact_token_body(&body, &redactor);
        KeptResponse::with_redacted(status, headers, body.clone(), redacted)
    };
    if !status.is_success() {
        return Err(Arc::new(AuthFailure::rejected(kept())));
    }
    let response = match parsed {
        Ok(response) => response,
        Err(e) => {
            let detail = redactor.text(&e.to_string());
            let reason = "the token response is not a JSON object with a string access_token and a numeric expires_in";
            return Err(Arc::new(AuthFailure::unusable(kept(), reason, Some(detail))));
        }
    };
    if response.token_type.as_deref().is_some_and(|t| !t.eq_ignore_ascii_case("bearer")) {
        let reason = "the token_type is not bearer (RFC 6749 section 7.1: a client must not use a token of a type it does not know)";
        return Err(Arc::new(AuthFailure::unusable(kept(), reason, None)));
    }
    AccessToken::new(response.access_token, lifetime(response.expires_in), requested_at)
        .map_err(|reason| Arc::new(AuthFailure::unusable(kept(), reason, None)))
}

impl AccessToken {
    /// A token that passed the checks every token passes, whatever its source: non-empty, and
    /// visible ASCII only (so that it goes in a header as it is). `lifetime` counts from
    /// `requested_at`; `None` means expired already. The error says why, without the token.
    pub(crate) fn new(value: String, lifetime: Option<Duration>, requested_at: Instant) -> Result<Self, &'static str> {
        if value.is_empty() {
            return Err("the access token is empty");
        }
        if !value.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("the access token holds characters other than visible ASCII, which cannot go in a header");
        }
        // The checks above leave visible ASCII only, which a header value always takes; the error
        // stays an `Auth` failure rather than a panic should they ever change.
        let Ok(mut header) = HeaderValue::from_str(&format!("Bearer {value}")) else {
            return Err("the access token cannot go in a header");
        };
        header.set_sensitive(true);
        let renew_at = lifetime
            .and_then(|life| life.min(MAX_LIFETIME).checked_sub(EXPIRY_MARGIN))
            .filter(|reuse| !reuse.is_zero())
            .and_then(|reuse| requested_at.checked_add(reuse));
        Ok(Self { value: Secret::new(value), header, renew_at })
    }
}

/// How long a token lives: `expires_in` capped at [`MAX_LIFETIME`] (also when absent); `None` when it
/// is zero or negative, i.e. already expired.
fn lifetime(expires_in: Option<f64>) -> Option<Duration> {
    match expires_in {
        None => Some(MAX_LIFETIME),
        Some(seconds) if seconds > 0.0 => {
            Some(Duration::try_from_secs_f64(seconds).map_or(MAX_LIFETIME, |d| d.min(MAX_LIFETIME)))
        }
        Some(_) => None,
    }
}

/// A token endpoint's body with every token field and every known secret blanked.
fn redact_token_body(body: &Bytes, redactor: &Redactor) -> Bytes {
    let text = String::from_utf8_lossy(body);
    let scrubbed = redactor.text(&token_fields(&text));
    if scrubbed == text { body.clone() } else { Bytes::from(scrubbed) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> Result<AccessToken, String> {
        accept(StatusCode::OK, HeaderMap::new(), Bytes::from(body.to_owned()), Instant::now(), &Redactor::default())
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn expires_in_of_any_size_gives_a_clean_lifetime() {
        assert_eq!(lifetime(Some(1e19)), Some(MAX_LIFETIME));
        assert_eq!(lifetime(Some(f64::MAX)), Some(MAX_LIFETIME));
        assert_eq!(lifetime(Some(f64::INFINITY)), Some(MAX_LIFETIME));
        assert_eq!(lifetime(Some(90.5)), Some(Duration::from_millis(90_500)));
        assert_eq!(lifetime(None), Some(MAX_LIFETIME));
        for expired in [0.0, -1.0, -1e300, f64::NAN] {
            assert_eq!(lifetime(Some(expired)), None, "{expired}");
        }
    }

    #[test]
    fn any_lifetime_is_capped_whatever_the_source() {
        let now = Instant::now();
        let token = AccessToken::new("t".to_owned(), Some(Duration::from_secs(48 * 3600)), now).unwrap();
        assert_eq!(token.renew_at, now.checked_add(MAX_LIFETIME - EXPIRY_MARGIN));
        let short = AccessToken::new("t".to_owned(), Some(Duration::from_secs(60)), now).unwrap();
        assert!(!short.is_fresh(), "within the margin: used once, never kept");
    }

    #[test]
    fn only_usable_tokens_are_accepted() {
        let fresh = answer(r#"{"access_token":"abc","token_type":"BEARER","expires_in":1e19}"#).unwrap();
        assert!(fresh.is_fresh());
        assert_eq!(fresh.header().to_str().unwrap(), "Bearer abc");
        assert!(fresh.header().is_sensitive());
        assert!(!answer(r#"{"access_token":"abc","expires_in":-5}"#).unwrap().is_fresh());
        assert!(!answer(r#"{"access_token":"abc","expires_in":0.5}"#).unwrap().is_fresh());
        for bad in [
            r#"{"access_token":"","token_type":"bearer"}"#,
            r#"{"access_token":"a\r\nb"}"#,
            r#"{"access_token":"a b"}"#,
            r#"{"access_token":"é"}"#,
            r#"{"access_token":"abc","token_type":"mac"}"#,
            r#"{"access_token":"abc","expires_in":"3600"}"#,
            r#"{"access_token":"abc","expires_in":1e400}"#,
            r#"{"access_token":7}"#,
            r#"{"access_token":"abc""#,
        ] {
            let err = answer(bad).unwrap_err();
            assert!(!err.contains("abc"), "{bad}: the token shows in {err}");
        }
    }
}
