//! Decoding of `oneOf`/`anyOf` unions (their encoding with a discriminator is in `tagged.rs`).
//!
//! A union takes the text of its JSON value ([`UnionJson`], through serde_json's `RawValue`: no
//! `serde_json::Value`), reads the discriminator or the top-level keys from that text without
//! copying them, then decodes the chosen member from the same text, so that numbers keep every
//! digit. JSON that fits no member is kept as that text, in a `RawJson`, exactly as received.
//! The text has to be read to its end before the member is chosen: an unknown member is
//! known as such only once its discriminator is read, and by then a single pass would have consumed
//! the text it must keep.

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

/// The JSON text of one union value, as received (`serde_json::from_slice`, `from_str`,
/// `from_reader`; compact from `from_value`). A union picks a member from it (by the discriminator
/// or by its keys, without copying them), then decodes that member from it; JSON that fits no
/// member is kept as this text, as the [`RawJson`] it already is.
#[derive(Debug)]
pub struct UnionJson {
    raw: RawJson,
}

impl UnionJson {
    /// The JSON text, as received.
    pub fn as_str(&self) -> &str {
        self.raw.as_str()
    }

    /// Decodes the member `T` from the text; numbers keep every digit, as they are read from the
    /// text itself.
    pub fn parse<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.as_str())
    }

    /// Which of `values` the discriminator property `tag` holds (see [`member_by_tag`]).
    pub fn tag(&self, tag: &str, values: &[&str]) -> Option<usize> {
        member_by_tag(self.as_str(), tag, values)
    }

    /// The text as [`RawJson`], for JSON that fits no member.
    pub fn into_raw(self) -> RawJson {
        self.raw
    }
}

impl<'de> Deserialize<'de> for UnionJson {
    /// Needs serde_json, as [`RawJson`]'s does.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawJson::deserialize(deserializer).map(|raw| Self { raw })
    }
}

