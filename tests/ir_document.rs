//! The IR document (`--emit-ir`): a snapshot of it for `specs/`, validation
//! against the committed JSON Schema, the schema kept up to date, byte-identical
//! output whatever the input order, the command line, and (when the shared
//! corpus is beside the checkout) every real API page either producing an
//! operation or saying why not.

use graphgen::ir_document::{IrDocument, PageKindDoc, SCHEMA_PATH, schema_json};
use graphgen::pipeline::Run;
use graphgen::{Generator, Input};
use graphgen_tests::{run_specs, specs, temp_dir, workspace};
use std::path::Path;
use std::process::ExitCode;

fn document(run: &Run) -> String {
    IrDocument::build(&run.ir, &run.diagnostics, "specs").to_json()
}

fn committed_schema() -> serde_json::Value {
    let text = std::fs::read_to_string(workspace().join(SCHEMA_PATH)).expect("the schema is committed");
    serde_json::from_str(&text).expect("the committed schema is JSON")
}

fn assert_valid(document: &str) {
    let instance: serde_json::Value = serde_json::from_str(document).expect("the document is JSON");
    let validator = jsonschema::validator_for(&committed_schema()).expect("the committed schema is a valid schema");
    let errors: Vec<String> =
        validator.iter_errors(&instance).take(10).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "the document does not match {SCHEMA_PATH}:\n{}", errors.join("\n"));
}

fn cli(args: &[&std::ffi::OsStr]) -> ExitCode {
    let mut all: Vec<&std::ffi::OsStr> = vec!["graphgen".as_ref()];
    all.extend_from_slice(args);
    graphgen::cli::main_with_args(all)
}

#[test]
fn the_specs_document_snapshot() {
    let doc = document(&run_specs());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/ir_document");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("ir_document__specs", doc));
}

#[test]
fn the_specs_document_matches_the_committed_schema() {
    assert_valid(&document(&run_specs()));
}

#[test]
fn the_committed_schema_is_up_to_date() {
    let committed = std::fs::read_to_string(workspace().join(SCHEMA_PATH)).unwrap();
    assert!(committed == schema_json(), "{SCHEMA_PATH} is stale: run `cargo run -p graphgen` to regenerate it");
}

#[test]
fn the_schema_rejects_what_is_not_a_document() {
    let validator = jsonschema::validator_for(&committed_schema()).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&document(&run_specs())).unwrap();
    assert!(validator.is_valid(&doc));
    doc["format_version"] = 2.into();
    assert!(!validator.is_valid(&doc), "another format_version must not validate");
    doc["format_version"] = 1.into();
    doc["operations"][0]["method"] = serde_json::Value::Null;
    assert!(!validator.is_valid(&doc));
}

#[test]
fn the_document_without_the_rust_output_is_the_same() {
    // `--emit-ir` alone analyses without emitting; the document must not depend on it.
    let specs = specs();
    let analysed = Generator::default().analyse(Input::Folder(&specs)).unwrap();
    assert_eq!(document(&analysed), document(&run_specs()));
}

#[test]
fn emit_ir_with_out_writes_both_and_check_finds_a_stale_document() {
    let dir = temp_dir("ir-test-cli");
    let ir = dir.join("ir.json");
    let out = dir.join("generated");
    let specs = specs();
    let code = cli(&[
        "--quiet".as_ref(),
        "--specs".as_ref(),
        specs.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--emit-ir".as_ref(),
        ir.as_os_str(),
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    let written = std::fs::read_to_string(&ir).unwrap();
    assert_eq!(written, document(&run_specs()));
    assert!(out.join("src/lib.rs").is_file(), "--out was given: the crate is written too");

    // A second run writes the same bytes, and --check agrees.
    let code = cli(&["--quiet".as_ref(), "--specs".as_ref(), specs.as_os_str(), "--emit-ir".as_ref(), ir.as_os_str()]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(std::fs::read_to_string(&ir).unwrap(), written);
    let check = |ir: &Path| {
        cli(&[
            "--quiet".as_ref(),
            "--check".as_ref(),
            "--specs".as_ref(),
            specs.as_os_str(),
            "--emit-ir".as_ref(),
            ir.as_os_str(),
        ])
    };
    assert_eq!(check(&ir), ExitCode::SUCCESS);
    std::fs::write(&ir, "{}").unwrap();
    assert_eq!(check(&ir), ExitCode::FAILURE, "--check must fail on a stale document");
    assert_eq!(std::fs::read_to_string(&ir).unwrap(), "{}", "--check writes nothing");
    assert_eq!(check(&dir.join("missing.json")), ExitCode::FAILURE);
    assert!(!dir.join("missing.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_with_the_document_on_stdout_is_a_usage_error() {
    let code = cli(&["--check".as_ref(), "--emit-ir".as_ref(), "-".as_ref()]);
    assert_eq!(code, ExitCode::from(2));
}

/// Every page of a real docs tree: the document is produced and valid, and
/// every API page that yields no operation has a diagnostic that says why.
fn check_corpus_tree(root: &Path) {
    let run = Generator::default().analyse(Input::Folder(root)).expect("the corpus is readable");
    let doc = IrDocument::build(&run.ir, &run.diagnostics, "corpus");
    assert!(!doc.operations.is_empty(), "{}: no operations", root.display());
    assert_valid(&doc.to_json());
    let mut missing = Vec::new();
    for page in doc.pages.iter().filter(|p| p.kind == PageKindDoc::Api && p.operations.is_empty()) {
        let on_page = |code: &str| {
            run.diagnostics
                .iter()
                .any(|d| d.file == page.file && d.code == code && d.level >= graphgen::diagnostics::Level::Warning)
        };
        let explained = if page.merged_into.is_empty() {
            // Produced nothing: the reason is the page's most severe diagnostic.
            page.reason.as_ref().is_some_and(|r| !r.message.is_empty() && on_page(&r.code))
        } else {
            // Merged into another page's operation: a translation, or a duplicate (diagnosed).
            !page.locale.starts_with("en") || on_page("duplicate-operation")
        };
        if !explained {
            missing.push(page.file.clone());
        }
    }
    assert!(missing.is_empty(), "API pages without an operation and without a reason: {missing:?}");
}

#[test]
fn corpus_api_pages_without_operations_are_diagnosed() {
    let Some(corpus) = graphgen_tests::corpus() else { return };
    let trees = corpus.join("msgraph-docs-2020/api-reference");
    // The two trees side by side: the test is about as long as the larger one.
    std::thread::scope(|scope| {
        for version in ["v1.0", "beta"] {
            let root = trees.join(version);
            if root.is_dir() {
                scope.spawn(move || check_corpus_tree(&root));
            }
        }
    });
}
