//! What errors and responses carry for an operator (issue 19, item 3): the request id, from the
//! headers the client names, never a secret, never huge, never a panic; the headers of every error
//! that had a response.

mod harness;

use std::time::Duration;

use formance_orchestration::{BoxError, Client, Error, IncomingResponse, Intercept};
use harness::*;
use reqwest::StatusCode;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

/// A server answering every request with `status`, the raw header lines and a JSON body.
async fn answering(status: &'static str, header_lines: Vec<Vec<u8>>, body: &'static [u8]) -> RawServer {
    RawServer::start(move |mut conn| {
        let mut response = format!(
            "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            body.len()
        )
        .into_bytes();
        for line in &header_lines {
            response.extend_from_slice(line);
            response.extend_from_slice(b"\r\n");
        }
        response.extend_from_slice(b"\r\n");
        response.extend_from_slice(body);
        async move {
            let _ = conn.send(&response).await;
        }
    })
    .await
}

fn client(server: &RawServer) -> Client {
    Client::builder().server_url(&server.url).retry(formance_orchestration::RetryPolicy::disabled()).build().unwrap()
}

const REJECTED: &[u8] = br#"{"errorCode":"VALIDATION","errorMessage":"bad"}"#;

#[tokio::test]
async fn an_error_and_a_response_carry_the_request_id_and_an_errors_display_shows_it() {
    let server = answering("400 Bad Request", vec![b"x-request-id: req-42".to_vec()], REJECTED).await;
    let err = client(&server).get_server_info().send().await.unwrap_err();
    assert_eq!(err.request_id(), Some("req-42"));
    assert!(err.to_string().ends_with("(request id req-42)"), "{err}");
    assert_eq!(err.api_body().map(|body| body.error_message.as_str()), Some("bad"));

    let server =
        answering("200 OK", vec![format!("traceparent: {TRACEPARENT}").into_bytes()], br#"{"version":"v"}"#).await;
    let info = client(&server).get_server_info().send().await.unwrap();
    assert_eq!(info.request_id(), Some(TRACE_ID), "the trace id of a traceparent");
}

#[tokio::test]
async fn which_headers_are_read_is_a_setting() {
    let lines = vec![b"x-request-id: req-1".to_vec(), b"x-correlation-id: corr-2".to_vec()];
    let server = answering("200 OK", lines, br#"{"version":"v"}"#).await;
    let custom = Client::builder().server_url(&server.url).request_id_headers(["X-Correlation-Id"]).build().unwrap();
    assert_eq!(custom.get_server_info().send().await.unwrap().request_id(), Some("corr-2"));
    let none = Client::builder().server_url(&server.url).request_id_headers([""; 0]).build().unwrap();
    assert_eq!(none.get_server_info().send().await.unwrap().request_id(), None);
    let bad = Client::builder().server_url(&server.url).request_id_headers(["bad name"]).build().unwrap_err();
    assert!(matches!(&bad, Error::InvalidRequest(e) if e.message().contains("\"bad name\"")), "{bad:?}");
}

#[tokio::test]
async fn a_request_id_that_is_not_utf8_is_passed_over_and_a_huge_one_is_cut() {
    let lines = vec![b"x-request-id: \xff\xfe\xc3".to_vec(), format!("traceparent: {TRACEPARENT}").into_bytes()];
    let server = answering("409 Conflict", lines, REJECTED).await;
    let err = client(&server).get_server_info().send().await.unwrap_err();
    assert_eq!(err.request_id(), Some(TRACE_ID), "the next header in the list");

    let huge = format!("x-request-id: {}", "r".repeat(20_000));
    let server = answering("409 Conflict", vec![huge.into_bytes()], REJECTED).await;
    let err = client(&server).get_server_info().send().await.unwrap_err();
    let cut = format!("{}...", "r".repeat(128));
    assert_eq!(err.request_id(), Some(cut.as_str()));
    assert!(err.to_string().len() < 400, "{err}");

    let server = answering("200 OK", vec![b"x-request-id: \xff".to_vec()], br#"{"version":"v"}"#).await;
    assert_eq!(client(&server).get_server_info().send().await.unwrap().request_id(), None);
}

/// A server echoing the access token as its request id: the id is dropped, not shown or logged.
#[tokio::test]
async fn a_request_id_holding_a_secret_is_never_taken() {
    let token = "tok-ECHOED-as-request-id";
    for status in ["200 OK", "400 Bad Request"] {
        let body: &'static [u8] = if status.starts_with("200") { br#"{"version":"v"}"# } else { REJECTED };
        let echo = format!("x-request-id: {token}").into_bytes();
        let server = answering(status, vec![echo, b"x-trace-id: safe-1".to_vec()], body).await;
        let client = Client::builder().server_url(&server.url).bearer_token(token).build().unwrap();
        match client.get_server_info().send().await {
            Ok(info) => assert_eq!(info.request_id(), Some("safe-1")),
            Err(err) => {
                assert_eq!(err.request_id(), Some("safe-1"));
                assert!(!everything_said_about(&err).contains(token));
            }
        }
    }
}

/// A redirect echoing the token: its headers are kept marked sensitive, and the request id is not
/// taken from them.
#[tokio::test]
async fn a_redirect_echoing_a_secret_gives_no_request_id() {
    let token = "tok-ECHOED-in-a-redirect";
    let moved = vec![b"location: http://elsewhere.test/x".to_vec(), format!("x-request-id: {token}").into_bytes()];
    let server = answering("307 Temporary Redirect", moved, b"").await;
    let client = Client::builder().server_url(&server.url).bearer_token(token).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Redirect(_)), "{err:?}");
    assert!(err.headers().and_then(|h| h.get("x-request-id")).is_some_and(|v| v.is_sensitive()));
    assert_eq!(err.request_id(), None);
    assert!(!everything_said_about(&err).contains(token));
}

// `headers()` on every error that had a response.

#[tokio::test]
async fn a_redirect_and_a_body_too_large_keep_their_headers() {
    let moved = vec![b"location: http://elsewhere.test/x".to_vec(), b"x-request-id: req-307".to_vec()];
    let server = answering("307 Temporary Redirect", moved, b"").await;
    let err = client(&server).get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Redirect(_)), "{err:?}");
    assert_eq!(
        err.headers().and_then(|h| h.get("location")).map(|v| v.as_bytes()),
        Some(&b"http://elsewhere.test/x"[..])
    );
    assert_eq!(err.request_id(), Some("req-307"));

    let server = answering("200 OK", vec![b"x-request-id: req-big".to_vec()], br#"{"version":"far too long"}"#).await;
    let small = Client::builder().server_url(&server.url).max_response_bytes(4).build().unwrap();
    let err = small.get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge(_)), "{err:?}");
    assert!(err.headers().is_some_and(|h| h.contains_key("content-length")));
    assert_eq!(err.request_id(), Some("req-big"));
    assert!(err.maybe_processed(), "a 2xx: the server acted");
}

