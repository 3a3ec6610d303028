//! `cargo xtask msrv`: the `rust-version` each workspace crate declares is at least what building it
//! needs, so that the number users read is true. A crate needs:
//! - the `rust-version` of every crate it builds: its normal and build dependencies, transitively,
//!   with all its features on, for every platform, at the versions of `Cargo.lock`;
//! - the first Rust of its edition;
//! - the Rust that stabilised the syntax of its `src/` ([`syntax`]).
//!
//! std APIs newer than `rust-version` are caught by clippy's `incompatible_msrv` lint (on in the
//! workspace's `[workspace.lints.clippy]`), not here.

mod syntax;

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::path::Path;

use serde_json::Value;

/// A Rust release, `1.89` or `1.89.0` (a missing patch is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RustVersion {
    major: u64,
    minor: u64,
    patch: u64,
}

impl RustVersion {
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self { major, minor, patch }
    }

    /// The form `rust-version` takes in a manifest: two or three numbers, nothing else.
    pub fn parse(text: &str) -> Option<Self> {
        let numbers: Vec<u64> = text.split('.').map(|part| part.parse().ok()).collect::<Option<_>>()?;
        match numbers.as_slice() {
            [major, minor] => Some(Self::new(*major, *minor, 0)),
            [major, minor, patch] => Some(Self::new(*major, *minor, *patch)),
            _ => None,
        }
    }
}

impl fmt::Display for RustVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.patch == 0 {
            write!(f, "{}.{}", self.major, self.minor)
        } else {
            write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
        }
    }
}

/// One reason a crate needs at least `version`, said so that the reader can find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub version: RustVersion,
    pub what: String,
}

/// The first Rust of each edition.
const EDITIONS: &[(&str, RustVersion)] = &[
    ("2015", RustVersion::new(1, 0, 0)),
    ("2018", RustVersion::new(1, 31, 0)),
    ("2021", RustVersion::new(1, 56, 0)),
    ("2024", RustVersion::new(1, 85, 0)),
];

