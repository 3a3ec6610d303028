//! Models: structs and their fields (read through the direction each model travels in), string
//! enums, unions and aliases. Types are matched by Rust name; a type that disappears while another
//! appears from the same schema is reported as renamed.

use std::collections::BTreeSet;

use super::{Cx, Rule, show};
use crate::ir::{Field, StringEnum, Struct, TypeDef, TypeKind, Union, Usage};

pub(super) fn compare(cx: &mut Cx<'_>) {
    let (old_defs, new_defs) = (&cx.old.types, &cx.new.types);
    let new_names: BTreeSet<&str> = new_defs.iter().map(|d| d.name.as_str()).collect();
    let mut removed: Vec<&TypeDef> = old_defs.iter().filter(|d| !new_names.contains(d.name.as_str())).collect();
    let mut pairs = Vec::new();
    let mut added = Vec::new();
    for new in new_defs.iter() {
        let old = old_defs.get(&new.name).or_else(|| {
            let at = removed.iter().position(|old| old.source == new.source)?;
            Some(removed.remove(at))
        });
        match old {
            Some(old) => pairs.push((old, new)),
            None => added.push(new),
        }
    }
    // Reported by name, whatever happened to each type.
    let mut events: Vec<(&str, Event)> =
        pairs.into_iter().map(|(old, new)| (new.name.as_str(), Event::Kept(old, new))).collect();
    events.extend(added.into_iter().map(|new| (new.name.as_str(), Event::Added(new))));
    events.extend(removed.into_iter().map(|old| (old.name.as_str(), Event::Removed(old))));
    events.sort_by(|a, b| a.0.cmp(b.0));
    for (_, event) in events {
        match event {
            Event::Kept(old, new) => type_def(cx, old, new),
            Event::Added(new) => cx.push(Rule::TypeAdded, &new.name, format!("new {}", kind_name(&new.kind))),
            Event::Removed(old) => cx.push(Rule::TypeRemoved, &old.name, format!("{} removed", kind_name(&old.kind))),
        }
    }
}

enum Event<'a> {
    Kept(&'a TypeDef, &'a TypeDef),
    Added(&'a TypeDef),
    Removed(&'a TypeDef),
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union (enum)",
        TypeKind::Alias(_) => "type alias",
    }
}

fn article(kind: &TypeKind) -> &'static str {
    if matches!(kind, TypeKind::Enum(_)) { "an" } else { "a" }
}

fn type_def(cx: &mut Cx<'_>, old: &TypeDef, new: &TypeDef) {
    let subject = new.name.as_str();
    if old.name != new.name {
        cx.push(Rule::TypeRenamed, subject, format!("renamed from `{}` (same schema, {})", old.name, new.source));
    }
    let (old_usage, new_usage) = cx.usage(&old.name, &new.name);
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            directions(cx, subject, old_usage, new_usage);
            structure(cx, subject, a, b, old_usage.either(new_usage));
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => string_enum(cx, subject, a, b, old_usage.either(new_usage)),
        (TypeKind::Union(a), TypeKind::Union(b)) => union(cx, subject, a, b, old_usage.either(new_usage)),
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            if !cx.same_type(a, b) {
                cx.push(
                    Rule::AliasTargetChanged,
                    subject,
                    format!("now another name for `{}` (was `{}`)", show(b), show(a)),
                );
            }
        }
        (a, b) => cx.push(
            Rule::TypeKindChanged,
            subject,
            format!("now {} {} (was {} {})", article(b), kind_name(b), article(a), kind_name(a)),
        ),
    }
}

/// The models users build (sent in requests, or used by no operation) get a constructor and setters
/// (issue 12, section 1); models only read in responses do not.
fn directions(cx: &mut Cx<'_>, subject: &str, old: Usage, new: Usage) {
    match (old.built_by_users(), new.built_by_users()) {
        (false, true) => {
            let why = if new.request { "now also sent in requests" } else { "now used by no operation" };
            cx.push(Rule::NowInRequests, subject, format!("{why}: it gains the constructor `new()` and setters"));
        }
        (true, false) => {
            let why = if old.request { "no longer sent in any request" } else { "now read in responses only" };
            cx.push(Rule::NoLongerInRequests, subject, format!("{why}: it loses the constructor `new()` and setters"));
        }
        _ => {}
    }
}

