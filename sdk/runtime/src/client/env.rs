//! [`ClientBuilder::from_env`]: a builder's settings from environment variables named after the
//! generated crate (`FORMANCE_SERVER_URL`...), each checked where it is read, so that an error names
//! the variable at fault.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::time::Duration;

use url::Url;

use super::servers::{ServerPreset, ServerVariable};
use super::{ApiDescription, ClientBuilder, FromClient, normalize_prefix, parse_server_url, resolve_token_url};
use crate::auth::Auth;
use crate::error::redact::Secret;
use crate::error::{Error, Failure, InvalidRequest};

/// The settings read, by the name after the prefix, in the order they are read.
const SERVER_URL: &str = "SERVER_URL";
const API_PREFIX: &str = "API_PREFIX";
const CLIENT_ID: &str = "CLIENT_ID";
const CLIENT_SECRET: &str = "CLIENT_SECRET";
const TOKEN_URL: &str = "TOKEN_URL";
const BEARER_TOKEN: &str = "BEARER_TOKEN";
const TIMEOUT: &str = "TIMEOUT";
const OPERATION_TIMEOUT: &str = "OPERATION_TIMEOUT";
const CONNECT_TIMEOUT: &str = "CONNECT_TIMEOUT";

/// A value that is not Unicode (`std::env::var`'s `NotUnicode`), never shown.
struct NotUnicode;

/// The variables of one API and where their values come from.
struct Env<'a, L> {
    prefix: Cow<'static, str>,
    api: &'a ApiDescription,
    lookup: L,
}

impl<L: FnMut(&str) -> Result<Option<String>, NotUnicode>> Env<'_, L> {
    fn name(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.prefix)
    }

    /// The value of `<prefix><suffix>`; empty counts as unset.
    fn get(&mut self, suffix: &str) -> Result<Option<String>, Failure> {
        let name = self.name(suffix);
        match (self.lookup)(&name) {
            Ok(value) => Ok(value.filter(|value| !value.is_empty())),
            Err(NotUnicode) => Err(invalid(&name, "the value is not valid UTF-8")),
        }
    }

    /// The server variables of every preset, each once, in the order the presets name them.
    fn server_variables(&self) -> Vec<&'static ServerVariable> {
        let mut seen = BTreeSet::new();
        self.api.servers.iter().flat_map(|preset| preset.variables).filter(|v| seen.insert(v.env_suffix)).collect()
    }

    /// Every variable read, by the name after the prefix, in the order they are read.
    fn suffixes(&self) -> Vec<&'static str> {
        let mut suffixes = vec![SERVER_URL];
        suffixes.extend(self.server_variables().iter().map(|v| v.env_suffix));
        suffixes.push(API_PREFIX);
        if self.api.token_url.is_some() {
            suffixes.extend([CLIENT_ID, CLIENT_SECRET, TOKEN_URL]);
        }
        suffixes.extend([BEARER_TOKEN, TIMEOUT, OPERATION_TIMEOUT, CONNECT_TIMEOUT]);
        suffixes
    }
}

fn env_of<L>(api: &ApiDescription, lookup: L) -> Env<'_, L> {
    let prefix = match api.env_prefix {
        Some(prefix) => Cow::Borrowed(prefix),
        None => Cow::Owned(format!("{}_", api.name.to_ascii_uppercase().replace('-', "_"))),
    };
    Env { prefix, api, lookup }
}

fn invalid(variable: &str, message: impl std::fmt::Display) -> Failure {
    Error::InvalidRequest(InvalidRequest::of_variable(variable, message))
}

