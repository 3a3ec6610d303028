//! A hostile or broken token endpoint (issue 8, items 1, 2, 3 and the token side of 5, 6 and 7):
//! whatever it answers, calls end cleanly, in bounded time, and no token it hands out leaks.

mod harness;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use formance_orchestration::{Error, TimeoutBound};
use harness::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "tok-5b1d9c-SECRET-VALUE";

async fn calls_made(server: &MockServer) -> (usize, usize) {
    (requests_to(server, TOKEN_PATH).await.len(), requests_to(server, INFO_PATH).await.len())
}

// Item 1: `expires_in` of any size or sign.

#[tokio::test]
async fn a_huge_expires_in_is_capped_not_a_panic() {
    let server = MockServer::start().await;
    mount_token_body(&server, &format!(r#"{{"access_token":"{TOKEN}","token_type":"Bearer","expires_in":1e19}}"#))
        .await;
    mount_info(&server).await;
    let client = authenticated(&server);
    for _ in 0..3 {
        client.get_server_info().send().await.unwrap();
    }
    assert_eq!(calls_made(&server).await, (1, 3), "the token is cached (for at most 24 h)");
}

#[tokio::test]
async fn a_negative_or_zero_expires_in_means_expired_at_once_and_is_never_cached() {
    for expires_in in ["-1", "0", "-1e300", "0.5"] {
        let server = MockServer::start().await;
        mount_token_body(&server, &format!(r#"{{"access_token":"{TOKEN}","expires_in":{expires_in}}}"#)).await;
        mount_info(&server).await;
        let client = authenticated(&server);
        for _ in 0..3 {
            client.get_server_info().send().await.unwrap();
        }
        assert_eq!(calls_made(&server).await, (3, 3), "expires_in {expires_in}: used once, never cached");
    }
}

#[tokio::test]
async fn a_fractional_expires_in_is_a_lifetime() {
    let server = MockServer::start().await;
    mount_token_body(&server, &format!(r#"{{"access_token":"{TOKEN}","expires_in":120.5}}"#)).await;
    mount_info(&server).await;
    let client = authenticated(&server);
    client.get_server_info().send().await.unwrap();
    client.get_server_info().send().await.unwrap();
    assert_eq!(calls_made(&server).await, (1, 2));
}

#[tokio::test]
async fn an_expires_in_that_is_not_a_number_is_an_auth_error() {
    for expires_in in [r#""3600""#, "true", "[1]", "1e400"] {
        let server = MockServer::start().await;
        mount_token_body(&server, &format!(r#"{{"access_token":"{TOKEN}","expires_in":{expires_in}}}"#)).await;
        mount_info(&server).await;
        let err = authenticated(&server).get_server_info().send().await.unwrap_err();
        assert!(matches!(&err, Error::Auth(a) if a.status().map(|s| s.as_u16()) == Some(200)), "{expires_in}: {err:?}");
        assert!(!err.is_retryable());
        assert_eq!(calls_made(&server).await, (1, 0), "no API call without a usable token");
    }
}

// Item 2: a token is checked before any call uses or caches it.

#[tokio::test]
async fn a_token_with_cr_lf_is_an_auth_error_and_never_cached() {
    let server = MockServer::start().await;
    mount_token_body(&server, r#"{"access_token":"abc\r\nX-Injected: 1","expires_in":3600}"#).await;
    mount_info(&server).await;
    let client = authenticated(&server);
    for _ in 0..2 {
        let err = client.get_server_info().send().await.unwrap_err();
        assert!(matches!(err, Error::Auth(_)), "{err:?}");
        assert!(err.to_string().contains("visible ASCII"), "{err}");
    }
    assert_eq!(calls_made(&server).await, (2, 0), "refused tokens are not cached: each call asks again");
}

#[tokio::test]
async fn an_empty_token_is_an_auth_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    mount_token_body(&server, r#"{"access_token":"","token_type":"Bearer","expires_in":3600}"#).await;
    mount_info(&server).await;
    let err = authenticated(&server).get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(err.to_string().contains("empty"), "{err}");
    assert_eq!(calls_made(&server).await, (1, 0), "no `Authorization: Bearer ` is ever sent");
}

#[tokio::test]
async fn a_token_type_other_than_bearer_is_refused_and_bearer_in_any_case_accepted() {
    let server = MockServer::start().await;
    mount_token_body(&server, &format!(r#"{{"access_token":"{TOKEN}","token_type":"mac","expires_in":3600}}"#)).await;
    mount_info(&server).await;
    let err = authenticated(&server).get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(err.to_string().contains("token_type"), "{err}");
    assert_eq!(calls_made(&server).await, (1, 0));

    for token_type in [r#","token_type":"BEARER""#, r#","token_type":"bearer""#, ""] {
        let server = MockServer::start().await;
        mount_token_body(&server, &format!(r#"{{"access_token":"{TOKEN}"{token_type}}}"#)).await;
        mount_info(&server).await;
        authenticated(&server).get_server_info().send().await.unwrap();
        let api = requests_to(&server, INFO_PATH).await;
        assert_eq!(header(&api[0], "authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    }
}

// Item 3: one token request in flight per scope set, whose outcome every waiter shares.

#[tokio::test]
async fn concurrent_calls_share_one_failing_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(500).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    mount_info(&server).await;
    let client =
        builder(&server).client_credentials(CLIENT_ID, CLIENT_SECRET).timeout(Duration::from_secs(2)).build().unwrap();

    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..30 {
        let client = client.clone();
        calls.spawn(async move { (client.get_server_info().send().await.map(|_| ()), started.elapsed()) });
    }
    let mut slowest = Duration::ZERO;
    while let Some(result) = calls.join_next().await {
        let (outcome, took) = result.unwrap();
        let err = outcome.unwrap_err();
        assert!(matches!(&err, Error::Auth(a) if a.status().map(|s| s.as_u16()) == Some(500)), "{err:?}");
        slowest = slowest.max(took);
    }
    assert_eq!(calls_made(&server).await, (1, 0), "one token request for the 30 waiting calls");
    assert!(slowest < Duration::from_millis(1500), "the slowest call took {slowest:?}");
}

#[tokio::test]
async fn waiting_for_a_token_counts_against_the_attempt_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(token_body(TOKEN, Some(3600))).set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    mount_info(&server).await;
    let client = builder(&server).client_credentials(CLIENT_ID, CLIENT_SECRET).build().unwrap();

    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let call = client.get_server_info().timeout(Duration::from_millis(300));
        calls.spawn(async move { (call.send().await.map(|_| ()), started.elapsed()) });
    }
    while let Some(result) = calls.join_next().await {
        let (outcome, took) = result.unwrap();
        let err = outcome.unwrap_err();
        assert!(matches!(&err, Error::Timeout(t) if t.bound() == TimeoutBound::Attempt), "{err:?}");
        assert!(took < Duration::from_millis(1200), "a call waited {took:?} with a 300 ms timeout");
    }
    assert_eq!(calls_made(&server).await, (1, 0));
}

#[tokio::test]
async fn a_cancelled_caller_does_not_strand_the_calls_waiting_with_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body(TOKEN, Some(3600)))
                .set_delay(Duration::from_millis(500)),
        )
        .mount(&server)
        .await;
    mount_info(&server).await;
    let client = authenticated(&server);

    let leader = tokio::spawn({
        let client = client.clone();
        async move { client.get_server_info().send().await.map(|_| ()) }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let waiter = tokio::spawn({
        let client = client.clone();
        async move { client.get_server_info().send().await.map(|_| ()) }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    leader.abort();
    let outcome = tokio::time::timeout(Duration::from_secs(3), waiter).await.expect("the waiter finishes");
    outcome.unwrap().unwrap();
    assert_eq!(calls_made(&server).await, (1, 1), "the waiter got the token the cancelled caller asked for");
}

/// Hands out `revoked` first, then `fresh`, counting requests.
struct Rotating(Arc<AtomicUsize>);

impl Respond for Rotating {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let token = if self.0.fetch_add(1, Ordering::SeqCst) == 0 { "revoked" } else { "fresh" };
        ResponseTemplate::new(200).set_body_json(token_body(token, Some(3600))).set_delay(Duration::from_millis(100))
    }
}

#[tokio::test]
async fn many_calls_rejected_together_refresh_the_token_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path(TOKEN_PATH)).respond_with(Rotating(Arc::default())).mount(&server).await;
    Mock::given(method("GET"))
        .and(path(INFO_PATH))
        .and(wiremock::matchers::header("authorization", "Bearer revoked"))
        .respond_with(ResponseTemplate::new(401).set_delay(Duration::from_millis(50)))
        .mount(&server)
        .await;
    mount_info(&server).await;
    let client = authenticated(&server);
    all_succeed_at_once(&client, 20).await;
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2, "one token, one refresh, whatever the fan-in");
}

// Items 5, 6 and 7 on the token side: size, redirects, and what errors show.

#[tokio::test]
async fn a_token_response_over_64_kib_is_refused_at_the_limit() {
    let huge = format!(r#"{{"access_token":"{TOKEN}","padding":"{}"}}"#, "x".repeat(128 * 1024));
    let server = MockServer::start().await;
    mount_token_body(&server, &huge).await;
    let err = authenticated(&server).get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(err.to_string().contains("65536-byte limit"), "{err}");

    // Without a Content-Length: the reading stops at the limit.
    let endless = RawServer::start(|mut conn| async move {
        let head = "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\n\r\n";
        if conn.send(head.as_bytes()).await.is_ok() {
            conn.trickle(&[b' '; 64 * 1024], Duration::ZERO, 64 * 1024 * 1024).await;
        }
    })
    .await;
    let client = builder(&MockServer::start().await)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .token_url(format!("{}/token", endless.url))
        .build()
        .unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(err.to_string().contains("65536-byte limit"), "{err}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(endless.written() < 16 * 1024 * 1024, "the server got {} bytes out of 64 MiB", endless.written());
}

#[tokio::test]
async fn a_token_endpoint_redirect_is_never_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(TOKEN, None)))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    let target = format!("{}/steal", elsewhere.uri());
    for status in [307, 308, 302] {
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(status).insert_header("location", target.as_str()))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        let err = authenticated(&server).get_server_info().send().await.unwrap_err();
        assert!(matches!(&err, Error::Auth(a) if a.status().map(|s| s.as_u16()) == Some(status)), "{err:?}");
        assert!(err.to_string().contains(&target), "the error names where it was sent: {err}");
        assert!(!err.is_retryable());
    }
    assert!(requests(&elsewhere).await.is_empty(), "the client secret never reached the other origin");
}

#[tokio::test]
async fn an_unusable_token_response_never_shows_the_token() {
    let bodies = [
        format!(r#"{{"access_token":"{TOKEN}","expires_in":"3600"}}"#),
        format!(r#"{{"access_token":"{TOKEN}","token_type":"mac"}}"#),
        format!(r#"{{"access_token":"{TOKEN}","expires_in":36"#),
        format!(r#"{{"refresh_token":"{TOKEN}","access_token":"#),
    ];
    for body in bodies {
        let server = MockServer::start().await;
        mount_token_body(&server, &body).await;
        let err = authenticated(&server).get_server_info().send().await.unwrap_err();
        let Error::Auth(auth) = &err else { panic!("expected an auth error, got {err:?}") };
        let said = everything_said_about(&err);
        assert!(!said.contains(TOKEN), "{body}: the token leaked in {said}");
        assert!(!String::from_utf8_lossy(auth.body().unwrap()).contains(TOKEN));
        assert_eq!(auth.unredacted_body().map(|b| b.as_ref()), Some(body.as_bytes()), "the raw body stays reachable");
    }
}
