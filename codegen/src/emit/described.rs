//! What the docs say where the spec says nothing: a description the generator writes from what it
//! knows of the item (a field's wire name, whether it is required, its type, format and enum values;
//! where a model is used, and by which operations). Written here, not taken from the spec, so its
//! links are meant and it is not escaped.

use std::collections::BTreeMap;

use crate::error::one_line;
use crate::ir::{Api, ErrorBody, Field, Operation, TypeDef, TypeKind, TypeRef, TypeTable};
use crate::naming::reserved::GROUP_TYPE;

/// How many items a generated list names before it says how many more there are.
const LISTED: usize = 8;

/// Links from the docs of one generated module to the others: `up` is the path from that module to
/// the generated root (`super::`, `super::super::` in a sub-client's module), `models` the path to
/// the models (empty in the models module itself). [`Links::NONE`] names items without links, for
/// text that goes through the escaping of the spec's.
#[derive(Debug, Clone, Copy)]
pub struct Links<'a> {
    up: &'a str,
    models: &'a str,
    linked: bool,
}

impl<'a> Links<'a> {
    pub const NONE: Links<'static> = Links { up: "", models: "", linked: false };

    pub const fn new(up: &'a str, models: &'a str) -> Self {
        Self { up, models, linked: true }
    }

    /// The path from the module to the generated root.
    pub fn up(&self) -> &str {
        self.up
    }

    /// A model, linked.
    pub fn model(&self, name: &str) -> String {
        match (self.linked, self.models) {
            (false, _) => format!("`{name}`"),
            (true, "") => format!("[`{name}`]"),
            (true, models) => format!("[`{name}`]({models}{name})"),
        }
    }

    /// The method that starts `op`, linked.
    pub fn method(&self, op: &Operation) -> String {
        let method = op.method_name.as_str();
        let (shown, path) = match &op.group {
            None => (format!("Client::{method}"), format!("Client::{method}")),
            Some(group) => {
                let group = group.as_str();
                (format!("client.{group}().{method}()"), format!("operations::{group}::{GROUP_TYPE}::{method}"))
            }
        };
        match self.linked {
            true => format!("[`{shown}`]({}{path})", self.up),
            false => format!("`{shown}`"),
        }
    }
}

/// Text of the spec (a wire name, an enum value) in a Markdown code span, whatever it holds: control
/// characters escaped (a line break would end the span, and could open a code block that rustdoc
/// runs as a doctest), and fenced by more backticks than any run of them in the text.
pub fn code(text: &str) -> String {
    let text = one_line(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    match longest {
        0 => format!("`{text}`"),
        n => {
            let fence = "`".repeat(n + 1);
            format!("{fence} {text} {fence}")
        }
    }
}

/// What a value of `ty` is, as a phrase that follows "is" (`a string`, `one of `A` or `B``).
pub fn phrase(types: &TypeTable, ty: &TypeRef, links: Links<'_>) -> String {
    match ty {
        TypeRef::String => "a string".to_owned(),
        TypeRef::Bool => "a boolean".to_owned(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => format!("an integer (`{}`)", ty.short_name()),
        TypeRef::F64 => "a number (`f64`)".to_owned(),
        TypeRef::BigInt => "an integer of any size (`BigInt`, every digit kept)".to_owned(),
        TypeRef::DateTime => "a date and time (RFC 3339)".to_owned(),
        TypeRef::Date => "a date (`YYYY-MM-DD`)".to_owned(),
        TypeRef::Uuid => "a UUID".to_owned(),
        TypeRef::Json => "any JSON value (`RawJson`, kept as received)".to_owned(),
        TypeRef::JsonObject => "a JSON object of any keys and values (`RawJsonObject`)".to_owned(),
        TypeRef::Bytes => "bytes".to_owned(),
        TypeRef::List(item) => format!("a list, each item {}", phrase(types, item, links)),
        TypeRef::Map(value) => format!("a map of string keys, each value {}", phrase(types, value, links)),
        TypeRef::Named(name) => match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Enum(e)) if !e.variants.is_empty() => {
                let values: Vec<String> = e.variants.iter().map(|v| code(&v.wire)).collect();
                format!("{} ({})", one_of(&values), links.model(name))
            }
            _ => format!("{} {}", article(name), links.model(name)),
        },
    }
}

/// `one of `A`, `B` or `C``, or the first values and how many there are.
fn one_of(values: &[String]) -> String {
    match values {
        [one] => format!("always {one}"),
        values if values.len() > LISTED => {
            format!("one of {}, ... ({} values)", values[..LISTED].join(", "), values.len())
        }
        values => format!("one of {}", and_list(values, "or")),
    }
}

