//! Request and success bodies to the IR: which of the media types a body offers is used, and how the
//! body is encoded (JSON, bytes, text, a URL-encoded form, multipart) or decoded (JSON, bytes, text).
//!
//! When a body offers several media types, the first of this order is used (spec order breaks ties):
//! `application/json`, any other JSON (`+json`), `application/octet-stream`, `*/*`, `text/plain`,
//! `application/x-www-form-urlencoded`, `multipart/form-data`, any other `text/*`, any other media
//! type (as bytes; a request body only when its schema is a string or absent).

use openapiv3::{Content, RequestBody, Schema};

use super::schema_kind::{Kind, kind};
use super::types::Types;
use crate::error::{Error, Result, pointer};
use crate::ir::{Body, BodyEncoding, Decoding, FormField, Operation, PartKind, Response, TypeKind, TypeRef, TypeTable};
use crate::naming;
use crate::spec::SchemaRef;

/// What a wildcard media type (`*/*`, `image/*`) is sent as.
const WILDCARD_CONTENT_TYPE: &str = "application/octet-stream";

/// The request body of the operation whose builder types are named after `owner`.
pub fn request_body<'a>(types: &mut Types<'a>, body: &'a RequestBody, at: &str, owner: &str) -> Result<Body> {
    let content_at = pointer(at, "content");
    let usable = body.content.iter().filter_map(|(media, item)| {
        let schema = item.schema.as_ref().map(SchemaRef::from);
        let schema_at = pointer(&pointer(&content_at, media), "schema");
        request_rank(media, schema.map(|s| types.resolved(s, &schema_at)).transpose().ok().flatten())
            .map(|rank| (rank, media, schema, schema_at))
    });
    let Some((_, media, schema, schema_at)) = usable.min_by_key(|(rank, ..)| *rank) else {
        let offered: Vec<&str> = body.content.keys().map(String::as_str).collect();
        let reason = match offered.is_empty() {
            true => "a request body needs a `content`".to_owned(),
            false => format!(
                "no supported media type among {}: request bodies are JSON, binary (`application/octet-stream`, \
                 `*/*`, or any media type with a string schema), text (`text/*`), \
                 `application/x-www-form-urlencoded` or `multipart/form-data`",
                offered.join(", ")
            ),
        };
        return Err(Error::new(at, reason));
    };
    let media_at = pointer(&content_at, media);
    header_safe(media, &media_at)?;
    let essence = essence(media);
    let doc = body.description.clone();
    let required = body.required;
    let (ty, encoding, content_type) = if is_json(media) {
        let schema = schema.ok_or_else(|| Error::new(&media_at, "a JSON request body needs a `schema`"))?;
        (
            types.type_ref(schema, &naming::request_body_type_name(owner), &schema_at)?,
            BodyEncoding::Json,
            media.to_owned(),
        )
    } else if essence == "application/x-www-form-urlencoded" {
        let schema = schema.ok_or_else(|| Error::new(&media_at, "a form body needs an object `schema`"))?;
        let ty = types.type_ref(schema, &naming::request_body_type_name(owner), &schema_at)?;
        (ty.clone(), BodyEncoding::Form(form_fields(types, &ty, &schema_at)?), media.to_owned())
    } else if essence == "multipart/form-data" {
        let schema = schema.ok_or_else(|| Error::new(&media_at, "a multipart body needs an object `schema`"))?;
        let name = naming::form_type_name(owner);
        let fields = multipart_fields(types, schema, &name, &schema_at)?;
        (TypeRef::Named(name), BodyEncoding::Multipart(fields), media.to_owned())
    } else if essence.starts_with("text/") && !essence.contains('*') {
        (TypeRef::String, BodyEncoding::Text, media.to_owned())
    } else if essence.contains('*') {
        (TypeRef::Bytes, BodyEncoding::Bytes, WILDCARD_CONTENT_TYPE.to_owned())
    } else {
        (TypeRef::Bytes, BodyEncoding::Bytes, media.to_owned())
    };
    Ok(Body { ty, required, doc, media_type: content_type, encoding, required_struct: None })
}

