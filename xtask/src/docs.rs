//! `cargo xtask docs` (a step of `cargo xtask test`): the published crates' documentation as docs.rs
//! builds it, warnings denied. Each crate is documented alone with the features and rustdoc
//! arguments of its `[package.metadata.docs.rs]` (all features, `--cfg docsrs`), so that the
//! manifest stays the one place that says how. Then the links of each README that is a crate page
//! to its own sections (`[Models](#models-and-new-versions-of-the-api)`) must land on a heading both
//! where rustdoc renders it and where GitHub and crates.io do. Last, the docs of the modules
//! generated from every fixture spec (`codegen/wire-tests`), warnings denied.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use serde_json::Value;

use crate::cargo::cargo;
use crate::package::PUBLISHED;
use crate::readme::markdown;

/// Set, to the real rustdoc, on the `cargo doc` this step runs, whose `RUSTDOC` is this program:
/// see [`wrapped_rustdoc`].
const WRAPPED_RUSTDOC: &str = "XTASK_WRAPPED_RUSTDOC";

pub fn run(root: &Path) -> Result<(), String> {
    let metadata = crate::cargo::metadata(root)?;
    let target_dir = crate::cargo::target_dir(root)?;
    let wrapper = copy_of_this_program(&target_dir)?;
    let wrapper = wrapper.to_str().ok_or("a target directory that is not UTF-8")?;
    let rustdoc = std::env::var("RUSTDOC").unwrap_or_else(|_| "rustdoc".to_owned());
    let gated = gated_features(metadata)?;
    for name in PUBLISHED {
        let package = crate::cargo::package(metadata, name)?;
        let settings = DocsRs::of(package)?;
        let mut args = vec!["doc", "--no-deps", "--quiet", "--package", name];
        args.extend(settings.feature_args.iter().map(String::as_str));
        let flags = [&settings.rustdoc_args[..], &["-D".to_owned(), "warnings".to_owned()]].concat().join(" ");
        cargo(
            root,
            &args,
            &[("RUSTDOCFLAGS", flags.as_str()), ("RUSTDOC", wrapper), (WRAPPED_RUSTDOC, rustdoc.as_str())],
        )?;
        let lib = package["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|target| target["kind"].as_array().is_some_and(|kinds| kinds.iter().any(|k| k == "lib")))
            .and_then(|target| target["name"].as_str())
            .ok_or_else(|| format!("{name} has no library"))?
            .replace('-', "_");
        let docs = target_dir.join("doc").join(&lib);
        let manifest = package["manifest_path"].as_str().ok_or("cargo metadata: no manifest_path")?;
        let readme = package["readme"].as_str().ok_or_else(|| format!("{name}: no `readme` in its Cargo.toml"))?;
        check_crate_page(&Path::new(manifest).with_file_name(readme), &docs.join("index.html"))?;
        // Its own gated items, and those of the published crates it depends on (and shows, as the SDK
        // shows the runtime's `BigInt`): not the SDK's for the runtime, which cannot show them.
        let dependencies = package["dependencies"].as_array().into_iter().flatten();
        let shown = std::iter::once(*name).chain(dependencies.filter_map(|d| d["name"].as_str()));
        let gated_here: BTreeSet<String> = shown.filter_map(|p| gated.get(p)).flatten().cloned().collect();
        check_feature_badges(name, package, &gated_here, &docs)?;
    }
    // The docs the generator writes for every fixture spec (links to models, operations, the
    // runtime), which the published crates' docs do not all exercise.
    cargo(
        root,
        &["doc", "--no-deps", "--quiet", "--package", "codegen-wire-tests"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    println!(
        "the docs of {} build as on docs.rs, without warnings; their crate pages are their READMEs; the \
         generated fixtures' docs build without warnings",
        PUBLISHED.join(" and ")
    );
    Ok(())
}

/// What `[package.metadata.docs.rs]` asks for: cargo's feature arguments and rustdoc's.
#[derive(Debug, PartialEq, Eq)]
struct DocsRs {
    feature_args: Vec<String>,
    rustdoc_args: Vec<String>,
}

impl DocsRs {
    /// A published crate without the table would be documented on docs.rs with its default
    /// features only, and without the feature badges: refused.
    fn of(package: &Value) -> Result<Self, String> {
        let name = package["name"].as_str().unwrap_or_default();
        let table = &package["metadata"]["docs"]["rs"];
        if !table.is_object() {
            return Err(format!("{name}: no [package.metadata.docs.rs] in its Cargo.toml"));
        }
        let strings = |key: &str| -> Vec<String> {
            table[key].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
        };
        let mut feature_args = Vec::new();
        if table["all-features"] == true {
            feature_args.push("--all-features".to_owned());
        }
        if table["no-default-features"] == true {
            feature_args.push("--no-default-features".to_owned());
        }
        let features = strings("features");
        if !features.is_empty() {
            feature_args.extend(["--features".to_owned(), features.join(",")]);
        }
        let rustdoc_args = strings("rustdoc-args");
        if !rustdoc_args.windows(2).any(|pair| pair[0] == "--cfg" && pair[1] == "docsrs") {
            return Err(format!("{name}: [package.metadata.docs.rs] has no rustdoc-args = [\"--cfg\", \"docsrs\"]"));
        }
        Ok(Self { feature_args, rustdoc_args })
    }
}

/// A copy of this program, to be the rustdoc of `cargo doc` (see [`wrapped_rustdoc`]). Not the
/// program itself: `cargo xtask test` rebuilds it (its `cargo test --workspace` unifies other
/// features), and on Linux the running program's path then names a deleted file. Its contents are
/// still readable through `/proc/self/exe`.
fn copy_of_this_program(target_dir: &Path) -> Result<PathBuf, String> {
    let this = if cfg!(target_os = "linux") {
        PathBuf::from("/proc/self/exe")
    } else {
        std::env::current_exe().map_err(|e| format!("cannot find the xtask program: {e}"))?
    };
    let dir = target_dir.join("xtask-rustdoc");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let copy = dir.join(format!("rustdoc{}", std::env::consts::EXE_SUFFIX));
    std::fs::copy(&this, &copy).map_err(|e| format!("cannot copy {} to {}: {e}", this.display(), copy.display()))?;
    Ok(copy)
}

/// Runs rustdoc for the `cargo doc` of [`run`], when this program is that rustdoc.
///
/// docs.rs builds with a nightly rustdoc and `--cfg docsrs`, under which our crates turn on
/// `feature(doc_cfg)` (unstable in Rust 1.95) to show each feature-gated item's feature. Building
/// the same with a stable toolchain needs `RUSTC_BOOTSTRAP`. Set for the whole `cargo doc`, it would
/// reach the build scripts of dependencies too (proc-macro2's turns on nightly-only code when it
/// sees it, and reruns whenever it changes, rebuilding everything above it): so it is given to
/// rustdoc alone, through this wrapper, and even there only for our crates. Users' builds never see
/// it, and without `--cfg docsrs` our crates use no unstable feature.
pub fn wrapped_rustdoc() -> Option<ExitCode> {
    let rustdoc = std::env::var_os(WRAPPED_RUSTDOC)?;
    let ours: Vec<String> = PUBLISHED.iter().map(|name| name.replace('-', "_")).collect();
    let status = Command::new(&rustdoc)
        .args(std::env::args_os().skip(1).collect::<Vec<OsString>>())
        .env("RUSTC_BOOTSTRAP", ours.join(","))
        .env_remove(WRAPPED_RUSTDOC)
        .status();
    Some(match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(status.code().and_then(|code| u8::try_from(code).ok()).unwrap_or(1)),
        Err(e) => {
            eprintln!("xtask: cannot run {}: {e}", rustdoc.to_string_lossy());
            ExitCode::FAILURE
        }
    })
}

/// The crate page is the README: each heading of `readme` is on `page`, with the anchor GitHub and
/// crates.io give it, and each `](#fragment)` link of the README lands on one of them.
fn check_crate_page(readme: &Path, page: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(readme).map_err(|e| format!("cannot read {}: {e}", readme.display()))?;
    let html = std::fs::read_to_string(page).map_err(|e| format!("cannot read {}: {e}", page.display()))?;
    let slugs: Vec<String> = markdown::parse(&text).headings().iter().map(|heading| github_slug(heading)).collect();
    let mut problems: Vec<String> = slugs
        .iter()
        .filter(|slug| !html.contains(&format!("id=\"{slug}\"")))
        .map(|slug| format!("no #{slug} on the crate page, {} (is the README its crate doc?)", page.display()))
        .collect();
    problems.extend(
        fragments(&text)
            .into_iter()
            .filter(|fragment| !slugs.contains(fragment))
            .map(|fragment| format!("a link to #{fragment}, which no heading has")),
    );
    if problems.is_empty() { Ok(()) } else { Err(format!("{}:\n  {}", readme.display(), problems.join("\n  "))) }
}

/// The features that gate items (`cfg(feature = "...")`) in the sources of each published crate.
fn gated_features(metadata: &Value) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let mut by_package = BTreeMap::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let Some(name) = package["name"].as_str().filter(|name| PUBLISHED.contains(name)) else {
            continue;
        };
        let gated: &mut BTreeSet<String> = by_package.entry(name.to_owned()).or_default();
        let manifest = Path::new(package["manifest_path"].as_str().ok_or("cargo metadata: no manifest_path")?);
        for file in crate::output::list_files(&manifest.with_file_name("src")) {
            let path = manifest.with_file_name("src").join(&file);
            if !file.ends_with(".rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            for line in text.lines().filter(|line| line.contains("cfg(")) {
                gated.extend(
                    line.split("feature = \"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_owned),
                );
            }
        }
    }
    Ok(by_package)
}

/// Each feature of `package` that gates items somewhere in the published crates (its own, or those
/// of a crate whose items it shows, as the SDK shows the runtime's `BigInt`) is named on its pages.
fn check_feature_badges(name: &str, package: &Value, gated: &BTreeSet<String>, docs: &Path) -> Result<(), String> {
    let features: Vec<&String> =
        gated.iter().filter(|feature| !package["features"][feature.as_str()].is_null()).collect();
    if features.is_empty() {
        return Ok(());
    }
    let mut unseen: Vec<&String> = features.clone();
    for file in crate::output::list_files(docs) {
        if unseen.is_empty() {
            break;
        }
        if file.ends_with(".html") {
            let html = std::fs::read_to_string(docs.join(&file)).unwrap_or_default();
            unseen.retain(|feature| !html.contains(&format!("crate feature <code>{feature}</code>")));
        }
    }
    if unseen.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name}: the docs never say which items need the feature(s) {unseen:?} (`#![cfg_attr(docsrs, \
             feature(doc_cfg))]`, and a `cfg` on each gated item, not only on its module)"
        ))
    }
}

