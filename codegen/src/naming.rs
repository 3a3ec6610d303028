//! Every rule that turns a name from the spec into a Rust identifier lives here, and the names the
//! generated code already uses (`reserved`), which the analysis keeps spec names away from and the
//! emitters write.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use crate::status::ErrorStatus;

/// Words Rust reserves; a field or method named after one is written `r#word`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Words that cannot even be raw identifiers; they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keeps letters, digits and separators, so that heck sees word boundaries and nothing else.
fn words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// The Rust identifier of a field, parameter, method, module or local, as decided here: its text and
/// whether it is a keyword, written raw (`r#type`). Only this module builds one, so that the rest of
/// the generator never spells or strips `r#`: docs and derived names read [`Ident::as_str`] (`type`),
/// the emitters write a raw identifier when [`Ident::is_raw`] says so.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident {
    text: String,
    raw: bool,
}

impl Ident {
    fn plain(text: String) -> Self {
        Self { text, raw: false }
    }

    /// The identifier without `r#`: what docs name, and what other names are built from.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// A keyword, written `r#...` in code.
    pub fn is_raw(&self) -> bool {
        self.raw
    }

    /// The name of a local variable standing for this identifier where a raw identifier cannot go
    /// (an argument named in a `format!` string): a keyword gets a trailing underscore (`type_`).
    pub fn local(&self) -> Ident {
        match self.raw {
            true => Self::plain(format!("{}_", self.text)),
            false => self.clone(),
        }
    }
}

/// As written in Rust code: `r#type`, `name`.
impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw { write!(f, "r#{}", self.text) } else { f.write_str(&self.text) }
    }
}

/// A type or enum-variant name: `V2ListWorkflowsResponse`, `sepa debit` -> `SepaDebit`.
pub fn type_name(raw: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    let name = if name.is_empty() { "Value".to_owned() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("V{name}") } else { name };
    if NOT_RAW.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// A field, parameter or method name: `workflowID` -> `workflow_id`, `type` -> `r#type`.
pub fn value_name(raw: &str) -> Ident {
    let name = words(raw).to_snake_case();
    let name = if name.is_empty() { "value".to_owned() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name };
    if NOT_RAW.contains(&name.as_str()) {
        Ident::plain(format!("{name}_"))
    } else {
        Ident { raw: KEYWORDS.contains(&name.as_str()), text: name }
    }
}

/// A type name made of `base` and more: a `base` that ends with `_` (`Self_`, a name that cannot be
/// an identifier as it is) loses it, since `Self_Params` is not upper camel case (`SelfParams` is).
fn joined(base: &str, more: &str) -> String {
    format!("{}{more}", base.trim_end_matches('_'))
}

/// The `DEFAULT_<NAME>` const holding the default of the free server variable `variable`.
pub fn default_const_name(variable: &str) -> String {
    format!("DEFAULT_{}", value_name(variable).as_str().to_ascii_uppercase())
}

/// The prefix of the environment variables a generated crate's `ClientBuilder::from_env` reads,
/// unless an option sets one: the crate's name in upper case, each `-` as `_`, then `_`
/// (`acme-client` -> `ACME_CLIENT_`), as the runtime derives it for a crate that declares none.
pub fn env_prefix(crate_name: &str) -> String {
    format!("{}_", crate_name.to_ascii_uppercase().replace('-', "_"))
}

/// The environment variable of each server variable, after the crate's prefix (`organization` ->
/// `ORGANIZATION`, `orgId` -> `ORG_ID`), in the order given: one that would be a setting of the
/// runtime's own ([`reserved::ENV_SETTINGS`]) or another variable's gets a number (`TIMEOUT_2`).
pub fn env_suffixes<'a>(variables: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = reserved::ENV_SETTINGS.iter().map(|name| (*name).to_owned()).collect();
    let mut out = Vec::new();
    for variable in variables {
        let base = words(variable).to_shouty_snake_case();
        let base = if base.is_empty() { "VARIABLE".to_owned() } else { base };
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.push(name.clone());
        out.push(name);
    }
    out
}

