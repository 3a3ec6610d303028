//! Running cargo from the maintainer commands: a command line echoed then run in the workspace, and
//! the workspace's `cargo metadata`, read once per run of xtask however many steps need it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

/// Runs `cargo <args>` in `root` with `env` added, echoing the command; fails when cargo does.
pub fn cargo(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    println!("$ cargo {}", args.join(" "));
    let status = Command::new(program())
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`cargo {}` failed ({status})", args.join(" "))) }
}

/// `cargo metadata --format-version 1 --all-features` of the workspace at `root`: every package with
/// its dependencies resolved, and the target directory. Run once; later calls get the same value
/// (xtask only ever works on one workspace).
pub fn metadata(root: &Path) -> Result<&'static Value, String> {
    static METADATA: OnceLock<Value> = OnceLock::new();
    if let Some(metadata) = METADATA.get() {
        return Ok(metadata);
    }
    let metadata = metadata_with(root, &["--all-features"])?;
    Ok(METADATA.get_or_init(|| metadata))
}

/// `cargo metadata --format-version 1` with `extra` arguments (another manifest, `--no-deps`...),
/// run each time: for what [`metadata`] does not describe.
pub fn metadata_with(root: &Path, extra: &[&str]) -> Result<Value, String> {
    let mut args = vec!["metadata", "--format-version", "1"];
    args.extend(extra);
    println!("$ cargo {}", args.join(" "));
    let output =
        Command::new(program()).args(args).current_dir(root).output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("`cargo metadata` failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("`cargo metadata` printed no JSON: {e}"))
}

/// The package named `name` in `metadata`.
pub fn package<'a>(metadata: &'a Value, name: &str) -> Result<&'a Value, String> {
    metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|package| package["name"] == name)
        .ok_or_else(|| format!("{name} is not a workspace package"))
}

/// The workspace's target directory, as `cargo metadata` says.
pub fn target_dir(root: &Path) -> Result<PathBuf, String> {
    metadata(root)?["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata: no target_directory".to_owned())
}

/// The cargo that runs xtask, so that the same toolchain builds everything.
fn program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}
