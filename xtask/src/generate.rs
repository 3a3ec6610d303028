//! `cargo xtask generate`: the spec to `sdk/src/generated` (or, with `--spec` and `--out`, to a
//! crate of its own), all or nothing: the output is written to a temporary folder next to it and
//! swapped in, so that a failure leaves it byte for byte as it was, and files no longer generated
//! are gone afterwards.

use std::ffi::OsString;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use codegen::{GeneratedFile, Options};

pub const SPEC: &str = "spec/orchestration-v2.yaml";
pub const OUTPUT: &str = "sdk/src/generated";
/// The runtime crate generated code depends on.
pub const RUNTIME: &str = "sdk/runtime";

/// The Orchestration SDK's generation options, recorded here once: its crate name, the path prefix
/// of the Formance gateway, and the product of its user agent (the official SDKs' naming).
pub const SDK_OPTIONS: Options<'static> = Options {
    crate_name: "formance-orchestration",
    api_prefix: "/api/orchestration",
    user_agent_product: Some("formance-orchestration-rust"),
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// `cargo xtask generate [--check]`: the SDK's generated module.
pub fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let started = Instant::now();
    let spec = read_spec(&root.join(SPEC))?;
    let generation = codegen::generate(&spec, &SDK_OPTIONS).map_err(|e| format!("{SPEC}: {e}\nnothing was written"))?;
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
            if !stale.is_empty() {
                replace_dir(&out_dir, &generation.files)?;
            }
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

/// What `cargo xtask generate --spec PATH --out DIR --crate-name NAME` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standalone {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub crate_name: String,
    pub path_prefix: String,
    /// The runtime crate's directory; this workspace's `sdk/runtime` when `None`.
    pub runtime_path: Option<PathBuf>,
}

impl Standalone {
    /// `--spec PATH --out DIR --crate-name NAME [--path-prefix P] [--runtime-path PATH]`, in any order.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let (mut spec, mut out, mut crate_name, mut path_prefix, mut runtime_path) = (None, None, None, None, None);
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let slot = match *flag {
                "--spec" => &mut spec,
                "--out" => &mut out,
                "--crate-name" => &mut crate_name,
                "--path-prefix" => &mut path_prefix,
                "--runtime-path" => &mut runtime_path,
                other => return Err(format!("unknown option {other:?}")),
            };
            if slot.replace((*value).to_owned()).is_some() {
                return Err(format!("{flag} is given twice"));
            }
        }
        Ok(Self {
            spec: spec.ok_or("--spec PATH is required")?.into(),
            out: out.ok_or("--out DIR is required")?.into(),
            crate_name: crate_name.ok_or("--crate-name NAME is required")?,
            path_prefix: path_prefix.unwrap_or_default(),
            runtime_path: runtime_path.map(PathBuf::from),
        })
    }
}

/// `cargo xtask generate --spec ... --out ...`: a crate of its own in `out`.
pub fn run_standalone(root: &Path, request: &Standalone) -> Result<(), String> {
    let started = Instant::now();
    let spec = read_spec(&request.spec)?;
    let out = absolute(&request.out)?;
    let runtime = absolute(&request.runtime_path.clone().unwrap_or_else(|| root.join(RUNTIME)))?;
    let runtime_path = relative(&out, &runtime);
    let runtime_path = runtime_path.to_str().ok_or("the runtime's path is not UTF-8")?.replace('\\', "/");
    let options =
        Options { crate_name: &request.crate_name, api_prefix: &request.path_prefix, user_agent_product: None };
    let generation = codegen::generate_crate(&spec, &options, &runtime_path)
        .map_err(|e| format!("{}: {e}\nnothing was written", request.spec.display()))?;
    let elapsed = started.elapsed();
    let changed = write_crate(&out, &generation.files)?;
    println!(
        "generated the crate {} ({} types, {} operations) into {} in {:.1} ms ({changed} of {} files changed)",
        request.crate_name,
        generation.types,
        generation.operations,
        out.display(),
        elapsed.as_secs_f64() * 1000.0,
        generation.files.len()
    );
    Ok(())
}

