//! Translated copies of a page (`ms.contentlocale: ru-RU`) describe the same
//! operation: one operation comes out. The English page wins; what it lacks
//! (permissions behind a missing include, examples, headers...) is filled
//! from the translations, and so are the request paths only a translation lists
//! (nothing a page documents is dropped); where both say something different, a warning.

use super::MergedOperation;
use crate::diagnostics::{Code, Diagnostics};
use crate::ir::SourceRef;
use crate::page::{ApiPage, RequestBody, ResponseBody};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The identity of an operation: method and path shape of its first request,
/// and for a create/update the type it sends: the Intune pages document one
/// `POST /deviceManagement/deviceConfigurations` per derived type, and each is
/// an operation of its own.
pub fn operation_key(page: &ApiPage) -> (String, String, String) {
    let first = &page.requests[0];
    (first.method.clone(), first.template.shape().to_ascii_lowercase(), body_variant(page))
}

/// The sent type's name (lower case) for POST/PATCH/PUT with a resource body, else empty.
pub fn body_variant(page: &ApiPage) -> String {
    match (&page.request_body, page.requests[0].method.as_str()) {
        (RequestBody::Resource { ty, .. }, "POST" | "PATCH" | "PUT") => ty.name.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// Each page's [`operation_key`], except that a body type only one page of a method and
/// path sends, beside pages that send none, is a restatement of that operation, not a
/// variant of it (`intune-shared-user-update` sends a `user` to `PATCH /users/{id}`, as
/// `user-update` does with its table).
fn grouping_keys(pages: &[Cow<'_, ApiPage>]) -> Vec<(String, String, String)> {
    let keys: Vec<_> = pages.iter().map(|p| operation_key(p)).collect();
    let mut variants: BTreeMap<(&str, &str), std::collections::BTreeSet<&str>> = BTreeMap::new();
    for (method, shape, variant) in &keys {
        variants.entry((method, shape)).or_default().insert(variant);
    }
    let restated: std::collections::HashSet<(String, String)> = variants
        .into_iter()
        .filter(|(_, v)| v.len() == 2 && v.contains(""))
        .map(|((m, s), _)| (m.to_owned(), s.to_owned()))
        .collect();
    keys.into_iter()
        .map(|(m, s, v)| {
            let v = if restated.contains(&(m.clone(), s.clone())) { String::new() } else { v };
            (m, s, v)
        })
        .collect()
}

fn is_english(page: &ApiPage) -> bool {
    crate::classify::is_english(&page.locale)
}

/// Two pages in one language (`pt-br` and `pt-pt` too) are two pages of the docs
/// restating one operation; in two languages, one is a translation of the other.
/// A translated tree read alone has its own duplicates (the Intune pages restate
/// `deviceConfiguration`'s operations), merged as the English ones are.
fn same_language(a: &ApiPage, b: &ApiPage) -> bool {
    let language = |p: &ApiPage| p.locale.split('-').next().unwrap_or("").to_owned();
    language(a) == language(b)
}

/// The order of the pages of one operation: English first, the resource's own page first
/// among them (see `canonical`), then by locale and path.
fn rank(page: &ApiPage) -> (bool, (usize, usize, String), String, String) {
    (!is_english(page), super::canonical::api_page_rank(&page.source), page.locale.clone(), page.source.clone())
}

/// The resource a request path addresses, for telling operations apart: its last literal
/// segment (`/me/events/{id}?$expand=…` → `events`, `/me/events/{id}/accept` → `accept`).
fn resource_tail(line: &crate::page::HttpRequestLine) -> String {
    let shape = line.template.shape();
    let path = shape.split('?').next().unwrap_or("");
    path.split('/')
        .rfind(|s| !s.is_empty() && !s.starts_with("{}"))
        .map(|s| s.split('(').next().unwrap_or(s).to_ascii_lowercase())
        .unwrap_or_default()
}

/// How often duplicates' paths to other resources are split off and grouped again, at most.
const MAX_REGROUPS: usize = 4;

pub fn merge_translations<'a>(pages: &[&'a ApiPage], diags: &mut Diagnostics) -> Vec<MergedOperation<'a>> {
    // An English page that restates another's operation (same method and first path) lists
    // paths of its own too; those to another resource (the extended-property pages list
    // `/me/events/{id}` under `GET /me/messages/{id}`) are another operation: split off as a
    // page of their own and grouped again, so they join the operation of that resource.
    let mut pages: Vec<Cow<'a, ApiPage>> = pages.iter().map(|p| Cow::Borrowed(*p)).collect();
    for _ in 0..MAX_REGROUPS {
        let mut groups: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
        for (i, key) in grouping_keys(&pages).into_iter().enumerate() {
            groups.entry(key).or_default().push(i);
        }
        let mut split: Vec<ApiPage> = Vec::new();
        for (_, mut group) in groups {
            group.sort_by_cached_key(|&i| rank(&pages[i]));
            let tails: std::collections::HashSet<String> = pages[group[0]].requests.iter().map(resource_tail).collect();
            for &i in &group[1..] {
                let other = &pages[i];
                if !same_language(other, &pages[group[0]]) {
                    continue;
                }
                let (own, elsewhere): (Vec<_>, Vec<_>) =
                    other.requests.iter().cloned().partition(|r| tails.contains(&resource_tail(r)));
                if elsewhere.is_empty() || own.is_empty() {
                    continue;
                }
                let mut rest = ApiPage::clone(other);
                rest.requests = elsewhere;
                split.push(rest);
                pages[i].to_mut().requests = own;
            }
        }
        if split.is_empty() {
            break;
        }
        pages.extend(split.into_iter().map(Cow::Owned));
    }
    let mut groups: BTreeMap<(String, String, String), Vec<Cow<'a, ApiPage>>> = BTreeMap::new();
    for (key, page) in grouping_keys(&pages).into_iter().zip(pages) {
        groups.entry(key).or_default().push(page);
    }
    let mut out = Vec::with_capacity(groups.len());
    for (_, mut group) in groups {
        // English first, the resource's own page first among them (see `canonical`), then by
        // locale and path: deterministic, and never the first page read by accident.
        group.sort_by_cached_key(|p| rank(p));
        let mut group = group.into_iter();
        let Some(mut merged) = group.next() else { continue };
        // Merging adds paths after the first and fills gaps: the primary page's locale,
        // source and first request stay as they were.
        let mut sources = vec![SourceRef::new(&merged.source, merged.title_line)];
        for other in group {
            let other = &*other;
            sources.push(SourceRef::new(&other.source, other.title_line));
            if same_language(other, &merged) {
                let added = add_paths(&mut merged, other);
                if merged.permissions.is_empty() && !other.permissions.is_empty() {
                    merged.to_mut().permissions = other.permissions.clone();
                }
                diags.warn(
                    &other.source,
                    other.title_line,
                    Code::DuplicateOperation,
                    format!(
                        "{} {} is also documented by {}, the resource's own page, which is used; {added} paths only this page lists are added",
                        merged.requests[0].method, merged.requests[0].template.raw, merged.source
                    ),
                );
                continue;
            }
            fill_gaps(merged.to_mut(), other, diags);
        }
        out.push(MergedOperation { page: merged, sources });
    }
    out
}

