//! A hostile or broken API server (issue 8, items 4, 5 and 6, and their siblings): every call ends
//! within its deadlines, reads no more than its limit, and sends nothing to another origin.

mod harness;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use formance_orchestration::{Client, Error, RetryPolicy, TimeoutBound, models};
use harness::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MIB: u64 = 1024 * 1024;

/// A token endpoint answering after `delay`.
async fn slow_tokens(delay: Duration) -> MockServer {
    let tokens = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("t", None)).set_delay(delay))
        .mount(&tokens)
        .await;
    tokens
}

fn client_for(api: &RawServer, tokens: Option<&MockServer>) -> formance_orchestration::ClientBuilder {
    let builder = Client::builder().server_url(&api.url).retry(RetryPolicy::disabled());
    match tokens {
        Some(tokens) => {
            builder.client_credentials(CLIENT_ID, CLIENT_SECRET).token_url(format!("{}{TOKEN_PATH}", tokens.uri()))
        }
        None => builder,
    }
}

fn assert_timeout(err: &Error, bound: TimeoutBound) {
    assert!(matches!(err, Error::Timeout(t) if t.bound() == bound), "expected a {bound:?} timeout, got {err:?}");
}

// Item 4: one deadline per attempt, one for the operation.

#[tokio::test]
async fn one_deadline_covers_a_slow_token_and_a_hanging_api() {
    let tokens = slow_tokens(Duration::from_millis(800)).await;
    let api = RawServer::start(|mut conn| async move { conn.hang().await }).await;
    let client = client_for(&api, Some(&tokens)).timeout(Duration::from_secs(1)).build().unwrap();

    let started = Instant::now();
    let err = client.get_server_info().send().await.unwrap_err();
    let took = started.elapsed();
    assert_timeout(&err, TimeoutBound::Attempt);
    assert!(took < Duration::from_millis(1600), "one 1 s attempt took {took:?}");
    assert_eq!(api.requests(), 1);
}

/// A server whose first connection gets `first` and every later one `then`.
async fn first_then<F, T>(first: F, then: T) -> RawServer
where
    F: Fn(Conn) -> futures_util::future::BoxFuture<'static, ()> + Send + Sync + 'static,
    T: Fn(Conn) -> futures_util::future::BoxFuture<'static, ()> + Send + Sync + 'static,
{
    let count = Arc::new(AtomicUsize::new(0));
    RawServer::start(move |conn| if count.fetch_add(1, Ordering::SeqCst) == 0 { first(conn) } else { then(conn) }).await
}

#[tokio::test]
async fn one_deadline_covers_the_refresh_and_resend_after_a_401() {
    let tokens = slow_tokens(Duration::from_millis(400)).await;
    let api = first_then(
        |mut conn| Box::pin(async move { conn.respond("401 Unauthorized", &[], b"").await }),
        |mut conn| Box::pin(async move { conn.hang().await }),
    )
    .await;
    let client = client_for(&api, Some(&tokens)).timeout(Duration::from_secs(1)).build().unwrap();

    let started = Instant::now();
    let err = client.get_server_info().send().await.unwrap_err();
    let took = started.elapsed();
    assert_timeout(&err, TimeoutBound::Attempt);
    assert!(took < Duration::from_millis(1600), "one 1 s attempt took {took:?}");
    assert_eq!(api.requests(), 2, "the 401, then the resend");
    assert_eq!(requests_to(&tokens, TOKEN_PATH).await.len(), 2, "the token, then the refresh");
}

