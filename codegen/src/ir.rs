//! The intermediate form between the spec and the Rust source: plain data, Rust names beside wire names.
//! Analysis builds it from `openapiv3` types; emitters read only this. Every Rust name in it was
//! decided by `naming` (identifiers that may be keywords are [`Ident`]s).

use std::collections::BTreeMap;

pub use crate::error::Warning;
pub use crate::naming::Ident;
pub use crate::status::ErrorStatus;

/// Everything the emitters need to write an SDK.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub info: Info,
    /// Named types, sorted by name.
    pub types: TypeTable,
    /// Operations in the order the spec lists them.
    pub operations: Vec<Operation>,
    /// The error body most operations document (`V2Error`), or free JSON when none is documented:
    /// the default of the crate's `Error<E>` (and `ApiErrorBody`).
    pub error_body: TypeRef,
    /// Every operation's `Error::Api` holds [`Api::error_body`] (none documents another body, or an
    /// enum of bodies per status): the docs of the crate's `Error` and `ApiErrorBody` say so.
    pub error_body_shared: bool,
    /// Sub-clients grouping the operations by tag, in the order the spec first uses their tags;
    /// empty unless two operations would otherwise have the same method name.
    pub groups: Vec<OperationGroup>,
    pub servers: Servers,
    /// The `tokenUrl` of the spec's OAuth2 client credentials flow, absolute or relative to the server.
    pub token_url: Option<String>,
    /// Unions some parameter is written from, sorted by name.
    pub param_unions: Vec<ParamUnion>,
    /// The `#![recursion_limit]` the crate must declare, when its types nest deeper than rustc follows
    /// by default (128: a chain of some hundred models, each holding the next, is E0275 on `Send`).
    pub recursion_limit: Option<u32>,
    /// Mistakes of the spec the generator read all the same, sorted by location.
    pub warnings: Vec<Warning>,
}

/// The spec's `info`.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
}

