//! The files that make the generated module a crate of its own: `Cargo.toml`, `README.md` (the
//! crate docs too) and `src/lib.rs`.

use quote::quote;

use crate::emit::{code, inline, markdown, usage};
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

/// `Cargo.toml`, `README.md` and `src/lib.rs`; `runtime_path` is the runtime's directory, relative
/// to the crate's.
pub fn files(api: &Api, options: &Options<'_>, runtime_path: &str) -> Result<Vec<GeneratedFile>> {
    Ok(vec![
        GeneratedFile { path: "Cargo.toml".to_owned(), contents: manifest(api, options, runtime_path) },
        GeneratedFile { path: "README.md".to_owned(), contents: readme(api, options) },
        lib(api)?,
    ])
}

fn manifest(api: &Api, options: &Options<'_>, runtime_path: &str) -> String {
    let description = format!("A Rust client of {}, generated from its OpenAPI description", api.info.title.trim());
    format!(
        r#"# {header}
[package]
name = {name}
version = "0.1.0"
description = {description}
readme = "README.md"
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

# docs.rs: every feature, and `--cfg docsrs`, under which the docs name the feature each gated item
# needs.
[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]
"#,
        header = HEADER.trim_start_matches("// ").trim_end(),
        name = toml_string(options.crate_name),
        description = toml_string(&description),
        runtime_path = toml_string(runtime_path),
    )
}

/// The crate's README, which is its crate docs too: the spec's `info`, how the crate came to be, a
/// usage example (compiled as a doctest of the crate), its features. Plain Markdown, without
/// rustdoc's links, as a forge shows it too.
fn readme(api: &Api, options: &Options<'_>) -> String {
    let info = &api.info;
    let title = inline(&info.title);
    let description = markdown([info.description.as_deref()]);
    let description = if description.is_empty() { String::new() } else { format!("{description}\n\n") };
    let usage = usage(api, &options.root_path(), &options.env_prefix()).join("\n");
    format!(
        r#"<!-- {header} -->
# {title}

{description}A Rust client of this API, generated from its OpenAPI description by
`cargo xtask generate` of the Formance Rust SDK (the description's version
{version}). Its code is in `src/generated/`; calls go through the
`formance-sdk-runtime` crate (its client, authentication, retries, timeouts, errors and JSON types),
re-exported as `runtime`.

## Usage

{usage}

Each operation is a method of `Client` (or of a sub-client, `client.<group>()`) returning a request
builder: required parameters are the method's arguments, optional ones its setters, and
`send().await` sends it. The docs of each method say what it returns, which errors the API
documents, and show a call; `ClientBuilder` lists the environment variables `from_env()` reads.

## Features

- `rustls` (default): TLS with rustls for the client's own HTTP client; `native-tls` uses the
  platform's instead.
- `num-bigint`: conversions between the API's big integers and `num_bigint::BigInt`.
- `test-util`, for your tests (in `[dev-dependencies]`): the `testing` module, a mock of the API
  answering real clients in process, with a typed rule per operation, and constructors of the models
  only read in responses. It is outside the semver promise.
"#,
        header = HEADER.trim_start_matches("// ").trim_end(),
        // Spec text, on one line in a code span: a line break could open a block rustdoc runs.
        version = code(info.version.trim()),
    )
}

fn lib(api: &Api) -> Result<GeneratedFile> {
    // The generated types nest deeper than rustc follows by default (E0275 on `Send`).
    let recursion_limit = api.recursion_limit.map(|limit| {
        let limit = limit.to_string();
        quote!(#![recursion_limit = #limit])
    });
    let tokens = quote! {
        #![doc = include_str!("../README.md")]
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]
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
