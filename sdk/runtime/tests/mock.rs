//! The mock of the `testing` module (feature `test-util`), with two operations written as a
//! generated crate writes them: what it answers, how it fails when a test is set up wrong, and that
//! it never opens a socket. The generated rules of a real crate are tested in the SDK
//! (`sdk/tests/mock.rs`).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use formance_sdk_runtime::testing::{self, Encoded, MockClient, MockOperation, Rule, RuleMode};
use formance_sdk_runtime::{
    ApiDescription, BoxError, Call, Client, ClientBuilder, Error, FromClient, IncomingResponse, Intercept,
    InvalidRequest, Method, Operation, OperationInfo, RequestParts, RequestSent, ResponseValue, RetryPolicy,
    StatusCode, TimeoutBound, decode_error_json, decode_json, path_segment,
};
use serde::{Deserialize, Serialize};

/// The client of an API of two operations.
#[derive(Debug)]
struct Api(Client);

const API: ApiDescription =
    ApiDescription::new("things", "things-rust/1.0", "http://things.invalid").with_token_url("/oauth/token");

impl FromClient for Api {
    type ErrorBody = Problem;
    const API: &'static ApiDescription = &API;
    fn from_client(client: Client) -> Self {
        Self(client)
    }
}

impl Api {
    fn get_thing(&self, id: &str) -> Call<GetThing> {
        Call::new(self.0.clone(), GetThing { id: id.to_owned(), verbose: None })
    }

    fn create_thing(&self, thing: Thing) -> Call<CreateThing> {
        Call::new(self.0.clone(), CreateThing { body: thing })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Thing {
    id: String,
    n: u64,
}

/// The documented error body, for 404 only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Problem {
    code: String,
}

#[derive(Debug, Clone)]
struct GetThing {
    id: String,
    verbose: Option<bool>,
}

impl GetThing {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Operation for GetThing {
    type Output = Thing;
    type ErrorBody = Problem;
    const INFO: OperationInfo = OperationInfo::new("getThing", Method::Get, "/v1/things/{id}", &["things:read"]);

    fn request(&self) -> Result<RequestParts, InvalidRequest> {
        let id = path_segment("id", &self.id)?;
        let mut request = RequestParts::new(format!("/v1/things/{id}"));
        if let Some(verbose) = &self.verbose {
            request.query("verbose", verbose);
        }
        Ok(request)
    }

    fn decode(body: Bytes) -> Result<Thing, BoxError> {
        decode_json(body)
    }

    fn decode_error(status: StatusCode, body: &[u8]) -> Option<Result<Problem, serde_json::Error>> {
        (status == StatusCode::NOT_FOUND).then(|| decode_error_json(body)).flatten()
    }
}

impl MockOperation for GetThing {
    const METHOD: &'static str = "get_thing";
    const SUCCESS_STATUS: u16 = 200;
    fn encode_output(output: &Thing) -> Result<Encoded, BoxError> {
        testing::encode_json(output, "application/json")
    }
}

#[derive(Debug, Clone)]
struct CreateThing {
    body: Thing,
}

impl Operation for CreateThing {
    /// What the server answers is decoded into a map, whose keys JSON wants as strings.
    type Output = HashMap<Vec<u8>, u64>;
    type ErrorBody = Problem;
    const INFO: OperationInfo = OperationInfo::new("createThing", Method::Post, "/v1/things", &["things:write"]);

    fn request(&self) -> Result<RequestParts, InvalidRequest> {
        let mut request = RequestParts::new("/v1/things".to_owned());
        request.json_body(&self.body)?;
        Ok(request)
    }

    fn decode(body: Bytes) -> Result<Self::Output, BoxError> {
        decode_json(body)
    }

