//! When and how long to wait before sending a failed request again: the policy, as data, and the
//! waits. Which failures are worth another attempt is the retry table's question (`classify.rs`),
//! or the caller's classifier's.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::Duration;

use super::classify::{FailedAttempt, RetryDecision};

/// A caller's retry classifier (see [`RetryPolicy::classifier`]).
type Classifier = Arc<dyn Fn(&FailedAttempt<'_>) -> RetryDecision + Send + Sync>;

/// Retry settings, on the client and overridable per call.
///
/// Which failed attempts are sent again follows the retry table (the README lists it): any method
/// is retried when the failure shows the server did not act on the request (a connection that could
/// not be made, no access token, a 429, a 503); idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS,
/// TRACE) also after the transient failures that may have happened after the server acted (a
/// timeout or a broken connection once the request was sent, a 500, 502 or 504). POST and PATCH are
/// retried after those only with [`retry_non_idempotent`](Self::retry_non_idempotent): a repeated
/// POST can run a workflow twice. A [`classifier`](Self::classifier) of yours decides first, for the
/// cases it wants. Waits between attempts are exponential, with full jitter.
///
/// A `Retry-After` on 429 or 503 replaces the backoff and is honoured exactly, up to
/// [`max_retry_after`](Self::max_retry_after): when the server asks for a longer wait, or for one
/// that would end after the call's operation deadline, the error is returned at once rather than
/// retrying before the server is ready. No retry starts when its wait would reach the operation
/// deadline (see [`ClientBuilder::operation_timeout`](crate::ClientBuilder::operation_timeout), which
/// replaces the retry budget of earlier versions). A call with a streamed body is never retried.
#[derive(Clone)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    multiplier: f64,
    jitter: bool,
    max_retry_after: Duration,
    non_idempotent: bool,
    classifier: Option<Classifier>,
}

impl fmt::Debug for RetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryPolicy")
            .field("max_attempts", &self.max_attempts)
            .field("initial_backoff", &self.initial_backoff)
            .field("max_backoff", &self.max_backoff)
            .field("multiplier", &self.multiplier)
            .field("jitter", &self.jitter)
            .field("max_retry_after", &self.max_retry_after)
            .field("non_idempotent", &self.non_idempotent)
            .field("classifier", &self.classifier.as_ref().map(|_| "<fn>"))
            .finish()
    }
}

/// Equal settings, and the same classifier (the same `Arc`, as clones of a policy share) or none.
impl PartialEq for RetryPolicy {
    fn eq(&self, other: &Self) -> bool {
        let classifiers = match (&self.classifier, &other.classifier) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        classifiers
            && self.max_attempts == other.max_attempts
            && self.initial_backoff == other.initial_backoff
            && self.max_backoff == other.max_backoff
            && self.multiplier == other.multiplier
            && self.jitter == other.jitter
            && self.max_retry_after == other.max_retry_after
            && self.non_idempotent == other.non_idempotent
    }
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 200 ms doubling up to 5 s with full jitter, `Retry-After` honoured
    /// up to 60 s, POST and PATCH retried only when the server did not act on them, no classifier.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            multiplier: 2.0,
            jitter: true,
            max_retry_after: Duration::from_secs(60),
            non_idempotent: false,
            classifier: None,
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

