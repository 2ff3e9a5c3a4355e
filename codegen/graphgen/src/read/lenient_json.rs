//! Lenient JSON: strict `serde_json` first, then, only if that fails, one
//! linear repair pass over the text (outside string literals) and a second
//! strict parse. Used for `blockType` annotations and example bodies, which are
//! JSON-ish rather than JSON (trailing commas, `// comments`, `...`, unquoted
//! keys, single quotes).
//!
//! Repairs, each reported once by name in [`Lenient::repairs`]:
//! - `trailing-comma`: a comma before `}` / `]` (or at the end);
//! - `extra-comma`: a comma right after `{` / `[` or after another comma;
//! - `missing-comma`: a value directly followed by another value or key;
//! - `comment`: `// ...` to end of line and `/* ... */`;
//! - `ellipsis`: `...` / `…` standing for elided elements or lines;
//! - `single-quoted-string`: `'x'` becomes `"x"`;
//! - `unquoted-key`: `isCollection: true` becomes `"isCollection": true`;
//! - `bare-word`: a bare placeholder value (`boolean-value`) becomes a string;
//! - `control-character`: a raw tab (or other control character) inside a
//!   string is escaped;
//! - `line-break-in-string`: a string continued on the next line gets `\n`
//!   (when the text still fails, the error is reported as if line breaks were
//!   left alone, so an unterminated string is reported where it is);
//! - `invalid-escape`: `\{` inside a string keeps its backslash as `\\`;
//! - `stray-whitespace`: non-ASCII whitespace between tokens is dropped.
//!
//! Nothing is invented: unclosed brackets and unterminated strings stay errors.

use std::fmt;

/// A successfully parsed (possibly repaired) JSON value.
#[derive(Clone, Debug, PartialEq)]
pub struct Lenient {
    pub value: serde_json::Value,
    /// Names of the repairs applied, in first-seen order, each once; empty when
    /// the text was strict JSON.
    pub repairs: Vec<&'static str>,
}

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

/// Parse `text` as JSON, repairing common hand-written mistakes when strict
/// parsing fails. Linear in the input; never panics; nesting deeper than
/// `serde_json`'s recursion limit (128, [`crate::limits::MAX_JSON_DEPTH`]) is an
/// error with `too_deep` set, found by a scan before any parser runs.
pub fn parse_lenient(text: &str) -> Result<Lenient, LenientJsonError> {
    let (depth, over) = crate::limits::bracket_depth(text, crate::limits::MAX_JSON_DEPTH);
    if let Some(offset) = over {
        let (line, column) = line_column(text, offset);
        return Err(LenientJsonError {
            line,
            column,
            message: format!(
                "nested {depth} levels deep, more than the {} JSON allows here",
                crate::limits::MAX_JSON_DEPTH
            ),
            too_deep: true,
        });
    }
    let strict_error = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => return Ok(Lenient { value, repairs: Vec::new() }),
        Err(e) => e,
    };
    let repaired = repair(text, true);
    if repaired.repairs.is_empty() {
        return Err(error_at(text, &strict_error, |offset| offset));
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&repaired.text) {
        return Ok(Lenient { value, repairs: repaired.repairs });
    }
    let repaired = repair(text, false);
    if repaired.repairs.is_empty() {
        return Err(error_at(text, &strict_error, |offset| offset));
    }
    match serde_json::from_str::<serde_json::Value>(&repaired.text) {
        Ok(value) => Ok(Lenient { value, repairs: repaired.repairs }),
        Err(e) => {
            let map = |offset: usize| repaired.original_offset(offset, text.len());
            Err(error_at_mapped(text, &repaired.text, &e, map))
        }
    }
}

/// Build an error for `text` from a `serde_json` error on the same text.
fn error_at(text: &str, e: &serde_json::Error, map: impl Fn(usize) -> usize) -> LenientJsonError {
    error_at_mapped(text, text, e, map)
}

/// Build an error for `original` from a `serde_json` error on `parsed`, mapping
/// byte offsets in `parsed` back to `original` with `map`.
fn error_at_mapped(
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
fn line_column(text: &str, offset: usize) -> (u32, u32) {
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

/// The output of the repair pass.
struct Repaired {
    text: String,
    repairs: Vec<&'static str>,
    /// `(output offset, input offset)` at the start of each copied token,
    /// increasing in both components.
    checkpoints: Vec<(usize, usize)>,
}

impl Repaired {
    /// Map an offset in the repaired text back to the original text.
    fn original_offset(&self, out: usize, original_len: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(o, _)| o <= out);
        match i.checked_sub(1).and_then(|i| self.checkpoints.get(i)) {
            Some(&(o, input)) => input.saturating_add(out - o).min(original_len),
            None => out.min(original_len),
        }
    }
}

/// What the last significant token emitted was, for comma handling.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    Open,
    Colon,
    Value,
}

