//! `ClientBuilder::from_env`: the `FORMANCE_...` variables the README documents, each setting what
//! it says, each malformed value refused naming its variable (never quoting a secret), and nothing
//! read that the README does not list. Tests go through `from_env_with`, so that they never touch
//! the process's environment, which every thread shares; one test reads the real one, in a process
//! of its own.

mod harness;

use std::cell::RefCell;
use std::collections::HashMap;

use formance_orchestration::{Client, ClientBuilder, Environment, Error, servers};
use harness::*;
use wiremock::matchers::{body_string_contains, header as header_is, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BEARER: &str = "eyJhbGciOi-bearer-VALUE-never-logged";

fn env(vars: &[(&str, &str)]) -> Result<ClientBuilder, Error> {
    let vars: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    ClientBuilder::from_env_with(|name| vars.get(name).cloned())
}

fn debug(builder: &ClientBuilder) -> String {
    format!("{builder:?}")
}

/// The names in the README's table of variables (`| \`FORMANCE_...\` |` rows).
fn readme_variables() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme.split("#### From the environment").nth(1).expect("the README's section").split("\n#").next();
    section
        .unwrap()
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .flat_map(|row| row.split(" |").next())
        .flat_map(|cell| cell.split(", "))
        .map(|name| name.trim_matches('`').to_owned())
        .filter(|name| name.starts_with("FORMANCE_"))
        .collect()
}

#[test]
fn nothing_is_read_that_the_readme_does_not_list() {
    let asked = RefCell::new(Vec::new());
    ClientBuilder::from_env_with(|name| {
        asked.borrow_mut().push(name.to_owned());
        None
    })
    .unwrap();
    let asked = asked.into_inner();
    assert_eq!(asked, ClientBuilder::env_variables(), "what is read, in order, is what env_variables() says");
    let mut documented = readme_variables();
    documented.sort();
    let mut read = asked.clone();
    read.sort();
    assert_eq!(read, documented, "the README's table lists what from_env reads");
    // The generated `ClientBuilder`'s doc names them too, and no other `FORMANCE_` variable.
    let generated = include_str!("../src/generated/client.rs");
    for name in &asked {
        assert!(generated.contains(&format!("`{name}`")), "{name} is not in the ClientBuilder's doc");
    }
    let named = generated
        .split('`')
        .filter(|part| part.starts_with("FORMANCE_"))
        .filter(|part| !asked.contains(&(*part).to_owned()));
    assert_eq!(named.collect::<Vec<_>>(), Vec::<&str>::new());
    assert_eq!(
        asked,
        [
            "FORMANCE_SERVER_URL",
            "FORMANCE_ORGANIZATION",
            "FORMANCE_ENVIRONMENT",
            "FORMANCE_API_PREFIX",
            "FORMANCE_CLIENT_ID",
            "FORMANCE_CLIENT_SECRET",
            "FORMANCE_TOKEN_URL",
            "FORMANCE_BEARER_TOKEN",
            "FORMANCE_TIMEOUT",
            "FORMANCE_OPERATION_TIMEOUT",
            "FORMANCE_CONNECT_TIMEOUT",
        ]
    );
}

#[test]
fn unset_or_empty_variables_leave_the_defaults() {
    let defaults = debug(&Client::builder());
    assert_eq!(debug(&env(&[]).unwrap()), defaults);
    let names = ClientBuilder::env_variables();
    let empty: Vec<(&str, &str)> = names.iter().map(|name| (name.as_str(), "")).collect();
    assert_eq!(debug(&env(&empty).unwrap()), defaults);
    let client = env(&[]).unwrap().build().unwrap();
    assert_eq!(client.base_url(), "http://localhost/api/orchestration");
}

