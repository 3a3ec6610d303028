//! Full, realistic documents through the generated models, and the nullable fields of V2Payment.

mod harness;

use formance_orchestration::indexmap::IndexMap;
use formance_orchestration::models::*;
use formance_orchestration::{BigInt, RawJson};
use harness::assert_same_json;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

const TWO_POW_200: &str = "1606938044258990275541962092341162602522202993782792835301376";

/// Decodes `text` as `T`, re-encodes it and checks the output is the same JSON value, every digit
/// of every number included.
fn same_value<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let decoded: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("decoding {text}: {e}"));
    assert_same_json(&serde_json::to_string(&decoded).unwrap(), text);
    decoded
}

/// A payment as the Payments service reports it; `raw` and `metadata` are given as JSON text.
fn payment(raw: &str, metadata: &str) -> String {
    format!(
        concat!(
            r#"{{"id":"pay_01HZX3Q8N4","reference":"py_3P1x2yLkdIwHu7ix0snN0B15","#,
            r#""sourceAccountID":"acc_src","destinationAccountID":"acc_dst","connectorID":"stripe-main","#,
            r#""provider":"STRIPE","type":"PAY-IN","status":"SUCCEEDED","initialAmount":{big},"#,
            r#""scheme":"sepa debit","asset":"EUR/2","createdAt":"2024-05-01T08:00:00.123456789Z","#,
            r#""raw":{raw},"#,
            r#""adjustments":[{{"status":"PENDING","amount":{big},"date":"2024-05-01T08:00:00Z","#,
            r#""raw":{{"event":"created","nested":{{"z":1,"a":[true,null]}}}},"absolute":true}},"#,
            r#"{{"status":"SUCCEEDED","amount":0,"date":"2024-05-01T08:05:00Z","raw":{{}},"absolute":false}}],"#,
            r#""metadata":{metadata}}}"#
        ),
        big = TWO_POW_200,
        raw = raw,
        metadata = metadata,
    )
}

