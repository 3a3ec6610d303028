//! Where each operation's method and types go, and the names that must not collide.
//!
//! While every operation has a method name of its own, every method is on `Client` and every
//! request builder in the `operations` module. Once two operations map to the same method name
//! (a v1 and a v3 `listAccounts`), every operation with a tag moves to the sub-client of its first
//! tag (`client.v3().list_accounts()`), its types to the tag's module (`operations::v3`); operations
//! without a tag stay on `Client`. All of them move, not only the colliding ones, so that adding
//! one more operation later never moves an existing method. A collision grouping cannot resolve
//! (two operations of one tag, or without a tag) is refused, naming both operations.

use std::collections::BTreeMap;

use openapiv3::OpenAPI;

use crate::error::{Error, Result};
use crate::ir::{ErrorBody, Ident, Operation, OperationGroup};
use crate::naming;
use crate::naming::reserved::{CLIENT_METHODS, GROUP_TYPE, OPERATIONS_ITEMS};

/// Puts each operation on `Client` or on a sub-client (setting its `group`), and returns the groups
/// and the names `Client` methods take (each with who takes it, for later checks). `tags` holds
/// each operation's first tag.
pub fn place(
    doc: &OpenAPI,
    operations: &mut [Operation],
    tags: &[Option<String>],
) -> Result<(Vec<OperationGroup>, BTreeMap<Ident, String>)> {
    let mut seen = BTreeMap::new();
    let collides = operations.iter().any(|op| seen.insert(&op.method_name, ()).is_some());
    let groups = if collides { groups(doc, operations, tags)? } else { Vec::new() };

    // The names taken in each scope: `Client`'s methods, each sub-client's, and the types of each module.
    let mut taken = BTreeMap::new();
    for name in CLIENT_METHODS {
        taken.insert(naming::value_name(name), "a method of the generated `Client` itself".to_owned());
    }
    for group in &groups {
        taken
            .insert(group.name.clone(), format!("the sub-client of the tag `{}` (method `{}`)", group.tag, group.name));
    }
    let mut methods: BTreeMap<Option<&Ident>, BTreeMap<&Ident, &str>> = BTreeMap::new();
    let mut items: BTreeMap<Option<&Ident>, BTreeMap<String, String>> = BTreeMap::new();
    for op in operations.iter() {
        let scope = op.group.as_ref();
        let group_items = items.entry(scope).or_insert_with(|| match scope {
            Some(group) => BTreeMap::from([(GROUP_TYPE.to_owned(), format!("the sub-client type of `{group}`"))]),
            None => OPERATIONS_ITEMS.iter().map(|name| ((*name).to_owned(), "the SDK runtime".to_owned())).collect(),
        });
        let clash = match methods.entry(scope).or_default().insert(&op.method_name, &op.source) {
            Some(other) => Some(("method", op.method_name.to_string(), other.to_owned())),
            None if scope.is_none() && CLIENT_METHODS.contains(&op.method_name.as_str()) => {
                Some(("method", op.method_name.to_string(), "the SDK's own `Client`".to_owned()))
            }
            None if scope.is_none() => {
                taken.get(&op.method_name).map(|other| ("method", op.method_name.to_string(), other.clone()))
            }
            None => None,
        };
        let clash = clash.or_else(|| {
            let enum_name = match &op.error_body {
                ErrorBody::PerStatus(e) => Some(e.type_name.clone()),
                ErrorBody::One(_) => None,
            };
            [Some(op.type_name.clone()), Some(naming::params_type_name(&op.type_name)), enum_name]
                .into_iter()
                .flatten()
                .find_map(|name| group_items.insert(name.clone(), op.source.clone()).map(|other| ("type", name, other)))
        });
        if let Some((what, name, other)) = clash {
            let place = match scope {
                _ if !collides || !other.starts_with("#/") => String::new(),
                Some(group) => format!(
                    " in the same sub-client `{group}` (tag `{}`), so grouping operations by tag cannot tell them apart",
                    groups.iter().find(|g| &g.name == group).map_or("", |g| g.tag.as_str())
                ),
                None => ", and neither has a tag, so grouping operations by tag cannot tell them apart".to_owned(),
            };
            return Err(Error::new(
                &op.source,
                format!(
                    "its {what} name `{name}` is already taken by {other}{place}; `x-speakeasy-name-override` can rename it"
                ),
            ));
        }
        if scope.is_none() {
            taken.insert(
                op.method_name.clone(),
                format!("the operation at {} (method `{}`)", op.source, op.method_name),
            );
        }
    }
    Ok((groups, taken))
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
