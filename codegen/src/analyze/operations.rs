//! Operations to the IR: names, parameters (see `parameters`), body, success and error responses, scopes.

use openapiv3::{OpenAPI, Operation as SpecOperation, PathItem, SecurityRequirement, StatusCode};

use super::errors::{DocumentedError, ErrorResponses, error_responses};
use super::parameters::parameters;
use super::types::Types;
use super::{bodies, headers};
use crate::error::{Result, Warning, pointer};
use crate::ir::{ErrorBody, Operation, TypeRef};
use crate::naming;
use crate::spec::{Components, operation_pointer};

/// The extension the official Formance SDKs name their methods by.
const NAME_OVERRIDE: &str = "x-speakeasy-name-override";

pub struct OperationAnalysis {
    pub operation: Operation,
    /// The operation's own security requirements that name a scheme the spec does not define.
    pub warnings: Vec<Warning>,
    /// This operation's documented error responses with a body; the analysis of the whole API
    /// decides its `error_body` from them.
    pub documented_errors: Vec<DocumentedError>,
    /// It documents failure responses, none with a JSON body.
    pub errors_not_json: bool,
}

/// The operation's id: its `operationId`, else one made of its method and path (`GetItemsId`).
pub fn operation_id(path: &str, method: &str, op: &SpecOperation) -> String {
    op.operation_id.clone().unwrap_or_else(|| naming::type_name(&format!("{method} {path}")))
}

/// `id_type_name` is the name the operation's inline types are named after (`GetItem` +
/// `Response`), unique among the operations (see `naming::operation_owner_names`).
pub fn analyze_operation<'a>(
    doc: &'a OpenAPI,
    types: &mut Types<'a>,
    id_type_name: &str,
    path: &str,
    method: &str,
    item: &'a PathItem,
    op: &'a SpecOperation,
) -> Result<OperationAnalysis> {
    let components = Components::new(doc);
    let at = operation_pointer(path, method);
    let operation_id = operation_id(path, method, op);
    let display_name = op.extensions.get(NAME_OVERRIDE).and_then(|v| v.as_str()).unwrap_or(&operation_id).to_owned();
    let type_name = naming::type_name(&display_name);

    let params = parameters(&components, types, path, &at, item, op, id_type_name)?;

    let body = match &op.request_body {
        None => None,
        Some(body) => {
            let body_at = pointer(&at, "requestBody");
            let body = components.request_body(body, &body_at)?;
            Some(bodies::request_body(types, body, &body_at, id_type_name)?)
        }
    };

    let responses_at = pointer(&at, "responses");
    // The first success response declared gives the output type; any 2xx is a success at run time.
    let success = op.responses.responses.iter().find(|(code, _)| match code {
        StatusCode::Code(c) => (200..=299).contains(c),
        StatusCode::Range(class) => *class == 2,
    });
    let success_status = match success {
        Some((StatusCode::Code(code), _)) => *code,
        _ => 200,
    };
    let (response, response_headers) = match success {
        None => (None, Vec::new()),
        Some((code, response)) => {
            let response_at = pointer(&responses_at, code);
            let response = components.response(response, &response_at)?;
            (
                bodies::success_body(types, &response.content, &response_at, id_type_name)?,
                headers::response_headers(&components, types, response, &response_at, id_type_name)?,
            )
        }
    };

    let ErrorResponses { statuses: errors, documented: documented_errors, none_json: errors_not_json } =
        error_responses(&components, types, op, &responses_at, id_type_name)?;

    let warnings = op
        .security
        .as_ref()
        .map_or_else(Vec::new, |requirements| undefined_schemes(doc, requirements, &pointer(&at, "security")));
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
            success_status,
            errors,
            error_body: ErrorBody::One(TypeRef::Json),
            group: None,
            name_note: None,
            scopes,
            pagination: None,
            response_headers,
        },
        documented_errors,
        errors_not_json,
        warnings,
    })
}

/// A warning for each scheme that a list of security requirements (at `at`: an operation's or the
/// document's `security`) names and `#/components/securitySchemes` does not define.
pub fn undefined_schemes(doc: &OpenAPI, requirements: &[SecurityRequirement], at: &str) -> Vec<Warning> {
    let defined = |name: &str| doc.components.as_ref().is_some_and(|c| c.security_schemes.contains_key(name));
    let mut warnings = Vec::new();
    for (i, requirement) in requirements.iter().enumerate() {
        for name in requirement.keys().filter(|name| !defined(name)) {
            warnings.push(Warning::new(
                pointer(&pointer(at, i), name),
                format!(
                    "the security scheme `{name}` is not defined in `#/components/securitySchemes`: its values are \
                     taken as OAuth2 scopes"
                ),
            ));
        }
    }
    warnings
}
