//! A stack on Formance Cloud: its URL from the organization and the region, OAuth2 client
//! credentials from the environment, and the settings a production service usually changes.
//!
//! ```sh
//! FORMANCE_ORGANIZATION=acme-1234 FORMANCE_ENVIRONMENT=eu-west-1 \
//! FORMANCE_CLIENT_ID=... FORMANCE_CLIENT_SECRET=... \
//!     cargo run -p formance-orchestration --example formance_cloud
//! ```
//!
//! Without `FORMANCE_ORGANIZATION`, the server is `FORMANCE_SERVER_URL` (default `http://localhost`),
//! so the example also runs against a local stack or `cargo xtask mock`. `FORMANCE_ENVIRONMENT` is
//! `eu.sandbox` (the default), `eu-west-1` or `us-east-1`.

use std::time::Duration;

use formance_orchestration::{Client, ClientBuilder, DEFAULT_SERVER_URL, Environment, RetryPolicy};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = configure()?
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(3))
        .retry(RetryPolicy::default().max_attempts(4))
        .user_agent("formance-cloud-example/1.0")
        .build()?;
    println!("client for {}", client.base_url());

    let info = client.get_server_info().send().await?;
    println!("server: orchestration {}", info.version);
    let workflows = client.list_workflows().page_size(5).send().await?;
    println!("first page: {} workflow(s), more: {}", workflows.cursor.data.len(), workflows.cursor.has_more);
    Ok(())
}

/// Where the stack is and how to authenticate, from the environment.
fn configure() -> Result<ClientBuilder, String> {
    let builder = match std::env::var("FORMANCE_ORGANIZATION") {
        Ok(organization) => {
            let environment = match std::env::var("FORMANCE_ENVIRONMENT").as_deref() {
                Err(_) | Ok("eu.sandbox") => Environment::EuSandbox,
                Ok("eu-west-1") => Environment::EuWest1,
                Ok("us-east-1") => Environment::UsEast1,
                Ok(other) => {
                    return Err(format!("FORMANCE_ENVIRONMENT={other:?}: expected eu.sandbox, eu-west-1 or us-east-1"));
                }
            };
            println!("Formance Cloud: organization {organization}, environment {}", environment.as_str());
            Client::formance_cloud(organization, environment)
        }
        Err(_) => Client::builder()
            .server_url(std::env::var("FORMANCE_SERVER_URL").unwrap_or_else(|_| DEFAULT_SERVER_URL.to_owned())),
    };
    // The secret stays in the SDK: it is never printed, logged or shown by `Debug`.
    match (std::env::var("FORMANCE_CLIENT_ID"), std::env::var("FORMANCE_CLIENT_SECRET")) {
        (Ok(id), Ok(secret)) => {
            println!("authenticating as client {id}");
            Ok(builder.client_credentials(id, secret))
        }
        _ => {
            println!("FORMANCE_CLIENT_ID and FORMANCE_CLIENT_SECRET are not both set: sending no credentials");
            Ok(builder)
        }
    }
}
