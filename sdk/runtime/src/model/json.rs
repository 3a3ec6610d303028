//! `RawJson` and `RawJsonObject`: free-form JSON (schemas without a type, objects with any keys,
//! union members this SDK does not know) kept as the exact text that was received or built, so
//! that no digit of an amount and no key order is lost on the way through the SDK.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

/// Any JSON value, kept as its exact text: numbers keep every digit and objects keep their key
/// order, whatever features your own `serde_json` has.
///
/// Equality and hashing compare the text, so `{"a":1}` and `{"a": 1}` differ; parse both (for
/// example into a `serde_json::Value`) to compare values. `Default` is `null`.
///
/// ```
/// use formance_sdk_runtime::RawJson;
///
/// let raw: RawJson = r#"{"z":1,"amount":1606938044258990275541962092341162602522202993782792835301376}"#.parse()?;
/// assert_eq!(raw.to_string(), r#"{"z":1,"amount":1606938044258990275541962092341162602522202993782792835301376}"#);
/// let value = raw.to_value()?; // a serde_json::Value, with the limits of your serde_json
/// assert_eq!(value["z"], 1);
/// # Ok::<(), formance_sdk_runtime::serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

/// A JSON object with any keys, kept as its exact text (see [`RawJson`]); decoding checks that it
/// is an object. `Default` is `{}`.
///
/// For ordered access to its entries without losing digits, parse it into an
/// `IndexMap<String, RawJson>`:
///
/// ```
/// use formance_sdk_runtime::indexmap::IndexMap;
/// use formance_sdk_runtime::{RawJson, RawJsonObject};
///
/// let event: RawJsonObject = r#"{"id":"pay-1","amount":100000000000000000000000}"#.parse()?;
/// let entries: IndexMap<String, RawJson> = event.parse()?;
/// assert_eq!(entries.keys().collect::<Vec<_>>(), ["id", "amount"]);
/// assert_eq!(entries["amount"].as_str(), "100000000000000000000000");
/// assert!("[1]".parse::<RawJsonObject>().is_err());
/// # Ok::<(), formance_sdk_runtime::serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct RawJsonObject(RawJson);

/// The methods both types share; only construction differs (an object is checked to be one).
macro_rules! raw_text_api {
    ($name:ident) => {
        impl $name {
            /// The JSON text.
            pub fn as_str(&self) -> &str {
                self.as_raw_value().get()
            }

            /// The JSON text (the name `serde_json::value::RawValue` uses).
            pub fn get(&self) -> &str {
                self.as_raw_value().get()
            }

            /// Decodes the text into `T`, for example one of your own types or a `serde_json::Value`.
            pub fn parse<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
                serde_json::from_str(self.as_str())
            }

            /// The value as a `serde_json::Value`. Without serde_json's `arbitrary_precision`
            /// feature, a `Value` holds numbers as `i64`, `u64` or `f64`: integers beyond 64 bits
            /// become floats there. [`parse`](Self::parse) into `BigInt` fields keeps them exact.
            pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
                self.parse()
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $name {}

        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Written as the text itself. With `serde_json` (including `serde_json::to_value`) that is
        /// the JSON value; other formats see serde_json's raw-value wrapper instead.
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.as_raw_value().serialize(serializer)
            }
        }

        impl FromStr for $name {
            type Err = serde_json::Error;

            /// Checks that `text` is one JSON value; surrounding whitespace is dropped.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::try_from(text.to_owned())
            }
        }
    };
}

raw_text_api!(RawJson);
raw_text_api!(RawJsonObject);

impl RawJson {
    /// The text as serde_json's raw value.
    pub fn as_raw_value(&self) -> &RawValue {
        &self.0
    }

    /// `null`.
    pub fn null() -> Self {
        Self(RawValue::NULL.to_owned())
    }

    /// The JSON encoding of `value` (compact, every digit of a `BigInt` kept).
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(Self)
    }
}

impl Default for RawJson {
    fn default() -> Self {
        Self::null()
    }
}

impl TryFrom<String> for RawJson {
    type Error = serde_json::Error;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        RawValue::from_string(text).map(Self)
    }
}

impl From<Box<RawValue>> for RawJson {
    fn from(raw: Box<RawValue>) -> Self {
        Self(raw)
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        Self::from(&value)
    }
}

impl From<&serde_json::Value> for RawJson {
    /// A `Value` always encodes (its keys are strings and its numbers finite), so this never fails.
    fn from(value: &serde_json::Value) -> Self {
        Self::from_serialize(value).unwrap_or_else(|_| Self::null())
    }
}

impl From<RawJsonObject> for RawJson {
    fn from(object: RawJsonObject) -> Self {
        object.0
    }
}

impl From<RawJson> for Box<RawValue> {
    fn from(value: RawJson) -> Self {
        value.0
    }
}

impl<'de> Deserialize<'de> for RawJson {
    /// Needs serde_json (`from_str`, `from_slice`, `from_reader`, `from_value`): other formats, and
    /// serde's buffering in `#[serde(flatten)]` or untagged enums, fail with an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(Self)
    }
}

impl RawJsonObject {
    /// The text as serde_json's raw value.
    pub fn as_raw_value(&self) -> &RawValue {
        self.0.as_raw_value()
    }

    /// The object as any JSON value.
    pub fn as_json(&self) -> &RawJson {
        &self.0
    }

    /// The JSON encoding of `value`, which must encode as an object.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).and_then(Self::checked)
    }

    fn checked<E: de::Error>(raw: Box<RawValue>) -> Result<Self, E> {
        if raw.get().starts_with('{') {
            Ok(Self(RawJson(raw)))
        } else {
            Err(E::invalid_type(unexpected(raw.get()), &"a JSON object"))
        }
    }
}

