//! Checks that `spec/orchestration-v2.yaml`, the project's own description of the
//! Orchestration V2 API, describes exactly the same wire contract as the upstream
//! reference description.
//!
//! Documentation (`description`, `summary`, `example`, `examples`) and `info` may
//! differ; everything else must be identical. The project spec must also carry the
//! stack's servers and the `Authorization` security scheme, which the reference
//! leaves out. It may mark required the request bodies the upstream server rejects a
//! request without (`REQUIRED_BODIES`): that narrows only what our client sends, never
//! what goes on the wire when a body is sent.
//!
//! The reference is looked up in `FORMANCE_REFERENCE_DIR`, or else in
//! `shared/reference` next to the workspace. When it is missing, the comparison is
//! skipped (with a message on stderr) and only the checks that need no reference run.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

const SPEC_FILE: &str = "orchestration-v2.yaml";

/// Keys holding documentation only: they are not part of the wire contract.
const DOC_KEYS: [&str; 4] = ["description", "summary", "example", "examples"];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn project_spec_path() -> PathBuf {
    manifest_dir().join("..").join("spec").join(SPEC_FILE)
}

fn reference_dir() -> PathBuf {
    match std::env::var_os("FORMANCE_REFERENCE_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => manifest_dir().join("..").join("..").join("shared").join("reference"),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

fn parse(path: &Path, text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|err| panic!("{} is not valid YAML: {err}", path.display()))
}

fn load_project_spec() -> Value {
    let path = project_spec_path();
    parse(&path, &read(&path))
}

/// Escapes one JSON pointer token (RFC 6901).
fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Compact rendering of a value for a diff line, shortened when long.
fn render(value: &Value) -> String {
    const MAX: usize = 160;
    let text = value.to_string();
    if text.chars().count() <= MAX {
        text
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}...")
    }
}

/// Drops documentation keys everywhere, except where they are the names of
/// schema properties (keys of a `properties` mapping).
fn strip_docs(value: &mut Value) {
    strip_docs_in(value, false);
}

fn strip_docs_in(value: &mut Value, is_properties_map: bool) {
    match value {
        Value::Object(map) => {
            if !is_properties_map {
                map.retain(|key, _| !DOC_KEYS.contains(&key.as_str()));
            }
            for (key, child) in map.iter_mut() {
                // Inside a `properties` mapping the keys are property names, so a
                // property called `properties` is a schema, not another mapping.
                strip_docs_in(child, !is_properties_map && key == "properties");
            }
        }
        Value::Array(items) => {
            for item in items {
                strip_docs_in(item, false);
            }
        }
        _ => {}
    }
}

/// Lists every place where `project` differs from `reference`, one line per JSON
/// pointer. Mappings are compared regardless of key order, arrays element by element.
fn diff(reference: &Value, project: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff_at("#", reference, project, &mut out);
    out
}

fn diff_at(pointer: &str, reference: &Value, project: &Value, out: &mut Vec<String>) {
    match (reference, project) {
        (Value::Object(r), Value::Object(p)) => {
            for (key, r_child) in r {
                let child = format!("{pointer}/{}", escape_token(key));
                match p.get(key) {
                    Some(p_child) => diff_at(&child, r_child, p_child, out),
                    None => out.push(format!("{child}: missing from project (reference has {})", render(r_child))),
                }
            }
            for (key, p_child) in p {
                if !r.contains_key(key) {
                    out.push(format!(
                        "{pointer}/{}: extra in project (project has {})",
                        escape_token(key),
                        render(p_child)
                    ));
                }
            }
        }
        (Value::Array(r), Value::Array(p)) => {
            for index in 0..r.len().max(p.len()) {
                let child = format!("{pointer}/{index}");
                match (r.get(index), p.get(index)) {
                    (Some(r_item), Some(p_item)) => diff_at(&child, r_item, p_item, out),
                    (Some(r_item), None) => {
                        out.push(format!("{child}: missing from project (reference has {})", render(r_item)))
                    }
                    (None, Some(p_item)) => {
                        out.push(format!("{child}: extra in project (project has {})", render(p_item)))
                    }
                    (None, None) => unreachable!("index is below the longer length"),
                }
            }
        }
        (r, p) if r == p => {}
        (r, p) => out.push(format!("{pointer}: reference has {}, project has {}", render(r), render(p))),
    }
}

