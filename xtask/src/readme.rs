//! `cargo xtask readme` (a step of `cargo xtask test`): every Rust block of the READMEs users copy
//! from, built as a user would build it. Each README gets a scratch crate under
//! `target/readme-check/` that depends on exactly what the README's ```` ```toml ```` blocks list
//! (paths taken from the repository's root) and on nothing else: doctests build with the crate's
//! dev-dependencies, which users do not have. Each Rust block is a binary of that crate, made as
//! rustdoc makes a doctest (see `readme/doctest.rs`): `ignore` blocks are skipped, `no_run` blocks
//! compiled, `compile_fail` blocks must fail to compile, and the others are run (`should_panic`
//! ones must panic). A block holding tests (`#[tokio::test]`) is what users put among their tests:
//! it is a test target of the crate, with the test harness and the README's `[dev-dependencies]`
//! besides its `[dependencies]`, and running it runs its tests.
//!
//! The blocks that rustdoc also runs as doctests (a README that is a crate's documentation) are run
//! here again, deliberately: a doctest runs with the dev-dependencies' features unified into the
//! user's crates (serde_json's, say), this run with exactly the features a user gets, and running a
//! binary that is built anyway costs milliseconds.
//!
//! The scratch crates get the workspace's `Cargo.lock` and target directory, so that what the
//! workspace built is reused where the features agree. Errors name the README's line, and the
//! compiler's messages point into the README itself: the program keeps each line of a block on its
//! README line.

mod dependencies;
mod doctest;
pub mod markdown;
mod reexports;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use self::dependencies::{Dependencies, Dependency};
use self::doctest::Expect;
use self::markdown::Block;
use crate::generate::{self, Standalone};

/// A README, or one section of it, whose Rust blocks users copy.
struct Source {
    /// Names the scratch package and its binaries.
    name: &'static str,
    readme: &'static str,
    /// The heading of the section checked; the whole file when `None`.
    section: Option<&'static str>,
    /// A crate generated for the blocks, besides what the README lists.
    generated: Option<Generated>,
    /// A table of re-exported crates and their features, checked against Cargo's resolution.
    reexports: Option<reexports::Table>,
}

/// A crate the generator writes, as the README's `cargo xtask generate --spec ...` command does.
struct Generated {
    crate_name: &'static str,
    /// The fixture spec it is generated from.
    spec: &'static str,
}

const SOURCES: &[Source] = &[
    Source {
        name: "sdk_readme",
        readme: "sdk/README.md",
        section: None,
        generated: None,
        reexports: Some(reexports::Table { heading: "The crates the SDK re-exports", package: "formance-sdk-runtime" }),
    },
    Source { name: "runtime_readme", readme: "sdk/runtime/README.md", section: None, generated: None, reexports: None },
    // Its blocks use the crate its command writes, `acme-client`, generated from a fixture spec.
    Source {
        name: "generating_a_crate",
        readme: "README.md",
        section: Some("Generating a crate"),
        generated: Some(Generated { crate_name: "acme-client", spec: "codegen/tests/fixtures/operations.yaml" }),
        reexports: None,
    },
];

/// How long one block may run: an example that does not end is a fault, not a hang of CI.
const RUN_LIMIT: Duration = Duration::from_secs(60);

pub fn run(root: &Path) -> Result<(), String> {
    let target_dir = crate::cargo::target_dir(root)?;
    let scratch = target_dir.join("readme-check");
    let mut problems = Vec::new();
    for source in SOURCES {
        let started = Instant::now();
        match check(root, &target_dir, &scratch, source) {
            Ok(summary) => println!("{summary} [{:.1?}]", started.elapsed()),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("README examples users cannot copy as they are:\n\n{}", problems.join("\n\n")))
    }
}

