//! Generates progenitor's client for the Orchestration spec into `OUT_DIR`, at build time: it is
//! the peer of the benchmark and is never committed.

use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let spec_path = manifest_dir.join("../../../spec/orchestration-v2.yaml");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    println!("cargo:rerun-if-changed=build.rs");
    let spec = std::fs::read_to_string(&spec_path).unwrap_or_else(|e| panic!("{}: {e}", spec_path.display()));
    let generated =
        bench_progenitor::generate(&spec, bench_progenitor::Style::Builder).unwrap_or_else(|e| panic!("{e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("progenitor_client.rs");
    std::fs::write(&out, generated.source).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