#[test]
fn every_variable_sets_its_setting() {
    let builder = env(&[
        ("FORMANCE_SERVER_URL", "https://stack.example.com"),
        ("FORMANCE_API_PREFIX", "/gateway/orchestration"),
        ("FORMANCE_CLIENT_ID", CLIENT_ID),
        ("FORMANCE_CLIENT_SECRET", CLIENT_SECRET),
        ("FORMANCE_TOKEN_URL", "https://auth.example.com/oauth/token"),
        ("FORMANCE_TIMEOUT", "2.5"),
        ("FORMANCE_OPERATION_TIMEOUT", "2m"),
        ("FORMANCE_CONNECT_TIMEOUT", "1500ms"),
    ])
    .unwrap();
    let shown = debug(&builder);
    for expected in [
        r#"server_url: Some("https://stack.example.com")"#,
        r#"api_prefix: Some("/gateway/orchestration")"#,
        r#"client_id: Some("orchestration-bot")"#,
        r#"client_secret: Some("<redacted>")"#,
        r#"token_url: Some("https://auth.example.com/oauth/token")"#,
        "timeout: Some(2.5s)",
        "operation_timeout: Some(120s)",
        "connect_timeout: Some(1.5s)",
    ] {
        assert!(shown.contains(expected), "{expected} in {shown}");
    }
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
    let client = builder.build().unwrap();
    assert_eq!(client.base_url(), "https://stack.example.com/gateway/orchestration");

    let bearer = env(&[("FORMANCE_BEARER_TOKEN", BEARER), ("FORMANCE_API_PREFIX", "/")]).unwrap();
    let shown = debug(&bearer);
    assert!(shown.contains("bearer_token: Some(<redacted>)") && !shown.contains(BEARER), "{shown}");
    assert_eq!(bearer.build().unwrap().base_url(), "http://localhost", "`/` is no prefix");
}

/// `FORMANCE_ORGANIZATION` and `FORMANCE_ENVIRONMENT` make the URL `Client::formance_cloud` makes,
/// the environment spelt as the spec does or as its variant, in any case.
#[test]
fn the_organization_and_the_environment_select_formance_cloud() {
    for spelling in ["eu-west-1", "EU_WEST_1", "EuWest1", "eu_west_1"] {
        let builder = env(&[("FORMANCE_ORGANIZATION", "acme-1234"), ("FORMANCE_ENVIRONMENT", spelling)]).unwrap();
        let preset = Client::formance_cloud("acme-1234", Environment::EuWest1).build().unwrap();
        assert_eq!(builder.build().unwrap().base_url(), preset.base_url(), "{spelling}");
    }
    let sandbox = env(&[("FORMANCE_ORGANIZATION", "acme-1234"), ("FORMANCE_ENVIRONMENT", "eu.sandbox")]).unwrap();
    assert_eq!(sandbox.build().unwrap().base_url(), "https://acme-1234.eu.sandbox.formance.cloud/api/orchestration");
    // The organization is encoded as the preset encodes it: it cannot point the client elsewhere.
    let hostile = env(&[("FORMANCE_ORGANIZATION", "evil.example/x#"), ("FORMANCE_ENVIRONMENT", "us-east-1")]);
    let err = hostile.and_then(ClientBuilder::build).unwrap_err();
    let Error::InvalidRequest(invalid) = &err else { panic!("{err:?}") };
    assert_eq!(invalid.variable(), Some("FORMANCE_ORGANIZATION"), "{err}");
}

#[test]
fn environments_parse_from_config_files_and_print_the_spec_value() {
    for environment in [Environment::EuSandbox, Environment::EuWest1, Environment::UsEast1] {
        assert_eq!(environment.to_string().parse::<Environment>(), Ok(environment));
        assert_eq!(format!("{environment:?}").parse::<Environment>(), Ok(environment));
    }
    assert_eq!("EU_WEST_1".parse::<Environment>(), Ok(Environment::EuWest1));
    assert_eq!("us-east-1".parse::<Environment>(), Ok(Environment::UsEast1));
    assert_eq!("EU_SANDBOX".parse::<Environment>(), Ok(Environment::EuSandbox));
    let err = "eu-west-3".parse::<Environment>().unwrap_err();
    assert_eq!(err.variable(), "environment");
    assert_eq!(
        err.to_string(),
        r#""eu-west-3" is not a value of the server variable {environment}: expected eu.sandbox, eu-west-1 or us-east-1"#
    );
    assert_eq!(servers::formance_cloud("a", "eu-west-1".parse().unwrap()), "https://a.eu-west-1.formance.cloud");
}