/// Every mapping key in the project YAML must be a string: an unquoted `200:`
/// would be read as a number by YAML tools that follow the spec.
fn assert_string_keys(value: &serde_yaml::Value, pointer: &str, bad: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, child) in map {
                let name = match key {
                    serde_yaml::Value::String(name) => name.clone(),
                    other => {
                        let shown = serde_yaml::to_string(other).unwrap_or_default();
                        bad.push(format!("{pointer}: key {} is not a string", shown.trim()));
                        shown.trim().to_owned()
                    }
                };
                assert_string_keys(child, &format!("{pointer}/{}", escape_token(&name)), bad);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                assert_string_keys(item, &format!("{pointer}/{index}"), bad);
            }
        }
        serde_yaml::Value::Tagged(tagged) => assert_string_keys(&tagged.value, pointer, bad),
        _ => {}
    }
}

fn get<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    value.pointer(pointer).unwrap_or_else(|| panic!("project spec has nothing at #{pointer}"))
}

fn non_empty_string(value: &Value, pointer: &str) {
    let text = get(value, pointer).as_str();
    assert!(text.is_some_and(|text| !text.trim().is_empty()), "project spec: #{pointer} must be a non-empty string");
}

fn key_set(value: &Value, pointer: &str) -> BTreeSet<String> {
    get(value, pointer)
        .as_object()
        .unwrap_or_else(|| panic!("project spec: #{pointer} must be a mapping"))
        .keys()
        .cloned()
        .collect()
}

fn set_of(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|key| (*key).to_owned()).collect()
}

/// Checks the servers and the security scheme that the project adds to the
/// reference, then removes them so that the rest can be compared.
fn check_and_remove_project_additions(spec: &mut Value) {
    // Servers.
    let servers = get(spec, "/servers").as_array().expect("project spec: servers must be a list");
    assert_eq!(servers.len(), 2, "project spec: expected exactly two servers");
    assert_eq!(get(spec, "/servers/0/url"), "http://localhost");
    non_empty_string(spec, "/servers/0/description");
    assert!(spec.pointer("/servers/0/variables").is_none(), "project spec: the local server takes no variables");
    assert_eq!(get(spec, "/servers/1/url"), "https://{organization}.{environment}.formance.cloud");
    non_empty_string(spec, "/servers/1/description");
    assert_eq!(
        key_set(spec, "/servers/1/variables"),
        set_of(&["organization", "environment"]),
        "project spec: cloud server variables"
    );
    assert_eq!(get(spec, "/servers/1/variables/organization/default"), "orgID-stackID");
    assert!(
        spec.pointer("/servers/1/variables/organization/enum").is_none(),
        "project spec: organization is free-form"
    );
    assert_eq!(get(spec, "/servers/1/variables/environment/default"), "eu.sandbox");
    assert_eq!(get(spec, "/servers/1/variables/environment/enum"), &json!(["eu.sandbox", "eu-west-1", "us-east-1"]));

    // Security scheme.
    assert_eq!(
        key_set(spec, "/components/securitySchemes"),
        set_of(&["Authorization"]),
        "project spec: security schemes"
    );
    let scheme = "/components/securitySchemes/Authorization";
    assert_eq!(get(spec, &format!("{scheme}/type")), "oauth2");
    assert_eq!(key_set(spec, &format!("{scheme}/flows")), set_of(&["clientCredentials"]), "project spec: OAuth2 flows");
    let flow = format!("{scheme}/flows/clientCredentials");
    assert_eq!(get(spec, &format!("{flow}/tokenUrl")), "/api/auth/oauth/token");
    assert_eq!(get(spec, &format!("{flow}/refreshUrl")), "/api/auth/oauth/token");
    let scopes = set_of(&["orchestration:read", "orchestration:write"]);
    assert_eq!(key_set(spec, &format!("{flow}/scopes")), scopes, "project spec: OAuth2 scopes");
    for scope in &scopes {
        non_empty_string(spec, &format!("{flow}/scopes/{}", escape_token(scope)));
    }

    // Every security requirement must name the declared scheme and scopes.
    for (path, item) in get(spec, "/paths").as_object().expect("paths mapping") {
        for (method, operation) in item.as_object().expect("path item mapping") {
            let Some(requirements) = operation.get("security") else {
                continue;
            };
            for requirement in requirements.as_array().expect("security list") {
                for (name, used) in requirement.as_object().expect("security requirement") {
                    assert_eq!(name, "Authorization", "{method} {path}: unknown scheme");
                    for scope in used.as_array().expect("scope list") {
                        let scope = scope.as_str().expect("scope name");
                        assert!(scopes.contains(scope), "{method} {path}: scope {scope} is not declared");
                    }
                }
            }
        }
    }

    let root = spec.as_object_mut().expect("spec root mapping");
    root.remove("servers");
    let components = root.get_mut("components").and_then(Value::as_object_mut).expect("components mapping");
    components.remove("securitySchemes");
}

