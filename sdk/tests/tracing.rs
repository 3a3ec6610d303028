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

#[tokio::test]
async fn a_call_is_one_span_with_its_facts_and_retries_and_token_fetches_are_events() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    mount_token(&server, "tok-3xq-SENSITIVE", Some(3600)).await;
    Mock::given(path(INFO_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_info(&server).await;

    let client = builder(&server)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();
    client.get_server_info().send().await.unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let span_close = log
        .lines()
        .find(|l| l.contains("formance.sdk.call") && l.contains("close"))
        .unwrap_or_else(|| panic!("no span in:\n{log}"));
    for fact in [
        "service=\"formance-orchestration\"",
        "operation=\"v2GetServerInfo\"",
        "http.method=\"GET\"",
        "url.template=\"/v2/_info\"",
        "attempt=2",
        "http.status_code=200",
    ] {
        assert!(span_close.contains(fact), "{fact} missing from {span_close}");
    }
    assert!(log.contains("retrying"), "no retry event in:\n{log}");
    assert!(log.contains("fetching an access token"), "no token event in:\n{log}");
    assert!(!log.contains(CLIENT_SECRET), "the client secret was logged");
    assert!(!log.contains("tok-3xq-SENSITIVE"), "the access token was logged");
}
