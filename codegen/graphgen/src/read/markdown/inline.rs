//! Inline content: the inline events of a block as [`Item`]s with their byte
//! offsets, and their flattening to [`Text`] (links, code spans, collapsed
//! whitespace, heading anchors).

use crate::read::{Link, Text};

/// One inline event, with the absolute byte offset it came from.
#[derive(Clone, Debug)]
pub(super) struct Item {
    pub(super) at: usize,
    pub(super) kind: Inline,
}

#[derive(Clone, Debug)]
pub(super) enum Inline {
    /// Text; `escaped_pipe` when it starts with a `|` written as `\|`.
    Text {
        text: String,
        escaped_pipe: bool,
    },
    Code(String),
    LinkStart {
        target: String,
    },
    LinkEnd,
    /// A soft or hard line break.
    Break,
    /// An inline HTML tag or comment.
    Html(String),
}

/// Inline content of the block being read.
#[derive(Default)]
pub(super) struct InlineBuf {
    pub(super) items: Vec<Item>,
    pub(super) strong_depth: u32,
    pub(super) any_strong: bool,
    /// Whether any non-blank content sits outside `**bold**`.
    outside_strong: bool,
}

impl InlineBuf {
    pub(super) fn push(&mut self, at: usize, kind: Inline) {
        let visible = match &kind {
            Inline::Text { text, .. } => !text.trim().is_empty(),
            Inline::Code(_) => true,
            _ => false,
        };
        if visible && self.strong_depth == 0 {
            self.outside_strong = true;
        }
        self.items.push(Item { at, kind });
    }

    pub(super) fn is_bold_only(&self) -> bool {
        self.any_strong && !self.outside_strong
    }

    pub(super) fn take(&mut self) -> Vec<Item> {
        let items = std::mem::take(&mut self.items);
        *self = InlineBuf::default();
        items
    }
}

/// `<a name="x">` / `<a id='x'>` → `x`.
pub(super) fn anchor_name(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    if !lower.starts_with("<a") || !lower[2..].starts_with(|c: char| c.is_ascii_whitespace()) {
        return None;
    }
    for attr in ["name", "id"] {
        let mut from = 0;
        while let Some(i) = lower.get(from..).and_then(|s| s.find(attr)) {
            let i = from + i;
            from = i + attr.len();
            let preceded = lower[..i].ends_with(|c: char| c.is_ascii_whitespace());
            let rest = lower[from..].trim_start();
            if !preceded || !rest.starts_with('=') {
                continue;
            }
            // Take the value from the original (case-preserving) tag.
            let value_start = tag.len() - rest.len() + 1;
            let value = tag.get(value_start..)?.trim_start();
            let value = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
                _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
            };
            if !value.is_empty() {
                return Some(value.to_owned());
            }
        }
    }
    None
}

fn is_line_break_tag(tag: &str) -> bool {
    let t = tag.trim().to_ascii_lowercase();
    t.starts_with("<br") || t.starts_with("</p") || t.starts_with("<p")
}

/// Flatten inline items to [`Text`].
pub(super) fn render(items: &[Item]) -> Text {
    let mut raw = String::new();
    let mut links = Vec::new();
    let mut code = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    for item in items {
        match &item.kind {
            Inline::Text { text, .. } => raw.push_str(text),
            Inline::Code(c) => {
                raw.push_str(c);
                code.push(c.clone());
            }
            Inline::LinkStart { target } => open.push((target.clone(), raw.len())),
            Inline::LinkEnd => {
                if let Some((target, start)) = open.pop() {
                    links.push(Link { text: collapse(raw.get(start..).unwrap_or("")), target });
                }
            }
            Inline::Break => raw.push(' '),
            Inline::Html(tag) => {
                if is_line_break_tag(tag) {
                    raw.push(' ');
                }
            }
        }
    }
    Text { text: collapse_owned(raw), links, code }
}

/// [`collapse`] that keeps `s` when it is already collapsed (printable ASCII, single
/// spaces, nothing to trim): most rendered text is.
fn collapse_owned(s: String) -> String {
    let bytes = s.as_bytes();
    let collapsed = bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && bytes.iter().all(|&b| b == b' ' || b.is_ascii_graphic())
        && !s.contains("  ");
    if collapsed { s } else { collapse(&s) }
}

/// Whitespace runs (any Unicode whitespace, `&nbsp;` included) → one space; trimmed.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

pub(super) fn append_text(target: &mut Text, text: Text) {
    if !text.text.is_empty() {
        if !target.text.is_empty() {
            target.text.push(' ');
        }
        target.text.push_str(&text.text);
    }
    target.links.extend(text.links);
    target.code.extend(text.code);
}

pub(super) fn is_empty_text(t: &Text) -> bool {
    t.text.is_empty() && t.links.is_empty() && t.code.is_empty()
}
