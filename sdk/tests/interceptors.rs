//! Interceptors (issue 16, item 2): code of the caller's around every request a call sends, on the
//! wire request, never seeing a token, able to stop the call.

mod harness;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use formance_orchestration::models::{V2TriggerData, V2TriggerDataRequired};
use formance_orchestration::{BoxError, CallOutcome, Error, IncomingResponse, Intercept, OutgoingRequest, RetryPolicy};
use harness::*;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// What the interceptors of a test saw, in order.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, entry: impl Into<String>) {
        self.0.lock().unwrap().push(entry.into());
    }

    fn entries(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

type BeforeSend = Box<dyn Fn(&mut OutgoingRequest<'_>) -> Result<(), BoxError> + Send + Sync>;

/// An interceptor made of closures, logging each point it passes under its name.
struct Hook {
    name: &'static str,
    log: Log,
    before_send: BeforeSend,
    fail_after_response: bool,
}

impl Hook {
    fn new(name: &'static str, log: &Log) -> Self {
        Self { name, log: log.clone(), before_send: Box::new(|_| Ok(())), fail_after_response: false }
    }

    fn before(mut self, f: impl Fn(&mut OutgoingRequest<'_>) -> Result<(), BoxError> + Send + Sync + 'static) -> Self {
        self.before_send = Box::new(f);
        self
    }
}

impl Intercept for Hook {
    fn before_send(&self, request: &mut OutgoingRequest<'_>) -> Result<(), BoxError> {
        self.log.push(format!(
            "{} before_send attempt={} resend={}",
            self.name,
            request.attempt(),
            request.resend_count()
        ));
        (self.before_send)(request)
    }

    fn after_response(&self, response: &IncomingResponse<'_>) -> Result<(), BoxError> {
        self.log.push(format!("{} after_response {}", self.name, response.status().as_u16()));
        if self.fail_after_response {
            return Err(Box::new(Refused("after_response")));
        }
        Ok(())
    }

    fn after_call(&self, outcome: &CallOutcome<'_>) {
        assert_eq!(outcome.is_success(), outcome.error_type().is_none());
        self.log.push(format!(
            "{} after_call {} attempts={} status={:?} error={:?}",
            self.name,
            outcome.operation().id,
            outcome.attempts(),
            outcome.status().map(|s| s.as_u16()),
            outcome.error_type()
        ));
    }

    fn name(&self) -> &str {
        self.name
    }
}

/// An interceptor's own error.
#[derive(Debug)]
struct Refused(&'static str);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused in {}", self.0)
    }
}

impl std::error::Error for Refused {}

fn header_all(request: &Request, name: &str) -> Vec<String> {
    request.headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

fn appends(value: &'static str) -> impl Fn(&mut OutgoingRequest<'_>) -> Result<(), BoxError> + Send + Sync {
    move |request| {
        request.headers_mut().append("x-order", value.parse()?);
        Ok(())
    }
}

#[tokio::test]
async fn the_clients_interceptors_then_the_calls_run_in_order_on_the_request_that_goes_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {
        "id": "t1", "event": "e", "workflowID": "w1", "createdAt": "2024-01-01T00:00:00Z"}})))
        .mount(&server)
        .await;
    let log = Log::default();
    let seen = Log::default();
    let watcher = seen.clone();
    let client = builder(&server)
        .intercept(Hook::new("a", &log).before(appends("a")))
        .intercept(Hook::new("b", &log).before(move |request| {
            // The SDK's own headers, the operation's and the call's are already there.
            let headers = request.headers();
            watcher.push(format!(
                "{} {} {} accept={:?} agent={} call={:?} type={:?} body={}",
                request.operation().id,
                request.method().as_str(),
                request.url().path(),
                headers.get("accept"),
                headers.contains_key("user-agent"),
                headers.get("x-call"),
                headers.get("content-type"),
                String::from_utf8_lossy(request.body().unwrap_or_default()),
            ));
            request.headers_mut().append("x-order", "b".parse()?);
            request.headers_mut().insert("user-agent", "replaced-by-b".parse()?);
            Ok(())
        }))
        .build()
        .unwrap();
    client
        .create_trigger(V2TriggerData::new(V2TriggerDataRequired { event: "payment.succeeded", workflow_id: "w1" }))
        .header("x-call", "1")
        .intercept(Hook::new("c", &log).before(appends("c")))
        .send()
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_eq!(header_all(&request, "x-order"), ["a", "b", "c"]);
    assert_eq!(header_all(&request, "user-agent"), ["replaced-by-b"]);
    assert_eq!(
        seen.entries(),
        [
            r#"v2CreateTrigger POST /api/orchestration/v2/triggers accept=Some("application/json") agent=true call=Some("1") type=Some("application/json") body={"event":"payment.succeeded","workflowID":"w1"}"#
        ]
    );
    assert_eq!(
        log.entries(),
        [
            "a before_send attempt=1 resend=0",
            "b before_send attempt=1 resend=0",
            "c before_send attempt=1 resend=0",
            "a after_response 201",
            "b after_response 201",
            "c after_response 201",
            "a after_call v2CreateTrigger attempts=1 status=Some(201) error=None",
            "b after_call v2CreateTrigger attempts=1 status=Some(201) error=None",
            "c after_call v2CreateTrigger attempts=1 status=Some(201) error=None",
        ]
    );
}

