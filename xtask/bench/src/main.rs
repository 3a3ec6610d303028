//! `cargo xtask bench`: our SDK and generator against progenitor (and plain reqwest + serde_json),
//! figure by figure, each side measured in the same interleaved rounds. Prints one line per figure,
//! `name: ours=<x><unit> peer=<y><unit> ratio=<r> (min/median/max)`, and writes the same as JSON.
//!
//! Usage: `formance-bench --root <repository> [--out <dir>] [--rounds <n>] [--only <group>,...]`,
//! or `formance-bench profile <workload> <iterations>` to run one side alone under a profiler
//! (valgrind --tool=callgrind, perf). `cargo xtask bench` builds this in release and runs it.

mod alloc;
mod call_overhead;
mod data;
mod decode;
mod generate;
mod paginate;
mod profile;
mod report;
mod rounds;
mod sdk_build;
#[path = "../../src/sdk_options.rs"]
mod sdk_options;
mod server;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use report::Figure;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

/// The groups of figures, in the order they run, with their default number of rounds.
const GROUPS: [(&str, usize); 5] =
    [("generate", 15), ("call_overhead", 30), ("decode_10k", 15), ("paginate_memory", 21), ("sdk_build", 7)];

const SPEC: &str = "spec/orchestration-v2.yaml";

/// What `bench.json` holds.
#[derive(Debug, serde::Serialize)]
struct Report<'a> {
    load_average_at_start: &'a str,
    seconds: f64,
    figures: &'a [Figure],
}

#[derive(Debug)]
struct Options {
    root: PathBuf,
    out: PathBuf,
    rounds: Option<usize>,
    only: Option<Vec<String>>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut root = None;
    let mut out = None;
    let mut rounds = None;
    let mut only = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg}: missing value"));
        match arg.as_str() {
            "--root" => root = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--rounds" => rounds = Some(value()?.parse().map_err(|_| "--rounds: expected a number".to_owned())?),
            "--only" => {
                let groups: Vec<String> = value()?.split(',').map(str::to_owned).collect();
                if let Some(unknown) = groups.iter().find(|g| !GROUPS.iter().any(|(name, _)| name == g)) {
                    return Err(format!("--only: no figure group {unknown:?}; groups: {:?}", GROUPS.map(|(n, _)| n)));
                }
                only = Some(groups);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let root = root.ok_or("--root <repository> is required")?;
    let out = out.unwrap_or_else(|| root.join("target").join("bench"));
    Ok(Options { root, out, rounds, only })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("profile") => profile::run(&args[1..]),
        _ => parse(&args).and_then(|options| run(&options)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let spec_path = options.root.join(SPEC);
    let spec = std::fs::read_to_string(&spec_path).map_err(|e| format!("{}: {e}", spec_path.display()))?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "ours / peer, medians and ratios of interleaved rounds (ratio < 1: ours is faster or smaller); \
         {} cores, load average at start {}\n\
         times: CPU time of the measuring thread for generate and decode_10k (one thread's work, not \
         inflated by other processes), wall time for call_overhead and sdk_build",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    );
    let mut figures: Vec<Figure> = Vec::new();
    for (group, default_rounds) in GROUPS {
        if options.only.as_ref().is_some_and(|only| !only.iter().any(|g| g == group)) {
            continue;
        }
        let rounds = options.rounds.unwrap_or(default_rounds);
        let group_started = Instant::now();
        let new = match group {
            "generate" => generate::figures(&spec, rounds)?,
            "call_overhead" => call_overhead::figures(rounds)?,
            "decode_10k" => decode::figures(rounds)?,
            "paginate_memory" => vec![paginate::figure(rounds)?],
            _ => vec![sdk_build::figure(&options.root, &spec, rounds)?],
        };
        for figure in &new {
            println!("{}", figure.line());
        }
        println!("[{group}: {rounds} rounds in {:.1}s]", group_started.elapsed().as_secs_f64());
        figures.extend(new);
    }
    let seconds = started.elapsed().as_secs_f64();
    std::fs::create_dir_all(&options.out).map_err(|e| format!("{}: {e}", options.out.display()))?;
    let path = options.out.join("bench.json");
    let report = Report { load_average_at_start: load.trim(), seconds, figures: &figures };
    std::fs::write(&path, serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n")
        .map_err(|e| format!("{}: {e}", path.display()))?;
    println!("{} figures in {seconds:.0}s; written to {}", figures.len(), path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options() {
        let options = parse(&args("--root /r --only generate,sdk_build --rounds 3")).unwrap();
        assert_eq!(options.out, PathBuf::from("/r/target/bench"));
        assert_eq!(options.rounds, Some(3));
        assert_eq!(options.only.unwrap(), ["generate", "sdk_build"]);
        assert!(parse(&args("--root /r --only decode")).unwrap_err().contains("no figure group \"decode\""));
        assert!(parse(&args("--only generate")).is_err());
        assert!(parse(&args("--root")).is_err());
    }
}
