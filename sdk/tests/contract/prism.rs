//! Stoplight Prism as a child process: the mock server that validates every request against the
//! spec (422 with an `sl-violations` header when one breaks it) and answers from the spec.
//!
//! Prism is installed from `tools/contract/package-lock.json` by `cargo xtask test`, or by hand with
//! `npm ci --ignore-scripts --prefix tools/contract`. The tests fail, never skip, when it is missing.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long Prism gets to answer its first request (it usually takes about 1.5 s).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// The oldest Node.js that runs Prism 5.14 (`engines.node` of tools/contract/package.json).
const MIN_NODE: (u32, u32) = (18, 20);

const INSTALL_HINT: &str = "run `cargo xtask test` (it installs Prism from tools/contract/package-lock.json) \
     or `npm ci --ignore-scripts --prefix tools/contract`, then run the tests again";

/// How Prism makes up its responses.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    /// The spec's examples (or, where there are none, values Prism derives from the schema).
    Static,
    /// Values generated from the schemas (`-d`), reproducibly for a given seed.
    Dynamic { seed: u32 },
}

impl Mode {
    pub fn label(self) -> String {
        match self {
            Self::Static => "static".to_owned(),
            Self::Dynamic { seed } => format!("dynamic, seed {seed}"),
        }
    }
}

/// Why Prism did not come up.
enum Startup {
    /// Someone else has the port: worth another try on another port.
    PortTaken(String),
    Failed(String),
}

/// A running Prism. Dropping it kills the process (by the id of the child we started) and waits
/// for it, also when the test panics.
#[derive(Debug)]
pub struct Prism {
    child: Child,
    url: String,
    log: PathBuf,
    mode: Mode,
}

pub fn workspace_root() -> PathBuf {
    let sdk = Path::new(env!("CARGO_MANIFEST_DIR"));
    sdk.parent().unwrap_or(sdk).to_path_buf()
}

pub fn spec_path() -> PathBuf {
    workspace_root().join("spec").join("orchestration-v2.yaml")
}

impl Prism {
    /// Starts Prism on a free port of 127.0.0.1 with the project's spec, and waits until it answers.
    /// Panics, saying what to install, when Node.js or Prism is missing.
    pub async fn start(mode: Mode) -> Prism {
        let binary = match installed_prism() {
            Ok(binary) => binary.clone(),
            Err(message) => panic!("{message}"),
        };
        // A free port can be taken between our probe and Prism's bind; try again with another one.
        let started = Instant::now();
        let mut taken = String::new();
        for _ in 0..3 {
            let mut prism = spawn(&binary, mode);
            match prism.wait_until_ready().await {
                Ok(()) => {
                    println!("[Prism {}] answering on {} after {:.2?}", mode.label(), prism.url, started.elapsed());
                    return prism;
                }
                Err(Startup::PortTaken(message)) => taken = message,
                Err(Startup::Failed(message)) => panic!("{message}"),
            }
        }
        panic!("{taken}")
    }

    /// The server URL to give the SDK (with `api_prefix("")`: Prism serves the spec's paths as they are).
    pub fn url(&self) -> &str {
        &self.url
    }

