//! One wiremock test per workflow-instance operation: the exact request sent, and the decoded response.

mod harness;

use formance_orchestration::models::{self, V2Stage, V2Subject};
use harness::{TWO_POW_200, assert_sent, at, no_content, number, only_request, respond, start};
use serde_json::json;

fn instance_json(id: &str, workflow_id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "workflowID": workflow_id,
        "createdAt": "2024-05-01T08:00:00Z",
        "updatedAt": "2024-05-01T08:10:00Z",
        "terminated": true,
        "terminatedAt": "2024-05-01T08:10:00Z",
        "error": "stage 1: insufficient funds",
        "status": [
            {"stage": 0, "instanceID": id, "startedAt": "2024-05-01T08:00:00Z", "terminatedAt": "2024-05-01T08:05:00Z"},
            {"stage": 1, "instanceID": id, "startedAt": "2024-05-01T08:05:00Z", "terminatedAt": "2024-05-01T08:10:00Z",
             "error": "insufficient funds"}
        ]
    })
}

#[tokio::test]
async fn list_instances() {
    let running = json!({"id": "instance-2", "workflowID": "w1", "terminated": false,
                         "createdAt": "2024-05-02T09:00:00Z", "updatedAt": "2024-05-02T09:00:00Z"});
    let page = json!({"cursor": {"pageSize": 15, "hasMore": false, "previous": "c0",
                                 "data": [instance_json("instance-1", "w1"), running]}});
    let (server, client) = start(respond(200, page)).await;

    let resp = client.list_instances().workflow_id("w1").running(true).page_size(15).cursor("c1").send().await.unwrap();

    let req = only_request(&server).await;
    let query = Some("cursor=c1&pageSize=15&running=true&workflowID=w1");
    assert_sent(&req, "GET", "/api/orchestration/v2/instances", query, None);
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.cursor.page_size, 15);
    assert!(!resp.cursor.has_more);
    assert_eq!(resp.cursor.previous.as_deref(), Some("c0"));
    let ids: Vec<&str> = resp.cursor.data.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["instance-1", "instance-2"]);
    assert_eq!(resp.cursor.data[0].workflow_id, "w1");
    assert_eq!(resp.cursor.data[0].terminated_at, Some(at("2024-05-01T08:10:00Z")));
    let second = &resp.cursor.data[1];
    assert!(!second.terminated);
    assert_eq!((second.terminated_at, second.status.as_ref()), (None, None));
    assert_eq!(second.created_at, at("2024-05-02T09:00:00Z"));
}

#[tokio::test]
async fn get_instance() {
    let (server, client) = start(respond(200, json!({"data": instance_json("instance-1", "w1")}))).await;

    let resp = client.get_instance("instance-1").send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "GET", "/api/orchestration/v2/instances/instance-1", None, None);
    assert_eq!(resp.status().as_u16(), 200);
    let instance = &resp.data;
    assert_eq!(instance.id, "instance-1");
    assert!(instance.terminated);
    assert_eq!(instance.error.as_deref(), Some("stage 1: insufficient funds"));
    assert_eq!(instance.updated_at, at("2024-05-01T08:10:00Z"));
    let status = instance.status.as_ref().unwrap();
    let stages: Vec<f64> = status.iter().map(|s| s.stage).collect();
    assert_eq!(stages, [0.0, 1.0]);
    assert_eq!(status[0].error, None);
    assert_eq!(status[1].error.as_deref(), Some("insufficient funds"));
    assert_eq!(status[1].started_at, at("2024-05-01T08:05:00Z"));
}

#[tokio::test]
async fn send_event() {
    let (server, client) = start(no_content()).await;

    let body = models::V2SendEventRequestBody::new("payout-approved");
    let resp = client.send_event("instance-1", body).send().await.unwrap();

    let req = only_request(&server).await;
    let expected = json!({"name": "payout-approved"});
    assert_sent(&req, "POST", "/api/orchestration/v2/instances/instance-1/events", None, Some(&expected));
    assert_eq!(resp.status().as_u16(), 204);
    let () = resp.into_inner();
}

