//! The files that make the generated module a crate of its own: `Cargo.toml` and `src/lib.rs`.

use quote::quote;

use crate::emit::inner_doc_paragraphs;
use crate::error::{Error, Result};
use crate::ir::Api;
use crate::{GeneratedFile, HEADER, Options, RUNTIME_VERSION, render};

/// The oldest Rust a generated crate builds with: the runtime's `rust-version`, written into the
/// generated `Cargo.toml`.
pub const RUST_VERSION: &str = "1.89";

/// Every name of `options.sent_types` is a type of the spec (a misspelt one would silently change nothing).
pub fn check_sent_types(api: &Api, options: &Options<'_>) -> Result<()> {
    match options.sent_types.iter().find(|name| api.types.get(name).is_none()) {
        Some(name) => Err(Error::new(
            "options",
            format!("`sent_types` names `{name}`, which is not the Rust name of a type the spec defines"),
        )),
        None => Ok(()),
    }
}

/// Options that would write a broken crate are refused before anything is generated.
pub fn check_options(options: &Options<'_>) -> Result<()> {
    let name = options.crate_name;
    let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        return Err(Error::new(
            "options",
            format!(
                "the crate name {name:?} is not a valid package name (ASCII letters, digits, `-` and `_`, starting with a letter)"
            ),
        ));
    }
    let prefix = options.api_prefix;
    if !(prefix.is_empty() || prefix.starts_with('/'))
        || prefix.contains(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '\\'))
    {
        return Err(Error::new(
            "options",
            format!("the path prefix {prefix:?} must be empty or a plain path starting with `/`"),
        ));
    }
    if let Some(path) = options.root_path
        && !path.split("::").all(is_identifier)
    {
        return Err(Error::new("options", format!("the root path {path:?} is not a Rust path (`crate_name::module`)")));
    }
    if let Some(prefix) = options.env_prefix
        && !is_identifier(prefix)
    {
        return Err(Error::new(
            "options",
            format!(
                "the environment variable prefix {prefix:?} must be ASCII letters, digits and `_`, not starting with a digit"
            ),
        ));
    }
    if let Some(product) = options.user_agent_product
        && (product.is_empty() || !product.chars().all(|c| c.is_ascii_graphic() && c != '/'))
    {
        return Err(Error::new(
            "options",
            format!("the user agent product {product:?} must be visible ASCII without spaces or `/`"),
        ));
    }
    Ok(())
}

/// ASCII letters, digits and `_`, not starting with a digit: a Rust identifier, and a portable
/// environment variable name.
fn is_identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `Cargo.toml` and `src/lib.rs`; `runtime_path` is the runtime's directory, relative to the crate's.
pub fn files(api: &Api, options: &Options<'_>, runtime_path: &str) -> Result<Vec<GeneratedFile>> {
    Ok(vec![GeneratedFile { path: "Cargo.toml".to_owned(), contents: manifest(api, options, runtime_path) }, lib(api)?])
}

fn manifest(api: &Api, options: &Options<'_>, runtime_path: &str) -> String {
    let description = format!("A Rust client of {}, generated from its OpenAPI description", api.info.title.trim());
    format!(
        r#"# {header}
[package]
name = {name}
version = "0.1.0"
description = {description}
edition = "2024"
rust-version = "{RUST_VERSION}"

[dependencies]
# The generated code's only dependency: every other crate it names comes through the runtime. A caret
# requirement (the runtime it was generated for, or a later one of the same minor version), so that
# crates generated from several APIs share one runtime.
formance-sdk-runtime = {{ path = {runtime_path}, version = "{RUNTIME_VERSION}", default-features = false }}

[features]
default = ["rustls"]
# TLS of the client's own HTTP client, and `num_bigint` conversions: see the runtime's features.
rustls = ["formance-sdk-runtime/rustls"]
native-tls = ["formance-sdk-runtime/native-tls"]
num-bigint = ["formance-sdk-runtime/num-bigint"]
# For your tests (in `[dev-dependencies]`): the `testing` module, a mock of the API answering real
# clients in process, with a rule per operation, and constructors of the models only read in
# responses. Outside the semver promise.
test-util = ["formance-sdk-runtime/test-util"]
"#,
        header = HEADER.trim_start_matches("// ").trim_end(),
        name = toml_string(options.crate_name),
        description = toml_string(&description),
        runtime_path = toml_string(runtime_path),
    )
}

fn lib(api: &Api) -> Result<GeneratedFile> {
    let info = &api.info;
    // Written here, not taken from the spec: its link is meant, so it is not escaped.
    let generated = format!(
        " Generated from the API's OpenAPI description (version {}) by `cargo xtask generate`; the code is \
         in `src/generated/`, and calls go through the `formance-sdk-runtime` crate, re-exported as \
         [`runtime`].",
        info.version.trim()
    );
    let docs = inner_doc_paragraphs([Some(info.title.as_str()), info.description.as_deref()]);
    // The generated types nest deeper than rustc follows by default (E0275 on `Send`).
    let recursion_limit = api.recursion_limit.map(|limit| {
        let limit = limit.to_string();
        quote!(#![recursion_limit = #limit])
    });
    let tokens = quote! {
        #docs
        #![doc = ""]
        #![doc = #generated]
        #![forbid(unsafe_code)]
        #recursion_limit

        #[rustfmt::skip]
        mod generated;
        pub use generated::*;
    };
    render::file("src/lib.rs", tokens)
}

/// A TOML basic string, quoted and escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(toml_string("x\ny\u{7}"), r#""x\ny\u0007""#);
    }

    #[test]
    fn options_that_would_break_the_crate_are_refused() {
        for name in ["", "1abc", "a b", "a/b", "é"] {
            assert!(check_options(&Options::new(name)).is_err(), "{name:?}");
        }
        assert!(check_options(&Options::new("my-api_2")).is_ok());
        for prefix in ["api", "/a b", "/a?b", "/a\"b"] {
            let options = Options { api_prefix: prefix, ..Options::new("x") };
            assert!(check_options(&options).is_err(), "{prefix:?}");
        }
        let options = Options { user_agent_product: Some("a/b"), ..Options::new("x") };
        assert!(check_options(&options).is_err());
        for prefix in ["", "1A_", "A-B_", "A B", "É_"] {
            let options = Options { env_prefix: Some(prefix), ..Options::new("x") };
            assert!(check_options(&options).is_err(), "{prefix:?}");
        }
        let options = Options { env_prefix: Some("ACME_"), ..Options::new("x") };
        assert!(check_options(&options).is_ok());
    }
}
