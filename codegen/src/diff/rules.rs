//! The rules a spec change is classified by: what each change does to a user of the generated crate,
//! and the Rust API-evolution rule it rests on.
//!
//! Citations name the sections of RFC 1105 ("API evolution") and the anchors of the cargo book's
//! SemVer chapter (`https://doc.rust-lang.org/cargo/reference/semver.html#<anchor>`). The rules assume
//! the generated code is designed to evolve (issue 12, section 1): every generated struct, string enum
//! and union is `#[non_exhaustive]`; the models users build (sent in requests, or used by no
//! operation: `ir::Usage::built_by_users`) have `new()` taking the fields whose Rust type is not an
//! `Option` (one as its argument, several named in the model's required-fields struct, whose literal
//! users write: a field added there breaks them, cargo "struct-add-public-field-when-no-private",
//! while the order of the fields does not matter) plus one setter per `Option` field; models only
//! read in responses have public fields and no constructor; each optional operation parameter is a
//! setter of the request builder and each required one an argument of the client method, as a
//! required request body is (an optional one is the `body()` setter).

/// What a change means for users of the generated crate, from worst to mildest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Code written against the old crate stops compiling.
    Breaking,
    /// Code still compiles but a call that worked may now fail (or behave differently) at run time.
    BreakingAtRunTime,
    /// New API; existing code compiles and behaves as before.
    Additive,
    /// The Rust API is unchanged; only what goes on the wire changes (a patch release).
    WireOnly,
    /// Only what the `test-util` feature adds changes (the `testing` module's mock): outside the
    /// semver promise, reported apart.
    TestOnly,
}

impl Impact {
    pub fn is_breaking(self) -> bool {
        matches!(self, Self::Breaking | Self::BreakingAtRunTime)
    }
}

/// One kind of change. Each has one impact, given by [`Rule::impact`], where its citation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    // Operations: client methods and their request builders.
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    OperationRouteChanged,
    RequiredParamAdded,
    OptionalParamAdded,
    RequiredParamRemoved,
    OptionalParamRemoved,
    ParamTypeChanged,
    ParamBecameRequired,
    ParamBecameOptional,
    RequiredParamsReordered,
    ParamWireChanged,
    BodyAdded,
    RequiredBodyAdded,
    BodyRemoved,
    BodyTypeChanged,
    BodyBecameRequired,
    BodyBecameOptional,
    BodyMediaTypeChanged,
    ResponseTypeChanged,
    ResponseMediaTypeChanged,
    ResponseHeadersGained,
    ResponseHeadersLost,
    ResponseHeaderAdded,
    ResponseHeaderRemoved,
    ResponseHeaderChanged,
    ErrorStatusesAdded,
    ErrorStatusesRemoved,
    ErrorBodyChanged,
    ErrorTypeChanged,
    ErrorVariantAdded,
    ErrorVariantRemoved,
    ErrorVariantTypeChanged,
    ScopeAdded,
    ScopeRemoved,
    PaginationGained,
    PaginationLost,
    PaginationItemChanged,
    // Models.
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeKindChanged,
    AliasTargetChanged,
    OptionalFieldAdded,
    RequiredFieldAddedToRequest,
    RequiredFieldAddedToResponse,
    FieldRemoved,
    FieldTypeChanged,
    FieldBecameOptionalInResponses,
    FieldBecameOptionalInRequests,
    FieldBecameRequiredInResponses,
    FieldBecameRequiredInRequests,
    FieldWireChanged,
    DefaultGained,
    DefaultLost,
    NowInRequests,
    NoLongerInRequests,
    EnumValueAdded,
    EnumValueRemoved,
    EnumValueWireChanged,
    UnionMemberAdded,
    UnionMemberRemoved,
    UnionMemberTypeChanged,
    UnionTagChanged,
    // The `testing` module (feature `test-util`).
    SuccessStatusChanged,
}

