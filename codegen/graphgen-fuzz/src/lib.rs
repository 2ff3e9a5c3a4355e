//! A structured fuzzer for graphgen that runs on stable Rust (no libFuzzer):
//! real pages are mutated (lines spliced between pages, table cells dropped or
//! duplicated, truncation, hostile tokens, random characters, deep nesting of
//! every construct, request path segments and table rows repeated past the
//! bounds of `graphgen::limits`, chains and cycles of base types)
//! and driven through [`graphgen::pipeline::process_page`] and the whole
//! page → IR → emit path ([`graphgen::pipeline::run_on_texts`]).
//!
//! An input fails when anything panics (also a panic that `process_page`
//! caught and turned into an `internal-error` diagnostic), when emit reports
//! an internal error, when a generated `.rs` file does not parse with
//! `syn::parse_file`, or when it takes longer than the time bound.

use graphgen::diagnostics::{Diagnostics, Level};
use graphgen::emit::EmitConfig;
use graphgen::page::{IncludeResolver, IncludedDocument};
use graphgen::pipeline;
use graphgen::read::read_document;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
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
    let Ok(files) = pipeline::discover(root) else { return };
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
        let count = pipeline::discover(&old).map_or(0, |f| f.len());
        if count > 0 {
            read_tree(&old, count / corpus_sample.max(1), corpus_sample, &mut seeds);
        }
    }
    seeds
}

/// Text that tries to break out of identifiers, literals and doc comments, or
/// to confuse the readers.
pub const HOSTILE: &[&str] = &[
    "*/",
    "/*",
    "\"#",
    "r#\"",
    "\"###",
    "\u{202e}",
    "\u{2066}",
    "\u{feff}",
    "\u{0}",
    "); }",
    "}]) ;",
    "#[cfg(any())]",
    "//!",
    "///",
    "/* */",
    "type",
    "self",
    "Self",
    "crate",
    "async",
    "r#type",
    "2fa",
    "@odata.type",
    "@odata.nextLink",
    "|",
    "\\|",
    "||||",
    "|:---|:---|",
    "```",
    "~~~",
    "```http",
    "<!--",
    "-->",
    "<!-- { \"blockType\": \"request\" } -->",
    "<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.x\" } -->",
    "[!INCLUDE [x](../../includes/x.md)]",
    "[!INCLUDE [",
    "<a name=\"x\"></a>",
    "## ",
    "# ",
    "> ",
    "- ",
    "1. ",
    "---",
    "\r\n",
    "\r",
    "\t",
    "{",
    "}",
    "[",
    "]",
    "{\"value\": [",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "1e999999",
    "-0",
    "99999999999999999999999",
    "POST /a/{id}/b",
    "GET /{x}",
    "GET /users('{id}')",
    "/{",
    "}/",
    "HTTP/1.1 200 OK",
    "HTTP/1.1 999999999999 OK",
    "HTTP/1.1 204 No Content",
    "Content-Type: application/json",
    "Collection(",
    "Collection(Collection(",
    "microsoft.graph.",
    "String collection",
    "Edm.",
    "&#x202e;",
    "&amp;",
    "&nbsp;",
    "**",
    "`",
    "ǅ",
    "ß",
    "İ",
    "ﬁ",
    "𝔘",
    "Ⅻ",
    "ⅰ",
    "\u{0301}",
    "٣",
];

/// Lines spliced in from elsewhere: whole structural lines of real pages.
const STRUCTURE: &[&str] = &[
    "## Permissions",
    "## HTTP request",
    "## Request headers",
    "## Request body",
    "## Response",
    "## Example",
    "### Request",
    "### Response",
    "## Properties",
    "## Members",
    "## Relationships",
    "## JSON representation",
    "|Property|Type|Description|",
    "|Member|Value|Description|",
    "|Permission type|Permissions (from least to most privileged)|",
    "|Header|Value|",
    "|Parameter|Type|Description|",
    "|:---|:---|:---|",
    "|Delegated (work or school account)|User.Read.All|",
    "|Application|Not supported.|",
    "|id|String|The id.|",
    "|value|Int32|x|",
    "doc_type: apiPageType",
    "doc_type: resourcePageType",
    "doc_type: enumPageType",
    "title: \"x resource type\"",
    "Namespace: microsoft.graph",
];

