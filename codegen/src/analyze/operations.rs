//! Operations to the IR: names, parameters (see `parameters`), body, success and error responses, scopes.

use openapiv3::{Content, OpenAPI, Operation as SpecOperation, PathItem, ReferenceOr, StatusCode};

use super::parameters::parameters;
use super::types::{SchemaRef, Types};
use crate::error::{Error, Result, pointer};
use crate::ir::{Body, ErrorStatuses, Operation, TypeRef};
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
            let (schema, schema_at) = json_schema(&body.content, &body_at)?
                .ok_or_else(|| Error::new(&body_at, "a request body needs an `application/json` schema"))?;
            Some(Body {
                ty: types.type_ref(schema, &format!("{id_type_name}RequestBody"), &schema_at)?,
                required: body.required,
                doc: body.description.clone(),
            })
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
            match json_schema(&response.content, &response_at)? {
                Some((schema, schema_at)) => {
                    Some(types.type_ref(schema, &format!("{id_type_name}Response"), &schema_at)?)
                }
                None => None,
            }
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

/// The JSON schema of a body, if its content has one.
fn json_schema<'a>(content: &'a Content, at: &str) -> Result<Option<(SchemaRef<'a>, String)>> {
    if content.is_empty() {
        return Ok(None);
    }
    let json = content.iter().find(|(media, _)| is_json(media)).ok_or_else(|| {
        let types: Vec<&str> = content.keys().map(String::as_str).collect();
        Error::new(at, format!("only JSON content is supported, this declares {}", types.join(", ")))
    })?;
    let (media, media_type) = json;
    let schema_at = pointer(&pointer(&pointer(at, "content"), media), "schema");
    Ok(media_type.schema.as_ref().map(|s| (SchemaRef::from(s), schema_at)))
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
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
        let Some((schema, schema_at)) = json_schema(&response.content, &response_at)? else {
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