#[tokio::test]
async fn an_auth_error_keeps_the_token_endpoints_headers() {
    let tokens = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("x-request-id", "tok-req-1")
                .set_body_raw(r#"{"error":"invalid_client"}"#, "application/json"),
        )
        .mount(&tokens)
        .await;
    let client = builder(&tokens).client_credentials(CLIENT_ID, CLIENT_SECRET).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert_eq!(err.headers().and_then(|h| h.get("x-request-id")).map(|v| v.as_bytes()), Some(&b"tok-req-1"[..]));
    assert_eq!(err.request_id(), Some("tok-req-1"));
    assert!(!err.maybe_processed(), "the API request was never sent");

    let moved = MockServer::start().await;
    Mock::given(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/elsewhere"))
        .mount(&moved)
        .await;
    let client = builder(&moved).client_credentials(CLIENT_ID, CLIENT_SECRET).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(err.headers().is_some_and(|h| h.contains_key("location")), "{err:?}");
}

/// A server that sends the head of a 200 (`content-length: 100`, and the header lines) and 10 bytes
/// of its body, then stalls (`hang`) or closes the connection.
async fn head_then(header_lines: Vec<Vec<u8>>, hang: bool) -> RawServer {
    RawServer::start(move |mut conn| {
        let mut head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n".to_vec();
        for line in &header_lines {
            head.extend_from_slice(line);
            head.extend_from_slice(b"\r\n");
        }
        head.extend_from_slice(b"\r\n{\"version\"");
        async move {
            let _ = conn.send(&head).await;
            if hang {
                conn.hang().await;
            }
        }
    })
    .await
}

#[tokio::test]
async fn a_body_that_times_out_keeps_the_head_that_came() {
    let server = head_then(vec![b"x-request-id: req-slow".to_vec()], true).await;
    let slow = Client::builder().server_url(&server.url).timeout(Duration::from_millis(300)).build().unwrap();
    let err = slow.get_server_info().send().await.unwrap_err();
    let Error::Timeout(timeout) = &err else { panic!("a timeout, got {err:?}") };
    assert_eq!(timeout.status(), Some(StatusCode::OK));
    assert_eq!(err.status(), None, "the response did not cause the timeout");
    keeps_request_id(&err, "req-slow");
}

/// `err` kept the `x-request-id` header `id` of the response's head, took it as its request id, and
/// shows it.
fn keeps_request_id(err: &Error, id: &str) {
    assert_eq!(err.headers().and_then(|h| h.get("x-request-id")).map(|v| v.as_bytes()), Some(id.as_bytes()));
    assert_eq!(err.request_id(), Some(id));
    assert!(err.to_string().ends_with(&format!("(request id {id})")), "{err}");
}

#[tokio::test]
async fn a_body_that_breaks_off_keeps_the_head_that_came() {
    let server = head_then(vec![b"x-request-id: req-cut".to_vec()], false).await;
    let err = client(&server).get_server_info().send().await.unwrap_err();
    let Error::Transport(transport) = &err else { panic!("a transport error, got {err:?}") };
    assert_eq!(transport.status(), Some(StatusCode::OK));
    assert!(err.headers().is_some_and(|h| h.contains_key("content-length")), "{err:?}");
    keeps_request_id(&err, "req-cut");
}

/// The head of a body that stalls echoes the token: kept marked sensitive, never the request id.
#[tokio::test]
async fn a_stalled_body_whose_head_echoes_a_secret_gives_no_request_id() {
    let token = "tok-ECHOED-before-a-stall";
    let server = head_then(vec![format!("x-request-id: {token}").into_bytes()], true).await;
    let client = Client::builder()
        .server_url(&server.url)
        .bearer_token(token)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(err.headers().and_then(|h| h.get("x-request-id")).is_some_and(|v| v.is_sensitive()), "{err:?}");
    assert_eq!(err.request_id(), None);
    assert!(!everything_said_about(&err).contains(token));
}

/// Refuses every response in `after_response`.
struct RefusesResponses;

impl Intercept for RefusesResponses {
    fn after_response(&self, _: &IncomingResponse<'_>) -> Result<(), BoxError> {
        Err("refused".into())
    }
}

#[tokio::test]
async fn an_interceptor_that_refuses_a_response_keeps_its_head() {
    let lines = vec![b"x-request-id: req-503".to_vec(), b"retry-after: 1".to_vec()];
    let server = answering("503 Service Unavailable", lines, b"").await;
    let client = Client::builder().server_url(&server.url).intercept(RefusesResponses).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    let Error::Interceptor(stopped) = &err else { panic!("an interceptor's error, got {err:?}") };
    assert_eq!(stopped.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(err.retry_after(), None, "a Retry-After is read from an error response only");
    assert!(err.maybe_processed(), "a response came");
    keeps_request_id(&err, "req-503");
}
