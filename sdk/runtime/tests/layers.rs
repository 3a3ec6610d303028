//! The runtime's layers import one way, from the request builder down (see the crate docs): a
//! file may use its own layer and the layers below it, never one above.

use std::path::{Path, PathBuf};

/// Top to bottom. The last group (`error`, `model`, `response`) is used by every layer above and
/// uses none of them, nor each other. `testing` (feature `test-util`), the mock, builds clients and
/// reads operations: above them all, and nothing imports it.
const LAYERS: &[&[&str]] =
    &[&["testing"], &["request"], &["client"], &["send"], &["auth"], &["http"], &["error", "model", "response"]];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|group| group.contains(&layer))
}

/// The layer a source file belongs to: its folder, or its own name for `response.rs`.
fn layer_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_string_lossy().into_owned();
    Some(first.trim_end_matches(".rs").to_owned())
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The layers a file names as `crate::<layer>` in its code (comments and doc comments aside).
fn used_layers(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let name: String =
                rest[at + "crate::".len()..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            used.push(name);
            rest = &rest[at + "crate::".len()..];
        }
    }
    used
}

#[test]
fn imports_run_from_the_request_builder_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let Some(layer) = layer_of(&src, file).filter(|l| l != "lib") else { continue };
        let own = rank(&layer).unwrap_or_else(|| panic!("{} is in no layer; add `{layer}` to LAYERS", file.display()));
        for used in used_layers(&std::fs::read_to_string(file).unwrap()) {
            // Items the crate root re-exports (`crate::Error` in a doc link, say) are not layers.
            let Some(theirs) = rank(&used) else { continue };
            if used != layer && theirs <= own {
                wrong.push(format!("{} ({layer}) uses crate::{used}", file.strip_prefix(&src).unwrap().display()));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers:\n  {}", wrong.join("\n  "));
    assert!(files.len() > 20, "the sources were not found: {files:?}");
}

#[test]
fn the_check_sees_an_upward_import() {
    assert_eq!(used_layers("use crate::request::Call; // crate::send"), ["request"]);
    assert_eq!(used_layers("/// see [`x`](crate::send::X)"), Vec::<String>::new());
    assert!(rank("request") < rank("send") && rank("send") < rank("auth") && rank("http") < rank("error"));
}
