//! The whole run, on top of the stages: a [`Generator`] with one [`Settings`]
//! value reads its [`Input`] (a specs folder or pages in memory), models every
//! page (each page isolated: a bad page, even a bug, costs that page only),
//! lowers them to the IR ([`Generator::analyse`]), and writes the Rust files
//! ([`Generator::emit`]). The command line, the tests, the fuzzer and the bench
//! all go through it.

use crate::classify::{PageKind, classify};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileDiagnostics, PAGE};
use crate::emit::{EmitConfig, ExampleStats, GeneratedFile};
use crate::error::Error;
use crate::ir::{self, Ir};
use crate::page::{IncludeResolver, IncludedDocument, Page, build_page};
use crate::parallel::Threads;
use crate::read::read_document;
use crate::read::toc::{MAX_TOC_DEPTH, Toc};
use crate::summary::Summary;
use crate::trees::{Tree, TreeIncludes};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Everything a run is told besides its input.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Threads for reading, modelling and emitting; the output does not depend on them.
    pub threads: Threads,
    /// The generated package's name (`msgraph-generated`).
    pub crate_name: String,
    /// The path of the runtime crate as written in the generated `Cargo.toml`
    /// (relative to the output folder).
    pub runtime_path: String,
    /// How sources are shown in the generated docs: the specs folder's name.
    pub specs_label: String,
    /// Pages (specs-relative) to leave out with a `page-crashed` error: the
    /// command line's way to finish a run after a page made an attempt die by a
    /// signal (see [`crate::crash`]).
    pub excluded: BTreeSet<String>,
}

impl Default for Settings {
    /// The committed crate's settings: `msgraph-generated` in `generated/`, beside `codegen/`.
    fn default() -> Self {
        Settings {
            threads: Threads::default(),
            crate_name: "msgraph-generated".into(),
            runtime_path: "../codegen/graphgen-runtime".into(),
            specs_label: "specs".into(),
            excluded: BTreeSet::new(),
        }
    }
}

impl Settings {
    fn emit_config(&self) -> EmitConfig {
        EmitConfig {
            crate_name: self.crate_name.clone(),
            runtime_path: self.runtime_path.clone(),
            specs_label: self.specs_label.clone(),
            threads: self.threads,
        }
    }
}

/// The table of contents at the specs root (see [`crate::read::toc`]); among pages in
/// memory, the one of this path.
pub const TOC_FILE: &str = "toc.yml";

/// Pages as (specs-relative path, text).
type PageTexts = Vec<(String, String)>;

