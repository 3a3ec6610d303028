//! `cargo xtask test`: every check CI runs, in the order that fails fastest.

use std::path::Path;
use std::process::Command;

use crate::{contract, generate};

pub fn run(root: &Path) -> Result<(), String> {
    // The contract tests (part of `cargo test`) need Stoplight Prism, installed from its lockfile.
    contract::ensure_prism(root)?;
    generate::run(root, generate::Mode::Check)?;
    report_reference(root);
    cargo(root, &["fmt", "--all", "--check"], &[])?;
    cargo(root, &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"], &[])?;
    cargo(root, &["test", "--workspace"], &[])?;
    cargo(
        root,
        &["doc", "--package", "formance-orchestration", "--no-deps", "--quiet"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    println!("all checks passed");
    Ok(())
}

pub(crate) fn cargo(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    println!("$ cargo {}", args.join(" "));
    let status = Command::new(cargo)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`cargo {}` failed ({status})", args.join(" "))) }
}

/// Says up front whether the spec-equivalence test will compare against the upstream reference,
/// since the test's own message is captured by the test harness when it passes.
fn report_reference(root: &Path) {
    let dir = match std::env::var_os("FORMANCE_REFERENCE_DIR") {
        Some(dir) if !dir.is_empty() => std::path::PathBuf::from(dir),
        _ => root.join("..").join("shared").join("reference"),
    };
    if dir.join("orchestration-v2.yaml").is_file() {
        println!("spec_matches_reference: comparing spec/orchestration-v2.yaml with {}", dir.display());
    } else {
        println!("spec_matches_reference: SKIPPED, no reference at {} (set FORMANCE_REFERENCE_DIR)", dir.display());
    }
}
