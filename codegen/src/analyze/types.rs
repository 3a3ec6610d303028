//! Schemas to Rust types: names every type, maps formats; `allOf` shapes are in `all_of.rs`, unions
//! in `unions.rs`, and how names are given in `type_names.rs`.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};

use super::all_of::{self, AllOfShape};
use super::derived::{box_recursive_fields, check_alias_cycles, derive_defaults};
use super::object_view::{ObjectView, wire_form};
use super::schema_kind::{Kind, format_of, integer_type, kind, string_type};
use super::type_names::{Claimed, Settled, TypeNames};
use crate::error::{Error, Result, Warning, pointer};
use crate::ir::{
    EnumVariant, Field, StringEnum, Struct, TypeDef, TypeKind, TypeRef, TypeTable, UNKNOWN_VARIANT, Usage,
};
use crate::naming;
use crate::spec::{Components, SchemaRef, ref_name};

pub struct Types<'a> {
    pub(super) components: Components<'a>,
    pub(super) defs: TypeTable,
    pub(super) names: TypeNames,
    /// The spec's mistakes met so far, read all the same (sorted, each once).
    pub(super) warnings: BTreeSet<Warning>,
}

impl<'a> Types<'a> {
    /// The types of one pass of the analysis; `settled` are the names an earlier pass settled for
    /// inline schemas that collide (see `type_names.rs`).
    pub fn new(components: Components<'a>, settled: Settled) -> Self {
        Self {
            components,
            defs: TypeTable::default(),
            names: TypeNames::new(components.schema_names(), settled),
            warnings: BTreeSet::new(),
        }
    }

    /// The names the next pass must give colliding inline schemas, if this pass met any.
    pub fn settled(&self) -> Option<Settled> {
        self.names.settled()
    }

    /// Defines a type for every schema of `#/components/schemas`.
    pub fn add_component(&mut self, name: &str, schema: &'a ReferenceOr<Schema>) -> Result<()> {
        let at = pointer("#/components/schemas", name);
        let rust_name = self.names.component(name);
        match schema {
            ReferenceOr::Reference { reference } => {
                let target = self.names.component(ref_name(reference));
                // The link to the target is the emitter's to write (see `emit::models`): docs here are text.
                let doc = self.names.component_note(name).map(str::to_owned);
                self.insert(TypeDef {
                    name: rust_name,
                    source: at,
                    doc,
                    kind: TypeKind::Alias(TypeRef::Named(target)),
                    usage: Usage::default(),
                })
            }
            ReferenceOr::Item(schema) => self.define(&rust_name, schema, &at).map(drop),
        }
    }

    /// The Rust type of a schema used in place, defining a named type for it when it needs one.
    pub fn type_ref(&mut self, schema: SchemaRef<'a>, name: &str, at: &str) -> Result<TypeRef> {
        let schema = match schema {
            SchemaRef::Ref(reference) => return Ok(TypeRef::Named(self.names.component(ref_name(reference)))),
            SchemaRef::Item(schema) => schema,
        };
        Ok(match kind(schema, at)? {
            Kind::String { values, .. } if !values.is_empty() => self.named(name, schema, at)?,
            Kind::String { format, .. } => string_type(format.as_deref()),
            Kind::Integer { format, minimum } => integer_type(format.as_deref(), minimum),
            Kind::Number => TypeRef::F64,
            Kind::Boolean => TypeRef::Bool,
            Kind::Array { items: None } => TypeRef::List(Box::new(TypeRef::Json)),
            Kind::Array { items: Some(items) } => {
                let item = self.type_ref(items.into(), &naming::item_type_name(name), &pointer(at, "items"))?;
                TypeRef::List(Box::new(item))
            }
            Kind::Object(parts) if parts.properties.is_empty() => self.map_type(parts.additional, name, at)?,
            Kind::AllOf(members, extra) => match all_of::shape(&self.components, members, extra, at)? {
                AllOfShape::Object => self.named(name, schema, at)?,
                // A wrapper is its member, wherever it is used (its docs go to the field or variant).
                AllOfShape::Wrapper(member, member_at) => self.type_ref(member, name, &member_at)?,
                AllOfShape::Empty => TypeRef::Json,
            },
            Kind::Object(_) | Kind::OneOf(..) | Kind::AnyOf(..) => self.named(name, schema, at)?,
            Kind::Any => TypeRef::Json,
        })
    }

