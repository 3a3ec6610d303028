//! Decoding and encoding of `oneOf`/`anyOf` unions.
//!
//! A union buffers its JSON as [`RawJson`] (exact text, no `serde_json::Value`), reads the top-level
//! keys or the discriminator from that text without copying them, then decodes the chosen member
//! from the same text. A member that fits nothing stays as the `RawJson` it arrived as.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Impossible, SerializeMap, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};

use crate::RawJson;

/// What a union member looks like on the wire.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// An object with these declared properties, of which `required` must be present.
    Object { properties: &'static [&'static str], required: &'static [&'static str] },
    /// Anything else: a primitive, an array, a map, another union.
    Other,
}

/// The members worth trying for `raw`, best first.
///
/// For an object, a member qualifies when all its required properties are present and at least one
/// key is one of its properties (any member will do for `{}`); members matching more keys come
/// first, ties in declaration order, then the members that are not plain objects. An object none of
/// them fits gives an empty list, so the caller keeps it as unknown JSON rather than decoding it into
/// a member that would drop every key. For anything but an object only non-object members qualify.
pub fn best_fit(raw: &RawJson, shapes: &[Shape]) -> Vec<usize> {
    let others = || shapes.iter().enumerate().filter(|(_, s)| matches!(s, Shape::Other)).map(|(i, _)| i);
    if !raw.as_str().starts_with('{') {
        return others().collect();
    }
    // Per member: declared properties present, required properties present.
    let mut counts = vec![(0usize, 0usize); shapes.len()];
    let mut empty = true;
    let scanned = scan(raw.as_str(), None, |key| {
        empty = false;
        for (shape, (matched, required_seen)) in shapes.iter().zip(counts.iter_mut()) {
            if let Shape::Object { properties, required } = shape {
                *matched += usize::from(properties.contains(&key));
                *required_seen += usize::from(required.contains(&key));
            }
        }
    });
    if scanned.is_err() {
        return others().collect();
    }
    let mut ranked: Vec<(usize, usize)> = Vec::with_capacity(shapes.len());
    for (index, (shape, &(matched, required_seen))) in shapes.iter().zip(&counts).enumerate() {
        match shape {
            Shape::Object { required, .. } => {
                if required_seen >= required.len() && (matched > 0 || empty) {
                    ranked.push((index, matched + 1));
                }
            }
            Shape::Other => ranked.push((index, 0)),
        }
    }
    // Stable: ties keep declaration order.
    ranked.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    ranked.into_iter().map(|(index, _)| index).collect()
}

/// Which of `values` the discriminator property `tag` of `raw` holds, read without copying it
/// (unless it holds escapes). `None` when `raw` is not an object, lacks the property, holds
/// something else than a string there, or a value not in the list.
pub fn member_by_tag(raw: &RawJson, tag: &str, values: &[&str]) -> Option<usize> {
    let found = tag_value(raw, tag)?;
    values.iter().position(|value| *value == found)
}

/// The string value of the discriminator property `tag`, borrowed from `raw` unless it holds escapes.
fn tag_value<'a>(raw: &'a RawJson, tag: &str) -> Option<Cow<'a, str>> {
    if !raw.as_str().starts_with('{') {
        return None;
    }
    scan(raw.as_str(), Some(tag), |_| {}).ok().flatten()
}

/// Serializes a union member with its discriminator set to the variant's value, whatever the
/// member's own tag field holds, so that a variant always goes out as itself. The tag takes the
/// place of the member's own tag field (or comes last when the member leaves it out); every other
/// key keeps its order, and numbers are written by the member itself, so no digit is lost.
pub fn serialize_tagged<T: Serialize + ?Sized, S: Serializer>(
    member: &T,
    tag: &'static str,
    tag_value: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    member.serialize(TaggedSerializer { inner: serializer, tag, tag_value })
}

/// Calls `on_key` with each top-level key of the JSON object `text` (keys borrowed from `text`
/// unless they hold escapes), skipping the values without building them, except that of the key
/// `tag`: returned when it is a string (the last one, if the key is repeated).
fn scan<'de>(
    text: &'de str,
    tag: Option<&str>,
    on_key: impl FnMut(&str),
) -> Result<Option<Cow<'de, str>>, serde_json::Error> {
    struct Scanner<'t, F> {
        tag: Option<&'t str>,
        on_key: F,
    }

    impl<'de, F: FnMut(&str)> Visitor<'de> for Scanner<'_, F> {
        type Value = Option<Cow<'de, str>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(Key(key)) = map.next_key()? {
                (self.on_key)(&key);
                if self.tag == Some(&*key) {
                    found = map.next_value::<MaybeString<'de>>()?.0;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }

    serde_json::Deserializer::from_str(text).deserialize_map(Scanner { tag, on_key })
}

/// A key, borrowed from the text when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor).map(Key)
    }
}

/// A value that may be a string: `Some` (borrowed when possible) for a string, `None` for anything else.
struct MaybeString<'de>(Option<Cow<'de, str>>);

