//! `cargo xtask generate`: the spec to `sdk/src/generated` (or, with `--spec` and `--out`, to a
//! crate of its own), all or nothing (see `output.rs`).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::{GeneratedFile, Generation, Options};

use crate::output::{absolute, relative, replace_dir, stale_files, write_crate};

pub const SPEC: &str = "spec/orchestration-v2.yaml";
pub const OUTPUT: &str = "sdk/src/generated";
/// The runtime crate generated code depends on.
pub const RUNTIME: &str = "sdk/runtime";

pub use crate::sdk_options::SDK_OPTIONS;

/// The fixture specs, one per construct: each is generated into a module of `codegen/wire-tests`
/// (`WIRE_OUTPUT/<name>/`, checked in), which is its snapshot: `--check` keeps it current, the crate
/// compiles it, and its wiremock tests check what it sends and decodes.
pub const FIXTURE_SPECS: &str = "codegen/tests/fixtures";
/// Where the fixtures' modules go, with the index `mod.rs` that declares them.
pub const WIRE_OUTPUT: &str = "codegen/wire-tests/src/generated";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What to do with the spec's mistakes the generator reads all the same (`codegen::Warning`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Warnings {
    /// Print them, and generate.
    #[default]
    Print,
    /// Print them, and fail without writing anything if there is one (`--deny-warnings`).
    Deny,
}

impl Warnings {
    /// Prints the warnings of the spec at `spec_path`; with `Deny`, an error when there is one.
    pub fn check(self, spec_path: &str, warnings: &[codegen::Warning]) -> Result<(), String> {
        for warning in warnings {
            eprintln!("warning: {spec_path}: {warning}");
        }
        match (self, warnings.len()) {
            (Warnings::Deny, n) if n > 0 => Err(format!(
                "{spec_path}: {n} warning{} denied (--deny-warnings)\nnothing was written",
                if n == 1 { "" } else { "s" }
            )),
            _ => Ok(()),
        }
    }
}

/// `cargo xtask generate [--check] [--deny-warnings]`: the SDK's generated module, then the wire
/// fixtures' modules. The project spec's warnings are printed (or denied); the fixtures', some of
/// which hold mistakes on purpose, are the generator's tests' business.
pub fn run(root: &Path, mode: Mode, warnings: Warnings) -> Result<(), String> {
    let started = Instant::now();
    let spec = read_spec(&root.join(SPEC))?;
    let generation = codegen::generate(&spec, &SDK_OPTIONS).map_err(|e| format!("{SPEC}: {e}\nnothing was written"))?;
    let elapsed = started.elapsed();
    warnings.check(SPEC, &generation.warnings)?;
    if mode == Mode::Write {
        println!("{}", crate::api_diff::since_last_generation(root, SPEC, &spec));
    }
    let mut outputs = vec![(OUTPUT.to_owned(), SPEC.to_owned(), generation)];
    let fixtures = fixture_specs(root)?;
    let mut modules = Vec::new();
    let mut fixtures_limit = None;
    let mut fixture_files = vec![GeneratedFile { path: "mod.rs".to_owned(), contents: fixture_index(&fixtures) }];
    for (name, spec_path) in &fixtures {
        let spec = read_spec(spec_path)?;
        let root_path = fixture_root_path(name);
        let fixture = codegen::generate(&spec, &Options { root_path: Some(&root_path), ..Options::new(name) })
            .map_err(|e| format!("{}: {e}\nnothing was written", spec_path.display()))?;
        fixtures_limit = fixtures_limit.max(fixture.recursion_limit);
        let files = fixture.files.into_iter().map(|f| GeneratedFile { path: format!("{name}/{}", f.path), ..f });
        fixture_files.extend(files);
        modules.push(name);
    }
    fixture_files.sort_by(|a, b| a.path.cmp(&b.path));
    let fixtures_generation = Generation {
        files: fixture_files,
        types: 0,
        operations: 0,
        recursion_limit: fixtures_limit,
        warnings: Vec::new(),
    };
    // The crates that hold the modules must let rustc go as deep as their types nest.
    check_recursion_limit(root, SDK_LIB, SPEC, outputs[0].2.recursion_limit)?;
    check_recursion_limit(root, WIRE_LIB, FIXTURE_SPECS, fixtures_limit)?;
    outputs.push((WIRE_OUTPUT.to_owned(), FIXTURE_SPECS.to_owned(), fixtures_generation));
    // Every output is generated before anything is written, so a failure leaves them all as they were.
    let mut stale_outputs = Vec::new();
    for (dir, spec_path, generation) in &outputs {
        let stale = stale_files(&root.join(dir), &generation.files)?;
        if !stale.is_empty() {
            stale_outputs.push((dir, spec_path, generation, stale));
        }
    }
    match mode {
        Mode::Check if stale_outputs.is_empty() => {
            let files: usize = outputs.iter().map(|(_, _, g)| g.files.len()).sum();
            println!("{OUTPUT} and the fixtures' modules are up to date ({files} files)");
            Ok(())
        }
        Mode::Check => Err(stale_outputs
            .iter()
            .map(|(dir, spec_path, _, stale)| {
                let list = stale.iter().map(|s| format!("  {s}")).collect::<Vec<_>>().join("\n");
                format!("{dir} is not up to date with {spec_path}:\n{list}")
            })
            .chain(["run `cargo xtask generate` and commit the result".to_owned()])
            .collect::<Vec<_>>()
            .join("\n")),
        Mode::Write => {
            for (dir, _, generation, _) in &stale_outputs {
                replace_dir(&root.join(dir), &generation.files)?;
            }
            let sdk = &outputs[0].2;
            let sdk_changed = stale_outputs.iter().find(|(dir, ..)| **dir == OUTPUT).map_or(0, |(.., s)| s.len());
            println!(
                "generated {} types and {} operations into {OUTPUT} in {:.1} ms ({sdk_changed} of {} files changed)",
                sdk.types,
                sdk.operations,
                elapsed.as_secs_f64() * 1000.0,
                sdk.files.len()
            );
            let fixtures_changed =
                stale_outputs.iter().find(|(dir, ..)| **dir == WIRE_OUTPUT).map_or(0, |(.., s)| s.len());
            println!("fixtures: {fixtures_changed} files of {} modules changed", modules.len());
            Ok(())
        }
    }
}

