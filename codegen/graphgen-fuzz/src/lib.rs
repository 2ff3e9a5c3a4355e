//! A structured fuzzer for graphgen that runs on stable Rust (no libFuzzer):
//! real pages are mutated (lines spliced between pages, table cells dropped or
//! duplicated, truncation, hostile tokens, random characters, deep nesting of
//! every construct, request path segments and table rows repeated past the
//! bounds of `graphgen::limits`, chains and cycles of base types)
//! and driven through [`graphgen::pipeline::process_page`] and the whole
//! page → IR → emit path ([`graphgen::Generator::generate`]).
//!
//! An input fails when anything panics (also a panic that `process_page`
//! caught and turned into an `internal-error` diagnostic), when emit reports
//! an internal error, when a generated `.rs` file does not parse with
//! `syn::parse_file`, or when it takes longer than the time bound.

mod check;
mod mutate;

pub use check::{
    Failure, FixedIncludes, Outcome, check, check_with_timeout, decode_case, encode_case, install_panic_hook, lint,
};
pub use mutate::{HOSTILE, base_type_chain, generate, mutate_once};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// splitmix64: small, fast, reproducible from one seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`0` when `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One input page: specs-relative path and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seed {
    pub path: String,
    pub text: String,
}

/// The workspace root (the fuzz crate lives in `codegen/graphgen-fuzz/`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_tree(root: &Path, every: usize, limit: usize, out: &mut Vec<Seed>) {
    let Ok(files) = graphgen::specs::discover(root) else { return };
    for rel in files.iter().step_by(every.max(1)).take(limit) {
        if let Ok(bytes) = std::fs::read(root.join(rel)) {
            out.push(Seed { path: rel.clone(), text: String::from_utf8_lossy(&bytes).into_owned() });
        }
    }
}

/// Seeds: the committed `specs/`, the current-format corpus pages, and an
/// evenly spaced sample of `corpus_sample` pages of the 2020 corpus (when
/// `../shared/corpus` exists), plus the regression inputs.
pub fn load_seeds(corpus_sample: usize) -> Vec<Seed> {
    let ws = workspace();
    let mut seeds = Vec::new();
    read_tree(&ws.join("specs"), 1, usize::MAX, &mut seeds);
    read_tree(&ws.join("tests/fixtures/injection"), 1, usize::MAX, &mut seeds);
    let corpus = ws.join("../shared/corpus");
    if corpus_sample > 0 && corpus.is_dir() {
        read_tree(&corpus.join("msgraph-docs-current"), 1, usize::MAX, &mut seeds);
        let old = corpus.join("msgraph-docs-2020/api-reference");
        let count = graphgen::specs::discover(&old).map_or(0, |f| f.len());
        if count > 0 {
            read_tree(&old, count / corpus_sample.max(1), corpus_sample, &mut seeds);
        }
    }
    seeds
}

/// Settings of a fuzzing session.
#[derive(Clone, Debug)]
pub struct Session {
    pub seed: u64,
    pub iterations: u64,
    /// Stop after this long (whichever of this and `iterations` comes first).
    pub duration: Option<Duration>,
    /// Per-case bound.
    pub limit: Duration,
    /// Where failing cases are written (`None`: not written).
    pub save_to: Option<PathBuf>,
    /// Stop at the first failure.
    pub stop_on_failure: bool,
}

/// What a session did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub cases: u64,
    pub elapsed: Duration,
    pub failures: Vec<(String, Failure)>,
    pub operations: usize,
}

/// Run a session over `seeds`. Deterministic given `session.seed` (except for timing).
pub fn fuzz(seeds: &[Seed], session: &Session, mut progress: impl FnMut(&Report)) -> Report {
    let mut rng = Rng::new(session.seed);
    let start = Instant::now();
    let mut report = Report::default();
    for case in 0..session.iterations {
        if session.duration.is_some_and(|d| start.elapsed() >= d) {
            break;
        }
        let pages = generate(&mut rng, seeds);
        let include = rng.chance(4).then(|| {
            let base = rng.pick(seeds).text.clone();
            mutate_once(&mut rng, &base, seeds)
        });
        let result = check_with_timeout(pages.clone(), include.clone(), session.limit);
        report.cases += 1;
        match result {
            Ok(outcome) => report.operations += outcome.operations,
            Err(failure) => {
                let name = format!("case-{:x}-{case}", session.seed);
                if let Some(dir) = &session.save_to {
                    let _ = std::fs::create_dir_all(dir);
                    let _ = std::fs::write(dir.join(format!("{name}.txt")), encode_case(&pages, include.as_deref()));
                }
                let slow = matches!(failure, Failure::Slow(_));
                report.failures.push((name, failure));
                if session.stop_on_failure || slow {
                    break;
                }
            }
        }
        report.elapsed = start.elapsed();
        if case % 256 == 255 {
            progress(&report);
        }
    }
    report.elapsed = start.elapsed();
    report
}