impl<'de> Deserialize<'de> for MaybeString<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnyVisitor;

        impl<'de> Visitor<'de> for AnyVisitor {
            type Value = MaybeString<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(MaybeString(Some(Cow::Borrowed(v))))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(MaybeString(Some(Cow::Owned(v.to_owned()))))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeString(None))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(MaybeString(None))
            }
        }

        deserializer.deserialize_any(AnyVisitor)
    }
}

struct StrVisitor;

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
}

/// Serializes a member as itself, except that an object gets the discriminator: at the place of
/// the member's own field of that name, or last. Anything that is not an object passes unchanged.
struct TaggedSerializer<S> {
    inner: S,
    tag: &'static str,
    tag_value: &'static str,
}

/// An object being written with the discriminator in it.
struct TaggedObject<M> {
    inner: M,
    tag: &'static str,
    tag_value: &'static str,
    tag_written: bool,
    /// The map key just written was the tag: drop the member's value for it.
    skip_value: bool,
}

impl<M: SerializeMap> TaggedObject<M> {
    fn write_tag(&mut self) -> Result<(), M::Error> {
        if !self.tag_written {
            self.tag_written = true;
            self.inner.serialize_entry(self.tag, self.tag_value)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<M::Ok, M::Error> {
        self.write_tag()?;
        self.inner.end()
    }
}

impl<M: SerializeMap> SerializeStruct for TaggedObject<M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), M::Error> {
        if key == self.tag { self.write_tag() } else { self.inner.serialize_entry(key, value) }
    }

    fn end(self) -> Result<M::Ok, M::Error> {
        self.finish()
    }
}

impl<M: SerializeMap> SerializeMap for TaggedObject<M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
        if key.serialize(IsKey(self.tag)).unwrap_or(false) {
            self.skip_value = true;
            return self.write_tag();
        }
        self.inner.serialize_key(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
        if std::mem::take(&mut self.skip_value) { Ok(()) } else { self.inner.serialize_value(value) }
    }

    fn end(self) -> Result<M::Ok, M::Error> {
        self.finish()
    }
}

/// Whether a map key is the string `.0`; keys of other types never are.
struct IsKey(&'static str);

#[derive(Debug)]
struct NotAString;

impl fmt::Display for NotAString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a string")
    }
}

impl std::error::Error for NotAString {}

impl serde::ser::Error for NotAString {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotAString
    }
}

/// Every method but `serialize_str` answers "not the tag".
macro_rules! not_the_tag {
    ($($method:ident($($ty:ty),*);)*) => {$(
        fn $method(self, $(_: $ty),*) -> Result<bool, NotAString> {
            Ok(false)
        }
    )*};
}

impl Serializer for IsKey {
    type Ok = bool;
    type Error = NotAString;
    type SerializeSeq = Impossible<bool, NotAString>;
    type SerializeTuple = Impossible<bool, NotAString>;
    type SerializeTupleStruct = Impossible<bool, NotAString>;
    type SerializeTupleVariant = Impossible<bool, NotAString>;
    type SerializeMap = Impossible<bool, NotAString>;
    type SerializeStruct = Impossible<bool, NotAString>;
    type SerializeStructVariant = Impossible<bool, NotAString>;

    fn serialize_str(self, v: &str) -> Result<bool, NotAString> {
        Ok(v == self.0)
    }

