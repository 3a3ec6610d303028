//! Where each named type travels: in requests (parameters, bodies), in responses (success and error
//! bodies), or both, following fields, union members, aliases, lists and maps transitively. The
//! emitter gives the models users build (sent in requests, or used by no operation) a constructor and
//! setters, and api-diff reads a change to a model through the same facts: a new required field
//! breaks the constructor of a request model but only adds a readable field to a response model.

use std::collections::BTreeSet;

use crate::ir::{ErrorBody, Operation, TypeRef, TypeTable};

/// Sets the `usage` of every type of `defs`; types no operation reaches keep the default (neither).
/// `sent` names more types sent in requests (by the crate's hand-written code).
pub(super) fn mark(defs: &mut TypeTable, operations: &[Operation], error_body: &TypeRef, sent: &[&str]) {
    let sent: Vec<TypeRef> = sent.iter().map(|name| TypeRef::Named((*name).to_owned())).collect();
    let mut requests: Vec<&TypeRef> = sent.iter().collect();
    let mut responses = vec![error_body];
    for op in operations {
        requests.extend(op.params.iter().map(|p| &p.ty));
        requests.extend(op.body.iter().map(|b| &b.ty));
        requests.extend(op.body.iter().flat_map(|b| b.form_fields()).map(|f| &f.ty));
        responses.extend(op.response.iter().map(|r| &r.ty));
        responses.extend(op.response_headers.iter().map(|h| &h.ty));
        match &op.error_body {
            ErrorBody::One(ty) => responses.push(ty),
            ErrorBody::PerStatus(e) => responses.extend(e.variants.iter().map(|v| &v.ty)),
            ErrorBody::NotJson => {}
        }
    }
    let in_requests = reachable(&requests, defs);
    let in_responses = reachable(&responses, defs);
    for def in defs.iter_mut() {
        def.usage.request = in_requests.contains(&def.name);
        def.usage.response = in_responses.contains(&def.name);
    }
}

fn reachable(roots: &[&TypeRef], defs: &TypeTable) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&TypeRef> = roots.to_vec();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::List(inner) | TypeRef::Map(inner) => stack.push(inner),
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                if let Some(def) = defs.get(name) {
                    stack.extend(def.kind.held());
                }
            }
            _ => {}
        }
    }
    seen
}
