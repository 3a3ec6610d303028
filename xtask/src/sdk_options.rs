//! The Orchestration SDK's generation options, recorded here once and used by `cargo xtask
//! generate`, `--check`, the mock and the benchmark (which includes this file by path).

use codegen::Options;

/// The Orchestration SDK's generation options: its crate name, the path prefix of the Formance
/// gateway, and the product of its user agent (the official SDKs' naming).
pub const SDK_OPTIONS: Options<'static> = Options {
    crate_name: "formance-orchestration",
    api_prefix: "/api/orchestration",
    user_agent_product: Some("formance-orchestration-rust"),
};
