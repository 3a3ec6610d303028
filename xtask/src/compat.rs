//! `cargo xtask compat` (a step of `cargo xtask test`): the generated code of earlier commits builds
//! against today's runtime, as long as the runtime they were written for is semver-compatible with
//! today's.
//!
//! Generated crates depend on the runtime with a caret requirement (`"0.1.0"`: 0.1.0 or any later
//! 0.1.x), so that two of them share one runtime: Cargo then builds a crate generated for 0.1.0
//! against the newest 0.1.x any other crate of the tree asks for. What generated code calls in the
//! runtime, `#[doc(hidden)]` plumbing included, must therefore keep compiling within a minor version
//! (before 1.0; a major one after). There is no earlier release to build against (0.1.0 is the
//! first), so the generated code committed at [`BASELINES`], and at every release tag of the
//! runtime's current minor version (`v0.1.*`), is what a user's older generated crate stands for:
//! it is checked out of git, unchanged, and type-checked against the runtime of the working tree,
//! its `test-util` code (the mock's rules) included. A baseline whose runtime version today's does
//! not match (a minor bump since) is retired, and says so.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use semver::{Version, VersionReq};

use crate::cargo::cargo;
use crate::generate::{OUTPUT, RUNTIME, WIRE_OUTPUT};

/// Commits whose generated code today's runtime must build, besides the release tags, with why.
/// Until the first release is published, a change of the runtime that breaks them may move this to a
/// later commit instead of bumping the minor version; from then on, only a minor bump retires one.
pub const BASELINES: &[(&str, &str)] = &[(
    "449c2b66082257c31fd32f70eb83428b5d2cd4a4",
    "main when generated crates moved to a caret requirement on the runtime (0.1.0 is not published yet)",
)];

/// Where generated code is committed: the SDK's module and the fixtures' modules (every construct the
/// generator emits), each a module tree of its own.
const GENERATED: &[(&str, &str)] = &[("sdk", OUTPUT), ("fixtures", WIRE_OUTPUT)];

