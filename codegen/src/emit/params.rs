//! Parameters on the wire: the statement that adds a query or header parameter to the request in
//! its style, and the runtime's parameter traits (plus `From` conversions) for the unions some
//! parameter is written from.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{ident, rt, rust_type};
use crate::ir::{Api, Param, ParamLocation, ParamStyle, ParamUnion, UNKNOWN_VARIANT};

/// The statement adding a query or header parameter, read from `self`, to `request`.
pub fn add_param(p: &Param) -> TokenStream {
    let rt = rt();
    let name = ident(&p.rust_name);
    let wire = &p.wire_name;
    let header = p.location == ParamLocation::Header;
    let add = if header { quote!(header) } else { quote!(query) };
    // How one value (`value`, a reference) is added; `None` for the loop over an array.
    let one = |value: TokenStream| -> Option<TokenStream> {
        Some(match p.style {
            ParamStyle::Single => quote!(request.#add(#wire, #value);),
            ParamStyle::Repeated if !p.union => return None,
            ParamStyle::Repeated => quote!(request.query_each(#wire, #value);),
            ParamStyle::Joined(_) if header => quote!(request.header_joined(#wire, #value)?;),
            ParamStyle::Joined(delimiter) => quote!(request.query_joined(#wire, #delimiter, #value)?;),
            ParamStyle::DeepObject => quote!(request.query_object(#wire, #rt::ObjectStyle::DeepObject, #value)?;),
            ParamStyle::FormObject => {
                quote!(request.query_object(#wire, #rt::ObjectStyle::Form { explode: true }, #value)?;)
            }
            ParamStyle::JoinedObject => {
                quote!(request.query_object(#wire, #rt::ObjectStyle::Form { explode: false }, #value)?;)
            }
        })
    };
    match (one(quote!(&self.#name)), p.required) {
        (Some(add), true) => add,
        (Some(_), false) => {
            let add = one(quote!(value));
            quote! { if let ::std::option::Option::Some(value) = &self.#name { #add } }
        }
        (None, true) => quote! { for value in &self.#name { request.#add(#wire, value); } },
        (None, false) => quote! { for value in self.#name.iter().flatten() { request.#add(#wire, value); } },
    }
}

/// How the parameter is written, for its setter's docs, when that is not one plain value.
pub fn style_note(p: &Param) -> Option<String> {
    let wire = &p.wire_name;
    Some(match p.style {
        ParamStyle::Single | ParamStyle::Repeated => return None,
        ParamStyle::Joined(_) if p.location == ParamLocation::Header => {
            format!("Written as one header, its values joined by commas (`{wire}: a,b`).")
        }
        ParamStyle::Joined(delimiter) => {
            let by = match delimiter {
                ',' => "commas",
                ' ' => "spaces",
                '|' => "pipes",
                _ => "a delimiter",
            };
            format!("Written as one query parameter, its values joined by {by} (`{wire}=a{delimiter}b`).")
        }
        ParamStyle::DeepObject => {
            format!("Written as `{wire}[key]=value` query pairs, nested objects as `{wire}[key][inner]=value`.")
        }
        ParamStyle::FormObject => "Written as one `key=value` query pair per entry.".to_owned(),
        ParamStyle::JoinedObject => format!("Written as one query parameter, `{wire}=key,value,key,value`."),
    })
}

/// The runtime's parameter trait and `From` conversions for every union some parameter is written from.
pub fn param_unions(api: &Api) -> TokenStream {
    let items = api.param_unions.iter().map(param_union);
    quote!(#(#items)*)
}

fn param_union(u: &ParamUnion) -> TokenStream {
    let rt = rt();
    let models = quote!(super::models::);
    let name = ident(&u.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let variants = u.members.iter().map(|(variant, _)| ident(variant));
    let to_param = if u.many {
        let arms = u.members.iter().map(|(_, many)| match many {
            true => quote!(#rt::ToParamValues::to_param_values(value)),
            false => quote!(::std::vec![#rt::ToParam::to_param(value)]),
        });
        quote! {
            /// Each member is written as it would be alone; an array member gives one value per item.
            impl #rt::ToParamValues for #models #name {
                fn to_param_values(&self) -> ::std::vec::Vec<::std::string::String> {
                    match self {
                        #( Self::#variants(value) => #arms, )*
                        Self::#unknown(value) => ::std::vec![#rt::ToParam::to_param(value)],
                    }
                }
            }
        }
    } else {
        quote! {
            /// Each member is written as it would be alone.
            impl #rt::ToParam for #models #name {
                fn to_param(&self) -> ::std::string::String {
                    match self {
                        #( Self::#variants(value) => #rt::ToParam::to_param(value), )*
                        Self::#unknown(value) => #rt::ToParam::to_param(value),
                    }
                }
            }
        }
    };
    let from = u.from.iter().map(|(variant, ty)| {
        let (variant, ty) = (ident(variant), rust_type(ty, &models));
        quote! {
            impl ::std::convert::From<#ty> for #models #name {
                fn from(value: #ty) -> Self {
                    Self::#variant(value)
                }
            }
        }
    });
    let from_str = u.from_str.as_ref().map(|variant| {
        let variant = ident(variant);
        quote! {
            impl ::std::convert::From<&str> for #models #name {
                fn from(value: &str) -> Self {
                    Self::#variant(::std::borrow::ToOwned::to_owned(value))
                }
            }
        }
    });
    quote! { #to_param #(#from)* #from_str }
}
