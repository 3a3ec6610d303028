//! What a call records with `tracing`: enough to follow it, nothing secret.

mod harness;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use formance_orchestration::RetryPolicy;
use harness::*;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Everything the subscriber writes, kept for inspection.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Installs a subscriber writing every span's close and every event, for the current thread.
fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    (captured.clone(), tracing::subscriber::set_default(subscriber))
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    /// The close line of the call's span (not of one of its attempts).
    fn call_span(&self) -> String {
        let log = self.text();
        log.lines()
            .find(|l| l.contains("formance.sdk.call{") && !l.contains("formance.sdk.attempt{") && l.contains("close"))
            .unwrap_or_else(|| panic!("no call span in:\n{log}"))
            .to_owned()
    }

    /// The close lines of the attempts' spans, in order.
    fn attempt_spans(&self) -> Vec<String> {
        let log = self.text();
        log.lines().filter(|l| l.contains("formance.sdk.attempt{") && l.contains("close")).map(str::to_owned).collect()
    }
}

#[track_caller]
fn assert_has(line: &str, facts: &[&str]) {
    for fact in facts {
        assert!(line.contains(fact), "{fact} missing from {line}");
    }
}

/// OpenTelemetry's HTTP client conventions (stable): the call's span carries them, and each attempt
/// is a span of its own under it, so that a retried call shows its attempts in a trace.
#[tokio::test]
async fn a_call_is_a_client_span_with_otel_attributes_and_a_child_span_per_attempt() {
    let (captured, _guard) = capture();
    let server = MockServer::start().await;
    mount_token(&server, "tok-3xq-SENSITIVE", Some(3600)).await;
    fail_first(&server, INFO_PATH, 1, ResponseTemplate::new(503)).await;
    mount_info(&server).await;

    let client = builder(&server)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();
    client.get_server_info().send().await.unwrap();

    let port = server.address().port();
    let call = captured.call_span();
    assert_has(
        &call,
        &[
            "otel.kind=\"client\"",
            "service=\"formance-orchestration\"",
            "operation=\"v2GetServerInfo\"",
            "http.request.method=\"GET\"",
            "server.address=\"127.0.0.1\"",
            &format!("server.port={port}"),
            "url.template=\"/v2/_info\"",
            "http.response.status_code=200",
            "http.request.resend_count=1",
        ],
    );
    for old in ["http.method=", "http.status_code=", "error.type="] {
        assert!(!call.contains(old), "{old} on a successful call's span: {call}");
    }
    let attempts = captured.attempt_spans();
    assert_eq!(attempts.len(), 2, "{attempts:#?}");
    for line in &attempts {
        assert!(line.contains("formance.sdk.call{"), "an attempt outside the call's span: {line}");
        assert_has(line, &["otel.kind=\"client\"", "http.request.method=\"GET\"", "url.template=\"/v2/_info\""]);
    }
    assert_has(&attempts[0], &["attempt=1", "http.response.status_code=503", "error.type=\"503\""]);
    assert!(!attempts[0].contains("resend_count"), "{}", attempts[0]);
    assert_has(&attempts[1], &["attempt=2", "http.response.status_code=200", "http.request.resend_count=1"]);

    let log = captured.text();
    assert!(log.contains("retrying"), "no retry event in:\n{log}");
    let fetching = log.lines().find(|l| l.contains("fetching an access token"));
    assert!(
        fetching.is_some_and(|l| l.contains("formance.sdk.attempt{") && l.contains("attempt=1")),
        "the token fetch is not an event of the first attempt:\n{log}"
    );
    assert!(!log.contains(CLIENT_SECRET), "the client secret was logged");
    assert!(!log.contains("tok-3xq-SENSITIVE"), "the access token was logged");
}