fn read_spec(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Files whose contents differ from a fresh generation, plus files the generator no longer writes.
pub fn stale_files(out_dir: &Path, files: &[GeneratedFile]) -> Result<Vec<String>, String> {
    let mut stale = Vec::new();
    for file in files {
        let path = out_dir.join(&file.path);
        match fs::read_to_string(&path) {
            Ok(current) if current == file.contents => {}
            Ok(_) => stale.push(format!("{} differs", file.path)),
            Err(_) => stale.push(format!("{} is missing", file.path)),
        }
    }
    let mut extra: Vec<String> = list_files(out_dir)
        .into_iter()
        .filter(|name| !files.iter().any(|f| &f.path == name))
        .map(|name| format!("{name} is no longer generated"))
        .collect();
    extra.sort();
    stale.extend(extra);
    Ok(stale)
}

/// Every file under `dir`, as paths relative to it with `/` separators; nothing if it does not exist.
fn list_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, prefix)) = pending.pop() {
        let Ok(entries) = fs::read_dir(&path) else { continue };
        for entry in entries.flatten() {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push((entry.path(), format!("{name}/")));
            } else {
                found.push(name);
            }
        }
    }
    found
}

/// Replaces the folder `target` by one holding exactly `files`: they are written to a temporary
/// folder next to it, which then takes its place. On any failure `target` is left as it was.
pub fn replace_dir(target: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    let staged = sibling(target, "new")?;
    write_all(&staged, files)?;
    swap_in(&staged, target)
}

/// A generated crate in `out`: `src/generated/` is replaced whole, `Cargo.toml` and `src/lib.rs`
/// file by file, and anything else in `out` (a `target/`, a `Cargo.lock`, your own files) is kept.
/// Returns how many files changed; nothing is touched when none did.
pub fn write_crate(out: &Path, files: &[GeneratedFile]) -> Result<usize, String> {
    let (module, top): (Vec<&GeneratedFile>, Vec<&GeneratedFile>) =
        files.iter().partition(|f| f.path.starts_with("src/generated/"));
    let module: Vec<GeneratedFile> = module
        .into_iter()
        .map(|f| GeneratedFile { path: f.path["src/generated/".len()..].to_owned(), contents: f.contents.clone() })
        .collect();
    let module_dir = out.join("src").join("generated");
    let stale_module = stale_files(&module_dir, &module)?;
    let stale_top: Vec<&&GeneratedFile> = top
        .iter()
        .filter(|f| fs::read_to_string(out.join(&f.path)).ok().as_deref() != Some(f.contents.as_str()))
        .collect();
    if stale_module.is_empty() && stale_top.is_empty() {
        return Ok(0);
    }
    // Everything is written next to `out` first: a failure to write leaves `out` untouched.
    let staged = sibling(out, "new")?;
    write_all(&staged, files)?;
    if !out.exists() {
        return rename(&staged, out).map(|()| files.len());
    }
    let result = (|| {
        fs::create_dir_all(out.join("src")).map_err(|e| format!("cannot create {}: {e}", out.join("src").display()))?;
        for file in &stale_top {
            rename(&staged.join(&file.path), &out.join(&file.path))?;
        }
        swap_in(&staged.join("src").join("generated"), &module_dir)
    })();
    let _ = fs::remove_dir_all(&staged);
    result.map(|()| stale_module.len() + stale_top.len())
}