/// The members worth trying for the union value `raw` (JSON text), best first.
///
/// For an object, a member qualifies when all its required properties are present and at least one
/// key is one of its properties (any member will do for `{}`); members matching more keys come
/// first, ties in declaration order, then the members that are not plain objects. An object none of
/// them fits gives an empty list, so the caller keeps it as unknown JSON rather than decoding it into
/// a member that would drop every key. For anything but an object only non-object members qualify.
pub fn best_fit<const N: usize>(raw: &str, shapes: &[Shape; N]) -> impl Iterator<Item = usize> + use<N> {
    // Fixed-size arrays: a union is decoded per item of a list, so nothing here touches the heap.
    let mut ranked = [(0usize, 0usize); N];
    let mut len = 0;
    let mut push = |index: usize, score: usize| {
        ranked[len] = (index, score);
        len += 1;
    };
    if !raw.starts_with('{') {
        for (index, shape) in shapes.iter().enumerate() {
            if matches!(shape, Shape::Other) {
                push(index, 0);
            }
        }
    } else {
        // Per member: declared properties present, required properties present.
        let mut counts = [(0usize, 0usize); N];
        let mut empty = true;
        let scanned = scan_keys(raw, |key| {
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

/// Which of `values` the discriminator property `tag` of the JSON text `raw` holds, read without
/// copying it (unless it holds escapes) and without reading the object past it; the first
/// occurrence counts. `None` when `raw` is not an object, lacks the property, holds something else
/// than a string there, or a value not in the list.
pub fn member_by_tag(raw: &str, tag: &str, values: &[&str]) -> Option<usize> {
    if let Some(found) = leading_tag(raw, tag) {
        return values.iter().position(|value| *value == found);
    }
    let found = tag_value(raw, tag)?;
    values.iter().position(|value| *value == found)
}

/// The discriminator's value when it is the object's first entry, written without escapes
/// (`{"type":"WALLET",...`, as servers that encode declared structs send it): read straight from
/// the text. `None` sends the caller to the full reading, which handles every other case.
fn leading_tag<'a>(raw: &'a str, tag: &str) -> Option<&'a str> {
    // A tag that JSON writes escaped cannot be compared with the text as it is.
    if tag.bytes().any(|b| b == b'"' || b == b'\\') {
        return None;
    }
    let rest = skip_whitespace(raw.strip_prefix('{')?);
    let rest = rest.strip_prefix('"')?.strip_prefix(tag)?.strip_prefix('"')?;
    let rest = skip_whitespace(skip_whitespace(rest).strip_prefix(':')?);
    let value = rest.strip_prefix('"')?;
    // The value ends at the first quote, unless an escape comes first (which may hide a quote or
    // spell the value differently).
    let end = value.bytes().position(|b| b == b'"' || b == b'\\')?;
    match value.as_bytes().get(end) {
        Some(b'"') => value.get(..end),
        _ => None,
    }
}

/// `text` without the whitespace JSON allows before a token.
fn skip_whitespace(text: &str) -> &str {
    text.trim_start_matches([' ', '\t', '\n', '\r'])
}

/// The string value of the discriminator property `tag`, borrowed from `raw` unless it holds
/// escapes. Reading stops at the first occurrence: the rest of the object is not scanned.
fn tag_value<'a>(raw: &'a str, tag: &str) -> Option<Cow<'a, str>> {
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

    if !raw.starts_with('{') {
        return None;
    }
    let mut found = None;
    // Stopping early leaves the object unfinished, which serde_json reports as an error; the text
    // is valid JSON (it was read as such), so only what was found matters.
    let _ = serde_json::Deserializer::from_str(raw).deserialize_map(TagFinder { tag, found: &mut found });
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

/// Reads a string, borrowed from the input when it can be.
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

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
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

    /// `text`, checked to be one JSON value, as a union's text always is.
    fn raw(text: &str) -> &str {
        text.parse::<RawJson>().unwrap();
        text
    }

    fn fit<const N: usize>(text: &str, shapes: &[Shape; N]) -> Vec<usize> {
        best_fit(raw(text), shapes).collect()
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
    fn takes_the_text_as_received_whatever_the_reader() {
        let text = r#"{ "type" : "WALLET", "amount" : 1606938044258990275541962092341162602522202993782792835301376 }"#;
        let json: UnionJson = serde_json::from_str(text).unwrap();
        assert_eq!(json.as_str(), text);
        let padded = format!(" {text}\n");
        let json: UnionJson = serde_json::from_slice(padded.as_bytes()).unwrap();
        assert_eq!(json.as_str(), text);
        let json = UnionJson::deserialize(&mut serde_json::Deserializer::from_reader(text.as_bytes())).unwrap();
        assert_eq!(json.as_str(), text);
        let value = serde_json::json!({"type": "WALLET", "n": [1, 2]});
        let json = UnionJson::deserialize(value).unwrap();
        assert_eq!(json.as_str(), r#"{"n":[1,2],"type":"WALLET"}"#);
        assert_eq!(json.into_raw().as_str(), r#"{"n":[1,2],"type":"WALLET"}"#);
        assert!(serde_json::from_str::<UnionJson>("{").is_err());
    }

    #[test]
    fn leading_tag_reads_only_what_it_can_read_right() {
        for (text, expected) in [
            (r#"{"type":"WALLET","identifier":"w"}"#, Some("WALLET")),
            ("{ \"type\" :\t\"WALLET\" }", Some("WALLET")),
            (r#"{"type":""}"#, Some("")),
            // The full reading answers these.
            (r#"{"type":"W\u0041LLET"}"#, None),
            (r#"{"type":"WAL\"LET"}"#, None),
            (r#"{"\u0074ype":"WALLET"}"#, None),
            (r#"{"types":"WALLET","type":"ACCOUNT"}"#, None),
            (r#"{"identifier":"w","type":"WALLET"}"#, None),
            (r#"{"type":7}"#, None),
            (r#"["type","WALLET"]"#, None),
        ] {
            assert_eq!(leading_tag(text, "type"), expected, "{text}");
        }
        // A tag with a backslash is never compared with the text: this key is `aA`, not the tag.
        assert_eq!(leading_tag(r#"{"a\u0041":"X"}"#, r"a\u0041"), None);
    }

    #[test]
    fn the_tag_is_the_same_read_either_way() {
        let values = ["ACCOUNT", "WALLET"];
        for (text, expected) in [
            (r#"{"type":"WALLET","identifier":"w"}"#, Some(1)),
            (r#"{ "type" : "ACCOUNT" }"#, Some(0)),
            (r#"{"type":"W\u0041LLET"}"#, Some(1)),
            (r#"{"\u0074ype":"ACCOUNT"}"#, Some(0)),
            (r#"{"types":"WALLET","type":"ACCOUNT"}"#, Some(0)),
            (r#"{"type":"LEDGER"}"#, None),
            (r#"{"type":"WALLET ","x":1}"#, None),
            (r#"{"type":null}"#, None),
        ] {
            assert_eq!(member_by_tag(raw(text), "type", &values), expected, "{text}");
            let slow = tag_value(raw(text), "type").and_then(|found| values.iter().position(|v| *v == found));
            assert_eq!(slow, expected, "{text}");
        }
    }

    #[test]
    fn reads_the_tag_borrowed() {
        let text = raw(r#"{"identifier":"x","nested":{"type":"NO"},"type":"WALLET"}"#);
        let tag = tag_value(text, "type");
        assert!(matches!(tag, Some(Cow::Borrowed("WALLET"))), "{tag:?}");
        let escaped = raw(r#"{"type":"W\u0041LLET"}"#);
        assert_eq!(tag_value(escaped, "type").as_deref(), Some("WALLET"));
        for text in [r#"{"type":7}"#, r#"{"kind":"WALLET"}"#, r#""WALLET""#, r#"{"type":null}"#, "[]"] {
            assert_eq!(tag_value(raw(text), "type"), None, "{text}");
        }
        assert_eq!(member_by_tag(text, "type", &["ACCOUNT", "WALLET"]), Some(1));
        assert_eq!(member_by_tag(text, "type", &["ACCOUNT"]), None);
        assert_eq!(
            member_by_tag(raw(r#"{"type":"WALLET","type":"ACCOUNT"}"#), "type", &["ACCOUNT", "WALLET"]),
            Some(1)
        );
    }
}
