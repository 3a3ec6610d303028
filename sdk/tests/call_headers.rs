//! Per-call extra headers (`.header(name, value)` on any request builder), as the official SDKs
//! allow: what is sent, what replaces a default, what is refused before anything is sent.

mod harness;

use std::time::Duration;

use formance_orchestration::{Error, RetryPolicy};
use harness::*;
use wiremock::{MockServer, ResponseTemplate};

#[tokio::test]
async fn extra_headers_go_with_every_attempt_and_replace_the_defaults_of_their_name() {
    let server = MockServer::start().await;
    fail_first(&server, INFO_PATH, 1, ResponseTemplate::new(503)).await;
    mount_info(&server).await;
    mount_token(&server, "tok-headers-1", None).await;
    let client = builder(&server)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();

    client
        .get_server_info()
        .header("X-Request-Id", "r-1")
        .header("x-tag", "a")
        .header("x-tag", "b")
        .header("User-Agent", "billing/1.0")
        .header("accept", "application/json; charset=utf-8")
        .send()
        .await
        .unwrap();

    let sent = requests_to(&server, INFO_PATH).await;
    assert_eq!(sent.len(), 2, "a 503, then the retry");
    for request in &sent {
        assert_eq!(header_values(request, "x-request-id"), ["r-1"]);
        assert_eq!(header_values(request, "x-tag"), ["a", "b"]);
        assert_eq!(header_values(request, "user-agent"), ["billing/1.0"]);
        assert_eq!(header_values(request, "accept"), ["application/json; charset=utf-8"]);
        assert_eq!(header_values(request, "authorization"), ["Bearer tok-headers-1"]);
    }
    let token_request = &requests_to(&server, TOKEN_PATH).await[0];
    assert!(header(token_request, "x-request-id").is_none(), "token requests carry no call header");
}

#[tokio::test]
async fn bad_or_reserved_headers_are_an_invalid_request_and_nothing_is_sent() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    let plain = builder(&server).build().unwrap();
    let with_credentials = builder(&server).client_credentials(CLIENT_ID, CLIENT_SECRET).build().unwrap();
    let cases = [
        (plain.get_server_info().header("bad name", "v"), "not a valid header name"),
        (plain.get_server_info().header("x-ok", "line\r\nInjected: yes"), "not a valid header value"),
        (plain.get_server_info().header("x-ok", [0u8, 1, 2]), "not a valid header value"),
        (plain.get_server_info().header("Host", "evil.test"), "cannot be set"),
        (plain.get_server_info().header("Content-Length", "10"), "cannot be set"),
        (plain.get_server_info().header("transfer-encoding", "chunked"), "cannot be set"),
        (plain.get_server_info().header("Connection", "upgrade"), "cannot be set"),
        (plain.get_server_info().header("content-type", "text/plain"), "cannot be set"),
        (with_credentials.get_server_info().header("Authorization", "Bearer mine"), "credentials"),
    ];
    for (call, reason) in cases {
        let err = call.send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(err.to_string().contains(reason), "{err}");
        assert!(!err.to_string().contains("Injected"), "values are never quoted: {err}");
    }
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_callers_authorization_is_sent_without_credentials_and_never_shown() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    let call = builder(&server).build().unwrap().get_server_info().header("Authorization", "Bearer users-own-token");
    let debug = format!("{call:?}");
    assert!(!debug.contains("users-own-token"), "{debug}");
    assert!(debug.contains("authorization"), "{debug}");
    call.send().await.unwrap();
    let sent = requests_to(&server, INFO_PATH).await;
    assert_eq!(header_values(&sent[0], "authorization"), ["Bearer users-own-token"]);
}
