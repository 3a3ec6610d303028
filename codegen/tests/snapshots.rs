//! Snapshot tests of the generated Rust: the whole project spec, then one small fixture per construct
//! (`tests/fixtures/*.yaml`), and the determinism of the output.
//!
//! Update the snapshots with `INSTA_UPDATE=always cargo test -p formance-codegen --test snapshots`,
//! then read every changed `.snap` file before keeping it.

use std::path::PathBuf;

use codegen::{GeneratedFile, Generation};
use insta::assert_snapshot;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

fn project_spec() -> String {
    read(&manifest_dir().join("../spec/orchestration-v2.yaml"))
}

fn fixture_text(name: &str) -> String {
    read(&manifest_dir().join("tests/fixtures").join(format!("{name}.yaml")))
}

/// The generator's defaults, with a crate name; the SDK's own options (its gateway prefix, its user
/// agent) live in `xtask/src/generate.rs`, and `cargo xtask generate --check` holds its output.
const OPTIONS: codegen::Options<'static> = codegen::Options::new("snapshots");

fn generate(text: &str, what: &str) -> Generation {
    codegen::generate(text, &OPTIONS).unwrap_or_else(|err| panic!("{what} does not generate: {err}"))
}

fn fixture(name: &str) -> Generation {
    generate(&fixture_text(name), &format!("fixture {name}.yaml"))
}

fn file<'a>(generation: &'a Generation, path: &str) -> &'a str {
    generation
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no generated {path}"))
}

// ---------------------------------------------------------------------------------------------
// The project spec.

#[test]
fn project_spec_files() {
    let generation = generate(&project_spec(), "the project spec");
    let paths: Vec<&str> = generation.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["client.rs", "mod.rs", "models.rs", "operations.rs", "servers.rs"], "files, sorted by path");
    for GeneratedFile { path, contents } in &generation.files {
        assert!(contents.starts_with(codegen::HEADER), "{path} must start with the @generated header");
    }
    assert_snapshot!("project_client", file(&generation, "client.rs"));
    assert_snapshot!("project_mod", file(&generation, "mod.rs"));
    assert_snapshot!("project_servers", file(&generation, "servers.rs"));
    assert_snapshot!("project_models", file(&generation, "models.rs"));
    assert_snapshot!("project_operations", file(&generation, "operations.rs"));
}

// ---------------------------------------------------------------------------------------------
// One fixture per construct.

#[test]
fn scalars() {
    assert_snapshot!("scalars_models", file(&fixture("scalars"), "models.rs"));
}

#[test]
fn objects() {
    assert_snapshot!("objects_models", file(&fixture("objects"), "models.rs"));
}

#[test]
fn maps() {
    assert_snapshot!("maps_models", file(&fixture("maps"), "models.rs"));
}

#[test]
fn aliases() {
    assert_snapshot!("aliases_models", file(&fixture("aliases"), "models.rs"));
}

#[test]
fn all_of() {
    // `Base.audit` is an inline object: every type merging `Base` reuses `BaseAudit`.
    assert_snapshot!("all_of_models", file(&fixture("all_of"), "models.rs"));
}

#[test]
fn one_of_discriminator() {
    assert_snapshot!("one_of_discriminator_models", file(&fixture("one_of_discriminator"), "models.rs"));
}

#[test]
fn one_of_inline_discriminator() {
    // Inline members get `{Union}{Variant}` structs without the tag property; `Query`'s members
    // share the properties beside its `oneOf`; `Patch`'s members only constrain, so it is one struct.
    let models = fixture("one_of_inline_discriminator");
    assert_snapshot!("one_of_inline_discriminator_models", file(&models, "models.rs"));
}

#[test]
fn all_of_non_object() {
    // Wrappers around strings, numbers, enums, arrays, maps and unions are those types.
    assert_snapshot!("all_of_non_object_models", file(&fixture("all_of_non_object"), "models.rs"));
}

#[test]
fn name_collisions() {
    // `balanceOperator` sorts before `balance_operator` and keeps `BalanceOperator`; the inline
    // `Account.meta` yields `AccountMeta` to the component.
    assert_snapshot!("name_collisions_models", file(&fixture("name_collisions"), "models.rs"));
}

#[test]
fn any_of() {
    assert_snapshot!("any_of_models", file(&fixture("any_of"), "models.rs"));
}