/// Writes `files` into the new folder `dir`; on failure, removes it again.
fn write_all(dir: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    let result = files.iter().try_for_each(|file| {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(dir);
    }
    result
}

/// Puts the folder `staged` in the place of `target`, keeping the old `target` until the new one is
/// in place (and putting it back if that fails).
fn swap_in(staged: &Path, target: &Path) -> Result<(), String> {
    if !target.exists() {
        return rename(staged, target);
    }
    let old = sibling(target, "old")?;
    rename(target, &old)?;
    if let Err(error) = rename(staged, target) {
        let _ = fs::rename(&old, target);
        return Err(error);
    }
    fs::remove_dir_all(&old).map_err(|e| format!("cannot remove {}: {e}", old.display()))
}

fn rename(from: &Path, to: &Path) -> Result<(), String> {
    fs::rename(from, to).map_err(|e| format!("cannot move {} to {}: {e}", from.display(), to.display()))
}

/// `.<name>.<what>-<pid>` beside `path`, removed first if a previous run left it behind.
fn sibling(path: &Path, what: &str) -> Result<PathBuf, String> {
    let name = path.file_name().ok_or_else(|| format!("{} has no file name", path.display()))?;
    let mut sibling_name = OsString::from(".");
    sibling_name.push(name);
    sibling_name.push(format!(".{what}-{}", std::process::id()));
    let sibling = path.with_file_name(sibling_name);
    if sibling.exists() {
        fs::remove_dir_all(&sibling).map_err(|e| format!("cannot remove {}: {e}", sibling.display()))?;
    }
    Ok(sibling)
}

/// `path` made absolute and free of `.` and `..`, whether it exists or not.
fn absolute(path: &Path) -> Result<PathBuf, String> {
    let path = std::path::absolute(path).map_err(|e| format!("cannot resolve {}: {e}", path.display()))?;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The path that leads from the directory `from` to `to`, both absolute.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for component in &to[common..] {
        out.push(component);
    }
    if out.as_os_str().is_empty() { PathBuf::from(".") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        crate::workspace_root()
    }

    /// A fresh scratch folder for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Every file under `dir` with its bytes, sorted: what "untouched" is compared with.
    fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> =
            list_files(dir).into_iter().map(|name| (name.clone(), fs::read(dir.join(&name)).unwrap())).collect();
        files.sort();
        files
    }

    /// The same check CI relies on: the committed output is what the generator writes today.
    #[test]
    fn committed_output_is_up_to_date() {
        run(&root(), Mode::Check).unwrap();
    }

    #[test]
    fn check_names_changed_missing_and_extra_files() {
        let spec = fs::read_to_string(root().join(SPEC)).unwrap();
        let generation = codegen::generate(&spec, &SDK_OPTIONS).unwrap();
        let dir = scratch("check").join("generated");
        replace_dir(&dir, &generation.files).unwrap();
        assert!(stale_files(&dir, &generation.files).unwrap().is_empty());

        fs::write(dir.join("models.rs"), "// edited by hand\n").unwrap();
        fs::remove_file(dir.join("mod.rs")).unwrap();
        fs::write(dir.join("old.rs"), "").unwrap();
        let stale = stale_files(&dir, &generation.files).unwrap();
        assert_eq!(stale, ["mod.rs is missing", "models.rs differs", "old.rs is no longer generated"]);

        replace_dir(&dir, &generation.files).unwrap();
        assert!(stale_files(&dir, &generation.files).unwrap().is_empty());
        assert!(!dir.join("old.rs").exists(), "a file no longer generated is removed");
        fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }

    fn standalone(spec: &Path, out: &Path) -> Standalone {
        Standalone {
            spec: spec.to_owned(),
            out: out.to_owned(),
            crate_name: "acme-api".to_owned(),
            path_prefix: String::new(),
            runtime_path: None,
        }
    }

    #[test]
    fn a_standalone_crate_has_its_manifest_its_root_and_the_generated_module() {
        let base = scratch("standalone");
        let out = base.join("nested").join("acme");
        run_standalone(&root(), &standalone(&root().join(SPEC), &out)).unwrap();
        let files: Vec<String> = snapshot(&out).into_iter().map(|(name, _)| name).collect();
        assert_eq!(
            files,
            [
                "Cargo.toml",
                "src/generated/client.rs",
                "src/generated/mod.rs",
                "src/generated/models.rs",
                "src/generated/operations.rs",
                "src/generated/servers.rs",
                "src/lib.rs",
            ]
        );
        let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.starts_with("# @generated"), "{manifest}");
        assert!(manifest.contains("name = \"acme-api\""), "{manifest}");
        // From `<base>/nested/acme` to this workspace's `sdk/runtime`, whatever `<base>` is.
        let expected = relative(&out, &root().join(RUNTIME)).display().to_string();
        assert!(expected.starts_with("../../.."), "{expected}");
        assert!(manifest.contains(&format!("path = \"{expected}\"")), "{manifest}");
        assert!(manifest.contains(&format!("version = \"={}\"", codegen::RUNTIME_VERSION)), "{manifest}");
        let lib = fs::read_to_string(out.join("src/lib.rs")).unwrap();
        assert!(lib.contains("mod generated;") && lib.contains("pub use generated::*;"), "{lib}");
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_failure_leaves_the_output_byte_for_byte_untouched() {
        let base = scratch("untouched");
        let out = base.join("acme");
        run_standalone(&root(), &standalone(&root().join(SPEC), &out)).unwrap();
        fs::write(out.join("src/generated/models.rs"), "// edited by hand\n").unwrap();
        fs::write(out.join("Cargo.lock"), "# not ours\n").unwrap();
        let before = snapshot(&out);

        let broken = base.join("broken.yaml");
        let spec = fs::read_to_string(root().join(SPEC)).unwrap();
        fs::write(&broken, spec.replace("$ref: '#/components/schemas/V2Error'", "$ref: '#/components/schemas/Nope'"))
            .unwrap();
        let err = run_standalone(&root(), &standalone(&broken, &out)).unwrap_err();
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(snapshot(&out), before, "a failed generation changed the output");
        let siblings: Vec<String> =
            fs::read_dir(&base).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(siblings.len(), 2, "temporary folders left behind: {siblings:?}");
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn files_no_longer_generated_are_removed_and_others_kept() {
        let base = scratch("stale");
        let out = base.join("acme");
        run_standalone(&root(), &standalone(&root().join(SPEC), &out)).unwrap();
        fs::write(out.join("src/generated/removed_op.rs"), "// from an older spec\n").unwrap();
        fs::write(out.join("src/generated/models.rs"), "// stale\n").unwrap();
        fs::write(out.join("Cargo.lock"), "# not ours\n").unwrap();
        fs::write(out.join("src/handwritten.rs"), "// mine\n").unwrap();

        run_standalone(&root(), &standalone(&root().join(SPEC), &out)).unwrap();
        assert!(!out.join("src/generated/removed_op.rs").exists());
        assert_ne!(fs::read_to_string(out.join("src/generated/models.rs")).unwrap(), "// stale\n");
        assert_eq!(fs::read_to_string(out.join("Cargo.lock")).unwrap(), "# not ours\n");
        assert_eq!(fs::read_to_string(out.join("src/handwritten.rs")).unwrap(), "// mine\n");
        let leftovers: Vec<String> = fs::read_dir(&base)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn relative_paths_between_folders() {
        assert_eq!(relative(Path::new("/a/b/c"), Path::new("/a/x")), PathBuf::from("../../x"));
        assert_eq!(relative(Path::new("/a"), Path::new("/a/x/y")), PathBuf::from("x/y"));
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b")), PathBuf::from("."));
        assert_eq!(absolute(Path::new("/a/./b/../c")).unwrap(), PathBuf::from("/a/c"));
    }

    #[test]
    fn standalone_options_parse_in_any_order() {
        let parsed =
            Standalone::parse(&["--out", "o", "--crate-name", "n", "--spec", "s.yaml", "--path-prefix", "/p"]).unwrap();
        assert_eq!(
            parsed,
            Standalone {
                spec: "s.yaml".into(),
                out: "o".into(),
                crate_name: "n".into(),
                path_prefix: "/p".into(),
                runtime_path: None
            }
        );
        assert!(Standalone::parse(&["--spec", "s"]).unwrap_err().contains("--out"));
        assert!(Standalone::parse(&["--spec"]).unwrap_err().contains("needs a value"));
        assert!(Standalone::parse(&["--bogus", "x"]).is_err());
    }
}
