//! Money-moving writes against misbehaving servers (issue 19): a POST is sent again only when the
//! failure shows the server did not act on it (nothing sent, no token, 429, 503), and its error says
//! whether it may have (`maybe_processed`), for every attempt of the call.

mod harness;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use formance_orchestration::models::{V2CreateTriggerResponse, V2ErrorErrorCode, V2TriggerData, V2TriggerDataRequired};
use formance_orchestration::{
    BoxError, Client, ClientBuilder, Error, FailedAttempt, FailureKind, Intercept, OutgoingRequest, RequestSent,
    ResponseValue, RetryDecision, RetryPolicy, TimeoutBound,
};
use futures_util::future::BoxFuture;
use harness::*;
use wiremock::{MockServer, ResponseTemplate};

const CREATED: &[u8] = br#"{"data":{"id":"t1","event":"e","workflowID":"w","createdAt":"2024-01-01T00:00:00Z"}}"#;
const JSON: (&str, &str) = ("content-type", "application/json");

/// The default policy, without jitter and with short waits.
fn quick() -> RetryPolicy {
    RetryPolicy::default().jitter(false).initial_backoff(Duration::from_millis(20))
}

fn client(url: &str) -> ClientBuilder {
    Client::builder().server_url(url).retry(quick())
}

async fn create_trigger(client: &Client) -> Result<ResponseValue<V2CreateTriggerResponse>, Error> {
    client.create_trigger(V2TriggerData::new(V2TriggerDataRequired { event: "e", workflow_id: "w" })).send().await
}

type Handler = Box<dyn Fn(Conn) -> BoxFuture<'static, ()> + Send + Sync>;

/// A server answering its n-th connection with the n-th handler, and every later one with the last.
async fn in_turn(handlers: Vec<Handler>) -> RawServer {
    let count = AtomicUsize::new(0);
    RawServer::start(move |conn| {
        let index = count.fetch_add(1, Ordering::SeqCst).min(handlers.len() - 1);
        handlers[index](conn)
    })
    .await
}

fn respond(status: &'static str, headers: &'static [(&'static str, &'static str)], body: &'static [u8]) -> Handler {
    Box::new(move |mut conn| Box::pin(async move { conn.respond(status, headers, body).await }))
}

fn created() -> Handler {
    respond("201 Created", &[JSON], CREATED)
}

/// A response written as raw bytes, header values not UTF-8 included.
fn raw(response: Vec<u8>) -> Handler {
    Box::new(move |mut conn| {
        let response = response.clone();
        Box::pin(async move {
            let _ = conn.send(&response).await;
        })
    })
}

fn raw_response(status: &str, header_lines: &[&[u8]], body: &[u8]) -> Vec<u8> {
    let mut response =
        format!("HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n", body.len()).into_bytes();
    for line in header_lines {
        response.extend_from_slice(line);
        response.extend_from_slice(b"\r\n");
    }
    response.extend_from_slice(b"\r\n");
    response.extend_from_slice(body);
    response
}

// Item 1: retried when the server provably did not act, whatever the method.

/// Starts the server on `address` when the second attempt is about to be sent: the first one met
/// a refused connection.
struct ComesUp {
    address: std::net::SocketAddr,
    server: Arc<Mutex<Option<RawServer>>>,
}