#[test]
fn full_payment_round_trips() {
    let text = payment(
        r#"{"id":"py_3P1x2y","object":"payment_intent","amount":1000,"charges":[{"paid":true}]}"#,
        r#"{"key":"v"}"#,
    );
    let payment: V2Payment = same_value(&text);
    assert_eq!(payment.id, "pay_01HZX3Q8N4");
    assert_eq!(payment.provider, Some(V2Connector::Stripe));
    assert_eq!(payment.r#type, V2PaymentType::PayIn);
    assert_eq!(payment.status, V2PaymentStatus::Succeeded);
    assert_eq!(payment.scheme, V2PaymentScheme::SepaDebit);
    assert_eq!(payment.initial_amount, TWO_POW_200.parse::<BigInt>().unwrap());
    let raw: IndexMap<String, RawJson> = payment.raw.as_ref().unwrap().parse().unwrap();
    assert_eq!(raw.keys().collect::<Vec<_>>(), ["id", "object", "amount", "charges"]);
    assert_eq!(raw["charges"].to_value().unwrap(), json!([{"paid": true}]));
    assert_eq!(payment.adjustments.len(), 2);
    assert_eq!(payment.adjustments[0].amount.as_str(), TWO_POW_200);
    let nested = payment.adjustments[0].raw.to_value().unwrap()["nested"].take();
    assert_eq!(nested, json!({"z": 1, "a": [true, null]}));
    assert_eq!(payment.adjustments[1].amount, BigInt::from(0u8));
    assert!(!payment.adjustments[1].absolute);
    let metadata: Option<&V2PaymentMetadata> = payment.metadata.as_ref();
    assert_eq!(metadata.and_then(|m| m.key.as_deref()), Some("v"));
    // The generated field order follows the spec, so the text itself comes back unchanged.
    assert_eq!(serde_json::to_string(&payment).unwrap(), text);

    let response: V2PaymentResponse = same_value(&format!(r#"{{"data":{text}}}"#));
    assert_eq!(response.data, payment);
}

#[test]
fn nullable_raw_and_metadata_accept_null() {
    let text = payment("null", "null");
    let payment: V2Payment = same_value(&text);
    assert_eq!(payment.raw, None);
    assert_eq!(payment.metadata, None);
    let encoded = serde_json::to_string(&payment).unwrap();
    assert!(encoded.contains(r#""raw":null"#), "{encoded}");
    assert!(encoded.contains(r#""metadata":null"#), "{encoded}");
    assert_eq!(encoded, text);

    // Nullable does not make the other shapes acceptable.
    assert!(serde_json::from_str::<V2Payment>(&payment_with_raw_string()).is_err());
}

fn payment_with_raw_string() -> String {
    payment(r#""not an object""#, "null")
}

const HISTORY_STAGE: &str = r#"{
  "name": "CreateTransaction",
  "input": {
    "GetAccount": {"id": "users:1", "ledger": "default"},
    "AddAccountMetadata": {"id": "users:1", "ledger": "default", "metadata": {"tier": "gold", "a": "b"}},
    "CreateTransaction": {
      "ledger": "default",
      "data": {
        "timestamp": "2024-05-01T08:00:00Z",
        "postings": [{"amount": 1606938044258990275541962092341162602522202993782792835301376,
                      "asset": "USD/2", "destination": "users:1", "source": "world"}],
        "script": {"plain": "send [USD/2 100] (source = @world destination = $dest)", "vars": {"dest": "users:1", "n": {"x": [1]}}},
        "reference": "order:1234",
        "metadata": {"order": "1234"}
      }
    },
    "StripeTransfer": {"connectorID": "stripe-main", "amount": 1000, "asset": "USD/2",
                       "destination": "acct_1Gqj58KZcSIg2N2q", "waitingValidation": false, "metadata": {"order_id": "6735"}},
    "CreateTransferInitiation": {"connectorID": "wise-1", "provider": "wise", "amount": 1606938044258990275541962092341162602522202993782792835301376,
                                 "asset": "EUR/2", "destination": "acc_dst", "source": "acc_src", "type": "PAYOUT",
                                 "description": "payout", "waitingValidation": true, "metadata": {"k": {"deep": true}}},
    "GetPayment": {"id": "pay_01HZX3Q8N4"},
    "ConfirmHold": {"id": "hold-1"},
    "CreditWallet": {"id": "w-1", "data": {"amount": {"asset": "USD/2", "amount": -1606938044258990275541962092341162602522202993782792835301376},
                     "metadata": {}, "reference": "ref", "sources": [{"type": "ACCOUNT", "identifier": "world"},
                     {"type": "WALLET", "identifier": "w-0", "balance": "main"}, {"type": "LEDGER", "identifier": "x"}],
                     "balance": "main", "timestamp": "2024-05-01T08:00:00Z"}},
    "DebitWallet": {"id": "w-1", "data": {"amount": {"asset": "USD/2", "amount": 100}, "pending": true, "metadata": {"m": "1"},
                    "description": "hold", "destination": {"type": "ACCOUNT", "identifier": "bank"}, "balances": ["main", "*"]}},
    "GetWallet": {"id": "w-1"},
    "VoidHold": {"id": "hold-2"},
    "ListWallets": {"name": "main"}
  },
  "output": {
    "GetAccount": {"data": {"address": "users:1", "metadata": {"tier": "gold"},
                            "volumes": {"USD/2": {"input": 1606938044258990275541962092341162602522202993782792835301376, "output": 40, "balance": -12}},
                            "effectiveVolumes": {"EUR/2": {"input": 0, "output": 0}}}},
    "CreateTransaction": {"data": [{"timestamp": "2024-05-01T08:00:00Z",
                                    "postings": [{"amount": 100, "asset": "USD/2", "destination": "users:1", "source": "world"}],
                                    "reference": "order:1234", "metadata": {}, "txid": 1606938044258990275541962092341162602522202993782792835301376}]},
    "GetPayment": {"data": {"id": "pay_1", "reference": "r", "sourceAccountID": "s", "destinationAccountID": "d",
                            "connectorID": "c", "type": "PAYOUT", "status": "PENDING", "initialAmount": 5, "scheme": "PIX",
                            "asset": "BRL/2", "createdAt": "2024-05-01T08:00:00Z", "raw": null, "adjustments": [], "metadata": null}},
    "DebitWallet": {"data": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "walletID": "w-1", "metadata": {},
                             "description": "hold", "destination": {"type": "WALLET", "identifier": "w-2"}}},
    "GetWallet": {"data": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "metadata": {}, "name": "main",
                           "createdAt": "2024-05-01T08:00:00Z",
                           "balances": {"main": {"assets": {"USD/2": 1606938044258990275541962092341162602522202993782792835301376, "EUR/2": -3}}},
                           "ledger": "wallets"}},
    "ListWallets": {"cursor": {"pageSize": 15, "hasMore": false, "previous": "p", "next": "n",
                               "data": [{"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "metadata": {"a": "b"}, "name": "main",
                                         "createdAt": "2024-05-01T08:00:00.500Z", "ledger": "wallets"}]}}
  },
  "error": "insufficient funds",
  "terminated": true,
  "startedAt": "2024-05-01T08:00:00.123456789Z",
  "terminatedAt": "2024-05-01T08:00:01Z",
  "lastFailure": "timeout",
  "attempt": 3,
  "nextExecution": "2024-05-01T08:01:00Z"
}"#;

#[test]
fn full_history_stage_round_trips() {
    let stage: V2WorkflowInstanceHistoryStage = same_value(HISTORY_STAGE);
    let input = &stage.input;
    assert!(input.get_account.is_some() && input.add_account_metadata.is_some() && input.stripe_transfer.is_some());
    assert!(input.create_transfer_initiation.is_some() && input.get_payment.is_some() && input.confirm_hold.is_some());
    assert!(input.debit_wallet.is_some() && input.get_wallet.is_some() && input.void_hold.is_some());
    assert_eq!(input.list_wallets.as_ref().unwrap().name.as_deref(), Some("main"));
    let tx = input.create_transaction.as_ref().unwrap().data.as_ref().unwrap();
    assert_eq!(tx.postings.as_ref().unwrap()[0].amount.as_str(), TWO_POW_200);
    let credit = input.credit_wallet.as_ref().unwrap().data.as_ref().unwrap();
    assert_eq!(credit.amount.amount.as_str(), format!("-{TWO_POW_200}"));
    assert!(matches!(credit.sources[..], [V2Subject::Account(_), V2Subject::Wallet(_), V2Subject::Unknown(_)]));
    assert_eq!(
        input.create_transfer_initiation.as_ref().unwrap().r#type,
        Some(V2CreateTransferInitiationRequestType::Payout)
    );

    let output = stage.output.as_ref().unwrap();
    let volumes = output.get_account.as_ref().unwrap().data.volumes.as_ref().unwrap();
    assert_eq!(volumes["USD/2"].balance, Some(BigInt::from(-12i8)));
    assert_eq!(output.create_transaction.as_ref().unwrap().data[0].txid.as_str(), TWO_POW_200);
    let payment = &output.get_payment.as_ref().unwrap().data;
    assert_eq!((&payment.scheme, &payment.raw), (&V2PaymentScheme::Unknown("PIX".into()), &None));
    assert!(output.debit_wallet.as_ref().unwrap().data.destination.is_some());
    let assets = &output.get_wallet.as_ref().unwrap().data.balances.main.assets;
    assert_eq!(assets.keys().collect::<Vec<_>>(), ["USD/2", "EUR/2"]);
    assert_eq!(output.list_wallets.as_ref().unwrap().cursor.data.len(), 1);

    assert_eq!(stage.attempt, 3);
    assert_eq!(stage.last_failure.as_deref(), Some("timeout"));
    assert!(stage.next_execution.is_some() && stage.terminated_at.is_some());

    let response: V2GetWorkflowInstanceHistoryStageResponse =
        serde_json::from_str(&format!(r#"{{"data":[{HISTORY_STAGE}]}}"#)).unwrap();
    assert_eq!(response.data, [stage]);
}
