//! Where each operation's method and types go, and the names that must not collide.
//!
//! While every operation has a method name of its own, every method is on `Client` and every
//! request builder in the `operations` module. Once two operations map to the same method name
//! (a v1 and a v3 `listAccounts`), every operation with a tag moves to the sub-client of its first
//! tag (`client.v3().list_accounts()`), its types to the tag's module (`operations::v3`); operations
//! without a tag stay on `Client`. All of them move, not only the colliding ones, so that adding
//! one more operation later never moves an existing method. What grouping cannot tell apart (two
//! operations of one tag, or without a tag; a name the generated code has) is numbered, as type
//! names are: the operation whose id sorts first keeps the name, the others get `_2`, `_3`..., and
//! their docs say why.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use crate::error::{Error, Result};
use crate::ir::{ErrorBody, Ident, Operation, OperationGroup};
use crate::naming;
use crate::naming::reserved::{CLIENT_METHODS, GROUP_TYPE, OPERATIONS_ITEMS, TRAIT_METHODS};

/// Puts each operation on `Client` or on a sub-client (setting its `group`), names what still
/// collides (see [`settle_methods`], [`settle_types`]), and returns the groups and the names `Client`
/// methods take (each with who takes it, for later checks). `tags` holds each operation's first tag.
pub fn place(
    doc: &OpenAPI,
    operations: &mut [Operation],
    tags: &[Option<String>],
) -> Result<(Vec<OperationGroup>, BTreeMap<Ident, String>)> {
    let mut seen = BTreeSet::new();
    let collides = operations.iter().any(|op| !seen.insert(op.method_name.clone()));
    let groups = if collides { groups(doc, operations, tags)? } else { Vec::new() };

    // The names the generated code takes in each scope: `Client`'s own methods and its sub-clients'.
    let mut taken: BTreeMap<Ident, String> = BTreeMap::new();
    for name in CLIENT_METHODS {
        taken.insert(naming::value_name(name), "a method of the generated `Client` itself".to_owned());
    }
    let trait_methods: BTreeMap<Ident, String> = TRAIT_METHODS
        .iter()
        .map(|name| (naming::value_name(name), "a method the generated types have through a trait".to_owned()))
        .collect();
    for group in &groups {
        taken.insert(group.name.clone(), format!("the sub-client of the tag `{}`", group.tag));
    }
    let scopes: BTreeSet<Option<Ident>> = operations.iter().map(|op| op.group.clone()).collect();
    for scope in scopes {
        // Operations claim names in the order of their ids, so that which one keeps a name does not
        // depend on the order of the spec.
        let mut members: Vec<&mut Operation> = operations.iter_mut().filter(|op| op.group == scope).collect();
        members.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
        let mut reserved_methods = trait_methods.clone();
        if scope.is_none() {
            reserved_methods.extend(taken.clone());
        }
        settle_methods(&mut members, &reserved_methods);
        let reserved_items: BTreeMap<String, String> = match &scope {
            Some(group) => BTreeMap::from([(GROUP_TYPE.to_owned(), format!("the sub-client type of `{group}`"))]),
            None => OPERATIONS_ITEMS
                .iter()
                .map(|name| ((*name).to_owned(), "an item of the `operations` module itself".to_owned()))
                .collect(),
        };
        settle_types(&mut members, &reserved_items);
    }
    for op in operations.iter().filter(|op| op.group.is_none()) {
        taken.insert(op.method_name.clone(), format!("the operation at {} (method `{}`)", op.source, op.method_name));
    }
    Ok((groups, taken))
}

