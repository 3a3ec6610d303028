//! When and how long to wait before sending a failed request again.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::Method;
use super::received::Received;
use crate::error::{Failure, retryable_status};

/// What an attempt ended with, as far as retrying is concerned: a failure, or a response whose
/// status and headers decide (whatever its body turns out to be).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attempted<'a> {
    retryable: bool,
    status: Option<StatusCode>,
    headers: Option<&'a HeaderMap>,
}

impl<'a> Attempted<'a> {
    pub(crate) fn failure(failure: &'a Failure) -> Self {
        Self { retryable: failure.is_retryable(), status: failure.status(), headers: failure.headers() }
    }

    pub(crate) fn answer(received: &'a Received) -> Self {
        let status = received.status;
        Self { retryable: retryable_status(status), status: Some(status), headers: Some(&received.headers) }
    }
}

/// Retry settings, on the client and overridable per call.
///
/// Failures worth another try ([`Error::is_retryable`](crate::Error::is_retryable): transport
/// errors, timeouts, 429, 500, 502, 503, 504) are retried with exponential backoff and full jitter,
/// for idempotent methods (GET, PUT, DELETE, HEAD...). POST and PATCH are only retried when
/// [`retry_non_idempotent`](Self::retry_non_idempotent) is set: a repeated POST can run a workflow
/// twice.
///
/// A `Retry-After` on 429 or 503 replaces the backoff and is honoured exactly, up to
/// [`max_retry_after`](Self::max_retry_after): when the server asks for a longer wait, or for one
/// that would end after the call's operation deadline, the error is returned at once rather than
/// retrying before the server is ready. No retry starts when its wait would reach the operation
/// deadline (see [`ClientBuilder::operation_timeout`](crate::ClientBuilder::operation_timeout), which
/// replaces the retry budget of earlier versions).
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    multiplier: f64,
    jitter: bool,
    max_retry_after: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 200 ms doubling up to 5 s with full jitter, `Retry-After` honoured
    /// up to 60 s, POST not retried.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            multiplier: 2.0,
            jitter: true,
            max_retry_after: Duration::from_secs(60),
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

    /// The longest backoff between two attempts (a `Retry-After` has its own cap,
    /// [`max_retry_after`](Self::max_retry_after)).
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

    /// The longest `Retry-After` the SDK waits for (default 60 s). A server asking for more gets its
    /// error returned at once, without a retry.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Retry POST and PATCH too. Only for calls that are safe to repeat.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// The wait before attempt `attempt + 1`, or `None` to give up with `error`. `remaining` is the
    /// time left before the operation deadline (`None`: no deadline).
    pub(crate) fn delay(
        &self,
        attempt: u32,
        attempted: Attempted<'_>,
        method: Method,
        remaining: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !attempted.retryable || !(method.is_idempotent() || self.non_idempotent) {
            return None;
        }
        let delay = match retry_after(&attempted) {
            Some(wait) if wait > self.max_retry_after => return None,
            Some(wait) => wait,
            None => self.backoff(attempt),
        };
        match remaining {
            Some(left) if delay >= left => None,
            _ => Some(delay),
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let exponent = i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX);
        let ceiling = self.initial_backoff.as_secs_f64() * self.multiplier.powi(exponent);
        let ceiling = ceiling.min(self.max_backoff.as_secs_f64());
        let wait = if self.jitter { ceiling * random_fraction() } else { ceiling };
        Duration::try_from_secs_f64(wait).unwrap_or(self.max_backoff).min(self.max_backoff)
    }
}

/// The server's `Retry-After` (seconds or an HTTP date) on a 429 or 503.
fn retry_after(attempted: &Attempted<'_>) -> Option<Duration> {
    let status = attempted.status?.as_u16();
    if status != 429 && status != 503 {
        return None;
    }
    parse_retry_after(attempted.headers?, SystemTime::now())
}

