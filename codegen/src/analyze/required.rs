//! How `new` takes a model's required fields (those whose Rust type is not an `Option`): none, one as
//! its argument, or several, named in a struct of their own (`{Model}Required`, public fields), so
//! that two of one type (a posting's `source` and `destination`) cannot be swapped at the call site.
//! A new optional field stays a new setter; a new required field is a new field of that struct, a
//! breaking change, as it is on the wire.

use std::collections::BTreeSet;

use crate::ir::{BodyEncoding, Operation, TypeKind, TypeRef, TypeTable};
use crate::naming;

/// Names the required-fields struct of every struct (models and multipart forms) whose `new` takes
/// more than one field. Models claim names first, by name, then forms in the order of their names;
/// a name a type already has is numbered (`FooRequired2`).
pub(super) fn name_required_structs(defs: &mut TypeTable, operations: &mut [Operation]) {
    let mut taken: BTreeSet<String> = defs.iter().map(|def| def.name.clone()).collect();
    let mut forms: Vec<(&String, usize)> = operations
        .iter()
        .enumerate()
        .filter_map(|(i, op)| match op.body.as_ref()? {
            body @ crate::ir::Body { ty: TypeRef::Named(name), encoding: BodyEncoding::Multipart(_), .. } => {
                Some((name, i)).filter(|_| body.form_fields().iter().filter(|f| f.required).count() > 1)
            }
            _ => None,
        })
        .collect();
    taken.extend(forms.iter().map(|(name, _)| (*name).clone()));
    let mut claim = |model: &str| {
        let wanted = naming::required_struct_name(model);
        let name = match taken.contains(&wanted) {
            true => naming::numbered_type_name(&wanted, |candidate| taken.contains(candidate)),
            false => wanted,
        };
        taken.insert(name.clone());
        name
    };
    let models: Vec<String> = defs
        .iter()
        .filter(|def| matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().filter(|f| !f.optional()).count() > 1))
        .map(|def| def.name.clone())
        .collect();
    for model in models {
        let name = claim(&model);
        if let Some(TypeKind::Struct(s)) = defs.get_mut(&model).map(|def| &mut def.kind) {
            s.required_struct = Some(name);
        }
    }
    forms.sort();
    let forms: Vec<(String, usize)> = forms.into_iter().map(|(name, i)| (name.clone(), i)).collect();
    for (form, i) in forms {
        let name = claim(&form);
        if let Some(body) = operations[i].body.as_mut() {
            body.required_struct = Some(name);
        }
    }
}
