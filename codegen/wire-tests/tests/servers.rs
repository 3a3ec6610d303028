//! The `servers.yaml` fixture's configuration from the environment: variables named after the
//! crate (`SERVERS_...`), a server chosen by the variables set among several with variables, enums
//! parsed from their spellings; and an API without client credentials reads none.

use std::collections::HashMap;

use codegen_wire_tests::scalars_api;
use codegen_wire_tests::servers_api::{Client, ClientBuilder, Error, Region, servers};

fn env(vars: &[(&str, &str)]) -> Result<Client, Error> {
    let vars: HashMap<&str, &str> = vars.iter().copied().collect();
    ClientBuilder::from_env_with(|name| vars.get(name).map(|value| (*value).to_owned()))?.build()
}

fn variable_at_fault(vars: &[(&str, &str)]) -> String {
    match env(vars) {
        Err(Error::InvalidRequest(e)) => e.variable().unwrap_or("none").to_owned(),
        other => panic!("{vars:?}: {other:?}"),
    }
}

#[test]
fn the_variables_are_named_after_the_crate_and_the_spec_servers() {
    assert_eq!(
        ClientBuilder::env_variables(),
        [
            "SERVERS_SERVER_URL",
            "SERVERS_REGION",
            "SERVERS_VERSION",
            "SERVERS_PORT",
            "SERVERS_TENANT",
            "SERVERS_API_PREFIX",
            "SERVERS_CLIENT_ID",
            "SERVERS_CLIENT_SECRET",
            "SERVERS_TOKEN_URL",
            "SERVERS_BEARER_TOKEN",
            "SERVERS_TIMEOUT",
            "SERVERS_OPERATION_TIMEOUT",
            "SERVERS_CONNECT_TIMEOUT",
        ]
    );
    // The generated `ClientBuilder` documents each of them, and no other.
    let generated = include_str!("../src/generated/servers/client.rs");
    let named: Vec<&str> = generated.split('`').filter(|part| part.starts_with("SERVERS_")).collect();
    let mut documented: Vec<&str> = named.clone();
    documented.sort_unstable();
    documented.dedup();
    let mut read = ClientBuilder::env_variables();
    read.sort();
    assert_eq!(documented, read);
}

/// The spec has no OAuth2 client credentials flow: no credentials or token URL are read.
#[test]
fn an_api_without_client_credentials_reads_none() {
    let names = scalars_api::ClientBuilder::env_variables();
    assert_eq!(names.first().map(String::as_str), Some("SCALARS_SERVER_URL"));
    assert!(!names.iter().any(|name| name.contains("CLIENT") || name.contains("TOKEN_URL")), "{names:?}");
    assert!(names.iter().any(|name| name == "SCALARS_BEARER_TOKEN"), "{names:?}");
}

#[test]
fn the_variables_set_choose_the_server() {
    let hosted = env(&[("SERVERS_REGION", "US_EAST"), ("SERVERS_VERSION", "v2")]).unwrap();
    assert_eq!(hosted.base_url(), "https://us-east.api.example.com/v2");
    assert_eq!(hosted.base_url(), Client::api_example_com(Region::UsEast, "v2").build().unwrap().base_url());
    assert_eq!(env(&[("SERVERS_PORT", "9090")]).unwrap().base_url(), "http://localhost:9090");
    let tenant = env(&[("SERVERS_TENANT", "acme"), ("SERVERS_VERSION", "v1")]).unwrap();
    assert_eq!(tenant.base_url(), servers::sandbox_example_com("acme", "v1"));
    assert_eq!(env(&[]).unwrap().base_url(), servers::DEFAULT_SERVER_URL);
}

#[test]
fn variables_of_no_single_server_are_refused_by_name() {
    // Each server takes all its variables: `version` alone, or with `port`, is none of them.
    assert_eq!(variable_at_fault(&[("SERVERS_VERSION", "v1")]), "SERVERS_VERSION");
    assert_eq!(variable_at_fault(&[("SERVERS_REGION", "eu")]), "SERVERS_REGION");
    assert_eq!(variable_at_fault(&[("SERVERS_PORT", "1"), ("SERVERS_VERSION", "v1")]), "SERVERS_VERSION");
    assert_eq!(variable_at_fault(&[("SERVERS_REGION", "mars"), ("SERVERS_VERSION", "v1")]), "SERVERS_REGION");
    assert_eq!(variable_at_fault(&[("SERVERS_PORT", "80/evil"), ("SERVERS_SERVER_URL", "")]), "SERVERS_PORT");
    assert_eq!(variable_at_fault(&[("SERVERS_PORT", "1"), ("SERVERS_SERVER_URL", "http://h")]), "SERVERS_SERVER_URL");
}

#[test]
fn enums_parse_the_spec_values_and_the_variant_names() {
    for (text, region) in
        [("eu", Region::Eu), ("EU", Region::Eu), ("us-east", Region::UsEast), ("UsEast", Region::UsEast)]
    {
        assert_eq!(text.parse::<Region>(), Ok(region), "{text}");
    }
    assert_eq!(Region::UsEast.to_string(), "us-east");
    assert!("us".parse::<Region>().is_err());
}