/// The success body, from the content of the first 2xx response; `None` without content, or when
/// the JSON chosen has no schema (the body is then ignored).
pub fn success_body<'a>(
    types: &mut Types<'a>,
    content: &'a Content,
    at: &str,
    owner: &str,
) -> Result<Option<Response>> {
    let Some((media, item)) = content.iter().min_by_key(|(media, _)| response_rank(media)) else {
        return Ok(None);
    };
    let media_at = pointer(&pointer(at, "content"), media);
    header_safe(media, &media_at)?;
    let essence = essence(media);
    let (ty, decoding) = if is_json(media) {
        let Some(schema) = &item.schema else { return Ok(None) };
        let schema_at = pointer(&media_at, "schema");
        (types.type_ref(schema.into(), &naming::response_type_name(owner), &schema_at)?, Decoding::Json)
    } else if essence.starts_with("text/") && !essence.contains('*') {
        (TypeRef::String, Decoding::Text)
    } else {
        (TypeRef::Bytes, Decoding::Bytes)
    };
    Ok(Some(Response { ty, media_type: media.to_owned(), decoding }))
}

/// The JSON schema of an error response's content, if it offers JSON: an error body in any other
/// media type is not decoded (the error keeps it raw).
pub fn json_error_schema<'a>(content: &'a Content, at: &str) -> Option<(SchemaRef<'a>, String)> {
    let (media, item) =
        content.iter().filter(|(media, _)| is_json(media)).min_by_key(|(media, _)| response_rank(media))?;
    let schema_at = pointer(&pointer(&pointer(at, "content"), media), "schema");
    item.schema.as_ref().map(|s| (SchemaRef::from(s), schema_at))
}

/// The media type without its parameters, in lower case: `Application/JSON; charset=utf-8` ->
/// `application/json`.
fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

pub fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// The rank of a request media type (lower is preferred), or `None` when it cannot be encoded.
fn request_rank(media: &str, schema: Option<&Schema>) -> Option<u8> {
    let essence = essence(media);
    Some(match essence.as_str() {
        "application/json" => 0,
        _ if is_json(media) => 1,
        "application/octet-stream" => 2,
        "*/*" => 3,
        "text/plain" => 4,
        "application/x-www-form-urlencoded" => 5,
        "multipart/form-data" => 6,
        _ if essence.starts_with("text/") => 7,
        _ => match schema.map(|s| kind(s, "")) {
            None | Some(Ok(Kind::String { .. })) => 8,
            _ => return None,
        },
    })
}

/// The rank of a success media type (lower is preferred); every media type can be decoded.
fn response_rank(media: &str) -> u8 {
    let essence = essence(media);
    match essence.as_str() {
        "application/json" => 0,
        _ if is_json(media) => 1,
        "application/octet-stream" => 2,
        "*/*" => 3,
        "text/plain" => 4,
        _ if essence.starts_with("text/") => 5,
        _ => 6,
    }
}

/// A media type goes into a header as written: refuse one that is not a valid header value.
fn header_safe(media: &str, at: &str) -> Result<()> {
    if media.bytes().all(|b| b == b' ' || b == b'\t' || b.is_ascii_graphic()) && !media.trim().is_empty() {
        Ok(())
    } else {
        Err(Error::new(at, format!("the media type {media:?} cannot be sent as a header value")))
    }
}

/// The fields of a URL-encoded form: those of the struct `ty`, each written as a parameter is.
fn form_fields(types: &Types<'_>, ty: &TypeRef, at: &str) -> Result<Vec<FormField>> {
    let Some((model, source)) = types.defs().struct_of(ty) else {
        return Err(Error::new(at, "a form body must be an object with properties"));
    };
    model
        .fields
        .iter()
        .map(|field| {
            let part = match value_shape(types, &field.ty) {
                ValueShape::Single => PartKind::Text,
                ValueShape::Repeated => PartKind::Repeated,
                ValueShape::Unsupported => {
                    return Err(Error::new(
                        pointer(&pointer(source, "properties"), &field.wire_name),
                        format!(
                            "form field `{}` is not a string, number, boolean, enum or array of them; \
                             nested objects cannot be sent as `application/x-www-form-urlencoded`",
                            field.wire_name
                        ),
                    ));
                }
            };
            Ok(FormField {
                rust_name: field.rust_name.clone(),
                wire_name: field.wire_name.clone(),
                ty: field.ty.clone(),
                required: !field.optional(),
                part,
                doc: field.doc.clone(),
                setter: field.setter.clone(),
                into: false,
            })
        })
        .collect()
}

