//! The coverage report (`--report FILE`): what a run made of every page, as
//! JSON for tools and as a short markdown summary for people.

use crate::classify::PageKind;
use crate::diagnostics::{Code, Level};
use crate::pipeline::Run;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Bumped when a field changes meaning or goes away.
pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub report_version: u32,
    pub totals: Totals,
    /// API pages that produced no operation of their own, each with the diagnostics that say why.
    pub api_pages_without_operations: Vec<PageWithoutOperation>,
    /// API pages whose operation is documented by another page too (merged into that one).
    pub api_pages_merged: Vec<String>,
    /// Skipped pages, grouped by reason.
    pub skipped: BTreeMap<String, Vec<String>>,
    /// Type names no page defines, with where they are used (`file:line`).
    pub unresolved_types: BTreeMap<String, Vec<String>>,
    /// Every diagnostic code of the run: level, count, and the first locations.
    pub diagnostics_by_code: BTreeMap<String, CodeCount>,
    /// The strict example check: how the docs' example keys land in the types.
    pub fidelity: Fidelity,
    /// Docs errors the model proves (`path-not-in-model`, `method-not-allowed`), each as
    /// `file:line: message`, sorted by code, then file and line: a list a docs maintainer
    /// can work through.
    pub docs_errors: BTreeMap<String, Vec<String>>,
}

/// The codes of docs errors the model proves.
const DOCS_ERROR_CODES: &[Code] = &[Code::PathNotInModel, Code::MethodNotAllowed];

