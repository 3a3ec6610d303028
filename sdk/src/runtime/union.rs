//! Decoding and encoding of `oneOf`/`anyOf` unions.

use serde::{Serialize, Serializer};
use serde_json::Value;

/// What a union member looks like on the wire.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// An object with these declared properties, of which `required` must be present.
    Object { properties: &'static [&'static str], required: &'static [&'static str] },
    /// Anything else: a primitive, an array, a map, another union.
    Other,
}

/// The members worth trying for `value`, best first.
///
/// For an object, a member qualifies when all its required properties are present and at least one
/// key is one of its properties (any member will do for `{}`); members matching more keys come
/// first, ties in declaration order, then the members that are not plain objects. An object none of
/// them fits gives an empty list, so the caller keeps it as unknown JSON rather than decoding it into
/// a member that would drop every key. For anything but an object only non-object members qualify.
pub fn best_fit(value: &Value, shapes: &[Shape]) -> Vec<usize> {
    let Value::Object(map) = value else {
        return shapes.iter().enumerate().filter(|(_, s)| matches!(s, Shape::Other)).map(|(i, _)| i).collect();
    };
    let mut ranked: Vec<(usize, usize)> = Vec::with_capacity(shapes.len());
    for (index, shape) in shapes.iter().enumerate() {
        match shape {
            Shape::Object { properties, required } => {
                if !required.iter().all(|r| map.contains_key(*r)) {
                    continue;
                }
                let matched = map.keys().filter(|k| properties.contains(&k.as_str())).count();
                if matched > 0 || map.is_empty() {
                    ranked.push((index, matched + 1));
                }
            }
            Shape::Other => ranked.push((index, 0)),
        }
    }
    ranked.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    ranked.into_iter().map(|(index, _)| index).collect()
}

/// Serializes a union member with its discriminator set to the variant's value, whatever the
/// member's own tag field holds, so that a variant always goes out as itself.
pub fn serialize_tagged<T: Serialize, S: Serializer>(
    member: &T,
    tag: &str,
    tag_value: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(member).map_err(serde::ser::Error::custom)?;
    if let Value::Object(map) = &mut value {
        map.insert(tag.to_owned(), Value::String(tag_value.to_owned()));
    }
    value.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const SHAPES: &[Shape] = &[
        Shape::Object { properties: &["amount", "source", "destination"], required: &[] },
        Shape::Object { properties: &["until", "duration"], required: &[] },
        Shape::Object { properties: &["event"], required: &["event"] },
    ];

    #[test]
    fn ranks_by_matching_keys_not_order() {
        assert_eq!(best_fit(&json!({"event": "go"}), SHAPES), [2]);
        assert_eq!(best_fit(&json!({"duration": "1m"}), SHAPES), [1]);
        assert_eq!(best_fit(&json!({"duration": "1m", "amount": {}, "source": {}}), SHAPES), [0, 1]);
    }

    #[test]
    fn nothing_fits_unknown_objects_or_scalars() {
        assert!(best_fit(&json!({"foo": 1}), SHAPES).is_empty());
        assert!(best_fit(&json!("text"), SHAPES).is_empty());
        assert_eq!(best_fit(&json!({}), SHAPES), [0, 1]);
    }

    #[test]
    fn other_members_come_last_and_take_scalars() {
        let shapes = [Shape::Other, Shape::Object { properties: &["a"], required: &[] }];
        assert_eq!(best_fit(&json!({"a": 1}), &shapes), [1, 0]);
        assert_eq!(best_fit(&json!(3), &shapes), [0]);
    }
}
