//! The generated `testing` modules on fixture specs: outputs the mock sends in every media type the
//! generator decodes, a streamed request body, the per-status error enums, and the rules of
//! operations grouped by tag.

use codegen_wire_tests::bodies_api;
use codegen_wire_tests::errors_per_operation_api::operations::CreateItemError;
use codegen_wire_tests::{errors_per_operation_api, operation_groups_api};
use futures_util::stream;

#[tokio::test]
async fn binary_and_text_outputs_are_sent_as_the_server_would() {
    use bodies_api::bytes::Bytes;
    use bodies_api::testing::{MockClient, mock};

    let file = mock::download_file()
        .match_request(|request| request.id() == "f1")
        .then_output(|| Bytes::from_static(b"\x00\xffbinary"));
    let name = mock::set_name().match_request(|request| request.body() == "new name").then_output(|| "é".to_owned());
    let client = MockClient::new().rule(&file).rule(&name).build().unwrap();

    let downloaded = client.download_file("f1").send().await.unwrap();
    assert_eq!(downloaded.headers()["content-type"], "application/octet-stream");
    assert_eq!(downloaded.into_inner(), Bytes::from_static(b"\x00\xffbinary"));
    let named = client.set_name("new name").send().await.unwrap();
    assert_eq!(named.headers()["content-type"], "text/plain");
    assert_eq!(named.into_inner(), "é");
}

#[tokio::test]
async fn a_streamed_body_is_read_whole_as_a_server_would() {
    use bodies_api::testing::{MockClient, mock};

    let chunk = mock::upload_chunk()
        .match_request(|request| request.body().is_none())
        .match_http(|sent| sent.body().as_ref() == b"part one, part two")
        .then_output(|| serde_json::from_value(serde_json::json!({"offset": 18})).unwrap());
    let mock = MockClient::new().rule(&chunk);
    let client = mock.build().unwrap();
    let parts = [Ok::<_, std::io::Error>(&b"part one, "[..]), Ok(&b"part two"[..])];
    let stream = stream::iter(parts.map(|part| part.map(bodies_api::bytes::Bytes::from_static)));
    client.upload_chunk("c1", bodies_api::bytes::Bytes::new()).body_stream(stream).send().await.unwrap();
    assert_eq!(chunk.calls(), 1);
    mock.assert_all_used();
}

#[tokio::test]
async fn per_status_error_bodies_are_documented_errors_only_at_their_status() {
    use errors_per_operation_api::Error;
    use errors_per_operation_api::models::{Item, NotFound};
    use errors_per_operation_api::testing::{MockClient, StatusCode, mock};

    let missing: NotFound = serde_json::from_value(serde_json::json!({"resource": "item"})).unwrap();
    let found = mock::create_item().then_error(StatusCode::NOT_FOUND, CreateItemError::Status404(missing.clone()));
    let client = MockClient::new().rule(&found).build().unwrap();
    match client.create_item(Item::new("i1")).send().await {
        Err(Error::Api(e)) => assert!(matches!(e.body(), CreateItemError::Status404(body) if body.resource == "item")),
        other => panic!("{other:?}"),
    }

    // A 404's body at 500: the 5XX body does not decode from it, so production would see
    // `UnexpectedStatus`, and the rule says so when the call reaches it.
    let misplaced =
        mock::create_item().then_error(StatusCode::INTERNAL_SERVER_ERROR, CreateItemError::Status404(missing));
    let mock = MockClient::new().rule(&misplaced);
    let err = mock.build().unwrap().create_item(Item::new("i1")).send().await.unwrap_err();
    let Error::InvalidRequest(e) = &err else { panic!("{err:?}") };
    assert!(e.message().contains("create_item documents no such error body for HTTP 500"), "{err}");
}

#[tokio::test]
async fn rules_of_grouped_operations_are_named_as_users_call_them() {
    use operation_groups_api::testing::{MockClient, mock};

    let v1 = mock::v1::list_items().then_output(Vec::new);
    let mock = MockClient::new().rule(&v1);
    let client = mock.build().unwrap();
    let err = client.v2().list_items().send().await.unwrap_err();
    assert!(err.to_string().contains("rule #1 `v1().list_items`: another operation"), "{err}");
    client.v1().list_items().send().await.unwrap();
    let problems = mock.check().unwrap_err();
    assert_eq!(problems.problems().len(), 1, "the call no rule answered: {problems}");
}

#[tokio::test]
async fn a_streamed_body_that_fails_fails_the_call_in_transit() {
    use bodies_api::bytes::Bytes;
    use bodies_api::testing::{MockClient, mock};
    use bodies_api::{Error, RetryPolicy};

    let chunk = mock::upload_chunk().then_output(|| serde_json::from_value(serde_json::json!({"offset": 1})).unwrap());
    let mock = MockClient::new().rule(&chunk);
    let client = mock.builder().retry(RetryPolicy::disabled()).build().unwrap();
    let parts = [Ok(Bytes::from_static(b"a")), Err(std::io::Error::other("disk gone"))];
    match client.upload_chunk("c1", Bytes::new()).body_stream(stream::iter(parts)).send().await {
        Err(Error::Transport(e)) => {
            assert!(!e.is_connect());
            // As in production, how much of a body that failed while it was read went out is unknown.
            assert_eq!(e.request_sent(), bodies_api::RequestSent::Unknown);
            // As in production, the chunk's error is in the chain of sources.
            let mut chain = Vec::new();
            let mut source = std::error::Error::source(&e);
            while let Some(error) = source {
                chain.push(error.to_string());
                source = error.source();
            }
            assert!(chain.iter().any(|message| message == "disk gone"), "{chain:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(chunk.calls(), 0, "the request never reached a rule");
}
