//! Generated code for some of the generator's fixture specs (`codegen/tests/fixtures`), one module
//! per spec, each exactly what a generated crate holds in `src/generated/`. `cargo xtask generate`
//! writes them (the list is `WIRE_FIXTURES` in `xtask/src/generate.rs`) and `--check` keeps them
//! current (a module is named after its spec, plus `_api`); the tests in `tests/` send their requests to a mock server and check the wire format of
//! what the generator emits for constructs the Orchestration spec does not use.

#[path = "generated/operations/mod.rs"]
#[rustfmt::skip]
pub mod operations_api;

#[path = "generated/errors_per_operation/mod.rs"]
#[rustfmt::skip]
pub mod errors_per_operation_api;

#[path = "generated/operation_groups/mod.rs"]
#[rustfmt::skip]
pub mod operation_groups_api;
