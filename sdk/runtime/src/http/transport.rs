//! The one place a request leaves the runtime for the network: API requests and token requests
//! alike are handed to [`Transport::send`], and nothing else calls the HTTP client.
//!
//! A caller's own `reqwest::Client` may follow redirects by itself, and the runtime cannot turn that
//! off. So such a client gets every body in a form it cannot send twice: on a 307 or 308 it hands the
//! redirect back, and the runtime's own rules decide (see `send/redirect.rs`); the client secret,
//! which travels in a token request's body, never follows a redirect. A redirect the client did
//! follow (a request without a body, or a 301, 302 or 303, after which reqwest sends a GET) shows
//! in the response's URL, and the answer is refused rather than taken for the API's.

use std::pin::Pin;
#[cfg(feature = "test-util")]
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use url::Url;

/// The HTTP client requests go through.
#[derive(Debug, Clone)]
pub(crate) enum Transport {
    /// The SDK's own client: built with `redirect::Policy::none()`, it never follows a redirect.
    Own(reqwest::Client),
    /// A client the caller gave with `ClientBuilder::reqwest_client`, used as it is (its pool, its
    /// proxy, its TLS, its redirect policy).
    Shared(reqwest::Client),
    /// The mock of the `testing` module: answers in process, below the retry loop, the deadlines
    /// and the interceptors, so that everything above runs as in production; no socket is opened.
    #[cfg(feature = "test-util")]
    Mock(Arc<dyn Respond>),
}

/// What a call knows that the wire does not: the operation and its typed parameters. Token requests
/// go without one. Only the mock reads it (its rules match on the typed parameters).
#[derive(Clone, Copy)]
pub(crate) struct CallContext<'a> {
    /// The spec's `operationId`.
    #[cfg_attr(not(feature = "test-util"), allow(dead_code))]
    pub(crate) operation_id: &'static str,
    /// The operation's parameters (a generated `*Params`), for a rule to downcast to its own.
    #[cfg_attr(not(feature = "test-util"), allow(dead_code))]
    pub(crate) params: &'a (dyn std::any::Any + Send + Sync),
}

/// An HTTP server in process: the `testing` module's mock.
#[cfg(feature = "test-util")]
pub(crate) trait Respond: Send + Sync + std::fmt::Debug {
    /// The answer to `request`, made by the call `call` (`None`: a token request).
    fn respond<'a>(
        &'a self,
        request: reqwest::Request,
        call: Option<CallContext<'a>>,
    ) -> futures_util::future::BoxFuture<'a, Result<reqwest::Response, SendError>>;
}

/// Why [`Transport::send`] returned no response.
#[derive(Debug)]
pub(crate) enum SendError {
    /// The HTTP client failed: connection, TLS, its own timeouts...
    Http(reqwest::Error),
    /// A shared client followed a redirect by itself and ended at `url` with `status` and
    /// `headers`; that answer is not the API's.
    Redirected { status: reqwest::StatusCode, url: Url, headers: reqwest::header::HeaderMap },
    /// The mock failed the request: a transport failure a rule asked for, or a request no rule
    /// answers (see the `testing` module).
    #[cfg(feature = "test-util")]
    Mock(crate::error::Failure),
}

impl Transport {
    /// Sends a token request: [`send_call`](Self::send_call) without a call.
    pub(crate) async fn send(&self, request: reqwest::Request) -> Result<reqwest::Response, SendError> {
        self.send_call(request, None).await
    }

    /// Sends `request`, made by `call`, and returns the response once its head has arrived (the body
    /// is read by the caller, under its own limits and deadline).
    pub(crate) async fn send_call(
        &self,
        mut request: reqwest::Request,
        call: Option<CallContext<'_>>,
    ) -> Result<reqwest::Response, SendError> {
        #[cfg(not(feature = "test-util"))]
        let _ = call;
        match self {
            Self::Own(client) => client.execute(request).await.map_err(SendError::Http),
            Self::Shared(client) => {
                // Compared below to tell a redirect the client followed; the request is moved into
                // the client, so its URL is kept apart (the shared client is the uncommon case).
                let sent = request.url().clone();
                if let Some(bytes) = request.body().and_then(reqwest::Body::as_bytes).filter(|b| !b.is_empty()) {
                    let once = OnceBody(Some(Bytes::copy_from_slice(bytes)));
                    *request.body_mut() = Some(reqwest::Body::wrap(once));
                }
                let mut response = client.execute(request).await.map_err(SendError::Http)?;
                if response.url() != &sent {
                    let (status, url) = (response.status(), response.url().clone());
                    return Err(SendError::Redirected { status, url, headers: std::mem::take(response.headers_mut()) });
                }
                Ok(response)
            }
            #[cfg(feature = "test-util")]
            Self::Mock(mock) => mock.respond(request, call).await,
        }
    }

    /// What the client's `Debug` shows: whose HTTP client it is.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Own(_) => "own",
            Self::Shared(_) => "given",
            #[cfg(feature = "test-util")]
            Self::Mock(_) => "mock (testing)",
        }
    }
}

/// A body of known length that can be sent once: reqwest (through tower-http's redirect layer)
/// replays only bodies it can clone, so it returns a 307 or 308 for such a request instead of
/// sending the body again, wherever the redirect points.
struct OnceBody(Option<Bytes>);

impl http_body::Body for OnceBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(self.get_mut().0.take().map(|bytes| Ok(Frame::data(bytes))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }

    /// Exact, so that the request carries a `Content-Length` rather than a chunked body, as it would
    /// with the bytes themselves.
    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.0.as_ref().map_or(0, |bytes| bytes.len() as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_once_body_cannot_be_cloned_and_keeps_its_length() {
        let body = reqwest::Body::wrap(OnceBody(Some(Bytes::from_static(b"secret=1"))));
        assert!(body.as_bytes().is_none(), "a body reqwest can read as bytes is one it can replay");
        assert_eq!(http_body::Body::size_hint(&body).exact(), Some(8));
    }
}
