//! Huge and deeply nested pages: processed in roughly linear time (the time
//! for an input four times as large is compared with the time for the
//! smaller one; no absolute timings), never a stack overflow, never an
//! internal error. Each case runs on a thread with a 2 MiB stack, the
//! default for spawned threads, so deep recursion anywhere would show.
//!
//! The sizes in the names (10 MB, 100,000 rows, 5 MB line) are the release
//! sizes: `cargo test --release -p graphgen-e2e --test scale`. Debug builds
//! (`cargo test --workspace`) run the same shapes at a tenth of the size so
//! the suite stays quick; the depth tests run at full depth in both.

use graphgen::page::NoIncludes;
use graphgen::pipeline::process_page;
use graphgen_tests::{default_settings, generate_pages};
use std::time::{Duration, Instant};

/// Sizes are divided by this in debug builds.
const SCALE: usize = if cfg!(debug_assertions) { 10 } else { 1 };

/// Run the whole pipeline (page → IR → emit) on one page, on a 2 MiB stack.
fn run_page(path: &'static str, text: String) -> Duration {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let start = Instant::now();
            let (_, diags) = process_page(path, &text, &NoIncludes);
            let internal: Vec<String> =
                diags.into_sorted().iter().filter(|d| d.code == "internal-error").map(ToString::to_string).collect();
            assert!(internal.is_empty(), "{internal:?}");
            let inputs = vec![(path.to_owned(), text)];
            let run = generate_pages(default_settings(), &inputs, &NoIncludes);
            assert!(!run.diagnostics.iter().any(|d| d.code == "internal-error"));
            start.elapsed()
        })
        .unwrap()
        .join()
        .expect("no panic and no stack overflow")
}

/// Time for `make(n)` and `make(4n)`; the larger may take at most 8 times as
/// long (linear would be 4). The smaller size is run twice and the faster
/// kept, so that a cold start does not flatter the ratio.
fn assert_linear(name: &str, path: &'static str, n: usize, make: impl Fn(usize) -> String) {
    // One measurement at a time: tests in this binary run in parallel and would skew each other.
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let n = n / SCALE;
    // Below a few milliseconds timer noise dominates.
    let floor = Duration::from_millis(20);
    let (small_text, large_text) = (make(n), make(4 * n));
    let mut small = Duration::MAX;
    let mut large = Duration::MAX;
    let mut ratio = f64::INFINITY;
    // The machine may be busy: measure again (keeping the fastest of each)
    // before calling it super-linear. Quadratic work gives about 16 every time.
    for _ in 0..3 {
        small = small.min(run_page(path, small_text.clone())).min(run_page(path, small_text.clone()));
        large = large.min(run_page(path, large_text.clone()));
        ratio = large.as_secs_f64() / small.max(floor).as_secs_f64();
        if ratio < 8.0 {
            break;
        }
    }
    eprintln!("{name}: n={n}: {small:?}, 4n: {large:?} (ratio {ratio:.1})");
    assert!(ratio < 8.0, "{name}: {n} took {small:?} but {} took {large:?} (ratio {ratio:.1})", 4 * n);
}

const API_HEAD: &str = "---\ntitle: \"create thing\"\ndoc_type: apiPageType\n---\n\n# Create thing\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\nPOST /things\n```\n\n";

const RESOURCE_HEAD: &str = "---\ntitle: \"thing resource type\"\ndoc_type: resourcePageType\n---\n\n# thing resource type\n\nNamespace: microsoft.graph\n\n";

/// A page of about `bytes` bytes: real sections repeated (prose, tables, code).
fn big_page(bytes: usize) -> String {
    let chunk = "## Request body\n\nIn the request body, supply a JSON representation of the *thing* with [a link](../resources/x.md) and `code`.\n\n|Property|Type|Description|\n|:---|:---|:---|\n|displayName|String|The name.|\n|count|Int32|How many.|\n\n> **Note:** a quote.\n\n- a list\n- of items\n\n```json\n{ \"displayName\": \"x\", \"count\": 1, }\n```\n\n<!-- { \"blockType\": \"request\" } -->\n\n";
    let mut page = String::from(API_HEAD);
    while page.len() < bytes {
        page.push_str(chunk);
    }
    page
}

#[test]
fn a_10_mb_page_is_linear() {
    assert_linear("big page", "api/big.md", 2_500_000, big_page);
}

#[test]
fn a_100_000_row_table_is_linear() {
    let make = |rows: usize| {
        let mut page = String::from(RESOURCE_HEAD);
        page.push_str("## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n");
        for i in 0..rows {
            page.push_str(&format!("|property{i}|String|Property number {i}.|\n"));
        }
        page
    };
    assert_linear("table rows", "resources/thing.md", 25_000, make);
}

