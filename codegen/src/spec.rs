//! Loading and validating a spec, and following its `$ref`s.

use std::collections::BTreeSet;

use openapiv3::{Header, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};
use serde::Deserialize as _;
use serde_yaml::Value;

use crate::error::{Error, Result, pointer, push_token};

mod locate;

/// Parses YAML or JSON text and checks what the generator relies on:
/// OpenAPI 3.0.x, unique operation ids, and `$ref`s that all resolve inside the document.
pub fn load(text: &str) -> Result<OpenAPI> {
    let raw = parse(text)?;
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => return Err(Error::new("#/openapi", format!("OpenAPI {v} is not supported; only 3.0.x is"))),
        None => return Err(Error::new("#/openapi", "missing `openapi` version field")),
    }
    check_refs(&raw, &raw, &mut "#".to_owned(), false)?;
    // The text is parsed once: converting the tree is much cheaper than parsing YAML again, and
    // serde_yaml's tree keeps the order of every map (serde_json's would sort them). It is read by
    // reference, and kept to say where a document that does not fit is wrong.
    let doc = match OpenAPI::deserialize(&raw) {
        Ok(doc) => doc,
        Err(e) => {
            let (at, reason) = locate::misfit(&raw).unwrap_or_else(|| ("#".to_owned(), e.to_string()));
            return Err(Error::new(at, format!("the spec is not a valid OpenAPI 3.0 document: {reason}")));
        }
    };
    check_operation_ids(&doc)?;
    Ok(doc)
}

/// The document tree of YAML or JSON text. A document that starts with `{` is read as JSON, by a JSON
/// parser: YAML reads most JSON, but not all of it (a `\uD83D\uDE42` surrogate pair, common in
/// generated documents, is an error to YAML); one that is not valid JSON is read as YAML (a flow
/// mapping), and refused with the JSON error when it is not YAML either. Map order is kept either way.
fn parse(text: &str) -> Result<Value> {
    let json = text.trim_start_matches('\u{feff}').trim_start().starts_with('{');
    if json {
        let as_json = serde_json::from_str::<Value>(text);
        return as_json.or_else(|json_error| {
            serde_yaml::from_str(text).map_err(|_| Error::new("#", format!("the spec is not valid JSON: {json_error}")))
        });
    }
    serde_yaml::from_str(text).map_err(|e| Error::new("#", format!("the spec is not valid YAML or JSON: {e}")))
}

/// Keywords whose values are literal data (examples, enum values, defaults, extensions): a `$ref`
/// key inside them is data, not a reference.
fn holds_data(keyword: &str) -> bool {
    matches!(keyword, "example" | "enum" | "default") || keyword.starts_with("x-")
}

/// Checks every `$ref` of `node`, found at the pointer `at` (restored before returning).
/// `keys_are_names` is true for the `properties` of a schema, whose keys are property names (a
/// property may be called `example` or `$ref`), not keywords.
fn check_refs(root: &Value, node: &Value, at: &mut String, keys_are_names: bool) -> Result<()> {
    let len = at.len();
    match node {
        Value::Mapping(map) => {
            if !keys_are_names && let Some(target) = map.get("$ref") {
                let target = target.as_str().unwrap_or_default();
                let resolves = target
                    .strip_prefix('#')
                    .filter(|p| p.starts_with("/components/"))
                    .and_then(|p| lookup(root, p))
                    .is_some();
                if !resolves {
                    return Err(Error::new(
                        at.clone(),
                        format!("`$ref: {target}` does not resolve to an entry under #/components of this document"),
                    ));
                }
            }
            if !keys_are_names
                && let Some(Value::Mapping(mapping)) = map.get("discriminator").and_then(|d| d.get("mapping"))
            {
                check_mapping(root, mapping, at)?;
            }
            // An Example Object (an entry of an `examples` map) holds literal data in `value`.
            let example_object = at.rsplit('/').nth(1) == Some("examples");
            for (key, value) in map {
                let key = key_text(key);
                let key = key.as_ref();
                let data = !keys_are_names && (holds_data(key) || (example_object && key == "value"));
                if !data {
                    push_token(at, key);
                    check_refs(root, value, at, !keys_are_names && key == "properties")?;
                    at.truncate(len);
                }
            }
        }
        Value::Sequence(items) => {
            for (i, value) in items.iter().enumerate() {
                push_token(at, i);
                check_refs(root, value, at, false)?;
                at.truncate(len);
            }
        }
        Value::Tagged(tagged) => check_refs(root, &tagged.value, at, keys_are_names)?,
        _ => {}
    }
    Ok(())
}

