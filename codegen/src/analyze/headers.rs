//! The headers an operation's success response documents, to the IR: each becomes a typed accessor
//! of what `send()` returns. Read as their type: a scalar, a string enum, or a comma-separated list
//! of them (`simple` style); a schema that is not one of these is read as its text.

use openapiv3::{ParameterSchemaOrContent, Response};

use super::types::Types;
use crate::error::{Result, pointer};
use crate::ir::{Operation, ResponseHeader, TypeKind, TypeRef, TypeTable};
use crate::naming;
use crate::spec::{Components, SchemaRef};

/// The documented headers of `response` (at `at`), in spec order; inline enum types are named after
/// `owner` and the header. `Content-Type` is left out, as OpenAPI says.
pub(super) fn response_headers<'a>(
    components: &Components<'a>,
    types: &mut Types<'a>,
    response: &'a Response,
    at: &str,
    owner: &str,
) -> Result<Vec<ResponseHeader>> {
    let documented: Vec<(&String, _)> =
        response.headers.iter().filter(|(name, _)| !name.eq_ignore_ascii_case("content-type")).collect();
    let accessors = naming::header_accessor_names(documented.iter().map(|(name, _)| name.as_str()));
    let mut headers = Vec::with_capacity(documented.len());
    for ((name, header), accessor) in documented.into_iter().zip(accessors) {
        let header_at = pointer(&pointer(at, "headers"), name);
        let header = components.header(header, &header_at)?;
        let ty = match &header.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let hint = naming::child_type_name(owner, &format!("{name} header"));
                types.type_ref(SchemaRef::from(schema), &hint, &pointer(&header_at, "schema"))?
            }
            ParameterSchemaOrContent::Content(_) => TypeRef::String,
        };
        let (ty, list) = match ty {
            TypeRef::List(item) => (*item, true),
            other => (other, false),
        };
        headers.push(ResponseHeader {
            accessor,
            wire_name: name.clone(),
            ty,
            list,
            required: header.required,
            doc: header.description.clone(),
        });
    }
    Ok(headers)
}

/// Once every type is known: a header whose type is not one value the runtime reads (a scalar, or a
/// string enum, following aliases) is read as its text.
pub(super) fn settle(operations: &mut [Operation], defs: &TypeTable) {
    for header in operations.iter_mut().flat_map(|op| op.response_headers.iter_mut()) {
        let readable = match defs.resolve(&header.ty) {
            TypeRef::Named(_) => defs.def_of(&header.ty).is_some_and(|def| matches!(def.kind, TypeKind::Enum(_))),
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F64
            | TypeRef::BigInt
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid => true,
            TypeRef::Json | TypeRef::JsonObject | TypeRef::List(_) | TypeRef::Map(_) | TypeRef::Bytes => false,
        };
        if !readable {
            (header.ty, header.list) = (TypeRef::String, false);
        }
    }
}
