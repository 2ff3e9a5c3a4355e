//! Which operation an example is an example of. API pages sometimes carry an
//! example of a neighbouring operation: `rangeformat-update.md` (PATCH
//! `…/range/format`) shows PATCH `…/range/format/font` with a font body and a
//! `workbookRangeFont` response. Checked against the page's own operation,
//! every key of it would be "untyped". The example's URL says which operation
//! it is: the one (same method) whose path template matches the most of the
//! URL's trailing segments, when that beats every template of the page's own.

use crate::ir::{Method, Operation};
use std::collections::HashMap;

/// A path segment as compared: lower case; `None` for a placeholder (`{id}`,
/// `{id|name}`). Arguments in parentheses are a segment of their own, a
/// placeholder: `messageRules('AQ=')` is `messageRules/{id}`, and a function's
/// template (`range(address='<address>')`) reads like its examples.
fn push_segments(segment: &str, out: &mut Vec<Option<String>>) {
    let (head, args) = match segment.split_once('(') {
        Some((head, _)) => (head, true),
        None => (segment, false),
    };
    if head.contains('{') || head.contains('<') {
        out.push(None);
    } else if !head.is_empty() {
        out.push(Some(head.to_ascii_lowercase()));
    }
    if args {
        out.push(None);
    }
}

fn segments(path: &str) -> Segments {
    let path = path.split('?').next().unwrap_or(path);
    let mut out = Vec::new();
    for s in path.split('/').filter(|s| !s.is_empty()) {
        push_segments(s, &mut out);
    }
    out
}

/// How many trailing literal segments of `example` the template spells, read
/// from the end until the first disagreement (a placeholder on either side
/// passes, but counts for nothing: ids prove nothing about the operation).
fn trailing_match(template: &[Option<String>], example: &[Option<String>]) -> usize {
    let mut score = 0;
    for (t, e) in template.iter().rev().zip(example.iter().rev()) {
        match (t, e) {
            (Some(t), Some(e)) if t == e => score += 1,
            (Some(_), Some(_)) => break,
            _ => {}
        }
    }
    score
}

/// Fewer literal segments than this in common prove nothing (`POST /api/calls`,
/// a bot's callback in the calling pages, is not `POST /communications/calls`).
const MIN_SCORE: usize = 2;

/// A path as compared: its segments, `None` for a placeholder.
type Segments = Vec<Option<String>>;

/// Operations by (method, last literal segment of one of their templates).
pub struct Router {
    by_tail: HashMap<(Method, String), Vec<(usize, Segments)>>,
    own: Vec<Vec<Segments>>,
}

impl Router {
    pub fn new(ops: &[Operation]) -> Self {
        let mut by_tail: HashMap<(Method, String), Vec<(usize, Segments)>> = HashMap::new();
        let mut own = Vec::with_capacity(ops.len());
        for (i, op) in ops.iter().enumerate() {
            let templates: Vec<Segments> = op.paths.iter().map(|p| segments(&p.template)).collect();
            for t in &templates {
                if let Some(Some(last)) = t.last() {
                    by_tail.entry((op.method, last.clone())).or_default().push((i, t.clone()));
                }
            }
            own.push(templates);
        }
        Router { by_tail, own }
    }

    /// The operation whose example `path` really is, when it is not operation
    /// `op`'s: another operation of the same method matches more of its
    /// trailing segments than any of `op`'s templates.
    pub fn other_operation(&self, op: usize, method: &str, path: &str) -> Option<usize> {
        let method = Method::parse(method)?;
        let example = segments(path);
        let Some(Some(last)) = example.last() else { return None };
        let own = self.own.get(op)?.iter().map(|t| trailing_match(t, &example)).max().unwrap_or(0);
        let candidates = self.by_tail.get(&(method, last.clone()))?;
        let mut best: Option<(usize, usize)> = None;
        for (i, t) in candidates {
            if *i == op {
                continue;
            }
            let score = trailing_match(t, &example);
            if score >= MIN_SCORE && score > own && best.is_none_or(|(_, s)| score > s) {
                best = Some((*i, score));
            }
        }
        best.map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_segments_decide() {
        let example = segments("/me/drive/items/{id}/workbook/worksheets/{sheet-id}/range(address='$A$1')/format/font");
        let format = segments("/workbook/worksheets/{id|name}/range(address='<address>')/format");
        let font = segments("/workbook/worksheets/{id|name}/range(address='<address>')/format/font");
        assert_eq!(trailing_match(&format, &example), 0);
        assert_eq!(trailing_match(&font, &example), 5);
        let photo = segments("/users/{id|userPrincipalName}/photo/$value");
        assert_eq!(trailing_match(&segments("/me/events/{id}/attachments/{id}/$value"), &photo), 1);
        assert_eq!(segments("/users/{id}?$select=x"), [Some("users".to_owned()), None]);
        assert_eq!(segments("/me/messageRules('AQ=')"), segments("/me/messageRules/{id}"));
        assert_eq!(trailing_match(&segments("/me/messageRules"), &segments("/me/messageRules('AQ=')")), 0);
    }
}
