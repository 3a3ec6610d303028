//! `formance-bench profile <workload> <iterations>`: one side of a figure alone, repeated, for a
//! profiler to look into (`valgrind --tool=callgrind`, `perf record`), without the other sides
//! and the harness in the way.

use std::hint::black_box;

use bench_progenitor::Style;
use formance_orchestration::models;
use progenitor_peer::types as peer;

use crate::{call_overhead, data};

const WORKLOADS: &str = "generate-ours, generate-builder, generate-positional, \
    decode-{instances,instance_history,stage_history}-{ours,progenitor,value}, call-ours, call-plain (sequential), \
    call-ours-c32, call-plain-c32 (one burst of 32 tasks making 8 calls each per iteration)";

pub fn run(args: &[String]) -> Result<(), String> {
    let [workload, iterations] = args else {
        return Err(format!("usage: formance-bench profile <workload> <iterations>\nworkloads: {WORKLOADS}"));
    };
    let iterations: u64 = iterations.parse().map_err(|_| "iterations: expected a number".to_owned())?;
    let spec = include_str!("../../../spec/orchestration-v2.yaml");
    let instances = || data::instances_page((0..10_000).map(data::instance).collect(), false, None).to_vec();
    let history = || data::data_list(10_000, data::instance_history_item);
    let stages = || data::data_list(10_000, data::stage_history_item);
    let mut work: Box<dyn FnMut()> = match workload.as_str() {
        "generate-ours" => Box::new(|| drop(black_box(codegen::generate(spec, &crate::sdk_options::SDK_OPTIONS)))),
        "generate-builder" => Box::new(|| drop(black_box(bench_progenitor::generate(spec, Style::Builder)))),
        "generate-positional" => Box::new(|| drop(black_box(bench_progenitor::generate(spec, Style::Positional)))),
        "decode-instances-ours" => decoding::<models::V2ListRunsResponse>(instances()),
        "decode-instances-progenitor" => decoding::<peer::V2ListRunsResponse>(instances()),
        "decode-instances-value" => decoding::<serde_json::Value>(instances()),
        "decode-instance_history-ours" => decoding::<models::V2GetWorkflowInstanceHistoryResponse>(history()),
        "decode-instance_history-progenitor" => decoding::<peer::V2GetWorkflowInstanceHistoryResponse>(history()),
        "decode-instance_history-value" => decoding::<serde_json::Value>(history()),
        "decode-stage_history-ours" => decoding::<models::V2GetWorkflowInstanceHistoryStageResponse>(stages()),
        "decode-stage_history-progenitor" => decoding::<peer::V2GetWorkflowInstanceHistoryStageResponse>(stages()),
        "decode-stage_history-value" => decoding::<serde_json::Value>(stages()),
        "call-ours" => {
            let setup = call_overhead::Setup::new()?;
            Box::new(move || drop(black_box(setup.sdk_call())))
        }
        "call-plain" => {
            let setup = call_overhead::Setup::new()?;
            Box::new(move || drop(black_box(setup.plain_call())))
        }
        "call-ours-c32" => {
            let setup = call_overhead::Setup::new()?;
            Box::new(move || setup.sdk_burst())
        }
        "call-plain-c32" => {
            let setup = call_overhead::Setup::new()?;
            Box::new(move || setup.plain_burst())
        }
        other => return Err(format!("no workload {other:?}; workloads: {WORKLOADS}")),
    };
    for _ in 0..iterations {
        work();
    }
    Ok(())
}

fn decoding<T: serde::de::DeserializeOwned>(bytes: Vec<u8>) -> Box<dyn FnMut()> {
    Box::new(move || drop(black_box(serde_json::from_slice::<T>(&bytes).expect("decode"))))
}
