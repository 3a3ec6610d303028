//! Decoding of `oneOf`/`anyOf` unions (their encoding with a discriminator is in `tagged.rs`).
//!
//! A union buffers its JSON as [`RawJson`] (exact text, no `serde_json::Value`), reads the top-level
//! keys or the discriminator from that text without copying them, then decodes the chosen member
//! from the same text. A member that fits nothing stays as the `RawJson` it arrived as.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::RawJson;

/// What a union member looks like on the wire.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// An object with these declared properties, of which `required` must be present.
    Object {
        /// Every property the member declares.
        properties: &'static [&'static str],
        /// The properties it requires.
        required: &'static [&'static str],
    },
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
pub fn best_fit<const N: usize>(raw: &RawJson, shapes: &[Shape; N]) -> impl Iterator<Item = usize> + use<N> {
    // Fixed-size arrays: a union is decoded per item of a list, so nothing here touches the heap.
    let mut ranked = [(0usize, 0usize); N];
    let mut len = 0;
    let mut push = |index: usize, score: usize| {
        ranked[len] = (index, score);
        len += 1;
    };
    if !raw.as_str().starts_with('{') {
        for (index, shape) in shapes.iter().enumerate() {
            if matches!(shape, Shape::Other) {
                push(index, 0);
            }
        }
    } else {
        // Per member: declared properties present, required properties present.
        let mut counts = [(0usize, 0usize); N];
        let mut empty = true;
        let scanned = scan_keys(raw.as_str(), |key| {
            empty = false;
            for (shape, (matched, required_seen)) in shapes.iter().zip(counts.iter_mut()) {
                if let Shape::Object { properties, required } = shape {
                    *matched += usize::from(properties.contains(&key));
                    *required_seen += usize::from(required.contains(&key));
                }
            }
        });
        for (index, (shape, &(matched, required_seen))) in shapes.iter().zip(&counts).enumerate() {
            match shape {
                Shape::Object { required, .. } => {
                    if scanned.is_ok() && required_seen >= required.len() && (matched > 0 || empty) {
                        push(index, matched + 1);
                    }
                }
                Shape::Other => push(index, 0),
            }
        }
    }
    // Stable: ties keep declaration order.
    ranked[..len].sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    ranked.into_iter().take(len).map(|(index, _)| index)
}

/// Which of `values` the discriminator property `tag` of `raw` holds, read without copying it
/// (unless it holds escapes) and without reading the object past it; the first occurrence counts.
/// `None` when `raw` is not an object, lacks the property, holds something else than a string
/// there, or a value not in the list.
pub fn member_by_tag(raw: &RawJson, tag: &str, values: &[&str]) -> Option<usize> {
    let found = tag_value(raw, tag)?;
    values.iter().position(|value| *value == found)
}

/// The string value of the discriminator property `tag`, borrowed from `raw` unless it holds
/// escapes. Reading stops at the first occurrence: the rest of the object is not scanned.
fn tag_value<'a>(raw: &'a RawJson, tag: &str) -> Option<Cow<'a, str>> {
    struct TagFinder<'t, 'f, 'de> {
        tag: &'t str,
        found: &'f mut Option<Cow<'de, str>>,
    }

    impl<'de> Visitor<'de> for TagFinder<'_, '_, 'de> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(Key(key)) = map.next_key()? {
                if key == self.tag {
                    *self.found = map.next_value::<MaybeString<'de>>()?.0;
                    return Ok(());
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }

    if !raw.as_str().starts_with('{') {
        return None;
    }
    let mut found = None;
    // Stopping early leaves the object unfinished, which serde_json reports as an error; the text
    // is valid JSON (it was read as such), so only what was found matters.
    let _ = serde_json::Deserializer::from_str(raw.as_str()).deserialize_map(TagFinder { tag, found: &mut found });
    found
}

/// Calls `on_key` with each top-level key of the JSON object `text`, borrowed from `text` unless it
/// holds escapes; the values are skipped without being built.
fn scan_keys(text: &str, on_key: impl FnMut(&str)) -> Result<(), serde_json::Error> {
    struct Scanner<F>(F);

    impl<'de, F: FnMut(&str)> Visitor<'de> for Scanner<F> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
            while let Some(Key(key)) = map.next_key()? {
                (self.0)(&key);
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }

    serde_json::Deserializer::from_str(text).deserialize_map(Scanner(on_key))
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

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPES: &[Shape; 3] = &[
        Shape::Object { properties: &["amount", "source", "destination"], required: &[] },
        Shape::Object { properties: &["until", "duration"], required: &[] },
        Shape::Object { properties: &["event"], required: &["event"] },
    ];

    fn raw(text: &str) -> RawJson {
        text.parse().unwrap()
    }

    fn fit<const N: usize>(text: &str, shapes: &[Shape; N]) -> Vec<usize> {
        best_fit(&raw(text), shapes).collect()
    }

    #[test]
    fn ranks_by_matching_keys_not_order() {
        assert_eq!(fit(r#"{"event":"go"}"#, SHAPES), [2]);
        assert_eq!(fit(r#"{"duration":"1m"}"#, SHAPES), [1]);
        assert_eq!(fit(r#"{"duration":"1m","amount":{},"source":{}}"#, SHAPES), [0, 1]);
        // Escaped keys are compared by their value.
        assert_eq!(fit(r#"{"\u0065vent":"go"}"#, SHAPES), [2]);
    }

    #[test]
    fn nothing_fits_unknown_objects_or_scalars() {
        assert!(fit(r#"{"foo":1}"#, SHAPES).is_empty());
        assert!(fit(r#""text""#, SHAPES).is_empty());
        assert_eq!(fit("{}", SHAPES), [0, 1]);
        assert_eq!(fit("{ }", SHAPES), [0, 1]);
    }

    #[test]
    fn other_members_come_last_and_take_scalars() {
        let shapes = [Shape::Other, Shape::Object { properties: &["a"], required: &[] }];
        assert_eq!(fit(r#"{"a":1}"#, &shapes), [1, 0]);
        assert_eq!(fit("3", &shapes), [0]);
        assert_eq!(fit("[1]", &shapes), [0]);
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
        assert_eq!(
            member_by_tag(&raw(r#"{"type":"WALLET","type":"ACCOUNT"}"#), "type", &["ACCOUNT", "WALLET"]),
            Some(1)
        );
    }
}
