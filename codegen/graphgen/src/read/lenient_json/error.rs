//! Why a text could not be parsed: [`LenientJsonError`], with `serde_json`'s
//! position (in the text it parsed, possibly repaired) mapped back to a line and
//! character column of the original text.

use std::fmt;

/// Why a text could not be parsed even after repairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LenientJsonError {
    /// 1-based line within the parsed text.
    pub line: u32,
    /// 1-based column within that line, in characters.
    pub column: u32,
    /// `serde_json`'s message, without its own position suffix.
    pub message: String,
    /// The text nests deeper than [`crate::limits::MAX_JSON_DEPTH`]: it was not parsed at all.
    pub too_deep: bool,
}

impl fmt::Display for LenientJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (line {}, column {})", self.message, self.line, self.column)
    }
}

impl std::error::Error for LenientJsonError {}

/// Build an error for `text` from a `serde_json` error on the same text.
pub(super) fn error_at(text: &str, e: &serde_json::Error, map: impl Fn(usize) -> usize) -> LenientJsonError {
    error_at_mapped(text, text, e, map)
}

/// Build an error for `original` from a `serde_json` error on `parsed`, mapping
/// byte offsets in `parsed` back to `original` with `map`.
pub(super) fn error_at_mapped(
    original: &str,
    parsed: &str,
    e: &serde_json::Error,
    map: impl Fn(usize) -> usize,
) -> LenientJsonError {
    let parsed_offset = offset_of_line_column(parsed, e.line(), e.column());
    let offset = floor_char_boundary(original, map(parsed_offset));
    let (line, column) = line_column(original, offset);
    let message = message_without_position(e);
    let too_deep = message.contains("recursion limit");
    LenientJsonError { line, column, message, too_deep }
}

/// `serde_json` reports 1-based lines and byte columns (the column of the
/// offending byte, or one past the end). Returns a byte offset, clamped.
fn offset_of_line_column(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0usize;
    if line > 1 {
        let mut seen = 1usize;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    start = i + 1;
                    break;
                }
            }
        }
        if seen < line {
            return text.len();
        }
    }
    start.saturating_add(column.saturating_sub(1)).min(text.len())
}

/// 1-based line and 1-based character column of a byte offset.
pub(super) fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (saturate(line), saturate(column))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn message_without_position(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full,
    }
}