/// Each malformed value, and each combination that cannot be, is refused naming its variable.
#[test]
fn a_malformed_variable_is_refused_by_name() {
    // The variables set, the one the error names, and what it says.
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: &[Case<'_>] = &[
        (&[("FORMANCE_SERVER_URL", "not a url")], "FORMANCE_SERVER_URL", "not a valid URL"),
        (&[("FORMANCE_SERVER_URL", "ftp://stack.example.com")], "FORMANCE_SERVER_URL", "http or https"),
        (&[("FORMANCE_SERVER_URL", "https://stack.example.com/?a=1")], "FORMANCE_SERVER_URL", "query"),
        (
            &[("FORMANCE_SERVER_URL", "https://stack.example.com"), ("FORMANCE_ORGANIZATION", "acme")],
            "FORMANCE_SERVER_URL",
            "FORMANCE_ORGANIZATION",
        ),
        (
            &[("FORMANCE_ORGANIZATION", "acme"), ("FORMANCE_ENVIRONMENT", "eu-west-3")],
            "FORMANCE_ENVIRONMENT",
            "eu-west-1",
        ),
        (&[("FORMANCE_ENVIRONMENT", "eu-west-1")], "FORMANCE_ENVIRONMENT", "FORMANCE_ORGANIZATION"),
        (&[("FORMANCE_ORGANIZATION", "acme")], "FORMANCE_ORGANIZATION", "FORMANCE_ENVIRONMENT"),
        (
            &[("FORMANCE_ORGANIZATION", "bad org"), ("FORMANCE_ENVIRONMENT", "eu-west-1")],
            "FORMANCE_ORGANIZATION",
            "URL",
        ),
        (&[("FORMANCE_API_PREFIX", "/api?x")], "FORMANCE_API_PREFIX", "plain path"),
        (&[("FORMANCE_CLIENT_ID", CLIENT_ID)], "FORMANCE_CLIENT_SECRET", "FORMANCE_CLIENT_ID"),
        (&[("FORMANCE_CLIENT_SECRET", CLIENT_SECRET)], "FORMANCE_CLIENT_ID", "FORMANCE_CLIENT_SECRET"),
        (&[("FORMANCE_TOKEN_URL", "ftp://auth.example.com/t")], "FORMANCE_TOKEN_URL", "http or https"),
        (&[("FORMANCE_TOKEN_URL", "https://user:pw@auth.example.com/t")], "FORMANCE_TOKEN_URL", "user info"),
        (
            &[
                ("FORMANCE_CLIENT_ID", CLIENT_ID),
                ("FORMANCE_CLIENT_SECRET", CLIENT_SECRET),
                ("FORMANCE_BEARER_TOKEN", BEARER),
            ],
            "FORMANCE_BEARER_TOKEN",
            "one way",
        ),
        (
            &[("FORMANCE_BEARER_TOKEN", "eyJhbGciOi bearer-VALUE-never-logged")],
            "FORMANCE_BEARER_TOKEN",
            "cannot be used",
        ),
        (&[("FORMANCE_TIMEOUT", "30x")], "FORMANCE_TIMEOUT", "not a duration"),
        (&[("FORMANCE_TIMEOUT", "0")], "FORMANCE_TIMEOUT", "more than zero"),
        (&[("FORMANCE_OPERATION_TIMEOUT", "-5")], "FORMANCE_OPERATION_TIMEOUT", "not a duration"),
        (&[("FORMANCE_CONNECT_TIMEOUT", "1h")], "FORMANCE_CONNECT_TIMEOUT", "not a duration"),
    ];
    for (vars, variable, says) in cases {
        let err = env(vars).unwrap_err();
        let Error::InvalidRequest(invalid) = &err else { panic!("{vars:?}: {err:?}") };
        assert_eq!(invalid.variable(), Some(*variable), "{vars:?}: {err}");
        assert!(invalid.message().starts_with(&format!("{variable}: ")), "{vars:?}: {err}");
        assert!(invalid.message().contains(says), "{vars:?}: {err} should say {says:?}");
        let said = everything_said_about(&err);
        for secret in [CLIENT_SECRET, BEARER, "bearer-VALUE-never-logged", "pw@"] {
            assert!(!said.contains(secret), "{vars:?}: {said}");
        }
    }
}

