//! A property's wire name is what the examples send. A table that writes
//! `filename` where every example of its type sends `fileName` (Graph's names
//! are camelCase and case-sensitive) gets the examples' spelling, diagnosed
//! (`property-name-case`). Only when no example of the type uses the table's own
//! spelling, the examples agree on one other, and that one is the likelier
//! camelCase (see [`plausibly_better`]), so a rename never fights a page's evidence.

use super::example_check::Checker;
use crate::diagnostics::{Code, Diagnostics};
use crate::ir::{Ir, RequestBodyIr, TypeRef};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Deeper than this, a value is not looked into (the reader refuses JSON past 127).
const MAX_DEPTH: usize = 64;

/// Per declaring type and property wire name: whether an example spelled it so, and
/// the other spellings examples used, each with where it was first seen.
#[derive(Default)]
struct Votes {
    exact: BTreeSet<(String, String)>,
    other: BTreeMap<(String, String), BTreeMap<String, (String, u32)>>,
}

struct Walk<'c, 'a> {
    checker: &'c Checker<'a>,
    file: &'c str,
    line: u32,
}

impl Walk<'_, '_> {
    fn walk(&self, ty: &TypeRef, value: &Value, depth: usize, votes: &mut Votes) {
        if depth > MAX_DEPTH {
            return;
        }
        match (ty, value) {
            (TypeRef::Collection { item }, Value::Array(items)) => {
                for v in items {
                    self.walk(item, v, depth + 1, votes);
                }
            }
            (TypeRef::Named { rust_name, .. }, Value::Object(map)) => {
                let Some(declared) = self.checker.types.get(rust_name.as_str()) else { return };
                let (t, _) = self.checker.dispatch(declared, map);
                for (key, v) in map {
                    if key.contains('@') {
                        continue;
                    }
                    let declarer = |p: &crate::ir::PropertyIr| p.inherited_from.clone().unwrap_or(t.wire_name.clone());
                    if let Some(p) = t.properties.iter().find(|p| p.wire_name == *key) {
                        votes.exact.insert((declarer(p), p.wire_name.clone()));
                        self.walk(&p.ty, v, depth + 1, votes);
                    } else if let Some(p) = t.properties.iter().find(|p| p.wire_name.eq_ignore_ascii_case(key)) {
                        if key.starts_with(|c: char| c.is_ascii_lowercase()) {
                            votes
                                .other
                                .entry((declarer(p), p.wire_name.clone()))
                                .or_default()
                                .entry(key.clone())
                                .or_insert_with(|| (self.file.to_owned(), self.line));
                        }
                        self.walk(&p.ty, v, depth + 1, votes);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether the examples' `spelled` is likelier Graph's name than the table's `wire`: the
/// table's is not camelCase (`IsOrganizationDefault`, `printerID`), or the examples' marks
/// more word starts (`fileName` for `filename`; a lost capital is the usual slip, so
/// `riskLevelDuringsignIn` does not beat `riskLevelDuringSignIn`).
fn plausibly_better(wire: &str, spelled: &str) -> bool {
    let camel = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_lowercase())
            && !s.as_bytes().windows(2).any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
    };
    camel(spelled) && (!camel(wire) || crate::naming::capitals(spelled) > crate::naming::capitals(wire))
}

/// Rename every property whose examples agree on another spelling of its name.
pub fn adopt_example_spelling(ir: &mut Ir, diags: &mut Diagnostics) {
    let mut votes = Votes::default();
    {
        let checker = Checker::new(ir);
        for op in &ir.operations {
            for example in &op.examples {
                if let (RequestBodyIr::Json { ty }, Some(request)) = (&op.request_body, &example.request) {
                    if let Some(body) = &request.body {
                        let w = Walk { checker: &checker, file: &request.source.file, line: request.source.line };
                        w.walk(ty, body, 0, &mut votes);
                    }
                }
                let Some(response) = &example.response else { continue };
                let (Some(body), Some(ty)) = (&response.body, &op.response.ty) else { continue };
                if response.status.is_some_and(|s| s >= 400) {
                    continue;
                }
                let w = Walk { checker: &checker, file: &response.source.file, line: response.source.line };
                if let Some((value, _, ty)) = super::example_check::decoded_part(op.response.shape, ty, body) {
                    w.walk(&ty, value, 0, &mut votes);
                }
            }
        }
    }
    let mut renames: BTreeMap<(String, String), String> = BTreeMap::new();
    for (at, spellings) in votes.other {
        if votes.exact.contains(&at) || spellings.len() != 1 {
            continue;
        }
        let Some((spelled, (file, line))) = spellings.into_iter().next() else { continue };
        let (declarer, wire) = &at;
        if !plausibly_better(wire, &spelled) {
            continue;
        }
        if let Some(t) = ir.types.iter().find(|t| t.wire_name == *declarer) {
            let table_line = t.properties.iter().find(|p| p.wire_name == *wire).map_or(t.source.line, |p| p.line);
            diags.note(
                &t.source.file,
                table_line,
                Code::PropertyNameCase,
                format!("property {declarer}.{wire} is sent as {spelled} by every example that has it ({file}:{line}); that is its wire name"),
            );
        }
        renames.insert(at, spelled);
    }
    if renames.is_empty() {
        return;
    }
    let mut renamed: Vec<(String, String)> = Vec::new();
    for t in &mut ir.types {
        for p in &mut t.properties {
            let declarer = p.inherited_from.clone().unwrap_or(t.wire_name.clone());
            if let Some(spelled) = renames.get(&(declarer, p.wire_name.clone())) {
                p.wire_name = spelled.clone();
                renamed.push((p.rust_name.clone(), crate::naming::field_name(spelled)));
            }
        }
        // The Rust name follows the wire name (`file_name`), unless another field has it.
        for (old, new) in renamed.drain(..) {
            if t.properties.iter().all(|p| p.rust_name != new) {
                if let Some(p) = t.properties.iter_mut().find(|p| p.rust_name == old) {
                    p.rust_name = new;
                }
            }
        }
    }
}
