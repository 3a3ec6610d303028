//! Maintainer commands, run as `cargo xtask <command>`.

mod contract;
mod generate;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  generate           regenerate sdk/src/generated from spec/orchestration-v2.yaml
  generate --check   fail, naming the stale files, if sdk/src/generated is not what generate would write
  test               every check CI runs: generate --check, fmt, clippy, all tests, docs
                     (first installs Stoplight Prism for the contract tests, with npm, if needed)
  contract           only the contract tests against Stoplight Prism (installing it if needed)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["generate"] => generate::run(&workspace_root(), generate::Mode::Write),
        ["generate", "--check"] => generate::run(&workspace_root(), generate::Mode::Check),
        ["test"] => test::run(&workspace_root()),
        ["contract"] => contract::run(&workspace_root()),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}
