//! Doc comments from spec text, made safe for rustdoc: no accidental code blocks, links or HTML.

use std::borrow::Cow;

use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};
use quote::quote;

use crate::error::one_line;

/// `#[doc]` attributes for each line of `text`; nothing for `None` or blank text.
pub fn doc(text: Option<&str>) -> TokenStream {
    let lines = text.map(lines).unwrap_or_default();
    quote! { #( #[doc = #lines] )* }
}

/// `#[doc]` attributes for the spec's `text`, escaped, or, when the spec has none, for what the
/// generator writes instead: one line of its own Markdown, links meant (see `described`).
pub fn doc_or_generated(text: Option<&str>, generated: impl FnOnce() -> String) -> TokenStream {
    if has_text(text) {
        doc(text)
    } else {
        let line = format!(" {}", generated());
        quote! { #[doc = #line] }
    }
}

/// Whether the spec's `text` makes a doc (not `None`, not blank).
pub fn has_text(text: Option<&str>) -> bool {
    text.is_some_and(|text| !lines(text).is_empty())
}

/// `tokens` with every doc attribute on one line: a line break or another control character in one
/// (a spec value the generator quotes: an enum value, a tag, a server URL, a media type) is written
/// escaped, as `\n`. Every doc line the generator means is an attribute of its own, so this is the
/// one guard, for every file, that a spec value never starts a line of the docs, where it could open
/// a code block that rustdoc runs as a doctest.
pub fn one_line_docs(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    for tree in tokens {
        let tree = match tree {
            TokenTree::Group(group)
                if group.delimiter() == Delimiter::Bracket && out.last().is_some_and(is_pound_or_bang) =>
            {
                rebuilt(&group, one_line_attribute(group.stream()))
            }
            TokenTree::Group(group) => rebuilt(&group, one_line_docs(group.stream())),
            other => other,
        };
        out.push(tree);
    }
    out.into_iter().collect()
}

fn is_pound_or_bang(tree: &TokenTree) -> bool {
    matches!(tree, TokenTree::Punct(p) if p.as_char() == '#' || p.as_char() == '!')
}

fn rebuilt(group: &Group, stream: TokenStream) -> TokenTree {
    let mut rebuilt = Group::new(group.delimiter(), stream);
    rebuilt.set_span(group.span());
    TokenTree::Group(rebuilt)
}

/// An attribute's tokens: `doc = "..."` with its text escaped where it breaks a line.
fn one_line_attribute(stream: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(text)]
            if name == "doc" && eq.as_char() == '=' =>
        {
            let Ok(value) = syn::parse2::<syn::LitStr>(TokenTree::Literal(text.clone()).into()).map(|lit| lit.value())
            else {
                return trees.into_iter().collect();
            };
            match one_line(&value) {
                Cow::Borrowed(_) => trees.into_iter().collect(),
                Cow::Owned(escaped) => {
                    [trees[0].clone(), trees[1].clone(), TokenTree::Literal(Literal::string(&escaped))]
                        .into_iter()
                        .collect()
                }
            }
        }
        _ => trees.into_iter().collect(),
    }
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

/// The same, as Markdown text (a crate's README): escaped as the docs are, so that it reads the same
/// on a forge and as the crate docs that include it.
pub fn markdown<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let lines: Vec<String> = paragraph_lines(paragraphs)
        .into_iter()
        .map(|line| line.strip_prefix(' ').unwrap_or(&line).to_owned())
        .collect();
    lines.join("\n")
}

/// Spec text on one line of Markdown (a heading), escaped as the docs' text is; no block can start
/// in it, a fence included.
pub fn inline(text: &str) -> String {
    text.split_whitespace().map(escape).collect::<Vec<_>>().join(" ")
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
    // The fence that opened the code block we are in (its run of ``` or ~~~).
    let mut fence: Option<String> = None;
    // The column where the text of the list item this paragraph continues starts.
    let mut list_item: Option<usize> = None;
    for line in text.trim().lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            // Only the same marker, at least as long, alone on its line closes the block.
            let closes = fence_of(trimmed)
                .is_some_and(|run| run.len() == trimmed.len() && run.len() >= open.len() && run[..1] == open[..1]);
            out.push(if closes { format!(" {trimmed}") } else { format!(" {line}") });
            if closes {
                fence = None;
            }
        } else if let Some(open) = fence_of(trimmed) {
            // Every block of the spec is text: rustdoc runs a block labelled `should_panic`,
            // `no_run`, `edition2021`... as Rust, and only highlights Rust anyway.
            out.push(format!(" {open}text"));
            fence = Some(open);
        } else if trimmed.is_empty() {
            list_item = None;
            out.push(String::new());
        } else if let Some(width) = list_marker_width(trimmed) {
            list_item = Some(width);
            out.push(format!(" {}", escape(trimmed)));
        } else {
            // Leading spaces would make an indented code block, which rustdoc runs as a doctest; the
            // lines that continue a list item are indented to its text, as Markdown wants them.
            let indent = " ".repeat(list_item.unwrap_or(0));
            out.push(format!(" {indent}{}", escape(trimmed)));
        }
    }
    if let Some(open) = fence {
        out.push(format!(" {open}"));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// The fence a line opens a code block with: three or more backticks or tildes.
fn fence_of(line: &str) -> Option<String> {
    let marker = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run: String = line.chars().take_while(|c| *c == marker).collect();
    (run.len() >= 3).then_some(run)
}

/// The width of the list marker a line starts with, spaces after it included (`*   ` is 4, `10. ` is 4).
fn list_marker_width(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 && digits < 10 => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    // A marker is followed by one to four spaces and then text.
    (1..=4).contains(&spaces).then_some(marker + spaces).filter(|width| *width < line.len())
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
    fn lines_that_continue_a_list_item_are_indented_to_its_text() {
        let text = "Note:\n*   first item, on\n    two lines\n10. numbered\nlazy\n\nafter the list\n-1 is no item";
        assert_eq!(
            lines(text),
            [
                " Note:",
                " *   first item, on",
                "     two lines",
                " 10. numbered",
                "     lazy",
                "",
                " after the list",
                " -1 is no item"
            ]
        );
    }

    #[test]
    fn doc_attributes_stay_on_one_line() {
        let value = "a\n```should_panic\nstd::process::exit(1)\n```";
        let line = format!(" The value `{value}`.");
        let tokens = quote! {
            #![doc = #line]
            mod m { #[doc = #line] #[derive(Debug)] pub struct S; }
        };
        let out = one_line_docs(tokens).to_string();
        let escaped = r#"" The value `a\\n```should_panic\\nstd::process::exit(1)\\n````.""#;
        assert_eq!(out.matches(escaped).count(), 2, "{out}");
        // Other attributes and doc lines without a line break are left alone.
        let plain = quote!(
            #[doc = " plain"]
            #[derive(Debug)]
            struct T;
        );
        assert_eq!(one_line_docs(plain.clone()).to_string(), plain.to_string());
    }

    #[test]
    fn fences_become_text_blocks() {
        assert_eq!(lines("```\nlet x;\n"), [" ```text", " let x;", " ```"]);
        // Labels rustdoc would run as Rust, and the other fence, are text too; a shorter run or the
        // other marker inside does not close the block.
        assert_eq!(lines("```should_panic\npanic!()\n```"), [" ```text", " panic!()", " ```"]);
        assert_eq!(
            lines("~~~~no_run\n```\n~~~\nx\n~~~~\nafter"),
            [" ~~~~text", " ```", " ~~~", " x", " ~~~~", " after"]
        );
        assert_eq!(lines("```json\n{}"), [" ```text", " {}", " ```"]);
    }
}
