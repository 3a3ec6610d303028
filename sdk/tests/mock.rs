//! The generated `testing` module (feature `test-util`): a rule per operation of the SDK, typed by
//! its parameters, output and error body, answering real clients in process. What the runtime's
//! mock does when a test is set up wrong is tested in `sdk/runtime/tests/mock.rs`.

use std::time::Duration;

use formance_orchestration::models::{V2Error, V2ErrorErrorCode, V2TriggerData, V2TriggerDataRequired, V2Workflow};
use formance_orchestration::testing::{MockClient, RuleMode, StatusCode, mock};
use formance_orchestration::{Error, RetryPolicy, TimeoutBound};
use serde_json::{Value, json};

fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

fn workflow(id: &str) -> V2Workflow {
    from_json(json!({"id": id, "config": {"name": format!("{id} name"), "stages": []},
                     "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"}))
}

fn not_found() -> V2Error {
    from_json(json!({"errorCode": "NOT_FOUND", "errorMessage": "no such workflow"}))
}

/// A URL nothing listens on: a port bound, then released.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn typed_rules_answer_a_real_client_without_a_network() {
    let get = mock::get_workflow()
        .match_request(|request| request.flow_id() == "w1")
        .then_output(|| from_json(json!({"data": workflow("w1")})));
    let missing = mock::get_workflow().then_error(StatusCode::NOT_FOUND, not_found()).repeatedly();
    let mock = MockClient::new().rule(&get).rule(&missing);
    // Nothing listens there, and with client credentials a token is fetched first: from the mock.
    let client = mock.builder().server_url(closed_port_url()).client_credentials("id", "secret").build().unwrap();

    let found = client.get_workflow("w1").send().await.unwrap();
    assert_eq!(found.data.id, "w1");
    assert_eq!(found.status(), StatusCode::OK);
    match client.get_workflow("w2").send().await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), StatusCode::NOT_FOUND);
            assert_eq!(e.body().error_code, V2ErrorErrorCode::NotFound);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!((get.calls(), missing.calls()), (1, 1));
    assert_eq!(mock.token_requests(), 1);
    // The path the SDK built, with the API prefix and the scope's token.
    let sent = &mock.requests()[1];
    assert_eq!(sent.path(), "/api/orchestration/v2/workflows/w1");
    assert_eq!(sent.headers()["authorization"], "Bearer mock-token-1");
    mock.assert_all_used();
}

#[tokio::test]
async fn outputs_come_with_the_documented_success_status() {
    let run = mock::run_workflow().then_output(|| {
        from_json(json!({"data": {"id": "i1", "workflowID": "w1", "createdAt": "2026-01-01T00:00:00Z",
                                  "updatedAt": "2026-01-01T00:00:00Z", "terminated": false}}))
    });
    let delete = mock::delete_trigger().then_output(|| ());
    let mock = MockClient::new().rule(&run).rule(&delete);
    let client = mock.build().unwrap();
    let started = client.run_workflow("w1").send().await.unwrap();
    assert_eq!((started.status(), started.data.id.as_str()), (StatusCode::CREATED, "i1"));
    let deleted = client.delete_trigger("t1").send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(deleted.headers().get("content-type").is_none());
}

#[tokio::test]
async fn matchers_read_query_parameters_and_the_body_as_its_model() {
    let named = mock::create_trigger()
        .match_request(|request| request.body().name.as_deref() == Some("payouts"))
        .then_output(|| {
            from_json(json!({"data": {"id": "t1", "event": "e", "workflowID": "w1",
                                      "createdAt": "2026-01-01T00:00:00Z", "name": "payouts"}}))
        });
    let running = mock::list_instances()
        .match_request(|request| request.workflow_id() == Some("w1") && request.running() == Some(true))
        .then_output(|| from_json(json!({"cursor": {"pageSize": 15, "hasMore": false, "data": []}})));
    let mock = MockClient::new().rule(&named).rule(&running);
    let client = mock.build().unwrap();
    let trigger = V2TriggerData::new(V2TriggerDataRequired { event: "e", workflow_id: "w1" }).name("payouts");
    assert_eq!(client.create_trigger(trigger).send().await.unwrap().data.id, "t1");
    assert!(client.list_instances().workflow_id("w1").running(true).send().await.unwrap().cursor.data.is_empty());

    // Another query: the error names the call and why each rule did not take it.
    let err = client.list_instances().workflow_id("w2").send().await.unwrap_err();
    let Error::InvalidRequest(e) = &err else { panic!("{err:?}") };
    assert_eq!(
        e.message(),
        "mock: no rule answers v2ListInstances (GET /api/orchestration/v2/instances?workflowID=w2); tried: \
         rule #1 `create_trigger`: another operation; \
         rule #2 `list_instances`: its matcher did not take the request"
    );
}

