//! Parameters to the IR: path, query and header parameters in call order, each with how its value
//! goes on the wire (its type's shape under the spec's `style` and `explode`), and the unions some
//! parameter is written from.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle};

use super::types::Types;
use crate::error::{Error, Result, pointer};
use crate::ir::{Operation, Param, ParamLocation, ParamStyle, ParamUnion, TypeKind, TypeRef, TypeTable};
use crate::naming;
use crate::spec::{Components, SchemaRef};

/// Path parameters in the order the path names them, then the others in spec order.
/// Inline parameter types are named after `owner`.
pub(super) fn parameters<'a>(
    components: &Components<'a>,
    types: &mut Types<'a>,
    path: &str,
    at: &str,
    item: &'a PathItem,
    op: &'a SpecOperation,
    owner: &str,
) -> Result<Vec<Param>> {
    // Operation-level parameters replace path-level ones with the same name and place.
    let mut merged: IndexMap<(String, &'static str), (&'a Parameter, String)> = IndexMap::new();
    let item_at = pointer("#/paths", path);
    let sources = [(&item.parameters, pointer(&item_at, "parameters")), (&op.parameters, pointer(at, "parameters"))];
    for (list, list_at) in sources {
        for (i, param) in list.iter().enumerate() {
            let param_at = pointer(&list_at, i);
            let param = components.parameter(param, &param_at)?;
            let place = match param {
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Path { .. } => "path",
                Parameter::Cookie { .. } => "cookie",
            };
            merged.insert((param.parameter_data_ref().name.clone(), place), (param, param_at));
        }
    }

    let mut params = Vec::with_capacity(merged.len());
    for ((name, _), (param, param_at)) in &merged {
        let data = param.parameter_data_ref();
        let location = match param {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => return Err(Error::new(param_at, "cookie parameters are not supported")),
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(Error::new(param_at, "parameters described by `content` are not supported; use `schema`"));
        };
        let hint = naming::child_type_name(owner, name);
        let ty = types.type_ref(SchemaRef::from(schema), &hint, &pointer(param_at, "schema"))?;
        if location == ParamLocation::Path && !data.required {
            return Err(Error::new(param_at, "a path parameter must be `required: true`"));
        }
        let shape = shape(&ty, types.defs(), &mut Vec::new()).map_err(|reason| Error::new(param_at, reason))?;
        let style = style(param, shape).map_err(|reason| Error::new(param_at, reason))?;
        params.push(Param {
            rust_name: naming::value_name(name),
            accessor: naming::value_name(name),
            wire_name: name.clone(),
            location,
            union: union_name(&ty, types.defs()).is_some(),
            into: false,
            ty,
            required: data.required,
            style,
            doc: data.description.clone(),
        });
    }

    let order = path_template_names(path);
    for name in &order {
        if !params.iter().any(|p| p.location == ParamLocation::Path && &p.wire_name == name) {
            return Err(Error::new(
                at,
                format!("the path names `{{{name}}}` but no path parameter `{name}` is declared"),
            ));
        }
    }
    if let Some(extra) = params.iter().find(|p| p.location == ParamLocation::Path && !order.contains(&p.wire_name)) {
        return Err(Error::new(at, format!("path parameter `{}` does not appear in the path", extra.wire_name)));
    }
    params.sort_by_key(|p| match p.location {
        ParamLocation::Path => order.iter().position(|n| n == &p.wire_name).unwrap_or(usize::MAX),
        _ => usize::MAX,
    });

    let names = naming::param_names(params.iter().map(|p| p.rust_name.clone()));
    let accessors = naming::accessor_names(&names);
    for ((param, name), accessor) in params.iter_mut().zip(names).zip(accessors) {
        param.rust_name = name;
        param.accessor = accessor;
    }
    Ok(params)
}

/// `{instanceID}` names of a path template, in order.
fn path_template_names(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_owned()).collect()
}

/// What a parameter's value is, whatever its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One value: a scalar, a string enum, free JSON, or a union whose members each give one.
    Single,
    /// Several values: an array of single values, or a union with such an array member.
    Many,
    /// An object: a struct, a map or a free-form object; `nested` when one of its values is itself
    /// an object (a free-form object's values are only known when the request is built).
    Object { nested: bool },
}