fn char_floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn random_char(rng: &mut Rng) -> char {
    match rng.below(6) {
        0 => char::from(rng.below(0x20) as u8),
        1..=3 => char::from(0x20 + rng.below(0x5f) as u8),
        4 => char::from_u32(0x80 + rng.below(0x3000) as u32).unwrap_or('?'),
        _ => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
    }
}

/// Split a table line into cells, keeping the leading/trailing pipes apart.
fn mutate_cells(rng: &mut Rng, line: &str) -> String {
    let mut cells: Vec<&str> = line.split('|').collect();
    if cells.len() < 2 {
        return line.to_owned();
    }
    let i = rng.below(cells.len());
    match rng.below(4) {
        0 => {
            cells.remove(i);
        }
        1 => {
            let cell = cells[i];
            cells.insert(i, cell);
        }
        2 => {
            let j = rng.below(cells.len());
            cells.swap(i, j);
        }
        _ => cells.insert(i, ""),
    }
    cells.join("|")
}

fn nesting(rng: &mut Rng) -> String {
    // Mostly shallow; now and then as deep as a hostile page (the bounds in `graphgen::limits`).
    let depth = if rng.chance(20) { 1 + rng.below(200_000) } else { 1 + rng.below(3000) };
    match rng.below(11) {
        0 => format!("{}x\n", ">".repeat(depth)),
        1 => (0..depth.min(400)).map(|d| format!("{}- x\n", "  ".repeat(d))).collect(),
        2 => format!("```json\n{}{}\n```\n", "[".repeat(depth), "]".repeat(rng.below(depth + 1))),
        3 => format!("<!-- {}{} -->\n", "{\"a\":".repeat(depth), "}".repeat(rng.below(depth + 1))),
        4 => format!("{}x{}\n", "[".repeat(depth), "](y)".repeat(rng.below(depth + 1))),
        5 => format!("{}x\n", "- ".repeat(depth)),
        6 => format!("{}|a|b|\n{}|-|-|\n", "> ".repeat(depth), "> ".repeat(depth)),
        7 => format!("|p|{}String{}|x|\n", "Collection(".repeat(depth), ")".repeat(rng.below(depth + 1))),
        8 => format!("{}x{}\n", "<!-- ".repeat(depth), " -->".repeat(rng.below(depth + 1))),
        9 => format!("---\ntitle: {}\n---\n", "[".repeat(depth)),
        _ => format!("{}x{}\n", "*".repeat(depth), "*".repeat(rng.below(depth + 1))),
    }
}

/// How many times a repeating mutation repeats: mostly a few, now and then past the bounds.
fn repeat_count(rng: &mut Rng) -> usize {
    if rng.chance(10) { 1 + rng.below(5_000) } else { 1 + rng.below(20) }
}

/// Repeat one segment of a request path (`/users/{id}` → `/users/{id}/users/{id}/…`).
fn repeat_path_segment(rng: &mut Rng, line: &str) -> Option<String> {
    let start = line.find(" /")? + 1;
    let path_end = line[start..].find(char::is_whitespace).map_or(line.len(), |e| start + e);
    let path = &line[start..path_end];
    let cuts: Vec<usize> = path.match_indices('/').map(|(i, _)| i).collect();
    let from = *cuts.get(rng.below(cuts.len()))?;
    let to = cuts.iter().copied().find(|&c| c > from).unwrap_or(path.len());
    let segment = &path[from..to];
    let repeated = segment.repeat(repeat_count(rng));
    Some(format!("{}{}{}{}", &line[..start + from], repeated, &path[to..], &line[path_end..]))
}

