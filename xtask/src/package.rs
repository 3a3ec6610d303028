//! `cargo xtask package`: the published crates as crates.io would get them. `cargo package`
//! verifies that each builds from its `.crate` alone; then each `.crate` is unpacked afresh, must
//! carry its README, LICENSE and CHANGELOG, and must pass its doctests (the README's examples among
//! them) on its own.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::cargo::cargo;

/// The crates we publish. They are packaged in one `cargo package` so that cargo verifies them
/// against each other (a path dependency between them resolves to the packaged version).
pub const PUBLISHED: &[&str] = &["formance-sdk-runtime", "formance-orchestration"];

/// Files each published crate carries: (path in the `.crate`, the workspace file it must equal;
/// `{crate}` is the crate's directory).
const CARRIED: &[(&str, &str)] =
    &[("README.md", "{crate}/README.md"), ("LICENSE", "LICENSE"), ("CHANGELOG.md", "CHANGELOG.md")];

/// The workspace's profile for dependencies (`[profile.dev.package."*"]` in Cargo.toml), which a
/// packaged manifest does not carry: given again so that the dependencies the workspace already
/// built are reused instead of built a second time.
const WORKSPACE_PROFILE: &str = "profile.dev.package.\"*\".debug=false";

pub fn run(root: &Path) -> Result<(), String> {
    let metadata = crate::cargo::metadata(root)?;
    let target_dir = crate::cargo::target_dir(root)?;
    forget_earlier_verifications(root)?;
    // `--allow-dirty`: this checks the working tree as it is, committed or not.
    let mut args = vec!["package", "--allow-dirty", "--config", WORKSPACE_PROFILE, "--quiet"];
    for name in PUBLISHED {
        args.extend(["--package", name]);
    }
    cargo(root, &args, &[])?;

    // Outside the workspace, so that cargo sees each package alone (inside, it would refuse a
    // package that is not a member of the workspace above it).
    let scratch = std::env::temp_dir().join(format!("xtask-package-{}", std::process::id()));
    let result = check_packages(root, metadata, &target_dir, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// `cargo package` verifies a crate against the others from a registry of its own, and cargo takes
/// a registry's crate as immutable: it unpacks it under `$CARGO_HOME/registry/src/` once, and
/// reuses what it built of it (the `.crate` holds fixed file times, so nothing looks newer). A
/// second run would build the SDK against the runtime of the first (seen: a type the runtime had
/// gained was missing). So both are forgotten first: the unpacked copies of our packages outside
/// crates.io's registry, and every build of our packages (`cargo clean -p`, which also removes the
/// workspace's own builds of them: they are built again when next needed).
fn forget_earlier_verifications(root: &Path) -> Result<(), String> {
    let ours = |name: &str| PUBLISHED.iter().any(|published| name.starts_with(&format!("{published}-")));
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    if let Some(home) = home {
        for registry in entries(&home.join("registry").join("src")) {
            if !registry.file_name().is_some_and(|name| name.to_string_lossy().starts_with("index.crates.io-")) {
                for package in entries(&registry) {
                    if package.file_name().is_some_and(|name| ours(&name.to_string_lossy())) {
                        // Left in place, it would be verified against: a failure to remove it is one.
                        std::fs::remove_dir_all(&package)
                            .map_err(|e| format!("cannot remove {}: {e}", package.display()))?;
                    }
                }
            }
        }
    }
    let mut args = vec!["clean", "--quiet"];
    for name in PUBLISHED {
        args.extend(["--package", name]);
    }
    cargo(root, &args, &[])
}

/// The entries of a folder; none when it cannot be read.
fn entries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).map(|read| read.flatten().map(|entry| entry.path()).collect()).unwrap_or_default()
}

fn check_packages(root: &Path, metadata: &Value, target_dir: &Path, scratch: &Path) -> Result<(), String> {
    let mut unpacked = Vec::new();
    for name in PUBLISHED {
        let package = crate::cargo::package(metadata, name)?;
        let version = package["version"].as_str().ok_or("cargo metadata: no version")?;
        let crate_dir = Path::new(package["manifest_path"].as_str().ok_or("cargo metadata: no manifest_path")?)
            .parent()
            .ok_or("a manifest path without a directory")?;
        let dir = unpack(target_dir, name, version, scratch)?;
        check_carried(&dir, root, crate_dir)?;
        unpacked.push((*name, dir));
    }
    for (name, dir) in &unpacked {
        // A published crate that depends on another one gets the other's unpacked package, as it
        // will get the published one from crates.io.
        let patches: Vec<String> = unpacked
            .iter()
            .filter(|(other, _)| other != name)
            .map(|(other, other_dir)| format!("patch.crates-io.{other}.path={:?}", other_dir.display().to_string()))
            .collect();
        doctest(root, dir, target_dir, &patches)?;
    }
    Ok(())
}

