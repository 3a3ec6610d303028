//! Analysis: from a validated spec to the IR. Decides every name and every Rust type.

mod operations;
mod pagination;
mod schema_kind;
mod types;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Error, Result, pointer};
use crate::ir::{Api, TypeRef};
use crate::spec::Components;

pub fn analyze(doc: &OpenAPI) -> Result<Api> {
    let mut types = types::Types::new(Components::new(doc));
    if let Some(components) = &doc.components {
        for (name, schema) in &components.schemas {
            types.add_component(name, schema)?;
        }
    }

    let mut operations = Vec::new();
    let mut error_body: Option<(TypeRef, String)> = None;
    let mut method_names: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in doc.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            return Err(Error::new(pointer("#/paths", path), "path items given by `$ref` are not supported"));
        };
        for (method, op) in item.iter() {
            let analysis = operations::analyze_operation(doc, &mut types, path, method, item, op)?;
            let operation = analysis.operation;
            if let Some(other) = method_names.insert(operation.method_name.clone(), operation.source.clone()) {
                return Err(Error::new(
                    operation.source,
                    format!("its method name `{}` is already taken by {other}", operation.method_name),
                ));
            }
            match (&error_body, analysis.error_body) {
                (Some((seen, seen_at)), Some((ty, at))) if *seen != ty => {
                    return Err(Error::new(
                        at,
                        format!(
                            "this error body differs from the one at {seen_at}; one error body per API is supported"
                        ),
                    ));
                }
                (None, Some(found)) => error_body = Some(found),
                _ => {}
            }
            operations.push(operation);
        }
    }

    let defs = types.finish();
    for operation in &mut operations {
        operation.pagination = pagination::detect(operation, &defs);
    }
    Ok(Api {
        types: defs.into_values().collect(),
        operations,
        error_body: error_body.map_or(TypeRef::Json, |(ty, _)| ty),
    })
}