/// The root of the SDK crate, which holds `OUTPUT`.
const SDK_LIB: &str = "sdk/src/lib.rs";
/// The root of the crate that holds the fixtures' modules.
const WIRE_LIB: &str = "codegen/wire-tests/src/lib.rs";

/// A crate root that holds generated modules declares the `#![recursion_limit]` they need (rustc's
/// default is 128): the generator cannot write it into a module.
fn check_recursion_limit(root: &Path, lib: &str, spec: &str, needed: Option<u32>) -> Result<(), String> {
    let Some(needed) = needed else { return Ok(()) };
    let text = read_spec(&root.join(lib))?;
    let declared = text.lines().find_map(|line| {
        let value = line.trim().strip_prefix("#![recursion_limit = \"")?.strip_suffix("\"]")?;
        value.parse::<u32>().ok()
    });
    match declared {
        Some(declared) if declared >= needed => Ok(()),
        _ => Err(format!(
            "{lib} must declare #![recursion_limit = \"{needed}\"]: the types generated from {spec} nest deeper than \
             rustc follows by default\nnothing was written"
        )),
    }
}

/// Each fixture spec of `FIXTURE_SPECS`, sorted by name: its module name (the file's stem) and path.
pub fn fixture_specs(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let dir = root.join(FIXTURE_SPECS);
    let mut specs: Vec<(String, PathBuf)> = fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .filter_map(|path| Some((path.file_stem()?.to_str()?.to_owned(), path)))
        .collect();
    specs.sort();
    Ok(specs)
}

/// The path of a fixture's module in `codegen/wire-tests`, which its docs' examples name (they are
/// that crate's doctests).
pub fn fixture_root_path(name: &str) -> String {
    format!("codegen_wire_tests::{name}_api")
}

/// The `mod.rs` of the fixtures' modules: one module per fixture spec, named after it plus `_api`.
fn fixture_index(fixtures: &[(String, PathBuf)]) -> String {
    let mut text = format!(
        "{}//! The code generated from each fixture spec of `{FIXTURE_SPECS}`, exactly what a generated crate\n\
         //! holds in `src/generated/`: one module per spec, named after it plus `_api`.\n",
        codegen::HEADER
    );
    for (name, _) in fixtures {
        text.push_str(&format!("\n#[path = \"{name}/mod.rs\"]\npub mod {name}_api;\n"));
    }
    text
}

/// What `cargo xtask generate --spec PATH --out DIR --crate-name NAME` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standalone {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub crate_name: String,
    pub path_prefix: String,
    /// The prefix of the crate's environment variables; derived from its name when `None`.
    pub env_prefix: Option<String>,
    /// The runtime crate's directory; this workspace's `sdk/runtime` when `None`.
    pub runtime_path: Option<PathBuf>,
    pub warnings: Warnings,
}

