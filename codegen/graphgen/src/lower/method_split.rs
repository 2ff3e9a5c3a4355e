//! One operation per HTTP method of a page, and per kind of thing its paths address.

use crate::diagnostics::{Code, Diagnostics};
use crate::page::{ApiPage, HttpRequestLine};

/// A path to a media resource's bytes: its last segment is `$value` or `content`
/// (`/me/photo/$value`, `/drives/{id}/items/{id}/content`, `/root:/{path}:/content`).
pub fn is_media_template(raw: &str) -> bool {
    let raw = raw.split('?').next().unwrap_or(raw).trim_end_matches('/');
    let last = raw.rsplit(['/', ':']).find(|s| !s.is_empty()).unwrap_or("");
    last == "$value" || last.eq_ignore_ascii_case("content")
}

/// What one operation of a page is made of: its method, and whether its paths are to
/// media bytes.
fn kind(request: &HttpRequestLine) -> (&str, bool) {
    (request.method.as_str(), is_media_template(&request.template.raw))
}

fn has_several_kinds(page: &ApiPage) -> bool {
    page.requests.iter().any(|r| kind(r) != kind(&page.requests[0]))
}

/// A page whose request lines have several methods (`driveitem-unfollow`: `DELETE
/// /me/drive/following/{id}` and `POST /me/drive/items/{id}/unfollow`) documents one
/// operation per method; one whose lines address both a resource and its bytes
/// (`attachment-get`: `…/attachments/{id}` and `…/attachments/{id}/$value`,
/// `profilephoto-get`: `/me/photo` and `/me/photo/$value`) one for the JSON and one for the
/// bytes. Each is a copy of the page with its own lines.
///
/// Returns the pages with one kind of request, and the copies of the others.
pub fn split_by_method<'a>(pages: &[&'a ApiPage], diags: &mut Diagnostics) -> (Vec<&'a ApiPage>, Vec<ApiPage>) {
    let mut whole = Vec::new();
    let mut out = Vec::new();
    for page in pages.iter().copied() {
        if !has_several_kinds(page) {
            whole.push(page);
            continue;
        }
        let mut kinds: Vec<(&str, bool)> = Vec::new();
        let mut methods: Vec<&str> = Vec::new();
        for r in &page.requests {
            if !kinds.contains(&kind(r)) {
                kinds.push(kind(r));
            }
            if !methods.contains(&r.method.as_str()) {
                methods.push(&r.method);
            }
        }
        if methods.len() > 1 {
            diags.note(
                &page.source,
                page.requests[0].line,
                Code::PageMethodsSplit,
                format!("the page's request lines use {}: one operation per method", methods.join(" and ")),
            );
        }
        if kinds.iter().any(|k| k.1) && kinds.iter().any(|k| !k.1) {
            diags.note(
                &page.source,
                page.requests[0].line,
                Code::PageMediaSplit,
                "the page's request lines address both a resource and its bytes (`$value`, `content`): one operation for each",
            );
        }
        for k in kinds {
            let mut copy = ApiPage::clone(page);
            copy.requests.retain(|r| kind(r) == k);
            out.push(copy);
        }
    }
    (whole, out)
}

/// The pages with one kind of request, and the copies of those with several in their stead.
pub fn with_copies<'a>(whole: &[&'a ApiPage], copies: &'a [ApiPage]) -> Vec<&'a ApiPage> {
    whole.iter().copied().chain(copies.iter()).collect()
}
