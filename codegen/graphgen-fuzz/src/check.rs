//! Running one case: every page alone through `process_page`, then the whole
//! pipeline; what counts as a failure (a panic, an internal error, output that
//! does not parse or breaks Rust's naming rules, too slow), and the file form
//! of a case.

use graphgen::diagnostics::{FileDiagnostics, Level};
use graphgen::page::{IncludeResolver, IncludedDocument};
use graphgen::pipeline;
use graphgen::read::read_document;
use graphgen::{Generator, Input};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Resolves every `[!INCLUDE]` to a fixed text (the fuzz case's include file), read.
pub struct FixedIncludes(pub Option<String>);

impl IncludeResolver for FixedIncludes {
    fn resolve(&self, page_path: &str, target: &str) -> Result<IncludedDocument, String> {
        match &self.0 {
            Some(text) => {
                let path = format!("includes/{}", target.len() + page_path.len());
                let mut diagnostics = FileDiagnostics::new(&path);
                let document = read_document(&path, text, &mut diagnostics);
                Ok(IncludedDocument { document, diagnostics })
            }
            None => Err(format!("{target} does not exist")),
        }
    }
}

/// Why an input failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A panic (caught by `process_page` or by the harness), with where it happened.
    Panic(String),
    /// `emit` reported an internal error.
    Emit(String),
    /// A generated file is not valid Rust.
    Unparsable { file: String, error: String },
    /// A generated file parses but would not compile cleanly (duplicate names,
    /// names that draw a naming-convention warning).
    Invalid { file: String, error: String },
    /// The input took longer than the bound.
    Slow(Duration),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Panic(m) => write!(f, "panic: {m}"),
            Failure::Emit(m) => write!(f, "emit failed: {m}"),
            Failure::Unparsable { file, error } => write!(f, "{file} does not parse: {error}"),
            Failure::Invalid { file, error } => write!(f, "{file}: {error}"),
            Failure::Slow(d) => write!(f, "took {d:?}"),
        }
    }
}

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Record panics (message and location) instead of printing them, so that a
/// failure report says where the panic was even when `process_page` caught it.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let payload = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{payload}{location}"));
        }
    }));
}

fn last_panic() -> String {
    LAST_PANIC.lock().ok().and_then(|mut l| l.take()).unwrap_or_default()
}

/// Counts from one checked case.
#[derive(Clone, Copy, Debug, Default)]
pub struct Outcome {
    pub operations: usize,
    pub types: usize,
    pub files: usize,
}

/// `UpperCamelCase` as rustc's `non_camel_case_types` lint sees it.
/// rustc's `non_camel_case_types` rule: no lower-case start, no `__`, and no
/// underscore next to a letter (`Member1_2`, a digit on both sides, is fine).
fn is_camel(name: &str) -> bool {
    let name = name.trim_matches('_');
    let chars: Vec<char> = name.chars().collect();
    !name.starts_with(|c: char| c.is_lowercase())
        && !name.contains("__")
        && !chars.windows(2).any(|w| w[0].is_alphabetic() && w[1] == '_' || w[1].is_alphabetic() && w[0] == '_')
}

/// `snake_case` as rustc's `non_snake_case` lint sees it.
fn is_snake(name: &str) -> bool {
    !name.chars().any(|c| c.is_ascii_uppercase())
}

fn unique<'a>(what: &str, names: impl IntoIterator<Item = &'a syn::Ident>) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for name in names {
        if !seen.insert(name.to_string()) {
            return Err(format!("{what} `{name}` is defined twice"));
        }
    }
    Ok(())
}

