//! OAuth2 client credentials on the wire: the token request, its cache, the 401 refresh, single flight.

mod harness;

use std::time::Duration;

use formance_orchestration::{Error, models};
use harness::*;
use serde_json::json;
use wiremock::matchers::{body_string, header as header_is, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn token_request_is_a_form_post_with_the_operation_scope() {
    let server = MockServer::start().await;
    mount_token(&server, "t-read", Some(3600)).await;
    mount_info(&server).await;

    authenticated(&server).get_server_info().send().await.unwrap();

    let tokens = requests_to(&server, TOKEN_PATH).await;
    assert_eq!(tokens.len(), 1);
    let token = &tokens[0];
    assert_eq!(token.method.as_str(), "POST");
    assert_eq!(header(token, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(header(token, "authorization"), None, "credentials go in the form, not HTTP Basic");
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&token.body).into_owned().collect();
    let expected = [
        ("grant_type", "client_credentials"),
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
        ("scope", "orchestration:read"),
    ];
    assert_eq!(form, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));

    let api = requests_to(&server, INFO_PATH).await;
    assert_eq!(header(&api[0], "authorization"), Some("Bearer t-read"));
}

#[tokio::test]
async fn reads_and_writes_use_tokens_of_their_own_scope() {
    let server = MockServer::start().await;
    let read_form = format!(
        "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&scope=orchestration%3Aread"
    );
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string(read_form))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("t-read", Some(3600))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string(format!(
            "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&scope=orchestration%3Awrite"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("t-write", Some(3600))))
        .expect(1)
        .mount(&server)
        .await;
    mount_info(&server).await;
    Mock::given(method("DELETE"))
        .and(path("/api/orchestration/v2/workflows/w1"))
        .and(header_is("authorization", "Bearer t-write"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;

    let client = authenticated(&server);
    client.get_server_info().send().await.unwrap();
    client.delete_workflow("w1").send().await.unwrap();
    client.get_server_info().send().await.unwrap();
    client.delete_workflow("w1").send().await.unwrap();
    // `expect` counts are verified when the server drops.
}

#[tokio::test]
async fn a_token_is_reused_by_clones_until_60_seconds_before_it_expires() {
    let server = MockServer::start().await;
    mount_token(&server, "t", Some(61)).await;
    mount_info(&server).await;
    let client = authenticated(&server);

    client.get_server_info().send().await.unwrap();
    client.clone().get_server_info().send().await.unwrap();
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1, "a fresh token is reused, clones included");

    // 61 s of life minus the 60 s margin: stale after one second.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    client.get_server_info().send().await.unwrap();
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
}

#[tokio::test]
async fn a_token_expiring_within_the_margin_is_never_reused() {
    let server = MockServer::start().await;
    mount_token(&server, "t", Some(60)).await;
    mount_info(&server).await;
    let client = authenticated(&server);
    for _ in 0..3 {
        client.get_server_info().send().await.unwrap();
    }
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 3);
}

#[tokio::test]
async fn a_token_without_expires_in_lives_until_rejected() {
    let server = MockServer::start().await;
    mount_token(&server, "t", None).await;
    mount_info(&server).await;
    let client = authenticated(&server);
    for _ in 0..3 {
        client.get_server_info().send().await.unwrap();
    }
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1);
}

/// Token endpoint handing out `first` once, then `second`.
async fn mount_rotating_tokens(server: &MockServer, first: &str, second: &str) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(first, None)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(second, None)))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_401_drops_the_token_fetches_a_new_one_and_retries_once() {
    let server = MockServer::start().await;
    mount_rotating_tokens(&server, "revoked", "fresh").await;
    Mock::given(method("GET"))
        .and(path(INFO_PATH))
        .and(header_is("authorization", "Bearer revoked"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(INFO_PATH))
        .and(header_is("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"version": "v2"})))
        .mount(&server)
        .await;

    let info = authenticated(&server).get_server_info().send().await.unwrap();
    assert_eq!(info.version, "v2");
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
    assert_eq!(requests_to(&server, INFO_PATH).await.len(), 2);
}

#[tokio::test]
async fn a_second_401_is_returned_not_retried_again() {
    let server = MockServer::start().await;
    mount_rotating_tokens(&server, "revoked", "also-revoked").await;
    Mock::given(method("GET"))
        .and(path(INFO_PATH))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"errorCode": "VALIDATION", "errorMessage": "bad token"})),
        )
        .mount(&server)
        .await;

    let err = authenticated(&server).get_server_info().send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
    assert_eq!(requests_to(&server, INFO_PATH).await.len(), 2);
}

