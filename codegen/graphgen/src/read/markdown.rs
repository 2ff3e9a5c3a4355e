//! The markdown reader: front matter, then pulldown-cmark events (with source
//! offsets) folded into the flat [`Block`] list of a [`Document`].
//!
//! - Headings keep their `<a name="x"></a>` anchor; a paragraph that is only
//!   bold text (`**Request**`) is a level-6 heading.
//! - `[!INCLUDE [label](target)]` becomes an [`Include`] wherever it sits in a
//!   paragraph or quote (several per paragraph are fine).
//! - HTML comments whose body is a JSON object become [`Annotation`]s, in HTML
//!   blocks (also when followed by other HTML) and inline.
//! - A paragraph whose lines all start with `|` is read as a table
//!   (pulldown-cmark rejects tables whose delimiter row is missing or has the
//!   wrong number of cells).
//! - Block quotes and lists are flattened to text; tables, code blocks,
//!   includes and annotations inside them are still blocks of their own,
//!   placed after the quote or list that holds them.
//!
//! - A fence closed at the end of a content line (`` }``` ``) is split onto a
//!   line of its own before parsing (`fence-closed-mid-line`), so that it does
//!   not swallow the rest of the page.
//!
//! Line numbers are 1-based lines of the whole file (front matter included).

use super::front_matter;
use super::lenient_json::parse_lenient;
use super::{
    Annotation, Block, BlockKind, CodeBlock, Document, Heading, Include, Link, SourceFormat, Table, TableRow, Text,
};
use crate::diagnostics::Diagnostics;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;

