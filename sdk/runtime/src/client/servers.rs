//! The servers of an API with variables, as a generated crate describes them: what
//! [`ClientBuilder::from_env`](crate::ClientBuilder::from_env) builds a server URL from, what a
//! generated enum of a variable's values parses with, and how a value goes into the URL.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::utf8_percent_encode;

use crate::error::redact::UNRESERVED;

/// A server URL variable's value as it goes into the URL: everything but RFC 3986's unreserved
/// characters is percent-encoded, so that a value cannot end the host or add a path, user info,
/// query or fragment (`evil.example/x#` stays inside its label and makes the URL invalid rather
/// than pointing it elsewhere).
#[doc(hidden)]
pub fn server_variable(value: &str) -> Cow<'_, str> {
    Cow::from(utf8_percent_encode(value, UNRESERVED))
}

/// A server of the API's description whose URL has variables
/// (`https://{organization}.{environment}.formance.cloud`).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ServerPreset {
    /// The URL template, variables in braces.
    pub template: &'static str,
    /// Every variable the template names, in the order it first names them.
    pub variables: &'static [ServerVariable],
}

impl ServerPreset {
    #[doc(hidden)]
    pub const fn new(template: &'static str, variables: &'static [ServerVariable]) -> Self {
        Self { template, variables }
    }

    /// The URL with `value(variable)` in place of each variable: an enumerated one as it is (one
    /// of the spec's values), a free one percent-encoded.
    pub(crate) fn url<'v>(&self, value: impl Fn(&ServerVariable) -> &'v str) -> String {
        // One pass over the template, so that a value is never read as a template itself.
        let mut url = String::with_capacity(self.template.len());
        let mut rest = self.template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else { break };
            url.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            match self.variables.iter().find(|variable| variable.name == name) {
                Some(variable) if variable.values.is_empty() => url.push_str(&server_variable(value(variable))),
                Some(variable) => url.push_str(value(variable)),
                None => url.push_str(&rest[open..=close]),
            }
            rest = &rest[close + 1..];
        }
        url.push_str(rest);
        url
    }
}

/// A variable of a server URL: its name, the environment variable
/// [`ClientBuilder::from_env`](crate::ClientBuilder::from_env) reads it from, its default, and its
/// values when the spec lists them (an `enum`).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ServerVariable {
    /// The variable's name in the URL template (`environment`).
    pub name: &'static str,
    /// The environment variable's name after the crate's prefix (`ENVIRONMENT`, read as
    /// `FORMANCE_ENVIRONMENT` with the prefix `FORMANCE_`).
    pub env_suffix: &'static str,
    /// The spec's default value.
    pub default: &'static str,
    /// The values the spec allows, empty for a free variable (any text, percent-encoded).
    pub values: &'static [&'static str],
    /// The names of the generated enum's variants, in the order of `values` (`EuWest1` for
    /// `eu-west-1`).
    pub variants: &'static [&'static str],
}

impl ServerVariable {
    #[doc(hidden)]
    pub const fn free(name: &'static str, env_suffix: &'static str, default: &'static str) -> Self {
        Self { name, env_suffix, default, values: &[], variants: &[] }
    }

    #[doc(hidden)]
    pub const fn enumerated(
        name: &'static str,
        env_suffix: &'static str,
        default: &'static str,
        values: &'static [&'static str],
        variants: &'static [&'static str],
    ) -> Self {
        Self { name, env_suffix, default, values, variants }
    }

    /// The index of the value `text` spells: the spec's value as it is, or else, ignoring ASCII case
    /// and the separators `-`, `_` and `.`, the one value or variant name it matches
    /// (`EU_WEST_1`, `eu_west_1` and `EuWest1` are `eu-west-1`); `None` for anything else and for a
    /// spelling that matches two values.
    fn position(&self, text: &str) -> Option<usize> {
        if let Some(exact) = self.values.iter().position(|value| *value == text) {
            return Some(exact);
        }
        let wanted = loose(text);
        if wanted.is_empty() {
            return None;
        }
        let mut found = (0..self.values.len()).filter(|&index| {
            let names = [self.values.get(index), self.variants.get(index)];
            names.into_iter().flatten().any(|name| loose(name) == wanted)
        });
        match (found.next(), found.next()) {
            (Some(index), None) => Some(index),
            _ => None,
        }
    }

    /// The spec's value `text` spells (see [`ServerVariable::position`]).
    pub(crate) fn parse(&self, text: &str) -> Result<&'static str, ParseServerVariableError> {
        self.position(text).and_then(|index| self.values.get(index).copied()).ok_or_else(|| self.refuse(text))
    }

    fn refuse(&self, text: &str) -> ParseServerVariableError {
        ParseServerVariableError { variable: self.name, value: text.to_owned(), expected: self.values }
    }
}

/// `EU_WEST_1` -> `euwest1`: what spellings of one value have in common.
fn loose(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '-' | '_' | '.')).map(|c| c.to_ascii_lowercase()).collect()
}

