//! Contract tests: the SDK against Stoplight Prism serving `spec/orchestration-v2.yaml`.
//!
//! Prism checks every request against the spec (a violation is a 422 whose `sl-violations` header
//! says what is wrong) and answers with the spec's examples (static mode) or with values generated
//! from its schemas (dynamic mode, reproducible per seed). Every operation is sent in direct mode
//! (`api_prefix("")`), once with every parameter and once with only the required ones; each call
//! must be accepted and its answer must decode into the SDK's types.
//!
//! The spec declares OAuth2 security, which Prism enforces (401 without a bearer token), so every
//! client here has client credentials and a wiremock token endpoint; `security_and_validation`
//! shows what happens without them.
//!
//! Prism is installed from `tools/contract/package-lock.json` (`cargo xtask test` does it, or
//! `npm ci --ignore-scripts --prefix tools/contract`). When it or Node.js is missing, these tests
//! fail and say what to install. Each test starts one Prism on a free port of 127.0.0.1 and kills
//! it (by its process id) when done, also when the test fails.

#[path = "contract/calls.rs"]
mod calls;
#[path = "contract/prism.rs"]
mod prism;

use calls::{ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, TOKEN_PATH, Variant, client, full_pass, token_server};
use formance_orchestration::Error;
use formance_orchestration::models::{V2TriggerData, V2TriggerDataRequired};
use prism::{Mode, Prism};
use reqwest::StatusCode;
use serde_json::json;

const VARIANTS: &[Variant] = &[Variant::Full, Variant::Required];

/// Dynamic mode's seeds: the first is given to `prism mock -d --seed`, the others per request.
const SEEDS: [u32; 3] = [1, 42, 2024];

/// The spec's examples (and values Prism derives from the schemas where there is none).
#[tokio::test]
async fn static_mode_every_operation_is_accepted_and_decodes() {
    let prism = Prism::start(Mode::Static).await;
    let tokens = token_server().await;
    let pass = full_pass("Prism static".to_owned(), &client(&prism, Some(&tokens), None)).await;
    if let Err(failures) = pass.finish(VARIANTS) {
        panic!("{failures}");
    }
}