/// The `#fragment` of every `](#fragment)` link.
fn fragments(text: &str) -> Vec<String> {
    text.split("](#").skip(1).filter_map(|rest| rest.split_once(')').map(|(fragment, _)| fragment.to_owned())).collect()
}

/// GitHub's anchor for a heading: lower case, markup and punctuation dropped (but `-` and `_`),
/// spaces as `-`.
fn github_slug(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fragments_and_headings_as_github_reads_them() {
        assert_eq!(github_slug("Models, and new versions of the API"), "models-and-new-versions-of-the-api");
        assert_eq!(
            github_slug("JSON: exact amounts, and your serde_json untouched"),
            "json-exact-amounts-and-your-serde_json-untouched"
        );
        assert_eq!(github_slug("Unions, `allOf` wrappers"), "unions-allof-wrappers");
        let text = "# A\n## TLS features\nSee [the features](#tls-features) and [x](#a).";
        assert_eq!(fragments(text), ["tls-features", "a"]);
    }

    #[test]
    fn the_crate_page_must_hold_every_heading_and_links_must_land_on_one() {
        let dir = std::env::temp_dir().join(format!("xtask-crate-page-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (readme, page) = (dir.join("README.md"), dir.join("index.html"));
        std::fs::write(&readme, "## Use\n\n### TLS features\n\n[a](#tls-features) [b](#use) [c](#gone)\n").unwrap();
        std::fs::write(&page, "<h2 id=\"use\">Use</h2><h3 id=\"tls-features-1\">TLS features</h3>").unwrap();
        let error = check_crate_page(&readme, &page).unwrap_err();
        assert!(error.contains("no #tls-features on the crate page"), "{error}");
        assert!(error.contains("a link to #gone, which no heading has"), "{error}");
        assert!(!error.contains("#use"), "{error}");
        std::fs::write(&page, "<h2 id=\"use\">Use</h2><h3 id=\"tls-features\">TLS features</h3>").unwrap();
        std::fs::write(&readme, "## Use\n\n### TLS features\n\n[a](#tls-features) [b](#use)\n").unwrap();
        check_crate_page(&readme, &page).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_gated_feature_must_be_named_on_some_page() {
        let docs = std::env::temp_dir().join(format!("xtask-badges-{}", std::process::id()));
        std::fs::create_dir_all(docs.join("sub")).unwrap();
        std::fs::write(docs.join("index.html"), "<p>nothing</p>").unwrap();
        let package = serde_json::json!({"features": {"num-bigint": [], "rustls": []}});
        let gated: BTreeSet<String> = ["num-bigint".to_owned(), "other".to_owned()].into();
        let error = check_feature_badges("sdk", &package, &gated, &docs).unwrap_err();
        assert!(error.contains("[\"num-bigint\"]"), "{error}");
        let badge = "Available on <strong>crate feature <code>num-bigint</code></strong> only";
        std::fs::write(docs.join("sub/struct.BigInt.html"), badge).unwrap();
        check_feature_badges("sdk", &package, &gated, &docs).unwrap();
        std::fs::remove_dir_all(&docs).unwrap();
    }

    #[test]
    fn docs_rs_settings_come_from_the_manifest() {
        let package = serde_json::json!({"name": "x", "metadata": {"docs": {"rs": {
            "all-features": true, "rustdoc-args": ["--cfg", "docsrs"]}}}});
        let settings = DocsRs::of(&package).unwrap();
        assert_eq!(settings.feature_args, ["--all-features"]);
        assert_eq!(settings.rustdoc_args, ["--cfg", "docsrs"]);
        let listed = serde_json::json!({"name": "x", "metadata": {"docs": {"rs": {
            "features": ["a", "b"], "rustdoc-args": ["--cfg", "docsrs"]}}}});
        assert_eq!(DocsRs::of(&listed).unwrap().feature_args, ["--features", "a,b"]);
        assert!(DocsRs::of(&serde_json::json!({"name": "x", "metadata": null})).unwrap_err().contains("no [package"));
        let no_cfg = serde_json::json!({"name": "x", "metadata": {"docs": {"rs": {"all-features": true}}}});
        assert!(DocsRs::of(&no_cfg).unwrap_err().contains("--cfg"));
    }
}
