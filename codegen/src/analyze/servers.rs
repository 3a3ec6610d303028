//! `servers` and `securitySchemes` to the IR: the default server URL, a preset per server with
//! variables (an enum per variable with an `enum`, a default const per free variable), and the token
//! URL of the OAuth2 client credentials flow.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, SecurityScheme, Server};

use crate::error::{Error, Result, pointer};
use crate::ir::{EnumVariant, FreeVariable, Ident, PresetArg, ServerEnum, ServerPreset, Servers, UrlPart};
use crate::naming;

/// Without servers in the spec, the client still needs a default; `server_url()` replaces it.
const NO_SERVER: &str = "http://localhost";

/// `taken` maps the client's method names (operations and its own methods) to what holds them.
pub fn servers(doc: &OpenAPI, taken: &BTreeMap<Ident, String>) -> Result<Servers> {
    let mut out = Servers {
        default_url: NO_SERVER.to_owned(),
        default_doc: None,
        enums: Vec::new(),
        free: Vec::new(),
        presets: Vec::new(),
    };
    // Where each enum and const was first declared, to report a conflicting second declaration.
    let mut declared: BTreeMap<String, String> = BTreeMap::new();
    let mut preset_names = Vec::new();
    for (index, server) in doc.servers.iter().enumerate() {
        let at = pointer("#/servers", index);
        let template = parse_template(&server.url, &pointer(&at, "url"))?;
        let mut args: Vec<PresetArg> = Vec::new();
        let mut parts = Vec::new();
        let mut default_url = String::new();
        for piece in template {
            let Piece::Variable(name) = piece else {
                let Piece::Text(text) = piece else { continue };
                default_url.push_str(&text);
                parts.push(UrlPart::Text(text));
                continue;
            };
            let variable_at = pointer(&pointer(&at, "variables"), &name);
            let Some(variable) = server.variables.as_ref().and_then(|v| v.get(&name)) else {
                return Err(Error::new(
                    pointer(&at, "url"),
                    format!("the URL names `{{{name}}}` but the server declares no variable `{name}`"),
                ));
            };
            default_url.push_str(&variable.default);
            let position = match args.iter().position(|a| a.variable == name) {
                Some(position) => position,
                None => {
                    let enum_type = declare(&mut out, &mut declared, &name, variable, &variable_at)?;
                    let (rust_name, env_suffix) = (naming::value_name(&name), String::new());
                    args.push(PresetArg { rust_name, variable: name, enum_type, env_suffix });
                    args.len() - 1
                }
            };
            parts.push(UrlPart::Variable(position));
        }
        if index == 0 {
            out.default_url = default_url;
            out.default_doc = server.description.clone();
        }
        if args.is_empty() {
            continue;
        }
        let names = naming::unique_idents(args.iter().map(|a| a.rust_name.clone()), &[]);
        for (arg, name) in args.iter_mut().zip(names) {
            arg.rust_name = name;
        }
        preset_names.push(preset_name(server, index));
        out.presets.push(ServerPreset {
            name: naming::value_name(""),
            template: server.url.clone(),
            parts,
            args,
            doc: server.description.clone(),
            source: at,
        });
    }
    // One environment variable per variable name, in the order the servers first name them.
    let mut variables: Vec<String> = Vec::new();
    for arg in out.presets.iter().flat_map(|preset| &preset.args) {
        if !variables.contains(&arg.variable) {
            variables.push(arg.variable.clone());
        }
    }
    let suffixes = naming::env_suffixes(variables.iter().map(String::as_str));
    for arg in out.presets.iter_mut().flat_map(|preset| &mut preset.args) {
        if let Some(index) = variables.iter().position(|variable| *variable == arg.variable) {
            arg.env_suffix.clone_from(&suffixes[index]);
        }
    }
    for (preset, name) in out.presets.iter_mut().zip(naming::unique_idents(preset_names, &[])) {
        if let Some(other) = taken.get(&name) {
            return Err(Error::new(
                &preset.source,
                format!("its preset name `{name}` (from the URL's host) is already taken by {other}"),
            ));
        }
        preset.name = name;
    }
    Ok(out)
}

/// Registers the enum or the default const of `variable`; the same variable in another server must
/// be declared the same way. Returns the enum's type name, if it has one.
fn declare(
    out: &mut Servers,
    declared: &mut BTreeMap<String, String>,
    name: &str,
    variable: &openapiv3::ServerVariable,
    at: &str,
) -> Result<Option<String>> {
    if variable.enumeration.is_empty() {
        let const_name = naming::default_const_name(name);
        let free = FreeVariable {
            variable: name.to_owned(),
            const_name: const_name.clone(),
            default: variable.default.clone(),
            doc: variable.description.clone(),
        };
        match out.free.iter().find(|f| f.const_name == const_name) {
            Some(seen) if seen.variable == free.variable && seen.default == free.default => {}
            Some(_) => return Err(conflict(at, &const_name, declared)),
            None => {
                check_root_name(&const_name, at, declared)?;
                declared.insert(const_name, at.to_owned());
                out.free.push(free);
            }
        }
        return Ok(None);
    }
    let type_name = naming::type_name(name);
    let Some(default) = variable.enumeration.iter().position(|v| *v == variable.default) else {
        return Err(Error::new(
            pointer(at, "default"),
            format!("the default `{}` is not one of the variable's `enum` values", variable.default),
        ));
    };
    let names = naming::variant_names(variable.enumeration.iter().map(String::as_str), &[]);
    let variants: Vec<EnumVariant> = names
        .into_iter()
        .zip(&variable.enumeration)
        .map(|(rust_name, wire)| EnumVariant { rust_name, wire: wire.clone() })
        .collect();
    let server_enum = ServerEnum {
        variable: name.to_owned(),
        type_name: type_name.clone(),
        doc: variable.description.clone(),
        variants,
        default,
    };
    match out.enums.iter().find(|e| e.type_name == type_name) {
        Some(seen) if seen.variable == name && seen.variants == server_enum.variants && seen.default == default => {}
        Some(_) => return Err(conflict(at, &type_name, declared)),
        None => {
            check_root_name(&type_name, at, declared)?;
            declared.insert(type_name.clone(), at.to_owned());
            out.enums.push(server_enum);
        }
    }
    Ok(Some(type_name))
}