/// Read a markdown page. Never panics; problems go to `diags` under `path`.
pub fn read(path: &str, text: &str, diags: &mut Diagnostics) -> Document {
    let split = front_matter::split(path, text, diags);
    let lines = LineIndex::new(text);
    let source = Source::new(split.body);
    for &at in &source.split_fences {
        let line = lines.line(split.body_offset + at);
        diags.warn(
            path,
            line,
            "fence-closed-mid-line",
            "code fence closes at the end of a content line; read as if the fence were on its own line",
        );
    }
    let mut reader = Reader {
        path,
        text: &source.text,
        source: &source,
        base: split.body_offset,
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
    Document {
        path: path.to_owned(),
        format: Some(SourceFormat::Markdown),
        front_matter: split.front_matter,
        blocks: reader.blocks.into_iter().flatten().collect(),
    }
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

/// The body as handed to pulldown-cmark: the original, or a copy in which
/// fences that close mid-line were moved to a line of their own.
struct Source<'a> {
    text: Cow<'a, str>,
    /// Byte runs inserted into the copy: (offset in the copy, bytes inserted
    /// before it, length), in order.
    insertions: Vec<(usize, usize, usize)>,
    /// Original body offsets of the fences that were split off.
    split_fences: Vec<usize>,
}

impl<'a> Source<'a> {
    /// Track fences line by line (roughly as CommonMark does: indentation and
    /// `>` markers ignored); inside a fence, a line that is not a closing fence
    /// but ends with the fence string gets a line break inserted before it.
    fn new(body: &'a str) -> Self {
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
    fn original_offset(&self, offset: usize) -> usize {
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

/// One inline event, with the absolute byte offset it came from.
#[derive(Clone, Debug)]
struct Item {
    at: usize,
    kind: Inline,
}

#[derive(Clone, Debug)]
enum Inline {
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
struct InlineBuf {
    items: Vec<Item>,
    strong_depth: u32,
    any_strong: bool,
    /// Whether any non-blank content sits outside `**bold**`.
    outside_strong: bool,
}

impl InlineBuf {
    fn push(&mut self, at: usize, kind: Inline) {
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

    fn is_bold_only(&self) -> bool {
        self.any_strong && !self.outside_strong
    }

    fn take(&mut self) -> Vec<Item> {
        let items = std::mem::take(&mut self.items);
        *self = InlineBuf::default();
        items
    }
}

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

struct Reader<'a, 'd> {
    path: &'a str,
    /// The body as parsed (event ranges index into it).
    text: &'a str,
    source: &'a Source<'a>,
    /// Offset of the body in the whole file.
    base: usize,
    lines: LineIndex,
    diags: &'d mut Diagnostics,
    /// `None` marks a slot reserved for a container still being read.
    blocks: Vec<Option<Block>>,
    inline: InlineBuf,
    leaf: Leaf,
    container: Option<Container>,
    container_depth: usize,
    table: Option<TableState>,
}

/// A piece of a paragraph once includes and comments are cut out of it.
enum Segment {
    Inline(Vec<Item>),
    Include { at: usize, include: Include },
    Comment { at: usize, raw: String },
}

impl Reader<'_, '_> {
    /// The file line of a body offset.
    fn line(&self, offset: usize) -> u32 {
        self.lines.line(self.base + self.source.original_offset(offset))
    }

    fn push_block(&mut self, at: usize, kind: BlockKind) {
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
                if let Some(Container::List { items, open, .. }) = &mut self.container {
                    open.push(items.len());
                    items.push(Text::default());
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
        if self.looks_like_pipe_table(&range) {
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

    /// Every source line of the paragraph (after any `>` markers) starts with `|`,
    /// and there are at least two.
    fn looks_like_pipe_table(&self, range: &Range<usize>) -> bool {
        let Some(source) = self.text.get(range.clone()) else { return false };
        let mut count = 0;
        for line in source.lines() {
            let line = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
            if line.is_empty() {
                continue;
            }
            if !line.starts_with('|') {
                return false;
            }
            count += 1;
        }
        count >= 2
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
                self.path,
                first,
                "unclosed-fence",
                "code fence is never closed; it runs to the end of the file (or of its list or quote)",
            );
        }
        let content_line = if fenced { first.saturating_add(1) } else { first };
        self.push_block(range.start, BlockKind::Code(CodeBlock { info, text, content_line, closed }));
    }

    /// Find every `<!-- ... -->` in an HTML block.
    fn finish_html(&mut self, parts: Vec<(usize, String)>, end: usize) {
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
                    self.path,
                    self.line(at),
                    "unclosed-comment",
                    "HTML comment is never closed with `-->`; the rest of the file is hidden in it",
                );
            }
            self.comment(at, &raw);
            rest = next;
        }
    }

    /// Turn one comment (`<!-- ... -->`, as written) into an annotation when
    /// its body is (or looks like) a JSON object.
    fn comment(&mut self, at: usize, raw: &str) {
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
                        self.path,
                        self.line(at),
                        "annotation-lenient-json",
                        format!("annotation is not strict JSON (repaired: {})", lenient.repairs.join(", ")),
                    );
                }
                Some(map)
            }
            Err(e) if e.too_deep => {
                let line = self.line(json_at).saturating_add(e.line.saturating_sub(1));
                self.diags.warn(self.path, line, "nesting-too-deep", format!("annotation comment is not read: {e}"));
                None
            }
            Err(e) => {
                let line = self.line(json_at).saturating_add(e.line.saturating_sub(1));
                self.diags.warn(
                    self.path,
                    line,
                    "annotation-invalid-json",
                    format!("annotation comment is not valid JSON: {} (column {})", e.message, e.column),
                );
                None
            }
        };
        self.push_block(at, BlockKind::Annotation(Annotation { raw: body.to_owned(), value }));
    }
}

