//! Form bodies: `application/x-www-form-urlencoded` (the `url` crate's `form_urlencoded`, as
//! `serde_urlencoded` writes it) and `multipart/form-data` (RFC 7578), both encoded into `Bytes` so
//! that retries send the same body again.
//!
//! The multipart encoder is written here rather than taken from `reqwest`'s `multipart` feature: that
//! form is a one-shot stream (a retry could not send it again) and the feature adds `mime_guess` to
//! every user's build.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};

use bytes::{BufMut, Bytes, BytesMut};
use serde::Serialize;

use super::param::ToParam;
use crate::error::InvalidRequest;

/// A file sent as one part of a `multipart/form-data` body: its bytes, a filename and a content type.
///
/// ```
/// use formance_sdk_runtime::FilePart;
///
/// let part = FilePart::new(b"id,amount\n1,100\n".to_vec()).with_filename("ledger.csv").with_content_type("text/csv");
/// assert_eq!(part.filename(), Some("ledger.csv"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Bytes,
    filename: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// The file's content. Without [`with_filename`](Self::with_filename) the part is named after
    /// its field; without [`with_content_type`](Self::with_content_type) it is
    /// `application/octet-stream`.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self { bytes: bytes.into(), filename: None, content_type: None }
    }

    /// The filename the part announces (quotes, CR and LF are sent percent-encoded, as browsers do).
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// The part's `Content-Type`; a value that is not a valid header value fails the call before
    /// anything is sent.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's content.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The filename set, if any.
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// The content type set, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

/// The content is not printed: only its length.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.bytes.len())
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// An `application/x-www-form-urlencoded` body, one `name=value` pair per call, in call order.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct FormBody(Vec<(String, String)>);

impl FormBody {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a field, its value written as a query parameter's is.
    pub fn text(&mut self, name: &str, value: &(impl ToParam + ?Sized)) {
        self.0.push((name.to_owned(), value.to_param()));
    }

    pub(crate) fn finish(self) -> Bytes {
        Bytes::from(url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&self.0).finish())
    }
}

/// A `multipart/form-data` body, one part per call, in call order.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct MultipartBody {
    /// Each part's headers (after the delimiter line) and content.
    parts: Vec<(String, Bytes)>,
}

/// Times a boundary is drawn again when the content holds it, before the call fails (2^-128 odds
/// per draw for content that is not built to hold it).
const BOUNDARY_DRAWS: usize = 8;

impl MultipartBody {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text part, its value written as a query parameter's is.
    pub fn text(&mut self, name: &str, value: &(impl ToParam + ?Sized)) {
        let headers = format!("Content-Disposition: form-data; name=\"{}\"\r\n", escape(name));
        self.parts.push((headers, Bytes::from(value.to_param())));
    }

    /// A file part, named after its field unless it has a filename of its own.
    pub fn file(&mut self, name: &str, file: &FilePart) -> Result<(), InvalidRequest> {
        let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream");
        if !header_safe(content_type) {
            return Err(InvalidRequest::new(format!(
                "the content type of file part `{name}` is not a valid header value"
            )));
        }
        let filename = file.filename.as_deref().unwrap_or(name);
        let headers = format!(
            "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {content_type}\r\n",
            escape(name),
            escape(filename)
        );
        self.parts.push((headers, file.bytes.clone()));
        Ok(())
    }

    /// A part holding a value's compact JSON (an object, a map, a union), as `application/json`.
    pub fn json(&mut self, name: &str, value: &impl Serialize) -> Result<(), InvalidRequest> {
        let json = serde_json::to_vec(value)
            .map_err(|e| InvalidRequest::new(format!("form field `{name}` cannot be encoded as JSON: {e}")))?;
        let headers =
            format!("Content-Disposition: form-data; name=\"{}\"\r\nContent-Type: application/json\r\n", escape(name));
        self.parts.push((headers, Bytes::from(json)));
        Ok(())
    }

    /// The `Content-Type` (with the boundary) and the body. The boundary is random and drawn again
    /// if any part's content holds it.
    pub(crate) fn finish(self) -> Result<(String, Bytes), InvalidRequest> {
        let boundary = (0..BOUNDARY_DRAWS)
            .map(|_| random_boundary())
            .find(|boundary| !self.parts.iter().any(|(_, content)| contains(content, boundary.as_bytes())))
            .ok_or_else(|| {
                InvalidRequest::new("no multipart boundary could be found that the content does not hold")
            })?;
        Ok((format!("multipart/form-data; boundary={boundary}"), self.encode(&boundary)))
    }

