//! Writing generated files all or nothing: into a temporary folder next to the output, which then
//! takes its place, so that a failure leaves the output byte for byte as it was and files no longer
//! generated disappear. Also what `--check` compares, and the paths a generated crate's manifest
//! needs.

use std::ffi::OsString;
use std::fs;
use std::path::{Component, Path, PathBuf};

use codegen::GeneratedFile;

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
pub fn list_files(dir: &Path) -> Vec<String> {
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
pub fn absolute(path: &Path) -> Result<PathBuf, String> {
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
pub fn relative(from: &Path, to: &Path) -> PathBuf {
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

    #[test]
    fn relative_paths_between_folders() {
        assert_eq!(relative(Path::new("/a/b/c"), Path::new("/a/x")), PathBuf::from("../../x"));
        assert_eq!(relative(Path::new("/a"), Path::new("/a/x/y")), PathBuf::from("x/y"));
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b")), PathBuf::from("."));
        assert_eq!(absolute(Path::new("/a/./b/../c")).unwrap(), PathBuf::from("/a/c"));
    }
}
