//! Every operation of the spec, sent through the SDK to Prism, with what went wrong collected
//! rather than stopping at the first failure.

use std::collections::BTreeSet;
use std::error::Error as _;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use formance_orchestration::models::{self, V2Subject};
use formance_orchestration::operations::ApiErrorBody;
use formance_orchestration::runtime::{IntoCall, Operation};
use formance_orchestration::{Client, Error, RawJsonObject, RetryPolicy, indexmap::IndexMap};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::prism::{Prism, spec_path};

pub const TOKEN_PATH: &str = "/oauth/token";
pub const CLIENT_ID: &str = "contract-client";
pub const CLIENT_SECRET: &str = "contract-secret";
pub const ACCESS_TOKEN: &str = "test-token";

// Identifiers taken from the spec's examples.
const WORKFLOW_ID: &str = "3b9a4f0e-6c1d-4e2a-9f7b-5d8c2e1a0b64";
const INSTANCE_ID: &str = "7e2c5a91-0f4b-4d3e-8a6c-1b9d0e2f3a47";
const TRIGGER_ID: &str = "0c5e8d27-93af-4b61-a2d4-6f1e7b3c9a08";
const CURSOR: &str = "eyJwYWdlU2l6ZSI6MTUsIm9mZnNldCI6MTV9";

/// A token endpoint that hands out [`ACCESS_TOKEN`]; Prism only checks that a bearer token is sent.
pub async fn token_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    server
}

/// A client in direct mode (no gateway prefix) pointed at Prism, with retries off so that every
/// answer is seen as it is. With `seed`, every request asks Prism (`Prefer: dynamic=true, seed=N`)
/// for responses generated with that seed, as `prism mock -d --seed N` would make them.
pub fn client(prism: &Prism, tokens: Option<&MockServer>, seed: Option<u32>) -> Client {
    let mut builder = Client::builder()
        .server_url(prism.url())
        .api_prefix("")
        .retry(RetryPolicy::disabled())
        .timeout(Duration::from_secs(10));
    if let Some(tokens) = tokens {
        builder =
            builder.client_credentials(CLIENT_ID, CLIENT_SECRET).token_url(format!("{}{TOKEN_PATH}", tokens.uri()));
    }
    if let Some(seed) = seed {
        let prefer = HeaderValue::from_str(&format!("dynamic=true, seed={seed}")).expect("a valid header");
        let http = reqwest::Client::builder()
            .default_headers(HeaderMap::from_iter([(HeaderName::from_static("prefer"), prefer)]))
            .connect_timeout(Duration::from_secs(10));
        builder = builder.http_client(http);
    }
    builder.build().unwrap_or_else(|e| panic!("the client does not build: {e:?}"))
}

/// Which parameters a pass sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Variant {
    /// Every optional query parameter, bodies with every field.
    Full,
    /// Path parameters only; bodies with their required fields only, and once more with no body
    /// at all (no request body of the spec is required).
    Required,
}

/// The `operationId`s of the spec, read from its text.
pub fn spec_operation_ids() -> BTreeSet<String> {
    let spec = std::fs::read_to_string(spec_path()).unwrap_or_else(|e| panic!("cannot read the spec: {e}"));
    let ids: BTreeSet<String> = spec
        .lines()
        .filter_map(|line| line.trim().strip_prefix("operationId:"))
        .map(|id| id.trim().trim_matches(['"', '\'']).to_owned())
        .collect();
    assert!(!ids.is_empty(), "no `operationId:` found in {}", spec_path().display());
    ids
}

