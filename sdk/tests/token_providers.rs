//! Tokens from elsewhere (issue 16, item 3): a static bearer token, and a provider of the caller's
//! with what client credentials have (single flight, cache, refresh after a 401, checks, redaction).

mod harness;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use formance_orchestration::models::{V2TriggerData, V2TriggerDataRequired};
use formance_orchestration::{BoxError, Error, TimeoutBound, Token, TokenProvider};
use harness::*;
use wiremock::matchers::{header as header_is, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A provider handing out `tokens[n]` on its n-th call (the last one after that), counting calls
/// and the scopes it was asked for.
struct Provider {
    tokens: Vec<&'static str>,
    expires_in: Option<Duration>,
    delay: Duration,
    calls: AtomicUsize,
    scopes: Mutex<Vec<String>>,
}

impl Provider {
    fn new(tokens: &[&'static str]) -> Self {
        let tokens = tokens.to_vec();
        Self { tokens, expires_in: None, delay: Duration::ZERO, calls: AtomicUsize::new(0), scopes: Mutex::default() }
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

/// The provider, shared with the test that reads its counters.
struct Shared(Arc<Provider>);

impl TokenProvider for Shared {
    async fn token(&self, scopes: &[&str]) -> Result<Token, BoxError> {
        let provider = &self.0;
        let call = provider.calls.fetch_add(1, Ordering::SeqCst);
        provider.scopes.lock().unwrap().push(scopes.join(" "));
        tokio::time::sleep(provider.delay).await;
        let value = provider.tokens[call.min(provider.tokens.len() - 1)];
        Ok(match provider.expires_in {
            Some(lifetime) => Token::new(value).expires_in(lifetime),
            None => Token::new(value),
        })
    }
}

fn with(provider: Provider) -> (Arc<Provider>, Shared) {
    let provider = Arc::new(provider);
    (provider.clone(), Shared(provider))
}

fn api_calls(requests: &[wiremock::Request]) -> Vec<Option<String>> {
    requests.iter().map(|r| header(r, "authorization").map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_bearer_token_goes_with_every_call_and_is_never_fetched() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    mount_token(&server, "from-endpoint", Some(3600)).await;
    let client = builder(&server).bearer_token("static-abc").build().unwrap();
    client.get_server_info().send().await.unwrap();
    client.clone().get_server_info().send().await.unwrap();
    let api = requests_to(&server, INFO_PATH).await;
    assert_eq!(api_calls(&api), [Some("Bearer static-abc".to_owned()), Some("Bearer static-abc".to_owned())]);
    assert!(requests_to(&server, TOKEN_PATH).await.is_empty(), "a token request was sent");
}

#[tokio::test]
async fn a_rejected_bearer_token_is_returned_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    let err = builder(&server).bearer_token("static-abc").build().unwrap().get_server_info().send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1, "the same token was sent again");
}

#[test]
fn an_unusable_bearer_token_is_refused_by_build_without_showing_it() {
    for token in ["", "has space", "line\r\nX-Injected: 1", "caf\u{e9}"] {
        let err = formance_orchestration::Client::builder().bearer_token(token).build().unwrap_err();
        let Error::InvalidRequest(e) = &err else { panic!("{token:?}: {err:?}") };
        assert!(e.message().contains("bearer token"), "{err}");
        assert!(token.is_empty() || !everything_said_about(&err).contains(token), "{err:?}");
    }
}

#[test]
fn a_client_authenticates_one_way() {
    let (_, provider) = with(Provider::new(&["p"]));
    let both = formance_orchestration::Client::builder().client_credentials("id", "secret").token_provider(provider);
    let err = both.build().unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.message().contains("client_credentials and token_provider")),
        "{err:?}"
    );
    let err = formance_orchestration::Client::builder().bearer_token("t").client_credentials("i", "s").build();
    assert!(matches!(err, Err(Error::InvalidRequest(_))));
}

#[tokio::test]
async fn a_provider_is_asked_per_scope_set_and_its_token_kept_until_it_expires() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    Mock::given(path("/api/orchestration/v2/triggers"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"data": {
            "id": "t", "event": "e", "workflowID": "w", "createdAt": "2024-01-01T00:00:00Z"}})))
        .mount(&server)
        .await;
    let (provider, shared) = with(Provider::new(&["read-1", "write-1"]));
    let client = builder(&server).token_provider(shared).build().unwrap();
    client.get_server_info().send().await.unwrap();
    client.get_server_info().send().await.unwrap();
    client
        .create_trigger(V2TriggerData::new(V2TriggerDataRequired { event: "e", workflow_id: "w" }))
        .send()
        .await
        .unwrap();
    client
        .create_trigger(V2TriggerData::new(V2TriggerDataRequired { event: "e", workflow_id: "w" }))
        .send()
        .await
        .unwrap();
    assert_eq!(provider.calls(), 2, "one call per scope set");
    assert_eq!(*provider.scopes.lock().unwrap(), ["orchestration:read", "orchestration:write"]);
    let sent: Vec<Option<String>> = api_calls(&requests(&server).await);
    let expected = ["read-1", "read-1", "write-1", "write-1"].map(|t| Some(format!("Bearer {t}")));
    assert_eq!(sent, expected);

    // A lifetime within the 60 s margin: used by the call that asked, never kept.
    let (provider, shared) = with(Provider { expires_in: Some(Duration::from_secs(30)), ..Provider::new(&["short"]) });
    let client = builder(&server).token_provider(shared).build().unwrap();
    client.get_server_info().send().await.unwrap();
    client.get_server_info().send().await.unwrap();
    assert_eq!(provider.calls(), 2);
}

