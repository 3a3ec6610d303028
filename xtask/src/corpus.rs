//! `cargo xtask corpus DIR...`: the generator on specs it has never seen (real public OpenAPI
//! documents kept outside this repository). Each spec is generated as a crate of its own into
//! `target/corpus/`, then every generated crate is linted on its own with `cargo clippy -D
//! warnings` and its doctests (its README's usage example, each operation's example) are compiled;
//! the report says, per spec, whether it was refused (with the generator's located error), failed to
//! build, has examples that do not compile, or built clean.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::Options;

use crate::cargo::cargo;
use crate::generate::RUNTIME;
use crate::output::{absolute, relative, write_crate};

enum Outcome {
    Refused(String),
    BuildFailed,
    ExamplesFailed,
    Clean,
}

pub fn run(root: &Path, dirs: &[&str]) -> Result<(), String> {
    let target_dir = crate::cargo::target_dir(root)?;
    let workspace = target_dir.join("corpus");
    if workspace.exists() {
        fs::remove_dir_all(&workspace).map_err(|e| format!("cannot clear {}: {e}", workspace.display()))?;
    }
    fs::create_dir_all(&workspace).map_err(|e| format!("cannot create {}: {e}", workspace.display()))?;
    let runtime = absolute(&root.join(RUNTIME))?;

    let mut results: Vec<(String, Outcome, f64)> = Vec::new();
    let mut members = Vec::new();
    for spec in spec_files(dirs)? {
        let name = crate_name(&spec);
        let text = fs::read_to_string(&spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
        let out = workspace.join(&name);
        let runtime_path = relative(&out, &runtime).to_string_lossy().replace('\\', "/");
        let started = Instant::now();
        match codegen::generate_crate(&text, &Options::new(&name), &runtime_path) {
            Ok(generation) => {
                let elapsed = started.elapsed().as_secs_f64() * 1000.0;
                for warning in &generation.warnings {
                    println!("warning: {}: {warning}", spec.display());
                }
                write_crate(&out, &generation.files)?;
                members.push(name.clone());
                results.push((name, Outcome::Clean, elapsed));
            }
            Err(e) => results.push((name, Outcome::Refused(e.to_string()), 0.0)),
        }
    }
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
        members.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>().join(", ")
    );
    fs::write(workspace.join("Cargo.toml"), manifest).map_err(|e| format!("cannot write the workspace: {e}"))?;
    fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;

    let manifest = workspace.join("Cargo.toml");
    let manifest = manifest.to_str().ok_or("a target directory that is not UTF-8")?;
    let target = target_dir.to_str().ok_or("a target directory that is not UTF-8")?;
    for (name, outcome, _) in results.iter_mut().filter(|(_, o, _)| matches!(o, Outcome::Clean)) {
        let args = ["clippy", "--quiet", "--manifest-path", manifest, "-p", name.as_str(), "--", "-D", "warnings"];
        let doc = ["test", "--quiet", "--doc", "--manifest-path", manifest, "-p", name.as_str()];
        if cargo(root, &args, &[("CARGO_TARGET_DIR", target)]).is_err() {
            *outcome = Outcome::BuildFailed;
        } else if cargo(root, &doc, &[("CARGO_TARGET_DIR", target)]).is_err() {
            *outcome = Outcome::ExamplesFailed;
        }
    }

    println!("\nspec: outcome");
    for (name, outcome, ms) in &results {
        match outcome {
            Outcome::Refused(reason) => println!("{name}: refused: {reason}"),
            Outcome::BuildFailed => println!("{name}: generated in {ms:.1} ms, does NOT build clean"),
            Outcome::ExamplesFailed => {
                println!("{name}: generated in {ms:.1} ms, builds clean, but its docs' examples do NOT compile")
            }
            Outcome::Clean => println!("{name}: generated in {ms:.1} ms, builds clean"),
        }
    }
    let clean = results.iter().filter(|(_, o, _)| matches!(o, Outcome::Clean)).count();
    println!("{clean} of {} specs generate crates that build clean", results.len());
    if clean == results.len() { Ok(()) } else { Err("some specs were refused or do not build".to_owned()) }
}

/// The OpenAPI documents (`.yaml`, `.yml`, `.json`) of each directory (or the files given), sorted.
fn spec_files(dirs: &[&str]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for dir in dirs {
        let path = PathBuf::from(dir);
        if path.is_file() {
            files.push(path);
            continue;
        }
        let entries = fs::read_dir(&path).map_err(|e| format!("cannot list {}: {e}", path.display()))?;
        files.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json")),
        );
    }
    files.sort();
    Ok(files)
}

/// A crate name from a spec's file name: `api.github.com.json` -> `corpus-api-github-com`.
fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let words: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let words: Vec<&str> = words.split('-').filter(|w| !w.is_empty()).collect();
    format!("corpus-{}", words.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_valid_package_names() {
        assert_eq!(crate_name(Path::new("/x/api.github.com.json")), "corpus-api-github-com");
        assert_eq!(crate_name(Path::new("formance_ledger v2.yaml")), "corpus-formance-ledger-v2");
    }
}
