//! Parameters written as more than one value: arrays and unions with an array member (each value
//! its own pair, or all joined by a delimiter), and objects (`deepObject` and `form` style), as
//! OpenAPI's `style` and `explode` describe them after RFC 6570.
//!
//! A value that the chosen style cannot carry unambiguously is refused with an
//! [`InvalidRequest`] before anything is sent, rather than sent as something the server would
//! read differently (a `,` inside a value of a comma-separated list, a `]` inside a `deepObject`
//! key).

use std::borrow::Cow;

use indexmap::IndexMap;
use serde::Serialize;

use super::operation::RequestParts;
use super::param::{ToParam, ToParamValues};
use crate::error::InvalidRequest;
use crate::model::RawJson;

/// How an object parameter is written (OpenAPI's `style` and `explode`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// `name[key]=value`, nested objects as `name[key][inner]=value`.
    DeepObject,
    /// With `explode`, one `key=value` pair per entry; without, one `name=key,value,key,value`.
    Form {
        /// Whether each entry is a pair of its own.
        explode: bool,
    },
}

impl RequestParts {
    /// Adds a query parameter once per value (`?id=a&id=b`): `form` style with `explode`.
    pub fn query_each(&mut self, name: &'static str, values: &(impl ToParamValues + ?Sized)) {
        for value in values.to_param_values() {
            self.push_query(Cow::Borrowed(name), value);
        }
    }

    /// Adds a query parameter whose values are joined by `delimiter` into one (`?id=a,b`): `form`
    /// without `explode` (`,`), `spaceDelimited` (` `) and `pipeDelimited` (`|`). No values, no
    /// parameter (an empty list is undefined in RFC 6570).
    pub fn query_joined(
        &mut self,
        name: &'static str,
        delimiter: char,
        values: &(impl ToParamValues + ?Sized),
    ) -> Result<(), InvalidRequest> {
        if let Some(joined) = joined("query", name, delimiter, values.to_param_values())? {
            self.push_query(Cow::Borrowed(name), joined);
        }
        Ok(())
    }

    /// Adds a header whose values are joined by commas (`simple` style); no values, no header.
    pub fn header_joined(
        &mut self,
        name: &'static str,
        values: &(impl ToParamValues + ?Sized),
    ) -> Result<(), InvalidRequest> {
        if let Some(joined) = joined("header", name, ',', values.to_param_values())? {
            self.header(name, joined.as_str());
        }
        Ok(())
    }

    /// Adds an object query parameter: a map, a struct or a free-form JSON object, entries in the
    /// order its JSON has them (a map's order, a struct's declaration order). Values are written
    /// as a JSON string's content or as the JSON text of anything else; `null` entries are left
    /// out (undefined in RFC 6570); an array inside the object has no form in these styles and is
    /// refused, and so is a nested object except in `deepObject` style.
    pub fn query_object(
        &mut self,
        name: &'static str,
        style: ObjectStyle,
        value: &impl Serialize,
    ) -> Result<(), InvalidRequest> {
        let entries = object_entries(name, value)?;
        match style {
            ObjectStyle::DeepObject => {
                let mut pairs = Vec::new();
                deep_pairs(name, name.to_owned(), entries, &mut pairs)?;
                for (key, value) in pairs {
                    self.push_query(Cow::Owned(key), value);
                }
            }
            ObjectStyle::Form { explode: true } => {
                for (key, value) in entries {
                    check_key(name, &key, &[])?;
                    if let Some(value) = flat_value(name, &key, &value)? {
                        self.push_query(Cow::Owned(key), value);
                    }
                }
            }
            ObjectStyle::Form { explode: false } => {
                let mut parts = Vec::with_capacity(entries.len() * 2);
                for (key, value) in entries {
                    check_key(name, &key, &[','])?;
                    if let Some(value) = flat_value(name, &key, &value)? {
                        parts.push(key);
                        parts.push(value);
                    }
                }
                if let Some(joined) = joined("query", name, ',', parts)? {
                    self.push_query(Cow::Borrowed(name), joined);
                }
            }
        }
        Ok(())
    }
}

