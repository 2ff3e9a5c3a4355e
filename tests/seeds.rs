//! The five seed pages end to end: per-page snapshots of the page model, the
//! diagnostics and summary, what the seeds must produce, `--check` on the
//! committed tree (the committed `generated/` is the output's snapshot), and no
//! snapshot left unreferenced. The IR's one snapshot is the published document
//! (`ir_document.rs`).

use graphgen::classify::PageKind;
use graphgen::diagnostics::Level;
use graphgen::page::NoIncludes;
use graphgen::pipeline::{self, FsIncludes};
use graphgen_tests::{read_pages, run_specs, snapshot_name, specs, workspace};
use std::collections::BTreeSet;

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots");
    s.set_prepend_module_to_snapshot(false);
    s
}

/// Names of the snapshots these tests write; the unreferenced check compares against it.
fn expected_snapshots() -> BTreeSet<String> {
    let run = run_specs();
    let mut names = BTreeSet::new();
    for page in &run.pages {
        names.insert(format!("page__{}", snapshot_name(&page.path)));
    }
    names.insert("diagnostics__specs".into());
    names
}

#[test]
fn every_page_has_a_page_model_snapshot() {
    let specs = specs();
    let includes = FsIncludes::new(&specs);
    for (rel, text) in read_pages(&specs) {
        // The page alone: its model and its diagnostics (the IR is snapshotted once, as the
        // published document in tests/ir_document.rs; the output as the committed generated/).
        let (result, diags) = pipeline::process_page(&rel, &text, &includes);
        let value = serde_json::json!({
            "path": rel,
            "kind": format!("{:?}", result.kind),
            "locale": result.locale,
            "page": result.page,
            "diagnostics": diags.into_sorted().iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        settings().bind(|| insta::assert_json_snapshot!(format!("page__{}", snapshot_name(&rel)), value));
    }
}

#[test]
fn whole_specs_diagnostics_snapshot() {
    let run = run_specs();
    settings().bind(|| {
        let lines: Vec<String> = run.diagnostics.iter().map(ToString::to_string).collect();
        insta::assert_json_snapshot!("diagnostics__specs", (run.summary.to_string(), lines));
    });
}

#[test]
fn no_snapshot_is_unreferenced() {
    let dir = workspace().join("tests/snapshots");
    let expected = expected_snapshots();
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".snap") {
            if !expected.contains(stem) {
                stale.push(name);
            }
        }
    }
    assert!(stale.is_empty(), "snapshots no test writes any more (delete them): {stale:?}");
}

#[test]
fn the_seeds_produce_what_the_issue_asks_for() {
    let run = run_specs();
    let s = &run.summary;
    assert_eq!((s.pages_read, s.api_pages, s.resource_pages, s.enum_pages, s.skipped_pages), (8, 4, 1, 2, 1));
    assert_eq!((s.operations, s.errors), (3, 0));

    // The how-to page is skipped, and the warning says why.
    let skipped = run.pages.iter().find(|p| p.path == "how-to/chrome-enterprise-connector-configure.md").unwrap();
    assert!(matches!(&skipped.kind, PageKind::Skipped(why) if why.contains("ms.topic: how-to")));
    assert!(
        run.diagnostics.iter().any(|d| d.code == "page-skipped" && d.file == skipped.path && d.level == Level::Warning)
    );

    let op = |name: &str| {
        run.ir.operations.iter().find(|o| o.rust_name == name).unwrap_or_else(|| panic!("no operation {name}"))
    };
    let connect = op("connect");
    assert_eq!(
        (connect.method.as_str(), connect.paths[0].template.as_str()),
        ("POST", "/deviceManagement/chromeOSOnboardingSettings/connect")
    );
    let disconnect = op("disconnect");
    // One operation from the English page and its ru-RU translation; permissions from the translation.
    assert_eq!(disconnect.sources.len(), 2);
    assert!(disconnect.sources[1].file.ends_with(".ru-ru.md"));
    assert_eq!(disconnect.permissions[0].least, vec!["DeviceManagementConfiguration.ReadWrite.All"]);
    assert!(disconnect.permissions[0].source.file.ends_with(".ru-ru.md"));
    let create = op("create_domain_join_connector");
    assert_eq!(create.response.status, Some(201));
    assert_eq!(create.national_clouds.len(), 4);

    let connector = run.ir.types.iter().find(|t| t.rust_name == "DeviceManagementDomainJoinConnector").unwrap();
    let fields: Vec<&str> = connector.properties.iter().map(|p| p.rust_name.as_str()).collect();
    assert_eq!(fields, ["id", "display_name", "last_connection_date_time", "state", "version"]);
    let state = run.ir.enums.iter().find(|e| e.rust_name == "DeviceManagementDomainJoinConnectorState").unwrap();
    assert_eq!(state.members.iter().map(|m| m.wire_name.as_str()).collect::<Vec<_>>(), ["active", "error", "inactive"]);
    let status = run.ir.enums.iter().find(|e| e.rust_name == "ChromeOsOnboardingStatus").unwrap();
    assert_eq!(status.members.len(), 6);
}

#[test]
fn committed_generated_crate_is_up_to_date() {
    // Exactly what `cargo run -p graphgen -- --check` does.
    let code = graphgen::cli::main_with_args(["graphgen", "--check", "--quiet"]);
    assert_eq!(code, std::process::ExitCode::SUCCESS, "generated/ is stale: run `cargo run -p graphgen`");
}

#[test]
fn a_missing_include_is_a_warning_not_a_failure() {
    let text =
        std::fs::read_to_string(specs().join("api/intune-chromebooksync-chromeosonboardingsettings-disconnect.md"))
            .unwrap();
    let (result, diags) = pipeline::process_page("api/x.md", &text, &NoIncludes);
    assert!(result.page.is_some());
    let d: Vec<_> = diags.iter().collect();
    assert!(d.iter().any(|d| d.code == "missing-include" && d.level == Level::Warning && d.line == 24), "{d:?}");
    assert!(!diags.has_errors());
}
