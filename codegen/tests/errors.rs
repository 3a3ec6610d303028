//! Specs the generator must refuse: each error names the JSON pointer of the part at fault and says why.
//! The `Display` of every error is also kept in one snapshot (`snapshots/errors__refusals.snap`) for review.

use std::fmt::Write as _;

/// The document every case starts from: valid OpenAPI 3.0.3 with nothing in it.
const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: Refused\n  version: 0.1.0\n";

/// A union with a discriminator `mapping` (its entries follow).
const PET_UNION: &str = r#"paths: {}
components:
  schemas:
    Cat:
      type: object
      properties:
        kind:
          type: string
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
      discriminator:
        propertyName: kind
        mapping:
"#;

struct Case {
    name: &'static str,
    spec: String,
    location: &'static str,
    /// Fragments the reason must contain.
    reason: &'static [&'static str],
}

fn spec(body: &str) -> String {
    format!("{HEAD}{body}")
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "openapi_3_1",
            spec: "openapi: 3.1.0\ninfo:\n  title: Refused\n  version: 0.1.0\npaths: {}\n".to_owned(),
            location: "#/openapi",
            reason: &["3.1.0", "not supported", "3.0.x"],
        },
        Case {
            name: "dangling_ref",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        b:
          $ref: '#/components/schemas/Missing'
"#,
            ),
            location: "#/components/schemas/A/properties/b",
            reason: &["#/components/schemas/Missing", "does not resolve"],
        },
        Case {
            name: "duplicate_operation_id",
            spec: spec(
                r#"paths:
  /a:
    get:
      operationId: same
      responses:
        '204':
          description: Done.
  /b:
    get:
      operationId: same
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1b/get",
            reason: &["`same`", "more than one operation"],
        },
        Case {
            name: "not_schema",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        b:
          not:
            type: string
"#,
            ),
            location: "#/components/schemas/A/properties/b",
            reason: &["`not`", "not supported"],
        },
        Case {
            name: "cookie_parameter",
            spec: spec(
                r#"paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: session
          in: cookie
          schema:
            type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a/get/parameters/0",
            reason: &["cookie parameters are not supported"],
        },
        Case {
            name: "object_path_parameter",
            spec: spec(
                r#"paths:
  /a/{f}:
    get:
      operationId: getA
      parameters:
        - name: f
          in: path
          required: true
          schema:
            type: object
            additionalProperties:
              type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a~1{f}/get/parameters/0",
            reason: &["an object cannot be a path parameter"],
        },
        Case {
            name: "object_header_parameter",
            spec: spec(
                r#"paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: X-Filter
          in: header
          schema:
            type: object
            additionalProperties:
              type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a/get/parameters/0",
            reason: &["an object cannot be a header parameter"],
        },
        Case {
            name: "label_path_style",
            spec: spec(
                r#"paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - name: id
          in: path
          required: true
          style: label
          schema:
            type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a~1{id}/get/parameters/0",
            reason: &["`label` style", "only `simple`"],
        },
        Case {
            name: "deep_object_style_on_a_string",
            spec: spec(
                r#"paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: q
          in: query
          style: deepObject
          schema:
            type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a/get/parameters/0",
            reason: &["`deepObject` style applies to objects only"],
        },
        Case {
            name: "array_inside_an_object_parameter",
            spec: spec(
                r#"paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: filter
          in: query
          style: deepObject
          schema:
            $ref: '#/components/schemas/Filter'
      responses:
        '204':
          description: Done.
components:
  schemas:
    Filter:
      type: object
      properties:
        ids:
          type: array
          items:
            type: string
"#,
            ),
            location: "#/paths/~1a/get/parameters/0",
            reason: &["the property `ids`", "an array inside an object parameter"],
        },
        Case {
            name: "nested_object_in_form_style",
            spec: spec(
                r#"paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: filter
          in: query
          schema:
            type: object
            additionalProperties:
              type: object
              additionalProperties:
                type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a/get/parameters/0",
            reason: &["only be a query parameter in `deepObject` style"],
        },
        Case {
            name: "union_with_an_array_member_in_the_path",
            spec: spec(
                r#"paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - name: id
          in: path
          required: true
          schema:
            oneOf:
              - type: string
              - type: array
                items:
                  type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a~1{id}/get/parameters/0",
            reason: &["cannot be a path parameter", "one segment"],
        },
        Case {
            name: "union_with_an_object_member_parameter",
            spec: spec(
                r#"paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: q
          in: query
          schema:
            oneOf:
              - type: string
              - type: object
                properties:
                  a:
                    type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a/get/parameters/0",
            reason: &["the member `Object`", "is an object"],
        },
        Case {
            name: "xml_object_request_body",
            spec: spec(
                r#"paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          application/xml:
            schema:
              type: object
              properties:
                a:
                  type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a/post/requestBody",
            reason: &["no supported media type among application/xml", "multipart/form-data"],
        },
        Case {
            name: "nested_object_in_a_form_body",
            spec: spec(
                r#"paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              $ref: '#/components/schemas/Form'
      responses:
        '204':
          description: Done.
components:
  schemas:
    Form:
      type: object
      properties:
        name:
          type: string
        address:
          type: object
          properties:
            city:
              type: string
"#,
            ),
            location: "#/components/schemas/Form/properties/address",
            reason: &["form field `address`", "nested objects cannot be sent as `application/x-www-form-urlencoded`"],
        },
        Case {
            name: "multipart_body_not_an_object",
            spec: spec(
                r#"paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: array
              items:
                type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a/post/requestBody/content/multipart~1form-data/schema",
            reason: &["a multipart body must be an object with properties"],
        },
        Case {
            name: "multipart_struct_name_taken",
            spec: spec(
                r#"paths:
  /a:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file:
                  type: string
                  format: binary
      responses:
        '204':
          description: Done.
components:
  schemas:
    UploadForm:
      type: object
      properties:
        a:
          type: string
"#,
            ),
            location: "#/paths/~1a/post/requestBody",
            reason: &["`UploadForm`", "already taken by the type from #/components/schemas/UploadForm"],
        },
        Case {
            name: "media_type_not_a_header_value",
            spec: spec(
                "paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: Done.\n          content:\n            \"text/plain\\u00e9\": {}\n",
            ),
            location: "#/paths/~1a/get/responses/200/content/text~1plain\u{e9}",
            reason: &["cannot be sent as a header value"],
        },
        Case {
            name: "undeclared_path_parameter",
            spec: spec(
                r#"paths:
  /a/{id}:
    get:
      operationId: getA
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a~1{id}/get",
            reason: &["`{id}`", "no path parameter `id` is declared"],
        },
        Case {
            name: "all_of_member_is_a_string",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    A:
      allOf:
        - type: object
          properties:
            x:
              type: string
        - type: string
"#,
            ),
            location: "#/components/schemas/A/allOf/1",
            reason: &["`allOf` member is not an object", "only objects can be merged"],
        },
        Case {
            name: "all_of_wrapper_of_two_types",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    Id:
      type: string
    A:
      description: Two members that each give a type, and not the same one.
      allOf:
        - $ref: '#/components/schemas/Id'
        - type: integer
"#,
            ),
            location: "#/components/schemas/A/allOf/1",
            reason: &["another type than #/components/schemas/A/allOf/0", "only add documentation or constraints"],
        },
        Case {
            name: "all_of_conflicting_property",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    A:
      allOf:
        - type: object
          properties:
            x:
              type: string
        - type: object
          properties:
            x:
              type: integer
"#,
            ),
            location: "#/components/schemas/A/allOf/1/properties/x",
            reason: &["property `x`", "#/components/schemas/A/allOf/0/properties/x", "different schema"],
        },
        Case {
            name: "discriminator_inline_member_without_tag_value",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    Event:
      oneOf:
        - $ref: '#/components/schemas/Created'
        - type: object
          properties:
            type:
              type: string
      discriminator:
        propertyName: type
    Created:
      type: object
      properties:
        type:
          type: string
"#,
            ),
            location: "#/components/schemas/Event/oneOf/1",
            reason: &["inline member", "`type` value", "one-value `enum`", "`mapping`"],
        },
        Case {
            name: "discriminator_inline_member_with_several_tag_values",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    Event:
      oneOf:
        - type: object
          properties:
            type:
              type: string
              enum: [created, made]
      discriminator:
        propertyName: type
"#,
            ),
            location: "#/components/schemas/Event/oneOf/0/properties/type",
            reason: &["lists 2 values", "has one"],
        },
        Case {
            name: "discriminator_mapping_disagrees_with_the_member",
            spec: spec(
                r##"paths: {}
components:
  schemas:
    Event:
      oneOf:
        - type: object
          properties:
            type:
              type: string
              enum: [created]
      discriminator:
        propertyName: type
        mapping:
          made: '#/components/schemas/Event/oneOf/0'
"##,
            ),
            location: "#/components/schemas/Event/oneOf/0/properties/type",
            reason: &["`type` is `created`", "`mapping` gives it `made`"],
        },
        Case {
            name: "discriminator_ref_member_enum_does_not_list_its_tag",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
      discriminator:
        propertyName: petType
    Cat:
      type: object
      properties:
        petType:
          type: string
          enum: [cat]
"#,
            ),
            location: "#/components/schemas/Cat/properties/petType",
            reason: &["#/components/schemas/Pet/oneOf/0", "`petType` `Cat`", "no `mapping` entry", "does not list"],
        },
        Case {
            name: "discriminator_value_of_two_members",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    Event:
      oneOf:
        - type: object
          properties:
            type:
              type: string
              enum: [created]
        - type: object
          properties:
            type:
              type: string
              enum: [created]
            id:
              type: string
      discriminator:
        propertyName: type
"#,
            ),
            location: "#/components/schemas/Event/oneOf/1",
            reason: &["`created`", "#/components/schemas/Event/oneOf/0", "a value of its own"],
        },
        Case {
            name: "discriminator_member_is_not_an_object",
            spec: spec(
                r##"paths: {}
components:
  schemas:
    Event:
      oneOf:
        - type: string
      discriminator:
        propertyName: type
        mapping:
          text: '#/components/schemas/Event/oneOf/0'
"##,
            ),
            location: "#/components/schemas/Event/oneOf/0",
            reason: &["member of a union with a discriminator", "not an object"],
        },
        Case {
            name: "tags_make_the_same_sub_client",
            spec: spec(
                r#"paths:
  /a:
    get:
      operationId: list
      tags: [Shop V1]
      responses:
        '204':
          description: Done.
  /b:
    get:
      operationId: listAgain
      x-speakeasy-name-override: list
      tags: [shop-v1]
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1b/get",
            reason: &["tag `shop-v1`", "tag `Shop V1`", "sub-client `shop_v1`"],
        },
        Case {
            name: "server_variable_not_declared",
            spec: spec("servers:\n  - url: https://{region}.example.com\npaths: {}\n"),
            location: "#/servers/0/url",
            reason: &["`{region}`", "no variable `region`"],
        },
        Case {
            name: "server_variable_default_not_in_enum",
            spec: spec(
                "servers:\n  - url: https://{region}.example.com\n    variables:\n      region:\n        default: mars\n        enum: [eu, us]\npaths: {}\n",
            ),
            location: "#/servers/0/variables/region/default",
            reason: &["`mars`", "not one of"],
        },
        Case {
            name: "server_url_unclosed_variable",
            spec: spec("servers:\n  - url: https://{region.example.com\npaths: {}\n"),
            location: "#/servers/0/url",
            reason: &["never closed"],
        },
        Case {
            name: "server_preset_named_like_an_operation",
            spec: spec(
                r#"servers:
  - url: https://{tenant}.example.com
    variables:
      tenant:
        default: demo
paths:
  /a:
    get:
      operationId: exampleCom
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/servers/0",
            reason: &["preset name `example_com`", "#/paths/~1a/get"],
        },
        Case {
            name: "server_variable_named_like_a_crate_item",
            spec: spec(
                "servers:\n  - url: https://{client}.example.com\n    variables:\n      client:\n        default: a\n        enum: [a, b]\npaths: {}\n",
            ),
            location: "#/servers/0/variables/client",
            reason: &["`Client`", "already taken"],
        },
        Case {
            name: "server_variable_declared_twice_differently",
            spec: spec(
                r#"servers:
  - url: https://{region}.a.example.com
    variables:
      region:
        default: eu
        enum: [eu, us]
  - url: https://{region}.b.example.com
    variables:
      region:
        default: eu
        enum: [eu, ap]
paths: {}
"#,
            ),
            location: "#/servers/1/variables/region",
            reason: &["`Region`", "#/servers/0/variables/region", "other values"],
        },
        Case {
            name: "two_token_urls",
            spec: spec(
                r#"paths: {}
components:
  securitySchemes:
    A:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: /a/token
          scopes: {}
    B:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: /b/token
          scopes: {}
"#,
            ),
            location: "#/components/securitySchemes/B/flows/clientCredentials/tokenUrl",
            reason: &["#/components/securitySchemes/A/flows/clientCredentials", "one token endpoint"],
        },
        // Section 2 of issue 17: specs that became crates that do not compile are refused where they
        // are wrong.
        Case {
            name: "alias_cycle",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    A:
      $ref: '#/components/schemas/B'
    B:
      $ref: '#/components/schemas/A'
"#,
            ),
            location: "#/components/schemas/A",
            reason: &["loop", "A -> B -> A"],
        },
        Case {
            name: "alias_of_itself",
            spec: spec("paths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/A'\n"),
            location: "#/components/schemas/A",
            reason: &["loop", "A -> A"],
        },
        Case {
            name: "alias_cycle_used_by_a_property",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    Holder:
      type: object
      properties:
        a:
          $ref: '#/components/schemas/A'
    A:
      $ref: '#/components/schemas/B'
    B:
      $ref: '#/components/schemas/A'
"#,
            ),
            location: "#/components/schemas/Holder/properties/a",
            reason: &["loop", "A -> B -> A"],
        },
        Case {
            name: "all_of_cycle",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    A:
      allOf:
        - $ref: '#/components/schemas/B'
    B:
      allOf:
        - $ref: '#/components/schemas/A'
        - type: object
          properties:
            x:
              type: string
"#,
            ),
            location: "#/components/schemas/B",
            reason: &["contains itself", "B -> A -> B"],
        },
        Case {
            name: "one_of_without_members",
            spec: spec("paths: {}\ncomponents:\n  schemas:\n    U:\n      oneOf: []\n"),
            location: "#/components/schemas/U/oneOf",
            reason: &["`oneOf` lists no schema"],
        },
        Case {
            name: "any_of_without_members",
            spec: spec(
                "paths: {}\ncomponents:\n  schemas:\n    H:\n      type: object\n      properties:\n        u:\n          anyOf: []\n",
            ),
            location: "#/components/schemas/H/properties/u/anyOf",
            reason: &["`anyOf` lists no schema"],
        },
        Case {
            name: "discriminator_mapping_to_a_missing_schema",
            spec: spec(&format!(
                "{PET_UNION}          cat: '#/components/schemas/Cat'\n          dog: '#/components/schemas/Dog'\n"
            )),
            location: "#/components/schemas/Pet/discriminator/mapping/dog",
            reason: &["`#/components/schemas/Dog`", "not a schema of this document"],
        },
        Case {
            name: "discriminator_mapping_to_a_missing_schema_name",
            spec: spec(&format!("{PET_UNION}          dog: Dog\n")),
            location: "#/components/schemas/Pet/discriminator/mapping/dog",
            reason: &["`Dog`", "not a schema of this document"],
        },
        Case {
            name: "field_of_the_wrong_type",
            spec: spec(
                r#"paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: x
          in: query
          required: [yes]
          schema:
            type: string
      responses:
        '204':
          description: Done.
"#,
            ),
            location: "#/paths/~1a/get/parameters/0/required",
            reason: &["not a valid OpenAPI 3.0 document", "expected a boolean"],
        },
        Case {
            name: "schema_keyword_of_the_wrong_type",
            spec: spec(
                r#"paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        b:
          type: string
          maxLength: many
"#,
            ),
            location: "#/components/schemas/A/properties/b/maxLength",
            reason: &["not a valid OpenAPI 3.0 document", "expected usize"],
        },
        Case {
            name: "invalid_json",
            spec: "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"\\uD83D\", \"version\": \"1\"}, \"paths\": {}"
                .to_owned(),
            location: "#",
            reason: &["not valid JSON", "line 1"],
        },
        Case {
            name: "invalid_yaml",
            spec: "openapi: 3.0.3\ninfo: [unclosed\npaths: {}\n".to_owned(),
            location: "#",
            reason: &["not valid YAML or JSON"],
        },
    ]
}

#[test]
fn refusals() {
    let mut report = String::new();
    for case in cases() {
        let err = match codegen::generate(&case.spec, &codegen::Options::new("errors")) {
            Ok(generation) => {
                panic!("{}: the generator accepted it and wrote {} files", case.name, generation.files.len())
            }
            Err(err) => err,
        };
        assert_eq!(err.location, case.location, "{}: location ({err})", case.name);
        for fragment in case.reason {
            assert!(err.reason.contains(fragment), "{}: the reason should contain {fragment:?}: {err}", case.name);
        }
        writeln!(report, "{}:\n  {err}", case.name).unwrap();
    }
    insta::assert_snapshot!("refusals", report);
}

/// A spec that is refused stays refused after a valid part is added before the faulty one:
/// the error still points at the faulty part.
#[test]
fn the_location_is_that_of_the_fault_not_of_the_first_entry() {
    let text = spec(
        r#"paths: {}
components:
  schemas:
    Fine:
      type: object
      properties:
        a:
          type: string
    Broken:
      type: object
      properties:
        fine:
          $ref: '#/components/schemas/Fine'
        broken:
          $ref: '#/components/schemas/Nowhere'
"#,
    );
    let err = codegen::generate(&text, &codegen::Options::new("errors")).expect_err("a dangling $ref must be refused");
    assert_eq!(err.location, "#/components/schemas/Broken/properties/broken");
}
