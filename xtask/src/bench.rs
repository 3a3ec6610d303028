//! `cargo xtask bench`: builds the benchmark (`xtask/bench`, a workspace of its own so that the main
//! workspace never builds progenitor) in release and runs it: one line per figure, the same as JSON
//! under `target/bench/`. `cargo xtask bench --check` lints and format-checks it instead.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::cargo::cargo;

/// The benchmark's workspace, relative to the repository root.
const MANIFEST: &str = "xtask/bench/Cargo.toml";
/// Its builds, apart from the main workspace's so that neither invalidates the other.
const TARGET_DIR: &str = "target/bench-build";

/// Builds the benchmark and runs every figure; `args` go to the benchmark (`--only generate,...`,
/// `--rounds N`).
pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let started = Instant::now();
    cargo(root, &["build", "--release", "--quiet", "--manifest-path", MANIFEST, "--target-dir", TARGET_DIR], &[])?;
    println!("[bench build: {:.1}s]", started.elapsed().as_secs_f64());
    let binary = root.join(TARGET_DIR).join("release").join(format!("formance-bench{}", std::env::consts::EXE_SUFFIX));
    let status = Command::new(&binary)
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(root.join("target").join("bench"))
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    println!("[bench: {:.0}s with the build]", started.elapsed().as_secs_f64());
    if status.success() { Ok(()) } else { Err(format!("the benchmark failed ({status})")) }
}

/// `cargo fmt --check` of the benchmark's crates: cheap (no build), so `cargo xtask test` can run it.
pub fn check_fmt(root: &Path) -> Result<(), String> {
    cargo(root, &["fmt", "--all", "--check", "--manifest-path", MANIFEST], &[])
}

/// The format check, then clippy with warnings denied on every target of the benchmark's crates
/// (which builds progenitor: minutes when cold).
pub fn check(root: &Path) -> Result<(), String> {
    check_fmt(root)?;
    let clippy = ["clippy", "--workspace", "--all-targets", "--quiet", "--manifest-path", MANIFEST];
    cargo(root, &[&clippy[..], &["--target-dir", TARGET_DIR, "--", "-D", "warnings"]].concat(), &[])
}
