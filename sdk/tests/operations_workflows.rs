//! One wiremock test per workflow operation: the exact request sent, and the decoded response.

mod harness;

use formance_orchestration::indexmap::IndexMap;
use formance_orchestration::{BigInt, RawJsonObject, WorkflowStage, models};
use harness::{assert_sent, at, no_content, only_request, requests, respond, start};
use serde_json::{Value, json};

fn stages_json() -> Value {
    json!([
        {"send": {
            "source": {"account": {"id": "world", "ledger": "main"}},
            "destination": {"wallet": {"id": "wallet-1", "balance": "main"}},
            "amount": {"asset": "USD/2", "amount": 2500}
        }},
        {"wait_event": {"event": "payout-approved"}},
        {"delay": {"duration": "1h"}}
    ])
}

fn workflow_json(id: &str) -> Value {
    json!({
        "id": id,
        "config": {"name": "payout", "stages": stages_json()},
        "createdAt": "2024-05-01T08:00:00Z",
        "updatedAt": "2024-05-03T12:30:00Z"
    })
}

#[tokio::test]
async fn list_workflows() {
    let page = json!({"cursor": {
        "pageSize": 15, "hasMore": true, "next": "c2",
        "data": [workflow_json("w1"), {"id": "w2", "config": {"stages": []},
                 "createdAt": "2024-06-01T00:00:00Z", "updatedAt": "2024-06-01T00:00:00Z"}]
    }});
    let (server, client) = start(respond(200, page)).await;

    let resp = client.list_workflows().page_size(15).cursor("c1").send().await.unwrap();
    let bare = client.list_workflows().send().await.unwrap();

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_sent(&sent[0], "GET", "/api/orchestration/v2/workflows", Some("cursor=c1&pageSize=15"), None);
    assert_sent(&sent[1], "GET", "/api/orchestration/v2/workflows", None, None);
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.cursor.page_size, 15);
    assert!(resp.cursor.has_more);
    assert_eq!(resp.cursor.next.as_deref(), Some("c2"));
    assert_eq!(resp.cursor.previous, None);
    let ids: Vec<&str> = resp.cursor.data.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["w1", "w2"]);
    let first = &resp.cursor.data[0];
    assert_eq!(first.config.name.as_deref(), Some("payout"));
    assert_eq!(first.config.stages.len(), 3);
    let stages = first.config.typed_stages().unwrap();
    assert!(matches!(&stages[1], WorkflowStage::WaitEvent(wait) if wait.event == "payout-approved"), "{stages:?}");
    assert_eq!(first.updated_at, at("2024-05-03T12:30:00Z"));
    assert_eq!(resp.cursor.data[1].config.name, None);
    assert_eq!(bare.cursor.data, resp.cursor.data);
}

#[tokio::test]
async fn create_workflow() {
    let (server, client) = start(respond(201, json!({"data": workflow_json("w1")}))).await;
    let Value::Array(stages) = stages_json() else { unreachable!() };
    let stages = stages.into_iter().map(|s| RawJsonObject::try_from(s).unwrap()).collect();

    let unnamed = models::V2WorkflowConfig::new(stages);
    let named = unnamed.clone().name("payout");
    let resp = client.create_workflow(named).send().await.unwrap();
    client.create_workflow(unnamed).send().await.unwrap();

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    let expected = json!({"name": "payout", "stages": stages_json()});
    assert_sent(&sent[0], "POST", "/api/orchestration/v2/workflows", None, Some(&expected));
    // The optional name, unset, is left out rather than sent as null.
    assert_sent(&sent[1], "POST", "/api/orchestration/v2/workflows", None, Some(&json!({"stages": stages_json()})));
    assert_eq!(resp.status().as_u16(), 201);
    assert_eq!(resp.data.id, "w1");
    let WorkflowStage::Send(send) = &resp.data.config.typed_stages().unwrap()[0] else { panic!("a send stage") };
    assert_eq!(send.amount.as_ref().unwrap().amount, BigInt::from(2500u16));
    assert_eq!(resp.data.created_at, at("2024-05-01T08:00:00Z"));
}

#[tokio::test]
async fn get_workflow() {
    let (server, client) =
        start(respond(200, json!({"data": workflow_json("3b9a4f0e-6c1d-4e2a-9f7b-5d8c2e1a0b64")}))).await;

    let resp = client.get_workflow("3b9a4f0e-6c1d-4e2a-9f7b-5d8c2e1a0b64").send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "GET", "/api/orchestration/v2/workflows/3b9a4f0e-6c1d-4e2a-9f7b-5d8c2e1a0b64", None, None);
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.data.id, "3b9a4f0e-6c1d-4e2a-9f7b-5d8c2e1a0b64");
    let stage = resp.data.config.typed_stages().unwrap().remove(2);
    assert_eq!(stage, WorkflowStage::Delay(models::V2StageDelay::new().duration("1h")));
    assert!(resp.data.updated_at > resp.data.created_at);
}

#[tokio::test]
async fn delete_workflow() {
    let (server, client) = start(no_content()).await;

    let resp = client.delete_workflow("w1").send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "DELETE", "/api/orchestration/v2/workflows/w1", None, None);
    assert_eq!(resp.status().as_u16(), 204);
    let () = resp.into_inner();
}

#[tokio::test]
async fn run_workflow() {
    let instance = json!({"data": {
        "id": "instance-1", "workflowID": "w1",
        "createdAt": "2024-05-01T08:00:00Z", "updatedAt": "2024-05-01T08:00:05Z",
        "terminated": true, "terminatedAt": "2024-05-01T08:00:05Z",
        "status": [
            {"stage": 0, "instanceID": "instance-1", "startedAt": "2024-05-01T08:00:00Z",
             "terminatedAt": "2024-05-01T08:00:04Z"},
            {"stage": 1, "instanceID": "instance-1", "startedAt": "2024-05-01T08:00:04Z",
             "terminatedAt": "2024-05-01T08:00:05Z"}
        ]
    }});
    let (server, client) = start(respond(201, instance)).await;
    let mut vars = IndexMap::new();
    vars.insert("userID".to_owned(), "user-1".to_owned());
    vars.insert("amount".to_owned(), "2500".to_owned());

    let resp = client.run_workflow("w1").wait(true).body(vars).send().await.unwrap();

    let req = only_request(&server).await;
    let expected = json!({"userID": "user-1", "amount": "2500"});
    assert_sent(&req, "POST", "/api/orchestration/v2/workflows/w1/instances", Some("wait=true"), Some(&expected));
    assert_eq!(resp.status().as_u16(), 201);
    assert_eq!(resp.data.id, "instance-1");
    assert_eq!(resp.data.workflow_id, "w1");
    assert!(resp.data.terminated);
    assert_eq!(resp.data.terminated_at, Some(at("2024-05-01T08:00:05Z")));
    let status = resp.data.status.as_ref().unwrap();
    let stages: Vec<f64> = status.iter().map(|s| s.stage).collect();
    assert_eq!(stages, [0.0, 1.0]);
    assert_eq!(status[1].instance_id, "instance-1");
    assert_eq!(status[0].terminated_at, Some(at("2024-05-01T08:00:04Z")));
    assert_eq!(status[1].started_at, at("2024-05-01T08:00:04Z"));
    assert_eq!(resp.data.error, None);
}