/// The request builder of an operation is named after it (`ListItems`); its parameter struct too.
pub fn params_type_name(operation_type: &str) -> String {
    joined(operation_type, "Params")
}

/// The name an inline request body schema wants: `CreateItem` -> `CreateItemRequestBody`.
pub fn request_body_type_name(operation_type: &str) -> String {
    joined(operation_type, "RequestBody")
}

/// The name an inline success body schema wants: `GetItem` -> `GetItemResponse`.
pub fn response_type_name(operation_type: &str) -> String {
    joined(operation_type, "Response")
}

/// The name the inline item schema of an array wants: `Tags` -> `TagsItem`.
pub fn item_type_name(array: &str) -> String {
    joined(array, "Item")
}

/// The name the inline value schema of a map wants: `Labels` -> `LabelsValue`.
pub fn map_value_type_name(map: &str) -> String {
    joined(map, "Value")
}

/// The name of an inline schema, built from the name of what holds it: `V2ListWorkflowsResponse` + `cursor`.
pub fn child_type_name(parent: &str, child: &str) -> String {
    joined(parent, &type_name(child))
}

/// The struct naming a model's required fields, which its `new` takes when there are several:
/// `V2Posting` -> `V2PostingRequired`.
pub fn required_struct_name(model: &str) -> String {
    joined(model, "Required")
}

/// The type parameters of a required-fields struct, one per field taken as `impl Into<T>`, named
/// after the fields (`workflow_id` -> `WorkflowId`), made unique; one named like a `reserved` name
/// (the struct's own, which `new` names beside them) gets the suffix `Value`.
pub fn type_params<'a>(fields: impl IntoIterator<Item = &'a Ident>, reserved: &[&str]) -> Vec<String> {
    unique(fields.into_iter().map(|field| type_name(field.as_str())), reserved)
}

/// What `send()` returns for an operation whose success response documents headers: the response,
/// with an accessor per header (`CountTransactions` -> `CountTransactionsOutput`).
pub fn output_type_name(operation_type: &str) -> String {
    joined(operation_type, "Output")
}

/// The accessors of documented response headers, in order: the header's name as a value name
/// (`Count` -> `count`, `X-Rate-Limit` -> `x_rate_limit`); one named like a method the output type
/// has (its own, `ResponseValue`'s through `Deref`, or a trait's) gets the suffix `_header`
/// (`status_header`), and a name taken twice a number.
pub fn header_accessor_names<'a>(headers: impl IntoIterator<Item = &'a str>) -> Vec<Ident> {
    let names = headers.into_iter().map(|header| {
        let name = value_name(header);
        let taken =
            reserved::OUTPUT_METHODS.contains(&name.as_str()) || reserved::TRAIT_METHODS.contains(&name.as_str());
        if taken { Ident::plain(format!("{}_header", name.text)) } else { name }
    });
    unique_idents(names, &[])
}

/// The struct of an operation's `multipart/form-data` body: `UploadFile` -> `UploadFileForm`.
pub fn form_type_name(operation_type: &str) -> String {
    joined(operation_type, "Form")
}

/// The Rust name of a component schema, and why it differs from [`type_name`] when it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentName {
    pub rust: String,
    /// For the doc comment: the spec's own name, and the names it collides with.
    pub note: Option<String>,
}