/// The shape of `ty`, aliases followed; the reason when it cannot be a parameter. `path` holds the
/// named types being looked into, to tell a type that contains itself.
fn shape<'d>(ty: &'d TypeRef, defs: &'d TypeTable, path: &mut Vec<&'d str>) -> Result<Shape, String> {
    Ok(match defs.resolve(ty) {
        TypeRef::JsonObject => Shape::Object { nested: false },
        TypeRef::Map(value) => Shape::Object { nested: object_value(&shape(value, defs, path)?)? },
        TypeRef::List(item) => match shape(item, defs, path)? {
            Shape::Single => Shape::Many,
            _ => return Err("an array parameter's items must be single values, not arrays or objects".to_owned()),
        },
        TypeRef::Named(name) => {
            if path.contains(&name.as_str()) {
                return Err("this parameter's type contains itself".to_owned());
            }
            path.push(name);
            let named = named_shape(name, defs, path);
            path.pop();
            named?
        }
        _ => Shape::Single,
    })
}

/// The shape of the named type `name` (no alias: `shape` has followed them).
fn named_shape<'d>(name: &'d str, defs: &'d TypeTable, path: &mut Vec<&'d str>) -> Result<Shape, String> {
    Ok(match defs.get(name).map(|def| &def.kind) {
        None | Some(TypeKind::Alias(_)) => return Err(format!("the type `{name}` is not defined")),
        Some(TypeKind::Enum(_)) => Shape::Single,
        Some(TypeKind::Union(union)) => {
            let mut union_shape = Shape::Single;
            for variant in &union.variants {
                match shape(&variant.ty, defs, path)? {
                    Shape::Single => {}
                    Shape::Many => union_shape = Shape::Many,
                    Shape::Object { .. } => {
                        return Err(format!(
                            "the member `{}` of the union `{name}` is an object; the members of a union \
                             parameter must be single values or arrays of them",
                            variant.rust_name
                        ));
                    }
                }
            }
            union_shape
        }
        Some(TypeKind::Struct(s)) => {
            let mut nested = false;
            for field in &s.fields {
                nested |= object_value(&shape(&field.ty, defs, path)?)
                    .map_err(|reason| format!("the property `{}`: {reason}", field.wire_name))?;
            }
            Shape::Object { nested }
        }
    })
}

/// Whether a value inside an object parameter is itself an object; arrays have no defined form there.
fn object_value(shape: &Shape) -> Result<bool, String> {
    match shape {
        Shape::Single => Ok(false),
        Shape::Object { .. } => Ok(true),
        Shape::Many => Err("an array inside an object parameter has no defined form in any style".to_owned()),
    }
}

/// How a value of `shape` goes on the wire at the parameter's place, in its `style`.
fn style(param: &Parameter, shape: Shape) -> Result<ParamStyle, String> {
    let explode = param.parameter_data_ref().explode;
    match param {
        Parameter::Path { style, .. } => {
            if !matches!(style, PathStyle::Simple) {
                let name = if matches!(style, PathStyle::Label) { "label" } else { "matrix" };
                return Err(format!("path parameters in `{name}` style are not supported; only `simple`"));
            }
            match shape {
                Shape::Single => Ok(ParamStyle::Single),
                Shape::Many => Err("an array, or a union with an array member, cannot be a path parameter: a path \
                                    parameter is one segment"
                    .to_owned()),
                Shape::Object { .. } => Err("an object cannot be a path parameter".to_owned()),
            }
        }
        Parameter::Header { .. } => match shape {
            Shape::Single => Ok(ParamStyle::Single),
            Shape::Many => Ok(ParamStyle::Joined(',')),
            Shape::Object { .. } => Err("an object cannot be a header parameter".to_owned()),
        },
        Parameter::Query { style, .. } => query_style(style, explode, shape),
        Parameter::Cookie { .. } => Err("cookie parameters are not supported".to_owned()),
    }
}

fn query_style(style: &QueryStyle, explode: Option<bool>, shape: Shape) -> Result<ParamStyle, String> {
    // `explode` defaults to true for `form` only; `deepObject` is only defined exploded, and the
    // specs that write it rarely say so.
    let delimiter = match style {
        QueryStyle::Form => ',',
        QueryStyle::SpaceDelimited => ' ',
        QueryStyle::PipeDelimited => '|',
        QueryStyle::DeepObject => {
            return match shape {
                Shape::Object { .. } => Ok(ParamStyle::DeepObject),
                _ => Err("`deepObject` style applies to objects only".to_owned()),
            };
        }
    };
    match shape {
        Shape::Single => Ok(ParamStyle::Single),
        Shape::Many if explode.unwrap_or(matches!(style, QueryStyle::Form)) => Ok(ParamStyle::Repeated),
        Shape::Many => Ok(ParamStyle::Joined(delimiter)),
        Shape::Object { nested: true } => {
            Err("an object holding objects can only be a query parameter in `deepObject` style".to_owned())
        }
        Shape::Object { .. } if !matches!(style, QueryStyle::Form) => {
            Err("objects in `spaceDelimited` or `pipeDelimited` style are not supported; use `form` or `deepObject`"
                .to_owned())
        }
        Shape::Object { .. } if explode.unwrap_or(true) => Ok(ParamStyle::FormObject),
        Shape::Object { .. } => Ok(ParamStyle::JoinedObject),
    }
}

