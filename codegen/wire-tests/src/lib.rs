//! Generated code for some of the generator's fixture specs (`codegen/tests/fixtures`), one module
//! per spec, each exactly what a generated crate holds in `src/generated/`. `cargo xtask generate`
//! writes them (the list is `WIRE_FIXTURES` in `xtask/src/generate.rs`) and `--check` keeps them
//! current (a module is named after its spec, plus `_api`); the tests in `tests/` send their requests to a mock server and check the wire format of
//! what the generator emits for constructs the Orchestration spec does not use.

#[path = "generated/operations/mod.rs"]
#[rustfmt::skip]
pub mod operations_api;

#[path = "generated/bodies/mod.rs"]
#[rustfmt::skip]
pub mod bodies_api;

#[path = "generated/one_of_inline_discriminator/mod.rs"]
#[rustfmt::skip]
pub mod one_of_inline_discriminator_api;

#[path = "generated/all_of_non_object/mod.rs"]
#[rustfmt::skip]
pub mod all_of_non_object_api;

#[path = "generated/name_collisions/mod.rs"]
#[rustfmt::skip]
pub mod name_collisions_api;

#[path = "generated/object_params/mod.rs"]
#[rustfmt::skip]
pub mod object_params_api;

#[path = "generated/union_params/mod.rs"]
#[rustfmt::skip]
pub mod union_params_api;

#[path = "generated/errors_per_operation/mod.rs"]
#[rustfmt::skip]
pub mod errors_per_operation_api;

#[path = "generated/operation_groups/mod.rs"]
#[rustfmt::skip]
pub mod operation_groups_api;

#[path = "generated/constructors/mod.rs"]
#[rustfmt::skip]
pub mod constructors_api;

/// Generated models are `#[non_exhaustive]`: outside the crate, a struct literal does not compile
/// (users call `new` and the setters) and neither does a match without a `_` arm.
///
/// ```compile_fail,E0639
/// use codegen_wire_tests::constructors_api::models::Party;
/// let party = Party { id: "p".to_owned(), label: None };
/// ```
///
/// ```compile_fail,E0004
/// use codegen_wire_tests::constructors_api::models::Kind;
/// fn label(kind: Kind) -> &'static str {
///     match kind {
///         Kind::Instant => "instant",
///         Kind::Standard => "standard",
///         Kind::Unknown(_) => "unknown",
///     }
/// }
/// ```
///
/// ```compile_fail,E0004
/// use codegen_wire_tests::constructors_api::models::Shape;
/// fn label(shape: Shape) -> &'static str {
///     match shape {
///         Shape::Party(_) => "party",
///         Shape::Receipt(_) => "receipt",
///         Shape::Unknown(_) => "unknown",
///     }
/// }
/// ```
#[cfg(doctest)]
struct NonExhaustiveModels;

/// `Default` only where nothing is required: a model with a required field, whether users build it
/// (`Transfer`) or only read it (`Receipt`), has no `Default` that would hide the field (an empty
/// reference, an amount of 0) or one a later version adds. A model whose fields are all optional has
/// one (`Empty::default()`, in `tests/constructors.rs`).
///
/// ```compile_fail,E0599
/// use codegen_wire_tests::constructors_api::models::Transfer;
/// let transfer = Transfer::default();
/// ```
///
/// ```compile_fail,E0599
/// use codegen_wire_tests::constructors_api::models::Receipt;
/// let receipt = Receipt::default();
/// ```
#[cfg(doctest)]
struct DefaultOnlyWithoutRequiredFields;
