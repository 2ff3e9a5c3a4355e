//! Bounds on what one page can make the generator do or produce.
//!
//! Every page is untrusted, and a stack overflow cannot be caught, so nothing
//! a page decides may set a recursion depth or the nesting of an emitted
//! syntax tree. Each bound below is far beyond anything the real docs hold
//! (the largest figure of the 2020 trees is given beside each); what goes
//! beyond it is cut with a diagnostic naming the place (`nesting-too-deep` for
//! depth, `too-many-items` for counts, `path-too-long` for a request path) and
//! the rest of the page is kept.

use crate::diagnostics::{Code, FileDiagnostics};

/// JSON nesting (examples, annotations): what `serde_json`'s own recursion
/// limit (which stays on) accepts; it refuses 128. Deepest in the docs: 9.
pub const MAX_JSON_DEPTH: usize = 127;

/// Flow nesting (`[`, `{`) in a YAML front matter block. Deepest in the docs: 1.
pub const MAX_FRONT_MATTER_DEPTH: usize = 64;

/// Segments (literals and parameters) of one request path; a longer path is
/// refused. Longest in the docs: 14 segments, 5 parameters.
pub const MAX_PATH_SEGMENTS: usize = 64;

/// Request lines (`METHOD /path`) of one page. Most in the docs: 54.
pub const MAX_REQUEST_LINES: usize = 1_000;

/// Rows of one kind read from one page: properties, relationships, enum
/// members, parameters, query parameters, request headers, permission rows,
/// inline "Possible values". Most in the docs: 293 properties
/// (`windows10GeneralConfiguration`), 50 members.
pub const MAX_ITEMS: usize = 2_000;

/// Example request/response pairs of one page. Most in the docs: 12.
pub const MAX_EXAMPLES: usize = 200;

/// `[!INCLUDE]`s read for one page. Most in the docs: 2.
pub const MAX_INCLUDES: usize = 32;

/// Base types above one type (`entity` ← `directoryObject` ← `user` is 2).
/// Deepest in the docs: 5.
pub const MAX_BASE_DEPTH: usize = 32;

/// Keep the first `max` of `items`; when there were more, say so once
/// (`too-many-items`) at the line of the first item left out.
pub fn cap<T>(items: &mut Vec<T>, max: usize, what: &str, line_of: impl Fn(&T) -> u32, diags: &mut FileDiagnostics) {
    if items.len() <= max {
        return;
    }
    let line = items.get(max).map_or(0, line_of);
    diags.warn(
        line,
        Code::TooManyItems,
        format!(
            "{} {what} on this page; only the first {max} are read, the rest from here on are left out",
            items.len()
        ),
    );
    items.truncate(max);
}

/// Room for at most `max` items read one at a time: [`Budget::take`] says
/// whether one more fits, [`Budget::report`] says once how many did not.
#[derive(Clone, Debug)]
pub struct Budget {
    max: usize,
    kept: usize,
    left_out: usize,
    first_left_out: u32,
}

impl Budget {
    pub fn new(max: usize) -> Self {
        Budget { max, kept: 0, left_out: 0, first_left_out: 0 }
    }

    /// Whether the item on `line` fits (and is counted as kept).
    pub fn take(&mut self, line: u32) -> bool {
        if self.kept < self.max {
            self.kept += 1;
            return true;
        }
        if self.left_out == 0 {
            self.first_left_out = line;
        }
        self.left_out += 1;
        false
    }

    /// `too-many-items` at the first item left out, when any was.
    pub fn report(&self, what: &str, diags: &mut FileDiagnostics) {
        if self.left_out > 0 {
            diags.warn(
                self.first_left_out,
                Code::TooManyItems,
                format!(
                    "{} {what} on this page; only the first {} are read, the rest from here on are left out",
                    self.kept + self.left_out,
                    self.max
                ),
            );
        }
    }
}

/// The deepest nesting of `[`/`{` in `text`, outside strings quoted with `"`
/// or `'`, and the byte offset where it first went past `max` (if it did).
/// Linear; used before handing text to a parser whose depth the text decides.
pub fn bracket_depth(text: &str, max: usize) -> (usize, Option<usize>) {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut first_over = None;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if b == b'\\' && q == b'"' {
                escaped = true;
            } else if b == q || b == b'\n' {
                quote = None;
            }
            continue;
        }
        match b {
            b'"' | b'\'' => quote = Some(b),
            b'[' | b'{' => {
                depth += 1;
                if depth > deepest {
                    deepest = depth;
                    if depth > max && first_over.is_none() {
                        first_over = Some(i);
                    }
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (deepest, first_over)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_keeps_the_first_and_says_where_it_cut() {
        let mut items: Vec<u32> = (1..=10).collect();
        let mut diags = FileDiagnostics::new("a.md");
        cap(&mut items, 4, "rows", |&n| n * 10, &mut diags);
        assert_eq!(items, [1, 2, 3, 4]);
        let d: Vec<_> = diags.into_sorted();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].code, d[0].line), (Code::TooManyItems, 50));
        let mut few = vec![1u32];
        let mut diags = FileDiagnostics::new("a.md");
        cap(&mut few, 4, "rows", |&n| n, &mut diags);
        assert!(diags.is_empty());
    }

    #[test]
    fn budget_counts_what_it_leaves_out() {
        let mut budget = Budget::new(2);
        let kept: Vec<u32> = (1..=5).filter(|&l| budget.take(l)).collect();
        assert_eq!(kept, [1, 2]);
        let mut diags = FileDiagnostics::new("a.md");
        budget.report("rows", &mut diags);
        let d = diags.into_sorted();
        assert_eq!((d[0].line, d[0].message.starts_with("5 rows")), (3, true));
    }

    #[test]
    fn bracket_depth_ignores_strings() {
        assert_eq!(bracket_depth(r#"{"a": [1, {"b": "[[[["}]}"#, 8), (3, None));
        assert_eq!(bracket_depth("[[[", 2), (3, Some(2)));
        assert_eq!(bracket_depth("'{{{' [", 0), (1, Some(6)));
    }
}
