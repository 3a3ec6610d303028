//! Generator bugs found while writing the snapshot tests, each kept as the test that shows it fixed.

const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: Bugs\n  version: 0.1.0\n";

fn generate(body: &str) -> Result<codegen::Generation, codegen::Error> {
    codegen::generate(&format!("{HEAD}{body}"), &codegen::Options::new("regressions"))
}

fn file<'a>(generation: &'a codegen::Generation, path: &str) -> &'a str {
    generation.files.iter().find(|f| f.path == path).map(|f| f.contents.as_str()).expect("generated file")
}

/// `Types::resolve` drops the component name of a direct `$ref` (it looks the component up, then
/// resolves the body, which is no reference), so `merge_into` treats a `$ref` member of an `allOf` as
/// if it were written inline: its inline property types are named after the merging type, and each
/// merging type gets a copy (`ExtendedAudit` beside `BaseAudit`, not interchangeable).
#[test]
fn all_of_ref_member_keeps_its_own_inline_types() {
    let generation = generate(
        r#"paths: {}
components:
  schemas:
    Base:
      type: object
      properties:
        audit:
          type: object
          properties:
            by:
              type: string
    Extended:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            name:
              type: string
"#,
    )
    .expect("generates");
    let models = file(&generation, "models.rs");
    assert!(models.contains("pub struct BaseAudit"), "{models}");
    assert!(!models.contains("ExtendedAudit"), "Extended.audit should reuse BaseAudit:\n{models}");
}

/// Same cause as above: the conflict is reported against `Extended/allOf/0/properties/x`, a pointer
/// that does not exist in the document; the first declaration is at `Base/properties/x`.
#[test]
fn all_of_conflict_names_where_the_ref_member_declares_the_property() {
    let err = generate(
        r#"paths: {}
components:
  schemas:
    Base:
      type: object
      properties:
        x:
          type: string
    Extended:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            x:
              type: integer
"#,
    )
    .expect_err("conflicting property types are refused");
    assert_eq!(err.location, "#/components/schemas/Extended/allOf/1/properties/x");
    assert!(err.reason.contains("#/components/schemas/Base/properties/x"), "{err}");
}