/// What the spec's `servers` give: the default server URL, and a preset per server with variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Servers {
    /// The first server's URL with its variables at their defaults (`http://localhost` without servers).
    pub default_url: String,
    pub default_doc: Option<String>,
    /// A Rust enum per variable with an `enum`, shared by the presets that use the variable.
    pub enums: Vec<ServerEnum>,
    /// A `DEFAULT_<NAME>` const per variable without an `enum`.
    pub free: Vec<FreeVariable>,
    pub presets: Vec<ServerPreset>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServerEnum {
    /// The variable's name on the wire (`environment`).
    pub variable: String,
    /// The Rust enum (`Environment`).
    pub type_name: String,
    pub doc: Option<String>,
    pub variants: Vec<EnumVariant>,
    /// Index of the spec's default in `variants`.
    pub default: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FreeVariable {
    pub variable: String,
    /// `DEFAULT_ORGANIZATION`.
    pub const_name: String,
    pub default: String,
    pub doc: Option<String>,
}

/// A server with variables: a function building its URL, and a `Client` constructor using it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerPreset {
    /// `formance_cloud`, from the URL's host without its variables.
    pub name: Ident,
    /// The URL template as the spec writes it.
    pub template: String,
    /// The template, split into text and variables.
    pub parts: Vec<UrlPart>,
    /// One per variable, in the order the template first names them.
    pub args: Vec<PresetArg>,
    pub doc: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlPart {
    Text(String),
    /// The preset argument at this index.
    Variable(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PresetArg {
    /// The function argument (`organization`).
    pub rust_name: Ident,
    /// The variable on the wire.
    pub variable: String,
    /// `Some(type name)` for a variable with an `enum`.
    pub enum_type: Option<String>,
    /// The environment variable `ClientBuilder::from_env` reads it from, after the crate's prefix
    /// (`ORGANIZATION`): one per variable name, whichever servers use it.
    pub env_suffix: String,
}

/// The named types of an API by Rust name, and the one way to see through their aliases. The analysis
/// refuses alias cycles before the table is complete, so that what it resolves always ends.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeTable {
    defs: BTreeMap<String, TypeDef>,
}

impl TypeTable {
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.defs.get(name)
    }

    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut TypeDef> {
        self.defs.get_mut(name)
    }

    pub(crate) fn insert(&mut self, def: TypeDef) {
        self.defs.insert(def.name.clone(), def);
    }

    /// Every type, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = &TypeDef> {
        self.defs.values()
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut TypeDef> {
        self.defs.values_mut()
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// What `ty` stands for: the type an alias names, through any chain of aliases; any other type
    /// as it is. (A chain longer than the table cannot end; the analysis refuses those, and the
    /// bound keeps a hand-built table from looping.)
    pub fn resolve<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        for _ in 0..=self.defs.len() {
            match ty {
                TypeRef::Named(name) => match self.defs.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Alias(target)) => ty = target,
                    _ => break,
                },
                _ => break,
            }
        }
        ty
    }

    /// The definition `ty` names, aliases followed: a struct, enum or union (or `None`).
    pub fn def_of(&self, ty: &TypeRef) -> Option<&TypeDef> {
        match self.resolve(ty) {
            TypeRef::Named(name) => self.defs.get(name),
            _ => None,
        }
    }

    /// The struct `ty` names, aliases followed, with the pointer of its schema.
    pub fn struct_of(&self, ty: &TypeRef) -> Option<(&Struct, &str)> {
        let def = self.def_of(ty)?;
        match &def.kind {
            TypeKind::Struct(s) => Some((s, &def.source)),
            _ => None,
        }
    }

    /// Whether constructors, setters and methods take a value of `ty` as `impl Into<T>`: where the
    /// conversions users reach for exist (`&str` to `String`, integers to `BigInt`, `serde_json` values
    /// to the raw JSON types, a member's type to a union in `from_unions`, which implement `From` them,
    /// a value to its `Box`). Not for numbers (an integer literal would not infer), nor for string
    /// enums, whose `From<&str>` would let a misspelt value through as `Unknown`. One rule for fields,
    /// parameters and form parts.
    pub fn takes_into(&self, ty: &TypeRef, boxed: bool, from_unions: &[ParamUnion]) -> bool {
        boxed
            || match self.resolve(ty) {
                TypeRef::String | TypeRef::BigInt | TypeRef::Json | TypeRef::JsonObject => true,
                TypeRef::Named(name) => from_unions.iter().any(|u| &u.name == name),
                _ => false,
            }
    }

    /// `ty` with every alias in it replaced by what it stands for, inside lists and maps too: two
    /// types are the same Rust type when these are equal (aliases are `pub type`).
    pub fn expand(&self, ty: &TypeRef) -> TypeRef {
        match self.resolve(ty) {
            TypeRef::List(item) => TypeRef::List(Box::new(self.expand(item))),
            TypeRef::Map(value) => TypeRef::Map(Box::new(self.expand(value))),
            other => other.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// JSON pointer of the schema this type comes from.
    pub source: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// Where the operations send and receive values of this type.
    pub usage: Usage,
}

/// Where values of a named type travel: in requests (parameters, bodies, and the types reachable from
/// them through fields, union members, aliases, lists and maps), in responses (success and error
/// bodies, and what they reach), or both. It decides how a struct is built: users build the models
/// they send, so those get a constructor and setters, and read the ones they receive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

impl Usage {
    pub fn either(self, other: Usage) -> Usage {
        Usage { request: self.request || other.request, response: self.response || other.response }
    }

    /// A type no operation uses can still be built and read by users: it counts as both.
    pub fn or_both(self) -> Usage {
        if self.request || self.response { self } else { Usage { request: true, response: true } }
    }

    /// Whether users build values of the type, so that a struct gets `new(required...)` and a setter
    /// per optional field: types sent in requests, and types no operation uses.
    pub fn built_by_users(self) -> bool {
        self.or_both().request
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    Union(Union),
    Alias(TypeRef),
}

impl TypeKind {
    /// The types a value of this kind holds: a struct's fields, a union's members, an alias's target.
    pub fn held(&self) -> Vec<&TypeRef> {
        match self {
            Self::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            Self::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            Self::Alias(target) => vec![target],
            Self::Enum(_) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// No field is required (every one is an `Option`), so the struct derives `Default`.
    pub default: bool,
    /// The discriminator this struct always writes, as a member of discriminated unions that all
    /// give it this value: not a field (users can neither pass it to `new` nor set it wrong), written
    /// first when the struct is serialized, alone or in a union.
    pub tag: Option<StructTag>,
    /// The struct that names its required fields for `new` (`{Model}Required`), when `new` takes
    /// more than one (see `naming::required_struct_name`): `new` takes none, one as its argument, or
    /// several, named in this struct, so that two of one type cannot be swapped.
    pub required_struct: Option<String>,
}

/// A discriminator property and the one value a struct has for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StructTag {
    /// The property's wire name (`action`).
    pub property: String,
    /// Its value (`CREATE_TRANSACTION`).
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub rust_name: Ident,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// The field's type contains the struct itself, so it is kept behind a `Box`.
    pub boxed: bool,
    pub doc: Option<String>,
    /// The spec's `format` of the field's schema (`email`, `date-time`), for the doc the generator
    /// writes when the spec has no description.
    pub format: Option<String>,
    /// The name of the field's setter, in structs that have setters (see `naming::setter_names`).
    pub setter: Ident,
    /// `new` and the setter take it as `impl Into<T>` (see [`TypeTable::takes_into`]).
    pub into: bool,
}

impl Field {
    /// Absent or `null` on the wire: the Rust field is an `Option`.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A string enum; the emitted Rust enum adds a catch-all for values this SDK does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
}

/// Name of the catch-all variant every string enum and union gets.
pub const UNKNOWN_VARIANT: &str = "Unknown";

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub rust_name: String,
    pub wire: String,
}

/// `oneOf` / `anyOf`: chosen by a discriminator property when there is one, else by best fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Wire name of the discriminator property.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// The discriminator value that selects this variant.
    pub tag_value: Option<String>,
    pub shape: Shape,
}

/// What a union member looks like on the wire, for choosing a member by the keys of an object.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Object {
        properties: Vec<String>,
        required: Vec<String>,
    },
    /// Not an object with known properties (a primitive, an array, a map, another union).
    Other,
}