/// `a`, `b` and `c` (`or` instead of `and` when asked).
pub(super) fn and_list(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// The same, naming at most [`LISTED`] items, then how many more there are.
fn listed(items: &[String], what: &str) -> String {
    if items.len() <= LISTED {
        return and_list(items, "and");
    }
    format!("{} and {} more {what}", items[..LISTED].join(", "), items.len() - LISTED)
}

fn article(name: &str) -> &'static str {
    if name.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" }
}

/// The first letter in upper case, for a phrase that starts a sentence.
pub fn sentence(phrase: &str) -> String {
    let mut chars = phrase.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The doc of a field the spec does not describe: "`errorCode` (required): one of ...".
pub fn field(types: &TypeTable, f: &Field, links: Links<'_>) -> String {
    let mut facts = vec![if f.required { "required" } else { "optional" }.to_owned()];
    if f.nullable {
        facts.push("may be `null`".to_owned());
    }
    if let Some(format) = &f.format {
        facts.push(code(&format!("format: {format}")));
    }
    format!("{} ({}): {}.", code(&f.wire_name), facts.join(", "), phrase(types, &f.ty, links))
}

/// Where a named type is used: by operations, and by other types.
#[derive(Debug, Default)]
struct Uses<'a> {
    sent_by: Vec<&'a Operation>,
    returned_by: Vec<&'a Operation>,
    error_of: Vec<&'a Operation>,
    part_of: Vec<&'a str>,
}

/// Where each named type of an API is used, for the docs of the models the spec does not describe.
pub struct Described<'a> {
    api: &'a Api,
    uses: BTreeMap<&'a str, Uses<'a>>,
}

impl<'a> Described<'a> {
    pub fn new(api: &'a Api) -> Self {
        let mut uses: BTreeMap<&'a str, Uses<'a>> = BTreeMap::new();
        let mut add =
            |ty: &'a TypeRef, op: &'a Operation, pick: for<'u> fn(&'u mut Uses<'a>) -> &'u mut Vec<&'a Operation>| {
                for name in names(ty) {
                    let list = pick(uses.entry(name).or_default());
                    if !list.iter().any(|o| std::ptr::eq(*o, op)) {
                        list.push(op);
                    }
                }
            };
        for op in &api.operations {
            for p in &op.params {
                add(&p.ty, op, |u| &mut u.sent_by);
            }
            if let Some(body) = &op.body {
                add(&body.ty, op, |u| &mut u.sent_by);
                for f in body.form_fields() {
                    add(&f.ty, op, |u| &mut u.sent_by);
                }
            }
            if let Some(response) = &op.response {
                add(&response.ty, op, |u| &mut u.returned_by);
            }
            for header in &op.response_headers {
                add(&header.ty, op, |u| &mut u.returned_by);
            }
            match &op.error_body {
                ErrorBody::One(ty) if op.errors != crate::ir::ErrorStatuses::None => add(ty, op, |u| &mut u.error_of),
                ErrorBody::PerStatus(e) => e.variants.iter().for_each(|v| add(&v.ty, op, |u| &mut u.error_of)),
                _ => {}
            }
        }
        for def in api.types.iter() {
            for name in def.kind.held().into_iter().flat_map(names) {
                let part_of = &mut uses.entry(name).or_default().part_of;
                if name != def.name && !part_of.contains(&def.name.as_str()) {
                    part_of.push(&def.name);
                }
            }
        }
        Self { api, uses }
    }

    pub fn types(&self) -> &'a TypeTable {
        &self.api.types
    }

    /// The doc of a model the spec does not describe: what it is, where it comes from in the spec,
    /// and where it is used.
    pub fn model(&self, def: &TypeDef, links: Links<'_>) -> String {
        let types = &self.api.types;
        let from = format!("from {}", code(&def.source));
        let what = match &def.kind {
            TypeKind::Struct(_) => format!("An object of the API, {from}."),
            TypeKind::Enum(e) => {
                let values: Vec<String> = e.variants.iter().map(|v| code(&v.wire)).collect();
                match values.is_empty() {
                    true => format!("A string of the API, {from}."),
                    false => format!("A string of the API, {from}: {}.", one_of(&values)),
                }
            }
            TypeKind::Union(u) => {
                let members: Vec<String> = u.variants.iter().map(|v| phrase(types, &v.ty, links)).collect();
                let by = match &u.tag {
                    Some(tag) => format!(", told apart by {}", code(tag)),
                    None => ", the one the JSON fits best".to_owned(),
                };
                format!("A value of one of several shapes, {from}: {}{by}.", and_list(&members, "or"))
            }
            TypeKind::Alias(TypeRef::Named(target)) => format!("Another name for {}, {from}.", links.model(target)),
            TypeKind::Alias(target) => format!("{}, {from}.", sentence(&phrase(types, target, links))),
        };
        let empty = Uses::default();
        let uses = self.uses.get(def.name.as_str()).unwrap_or(&empty);
        let methods = |ops: &[&Operation]| -> Vec<String> { ops.iter().map(|op| links.method(op)).collect() };
        let mut text = vec![what];
        if !uses.sent_by.is_empty() {
            text.push(format!("Sent by {}.", listed(&methods(&uses.sent_by), "operations")));
        }
        if !uses.returned_by.is_empty() {
            text.push(format!("Returned by {}.", listed(&methods(&uses.returned_by), "operations")));
        }
        if !uses.error_of.is_empty() {
            text.push(format!("The error body of {}.", listed(&methods(&uses.error_of), "operations")));
        }
        if !uses.part_of.is_empty() {
            let models: Vec<String> = uses.part_of.iter().map(|name| links.model(name)).collect();
            text.push(format!("Part of {}.", listed(&models, "models")));
        }
        if uses.sent_by.is_empty() && uses.returned_by.is_empty() && uses.error_of.is_empty() && uses.part_of.is_empty()
        {
            text.push("No operation of the API uses it.".to_owned());
        }
        text.join(" ")
    }
}

