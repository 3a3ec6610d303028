//! The caller's own HTTP client (issue 16, item 1): used as it is, its pool shared, and what the
//! SDK's redirect rules become when that client follows redirects itself.

mod harness;

use std::time::Duration;

use formance_orchestration::models::{V2TriggerData, V2TriggerDataRequired};
use formance_orchestration::reqwest;
use formance_orchestration::{Client, Error};
use harness::*;
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// reqwest's default: follows up to 10 redirects by itself.
fn following() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test]
async fn sdk_clients_built_from_one_reqwest_client_share_its_connections() {
    let server = KeepAliveServer::start(r#"{"version":"v2"}"#).await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let client =
        |http: reqwest::Client| Client::builder().server_url(&server.url).reqwest_client(http).build().unwrap();
    let (first, second) = (client(http.clone()), client(http));
    first.get_server_info().send().await.unwrap();
    second.get_server_info().send().await.unwrap();
    first.get_server_info().send().await.unwrap();
    assert_eq!((server.requests(), server.connections()), (3, 1), "the clients did not share a connection");

    // Built by the SDK from a builder, each client has a pool of its own.
    let server = KeepAliveServer::start(r#"{"version":"v2"}"#).await;
    let client = || Client::builder().server_url(&server.url).http_client(reqwest::Client::builder()).build().unwrap();
    client().get_server_info().send().await.unwrap();
    client().get_server_info().send().await.unwrap();
    assert_eq!((server.requests(), server.connections()), (2, 2));
}

#[test]
fn settings_the_given_client_would_ignore_are_refused() {
    let err =
        Client::builder().reqwest_client(following()).connect_timeout(Duration::from_secs(1)).build().unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(e) if e.message().contains("connect_timeout")), "{err:?}");
    let err = Client::builder().reqwest_client(following()).http_client(reqwest::Client::builder()).build();
    assert!(matches!(&err, Err(Error::InvalidRequest(e)) if e.message().contains("reqwest_client")), "{err:?}");
}

/// The SDK's time bounds and size limit hold with a client of the caller's, which has none.
#[tokio::test]
async fn the_sdks_deadlines_and_limits_bound_a_given_client() {
    let silent = RawServer::start(|mut conn| async move { conn.hang().await }).await;
    let client = Client::builder().server_url(&silent.url).reqwest_client(following()).build().unwrap();
    let err = client
        .get_server_info()
        .timeout(Duration::from_millis(200))
        .retry(formance_orchestration::RetryPolicy::disabled());
    let err = err.send().await.unwrap_err();
    assert!(matches!(&err, Error::Timeout(t) if t.bound() == formance_orchestration::TimeoutBound::Attempt), "{err:?}");

    let large = RawServer::start(|mut conn| async move { conn.respond("200 OK", &[], &[b' '; 4096]).await }).await;
    let client =
        Client::builder().server_url(&large.url).reqwest_client(following()).max_response_bytes(1024).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(matches!(&err, Error::ResponseTooLarge(e) if e.limit() == 1024), "{err:?}");
}

/// Answers every request with 200 and a body the SDK would decode, for a redirect to land on.
async fn elsewhere() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"version": "from-elsewhere"})))
        .mount(&server)
        .await;
    server
}

fn redirect_to(status: u16, target: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", target)
}

#[tokio::test]
async fn a_client_that_follows_redirects_never_takes_a_body_to_another_origin() {
    let other = elsewhere().await;
    let server = MockServer::start().await;
    mount_token(&server, "tok-PRIVATE", Some(3600)).await;
    let target = format!("{}/api/orchestration/v2/triggers", other.uri());
    for status in [307, 308] {
        Mock::given(method("POST"))
            .and(path("/api/orchestration/v2/triggers"))
            .respond_with(redirect_to(status, &target))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        let client = builder(&server).client_credentials(CLIENT_ID, CLIENT_SECRET).reqwest_client(following());
        let err = client
            .build()
            .unwrap()
            .create_trigger(V2TriggerData::new(V2TriggerDataRequired { event: "e", workflow_id: "w" }))
            .send()
            .await
            .unwrap_err();
        let Error::Redirect(refused) = &err else { panic!("{status}: {err:?}") };
        assert!(err.to_string().contains("another origin"), "{err}");
        assert_eq!(refused.location(), Some(target.as_str()));
    }
    assert!(requests(&other).await.is_empty(), "the request went to the other origin");
}

