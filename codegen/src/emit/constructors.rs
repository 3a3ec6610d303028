//! How users build the models they send: `new` takes the fields whose Rust type is not an `Option`
//! (none; one, as its argument; or several, named in the model's required-fields struct, so that two
//! of one type cannot be swapped), and one chainable setter per `Option` field stores `Some`. Structs
//! are `#[non_exhaustive]`, so this is the only way to build one outside the crate (besides
//! `Default`), and a new optional field is a new setter rather than a breaking change.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::Ident;
use crate::naming;

/// One field of a struct users build, as the constructor and setters see it.
pub struct Member<'a> {
    pub rust_name: &'a Ident,
    pub setter: &'a Ident,
    /// The Rust type without its `Option`.
    pub ty: TokenStream,
    /// The same, its named types spelled `self::Name`: inside the required-fields struct, a type
    /// parameter named like a model must not stand for it.
    pub ty_in_module: TokenStream,
    /// The Rust field is an `Option`: set by a setter, `None` until then.
    pub optional: bool,
    /// Taken as `impl Into<ty>` (the analysis's `into`).
    pub into: bool,
    /// The field's doc attributes (the spec's description, or the generator's).
    pub doc: TokenStream,
}

/// Whether users build the struct (sent in requests), or only tests do (read in responses only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builders {
    /// Part of the API.
    Always,
    /// Only with the crate's `test-util` feature, outside the semver promise: for tests that build
    /// what a server would send.
    TestUtil,
}

/// What says, on each item, that it exists only with `test-util` and is not covered by semver.
fn test_util_gate(builders: Builders) -> TokenStream {
    match builders {
        Builders::Always => TokenStream::new(),
        Builders::TestUtil => quote! {
            #[doc = ""]
            #[doc = " Only with the crate's `test-util` feature, for tests that build what a server would send: exempt from the semver promise (a later release may change it in any way)."]
            #[cfg(feature = "test-util")]
        },
    }
}

/// How `new` takes a model's required fields: the one rule the constructors and the docs' examples
/// follow.
pub enum NewTakes<'a, T> {
    /// Nothing: no field is required.
    Nothing,
    /// The one required field, as its argument.
    One(&'a T),
    /// The required fields, named in the required-fields struct called `.0`.
    Struct(String, &'a [T]),
}

/// How `new` of `model` takes its `required` fields; `required_struct` is the analysis's name for
/// the required-fields struct, when it has one.
pub fn new_takes<'a, T>(model: &str, required: &'a [T], required_struct: Option<&str>) -> NewTakes<'a, T> {
    match (required, required_struct) {
        ([], _) => NewTakes::Nothing,
        ([one], None) => NewTakes::One(one),
        (several, required_struct) => NewTakes::Struct(
            required_struct.map_or_else(|| naming::required_struct_name(model), str::to_owned),
            several,
        ),
    }
}