/// A Rust type, as used in a field, parameter, body or alias.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F64,
    /// An integer of any size (`format: bigint`).
    BigInt,
    DateTime,
    Date,
    Uuid,
    /// Any JSON value.
    Json,
    /// A JSON object with any keys and values.
    JsonObject,
    Named(String),
    List(Box<TypeRef>),
    /// An object used as a map from string keys, in wire order.
    Map(Box<TypeRef>),
    /// Raw bytes (`bytes::Bytes`): a binary request or response body.
    Bytes,
}

impl TypeRef {
    /// The type as users write it, for docs and reports (short names: the generated code spells
    /// full paths).
    pub fn short_name(&self) -> String {
        match self {
            TypeRef::String => "String".to_owned(),
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::I32 => "i32".to_owned(),
            TypeRef::I64 => "i64".to_owned(),
            TypeRef::U32 => "u32".to_owned(),
            TypeRef::U64 => "u64".to_owned(),
            TypeRef::F64 => "f64".to_owned(),
            TypeRef::BigInt => "BigInt".to_owned(),
            TypeRef::DateTime => "DateTime<Utc>".to_owned(),
            TypeRef::Date => "NaiveDate".to_owned(),
            TypeRef::Uuid => "Uuid".to_owned(),
            TypeRef::Bytes => "Bytes".to_owned(),
            TypeRef::Json => "RawJson".to_owned(),
            TypeRef::JsonObject => "RawJsonObject".to_owned(),
            TypeRef::Named(name) => name.clone(),
            TypeRef::List(item) => format!("Vec<{}>", item.short_name()),
            TypeRef::Map(value) => format!("IndexMap<String, {}>", value.short_name()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// Method on the client: `get_instance_stage_history`.
    pub method_name: Ident,
    /// Type names derive from this: `GetInstanceStageHistory`.
    pub type_name: String,
    /// `GET`, `POST`, ...
    pub http_method: String,
    /// Path template as written in the spec: `/v2/instances/{instanceID}`.
    pub path: String,
    pub source: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Path parameters in path order, then query and header parameters in spec order.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The success body; `None` when the success response has no content.
    pub response: Option<Response>,
    /// The status of the success response the output comes from (its first 2xx; 200 for `2XX` or
    /// none): what the mock of the `testing` module answers outputs with.
    pub success_status: u16,
    pub errors: ErrorStatuses,
    /// What `Error::Api` holds for this operation: one type, or an enum with a variant per status.
    pub error_body: ErrorBody,
    /// The sub-client (an [`OperationGroup::name`]) whose method starts this operation; `None` for
    /// a method of `Client` itself.
    pub group: Option<Ident>,
    /// Why its method or request builder is not named after the spec's id as the others are (the
    /// name was taken: by an operation whose id sorts first, or by the generated code's own), for
    /// the method's docs.
    pub name_note: Option<String>,
    /// OAuth2 scopes the operation's security requirement names.
    pub scopes: Vec<String>,
    pub pagination: Option<Pagination>,
    /// The headers the success response documents, each read by an accessor of what `send()`
    /// returns (the operation's [`output type`](crate::naming::output_type_name)); in spec order.
    pub response_headers: Vec<ResponseHeader>,
}

/// A response header the spec documents, read through a typed accessor.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The accessor: the header's name as a value name (`Count` -> `count`), `_header` added when
    /// the output type has a method of that name (see `naming::header_accessor_names`).
    pub accessor: Ident,
    /// The header's name, as the spec writes it.
    pub wire_name: String,
    /// What the accessor returns (a list's item type when `list`): a scalar, a `String`, or a named
    /// string enum; a schema that is not one value of these is read as its text (`String`).
    pub ty: TypeRef,
    /// A comma-separated list (`simple` style): the accessor gives a `Vec`.
    pub list: bool,
    /// The spec says it is always sent: its absence is the accessor's error.
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub rust_name: Ident,
    /// The method of the parameter struct that reads it (see `naming::accessor_names`).
    pub accessor: Ident,
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    /// How the value goes on the wire.
    pub style: ParamStyle,
    /// The type is a union (following aliases), which the generated code writes member by member.
    pub union: bool,
    /// The method and the setter take it as `impl Into<T>` (see [`TypeTable::takes_into`]).
    pub into: bool,
    pub doc: Option<String>,
}

/// How a parameter's value goes on the wire: the shape of its type under the spec's `style` and
/// `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// One value: a scalar, a string enum, or a union whose members each give one.
    Single,
    /// One `name=value` pair per value (`?tag=a&tag=b`): an array, or a union with an array member,
    /// in `form` style with `explode` (the default).
    Repeated,
    /// The values joined into one by the delimiter (`?tag=a,b`): `form` without `explode` (`,`),
    /// `spaceDelimited` (` `), `pipeDelimited` (`|`), and arrays in headers (`simple`, `,`).
    Joined(char),
    /// An object as `name[key]=value` pairs, nested objects as `name[key][inner]=value` (`deepObject`).
    DeepObject,
    /// An object as one `key=value` pair per entry (`form` with `explode`).
    FormObject,
    /// An object as one `name=key,value,key,value` pair (`form` without `explode`).
    JoinedObject,
}

/// A union some parameter is written from: the generated code implements the runtime's
/// `ToParam` for it (each member gives one value) or `ToParamValues` (some member is an array).
#[derive(Debug, Clone, PartialEq)]
pub struct ParamUnion {
    pub name: String,
    /// Some member gives several values.
    pub many: bool,
    /// Each variant, and whether its member gives several values.
    pub members: Vec<(String, bool)>,
    /// `From<T>` for the union: the variant and its member's type, for each type (aliases followed)
    /// that no other member has.
    pub from: Vec<(String, TypeRef)>,
    /// The variant of the one member that is a string, if exactly one is: `From<&str>` too.
    pub from_str: Option<String>,
}

/// A request body: the Rust type `.body(...)` takes, and how it goes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// `Bytes` for binary bodies, `String` for text, the form struct for `multipart/form-data`.
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    /// The media type chosen among those the spec offers, as the spec writes it; the `Content-Type`
    /// sent (`application/octet-stream` for a wildcard such as `*/*`, the boundary added for multipart).
    pub media_type: String,
    pub encoding: BodyEncoding,
    /// For a `multipart/form-data` body whose struct's `new` takes several required fields, the
    /// struct naming them (as [`Struct::required_struct`]).
    pub required_struct: Option<String>,
}

