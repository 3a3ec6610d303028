//! Shared set-up for the client tests: a mock server standing in for a Formance stack.
#![allow(dead_code)] // each test crate uses its own subset

mod raw;
mod wire;

#[allow(unused_imports)] // only the hostile-server tests use it
pub use raw::*;
pub use wire::*;

use formance_orchestration::{Client, ClientBuilder, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const CLIENT_ID: &str = "orchestration-bot";
pub const CLIENT_SECRET: &str = "s3cr3t-VALUE-never-logged";
pub const TOKEN_PATH: &str = "/api/auth/oauth/token";
pub const INFO_PATH: &str = "/api/orchestration/v2/_info";

/// A builder pointed at `server`, with retries off unless a test turns them on.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder().server_url(server.uri()).retry(RetryPolicy::disabled())
}

pub fn authenticated(server: &MockServer) -> Client {
    builder(server).client_credentials(CLIENT_ID, CLIENT_SECRET).build().unwrap()
}

pub fn token_body(token: &str, expires_in: Option<u64>) -> serde_json::Value {
    match expires_in {
        Some(seconds) => json!({"access_token": token, "token_type": "Bearer", "expires_in": seconds}),
        None => json!({"access_token": token, "token_type": "Bearer"}),
    }
}

/// Serves `token` from the default token endpoint.
pub async fn mount_token(server: &MockServer, token: &str, expires_in: Option<u64>) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(token, expires_in)))
        .mount(server)
        .await;
}

/// Answers the first `times` requests to `route` with `response`, ahead of what else is mounted there.
pub async fn fail_first(server: &MockServer, route: &str, times: u64, response: ResponseTemplate) {
    Mock::given(path(route.to_owned()))
        .respond_with(response)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
}

/// Sends `calls` `get_server_info` calls at once, from clones of `client`, and expects each to succeed.
pub async fn all_succeed_at_once(client: &Client, calls: usize) {
    let mut running = tokio::task::JoinSet::new();
    for _ in 0..calls {
        let client = client.clone();
        running.spawn(async move { client.get_server_info().send().await.map(|_| ()) });
    }
    while let Some(outcome) = running.join_next().await {
        outcome.unwrap().unwrap();
    }
}

/// Answers `GET /v2/_info` with a version.
pub async fn mount_info(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(INFO_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"version": "v2.0.0"})))
        .mount(server)
        .await;
}

/// Requests the server received at `route`.
pub async fn requests_to(server: &MockServer, route: &str) -> Vec<wiremock::Request> {
    requests(server).await.into_iter().filter(|r| r.url.path() == route).collect()
}

pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Display, Debug and every source of `err`: everything an application could log about it.
pub fn everything_said_about(err: &formance_orchestration::Error) -> String {
    let mut text = format!("{err}\n{err:?}\n");
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        text.push_str(&format!("{s}\n{s:?}\n"));
        source = s.source();
    }
    text
}

/// A token endpoint answering `body` (raw JSON text) at the default path.
pub async fn mount_token_body(server: &MockServer, body: &str) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(server)
        .await;
}
