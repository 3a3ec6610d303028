//! How users build the models they send: `new(required...)` taking the fields whose Rust type is not
//! an `Option`, in declaration order, and one chainable setter per `Option` field, which stores
//! `Some`. Structs are `#[non_exhaustive]`, so this is the only way to build one outside the crate
//! (besides `Default`), and a new optional field is a new setter rather than a breaking change.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_paragraphs;
use super::types::ident;
use crate::ir::Ident;

/// One field of a struct users build, as the constructor and setters see it.
pub struct Member<'a> {
    pub rust_name: &'a Ident,
    pub setter: &'a Ident,
    /// The Rust type without its `Option`.
    pub ty: TokenStream,
    /// The Rust field is an `Option`: set by a setter, `None` until then.
    pub optional: bool,
    /// Taken as `impl Into<ty>` (the analysis's `into`).
    pub into: bool,
    pub doc: Option<&'a str>,
}

/// The inherent `impl` of a struct users build: `new` and the setters.
pub fn constructor(name: &proc_macro2::Ident, members: &[Member<'_>]) -> TokenStream {
    let into = |m: &Member<'_>| {
        let ty = &m.ty;
        if m.into { quote!(impl ::std::convert::Into<#ty>) } else { ty.clone() }
    };
    let convert = |m: &Member<'_>, value: TokenStream| {
        if m.into { quote!(::std::convert::Into::into(#value)) } else { value }
    };
    let required: Vec<&Member<'_>> = members.iter().filter(|m| !m.optional).collect();
    let args = required.iter().map(|m| {
        let arg = ident(m.rust_name);
        let ty = into(m);
        quote!(#arg: #ty)
    });
    let inits = members.iter().map(|m| {
        let field = ident(m.rust_name);
        if m.optional {
            quote!(#field: ::std::option::Option::None)
        } else if m.into {
            quote!(#field: ::std::convert::Into::into(#field))
        } else {
            quote!(#field)
        }
    });
    let optional = members.iter().any(|m| m.optional);
    let names: Vec<String> = required.iter().map(|m| format!("`{}`", m.rust_name.as_str())).collect();
    let new_doc = match (names.is_empty(), optional) {
        (true, false) => " A new value: the type has no fields.".to_owned(),
        (true, true) => " A new value with every field `None`; each has a setter.".to_owned(),
        (false, false) => format!(" A new value from its fields ({}), in the order of the spec.", names.join(", ")),
        (false, true) => format!(
            " A new value from its required fields ({}), in the order of the spec; the others start as `None`, \
             and each has a setter.",
            names.join(", ")
        ),
    };
    // Clippy's default limit; the arguments are the spec's required fields, in its order.
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // A model named `New` (a schema `new`) still has its `new`, as every model users build does.
    let self_named = (name == "New").then(|| quote!(#[allow(clippy::self_named_constructors)]));
    let setters = members.iter().filter(|m| m.optional).map(|m| {
        let field = ident(m.rust_name);
        let setter = ident(m.setter);
        let ty = into(m);
        let value = convert(m, quote!(value));
        let line = format!("Sets `{}`.", m.rust_name.as_str());
        let doc = doc_paragraphs([m.doc, Some(&line)]);
        quote! {
            #doc
            #[must_use]
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#field = ::std::option::Option::Some(#value);
                self
            }
        }
    });
    quote! {
        impl #name {
            #[doc = #new_doc]
            #many
            #self_named
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }

            #(#setters)*
        }
    }
}
