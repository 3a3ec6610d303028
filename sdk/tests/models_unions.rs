//! Round trips through the generated unions: `oneOf` with a discriminator (V2Subject) and `anyOf`
//! (V2Stage), including a BigInt carried inside a union member.

use formance_orchestration::BigInt;
use formance_orchestration::chrono::{TimeZone, Utc};
use formance_orchestration::models::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

const TWO_POW_200: &str = "1606938044258990275541962092341162602522202993782792835301376";

/// Decodes `text` as `T`, re-encodes it and checks the output is exactly `text`.
fn exact<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let value: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("decoding {text}: {e}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
    value
}

fn send_stage(amount: &str) -> String {
    format!(
        concat!(
            r#"{{"amount":{{"asset":"USD/2","amount":{}}},"#,
            r#""destination":{{"wallet":{{"id":"w-1","balance":"main"}}}},"#,
            r#""source":{{"account":{{"id":"world","ledger":"default"}}}},"#,
            r#""metadata":{{"order":"42"}},"timestamp":"2024-01-01T00:00:00Z"}}"#
        ),
        amount
    )
}

#[test]
fn subject_wallet_by_discriminator() {
    let subject: V2Subject = exact(r#"{"type":"WALLET","identifier":"w","balance":"main"}"#);
    let V2Subject::Wallet(wallet) = &subject else { panic!("expected Wallet, got {subject:?}") };
    assert_eq!(wallet.identifier, "w");
    assert_eq!(wallet.balance.as_deref(), Some("main"));
}

#[test]
fn subject_account_by_discriminator() {
    let subject: V2Subject = exact(r#"{"type":"ACCOUNT","identifier":"users:1"}"#);
    let V2Subject::Account(account) = &subject else { panic!("expected Account, got {subject:?}") };
    assert_eq!(account.identifier, "users:1");
}

#[test]
fn subject_variant_sets_its_own_tag() {
    // The variant decides the tag, whatever the member's own `type` holds.
    let subject = V2Subject::Wallet(V2WalletSubject { identifier: "w".into(), ..Default::default() });
    assert_eq!(serde_json::to_string(&subject).unwrap(), r#"{"type":"WALLET","identifier":"w"}"#);
    let subject = V2Subject::Account(V2LedgerAccountSubject { r#type: "WALLET".into(), identifier: "a".into() });
    assert_eq!(serde_json::to_string(&subject).unwrap(), r#"{"type":"ACCOUNT","identifier":"a"}"#);
}

#[test]
fn subject_with_unmapped_tag_is_kept_raw() {
    let text = r#"{"type":"LEDGER","identifier":"x","extra":1}"#;
    let subject: V2Subject = exact(text);
    assert_eq!(subject, V2Subject::Unknown(json!({"type": "LEDGER", "identifier": "x", "extra": 1})));
    let V2Subject::Unknown(raw) = &subject else { unreachable!() };
    assert_eq!(raw.as_object().unwrap().keys().collect::<Vec<_>>(), ["type", "identifier", "extra"]);
}

#[test]
fn subject_inside_a_request() {
    let request: V2DebitWalletRequest = exact(concat!(
        r#"{"amount":{"asset":"USD/2","amount":100},"pending":true,"metadata":{},"#,
        r#""destination":{"type":"WALLET","identifier":"w-2","balance":"savings"},"balances":["main"]}"#
    ));
    let Some(V2Subject::Wallet(wallet)) = &request.destination else { panic!("{:?}", request.destination) };
    assert_eq!((wallet.identifier.as_str(), wallet.balance.as_deref()), ("w-2", Some("savings")));
    let request: V2DebitWalletRequest = exact(
        r#"{"amount":{"asset":"USD/2","amount":100},"metadata":{},"destination":{"type":"ACCOUNT","identifier":"bank"}}"#,
    );
    assert!(matches!(&request.destination, Some(V2Subject::Account(a)) if a.identifier == "bank"));
}

#[test]
fn stage_wait_event() {
    let stage: V2Stage = exact(r#"{"event":"go"}"#);
    assert_eq!(stage, V2Stage::WaitEvent(V2StageWaitEvent { event: "go".into() }));
}

#[test]
fn stage_delay_by_duration_or_date() {
    let stage: V2Stage = exact(r#"{"duration":"1m"}"#);
    assert_eq!(stage, V2Stage::Delay(V2StageDelay { duration: Some("1m".into()), until: None }));
    let stage: V2Stage = exact(r#"{"until":"2024-01-01T00:00:00Z"}"#);
    let until = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(stage, V2Stage::Delay(V2StageDelay { until: Some(until), duration: None }));
}

#[test]
fn stage_update() {
    let stage: V2Stage = exact(r#"{"account":{"id":"a","metadata":{},"ledger":"l"}}"#);
    let V2Stage::Update(update) = &stage else { panic!("expected Update, got {stage:?}") };
    let account = update.account.as_ref().unwrap();
    assert_eq!((account.id.as_str(), account.ledger.as_str()), ("a", "l"));
    // Key order on the wire does not matter for the choice of member.
    let reordered: V2Stage = serde_json::from_str(r#"{"account":{"ledger":"l","id":"a","metadata":{}}}"#).unwrap();
    assert_eq!(reordered, stage);
}

#[test]
fn stage_send_keeps_a_bigint_exact() {
    let text = send_stage(TWO_POW_200);
    let stage: V2Stage = exact(&text);
    let V2Stage::Send(send) = &stage else { panic!("expected Send, got {stage:?}") };
    let amount = send.amount.as_ref().unwrap();
    assert_eq!(amount.amount, TWO_POW_200.parse::<BigInt>().unwrap());
    assert_eq!(amount.asset, "USD/2");
    assert_eq!(send.source.as_ref().unwrap().account.as_ref().unwrap().id, "world");
    assert_eq!(send.destination.as_ref().unwrap().wallet.as_ref().unwrap().balance.as_deref(), Some("main"));
    assert!(serde_json::to_string(&stage).unwrap().contains(TWO_POW_200));

    let negative = send_stage(&format!("-{TWO_POW_200}"));
    let V2Stage::Send(send) = exact::<V2Stage>(&negative) else { panic!("expected Send") };
    assert_eq!(send.amount.unwrap().amount.as_str(), format!("-{TWO_POW_200}"));
}

#[test]
fn stage_send_keeps_round_bigints_exact() {
    // Numbers beyond 128 bits whose digits an f64 prints exactly (10^40, -10^45) must stay integers
    // when the union reads its member from the buffered JSON.
    for digits in [format!("1{}", "0".repeat(40)), format!("-1{}", "0".repeat(45))] {
        let stage: V2Stage = serde_json::from_str(&send_stage(&digits)).unwrap();
        let V2Stage::Send(send) = &stage else { panic!("{digits}: expected Send, got {stage:?}") };
        assert_eq!(send.amount.as_ref().unwrap().amount.as_str(), digits);
        assert_eq!(serde_json::to_string(&stage).unwrap(), send_stage(&digits));
    }
}

#[test]
fn stage_that_fits_no_member_is_kept_raw() {
    for text in [r#"{"foo":1}"#, r#""text""#, "42", r#"{"amount":"lots","source":7}"#, r#"{"until":"soon"}"#, "null"] {
        let stage: V2Stage = exact(text);
        assert_eq!(stage, V2Stage::Unknown(serde_json::from_str::<Value>(text).unwrap()), "{text}");
    }
}

#[test]
fn stage_inside_instance_history() {
    let text = format!(
        r#"{{"name":"send","input":{},"terminated":true,"startedAt":"2024-01-01T00:00:00Z","terminatedAt":"2024-01-01T00:00:01Z"}}"#,
        send_stage(TWO_POW_200)
    );
    let history: V2WorkflowInstanceHistory = exact(&text);
    let V2Stage::Send(send) = &history.input else { panic!("expected Send, got {:?}", history.input) };
    assert_eq!(send.amount.as_ref().unwrap().amount.as_str(), TWO_POW_200);
    assert!(history.terminated);

    let text = r#"{"name":"mystery","input":{"foo":[1,2]},"error":"boom","terminated":false,"startedAt":"2024-01-01T00:00:00Z"}"#;
    let history: V2WorkflowInstanceHistory = exact(text);
    assert_eq!(history.input, V2Stage::Unknown(json!({"foo": [1, 2]})));
    assert_eq!(history.error.as_deref(), Some("boom"));
}