/// The union `ty` names, following aliases.
fn union_name<'d>(ty: &'d TypeRef, defs: &'d TypeTable) -> Option<&'d str> {
    let def = defs.def_of(ty)?;
    matches!(def.kind, TypeKind::Union(_)).then_some(def.name.as_str())
}

/// Every union that some parameter of `operations` is written from, directly or as the member of
/// another union or the item of an array: each gets the runtime's parameter trait.
pub(super) fn param_unions(operations: &[Operation], defs: &TypeTable) -> Vec<ParamUnion> {
    let mut found: BTreeMap<String, ParamUnion> = BTreeMap::new();
    let mut pending: Vec<&TypeRef> = operations
        .iter()
        .flat_map(|op| &op.params)
        .filter(|p| matches!(p.style, ParamStyle::Single | ParamStyle::Repeated | ParamStyle::Joined(_)))
        .map(|p| &p.ty)
        .collect();
    while let Some(ty) = pending.pop() {
        if let TypeRef::List(item) = defs.resolve(ty) {
            pending.push(item);
            continue;
        }
        let Some(name) = union_name(ty, defs) else { continue };
        let Some(TypeKind::Union(union)) = defs.get(name).map(|def| &def.kind) else { continue };
        if found.contains_key(name) {
            continue;
        }
        let many = |ty: &TypeRef| shape(ty, defs, &mut Vec::new()) == Ok(Shape::Many);
        let members: Vec<(String, bool)> = union.variants.iter().map(|v| (v.rust_name.clone(), many(&v.ty))).collect();
        let types: Vec<&TypeRef> = union.variants.iter().map(|v| defs.resolve(&v.ty)).collect();
        let alone = |ty: &TypeRef| types.iter().filter(|other| **other == ty).count() == 1;
        let from = union
            .variants
            .iter()
            .zip(&types)
            .filter(|(_, ty)| alone(ty))
            .map(|(variant, _)| (variant.rust_name.clone(), variant.ty.clone()))
            .collect();
        let from_str = union
            .variants
            .iter()
            .zip(&types)
            .find(|(_, ty)| **ty == &TypeRef::String && alone(ty))
            .map(|(variant, _)| variant.rust_name.clone());
        pending.extend(union.variants.iter().map(|v| &v.ty));
        found.insert(
            name.to_owned(),
            ParamUnion { name: name.to_owned(), many: members.iter().any(|m| m.1), members, from, from_str },
        );
    }
    found.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(style: QueryStyle, explode: Option<bool>, shape: Shape) -> Result<ParamStyle, String> {
        query_style(&style, explode, shape)
    }

    #[test]
    fn query_styles_follow_the_openapi_table() {
        use ParamStyle::*;
        let object = Shape::Object { nested: false };
        assert_eq!(query(QueryStyle::Form, None, Shape::Many), Ok(Repeated));
        assert_eq!(query(QueryStyle::Form, Some(false), Shape::Many), Ok(Joined(',')));
        assert_eq!(query(QueryStyle::SpaceDelimited, None, Shape::Many), Ok(Joined(' ')));
        assert_eq!(query(QueryStyle::SpaceDelimited, Some(true), Shape::Many), Ok(Repeated));
        assert_eq!(query(QueryStyle::PipeDelimited, Some(false), Shape::Many), Ok(Joined('|')));
        assert_eq!(query(QueryStyle::Form, None, object), Ok(FormObject));
        assert_eq!(query(QueryStyle::Form, Some(false), object), Ok(JoinedObject));
        assert_eq!(query(QueryStyle::DeepObject, None, object), Ok(DeepObject));
        assert_eq!(query(QueryStyle::DeepObject, Some(true), Shape::Object { nested: true }), Ok(DeepObject));
        assert_eq!(query(QueryStyle::PipeDelimited, None, Shape::Single), Ok(Single));
        assert!(query(QueryStyle::DeepObject, None, Shape::Single).is_err());
        assert!(query(QueryStyle::DeepObject, None, Shape::Many).is_err());
        assert!(query(QueryStyle::Form, None, Shape::Object { nested: true }).is_err());
        assert!(query(QueryStyle::PipeDelimited, None, object).is_err());
    }
}
