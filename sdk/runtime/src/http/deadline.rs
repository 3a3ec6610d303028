//! The two time bounds of a call: one per attempt and one for the whole operation. All arithmetic on
//! instants and durations is checked: a bound too far away to represent means no bound, never a panic.

use std::future::Future;
use std::time::Duration;

use futures_util::future::{Either, FutureExt as _, ready};
use tokio::time::Instant;

use crate::error::{TimeoutBound, TimeoutError};

/// When something must be over, and which configured bound that comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    /// `None` when the bound is too far away to represent: no bound.
    at: Option<Instant>,
    limit: Duration,
    bound: TimeoutBound,
}

impl Deadline {
    /// `limit` from now.
    pub(crate) fn after(limit: Duration, bound: TimeoutBound) -> Self {
        Self { at: Instant::now().checked_add(limit), limit, bound }
    }

    /// The earlier of the two; the attempt's when they coincide.
    pub(crate) fn earliest(self, other: Self) -> Self {
        match (self.at, other.at) {
            (_, None) => self,
            (None, Some(_)) => other,
            (Some(a), Some(b)) if b < a => other,
            (Some(a), Some(b)) if a < b => self,
            _ if self.bound == TimeoutBound::Attempt => self,
            _ => other,
        }
    }

    /// Time left, `None` for no bound.
    pub(crate) fn remaining(&self) -> Option<Duration> {
        self.at.map(|at| at.saturating_duration_since(Instant::now()))
    }

    pub(crate) fn error(&self) -> TimeoutError {
        TimeoutError::new(self.limit, self.bound)
    }

    /// Runs `work` until it ends or the deadline passes, whichever comes first; not at all when
    /// the deadline has already passed.
    ///
    /// Not an `async fn`: one would hold `work` twice (as its argument and inside the timeout it
    /// awaits), and the attempt future it bounds is the largest part of a call.
    pub(crate) fn run<F: Future>(&self, work: F) -> impl Future<Output = Result<F::Output, TimeoutError>> + use<F> {
        let error = self.error();
        match self.at {
            None => Either::Left(work.map(Ok)),
            Some(at) if at <= Instant::now() => Either::Right(Either::Left(ready(Err(error)))),
            Some(at) => Either::Right(Either::Right(
                tokio::time::timeout_at(at, work).map(move |outcome| outcome.map_err(|_| error)),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn huge_limits_mean_no_bound_and_never_panic() {
        let never = Deadline::after(Duration::MAX, TimeoutBound::Operation);
        assert_eq!(never.remaining(), None);
        assert_eq!(never.run(async { 7 }).await.unwrap(), 7);
        let soon = Deadline::after(Duration::from_millis(10), TimeoutBound::Attempt);
        assert_eq!(never.earliest(soon).bound, TimeoutBound::Attempt);
        assert_eq!(soon.earliest(never).bound, TimeoutBound::Attempt);
    }

    #[tokio::test]
    async fn the_earlier_bound_wins_and_says_which_it_is() {
        let attempt = Deadline::after(Duration::from_secs(30), TimeoutBound::Attempt);
        let operation = Deadline::after(Duration::from_millis(20), TimeoutBound::Operation);
        let deadline = attempt.earliest(operation);
        let err = deadline.run(tokio::time::sleep(Duration::from_secs(5))).await.unwrap_err();
        assert_eq!(err.bound(), TimeoutBound::Operation);
        assert_eq!(err.after(), Duration::from_millis(20));
        assert!(deadline.remaining().is_some_and(|left| left == Duration::ZERO));
    }

    #[tokio::test]
    async fn work_is_not_started_once_the_deadline_has_passed() {
        let passed = Deadline::after(Duration::ZERO, TimeoutBound::Attempt);
        let mut started = false;
        let outcome = passed.run(async { started = true }).await;
        assert_eq!(outcome.unwrap_err().bound(), TimeoutBound::Attempt);
        assert!(!started, "the work ran after its deadline");
    }
}