/// The request bodies the project marks `required: true` where the reference leaves them optional,
/// because the upstream handler rejects a request without one (its JSON decoder meets `EOF`); each
/// is cited beside the change in the spec. formancehq/stack@5f4c416a02bb4eb00d7a4b768637375dea9aef1f,
/// `ee/orchestration/internal/api/v2/`.
const REQUIRED_BODIES: [(&str, &str); 4] = [
    ("/paths/~1v2~1triggers/post/requestBody", "handler_create_trigger.go, createTrigger: 500"),
    ("/paths/~1v2~1triggers~1{triggerID}~1test/post/requestBody", "handler_test_trigger.go, testTrigger: 500"),
    ("/paths/~1v2~1workflows/post/requestBody", "handler_create_workflow.go, createWorkflow: 400"),
    (
        "/paths/~1v2~1instances~1{instanceID}~1events/post/requestBody",
        "handler_post_event.go, postEventToWorkflowInstance: 400",
    ),
];

/// Checks that each of `REQUIRED_BODIES` is required in the project and optional in the reference,
/// then removes the project's `required` so that the rest compares as is: any other difference in
/// `required` (a body the reference requires and the project does not, or another one made
/// required) stays a difference.
fn check_and_remove_required_bodies(reference: &Value, project: &mut Value) {
    for (pointer, handler) in REQUIRED_BODIES {
        let body = project.pointer_mut(pointer).and_then(Value::as_object_mut);
        let body = body.unwrap_or_else(|| panic!("project spec has no request body at #{pointer}"));
        assert_eq!(body.remove("required"), Some(json!(true)), "#{pointer} must be required ({handler})");
        let upstream = reference.pointer(pointer).and_then(|b| b.get("required")).and_then(Value::as_bool);
        assert_ne!(upstream, Some(true), "#{pointer} is required in the reference already: drop it from the list");
    }
}

/// Collects the text of every `description` and `summary` that documents an
/// OpenAPI object (not a property named that way), keyed by JSON pointer.
fn doc_texts(value: &Value, pointer: &str, is_properties_map: bool, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", escape_token(key));
                if !is_properties_map && (key == "description" || key == "summary") {
                    if let Some(text) = child.as_str() {
                        out.push((child_pointer.clone(), text.to_owned()));
                    }
                    continue;
                }
                if !is_properties_map && (key == "example" || key == "examples") {
                    continue;
                }
                doc_texts(child, &child_pointer, !is_properties_map && key == "properties", out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                doc_texts(item, &format!("{pointer}/{index}"), false, out);
            }
        }
        _ => {}
    }
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[test]
fn spec_matches_reference() {
    let project_path = project_spec_path();
    let project_text = read(&project_path);

    // Status codes and other keys must be strings in the YAML itself.
    let yaml: serde_yaml::Value = serde_yaml::from_str(&project_text)
        .unwrap_or_else(|err| panic!("{} is not valid YAML: {err}", project_path.display()));
    let mut bad_keys = Vec::new();
    assert_string_keys(&yaml, "#", &mut bad_keys);
    assert!(bad_keys.is_empty(), "project spec has non-string keys (quote them):\n{}", bad_keys.join("\n"));

    // It must load as an OpenAPI document.
    let openapi: openapiv3::OpenAPI = serde_yaml::from_str(&project_text)
        .unwrap_or_else(|err| panic!("{} is not an OpenAPI document: {err}", project_path.display()));
    assert_eq!(openapi.openapi, "3.0.3");
    assert_eq!(openapi.info.version, "0.1.0");

    let mut project = parse(&project_path, &project_text);
    check_and_remove_project_additions(&mut project);

    let reference_path = reference_dir().join(SPEC_FILE);
    if !reference_path.is_file() {
        eprintln!(
            "spec_matches_reference: SKIPPED, reference not found at {} (set FORMANCE_REFERENCE_DIR)",
            reference_path.display()
        );
        return;
    }
    let mut reference = parse(&reference_path, &read(&reference_path));

    // The documentation must be the project's own words, not the reference's.
    let mut reference_docs = Vec::new();
    doc_texts(&reference, "#", false, &mut reference_docs);
    let reference_docs: BTreeSet<String> = reference_docs.iter().map(|(_, text)| normalize(text)).collect();
    let mut project_docs = Vec::new();
    doc_texts(&project, "#", false, &mut project_docs);
    let copied: Vec<String> = project_docs
        .iter()
        .filter(|(_, text)| reference_docs.contains(&normalize(text)))
        .map(|(pointer, text)| format!("{pointer}: {text:?}"))
        .collect();
    assert!(
        copied.is_empty(),
        "project spec copies {} description(s) or summary(ies) from the reference:\n{}",
        copied.len(),
        copied.join("\n")
    );

    for spec in [&mut reference, &mut project] {
        strip_docs(spec);
        spec.as_object_mut().expect("spec root mapping").remove("info");
    }
    check_and_remove_required_bodies(&reference, &mut project);

    let differences = diff(&reference, &project);
    if !differences.is_empty() {
        let mut report = format!(
            "{} differs from {} in {} place(s):\n",
            project_path.display(),
            reference_path.display(),
            differences.len()
        );
        for line in &differences {
            let _ = writeln!(report, "  {line}");
        }
        panic!("{report}");
    }
}

