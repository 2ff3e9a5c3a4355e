//! The whole run: discover the specs, read and classify every page (each page
//! isolated: a bad page, even a bug, costs that page only), lower, emit.

use crate::classify::{PageKind, classify};
use crate::diagnostics::{Diagnostic, Diagnostics, Level};
use crate::emit::{EmitConfig, ExampleStats, GeneratedFile, emit};
use crate::ir::Ir;
use crate::page::{IncludeResolver, IncludedDocument, Page, build_page};
use crate::read::read_document;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

/// Counts for the one-line summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub pages_read: usize,
    pub api_pages: usize,
    pub resource_pages: usize,
    pub enum_pages: usize,
    pub skipped_pages: usize,
    pub operations: usize,
    pub types: usize,
    pub enums: usize,
    pub warnings: usize,
    pub errors: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "graphgen: {} pages read ({} API, {} resource, {} enum, {} skipped); {} operations, {} types, {} enums; {} warnings, {} errors",
            self.pages_read,
            self.api_pages,
            self.resource_pages,
            self.enum_pages,
            self.skipped_pages,
            self.operations,
            self.types,
            self.enums,
            self.warnings,
            self.errors
        )
    }
}

/// One input page after reading, for per-page inspection (tests, reports).
#[derive(Clone, Debug)]
pub struct PageResult {
    /// Specs-relative path.
    pub path: String,
    pub kind: PageKind,
    pub locale: String,
    pub page: Option<Page>,
}

