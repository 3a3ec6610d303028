//! One wiremock test per trigger operation: the exact request sent, and the decoded response.

mod harness;

use formance_orchestration::chrono::{TimeZone, Utc};
use formance_orchestration::{RawJsonObject, models};
use harness::{TWO_POW_200, assert_sent, at, no_content, number, only_request, respond, start};
use serde_json::{Value, json};

fn trigger_json() -> Value {
    json!({
        "id": "trg-1",
        "name": "payout-on-payment",
        "event": "SAVED_PAYMENT",
        "workflowID": "w1",
        "filter": "payment.status == 'SUCCEEDED'",
        "vars": {"paymentID": "payment.id", "amount": "payment.amount"},
        "version": "v2",
        "createdAt": "2024-05-01T10:00:00.5+02:00"
    })
}

#[tokio::test]
async fn list_triggers() {
    let page = json!({"cursor": {
        "pageSize": 15, "hasMore": true, "previous": "p0", "next": "n2",
        "data": [trigger_json(), {"id": "trg-2", "event": "SAVED_ACCOUNT", "workflowID": "w2",
                                  "createdAt": "2024-05-02T00:00:00Z"}]
    }});
    let (server, client) = start(respond(200, page)).await;

    let resp = client.list_triggers().cursor("c1").page_size(15).name("payout-on-payment").send().await.unwrap();

    let req = only_request(&server).await;
    let query = Some("cursor=c1&name=payout-on-payment&pageSize=15");
    assert_sent(&req, "GET", "/api/orchestration/v2/triggers", query, None);
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.cursor.page_size, 15);
    assert!(resp.cursor.has_more);
    assert_eq!(resp.cursor.previous.as_deref(), Some("p0"));
    assert_eq!(resp.cursor.next.as_deref(), Some("n2"));
    assert_eq!(resp.cursor.data.len(), 2);
    let first = &resp.cursor.data[0];
    assert_eq!(first.id, "trg-1");
    assert_eq!(first.workflow_id, "w1");
    assert_eq!(first.event, "SAVED_PAYMENT");
    assert_eq!(first.name.as_deref(), Some("payout-on-payment"));
    assert_eq!(first.filter.as_deref(), Some("payment.status == 'SUCCEEDED'"));
    assert_eq!(first.version.as_deref(), Some("v2"));
    assert_eq!(first.vars.as_ref().unwrap().to_value().unwrap()["paymentID"], "payment.id");
    // 10:00:00.5 at +02:00 is 08:00:00.5 UTC.
    let expected = Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).unwrap()
        + formance_orchestration::chrono::Duration::milliseconds(500);
    assert_eq!(first.created_at, expected);
    let second = &resp.cursor.data[1];
    assert_eq!(second.id, "trg-2");
    assert_eq!((second.name.as_deref(), second.filter.as_deref(), second.vars.as_ref()), (None, None, None));
}

#[tokio::test]
async fn create_trigger() {
    let (server, client) = start(respond(201, json!({"data": trigger_json()}))).await;
    let mut vars = serde_json::Map::new();
    vars.insert("paymentID".into(), json!("payment.id"));
    vars.insert("amount".into(), json!("payment.amount"));
    let body = models::V2TriggerData::new(models::V2TriggerDataRequired { event: "SAVED_PAYMENT", workflow_id: "w1" })
        .filter("payment.status == 'SUCCEEDED'")
        .vars(vars)
        .name("payout-on-payment");

    let resp = client.create_trigger(body).send().await.unwrap();

    let req = only_request(&server).await;
    let expected = json!({
        "event": "SAVED_PAYMENT",
        "workflowID": "w1",
        "filter": "payment.status == 'SUCCEEDED'",
        "vars": {"paymentID": "payment.id", "amount": "payment.amount"},
        "name": "payout-on-payment"
    });
    assert_sent(&req, "POST", "/api/orchestration/v2/triggers", None, Some(&expected));
    assert!(!String::from_utf8_lossy(&req.body).contains("version"), "unset version is omitted");
    assert_eq!(resp.status().as_u16(), 201);
    assert_eq!(resp.data.id, "trg-1");
    assert_eq!(resp.data.workflow_id, "w1");
    assert_eq!(resp.data.version.as_deref(), Some("v2"));
    assert_eq!(resp.data.created_at, at("2024-05-01T08:00:00.5Z"));
}

#[tokio::test]
async fn read_trigger() {
    let (server, client) = start(respond(200, json!({"data": trigger_json()}))).await;

    let resp = client.read_trigger("trg-1").send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "GET", "/api/orchestration/v2/triggers/trg-1", None, None);
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.data.id, "trg-1");
    assert_eq!(resp.data.event, "SAVED_PAYMENT");
    assert_eq!(resp.data.vars.as_ref().unwrap().to_value().unwrap()["amount"], "payment.amount");
}

#[tokio::test]
async fn delete_trigger() {
    let (server, client) = start(no_content()).await;

    let resp = client.delete_trigger("trg-1").send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "DELETE", "/api/orchestration/v2/triggers/trg-1", None, None);
    assert_eq!(resp.status().as_u16(), 204);
    let () = resp.into_inner();
}