/// An object query parameter used to be passed to `RequestParts::query`, which takes `impl ToParam`:
/// no model struct implements it, so the output did not compile (E0277), and the generator refused
/// such parameters. It now goes through `RequestParts::query_object` in its style (`form`, exploded,
/// by default), which takes any `Serialize` value; `cargo xtask fixtures` compiles the output of
/// `object_params.yaml`.
#[test]
fn object_query_parameters_are_written_as_objects() {
    let generation = generate(
        r#"paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: filter
          in: query
          schema:
            type: object
            properties:
              x:
                type: string
      responses:
        '204':
          description: Done.
"#,
    )
    .expect("an object query parameter is supported");
    let operations = file(&generation, "operations.rs");
    let code: String = operations.split_whitespace().collect();
    assert!(
        code.contains(
            r#"request.query_object("filter",::formance_sdk_runtime::ObjectStyle::Form{explode:true,},value,)?;"#
        ),
        "{operations}"
    );
    assert!(!code.contains(r#"request.query("filter""#), "{operations}");
}

/// `/a/{id}/b/{id}` gave `format!("/a/{}/b/{}", one_argument)`, which did not compile; each parameter is
/// now encoded once into a local that the template names wherever it appears.
#[test]
fn a_path_parameter_named_twice_is_handled() {
    let result = generate(
        r#"paths:
  /a/{id}/b/{id}:
    get:
      operationId: getA
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '204':
          description: Done.
"#,
    );
    let generation = result.expect("generates");
    let operations = file(&generation, "operations.rs");
    assert!(operations.contains(r#"let id = ::formance_sdk_runtime::path_segment("id", &self.id)?;"#), "{operations}");
    assert!(operations.contains(r#"::std::format!("/a/{id}/b/{id}")"#), "{operations}");
}

/// Type names of operations were not checked for collisions the way method names were: `getA` writes
/// `struct GetAParams`, `getAParams` wrote `struct GetAParams` too (E0428); an operation named
/// `apiErrorBody` collided with the fixed `ApiErrorBody` alias the same way. Then they were refused
/// (a valid spec); now the one whose id sorts second gets a numbered builder, and its docs say why.
#[test]
fn operation_type_names_that_collide_are_numbered() {
    for (second, builder) in [("getAParams", "GetAParams2"), ("apiErrorBody", "ApiErrorBody2")] {
        let generation = generate(&format!(
            r#"paths:
  /a:
    get:
      operationId: getA
      responses:
        '204':
          description: Done.
  /b:
    get:
      operationId: {second}
      responses:
        '204':
          description: Done.
"#
        ))
        .expect("generates");
        let operations = file(&generation, "operations.rs");
        assert!(operations.contains(&format!("pub struct {builder}(")), "{second}:\n{operations}");
        assert!(operations.contains(&format!("Its request builder is `{builder}` because")), "{operations}");
    }
}

/// `Call<P>` has an inherent `new`; a parameter named `new` gets a setter `new` in `impl Call<XParams>`,
/// a duplicate definition (E0592). `BUILDER_METHODS` lists `params`, `send`, ... but not `new`.
#[test]
fn a_parameter_named_new_gets_another_setter_name() {
    let generation = generate(
        r#"paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: new
          in: query
          schema:
            type: boolean
      responses:
        '204':
          description: Done.
"#,
    )
    .expect("generates");
    let operations = file(&generation, "operations.rs");
    assert!(!operations.contains("pub fn new("), "{operations}");
}

/// Method names were checked against each other but not against the hand-written methods of
/// `Client` (`builder`, `base_url`): an operation named `builder` was a duplicate definition (E0592),
/// then refused (a valid spec). Now it is `builder_2`, and its docs say why.
#[test]
fn method_names_of_the_client_are_reserved() {
    let generation = generate(
        r#"paths:
  /a:
    get:
      operationId: builder
      responses:
        '204':
          description: Done.
"#,
    )
    .expect("generates");
    let operations = file(&generation, "operations.rs");
    assert!(operations.contains("pub fn builder_2(&self) -> Builder"), "{operations}");
    assert!(
        operations.contains("Named `builder_2` because `builder` is a method of the generated `Client`"),
        "{operations}"
    );
}

/// Two operations whose ids differ only in punctuation (`get-thing`, `get thing!`), without tags to
/// group them by, were refused. The one whose id sorts first keeps `get_thing`, whatever the order of
/// the spec; the other is `get_thing_2` (its builder `GetThing2`), and its docs name its id.
#[test]
fn operations_named_alike_are_numbered_whatever_the_order_of_the_spec() {
    let a = "  /a:\n    get:\n      operationId: get-thing\n      responses:\n        '204':\n          description: Done.\n";
    let b = "  /b:\n    get:\n      operationId: get thing!\n      responses:\n        '204':\n          description: Done.\n";
    for paths in [format!("{a}{b}"), format!("{b}{a}")] {
        let generation = generate(&format!("paths:\n{paths}")).expect("generates");
        let operations = file(&generation, "operations.rs");
        let method = |name: &str| {
            let at =
                operations.find(&format!("pub fn {name}(&self)")).unwrap_or_else(|| panic!("{name}:\n{operations}"));
            let path_doc = operations[..at].rfind("Sends `GET ").expect("its docs");
            operations[path_doc..at].to_owned()
        };
        assert!(method("get_thing").contains("Sends `GET /b`"), "`get thing!` sorts first:\n{operations}");
        let second = method("get_thing_2");
        assert!(
            second.contains("Sends `GET /a`") && second.contains("(the spec names this operation `get-thing`)"),
            "{second}"
        );
        assert!(operations.contains("pub fn get_thing_2(&self) -> GetThing2"), "{operations}");
    }
}

/// `4XX` / `5XX` response ranges are skipped (only numeric codes >= 400 and `default` are read), so
/// their body is not the error body and the operation decodes no error body (`ErrorStatuses::None`,
/// now a `decode_error` that returns `None`).
#[test]
fn error_response_ranges_are_documented_errors() {
    let generation = generate(
        r#"paths:
  /a:
    get:
      operationId: getA
      responses:
        '204':
          description: Done.
        '4XX':
          description: Refused.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Problem'
components:
  schemas:
    Problem:
      type: object
      properties:
        message:
          type: string
"#,
    )
    .expect("generates");
    let operations = file(&generation, "operations.rs");
    assert!(operations.contains("pub type ApiErrorBody = super::models::Problem;"), "{operations}");
    assert!(operations.contains("if ::std::matches!(status.as_u16() / 100, 4) {"), "{operations}");
    assert!(!operations.contains("_body: &[u8]"), "the body is decoded for 4XX:\n{operations}");
}

/// Found on a real spec (a code sample in a description, written on one line per statement):
/// `render::spaced` took a doc line ending with `;` or `}` for the end of an item and put a blank
/// line after it, which clippy denies (`empty_line_after_doc_comments`).
#[test]
fn doc_lines_ending_like_an_item_stay_together() {
    let generation = generate(
        r#"paths: {}
components:
  schemas:
    Sample:
      description: "Example: let edges = [0, 10];\nlet hist = Histogram::new(&edges) { .. }\nThat is all."
      type: string
"#,
    )
    .expect("generates");
    let models = file(&generation, "models.rs");
    assert!(
        models.contains(
            "/// Example: let edges = \\[0, 10\\];\n/// let hist = Histogram::new(&edges) { .. }\n/// That is all."
        ),
        "{models}"
    );
}

/// Found on a real spec: a list item's continuation line lost its indentation (leading spaces are
/// dropped to avoid code blocks), which clippy denies (`doc_lazy_continuation`).
#[test]
fn list_item_continuations_stay_indented() {
    let generation = generate(
        r#"paths: {}
components:
  schemas:
    Listed:
      description: "Notes:\n*   This API has an upper limit. Use the Git Trees\n    API instead.\n*   Files up to 1 MB."
      type: string
"#,
    )
    .expect("generates");
    let models = file(&generation, "models.rs");
    assert!(
        models.contains("/// *   This API has an upper limit. Use the Git Trees\n///     API instead.\n"),
        "{models}"
    );
}

/// Fields and parameters were taken as `impl Into<T>` by two rules (`emit/constructors.rs` followed
/// aliases and took `BigInt` and raw JSON, `emit/params.rs` took only a plain `String` and unions):
/// a `BigInt` or an aliased string was `impl Into` as a field and not as a parameter. One rule now,
/// recorded by the analysis.
#[test]
fn fields_and_parameters_take_values_by_one_rule() {
    let generation = generate(
        r#"paths:
  /items/{id}:
    put:
      operationId: putItem
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
            format: bigint
        - name: label
          in: query
          schema:
            $ref: '#/components/schemas/Label'
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Item'
      responses:
        '204':
          description: Stored.
components:
  schemas:
    Label:
      type: string
    Item:
      type: object
      required: [id, label]
      properties:
        id:
          type: integer
          format: bigint
        label:
          $ref: '#/components/schemas/Label'
"#,
    )
    .expect("generates");
    let operations = file(&generation, "operations.rs");
    let models = file(&generation, "models.rs");
    let big = "id: impl ::std::convert::Into<::formance_sdk_runtime::BigInt>";
    let label = "label: impl ::std::convert::Into<super::models::Label>";
    // Several required fields: `new` takes them named, each `impl Into` as a field's setter would.
    let named = "pub fn new<\n        Id: ::std::convert::Into<::formance_sdk_runtime::BigInt>,\n        Label: ::std::convert::Into<self::Label>,\n    >(required: ItemRequired<Id, Label>)";
    assert!(models.contains(named), "{models}");
    assert!(operations.contains(big), "a BigInt argument takes impl Into as a BigInt field does:\n{operations}");
    assert!(operations.contains(label), "an aliased string setter takes impl Into:\n{operations}");
}

/// A JSON document was read by the YAML parser, which refuses a `\uD83D\uDE42` surrogate pair
/// (valid JSON, common in generated documents): JSON is read as JSON now, in the order it is written.
#[test]
fn json_documents_are_read_as_json() {
    let spec = r#"{"openapi": "3.0.3", "info": {"title": "Smile \uD83D\uDE42", "version": "1"},
        "paths": {"/b": {"get": {"operationId": "second", "responses": {"204": {"description": "Done."}}}},
                  "/a": {"get": {"operationId": "first", "responses": {"204": {"description": "Done."}}}}}}"#;
    let generation = codegen::generate_crate(spec, &codegen::Options::new("json"), "../runtime").expect("generates");
    let readme = file(&generation, "README.md");
    assert!(readme.contains("# Smile \u{1F642}"), "{readme}");
    let operations = file(&generation, "src/generated/operations.rs");
    let (second, first) = (operations.find("pub fn second("), operations.find("pub fn first("));
    assert!(second < first && first.is_some(), "operations in the order of the document:\n{operations}");
}

/// `naming::unique` made a second `self_` (the field `self`, next to one named `self_`) `self__2`,
/// which is not snake case (a warning in the generated crate).
#[test]
fn a_field_named_self_next_to_self_underscore_is_snake_case() {
    let generation = generate(
        "paths: {}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n        self:\n          type: string\n        self_:\n          type: string\n",
    )
    .expect("generates");
    let models = file(&generation, "models.rs");
    assert!(models.contains("pub self_: ") && models.contains("pub self_2: "), "{models}");
    assert!(!models.contains("self__"), "{models}");
}

/// An acyclic chain of `allOf`s deeper than 32 was refused as "this `allOf` contains itself" (a depth
/// limit stood for cycle detection); a chain that loops is still refused (see `errors.rs`), and one
/// beyond what the generator follows is refused as such, never with a stack overflow.
#[test]
fn a_deep_all_of_chain_that_ends_is_one_struct() {
    let chain = |n: usize| {
        let mut body = String::from("paths: {}\ncomponents:\n  schemas:\n");
        for i in 0..n {
            body.push_str(&format!(
                "    A{i}:\n      allOf:\n        - $ref: '#/components/schemas/A{}'\n        - type: object\n          properties:\n            f{i}:\n              type: string\n",
                i + 1
            ));
        }
        body.push_str(&format!(
            "    A{n}:\n      type: object\n      properties:\n        f{n}:\n          type: string\n"
        ));
        body
    };
    let generation = generate(&chain(40)).expect("a chain of 40 allOfs generates");
    let models = file(&generation, "models.rs");
    let a0 = &models[models.find("pub struct A0 ").expect("A0")..];
    let a0 = &a0[..a0.find("\n}").expect("end of A0")];
    assert_eq!(a0.matches("pub f").count(), 41, "A0 has the fields of the whole chain:\n{a0}");

    let err = generate(&chain(300)).expect_err("beyond what the generator follows");
    assert!(err.reason.contains("more than 128 schemas"), "{err}");
}

/// A chain of some hundred required models (each holding the next) wrote a crate rustc refuses
/// (E0275 on `Send`, "reached the recursion limit finding the struct tail"): the crate now declares
/// the recursion limit its types need, and a spec that nests less is written as before.
#[test]
fn deeply_nested_models_get_the_recursion_limit_they_need() {
    let deep = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/deep_nesting.yaml"))
        .expect("the deep_nesting fixture");
    let generation = codegen::generate_crate(&deep, &codegen::Options::new("deep"), "../runtime").expect("generates");
    assert_eq!(generation.recursion_limit, Some(512));
    let lib = file(&generation, "src/lib.rs");
    assert!(lib.contains("#![recursion_limit = \"512\"]"), "{lib}");

    let shallow =
        codegen::generate_crate(&format!("{HEAD}paths: {{}}\n"), &codegen::Options::new("flat"), "../runtime")
            .expect("generates");
    assert_eq!(shallow.recursion_limit, None);
    assert!(!file(&shallow, "src/lib.rs").contains("recursion_limit"));
}

/// `analyze/types.rs` wrote "Another name for [`X`]" as Markdown into the docs, which `emit/docs.rs`
/// escapes as spec text is (`\[`X`\]`): no alias linked to its target, and an alias made by an
/// `allOf` wrapper without a description (Ledger v2's `V2BulkElementResultAddMetadata`) had no doc at
/// all. The IR now carries the spec's text alone, and the emitter writes the link from the alias's
/// target; the spec's own brackets stay escaped.
#[test]
fn aliases_link_to_their_target_and_spec_text_stays_text() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/aliases.yaml"))
        .expect("the aliases fixture");
    let generation = codegen::generate(&text, &codegen::Options::new("aliases")).expect("generates");
    let models = file(&generation, "models.rs");
    for alias in [
        "/// Another name for [`Original`], from `#/components/schemas/Renamed`. No operation of the API uses it.\npub type Renamed = Original;",
        "/// Another name for [`Original`], from `#/components/schemas/Bare`. No operation of the API uses it.\npub type Bare = Original;",
        "/// An allOf with one member is that member.\n///\n/// Another name for [`Original`].\npub type Wrapped = Original;",
        "/// Spec text is text, \\[not a link\\] even with \\<angle brackets\\>.\n///\n/// Another name for [`Original`].\npub type Bracketed = Original;",
    ] {
        assert!(models.contains(alias), "expected\n{alias}\nin\n{models}");
    }
}

/// A generated crate's docs were its spec's title and description alone: its first user read
/// `operations.rs` to find the API. Its README (which `src/lib.rs` includes as the crate docs, every
/// public item documented) now shows a client from the environment, a call with its documented error,
/// and a stream; `cargo xtask fixtures` compiles it as the crate's doctest.
#[test]
fn generated_crates_are_documented_with_a_usage_example() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/operations.yaml"))
        .expect("the operations fixture");
    let generation =
        codegen::generate_crate(&text, &codegen::Options::new("acme-client"), "../runtime").expect("generates");
    let lib = file(&generation, "src/lib.rs");
    assert!(
        lib.contains("#![doc = include_str!(\"../README.md\")]") && lib.contains("#![deny(missing_docs)]"),
        "{lib}"
    );
    let manifest = file(&generation, "Cargo.toml");
    assert!(
        manifest.contains("readme = \"README.md\"") && manifest.contains("[package.metadata.docs.rs]"),
        "{manifest}"
    );
    let readme = file(&generation, "README.md");
    for expected in [
        "```rust,no_run\nuse acme_client::{ClientBuilder, Error",
        "`ACME_CLIENT_SERVER_URL`",
        "let client = ClientBuilder::from_env()?.build()?;",
        "Err(Error::Api(error)) => ",
        ".into_stream().try_collect().await?;",
    ] {
        assert!(readme.contains(expected), "expected {expected:?} in\n{readme}");
    }
}

/// The spec's `info` goes into the generated README, which is the crate docs: a code block there is
/// a doctest rustdoc compiles, and runs unless `no_run`. A block the spec labels `should_panic`
/// (run) or hides in its `version` (a line break) must stay text.
#[test]
fn spec_text_in_a_generated_readme_never_becomes_a_doctest() {
    let spec = r#"{"openapi": "3.0.3",
        "info": {"title": "```T\n```should_panic\nstd::process::exit(1)\n```", "version": "1\n```should_panic\nstd::process::exit(1)\n```",
                 "description": "Intro.\n\n```should_panic\nstd::process::exit(1)\n```\n\n~~~edition2021\nfn main() {}\n~~~"},
        "paths": {}}"#;
    let generation = codegen::generate_crate(spec, &codegen::Options::new("t"), "../runtime").expect("generates");
    let readme = file(&generation, "README.md");
    let labels: Vec<&str> = readme
        .lines()
        .filter_map(|line| line.strip_prefix("```").or_else(|| line.strip_prefix("~~~")))
        .filter(|label| !label.is_empty() && !label.starts_with(['`', '~']))
        .collect();
    assert_eq!(labels, ["text", "text", "rust,no_run"], "{readme}");
}

/// Spec values the generator quotes in its docs (an enum value, a tag, a server URL,
/// a parameter's wire name, a discriminator's property) went into doc attributes as they were: one
/// holding a line break started a line of the docs, where a fence opens a block rustdoc runs.
#[test]
fn spec_values_quoted_in_docs_never_start_a_line() {
    let block = r"\n```should_panic\nstd::process::exit(1)\n```\n";
    let spec = format!(
        r##"{{"openapi": "3.0.3", "info": {{"title": "T", "version": "1"}},
        "servers": [{{"url": "https://a.example/{block}"}}],
        "tags": [{{"name": "t{block}"}}],
        "paths": {{"/x": {{"post": {{"operationId": "x", "tags": ["t{block}"],
            "parameters": [{{"name": "p{block}", "in": "query", "schema": {{"type": "string"}}}}],
            "requestBody": {{"content": {{"text/plain": {{"schema": {{"type": "string"}}}}}}}},
            "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/U"}}}}}}}}}}}}}}}},
        "components": {{"schemas": {{
            "E": {{"type": "string", "enum": ["v{block}"]}},
            "A": {{"type": "object", "properties": {{"kind": {{"type": "string"}}, "e": {{"$ref": "#/components/schemas/E"}}}}}},
            "U": {{"oneOf": [{{"$ref": "#/components/schemas/A"}}], "discriminator": {{"propertyName": "kind{block}",
                  "mapping": {{"a{block}": "#/components/schemas/A"}}}}}}}}}}}}"##
    );
    let generation = codegen::generate_crate(&spec, &codegen::Options::new("t"), "../runtime").expect("generates");
    let mut quoted = 0;
    for f in &generation.files {
        for line in f.contents.lines() {
            let text = line.trim_start().trim_start_matches("///").trim_start_matches("//!").trim_start();
            assert!(!text.starts_with("```should_panic"), "{}: {line}\n{}", f.path, f.contents);
            quoted += usize::from(line.contains(r"\n```should_panic\nstd::process::exit(1)\n```"));
        }
    }
    assert!(quoted > 0, "the values are quoted, escaped");
}
