//! `BigInt`: the integers the API marks `format: bigint`, which can exceed 64 bits (ledger amounts).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

/// An integer of any size, kept as its decimal digits so that nothing is lost on the way
/// through the SDK. On the wire it is a plain JSON number (`{"amount": 1606938044258990275541962092341162602522202993782792835301376}`).
///
/// ```
/// use formance_sdk_runtime::BigInt;
///
/// let amount: BigInt = "1606938044258990275541962092341162602522202993782792835301376".parse()?;
/// assert_eq!(amount.to_u64(), None);
/// assert_eq!(BigInt::from(100u64).to_u64(), Some(100));
/// # Ok::<(), formance_sdk_runtime::ParseBigIntError>(())
/// ```
#[derive(Clone)]
pub struct BigInt {
    /// Canonical decimal form: an optional `-`, then digits without leading zeros; zero is `0`.
    digits: Digits,
}

/// The canonical digits: in place when they are few (every `i64` and `u64`, so most amounts: a list
/// of them decodes without one allocation per amount), on the heap beyond.
#[derive(Clone)]
enum Digits {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

/// The most digits (and sign) kept in place: as many as fit beside the tag and the length in the
/// size of a `String`.
const INLINE: usize = 22;

impl Digits {
    /// `text` must be canonical (see [`BigInt::is_canonical`]).
    fn new(text: &str) -> Self {
        match text.len() {
            len @ ..=INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..len].copy_from_slice(text.as_bytes());
                // `len` is at most `INLINE`, which fits a `u8`.
                Self::Inline { len: len as u8, bytes }
            }
            _ => Self::Heap(text.into()),
        }
    }

    /// As [`new`](Self::new), keeping the buffer of a long `text`.
    fn from_string(text: String) -> Self {
        if text.len() <= INLINE { Self::new(&text) } else { Self::Heap(text.into_boxed_str()) }
    }

    fn as_str(&self) -> &str {
        match self {
            // The bytes are ASCII digits copied from a `str`; `0` keeps the fallback panic-free.
            Self::Inline { len, bytes } => {
                bytes.get(..usize::from(*len)).and_then(|digits| std::str::from_utf8(digits).ok()).unwrap_or("0")
            }
            Self::Heap(digits) => digits,
        }
    }
}

/// A string that is not a decimal integer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a decimal integer")]
pub struct ParseBigIntError;

impl BigInt {
    /// The decimal digits, with a leading `-` when negative.
    pub fn as_str(&self) -> &str {
        self.digits.as_str()
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.as_str().starts_with('-')
    }

    /// The value as an `i64`, if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        self.as_str().parse().ok()
    }

    /// The value as a `u64`, if it fits.
    pub fn to_u64(&self) -> Option<u64> {
        self.as_str().parse().ok()
    }

    /// The value as an `i128`, if it fits.
    pub fn to_i128(&self) -> Option<i128> {
        self.as_str().parse().ok()
    }

    /// The value as a `u128`, if it fits.
    pub fn to_u128(&self) -> Option<u128> {
        self.as_str().parse().ok()
    }

    /// From digits already in canonical form.
    fn canonical(digits: String) -> Self {
        Self { digits: Digits::from_string(digits) }
    }

    fn magnitude(&self) -> &str {
        self.as_str().trim_start_matches('-')
    }

    /// `-?[1-9][0-9]*` or `0`: the form `digits` holds.
    fn is_canonical(text: &str) -> bool {
        let magnitude = text.strip_prefix('-').unwrap_or(text);
        let bytes = magnitude.as_bytes();
        match bytes {
            [] => false,
            [b'0'] => magnitude.len() == text.len(),
            [first, rest @ ..] => (b'1'..=b'9').contains(first) && rest.iter().all(u8::is_ascii_digit),
        }
    }
}

impl Default for BigInt {
    fn default() -> Self {
        Self { digits: Digits::new("0") }
    }
}

/// Equal values have the same canonical digits, so comparing (and hashing) the digits is enough.
impl PartialEq for BigInt {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for BigInt {}

impl Hash for BigInt {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl FromStr for BigInt {
    type Err = ParseBigIntError;

