//! The code generated from every fixture spec of the generator (`codegen/tests/fixtures`), one module
//! per spec (`<spec>_api`), each exactly what a generated crate holds in `src/generated/`. These
//! checked-in modules are the generator's snapshots: `cargo xtask generate` writes them (with the
//! index `generated/mod.rs`, from the fixture folder: there is no other list), `--check` keeps them
//! current, this crate must compile them without warnings, and the tests in `tests/` send their
//! requests to a mock server and check the wire format of what the generator emits.

// The `deep_nesting` fixture's types nest deeper than rustc follows by default; `cargo xtask
// generate` fails when this is less than the fixtures need.
#![recursion_limit = "512"]
// Every public item of the generated modules has a doc, the spec's or the generator's.
#![deny(missing_docs)]

#[rustfmt::skip]
mod generated;
pub use generated::*;

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

/// Several required fields are named, never positional: `new` takes the model's required-fields
/// struct, whose literal names each field, so a call with the values in a row does not compile, nor
/// one that leaves a required field out. One required field stays `new`'s argument (`Party::new`).
///
/// ```compile_fail,E0061
/// use codegen_wire_tests::constructors_api::models::{Party, Transfer};
/// let transfer = Transfer::new("ref-1", 2500, Party::new("p-1"));
/// ```
///
/// ```compile_fail,E0063
/// use codegen_wire_tests::constructors_api::models::{Party, Transfer, TransferRequired};
/// let transfer = Transfer::new(TransferRequired { reference: "ref-1", destination: Party::new("p-1") });
/// ```
///
/// ```
/// use codegen_wire_tests::constructors_api::models::{Party, Transfer, TransferRequired};
/// let transfer = Transfer::new(TransferRequired { reference: "ref-1", amount: 2500, destination: Party::new("p-1") });
/// assert_eq!(transfer.reference, "ref-1");
/// ```
#[cfg(doctest)]
struct RequiredFieldsAreNamed;

/// The tag of a discriminated union's member is the variant's: not a field, nor `new`'s argument.
///
/// ```compile_fail,E0609
/// use codegen_wire_tests::one_of_discriminator_api::models::BulkRevert;
/// let revert = BulkRevert::new();
/// let action = revert.action;
/// ```
#[cfg(doctest)]
struct UnionMembersHaveNoTagField;

/// A request body the spec marks `required: true` is an argument of the client method, after the
/// path parameters: a call without it does not compile (it used to fail at `send()` with
/// `InvalidRequest`), and there is no `.body()` setter to forget. An optional body stays a setter.
///
/// ```compile_fail,E0061
/// # async fn call(client: codegen_wire_tests::bodies_api::Client) {
/// let _ = client.add_note().send().await;
/// # }
/// ```
///
/// ```
/// # async fn call(client: codegen_wire_tests::bodies_api::Client) {
/// use codegen_wire_tests::bodies_api::models::Note;
/// let _ = client.add_note(Note::new("n")).send().await;
/// let _ = client.upload_chunk("file-1", &b"bytes"[..]).send().await;
/// // Optional: a setter.
/// let _ = client.replace_file("file-1").send().await;
/// # }
/// ```
#[cfg(doctest)]
struct RequiredBodiesAreArguments;

/// The models only read in responses have no constructor unless the crate's `test-util` feature is
/// on (`tests/test_util.rs` builds them with it): users read them, tests decode or build them.
///
/// ```compile_fail,E0599
/// use codegen_wire_tests::constructors_api::models::Receipt;
/// let receipt = Receipt::new("r-1");
/// ```
#[cfg(all(doctest, not(feature = "test-util")))]
struct ResponseModelsHaveNoConstructor;
