//! `BigInt`: the integers the API marks `format: bigint`, which can exceed 64 bits (ledger amounts).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An integer of any size, kept as its decimal digits so that nothing is lost on the way
/// through the SDK. On the wire it is a plain JSON number (`{"amount": 1606938044258990275541962092341162602522202993782792835301376}`).
///
/// ```
/// use formance_orchestration::BigInt;
///
/// let amount: BigInt = "1606938044258990275541962092341162602522202993782792835301376".parse()?;
/// assert_eq!(amount.to_u64(), None);
/// assert_eq!(BigInt::from(100u64).to_u64(), Some(100));
/// # Ok::<(), formance_orchestration::ParseBigIntError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BigInt {
    /// Canonical decimal form: an optional `-`, then digits without leading zeros; zero is `0`.
    digits: String,
}

/// A string that is not a decimal integer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a decimal integer")]
pub struct ParseBigIntError;

impl BigInt {
    /// The decimal digits, with a leading `-` when negative.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    pub fn is_negative(&self) -> bool {
        self.digits.starts_with('-')
    }

    /// The value as an `i64`, if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        self.digits.parse().ok()
    }

    /// The value as a `u64`, if it fits.
    pub fn to_u64(&self) -> Option<u64> {
        self.digits.parse().ok()
    }

    /// The value as an `i128`, if it fits.
    pub fn to_i128(&self) -> Option<i128> {
        self.digits.parse().ok()
    }

    /// The value as a `u128`, if it fits.
    pub fn to_u128(&self) -> Option<u128> {
        self.digits.parse().ok()
    }

    fn magnitude(&self) -> &str {
        self.digits.trim_start_matches('-')
    }
}

impl Default for BigInt {
    fn default() -> Self {
        Self { digits: "0".to_owned() }
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
        let digits = match (magnitude.is_empty(), negative) {
            (true, _) => "0".to_owned(),
            (false, true) => format!("-{magnitude}"),
            (false, false) => magnitude.to_owned(),
        };
        Ok(Self { digits })
    }
}

macro_rules! from_primitive {
    ($($t:ty),*) => {$(
        impl From<$t> for BigInt {
            fn from(value: $t) -> Self {
                Self { digits: value.to_string() }
            }
        }
    )*};
}
from_primitive!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits)
    }
}

impl fmt::Debug for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits)
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

impl Serialize for BigInt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(small) = self.to_i64() {
            return serializer.serialize_i64(small);
        }
        if let Some(small) = self.to_u64() {
            return serializer.serialize_u64(small);
        }
        // Larger values go out as a JSON number token with every digit (serde_json's arbitrary precision).
        let number = serde_json::Number::from_str(&self.digits).map_err(serde::ser::Error::custom)?;
        number.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for BigInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BigIntVisitor)
    }
}

struct BigIntVisitor;

impl<'de> Visitor<'de> for BigIntVisitor {
    type Value = BigInt;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<BigInt, E> {
        Ok(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<BigInt, E> {
        Ok(v.into())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<BigInt, E> {
        Ok(v.into())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<BigInt, E> {
        Ok(v.into())
    }

    /// serde_json (from a `Value`) hands over a whole number beyond 128 bits as an `f64` only when the
    /// float's shortest decimal form is the number's exact text, so those digits are the number.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<BigInt, E> {
        if !v.is_finite() || v.fract() != 0.0 {
            return Err(E::invalid_value(de::Unexpected::Float(v), &self));
        }
        // `Display` for `f64` writes the shortest round-trip digits, never an exponent.
        v.to_string().parse().map_err(|_| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    /// Some servers send big integers as strings; accept them, and send numbers back.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<BigInt, E> {
        v.parse().map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    /// serde_json hands over exact numbers as a one-entry map; its `Number` knows how to read it.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<BigInt, A::Error> {
        let number = serde_json::Number::deserialize(de::value::MapAccessDeserializer::new(map))?;
        let text = number.to_string();
        text.parse().map_err(|_| de::Error::invalid_value(de::Unexpected::Other(&text), &self))
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
        assert!(serde_json::from_str::<BigInt>("true").is_err());
    }

    #[test]
    fn round_numbers_beyond_128_bits_survive_a_json_value() {
        for text in ["10000000000000000000000000000000000000000", "-1000000000000000000000000000000000000000000000"] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let decoded: BigInt = serde_json::from_value(value).unwrap();
            assert_eq!(decoded.as_str(), text);
        }
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