/// The request paths of `other` that `merged` lacks (by method and shape).
fn missing_paths(merged: &ApiPage, other: &ApiPage) -> Vec<crate::page::HttpRequestLine> {
    let key = |r: &crate::page::HttpRequestLine| (r.method.clone(), r.template.shape().to_ascii_lowercase());
    let have: std::collections::HashSet<_> = merged.requests.iter().map(key).collect();
    other.requests.iter().filter(|r| !have.contains(&key(r))).cloned().collect()
}

/// Add the request paths of `other` that `merged` lacks; how many.
fn add_paths(merged: &mut Cow<'_, ApiPage>, other: &ApiPage) -> usize {
    let new = missing_paths(merged, other);
    let added = new.len();
    if added > 0 {
        merged.to_mut().requests.extend(new);
    }
    added
}

fn fill_gaps(merged: &mut ApiPage, other: &ApiPage, diags: &mut Diagnostics) {
    let file = other.source.as_str();
    let from = format!("from the {} translation {}", other.locale, other.source);
    let primary = merged.source.clone();

    if merged.permissions.is_empty() && !other.permissions.is_empty() {
        diags.note(&primary, merged.title_line, Code::PermissionsFromTranslation, format!("permissions taken {from}"));
        merged.permissions = other.permissions.clone();
    } else if !merged.permissions.is_empty() && !other.permissions.is_empty() {
        let scopes = |p: &ApiPage| {
            let mut v: Vec<(String, Vec<String>)> =
                p.permissions.tables[0].rows.iter().map(|r| (format!("{:?}", r.kind), r.least.clone())).collect();
            v.sort();
            v
        };
        if scopes(merged) != scopes(other) {
            diags.warn(
                file,
                other.title_line,
                Code::TranslationConflict,
                format!("permissions differ from {primary}; the English page wins"),
            );
        }
    }
    let extra = missing_paths(merged, other);
    if !extra.is_empty() {
        let listed: Vec<String> = extra.iter().map(|r| format!("{} {}", r.method, r.template.raw)).take(5).collect();
        diags.warn(
            file,
            other.title_line,
            Code::TranslationConflict,
            format!(
                "{} HTTP request paths only this translation lists are added to {primary}'s: {}",
                extra.len(),
                listed.join(", ")
            ),
        );
        merged.requests.extend(extra);
    } else if merged.requests.len() != other.requests.len() {
        diags.note(
            file,
            other.title_line,
            Code::TranslationConflict,
            format!("this translation lists fewer HTTP request paths than {primary}, whose paths are used"),
        );
    }
    if merged.description.is_none() && merged.summary.is_none() {
        merged.description = other.description.clone();
        merged.summary = other.summary.clone();
    }
    if merged.request_headers.is_empty() {
        merged.request_headers = other.request_headers.clone();
    }
    if merged.query_parameters.is_empty() {
        merged.query_parameters = other.query_parameters.clone();
    }
    if merged.odata_query_options.is_empty() {
        merged.odata_query_options = other.odata_query_options.clone();
    }
    if matches!(merged.request_body, RequestBody::Missing) {
        merged.request_body = other.request_body.clone();
    }
    match (merged.response.status, other.response.status) {
        (None, Some(_)) => merged.response.status = other.response.status,
        (Some(a), Some(b)) if a != b => {
            diags.warn(
                file,
                other.response.line,
                Code::TranslationConflict,
                format!("response status {b} differs from {a} in {primary}; the English page wins"),
            );
        }
        _ => {}
    }
    if matches!(merged.response.body, ResponseBody::None) && !matches!(other.response.body, ResponseBody::None) {
        merged.response.body = other.response.body.clone();
    }
    if merged.examples.is_empty() {
        merged.examples = other.examples.clone();
    }
    if merged.national_clouds.is_empty() {
        merged.national_clouds = other.national_clouds.clone();
    }
}