#[tokio::test]
async fn concurrent_calls_share_one_provider_call() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    let (provider, shared) = with(Provider { delay: Duration::from_millis(100), ..Provider::new(&["shared"]) });
    let client = builder(&server).token_provider(shared).build().unwrap();
    all_succeed_at_once(&client, 20).await;
    assert_eq!(provider.calls(), 1);
}

#[tokio::test]
async fn a_401_asks_the_provider_again_and_resends_once() {
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH))
        .and(header_is("authorization", "Bearer revoked"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    mount_info(&server).await;
    let (provider, shared) = with(Provider::new(&["revoked", "renewed"]));
    builder(&server).token_provider(shared).build().unwrap().get_server_info().send().await.unwrap();
    assert_eq!(provider.calls(), 2);
    let sent = api_calls(&requests(&server).await);
    assert_eq!(sent, [Some("Bearer revoked".to_owned()), Some("Bearer renewed".to_owned())]);
}

#[derive(Debug)]
struct VaultSealed;

impl std::fmt::Display for VaultSealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the vault is sealed")
    }
}

impl std::error::Error for VaultSealed {}

struct Failing;

impl TokenProvider for Failing {
    async fn token(&self, _: &[&str]) -> Result<Token, BoxError> {
        Err(Box::new(VaultSealed))
    }
}

#[tokio::test]
async fn a_provider_error_is_an_auth_error_with_its_source_and_nothing_is_sent() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    let err = builder(&server).token_provider(Failing).build().unwrap().get_server_info().send().await.unwrap_err();
    let Error::Auth(auth) = &err else { panic!("{err:?}") };
    assert_eq!(auth.status(), None);
    let source = std::error::Error::source(&err).expect("the provider's error");
    assert!(source.downcast_ref::<VaultSealed>().is_some(), "{source:?}");
    assert!(err.to_string().contains("token provider"), "{err}");
    assert!(!err.is_retryable());
    assert!(requests(&server).await.is_empty());
}

struct Panicking;

impl TokenProvider for Panicking {
    async fn token(&self, _: &[&str]) -> Result<Token, BoxError> {
        tokio::time::sleep(Duration::from_millis(50)).await;
        panic!("a bug in the provider")
    }
}