/// Whether a fenced code block's source ends with a closing fence.
fn fence_is_closed(source: &str) -> bool {
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

/// `<a name="x">` / `<a id='x'>` → `x`.
fn anchor_name(tag: &str) -> Option<String> {
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
fn render(items: &[Item]) -> Text {
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

fn append_text(target: &mut Text, text: Text) {
    if !text.text.is_empty() {
        if !target.text.is_empty() {
            target.text.push(' ');
        }
        target.text.push_str(&text.text);
    }
    target.links.extend(text.links);
    target.code.extend(text.code);
}

const INCLUDE_MARKER: &str = "[!include";

/// Cut `[!INCLUDE [label](target)]` and comments out of a paragraph's items.
fn split_segments(items: Vec<Item>) -> Vec<Segment> {
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

/// Read a paragraph of `|`-lines as a table: rows split at line breaks, cells
/// at unescaped `|` in text; the first `|:---|` row is the delimiter (the row
/// before it is the header); without one, the first row is the header.
fn pipe_table(items: &[Item], line_of: impl Fn(usize) -> u32) -> Option<Table> {
    let mut rows: Vec<(usize, Vec<Vec<Item>>)> = Vec::new();
    let mut row: Vec<Vec<Item>> = vec![Vec::new()];
    let mut row_at: Option<usize> = None;
    let finish_row = |rows: &mut Vec<(usize, Vec<Vec<Item>>)>, row: &mut Vec<Vec<Item>>, at: Option<usize>| {
        let cells = std::mem::replace(row, vec![Vec::new()]);
        if let Some(at) = at {
            rows.push((at, cells));
        }
    };
    for item in items {
        match &item.kind {
            Inline::Break => {
                finish_row(&mut rows, &mut row, row_at.take());
                continue;
            }
            Inline::Text { text, escaped_pipe } => {
                row_at.get_or_insert(item.at);
                let mut piece_start = 0;
                for (i, _) in text.match_indices('|') {
                    if i == 0 && *escaped_pipe {
                        continue;
                    }
                    let piece = &text[piece_start..i];
                    if let Some(cell) = row.last_mut() {
                        if !piece.is_empty() {
                            cell.push(Item {
                                at: item.at + piece_start,
                                kind: Inline::Text { text: piece.to_owned(), escaped_pipe: false },
                            });
                        }
                    }
                    // Marks that the cell was closed by a pipe.
                    row.push(Vec::new());
                    piece_start = i + 1;
                }
                let rest = &text[piece_start..];
                if !rest.is_empty() {
                    if let Some(cell) = row.last_mut() {
                        cell.push(Item {
                            at: item.at + piece_start,
                            kind: Inline::Text { text: rest.to_owned(), escaped_pipe: false },
                        });
                    }
                }
            }
            _ => {
                row_at.get_or_insert(item.at);
                if let Some(cell) = row.last_mut() {
                    cell.push(item.clone());
                }
            }
        }
    }
    finish_row(&mut rows, &mut row, row_at.take());

    let mut rendered: Vec<(u32, Vec<Text>)> = rows
        .into_iter()
        .map(|(at, cells)| {
            let mut cells: Vec<Text> = cells.iter().map(|c| render(c)).collect();
            // Leading and trailing pipes delimit nothing.
            if cells.first().is_some_and(is_empty_text) {
                cells.remove(0);
            }
            if cells.len() > 1 && cells.last().is_some_and(is_empty_text) {
                cells.pop();
            }
            (line_of(at), cells)
        })
        .collect();
    if rendered.len() < 2 {
        return None;
    }
    let header = match rendered.iter().position(|(_, cells)| is_delimiter_row(cells)) {
        Some(0) => {
            rendered.remove(0);
            Vec::new()
        }
        Some(d) => {
            rendered.remove(d);
            rendered.remove(d - 1).1
        }
        None => rendered.remove(0).1,
    };
    let rows = rendered.into_iter().map(|(line, cells)| TableRow { line, cells }).collect();
    Some(Table { header, rows })
}

fn is_empty_text(t: &Text) -> bool {
    t.text.is_empty() && t.links.is_empty() && t.code.is_empty()
}

fn is_delimiter_row(cells: &[Text]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|c| {
            let t = c.text.replace(' ', "");
            let t = t.trim_start_matches(':').trim_end_matches(':');
            !t.is_empty() && t.chars().all(|ch| ch == '-')
        })
}
