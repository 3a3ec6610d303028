//! Operations: a parameter struct and request builder per operation, the client method that starts it,
//! and the `Operation` (and `Paginated`) impls the runtime drives.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::bodies;
use super::docs::doc_paragraphs;
use super::params::{add_param, param_unions, style_note, takes_into};
use super::types::{ident, maybe_optional, rt, rust_type};
use crate::ir::{Api, ErrorStatuses, Operation, Pagination, Param, ParamLocation};
use crate::naming;

pub fn operations(api: &Api) -> TokenStream {
    let models = quote!(super::models::);
    let error_body = rust_type(&api.error_body, &models);
    let items = api.operations.iter().map(|op| operation(op, &models, &error_body));
    let param_unions = param_unions(api);
    quote! {
        //! One request builder per operation; start them from the methods of [`Client`](super::Client).

        /// The body of the API's documented error responses.
        pub type ApiErrorBody = #error_body;

        #(#items)*
        #param_unions
    }
}

/// A parameter's Rust type as the builder stores it.
fn param_type(p: &Param, models: &TokenStream) -> TokenStream {
    maybe_optional(rust_type(&p.ty, models), !p.required)
}

/// How a builder method takes a value (strings and unions by `impl Into<T>`, everything else as
/// is), and the expression that stores it.
fn argument(p: &Param, models: &TokenStream) -> (TokenStream, TokenStream) {
    let name = ident(&p.rust_name);
    let ty = rust_type(&p.ty, models);
    match takes_into(p) {
        true => (quote!(#name: impl ::std::convert::Into<#ty>), quote!(#name.into())),
        false => (quote!(#name: #ty), quote!(#name)),
    }
}

/// A struct-literal field storing a required argument.
fn initializer(p: &Param) -> TokenStream {
    let name = ident(&p.rust_name);
    match takes_into(p) {
        true => quote!(#name: #name.into()),
        false => quote!(#name),
    }
}

fn operation(op: &Operation, models: &TokenStream, error_body: &TokenStream) -> TokenStream {
    let rt = rt();
    let params_name = format_ident!("{}Params", op.type_name);
    let builder_name = format_ident!("{}", op.type_name);
    let method = ident(&op.method_name);
    let body_type = op.body.as_ref().map(|b| bodies::stored_type(b, models));

    let fields = op.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let ty = param_type(p, models);
        quote!(#name: #ty,)
    });
    let body_field = body_type.as_ref().map(|ty| quote!(body: ::std::option::Option<#ty>,));

    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| argument(p, models).0);
    let initializers = required.iter().map(|p| initializer(p));
    let optional_names = op.params.iter().filter(|p| !p.required).map(|p| ident(&p.rust_name));
    let body_init = body_type.as_ref().map(|_| quote!(body: ::std::option::Option::None,));

    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let name = ident(&p.rust_name);
        let (arg, value) = argument(p, models);
        let sets = format!("Sets the `{}` {} parameter.", p.wire_name, location(p));
        let doc = doc_paragraphs([p.doc.as_deref(), Some(&sets), style_note(p).as_deref()]);
        quote! {
            #doc
            pub fn #name(mut self, #arg) -> Self {
                self.0.params_mut().#name = ::std::option::Option::Some(#value);
                self
            }
        }
    });
    let body_setter = op.body.as_ref().map(|b| bodies::setters(b, models));

    let output = op.response.as_ref().map_or_else(|| quote!(()), |r| rust_type(&r.ty, models));
    let forwarders = forwarders(&params_name, &output, error_body, op.pagination.is_some());
    let method_doc = method_doc(op);
    let method_name = op.method_name.trim_start_matches("r#");
    let finish = if op.pagination.is_some() { "`send().await` or `into_stream()`" } else { "`send().await`" };
    let builder_doc = if op.params.iter().any(|p| !p.required) || op.body.is_some() {
        format!(
            " Request builder for [`Client::{method_name}`](super::Client::{method_name}): set the optional \
             parameters, then {finish}."
        )
    } else {
        format!(" Request builder for [`Client::{method_name}`](super::Client::{method_name}): {finish} sends it.")
    };
    let params_doc = format!(" Parameters of [`Client::{method_name}`](super::Client::{method_name}).");
    let operation_impl = operation_impl(op, &params_name, &output, error_body);
    let pagination = op.pagination.as_ref().map(|p| paginated_impl(op, p, &params_name, models));

    quote! {
        #[doc = #params_doc]
        #[derive(Debug, Clone)]
        pub struct #params_name {
            #(#fields)*
            #body_field
        }

        #[doc = #builder_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder_name(#rt::Call<#params_name>);

        impl super::Client {
            #method_doc
            pub fn #method(&self, #(#args),*) -> #builder_name {
                #builder_name(#rt::Call::new(::std::clone::Clone::clone(&self.0), #params_name {
                    #( #initializers, )*
                    #( #optional_names: ::std::option::Option::None, )*
                    #body_init
                }))
            }
        }

        impl #builder_name {
            #(#setters)*
            #body_setter
            #forwarders
        }

        impl #rt::IntoCall for #builder_name {
            type Operation = #params_name;

            fn into_call(self) -> #rt::Call<#params_name> {
                self.0
            }
        }

        #operation_impl
        #pagination
    }
}

