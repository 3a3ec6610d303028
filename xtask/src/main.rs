//! Maintainer commands, run as `cargo xtask <command>`.

mod api_diff;
mod bench;
mod cargo;
mod compat;
mod contract;
mod corpus;
mod docs;
mod examples;
mod fixtures;
mod generate;
mod mock;
mod msrv;
mod output;
mod package;
mod readme;
mod sdk_options;
mod test;
mod tls;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  generate           regenerate sdk/src/generated from spec/orchestration-v2.yaml, printing the
                     spec's mistakes the generator reads all the same (warnings, with their JSON
                     pointer); with --deny-warnings, fail on one and write nothing
  generate --check   fail, naming the stale files, if sdk/src/generated is not what generate would write
  api-diff OLD NEW   what going from spec OLD to spec NEW changes for users of the SDK, grouped as
                     breaking and additive, and the release it calls for; exits with 2 when
                     something is breaking, 1 when a spec cannot be read or is refused
  generate --spec PATH --out DIR --crate-name NAME [--path-prefix P] [--env-prefix E] [--runtime-path PATH]
           [--deny-warnings]
                     write a crate of its own into DIR (Cargo.toml, src/lib.rs, src/generated/),
                     depending on the runtime at PATH (default: this workspace's sdk/runtime), its
                     from_env() reading variables prefixed with E (default: NAME in upper case);
                     warnings as above
  corpus DIR...      generate every OpenAPI document in DIR (kept outside this repository) as a
                     crate of its own, lint each one and compile its docs' examples; report which
                     are refused, which build
  fixtures           generate every fixture spec and the project spec as crates, build and lint
                     them together, and compile their docs' examples
  compat             the generated code of earlier commits (compat::BASELINES, release tags of the
                     runtime's minor version) builds against today's runtime
  test               every check CI runs, in order: generate --check, msrv, fmt, clippy, tls, readme,
                     all tests, docs, fixtures, compat, package, examples, bench --check (first
                     installs Stoplight Prism with npm, if needed)
  contract           only the contract tests against Stoplight Prism (installing it if needed)
  msrv               fail, naming the culprit, if a crate's rust-version is below what its
                     dependencies or its syntax need
  tls                no OpenSSL in the SDK's default dependency tree; the SDK builds with native-tls
  package            cargo package (verified), then the unpacked .crate's contents and doctests
  docs               the published crates' docs as docs.rs builds them (its features and --cfg
                     docsrs), warnings denied, and the READMEs' links to their own sections
  readme             build (and run) every Rust block of the READMEs users copy, with only the
                     dependencies the README lists
  examples           run the quickstart example against the mock
  mock [--port N]    serve a mock of the API on 127.0.0.1 (port 4010 by default) until Ctrl-C
  bench [--only G,...] [--rounds N]
                     the SDK and the generator against progenitor, one line per figure, also written
                     to target/bench/bench.json (groups G: generate, call_overhead, decode_10k,
                     paginate_memory, sdk_build)
  bench --check      cargo fmt --check and clippy -D warnings on the benchmark (xtask/bench)";

fn main() -> ExitCode {
    // `cargo xtask docs` runs `cargo doc` with this program as its rustdoc.
    if let Some(exit) = docs::wrapped_rustdoc() {
        return exit;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    if let ["api-diff", old, new] = args.as_slice() {
        return api_diff::command(&root, old, new);
    }
    let result = match args.as_slice() {
        ["generate"] => generate::run(&root, generate::Mode::Write, generate::Warnings::Print),
        ["generate", "--check"] => generate::run(&root, generate::Mode::Check, generate::Warnings::Print),
        ["generate", "--deny-warnings"] => generate::run(&root, generate::Mode::Write, generate::Warnings::Deny),
        ["generate", "--check", "--deny-warnings"] | ["generate", "--deny-warnings", "--check"] => {
            generate::run(&root, generate::Mode::Check, generate::Warnings::Deny)
        }
        ["generate", options @ ..] => match generate::Standalone::parse(options) {
            Ok(request) => generate::run_standalone(&root, &request),
            Err(e) => Err(format!("{e}\n\n{USAGE}")),
        },
        ["fixtures"] => fixtures::run(&root),
        ["compat"] => compat::run(&root),
        ["corpus", dirs @ ..] if !dirs.is_empty() => corpus::run(&root, dirs),
        ["test"] => test::run(&root),
        ["contract"] => contract::run(&root),
        ["msrv"] => msrv::run(&root),
        ["tls"] => tls::run(&root),
        ["package"] => package::run(&root),
        ["readme"] => readme::run(&root),
        ["docs"] => docs::run(&root),
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
