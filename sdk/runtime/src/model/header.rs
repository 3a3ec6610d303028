//! Response headers the spec documents, read as their types by the accessors generated on what an
//! operation's `send()` returns. A header is read when its accessor is called, never while the call
//! runs: a value the server got wrong is that accessor's error, not the call's, and nothing a server
//! sends makes it panic.

use std::fmt;
use std::str::FromStr;

use reqwest::header::HeaderMap;

use super::BigInt;

/// The source of a [`HeaderError`]: why the text is not a value of the header's type.
type Cause = Box<dyn std::error::Error + Send + Sync>;

/// A documented response header that is missing (when the spec says it is always sent), sent more
/// than once where it is one value, not text, or not a value of its type.
///
/// Its `Display` names the header and the reason, never the value itself.
#[derive(Debug)]
#[non_exhaustive]
pub struct HeaderError {
    name: &'static str,
    kind: HeaderErrorKind,
}

#[derive(Debug)]
enum HeaderErrorKind {
    Missing,
    Repeated(usize),
    NotText,
    Invalid(Cause),
}

impl HeaderError {
    /// The header's name, as the spec writes it.
    pub fn name(&self) -> &str {
        self.name
    }

    /// The header is not in the response, although the spec says it is always sent.
    pub fn is_missing(&self) -> bool {
        matches!(self.kind, HeaderErrorKind::Missing)
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name;
        match &self.kind {
            HeaderErrorKind::Missing => {
                write!(f, "the response has no `{name}` header, which the API documents as always sent")
            }
            HeaderErrorKind::Repeated(n) => {
                write!(f, "the response has {n} `{name}` headers where one value is documented")
            }
            HeaderErrorKind::NotText => write!(f, "the response header `{name}` is not visible ASCII text"),
            HeaderErrorKind::Invalid(cause) => write!(f, "the response header `{name}` is not a valid value: {cause}"),
        }
    }
}

impl std::error::Error for HeaderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            HeaderErrorKind::Invalid(cause) => Some(cause.as_ref()),
            _ => None,
        }
    }
}

/// A value a documented response header holds, read from its text (surrounding spaces removed).
#[doc(hidden)]
pub trait FromHeader: Sized {
    /// The value `text` stands for.
    fn from_header(text: &str) -> Result<Self, Cause>;
}

/// `FromStr` types whose text in a header is their text anywhere else.
macro_rules! from_str {
    ($($t:ty),*) => {$(
        impl FromHeader for $t {
            fn from_header(text: &str) -> Result<Self, Cause> {
                <$t as FromStr>::from_str(text).map_err(Cause::from)
            }
        }
    )*};
}
from_str!(bool, i32, i64, u32, u64, f64, BigInt, uuid::Uuid);

impl FromHeader for String {
    fn from_header(text: &str) -> Result<Self, Cause> {
        Ok(text.to_owned())
    }
}

/// RFC 3339, as `format: date-time` is.
impl FromHeader for chrono::DateTime<chrono::Utc> {
    fn from_header(text: &str) -> Result<Self, Cause> {
        Ok(chrono::DateTime::parse_from_rfc3339(text)?.with_timezone(&chrono::Utc))
    }
}

/// `YYYY-MM-DD`, as `format: date` is.
impl FromHeader for chrono::NaiveDate {
    fn from_header(text: &str) -> Result<Self, Cause> {
        Ok(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")?)
    }
}

/// The text of each line of the header `name`.
fn texts<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<Vec<&'h str>, HeaderError> {
    headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().map(str::trim).map_err(|_| HeaderError { name, kind: HeaderErrorKind::NotText }))
        .collect()
}

fn parse<T>(name: &'static str, text: &str, read: impl Fn(&str) -> Result<T, Cause>) -> Result<T, HeaderError> {
    read(text).map_err(|cause| HeaderError { name, kind: HeaderErrorKind::Invalid(cause) })
}

/// The one value of the documented header `name`, read by `read`; `None` when it is absent.
#[doc(hidden)]
pub fn response_header<T>(
    headers: &HeaderMap,
    name: &'static str,
    read: impl Fn(&str) -> Result<T, Cause>,
) -> Result<Option<T>, HeaderError> {
    match texts(headers, name)?.as_slice() {
        [] => Ok(None),
        [text] => parse(name, text, read).map(Some),
        lines => Err(HeaderError { name, kind: HeaderErrorKind::Repeated(lines.len()) }),
    }
}

