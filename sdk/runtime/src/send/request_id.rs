//! The request id of a response, read from the headers a client names (`request_id_headers`), in
//! their order: the first usable value. It goes into errors' `Display` and the tracing spans, so it
//! is never a secret, never long, never anything but visible ASCII.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// The headers a client reads the request id from unless told otherwise, in order: `X-Request-Id`
/// (the common convention, which proxies and ingresses in front of a stack add), the trace id of a
/// W3C `traceparent` (the key of Formance's traces and logs, which its services would echo, though
/// none sends a request id today: not unique per request when the caller propagates its own trace,
/// but it finds the server's spans), then `X-Trace-Id` (the same trace id under another common name).
pub const DEFAULT_REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "traceparent", "x-trace-id"];

/// The longest request id kept whole: a longer one is cut there, and `...` follows.
pub(crate) const MAX_REQUEST_ID: usize = 128;

/// The request id in `headers`: the first value of the first of `names` that is visible ASCII, not
/// marked sensitive and not a secret by `is_secret` (given the whole value, before it is cut). A
/// `traceparent` gives its trace id, when it is a valid one.
pub(crate) fn find(
    names: &[HeaderName],
    headers: &HeaderMap,
    mut is_secret: impl FnMut(&str) -> bool,
) -> Option<Box<str>> {
    names.iter().find_map(|name| {
        headers.get_all(name).iter().find_map(|value| {
            let text = visible(value)?;
            let id = if name == "traceparent" { trace_id(text)? } else { text };
            if is_secret(text) {
                return None;
            }
            Some(match id.get(..MAX_REQUEST_ID) {
                Some(head) if id.len() > MAX_REQUEST_ID => format!("{head}...").into_boxed_str(),
                _ => id.into(),
            })
        })
    })
}

/// The value, trimmed, when it is not empty, not sensitive, and all visible ASCII.
fn visible(value: &HeaderValue) -> Option<&str> {
    if value.is_sensitive() {
        return None;
    }
    let text = std::str::from_utf8(value.as_bytes()).ok()?.trim();
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic())).then_some(text)
}

/// The trace id of a W3C `traceparent` (`version-traceid-parentid-flags`): 32 lowercase hex digits,
/// not all zero, in a value of that shape.
fn trace_id(traceparent: &str) -> Option<&str> {
    let parts: Vec<&str> = traceparent.split('-').collect();
    let hex =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let [version, trace, parent, flags, ..] = parts.as_slice() else { return None };
    let valid = hex(version, 2)
        && *version != "ff"
        && (*version != "00" || parts.len() == 4)
        && hex(trace, 32)
        && trace.bytes().any(|b| b != b'0')
        && hex(parent, 16)
        && hex(flags, 2);
    valid.then_some(trace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<HeaderName> {
        list.iter().map(|name| HeaderName::from_bytes(name.as_bytes()).unwrap()).collect()
    }

    fn headers(pairs: &[(&str, &[u8])]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_bytes(value).unwrap());
        }
        headers
    }

    fn default_id(pairs: &[(&str, &[u8])]) -> Option<String> {
        find(&names(&DEFAULT_REQUEST_ID_HEADERS), &headers(pairs), |_| false).map(String::from)
    }

    const TRACEPARENT: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    #[test]
    fn the_first_usable_header_in_order_wins() {
        assert_eq!(default_id(&[("x-request-id", b" r-1 ")]).as_deref(), Some("r-1"));
        let both = default_id(&[("traceparent", TRACEPARENT), ("x-request-id", b"r-2")]);
        assert_eq!(both.as_deref(), Some("r-2"));
        let trace = default_id(&[("traceparent", TRACEPARENT), ("x-trace-id", b"t-3")]);
        assert_eq!(trace.as_deref(), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
        assert_eq!(default_id(&[("x-trace-id", b"t-3")]).as_deref(), Some("t-3"));
        assert_eq!(default_id(&[("x-correlation-id", b"c-4")]), None);
        let custom = find(&names(&["x-correlation-id"]), &headers(&[("x-correlation-id", b"c-4")]), |_| false);
        assert_eq!(custom.as_deref(), Some("c-4"));
        assert_eq!(find(&[], &headers(&[("x-request-id", b"r-1")]), |_| false), None);
    }

    #[test]
    fn values_that_are_not_visible_ascii_are_passed_over() {
        for bad in [&b"\xff\xfe"[..], b"caf\xc3\xa9", b"a b", b"a\tb", b"", b"   "] {
            assert_eq!(
                default_id(&[("x-request-id", bad), ("x-trace-id", b"next")]).as_deref(),
                Some("next"),
                "{bad:?}"
            );
        }
        let mut sensitive = HeaderValue::from_static("r-1");
        sensitive.set_sensitive(true);
        let mut map = HeaderMap::new();
        map.insert("x-request-id", sensitive);
        assert_eq!(find(&names(&["x-request-id"]), &map, |_| false), None);
    }

    #[test]
    fn a_huge_value_is_cut_and_a_secret_is_never_taken() {
        let huge = "a".repeat(100_000);
        let id = default_id(&[("x-request-id", huge.as_bytes())]).unwrap();
        assert_eq!(id, format!("{}...", "a".repeat(MAX_REQUEST_ID)));
        let exact = "b".repeat(MAX_REQUEST_ID);
        assert_eq!(default_id(&[("x-request-id", exact.as_bytes())]), Some(exact));
        // The secret lies past the cut: the whole value is checked.
        let echo = format!("{}-tok-SECRET", "c".repeat(200));
        let found = find(&names(&["x-request-id"]), &headers(&[("x-request-id", echo.as_bytes())]), |text| {
            text.contains("tok-SECRET")
        });
        assert_eq!(found, None);
    }

    #[test]
    fn only_a_valid_traceparent_gives_a_trace_id() {
        let id = |value: &str| default_id(&[("traceparent", value.as_bytes())]);
        for bad in [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736",
            "garbage",
        ] {
            assert_eq!(id(bad), None, "{bad}");
        }
        assert_eq!(
            id("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future").as_deref(),
            Some("4bf92f3577b34da6a3ce929d0e0e4736"),
            "a later version may add fields"
        );
    }
}
