//! The client secret and access tokens never show in `Debug`, `Display` or error messages, even when
//! a server echoes them back (issue 8, item 7); the raw body stays reachable through
//! `unredacted_body()`.

mod harness;

use std::time::Duration;

use formance_orchestration::{Client, Error};
use harness::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-9f8e7d-PRIVATE";

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

#[tokio::test]
async fn bodies_and_headers_echoing_the_token_are_redacted_except_in_the_unredacted_body() {
    let server = MockServer::start().await;
    mount_token(&server, TOKEN, Some(3600)).await;
    let echo = format!(r#"{{"headers":{{"authorization":"Bearer {TOKEN}","user-agent":"x"}}}}"#);
    let route = |id: &str| path(format!("/api/orchestration/v2/workflows/{id}"));
    let echoing = ResponseTemplate::new(502)
        .set_body_string(echo.clone())
        .insert_header("x-echo", format!("Bearer {TOKEN}").as_str());
    Mock::given(route("echo")).respond_with(echoing).mount(&server).await;
    let documented = json!({"errorCode": "VALIDATION", "errorMessage": format!("bad token {TOKEN}")});
    Mock::given(route("api")).respond_with(ResponseTemplate::new(400).set_body_json(documented)).mount(&server).await;
    let wrong_shape = json!({"cursor": format!("Bearer {TOKEN}")});
    Mock::given(path("/api/orchestration/v2/workflows"))
        .respond_with(ResponseTemplate::new(200).set_body_json(wrong_shape))
        .mount(&server)
        .await;
    let client = authenticated(&server);

    let unexpected = client.get_workflow("echo").send().await.unwrap_err();
    assert_no_secret(&everything_said_about(&unexpected));
    let Error::UnexpectedStatus(e) = &unexpected else { panic!("{unexpected:?}") };
    assert_eq!(
        String::from_utf8_lossy(e.body()),
        r#"{"headers":{"authorization":"Bearer <redacted>","user-agent":"x"}}"#
    );
    assert_eq!(e.unredacted_body().as_ref(), echo.as_bytes(), "the raw body is kept, behind its own accessor");
    assert_eq!(e.headers()["x-echo"], format!("Bearer {TOKEN}").as_str(), "header bytes as received");
    assert!(e.headers()["x-echo"].is_sensitive(), "but hidden from Debug");

    let api = client.get_workflow("api").send().await.unwrap_err();
    assert_no_secret(&everything_said_about(&api));
    let Error::Api(e) = &api else { panic!("{api:?}") };
    assert_eq!(e.body().error_message, "bad token <redacted>");
    assert!(String::from_utf8_lossy(e.unredacted_body()).contains(TOKEN));

    let decode = client.list_workflows().send().await.unwrap_err();
    assert!(matches!(decode, Error::Decode(_)), "{decode:?}");
    assert_no_secret(&everything_said_about(&decode));
    assert!(everything_said_about(&decode).contains("invalid type"), "the decoder's message stays, redacted");
}

#[tokio::test]
async fn the_client_secret_is_redacted_in_every_encoding_a_server_may_echo() {
    let secret = r#"p@ss w/rd+"quoted"é"#;
    let encodings = [
        secret.to_owned(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>(),
        serde_json::to_string(secret).unwrap(),
        "p%40ss%20w%2Frd%2B%22quoted%22%C3%A9".to_owned(),
    ];
    let server = MockServer::start().await;
    let echo = format!("form {} json {} pct {} raw {}", encodings[1], encodings[2], encodings[3], encodings[0]);
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(400).set_body_string(echo)).mount(&server).await;
    let client = builder(&server).client_credentials(CLIENT_ID, secret).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    let Error::Auth(auth) = &err else { panic!("{err:?}") };
    let body = String::from_utf8_lossy(auth.body().unwrap()).into_owned();
    assert_eq!(body, "form <redacted> json \"<redacted>\" pct <redacted> raw <redacted>");
    let said = everything_said_about(&err);
    for encoded in &encodings {
        assert!(!said.contains(encoded.as_str()), "{encoded} leaked in {said}");
    }
}

#[tokio::test]
async fn a_callers_own_authorization_is_redacted_too() {
    let server = MockServer::start().await;
    let echo = format!("you sent Bearer {TOKEN}");
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(500).set_body_string(echo)).mount(&server).await;
    let call = builder(&server).build().unwrap().get_server_info().header("authorization", format!("Bearer {TOKEN}"));
    assert_no_secret(&format!("{call:?}"));
    let err = call.send().await.unwrap_err();
    assert_no_secret(&everything_said_about(&err));
    let Error::UnexpectedStatus(e) = &err else { panic!("{err:?}") };
    assert_eq!(String::from_utf8_lossy(e.body()), "you sent Bearer <redacted>");
}