#[tokio::test]
async fn they_run_on_every_attempt_and_every_same_origin_redirect() {
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    let moved = ResponseTemplate::new(307).insert_header("location", "/api/orchestration/v2/_info2");
    Mock::given(path(INFO_PATH)).respond_with(moved).mount(&server).await;
    Mock::given(path("/api/orchestration/v2/_info2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"version": "v2"})))
        .mount(&server)
        .await;
    let log = Log::default();
    let client = builder(&server)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .intercept(Hook::new("i", &log).before(appends("i")))
        .build()
        .unwrap();
    client.get_server_info().send().await.unwrap();

    assert_eq!(
        log.entries(),
        [
            "i before_send attempt=1 resend=0",
            "i after_response 503",
            "i before_send attempt=2 resend=1",
            "i after_response 307",
            "i before_send attempt=2 resend=2",
            "i after_response 200",
            "i after_call v2GetServerInfo attempts=2 status=Some(200) error=None",
        ]
    );
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|r| header_all(r, "x-order") == ["i"]), "{sent:?}");
}

/// Hands out `first` once, then `second`.
struct Rotating(Mutex<u32>);

impl Respond for Rotating {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut count = self.0.lock().unwrap();
        *count += 1;
        let token = if *count == 1 { "revoked-token" } else { "fresh-token" };
        ResponseTemplate::new(200).set_body_json(token_body(token, Some(3600)))
    }
}

#[tokio::test]
async fn they_run_on_the_resend_after_a_401_and_never_see_the_token() {
    let server = MockServer::start().await;
    Mock::given(path(TOKEN_PATH)).respond_with(Rotating(Mutex::new(0))).mount(&server).await;
    Mock::given(path(INFO_PATH))
        .and(wiremock::matchers::header("authorization", "Bearer revoked-token"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    mount_info(&server).await;
    let log = Log::default();
    let saw = Log::default();
    let watcher = saw.clone();
    let client = builder(&server)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .intercept(Hook::new("i", &log).before(move |request| {
            watcher.push(format!("{:?}", request.headers().get("authorization")));
            request.headers_mut().insert("x-signed", "yes".parse()?);
            Ok(())
        }))
        .build()
        .unwrap();
    client.get_server_info().send().await.unwrap();

    assert_eq!(saw.entries(), ["None", "None"], "an interceptor saw the SDK's token");
    let api = requests_to(&server, INFO_PATH).await;
    let sent: Vec<(Option<&str>, Option<&str>)> =
        api.iter().map(|r| (header(r, "authorization"), header(r, "x-signed"))).collect();
    assert_eq!(sent, [(Some("Bearer revoked-token"), Some("yes")), (Some("Bearer fresh-token"), Some("yes"))]);
    assert!(requests_to(&server, TOKEN_PATH).await.iter().all(|r| header(r, "x-signed").is_none()), "not on tokens");
    assert!(log.entries().contains(&"i before_send attempt=1 resend=1".to_owned()), "{:?}", log.entries());
}

#[tokio::test]
async fn they_run_on_every_page_of_a_stream() {
    let server = MockServer::start().await;
    let page = |data: serde_json::Value, next: Option<&str>| {
        let cursor = json!({"pageSize": 1, "hasMore": next.is_some(), "next": next, "data": data});
        ResponseTemplate::new(200).set_body_json(json!({ "cursor": cursor }))
    };
    let trigger = |id: &str| json!({"id": id, "event": "e", "workflowID": "w", "createdAt": "2024-01-01T00:00:00Z"});
    Mock::given(query_param("cursor", "c2")).respond_with(page(json!([trigger("t2")]), None)).mount(&server).await;
    Mock::given(path("/api/orchestration/v2/triggers"))
        .respond_with(page(json!([trigger("t1")]), Some("c2")))
        .mount(&server)
        .await;
    let log = Log::default();
    let client = builder(&server).build().unwrap();
    let stream = client.list_triggers().intercept(Hook::new("page", &log).before(appends("page"))).into_stream();
    let items: Vec<_> = futures_util::TryStreamExt::try_collect(stream).await.unwrap();
    assert_eq!(items.len(), 2);
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|r| header_all(r, "x-order") == ["page"]), "{sent:?}");
    let calls = log.entries().into_iter().filter(|e| e.contains("after_call")).count();
    assert_eq!(calls, 2, "one call per page: {:?}", log.entries());
}