#[test]
fn diff_reports_exactly_the_changed_pointers() {
    let mut original = load_project_spec();
    strip_docs(&mut original);
    assert!(diff(&original, &original).is_empty(), "a spec must not differ from itself");

    // A property type changed.
    let mut changed = original.clone();
    *changed
        .pointer_mut("/components/schemas/V2Error/properties/errorMessage/type")
        .expect("V2Error.errorMessage type") = json!("integer");
    assert_eq!(
        diff(&original, &changed),
        vec![
            "#/components/schemas/V2Error/properties/errorMessage/type: \
             reference has \"string\", project has \"integer\""
                .to_owned()
        ]
    );

    // An entry dropped from a required list.
    let mut changed = original.clone();
    let required = changed
        .pointer_mut("/components/schemas/V2Hold/required")
        .and_then(Value::as_array_mut)
        .expect("V2Hold required list");
    assert_eq!(required.pop(), Some(json!("description")));
    assert_eq!(
        diff(&original, &changed),
        vec![
            "#/components/schemas/V2Hold/required/3: \
             missing from project (reference has \"description\")"
                .to_owned()
        ]
    );

    // A key added, in a path whose name needs escaping.
    let mut changed = original.clone();
    changed
        .pointer_mut("/paths/~1v2~1_info/get")
        .and_then(Value::as_object_mut)
        .expect("GET /v2/_info")
        .insert("deprecated".to_owned(), json!(true));
    assert_eq!(
        diff(&original, &changed),
        vec!["#/paths/~1v2~1_info/get/deprecated: extra in project (project has true)".to_owned()]
    );
}

#[test]
fn strip_docs_keeps_properties_named_like_doc_keys() {
    let mut spec = load_project_spec();
    strip_docs(&mut spec);
    for schema in ["V2Hold", "V2DebitWalletRequest", "V2CreateTransferInitiationRequest"] {
        let property = format!("/components/schemas/{schema}/properties/description");
        assert_eq!(
            spec.pointer(&format!("{property}/type")),
            Some(&json!("string")),
            "{schema}: the property named description must survive"
        );
        assert_eq!(
            spec.pointer(&format!("{property}/description")),
            None,
            "{schema}: the documentation of that property must be dropped"
        );
    }
    assert_eq!(spec.pointer("/components/schemas/V2Hold/description"), None);
    assert_eq!(spec.pointer("/paths/~1v2~1_info/get/summary"), None);
}

#[test]
fn descriptions_are_safe_for_rustdoc() {
    let spec = load_project_spec();
    let mut docs = Vec::new();
    doc_texts(&spec, "#", false, &mut docs);
    assert!(!docs.is_empty(), "the project spec should be documented");
    let mut problems = Vec::new();
    for (pointer, text) in &docs {
        if text.trim().is_empty() {
            problems.push(format!("{pointer}: empty"));
        }
        if text.contains(['[', ']', '<', '>']) {
            problems.push(format!("{pointer}: contains a bracket: {text:?}"));
        }
        if text.contains("://") || text.contains("www.") {
            problems.push(format!("{pointer}: contains a URL: {text:?}"));
        }
        if text.contains("```") || text.lines().any(|line| line.starts_with("    ") || line.starts_with('\t')) {
            problems.push(format!("{pointer}: would become a code block: {text:?}"));
        }
    }
    assert!(problems.is_empty(), "descriptions unfit for rustdoc:\n{}", problems.join("\n"));
}
