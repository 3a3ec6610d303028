//! Client configuration seen from the server: user agent, a caller's own HTTP client, thread safety.

mod harness;

use formance_orchestration::{Client, Error};
use harness::*;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn assert_shareable<T: Send + Sync + Clone + 'static>() {}
fn assert_send<T: Send>(_: &T) {}

#[test]
fn the_client_is_cheap_to_share_across_tasks() {
    assert_shareable::<Client>();
    let client = Client::builder().build().unwrap();
    assert_send(&client.list_instances().workflow_id("w").send());
    assert_send(&client.list_instances().into_stream());
    fn error_is_std_error<E: std::error::Error + Send + Sync + 'static>() {}
    error_is_std_error::<Error>();
}

#[tokio::test]
async fn the_user_agent_names_the_crate_or_what_the_caller_sets() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    builder(&server).build().unwrap().get_server_info().send().await.unwrap();
    builder(&server).user_agent("billing-service/4.2").build().unwrap().get_server_info().send().await.unwrap();

    let agents: Vec<String> =
        requests_to(&server, INFO_PATH).await.iter().map(|r| header(r, "user-agent").unwrap().to_owned()).collect();
    assert_eq!(
        agents,
        [format!("formance-orchestration-rust/{}", env!("CARGO_PKG_VERSION")), "billing-service/4.2".to_owned()]
    );
}

#[tokio::test]
async fn a_callers_http_client_is_the_one_used() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-tenant", reqwest::header::HeaderValue::from_static("acme"));
    let http = reqwest::Client::builder().default_headers(headers);

    builder(&server).http_client(http).build().unwrap().get_server_info().send().await.unwrap();
    let requests = requests_to(&server, INFO_PATH).await;
    assert_eq!(header(&requests[0], "x-tenant"), Some("acme"));
}

#[tokio::test]
async fn a_callers_http_settings_never_follow_redirects() {
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).mount(&elsewhere).await;
    let server = MockServer::start().await;
    let to_elsewhere = ResponseTemplate::new(307).insert_header("location", format!("{}/x", elsewhere.uri()).as_str());
    Mock::given(wiremock::matchers::any()).respond_with(to_elsewhere).mount(&server).await;

    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10));
    let err = builder(&server).http_client(http).build().unwrap().get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Redirect(_)), "{err:?}");
    assert!(requests(&elsewhere).await.is_empty(), "the caller's redirect policy was overridden");
}
