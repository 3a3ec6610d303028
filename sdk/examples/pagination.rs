//! Reading a list operation: one page at a time with its cursor, or every item as a stream.
//!
//! ```sh
//! FORMANCE_SERVER_URL=http://127.0.0.1:4010 cargo run -p formance-orchestration --example pagination
//! ```
//!
//! `ClientBuilder::from_env()` reads the configuration: `FORMANCE_SERVER_URL` defaults to
//! `http://localhost`, a local Formance stack's gateway, and when `FORMANCE_CLIENT_ID` and
//! `FORMANCE_CLIENT_SECRET` are set, the client authenticates with them.

use formance_orchestration::{ClientBuilder, Error};
use futures_util::{StreamExt, TryStreamExt};

/// Pages read by hand before stopping, to keep the example short on a busy stack.
const MAX_PAGES: usize = 3;

#[tokio::main]
async fn main() -> Result<(), Error> {
    // FORMANCE_SERVER_URL, FORMANCE_CLIENT_ID, FORMANCE_CLIENT_SECRET...: see the README's
    // "From the environment".
    let client = ClientBuilder::from_env()?.build()?;

    // By hand: the filters go with the first request only; later requests send the cursor alone,
    // which carries them.
    let mut cursor: Option<String> = None;
    for number in 1..=MAX_PAGES {
        let request = match cursor.take() {
            Some(cursor) => client.list_workflows().cursor(cursor),
            None => client.list_workflows().page_size(10),
        };
        let page = request.send().await?.into_inner().cursor;
        println!("workflows, page {number}: {} item(s)", page.data.len());
        for workflow in &page.data {
            println!("  {} {}", workflow.id, workflow.config.name.as_deref().unwrap_or("(no name)"));
        }
        cursor = page.next.filter(|next| page.has_more && !next.is_empty());
        if cursor.is_none() {
            println!("no more pages");
            break;
        }
    }
    if cursor.is_some() {
        println!("stopped after {MAX_PAGES} pages; more remain");
    }

    // As a stream: pages are fetched as the items are consumed, so `take` reads only what it needs.
    let running: Vec<_> = client.list_instances().running(true).page_size(50).into_stream().take(20).collect().await;
    let running: Vec<_> = running.into_iter().collect::<Result<_, Error>>()?;
    println!("first {} instance(s) listed with running=true:", running.len());
    for instance in &running {
        let state = if instance.terminated { "terminated" } else { "running" };
        println!("  {} of workflow {} ({state})", instance.id, instance.workflow_id);
    }

    // Or fold every item without holding them all.
    let terminated = client
        .list_instances()
        .page_size(100)
        .into_stream()
        .try_fold(0usize, |count, instance| async move { Ok(count + usize::from(instance.terminated)) })
        .await?;
    println!("{terminated} terminated instance(s) in all");
    Ok(())
}
