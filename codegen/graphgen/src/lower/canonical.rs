//! One canonical page per type and per operation. Several pages document one
//! type (Intune's `intune-shared-user.md` restates `user` with three
//! properties) or one operation (`intune-shared-user-get.md` and
//! `user-get.md`). The page about the resource wins, the first page read
//! never does by accident: a type's own page is the one whose file is named
//! after it; among API pages, the most specific file name (fewest words) wins.
//! What the other pages add is merged in (properties, paths), conflicts are
//! diagnosed, nothing a page documents is dropped.

use crate::diagnostics::{Code, Diagnostics};
use crate::page::{EnumMemberRow, EnumPage, PropertyRow, ResourcePage};

/// The file name of `path` without folder and extension, lower case.
pub(super) fn stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let name = name.strip_suffix(".md").or_else(|| name.strip_suffix(".txt")).unwrap_or(name);
    name.to_ascii_lowercase()
}

/// How much a page is *the* page of `name`: lower is better. An original
/// (English) page before a translation's copy, the page named after the type
/// first, then the file name with the fewest words, then the path.
pub fn type_page_rank(path: &str, name: &str, locale: &str) -> (bool, bool, usize, usize, String) {
    let stem = stem(path);
    (
        !crate::classify::is_english(locale),
        stem != name.to_ascii_lowercase(),
        stem.matches('-').count(),
        stem.len(),
        path.to_owned(),
    )
}

/// How much an API page is the resource's own page for its operation: lower is
/// better (`user-get.md` before `intune-shared-user-get.md`).
pub fn api_page_rank(path: &str) -> (usize, usize, String) {
    let stem = stem(path);
    (stem.matches('-').count(), stem.len(), path.to_owned())
}

/// The rows of a type: its own page's properties and relationships, then those
/// only another page lists (each with the page it comes from). A property both
/// list with different types keeps the own page's, with a warning on the other.
pub fn union_rows<'p>(
    own: &'p ResourcePage,
    others: &[&'p ResourcePage],
    diags: &mut Diagnostics,
) -> Vec<(&'p PropertyRow, &'p str)> {
    let mut rows: Vec<(&PropertyRow, &str)> =
        own.properties.iter().chain(&own.relationships).map(|r| (r, own.source.as_str())).collect();
    let mut seen: std::collections::HashMap<String, usize> =
        rows.iter().enumerate().map(|(i, (r, _))| (r.name.to_ascii_lowercase(), i)).collect();
    for other in others {
        let mut added = 0usize;
        for row in other.properties.iter().chain(&other.relationships) {
            match seen.get(&row.name.to_ascii_lowercase()) {
                Some(&i) => {
                    let (kept, file) = rows[i];
                    if !same_type(kept, row) {
                        diags.warn(
                            &other.source,
                            row.line,
                            Code::PropertyConflict,
                            format!(
                                "property {} of {} is {} here but {} on {file}; that page's type is kept",
                                row.name,
                                own.name,
                                written(row),
                                written(kept)
                            ),
                        );
                    }
                }
                None => {
                    seen.insert(row.name.to_ascii_lowercase(), rows.len());
                    rows.push((row, other.source.as_str()));
                    added += 1;
                }
            }
        }
        diags.warn(
            &other.source,
            other.line,
            Code::DuplicateType,
            format!(
                "type {} is also defined by {}, its own page, which is used; {added} properties only this page lists are added to it",
                own.name, own.source
            ),
        );
    }
    rows
}

fn written(row: &PropertyRow) -> String {
    row.ty.as_ref().map_or_else(|| "untyped".to_owned(), |t| format!("`{}`", t.written))
}

fn same_type(a: &PropertyRow, b: &PropertyRow) -> bool {
    match (&a.ty, &b.ty) {
        (Some(x), Some(y)) => {
            let bare =
                |n: &str| n.trim_start_matches("microsoft.graph.").trim_start_matches("Edm.").to_ascii_lowercase();
            x.collection == y.collection && bare(&x.name) == bare(&y.name)
        }
        (None, None) => true,
        _ => false,
    }
}

/// The members of an enum: its own page's, then those only another page lists
/// (`enums.md` and a product page may each list the enum). A member both give
/// with different numeric values keeps the own page's value, with a warning.
pub fn union_members(own: &EnumPage, others: &[&EnumPage], diags: &mut Diagnostics) -> Vec<EnumMemberRow> {
    let mut members = own.members.clone();
    let mut seen: std::collections::HashMap<String, usize> =
        members.iter().enumerate().map(|(i, m)| (m.name.clone(), i)).collect();
    for other in others {
        let mut added = 0usize;
        for m in &other.members {
            match seen.get(&m.name).map(|&i| &members[i]) {
                Some(kept) => {
                    if let (Some(a), Some(b)) = (kept.value, m.value) {
                        if a != b {
                            diags.warn(
                                &other.source,
                                m.line,
                                Code::PropertyConflict,
                                format!(
                                    "member {} of enum {} is {b} here but {a} on {}; that page's value is kept",
                                    m.name, own.name, own.source
                                ),
                            );
                        }
                    }
                }
                None => {
                    seen.insert(m.name.clone(), members.len());
                    members.push(m.clone());
                    added += 1;
                }
            }
        }
        diags.warn(
            &other.source,
            other.line,
            Code::DuplicateType,
            format!(
                "enum {} is also defined by {}, which is used; {added} members only this page lists are added to it",
                own.name, own.source
            ),
        );
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_named_after_the_type_wins() {
        let mut pages = ["resources/intune-shared-user.md", "resources/user.md", "resources/a-user.md"];
        pages.sort_by_key(|p| type_page_rank(p, "user", "en-us"));
        let mut translated = [("pt-br/resources/user.md", "pt-br"), ("resources/user.md", "en-us")];
        translated.sort_by_key(|(p, locale)| type_page_rank(p, "user", locale));
        assert_eq!(translated[0].0, "resources/user.md");
        assert_eq!(pages[0], "resources/user.md");
        let mut api = ["api/intune-shared-user-get.md", "api/user-get.md"];
        api.sort_by_key(|p| api_page_rank(p));
        assert_eq!(api[0], "api/user-get.md");
    }
}
