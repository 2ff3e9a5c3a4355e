//! The event reader: pulldown-cmark events (with offsets into the repaired
//! body) folded into the flat block list, with quotes and lists flattened to
//! text and the blocks nested in them placed after them.

use super::LineIndex;
use super::fences::{Source, fence_is_closed};
use super::includes::{Segment, split_segments};
use super::inline::{Inline, InlineBuf, anchor_name, append_text, is_empty_text, render};
use super::pipe_table::{looks_like_pipe_table, pipe_table};
use crate::diagnostics::{Code, FileDiagnostics};
use crate::read::{Block, BlockKind, CodeBlock, Heading, Table, TableRow, Text};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The leaf block being read (leaves do not nest).
enum Leaf {
    None,
    Paragraph { range: Range<usize> },
    Heading { level: u8, at: usize },
    Cell,
    Code { info: String, range: Range<usize>, fenced: bool, text: String },
    Html { parts: Vec<(usize, String)> },
}

/// The outermost block quote or list; everything nested in it is flattened
/// into its text.
enum Container {
    Quote { slot: usize, at: usize, text: Text },
    List { slot: usize, at: usize, items: Vec<Text>, open: Vec<usize> },
}

struct TableState {
    at: usize,
    header: Vec<Text>,
    rows: Vec<TableRow>,
    row: Option<(usize, Vec<Text>)>,
}

/// One body being read (its comments are turned into annotations in `annotations.rs`).
pub(super) struct Reader<'a, 'd> {
    /// The body as parsed (event ranges index into it).
    text: &'a str,
    source: &'a Source<'a>,
    /// Offset of the body in the whole file.
    base: usize,
    lines: LineIndex,
    pub(super) diags: &'d mut FileDiagnostics,
    /// `None` marks a slot reserved for a container still being read.
    blocks: Vec<Option<Block>>,
    inline: InlineBuf,
    leaf: Leaf,
    container: Option<Container>,
    container_depth: usize,
    table: Option<TableState>,
}