    async fn wait_until_ready(&mut self) -> Result<(), Startup> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .map_err(|e| Startup::Failed(format!("cannot build an HTTP client: {e}")))?;
        let started = Instant::now();
        loop {
            if let Ok(response) = http.get(format!("{}/", self.url)).send().await {
                // Prism answers `/` with a 404 problem of its own; anything else is another server.
                let body = response.text().await.unwrap_or_default();
                if body.contains("stoplight.io/prism") {
                    return Ok(());
                }
                return Err(Startup::PortTaken(format!("another server answers on {}: {body}", self.url)));
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = self.log_tail();
                let message =
                    format!("Prism ({}) exited before answering ({status}). Its output:\n{log}", self.mode.label());
                return Err(if log.contains("EADDRINUSE") {
                    Startup::PortTaken(message)
                } else {
                    Startup::Failed(message)
                });
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                return Err(Startup::Failed(format!(
                    "Prism ({}) did not answer on {} within {STARTUP_TIMEOUT:?}. Its output:\n{}",
                    self.mode.label(),
                    self.url,
                    self.log_tail()
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The last lines Prism printed.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Kill the one process we started, by its id, and reap it.
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("Prism ({}) output kept in {}", self.mode.label(), self.log.display());
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

fn spawn(binary: &Path, mode: Mode) -> Prism {
    let port = free_port();
    let log = std::env::temp_dir().join(format!(
        "formance-contract-prism-{}-{port}-{}.log",
        std::process::id(),
        SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default()
    ));
    let out = File::create(&log).unwrap_or_else(|e| panic!("cannot create the Prism log {}: {e}", log.display()));
    let err = out.try_clone().unwrap_or_else(|e| panic!("cannot share the Prism log {}: {e}", log.display()));

    // The binary itself, not npx: the id we hold is the server's.
    let mut command = Command::new(binary);
    // `-v warn`: the log keeps violations and failures, not a line per request.
    command.arg("mock").args(["-h", "127.0.0.1", "-p", &port.to_string(), "-v", "warn"]);
    if let Mode::Dynamic { seed } = mode {
        command.args(["-d", "--seed", &seed.to_string()]);
    }
    command.arg(spec_path()).stdin(Stdio::null()).stdout(out).stderr(err);
    let child =
        command.spawn().unwrap_or_else(|e| panic!("cannot start Prism ({}): {e}. {INSTALL_HINT}", binary.display()));
    Prism { child, url: format!("http://127.0.0.1:{port}"), log, mode }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("cannot find a free port: {e}"));
    listener.local_addr().unwrap_or_else(|e| panic!("cannot read the probed port: {e}")).port()
}

/// The Prism binary, once Node.js and the pinned Prism are known to be there; or what to do.
fn installed_prism() -> Result<&'static PathBuf, &'static String> {
    static CHECKED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    CHECKED.get_or_init(check_installation).as_ref()
}

fn check_installation() -> Result<PathBuf, String> {
    let tools = workspace_root().join("tools").join("contract");

    let node = Command::new("node").arg("--version").output().map_err(|e| {
        format!(
            "the contract tests need Node.js, which is not installed (running `node --version` failed: {e}). \
             Install Node.js >= {}.{} with npm, then {INSTALL_HINT}",
            MIN_NODE.0, MIN_NODE.1
        )
    })?;
    let version = String::from_utf8_lossy(&node.stdout).trim().to_owned();
    if let Some(found) = parse_node_version(&version)
        && found < MIN_NODE
    {
        return Err(format!(
            "the contract tests need Node.js >= {}.{} to run Stoplight Prism; found {version}. \
             Install a newer Node.js with npm, then {INSTALL_HINT}",
            MIN_NODE.0, MIN_NODE.1
        ));
    }

    let binary = tools.join("node_modules").join(".bin").join(if cfg!(windows) { "prism.cmd" } else { "prism" });
    if !binary.exists() {
        return Err(format!("Stoplight Prism is not installed ({} is missing): {INSTALL_HINT}", binary.display()));
    }

    // A stale install (the lockfile moved on since `npm ci`) would test against another Prism.
    let pinned = package_version(&tools.join("package.json"), "dependencies")?;
    let installed = package_version(&tools.join("node_modules/@stoplight/prism-cli/package.json"), "")?;
    if pinned != installed {
        return Err(format!(
            "tools/contract/node_modules holds @stoplight/prism-cli {installed}, but tools/contract/package.json \
             pins {pinned}: {INSTALL_HINT}"
        ));
    }
    Ok(binary)
}

/// `v20.20.2` -> `(20, 20)`.
fn parse_node_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim_start_matches('v').split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// The version of `@stoplight/prism-cli`: under `dependencies` of our package.json, or the
/// `version` of Prism's own package.json (`section == ""`).
fn package_version(path: &Path, section: &str) -> Result<String, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}. {INSTALL_HINT}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}. {INSTALL_HINT}", path.display()))?;
    let version = if section.is_empty() { json.get("version") } else { json[section].get("@stoplight/prism-cli") };
    version
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("{} names no version of @stoplight/prism-cli", path.display()))
}
