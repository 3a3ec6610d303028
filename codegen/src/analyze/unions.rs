//! `oneOf` / `anyOf`: a Rust enum with one variant per member, chosen by a discriminator or by best fit.
//!
//! With a discriminator, a `$ref` member's tag value is its `mapping` key, else its component name;
//! an inline member's is its `mapping` key (a mapping value that is the member's JSON pointer), else
//! the one value of the `enum` of its own tag property. An inline member, and every member of a
//! union with properties written beside `oneOf`, becomes a struct of its own named `{Union}{Variant}`:
//! the shared properties, then the member's, without the tag property (the variant says it, and the
//! encoder writes it).

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::all_of;
use super::all_of::Role;
use super::object_view::ObjectView;
use super::schema_kind::{Kind, ObjectParts, kind};
use super::types::{Types, join_docs, schema_doc};
use crate::error::{Error, Result, pointer};
use crate::ir::{Shape, TypeKind, TypeRef, UNKNOWN_VARIANT, Union, UnionVariant};
use crate::naming;
use crate::spec::{SchemaRef, ref_name};

impl<'a> Types<'a> {
    /// The type of the union schema at `at` (`keyword` is `oneOf` or `anyOf`): a Rust enum, or one
    /// struct when, without a discriminator, the members only constrain the properties beside them
    /// (`anyOf: [{required: [a]}, {required: [b]}]`), which the server checks; with the struct's
    /// note on keys it does not keep.
    pub(super) fn union_kind(
        &mut self,
        name: &str,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        shared: Option<ObjectParts<'a>>,
        at: &str,
        keyword: &str,
    ) -> Result<(TypeKind, Option<String>)> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        if let Some(parts) = shared
            && discriminator.is_none()
            && self.only_constrain(members, parts, &pointer(at, keyword))?
        {
            let mut view = ObjectView::default();
            view.add_parts(parts, name, at)?;
            let (fields, extra_keys) = self.build_struct(view)?;
            return Ok((TypeKind::Struct(fields), extra_keys));
        }
        Ok((TypeKind::Union(self.build_union(name, discriminator, members, shared, at, keyword)?), None))
    }

    /// Whether every member is inline and adds no property of its own to `shared`.
    fn only_constrain(&self, members: &'a [ReferenceOr<Schema>], shared: ObjectParts<'a>, at: &str) -> Result<bool> {
        for (i, member) in members.iter().enumerate() {
            let ReferenceOr::Item(schema) = member else {
                return Ok(false);
            };
            let constrains = match kind(schema, &pointer(at, i))? {
                Kind::Any => true,
                Kind::Object(parts) => parts.properties.keys().all(|key| shared.properties.contains_key(key)),
                _ => false,
            };
            if !constrains {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn build_union(
        &mut self,
        name: &str,
        discriminator: Option<&'a Discriminator>,
        members: &'a [ReferenceOr<Schema>],
        shared: Option<ObjectParts<'a>>,
        schema_at: &str,
        keyword: &str,
    ) -> Result<Union> {
        let at = pointer(schema_at, keyword);
        // Variant names come first: an inline member's type is named after its variant.
        let mut tags: Vec<Option<String>> = Vec::with_capacity(members.len());
        let mut labels = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let member_at = pointer(&at, i);
            let tag_value = match discriminator {
                None => None,
                Some(d) => Some(self.tag_value(d, member, &member_at)?),
            };
            if let Some(value) = &tag_value
                && let Some(first) = tags.iter().position(|t| t.as_ref() == Some(value))
            {
                return Err(Error::new(
                    member_at,
                    format!(
                        "its discriminator value `{value}` is also that of {}; each member needs a value of its own",
                        pointer(&at, first)
                    ),
                ));
            }
            labels.push(match (&tag_value, member) {
                (Some(tag), _) => naming::type_name(tag),
                (None, ReferenceOr::Reference { reference }) => {
                    naming::member_variant_name(name, &self.names.component(ref_name(reference)))
                }
                (None, ReferenceOr::Item(schema)) => match &schema.schema_data.title {
                    Some(title) => naming::type_name(title),
                    None => kind_label(&kind(schema, &member_at)?).to_owned(),
                },
            });
            tags.push(tag_value);
        }
        let tag = discriminator.map(|d| d.property_name.as_str());
        let mut variants = Vec::with_capacity(members.len());
        let labels = naming::unique(labels, &[UNKNOWN_VARIANT]);
        for (i, ((member, tag_value), rust_name)) in members.iter().zip(tags).zip(labels).enumerate() {
            let member_at = pointer(&at, i);
            let wanted = naming::member_type_name(name, &rust_name);
            let own_struct = shared.is_some() || (tag.is_some() && matches!(member, ReferenceOr::Item(_)));
            let (ty, shape) = match own_struct {
                true => {
                    let tag = tag.zip(tag_value.as_deref());
                    self.member_struct(name, &wanted, member, shared, tag, schema_at, &member_at)?
                }
                false => (self.type_ref(member.into(), &wanted, &member_at)?, self.shape(member.into(), &member_at)?),
            };
            variants.push(UnionVariant { rust_name, ty, tag_value, shape });
        }
        Ok(Union { tag: tag.map(str::to_owned), variants })
    }

    /// The struct of a member that needs one of its own: the properties beside the union, then the
    /// member's, without the discriminator.
    #[allow(clippy::too_many_arguments)]
    fn member_struct(
        &mut self,
        union: &str,
        wanted: &str,
        member: &'a ReferenceOr<Schema>,
        shared: Option<ObjectParts<'a>>,
        tag: Option<(&str, &str)>,
        schema_at: &str,
        member_at: &str,
    ) -> Result<(TypeRef, Shape)> {
        if !matches!(all_of::role(&self.components, member.into(), member_at)?, Role::Object | Role::Nothing) {
            let why = match tag {
                Some(_) => "a union with a discriminator",
                None => "a union with properties beside its members",
            };
            return Err(Error::new(member_at, format!("this member of {why} is not an object schema")));
        }
        let claimed = self.names.claim(wanted, member_at)?;
        let mut view = ObjectView::default();
        if let Some(parts) = shared {
            view.add_parts(parts, union, schema_at)?;
        }
        self.merge_into(&mut view, member.into(), &claimed.name, member_at)?;
        if let Some((tag, _)) = tag {
            view.remove(tag);
        }
        let shape = view_shape(&view);
        let doc = match member {
            ReferenceOr::Item(schema) => schema_doc(schema).or_else(|| match tag {
                Some((tag, value)) => Some(format!("`{union}` whose `{tag}` is `{value}`.")),
                None => Some(format!("One of the members of `{union}`.")),
            }),
            ReferenceOr::Reference { reference } => {
                let component = self.names.component(ref_name(reference));
                let doc = format!("`{component}`, with the properties every member of `{union}` has.");
                join_docs(
                    Some(doc),
                    self.components.resolve(member.into(), member_at)?.1.schema_data.description.clone(),
                )
            }
        };
        Ok((self.define_struct(claimed, view, member_at, doc)?, shape))
    }

    /// The discriminator value of a member.
    fn tag_value(&self, d: &Discriminator, member: &'a ReferenceOr<Schema>, at: &str) -> Result<String> {
        let tag = &d.property_name;
        let schema = match member {
            ReferenceOr::Reference { reference } => {
                let target = ref_name(reference);
                let mapped = d.mapping.iter().find(|(_, to)| ref_name(to) == target);
                let value = mapped.map_or(target, |(value, _)| value.as_str()).to_owned();
                // The member's own `enum` for the tag, when it has one, must allow that value.
                if let Some((values, values_at)) = self.own_tag_values(member.into(), tag, at)?
                    && !values.contains(&value)
                {
                    let why = match mapped {
                        Some(_) => "its `mapping` key",
                        None => "its component name, as no `mapping` entry names it",
                    };
                    return Err(Error::new(
                        values_at,
                        format!(
                            "the union at {at} gives this member the `{tag}` `{value}` ({why}), which this `enum` \
                             does not list"
                        ),
                    ));
                }
                return Ok(value);
            }
            ReferenceOr::Item(schema) => schema,
        };
        let own = match self.own_tag_values(SchemaRef::Item(schema), tag, at)? {
            Some((values, values_at)) if values.len() > 1 => {
                return Err(Error::new(
                    values_at,
                    format!(
                        "this discriminator property lists {} values; an inline member of a union with a \
                         discriminator has one",
                        values.len()
                    ),
                ));
            }
            Some((mut values, values_at)) => values.pop().map(|value| (value, values_at)),
            None => None,
        };
        let mapped = d.mapping.iter().find(|(_, to)| to.as_str() == at).map(|(value, _)| value);
        match (mapped, own) {
            (Some(mapped), Some((own, own_at))) if *mapped != own => Err(Error::new(
                own_at,
                format!("this member's `{tag}` is `{own}`, but the discriminator's `mapping` gives it `{mapped}`"),
            )),
            (Some(mapped), _) => Ok(mapped.clone()),
            (None, Some((own, _))) => Ok(own),
            (None, None) => Err(Error::new(
                at,
                format!(
                    "this inline member of a union with a discriminator does not say its `{tag}` value: give its \
                     `{tag}` property a one-value `enum`, or point a `mapping` entry at this JSON pointer"
                ),
            )),
        }
    }

    /// The values of the `enum` of a member's own tag property, with their location, when it has one.
    fn own_tag_values(&self, member: SchemaRef<'a>, tag: &str, at: &str) -> Result<Option<(Vec<String>, String)>> {
        if all_of::role(&self.components, member, at)? != Role::Object {
            return Ok(None);
        }
        let mut view = ObjectView::default();
        self.merge_into(&mut view, member, "", at)?;
        let Some(prop) = view.props.iter().find(|p| p.wire == tag) else {
            return Ok(None);
        };
        let (_, prop_schema) = self.components.resolve(prop.schema, &prop.at)?;
        Ok(match kind(prop_schema, &prop.at)? {
            Kind::String { values, .. } if !values.is_empty() => {
                Some((values.into_iter().map(str::to_owned).collect(), prop.at.clone()))
            }
            _ => None,
        })
    }

    /// The keys a union member accepts, when it is an object with declared properties.
    fn shape(&self, member: SchemaRef<'a>, at: &str) -> Result<Shape> {
        if all_of::role(&self.components, member, at)? != Role::Object {
            return Ok(Shape::Other);
        }
        let mut view = ObjectView::default();
        self.merge_into(&mut view, member, "", at)?;
        Ok(view_shape(&view))
    }
}

/// An object with declared properties; one without any accepts every object, like a map.
fn view_shape(view: &ObjectView<'_>) -> Shape {
    if view.props.is_empty() {
        return Shape::Other;
    }
    Shape::Object {
        properties: view.props.iter().map(|p| p.wire.to_owned()).collect(),
        required: view.required.clone(),
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
        Kind::OneOf(..) | Kind::AnyOf(..) => "Union",
        Kind::Any => "Value",
    }
}