/// The strict example check's figures.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Fidelity {
    /// Keys of usable examples, at every depth, that are a field of their type.
    pub keys_typed: usize,
    /// Keys some page documents but not on the type they are read as (`example-property-untyped`).
    pub keys_untyped: usize,
    /// Keys no page documents (`example-property-undocumented`).
    pub keys_undocumented: usize,
    /// Members open types do not declare: their dynamic properties (`openTypeExtension`'s
    /// custom data, `plannerAssignments`' user IDs; `example-property-dynamic`).
    pub keys_dynamic: usize,
    /// Instance annotations (`@odata.*`), read by the runtime.
    pub annotations: usize,
    /// Objects with no `@odata.type` read as the derived type their keys belong to (`example-odata-type-missing`).
    pub derived_type_inferred: usize,
    /// Examples not used: shape not the operation's (`example-shape-mismatch`).
    pub shape_disagreements: usize,
    /// Examples not used: values the type does not allow (`example-type-mismatch`).
    pub type_disagreements: usize,
    /// Examples of another operation than their page's, checked against that one (`example-of-another-operation`).
    pub other_operation: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    pub pages_read: usize,
    pub api_pages: usize,
    pub api_pages_with_operations: usize,
    pub resource_pages: usize,
    pub enum_pages: usize,
    pub skipped_pages: usize,
    pub operations: usize,
    pub types: usize,
    pub enums: usize,
    pub unresolved_type_names: usize,
    pub unresolved_type_references: usize,
    /// Example request/response bodies that are strict JSON (usable for round trips).
    pub example_payloads_usable: usize,
    /// Usable payloads with a generated round-trip test in `tests/examples.rs`.
    pub example_payloads_with_round_trip_test: usize,
    /// Example bodies that were not strict JSON (repaired or unusable).
    pub example_payloads_unusable: usize,
    pub notes: usize,
    pub warnings: usize,
    pub errors: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct PageWithoutOperation {
    pub page: String,
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CodeCount {
    pub level: Level,
    pub count: usize,
    /// Up to five `file:line` locations.
    pub first: Vec<String>,
}

const UNUSABLE_EXAMPLE_CODES: &[Code] = &[
    Code::ExampleJsonRepaired,
    Code::ExampleJsonInvalid,
    Code::ExampleBodyNotJson,
    Code::ExampleTypeMismatch,
    Code::ExampleShapeMismatch,
];

/// Build the report of a finished run.
pub fn build(run: &Run) -> Report {
    let mut produced: BTreeSet<&str> = BTreeSet::new();
    for op in &run.ir.operations {
        produced.extend(op.sources.iter().map(|s| s.file.as_str()));
    }
    let merged: BTreeSet<&str> =
        run.diagnostics.iter().filter(|d| d.code == Code::DuplicateOperation).map(|d| d.file.as_str()).collect();
    let mut by_file: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for d in &run.diagnostics {
        if d.level != Level::Note {
            by_file
                .entry(d.file.as_str())
                .or_default()
                .push(format!("{}[{}] line {}: {}", d.level, d.code, d.line, d.message));
        }
    }
    let mut skipped: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut without = Vec::new();
    for page in &run.pages {
        match &page.kind {
            PageKind::Skipped(reason) => skipped.entry(reason.clone()).or_default().push(page.path.clone()),
            PageKind::Api if !produced.contains(page.path.as_str()) => without.push(PageWithoutOperation {
                page: page.path.clone(),
                reasons: by_file.get(page.path.as_str()).cloned().unwrap_or_default(),
            }),
            _ => {}
        }
    }
    let mut unresolved: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut codes: BTreeMap<String, CodeCount> = BTreeMap::new();
    for d in &run.diagnostics {
        let entry = codes.entry(d.code.as_str().to_owned()).or_insert(CodeCount {
            level: d.level,
            count: 0,
            first: Vec::new(),
        });
        entry.count += 1;
        if entry.first.len() < 5 {
            entry.first.push(format!("{}:{}", d.file, d.line));
        }
        if d.code == Code::UnresolvedType {
            let name = d.message.strip_prefix("type ").and_then(|m| m.split(' ').next()).unwrap_or("?");
            unresolved.entry(name.to_owned()).or_default().push(format!("{}:{}", d.file, d.line));
        }
    }
    // Page and diagnostic counts are the run's summary; the report adds what it does not hold.
    let summary = &run.summary;
    let unusable = run.diagnostics.iter().filter(|d| UNUSABLE_EXAMPLE_CODES.contains(&d.code)).count();
    let totals = Totals {
        pages_read: summary.pages_read,
        api_pages: summary.api_pages,
        api_pages_with_operations: summary.api_pages - without.len(),
        resource_pages: summary.resource_pages,
        enum_pages: summary.enum_pages,
        skipped_pages: summary.skipped_pages,
        operations: summary.operations,
        types: summary.types,
        enums: summary.enums,
        unresolved_type_names: unresolved.len(),
        unresolved_type_references: unresolved.values().map(Vec::len).sum(),
        example_payloads_usable: run.examples.payloads,
        example_payloads_with_round_trip_test: run.examples.tested,
        example_payloads_unusable: unusable,
        notes: run.diagnostics.iter().filter(|d| d.level == Level::Note).count(),
        warnings: summary.warnings,
        errors: summary.errors,
    };
    let mut docs_errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in run.diagnostics.iter().filter(|d| DOCS_ERROR_CODES.contains(&d.code)) {
        docs_errors
            .entry(d.code.as_str().to_owned())
            .or_default()
            .push(format!("{}:{}: {}", d.file, d.line, d.message));
    }
    Report {
        report_version: REPORT_VERSION,
        docs_errors,
        totals,
        api_pages_without_operations: without,
        api_pages_merged: merged.into_iter().map(str::to_owned).collect(),
        skipped,
        unresolved_types: unresolved,
        diagnostics_by_code: codes,
        fidelity: Fidelity {
            keys_typed: run.ir.example_keys.typed,
            keys_untyped: run.ir.example_keys.untyped,
            keys_undocumented: run.ir.example_keys.undocumented,
            keys_dynamic: run.ir.example_keys.dynamic,
            annotations: run.ir.example_keys.annotations,
            derived_type_inferred: run.ir.example_keys.derived_inferred,
            shape_disagreements: run.ir.example_keys.shape_mismatches,
            type_disagreements: run.ir.example_keys.type_mismatches,
            other_operation: run.ir.example_keys.other_operation,
        },
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 { "n/a".to_owned() } else { format!("{:.1}%", part as f64 * 100.0 / whole as f64) }
}

impl Report {
    /// The readable summary (markdown).
    pub fn to_markdown(&self) -> String {
        let t = &self.totals;
        let mut out = String::from("# graphgen coverage report\n\n");
        out += &format!(
            "| | |\n|---|---|\n\
             | pages read | {} |\n\
             | API pages | {} |\n\
             | API pages with operations | {} ({}) |\n\
             | API pages merged into another page's operation | {} |\n\
             | resource / enum pages | {} / {} |\n\
             | skipped pages | {} |\n\
             | operations | {} |\n\
             | types / enums | {} / {} |\n\
             | unresolved type names (references) | {} ({}) |\n\
             | example payloads usable (strict JSON) | {} |\n\
             | usable payloads with a round-trip test | {} ({}) |\n\
             | example payloads not strict JSON | {} |\n\
             | notes / warnings / errors | {} / {} / {} |\n\n",
            t.pages_read,
            t.api_pages,
            t.api_pages_with_operations,
            percent(t.api_pages_with_operations, t.api_pages),
            self.api_pages_merged.len(),
            t.resource_pages,
            t.enum_pages,
            t.skipped_pages,
            t.operations,
            t.types,
            t.enums,
            t.unresolved_type_names,
            t.unresolved_type_references,
            t.example_payloads_usable,
            t.example_payloads_with_round_trip_test,
            percent(t.example_payloads_with_round_trip_test, t.example_payloads_usable),
            t.example_payloads_unusable,
            t.notes,
            t.warnings,
            t.errors,
        );
        let f = &self.fidelity;
        let keys = f.keys_typed + f.keys_untyped + f.keys_undocumented + f.keys_dynamic;
        let documented = f.keys_typed + f.keys_untyped;
        out += &format!(
            "## Fidelity (the strict example check)\n\n| | |\n|---|---|\n\
             | example keys in typed fields | {} of {keys} ({}) |\n\
             | … or dynamic properties of open types, whose place is `additional_properties` | {} of {keys} ({}) |\n\
             | of the keys some page of the tree documents | {} of {documented} ({}) |\n\
             | keys documented elsewhere, untyped here (`example-property-untyped`) | {} |\n\
             | keys no page documents (`example-property-undocumented`) | {} |\n\
             | dynamic properties of open types (`openTypeExtension`'s custom data, `plannerAssignments`' user IDs; `example-property-dynamic`) | {} |\n\
             | `@odata` annotations | {} |\n\
             | objects read as the derived type their keys name, `@odata.type` left out (`example-odata-type-missing`) | {} |\n\
             | examples whose shape is not the operation's (`example-shape-mismatch`) | {} |\n\
             | examples whose values the type does not allow (`example-type-mismatch`) | {} |\n\
             | examples of another operation, checked against that one (`example-of-another-operation`) | {} |\n\n",
            f.keys_typed,
            percent(f.keys_typed, keys),
            f.keys_typed + f.keys_dynamic,
            percent(f.keys_typed + f.keys_dynamic, keys),
            f.keys_typed,
            percent(f.keys_typed, documented),
            f.keys_untyped,
            f.keys_undocumented,
            f.keys_dynamic,
            f.annotations,
            f.derived_type_inferred,
            f.shape_disagreements,
            f.type_disagreements,
            f.other_operation,
        );
        out += "## Diagnostics by code\n\n| code | level | count | first at |\n|---|---|---|---|\n";
        let mut codes: Vec<_> = self.diagnostics_by_code.iter().collect();
        codes.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        for (code, c) in codes {
            out +=
                &format!("| `{code}` | {} | {} | {} |\n", c.level, c.count, c.first.first().map_or("", String::as_str));
        }
        out += "\n## Docs errors\n\nWhat the model proves wrong in the docs, by code, each with its page and line.\n\n";
        if self.docs_errors.is_empty() {
            out += "None found.\n";
        }
        for (code, flags) in &self.docs_errors {
            out += &format!("### `{code}` ({})\n\n", flags.len());
            for flag in flags {
                out += &format!("- {flag}\n");
            }
            out += "\n";
        }
        out += "\n## API pages without operations\n\n";
        for p in &self.api_pages_without_operations {
            out += &format!("- `{}`: {}\n", p.page, p.reasons.first().map_or("(no diagnostic)", String::as_str));
        }
        out += "\n## Skipped pages by reason\n\n";
        for (reason, pages) in &self.skipped {
            out += &format!("- {} page(s): {reason}\n", pages.len());
        }
        out += "\n## Unresolved types\n\n";
        for (name, uses) in &self.unresolved_types {
            out += &format!("- `{name}`: {} use(s), first at {}\n", uses.len(), uses[0]);
        }
        out
    }
}
