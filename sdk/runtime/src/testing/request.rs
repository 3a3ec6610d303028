//! A request as the mock received it: what `match_http` matchers read and `MockClient::requests`
//! lists, after everything the client does before sending (URL and query, headers, interceptors,
//! the body as encoded).

use std::fmt;
use std::pin::Pin;

use bytes::{Bytes, BytesMut};
use reqwest::header::HeaderMap;
use url::Url;

use crate::error::BoxError;

/// A request the mock received, as the client sent it.
#[derive(Clone)]
pub struct SentRequest {
    operation_id: Option<&'static str>,
    method: reqwest::Method,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
}

impl SentRequest {
    /// The spec's `operationId` of the call that sent it; `None` for a token request.
    pub fn operation_id(&self) -> Option<&'static str> {
        self.operation_id
    }

    /// Whether this is a token request (a client with client credentials asking for an access
    /// token), not an API call.
    pub fn is_token_request(&self) -> bool {
        self.operation_id.is_none()
    }

    /// The HTTP method (`"GET"`).
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The URL, query included.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The path, percent-encoded as sent.
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The query pairs, decoded, in the order sent.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect()
    }

    /// The headers as sent: the SDK's, the operation's, the call's, the interceptors' and the
    /// `Authorization` of the client's token (not those the HTTP client would add, such as `Host`).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as sent (empty without one; a streamed body read whole).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// `METHOD path?query`, as the mock's messages show a request.
    pub(crate) fn line(&self) -> String {
        match self.url.query() {
            Some(query) => format!("{} {}?{query}", self.method, self.url.path()),
            None => format!("{} {}", self.method, self.url.path()),
        }
    }

    /// The request the client handed over, its body read whole (a stream as a server would read it).
    pub(crate) async fn read(
        mut request: reqwest::Request,
        operation_id: Option<&'static str>,
    ) -> Result<Self, BoxError> {
        let body = match request.body_mut().take() {
            None => Bytes::new(),
            Some(body) => match body.as_bytes() {
                Some(bytes) => Bytes::copy_from_slice(bytes),
                None => read_all(body).await?,
            },
        };
        Ok(Self {
            operation_id,
            method: request.method().clone(),
            url: request.url().clone(),
            headers: std::mem::take(request.headers_mut()),
            body,
        })
    }
}

/// Every frame of a body the client streams.
async fn read_all(body: reqwest::Body) -> Result<Bytes, BoxError> {
    let mut body = Box::pin(body);
    let mut all = BytesMut::new();
    while let Some(frame) = std::future::poll_fn(|cx| http_body::Body::poll_frame(Pin::as_mut(&mut body), cx)).await {
        if let Ok(data) = frame?.into_data() {
            all.extend_from_slice(&data);
        }
    }
    Ok(all.freeze())
}

impl fmt::Debug for SentRequest {
    /// Header names and the body's length only: a value may be a credential.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentRequest")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method.as_str())
            .field("path", &self.url.path())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}