pub fn run(root: &Path) -> Result<(), String> {
    let metadata = crate::cargo::metadata(root)?;
    let mut failures = Vec::new();
    for member in workspace_members(metadata)? {
        let name = str_field(member, "name")?;
        let Some(declared) = member.get("rust_version").and_then(Value::as_str) else {
            failures.push(format!("{name} declares no rust-version"));
            continue;
        };
        let declared = RustVersion::parse(declared).ok_or_else(|| format!("{name}: bad rust-version {declared:?}"))?;
        let mut needs = dependency_needs(metadata, str_field(member, "id")?)?;
        needs.push(edition_need(str_field(member, "edition")?)?);
        let manifest = Path::new(str_field(member, "manifest_path")?);
        let src = manifest.parent().unwrap_or(root).join("src");
        needs.extend(syntax::needs(&src, root)?);
        match check(name, declared, &needs) {
            Ok(summary) => println!("{summary}"),
            Err(failure) => failures.push(failure),
        }
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n")) }
}

/// Ok with what sets the minimum, or Err naming every need above the declared version.
pub fn check(crate_name: &str, declared: RustVersion, needs: &[Need]) -> Result<String, String> {
    let mut above: Vec<&Need> = needs.iter().filter(|need| need.version > declared).collect();
    if above.is_empty() {
        let highest = needs.iter().max_by_key(|need| need.version);
        return Ok(match highest {
            Some(need) => format!("{crate_name}: rust-version {declared} holds; the highest need is {}", need.what),
            None => format!("{crate_name}: rust-version {declared} holds"),
        });
    }
    above.sort_by(|a, b| b.version.cmp(&a.version).then_with(|| a.what.cmp(&b.what)));
    let lines: Vec<String> = above.iter().map(|need| format!("  {}: {}", need.version, need.what)).collect();
    Err(format!(
        "{crate_name} declares rust-version {declared}, but needs {}:\n{}\nraise `rust-version` in the \
         workspace Cargo.toml, or hold the culprit back (an older version of the dependency, older syntax)",
        above[0].version,
        lines.join("\n")
    ))
}

fn edition_need(edition: &str) -> Result<Need, String> {
    let (_, version) =
        EDITIONS.iter().find(|(name, _)| *name == edition).ok_or_else(|| format!("unknown edition {edition:?}"))?;
    Ok(Need { version: *version, what: format!("edition {edition} (stable since {version})") })
}

/// The `rust-version` of every crate that building `root_id` builds: normal and build dependencies,
/// transitively (dev-dependencies are not built by the crate's users). Path dependencies are
/// crates of the workspace: gone through, but their own `rust-version` is the claim being checked.
pub fn dependency_needs(metadata: &Value, root_id: &str) -> Result<Vec<Need>, String> {
    let packages: BTreeMap<&str, &Value> = array(metadata, "packages")?
        .iter()
        .map(|package| Ok((str_field(package, "id")?, package)))
        .collect::<Result<_, String>>()?;
    let resolve = metadata.get("resolve").filter(|r| !r.is_null()).ok_or("cargo metadata has no resolve")?;
    let nodes: BTreeMap<&str, &Value> = array(resolve, "nodes")?
        .iter()
        .map(|node| Ok((str_field(node, "id")?, node)))
        .collect::<Result<_, String>>()?;

    // Breadth first, so that the path kept to each crate is a shortest one.
    let mut via: BTreeMap<&str, Option<&str>> = BTreeMap::from([(root_id, None)]);
    let mut queue = VecDeque::from([root_id]);
    while let Some(id) = queue.pop_front() {
        let node = nodes.get(id).ok_or_else(|| format!("{id} is not in the resolve graph"))?;
        for dep in array(node, "deps")? {
            let built = array(dep, "dep_kinds")?
                .iter()
                .any(|kind| matches!(kind.get("kind").and_then(Value::as_str), None | Some("build")));
            let dep_id = str_field(dep, "pkg")?;
            if built && !via.contains_key(dep_id) {
                via.insert(dep_id, Some(id));
                queue.push_back(dep_id);
            }
        }
    }

    let label = |id: &str| -> Result<String, String> {
        let package = packages.get(id).ok_or_else(|| format!("{id} is not in the package list"))?;
        Ok(format!("{} {}", str_field(package, "name")?, str_field(package, "version")?))
    };
    let mut needs = Vec::new();
    for (&id, _) in via.iter().filter(|(id, _)| **id != root_id) {
        let package = packages.get(id).ok_or_else(|| format!("{id} is not in the package list"))?;
        // A path dependency is a crate of the workspace, checked on its own.
        if package.get("source").is_none_or(Value::is_null) {
            continue;
        }
        let Some(text) = package.get("rust_version").and_then(Value::as_str) else { continue };
        let name = label(id)?;
        let version = RustVersion::parse(text).ok_or_else(|| format!("{name}: bad rust-version {text:?}"))?;
        let mut path = vec![name.clone()];
        let mut step = via[id];
        while let Some(parent) = step {
            path.push(str_field(packages[parent], "name")?.to_owned());
            step = via[parent];
        }
        path.reverse();
        needs.push(Need { version, what: format!("{name} declares rust-version {text} (via {})", path.join(" > ")) });
    }
    Ok(needs)
}

fn workspace_members(metadata: &Value) -> Result<Vec<&Value>, String> {
    let members: Vec<&str> = array(metadata, "workspace_members")?.iter().filter_map(Value::as_str).collect();
    Ok(array(metadata, "packages")?
        .iter()
        .filter(|package| package.get("id").and_then(Value::as_str).is_some_and(|id| members.contains(&id)))
        .collect())
}

fn array<'a>(value: &'a Value, key: &str) -> Result<&'a Vec<Value>, String> {
    value.get(key).and_then(Value::as_array).ok_or_else(|| format!("cargo metadata: `{key}` is not an array"))
}