/// The variant of `variants` (in the order of `variable.values`) that `text` spells: what a
/// generated enum's `FromStr` calls.
#[doc(hidden)]
pub fn parse_server_variable<T: Copy>(
    variable: &ServerVariable,
    variants: &[T],
    text: &str,
) -> Result<T, ParseServerVariableError> {
    variable.position(text).and_then(|index| variants.get(index).copied()).ok_or_else(|| variable.refuse(text))
}

/// Text that is none of a server variable's values: what the `FromStr` of a server variable's enum
/// (`"eu-west-3".parse::<Environment>()`) returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseServerVariableError {
    variable: &'static str,
    value: String,
    expected: &'static [&'static str],
}

impl ParseServerVariableError {
    /// The server variable's name in the URL template (`environment`).
    pub fn variable(&self) -> &str {
        self.variable
    }

    /// The text that was parsed.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The spec's values, which it accepts (their variant names too, case and separators aside).
    pub fn expected(&self) -> &[&'static str] {
        self.expected
    }
}

impl fmt::Display for ParseServerVariableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a value of the server variable {{{}}}: expected ", self.value, self.variable)?;
        let last = self.expected.len().saturating_sub(1);
        for (index, value) in self.expected.iter().enumerate() {
            let separator = match index {
                0 => "",
                _ if index == last => " or ",
                _ => ", ",
            };
            write!(f, "{separator}{value}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseServerVariableError {}

#[cfg(test)]
mod tests {
    use super::*;

    const ENVIRONMENT: ServerVariable = ServerVariable::enumerated(
        "environment",
        "ENVIRONMENT",
        "eu.sandbox",
        &["eu.sandbox", "eu-west-1", "us-east-1"],
        &["EuSandbox", "EuWest1", "UsEast1"],
    );

    #[test]
    fn the_spec_value_and_the_variant_name_are_accepted_in_any_case() {
        for (text, value) in [
            ("eu-west-1", "eu-west-1"),
            ("EU_WEST_1", "eu-west-1"),
            ("eu_west_1", "eu-west-1"),
            ("EuWest1", "eu-west-1"),
            ("EU-WEST-1", "eu-west-1"),
            ("eu.sandbox", "eu.sandbox"),
            ("EU_SANDBOX", "eu.sandbox"),
            ("eusandbox", "eu.sandbox"),
            ("UsEast1", "us-east-1"),
        ] {
            assert_eq!(ENVIRONMENT.parse(text), Ok(value), "{text}");
        }
        assert_eq!(parse_server_variable(&ENVIRONMENT, &['a', 'b', 'c'], "US_EAST_1"), Ok('c'));
    }

    #[test]
    fn anything_else_is_refused_with_the_values_expected() {
        for text in ["", "eu-west-3", "eu west", "eu-west-1 ", "-", "sandbox", "EuWest1x"] {
            let err = ENVIRONMENT.parse(text).unwrap_err();
            assert_eq!(err.variable(), "environment");
            assert_eq!(err.value(), text);
            assert_eq!(err.expected(), ["eu.sandbox", "eu-west-1", "us-east-1"]);
        }
        let err = ENVIRONMENT.parse("eu-west-3").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#""eu-west-3" is not a value of the server variable {environment}: expected eu.sandbox, eu-west-1 or us-east-1"#
        );
    }

    #[test]
    fn a_spelling_of_two_values_is_refused_and_exact_values_win() {
        const TWINS: ServerVariable =
            ServerVariable::enumerated("mode", "MODE", "a-b", &["a-b", "a_b", "C"], &["AB", "AB2", "C"]);
        assert_eq!(TWINS.parse("a-b"), Ok("a-b"));
        assert_eq!(TWINS.parse("a_b"), Ok("a_b"));
        assert!(TWINS.parse("A-B").is_err(), "two values are spelt A-B loosely");
        assert!(TWINS.parse("AB").is_err());
        assert_eq!(TWINS.parse("AB2"), Ok("a_b"));
        assert_eq!(TWINS.parse("c"), Ok("C"));
        assert!(parse_server_variable(&TWINS, &[1, 2], "C").is_err(), "a variant missing from the list");
    }

    #[test]
    fn server_variables_stay_inside_their_place() {
        assert_eq!(server_variable("acme-1234"), "acme-1234");
        assert_eq!(server_variable("eu.sandbox"), "eu.sandbox");
        assert_eq!(server_variable("evil.example/x#"), "evil.example%2Fx%23");
        assert_eq!(server_variable("u:p@h"), "u%3Ap%40h");
    }

    #[test]
    fn free_values_are_encoded_into_the_url_and_enumerated_ones_are_not() {
        const PRESET: ServerPreset = ServerPreset::new(
            "https://{organization}.{environment}.example.com/{organization}",
            &[ServerVariable::free("organization", "ORGANIZATION", "org"), ENVIRONMENT],
        );
        let url = PRESET.url(|variable| if variable.name == "organization" { "evil.test/x#" } else { "eu.sandbox" });
        assert_eq!(url, "https://evil.test%2Fx%23.eu.sandbox.example.com/evil.test%2Fx%23");
    }
}
