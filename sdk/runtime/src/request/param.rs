//! Parameters in their wire format: values as written in a path segment, a query string or a
//! header, values of parameters that take several (arrays, unions with an array member), path
//! segments encoded so that a value stays one segment.

use std::borrow::Cow;

use percent_encoding::utf8_percent_encode;

use crate::error::InvalidRequest;
use crate::error::redact::UNRESERVED;
use crate::model::{BigInt, RawJson};

/// A value as it is written in a path segment, query string or header.
#[doc(hidden)]
pub trait ToParam {
    /// The value's text on the wire.
    fn to_param(&self) -> String;
}

macro_rules! to_param_by_display {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
to_param_by_display!(str, String, bool, i32, i64, u32, u64, f64, BigInt, uuid::Uuid);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl ToParam for chrono::NaiveDate {
    fn to_param(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

/// A JSON string is written as its content, anything else as its JSON text.
impl ToParam for RawJson {
    fn to_param(&self) -> String {
        match self.parse::<String>() {
            Ok(text) => text,
            Err(_) => self.as_str().to_owned(),
        }
    }
}

/// A value written as several values of one parameter: an array (one per item), or a union with
/// an array member. How they go on the wire (repeated, or joined by a delimiter) is the
/// parameter's style, chosen by the generated code.
#[doc(hidden)]
pub trait ToParamValues {
    /// The values' texts on the wire, in order.
    fn to_param_values(&self) -> Vec<String>;
}

impl<T: ToParam> ToParamValues for [T] {
    fn to_param_values(&self) -> Vec<String> {
        self.iter().map(ToParam::to_param).collect()
    }
}

impl<T: ToParam> ToParamValues for Vec<T> {
    fn to_param_values(&self) -> Vec<String> {
        self.as_slice().to_param_values()
    }
}

/// Encodes a path parameter as exactly one path segment (`a/b?c#d` -> `a%2Fb%3Fc%23d`).
/// Empty, `.` and `..` are refused: no encoding keeps them from changing which path is addressed.
#[doc(hidden)]
pub fn path_segment(name: &str, value: &(impl ToParam + ?Sized)) -> Result<String, InvalidRequest> {
    let raw = value.to_param();
    if raw.is_empty() || raw == "." || raw == ".." {
        return Err(InvalidRequest::new(format!(
            "path parameter `{name}` cannot be {raw:?}: it would address another path"
        )));
    }
    Ok(Cow::from(utf8_percent_encode(&raw, UNRESERVED)).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_stay_one_segment() {
        assert_eq!(path_segment("id", "a/b?c#d").unwrap(), "a%2Fb%3Fc%23d");
        assert_eq!(path_segment("id", "100%").unwrap(), "100%25");
        assert_eq!(path_segment("id", "é x").unwrap(), "%C3%A9%20x");
        assert_eq!(path_segment("id", "a.b-c_d~e").unwrap(), "a.b-c_d~e");
        for bad in ["", ".", ".."] {
            assert!(path_segment("id", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn params_use_wire_formats() {
        let at = chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00.5+02:00").unwrap().to_utc();
        assert_eq!(at.to_param(), "2024-05-01T08:00:00.500Z");
        assert_eq!(true.to_param(), "true");
        assert_eq!(15u64.to_param(), "15");
        assert_eq!("\"a\\\"b\"".parse::<RawJson>().unwrap().to_param(), "a\"b");
        assert_eq!("[1,2]".parse::<RawJson>().unwrap().to_param(), "[1,2]");
    }

    #[test]
    fn arrays_give_one_value_per_item_in_order() {
        assert_eq!(vec![3u64, 1, 2].to_param_values(), ["3", "1", "2"]);
        assert_eq!([String::from("b"), String::from("a")][..].to_param_values(), ["b", "a"]);
        assert!(Vec::<String>::new().to_param_values().is_empty());
    }
}
