//! Schemas to Rust types: names every type, merges `allOf`, shapes unions, maps formats.

use std::collections::BTreeMap;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::derived::{box_recursive_fields, derive_defaults};
use super::object_view::ObjectView;
use super::schema_kind::{Kind, kind};
use crate::error::{Error, Result, pointer};
use crate::ir::{
    EnumVariant, Field, Shape, StringEnum, Struct, TypeDef, TypeKind, TypeRef, UNKNOWN_VARIANT, Union, UnionVariant,
};
use crate::naming;
use crate::spec::{Components, ref_name};

/// A schema as it appears in place: a `$ref` or a body, boxed or not.
#[derive(Clone, Copy, PartialEq)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Item(schema),
        }
    }
}

pub struct Types<'a> {
    components: Components<'a>,
    defs: BTreeMap<String, TypeDef>,
}

impl<'a> Types<'a> {
    pub fn new(components: Components<'a>) -> Self {
        Self { components, defs: BTreeMap::new() }
    }

    /// Defines a type for every schema of `#/components/schemas`.
    pub fn add_component(&mut self, name: &str, schema: &'a ReferenceOr<Schema>) -> Result<()> {
        let at = pointer("#/components/schemas", name);
        let rust_name = naming::type_name(name);
        match schema {
            ReferenceOr::Reference { reference } => {
                let target = naming::type_name(ref_name(reference));
                let doc = Some(format!("Another name for [`{target}`]."));
                self.insert(TypeDef { name: rust_name, source: at, doc, kind: TypeKind::Alias(TypeRef::Named(target)) })
            }
            ReferenceOr::Item(schema) => self.define(&rust_name, schema, &at),
        }
    }