/// Rust type names for the component schemas `names`, by spec name.
///
/// Names that become the same Rust name (`balanceOperator`, `balance_operator`) are sorted by their
/// spec name, byte by byte: the first keeps the name, each other one gets the next numeric suffix
/// that no component takes (`BalanceOperator2`; after a digit, `V2_2`). The result depends on the
/// set of names only, never on their order in the spec; each colliding type's doc says why.
pub fn component_type_names<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<&'a str, ComponentName> {
    let sorted: BTreeSet<&str> = names.into_iter().collect();
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in &sorted {
        groups.entry(type_name(name)).or_default().push(name);
    }
    let mut taken: BTreeSet<String> = groups.keys().cloned().collect();
    let mut out = BTreeMap::new();
    for (base, group) in &groups {
        let mut rust_names = vec![base.clone()];
        for _ in 1..group.len() {
            let separator = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
            let free = (2..).map(|n| joined(base, &format!("{separator}{n}"))).find(|name| !taken.contains(name));
            let name = free.unwrap_or_default();
            taken.insert(name.clone());
            rust_names.push(name);
        }
        for (i, (spec, rust)) in group.iter().zip(&rust_names).enumerate() {
            let others: Vec<String> = group
                .iter()
                .zip(&rust_names)
                .skip(1)
                .filter(|(other, _)| *other != spec)
                .map(|(other, other_rust)| format!("; `{other}` is `{other_rust}`"))
                .collect();
            let note = match i {
                _ if group.len() == 1 => None,
                0 => Some(format!("`{spec}` in the spec{}.", others.concat())),
                _ => Some(format!(
                    "`{spec}` in the spec, renamed because `{}` sorts first and is `{base}`{}.",
                    group[0],
                    others.concat()
                )),
            };
            out.insert(*spec, ComponentName { rust: rust.clone(), note });
        }
    }
    out
}

/// The name of an inline schema whose name (from where it appears) is a component schema's:
/// the component keeps its name, and the inline type gets this suffix (`FooBar` -> `FooBarInline`).
pub fn inline_beside_component(name: &str) -> String {
    joined(name, "Inline")
}

/// The name of the type of an inline union member: the union's name, then the variant's (`Payment` + `Card`).
pub fn member_type_name(union: &str, variant: &str) -> String {
    joined(union, variant)
}

/// Names of the methods of the binary operator traits (`Add::add`...): a setter so named, taking
/// `self` and one value, would read as the operator (and clippy says so).
const OPERATOR_METHODS: &[&str] = &["add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor"];

/// The setters of a struct's fields, from the fields' Rust names, in order: a setter is named after
/// its field (`name` -> `.name(...)`, a keyword as the field is, `r#type` -> `.r#type(...)`); a field
/// named like a method models already have (`new`, `clone`, `default`...) or like an operator's
/// (`add`, `sub`...) gets the prefix `with_` (`.with_new(...)`), and a name that is then taken twice
/// gets a numeric suffix (`with_new_2`).
pub fn setter_names<'a>(fields: impl IntoIterator<Item = &'a Ident>) -> Vec<Ident> {
    let names = fields.into_iter().map(|field| {
        let bare = field.as_str();
        if reserved::TRAIT_METHODS.contains(&bare) || OPERATOR_METHODS.contains(&bare) {
            Ident::plain(format!("with_{bare}"))
        } else {
            field.clone()
        }
    });
    unique_idents(names, &[])
}

/// The fields, parameters or arguments of one scope made unique in order of appearance: a repeat gets
/// a numeric suffix (`id_2`; `r#type` -> `type_2`), and a `reserved` name too.
pub fn unique_idents(names: impl IntoIterator<Item = Ident>, reserved: &[&str]) -> Vec<Ident> {
    let mut taken: Vec<Ident> = reserved.iter().map(|r| Ident::plain((*r).to_owned())).collect();
    let mut out = Vec::new();
    for mut name in names {
        if taken.contains(&name) {
            let base = name.text.clone();
            // `self_` + 2 is `self_2`: a double underscore is not snake case.
            let snake = base.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') && !base.ends_with('_');
            let separator = if snake { "_" } else { "" };
            let mut n = 2;
            while taken.contains(&name) {
                name = Ident::plain(format!("{base}{separator}{n}"));
                n += 1;
            }
        }
        taken.push(name.clone());
        out.push(name);
    }
    out
}

