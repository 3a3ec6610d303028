//! The `response_headers.yaml` fixture on the wire: documented response headers are read as their
//! types by accessors of what `send()` returns (Ledger v2's `Count`, a bigint, at 2^130 exactly),
//! when called, and what a hostile server puts there is that accessor's error, never a panic nor
//! the call's failure. A big-integer path parameter takes any integer, as a big-integer field does.

use codegen_wire_tests::response_headers_api::models::{GetTransactionXModeHeader, Transaction};
use codegen_wire_tests::response_headers_api::operations::{CountTransactionsOutput, GetTransactionOutput};
use codegen_wire_tests::response_headers_api::{BigInt, Client, HeaderError};
use formance_sdk_runtime::chrono::{TimeZone, Utc};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TWO_POW_130: &str = "1361129467683753853853498429727072845824";

async fn answering(http_method: &str, at: &str, response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method(http_method)).and(path(at)).respond_with(response).mount(&server).await;
    let client = Client::builder().server_url(server.uri()).build().expect("client");
    (server, client)
}

#[tokio::test]
async fn a_count_header_is_read_as_a_big_integer_with_every_digit() {
    let (_server, client) =
        answering("HEAD", "/ledgers/main/transactions", ResponseTemplate::new(204).insert_header("count", TWO_POW_130))
            .await;
    let output: CountTransactionsOutput = client.count_transactions("main").send().await.expect("204");
    let count: Option<BigInt> = output.count().expect("a valid count");
    assert_eq!(count.expect("sent").as_str(), TWO_POW_130);
    // The response is still there, through `Deref`.
    assert_eq!(output.status().as_u16(), 204);
    assert_eq!(output.headers()["count"], TWO_POW_130);
}

#[tokio::test]
async fn every_documented_header_is_read_as_its_type() {
    let response = ResponseTemplate::new(200)
        .set_body_raw(r#"{"id":5}"#, "application/json")
        .insert_header("x-request-id", "req-1")
        .insert_header("x-mode", "fresh")
        .append_header("x-tags", "a, b")
        .append_header("x-tags", "c")
        .insert_header("x-expires-at", "2024-05-01T08:00:00Z")
        .insert_header("x-shape", r#"{"k":1}"#)
        .insert_header("status", "7");
    let (_server, client) = answering("GET", "/ledgers/main/transactions/5", response).await;
    // A big-integer path parameter from a `u64`, as a big-integer field takes one.
    let output: GetTransactionOutput = client.get_transaction("main", 5u64).send().await.expect("200");
    assert_eq!(output.x_request_id().expect("sent"), "req-1");
    assert_eq!(output.x_mode().expect("valid"), Some(GetTransactionXModeHeader::Fresh));
    assert_eq!(output.x_tags().expect("valid"), Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]));
    let expires = Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).single().expect("a date");
    assert_eq!(output.x_expires_at().expect("valid"), Some(expires));
    assert_eq!(output.x_shape().expect("text").as_deref(), Some(r#"{"k":1}"#));
    assert_eq!(output.status_header().expect("valid"), Some(7));
    assert_eq!(output.status().as_u16(), 200);
    // The body through `Deref`, and moved out.
    assert_eq!(output.id, BigInt::from(5));
    let transaction: Transaction = output.into_inner();
    assert_eq!(transaction.id.as_str(), "5");
}

#[tokio::test]
async fn what_a_hostile_server_sends_in_a_header_is_the_accessor_s_error() {
    let huge = "9".repeat(60_000);
    let response = ResponseTemplate::new(200)
        .set_body_raw(r#"{"id":1}"#, "application/json")
        .insert_header("x-mode", "something-new")
        .insert_header("x-expires-at", "tomorrow")
        .insert_header("status", huge.as_str())
        .append_header("x-shape", "one")
        .append_header("x-shape", "two");
    let (_server, client) = answering("GET", "/ledgers/main/transactions/1", response).await;
    // The call itself succeeds: a header is read when its accessor is called.
    let output = client.get_transaction("main", 1).send().await.expect("200");
    let missing: HeaderError = output.x_request_id().expect_err("documented as always sent");
    assert!(missing.is_missing() && missing.name() == "X-Request-Id", "{missing}");
    // A value this version does not know is kept, as in a body.
    assert_eq!(
        output.x_mode().expect("an enum keeps any text"),
        Some(GetTransactionXModeHeader::Unknown("something-new".to_owned()))
    );
    let bad_date = output.x_expires_at().expect_err("not RFC 3339");
    assert!(bad_date.to_string().contains("`X-Expires-At` is not a valid value"), "{bad_date}");
    assert!(!bad_date.to_string().contains("tomorrow"), "the value is not shown: {bad_date}");
    let overflow = output.status_header().expect_err("past i32");
    assert!(overflow.to_string().contains("`Status`") && !overflow.to_string().contains(&huge[..20]), "{overflow}");
    let twice = output.x_shape().expect_err("two lines for one value");
    assert!(twice.to_string().contains("2 `X-Shape` headers"), "{twice}");
    assert!(output.x_tags().expect("absent").is_none());
}

#[tokio::test]
async fn a_count_that_is_not_a_number_is_an_error_not_a_panic() {
    for text in ["-", "1e3", "0x10", " ", "١٢"] {
        let response = ResponseTemplate::new(204).insert_header("count", text);
        let (_server, client) = answering("HEAD", "/ledgers/main/transactions", response).await;
        let output = client.count_transactions("main").send().await.expect("204");
        match output.count() {
            Err(error) => assert_eq!(error.name(), "Count", "{text:?}"),
            // A header of spaces only is sent as an empty value: absent is not the same as invalid.
            Ok(value) => panic!("{text:?} read as {value:?}"),
        }
    }
}
