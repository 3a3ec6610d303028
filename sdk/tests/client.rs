//! Client configuration seen from the server: user agent, a caller's own HTTP client, thread safety.

mod harness;

use formance_orchestration::{
    Client, DEFAULT_API_PREFIX, DEFAULT_ORGANIZATION, DEFAULT_SERVER_URL, DEFAULT_TOKEN_URL, Environment, Error,
    servers,
};
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

/// What the spec says (its first server, its OAuth2 `tokenUrl`) and the SDK's generation options (the
/// gateway prefix) are the builder's defaults.
#[test]
fn defaults_come_from_the_spec_and_the_generation_options() {
    assert_eq!((DEFAULT_SERVER_URL, DEFAULT_API_PREFIX), ("http://localhost", "/api/orchestration"));
    assert_eq!(DEFAULT_TOKEN_URL, "/api/auth/oauth/token");
    assert_eq!(Client::builder().build().unwrap().base_url(), "http://localhost/api/orchestration");
    let client = Client::builder().client_credentials("id", "secret").build().unwrap();
    assert!(format!("{client:?}").contains("token_url: Some(\"http://localhost/api/auth/oauth/token\")"), "{client:?}");
}

/// The spec's Formance Cloud server, with its `{organization}` and `{environment}` variables.
#[test]
fn server_presets_build_the_spec_urls() {
    let client = Client::formance_cloud("acme-1234", Environment::UsEast1).build().unwrap();
    assert_eq!(client.base_url(), "https://acme-1234.us-east-1.formance.cloud/api/orchestration");
    let default = Client::formance_cloud(DEFAULT_ORGANIZATION, Environment::default()).build().unwrap();
    assert_eq!(default.base_url(), "https://orgid-stackid.eu.sandbox.formance.cloud/api/orchestration");
    assert_eq!(servers::formance_cloud("a", Environment::EuWest1), "https://a.eu-west-1.formance.cloud");
    assert_eq!(Environment::EuSandbox.to_string(), "eu.sandbox");
}

/// An organization is a value of the caller's: one that holds `/`, `?`, `#`, `@`, `:` or a space is
/// percent-encoded into the host, which `build()` then refuses, instead of a URL pointing elsewhere.
#[test]
fn a_server_variable_cannot_move_the_client_to_another_host() {
    let hostile =
        ["evil.example/x", "evil.example/x#", "evil.example?a=", "u:p@evil.example/", "evil.example:1/", "bad org"];
    for organization in hostile {
        match Client::formance_cloud(organization, Environment::EuWest1).build() {
            Err(Error::InvalidRequest(_)) => {}
            Err(other) => panic!("{organization:?}: {other:?}"),
            Ok(client) => panic!("{organization:?} is accepted, the client points at {}", client.base_url()),
        }
    }
    let fine = Client::formance_cloud("acme-1234.eu", Environment::EuWest1).build().unwrap();
    assert_eq!(fine.base_url(), "https://acme-1234.eu.eu-west-1.formance.cloud/api/orchestration");
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

/// Built by the SDK from the caller's builder, or given whole (`reqwest_client`, used as it is).
#[tokio::test]
async fn a_callers_http_client_is_the_one_used() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-tenant", reqwest::header::HeaderValue::from_static("acme"));
    let http = || reqwest::Client::builder().default_headers(headers.clone());

    builder(&server).http_client(http()).build().unwrap().get_server_info().send().await.unwrap();
    builder(&server).reqwest_client(http().build().unwrap()).build().unwrap().get_server_info().send().await.unwrap();
    let requests = requests_to(&server, INFO_PATH).await;
    let tenants: Vec<Option<&str>> = requests.iter().map(|r| header(r, "x-tenant")).collect();
    assert_eq!(tenants, [Some("acme"), Some("acme")]);
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