/// One run of calls against one Prism, and everything it found.
#[derive(Debug)]
pub struct Pass {
    label: String,
    started: Instant,
    calls: usize,
    covered: BTreeSet<(Variant, &'static str)>,
    failures: Vec<String>,
    /// Violations Prism found in its own responses: about the spec, not the SDK.
    response_violations: BTreeSet<String>,
    pub subjects: SubjectTally,
    /// The `version` of the first `get_server_info` answer: it tells seeds apart.
    pub version: Option<String>,
}

/// The `V2Subject`s met in decoded responses, by variant.
#[derive(Debug, Default)]
pub struct SubjectTally {
    pub account: usize,
    pub wallet: usize,
    /// The `type` of each subject that decoded as `Unknown`.
    pub unknown: Vec<String>,
}

impl Pass {
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            started: Instant::now(),
            calls: 0,
            covered: BTreeSet::new(),
            failures: Vec::new(),
            response_violations: BTreeSet::new(),
            subjects: SubjectTally::default(),
            version: None,
        }
    }

    /// Sends `call`, which must be accepted by Prism (no violation of the request) and decode into
    /// the SDK's type. Records a failure otherwise.
    pub async fn check<B, P>(&mut self, variant: Variant, call: B) -> Option<P::Output>
    where
        B: IntoCall<Operation = P>,
        P: Operation<ErrorBody = ApiErrorBody>,
    {
        let call = call.into_call();
        let info = P::INFO;
        let what = format!("{} ({} {}, {variant:?})", info.id, info.method.as_str(), info.path);
        self.calls += 1;
        self.covered.insert((variant, info.id));
        match call.send().await {
            Ok(response) => {
                let (request, response_side) = violations(response.headers());
                if !request.is_empty() {
                    self.fail(format!(
                        "{what}: accepted, but Prism found the request off-spec:\n    {}",
                        request.join("\n    ")
                    ));
                }
                for violation in response_side {
                    self.response_violations.insert(format!("{}: {violation}", info.id));
                }
                Some(response.into_inner())
            }
            Err(error) => {
                self.fail(format!("{what}: {}", describe(&error)));
                None
            }
        }
    }

    pub fn fail(&mut self, message: String) {
        self.failures.push(message);
    }

    /// Prints what the pass did; returns every failure, including an operation of the spec that was
    /// not sent with each of `variants`.
    pub fn finish(self, variants: &[Variant]) -> Result<(), String> {
        let mut failures = self.failures;
        for id in spec_operation_ids() {
            for variant in variants {
                if !self.covered.iter().any(|(v, covered)| v == variant && *covered == id) {
                    failures.push(format!("{id}: never sent with the {variant:?} parameters"));
                }
            }
        }
        let operations: BTreeSet<_> = self.covered.iter().map(|(_, id)| *id).collect();
        println!(
            "[{}] {} calls over {} operations in {:.2?}; subjects decoded: {} ACCOUNT, {} WALLET, {} other {:?}",
            self.label,
            self.calls,
            operations.len(),
            self.started.elapsed(),
            self.subjects.account,
            self.subjects.wallet,
            self.subjects.unknown.len(),
            self.subjects.unknown.iter().take(5).collect::<Vec<_>>(),
        );
        if !self.response_violations.is_empty() {
            println!(
                "[{}] Prism found its own responses off-spec (a property of the spec, not of the SDK):\n    {}",
                self.label,
                self.response_violations.iter().cloned().collect::<Vec<_>>().join("\n    ")
            );
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(format!("[{}] {} failure(s):\n  {}", self.label, failures.len(), failures.join("\n  ")))
        }
    }
}

/// Splits an `sl-violations` header into violations of the request and of Prism's own response.
pub fn violations(headers: &HeaderMap) -> (Vec<String>, Vec<String>) {
    let Some(header) = headers.get("sl-violations") else { return (Vec::new(), Vec::new()) };
    let text = String::from_utf8_lossy(header.as_bytes());
    let Ok(Value::Array(list)) = serde_json::from_str::<Value>(&text) else {
        return (vec![format!("unreadable sl-violations header: {text}")], Vec::new());
    };
    let mut request = Vec::new();
    let mut response = Vec::new();
    for violation in list {
        let location = violation["location"].as_array().cloned().unwrap_or_default();
        let side = location.first().and_then(Value::as_str).unwrap_or_default().to_owned();
        let message = violation["message"].as_str().unwrap_or_default();
        if side == "request" {
            request.push(format!("{}: {message} ({})", violation["severity"], violation["code"]));
        } else {
            response.push(without_indexes(message));
        }
    }
    (request, response)
}

/// `data.0.input` and `data.7.input` are one finding: array indexes become `N`.
fn without_indexes(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '.' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.next_if(char::is_ascii_digit).is_some() {}
            out.push('N');
        }
    }
    out
}