/// What `syn` accepts but rustc would reject or warn about: duplicate item,
/// field or variant names, and names against Rust's conventions.
pub fn lint(file: &syn::File) -> Result<(), String> {
    let mut items: Vec<&syn::Ident> = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                items.push(&s.ident);
                if !is_camel(&s.ident.to_string()) {
                    return Err(format!("struct `{}` is not UpperCamelCase", s.ident));
                }
                let fields: Vec<&syn::Ident> = s.fields.iter().filter_map(|f| f.ident.as_ref()).collect();
                unique(&format!("field of {}", s.ident), fields.iter().copied())?;
                if let Some(f) = fields.iter().find(|f| !is_snake(&f.to_string())) {
                    return Err(format!("field `{f}` of {} is not snake_case", s.ident));
                }
            }
            syn::Item::Enum(e) => {
                items.push(&e.ident);
                if !is_camel(&e.ident.to_string()) {
                    return Err(format!("enum `{}` is not UpperCamelCase", e.ident));
                }
                unique(&format!("variant of {}", e.ident), e.variants.iter().map(|v| &v.ident))?;
                if let Some(v) = e.variants.iter().find(|v| !is_camel(&v.ident.to_string())) {
                    return Err(format!("variant `{}` of {} is not UpperCamelCase", v.ident, e.ident));
                }
            }
            syn::Item::Fn(f) => {
                items.push(&f.sig.ident);
                if !is_snake(&f.sig.ident.to_string()) {
                    return Err(format!("fn `{}` is not snake_case", f.sig.ident));
                }
                let params: Vec<&syn::Ident> = f
                    .sig
                    .inputs
                    .iter()
                    .filter_map(|a| match a {
                        syn::FnArg::Typed(t) => match &*t.pat {
                            syn::Pat::Ident(p) => Some(&p.ident),
                            _ => None,
                        },
                        syn::FnArg::Receiver(_) => None,
                    })
                    .collect();
                unique(&format!("parameter of {}", f.sig.ident), params.iter().copied())?;
            }
            syn::Item::Mod(m) => {
                items.push(&m.ident);
                if !is_snake(&m.ident.to_string()) {
                    return Err(format!("mod `{}` is not snake_case", m.ident));
                }
            }
            _ => {}
        }
    }
    unique("item", items)
}

/// Run one case through every page on its own and through the whole pipeline.
pub fn check(pages: &[(String, String)], include: Option<&str>) -> Result<Outcome, Failure> {
    let includes = FixedIncludes(include.map(str::to_owned));
    for (path, text) in pages {
        let (_, diags) = pipeline::process_page(path, text, &includes);
        if let Some(d) = diags.into_sorted().into_iter().find(|d| d.code == "internal-error") {
            return Err(Failure::Panic(format!("{d} [{}]", last_panic())));
        }
    }
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Generator::default().generate(Input::Pages { pages, includes: &includes })
    }))
    .map_err(|_| Failure::Panic(format!("in the pipeline: {}", last_panic())))?
    .map_err(|e| Failure::Emit(e.to_string()))?;
    if let Some(d) = run.diagnostics.iter().find(|d| d.code == "internal-error" && d.level == Level::Error) {
        return Err(Failure::Panic(format!("{d} [{}]", last_panic())));
    }
    for file in &run.files {
        if file.path.ends_with(".rs") {
            let parsed = syn::parse_file(&file.contents)
                .map_err(|e| Failure::Unparsable { file: file.path.clone(), error: e.to_string() })?;
            lint(&parsed).map_err(|error| Failure::Invalid { file: file.path.clone(), error })?;
        }
    }
    Ok(Outcome { operations: run.ir.operations.len(), types: run.ir.types.len(), files: run.files.len() })
}

/// [`check`] on a worker thread with a time bound; a case that does not
/// finish in time is a [`Failure::Slow`] (the worker is left running).
pub fn check_with_timeout(
    pages: Vec<(String, String)>,
    include: Option<String>,
    limit: Duration,
) -> Result<Outcome, Failure> {
    let (tx, rx) = std::sync::mpsc::channel();
    let start = Instant::now();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let _ = tx.send(check(&pages, include.as_deref()));
        })
        .map_err(|e| Failure::Panic(format!("cannot spawn the worker: {e}")))?;
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(_) => Err(Failure::Slow(start.elapsed())),
    }
}

