//! Docs errors the model can prove: each documented request path walked
//! through the resource handles, each step checked against what the resource
//! pages declare. A literal step from one entity to a name its type does not
//! declare, where the type declares a near spelling (`calendarGroup` on a
//! `user`, which has `calendarGroups`), is `path-not-in-model`; a `POST` on a
//! function call with arguments and a `PATCH` on a collection are
//! `method-not-allowed`. So is a root only one operation starts at, near a
//! root many do (`/user/{id}` beside `/users`).
//!
//! Precision over recall: a step is only flagged when the type it leaves is a
//! documented entity with navigation properties, the step is not a key, a
//! cast, a bound action or function (the path's last segment), `$value`,
//! `$count` or `$ref`, a declared name is within two edits of it (or is its
//! plural), and other documented paths take that declared name too. A name the
//! type lacks with nothing near is more often a relationship the page forgot
//! than a wrong path, and is left alone; so is a near name no path takes (the
//! page's table may be the one that is wrong).

use crate::diagnostics::{Code, Diagnostics};
use crate::ir::{ComplexType, HandleResource, Ir, Method, NamedKind, PathPieceIr, TypeRef};
use std::collections::HashMap;

/// Check every documented path of `ir` against the declared model; diagnose what does not resolve.
pub fn check(ir: &Ir, diags: &mut Diagnostics) {
    let types: HashMap<String, &ComplexType> = ir.types.iter().map(|t| (t.wire_name.to_ascii_lowercase(), t)).collect();
    // The steps other documented paths take from each entity type (lower case).
    let mut walked: HashMap<String, std::collections::HashSet<String>> = HashMap::new();
    for handle in &ir.handles.handles {
        if let HandleResource::Item(t) = &handle.resource {
            let names = handle.navigations.iter().filter_map(|n| first_literal(&n.pieces));
            walked.entry(t.to_ascii_lowercase()).or_default().extend(names.map(str::to_ascii_lowercase));
        }
    }
    // How many operations start at each root (lower case).
    let mut roots: HashMap<String, usize> = HashMap::new();
    for op in &ir.operations {
        let firsts: std::collections::HashSet<String> = op.paths.iter().filter_map(|p| root_of(&p.pieces)).collect();
        for root in firsts {
            *roots.entry(root).or_default() += 1;
        }
    }
    for op in &ir.operations {
        for (index, path) in op.paths.iter().enumerate() {
            let (file, line) = (path.source.file.as_str(), path.source.line);
            if let Some(nearest) = root_of(&path.pieces).and_then(|root| lone_root_near_another(&roots, &root)) {
                diags.warn(
                    file,
                    line,
                    Code::PathNotInModel,
                    format!(
                        "{} {}: no other operation starts at its root, and {} operations start at `{nearest}`; did you mean `{nearest}`?",
                        op.method.as_str(),
                        path.template,
                        roots.get(&nearest.to_ascii_lowercase()).copied().unwrap_or(0)
                    ),
                );
                continue;
            }
            let Some(walk) = ir.handles.walk_of(&op.id, index) else { continue };
            // Each step leaves the handle before it.
            let from: Vec<&HandleResource> = std::iter::once(&ir.handles.handles[0].resource)
                .chain(walk.steps.iter().map(|nav| &ir.handles.handles[nav.target].resource))
                .collect();
            for (step, nav) in walk.steps.iter().enumerate() {
                let HandleResource::Item(owner) = from[step] else { continue };
                let Some(owner) = types.get(&owner.to_ascii_lowercase()) else { continue };
                let Some(name) = first_literal(&nav.pieces) else { continue };
                // The near name must be a step other paths take too: where only the page
                // spells it (`timeoffrequest` beside the paths' `timeOffRequests`), the page's
                // table may be the one that is wrong.
                let walked_too = |n: &str| {
                    walked
                        .get(&owner.wire_name.to_ascii_lowercase())
                        .is_some_and(|w| w.contains(&n.to_ascii_lowercase()))
                };
                if let Some(nearest) = undeclared_with_near_spelling(owner, name).filter(|n| walked_too(n)) {
                    diags.warn(
                        file,
                        line,
                        Code::PathNotInModel,
                        format!(
                            "{} {}: segment `{name}` is not a relationship of {} (its resource page declares none by that name); did you mean `{nearest}`?",
                            op.method.as_str(),
                            path.template,
                            owner.wire_name
                        ),
                    );
                    break;
                }
            }
            let last = walk.handle;
            let method_text: String = walk
                .method
                .pieces
                .iter()
                .map(|p| match p {
                    PathPieceIr::Literal { text } => text.as_str(),
                    PathPieceIr::Param { .. } => "{}",
                })
                .collect();
            let calls_function = method_text.contains('(') && method_text.contains('=');
            if op.method == Method::Post && calls_function {
                diags.warn(
                    file,
                    line,
                    Code::MethodNotAllowed,
                    format!(
                        "POST {}: `{}` is a function call with arguments, which OData invokes with GET",
                        path.template,
                        method_text.trim_start_matches('/')
                    ),
                );
            }
            if op.method == Method::Patch && method_text.is_empty() {
                if let HandleResource::Collection(t) = &last.resource {
                    diags.warn(
                        file,
                        line,
                        Code::MethodNotAllowed,
                        format!(
                            "PATCH {}: the path addresses a collection of {t}; OData updates one entity, by its key",
                            path.template
                        ),
                    );
                }
            }
        }
    }
}