#[test]
fn constructors() {
    let generation = fixture("constructors");
    assert_snapshot!("constructors_models", file(&generation, "models.rs"));
}

#[test]
fn string_enums() {
    assert_snapshot!("string_enums_models", file(&fixture("string_enums"), "models.rs"));
}

#[test]
fn inline_names() {
    let generation = fixture("inline_names");
    assert_snapshot!("inline_names_models", file(&generation, "models.rs"));
    assert_snapshot!("inline_names_operations", file(&generation, "operations.rs"));
}

#[test]
fn servers() {
    let generation = fixture("servers");
    assert_snapshot!("servers_servers", file(&generation, "servers.rs"));
    assert_snapshot!("servers_client", file(&generation, "client.rs"));
    assert_snapshot!("servers_mod", file(&generation, "mod.rs"));
}

#[test]
fn operations() {
    let generation = fixture("operations");
    assert_eq!(generation.operations, 4);
    assert_snapshot!("operations_models", file(&generation, "models.rs"));
    assert_snapshot!("operations_operations", file(&generation, "operations.rs"));
}

#[test]
fn bodies() {
    let generation = fixture("bodies");
    assert_snapshot!("bodies_models", file(&generation, "models.rs"));
    assert_snapshot!("bodies_operations", file(&generation, "operations.rs"));
}

#[test]
fn object_params() {
    // Objects (maps, structs, free-form) in `deepObject` and `form` style, arrays joined by a
    // delimiter, and an array header: each goes through its `RequestParts` helper.
    let generation = fixture("object_params");
    assert_snapshot!("object_params_operations", file(&generation, "operations.rs"));
}

#[test]
fn union_params() {
    // Unions as path, query and header parameters: each gets `ToParam` (or `ToParamValues` when a
    // member is an array) and `From` its members; `SortMode`, a `oneOf` of one-value enums, is one enum.
    let generation = fixture("union_params");
    assert_snapshot!("union_params_models", file(&generation, "models.rs"));
    assert_snapshot!("union_params_operations", file(&generation, "operations.rs"));
}

#[test]
fn errors_per_operation() {
    // `createItem` and `deleteItem` document different bodies per status: an enum each;
    // `getItem` documents one body of its own: `Error<NotFound>`; the others the common `Error`.
    let generation = fixture("errors_per_operation");
    assert_snapshot!("errors_per_operation_operations", file(&generation, "operations.rs"));
    assert_snapshot!("errors_per_operation_mod", file(&generation, "mod.rs"));
}

#[test]
fn operation_groups() {
    // Two `listItems`: every tagged operation moves to the sub-client of its first tag.
    let generation = fixture("operation_groups");
    let paths: Vec<&str> = generation.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        ["client.rs", "mod.rs", "models.rs", "operations.rs", "operations/v1.rs", "operations/v2.rs", "servers.rs"]
    );
    assert_snapshot!("operation_groups_client", file(&generation, "client.rs"));
    assert_snapshot!("operation_groups_operations", file(&generation, "operations.rs"));
    assert_snapshot!("operation_groups_operations_v1", file(&generation, "operations/v1.rs"));
    assert_snapshot!("operation_groups_operations_v2", file(&generation, "operations/v2.rs"));
}

// ---------------------------------------------------------------------------------------------
// Determinism.

#[test]
fn the_project_spec_generates_the_same_bytes_twice() {
    let text = project_spec();
    let first = generate(&text, "the project spec");
    let second = generate(&text, "the project spec");
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
    for name in ["name_collisions", "one_of_inline_discriminator", "all_of_non_object"] {
        let original = fixture(name);
        let reversed = generate(&reversed_components(name), &format!("reversed {name}.yaml"));
        assert_eq!(file(&original, "models.rs"), file(&reversed, "models.rs"), "{name}: models.rs");
    }
}

#[test]
fn component_order_does_not_change_the_models() {
    for (name, reordered) in [("all_of", ALL_OF_REORDERED), ("string_enums", STRING_ENUMS_REORDERED)] {
        let original = fixture(name);
        let reordered = generate(reordered, &format!("reordered {name}.yaml"));
        assert_eq!(file(&original, "models.rs"), file(&reordered, "models.rs"), "{name}: models.rs");
        assert_eq!(original.types, reordered.types, "{name}: type count");
    }
}
