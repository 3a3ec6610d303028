//! Operations to the IR: names, parameters in call order, body, success and error responses, scopes.

use indexmap::IndexMap;
use openapiv3::{
    Content, OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, StatusCode,
};

use super::errors::{DocumentedError, error_responses};
use super::types::{ParamShape, SchemaRef, Types};
use crate::error::{Error, Result, pointer};
use crate::ir::{Body, ErrorBody, Operation, Param, ParamLocation, TypeRef};
use crate::naming;
use crate::spec::{Components, operation_pointer};

/// The extension the official Formance SDKs name their methods by.
const NAME_OVERRIDE: &str = "x-speakeasy-name-override";

/// Setter names the request builder already uses for itself.
const BUILDER_METHODS: &[&str] =
    &["body", "send", "timeout", "operation_timeout", "retry", "header", "into_stream", "params", "new"];

pub struct OperationAnalysis {
    pub operation: Operation,
    /// This operation's documented error responses with a body; the analysis of the whole API
    /// decides its `error_body` from them.
    pub documented_errors: Vec<DocumentedError>,
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

    let (errors, documented_errors) = error_responses(&components, types, op, &responses_at, &id_type_name)?;

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
            error_body: ErrorBody::One(TypeRef::Json),
            group: None,
            scopes,
            pagination: None,
        },
        documented_errors,
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

/// The JSON schema of a body, if its content has one.
pub(super) fn json_schema<'a>(content: &'a Content, at: &str) -> Result<Option<(SchemaRef<'a>, String)>> {
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