impl Intercept for ComesUp {
    fn before_send(&self, request: &mut OutgoingRequest<'_>) -> Result<(), BoxError> {
        if request.attempt() == 2 {
            let listener = std::net::TcpListener::bind(self.address)?;
            listener.set_nonblocking(true)?;
            let listener = tokio::net::TcpListener::from_std(listener)?;
            let server = RawServer::start_on(listener, |mut conn| async move {
                conn.respond("201 Created", &[JSON], CREATED).await;
            });
            *self.server.lock().unwrap() = Some(server);
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_post_meeting_a_refused_connection_is_retried_and_succeeds_when_the_server_comes_up() {
    let address = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let started: Arc<Mutex<Option<RawServer>>> = Arc::default();
    let client =
        client(&format!("http://{address}")).intercept(ComesUp { address, server: started.clone() }).build().unwrap();

    let created = create_trigger(&client).await.unwrap();
    assert_eq!(created.data.id, "t1");
    let server = started.lock().unwrap().clone().expect("the second attempt started the server");
    assert_eq!(server.requests(), 1, "the first attempt reached nothing");
    assert_eq!(server.seen()[0].method(), "POST");
}

#[tokio::test]
async fn a_post_meeting_a_429_with_retry_after_is_sent_twice_a_second_apart() {
    let server = in_turn(vec![respond("429 Too Many Requests", &[("retry-after", "1")], b""), created()]).await;
    let client = client(&server.url).build().unwrap();

    create_trigger(&client).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].body, seen[1].body, "the same write, sent again");
    let apart = seen[1].at.duration_since(seen[0].at);
    assert!(apart >= Duration::from_millis(950), "sent again after {apart:?}, before the server asked");
    assert!(apart < Duration::from_secs(10), "sent again after {apart:?}");
}

#[tokio::test]
async fn a_post_meeting_a_503_is_retried() {
    let server = in_turn(vec![respond("503 Service Unavailable", &[], b""), created()]).await;
    create_trigger(&client(&server.url).build().unwrap()).await.unwrap();
    assert_eq!(server.requests(), 2);
}

/// A TLS handshake that fails is a connection that could not be made: nothing was sent.
#[tokio::test]
async fn a_post_whose_tls_handshake_fails_sent_nothing_and_is_retried() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            // Plain HTTP where the client expects a TLS handshake.
            let _ = tokio::io::AsyncWriteExt::write_all(&mut stream, b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
        }
    });
    let err = create_trigger(&client(&url).build().unwrap()).await.unwrap_err();
    let Error::Transport(transport) = &err else { panic!("a transport error, got {err:?}") };
    assert!(transport.is_connect(), "{err:?}");
    assert_eq!(transport.request_sent(), RequestSent::Nothing);
    assert!(!err.maybe_processed());
    assert_eq!((err.attempts(), accepted.load(Ordering::SeqCst)), (3, 3), "retried: nothing was sent");
}

/// A token request that fails before any API request: the write was never sent, so it is retried.
#[tokio::test]
async fn a_post_whose_token_could_not_be_fetched_is_retried() {
    let tokens = MockServer::start().await;
    fail_first(&tokens, TOKEN_PATH, 1, ResponseTemplate::new(503)).await;
    mount_token(&tokens, "tok-1", Some(3600)).await;
    let api = in_turn(vec![created()]).await;
    let client = client(&api.url)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .token_url(format!("{}{TOKEN_PATH}", tokens.uri()))
        .build()
        .unwrap();

    create_trigger(&client).await.unwrap();
    assert_eq!(api.requests(), 1);
    assert_eq!(requests_to(&tokens, TOKEN_PATH).await.len(), 2);
}

// Items 1, 2 and 5: sent once when the server may have acted, and the error says so.