/// The named types `ty` is made of: itself, or its items and values.
fn names(ty: &TypeRef) -> Vec<&str> {
    match ty {
        TypeRef::Named(name) => vec![name.as_str()],
        TypeRef::List(inner) | TypeRef::Map(inner) => names(inner),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumVariant, StringEnum, Usage};
    use crate::naming;

    const LINKS: Links<'static> = Links::new("super::", "super::models::");

    fn table() -> TypeTable {
        let mut types = TypeTable::default();
        let variants = ["VALIDATION", "NOT_FOUND", "INTERNAL"]
            .iter()
            .map(|wire| EnumVariant { rust_name: naming::type_name(wire), wire: (*wire).to_owned() })
            .collect();
        types.insert(TypeDef {
            name: "ErrorCode".to_owned(),
            source: "#/components/schemas/ErrorCode".to_owned(),
            doc: None,
            kind: TypeKind::Enum(StringEnum { variants }),
            usage: Usage::default(),
        });
        types
    }

    fn field(wire: &str, ty: TypeRef, required: bool, format: Option<&str>) -> Field {
        Field {
            rust_name: naming::value_name(wire),
            wire_name: wire.to_owned(),
            ty,
            required,
            nullable: false,
            boxed: false,
            doc: None,
            format: format.map(str::to_owned),
            setter: naming::value_name(wire),
            into: false,
        }
    }

    #[test]
    fn a_field_says_its_wire_name_whether_it_is_required_its_format_and_its_values() {
        let types = table();
        let code = field("errorCode", TypeRef::Named("ErrorCode".to_owned()), true, None);
        assert_eq!(
            super::field(&types, &code, LINKS),
            "`errorCode` (required): one of `VALIDATION`, `NOT_FOUND` or `INTERNAL` \
             ([`ErrorCode`](super::models::ErrorCode))."
        );
        let at = field("createdAt", TypeRef::DateTime, false, Some("date-time"));
        assert_eq!(
            super::field(&types, &at, LINKS),
            "`createdAt` (optional, `format: date-time`): a date and time (RFC 3339)."
        );
        let tags = field("tags", TypeRef::List(Box::new(TypeRef::String)), true, None);
        assert_eq!(super::field(&types, &tags, LINKS), "`tags` (required): a list, each item a string.");
    }

    #[test]
    fn long_lists_say_how_many_more() {
        let values: Vec<String> = (0..12).map(|i| format!("`v{i}`")).collect();
        assert_eq!(one_of(&values), format!("one of {}, ... (12 values)", values[..LISTED].join(", ")));
        assert_eq!(listed(&values, "operations"), format!("{} and 4 more operations", values[..8].join(", ")));
        assert_eq!(and_list(&values[..2], "or"), "`v0` or `v1`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("a``b"), "``` a``b ```");
        // A value that would close the span and open a code block stays on its line, in the span.
        assert_eq!(code("x\n```\nfn main() {}\n```"), "```` x\\n```\\nfn main() {}\\n``` ````");
    }
}