    /// The Rust type of a schema used in place, defining a named type for it when it needs one.
    pub fn type_ref(&mut self, schema: SchemaRef<'a>, name: &str, at: &str) -> Result<TypeRef> {
        let schema = match schema {
            SchemaRef::Ref(reference) => return Ok(TypeRef::Named(naming::type_name(ref_name(reference)))),
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
                let item = self.type_ref(items.into(), &format!("{name}Item"), &pointer(at, "items"))?;
                TypeRef::List(Box::new(item))
            }
            Kind::Object(parts) if parts.properties.is_empty() => self.map_type(parts.additional, name, at)?,
            Kind::AllOf([single], None) if matches!(single, ReferenceOr::Reference { .. }) => {
                self.type_ref(single.into(), name, &pointer(at, "allOf/0"))?
            }
            Kind::Object(_) | Kind::AllOf(..) | Kind::OneOf(_) | Kind::AnyOf(_) => self.named(name, schema, at)?,
            Kind::Any => TypeRef::Json,
        })
    }

    fn named(&mut self, name: &str, schema: &'a Schema, at: &str) -> Result<TypeRef> {
        self.define(name, schema, at)?;
        Ok(TypeRef::Named(name.to_owned()))
    }

    /// The named type defined so far under `name`.
    pub fn def(&self, name: &str) -> Option<&TypeDef> {
        self.defs.get(name)
    }

    /// Whether `null` is a valid value, following references.
    pub fn nullable(&self, schema: SchemaRef<'a>, at: &str) -> Result<bool> {
        Ok(self.resolve(schema, at)?.1.schema_data.nullable)
    }

    /// Named types, with `Default` worked out now that every type is known.
    pub fn finish(mut self) -> BTreeMap<String, TypeDef> {
        box_recursive_fields(&mut self.defs);
        derive_defaults(&mut self.defs);
        self.defs
    }

    fn resolve(&self, schema: SchemaRef<'a>, at: &str) -> Result<(Option<&'a str>, &'a Schema)> {
        match schema {
            SchemaRef::Item(schema) => Ok((None, schema)),
            SchemaRef::Ref(reference) => {
                let target = self
                    .components
                    .schema(ref_name(reference))
                    .ok_or_else(|| Error::new(at, format!("`{reference}` does not resolve")))?;
                let (alias_target, schema) = self.components.resolve_schema(target, at)?;
                Ok((alias_target.or(Some(ref_name(reference))), schema))
            }
        }
    }

    fn insert(&mut self, def: TypeDef) -> Result<()> {
        match self.defs.get(&def.name) {
            Some(existing) if existing.source == def.source => Ok(()),
            Some(existing) => Err(Error::new(
                def.source,
                format!("its Rust name `{}` is already taken by the type from {}", def.name, existing.source),
            )),
            None => {
                self.defs.insert(def.name.clone(), def);
                Ok(())
            }
        }
    }

    /// Defines the named type `name` for a schema body.
    fn define(&mut self, name: &str, schema: &'a Schema, at: &str) -> Result<()> {
        if let Some(existing) = self.defs.get(name) {
            if existing.source == at {
                return Ok(());
            }
            return Err(Error::new(
                at,
                format!("its Rust name `{name}` is already taken by the type from {}", existing.source),
            ));
        }
        if let Some((variants, doc)) = string_enum_members(schema, at)? {
            let doc = doc_with(schema, doc);
            let kind = TypeKind::Enum(StringEnum { variants });
            return self.insert(TypeDef { name: name.to_owned(), source: at.to_owned(), doc, kind });
        }
        let kind = match kind(schema, at)? {
            Kind::String { values, .. } if !values.is_empty() => {
                let names = naming::variant_names(values.iter().copied(), &[UNKNOWN_VARIANT]);
                let variants = names
                    .into_iter()
                    .zip(values)
                    .map(|(rust_name, wire)| EnumVariant { rust_name, wire: wire.to_owned() })
                    .collect();
                TypeKind::Enum(StringEnum { variants })
            }
            Kind::Object(parts) if !parts.properties.is_empty() => {
                let mut view = ObjectView::default();
                view.add_parts(parts, name, at)?;
                TypeKind::Struct(self.build_struct(view)?)
            }
            Kind::AllOf([single], None) if matches!(single, ReferenceOr::Reference { .. }) => {
                TypeKind::Alias(self.type_ref(single.into(), name, &pointer(at, "allOf/0"))?)
            }
            Kind::AllOf(members, extra) => {
                let mut view = ObjectView::default();
                for (i, member) in members.iter().enumerate() {
                    self.merge_into(&mut view, member.into(), name, &pointer(&pointer(at, "allOf"), i))?;
                }
                if let Some(parts) = extra {
                    view.add_parts(parts, name, at)?;
                }
                TypeKind::Struct(self.build_struct(view)?)
            }
            Kind::OneOf(members) => TypeKind::Union(self.build_union(name, schema, members, &pointer(at, "oneOf"))?),
            Kind::AnyOf(members) => TypeKind::Union(self.build_union(name, schema, members, &pointer(at, "anyOf"))?),
            _ => TypeKind::Alias(self.type_ref(SchemaRef::Item(schema), name, at)?),
        };
        let doc = schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone());
        self.insert(TypeDef { name: name.to_owned(), source: at.to_owned(), doc, kind })
    }

    /// Adds the properties of one `allOf` member to `view`.
    fn merge_into(&self, view: &mut ObjectView<'a>, member: SchemaRef<'a>, owner: &str, at: &str) -> Result<()> {
        let (component, schema) = self.resolve(member, at)?;
        let (owner, at) = match component {
            Some(component) => (naming::type_name(component), pointer("#/components/schemas", component)),
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
            Kind::Any => Ok(()),
            _ => Err(Error::new(at, "this `allOf` member is not an object schema; only objects can be merged")),
        }
    }

    fn build_struct(&mut self, view: ObjectView<'a>) -> Result<Struct> {
        let mut fields: Vec<Field> = Vec::with_capacity(view.props.len());
        let names = naming::unique(view.props.iter().map(|p| naming::value_name(p.wire)), &[]);
        for (prop, rust_name) in view.props.iter().zip(names) {
            let ty = self.type_ref(prop.schema, &naming::child_type_name(&prop.owner, prop.wire), &prop.at)?;
            let doc = match prop.schema {
                SchemaRef::Item(schema) => schema.schema_data.description.clone(),
                SchemaRef::Ref(_) => None,
            };
            fields.push(Field {
                rust_name,
                wire_name: prop.wire.to_owned(),
                ty,
                required: view.required.iter().any(|r| r == prop.wire),
                nullable: self.nullable(prop.schema, &prop.at)?,
                boxed: false,
                doc,
            });
        }
        Ok(Struct { fields, default: false })
    }

    fn map_type(&mut self, additional: Option<&'a AdditionalProperties>, name: &str, at: &str) -> Result<TypeRef> {
        let Some(AdditionalProperties::Schema(value)) = additional else {
            return Ok(TypeRef::JsonObject);
        };
        let value_at = pointer(at, "additionalProperties");
        let value_ty = self.type_ref(value.as_ref().into(), &format!("{name}Value"), &value_at)?;
        Ok(match value_ty {
            TypeRef::Json => TypeRef::JsonObject,
            other => TypeRef::Map(Box::new(other)),
        })
    }

    fn build_union(
        &mut self,
        name: &str,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        at: &str,
    ) -> Result<Union> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        // Variant names come first: an inline member's type is named after its variant.
        let mut tags = Vec::with_capacity(members.len());
        let mut labels = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let tag_value = match (discriminator, member) {
                (None, _) => None,
                (Some(d), ReferenceOr::Reference { reference }) => {
                    let target = ref_name(reference);
                    let mapped = d.mapping.iter().find(|(_, to)| ref_name(to) == target);
                    Some(mapped.map_or(target, |(tag, _)| tag.as_str()).to_owned())
                }
                (Some(_), ReferenceOr::Item(_)) => {
                    return Err(Error::new(pointer(at, i), "members of a union with a discriminator must be `$ref`s"));
                }
            };
            labels.push(match (&tag_value, member) {
                (Some(tag), _) => naming::type_name(tag),
                (None, ReferenceOr::Reference { reference }) => {
                    naming::member_variant_name(name, &naming::type_name(ref_name(reference)))
                }
                (None, ReferenceOr::Item(schema)) => match &schema.schema_data.title {
                    Some(title) => naming::type_name(title),
                    None => kind_label(&kind(schema, &pointer(at, i))?).to_owned(),
                },
            });
            tags.push(tag_value);
        }
        let mut variants = Vec::with_capacity(members.len());
        let labels = naming::unique(labels, &[UNKNOWN_VARIANT]);
        for (i, ((member, tag_value), rust_name)) in members.iter().zip(tags).zip(labels).enumerate() {
            let member_at = pointer(at, i);
            let ty = self.type_ref(member.into(), &format!("{name}{rust_name}"), &member_at)?;
            let shape = self.shape(member.into(), &member_at)?;
            variants.push(UnionVariant { rust_name, ty, tag_value, shape });
        }
        Ok(Union { tag: discriminator.map(|d| d.property_name.clone()), variants })
    }

    /// The keys a union member accepts, when it is an object with declared properties.
    fn shape(&self, member: SchemaRef<'a>, at: &str) -> Result<Shape> {
        let (_, schema) = self.resolve(member, at)?;
        let mut view = ObjectView::default();
        match kind(schema, at)? {
            Kind::Object(parts) if !parts.properties.is_empty() => view.add_parts(parts, "", at)?,
            Kind::AllOf(..) => self.merge_into(&mut view, member, "", at)?,
            _ => return Ok(Shape::Other),
        }
        Ok(Shape::Object {
            properties: view.props.iter().map(|p| p.wire.to_owned()).collect(),
            required: view.required,
        })
    }
}