/// The fields of a multipart form struct named `name`, one per property of `schema` (an object).
fn multipart_fields<'a>(types: &mut Types<'a>, schema: SchemaRef<'a>, name: &str, at: &str) -> Result<Vec<FormField>> {
    let (object_at, object) = match schema {
        SchemaRef::Ref(reference) => {
            (pointer("#/components/schemas", crate::spec::ref_name(reference)), types.resolved(schema, at)?)
        }
        SchemaRef::Item(object) => (at.to_owned(), object),
    };
    let parts = match kind(object, &object_at)? {
        Kind::Object(parts) if !parts.properties.is_empty() => parts,
        _ => {
            return Err(Error::new(
                object_at,
                "a multipart body must be an object with properties (`allOf` and unions are not supported here)",
            ));
        }
    };
    let names = naming::unique_idents(parts.properties.keys().map(|wire| naming::value_name(wire)), &[]);
    let setters = naming::setter_names(&names);
    let mut fields = Vec::with_capacity(parts.properties.len());
    for (((wire, property), rust_name), setter) in parts.properties.iter().zip(names).zip(setters) {
        let property_at = pointer(&pointer(&object_at, "properties"), wire);
        let property = SchemaRef::from(property);
        let resolved = types.resolved(property, &property_at)?;
        let ty = types.type_ref(property, &naming::child_type_name(name, wire), &property_at)?;
        let part = if is_binary(resolved, &property_at)? {
            PartKind::File
        } else if let Kind::Array { items: Some(items) } = kind(resolved, &property_at)?
            && is_binary(types.resolved(items.into(), &property_at)?, &property_at)?
        {
            PartKind::Files
        } else {
            match value_shape(types, &ty) {
                ValueShape::Single => PartKind::Text,
                ValueShape::Repeated => PartKind::Repeated,
                ValueShape::Unsupported => PartKind::Json,
            }
        };
        let required = parts.required.iter().any(|r| r == wire) && !resolved.schema_data.nullable;
        fields.push(FormField {
            rust_name,
            wire_name: wire.clone(),
            ty,
            required,
            part,
            doc: resolved.schema_data.description.clone(),
            setter,
            into: false,
        });
    }
    Ok(fields)
}

/// The struct of a multipart body is a model of its own: its name must not be a model's already.
pub fn check_form_names(operations: &[Operation], defs: &TypeTable) -> Result<()> {
    for op in operations {
        if let Some(Body { ty: TypeRef::Named(name), encoding: BodyEncoding::Multipart(_), .. }) = &op.body
            && let Some(def) = defs.get(name)
        {
            return Err(Error::new(
                pointer(&op.source, "requestBody"),
                format!(
                    "the Rust name `{name}` of this multipart body's struct is already taken by the type from {}",
                    def.source
                ),
            ));
        }
    }
    Ok(())
}

fn is_binary(schema: &Schema, at: &str) -> Result<bool> {
    Ok(matches!(kind(schema, at)?, Kind::String { format: Some(format), .. } if format == "binary"))
}

/// How a form field's or text part's value is written: one value (a scalar or a string enum), one per
/// item (an array of those), or neither (objects, maps, unions: a form cannot carry them, a multipart
/// body sends them as JSON parts). Aliases are followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueShape {
    Single,
    Repeated,
    Unsupported,
}

fn value_shape(types: &Types<'_>, ty: &TypeRef) -> ValueShape {
    match ty {
        TypeRef::JsonObject | TypeRef::Map(_) => ValueShape::Unsupported,
        TypeRef::List(item) => match value_shape(types, item) {
            ValueShape::Single => ValueShape::Repeated,
            _ => ValueShape::Unsupported,
        },
        TypeRef::Named(_) => match types.defs().resolve(ty) {
            TypeRef::Named(name) => match types.defs().get(name).map(|d| &d.kind) {
                Some(TypeKind::Enum(_)) => ValueShape::Single,
                _ => ValueShape::Unsupported,
            },
            other => value_shape(types, other),
        },
        _ => ValueShape::Single,
    }
}
