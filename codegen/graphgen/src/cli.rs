//! The command line: argument parsing and the run, callable from tests.

use crate::ir_document::IrDocument;
use crate::output::{self, FileState, Mode};
use crate::pipeline::{Generator, Input, Run, Settings};
use clap::Parser;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The workspace this binary was built in: the defaults are relative to it.
pub const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// The runtime crate's folder in that workspace: the default of `--runtime`.
pub const RUNTIME_DIR: &str = "codegen/graphgen-runtime";

#[derive(Parser, Debug)]
#[command(
    name = "graphgen",
    version,
    about = "Generate a typed Rust client crate from Microsoft Graph API reference pages"
)]
pub struct Cli {
    /// Folder of input pages (markdown or plain text), read recursively. Given more than once
    /// (`--specs en/v1.0 --specs pt-BR/v1.0`), the trees are read as one: English pages win
    /// over translated ones whatever the order, and gaps are filled from the translations; the
    /// first tree's table of contents gives the areas.
    #[arg(long, value_name = "DIR", default_values_os_t = vec![Path::new(WORKSPACE).join("specs")])]
    specs: Vec<PathBuf>,
    /// Folder of the generated crate [default: generated/ of the workspace; not written when only
    /// --emit-ir is given].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the IR document (JSON, see the README) to FILE; `-` for stdout.
    #[arg(long, value_name = "FILE")]
    emit_ir: Option<PathBuf>,
    /// Do not write; exit non-zero and list the files that would change.
    #[arg(long)]
    check: bool,
    /// Package name of the generated crate.
    #[arg(long, default_value = "msgraph-generated", value_parser = parse_crate_name)]
    crate_name: String,
    /// Folder of the graphgen-runtime crate the generated crate depends on (written into its
    /// Cargo.toml relative to --out) [default: codegen/graphgen-runtime of the workspace].
    #[arg(long, value_name = "DIR")]
    runtime: Option<PathBuf>,
    /// Print only errors and the summary.
    #[arg(long, short)]
    quiet: bool,
    /// Print how long each stage took (to stderr).
    #[arg(long)]
    timings: bool,
    /// Write a coverage report: JSON to FILE, and a readable markdown summary
    /// beside it (FILE with the extension `.md`).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

/// `graphgen diff OLD NEW`: what a docs update changed, for a pull-request comment.
#[derive(Parser, Debug)]
#[command(
    name = "graphgen diff",
    about = "What changed between two docs trees or IR documents, in the generated crate's terms"
)]
struct DiffCli {
    /// The docs before: a specs folder or an IR document (`--emit-ir` output).
    old: PathBuf,
    /// The docs after: a specs folder or an IR document.
    new: PathBuf,
    /// Print JSON (for tools) instead of markdown.
    #[arg(long)]
    json: bool,
}

/// Exit 0 whatever changed; 2 when an argument or a side cannot be read.
fn run_diff(args: impl Iterator<Item = OsString>) -> ExitCode {
    let cli = match DiffCli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let generator = Generator::new(Settings::default());
    // The two sides are read at once (each reads its pages on all threads too).
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| crate::diff::load(&generator, &cli.old));
        let new = crate::diff::load(&generator, &cli.new);
        (old.join().unwrap_or_else(|_| Err("reading the old side failed".into())), new)
    });
    let sides = old.and_then(|old| Ok((old, new?)));
    let (old, new) = match sides {
        Ok(sides) => sides,
        Err(why) => {
            eprintln!("error: {why}");
            return ExitCode::from(2);
        }
    };
    let changes = crate::diff::compare(&old.document, &new.document);
    let text = if cli.json {
        crate::diff::to_json(&old.label, &new.label, &changes)
    } else {
        crate::diff::markdown(&old.label, &new.label, &changes)
    };
    print!("{text}");
    ExitCode::SUCCESS
}

fn parse_crate_name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(s.to_owned())
    } else {
        Err("a crate name is ASCII letters, digits, `-` and `_`, starting with a letter".into())
    }
}

/// `to` relative to `from` (both absolute), `/`-separated.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(to[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() { ".".to_owned() } else { parts.join("/") }
}

pub fn absolute(path: &Path) -> PathBuf {
    let abs =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    // Canonicalise the longest existing prefix, keep the rest.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    out
}