/// A panic in the provider fails the calls waiting for it, every one of them, and the next call
/// asks again: it neither spreads to them nor stays in the cache.
#[tokio::test]
async fn a_provider_that_panics_fails_the_calls_waiting_for_it_with_an_auth_error() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    let client = builder(&server).token_provider(Panicking).build().unwrap();
    let waiting: Vec<_> = (0..5).map(|_| tokio::spawn(client.get_server_info().send())).collect();
    for call in waiting {
        let err = call.await.expect("the call panicked").unwrap_err();
        assert!(matches!(&err, Error::Auth(_)) && everything_said_about(&err).contains("panicked"), "{err:?}");
    }
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(requests(&server).await.is_empty());
}

struct Hanging;

impl TokenProvider for Hanging {
    async fn token(&self, _: &[&str]) -> Result<Token, BoxError> {
        std::future::pending().await
    }
}

#[tokio::test]
async fn a_provider_that_hangs_is_bounded_by_the_attempt_deadline() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    let client = builder(&server).token_provider(Hanging).build().unwrap();
    let err = client.get_server_info().timeout(Duration::from_millis(200)).send().await.unwrap_err();
    assert!(matches!(&err, Error::Timeout(t) if t.bound() == TimeoutBound::Attempt), "{err:?}");
    assert!(requests(&server).await.is_empty());

    // The provider's own call is bounded too (by the client's attempt timeout): a later call does
    // not wait for the one that hangs forever.
    let client = builder(&server).token_provider(Hanging).timeout(Duration::from_millis(100)).build().unwrap();
    let err = client.get_server_info().timeout(Duration::from_secs(30)).send().await.unwrap_err();
    assert!(matches!(&err, Error::Auth(_)) && err.to_string().contains("did not answer"), "{err:?}");
}

#[tokio::test]
async fn an_unusable_token_from_a_provider_is_an_auth_error_never_sent_nor_kept() {
    for token in ["", "abc\r\nX-Injected: 1", "a b"] {
        let server = MockServer::start().await;
        mount_info(&server).await;
        let (provider, shared) = with(Provider::new(&[token]));
        let client = builder(&server).token_provider(shared).build().unwrap();
        for _ in 0..2 {
            let err = client.get_server_info().send().await.unwrap_err();
            assert!(matches!(err, Error::Auth(_)), "{token:?}: {err:?}");
            assert!(token.is_empty() || !everything_said_about(&err).contains(token), "{err:?}");
        }
        assert_eq!(provider.calls(), 2, "an unusable token was kept");
        assert!(requests(&server).await.is_empty(), "{token:?} was sent");
    }
}

#[tokio::test]
async fn a_call_cannot_set_authorization_when_the_client_has_a_token() {
    let server = MockServer::start().await;
    mount_info(&server).await;
    let (_, shared) = with(Provider::new(&["p"]));
    for client in
        [builder(&server).bearer_token("b").build().unwrap(), builder(&server).token_provider(shared).build().unwrap()]
    {
        let err = client.get_server_info().header("Authorization", "Bearer other").send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn provider_and_bearer_tokens_never_show_in_debug_or_errors() {
    let server = MockServer::start().await;
    // Echoes the token back in the body and a header of an error.
    Mock::given(path(INFO_PATH))
        .respond_with(|request: &wiremock::Request| {
            let echo = header(request, "authorization").unwrap_or_default().to_owned();
            ResponseTemplate::new(500).insert_header("x-echo", echo.as_str()).set_body_string(format!("got {echo}"))
        })
        .mount(&server)
        .await;
    let (_, shared) = with(Provider::new(&["prov-SECRET-1"]));
    let cases = [
        (builder(&server).bearer_token("bear-SECRET-2"), "bear-SECRET-2"),
        (builder(&server).token_provider(shared), "prov-SECRET-1"),
    ];
    for (builder, token) in cases {
        assert!(!format!("{builder:?}").contains(token));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains(token));
        let err = client.get_server_info().send().await.unwrap_err();
        let said = everything_said_about(&err);
        assert!(!said.contains(token), "{token} shows in {said}");
        assert!(String::from_utf8_lossy(err.headers().unwrap()["x-echo"].as_bytes()).contains(token));
        assert!(err.headers().unwrap()["x-echo"].is_sensitive());
    }
    assert!(!format!("{:?}", Token::new("tok-SECRET-3")).contains("tok-SECRET-3"));
}