    /// Retry POST and PATCH after every transient failure, as idempotent methods are: also after
    /// those where the server may have acted (a timeout or a broken connection once the request was
    /// sent, a 500, 502 or 504). Only for calls that are safe to repeat.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// Decides, before the retry table, whether a failed attempt is sent again: `classifier` sees
    /// the operation, the method, the status and headers of the response if one came, the kind of
    /// failure and how much of the request went out ([`FailedAttempt`]), and returns
    /// [`RetryDecision::Retry`], [`RetryDecision::DoNotRetry`] or [`RetryDecision::Default`] (the
    /// table decides). A second call replaces the first classifier.
    ///
    /// It is not asked about failures that are never retried: an interceptor's error, an invalid
    /// request, a call with a streamed body. Whatever it decides, the policy's attempts, the
    /// `Retry-After` cap and the operation deadline still bound the retries, and
    /// [`Error::maybe_processed`](crate::Error::maybe_processed) keeps following the table.
    /// It runs on the task that sends the call: keep it quick, never blocking.
    ///
    /// ```
    /// use formance_sdk_runtime::{FailedAttempt, FailureKind, RetryDecision, RetryPolicy, StatusCode};
    ///
    /// // Behind a proxy of ours that says, in a header of its own, when it could not reach the
    /// // service at all: that 502 sent nothing, so writes may be retried too.
    /// let policy = RetryPolicy::default().classifier(|failed: &FailedAttempt<'_>| {
    ///     let unreachable = failed.kind() == FailureKind::Status
    ///         && failed.status() == Some(StatusCode::BAD_GATEWAY)
    ///         && failed.headers().is_some_and(|h| h.contains_key("x-proxy-upstream-unreachable"));
    ///     if unreachable { RetryDecision::Retry } else { RetryDecision::Default }
    /// });
    /// # let _ = policy;
    /// ```
    pub fn classifier<F>(mut self, classifier: F) -> Self
    where
        F: Fn(&FailedAttempt<'_>) -> RetryDecision + Send + Sync + 'static,
    {
        self.classifier = Some(Arc::new(classifier));
        self
    }

    /// The wait before the attempt after `failed`, or `None` to give up with its error. `remaining`
    /// is the time left before the operation deadline (`None`: no deadline).
    pub(crate) fn delay(&self, failed: &FailedAttempt<'_>, remaining: Option<Duration>) -> Option<Duration> {
        if failed.attempt() >= self.max_attempts {
            return None;
        }
        let decision = self.classifier.as_ref().map_or(RetryDecision::Default, |classify| classify(failed));
        let retry = match decision {
            RetryDecision::Retry => true,
            RetryDecision::DoNotRetry => false,
            RetryDecision::Default => failed.retried_by_default(self.non_idempotent),
        };
        if !retry {
            return None;
        }
        let delay = match failed.retry_after() {
            Some(wait) if wait > self.max_retry_after => return None,
            Some(wait) => wait,
            None => self.backoff(failed.attempt()),
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

/// A number in [0, 1) from the standard library's randomly seeded hasher; plenty for jitter.
fn random_fraction() -> f64 {
    let bits = RandomState::new().build_hasher().finish() >> 11;
    bits as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

    use super::*;
    use crate::error::{Error, Failure, RequestSent, TimeoutBound, TimeoutError};
    use crate::send::received::Received;
    use crate::send::{Method, OperationInfo};

    const GET: OperationInfo = OperationInfo::new("read", Method::Get, "/r", &[]);
    const POST: OperationInfo = OperationInfo::new("write", Method::Post, "/w", &[]);

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

    fn timeout(sent: RequestSent) -> Failure {
        Error::Timeout(TimeoutError::new(Duration::from_secs(1), TimeoutBound::Attempt).with_request_sent(sent))
    }

    #[test]
    fn gives_up_on_attempts_method_and_operation_deadline() {
        let policy = RetryPolicy::default().jitter(false);
        let after_sending = timeout(RequestSent::Whole);
        let delay = |policy: &RetryPolicy, info, attempt, left| {
            policy.delay(&FailedAttempt::failure(info, attempt, &after_sending).unwrap(), left)
        };
        assert_eq!(delay(&policy, &GET, 1, None), Some(Duration::from_millis(200)));
        assert_eq!(delay(&policy, &GET, 3, None), None);
        assert_eq!(delay(&policy, &POST, 1, None), None, "the POST may have been acted on");
        assert!(delay(&policy.clone().retry_non_idempotent(true), &POST, 1, None).is_some());
        assert_eq!(delay(&policy, &GET, 1, Some(Duration::from_millis(200))), None);
        assert_eq!(delay(&policy, &GET, 1, Some(Duration::ZERO)), None);
        assert_eq!(delay(&RetryPolicy::disabled(), &GET, 1, None), None);

        let before_sending = timeout(RequestSent::Nothing);
        let failed = FailedAttempt::failure(&POST, 1, &before_sending).unwrap();
        assert!(policy.delay(&failed, None).is_some(), "nothing was sent: a POST is retried");
    }

    #[test]
    fn retry_after_is_honoured_exactly_or_not_at_all() {
        let policy = RetryPolicy::default().max_backoff(Duration::from_millis(100));
        let wait = |status: u16, value: &str, left: Option<Duration>| {
            policy.delay(&FailedAttempt::response(&POST, 1, &answer(status, Some(value))), left)
        };
        assert_eq!(wait(503, "2", None), Some(Duration::from_secs(2)), "beyond the max backoff, still honoured");
        assert_eq!(wait(429, "60", None), Some(Duration::from_secs(60)));
        assert_eq!(wait(503, "61", None), None, "beyond max_retry_after: give up at once");
        assert_eq!(
            wait(503, "2", Some(Duration::from_secs(1))),
            None,
            "beyond the operation deadline: give up at once"
        );
        assert_eq!(wait(503, "99999999999999999999", None), None);
        assert!(wait(503, "soon", None).is_some_and(|d| d <= Duration::from_millis(100)), "garbage: the backoff");
        let get = policy.delay(&FailedAttempt::response(&GET, 1, &answer(500, Some("2"))), None);
        assert!(get.is_some_and(|d| d <= Duration::from_millis(100)), "only 429 and 503 carry it");
    }

    #[test]
    fn a_classifier_decides_first_within_the_attempts() {
        let conflict = answer(409, None);
        let unavailable = answer(503, None);
        let policy = RetryPolicy::default().classifier(|failed: &FailedAttempt<'_>| match failed.status() {
            Some(StatusCode::CONFLICT) => RetryDecision::Retry,
            Some(StatusCode::SERVICE_UNAVAILABLE) => RetryDecision::DoNotRetry,
            _ => RetryDecision::Default,
        });
        assert!(policy.delay(&FailedAttempt::response(&POST, 1, &conflict), None).is_some());
        assert_eq!(policy.delay(&FailedAttempt::response(&POST, 3, &conflict), None), None, "attempts still bound it");
        assert_eq!(policy.delay(&FailedAttempt::response(&GET, 1, &unavailable), None), None);
        assert!(policy.delay(&FailedAttempt::response(&GET, 1, &answer(500, None)), None).is_some());
        assert_eq!(policy.clone(), policy, "clones share the classifier");
        assert_ne!(policy, RetryPolicy::default());
        assert!(format!("{policy:?}").contains("classifier: Some"));
    }
}