    fn decode_error(_: StatusCode, body: &[u8]) -> Option<Result<Problem, serde_json::Error>> {
        decode_error_json(body)
    }
}

impl MockOperation for CreateThing {
    const METHOD: &'static str = "create_thing";
    const SUCCESS_STATUS: u16 = 201;
    fn encode_output(output: &Self::Output) -> Result<Encoded, BoxError> {
        testing::encode_json(output, "application/json")
    }
}

fn get_thing() -> Rule<GetThing> {
    Rule::new()
}

fn create_thing() -> Rule<CreateThing> {
    Rule::new()
}

fn thing(id: &str) -> Thing {
    Thing { id: id.to_owned(), n: 1 }
}

/// A URL nothing listens on: a port bound, then released.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

fn invalid_message<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> String {
    match result {
        Err(Error::InvalidRequest(e)) => e.message().to_owned(),
        other => panic!("an InvalidRequest, not {other:?}"),
    }
}

#[tokio::test]
async fn calls_are_answered_without_any_connection() {
    let found = get_thing().match_request(|request| request.id() == "t1").then_output(|| thing("t1")).repeatedly();
    let mock = MockClient::<Api>::new().rule(&found);
    // Nothing listens there, and credentials make the client ask for a token first.
    let url = closed_port_url();
    let api = mock.builder().server_url(&url).client_credentials("id", "secret").build().unwrap();

    for _ in 0..2 {
        let got: ResponseValue<Thing> = api.get_thing("t1").send().await.unwrap();
        assert_eq!(*got, thing("t1"));
        assert_eq!(got.status(), StatusCode::OK);
        assert_eq!(got.headers()["content-type"], "application/json");
    }
    assert_eq!(found.calls(), 2);
    assert_eq!(mock.token_requests(), 1, "the token is cached as in production");
    let sent = mock.requests();
    assert!(sent[0].is_token_request());
    assert_eq!(sent[0].url().as_str(), format!("{url}/oauth/token"));
    assert_eq!((sent[1].method(), sent[1].path()), ("GET", "/v1/things/t1"));
    assert_eq!(sent[1].headers()["authorization"], "Bearer mock-token-1");
    mock.assert_all_used();
}

#[tokio::test]
async fn the_documented_success_status_and_the_real_decoding_apply() {
    let created = create_thing().then_output(|| HashMap::from([(b"k".to_vec(), 7)]));
    let mock = MockClient::<Api>::new().rule(&created);
    let api = mock.build().unwrap();
    let message = invalid_message(api.create_thing(thing("t1")).send().await);
    assert!(
        message.contains("mock: the output of rule #1 `create_thing` for createThing cannot be serialized"),
        "{message}"
    );
    assert!(message.contains("key must be a string"), "{message}");
    assert_eq!(created.calls(), 1);

    let created = create_thing().then_output(HashMap::new);
    let api = MockClient::<Api>::new().rule(&created).build().unwrap();
    let response = api.create_thing(thing("t1")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn documented_errors_are_api_errors_and_others_are_refused_by_name() {
    let missing = get_thing().then_error(StatusCode::NOT_FOUND, Problem { code: "NOT_FOUND".into() });
    let api = MockClient::<Api>::new().rule(&missing).build().unwrap();
    match api.get_thing("t1").send().await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), StatusCode::NOT_FOUND);
            assert_eq!(e.body().code, "NOT_FOUND");
        }
        other => panic!("{other:?}"),
    }

    // 400 documents no body for get_thing: production would give UnexpectedStatus, which a test
    // asking for a documented error did not mean.
    let undocumented = get_thing().then_error(StatusCode::BAD_REQUEST, Problem { code: "X".into() });
    let mock = MockClient::<Api>::new().rule(&undocumented);
    let message = invalid_message(mock.build().unwrap().get_thing("t1").send().await);
    assert!(message.contains("rule #1 `get_thing` cannot answer getThing"), "{message}");
    assert!(message.contains("get_thing documents no such error body for HTTP 400"), "{message}");
    let problems = mock.check().unwrap_err().to_string();
    assert!(problems.contains("rule #1 `get_thing`: an answer cannot be given"), "{problems}");

