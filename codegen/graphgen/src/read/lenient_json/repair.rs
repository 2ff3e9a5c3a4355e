//! The repair pass: one linear rewrite of JSON-ish text into (hopefully)
//! strict JSON, outside string literals, recording which repairs it made and
//! where each output token came from in the input.

use super::tokens::{ceil_char_boundary, ends_bare_token, is_ellipsis, is_json_number, is_json_space, push_quoted};

/// The output of the repair pass.
pub(super) struct Repaired {
    pub(super) text: String,
    pub(super) repairs: Vec<&'static str>,
    /// `(output offset, input offset)` at the start of each copied token,
    /// increasing in both components.
    checkpoints: Vec<(usize, usize)>,
}

impl Repaired {
    /// Map an offset in the repaired text back to the original text.
    pub(super) fn original_offset(&self, out: usize, original_len: usize) -> usize {
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
pub(super) fn repair(text: &str, escape_line_breaks: bool) -> Repaired {
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
