//! `cargo xtask examples`: `sdk/examples/quickstart` against the mock (`cargo xtask mock`), once
//! without and once with client credentials, as a user would run it. It must exit with success.
//! (Every example is compiled by `cargo clippy --all-targets`.)

use std::path::Path;
use std::process::Command;

use crate::mock::{Mock, Output, free_port};

/// (what, client id and secret).
const RUNS: &[(&str, Option<(&str, &str)>)] =
    &[("without credentials", None), ("with client credentials", Some(("quickstart-client", "quickstart-secret")))];

pub fn run(root: &Path) -> Result<(), String> {
    crate::contract::ensure_prism(root)?;
    let log = root.join("target").join("mock").join("prism-examples.log");
    std::fs::create_dir_all(root.join("target").join("mock")).map_err(|e| format!("cannot create target/mock: {e}"))?;
    // Dropping the mock kills Prism, also when a run fails.
    let mock = start_mock(root, &log)?;
    println!("mock answering on {}", mock.url());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for (what, credentials) in RUNS {
        let args = ["run", "--quiet", "--package", "formance-orchestration", "--example", "quickstart"];
        println!("$ FORMANCE_SERVER_URL={} cargo {} ({what})", mock.url(), args.join(" "));
        let mut command = Command::new(&cargo);
        // The example reads its configuration with `ClientBuilder::from_env()`: none of ours but these.
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("FORMANCE_") {
                command.env_remove(name);
            }
        }
        command.args(args).current_dir(root).env("FORMANCE_SERVER_URL", mock.url());
        match credentials {
            Some((id, secret)) => command.env("FORMANCE_CLIENT_ID", id).env("FORMANCE_CLIENT_SECRET", secret),
            None => &mut command,
        };
        let status = command.status().map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!(
                "the quickstart example failed against the mock {what} ({status}); Prism's log: {}",
                log.display()
            ));
        }
    }
    Ok(())
}

/// The mock on a free port; another try on another port if someone took that one first.
fn start_mock(root: &Path, log: &Path) -> Result<Mock, String> {
    let mut last = String::new();
    for _ in 0..3 {
        match Mock::start(root, free_port()?, Output::Log(log.to_path_buf())) {
            Ok(mock) => return Ok(mock),
            Err(message) if message.contains("EADDRINUSE") || message.contains("another server answers") => {
                last = message;
            }
            Err(message) => return Err(message),
        }
    }
    Err(last)
}