#[tokio::test]
async fn a_same_origin_307_comes_back_to_the_sdk_which_follows_it_with_the_body() {
    let server = MockServer::start().await;
    Mock::given(path("/api/orchestration/v2/triggers"))
        .respond_with(redirect_to(307, "/api/orchestration/v2/triggers-moved"))
        .mount(&server)
        .await;
    Mock::given(path("/api/orchestration/v2/triggers-moved"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {
            "id": "t", "event": "e", "workflowID": "w", "createdAt": "2024-01-01T00:00:00Z"}})))
        .mount(&server)
        .await;
    let client = builder(&server).reqwest_client(following()).build().unwrap();
    client
        .create_trigger(V2TriggerData::new(V2TriggerDataRequired { event: "e", workflow_id: "w" }))
        .send()
        .await
        .unwrap();
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(request.body, br#"{"event":"e","workflowID":"w"}"#);
        assert_eq!(header(request, "content-length"), Some("30"), "a body of known length, not chunked");
        assert_eq!(header(request, "transfer-encoding"), None);
    }
}

#[tokio::test]
async fn a_redirect_the_client_followed_itself_is_refused() {
    let other = elsewhere().await;
    let server = MockServer::start().await;
    let target = format!("{}/somewhere?x=1", other.uri());
    Mock::given(path(INFO_PATH)).respond_with(redirect_to(302, &target)).mount(&server).await;
    let client = builder(&server).bearer_token("bearer-PRIVATE").reqwest_client(following()).build().unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    let Error::Redirect(refused) = &err else { panic!("the other origin's answer was taken: {err:?}") };
    assert_eq!(refused.location(), Some(target.as_str()));
    assert!(err.to_string().contains("Policy::none()"), "{err}");
    // What went there is reqwest's doing: it drops `Authorization` when the host or port changes.
    let there = only_request(&other).await;
    assert_eq!(header(&there, "authorization"), None);

    // A redirect the SDK would follow itself, followed by the client instead: refused as well.
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH)).respond_with(redirect_to(302, "/api/orchestration/v2/_info2")).mount(&server).await;
    mount_info(&server).await;
    Mock::given(path("/api/orchestration/v2/_info2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"version": "v2"})))
        .mount(&server)
        .await;
    let err = builder(&server).reqwest_client(following()).build().unwrap().get_server_info().send().await;
    assert!(matches!(err, Err(Error::Redirect(_))), "{err:?}");
}

#[tokio::test]
async fn the_client_secret_never_follows_a_redirect_of_the_token_endpoint() {
    let other = elsewhere().await;
    for status in [301, 302, 303, 307, 308] {
        let server = MockServer::start().await;
        Mock::given(path(TOKEN_PATH))
            .respond_with(redirect_to(status, &format!("{}/token", other.uri())))
            .mount(&server)
            .await;
        mount_info(&server).await;
        let client = builder(&server).client_credentials(CLIENT_ID, CLIENT_SECRET).reqwest_client(following());
        let err = client.build().unwrap().get_server_info().send().await.unwrap_err();
        assert!(matches!(&err, Error::Auth(_)) && err.to_string().contains("redirect"), "{status}: {err:?}");
        assert!(!everything_said_about(&err).contains(CLIENT_SECRET));
        assert!(requests_to(&server, INFO_PATH).await.is_empty(), "{status}: an API call went out without a token");
    }
    for request in requests(&other).await {
        let said = format!("{} {} {:?}", request.url, String::from_utf8_lossy(&request.body), request.headers);
        assert!(!said.contains(CLIENT_SECRET), "the client secret reached another origin: {said}");
        assert_eq!(request.method.as_str(), "GET", "only reqwest's GET after a 301-303 may go there: {said}");
    }
}

#[tokio::test]
async fn a_url_with_an_encoded_query_is_not_taken_for_a_redirect() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"cursor": {
            "pageSize": 15, "hasMore": false, "data": []}})))
        .mount(&server)
        .await;
    let client = builder(&server).reqwest_client(following()).build().unwrap();
    client.list_instances().workflow_id("a b/é&x=%2F?#").running(true).send().await.unwrap();
    let err = client.get_instance("a|b^c{d}[e] é%/?#").send().await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "taken for a redirect? {err:?}"); // the body is a list
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2, "{sent:?}");
}
