//! The `bodies.yaml` fixture on the wire: binary, streamed, text, form and multipart request bodies
//! (their bytes and `Content-Type`), the media type chosen when several are offered, and success
//! bodies decoded by their media type (with the `Accept` sent for them).

use std::time::Duration;

use codegen_wire_tests::bodies_api::bytes::Bytes;
use codegen_wire_tests::bodies_api::models::{
    Note, TokenRequest, TokenRequestGrantType, UploadFilesForm, UploadFilesFormKind, UploadFilesFormRequired,
};
use codegen_wire_tests::bodies_api::{Client, Error, FilePart, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().server_url(server.uri()).build().expect("client")
}

fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII")).unwrap_or_else(|| panic!("no {name} header"))
}

/// A retry policy that retries at once, POST included.
fn eager() -> RetryPolicy {
    RetryPolicy::default().retry_non_idempotent(true).jitter(false).initial_backoff(Duration::from_millis(1))
}

fn chunks(parts: &[&'static str]) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    futures_util::stream::iter(parts.iter().map(|p| Ok(Bytes::from_static(p.as_bytes()))).collect::<Vec<_>>())
}

// --- binary request bodies --------------------------------------------------------------------

#[tokio::test]
async fn bytes_go_as_given_with_the_spec_media_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"offset": 42})))
        .mount(&server)
        .await;
    let body: &[u8] = b"\x00\x01\xfe\xff raw";
    let chunk = client(&server).upload_chunk("f 1", body.to_vec()).send().await.expect("stored");
    assert_eq!(chunk.offset, 42);
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[0].url.path(), "/files/f%201/chunks");
    assert_eq!(header(&requests[0], "content-type"), "application/octet-stream");
    assert_eq!(header(&requests[0], "content-length"), body.len().to_string());
    assert_eq!(requests[0].body, body);
}

#[tokio::test]
async fn a_wildcard_body_is_sent_as_octet_stream_and_retries_send_the_same_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    client(&server).replace_file("a").body("new content").retry(eager()).send().await.expect("replaced on retry");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(header(request, "content-type"), "application/octet-stream");
        assert_eq!(request.body, b"new content");
    }
}

#[tokio::test]
async fn a_streamed_body_is_sent_whole_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"offset": 0})))
        .mount(&server)
        .await;
    // The body is required: a stream replaces the bytes the method takes.
    let call = client(&server).upload_chunk("f", Bytes::new()).body_stream(chunks(&["first,", "second,", "third"]));
    call.send().await.expect("stored");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(header(&requests[0], "content-type"), "application/octet-stream");
    assert_eq!(requests[0].body, b"first,second,third");
}

#[tokio::test]
async fn a_streamed_body_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let err = client(&server).replace_file("a").body_stream(chunks(&["once"])).retry(eager()).send().await;
    match err {
        Err(Error::UnexpectedStatus(e)) => assert_eq!(e.status().as_u16(), 503),
        other => panic!("expected the 503, unretried: {other:?}"),
    }
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