    /// Accepts `-?[0-9]+`; leading zeros and `-0` are normalised.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (negative, magnitude) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        if magnitude.is_empty() || !magnitude.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseBigIntError);
        }
        let magnitude = magnitude.trim_start_matches('0');
        Ok(match (magnitude.is_empty(), negative) {
            (true, _) => Self::default(),
            (false, true) => Self::canonical(format!("-{magnitude}")),
            (false, false) => Self { digits: Digits::new(magnitude) },
        })
    }
}

macro_rules! from_primitive {
    ($($t:ty),*) => {$(
        impl From<$t> for BigInt {
            fn from(value: $t) -> Self {
                Self::canonical(value.to_string())
            }
        }
    )*};
}
from_primitive!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Ord for BigInt {
    fn cmp(&self, other: &Self) -> Ordering {
        let by_magnitude = |a: &Self, b: &Self| {
            let (a, b) = (a.magnitude(), b.magnitude());
            a.len().cmp(&b.len()).then_with(|| a.cmp(b))
        };
        match (self.is_negative(), other.is_negative()) {
            (false, false) => by_magnitude(self, other),
            (true, true) => by_magnitude(other, self),
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
        }
    }
}

impl PartialOrd for BigInt {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Values that fit 64 or 128 bits go through serde's integer calls, which every format supports;
/// larger ones are written as a JSON number token with every digit (serde_json's `RawValue`), which
/// only serde_json understands: other formats see serde_json's raw-value wrapper instead.
impl Serialize for BigInt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(small) = self.to_i64() {
            return serializer.serialize_i64(small);
        }
        if let Some(small) = self.to_u64() {
            return serializer.serialize_u64(small);
        }
        if let Some(wide) = self.to_i128() {
            return serializer.serialize_i128(wide);
        }
        if let Some(wide) = self.to_u128() {
            return serializer.serialize_u128(wide);
        }
        let number = RawValue::from_string(self.as_str().to_owned()).map_err(serde::ser::Error::custom)?;
        number.serialize(serializer)
    }
}

/// Reads the JSON text of the value (through serde_json's `RawValue`), so that no digit is lost
/// whatever features serde_json has: a number, or a string of digits, as some servers send big
/// integers. Fractions, exponents and anything else are refused.
/// Needs serde_json (`from_str`, `from_slice`, `from_reader`, `from_value`); other formats, and
/// serde's buffering in `#[serde(flatten)]` or untagged enums, fail with an error rather than round.
impl<'de> Deserialize<'de> for BigInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::from(Box::<str>::from(Box::<RawValue>::deserialize(deserializer)?));
        let unexpected = match text.as_bytes().first() {
            Some(b'"') => {
                let digits: Cow<'_, str> = serde_json::from_str(&text).map_err(de::Error::custom)?;
                return digits.parse().map_err(|_| de::Error::invalid_value(de::Unexpected::Str(&digits), &EXPECTED));
            }
            // JSON allows no leading zeros, so a number's text is already canonical but for `-0`
            // and non-integers: keep it as it is (its buffer, when it is long).
            Some(b'-' | b'0'..=b'9') if BigInt::is_canonical(&text) => return Ok(Self::canonical(text)),
            Some(b'-' | b'0'..=b'9') => match text.parse() {
                Ok(value) => return Ok(value),
                Err(_) => de::Unexpected::Other("a number with a fraction or an exponent"),
            },
            Some(b'{') => de::Unexpected::Map,
            Some(b'[') => de::Unexpected::Seq,
            Some(b't' | b'f') => de::Unexpected::Other("a boolean"),
            _ => de::Unexpected::Unit,
        };
        Err(de::Error::invalid_type(unexpected, &EXPECTED))
    }
}

const EXPECTED: &str = "an integer";

