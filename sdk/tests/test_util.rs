//! With the `test-util` feature, the models users only receive have constructors too, by the rule of
//! the models they send (`new` with the required fields, named when there are several, and a setter
//! per optional field), so that a fake of the user's own trait returns what the SDK returns without
//! JSON. They are exempt from the semver promise (`cargo test --features test-util`; `cargo xtask
//! test` runs this file so).
#![cfg(feature = "test-util")]

use formance_orchestration::chrono::{TimeZone, Utc};
use formance_orchestration::models::{
    V2Error, V2ErrorErrorCode, V2ErrorRequired, V2Payment, V2PaymentRequired, V2PaymentScheme, V2PaymentStatus,
    V2PaymentType, V2Stage, V2StageWaitEvent, V2WorkflowInstanceHistory, V2WorkflowInstanceHistoryRequired,
};

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

#[test]
fn the_error_body_every_error_path_test_needs_is_built_without_json() {
    let error =
        V2Error::new(V2ErrorRequired { error_code: V2ErrorErrorCode::NotFound, error_message: "no such workflow" });
    assert_eq!(error, decode::<V2Error>(r#"{"errorCode":"NOT_FOUND","errorMessage":"no such workflow"}"#));
}

#[test]
fn an_instance_history_entry_is_built_and_encodes_as_the_server_sends_it() {
    let started = Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).single().expect("a date");
    let entry = V2WorkflowInstanceHistory::new(V2WorkflowInstanceHistoryRequired {
        name: "wait_event",
        input: V2Stage::WaitEvent(V2StageWaitEvent::new("payout-approved")),
        terminated: false,
        started_at: started,
    })
    .error("timed out");
    let json = r#"{"name":"wait_event","input":{"event":"payout-approved"},"error":"timed out","terminated":false,"startedAt":"2024-05-01T08:00:00Z"}"#;
    assert_eq!(serde_json::to_string(&entry).expect("encodes"), json);
    assert_eq!(entry, decode::<V2WorkflowInstanceHistory>(json));
}

#[test]
fn a_payment_model_is_built_with_its_required_fields_named() {
    let json = decode::<serde_json::Value>(&serde_json::to_string(&payment()).expect("encodes"));
    let back: V2Payment = serde_json::from_value(json).expect("decodes");
    assert_eq!(back, payment());
}

fn payment() -> V2Payment {
    let created = Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).single().expect("a date");
    V2Payment::new(V2PaymentRequired {
        id: "pay-1",
        reference: "ref-1",
        source_account_id: "src",
        destination_account_id: "dst",
        connector_id: "stripe-1",
        r#type: V2PaymentType::PayIn,
        status: V2PaymentStatus::Succeeded,
        initial_amount: 2500,
        scheme: V2PaymentScheme::Visa,
        asset: "USD/2",
        created_at: created,
        adjustments: Vec::new(),
    })
}
