//! The `operation_groups.yaml` fixture on the wire: two operations named `listItems`, one per
//! version, each on the sub-client of its tag and sending its own request; an operation without a
//! tag stays a method of the client.

use codegen_wire_tests::operation_groups_api::models::{V1Error, V1Item, V2Error, V2Item};
use codegen_wire_tests::operation_groups_api::operations::{v1, v2};
use codegen_wire_tests::operation_groups_api::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let json =
        |status: u16, body: &str| ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json");
    Mock::given(method("GET")).and(path("/items")).respond_with(json(200, r#"[{"id": "a"}]"#)).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/v2/items"))
        .respond_with(json(200, r#"[{"id": "b", "name": "B"}]"#))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/items/missing"))
        .respond_with(json(404, r#"{"errorCode": "NOT_FOUND"}"#))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/items"))
        .respond_with(json(400, r#"{"message": "no"}"#))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/health")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().server_url(server.uri()).build().expect("client");
    (server, client)
}

#[tokio::test]
async fn each_version_sends_its_own_request_and_decodes_its_own_types() {
    let (server, client) = server().await;
    let v1_builder: v1::ListItems = client.v1().list_items().limit(5);
    let v1_items: Vec<V1Item> = v1_builder.send().await.expect("v1").into_inner();
    let v2_builder: v2::ListItems = client.v2().list_items().page_size(7);
    let v2_items: Vec<V2Item> = v2_builder.send().await.expect("v2").into_inner();
    assert_eq!(v1_items, [V1Item::new("a")]);
    let names: Vec<(&str, &str)> = v2_items.iter().map(|item| (item.id.as_str(), item.name.as_str())).collect();
    assert_eq!(names, [("b", "B")]);
    client.health().send().await.expect("health");

    let requests = server.received_requests().await.expect("recorded");
    let sent: Vec<String> = requests
        .iter()
        .map(|r| format!("{} {}{}", r.method, r.url.path(), r.url.query().map(|q| format!("?{q}")).unwrap_or_default()))
        .collect();
    assert_eq!(sent, ["GET /items?limit=5", "GET /v2/items?pageSize=7", "GET /health"]);
}

#[tokio::test]
async fn each_version_decodes_its_own_error_body() {
    let (_server, client) = server().await;
    let error: Error<V2Error> = client.v2().get_item("missing").send().await.expect_err("404");
    let Error::Api(api) = error else { panic!("documented: {error:?}") };
    assert_eq!((api.body().error_code.as_str(), &api.body().details), ("NOT_FOUND", &None));

    // `createItem` is tagged `shop.v1` first, then `shop.v2`: it is on the v1 sub-client.
    let error: Error<V1Error> = client.v1().create_item(V1Item::new("x")).send().await.expect_err("400");
    let Error::Api(api) = error else { panic!("documented: {error:?}") };
    assert_eq!(api.body().message, "no");
}
