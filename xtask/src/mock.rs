//! `cargo xtask mock`: a mock of the API for the examples and for trying the SDK without a Formance
//! stack: Stoplight Prism (the one the contract tests pin) serving a spec derived from
//! `spec/orchestration-v2.yaml` so that it accepts what the SDK sends with its defaults:
//! - every path under the gateway prefix the SDK adds (`/api/orchestration`);
//! - no security requirement: Prism would answer 401 to any call without a bearer token;
//! - a token endpoint (the spec's OAuth2 `tokenUrl`, which is the SDK's default token path) that
//!   answers the client-credentials form POST with a token, for clients given credentials.
//!
//! Prism answers with the spec's examples and validates every request against the spec (a 422 with
//! the spec's `V2Error` body when one breaks it).

use std::fs::File;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::generate::{SDK_OPTIONS, SPEC};

/// The prefix a Formance stack's gateway serves the API under: the SDK's generation option, which
/// becomes its `DEFAULT_API_PREFIX`.
pub const GATEWAY_PREFIX: &str = SDK_OPTIONS.api_prefix;
/// Prism's own default port, used by `cargo xtask mock` unless `--port` says otherwise.
pub const DEFAULT_PORT: u16 = 4010;
/// The access token the mock hands out; Prism checks no token, so any value works.
pub const ACCESS_TOKEN: &str = "mock-access-token";
/// How long Prism gets to answer its first request (it usually takes 1 to 2 s).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// `cargo xtask mock [--port N]`: runs until interrupted.
pub fn run(root: &Path, port: u16) -> Result<(), String> {
    crate::contract::ensure_prism(root)?;
    let mut mock = Mock::start(root, port, Output::Inherit)?;
    println!(
        "mock of {SPEC} listening on {url}\n\
         try it: FORMANCE_SERVER_URL={url} cargo run -p formance-orchestration --example quickstart\n\
         (Ctrl-C stops it; Prism's NO_PATH_MATCHED error for `GET /` above is xtask checking that it is up)",
        url = mock.url()
    );
    let status = mock.child.wait().map_err(|e| format!("cannot wait for Prism: {e}"))?;
    Err(format!("Prism exited ({status})"))
}

/// Where Prism's output goes.
pub enum Output {
    /// To our terminal: one line per request, which helps when trying examples by hand.
    Inherit,
    /// To a file, shown when Prism fails to start.
    Log(PathBuf),
}

/// A running Prism. Dropping it kills the process we started (by its id) and reaps it.
#[derive(Debug)]
pub struct Mock {
    child: Child,
    url: String,
    log: Option<PathBuf>,
}

