//! Where each named type travels: in requests (parameters, bodies), in responses (success and error
//! bodies), or both, following fields, union members, aliases, lists and maps transitively.
//! The direction decides what a change to a model means: a new required field breaks the constructor
//! of a request model but only adds a readable field to a response model.

use std::collections::BTreeMap;

use crate::ir::{Api, ErrorBody, TypeDef, TypeKind, TypeRef};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

impl Usage {
    pub fn either(self, other: Usage) -> Usage {
        Usage { request: self.request || other.request, response: self.response || other.response }
    }

    /// A type no operation uses can still be built and read by users: every rule applies to it.
    pub fn or_both(self) -> Usage {
        if self.request || self.response { self } else { Usage { request: true, response: true } }
    }
}

/// The usage of every named type of `api`; types no operation reaches are absent.
pub fn usages(api: &Api) -> BTreeMap<String, Usage> {
    let defs: BTreeMap<&str, &TypeDef> = api.types.iter().map(|d| (d.name.as_str(), d)).collect();
    let mut requests = Vec::new();
    let mut responses = vec![&api.error_body];
    for op in &api.operations {
        requests.extend(op.params.iter().map(|p| &p.ty));
        requests.extend(op.body.iter().map(|b| &b.ty));
        requests.extend(op.body.iter().flat_map(|b| b.form_fields()).map(|f| &f.ty));
        responses.extend(op.response.iter().map(|r| &r.ty));
        match &op.error_body {
            ErrorBody::One(ty) => responses.push(ty),
            ErrorBody::PerStatus(e) => responses.extend(e.variants.iter().map(|v| &v.ty)),
        }
    }
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    for name in reachable(&requests, &defs) {
        usage.entry(name).or_default().request = true;
    }
    for name in reachable(&responses, &defs) {
        usage.entry(name).or_default().response = true;
    }
    usage
}

fn reachable(roots: &[&TypeRef], defs: &BTreeMap<&str, &TypeDef>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut stack: Vec<&TypeRef> = roots.to_vec();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::List(inner) | TypeRef::Map(inner) => stack.push(inner),
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                match defs.get(name.as_str()).map(|d| &d.kind) {
                    Some(TypeKind::Struct(s)) => stack.extend(s.fields.iter().map(|f| &f.ty)),
                    Some(TypeKind::Union(u)) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    Some(TypeKind::Alias(target)) => stack.push(target),
                    Some(TypeKind::Enum(_)) | None => {}
                }
            }
            _ => {}
        }
    }
    seen.into_iter().collect()
}
