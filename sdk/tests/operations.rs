//! get_server_info, the error cases every operation shares, path encoding and the direct mode.
//! The other operations are tested in `operations_triggers.rs`, `operations_workflows.rs` and
//! `operations_instances.rs`.

mod harness;

use std::error::Error as _;

use formance_orchestration::models::V2ErrorErrorCode;
use formance_orchestration::{Client, Error, RetryPolicy};
use harness::{assert_one_line, assert_sent, only_request, requests, respond, start};
use serde_json::json;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn get_server_info() {
    let (server, client) = start(respond(200, json!({"version": "v2.1.4"}))).await;

    let resp = client.get_server_info().send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "GET", "/api/orchestration/v2/_info", None, None);
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.version, "v2.1.4");
    assert_eq!(resp.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn documented_error_is_an_api_error() {
    let body = json!({"errorCode": "NOT_FOUND", "errorMessage": "no such instance"});
    let (server, client) = start(respond(404, body).insert_header("x-request-id", "req-42")).await;

    let err = client.get_instance("missing").send().await.unwrap_err();

    assert_sent(&only_request(&server).await, "GET", "/api/orchestration/v2/instances/missing", None, None);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(!err.is_retryable());
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.headers().unwrap()["x-request-id"], "req-42");
    assert_one_line(&err);
    assert!(err.to_string().contains("404"), "{err}");
    let Error::Api(e) = &err else { panic!("expected Error::Api, got {err:?}") };
    assert_eq!(e.status().as_u16(), 404);
    assert_eq!(e.body().error_code, V2ErrorErrorCode::NotFound);
    assert_eq!(e.body().error_message, "no such instance");
    assert_eq!(e.headers()["x-request-id"], "req-42");
    assert_eq!(e.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn unknown_error_code_is_kept_and_429_is_retryable() {
    let body = json!({"errorCode": "RATE_LIMITED", "errorMessage": "slow down"});
    let (server, client) = start(respond(429, body)).await;

    let err = client.list_instances().send().await.unwrap_err();

    assert_sent(&only_request(&server).await, "GET", "/api/orchestration/v2/instances", None, None);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.is_retryable());
    assert_one_line(&err);
    let Error::Api(e) = &err else { panic!("expected Error::Api, got {err:?}") };
    assert_eq!(e.body().error_code, V2ErrorErrorCode::Unknown("RATE_LIMITED".into()));
    assert_eq!(e.body().error_code.as_str(), "RATE_LIMITED");
    assert_eq!(e.body().error_message, "slow down");
}

#[tokio::test]
async fn non_json_error_body_is_an_unexpected_status() {
    let page = "<html>bad gateway</html>";
    let template = ResponseTemplate::new(502).set_body_raw(page, "text/html").insert_header("x-proxy", "edge-1");
    let (server, client) = start(template).await;

    let err = client.read_trigger("trg-1").send().await.unwrap_err();

    assert_eq!(requests(&server).await.len(), 1, "retries are disabled");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert!(err.is_retryable());
    assert_one_line(&err);
    let Error::UnexpectedStatus(e) = &err else { panic!("expected Error::UnexpectedStatus, got {err:?}") };
    assert_eq!(e.status().as_u16(), 502);
    assert_eq!(&e.body()[..], page.as_bytes());
    assert_eq!(e.headers()["content-type"], "text/html");
    assert_eq!(e.headers()["x-proxy"], "edge-1");
    assert_eq!(err.headers().unwrap()["x-proxy"], "edge-1");
}

#[tokio::test]
async fn foreign_json_error_body_is_an_unexpected_status() {
    let (_server, client) = start(respond(500, r#"{"message":"x"}"#)).await;

    let err = client.get_workflow("w1").send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert!(err.is_retryable());
    assert_one_line(&err);
    let Error::UnexpectedStatus(e) = &err else { panic!("expected Error::UnexpectedStatus, got {err:?}") };
    assert_eq!(e.status().as_u16(), 500);
    assert_eq!(&e.body()[..], br#"{"message":"x"}"#);
    assert_eq!(e.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn success_body_of_the_wrong_shape_is_a_decode_error() {
    let (_server, client) = start(respond(200, r#"{"version": 5}"#).insert_header("x-request-id", "req-7")).await;

    let err = client.get_server_info().send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(!err.is_retryable());
    assert!(err.maybe_processed(), "a 2xx: the server acted");
    assert_one_line(&err);
    assert!(err.source().is_some(), "the decoder's error is reachable from Error");
    let Error::Decode(e) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(e.status().as_u16(), 200);
    assert_eq!(&e.body()[..], br#"{"version": 5}"#);
    assert_eq!(e.headers()["x-request-id"], "req-7");
    let source = e.source().expect("a source");
    assert!(source.is::<serde_json::Error>(), "source is the JSON error: {source:?}");
    assert!(source.to_string().contains("invalid type"), "{source}");
}

#[tokio::test]
async fn success_body_that_is_not_json_is_a_decode_error() {
    let (_server, client) = start(respond(200, "not json")).await;

    let err = client.list_triggers().send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(!err.is_retryable());
    assert_one_line(&err);
    let Error::Decode(e) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(&e.body()[..], b"not json");
    assert!(e.source().is_some_and(|s| s.is::<serde_json::Error>()));
}

#[tokio::test]
async fn hostile_path_parameter_stays_one_segment() {
    let (server, client) = start(respond(
        200,
        json!({"data": {
            "id": "a/b?c#d", "workflowID": "w1", "terminated": false,
            "createdAt": "2024-05-01T08:00:00Z", "updatedAt": "2024-05-01T08:00:00Z"
        }}),
    ))
    .await;

    let resp = client.get_instance("a/b?c#d").send().await.unwrap();
    // Only the request matters here: the canned answer is not a stage history.
    let _ = client.get_instance_stage_history("a/b?c#d", 0).send().await;

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_sent(&sent[0], "GET", "/api/orchestration/v2/instances/a%2Fb%3Fc%23d", None, None);
    assert_sent(&sent[1], "GET", "/api/orchestration/v2/instances/a%2Fb%3Fc%23d/stages/0/history", None, None);
    assert_eq!(resp.data.id, "a/b?c#d");
}

#[tokio::test]
async fn empty_path_parameter_is_refused_before_sending() {
    let (server, client) = start(respond(200, json!({"data": {}}))).await;

    for id in ["", ".", ".."] {
        let err = client.get_instance(id).send().await.unwrap_err();
        let Error::InvalidRequest(e) = &err else { panic!("{id:?}: expected InvalidRequest, got {err:?}") };
        assert!(e.message().contains("instanceID"), "{id:?}: {}", e.message());
        assert_eq!((err.status(), err.attempts(), err.is_retryable()), (None, 0, false));
        assert_one_line(&err);
    }
    let err = client.delete_trigger("").send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");

    assert!(requests(&server).await.is_empty(), "nothing may be sent for an invalid path parameter");
}

#[tokio::test]
async fn empty_api_prefix_talks_to_the_service_directly() {
    let (server, _) = start(respond(200, json!({"version": "v2.1.4"}))).await;
    let client =
        Client::builder().server_url(server.uri()).api_prefix("").retry(RetryPolicy::disabled()).build().unwrap();
    assert_eq!(client.base_url(), server.uri());

    let resp = client.get_server_info().send().await.unwrap();

    assert_sent(&only_request(&server).await, "GET", "/v2/_info", None, None);
    assert_eq!(resp.version, "v2.1.4");
}