impl Body {
    /// The fields of a form or multipart body.
    pub fn form_fields(&self) -> &[FormField] {
        match &self.encoding {
            BodyEncoding::Form(fields) | BodyEncoding::Multipart(fields) => fields,
            _ => &[],
        }
    }
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyEncoding {
    /// Compact JSON of `ty`.
    Json,
    /// The bytes as given (`ty` is `Bytes`); they may also come from a stream.
    Bytes,
    /// The text as given, in UTF-8 (`ty` is `String`).
    Text,
    /// `application/x-www-form-urlencoded`: these fields of the struct `ty`, in order.
    Form(Vec<FormField>),
    /// `multipart/form-data`: one part per field (per item for arrays) of the generated form struct
    /// named by `ty`, which only this body uses.
    Multipart(Vec<FormField>),
}

/// A field of a form or multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub rust_name: Ident,
    pub wire_name: String,
    /// The field's type; for `File` and `Files` parts, what the spec says (a binary string).
    pub ty: TypeRef,
    pub required: bool,
    pub part: PartKind,
    pub doc: Option<String>,
    /// The name of the field's setter on the form struct (see `naming::setter_names`).
    pub setter: Ident,
    /// `new` and the setter of the form struct take it as `impl Into<T>` (see
    /// [`TypeTable::takes_into`]; never for a file part).
    pub into: bool,
}

