//! The SDK leaves the user's own serde_json as it is: Cargo unifies features across a program, so
//! had the SDK turned on serde_json's `arbitrary_precision` or `preserve_order`, this test binary
//! (which links the SDK) would get them too. These are the user types that broke with them.

use std::collections::HashMap;

use formance_orchestration::models::V2Monetary;
use serde::Deserialize;

const TWO_POW_200: &str = "1606938044258990275541962092341162602522202993782792835301376";

#[derive(Debug, Deserialize)]
struct Prices {
    #[serde(flatten)]
    by_name: HashMap<String, f64>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "kind")]
enum Measure {
    Weight { kilograms: f64 },
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum NumberOrText {
    Number(f64),
    Text(String),
}

/// The SDK is in this binary, and does its job in the same run.
fn sdk_in_use() {
    let text = format!(r#"{{"asset":"USD/2","amount":{TWO_POW_200}}}"#);
    let amount: V2Monetary = serde_json::from_str(&text).unwrap();
    assert_eq!(amount.amount.as_str(), TWO_POW_200);
    assert_eq!(serde_json::to_string(&amount).unwrap(), text);
}

#[test]
fn flattened_float_map_decodes() {
    sdk_in_use();
    let prices: Prices = serde_json::from_str(r#"{"a": 1.5}"#).unwrap();
    assert_eq!(prices.by_name["a"], 1.5);
}

#[test]
fn internally_tagged_enum_with_a_float_decodes() {
    sdk_in_use();
    let measure: Measure = serde_json::from_str(r#"{"kind": "Weight", "kilograms": 2.5}"#).unwrap();
    assert_eq!(measure, Measure::Weight { kilograms: 2.5 });
}

#[test]
fn untagged_enum_with_a_float_decodes() {
    sdk_in_use();
    assert_eq!(serde_json::from_str::<NumberOrText>("3.5").unwrap(), NumberOrText::Number(3.5));
    assert_eq!(serde_json::from_str::<NumberOrText>(r#""x""#).unwrap(), NumberOrText::Text("x".into()));
}

#[test]
fn value_maps_keep_serde_json_s_default_order() {
    sdk_in_use();
    // Without `preserve_order`, a `serde_json::Map` is sorted by key.
    let value: serde_json::Value = serde_json::from_str(r#"{"z": 1, "a": 2, "m": 3}"#).unwrap();
    let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["a", "m", "z"]);
    // Without `arbitrary_precision`, a `Value` holds a big integer as a float.
    let big: serde_json::Value = serde_json::from_str(TWO_POW_200).unwrap();
    assert!(big.is_f64(), "{big}");
}
