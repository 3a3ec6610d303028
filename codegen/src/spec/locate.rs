//! Where a document that is YAML or JSON but not OpenAPI 3.0 is wrong. `openapiv3` reads a document in
//! one go and its errors carry no location (its untagged and flattened types hide the path), so the
//! parts of the document are tried one by one, the way OpenAPI nests them, down to the deepest part
//! that does not fit; within it, the field whose value is wrong is the one without which the part
//! fits (or is only missing that field).

use openapiv3::{
    Components, Info, MediaType, OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SecurityScheme, Server, Tag,
};
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use super::key_text;
use crate::error::pointer;

/// A part of an OpenAPI document, by what it holds.
#[derive(Clone, Copy)]
enum Part {
    Document,
    Info,
    Server,
    Tag,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Schema,
    SecurityScheme,
}

/// How a field holds parts: one, a map of them, or a list.
#[derive(Clone, Copy)]
enum Holds {
    One(Part),
    Map(Part),
    List(Part),
}

/// The parts a field of `part` holds, for the fields that hold parts.
fn field(part: Part, key: &str) -> Option<Holds> {
    use Holds::*;
    Some(match (part, key) {
        (Part::Document, "info") => One(Part::Info),
        (Part::Document, "servers") | (Part::PathItem | Part::Operation, "servers") => List(Part::Server),
        (Part::Document, "tags") => List(Part::Tag),
        (Part::Document, "components") => One(Part::Components),
        (Part::Document, "paths") => Map(Part::PathItem),
        (Part::Components, "schemas") => Map(Part::Schema),
        (Part::Components, "parameters") => Map(Part::Parameter),
        (Part::Components, "requestBodies") => Map(Part::RequestBody),
        (Part::Components, "responses") => Map(Part::Response),
        (Part::Components, "securitySchemes") => Map(Part::SecurityScheme),
        (Part::PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") => {
            One(Part::Operation)
        }
        (Part::PathItem | Part::Operation, "parameters") => List(Part::Parameter),
        (Part::Operation, "requestBody") => One(Part::RequestBody),
        (Part::Operation, "responses") => Map(Part::Response),
        (Part::Parameter | Part::MediaType, "schema") => One(Part::Schema),
        (Part::Parameter | Part::RequestBody | Part::Response, "content") => Map(Part::MediaType),
        (Part::Schema, "properties") => Map(Part::Schema),
        (Part::Schema, "items" | "additionalProperties" | "not") => One(Part::Schema),
        (Part::Schema, "allOf" | "oneOf" | "anyOf") => List(Part::Schema),
        _ => return None,
    })
}

/// Whether `value` reads as `part`.
fn fits(part: Part, value: &Value) -> bool {
    fn reads<T: DeserializeOwned>(value: &Value) -> bool {
        T::deserialize(value).is_ok()
    }
    match part {
        Part::Document => reads::<OpenAPI>(value),
        Part::Info => reads::<Info>(value),
        Part::Server => reads::<Server>(value),
        Part::Tag => reads::<Tag>(value),
        Part::Components => reads::<Components>(value),
        Part::PathItem => reads::<ReferenceOr<PathItem>>(value),
        Part::Operation => reads::<Operation>(value),
        Part::Parameter => reads::<ReferenceOr<Parameter>>(value),
        Part::RequestBody => reads::<ReferenceOr<RequestBody>>(value),
        Part::Response => reads::<ReferenceOr<Response>>(value),
        Part::MediaType => reads::<MediaType>(value),
        Part::Schema => reads::<ReferenceOr<Schema>>(value),
        Part::SecurityScheme => reads::<ReferenceOr<SecurityScheme>>(value),
    }
}

/// The error reading `value` as `part` gives.
fn reason(part: Part, value: &Value) -> String {
    fn error<T: DeserializeOwned>(value: &Value) -> String {
        T::deserialize(value).err().map(|e| e.to_string()).unwrap_or_default()
    }
    match part {
        Part::Document => error::<OpenAPI>(value),
        Part::Info => error::<Info>(value),
        Part::Server => error::<Server>(value),
        Part::Tag => error::<Tag>(value),
        Part::Components => error::<Components>(value),
        Part::PathItem => error::<ReferenceOr<PathItem>>(value),
        Part::Operation => error::<Operation>(value),
        Part::Parameter => error::<ReferenceOr<Parameter>>(value),
        Part::RequestBody => error::<ReferenceOr<RequestBody>>(value),
        Part::Response => error::<ReferenceOr<Response>>(value),
        Part::MediaType => error::<MediaType>(value),
        Part::Schema => error::<ReferenceOr<Schema>>(value),
        Part::SecurityScheme => error::<ReferenceOr<SecurityScheme>>(value),
    }
}

/// The JSON pointer of the deepest part of `document` that is not what OpenAPI 3.0 says it is, and
/// why; `None` when every part fits (the document as a whole does not: the caller says so at `#`).
pub(super) fn misfit(document: &Value) -> Option<(String, String)> {
    deepest(Part::Document, document, "#")
}

/// Within `value`, a `part` that does not fit: the deepest failing part it holds, else the field
/// whose value is wrong, else the part itself.
fn deepest(part: Part, value: &Value, at: &str) -> Option<(String, String)> {
    if fits(part, value) {
        return None;
    }
    let Value::Mapping(map) = value else {
        return Some((at.to_owned(), reason(part, value)));
    };
    // A `$ref` stands for a part elsewhere (checked there).
    if map.contains_key("$ref") {
        return Some((at.to_owned(), reason(part, value)));
    }
    for (key, child) in map {
        let Some(key) = key.as_str() else { continue };
        let Some(holds) = field(part, key) else { continue };
        let child_at = pointer(at, key);
        let found = match (holds, child) {
            (Holds::One(inner), child) => deepest(inner, child, &child_at),
            (Holds::Map(inner), Value::Mapping(entries)) => {
                entries.iter().find_map(|(name, entry)| deepest(inner, entry, &pointer(&child_at, key_text(name))))
            }
            (Holds::List(inner), Value::Sequence(items)) => {
                items.iter().enumerate().find_map(|(i, item)| deepest(inner, item, &pointer(&child_at, i)))
            }
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    let wrong = culprit(part, map);
    let at = wrong.map_or_else(|| at.to_owned(), |key| pointer(at, key));
    Some((at, reason(part, value)))
}

/// The field of `map` whose value makes it not read as `part`: the one without which it reads; else
/// the first whose absence is then all that is wrong with it (a required field of the wrong type).
fn culprit(part: Part, map: &Mapping) -> Option<&str> {
    let without = |key: &str| {
        let mut without = map.clone();
        without.remove(key);
        Value::Mapping(without)
    };
    let keys: Vec<&str> = map.keys().filter_map(Value::as_str).collect();
    keys.iter()
        .find(|key| fits(part, &without(key)))
        .or_else(|| keys.iter().find(|key| reason(part, &without(key)).starts_with(&format!("missing field `{key}`"))))
        .copied()
}
