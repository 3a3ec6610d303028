//! One view of a schema body whatever form `openapiv3` parsed it into, so that the
//! type analysis matches on a handful of cases instead of every combination of keywords.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use crate::error::{Error, Result};
use crate::ir::TypeRef;

pub type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The parts of an object schema.
#[derive(Clone, Copy)]
pub struct ObjectParts<'a> {
    pub properties: &'a Properties,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
}

pub enum Kind<'a> {
    String {
        format: Option<String>,
        values: Vec<&'a str>,
    },
    Integer {
        format: Option<String>,
        minimum: Option<f64>,
    },
    Number,
    Boolean,
    Array {
        items: Option<&'a ReferenceOr<Box<Schema>>>,
    },
    Object(ObjectParts<'a>),
    /// Members, plus the properties written beside `allOf` in the same schema.
    AllOf(&'a [ReferenceOr<Schema>], Option<ObjectParts<'a>>),
    /// Members, plus the properties written beside `oneOf` in the same schema, which every member shares.
    OneOf(&'a [ReferenceOr<Schema>], Option<ObjectParts<'a>>),
    /// The same for `anyOf`.
    AnyOf(&'a [ReferenceOr<Schema>], Option<ObjectParts<'a>>),
    /// No constraint the generator can use: any JSON value.
    Any,
}

fn format_name<T>(format: &VariantOrUnknownOrEmpty<T>, known: impl Fn(&T) -> &'static str) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(known(item).to_owned()),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn string_format(format: &StringFormat) -> &'static str {
    match format {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    }
}

fn integer_format(format: &IntegerFormat) -> &'static str {
    match format {
        IntegerFormat::Int32 => "int32",
        IntegerFormat::Int64 => "int64",
    }
}

pub fn kind<'a>(schema: &'a Schema, at: &str) -> Result<Kind<'a>> {
    Ok(match &schema.schema_kind {
        // `enum: [null]` is the JSON Schema way to say `null` (OpenAPI 3.0 has no `type: null`).
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() && s.enumeration.iter().all(Option::is_none) => {
            Kind::Any
        }
        SchemaKind::Type(Type::String(s)) => Kind::String {
            format: format_name(&s.format, string_format),
            values: s.enumeration.iter().flatten().map(String::as_str).collect(),
        },
        SchemaKind::Type(Type::Integer(i)) => {
            Kind::Integer { format: format_name(&i.format, integer_format), minimum: i.minimum.map(|m| m as f64) }
        }
        SchemaKind::Type(Type::Number(_)) => Kind::Number,
        SchemaKind::Type(Type::Boolean(_)) => Kind::Boolean,
        SchemaKind::Type(Type::Array(a)) => Kind::Array { items: a.items.as_ref() },
        SchemaKind::Type(Type::Object(o)) => Kind::Object(ObjectParts {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::AllOf { all_of } => Kind::AllOf(all_of, None),
        SchemaKind::OneOf { one_of } if one_of.is_empty() => return Err(no_members(at, "oneOf")),
        SchemaKind::AnyOf { any_of } if any_of.is_empty() => return Err(no_members(at, "anyOf")),
        SchemaKind::OneOf { one_of } => Kind::OneOf(one_of, None),
        SchemaKind::AnyOf { any_of } => Kind::AnyOf(any_of, None),
        SchemaKind::Not { .. } => return Err(Error::new(at, "`not` schemas are not supported")),
        SchemaKind::Any(any) => any_kind(any, at)?,
    })
}

/// `oneOf: []` or `anyOf: []`: no value can match, and JSON Schema requires at least one member.
fn no_members(at: &str, keyword: &str) -> Error {
    Error::new(
        crate::error::pointer(at, keyword),
        format!("`{keyword}` lists no schema: no value can be one of none (JSON Schema requires at least one)"),
    )
}

/// A schema that mixes keywords `openapiv3` keeps apart (`type` with `allOf`, `properties` without `type`, ...).
fn any_kind<'a>(any: &'a AnySchema, at: &str) -> Result<Kind<'a>> {
    if any.not.is_some() {
        return Err(Error::new(at, "`not` schemas are not supported"));
    }
    let object = ObjectParts {
        properties: &any.properties,
        required: &any.required,
        additional: any.additional_properties.as_ref(),
    };
    let has_object_parts = !any.properties.is_empty() || any.additional_properties.is_some();
    if !any.all_of.is_empty() {
        return Ok(Kind::AllOf(&any.all_of, has_object_parts.then_some(object)));
    }
    // Beside a union, only declared properties are shared parts; `required` or `additionalProperties`
    // alone there constrain what the members already describe.
    let shared = (!any.properties.is_empty()).then_some(object);
    if !any.one_of.is_empty() {
        return Ok(Kind::OneOf(&any.one_of, shared));
    }
    if !any.any_of.is_empty() {
        return Ok(Kind::AnyOf(&any.any_of, shared));
    }
    if has_object_parts {
        return Ok(Kind::Object(object));
    }
    // `items` makes an array unless `type` says otherwise (`type: string` with stray `items` is a string).
    if any.items.is_some() && matches!(any.typ.as_deref(), None | Some("array")) {
        return Ok(Kind::Array { items: any.items.as_ref() });
    }
    let strings: Vec<&str> = any.enumeration.iter().filter_map(|v| v.as_str()).collect();
    Ok(match any.typ.as_deref() {
        // An `enum` of strings without `type` (allowed by JSON Schema) is a string enum all the same.
        None if !strings.is_empty() && strings.len() == any.enumeration.iter().filter(|v| !v.is_null()).count() => {
            Kind::String { format: any.format.clone(), values: strings }
        }
        Some("string") => Kind::String {
            format: any.format.clone(),
            values: any.enumeration.iter().filter_map(|v| v.as_str()).collect(),
        },
        Some("integer") => Kind::Integer { format: any.format.clone(), minimum: any.minimum },
        Some("number") => Kind::Number,
        Some("boolean") => Kind::Boolean,
        Some("object") => Kind::Object(object),
        Some("array") => Kind::Array { items: None },
        _ => Kind::Any,
    })
}

/// The spec's `format` of a string or integer schema (`email`, `int32`), for the docs the generator
/// writes where the spec has none.
pub fn format_of(schema: &Schema) -> Option<String> {
    match kind(schema, "#").ok()? {
        Kind::String { format, .. } | Kind::Integer { format, .. } => format,
        _ => None,
    }
}

pub fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("uuid") => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

/// The Rust integer for a format: signed unless `minimum` is at least 0 or the format says unsigned
/// (`uint32`, as Rust-generated specs write it); 32 bits for formats of 32 bits or fewer.
pub fn integer_type(format: Option<&str>, minimum: Option<f64>) -> TypeRef {
    let unsigned = minimum.is_some_and(|m| m >= 0.0);
    match (format, unsigned) {
        (Some("bigint"), _) => TypeRef::BigInt,
        (Some("uint8" | "uint16" | "uint32"), _) => TypeRef::U32,
        (Some("uint" | "uint64"), _) => TypeRef::U64,
        (Some("int8" | "int16" | "int32"), false) => TypeRef::I32,
        (Some("int8" | "int16" | "int32"), true) => TypeRef::U32,
        (_, false) => TypeRef::I64,
        (_, true) => TypeRef::U64,
    }
}
