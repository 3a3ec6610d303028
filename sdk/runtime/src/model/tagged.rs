//! Encoding of discriminated unions: the member as itself, with the discriminator set to the
//! variant's value.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

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
        // Map members are rare (a struct is the usual member), so the key is simply built as a `Value`.
        let is_tag =
            matches!(key.serialize(serde_json::value::Serializer), Ok(serde_json::Value::String(k)) if k == self.tag);
        if is_tag {
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

    use super::super::BigInt;
    use super::*;

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