/// Everything useful about a failed call: the error, Prism's violations, the body, the decoder's words.
pub fn describe(error: &Error) -> String {
    let mut text = format!("{error} [{}]", variant_name(error));
    if let Some(header) = error.headers().and_then(|h| h.get("sl-violations")) {
        let _ = write!(text, "\n    sl-violations: {}", String::from_utf8_lossy(header.as_bytes()));
    }
    let body = match error {
        Error::Api(e) => Some(serde_json::to_string(e.body()).unwrap_or_default()),
        Error::UnexpectedStatus(e) => Some(String::from_utf8_lossy(e.body()).into_owned()),
        Error::Decode(e) => Some(String::from_utf8_lossy(e.body()).into_owned()),
        _ => None,
    };
    let mut column = None;
    let mut source = error.source();
    while let Some(cause) = source {
        let _ = write!(text, "\n    caused by: {cause}");
        if let Some(json) = cause.downcast_ref::<serde_json::Error>() {
            column = Some(json.column());
        }
        source = cause.source();
    }
    if let Some(body) = body {
        // Show the part of the body the decoder stopped at, and not all of a long body.
        let at = column.unwrap_or(0).min(body.len());
        let from = char_boundary(&body, at.saturating_sub(600));
        let to = char_boundary(&body, (at + 300).min(body.len()));
        let _ = write!(text, "\n    body ({} bytes, from byte {from}): {}", body.len(), &body[from..to]);
    }
    text
}

/// The nearest char boundary at or before `index`.
fn char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn variant_name(error: &Error) -> &'static str {
    match error {
        Error::Api(_) => "Error::Api",
        Error::UnexpectedStatus(_) => "Error::UnexpectedStatus",
        Error::Decode(_) => "Error::Decode",
        Error::Transport(_) => "Error::Transport",
        Error::Timeout(_) => "Error::Timeout",
        Error::Auth(_) => "Error::Auth",
        Error::InvalidRequest(_) => "Error::InvalidRequest",
        Error::Pagination(_) => "Error::Pagination",
        _ => "Error::?",
    }
}

fn object(value: Value) -> RawJsonObject {
    RawJsonObject::try_from(value).expect("a JSON object")
}

/// Sends each of the spec's operations with the parameters of `variant`.
pub async fn every_operation(client: &Client, variant: Variant, pass: &mut Pass) {
    let full = variant == Variant::Full;
    // Path parameters that need escaping when every parameter is set.
    let (workflow, instance, trigger) =
        if full { ("wf 1:é", "instance/1 ?#", "trigger%1") } else { (WORKFLOW_ID, INSTANCE_ID, TRIGGER_ID) };

    if let Some(info) = pass.check(variant, client.get_server_info()).await {
        pass.version.get_or_insert(info.version);
    }

    // Triggers.
    let list = client.list_triggers();
    pass.check(variant, if full { list.cursor(CURSOR).page_size(15).name("payout-on-payment") } else { list }).await;

    let trigger_body = if full {
        models::V2TriggerData::new(models::V2TriggerDataRequired { event: "SAVED_PAYMENT", workflow_id: WORKFLOW_ID })
            .version("v2")
            .filter("event.amount > 100")
            .vars(object(json!({"amount": "event.amount", "nested": {"list": [1, true, null, "x"]}})))
            .name("payout-on-payment")
    } else {
        models::V2TriggerData::new(models::V2TriggerDataRequired { event: "SAVED_PAYMENT", workflow_id: WORKFLOW_ID })
    };
    pass.check(variant, client.create_trigger(trigger_body)).await;
    pass.check(variant, client.read_trigger(trigger)).await;
    pass.check(variant, client.delete_trigger(trigger)).await;

    let event = if full {
        object(json!({"type": "SAVED_PAYMENT", "payload": {"amount": 12345678901234567890u64, "asset": "USD/2"}}))
    } else {
        RawJsonObject::default()
    };
    pass.check(variant, client.test_trigger(trigger, event)).await;

    let occurrences = client.list_triggers_occurrences(trigger);
    pass.check(variant, if full { occurrences.cursor(CURSOR).page_size(1000) } else { occurrences }).await;

    // Workflows.
    let workflows = client.list_workflows();
    pass.check(variant, if full { workflows.cursor(CURSOR).page_size(1) } else { workflows }).await;

    let config = if full {
        models::V2WorkflowConfig::new(vec![
            object(json!({"send": {
                "source": {"account": {"id": "world", "ledger": "default"}},
                "destination": {"wallet": {"id": "9d4f1a6b-2e7c-4b8d-a0f3-5c6e7d8b9a12", "balance": "main"}},
                "amount": {"asset": "USD/2", "amount": 1000}
            }})),
            object(json!({"delay": {"duration": "1h30m"}})),
            object(json!({"wait_event": {"event": "payout-approved"}})),
            object(json!({"update": {"account": {"id": "users:001", "ledger": "default", "metadata": {"k": "v"}}}})),
        ])
        .name("pay-out-customer")
    } else {
        models::V2WorkflowConfig::new(Vec::new())
    };
    pass.check(variant, client.create_workflow(config)).await;
    pass.check(variant, client.get_workflow(workflow)).await;
    pass.check(variant, client.delete_workflow(workflow)).await;

    let run = client.run_workflow(workflow);
    let run = if full {
        let vars: IndexMap<String, String> =
            [("customer", "users:001"), ("amount", "USD/2 1000")].map(|(k, v)| (k.to_owned(), v.to_owned())).into();
        run.wait(true).body(vars)
    } else {
        run.body(IndexMap::new())
    };
    pass.check(variant, run).await;

    // Instances.
    let instances = client.list_instances();
    pass.check(
        variant,
        if full { instances.cursor(CURSOR).page_size(15).workflow_id(WORKFLOW_ID).running(true) } else { instances },
    )
    .await;
    pass.check(variant, client.get_instance(instance)).await;
    let event = models::V2SendEventRequestBody::new("payout-approved");
    pass.check(variant, client.send_event(instance, event)).await;
    pass.check(variant, client.cancel_event(instance)).await;
    pass.check(variant, client.get_instance_history(instance)).await;
    let stages = pass.check(variant, client.get_instance_stage_history(instance, if full { 3 } else { 0 })).await;
    if let Some(stages) = stages {
        tally_subjects(&stages.data, &mut pass.subjects);
    }

    if !full {
        // The one optional request body (the server runs the workflow without variables): without
        // it. The others are required, arguments of their methods.
        pass.check(variant, client.run_workflow(WORKFLOW_ID)).await;
    }
}

