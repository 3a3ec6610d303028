//! `cargo xtask test`: every check CI runs, in the order that fails fastest.

use std::path::Path;
use std::time::Instant;

use crate::cargo::cargo;
use crate::{bench, compat, contract, docs, examples, fixtures, generate, msrv, package, readme, tls};

pub fn run(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    // The contract tests (part of `cargo test`) and the examples need Stoplight Prism, installed from its lockfile.
    contract::ensure_prism(root)?;
    // The project spec reads without a warning, and stays so.
    generate::run(root, generate::Mode::Check, generate::Warnings::Deny)?;
    report_reference(root);
    timed("msrv", || msrv::run(root))?;
    cargo(root, &["fmt", "--all", "--check"], &[])?;
    // `--all-targets` compiles every example too; with the SDK's `test-util`, its `testing` module
    // and the tests of the mock (`codegen/wire-tests` turns the runtime's on by default). Without
    // it, the SDK and the runtime are linted by the `num-bigint` step below.
    cargo(
        root,
        &[&["clippy", "--workspace", "--all-targets", "--quiet"], &TEST_UTIL[..], &["--", "-D", "warnings"]].concat(),
        &[],
    )?;
    timed("tls", || tls::run(root))?;
    timed("readme", || readme::run(root))?;
    cargo(root, &[&["test", "--workspace"], &TEST_UTIL[..]].concat(), &[])?;
    // The optional `num-bigint` conversions (in the runtime, forwarded by the SDK's feature): linted
    // and tested with the feature on.
    let num_bigint =
        ["--package", "formance-sdk-runtime", "--package", "formance-orchestration", "--features", "num-bigint"];
    cargo(
        root,
        &[&["clippy", "--lib", "--tests", "--quiet"], &num_bigint[..], &["--", "-D", "warnings"]].concat(),
        &[],
    )?;
    cargo(root, &["test", "--lib", "--package", "formance-sdk-runtime", "--features", "num-bigint"], &[])?;
    // Without `test-util` (on by default in `codegen/wire-tests`, and on in every step above): the
    // models users only receive have no constructor (a `compile_fail` doctest of that crate).
    cargo(root, &["test", "--doc", "--quiet", "--package", "codegen-wire-tests", "--no-default-features"], &[])?;
    timed("docs", || docs::run(root))?;
    timed("fixtures", || fixtures::run(root))?;
    // Generated crates depend on the runtime with a caret requirement: code generated earlier must
    // build against today's runtime.
    timed("compat", || compat::run(root))?;
    timed("package", || package::run(root))?;
    timed("examples", || examples::run(root))?;
    // The benchmark is a workspace of its own (progenitor stays out of this one): linted here so that
    // it keeps building as the SDK changes.
    timed("bench check", || bench::check(root))?;
    println!("all checks passed in {:.0?}", started.elapsed());
    Ok(())
}

/// The SDK's `test-util` feature (the runtime's comes with it): the mock's tests, and the README's
/// examples of it among the SDK's doctests.
const TEST_UTIL: [&str; 2] = ["--features", "formance-orchestration/test-util"];

/// Runs one step and says how long it took, so that its cost in CI stays visible.
fn timed(step: &str, run: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    let started = Instant::now();
    let result = run();
    println!("[{step}: {:.1?}]", started.elapsed());
    result
}

/// Says up front whether the tests that need upstream files (the reference spec, the spec's history)
/// will run, since a test's own message is captured by the test harness when it passes.
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
    // The upstream spec's history is not in this repository (its licence forbids copies).
    match std::env::var_os("FORMANCE_STACK_REPO").filter(|dir| !dir.is_empty()) {
        Some(dir) => println!("api_diff_history: reading the upstream spec's history from {}", dir.to_string_lossy()),
        None => println!("api_diff_history: SKIPPED, set FORMANCE_STACK_REPO to a clone of formancehq/stack"),
    }
}
