//! Parameters beyond one plain value on the wire: objects in `deepObject` and `form` style and
//! arrays joined by a delimiter (`object_params.yaml`), and unions in the path, the query and a
//! header (`union_params.yaml`). Query pairs arrive sorted by name, percent-encoded as
//! `application/x-www-form-urlencoded` (`[` as `%5B`, `,` as `%2C`, space as `+`).

use codegen_wire_tests::object_params_api::models::{Material, Size, Window};
use codegen_wire_tests::union_params_api::models::{GetRunRun, IdOrIds, ListProjectsDirection, NameOrId, SortMode};
use codegen_wire_tests::{object_params_api, union_params_api};
use formance_sdk_runtime::chrono::{TimeZone, Utc};
use formance_sdk_runtime::indexmap::IndexMap;
use formance_sdk_runtime::{Error, RawJsonObject, uuid};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

/// The one request the server received: its path, raw query and headers.
async fn received(server: &MockServer) -> wiremock::Request {
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1, "one request");
    requests.into_iter().next().expect("one request")
}

fn objects(server: &MockServer) -> object_params_api::Client {
    object_params_api::Client::builder().server_url(server.uri()).build().expect("client")
}

fn unions(server: &MockServer) -> union_params_api::Client {
    union_params_api::Client::builder().server_url(server.uri()).build().expect("client")
}

fn map<V: Clone>(entries: &[(&str, V)]) -> IndexMap<String, V> {
    entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

#[tokio::test]
async fn deep_objects_write_one_bracketed_pair_per_entry_nested_objects_nested() {
    let server = server().await;
    let from = Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).single().expect("a date");
    let window = Window::new(from).size(Size::new(3).unit(Material::Steel));
    let attributes: RawJsonObject =
        r#"{"owner":{"team":"ops"},"count":100000000000000000000001,"gone":null}"#.parse().expect("an object");
    objects(&server)
        .list_boxes()
        .labels(map(&[("size", "x l".to_owned()), ("color", "red".to_owned())]))
        .attributes(attributes)
        .window(window)
        .send()
        .await
        .expect("204");
    let request = received(&server).await;
    assert_eq!(
        request.url.query(),
        Some(
            "attributes%5Bcount%5D=100000000000000000000001&attributes%5Bowner%5D%5Bteam%5D=ops\
             &labels%5Bcolor%5D=red&labels%5Bsize%5D=x+l\
             &window%5Bfrom%5D=2024-05-01T08%3A00%3A00Z&window%5Bsize%5D%5Bunit%5D=steel&window%5Bsize%5D%5Bwidth%5D=3"
        )
    );
}

#[tokio::test]
async fn form_objects_exploded_or_joined_and_joined_arrays() {
    let server = server().await;
    objects(&server)
        .list_boxes()
        .size(Size::new(2))
        .weights(map(&[("top", 5i64), ("bottom", 7)]))
        .tags(vec!["a".to_owned(), "b".to_owned()])
        .codes(vec![1, 2])
        .words(vec!["x".to_owned(), "y".to_owned()])
        .x_trace_ids(vec!["t1".to_owned(), "t2".to_owned()])
        .send()
        .await
        .expect("204");
    let request = received(&server).await;
    assert_eq!(request.url.query(), Some("codes=1%7C2&tags=a%2Cb&weights=top%2C5%2Cbottom%2C7&width=2&words=x+y"));
    let trace: Vec<_> = request.headers.get_all("x-trace-ids").iter().collect();
    assert_eq!(trace, ["t1,t2"], "one header, both values");
}

#[tokio::test]
async fn required_objects_and_arrays_are_always_written() {
    let server = server().await;
    objects(&server)
        .list_shelves(map(&[("top", Material::Wood)]), vec![Material::Wood, Material::Steel])
        .send()
        .await
        .expect("204");
    let request = received(&server).await;
    assert_eq!(request.url.query(), Some("filter%5Btop%5D=wood&kinds=wood%2Csteel"));
}

#[tokio::test]
async fn values_a_style_cannot_carry_are_refused_before_sending() {
    let server = server().await;
    let client = objects(&server);
    let refusals = [
        client.list_boxes().labels(map(&[("a]b", "v".to_owned())])).send().await,
        client.list_boxes().tags(vec!["a,b".to_owned()]).send().await,
        client.list_boxes().weights(map(&[("a,b", 1)])).send().await,
        client.list_boxes().attributes(r#"{"list":[1,2]}"#.parse::<RawJsonObject>().expect("an object")).send().await,
        client.list_boxes().x_trace_ids(vec!["a,b".to_owned()]).send().await,
    ];
    for (i, result) in refusals.into_iter().enumerate() {
        assert!(matches!(result, Err(Error::InvalidRequest(_))), "case {i}: {result:?}");
    }
    assert!(server.received_requests().await.expect("recorded").is_empty(), "nothing was sent");
}

#[tokio::test]
async fn union_path_parameters_are_one_segment_of_their_member() {
    let server = server().await;
    let id = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
    let client = unions(&server);
    client.get_run(id, 42).send().await.expect("204");
    client.get_run("my/project", "v1 beta").send().await.expect("204");
    client.get_run(NameOrId::Name("p".to_owned()), GetRunRun::Integer(-1)).send().await.expect("204");
    let paths: Vec<String> =
        server.received_requests().await.expect("recorded").iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(
        paths,
        [
            "/projects/01234567-89ab-cdef-0123-456789abcdef/runs/42",
            "/projects/my%2Fproject/runs/v1%20beta",
            "/projects/p/runs/-1",
        ]
    );
}

#[tokio::test]
async fn union_query_and_header_parameters_follow_their_member_and_style() {
    let server = server().await;
    unions(&server)
        .list_projects()
        .sort_by(SortMode::NameDescending)
        .direction(ListProjectsDirection::Desc)
        .owner("me")
        .id(vec!["a".to_owned(), "b".to_owned()])
        .label(IdOrIds::Array(vec!["x".to_owned(), "y".to_owned()]))
        .x_only("z")
        .send()
        .await
        .expect("204");
    let request = received(&server).await;
    assert_eq!(request.url.query(), Some("direction=desc&id=a&id=b&label=x%2Cy&owner=me&sort_by=name_descending"));
    assert_eq!(request.headers.get("x-only").map(|v| v.as_bytes()), Some(&b"z"[..]));

    let server = self::server().await;
    unions(&server)
        .list_projects()
        .id("one")
        .label("two")
        .x_only(vec!["h1".to_owned(), "h2".to_owned()])
        .send()
        .await
        .expect("204");
    let request = received(&server).await;
    assert_eq!(request.url.query(), Some("id=one&label=two"));
    assert_eq!(request.headers.get("x-only").map(|v| v.as_bytes()), Some(&b"h1,h2"[..]));
}