fn str_field<'a>(value: &'a Value, key: &str) -> Result<&'a str, String> {
    value.get(key).and_then(Value::as_str).ok_or_else(|| format!("cargo metadata: `{key}` is not a string"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(text: &str) -> RustVersion {
        RustVersion::parse(text).unwrap()
    }

    #[test]
    fn versions_parse_and_order_like_rust_releases() {
        assert_eq!(v("1.89"), v("1.89.0"));
        assert!(v("1.9") < v("1.10"), "numbers, not text");
        assert!(v("1.88.1") > v("1.88"));
        for bad in ["", "1", "1.x", "1.89.0.1", "1.89-nightly", " 1.89"] {
            assert_eq!(RustVersion::parse(bad), None, "{bad:?}");
        }
        assert_eq!(v("1.89.0").to_string(), "1.89");
        assert_eq!(v("1.88.2").to_string(), "1.88.2");
    }

    /// app -> lib (normal) -> deep (normal); app -> gen (build) -> helper (normal);
    /// app -> test-only (dev) -> dev-deep (normal); app -> runtime (a path dependency) -> leaf.
    fn metadata() -> Value {
        let registry = "registry+https://github.com/rust-lang/crates.io-index";
        let package = |name: &str, rust_version: Option<&str>| {
            json!({"id": format!("{name}-id"), "name": name, "version": "1.0.0", "rust_version": rust_version,
                   "source": registry})
        };
        let member = |name: &str, rust_version: &str| {
            json!({"id": format!("{name}-id"), "name": name, "version": "0.1.0", "rust_version": rust_version,
                   "source": null})
        };
        let dep = |name: &str, kind: Option<&str>| json!({"pkg": format!("{name}-id"), "dep_kinds": [{"kind": kind}]});
        json!({
            "packages": [
                member("app", "1.80"), member("runtime", "1.99"), package("leaf", Some("1.50")),
                package("lib", Some("1.70")), package("deep", Some("1.86.0")),
                package("gen", Some("1.60")), package("helper", Some("1.87")), package("no-msrv", None),
                package("test-only", Some("1.95")), package("dev-deep", Some("1.99")),
            ],
            "workspace_members": ["app-id", "runtime-id"],
            "resolve": {"nodes": [
                {"id": "app-id", "deps": [
                    dep("lib", None), dep("gen", Some("build")), dep("test-only", Some("dev")), dep("runtime", None),
                ]},
                {"id": "runtime-id", "deps": [dep("leaf", None)]},
                {"id": "leaf-id", "deps": []},
                {"id": "lib-id", "deps": [dep("deep", None), dep("no-msrv", None)]},
                {"id": "deep-id", "deps": []},
                {"id": "gen-id", "deps": [dep("helper", None)]},
                {"id": "helper-id", "deps": []},
                {"id": "no-msrv-id", "deps": []},
                {"id": "test-only-id", "deps": [dep("dev-deep", None)]},
                {"id": "dev-deep-id", "deps": []},
            ]},
        })
    }

    #[test]
    fn dependency_needs_follow_normal_build_and_path_edges_but_not_dev_ones() {
        let needs = dependency_needs(&metadata(), "app-id").unwrap();
        let mut found: Vec<(String, &str)> = needs.iter().map(|n| (n.version.to_string(), n.what.as_str())).collect();
        found.sort();
        assert_eq!(
            found,
            [
                ("1.50".to_owned(), "leaf 1.0.0 declares rust-version 1.50 (via app > runtime > leaf 1.0.0)"),
                ("1.60".to_owned(), "gen 1.0.0 declares rust-version 1.60 (via app > gen 1.0.0)"),
                ("1.70".to_owned(), "lib 1.0.0 declares rust-version 1.70 (via app > lib 1.0.0)"),
                ("1.86".to_owned(), "deep 1.0.0 declares rust-version 1.86.0 (via app > lib > deep 1.0.0)"),
                ("1.87".to_owned(), "helper 1.0.0 declares rust-version 1.87 (via app > gen > helper 1.0.0)"),
            ],
            "neither dev-only crates nor the workspace's own `runtime`, but what `runtime` depends on"
        );
    }

    #[test]
    fn check_fails_naming_every_culprit_above_the_declared_version() {
        let needs = dependency_needs(&metadata(), "app-id").unwrap();
        let error = check("app", v("1.80"), &needs).unwrap_err();
        assert!(error.starts_with("app declares rust-version 1.80, but needs 1.87:\n"), "{error}");
        assert!(error.contains("  1.87: helper 1.0.0 declares rust-version 1.87 (via app > gen > helper 1.0.0)"));
        assert!(error.contains("  1.86: deep 1.0.0"), "{error}");
        assert!(!error.contains("lib 1.0.0 declares"), "1.70 is fine: {error}");

        let summary = check("app", v("1.87"), &needs).unwrap();
        assert_eq!(
            summary,
            "app: rust-version 1.87 holds; the highest need is helper 1.0.0 declares rust-version 1.87 (via app > \
             gen > helper 1.0.0)"
        );
    }

    #[test]
    fn edition_and_syntax_needs_count_like_dependencies() {
        let mut needs = vec![edition_need("2024").unwrap()];
        assert!(check("app", v("1.84"), &needs).unwrap_err().contains("  1.85: edition 2024 (stable since 1.85)"));
        needs
            .extend(syntax::needs_in_source("fn f(a: Option<u8>) { if let Some(x) = a && x > 1 {} }", "f.rs").unwrap());
        let error = check("app", v("1.85"), &needs).unwrap_err();
        assert!(error.contains("  1.88: let chain at f.rs:1:26 (stable since 1.88)"), "{error}");
        assert!(edition_need("2027").is_err());
    }
}
