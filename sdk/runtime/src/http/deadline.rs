//! The two time bounds of a call: one per attempt and one for the whole operation. All arithmetic on
//! instants and durations is checked: a bound too far away to represent means no bound, never a panic.

use std::future::Future;
use std::time::Duration;

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
    pub(crate) async fn run<F: Future>(&self, work: F) -> Result<F::Output, TimeoutError> {
        match self.at {
            None => Ok(work.await),
            Some(at) if at <= Instant::now() => Err(self.error()),
            Some(at) => tokio::time::timeout_at(at, work).await.map_err(|_| self.error()),
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
}
