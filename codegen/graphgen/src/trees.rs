//! Several docs trees read as one (`--specs en/v1.0 --specs pt-BR/v1.0`): the
//! first is the original, the others its translations. A page of a later tree
//! is known by its path under a prefix, its tree's label (`pt-br/api/user-get.md`),
//! so that two trees' copies of one page stay two pages: lowering merges them,
//! the original's language first (English wins; what it lacks is filled from
//! the translation).

use crate::diagnostics::FileDiagnostics;
use crate::page::{IncludeResolver, IncludedDocument};
use crate::read::read_document;
use std::path::PathBuf;

/// One tree of a run: where it is, and the prefix of its pages' paths (empty for the first).
#[derive(Clone, Debug)]
pub struct Tree {
    pub root: PathBuf,
    pub prefix: String,
}

/// The locale most of `texts` declare in their front matter (`ms.contentlocale: pt-BR`
/// → `pt-br`), when one does.
pub fn declared_locale<'t>(texts: impl Iterator<Item = &'t str>) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for text in texts {
        // The front matter is the first lines; a page is not searched beyond them.
        let mut end = text.len().min(2048);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let head = &text[..end];
        if let Some(line) = head.lines().find_map(|l| l.trim().strip_prefix("ms.contentlocale:")) {
            let locale = line.trim().trim_matches('"').to_ascii_lowercase();
            if !locale.is_empty()
                && locale.len() <= 16
                && locale.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                *counts.entry(locale).or_default() += 1;
            }
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(locale, _)| locale)
}

/// The prefixes of the trees: none for the first; for each other, its declared
/// locale (`pt-br/`), else `tree2/`, made unique by its position when two agree.
pub fn prefixes(locales: &[Option<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(locales.len());
    for (i, locale) in locales.iter().enumerate() {
        if i == 0 {
            out.push(String::new());
            continue;
        }
        let label = locale.clone().unwrap_or_else(|| format!("tree{}", i + 1));
        let label =
            if out.iter().any(|p| p.trim_end_matches('/') == label) { format!("{label}-{}", i + 1) } else { label };
        out.push(format!("{label}/"));
    }
    out
}

/// Reads `[!INCLUDE]` targets of each tree's pages from that tree, only inside
/// it, through the read stage; an include's path carries its tree's prefix.
pub struct TreeIncludes {
    trees: Vec<Tree>,
}

impl TreeIncludes {
    pub fn new(trees: &[Tree]) -> Self {
        // The longest prefix first, so that the first tree (no prefix) is the last resort.
        let mut trees = trees.to_vec();
        trees.sort_by_key(|t| std::cmp::Reverse(t.prefix.len()));
        TreeIncludes { trees }
    }
}

impl IncludeResolver for TreeIncludes {
    fn resolve(&self, page_path: &str, target: &str) -> Result<IncludedDocument, String> {
        let (tree, rest) = self
            .trees
            .iter()
            .find_map(|t| page_path.strip_prefix(t.prefix.as_str()).map(|rest| (t, rest)))
            .ok_or_else(|| format!("{page_path} is in no tree"))?;
        let (rel, text) = crate::specs::read_linked(&tree.root, rest, target)?;
        let rel = format!("{}{rel}", tree.prefix);
        let mut diagnostics = FileDiagnostics::new(&rel);
        let document = read_document(&rel, &text, &mut diagnostics);
        Ok(IncludedDocument { document, diagnostics })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_are_labelled_by_their_locale() {
        let pt = ["---\ntitle: x\nms.contentlocale: pt-BR\n---\n# x", "---\nms.contentlocale: pt-BR\n---\n"];
        assert_eq!(declared_locale(pt.iter().copied()).as_deref(), Some("pt-br"));
        assert_eq!(declared_locale(["# no front matter"].iter().copied()), None);
        let locales = [Some("en-us".to_owned()), Some("pt-br".to_owned()), None, Some("pt-br".to_owned())];
        assert_eq!(prefixes(&locales), ["", "pt-br/", "tree3/", "pt-br-4/"]);
    }
}
