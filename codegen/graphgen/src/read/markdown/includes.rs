//! Include segmentation: a paragraph's inline items cut at every
//! `[!INCLUDE [label](target)]` and HTML comment into [`Segment`]s (pulldown-cmark
//! sees the include as text, a link and a bracket).

use super::inline::{Inline, Item, render};
use crate::read::Include;

/// A piece of a paragraph once includes and comments are cut out of it.
pub(super) enum Segment {
    Inline(Vec<Item>),
    Include { at: usize, include: Include },
    Comment { at: usize, raw: String },
}

const INCLUDE_MARKER: &str = "[!include";

/// Cut `[!INCLUDE [label](target)]` and comments out of a paragraph's items.
pub(super) fn split_segments(items: Vec<Item>) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut current: Vec<Item> = Vec::new();
    let mut strip_bracket = false;
    let mut i = 0;
    while i < items.len() {
        let item = &items[i];
        match &item.kind {
            Inline::Html(h) if h.starts_with("<!--") => {
                flush_segment(&mut segments, &mut current);
                segments.push(Segment::Comment { at: item.at, raw: h.trim_end().to_owned() });
                i += 1;
                continue;
            }
            Inline::LinkStart { target } if ends_with_include_marker(&current) => {
                if let Some(end) = matching_link_end(&items, i) {
                    if next_text_starts_with_bracket(&items, end + 1) {
                        strip_include_marker(&mut current);
                        flush_segment(&mut segments, &mut current);
                        let label = render(&items[i + 1..end]).text;
                        segments
                            .push(Segment::Include { at: item.at, include: Include { label, target: target.clone() } });
                        strip_bracket = true;
                        i = end + 1;
                        continue;
                    }
                }
            }
            Inline::Text { text, escaped_pipe } if strip_bracket => {
                let trimmed = text.trim_start();
                if trimmed.is_empty() {
                    i += 1;
                    continue;
                }
                strip_bracket = false;
                if let Some(rest) = trimmed.strip_prefix(']') {
                    if !rest.is_empty() {
                        current.push(Item {
                            at: item.at,
                            kind: Inline::Text { text: rest.to_owned(), escaped_pipe: *escaped_pipe },
                        });
                    }
                    i += 1;
                    continue;
                }
            }
            _ => strip_bracket = false,
        }
        current.push(item.clone());
        i += 1;
    }
    flush_segment(&mut segments, &mut current);
    segments
}

fn flush_segment(segments: &mut Vec<Segment>, current: &mut Vec<Item>) {
    if !current.is_empty() {
        segments.push(Segment::Inline(std::mem::take(current)));
    }
}

/// The text run at the end of `items` (at most a few items: pulldown-cmark
/// splits `[!INCLUDE ` at the bracket and the `!`).
fn trailing_text(items: &[Item]) -> (usize, String) {
    let mut count = 0;
    for item in items.iter().rev().take(4) {
        if matches!(item.kind, Inline::Text { .. }) {
            count += 1;
        } else {
            break;
        }
    }
    let mut s = String::new();
    for item in &items[items.len() - count..] {
        if let Inline::Text { text, .. } = &item.kind {
            s.push_str(text);
        }
    }
    (count, s)
}

fn ends_with_include_marker(items: &[Item]) -> bool {
    let (_, s) = trailing_text(items);
    let s = s.trim_end();
    s.len() >= INCLUDE_MARKER.len()
        && s.is_char_boundary(s.len() - INCLUDE_MARKER.len())
        && s[s.len() - INCLUDE_MARKER.len()..].eq_ignore_ascii_case(INCLUDE_MARKER)
}

fn strip_include_marker(items: &mut Vec<Item>) {
    let (count, s) = trailing_text(items);
    let at = items.get(items.len() - count).map_or(0, |i| i.at);
    items.truncate(items.len() - count);
    let trimmed = s.trim_end();
    let keep = &trimmed[..trimmed.len().saturating_sub(INCLUDE_MARKER.len())];
    if !keep.is_empty() {
        items.push(Item { at, kind: Inline::Text { text: keep.to_owned(), escaped_pipe: false } });
    }
}

fn matching_link_end(items: &[Item], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, item) in items.iter().enumerate().skip(start) {
        match item.kind {
            Inline::LinkStart { .. } => depth += 1,
            Inline::LinkEnd => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn next_text_starts_with_bracket(items: &[Item], from: usize) -> bool {
    for item in items.iter().skip(from) {
        match &item.kind {
            Inline::Text { text, .. } if text.trim().is_empty() => continue,
            Inline::Text { text, .. } => return text.trim_start().starts_with(']'),
            _ => return false,
        }
    }
    false
}
