//! `paginate_memory`: the peak heap of streaming a list of 1,000 pages through the SDK against the
//! same list cut at 10 pages, same pages, one fetch per page, from a loopback server. The peak is
//! taken over the same number of fetches in both, the last 10 (a maximum over more fetches would be
//! higher by chance alone), and measured from the start of the stream, so that whatever the stream
//! kept of its first 990 pages counts. A stream that keeps nothing of the pages it has delivered
//! peaks at the same height however long the list: a ratio near 1.0 means flat memory. (progenitor
//! has no cursor streams to compare with.)

use std::sync::Arc;

use bytes::Bytes;
use formance_orchestration::Client;

use crate::alloc;
use crate::data::{self, Json};
use crate::report::{Figure, Unit};
use crate::rounds::{self, Side};
use crate::server::{self, Server};

const LONG: u64 = 1_000;
const SHORT: u64 = 10;
const PAGE_ITEMS: u64 = 50;

/// Page `index` of a list of `total` pages, each holding the same instances; the cursor of the page
/// after it names both.
fn page_body(items: &str, index: u64, total: u64) -> Bytes {
    let has_more = index + 1 < total;
    let next = if has_more { format!(r#","next":"p{}of{total}""#, index + 1) } else { String::new() };
    Bytes::from(format!(r#"{{"cursor":{{"pageSize":{PAGE_ITEMS},"hasMore":{has_more}{next},"data":{items}}}}}"#))
}

/// The page a request asks for: the first of `pages-<total>` lists (named by the `workflowID`
/// filter), or the one its cursor names.
fn requested_page(target: &str) -> (u64, u64) {
    if let Some(cursor) = server::query_param(target, "cursor")
        && let Some((index, total)) = cursor.trim_start_matches('p').split_once("of")
    {
        return (index.parse().unwrap_or(0), total.parse().unwrap_or(1));
    }
    let total = server::query_param(target, "workflowID").and_then(|w| w.strip_prefix("pages-")?.parse().ok());
    (0, total.unwrap_or(1))
}

pub fn figure(rounds: usize) -> Result<Figure, String> {
    let items = Json::List((0..PAGE_ITEMS).map(data::instance).collect());
    let items = String::from_utf8(items.to_vec()).map_err(|e| e.to_string())?;
    let server = Server::start(Arc::new(move |target: &str| {
        let (index, total) = requested_page(target);
        page_body(&items, index, total)
    }));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    let client = Client::builder().server_url(server.base_url()).api_prefix("").build().map_err(|e| e.to_string())?;

    let stream = |pages: u64| -> Result<usize, String> {
        let before = server.requests();
        let (items, peak) = alloc::peak_during(|| {
            runtime.block_on(async {
                let mut stream =
                    client.list_instances().workflow_id(format!("pages-{pages}")).page_size(PAGE_ITEMS).into_stream();
                // The measured window: the last `SHORT` fetches.
                let window_from = (pages - SHORT) * PAGE_ITEMS;
                let mut items = 0u64;
                while let Some(instance) = stream.try_next().await.map_err(|e| e.to_string())? {
                    std::hint::black_box(instance);
                    items += 1;
                    if items == window_from {
                        alloc::restart_peak();
                    }
                }
                Ok::<u64, String>(items)
            })
        });
        let items = items?;
        let fetches = server.requests() - before;
        if items != pages * PAGE_ITEMS || fetches != pages {
            return Err(format!("{pages} pages: {items} items in {fetches} fetches"));
        }
        Ok(peak)
    };
    // Errors are checked here, once, so that the measured sides can stay infallible.
    stream(LONG)?;
    stream(SHORT)?;
    let mut sides: Vec<Side<'_>> = vec![
        Box::new(|| stream(LONG).expect("long stream") as f64),
        Box::new(|| stream(SHORT).expect("short stream") as f64),
    ];
    let measured = rounds::interleave(rounds, &mut sides);
    Ok(Figure::new("paginate_memory", "the same stream cut at 10 pages", Unit::KiB, &measured[0], &measured[1]).note(
        format!(
            "peak heap over the last {SHORT} fetches, streaming {LONG} pages vs {SHORT} pages of {PAGE_ITEMS} \
             instances, one fetch per page"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_their_cursors() {
        assert_eq!(requested_page("/v2/instances?pageSize=50&workflowID=pages-1000"), (0, 1000));
        assert_eq!(requested_page("/v2/instances?cursor=p7of1000"), (7, 1000));
        let last: serde_json::Value = serde_json::from_slice(&page_body("[]", 9, 10)).unwrap();
        assert_eq!(last["cursor"]["hasMore"], false);
        assert!(last["cursor"].get("next").is_none());
        let first: serde_json::Value = serde_json::from_slice(&page_body("[1]", 0, 10)).unwrap();
        assert_eq!(first["cursor"]["next"], "p1of10");
        assert_eq!(first["cursor"]["data"], serde_json::json!([1]));
    }
}