struct Repairer<'a> {
    escape_line_breaks: bool,
    text: &'a str,
    bytes: &'a [u8],
    out: String,
    repairs: Vec<&'static str>,
    checkpoints: Vec<(usize, usize)>,
    last: Last,
    /// Input offset of a comma seen but not yet written.
    pending_comma: Option<usize>,
}

/// Rewrite `text` into (hopefully) strict JSON. One pass, no recursion.
/// `escape_line_breaks`: whether a line break inside a string is escaped.
fn repair(text: &str, escape_line_breaks: bool) -> Repaired {
    let mut r = Repairer {
        escape_line_breaks,
        text,
        bytes: text.as_bytes(),
        out: String::with_capacity(text.len() + 16),
        repairs: Vec::new(),
        checkpoints: Vec::new(),
        last: Last::Start,
        pending_comma: None,
    };
    r.run();
    Repaired { text: r.out, repairs: r.repairs, checkpoints: r.checkpoints }
}

fn is_json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Bytes that end a bare token.
fn ends_bare_token(b: u8) -> bool {
    is_json_space(b) || matches!(b, b'{' | b'}' | b'[' | b']' | b',' | b':' | b'"')
}

impl Repairer<'_> {
    fn note(&mut self, repair: &'static str) {
        if !self.repairs.contains(&repair) {
            self.repairs.push(repair);
        }
    }

    fn checkpoint(&mut self, input: usize) {
        self.checkpoints.push((self.out.len(), input));
    }

    fn peek(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    /// Called before writing a value, key or opening bracket.
    fn before_value(&mut self) {
        if let Some(at) = self.pending_comma.take() {
            self.checkpoint(at);
            self.out.push(',');
        } else if self.last == Last::Value {
            self.note("missing-comma");
            self.out.push(',');
        }
    }

    fn run(&mut self) {
        let n = self.bytes.len();
        let mut i = 0usize;
        while i < n {
            let b = self.bytes[i];
            match b {
                _ if is_json_space(b) => {
                    // Copy the whole whitespace run.
                    let start = i;
                    while i < n && is_json_space(self.bytes[i]) {
                        i += 1;
                    }
                    self.out.push_str(&self.text[start..i]);
                }
                b'/' if self.peek(i + 1) == Some(b'/') => {
                    self.note("comment");
                    while i < n && self.bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if self.peek(i + 1) == Some(b'*') => {
                    self.note("comment");
                    i += 2;
                    while i < n && !(self.bytes[i] == b'*' && self.peek(i + 1) == Some(b'/')) {
                        i += 1;
                    }
                    i = (i + 2).min(n);
                }
                b'{' | b'[' => {
                    self.before_value();
                    self.checkpoint(i);
                    self.out.push(b as char);
                    self.last = Last::Open;
                    i += 1;
                }
                b'}' | b']' => {
                    if self.pending_comma.take().is_some() {
                        self.note("trailing-comma");
                    }
                    self.checkpoint(i);
                    self.out.push(b as char);
                    self.last = Last::Value;
                    i += 1;
                }
                b',' => {
                    if self.pending_comma.is_some() || matches!(self.last, Last::Start | Last::Open) {
                        self.note("extra-comma");
                    } else {
                        self.pending_comma = Some(i);
                    }
                    i += 1;
                }
                b':' => {
                    if let Some(at) = self.pending_comma.take() {
                        // `, :` is beyond repair; keep it for the error message.
                        self.checkpoint(at);
                        self.out.push(',');
                    }
                    self.checkpoint(i);
                    self.out.push(':');
                    self.last = Last::Colon;
                    i += 1;
                }
                b'"' | b'\'' => {
                    self.before_value();
                    i = self.string(i, b);
                    self.last = Last::Value;
                }
                _ => i = self.bare_token(i),
            }
        }
        if self.pending_comma.take().is_some() {
            self.note("trailing-comma");
        }
    }

    /// Copy a string literal starting at `start` (its opening quote), writing
    /// it double-quoted. Returns the offset after the closing quote (or the end).
    fn string(&mut self, start: usize, quote: u8) -> usize {
        if quote == b'\'' {
            self.note("single-quoted-string");
        }
        self.checkpoint(start);
        self.out.push('"');
        let n = self.bytes.len();
        let mut i = start + 1;
        while i < n {
            let b = self.bytes[i];
            if b == quote {
                self.out.push('"');
                return i + 1;
            }
            match b {
                b'\\' => match self.peek(i + 1) {
                    Some(b'\'') if quote == b'\'' => {
                        self.out.push('\'');
                        i += 2;
                    }
                    Some(e @ (b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' | b'u')) => {
                        self.out.push('\\');
                        self.out.push(e as char);
                        i += 2;
                    }
                    Some(_) => {
                        self.note("invalid-escape");
                        self.out.push_str("\\\\");
                        i += 1;
                    }
                    None => {
                        self.out.push('\\');
                        i += 1;
                    }
                },
                b'"' => {
                    // Only reachable inside a single-quoted string.
                    self.out.push_str("\\\"");
                    i += 1;
                }
                b'\n' | b'\r' if self.escape_line_breaks => {
                    self.note("line-break-in-string");
                    self.out.push_str(if b == b'\n' { "\\n" } else { "\\r" });
                    i += 1;
                }
                b'\n' | b'\r' => {
                    // Kept, so that an unterminated string is reported here
                    // rather than at the end of the text.
                    self.out.push(b as char);
                    i += 1;
                }
                _ if b < 0x20 => {
                    self.note("control-character");
                    match b {
                        b'\t' => self.out.push_str("\\t"),
                        _ => self.out.push_str(&format!("\\u{:04x}", b)),
                    }
                    i += 1;
                }
                _ => {
                    let run_start = i;
                    while i < n {
                        let c = self.bytes[i];
                        if c == quote || c == b'"' || c == b'\\' || c < 0x20 {
                            break;
                        }
                        i += 1;
                    }
                    self.out.push_str(&self.text[run_start..i]);
                }
            }
        }
        i
    }

    /// Handle a run of non-structural bytes: a number or literal, an unquoted
    /// key, an ellipsis, or a bare word. Returns the offset after it.
    fn bare_token(&mut self, start: usize) -> usize {
        let n = self.bytes.len();
        let mut end = start;
        while end < n {
            let b = self.bytes[end];
            if ends_bare_token(b) {
                break;
            }
            if b == b'/' && end > start && matches!(self.peek(end + 1), Some(b'/' | b'*')) {
                break;
            }
            end += 1;
        }
        // `start` always holds a non-structural byte, so the token is non-empty.
        let end = end.max(start + 1).min(n);
        let end = ceil_char_boundary(self.text, end);
        let raw = &self.text[start..end];
        let token = raw.trim_matches(char::is_whitespace);
        if token.len() != raw.len() {
            self.note("stray-whitespace");
        }
        if token.is_empty() {
            return end;
        }
        if is_ellipsis(token) {
            self.note("ellipsis");
            return end;
        }
        let mut after = end;
        while after < n && is_json_space(self.bytes[after]) {
            after += 1;
        }
        let is_key = self.peek(after) == Some(b':') && self.last != Last::Colon;
        self.before_value();
        self.checkpoint(start);
        if is_key {
            self.note("unquoted-key");
            push_quoted(&mut self.out, token);
        } else if matches!(token, "true" | "false" | "null") || is_json_number(token) {
            self.out.push_str(token);
        } else {
            self.note("bare-word");
            push_quoted(&mut self.out, token);
        }
        self.last = Last::Value;
        end
    }
}

fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset.min(text.len())
}

fn is_ellipsis(token: &str) -> bool {
    token.chars().all(|c| c == '.' || c == '…') && (token.contains('…') || token.len() >= 2)
}

fn push_quoted(out: &mut String, token: &str) {
    out.push('"');
    for c in token.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The JSON number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(token: &str) -> bool {
    let b = token.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let s = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > s
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(text: &str) -> Lenient {
        parse_lenient(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn strict_json_has_no_repairs() {
        let l = ok(r#"{"blockType": "request", "name": ["a", "b"]}"#);
        assert!(l.repairs.is_empty());
        assert_eq!(l.value, json!({"blockType": "request", "name": ["a", "b"]}));
    }

    #[test]
    fn trailing_commas() {
        let l = ok("{\n  \"a\": true,\n  \"b\": [1, 2,],\n}");
        assert_eq!(l.value, json!({"a": true, "b": [1, 2]}));
        assert_eq!(l.repairs, vec!["trailing-comma"]);
    }

    #[test]
    fn comments_and_ellipsis() {
        let l =
            ok("{\n  \"isMuted\": true, // will be set\n  /* block\n */ \"v\": [\n    {\"a\": 1},\n    ...\n  ]\n}");
        assert_eq!(l.value, json!({"isMuted": true, "v": [{"a": 1}]}));
        assert!(l.repairs.contains(&"comment"));
        assert!(l.repairs.contains(&"ellipsis"));
        let l = ok("[ …, {\"a\": 1}, … ]");
        assert_eq!(l.value, json!([{"a": 1}]));
    }

    #[test]
    fn comment_markers_inside_strings_are_kept() {
        let l = ok("{\"url\": \"https://x/*y*/\", }");
        assert_eq!(l.value, json!({"url": "https://x/*y*/"}));
    }

    #[test]
    fn single_quotes_and_unquoted_keys() {
        let l = ok("[ { 'target':'#para-id', 'say \"hi\"': 'it\\'s' } ]");
        assert_eq!(l.value, json!([{"target": "#para-id", "say \"hi\"": "it's"}]));
        let l = ok("{ \"blockType\": \"response\", isCollection: true, truncated: true }");
        assert_eq!(l.value, json!({"blockType": "response", "isCollection": true, "truncated": true}));
        assert_eq!(l.repairs, vec!["unquoted-key"]);
    }

    #[test]
    fn bare_words_missing_commas_and_tabs() {
        let l = ok("{\"isOrganizationDefault\":boolean-value, \"n\": -1.5e3}");
        assert_eq!(l.value, json!({"isOrganizationDefault": "boolean-value", "n": -1500.0}));
        let l = ok("{\"id\":\"492c\"\n\"accountEnabled\":true,}");
        assert_eq!(l.value, json!({"id": "492c", "accountEnabled": true}));
        assert!(l.repairs.contains(&"missing-comma"));
        let l = ok("{\"a\": \"x\ty\",}");
        assert_eq!(l.value, json!({"a": "x\ty"}));
        let l = ok("{\"t\": \"Bearer \\{token\\}\",}");
        assert_eq!(l.value, json!({"t": "Bearer \\{token\\}"}));
    }

    #[test]
    fn errors_carry_original_positions() {
        let e = parse_lenient("{\n  \"a\": 1,\n  \"b\": [1, 2\n").unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        let e = parse_lenient("{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\" 3 }").unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        // The raw newline that breaks the string is reported where it is met: line 1's end / line 2.
        let e = parse_lenient("{\"a\": \"unterminated,\n  \"b\": 1\n}").unwrap_err();
        assert!(e.line <= 2, "{e}");
        let l = ok("{\"suppressions\": [\"Warning: x:\n  more\"],}");
        assert_eq!(l.value, json!({"suppressions": ["Warning: x:\n  more"]}));
        assert!(!e.message.contains(" at line "));
        assert!(parse_lenient("").is_err());
        assert!(parse_lenient("...").is_err());
        assert!(parse_lenient(",,,").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(parse_lenient(&deep).is_err_and(|e| e.too_deep && (e.line, e.column) == (1, 128)));
        let deep = "[".repeat(100_000) + &"],".repeat(100_000);
        assert!(parse_lenient(&deep).is_err_and(|e| e.too_deep));
        // As deep as serde_json allows: parsed.
        let ok = "[".repeat(127) + &"]".repeat(127);
        assert!(parse_lenient(&ok).is_ok());
        let over = "[".repeat(128) + &"]".repeat(128);
        assert!(parse_lenient(&over).is_err_and(|e| e.too_deep));
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let samples = [
            "{'",
            "'\\",
            "\"\\",
            "/*",
            "//",
            "{a:",
            "{:}",
            "…",
            "\u{a0}{}",
            "{\"é\": é…}",
            "[1 2 3]",
            "{\"a\":1}}",
            "}",
            "\u{0}",
            "{\"\u{1}\":1,}",
            "-",
            "1e",
            "0x10",
            "{/}",
            "{é:1,}",
        ];
        for s in samples {
            let _ = parse_lenient(s);
        }
        assert_eq!(ok("{é:1,}").value, json!({"é": 1}));
        assert_eq!(ok("[1 2 3]").value, json!([1, 2, 3]));
    }

    #[test]
    fn large_input_is_linear() {
        let mut s = String::from("[");
        for i in 0..200_000 {
            s.push_str(&format!("{{'k{i}': {i},}},\n"));
        }
        s.push(']');
        let start = std::time::Instant::now();
        let l = ok(&s);
        assert_eq!(l.value.as_array().map(Vec::len), Some(200_000));
        assert!(start.elapsed().as_secs() < 10);
    }
}
