//! The `all_of_non_object.yaml` fixture on the wire: an `allOf` around a string, number, enum,
//! array, map or union is that type, and decodes and encodes as it.

use codegen_wire_tests::all_of_non_object_api::models::{
    Anything, Count, Holder, HolderMode, Label, Limits, Name, NameOrId, Names, ShortName, Status, Target,
};
use formance_sdk_runtime::uuid::Uuid;

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn encode<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("encodes")
}

#[test]
fn wrapped_properties_are_their_member_types() {
    let json = r#"{"label":"main","previous":null,"mode":"fast","target":"4b1f3c36-8f43-4a0e-9d55-0d4f3b0e2a11"}"#;
    let holder: Holder = decode(json);
    let id = Uuid::parse_str("4b1f3c36-8f43-4a0e-9d55-0d4f3b0e2a11").expect("a UUID");
    let expected = Holder::new("main").mode(HolderMode::Fast).target(NameOrId::Id(id));
    assert_eq!(holder, expected);
    assert_eq!(encode(&expected), r#"{"label":"main","mode":"fast","target":"4b1f3c36-8f43-4a0e-9d55-0d4f3b0e2a11"}"#);
}

#[test]
fn a_union_of_wrappers_picks_the_member_that_decodes() {
    assert_eq!(decode::<NameOrId>(r#""main""#), NameOrId::Name("main".to_owned()));
    let target: Target = decode(r#""4b1f3c36-8f43-4a0e-9d55-0d4f3b0e2a11""#);
    assert!(matches!(target, NameOrId::Id(_)), "{target:?}");
    assert_eq!(encode(&NameOrId::Name("edge".to_owned())), r#""edge""#);
}

#[test]
fn named_wrappers_are_aliases_of_their_member() {
    // Each binding only compiles when the wrapper is exactly that type.
    let name: Name = String::from("a");
    let label: Label = name.clone();
    let short: ShortName = label;
    let names: Names = vec![short, name];
    assert_eq!(encode(&names), r#"["a","a"]"#);
    let count: Count = decode("7");
    assert_eq!(count, 7_u32);
    assert!(serde_json::from_str::<Count>("-1").is_err(), "a negative count does not fit u32");
    let limits: Limits = decode(r#"{"cpu":4,"memory":16}"#);
    assert_eq!(limits.get("memory"), Some(&16));
    assert_eq!(encode(&limits), r#"{"cpu":4,"memory":16}"#);
}

#[test]
fn a_wrapped_enum_takes_the_wrapper_name() {
    assert_eq!(decode::<Status>(r#""off""#), Status::Off);
    assert_eq!(decode::<Status>(r#""paused""#), Status::Unknown("paused".to_owned()));
    assert_eq!(encode(&Status::On), r#""on""#);
}

#[test]
fn documentation_only_is_any_json_kept_as_received() {
    let json = r#"{"x":[1,2.50,"three"]}"#;
    let anything: Anything = decode(json);
    assert_eq!(encode(&anything), json);
}
