//! The docs' table of contents (`toc.yml` at the specs root): the areas people
//! know the API by (Users, Calendar, Mail, Files, Devices and apps…) and the
//! pages listed under each.
//!
//! The file is YAML of one shape only: nested lists of items with a `name`, an
//! optional `href` and optional `items`. It is read line by line with a stack of
//! indentation (no recursion, whatever its depth), so an odd line costs that
//! line only.
//!
//! The areas are the children of the reference's root: from the top, the item
//! that holds nearly all the listed API pages is descended into (`Reference`,
//! then `v1.0 reference`), and its children are the areas.

use super::front_matter::unquote;
use std::collections::BTreeMap;

/// How deep the item list may nest; deeper items are left out. Deepest in the docs: 7.
pub const MAX_TOC_DEPTH: usize = 64;

/// A share of the listed pages above which one item is the reference's root, not an area.
const ROOT_SHARE: f64 = 0.9;

/// One item of the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocItem {
    pub name: String,
    /// A specs-relative page (`api/user-list.md`), when the item links to one here.
    pub href: Option<String>,
    /// The item it is listed under.
    pub parent: Option<usize>,
    /// 1-based line of the item.
    pub line: u32,
}

/// Where a page is listed: the area's name, and the page (`resources/…`) the listing is under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    pub area: String,
    /// The nearest item above the listing that links to a resource page.
    pub resource_page: Option<String>,
    pub line: u32,
}

/// The table of contents, read.
#[derive(Clone, Debug, Default)]
pub struct Toc {
    /// The file, specs-relative (`toc.yml`).
    pub path: String,
    pub items: Vec<TocItem>,
    /// The areas, in the order the file lists them.
    pub areas: Vec<String>,
    /// Every listing of each page (specs-relative path), in file order.
    pub listings: BTreeMap<String, Vec<Listing>>,
    /// Items left out for nesting deeper than [`MAX_TOC_DEPTH`].
    pub too_deep: usize,
    /// Each resource page's home area (see [`Toc::home_area`]).
    homes: BTreeMap<String, usize>,
}

impl Toc {
    /// Read a `toc.yml` found at `path` (specs-relative; hrefs are relative to it).
    pub fn read(path: &str, text: &str) -> Toc {
        let mut toc = Toc { path: path.to_owned(), ..Toc::default() };
        // (indent of the item's `-`, item index)
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let indent = line.len() - line.trim_start().len();
            let rest = line.trim_start();
            let (dash, field) = match rest.strip_prefix("- ") {
                Some(f) => (true, f.trim_start()),
                None => (false, rest),
            };
            let Some((key, value)) = field.split_once(':') else { continue };
            let key = key.trim();
            if key.is_empty() || key.contains(char::is_whitespace) {
                continue;
            }
            let value = unquote(value.trim());
            if dash {
                while stack.last().is_some_and(|&(i, _)| i >= indent) {
                    stack.pop();
                }
                if stack.len() >= MAX_TOC_DEPTH {
                    toc.too_deep += 1;
                    continue;
                }
                let parent = stack.last().map(|&(_, item)| item);
                toc.items.push(TocItem { name: String::new(), href: None, parent, line: n as u32 + 1 });
                stack.push((indent, toc.items.len() - 1));
            } else if stack.last().is_none_or(|&(i, _)| indent <= i) {
                // A key of no item being read (`items:` of the root, a key after a too-deep item).
                continue;
            }
            let Some(&(_, item)) = stack.last() else { continue };
            match key {
                "name" => toc.items[item].name = value.to_owned(),
                "href" => toc.items[item].href = page_href(path, value),
                _ => {}
            }
        }
        toc.find_areas();
        toc
    }

    /// The areas and each page's listings (see the module doc).
    fn find_areas(&mut self) {
        let n = self.items.len();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut top = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            match item.parent {
                Some(p) => children[p].push(i),
                None => top.push(i),
            }
        }
        // API pages listed under each item (children come after their parent: one pass back).
        let mut api = vec![0usize; n];
        for i in (0..n).rev() {
            if self.items[i].href.as_deref().is_some_and(is_api_page) {
                api[i] += 1;
            }
            if let Some(p) = self.items[i].parent {
                api[p] += api[i];
            }
        }
        let total: usize = top.iter().map(|&i| api[i]).sum();
        if total == 0 {
            return;
        }
        let mut level = top;
        while let Some(&root) = level.iter().find(|&&i| api[i] as f64 >= ROOT_SHARE * total as f64) {
            if children[root].is_empty() {
                break;
            }
            level = children[root].clone();
        }
        let mut area_of: Vec<Option<usize>> = vec![None; n];
        for &a in &level {
            if api[a] > 0 && !self.items[a].name.is_empty() {
                let index = match self.areas.iter().position(|x| *x == self.items[a].name) {
                    Some(index) => index,
                    None => {
                        self.areas.push(self.items[a].name.clone());
                        self.areas.len() - 1
                    }
                };
                area_of[a] = Some(index);
            }
        }
        // Each item's area and nearest resource page above it (parents come first).
        let mut resource: Vec<Option<usize>> = vec![None; n];
        for i in 0..n {
            if let Some(p) = self.items[i].parent {
                if area_of[i].is_none() {
                    area_of[i] = area_of[p];
                }
                resource[i] =
                    if self.items[p].href.as_deref().is_some_and(is_resource_page) { Some(p) } else { resource[p] };
            }
        }
        for (i, item) in self.items.iter().enumerate() {
            let (Some(href), Some(a)) = (&item.href, area_of[i]) else { continue };
            let listing = Listing {
                area: self.areas[a].clone(),
                resource_page: resource[i].and_then(|r| self.items[r].href.clone()),
                line: item.line,
            };
            self.listings.entry(href.clone()).or_default().push(listing);
        }
        self.find_homes(&area_of);
    }

    /// The area a resource page (`resources/event.md`) belongs to: where the item linking
    /// to it lists the most pages about it (`event-accept.md`…: `Calendar > Event`, not
    /// `Users > Calendar`), then where the item is named like the page, then the first.
    pub fn home_area(&self, resource_page: &str) -> Option<&str> {
        self.homes.get(resource_page).map(|&a| self.areas[a].as_str())
    }

    /// `area_of`: each item's area (an index into `areas`).
    fn find_homes(&mut self, area_of: &[Option<usize>]) {
        let stem = |href: &str| href.rsplit('/').next().unwrap_or("").trim_end_matches(".md").to_ascii_lowercase();
        // Pages about the linked resource listed right under each item.
        let mut about = vec![0usize; self.items.len()];
        for item in &self.items {
            let (Some(href), Some(p)) = (&item.href, item.parent) else { continue };
            if let Some(parent_href) = self.items[p].href.as_deref().filter(|h| is_resource_page(h)) {
                if stem(href).starts_with(&format!("{}-", stem(parent_href))) {
                    about[p] += 1;
                }
            }
        }
        let mut best: BTreeMap<String, ((usize, bool), usize)> = BTreeMap::new();
        for (i, item) in self.items.iter().enumerate() {
            let (Some(href), Some(area)) = (item.href.as_deref().filter(|h| is_resource_page(h)), area_of[i]) else {
                continue;
            };
            let score = (about[i], simple(&item.name) == simple(&stem(href)));
            match best.get(href) {
                Some((had, _)) if *had >= score => {}
                _ => {
                    best.insert(href.to_owned(), (score, area));
                }
            }
        }
        self.homes = best.into_iter().map(|(href, (_, area))| (href, area)).collect();
    }
}

