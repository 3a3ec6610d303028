//! The `testing` module (compiled with the crate's `test-util` feature): a rule constructor per
//! operation (`testing::mock::get_workflow()`), grouped as the operations are, the `MockClient` of
//! the crate's `Client`, and the `MockOperation` impls that tell the runtime's mock how each
//! operation answers.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_paragraphs;
use super::types::{ident, rt};
use crate::ir::{Api, Decoding, Operation};
use crate::naming;

pub fn testing(api: &Api) -> TokenStream {
    let rt = rt();
    let ungrouped = api.operations.iter().filter(|op| op.group.is_none()).map(|op| rule_fn(op, 2));
    let groups = api.groups.iter().map(|group| {
        let name = ident(&group.name);
        let doc =
            format!(" The rules of the operations tagged `{}` (`client.{}()...`).", group.tag, group.name.as_str());
        let rules = api.operations.iter().filter(|op| op.group.as_ref() == Some(&group.name)).map(|op| rule_fn(op, 3));
        quote! {
            #[doc = #doc]
            pub mod #name {
                #(#rules)*
            }
        }
    });
    let impls = api.operations.iter().map(mock_operation);
    quote! {
        //! Tests of code that calls this crate, without a network (feature `test-util`): a
        //! [`MockClient`] answers real [`Client`](super::Client)s in process, by the rules of
        //! [`mock`], one per operation. Retries, timeouts, interceptors, auth, pagination and
        //! decoding run as in production; no socket is opened.
        //!
        //! Everything here is outside the semver promise: it may change in any release.

        #[doc(inline)]
        pub use #rt::testing::{MockError, Rule, RuleMode, SentRequest};
        /// The status of a response, as rules answer with (`StatusCode::NOT_FOUND`), and its headers.
        pub use #rt::{StatusCode, reqwest::header::HeaderMap};

        /// A mock of the API's server, and the [`Client`](super::Client)s it answers: see the
        /// runtime's [`MockClient`](::formance_sdk_runtime::testing::MockClient).
        pub type MockClient = #rt::testing::MockClient<super::Client>;

        /// A rule per operation, named after the method that starts it: what the mock answers to
        /// its calls (see [`Rule`]).
        pub mod mock {
            #(#ungrouped)*
            #(#groups)*
        }

        #(#impls)*
    }
}

/// The path of an operation's parameter struct from the generated root.
fn params_path(op: &Operation, up: &TokenStream) -> TokenStream {
    let params = ident(&naming::params_type_name(&op.type_name));
    match &op.group {
        None => quote!(#up operations::#params),
        Some(group) => {
            let group = ident(group);
            quote!(#up operations::#group::#params)
        }
    }
}

/// How users call the operation's method, as the mock's messages name it.
fn method_path(op: &Operation) -> String {
    match &op.group {
        None => op.method_name.as_str().to_owned(),
        Some(group) => format!("{}().{}", group.as_str(), op.method_name.as_str()),
    }
}

/// `mock::<operation>()`, in a module `depth` modules below the generated root.
fn rule_fn(op: &Operation, depth: usize) -> TokenStream {
    let rt = rt();
    let name = ident(&op.method_name);
    let up = "super::".repeat(depth);
    let up_tokens = std::iter::repeat_n(quote!(super::), depth).collect::<TokenStream>();
    let params = params_path(op, &up_tokens);
    let call = match &op.group {
        None => format!("[`Client::{0}`]({up}Client::{0})", op.method_name.as_str()),
        Some(_) => format!("`client.{}()`", method_path(op)),
    };
    let answers = match &op.response {
        Some(_) => format!("`then_output` answers HTTP {} with the output as the server sends it", op.success_status),
        None => format!("`then_output(|| ())` answers HTTP {} without a body", op.success_status),
    };
    // Written here, so not escaped as spec text is: its link is meant.
    let intro = format!(" A rule for the calls of {call}, taking every call until narrowed with `match_request`.");
    let doc = doc_paragraphs([
        Some(&*format!("Sends `{} {}`.", op.http_method, op.path)),
        Some(&*format!("{answers}; `then_error` takes the operation's documented error body.")),
    ]);
    quote! {
        #[doc = #intro]
        #[doc = ""]
        #doc
        pub fn #name() -> #rt::testing::Rule<#params> {
            #rt::testing::Rule::new()
        }
    }
}

/// What the runtime's mock needs to know of the operation.
fn mock_operation(op: &Operation) -> TokenStream {
    let rt = rt();
    let params = params_path(op, &quote!(super::));
    let method = method_path(op);
    let status = proc_macro2::Literal::u16_unsuffixed(op.success_status);
    let encode = match &op.response {
        None => quote!(#rt::testing::encode_empty(output)),
        Some(response) => {
            // A wildcard (`*/*`) is what the client accepts, not what a server sends.
            let media =
                if response.media_type.contains('*') { "application/octet-stream" } else { &response.media_type };
            match response.decoding {
                Decoding::Json => quote!(#rt::testing::encode_json(output, #media)),
                Decoding::Text => quote!(#rt::testing::encode_text(output, #media)),
                Decoding::Bytes => quote!(#rt::testing::encode_bytes(output, #media)),
            }
        }
    };
    quote! {
        impl #rt::testing::MockOperation for #params {
            const METHOD: &'static str = #method;
            const SUCCESS_STATUS: u16 = #status;
            fn encode_output(output: &Self::Output) -> ::std::result::Result<#rt::testing::Encoded, #rt::BoxError> {
                #encode
            }
        }
    }
}
