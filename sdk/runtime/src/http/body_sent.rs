//! A request body that says when the HTTP client has taken its last byte: how the SDK knows that a
//! request went out whole, which the HTTP client does not tell (see `RequestSent`).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};

/// Set once the body's last byte has been handed to the connection. Shared with the body, which
/// the HTTP client reads on a task of its own.
#[derive(Debug, Clone, Default)]
pub(crate) struct BodySent(Arc<AtomicBool>);

impl BodySent {
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// `body`, reporting to the returned flag when its last byte is taken. The HTTP client cannot
/// clone it: a client of the caller's that follows redirects hands a 307 or 308 back to the SDK
/// rather than sending it again (see `transport.rs`), as with any body it cannot replay.
pub(crate) fn tracked(body: reqwest::Body) -> (reqwest::Body, BodySent) {
    let sent = BodySent::default();
    (reqwest::Body::wrap(Tracked { inner: body, sent: sent.clone() }), sent)
}

struct Tracked {
    inner: reqwest::Body,
    sent: BodySent,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = reqwest::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        let last = match &polled {
            Poll::Ready(None) => true,
            Poll::Ready(Some(Ok(_))) => this.inner.is_end_stream(),
            _ => false,
        };
        if last {
            this.sent.0.store(true, Ordering::Release);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    /// The body's own, so that a body of known length goes with a `Content-Length`, not chunked.
    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::future::poll_fn;

    use futures_util::stream;

    use super::*;
    use crate::http::upload::request_body;

    /// Reads `body` to its end, frame by frame as the HTTP client does, with whether the flag was
    /// set after each frame.
    async fn read(mut body: reqwest::Body, sent: &BodySent) -> (Vec<u8>, Vec<bool>) {
        let (mut all, mut flags) = (Vec::new(), Vec::new());
        while let Some(frame) = poll_fn(|cx| http_body::Body::poll_frame(Pin::new(&mut body), cx)).await {
            all.extend_from_slice(frame.unwrap().data_ref().unwrap());
            flags.push(sent.is_set());
        }
        (all, flags)
    }

    #[tokio::test]
    async fn the_flag_is_set_with_the_last_byte_and_the_length_is_kept() {
        let (body, sent) = tracked(reqwest::Body::from(Bytes::from_static(b"{\"a\":1}")));
        assert_eq!(http_body::Body::size_hint(&body).exact(), Some(7));
        assert!(body.as_bytes().is_none(), "a body the HTTP client could replay");
        assert!(!sent.is_set());
        assert_eq!(read(body, &sent).await, (b"{\"a\":1}".to_vec(), vec![true]));
    }

    #[tokio::test]
    async fn a_stream_sets_it_at_its_end_only() {
        let chunks: Vec<Result<Bytes, crate::error::BoxError>> =
            vec![Ok(Bytes::from_static(b"ab")), Ok(Bytes::from_static(b"cd"))];
        let (body, sent) = tracked(request_body(Box::pin(stream::iter(chunks))));
        let (all, flags) = read(body, &sent).await;
        assert_eq!(all, b"abcd");
        assert_eq!(flags, [false, false], "a stream says it has ended only when asked for more");
        assert!(sent.is_set());
    }
}
