//! Round trips through the generated models, one test per type-mapping rule: scalars, BigInt,
//! objects, additionalProperties, `$ref` aliases, `allOf`, string enums and inline schema names.
//! Unions live in `models_unions.rs`, full realistic documents in `models_full.rs`.

use std::any::TypeId;

use formance_orchestration::chrono::{TimeZone, Timelike, Utc};
use formance_orchestration::indexmap::IndexMap;
use formance_orchestration::models::*;
use formance_orchestration::uuid::Uuid;
use formance_orchestration::{BigInt, RawJson, RawJsonObject};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

const TWO_POW_200: &str = "1606938044258990275541962092341162602522202993782792835301376";

/// Decodes `text` as `T`, re-encodes it and checks the output is exactly `text`.
fn exact<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let value: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("decoding {text}: {e}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
    value
}

fn big(digits: &str) -> BigInt {
    digits.parse().unwrap()
}

#[test]
fn string_number_and_date_time() {
    let input = r#"{"stage":1.5,"instanceID":"inst-1","startedAt":"2024-05-01T10:00:00.123456789+02:00"}"#;
    let status: V2StageStatus = serde_json::from_str(input).unwrap();
    let _: &f64 = &status.stage;
    let _: &String = &status.instance_id;
    assert_eq!(status.stage, 1.5);
    assert_eq!(status.instance_id, "inst-1");
    let expected = Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).unwrap().with_nanosecond(123_456_789).unwrap();
    assert_eq!(status.started_at, expected);
    assert_eq!(status.terminated_at, None);
    assert_eq!(
        serde_json::to_string(&status).unwrap(),
        r#"{"stage":1.5,"instanceID":"inst-1","startedAt":"2024-05-01T08:00:00.123456789Z"}"#
    );
    let bad = r#"{"stage":1.5,"instanceID":"i","startedAt":"yesterday"}"#;
    assert!(serde_json::from_str::<V2StageStatus>(bad).is_err());
}

#[test]
fn uuid_field() {
    let hold: V2Hold = exact(
        r#"{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","walletID":"w1","metadata":{"k":"v"},"description":"d"}"#,
    );
    assert_eq!(hold.id, Uuid::parse_str("3fa85f64-5717-4562-b3fc-2c963f66afa6").unwrap());
    assert_eq!(hold.wallet_id, "w1");
    assert_eq!(hold.destination, None);
    let bad = r#"{"id":"not-a-uuid","walletID":"w1","metadata":{},"description":"d"}"#;
    assert!(serde_json::from_str::<V2Hold>(bad).is_err());
}

#[test]
fn integer_is_i64_and_accepts_negatives() {
    let text = r#"{"name":"GetAccount","input":{},"terminated":false,"startedAt":"2024-01-01T00:00:00Z","attempt":-3}"#;
    let stage: V2WorkflowInstanceHistoryStage = exact(text);
    let attempt: i64 = stage.attempt;
    assert_eq!(attempt, -3);
    let max = text.replace("-3", &i64::MAX.to_string());
    assert_eq!(exact::<V2WorkflowInstanceHistoryStage>(&max).attempt, i64::MAX);
    assert!(serde_json::from_str::<V2WorkflowInstanceHistoryStage>(&text.replace("-3", "1.5")).is_err());
}

