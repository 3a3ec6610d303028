//! Maintainer commands, run as `cargo xtask <command>`.

mod bench;
mod contract;
mod examples;
mod generate;
mod mock;
mod msrv;
mod package;
mod test;
mod tls;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  generate           regenerate sdk/src/generated from spec/orchestration-v2.yaml
  generate --check   fail, naming the stale files, if sdk/src/generated is not what generate would write
  test               every check CI runs, in order: generate --check, msrv, fmt, clippy, tls, all tests,
                     docs, package, examples (first installs Stoplight Prism with npm, if needed)
  contract           only the contract tests against Stoplight Prism (installing it if needed)
  msrv               fail, naming the culprit, if a crate's rust-version is below what its
                     dependencies or its syntax need
  tls                no OpenSSL in the SDK's default dependency tree; the SDK builds with native-tls
  package            cargo package (verified), then the unpacked .crate's contents and doctests
  examples           run the quickstart example against the mock
  mock [--port N]    serve a mock of the API on 127.0.0.1 (port 4010 by default) until Ctrl-C
  bench [--only G,...] [--rounds N]
                     the SDK and the generator against progenitor, one line per figure, also written
                     to target/bench/bench.json (groups G: generate, call_overhead, decode_10k,
                     paginate_memory, sdk_build)
  bench --check      cargo fmt --check and clippy -D warnings on the benchmark (xtask/bench)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    let result = match args.as_slice() {
        ["generate"] => generate::run(&root, generate::Mode::Write),
        ["generate", "--check"] => generate::run(&root, generate::Mode::Check),
        ["test"] => test::run(&root),
        ["contract"] => contract::run(&root),
        ["msrv"] => msrv::run(&root),
        ["tls"] => tls::run(&root),
        ["package"] => package::run(&root),
        ["examples"] => examples::run(&root),
        ["mock"] => mock::run(&root, mock::DEFAULT_PORT),
        ["mock", "--port", port] => match port.parse() {
            Ok(port) => mock::run(&root, port),
            Err(_) => Err(format!("--port {port:?}: expected a port number\n\n{USAGE}")),
        },
        ["bench", "--check"] => bench::check(&root),
        ["bench", rest @ ..] => bench::run(&root, rest),
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
