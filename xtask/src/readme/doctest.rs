//! What rustdoc makes of a code block: whether it is Rust, what its attributes ask for, and the
//! program it compiles (hidden `# ` lines shown to the compiler, the block wrapped in `fn main` when
//! it has none, returning a `Result` when it ends with `(())`). Asynchronous code gets nothing more
//! than rustdoc gives it: a block that awaits needs its own `async fn main` (`#[tokio::main]`).
//!
//! The program keeps every line of the block on the line it has in the Markdown file, and every
//! column too (a hidden line's `# ` becomes two spaces, the wrapper sits on the fence lines), so
//! that the compiler's messages point into the README as they are.

use super::markdown::Block;

/// What a Rust block is checked for, from its attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// `ignore`: not compiled.
    Ignore,
    /// `no_run`: compiled, not run.
    Compile,
    /// No attribute: compiled and run, and must exit successfully.
    Run,
    /// `should_panic`: compiled and run, and must panic.
    Panic,
    /// `compile_fail`: must not compile; with error codes (`compile_fail,E0599`), with each of them.
    CompileFail { codes: Vec<String> },
}

/// The attributes rustdoc knows that this check does not implement: a block with one is refused
/// rather than checked differently from how rustdoc runs it.
const UNSUPPORTED: &[&str] = &["test_harness", "standalone_crate", "standalone"];

/// `None` when rustdoc does not take the block for Rust (`sh`, `toml`, `text`...); otherwise what it
/// asks for. As rustdoc, a block without an info string is Rust, and so is one naming `rust` among
/// other words.
pub fn classify(info: &str) -> Result<Option<Expect>, String> {
    let tokens: Vec<&str> =
        info.split(|c: char| c == ',' || c.is_whitespace()).filter(|token| !token.is_empty()).collect();
    let (mut rust, mut other) = (false, Vec::new());
    let (mut ignore, mut no_run, mut should_panic, mut compile_fail, mut codes) =
        (false, false, false, false, Vec::new());
    for token in tokens {
        match token {
            "rust" => rust = true,
            "ignore" => ignore = true,
            "no_run" => no_run = true,
            "should_panic" => should_panic = true,
            "compile_fail" => compile_fail = true,
            code if is_error_code(code) => codes.push(code.to_owned()),
            token if UNSUPPORTED.contains(&token) || token.starts_with("edition") || token.starts_with("ignore-") => {
                return Err(format!("the attribute `{token}` is not supported by this check (xtask/src/readme/)"));
            }
            token => other.push(token),
        }
    }
    if !other.is_empty() && !rust {
        return Ok(None);
    }
    if let Some(unknown) = other.first() {
        // rustdoc would compile and run the block, ignoring the word: most likely a misspelt attribute.
        return Err(format!("unknown attribute `{unknown}` on a Rust block"));
    }
    Ok(Some(if ignore {
        Expect::Ignore
    } else if compile_fail {
        Expect::CompileFail { codes }
    } else if no_run {
        Expect::Compile
    } else if should_panic {
        Expect::Panic
    } else {
        Expect::Run
    }))
}