/// `values` joined by `delimiter`, `None` when there are none; a value containing the delimiter
/// is refused, since the server could not tell it from two values.
fn joined(place: &str, name: &str, delimiter: char, values: Vec<String>) -> Result<Option<String>, InvalidRequest> {
    if values.iter().any(|value| value.contains(delimiter)) {
        return Err(InvalidRequest::new(format!(
            "{place} parameter `{name}`: a value contains {delimiter:?}, which separates its values"
        )));
    }
    Ok((!values.is_empty()).then(|| values.join(&delimiter.to_string())))
}

/// The object's entries, in the order its JSON has them.
fn object_entries(name: &str, value: &impl Serialize) -> Result<IndexMap<String, RawJson>, InvalidRequest> {
    let text = serde_json::to_string(value)
        .map_err(|e| InvalidRequest::new(format!("query parameter `{name}` cannot be written: {e}")))?;
    serde_json::from_str(&text)
        .map_err(|_| InvalidRequest::new(format!("query parameter `{name}` must be a JSON object")))
}

/// What a JSON value is, from its first character.
enum Json {
    Null,
    Object,
    Array,
    Other,
}

fn json_kind(value: &RawJson) -> Json {
    match value.as_str().trim_start().as_bytes().first() {
        Some(b'n') => Json::Null,
        Some(b'{') => Json::Object,
        Some(b'[') => Json::Array,
        _ => Json::Other,
    }
}

/// An empty key, or one holding a character the style uses as syntax, would be read as another key.
fn check_key(name: &str, key: &str, forbidden: &[char]) -> Result<(), InvalidRequest> {
    if key.is_empty() {
        return Err(InvalidRequest::new(format!("query parameter `{name}`: an object key cannot be empty")));
    }
    if let Some(c) = key.chars().find(|c| forbidden.contains(c)) {
        return Err(InvalidRequest::new(format!(
            "query parameter `{name}`: the key {key:?} contains {c:?}, which this parameter's style uses to \
             separate keys"
        )));
    }
    Ok(())
}

/// The text of one entry of a flat (`form`) object; `None` for `null`.
fn flat_value(name: &str, key: &str, value: &RawJson) -> Result<Option<String>, InvalidRequest> {
    match json_kind(value) {
        Json::Null => Ok(None),
        Json::Other => Ok(Some(value.to_param())),
        Json::Object | Json::Array => Err(nested(name, key)),
    }
}

fn nested(name: &str, key: &str) -> InvalidRequest {
    InvalidRequest::new(format!(
        "query parameter `{name}`: the entry {key:?} is an array or an object, which this parameter's style \
         cannot carry"
    ))
}