/// Fold the events of `source` into blocks. `base` is the body's offset in the
/// file, `lines` the file's line index.
pub(super) fn read_blocks(
    source: &Source<'_>,
    base: usize,
    lines: LineIndex,
    diags: &mut FileDiagnostics,
) -> Vec<Block> {
    let mut reader = Reader {
        text: &source.text,
        source,
        base,
        lines,
        diags,
        blocks: Vec::new(),
        inline: InlineBuf::default(),
        leaf: Leaf::None,
        container: None,
        container_depth: 0,
        table: None,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(&source.text, options).into_offset_iter() {
        reader.event(event, range);
    }
    reader.finish();
    reader.blocks.into_iter().flatten().collect()
}

impl Reader<'_, '_> {
    /// The file line of a body offset.
    pub(super) fn line(&self, offset: usize) -> u32 {
        self.lines.line(self.base + self.source.original_offset(offset))
    }

    pub(super) fn push_block(&mut self, at: usize, kind: BlockKind) {
        let line = self.line(at);
        self.blocks.push(Some(Block { line, kind }));
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => match &mut self.leaf {
                Leaf::Code { text, .. } => text.push_str(&t),
                Leaf::Html { parts } => parts.push((range.start, t.into_string())),
                _ => {
                    let escaped_pipe = t.starts_with('|')
                        && range.start > 0
                        && self.text.as_bytes().get(range.start - 1) == Some(&b'\\');
                    self.inline.push(range.start, Inline::Text { text: t.into_string(), escaped_pipe });
                }
            },
            Event::Code(c) => self.inline.push(range.start, Inline::Code(c.into_string())),
            Event::Html(h) => match &mut self.leaf {
                Leaf::Html { parts } => parts.push((range.start, h.into_string())),
                _ => self.inline.push(range.start, Inline::Html(h.into_string())),
            },
            Event::InlineHtml(h) => self.inline.push(range.start, Inline::Html(h.into_string())),
            Event::SoftBreak | Event::HardBreak => self.inline.push(range.start, Inline::Break),
            Event::InlineMath(m) | Event::DisplayMath(m) => {
                self.inline.push(range.start, Inline::Text { text: m.into_string(), escaped_pipe: false })
            }
            Event::FootnoteReference(_) | Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                self.flush_loose_inline();
                self.leaf = Leaf::Paragraph { range };
            }
            Tag::Heading { level, .. } => {
                self.flush_loose_inline();
                self.leaf = Leaf::Heading { level: level as u8, at: range.start };
            }
            Tag::BlockQuote(_) => {
                self.flush_loose_inline();
                self.open_container(range.start, true);
            }
            Tag::List(_) => {
                self.flush_loose_inline();
                self.open_container(range.start, false);
            }
            Tag::Item => {
                self.flush_loose_inline();
                match &mut self.container {
                    Some(Container::List { items, open, .. }) => {
                        open.push(items.len());
                        items.push(Text::default());
                    }
                    // A list inside a quote (`> - Agent ID Administrator`): one line per item.
                    Some(Container::Quote { text, .. }) if !text.text.is_empty() => text.text.push('\n'),
                    _ => {}
                }
            }
            Tag::CodeBlock(kind) => {
                self.flush_loose_inline();
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (info.split_whitespace().next().unwrap_or("").to_lowercase(), true),
                    CodeBlockKind::Indented => (String::new(), false),
                };
                self.leaf = Leaf::Code { info, range, fenced, text: String::new() };
            }
            Tag::HtmlBlock => {
                self.flush_loose_inline();
                self.leaf = Leaf::Html { parts: Vec::new() };
            }
            Tag::Table(_) => {
                self.flush_loose_inline();
                self.table = Some(TableState { at: range.start, header: Vec::new(), rows: Vec::new(), row: None });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.row = Some((range.start, Vec::new()));
                }
            }
            Tag::TableCell => {
                self.inline.take();
                self.leaf = Leaf::Cell;
            }
            Tag::Strong => {
                self.inline.strong_depth += 1;
                self.inline.any_strong = true;
            }
            Tag::Link { dest_url, .. } => {
                self.inline.push(range.start, Inline::LinkStart { target: dest_url.into_string() })
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph => {
                if let Leaf::Paragraph { range } = std::mem::replace(&mut self.leaf, Leaf::None) {
                    self.finish_paragraph(range);
                }
            }
            TagEnd::Heading(_) => {
                if let Leaf::Heading { level, at } = std::mem::replace(&mut self.leaf, Leaf::None) {
                    self.finish_heading(level, at);
                }
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) => {
                self.flush_loose_inline();
                self.close_container();
            }
            TagEnd::Item => {
                self.flush_loose_inline();
                if let Some(Container::List { open, .. }) = &mut self.container {
                    open.pop();
                }
            }
            TagEnd::CodeBlock => {
                if let Leaf::Code { info, range, fenced, text } = std::mem::replace(&mut self.leaf, Leaf::None) {
                    self.finish_code(info, range, fenced, text);
                }
            }
            TagEnd::HtmlBlock => {
                if let Leaf::Html { parts } = std::mem::replace(&mut self.leaf, Leaf::None) {
                    self.finish_html(parts, range.end);
                }
            }
            TagEnd::TableCell => {
                self.leaf = Leaf::None;
                let cell = render(&self.inline.take());
                if let Some((_, cells)) = self.table.as_mut().and_then(|t| t.row.as_mut()) {
                    cells.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    if let Some((_, cells)) = table.row.take() {
                        table.header = cells;
                    }
                }
            }
            TagEnd::TableRow => {
                if let Some((at, cells)) = self.table.as_mut().and_then(|t| t.row.take()) {
                    let line = self.line(at);
                    if let Some(table) = &mut self.table {
                        table.rows.push(TableRow { line, cells });
                    }
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(t.at, BlockKind::Table(Table { header: t.header, rows: t.rows }));
                }
            }
            TagEnd::Strong => self.inline.strong_depth = self.inline.strong_depth.saturating_sub(1),
            TagEnd::Link => self.inline.push(range.start, Inline::LinkEnd),
            _ => {}
        }
    }

    fn finish(&mut self) {
        self.flush_loose_inline();
        while self.container.is_some() {
            self.container_depth = 1;
            self.close_container();
        }
    }

    fn open_container(&mut self, at: usize, quote: bool) {
        if self.container.is_some() {
            self.container_depth += 1;
            return;
        }
        let slot = self.blocks.len();
        self.blocks.push(None);
        self.container_depth = 1;
        self.container = Some(if quote {
            Container::Quote { slot, at, text: Text::default() }
        } else {
            Container::List { slot, at, items: Vec::new(), open: Vec::new() }
        });
    }

    fn close_container(&mut self) {
        self.container_depth = self.container_depth.saturating_sub(1);
        if self.container_depth > 0 {
            return;
        }
        let Some(container) = self.container.take() else { return };
        let (slot, block) = match container {
            Container::Quote { slot, at, text } => {
                let block = (!text.text.is_empty() || !text.links.is_empty())
                    .then(|| Block { line: self.line(at), kind: BlockKind::Quote(text) });
                (slot, block)
            }
            Container::List { slot, at, items, .. } => {
                let items: Vec<Text> = items.into_iter().filter(|t| !is_empty_text(t)).collect();
                let block = (!items.is_empty()).then(|| Block { line: self.line(at), kind: BlockKind::List(items) });
                (slot, block)
            }
        };
        if let Some(entry) = self.blocks.get_mut(slot) {
            *entry = block;
        }
    }

    /// Append text to the innermost quote or list item.
    fn append_to_container(&mut self, text: Text) {
        if text.text.is_empty() && text.links.is_empty() {
            return;
        }
        let target = match &mut self.container {
            Some(Container::Quote { text: t, .. }) => t,
            Some(Container::List { items, open, .. }) => {
                let index = open.last().copied().unwrap_or(items.len().saturating_sub(1));
                if items.is_empty() {
                    items.push(Text::default());
                }
                match items.get_mut(index) {
                    Some(t) => t,
                    None => return,
                }
            }
            None => return,
        };
        append_text(target, text);
    }

    /// Inline content outside any paragraph (tight list items).
    fn flush_loose_inline(&mut self) {
        if self.inline.items.is_empty() {
            return;
        }
        let items = self.inline.take();
        for segment in split_segments(items) {
            match segment {
                Segment::Inline(items) => {
                    let at = items.first().map_or(0, |i| i.at);
                    let text = render(&items);
                    if self.container.is_some() {
                        self.append_to_container(text);
                    } else if !text.text.is_empty() {
                        self.push_block(at, BlockKind::Paragraph(text));
                    }
                }
                other => self.push_segment_block(other),
            }
        }
    }

    fn push_segment_block(&mut self, segment: Segment) {
        match segment {
            Segment::Include { at, include } => self.push_block(at, BlockKind::Include(include)),
            Segment::Comment { at, raw } => self.comment(at, &raw),
            Segment::Inline(_) => {}
        }
    }

    fn finish_paragraph(&mut self, range: Range<usize>) {
        let bold_only = self.inline.is_bold_only();
        let items = self.inline.take();
        if self.text.get(range.clone()).is_some_and(looks_like_pipe_table) {
            if let Some(table) = pipe_table(&items, |at| self.line(at)) {
                self.push_block(range.start, BlockKind::Table(table));
                return;
            }
        }
        let segments = split_segments(items);
        let single = segments.len() == 1;
        for segment in segments {
            let Segment::Inline(items) = segment else {
                self.push_segment_block(segment);
                continue;
            };
            let at = items.first().map_or(range.start, |i| i.at);
            let text = render(&items);
            if self.container.is_some() {
                self.append_to_container(text);
            } else if single && bold_only && !text.text.is_empty() {
                self.push_block(at, BlockKind::Heading(Heading { level: 6, text, anchor: None }));
            } else if !text.text.is_empty() || !text.links.is_empty() {
                self.push_block(at, BlockKind::Paragraph(text));
            }
        }
    }

    fn finish_heading(&mut self, level: u8, at: usize) {
        let items = self.inline.take();
        let anchor = items.iter().find_map(|i| match &i.kind {
            Inline::Html(tag) => anchor_name(tag),
            _ => None,
        });
        let text = render(&items);
        if self.container.is_some() {
            self.append_to_container(text);
        } else {
            self.push_block(at, BlockKind::Heading(Heading { level, text, anchor }));
        }
    }

    fn finish_code(&mut self, info: String, range: Range<usize>, fenced: bool, mut text: String) {
        if text.contains('\r') {
            text = text.replace("\r\n", "\n");
        }
        if text.ends_with('\n') {
            text.pop();
        }
        let first = self.line(range.start);
        let closed = !fenced || self.text.get(range.clone()).is_some_and(fence_is_closed);
        if !closed {
            self.diags.warn(
                first,
                Code::UnclosedFence,
                "code fence is never closed; it runs to the end of the file (or of its list or quote)",
            );
        }
        let content_line = if fenced { first.saturating_add(1) } else { first };
        self.push_block(range.start, BlockKind::Code(CodeBlock { info, text, content_line, closed }));
    }
}