/// A path's root segment, lower case (`/users/{id}` → `users`).
fn root_of(pieces: &[PathPieceIr]) -> Option<String> {
    first_literal(pieces).map(str::to_ascii_lowercase)
}

/// A root only one operation starts at, within two edits of a root ten or more do
/// (`/user/{id}` beside `/users`): that root.
fn lone_root_near_another(roots: &HashMap<String, usize>, root: &str) -> Option<String> {
    if roots.get(root).copied().unwrap_or(0) > 1 || root.len() < 3 {
        return None;
    }
    let mut near: Vec<(usize, &String)> = roots
        .iter()
        .filter(|(r, n)| **n >= 10 && r.as_str() != root)
        .map(|(r, _)| (edits(root, r), r))
        .filter(|(d, _)| *d <= 2)
        .collect();
    near.sort();
    near.first().map(|(_, r)| (*r).clone())
}

/// The first literal segment a navigation appends (`/calendarGroup/calendars` → `calendarGroup`),
/// unless it is a cast, `$value`, `$count` or `$ref`.
fn first_literal(pieces: &[PathPieceIr]) -> Option<&str> {
    let PathPieceIr::Literal { text } = pieces.first()? else { return None };
    let name = text.trim_start_matches('/').split('/').next()?;
    let name_like = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (name_like && !name.starts_with('$')).then_some(name)
}

/// When `owner` is an entity with navigation properties, lacks `name`, and declares a
/// navigation within two edits of it (or its plural): that navigation's name.
fn undeclared_with_near_spelling<'t>(owner: &'t ComplexType, name: &str) -> Option<&'t str> {
    owner.key.as_ref()?;
    if owner.properties.iter().any(|p| p.wire_name.eq_ignore_ascii_case(name)) {
        return None;
    }
    let navigations = owner.properties.iter().filter(|p| navigates(&p.ty));
    let lower = name.to_ascii_lowercase();
    navigations
        .map(|p| (edits(&lower, &p.wire_name.to_ascii_lowercase()), p.wire_name.as_str()))
        .filter(|(d, candidate)| *d <= 2 || candidate.eq_ignore_ascii_case(&format!("{name}s")))
        .min()
        .map(|(_, candidate)| candidate)
}

/// A property that leads to an entity: a struct, or a collection of them.
fn navigates(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named { kind: NamedKind::Struct, .. } => true,
        TypeRef::Collection { item } => matches!(**item, TypeRef::Named { kind: NamedKind::Struct, .. }),
        _ => false,
    }
}

/// Levenshtein distance, bounded: names longer than 64 bytes are never near.
fn edits(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb { prev } else { 1 + prev.min(row[j]).min(cur) };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance() {
        assert_eq!(edits("calendargroup", "calendargroups"), 1);
        assert_eq!(edits("events", "events"), 0);
        assert_eq!(edits("kitten", "sitting"), 3);
    }
}
