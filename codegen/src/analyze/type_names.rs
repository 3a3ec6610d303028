//! Which Rust name each named type gets. Component schemas own their names, decided up front from
//! the whole set of them (`naming::component_type_names`); an inline schema claims the name built
//! from where it appears, and yields with a suffix when a component has it. No result depends on the
//! order the analysis meets the schemas in.

use std::collections::BTreeMap;

use crate::error::{Error, Result, pointer};
use crate::naming::{self, ComponentName};

pub(super) struct TypeNames {
    /// Spec name -> Rust name, for every schema of `#/components/schemas`.
    components: BTreeMap<String, ComponentName>,
    /// Rust name -> pointer of the component schema that owns it, and why it is named so.
    owners: BTreeMap<String, (String, Option<String>)>,
    /// (wanted name, source pointer) -> the name given, for inline schemas.
    claims: BTreeMap<(String, String), Claimed>,
    /// A name given to an inline schema -> its source pointer, and its form on the wire when the
    /// schema may share its type with an identical one (see [`TypeNames::claim_shareable`]).
    inline: BTreeMap<String, (String, Option<serde_json::Value>)>,
}

/// The name an inline schema gets, and why it is not the one it wanted, if it is not.
#[derive(Clone)]
pub(super) struct Claimed {
    pub name: String,
    pub note: Option<String>,
    /// The name is that of the type of another inline schema, identical on the wire, at this pointer:
    /// both are one type.
    pub shared_with: Option<String>,
}

impl TypeNames {
    pub fn new<'a>(component_names: impl IntoIterator<Item = &'a str>) -> Self {
        let components: BTreeMap<String, ComponentName> = naming::component_type_names(component_names)
            .into_iter()
            .map(|(spec, name)| (spec.to_owned(), name))
            .collect();
        let owners = components
            .iter()
            .map(|(spec, name)| (name.rust.clone(), (pointer("#/components/schemas", spec), name.note.clone())))
            .collect();
        Self { components, owners, claims: BTreeMap::new(), inline: BTreeMap::new() }
    }

    /// The Rust name of the component schema `name` (`#/components/schemas/{name}`).
    pub fn component(&self, name: &str) -> String {
        // Every `$ref` was checked to resolve when the spec was loaded.
        self.components.get(name).map_or_else(|| naming::type_name(name), |c| c.rust.clone())
    }

    /// Why the component schema `name` is named as it is, when it collides with another.
    pub fn component_note(&self, name: &str) -> Option<&str> {
        self.components.get(name).and_then(|c| c.note.as_deref())
    }

    /// The name of the type defined for the schema at `source`, which wants `wanted`: a component's
    /// own name, the wanted name when no component has it, else the wanted name with a suffix.
    /// Two inline schemas that want the same name are refused (with the greater pointer as location,
    /// so that the error does not depend on which one was met first).
    pub fn claim(&mut self, wanted: &str, source: &str) -> Result<Claimed> {
        self.claim_shareable(wanted, source, None)
    }

    /// As [`claim`](Self::claim), for a schema whose form on the wire (without its documentation) is
    /// `wire`: when another inline schema wants the same name and is identical on the wire (two query
    /// parameters with one enum, such as `balanceOperator` and its deprecated `balance_operator`),
    /// both are one type, named once, rather than refused.
    pub fn claim_shareable(&mut self, wanted: &str, source: &str, wire: Option<serde_json::Value>) -> Result<Claimed> {
        if let Some((owner, note)) = self.owners.get(wanted)
            && owner == source
        {
            return Ok(Claimed { name: wanted.to_owned(), note: note.clone(), shared_with: None });
        }
        let key = (wanted.to_owned(), source.to_owned());
        if let Some(claimed) = self.claims.get(&key) {
            return Ok(claimed.clone());
        }
        let claimed = match self.owners.get(wanted) {
            None => Claimed { name: wanted.to_owned(), note: None, shared_with: None },
            Some((owner, _)) => {
                let name = naming::inline_beside_component(wanted);
                let note = format!("Named `{name}` because `{wanted}` is the schema `{owner}`.");
                Claimed { name, note: Some(note), shared_with: None }
            }
        };
        let other_owner = self.owners.get(&claimed.name).map(|(owner, _)| owner).filter(|owner| *owner != source);
        if other_owner.is_none()
            && let Some((other, Some(other_wire))) = self.inline.get(&claimed.name)
            && other != source
            && wire.as_ref() == Some(other_wire)
        {
            let shared = Claimed { shared_with: Some(other.clone()), ..claimed };
            self.claims.insert(key, shared.clone());
            return Ok(shared);
        }
        let other_inline = self.inline.get(&claimed.name).map(|(other, _)| other).filter(|other| *other != source);
        if let Some(other) = other_owner.or(other_inline) {
            let (first, second) =
                if other.as_str() < source { (other.as_str(), source) } else { (source, other.as_str()) };
            return Err(Error::new(
                second,
                format!(
                    "the schema here and the one at {first} both get the Rust name `{}` (inline schemas are named \
                     after where they appear); make one of them a `$ref` to a named schema",
                    claimed.name
                ),
            ));
        }
        self.inline.insert(claimed.name.clone(), (source.to_owned(), wire));
        self.claims.insert(key, claimed.clone());
        Ok(claimed)
    }
}
