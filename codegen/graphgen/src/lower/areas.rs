//! The area of every operation: the module it is written in and the Cargo
//! feature that compiles it. Areas are the docs' own, the ones people name
//! (Users, Calendar, Mail, Files, Devices and apps), not the first segment of a
//! path: `POST /groups/{id}/events` is Calendar, `/me/sendMail` is Mail.
//!
//! In order:
//! 1. the table of contents' one area listing the operation's pages;
//! 2. of several, the home area of the type the operation returns or sends
//!    (`event` is Calendar's), else the area whose listing sits under its
//!    resource's own entry (`Mail > Message`, not `Users > Mail`), else the first,
//!    with `area-ambiguous`;
//! 3. a page the table does not list: its type's home area, else the area most
//!    operations of its product (`ms.prod: excel`) have, else of its first path
//!    segment;
//! 4. no table of contents: the product itself (`intune`), else the path's
//!    first segment, spelled the camelCase way.

use super::MergedOperation;
use crate::diagnostics::{Code, Diagnostics};
use crate::naming::capitals;
use crate::page::{ApiPage, Page, RequestBody, ResponseBody};
use crate::read::toc::Toc;
use std::collections::BTreeMap;

/// Each operation's area name, in the order of `ops`.
pub fn areas(ops: &[MergedOperation<'_>], pages: &[&Page], toc: Option<&Toc>, diags: &mut Diagnostics) -> Vec<String> {
    // Resource pages by the type they document (lower case).
    let resource_pages: BTreeMap<String, &str> = pages
        .iter()
        .filter_map(|p| match p {
            Page::Resource(r) => Some((r.name.to_ascii_lowercase(), r.source.as_str())),
            _ => None,
        })
        .collect();
    let mut out: Vec<Option<String>> = Vec::with_capacity(ops.len());
    for op in ops {
        out.push(toc.and_then(|toc| from_toc(op, toc, &resource_pages, diags)));
    }
    // Then by the product: what the decided operations of the product have, else its name.
    let mut by_product: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (op, area) in ops.iter().zip(&out) {
        if let (Some(area), Some(product)) = (area, &op.page.product) {
            *by_product.entry(product.clone()).or_default().entry(area.clone()).or_default() += 1;
        }
    }
    for (op, area) in ops.iter().zip(out.iter_mut()) {
        if area.is_none() {
            *area = op.page.product.as_ref().map(|p| most(by_product.get(p)).unwrap_or_else(|| p.clone()));
        }
    }
    // Last by the first path segment: what the decided operations under it have, else its name.
    let mut by_segment: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (op, area) in ops.iter().zip(&out) {
        if let Some(area) = area {
            let segment = first_segment(&op.page).to_ascii_lowercase();
            *by_segment.entry(segment).or_default().entry(area.clone()).or_default() += 1;
        }
    }
    let spelled = segment_spellings(ops);
    ops.iter()
        .zip(out)
        .map(|(op, area)| {
            area.unwrap_or_else(|| {
                let segment = first_segment(&op.page).to_ascii_lowercase();
                most(by_segment.get(&segment)).unwrap_or_else(|| spelled.get(&segment).cloned().unwrap_or(segment))
            })
        })
        .collect()
}

/// The area most votes go to (the first by name among equals).
fn most(votes: Option<&BTreeMap<String, usize>>) -> Option<String> {
    votes?.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(a, _)| a.clone())
}

/// The area the table of contents gives an operation (rules 1–3, less the votes).
fn from_toc(
    op: &MergedOperation<'_>,
    toc: &Toc,
    resource_pages: &BTreeMap<String, &str>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let listings: Vec<_> = op.sources.iter().flat_map(|s| toc.listings.get(&s.file)).flatten().collect();
    let mut listed: Vec<&str> = Vec::new();
    for l in &listings {
        if !listed.contains(&l.area.as_str()) {
            listed.push(&l.area);
        }
    }
    let own_type = resource_type(&op.page).and_then(|t| resource_pages.get(&t)).and_then(|p| toc.home_area(p));
    match listed.as_slice() {
        [] => own_type.map(str::to_owned),
        [one] => Some((*one).to_owned()),
        several => {
            if let Some(area) = own_type.filter(|a| several.contains(a)) {
                return Some(area.to_owned());
            }
            let under_own_item = listings
                .iter()
                .find(|l| l.resource_page.as_deref().and_then(|p| toc.home_area(p)) == Some(l.area.as_str()));
            if let Some(l) = under_own_item {
                return Some(l.area.clone());
            }
            let first = several[0].to_owned();
            diags.note(
                &op.page.source,
                op.page.title_line,
                Code::AreaAmbiguous,
                format!(
                    "{} lists this page under {}; nothing says which is its own, so it is in {first}",
                    toc.path,
                    several.join(", ")
                ),
            );
            Some(first)
        }
    }
}

/// The type an operation is about: the type it returns, else the resource it sends.
fn resource_type(page: &ApiPage) -> Option<String> {
    match (&page.response.body, &page.request_body) {
        (ResponseBody::Type { ty }, _) => Some(ty.name.to_ascii_lowercase()),
        (_, RequestBody::Resource { ty, .. }) => Some(ty.name.to_ascii_lowercase()),
        _ => None,
    }
}

/// The first segment of the page's first path (`/me/...` is `users`).
fn first_segment(page: &ApiPage) -> String {
    super::naming_ops::area_of(&page.requests[0].template)
}

/// Each first segment (lower case) spelled the camelCase way: most capitals, then first.
fn segment_spellings(ops: &[MergedOperation<'_>]) -> BTreeMap<String, String> {
    let mut spelling: BTreeMap<String, String> = BTreeMap::new();
    for op in ops {
        let area = first_segment(&op.page);
        let entry = spelling.entry(area.to_ascii_lowercase()).or_insert_with(|| area.clone());
        if (capitals(&area), std::cmp::Reverse(&area)) > (capitals(entry), std::cmp::Reverse(&*entry)) {
            *entry = area;
        }
    }
    spelling
}