impl Mock {
    /// Writes the mock spec under `target/mock/`, starts Prism on 127.0.0.1:`port` and waits until it
    /// answers.
    pub fn start(root: &Path, port: u16, output: Output) -> Result<Mock, String> {
        let spec_path = root.join(SPEC);
        let spec =
            std::fs::read_to_string(&spec_path).map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
        let mock_spec = derive_mock_spec(&spec)?;
        let dir = root.join("target").join("mock");
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let mock_path = dir.join("orchestration-v2.mock.json");
        let text = serde_json::to_string_pretty(&mock_spec).map_err(|e| e.to_string())?;
        std::fs::write(&mock_path, text).map_err(|e| format!("cannot write {}: {e}", mock_path.display()))?;

        let prism =
            root.join("tools/contract/node_modules/.bin").join(if cfg!(windows) { "prism.cmd" } else { "prism" });
        let mut command = Command::new(&prism);
        command.arg("mock").args(["-h", "127.0.0.1", "-p", &port.to_string()]).arg(&mock_path).stdin(Stdio::null());
        let log = match output {
            Output::Inherit => None,
            Output::Log(path) => {
                let file = File::create(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                let copy = file.try_clone().map_err(|e| format!("cannot share {}: {e}", path.display()))?;
                command.stdout(file).stderr(copy);
                Some(path)
            }
        };
        let child = command.spawn().map_err(|e| format!("cannot start Prism ({}): {e}", prism.display()))?;
        let mut mock = Mock { child, url: format!("http://127.0.0.1:{port}"), log };
        mock.wait_until_ready(port)?;
        Ok(mock)
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    fn wait_until_ready(&mut self, port: u16) -> Result<(), String> {
        let started = Instant::now();
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        loop {
            if let Ok(answer) = get_root(address) {
                // Prism answers `/` with a 404 problem of its own; anything else is another server.
                return if answer.contains("stoplight.io/prism") {
                    Ok(())
                } else {
                    Err(format!("another server answers on {}: {answer}", self.url))
                };
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Prism exited before answering ({status}){}", self.log_tail()));
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                return Err(format!(
                    "Prism did not answer on {} within {STARTUP_TIMEOUT:?}{}",
                    self.url,
                    self.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log_tail(&self) -> String {
        let Some(log) = &self.log else { return String::new() };
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        format!(". Its output ({}):\n{}", log.display(), lines[lines.len().saturating_sub(40)..].join("\n"))
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free port of 127.0.0.1 (another process may still take it before Prism binds it; Prism then
/// fails to start and says so).
pub fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| format!("cannot find a free port: {e}"))?;
    listener.local_addr().map(|address| address.port()).map_err(|e| format!("cannot read the free port: {e}"))
}

/// `GET /` by hand, to tell Prism from another server without an HTTP client in xtask.
fn get_root(address: SocketAddr) -> std::io::Result<String> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(1))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    stream.take(64 * 1024).read_to_string(&mut answer)?;
    Ok(answer)
}

/// The spec as the mock serves it (see the module's documentation).
pub fn derive_mock_spec(spec_yaml: &str) -> Result<Value, String> {
    let mut spec: Value = serde_yaml::from_str(spec_yaml).map_err(|e| format!("{SPEC} is not valid YAML: {e}"))?;
    let token_path = spec
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|schemes| schemes.values())
        .find_map(|scheme| scheme.pointer("/flows/clientCredentials/tokenUrl").and_then(Value::as_str))
        .map(str::to_owned);
    let root = spec.as_object_mut().ok_or_else(|| format!("{SPEC} is not a YAML mapping"))?;
    root.remove("security");

    let paths = match root.remove("paths") {
        Some(Value::Object(paths)) => paths,
        _ => return Err(format!("{SPEC} has no `paths` mapping")),
    };
    let mut mocked = Map::new();
    for (path, mut item) in paths {
        if let Some(item) = item.as_object_mut() {
            for method in HTTP_METHODS {
                if let Some(Value::Object(operation)) = item.get_mut(*method) {
                    operation.remove("security");
                }
            }
        }
        mocked.insert(format!("{GATEWAY_PREFIX}{path}"), item);
    }
    if let Some(token_path) = token_path {
        if !token_path.starts_with('/') {
            return Err(format!("{SPEC}: the mock serves a relative OAuth2 tokenUrl only, found {token_path:?}"));
        }
        mocked.insert(token_path, token_endpoint());
    }
    root.insert("paths".to_owned(), Value::Object(mocked));
    Ok(spec)
}

/// The OAuth2 client-credentials token request and its answer (RFC 6749, section 4.4).
fn token_endpoint() -> Value {
    let text = json!({"type": "string"});
    json!({"post": {
        "operationId": "mockClientCredentialsToken",
        "summary": "Mock token endpoint: a token for any client credentials",
        "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object",
            "required": ["grant_type"],
            "properties": {
                "grant_type": {"type": "string", "enum": ["client_credentials"]},
                "client_id": text, "client_secret": text, "scope": text,
            },
        }}}},
        "responses": {"200": {"description": "An access token.", "content": {"application/json": {
            "schema": {
                "type": "object",
                "required": ["access_token", "token_type"],
                "properties": {"access_token": text, "token_type": text, "expires_in": {"type": "integer"}},
            },
            "example": {"access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 3600},
        }}}},
    }})
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC_YAML: &str = "
openapi: 3.0.3
info: {title: t, version: '1'}
security:
- Authorization: []
paths:
  /v2/things/{id}:
    parameters:
    - {name: id, in: path, required: true, schema: {type: string}}
    get:
      responses: {'200': {description: ok}}
      security:
      - Authorization: [things:read]
components:
  securitySchemes:
    Authorization:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: /auth/token, scopes: {}}
";

    #[test]
    fn paths_move_under_the_gateway_prefix_without_security_and_a_token_endpoint_is_added() {
        let spec = derive_mock_spec(SPEC_YAML).unwrap();
        let paths: Vec<&String> = spec["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, ["/api/orchestration/v2/things/{id}", "/auth/token"]);
        assert!(spec.get("security").is_none());
        let thing = &spec["paths"]["/api/orchestration/v2/things/{id}"];
        assert!(thing["get"].get("security").is_none(), "{thing}");
        assert_eq!(thing["parameters"][0]["name"], "id", "the rest of the path item is kept");
        let token = &spec["paths"]["/auth/token"]["post"];
        assert!(token["requestBody"]["content"]["application/x-www-form-urlencoded"].is_object());
        assert_eq!(token["responses"]["200"]["content"]["application/json"]["example"]["access_token"], ACCESS_TOKEN);
    }

    #[test]
    fn an_absolute_token_url_is_refused_rather_than_served_at_the_wrong_place() {
        let spec = SPEC_YAML.replace("/auth/token", "https://auth.example/token");
        assert!(derive_mock_spec(&spec).unwrap_err().contains("relative OAuth2 tokenUrl"));
    }

    /// The mock serves what the SDK sends with its defaults.
    #[test]
    fn prefix_and_token_path_are_the_sdks_defaults() {
        assert_eq!(GATEWAY_PREFIX, formance_orchestration::DEFAULT_API_PREFIX);
        let spec = std::fs::read_to_string(crate::workspace_root().join(SPEC)).unwrap();
        let mock = derive_mock_spec(&spec).unwrap();
        let token = &mock["paths"][formance_orchestration::DEFAULT_TOKEN_URL]["post"];
        assert_eq!(token["operationId"], "mockClientCredentialsToken", "{}", mock["paths"]);
        assert!(mock["paths"]["/api/orchestration/v2/_info"]["get"].is_object());
    }
}
