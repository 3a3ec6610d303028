//! What an `allOf` is in Rust: objects merged into one struct, or a wrapper that only documents or
//! constrains a single non-object schema (a titled string, a described union), which is that schema.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};

use super::schema_kind::{Kind, ObjectParts, integer_type, kind, string_type};
use crate::error::{Error, Result, pointer};
use crate::ir::TypeRef;
use crate::spec::{Components, SchemaRef};

pub(super) enum AllOfShape<'a> {
    /// Every member that says anything is an object: one struct with all their properties.
    Object,
    /// One member gives the type (a string, number, array, map or union), and the others add only
    /// documentation or constraints that do not change the Rust type: the type is that member's
    /// (a type alias when the `allOf` is named).
    Wrapper(SchemaRef<'a>, String),
    /// No member constrains the value (documentation only): any JSON.
    Empty,
}

/// What one member of an `allOf` brings.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Documentation or constraints only (`description`, `nullable`, `required`, `maxLength`, ...).
    Nothing,
    /// An object, whose properties merge with the other members'.
    Object,
    /// An object without properties but with `additionalProperties`: a map, unless it merges with
    /// an object with properties.
    Map,
    /// A string, number, boolean, array or union.
    Value,
}

pub(super) fn shape<'a>(
    components: &Components<'a>,
    members: &'a [ReferenceOr<Schema>],
    extra: Option<ObjectParts<'a>>,
    at: &str,
) -> Result<AllOfShape<'a>> {
    shape_at(components, members, extra, at, &mut Vec::new())
}

fn shape_at<'a>(
    components: &Components<'a>,
    members: &'a [ReferenceOr<Schema>],
    extra: Option<ObjectParts<'a>>,
    at: &str,
    path: &mut Vec<&'a str>,
) -> Result<AllOfShape<'a>> {
    let members_at = pointer(at, "allOf");
    let mut objects = Vec::new();
    let mut values = Vec::new();
    let mut typed = Vec::new();
    // A member such as `{required: [id]}` changes which fields of a merged object are optional.
    let mut adds_required = false;
    for (i, member) in members.iter().enumerate() {
        let member_at = pointer(&members_at, i);
        let role = role_at(components, member.into(), &member_at, path)?;
        if role != Role::Nothing {
            typed.push((SchemaRef::from(member), member_at.clone(), role));
        } else if let ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) = member {
            adds_required |= !any.required.is_empty();
        }
        match role {
            Role::Nothing => {}
            Role::Object => objects.push(member_at),
            role => values.push((Some(SchemaRef::from(member)), member_at, role)),
        }
    }
    // One `$ref` and documentation: the referenced type itself, whatever it is (an object merges
    // when another member makes some of its properties required).
    if let ([(member @ SchemaRef::Ref(_), member_at, role)], None) = (typed.as_slice(), extra)
        && !(*role == Role::Object && adds_required)
    {
        return Ok(AllOfShape::Wrapper(*member, member_at.clone()));
    }
    // Properties beside `allOf` are one more object member.
    if let Some(parts) = extra {
        if !parts.properties.is_empty() {
            objects.push(at.to_owned());
        } else if matches!(parts.additional, Some(AdditionalProperties::Schema(_))) {
            values.push((None, at.to_owned(), Role::Map));
        }
    }
    if let Some(object_at) = objects.first() {
        // Maps merge into objects as before (their extra keys are not kept); other values cannot.
        return match values.iter().find(|(_, _, role)| *role == Role::Value) {
            Some((_, value_at, _)) => Err(Error::new(
                value_at,
                format!(
                    "this `allOf` member is not an object schema, but {object_at} is one; only objects can be \
                     merged"
                ),
            )),
            None => Ok(AllOfShape::Object),
        };
    }
    let Some((first, first_at, _)) = values.first() else {
        return Ok(AllOfShape::Empty);
    };
    let Some(first) = first else {
        return Err(Error::new(
            at,
            "`additionalProperties` beside `allOf` is supported with properties (an object) only",
        ));
    };
    if values.len() == 1 {
        return Ok(AllOfShape::Wrapper(*first, first_at.clone()));
    }
    // Several members give a type: fine when they all give the same scalar (`$ref: Name` beside
    // `type: string, maxLength: 63`); a member given by `$ref` keeps its name.
    let expected = scalar(components, *first, first_at, path)?;
    for (member, member_at, _) in &values[1..] {
        let same = match member {
            Some(member) => expected.is_some() && scalar(components, *member, member_at, path)? == expected,
            None => false,
        };
        if !same {
            return Err(Error::new(
                member_at,
                format!(
                    "this `allOf` member gives another type than {first_at}; beside the one member that gives \
                     the type, the others may only add documentation or constraints"
                ),
            ));
        }
    }
    let chosen = values.iter().find(|(member, _, _)| matches!(member, Some(SchemaRef::Ref(_)))).unwrap_or(&values[0]);
    Ok(AllOfShape::Wrapper(chosen.0.unwrap_or(*first), chosen.1.clone()))
}

