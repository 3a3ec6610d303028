//! `cargo xtask generate [--check]`: the spec to `sdk/src/generated`, all or nothing.

use std::fs;
use std::path::Path;
use std::time::Instant;

pub const SPEC: &str = "spec/orchestration-v2.yaml";
pub const OUTPUT: &str = "sdk/src/generated";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

pub fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let started = Instant::now();
    let spec_path = root.join(SPEC);
    let spec = fs::read_to_string(&spec_path).map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    // Generation is finished in memory before anything is written, so a failure leaves the files as they were.
    let generation = codegen::generate(&spec).map_err(|e| format!("{SPEC}: {e}\nnothing was written"))?;
    let elapsed = started.elapsed();
    let out_dir = root.join(OUTPUT);
    let stale = stale_files(&out_dir, &generation.files)?;
    match mode {
        Mode::Check if stale.is_empty() => {
            println!("{OUTPUT} is up to date ({} files)", generation.files.len());
            Ok(())
        }
        Mode::Check => Err(format!(
            "{OUTPUT} is not up to date with {SPEC}:\n{}\nrun `cargo xtask generate` and commit the result",
            stale.iter().map(|s| format!("  {s}")).collect::<Vec<_>>().join("\n")
        )),
        Mode::Write => {
            println!("{}", crate::api_diff::since_last_generation(root, SPEC, &spec));
            write(&out_dir, &generation.files)?;
            println!(
                "generated {} types and {} operations into {OUTPUT} in {:.1} ms ({} of {} files changed)",
                generation.types,
                generation.operations,
                elapsed.as_secs_f64() * 1000.0,
                stale.len(),
                generation.files.len()
            );
            Ok(())
        }
    }
}

/// Files whose contents differ from a fresh generation, plus files the generator no longer writes.
pub fn stale_files(out_dir: &Path, files: &[codegen::GeneratedFile]) -> Result<Vec<String>, String> {
    let mut stale = Vec::new();
    for file in files {
        let path = out_dir.join(&file.path);
        match fs::read_to_string(&path) {
            Ok(current) if current == file.contents => {}
            Ok(_) => stale.push(format!("{} differs", file.path)),
            Err(_) => stale.push(format!("{} is missing", file.path)),
        }
    }
    if let Ok(entries) = fs::read_dir(out_dir) {
        let mut extra: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !files.iter().any(|f| &f.path == name))
            .map(|name| format!("{name} is no longer generated"))
            .collect();
        extra.sort();
        stale.extend(extra);
    }
    Ok(stale)
}

/// Writes through a temporary file and a rename, so a file is never left half written.
fn write(out_dir: &Path, files: &[codegen::GeneratedFile]) -> Result<(), String> {
    fs::create_dir_all(out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    for file in files {
        let path = out_dir.join(&file.path);
        if fs::read_to_string(&path).is_ok_and(|current| current == file.contents) {
            continue;
        }
        let temporary = out_dir.join(format!(".{}.tmp", file.path));
        fs::write(&temporary, &file.contents).map_err(|e| format!("cannot write {}: {e}", temporary.display()))?;
        fs::rename(&temporary, &path).map_err(|e| format!("cannot replace {}: {e}", path.display()))?;
    }
    for entry in fs::read_dir(out_dir).map_err(|e| format!("cannot list {}: {e}", out_dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !files.iter().any(|f| f.path == name) {
            fs::remove_file(entry.path()).map_err(|e| format!("cannot remove stale {name}: {e}"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        crate::workspace_root()
    }

    /// The same check CI relies on: the committed output is what the generator writes today.
    #[test]
    fn committed_output_is_up_to_date() {
        run(&root(), Mode::Check).unwrap();
    }

    #[test]
    fn check_names_changed_missing_and_extra_files() {
        let spec = fs::read_to_string(root().join(SPEC)).unwrap();
        let generation = codegen::generate(&spec).unwrap();
        let dir = std::env::temp_dir().join(format!("xtask-check-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        write(&dir, &generation.files).unwrap();
        assert!(stale_files(&dir, &generation.files).unwrap().is_empty());

        fs::write(dir.join("models.rs"), "// edited by hand\n").unwrap();
        fs::remove_file(dir.join("mod.rs")).unwrap();
        fs::write(dir.join("old.rs"), "").unwrap();
        let stale = stale_files(&dir, &generation.files).unwrap();
        assert_eq!(stale, ["mod.rs is missing", "models.rs differs", "old.rs is no longer generated"]);

        write(&dir, &generation.files).unwrap();
        assert!(stale_files(&dir, &generation.files).unwrap().is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }
}