#[tokio::test]
async fn authorization_is_hidden_from_every_interceptor_but_the_one_that_sets_it() {
    let server = MockServer::start().await;
    // Echoes the credential, as a careless server may.
    Mock::given(path(INFO_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_string("bad credential sig-SECRET-42"))
        .mount(&server)
        .await;
    let saw = Log::default();
    let (first, second) = (saw.clone(), saw.clone());
    let client = builder(&server)
        .intercept(Hook::new("signer", &Log::default()).before(move |request| {
            first.push(format!("signer saw {:?}", request.headers().get("authorization")));
            request.headers_mut().insert("authorization", "Signature sig-SECRET-42".parse()?);
            first.push(format!("signer reads back {}", request.headers().contains_key("authorization")));
            Ok(())
        }))
        .intercept(Hook::new("after", &Log::default()).before(move |request| {
            second.push(format!("after saw {:?}", request.headers().get("authorization")));
            Ok(())
        }))
        .build()
        .unwrap();
    let err = client.get_server_info().header("x-caller", "1").send().await.unwrap_err();
    assert_eq!(saw.entries(), ["signer saw None", "signer reads back true", "after saw None"]);
    assert_eq!(header(&only_request(&server).await, "authorization"), Some("Signature sig-SECRET-42"));
    let said = everything_said_about(&err);
    assert!(!said.contains("sig-SECRET-42"), "an interceptor's credential shows in: {said}");

    // The caller's own Authorization: sent, never shown to an interceptor.
    let server = MockServer::start().await;
    mount_info(&server).await;
    let saw = Log::default();
    let watcher = saw.clone();
    let client = builder(&server)
        .intercept(Hook::new("i", &Log::default()).before(move |request| {
            watcher.push(format!("{:?}", request.headers().get("authorization")));
            Ok(())
        }))
        .build()
        .unwrap();
    client.get_server_info().header("Authorization", "Bearer callers-own").send().await.unwrap();
    assert_eq!(saw.entries(), ["None"]);
    assert_eq!(header(&only_request(&server).await, "authorization"), Some("Bearer callers-own"));
}

#[tokio::test]
async fn an_interceptor_cannot_replace_the_token_or_the_framing_and_nothing_is_sent() {
    let server = MockServer::start().await;
    mount_token(&server, "tok", Some(3600)).await;
    mount_info(&server).await;
    let cases: [(&str, &str, &str); 4] = [
        ("authorization", "Bearer mine", "Authorization"),
        ("host", "evil.example", "`host`"),
        ("content-type", "text/plain", "`content-type`"),
        ("transfer-encoding", "chunked", "`transfer-encoding`"),
    ];
    for (name, value, named) in cases {
        let client = builder(&server)
            .client_credentials(CLIENT_ID, CLIENT_SECRET)
            .intercept(Hook::new("meddler", &Log::default()).before(move |request| {
                request.headers_mut().insert(name, value.parse()?);
                Ok(())
            }))
            .build()
            .unwrap();
        let err = client.get_server_info().send().await.unwrap_err();
        let refused = |e: &formance_orchestration::InvalidRequest| {
            e.message().contains(named) && e.message().contains("`meddler`")
        };
        assert!(matches!(&err, Error::InvalidRequest(e) if refused(e)), "{name}: {err:?}");
    }
    assert!(requests_to(&server, INFO_PATH).await.is_empty(), "a request went out");
}

#[tokio::test]
async fn an_interceptor_error_ends_the_call_with_its_source_and_nothing_more_is_sent() {
    // In `before_send` on the first attempt: nothing at all is sent.
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let log = Log::default();
    let client = builder(&server)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .intercept(Hook::new("gate", &log).before(|_| Err(Box::new(Refused("before_send")))))
        .build()
        .unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    let Error::Interceptor(stopped) = &err else { panic!("{err:?}") };
    assert_eq!(stopped.interceptor(), "gate");
    assert_eq!(err.to_string(), "interceptor `gate` stopped the call in before_send");
    let source = std::error::Error::source(&err).unwrap();
    assert_eq!(source.downcast_ref::<Refused>().map(|r| r.0), Some("before_send"), "{source:?}");
    assert_eq!((err.attempts(), err.is_retryable()), (1, false));
    assert!(!err.maybe_processed(), "nothing was sent");
    assert!(requests(&server).await.is_empty());
    assert_eq!(
        log.entries().last().unwrap(),
        "gate after_call v2GetServerInfo attempts=1 status=None error=Some(\"interceptor\")"
    );

    // In `after_response` on a retryable answer: no retry.
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = builder(&server)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .intercept(Hook { fail_after_response: true, ..Hook::new("reader", &Log::default()) })
        .build()
        .unwrap();
    let err = client.get_server_info().send().await.unwrap_err();
    assert!(matches!(&err, Error::Interceptor(e) if e.interceptor() == "reader"), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1, "a retry was sent after the interceptor failed");

    // In `before_send` of the second attempt: the first went, the second never does.
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client =
        builder(&server).retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1))).build().unwrap();
    let second = Hook::new("second", &Log::default()).before(|request| match request.attempt() {
        1 => Ok(()),
        _ => Err(Box::new(Refused("retry"))),
    });
    let err = client.get_server_info().intercept(second).send().await.unwrap_err();
    assert!(matches!(&err, Error::Interceptor(_)) && err.attempts() == 2, "{err:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

/// A metrics interceptor's view: every response head, and one outcome per call, failures included.
#[tokio::test]
async fn after_call_sees_every_outcome_once() {
    let server = MockServer::start().await;
    Mock::given(path(INFO_PATH)).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    let log = Log::default();
    let client = builder(&server).intercept(Hook::new("m", &log)).build().unwrap();
    client.get_server_info().send().await.unwrap_err();
    client.get_server_info().header("bad name", "x").send().await.unwrap_err();
    let ended: Vec<String> = log.entries().into_iter().filter(|e| e.contains("after_call")).collect();
    assert_eq!(
        ended,
        [
            "m after_call v2GetServerInfo attempts=1 status=Some(404) error=Some(\"404\")",
            "m after_call v2GetServerInfo attempts=0 status=None error=Some(\"invalid_request\")",
        ]
    );
}

/// What `after_response` sees: the status, the headers as received, and a time; `after_call`, the
/// time of the whole call.
#[tokio::test]
async fn after_response_sees_the_status_headers_and_time_of_every_response() {
    struct Timing(Log);
    impl Intercept for Timing {
        fn after_response(&self, response: &IncomingResponse<'_>) -> Result<(), BoxError> {
            let id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
            let waited = response.elapsed() >= Duration::from_millis(50);
            self.0.push(format!("{} {} {id} {waited}", response.operation().id, response.status()));
            Ok(())
        }

        fn after_call(&self, outcome: &CallOutcome<'_>) {
            self.0.push(format!("call {} {}", outcome.is_success(), outcome.elapsed() >= Duration::from_millis(50)));
        }
    }
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200)
        .insert_header("x-request-id", "r-7")
        .set_delay(Duration::from_millis(50))
        .set_body_json(json!({"version": "v2"}));
    Mock::given(path(INFO_PATH)).respond_with(slow).mount(&server).await;
    let log = Log::default();
    builder(&server).intercept(Timing(log.clone())).build().unwrap().get_server_info().send().await.unwrap();
    assert_eq!(log.entries(), ["v2GetServerInfo 200 OK r-7 true", "call true true"]);
}