/// A `oneOf` or `anyOf` whose members are all inline string enums (sort modes written one value
/// per member, each with its own description) is the string enum of all their values, in order:
/// its variants, and a list of the members' descriptions for the type's docs.
fn string_enum_members(schema: &Schema, at: &str) -> Result<Option<(Vec<EnumVariant>, Vec<String>)>> {
    let (members, list) = match kind(schema, at)? {
        Kind::OneOf(members) => (members, "oneOf"),
        Kind::AnyOf(members) => (members, "anyOf"),
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

/// The schema's own doc, followed by `extra` lines.
fn doc_with(schema: &Schema, extra: Vec<String>) -> Option<String> {
    let own = schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone());
    match (own, extra.is_empty()) {
        (own, true) => own,
        (None, false) => Some(extra.join("\n")),
        (Some(own), false) => Some(format!("{}\n\n{}", own.trim_end(), extra.join("\n"))),
    }
}

fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("uuid") => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

fn integer_type(format: Option<&str>, minimum: Option<f64>) -> TypeRef {
    let unsigned = minimum.is_some_and(|m| m >= 0.0);
    match (format, unsigned) {
        (Some("bigint"), _) => TypeRef::BigInt,
        (Some("int32"), false) => TypeRef::I32,
        (Some("int32"), true) => TypeRef::U32,
        (_, false) => TypeRef::I64,
        (_, true) => TypeRef::U64,
    }
}

/// The variant name of an unnamed union member, after its kind.
fn kind_label(kind: &Kind<'_>) -> &'static str {
    match kind {
        Kind::String { format, values } => match format.as_deref() {
            _ if !values.is_empty() => "Enum",
            Some("date-time") => "DateTime",
            Some("date") => "Date",
            Some("uuid") => "Uuid",
            _ => "String",
        },
        Kind::Integer { .. } => "Integer",
        Kind::Number => "Number",
        Kind::Boolean => "Boolean",
        Kind::Array { .. } => "Array",
        Kind::Object(_) | Kind::AllOf(..) => "Object",
        Kind::OneOf(_) | Kind::AnyOf(_) => "Union",
        Kind::Any => "Value",
    }
}
