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

pub fn client(api: &Api, options: &Options<'_>) -> TokenStream {
    let rt = rt();
    let error_body = rust_type(&api.error_body, &quote!(super::models::));
    let name = options.crate_name;
    let product = options.user_agent_product.unwrap_or(name);
    let agent = format!("{product}/");
    let token_url = api.token_url.as_ref().map(|_| quote!(.with_token_url(super::DEFAULT_TOKEN_URL)));
    let presets = api.servers.presets.iter().map(|preset| {
        let function = ident(&preset.name);
        let (params, args) = preset_signature(preset, &quote!(super::servers::));
        let doc = doc_paragraphs([
            preset_doc(preset).as_deref(),
            Some(&format!(
                "A builder for this server: `Client::builder().server_url(servers::{}(...))`.",
                preset.name.trim_start_matches("r#")
            )),
        ]);
        quote! {
            #doc
            pub fn #function(#(#params),*) -> ClientBuilder {
                Self::builder().server_url(super::servers::#function(#(#args),*))
            }
        }
    });
    let client_doc = match api.operations.first() {
        Some(op) => format!(
            " The entry point: one method per operation (`client.{}()`...), each returning a request builder.",
            op.method_name.trim_start_matches("r#")
        ),
        None => " The entry point: one method per operation, each returning a request builder.".to_owned(),
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
        #token_url;

        /// Configures a [`Client`]: start from [`Client::builder`] (or a server preset), change what
        /// you need, then `build()`.
        pub type ClientBuilder = #rt::ClientBuilder<Client>;

        #[doc = #client_doc]
        ///
        /// Cheap to clone; clones share the connection pool and the token cache.
        #[derive(Clone)]
        pub struct Client(pub(super) #rt::Client);

        impl Client {
            /// A builder with every setting at its default, starting with the server
            /// [`DEFAULT_SERVER_URL`](super::DEFAULT_SERVER_URL) and the path prefix
            /// [`DEFAULT_API_PREFIX`](super::DEFAULT_API_PREFIX).
            pub fn builder() -> ClientBuilder {
                #rt::ClientBuilder::new()
            }

            /// The URL requests are sent under: server URL and API prefix.
            pub fn base_url(&self) -> &str {
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
