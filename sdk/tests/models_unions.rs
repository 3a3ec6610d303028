//! Round trips through the generated unions: `oneOf` with a discriminator (V2Subject) and `anyOf`
//! (V2Stage), including a BigInt carried inside a union member, in lists and maps of unions, and
//! JSON that fits no member kept exactly as received.

use formance_orchestration::chrono::{TimeZone, Utc};
use formance_orchestration::indexmap::IndexMap;
use formance_orchestration::models::*;
use formance_orchestration::{BigInt, RawJson};
use serde::Serialize;
use serde::de::DeserializeOwned;

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
    // The variant decides the tag: the member has no `type` field to set wrong.
    // Read in responses only, these models are decoded, then changed by field assignments.
    let mut wallet: V2WalletSubject = exact(r#"{"type":"WALLET","identifier":"x"}"#);
    wallet.identifier = "w".into();
    let subject = V2Subject::Wallet(wallet);
    assert_eq!(serde_json::to_string(&subject).unwrap(), r#"{"type":"WALLET","identifier":"w"}"#);
    let mut account: V2LedgerAccountSubject = exact(r#"{"type":"ACCOUNT","identifier":"x"}"#);
    account.identifier = "a".into();
    let subject = V2Subject::Account(account);
    assert_eq!(serde_json::to_string(&subject).unwrap(), r#"{"type":"ACCOUNT","identifier":"a"}"#);
}

#[test]
fn subject_with_unmapped_tag_is_kept_raw() {
    let text = r#"{"type":"LEDGER","identifier":"x","extra":1}"#;
    let subject: V2Subject = exact(text);
    assert_eq!(subject, V2Subject::Unknown(text.parse().unwrap()));
    let V2Subject::Unknown(raw) = &subject else { unreachable!() };
    assert_eq!(raw.as_str(), text);
    // Every digit and the key order of an unknown member survive.
    let text = format!(r#"{{"type":"LEDGER","amount":{TWO_POW_200},"a":-{TWO_POW_200}}}"#);
    let subject: V2Subject = exact(&text);
    assert!(matches!(&subject, V2Subject::Unknown(raw) if raw.as_str() == text), "{subject:?}");
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
    assert_eq!(stage, V2Stage::WaitEvent(V2StageWaitEvent::new("go")));
}

#[test]
fn stage_delay_by_duration_or_date() {
    let stage: V2Stage = exact(r#"{"duration":"1m"}"#);
    assert_eq!(stage, V2Stage::Delay(V2StageDelay::new().duration("1m")));
    let stage: V2Stage = exact(r#"{"until":"2024-01-01T00:00:00Z"}"#);
    let until = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(stage, V2Stage::Delay(V2StageDelay::new().until(until)));
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
        assert_eq!(stage, V2Stage::Unknown(text.parse().unwrap()), "{text}");
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
    assert_eq!(history.input, V2Stage::Unknown(r#"{"foo":[1,2]}"#.parse().unwrap()));
    assert_eq!(history.error.as_deref(), Some("boom"));
}

#[test]
fn subject_tag_is_read_wherever_it_is() {
    // Last, escaped, or after a nested object that has its own `type`.
    let subject: V2Subject =
        serde_json::from_str(r#"{"identifier":"w","nested":{"type":"ACCOUNT"},"balance":"b","type":"W\u0041LLET"}"#)
            .unwrap();
    assert!(matches!(&subject, V2Subject::Wallet(w) if w.identifier == "w"), "{subject:?}");
    // A known tag whose member does not decode is an error, not an unknown subject.
    assert!(serde_json::from_str::<V2Subject>(r#"{"type":"WALLET"}"#).is_err());
    // No tag, or a tag that is not a string: kept as received.
    for text in [r#"{"identifier":"w"}"#, r#"{"type":1,"identifier":"w"}"#, "[]", "7"] {
        assert_eq!(exact::<V2Subject>(text), V2Subject::Unknown(text.parse().unwrap()), "{text}");
    }
}

#[test]
fn tagged_serialization_writes_the_tag_once_in_place() {
    // The member writes its tag first, as the union does: once, with the variant's value.
    let mut wallet: V2WalletSubject = exact(r#"{"type":"WALLET","identifier":"x"}"#);
    (wallet.identifier, wallet.balance) = ("w".into(), Some("main".into()));
    assert_eq!(serde_json::to_string(&wallet).unwrap(), r#"{"type":"WALLET","identifier":"w","balance":"main"}"#);
    let subject = V2Subject::Wallet(wallet);
    assert_eq!(serde_json::to_string(&subject).unwrap(), r#"{"type":"WALLET","identifier":"w","balance":"main"}"#);
    let value = serde_json::to_value(&subject).unwrap();
    assert_eq!(value["type"], "WALLET");
}

/// A member of a discriminated union holding an amount, serialized the way generated unions do.
#[derive(Serialize)]
struct Payout {
    kind: String,
    amount: BigInt,
    asset: String,
}

#[test]
fn tagged_serialization_keeps_every_digit() {
    for digits in [TWO_POW_200.to_owned(), format!("-{TWO_POW_200}")] {
        let member = Payout { kind: "TRANSFER".into(), amount: digits.parse().unwrap(), asset: "USD/2".into() };
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        formance_orchestration::runtime::serialize_tagged(&member, "kind", "PAYOUT", &mut serializer).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, format!(r#"{{"kind":"PAYOUT","amount":{digits},"asset":"USD/2"}}"#));
    }
}

#[test]
fn lists_of_unions_keep_every_member_and_digit() {
    let stages = [
        send_stage(TWO_POW_200),
        r#"{"duration":"1m"}"#.to_owned(),
        send_stage(&format!("-{TWO_POW_200}")),
        format!(r#"{{"mystery":{TWO_POW_200}}}"#),
        r#"{"event":"go"}"#.to_owned(),
    ];
    let text = format!("[{}]", stages.join(","));
    let decoded: Vec<V2Stage> = exact(&text);
    assert!(matches!(
        &decoded[..],
        [V2Stage::Send(_), V2Stage::Delay(_), V2Stage::Send(_), V2Stage::Unknown(_), V2Stage::WaitEvent(_)]
    ));
    let V2Stage::Send(send) = &decoded[2] else { unreachable!() };
    assert_eq!(send.amount.as_ref().unwrap().amount.as_str(), format!("-{TWO_POW_200}"));

    let subjects = r#"[{"type":"WALLET","identifier":"a"},{"type":"ACCOUNT","identifier":"b"},{"type":"WALLET","identifier":"c","balance":"x"}]"#;
    let decoded: Vec<V2Subject> = exact(subjects);
    let wallets = decoded.iter().filter(|s| matches!(s, V2Subject::Wallet(_))).count();
    assert_eq!((decoded.len(), wallets), (3, 2));
}

#[test]
fn maps_of_unions_keep_order_and_digits() {
    let text = format!(
        r#"{{"z":{},"a":{{"until":"2024-01-01T00:00:00Z"}},"m":{{"other":{TWO_POW_200}}}}}"#,
        send_stage(TWO_POW_200)
    );
    let decoded: IndexMap<String, V2Stage> = exact(&text);
    assert_eq!(decoded.keys().collect::<Vec<_>>(), ["z", "a", "m"]);
    let V2Stage::Send(send) = &decoded["z"] else { panic!("{:?}", decoded["z"]) };
    assert_eq!(send.amount.as_ref().unwrap().amount.as_str(), TWO_POW_200);
    assert_eq!(decoded["m"], V2Stage::Unknown(RawJson::try_from(format!(r#"{{"other":{TWO_POW_200}}}"#)).unwrap()));
}

#[test]
fn unions_decode_from_a_json_value_too() {
    // `serde_json::from_value` works (what a `Value` can hold comes through).
    let value = serde_json::json!({"type": "WALLET", "identifier": "w"});
    let subject: V2Subject = serde_json::from_value(value).unwrap();
    assert!(matches!(subject, V2Subject::Wallet(_)));
    let stage: V2Stage = serde_json::from_value(serde_json::json!({"event": "go"})).unwrap();
    assert_eq!(stage, V2Stage::WaitEvent(V2StageWaitEvent::new("go")));
}

#[test]
fn unknown_members_keep_their_text_exactly_whatever_the_reader() {
    let subject = format!("{{ \"type\" : \"LEDGER\",\n  \"amount\":\t{TWO_POW_200} , \"a\" : [ 1, {{}} ] }}");
    let stage = format!("{{\n  \"mystery\" : -{TWO_POW_200},\r\n  \"nested\": {{ \"event\" : \"go\" }}\n}}");
    let list = format!("[ {subject} ,\n{subject}]");
    let decoded: Vec<V2Subject> = serde_json::from_str(&list).unwrap();
    let from_reader: Vec<V2Subject> = serde_json::from_reader(list.as_bytes()).unwrap();
    for subjects in [decoded, from_reader] {
        assert_eq!(subjects.len(), 2);
        for decoded in subjects {
            assert!(matches!(&decoded, V2Subject::Unknown(raw) if raw.as_str() == subject), "{decoded:?}");
        }
    }
    let decoded: V2Stage = serde_json::from_slice(format!(" {stage} ").as_bytes()).unwrap();
    assert!(matches!(&decoded, V2Stage::Unknown(raw) if raw.as_str() == stage), "{decoded:?}");
    let decoded: V2Stage = serde_json::from_reader(stage.as_bytes()).unwrap();
    assert!(matches!(&decoded, V2Stage::Unknown(raw) if raw.as_str() == stage), "{decoded:?}");
    assert_eq!(serde_json::to_string(&decoded).unwrap(), stage);
}

#[test]
fn members_decode_the_same_whatever_the_reader_and_spacing() {
    let wallet = "{ \"type\" :\n\"WALLET\" , \"identifier\" : \"w\", \"balance\" : \"main\" }";
    let last = r#"{"identifier":"a","type":"ACCOUNT"}"#;
    for text in [wallet, last] {
        let from_str: V2Subject = serde_json::from_str(text).unwrap();
        let from_reader: V2Subject = serde_json::from_reader(text.as_bytes()).unwrap();
        assert_eq!(from_str, from_reader);
        assert!(
            matches!(&from_str, V2Subject::Wallet(w) if w.identifier == "w")
                || matches!(&from_str, V2Subject::Account(a) if a.identifier == "a")
        );
    }
    let send = send_stage(TWO_POW_200);
    let from_reader: V2Stage = serde_json::from_reader(send.as_bytes()).unwrap();
    let V2Stage::Send(send) = &from_reader else { panic!("expected Send, got {from_reader:?}") };
    assert_eq!(send.amount.as_ref().unwrap().amount.as_str(), TWO_POW_200);
}

#[test]
fn hostile_union_input_is_an_answer_not_a_panic() {
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    // Deep nesting in a member this version does not know, or in a key a known member ignores.
    let unknown = format!(r#"{{"type":"LEDGER","x":{deep}}}"#);
    assert!(
        matches!(serde_json::from_str::<V2Subject>(&unknown), Ok(V2Subject::Unknown(raw)) if raw.as_str() == unknown)
    );
    let known = format!(r#"{{"type":"WALLET","identifier":"w","x":{deep}}}"#);
    assert!(matches!(serde_json::from_str::<V2Subject>(&known), Ok(V2Subject::Wallet(w)) if w.identifier == "w"));
    let stage = format!(r#"{{"event":"go","x":{deep}}}"#);
    assert!(matches!(serde_json::from_str::<V2Stage>(&stage), Ok(V2Stage::WaitEvent(_))));
    // Nesting past serde_json's limit in the member's own fields is an error.
    let too_deep = format!(r#"{{"type":"WALLET","identifier":{deep}}}"#);
    assert!(serde_json::from_str::<V2Subject>(&too_deep).is_err());
    // A huge discriminator, huge values.
    let huge = "W".repeat(1 << 20);
    let text = format!(r#"{{"type":"{huge}","identifier":"w"}}"#);
    assert!(matches!(serde_json::from_str::<V2Subject>(&text), Ok(V2Subject::Unknown(raw)) if raw.as_str() == text));
    let text = format!(r#"{{"type":"WALLET","identifier":"{huge}"}}"#);
    assert!(matches!(serde_json::from_str::<V2Subject>(&text), Ok(V2Subject::Wallet(w)) if w.identifier == huge));
    // Duplicate keys: the first discriminator chooses (as the runtime documents), and the member,
    // which has no field for its fixed tag, reads past the second one.
    let twice = r#"{"type":"WALLET","type":"ACCOUNT","identifier":"w"}"#;
    assert!(matches!(serde_json::from_str::<V2Subject>(twice), Ok(V2Subject::Wallet(w)) if w.identifier == "w"));
    let twice = r#"{"type":"LEDGER","type":"WALLET","identifier":"w"}"#;
    assert!(matches!(serde_json::from_str::<V2Subject>(twice), Ok(V2Subject::Unknown(raw)) if raw.as_str() == twice));
    // Truncated and invalid text inside a union.
    for bad in
        [r#"{"type":"WALLET""#, r#"{"type":"WALLET","identifier":"w""#, r#"{"type":"WAL"#, "{\"type\":\"\u{1}\"}"]
    {
        assert!(serde_json::from_str::<V2Subject>(bad).is_err(), "{bad}");
        assert!(serde_json::from_str::<V2Stage>(bad).is_err(), "{bad}");
    }
}