/// Repeat a table row, its first cell numbered so that the rows stay distinct (or not).
fn repeat_table_row(rng: &mut Rng, line: &str) -> String {
    let count = repeat_count(rng);
    let numbered = rng.chance(2);
    let mut out = String::with_capacity(line.len() * count);
    for i in 0..count {
        if numbered {
            let body = line.trim_start_matches('|');
            out.push('|');
            let cut = body.find('|').unwrap_or(body.len());
            out.push_str(body[..cut].trim_end());
            out.push_str(&i.to_string());
            out.push_str(&body[cut..]);
        } else {
            out.push_str(line);
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Resource pages whose base types form a chain `length` long (sometimes closed into a cycle).
pub fn base_type_chain(rng: &mut Rng, length: usize) -> Vec<(String, String)> {
    let cycle = rng.chance(4);
    (0..length)
        .map(|i| {
            let base = match i {
                0 if cycle => Some(length - 1),
                0 => None,
                _ => Some(i - 1),
            };
            let inherits = base.map(|b| format!("Inherits from [chain{b}](chain{b}.md).\n\n")).unwrap_or_default();
            let text = format!(
                "---\ntitle: \"chain{i} resource type\"\ndoc_type: resourcePageType\n---\n\n# chain{i} resource type\n\nNamespace: microsoft.graph\n\n{inherits}## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|p{i}|String|x|\n|shared|[chain{b}](chain{b}.md)|x|\n",
                b = base.unwrap_or(i)
            );
            (format!("resources/chain{i}.md"), text)
        })
        .collect()
}

/// Apply one random mutation to `text`.
pub fn mutate_once(rng: &mut Rng, text: &str, seeds: &[Seed]) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let n = lines.len();
    match rng.below(19) {
        // Repeat a segment of a request path.
        16 => {
            let candidates: Vec<usize> = (0..n).filter(|&i| lines[i].contains(" /")).collect();
            if let Some(&i) = candidates.get(rng.below(candidates.len())) {
                if let Some(line) = repeat_path_segment(rng, &lines[i]) {
                    lines[i] = line;
                }
            }
        }
        // Repeat a table row.
        17 => {
            let candidates: Vec<usize> = (0..n).filter(|&i| lines[i].starts_with('|')).collect();
            if let Some(&i) = candidates.get(rng.below(candidates.len())) {
                lines[i] = repeat_table_row(rng, &lines[i]);
            }
        }
        // Deep nesting, again (deepening is the commonest way to find a recursion).
        18 => {
            let at = rng.below(n + 1);
            lines.insert(at, nesting(rng));
        }
        // Splice lines from another page.
        0 | 1 => {
            let other = &rng.pick(seeds).text;
            let other: Vec<&str> = other.split_inclusive('\n').collect();
            if !other.is_empty() {
                let start = rng.below(other.len());
                let len = 1 + rng.below(8);
                let at = rng.below(n + 1);
                let chunk: Vec<String> =
                    other[start..(start + len).min(other.len())].iter().map(|s| (*s).to_owned()).collect();
                lines.splice(at..at, chunk);
            }
        }
        // Drop, duplicate or swap table cells.
        2 | 3 => {
            let table_lines: Vec<usize> = (0..n).filter(|&i| lines[i].contains('|')).collect();
            if let Some(&i) = table_lines.get(rng.below(table_lines.len())) {
                lines[i] = mutate_cells(rng, &lines[i]);
            }
        }
        // Truncate.
        4 => {
            let cut = char_floor(text, rng.below(text.len() + 1));
            return text[..cut].to_owned();
        }
        // Hostile token at a random place.
        5..=7 => {
            let at = char_floor(text, rng.below(text.len() + 1));
            let token = rng.pick(HOSTILE);
            return format!("{}{}{}", &text[..at], token, &text[at..]);
        }
        // Hostile token inside a table cell or heading.
        8 => {
            let candidates: Vec<usize> =
                (0..n).filter(|&i| lines[i].starts_with('|') || lines[i].starts_with('#')).collect();
            if let Some(&i) = candidates.get(rng.below(candidates.len())) {
                let line = &lines[i];
                let at = char_floor(line, 1 + rng.below(line.len()));
                let token = rng.pick(HOSTILE);
                lines[i] = format!("{}{}{}", &line[..at], token, &line[at..]);
            }
        }
        // Random characters.
        9 => {
            let at = char_floor(text, rng.below(text.len() + 1));
            let noise: String = (0..1 + rng.below(16)).map(|_| random_char(rng)).collect();
            return format!("{}{}{}", &text[..at], noise, &text[at..]);
        }
        // Delete a run of lines.
        10 => {
            let at = rng.below(n);
            let len = 1 + rng.below(6);
            lines.drain(at..(at + len).min(n));
        }
        // Duplicate a run of lines.
        11 => {
            let at = rng.below(n);
            let len = 1 + rng.below(6);
            let chunk: Vec<String> = lines[at..(at + len).min(n)].to_vec();
            let to = rng.below(lines.len() + 1);
            lines.splice(to..to, chunk);
        }
        // Swap two lines.
        12 => {
            let (a, b) = (rng.below(n), rng.below(n));
            lines.swap(a, b);
        }
        // A structural line of some page.
        13 => {
            let at = rng.below(n + 1);
            lines.insert(at, format!("{}\n", rng.pick(STRUCTURE)));
        }
        // Deep nesting.
        14 => {
            let at = rng.below(n + 1);
            lines.insert(at, nesting(rng));
        }
        // Flip a byte to another ASCII character.
        _ => {
            let at = char_floor(text, rng.below(text.len()));
            let mut out = text[..at].to_owned();
            out.push(char::from(0x20 + rng.below(0x5f) as u8));
            let rest = &text[at..];
            let skip = rest.chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[skip..]);
            return out;
        }
    }
    lines.concat()
}

/// A page path for a mutated page: the seed's, sometimes moved to another
/// folder, made plain text or given a locale.
fn mutate_path(rng: &mut Rng, path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.trim_end_matches(".md").trim_end_matches(".txt").trim_end_matches(".plain");
    match rng.below(8) {
        0 => format!("api/{stem}.md"),
        1 => format!("resources/{stem}.md"),
        2 => format!("api/{stem}.plain.txt"),
        3 => format!("api/{stem}.de-de.md"),
        _ => path.to_owned(),
    }
}

/// The largest page a case grows to (the scale tests cover bigger ones).
const MAX_CASE_BYTES: usize = 4 << 20;

/// One fuzz case: one or more pages (the first is the mutated one).
pub fn generate(rng: &mut Rng, seeds: &[Seed]) -> Vec<(String, String)> {
    let seed = rng.pick(seeds);
    let mut text = seed.text.clone();
    let max_rounds = if rng.chance(8) { 40 } else { 6 };
    let rounds = 1 + rng.below(max_rounds);
    for _ in 0..rounds {
        text = mutate_once(rng, &text, seeds);
        // Repeating mutations compound; past a few megabytes a case only tests the machine.
        if text.len() > MAX_CASE_BYTES {
            text.truncate(char_floor(&text, MAX_CASE_BYTES));
            break;
        }
    }
    let mut pages = vec![(mutate_path(rng, &seed.path), text)];
    // Other pages beside it, so that lowering merges and resolves across pages.
    for _ in 0..rng.below(4) {
        let other = rng.pick(seeds);
        let text = if rng.chance(2) { mutate_once(rng, &other.text, seeds) } else { other.text.clone() };
        pages.push((other.path.clone(), text));
    }
    // A chain of base types beside it (sometimes past `MAX_BASE_DEPTH`, sometimes a cycle).
    if rng.chance(12) {
        let length = 2 + if rng.chance(4) { rng.below(300) } else { rng.below(12) };
        pages.extend(base_type_chain(rng, length));
    }
    // Same path twice (a translation beside its page, or a plain duplicate).
    if rng.chance(10) {
        let (p, t) = pages[0].clone();
        pages.push((p.replace(".md", ".ja-jp.md"), mutate_once(rng, &t, seeds)));
    }
    pages
}

/// Resolves every `[!INCLUDE]` to a fixed text (the fuzz case's include file), read.
pub struct FixedIncludes(pub Option<String>);

impl IncludeResolver for FixedIncludes {
    fn resolve(&self, page_path: &str, target: &str) -> Result<IncludedDocument, String> {
        match &self.0 {
            Some(text) => {
                let mut diagnostics = Diagnostics::new();
                let path = format!("includes/{}", target.len() + page_path.len());
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

fn config() -> EmitConfig {
    EmitConfig {
        crate_name: "msgraph-generated".into(),
        runtime_path: "../codegen/graphgen-runtime".into(),
        specs_label: "specs".into(),
    }
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
        pipeline::run_on_texts(pages, &includes, &config(), Diagnostics::new())
    }))
    .map_err(|_| Failure::Panic(format!("in run_on_texts: {}", last_panic())))?
    .map_err(Failure::Emit)?;
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