/// Lower case letters and digits only: `Chat message` and `chatmessage` are one name.
fn simple(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// An href to a page of this tree, as a specs-relative path: `api/user-list.md`
/// (`?context=…` and `#anchor` dropped); `None` for other sites and absolute links.
fn page_href(toc_path: &str, href: &str) -> Option<String> {
    let href = href.split(['?', '#']).next().unwrap_or("");
    if href.contains("://") || href.starts_with('/') || !href.ends_with(".md") {
        return None;
    }
    crate::specs::resolve_relative(toc_path, href)
}

fn is_api_page(href: &str) -> bool {
    href.starts_with("api/") || href.contains("/api/")
}

fn is_resource_page(href: &str) -> bool {
    href.starts_with("resources/") || href.contains("/resources/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOC: &str = "name: Reference\nitems:\n  - name: Get auth tokens\n    href: /graph/auth\n  - name: v1.0 reference\n    items:\n    - name: Users\n      items:\n      - name: Mail\n        href: resources/message.md\n        items:\n        - name: Send mail\n          href: api/user-sendmail.md\n    - name: Mail\n      items:\n      - name: \"Message\"\n        href: resources/message.md\n        items:\n        - name: Get message\n          href: api/message-get.md?context=graph/api/1.0\n        - name: Send mail\n          href: api/user-sendmail.md#example\n        - name: Elsewhere\n          href: ../v1.0/api/elsewhere.md\n";

    #[test]
    fn areas_are_the_children_of_the_item_holding_the_pages() {
        let toc = Toc::read("toc.yml", TOC);
        assert_eq!(toc.areas, ["Users", "Mail"]);
        let listed: Vec<&str> = toc.listings["api/user-sendmail.md"].iter().map(|l| l.area.as_str()).collect();
        assert_eq!(listed, ["Users", "Mail"]);
        assert_eq!(toc.listings["api/message-get.md"][0].resource_page.as_deref(), Some("resources/message.md"));
        // The resource's home is where its entry lists pages about it (`message-get.md`).
        assert_eq!(toc.home_area("resources/message.md"), Some("Mail"));
        assert!(
            !toc.listings.keys().any(|k| k.contains("auth") || k.contains("elsewhere")),
            "links off the tree are not pages"
        );
    }

    #[test]
    fn nesting_is_bounded_and_odd_lines_cost_themselves() {
        let mut text = String::from("items:\n");
        for depth in 0..200 {
            text.push_str(&format!(
                "{}- name: level {depth}\n{}  href: api/p{depth}.md\n",
                " ".repeat(depth * 2),
                " ".repeat(depth * 2)
            ));
        }
        text.push_str("{{ not yaml\n\t- : :\n");
        let toc = Toc::read("toc.yml", &text);
        assert_eq!(toc.items.len(), MAX_TOC_DEPTH);
        assert_eq!(toc.too_deep, 200 - MAX_TOC_DEPTH);
        assert!(Toc::read("toc.yml", "").areas.is_empty());
    }
}