/// `base` numbered (`get_thing_2`, `self_2`), with the first number from 2 whose name `taken` does
/// not hold.
pub fn numbered_ident(base: &Ident, taken: impl Fn(&Ident) -> bool) -> Ident {
    let separator = if base.text.ends_with('_') { "" } else { "_" };
    (2..)
        .map(|n| Ident::plain(format!("{}{separator}{n}", base.text)))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.clone())
}

/// A type name numbered (`GetThing2`; after a digit, `V2_2`), with the first number from 2 whose
/// name `taken` does not hold.
pub fn numbered_type_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let separator = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
    (2..).map(|n| joined(base, &format!("{separator}{n}"))).find(|name| !taken(name)).unwrap_or_else(|| base.to_owned())
}

/// The parameters of one operation, made unique: a parameter named like a method of the request
/// builder (`send`, `body`...) gets the suffix `_param` (`send_param`).
pub fn param_names(names: impl IntoIterator<Item = Ident>) -> Vec<Ident> {
    let names = names.into_iter().map(|name| match reserved::BUILDER_METHODS.contains(&name.as_str()) {
        true => Ident::plain(format!("{}_param", name.text)),
        false => name,
    });
    unique_idents(names, &[])
}

/// The methods of a parameter struct that read its parameters, from the parameters' (unique) names,
/// in order: a method is named after its parameter, unless the struct has a method of that name
/// already (the traits' it implements, `body()` for the body): then it gets the suffix `_param`
/// (`request_param`, `clone_param`).
pub fn accessor_names(params: &[Ident]) -> Vec<Ident> {
    let names = params.iter().map(|name| {
        let bare = name.as_str();
        match reserved::PARAMS_METHODS.contains(&bare) || reserved::TRAIT_METHODS.contains(&bare) {
            true => Ident::plain(format!("{bare}_param")),
            false => name.clone(),
        }
    });
    unique_idents(names, reserved::PARAMS_METHODS)
}

/// Enum variant names for wire values: `sepa debit` -> `SepaDebit`, made unique.
pub fn variant_names<'a>(values: impl IntoIterator<Item = &'a str>, reserved: &[&str]) -> Vec<String> {
    unique(values.into_iter().map(type_name), reserved)
}

/// Makes type or variant names unique in order of appearance: a repeat gets a numeric suffix
/// (`SepaDebit2`), and a `reserved` name (such as the catch-all variant) gets the suffix `Value`.
pub fn unique(names: impl IntoIterator<Item = String>, reserved: &[&str]) -> Vec<String> {
    let mut taken: Vec<String> = reserved.iter().map(|r| (*r).to_owned()).collect();
    let mut out = Vec::new();
    for mut name in names {
        if reserved.contains(&name.as_str()) {
            name.push_str("Value");
        }
        if taken.contains(&name) {
            let base = name.clone();
            let separator = if base.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') { "_" } else { "" };
            let mut n = 2;
            while taken.contains(&name) {
                name = joined(&base, &format!("{separator}{n}"));
                n += 1;
            }
        }
        taken.push(name.clone());
        out.push(name);
    }
    out
}

/// The variant name of a union member named `member` inside the union `union`:
/// the words the two names start with in common are dropped (`V2Stage` + `V2StageWaitEvent` -> `WaitEvent`).
pub fn member_variant_name(union: &str, member: &str) -> String {
    let union_words = split_camel(union);
    let member_words = split_camel(member);
    let common = union_words.iter().zip(&member_words).take_while(|(a, b)| a == b).count();
    if common == member_words.len() {
        return member.to_owned();
    }
    member_words[common..].concat()
}

/// The enum of an operation's error bodies when they differ by status: `ListAccounts` -> `ListAccountsError`.
pub fn error_enum_name(operation_type: &str) -> String {
    joined(operation_type, "Error")
}

