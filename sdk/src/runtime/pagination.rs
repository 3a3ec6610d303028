//! Cursor pagination: a stream of items that follows `cursor.next` while `hasMore` is true.

use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt, stream};

use crate::runtime::{Call, Operation};
use crate::{Error, PaginationError};

/// A paginated list operation; implemented by the generated code for operations shaped like one.
pub trait Paginated: Operation + Clone {
    type Item: Send + 'static;
    /// The parameters of the request for the page after `cursor`: the cursor carries the filters of
    /// the first request, so only what the server needs besides it is kept.
    fn with_cursor(&self, cursor: String) -> Self;
    fn into_page(output: Self::Output) -> Page<Self::Item>;
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_more: bool,
    pub next: Option<String>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self { items: Vec::new(), has_more: false, next: None }
    }
}

/// What the stream does after the page it just delivered.
enum Next<P> {
    Fetch(Call<P>),
    /// The page was delivered; this error comes after its items.
    Fail(Error),
    Done,
}

impl<P: Paginated> Call<P> {
    /// Every item of every page, fetching one page at a time as the stream is read.
    ///
    /// The parameters set on this call shape the first request; later requests send the server's
    /// cursor. After the items of the page at fault, the stream ends with an [`Error::Pagination`],
    /// not an endless loop, if the server hands out a cursor it already gave, or says there is more
    /// without a cursor to get it.
    pub fn into_stream(self) -> impl Stream<Item = Result<P::Item, Error>> + Send + 'static {
        let start = (Next::Fetch(self), CycleDetector::default());
        stream::try_unfold(start, |(next, mut cycle)| async move {
            let call = match next {
                Next::Fetch(call) => call,
                Next::Fail(error) => return Err(error),
                Next::Done => return Ok(None),
            };
            let page =
                P::into_page(crate::execute::execute(&call.client, &call.params, &call.options).await?.into_inner());
            let next = if !page.has_more {
                Next::Done
            } else {
                match page.next.filter(|c| !c.is_empty()) {
                    None => {
                        Next::Fail(pagination_error::<P>("the server said there are more pages but gave no cursor"))
                    }
                    Some(cursor) if cycle.seen_before(&cursor) => {
                        Next::Fail(pagination_error::<P>("the server returned a cursor it had already returned"))
                    }
                    Some(cursor) => Next::Fetch(Call { params: call.params.with_cursor(cursor), ..call }),
                }
            };
            Ok(Some((stream::iter(page.items.into_iter().map(Ok)), (next, cycle))))
        })
        .try_flatten()
        .boxed()
    }
}

fn pagination_error<P: Operation>(message: &'static str) -> Error {
    Error::Pagination(PaginationError::new(P::INFO.id, message))
}

/// Brent's cycle detection over the sequence of cursors: finds any repetition in constant memory,
/// however many pages the list has.
#[derive(Default)]
struct CycleDetector {
    checkpoint: Option<String>,
    power: u64,
    length: u64,
}

impl CycleDetector {
    fn seen_before(&mut self, cursor: &str) -> bool {
        if self.checkpoint.as_deref() == Some(cursor) {
            return true;
        }
        self.length += 1;
        if self.checkpoint.is_none() || self.length == self.power {
            self.checkpoint = Some(cursor.to_owned());
            self.power = self.power.max(1) * 2;
            self.length = 0;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::CycleDetector;

    fn first_repeat(cursors: &[&str]) -> Option<usize> {
        let mut detector = CycleDetector::default();
        cursors.iter().position(|c| detector.seen_before(c))
    }

    #[test]
    fn detects_repeats_of_any_period() {
        assert_eq!(first_repeat(&["a", "a"]), Some(1));
        let abab: Vec<&str> = ["a", "b"].iter().copied().cycle().take(10).collect();
        assert!(first_repeat(&abab).is_some());
        let long: Vec<String> = (0..7).map(|i| i.to_string()).cycle().take(100).collect();
        let long: Vec<&str> = long.iter().map(String::as_str).collect();
        assert!(first_repeat(&long).is_some_and(|at| at < 40));
        let distinct: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
        let distinct: Vec<&str> = distinct.iter().map(String::as_str).collect();
        assert_eq!(first_repeat(&distinct), None);
    }
}