fn where_used(usage: Usage) -> &'static str {
    match (usage.request, usage.response) {
        (true, true) => "in requests and responses",
        (true, false) => "in requests",
        (false, true) => "in responses",
        (false, false) => "by no operation",
    }
}

fn field_name(f: &Field) -> &str {
    f.rust_name.as_str()
}

/// The field's Rust type as written in the struct.
fn field_type(f: &Field) -> String {
    let ty = if f.boxed { format!("Box<{}>", show(&f.ty)) } else { show(&f.ty) };
    if f.optional() { format!("Option<{ty}>") } else { ty }
}

fn structure(cx: &mut Cx<'_>, subject: &str, old: &Struct, new: &Struct, usage: Usage) {
    let used = where_used(usage);
    // A type no operation uses can still be built and read by users: every rule applies to it.
    let usage = usage.or_both();
    for f in &new.fields {
        let at = format!("{subject}.{}", field_name(f));
        let Some(before) = old.fields.iter().find(|o| o.rust_name == f.rust_name) else {
            if f.optional() {
                let setter = if usage.request { format!(", set with `.{}()`", f.setter) } else { String::new() };
                cx.push(
                    Rule::OptionalFieldAdded,
                    at,
                    format!("new optional field `{}` ({used}){setter}", field_type(f)),
                );
            } else if usage.request {
                cx.push(
                    Rule::RequiredFieldAddedToRequest,
                    at,
                    format!("new required field `{}` ({used}): {}", field_type(f), takes(new, f)),
                );
            } else {
                cx.push(
                    Rule::RequiredFieldAddedToResponse,
                    at,
                    format!(
                        "new field `{}`, read in responses (the test-only `new()` of the `test-util` feature, outside \
                         the semver promise, takes it too)",
                        field_type(f)
                    ),
                );
            }
            continue;
        };
        if !cx.same_type(&before.ty, &f.ty) || before.boxed != f.boxed {
            cx.push(
                Rule::FieldTypeChanged,
                at,
                format!("now `{}` (was `{}`, {used})", field_type(f), field_type(before)),
            );
        } else if before.optional() != f.optional() {
            optionality(cx, &at, before, (new, f), usage, used);
        } else if before.wire_name != f.wire_name || before.required != f.required {
            cx.push(
                Rule::FieldWireChanged,
                at,
                format!(
                    "same Rust type; on the wire `{}`{} (was `{}`{})",
                    f.wire_name,
                    if f.required { ", always sent" } else { ", omitted when `None`" },
                    before.wire_name,
                    if before.required { ", always sent" } else { ", omitted when `None`" },
                ),
            );
        }
    }
    for f in old.fields.iter().filter(|f| !new.fields.iter().any(|n| n.rust_name == f.rust_name)) {
        cx.push(
            Rule::FieldRemoved,
            format!("{subject}.{}", field_name(f)),
            format!("field `{}` removed ({used})", field_type(f)),
        );
    }
    match (old.default, new.default) {
        (false, true) => cx.push(Rule::DefaultGained, subject, "now implements `Default`"),
        (true, false) => cx.push(Rule::DefaultLost, subject, "no longer implements `Default`"),
        _ => {}
    }
}

/// How `new()` takes the required field `f` of `s`: as its one argument, or as a field of the
/// struct naming its required fields.
fn takes(s: &Struct, f: &Field) -> String {
    match &s.required_struct {
        Some(required) => format!("`new()` takes it, as the field `{}` of `{required}`", f.rust_name.as_str()),
        None => format!("`new()` takes it, as its argument `{}`", f.rust_name.as_str()),
    }
}

