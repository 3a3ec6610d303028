//! Spec mistakes the generator reads all the same: each is a warning with the JSON pointer of the
//! part at fault, returned with the generated files (the library prints nothing; `cargo xtask
//! generate` prints them, and refuses them with `--deny-warnings`).

use std::path::PathBuf;

fn read(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

fn warnings(spec: &str, name: &str) -> Vec<String> {
    let generation = codegen::generate(spec, &codegen::Options::new(name)).expect("the spec generates");
    generation.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn undeclared_required_properties_and_undefined_security_schemes_are_located() {
    assert_eq!(
        warnings(&read("tests/fixtures/spec_mistakes.yaml"), "spec_mistakes"),
        [
            // Listed once, although `Signed` merges `Note` (the pointer is where the name is listed).
            "#/components/schemas/Note/required/1: `author` is listed as required, but no property `author` is \
             declared: it is left out",
            "#/components/schemas/Signed/allOf/1/required/0: `signature` is listed as required, but no property \
             `signature` is declared: it is left out",
            "#/paths/~1notes/post/security/0/signature: the security scheme `signature` is not defined in \
             `#/components/securitySchemes`: its values are taken as OAuth2 scopes",
            "#/security/1/partnerKey: the security scheme `partnerKey` is not defined in \
             `#/components/securitySchemes`: its values are taken as OAuth2 scopes",
        ]
    );
}

#[test]
fn the_project_spec_and_the_other_fixtures_have_none() {
    assert_eq!(warnings(&read("../spec/orchestration-v2.yaml"), "formance-orchestration"), Vec::<String>::new());
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for entry in std::fs::read_dir(&dir).expect("the fixtures") {
        let path = entry.expect("a fixture").path();
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let spec = path.extension().is_some_and(|ext| ext == "yaml" || ext == "json");
        if !spec || name == "spec_mistakes" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a fixture");
        assert_eq!(warnings(&text, &name), Vec::<String>::new(), "{name}");
    }
}
