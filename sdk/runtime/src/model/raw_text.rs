//! The exact text of one JSON value, borrowed from the input when the deserializer lends it
//! (`serde_json::from_slice`, `from_str`) and owned otherwise (`from_reader`, `from_value`):
//! what unions and `BigInt` read their values from, so that no digit is lost and nothing is copied
//! that need not be.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

/// The text of the next value of `deserializer`, as received: borrowed when the deserializer can
/// lend it. Needs serde_json, as `RawValue` does; other deserializers fail with an error.
pub(crate) fn raw_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    match raw_value_name() {
        Some(name) => deserializer.deserialize_newtype_struct(name, RawTextVisitor),
        None => Ok(Cow::Owned(String::from(Box::<str>::from(Box::<RawValue>::deserialize(deserializer)?)))),
    }
}

/// The name under which serde_json's deserializers hand out the text of a value (`RawValue`'s
/// protocol), learnt from `RawValue` itself: `&RawValue` accepts only borrowed text and
/// `Box<RawValue>` always copies it, while unions and `BigInt` want either, without a copy.
fn raw_value_name() -> Option<&'static str> {
    match <&RawValue as Deserialize>::deserialize(NameProbe) {
        Err(Probed(name)) => name,
        Ok(_) => None,
    }
}

/// A deserializer that records the name of the newtype struct it is asked for, and nothing else.
struct NameProbe;

/// What [`NameProbe`] learnt.
#[derive(Debug)]
struct Probed(Option<&'static str>);

impl fmt::Display for Probed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("name probe")
    }
}

impl std::error::Error for Probed {}

impl de::Error for Probed {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Probed(None)
    }
}

impl<'de> Deserializer<'de> for NameProbe {
    type Error = Probed;

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, _: V) -> Result<V::Value, Probed> {
        Err(Probed(Some(name)))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Probed> {
        Err(Probed(None))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// Reads the text serde_json hands out for a raw value: the one value of a one-entry map.
struct RawTextVisitor;

impl<'de> Visitor<'de> for RawTextVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if map.next_key::<IgnoredAny>()?.is_none() {
            return Err(de::Error::invalid_length(0, &self));
        }
        map.next_value::<Text<'de>>().map(|text| text.0)
    }
}

/// A string, borrowed from the input when it can be.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor).map(Text)
    }
}

/// Reads a string, borrowed from the input when it can be.
pub(crate) struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}