fn is_error_code(token: &str) -> bool {
    token.len() == 5 && token.starts_with('E') && token[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The program rustdoc compiles from `block`, laid out line for line as the Markdown file (see the
/// module's doc), with rustdoc's `#![allow(unused)]` and, beyond rustdoc, every other warning an
/// error (`deny_warnings`): an example users copy should not warn. A `compile_fail` block is not
/// given that: a warning would let it fail for another reason than the one it shows.
pub fn program(block: &Block, deny_warnings: bool) -> String {
    let mut code: Vec<String> = block.lines.iter().map(|line| unhide(line)).collect();
    // Crate attributes at the top of the block go before the `fn main` the block may be wrapped in.
    let mut crate_attributes = Vec::new();
    for line in &mut code {
        let trimmed = line.trim();
        if trimmed.starts_with("#![") && trimmed.ends_with(']') {
            crate_attributes.push(trimmed.to_owned());
            line.clear();
        } else if !trimmed.is_empty() && !trimmed.starts_with("//") {
            break;
        }
    }
    let joined = code.join("\n");
    let (prefix, suffix) = if has_main(&joined) || is_test(block) {
        ("", "")
    } else if joined.trim_end().ends_with("(())") {
        ("fn main() { fn _inner() -> ::core::result::Result<(), impl ::core::fmt::Debug> {", "} _inner().unwrap() }")
    } else {
        ("fn main() {", "}")
    };
    let mut lines = vec![String::new(); block.fence_line - 1];
    let deny = if deny_warnings { "#![deny(warnings)] " } else { "" };
    lines.push(format!("{deny}#![allow(unused)] {} {prefix}", crate_attributes.join(" ")));
    lines.extend(code);
    lines.push(suffix.to_owned());
    lines.join("\n") + "\n"
}

/// Whether the block holds tests (`#[test]`, `#[tokio::test]`, hidden lines included): what users put
/// in a test of theirs, built with their dev-dependencies as a test target with the test harness,
/// never wrapped in `fn main`. (rustdoc wraps it and leaves the tests out, as it leaves `#[test]`
/// functions out of every doctest: this check is the one that runs them.)
pub fn is_test(block: &Block) -> bool {
    block.lines.iter().map(|line| unhide(line)).any(|line| {
        let line = line.trim_start();
        line.starts_with("#[test]") || line.starts_with("#[tokio::test")
    })
}

/// rustdoc's hidden lines: `# code` is code the reader does not see, `#` alone an empty line, and
/// `##` at the start a shown `#`. Columns are kept.
fn unhide(line: &str) -> String {
    let trimmed = line.trim();
    let indent = &line[..line.len() - line.trim_start().len()];
    if trimmed.starts_with("##") {
        line.replacen("##", " #", 1)
    } else if let Some(hidden) = trimmed.strip_prefix("# ") {
        format!("{indent}  {hidden}")
    } else if trimmed == "#" {
        String::new()
    } else {
        line.to_owned()
    }
}

/// Whether the code defines `fn main` at its top level, as rustdoc decides before wrapping it. Code
/// that does not parse as a file (statements at the top) has none.
fn has_main(code: &str) -> bool {
    syn::parse_file(code).is_ok_and(|file| {
        file.items.iter().any(|item| matches!(item, syn::Item::Fn(function) if function.sig.ident == "main"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_as_rustdoc_does() {
        assert_eq!(classify(""), Ok(Some(Expect::Run)));
        assert_eq!(classify("rust"), Ok(Some(Expect::Run)));
        assert_eq!(classify("rust,no_run"), Ok(Some(Expect::Compile)));
        assert_eq!(classify("no_run"), Ok(Some(Expect::Compile)));
        assert_eq!(classify("rust, ignore"), Ok(Some(Expect::Ignore)));
        assert_eq!(classify("should_panic"), Ok(Some(Expect::Panic)));
        assert_eq!(classify("compile_fail,E0599"), Ok(Some(Expect::CompileFail { codes: vec!["E0599".into()] })));
        assert_eq!(classify("compile_fail,no_run"), Ok(Some(Expect::CompileFail { codes: vec![] })));
        for other in ["sh", "toml", "text", "console", "json"] {
            assert_eq!(classify(other), Ok(None), "{other}");
        }
        assert!(classify("rust,no-run").unwrap_err().contains("`no-run`"));
        assert!(classify("edition2021").unwrap_err().contains("not supported"));
        assert!(classify("rust,test_harness").is_err());
    }

    fn block(fence_line: usize, lines: &[&str]) -> Block {
        Block { fence_line, info: "rust".into(), lines: lines.iter().map(|l| (*l).to_owned()).collect() }
    }

    /// The program's lines from the fence on.
    fn from_fence(block: &Block) -> Vec<String> {
        program(block, true).lines().skip(block.fence_line - 1).map(str::to_owned).collect()
    }

    #[test]
    fn statements_are_wrapped_in_main_on_the_fence_lines() {
        let block = block(3, &["use std::fmt;", "# let hidden = 1;", "let x = hidden;", "assert_eq!(x, 1);"]);
        let text = program(&block, true);
        assert!(text.starts_with("\n\n#![deny(warnings)]"), "{text}");
        assert!(program(&block, false).lines().nth(2).is_some_and(|line| line.starts_with("#![allow(unused)]")));
        assert_eq!(
            from_fence(&block),
            [
                "#![deny(warnings)] #![allow(unused)]  fn main() {",
                "use std::fmt;",
                "  let hidden = 1;",
                "let x = hidden;",
                "assert_eq!(x, 1);",
                "}"
            ]
        );
    }

    #[test]
    fn a_block_ending_in_ok_returns_a_result() {
        let lines = from_fence(&block(1, &["let n: u8 = \"1\".parse()?;", "# Ok::<(), std::num::ParseIntError>(())"]));
        assert!(lines[0].ends_with("fn main() { fn _inner() -> ::core::result::Result<(), impl ::core::fmt::Debug> {"));
        assert_eq!(lines[2], "  Ok::<(), std::num::ParseIntError>(())");
        assert_eq!(lines[3], "} _inner().unwrap() }");
    }

    #[test]
    fn a_block_with_main_is_left_as_it_is() {
        let block = block(2, &["#[tokio::main]", "async fn main() {", "    run().await;", "}"]);
        let lines = from_fence(&block);
        assert_eq!(lines[0], "#![deny(warnings)] #![allow(unused)]  ");
        assert_eq!(&lines[1..5], &block.lines[..]);
        assert_eq!(lines[5], "");
    }

    #[test]
    fn hidden_lines_keep_their_columns() {
        assert_eq!(unhide("    # let x = 1;"), "      let x = 1;");
        assert_eq!(unhide("#"), "");
        assert_eq!(unhide("##[derive(Debug)]"), " #[derive(Debug)]");
        assert_eq!(unhide("#[derive(Debug)]"), "#[derive(Debug)]");
        assert_eq!(unhide("let s = \"# not hidden\";"), "let s = \"# not hidden\";");
    }

    #[test]
    fn tests_are_not_wrapped_in_main() {
        let test =
            block(1, &["use x::y;", "#[cfg(test)]", "mod tests {", "    # #[tokio::test]", "    async fn t() {}", "}"]);
        assert!(is_test(&test));
        let lines = from_fence(&test);
        assert_eq!(lines[0], "#![deny(warnings)] #![allow(unused)]  ");
        assert_eq!(lines[4], "      #[tokio::test]");
        assert_eq!(lines.last().map(String::as_str), Some(""));
        assert!(!is_test(&block(1, &["let test = \"#[test]\";"])));
    }

    #[test]
    fn crate_attributes_move_before_main() {
        let lines = from_fence(&block(1, &["#![allow(dead_code)]", "let x = 1;"]));
        assert_eq!(lines[0], "#![deny(warnings)] #![allow(unused)] #![allow(dead_code)] fn main() {");
        assert_eq!(lines[1], "");
    }
}
