//! The markdown reader: front matter, then pulldown-cmark events (with source
//! offsets) folded into the flat [`Block`](super::Block) list of a [`Document`].
//! This file only wires the stages together and maps offsets to lines.
//!
//! - Headings keep their `<a name="x"></a>` anchor; a paragraph that is only
//!   bold text (`**Request**`) is a level-6 heading.
//! - `[!INCLUDE [label](target)]` becomes an [`Include`](super::Include) wherever
//!   it sits in a paragraph or quote (several per paragraph are fine): `includes`.
//! - HTML comments whose body is a JSON object become
//!   [`Annotation`](super::Annotation)s, in HTML blocks (also when followed by
//!   other HTML) and inline: `annotations`.
//! - A paragraph whose lines all start with `|` is read as a table
//!   (pulldown-cmark rejects tables whose delimiter row is missing or has the
//!   wrong number of cells): `pipe_table`.
//! - Block quotes and lists are flattened to text; tables, code blocks,
//!   includes and annotations inside them are still blocks of their own,
//!   placed after the quote or list that holds them: `reader`, with inline
//!   content flattened by `inline`.
//! - A fence closed at the end of a content line (`` }``` ``) is split onto a
//!   line of its own before parsing (`fence-closed-mid-line`), so that it does
//!   not swallow the rest of the page: `fences`.
//!
//! Line numbers are 1-based lines of the whole file (front matter included).

mod annotations;
mod fences;
mod includes;
mod inline;
mod pipe_table;
mod reader;

use super::front_matter;
use super::{Document, SourceFormat};
use crate::diagnostics::{Code, FileDiagnostics};
use fences::Source;

/// Read a markdown page. Never panics; problems go to `diags` under `path`.
pub fn read(path: &str, text: &str, diags: &mut FileDiagnostics) -> Document {
    let split = front_matter::split(text, diags);
    let lines = LineIndex::new(text);
    let source = Source::new(split.body);
    for &at in &source.split_fences {
        let line = lines.line(split.body_offset + at);
        diags.warn(
            line,
            Code::FenceClosedMidLine,
            "code fence closes at the end of a content line; read as if the fence were on its own line",
        );
    }
    let blocks = reader::read_blocks(&source, split.body_offset, lines, diags);
    Document { path: path.to_owned(), format: Some(SourceFormat::Markdown), front_matter: split.front_matter, blocks }
}

/// Byte offset → 1-based line.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub(crate) fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.starts.partition_point(|&s| s <= offset).max(1)).unwrap_or(u32::MAX)
    }
}