    // The raw answer shows what production does with it.
    let raw = get_thing().then_response(StatusCode::BAD_REQUEST, Default::default(), "<html>");
    match MockClient::<Api>::new().rule(&raw).build().unwrap().get_thing("t1").send().await {
        Err(Error::UnexpectedStatus(e)) => assert_eq!(e.body(), &Bytes::from_static(b"<html>")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn retries_and_backoff_run_as_in_production() {
    let flaky = get_thing()
        .then_status(StatusCode::SERVICE_UNAVAILABLE)
        .times(2)
        .then_transport_error()
        .then_output(|| thing("t1"));
    let mock = MockClient::<Api>::new().rule(&flaky);
    let api = mock.builder().retry(RetryPolicy::default().max_attempts(4)).build().unwrap();
    let got = api.get_thing("t1").send().await.unwrap();
    assert_eq!(got.id, "t1");
    assert_eq!(flaky.calls(), 4);
    mock.assert_all_used();

    // A POST answered 500 is not retried (the server may have acted on it): the 500 is the answer,
    // and the next answer stays unused.
    let refused = create_thing().then_status(StatusCode::INTERNAL_SERVER_ERROR).then_output(HashMap::new);
    let mock = MockClient::<Api>::new().rule(&refused);
    let err = mock.build().unwrap().create_thing(thing("t1")).send().await.unwrap_err();
    assert_eq!((err.status(), err.attempts()), (Some(StatusCode::INTERNAL_SERVER_ERROR), 1));
    let problems = mock.check().unwrap_err();
    assert_eq!(problems.problems(), ["rule #1 `create_thing`: it gave 1 of its 2 answer(s)"]);
}

#[tokio::test]
async fn transport_failures_say_whether_the_server_was_reached() {
    let rule = get_thing().then_connect_error().then_transport_error();
    let api = MockClient::<Api>::new().rule(&rule).builder().retry(RetryPolicy::disabled()).build().unwrap();
    for (connect, sent) in [(true, RequestSent::Nothing), (false, RequestSent::Whole)] {
        match api.get_thing("t1").send().await {
            Err(Error::Transport(e)) => {
                assert_eq!((e.is_connect(), e.request_sent()), (connect, sent));
                let source = std::error::Error::source(&e).unwrap().to_string();
                assert!(source.starts_with("mock: rule #1 `get_thing`"), "{source}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_delayed_answer_meets_the_clients_timeouts() {
    let slow = get_thing().then_output(|| thing("t1")).delayed(Duration::from_secs(40)).repeatedly();
    let api = MockClient::<Api>::new().rule(&slow).build().unwrap();
    let started = tokio::time::Instant::now();
    match api.get_thing("t1").send().await {
        Err(Error::Timeout(e)) => assert_eq!(e.bound(), TimeoutBound::Operation),
        other => panic!("{other:?}"),
    }
    // Two attempts of 30 s at most fit in the default 60 s operation timeout.
    assert_eq!(slow.calls(), 2);
    assert!(started.elapsed() >= Duration::from_secs(60));

    let answered = api.get_thing("t1").timeout(Duration::from_secs(45)).send().await.unwrap();
    assert_eq!(answered.id, "t1");
}

#[tokio::test]
async fn a_call_no_rule_answers_names_the_call_and_each_rule_tried() {
    let once = get_thing().named("t1 once").match_request(|r| r.id() == "t1").then_output(|| thing("t1"));
    let other = get_thing().match_request(|r| r.id() == "t2").then_output(|| thing("t2"));
    let create = create_thing().then_output(HashMap::new);
    let mock = MockClient::<Api>::new().rule(&once).rule(&other).rule(&create);
    let api = mock.build().unwrap();
    api.get_thing("t1").send().await.unwrap();
    let mut call = api.get_thing("t1");
    call.params_mut().verbose = Some(true);
    let message = invalid_message(call.send().await);
    assert_eq!(
        message,
        "mock: no rule answers getThing (GET /v1/things/t1?verbose=true); tried: \
         rule #1 `get_thing` (\"t1 once\"): used up: it gave all its 1 answer(s); \
         rule #2 `get_thing`: its matcher did not take the request; \
         rule #3 `create_thing`: another operation"
    );
    let problems = mock.check().unwrap_err().to_string();
    assert!(problems.contains("rule #2 `get_thing`: it was never used"), "{problems}");
    assert!(problems.contains("rule #3 `create_thing`: it was never used"), "{problems}");
    assert!(problems.contains(&format!("invalid request: {message}")), "{problems}");

    let empty = MockClient::<Api>::new();
    let message = invalid_message(empty.build().unwrap().get_thing("x").send().await);
    assert!(message.ends_with("tried: the mock has no rules"), "{message}");
}

#[tokio::test]
async fn a_panicking_matcher_fails_its_call_naming_the_rule_and_the_mock_goes_on() {
    let panics =
        get_thing().named("fragile").match_request(|r| r.id().parse::<u32>().unwrap() > 0).then_output(|| thing("1"));
    let fallback = get_thing().then_output(|| thing("fallback")).repeatedly();
    let mock = MockClient::<Api>::new().rule(&panics).rule(&fallback);
    let api = mock.build().unwrap();
    let message = invalid_message(api.get_thing("not-a-number").send().await);
    assert!(
        message.starts_with("mock: the matcher of rule #1 `get_thing` (\"fragile\") panicked on getThing (GET /v1/things/not-a-number): called `Result::unwrap()`"),
        "{message}"
    );
    assert_eq!(api.get_thing("7").send().await.unwrap().id, "1");
    assert_eq!(api.get_thing("8").send().await.unwrap().id, "fallback");
}

#[tokio::test]
async fn rules_in_order_must_each_take_the_next_call() {
    let first = create_thing().then_output(HashMap::new);
    let second = get_thing().then_output(|| thing("t1"));
    let mock = MockClient::<Api>::new().rule(&first).rule(&second).mode(RuleMode::InOrder);
    let api = mock.build().unwrap();
    let message = invalid_message(api.get_thing("t1").send().await);
    assert_eq!(
        message,
        "mock (rules in order): rule #1 `create_thing` expected the next call, not getThing (GET /v1/things/t1): \
         another operation"
    );
    api.create_thing(thing("t1")).send().await.unwrap();
    api.get_thing("t1").send().await.unwrap();
    assert_eq!((first.calls(), second.calls()), (1, 1));
}

#[tokio::test]
async fn matchers_see_the_request_as_sent_after_the_interceptors() {
    /// Stamps every request, and counts the responses it sees.
    struct Stamp(Arc<AtomicUsize>);
    impl Intercept for Stamp {
        fn before_send(&self, request: &mut formance_sdk_runtime::OutgoingRequest<'_>) -> Result<(), BoxError> {
            request.headers_mut().insert("x-stamp", "s1".parse()?);
            Ok(())
        }
        fn after_response(&self, response: &IncomingResponse<'_>) -> Result<(), BoxError> {
            assert_eq!(response.status(), StatusCode::CREATED);
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    }
    let seen = Arc::new(AtomicUsize::new(0));
    let stamped = create_thing()
        .match_http(|sent| sent.headers()["x-stamp"] == "s1" && sent.headers()["x-call"] == "c1")
        .match_request(|params| params.body.n == 1)
        .then_output(HashMap::new);
    let mock = MockClient::<Api>::new().rule(&stamped);
    let api = mock.builder().intercept(Stamp(seen.clone())).build().unwrap();
    api.create_thing(thing("t1")).header("x-call", "c1").send().await.unwrap();
    assert_eq!(seen.load(Ordering::SeqCst), 1);
    assert_eq!(mock.requests()[0].body(), &Bytes::from_static(br#"{"id":"t1","n":1}"#));
}

#[test]
#[should_panic(expected = "rule #1 `get_thing`: it was never used")]
fn assert_all_used_fails_a_test_that_left_a_rule_unused() {
    MockClient::<Api>::new().rule(&get_thing().then_output(|| thing("t1"))).assert_all_used();
}

#[test]
fn rules_built_wrong_are_reported() {
    let nothing = get_thing().times(3);
    let mock = MockClient::<Api>::new().rule(&nothing);
    let problems = mock.check().unwrap_err();
    assert_eq!(
        problems.problems(),
        [
            "rule #1 `get_thing`: `times()` before any answer (`then_...`) has nothing to apply to",
            "rule #1 `get_thing`: it has no answer (`then_...`)",
        ]
    );
}

#[test]
fn an_answer_after_repeatedly_is_reported_as_never_given() {
    let rule = get_thing().then_output(|| thing("t1")).repeatedly().then_status(StatusCode::SERVICE_UNAVAILABLE);
    let problems = MockClient::<Api>::new().rule(&rule).check().unwrap_err();
    assert!(
        problems.problems().contains(&"rule #1 `get_thing`: an answer after `repeatedly()` is never given".to_owned()),
        "{problems}"
    );
}

#[test]
fn a_mock_client_refuses_the_settings_of_an_http_client() {
    let mock = MockClient::<Api>::new();
    let err = mock.builder().reqwest_client(Default::default()).build().unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(e) if e.message().contains("mock client")), "{err:?}");
    assert!(format!("{:?}", mock.build().unwrap().0).contains("http_client: \"mock (testing)\""));
    let _: ClientBuilder<Api> = mock.builder();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_a_rules_answers_exactly() {
    let five = get_thing().then_output(|| thing("t1")).times(5);
    let mock = MockClient::<Api>::new().rule(&five);
    let api = Arc::new(mock.builder().retry(RetryPolicy::disabled()).build().unwrap());
    let calls = (0..20).map(|_| {
        let api = api.clone();
        tokio::spawn(async move { api.get_thing("t1").send().await })
    });
    let mut answered = 0;
    for call in futures_util::future::join_all(calls).await {
        match call.unwrap() {
            Ok(_) => answered += 1,
            Err(Error::InvalidRequest(e)) => assert!(e.message().contains("used up"), "{e}"),
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!((answered, five.calls()), (5, 5));
}