/// The variant of an error enum for a status: `Status404`, `Status4xx` (`4XX`), `Default` (`default`).
pub fn error_variant_name(status: ErrorStatus) -> String {
    match status {
        ErrorStatus::Code(code) => format!("Status{code}"),
        ErrorStatus::Class(class) => format!("Status{class}xx"),
        ErrorStatus::Default => "Default".to_owned(),
    }
}

/// The name of an inline error body schema, named after the operation and the status it is for
/// (`ListAccountsErrorStatus404`), so that each status's inline schema has a name of its own.
pub fn inline_error_body_name(operation_type: &str, status: ErrorStatus) -> String {
    joined(&error_enum_name(operation_type), &error_variant_name(status))
}

/// The sub-client (its `Client` method and its module) of each tag, in the order given: the tag as
/// a value name, without the words every tag has (`payments.v1`, `payments.v3` -> `v1`, `v3`). A tag
/// left with no word of its own keeps them all; when two tags would get the same name, every tag
/// keeps all its words (the caller refuses names that still collide).
pub fn group_names(tags: &[&str]) -> Vec<Ident> {
    let words: Vec<Vec<String>> =
        tags.iter().map(|tag| value_name(tag).as_str().split('_').map(str::to_owned).collect()).collect();
    let shared: Vec<&String> = match words.split_first() {
        Some((first, rest)) if !rest.is_empty() => {
            first.iter().filter(|word| !word.is_empty() && rest.iter().all(|w| w.contains(word))).collect()
        }
        _ => Vec::new(),
    };
    let short: Vec<Ident> = words
        .iter()
        .zip(tags)
        .map(|(words, tag)| {
            let own: Vec<&str> = words.iter().filter(|w| !shared.contains(w)).map(String::as_str).collect();
            if own.iter().all(|w| w.is_empty()) { value_name(tag) } else { value_name(&own.join(" ")) }
        })
        .collect();
    let distinct = short.iter().collect::<std::collections::BTreeSet<_>>().len() == short.len();
    if distinct { short } else { tags.iter().map(|tag| value_name(tag)).collect() }
}

