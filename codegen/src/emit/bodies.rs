//! Request and success bodies in every media type the generator supports: the body field of a
//! parameter struct, its setters, how `request()` encodes it and how `decode()` reads the success
//! body, and the struct of each `multipart/form-data` body (emitted among the models).

use proc_macro2::TokenStream;
use quote::quote;

use super::constructors::{Builders, Member, constructor};
use super::described::{Links, code};
use super::docs::doc_paragraphs;
use super::types::{ident, maybe_optional, rt, rust_type};
use crate::ir::{Api, Body, BodyEncoding, Decoding, FormField, PartKind, Response, TypeRef};

/// The type the parameter struct keeps the body in (inside an `Option`).
pub fn stored_type(body: &Body, models: &TokenStream) -> TokenStream {
    match body.encoding {
        BodyEncoding::Bytes => {
            let rt = rt();
            quote!(#rt::BinaryBody)
        }
        _ => rust_type(&body.ty, models),
    }
}

/// A required body as an argument of the client method: the argument (`body: T`), and how the
/// parameter struct's `body` field (required there, not an `Option`) is initialized from it.
pub fn argument(body: &Body, models: &TokenStream) -> (TokenStream, TokenStream) {
    let rt = rt();
    match &body.encoding {
        BodyEncoding::Bytes => (
            quote!(body: impl ::std::convert::Into<#rt::bytes::Bytes>),
            quote!(body: #rt::BinaryBody::Bytes(::std::convert::Into::into(body))),
        ),
        BodyEncoding::Text => (
            quote!(body: impl ::std::convert::Into<::std::string::String>),
            quote!(body: ::std::convert::Into::into(body)),
        ),
        _ => {
            let ty = rust_type(&body.ty, models);
            (quote!(body: #ty), quote!(body))
        }
    }
}

/// `.body(...)` for an optional body (a required one is an argument of the client method), and
/// `.body_stream(...)` for binary bodies, required or not.
pub fn setters(body: &Body, models: &TokenStream) -> TokenStream {
    let rt = rt();
    let media = &body.media_type;
    let store = |value: TokenStream| {
        let value = if body.required { value } else { quote!(::std::option::Option::Some(#value)) };
        quote! {
            self.0.params_mut().body = #value;
            self
        }
    };
    match &body.encoding {
        BodyEncoding::Bytes => {
            let doc = doc_paragraphs([
                body.doc.as_deref(),
                Some(&format!("Sets the request body, sent as `{media}`; retries send it again.")),
            ]);
            let set = store(quote!(#rt::BinaryBody::Bytes(::std::convert::Into::into(body))));
            let set_stream = store(quote!(#rt::BinaryBody::Stream(#rt::BodyStream::new(stream))));
            let set_bytes = (!body.required).then(|| {
                quote! {
                    #doc
                    pub fn body(mut self, body: impl ::std::convert::Into<#rt::bytes::Bytes>) -> Self {
                        #set
                    }
                }
            });
            let replaces = body.required.then(|| {
                quote! {
                    ///
                    /// It replaces the bytes given to the method that started this request.
                }
            });
            quote! {
                #set_bytes

                /// Sets the request body to the chunks of `stream`, read while the request is sent
                /// (a large upload, never held in memory whole).
                #replaces
                ///
                /// A stream can be sent once: a call with a streamed body is not retried, not resent
                /// with a fresh token after a 401 (the 401 is returned), and follows no redirect. An
                /// `Err` chunk ends the call with a transport error.
                pub fn body_stream<S, E>(mut self, stream: S) -> Self
                where
                    S: #rt::futures_core::Stream<Item = ::std::result::Result<#rt::bytes::Bytes, E>>
                        + ::std::marker::Send
                        + 'static,
                    E: ::std::convert::Into<
                        ::std::boxed::Box<dyn ::std::error::Error + ::std::marker::Send + ::std::marker::Sync>,
                    >,
                {
                    #set_stream
                }
            }
        }
        _ if body.required => TokenStream::new(),
        BodyEncoding::Text => {
            let doc =
                doc_paragraphs([body.doc.as_deref(), Some(&format!("Sets the request body, sent as `{media}`."))]);
            let set = store(quote!(::std::convert::Into::into(body)));
            quote! {
                #doc
                pub fn body(mut self, body: impl ::std::convert::Into<::std::string::String>) -> Self {
                    #set
                }
            }
        }
        encoding => {
            let ty = rust_type(&body.ty, models);
            let what = match encoding {
                BodyEncoding::Json => "Sets the JSON request body.".to_owned(),
                BodyEncoding::Form(_) => format!("Sets the request body, sent as a form (`{media}`)."),
                _ => format!("Sets the request body, sent as `{media}`: one part per field."),
            };
            let doc = doc_paragraphs([body.doc.as_deref(), Some(&what)]);
            let set = store(quote!(body));
            quote! {
                #doc
                pub fn body(mut self, body: #ty) -> Self {
                    #set
                }
            }
        }
    }
}

/// The code of `request()` that encodes `body` (a reference to the stored body): statements ending
/// with an expression (no `;`), and whether it is that expression alone.
pub fn encode(body: &Body) -> (TokenStream, bool) {
    let rt = rt();
    let media = &body.media_type;
    match &body.encoding {
        // The runtime's default media type keeps the call as it always was.
        BodyEncoding::Json if media == "application/json" => (quote!(request.json_body(body)?), true),
        BodyEncoding::Json => (quote!(request.json_body_as(body, #media)?), true),
        BodyEncoding::Bytes => (quote!(request.binary_body(body, #media)), true),
        BodyEncoding::Text => (quote!(request.text_body(body, #media)), true),
        BodyEncoding::Form(fields) => {
            let fields = fields.iter().map(|f| field(f, quote!(text), quote!()));
            let code = quote! {
                let mut form = #rt::FormBody::new();
                #(#fields)*
                request.form_body(form, #media)
            };
            (code, false)
        }
        BodyEncoding::Multipart(fields) => {
            let fields = fields.iter().map(|f| match f.part {
                PartKind::Text | PartKind::Repeated => field(f, quote!(text), quote!()),
                PartKind::File | PartKind::Files => field(f, quote!(file), quote!(?)),
                PartKind::Json => field(f, quote!(json), quote!(?)),
            });
            let code = quote! {
                let mut form = #rt::MultipartBody::new();
                #(#fields)*
                request.multipart_body(form)?
            };
            (code, false)
        }
    }
}

/// Adds one field of `body` to `form` with `method` (per item for arrays), skipping an absent one.
fn field(f: &FormField, method: TokenStream, fallible: TokenStream) -> TokenStream {
    let (name, wire) = (ident(&f.rust_name), &f.wire_name);
    let repeated = matches!(f.part, PartKind::Repeated | PartKind::Files);
    match (repeated, f.required) {
        (true, true) => quote! { for value in &body.#name { form.#method(#wire, value)#fallible; } },
        (true, false) => quote! { for value in body.#name.iter().flatten() { form.#method(#wire, value)#fallible; } },
        (false, true) => quote! { form.#method(#wire, &body.#name)#fallible; },
        (false, false) => quote! {
            if let ::std::option::Option::Some(value) = &body.#name { form.#method(#wire, value)#fallible; }
        },
    }
}

/// `Accept` for a success body that is not plain `application/json` (the runtime's default).
pub fn accept(response: Option<&Response>) -> Option<TokenStream> {
    let media = &response?.media_type;
    (media != "application/json").then(|| quote!(request.accept(#media);))
}

/// The body of `decode()`.
pub fn decode(response: Option<&Response>) -> TokenStream {
    let rt = rt();
    match response.map(|r| r.decoding) {
        None => quote!(#rt::decode_empty(body)),
        Some(Decoding::Json) => quote!(#rt::decode_json(body)),
        Some(Decoding::Bytes) => quote!(#rt::decode_bytes(body)),
        Some(Decoding::Text) => quote!(#rt::decode_text(body)),
    }
}

/// The struct of every `multipart/form-data` body, for the models module.
pub fn form_structs(api: &Api) -> TokenStream {
    let rt = rt();
    let structs = api.operations.iter().filter_map(|op| {
        let body = op.body.as_ref()?;
        let BodyEncoding::Multipart(fields) = &body.encoding else { return None };
        let TypeRef::Named(name) = &body.ty else { return None };
        let name = ident(name);
        let struct_doc = format!(
            " The {} body of {}: one part per field (per item for a list), absent optional fields left out.",
            code(&body.media_type),
            Links::new("super::", "").method(op)
        );
        let default = fields.iter().all(|f| !f.required).then(|| quote!(Default,));
        let part_type_in = |f: &FormField, models: &TokenStream| match f.part {
            PartKind::File => quote!(#rt::FilePart),
            PartKind::Files => quote!(::std::vec::Vec<#rt::FilePart>),
            _ => rust_type(&f.ty, models),
        };
        let part_type = |f: &FormField| part_type_in(f, &TokenStream::new());
        let part_doc = |f: &FormField| {
            let part = match f.part {
                PartKind::File | PartKind::Files => "A file part".to_owned(),
                PartKind::Json => "A JSON part".to_owned(),
                PartKind::Text | PartKind::Repeated => "A text part".to_owned(),
            };
            doc_paragraphs([f.doc.as_deref(), Some(&format!("{part} named `{}`.", f.wire_name))])
        };
        let members: Vec<Member<'_>> = fields
            .iter()
            .map(|f| Member {
                rust_name: &f.rust_name,
                setter: &f.setter,
                ty: part_type(f),
                ty_in_module: part_type_in(f, &quote!(self::)),
                optional: !f.required,
                into: f.into,
                doc: part_doc(f),
            })
            .collect();
        let constructor = constructor(&name, &members, body.required_struct.as_deref(), Builders::Always);
        let fields = fields.iter().map(|f| {
            let name = ident(&f.rust_name);
            let ty = maybe_optional(part_type(f), !f.required);
            let field_doc = part_doc(f);
            quote! { #field_doc pub #name: #ty, }
        });
        Some(quote! {
            #[doc = #struct_doc]
            #[derive(Debug, Clone, PartialEq, #default)]
            #[non_exhaustive]
            pub struct #name { #(#fields)* }
            #constructor
        })
    });
    quote!(#(#structs)*)
}

/// Whether a multipart body of the API has a file part (its users then name `FilePart`).
pub fn uses_file_parts(api: &Api) -> bool {
    api.operations.iter().flat_map(|op| op.body.iter()).any(|body| {
        matches!(body.encoding, BodyEncoding::Multipart(_))
            && body.form_fields().iter().any(|f| matches!(f.part, PartKind::File | PartKind::Files))
    })
}
