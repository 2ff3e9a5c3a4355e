//! What depending on the generated crate costs: `cargo check` and a dev
//! `cargo build` of the crates generated from both 2020 docs trees, with no
//! area, one small area (`users`), the largest (`devices_and_apps`, Intune) and
//! every area, next to graph-rs-sdk 3.0.1 from crates.io, in the same run.
//!
//! `cargo bench -p graphgen-tests --bench compile_time`
//!
//! It generates both trees into `target/compile-bench/` (a workspace of its
//! own, with the graph-rs-sdk crate beside them), builds the dependencies once,
//! then times each crate alone (`CARGO_INCREMENTAL=0`): ours after touching its
//! `lib.rs`, graph-rs-sdk after `cargo clean -p graph-rs-sdk`. Each figure is
//! given as the range over the runs, and as its ratio to graph-rs-sdk's figure
//! of the same run. Environment: `BENCH_RUNS` (3), `BENCH_TREES` (`v1,beta`),
//! `BENCH_MODES` (`check,build`), `BENCH_AREAS` (`none,users,devices_and_apps,full`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const GRAPH_RS_SDK: &str = "3.0.1";

fn env_list(name: &str, default: &str) -> Vec<String> {
    std::env::var(name).unwrap_or_else(|_| default.to_owned()).split(',').map(str::to_owned).collect()
}

fn main() {
    let root = graphgen_tests::workspace();
    let root = root.canonicalize().unwrap_or(root);
    let bench = root.join("target/compile-bench");
    let corpus = root.join("../shared/corpus/msgraph-docs-2020/api-reference");
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let trees = env_list("BENCH_TREES", "v1,beta");
    let modes = env_list("BENCH_MODES", "check,build");
    let areas = env_list("BENCH_AREAS", "none,users,devices_and_apps,full");

    for tree in &trees {
        let folder = if tree == "v1" { "v1.0" } else { tree.as_str() };
        let started = Instant::now();
        let run =
            graphgen_tests::generate_crate(&corpus.join(folder), folder, &format!("msgraph-{tree}"), &bench.join(tree))
                .unwrap_or_else(|e| {
                    eprintln!("{e}; is ../shared/ beside the project?");
                    std::process::exit(1);
                });
        println!(
            "generated {tree} ({} types, {} operations) in {:?}",
            run.ir.types.len(),
            run.ir.operations.len(),
            started.elapsed()
        );
    }
    let graph_rs = bench.join("graph-rs");
    write(
        &graph_rs.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"graph-rs-bench\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[lib]\npath = \"lib.rs\"\n\n[dependencies]\ngraph-rs-sdk = \"={GRAPH_RS_SDK}\"\n"
        ),
    );
    write(&graph_rs.join("lib.rs"), "pub use graph_rs_sdk;\n");
    let members: Vec<String> = trees.iter().map(|t| format!("{t:?}")).chain(["\"graph-rs\"".to_owned()]).collect();
    write(&bench.join("Cargo.toml"), &format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")));
    // Shared dependencies resolve as the project's do.
    if !bench.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), bench.join("Cargo.lock"));
    }

    let cargo = Cargo { dir: bench.clone() };
    for mode in &modes {
        // Dependencies once: graph-rs-sdk's tree, and the runtime without transports.
        cargo.run(mode, "graph-rs-bench", &[]);
        for tree in &trees {
            cargo.run(mode, &format!("msgraph-{tree}"), &["--no-default-features"]);
        }
        let mut rows: Vec<(String, Vec<Duration>, Vec<f64>)> = Vec::new();
        for _ in 0..runs {
            cargo.clean("graph-rs-sdk");
            let theirs = cargo.run(mode, "graph-rs-bench", &[]);
            push(&mut rows, format!("graph-rs-sdk {GRAPH_RS_SDK}"), theirs, 1.0);
            for tree in &trees {
                for area in &areas {
                    let features: Vec<&str> = match area.as_str() {
                        "none" => vec!["--no-default-features"],
                        area => vec!["--no-default-features", "--features", area],
                    };
                    touch(&bench.join(tree).join("src/lib.rs"));
                    let ours = cargo.run(mode, &format!("msgraph-{tree}"), &features);
                    let label = if area == "full" { "all areas".to_owned() } else { area.clone() };
                    push(&mut rows, format!("{tree} {label}"), ours, ours.as_secs_f64() / theirs.as_secs_f64());
                }
            }
        }
        println!("\ncargo {mode} ({runs} runs, CARGO_INCREMENTAL=0, dependencies built)");
        println!("{:<34} {:>17} {:>17}", "crate", "seconds", "x graph-rs-sdk");
        for (label, times, ratios) in rows {
            let secs: Vec<f64> = times.iter().map(Duration::as_secs_f64).collect();
            println!("{label:<34} {:>17} {:>17}", range(&secs, 1), range(&ratios, 2));
        }
    }
}

fn push(rows: &mut Vec<(String, Vec<Duration>, Vec<f64>)>, label: String, time: Duration, ratio: f64) {
    match rows.iter_mut().find(|r| r.0 == label) {
        Some(row) => {
            row.1.push(time);
            row.2.push(ratio);
        }
        None => rows.push((label, vec![time], vec![ratio])),
    }
}

fn range(values: &[f64], digits: usize) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(0.0, f64::max);
    if values.len() == 1 || (max - min).abs() < 10f64.powi(-(digits as i32)) {
        format!("{min:.digits$}")
    } else {
        format!("{min:.digits$}–{max:.digits$}")
    }
}

struct Cargo {
    dir: PathBuf,
}

impl Cargo {
    fn command(&self) -> Command {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .current_dir(&self.dir)
            .env("CARGO_INCREMENTAL", "0")
            .env("CARGO_TARGET_DIR", self.dir.join("target"))
            .env_remove("RUSTFLAGS");
        command
    }

    /// `cargo check` or `cargo build` of one package; the wall time.
    fn run(&self, mode: &str, package: &str, args: &[&str]) -> Duration {
        let started = Instant::now();
        let status = self.command().args([mode, "-q", "-p", package]).args(args).status().expect("cargo runs");
        let took = started.elapsed();
        if !status.success() {
            eprintln!("cargo {mode} -p {package} {} failed", args.join(" "));
            std::process::exit(1);
        }
        took
    }

    fn clean(&self, package: &str) {
        let _ = self.command().args(["clean", "-q", "-p", package]).status();
    }
}

fn write(path: &Path, text: &str) {
    graphgen_tests::write_if_changed(path, text.as_bytes()).expect("the bench folder is writable");
}

fn touch(path: &Path) {
    let file = std::fs::File::options().append(true).open(path).expect("the generated lib.rs exists");
    file.set_modified(std::time::SystemTime::now()).expect("its time can be set");
}