#[test]
fn int64_with_minimum_one_is_u64() {
    let page: V2ListWorkflowsResponse = exact(r#"{"cursor":{"pageSize":15,"hasMore":false,"data":[]}}"#);
    let size: u64 = page.cursor.page_size;
    assert_eq!(size, 15);
    assert!(!page.cursor.has_more);
    let negative = r#"{"cursor":{"pageSize":-1,"hasMore":false,"data":[]}}"#;
    assert!(serde_json::from_str::<V2ListWorkflowsResponse>(negative).is_err());
}

#[test]
fn bigint_in_plain_models_keeps_every_digit() {
    for digits in [TWO_POW_200.to_owned(), format!("-{TWO_POW_200}")] {
        let monetary: V2Monetary = exact(&format!(r#"{{"asset":"USD/2","amount":{digits}}}"#));
        assert_eq!(monetary.amount, big(&digits));
        assert_eq!(monetary.amount.as_str(), digits);
    }
    let posting: V2Posting =
        exact(&format!(r#"{{"amount":{TWO_POW_200},"asset":"USD/2","destination":"users:1","source":"world"}}"#));
    assert_eq!(posting.amount.as_str(), TWO_POW_200);
    assert_eq!(posting.amount.to_u128(), None);

    // Built in Rust, encoded as a bare JSON number.
    let built = V2Monetary::new(V2MonetaryRequired { asset: "USD/2", amount: big(TWO_POW_200) });
    assert_eq!(serde_json::to_string(&built).unwrap(), format!(r#"{{"asset":"USD/2","amount":{TWO_POW_200}}}"#));
    let small = V2Monetary::new(V2MonetaryRequired { asset: "USD/2", amount: -12 });
    assert_eq!(serde_json::to_string(&small).unwrap(), r#"{"asset":"USD/2","amount":-12}"#);
}

#[test]
fn bigint_in_maps_keeps_digits_and_key_order() {
    let holder: V2AssetHolder =
        exact(&format!(r#"{{"assets":{{"USD/2":{TWO_POW_200},"EUR/2":-{TWO_POW_200},"JPY":0}}}}"#));
    let keys: Vec<&str> = holder.assets.keys().map(String::as_str).collect();
    assert_eq!(keys, ["USD/2", "EUR/2", "JPY"]);
    assert_eq!(holder.assets["USD/2"], big(TWO_POW_200));
    assert_eq!(holder.assets["EUR/2"].as_str(), format!("-{TWO_POW_200}"));
    assert_eq!(holder.assets["JPY"], BigInt::from(0u8));

    let volumes: V2Volumes = exact(&format!(
        r#"{{"USD/2":{{"input":{TWO_POW_200},"output":1,"balance":-{TWO_POW_200}}},"EUR/2":{{"input":-{TWO_POW_200},"output":0}}}}"#
    ));
    let keys: Vec<&str> = volumes.keys().map(String::as_str).collect();
    assert_eq!(keys, ["USD/2", "EUR/2"]);
    let usd: &V2Volume = &volumes["USD/2"];
    assert_eq!(usd.input, big(TWO_POW_200));
    assert_eq!(usd.output, BigInt::from(1u8));
    assert_eq!(usd.balance, Some(big(&format!("-{TWO_POW_200}"))));
    assert_eq!(volumes["EUR/2"].input.as_str(), format!("-{TWO_POW_200}"));
    assert_eq!(volumes["EUR/2"].balance, None);
}

#[test]
fn optional_fields_are_omitted_when_none() {
    let account = V2StageSendSourceAccount::new("users:1");
    assert_eq!(serde_json::to_string(&account).unwrap(), r#"{"id":"users:1"}"#);
    assert_eq!(serde_json::to_string(&V2StageSend::default()).unwrap(), "{}");
    let cursor = V2Cursor::new(10);
    assert_eq!(serde_json::to_string(&cursor).unwrap(), r#"{"pageSize":10}"#);

    // Read in responses only (an activity's input in an instance's history): no constructor and no
    // `Default` (its amount and metadata are required), so decoded, then changed.
    let mut request: V2DebitWalletRequest = exact(r#"{"amount":{"asset":"EUR/2","amount":1},"metadata":{}}"#);
    request.amount = V2Monetary::new(V2MonetaryRequired { asset: "USD/2", amount: 100 });
    let encoded: Value = serde_json::to_value(&request).unwrap();
    let keys: Vec<&str> = encoded.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["amount", "metadata"]);
    for absent in ["pending", "description", "destination", "balances", "timestamp"] {
        assert!(encoded.get(absent).is_none(), "{absent} present");
    }

    // Decoding: absent optional fields are None, absent required fields an error.
    let decoded: V2StageSendSourceAccount = exact(r#"{"id":"a","throughAccount":"world","allowOverdraft":true}"#);
    assert_eq!(decoded.ledger, None);
    assert_eq!(decoded.through_account.as_deref(), Some("world"));
    assert_eq!(decoded.allow_overdraft, Some(true));
    assert!(serde_json::from_str::<V2Monetary>(r#"{"asset":"USD/2"}"#).is_err());
    assert!(serde_json::from_str::<V2StageSendSourceAccount>(r#"{"ledger":"l"}"#).is_err());
}

#[test]
fn unknown_response_fields_are_ignored() {
    let info: V2ServerInfo = serde_json::from_str(r#"{"version":"v2.1.0","extra":{"deep":[1,2]}}"#).unwrap();
    assert_eq!(info.version, "v2.1.0");
    assert_eq!(serde_json::to_string(&info).unwrap(), r#"{"version":"v2.1.0"}"#);
}

#[test]
fn string_map_keeps_wire_order() {
    let vars: V2RunWorkflowRequest = exact(r#"{"z":"1","a":"2"}"#);
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(pairs, [("z", "1"), ("a", "2")]);
    assert!(serde_json::from_str::<V2RunWorkflowRequest>(r#"{"a":1}"#).is_err());
}

#[test]
fn free_form_objects_keep_order_nesting_and_digits() {
    let text = format!(
        r#"{{"event":"SAVED_PAYMENT","workflowID":"wf","vars":{{"z":{{"deep":[1,{{"b":2,"a":1.25}}]}},"a":"x","n":null,"big":{TWO_POW_200},"f":0.1000000000000000055511151231257827}}}}"#
    );
    let data: V2TriggerData = exact(&text);
    let vars: &RawJsonObject = data.vars.as_ref().unwrap();
    let entries: IndexMap<String, RawJson> = vars.parse().unwrap();
    let keys: Vec<&str> = entries.keys().map(String::as_str).collect();
    assert_eq!(keys, ["z", "a", "n", "big", "f"]);
    assert_eq!(entries["z"].as_str(), r#"{"deep":[1,{"b":2,"a":1.25}]}"#);
    assert_eq!(entries["n"].as_str(), "null");
    assert_eq!(entries["big"].as_str(), TWO_POW_200);
    assert_eq!(entries["f"].as_str(), "0.1000000000000000055511151231257827");
    assert_eq!(entries["big"].parse::<BigInt>().unwrap(), big(TWO_POW_200));
    assert_eq!(vars.to_value().unwrap()["z"]["deep"][1], serde_json::json!({"b": 2, "a": 1.25}));

    // Anything but an object is refused where the spec says object.
    for bad in ["[]", "1", r#""x""#, "true"] {
        let text = format!(r#"{{"event":"e","workflowID":"wf","vars":{bad}}}"#);
        assert!(serde_json::from_str::<V2TriggerData>(&text).is_err(), "{bad}");
    }

    let config: V2WorkflowConfig = exact(
        r#"{"name":"payout","stages":[{"send":{"source":{"account":{"id":"world"}}}},{"delay":{"duration":"1m"}}]}"#,
    );
    assert_eq!(config.stages.len(), 2);
    let first: &RawJsonObject = &config.stages[0];
    assert_eq!(first.as_str(), r#"{"send":{"source":{"account":{"id":"world"}}}}"#);
    assert_eq!(config.stages[1].to_value().unwrap()["delay"]["duration"], "1m");
    assert!(serde_json::from_str::<V2WorkflowConfig>(r#"{"stages":["send"]}"#).is_err());
}

fn stage_count(config: &V2WorkflowConfig) -> usize {
    config.stages.len()
}

#[test]
fn ref_aliases_are_the_same_types() {
    let request: V2CreateWorkflowRequest = exact(r#"{"stages":[{"wait_event":{"event":"go"}}]}"#);
    assert_eq!(stage_count(&request), 1);
    assert_eq!(TypeId::of::<V2CreateWorkflowRequest>(), TypeId::of::<V2WorkflowConfig>());

    let text = concat!(
        r#"[{"name":"wait_event","input":{"event":"go"},"terminated":false,"startedAt":"2024-01-01T00:00:00Z"},"#,
        r#"{"name":"delay","input":{"duration":"1m"},"terminated":true,"startedAt":"2024-01-01T00:00:00Z","#,
        r#""terminatedAt":"2024-01-01T00:01:00Z"}]"#
    );
    let list: V2WorkflowInstanceHistoryList = exact(text);
    let list: Vec<V2WorkflowInstanceHistory> = list;
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].name, "delay");
    assert_eq!(TypeId::of::<V2WorkflowInstanceHistoryList>(), TypeId::of::<Vec<V2WorkflowInstanceHistory>>());
}

#[test]
fn all_of_merges_the_fields() {
    let text = concat!(
        r#"{"event":"SAVED_PAYMENT","workflowID":"wf-1","version":"v2","filter":"event.amount > 100","#,
        r#""vars":{"amount":"event.amount","asset":"event.asset"},"name":"big payments","id":"trg-1","#,
        r#""createdAt":"2024-05-01T08:00:00Z"}"#
    );
    let trigger: V2Trigger = exact(text);
    assert_eq!(trigger.id, "trg-1");
    assert_eq!(trigger.created_at, Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).unwrap());
    // Every field of V2TriggerData is there, with the same value.
    let data: V2TriggerData = serde_json::from_str(text).unwrap();
    let V2TriggerData { event, workflow_id, version, filter, vars, name, .. } = data;
    assert_eq!(event, trigger.event);
    assert_eq!(workflow_id, trigger.workflow_id);
    assert_eq!(version, trigger.version);
    assert_eq!(filter, trigger.filter);
    assert_eq!(vars, trigger.vars);
    assert_eq!(name, trigger.name);
    assert_eq!(trigger.name.as_deref(), Some("big payments"));
    let vars: IndexMap<String, String> = trigger.vars.as_ref().unwrap().parse().unwrap();
    assert_eq!(vars.keys().collect::<Vec<_>>(), ["amount", "asset"]);
}

#[test]
fn string_enums_keep_wire_values() {
    for (wire, variant) in [
        ("sepa debit", V2PaymentScheme::SepaDebit),
        ("apple pay", V2PaymentScheme::ApplePay),
        ("a2a", V2PaymentScheme::A2a),
        ("unknown", V2PaymentScheme::UnknownValue),
        ("other", V2PaymentScheme::Other),
        ("PIX", V2PaymentScheme::Unknown("PIX".into())),
    ] {
        let json = format!("\"{wire}\"");
        assert_eq!(exact::<V2PaymentScheme>(&json), variant);
        assert_eq!(variant.as_str(), wire);
        assert_eq!(variant.to_string(), wire);
        assert_eq!(V2PaymentScheme::from(wire), variant);
    }
    for (wire, variant) in [
        ("PAY-IN", V2PaymentType::PayIn),
        ("PAYOUT", V2PaymentType::Payout),
        ("REFUND", V2PaymentType::Unknown("REFUND".into())),
    ] {
        assert_eq!(exact::<V2PaymentType>(&format!("\"{wire}\"")), variant);
        assert_eq!((variant.as_str(), variant.to_string()), (wire, wire.to_owned()));
        assert_eq!(V2PaymentType::from(wire), variant);
    }
    for (wire, variant) in [
        ("DUMMY-PAY", V2Connector::DummyPay),
        ("CURRENCY-CLOUD", V2Connector::CurrencyCloud),
        ("ADYEN", V2Connector::Unknown("ADYEN".into())),
    ] {
        assert_eq!(exact::<V2Connector>(&format!("\"{wire}\"")), variant);
        assert_eq!((variant.as_str(), variant.to_string()), (wire, wire.to_owned()));
        assert_eq!(V2Connector::from(wire), variant);
    }
    // Wire values are case-sensitive: a different spelling is kept as unknown, not folded.
    assert_eq!(V2PaymentScheme::from("SEPA DEBIT"), V2PaymentScheme::Unknown("SEPA DEBIT".into()));
    assert!(serde_json::from_str::<V2PaymentScheme>("1").is_err());
}

#[test]
fn inline_schemas_have_names() {
    // Response models: decoded (they have no constructor, and no `Default` when a field is required),
    // then fields assigned.
    let mut page: V2ListWorkflowsResponse = exact(r#"{"cursor":{"pageSize":1,"hasMore":false,"data":[]}}"#);
    (page.cursor.page_size, page.cursor.has_more, page.cursor.next) = (15, true, Some("n".into()));
    assert_eq!(
        serde_json::to_string(&page).unwrap(),
        r#"{"cursor":{"pageSize":15,"hasMore":true,"next":"n","data":[]}}"#
    );

    let body = V2SendEventRequestBody::new("go");
    assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"name":"go"}"#);
    assert_eq!(exact::<V2SendEventRequestBody>(r#"{"name":"go"}"#), body);

    let wallet: V2WalletWithBalances = exact(concat!(
        r#"{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","metadata":{},"name":"main","#,
        r#""createdAt":"2024-01-01T00:00:00Z","balances":{"main":{"assets":{"USD/2":100}}},"ledger":"wallets"}"#
    ));
    let balances: &V2WalletWithBalancesBalances = &wallet.balances;
    assert_eq!(balances.main.assets["USD/2"], BigInt::from(100u8));

    let test: V2TriggerTest =
        exact(r#"{"filter":{"match":true},"variables":{"a":{"value":"1"},"b":{"error":"boom"}}}"#);
    let variables = test.variables.unwrap();
    let a: &V2TriggerTestVariablesValue = &variables["a"];
    assert_eq!(a.value.as_deref(), Some("1"));
    assert_eq!((variables["b"].value.as_deref(), variables["b"].error.as_deref()), (None, Some("boom")));
    assert_eq!(test.filter.unwrap().r#match, Some(true));

    let error: V2Error = exact(r#"{"errorCode":"NOT_FOUND","errorMessage":"workflow not found"}"#);
    let code: V2ErrorErrorCode = error.error_code;
    assert_eq!(code, V2ErrorErrorCode::NotFound);
    let later: V2Error = exact(r#"{"errorCode":"CONFLICT","errorMessage":"m"}"#);
    assert_eq!(later.error_code, V2ErrorErrorCode::Unknown("CONFLICT".into()));
}

#[test]
fn every_serde_json_entry_point_keeps_digits() {
    let text = format!(r#"{{"asset":"USD/2","amount":{TWO_POW_200}}}"#);
    let from_reader: V2Monetary = serde_json::from_reader(text.as_bytes()).unwrap();
    let from_slice: V2Monetary = serde_json::from_slice(text.as_bytes()).unwrap();
    assert_eq!(from_reader.amount.as_str(), TWO_POW_200);
    assert_eq!(from_slice, from_reader);
    let raw: RawJson = serde_json::from_reader(text.as_bytes()).unwrap();
    assert_eq!(raw.as_str(), text);
    assert_eq!(serde_json::to_vec(&from_reader).unwrap(), text.as_bytes());

    // A `serde_json::Value` holds a 64-bit integer, so those decode from one; beyond, it has a float.
    let small: V2Monetary = serde_json::from_value(serde_json::json!({"asset": "USD/2", "amount": -12})).unwrap();
    assert_eq!(small.amount, BigInt::from(-12i8));
    let value = serde_json::to_value(&from_reader).unwrap();
    assert!(value["amount"].is_f64(), "{value}");
    assert!(serde_json::from_value::<V2Monetary>(value).is_err(), "a float is never taken for an amount");
}

/// Your own type embedding an SDK model through serde's buffering.
#[derive(Debug, serde::Deserialize)]
struct Flattened {
    #[serde(flatten)]
    _money: V2Monetary,
}

#[test]
fn other_formats_and_buffered_content_fail_rather_than_round() {
    // Inside `#[serde(flatten)]`, serde hands over buffered content, not JSON text: an error.
    let text = r#"{"asset":"USD/2","amount":12}"#;
    assert!(serde_json::from_str::<Flattened>(text).is_err());
    // Decoding from another format is an error too.
    let yaml = "asset: USD/2\namount: 12\n";
    assert!(serde_yaml::from_str::<V2Monetary>(yaml).is_err());
    // Serializing to another format writes integers up to 128 bits as integers.
    let wide = V2Monetary::new(V2MonetaryRequired { asset: "USD/2", amount: u128::MAX });
    assert_eq!(serde_yaml::to_string(&wide).unwrap(), format!("asset: USD/2\namount: {}\n", u128::MAX));
    let huge = V2Monetary::new(V2MonetaryRequired { asset: "USD/2", amount: big(TWO_POW_200) });
    let yaml = serde_yaml::to_string(&huge).unwrap();
    assert!(!yaml.contains(&format!("amount: {TWO_POW_200}\n")), "{yaml}");
}
