//! The `one_of_discriminator.yaml` fixture on the wire: a `$ref` member of discriminated unions
//! that all give it one tag value writes that tag itself (sent in a union or alone); it is neither an
//! argument of its `new` nor a field users could set wrong. A member two unions tag differently
//! keeps its tag field, which the union overwrites with the variant's value.

use codegen_wire_tests::one_of_discriminator_api::Client;
use codegen_wire_tests::one_of_discriminator_api::models::{
    BulkCreate, BulkElement, BulkRevert, CreatedEvent, CreatedEventRequired, Event,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn members_sent_in_a_union_carry_the_tag_of_their_variant() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/bulk")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().server_url(server.uri()).build().expect("client");
    let two_pow_130 = "1361129467683753853853498429727072845824";
    let elements = vec![
        BulkElement::CreateTransaction(BulkCreate::new(
            two_pow_130.parse::<formance_sdk_runtime::BigInt>().expect("digits"),
        )),
        BulkElement::RevertTransaction(BulkRevert::new().id(5u64).ik("k-1")),
    ];
    client.run_bulk(elements).send().await.expect("204");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        std::str::from_utf8(&requests[0].body).expect("UTF-8"),
        format!(
            r#"[{{"action":"CREATE_TRANSACTION","amount":{two_pow_130}}},{{"action":"REVERT_TRANSACTION","ik":"k-1","id":5}}]"#
        )
    );
}

#[test]
fn a_member_alone_writes_its_tag_first_and_reads_past_it() {
    let revert = BulkRevert::new().id(7u64);
    assert_eq!(serde_json::to_string(&revert).expect("encodes"), r#"{"action":"REVERT_TRANSACTION","id":7}"#);
    // Decoding ignores the tag, as any key the struct does not have.
    let read: BulkRevert = serde_json::from_str(r#"{"id":7,"action":"CREATE_TRANSACTION"}"#).expect("decodes");
    assert_eq!(read, revert);
    let element: BulkElement = serde_json::from_str(r#"{"id":7,"action":"REVERT_TRANSACTION"}"#).expect("decodes");
    assert_eq!(element, BulkElement::RevertTransaction(revert));
}

#[test]
fn a_member_two_unions_tag_differently_keeps_its_field() {
    // `CreatedEvent` is `CREATED` in `Event` and `NEW` in `Feed`: the union writes the variant's value.
    let created = CreatedEvent::new(CreatedEventRequired { r#type: "anything", id: "e-1" });
    assert_eq!(created.r#type, "anything");
    assert_eq!(serde_json::to_string(&Event::Created(created)).expect("encodes"), r#"{"type":"CREATED","id":"e-1"}"#);
}