pub fn run(root: &Path) -> Result<(), String> {
    let today = runtime_version(&read(&root.join(RUNTIME).join("Cargo.toml"))?)?;
    let tags = match git(root, &["tag", "--list", &format!("*v{}.{}.*", today.major, today.minor)]) {
        Ok(tags) => tags,
        Err(e) => {
            println!("compat: SKIPPED, the generated code of earlier commits cannot be read ({e})");
            return Ok(());
        }
    };
    let mut baselines: Vec<(String, String)> =
        BASELINES.iter().map(|(commit, why)| ((*commit).to_owned(), (*why).to_owned())).collect();
    baselines.extend(tags.lines().map(|tag| (tag.to_owned(), format!("release tag {tag}"))));
    let target_dir = crate::cargo::target_dir(root)?;
    let mut checked = 0;
    for (commit, why) in &baselines {
        // A shallow clone (CI's may be one) lacks the history: say so rather than fail or pass silently.
        if git(root, &["cat-file", "-e", &format!("{commit}^{{commit}}")]).is_err()
            && git(root, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|shallow| shallow.trim() == "true")
        {
            println!("compat: {commit} ({why}) SKIPPED, not in this shallow clone (`git fetch --unshallow`)");
            continue;
        }
        let theirs = runtime_version(&git(root, &["show", &format!("{commit}:{RUNTIME}/Cargo.toml")])?)?;
        if !compatible(&theirs, &today)? {
            println!("compat: {commit} ({why}) was generated for runtime {theirs}, retired by {today}");
            continue;
        }
        let dir = target_dir.join("compat").join(short(commit));
        check(root, &target_dir, commit, &dir).map_err(|e| {
            format!(
                "{e}\n\nthe generated code of {commit} ({why}), written for runtime {theirs}, does not build against \
                 today's runtime {today}: a crate generated then and depending on \"{theirs}\" would break. Keep what \
                 generated code calls (doc(hidden) items too) as it was, or bump the runtime's minor version (see \
                 sdk/runtime/README.md)"
            )
        })?;
        fs::remove_dir_all(&dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
        checked += 1;
    }
    println!("the generated code of {checked} earlier commit(s) builds against runtime {today}");
    Ok(())
}

/// Whether code generated for runtime `theirs` may be built against `today` under its caret
/// requirement; a runtime older than the baseline's is an error (the version went backwards).
fn compatible(theirs: &Version, today: &Version) -> Result<bool, String> {
    if today < theirs {
        return Err(format!("today's runtime {today} is older than {theirs}, a baseline's"));
    }
    let caret = VersionReq::parse(&format!("^{theirs}")).map_err(|e| format!("version {theirs}: {e}"))?;
    Ok(caret.matches(today))
}

/// The `version` of a manifest's `[package]`.
fn runtime_version(manifest: &str) -> Result<Version, String> {
    let package = manifest.split("\n[").next().unwrap_or_default();
    let version = package
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .ok_or("the runtime's Cargo.toml has no `version = \"...\"` in its [package]")?;
    Version::parse(version).map_err(|e| format!("runtime version {version:?}: {e}"))
}

/// The generated modules of `commit`, as they were committed, in a crate of their own under `dir`
/// that depends on today's runtime: `cargo check`ed with the workspace's lockfile and target
/// directory, so that the dependencies already built are reused.
fn check(root: &Path, target_dir: &Path, commit: &str, dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    let src = dir.join("src");
    fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let mut modules = String::new();
    for (module, path) in GENERATED {
        if git(root, &["cat-file", "-e", &format!("{commit}:{path}")]).is_err() {
            continue;
        }
        extract(root, commit, path, &src)?;
        modules.push_str(&format!("#[path = \"{path}/mod.rs\"]\npub mod {module};\n"));
    }
    // The fixtures need the recursion limit their crate declares at that commit.
    let limit = git(root, &["show", &format!("{commit}:codegen/wire-tests/src/lib.rs")])
        .ok()
        .and_then(|lib| lib.lines().find(|line| line.starts_with("#![recursion_limit")).map(str::to_owned))
        .unwrap_or_default();
    let lib = format!(
        "//! The generated code of {commit}, against today's runtime.\n{limit}\n// Only whether it builds counts: a \
         deprecation, say, is no failure.\n#![allow(warnings)]\n\n{modules}"
    );
    write(&src.join("lib.rs"), &lib)?;
    let runtime = root.join(RUNTIME);
    let runtime = runtime.to_str().ok_or("a workspace path that is not UTF-8")?;
    let manifest = format!(
        "[package]\nname = \"generated-code-of-{short}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = \
         false\n\n[dependencies]\nformance-sdk-runtime = {{ path = {runtime:?}, default-features = false, features = \
         [\"rustls\"] }}\n\n[features]\ndefault = [\"test-util\"]\ntest-util = \
         [\"formance-sdk-runtime/test-util\"]\n\n[workspace]\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
        short = short(commit)
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    let manifest_path = dir.join("Cargo.toml");
    let manifest_path = manifest_path.to_str().ok_or("a target directory that is not UTF-8")?;
    let target = target_dir.to_str().ok_or("a target directory that is not UTF-8")?;
    cargo(root, &["check", "--quiet", "--manifest-path", manifest_path], &[("CARGO_TARGET_DIR", target)])
}

/// `git archive` of `path` at `commit`, unpacked under `into`.
fn extract(root: &Path, commit: &str, path: &str, into: &Path) -> Result<(), String> {
    let archive = Command::new("git")
        .args(["archive", "--format=tar", commit, path])
        .current_dir(root)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let stdout = archive.stdout.ok_or("git archive: no output")?;
    let status = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(into)
        .stdin(stdout)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() {
        return Err(format!("cannot unpack {path} of {commit} ({status})"));
    }
    Ok(())
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("git is not available ({e})"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("`git {}`: {}", args.join(" "), stderr.lines().next().unwrap_or("failed")));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("`git {}` printed text that is not UTF-8", args.join(" ")))
}

fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

fn read(path: &PathBuf) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn a_baseline_is_checked_while_its_caret_requirement_holds() {
        assert_eq!(compatible(&v("0.1.0"), &v("0.1.0")), Ok(true));
        assert_eq!(compatible(&v("0.1.0"), &v("0.1.7")), Ok(true));
        assert_eq!(compatible(&v("0.1.3"), &v("0.2.0")), Ok(false), "a minor bump retires it");
        assert_eq!(compatible(&v("1.2.0"), &v("1.9.1")), Ok(true));
        assert_eq!(compatible(&v("1.2.0"), &v("2.0.0")), Ok(false));
        assert!(compatible(&v("0.1.3"), &v("0.1.2")).is_err(), "a version going backwards");
    }

    #[test]
    fn the_runtime_version_is_its_packages() {
        let manifest = "[package]\nname = \"r\"\nversion = \"0.1.4\"\n\n[dependencies]\nx = { version = \"9\" }\n";
        assert_eq!(runtime_version(manifest), Ok(v("0.1.4")));
        assert!(runtime_version("[package]\nname = \"r\"\n[dependencies]\nversion = \"1.0.0\"\n").is_err());
    }

    /// Every baseline is a commit of this repository (a typo would check nothing).
    #[test]
    fn the_baselines_are_commits_here() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        if git(root, &["rev-parse", "--git-dir"]).is_err() {
            return;
        }
        for (commit, _) in BASELINES {
            assert!(git(root, &["cat-file", "-e", &format!("{commit}^{{commit}}")]).is_ok(), "{commit}");
        }
    }
}
