//! `ResponseValue`: a decoded body that keeps the status and headers it came with.

use std::ops::{Deref, DerefMut};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The typed body of a successful response; derefs to it, and keeps the HTTP status and headers.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    inner: T,
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<Box<str>>,
    /// The attempts of the call that received it (a page at fault tells its stream's error).
    attempts: u32,
}

impl<T> ResponseValue<T> {
    /// The body `inner`, received with `status` and `headers`: what a call returns, for code (a
    /// test's fake, say) that stands in for one. Its [`request_id`](Self::request_id) is `None`.
    pub fn new(inner: T, status: StatusCode, headers: HeaderMap) -> Self {
        Self { inner, status, headers, request_id: None, attempts: 1 }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// The body, the status and the headers.
    pub fn into_parts(self) -> (T, StatusCode, HeaderMap) {
        (self.inner, self.status, self.headers)
    }
}

impl<T> ResponseValue<T> {
    /// The request id of the response, read from the headers the client's
    /// [`request_id_headers`](crate::ClientBuilder::request_id_headers) names (by default
    /// `X-Request-Id`, then the trace id of a W3C `traceparent`, then `X-Trace-Id`): the first
    /// usable one. A value that is not visible ASCII, or that holds a secret of the client, is
    /// passed over; one longer than 128 characters is cut there, with `...` after it.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Records how the call that received it ended: `attempts` made, and the request id the client
    /// read from the headers.
    pub(crate) fn end_call(&mut self, attempts: u32, request_id: Option<Box<str>>) {
        (self.attempts, self.request_id) = (attempts, request_id);
    }

    /// The attempts of the call that received it.
    pub(crate) fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}
