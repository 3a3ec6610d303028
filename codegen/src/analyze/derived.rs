//! Properties of the type table that need every type known: recursion to box, and which values are
//! taken as `impl Into<T>`; and `Default`, derived where nothing is required.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::ir::{
    BodyEncoding, Operation, ParamUnion, PartKind, StructTag, TypeDef, TypeKind, TypeRef, TypeTable, Union,
};

/// The named type a value holds inline (not behind a `Vec` or map, which are already on the heap).
fn inline_named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

/// The named types a type holds inline.
fn contained(def: &TypeDef) -> Vec<&str> {
    def.kind.held().into_iter().filter_map(inline_named).collect()
}

fn reaches(from: &str, target: &str, defs: &TypeTable) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![from];
    while let Some(name) = stack.pop() {
        if name == target {
            return true;
        }
        if seen.insert(name) {
            stack.extend(defs.get(name).map(contained).unwrap_or_default());
        }
    }
    false
}

/// Refuses aliases that name each other in a loop (`A: {$ref: B}`, `B: {$ref: A}`, or a schema that
/// is only a `$ref` to itself): they name no type, and would be written `pub type A = A;`.
pub(super) fn check_alias_cycles(defs: &TypeTable) -> Result<()> {
    for def in defs.iter() {
        let mut chain: Vec<&str> = vec![&def.name];
        let mut ty = match &def.kind {
            TypeKind::Alias(target) => target,
            _ => continue,
        };
        while let TypeRef::Named(name) = ty
            && let Some(TypeDef { kind: TypeKind::Alias(target), source, .. }) = defs.get(name)
        {
            if let Some(start) = chain.iter().position(|n| n == name) {
                let mut names = chain[start..].to_vec();
                names.push(name);
                let source = if start == 0 { &def.source } else { source };
                return Err(Error::new(
                    source.clone(),
                    format!(
                        "this schema is only another name for another schema, and those names form a loop ({}): \
                         none of them says what its values are",
                        names.join(" -> ")
                    ),
                ));
            }
            chain.push(name);
            ty = target;
        }
    }
    Ok(())
}

/// A struct that contains itself (`Node { next: Option<Node> }`, or through a union) would have an
/// infinite size: the fields that lead back to their struct are boxed.
pub(super) fn box_recursive_fields(defs: &mut TypeTable) {
    let mut to_box = Vec::new();
    for def in defs.iter() {
        if let TypeKind::Struct(s) = &def.kind {
            for (i, field) in s.fields.iter().enumerate() {
                if inline_named(&field.ty).is_some_and(|inner| reaches(inner, &def.name, defs)) {
                    to_box.push((def.name.clone(), i));
                }
            }
        }
    }
    for (name, i) in to_box {
        if let Some(TypeDef { kind: TypeKind::Struct(s), .. }) = defs.get_mut(&name) {
            s.fields[i].boxed = true;
        }
    }
}

/// A struct derives `Default` when nothing in it is required: every field is an `Option`. A default of
/// a model with a required field would hide the field (an empty asset, an amount of 0), and the
/// required field a later version adds.
pub(super) fn derive_defaults(defs: &mut TypeTable) {
    for def in defs.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.default = s.fields.iter().all(|f| f.optional());
        }
    }
}

/// A struct that is a member of discriminated unions, all of which give it one tag value, loses its
/// tag field: the value is fixed, so the struct writes it itself (`Struct::tag`), alone or in a union,
/// and users can neither pass it to `new` nor set it wrong. A struct given different values, or sent
/// as a form (whose parts are its fields), keeps the field (the union writes the variant's value over
/// it, as before). Its `Default` is decided again, as the tag field may have been its one required field.
pub(super) fn fix_member_tags(defs: &mut TypeTable, operations: &[Operation]) {
    let forms: Vec<&TypeRef> = operations
        .iter()
        .filter_map(|op| op.body.as_ref())
        .filter(|body| matches!(body.encoding, BodyEncoding::Form(_)))
        .map(|body| &body.ty)
        .collect();
    let mut tags: BTreeMap<String, Vec<StructTag>> = BTreeMap::new();
    for def in defs.iter() {
        let TypeKind::Union(Union { tag: Some(property), variants }) = &def.kind else { continue };
        for variant in variants {
            let (Some(value), Some(member)) = (&variant.tag_value, defs.def_of(&variant.ty)) else { continue };
            if matches!(member.kind, TypeKind::Struct(_)) {
                let tag = StructTag { property: property.clone(), value: value.clone() };
                tags.entry(member.name.clone()).or_default().push(tag);
            }
        }
    }
    for (name, mut given) in tags {
        given.sort();
        given.dedup();
        let sent_as_form = forms.iter().any(|ty| defs.def_of(ty).is_some_and(|def| def.name == name));
        let ([tag], false) = (given.as_slice(), sent_as_form) else { continue };
        if let Some(TypeDef { kind: TypeKind::Struct(s), .. }) = defs.get_mut(&name)
            && let Some(at) = s.fields.iter().position(|f| f.wire_name == tag.property)
        {
            s.fields.remove(at);
            s.default = s.fields.iter().all(|f| f.optional());
            s.tag = Some(tag.clone());
        }
    }
}

