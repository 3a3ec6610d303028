//! Models: structs, string enums with a catch-all, unions, aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::constructors::{Builders, Member, constructor};
use super::described::{self, Described, Links, code, sentence};
use super::docs::{doc_or_generated, has_text};
use super::types::{SERDE_CRATE, allow_complex_types, ident, maybe_optional, rt, rust_type, serde};
use crate::ir::{Api, Field, Shape, StringEnum, Struct, TypeDef, TypeKind, TypeRef, TypeTable, UNKNOWN_VARIANT, Union};

/// The note on every generated string enum: how to match it so that code still compiles, and still
/// means the same, when a later version adds variants.
const ENUM_NOTE: &[&str] = &[
    " This enum is `#[non_exhaustive]`: a later version of the SDK may add variants for new values.",
    " Match the variants you handle and keep a `_` arm. `Unknown` holds a value this version does not",
    " know: to handle one, test `as_str()` in a guard rather than matching `Unknown`, which a later",
    " version may no longer use for that value.",
];
/// The same for unions.
const UNION_NOTE: &[&str] = &[
    " This enum is `#[non_exhaustive]`: a later version of the SDK may add variants for new members.",
    " Match the variants you handle and keep a `_` arm. `Unknown` holds JSON this version does not",
    " recognise, which a later version may read as a variant of its own.",
];

/// Links from the models module to the other generated items.
const LINKS: Links<'static> = Links::new("super::", "");

pub fn models(api: &Api) -> TokenStream {
    let described = Described::new(api);
    let items = api.types.iter().map(|def| model(def, &described));
    let forms = super::bodies::form_structs(api);
    let allow = allow_complex_types(api);
    quote! {
        //! The API's data types, one per schema of the spec (and per inline object or enum,
        //! named after where it appears).
        #allow
        #(#items)*
        #forms
    }
}

