//! The `name_collisions.yaml` fixture on the wire: types, fields and variants renamed to stay
//! unique keep the spec's names on the wire.

use codegen_wire_tests::name_collisions_api::models::{
    Account, AccountMeta, AccountMetaInline, BalanceOperator, BalanceOperator2, Mode, Move, V2Foo, V2Foo2,
};

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn encode<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("encodes")
}

#[test]
fn the_schema_that_sorts_first_keeps_the_name() {
    // `balanceOperator` (an object) is `BalanceOperator`; `balance_operator` (an enum) is `BalanceOperator2`.
    let operator = BalanceOperator::new().operator(BalanceOperator2::Sub);
    assert_eq!(encode(&operator), r#"{"operator":"sub"}"#);
    assert_eq!(decode::<BalanceOperator>(r#"{"operator":"add"}"#).operator, Some(BalanceOperator2::Add));
    let foo: V2Foo = 5_i64;
    let foo2: V2Foo2 = String::from("v2_foo is a string");
    assert_eq!((encode(&foo), encode(&foo2)), ("5".to_owned(), r#""v2_foo is a string""#.to_owned()));
}

#[test]
fn union_members_with_colliding_names_stay_apart() {
    assert_eq!(decode::<Move>(r#""add""#), Move::BalanceOperator2(BalanceOperator2::Add));
    assert_eq!(
        decode::<Move>(r#"{"operator":"sub"}"#),
        Move::BalanceOperator(BalanceOperator::new().operator(BalanceOperator2::Sub))
    );
}

#[test]
fn an_inline_type_named_like_a_component_yields_and_both_decode() {
    let json = r#"{"meta":{"tag":"t"},"fooBar":"a","foo_bar":3}"#;
    let account: Account = decode(json);
    let meta: Option<&AccountMetaInline> = account.meta.as_ref();
    assert_eq!(meta.and_then(|meta| meta.tag.as_deref()), Some("t"));
    assert_eq!((account.foo_bar.as_deref(), account.foo_bar_2), (Some("a"), Some(3)));
    assert_eq!(encode(&account), json);
    let meta: AccountMeta = decode(r#"{"owner":"o"}"#);
    assert_eq!(meta.owner.as_deref(), Some("o"));
}

#[test]
fn enum_values_with_colliding_names_stay_apart() {
    assert_eq!(decode::<Mode>(r#""sepa-debit""#), Mode::SepaDebit);
    assert_eq!(decode::<Mode>(r#""sepa_debit""#), Mode::SepaDebit2);
    assert_eq!(decode::<Mode>(r#""Unknown""#), Mode::UnknownValue);
    assert_eq!(decode::<Mode>(r#""other""#), Mode::Unknown("other".to_owned()));
    assert_eq!(encode(&Mode::SepaDebit2), r#""sepa_debit""#);
    assert_eq!(encode(&Mode::UnknownValue), r#""Unknown""#);
}

#[tokio::test]
async fn identical_inline_parameter_schemas_with_one_name_are_one_type() {
    use codegen_wire_tests::name_collisions_api::Client;
    use codegen_wire_tests::name_collisions_api::models::ListAccountsBalanceOperator;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string("[]")).mount(&server).await;
    let client = Client::builder().server_url(server.uri()).build().expect("client");
    // `balanceOperator` and `balance_operator` take the same type.
    let call = client
        .list_accounts()
        .balance_operator(ListAccountsBalanceOperator::Gte)
        .balance_operator_2(ListAccountsBalanceOperator::Lte);
    call.send().await.expect("sent");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[0].url.query(), Some("balanceOperator=gte&balance_operator=lte"));
}
