//! Operations to the IR: names, parameters in call order, body, success and error responses, scopes.

use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode,
};

use super::bodies;
use super::types::{ParamShape, SchemaRef, Types};
use crate::error::{Error, Result, pointer};
use crate::ir::{ErrorStatuses, Operation, Param, ParamLocation, TypeRef};
use crate::naming;
use crate::spec::{Components, operation_pointer};

/// The extension the official Formance SDKs name their methods by.
const NAME_OVERRIDE: &str = "x-speakeasy-name-override";

/// Setter names the request builder already uses for itself.
const BUILDER_METHODS: &[&str] =
    &["body", "body_stream", "send", "timeout", "operation_timeout", "retry", "header", "into_stream", "params", "new"];

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

/// Path parameters in the order the path names them, then the others in spec order.
/// Inline parameter types are named after `owner`.
fn parameters<'a>(
    components: &Components<'a>,
    types: &mut Types<'a>,
    path: &str,
    at: &str,
    item: &'a PathItem,
    op: &'a SpecOperation,
    owner: &str,
) -> Result<Vec<Param>> {
    // Operation-level parameters replace path-level ones with the same name and place.
    let mut merged: IndexMap<(String, &'static str), (&'a Parameter, String)> = IndexMap::new();
    let item_at = pointer("#/paths", path);
    let sources = [(&item.parameters, pointer(&item_at, "parameters")), (&op.parameters, pointer(at, "parameters"))];
    for (list, list_at) in sources {
        for (i, param) in list.iter().enumerate() {
            let param_at = pointer(&list_at, i);
            let param = components.parameter(param, &param_at)?;
            let place = match param {
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Path { .. } => "path",
                Parameter::Cookie { .. } => "cookie",
            };
            merged.insert((param.parameter_data_ref().name.clone(), place), (param, param_at));
        }
    }

    let mut params = Vec::with_capacity(merged.len());
    for ((name, _), (param, param_at)) in &merged {
        let data = param.parameter_data_ref();
        let location = match param {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => return Err(Error::new(param_at, "cookie parameters are not supported")),
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(Error::new(param_at, "parameters described by `content` are not supported; use `schema`"));
        };
        let hint = naming::child_type_name(owner, name);
        let ty = types.type_ref(SchemaRef::from(schema), &hint, &pointer(param_at, "schema"))?;
        if location == ParamLocation::Path && !data.required {
            return Err(Error::new(param_at, "a path parameter must be `required: true`"));
        }
        let repeated = match types.param_shape(&ty) {
            ParamShape::Single => false,
            ParamShape::Repeated if location != ParamLocation::Path => true,
            _ => {
                return Err(Error::new(
                    param_at,
                    "only strings, numbers, booleans, enums (and, outside the path, arrays of them) can be parameters",
                ));
            }
        };
        params.push(Param {
            rust_name: naming::value_name(name),
            wire_name: name.clone(),
            location,
            ty,
            required: data.required,
            repeated,
            doc: data.description.clone(),
        });
    }

    let order = path_template_names(path);
    for name in &order {
        if !params.iter().any(|p| p.location == ParamLocation::Path && &p.wire_name == name) {
            return Err(Error::new(
                at,
                format!("the path names `{{{name}}}` but no path parameter `{name}` is declared"),
            ));
        }
    }
    if let Some(extra) = params.iter().find(|p| p.location == ParamLocation::Path && !order.contains(&p.wire_name)) {
        return Err(Error::new(at, format!("path parameter `{}` does not appear in the path", extra.wire_name)));
    }
    params.sort_by_key(|p| match p.location {
        ParamLocation::Path => order.iter().position(|n| n == &p.wire_name).unwrap_or(usize::MAX),
        _ => usize::MAX,
    });

    let names = naming::unique(
        params.iter().map(|p| {
            if BUILDER_METHODS.contains(&p.rust_name.as_str()) {
                format!("{}_param", p.rust_name)
            } else {
                p.rust_name.clone()
            }
        }),
        &[],
    );
    for (param, name) in params.iter_mut().zip(names) {
        param.rust_name = name;
    }
    Ok(params)
}

/// `{instanceID}` names of a path template, in order.
fn path_template_names(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_owned()).collect()
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