/// `prefix[key]=value` pairs, recursing into nested objects.
fn deep_pairs(
    name: &str,
    prefix: String,
    entries: IndexMap<String, RawJson>,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), InvalidRequest> {
    for (key, value) in entries {
        check_key(name, &key, &['[', ']'])?;
        let path = format!("{prefix}[{key}]");
        match json_kind(&value) {
            Json::Null => {}
            Json::Other => pairs.push((path, value.to_param())),
            Json::Object => {
                let inner = value.parse().map_err(|_| nested(name, &key))?;
                deep_pairs(name, path, inner, pairs)?;
            }
            Json::Array => return Err(nested(name, &key)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawJsonObject;

    fn query(parts: &RequestParts) -> Vec<(String, String)> {
        parts.query_pairs().map(|(name, value)| (name.to_owned(), value.to_owned())).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    fn map(entries: &[(&str, &str)]) -> IndexMap<String, String> {
        entries.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn deep_objects_keep_the_maps_order_and_nest() {
        let mut parts = RequestParts::new("/".into());
        parts.query_object("metadata", ObjectStyle::DeepObject, &map(&[("z", "1"), ("a.b", "x y")])).unwrap();
        let raw: RawJsonObject =
            r#"{"n":{"deep":{"k":12345678901234567890123}},"t":true,"s":"v","gone":null}"#.parse().unwrap();
        parts.query_object("filter", ObjectStyle::DeepObject, &raw).unwrap();
        assert_eq!(
            query(&parts),
            pairs(&[
                ("metadata[z]", "1"),
                ("metadata[a.b]", "x y"),
                ("filter[n][deep][k]", "12345678901234567890123"),
                ("filter[t]", "true"),
                ("filter[s]", "v"),
            ])
        );
    }

    #[test]
    fn deep_objects_refuse_what_would_read_as_another_key() {
        for key in ["a]b", "a[b", ""] {
            let mut parts = RequestParts::new("/".into());
            let err = parts.query_object("m", ObjectStyle::DeepObject, &map(&[(key, "v")])).unwrap_err();
            assert!(err.message().contains("query parameter `m`"), "{key:?}: {err}");
        }
        let raw: RawJsonObject = r#"{"list":[1,2]}"#.parse().unwrap();
        let err = RequestParts::new("/".into()).query_object("m", ObjectStyle::DeepObject, &raw).unwrap_err();
        assert!(err.message().contains("\"list\" is an array or an object"), "{err}");
        let err = RequestParts::new("/".into()).query_object("m", ObjectStyle::DeepObject, &"text").unwrap_err();
        assert!(err.message().contains("must be a JSON object"), "{err}");
    }

    #[test]
    fn form_objects_exploded_or_joined() {
        let mut parts = RequestParts::new("/".into());
        parts.query_object("ignored", ObjectStyle::Form { explode: true }, &map(&[("b", "1"), ("a", "2")])).unwrap();
        parts.query_object("color", ObjectStyle::Form { explode: false }, &map(&[("R", "100"), ("G", "200")])).unwrap();
        parts.query_object("empty", ObjectStyle::Form { explode: false }, &map(&[])).unwrap();
        assert_eq!(query(&parts), pairs(&[("b", "1"), ("a", "2"), ("color", "R,100,G,200")]));

        let nested: RawJsonObject = r#"{"a":{"b":1}}"#.parse().unwrap();
        for explode in [true, false] {
            let err = RequestParts::new("/".into()).query_object("o", ObjectStyle::Form { explode }, &nested);
            assert!(err.is_err(), "explode {explode}");
        }
        let err = RequestParts::new("/".into())
            .query_object("o", ObjectStyle::Form { explode: false }, &map(&[("a", "1,2")]))
            .unwrap_err();
        assert!(err.message().contains("','"), "{err}");
        let err = RequestParts::new("/".into())
            .query_object("o", ObjectStyle::Form { explode: false }, &map(&[("a,b", "1")]))
            .unwrap_err();
        assert!(err.message().contains("\"a,b\""), "{err}");
    }

    #[test]
    fn several_values_repeated_or_joined() {
        let ids = vec![String::from("a"), String::from("b c")];
        let mut parts = RequestParts::new("/".into());
        parts.query_each("id", &ids);
        parts.query_joined("csv", ',', &ids).unwrap();
        parts.query_joined("pipes", '|', &ids).unwrap();
        parts.query_joined("none", ',', &Vec::<String>::new()).unwrap();
        assert_eq!(query(&parts), pairs(&[("id", "a"), ("id", "b c"), ("csv", "a,b c"), ("pipes", "a|b c")]));
        let err = parts.query_joined("spaces", ' ', &ids).unwrap_err();
        assert!(err.message().contains("query parameter `spaces`"), "{err}");
        let err = parts.header_joined("X-Ids", &vec![String::from("a,b")]).unwrap_err();
        assert!(err.message().contains("header parameter `X-Ids`"), "{err}");
    }
}
