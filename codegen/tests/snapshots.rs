//! The generated Rust, checked against its snapshots: the modules of `codegen/wire-tests`, generated
//! from every fixture spec of `tests/fixtures/` (one per construct) and checked in, which that crate
//! compiles and tests on the wire (the project spec's are `sdk/src/generated`, which `cargo xtask
//! generate --check` holds). Then the determinism of the output.
//!
//! After a change of the generator, `cargo xtask generate` rewrites the modules: read their diff
//! before committing it.

use std::path::{Path, PathBuf};

use codegen::{GeneratedFile, Generation};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

fn project_spec() -> String {
    read(&manifest_dir().join("../spec/orchestration-v2.yaml"))
}

fn fixture_text(name: &str) -> String {
    let dir = manifest_dir().join("tests/fixtures");
    let json = dir.join(format!("{name}.json"));
    read(&if json.exists() { json } else { dir.join(format!("{name}.yaml")) })
}

/// Every fixture spec's name (its file stem), sorted: the folder is the list.
fn fixture_names() -> Vec<String> {
    let dir = manifest_dir().join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let spec = path.extension()? == "yaml" || path.extension()? == "json";
            spec.then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    names
}

/// Where the checked-in module of a fixture is.
fn module_dir(name: &str) -> PathBuf {
    manifest_dir().join("wire-tests/src/generated").join(name)
}

fn generate(text: &str, options: &codegen::Options<'_>, what: &str) -> Generation {
    codegen::generate(text, options).unwrap_or_else(|err| panic!("{what} does not generate: {err}"))
}

/// A fixture, generated as `cargo xtask generate` generates it (its name as the crate name, and its
/// module's path in `codegen/wire-tests` as the root its examples name).
fn fixture(name: &str) -> Generation {
    let root_path = format!("codegen_wire_tests::{name}_api");
    let options = codegen::Options { root_path: Some(&root_path), ..codegen::Options::new(name) };
    generate(&fixture_text(name), &options, &format!("fixture {name}.yaml"))
}

fn file<'a>(generation: &'a Generation, path: &str) -> &'a str {
    generation
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no generated {path}"))
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b);
    let line = line.unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    let show = |text: &str| text.lines().nth(line).unwrap_or("<end of file>").to_owned();
    format!("line {}:\n  checked in: {}\n  generated:  {}", line + 1, show(expected), show(actual))
}

// ---------------------------------------------------------------------------------------------
// The snapshots: every fixture's checked-in module.

#[test]
fn every_fixture_is_its_checked_in_module() {
    let names = fixture_names();
    assert!(names.len() >= 20, "the fixtures: {names:?}");
    let mut stale = Vec::new();
    for name in &names {
        let generation = fixture(name);
        let dir = module_dir(name);
        for GeneratedFile { path, contents } in &generation.files {
            assert!(contents.starts_with(codegen::HEADER), "{name}/{path} must start with the @generated header");
            match std::fs::read_to_string(dir.join(path)) {
                Ok(checked_in) if checked_in == *contents => {}
                Ok(checked_in) => {
                    stale.push(format!("{name}/{path} differs at {}", first_difference(&checked_in, contents)))
                }
                Err(_) => stale.push(format!("{name}/{path} is not checked in")),
            }
        }
        let extra = std::fs::read_dir(&dir).into_iter().flatten().flatten().filter(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            entry.path().is_file() && !generation.files.iter().any(|f| f.path == file)
        });
        stale.extend(
            extra.map(|entry| format!("{name}/{} is no longer generated", entry.file_name().to_string_lossy())),
        );
    }
    assert!(
        stale.is_empty(),
        "the generated modules of codegen/wire-tests are not what the generator writes; run `cargo xtask generate` \
         and review the diff:\n{}",
        stale.join("\n")
    );
}

#[test]
fn project_spec_files() {
    let generation = generate(&project_spec(), &codegen::Options::new("snapshots"), "the project spec");
    let paths: Vec<&str> = generation.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        ["client.rs", "mod.rs", "models.rs", "operations.rs", "servers.rs", "testing.rs"],
        "files, sorted by path"
    );
    for GeneratedFile { path, contents } in &generation.files {
        assert!(contents.starts_with(codegen::HEADER), "{path} must start with the @generated header");
    }
}