fn check_root_name(name: &str, at: &str, declared: &BTreeMap<String, String>) -> Result<()> {
    if naming::reserved::root_names().any(|taken| taken == name) {
        return Err(Error::new(
            at,
            format!("its Rust name `{name}` is already taken by the generated crate's own `{name}`"),
        ));
    }
    if let Some(other) = declared.get(name) {
        return Err(Error::new(at, format!("its Rust name `{name}` is already taken by the variable at {other}")));
    }
    Ok(())
}

fn conflict(at: &str, name: &str, declared: &BTreeMap<String, String>) -> Error {
    let first = declared.get(name).map_or("another server", String::as_str);
    Error::new(
        at,
        format!("this variable becomes `{name}`, as the one at {first} does, but with other values or another default"),
    )
}

enum Piece {
    Text(String),
    Variable(String),
}

/// The URL template split into text and `{variable}` names.
fn parse_template(url: &str, at: &str) -> Result<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(Error::new(at, format!("`{url}` has a `}}` that closes no variable")));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err(Error::new(at, format!("`{url}` has a `{{` that is never closed")));
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty() || name.contains('{') {
            return Err(Error::new(at, format!("`{url}` has a variable without a name")));
        }
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_owned()));
        }
        pieces.push(Piece::Variable(name.to_owned()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_owned()));
    }
    Ok(pieces)
}

/// `formance_cloud` for `https://{organization}.{environment}.formance.cloud`: the labels of the
/// host that hold no variable (the port left out), as a method name; `server_<index>` when every
/// label holds one.
fn preset_name(server: &Server, index: usize) -> Ident {
    let after_scheme = server.url.split_once("://").map_or(server.url.as_str(), |(_, rest)| rest);
    let host = after_scheme.split('/').next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    let host = host.split(':').next().unwrap_or_default();
    let fixed: Vec<&str> = host.split('.').filter(|label| !label.is_empty() && !label.contains(['{', '}'])).collect();
    naming::value_name(&if fixed.is_empty() { format!("server_{index}") } else { fixed.join(" ") })
}

/// The `tokenUrl` of the first OAuth2 client credentials flow of `securitySchemes`; another flow
/// with another token URL is refused, since a client has one token endpoint.
pub fn token_url(doc: &OpenAPI) -> Result<Option<String>> {
    let Some(components) = &doc.components else { return Ok(None) };
    let mut found: Option<(&str, String)> = None;
    for (name, scheme) in &components.security_schemes {
        let ReferenceOr::Item(SecurityScheme::OAuth2 { flows, .. }) = scheme else { continue };
        let Some(flow) = &flows.client_credentials else { continue };
        let at = pointer(&pointer(&pointer("#/components/securitySchemes", name), "flows"), "clientCredentials");
        match &found {
            None => found = Some((&flow.token_url, at)),
            Some((url, _)) if *url == flow.token_url => {}
            Some((_, first)) => {
                return Err(Error::new(
                    pointer(&at, "tokenUrl"),
                    format!("this token URL differs from the one at {first}; one token endpoint per API is supported"),
                ));
            }
        }
    }
    Ok(found.map(|(url, _)| url.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(url: &str) -> Server {
        Server { url: url.to_owned(), description: None, variables: None, extensions: Default::default() }
    }

    #[test]
    fn preset_names_come_from_the_fixed_labels_of_the_host() {
        assert_eq!(
            preset_name(&server("https://{organization}.{environment}.formance.cloud"), 1).as_str(),
            "formance_cloud"
        );
        assert_eq!(preset_name(&server("http://localhost:{port}/v1"), 0).as_str(), "localhost");
        assert_eq!(preset_name(&server("https://api-{region}.example.com/{version}"), 2).as_str(), "example_com");
        assert_eq!(preset_name(&server("{scheme}://{host}"), 3).as_str(), "server_3");
    }

    #[test]
    fn each_variable_name_gets_one_environment_variable() {
        let spec = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: https://{region}.x.test/{orgId}
    variables:
      region: {default: eu, enum: [eu, us]}
      orgId: {default: o}
  - url: https://{orgId}.{timeout}.y.test
    variables:
      orgId: {default: o}
      timeout: {default: t}
paths: {}
"#;
        let doc: OpenAPI = serde_yaml::from_str(spec).unwrap();
        let servers = servers(&doc, &BTreeMap::new()).unwrap();
        let suffixes: Vec<Vec<&str>> = servers
            .presets
            .iter()
            .map(|preset| preset.args.iter().map(|arg| arg.env_suffix.as_str()).collect())
            .collect();
        assert_eq!(suffixes, [vec!["REGION", "ORG_ID"], vec!["ORG_ID", "TIMEOUT_2"]]);
    }

    #[test]
    fn templates_split_into_text_and_variables() {
        let pieces = parse_template("https://{a}.x/{b}", "#").unwrap();
        let shown: Vec<String> = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.clone(),
                Piece::Variable(v) => format!("<{v}>"),
            })
            .collect();
        assert_eq!(shown, ["https://", "<a>", ".x/", "<b>"]);
        for bad in ["https://{a", "https://a}", "https://{}"] {
            assert!(parse_template(bad, "#/servers/0/url").is_err(), "{bad}");
        }
    }
}