/// Everything a run produced.
#[derive(Debug)]
pub struct Run {
    pub pages: Vec<PageResult>,
    pub ir: Ir,
    pub files: Vec<GeneratedFile>,
    pub examples: ExampleStats,
    /// Sorted.
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// Wall time of each stage that ran, in order (`--timings`).
    pub timings: Vec<(&'static str, Duration)>,
}

impl Run {
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}

/// Finds `[!INCLUDE]` targets on disk, only inside the specs root, and reads them.
pub struct FsIncludes {
    root: PathBuf,
}

impl FsIncludes {
    pub fn new(root: &Path) -> Self {
        FsIncludes { root: root.to_path_buf() }
    }
}

/// `a/b/../c` → `a/c`; `None` when the path climbs above the root.
pub fn normalize_relative(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for comp in Path::new(path).components() {
        match comp {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// A link or include `target` written on the page at `page_path`, as a path
/// relative to the specs root; `None` when it climbs above the root.
pub fn resolve_relative(page_path: &str, target: &str) -> Option<String> {
    let dir = page_path.rsplit_once('/').map_or("", |(d, _)| d);
    let joined = if dir.is_empty() { target.to_owned() } else { format!("{dir}/{target}") };
    normalize_relative(&joined)
}

impl IncludeResolver for FsIncludes {
    fn resolve(&self, page_path: &str, target: &str) -> Result<IncludedDocument, String> {
        let target = target.trim().replace('\\', "/");
        let rel =
            resolve_relative(page_path, &target).ok_or_else(|| format!("{target} points outside the specs folder"))?;
        let full = self.root.join(&rel);
        let found = if full.is_file() { Some((rel.clone(), full)) } else { case_insensitive(&self.root, &rel) };
        let (rel, full) = found.ok_or_else(|| format!("{rel} does not exist"))?;
        let bytes = std::fs::read(&full).map_err(|e| format!("{rel}: {e}"))?;
        let mut diagnostics = Diagnostics::new();
        let document = read_document(&rel, &String::from_utf8_lossy(&bytes), &mut diagnostics);
        Ok(IncludedDocument { document, diagnostics })
    }
}

/// Links in the docs resolve case-insensitively (`directoryObject.md` → `directoryobject.md`).
fn case_insensitive(root: &Path, rel: &str) -> Option<(String, PathBuf)> {
    let mut dir = root.to_path_buf();
    let mut found = Vec::new();
    for part in rel.split('/') {
        let entry = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().eq_ignore_ascii_case(part))?;
        found.push(entry.file_name().to_string_lossy().into_owned());
        dir = entry.path();
    }
    dir.is_file().then(|| (found.join("/"), dir))
}

/// Every page under `root`: `.md` and `.txt` files, sorted, skipping hidden
/// folders and `includes/` (read only through `[!INCLUDE]`).
pub fn discover(root: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let ty = entry.file_type()?;
            if ty.is_dir() {
                if !name.starts_with('.') && name != "includes" && name != "snippets" {
                    stack.push(entry.path());
                }
            } else if ty.is_file() && (name.ends_with(".md") || name.ends_with(".txt")) {
                if let Ok(rel) = entry.path().strip_prefix(root) {
                    let rel: Vec<String> =
                        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                    out.push(rel.join("/"));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Read, classify and model one page. Never panics: an internal failure is an error on that page.
pub fn process_page(path: &str, text: &str, includes: &dyn IncludeResolver) -> (PageResult, Diagnostics) {
    let mark = format!("{}{path}", crate::crash::PAGE_PREFIX);
    let _working = crate::crash::working_on(&mark);
    crate::crash::inject_fault(path);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut diags = Diagnostics::new();
        let doc = read_document(path, text, &mut diags);
        let class = classify(&doc);
        if let PageKind::Skipped(reason) = &class.kind {
            diags.warn(path, 1, "page-skipped", format!("skipped: {reason}"));
        }
        let page = build_page(&doc, &class, includes, &mut diags);
        (PageResult { path: path.to_owned(), kind: class.kind.clone(), locale: class.locale.clone(), page }, diags)
    }));
    outcome.unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown panic");
        let mut diags = Diagnostics::new();
        diags.error(
            path,
            0,
            "internal-error",
            format!("graphgen failed on this page ({what}); page skipped. Please report it."),
        );
        (
            PageResult {
                path: path.to_owned(),
                kind: PageKind::Skipped("internal error".into()),
                locale: String::new(),
                page: None,
            },
            diags,
        )
    })
}

/// Run the pipeline over a specs folder.
pub fn run(specs: &Path, config: &EmitConfig) -> Result<Run, String> {
    let mut run = analyse(specs)?;
    emit_run(&mut run, config)?;
    Ok(run)
}

/// Read, classify and lower a specs folder, without emitting Rust (`files` stays empty):
/// all the IR document needs.
pub fn analyse(specs: &Path) -> Result<Run, String> {
    analyse_excluding(specs, &BTreeSet::new())
}

/// [`analyse`], leaving out the pages in `excluded` (specs-relative paths) with a
/// `page-crashed` error on each: the command line's way to finish a run after a
/// page made an earlier attempt die by a signal (see [`crate::crash`]).
pub fn analyse_excluding(specs: &Path, excluded: &BTreeSet<String>) -> Result<Run, String> {
    let started = Instant::now();
    let mut files = discover(specs).map_err(|e| format!("cannot read specs folder {}: {e}", specs.display()))?;
    let mut crashed = Vec::new();
    files.retain(|f| {
        let keep = !excluded.contains(f);
        if !keep {
            crashed.push(f.clone());
        }
        keep
    });
    let jobs = default_jobs();
    let read = parallel_map(&files, jobs, |rel| std::fs::read(specs.join(rel)));
    let includes = FsIncludes::new(specs);
    let mut inputs = Vec::with_capacity(files.len());
    let mut diags = Diagnostics::new();
    for (rel, bytes) in files.into_iter().zip(read) {
        match bytes {
            Ok(bytes) => {
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        diags.warn(&rel, 0, "not-utf8", "file is not valid UTF-8; invalid bytes replaced");
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                };
                inputs.push((rel, text));
            }
            Err(e) => diags.error(&rel, 0, "unreadable", format!("cannot read file: {e}")),
        }
    }
    for rel in &crashed {
        diags.error(
            rel,
            0,
            "page-crashed",
            "an earlier attempt of this run died by a fatal signal while working on this page; it is left out. Please report it.",
        );
    }
    let read_time = started.elapsed();
    let mut run = analyse_texts_with_jobs(&inputs, &includes, diags, jobs);
    for rel in crashed {
        run.pages.push(PageResult {
            path: rel,
            kind: PageKind::Skipped("crashed the generator".into()),
            locale: String::new(),
            page: None,
        });
        run.summary.pages_read += 1;
        run.summary.skipped_pages += 1;
    }
    run.pages.sort_by(|a, b| a.path.cmp(&b.path));
    run.timings.insert(0, ("read files", read_time));
    Ok(run)
}