fn model(def: &TypeDef, described: &Described<'_>) -> TokenStream {
    let name = ident(&def.name);
    let note = match &def.kind {
        TypeKind::Enum(_) => ENUM_NOTE,
        TypeKind::Union(_) => UNION_NOTE,
        _ => &[],
    };
    // Written as is: the spec's text goes through `doc`, which escapes brackets. An alias of a named
    // type links to it after its docs (the IR's doc is text; the link is written here, from the kind).
    // A struct's fixed discriminator is said there too.
    let generated = match &def.kind {
        TypeKind::Alias(TypeRef::Named(target)) => Some(format!(" Another name for [`{target}`].")),
        TypeKind::Struct(Struct { tag: Some(tag), .. }) => Some(format!(
            " On the wire, {} is always {}: written when the value is sent, not a field.",
            code(&tag.property),
            code(&tag.value)
        )),
        _ => None,
    };
    // Without the spec's description, the generated one names the alias's target itself.
    let generated = generated
        .filter(|_| has_text(def.doc.as_deref()) || !matches!(def.kind, TypeKind::Alias(_)))
        .map(|line| quote! { #[doc = ""] #[doc = #line] });
    let separator = (!note.is_empty()).then(|| quote!(#[doc = ""]));
    let doc = doc_or_generated(def.doc.as_deref(), || described.model(def, LINKS));
    let doc = quote! { #doc #generated #separator #( #[doc = #note] )* };
    let types = described.types();
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            // The models users only receive are built by tests alone, with the `test-util` feature.
            let builders = if def.usage.built_by_users() { Builders::Always } else { Builders::TestUtil };
            let constructor = struct_constructor(&name, s, builders, types);
            let s = structure(&name, s, types);
            quote! { #s #constructor }
        }
        TypeKind::Enum(e) => string_enum(&name, e),
        TypeKind::Union(u) => union(&name, u, types),
        TypeKind::Alias(target) => {
            let target = rust_type(target, &TokenStream::new());
            quote! { pub type #name = #target; }
        }
    };
    quote! { #doc #body }
}

/// A field's doc: the spec's description, else what the generator knows of it.
fn field_doc(f: &Field, types: &TypeTable) -> TokenStream {
    doc_or_generated(f.doc.as_deref(), || described::field(types, f, LINKS))
}

fn structure(name: &proc_macro2::Ident, s: &Struct, types: &TypeTable) -> TokenStream {
    let default = s.default.then(|| quote!(Default,));
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let ty = rust_type(&f.ty, &TokenStream::new());
        let ty = if f.boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
        let ty = maybe_optional(ty, f.optional());
        let doc = field_doc(f, types);
        let wire = &f.wire_name;
        let mut serde = Vec::new();
        if f.rust_name.as_str() != wire {
            serde.push(quote!(rename = #wire));
        }
        // Absent optional fields stay absent; a required nullable field is always sent, as `null` when `None`.
        if !f.required {
            serde.push(quote!(default, skip_serializing_if = "::std::option::Option::is_none"));
        }
        let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
        quote! { #doc #serde pub #field: #ty, }
    });
    let serde = serde();
    // serde writes the tag first, with the (serialized) name of the struct as its value; decoding
    // ignores it, as any key the struct does not have.
    let tag = s.tag.as_ref().map(|tag| {
        let (property, value) = (&tag.property, &tag.value);
        quote!(#[serde(tag = #property, rename(serialize = #value))])
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, #default #serde::Serialize, #serde::Deserialize)]
        #[serde(crate = #SERDE_CRATE)]
        #tag
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
    }
}

fn struct_constructor(name: &proc_macro2::Ident, s: &Struct, builders: Builders, types: &TypeTable) -> TokenStream {
    let members: Vec<Member<'_>> = s
        .fields
        .iter()
        .map(|f| {
            let boxed = |ty: TokenStream| if f.boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
            Member {
                rust_name: &f.rust_name,
                setter: &f.setter,
                ty: boxed(rust_type(&f.ty, &TokenStream::new())),
                ty_in_module: boxed(rust_type(&f.ty, &quote!(self::))),
                optional: f.optional(),
                into: f.into,
                doc: field_doc(f, types),
            }
        })
        .collect();
    constructor(name, &members, s.required_struct.as_deref(), builders)
}

fn string_enum(name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let (rt, serde) = (rt(), serde());
    let unknown = ident(UNKNOWN_VARIANT);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<_> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let docs = wires.iter().map(|w| format!(" {}", code(w)));
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #docs] #variants, )*
            /// A value this version of the SDK does not know, kept as received.
            /// Meant for reading responses; the server may reject it in a request.
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #rt::ToParam for #name {
            fn to_param(&self) -> ::std::string::String {
                ::std::borrow::ToOwned::to_owned(self.as_str())
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as #serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    }
}

fn union(name: &proc_macro2::Ident, u: &Union, table: &TypeTable) -> TokenStream {
    let (rt, serde) = (rt(), serde());
    let unknown = ident(UNKNOWN_VARIANT);
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let types: Vec<_> = u.variants.iter().map(|v| rust_type(&v.ty, &TokenStream::new())).collect();
    let docs = u.variants.iter().map(|v| {
        let text = match (&u.tag, &v.tag_value) {
            (Some(tag), Some(value)) => format!(" On the wire, {} is {}.", code(tag), code(value)),
            _ => format!(" {}.", sentence(&described::phrase(table, &v.ty, LINKS))),
        };
        quote!(#[doc = #text])
    });
    let (serialize_arms, deserialize_body, unknown_doc) = match &u.tag {
        Some(tag) => tagged(u, tag, &variants, &types, &unknown),
        None => best_fit(u, &variants, &types, &unknown),
    };
    // Members are kept inline for easy matching, whatever their sizes.
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #( #docs #variants(#types), )*
            #[doc = #unknown_doc]
            #unknown(#rt::RawJson),
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #serialize_arms
                    Self::#unknown(value) => #serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw: #rt::UnionJson = #serde::Deserialize::deserialize(deserializer)?;
                #deserialize_body
            }
        }
    }
}

/// A union chosen by the value of a discriminator property; the tag is written from the variant.
fn tagged(
    u: &Union,
    tag: &str,
    variants: &[proc_macro2::Ident],
    types: &[TokenStream],
    unknown: &proc_macro2::Ident,
) -> (TokenStream, TokenStream, String) {
    let (rt, serde) = (rt(), serde());
    let values: Vec<&str> = u.variants.iter().map(|v| v.tag_value.as_deref().unwrap_or_default()).collect();
    let serialize = quote! {
        #( Self::#variants(value) => #rt::serialize_tagged(value, #tag, #values, serializer), )*
    };
    let indexes = (0..variants.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let deserialize = quote! {
        let parsed = match raw.tag(#tag, &[#(#values),*]) {
            #( ::std::option::Option::Some(#indexes) => raw.parse::<#types>().map(Self::#variants), )*
            _ => return ::std::result::Result::Ok(Self::#unknown(raw.into_raw())),
        };
        parsed.map_err(<D::Error as #serde::de::Error>::custom)
    };
    let doc = format!(" A `{tag}` this version of the SDK does not know; the JSON is kept as received.");
    (serialize, deserialize, doc)
}

/// A union without a discriminator: the member whose properties best fit the object's keys wins.
fn best_fit(
    u: &Union,
    variants: &[proc_macro2::Ident],
    types: &[TokenStream],
    unknown: &proc_macro2::Ident,
) -> (TokenStream, TokenStream, String) {
    let (rt, serde) = (rt(), serde());
    let shapes = u.variants.iter().map(|v| match &v.shape {
        Shape::Object { properties, required } => quote! {
            #rt::Shape::Object { properties: &[#(#properties),*], required: &[#(#required),*] }
        },
        Shape::Other => quote!(#rt::Shape::Other),
    });
    let indexes = (0..variants.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let count = proc_macro2::Literal::usize_unsuffixed(variants.len());
    let serialize = quote! {
        #( Self::#variants(value) => #serde::Serialize::serialize(value, serializer), )*
    };
    let deserialize = quote! {
        const SHAPES: [#rt::Shape; #count] = [#(#shapes),*];
        for index in #rt::best_fit(raw.as_str(), &SHAPES) {
            let parsed = match index {
                #( #indexes => raw.parse::<#types>().map(Self::#variants), )*
                _ => continue,
            };
            if let ::std::result::Result::Ok(parsed) = parsed {
                return ::std::result::Result::Ok(parsed);
            }
        }
        ::std::result::Result::Ok(Self::#unknown(raw.into_raw()))
    };
    let doc = " JSON that fits none of the members, kept as received.".to_owned();
    (serialize, deserialize, doc)
}
