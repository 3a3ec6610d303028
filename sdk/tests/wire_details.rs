//! Wire details the official SDKs get right (issue 8, item 9), and settings at their extremes.

mod harness;

use std::time::Duration;

use formance_orchestration::{Client, Error, RetryPolicy, TimeoutBound};
use harness::*;
use wiremock::MockServer;

/// A server answering 204 to everything, keeping the raw requests.
async fn no_content_server() -> RawServer {
    RawServer::start(|mut conn| async move { conn.respond("204 No Content", &[], b"").await }).await
}

#[tokio::test]
async fn post_and_put_without_a_body_send_content_length_zero() {
    let server = no_content_server().await;
    let client = Client::builder().server_url(&server.url).retry(RetryPolicy::disabled()).build().unwrap();
    let _ = client.run_workflow("w1").send().await; // POST, no body (its body is optional)
    let _ = client.cancel_event("i1").send().await; // PUT, no body
    let _ = client.delete_workflow("w1").send().await; // DELETE, no body
    let _ = client.get_server_info().send().await; // GET

    let seen = server.seen();
    let lengths: Vec<(String, Vec<String>)> =
        seen.iter().map(|r| (r.method().to_owned(), r.header_values("content-length"))).collect();
    assert_eq!(
        lengths,
        [
            ("POST".to_owned(), vec!["0".to_owned()]),
            ("PUT".to_owned(), vec!["0".to_owned()]),
            ("DELETE".to_owned(), vec![]),
            ("GET".to_owned(), vec![]),
        ]
    );
    for request in &seen {
        assert!(request.body.is_empty(), "{}", request.head);
        assert!(request.header_values("transfer-encoding").is_empty(), "{}", request.head);
        assert!(request.header_values("content-type").is_empty(), "{}", request.head);
    }
}

#[tokio::test]
async fn extreme_durations_never_panic() {
    let server = no_content_server().await;
    let forever = Client::builder()
        .server_url(&server.url)
        .timeout(Duration::MAX)
        .operation_timeout(Duration::MAX)
        .connect_timeout(Duration::MAX)
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::MAX)
                .max_backoff(Duration::MAX)
                .max_retry_after(Duration::MAX),
        )
        .build()
        .unwrap();
    forever.delete_workflow("w").send().await.unwrap();

    let instant = Client::builder().server_url(&server.url).timeout(Duration::ZERO).build().unwrap();
    let err = instant.delete_workflow("w").send().await.unwrap_err();
    assert!(matches!(&err, Error::Timeout(t) if t.bound() == TimeoutBound::Attempt), "{err:?}");
    let err = forever.delete_workflow("w").operation_timeout(Duration::ZERO).send().await.unwrap_err();
    assert!(matches!(&err, Error::Timeout(t) if t.bound() == TimeoutBound::Operation), "{err:?}");
}

#[tokio::test]
async fn credentials_in_a_url_are_refused_and_never_quoted() {
    let server = MockServer::start().await;
    let with_userinfo = server.uri().replace("http://", "http://admin:hunter2@");
    let errors = [
        Client::builder().server_url(&with_userinfo).build().unwrap_err(),
        builder(&server).client_credentials(CLIENT_ID, CLIENT_SECRET).token_url(&with_userinfo).build().unwrap_err(),
        Client::builder().server_url("http://admin:hunter2@ bad").build().unwrap_err(),
    ];
    for err in errors {
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(!format!("{err} {err:?}").contains("hunter2"), "{err:?}");
    }
}