/// A case as one file, so that a regression is one fixture: pages separated by
/// `\u{1}graphgen-fuzz-page <path>\n` lines, the include text after
/// `\u{1}graphgen-fuzz-include\n`.
pub fn encode_case(pages: &[(String, String)], include: Option<&str>) -> String {
    let mut out = String::new();
    for (path, text) in pages {
        out.push_str(&format!("\u{1}graphgen-fuzz-page {path}\n{text}"));
        if !text.ends_with('\n') {
            // Marks that the page did not end with a newline (the next one is dropped).
            out.push_str("\n\u{1}graphgen-fuzz-no-newline\n");
        }
    }
    if let Some(inc) = include {
        out.push_str("\u{1}graphgen-fuzz-include\n");
        out.push_str(inc);
        if !inc.ends_with('\n') {
            out.push_str("\n\u{1}graphgen-fuzz-no-newline\n");
        }
    }
    out
}

/// The inverse of [`encode_case`]. A file without markers is one page, `api/<name>`.
pub fn decode_case(name: &str, text: &str) -> (Vec<(String, String)>, Option<String>) {
    if !text.starts_with("\u{1}graphgen-fuzz-page ") {
        return (vec![(format!("api/{name}"), text.to_owned())], None);
    }
    let mut pages: Vec<(String, String)> = Vec::new();
    let mut include: Option<String> = None;
    for chunk in text.split('\u{1}').skip(1) {
        if let Some(rest) = chunk.strip_prefix("graphgen-fuzz-page ") {
            let (path, body) = rest.split_once('\n').unwrap_or((rest, ""));
            pages.push((path.to_owned(), body.to_owned()));
        } else if let Some(rest) = chunk.strip_prefix("graphgen-fuzz-include\n") {
            include = Some(rest.to_owned());
        } else if chunk.starts_with("graphgen-fuzz-no-newline\n") {
            let target = match include.as_mut() {
                Some(inc) => inc,
                None => match pages.last_mut() {
                    Some(p) => &mut p.1,
                    None => continue,
                },
            };
            target.pop();
        } else {
            // A U+0001 that belongs to the page text itself.
            let target = match include.as_mut() {
                Some(inc) => inc,
                None => match pages.last_mut() {
                    Some(p) => &mut p.1,
                    None => continue,
                },
            };
            target.push('\u{1}');
            target.push_str(chunk);
        }
    }
    (pages, include)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_round_trip_through_their_file_form() {
        let pages = vec![
            ("api/a.md".to_owned(), "x\n\u{1}y".to_owned()),
            ("resources/b.md".to_owned(), String::new()),
            ("api/c.md".to_owned(), "z\n".to_owned()),
        ];
        for include in [None, Some("inc"), Some("inc\n")] {
            let text = encode_case(&pages, include);
            assert_eq!(decode_case("n", &text), (pages.clone(), include.map(str::to_owned)));
        }
        assert_eq!(decode_case("x.md", "plain"), (vec![("api/x.md".to_owned(), "plain".to_owned())], None));
    }
}

#[cfg(test)]
mod lint_tests {
    use super::*;

    #[test]
    fn lint_finds_duplicates_and_bad_names() {
        let file = |s: &str| syn::parse_file(s).unwrap();
        assert!(lint(&file("fn a() {} fn a() {}")).is_err());
        assert!(lint(&file("enum E { Self_2 }")).is_err());
        assert!(lint(&file("struct S { a: u8, a: u8 }")).is_err());
        assert!(lint(&file("enum E { Self_, Self2 } struct T { type_: u8 } fn f() {}")).is_ok());
    }

    #[test]
    fn camel_case_is_what_rustc_accepts() {
        for ok in ["Member", "Member1_2", "AllAllowed1_2", "Self2", "X"] {
            assert!(is_camel(ok), "{ok}");
        }
        for bad in ["member", "Member_2", "A__B", "Member_x"] {
            assert!(!is_camel(bad), "{bad}");
        }
    }
}
