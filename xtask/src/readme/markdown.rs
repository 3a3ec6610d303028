//! The fenced code blocks of a Markdown file, with the line each starts on, and the sections its
//! headings delimit. Only what READMEs use: fences of three or more backticks or tildes, at any
//! indentation (a block inside a list item is indented), and ATX headings (`## Title`).

/// A fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The line of the opening fence, counted from 1.
    pub fence_line: usize,
    /// The info string after the fence (`rust,no_run`), trimmed.
    pub info: String,
    /// The lines between the fences, as written (indentation included).
    pub lines: Vec<String>,
}

/// The fenced blocks of a file in order, each with the headings it sits under, and every heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    blocks: Vec<(Vec<String>, Block)>,
    headings: Vec<String>,
}

/// Reads the blocks of `text`. A line starting with `#` inside a block is code, not a heading.
pub fn parse(text: &str) -> Document {
    let mut blocks = Vec::new();
    let mut all_headings = Vec::new();
    // The heading of each level above the current line: `headings[0]` is the `#` one.
    let mut headings: Vec<String> = Vec::new();
    let mut open: Option<(String, Block)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some((fence, mut block)) = open.take() {
            if is_closing_fence(trimmed, &fence) {
                blocks.push((headings.clone(), block));
            } else {
                block.lines.push(line.to_owned());
                open = Some((fence, block));
            }
            continue;
        }
        if let Some((fence, info)) = opening_fence(trimmed) {
            open = Some((fence, Block { fence_line: index + 1, info, lines: Vec::new() }));
        } else if let Some((level, title)) = heading(trimmed) {
            headings.truncate(level - 1);
            headings.resize(level - 1, String::new());
            headings.push(title.clone());
            all_headings.push(title);
        }
    }
    if let Some((_, block)) = open {
        blocks.push((headings, block));
    }
    Document { blocks, headings: all_headings }
}

impl Document {
    /// The blocks under the heading `title` (at any level), or every block when `title` is `None`.
    pub fn blocks_under(&self, title: Option<&str>) -> Vec<&Block> {
        self.blocks
            .iter()
            .filter(|(headings, _)| title.is_none_or(|title| headings.iter().any(|h| h == title)))
            .map(|(_, block)| block)
            .collect()
    }

    /// Whether some heading of the document is `title`.
    pub fn has_heading(&self, title: &str) -> bool {
        self.headings.iter().any(|h| h == title)
    }

    /// The text of every heading, in order.
    pub fn headings(&self) -> &[String] {
        &self.headings
    }
}

/// ```` ```rust,no_run ```` -> (```` ``` ````, `rust,no_run`).
fn opening_fence(trimmed: &str) -> Option<(String, String)> {
    let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.chars().take_while(|c| *c == marker).count();
    if length < 3 {
        return None;
    }
    let info = trimmed[length..].trim();
    // A backtick fence's info string holds no backtick (CommonMark), else it is inline code.
    if marker == '`' && info.contains('`') {
        return None;
    }
    Some((trimmed[..length].to_owned(), info.to_owned()))
}

fn is_closing_fence(trimmed: &str, fence: &str) -> bool {
    let marker = fence.chars().next().unwrap_or('`');
    let rest = trimmed.trim_start_matches(marker);
    trimmed.len() - rest.len() >= fence.len() && rest.trim().is_empty()
}

/// `## Title` -> (2, `Title`).
fn heading(trimmed: &str) -> Option<(usize, String)> {
    let level = trimmed.chars().take_while(|c| *c == '#').count();
    let rest = &trimmed[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Title\n\n```toml\n[dependencies]\n```\n\n## Use\n\n```rust,no_run\n# hidden\nfn main() {}\n```\n\n\
                        ### Deeper\n\n   ````sh\n   # a comment, not a heading\n   ```\n   ````\n\n## Other\n\n```\nplain\n```\n";

    #[test]
    fn blocks_keep_their_fence_line_info_and_lines() {
        let document = parse(TEXT);
        let blocks = document.blocks_under(None);
        let summary: Vec<(usize, &str, usize)> =
            blocks.iter().map(|b| (b.fence_line, b.info.as_str(), b.lines.len())).collect();
        assert_eq!(summary, [(3, "toml", 1), (9, "rust,no_run", 2), (16, "sh", 2), (23, "", 1)]);
        assert_eq!(blocks[1].lines, ["# hidden", "fn main() {}"]);
        // A shorter fence inside a longer one is content.
        assert_eq!(blocks[2].lines, ["   # a comment, not a heading", "   ```"]);
    }

    #[test]
    fn sections_end_at_the_next_heading_of_their_level() {
        let document = parse(TEXT);
        let under_use: Vec<usize> = document.blocks_under(Some("Use")).iter().map(|b| b.fence_line).collect();
        // `### Deeper` is inside `## Use`; the shell comment is not a heading.
        assert_eq!(under_use, [9, 16]);
        let under_deeper: Vec<usize> = document.blocks_under(Some("Deeper")).iter().map(|b| b.fence_line).collect();
        assert_eq!(under_deeper, [16]);
        assert!(document.blocks_under(Some("Missing")).is_empty());
        assert!(document.has_heading("Other"));
        assert!(!document.has_heading("a comment, not a heading"));
    }

    #[test]
    fn inline_code_and_hashtags_are_neither_fences_nor_headings() {
        let document = parse("```not a fence``` text\n#hashtag\n## Real ##\n```rust\nx\n");
        let blocks = document.blocks_under(Some("Real"));
        assert_eq!(blocks.len(), 1, "{document:?}");
        // A block left open runs to the end of the file, as CommonMark says.
        assert_eq!(blocks[0].lines, ["x"]);
    }
}