/// Set in the worker process: the supervising process's id.
const WORKER_ENV: &str = "GRAPHGEN_WORKER";
/// The file the worker's fatal-signal handler appends the failing page to.
const RECORD_ENV: &str = "GRAPHGEN_CRASH_RECORD";
/// A file of pages (specs-relative, one per line) the worker leaves out.
const EXCLUDE_ENV: &str = "GRAPHGEN_EXCLUDE";
/// Set to run without a supervising process (the work then happens in this one).
pub const NO_SUPERVISOR_ENV: &str = "GRAPHGEN_NO_SUPERVISOR";

/// mimalloc's delay before it returns freed memory to the OS (`-1`: never), set for the
/// worker (and by the generation bench, which measures as the worker runs).
pub const ALLOCATOR_PURGE_ENV: &str = "MIMALLOC_PURGE_DELAY";
/// How many pages one run may leave out for crashing before it gives up.
const MAX_CRASHED_PAGES: usize = 16;

/// The binary's entry point. The work runs in a child process (this same
/// binary); when the child dies by a fatal signal, the page it was working on
/// (from its [`crash`](crate::crash) record) is left out with a `page-crashed`
/// error and the run starts again, so the command always ends with 0, 1 or 2
/// and names the page. `GRAPHGEN_NO_SUPERVISOR=1` runs the work in this process.
pub fn main_supervised(args: Vec<OsString>) -> ExitCode {
    if std::env::var_os(WORKER_ENV).is_some() || std::env::var_os(NO_SUPERVISOR_ENV).is_some() {
        return worker(args);
    }
    match supervise(&args) {
        Ok(code) => code,
        Err(why) => {
            // No child could be run: do the work here, still recording what each thread does.
            eprintln!("graphgen: cannot run the work in a child process ({why}); running it here");
            worker(args)
        }
    }
}

/// The work, in the process that does it: fatal signals recorded, excluded pages left out.
fn worker(args: Vec<OsString>) -> ExitCode {
    #[cfg(target_os = "linux")]
    if let Some(parent) = std::env::var(WORKER_ENV).ok().and_then(|p| p.parse::<i32>().ok()) {
        // Die with the supervisor (a killed run must not go on writing behind its back).
        // SAFETY: prctl and getppid take no pointers.
        unsafe {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            if libc::getppid() != parent {
                return ExitCode::from(2);
            }
        }
    }
    let record = std::env::var_os(RECORD_ENV).map(PathBuf::from);
    crate::crash::install(record.as_deref());
    let excluded: BTreeSet<String> = std::env::var_os(EXCLUDE_ENV)
        .and_then(|f| std::fs::read_to_string(f).ok())
        .map(|text| text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    run_with_args(args, &excluded)
}

/// Run the work in children until one ends by itself, leaving out each page that killed one.
fn supervise(args: &[OsString]) -> Result<ExitCode, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let scratch = std::env::temp_dir().join(format!("graphgen-run-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let result = supervise_in(&exe, args, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn supervise_in(exe: &Path, args: &[OsString], scratch: &Path) -> Result<ExitCode, String> {
    let record = scratch.join("crash-record");
    let exclude = scratch.join("excluded-pages");
    let mut excluded: BTreeSet<String> = BTreeSet::new();
    loop {
        let list: String = excluded.iter().map(|p| format!("{p}\n")).collect();
        std::fs::write(&exclude, list).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(&record);
        let mut worker = std::process::Command::new(exe);
        // The worker is a batch job that exits within seconds: mimalloc returning freed
        // memory to the OS after 10 ms only makes it fault (and zero) the same huge pages
        // again, about 1.8 GB of them on the beta tree. An explicit setting is kept.
        if std::env::var_os(ALLOCATOR_PURGE_ENV).is_none() {
            worker.env(ALLOCATOR_PURGE_ENV, "-1");
        }
        let status = worker
            .args(args.iter().skip(1))
            .env(WORKER_ENV, std::process::id().to_string())
            .env(RECORD_ENV, &record)
            .env(EXCLUDE_ENV, &exclude)
            .status()
            .map_err(|e| e.to_string())?;
        if let Some(code) = status.code() {
            return Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)));
        }
        let signal = signal_of(&status);
        let marks = std::fs::read_to_string(&record).unwrap_or_default();
        let pages: Vec<&str> = marks
            .lines()
            .filter_map(|l| l.strip_prefix(crate::crash::PAGE_PREFIX))
            .filter(|p| !excluded.contains(*p))
            .collect();
        let Some(page) = pages.first() else {
            let what = marks.lines().last().map_or("outside any page".to_owned(), |m| format!("while working on {m}"));
            eprintln!("error: graphgen died by signal {signal} {what}; nothing was written. Please report it.");
            return Ok(ExitCode::FAILURE);
        };
        if excluded.len() >= MAX_CRASHED_PAGES {
            eprintln!("error: graphgen died by a signal on {} pages; giving up. Please report it.", excluded.len() + 1);
            return Ok(ExitCode::FAILURE);
        }
        eprintln!("graphgen: died by signal {signal} while working on {page}; running again without that page");
        excluded.insert((*page).to_owned());
    }
}

