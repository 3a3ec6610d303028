//! `cargo xtask api-diff OLD NEW`: what going from one spec to another does to users of the generated
//! crate (`codegen::diff`), and the release that calls for. `cargo xtask generate` prints the same
//! summary against the spec of the last generation, the one committed at `HEAD`.
//!
//! Exit codes: 0 when nothing is breaking, 2 when something is, 1 when a spec cannot be read or is
//! refused by the generator (with the generator's located error).

use std::path::Path;
use std::process::{Command, ExitCode};

use codegen::diff::{self, Impact};
use codegen::ir::Api;
use semver::Version;

use crate::sdk_options::SDK_OPTIONS;

/// The crate whose version the summary bumps.
const SDK_CRATE: &str = "formance-orchestration";

pub const EXIT_BREAKING: u8 = 2;
pub const EXIT_BAD_INPUT: u8 = 1;

pub fn command(root: &Path, old: &str, new: &str) -> ExitCode {
    let (code, text) = run(old, new, || sdk_version(root));
    if code == EXIT_BAD_INPUT {
        eprintln!("{text}");
    } else {
        print!("{text}");
    }
    ExitCode::from(code)
}

/// The exit code and what to print. `version` gives the SDK crate's current version, or why it is unknown.
pub fn run(old: &str, new: &str, version: impl FnOnce() -> Result<Version, String>) -> (u8, String) {
    let (old_api, new_api) = match (load(old), load(new)) {
        (Ok(old_api), Ok(new_api)) => (old_api, new_api),
        (Err(e), _) | (_, Err(e)) => return (EXIT_BAD_INPUT, e),
    };
    let report = diff::compare(&old_api, &new_api);
    let code = if report.is_breaking() { EXIT_BREAKING } else { 0 };
    (code, format!("api-diff {old} -> {new}: {report}{}\n", release(report.worst(), &version())))
}

/// A spec file through the generator's analysis; errors say which file and where in it.
fn load(path: &str) -> Result<Api, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
    diff::api(&text, &SDK_OPTIONS).map_err(|e| format!("{path}: {e}"))
}

/// What `cargo xtask generate` prints before it writes: the changes since the spec committed at `HEAD`
/// and the release they call for. Never fails: without git or a committed spec, it says why it skipped.
pub fn since_last_generation(root: &Path, spec_path: &str, new_text: &str) -> String {
    match diff::api(new_text, &SDK_OPTIONS) {
        Ok(new) => summary(&format!("HEAD:{spec_path}"), committed(root, spec_path), &new, &sdk_version(root)),
        Err(e) => format!("api-diff since the last generation: skipped, {spec_path}: {e}"),
    }
}

/// The summary for an old spec (or why there is none) and the new IR.
pub fn summary(old_name: &str, old: Result<String, String>, new: &Api, version: &Result<Version, String>) -> String {
    let old_api = match old {
        Ok(text) => diff::api(&text, &SDK_OPTIONS).map_err(|e| format!("{old_name}: {e}")),
        Err(reason) => Err(reason),
    };
    match old_api {
        Ok(old_api) => {
            let report = diff::compare(&old_api, new);
            format!("api-diff since the last generation ({old_name}): {report}{}", release(report.worst(), version))
        }
        Err(reason) => format!("api-diff since the last generation: skipped, {reason}"),
    }
}

/// The spec as committed at `HEAD`, or why it cannot be had.
fn committed(root: &Path, spec_path: &str) -> Result<String, String> {
    let output = Command::new("git")
        .args(["show", &format!("HEAD:{spec_path}")])
        .current_dir(root)
        .output()
        .map_err(|e| format!("git is not available ({e})"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("no committed {spec_path} ({})", stderr.lines().next().unwrap_or("git show failed")));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("HEAD:{spec_path} is not UTF-8"))
}

/// The SDK crate's version, as cargo resolves it (`sdk/Cargo.toml`, or the workspace's if inherited).
fn sdk_version(root: &Path) -> Result<Version, String> {
    let metadata = crate::cargo::metadata(root)?;
    let version = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|package| package["name"] == SDK_CRATE)
        .and_then(|package| package["version"].as_str())
        .ok_or_else(|| format!("{SDK_CRATE} is not a workspace package"))?;
    Version::parse(version).map_err(|e| format!("{SDK_CRATE} has version {version:?}: {e}"))
}

/// The line saying which release a change of this impact calls for.
fn release(worst: Option<Impact>, version: &Result<Version, String>) -> String {
    let Some(worst) = worst else {
        return "\nno release needed for the API".to_owned();
    };
    let what = match worst {
        Impact::Breaking | Impact::BreakingAtRunTime => "breaking",
        Impact::Additive => "additive",
        Impact::WireOnly => "wire-only",
        Impact::TestOnly => "test-only",
    };
    match version {
        Err(reason) => format!("\n{SDK_CRATE}: version unknown ({reason}); the change is {what}"),
        Ok(current) => match next_version(current, worst) {
            Some(next) => format!("\n{SDK_CRATE} {current} -> {next} ({what} change)"),
            None => {
                format!("\n{SDK_CRATE} {current} is a pre-release: choose the next version by hand ({what} change)")
            }
        },
    }
}