    fn named(&mut self, name: &str, schema: &'a Schema, at: &str) -> Result<TypeRef> {
        Ok(TypeRef::Named(self.define(name, schema, at)?))
    }

    /// The named types defined so far.
    pub fn defs(&self) -> &TypeTable {
        &self.defs
    }

    /// The schema body a schema in place stands for, following references.
    pub fn resolved(&self, schema: SchemaRef<'a>, at: &str) -> Result<&'a Schema> {
        Ok(self.components.resolve(schema, at)?.1)
    }

    /// Whether `null` is a valid value, following references.
    pub fn nullable(&self, schema: SchemaRef<'a>, at: &str) -> Result<bool> {
        Ok(self.components.resolve(schema, at)?.1.schema_data.nullable)
    }

    /// Named types, with what needs every type known worked out; aliases that loop are refused.
    pub fn finish(&mut self) -> Result<TypeTable> {
        let mut defs = std::mem::take(&mut self.defs);
        check_alias_cycles(&defs)?;
        box_recursive_fields(&mut defs);
        derive_defaults(&mut defs);
        Ok(defs)
    }

    fn insert(&mut self, def: TypeDef) -> Result<()> {
        match self.defs.get(&def.name) {
            Some(existing) if existing.source == def.source => Ok(()),
            Some(existing) => Err(Error::new(
                def.source,
                format!("its Rust name `{}` is already taken by the type from {}", def.name, existing.source),
            )),
            None => {
                self.defs.insert(def);
                Ok(())
            }
        }
    }

    /// Defines the named type for a schema body at `at`, which wants the name `wanted`; returns the
    /// name it got (see `type_names.rs`).
    fn define(&mut self, wanted: &str, schema: &'a Schema, at: &str) -> Result<String> {
        let wire = wire_form(SchemaRef::Item(schema));
        let Claimed { name, note, shared_with } = self.names.claim_shareable(wanted, at, Some(wire))?;
        if self.defs.get(&name).is_some_and(|existing| existing.source == at) {
            return Ok(name);
        }
        // One type for identical schemas, described by the one whose pointer sorts first, so that its
        // docs do not depend on the order the analysis meets them in.
        if shared_with.as_deref().is_some_and(|first| first < at) {
            return Ok(name);
        }
        let (kind, doc) = self.type_kind(&name, schema, at)?;
        let doc = join_docs(doc, note);
        match self.defs.get_mut(&name) {
            Some(existing) if shared_with.is_some() => {
                existing.source = at.to_owned();
                existing.doc = doc;
                existing.kind = kind;
            }
            _ => {
                self.insert(TypeDef { name: name.clone(), source: at.to_owned(), doc, kind, usage: Usage::default() })?
            }
        }
        Ok(name)
    }

    /// Defines the named type `claimed` as the struct of `view`.
    pub(super) fn define_struct(
        &mut self,
        claimed: Claimed,
        view: ObjectView<'a>,
        at: &str,
        doc: Option<String>,
    ) -> Result<TypeRef> {
        let Claimed { name, note, .. } = claimed;
        if self.defs.get(&name).is_none_or(|existing| existing.source != at) {
            let (fields, extra_keys) = self.build_struct(view)?;
            let doc = join_docs(join_docs(doc, extra_keys), note);
            self.insert(TypeDef {
                name: name.clone(),
                source: at.to_owned(),
                doc,
                kind: TypeKind::Struct(fields),
                usage: Usage::default(),
            })?;
        }
        Ok(TypeRef::Named(name))
    }

    /// What the named type `name` is for a schema body, and its docs.
    fn type_kind(&mut self, name: &str, schema: &'a Schema, at: &str) -> Result<(TypeKind, Option<String>)> {
        let mut doc = schema_doc(schema);
        if let Some((variants, lines)) = string_enum_members(schema, at)? {
            let lines = (!lines.is_empty()).then(|| lines.join("\n"));
            return Ok((TypeKind::Enum(StringEnum { variants }), join_docs(doc, lines)));
        }
        let kind = match kind(schema, at)? {
            Kind::String { values, .. } if !values.is_empty() => {
                // A value listed twice is one variant.
                let mut unique: Vec<&str> = Vec::with_capacity(values.len());
                for value in values {
                    if !unique.contains(&value) {
                        unique.push(value);
                    }
                }
                let names = naming::variant_names(unique.iter().copied(), &[UNKNOWN_VARIANT]);
                let variants = names
                    .into_iter()
                    .zip(unique)
                    .map(|(rust_name, wire)| EnumVariant { rust_name, wire: wire.to_owned() })
                    .collect();
                TypeKind::Enum(StringEnum { variants })
            }
            Kind::Object(parts) if !parts.properties.is_empty() => {
                let mut view = ObjectView::default();
                view.add_parts(parts, name, at)?;
                let (fields, extra_keys) = self.build_struct(view)?;
                doc = join_docs(doc, extra_keys);
                TypeKind::Struct(fields)
            }
            Kind::AllOf(members, extra) => match all_of::shape(&self.components, members, extra, at)? {
                AllOfShape::Object => {
                    let mut view = ObjectView::default();
                    for (i, member) in members.iter().enumerate() {
                        self.merge_into(&mut view, member.into(), name, &pointer(&pointer(at, "allOf"), i))?;
                    }
                    if let Some(parts) = extra {
                        view.add_parts(parts, name, at)?;
                    }
                    let (fields, extra_keys) = self.build_struct(view)?;
                    doc = join_docs(doc, extra_keys);
                    TypeKind::Struct(fields)
                }
                // The named type is the member itself, documented by the wrapper.
                AllOfShape::Wrapper(SchemaRef::Item(member), member_at) => {
                    let (kind, member_doc) = self.type_kind(name, member, &member_at)?;
                    return Ok((kind, doc.or(member_doc)));
                }
                AllOfShape::Wrapper(member, member_at) => TypeKind::Alias(self.type_ref(member, name, &member_at)?),
                AllOfShape::Empty => TypeKind::Alias(TypeRef::Json),
            },
            Kind::OneOf(members, shared) => {
                let (kind, extra_keys) = self.union_kind(name, schema, members, shared, at, "oneOf")?;
                doc = join_docs(doc, extra_keys);
                kind
            }
            Kind::AnyOf(members, shared) => {
                let (kind, extra_keys) = self.union_kind(name, schema, members, shared, at, "anyOf")?;
                doc = join_docs(doc, extra_keys);
                kind
            }
            _ => TypeKind::Alias(self.type_ref(SchemaRef::Item(schema), name, at)?),
        };
        Ok((kind, doc))
    }

    /// Adds the properties of one `allOf` member (or union member) to `view`.
    pub(super) fn merge_into(
        &self,
        view: &mut ObjectView<'a>,
        member: SchemaRef<'a>,
        owner: &str,
        at: &str,
    ) -> Result<()> {
        let (component, schema) = self.components.resolve(member, at)?;
        let (owner, at) = match component {
            Some(component) => (self.names.component(component), pointer("#/components/schemas", component)),
            None => (owner.to_owned(), at.to_owned()),
        };
        match kind(schema, &at)? {
            Kind::Object(parts) => view.add_parts(parts, &owner, &at),
            Kind::AllOf(members, extra) => {
                for (i, member) in members.iter().enumerate() {
                    self.merge_into(view, member.into(), &owner, &pointer(&pointer(&at, "allOf"), i))?;
                }
                match extra {
                    Some(parts) => view.add_parts(parts, &owner, &at),
                    None => Ok(()),
                }
            }
            Kind::Any => {
                // A member such as `{required: [a]}` only makes declared properties required.
                if let SchemaKind::Any(any) = &schema.schema_kind {
                    view.add_required(&any.required, &at);
                }
                Ok(())
            }
            _ => Err(Error::new(at, "this `allOf` member is not an object schema; only objects can be merged")),
        }
    }

    /// The struct of an object view, and a doc note when the spec allows keys it does not keep.
    pub(super) fn build_struct(&mut self, view: ObjectView<'a>) -> Result<(Struct, Option<String>)> {
        for (name, at) in view.undeclared_required() {
            self.warnings.insert(Warning::new(
                at,
                format!("`{name}` is listed as required, but no property `{name}` is declared: it is left out"),
            ));
        }
        let mut fields: Vec<Field> = Vec::with_capacity(view.props.len());
        let names = naming::unique_idents(view.props.iter().map(|p| naming::value_name(p.wire)), &[]);
        let setters = naming::setter_names(&names);
        for ((prop, rust_name), setter) in view.props.iter().zip(names).zip(setters) {
            let ty = self.type_ref(prop.schema, &naming::child_type_name(&prop.owner, prop.wire), &prop.at)?;
            let (doc, format) = match prop.schema {
                SchemaRef::Item(schema) => (schema.schema_data.description.clone(), format_of(schema)),
                SchemaRef::Ref(_) => (None, None),
            };
            fields.push(Field {
                rust_name,
                wire_name: prop.wire.to_owned(),
                ty,
                required: view.required.iter().any(|r| r == prop.wire),
                nullable: self.nullable(prop.schema, &prop.at)?,
                boxed: false,
                doc,
                format,
                setter,
                into: false,
            });
        }
        let extra_keys = view.additional.then(|| {
            "The spec also allows keys beside these properties (`additionalProperties`); this struct does not keep \
             them."
                .to_owned()
        });
        Ok((Struct { fields, default: false, tag: None, required_struct: None }, extra_keys))
    }

    fn map_type(&mut self, additional: Option<&'a AdditionalProperties>, name: &str, at: &str) -> Result<TypeRef> {
        let Some(AdditionalProperties::Schema(value)) = additional else {
            return Ok(TypeRef::JsonObject);
        };
        let value_at = pointer(at, "additionalProperties");
        let value_ty = self.type_ref(value.as_ref().into(), &naming::map_value_type_name(name), &value_at)?;
        Ok(match value_ty {
            TypeRef::Json => TypeRef::JsonObject,
            other => TypeRef::Map(Box::new(other)),
        })
    }
}

/// A schema's own docs: its description, else its title.
pub(super) fn schema_doc(schema: &Schema) -> Option<String> {
    schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone())
}

