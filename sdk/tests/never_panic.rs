//! Whatever a server sends, every operation returns a value or an error: no panic, and no
//! allocation out of proportion to a small body.
// The only unsafe code of the project: a counting allocator, to measure what decoding allocates.
#![allow(unsafe_code)]

mod harness;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::{Arc, Mutex};

use formance_orchestration::bytes::Bytes;
use formance_orchestration::operations::*;
use formance_orchestration::runtime::{Operation, StatusCode};
use formance_orchestration::{Client, Error, RawJsonObject, RetryPolicy, models};
use proptest::prelude::*;
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Counts the bytes this thread has allocated, to bound what decoding a body may take.
struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded to `System` unchanged; the counters only observe the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = LIVE.try_with(|live| {
            live.set(live.get() + layout.size());
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
        });
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(layout.size())));
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes live at once while `f` ran, beyond what was live before.
fn peak_allocation(f: impl FnOnce()) -> usize {
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    f();
    PEAK.with(Cell::get) - before
}

/// Decodes `body` as the success body of every operation, and as the error body.
fn decode_everywhere(body: &[u8]) {
    macro_rules! decode {
        ($($params:ty),* $(,)?) => {$(
            let _ = <$params as Operation>::decode(Bytes::copy_from_slice(body));
            let _ = <$params as Operation>::decode_error(StatusCode::BAD_REQUEST, body);
        )*};
    }
    decode!(
        GetServerInfoParams,
        ListTriggersParams,
        CreateTriggerParams,
        ReadTriggerParams,
        DeleteTriggerParams,
        TestTriggerParams,
        ListTriggersOccurrencesParams,
        ListWorkflowsParams,
        CreateWorkflowParams,
        GetWorkflowParams,
        DeleteWorkflowParams,
        RunWorkflowParams,
        ListInstancesParams,
        GetInstanceParams,
        SendEventParams,
        CancelEventParams,
        GetInstanceHistoryParams,
        GetInstanceStageHistoryParams,
    );
    let _ = serde_json::from_slice::<ApiErrorBody>(body);
}

/// Realistic bodies to mutate, so that the mutations reach deep into the decoders.
fn samples() -> Vec<Value> {
    let at = "2024-01-01T00:00:00Z";
    let subject = json!({"type": "WALLET", "identifier": "w", "balance": "main"});
    let monetary = json!({"asset": "USD/2", "amount": 100});
    vec![
        json!({"version": "v2"}),
        json!({"errorCode": "NOT_FOUND", "errorMessage": "no"}),
        json!({"cursor": {"pageSize": 15, "hasMore": true, "next": "n", "data": [
            {"id": "t", "event": "e", "workflowID": "w", "createdAt": at, "vars": {"a": [1]}}]}}),
        json!({"data": {"id": "i", "workflowID": "w", "createdAt": at, "updatedAt": at, "terminated": false,
            "status": [{"stage": 1.5, "instanceID": "i", "startedAt": at}],
            "workflow": {"id": "w", "createdAt": at, "updatedAt": at, "config": {"stages": [{"send": {}}]}}}}),
        json!({"data": [{"name": "n", "terminated": true, "startedAt": at, "input": {
            "amount": monetary, "source": {"wallet": {"id": "w"}}, "destination": {"account": {"id": "a"}}}},
            {"name": "d", "terminated": false, "startedAt": at, "input": {"event": "go"}}]}),
        json!({"data": [{"name": "s", "terminated": true, "startedAt": at, "attempt": 1,
            "input": {"DebitWallet": {"id": "w", "data": {"amount": monetary, "metadata": {}, "destination": subject}}},
            "output": {"DebitWallet": {"data": {"id": "7d3e4c8a-1f2b-4c5d-9e0f-123456789abc", "walletID": "w",
                "metadata": {}, "description": "", "destination": subject}},
                "GetWallet": {"data": {"id": "7d3e4c8a-1f2b-4c5d-9e0f-123456789abc", "name": "n", "metadata": {},
                    "createdAt": at, "ledger": "l", "balances": {"main": {"assets": {"USD": 10}}}}}}}]}),
    ]
}

/// Any JSON value, nested a few levels, with wrong types and extreme numbers mixed in.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[0-9]{19,400}".prop_map(|digits| serde_json::from_str(&digits).unwrap_or(Value::Null)),
        ".{0,20}".prop_map(Value::from),
        Just(json!("2024-13-45T99:99:99Z")),
        Just(json!("WALLET")),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec(
                (prop_oneof![Just("type".to_owned()), Just("data".to_owned()), ".{0,8}"], inner),
                0..6
            )
            .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// Replaces the node at position `index` (in depth-first order) of `value` with `replacement`.
