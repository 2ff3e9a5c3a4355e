//! Code fences in the raw body: a fence closed at the end of a content line
//! (`` }``` ``) is split onto a line of its own before pulldown-cmark sees the
//! text, with the map from offsets in that copy back to the original; and
//! whether a fenced block's source ends with a closing fence.

use std::borrow::Cow;

/// The body as handed to pulldown-cmark: the original, or a copy in which
/// fences that close mid-line were moved to a line of their own.
pub(super) struct Source<'a> {
    pub(super) text: Cow<'a, str>,
    /// Byte runs inserted into the copy: (offset in the copy, bytes inserted
    /// before it, length), in order.
    insertions: Vec<(usize, usize, usize)>,
    /// Original body offsets of the fences that were split off.
    pub(super) split_fences: Vec<usize>,
}

impl<'a> Source<'a> {
    /// Track fences line by line (roughly as CommonMark does: indentation and
    /// `>` markers ignored); inside a fence, a line that is not a closing fence
    /// but ends with the fence string gets a line break inserted before it.
    pub(super) fn new(body: &'a str) -> Self {
        let mut copy: Option<String> = None;
        let mut insertions = Vec::new();
        let mut split_fences = Vec::new();
        let mut fence: Option<(char, usize)> = None;
        let mut copied_up_to = 0;
        let mut line_start = 0;
        while line_start < body.len() {
            let line_end = body[line_start..].find('\n').map_or(body.len(), |i| line_start + i + 1);
            let line = &body[line_start..line_end];
            let content = line.trim_end_matches(['\n', '\r']);
            let stripped = content.trim_start_matches([' ', '\t', '>']);
            let prefix = &content[..content.len() - stripped.len()];
            match fence {
                None => fence = opening_fence(stripped),
                Some((ch, width)) => {
                    let t = stripped.trim_end();
                    let run = t.len() - t.trim_end_matches(ch).len();
                    if run >= width && run == t.len() {
                        fence = None;
                    } else if run >= width && t.len() > run {
                        // `}```` : split before the fence run.
                        let at = line_start + prefix.len() + (t.len() - run);
                        let out = copy.get_or_insert_with(|| String::with_capacity(body.len() + 64));
                        out.push_str(&body[copied_up_to..at]);
                        let inserted = 1 + prefix.len();
                        let shift = insertions.last().map_or(0, |&(_, shift, len)| shift + len);
                        insertions.push((out.len(), shift, inserted));
                        out.push('\n');
                        out.push_str(prefix);
                        copied_up_to = at;
                        split_fences.push(at);
                        fence = None;
                    }
                }
            }
            line_start = line_end;
        }
        let text = match copy {
            Some(mut out) => {
                out.push_str(&body[copied_up_to..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(body),
        };
        Source { text, insertions, split_fences }
    }

    /// Map an offset in [`Source::text`] back to the original body.
    pub(super) fn original_offset(&self, offset: usize) -> usize {
        let i = self.insertions.partition_point(|&(at, _, _)| at <= offset);
        match i.checked_sub(1).and_then(|i| self.insertions.get(i)) {
            Some(&(at, shift, len)) if offset < at + len => at - shift,
            Some(&(_, shift, len)) => offset - shift - len,
            None => offset,
        }
    }
}

/// A fence opening line (after indentation and `>` markers): the fence
/// character and width.
fn opening_fence(stripped: &str) -> Option<(char, usize)> {
    let ch = stripped.chars().next().filter(|&c| c == '`' || c == '~')?;
    let width = stripped.len() - stripped.trim_start_matches(ch).len();
    if width < 3 || (ch == '`' && stripped[width..].contains('`')) {
        return None;
    }
    Some((ch, width))
}

/// Whether a fenced code block's source ends with a closing fence.
pub(super) fn fence_is_closed(source: &str) -> bool {
    let strip = |l: &str| l.trim_start_matches(|c: char| c.is_whitespace() || c == '>').trim_end().to_owned();
    let mut lines = source.lines();
    let Some(opening) = lines.next().map(strip) else { return false };
    let Some(fence_char) = opening.chars().next().filter(|c| *c == '`' || *c == '~') else {
        return false;
    };
    let width = opening.chars().take_while(|&c| c == fence_char).count();
    let Some(last) = lines.rev().find(|l| !strip(l).is_empty()).map(strip) else {
        return false;
    };
    last.chars().all(|c| c == fence_char) && last.chars().count() >= width
}
