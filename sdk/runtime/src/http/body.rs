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
    // One loop with one await, so that this future keeps room for one chunk in flight only.
    let mut body = Collected::Nothing;
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
            return Err(BodyError::TooLarge { limit, content_length: announced });
        }
        body = match body {
            // The common case: the whole body in one chunk, kept without a copy.
            Collected::Nothing => Collected::One(chunk),
            Collected::One(first) => {
                let capacity = announced.unwrap_or(0).min(limit).min(INITIAL_CAPACITY);
                let mut all = BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(0));
                all.extend_from_slice(&first);
                all.extend_from_slice(&chunk);
                Collected::Many(all)
            }
            Collected::Many(mut all) => {
                all.extend_from_slice(&chunk);
                Collected::Many(all)
            }
        };
    }
    Ok(match body {
        Collected::Nothing => Bytes::new(),
        Collected::One(first) => first,
        Collected::Many(all) => all.freeze(),
    })
}

/// The chunks read so far.
enum Collected {
    Nothing,
    One(Bytes),
    Many(BytesMut),
}

impl Collected {
    fn len(&self) -> usize {
        match self {
            Self::Nothing => 0,
            Self::One(bytes) => bytes.len(),
            Self::Many(bytes) => bytes.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use futures_util::stream;

    use super::*;
    use crate::http::upload::request_body;

    /// Reads a body that comes as `chunks`, one frame each, without a `Content-Length` (the
    /// announced length is tested against a server in `tests/hostile_server.rs`).
    async fn read(chunks: &[&'static str], limit: u64) -> Result<Bytes, u64> {
        let chunks: Vec<Result<Bytes, crate::error::BoxError>> =
            chunks.iter().map(|chunk| Ok(Bytes::from_static(chunk.as_bytes()))).collect();
        let response = reqwest::Response::from(http::Response::new(request_body(Box::pin(stream::iter(chunks)))));
        read_limited(response, limit).await.map_err(|e| match e {
            BodyError::TooLarge { limit, content_length: None } => limit,
            other => panic!("{other:?}"),
        })
    }

    #[tokio::test]
    async fn every_chunk_is_kept_in_order_up_to_the_limit() {
        assert_eq!(read(&[], 10).await.unwrap(), "");
        assert_eq!(read(&["one"], 3).await.unwrap(), "one");
        assert_eq!(read(&["ab", "", "cd", "efg"], 7).await.unwrap(), "abcdefg");
    }

    #[tokio::test]
    async fn the_chunk_that_crosses_the_limit_fails() {
        assert_eq!(read(&["abcd"], 3).await.unwrap_err(), 3);
        assert_eq!(read(&["ab", "cd", "e"], 4).await.unwrap_err(), 4);
    }
}
