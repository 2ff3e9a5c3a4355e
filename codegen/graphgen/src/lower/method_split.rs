//! One operation per HTTP method of a page.

use crate::diagnostics::{Code, Diagnostics};
use crate::page::ApiPage;

fn has_several_methods(page: &ApiPage) -> bool {
    page.requests.iter().any(|r| r.method != page.requests[0].method)
}

/// A page whose request lines have several methods (`driveitem-unfollow`: `DELETE
/// /me/drive/following/{id}` and `POST /me/drive/items/{id}/unfollow`) documents one
/// operation per method: a copy of the page per method, with that method's lines.
pub fn split_by_method(pages: &[&ApiPage], diags: &mut Diagnostics) -> Vec<ApiPage> {
    let mut out = Vec::new();
    for page in pages.iter().filter(|p| has_several_methods(p)) {
        let mut methods: Vec<&str> = Vec::new();
        for r in &page.requests {
            if !methods.contains(&r.method.as_str()) {
                methods.push(&r.method);
            }
        }
        diags.note(
            &page.source,
            page.requests[0].line,
            Code::PageMethodsSplit,
            format!("the page's request lines use {}: one operation per method", methods.join(" and ")),
        );
        for method in methods {
            let mut copy = ApiPage::clone(page);
            copy.requests.retain(|r| r.method == method);
            out.push(copy);
        }
    }
    out
}

/// The pages with one method, and the copies of those with several in their stead.
pub fn with_copies<'a>(pages: &[&'a ApiPage], copies: &'a [ApiPage]) -> Vec<&'a ApiPage> {
    pages.iter().copied().filter(|p| !has_several_methods(p)).chain(copies.iter()).collect()
}
