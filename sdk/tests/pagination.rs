//! `into_stream()`: every item of every page, one page at a time, and no endless loops (issue 8,
//! item 8: empty pages without end, `max_pages`).

mod harness;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use formance_orchestration::runtime::MAX_EMPTY_PAGES;
use formance_orchestration::{Error, RetryPolicy};
use futures_util::{StreamExt, TryStreamExt};
use harness::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const INSTANCES: &str = "/api/orchestration/v2/instances";

fn instance(id: &str) -> Value {
    json!({"id": id, "workflowID": "w1", "createdAt": "2024-01-01T00:00:00Z",
           "updatedAt": "2024-01-01T00:00:00Z", "terminated": false})
}

fn page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    let mut cursor = json!({"pageSize": 2, "hasMore": next.is_some(), "data": ids.iter().map(|id| instance(id)).collect::<Vec<_>>()});
    if let Some(next) = next {
        cursor["next"] = json!(next);
    }
    ResponseTemplate::new(200).set_body_json(json!({ "cursor": cursor }))
}

/// Answers the list at `route` with `response` for the request carrying `cursor` (or none).
async fn mount_page(server: &MockServer, route: &str, cursor: Option<&str>, response: ResponseTemplate) {
    let mock = Mock::given(method("GET")).and(path(route.to_owned()));
    let mock = match cursor {
        Some(cursor) => mock.and(query_param("cursor", cursor)),
        None => mock.and(query_param_is_missing("cursor")),
    };
    mock.respond_with(response).mount(server).await;
}

#[tokio::test]
async fn three_pages_are_streamed_in_order_with_filters_only_on_the_first_request() {
    let server = MockServer::start().await;
    mount_page(&server, INSTANCES, None, page(&["i1", "i2"], Some("c2"))).await;
    mount_page(&server, INSTANCES, Some("c2"), page(&["i3", "i4"], Some("c3"))).await;
    mount_page(&server, INSTANCES, Some("c3"), page(&["i5"], None)).await;

    let client = builder(&server).build().unwrap();
    let stream = client.list_instances().workflow_id("w1").running(true).page_size(2).into_stream();
    let ids: Vec<String> = stream.map_ok(|i| i.id).try_collect().await.unwrap();
    assert_eq!(ids, ["i1", "i2", "i3", "i4", "i5"]);

    let queries: Vec<String> =
        requests_to(&server, INSTANCES).await.iter().map(|r| r.url.query().unwrap_or_default().to_owned()).collect();
    assert_eq!(queries, ["pageSize=2&running=true&workflowID=w1", "cursor=c2", "cursor=c3"]);
}

#[tokio::test]
async fn pages_are_fetched_only_as_the_stream_is_read() {
    let server = MockServer::start().await;
    mount_page(&server, INSTANCES, None, page(&["i1"], Some("c2"))).await;
    mount_page(&server, INSTANCES, Some("c2"), page(&["i2"], None)).await;

    let client = builder(&server).build().unwrap();
    let mut stream = client.list_instances().into_stream();
    assert_eq!(stream.next().await.unwrap().unwrap().id, "i1");
    assert_eq!(requests_to(&server, INSTANCES).await.len(), 1);
    assert_eq!(stream.next().await.unwrap().unwrap().id, "i2");
    assert!(stream.next().await.is_none());
    assert_eq!(requests_to(&server, INSTANCES).await.len(), 2);
}

#[tokio::test]
async fn path_parameters_are_kept_on_every_page() {
    let server = MockServer::start().await;
    let route = "/api/orchestration/v2/triggers/t%2F1/occurrences";
    let occurrence =
        |id: &str| json!({"triggerID": "t/1", "date": "2024-01-01T00:00:00Z", "event": {}, "workflowInstanceID": id});
    let body = |items: Vec<Value>, next: Option<&str>| json!({"cursor": {"pageSize": 1, "hasMore": next.is_some(), "next": next.unwrap_or_default(), "data": items}});
    mount_page(&server, route, None, ResponseTemplate::new(200).set_body_json(body(vec![occurrence("a")], Some("n"))))
        .await;
    mount_page(&server, route, Some("n"), ResponseTemplate::new(200).set_body_json(body(vec![occurrence("b")], None)))
        .await;

    let client = builder(&server).build().unwrap();
    let items: Vec<_> = client.list_triggers_occurrences("t/1").page_size(1).into_stream().try_collect().await.unwrap();
    let ids: Vec<_> = items.iter().map(|o| o.workflow_instance_id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["a", "b"]);
}

#[tokio::test]
async fn a_server_repeating_its_cursor_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(path(INSTANCES)).respond_with(page(&["same"], Some("loop"))).mount(&server).await;

    let client = builder(&server).build().unwrap();
    let results: Vec<_> =
        tokio::time::timeout(Duration::from_secs(10), client.list_instances().into_stream().collect())
            .await
            .expect("the stream must end");
    let (items, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    assert_eq!(errors.len(), 1);
    assert!(matches!(errors[0], Err(Error::Pagination(_))), "{errors:?}");
    assert_eq!(items.len(), 2, "items of the pages read before the repeat are delivered");
}

