//! With the generated crate's `test-util` feature, the models only read in responses get the
//! constructors of the models users send (`constructors.yaml`'s `Receipt`), for tests that build what
//! a server would send; without it they have none (the doctest `ResponseModelsHaveNoConstructor` in
//! `src/lib.rs`).
#![cfg(feature = "test-util")]

use codegen_wire_tests::constructors_api::models::Receipt;
use codegen_wire_tests::response_headers_api::models::Transaction;

#[test]
fn response_models_are_built_like_request_models() {
    let receipt = Receipt::new("r-1").note("n");
    assert_eq!(receipt, serde_json::from_str::<Receipt>(r#"{"id":"r-1","note":"n"}"#).expect("decodes"));
    // The same conversions as for the models users send: any integer for a `BigInt`.
    assert_eq!(serde_json::to_string(&Transaction::new(7u8)).expect("encodes"), r#"{"id":7}"#);
}
