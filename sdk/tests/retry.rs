//! Retries and timeouts against a misbehaving server. Timing bounds are loose on purpose.

mod harness;

use std::time::{Duration, Instant};

use formance_orchestration::{Client, Error, RetryPolicy, TimeoutBound, models};
use harness::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Retries without jitter and with short waits, so that tests are quick and predictable.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().jitter(false).initial_backoff(Duration::from_millis(20))
}

fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    builder(server).retry(policy).build().unwrap()
}

#[tokio::test]
async fn a_503_then_200_is_retried_once() {
    let server = MockServer::start().await;
    fail_first(&server, INFO_PATH, 1, ResponseTemplate::new(503)).await;
    mount_info(&server).await;

    let info = client(&server, quick_retries()).get_server_info().send().await.unwrap();
    assert_eq!(info.version, "v2.0.0");
    assert_eq!(requests_to(&server, INFO_PATH).await.len(), 2);
}

#[tokio::test]
async fn retry_after_seconds_on_429_is_honoured() {
    let server = MockServer::start().await;
    fail_first(&server, INFO_PATH, 1, ResponseTemplate::new(429).insert_header("retry-after", "1")).await;
    mount_info(&server).await;

    let started = Instant::now();
    client(&server, quick_retries()).get_server_info().send().await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(950), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_max_backoff_is_still_honoured() {
    let server = MockServer::start().await;
    fail_first(&server, INFO_PATH, 1, ResponseTemplate::new(503).insert_header("retry-after", "1")).await;
    mount_info(&server).await;

    let started = Instant::now();
    let policy = quick_retries().max_backoff(Duration::from_millis(100));
    client(&server, policy).get_server_info().send().await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(950), "retried after {waited:?}, before the server asked");
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
}

#[tokio::test]
async fn retry_after_beyond_max_retry_after_returns_the_error_at_once() {
    let server = MockServer::start().await;
    fail_first(&server, INFO_PATH, 1, ResponseTemplate::new(503).insert_header("retry-after", "120")).await;
    mount_info(&server).await;

    let started = Instant::now();
    let err = client(&server, quick_retries()).get_server_info().send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.attempts(), 1);
    assert_eq!(requests_to(&server, INFO_PATH).await.len(), 1, "no retry before the server is ready");
}

#[tokio::test]
async fn retry_after_beyond_the_operation_deadline_returns_the_error_at_once() {
    let server = MockServer::start().await;
    fail_first(&server, INFO_PATH, 1, ResponseTemplate::new(429).insert_header("retry-after", "3")).await;
    mount_info(&server).await;

    let client = builder(&server).retry(quick_retries()).operation_timeout(Duration::from_secs(2)).build().unwrap();
    let started = Instant::now();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(requests_to(&server, INFO_PATH).await.len(), 1);
}

const TRIGGERS: &str = "/api/orchestration/v2/triggers";

fn trigger_data() -> models::V2TriggerData {
    models::V2TriggerData::new(models::V2TriggerDataRequired { event: "e", workflow_id: "w" })
}

async fn mount_created_trigger(server: &MockServer) {
    let body = json!({"data": {"id": "t1", "event": "e", "workflowID": "w", "createdAt": "2024-01-01T00:00:00Z"}});
    Mock::given(method("POST"))
        .and(path(TRIGGERS))
        .respond_with(ResponseTemplate::new(201).set_body_json(body))
        .mount(server)
        .await;
}

/// A 500 may come after the server acted: a POST is not sent again by default (see `writes.rs`
/// for the failures that show it did not act, after which it is).
#[tokio::test]
async fn post_is_not_retried_by_default_after_a_500() {
    let server = MockServer::start().await;
    fail_first(&server, TRIGGERS, 1, ResponseTemplate::new(500)).await;
    mount_created_trigger(&server).await;

    let err = client(&server, quick_retries()).create_trigger(trigger_data()).send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.attempts(), 1);
    assert_eq!(requests_to(&server, TRIGGERS).await.len(), 1);
}