/// Gives each operation of one scope a method name of its own: the first (by id) to want a name keeps
/// it, unless the generated code has it (`reserved`); the others get the next numbered name that no
/// operation of the scope wants (`get_thing_2`), and a doc note that says why.
fn settle_methods(members: &mut [&mut Operation], reserved: &BTreeMap<Ident, String>) {
    let wanted: BTreeSet<Ident> = members.iter().map(|op| op.method_name.clone()).collect();
    let mut claimed: BTreeMap<Ident, String> = BTreeMap::new();
    for op in members.iter_mut() {
        let name = op.method_name.clone();
        let why = reserved
            .get(&name)
            .cloned()
            .or_else(|| claimed.get(&name).map(|other| format!("the method of `{other}`, whose id sorts first")));
        if let Some(why) = why {
            let free = naming::numbered_ident(&name, |candidate| {
                reserved.contains_key(candidate) || wanted.contains(candidate) || claimed.contains_key(candidate)
            });
            op.name_note = Some(format!(
                "Named `{free}` because `{name}` is {why} (the spec names this operation `{}`).",
                op.operation_id
            ));
            op.method_name = free;
        }
        claimed.insert(op.method_name.clone(), op.operation_id.clone());
    }
}

/// Gives each operation of one module a request builder, a parameter struct and (when its error
/// bodies differ by status) an error enum whose names no other item of the module has: the first (by
/// id) keeps its names, the others get the next numbered type name (`GetThing2`, `GetThing2Params`).
fn settle_types(members: &mut [&mut Operation], reserved: &BTreeMap<String, String>) {
    let family = |op: &Operation, base: &str| {
        let mut names = vec![base.to_owned(), naming::params_type_name(base)];
        if matches!(op.error_body, ErrorBody::PerStatus(_)) {
            names.push(naming::error_enum_name(base));
        }
        if !op.response_headers.is_empty() {
            names.push(naming::output_type_name(base));
        }
        names
    };
    let wanted: BTreeSet<String> = members.iter().flat_map(|op| family(op, &op.type_name)).collect();
    let mut claimed: BTreeMap<String, String> = reserved.clone();
    for op in members.iter_mut() {
        let clash =
            family(op, &op.type_name).into_iter().find_map(|name| claimed.get(&name).map(|who| (name, who.clone())));
        if let Some((name, who)) = clash {
            let base = op.type_name.clone();
            let free = naming::numbered_type_name(&base, |candidate| {
                family(op, candidate).iter().any(|n| claimed.contains_key(n) || wanted.contains(n))
            });
            let note = format!("Its request builder is `{free}` because `{name}` is {who}.");
            op.name_note = Some(match op.name_note.take() {
                Some(first) => format!("{first} {note}"),
                None => note,
            });
            op.type_name = free;
            if let ErrorBody::PerStatus(e) = &mut op.error_body {
                e.type_name = naming::error_enum_name(&op.type_name);
            }
        }
        for name in family(op, &op.type_name) {
            claimed.insert(name, format!("a type of the operation `{}`, whose id sorts first", op.operation_id));
        }
    }
}

/// The sub-client of each operation's first tag, in the order the spec first uses the tags.
fn groups(doc: &OpenAPI, operations: &mut [Operation], tags: &[Option<String>]) -> Result<Vec<OperationGroup>> {
    let mut distinct: Vec<&str> = Vec::new();
    for tag in tags.iter().flatten() {
        if !distinct.contains(&tag.as_str()) {
            distinct.push(tag);
        }
    }
    let names = naming::group_names(&distinct);
    let mut groups: Vec<OperationGroup> = Vec::with_capacity(distinct.len());
    for (tag, name) in distinct.iter().zip(names) {
        if let Some(other) = groups.iter().find(|g| g.name == name) {
            let op = operations.iter().zip(tags).find(|(_, t)| t.as_deref() == Some(*tag)).map(|(op, _)| op);
            return Err(Error::new(
                op.map_or("#/tags", |op| op.source.as_str()),
                format!(
                    "its tag `{tag}` and the tag `{}` both make the sub-client `{name}`; operations are grouped by tag because two of them have the same method name",
                    other.tag
                ),
            ));
        }
        let doc = doc.tags.iter().find(|t| t.name == *tag).and_then(|t| t.description.clone());
        groups.push(OperationGroup { name, tag: (*tag).to_owned(), doc });
    }
    for (op, tag) in operations.iter_mut().zip(tags) {
        op.group = tag.as_ref().and_then(|tag| groups.iter().find(|g| &g.tag == tag)).map(|g| g.name.clone());
    }
    Ok(groups)
}