/// The next version for a change of impact `worst`: major/minor/patch from 1.0.0 on; before it,
/// breaking bumps the minor and anything else the patch (cargo treats `0.y` as it treats `x`), and in
/// `0.0.z` every release bumps `z` (each is incompatible with the last for cargo). `None` for a
/// pre-release, whose successor is a choice, not a rule.
pub fn next_version(current: &Version, worst: Impact) -> Option<Version> {
    if !current.pre.is_empty() {
        return None;
    }
    let breaking = worst.is_breaking();
    let (major, minor, patch) = (current.major, current.minor, current.patch);
    let (major, minor, patch) = match (major, minor) {
        (0, 0) => (0, 0, patch + 1),
        (0, _) if breaking => (0, minor + 1, 0),
        (0, _) => (0, minor, patch + 1),
        _ if breaking => (major + 1, 0, 0),
        _ if worst == Impact::Additive => (major, minor + 1, 0),
        _ => (major, minor, patch + 1),
    };
    Some(Version::new(major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn next_version_follows_cargo() {
        use Impact::*;
        let cases = [
            ("0.1.0", Breaking, "0.2.0"),
            ("0.1.3", BreakingAtRunTime, "0.2.0"),
            ("0.1.3", Additive, "0.1.4"),
            ("0.1.3", WireOnly, "0.1.4"),
            ("0.0.3", Breaking, "0.0.4"),
            ("0.0.3", Additive, "0.0.4"),
            ("1.2.3", Breaking, "2.0.0"),
            ("1.2.3", BreakingAtRunTime, "2.0.0"),
            ("1.2.3", Additive, "1.3.0"),
            ("1.2.3", WireOnly, "1.2.4"),
            ("1.2.3", TestOnly, "1.2.4"),
            ("0.1.3", TestOnly, "0.1.4"),
            ("1.2.3+build.7", Additive, "1.3.0"),
        ];
        for (current, impact, next) in cases {
            assert_eq!(next_version(&v(current), impact), Some(v(next)), "{current} with a {impact:?} change");
        }
        assert_eq!(next_version(&v("1.0.0-rc.1"), Impact::Additive), None);
    }

    const OLD: &str = "openapi: 3.0.3
info:
  title: T
  version: 0.1.0
paths:
  /a:
    get:
      operationId: getA
      responses:
        '204':
          description: Done.
";

    fn api(text: &str) -> Api {
        diff::api(text, &SDK_OPTIONS).unwrap()
    }

    #[test]
    fn summary_names_the_changes_and_the_release() {
        let added = OLD.replace("paths:\n", "paths:\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '204':\n          description: Done.\n");
        let text = summary("HEAD:spec.yaml", Ok(OLD.to_owned()), &api(&added), &Ok(v("0.1.0")));
        assert!(text.starts_with("api-diff since the last generation (HEAD:spec.yaml): 1 additive\n"), "{text}");
        assert!(text.contains("Client::get_b: new operation"), "{text}");
        assert!(text.ends_with("\nformance-orchestration 0.1.0 -> 0.1.1 (additive change)"), "{text}");

        let text = summary("HEAD:spec.yaml", Ok(added), &api(OLD), &Ok(v("0.1.0")));
        assert!(text.ends_with("\nformance-orchestration 0.1.0 -> 0.2.0 (breaking change)"), "{text}");

        let text = summary("HEAD:spec.yaml", Ok(OLD.to_owned()), &api(OLD), &Ok(v("0.1.0")));
        assert!(text.contains("no change for users of the generated crate"), "{text}");
        assert!(text.ends_with("\nno release needed for the API"), "{text}");
    }

    #[test]
    fn summary_skips_without_an_old_spec_and_says_why() {
        let text =
            summary("HEAD:spec.yaml", Err("git is not available (not found)".to_owned()), &api(OLD), &Ok(v("0.1.0")));
        assert_eq!(text, "api-diff since the last generation: skipped, git is not available (not found)");

        let refused = OLD.replace("3.0.3", "3.1.0");
        let text = summary("HEAD:spec.yaml", Ok(refused), &api(OLD), &Ok(v("0.1.0")));
        assert_eq!(
            text,
            "api-diff since the last generation: skipped, HEAD:spec.yaml: #/openapi: OpenAPI 3.1.0 is not supported; only 3.0.x is"
        );

        let text = summary(
            "HEAD:spec.yaml",
            Ok(OLD.to_owned()),
            &api(&OLD.replace("getA", "getC")),
            &Err("no cargo".to_owned()),
        );
        assert!(
            text.ends_with("\nformance-orchestration: version unknown (no cargo); the change is breaking"),
            "{text}"
        );
    }

    /// In this repository, the committed spec is the one CI keeps the generated files in sync with.
    #[test]
    fn the_committed_spec_is_found_in_this_repository() {
        let root = crate::workspace_root();
        match committed(&root, crate::generate::SPEC) {
            Ok(text) => assert!(diff::api(&text, &SDK_OPTIONS).is_ok()),
            // Only a source tree without git (an unpacked archive) may lack it; it still generates, without
            // the summary.
            Err(reason) => {
                assert!(!root.join(".git").exists(), "a git checkout whose committed spec is not found: {reason}")
            }
        }
        let missing = committed(&root, "spec/no-such-file.yaml");
        assert!(missing.is_err_and(|e| e.contains("spec/no-such-file.yaml")));
    }
}