#[tokio::test]
async fn cancel_event() {
    let (server, client) = start(no_content()).await;

    let resp = client.cancel_event("instance-1").send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "PUT", "/api/orchestration/v2/instances/instance-1/abort", None, None);
    assert_eq!(resp.status().as_u16(), 204);
    let () = resp.into_inner();
}

#[tokio::test]
async fn get_instance_history() {
    let send = json!({
        "amount": {"asset": "USD/2", "amount": number(TWO_POW_200)},
        "source": {"account": {"id": "world", "ledger": "main"}},
        "destination": {"wallet": {"id": "wallet-1", "balance": "main"}}
    });
    let history = json!({"data": [
        {"name": "RunSend", "input": send, "terminated": true,
         "startedAt": "2024-05-01T08:00:00Z", "terminatedAt": "2024-05-01T08:00:01Z"},
        {"name": "RunDelay", "input": {"duration": "1h"}, "terminated": true,
         "startedAt": "2024-05-01T08:00:01Z", "terminatedAt": "2024-05-01T09:00:01Z"},
        {"name": "RunWaitEvent", "input": {"event": "payout-approved"}, "terminated": false,
         "startedAt": "2024-05-01T09:00:01Z"},
        {"name": "RunUpdate", "input": {"account": {"id": "users:001", "ledger": "main", "metadata": {"tier": "gold"}}},
         "terminated": true, "error": "ledger unavailable", "startedAt": "2024-05-01T09:30:00Z",
         "terminatedAt": "2024-05-01T09:30:02Z"}
    ]});
    let (server, client) = start(respond(200, history)).await;

    let resp = client.get_instance_history("instance-1").send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "GET", "/api/orchestration/v2/instances/instance-1/history", None, None);
    assert_eq!(resp.status().as_u16(), 200);
    let names: Vec<&str> = resp.data.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["RunSend", "RunDelay", "RunWaitEvent", "RunUpdate"]);
    let kinds: Vec<Option<&str>> = resp.data.iter().map(|h| h.stage_kind()).collect();
    assert_eq!(kinds, [Some("send"), Some("delay"), Some("wait_event"), Some("update")]);

    let V2Stage::Send(send) = &resp.data[0].input else { panic!("a send stage: {:?}", resp.data[0].input) };
    let amount = send.amount.as_ref().unwrap();
    assert_eq!((amount.asset.as_str(), amount.amount.as_str()), ("USD/2", TWO_POW_200));
    let source = send.source.as_ref().unwrap().account.as_ref().unwrap();
    assert_eq!((source.id.as_str(), source.ledger.as_deref()), ("world", Some("main")));
    let wallet = send.destination.as_ref().unwrap().wallet.as_ref().unwrap();
    assert_eq!((wallet.id.as_str(), wallet.balance.as_deref()), ("wallet-1", Some("main")));
    assert_eq!(resp.data[0].terminated_at, Some(at("2024-05-01T08:00:01Z")));

    let V2Stage::Delay(delay) = &resp.data[1].input else { panic!("a delay stage: {:?}", resp.data[1].input) };
    assert_eq!((delay.duration.as_deref(), delay.until), (Some("1h"), None));
    let V2Stage::WaitEvent(wait) = &resp.data[2].input else { panic!("a wait_event: {:?}", resp.data[2].input) };
    assert_eq!(wait.event, "payout-approved");
    assert!(!resp.data[2].terminated);
    assert_eq!(resp.data[2].terminated_at, None);
    let V2Stage::Update(update) = &resp.data[3].input else { panic!("an update: {:?}", resp.data[3].input) };
    let account = update.account.as_ref().unwrap();
    assert_eq!((account.id.as_str(), account.metadata["tier"].as_str()), ("users:001", "gold"));
    assert_eq!(resp.data[3].error.as_deref(), Some("ledger unavailable"));
    assert_eq!(resp.data[3].started_at, at("2024-05-01T09:30:00Z"));
}

