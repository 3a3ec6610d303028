//! The `one_of_inline_discriminator.yaml` fixture on the wire: inline members of a discriminated
//! union decode by their tag and encode with it, properties beside `oneOf` belong to every member,
//! and members that only constrain make one struct.

use codegen_wire_tests::one_of_inline_discriminator_api::models::{
    Cash, CashMethod, Patch, Payment, PaymentBankTransfer, PaymentCard, PaymentCardNetwork, Query, QueryLogs,
    QueryOrder, QueryVolumes, Search, SearchById, SearchByIdRequired,
};
use formance_sdk_runtime::chrono::{TimeZone, Utc};
use formance_sdk_runtime::uuid::Uuid;

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn encode<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("encodes")
}

#[test]
fn an_inline_member_is_chosen_by_the_one_value_enum_of_its_tag() {
    let payment: Payment = decode(r#"{"method":"card","last4":"4242","network":"visa"}"#);
    let card = PaymentCard::new("4242").network(PaymentCardNetwork::Visa);
    assert_eq!(payment, Payment::Card(card.clone()));
    // The struct has no tag field: the variant writes it (after the member's own fields).
    assert_eq!(encode(&Payment::Card(card)), r#"{"last4":"4242","network":"visa","method":"card"}"#);
}

#[test]
fn an_inline_member_is_chosen_by_the_mapping_entry_that_points_at_it() {
    let payment: Payment = decode(r#"{"iban":"FR7630006000011234567890189","method":"bank-transfer"}"#);
    let transfer = PaymentBankTransfer::new("FR7630006000011234567890189");
    assert_eq!(payment, Payment::BankTransfer(transfer.clone()));
    assert_eq!(
        encode(&Payment::BankTransfer(transfer)),
        r#"{"iban":"FR7630006000011234567890189","method":"bank-transfer"}"#
    );
}

#[test]
fn a_ref_member_keeps_its_own_struct_and_the_variant_sets_the_tag() {
    let payment: Payment = decode(r#"{"method":"cash","currency":"EUR"}"#);
    // The tag is no argument of `new` (nor a field): the member's value is fixed by the union.
    assert_eq!(payment, Payment::Cash(Cash::new().currency("EUR")));
    assert_eq!(encode(&Payment::Cash(Cash::new())), r#"{"method":"cash"}"#);
    // Alone, the member writes its tag too, first, once; a tag it reads is not kept.
    assert_eq!(encode(&Cash::new().currency("EUR")), r#"{"method":"cash","currency":"EUR"}"#);
    assert_eq!(decode::<Cash>(r#"{"method":"coins","currency":"EUR"}"#), Cash::new().currency("EUR"));
    // The enum the spec gave the tag property stays, for code that names it.
    assert_eq!(CashMethod::Coins.as_str(), "coins");
}

#[test]
fn an_unknown_tag_is_kept_as_received_and_sent_back_unchanged() {
    let json = r#"{"method":"crypto","wallet":"0xabc","amount":12345678901234567890}"#;
    let payment: Payment = decode(json);
    assert!(matches!(payment, Payment::Unknown(_)), "{payment:?}");
    assert_eq!(encode(&payment), json);
}

#[test]
fn properties_beside_one_of_belong_to_every_member() {
    let query: Query = decode(r#"{"resource":"volumes","pageSize":10,"order":"desc","groupBy":2,"expand":"all"}"#);
    let volumes = QueryVolumes::new(10).expand("all").order(QueryOrder::Desc).group_by(2);
    assert_eq!(query, Query::Volumes(volumes.clone()));
    assert_eq!(
        encode(&Query::Volumes(volumes)),
        r#"{"pageSize":10,"expand":"all","order":"desc","groupBy":2,"resource":"volumes"}"#
    );
}

#[test]
fn an_all_of_member_merges_its_ref_and_takes_its_tag_from_the_inline_part() {
    let query: Query = decode(r#"{"resource":"logs","pageSize":1,"since":"2024-05-01T08:00:00Z"}"#);
    let since = Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).single().expect("a date");
    let logs = QueryLogs::new(1).since(since);
    assert_eq!(query, Query::Logs(logs));
}

#[test]
fn a_required_shared_property_is_required_in_every_member() {
    let missing = serde_json::from_str::<Query>(r#"{"resource":"accounts"}"#).expect_err("pageSize is required");
    assert!(missing.to_string().contains("pageSize"), "{missing}");
}

#[test]
fn members_that_only_constrain_make_one_struct() {
    let patch: Patch = decode(r#"{"name":"new"}"#);
    assert_eq!(patch, Patch::new().name("new"));
    let patch: Patch = decode(r#"{"note":"why"}"#);
    assert_eq!(encode(&patch), r#"{"note":"why"}"#);
}

#[test]
fn properties_beside_a_union_of_refs_are_kept_by_the_member_chosen() {
    let json = r#"{"limit":5,"id":"4b1f3c36-8f43-4a0e-9d55-0d4f3b0e2a11"}"#;
    let search: Search = decode(json);
    let id = Uuid::parse_str("4b1f3c36-8f43-4a0e-9d55-0d4f3b0e2a11").expect("a UUID");
    assert_eq!(search, Search::ById(SearchById::new(SearchByIdRequired { limit: 5, id })));
    // `limit` survives the round trip (it used to be dropped with the properties beside `oneOf`).
    assert_eq!(encode(&search), json);
}