#[tokio::test]
async fn a_post_meeting_a_500_is_sent_once_and_may_have_been_processed() {
    let server = in_turn(vec![respond("500 Internal Server Error", &[], b""), created()]).await;
    let err = create_trigger(&client(&server.url).build().unwrap()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert!(err.maybe_processed(), "{err:?}");
    assert!(err.is_retryable(), "transient, but not safe to repeat");
    assert_eq!((err.attempts(), server.requests()), (1, 1));
}

#[tokio::test]
async fn a_post_whose_connection_is_reset_after_the_body_went_out_is_sent_once_and_may_have_been_processed() {
    let server = RawServer::start(|conn| async move { conn.reset() }).await;
    let err = create_trigger(&client(&server.url).build().unwrap()).await.unwrap_err();
    let Error::Transport(transport) = &err else { panic!("a transport error, got {err:?}") };
    assert!(!transport.is_connect());
    assert_eq!(transport.request_sent(), RequestSent::Whole);
    assert!(err.maybe_processed());
    assert_eq!(server.requests(), 1);
    assert_eq!(server.seen()[0].body, br#"{"event":"e","workflowID":"w"}"#);
}

#[tokio::test]
async fn a_post_that_times_out_after_sending_is_sent_once_and_may_have_been_processed() {
    let server = RawServer::start(|mut conn| async move { conn.hang().await }).await;
    let client = client(&server.url).timeout(Duration::from_millis(300)).build().unwrap();
    let err = create_trigger(&client).await.unwrap_err();
    let Error::Timeout(timeout) = &err else { panic!("a timeout, got {err:?}") };
    assert_eq!(timeout.bound(), TimeoutBound::Attempt);
    assert_eq!(timeout.request_sent(), RequestSent::Whole, "the whole body was handed over");
    assert!(err.maybe_processed());
    assert!(err.to_string().contains("after the request was sent"), "{err}");
    assert_eq!(server.requests(), 1);
}

/// The limit of what the HTTP client tells: a request without a body is not seen going out.
#[tokio::test]
async fn a_write_without_a_body_that_times_out_says_it_cannot_tell() {
    let server = RawServer::start(|mut conn| async move { conn.hang().await }).await;
    let client = client(&server.url).timeout(Duration::from_millis(300)).build().unwrap();
    let err = client.run_workflow("w1").wait(true).send().await.unwrap_err();
    let Error::Timeout(timeout) = &err else { panic!("a timeout, got {err:?}") };
    assert_eq!(timeout.request_sent(), RequestSent::Unknown);
    assert!(err.maybe_processed(), "the instance may have started");
    assert_eq!(server.requests(), 1);
}

/// A GET is retried after the same failures: reading twice is harmless.
#[tokio::test]
async fn a_get_is_retried_after_a_500_and_a_reset() {
    let info = br#"{"version":"v2.0.0"}"#;
    let reset: Handler = Box::new(|conn| Box::pin(async move { conn.reset() }));
    let server =
        in_turn(vec![respond("500 Internal Server Error", &[], b""), reset, respond("200 OK", &[JSON], info)]).await;
    let client = client(&server.url).build().unwrap();
    assert_eq!(client.get_server_info().send().await.unwrap().version, "v2.0.0");
    assert_eq!(server.requests(), 3);
}

/// `maybe_processed` covers every attempt: a write retried after a 500 (the caller allowed it) may
/// have happened, whatever the last answer says.
#[tokio::test]
async fn an_earlier_attempt_that_may_have_been_processed_counts() {
    let rejected = br#"{"errorCode":"VALIDATION","errorMessage":"bad"}"#;
    let server =
        in_turn(vec![respond("500 Internal Server Error", &[], b""), respond("400 Bad Request", &[JSON], rejected)])
            .await;
    let opted_in = client(&server.url).retry(quick().retry_non_idempotent(true)).build().unwrap();
    let err = create_trigger(&opted_in).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.attempts(), 2);
    assert!(err.maybe_processed(), "the first attempt may have created the trigger");

    let server =
        in_turn(vec![respond("503 Service Unavailable", &[], b""), respond("400 Bad Request", &[JSON], rejected)])
            .await;
    let err = create_trigger(&client(&server.url).build().unwrap()).await.unwrap_err();
    assert_eq!((err.attempts(), err.maybe_processed()), (2, false), "a 503 and a 400: nothing happened");
    assert_eq!(err.api_body().map(|body| &body.error_code), Some(&V2ErrorErrorCode::Validation));
}

// Item 1: a classifier of the caller's decides first.

#[tokio::test]
async fn a_classifier_retries_what_the_table_would_not_and_stops_what_it_would() {
    let server = in_turn(vec![respond("409 Conflict", &[], b""), created()]).await;
    /// What the classifier was asked about: kind, status, and whether the table says maybe processed.
    type Asked = Vec<(FailureKind, Option<u16>, bool)>;
    let seen: Arc<Mutex<Asked>> = Arc::default();
    let record = seen.clone();
    let policy = quick().classifier(move |failed: &FailedAttempt<'_>| {
        record.lock().unwrap().push((failed.kind(), failed.status().map(|s| s.as_u16()), failed.maybe_processed()));
        match failed.status().map(|s| s.as_u16()) {
            Some(409) => RetryDecision::Retry,
            Some(503) => RetryDecision::DoNotRetry,
            _ => RetryDecision::Default,
        }
    });
    create_trigger(&client(&server.url).retry(policy.clone()).build().unwrap()).await.unwrap();
    assert_eq!(server.requests(), 2);
    assert_eq!(*seen.lock().unwrap(), [(FailureKind::Status, Some(409), false)]);

    let server = in_turn(vec![respond("503 Service Unavailable", &[], b""), respond("200 OK", &[JSON], b"{}")]).await;
    let err = client(&server.url).retry(policy).build().unwrap().get_server_info().send().await.unwrap_err();
    assert_eq!((err.status().map(|s| s.as_u16()), server.requests()), (Some(503), 1));
}