/// What a schema brings to an `allOf` it is a member of.
pub(super) fn role<'a>(components: &Components<'a>, member: SchemaRef<'a>, at: &str) -> Result<Role> {
    role_at(components, member, at, &mut Vec::new())
}

fn role_at<'a>(components: &Components<'a>, member: SchemaRef<'a>, at: &str, path: &mut Vec<&'a str>) -> Result<Role> {
    let (component, schema) = components.resolve(member, at)?;
    let at = component.map_or_else(|| at.to_owned(), |c| pointer("#/components/schemas", c));
    enter(path, component, &at)?;
    let result = (|| -> Result<Role> {
        Ok(match kind(schema, &at)? {
            Kind::Any => Role::Nothing,
            Kind::Object(parts)
                if parts.properties.is_empty() && matches!(parts.additional, Some(AdditionalProperties::Schema(_))) =>
            {
                Role::Map
            }
            Kind::Object(_) => Role::Object,
            Kind::AllOf(members, extra) => match shape_at(components, members, extra, &at, path)? {
                AllOfShape::Object => Role::Object,
                AllOfShape::Wrapper(..) => Role::Value,
                AllOfShape::Empty => Role::Nothing,
            },
            _ => Role::Value,
        })
    })();
    path.truncate(path.len() - usize::from(component.is_some()));
    result
}

/// The Rust type of a schema that is a plain scalar (a string without `enum`, a number, a
/// boolean), seen through `$ref`s and wrappers; `None` for anything else.
fn scalar<'a>(
    components: &Components<'a>,
    member: SchemaRef<'a>,
    at: &str,
    path: &mut Vec<&'a str>,
) -> Result<Option<TypeRef>> {
    let (component, schema) = components.resolve(member, at)?;
    let at = component.map_or_else(|| at.to_owned(), |c| pointer("#/components/schemas", c));
    enter(path, component, &at)?;
    let result = (|| -> Result<Option<TypeRef>> {
        Ok(match kind(schema, &at)? {
            Kind::String { values, format } if values.is_empty() => Some(string_type(format.as_deref())),
            Kind::Integer { format, minimum } => Some(integer_type(format.as_deref(), minimum)),
            Kind::Number => Some(TypeRef::F64),
            Kind::Boolean => Some(TypeRef::Bool),
            Kind::AllOf(members, extra) => match shape_at(components, members, extra, &at, path)? {
                AllOfShape::Wrapper(inner, inner_at) => scalar(components, inner, &inner_at, path)?,
                _ => None,
            },
            _ => None,
        })
    })();
    path.truncate(path.len() - usize::from(component.is_some()));
    result
}

/// How many component schemas a chain of `allOf`s may go through: each one is a few frames of the
/// generator's stack (a chain of some thousands would overflow it), and one struct gets the fields of
/// all (a chain of `n` writes about `n * n / 2` fields).
const MAX_CHAIN: usize = 128;

/// Notes that the `allOf` of the component schema `component` (if it is one) is being looked into;
/// refuses one already being looked into: a chain of `allOf`s that contains itself. Following the
/// chain rather than counting its depth tells a loop from a deep chain, which ends.
fn enter<'a>(path: &mut Vec<&'a str>, component: Option<&'a str>, at: &str) -> Result<()> {
    let Some(component) = component else { return Ok(()) };
    if path.len() >= MAX_CHAIN {
        return Err(Error::new(
            at,
            format!(
                "this chain of `allOf`s goes through more than {MAX_CHAIN} schemas, more than the generator follows"
            ),
        ));
    }
    if path.contains(&component) {
        let mut names = path[path.iter().position(|c| *c == component).unwrap_or(0)..].to_vec();
        names.push(component);
        return Err(Error::new(at, format!("this `allOf` contains itself ({})", names.join(" -> "))));
    }
    path.push(component);
    Ok(())
}
