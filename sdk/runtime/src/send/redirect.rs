//! Which redirects an API request follows. The HTTP client never follows any by itself: the runtime
//! decides here, so that nothing (request, header, body) ever goes to another origin.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};
use url::Url;

use super::Method;
use crate::error::RedirectError;
use crate::error::redact::Redactor;

/// Redirects followed within one attempt, at most.
pub(crate) const MAX_REDIRECTS: u32 = 5;

/// Whether `status` is a redirect the SDK looks at (301, 302, 303, 307, 308). Others (300, 304...)
/// are ordinary unexpected statuses.
pub(crate) fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// Where to send the request next, or why not to. Same origin only (scheme, host and port equal);
/// 307 and 308 keep method and body; 301, 302 and 303 only for GET and HEAD, which have no body (for
/// other methods a client would have to drop the body or turn the request into a GET); never to the
/// token endpoint, never to a URL with user info, and at most [`MAX_REDIRECTS`] times.
pub(crate) fn next_hop(
    status: StatusCode,
    headers: &HeaderMap,
    from: &Url,
    method: Method,
    hops_so_far: u32,
    token_url: Option<&Url>,
    redactor: &Redactor,
) -> Result<Url, RedirectError> {
    let refuse = |location: Option<String>, reason| Err(RedirectError::new(status, location, reason));
    let raw = headers.get(LOCATION).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return refuse(None, "the response has no Location");
    };
    let Ok(target) = from.join(raw.trim()) else {
        return refuse(Some(redactor.text(&raw)), "the Location is not a valid URL");
    };
    let named = Some(redactor.url(&target));
    if target.origin() != from.origin() || !matches!(target.scheme(), "http" | "https") {
        return refuse(named, "it points to another origin");
    }
    if !target.username().is_empty() || target.password().is_some() {
        return refuse(named, "it carries user info");
    }
    if token_url.is_some_and(|token| same_resource(token, &target)) {
        return refuse(named, "it points to the token endpoint");
    }
    if matches!(status.as_u16(), 301..=303) && !matches!(method, Method::Get | Method::Head) {
        return refuse(named, "following it would drop the body or change the method; only 307 and 308 keep them");
    }
    if hops_so_far >= MAX_REDIRECTS {
        return refuse(named, "too many redirects");
    }
    Ok(target)
}

fn same_resource(a: &Url, b: &Url) -> bool {
    a.origin() == b.origin() && a.path() == b.path()
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn hop(status: u16, location: &str, method: Method, hops: u32) -> Result<String, String> {
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, HeaderValue::from_str(location).unwrap());
        let from = Url::parse("http://api.test:8080/v2/x?a=1").unwrap();
        let token = Url::parse("http://api.test:8080/oauth/token").unwrap();
        let status = StatusCode::from_u16(status).unwrap();
        next_hop(status, &headers, &from, method, hops, Some(&token), &Redactor::default())
            .map(String::from)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn same_origin_redirects_are_followed_relative_or_absolute() {
        assert_eq!(hop(307, "/v2/y", Method::Post, 0).unwrap(), "http://api.test:8080/v2/y");
        assert_eq!(hop(308, "y?b=2", Method::Put, 4).unwrap(), "http://api.test:8080/v2/y?b=2");
        assert_eq!(hop(302, "http://API.test:8080/z", Method::Get, 0).unwrap(), "http://api.test:8080/z");
    }

    #[test]
    fn other_origins_and_odd_targets_are_refused_with_their_reason() {
        let cases = [
            (307, "http://evil.test:8080/v2/x", Method::Get, "another origin"),
            (307, "https://api.test:8080/v2/x", Method::Get, "another origin"),
            (307, "http://api.test:8081/v2/x", Method::Get, "another origin"),
            (307, "//evil.test/x", Method::Get, "another origin"),
            (307, "ftp://api.test:8080/x", Method::Get, "another origin"),
            (307, "http://u:p@api.test:8080/x", Method::Get, "user info"),
            (307, "/oauth/token?x=1", Method::Get, "token endpoint"),
            (303, "/v2/y", Method::Post, "drop the body"),
            (301, "/v2/y", Method::Delete, "drop the body"),
            (307, "http://[::1", Method::Get, "not a valid URL"),
            (307, "/v2/y", Method::Get, "too many"),
        ];
        for (status, location, method, reason) in cases {
            let hops = if reason == "too many" { MAX_REDIRECTS } else { 0 };
            let err = hop(status, location, method, hops).unwrap_err();
            assert!(err.contains(reason), "{location}: {err}");
            assert!(!err.contains("u:p"), "{err}");
        }
    }
}
