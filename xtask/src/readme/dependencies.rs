//! The dependencies a README tells its users to add: the `name = ...` lines of its ```` ```toml ````
//! blocks, read one per line (what a README shows; anything else is refused, naming its line, rather
//! than guessed), with relative paths taken from the repository's root.
//!
//! The first line naming a dependency is what users add; a later block naming it again shows an
//! alternative (the TLS features: `default-features = false, features = ["native-tls"]`), which is
//! resolved by cargo but not built again: it changes no API. Lines under `[dev-dependencies]` are
//! what users add for their tests (`features = ["test-util"]`): the README's test blocks get them,
//! as a user's tests do, and nothing else does.

use std::path::Path;

use super::markdown::Block;

/// One `name = spec` line, with the README line it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    /// The right-hand side, paths made absolute.
    pub spec: String,
    pub line: usize,
}

impl Dependency {
    /// The manifest line.
    pub fn toml(&self) -> String {
        format!("{} = {}", self.name, self.spec)
    }
}

/// What the README lists: the dependencies users add, and alternatives to some of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dependencies {
    pub listed: Vec<Dependency>,
    pub alternatives: Vec<Dependency>,
    /// Under `[dev-dependencies]`.
    pub dev: Vec<Dependency>,
}

impl Dependencies {
    /// The dependency lines of `listed`, with `alternative` in place of the one of the same name.
    pub fn manifest_lines(&self, alternative: Option<&Dependency>) -> Vec<String> {
        self.listed
            .iter()
            .map(|dependency| match alternative {
                Some(alternative) if alternative.name == dependency.name => alternative.toml(),
                _ => dependency.toml(),
            })
            .collect()
    }
}

/// The dependencies of the ```` ```toml ```` blocks among `blocks` (of `readme`, for messages).
pub fn read(readme: &str, blocks: &[&Block], root: &Path) -> Result<Dependencies, String> {
    let mut dependencies = Dependencies::default();
    for block in blocks.iter().filter(|block| block.info.split([',', ' ']).next() == Some("toml")) {
        // Each block starts in `[dependencies]`, as a README's snippet is read.
        let mut dev = false;
        for (offset, text) in block.lines.iter().enumerate() {
            let line = block.fence_line + 1 + offset;
            let at = |reason: &str| format!("{readme}:{line}: {reason}: `{}`", text.trim());
            let text = text.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            if text == "[dependencies]" || text == "[dev-dependencies]" {
                dev = text == "[dev-dependencies]";
                continue;
            }
            if text.starts_with('[') {
                return Err(at("only `[dependencies]` and `[dev-dependencies]` tables are read by this check"));
            }
            let Some((name, spec)) = text.split_once('=') else {
                return Err(at("expected one `name = ...` dependency per line"));
            };
            let (name, spec) = (name.trim(), spec.trim());
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                return Err(at("expected a crate name before `=`"));
            }
            if !is_one_value(spec) {
                return Err(at("expected a string or an inline table after `=`, on one line"));
            }
            let dependency = Dependency { name: name.to_owned(), spec: absolute_paths(spec, root), line };
            if dev {
                if dependencies.dev.iter().any(|listed| listed.name == dependency.name) {
                    return Err(at("this crate is already a dev-dependency"));
                }
                dependencies.dev.push(dependency);
            } else if dependencies.listed.iter().any(|listed| listed.name == dependency.name) {
                dependencies.alternatives.push(dependency);
            } else {
                dependencies.listed.push(dependency);
            }
        }
    }
    Ok(dependencies)
}