/// A failed call says why in `error.type`: the status of an error response, else the kind of error.
#[tokio::test]
async fn a_failed_call_records_its_error_type() {
    let (captured, _guard) = capture();
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    builder(&server).build().unwrap().get_server_info().send().await.unwrap_err();
    assert_has(&captured.call_span(), &["http.response.status_code=404", "error.type=\"404\""]);

    let (captured, _guard) = capture();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let client = formance_orchestration::Client::builder().server_url(url).retry(RetryPolicy::disabled()).build();
    client.unwrap().get_server_info().send().await.unwrap_err();
    let call = captured.call_span();
    assert_has(&call, &["error.type=\"transport\""]);
    assert!(!call.contains("status_code"), "{call}");
}

/// What happens within an attempt (a redirect followed, a resend after a 401) is an event of that
/// attempt's span; no token, from a provider or static, reaches the log.
#[tokio::test]
async fn an_attempts_events_are_inside_its_span_and_no_token_is_logged() {
    struct Provider;
    impl formance_orchestration::TokenProvider for Provider {
        async fn token(&self, _: &[&str]) -> Result<formance_orchestration::Token, formance_orchestration::BoxError> {
            Ok(formance_orchestration::Token::new("prov-TOKEN-in-log"))
        }
    }
    let (captured, _guard) = capture();
    let server = MockServer::start().await;
    fail_first(&server, INFO_PATH, 1, ResponseTemplate::new(401)).await;
    let moved = ResponseTemplate::new(307).insert_header("location", "/api/orchestration/v2/_info2");
    Mock::given(path(INFO_PATH)).respond_with(moved).mount(&server).await;
    Mock::given(path("/api/orchestration/v2/_info2"))
        .respond_with(ResponseTemplate::new(500).set_body_string("echo prov-TOKEN-in-log static-TOKEN-in-log"))
        .mount(&server)
        .await;
    builder(&server).token_provider(Provider).build().unwrap().get_server_info().send().await.unwrap_err();
    builder(&server).bearer_token("static-TOKEN-in-log").build().unwrap().get_server_info().send().await.unwrap_err();

    let log = captured.text();
    for event in ["the API rejected the access token", "following a same-origin redirect"] {
        let line = log.lines().find(|l| l.contains(event)).unwrap_or_else(|| panic!("no {event:?} in:\n{log}"));
        assert!(line.contains("formance.sdk.attempt{"), "{event:?} is not inside an attempt's span: {line}");
    }
    assert!(!log.contains("TOKEN-in-log"), "a token was logged:\n{log}");
}

/// The request id of each response goes on its attempt's span, the last one on the call's; one that
/// holds a token never does.
#[tokio::test]
async fn the_request_id_is_on_the_spans_and_never_a_secret() {
    let (captured, _guard) = capture();
    let server = MockServer::start().await;
    fail_first(&server, INFO_PATH, 1, ResponseTemplate::new(503).insert_header("x-request-id", "req-first")).await;
    let info = ResponseTemplate::new(200)
        .insert_header("x-request-id", "req-second")
        .set_body_raw(r#"{"version":"v2.0.0"}"#, "application/json");
    Mock::given(path(INFO_PATH)).respond_with(info).mount(&server).await;
    let client = builder(&server).retry(RetryPolicy::default().initial_backoff(Duration::from_millis(10))).build();
    let value = client.unwrap().get_server_info().send().await.unwrap();
    assert_eq!(value.request_id(), Some("req-second"));

    let attempts = captured.attempt_spans();
    assert_has(&attempts[0], &["request_id=\"req-first\""]);
    assert_has(&attempts[1], &["request_id=\"req-second\""]);
    assert_has(&captured.call_span(), &["request_id=\"req-second\""]);

    let (captured, _guard) = capture();
    let echo = MockServer::start().await;
    let template = ResponseTemplate::new(404).insert_header("x-request-id", "static-TOKEN-echoed");
    Mock::given(path(INFO_PATH)).respond_with(template).mount(&echo).await;
    let client = builder(&echo).bearer_token("static-TOKEN-echoed").build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert_eq!(err.request_id(), None);
    let call = captured.call_span();
    assert!(!call.contains("request_id"), "{call}");
    assert!(!captured.text().contains("TOKEN-echoed"), "a token was logged:\n{}", captured.text());
}