/// What a run reads.
#[derive(Clone, Copy)]
pub enum Input<'a> {
    /// A specs folder on disk: every page under it ([`crate::specs::discover`]),
    /// includes read from it.
    Folder(&'a Path),
    /// Pages in memory, as (specs-relative path, text), with their includes.
    Pages { pages: &'a [(String, String)], includes: &'a dyn IncludeResolver },
    /// Several specs folders read as one ([`crate::trees`]): the first is the
    /// original, the others its translations; a later tree's pages are known by
    /// their paths under its label (`pt-br/api/user-get.md`).
    Trees(&'a [PathBuf]),
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
    /// Sorted by path.
    pub pages: Vec<PageResult>,
    pub ir: Ir,
    /// Empty until [`Generator::emit`].
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

/// The generator: one settings value, two steps.
#[derive(Clone, Debug, Default)]
pub struct Generator {
    pub settings: Settings,
}

impl Generator {
    pub fn new(settings: Settings) -> Self {
        Generator { settings }
    }

    /// Read, classify, model and lower the input: everything but the Rust files
    /// (all the IR document and the report need). Fails only when a specs folder
    /// cannot be listed; each page's problems are diagnostics.
    pub fn analyse(&self, input: Input<'_>) -> Result<Run, Error> {
        let started = Instant::now();
        let mut diags = Diagnostics::new();
        let (mut pages, crashed, read_time) = match input {
            Input::Folder(specs) => {
                let (texts, crashed) = self.read_folder(specs, &mut diags)?;
                let read_time = started.elapsed();
                let includes = FsIncludes::new(specs);
                (self.model(&texts, &includes, &mut diags), crashed, Some(read_time))
            }
            Input::Trees(roots) => {
                let (trees, texts, crashed) = self.read_trees(roots, &mut diags)?;
                let read_time = started.elapsed();
                let includes = TreeIncludes::new(&trees);
                (self.model(&texts, &includes, &mut diags), crashed, Some(read_time))
            }
            Input::Pages { pages, includes } => {
                let excluded = &self.settings.excluded;
                let crashed: Vec<String> =
                    pages.iter().filter(|(path, _)| excluded.contains(path)).map(|(path, _)| path.clone()).collect();
                // The pages are copied only when some are left out.
                let results = if crashed.is_empty() {
                    self.model(pages, includes, &mut diags)
                } else {
                    let kept: PageTexts = pages.iter().filter(|(path, _)| !excluded.contains(path)).cloned().collect();
                    self.model(&kept, includes, &mut diags)
                };
                (results, crashed, None)
            }
        };
        let model_time = started.elapsed() - read_time.unwrap_or_default();
        for path in crashed {
            diags.error(
                &path,
                0,
                Code::PageCrashed,
                "an earlier attempt of this run died by a fatal signal while working on this page; it is left out. Please report it.",
            );
            let kind = PageKind::Skipped("crashed the generator".into());
            pages.push(PageResult { path, kind, locale: String::new(), page: None });
        }
        pages.sort_by(|a, b| a.path.cmp(&b.path));

        let toc = match input {
            Input::Folder(specs) => {
                std::fs::read(specs.join(TOC_FILE)).ok().map(|b| Toc::read(TOC_FILE, &String::from_utf8_lossy(&b)))
            }
            // The original tree's table of contents: a translation's lists the same pages.
            Input::Trees(roots) => roots
                .first()
                .and_then(|root| std::fs::read(root.join(TOC_FILE)).ok())
                .map(|b| Toc::read(TOC_FILE, &String::from_utf8_lossy(&b))),
            Input::Pages { pages, .. } => {
                pages.iter().find(|(path, _)| path == TOC_FILE).map(|(_, text)| Toc::read(TOC_FILE, text))
            }
        };
        if let Some(toc) = &toc {
            if toc.too_deep > 0 {
                diags.warn(
                    TOC_FILE,
                    0,
                    Code::NestingTooDeep,
                    format!("{} items nest deeper than {MAX_TOC_DEPTH} levels; they are left out", toc.too_deep),
                );
            }
        }

        let started = Instant::now();
        let mut ir = crate::lower::lower(
            &pages.iter().filter_map(|p| p.page.as_ref()).collect::<Vec<_>>(),
            toc.as_ref(),
            &mut diags,
        );
        ir.pages = pages.iter().map(page_ir).collect();
        let mut timings = Vec::new();
        if let Some(read_time) = read_time {
            timings.push(("read files", read_time));
        }
        timings.push(("model pages", model_time));
        timings.push(("lower", started.elapsed()));
        let diagnostics = diags.into_sorted();
        let summary = Summary::of(&ir, &diagnostics);
        Ok(Run { pages, ir, files: Vec::new(), examples: ExampleStats::default(), diagnostics, summary, timings })
    }

    /// Write the Rust files of an analysed run into `run.files`. Fails only on an
    /// internal error (emitted tokens that do not parse).
    pub fn emit(&self, run: &mut Run) -> Result<(), Error> {
        let started = Instant::now();
        let (files, examples) = crate::emit::emit(&run.ir, &self.settings.emit_config()).map_err(Error::Internal)?;
        run.timings.push(("emit", started.elapsed()));
        run.files = files;
        run.examples = examples;
        Ok(())
    }

    /// [`analyse`](Self::analyse), then [`emit`](Self::emit).
    pub fn generate(&self, input: Input<'_>) -> Result<Run, Error> {
        let mut run = self.analyse(input)?;
        self.emit(&mut run)?;
        Ok(run)
    }

    /// The pages of a specs folder as text, less the excluded ones (returned apart).
    /// The trees' pages, each later tree's under its prefix (its own table of
    /// contents left out), and the pages left out (see [`Settings::excluded`]).
    fn read_trees(
        &self,
        roots: &[PathBuf],
        diags: &mut Diagnostics,
    ) -> Result<(Vec<Tree>, PageTexts, Vec<String>), Error> {
        let mut read = Vec::with_capacity(roots.len());
        for root in roots {
            let mut tree_diags = Diagnostics::new();
            let texts = self.read_files(root, &|_| false, &mut tree_diags)?.0;
            read.push((texts, tree_diags));
        }
        let locales: Vec<Option<String>> = read
            .iter()
            .map(|(texts, _)| crate::trees::declared_locale(texts.iter().map(|(_, t)| t.as_str())))
            .collect();
        let prefixes = crate::trees::prefixes(&locales);
        let trees: Vec<Tree> = roots
            .iter()
            .zip(&prefixes)
            .map(|(root, prefix)| Tree { root: root.clone(), prefix: prefix.clone() })
            .collect();
        let (mut all, mut crashed) = (PageTexts::new(), Vec::new());
        for ((texts, tree_diags), prefix) in read.into_iter().zip(&prefixes) {
            for d in tree_diags.into_sorted() {
                diags.push(&format!("{prefix}{}", d.file), d.line, d.level, d.code, d.message);
            }
            for (path, text) in texts {
                if !prefix.is_empty() && path == TOC_FILE {
                    continue;
                }
                let path = format!("{prefix}{path}");
                if self.settings.excluded.contains(&path) {
                    crashed.push(path);
                } else {
                    all.push((path, text));
                }
            }
        }
        Ok((trees, all, crashed))
    }

    fn read_folder(&self, specs: &Path, diags: &mut Diagnostics) -> Result<(PageTexts, Vec<String>), Error> {
        self.read_files(specs, &|f| self.settings.excluded.contains(f), diags)
    }

    /// The files of `specs` as text, but those `left_out` says (returned apart).
    fn read_files(
        &self,
        specs: &Path,
        left_out: &dyn Fn(&String) -> bool,
        diags: &mut Diagnostics,
    ) -> Result<(PageTexts, Vec<String>), Error> {
        let mut files = crate::specs::discover(specs)
            .map_err(|source| Error::SpecsUnreadable { path: specs.to_path_buf(), source })?;
        let mut crashed = Vec::new();
        files.retain(|f| {
            let keep = !left_out(f);
            if !keep {
                crashed.push(f.clone());
            }
            keep
        });
        let read = self.settings.threads.map(&files, |rel| std::fs::read(specs.join(rel)));
        let mut texts = Vec::with_capacity(files.len());
        for (rel, bytes) in files.into_iter().zip(read) {
            match bytes {
                Ok(bytes) => {
                    let text = match String::from_utf8(bytes) {
                        Ok(t) => t,
                        Err(e) => {
                            diags.warn(&rel, 0, Code::NotUtf8, "file is not valid UTF-8; invalid bytes replaced");
                            String::from_utf8_lossy(e.as_bytes()).into_owned()
                        }
                    };
                    texts.push((rel, text));
                }
                Err(e) => diags.error(&rel, 0, Code::Unreadable, format!("cannot read file: {e}")),
            }
        }
        Ok((texts, crashed))
    }

    /// Every page read, classified and modelled, on the settings' threads.
    fn model(
        &self,
        inputs: &[(String, String)],
        includes: &dyn IncludeResolver,
        diags: &mut Diagnostics,
    ) -> Vec<PageResult> {
        let inputs: Vec<&(String, String)> = inputs.iter().filter(|(path, _)| path != TOC_FILE).collect();
        let results = self.settings.threads.map(&inputs, |(path, text)| process_page(path, text, includes));
        let mut pages = Vec::with_capacity(inputs.len());
        for (result, page_diags) in results {
            diags.extend(page_diags.into_diagnostics());
            pages.push(result);
        }
        pages
    }
}

fn page_ir(p: &PageResult) -> ir::PageIr {
    ir::PageIr { file: p.path.clone(), kind: p.kind.clone(), locale: p.locale.clone() }
}

/// Reads `[!INCLUDE]` targets from disk, only inside the specs root, through the
/// read stage: the adapter that lets the page stage get an include without
/// calling back into reading.
pub struct FsIncludes {
    root: PathBuf,
}

impl FsIncludes {
    pub fn new(root: &Path) -> Self {
        FsIncludes { root: root.to_path_buf() }
    }
}

impl IncludeResolver for FsIncludes {
    fn resolve(&self, page_path: &str, target: &str) -> Result<IncludedDocument, String> {
        let (rel, text) = crate::specs::read_linked(&self.root, page_path, target)?;
        let mut diagnostics = FileDiagnostics::new(&rel);
        let document = read_document(&rel, &text, &mut diagnostics);
        Ok(IncludedDocument { document, diagnostics })
    }
}

/// Read, classify and model one page. Never panics: an internal failure is an error on that page.
pub fn process_page(path: &str, text: &str, includes: &dyn IncludeResolver) -> (PageResult, FileDiagnostics) {
    let mark = crate::crash::page_mark(path);
    let _working = crate::crash::working_on(&mark);
    crate::crash::inject_fault(path);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut diags = FileDiagnostics::new(path);
        let doc = read_document(path, text, &mut diags);
        let class = classify(&doc);
        if let PageKind::Skipped(reason) = &class.kind {
            diags.warn(PAGE, Code::PageSkipped, format!("skipped: {reason}"));
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
        let mut diags = FileDiagnostics::new(path);
        diags.error(
            PAGE,
            Code::InternalError,
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