#[tokio::test]
async fn a_streamed_body_is_not_resent_after_a_401_but_the_next_call_gets_a_fresh_token() {
    let server = MockServer::start().await;
    Mock::given(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "tok", "token_type": "Bearer", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/files/a")).respond_with(ResponseTemplate::new(401)).up_to_n_times(1).mount(&server).await;
    Mock::given(path("/files/a")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder()
        .server_url(server.uri())
        .client_credentials("id", "secret")
        .token_url(format!("{}/token", server.uri()))
        .build()
        .expect("client");

    let err = client.replace_file("a").body_stream(chunks(&["x"])).send().await;
    assert!(matches!(&err, Err(Error::UnexpectedStatus(e)) if e.status().as_u16() == 401), "{err:?}");
    let requests = server.received_requests().await.expect("recorded");
    let api_calls = |requests: &[Request]| requests.iter().filter(|r| r.url.path() == "/files/a").count();
    let token_calls = |requests: &[Request]| requests.iter().filter(|r| r.url.path() == "/token").count();
    assert_eq!((api_calls(&requests), token_calls(&requests)), (1, 1), "no resend, no second token");

    client.replace_file("a").body_stream(chunks(&["y"])).send().await.expect("a fresh token");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!((api_calls(&requests), token_calls(&requests)), (2, 2));
}

#[tokio::test]
async fn bytes_are_resent_after_a_401_with_a_fresh_token() {
    let server = MockServer::start().await;
    Mock::given(path("/token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "tok", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/files/a")).respond_with(ResponseTemplate::new(401)).up_to_n_times(1).mount(&server).await;
    Mock::given(path("/files/a")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder()
        .server_url(server.uri())
        .client_credentials("id", "secret")
        .token_url(format!("{}/token", server.uri()))
        .build()
        .expect("client");
    client.replace_file("a").body("x").send().await.expect("resent");
    let requests = server.received_requests().await.expect("recorded");
    let resent: Vec<&Request> = requests.iter().filter(|r| r.url.path() == "/files/a").collect();
    assert_eq!(resent.len(), 2);
    assert!(resent.iter().all(|r| r.body == b"x"));
}

#[tokio::test]
async fn a_streamed_body_follows_no_redirect() {
    let server = MockServer::start().await;
    Mock::given(path("/files/a"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/files/b"))
        .mount(&server)
        .await;
    Mock::given(path("/files/b")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let err = client(&server).replace_file("a").body_stream(chunks(&["x"])).send().await;
    assert!(matches!(&err, Err(Error::Redirect(e)) if e.status().as_u16() == 307), "{err:?}");
    // The same call with bytes follows it.
    client(&server).replace_file("a").body("x").send().await.expect("redirected");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.iter().filter(|r| r.url.path() == "/files/b").count(), 1);
}

#[tokio::test]
async fn a_stream_is_sent_once_even_by_a_clone_of_the_call() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let call = client(&server).replace_file("a").body_stream(chunks(&["x"]));
    let again = call.clone();
    call.send().await.expect("sent");
    let err = again.send().await;
    assert!(matches!(&err, Err(Error::InvalidRequest(e)) if e.message().contains("sent once")), "{err:?}");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

#[tokio::test]
async fn an_error_chunk_ends_the_call_with_a_transport_error() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let failing = futures_util::stream::iter(vec![
        Ok(Bytes::from_static(b"partial")),
        Err(std::io::Error::other("the disk went away")),
    ]);
    let err = client(&server).replace_file("a").body_stream(failing).send().await;
    assert!(matches!(err, Err(Error::Transport(_))), "{err:?}");
}

// --- binary and text responses ----------------------------------------------------------------

#[tokio::test]
async fn binary_responses_are_the_bytes_received_and_ask_for_their_media_type() {
    let server = MockServer::start().await;
    let content: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff";
    Mock::given(path("/files/x"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(content.to_vec(), "application/octet-stream"))
        .mount(&server)
        .await;
    Mock::given(path("/stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"any".to_vec(), "text/html"))
        .mount(&server)
        .await;
    let file = client(&server).download_file("x").send().await.expect("downloaded");
    assert_eq!(&file[..], content);
    let any = client(&server).read_stream().send().await.expect("read");
    assert_eq!(&any[..], b"any");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(header(&requests[0], "accept"), "application/octet-stream", "the first of the media types offered");
    assert_eq!(header(&requests[1], "accept"), "*/*");
}

#[tokio::test]
async fn binary_responses_are_bounded_like_any_body() {
    let server = MockServer::start().await;
    Mock::given(path("/files/x"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![7u8; 4096], "application/octet-stream"))
        .mount(&server)
        .await;
    let small = Client::builder().server_url(server.uri()).max_response_bytes(1024).build().expect("client");
    let err = small.download_file("x").send().await;
    assert!(matches!(err, Err(Error::ResponseTooLarge(_))), "{err:?}");
}

#[tokio::test]
async fn text_goes_and_comes_as_utf8() {
    let server = MockServer::start().await;
    Mock::given(path("/name"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("Zoë ✓".as_bytes().to_vec(), "text/plain; charset=utf-8"))
        .mount(&server)
        .await;
    let stored = client(&server).set_name("Zoë ✓").send().await.expect("stored");
    assert_eq!(stored.as_str(), "Zoë ✓");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(header(&requests[0], "content-type"), "text/plain");
    assert_eq!(header(&requests[0], "accept"), "text/plain");
    assert_eq!(requests[0].body, "Zoë ✓".as_bytes());
}

#[tokio::test]
async fn text_that_is_not_utf8_is_a_decode_error_keeping_the_bytes() {
    let server = MockServer::start().await;
    Mock::given(path("/name"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"caf\xe9".to_vec(), "text/plain"))
        .mount(&server)
        .await;
    let err = client(&server).set_name("x").send().await;
    match err {
        Err(Error::Decode(e)) => assert_eq!(&e.body()[..], b"caf\xe9"),
        other => panic!("expected a decode error: {other:?}"),
    }
}

// --- JSON among other media types -------------------------------------------------------------

#[tokio::test]
async fn json_is_chosen_first_and_json_media_types_are_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"text":"b","pinned":true}"#, "application/problem+json"),
        )
        .mount(&server)
        .await;
    let note = Note::new("a");
    client(&server).add_note(note.clone()).send().await.expect("added");
    let patched = client(&server).patch_note(note).send().await.expect("patched");
    assert_eq!(patched.pinned, Some(true));
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(header(&requests[0], "content-type"), "application/json");
    assert_eq!(requests[0].body, br#"{"text":"a"}"#);
    assert_eq!(header(&requests[1], "content-type"), "application/merge-patch+json");
    assert_eq!(header(&requests[1], "accept"), "application/problem+json");
    assert_eq!(requests[1].body, br#"{"text":"a"}"#);
}

// --- forms ------------------------------------------------------------------------------------

#[tokio::test]
async fn a_form_body_is_url_encoded_in_field_order() {
    let server = MockServer::start().await;
    Mock::given(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "t"})))
        .mount(&server)
        .await;
    let form = TokenRequest::new(TokenRequestGrantType::ClientCredentials)
        .client_id("a b&c")
        .scope(vec!["read".into(), "write/all".into()]);
    let token = client(&server).request_token(form).send().await.expect("a token");
    assert_eq!(token.access_token, "t");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(header(&requests[0], "content-type"), "application/x-www-form-urlencoded");
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "grant_type=client_credentials&client_id=a+b%26c&scope=read&scope=write%2Fall"
    );
}

#[tokio::test]
async fn a_multipart_body_has_one_part_per_field_and_item() {
    let server = MockServer::start().await;
    Mock::given(path("/uploads")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let file = FilePart::new(&b"id,amount\n1,100\n"[..]).with_filename("ledger.csv").with_content_type("text/csv");
    let form = UploadFilesForm::new(UploadFilesFormRequired { file, kind: UploadFilesFormKind::Ledger })
        .attachments(vec![FilePart::new(&b"\x00\xff"[..])])
        .description("March \"final\"")
        .tags(vec!["a".into(), "b".into()])
        .meta(Note::new("n").pinned(false));
    client(&server).upload_files(form).send().await.expect("uploaded");
    let requests = server.received_requests().await.expect("recorded");
    let content_type = header(&requests[0], "content-type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("a multipart content type");
    let part = |headers: &str, content: &[u8]| {
        [format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes(), content, b"\r\n"].concat()
    };
    let expected = [
        part("Content-Disposition: form-data; name=\"file\"; filename=\"ledger.csv\"\r\nContent-Type: text/csv", b"id,amount\n1,100\n"),
        part(
            "Content-Disposition: form-data; name=\"attachments\"; filename=\"attachments\"\r\nContent-Type: application/octet-stream",
            b"\x00\xff",
        ),
        part("Content-Disposition: form-data; name=\"kind\"", b"ledger"),
        part("Content-Disposition: form-data; name=\"description\"", b"March \"final\""),
        part("Content-Disposition: form-data; name=\"tags\"", b"a"),
        part("Content-Disposition: form-data; name=\"tags\"", b"b"),
        part("Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json", br#"{"text":"n","pinned":false}"#),
        format!("--{boundary}--\r\n").into_bytes(),
    ]
    .concat();
    assert_eq!(String::from_utf8_lossy(&requests[0].body), String::from_utf8_lossy(&expected));
    assert_eq!(requests[0].body, expected);
}
