//! `cargo xtask fixtures`: every fixture spec of `codegen/tests/fixtures` and the project spec,
//! generated as crates of their own (as `cargo xtask generate --spec ... --out ...` writes them) into
//! one temporary workspace, then built and linted together: `cargo build` and `cargo clippy -D
//! warnings`, then their doctests (the README's usage example, each operation's example), with every
//! crate's `test-util` feature (its `testing` module) on. The workspace gets this workspace's `Cargo.lock` and target directory, so that the
//! dependencies already built are reused rather than built again. With them, a sample of the random
//! specs the generator's property test makes (`codegen/tests/random_spec`), from fixed seeds: the
//! property test checks that they generate and parse, this that they build clean.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cargo::cargo;

// Shared with the property test of `codegen`, which drives it with proptest's choices rather than
// seeds (`FromList` is that driver).
#[allow(dead_code)]
#[path = "../../codegen/tests/random_spec/mod.rs"]
mod random_spec;

use crate::generate::{self, SDK_OPTIONS, SPEC, Standalone};

pub fn run(root: &Path) -> Result<(), String> {
    let target_dir = crate::cargo::target_dir(root)?;
    let workspace = target_dir.join("fixtures");
    if workspace.exists() {
        fs::remove_dir_all(&workspace).map_err(|e| format!("cannot clear {}: {e}", workspace.display()))?;
    }
    let mut members = Vec::new();
    for (spec, crate_name, path_prefix) in specs(root, &target_dir)? {
        let dir = crate_name.clone();
        // Some fixtures hold spec mistakes on purpose (their warnings are the codegen tests' business).
        let request = Standalone {
            spec,
            out: workspace.join(&dir),
            crate_name,
            path_prefix,
            env_prefix: None,
            runtime_path: None,
            warnings: generate::Warnings::Print,
        };
        generate::run_standalone(root, &request)?;
        members.push(dir);
    }
    let manifest = format!(
        "# The crates `cargo xtask fixtures` generated, built and linted together.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n# As in the repository's Cargo.toml, so that its built dependencies are reused.\n[profile.dev.package.\"*\"]\ndebug = false\n",
        members.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>().join(", ")
    );
    fs::write(workspace.join("Cargo.toml"), manifest).map_err(|e| format!("cannot write the workspace: {e}"))?;
    fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;

    let manifest_path = workspace.join("Cargo.toml");
    let manifest_path = manifest_path.to_str().ok_or("a target directory that is not UTF-8")?;
    let target = target_dir.to_str().ok_or("a target directory that is not UTF-8")?;
    let env = [("CARGO_TARGET_DIR", target)];
    let features = test_util(&members);
    cargo(root, &["build", "--quiet", "--workspace", "--features", &features, "--manifest-path", manifest_path], &env)?;
    cargo(
        root,
        &[
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--features",
            &features,
            "--manifest-path",
            manifest_path,
            "--",
            "-D",
            "warnings",
        ],
        &env,
    )?;
    // The crate docs' usage example and each operation's example, as the crates' users compile them.
    cargo(
        root,
        &["test", "--quiet", "--doc", "--workspace", "--features", &features, "--manifest-path", manifest_path],
        &env,
    )?;
    println!(
        "{} generated crates build, are clippy-clean and their docs' examples compile, with their test-util feature",
        members.len()
    );
    Ok(())
}

/// `--features` for every crate's `test-util`: `a/test-util,b/test-util`.
fn test_util(members: &[String]) -> String {
    members.iter().map(|member| format!("{member}/test-util")).collect::<Vec<_>>().join(",")
}

/// Each fixture spec (sorted by name) and the project spec, with the crate name and path prefix
/// they are generated with.
fn specs(root: &Path, target_dir: &Path) -> Result<Vec<(PathBuf, String, String)>, String> {
    let mut specs: Vec<(PathBuf, String, String)> = generate::fixture_specs(root)?
        .into_iter()
        .map(|(name, path)| (path, format!("fixture-{}", name.replace('_', "-")), String::new()))
        .collect();
    specs.push((root.join(SPEC), "orchestration-standalone".to_owned(), SDK_OPTIONS.api_prefix.to_owned()));
    let random = target_dir.join("fixture-specs");
    fs::create_dir_all(&random).map_err(|e| format!("cannot create {}: {e}", random.display()))?;
    for seed in random_spec::SEEDS {
        let path = random.join(format!("random_{seed}.yaml"));
        fs::write(&path, random_spec::seeded(seed)).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        specs.push((path, format!("fixture-random-{seed}"), String::new()));
    }
    Ok(specs)
}