#[test]
fn operations_fixture_counts_its_operations() {
    assert_eq!(fixture("operations").operations, 4);
}

#[test]
fn operation_groups_write_a_module_per_sub_client() {
    // Two `listItems`: every tagged operation moves to the sub-client of its first tag.
    let generation = fixture("operation_groups");
    let paths: Vec<&str> = generation.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "client.rs",
            "mod.rs",
            "models.rs",
            "operations.rs",
            "operations/v1.rs",
            "operations/v2.rs",
            "servers.rs",
            "testing.rs"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Determinism.

#[test]
fn the_project_spec_generates_the_same_bytes_twice() {
    let text = project_spec();
    let first = generate(&text, &codegen::Options::new("snapshots"), "the project spec");
    let second = generate(&text, &codegen::Options::new("snapshots"), "the project spec");
    assert_eq!(first, second);
}

/// `all_of.yaml` with its components listed in another order (and its properties unchanged).
const ALL_OF_REORDERED: &str = r##"
openapi: 3.0.3
info:
  title: AllOf
  version: 0.1.0
paths: {}
components:
  schemas:
    Holder:
      type: object
      properties:
        detail:
          allOf:
            - $ref: '#/components/schemas/Base'
            - type: object
              properties:
                extra:
                  type: boolean
    Deep:
      description: An allOf whose member is itself an allOf.
      allOf:
        - $ref: '#/components/schemas/Extended'
        - type: object
          required:
            - createdAt
          properties:
            depth:
              type: integer
    Extended:
      description: Base plus a name.
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required:
            - name
          properties:
            name:
              type: string
            tags:
              type: array
              items:
                type: string
    Base:
      type: object
      required:
        - id
      properties:
        id:
          type: string
        createdAt:
          type: string
          format: date-time
        audit:
          type: object
          description: Who last changed it.
          properties:
            by:
              type: string
"##;

/// `string_enums.yaml` with its components listed in another order.
const STRING_ENUMS_REORDERED: &str = r##"
openapi: 3.0.3
info:
  title: Enums
  version: 0.1.0
paths: {}
components:
  schemas:
    Payment:
      type: object
      required:
        - scheme
      properties:
        scheme:
          $ref: '#/components/schemas/PaymentScheme'
        status:
          type: string
          enum:
            - PENDING
            - DONE
    PaymentScheme:
      type: string
      description: How a payment moves.
      enum:
        - sepa debit
        - PAY-IN
        - DUMMY-PAY
        - unknown
        - a2a
"##;

/// A fixture with the entries of `components.schemas` in the reverse order.
fn reversed_components(name: &str) -> String {
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&fixture_text(name)).expect("fixture YAML");
    let schemas = doc["components"]["schemas"].as_mapping_mut().expect("components.schemas");
    let mut entries: Vec<(serde_yaml::Value, serde_yaml::Value)> = std::mem::take(schemas).into_iter().collect();
    entries.reverse();
    let reversed: serde_yaml::Mapping = entries.into_iter().collect();
    *schemas = reversed;
    serde_yaml::to_string(&doc).expect("YAML")
}

#[test]
fn colliding_names_do_not_depend_on_the_order_of_the_spec() {
    for name in ["name_collisions", "inline_name_collisions", "one_of_inline_discriminator", "all_of_non_object"] {
        let original = fixture(name);
        let reversed =
            generate(&reversed_components(name), &codegen::Options::new(name), &format!("reversed {name}.yaml"));
        assert_eq!(file(&original, "models.rs"), file(&reversed, "models.rs"), "{name}: models.rs");
    }
}

#[test]
fn component_order_does_not_change_the_models() {
    for (name, reordered) in [("all_of", ALL_OF_REORDERED), ("string_enums", STRING_ENUMS_REORDERED)] {
        let original = fixture(name);
        let reordered = generate(reordered, &codegen::Options::new(name), &format!("reordered {name}.yaml"));
        assert_eq!(file(&original, "models.rs"), file(&reordered, "models.rs"), "{name}: models.rs");
        assert_eq!(original.types, reordered.types, "{name}: type count");
    }
}
