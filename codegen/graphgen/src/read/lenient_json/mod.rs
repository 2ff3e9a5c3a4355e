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
//!
//! [`parse_lenient`] is the strategy (depth scan, strict parse, repair, strict
//! parse again); `repair` is the repair pass, `tokens` the lexical pieces it
//! uses, and `error` the error type with its positions mapped back to the
//! original text.

mod error;
mod repair;
mod tokens;

#[cfg(test)]
mod tests;

pub use error::LenientJsonError;
use error::{error_at, error_at_mapped, line_column};
use repair::repair;

/// A successfully parsed (possibly repaired) JSON value.
#[derive(Clone, Debug, PartialEq)]
pub struct Lenient {
    pub value: serde_json::Value,
    /// Names of the repairs applied, in first-seen order, each once; empty when
    /// the text was strict JSON.
    pub repairs: Vec<&'static str>,
}

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