/// How one field is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// One value as text, written as a parameter is.
    Text,
    /// An array: one value per item, the name repeated.
    Repeated,
    /// A `format: binary` string: a file part (multipart only).
    File,
    /// An array of binary strings: one file part per item (multipart only).
    Files,
    /// Anything else (an object, a map, a union): one part holding its JSON (multipart only).
    Json,
}

/// The success body of an operation, and how it is decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// `Bytes` for binary bodies, `String` for text.
    pub ty: TypeRef,
    /// The media type chosen among those the spec offers, as the spec writes it; the `Accept` sent.
    pub media_type: String,
    pub decoding: Decoding,
}

/// How a success body is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    Json,
    /// The bytes as received, bounded by the client's response limit.
    Bytes,
    /// UTF-8 text; other bytes are a decode error.
    Text,
}

/// Which non-2xx statuses carry the documented error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorStatuses {
    /// A `default` response: every status that is not a success.
    All,
    /// These statuses, and every status of these classes (`4` for `4XX`).
    Only {
        codes: Vec<u16>,
        classes: Vec<u16>,
    },
    None,
}

/// The error body type of one operation.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorBody {
    /// Every documented error status has this body (or none is documented, and this is the API's
    /// [`Api::error_body`]).
    One(TypeRef),
    /// The documented error statuses have different bodies: a generated enum, a variant per status.
    PerStatus(ErrorEnum),
    /// The operation documents failure responses, none with a JSON body (a binary `default`): there
    /// is no body to decode, so `Error::Api` cannot happen, and the error type says so (the
    /// `operations` module's empty `NoErrorBody`); failures are `Error::UnexpectedStatus`.
    NotJson,
}

/// A generated enum of an operation's documented error bodies, decoded by status: the exact status
/// first, then its class (`4XX`), then `default`.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorEnum {
    /// `ListAccountsError`.
    pub type_name: String,
    /// In the order the spec lists the responses.
    pub variants: Vec<ErrorVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant {
    /// `Status404`, `Status4xx`, `Default`.
    pub rust_name: String,
    pub status: ErrorStatus,
    pub ty: TypeRef,
    /// The response's description.
    pub doc: Option<String>,
}

/// The operations of one tag, behind a method of `Client` (`client.v3().list_accounts()`), with
/// their request builders in a module of their own (`operations::v3`).
#[derive(Debug, Clone, PartialEq)]
pub struct OperationGroup {
    /// The module and the `Client` method: `v3`.
    pub name: Ident,
    /// The tag as the spec writes it: `payments.v3`.
    pub tag: String,
    /// The tag's description, from the spec's `tags`.
    pub doc: Option<String>,
}

/// A cursor-paginated list: the operation takes a `cursor` query parameter and its response
/// holds a cursor object with `hasMore`, `next` and `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Rust name of the cursor query parameter.
    pub cursor_param: Ident,
    /// Rust name of the response field holding the cursor object, and whether it is optional.
    pub page_field: (Ident, bool),
    pub has_more_field: (Ident, bool),
    pub next_field: (Ident, bool),
    pub data_field: (Ident, bool),
    pub item: TypeRef,
}
