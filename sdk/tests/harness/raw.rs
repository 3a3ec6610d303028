//! A raw TCP server on 127.0.0.1 for misbehaviour no HTTP mock allows: bodies that never end or
//! trickle, lying `Content-Length`s, headers without end. It counts requests and the bytes it
//! managed to write, so that tests assert on what the client read rather than on timings alone.

use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// Request line and headers, as sent.
    pub head: String,
    pub body: Vec<u8>,
    /// When the server had read it whole.
    pub at: Instant,
}

impl RawRequest {
    pub fn path(&self) -> &str {
        self.head.split(' ').nth(1).unwrap_or_default()
    }

    pub fn method(&self) -> &str {
        self.head.split(' ').next().unwrap_or_default()
    }

    /// Every value of header `name` (case-insensitive).
    pub fn header_values(&self, name: &str) -> Vec<String> {
        self.head
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .filter(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }
}

/// A connection handed to the test's handler once its request has been read.
pub struct Conn {
    stream: TcpStream,
    written: Arc<AtomicU64>,
    pub request: RawRequest,
}

impl Conn {
    /// Writes `bytes`, counting them; an error means the client went away.
    pub async fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(bytes).await?;
        self.written.fetch_add(bytes.len() as u64, Ordering::SeqCst);
        Ok(())
    }

    /// A whole response with `Connection: close`, and a correct length.
    pub async fn respond(&mut self, status: &str, headers: &[(&str, &str)], body: &[u8]) {
        let mut head = format!("HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n", body.len());
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let _ = self.send(head.as_bytes()).await;
        let _ = self.send(body).await;
    }

    /// Sends `chunk` every `every` until the client goes away or `total` bytes are sent.
    pub async fn trickle(&mut self, chunk: &[u8], every: Duration, total: u64) {
        let mut sent = 0u64;
        while sent < total {
            if self.send(chunk).await.is_err() {
                return;
            }
            sent += chunk.len() as u64;
            if !every.is_zero() {
                tokio::time::sleep(every).await;
            }
        }
    }

    /// Resets the connection (an RST, not a clean close) without answering.
    pub fn reset(self) {
        let _ = self.stream.set_zero_linger();
        drop(self.stream);
    }

    /// Holds the connection open without answering, until the client goes away (or a minute).
    pub async fn hang(&mut self) {
        let mut buf = [0u8; 64];
        let _ = tokio::time::timeout(Duration::from_secs(60), self.stream.read(&mut buf)).await;
    }
}

#[derive(Clone)]
pub struct RawServer {
    pub url: String,
    requests: Arc<AtomicUsize>,
    written: Arc<AtomicU64>,
    seen: Arc<Mutex<Vec<RawRequest>>>,
}

impl RawServer {
    /// Serves every connection with `handler`, one request per connection.
    pub async fn start<F, Fut>(handler: F) -> Self
    where
        F: Fn(Conn) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        Self::start_on(TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1"), handler)
    }

    /// As [`RawServer::start`], on a listener already bound.
    pub fn start_on<F, Fut>(listener: TcpListener, handler: F) -> Self
    where
        F: Fn(Conn) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let server = Self { url, requests: Arc::default(), written: Arc::default(), seen: Arc::default() };
        let handler = Arc::new(handler);
        let shared = server.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (handler, shared) = (handler.clone(), shared.clone());
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut stream).await else { return };
                    shared.requests.fetch_add(1, Ordering::SeqCst);
                    shared.seen.lock().unwrap().push(request.clone());
                    handler(Conn { stream, written: shared.written.clone(), request }).await;
                });
            }
        });
        server
    }

    /// Requests read so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Bytes of responses the server managed to hand to its socket so far.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }

    pub fn seen(&self) -> Vec<RawRequest> {
        self.seen.lock().unwrap().clone()
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<RawRequest> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..end]).into_owned();
    let mut body = data[end + 4..].to_vec();
    let request = RawRequest { head, body: Vec::new(), at: Instant::now() };
    let length: usize = request.header_values("content-length").first().and_then(|v| v.parse().ok()).unwrap_or(0);
    while body.len() < length {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    Some(RawRequest { body, at: Instant::now(), ..request })
}

/// A server that keeps connections open and answers every request on them with `200` and `body`,
/// counting the connections it accepted: to tell clients that share a connection pool from clients
/// that do not.
#[derive(Clone)]
pub struct KeepAliveServer {
    pub url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

impl KeepAliveServer {
    pub async fn start(body: &'static str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let server = Self { url, connections: Arc::default(), requests: Arc::default() };
        let shared = server.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let requests = shared.requests.clone();
                tokio::spawn(async move {
                    while read_request(&mut stream).await.is_some() {
                        requests.fetch_add(1, Ordering::SeqCst);
                        let head = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                            body.len()
                        );
                        if stream.write_all(head.as_bytes()).await.is_err()
                            || stream.write_all(body.as_bytes()).await.is_err()
                        {
                            return;
                        }
                    }
                });
            }
        });
        server
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Requests answered so far, on all connections.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}
