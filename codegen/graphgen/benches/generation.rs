//! Generation throughput over the docs corpus, next to the floor: reading the
//! same files and running pulldown-cmark over them without doing anything else.
//!
//! Columns: `floor` (one thread), `read` (reading + page models, one thread),
//! `IR` (docs to IR, all threads: what `--emit-ir` needs), `total` (the whole run
//! without writing, all threads), and the two ratios to the floor.
//!
//! `cargo bench -p graphgen --bench generation [-- DIR...]`; without arguments it
//! measures `../shared/corpus/msgraph-docs-2020/api-reference/{beta,v1.0}` and
//! `../shared/corpus/msgraph-docs-current`. Each figure is the best of 5 runs.

use graphgen::pipeline::{self, FsIncludes};
use graphgen::{Generator, Input, Settings};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 5;

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let value = f();
        best = best.min(start.elapsed());
        last = Some(value);
    }
    (best, last.expect("RUNS > 0"))
}

fn read_all(root: &Path, files: &[String]) -> Vec<(String, String)> {
    files
        .iter()
        .filter_map(|rel| {
            let bytes = std::fs::read(root.join(rel)).ok()?;
            Some((rel.clone(), String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect()
}

fn floor(root: &Path, files: &[String]) -> usize {
    let mut events = 0;
    for (_, text) in read_all(root, files) {
        let parser = pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::all()).into_offset_iter();
        events += parser.count();
    }
    events
}

fn main() {
    // Measured as the binary's worker runs: with mimalloc keeping freed memory (see `cli`).
    if std::env::var_os(graphgen::cli::ALLOCATOR_PURGE_ENV).is_none() {
        let exe = std::env::current_exe().expect("the bench knows its path");
        let status = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env(graphgen::cli::ALLOCATOR_PURGE_ENV, "-1")
            .status()
            .expect("the bench runs again");
        std::process::exit(status.code().unwrap_or(1));
    }
    let args: Vec<PathBuf> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).map(PathBuf::from).collect();
    let dirs = if args.is_empty() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
        vec![
            corpus.join("msgraph-docs-2020/api-reference/beta"),
            corpus.join("msgraph-docs-2020/api-reference/v1.0"),
            corpus.join("msgraph-docs-current"),
        ]
    } else {
        args
    };
    let generator = Generator::new(Settings { crate_name: "bench".into(), ..Settings::default() });
    println!(
        "{:<48} {:>6} {:>7} {:>9} {:>9} {:>9} {:>9} {:>8} {:>7} {:>9}",
        "tree", "pages", "MB", "floor ms", "read ms", "IR ms", "total ms", "IR ratio", "ratio", "pages/s"
    );
    for dir in dirs {
        let Ok(files) = graphgen::specs::discover(&dir) else {
            println!("{}: not found, skipped", dir.display());
            continue;
        };
        let bytes: u64 = files.iter().filter_map(|f| std::fs::metadata(dir.join(f)).ok()).map(|m| m.len()).sum();
        let (floor_time, _) = best(|| floor(&dir, &files));
        // Reading + page models only (what the floor does, plus understanding the pages).
        let includes = FsIncludes::new(&dir);
        let (read_time, _) = best(|| {
            let texts = read_all(&dir, &files);
            texts.iter().map(|(p, t)| pipeline::process_page(p, t, &includes).0.page.is_some() as usize).sum::<usize>()
        });
        // Docs to IR on all threads: read, model, lower (what --emit-ir needs).
        let (ir_time, _) = best(|| generator.analyse(Input::Folder(&dir)).expect("readable"));
        // The whole run: read, model, lower, emit (no write).
        let (total, run) = best(|| generator.generate(Input::Folder(&dir)).expect("readable"));
        let mb = bytes as f64 / 1e6;
        let name = dir.display().to_string();
        let name = if name.len() > 48 { format!("…{}", &name[name.len() - 47..]) } else { name };
        println!(
            "{:<48} {:>6} {:>7.1} {:>9.0} {:>9.0} {:>9.0} {:>9.0} {:>7.1}x {:>6.1}x {:>9.0}",
            name,
            run.summary.pages_read,
            mb,
            floor_time.as_secs_f64() * 1e3,
            read_time.as_secs_f64() * 1e3,
            ir_time.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3,
            ir_time.as_secs_f64() / floor_time.as_secs_f64(),
            total.as_secs_f64() / floor_time.as_secs_f64(),
            run.summary.pages_read as f64 / total.as_secs_f64(),
        );
        println!(
            "    {:.1} MB/s generation, {:.1} MB/s floor",
            mb / total.as_secs_f64(),
            mb / floor_time.as_secs_f64()
        );
    }
}
