//! Operations: a parameter struct and request builder per operation, the client method that starts it,
//! and the `Operation` (and `Paginated`) impls the runtime drives.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::described::{self, Links, code};
use super::docs::{doc_paragraphs, has_text, inner_doc_paragraphs};
use super::errors::{decode_error, error_enum, error_type, no_error_body};
use super::examples;
use super::params::{add_param, param_unions, style_note};
use super::types::{allow_complex_types, ident, maybe_optional, rt, rust_type};
use super::{bodies, headers};
use crate::ir::{
    Api, Body, BodyEncoding, Decoding, ErrorBody, ErrorStatus, ErrorStatuses, Operation, OperationGroup, Pagination,
    Param, ParamLocation, TypeRef,
};
use crate::naming;
use crate::naming::reserved::{API_ERROR_BODY, GROUP_TYPE, NO_ERROR_BODY};

/// The `operations` module: the request builders of the operations whose methods are on `Client`,
/// and the modules of the sub-clients (see [`group_operations`]).
pub fn operations(api: &Api, root: &str) -> TokenStream {
    let place = Place { up: quote!(super::), group: None, links: Links::new("super::", "super::models::"), root };
    let error_body = rust_type(&api.error_body, &place.models());
    let items = api.operations.iter().filter(|op| op.group.is_none()).map(|op| operation(api, op, &place));
    let modules = api.groups.iter().map(|group| {
        let name = ident(&group.name);
        quote!(pub mod #name;)
    });
    let module_doc = match api.groups.first() {
        None => quote! {
            //! One request builder per operation; start them from the methods of [`Client`](super::Client).
        },
        Some(first) => {
            let first = first.name.as_str();
            let text = format!(
                " One request builder per operation. Operations are grouped by tag: those of a tag are in \
                 the module of its sub-client (`{first}`...) and start from it (`client.{first}()`); those \
                 without a tag are here and start from the methods of [`Client`](super::Client)."
            );
            quote!(#![doc = #text])
        }
    };
    // The same sentence as long as every operation documents this body (or none).
    let error_body_doc = if api.error_body_shared {
        " The body of the API's documented error responses."
    } else {
        " The error body most of the API's operations document: the default of [`Error`](super::Error). \
         Some operations document another (their `send()` says which)."
    };
    let param_unions = param_unions(api);
    let allow = allow_complex_types(api);
    let api_error_body = ident(API_ERROR_BODY);
    let no_error_body = no_error_body(api);
    quote! {
        #module_doc
        #allow

        #[doc = #error_body_doc]
        pub type #api_error_body = #error_body;

        #no_error_body

        #(#modules)*

        #(#items)*
        #param_unions
    }
}

/// The module of one sub-client (`operations/v3.rs`): its `Operations` type, the `Client` method
/// returning it, and the request builders of its operations.
pub fn group_operations(api: &Api, group: &OperationGroup, root: &str) -> TokenStream {
    let links = Links::new("super::super::", "super::super::models::");
    let place = Place { up: quote!(super::super::), group: Some(group), links, root };
    let name = ident(&group.name);
    let plain = group.name.as_str();
    let tag = &group.tag;
    let ops: Vec<&Operation> = api.operations.iter().filter(|op| op.group.as_ref() == Some(&group.name)).collect();
    let example = ops.first().map(|op| format!(" (`client.{plain}().{}()`...)", op.method_name.as_str()));
    // Written here, so not escaped as spec text is: its links are meant.
    let intro = format!(
        " The operations tagged {}: their request builders, started from the methods of \
         [`{GROUP_TYPE}`], which [`Client::{plain}`](super::super::Client::{plain}) returns.",
        code(tag)
    );
    let tag_doc = group.doc.as_ref().map(|_| {
        let text = inner_doc_paragraphs([group.doc.as_deref()]);
        quote!(#![doc = ""] #text)
    });
    let module_doc = quote!(#![doc = #intro] #tag_doc);
    let type_doc = format!(
        " The operations tagged {}, one method each returning a request builder: reach them with \
         [`Client::{plain}`](super::super::Client::{plain}).",
        code(tag)
    );
    let method_doc = doc_paragraphs([
        Some(&*format!("The operations tagged {}{}.", code(tag), example.unwrap_or_default())),
        group.doc.as_deref(),
    ]);
    let items = ops.iter().map(|op| operation(api, op, &place));
    let group_type = ident(GROUP_TYPE);
    let allow = allow_complex_types(api);
    quote! {
        #module_doc
        #allow

        #[doc = #type_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #group_type<'a>(&'a super::super::Client);

        impl super::super::Client {
            #method_doc
            pub fn #name(&self) -> #group_type<'_> {
                #group_type(self)
            }
        }

        #(#items)*
    }
}

/// Where an operation's items go: the `operations` module, with its method on `Client`, or the
/// module of its sub-client, with its method on that module's `Operations`.
struct Place<'a> {
    /// The path from the module to the generated root: `super::` or `super::super::`.
    up: TokenStream,
    group: Option<&'a OperationGroup>,
    /// The same paths, for the links of docs.
    links: Links<'static>,
    /// The path users name the generated root by, in the examples.
    root: &'a str,
}

impl Place<'_> {
    fn models(&self) -> TokenStream {
        let up = &self.up;
        quote!(#up models::)
    }

    /// How docs name the method that starts an operation, linked.
    fn method_link(&self, method: &str) -> String {
        match self.group {
            None => format!("[`Client::{method}`](super::Client::{method})"),
            Some(group) => {
                format!("[`client.{}().{method}()`]({GROUP_TYPE}::{method})", group.name.as_str())
            }
        }
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
    match p.into {
        true => (quote!(#name: impl ::std::convert::Into<#ty>), quote!(#name.into())),
        false => (quote!(#name: #ty), quote!(#name)),
    }
}

/// A struct-literal field storing a required argument.
fn initializer(p: &Param) -> TokenStream {
    let name = ident(&p.rust_name);
    match p.into {
        true => quote!(#name: #name.into()),
        false => quote!(#name),
    }
}

fn operation(api: &Api, op: &Operation, place: &Place<'_>) -> TokenStream {
    let rt = rt();
    let models = &place.models();
    let error_body = &error_type(op, &place.up);
    let params_name = ident(&naming::params_type_name(&op.type_name));
    let builder_name = format_ident!("{}", op.type_name);
    let method = ident(&op.method_name);
    let body_type = op.body.as_ref().map(|b| bodies::stored_type(b, models));

    let fields = op.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let ty = param_type(p, models);
        quote!(#name: #ty,)
    });
    let body_field = body_type.as_ref().map(|ty| {
        let ty = maybe_optional(ty.clone(), !op.body.as_ref().is_some_and(|b| b.required));
        quote!(body: #ty,)
    });

    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let required_body = op.body.as_ref().filter(|b| b.required).map(|b| bodies::argument(b, models));
    let args = arguments(op).into_iter().map(|arg| match arg {
        Argument::Param(p) => argument(p, models).0,
        Argument::Body(b) => bodies::argument(b, models).0,
    });
    let initializers = required.iter().map(|p| initializer(p));
    let optional_names = op.params.iter().filter(|p| !p.required).map(|p| ident(&p.rust_name));
    let body_init = op.body.as_ref().map(|_| match &required_body {
        Some((_, init)) => quote!(#init,),
        None => quote!(body: ::std::option::Option::None,),
    });

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
    let output_name = headers::output_name(op);
    let sent = Sent { params: &params_name, output: &output, output_name: output_name.as_ref(), error_body };
    let forwarders = forwarders(&sent, op.pagination.is_some(), &place.up);
    let method_doc = method_doc(api, op, place);
    let method_link = place.method_link(op.method_name.as_str());
    let output_type = headers::output_type(op, &api.types, &output, &params_name, models, &method_link);
    let finish = if op.pagination.is_some() { "`send().await` or `into_stream()`" } else { "`send().await`" };
    let builder_doc = if op.params.iter().any(|p| !p.required) || op.body.as_ref().is_some_and(|b| !b.required) {
        format!(" Request builder for {method_link}: set the optional parameters, then {finish}.")
    } else {
        format!(" Request builder for {method_link}: {finish} sends it.")
    };
    let readable = match (op.params.is_empty(), op.body.is_some()) {
        (true, false) => "",
        (true, true) => ": the body is read with `body()`",
        (false, false) => ": each is read with the method named after it",
        (false, true) => ": each is read with the method named after it, the body with `body()`",
    };
    let params_doc = format!(
        " Parameters of {method_link}, as its request builder holds them{readable}. The builder's `params()` \
         returns them, and so does a mock rule's `match_request` (the `testing` module of the `test-util` \
         feature)."
    );
    let readers = readers(op, models);
    let operation_impl = operation_impl(op, &params_name, &output, error_body);
    let pagination = op.pagination.as_ref().map(|p| paginated_impl(op, p, &params_name, models));
    let error_enum = error_enum(op, &method_link, models);
    let (owner, client) = match place.group {
        None => (quote!(super::Client), quote!(self.0)),
        Some(_) => {
            let group_type = ident(GROUP_TYPE);
            (quote!(#group_type<'_>), quote!(self.0.0))
        }
    };

    quote! {
        #[doc = #params_doc]
        #[derive(Debug, Clone)]
        pub struct #params_name {
            #(#fields)*
            #body_field
        }

        #readers

        #[doc = #builder_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder_name(#rt::Call<#params_name>);

        impl #owner {
            #method_doc
            pub fn #method(&self, #(#args),*) -> #builder_name {
                #builder_name(#rt::Call::new(::std::clone::Clone::clone(&#client), #params_name {
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

        #output_type
        #error_enum
        #operation_impl
        #pagination
    }
}

/// The methods of a parameter struct that read what the request builder set, for code that gets the
/// parameters (`params()` of a builder, a matcher of the mock's rules): a parameter's value (a
/// string as `&str`, a list as a slice, a `Copy` scalar by value, anything else by reference; an
/// `Option` of that when the parameter is optional), and the body as its model.
fn readers(op: &Operation, models: &TokenStream) -> TokenStream {
    let params_name = ident(&naming::params_type_name(&op.type_name));
    let methods = op.params.iter().map(|p| {
        let (field, name) = (ident(&p.rust_name), ident(&p.accessor));
        let what = format!("The `{}` {} parameter, as set.", p.wire_name, location(p));
        let doc = doc_paragraphs([Some(&*what), p.doc.as_deref()]);
        let (ty, read) = reader(&p.ty, p.required, quote!(self.#field), models);
        quote! {
            #doc
            pub fn #name(&self) -> #ty {
                #read
            }
        }
    });
    let body = op.body.as_ref().map(|b| body_reader(b, models));
    if op.params.is_empty() && body.is_none() {
        return TokenStream::new();
    }
    quote! {
        impl #params_name {
            #(#methods)*
            #body
        }
    }
}

/// How a value of `ty` is read: the return type and the expression reading `field`.
fn reader(ty: &TypeRef, required: bool, field: TokenStream, models: &TokenStream) -> (TokenStream, TokenStream) {
    let rust = rust_type(ty, models);
    match (ty, required) {
        (TypeRef::String, true) => (quote!(&str), quote!(&#field)),
        (TypeRef::String, false) => (quote!(::std::option::Option<&str>), quote!(#field.as_deref())),
        (TypeRef::List(item), true) => {
            let item = rust_type(item, models);
            (quote!(&[#item]), quote!(&#field))
        }
        (TypeRef::List(item), false) => {
            let item = rust_type(item, models);
            (quote!(::std::option::Option<&[#item]>), quote!(#field.as_deref()))
        }
        (
            TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F64
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid,
            _,
        ) => (maybe_optional(rust, !required), field),
        (_, true) => (quote!(&#rust), quote!(&#field)),
        (_, false) => (quote!(::std::option::Option<&#rust>), quote!(#field.as_ref())),
    }
}

/// `body()`: the body as set (a binary one when it is held in memory, not streamed).
fn body_reader(body: &Body, models: &TokenStream) -> TokenStream {
    let rt = rt();
    let media = &body.media_type;
    let (ty, read) = match body.encoding {
        BodyEncoding::Bytes => {
            let held = match body.required {
                true => quote!(#rt::BinaryBody::Bytes(bytes)),
                false => quote!(::std::option::Option::Some(#rt::BinaryBody::Bytes(bytes))),
            };
            (
                quote!(::std::option::Option<&#rt::bytes::Bytes>),
                quote! {
                    match &self.body {
                        #held => ::std::option::Option::Some(bytes),
                        _ => ::std::option::Option::None,
                    }
                },
            )
        }
        _ => reader(&body.ty, body.required, quote!(self.body), models),
    };
    let streamed = match body.encoding {
        BodyEncoding::Bytes => " or streamed (`body_stream`)",
        _ => "",
    };
    let doc = match (body.required, &body.encoding) {
        (true, BodyEncoding::Bytes) => {
            format!(" The request body (`{media}`), as set; `None` when it is streamed (`body_stream`).")
        }
        (true, _) => format!(" The request body (`{media}`), as set."),
        (false, _) => format!(" The request body (`{media}`), as set; `None` when it is not set{streamed}."),
    };
    quote! {
        #[doc = #doc]
        pub fn body(&self) -> #ty {
            #read
        }
    }
}

/// What a request builder's `send()` names.
struct Sent<'a> {
    params: &'a Ident,
    /// The decoded body.
    output: &'a TokenStream,
    /// The operation's output type (the response with typed header accessors), when it has one.
    output_name: Option<&'a Ident>,
    error_body: &'a TokenStream,
}

/// The methods every request builder forwards to the [`Call`] it wraps: the per-call settings,
/// `send`, and `into_stream` for paginated lists. A per-call setting the runtime gains is added here.
fn forwarders(sent: &Sent<'_>, paginated: bool, up: &TokenStream) -> TokenStream {
    let rt = rt();
    let Sent { params, output, error_body, .. } = sent;
    let params_doc =
        format!(" The parameters as set so far, each read with the method of [`{params}`] named after it.");
    let send = match sent.output_name {
        None => quote! {
            /// Sends the request (retrying as configured) and decodes the success body.
            pub async fn send(self) -> ::std::result::Result<#rt::ResponseValue<#output>, #up Error<#error_body>> {
                self.0.send().await
            }
        },
        Some(name) => quote! {
            /// Sends the request (retrying as configured) and decodes the success body; the documented
            /// response headers are read by the accessors of what it returns.
            pub async fn send(self) -> ::std::result::Result<#name, #up Error<#error_body>> {
                self.0.send().await.map(#name)
            }
        },
    };
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

        /// Runs an interceptor around every request of this call: see
        /// [`Call::intercept`](::formance_sdk_runtime::Call::intercept).
        pub fn intercept(self, interceptor: impl #rt::Intercept) -> Self {
            Self(self.0.intercept(interceptor))
        }

        #[doc = #params_doc]
        pub fn params(&self) -> &#params {
            self.0.params()
        }

        #send

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

/// The arguments of an operation's method, in order: its path parameters (in path order), the
/// request body when the API requires one, then the other required parameters.
pub(super) enum Argument<'a> {
    Param(&'a Param),
    Body(&'a Body),
}

pub(super) fn arguments(op: &Operation) -> Vec<Argument<'_>> {
    let required =
        |path: bool| op.params.iter().filter(move |p| p.required && (p.location == ParamLocation::Path) == path);
    required(true)
        .map(Argument::Param)
        .chain(op.body.iter().filter(|b| b.required).map(Argument::Body))
        .chain(required(false).map(Argument::Param))
        .collect()
}

fn method_doc(api: &Api, op: &Operation, place: &Place<'_>) -> TokenStream {
    let summary = op.summary.as_deref().or(op.description.as_deref());
    let description = op.description.as_deref().filter(|d| Some(*d) != summary);
    let sends = format!("Sends `{} {}`.", op.http_method, op.path);
    let scopes = (!op.scopes.is_empty()).then(|| {
        let list: Vec<String> = op.scopes.iter().map(|s| code(s)).collect();
        format!("OAuth2 scopes: {}.", list.join(", "))
    });
    // Spec text with the generator's: written without links, as it goes through the spec's escaping.
    let arguments: Vec<String> = arguments(op)
        .into_iter()
        .map(|arg| match arg {
            Argument::Param(p) => {
                let text = match p.doc.as_deref() {
                    Some(doc) if has_text(Some(doc)) => doc.trim().to_owned(),
                    _ => format!("{}.", described::phrase(&api.types, &p.ty, Links::NONE)),
                };
                format!("- `{}`, the {} {} parameter: {text}", p.rust_name.as_str(), code(&p.wire_name), location(p))
            }
            Argument::Body(b) => {
                let what = match b.encoding {
                    BodyEncoding::Json => format!("the request body (`{}`)", b.ty.short_name()),
                    _ => format!("the request body, sent as `{}`", b.media_type),
                };
                let text = b.doc.as_deref().map(|d| format!(": {}", d.trim())).unwrap_or_default();
                format!("- `body`, {what}, which the API requires{text}")
            }
        })
        .collect();
    let arguments = (!arguments.is_empty()).then(|| format!("Arguments:\n{}", arguments.join("\n")));
    let from_spec = doc_paragraphs([
        summary,
        description,
        Some(&sends),
        scopes.as_deref(),
        arguments.as_deref(),
        op.name_note.as_deref(),
    ]);
    // Written here, so not escaped as spec text is: its links are meant.
    let links = place.links;
    let stream = op.pagination.as_ref().map(|p| {
        format!(
            " Paginated: [`into_stream()`]({}::into_stream) on the builder yields every item of every page \
             (each {}), fetching one page at a time.",
            op.type_name,
            described::phrase(&api.types, &p.item, links)
        )
    });
    let generated =
        [Some(format!(" {}", returns(api, op, links))), Some(format!(" {}", errors(api, op, links))), stream]
            .into_iter()
            .flatten()
            .flat_map(|paragraph| [String::new(), paragraph])
            .chain(std::iter::once(String::new()))
            .chain(examples::operation(api, op, place.root));
    quote! { #from_spec #( #[doc = #generated] )* }
}

/// What `send()` returns, linked.
fn returns(api: &Api, op: &Operation, links: Links<'_>) -> String {
    let what = match &op.response {
        None => "no body (`()`)".to_owned(),
        Some(response) => match response.decoding {
            Decoding::Json => described::phrase(&api.types, &response.ty, links),
            Decoding::Text => format!("the body as text ({})", code(&response.media_type)),
            Decoding::Bytes => format!("the body's bytes ({})", code(&response.media_type)),
        },
    };
    let response_value = "[`ResponseValue`](::formance_sdk_runtime::ResponseValue)";
    let held = match headers::output_name(op) {
        Some(output) => format!(
            "in a [`{output}`], which derefs to the {response_value} (the status and headers) and reads the \
             documented response headers"
        ),
        None => format!("in a {response_value}, which derefs to it and keeps the status and headers"),
    };
    format!("Returns, on success (HTTP {}), {what}, {held}.", op.success_status)
}

/// The errors the operation documents, each status with its body, linked.
fn errors(api: &Api, op: &Operation, links: Links<'_>) -> String {
    let api_error = "[`Error::Api`](::formance_sdk_runtime::Error::Api)";
    let unexpected = "`Error::UnexpectedStatus`";
    let phrase = |ty: &TypeRef| described::phrase(&api.types, ty, links);
    match &op.error_body {
        ErrorBody::NotJson => format!(
            "Errors: the failure responses the API documents have no JSON body, so a failure is an {unexpected}, \
             which keeps the body as received (the error type, [`{NO_ERROR_BODY}`]({}operations::{NO_ERROR_BODY}), \
             has no value).",
            links.up()
        ),
        ErrorBody::PerStatus(e) => {
            let statuses: Vec<String> =
                e.variants.iter().map(|v| format!("{}, {}", status(v.status), phrase(&v.ty))).collect();
            let others = match e.variants.iter().any(|v| v.status == ErrorStatus::Default) {
                true => "",
                false => "; another failure status is an `Error::UnexpectedStatus`",
            };
            format!(
                "Errors: {api_error} holds a [`{}`], a variant per documented status: {}{others}.",
                e.type_name,
                statuses.join("; ")
            )
        }
        ErrorBody::One(ty) => match &op.errors {
            ErrorStatuses::All => {
                format!("Errors: every failure status (`default`) has {}, which {api_error} holds decoded.", phrase(ty))
            }
            ErrorStatuses::Only { codes, classes } => {
                let statuses: Vec<String> = codes
                    .iter()
                    .map(|code| status(ErrorStatus::Code(*code)))
                    .chain(classes.iter().map(|class| status(ErrorStatus::Class(*class))))
                    .collect();
                let (s, has) = if statuses.len() == 1 { ("", "has") } else { ("es", "have") };
                let list = if statuses.is_empty() { "none".to_owned() } else { described::and_list(&statuses, "or") };
                format!(
                    "Errors: status{s} {list} {has} {}, which {api_error} holds decoded; another failure status is an \
                     {unexpected}.",
                    phrase(ty)
                )
            }
            ErrorStatuses::None => {
                format!("Errors: the API documents no failure response: a failure status is an {unexpected}.")
            }
        },
    }
}

/// A documented status as the docs name it.
fn status(status: ErrorStatus) -> String {
    match status {
        ErrorStatus::Code(code) => format!("`{code}`"),
        ErrorStatus::Class(class) => format!("any `{class}XX`"),
        ErrorStatus::Default => "any other (`default`)".to_owned(),
    }
}

fn operation_impl(op: &Operation, params_name: &Ident, output: &TokenStream, error_body: &TokenStream) -> TokenStream {
    let rt = rt();
    let decode = bodies::decode(op.response.as_ref());
    let id = &op.operation_id;
    let http_method = ident(&naming::type_name(&op.http_method.to_ascii_lowercase()));
    let path = &op.path;
    let scopes = &op.scopes;
    let decode_error = decode_error(op);

    // Each path parameter is encoded into a local named after it, which the path template then names.
    let path_params: Vec<&Param> = op.params.iter().filter(|p| p.location == ParamLocation::Path).collect();
    let local = |p: &Param| p.rust_name.local();
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
        let (encode, _) = bodies::encode(b);
        if b.required {
            // An argument of the client method: a request without it does not compile.
            quote! { let body = &self.body; #encode; }
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

            // `inline`: serde's decoding of the output and error types is instantiated in the crate
            // that sends the request, for the operations it uses, instead of for every operation in
            // this one (most of its build time otherwise).
            #[inline]
            fn decode(body: #rt::bytes::Bytes) -> ::std::result::Result<Self::Output, #rt::BoxError> {
                #decode
            }

            #[inline]
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
    let body = op.body.as_ref().map(|b| match b.required {
        true => quote!(body: ::std::clone::Clone::clone(&self.body),),
        false => quote!(body: ::std::option::Option::None,),
    });

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
    let access = |(name, optional): &(crate::ir::Ident, bool), fallback: TokenStream| {
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
