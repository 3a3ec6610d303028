//! Recognises cursor-paginated list operations by their shape, never by their names.

use crate::ir::{Decoding, Field, Operation, Pagination, ParamLocation, Struct, TypeRef, TypeTable};

/// An operation is paginated when it takes a string `cursor` query parameter and its response holds
/// a `cursor` object with a boolean `hasMore`, a string `next` and a `data` array.
pub fn detect(op: &Operation, defs: &TypeTable) -> Option<Pagination> {
    let cursor_param = op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.wire_name == "cursor" && p.ty == TypeRef::String)?;
    let response = op.response.as_ref().filter(|r| r.decoding == Decoding::Json)?;
    let (response, _) = defs.struct_of(&response.ty)?;
    let page_field = field(response, "cursor")?;
    let (page, _) = defs.struct_of(&page_field.ty)?;
    let has_more = field(page, "hasMore").filter(|f| f.ty == TypeRef::Bool)?;
    let next = field(page, "next").filter(|f| f.ty == TypeRef::String)?;
    let data = field(page, "data")?;
    let TypeRef::List(item) = &data.ty else {
        return None;
    };
    let named = |f: &Field| (f.rust_name.clone(), f.optional());
    Some(Pagination {
        cursor_param: cursor_param.rust_name.clone(),
        page_field: named(page_field),
        has_more_field: named(has_more),
        next_field: named(next),
        data_field: named(data),
        item: (**item).clone(),
    })
}

fn field<'a>(s: &'a Struct, wire: &str) -> Option<&'a Field> {
    s.fields.iter().find(|f| f.wire_name == wire)
}