#[tokio::test]
async fn the_operation_timeout_bounds_every_attempt_and_wait() {
    let api = RawServer::start(|mut conn| async move { conn.hang().await }).await;
    let retries = RetryPolicy::default()
        .max_attempts(50)
        .initial_backoff(Duration::from_millis(20))
        .multiplier(1.0)
        .jitter(false);
    let client = client_for(&api, None)
        .timeout(Duration::from_millis(400))
        .operation_timeout(Duration::from_secs(1))
        .retry(retries)
        .build()
        .unwrap();

    let started = Instant::now();
    let err = client.get_server_info().send().await.unwrap_err();
    let took = started.elapsed();
    assert_timeout(&err, TimeoutBound::Operation);
    assert!(took >= Duration::from_millis(900) && took < Duration::from_millis(1600), "took {took:?}");
    // 400 ms, 400 ms, then what is left of the second (about 160 ms): cut by the operation deadline.
    assert!((2..=3).contains(&err.attempts()), "{} attempts", err.attempts());
    assert!(err.to_string().contains("operation timeout"), "{err}");

    // The per-call override wins over the client's.
    let started = Instant::now();
    let err = client.get_server_info().operation_timeout(Duration::from_millis(300)).send().await.unwrap_err();
    assert_timeout(&err, TimeoutBound::Operation);
    assert!(started.elapsed() < Duration::from_millis(800), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_body_that_trickles_is_bounded_by_the_attempt_deadline() {
    let api = RawServer::start(|mut conn| async move {
        let head = "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 1000\r\n\r\n{";
        if conn.send(head.as_bytes()).await.is_ok() {
            conn.trickle(b" ", Duration::from_millis(100), 1000).await;
        }
    })
    .await;
    let client = client_for(&api, None).timeout(Duration::from_secs(1)).build().unwrap();
    let started = Instant::now();
    let err = client.get_server_info().send().await.unwrap_err();
    assert_timeout(&err, TimeoutBound::Attempt);
    assert!(started.elapsed() < Duration::from_millis(1600), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn headers_that_never_end_are_bounded() {
    // Slowly: the attempt deadline ends it.
    let slow = RawServer::start(|mut conn| async move {
        if conn.send(b"HTTP/1.1 200 OK\r\n").await.is_ok() {
            conn.trickle(b"x-more: 1\r\n", Duration::from_millis(20), u64::MAX).await;
        }
    })
    .await;
    let client = client_for(&slow, None).timeout(Duration::from_secs(1)).build().unwrap();
    let started = Instant::now();
    let err = client.get_server_info().send().await.unwrap_err();
    assert_timeout(&err, TimeoutBound::Attempt);
    assert!(started.elapsed() < Duration::from_millis(1600), "took {:?}", started.elapsed());

    // Quickly: the HTTP client's limit on the size of a response head ends it.
    let fast = RawServer::start(|mut conn| async move {
        if conn.send(b"HTTP/1.1 200 OK\r\n").await.is_ok() {
            conn.trickle(&b"x-more: 1\r\n".repeat(1000), Duration::ZERO, 64 * MIB).await;
        }
    })
    .await;
    let client = client_for(&fast, None).timeout(Duration::from_secs(10)).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(fast.written() < 16 * MIB, "{} bytes of headers were taken", fast.written());
}

// Item 5: memory bounded by the limit, whatever the server announces or sends.

/// Announces `announced` (or nothing) and sends up to `total` bytes as fast as the client reads.
async fn flooding(announced: Option<u64>, total: u64) -> RawServer {
    RawServer::start(move |mut conn| async move {
        let length = announced.map(|n| format!("content-length: {n}\r\n")).unwrap_or_default();
        let head = format!("HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\n{length}\r\n");
        if conn.send(head.as_bytes()).await.is_ok() {
            conn.trickle(&[b' '; 64 * 1024], Duration::ZERO, total).await;
        }
    })
    .await
}

#[tokio::test]
async fn a_content_length_above_the_limit_fails_before_the_body_is_read() {
    let api = flooding(Some(1024 * MIB), 64 * MIB).await;
    let client = client_for(&api, None).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    let Error::ResponseTooLarge(e) = &err else { panic!("expected ResponseTooLarge, got {err:?}") };
    assert_eq!((e.limit(), e.content_length()), (16 * MIB, Some(1024 * MIB)));
    assert!(err.to_string().contains("16777216-byte limit"), "{err}");
    assert!(!err.is_retryable());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(api.written() < 16 * MIB, "{} bytes went out of 64 MiB", api.written());
}

#[tokio::test]
async fn a_body_without_length_stops_being_read_at_the_limit() {
    let api = flooding(None, 48 * MIB).await;
    let client = client_for(&api, None).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(err.to_string().contains("16777216-byte limit"), "{err}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The limit, plus what the kernel's socket buffers hold: far from the 48 MiB sent to a client that reads all.
    assert!(api.written() < 28 * MIB, "{} bytes went out", api.written());

    let api = flooding(None, 48 * MIB).await;
    let client = client_for(&api, None).max_response_bytes(MIB).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(matches!(&err, Error::ResponseTooLarge(e) if e.limit() == MIB && e.content_length().is_none()), "{err:?}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(api.written() < 13 * MIB, "{} bytes went out", api.written());
}

#[tokio::test]
async fn a_body_within_the_limit_is_read_whole() {
    let api = RawServer::start(|mut conn| async move {
        let body = format!(r#"{{"version":"v{}"}}"#, "9".repeat(1000));
        conn.respond("200 OK", &[("content-type", "application/json")], body.as_bytes()).await;
    })
    .await;
    // 1,015 bytes: exactly at the limit is fine, one byte over is not.
    let client = client_for(&api, None).max_response_bytes(1015).build().unwrap();
    assert_eq!(client.get_server_info().send().await.unwrap().version.len(), 1001);
    let client = client_for(&api, None).max_response_bytes(1014).build().unwrap();
    assert!(matches!(client.get_server_info().send().await, Err(Error::ResponseTooLarge(_))));
}

// Item 6: redirects.

fn trigger() -> models::V2TriggerData {
    models::V2TriggerData::new(models::V2TriggerDataRequired { event: "e", workflow_id: "w" })
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_never_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).mount(&elsewhere).await;
    let target = format!("{}/collect?x=1", elsewhere.uri());
    let server = MockServer::start().await;
    mount_token(&server, "tok-redirected-7f3a", None).await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(307).insert_header("location", target.as_str()))
        .mount(&server)
        .await;
    let client = builder(&server).client_credentials(CLIENT_ID, CLIENT_SECRET).build().unwrap();

    let get = client.get_server_info().header("x-tenant", "acme").send().await.unwrap_err();
    let post = client.create_trigger(trigger()).send().await.unwrap_err();
    for err in [get, post] {
        let Error::Redirect(redirect) = &err else { panic!("expected a redirect error, got {err:?}") };
        assert_eq!(redirect.status().as_u16(), 307);
        assert_eq!(redirect.location(), Some(target.as_str()));
        assert!(err.to_string().contains("another origin"), "{err}");
        assert!(!err.is_retryable());
    }
    assert!(requests(&elsewhere).await.is_empty(), "no request, header or body went to the other origin");
}

#[tokio::test]
async fn same_origin_redirects_are_followed_keeping_method_body_and_token() {
    let server = MockServer::start().await;
    mount_token(&server, "t-same", None).await;
    Mock::given(method("POST"))
        .and(path("/api/orchestration/v2/triggers"))
        .respond_with(ResponseTemplate::new(308).insert_header("location", "/moved/triggers"))
        .mount(&server)
        .await;
    let created = json!({"data": {"id": "t1", "event": "e", "workflowID": "w", "createdAt": "2024-01-01T00:00:00Z"}});
    Mock::given(method("POST"))
        .and(path("/moved/triggers"))
        .respond_with(ResponseTemplate::new(201).set_body_json(created))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(INFO_PATH))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "_info2"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/orchestration/v2/_info2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"version": "moved"})))
        .mount(&server)
        .await;
    let client = builder(&server).client_credentials(CLIENT_ID, CLIENT_SECRET).build().unwrap();

    assert_eq!(client.create_trigger(trigger()).send().await.unwrap().data.id, "t1");
    assert_eq!(client.get_server_info().send().await.unwrap().version, "moved");
    let moved = requests_to(&server, "/moved/triggers").await;
    assert_eq!(moved.len(), 1);
    assert_eq!(header(&moved[0], "authorization"), Some("Bearer t-same"));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&moved[0].body).unwrap()["event"], "e");
}