#[tokio::test]
async fn fifty_concurrent_calls_on_a_cold_cache_fetch_one_token_per_scope() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body("shared", Some(3600)))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    mount_info(&server).await;
    Mock::given(method("DELETE"))
        .and(path("/api/orchestration/v2/triggers/t1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let client = authenticated(&server);
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..50 {
        let client = client.clone();
        calls.spawn(async move {
            if i % 2 == 0 {
                client.get_server_info().send().await.map(|_| ())
            } else {
                client.delete_trigger("t1").send().await.map(|_| ())
            }
        });
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().unwrap();
    }
    let tokens = requests_to(&server, TOKEN_PATH).await;
    let mut scopes: Vec<String> = tokens
        .iter()
        .map(|r| url::form_urlencoded::parse(&r.body).find(|(k, _)| k == "scope").unwrap().1.into_owned())
        .collect();
    scopes.sort();
    assert_eq!(scopes, ["orchestration:read", "orchestration:write"]);
    assert_eq!(requests_to(&server, INFO_PATH).await.len(), 25);
}

#[tokio::test]
async fn without_credentials_there_is_no_token_request_and_no_authorization() {
    let server = MockServer::start().await;
    Mock::given(path(TOKEN_PATH)).respond_with(ResponseTemplate::new(500)).expect(0).mount(&server).await;
    mount_info(&server).await;

    builder(&server).build().unwrap().get_server_info().send().await.unwrap();
    let api = requests_to(&server, INFO_PATH).await;
    assert_eq!(header(&api[0], "authorization"), None);
}

#[tokio::test]
async fn a_failing_token_endpoint_is_an_auth_error_with_its_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"})))
        .mount(&server)
        .await;
    mount_info(&server).await;

    let err = authenticated(&server).get_server_info().send().await.unwrap_err();
    let Error::Auth(auth) = &err else { panic!("expected an auth error, got {err:?}") };
    assert_eq!(auth.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(auth.body().map(|b| b.as_ref()), Some(br#"{"error":"invalid_client"}"#.as_slice()));
    assert!(!err.is_retryable());
    assert!(requests_to(&server, INFO_PATH).await.is_empty(), "no API call without a token");
}

#[tokio::test]
async fn a_token_endpoint_that_echoes_the_secret_has_it_blanked() {
    let server = MockServer::start().await;
    let echo = format!("bad request: client_secret={CLIENT_SECRET}");
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_string(echo))
        .mount(&server)
        .await;

    let err = authenticated(&server).get_server_info().send().await.unwrap_err();
    let Error::Auth(auth) = &err else { panic!("expected an auth error, got {err:?}") };
    let body = String::from_utf8_lossy(auth.body().unwrap()).into_owned();
    assert_eq!(body, "bad request: client_secret=<redacted>");
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_a_retryable_auth_error() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .token_url("http://127.0.0.1:9/oauth/token")
        .build()
        .unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(matches!(&err, Error::Auth(a) if a.status().is_none()), "{err:?}");
    assert!(err.is_retryable());
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn token_url_can_point_elsewhere() {
    let api = MockServer::start().await;
    let auth = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("elsewhere", None)))
        .expect(1)
        .mount(&auth)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/orchestration/v2/workflows/w1"))
        .and(header_is("authorization", "Bearer elsewhere"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {
            "id": "w1", "config": {"stages": []},
            "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"
        }})))
        .mount(&api)
        .await;

    let client = builder(&api)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .token_url(format!("{}/oauth/token", auth.uri()))
        .build()
        .unwrap();
    let workflow: models::V2GetWorkflowResponse = client.get_workflow("w1").send().await.unwrap().into_inner();
    assert_eq!(workflow.data.id, "w1");
}
