//! `generate`: our generator against progenitor's, from the same spec text to formatted source, in
//! this process: YAML parse, analysis, tokens, formatting. progenitor in its builder style (the
//! closest to ours) and its positional style.

use std::time::Duration;

use bench_progenitor::Style;

use crate::report::{Figure, Unit};
use crate::rounds::{self, Clock, Side};

pub fn figures(spec: &str, rounds: usize) -> Result<Vec<Figure>, String> {
    let ours = codegen::generate(spec, &crate::sdk_options::SDK_OPTIONS).map_err(|e| format!("our generator: {e}"))?;
    let builder = bench_progenitor::generate(spec, Style::Builder)?;
    let positional = bench_progenitor::generate(spec, Style::Positional)?;
    println!(
        "progenitor: given the spec with its {} `default` responses replaced by `4XX` and `5XX` (in memory; \
         it panics on `default`)",
        builder.defaults_replaced
    );
    let ours_lines: usize = ours.files.iter().map(|f| f.contents.lines().count()).sum();
    let lines = |source: &str| source.lines().count();

    let target = Duration::from_millis(200);
    let mut sides: Vec<Side<'_>> = vec![
        rounds::timed(Clock::ThreadCpu, target, || codegen::generate(spec, &crate::sdk_options::SDK_OPTIONS)),
        rounds::timed(Clock::ThreadCpu, target, || bench_progenitor::generate(spec, Style::Builder)),
        rounds::timed(Clock::ThreadCpu, target, || bench_progenitor::generate(spec, Style::Positional)),
    ];
    let measured = rounds::interleave(rounds, &mut sides);
    let sizes = |peer: usize| format!("output: ours {ours_lines} lines, progenitor {peer} lines");
    Ok(vec![
        Figure::new(
            "generate/progenitor-builder",
            "progenitor, builder style",
            Unit::Millis,
            &measured[0],
            &measured[1],
        )
        .clock(Clock::ThreadCpu)
        .note(sizes(lines(&builder.source))),
        Figure::new(
            "generate/progenitor-positional",
            "progenitor, positional style",
            Unit::Millis,
            &measured[0],
            &measured[2],
        )
        .clock(Clock::ThreadCpu)
        .note(sizes(lines(&positional.source))),
    ])
}
