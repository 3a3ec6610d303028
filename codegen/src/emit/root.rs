//! The generated module's root (`mod.rs`): its modules, the crate-level names (`Client`, `Error`,
//! the defaults) and the runtime items users name, re-exported so that a generated crate is the
//! only dependency its users add.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{ident, rt, rust_type};
use crate::Options;
use crate::ir::Api;
use crate::naming::reserved::RUNTIME_REEXPORTS;

pub fn root(api: &Api, options: &Options<'_>) -> TokenStream {
    let rt = rt();
    let error_body = rust_type(&api.error_body, &quote!(models::));
    let prefix = options.api_prefix;
    let token_url = api.token_url.as_ref().map(|url| {
        quote! {
            /// The token endpoint of the API's OAuth2 client credentials flow, absolute or relative to
            /// the server URL: the default of `ClientBuilder::token_url`.
            pub const DEFAULT_TOKEN_URL: &str = #url;
        }
    });
    let reexports = RUNTIME_REEXPORTS.iter().map(|name| ident(*name));
    let servers = &api.servers;
    let consts = servers.free.iter().map(|f| format_ident!("{}", f.const_name));
    let enums = servers.enums.iter().map(|e| ident(&e.type_name));
    let file_part = super::bodies::uses_file_parts(api).then(|| {
        quote! {
            /// A file sent as one part of a `multipart/form-data` body.
            #[doc(inline)]
            pub use #rt::FilePart;
        }
    });
    let header_error = api.operations.iter().any(|op| !op.response_headers.is_empty()).then(|| {
        quote! {
            /// Why a documented response header could not be read as its type.
            #[doc(inline)]
            pub use #rt::HeaderError;
        }
    });
    // Said only when an operation documents another body, so that an API with one body reads simply.
    let per_operation = (!api.error_body_shared).then(|| {
        quote! {
            ///
            /// It is the body most operations document. An operation documenting another one fails
            /// with an `Error` of that body, and one whose failure statuses document different bodies
            /// with an `Error` of its own enum (`operations::<Operation>Error`, a variant per status).
            /// To keep errors of different operations in one type, turn them into `Error<RawJson>` with
            /// [`Error::into_untyped`](::formance_sdk_runtime::Error::into_untyped), or map their body
            /// with [`Error::map_body`](::formance_sdk_runtime::Error::map_body).
        }
    });
    let testing = ident(crate::naming::reserved::TESTING_MODULE);
    quote! {
        //! Code generated from the OpenAPI description. Edit the spec or the generator, then run
        //! `cargo xtask generate`; never edit these files by hand.

        mod client;
        pub mod models;
        pub mod operations;
        pub mod servers;
        #[cfg(feature = "test-util")]
        pub mod #testing;

        pub use client::{Client, ClientBuilder};
        pub use servers::{DEFAULT_SERVER_URL #(, #consts)* #(, #enums)*};

        #[doc(inline)]
        pub use #rt::{#(#reexports),*};
        /// The crates whose types appear in the models, re-exported so that their versions always match.
        pub use #rt::{bytes, chrono, indexmap, serde_json, uuid};
        /// The HTTP client the SDK sends with, as the SDK depends on it: build the client you give
        /// `ClientBuilder::reqwest_client` from it, so that the versions match.
        pub use #rt::reqwest;
        #file_part
        #header_error
        /// The runtime every call goes through: request builders, pagination streams, the
        /// `Operation` trait. Application code rarely names it.
        pub use #rt as runtime;

        /// Why a call failed: see the runtime's [`Error`](::formance_sdk_runtime::Error). `E` is the
        /// error body the operation documents, which [`Error::Api`](::formance_sdk_runtime::Error::Api)
        /// holds decoded.
        #per_operation
        pub type Error<E = #error_body> = #rt::Error<E>;

        /// An error the API documents: its status, headers and decoded body.
        pub type ApiError<E = #error_body> = #rt::ApiError<E>;

        /// The path prefix of the API under the server URL: the default of `ClientBuilder::api_prefix`.
        pub const DEFAULT_API_PREFIX: &str = #prefix;

        #token_url
    }
}
