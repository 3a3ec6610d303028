//! The server's `Retry-After`: one parser, for the retry loop and for `Error::retry_after`.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// The wait a `Retry-After` asks for on a 429 (RFC 6585) or a 503 (RFC 9110, section 10.2.3), the
/// statuses where it says when to try again; `None` on any other status, and for a value that is
/// neither seconds nor an HTTP date (negative, garbage, not UTF-8).
pub(crate) fn retry_after(status: StatusCode, headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if !matches!(status.as_u16(), 429 | 503) {
        return None;
    }
    parse(headers, now)
}

/// Seconds (any number of digits: too many for a `u64` means "longer than any cap") or an HTTP
/// date (one in the past means now). Computed on whole seconds with checked arithmetic, so that no
/// date, however absurd, can panic.
fn parse(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
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

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(value: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_bytes(value).unwrap());
        headers
    }

    fn at(status: u16, value: &str, now: SystemTime) -> Option<Duration> {
        retry_after(StatusCode::from_u16(status).unwrap(), &headers(value.as_bytes()), now)
    }

    #[test]
    fn seconds_or_a_date_on_429_and_503_only() {
        let now = SystemTime::from(chrono::DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z").unwrap().to_utc());
        assert_eq!(at(429, "7", now), Some(Duration::from_secs(7)));
        assert_eq!(at(503, " 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(at(503, "Sat, 28 Nov 2026 10:00:30 GMT", now), Some(Duration::from_secs(30)));
        assert_eq!(at(429, "Sat, 28 Nov 2026 09:00:00 GMT", now), Some(Duration::ZERO));
        for status in [200, 301, 500, 502, 504] {
            assert_eq!(at(status, "7", now), None, "{status}");
        }
    }

    #[test]
    fn garbage_negative_and_absurd_values_never_panic() {
        let now = SystemTime::now();
        for garbage in ["soon", "-5", "", "1.5", "7s", "+3", "Sat, 99 Nov 2026 10:00:30 GMT"] {
            assert_eq!(at(503, garbage, now), None, "{garbage:?}");
        }
        assert_eq!(retry_after(StatusCode::SERVICE_UNAVAILABLE, &headers(b"\xff\xfe"), now), None);
        assert_eq!(at(503, "99999999999999999999999999", now), Some(Duration::from_secs(u64::MAX)));
        let far = at(503, "Fri, 31 Dec 9999 23:59:59 GMT", now).unwrap();
        assert!(far > Duration::from_secs(200_000_000_000));
        assert_eq!(at(503, "Thu, 01 Jan 1970 00:00:00 GMT", now), Some(Duration::ZERO));
        let before_epoch = SystemTime::UNIX_EPOCH.checked_sub(Duration::from_secs(10)).unwrap_or(now);
        assert!(at(503, "Fri, 31 Dec 9999 23:59:59 GMT", before_epoch).is_some());
        assert_eq!(retry_after(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), now), None);
    }
}
