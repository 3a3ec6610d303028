//! `Options::sent_types`: types the crate's hand-written code sends although the spec shows them in
//! responses only are built like request models, and a name the spec does not define is refused.

const SPEC: &str = r#"openapi: 3.0.3
info:
  title: Sent types
  version: 0.1.0
paths:
  /receipts/{id}:
    get:
      operationId: getReceipt
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: A receipt.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Receipt'
components:
  schemas:
    Receipt:
      type: object
      required: [id, line]
      properties:
        id:
          type: string
        line:
          $ref: '#/components/schemas/Line'
    Line:
      type: object
      required: [amount]
      properties:
        amount:
          type: integer
"#;

fn models(options: &codegen::Options<'_>) -> String {
    let generation = codegen::generate(SPEC, options).expect("generates");
    generation.files.into_iter().find(|f| f.path == "models.rs").expect("models.rs").contents
}

#[test]
fn sent_types_and_what_they_reach_get_constructors() {
    // Read in responses only: constructors for tests alone, behind the `test-util` feature.
    let gated = |models: &str, name: &str| models.contains(&format!("#[cfg(feature = \"test-util\")]\nimpl {name} {{"));
    let plain = models(&codegen::Options::new("sent"));
    assert!(gated(&plain, "Receipt") && gated(&plain, "Line"), "{plain}");
    let sent = models(&codegen::Options { sent_types: &["Receipt"], ..codegen::Options::new("sent") });
    assert!(sent.contains("impl Receipt {") && sent.contains("impl Line {"), "{sent}");
    assert!(!gated(&sent, "Receipt") && !gated(&sent, "Line"), "{sent}");
    assert!(sent.contains("pub fn new(amount: i64) -> Self"), "{sent}");

    // api-diff reads the same facts: `Line` now counts as sent in requests.
    let api = codegen::diff::api(SPEC, &codegen::Options { sent_types: &["Receipt"], ..codegen::Options::new("x") })
        .expect("analyzes");
    let line = api.types.iter().find(|d| d.name == "Line").expect("Line");
    assert!(line.usage.request && line.usage.response, "{:?}", line.usage);
}

#[test]
fn a_sent_type_the_spec_does_not_define_is_refused_by_generate_and_ignored_by_the_diff() {
    let options = codegen::Options { sent_types: &["Receit"], ..codegen::Options::new("sent") };
    let error = codegen::generate(SPEC, &options).expect_err("a misspelt type is refused");
    assert_eq!(
        error.to_string(),
        "options: `sent_types` names `Receit`, which is not the Rust name of a type the spec defines"
    );
    // An older spec may not have a type the SDK sends today.
    assert!(codegen::diff::api(SPEC, &options).is_ok());
}