/// Seconds (any number of digits: too many for a `u64` means "longer than any cap") or an HTTP
/// date (one in the past means now). Computed on whole seconds with checked arithmetic, so that no
/// date, however absurd, can panic.
fn parse_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?.timestamp();
    let now = match now.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(_) => 0,
    };
    let wait = at.checked_sub(now).unwrap_or(if at > now { i64::MAX } else { 0 });
    Some(Duration::from_secs(u64::try_from(wait).unwrap_or(0)))
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
    use crate::error::TimeoutBound;

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
        assert_eq!(parse_retry_after(&headers("-5"), now), None);
    }

    #[test]
    fn absurd_retry_after_values_never_panic() {
        let now = SystemTime::now();
        let huge = parse_retry_after(&headers("99999999999999999999999999"), now);
        assert_eq!(huge, Some(Duration::from_secs(u64::MAX)));
        let far = parse_retry_after(&headers("Fri, 31 Dec 9999 23:59:59 GMT"), now).unwrap();
        assert!(far > Duration::from_secs(200_000_000_000));
        let past = parse_retry_after(&headers("Thu, 01 Jan 1970 00:00:00 GMT"), now);
        assert_eq!(past, Some(Duration::ZERO));
        let before_epoch = SystemTime::UNIX_EPOCH.checked_sub(Duration::from_secs(10)).unwrap_or(now);
        assert!(parse_retry_after(&headers("Fri, 31 Dec 9999 23:59:59 GMT"), before_epoch).is_some());
    }

    #[test]
    fn backoff_grows_to_the_cap() {
        let policy = RetryPolicy::default().jitter(false).max_attempts(10);
        let waits: Vec<u128> = (1..=7).map(|a| policy.backoff(a).as_millis()).collect();
        assert_eq!(waits, [200, 400, 800, 1600, 3200, 5000, 5000]);
        let jittered = RetryPolicy::default().backoff(3);
        assert!(jittered <= Duration::from_millis(800));
        let huge = RetryPolicy::default().jitter(false).max_backoff(Duration::MAX).initial_backoff(Duration::MAX);
        assert_eq!(huge.backoff(u32::MAX), Duration::MAX);
    }

    fn answer(status: u16, retry_after: Option<&str>) -> Received {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        }
        let status = StatusCode::from_u16(status).unwrap();
        Received { status, headers, body: bytes::Bytes::new() }
    }

    #[test]
    fn gives_up_on_attempts_method_and_operation_deadline() {
        let timeout: Failure =
            Failure::Timeout(crate::error::TimeoutError::new(Duration::from_secs(1), TimeoutBound::Attempt));
        let timeout = Attempted::failure(&timeout);
        let policy = RetryPolicy::default().jitter(false);
        assert_eq!(policy.delay(1, timeout, Method::Get, None), Some(Duration::from_millis(200)));
        assert_eq!(policy.delay(3, timeout, Method::Get, None), None);
        assert_eq!(policy.delay(1, timeout, Method::Post, None), None);
        let post = policy.clone().retry_non_idempotent(true);
        assert!(post.delay(1, timeout, Method::Post, None).is_some());
        assert_eq!(policy.delay(1, timeout, Method::Get, Some(Duration::from_millis(200))), None);
        assert_eq!(policy.delay(1, timeout, Method::Get, Some(Duration::ZERO)), None);
        assert_eq!(RetryPolicy::disabled().delay(1, timeout, Method::Get, None), None);
    }

    #[test]
    fn retry_after_is_honoured_exactly_or_not_at_all() {
        let policy = RetryPolicy::default().max_backoff(Duration::from_millis(100));
        let wait = |value: &str, left: Option<Duration>| {
            policy.delay(1, Attempted::answer(&answer(503, Some(value))), Method::Get, left)
        };
        assert_eq!(wait("2", None), Some(Duration::from_secs(2)), "beyond the max backoff, still honoured");
        assert_eq!(wait("60", None), Some(Duration::from_secs(60)));
        assert_eq!(wait("61", None), None, "beyond max_retry_after: give up at once");
        assert_eq!(wait("2", Some(Duration::from_secs(1))), None, "beyond the operation deadline: give up at once");
        assert_eq!(wait("99999999999999999999", None), None);
        assert_eq!(
            policy
                .delay(1, Attempted::answer(&answer(500, Some("2"))), Method::Get, None)
                .map(|d| d <= Duration::from_millis(100)),
            Some(true),
            "only 429 and 503 carry it"
        );
    }
}
