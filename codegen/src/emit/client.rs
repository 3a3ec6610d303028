//! The generated `Client`: a newtype over the runtime's client, its builder, what it tells the
//! runtime about the API, and a constructor per server preset. Its operation methods are in
//! `operations.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_paragraphs;
use super::servers::{preset_doc, preset_signature};
use super::types::{ident, rt, rust_type};
use crate::Options;
use crate::ir::Api;
use crate::naming::reserved::{CLIENT_BASE_URL, CLIENT_BUILDER};

pub fn client(api: &Api, options: &Options<'_>) -> TokenStream {
    let rt = rt();
    let (builder, base_url) = (ident(CLIENT_BUILDER), ident(CLIENT_BASE_URL));
    let error_body = rust_type(&api.error_body, &quote!(super::models::));
    let name = options.crate_name;
    let product = options.user_agent_product.unwrap_or(name);
    let agent = format!("{product}/");
    let token_url = api.token_url.as_ref().map(|_| quote!(.with_token_url(super::DEFAULT_TOKEN_URL)));
    let env_prefix = options.env_prefix();
    let servers = (!api.servers.presets.is_empty()).then(|| quote!(.with_servers(super::servers::PRESETS)));
    let builder_doc = builder_doc(api, &env_prefix);
    let presets = api.servers.presets.iter().map(|preset| {
        let function = ident(&preset.name);
        let (params, args) = preset_signature(preset, &quote!(super::servers::));
        let doc = doc_paragraphs([
            preset_doc(preset).as_deref(),
            Some(&format!(
                "A builder for this server: `Client::builder().server_url(servers::{}(...))`.",
                preset.name.as_str()
            )),
        ]);
        quote! {
            #doc
            pub fn #function(#(#params),*) -> ClientBuilder {
                Self::builder().server_url(super::servers::#function(#(#args),*))
            }
        }
    });
    let client_doc = match (api.groups.is_empty(), api.operations.first()) {
        (true, Some(op)) => vec![format!(
            " The entry point: one method per operation (`client.{}()`...), each returning a request builder.",
            op.method_name.as_str()
        )],
        (true, None) => {
            vec![" The entry point: one method per operation, each returning a request builder.".to_owned()]
        }
        (false, _) => grouped_doc(api),
    };
    quote! {
        //! The client of the API: its configuration and server presets here, one method per
        //! operation in `operations.rs`.

        /// What the runtime needs to know about the API: its defaults and the names calls go by.
        const API: #rt::ApiDescription = #rt::ApiDescription::new(
            #name,
            ::std::concat!(#agent, ::std::env!("CARGO_PKG_VERSION")),
            super::servers::DEFAULT_SERVER_URL,
        )
        .with_api_prefix(super::DEFAULT_API_PREFIX)
        #token_url
        .with_env_prefix(#env_prefix)
        #servers;

        #(#[doc = #builder_doc])*
        pub type ClientBuilder = #rt::ClientBuilder<Client>;

        #(#[doc = #client_doc])*
        ///
        /// Cheap to clone; clones share the connection pool and the token cache.
        #[derive(Clone)]
        pub struct Client(pub(super) #rt::Client);

        impl Client {
            /// A builder with every setting at its default, starting with the server
            /// [`DEFAULT_SERVER_URL`](super::DEFAULT_SERVER_URL) and the path prefix
            /// [`DEFAULT_API_PREFIX`](super::DEFAULT_API_PREFIX).
            pub fn #builder() -> ClientBuilder {
                #rt::ClientBuilder::new()
            }

            /// The URL requests are sent under: server URL and API prefix.
            pub fn #base_url(&self) -> &str {
                self.0.base_url()
            }

            #(#presets)*
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl #rt::FromClient for Client {
            type ErrorBody = #error_body;
            const API: &'static #rt::ApiDescription = &API;

            fn from_client(client: #rt::Client) -> Self {
                Self(client)
            }
        }
    }
}

/// The doc of `ClientBuilder`: where to start, and the environment variables `from_env` reads.
fn builder_doc(api: &Api, prefix: &str) -> Vec<String> {
    let mut server = vec![format!("`{prefix}SERVER_URL`")];
    for preset in &api.servers.presets {
        let names: Vec<String> = preset.args.iter().map(|arg| format!("`{prefix}{}`", arg.env_suffix)).collect();
        server.push(format!("{} (the server `{}`)", names.join(" and "), preset.template));
    }
    let mut lines = vec![
        " Configures a [`Client`]: start from [`Client::builder`], a server preset or".to_owned(),
        " [`from_env()`](::formance_sdk_runtime::ClientBuilder::from_env), change what you need, then `build()`."
            .to_owned(),
        String::new(),
        " `ClientBuilder::from_env()` reads these environment variables, and no other (unset or empty,".to_owned(),
        " a setting keeps its default; see the runtime's `from_env` for their formats):".to_owned(),
        String::new(),
        format!(" - the server: {}", server.join(", or ")),
        format!(" - `{prefix}API_PREFIX`"),
    ];
    if api.token_url.is_some() {
        lines.push(format!(
            " - client credentials: `{prefix}CLIENT_ID` and `{prefix}CLIENT_SECRET`, `{prefix}TOKEN_URL`"
        ));
    }
    lines.push(format!(" - a bearer token: `{prefix}BEARER_TOKEN`"));
    lines.push(format!(" - timeouts: `{prefix}TIMEOUT`, `{prefix}OPERATION_TIMEOUT`, `{prefix}CONNECT_TIMEOUT`"));
    lines
}

/// Where each operation is when they are grouped by tag: a line per sub-client, then the methods
/// of `Client` itself.
fn grouped_doc(api: &Api) -> Vec<String> {
    let mut lines = vec![
        " The entry point. Two operations of the API have the same name, so operations are grouped by tag:".to_owned(),
        " one method per tag returns that tag's operations, each of which returns a request builder.".to_owned(),
        String::new(),
    ];
    for group in &api.groups {
        let name = group.name.as_str();
        let first = api.operations.iter().find(|op| op.group.as_ref() == Some(&group.name));
        let example =
            first.map_or_else(String::new, |op| format!(" (`client.{name}().{}()`...)", op.method_name.as_str()));
        lines.push(format!(" - [`{name}()`](Client::{name}): the operations tagged `{}`{example}", group.tag));
    }
    let untagged: Vec<String> = api
        .operations
        .iter()
        .filter(|op| op.group.is_none())
        .map(|op| format!("[`{0}()`](Client::{0})", op.method_name.as_str()))
        .collect();
    if !untagged.is_empty() {
        lines.push(format!(" - the operations without a tag, methods of `Client` itself: {}", untagged.join(", ")));
    }
    lines
}
