//! What `send()` returns for an operation whose success response documents headers: the response
//! (`ResponseValue`, which it derefs to) with an accessor per header, reading it as its type when
//! called. A value the server got wrong is that accessor's error, never the call's nor a panic.

use proc_macro2::TokenStream;
use quote::quote;

use super::described::code;
use super::docs::doc;
use super::types::{ident, rt, rust_type};
use crate::ir::{Operation, ResponseHeader, TypeTable};
use crate::naming;

/// The output type's name, when the operation has one.
pub fn output_name(op: &Operation) -> Option<proc_macro2::Ident> {
    (!op.response_headers.is_empty()).then(|| ident(&naming::output_type_name(&op.type_name)))
}

/// The output type of `op` and its impls; `output` is the decoded body's type, `params` the
/// operation's parameter struct, `method_link` the doc link to the method that starts it.
pub fn output_type(
    op: &Operation,
    types: &TypeTable,
    output: &TokenStream,
    params: &proc_macro2::Ident,
    models: &TokenStream,
    method_link: &str,
) -> Option<TokenStream> {
    let name = output_name(op)?;
    let rt = rt();
    let response = quote!(#rt::ResponseValue<#output>);
    // Named through the trait, so that a body of `()` is not written as a `-> ()` return type.
    let body = quote!(<#params as #rt::Operation>::Output);
    let doc = format!(
        " What {method_link} returns: the response, which it derefs to (the status, the headers and the \
         decoded body), with an accessor per header the API documents for it, reading the header as its \
         type when called."
    );
    let accessors = op.response_headers.iter().map(|h| accessor(h, types, models));
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #name(#response);

        impl #name {
            #(#accessors)*

            /// The response, without the typed accessors.
            pub fn into_response(self) -> #response {
                self.0
            }

            /// The body, dropping status and headers.
            pub fn into_inner(self) -> #body {
                self.0.into_inner()
            }

            /// The body, the status and the headers.
            pub fn into_parts(self) -> (#body, #rt::StatusCode, #rt::reqwest::header::HeaderMap) {
                self.0.into_parts()
            }
        }

        /// A response, with the accessors of this operation's documented headers (for tests that
        /// build one).
        impl ::std::convert::From<#response> for #name {
            fn from(response: #response) -> Self {
                Self(response)
            }
        }

        impl ::std::ops::Deref for #name {
            type Target = #response;

            fn deref(&self) -> &#response {
                &self.0
            }
        }

        impl ::std::ops::DerefMut for #name {
            fn deref_mut(&mut self) -> &mut #response {
                &mut self.0
            }
        }
    })
}

/// The accessor of one header.
fn accessor(h: &ResponseHeader, types: &TypeTable, models: &TokenStream) -> TokenStream {
    let rt = rt();
    let name = ident(&h.accessor);
    let wire = &h.wire_name;
    let item = rust_type(&h.ty, models);
    // A string enum keeps a value it does not know (`Unknown`), as everywhere else.
    let is_enum = types.def_of(&h.ty).is_some();
    let read = match is_enum {
        true => quote!(|text: &str| ::std::result::Result::Ok::<_, #rt::BoxError>(#item::from(text))),
        false => quote!(#rt::FromHeader::from_header),
    };
    let (value, shown) = match h.list {
        true => (quote!(::std::vec::Vec<#item>), format!("a comma-separated list of `{}`", h.ty.short_name())),
        false => (item.clone(), format!("`{}`", h.ty.short_name())),
    };
    let read_all = match h.list {
        true => quote!(#rt::response_header_values(self.0.headers(), #wire, #read)),
        false => quote!(#rt::response_header(self.0.headers(), #wire, #read)),
    };
    let (returns, body, absent) = match h.required {
        true => (
            quote!(::std::result::Result<#value, #rt::HeaderError>),
            quote!(#rt::required_header(#wire, #read_all)),
            "an error when the response does not have it (the API documents it as always sent)",
        ),
        false => (
            quote!(::std::result::Result<::std::option::Option<#value>, #rt::HeaderError>),
            read_all,
            "`Ok(None)` when the response does not have it",
        ),
    };
    let repeated = if h.list { "" } else { ", is sent more than once" };
    // Written here, so not escaped as the spec's text is.
    let reads = format!(
        " The {} response header, read as {shown}: {absent}; an error naming the header when it is not \
         text{repeated} or is not a valid value.",
        code(wire)
    );
    let separator = h.doc.is_some().then(|| quote!(#[doc = ""]));
    let doc = doc(h.doc.as_deref());
    let doc = quote! { #doc #separator #[doc = #reads] };
    quote! {
        #doc
        pub fn #name(&self) -> #returns {
            #body
        }
    }
}