/// The settings from the environment do what the same settings in code do, on the wire.
#[tokio::test]
async fn a_client_from_the_environment_authenticates_and_calls_where_it_says() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .and(body_string_contains("client_id=orchestration-bot"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("from-env-token", Some(300))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/_info"))
        .and(header_is("authorization", "Bearer from-env-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"version": "v2.0.0"})))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let client = env(&[
        ("FORMANCE_SERVER_URL", uri.as_str()),
        ("FORMANCE_API_PREFIX", "/"),
        ("FORMANCE_CLIENT_ID", CLIENT_ID),
        ("FORMANCE_CLIENT_SECRET", CLIENT_SECRET),
        ("FORMANCE_TOKEN_URL", "/auth/token"),
    ])
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(client.get_server_info().send().await.unwrap().version, "v2.0.0");
}

/// `from_env()` itself reads the process's environment: checked in a child process of this test
/// binary given the variables, since setting them here would race with every other thread (and
/// `std::env::set_var` is `unsafe` in edition 2024).
#[test]
fn from_env_reads_the_process_environment() {
    run_child(
        "child_reads_the_variables_it_was_given",
        &[
            ("FORMANCE_ORGANIZATION", "acme-1234".into()),
            ("FORMANCE_ENVIRONMENT", "US_EAST_1".into()),
            ("FORMANCE_TIMEOUT", "7s".into()),
        ],
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let not_utf8 = std::ffi::OsStr::from_bytes(b"orchestration-\xff-bot").to_owned();
        run_child("child_refuses_a_value_that_is_not_utf8", &[("FORMANCE_CLIENT_ID", not_utf8)]);
    }
}

/// Runs the ignored test `name` of this binary alone, in a process whose `FORMANCE_` variables are
/// `vars` and no other, and expects it to pass.
fn run_child(name: &str, vars: &[(&str, std::ffi::OsString)]) {
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child.args(["--exact", name, "--ignored", "--nocapture"]);
    for variable in ClientBuilder::env_variables() {
        child.env_remove(variable);
    }
    child.envs(vars.iter().map(|(name, value)| (name, value)));
    let output = child.output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success() && said.contains("1 passed"), "{name}: {said}");
}

#[test]
#[ignore = "run by from_env_reads_the_process_environment, in a process given the variables"]
fn child_reads_the_variables_it_was_given() {
    let builder = ClientBuilder::from_env().unwrap();
    assert!(debug(&builder).contains("timeout: Some(7s)"), "{builder:?}");
    assert_eq!(builder.build().unwrap().base_url(), "https://acme-1234.us-east-1.formance.cloud/api/orchestration");
}

#[test]
#[ignore = "run by from_env_reads_the_process_environment, in a process given the variables"]
fn child_refuses_a_value_that_is_not_utf8() {
    let err = ClientBuilder::from_env().unwrap_err();
    let Error::InvalidRequest(invalid) = &err else { panic!("{err:?}") };
    assert_eq!(invalid.variable(), Some("FORMANCE_CLIENT_ID"));
    assert!(invalid.message().contains("not valid UTF-8") && !invalid.message().contains("bot"), "{err}");
}
