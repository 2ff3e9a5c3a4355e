//! The fuzzer in the test suite: every kept regression input
//! (`tests/fixtures/fuzz-regressions/`, written by `graphgen-fuzz` or by hand
//! in its case format) must pass, and a short deterministic session over the
//! seeds must find nothing. Long sessions: `cargo run --release -p graphgen-fuzz -- --seconds 600`.

use graphgen_fuzz::{Seed, Session, check_with_timeout, decode_case, fuzz, install_panic_hook, load_seeds};
use graphgen_tests::workspace;
use std::time::Duration;

#[test]
fn every_kept_regression_input_passes() {
    install_panic_hook();
    let dir = workspace().join("tests/fixtures/fuzz-regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"));
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let (pages, include) = decode_case(&name, &text);
        if let Err(e) = check_with_timeout(pages, include, Duration::from_secs(30)) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_short_deterministic_session_finds_nothing() {
    install_panic_hook();
    // The committed specs and the injection corpus only: the same seeds on every machine.
    let seeds: Vec<Seed> = load_seeds(0);
    assert!(seeds.len() >= 10);
    let session = Session {
        seed: 20_240_601,
        iterations: 200,
        duration: None,
        limit: Duration::from_secs(30),
        save_to: None,
        stop_on_failure: false,
    };
    let report = fuzz(&seeds, &session, |_| {});
    assert_eq!(report.cases, 200);
    let failures: Vec<String> = report.failures.iter().map(|(n, f)| format!("{n}: {f}")).collect();
    assert!(failures.is_empty(), "{failures:#?}");
}