#[tokio::test]
async fn redirects_that_would_change_the_request_are_errors() {
    let server = MockServer::start().await;
    for (route, status) in [("/api/orchestration/v2/triggers", 303), ("/api/orchestration/v2/triggers/t1", 301)] {
        Mock::given(path(route))
            .respond_with(ResponseTemplate::new(status).insert_header("location", "/api/orchestration/v2/_info"))
            .mount(&server)
            .await;
    }
    mount_info(&server).await;
    let client = builder(&server).build().unwrap();
    let post = client.create_trigger(trigger()).send().await.unwrap_err();
    let delete = client.delete_trigger("t1").send().await.unwrap_err();
    for err in [post, delete] {
        assert!(matches!(&err, Error::Redirect(_)), "{err:?}");
        assert!(err.to_string().contains("drop the body or change the method"), "{err}");
    }
    assert!(requests_to(&server, INFO_PATH).await.is_empty(), "no POST or DELETE turned into a GET");
}

#[tokio::test]
async fn a_redirect_loop_ends_after_five_hops() {
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH))
        .respond_with(ResponseTemplate::new(302).insert_header("location", INFO_PATH))
        .mount(&server)
        .await;
    let err = builder(&server).build().unwrap().get_server_info().send().await.unwrap_err();
    assert!(matches!(&err, Error::Redirect(_)), "{err:?}");
    assert!(err.to_string().contains("too many redirects"), "{err}");
    assert_eq!(requests_to(&server, INFO_PATH).await.len(), 6, "the request and five redirects");
}

#[tokio::test]
async fn redirects_without_a_usable_location_or_to_the_token_endpoint_are_errors() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-location-0c1d", None).await;
    let cases =
        [("a", Some("http://[::1")), ("b", None), ("c", Some(TOKEN_PATH)), ("d", Some("http://u:p@127.0.0.1/x"))];
    for (id, location) in cases {
        let mut response = ResponseTemplate::new(307);
        if let Some(location) = location {
            response = response.insert_header("location", location);
        }
        Mock::given(path(format!("/api/orchestration/v2/triggers/{id}"))).respond_with(response).mount(&server).await;
    }
    let client = builder(&server).client_credentials(CLIENT_ID, CLIENT_SECRET).build().unwrap();
    let mut reasons = Vec::new();
    for (id, _) in cases {
        let err = client.read_trigger(id).send().await.unwrap_err();
        assert!(matches!(&err, Error::Redirect(_)), "{id}: {err:?}");
        assert!(!err.to_string().contains("u:p"), "{err}");
        assert!(!format!("{err:?}").contains("u:p"), "{err:?}");
        reasons.push(err.to_string());
    }
    assert!(reasons[0].contains("not a valid URL"), "{}", reasons[0]);
    assert!(reasons[1].contains("no Location"), "{}", reasons[1]);
    assert!(reasons[2].contains("token endpoint"), "{}", reasons[2]);
    assert!(reasons[3].contains("another origin") || reasons[3].contains("user info"), "{}", reasons[3]);
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1, "only the token request itself");
}
