//! `cargo xtask api-diff OLD NEW` as maintainers run it: the binary's exit code and output for a spec
//! step that is additive (0), breaking (2), and for a file that is missing or refused (1).

use std::path::PathBuf;
use std::process::{Command, Output};

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

/// A scratch directory of this test process, holding the given files.
fn files(name: &str, specs: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-api-diff-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in specs {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

fn api_diff(dir: &PathBuf, old: &str, new: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["api-diff", old, new])
        .current_dir(dir)
        .output()
        .expect("the xtask binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn exit_codes() {
    let added = OLD.replace(
        "paths:\n",
        "paths:\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '204':\n          description: Done.\n",
    );
    let cookie = OLD.replace(
        "      operationId: getA\n",
        "      operationId: getA\n      parameters:\n        - name: session\n          in: cookie\n          schema:\n            type: string\n",
    );
    let dir = files("codes", &[("old.yaml", OLD), ("new.yaml", &added), ("cookie.yaml", &cookie)]);

    let same = api_diff(&dir, "old.yaml", "old.yaml");
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    assert!(text(&same.stdout).contains("no change for users of the generated crate"));

    let additive = api_diff(&dir, "old.yaml", "new.yaml");
    assert_eq!(additive.status.code(), Some(0), "{}", text(&additive.stderr));
    assert!(text(&additive.stdout).contains("Client::get_b: new operation"), "{}", text(&additive.stdout));

    let breaking = api_diff(&dir, "new.yaml", "old.yaml");
    assert_eq!(breaking.status.code(), Some(2), "{}", text(&breaking.stderr));
    let out = text(&breaking.stdout);
    assert!(out.contains("\nbreaking:\n  - Client::get_b: operation `GET /b` removed"), "{out}");

    let missing = api_diff(&dir, "old.yaml", "nowhere.yaml");
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).starts_with("nowhere.yaml: cannot read: "), "{}", text(&missing.stderr));

    let refused = api_diff(&dir, "cookie.yaml", "old.yaml");
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        text(&refused.stderr),
        "cookie.yaml: #/paths/~1a/get/parameters/0: cookie parameters are not supported\n"
    );
    assert!(refused.stdout.is_empty());

    let usage = Command::new(env!("CARGO_BIN_EXE_xtask")).args(["api-diff", "old.yaml"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(1));
    assert!(text(&usage.stderr).contains("api-diff OLD NEW"));

    std::fs::remove_dir_all(&dir).unwrap();
}
