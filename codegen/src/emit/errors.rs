//! Error bodies of operations: the type `Error::Api` holds for an operation, the enum of an
//! operation whose documented statuses have different bodies, and `decode_error`, which picks the
//! body a failure status documents.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_paragraphs;
use super::types::{SERDE_CRATE, ident, rt, rust_type, serde};
use crate::ir::{Api, ErrorBody, ErrorEnum, ErrorStatus, ErrorStatuses, Operation};
use crate::naming::reserved::NO_ERROR_BODY;

/// The operation's error body type: its one documented body, its enum (defined next to its request
/// builder), or `NoErrorBody`; `up` is the path from the module to the generated root.
pub fn error_type(op: &Operation, up: &TokenStream) -> TokenStream {
    match &op.error_body {
        ErrorBody::One(ty) => rust_type(ty, &quote!(#up models::)),
        ErrorBody::PerStatus(e) => {
            let name = ident(&e.type_name);
            quote!(#name)
        }
        ErrorBody::NotJson => {
            let name = ident(NO_ERROR_BODY);
            quote!(#up operations::#name)
        }
    }
}

/// `NoErrorBody`, in the `operations` module of an API with an operation whose documented failures
/// have no JSON body.
pub fn no_error_body(api: &Api) -> Option<TokenStream> {
    let serde = serde();
    let name = ident(NO_ERROR_BODY);
    api.operations.iter().any(|op| op.error_body == ErrorBody::NotJson).then(|| {
        quote! {
            /// The error body of an operation whose documented failure responses have no JSON body
            /// (binary or text): there is none to decode, so this type has no value, and such an
            /// operation never fails with `Error::Api`. Its failures are `Error::UnexpectedStatus`,
            /// which keeps the status, the headers and the body as received.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #serde::Serialize)]
            #[serde(crate = #SERDE_CRATE)]
            pub enum #name {}
        }
    })
}

/// The enum of an operation whose documented error statuses have different bodies; `method` is
/// the doc link to the method that starts the operation.
pub fn error_enum(op: &Operation, method: &str, models: &TokenStream) -> Option<TokenStream> {
    let ErrorBody::PerStatus(e) = &op.error_body else {
        return None;
    };
    let serde = serde();
    let name = ident(&e.type_name);
    // Written here, so not escaped as spec text is: its links are meant.
    let intro = format!(
        " The documented error bodies of {method}, one variant per status: what \
         [`Error::Api`](::formance_sdk_runtime::Error::Api) holds for it. A failure status decodes as the \
         variant of its own status, else of its class (`4XX`), else `Default`; a body that is not the \
         documented one is an `Error::UnexpectedStatus`."
    );
    let serialized = " It serializes as the body alone, without the variant (what the error's `Display` shows).";
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = rust_type(&v.ty, models);
        let status = match v.status {
            ErrorStatus::Code(code) => format!("Status `{code}`."),
            ErrorStatus::Class(class) => format!("Any `{class}XX` status not documented on its own."),
            ErrorStatus::Default => "Any other failure status (`default`).".to_owned(),
        };
        let doc = doc_paragraphs([Some(status.as_str()), v.doc.as_deref()]);
        quote! { #doc #variant(#ty), }
    });
    Some(quote! {
        #[doc = #intro]
        #[doc = ""]
        #[doc = #serialized]
        #[derive(Debug, Clone, PartialEq, #serde::Serialize)]
        #[serde(crate = #SERDE_CRATE, untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// `Operation::decode_error`: only the statuses the spec documents an error body for are decoded;
/// any other is unexpected.
pub fn decode_error(op: &Operation) -> TokenStream {
    match &op.error_body {
        ErrorBody::PerStatus(e) => decode_per_status(e),
        ErrorBody::One(_) | ErrorBody::NotJson => decode_one(&op.errors),
    }
}

fn decode_one(errors: &ErrorStatuses) -> TokenStream {
    let rt = rt();
    match errors {
        ErrorStatuses::All => quote! {
            fn decode_error(
                _status: #rt::StatusCode,
                body: &[u8],
            ) -> ::std::option::Option<::std::result::Result<Self::ErrorBody, #rt::serde_json::Error>> {
                #rt::decode_error_json(body)
            }
        },
        ErrorStatuses::Only { codes, classes } => {
            let unsuffixed = |values: &[u16]| values.iter().map(|v| Literal::u16_unsuffixed(*v)).collect::<Vec<_>>();
            let (codes, classes) = (unsuffixed(codes), unsuffixed(classes));
            let codes = (!codes.is_empty()).then(|| quote!(::std::matches!(status.as_u16(), #(#codes)|*)));
            let classes = (!classes.is_empty()).then(|| quote!(::std::matches!(status.as_u16() / 100, #(#classes)|*)));
            let documented = match (codes, classes) {
                (Some(codes), Some(classes)) => quote!(#codes || #classes),
                (Some(one), None) | (None, Some(one)) => one,
                (None, None) => quote!(false),
            };
            quote! {
                fn decode_error(
                    status: #rt::StatusCode,
                    body: &[u8],
                ) -> ::std::option::Option<::std::result::Result<Self::ErrorBody, #rt::serde_json::Error>> {
                    if #documented { #rt::decode_error_json(body) } else { ::std::option::Option::None }
                }
            }
        }
        ErrorStatuses::None => quote! {
            fn decode_error(
                _status: #rt::StatusCode,
                _body: &[u8],
            ) -> ::std::option::Option<::std::result::Result<Self::ErrorBody, #rt::serde_json::Error>> {
                ::std::option::Option::None
            }
        },
    }
}

/// A match on the status: the exact codes, then the classes, then `default` (or nothing).
fn decode_per_status(e: &ErrorEnum) -> TokenStream {
    let rt = rt();
    let name = ident(&e.type_name);
    let decode = |variant: &str| {
        let variant = ident(variant);
        quote!(#rt::decode_error_json(body).map(|decoded| decoded.map(#name::#variant)))
    };
    let codes = e.variants.iter().filter_map(|v| match v.status {
        ErrorStatus::Code(code) => {
            let (code, decode) = (Literal::u16_unsuffixed(code), decode(&v.rust_name));
            Some(quote!(#code => #decode,))
        }
        _ => None,
    });
    let classes = e.variants.iter().filter_map(|v| match v.status {
        ErrorStatus::Class(class) => {
            let (class, decode) = (Literal::u16_unsuffixed(class), decode(&v.rust_name));
            Some(quote!(_ if code / 100 == #class => #decode,))
        }
        _ => None,
    });
    let otherwise = match e.variants.iter().find(|v| v.status == ErrorStatus::Default) {
        Some(v) => decode(&v.rust_name),
        None => quote!(::std::option::Option::None),
    };
    quote! {
        fn decode_error(
            status: #rt::StatusCode,
            body: &[u8],
        ) -> ::std::option::Option<::std::result::Result<Self::ErrorBody, #rt::serde_json::Error>> {
            let code = status.as_u16();
            match code {
                #(#codes)*
                #(#classes)*
                _ => #otherwise,
            }
        }
    }
}
