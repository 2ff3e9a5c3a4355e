//! `graphgen diff` through the real binary: a folder against itself is empty; an
//! IR document against a copy of its folder with one page edited is exactly that
//! change; on the 2020 beta tree (when the shared corpus is there), the same.

use super::{BIN, temp_dir, workspace};
use std::path::Path;
use std::process::Command;

fn copy_tree(from: &Path, to: &Path) {
    for rel in graphgen::specs::walk_files(from, |_| true, |_| true).unwrap() {
        let target = to.join(&rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&rel), target).unwrap();
    }
}

/// `graphgen diff OLD NEW [--json]`: exit status and stdout.
fn diff(old: &Path, new: &Path, json: bool) -> (i32, String) {
    let mut cmd = Command::new(BIN);
    cmd.arg("diff").arg(old).arg(new).env("GRAPHGEN_NO_SUPERVISOR", "1");
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Remove `property` (or enum member) from `page`: its table row and its JSON
/// representation's key (the generator reads a property from either). The changes from
/// `old_side` to the edited copy must be exactly one, of `kind`, naming it.
fn one_change(original: &Path, page: &str, property: &str, kind: &str, old_side: &Path, scratch: &Path) {
    let copy = scratch.join("edited");
    copy_tree(original, &copy);
    let text = std::fs::read_to_string(copy.join(page)).unwrap();
    let names = |l: &str| {
        l.starts_with(&format!("|{property}|"))
            || l.starts_with(&format!("| {property} "))
            || l.trim_start().starts_with(&format!("\"{property}\":"))
    };
    assert!(text.lines().any(names), "{page} names {property}");
    let edited: String = text.lines().filter(|l| !names(l)).map(|l| format!("{l}\n")).collect();
    std::fs::write(copy.join(page), edited).unwrap();
    let (code, out) = diff(old_side, &copy, true);
    assert_eq!(code, 0, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let changes = json["changes"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> =
        changes.iter().map(|c| (c["kind"].as_str().unwrap(), c["detail"].as_str().unwrap())).collect();
    assert_eq!(kinds.len(), 1, "exactly one change: {kinds:?}");
    assert_eq!(kinds[0].0, kind, "{kinds:?}");
    assert!(kinds[0].1.contains(property), "{kinds:?}");
    assert_eq!(json["semver"], "major");
}

#[test]
fn the_seed_specs_against_themselves_and_an_ir_document_against_an_edited_copy() {
    let scratch = temp_dir("diff-seeds");
    let specs = workspace().join("specs");
    let (code, out) = diff(&specs, &specs, false);
    assert_eq!(code, 0);
    assert!(out.contains("0 breaking, 0 added, 0 other. Semver: **none**."), "{out}");
    let ir = scratch.join("ir.json");
    let status = Command::new(BIN)
        .arg("--specs")
        .arg(&specs)
        .arg("--emit-ir")
        .arg(&ir)
        .arg("--quiet")
        .env("GRAPHGEN_NO_SUPERVISOR", "1")
        .status()
        .unwrap();
    assert!(status.success() || status.code() == Some(1));
    let page = "resources/intune-odj-devicemanagementdomainjoinconnector.md";
    one_change(&specs, page, "state", "property-removed", &ir, &scratch);
    let (code, _) = diff(&scratch.join("missing"), &specs, false);
    assert_eq!(code, 2, "an unreadable side is a usage error");
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn the_beta_tree_against_itself_and_an_edited_copy() {
    let beta = workspace().join("../shared/corpus/msgraph-docs-2020/api-reference/beta");
    if !beta.is_dir() {
        eprintln!("note: ../shared/corpus not found; the tree diff is not run");
        return;
    }
    let scratch = temp_dir("diff-beta");
    let (code, out) = diff(&beta, &beta, false);
    assert_eq!(code, 0);
    assert!(out.contains("0 breaking, 0 added, 0 other"), "{out}");
    // An enum member: removing a property of `user` would also change the body of the
    // update page that lists it (a true change of the crate, but not one change).
    one_change(&beta, "resources/intune-books-installstate.md", "failed", "enum-member-removed", &beta, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
}
