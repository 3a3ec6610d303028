//! Analysis: from a validated spec to the IR. Decides every name and every Rust type.

mod all_of;
mod bodies;
mod derived;
mod object_view;
mod operations;
mod pagination;
mod schema_kind;
mod servers;
mod type_names;
mod types;
mod unions;
mod usage;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Error, Result, pointer};
use crate::ir::{Api, Info, TypeRef};
use crate::spec::Components;

/// Methods `Client` has of its own, which no operation may take.
const CLIENT_METHODS: &[&str] = &["builder", "base_url"];
/// Items of the operations module that are not per operation.
const OPERATIONS_ITEMS: &[&str] = &["ApiErrorBody"];

/// The IR of `doc`. `sent_types` names types the generated crate's users send in requests besides
/// those the operations send (`Options::sent_types`); names the spec does not define are ignored.
pub fn analyze(doc: &OpenAPI, sent_types: &[&str]) -> Result<Api> {
    let mut types = types::Types::new(Components::new(doc));
    if let Some(components) = &doc.components {
        for (name, schema) in &components.schemas {
            types.add_component(name, schema)?;
        }
    }

    let mut operations = Vec::new();
    let mut error_body: Option<(TypeRef, String)> = None;
    let mut method_names: BTreeMap<String, String> = BTreeMap::new();
    let mut item_names: BTreeMap<String, String> =
        OPERATIONS_ITEMS.iter().map(|name| ((*name).to_owned(), "the SDK runtime".to_owned())).collect();
    for (path, item) in doc.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            return Err(Error::new(pointer("#/paths", path), "path items given by `$ref` are not supported"));
        };
        for (method, op) in item.iter() {
            let analysis = operations::analyze_operation(doc, &mut types, path, method, item, op)?;
            let operation = analysis.operation;
            let taken = match CLIENT_METHODS.contains(&operation.method_name.as_str()) {
                true => Some(("method", operation.method_name.clone(), "the SDK's own `Client`".to_owned())),
                false => method_names
                    .insert(operation.method_name.clone(), operation.source.clone())
                    .map(|other| ("method", operation.method_name.clone(), other)),
            };
            let taken = taken.or_else(|| {
                [operation.type_name.clone(), format!("{}Params", operation.type_name)].into_iter().find_map(|name| {
                    item_names.insert(name.clone(), operation.source.clone()).map(|other| ("type", name, other))
                })
            });
            if let Some((what, name, other)) = taken {
                return Err(Error::new(
                    operation.source,
                    format!(
                        "its {what} name `{name}` is already taken by {other}; `x-speakeasy-name-override` can rename it"
                    ),
                ));
            }
            for (ty, at) in analysis.error_bodies {
                match &error_body {
                    Some((seen, seen_at)) if *seen != ty => {
                        return Err(Error::new(
                            at,
                            format!(
                                "this error body differs from the one at {seen_at}; one error body per API is supported"
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => error_body = Some((ty, at)),
                }
            }
            operations.push(operation);
        }
    }

    let mut taken = method_names;
    for name in CLIENT_METHODS {
        taken.insert((*name).to_owned(), "a method of the generated `Client` itself".to_owned());
    }
    for (name, source) in taken.iter_mut() {
        if !source.starts_with("a method") {
            *source = format!("the operation at {source} (method `{name}`)");
        }
    }
    let servers = servers::servers(doc, &taken)?;
    let token_url = servers::token_url(doc)?;

    let mut defs = types.finish();
    bodies::check_form_names(&operations, &defs)?;
    for operation in &mut operations {
        operation.pagination = pagination::detect(operation, &defs);
    }
    let error_body = error_body.map_or(TypeRef::Json, |(ty, _)| ty);
    usage::mark(&mut defs, &operations, &error_body, sent_types);
    Ok(Api {
        info: Info {
            title: doc.info.title.clone(),
            description: doc.info.description.clone(),
            version: doc.info.version.clone(),
        },
        types: defs.into_values().collect(),
        operations,
        error_body,
        servers,
        token_url,
    })
}
