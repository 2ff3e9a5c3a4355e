//! Annotations: the `<!-- ... -->` comments of HTML blocks and paragraphs,
//! read (leniently) as the JSON objects that precede fences (`blockType`).

use super::reader::Reader;
use crate::diagnostics::Code;
use crate::read::lenient_json::parse_lenient;
use crate::read::{Annotation, BlockKind};

impl Reader<'_, '_> {
    /// Find every `<!-- ... -->` in an HTML block.
    pub(super) fn finish_html(&mut self, parts: Vec<(usize, String)>, end: usize) {
        let mut joined = String::new();
        let mut starts: Vec<(usize, usize)> = Vec::with_capacity(parts.len());
        for (at, part) in &parts {
            starts.push((joined.len(), *at));
            joined.push_str(part);
        }
        let offset_of = |i: usize| {
            let k = starts.partition_point(|&(j, _)| j <= i).saturating_sub(1);
            starts.get(k).map_or(end, |&(j, at)| at + (i - j))
        };
        let mut rest = 0usize;
        while let Some(open) = joined.get(rest..).and_then(|s| s.find("<!--")) {
            let open = rest + open;
            let body_start = open + 4;
            let (body_end, next) = match joined.get(body_start..).and_then(|s| s.find("-->")) {
                Some(close) => (body_start + close, body_start + close + 3),
                None => (joined.len(), joined.len()),
            };
            let closed = next > body_end;
            let raw = joined.get(open..next).unwrap_or("").to_owned();
            let at = offset_of(open);
            if !closed {
                self.diags.warn(
                    self.line(at),
                    Code::UnclosedComment,
                    "HTML comment is never closed with `-->`; the rest of the file is hidden in it",
                );
            }
            self.comment(at, &raw);
            rest = next;
        }
    }

    /// Turn one comment (`<!-- ... -->`, as written) into an annotation when
    /// its body is (or looks like) a JSON object.
    pub(super) fn comment(&mut self, at: usize, raw: &str) {
        let body = raw.strip_prefix("<!--").unwrap_or(raw);
        let body = body.strip_suffix("-->").unwrap_or(body);
        let trimmed = body.trim_start();
        if !trimmed.starts_with('{') {
            return;
        }
        let json_at = at + 4 + (body.len() - trimmed.len());
        let value = match parse_lenient(trimmed.trim_end()) {
            Ok(lenient) => {
                let serde_json::Value::Object(map) = lenient.value else { return };
                if !lenient.repairs.is_empty() {
                    self.diags.note(
                        self.line(at),
                        Code::AnnotationLenientJson,
                        format!("annotation is not strict JSON (repaired: {})", lenient.repairs.join(", ")),
                    );
                }
                Some(map)
            }
            Err(e) if e.too_deep => {
                let line = self.line(json_at).saturating_add(e.line.saturating_sub(1));
                self.diags.warn(line, Code::NestingTooDeep, format!("annotation comment is not read: {e}"));
                None
            }
            Err(e) => {
                let line = self.line(json_at).saturating_add(e.line.saturating_sub(1));
                self.diags.warn(
                    line,
                    Code::AnnotationInvalidJson,
                    format!("annotation comment is not valid JSON: {} (column {})", e.message, e.column),
                );
                None
            }
        };
        self.push_block(at, BlockKind::Annotation(Annotation { raw: body.to_owned(), value }));
    }
}
