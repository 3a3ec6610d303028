//! The `constructors.yaml` fixture: models users send are built with `new` and one setter per
//! optional field, and encode exactly as set; `new` takes one required field as its argument, and
//! several named, in the model's required-fields struct (`TransferRequired { ... }`), so that two of
//! one type cannot be swapped; every model is `#[non_exhaustive]`.
//!
//! The matches below list every variant and then `_`: they compile because the enums are
//! `#[non_exhaustive]`, and if one lost the attribute, the `_` arm would be an unreachable pattern,
//! a warning that `cargo clippy -D warnings` (part of `cargo xtask test`) turns into an error.

use codegen_wire_tests::constructors_api::models::{
    Empty, Kind, Party, Receipt, Shape, Transfer, TransferRequired, Wide, WideRequired,
};
use formance_sdk_runtime::chrono::{TimeZone, Utc};
use formance_sdk_runtime::indexmap::IndexMap;
use formance_sdk_runtime::{BigInt, RawJson};

fn encode<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("encodes")
}

/// `new` of a model with several required fields, each named: a `&str` and an integer literal will do
/// where the field is a `String` and a `BigInt`, as for the setters.
fn a_transfer(reference: &str, amount: i64, destination: &str) -> Transfer {
    Transfer::new(TransferRequired { reference, amount, destination: Party::new(destination) })
}

#[test]
fn new_takes_the_required_fields_and_leaves_the_others_unset() {
    // Named, in any order: the struct's fields, not positions.
    let transfer = Transfer::new(TransferRequired { amount: 2500, destination: Party::new("p-1"), reference: "ref-1" });
    assert_eq!((transfer.reference.as_str(), &transfer.amount), ("ref-1", &BigInt::from(2500)));
    assert_eq!(transfer.destination, Party::new("p-1"));
    assert_eq!((transfer.priority, transfer.next.is_none()), (None, true));
    // `cancelledAt` is required and nullable: an `Option` left out of `new`, sent as `null`.
    assert_eq!(
        encode(&transfer),
        r#"{"reference":"ref-1","amount":2500,"destination":{"id":"p-1"},"cancelledAt":null}"#
    );
}

#[test]
fn each_optional_field_has_a_setter_named_after_it() {
    let cancelled = Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).single().expect("a date");
    let metadata: IndexMap<String, String> =
        [("z".to_owned(), "1".to_owned()), ("a".to_owned(), "2".to_owned())].into();
    let extra: RawJson = r#"{"digits":123456789012345678901234567890}"#.parse().expect("JSON");
    // The field types themselves too (the parameters' defaults).
    let required: TransferRequired = TransferRequired {
        reference: String::from("ref-2"),
        amount: BigInt::from(u128::MAX),
        destination: Party::new("p-2").label("main"),
    };
    let transfer = Transfer::new(required)
        .cancelled_at(cancelled)
        .priority(3)
        .kind(Kind::Instant)
        .metadata(metadata)
        .extra(extra)
        .with_new(true)
        .with_clone("c")
        .r#type("t")
        .is_urgent(false)
        .from_account("a")
        .with_add("b")
        .next(a_transfer("ref-3", 1, "p-3"));
    assert_eq!(
        encode(&transfer),
        concat!(
            r#"{"reference":"ref-2","amount":340282366920938463463374607431768211455,"#,
            r#""destination":{"id":"p-2","label":"main"},"cancelledAt":"2024-05-01T08:00:00Z","priority":3,"#,
            r#""kind":"instant","metadata":{"z":"1","a":"2"},"extra":{"digits":123456789012345678901234567890},"#,
            r#""new":true,"clone":"c","type":"t","isUrgent":false,"fromAccount":"a","add":"b","#,
            r#""next":{"reference":"ref-3","amount":1,"destination":{"id":"p-3"},"cancelledAt":null}}"#
        )
    );
    // A setter takes the value and stores `Some`; a boxed field also takes the `Box`.
    let boxed = a_transfer("r", 0, "p").next(Box::new(a_transfer("n", 0, "p")));
    assert_eq!(boxed.next.map(|next| next.reference), Some("n".to_owned()));
}

#[test]
fn fields_named_like_methods_leave_those_methods_alone() {
    // `new`, `clone` and `default` fields: their setters are `with_...`, so the constructor and the
    // trait methods still mean what they mean.
    let transfer = a_transfer("r", 1, "p").with_new(false).with_clone("c");
    assert_eq!(transfer.clone(), transfer);
    assert_eq!((transfer.new, transfer.clone.as_deref()), (Some(false), Some("c")));
}

#[test]
fn models_users_build_whatever_their_shape() {
    // Used by no operation: built like a request model, with every required field in `new`.
    let wide = Wide::new(WideRequired { a: "a", b: "b", c: "c", d: "d", e: "e", f: "f", g: "g", h: "h" });
    assert_eq!(encode(&wide), r#"{"a":"a","b":"b","c":"c","d":"d","e":"e","f":"f","g":"g","h":"h"}"#);
    // Only `Option` fields: `new()` takes nothing.
    assert_eq!(encode(&Empty::new()), "{}");
    assert_eq!(encode(&Empty::new().note("n")), r#"{"note":"n"}"#);
    assert_eq!(Empty::new(), Empty::default());
}

#[test]
fn response_models_are_read_and_built_from_json() {
    // Read in responses only: no constructor, and no `Default` (its `id` is required); a test builds
    // one by decoding it, then changes its fields.
    let mut receipt: Receipt = serde_json::from_str(r#"{"id":"r-1"}"#).expect("decodes");
    receipt.note = Some("n".to_owned());
    assert_eq!(encode(&receipt), r#"{"id":"r-1","note":"n"}"#);
    let decoded: Receipt = serde_json::from_str(r#"{"id":"r-2","note":"n"}"#).expect("decodes");
    assert_eq!((decoded.id.as_str(), decoded.note.as_deref()), ("r-2", Some("n")));
}

fn kind_label(kind: &Kind) -> &str {
    match kind {
        Kind::Instant => "instant",
        Kind::Standard => "standard",
        // A value this version does not know, tested by its text rather than by matching `Unknown`.
        other if other.as_str() == "scheduled" => "scheduled, unknown to this version",
        _ => "another kind",
    }
}

fn kind_is_named(kind: &Kind) -> bool {
    match kind {
        Kind::Instant | Kind::Standard => true,
        Kind::Unknown(_) => false,
        _ => true,
    }
}

fn shape_label(shape: &Shape) -> &'static str {
    match shape {
        Shape::Party(_) => "party",
        Shape::Receipt(_) => "receipt",
        Shape::Unknown(_) => "unknown",
        _ => "a member added later",
    }
}

#[test]
fn enums_are_matched_with_a_wildcard_arm() {
    assert_eq!(kind_label(&Kind::Standard), "standard");
    assert_eq!(kind_label(&Kind::from("scheduled")), "scheduled, unknown to this version");
    assert_eq!(kind_label(&Kind::from("later")), "another kind");
    assert!(kind_is_named(&Kind::Instant) && !kind_is_named(&Kind::from("later")));
    let party: Shape = serde_json::from_str(r#"{"id":"p"}"#).expect("decodes");
    assert_eq!(shape_label(&party), "party");
    assert_eq!(shape_label(&serde_json::from_str("[1]").expect("decodes")), "unknown");
}