// Item 3: a hostile `Retry-After` never panics and never waits past the operation deadline.

#[tokio::test]
async fn a_retry_after_that_is_garbage_negative_or_huge_never_panics_nor_outwaits_the_deadline() {
    let operation_timeout = Duration::from_secs(3);
    let cases: [(&[u8], bool); 6] = [
        (b"soon", true),
        (b"-5", true),
        (b"1.5", true),
        (b"\xff\xfe", true),
        (b"99999999999999999999999999", false),
        (b"Fri, 31 Dec 9999 23:59:59 GMT", false),
    ];
    for (value, retried) in cases {
        let line = [b"retry-after: ".as_slice(), value].concat();
        let server = in_turn(vec![raw(raw_response("503 Service Unavailable", &[&line], b"")), created()]).await;
        // No cap of the SDK's own: only the operation deadline stands between a huge wait and the call.
        let policy = quick().max_retry_after(Duration::MAX);
        let patient = client(&server.url).retry(policy).operation_timeout(operation_timeout).build().unwrap();
        let outcome = tokio::time::timeout(operation_timeout + Duration::from_secs(2), create_trigger(&patient))
            .await
            .unwrap_or_else(|_| panic!("{value:?}: waited past the operation deadline"));
        let shown = String::from_utf8_lossy(value);
        if retried {
            outcome.unwrap_or_else(|e| panic!("{shown}: {e:?}"));
            assert_eq!(server.requests(), 2, "{shown}: the backoff, then a retry");
        } else {
            let err = outcome.expect_err(&shown);
            assert_eq!((err.status().map(|s| s.as_u16()), err.attempts(), server.requests()), (Some(503), 1, 1));
            assert!(err.retry_after().is_some_and(|wait| wait > operation_timeout), "{shown}: {:?}", err.retry_after());
        }
    }
}

#[tokio::test]
async fn retry_after_is_the_servers_value_as_the_loop_reads_it() {
    let server = in_turn(vec![respond("429 Too Many Requests", &[("retry-after", "120")], b"")]).await;
    let err = create_trigger(&client(&server.url).build().unwrap()).await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(server.requests(), 1, "beyond max_retry_after: not retried");
    assert!(!err.maybe_processed());

    let server = in_turn(vec![respond("500 Internal Server Error", &[("retry-after", "120")], b"")]).await;
    let err = create_trigger(&client(&server.url).build().unwrap()).await.unwrap_err();
    assert_eq!(err.retry_after(), None, "only 429 and 503 carry it");
}