/// Counts the `V2Subject`s of a stage history by variant, and checks that only types other than
/// ACCOUNT and WALLET land in `Unknown`.
fn tally_subjects(stages: &[models::V2WorkflowInstanceHistoryStage], tally: &mut SubjectTally) {
    let mut subjects: Vec<&V2Subject> = Vec::new();
    for stage in stages {
        if let Some(data) = stage.input.credit_wallet.as_ref().and_then(|c| c.data.as_ref()) {
            subjects.extend(&data.sources);
        }
        if let Some(data) = stage.input.debit_wallet.as_ref().and_then(|d| d.data.as_ref()) {
            subjects.extend(&data.destination);
        }
        if let Some(output) = stage.output.as_ref().and_then(|o| o.debit_wallet.as_ref()) {
            subjects.extend(&output.data.destination);
        }
    }
    for subject in subjects {
        match subject {
            V2Subject::Account(account) => {
                // The variant is the type: the member has no field for it, and writes it when sent.
                let sent = serde_json::to_value(account).expect("JSON");
                assert_eq!(sent["type"], "ACCOUNT", "an Account subject sent as another type: {subject:?}");
                tally.account += 1;
            }
            V2Subject::Wallet(wallet) => {
                let sent = serde_json::to_value(wallet).expect("JSON");
                assert_eq!(sent["type"], "WALLET", "a Wallet subject sent as another type: {subject:?}");
                tally.wallet += 1;
            }
            V2Subject::Unknown(raw) => {
                let value = raw.to_value().expect("JSON");
                let kind = value.get("type").map(Value::to_string).unwrap_or_else(|| "<no type>".to_owned());
                assert!(
                    !matches!(value.get("type").and_then(Value::as_str), Some("ACCOUNT" | "WALLET")),
                    "a subject of a known type decoded as Unknown: {value}"
                );
                tally.unknown.push(kind);
            }
            // `V2Subject` is `#[non_exhaustive]`: a variant added later must be counted here.
            other => panic!("a subject variant this test does not count: {other:?}"),
        }
    }
}

/// Every operation with both variants, then what was found.
pub async fn full_pass(label: String, client: &Client) -> Pass {
    let mut pass = Pass::new(label);
    for variant in [Variant::Full, Variant::Required] {
        every_operation(client, variant, &mut pass).await;
    }
    pass
}