/// The error's record is the one of the call that fetched the page at fault: its attempts (here a
/// 503 then the page) and its request id.
#[tokio::test]
async fn a_pagination_error_counts_the_attempts_of_the_page_at_fault() {
    let server = MockServer::start().await;
    mount_page(&server, INSTANCES, None, page(&["i1"], Some("c2"))).await;
    let repeats = page(&["i2"], Some("c2")).insert_header("x-request-id", "req-page-2");
    mount_page(&server, INSTANCES, Some("c2"), repeats).await;
    Mock::given(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;

    let retried = RetryPolicy::default().initial_backoff(Duration::from_millis(1));
    let client = builder(&server).retry(retried).build().unwrap();
    let results: Vec<_> = client.list_instances().into_stream().collect().await;
    assert_eq!(results.len(), 3);
    let Err(err @ Error::Pagination(_)) = &results[2] else { panic!("{results:?}") };
    assert_eq!(err.attempts(), 2, "{err:?}");
    assert_eq!(err.request_id(), Some("req-page-2"));
    assert_eq!(requests_to(&server, INSTANCES).await.len(), 3);
}

#[tokio::test]
async fn more_pages_without_a_cursor_is_an_error_not_a_silent_stop() {
    let server = MockServer::start().await;
    let body = json!({"cursor": {"pageSize": 1, "hasMore": true, "next": "", "data": [instance("i1")]}});
    Mock::given(path(INSTANCES)).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;

    let client = builder(&server).build().unwrap();
    let results: Vec<_> = client.list_instances().into_stream().collect().await;
    assert_eq!(results.len(), 2);
    assert!(matches!(results[1], Err(Error::Pagination(_))));
}

#[tokio::test]
async fn an_error_page_ends_the_stream_with_that_error() {
    let server = MockServer::start().await;
    mount_page(&server, INSTANCES, None, page(&["i1"], Some("c2"))).await;
    let error = json!({"errorCode": "INTERNAL", "errorMessage": "boom"});
    mount_page(&server, INSTANCES, Some("c2"), ResponseTemplate::new(400).set_body_json(error)).await;

    let client = builder(&server).build().unwrap();
    let results: Vec<_> = client.list_instances().into_stream().collect().await;
    assert_eq!(results.len(), 2);
    assert!(matches!(&results[1], Err(Error::Api(e)) if e.status().as_u16() == 400));
}

/// An empty page promising more, with a new cursor every time: the loop a cursor check cannot see.
struct EmptyForever(Arc<AtomicUsize>);

impl Respond for EmptyForever {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        let body = json!({"cursor": {"pageSize": 15, "hasMore": true, "next": format!("c{n}"), "data": []}});
        ResponseTemplate::new(200).set_body_json(body)
    }
}

#[tokio::test]
async fn empty_pages_promising_more_without_end_stop_the_stream() {
    let server = MockServer::start().await;
    Mock::given(path(INSTANCES)).respond_with(EmptyForever(Arc::default())).mount(&server).await;

    let client = builder(&server).build().unwrap();
    let results: Vec<_> = tokio::time::timeout(Duration::from_secs(5), client.list_instances().into_stream().collect())
        .await
        .expect("the stream must end");
    assert_eq!(results.len(), 1);
    let Err(Error::Pagination(e)) = &results[0] else { panic!("{results:?}") };
    assert!(e.to_string().contains("10 empty pages in a row"), "{e}");
    assert_eq!(requests_to(&server, INSTANCES).await.len(), MAX_EMPTY_PAGES as usize);
}

#[tokio::test]
async fn a_few_empty_pages_in_a_row_are_fine() {
    let server = MockServer::start().await;
    mount_page(&server, INSTANCES, None, page(&[], Some("c2"))).await;
    mount_page(&server, INSTANCES, Some("c2"), page(&[], Some("c3"))).await;
    mount_page(&server, INSTANCES, Some("c3"), page(&["i1"], None)).await;
    let client = builder(&server).build().unwrap();
    let ids: Vec<String> = client.list_instances().into_stream().map_ok(|i| i.id).try_collect().await.unwrap();
    assert_eq!(ids, ["i1"]);
}

#[tokio::test]
async fn max_pages_ends_a_longer_list_with_an_error_after_its_items() {
    let server = MockServer::start().await;
    mount_page(&server, INSTANCES, None, page(&["i1"], Some("c2"))).await;
    mount_page(&server, INSTANCES, Some("c2"), page(&["i2"], Some("c3"))).await;
    mount_page(&server, INSTANCES, Some("c3"), page(&["i3"], None)).await;
    let client = builder(&server).build().unwrap();

    let results: Vec<_> = client.list_instances().into_stream().max_pages(2).collect().await;
    assert_eq!(results.len(), 3);
    assert_eq!(results[1].as_ref().unwrap().id, "i2");
    assert!(matches!(&results[2], Err(Error::Pagination(e)) if e.to_string().contains("max_pages (2)")), "{results:?}");
    assert_eq!(requests_to(&server, INSTANCES).await.len(), 2);

    let whole: Vec<_> = client.list_instances().into_stream().max_pages(3).try_collect().await.unwrap();
    assert_eq!(whole.len(), 3, "a list that fits in max_pages ends normally");
}

