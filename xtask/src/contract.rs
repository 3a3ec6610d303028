//! Stoplight Prism for the contract tests (`sdk/tests/contract.rs`), installed from the lockfile in
//! `tools/contract`; and `cargo xtask contract`, which installs it if needed and runs those tests.

use std::io::ErrorKind;
use std::path::Path;
use std::process::Command;

/// The oldest Node.js that runs the pinned Prism (`engines.node` of tools/contract/package.json).
const MIN_NODE: (u32, u32) = (18, 20);

/// Written next to the installed packages: the lockfile they were installed from.
const STAMP: &str = "node_modules/.xtask-installed-lock.json";

/// `cargo xtask contract`: the contract tests alone.
pub fn run(root: &Path) -> Result<(), String> {
    ensure_prism(root)?;
    crate::cargo::cargo(root, &["test", "--package", "formance-orchestration", "--test", "contract"], &[])
}

/// Installs Prism with `npm ci --ignore-scripts` when it is missing, or was installed from another
/// lockfile than tools/contract/package-lock.json.
pub fn ensure_prism(root: &Path) -> Result<(), String> {
    let dir = root.join("tools").join("contract");
    let binary = dir.join("node_modules").join(".bin").join(if cfg!(windows) { "prism.cmd" } else { "prism" });
    let lock_path = dir.join("package-lock.json");
    let lock = std::fs::read(&lock_path).map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    if binary.exists() && std::fs::read(dir.join(STAMP)).is_ok_and(|stamp| stamp == lock) {
        return Ok(());
    }

    check_node()?;
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let args = ["ci", "--ignore-scripts", "--no-audit", "--no-fund"];
    println!("$ npm {} (in tools/contract: Stoplight Prism for the contract tests)", args.join(" "));
    let status = Command::new(npm).args(args).current_dir(&dir).status().map_err(|e| match e.kind() {
        ErrorKind::NotFound => "npm is not installed: the contract tests need Stoplight Prism, installed with npm. \
             Install npm (it comes with Node.js; some Linux distributions package it apart as `npm`), \
             then run `cargo xtask test` again"
            .to_owned(),
        _ => format!("cannot run npm: {e}"),
    })?;
    if !status.success() {
        return Err(format!(
            "`npm ci --ignore-scripts` in tools/contract failed ({status}); it downloads Stoplight Prism from the \
             npm registry, pinned by tools/contract/package-lock.json"
        ));
    }
    if !binary.exists() {
        return Err(format!("`npm ci` succeeded but {} is missing", binary.display()));
    }
    std::fs::write(dir.join(STAMP), lock).map_err(|e| format!("cannot write tools/contract/{STAMP}: {e}"))
}

fn check_node() -> Result<(), String> {
    let (min_major, min_minor) = MIN_NODE;
    let output = Command::new("node").arg("--version").output().map_err(|e| match e.kind() {
        ErrorKind::NotFound => format!(
            "Node.js is not installed: the contract tests run Stoplight Prism, a Node.js program. \
             Install Node.js >= {min_major}.{min_minor} with npm, then run `cargo xtask test` again"
        ),
        _ => format!("cannot run `node --version`: {e}"),
    })?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let mut parts = version.trim_start_matches('v').split('.').map(|part| part.parse::<u32>().ok());
    if let (Some(Some(major)), Some(Some(minor))) = (parts.next(), parts.next())
        && (major, minor) < MIN_NODE
    {
        return Err(format!(
            "Node.js {version} is too old for Stoplight Prism: install Node.js >= {min_major}.{min_minor} with npm, \
             then run `cargo xtask test` again"
        ));
    }
    Ok(())
}
