//! A loopback HTTP/1.1 server for the figures that make calls: keep-alive connections, each
//! request answered with the body a responder gives for its target. It answers GET requests
//! without a body, which is all the figures send, and counts them.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Gives the JSON body to answer a request target (`/v2/instances?cursor=...`) with.
pub type Responder = Arc<dyn Fn(&str) -> Bytes + Send + Sync>;

/// A running server; it lives as long as the process (the benchmark is short-lived).
#[derive(Debug)]
pub struct Server {
    pub addr: SocketAddr,
    requests: Arc<AtomicU64>,
}

impl Server {
    /// Starts a server on 127.0.0.1 on a thread of its own, with its own runtime, so that the
    /// client side of a figure has its runtime to itself.
    pub fn start(responder: Responder) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(AtomicU64::new(0));
        let counter = requests.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().expect("server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("tokio listener");
                loop {
                    let Ok((stream, _)) = listener.accept().await else { continue };
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(serve(stream, responder.clone(), counter.clone()));
                }
            });
        });
        Server { addr, requests }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests answered so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}

/// Answers the requests of one connection until the client closes it.
async fn serve(mut stream: TcpStream, responder: Responder, requests: Arc<AtomicU64>) {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let head_end = loop {
            if let Some(end) = find(&buffer, b"\r\n\r\n") {
                break end + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let target = request_target(&buffer[..head_end]).unwrap_or("/").to_owned();
        buffer.drain(..head_end);
        let body = responder(&target);
        requests.fetch_add(1, Ordering::Relaxed);
        let head =
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
        if stream.write_all(head.as_bytes()).await.is_err() || stream.write_all(&body).await.is_err() {
            return;
        }
    }
}

/// The target of a request line: `GET /v2/instances?x=1 HTTP/1.1` gives `/v2/instances?x=1`.
fn request_target(head: &[u8]) -> Option<&str> {
    let line = std::str::from_utf8(head).ok()?.lines().next()?;
    line.split(' ').nth(1)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The value of query parameter `name` in a request target, as sent (the figures send plain ones).
pub fn query_param<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = target.split_once('?')?;
    query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_query_params() {
        assert_eq!(request_target(b"GET /v2/instances?a=1 HTTP/1.1\r\nhost: x\r\n\r\n"), Some("/v2/instances?a=1"));
        assert_eq!(query_param("/v2/instances?pageSize=5&cursor=p3", "cursor"), Some("p3"));
        assert_eq!(query_param("/v2/instances?xcursor=1&cursor=2", "cursor"), Some("2"));
        assert_eq!(query_param("/v2/instances", "cursor"), None);
    }
}
