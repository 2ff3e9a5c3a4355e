//! Following `@odata.nextLink` without I/O: the state of a paging loop,
//! which both clients drive.

use crate::cloud::BaseUrl;
use crate::error::Error;
use crate::page::Page;
use crate::request::Request;

/// Where a paging loop is: the request for the next page, or the error
/// that following the last `@odata.nextLink` gave, if any.
pub(crate) struct Cursor<T> {
    next: Option<Result<Request<Page<T>>, Error>>,
    last_link: Option<String>,
}

impl<T> Cursor<T> {
    pub(crate) fn new(first: Request<Page<T>>) -> Self {
        Cursor { next: Some(Ok(first)), last_link: None }
    }

    /// The request for the next page (or the error that ends paging), and
    /// the cursor left empty until [`Cursor::advance`].
    pub(crate) fn take(&mut self) -> Option<Result<Request<Page<T>>, Error>> {
        self.next.take()
    }

    /// Records `page`, a response to `sent`: its `@odata.nextLink` (which
    /// must be on `base`'s host and under its path) becomes the next
    /// request, keeping `sent`'s method and headers. A link elsewhere, or
    /// equal to the previous one (an endless loop), becomes the next
    /// result's error, so this page's items are still delivered.
    pub(crate) fn advance(&mut self, sent: &Request<Page<T>>, page: &Page<T>, base: &BaseUrl) {
        let Some(link) = page.next_link() else {
            return;
        };
        if self.last_link.as_deref() == Some(link) {
            self.next = Some(Err(Error::InvalidUri {
                uri: link.to_owned(),
                message: "the server sent the same @odata.nextLink twice".to_owned(),
            }));
            return;
        }
        self.next = Some(sent.next_page(link, base.as_str()));
        self.last_link = Some(link.to_owned());
    }
}