#[tokio::test]
async fn test_trigger() {
    let answer = json!({"data": {
        "filter": {"match": true},
        "variables": {
            "paymentID": {"value": "pay-1"},
            "amount": {"error": "payment.amount: no such field"}
        }
    }});
    let (server, client) = start(respond(200, answer)).await;
    let event = json!({"payment": {"id": "pay-1", "status": "SUCCEEDED", "amount": number(TWO_POW_200)}});
    let raw_event: RawJsonObject =
        format!(r#"{{"payment":{{"id":"pay-1","status":"SUCCEEDED","amount":{TWO_POW_200}}}}}"#).parse().unwrap();

    let resp = client.test_trigger("trg-1", raw_event).send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "POST", "/api/orchestration/v2/triggers/trg-1/test", None, Some(&event));
    let raw = String::from_utf8(req.body.clone()).unwrap();
    assert!(raw.contains(&format!("\"amount\":{TWO_POW_200}")), "big number sent with every digit: {raw}");
    assert_eq!(resp.status().as_u16(), 200);
    let filter = resp.data.filter.as_ref().unwrap();
    assert_eq!((filter.r#match, filter.error.as_deref()), (Some(true), None));
    let variables = resp.data.variables.as_ref().unwrap();
    assert_eq!(variables.len(), 2);
    assert_eq!(variables["paymentID"].value.as_deref(), Some("pay-1"));
    assert_eq!(variables["amount"].value, None);
    assert_eq!(variables["amount"].error.as_deref(), Some("payment.amount: no such field"));
}

#[tokio::test]
async fn test_trigger_takes_its_required_event() {
    let (server, client) = start(respond(200, json!({"data": {}}))).await;

    // The body is required (the server answers 500 without one): an argument, even when empty.
    let resp = client.test_trigger("trg-1", "{}".parse().unwrap()).send().await.unwrap();

    let req = only_request(&server).await;
    assert_sent(&req, "POST", "/api/orchestration/v2/triggers/trg-1/test", None, Some(&json!({})));
    assert_eq!(resp.data, models::V2TriggerTest::default());
    assert_eq!((&resp.data.filter, &resp.data.variables), (&None, &None));
}

#[tokio::test]
async fn list_triggers_occurrences() {
    let page = json!({"cursor": {
        "pageSize": 2, "hasMore": false, "previous": "p1",
        "data": [
            {
                "triggerID": "trg-1",
                "date": "2024-05-01T08:00:01Z",
                "event": {"type": "SAVED_PAYMENT", "payload": {"id": "pay-1"}},
                "workflowInstanceID": "instance-1",
                "workflowInstance": {
                    "id": "instance-1", "workflowID": "w1", "terminated": false,
                    "createdAt": "2024-05-01T08:00:01Z", "updatedAt": "2024-05-01T08:00:02Z"
                }
            },
            {
                "triggerID": "trg-1",
                "date": "2024-05-01T09:00:00Z",
                "event": {"type": "SAVED_PAYMENT"},
                "error": "variable amount: no such field"
            }
        ]
    }});
    let (server, client) = start(respond(200, page)).await;

    // A base64 cursor: `+`, `/` and `=` must be escaped to reach the server intact.
    let cursor = "eyJwYWdlU2l6ZSI6Mn0+/=";
    let resp = client.list_triggers_occurrences("trg-1").page_size(2).cursor(cursor).send().await.unwrap();

    let req = only_request(&server).await;
    let path = "/api/orchestration/v2/triggers/trg-1/occurrences";
    assert_sent(&req, "GET", path, Some("cursor=eyJwYWdlU2l6ZSI6Mn0%2B%2F%3D&pageSize=2"), None);
    let sent_cursor = req.url.query_pairs().find(|(k, _)| k == "cursor").map(|(_, v)| v.into_owned());
    assert_eq!(sent_cursor.as_deref(), Some(cursor));
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.cursor.page_size, 2);
    assert!(!resp.cursor.has_more);
    assert_eq!(resp.cursor.next, None);
    let [started, failed] = &resp.cursor.data[..] else { panic!("two occurrences: {:?}", resp.cursor.data) };
    assert_eq!(started.trigger_id, "trg-1");
    assert_eq!(started.date, at("2024-05-01T08:00:01Z"));
    assert_eq!(started.event.to_value().unwrap()["payload"]["id"], "pay-1");
    assert_eq!(started.workflow_instance_id.as_deref(), Some("instance-1"));
    let instance = started.workflow_instance.as_ref().unwrap();
    assert_eq!((instance.id.as_str(), instance.workflow_id.as_str()), ("instance-1", "w1"));
    assert_eq!(instance.updated_at, at("2024-05-01T08:00:02Z"));
    assert_eq!(failed.error.as_deref(), Some("variable amount: no such field"));
    assert!(failed.workflow_instance.is_none());
}
