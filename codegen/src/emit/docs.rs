//! Doc comments from spec text, made safe for rustdoc: no accidental code blocks, links or HTML.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for each line of `text`; nothing for `None` or blank text.
pub fn doc(text: Option<&str>) -> TokenStream {
    let lines = text.map(lines).unwrap_or_default();
    quote! { #( #[doc = #lines] )* }
}

/// Paragraphs joined by a blank doc line, skipping empty ones.
pub fn doc_paragraphs<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    let out = paragraph_lines(paragraphs);
    quote! { #( #[doc = #out] )* }
}

/// The same, as the inner doc of the enclosing module or crate (`//!`).
pub fn inner_doc_paragraphs<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    let out = paragraph_lines(paragraphs);
    quote! { #( #![doc = #out] )* }
}

fn paragraph_lines<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> Vec<String> {
    let mut out = Vec::new();
    for text in paragraphs.into_iter().flatten() {
        let lines = lines(text);
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(lines);
    }
    out
}

fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.trim().lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            fenced = !fenced;
            // Only fences we label as text: spec snippets are not Rust doctests.
            let fence =
                if fenced && lang.trim().is_empty() { "```text".to_owned() } else { format!("```{}", lang.trim()) };
            let fence = if fenced && lang.trim() == "rust" { "```text".to_owned() } else { fence };
            out.push(format!(" {fence}"));
        } else if fenced {
            out.push(format!(" {line}"));
        } else {
            // Leading spaces would make an indented code block, which rustdoc runs as a doctest.
            out.push(if trimmed.is_empty() { String::new() } else { format!(" {}", escape(trimmed)) });
        }
    }
    if fenced {
        out.push(" ```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Escapes what rustdoc would read as links or HTML, and marks bare URLs as links.
fn escape(line: &str) -> String {
    line.split(' ')
        .map(|word| {
            if word.starts_with("http://") || word.starts_with("https://") {
                let end = word.trim_end_matches(['.', ',', ';', ':', ')']);
                format!("<{end}>{}", &word[end.len()..])
            } else {
                word.replace('\\', "\\\\")
                    .replace('[', "\\[")
                    .replace(']', "\\]")
                    .replace('<', "\\<")
                    .replace('>', "\\>")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_is_dropped_and_markup_escaped() {
        let text = "Account used:\n    - As SOURCE: [x] <y>\n\n  see https://formance.com.";
        assert_eq!(
            lines(text),
            [" Account used:", " - As SOURCE: \\[x\\] \\<y\\>", "", " see <https://formance.com>."]
        );
    }

    #[test]
    fn fences_become_text_blocks() {
        assert_eq!(lines("```\nlet x;\n"), [" ```text", " let x;", " ```"]);
    }
}