/// Values we did not choose: random strings as union tags and in every string, extra properties,
/// extreme numbers and dates; the same for a given seed. One Prism serves the three seeds: the first
/// from its command line, the others through the `Prefer` header Prism reads on each request.
#[tokio::test]
async fn dynamic_mode_every_operation_is_accepted_and_decodes_for_three_seeds() {
    let [first, second, third] = SEEDS;
    let prism = Prism::start(Mode::Dynamic { seed: first }).await;
    let tokens = token_server().await;
    let (a, b, c) = (
        client(&prism, Some(&tokens), None),
        client(&prism, Some(&tokens), Some(second)),
        client(&prism, Some(&tokens), Some(third)),
    );
    let (a, b, c) = tokio::join!(
        full_pass(format!("Prism dynamic, seed {first} (--seed)"), &a),
        full_pass(format!("Prism dynamic, seed {second} (Prefer)"), &b),
        full_pass(format!("Prism dynamic, seed {third} (Prefer)"), &c),
    );
    let passes = [a, b, c];

    let versions: Vec<Option<String>> = passes.iter().map(|pass| pass.version.clone()).collect();
    let unknown_subjects: usize = passes.iter().map(|pass| pass.subjects.unknown.len()).sum();
    let mut failures: Vec<String> = passes.into_iter().filter_map(|pass| pass.finish(VARIANTS).err()).collect();
    if versions.iter().collect::<std::collections::BTreeSet<_>>().len() != SEEDS.len() {
        failures.push(format!("the seeds {SEEDS:?} should give different responses, got versions {versions:?}"));
    }
    if unknown_subjects == 0 {
        failures.push(
            "no V2Subject with a type other than ACCOUNT or WALLET was met, so decoding one (as Unknown) is \
             untested: choose other SEEDS"
                .to_owned(),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Prism's validator is really on: it refuses a request without a bearer token (401) and requests
/// that break the spec (422); and with client credentials the SDK gets a token of the operation's
/// scope, which Prism accepts.
#[tokio::test]
async fn security_and_validation() {
    let prism = Prism::start(Mode::Static).await;

    // No credentials: Prism enforces the spec's OAuth2 security.
    let anonymous = client(&prism, None, None);
    for (what, result) in [
        ("get_server_info", anonymous.get_server_info().send().await.map(drop)),
        ("create_trigger", anonymous.create_trigger(trigger()).send().await.map(drop)),
    ] {
        let error = result.expect_err(&format!("{what} without credentials was accepted"));
        assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED), "{what}: {}", calls::describe(&error));
        let (request, _) = calls::violations(error.headers().expect("a 401 has headers"));
        assert!(
            request.iter().any(|v| v.contains("security")),
            "{what}: the 401 should name the security violation, got {request:?}"
        );
    }

    // Client credentials: one token per scope, from a form POST; Prism accepts the bearer token.
    let tokens = token_server().await;
    let authenticated = client(&prism, Some(&tokens), None);
    let info = authenticated.get_server_info().send().await.unwrap_or_else(|e| panic!("{}", calls::describe(&e)));
    assert_eq!(info.version, "v2.1.0", "the spec's example");
    let created = authenticated.create_trigger(trigger()).send().await;
    let created = created.unwrap_or_else(|e| panic!("{}", calls::describe(&e)));
    assert_eq!(created.status(), StatusCode::CREATED);
    authenticated.get_server_info().send().await.unwrap_or_else(|e| panic!("{}", calls::describe(&e)));

    let requests = tokens.received_requests().await.expect("wiremock records requests");
    let scopes: Vec<String> = requests
        .iter()
        .map(|request| {
            assert_eq!(request.method.as_str(), "POST");
            assert_eq!(request.url.path(), TOKEN_PATH);
            let content_type = request.headers.get("content-type").map(|v| v.to_str().unwrap_or_default());
            assert_eq!(content_type, Some("application/x-www-form-urlencoded"));
            let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body).into_owned().collect();
            let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
            assert_eq!(field("grant_type"), Some("client_credentials"), "{form:?}");
            assert_eq!(field("client_id"), Some(CLIENT_ID), "{form:?}");
            assert_eq!(field("client_secret"), Some(CLIENT_SECRET), "{form:?}");
            field("scope").unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(
        scopes,
        ["orchestration:read", "orchestration:write"],
        "a read then a write, each with the scope the spec gives it; the second read uses the cached token"
    );

    // The SDK's types allow a page size outside the spec's 1..=1000: Prism refuses it, which also
    // shows that the SDK writes the parameter under the name the spec gives it (`pageSize`).
    let tokens = token_server().await;
    let sdk = client(&prism, Some(&tokens), None);
    for (page_size, code, error) in [
        (0, "minimum", sdk.list_triggers().page_size(0).send().await.map(drop)),
        (5000, "maximum", sdk.list_instances().page_size(5000).send().await.map(drop)),
    ] {
        let error = error.expect_err(&format!("pageSize={page_size} was accepted"));
        assert_eq!(error.status(), Some(StatusCode::UNPROCESSABLE_ENTITY), "{}", calls::describe(&error));
        assert!(matches!(error, Error::Api(_)), "a 422 with the documented V2Error body: {}", calls::describe(&error));
        let header = error.headers().and_then(|h| h.get("sl-violations")).expect("a 422 names its violations");
        let violations: serde_json::Value = serde_json::from_slice(header.as_bytes()).expect("sl-violations is JSON");
        assert_eq!(violations[0]["location"], json!(["request", "query", "pagesize"]), "{violations}");
        assert_eq!(violations[0]["code"], code, "{violations}");
    }

    // What the SDK's types cannot send, sent by hand: a body without a required property, and a
    // path parameter of the wrong type. Prism checks bodies and paths too.
    let http = reqwest::Client::new();
    let bearer = format!("Bearer {ACCESS_TOKEN}");
    let no_event = http
        .post(format!("{}/v2/triggers", prism.url()))
        .header("authorization", &bearer)
        .header("content-type", "application/json")
        .body(json!({"workflowID": "w1"}).to_string())
        .send()
        .await
        .expect("Prism answers");
    let not_a_number = http
        .get(format!("{}/v2/instances/i1/stages/first/history", prism.url()))
        .header("authorization", &bearer)
        .send()
        .await
        .expect("Prism answers");
    for (response, location) in
        [(no_event, json!(["request", "body"])), (not_a_number, json!(["request", "path", "number"]))]
    {
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let header = response.headers().get("sl-violations").expect("a 422 names its violations");
        let violations: serde_json::Value = serde_json::from_slice(header.as_bytes()).expect("sl-violations is JSON");
        assert_eq!(violations[0]["location"], location, "{violations}");
    }
}

fn trigger() -> V2TriggerData {
    V2TriggerData::new(V2TriggerDataRequired { event: "SAVED_PAYMENT", workflow_id: "w1" })
}
