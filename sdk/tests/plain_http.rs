//! No secret in clear text (issue 16, item 4): `build()` refuses credentials, a bearer token or a
//! token provider with a plain-http server or token URL off the machine, unless told otherwise.

mod harness;

use formance_orchestration::{BoxError, Client, ClientBuilder, Error, Token, TokenProvider};
use harness::CLIENT_SECRET;

struct Provider;

impl TokenProvider for Provider {
    async fn token(&self, _: &[&str]) -> Result<Token, BoxError> {
        Ok(Token::new("t"))
    }
}

/// Each way to authenticate, on a builder pointed at `server`, with the setting's name.
fn authenticated(server: &str) -> [(ClientBuilder, &'static str); 3] {
    let builder = || Client::builder().server_url(server);
    [
        (builder().client_credentials("id", CLIENT_SECRET), "client_credentials"),
        (builder().bearer_token("b3arer-SECRET"), "bearer_token"),
        (builder().token_provider(Provider), "token_provider"),
    ]
}

#[test]
fn secrets_over_plain_http_off_the_machine_are_refused_naming_the_setting_and_the_way_out() {
    let remote = [
        "http://api.example.com",
        "http://10.0.0.1:8080",
        "http://0.0.0.0",
        "http://[::2]",
        "http://127.0.0.1.example.com",
        "http://localhost.example.com",
    ];
    for server in remote {
        for (builder, setting) in authenticated(server) {
            let err = builder.build().unwrap_err();
            let Error::InvalidRequest(e) = &err else { panic!("{server} {setting}: {err:?}") };
            let message = e.message();
            for named in [setting, "server URL", "allow_insecure_http(true)"] {
                assert!(message.contains(named), "{named} missing from {message}");
            }
            assert!(!message.contains(CLIENT_SECRET) && !message.contains("b3arer-SECRET"), "{message}");
        }
    }
    let token_url = Client::builder()
        .server_url("https://api.example.com")
        .client_credentials("id", CLIENT_SECRET)
        .token_url("http://auth.example.com/oauth/token")
        .build()
        .unwrap_err();
    assert!(
        matches!(&token_url, Error::InvalidRequest(e) if e.message().contains("token URL") && e.message().contains("allow_insecure_http(true)")),
        "{token_url:?}"
    );
}

#[test]
fn loopback_https_no_secret_or_allow_insecure_http_are_accepted() {
    for server in
        ["http://localhost", "http://LOCALHOST:8080", "http://127.0.0.1:4010", "http://127.9.8.7", "http://[::1]:8080"]
    {
        for (builder, setting) in authenticated(server) {
            builder.build().unwrap_or_else(|e| panic!("{server} {setting}: {e:?}"));
        }
    }
    for (builder, setting) in authenticated("https://api.example.com") {
        builder.build().unwrap_or_else(|e| panic!("https {setting}: {e:?}"));
    }
    for (builder, setting) in authenticated("http://api.example.com") {
        builder.allow_insecure_http(true).build().unwrap_or_else(|e| panic!("allowed {setting}: {e:?}"));
    }
    Client::builder().server_url("http://api.example.com").build().expect("no secret to protect");
    Client::builder()
        .server_url("http://localhost:8080")
        .client_credentials("id", "secret")
        .token_url("http://127.0.0.1:9000/token")
        .build()
        .expect("a local stack with a local token endpoint");
}