/// The values of the documented list header `name` (`simple` style: comma-separated, over every
/// line of the header), each read by `read`; `None` when it is absent.
#[doc(hidden)]
pub fn response_header_values<T>(
    headers: &HeaderMap,
    name: &'static str,
    read: impl Fn(&str) -> Result<T, Cause>,
) -> Result<Option<Vec<T>>, HeaderError> {
    let lines = texts(headers, name)?;
    if lines.is_empty() {
        return Ok(None);
    }
    let items = lines.iter().flat_map(|line| line.split(',')).map(str::trim).filter(|item| !item.is_empty());
    items.map(|item| parse(name, item, &read)).collect::<Result<Vec<T>, _>>().map(Some)
}

/// A documented header the spec says is always sent: its absence is an error.
#[doc(hidden)]
pub fn required_header<T>(name: &'static str, value: Result<Option<T>, HeaderError>) -> Result<T, HeaderError> {
    value?.ok_or(HeaderError { name, kind: HeaderErrorKind::Missing })
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    /// Header lines: a name and the bytes of its value.
    type Lines<'a> = &'a [(&'static str, &'a [u8])];

    fn headers(lines: Lines<'_>) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in lines {
            map.append(*name, HeaderValue::from_bytes(value).unwrap());
        }
        map
    }

    const TWO_POW_130: &str = "1361129467683753853853498429727072845824";

    #[test]
    fn values_are_read_as_their_types_by_any_case_of_their_name() {
        let map = headers(&[("count", TWO_POW_130.as_bytes()), ("x-when", b" 2024-05-01T08:00:00+02:00 ")]);
        let count = response_header(&map, "Count", BigInt::from_header).unwrap();
        assert_eq!(count.unwrap().as_str(), TWO_POW_130);
        let when = response_header(&map, "X-When", chrono::DateTime::from_header).unwrap().unwrap();
        assert_eq!(when.to_rfc3339(), "2024-05-01T06:00:00+00:00");
        assert!(response_header(&map, "X-Absent", u64::from_header).unwrap().is_none());
        let list = headers(&[("x-ids", b"1, 2"), ("x-ids", b"3,")]);
        assert_eq!(response_header_values(&list, "X-Ids", u32::from_header).unwrap(), Some(vec![1, 2, 3]));
    }

    #[test]
    fn what_a_hostile_server_sends_is_an_error_that_names_the_header_not_its_value() {
        let huge = "9".repeat(100_000);
        let cases: [(Lines<'_>, &str); 5] = [
            (&[("count", b"12abc")], "the response header `Count` is not a valid value"),
            (&[("count", b"-")], "not a valid value"),
            (&[("count", b"1"), ("count", b"2")], "the response has 2 `Count` headers"),
            (&[("count", b"\xff\xfe")], "is not visible ASCII text"),
            // Read whole, every digit kept.
            (&[("count", huge.as_bytes())], ""),
        ];
        for (lines, expected) in cases {
            let map = headers(lines);
            match response_header(&map, "Count", BigInt::from_header) {
                Ok(value) => assert!(expected.is_empty() && value.is_some(), "{lines:?}"),
                Err(error) => {
                    let shown = error.to_string();
                    assert!(shown.contains(expected), "{shown}");
                    assert!(!shown.contains("abc"), "the value is not shown: {shown}");
                    assert_eq!(error.name(), "Count");
                }
            }
        }
        // A u64 that overflows, a list item of the wrong type, a required header that is absent.
        assert!(response_header(&headers(&[("n", TWO_POW_130.as_bytes())]), "N", u64::from_header).is_err());
        assert!(response_header_values(&headers(&[("n", b"1,x")]), "N", u64::from_header).is_err());
        let missing = required_header("N", response_header(&HeaderMap::new(), "N", u64::from_header)).unwrap_err();
        assert!(missing.is_missing() && missing.to_string().contains("always sent"), "{missing}");
    }
}
