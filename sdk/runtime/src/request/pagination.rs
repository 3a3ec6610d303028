//! Cursor pagination: a stream of items that follows `cursor.next` while `hasMore` is true, and
//! stops with an error rather than looping when the server breaks the protocol.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::future::BoxFuture;

use super::Operation;
use super::call::{Call, execute};
use crate::error::{Error, PaginationError};
use crate::response::ResponseValue;

/// A paginated list operation; implemented by the generated code for operations shaped like one.
pub trait Paginated: Operation + Clone {
    /// One item of a page.
    type Item: Send + 'static;
    /// The parameters of the request for the page after `cursor`: the cursor carries the filters of
    /// the first request, so only what the server needs besides it is kept.
    fn with_cursor(&self, cursor: String) -> Self;
    /// The page a response holds.
    fn into_page(output: Self::Output) -> Page<Self::Item>;
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of the page.
    pub items: Vec<T>,
    /// Whether the server says more pages follow.
    pub has_more: bool,
    /// The cursor of the next page.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// A page of `items`; generated code builds pages with it.
    pub fn new(items: Vec<T>, has_more: bool, next: Option<String>) -> Self {
        Self { items, has_more, next }
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self { items: Vec::new(), has_more: false, next: None }
    }
}

/// Empty pages in a row that still promise more, after which the stream stops: a server that lists
/// nothing page after page is looping, not filtering.
pub const MAX_EMPTY_PAGES: u32 = 10;

impl<P: Paginated> Call<P> {
    /// Every item of every page, fetching one page at a time as the stream is read.
    ///
    /// The parameters set on this call shape the first request; later requests send the server's
    /// cursor, with this call's timeouts, retry policy and headers. Each page is one call: the
    /// operation timeout bounds each page, not the whole stream.
    ///
    /// After the items of the page at fault, the stream ends with an [`Error::Pagination`], not an
    /// endless loop, if the server hands out a cursor it already gave, says there is more without a
    /// cursor to get it, or sends [`MAX_EMPTY_PAGES`] empty pages in a row that promise more; and when
    /// more pages remain after [`ItemStream::max_pages`].
    pub fn into_stream(self) -> ItemStream<P> {
        ItemStream {
            next: Some(self),
            fetching: None,
            items: Vec::new().into_iter(),
            failure: None,
            cycle: CycleDetector::default(),
            pages: 0,
            empty_in_a_row: 0,
            max_pages: None,
        }
    }
}

/// The request of one page, in flight.
type PageFuture<P> =
    BoxFuture<'static, Result<ResponseValue<<P as Operation>::Output>, Error<<P as Operation>::ErrorBody>>>;

/// The items of a paginated list, page after page: what `into_stream()` returns.
///
/// Read it with [`try_next`](Self::try_next) (one item at a time, holding one page) or
/// [`try_collect`](Self::try_collect) (every item at once), which need no other crate. It is also a
/// `futures_core::Stream` of `Result<item, Error>`, for the combinators of `futures-util` or
/// `tokio-stream` (whose `try_next` and `try_collect` these methods match). It ends after the first
/// error.
#[must_use = "a stream does nothing until it is read"]
pub struct ItemStream<P: Paginated> {
    /// The request for the next page; `None` once the last page is fetched (or the stream failed).
    next: Option<Call<P>>,
    fetching: Option<PageFuture<P>>,
    items: std::vec::IntoIter<P::Item>,
    /// Delivered after the items of the current page.
    failure: Option<Error<P::ErrorBody>>,
    cycle: CycleDetector,
    pages: u64,
    empty_in_a_row: u32,
    max_pages: Option<u64>,
}

// Nothing is pinned structurally: the page future is boxed, the rest is plain data.
impl<P: Paginated> Unpin for ItemStream<P> {}

impl<P: Paginated> fmt::Debug for ItemStream<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("operation", &P::INFO.id)
            .field("pages", &self.pages)
            .field("max_pages", &self.max_pages)
            .field("done", &(self.next.is_none() && self.fetching.is_none()))
            .finish_non_exhaustive()
    }
}