#[tokio::test]
async fn get_instance_stage_history() {
    let posting =
        json!({"source": "world", "destination": "users:001", "asset": "USD/2", "amount": number(TWO_POW_200)});
    let activities = json!({"data": [
        {
            "name": "CreateTransaction",
            "input": {"CreateTransaction": {"ledger": "main", "data": {"postings": [posting], "metadata": {}}}},
            "output": {"CreateTransaction": {"data": [{
                "txid": number("18446744073709551617"), "timestamp": "2024-05-01T08:00:01Z",
                "postings": [posting], "metadata": {"reason": "payout"}
            }]}},
            "terminated": true, "attempt": 1,
            "startedAt": "2024-05-01T08:00:00Z", "terminatedAt": "2024-05-01T08:00:01Z"
        },
        {
            "name": "DebitWallet",
            "input": {"DebitWallet": {"id": "wallet-1", "data": {
                "amount": {"asset": "USD/2", "amount": 100}, "metadata": {},
                "destination": {"type": "ACCOUNT", "identifier": "users:001"}
            }}},
            "output": {"DebitWallet": {"data": {
                "id": "0b8a3a7e-52a4-4d8f-9c1e-3f5b2d6a7c80", "walletID": "wallet-1", "metadata": {},
                "description": "payout", "destination": {"type": "WALLET", "identifier": "wallet-2", "balance": "main"}
            }}},
            "terminated": false, "attempt": 2, "lastFailure": "connection reset",
            "startedAt": "2024-05-01T08:00:01Z", "nextExecution": "2024-05-01T08:01:00Z"
        }
    ]});
    let (server, client) = start(respond(200, activities)).await;

    let resp = client.get_instance_stage_history("instance-1", 3).send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "GET", "/api/orchestration/v2/instances/instance-1/stages/3/history", None, None);
    assert_eq!(resp.status().as_u16(), 200);
    let [create, debit] = &resp.data[..] else { panic!("two activities: {:?}", resp.data) };

    assert_eq!((create.name.as_str(), create.attempt), ("CreateTransaction", 1));
    let input = create.input.create_transaction.as_ref().unwrap();
    assert_eq!(input.ledger.as_deref(), Some("main"));
    assert_eq!(input.data.as_ref().unwrap().postings.as_ref().unwrap()[0].amount.as_str(), TWO_POW_200);
    let output = create.output.as_ref().unwrap().create_transaction.as_ref().unwrap();
    let tx = &output.data[0];
    assert_eq!(tx.txid.to_u64(), None, "2^64 + 1 does not fit a u64");
    assert_eq!(tx.txid.to_u128(), Some(u128::from(u64::MAX) + 2));
    assert_eq!(tx.postings[0].amount.as_str(), TWO_POW_200);
    assert_eq!(tx.timestamp, at("2024-05-01T08:00:01Z"));
    assert_eq!(tx.metadata["reason"], "payout");
    assert_eq!(create.terminated_at, Some(at("2024-05-01T08:00:01Z")));

    assert_eq!((debit.name.as_str(), debit.attempt, debit.terminated), ("DebitWallet", 2, false));
    let debit_input = debit.input.debit_wallet.as_ref().unwrap().data.as_ref().unwrap();
    assert_eq!(debit_input.amount.amount.to_u64(), Some(100));
    let Some(V2Subject::Account(to)) = &debit_input.destination else { panic!("{:?}", debit_input.destination) };
    assert_eq!(to.identifier, "users:001");
    let hold = &debit.output.as_ref().unwrap().debit_wallet.as_ref().unwrap().data;
    assert_eq!(hold.id.to_string(), "0b8a3a7e-52a4-4d8f-9c1e-3f5b2d6a7c80");
    assert_eq!((hold.wallet_id.as_str(), hold.description.as_str()), ("wallet-1", "payout"));
    let Some(V2Subject::Wallet(wallet)) = &hold.destination else { panic!("a wallet subject: {:?}", hold.destination) };
    assert_eq!((wallet.identifier.as_str(), wallet.balance.as_deref()), ("wallet-2", Some("main")));
    assert_eq!(debit.last_failure.as_deref(), Some("connection reset"));
    assert_eq!(debit.next_execution, Some(at("2024-05-01T08:01:00Z")));
    assert_eq!(debit.terminated_at, None);
}
