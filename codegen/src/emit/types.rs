//! Rust type syntax for IR types, identifiers, and the paths of the runtime generated code names.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, TypeKind, TypeRef};
use crate::naming;

/// The runtime crate, the one dependency of generated code: every runtime item is named through it.
pub fn rt() -> TokenStream {
    quote!(::formance_sdk_runtime)
}

/// serde, as the runtime re-exports it for generated derives.
pub fn serde() -> TokenStream {
    quote!(::formance_sdk_runtime::__private::serde)
}

/// The same path, for `#[serde(crate = "...")]`.
pub const SERDE_CRATE: &str = "::formance_sdk_runtime::__private::serde";

/// A name the analysis decided, as an identifier.
pub fn ident(name: &(impl ToIdent + ?Sized)) -> Ident {
    name.to_ident()
}

/// Names become identifiers: a type, variant or const name (`str`) as it is, an [`naming::Ident`]
/// raw when it is a keyword.
pub trait ToIdent {
    fn to_ident(&self) -> Ident;
}

impl ToIdent for str {
    fn to_ident(&self) -> Ident {
        Ident::new(self, Span::call_site())
    }
}

impl ToIdent for String {
    fn to_ident(&self) -> Ident {
        Ident::new(self, Span::call_site())
    }
}

impl ToIdent for naming::Ident {
    fn to_ident(&self) -> Ident {
        match self.is_raw() {
            true => Ident::new_raw(self.as_str(), Span::call_site()),
            false => Ident::new(self.as_str(), Span::call_site()),
        }
    }
}

/// The type, with every path spelled in full so that a model named `Option` or `String` shadows nothing.
/// `models` is the path prefix of named types (empty inside the models module).
pub fn rust_type(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F64 => quote!(f64),
        TypeRef::BigInt => quote!(::formance_sdk_runtime::BigInt),
        TypeRef::DateTime => quote!(::formance_sdk_runtime::chrono::DateTime<::formance_sdk_runtime::chrono::Utc>),
        TypeRef::Date => quote!(::formance_sdk_runtime::chrono::NaiveDate),
        TypeRef::Uuid => quote!(::formance_sdk_runtime::uuid::Uuid),
        TypeRef::Bytes => quote!(::formance_sdk_runtime::bytes::Bytes),
        TypeRef::Json => quote!(::formance_sdk_runtime::RawJson),
        TypeRef::JsonObject => quote!(::formance_sdk_runtime::RawJsonObject),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#models #name)
        }
        TypeRef::List(item) => {
            let item = rust_type(item, models);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, models);
            quote!(::formance_sdk_runtime::indexmap::IndexMap<::std::string::String, #value>)
        }
    }
}

/// `#![allow(clippy::type_complexity)]` for a module when some type of the API nests so deep (a map
/// of maps of lists...) that clippy finds its fields or arguments too complex; nothing otherwise.
pub fn allow_complex_types(api: &Api) -> TokenStream {
    let fields = api.types.iter().flat_map(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| (&f.ty, f.optional(), f.boxed)).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| (&v.ty, false, false)).collect(),
        _ => Vec::new(),
    });
    let params = api.operations.iter().flat_map(|op| op.params.iter().map(|p| (&p.ty, !p.required, false)));
    let complex = fields.chain(params).any(|(ty, optional, boxed)| {
        let wrappers = usize::from(optional) + usize::from(boxed);
        // Each wrapper is one level of nesting more for what it holds.
        (1..=wrappers).map(|nest| 10 * nest).sum::<usize>() + complexity(ty, 1 + wrappers) > COMPLEX_TYPE
    });
    match complex {
        true => quote!(#![allow(clippy::type_complexity)]),
        false => TokenStream::new(),
    }
}

/// Below clippy's `type-complexity-threshold` (250), so that its estimate here errs towards allowing.
const COMPLEX_TYPE: usize = 200;

/// Clippy's score of a type at nesting level `nest`: 10 per level for each type path in it.
fn complexity(ty: &TypeRef, nest: usize) -> usize {
    10 * nest
        + match ty {
            TypeRef::DateTime => 10 * (nest + 1),
            TypeRef::List(item) => complexity(item, nest + 1),
            TypeRef::Map(value) => 10 * (nest + 1) + complexity(value, nest + 1),
            _ => 0,
        }
}

/// `T` or `Option<T>`.
pub fn maybe_optional(ty: TokenStream, optional: bool) -> TokenStream {
    if optional { quote!(::std::option::Option<#ty>) } else { ty }
}