impl<P: Paginated> ItemStream<P> {
    /// Fetch at most `pages` pages (at least 1). If the last one allowed says there is more, its
    /// items are delivered and the stream ends with [`Error::Pagination`], so that a truncated list
    /// is never mistaken for a whole one.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages.max(1));
        self
    }

    /// The next item, fetching the next page when the items of the current one are used up:
    /// `Ok(None)` once the list is over, and after an error (which ends the stream).
    pub async fn try_next(&mut self) -> Result<Option<P::Item>, Error<P::ErrorBody>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await.transpose()
    }

    /// Every item of the list, in order, in one collection (`Vec<_>` or any `Default + Extend`),
    /// or the first error (the items read before it are dropped). The whole list is held in
    /// memory: bound it with [`max_pages`](Self::max_pages), or read it with
    /// [`try_next`](Self::try_next).
    pub async fn try_collect<C: Default + Extend<P::Item>>(mut self) -> Result<C, Error<P::ErrorBody>> {
        let mut items = C::default();
        while let Some(item) = self.try_next().await? {
            items.extend(Some(item));
        }
        Ok(items)
    }

    /// Ends the stream after the items of the page at fault, with the attempts and request id of
    /// the call that fetched it.
    fn fail(&mut self, message: String, (attempts, request_id): (u32, Option<Box<str>>)) {
        self.next = None;
        self.failure = Some(Error::Pagination(PaginationError::new(P::INFO.id, message, attempts, request_id)));
    }

    /// Sorts the page just received: its items to deliver, and what comes after them.
    fn take_page(&mut self, call: Call<P>, response: ResponseValue<P::Output>) {
        let record = (response.attempts(), response.request_id().map(Box::from));
        let page = P::into_page(response.into_inner());
        self.pages = self.pages.saturating_add(1);
        self.empty_in_a_row = if page.items.is_empty() { self.empty_in_a_row.saturating_add(1) } else { 0 };
        self.items = page.items.into_iter();
        if !page.has_more {
            return;
        }
        let Some(cursor) = page.next.filter(|c| !c.is_empty()) else {
            return self.fail("the server said there are more pages but gave no cursor".to_owned(), record);
        };
        if self.cycle.seen_before(&cursor) {
            return self.fail("the server returned a cursor it had already returned".to_owned(), record);
        }
        if self.empty_in_a_row >= MAX_EMPTY_PAGES {
            return self
                .fail(format!("the server sent {MAX_EMPTY_PAGES} empty pages in a row, each promising more"), record);
        }
        if let Some(max) = self.max_pages
            && self.pages >= max
        {
            return self.fail(format!("more pages remain after max_pages ({max})"), record);
        }
        self.next = Some(Call { params: call.params.with_cursor(cursor), ..call });
    }
}

impl<P: Paginated> Stream for ItemStream<P> {
    type Item = Result<P::Item, Error<P::ErrorBody>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(error) = this.failure.take() {
                return Poll::Ready(Some(Err(error)));
            }
            if this.fetching.is_none() {
                let Some(call) = this.next.take() else {
                    return Poll::Ready(None);
                };
                let sent = call.clone();
                this.next = Some(call);
                this.fetching = Some(Box::pin(async move { execute(&sent.client, &sent.params, &sent.options).await }));
            }
            let Some(fetching) = this.fetching.as_mut() else {
                return Poll::Ready(None);
            };
            let result = match fetching.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => result,
            };
            this.fetching = None;
            let Some(call) = this.next.take() else {
                return Poll::Ready(None);
            };
            match result {
                Ok(output) => this.take_page(call, output),
                Err(error) => this.failure = Some(error),
            }
        }
    }
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
        self.length = self.length.saturating_add(1);
        if self.checkpoint.is_none() || self.length == self.power {
            self.checkpoint = Some(cursor.to_owned());
            self.power = self.power.max(1).saturating_mul(2);
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