/// The methods every request builder forwards to the [`Call`] it wraps: the per-call settings,
/// `send`, and `into_stream` for paginated lists. A per-call setting the runtime gains is added here.
fn forwarders(params: &Ident, output: &TokenStream, error_body: &TokenStream, paginated: bool) -> TokenStream {
    let rt = rt();
    let stream = paginated.then(|| {
        quote! {
            /// Every item of every page, fetching one page at a time as the stream is read: see
            /// [`Call::into_stream`](::formance_sdk_runtime::Call::into_stream).
            pub fn into_stream(self) -> #rt::ItemStream<#params> {
                self.0.into_stream()
            }
        }
    });
    quote! {
        /// The attempt timeout of this call, instead of the client's: see
        /// [`Call::timeout`](::formance_sdk_runtime::Call::timeout).
        pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
            Self(self.0.timeout(timeout))
        }

        /// The operation timeout of this call, instead of the client's: see
        /// [`Call::operation_timeout`](::formance_sdk_runtime::Call::operation_timeout).
        pub fn operation_timeout(self, timeout: ::std::time::Duration) -> Self {
            Self(self.0.operation_timeout(timeout))
        }

        /// Retry settings for this call, instead of the client's.
        pub fn retry(self, policy: #rt::RetryPolicy) -> Self {
            Self(self.0.retry(policy))
        }

        /// Adds a header to this call (every attempt, and every page of a stream): see
        /// [`Call::header`](::formance_sdk_runtime::Call::header) for the headers it refuses.
        pub fn header(self, name: impl ::std::convert::AsRef<str>, value: impl ::std::convert::AsRef<[u8]>) -> Self {
            Self(self.0.header(name, value))
        }

        /// The parameters as set so far.
        pub fn params(&self) -> &#params {
            self.0.params()
        }

        /// Sends the request (retrying as configured) and decodes the success body.
        pub async fn send(self) -> ::std::result::Result<#rt::ResponseValue<#output>, super::Error<#error_body>> {
            self.0.send().await
        }

        #stream
    }
}

fn location(p: &Param) -> &'static str {
    match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

fn method_doc(op: &Operation) -> TokenStream {
    let summary = op.summary.as_deref().or(op.description.as_deref());
    let description = op.description.as_deref().filter(|d| Some(*d) != summary);
    let sends = format!("Sends `{} {}`.", op.http_method, op.path);
    let scopes = (!op.scopes.is_empty()).then(|| {
        let list: Vec<String> = op.scopes.iter().map(|s| format!("`{s}`")).collect();
        format!("OAuth2 scopes: {}.", list.join(", "))
    });
    let arguments = op.params.iter().filter(|p| p.required).map(|p| {
        let text = p.doc.as_deref().map(|d| format!(": {}", d.trim())).unwrap_or_default();
        format!("- `{}`{text}", p.rust_name.trim_start_matches("r#"))
    });
    let arguments: Vec<String> = arguments.collect();
    let arguments = (!arguments.is_empty()).then(|| format!("Arguments:\n{}", arguments.join("\n")));
    let stream = op
        .pagination
        .as_ref()
        .map(|_| "Paginated: `into_stream()` on the builder yields every item of every page.".to_owned());
    doc_paragraphs([summary, description, Some(&sends), scopes.as_deref(), arguments.as_deref(), stream.as_deref()])
}

