//! The generator's modules import one way: the leaf modules import no stage,
//! and each stage imports only earlier stages and leaves (read → classify →
//! page → lower → emit / ir_document → output / trees → pipeline → report / diff → cli).
//! Read from the source: every `crate::<module>` a file of a module names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Leaves in the order they may import each other (a leaf imports only earlier leaves).
const LEAVES: &[&str] = &["crash", "error", "diagnostics", "limits", "naming", "parallel", "specs", "ir", "summary"];

/// Stages in data-flow order; one rank may not import another of the same rank.
const STAGES: &[(&str, u32)] = &[
    ("read", 1),
    ("classify", 2),
    ("page", 3),
    ("lower", 4),
    ("emit", 5),
    ("ir_document", 5),
    ("output", 6),
    ("trees", 6),
    ("pipeline", 7),
    ("report", 8),
    ("diff", 8),
    ("cli", 9),
];

/// Rank of a module: leaves below every stage, in their own order.
fn rank(module: &str) -> Option<f64> {
    if let Some(i) = LEAVES.iter().position(|l| *l == module) {
        return Some(i as f64 / LEAVES.len() as f64);
    }
    STAGES.iter().find(|(m, _)| *m == module).map(|(_, r)| f64::from(*r))
}

/// Top-level module → the other top-level modules its files name as `crate::x`.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let files = graphgen::specs::walk_files(src, |_| true, |f| f.ends_with(".rs")).expect("the source is readable");
    for rel in files {
        let module = rel.split('/').next().unwrap_or_default().trim_end_matches(".rs").to_owned();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(src.join(&rel)).expect("readable");
        let mut named = BTreeSet::new();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or_default();
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                let after = &rest[at + "crate::".len()..];
                let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    named.insert(name);
                }
                // `use crate::{a, b::c}`
                if let Some(group) = after.strip_prefix('{') {
                    let group = group.split('}').next().unwrap_or_default();
                    for part in group.split(',') {
                        let name: String =
                            part.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                        if !name.is_empty() {
                            named.insert(name);
                        }
                    }
                }
                rest = after;
            }
        }
        named.remove(&module);
        out.entry(module).or_default().extend(named);
    }
    out
}

#[test]
fn every_import_points_one_way() {
    let src = graphgen_tests::workspace().join("codegen/graphgen/src");
    let graph = imports(&src);
    let mut wrong = Vec::new();
    for (module, named) in &graph {
        let Some(from) = rank(module) else {
            wrong.push(format!("{module}: not placed in LEAVES or STAGES of tests/architecture.rs"));
            continue;
        };
        for to in named {
            match rank(to) {
                Some(r) if r < from => {}
                Some(_) => wrong.push(format!("{module} imports {to}, which comes later or beside it")),
                None if graph.contains_key(to) => wrong.push(format!("{to}: not placed")),
                None => {} // not a module (`crate::Error` re-exports and the like)
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the flow:\n{}", wrong.join("\n"));
    // The check sees the imports it must see.
    assert!(graph["lower"].contains("page") && graph["emit"].contains("ir"), "{graph:?}");
}

#[test]
fn every_module_of_the_library_is_placed() {
    let lib = std::fs::read_to_string(graphgen_tests::workspace().join("codegen/graphgen/src/lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line.strip_prefix("pub mod ").and_then(|l| l.strip_suffix(';')) {
            assert!(rank(name).is_some(), "module {name} is not placed in tests/architecture.rs");
        }
    }
}

#[test]
fn no_file_of_the_generator_is_over_600_lines() {
    let root = graphgen_tests::workspace().join("codegen");
    let files = graphgen::specs::walk_files(&root, |_| true, |f| f.ends_with(".rs")).unwrap();
    let long: Vec<String> = files
        .iter()
        .filter_map(|rel| {
            let lines = std::fs::read_to_string(root.join(rel)).ok()?.lines().count();
            (lines > 600).then(|| format!("codegen/{rel}: {lines} lines"))
        })
        .collect();
    assert!(long.is_empty(), "split these by job: {long:?}");
}
