//! The calls most programs start with: check the server, register a workflow, run it, list its
//! instances, read an instance's history, and handle an error the API documents.
//!
//! Against the mock of the API (`cargo xtask mock` in another terminal):
//!
//! ```sh
//! FORMANCE_SERVER_URL=http://127.0.0.1:4010 cargo run -p formance-orchestration --example quickstart
//! ```
//!
//! `ClientBuilder::from_env()` reads the configuration: `FORMANCE_SERVER_URL` defaults to
//! `http://localhost`, a local Formance stack's gateway, and when `FORMANCE_CLIENT_ID` and
//! `FORMANCE_CLIENT_SECRET` are set, the client authenticates with them.

use formance_orchestration::models::{
    V2ErrorErrorCode, V2Monetary, V2MonetaryRequired, V2RunWorkflowRequest, V2StageSend, V2StageSendDestination,
    V2StageSendSource, V2StageSendSourceAccount, V2WorkflowConfig,
};
use formance_orchestration::{ClientBuilder, Error, WorkflowStage, serde_json};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // FORMANCE_SERVER_URL, FORMANCE_CLIENT_ID, FORMANCE_CLIENT_SECRET...: see the README's
    // "From the environment".
    let client = ClientBuilder::from_env()?.build()?;
    println!("client for {}", client.base_url());

    let info = client.get_server_info().send().await?;
    println!("server: orchestration {}", info.version);

    let config = config()?;
    let workflow = client.create_workflow(config).send().await?.into_inner().data;
    println!("created workflow {} with {} stage(s)", workflow.id, workflow.config.stages.len());

    let variables = V2RunWorkflowRequest::from([("customer".to_owned(), "users:001".to_owned())]);
    let instance = client.run_workflow(&workflow.id).body(variables).send().await?.into_inner().data;
    println!("started instance {} of workflow {}", instance.id, instance.workflow_id);

    // Every page, one request at a time, as one stream of instances.
    let instances: Vec<_> =
        client.list_instances().workflow_id(&workflow.id).page_size(100).into_stream().try_collect().await?;
    println!("listed {} instance(s) of workflow {}:", instances.len(), workflow.id);
    for listed in &instances {
        let state = if listed.terminated { "terminated" } else { "running" };
        println!("  {} ({state}, started {})", listed.id, listed.created_at);
    }

    let history = client.get_instance_history(&instance.id).send().await?.into_inner().data;
    println!("instance {} history: {} stage(s)", instance.id, history.len());
    for stage in &history {
        let outcome = match (&stage.error, stage.terminated) {
            (Some(error), _) => format!("failed: {error}"),
            (None, true) => "done".to_owned(),
            (None, false) => "in progress".to_owned(),
        };
        println!("  {} started {}: {outcome}", stage.name, stage.started_at);
    }

    // The API takes page sizes from 1 to 1000: a larger one is refused with its documented error.
    match client.list_instances().page_size(5000).send().await {
        Err(Error::Api(error)) => {
            let kind = match &error.body().error_code {
                V2ErrorErrorCode::Validation => "a validation error",
                V2ErrorErrorCode::NotFound => "not found",
                _ => "another error",
            };
            println!("page size 5000 refused with HTTP {}, {kind}: {}", error.status(), error.body().error_message);
        }
        Err(other) => return Err(other.into()),
        Ok(_) => println!("page size 5000 accepted: this server does not enforce the documented maximum"),
    }
    Ok(())
}

/// The workflow's stages: one `send` stage that moves 10.00 USD from `world` to `users:001`, built
/// from the typed stage models (`WorkflowStage`).
fn config() -> Result<V2WorkflowConfig, serde_json::Error> {
    let account = |id: &str| V2StageSendSourceAccount::new(id).ledger("default");
    let send = V2StageSend::new()
        .source(V2StageSendSource::new().account(account("world")))
        .destination(V2StageSendDestination::new().account(account("users:001")))
        .amount(V2Monetary::new(V2MonetaryRequired { asset: "USD/2", amount: 1000 }));
    Ok(V2WorkflowConfig::from_stages([WorkflowStage::from(send)])?.name("quickstart-payout"))
}