impl Standalone {
    /// `--spec PATH --out DIR --crate-name NAME [--path-prefix P] [--env-prefix E] [--runtime-path PATH]
    /// [--deny-warnings]`, in any order.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let (mut spec, mut out, mut crate_name, mut path_prefix, mut runtime_path) = (None, None, None, None, None);
        let mut env_prefix = None;
        let mut warnings = Warnings::Print;
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            if *flag == "--deny-warnings" {
                warnings = Warnings::Deny;
                continue;
            }
            let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let slot = match *flag {
                "--spec" => &mut spec,
                "--out" => &mut out,
                "--crate-name" => &mut crate_name,
                "--path-prefix" => &mut path_prefix,
                "--env-prefix" => &mut env_prefix,
                "--runtime-path" => &mut runtime_path,
                other => return Err(format!("unknown option {other:?}")),
            };
            if slot.replace((*value).to_owned()).is_some() {
                return Err(format!("{flag} is given twice"));
            }
        }
        Ok(Self {
            spec: spec.ok_or("--spec PATH is required")?.into(),
            out: out.ok_or("--out DIR is required")?.into(),
            crate_name: crate_name.ok_or("--crate-name NAME is required")?,
            path_prefix: path_prefix.unwrap_or_default(),
            env_prefix,
            runtime_path: runtime_path.map(PathBuf::from),
            warnings,
        })
    }
}

/// `cargo xtask generate --spec ... --out ...`: a crate of its own in `out`.
pub fn run_standalone(root: &Path, request: &Standalone) -> Result<(), String> {
    let started = Instant::now();
    let spec = read_spec(&request.spec)?;
    let out = absolute(&request.out)?;
    let runtime = absolute(&request.runtime_path.clone().unwrap_or_else(|| root.join(RUNTIME)))?;
    let runtime_path = relative(&out, &runtime);
    let runtime_path = runtime_path.to_str().ok_or("the runtime's path is not UTF-8")?.replace('\\', "/");
    let options = Options {
        api_prefix: &request.path_prefix,
        env_prefix: request.env_prefix.as_deref(),
        ..Options::new(&request.crate_name)
    };
    let generation = codegen::generate_crate(&spec, &options, &runtime_path)
        .map_err(|e| format!("{}: {e}\nnothing was written", request.spec.display()))?;
    let elapsed = started.elapsed();
    request.warnings.check(&request.spec.display().to_string(), &generation.warnings)?;
    let changed = write_crate(&out, &generation.files)?;
    println!(
        "generated the crate {} ({} types, {} operations) into {} in {:.1} ms ({changed} of {} files changed)",
        request.crate_name,
        generation.types,
        generation.operations,
        out.display(),
        elapsed.as_secs_f64() * 1000.0,
        generation.files.len()
    );
    Ok(())
}