/// A TOML string (`"1"`) or an inline table (`{ ... }`) whose brackets balance outside strings.
fn is_one_value(spec: &str) -> bool {
    if spec.starts_with('"') {
        return spec.len() >= 2 && spec.ends_with('"') && !spec[1..spec.len() - 1].contains('"');
    }
    if !(spec.starts_with('{') && spec.ends_with('}')) {
        return false;
    }
    let (mut depth, mut in_string) = (0i32, false);
    for (index, c) in spec.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '{' | '[' if !in_string => depth += 1,
            '}' | ']' if !in_string => {
                depth -= 1;
                if depth == 0 && index != spec.len() - 1 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !in_string
}

/// `spec` with the value of its `path` key replaced by `path` (the inline table `{ path = ... }` when it
/// is a version string), its other keys kept: a crate the check generates, wherever the README says
/// it is.
pub fn with_path(spec: &str, path: &str) -> String {
    let quoted = format!("{path:?}");
    let Some(at) = find_path_key(spec) else {
        return match spec.strip_prefix('{') {
            Some(rest) => format!("{{ path = {quoted},{rest}"),
            None => format!("{{ path = {quoted} }}"),
        };
    };
    let after = &spec[at..];
    let start = after.find('"').map_or(after.len(), |i| i + 1);
    let end = after[start..].find('"').map_or(after.len(), |i| start + i + 1);
    format!("{}path = {quoted}{}", &spec[..at], &after[end..])
}

/// `path = "sdk"` -> `path = "/repository/sdk"`: a README's paths are relative to the repository.
fn absolute_paths(spec: &str, root: &Path) -> String {
    let mut out = String::new();
    let mut rest = spec;
    while let Some(at) = find_path_key(rest) {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let value_start = after.find('"').map(|i| i + 1);
        let value_end = value_start.and_then(|start| after[start..].find('"').map(|end| start + end));
        let (Some(start), Some(end)) = (value_start, value_end) else {
            out.push_str(after);
            return out;
        };
        let path = &after[start..end];
        let absolute = if Path::new(path).is_absolute() { Path::new(path).to_path_buf() } else { root.join(path) };
        out.push_str(&after[..start - 1]);
        out.push_str(&format!("{:?}", absolute.display().to_string()));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Where a `path = "` key starts in an inline table.
fn find_path_key(spec: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = spec[from..].find("path") {
        let at = from + found;
        let before = spec[..at].chars().next_back();
        let after = spec[at + 4..].trim_start();
        if matches!(before, Some('{' | ',' | ' ')) && after.starts_with('=') && after[1..].trim_start().starts_with('"')
        {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml(fence_line: usize, lines: &[&str]) -> Block {
        Block { fence_line, info: "toml".into(), lines: lines.iter().map(|l| (*l).to_owned()).collect() }
    }

    #[test]
    fn reads_listed_dependencies_and_alternatives() {
        let root = Path::new("/repo");
        let first = toml(10, &["[dependencies]", "formance-orchestration = { path = \"sdk\" }", "tokio = \"1\""]);
        let second = toml(
            20,
            &[
                "# TLS",
                "formance-orchestration = { path = \"sdk\", default-features = false, features = [\"native-tls\"] }",
            ],
        );
        let rust = Block { fence_line: 30, info: "rust".into(), lines: vec!["x = 1".into()] };
        let dependencies = read("README.md", &[&first, &rust, &second], root).unwrap();
        assert_eq!(
            dependencies.manifest_lines(None),
            ["formance-orchestration = { path = \"/repo/sdk\" }", "tokio = \"1\""]
        );
        assert_eq!(dependencies.listed[0].line, 12);
        assert_eq!(dependencies.alternatives.len(), 1);
        assert_eq!(dependencies.alternatives[0].line, 22);
        assert_eq!(
            dependencies.manifest_lines(Some(&dependencies.alternatives[0]))[0],
            "formance-orchestration = { path = \"/repo/sdk\", default-features = false, features = [\"native-tls\"] }"
        );
    }

    #[test]
    fn refuses_what_it_cannot_read_naming_the_line() {
        let root = Path::new("/repo");
        let cases = [
            ("[features]", "only `[dependencies]` and `[dev-dependencies]` tables"),
            ("tokio", "one `name = ...`"),
            ("tokio = { version = \"1\"", "on one line"),
            ("tokio = 1", "on one line"),
            ("tokio = { version = \"1\" } extra", "on one line"),
            ("my crate = \"1\"", "a crate name"),
        ];
        for (line, reason) in cases {
            let error = read("R.md", &[&toml(4, &[line])], root).unwrap_err();
            assert!(error.starts_with("R.md:5: ") && error.contains(reason), "{line}: {error}");
        }
    }

    #[test]
    fn dev_dependencies_are_read_apart() {
        let root = Path::new("/repo");
        let block = toml(
            1,
            &[
                "[dependencies]",
                "a = { path = \"a\" }",
                "[dev-dependencies]",
                "a = { path = \"a\", features = [\"test-util\"] }",
                "tokio = \"1\"",
            ],
        );
        let dependencies = read("R.md", &[&block], root).unwrap();
        assert_eq!(dependencies.manifest_lines(None), ["a = { path = \"/repo/a\" }"]);
        let dev: Vec<String> = dependencies.dev.iter().map(Dependency::toml).collect();
        assert_eq!(dev, ["a = { path = \"/repo/a\", features = [\"test-util\"] }", "tokio = \"1\""]);
        assert!(dependencies.alternatives.is_empty());
        // A block that does not say its table is `[dependencies]`.
        let next = toml(10, &["b = \"1\""]);
        assert_eq!(read("R.md", &[&block, &next], root).unwrap().listed.len(), 2);
        let twice = toml(1, &["[dev-dependencies]", "a = \"1\"", "a = \"2\""]);
        assert!(read("R.md", &[&twice], root).unwrap_err().starts_with("R.md:4: this crate is already"));
    }

    #[test]
    fn a_generated_crate_takes_the_place_of_the_path_the_readme_says() {
        assert_eq!(
            with_path("{ path = \"../acme\", features = [\"x\"] }", "/t/acme"),
            "{ path = \"/t/acme\", features = [\"x\"] }"
        );
        assert_eq!(with_path("{ version = \"1\" }", "/t/acme"), "{ path = \"/t/acme\", version = \"1\" }");
        assert_eq!(with_path("\"1\"", "/t/acme"), "{ path = \"/t/acme\" }");
    }

    #[test]
    fn only_path_keys_are_rewritten() {
        let root = Path::new("/repo");
        assert_eq!(absolute_paths("{ path = \"sdk\" }", root), "{ path = \"/repo/sdk\" }");
        assert_eq!(absolute_paths("{path=\"/abs\", version = \"1\"}", root), "{path=\"/abs\", version = \"1\"}");
        assert_eq!(absolute_paths("{ git = \"https://x/path\" }", root), "{ git = \"https://x/path\" }");
        assert_eq!(absolute_paths("{ xpath = \"a\" }", root), "{ xpath = \"a\" }");
        assert_eq!(absolute_paths("\"1\"", root), "\"1\"");
    }
}
