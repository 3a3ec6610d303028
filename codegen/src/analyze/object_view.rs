//! The properties of an object schema, or of every member of an `allOf`, gathered in one list.

use openapiv3::AdditionalProperties;

use super::schema_kind::ObjectParts;
use crate::error::{Error, Result, pointer};
use crate::spec::SchemaRef;

/// One property of an object view, with the type name its inline schema would get.
pub(super) struct Prop<'a> {
    pub wire: &'a str,
    pub schema: SchemaRef<'a>,
    pub owner: String,
    pub at: String,
}

/// The properties of an object schema, or of all the members of an `allOf`, merged.
#[derive(Default)]
pub(super) struct ObjectView<'a> {
    pub props: Vec<Prop<'a>>,
    pub required: Vec<String>,
    /// Where each of `required` is listed first (`.../required/0`), for a warning when no part
    /// declares it.
    pub required_at: Vec<String>,
    /// A part allows keys beside its properties (`additionalProperties` other than `false`).
    pub additional: bool,
}

impl<'a> ObjectView<'a> {
    pub fn add_parts(&mut self, parts: ObjectParts<'a>, owner: &str, at: &str) -> Result<()> {
        self.additional |= !matches!(parts.additional, None | Some(AdditionalProperties::Any(false)));
        for (wire, schema) in parts.properties {
            let prop = Prop {
                wire,
                schema: schema.into(),
                owner: owner.to_owned(),
                at: pointer(&pointer(at, "properties"), wire),
            };
            match self.props.iter().find(|p| p.wire == wire.as_str()) {
                Some(existing) if same_on_the_wire(existing.schema, prop.schema) => {}
                Some(existing) => {
                    return Err(Error::new(
                        prop.at,
                        format!("property `{wire}` is also declared at {} with a different schema", existing.at),
                    ));
                }
                None => self.props.push(prop),
            }
        }
        self.add_required(parts.required, at);
        Ok(())
    }

    /// Makes these properties, listed by the schema at `at`, required (those not declared yet too: a
    /// later member may declare them).
    pub fn add_required(&mut self, names: &[String], at: &str) {
        let list_at = pointer(at, "required");
        for (i, name) in names.iter().enumerate() {
            if !self.required.contains(name) {
                self.required.push(name.clone());
                self.required_at.push(pointer(&list_at, i));
            }
        }
    }

    /// The required names no part declares as a property, each with where it is listed.
    pub fn undeclared_required(&self) -> impl Iterator<Item = (&str, &str)> {
        self.required
            .iter()
            .zip(&self.required_at)
            .filter(|(name, _)| !self.props.iter().any(|p| p.wire == name.as_str()))
            .map(|(name, at)| (name.as_str(), at.as_str()))
    }

    /// Leaves out the property `wire` (a union's discriminator, which the variant gives).
    pub fn remove(&mut self, wire: &str) {
        self.props.retain(|p| p.wire != wire);
        if let Some(i) = self.required.iter().position(|r| r == wire) {
            self.required.remove(i);
            self.required_at.remove(i);
        }
    }
}

/// Two declarations of a property agree when they differ at most in documentation.
fn same_on_the_wire(a: SchemaRef<'_>, b: SchemaRef<'_>) -> bool {
    a == b || wire_form(a) == wire_form(b)
}

/// A schema as JSON without its documentation: two schemas with the same form are one on the wire.
pub(super) fn wire_form(schema: SchemaRef<'_>) -> serde_json::Value {
    let mut value = match schema {
        SchemaRef::Ref(reference) => serde_json::json!({ "$ref": reference }),
        SchemaRef::Item(schema) => serde_json::to_value(schema).unwrap_or_default(),
    };
    strip_docs(&mut value);
    value
}

/// Removes documentation keywords, but not properties that happen to be named like one.
fn strip_docs(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for key in ["description", "title", "example", "examples", "externalDocs"] {
                map.remove(key);
            }
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("properties", serde_json::Value::Object(properties)) => {
                        properties.values_mut().for_each(strip_docs)
                    }
                    (_, child) => strip_docs(child),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_docs),
        _ => {}
    }
}