fn read_spec(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::list_files;

    fn root() -> PathBuf {
        crate::workspace_root()
    }

    /// A fresh scratch folder for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Every file under `dir` with its bytes, sorted: what "untouched" is compared with.
    fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> =
            list_files(dir).into_iter().map(|name| (name.clone(), fs::read(dir.join(&name)).unwrap())).collect();
        files.sort();
        files
    }

    /// The same check CI relies on: the committed output is what the generator writes today.
    #[test]
    fn committed_output_is_up_to_date() {
        run(&root(), Mode::Check, Warnings::Deny).unwrap();
    }

    /// The version requirement of a manifest's dependency on the runtime (`version = "0.1.0"`).
    fn runtime_requirement(manifest: &str) -> String {
        let line = manifest.lines().find(|line| line.starts_with("formance-sdk-runtime = ")).unwrap();
        let at = line.find("version = ").unwrap();
        line[at..].split(',').next().unwrap().to_owned()
    }

    /// What the generator writes into a crate's manifest matches the runtime it depends on.
    #[test]
    fn generated_crates_ask_for_this_runtime_and_this_rust() {
        let runtime = fs::read_to_string(root().join(RUNTIME).join("Cargo.toml")).unwrap();
        assert!(runtime.contains(&format!("\nversion = \"{}\"\n", codegen::RUNTIME_VERSION)), "{runtime}");
        let workspace = fs::read_to_string(root().join("Cargo.toml")).unwrap();
        assert!(workspace.contains(&format!("\nrust-version = \"{}\"\n", codegen::RUST_VERSION)), "{workspace}");
        let sdk = fs::read_to_string(root().join("sdk/Cargo.toml")).unwrap();
        assert_eq!(runtime_requirement(&sdk), format!("version = \"{}\"", codegen::RUNTIME_VERSION), "{sdk}");
    }

    #[test]
    fn check_names_changed_missing_and_extra_files() {
        let spec = fs::read_to_string(root().join(SPEC)).unwrap();
        let generation = codegen::generate(&spec, &SDK_OPTIONS).unwrap();
        let dir = scratch("check").join("generated");
        replace_dir(&dir, &generation.files).unwrap();
        assert!(stale_files(&dir, &generation.files).unwrap().is_empty());

        fs::write(dir.join("models.rs"), "// edited by hand\n").unwrap();
        fs::remove_file(dir.join("mod.rs")).unwrap();
        fs::write(dir.join("old.rs"), "").unwrap();
        let stale = stale_files(&dir, &generation.files).unwrap();
        assert_eq!(stale, ["mod.rs is missing", "models.rs differs", "old.rs is no longer generated"]);

        replace_dir(&dir, &generation.files).unwrap();
        assert!(stale_files(&dir, &generation.files).unwrap().is_empty());
        assert!(!dir.join("old.rs").exists(), "a file no longer generated is removed");
        fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }

    fn standalone(spec: &Path, out: &Path) -> Standalone {
        Standalone {
            spec: spec.to_owned(),
            out: out.to_owned(),
            crate_name: "acme-api".to_owned(),
            path_prefix: String::new(),
            env_prefix: None,
            runtime_path: None,
            warnings: Warnings::Print,
        }
    }

    #[test]
    fn a_standalone_crate_has_its_manifest_its_root_and_the_generated_module() {
        let base = scratch("standalone");
        let out = base.join("nested").join("acme");
        run_standalone(&root(), &standalone(&root().join(SPEC), &out)).unwrap();
        let files: Vec<String> = snapshot(&out).into_iter().map(|(name, _)| name).collect();
        assert_eq!(
            files,
            [
                "Cargo.toml",
                "README.md",
                "src/generated/client.rs",
                "src/generated/mod.rs",
                "src/generated/models.rs",
                "src/generated/operations.rs",
                "src/generated/servers.rs",
                "src/generated/testing.rs",
                "src/lib.rs",
            ]
        );
        let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.starts_with("# @generated"), "{manifest}");
        assert!(manifest.contains("name = \"acme-api\""), "{manifest}");
        // Its users' tests turn the mock on (`testing`), and it turns on the runtime's.
        assert!(manifest.contains("test-util = [\"formance-sdk-runtime/test-util\"]"), "{manifest}");
        // From `<base>/nested/acme` to this workspace's `sdk/runtime`, whatever `<base>` is.
        let expected = relative(&out, &root().join(RUNTIME)).display().to_string();
        assert!(expected.starts_with("../../.."), "{expected}");
        assert!(manifest.contains(&format!("path = \"{expected}\"")), "{manifest}");
        // A caret requirement: crates generated from several APIs share one runtime.
        assert_eq!(runtime_requirement(&manifest), format!("version = \"{}\"", codegen::RUNTIME_VERSION));
        let lib = fs::read_to_string(out.join("src/lib.rs")).unwrap();
        assert!(lib.contains("mod generated;") && lib.contains("pub use generated::*;"), "{lib}");
        // Its environment variables are named after it, unless `--env-prefix` says otherwise.
        let client = fs::read_to_string(out.join("src/generated/client.rs")).unwrap();
        assert!(client.contains(".with_env_prefix(\"ACME_API_\")") && client.contains("`ACME_API_SERVER_URL`"));
        let prefixed = Standalone { env_prefix: Some("ACME_".to_owned()), ..standalone(&root().join(SPEC), &out) };
        run_standalone(&root(), &prefixed).unwrap();
        let client = fs::read_to_string(out.join("src/generated/client.rs")).unwrap();
        assert!(client.contains(".with_env_prefix(\"ACME_\")") && client.contains("`ACME_SERVER_URL`"), "{client}");
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_failure_leaves_the_output_byte_for_byte_untouched() {
        let base = scratch("untouched");
        let out = base.join("acme");
        run_standalone(&root(), &standalone(&root().join(SPEC), &out)).unwrap();
        fs::write(out.join("src/generated/models.rs"), "// edited by hand\n").unwrap();
        fs::write(out.join("Cargo.lock"), "# not ours\n").unwrap();
        let before = snapshot(&out);

        let spec = fs::read_to_string(root().join(SPEC)).unwrap();
        let dangling = spec.replace("$ref: '#/components/schemas/V2Error'", "$ref: '#/components/schemas/Nope'");
        let openapi_3_1 = spec.replace("openapi: 3.0.3", "openapi: 3.1.0");
        // A field of the wrong type, refused at its pointer; JSON that does not parse, read as JSON.
        let wrong_type = spec.replacen("  version: ", "  version: [not, a, string]\n  x-was: ", 1);
        let bad_json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"#.to_owned();
        for (broken, expected) in [
            (dangling, "#/components/schemas/Nope"),
            (openapi_3_1, "#/openapi: OpenAPI 3.1.0"),
            (wrong_type, "#/info/version: the spec is not a valid OpenAPI 3.0 document"),
            (bad_json, "#: the spec is not valid JSON"),
        ] {
            let path = base.join("broken.yaml");
            fs::write(&path, broken).unwrap();
            let err = run_standalone(&root(), &standalone(&path, &out)).unwrap_err();
            assert!(err.contains(expected) && err.contains("nothing was written"), "{err}");
            assert_eq!(snapshot(&out), before, "a failed generation changed the output");
            let siblings: Vec<String> =
                fs::read_dir(&base).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
            assert_eq!(siblings.len(), 2, "temporary folders left behind: {siblings:?}");
        }
        fs::remove_dir_all(&base).unwrap();
    }

    /// A spec's mistakes are printed and the crate written; with `--deny-warnings`, they fail the
    /// generation and leave the output as it was.
    #[test]
    fn deny_warnings_refuses_a_spec_with_mistakes_and_writes_nothing() {
        let base = scratch("deny-warnings");
        let out = base.join("acme");
        let mistakes = root().join(FIXTURE_SPECS).join("spec_mistakes.yaml");
        run_standalone(&root(), &standalone(&mistakes, &out)).unwrap();
        fs::write(out.join("src/generated/models.rs"), "// edited by hand\n").unwrap();
        let before = snapshot(&out);
        let denied = Standalone { warnings: Warnings::Deny, ..standalone(&mistakes, &out) };
        let err = run_standalone(&root(), &denied).unwrap_err();
        assert!(err.contains("4 warnings denied (--deny-warnings)") && err.contains("nothing was written"), "{err}");
        assert_eq!(snapshot(&out), before, "a denied generation changed the output");
        // The project spec has none, so denying them changes nothing for it.
        let sdk = Standalone { warnings: Warnings::Deny, ..standalone(&root().join(SPEC), &base.join("sdk")) };
        run_standalone(&root(), &sdk).unwrap();
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn files_no_longer_generated_are_removed_and_others_kept() {
        let base = scratch("stale");
        let out = base.join("acme");
        run_standalone(&root(), &standalone(&root().join(SPEC), &out)).unwrap();
        fs::write(out.join("src/generated/removed_op.rs"), "// from an older spec\n").unwrap();
        fs::write(out.join("src/generated/models.rs"), "// stale\n").unwrap();
        fs::write(out.join("Cargo.lock"), "# not ours\n").unwrap();
        fs::write(out.join("src/handwritten.rs"), "// mine\n").unwrap();

        run_standalone(&root(), &standalone(&root().join(SPEC), &out)).unwrap();
        assert!(!out.join("src/generated/removed_op.rs").exists());
        assert_ne!(fs::read_to_string(out.join("src/generated/models.rs")).unwrap(), "// stale\n");
        assert_eq!(fs::read_to_string(out.join("Cargo.lock")).unwrap(), "# not ours\n");
        assert_eq!(fs::read_to_string(out.join("src/handwritten.rs")).unwrap(), "// mine\n");
        let leftovers: Vec<String> = fs::read_dir(&base)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn standalone_options_parse_in_any_order() {
        let parsed =
            Standalone::parse(&["--out", "o", "--crate-name", "n", "--spec", "s.yaml", "--path-prefix", "/p"]).unwrap();
        assert_eq!(
            parsed,
            Standalone {
                spec: "s.yaml".into(),
                out: "o".into(),
                crate_name: "n".into(),
                path_prefix: "/p".into(),
                env_prefix: None,
                runtime_path: None,
                warnings: Warnings::Print,
            }
        );
        let denied = Standalone::parse(&["--deny-warnings", "--out", "o", "--crate-name", "n", "--spec", "s"]).unwrap();
        assert_eq!(denied.warnings, Warnings::Deny);
        let prefixed = Standalone::parse(&["--spec", "s", "--out", "o", "--crate-name", "n", "--env-prefix", "ACME_"]);
        assert_eq!(prefixed.unwrap().env_prefix.as_deref(), Some("ACME_"));
        assert!(Standalone::parse(&["--spec", "s"]).unwrap_err().contains("--out"));
        assert!(Standalone::parse(&["--spec"]).unwrap_err().contains("needs a value"));
        assert!(Standalone::parse(&["--bogus", "x"]).is_err());
    }
}
