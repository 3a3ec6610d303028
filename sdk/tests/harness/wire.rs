//! For the per-operation tests: a mock server answering every request with one canned response,
//! and assertions on the request it received.

use formance_orchestration::Client;
use formance_orchestration::chrono::{DateTime, Utc};
use serde_json::Value;
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

/// A response with a JSON body, given as a `serde_json::Value` or as raw text.
pub fn respond(status: u16, body: impl ToString) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
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
            let parsed: Value = serde_json::from_str(raw).expect("the body is JSON");
            assert_eq!(&parsed, expected, "JSON body");
            // `preserve_order` and `arbitrary_precision` are on, so re-encoding keeps keys and digits:
            // any difference is whitespace, i.e. the body was not compact.
            let compact = serde_json::to_string(&parsed).expect("encode");
            assert_eq!(raw, compact, "the body is compact JSON");
            assert!(!raw.contains("null"), "unset optional fields are omitted, not null: {raw}");
        }
    }
}

/// A date written in RFC 3339, as the decoded `DateTime<Utc>` should equal it.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("RFC 3339 date").to_utc()
}

/// A JSON number with every digit of `digits` (needs serde_json's `arbitrary_precision`).
pub fn number(digits: &str) -> Value {
    serde_json::from_str(digits).expect("a JSON number")
}

/// Checks that an error's `Display` is one line of text.
#[track_caller]
pub fn assert_one_line(err: &formance_orchestration::Error) {
    let text = err.to_string();
    assert!(!text.is_empty(), "empty Display");
    assert!(!text.contains('\n'), "multi-line Display: {text:?}");
}