#[tokio::test(start_paused = true)]
async fn a_read_is_retried_through_503s_and_a_write_after_a_500_is_not() {
    let flaky = mock::get_workflow()
        .then_status(StatusCode::SERVICE_UNAVAILABLE)
        .times(2)
        .then_output(|| from_json(json!({"data": workflow("w1")})));
    let mock = MockClient::new().rule(&flaky);
    let client = mock.build().unwrap();
    assert_eq!(client.get_workflow("w1").send().await.unwrap().data.id, "w1");
    assert_eq!(flaky.calls(), 3);

    // A 500 may mean the server acted: a write is not sent again.
    let failed = mock::run_workflow().then_status(StatusCode::INTERNAL_SERVER_ERROR).repeatedly();
    let client = MockClient::new().rule(&failed).builder().retry(RetryPolicy::default()).build().unwrap();
    let err = client.run_workflow("w1").send().await.unwrap_err();
    assert_eq!((err.status(), err.attempts(), failed.calls()), (Some(StatusCode::INTERNAL_SERVER_ERROR), 1, 1));
    assert!(err.maybe_processed());
}

#[tokio::test]
async fn a_stream_follows_the_cursors_the_rules_give() {
    let page = |ids: &[&str], next: Option<&str>| -> Value {
        let data: Vec<V2Workflow> = ids.iter().map(|id| workflow(id)).collect();
        json!({"cursor": {"pageSize": 2, "hasMore": next.is_some(), "next": next, "data": data}})
    };
    let (first, second, third) = (page(&["a", "b"], Some("c2")), page(&["c", "d"], Some("c3")), page(&["e"], None));
    let pages = mock::list_workflows()
        .then_output_from(move |request| match request.cursor() {
            None => from_json(first.clone()),
            Some("c2") => from_json(second.clone()),
            _ => from_json(third.clone()),
        })
        .repeatedly();
    let mock = MockClient::new().rule(&pages);
    let client = mock.build().unwrap();
    let all: Vec<V2Workflow> = client.list_workflows().page_size(2).into_stream().try_collect().await.unwrap();
    let ids: Vec<&str> = all.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let queries: Vec<String> = mock.requests().iter().map(|r| r.url().query().unwrap_or_default().to_owned()).collect();
    assert_eq!(queries, ["pageSize=2", "cursor=c2", "cursor=c3"]);
}

#[tokio::test(start_paused = true)]
async fn a_slow_answer_meets_the_timeouts_on_tokios_paused_clock() {
    let slow =
        mock::get_server_info().then_output(|| from_json(json!({"version": "v2"}))).delayed(Duration::from_secs(10));
    let client = MockClient::new().rule(&slow).builder().timeout(Duration::from_secs(2)).build().unwrap();
    let started = tokio::time::Instant::now();
    match client.get_server_info().retry(RetryPolicy::disabled()).send().await {
        Err(Error::Timeout(e)) => assert_eq!((e.bound(), e.after()), (TimeoutBound::Attempt, Duration::from_secs(2))),
        other => panic!("{other:?}"),
    }
    assert_eq!(started.elapsed(), Duration::from_secs(2), "the paused clock moved to the deadline, no further");
}

#[tokio::test]
async fn in_order_the_calls_must_come_as_the_rules_say() {
    let create = mock::create_workflow().then_output(|| from_json(json!({"data": workflow("w1")})));
    let run = mock::run_workflow().then_error(StatusCode::BAD_REQUEST, not_found());
    let mock = MockClient::new().rule(&create).rule(&run).mode(RuleMode::InOrder);
    let client = mock.build().unwrap();
    let err = client.run_workflow("w1").send().await.unwrap_err();
    assert!(err.to_string().contains("rule #1 `create_workflow` expected the next call, not v2RunWorkflow"), "{err}");
    assert_eq!(mock.check().unwrap_err().problems().len(), 3, "two rules unused, one call unanswered");
}

#[test]
fn a_builders_parameters_are_readable() {
    let client = MockClient::new().build().unwrap();
    let call = client.list_instances().workflow_id("w1").page_size(5);
    assert_eq!(
        (call.params().workflow_id(), call.params().page_size(), call.params().running()),
        (Some("w1"), Some(5), None)
    );
    assert_eq!(client.get_instance_stage_history("i1", 3).params().number(), 3);
}