impl Default for RawJsonObject {
    fn default() -> Self {
        // `{}` is one JSON value, so this parse cannot fail; `null` keeps the fallback panic-free.
        let raw = RawValue::from_string("{}".to_owned()).unwrap_or_else(|_| RawValue::NULL.to_owned());
        Self(RawJson(raw))
    }
}

impl TryFrom<String> for RawJsonObject {
    type Error = serde_json::Error;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        RawValue::from_string(text).and_then(Self::checked)
    }
}

impl TryFrom<Box<RawValue>> for RawJsonObject {
    type Error = serde_json::Error;

    fn try_from(raw: Box<RawValue>) -> Result<Self, Self::Error> {
        Self::checked(raw)
    }
}

impl TryFrom<RawJson> for RawJsonObject {
    type Error = serde_json::Error;

    fn try_from(raw: RawJson) -> Result<Self, Self::Error> {
        Self::checked(raw.0)
    }
}

impl TryFrom<serde_json::Value> for RawJsonObject {
    type Error = serde_json::Error;

    fn try_from(value: serde_json::Value) -> Result<Self, Self::Error> {
        let unexpected = match value {
            serde_json::Value::Object(map) => return Ok(Self::from(map)),
            serde_json::Value::Array(_) => de::Unexpected::Seq,
            serde_json::Value::String(_) => de::Unexpected::Other("a string"),
            serde_json::Value::Bool(_) => de::Unexpected::Other("a boolean"),
            serde_json::Value::Null => de::Unexpected::Unit,
            serde_json::Value::Number(_) => de::Unexpected::Other("a number"),
        };
        Err(de::Error::invalid_type(unexpected, &"a JSON object"))
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for RawJsonObject {
    /// A map always encodes as an object, so this never fails.
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        serde_json::value::to_raw_value(&map).map_or_else(|_| Self::default(), |raw| Self(RawJson(raw)))
    }
}

impl<'de> Deserialize<'de> for RawJsonObject {
    /// Needs serde_json, as [`RawJson`]'s does; anything but an object is an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).and_then(Self::checked)
    }
}

/// How a non-object JSON text is named in an error: its kind, never its content (it may hold money).
fn unexpected(text: &str) -> de::Unexpected<'static> {
    match text.as_bytes().first() {
        Some(b'[') => de::Unexpected::Seq,
        Some(b'"') => de::Unexpected::Other("a string"),
        Some(b't' | b'f') => de::Unexpected::Other("a boolean"),
        Some(b'n') => de::Unexpected::Unit,
        _ => de::Unexpected::Other("a number"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_POW_200: &str = "1606938044258990275541962092341162602522202993782792835301376";

    #[test]
    fn keeps_the_text_as_received() {
        for text in ["null", "[1, 2]", r#"{"z" : 1, "a": 2}"#, "-0.5e-7", TWO_POW_200, r#""s\u00e9""#] {
            let raw: RawJson = serde_json::from_str(text).unwrap();
            assert_eq!(raw.as_str(), text);
            assert_eq!(serde_json::to_string(&raw).unwrap(), text);
            assert_eq!(raw.to_string(), text);
            assert_eq!(format!("{raw:?}"), text);
        }
        assert_eq!(" [1] ".parse::<RawJson>().unwrap().get(), "[1]");
        assert!("[1".parse::<RawJson>().is_err());
        assert!("1 2".parse::<RawJson>().is_err());
    }

    #[test]
    fn objects_are_checked() {
        let object: RawJsonObject = serde_json::from_str(r#"{"b":1,"a":2}"#).unwrap();
        assert_eq!(object.as_json().as_str(), r#"{"b":1,"a":2}"#);
        for bad in ["[]", "1", r#""{}""#, "true", "null"] {
            let err = serde_json::from_str::<RawJsonObject>(bad).unwrap_err();
            assert!(err.to_string().contains("expected a JSON object"), "{bad}: {err}");
            assert!(bad.parse::<RawJsonObject>().is_err(), "{bad}");
        }
        assert!(RawJsonObject::try_from(serde_json::json!([1])).is_err());
        assert!(RawJsonObject::from_serialize(&5).is_err());
        assert!(RawJsonObject::try_from(RawJson::null()).is_err());
    }

    #[test]
    fn defaults_and_conversions() {
        assert_eq!(RawJson::default().as_str(), "null");
        assert_eq!(RawJsonObject::default().as_str(), "{}");
        let value = serde_json::json!({"b": [1, "x"], "a": null});
        // serde_json's own map (sorted keys without `preserve_order`) decides the order here.
        let raw = RawJson::from(value.clone());
        assert_eq!(raw.to_value().unwrap(), value);
        let object = RawJsonObject::try_from(value.clone()).unwrap();
        assert_eq!(object.to_value().unwrap(), value);
        assert_eq!(RawJson::from(object.clone()), raw);
        let serde_json::Value::Object(map) = value else { unreachable!() };
        assert_eq!(RawJsonObject::from(map), object);
        let big: super::super::BigInt = TWO_POW_200.parse().unwrap();
        assert_eq!(RawJson::from_serialize(&[big]).unwrap().as_str(), format!("[{TWO_POW_200}]"));
    }

    #[test]
    fn equality_and_hash_are_textual() {
        use std::collections::HashSet;
        let compact: RawJson = r#"{"a":1}"#.parse().unwrap();
        let spaced: RawJson = r#"{"a": 1}"#.parse().unwrap();
        assert_ne!(compact, spaced);
        assert_eq!(compact.to_value().unwrap(), spaced.to_value().unwrap());
        let set: HashSet<RawJson> = [compact.clone(), compact, spaced].into_iter().collect();
        assert_eq!(set.len(), 2);
    }
}
