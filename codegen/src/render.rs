//! Formatting: token streams to source files with the `@generated` header.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::ir::Api;
use crate::{GeneratedFile, HEADER, emit};

pub fn render(api: &Api) -> Result<Vec<GeneratedFile>> {
    let root = quote! {
        //! Code generated from the OpenAPI description. Edit the spec or the generator, then run
        //! `cargo xtask generate`; never edit these files by hand.
        pub mod models;
        pub mod operations;
    };
    [("mod.rs", root), ("models.rs", emit::models(api)), ("operations.rs", emit::operations(api))]
        .into_iter()
        .map(|(path, tokens)| file(path, tokens))
        .collect()
}

fn file(path: &str, tokens: TokenStream) -> Result<GeneratedFile> {
    let syntax: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::new("#", format!("generator bug: the generated {path} is not valid Rust: {e}")))?;
    let text = spaced(&prettyplease::unparse(&syntax));
    Ok(GeneratedFile { path: path.to_owned(), contents: format!("{HEADER}{text}") })
}

/// Blank lines where a reader expects them and prettyplease packs things together: after the module
/// docs, after each top-level item, and between the methods of an impl.
fn spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.peek().filter(|next| !next.is_empty()) else {
            continue;
        };
        let ends_item = !line.starts_with([' ', '/', '#']) && (line.ends_with('}') || line.ends_with(';'));
        let ends_module_docs = line.starts_with("//!") && !next.starts_with("//!");
        let ends_method = line == "    }" && next.starts_with("    ") && !next.starts_with("     ");
        if ends_item || ends_module_docs || ends_method {
            out.push('\n');
        }
    }
    out
}