    fn encode(&self, boundary: &str) -> Bytes {
        let size: usize =
            self.parts.iter().map(|(headers, content)| boundary.len() + headers.len() + content.len() + 8).sum();
        let mut body = BytesMut::with_capacity(size + boundary.len() + 6);
        for (headers, content) in &self.parts {
            body.put_slice(b"--");
            body.put_slice(boundary.as_bytes());
            body.put_slice(b"\r\n");
            body.put_slice(headers.as_bytes());
            body.put_slice(b"\r\n");
            body.put_slice(content);
            body.put_slice(b"\r\n");
        }
        body.put_slice(b"--");
        body.put_slice(boundary.as_bytes());
        body.put_slice(b"--\r\n");
        body.freeze()
    }
}

/// A field name or filename inside its quotes, as the HTML standard encodes `multipart/form-data`:
/// `"` as `%22`, CR as `%0D`, LF as `%0A`.
fn escape(value: &str) -> String {
    value.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

fn header_safe(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b == b' ' || b == b'\t' || b.is_ascii_graphic())
}

/// 32 random hex digits from the standard library's randomly seeded hasher, behind a fixed prefix.
fn random_boundary() -> String {
    let draw = || RandomState::new().build_hasher().finish();
    format!("formance-sdk-{:016x}{:016x}", draw(), draw())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &Bytes) -> &str {
        std::str::from_utf8(bytes).unwrap()
    }

    #[test]
    fn url_encoded_forms_match_serde_urlencoded() {
        let pairs = [("grant_type", "client_credentials"), ("scope", "a b&c=d"), ("n", "15"), ("é", "ü+/*~-._!'()")];
        let mut form = FormBody::new();
        for (name, value) in pairs {
            form.text(name, value);
        }
        let reference = serde_urlencoded::to_string(pairs).unwrap();
        assert_eq!(text(&form.finish()), reference);
        assert!(reference.starts_with("grant_type=client_credentials&scope=a+b%26c%3Dd&n=15&%C3%A9=%C3%BC%2B%2F*"));
    }

    #[test]
    fn multipart_parts_in_order_with_the_boundary_of_the_content_type() {
        let mut form = MultipartBody::new();
        form.text("note", "line 1\r\nline 2");
        form.file("file", &FilePart::new(&b"\x00\xffbin"[..]).with_filename("a.bin")).unwrap();
        form.file("other", &FilePart::new("x").with_content_type("text/csv")).unwrap();
        form.json("meta", &serde_json::json!({"k": 1})).unwrap();
        let (content_type, body) = form.finish().unwrap();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert!(boundary.len() >= 40 && boundary.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        let expected = [
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nline 1\r\nline 2\r\n")
                .into_bytes(),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n")
                .into_bytes(),
            b"Content-Type: application/octet-stream\r\n\r\n\x00\xffbin\r\n".to_vec(),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"other\"; filename=\"other\"\r\n")
                .into_bytes(),
            b"Content-Type: text/csv\r\n\r\nx\r\n".to_vec(),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\n").into_bytes(),
            b"Content-Type: application/json\r\n\r\n{\"k\":1}\r\n".to_vec(),
            format!("--{boundary}--\r\n").into_bytes(),
        ]
        .concat();
        assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&expected));
        assert_eq!(&body[..], &expected[..]);
    }

    #[test]
    fn names_and_filenames_cannot_break_out_of_their_quotes() {
        let mut form = MultipartBody::new();
        let file = FilePart::new("x").with_filename("evil\"; name=\"other\r\nX-Injected: 1");
        form.file("f\"ield", &file).unwrap();
        let (_, body) = form.finish().unwrap();
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("name=\"f%22ield\"; filename=\"evil%22; name=%22other%0D%0AX-Injected: 1\""), "{body}");
        assert!(!body.contains("\r\nX-Injected"));
    }

    #[test]
    fn a_content_type_with_a_line_break_is_refused() {
        let mut form = MultipartBody::new();
        let file = FilePart::new("x").with_content_type("text/plain\r\nX-Injected: 1");
        assert!(form.file("f", &file).is_err());
    }

    #[test]
    fn the_boundary_never_occurs_in_the_content() {
        for _ in 0..20 {
            let mut form = MultipartBody::new();
            form.text("a", "formance-sdk-");
            let (content_type, body) = form.finish().unwrap();
            let boundary = content_type.rsplit('=').next().unwrap();
            let delimiters = String::from_utf8_lossy(&body).matches(boundary).count();
            assert_eq!(delimiters, 2, "one opening delimiter and the closing one");
        }
        assert!(contains(b"abcdef", b"cde") && !contains(b"abcdef", b"ced"));
    }
}