/// A `BigInt` that does not fit the integer type it was converted to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the integer does not fit in {0}")]
pub struct TryFromBigIntError(&'static str);

macro_rules! try_into_primitive {
    ($($t:ty => $method:ident),*) => {$(
        impl TryFrom<&BigInt> for $t {
            type Error = TryFromBigIntError;

            fn try_from(value: &BigInt) -> Result<Self, Self::Error> {
                value.$method().ok_or(TryFromBigIntError(stringify!($t)))
            }
        }

        impl TryFrom<BigInt> for $t {
            type Error = TryFromBigIntError;

            fn try_from(value: BigInt) -> Result<Self, Self::Error> {
                <$t>::try_from(&value)
            }
        }
    )*};
}
try_into_primitive!(i64 => to_i64, u64 => to_u64, i128 => to_i128, u128 => to_u128);

/// Conversions with the `num-bigint` crate, for arithmetic (feature `num-bigint`).
#[cfg(feature = "num-bigint")]
mod num {
    use super::BigInt;

    // The module's `cfg` again on each impl: where another crate inlines `BigInt` (the generated
    // crates do), rustdoc shows the feature an impl needs only from the impl's own attributes.
    #[cfg(feature = "num-bigint")]
    impl From<num_bigint::BigInt> for BigInt {
        fn from(value: num_bigint::BigInt) -> Self {
            Self::from(&value)
        }
    }

    #[cfg(feature = "num-bigint")]
    impl From<&num_bigint::BigInt> for BigInt {
        fn from(value: &num_bigint::BigInt) -> Self {
            // `Display` writes the canonical form: `-` only for negatives, no leading zeros.
            Self::canonical(value.to_string())
        }
    }

    #[cfg(feature = "num-bigint")]
    impl From<&BigInt> for num_bigint::BigInt {
        fn from(value: &BigInt) -> Self {
            // The digits are canonical, so parsing cannot fail; zero keeps the fallback panic-free.
            value.as_str().parse().unwrap_or_default()
        }
    }

    #[cfg(feature = "num-bigint")]
    impl From<BigInt> for num_bigint::BigInt {
        fn from(value: BigInt) -> Self {
            Self::from(&value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_POW_200: &str = "1606938044258990275541962092341162602522202993782792835301376";

    #[test]
    fn parses_and_normalises() {
        assert_eq!("007".parse::<BigInt>().unwrap().as_str(), "7");
        assert_eq!("-0".parse::<BigInt>().unwrap().as_str(), "0");
        assert_eq!(format!("-{TWO_POW_200}").parse::<BigInt>().unwrap().as_str(), format!("-{TWO_POW_200}"));
        for bad in ["", "-", "1.5", "1e3", "+1", " 1", "0x10"] {
            assert!(bad.parse::<BigInt>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn json_round_trip_keeps_every_digit() {
        for text in [TWO_POW_200.to_owned(), format!("-{TWO_POW_200}"), "0".to_owned(), "-12".to_owned()] {
            let value: BigInt = serde_json::from_str(&text).unwrap();
            assert_eq!(value.as_str(), text);
            assert_eq!(serde_json::to_string(&value).unwrap(), text);
        }
    }

    #[test]
    fn accepts_digit_strings_but_not_fractions() {
        let value: BigInt = serde_json::from_str(&format!("\"{TWO_POW_200}\"")).unwrap();
        assert_eq!(value.as_str(), TWO_POW_200);
        assert!(serde_json::from_str::<BigInt>("1.5").is_err());
        assert!(serde_json::from_str::<BigInt>("1e400").is_err());
        assert!(serde_json::from_str::<BigInt>("1.0").is_err());
        assert!(serde_json::from_str::<BigInt>("-0").unwrap().as_str() == "0");
        for bad in ["true", "null", "[1]", r#"{"a":1}"#, r#""1.5""#, r#""""#] {
            assert!(serde_json::from_str::<BigInt>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn json_round_trip_in_arrays_and_maps() {
        let text =
            format!(r#"[{TWO_POW_200},-{TWO_POW_200},"{TWO_POW_200}",0,-1,340282366920938463463374607431768211455]"#);
        let values: Vec<BigInt> = serde_json::from_str(&text).unwrap();
        let canonical = text.replace(&format!(r#""{TWO_POW_200}""#), TWO_POW_200);
        assert_eq!(serde_json::to_string(&values).unwrap(), canonical);
        let text = format!(r#"{{"b":{TWO_POW_200},"a":-{TWO_POW_200}}}"#);
        let map: indexmap::IndexMap<String, BigInt> = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::to_string(&map).unwrap(), text);
    }

    #[test]
    fn a_json_value_holds_what_it_can() {
        // `Value` keeps 64-bit integers, so those come through; a float is refused, never guessed.
        let value: serde_json::Value = serde_json::from_str("-9223372036854775808").unwrap();
        assert_eq!(serde_json::from_value::<BigInt>(value).unwrap(), BigInt::from(i64::MIN));
        let rounded: serde_json::Value = serde_json::from_str(TWO_POW_200).unwrap();
        assert!(rounded.is_f64());
        assert!(serde_json::from_value::<BigInt>(rounded).is_err());
        assert!(serde_json::from_value::<BigInt>(serde_json::json!(TWO_POW_200)).is_ok());
    }

    #[test]
    fn wide_values_use_128_bit_calls() {
        // serde_json writes them itself; `to_value` cannot hold them and says so instead of rounding.
        let wide = BigInt::from(u128::MAX);
        assert_eq!(serde_json::to_string(&wide).unwrap(), u128::MAX.to_string());
        assert!(serde_json::to_value(&wide).is_err());
        assert_eq!(serde_json::to_string(&BigInt::from(i128::MIN)).unwrap(), i128::MIN.to_string());
    }

    #[test]
    fn converts_to_primitives_when_it_fits() {
        let big: BigInt = TWO_POW_200.parse().unwrap();
        assert_eq!(u128::try_from(&big), Err(TryFromBigIntError("u128")));
        assert_eq!(i64::try_from(BigInt::from(-5i8)), Ok(-5));
        assert_eq!(u64::try_from(BigInt::from(-5i8)).unwrap_err().to_string(), "the integer does not fit in u64");
        assert_eq!(i128::try_from(&BigInt::from(i128::MIN)), Ok(i128::MIN));
        assert_eq!(u128::try_from(&BigInt::from(u128::MAX)), Ok(u128::MAX));
    }

    #[cfg(feature = "num-bigint")]
    #[test]
    fn converts_with_num_bigint() {
        for text in [TWO_POW_200.to_owned(), format!("-{TWO_POW_200}"), "0".to_owned(), "-1".to_owned()] {
            let ours: BigInt = text.parse().unwrap();
            let theirs = num_bigint::BigInt::from(&ours);
            assert_eq!(theirs.to_string(), text);
            let doubled = BigInt::from(&theirs + &theirs);
            assert_eq!(BigInt::from(theirs.clone()), ours);
            assert_eq!(num_bigint::BigInt::from(doubled), theirs * 2);
        }
    }

    #[test]
    fn short_and_long_digits_behave_alike() {
        use std::hash::BuildHasher;
        let hasher = std::collections::hash_map::RandomState::new();
        // Around the number of bytes kept in place, the sign included.
        for len in 1..=INLINE + 3 {
            for text in ["9".repeat(len), format!("-{}", "9".repeat(len)), format!("1{}", "0".repeat(len - 1))] {
                let parsed: BigInt = text.parse().unwrap();
                let borrowed: BigInt = serde_json::from_str(&text).unwrap();
                let owned: BigInt = serde_json::from_reader(text.as_bytes()).unwrap();
                let quoted: BigInt = serde_json::from_str(&format!("\"{text}\"")).unwrap();
                assert_eq!(parsed.as_str(), text);
                for other in [&borrowed, &owned, &quoted, &parsed.clone()] {
                    assert_eq!(other.as_str(), text);
                    assert_eq!(other, &parsed);
                    assert_eq!(hasher.hash_one(other), hasher.hash_one(&parsed));
                    assert_eq!(serde_json::to_string(other).unwrap(), text);
                }
            }
        }
        // Equal values are equal whichever way they were built.
        assert_eq!(BigInt::from(u64::MAX), "18446744073709551615".parse().unwrap());
        assert_eq!(BigInt::from(i128::MIN), serde_json::from_str(&i128::MIN.to_string()).unwrap());
        assert_eq!(serde_json::from_str::<BigInt>("-0").unwrap(), BigInt::default());
        let sorted: Vec<BigInt> =
            [21, 22, 23].iter().map(|&n| format!("1{}", "0".repeat(n)).parse().unwrap()).collect();
        assert!(sorted.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(BigInt::from(-1) < BigInt::default());
    }

    #[test]
    fn orders_numerically() {
        let mut values: Vec<BigInt> =
            ["10", "-3", "9", TWO_POW_200, "-100", "0"].iter().map(|s| s.parse().unwrap()).collect();
        values.sort();
        let sorted: Vec<&str> = values.iter().map(BigInt::as_str).collect();
        assert_eq!(sorted, ["-100", "-3", "0", "9", "10", TWO_POW_200]);
    }
}