#[tokio::test]
async fn post_is_retried_when_the_call_opts_in() {
    let server = MockServer::start().await;
    fail_first(&server, TRIGGERS, 1, ResponseTemplate::new(500)).await;
    mount_created_trigger(&server).await;

    let created = client(&server, quick_retries())
        .create_trigger(trigger_data())
        .retry(quick_retries().retry_non_idempotent(true))
        .send()
        .await
        .unwrap();
    assert_eq!(created.data.id, "t1");
    assert_eq!(requests_to(&server, TRIGGERS).await.len(), 2);
}

#[tokio::test]
async fn post_is_retried_when_the_client_opts_in() {
    let server = MockServer::start().await;
    fail_first(&server, TRIGGERS, 2, ResponseTemplate::new(502)).await;
    mount_created_trigger(&server).await;

    let client = client(&server, quick_retries().retry_non_idempotent(true));
    client.create_trigger(trigger_data()).send().await.unwrap();
    assert_eq!(requests_to(&server, TRIGGERS).await.len(), 3);
}

#[tokio::test]
async fn attempts_are_capped_and_reported() {
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(500)).mount(&server).await;

    let err = client(&server, quick_retries().max_attempts(4)).get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
    assert_eq!(err.attempts(), 4);
    assert_eq!(requests_to(&server, INFO_PATH).await.len(), 4);
}

#[tokio::test]
async fn errors_that_are_not_transient_are_not_retried() {
    let server = MockServer::start().await;
    let body = json!({"errorCode": "VALIDATION", "errorMessage": "bad"});
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(400).set_body_json(body)).mount(&server).await;

    let err = client(&server, quick_retries()).get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Api(_)));
    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn the_operation_timeout_stops_retrying() {
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(503)).mount(&server).await;

    let policy = quick_retries().max_attempts(100).initial_backoff(Duration::from_millis(100)).multiplier(1.0);
    let client = builder(&server).retry(policy).operation_timeout(Duration::from_millis(450)).build().unwrap();
    let started = Instant::now();
    let err = client.get_server_info().send().await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(2), "ran {elapsed:?}");
    assert!((3..=6).contains(&err.attempts()), "{} attempts", err.attempts());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "the last error, not a timeout: {err:?}");
    assert_eq!(requests_to(&server, INFO_PATH).await.len(), err.attempts() as usize);
}

#[tokio::test]
async fn connection_refused_is_a_retried_transport_error() {
    // A port nothing listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client =
        Client::builder().server_url(format!("http://127.0.0.1:{port}")).retry(quick_retries()).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    let Error::Transport(transport) = &err else { panic!("expected a transport error, got {err:?}") };
    assert!(transport.is_connect());
    assert!(err.is_retryable());
    assert_eq!(err.attempts(), 3);
}

#[tokio::test]
async fn a_slow_server_hits_the_timeout() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200).set_body_json(json!({"version": "v"})).set_delay(Duration::from_secs(3));
    Mock::given(path(INFO_PATH)).respond_with(slow).mount(&server).await;

    let client = builder(&server).timeout(Duration::from_millis(200)).build().unwrap();
    let started = Instant::now();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    let Error::Timeout(timeout) = &err else { panic!("expected a timeout, got {err:?}") };
    assert_eq!(timeout.after(), Duration::from_millis(200));
    assert_eq!(timeout.bound(), TimeoutBound::Attempt);
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_client_and_timeouts_are_retried() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200).set_body_json(json!({"version": "slow"})).set_delay(Duration::from_secs(3));
    fail_first(&server, INFO_PATH, 1, slow).await;
    mount_info(&server).await;

    let client = client(&server, quick_retries());
    let info = client.get_server_info().timeout(Duration::from_millis(200)).send().await.unwrap();
    assert_eq!(info.version, "v2.0.0");
    assert_eq!(requests_to(&server, INFO_PATH).await.len(), 2);
}
