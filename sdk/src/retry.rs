//! When and how long to wait before sending a failed request again.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::Error;
use crate::runtime::Method;

/// Retry settings, on the client and overridable per call.
///
/// Failures worth another try ([`Error::is_retryable`]: transport errors, timeouts, 429, 500, 502,
/// 503, 504) are retried with exponential backoff and full jitter, for idempotent methods (GET, PUT,
/// DELETE, HEAD...). POST is only retried when [`retry_non_idempotent`](Self::retry_non_idempotent)
/// is set: a repeated POST can run a workflow twice. A `Retry-After` on 429 or 503 is honoured,
/// capped by the maximum backoff; no retry starts once the time budget would be exceeded.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    multiplier: f64,
    jitter: bool,
    budget: Option<Duration>,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 200 ms doubling up to 5 s with full jitter, 60 s budget, POST not retried.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            multiplier: 2.0,
            jitter: true,
            budget: Some(Duration::from_secs(60)),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Send every request once, never again.
    pub fn disabled() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// Total number of sends, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts, `Retry-After` included.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// How much each wait grows over the previous one (at least 1).
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier.is_finite() { multiplier.max(1.0) } else { 1.0 };
        self
    }

    /// Full jitter (a random wait between zero and the backoff), on by default, so that many
    /// clients failing together do not retry together.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// No retry starts when it would end after this much time since the first attempt; `None` for no limit.
    pub fn budget(mut self, budget: Option<Duration>) -> Self {
        self.budget = budget;
        self
    }

    /// Retry POST and PATCH too. Only for calls that are safe to repeat.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// The wait before attempt `attempt + 1`, or `None` to give up with `error`.
    pub(crate) fn delay(&self, attempt: u32, error: &Error, method: Method, elapsed: Duration) -> Option<Duration> {
        if attempt >= self.max_attempts || !error.is_retryable() || !(method.is_idempotent() || self.non_idempotent) {
            return None;
        }
        let delay = match retry_after(error) {
            Some(wait) => wait.min(self.max_backoff),
            None => self.backoff(attempt),
        };
        match self.budget {
            Some(budget) if elapsed.saturating_add(delay) > budget => None,
            _ => Some(delay),
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let exponent = i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX);
        let ceiling = self.initial_backoff.as_secs_f64() * self.multiplier.powi(exponent);
        let ceiling = ceiling.min(self.max_backoff.as_secs_f64());
        let wait = if self.jitter { ceiling * random_fraction() } else { ceiling };
        Duration::try_from_secs_f64(wait).unwrap_or(self.max_backoff)
    }
}

/// The server's `Retry-After` (seconds or an HTTP date) on a 429 or 503.
fn retry_after(error: &Error) -> Option<Duration> {
    let status = error.status()?.as_u16();
    if status != 429 && status != 503 {
        return None;
    }
    parse_retry_after(error.headers()?, SystemTime::now())
}

fn parse_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::from(at.to_utc());
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A number in [0, 1) from the standard library's randomly seeded hasher; plenty for jitter.
fn random_fraction() -> f64 {
    let bits = RandomState::new().build_hasher().finish() >> 11;
    bits as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        let now = SystemTime::from(chrono::DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z").unwrap().to_utc());
        assert_eq!(parse_retry_after(&headers("7"), now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(&headers("Sat, 28 Nov 2026 10:00:30 GMT"), now), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after(&headers("Sat, 28 Nov 2026 09:00:00 GMT"), now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(&headers("soon"), now), None);
    }

    #[test]
    fn backoff_grows_to_the_cap() {
        let policy = RetryPolicy::default().jitter(false).max_attempts(10);
        let waits: Vec<u128> = (1..=7).map(|a| policy.backoff(a).as_millis()).collect();
        assert_eq!(waits, [200, 400, 800, 1600, 3200, 5000, 5000]);
        let jittered = RetryPolicy::default().backoff(3);
        assert!(jittered <= Duration::from_millis(800));
    }

    #[test]
    fn gives_up_on_attempts_method_and_budget() {
        let timeout = Error::Timeout(crate::error::TimeoutError::new(Duration::from_secs(1)));
        let policy = RetryPolicy::default().jitter(false);
        assert_eq!(policy.delay(1, &timeout, Method::Get, Duration::ZERO), Some(Duration::from_millis(200)));
        assert_eq!(policy.delay(3, &timeout, Method::Get, Duration::ZERO), None);
        assert_eq!(policy.delay(1, &timeout, Method::Post, Duration::ZERO), None);
        let post = policy.clone().retry_non_idempotent(true);
        assert!(post.delay(1, &timeout, Method::Post, Duration::ZERO).is_some());
        assert_eq!(policy.delay(1, &timeout, Method::Get, Duration::from_secs(60)), None);
        assert_eq!(RetryPolicy::disabled().delay(1, &timeout, Method::Get, Duration::ZERO), None);
    }
}
