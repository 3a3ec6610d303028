//! A stack on Formance Cloud: its URL from the organization and the region, OAuth2 client
//! credentials from the environment, and the settings a production service usually changes.
//!
//! ```sh
//! FORMANCE_ORGANIZATION=acme-1234 FORMANCE_ENVIRONMENT=eu-west-1 \
//! FORMANCE_CLIENT_ID=... FORMANCE_CLIENT_SECRET=... \
//!     cargo run -p formance-orchestration --example formance_cloud
//! ```
//!
//! `ClientBuilder::from_env()` reads them (see the README's "From the environment"): with
//! `FORMANCE_ORGANIZATION` and `FORMANCE_ENVIRONMENT` (`eu.sandbox`, `eu-west-1` or `us-east-1`, or
//! `EU_WEST_1`...), the server is the stack's on Formance Cloud; without them, it is
//! `FORMANCE_SERVER_URL` (default `http://localhost`), so the example also runs against a local
//! stack or `cargo xtask mock`. A malformed value is an error naming its variable.

use std::time::Duration;

use formance_orchestration::{ClientBuilder, RetryPolicy};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The secret stays in the SDK: it is never printed, logged or shown by `Debug`.
    let client = ClientBuilder::from_env()?
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
