//! The `errors_per_operation.yaml` fixture on the wire: each failure status decodes into the body
//! its operation documents for it (the exact status first, then its class, then `default`), a body
//! that is not the documented one stays an `UnexpectedStatus`, and errors of different operations
//! fit in one type through `into_untyped` and `map_body`.

use codegen_wire_tests::errors_per_operation_api::models::{Item, NotFound};
use codegen_wire_tests::errors_per_operation_api::operations::{CreateItemError, DeleteItemError, NoErrorBody};
use codegen_wire_tests::errors_per_operation_api::{Client, Error, RawJson, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering `status` with `body` (JSON text, sent byte for byte) to `method_name at`.
async fn answering(method_name: &str, at: &str, status: u16, body: &str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method(method_name))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    // One attempt: 500 and 503 would otherwise be retried.
    let client = Client::builder().server_url(server.uri()).retry(RetryPolicy::disabled()).build().expect("client");
    (server, client)
}

fn item() -> Item {
    Item::new("i-1")
}

async fn create_item_failing_with(status: u16, body: &str) -> Error<CreateItemError> {
    let (_server, client) = answering("POST", "/items", status, body).await;
    client.create_item(item()).send().await.expect_err("a failure status")
}

fn api_body<E: std::fmt::Debug>(error: Error<E>) -> E {
    match error {
        Error::Api(api) => api.into_body(),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn an_exact_status_decodes_as_its_own_variant() {
    let error = create_item_failing_with(400, r#"{"invalid": ["name"]}"#).await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let CreateItemError::Status400(problem) = api_body(error) else { panic!("the 400 variant") };
    assert_eq!(problem.invalid, ["name"]);
}

#[tokio::test]
async fn an_exact_status_wins_over_its_class() {
    // 404 is in the 4XX class too, whose body (`Error`) this one is not.
    let error = create_item_failing_with(404, r#"{"resource": "item", "id": "i-1"}"#).await;
    let CreateItemError::Status404(not_found) = api_body(error) else { panic!("the 404 variant") };
    assert_eq!((not_found.resource.as_str(), not_found.id.as_deref()), ("item", Some("i-1")));
}

#[tokio::test]
async fn a_status_without_a_variant_of_its_own_decodes_as_its_class() {
    let error = create_item_failing_with(409, r#"{"errorCode": "CONFLICT", "errorMessage": "taken"}"#).await;
    let CreateItemError::Status4xx(body) = api_body(error) else { panic!("the 4XX variant") };
    assert_eq!((body.error_code.as_str(), body.error_message.as_str()), ("CONFLICT", "taken"));

    let error = create_item_failing_with(503, r#"{"message": "later", "retryAfter": 30}"#).await;
    let CreateItemError::Status5xx(body) = api_body(error) else { panic!("the 5XX variant") };
    assert_eq!((body.message.as_str(), body.retry_after), ("later", Some(30)));
}

#[tokio::test]
async fn a_body_that_is_not_the_documented_one_is_an_unexpected_status() {
    // A 400 with the 4XX body: the exact status documents another body, so nothing is guessed.
    let error = create_item_failing_with(400, r#"{"errorCode": "BAD", "errorMessage": "bad"}"#).await;
    let Error::UnexpectedStatus(unexpected) = error else { panic!("expected UnexpectedStatus, got {error:?}") };
    assert_eq!(unexpected.status().as_u16(), 400);
    assert_eq!(unexpected.body().as_ref(), br#"{"errorCode": "BAD", "errorMessage": "bad"}"#);
}

#[tokio::test]
async fn default_covers_the_statuses_documented_nowhere_else() {
    let (_server, client) = answering(
        "DELETE",
        "/items/i-1",
        409,
        r#"[{"errorCode": "USED", "errorMessage": "by a"}, {"errorCode": "USED", "errorMessage": "by b"}]"#,
    )
    .await;
    let error = client.delete_item("i-1").send().await.expect_err("409");
    let DeleteItemError::Status409(reasons) = api_body(error) else { panic!("the 409 variant") };
    assert_eq!(reasons.iter().map(|r| r.error_message.as_str()).collect::<Vec<_>>(), ["by a", "by b"]);

    let (_server, client) =
        answering("DELETE", "/items/i-1", 500, r#"{"errorCode": "INTERNAL", "errorMessage": "oops"}"#).await;
    let error = client.delete_item("i-1").send().await.expect_err("500");
    let DeleteItemError::Default(body) = api_body(error) else { panic!("the default variant") };
    assert_eq!((body.error_code.as_str(), body.error_message.as_str()), ("INTERNAL", "oops"));
}

#[tokio::test]
async fn an_operation_with_one_body_of_its_own_keeps_a_plain_error_of_it() {
    let (_server, client) = answering("GET", "/items/i-9", 404, r#"{"resource": "item"}"#).await;
    let error: Error<NotFound> = client.get_item("i-9").send().await.expect_err("404");
    let not_found = api_body(error);
    assert_eq!((not_found.resource.as_str(), not_found.id), ("item", None));

    // A status it documents no body for.
    let (_server, client) = answering("GET", "/items/i-9", 500, r#"{"resource": "item"}"#).await;
    let error = client.get_item("i-9").send().await.expect_err("500");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
}

#[tokio::test]
async fn display_shows_the_body_alone() {
    let error = create_item_failing_with(400, r#"{"invalid": ["id"]}"#).await;
    assert_eq!(error.to_string(), r#"API error, HTTP 400 Bad Request: {"invalid":["id"]}"#);
}

#[tokio::test]
async fn errors_of_different_operations_fit_in_one_type() {
    let (_a, client_a) = answering("POST", "/items", 400, r#"{"invalid": ["name"], "hint": "unknown field"}"#).await;
    let (_b, client_b) = answering("GET", "/items/i-9", 404, r#"{"resource": "item"}"#).await;
    let (_c, client_c) = answering("GET", "/items", 500, r#"{"errorCode": "INTERNAL", "errorMessage": "oops"}"#).await;
    let errors: Vec<Error<RawJson>> = vec![
        client_a.create_item(item()).send().await.expect_err("400").into_untyped(),
        client_b.get_item("i-9").send().await.expect_err("404").into_untyped(),
        client_c.list_items().send().await.expect_err("500").into_untyped(),
    ];
    let bodies: Vec<(u16, String)> = errors
        .into_iter()
        .map(|error| {
            let status = error.status().expect("a status").as_u16();
            (status, api_body(error).as_str().to_owned())
        })
        .collect();
    assert_eq!(
        bodies,
        [
            // As the server sent it, fields the SDK does not know included.
            (400, r#"{"invalid": ["name"], "hint": "unknown field"}"#.to_owned()),
            (404, r#"{"resource": "item"}"#.to_owned()),
            (500, r#"{"errorCode": "INTERNAL", "errorMessage": "oops"}"#.to_owned()),
        ]
    );

    #[derive(Debug, PartialEq)]
    enum Either {
        Create(CreateItemError),
        Get(NotFound),
    }
    let (_a, client_a) = answering("POST", "/items", 400, r#"{"invalid": []}"#).await;
    let mapped: Vec<Error<Either>> = vec![
        client_a.create_item(item()).send().await.expect_err("400").map_body(Either::Create),
        client_b.get_item("i-9").send().await.expect_err("404").map_body(Either::Get),
    ];
    let bodies: Vec<Either> = mapped.into_iter().map(api_body).collect();
    let [Either::Create(CreateItemError::Status400(problem)), Either::Get(not_found)] = bodies.as_slice() else {
        panic!("one body of each operation, in order: {bodies:?}")
    };
    assert!(problem.invalid.is_empty());
    assert_eq!(not_found.resource, "item");
}

/// An operation whose documented failures have no JSON body fails with `Error<NoErrorBody>`: the
/// type has no value, so the `Api` arm cannot happen (the compiler knows it: `match body {}`), and
/// the failure is an `UnexpectedStatus` keeping the body as received.
#[tokio::test]
async fn failures_without_a_json_body_are_typed_as_having_none() {
    fn never_api(error: &Error<NoErrorBody>) -> bool {
        match error {
            Error::Api(api) => match *api.body() {},
            _ => false,
        }
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/logs/export"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(b"\x00not json".to_vec(), "application/octet-stream"))
        .mount(&server)
        .await;
    let client = Client::builder().server_url(server.uri()).retry(RetryPolicy::disabled()).build().expect("client");
    let error: Error<NoErrorBody> = client.export_logs().send().await.expect_err("400");
    assert!(!never_api(&error));
    let Error::UnexpectedStatus(unexpected) = &error else { panic!("expected UnexpectedStatus, got {error:?}") };
    assert_eq!(unexpected.status().as_u16(), 400);
    assert_eq!(&unexpected.unredacted_body()[..], b"\x00not json");

    // A failure documented without content at all, likewise.
    let (_server, client) = answering("GET", "/health", 500, r#"{"code":"DOWN"}"#).await;
    let error: Error<NoErrorBody> = client.health().send().await.expect_err("500");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
}