#[cfg(unix)]
fn signal_of(status: &std::process::ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    status.signal().unwrap_or(0)
}

#[cfg(not(unix))]
fn signal_of(_status: &std::process::ExitStatus) -> i32 {
    0
}

/// Parse `args` (the first is the program name) and run in this process. Output goes to stdout/stderr.
pub fn main_with_args<I: IntoIterator<Item = T>, T: Into<OsString> + Clone>(args: I) -> ExitCode {
    run_with_args(args, &BTreeSet::new())
}

fn run_with_args<I: IntoIterator<Item = T>, T: Into<OsString> + Clone>(
    args: I,
    excluded: &BTreeSet<String>,
) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if args.get(1).is_some_and(|a| a == "diff") {
        return run_diff(args.into_iter().skip(1));
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let Some(plan) = Plan::new(&cli, excluded) else { return ExitCode::from(2) };
    let started = std::time::Instant::now();
    let generator = Generator::new(plan.settings.clone());
    let input = match plan.specs.as_slice() {
        [one] => Input::Folder(one),
        trees => Input::Trees(trees),
    };
    let run = generator.analyse(input).and_then(|mut run| {
        if plan.write_rust {
            generator.emit(&mut run)?;
        }
        Ok(run)
    });
    let run = match run {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for d in &run.diagnostics {
        if !cli.quiet || d.level == crate::diagnostics::Level::Error {
            eprintln!("{d}");
        }
    }
    plan.say(&run.summary.to_string());
    if cli.timings {
        print_timings(&run, started);
    }
    let mut failed = false;
    if let Some(path) = &cli.report {
        failed |= plan.write_report(&run, path);
    }
    if plan.write_rust {
        failed |= plan.ensure_crate(&run);
    }
    if plan.keep_schema {
        let schema = absolute(&Path::new(WORKSPACE).join(crate::ir_document::SCHEMA_PATH));
        let contents = crate::ir_document::schema_json();
        failed |= plan.ensure_one_file(&schema, contents.as_bytes(), "run `cargo run -p graphgen` to regenerate");
    }
    if let Some(file) = &cli.emit_ir {
        let document = IrDocument::build(&run.ir, &run.diagnostics, &plan.settings.specs_label).to_json();
        failed |= if plan.ir_to_stdout {
            write_stdout(&document)
        } else {
            plan.ensure_one_file(&absolute(file), document.as_bytes(), "run again without --check")
        };
    }
    if failed || run.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// What one invocation does, from its arguments.
struct Plan {
    specs: Vec<PathBuf>,
    out: PathBuf,
    settings: Settings,
    /// Rust output unless only the IR was asked for.
    write_rust: bool,
    /// The default run also keeps the IR document's schema up to date.
    keep_schema: bool,
    ir_to_stdout: bool,
    mode: Mode,
}

impl Plan {
    /// `None` (after saying why) when the arguments cannot go together.
    fn new(cli: &Cli, excluded: &BTreeSet<String>) -> Option<Plan> {
        let specs: Vec<PathBuf> = cli.specs.iter().map(|s| absolute(s)).collect();
        let out = absolute(&cli.out.clone().unwrap_or_else(|| Path::new(WORKSPACE).join("generated")));
        let ir_to_stdout = cli.emit_ir.as_deref() == Some(Path::new("-"));
        if ir_to_stdout && cli.check {
            eprintln!("error: --check compares files; it cannot be used with `--emit-ir -`");
            return None;
        }
        let runtime = absolute(&cli.runtime.clone().unwrap_or_else(|| Path::new(WORKSPACE).join(RUNTIME_DIR)));
        let settings = Settings {
            crate_name: cli.crate_name.clone(),
            runtime_path: relative_path(&out, &runtime),
            specs_label: specs
                .first()
                .and_then(|s| s.file_name())
                .map_or("specs".into(), |n| n.to_string_lossy().into_owned()),
            excluded: excluded.clone(),
            ..Settings::default()
        };
        Some(Plan {
            write_rust: cli.emit_ir.is_none() || cli.out.is_some(),
            keep_schema: cli.out.is_none() && cli.emit_ir.is_none(),
            mode: if cli.check { Mode::Check } else { Mode::Write },
            specs,
            out,
            settings,
            ir_to_stdout,
        })
    }

    /// A line for the user: on stdout, or on stderr when the IR document goes to stdout.
    fn say(&self, line: &str) {
        if self.ir_to_stdout {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }

    /// Write (or check) the generated crate. True when it failed or is stale.
    fn ensure_crate(&self, run: &Run) -> bool {
        let out = &self.out;
        match (output::ensure_files(out, &run.files, self.mode), self.mode) {
            (Ok(changes), Mode::Check) if changes.is_empty() => {
                self.say(&format!("{} is up to date", out.display()));
                false
            }
            (Ok(changes), Mode::Check) => {
                for c in &changes {
                    self.say(&c.to_string());
                }
                self.say(&format!("{} is stale: run `cargo run -p graphgen` to regenerate", out.display()));
                true
            }
            (Ok(changes), Mode::Write) => {
                self.say(&format!("{}: {} files changed", out.display(), changes.len()));
                false
            }
            (Err(e), Mode::Check) => {
                eprintln!("error: cannot compare with {}: {e}", out.display());
                true
            }
            (Err(e), Mode::Write) => {
                eprintln!("error: cannot write {}: {e}; the previous output is left as it was", out.display());
                true
            }
        }
    }

    /// Write (or check) one file. True when it failed or is stale.
    fn ensure_one_file(&self, path: &Path, contents: &[u8], fix: &str) -> bool {
        let shown = path.display();
        match output::ensure_file(path, contents, self.mode) {
            Ok(FileState::UpToDate) if self.mode == Mode::Check => {
                self.say(&format!("{shown} is up to date"));
                false
            }
            Ok(FileState::UpToDate) => {
                self.say(&format!("{shown}: unchanged"));
                false
            }
            Ok(FileState::Written) => {
                self.say(&format!("{shown}: written"));
                false
            }
            Ok(FileState::Stale) => {
                self.say(&format!("{shown} is stale: {fix}"));
                true
            }
            Ok(FileState::Missing) => {
                self.say(&format!("{shown} is missing: {fix}"));
                true
            }
            Err(e) if self.mode == Mode::Check => {
                eprintln!("error: cannot read {shown}: {e}");
                true
            }
            Err(e) => {
                eprintln!("error: cannot write {shown}: {e}; the previous file is left as it was");
                true
            }
        }
    }

    /// The coverage report: JSON to `path`, markdown beside it. True when it failed.
    fn write_report(&self, run: &Run, path: &Path) -> bool {
        let report = crate::report::build(run);
        let markdown_path = path.with_extension("md");
        let json = serde_json::to_string_pretty(&report).unwrap_or_default() + "\n";
        let written = std::fs::write(path, json).and_then(|()| {
            if markdown_path != *path { std::fs::write(&markdown_path, report.to_markdown()) } else { Ok(()) }
        });
        match written {
            Ok(()) => {
                self.say(&format!("report: {} and {}", path.display(), markdown_path.display()));
                false
            }
            Err(e) => {
                eprintln!("error: cannot write the report {}: {e}", path.display());
                true
            }
        }
    }
}

fn print_timings(run: &Run, started: std::time::Instant) {
    for (stage, took) in &run.timings {
        eprintln!("timing: {stage}: {:.0} ms", took.as_secs_f64() * 1e3);
    }
    eprintln!("timing: total: {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    if let Some(kib) = peak_memory_kib() {
        eprintln!("timing: peak memory: {} MiB", kib / 1024);
    }
}

/// The IR document on stdout. True when it failed.
fn write_stdout(document: &str) -> bool {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(document.as_bytes()).and_then(|()| stdout.flush()) {
        eprintln!("error: cannot write the IR document to stdout: {e}");
        return true;
    }
    false
}

/// The process's peak resident memory (Linux `VmHWM`), in KiB.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