/// The items of a struct users build: its required-fields struct when `required_struct` names one,
/// and the inherent `impl` with `new` and the setters.
pub fn constructor(
    name: &proc_macro2::Ident,
    members: &[Member<'_>],
    required_struct: Option<&str>,
    builders: Builders,
) -> TokenStream {
    let into = |m: &Member<'_>| {
        let ty = &m.ty;
        if m.into { quote!(impl ::std::convert::Into<#ty>) } else { ty.clone() }
    };
    let convert = |m: &Member<'_>, value: TokenStream| {
        if m.into { quote!(::std::convert::Into::into(#value)) } else { value }
    };
    let required: Vec<&Member<'_>> = members.iter().filter(|m| !m.optional).collect();
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
    let others = if optional { "; the others start as `None`, and each has a setter" } else { "" };
    let (new, required_items) = match new_takes(&name.to_string(), &required, required_struct) {
        NewTakes::Nothing => {
            let new_doc = match optional {
                false => " A new value: the type has no fields.",
                true => " A new value with every field `None`; each has a setter.",
            };
            (quote! { #[doc = #new_doc] pub fn new() -> Self { Self { #(#inits),* } } }, None)
        }
        NewTakes::One(one) => {
            let arg = ident(one.rust_name);
            let ty = into(one);
            let new_doc = format!(" A new value from its required field, `{}`{others}.", one.rust_name.as_str());
            (quote! { #[doc = #new_doc] pub fn new(#arg: #ty) -> Self { Self { #(#inits),* } } }, None)
        }
        NewTakes::Struct(struct_name, several) => {
            let (item, generics, arg_type) =
                required_fields_struct(name, &struct_name, several, &test_util_gate(builders));
            let struct_ident = ident(&struct_name);
            let fields = several.iter().map(|m| ident(m.rust_name));
            let new_doc = format!(
                " A new value from its required fields, named in [`{struct_name}`] (so that none can take another's \
                 place){others}."
            );
            // Clippy scores the argument's type 10 and each of its type arguments 20, and refuses more
            // than 250: past 12 fields taken as `impl Into` (GitHub's `Collaborator`, 13), it would.
            let generic_count = several.iter().filter(|m| m.into).count();
            let complex = (generic_count > 12).then(|| quote!(#[allow(clippy::type_complexity)]));
            let new = quote! {
                #[doc = #new_doc]
                #complex
                pub fn new #generics (required: #arg_type) -> Self {
                    let #struct_ident { #(#fields),* } = required;
                    Self { #(#inits),* }
                }
            };
            (new, Some(item))
        }
    };
    // A model named `New` (a schema `new`) still has its `new`, as every model users build does.
    let self_named = (name == "New").then(|| quote!(#[allow(clippy::self_named_constructors)]));
    let gate = test_util_gate(builders);
    let impl_doc = (builders == Builders::TestUtil).then(|| {
        let text = format!(" Builds a [`{name}`], which the API only sends.");
        quote!(#[doc = #text])
    });
    let setters = members.iter().filter(|m| m.optional).map(|m| {
        let field = ident(m.rust_name);
        let setter = ident(m.setter);
        let ty = into(m);
        let value = convert(m, quote!(value));
        let line = format!(" Sets `{}`.", m.rust_name.as_str());
        let doc = &m.doc;
        quote! {
            #doc
            #[doc = ""]
            #[doc = #line]
            #[must_use]
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#field = ::std::option::Option::Some(#value);
                self
            }
        }
    });
    quote! {
        #required_items

        #impl_doc
        #gate
        impl #name {
            #self_named
            #new

            #(#setters)*
        }
    }
}

/// The struct naming the required fields `new` takes (public fields, not `#[non_exhaustive]`, so
/// that users write its literal), and the generics and the type `new` takes it with. A field taken as
/// `impl Into<T>` is a type parameter defaulting to `T`, so that the literal takes what the model's
/// setters take (`"a"` for a `String`, `5` for a `BigInt`); `new` names the parameters, bounded by
/// `Into<T>` (a long list of `impl Into` in the argument's type is one clippy finds too complex).
fn required_fields_struct(
    model: &proc_macro2::Ident,
    name: &str,
    required: &[&Member<'_>],
    gate: &TokenStream,
) -> (TokenStream, Option<TokenStream>, TokenStream) {
    let struct_ident = ident(name);
    let generic: Vec<&Member<'_>> = required.iter().copied().filter(|m| m.into).collect();
    let params: Vec<proc_macro2::Ident> =
        naming::type_params(generic.iter().map(|m| m.rust_name), &[name]).iter().map(ident).collect();
    let param_of = |m: &Member<'_>| generic.iter().position(|g| g.rust_name == m.rust_name).map(|i| &params[i]);
    let declared = generic.iter().zip(&params).map(|(m, param)| {
        let default = &m.ty_in_module;
        quote!(#param = #default)
    });
    let fields = required.iter().map(|m| {
        let field = ident(m.rust_name);
        let ty = match param_of(m) {
            Some(param) => quote!(#param),
            None => m.ty_in_module.clone(),
        };
        let doc = &m.doc;
        quote! { #doc pub #field: #ty, }
    });
    // Named types spelled `self::Name` here too: a parameter may be named like one.
    let bounds = generic.iter().zip(&params).map(|(m, param)| {
        let ty = &m.ty_in_module;
        quote!(#param: ::std::convert::Into<#ty>)
    });
    let generics = (!generic.is_empty()).then(|| quote!(<#(#declared),*>));
    let new_generics = (!generic.is_empty()).then(|| quote!(<#(#bounds),*>));
    let arg_type = match generic.is_empty() {
        true => quote!(#struct_ident),
        false => quote!(#struct_ident<#(#params),*>),
    };
    let struct_doc = format!(
        " The required fields of [`{model}`], which [`{model}::new`] takes, named: write its literal \
         (`{name} {{ ... }}`)."
    );
    let into_doc = (!generic.is_empty()).then(|| {
        quote! {
            #[doc = ""]
            #[doc = " A field whose type is a parameter takes what converts into the model's field, as its setters do (`\"text\"` for a `String`, any integer for a `BigInt`); the parameter's default is that type."]
        }
    });
    let evolution = " It is not `#[non_exhaustive]`: a later version of the API that makes another field required adds it here, which breaks code that builds the model, as the new field breaks requests that lack it.";
    let item = quote! {
        #[doc = #struct_doc]
        #into_doc
        #[doc = ""]
        #[doc = #evolution]
        #gate
        #[derive(Debug, Clone, PartialEq)]
        pub struct #struct_ident #generics {
            #(#fields)*
        }
    };
    (item, new_generics, arg_type)
}
