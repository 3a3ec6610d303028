//! A request body read from a stream while it is sent (a large upload): it can be sent once, so a
//! call that carries one is neither retried nor resent after a 401, and follows no redirect.

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::Frame;

use crate::error::BoxError;

pub(crate) type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// A stream of body chunks that one request takes, however often it is cloned: a clone of a call
/// shares it, and whichever is sent first sends it.
#[doc(hidden)]
#[derive(Clone)]
pub struct BodyStream(Arc<Mutex<Option<Chunks>>>);

impl BodyStream {
    /// Wraps the chunks of a body; an `Err` item ends the request with a transport error.
    pub fn new<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        use futures_util::StreamExt as _;
        let chunks: Chunks = Box::pin(stream.map(|chunk| chunk.map_err(Into::into)));
        Self(Arc::new(Mutex::new(Some(chunks))))
    }

    /// The stream, if no request has taken it yet.
    pub(crate) fn take(&self) -> Option<Chunks> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

impl fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sent = self.0.lock().map(|slot| slot.is_none()).unwrap_or(true);
        f.debug_struct("BodyStream").field("sent", &sent).finish_non_exhaustive()
    }
}

/// The stream as a request body of the HTTP client, which wants it `Sync`: the mutex gives that
/// without ever being locked (`get_mut`).
pub(crate) fn request_body(chunks: Chunks) -> reqwest::Body {
    reqwest::Body::wrap(ChunkBody(Mutex::new(chunks)))
}

struct ChunkBody(Mutex<Chunks>);

impl http_body::Body for ChunkBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let chunks = self.get_mut().0.get_mut().unwrap_or_else(PoisonError::into_inner);
        chunks.as_mut().poll_next(cx).map(|chunk| chunk.map(|chunk| chunk.map(Frame::data)))
    }
}
