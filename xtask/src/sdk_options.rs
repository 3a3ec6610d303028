//! The Orchestration SDK's generation options, recorded here once and used by `cargo xtask
//! generate`, `--check`, the mock and the benchmark (which includes this file by path).

use codegen::Options;

/// The Orchestration SDK's generation options: its crate name, the path prefix of the Formance
/// gateway, the product of its user agent (the official SDKs' naming), the types its
/// hand-written code sends, and the prefix of its environment variables.
pub const SDK_OPTIONS: Options<'static> = Options {
    crate_name: "formance-orchestration",
    api_prefix: "/api/orchestration",
    user_agent_product: Some("formance-orchestration-rust"),
    // The typed workflow stages of `sdk/src/workflow_ext.rs`: the spec shows them in responses only
    // (an instance's history), but users send them inside `V2WorkflowConfig.stages`.
    sent_types: &["V2StageSend", "V2StageDelay", "V2StageWaitEvent", "V2Update"],
    root_path: None,
    // `FORMANCE_SERVER_URL`, `FORMANCE_CLIENT_ID`...: the names Formance's tools and the examples
    // have always read, rather than `FORMANCE_ORCHESTRATION_...` from the crate name.
    env_prefix: Some("FORMANCE_"),
};