impl<C: FromClient> ClientBuilder<C> {
    /// A builder with the settings the process's environment variables give, and every other
    /// setting at its default; the setters called after it replace what it read.
    ///
    /// The variables are named after the generated crate, with its prefix (`FORMANCE_` for the
    /// Orchestration SDK, the crate's name in upper case otherwise: `ACME_CLIENT_` for
    /// `acme-client`); its `ClientBuilder` lists them, and
    /// [`env_variables()`](Self::env_variables) returns them. Nothing else is read. Unset or
    /// empty, a variable leaves its setting at its default.
    ///
    /// | variable | setting |
    /// | --- | --- |
    /// | `<PREFIX>SERVER_URL` | [`server_url`](Self::server_url) |
    /// | `<PREFIX><VARIABLE>`, one per variable of the spec's servers (`FORMANCE_ORGANIZATION`, `FORMANCE_ENVIRONMENT`) | the server whose URL has exactly the variables set, the first in the spec's order: every variable of that server must be set, a value of an `enum` spelt as the spec does or as its enum's variant, in any case (`eu-west-1`, `EU_WEST_1`, `EuWest1`); refused with `<PREFIX>SERVER_URL` |
    /// | `<PREFIX>API_PREFIX` | [`api_prefix`](Self::api_prefix); `/` for none |
    /// | `<PREFIX>CLIENT_ID`, `<PREFIX>CLIENT_SECRET` | [`client_credentials`](Self::client_credentials): both or neither (read only when the spec has an OAuth2 client credentials flow) |
    /// | `<PREFIX>TOKEN_URL` | [`token_url`](Self::token_url) (idem) |
    /// | `<PREFIX>BEARER_TOKEN` | [`bearer_token`](Self::bearer_token); refused with client credentials |
    /// | `<PREFIX>TIMEOUT`, `<PREFIX>OPERATION_TIMEOUT`, `<PREFIX>CONNECT_TIMEOUT` | [`timeout`](Self::timeout), [`operation_timeout`](Self::operation_timeout), [`connect_timeout`](Self::connect_timeout) |
    ///
    /// A duration is a number of seconds, decimals allowed, or a number with the unit `ms`, `s` or
    /// `m`: `30`, `2.5`, `1500ms`, `30s`, `2m`; more than zero.
    ///
    /// A value that is not valid is an [`Error::InvalidRequest`] whose
    /// [`variable()`](crate::InvalidRequest::variable) is the variable's name and whose message says
    /// why, without ever quoting a secret (the client secret, the bearer token). What depends on
    /// several settings (plain http to a host that is not loopback with credentials, say) is
    /// checked by [`build()`](Self::build), as for settings made in code.
    pub fn from_env() -> Result<Self, Error<C::ErrorBody>> {
        Self::read_env(|name| match std::env::var(name) {
            Ok(value) => Ok(Some(value)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(NotUnicode),
        })
        .map_err(Failure::widen)
    }

    /// [`from_env`](Self::from_env) with the values `lookup` gives for each name (`None`: unset):
    /// a map of yours, a configuration file, or a test's values, without touching the process's
    /// environment.
    pub fn from_env_with(mut lookup: impl FnMut(&str) -> Option<String>) -> Result<Self, Error<C::ErrorBody>> {
        Self::read_env(|name| Ok(lookup(name))).map_err(Failure::widen)
    }

    /// The names of the variables [`from_env`](Self::from_env) reads, in the order it reads them.
    pub fn env_variables() -> Vec<String> {
        let env = env_of(C::API, |_: &str| Ok::<_, NotUnicode>(None));
        env.suffixes().into_iter().map(|suffix| env.name(suffix)).collect()
    }

    fn read_env(lookup: impl FnMut(&str) -> Result<Option<String>, NotUnicode>) -> Result<Self, Failure> {
        let mut env = env_of(C::API, lookup);
        let mut builder = Self::new();

        let server_url = env.get(SERVER_URL)?;
        let mut variables = Vec::new();
        for variable in env.server_variables() {
            if let Some(value) = env.get(variable.env_suffix)? {
                variables.push((variable, value));
            }
        }
        let server = match (server_url, variables.is_empty()) {
            (None, true) => None,
            (Some(url), true) => Some(checked_url(&env.name(SERVER_URL), url)?),
            (Some(_), false) => {
                return Err(invalid(
                    &env.name(SERVER_URL),
                    format!(
                        "it is set, and so is {}: give the server's URL or its variables",
                        set_names(&env, &variables)
                    ),
                ));
            }
            (None, false) => Some(preset_url(&env, &variables)?),
        };
        let base = match &server {
            Some((_, url)) => url.clone(),
            None => parse_server_url(env.api.server_url).map_err(Error::invalid)?,
        };
        builder.server_url = server.map(|(text, _)| text);

        if let Some(prefix) = env.get(API_PREFIX)? {
            normalize_prefix(&prefix).map_err(|reason| invalid(&env.name(API_PREFIX), reason))?;
            builder.api_prefix = Some(prefix);
        }

        let credentials = if env.api.token_url.is_some() {
            let (id, secret) = (env.get(CLIENT_ID)?, env.get(CLIENT_SECRET)?);
            if let Some(token_url) = env.get(TOKEN_URL)? {
                resolve_token_url(&base, &token_url).map_err(|reason| invalid(&env.name(TOKEN_URL), reason))?;
                builder.token_url = Some(token_url);
            }
            match (id, secret) {
                (Some(id), Some(secret)) => Some((id, secret)),
                (None, None) => None,
                (id, _) => {
                    let (set, unset) =
                        if id.is_some() { (CLIENT_ID, CLIENT_SECRET) } else { (CLIENT_SECRET, CLIENT_ID) };
                    let (set, unset) = (env.name(set), env.name(unset));
                    return Err(invalid(&unset, format!("it is not set, and {set} is: client credentials need both")));
                }
            }
        } else {
            None
        };

        if let Some(token) = env.get(BEARER_TOKEN)? {
            let name = env.name(BEARER_TOKEN);
            if credentials.is_some() {
                let id = env.name(CLIENT_ID);
                return Err(invalid(&name, format!("it is set, and so is {id}: a client authenticates one way")));
            }
            // The same check as `build()`'s, here so that the error names the variable.
            Auth::bearer(token.clone())
                .map_err(|reason| invalid(&name, format!("the token cannot be used: {reason}")))?;
            builder.bearer_token = Some(Secret::new(token));
        }
        builder.client_credentials = credentials;

        builder.timeout = duration(&mut env, TIMEOUT)?;
        builder.operation_timeout = duration(&mut env, OPERATION_TIMEOUT)?;
        builder.connect_timeout = duration(&mut env, CONNECT_TIMEOUT)?;
        Ok(builder)
    }
}

/// `FORMANCE_ORGANIZATION and FORMANCE_ENVIRONMENT`.
fn set_names<L>(env: &Env<'_, L>, variables: &[(&ServerVariable, String)]) -> String
where
    L: FnMut(&str) -> Result<Option<String>, NotUnicode>,
{
    let names: Vec<String> = variables.iter().map(|(variable, _)| env.name(variable.env_suffix)).collect();
    names.join(" and ")
}

/// A server URL given as it is, checked as `build()` checks it.
fn checked_url(name: &str, text: String) -> Result<(String, Url), Failure> {
    let url = parse_server_url(&text).map_err(|reason| invalid(name, reason))?;
    Ok((text, url))
}

/// The URL of the first server whose variables are exactly those set, with their values.
fn preset_url<L>(env: &Env<'_, L>, set: &[(&ServerVariable, String)]) -> Result<(String, Url), Failure>
where
    L: FnMut(&str) -> Result<Option<String>, NotUnicode>,
{
    let names_of =
        |preset: &ServerPreset| -> BTreeSet<&str> { preset.variables.iter().map(|v| v.env_suffix).collect() };
    let wanted: BTreeSet<&str> = set.iter().map(|(variable, _)| variable.env_suffix).collect();
    let Some(preset) = env.api.servers.iter().find(|preset| names_of(preset) == wanted) else {
        let first = set.first().map(|(variable, _)| env.name(variable.env_suffix)).unwrap_or_default();
        let servers: Vec<String> = env
            .api
            .servers
            .iter()
            .map(|preset| {
                let names: Vec<String> = preset.variables.iter().map(|v| env.name(v.env_suffix)).collect();
                format!("{} for {}", names.join(" and "), preset.template)
            })
            .collect();
        return Err(invalid(
            &first,
            format!(
                "{} select no server: set every variable of one server ({}), or {}",
                set_names(env, set),
                servers.join("; "),
                env.name(SERVER_URL)
            ),
        ));
    };
    let mut values = Vec::with_capacity(set.len());
    for (variable, text) in set {
        let value = if variable.values.is_empty() {
            text.as_str()
        } else {
            variable.parse(text).map_err(|e| invalid(&env.name(variable.env_suffix), e))?
        };
        values.push((variable.env_suffix, value));
    }
    let url = preset.url(|variable| {
        values.iter().find(|(suffix, _)| *suffix == variable.env_suffix).map_or(variable.default, |(_, value)| value)
    });
    // Only a free variable's value can make the URL invalid (the others are the spec's values).
    let culprit = set.iter().find(|(variable, _)| variable.values.is_empty()).or(set.first());
    checked_url(&culprit.map(|(variable, _)| env.name(variable.env_suffix)).unwrap_or_default(), url)
}

fn duration<L>(env: &mut Env<'_, L>, suffix: &str) -> Result<Option<Duration>, Failure>
where
    L: FnMut(&str) -> Result<Option<String>, NotUnicode>,
{
    let Some(text) = env.get(suffix)? else { return Ok(None) };
    parse_duration(&text).map(Some).map_err(|reason| {
        invalid(&env.name(suffix), format!("{text:?} is not a duration: {reason} (such as 30, 2.5, 1500ms, 30s or 2m)"))
    })
}

/// `30`, `2.5` (seconds), `1500ms`, `30s`, `2m`: more than zero.
fn parse_duration(text: &str) -> Result<Duration, &'static str> {
    let (number, seconds_per_unit) = if let Some(number) = text.strip_suffix("ms") {
        (number, 0.001)
    } else if let Some(number) = text.strip_suffix('s') {
        (number, 1.0)
    } else if let Some(number) = text.strip_suffix('m') {
        (number, 60.0)
    } else {
        (text, 1.0)
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        return Err("expected a number, then `ms`, `s`, `m` or nothing");
    }
    let value: f64 = number.parse().map_err(|_| "expected a number")?;
    let duration = Duration::try_from_secs_f64(value * seconds_per_unit).map_err(|_| "it is too long")?;
    if duration.is_zero() {
        return Err("it must be more than zero");
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Client;

    #[derive(Debug)]
    struct Acme;

    const ACME: ApiDescription = ApiDescription::new("acme-client", "acme/1", "https://api.acme.test");

    impl FromClient for Acme {
        type ErrorBody = crate::RawJson;
        const API: &'static ApiDescription = &ACME;
        fn from_client(_: Client) -> Self {
            Self
        }
    }

    /// A crate that declares no prefix reads variables named after it; without client credentials
    /// in its spec, it reads none.
    #[test]
    fn the_prefix_is_the_crate_name_unless_declared() {
        let names = ClientBuilder::<Acme>::env_variables();
        assert_eq!(names.first().map(String::as_str), Some("ACME_CLIENT_SERVER_URL"));
        assert!(names.iter().all(|name| name.starts_with("ACME_CLIENT_")), "{names:?}");
        assert!(!names.iter().any(|name| name.contains("CLIENT_ID")), "{names:?}");
        let mut asked = Vec::new();
        let builder = ClientBuilder::<Acme>::from_env_with(|name| {
            asked.push(name.to_owned());
            (name == "ACME_CLIENT_TIMEOUT").then(|| "3".to_owned())
        });
        assert_eq!(builder.unwrap().timeout, Some(Duration::from_secs(3)));
        assert_eq!(asked, names);
    }

    #[test]
    fn durations_are_seconds_or_a_number_with_a_unit() {
        for (text, expected) in [
            ("30", Duration::from_secs(30)),
            ("2.5", Duration::from_millis(2500)),
            ("0.25", Duration::from_millis(250)),
            ("1500ms", Duration::from_millis(1500)),
            ("30s", Duration::from_secs(30)),
            ("2m", Duration::from_secs(120)),
            ("1.5m", Duration::from_secs(90)),
            ("1ms", Duration::from_millis(1)),
        ] {
            assert_eq!(parse_duration(text), Ok(expected), "{text}");
        }
        for bad in [
            "", "0", "0s", "0.0", "-1", "+1", "1e3", "1.", ".5", "1h", "30 s", " 30", "30\n", "1,5", "s", "ms",
            "1e400", "NaN", "inf",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_duration("99999999999999999999999"), Err("it is too long"));
    }
}
