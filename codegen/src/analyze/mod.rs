//! Analysis: from a validated spec to the IR. Decides every name and every Rust type.

mod all_of;
mod bodies;
mod derived;
mod errors;
mod groups;
mod headers;
mod object_view;
mod operations;
mod pagination;
mod parameters;
mod required;
mod schema_kind;
mod servers;
mod type_names;
mod types;
mod unions;
mod usage;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Error, Result, pointer};
use crate::ir::{Api, ErrorBody, Info};
use crate::naming;
use crate::spec::Components;

/// The IR of `doc`. `sent_types` names types the generated crate's users send in requests besides
/// those the operations send (`Options::sent_types`); names the spec does not define are ignored.
pub fn analyze(doc: &OpenAPI, sent_types: &[&str]) -> Result<Api> {
    let mut settled = type_names::Settled::new();
    // A pass that meets inline schemas wanting one name settles their names for the next one; each
    // pass settles more names (those of the types inside renamed ones), never fewer.
    loop {
        let mut types = types::Types::new(Components::new(doc), settled.clone());
        let api = analyze_pass(doc, sent_types, &mut types);
        match types.settled() {
            Some(next) if next.len() > settled.len() => settled = next,
            _ => return api,
        }
    }
}

/// One pass of the analysis, with the names of `types`.
fn analyze_pass<'a>(doc: &'a OpenAPI, sent_types: &[&str], types: &mut types::Types<'a>) -> Result<Api> {
    if let Some(components) = &doc.components {
        for (name, schema) in &components.schemas {
            types.add_component(name, schema)?;
        }
    }

    let ids = doc
        .paths
        .iter()
        .filter_map(|(path, item)| item.as_item().map(|item| (path, item)))
        .flat_map(|(path, item)| item.iter().map(move |(method, op)| operations::operation_id(path, method, op)));
    let ids: Vec<String> = ids.collect();
    let owners = naming::component_type_names(ids.iter().map(String::as_str));

    let mut warnings = std::collections::BTreeSet::new();
    if let Some(requirements) = &doc.security {
        warnings.extend(operations::undefined_schemes(doc, requirements, "#/security"));
    }
    let mut operations = Vec::new();
    let mut documented_errors = Vec::new();
    let mut tags = Vec::new();
    for (path, item) in doc.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            return Err(Error::new(pointer("#/paths", path), "path items given by `$ref` are not supported"));
        };
        for (method, op) in item.iter() {
            let id = operations::operation_id(path, method, op);
            let owner = owners.get(id.as_str()).map_or_else(|| naming::type_name(&id), |name| name.rust.clone());
            let analysis = operations::analyze_operation(doc, types, &owner, path, method, item, op)?;
            operations.push(analysis.operation);
            warnings.extend(analysis.warnings);
            documented_errors.push((analysis.documented_errors, analysis.errors_not_json));
            tags.push(op.tags.first().cloned());
        }
    }

    let error_body = errors::common_body(documented_errors.iter().map(|(documented, _)| documented.as_slice()));
    for (operation, (documented, not_json)) in operations.iter_mut().zip(&documented_errors) {
        operation.error_body = errors::error_body(&operation.type_name, documented, *not_json, &error_body);
    }
    let error_body_shared = operations.iter().all(|op| op.error_body == ErrorBody::One(error_body.clone()));
    let (groups, taken) = groups::place(doc, &mut operations, &tags)?;
    let servers = servers::servers(doc, &taken)?;
    let token_url = servers::token_url(doc)?;

    let mut defs = types.finish()?;
    derived::fix_member_tags(&mut defs, &operations);
    bodies::check_form_names(&operations, &defs)?;
    for operation in &mut operations {
        operation.pagination = pagination::detect(operation, &defs);
    }
    headers::settle(&mut operations, &defs);
    required::name_required_structs(&mut defs, &mut operations);
    usage::mark(&mut defs, &operations, &error_body, sent_types);
    let param_unions = parameters::param_unions(&operations, &defs);
    derived::record_conversions(&mut defs, &mut operations, &param_unions);
    let recursion_limit = derived::recursion_limit(&defs);
    warnings.append(&mut types.warnings);
    Ok(Api {
        info: Info {
            title: doc.info.title.clone(),
            description: doc.info.description.clone(),
            version: doc.info.version.clone(),
        },
        types: defs,
        operations,
        error_body,
        error_body_shared,
        groups,
        servers,
        token_url,
        param_unions,
        recursion_limit,
        warnings: warnings.into_iter().collect(),
    })
}