#[test]
fn a_100_000_row_pipe_paragraph_without_delimiter_is_linear() {
    // No delimiter row: pulldown-cmark sees a paragraph; the reader's own pipe-table path.
    let make = |rows: usize| {
        let mut page = String::from(API_HEAD);
        page.push_str("## Request headers\n\n");
        for i in 0..rows {
            page.push_str(&format!("|Header{i}|value {i}|\n"));
        }
        page
    };
    assert_linear("pipe paragraph", "api/headers.md", 25_000, make);
}

#[test]
fn deep_block_quotes() {
    assert_linear("quotes", "api/quotes.md", 2_500 * SCALE, |d| format!("{API_HEAD}{}x\n", "> ".repeat(d)));
}

#[test]
fn deep_lists() {
    assert_linear("lists", "api/lists.md", 2_500 * SCALE, |d| format!("{API_HEAD}{}x\n", "- ".repeat(d)));
    assert_linear("numbered lists", "api/numbered.md", 2_500 * SCALE, |d| format!("{API_HEAD}{}x\n", "1. ".repeat(d)));
}

#[test]
fn deep_json_brackets_in_examples_and_annotations() {
    let example = |d: usize| {
        format!(
            "{API_HEAD}## Example\n\n### Request\n\n```http\nPOST https://graph.microsoft.com/v1.0/things\nContent-type: application/json\n\n{}{}\n```\n\n### Response\n\n```http\nHTTP/1.1 200 OK\n\n{}\n```\n",
            "[".repeat(d),
            "]".repeat(d),
            "{\"a\":".repeat(d)
        )
    };
    assert_linear("json brackets", "api/json.md", 2_500 * SCALE, example);
    let annotation =
        |d: usize| format!("{API_HEAD}<!-- {}{} -->\n\n```json\n{{}}\n```\n", "{\"a\":".repeat(d), "}".repeat(d));
    assert_linear("annotation brackets", "api/annotation.md", 2_500 * SCALE, annotation);
}

#[test]
fn deep_inline_nesting() {
    assert_linear("links", "api/links.md", 2_500 * SCALE, |d| {
        format!("{API_HEAD}{}x{}\n", "[".repeat(d), "](y)".repeat(d))
    });
    assert_linear("emphasis", "api/emphasis.md", 2_500 * SCALE, |d| {
        format!("{API_HEAD}{}x{}\n", "*".repeat(d), "*".repeat(d))
    });
    assert_linear("html", "api/html.md", 2_500 * SCALE, |d| format!("{API_HEAD}{}x\n", "<div>".repeat(d)));
}

#[test]
fn one_5_mb_line() {
    assert_linear("paragraph line", "api/line.md", 1_250_000, |n| format!("{API_HEAD}{}\n", "word ".repeat(n / 5)));
    assert_linear("table cell", "resources/cell.md", 1_250_000, |n| {
        format!(
            "{RESOURCE_HEAD}## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|p|String|{}|\n",
            "x".repeat(n)
        )
    });
    assert_linear("heading", "api/heading.md", 1_250_000, |n| format!("{API_HEAD}## {}\n", "h".repeat(n)));
    assert_linear("plain text", "api/plain.plain.txt", 1_250_000, |n| format!("Create thing\n{}\n", "y".repeat(n)));
}

#[test]
fn huge_front_matter() {
    assert_linear("front matter keys", "api/fm.md", 25_000, |n| {
        let keys: String = (0..n).map(|i| format!("key{i}: \"value {i}\"\n")).collect();
        format!("---\n{keys}doc_type: apiPageType\n---\n\n# x\n")
    });
    assert_linear("front matter value", "api/fmv.md", 1_250_000, |n| {
        format!("---\ntitle: \"{}\"\ndoc_type: apiPageType\n---\n\n# x\n", "t".repeat(n))
    });
    // Deep YAML nesting must be an error, not a crash.
    run_page("api/fmdeep.md", format!("---\ntitle: {}x{}\n---\n\n# x\n", "[".repeat(10_000), "]".repeat(10_000)));
    run_page("api/fmdeep2.md", format!("---\n{}\n---\n\n# x\n", "- ".repeat(10_000)));
    // YAML aliases that expand exponentially ("billion laughs").
    let mut laughs = String::from("---\na0: &a0 [\"lol\"]\n");
    for i in 1..40 {
        laughs.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}]\n", p = i - 1));
    }
    laughs.push_str("---\n\n# x\n");
    run_page("api/laughs.md", laughs);
}

#[test]
fn many_names_that_become_the_same_identifier_are_linear() {
    // `x.!`, `x-~`, ... all become the field `x`: deduplication must not rescan.
    let make = |rows: usize| {
        let mut page = String::from(RESOURCE_HEAD);
        page.push_str("## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n");
        for i in 0..rows {
            let mut suffix = String::new();
            let mut k = i;
            loop {
                suffix.push(['.', '!', '-', '~'][k % 4]);
                k /= 4;
                if k == 0 {
                    break;
                }
            }
            page.push_str(&format!("|x{suffix}|String|d|\n"));
        }
        page
    };
    assert_linear("same identifier", "resources/same.md", 25_000, make);
}
