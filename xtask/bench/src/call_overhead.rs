//! `call_overhead`: a `list_instances` call through the SDK against the same request made with
//! plain reqwest and decoded with serde_json into the same model type. Same reqwest version and
//! settings, same headers, a loopback keep-alive server answering a fixed page of 15 instances:
//! what differs is what the SDK does around the request (URL, headers, retries, timeouts, checks).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use formance_orchestration::{Client, models};
use reqwest::header::{ACCEPT, USER_AGENT};
use tokio::runtime::Runtime;

use crate::data;
use crate::report::{Figure, Unit};
use crate::rounds::{self, Clock, Side};
use crate::server::Server;

const INSTANCES: u64 = 15;
const CONCURRENCY: usize = 32;
/// Calls each of the concurrent tasks makes per measured batch.
const CALLS_PER_TASK: usize = 8;
const AGENT: &str = "formance-bench";

/// The reqwest settings both sides are built from.
fn http() -> reqwest::ClientBuilder {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none())
}

/// The same call without the SDK: plain reqwest and serde_json, into the SDK's model type.
#[derive(Debug, Clone)]
struct Plain {
    http: reqwest::Client,
    url: Arc<str>,
}

impl Plain {
    async fn list_instances(&self) -> Result<models::V2ListRunsResponse, String> {
        let response = self
            .http
            .get(&*self.url)
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, AGENT)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("status {}", response.status()));
        }
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    }
}

async fn sdk_call(client: &Client) -> models::V2ListRunsResponse {
    client.list_instances().send().await.expect("SDK call").into_inner()
}

/// Both sides, ready to call the same server.
#[derive(Debug)]
pub struct Setup {
    pub server: Server,
    pub runtime: Runtime,
    pub client: Client,
    plain: Plain,
}

impl Setup {
    /// Starts the server and builds both sides, then checks that they decode the same page.
    pub fn new() -> Result<Setup, String> {
        let page =
            Bytes::from(data::instances_page((0..INSTANCES).map(data::instance).collect(), false, None).to_vec());
        let server = Server::start(Arc::new(move |_: &str| page.clone()));
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
        let client = Client::builder()
            .server_url(server.base_url())
            .api_prefix("")
            .user_agent(AGENT)
            .http_client(http())
            .build()
            .map_err(|e| e.to_string())?;
        let plain = Plain {
            http: http().build().map_err(|e| e.to_string())?,
            url: format!("{}/v2/instances", server.base_url()).into(),
        };
        let (ours, theirs) = runtime.block_on(async { (sdk_call(&client).await, plain.list_instances().await) });
        let theirs = theirs?;
        if ours != theirs || ours.cursor.data.len() as u64 != INSTANCES {
            return Err("call_overhead: the SDK and plain reqwest decoded different pages".into());
        }
        Ok(Setup { server, runtime, client, plain })
    }

    /// One call through the SDK, waited for.
    pub fn sdk_call(&self) -> models::V2ListRunsResponse {
        self.runtime.block_on(sdk_call(&self.client))
    }

    /// The same call with plain reqwest, waited for.
    pub fn plain_call(&self) -> models::V2ListRunsResponse {
        self.runtime.block_on(self.plain.list_instances()).expect("plain call")
    }

    /// `CONCURRENCY` tasks making `CALLS_PER_TASK` calls each through the SDK, waited for.
    pub fn sdk_burst(&self) {
        burst(&self.runtime, |_| {
            let client = self.client.clone();
            async move {
                for _ in 0..CALLS_PER_TASK {
                    sdk_call(&client).await;
                }
            }
        })
    }

    /// The same burst with plain reqwest.
    pub fn plain_burst(&self) {
        burst(&self.runtime, |_| {
            let plain = self.plain.clone();
            async move {
                for _ in 0..CALLS_PER_TASK {
                    plain.list_instances().await.expect("plain call");
                }
            }
        })
    }
}

pub fn figures(rounds: usize) -> Result<Vec<Figure>, String> {
    let setup = Setup::new()?;
    let server = &setup.server;

    let target = Duration::from_millis(250);
    let mut sequential: Vec<Side<'_>> = vec![
        rounds::timed(Clock::Wall, target, || setup.sdk_call()),
        rounds::timed(Clock::Wall, target, || setup.plain_call()),
    ];
    let seq = rounds::interleave(rounds, &mut sequential);

    let mut concurrent: Vec<Side<'_>> = vec![
        per_call(rounds::timed(Clock::Wall, target, || setup.sdk_burst())),
        per_call(rounds::timed(Clock::Wall, target, || setup.plain_burst())),
    ];
    let conc = rounds::interleave(rounds, &mut concurrent);

    let requests = format!("{} requests answered, every one a page of {INSTANCES} instances", server.requests());
    Ok(vec![
        Figure::new(
            "call_overhead/sequential",
            "plain reqwest + serde_json, same model",
            Unit::Micros,
            &seq[0],
            &seq[1],
        )
        .clock(Clock::Wall),
        Figure::new(
            "call_overhead/concurrency_32",
            "plain reqwest + serde_json, same model",
            Unit::Micros,
            &conc[0],
            &conc[1],
        )
        .clock(Clock::Wall)
        .note(format!("time per call with {CONCURRENCY} calls in flight; {requests}")),
    ])
}

/// Runs `CONCURRENCY` tasks made by `task` to completion.
fn burst<F: Future<Output = ()> + Send + 'static>(runtime: &Runtime, task: impl Fn(usize) -> F) {
    runtime.block_on(async {
        let handles: Vec<_> = (0..CONCURRENCY).map(|i| tokio::spawn(task(i))).collect();
        for handle in handles {
            handle.await.expect("task");
        }
    });
}

/// Turns the time of one burst into the time per call.
fn per_call(mut burst: Side<'_>) -> Side<'_> {
    Box::new(move || burst() / (CONCURRENCY * CALLS_PER_TASK) as f64)
}
