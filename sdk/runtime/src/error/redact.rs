//! Keeping credentials out of everything the SDK prints: the client secret and the access tokens,
//! in the forms a server may echo them back (as sent, form- or percent-encoded, JSON-escaped).

use std::fmt;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderMap;

/// What a secret is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// A secret string (client secret, access token) that never shows in `Debug` or logs.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// RFC 3986's unreserved characters stay as they are; everything else is escaped: how a secret may
/// appear in a form body, and how a path segment or a server variable's value is written.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The secrets to blank out of one error, each in every form it may take in a body.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    needles: Vec<String>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} forms)", self.needles.len())
    }
}

impl Redactor {
    /// Adds `secret` as sent, form-encoded, percent-encoded and JSON-escaped (also with `\/`).
    pub(crate) fn add(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        let json = serde_json::to_string(secret).unwrap_or_default();
        let json = json.get(1..json.len().saturating_sub(1)).unwrap_or_default().to_owned();
        let forms = [
            secret.to_owned(),
            url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
            utf8_percent_encode(secret, UNRESERVED).to_string(),
            json.replace('/', "\\/"),
            json,
        ];
        for form in forms {
            if !form.is_empty() && !self.needles.contains(&form) {
                self.needles.push(form);
            }
        }
        // Longest first, so that a form containing another is replaced whole.
        self.needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    }

    /// Whether `text` holds a secret, in any of its forms.
    pub(crate) fn holds(&self, text: &str) -> bool {
        self.needles.iter().any(|n| text.contains(n.as_str()))
    }

    /// `text` with every form of every secret replaced by `<redacted>`.
    pub(crate) fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), REDACTED);
            }
        }
        out
    }

    /// `body` itself when it holds no secret; otherwise its text (invalid UTF-8 replaced) with every
    /// secret blanked. A secret is valid UTF-8 and UTF-8 resynchronises at its first byte, so a secret
    /// in the raw bytes is still whole in the lossy text.
    pub(crate) fn body(&self, body: &Bytes) -> Bytes {
        let text = String::from_utf8_lossy(body);
        if !self.holds(&text) {
            return body.clone();
        }
        Bytes::from(self.text(&text))
    }

    /// `url` as an error message may show it: without user info, secrets blanked.
    pub(crate) fn url(&self, url: &url::Url) -> String {
        let mut shown = url.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        self.text(shown.as_str())
    }

    /// Marks sensitive (shown as `Sensitive` by `Debug`) every header value that holds a secret:
    /// one of the client's, or the user info of a URL (a `Location` such as
    /// `http://user:password@host/`, which [`url`](Self::url) leaves out of messages).
    pub(crate) fn headers(&self, headers: &mut HeaderMap) {
        for value in headers.values_mut() {
            let text = String::from_utf8_lossy(value.as_bytes());
            if self.holds(&text) || has_user_info(&text) {
                value.set_sensitive(true);
            }
        }
    }
}

/// Whether `text` is a URL with a user name or a password.
fn has_user_info(text: &str) -> bool {
    url::Url::parse(text.trim()).is_ok_and(|url| !url.username().is_empty() || url.password().is_some())
}

/// Blanks the string values of the OAuth2 token fields (`access_token`, `refresh_token`, `id_token`)
/// in a token endpoint's body, even when the JSON is cut short or does not parse.
pub(crate) fn token_fields(body: &str) -> String {
    let mut out = body.to_owned();
    for key in ["\"access_token\"", "\"refresh_token\"", "\"id_token\""] {
        let mut from = 0;
        while let Some(found) = out.get(from..).and_then(|rest| rest.find(key)) {
            let after_key = from + found + key.len();
            let rest = &out[after_key..];
            let trimmed = rest.trim_start();
            let Some(value) = trimmed.strip_prefix(':').map(str::trim_start) else {
                from = after_key;
                continue;
            };
            let Some(inner) = value.strip_prefix('"') else {
                from = after_key;
                continue;
            };
            let start = out.len() - inner.len();
            let end = string_end(inner).map_or(out.len(), |len| start + len);
            out.replace_range(start..end, REDACTED);
            from = start + REDACTED.len();
        }
    }
    out
}

/// The length of a JSON string's content up to its closing quote, if it has one.
fn string_end(inner: &str) -> Option<usize> {
    let mut escaped = false;
    for (index, c) in inner.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(index),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    #[test]
    fn every_form_of_a_secret_is_blanked() {
        let mut redactor = Redactor::default();
        redactor.add("a b/c+\"d");
        let body = r#"raw a b/c+"d form a+b%2Fc%2B%22d pct a%20b%2Fc%2B%22d json "a b/c+\"d" esc a b\/c+\"d"#;
        let out = redactor.text(body);
        assert_eq!(out, "raw <redacted> form <redacted> pct <redacted> json \"<redacted>\" esc <redacted>");
    }

    #[test]
    fn bodies_without_secrets_are_kept_as_they_are() {
        let mut redactor = Redactor::default();
        redactor.add("tok");
        let invalid = Bytes::from_static(b"\xff\xfe no secret");
        assert_eq!(redactor.body(&invalid), invalid);
        let with = Bytes::from_static(b"\xe2tok\xff");
        assert_eq!(redactor.body(&with), Bytes::from("\u{fffd}<redacted>\u{fffd}"));
    }

    #[test]
    fn header_values_holding_a_secret_are_marked_sensitive() {
        let mut redactor = Redactor::default();
        redactor.add("tok");
        let mut headers = HeaderMap::new();
        headers.insert("x-echo", HeaderValue::from_static("Bearer tok"));
        headers.insert("x-other", HeaderValue::from_static("fine"));
        redactor.headers(&mut headers);
        assert!(headers["x-echo"].is_sensitive());
        assert!(!headers["x-other"].is_sensitive());
        assert!(!format!("{headers:?}").contains("tok"));
    }

    #[test]
    fn token_fields_are_blanked_even_in_broken_json() {
        assert_eq!(
            token_fields(r#"{"access_token" : "a\"b", "expires_in": "x", "refresh_token":"r"}"#),
            r#"{"access_token" : "<redacted>", "expires_in": "x", "refresh_token":"<redacted>"}"#
        );
        assert_eq!(token_fields(r#"{"access_token":"cut-sh"#), r#"{"access_token":"<redacted>"#);
        assert_eq!(
            token_fields(r#"{"access_token":12,"x":"access_token"}"#),
            r#"{"access_token":12,"x":"access_token"}"#
        );
    }
}
