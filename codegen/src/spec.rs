//! Loading and validating a spec, and following its `$ref`s.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};
use serde_json::Value;

use crate::error::{Error, Result, pointer};

/// Parses YAML or JSON text and checks what the generator relies on:
/// OpenAPI 3.0.x, unique operation ids, and `$ref`s that all resolve inside the document.
pub fn load(text: &str) -> Result<OpenAPI> {
    let raw: Value =
        serde_yaml::from_str(text).map_err(|e| Error::new("#", format!("the spec is not valid YAML or JSON: {e}")))?;
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => return Err(Error::new("#/openapi", format!("OpenAPI {v} is not supported; only 3.0.x is"))),
        None => return Err(Error::new("#/openapi", "missing `openapi` version field")),
    }
    check_refs(&raw, &raw, "#")?;
    let doc: OpenAPI = serde_yaml::from_str(text)
        .map_err(|e| Error::new("#", format!("the spec is not a valid OpenAPI 3.0 document: {e}")))?;
    check_operation_ids(&doc)?;
    Ok(doc)
}

fn check_refs(root: &Value, node: &Value, at: &str) -> Result<()> {
    match node {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref") {
                let target = target.as_str().unwrap_or_default();
                let resolves = target
                    .strip_prefix('#')
                    .filter(|p| p.starts_with("/components/"))
                    .and_then(|p| root.pointer(p))
                    .is_some();
                if !resolves {
                    return Err(Error::new(
                        at,
                        format!("`$ref: {target}` does not resolve to an entry under #/components of this document"),
                    ));
                }
            }
            for (key, value) in map {
                check_refs(root, value, &pointer(at, key))?;
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                check_refs(root, value, &pointer(at, i))?;
            }
        }
        _ => {}
    }
    Ok(())
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
        let mut name = None;
        let mut current = item;
        // A chain of references longer than this is a loop.
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(found) => return Ok((name, found)),
                ReferenceOr::Reference { reference } => {
                    let target = ref_name(reference);
                    name = Some(target);
                    current = self
                        .doc
                        .components
                        .as_ref()
                        .and_then(|c| pick(c, target))
                        .ok_or_else(|| Error::new(at, format!("`{reference}` does not resolve")))?;
                }
            }
        }
        Err(Error::new(at, "the references here form a loop"))
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

    /// A named schema of `#/components/schemas`.
    pub fn schema(&self, name: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.doc.components.as_ref().and_then(|c| c.schemas.get(name))
    }

    /// Follows references until a schema body, returning the last component name seen.
    pub fn resolve_schema(&self, item: &'a ReferenceOr<Schema>, at: &str) -> Result<(Option<&'a str>, &'a Schema)> {
        self.lookup(item, at, |c, n| c.schemas.get(n))
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
    fn rejects_text_that_is_not_yaml() {
        let err = load("openapi: [").unwrap_err();
        assert_eq!(err.location, "#");
    }
}