fn replace_nth(value: &mut Value, index: &mut usize, replacement: &Value) -> bool {
    if *index == 0 {
        *value = replacement.clone();
        return true;
    }
    *index -= 1;
    let children: Vec<&mut Value> = match value {
        Value::Array(items) => items.iter_mut().collect(),
        Value::Object(map) => map.values_mut().collect(),
        _ => return false,
    };
    children.into_iter().any(|child| replace_nth(child, index, replacement))
}

fn deeply_nested() -> impl Strategy<Value = Vec<u8>> {
    (1usize..20_000, prop_oneof![Just(("[", "]")), Just(("{\"a\":", "}")), Just(("{\"data\":[", "]}"))])
        .prop_map(|(depth, (open, close))| format!("{}{}", open.repeat(depth), close.repeat(depth)).into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..2048)) {
        let peak = peak_allocation(|| decode_everywhere(&body));
        prop_assert!(peak < 256 * 1024 + 64 * body.len(), "{peak} bytes for a {}-byte body", body.len());
    }

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json()) {
        let body = serde_json::to_vec(&value).unwrap();
        let peak = peak_allocation(|| decode_everywhere(&body));
        prop_assert!(peak < 256 * 1024 + 64 * body.len(), "{peak} bytes for a {}-byte body", body.len());
    }

    #[test]
    fn mutated_responses_never_panic(sample in 0..6usize, at in 0..200usize, replacement in arbitrary_json()) {
        let mut value = samples()[sample].clone();
        replace_nth(&mut value, &mut at.clone(), &replacement);
        let body = serde_json::to_vec(&value).unwrap();
        decode_everywhere(&body);
    }

    #[test]
    fn deep_nesting_and_invalid_utf8_never_panic(body in deeply_nested(), garbage in prop::collection::vec(128u8.., 1..8)) {
        decode_everywhere(&body);
        let mut text = br#"{"version":""#.to_vec();
        text.extend_from_slice(&garbage);
        text.extend_from_slice(br#""}"#);
        decode_everywhere(&text);
    }
}

/// A server whose next answer the test sets.
#[derive(Clone, Default)]
struct Scripted(Arc<Mutex<(u16, Vec<u8>)>>);

impl Respond for Scripted {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let (status, body) = self.0.lock().unwrap().clone();
        ResponseTemplate::new(status).set_body_bytes(body)
    }
}

fn done<T>(result: Result<T, Error>) -> Result<(), Error> {
    result.map(|_| ())
}

async fn call(client: &Client, operation: usize) -> Result<(), Error> {
    let trigger = models::V2TriggerData::new(models::V2TriggerDataRequired { event: "e", workflow_id: "w" });
    match operation {
        0 => done(client.get_server_info().send().await),
        1 => done(client.list_triggers().send().await),
        2 => done(client.create_trigger(trigger).send().await),
        3 => done(client.read_trigger("t").send().await),
        4 => done(client.delete_trigger("t").send().await),
        5 => done(client.test_trigger("t", RawJsonObject::default()).send().await),
        6 => done(client.list_triggers_occurrences("t").send().await),
        7 => done(client.list_workflows().send().await),
        8 => done(client.create_workflow(models::V2WorkflowConfig::new(Vec::new())).send().await),
        9 => done(client.get_workflow("w").send().await),
        10 => done(client.delete_workflow("w").send().await),
        11 => done(client.run_workflow("w").wait(true).send().await),
        12 => done(client.list_instances().send().await),
        13 => done(client.get_instance("i").send().await),
        14 => done(client.send_event("i", models::V2SendEventRequestBody::new("e")).send().await),
        15 => done(client.cancel_event("i").send().await),
        16 => done(client.get_instance_history("i").send().await),
        _ => done(client.get_instance_stage_history("i", 0).send().await),
    }
}

/// End to end over HTTP: any status with any body, for every operation.
#[test]
fn any_status_and_body_over_http_never_panics() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let script = Scripted::default();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any()).respond_with(script.clone()).mount(&server).await;
        server
    });
    let client = Client::builder().server_url(server.uri()).retry(RetryPolicy::disabled()).build().unwrap();

    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        arbitrary_json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        (0..6usize).prop_map(|i| serde_json::to_vec(&samples()[i]).unwrap()),
    ];
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(360));
    runner
        .run(&(0..18usize, 200u16..600, body), |(operation, status, body)| {
            *script.0.lock().unwrap() = (status, body);
            let result = runtime.block_on(call(&client, operation));
            if let Err(err) = &result {
                prop_assert!(err.status().is_some(), "every answer here has a status: {err:?}");
            }
            Ok(())
        })
        .unwrap();
}