/// A field whose Rust type gains or loses its `Option`: one change per direction the model travels in.
fn optionality(cx: &mut Cx<'_>, at: &str, before: &Field, (s, f): (&Struct, &Field), usage: Usage, used: &str) {
    let name = field_name(f);
    let setter = &f.setter;
    let (was, now) = (field_type(before), field_type(f));
    if usage.response {
        let rule =
            if f.optional() { Rule::FieldBecameOptionalInResponses } else { Rule::FieldBecameRequiredInResponses };
        cx.push(rule, at, format!("responses read `{now}` (was `{was}`; {used})"));
    }
    if usage.request {
        let (rule, detail) = if f.optional() {
            (
                Rule::FieldBecameOptionalInRequests,
                format!("now optional: `new()` no longer takes `{name}` (set it with `.{setter}()`)"),
            )
        } else {
            (
                Rule::FieldBecameRequiredInRequests,
                format!("now required: {} (the `.{setter}()` setter goes)", takes(s, f)),
            )
        };
        cx.push(rule, at, format!("{detail} ({used})"));
    }
}

/// What a new variant means to code reading responses.
fn read_as(usage: Usage, subject: &str, variant: &str) -> String {
    if usage.or_both().response {
        format!("; responses read it as `{subject}::{variant}`, no longer as `Unknown`")
    } else {
        String::new()
    }
}

fn string_enum(cx: &mut Cx<'_>, subject: &str, old: &StringEnum, new: &StringEnum, usage: Usage) {
    for v in &new.variants {
        match old.variants.iter().find(|o| o.rust_name == v.rust_name) {
            None => cx.push(
                Rule::EnumValueAdded,
                format!("{subject}::{}", v.rust_name),
                format!("new value `{}`{}", v.wire, read_as(usage, subject, &v.rust_name)),
            ),
            Some(before) if before.wire != v.wire => cx.push(
                Rule::EnumValueWireChanged,
                format!("{subject}::{}", v.rust_name),
                format!("now `{}` on the wire (was `{}`)", v.wire, before.wire),
            ),
            Some(_) => {}
        }
    }
    for v in old.variants.iter().filter(|o| !new.variants.iter().any(|n| n.rust_name == o.rust_name)) {
        cx.push(Rule::EnumValueRemoved, format!("{subject}::{}", v.rust_name), format!("value `{}` removed", v.wire));
    }
}

fn union(cx: &mut Cx<'_>, subject: &str, old: &Union, new: &Union, usage: Usage) {
    if old.tag != new.tag {
        let tag = |t: &Option<String>| t.as_deref().map_or_else(|| "none (best fit)".to_owned(), |t| format!("`{t}`"));
        cx.push(
            Rule::UnionTagChanged,
            subject,
            format!("members now told apart by {} (was {})", tag(&new.tag), tag(&old.tag)),
        );
    }
    for v in &new.variants {
        let at = format!("{subject}::{}", v.rust_name);
        let Some(before) = old.variants.iter().find(|o| o.rust_name == v.rust_name) else {
            cx.push(
                Rule::UnionMemberAdded,
                at,
                format!("new member `{}`{}", show(&v.ty), read_as(usage, subject, &v.rust_name)),
            );
            continue;
        };
        if !cx.same_type(&before.ty, &v.ty) {
            cx.push(
                Rule::UnionMemberTypeChanged,
                &at,
                format!("now holds `{}` (was `{}`)", show(&v.ty), show(&before.ty)),
            );
        }
        if before.tag_value != v.tag_value && old.tag == new.tag {
            cx.push(
                Rule::UnionTagChanged,
                at,
                format!(
                    "now `{}` on the wire (was `{}`)",
                    v.tag_value.as_deref().unwrap_or_default(),
                    before.tag_value.as_deref().unwrap_or_default()
                ),
            );
        }
    }
    for v in old.variants.iter().filter(|o| !new.variants.iter().any(|n| n.rust_name == o.rust_name)) {
        cx.push(
            Rule::UnionMemberRemoved,
            format!("{subject}::{}", v.rust_name),
            format!("member `{}` removed", show(&v.ty)),
        );
    }
}
