//! Error responses: each operation's documented error bodies, per status, and the type its
//! `Error::Api` holds: one type when every documented status has the same body, else an enum with
//! a variant per status. The crate-wide default (`Error<E = ...>`) is the body most operations share.

use openapiv3::{Operation as SpecOperation, StatusCode};

use super::bodies::json_error_schema;
use super::types::Types;
use crate::error::{Result, pointer};
use crate::ir::{ErrorBody, ErrorEnum, ErrorStatus, ErrorStatuses, ErrorVariant, TypeRef};
use crate::naming;
use crate::spec::Components;

/// One documented error response with a JSON body.
#[derive(Debug, Clone)]
pub struct DocumentedError {
    pub status: ErrorStatus,
    pub ty: TypeRef,
    /// The response's description.
    pub doc: Option<String>,
}

/// What an operation documents of its failures.
pub struct ErrorResponses {
    /// The statuses whose body decodes as a documented one.
    pub statuses: ErrorStatuses,
    /// The responses with a JSON body.
    pub documented: Vec<DocumentedError>,
    /// It lists failure responses, but none has a JSON body.
    pub none_json: bool,
}

/// The failure responses (`4XX`, `5XX`, the codes from 400, `default`) that have a JSON body, in the
/// order the spec lists them (`default` last), and the statuses they cover. A failure response
/// without a JSON body documents no body: it stays an `UnexpectedStatus`. Inline body schemas are
/// named after the operation and the status (`ListItemsErrorStatus404`).
pub fn error_responses<'a>(
    components: &Components<'a>,
    types: &mut Types<'a>,
    op: &'a SpecOperation,
    at: &str,
    id_type_name: &str,
) -> Result<ErrorResponses> {
    let mut listed = Vec::new();
    for (code, response) in &op.responses.responses {
        let status = match code {
            StatusCode::Code(c) if *c >= 400 => ErrorStatus::Code(*c),
            StatusCode::Range(class) if *class >= 4 => ErrorStatus::Class(*class),
            _ => continue,
        };
        listed.push((status, response, pointer(at, code)));
    }
    if let Some(default) = &op.responses.default {
        listed.push((ErrorStatus::Default, default, pointer(at, "default")));
    }

    let none_json = !listed.is_empty();
    let mut documented = Vec::new();
    for (status, response, response_at) in listed {
        let response = components.response(response, &response_at)?;
        let Some((schema, schema_at)) = json_error_schema(&response.content, &response_at) else {
            continue;
        };
        let hint = naming::inline_error_body_name(id_type_name, status);
        let ty = types.type_ref(schema, &hint, &schema_at)?;
        let doc = Some(response.description.trim()).filter(|d| !d.is_empty()).map(str::to_owned);
        documented.push(DocumentedError { status, ty, doc });
    }

    let mut codes = Vec::new();
    let mut classes = Vec::new();
    let mut all = false;
    for error in &documented {
        match error.status {
            ErrorStatus::Code(code) => codes.push(code),
            ErrorStatus::Class(class) => classes.push(class),
            ErrorStatus::Default => all = true,
        }
    }
    let statuses = if all {
        ErrorStatuses::All
    } else if codes.is_empty() && classes.is_empty() {
        ErrorStatuses::None
    } else {
        ErrorStatuses::Only { codes, classes }
    };
    let none_json = none_json && documented.is_empty();
    Ok(ErrorResponses { statuses, documented, none_json })
}

/// The error body most operations document (each operation counts each of its bodies once); on a
/// tie, the one the spec names first; free JSON when no operation documents one.
pub fn common_body<'a>(operations: impl IntoIterator<Item = &'a [DocumentedError]>) -> TypeRef {
    let mut counts: Vec<(&TypeRef, usize)> = Vec::new();
    for documented in operations {
        let mut seen: Vec<&TypeRef> = Vec::new();
        for error in documented {
            if seen.contains(&&error.ty) {
                continue;
            }
            seen.push(&error.ty);
            match counts.iter_mut().find(|(ty, _)| *ty == &error.ty) {
                Some((_, n)) => *n += 1,
                None => counts.push((&error.ty, 1)),
            }
        }
    }
    // `max_by_key` keeps the last of equal maxima; reversing makes it the first the spec names.
    counts.iter().rev().max_by_key(|(_, n)| *n).map_or(TypeRef::Json, |(ty, _)| (*ty).clone())
}

/// What `Error::Api` holds for an operation: its one documented body, the API's `common` body when
/// it documents no failure response, nothing when those it documents are not JSON, or the enum
/// `<Operation>Error` when its statuses have different bodies.
pub fn error_body(
    operation_type: &str,
    documented: &[DocumentedError],
    none_json: bool,
    common: &TypeRef,
) -> ErrorBody {
    let Some(first) = documented.first() else {
        return if none_json { ErrorBody::NotJson } else { ErrorBody::One(common.clone()) };
    };
    if documented.iter().all(|error| error.ty == first.ty) {
        return ErrorBody::One(first.ty.clone());
    }
    ErrorBody::PerStatus(ErrorEnum {
        type_name: naming::error_enum_name(operation_type),
        variants: documented
            .iter()
            .map(|error| ErrorVariant {
                rust_name: naming::error_variant_name(error.status),
                status: error.status,
                ty: error.ty.clone(),
                doc: error.doc.clone(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documented(status: ErrorStatus, name: &str) -> DocumentedError {
        DocumentedError { status, ty: TypeRef::Named(name.to_owned()), doc: None }
    }

    #[test]
    fn the_common_body_is_the_one_most_operations_document() {
        let a = [documented(ErrorStatus::Code(400), "A"), documented(ErrorStatus::Code(404), "A")];
        let b = [documented(ErrorStatus::Default, "B")];
        let ab = [documented(ErrorStatus::Code(400), "A"), documented(ErrorStatus::Default, "B")];
        // `A` is documented twice by one operation but counts once: a tie, won by the first named.
        assert_eq!(common_body([&b[..], &a[..]]), TypeRef::Named("B".to_owned()));
        assert_eq!(common_body([&a[..], &b[..]]), TypeRef::Named("A".to_owned()));
        assert_eq!(common_body([&b[..], &ab[..], &a[..], &a[..]]), TypeRef::Named("A".to_owned()));
        assert_eq!(common_body([&[][..]]), TypeRef::Json);
    }

    #[test]
    fn one_body_stays_one_type_and_several_make_an_enum() {
        let common = TypeRef::Named("Common".to_owned());
        assert_eq!(error_body("Op", &[], false, &common), ErrorBody::One(common.clone()));
        assert_eq!(error_body("Op", &[], true, &common), ErrorBody::NotJson);
        let same = [documented(ErrorStatus::Code(400), "A"), documented(ErrorStatus::Default, "A")];
        assert_eq!(error_body("Op", &same, false, &common), ErrorBody::One(TypeRef::Named("A".to_owned())));
        let mixed = [documented(ErrorStatus::Class(4), "A"), documented(ErrorStatus::Default, "B")];
        let ErrorBody::PerStatus(e) = error_body("Op", &mixed, false, &common) else { panic!("an enum") };
        assert_eq!(e.type_name, "OpError");
        let names: Vec<&str> = e.variants.iter().map(|v| v.rust_name.as_str()).collect();
        assert_eq!(names, ["Status4xx", "Default"]);
    }
}
