//! The Rust that our own sources need for their syntax, read with `syn`.
//!
//! Only syntax stabilised after the oldest compiler of edition 2024 (1.85) is worth finding, since
//! the edition already needs 1.85. The table is small on purpose: add a row when the code starts to
//! use (or is about to use) newer syntax. Today:
//!
//! | syntax | stable since |
//! | --- | --- |
//! | let chains: `if let A = a && b`, `while let ... && ...` | 1.88 |

use std::path::Path;

use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{BinOp, Expr};

use super::{Need, RustVersion};

const LET_CHAINS: RustVersion = RustVersion::new(1, 88, 0);

/// Every use of the syntax in the table, in the `.rs` files under `dir` (paths shown relative to `root`).
pub fn needs(dir: &Path, root: &Path) -> Result<Vec<Need>, String> {
    let mut files = Vec::new();
    rust_files(dir, &mut files)?;
    files.sort();
    let mut needs = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let shown = file.strip_prefix(root).unwrap_or(&file).display().to_string();
        needs.extend(needs_in_source(&source, &shown)?);
    }
    Ok(needs)
}

/// The same for one file's text.
pub fn needs_in_source(source: &str, shown_path: &str) -> Result<Vec<Need>, String> {
    let file = syn::parse_file(source).map_err(|e| {
        let at = e.span().start();
        format!(
            "{shown_path}:{}:{}: syn cannot parse this file ({e}); if it is syntax newer than syn knows, \
             update syn and add the syntax to xtask/src/msrv/syntax.rs",
            at.line,
            at.column + 1
        )
    })?;
    let mut finder = Finder { shown_path, needs: Vec::new() };
    finder.visit_file(&file);
    Ok(finder.needs)
}

struct Finder<'a> {
    shown_path: &'a str,
    needs: Vec<Need>,
}

impl Finder<'_> {
    fn condition(&mut self, condition: &Expr) {
        if is_let_chain(condition) {
            let at = condition.span().start();
            self.needs.push(Need {
                version: LET_CHAINS,
                what: format!(
                    "let chain at {}:{}:{} (stable since {LET_CHAINS})",
                    self.shown_path,
                    at.line,
                    at.column + 1
                ),
            });
        }
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_expr_if(&mut self, node: &'ast syn::ExprIf) {
        self.condition(&node.cond);
        syn::visit::visit_expr_if(self, node);
    }

    fn visit_expr_while(&mut self, node: &'ast syn::ExprWhile) {
        self.condition(&node.cond);
        syn::visit::visit_expr_while(self, node);
    }
}

/// A `&&` chain with a `let` among its operands (a lone `if let` is not a chain).
fn is_let_chain(condition: &Expr) -> bool {
    fn has_let(expr: &Expr) -> bool {
        match expr {
            Expr::Let(_) => true,
            Expr::Binary(binary) if matches!(binary.op, BinOp::And(_)) => {
                has_let(&binary.left) || has_let(&binary.right)
            }
            _ => false,
        }
    }
    matches!(condition, Expr::Binary(binary) if matches!(binary.op, BinOp::And(_))) && has_let(condition)
}

fn rust_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?.path();
        if path.is_dir() {
            rust_files(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(source: &str) -> Vec<String> {
        needs_in_source(source, "x.rs").unwrap().into_iter().map(|need| need.what).collect()
    }

    #[test]
    fn finds_let_chains_in_if_and_while_with_their_position() {
        let source = "fn f(a: Option<u8>, b: bool) {
    if let Some(x) = a && x > 1 {}
    if b && let Some(_) = a {}
    while let Some(x) = a && x > 1 {}
}";
        assert_eq!(
            found(source),
            [
                "let chain at x.rs:2:8 (stable since 1.88)",
                "let chain at x.rs:3:8 (stable since 1.88)",
                "let chain at x.rs:4:11 (stable since 1.88)",
            ]
        );
    }

    #[test]
    fn nested_chains_are_found_inside_other_items() {
        let source = "mod m { impl S { fn g(&self) { match 1 { _ => { if let 1 = 1 && true {} } } } } }";
        assert_eq!(found(source), ["let chain at x.rs:1:52 (stable since 1.88)"]);
    }

    #[test]
    fn plain_if_let_and_boolean_chains_need_nothing() {
        let source = "fn f(a: Option<u8>, b: bool) {
    if let Some(x) = a { let _ = x; }
    if b && a.is_some() {}
    while let Some(_) = a {}
    if let Some(x) = a { if x > 1 && b {} }
}";
        assert!(found(source).is_empty());
    }

    #[test]
    fn unparsable_source_is_an_error_naming_the_file() {
        let error = needs_in_source("fn f( {", "bad.rs").unwrap_err();
        assert!(error.starts_with("bad.rs:1:"), "{error}");
    }
}
