//! The `operations.yaml` fixture on the wire: path parameters in path order, query parameters.

use codegen_wire_tests::operations_api::Client;
use formance_sdk_runtime::chrono::{TimeZone, Utc};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn path_parameters_are_encoded_segments_in_path_order() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let client = Client::builder().server_url(server.uri()).build().expect("client");
    let at = Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).single().expect("a date");
    let _ = client.get_item("main ledger", 7, "a/b", at).expand("all").send().await;
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/accounts/main%20ledger/items/7/a%2Fb");
    assert_eq!(requests[0].url.query(), Some("at=2024-05-01T08%3A00%3A00Z&expand=all"));
}