    not_the_tag! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<bool, NotAString> {
        Ok(variant == self.0)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<bool, NotAString> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<bool, NotAString> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, NotAString> {
        Ok(false)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAString> {
        Err(NotAString)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAString> {
        Err(NotAString)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, NotAString> {
        Err(NotAString)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotAString> {
        Err(NotAString)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAString> {
        Err(NotAString)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotAString> {
        Err(NotAString)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAString> {
        Err(NotAString)
    }
}

/// Forwards a scalar call to the wrapped serializer unchanged.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method(self, $($arg: $ty),*) -> Result<S::Ok, S::Error> {
            self.inner.$method($($arg),*)
        }
    )*};
}

impl<S: Serializer> Serializer for TaggedSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = S::SerializeSeq;
    type SerializeTuple = S::SerializeTuple;
    type SerializeTupleStruct = S::SerializeTupleStruct;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = TaggedObject<S::SerializeMap>;
    type SerializeStruct = TaggedObject<S::SerializeMap>;
    type SerializeStructVariant = S::SerializeStructVariant;

    forward! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_i128(v: i128);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_u128(v: u128);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.inner.serialize_some(value)
    }

    /// A newtype around an object is the object: it gets the tag.
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_newtype_variant(name, index, variant, value)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<S::SerializeSeq, S::Error> {
        self.inner.serialize_seq(len)
    }

    fn serialize_tuple(self, len: usize) -> Result<S::SerializeTuple, S::Error> {
        self.inner.serialize_tuple(len)
    }

    fn serialize_tuple_struct(self, name: &'static str, len: usize) -> Result<S::SerializeTupleStruct, S::Error> {
        self.inner.serialize_tuple_struct(name, len)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleVariant, S::Error> {
        self.inner.serialize_tuple_variant(name, index, variant, len)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.tagged_object()
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, S::Error> {
        self.tagged_object()
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeStructVariant, S::Error> {
        self.inner.serialize_struct_variant(name, index, variant, len)
    }
}

impl<S: Serializer> TaggedSerializer<S> {
    /// The member's own entry count is not the output's (the tag may be added), so the length is
    /// left unknown.
    fn tagged_object(self) -> Result<TaggedObject<S::SerializeMap>, S::Error> {
        Ok(TaggedObject {
            inner: self.inner.serialize_map(None)?,
            tag: self.tag,
            tag_value: self.tag_value,
            tag_written: false,
            skip_value: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::BigInt;

    const SHAPES: &[Shape] = &[
        Shape::Object { properties: &["amount", "source", "destination"], required: &[] },
        Shape::Object { properties: &["until", "duration"], required: &[] },
        Shape::Object { properties: &["event"], required: &["event"] },
    ];

    fn raw(text: &str) -> RawJson {
        text.parse().unwrap()
    }

    #[test]
    fn ranks_by_matching_keys_not_order() {
        assert_eq!(best_fit(&raw(r#"{"event":"go"}"#), SHAPES), [2]);
        assert_eq!(best_fit(&raw(r#"{"duration":"1m"}"#), SHAPES), [1]);
        assert_eq!(best_fit(&raw(r#"{"duration":"1m","amount":{},"source":{}}"#), SHAPES), [0, 1]);
        // Escaped keys are compared by their value.
        assert_eq!(best_fit(&raw(r#"{"\u0065vent":"go"}"#), SHAPES), [2]);
    }

    #[test]
    fn nothing_fits_unknown_objects_or_scalars() {
        assert!(best_fit(&raw(r#"{"foo":1}"#), SHAPES).is_empty());
        assert!(best_fit(&raw(r#""text""#), SHAPES).is_empty());
        assert_eq!(best_fit(&raw("{}"), SHAPES), [0, 1]);
        assert_eq!(best_fit(&raw("{ }"), SHAPES), [0, 1]);
    }

    #[test]
    fn other_members_come_last_and_take_scalars() {
        let shapes = [Shape::Other, Shape::Object { properties: &["a"], required: &[] }];
        assert_eq!(best_fit(&raw(r#"{"a":1}"#), &shapes), [1, 0]);
        assert_eq!(best_fit(&raw("3"), &shapes), [0]);
        assert_eq!(best_fit(&raw("[1]"), &shapes), [0]);
    }

    #[test]
    fn reads_the_tag_borrowed() {
        let text = raw(r#"{"identifier":"x","nested":{"type":"NO"},"type":"WALLET"}"#);
        let tag = tag_value(&text, "type");
        assert!(matches!(tag, Some(Cow::Borrowed("WALLET"))), "{tag:?}");
        let escaped = raw(r#"{"type":"W\u0041LLET"}"#);
        assert_eq!(tag_value(&escaped, "type").as_deref(), Some("WALLET"));
        for text in [r#"{"type":7}"#, r#"{"kind":"WALLET"}"#, r#""WALLET""#, r#"{"type":null}"#, "[]"] {
            assert_eq!(tag_value(&raw(text), "type"), None, "{text}");
        }
        assert_eq!(member_by_tag(&text, "type", &["ACCOUNT", "WALLET"]), Some(1));
        assert_eq!(member_by_tag(&text, "type", &["ACCOUNT"]), None);
    }

    #[derive(Serialize)]
    struct Member {
        kind: String,
        amount: BigInt,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    }

    #[derive(Serialize)]
    struct Untagged {
        amount: BigInt,
    }

    const TWO_POW_200: &str = "1606938044258990275541962092341162602522202993782792835301376";

    fn tagged(member: &impl Serialize) -> String {
        let mut out = Vec::new();
        serialize_tagged(member, "kind", "PAYOUT", &mut serde_json::Serializer::new(&mut out)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn tagged_member_keeps_digits_order_and_one_tag() {
        let member = Member { kind: "OTHER".into(), amount: TWO_POW_200.parse().unwrap(), note: Some("n".into()) };
        assert_eq!(tagged(&member), format!(r#"{{"kind":"PAYOUT","amount":{TWO_POW_200},"note":"n"}}"#));
        // A member without the tag field gets it last.
        let untagged = Untagged { amount: TWO_POW_200.parse().unwrap() };
        assert_eq!(tagged(&untagged), format!(r#"{{"amount":{TWO_POW_200},"kind":"PAYOUT"}}"#));
        // Maps too, whatever their own tag says.
        let map = indexmap::IndexMap::from([("a", json!(1)), ("kind", json!("X")), ("b", json!(2))]);
        assert_eq!(tagged(&map), r#"{"a":1,"kind":"PAYOUT","b":2}"#);
        // Anything but an object passes unchanged.
        assert_eq!(tagged(&"text"), r#""text""#);
    }
}