/// Two doc texts as paragraphs of one.
pub(super) fn join_docs(doc: Option<String>, note: Option<String>) -> Option<String> {
    match (doc, note) {
        (Some(doc), Some(note)) => Some(format!("{}\n\n{note}", doc.trim_end())),
        (doc, note) => doc.or(note),
    }
}

/// A `oneOf` or `anyOf` whose members are all inline string enums (sort modes written one value
/// per member, each with its own description) is the string enum of all their values, in order:
/// its variants, and a list of the members' descriptions for the type's docs.
fn string_enum_members(schema: &Schema, at: &str) -> Result<Option<(Vec<EnumVariant>, Vec<String>)>> {
    let (members, list) = match kind(schema, at)? {
        Kind::OneOf(members, _) => (members, "oneOf"),
        Kind::AnyOf(members, _) => (members, "anyOf"),
        _ => return Ok(None),
    };
    let mut values: Vec<&str> = Vec::new();
    let mut docs = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let ReferenceOr::Item(member) = member else { return Ok(None) };
        let Kind::String { values: member_values, .. } = kind(member, &pointer(&pointer(at, list), i))? else {
            return Ok(None);
        };
        if member_values.is_empty() || member.schema_data.nullable {
            return Ok(None);
        }
        if let Some(text) = &member.schema_data.description {
            let wires: Vec<String> = member_values.iter().map(|v| format!("`{v}`")).collect();
            docs.push(format!("- {}: {}", wires.join(", "), text.trim()));
        }
        for value in member_values {
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    if values.is_empty() {
        return Ok(None);
    }
    let names = naming::variant_names(values.iter().copied(), &[UNKNOWN_VARIANT]);
    let variants =
        names.into_iter().zip(values).map(|(rust_name, wire)| EnumVariant { rust_name, wire: wire.to_owned() });
    Ok(Some((variants.collect(), docs)))
}
