//! Formatting: token streams to source files with the `@generated` header.

use proc_macro2::TokenStream;

use crate::error::{Error, Result};
use crate::ir::Api;
use crate::{GeneratedFile, HEADER, Options, emit};

/// The files of the generated module, sorted by path: a sub-client's module is
/// `operations/<name>.rs`.
pub fn render(api: &Api, options: &Options<'_>) -> Result<Vec<GeneratedFile>> {
    let root = options.root_path();
    let groups = api
        .groups
        .iter()
        .map(|group| (format!("operations/{}.rs", group.name.as_str()), emit::group_operations(api, group, &root)));
    let mut files: Vec<GeneratedFile> = [
        ("client.rs".to_owned(), emit::client(api, options)),
        ("mod.rs".to_owned(), emit::root(api, options)),
        ("models.rs".to_owned(), emit::models(api)),
        ("operations.rs".to_owned(), emit::operations(api, &root)),
        ("servers.rs".to_owned(), emit::servers(&api.servers)),
        (format!("{}.rs", crate::naming::reserved::TESTING_MODULE), emit::testing(api)),
    ]
    .into_iter()
    .chain(groups)
    .map(|(path, tokens)| file(&path, tokens))
    .collect::<Result<_>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

pub fn file(path: &str, tokens: TokenStream) -> Result<GeneratedFile> {
    let syntax: syn::File = syn::parse2(emit::one_line_docs(tokens))
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
        // An item ends on a top-level line, or on the last line of one spanning several lines; a doc
        // comment line that ends with `;` or `}` ends nothing.
        let ends_item = (line.ends_with('}') || line.ends_with(';'))
            && !line.trim_start().starts_with("//")
            && (!line.starts_with([' ', '/', '#']) || !next.starts_with([' ', '}', ')', ']', '.']));
        let ends_module_docs = line.starts_with("//!") && !next.starts_with("//!");
        let ends_method = line == "    }" && next.starts_with("    ") && !next.starts_with("     ");
        if ends_item || ends_module_docs || ends_method {
            out.push('\n');
        }
    }
    out
}
