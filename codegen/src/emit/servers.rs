//! The `servers` module: the default server URL, an enum per server variable with an `enum`, a
//! default per free variable, and a function per server preset that builds its URL.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, doc_paragraphs};
use super::types::{ident, rt};
use crate::ir::{ServerEnum, ServerPreset, Servers, UrlPart};

pub fn servers(servers: &Servers) -> TokenStream {
    let default_url = &servers.default_url;
    let default_doc = doc_paragraphs([
        servers.default_doc.as_deref(),
        Some(if servers.presets.is_empty() && servers.default_doc.is_none() && default_url == "http://localhost" {
            "The default server URL (the spec lists no server): `ClientBuilder::server_url` replaces it."
        } else {
            "The default server URL, the first server of the spec: `ClientBuilder::server_url` replaces it."
        }),
    ]);
    let free = servers.free.iter().map(|f| {
        let name = format_ident!("{}", f.const_name);
        let value = &f.default;
        let doc = doc_paragraphs([
            f.doc.as_deref(),
            Some(&format!("The default of the server variable `{{{}}}`.", f.variable)),
        ]);
        quote! { #doc pub const #name: &str = #value; }
    });
    let enums = servers.enums.iter().map(|e| server_enum(e, servers));
    let presets = servers.presets.iter().map(preset);
    let described = described_presets(servers);
    quote! {
        //! The servers the API's description lists: the default server URL, and a function per
        //! server with variables that builds its URL (`Client` has a constructor for each).

        #default_doc
        pub const DEFAULT_SERVER_URL: &str = #default_url;

        #(#free)*
        #(#enums)*
        #(#presets)*
        #described
    }
}

/// The environment variable of `variable`, after the crate's prefix.
fn env_suffix<'a>(servers: &'a Servers, variable: &str) -> &'a str {
    let arg = servers.presets.iter().flat_map(|preset| &preset.args).find(|arg| arg.variable == variable);
    arg.map_or("", |arg| arg.env_suffix.as_str())
}

/// `PRESETS`, the servers with variables as the runtime reads them (`ClientBuilder::from_env`),
/// for the client's `ApiDescription`; nothing without presets.
fn described_presets(servers: &Servers) -> Option<TokenStream> {
    let rt = rt();
    if servers.presets.is_empty() {
        return None;
    }
    let presets = servers.presets.iter().map(|preset| {
        let template = &preset.template;
        let variables = preset.args.iter().map(|arg| match &arg.enum_type {
            Some(ty) => {
                let ty = ident(ty);
                quote!(#ty::VARIABLE)
            }
            None => {
                let (name, suffix) = (&arg.variable, &arg.env_suffix);
                let default =
                    servers.free.iter().find(|f| f.variable == arg.variable).map(|f| format_ident!("{}", f.const_name));
                quote!(#rt::ServerVariable::free(#name, #suffix, #default))
            }
        });
        quote!(#rt::ServerPreset::new(#template, &[#(#variables),*]))
    });
    Some(quote! {
        /// The servers with variables, as `ClientBuilder::from_env` reads them.
        pub(super) const PRESETS: &[#rt::ServerPreset] = &[#(#presets),*];
    })
}

fn server_enum(e: &ServerEnum, servers: &Servers) -> TokenStream {
    let rt = rt();
    let name = ident(&e.type_name);
    let doc =
        doc_paragraphs([e.doc.as_deref(), Some(&format!("The values of the server variable `{{{}}}`.", e.variable))]);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let rust_names: Vec<&str> = e.variants.iter().map(|v| v.rust_name.as_str()).collect();
    let (variable, suffix, default) =
        (&e.variable, env_suffix(servers, &e.variable), wires.get(e.default).copied().unwrap_or_default());
    let example = e.variants.last().map_or_else(String::new, |v| {
        let shouted: String =
            v.wire.chars().map(|c| if matches!(c, '-' | '.') { '_' } else { c.to_ascii_uppercase() }).collect();
        format!(" (`{shouted}` and `{}` for `{}`)", v.rust_name, v.wire)
    });
    let from_str_doc = super::docs::doc(Some(&format!(
        "The spec's value (what `Display` writes), or a variant's name, ignoring ASCII case and the separators `-`, `_` and `.`{example}, when it spells one value only."
    )));
    let docs = wires.iter().enumerate().map(|(index, wire)| {
        let text = format!(" `{wire}`");
        let default = (index == e.default).then(|| quote!(#[default]));
        quote!(#[doc = #text] #default)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum #name {
            #( #docs #variants, )*
        }

        impl #name {
            /// The variable, as `ClientBuilder::from_env` and `from_str` read it.
            const VARIABLE: #rt::ServerVariable =
                #rt::ServerVariable::enumerated(#variable, #suffix, #default, &[#(#wires),*], &[#(#rust_names),*]);

            /// The value as it goes into the URL.
            pub fn as_str(self) -> &'static str {
                match self {
                    #( Self::#variants => #wires, )*
                }
            }
        }

        /// The spec's value, as it goes into the URL.
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #from_str_doc
        impl ::std::str::FromStr for #name {
            type Err = #rt::ParseServerVariableError;

            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                #rt::parse_server_variable(&Self::VARIABLE, &[#(Self::#variants),*], text)
            }
        }
    }
}

/// The doc of a preset: the server's description and its URL template.
pub fn preset_doc(preset: &ServerPreset) -> Option<String> {
    let template = format!("`{}`", preset.template);
    Some(match &preset.doc {
        Some(text) => format!("{}\n\n{template}", text.trim()),
        None => template,
    })
}

/// The parameters of a preset's function (`organization: impl AsRef<str>, environment:
/// Environment`), with `servers` the path prefix of the variable enums, and the arguments that pass
/// them on.
pub fn preset_signature(preset: &ServerPreset, servers: &TokenStream) -> (Vec<TokenStream>, Vec<TokenStream>) {
    preset
        .args
        .iter()
        .map(|arg| {
            let name = ident(&arg.rust_name);
            let param = match &arg.enum_type {
                Some(ty) => {
                    let ty = ident(ty);
                    quote!(#name: #servers #ty)
                }
                None => quote!(#name: impl ::std::convert::AsRef<str>),
            };
            (param, quote!(#name))
        })
        .unzip()
}

fn preset(preset: &ServerPreset) -> TokenStream {
    let rt = rt();
    let function = ident(&preset.name);
    let (params, _) = preset_signature(preset, &TokenStream::new());
    // Each argument becomes a local the format string names (a keyword as `type_`).
    let values = preset.args.iter().map(|arg| {
        let (name, local) = (ident(&arg.rust_name), ident(&arg.rust_name.local()));
        match arg.enum_type {
            Some(_) => quote!(let #local = #name.as_str();),
            // A value of the caller's is encoded, so that it cannot move the URL elsewhere.
            None => quote!(let #local = #rt::server_variable(#name.as_ref());),
        }
    });
    let mut template = String::new();
    for part in &preset.parts {
        match part {
            UrlPart::Text(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            UrlPart::Variable(index) => {
                let name = preset.args.get(*index).map(|arg| arg.rust_name.local().to_string()).unwrap_or_default();
                template.push_str(&format!("{{{name}}}"));
            }
        }
    }
    let doc = doc(preset_doc(preset).as_deref());
    quote! {
        #doc
        pub fn #function(#(#params),*) -> ::std::string::String {
            #(#values)*
            ::std::format!(#template)
        }
    }
}
