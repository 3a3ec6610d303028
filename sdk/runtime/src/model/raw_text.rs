//! The exact text of one JSON value: what unions and `BigInt` read their values from, so that no
//! digit is lost; and strings borrowed from the input when the deserializer lends them.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::value::RawValue;

/// The text of the next value of `deserializer`, as received. Needs serde_json, as `RawValue`
/// does; other deserializers fail with an error.
///
/// Always a copy: `&RawValue` could borrow it, but only from deserializers that lend their input
/// (it fails on `from_reader`), and choosing between the two at run time would mean speaking
/// serde_json's private `RawValue` protocol, which a semver-compatible release of serde_json may
/// change under users' builds. `Cow` keeps the door open should serde_json ever offer it.
pub(crate) fn raw_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    Ok(Cow::Owned(String::from(Box::<str>::from(raw))))
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
