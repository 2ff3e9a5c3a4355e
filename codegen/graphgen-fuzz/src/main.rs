//! `cargo run --release -p graphgen-fuzz -- [--iterations N] [--seed S] [--seconds T]
//! [--corpus-sample K] [--limit-ms MS] [--save DIR] [--keep-going] [--replay FILE...]`
//!
//! Mutates real pages and drives them through the whole pipeline; failing
//! cases are written to `--save` (default `target/fuzz-failures`) as one file
//! each, in the form `tests/fixtures/fuzz-regressions/` keeps them.

use graphgen_fuzz::{Session, check_with_timeout, decode_case, fuzz, install_panic_hook, load_seeds, workspace};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let mut session = Session {
        seed: 1,
        iterations: u64::MAX,
        duration: None,
        limit: Duration::from_secs(10),
        save_to: Some(workspace().join("target/fuzz-failures")),
        stop_on_failure: true,
    };
    let mut corpus_sample = 400usize;
    let mut replay: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--iterations" => session.iterations = value().parse().unwrap_or(u64::MAX),
            "--seed" => session.seed = value().parse().unwrap_or(1),
            "--seconds" => session.duration = value().parse().ok().map(Duration::from_secs),
            "--limit-ms" => session.limit = Duration::from_millis(value().parse().unwrap_or(10_000)),
            "--corpus-sample" => corpus_sample = value().parse().unwrap_or(400),
            "--save" => session.save_to = Some(PathBuf::from(value())),
            "--keep-going" => session.stop_on_failure = false,
            "--replay" => replay.push(PathBuf::from(value())),
            "--help" | "-h" => {
                println!(
                    "graphgen-fuzz [--iterations N] [--seed S] [--seconds T] [--corpus-sample K] [--limit-ms MS] [--save DIR] [--keep-going] [--replay FILE]..."
                );
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("unknown argument {other}");
                return ExitCode::from(2);
            }
        }
    }
    install_panic_hook();
    if !replay.is_empty() {
        let mut failed = false;
        for file in replay {
            let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap_or_default()).into_owned();
            let name = file.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned());
            let (pages, include) = decode_case(&name, &text);
            match check_with_timeout(pages, include, session.limit) {
                Ok(_) => println!("{}: ok", file.display()),
                Err(e) => {
                    failed = true;
                    println!("{}: {e}", file.display());
                }
            }
        }
        return if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS };
    }
    let seeds = load_seeds(corpus_sample);
    println!("graphgen-fuzz: {} seed pages, seed {}", seeds.len(), session.seed);
    let report = fuzz(&seeds, &session, |r| {
        let rate = r.cases as f64 / r.elapsed.as_secs_f64().max(1e-9);
        println!("  {} cases in {:.0?} ({rate:.0}/s), {} failures", r.cases, r.elapsed, r.failures.len());
    });
    let rate = report.cases as f64 / report.elapsed.as_secs_f64().max(1e-9);
    println!(
        "graphgen-fuzz: {} cases in {:.1?} ({rate:.0} cases/s), {} operations generated, {} failures",
        report.cases,
        report.elapsed,
        report.operations,
        report.failures.len()
    );
    for (name, failure) in &report.failures {
        println!("  {name}: {failure}");
    }
    if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