/// Splits an UpperCamel name into words, keeping digits with the word before them (`V2`, `Stage`).
fn split_camel(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        match out.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// Names the generated code has of its own, in one list: the analysis keeps the spec's names away
/// from them, and the emitters write them from here.
pub mod reserved {
    /// `Client::builder()`.
    pub const CLIENT_BUILDER: &str = "builder";
    /// `Client::base_url()`.
    pub const CLIENT_BASE_URL: &str = "base_url";
    /// The methods of the generated `Client` itself, which no operation may take.
    pub const CLIENT_METHODS: &[&str] = &[CLIENT_BUILDER, CLIENT_BASE_URL];
    /// The alias of the API's error body in the `operations` module.
    pub const API_ERROR_BODY: &str = "ApiErrorBody";
    /// The error body of the operations whose documented failures have no JSON body: an empty enum
    /// in the `operations` module (no value, so `Error::Api` cannot happen).
    pub const NO_ERROR_BODY: &str = "NoErrorBody";
    /// The items of the `operations` module that are not per operation.
    pub const OPERATIONS_ITEMS: &[&str] = &[API_ERROR_BODY, NO_ERROR_BODY];
    /// Names no model setter and no operation's method (on `Client` or a sub-client) may take: a
    /// constructor's `new`, and the methods users call through the
    /// traits the generated types implement (`Clone`, `PartialEq`, `Debug`, `Default`, serde's, and the
    /// blanket `From`/`Into`/`ToOwned`/`Borrow`/`Any`). An inherent method of that name would be found
    /// first and shadow the trait's: `a.clone()` or `Model::default()` would call it.
    pub const TRAIT_METHODS: &[&str] = &[
        "new",
        "clone",
        "clone_from",
        "clone_into",
        "eq",
        "ne",
        "fmt",
        "default",
        "serialize",
        "deserialize",
        "hash",
        "from",
        "into",
        "try_from",
        "try_into",
        "to_owned",
        "borrow",
        "borrow_mut",
        "type_id",
    ];

    /// The methods of an operation's output type (its own, and `ResponseValue`'s, which it derefs to,
    /// plus `Deref`'s): a header accessor cannot take one of these names.
    pub const OUTPUT_METHODS: &[&str] =
        &["into_inner", "into_parts", "into_response", "status", "headers", "deref", "deref_mut"];

    /// The sub-client type in the module of each group of operations.
    pub const GROUP_TYPE: &str = "Operations";
    /// The methods of every request builder (`new` is the runtime `Call`'s own): a parameter cannot
    /// have a setter of one of these names.
    pub const BUILDER_METHODS: &[&str] = &[
        "body",
        "body_stream",
        "send",
        "timeout",
        "operation_timeout",
        "retry",
        "header",
        "intercept",
        "into_stream",
        "params",
        "new",
    ];
    /// The methods every parameter struct has besides its parameters' readers: those of the runtime
    /// traits it implements (`Operation`, `Paginated`, and `MockOperation` with `test-util`), and the
    /// body's reader.
    pub const PARAMS_METHODS: &[&str] =
        &["body", "request", "decode", "decode_error", "with_cursor", "into_page", "encode_output"];
    /// The settings the runtime's `ClientBuilder::from_env` reads from the variables named
    /// `<prefix><setting>`, which a server variable's cannot be.
    pub const ENV_SETTINGS: &[&str] = &[
        "SERVER_URL",
        "API_PREFIX",
        "CLIENT_ID",
        "CLIENT_SECRET",
        "TOKEN_URL",
        "BEARER_TOKEN",
        "TIMEOUT",
        "OPERATION_TIMEOUT",
        "CONNECT_TIMEOUT",
    ];
    /// The module of the mock's rules (feature `test-util`) in the generated root.
    pub const TESTING_MODULE: &str = "testing";
    /// The runtime's items the generated root re-exports under their own names.
    pub const RUNTIME_REEXPORTS: &[&str] = &[
        "AuthError",
        "BigInt",
        "BoxError",
        "CallOutcome",
        "DecodeError",
        "FailedAttempt",
        "FailureKind",
        "IncomingResponse",
        "Intercept",
        "InterceptorError",
        "InvalidRequest",
        "OutgoingRequest",
        "PaginationError",
        "ParseBigIntError",
        "ParseServerVariableError",
        "RawJson",
        "RawJsonObject",
        "RedirectError",
        "RequestSent",
        "ResponseTooLarge",
        "ResponseValue",
        "RetryDecision",
        "RetryPolicy",
        "TimeoutBound",
        "TimeoutError",
        "Token",
        "TokenProvider",
        "TransportError",
        "TryFromBigIntError",
        "UnexpectedStatus",
    ];
    /// The items the generated root defines itself (besides its modules).
    pub const ROOT_ITEMS: &[&str] = &[
        "Client",
        "ClientBuilder",
        "Error",
        "ApiError",
        "DEFAULT_SERVER_URL",
        "DEFAULT_API_PREFIX",
        "DEFAULT_TOKEN_URL",
    ];

    /// The runtime's items the generated root re-exports when the API needs them: `FilePart` for
    /// multipart file parts, `HeaderError` for typed response headers.
    pub const RUNTIME_REEXPORTS_WHEN_USED: &[&str] = &["FilePart", "HeaderError"];

    /// Every name the generated root takes: a server variable's enum or const cannot have one.
    pub fn root_names() -> impl Iterator<Item = &'static str> {
        ROOT_ITEMS.iter().chain(RUNTIME_REEXPORTS).chain(RUNTIME_REEXPORTS_WHEN_USED).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("V2ListWorkflowsResponse"), "V2ListWorkflowsResponse");
        assert_eq!(type_name("v2SendEvent"), "V2SendEvent");
        assert_eq!(type_name("sepa debit"), "SepaDebit");
        assert_eq!(type_name("PAY-IN"), "PayIn");
        assert_eq!(type_name("DUMMY-PAY"), "DummyPay");
        assert_eq!(type_name("a2a"), "A2a");
        assert_eq!(type_name("2fa"), "V2fa");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("*"), "Value");
    }

    #[test]
    fn environment_variables_are_named_after_the_crate_and_the_variable() {
        assert_eq!(env_prefix("acme-client"), "ACME_CLIENT_");
        assert_eq!(env_prefix("formance_orchestration"), "FORMANCE_ORCHESTRATION_");
        assert_eq!(
            env_suffixes([
                "organization",
                "environment",
                "orgId",
                "api-version",
                "server_url",
                "timeout",
                "Timeout",
                "*"
            ]),
            [
                "ORGANIZATION",
                "ENVIRONMENT",
                "ORG_ID",
                "API_VERSION",
                "SERVER_URL_2",
                "TIMEOUT_2",
                "TIMEOUT_3",
                "VARIABLE"
            ]
        );
    }

    #[test]
    fn value_names() {
        assert_eq!(value_name("workflowID").to_string(), "workflow_id");
        assert_eq!(value_name("pageSize").to_string(), "page_size");
        assert_eq!(value_name("flowId").to_string(), "flow_id");
        assert_eq!(value_name("type").to_string(), "r#type");
        assert_eq!(value_name("self").to_string(), "self_");
        assert_eq!(value_name("GetInstanceStageHistory").to_string(), "get_instance_stage_history");
        assert_eq!(value_name("1st").to_string(), "_1st");
        assert_eq!(value_name("x-request-id").to_string(), "x_request_id");
    }

    #[test]
    fn variants_are_unique_and_avoid_reserved_names() {
        let names = variant_names(["unknown", "sepa debit", "sepa-debit", "Unknown"], &["Unknown"]);
        assert_eq!(names, ["UnknownValue", "SepaDebit", "SepaDebit2", "UnknownValue2"]);
        let fields = unique_idents(["type", "type", "id"].map(value_name), &[]);
        assert_eq!(fields.iter().map(Ident::to_string).collect::<Vec<_>>(), ["r#type", "type_2", "id"]);
        // `self` is `self_`, and a second `self_` is `self_2`, not the non-snake-case `self__2`.
        let fields = unique_idents(["self", "self_"].map(value_name), &[]);
        assert_eq!(fields.iter().map(Ident::to_string).collect::<Vec<_>>(), ["self_", "self_2"]);
    }

    #[test]
    fn setters_are_named_after_their_fields_unless_a_method_has_the_name() {
        let fields =
            ["name", "type", "new", "with_new", "clone", "default", "self", "is_active", "add"].map(value_name);
        assert_eq!(
            setter_names(&fields).iter().map(Ident::to_string).collect::<Vec<_>>(),
            [
                "name",
                "r#type",
                "with_new",
                "with_new_2",
                "with_clone",
                "with_default",
                "self_",
                "is_active",
                "with_add"
            ]
        );
    }

    #[test]
    fn parameters_are_read_by_methods_named_after_them_unless_taken() {
        let params =
            ["flow_id", "request", "clone", "request_param", "r#type"].map(|n| value_name(n.trim_start_matches("r#")));
        assert_eq!(
            accessor_names(&params).iter().map(Ident::to_string).collect::<Vec<_>>(),
            ["flow_id", "request_param", "clone_param", "request_param_2", "r#type"]
        );
    }

    #[test]
    fn colliding_component_names_are_settled_by_sorted_spec_name() {
        let names = component_type_names(["balance_operator", "Other", "balanceOperator", "BalanceOperator2"]);
        let rust = |spec: &str| names[spec].rust.clone();
        assert_eq!(rust("balanceOperator"), "BalanceOperator");
        // `BalanceOperator2` is a component's own name, so the suffix skips it.
        assert_eq!(rust("balance_operator"), "BalanceOperator3");
        assert_eq!(rust("BalanceOperator2"), "BalanceOperator2");
        assert_eq!(rust("Other"), "Other");
        assert_eq!(names["Other"].note, None);
        let note = names["balance_operator"].note.clone().unwrap_or_default();
        assert_eq!(
            note,
            "`balance_operator` in the spec, renamed because `balanceOperator` sorts first and is `BalanceOperator`."
        );
        let note = names["balanceOperator"].note.clone().unwrap_or_default();
        assert_eq!(note, "`balanceOperator` in the spec; `balance_operator` is `BalanceOperator3`.");

        // The order of the spec does not matter.
        let reversed = component_type_names(["BalanceOperator2", "balanceOperator", "Other", "balance_operator"]);
        assert_eq!(names, reversed);
        let digits = component_type_names(["v2_foo", "V2Foo", "v2", "V2"]);
        assert_eq!((digits["V2Foo"].rust.as_str(), digits["v2_foo"].rust.as_str()), ("V2Foo", "V2Foo2"));
        assert_eq!((digits["V2"].rust.as_str(), digits["v2"].rust.as_str()), ("V2", "V2_2"));
    }

    #[test]
    fn member_variants_drop_the_shared_prefix() {
        assert_eq!(member_variant_name("V2Stage", "V2StageWaitEvent"), "WaitEvent");
        assert_eq!(member_variant_name("V2Stage", "V2Update"), "Update");
        assert_eq!(member_variant_name("V2Stage", "V2Stage"), "V2Stage");
        assert_eq!(child_type_name("V2ListWorkflowsResponse", "cursor"), "V2ListWorkflowsResponseCursor");
    }

    #[test]
    fn names_built_on_a_name_that_is_no_identifier_stay_upper_camel_case() {
        // `self` is `Self_`: what is built on it drops the underscore (`Self_Params` would be linted).
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(params_type_name(&type_name("self")), "SelfParams");
        assert_eq!(child_type_name("Self_", "kind"), "SelfKind");
        assert_eq!(error_enum_name("Self_"), "SelfError");
        assert_eq!(numbered_type_name("Self_", |_| false), "Self2");
        assert_eq!(numbered_type_name("V2", |name| name == "V2_2"), "V2_3");
    }

    #[test]
    fn error_names() {
        assert_eq!(error_enum_name("ListAccounts"), "ListAccountsError");
        assert_eq!(error_variant_name(ErrorStatus::Code(404)), "Status404");
        assert_eq!(error_variant_name(ErrorStatus::Class(4)), "Status4xx");
        assert_eq!(error_variant_name(ErrorStatus::Default), "Default");
        assert_eq!(inline_error_body_name("ListAccounts", ErrorStatus::Class(5)), "ListAccountsErrorStatus5xx");
    }

    fn shown(names: Vec<Ident>) -> Vec<String> {
        names.iter().map(Ident::to_string).collect()
    }

    #[test]
    fn group_names_drop_the_words_every_tag_has() {
        assert_eq!(shown(group_names(&["payments.v1", "payments.v3"])), ["v1", "v3"]);
        assert_eq!(
            shown(group_names(&["Ledger accounts", "ledger-transactions", "Ledger"])),
            ["accounts", "transactions", "ledger"]
        );
        // One tag has nothing to drop; keywords and digits stay valid identifiers.
        assert_eq!(shown(group_names(&["Payments V1"])), ["payments_v1"]);
        assert_eq!(shown(group_names(&["api type", "api 2"])), ["r#type", "_2"]);
        // Short names that would collide: every tag keeps its words.
        assert_eq!(shown(group_names(&["a b", "b a", "a c"])), ["a_b", "b_a", "a_c"]);
    }
}
