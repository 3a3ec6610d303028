//! For the per-operation tests: a mock server answering every request with one canned response,
//! and assertions on the request it received.

use std::collections::BTreeMap;

use formance_orchestration::Client;
use formance_orchestration::chrono::{DateTime, Utc};
use serde_json::Value;
use serde_json::value::RawValue;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// 2^200: far beyond u64 and f64 precision, to check `BigInt` and `serde_json` keep every digit.
pub const TWO_POW_200: &str = "1606938044258990275541962092341162602522202993782792835301376";

/// A mock server answering every request with `template`, and a client for it (gateway prefix,
/// no retries).
pub async fn start(template: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    let client = super::builder(&server).build().expect("client");
    (server, client)
}

/// A response with a JSON body, given as a `serde_json::Value` (where [`number`] marks big numbers)
/// or as raw text.
pub fn respond(status: u16, body: impl ToString) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(with_numbers(&body.to_string()), "application/json")
}

/// A response with no body at all (204).
pub fn no_content() -> ResponseTemplate {
    ResponseTemplate::new(204)
}

/// Every request the server received, in order.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is enabled")
}

/// The one request the server received; fails if there were none or several.
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "expected exactly one request, got {}: {all:?}", all.len());
    all.remove(0)
}

/// Every value of header `name` in the request.
pub fn header_values(req: &Request, name: &str) -> Vec<String> {
    req.headers.get_all(name).iter().map(|v| v.to_str().expect("ASCII header").to_owned()).collect()
}

/// Checks method, path, query string, headers and body of `req`. `body: None` means that no body
/// at all must have been sent; `Some` means compact JSON equal to the given value.
#[track_caller]
pub fn assert_sent(req: &Request, method: &str, path: &str, query: Option<&str>, body: Option<&Value>) {
    assert_eq!(req.method.as_str(), method, "HTTP method");
    assert_eq!(req.url.path(), path, "path");
    assert_eq!(req.url.query(), query, "query string");
    assert_eq!(header_values(req, "accept"), ["application/json"], "accept header");

    let agents = header_values(req, "user-agent");
    assert_eq!(agents.len(), 1, "one user-agent header: {agents:?}");
    let version = agents[0].strip_prefix("formance-orchestration-rust/").expect("SDK user agent");
    assert_eq!(version, env!("CARGO_PKG_VERSION"), "user-agent version");
    assert!(req.headers.get("authorization").is_none(), "no credentials are configured");

    match body {
        None => {
            assert!(req.body.is_empty(), "no body expected, got {:?}", String::from_utf8_lossy(&req.body));
            assert!(header_values(req, "content-type").is_empty(), "content-type without a body");
            assert!(header_values(req, "transfer-encoding").is_empty(), "chunked body announced");
            let length = header_values(req, "content-length");
            assert!(length.is_empty() || length == ["0"], "content-length without a body: {length:?}");
        }
        Some(expected) => {
            assert_eq!(header_values(req, "content-type"), ["application/json"], "content-type header");
            let raw = std::str::from_utf8(&req.body).expect("UTF-8 body");
            let expected = with_numbers(&expected.to_string());
            assert_eq!(exact(raw), exact(&expected), "JSON body (numbers compared digit for digit): {raw}");
            assert!(is_compact(raw), "the body is not compact JSON: {raw}");
            assert!(!raw.contains("null"), "unset optional fields are omitted, not null: {raw}");
        }
    }
}

/// Checks that two JSON texts hold the same value: same keys (in any order), same items, and
/// numbers with the same digits (which a `serde_json::Value` cannot check beyond 64 bits).
#[track_caller]
pub fn assert_same_json(actual: &str, expected: &str) {
    assert_eq!(exact(actual), exact(expected), "{actual}\n  differs from\n{expected}");
}

/// A JSON value with numbers kept as their text and object keys sorted.
#[derive(Debug, PartialEq)]
pub enum Exact {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Exact>),
    Object(BTreeMap<String, Exact>),
}

pub fn exact(text: &str) -> Exact {
    let raw: &RawValue = serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    exact_raw(raw)
}

fn exact_raw(raw: &RawValue) -> Exact {
    let text = raw.get();
    match text.as_bytes()[0] {
        b'{' => {
            let entries: BTreeMap<String, &RawValue> = serde_json::from_str(text).unwrap();
            Exact::Object(entries.into_iter().map(|(key, value)| (key, exact_raw(value))).collect())
        }
        b'[' => {
            Exact::Array(serde_json::from_str::<Vec<&RawValue>>(text).unwrap().into_iter().map(exact_raw).collect())
        }
        b'"' => Exact::String(serde_json::from_str(text).unwrap()),
        b't' | b'f' => Exact::Bool(text == "true"),
        b'n' => Exact::Null,
        _ => Exact::Number(text.to_owned()),
    }
}

/// No whitespace outside strings.
fn is_compact(text: &str) -> bool {
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => in_string = !in_string,
            (false, _, ' ' | '\n' | '\r' | '\t') => return false,
            _ => {}
        }
    }
    true
}

/// A date written in RFC 3339, as the decoded `DateTime<Utc>` should equal it.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("RFC 3339 date").to_utc()
}

/// Marks a JSON number with every digit of `digits` inside a `json!` document. A `serde_json::Value`
/// holds numbers as i64, u64 or f64 (the SDK does not turn on serde_json's `arbitrary_precision`),
/// so the number travels as a marked string, which [`respond`] and [`assert_sent`] write back as
/// the number itself.
pub fn number(digits: &str) -> Value {
    assert!(digits.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit()), "not an integer: {digits}");
    Value::String(format!("{NUMBER_MARK}{digits}"))
}

const NUMBER_MARK: &str = "\u{1}number:";

/// `text` with every string made by [`number`] replaced by its number.
fn with_numbers(text: &str) -> String {
    let quoted_mark = "\"\\u0001number:";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(quoted_mark) {
        out.push_str(&rest[..start]);
        let after = &rest[start + quoted_mark.len()..];
        let end = after.find('"').expect("a closing quote");
        out.push_str(&after[..end]);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Checks that an error's `Display` is one line of text.
#[track_caller]
pub fn assert_one_line(err: &formance_orchestration::Error) {
    let text = err.to_string();
    assert!(!text.is_empty(), "empty Display");
    assert!(!text.contains('\n'), "multi-line Display: {text:?}");
}