/// `cargo test --doc` in the unpacked package, with `--config` `patches`.
fn doctest(root: &Path, unpacked: &Path, target_dir: &Path, patches: &[String]) -> Result<(), String> {
    let manifest = unpacked.join("Cargo.toml");
    let manifest = manifest.to_str().ok_or("a temporary directory that is not UTF-8")?;
    let target_dir = target_dir.to_str().ok_or("a target directory that is not UTF-8")?;
    // `test-util`: the README's tests of the mock are among the doctests, as a user's tests have it.
    let mut args = vec![
        "test",
        "--doc",
        "--features",
        "test-util",
        "--manifest-path",
        manifest,
        "--config",
        WORKSPACE_PROFILE,
        "--quiet",
    ];
    for patch in patches {
        args.extend(["--config", patch.as_str()]);
    }
    // The workspace's target directory: what the workspace built is reused where the package's own
    // Cargo.lock (written by `cargo package` from the workspace's) and features allow.
    cargo(root, &args, &[("CARGO_TARGET_DIR", target_dir)])
}

/// `target/package/{name}-{version}.crate`, unpacked into `into`.
fn unpack(target_dir: &Path, name: &str, version: &str, into: &Path) -> Result<PathBuf, String> {
    let archive = target_dir.join("package").join(format!("{name}-{version}.crate"));
    std::fs::create_dir_all(into).map_err(|e| format!("cannot create {}: {e}", into.display()))?;
    println!("$ tar -xzf {} -C {}", archive.display(), into.display());
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(into)
        .status()
        .map_err(|e| format!("cannot run tar to unpack {}: {e}", archive.display()))?;
    if !status.success() {
        return Err(format!("tar could not unpack {} ({status})", archive.display()));
    }
    Ok(into.join(format!("{name}-{version}")))
}

/// Every file of [`CARRIED`] is in the unpacked crate, with the same bytes as in the workspace.
pub fn check_carried(unpacked: &Path, root: &Path, crate_dir: &Path) -> Result<(), String> {
    let mut problems = Vec::new();
    for (inside, source) in CARRIED {
        let source = match source.strip_prefix("{crate}/") {
            Some(rest) => crate_dir.join(rest),
            None => root.join(source),
        };
        let expected = std::fs::read(&source).map_err(|e| format!("cannot read {}: {e}", source.display()))?;
        match std::fs::read(unpacked.join(inside)) {
            Ok(found) if found == expected => {}
            Ok(_) => problems.push(format!("{inside} differs from {}", source.display())),
            Err(_) => problems.push(format!("{inside} is missing")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        let name = unpacked.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
        Err(format!("the packaged {name}.crate is incomplete:\n  {}", problems.join("\n  ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carried_files_must_be_present_and_equal() {
        let base = std::env::temp_dir().join(format!("xtask-carried-{}", std::process::id()));
        let (root, crate_dir, unpacked) = (base.join("root"), base.join("root/sdk"), base.join("unpacked"));
        for dir in [&crate_dir, &unpacked] {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(crate_dir.join("README.md"), "readme").unwrap();
        std::fs::write(root.join("LICENSE"), "mit").unwrap();
        std::fs::write(root.join("CHANGELOG.md"), "changes").unwrap();
        std::fs::write(unpacked.join("README.md"), "readme").unwrap();
        std::fs::write(unpacked.join("LICENSE"), "other").unwrap();

        let error = check_carried(&unpacked, &root, &crate_dir).unwrap_err();
        assert!(error.contains("LICENSE differs from"), "{error}");
        assert!(error.contains("CHANGELOG.md is missing"), "{error}");
        assert!(!error.contains("README.md"), "{error}");

        std::fs::write(unpacked.join("LICENSE"), "mit").unwrap();
        std::fs::write(unpacked.join("CHANGELOG.md"), "changes").unwrap();
        check_carried(&unpacked, &root, &crate_dir).unwrap();
        std::fs::remove_dir_all(&base).unwrap();
    }
}