/// Records, on every field, parameter and form part, whether it is taken as `impl Into<T>`, by the
/// one rule of [`TypeTable::takes_into`].
pub(super) fn record_conversions(defs: &mut TypeTable, operations: &mut [Operation], from_unions: &[ParamUnion]) {
    let mut fields = Vec::new();
    for def in defs.iter() {
        if let TypeKind::Struct(s) = &def.kind {
            let into: Vec<bool> = s.fields.iter().map(|f| defs.takes_into(&f.ty, f.boxed, from_unions)).collect();
            fields.push((def.name.clone(), into));
        }
    }
    for (name, into) in fields {
        if let Some(TypeDef { kind: TypeKind::Struct(s), .. }) = defs.get_mut(&name) {
            s.fields.iter_mut().zip(into).for_each(|(field, into)| field.into = into);
        }
    }
    for op in operations {
        for p in &mut op.params {
            p.into = defs.takes_into(&p.ty, false, from_unions);
        }
        if let Some(body) = &mut op.body
            && let BodyEncoding::Form(parts) | BodyEncoding::Multipart(parts) = &mut body.encoding
        {
            for part in parts {
                let file = matches!(part.part, PartKind::File | PartKind::Files);
                part.into = !file && defs.takes_into(&part.ty, false, from_unions);
            }
        }
    }
}

/// How deep rustc goes into a type by default when it checks an auto trait (`Send`, `Sync`) or looks
/// for the tail of a struct.
const DEFAULT_RECURSION_LIMIT: usize = 128;

/// The `#![recursion_limit]` a crate of these types needs, when the default is not enough: twice the
/// deepest nesting of types (see [`nesting`]), rounded up to a power of two. `None` while the nesting
/// stays under half the default, as it does for every spec but the deepest.
pub(super) fn recursion_limit(defs: &TypeTable) -> Option<u32> {
    let mut depths = BTreeMap::new();
    let deepest = defs.iter().map(|def| nesting(&def.name, defs, &mut depths, &mut Vec::new())).max()?;
    let needed = (2 * deepest).next_power_of_two();
    (2 * deepest > DEFAULT_RECURSION_LIMIT).then(|| u32::try_from(needed).unwrap_or(u32::MAX))
}

/// How many types deep rustc may go from the named type `name`: one level per type it holds, plus
/// the wrappers around it (`Option`, `Box`, `Vec`, and a few for an `IndexMap`), along the deepest
/// chain. A type met again on the chain (recursion, always boxed) ends it there. `depths` keeps what
/// is known, so each type is walked once.
fn nesting<'d>(
    name: &'d str,
    defs: &'d TypeTable,
    depths: &mut BTreeMap<&'d str, usize>,
    path: &mut Vec<&'d str>,
) -> usize {
    if let Some(depth) = depths.get(name) {
        return *depth;
    }
    if path.contains(&name) {
        return 0;
    }
    let Some(def) = defs.get(name) else { return 0 };
    path.push(name);
    let held: Vec<(&TypeRef, usize)> = match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().map(|f| (&f.ty, usize::from(f.optional()) + usize::from(f.boxed))).collect()
        }
        TypeKind::Union(u) => u.variants.iter().map(|v| (&v.ty, 0)).collect(),
        TypeKind::Alias(target) => vec![(target, 0)],
        TypeKind::Enum(_) => Vec::new(),
    };
    let mut deepest = 0;
    for (ty, wrappers) in held {
        let (inner, more) = unwrap(ty);
        let below = match inner {
            TypeRef::Named(inner) => nesting(inner, defs, depths, path),
            _ => 0,
        };
        deepest = deepest.max(1 + wrappers + more + below);
    }
    path.pop();
    depths.insert(name, deepest);
    deepest
}

/// The type inside lists and maps, and how many levels they add.
fn unwrap(ty: &TypeRef) -> (&TypeRef, usize) {
    match ty {
        TypeRef::List(item) => {
            let (inner, more) = unwrap(item);
            (inner, 1 + more)
        }
        // `IndexMap` holds its entries in a `Vec` of buckets, behind a few structs.
        TypeRef::Map(value) => {
            let (inner, more) = unwrap(value);
            (inner, 6 + more)
        }
        _ => (ty, 0),
    }
}