/// Every entry of a discriminator's `mapping` (in the schema at `at`) names a schema of the document:
/// by JSON pointer (`#/components/schemas/Cat`, or an inline member's pointer) or by component name
/// (`Cat`).
fn check_mapping(root: &Value, mapping: &serde_yaml::Mapping, at: &str) -> Result<()> {
    for (value, target) in mapping {
        let target = target.as_str().unwrap_or_default();
        let resolves = match target.strip_prefix('#') {
            Some(pointer) => lookup(root, pointer).is_some(),
            None => lookup(root, "/components/schemas").and_then(|schemas| schemas.get(target)).is_some(),
        };
        if !resolves {
            let mut entry = pointer(&pointer(at, "discriminator"), "mapping");
            push_token(&mut entry, key_text(value));
            return Err(Error::new(
                entry,
                format!("this `mapping` entry names `{target}`, which is not a schema of this document"),
            ));
        }
    }
    Ok(())
}

/// A map key as text: YAML allows unquoted numbers (`200:`) and booleans as keys.
pub(crate) fn key_text(key: &Value) -> std::borrow::Cow<'_, str> {
    match key {
        Value::String(s) => s.as_str().into(),
        Value::Number(n) => n.to_string().into(),
        Value::Bool(b) => b.to_string().into(),
        _ => "".into(),
    }
}

/// The node a JSON pointer (`/components/schemas/A`) addresses, unescaping `~1` and `~0`.
fn lookup<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut node = root;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token: std::borrow::Cow<'_, str> = match token.contains('~') {
            true => token.replace("~1", "/").replace("~0", "~").into(),
            false => token.into(),
        };
        node = match node {
            // A string key by hash; a number or boolean key (`200:`) by its text.
            Value::Mapping(map) => match map.get(token.as_ref()) {
                Some(found) => found,
                None => map.iter().find(|(k, _)| key_text(k) == token.as_ref())?.1,
            },
            Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn check_operation_ids(doc: &OpenAPI) -> Result<()> {
    let mut seen = BTreeSet::new();
    for (path, method, op) in doc.operations() {
        if let Some(id) = &op.operation_id
            && !seen.insert(id.as_str())
        {
            return Err(Error::new(
                operation_pointer(path, method),
                format!("operationId `{id}` is used by more than one operation"),
            ));
        }
    }
    Ok(())
}

pub fn operation_pointer(path: &str, method: &str) -> String {
    pointer(&pointer("#/paths", path), method)
}

/// The component name a `$ref` points at: `#/components/schemas/V2Error` -> `V2Error`.
pub fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// A schema as it appears in place: a `$ref` or a body, boxed or not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Item(schema),
        }
    }
}

/// Lookups into `#/components`, which `load` has already checked exist.
#[derive(Debug, Clone, Copy)]
pub struct Components<'a> {
    doc: &'a OpenAPI,
}

impl<'a> Components<'a> {
    pub fn new(doc: &'a OpenAPI) -> Self {
        Self { doc }
    }

    /// Follows references until a body, returning it with the last component name seen.
    fn lookup<T>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &str,
        pick: impl Fn(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
    ) -> Result<(Option<&'a str>, &'a T)> {
        self.lookup_from(Vec::new(), item, at, pick)
    }

