//! Operations to the IR: names, parameters (see `parameters`), body, success and error responses, scopes.

use openapiv3::{OpenAPI, Operation as SpecOperation, PathItem, ReferenceOr, StatusCode};

use super::bodies;
use super::parameters::parameters;
use super::types::Types;
use crate::error::{Result, pointer};
use crate::ir::{ErrorStatuses, Operation, TypeRef};
use crate::naming;
use crate::spec::{Components, operation_pointer};

/// The extension the official Formance SDKs name their methods by.
const NAME_OVERRIDE: &str = "x-speakeasy-name-override";

pub struct OperationAnalysis {
    pub operation: Operation,
    /// The body types of this operation's documented error responses, and where they are declared.
    pub error_bodies: Vec<(TypeRef, String)>,
}

pub fn analyze_operation<'a>(
    doc: &'a OpenAPI,
    types: &mut Types<'a>,
    path: &str,
    method: &str,
    item: &'a PathItem,
    op: &'a SpecOperation,
) -> Result<OperationAnalysis> {
    let components = Components::new(doc);
    let at = operation_pointer(path, method);
    let operation_id = op.operation_id.clone().unwrap_or_else(|| naming::type_name(&format!("{method} {path}")));
    let display_name = op.extensions.get(NAME_OVERRIDE).and_then(|v| v.as_str()).unwrap_or(&operation_id).to_owned();
    let type_name = naming::type_name(&display_name);
    let id_type_name = naming::type_name(&operation_id);

    let params = parameters(&components, types, path, &at, item, op, &id_type_name)?;

    let body = match &op.request_body {
        None => None,
        Some(body) => {
            let body_at = pointer(&at, "requestBody");
            let body = components.request_body(body, &body_at)?;
            Some(bodies::request_body(types, body, &body_at, &id_type_name)?)
        }
    };

    let responses_at = pointer(&at, "responses");
    // The first success response declared gives the output type; any 2xx is a success at run time.
    let success = op.responses.responses.iter().find(|(code, _)| match code {
        StatusCode::Code(c) => (200..=299).contains(c),
        StatusCode::Range(class) => *class == 2,
    });
    let response = match success {
        None => None,
        Some((code, response)) => {
            let response_at = pointer(&responses_at, code);
            let response = components.response(response, &response_at)?;
            bodies::success_body(types, &response.content, &response_at, &id_type_name)?
        }
    };

    let (errors, error_bodies) = error_responses(&components, types, op, &responses_at, &id_type_name)?;

    let scopes = op
        .security
        .as_ref()
        .or(doc.security.as_ref())
        .and_then(|requirements| requirements.first())
        .map(|requirement| requirement.values().flatten().cloned().collect())
        .unwrap_or_default();

    Ok(OperationAnalysis {
        operation: Operation {
            operation_id,
            method_name: naming::value_name(&display_name),
            type_name,
            http_method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            source: at,
            summary: op.summary.clone(),
            description: op.description.clone(),
            params,
            body,
            response,
            errors,
            scopes,
            pagination: None,
        },
        error_bodies,
    })
}

fn error_responses<'a>(
    components: &Components<'a>,
    types: &mut Types<'a>,
    op: &'a SpecOperation,
    at: &str,
    id_type_name: &str,
) -> Result<(ErrorStatuses, Vec<(TypeRef, String)>)> {
    let mut documented: Vec<(Option<&StatusCode>, &'a ReferenceOr<openapiv3::Response>, String)> = Vec::new();
    for (code, response) in &op.responses.responses {
        let failure = match code {
            StatusCode::Code(c) => *c >= 400,
            StatusCode::Range(class) => *class >= 4,
        };
        if failure {
            documented.push((Some(code), response, pointer(at, code)));
        }
    }
    if let Some(default) = &op.responses.default {
        documented.push((None, default, pointer(at, "default")));
    }

    let mut bodies = Vec::new();
    let mut codes = Vec::new();
    let mut classes = Vec::new();
    let mut all = false;
    for (status, response, response_at) in documented {
        let response = components.response(response, &response_at)?;
        let Some((schema, schema_at)) = bodies::json_error_schema(&response.content, &response_at) else {
            continue;
        };
        bodies.push((types.type_ref(schema, &format!("{id_type_name}Error"), &schema_at)?, schema_at));
        match status {
            Some(StatusCode::Code(code)) => codes.push(*code),
            Some(StatusCode::Range(class)) => classes.push(*class),
            None => all = true,
        }
    }
    let errors = if all {
        ErrorStatuses::All
    } else if codes.is_empty() && classes.is_empty() {
        ErrorStatuses::None
    } else {
        ErrorStatuses::Only { codes, classes }
    };
    Ok((errors, bodies))
}
