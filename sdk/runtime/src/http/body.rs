//! Reading a response body into memory without letting the server decide how much memory that takes.

use bytes::{Bytes, BytesMut};

/// Why a body could not be read whole.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Larger than the limit: announced by `Content-Length` (nothing read) or found while reading.
    TooLarge {
        limit: u64,
        content_length: Option<u64>,
    },
    Transport(reqwest::Error),
}

/// The first buffer never grows beyond this before bytes actually arrive, whatever
/// `Content-Length` says.
const INITIAL_CAPACITY: u64 = 256 * 1024;

/// The whole body, or an error as soon as it is known to exceed `limit` bytes: at once when
/// `Content-Length` says so, otherwise at the chunk that crosses it. Time is bounded by the caller.
pub(crate) async fn read_limited(mut response: reqwest::Response, limit: u64) -> Result<Bytes, BodyError> {
    let announced = response.content_length();
    if let Some(length) = announced
        && length > limit
    {
        return Err(BodyError::TooLarge { limit, content_length: Some(length) });
    }
    let too_large = |read: usize, more: usize| (read as u64).saturating_add(more as u64) > limit;
    let Some(first) = response.chunk().await.map_err(BodyError::Transport)? else {
        return Ok(Bytes::new());
    };
    if too_large(0, first.len()) {
        return Err(BodyError::TooLarge { limit, content_length: announced });
    }
    let Some(second) = response.chunk().await.map_err(BodyError::Transport)? else {
        // The common case: the whole body in one chunk, kept without a copy.
        return Ok(first);
    };
    let capacity = announced.unwrap_or(0).min(limit).min(INITIAL_CAPACITY);
    let mut body = BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let mut next = Some(second);
    body.extend_from_slice(&first);
    while let Some(chunk) = next {
        if too_large(body.len(), chunk.len()) {
            return Err(BodyError::TooLarge { limit, content_length: announced });
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await.map_err(BodyError::Transport)?;
    }
    Ok(body.freeze())
}