impl Rule {
    /// Every rule, in the order reports and tests list them.
    pub const ALL: &'static [Rule] = &[
        Rule::OperationAdded,
        Rule::OperationRemoved,
        Rule::OperationRenamed,
        Rule::OperationRouteChanged,
        Rule::RequiredParamAdded,
        Rule::OptionalParamAdded,
        Rule::RequiredParamRemoved,
        Rule::OptionalParamRemoved,
        Rule::ParamTypeChanged,
        Rule::ParamBecameRequired,
        Rule::ParamBecameOptional,
        Rule::RequiredParamsReordered,
        Rule::ParamWireChanged,
        Rule::BodyAdded,
        Rule::RequiredBodyAdded,
        Rule::BodyRemoved,
        Rule::BodyTypeChanged,
        Rule::BodyBecameRequired,
        Rule::BodyBecameOptional,
        Rule::BodyMediaTypeChanged,
        Rule::ResponseTypeChanged,
        Rule::ResponseMediaTypeChanged,
        Rule::ResponseHeadersGained,
        Rule::ResponseHeadersLost,
        Rule::ResponseHeaderAdded,
        Rule::ResponseHeaderRemoved,
        Rule::ResponseHeaderChanged,
        Rule::ErrorStatusesAdded,
        Rule::ErrorStatusesRemoved,
        Rule::ErrorBodyChanged,
        Rule::ErrorTypeChanged,
        Rule::ErrorVariantAdded,
        Rule::ErrorVariantRemoved,
        Rule::ErrorVariantTypeChanged,
        Rule::ScopeAdded,
        Rule::ScopeRemoved,
        Rule::PaginationGained,
        Rule::PaginationLost,
        Rule::PaginationItemChanged,
        Rule::TypeAdded,
        Rule::TypeRemoved,
        Rule::TypeRenamed,
        Rule::TypeKindChanged,
        Rule::AliasTargetChanged,
        Rule::OptionalFieldAdded,
        Rule::RequiredFieldAddedToRequest,
        Rule::RequiredFieldAddedToResponse,
        Rule::FieldRemoved,
        Rule::FieldTypeChanged,
        Rule::FieldBecameOptionalInResponses,
        Rule::FieldBecameOptionalInRequests,
        Rule::FieldBecameRequiredInResponses,
        Rule::FieldBecameRequiredInRequests,
        Rule::FieldWireChanged,
        Rule::DefaultGained,
        Rule::DefaultLost,
        Rule::NowInRequests,
        Rule::NoLongerInRequests,
        Rule::EnumValueAdded,
        Rule::EnumValueRemoved,
        Rule::EnumValueWireChanged,
        Rule::UnionMemberAdded,
        Rule::UnionMemberRemoved,
        Rule::UnionMemberTypeChanged,
        Rule::UnionTagChanged,
        Rule::SuccessStatusChanged,
    ];

    /// The impact of the change, and (in the comment of each arm) the rule of Rust API evolution it rests on.
    pub fn impact(self) -> Impact {
        use Impact::*;
        match self {
            // A new method on `Client` and a new builder type: RFC 1105 "Minor change: adding new public
            // items"; cargo "item-new", and "impl-item-new" for the inherent method (possibly breaking,
            // treated as minor by both).
            Rule::OperationAdded => Additive,
            // The method and its builder and parameter types disappear: RFC 1105 "Major change:
            // renaming/moving/removing any public items"; cargo "item-remove".
            Rule::OperationRemoved => Breaking,
            // Same route, new method name (an `operationId` or `x-speakeasy-name-override` change): a
            // rename is a removal for the code that names the old item; cargo "item-remove".
            Rule::OperationRenamed => Breaking,
            // Same method, another HTTP method or path: no signature changes. RFC 1105 "Behavioral
            // changes": the SDK now talks to the server the new spec describes.
            Rule::OperationRouteChanged => WireOnly,
            // The client method takes one more argument: RFC 1105 "Major change: adding/removing
            // arguments"; cargo "fn-change-arity".
            Rule::RequiredParamAdded => Breaking,
            // One more setter on the request builder: RFC 1105 "Minor change: adding any inherent
            // items"; cargo "impl-item-new".
            Rule::OptionalParamAdded => Additive,
            // The client method takes one argument less: cargo "fn-change-arity".
            Rule::RequiredParamRemoved => Breaking,
            // The builder's setter disappears: cargo "item-remove".
            Rule::OptionalParamRemoved => Breaking,
            // An argument or setter takes another type: RFC 1105 "Signatures in functions" allows
            // only generalizations every existing call still instantiates; cargo "fn-generalize-mismatch".
            Rule::ParamTypeChanged => Breaking,
            // The setter disappears and the method gains an argument: cargo "fn-change-arity" and "item-remove".
            Rule::ParamBecameRequired => Breaking,
            // The method loses an argument (a setter appears instead): cargo "fn-change-arity".
            Rule::ParamBecameOptional => Breaking,
            // Positional arguments in another order: each position's type changes (cargo
            // "fn-generalize-mismatch"), or, worse, the types match and the values silently swap
            // (RFC 1105 "Behavioral changes").
            Rule::RequiredParamsReordered => Breaking,
            // Same Rust name and type, other wire name, location or style (`explode: false` joins an
            // array's values): RFC 1105 "Behavioral changes" only.
            Rule::ParamWireChanged => WireOnly,
            // A new `body()` setter: cargo "impl-item-new".
            Rule::BodyAdded => Additive,
            // A required body is an argument of the client method: the method takes one more.
            // cargo "fn-change-arity".
            Rule::RequiredBodyAdded => Breaking,
            // The `body()` setter disappears: cargo "item-remove".
            Rule::BodyRemoved => Breaking,
            // `body()` takes another type: cargo "fn-generalize-mismatch".
            Rule::BodyTypeChanged => Breaking,
            // The `body()` setter becomes an argument of the client method: cargo "fn-change-arity"
            // (and "item-remove" for the setter).
            Rule::BodyBecameRequired => Breaking,
            // The argument becomes a `body()` setter: the method takes one argument less, cargo
            // "fn-change-arity".
            Rule::BodyBecameOptional => Breaking,
            // `body()` takes the same type, sent in another media type (`Content-Type` and encoding):
            // RFC 1105 "Behavioral changes" only.
            Rule::BodyMediaTypeChanged => WireOnly,
            // `send()` returns another type (and `Operation::Output` changes): cargo
            // "trait-item-signature" for the associated type, "fn-generalize-mismatch" for the return.
            Rule::ResponseTypeChanged => Breaking,
            // `send()` returns the same type, decoded from another media type (and another `Accept`
            // sent): RFC 1105 "Behavioral changes" only.
            Rule::ResponseMediaTypeChanged => WireOnly,
            // The first documented response header: `send()` returns the operation's output type
            // (which derefs to the `ResponseValue` it returned) instead: code naming the old return
            // type breaks. cargo "fn-generalize-mismatch".
            Rule::ResponseHeadersGained => Breaking,
            // The last one goes: `send()` returns the `ResponseValue` again, and the output type
            // disappears. cargo "item-remove".
            Rule::ResponseHeadersLost => Breaking,
            // One more accessor on the output type: cargo "impl-item-new".
            Rule::ResponseHeaderAdded => Additive,
            // The accessor disappears: cargo "item-remove".
            Rule::ResponseHeaderRemoved => Breaking,
            // The accessor returns another type (another header type, a list, or an `Option` gained
            // or lost when the header becomes optional or required): cargo "fn-generalize-mismatch".
            Rule::ResponseHeaderChanged => Breaking,
            // More failure statuses decode to `Error::Api` with the documented body instead of
            // `Error::UnexpectedStatus`: new information, RFC 1105 "Behavioral changes".
            Rule::ErrorStatusesAdded => Additive,
            // Statuses that gave `Error::Api` now give `Error::UnexpectedStatus`: code matching the
            // documented body no longer sees it. RFC 1105 "Behavioral changes".
            Rule::ErrorStatusesRemoved => BreakingAtRunTime,
            // `ApiErrorBody` names another type: RFC 1105 "Signatures in type definitions";
            // cargo "generic-generalize-different" (a type whose meaning changes for existing uses).
            Rule::ErrorBodyChanged => Breaking,
            // `send()` fails with an `Error` of another body (another type, or an enum per status
            // instead of one type): cargo "fn-generalize-mismatch" for the return type, and
            // "trait-item-signature" for `Operation::ErrorBody`.
            Rule::ErrorTypeChanged => Breaking,
            // A new variant of the operation's `#[non_exhaustive]` error enum: minor (cargo
            // "enum-variant-new", defused by "attr-adding-non-exhaustive"); as with `EnumValueAdded`,
            // a status that decoded as its class's or `Default` now decodes as the new variant.
            Rule::ErrorVariantAdded => Additive,
            // The variant disappears: cargo "item-remove".
            Rule::ErrorVariantRemoved => Breaking,
            // The variant holds another type: RFC 1105 "Signatures in type definitions"; cargo
            // "enum-fields-new".
            Rule::ErrorVariantTypeChanged => Breaking,
            // Credentials without the new scope get 403 where the call used to succeed: RFC 1105
            // "Behavioral changes".
            Rule::ScopeAdded => BreakingAtRunTime,
            // Fewer scopes needed: RFC 1105 "Behavioral changes" (a relaxation).
            Rule::ScopeRemoved => WireOnly,
            // `into_stream()` appears (a `Paginated` impl): RFC 1105 "Minor change: implementing any
            // non-fundamental trait".
            Rule::PaginationGained => Additive,
            // `into_stream()` disappears: cargo "item-remove".
            Rule::PaginationLost => Breaking,
            // The stream yields another item type: cargo "trait-item-signature" (`Paginated::Item`).
            Rule::PaginationItemChanged => Breaking,
            // A new model: cargo "item-new".
            Rule::TypeAdded => Additive,
            // cargo "item-remove".
            Rule::TypeRemoved => Breaking,
            // The same schema under another Rust name: cargo "item-remove" for the old name.
            Rule::TypeRenamed => Breaking,
            // A struct becomes an enum, an alias a struct...: every use changes; cargo "item-remove"
            // (the old item is gone) and RFC 1105 "Signatures in type definitions".
            Rule::TypeKindChanged => Breaking,
            // `pub type A = B` names another type: RFC 1105 "Signatures in type definitions"; cargo
            // "generic-generalize-different".
            Rule::AliasTargetChanged => Breaking,
            // Major without `#[non_exhaustive]` (RFC 1105 "Major change: adding a public field when no
            // private field exists"; cargo "struct-add-public-field-when-no-private"). Generated
            // structs are `#[non_exhaustive]` (cargo "attr-adding-non-exhaustive", RFC 2008), so users
            // never write struct literals or exhaustive patterns; request models gain a setter (cargo
            // "impl-item-new"). Minor.
            Rule::OptionalFieldAdded => Additive,
            // The request model's `new()` takes one more argument, or its required-fields struct, whose
            // literal users write, one more field: cargo "fn-change-arity",
            // "struct-add-public-field-when-no-private".
            Rule::RequiredFieldAddedToRequest => Breaking,
            // A response model gains a readable field; `#[non_exhaustive]` makes that minor (cargo
            // "struct-add-public-field-when-no-private", defused by "attr-adding-non-exhaustive").
            Rule::RequiredFieldAddedToResponse => Additive,
            // The field (and its setter) disappears: cargo "item-remove".
            Rule::FieldRemoved => Breaking,
            // RFC 1105 "Signatures in type definitions": a field's type may only change to one that is
            // identical for every existing use; cargo "generic-generalize-different".
            Rule::FieldTypeChanged => Breaking,
            // Responses read `Option<T>` where they read `T`: a field type change, as above (RFC 1105
            // "Signatures in type definitions"; cargo "generic-generalize-different").
            Rule::FieldBecameOptionalInResponses => Breaking,
            // The request model's `new()` loses an argument (a setter appears): cargo "fn-change-arity".
            Rule::FieldBecameOptionalInRequests => Breaking,
            // Responses read `T` where they read `Option<T>`: a field type change (cargo
            // "generic-generalize-different").
            Rule::FieldBecameRequiredInResponses => Breaking,
            // The request model's `new()` gains an argument and the setter disappears: cargo
            // "fn-change-arity" (and "item-remove").
            Rule::FieldBecameRequiredInRequests => Breaking,
            // Same Rust field and type, other wire name, or required-and-nullable toggled while the Rust
            // type stays `Option<T>`: RFC 1105 "Behavioral changes" only.
            Rule::FieldWireChanged => WireOnly,
            // A new `Default` impl: RFC 1105 "Minor change: implementing any non-fundamental trait".
            Rule::DefaultGained => Additive,
            // `Default` is no longer implemented: code calling `default()` breaks; cargo "item-remove"
            // (a public impl is removed).
            Rule::DefaultLost => Breaking,
            // A model users now build (now also sent in requests, or now used by no operation) gains a
            // constructor and setters: cargo "impl-item-new".
            Rule::NowInRequests => Additive,
            // A model users no longer build (now read in responses only) loses the constructor and
            // setters: cargo "item-remove".
            Rule::NoLongerInRequests => Breaking,
            // Major without `#[non_exhaustive]` (RFC 1105 "Major change: adding new variants"; cargo
            // "enum-variant-new"); generated enums are `#[non_exhaustive]`, so minor. A value that was
            // read as `Unknown("x")` is now read as the new variant.
            Rule::EnumValueAdded => Additive,
            // The variant disappears: cargo "item-remove".
            Rule::EnumValueRemoved => Breaking,
            // Same variant, other wire value: RFC 1105 "Behavioral changes" only.
            Rule::EnumValueWireChanged => WireOnly,
            // As `EnumValueAdded`: cargo "enum-variant-new" defused by `#[non_exhaustive]`; JSON that
            // was read as `Unknown(raw)` is now read as the new member.
            Rule::UnionMemberAdded => Additive,
            // The variant disappears: cargo "item-remove".
            Rule::UnionMemberRemoved => Breaking,
            // The variant holds another type: RFC 1105 "Major change: adding new fields to a variant"
            // and "Signatures in type definitions"; cargo "enum-fields-new".
            Rule::UnionMemberTypeChanged => Breaking,
            // Another discriminator property or value for a member: RFC 1105 "Behavioral changes" only.
            Rule::UnionTagChanged => WireOnly,
            // The documented success status of an operation: the client takes any 2xx, so only the
            // mock changes (its `then_output` answers with the new status), and the mock is outside
            // the semver promise (the `test-util` feature's documented exemption).
            Rule::SuccessStatusChanged => TestOnly,
        }
    }

    /// The cargo book's SemVer anchor (or RFC 1105 section) this rule is cited by in reports.
    pub fn citation(self) -> &'static str {
        match self {
            Rule::OperationAdded | Rule::TypeAdded => "item-new",
            Rule::OperationRemoved
            | Rule::OperationRenamed
            | Rule::OptionalParamRemoved
            | Rule::BodyRemoved
            | Rule::PaginationLost
            | Rule::ResponseHeadersLost
            | Rule::ResponseHeaderRemoved
            | Rule::TypeRemoved
            | Rule::TypeRenamed
            | Rule::TypeKindChanged
            | Rule::FieldRemoved
            | Rule::DefaultLost
            | Rule::NoLongerInRequests
            | Rule::EnumValueRemoved
            | Rule::UnionMemberRemoved
            | Rule::ErrorVariantRemoved => "item-remove",
            Rule::RequiredParamAdded
            | Rule::RequiredBodyAdded
            | Rule::BodyBecameRequired
            | Rule::BodyBecameOptional
            | Rule::RequiredParamRemoved
            | Rule::ParamBecameRequired
            | Rule::ParamBecameOptional
            | Rule::RequiredFieldAddedToRequest
            | Rule::FieldBecameOptionalInRequests
            | Rule::FieldBecameRequiredInRequests => "fn-change-arity",
            Rule::OptionalParamAdded | Rule::BodyAdded | Rule::NowInRequests | Rule::ResponseHeaderAdded => {
                "impl-item-new"
            }
            Rule::ParamTypeChanged
            | Rule::RequiredParamsReordered
            | Rule::BodyTypeChanged
            | Rule::ResponseTypeChanged
            | Rule::ResponseHeadersGained
            | Rule::ResponseHeaderChanged
            | Rule::ErrorTypeChanged => "fn-generalize-mismatch",
            Rule::ErrorBodyChanged
            | Rule::AliasTargetChanged
            | Rule::FieldTypeChanged
            | Rule::FieldBecameOptionalInResponses
            | Rule::FieldBecameRequiredInResponses => "generic-generalize-different",
            Rule::PaginationItemChanged => "trait-item-signature",
            Rule::PaginationGained | Rule::DefaultGained => "RFC 1105: implementing a non-fundamental trait",
            Rule::OptionalFieldAdded | Rule::RequiredFieldAddedToResponse => {
                "struct-add-public-field-when-no-private, non_exhaustive"
            }
            Rule::EnumValueAdded | Rule::UnionMemberAdded | Rule::ErrorVariantAdded => {
                "enum-variant-new, non_exhaustive"
            }
            Rule::UnionMemberTypeChanged | Rule::ErrorVariantTypeChanged => "enum-fields-new",
            Rule::OperationRouteChanged
            | Rule::ParamWireChanged
            | Rule::BodyMediaTypeChanged
            | Rule::ResponseMediaTypeChanged
            | Rule::ErrorStatusesAdded
            | Rule::ErrorStatusesRemoved
            | Rule::ScopeAdded
            | Rule::ScopeRemoved
            | Rule::FieldWireChanged
            | Rule::EnumValueWireChanged
            | Rule::UnionTagChanged => "RFC 1105: behavioral changes",
            Rule::SuccessStatusChanged => "test-util: outside the semver promise",
        }
    }
}