/// Emit the Rust files of an analysed run.
pub fn emit_run(run: &mut Run, config: &EmitConfig) -> Result<(), String> {
    let started = Instant::now();
    let (files, examples) = emit(&run.ir, config)?;
    run.timings.push(("emit", started.elapsed()));
    run.files = files;
    run.examples = examples;
    Ok(())
}

/// Run the pipeline over pages already in memory (tests use this directly).
pub fn run_on_texts(
    inputs: &[(String, String)],
    includes: &dyn IncludeResolver,
    config: &EmitConfig,
    diags: Diagnostics,
) -> Result<Run, String> {
    let mut run = analyse_texts(inputs, includes, diags);
    emit_run(&mut run, config)?;
    Ok(run)
}

/// Threads to use: `GRAPHGEN_JOBS` if set (1 = no threads), else the machine's parallelism.
pub fn default_jobs() -> usize {
    std::env::var("GRAPHGEN_JOBS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Stack size of the worker threads, in bytes: 64 MiB (spawned threads get 2 MiB by
/// default), as defence in depth only, since no stage recurses as deep as a page says
/// (see [`crate::limits`]). Tests that want any deep recursion to show set it lower.
pub static WORKER_STACK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(64 << 20);

/// `f` over `items` on up to `jobs` scoped threads (work-stealing by index);
/// results in the order of `items`, whatever the scheduling.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            out.push((i, f(item)));
        }
        out
    };
    let mut indexed: Vec<(usize, R)> = std::thread::scope(|scope| {
        // A large stack as defence in depth only: no stage recurses as deep as a page says
        // (see `crate::limits`). When a thread cannot be started, the others do its share.
        let stack = WORKER_STACK.load(std::sync::atomic::Ordering::Relaxed);
        let workers: Vec<_> = (0..jobs)
            .filter_map(|_| std::thread::Builder::new().stack_size(stack).spawn_scoped(scope, work).ok())
            .collect();
        let mut done: Vec<(usize, R)> = if workers.is_empty() { work() } else { Vec::new() };
        // A worker only panics if `f` does; `process_page` and the emitters catch their own.
        done.extend(workers.into_iter().flat_map(|w| w.join().unwrap_or_default()));
        done
    });
    indexed.sort_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, r)| r).collect()
}

/// [`run_on_texts`] without emitting Rust (`files` stays empty).
pub fn analyse_texts(inputs: &[(String, String)], includes: &dyn IncludeResolver, diags: Diagnostics) -> Run {
    analyse_texts_with_jobs(inputs, includes, diags, default_jobs())
}

/// [`analyse_texts`] on a given number of threads; the result does not depend on it.
pub fn analyse_texts_with_jobs(
    inputs: &[(String, String)],
    includes: &dyn IncludeResolver,
    mut diags: Diagnostics,
    jobs: usize,
) -> Run {
    let started = Instant::now();
    let results = parallel_map(inputs, jobs, |(path, text)| process_page(path, text, includes));
    let mut pages = Vec::with_capacity(inputs.len());
    for (result, page_diags) in results {
        diags.extend(page_diags);
        pages.push(result);
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let model_time = started.elapsed();
    let started = Instant::now();
    let ir = crate::lower::lower_refs(pages.iter().filter_map(|p| p.page.as_ref()).collect(), &mut diags);
    let timings = vec![("model pages", model_time), ("lower", started.elapsed())];
    let diagnostics = diags.into_sorted();
    let count = |k: fn(&PageKind) -> bool| pages.iter().filter(|p| k(&p.kind)).count();
    let summary = Summary {
        pages_read: pages.len(),
        api_pages: count(|k| *k == PageKind::Api),
        resource_pages: count(|k| *k == PageKind::Resource),
        enum_pages: count(|k| *k == PageKind::Enum),
        skipped_pages: count(|k| matches!(k, PageKind::Skipped(_))),
        operations: ir.operations.len(),
        types: ir.types.len(),
        enums: ir.enums.len(),
        warnings: diagnostics.iter().filter(|d| d.level == Level::Warning).count(),
        errors: diagnostics.iter().filter(|d| d.level == Level::Error).count(),
    };
    Run { pages, ir, files: Vec::new(), examples: ExampleStats::default(), diagnostics, summary, timings }
}