/// One README's blocks: built, run, and checked against their attributes. Every fault is reported,
/// not only the first.
fn check(root: &Path, target_dir: &Path, scratch: &Path, source: &Source) -> Result<String, Vec<String>> {
    let label = match source.section {
        Some(section) => format!("{} (section \"{section}\")", source.readme),
        None => source.readme.to_owned(),
    };
    let text = fs::read_to_string(root.join(source.readme))
        .map_err(|e| vec![format!("cannot read {}: {e}", source.readme)])?;
    let document = markdown::parse(&text);
    if let Some(section) = source.section.filter(|section| !document.has_heading(section)) {
        return Err(vec![format!("{}: no heading \"{section}\" (xtask/src/readme.rs names it)", source.readme)]);
    }
    let blocks = document.blocks_under(source.section);
    let mut problems = Vec::new();
    let mut rust = Vec::new();
    for block in &blocks {
        match doctest::classify(&block.info) {
            Ok(Some(Expect::Ignore)) | Ok(None) => {}
            Ok(Some(expect)) => {
                rust.push(Example { block, expect, bin: format!("{}_{}", source.name, block.fence_line) })
            }
            Err(reason) => {
                problems.push(format!("{}:{}: ```{}: {reason}", source.readme, block.fence_line, block.info))
            }
        }
    }
    let ignored = blocks.iter().filter(|b| doctest::classify(&b.info) == Ok(Some(Expect::Ignore))).count();
    if !problems.is_empty() {
        return Err(problems);
    }
    if rust.is_empty() {
        return Ok(format!("{label}: no Rust blocks to check"));
    }
    let mut dependencies = dependencies::read(source.readme, &blocks, root).map_err(|e| vec![e])?;
    let package = scratch.join(source.name);
    if let Some(generated) = &source.generated {
        let out = scratch.join(generated.crate_name);
        let request = Standalone {
            spec: root.join(generated.spec),
            out: out.clone(),
            crate_name: generated.crate_name.to_owned(),
            path_prefix: String::new(),
            env_prefix: None,
            runtime_path: None,
            warnings: generate::Warnings::Deny,
        };
        generate::run_standalone(root, &request).map_err(|e| vec![e])?;
        let spec = format!("{{ path = {:?} }}", out.display().to_string());
        dependencies.listed.retain(|listed| listed.name != generated.crate_name);
        dependencies.listed.push(Dependency { name: generated.crate_name.to_owned(), spec, line: 0 });
        // Its features for the tests (`test-util`), from the generated crate.
        for dev in dependencies.dev.iter_mut().filter(|dev| dev.name == generated.crate_name) {
            dev.spec = dependencies::with_path(&dev.spec, &out.display().to_string());
        }
    }
    write_package(root, &package, source, &dependencies, &rust).map_err(|e| vec![e])?;
    if let Some(table) = &source.reexports {
        let manifest = package.join("Cargo.toml");
        let manifest = manifest.to_str().ok_or_else(|| vec!["a target directory that is not UTF-8".to_owned()])?;
        let metadata = crate::cargo::metadata_with(root, &["--manifest-path", manifest]).map_err(|e| vec![e])?;
        problems.extend(reexports::check(source.readme, &reexports::rows(&text, table.heading), table, &metadata));
    }
    for alternative in &dependencies.alternatives {
        if let Err(e) = resolve_alternative(root, scratch, source, &dependencies, alternative) {
            problems.push(e);
        }
    }
    let build = build(root, target_dir, &package).map_err(|e| vec![e])?;
    let names: Vec<&str> = dependencies.listed.iter().map(|d| d.name.as_str()).collect();
    let mut outcomes = Vec::new();
    for example in &rust {
        let errors: Vec<&Diagnostic> = build.errors.iter().filter(|d| d.target == example.bin).collect();
        let executable = build.executables.iter().find(|(bin, _)| *bin == example.bin).map(|(_, exe)| exe);
        let at = format!("{}:{}: ```{}", source.readme, example.block.fence_line, example.block.info);
        let before = problems.len();
        let mut outcome = "compiled";
        match (&example.expect, executable) {
            (Expect::CompileFail { codes }, None) if !errors.is_empty() => {
                outcome = "does not compile, as it says";
                let missing: Vec<&String> =
                    codes.iter().filter(|code| !errors.iter().any(|e| e.code.as_deref() == Some(code))).collect();
                if !missing.is_empty() {
                    let errors = rendered(&errors, &package, example, source.readme);
                    problems.push(format!("{at}: fails to compile, but without {missing:?}:\n{errors}"));
                }
            }
            (Expect::CompileFail { .. }, Some(_)) => {
                problems.push(format!("{at}: compiles, but the block says it does not"));
            }
            (_, None) if errors.is_empty() => {
                problems.push(format!("{at}: not built (a dependency failed?):\n{}", build.other_errors.join("\n")))
            }
            (_, None) => problems.push(format!(
                "{at}: does not compile with the README's dependencies ({}):\n{}",
                names.join(", "),
                rendered(&errors, &package, example, source.readme)
            )),
            (Expect::Compile, Some(_)) => {}
            (expect, Some(executable)) => {
                outcome = if *expect == Expect::Panic { "compiled, panics as it says" } else { "compiled and ran" };
                let test = doctest::is_test(example.block);
                if let Err(e) = run_example(executable, *expect == Expect::Panic, test, scratch, &example.bin) {
                    problems.push(format!("{at}: {e}"));
                }
            }
        }
        outcomes.push(format!("  {at}: {}", if problems.len() > before { "FAILED" } else { outcome }));
    }
    println!("{}", outcomes.join("\n"));
    if problems.is_empty() {
        let alternatives = match dependencies.alternatives.len() {
            0 => String::new(),
            n => format!("; {n} alternative dependency line(s) resolve"),
        };
        let dev: Vec<&str> = dependencies.dev.iter().map(|d| d.name.as_str()).collect();
        let dev = match dev.is_empty() {
            true => String::new(),
            false => format!(" (and {} for its tests)", dev.join(", ")),
        };
        Ok(format!(
            "{label}: {} Rust block(s) checked with only {} as dependencies{dev} ({ignored} ignored){alternatives}",
            rust.len(),
            names.join(", "),
        ))
    } else {
        Err(problems)
    }
}