    /// [`lookup`](Self::lookup) of `item`, the component `seen` names last (`seen` holds the chain of
    /// references that led to it).
    fn lookup_from<T>(
        &self,
        mut seen: Vec<&'a str>,
        item: &'a ReferenceOr<T>,
        at: &str,
        pick: impl Fn(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
    ) -> Result<(Option<&'a str>, &'a T)> {
        let mut current = item;
        loop {
            match current {
                ReferenceOr::Item(found) => return Ok((seen.last().copied(), found)),
                ReferenceOr::Reference { reference } => {
                    let target = ref_name(reference);
                    if seen.contains(&target) {
                        seen.push(target);
                        return Err(Error::new(
                            at,
                            format!("the references here form a loop ({}) and name nothing", seen.join(" -> ")),
                        ));
                    }
                    seen.push(target);
                    current = self
                        .doc
                        .components
                        .as_ref()
                        .and_then(|c| pick(c, target))
                        .ok_or_else(|| Error::new(at, format!("`{reference}` does not resolve")))?;
                }
            }
        }
    }

    pub fn parameter(&self, item: &'a ReferenceOr<Parameter>, at: &str) -> Result<&'a Parameter> {
        Ok(self.lookup(item, at, |c, n| c.parameters.get(n))?.1)
    }

    pub fn request_body(&self, item: &'a ReferenceOr<RequestBody>, at: &str) -> Result<&'a RequestBody> {
        Ok(self.lookup(item, at, |c, n| c.request_bodies.get(n))?.1)
    }

    pub fn response(&self, item: &'a ReferenceOr<Response>, at: &str) -> Result<&'a Response> {
        Ok(self.lookup(item, at, |c, n| c.responses.get(n))?.1)
    }

    pub fn header(&self, item: &'a ReferenceOr<Header>, at: &str) -> Result<&'a Header> {
        Ok(self.lookup(item, at, |c, n| c.headers.get(n))?.1)
    }

    /// The names of `#/components/schemas`, in spec order.
    pub fn schema_names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.doc.components.iter().flat_map(|c| c.schemas.keys().map(String::as_str))
    }

    /// A named schema of `#/components/schemas`.
    pub fn schema(&self, name: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.doc.components.as_ref().and_then(|c| c.schemas.get(name))
    }

    /// Follows references until a schema body, returning the last component name seen.
    pub fn resolve_schema(&self, item: &'a ReferenceOr<Schema>, at: &str) -> Result<(Option<&'a str>, &'a Schema)> {
        self.lookup(item, at, |c, n| c.schemas.get(n))
    }

    /// Follows `$ref`s from a schema in place to a schema body, with the last component name seen.
    pub fn resolve(&self, schema: SchemaRef<'a>, at: &str) -> Result<(Option<&'a str>, &'a Schema)> {
        match schema {
            SchemaRef::Item(schema) => Ok((None, schema)),
            SchemaRef::Ref(reference) => {
                let target = self
                    .schema(ref_name(reference))
                    .ok_or_else(|| Error::new(at, format!("`{reference}` does not resolve")))?;
                self.lookup_from(vec![ref_name(reference)], target, at, |c, n| c.schemas.get(n))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_other_versions() {
        let err = load("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(err.location, "#/openapi");
        assert!(err.reason.contains("3.1.0"), "{err}");
    }

    #[test]
    fn rejects_dangling_refs_with_their_location() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/Missing'}\n";
        let err = load(spec).unwrap_err();
        assert_eq!(err.location, "#/components/schemas/A/properties/b");
        assert!(err.reason.contains("#/components/schemas/Missing"), "{err}");
    }

    #[test]
    fn rejects_duplicate_operation_ids() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: same, responses: {'204': {description: x}}}\n  /b:\n    get: {operationId: same, responses: {'204': {description: x}}}\n";
        let err = load(spec).unwrap_err();
        assert_eq!(err.location, "#/paths/~1b/get");
        assert!(err.reason.contains("`same`"), "{err}");
    }

    #[test]
    fn refs_inside_literal_data_are_not_references() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  examples:\n    E:\n      value: {members: [{$ref: 'https://example.com/x'}]}\n  schemas:\n    A:\n      type: object\n      example: {$ref: elsewhere}\n      x-note: {$ref: elsewhere}\n      properties:\n        example: {$ref: '#/components/schemas/Missing'}\n";
        let err = load(spec).unwrap_err();
        assert_eq!(err.location, "#/components/schemas/A/properties/example");
    }

    #[test]
    fn rejects_text_that_is_not_yaml() {
        let err = load("openapi: [").unwrap_err();
        assert_eq!(err.location, "#");
    }
}