fn operation_impl(op: &Operation, params_name: &Ident, output: &TokenStream, error_body: &TokenStream) -> TokenStream {
    let rt = rt();
    let decode = bodies::decode(op.response.as_ref());
    let id = &op.operation_id;
    let http_method = ident(&naming::type_name(&op.http_method.to_ascii_lowercase()));
    let path = &op.path;
    let scopes = &op.scopes;
    // Only the statuses the spec documents an error body for are decoded; any other is unexpected.
    let decode_error = match &op.errors {
        ErrorStatuses::All => quote! {
            fn decode_error(
                _status: #rt::StatusCode,
                body: &[u8],
            ) -> ::std::option::Option<::std::result::Result<Self::ErrorBody, #rt::serde_json::Error>> {
                #rt::decode_error_json(body)
            }
        },
        ErrorStatuses::Only { codes, classes } => {
            let unsuffixed =
                |values: &[u16]| values.iter().map(|v| proc_macro2::Literal::u16_unsuffixed(*v)).collect::<Vec<_>>();
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
    };

    // Each path parameter is encoded into a local named after it, which the path template then names.
    let path_params: Vec<&Param> = op.params.iter().filter(|p| p.location == ParamLocation::Path).collect();
    let local = |p: &Param| match p.rust_name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => p.rust_name.clone(),
    };
    let segments = path_params.iter().map(|p| {
        let (field, local, wire) = (ident(&p.rust_name), ident(&local(p)), &p.wire_name);
        quote!(let #local = #rt::path_segment(#wire, &self.#field)?;)
    });
    let new_request = if path_params.is_empty() {
        quote!(#rt::RequestParts::new(::std::string::String::from(#path)))
    } else {
        let template = path_params.iter().fold(op.path.clone(), |template, p| {
            template.replace(&format!("{{{}}}", p.wire_name), &format!("{{{}}}", local(p)))
        });
        quote!(#rt::RequestParts::new(::std::format!(#template)))
    };
    let others = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(add_param);
    let body = op.body.as_ref().map(|b| {
        let (encode, single) = bodies::encode(b);
        let arm = if single { quote!(#encode,) } else { quote!({ #encode }) };
        if b.required {
            quote! {
                match &self.body {
                    ::std::option::Option::Some(body) => #arm
                    ::std::option::Option::None => return ::std::result::Result::Err(#rt::missing_body(#id)),
                }
            }
        } else {
            quote! { if let ::std::option::Option::Some(body) = &self.body { #encode; } }
        }
    });
    let accept = bodies::accept(op.response.as_ref());
    let request_mut =
        (op.params.iter().any(|p| p.location != ParamLocation::Path) || op.body.is_some() || accept.is_some())
            .then(|| quote!(mut));

    quote! {
        impl #rt::Operation for #params_name {
            type Output = #output;
            type ErrorBody = #error_body;
            const INFO: #rt::OperationInfo =
                #rt::OperationInfo::new(#id, #rt::Method::#http_method, #path, &[#(#scopes),*]);

            fn request(&self) -> ::std::result::Result<#rt::RequestParts, #rt::InvalidRequest> {
                #(#segments)*
                let #request_mut request = #new_request;
                #(#others)*
                #body
                #accept
                ::std::result::Result::Ok(request)
            }

            fn decode(body: #rt::bytes::Bytes) -> ::std::result::Result<Self::Output, #rt::BoxError> {
                #decode
            }

            #decode_error
        }
    }
}

fn paginated_impl(op: &Operation, p: &Pagination, params_name: &Ident, models: &TokenStream) -> TokenStream {
    let rt = rt();
    let item = rust_type(&p.item, models);
    let cursor = ident(&p.cursor_param);
    // The cursor carries the filters of the first request; only what the server needs besides it is kept.
    let kept: Vec<Ident> = op.params.iter().filter(|x| x.required).map(|x| ident(&x.rust_name)).collect();
    let cleared =
        op.params.iter().filter(|x| !x.required && x.rust_name != p.cursor_param).map(|x| ident(&x.rust_name));
    let body = op.body.as_ref().map(|_| quote!(body: ::std::option::Option::None,));

    let (page_field, page_optional) = (&p.page_field.0, p.page_field.1);
    let page_field = ident(page_field);
    let page = if page_optional {
        quote! {
            let ::std::option::Option::Some(page) = output.#page_field else {
                return #rt::Page::default();
            };
        }
    } else {
        quote!(let page = output.#page_field;)
    };
    let access = |(name, optional): &(String, bool), fallback: TokenStream| {
        let name = ident(name);
        if *optional { quote!(page.#name #fallback) } else { quote!(page.#name) }
    };
    let items = access(&p.data_field, quote!(.unwrap_or_default()));
    let has_more = access(&p.has_more_field, quote!(.unwrap_or(false)));
    let next_name = ident(&p.next_field.0);
    let next =
        if p.next_field.1 { quote!(page.#next_name) } else { quote!(::std::option::Option::Some(page.#next_name)) };

    quote! {
        impl #rt::Paginated for #params_name {
            type Item = #item;

            fn with_cursor(&self, cursor: ::std::string::String) -> Self {
                Self {
                    #cursor: ::std::option::Option::Some(cursor),
                    #( #kept: ::std::clone::Clone::clone(&self.#kept), )*
                    #( #cleared: ::std::option::Option::None, )*
                    #body
                }
            }

            fn into_page(output: Self::Output) -> #rt::Page<Self::Item> {
                #page
                #rt::Page::new(#items, #has_more, #next)
            }
        }
    }
}
