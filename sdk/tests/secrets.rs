//! The client secret and access tokens never show in `Debug`, `Display` or error messages.

mod harness;

use std::error::Error as _;
use std::time::Duration;

use formance_orchestration::{Client, Error};
use futures_util::TryStreamExt;
use harness::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-9f8e7d-PRIVATE";

/// Display, Debug and every source of `err`.
fn everything_said_about(err: &Error) -> String {
    let mut text = format!("{err}\n{err:?}\n");
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!("{s}\n{s:?}\n"));
        source = s.source();
    }
    text
}

fn assert_no_secret(text: &str) {
    assert!(!text.contains(CLIENT_SECRET), "client secret leaked in: {text}");
    assert!(!text.contains(TOKEN), "access token leaked in: {text}");
}

#[tokio::test]
async fn a_configured_client_and_its_builder_hide_the_secret() {
    let builder = Client::builder().client_credentials(CLIENT_ID, CLIENT_SECRET);
    let builder_text = format!("{builder:?}");
    assert_no_secret(&builder_text);
    assert!(builder_text.contains(CLIENT_ID), "the client id is not secret and helps debugging");
    let client = builder.build().unwrap();
    assert_no_secret(&format!("{client:?}"));
}

#[tokio::test]
async fn no_error_case_mentions_a_secret() {
    let server = MockServer::start().await;
    mount_token(&server, TOKEN, Some(3600)).await;
    let respond = |route: &str, response: ResponseTemplate| {
        Mock::given(method("GET")).and(path(format!("/api/orchestration/v2{route}"))).respond_with(response)
    };
    let api_error = json!({"errorCode": "NOT_FOUND", "errorMessage": "nothing here"});
    respond("/workflows/api", ResponseTemplate::new(404).set_body_json(api_error)).mount(&server).await;
    respond("/workflows/unexpected", ResponseTemplate::new(502).set_body_string("<html>")).mount(&server).await;
    respond("/workflows/decode", ResponseTemplate::new(200).set_body_string("{")).mount(&server).await;
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(2));
    respond("/workflows/slow", slow).mount(&server).await;
    let looping = json!({"cursor": {"pageSize": 1, "hasMore": true, "next": "x", "data": []}});
    respond("/workflows", ResponseTemplate::new(200).set_body_json(looping)).mount(&server).await;

    let client = authenticated(&server);
    let mut errors = Vec::new();
    for id in ["api", "unexpected", "decode"] {
        errors.push(client.get_workflow(id).send().await.unwrap_err());
    }
    errors.push(client.get_workflow("slow").timeout(Duration::from_millis(100)).send().await.unwrap_err());
    errors.push(client.get_workflow("").send().await.unwrap_err());
    errors.push(client.list_workflows().into_stream().try_collect::<Vec<_>>().await.unwrap_err());

    let refused = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let offline = Client::builder()
        .server_url(format!("http://127.0.0.1:{refused}"))
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
        .retry(formance_orchestration::RetryPolicy::disabled())
        .build()
        .unwrap();
    errors.push(offline.get_server_info().send().await.unwrap_err());

    let rejecting = MockServer::start().await;
    let echo = format!("invalid client_secret {CLIENT_SECRET}");
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(401).set_body_string(echo)).mount(&rejecting).await;
    errors.push(authenticated(&rejecting).get_server_info().send().await.unwrap_err());
    let unreachable_token = builder(&server)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .token_url(format!("http://127.0.0.1:{refused}/token"))
        .build()
        .unwrap();
    errors.push(unreachable_token.get_server_info().send().await.unwrap_err());

    let kinds: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            Error::Api(_) => "api",
            Error::UnexpectedStatus(_) => "unexpected",
            Error::Decode(_) => "decode",
            Error::Timeout(_) => "timeout",
            Error::InvalidRequest(_) => "invalid",
            Error::Pagination(_) => "pagination",
            Error::Transport(_) => "transport",
            Error::Auth(_) => "auth",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["api", "unexpected", "decode", "timeout", "invalid", "pagination", "transport", "auth", "auth"]);
    for err in &errors {
        let text = everything_said_about(err);
        assert_no_secret(&text);
        assert!(!format!("{err}").contains('\n'), "Display is one line: {err}");
    }
    if let Error::Auth(auth) = &errors[7] {
        assert_no_secret(&String::from_utf8_lossy(auth.body().unwrap()));
    }
}