#[tokio::test]
async fn every_page_carries_the_calls_settings() {
    let server = MockServer::start().await;
    mount_page(&server, INSTANCES, None, page(&["i1"], Some("c2"))).await;
    mount_page(&server, INSTANCES, Some("c2"), page(&["i2"], None)).await;
    let client = builder(&server).build().unwrap();
    let stream = client.list_instances().header("x-tenant", "acme").timeout(Duration::from_secs(5)).into_stream();
    assert!(format!("{stream:?}").contains("v2ListInstances"));
    let items: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(items.len(), 2);
    for request in requests_to(&server, INSTANCES).await {
        assert_eq!(header(&request, "x-tenant"), Some("acme"));
    }
}

/// What a user who depends on the SDK alone has: the stream's own `try_next()` and `try_collect()`.
/// No stream trait is imported here (the module does not see the file's imports).
mod without_futures_util {
    use std::collections::BTreeSet;

    use formance_orchestration::Error;
    use serde_json::json;
    use wiremock::{MockServer, ResponseTemplate};

    use super::harness::builder;
    use super::{INSTANCES, mount_page, page, requests_to};

    #[tokio::test]
    async fn try_next_reads_every_page_in_order_then_none() {
        let server = MockServer::start().await;
        mount_page(&server, INSTANCES, None, page(&["i1", "i2"], Some("c2"))).await;
        mount_page(&server, INSTANCES, Some("c2"), page(&["i3"], None)).await;
        let client = builder(&server).build().unwrap();

        let mut stream = client.list_instances().page_size(2).into_stream();
        let mut ids = Vec::new();
        while let Some(instance) = stream.try_next().await.unwrap() {
            ids.push(instance.id);
        }
        assert_eq!(ids, ["i1", "i2", "i3"]);
        assert!(stream.try_next().await.unwrap().is_none(), "the stream stays over");
        assert_eq!(requests_to(&server, INSTANCES).await.len(), 2);
    }

    #[tokio::test]
    async fn try_next_gives_the_items_before_an_error_then_the_error_then_none() {
        let server = MockServer::start().await;
        mount_page(&server, INSTANCES, None, page(&["i1"], Some("c2"))).await;
        let error = json!({"errorCode": "INTERNAL", "errorMessage": "boom"});
        mount_page(&server, INSTANCES, Some("c2"), ResponseTemplate::new(400).set_body_json(error)).await;
        let client = builder(&server).build().unwrap();

        let mut stream = client.list_instances().into_stream();
        assert_eq!(stream.try_next().await.unwrap().map(|i| i.id).as_deref(), Some("i1"));
        let failure = stream.try_next().await;
        assert!(matches!(&failure, Err(Error::Api(e)) if e.status().as_u16() == 400), "{failure:?}");
        assert!(stream.try_next().await.unwrap().is_none());
    }

    #[tokio::test]
    async fn try_collect_gathers_every_page_into_any_collection() {
        let server = MockServer::start().await;
        mount_page(&server, INSTANCES, None, page(&["i2", "i1"], Some("c2"))).await;
        mount_page(&server, INSTANCES, Some("c2"), page(&["i3"], None)).await;
        let client = builder(&server).build().unwrap();

        let all: Vec<_> = client.list_instances().into_stream().try_collect().await.unwrap();
        assert_eq!(all.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["i2", "i1", "i3"]);
        let ids: BTreeSet<String> = client
            .list_instances()
            .into_stream()
            .try_collect::<Vec<_>>()
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(ids.len(), 3);
    }

    #[tokio::test]
    async fn try_collect_returns_the_first_error_not_a_shorter_list() {
        let server = MockServer::start().await;
        mount_page(&server, INSTANCES, None, page(&["i1"], Some("c2"))).await;
        mount_page(&server, INSTANCES, Some("c2"), page(&["i2"], Some("c3"))).await;
        let client = builder(&server).build().unwrap();

        let cut = client.list_instances().into_stream().max_pages(1).try_collect::<Vec<_>>().await;
        assert!(matches!(&cut, Err(Error::Pagination(e)) if e.to_string().contains("max_pages (1)")), "{cut:?}");
        // The third page is missing: the mock answers 404, an error the whole list must not hide.
        let broken = client.list_instances().into_stream().try_collect::<Vec<_>>().await;
        assert!(broken.is_err(), "{broken:?}");
    }

    #[test]
    fn the_futures_can_be_spawned() {
        fn send<T: Send>(_: &T) {}
        let client = formance_orchestration::Client::builder().build().unwrap();
        let mut stream = client.list_instances().into_stream();
        send(&stream.try_next());
        send(&client.list_instances().into_stream().try_collect::<Vec<_>>());
    }
}
