//! Which Rust name each named type gets. Component schemas own their names, decided up front from
//! the whole set of them (`naming::component_type_names`); an inline schema claims the name built
//! from where it appears, and yields with a suffix when a component has it. Two inline schemas that
//! want one name (and are not identical, which share it) are numbered: the one whose pointer sorts
//! first keeps the name, the others get the next free number. Which is first is only known once
//! every schema has been met, so a pass that meets such a collision names them provisionally and
//! tells the analysis to run again with the names settled ([`TypeNames::settled`]). No result
//! depends on the order the analysis meets the schemas in.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Result, pointer};
use crate::naming::{self, ComponentName};

pub(super) struct TypeNames {
    /// Spec name -> Rust name, for every schema of `#/components/schemas`.
    components: BTreeMap<String, ComponentName>,
    /// Rust name -> pointer of the component schema that owns it, and why it is named so.
    owners: BTreeMap<String, (String, Option<String>)>,
    /// (wanted name, source pointer) -> the name given, for inline schemas.
    claims: BTreeMap<(String, String), Claimed>,
    /// A name given to an inline schema -> its source pointer, the name it wanted, and its form on
    /// the wire when the schema may share its type with an identical one (see
    /// [`TypeNames::claim_shareable`]).
    inline: BTreeMap<String, (String, String, Option<serde_json::Value>)>,
    /// Names settled by an earlier pass, for inline schemas that collide: (wanted name, source
    /// pointer) -> the name, and why.
    settled: Settled,
    /// The inline schemas of this pass that want a name another one wants too: the name -> (source
    /// pointer, wanted name) of each.
    collisions: BTreeMap<String, BTreeSet<(String, String)>>,
}

/// Names settled for colliding inline schemas: (wanted name, source pointer) -> (name, note).
pub(super) type Settled = BTreeMap<(String, String), (String, String)>;

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
    pub fn new<'a>(component_names: impl IntoIterator<Item = &'a str>, settled: Settled) -> Self {
        let components: BTreeMap<String, ComponentName> = naming::component_type_names(component_names)
            .into_iter()
            .map(|(spec, name)| (spec.to_owned(), name))
            .collect();
        let owners = components
            .iter()
            .map(|(spec, name)| (name.rust.clone(), (pointer("#/components/schemas", spec), name.note.clone())))
            .collect();
        Self {
            components,
            owners,
            claims: BTreeMap::new(),
            inline: BTreeMap::new(),
            settled,
            collisions: BTreeMap::new(),
        }
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
        if let Some((name, note)) = self.settled.get(&key) {
            let claimed = Claimed { name: name.clone(), note: Some(note.clone()), shared_with: None };
            self.inline.insert(name.clone(), (source.to_owned(), wanted.to_owned(), None));
            self.claims.insert(key, claimed.clone());
            return Ok(claimed);
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
            && let Some((other, _, Some(other_wire))) = self.inline.get(&claimed.name)
            && other != source
            && wire.as_ref() == Some(other_wire)
        {
            let shared = Claimed { shared_with: Some(other.clone()), ..claimed };
            self.claims.insert(key, shared.clone());
            return Ok(shared);
        }
        let other_inline = self.inline.get(&claimed.name).filter(|(other, ..)| other != source);
        let claimed = match (other_owner, other_inline) {
            (None, None) => claimed,
            (_, other) => {
                // Settled by the next pass; until then, a name of its own.
                let set = self.collisions.entry(claimed.name.clone()).or_default();
                set.insert((source.to_owned(), wanted.to_owned()));
                if let Some((other, other_wanted, _)) = other {
                    set.insert((other.clone(), other_wanted.clone()));
                }
                let name = naming::numbered_type_name(&claimed.name, |candidate| {
                    self.owners.contains_key(candidate) || self.inline.contains_key(candidate)
                });
                Claimed { name, note: None, shared_with: None }
            }
        };
        self.inline.insert(claimed.name.clone(), (source.to_owned(), wanted.to_owned(), wire));
        self.claims.insert(key, claimed.clone());
        Ok(claimed)
    }

    /// The names the next pass gives the inline schemas of this pass that want a name another one
    /// wants too (with those an earlier pass settled), or `None` when there is none: for each name,
    /// the schema whose pointer sorts first keeps it (unless a component owns it), and the others get
    /// the next number that no component and no inline schema wants.
    pub fn settled(&self) -> Option<Settled> {
        if self.collisions.is_empty() {
            return None;
        }
        let mut settled = self.settled.clone();
        let wanted: BTreeSet<&str> = self.inline.values().map(|(_, wanted, _)| wanted.as_str()).collect();
        let mut given: BTreeSet<String> = BTreeSet::new();
        for (name, claimants) in &self.collisions {
            let mut sorted: Vec<&(String, String)> = claimants.iter().collect();
            sorted.sort();
            let keeps = !self.owners.contains_key(name);
            let first = sorted.first().map_or("", |(source, _)| source.as_str());
            for (i, (source, wanted_name)) in sorted.iter().enumerate() {
                let (rust, note) = if i == 0 && keeps {
                    (
                        name.clone(),
                        format!(
                            "Other inline schemas want the name `{name}` too; this one keeps it, its pointer sorting first."
                        ),
                    )
                } else {
                    let free = naming::numbered_type_name(name, |candidate| {
                        self.owners.contains_key(candidate) || wanted.contains(candidate) || given.contains(candidate)
                    });
                    let why = match keeps {
                        true => format!("the schema at {first}, which sorts first, is `{name}`"),
                        false => format!("`{name}` is the schema `{}`", self.owners.get(name).map_or("", |(o, _)| o)),
                    };
                    let note = format!("Named `{free}` because {why}.");
                    (free, note)
                };
                given.insert(rust.clone());
                settled.insert((wanted_name.clone(), source.clone()), (rust, note));
            }
        }
        Some(settled)
    }
}