/// A Rust block to check, and its binary's name.
struct Example<'a> {
    block: &'a Block,
    expect: Expect,
    bin: String,
}

/// The scratch package: a workspace of its own (so that the repository's does not claim it), the
/// README's dependencies, and a binary per block. Blocks no longer in the README are removed, and
/// unchanged ones left as they are.
fn write_package(
    root: &Path,
    package: &Path,
    source: &Source,
    dependencies: &Dependencies,
    examples: &[Example],
) -> Result<(), String> {
    let blocks_dir = package.join("blocks");
    fs::create_dir_all(&blocks_dir).map_err(|e| format!("cannot create {}: {e}", blocks_dir.display()))?;
    let files: Vec<String> = examples.iter().map(|example| format!("{}.rs", example.bin)).collect();
    for stale in crate::output::list_files(&blocks_dir).into_iter().filter(|file| !files.contains(file)) {
        fs::remove_file(blocks_dir.join(&stale)).map_err(|e| format!("cannot remove {stale}: {e}"))?;
    }
    let mut bins = String::new();
    for example in examples {
        // Left as it is when unchanged, so that cargo does not build it again.
        let file = blocks_dir.join(format!("{}.rs", example.bin));
        let compile_fail = matches!(example.expect, Expect::CompileFail { .. });
        let program = doctest::program(example.block, !compile_fail);
        if fs::read_to_string(&file).ok().as_deref() != Some(program.as_str()) {
            fs::write(&file, program).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        }
        // A test keeps the harness (`harness = true` is cargo's default for `[[test]]`).
        let _ = match doctest::is_test(example.block) {
            true => write!(bins, "\n[[test]]\nname = {:?}\npath = \"blocks/{}.rs\"\n", example.bin, example.bin),
            false => write!(
                bins,
                "\n[[bin]]\nname = {:?}\npath = \"blocks/{}.rs\"\ntest = false\ndoc = false\n",
                example.bin, example.bin
            ),
        };
    }
    let manifest = manifest(source, &dependencies.manifest_lines(None), &dev_lines(dependencies), &bins);
    fs::write(package.join("Cargo.toml"), manifest).map_err(|e| format!("cannot write the scratch manifest: {e}"))?;
    fs::copy(root.join("Cargo.lock"), package.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    Ok(())
}

fn manifest(source: &Source, dependency_lines: &[String], dev_lines: &[String], targets: &str) -> String {
    format!(
        "# Written by `cargo xtask readme`: the Rust blocks of {}, with the dependencies it lists.\n\
         [package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\nautobins = false\n\
         autoexamples = false\nautotests = false\nautobenches = false\n\n[dependencies]\n{}\n\n[dev-dependencies]\n{}\n\
         {targets}\n[workspace]\n\n# As in the repository's Cargo.toml, so that its built dependencies are reused.\n\
         [profile.dev.package.\"*\"]\ndebug = false\n",
        source.readme,
        source.name.replace('_', "-"),
        dependency_lines.join("\n"),
        dev_lines.join("\n"),
    )
}

fn dev_lines(dependencies: &Dependencies) -> Vec<String> {
    dependencies.dev.iter().map(Dependency::toml).collect()
}

/// An alternative dependency line (see `readme/dependencies.rs`) must resolve: its path, version and
/// features are those of a real package. `cargo metadata` resolves without building.
fn resolve_alternative(
    root: &Path,
    scratch: &Path,
    source: &Source,
    dependencies: &Dependencies,
    alternative: &Dependency,
) -> Result<(), String> {
    let package = scratch.join(format!("{}_alternative_{}", source.name, alternative.line));
    let src = package.join("src");
    fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    fs::write(src.join("lib.rs"), "").map_err(|e| format!("cannot write {}: {e}", src.display()))?;
    let lines = dependencies.manifest_lines(Some(alternative));
    fs::write(package.join("Cargo.toml"), manifest(source, &lines, &dev_lines(dependencies), ""))
        .map_err(|e| format!("cannot write the scratch manifest: {e}"))?;
    fs::copy(root.join("Cargo.lock"), package.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    let manifest_path = package.join("Cargo.toml");
    let manifest_path = manifest_path.to_str().ok_or("a target directory that is not UTF-8")?;
    crate::cargo::metadata_with(root, &["--manifest-path", manifest_path])
        .map(|_| ())
        .map_err(|e| format!("{}:{}: `{}` does not resolve: {e}", source.readme, alternative.line, alternative.toml()))
}

/// A compiler error of one binary.
struct Diagnostic {
    target: String,
    code: Option<String>,
    rendered: String,
}

/// What `cargo build --keep-going` made: the errors of each binary, other errors, and the binaries.
struct Build {
    errors: Vec<Diagnostic>,
    other_errors: Vec<String>,
    executables: Vec<(String, PathBuf)>,
}

fn build(root: &Path, target_dir: &Path, package: &Path) -> Result<Build, String> {
    let manifest = package.join("Cargo.toml");
    let manifest = manifest.to_str().ok_or("a target directory that is not UTF-8")?;
    // `--keep-going`: every block is built, whichever fails; `--tests`: the blocks that are tests.
    let args = ["build", "--bins", "--tests", "--keep-going", "--message-format=json", "--manifest-path", manifest];
    println!("$ cargo {}", args.join(" "));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir)
        .current_dir(root)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut build = Build { errors: Vec::new(), other_errors: Vec::new(), executables: Vec::new() };
    let mut finished = false;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else { continue };
        let target = message["target"]["name"].as_str().unwrap_or_default().to_owned();
        match message["reason"].as_str() {
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or_default().to_owned();
                if message["target"]["kind"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|k| k == "bin" || k == "test"))
                {
                    let code = message["message"]["code"]["code"].as_str().map(str::to_owned);
                    build.errors.push(Diagnostic { target, code, rendered });
                } else {
                    build.other_errors.push(format!("{target}: {rendered}"));
                }
            }
            Some("compiler-artifact") => {
                if let Some(executable) = message["executable"].as_str() {
                    build.executables.push((target, PathBuf::from(executable)));
                }
            }
            Some("build-finished") => finished = true,
            _ => {}
        }
    }
    if !finished || (!output.status.success() && build.errors.is_empty() && build.other_errors.is_empty()) {
        return Err(format!("`cargo {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&output.stderr)));
    }
    Ok(build)
}

/// The compiler's messages about a block, pointing at the README: the block's program has the
/// README's line numbers, only its file name differs.
fn rendered(errors: &[&Diagnostic], package: &Path, example: &Example, readme: &str) -> String {
    let relative = format!("blocks/{}.rs", example.bin);
    let absolute = package.join(&relative).display().to_string();
    errors
        .iter()
        .map(|e| e.rendered.trim_end().replace(&absolute, readme).replace(&relative, readme))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs a block's binary, within [`RUN_LIMIT`]: it must exit successfully, or panic if `panics`; a
/// block of tests must run at least one.
fn run_example(executable: &Path, panics: bool, test: bool, scratch: &Path, bin: &str) -> Result<(), String> {
    let log = scratch.join(format!("{bin}.log"));
    let file = fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let stderr = file.try_clone().map_err(|e| format!("cannot share {}: {e}", log.display()))?;
    let mut child = Command::new(executable)
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", executable.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("cannot wait for {bin}: {e}"))? {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {RUN_LIMIT:?}: stopped"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = fs::read_to_string(&log).unwrap_or_default();
    // A panic exits with 101; `should_panic` wants that and nothing else.
    match (panics, status.code()) {
        (false, Some(0)) if test && output.contains("running 0 tests") => {
            Err(format!("a block of tests that runs no test (are they all behind a cfg that is off?):\n{output}"))
        }
        (false, Some(0)) => Ok(()),
        (true, Some(101)) => Ok(()),
        (false, _) => Err(format!("runs, and fails ({status}):\n{output}")),
        (true, _) => Err(format!("should panic, but exits with {status}:\n{output}")),
    }
}
