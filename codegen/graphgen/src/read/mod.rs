//! Stage 1, **read**: turn one input file into a [`Document`], a flat list of
//! blocks (headings, paragraphs, tables, code fences, annotations, includes)
//! with 1-based line numbers. Two readers produce the same model: one for
//! markdown (pulldown-cmark events with source offsets) and one for plain-text
//! renderings of the same pages (no `#`, no pipes, no fences).
//!
//! Nothing here knows what a Graph page means; that is `classify` and `page`.

pub mod front_matter;
pub mod lenient_json;
pub mod markdown;
pub mod plain_text;
pub mod toc;

use crate::diagnostics::FileDiagnostics;
use std::collections::BTreeMap;

/// Which reader produced a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    Markdown,
    PlainText,
}

/// One input file, read.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// Path relative to the specs root, `/`-separated (used in diagnostics).
    pub path: String,
    pub format: Option<SourceFormat>,
    pub front_matter: FrontMatter,
    pub blocks: Vec<Block>,
}

/// The YAML front matter between `---` lines, flattened to strings.
/// Lists are joined with `, `; nested maps are dropped. Keys keep their case.
#[derive(Clone, Debug, Default)]
pub struct FrontMatter {
    /// Whether the file had a front matter block at all.
    pub present: bool,
    pub fields: BTreeMap<String, String>,
    /// Line of each key, for diagnostics.
    pub lines: BTreeMap<String, u32>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }
}

/// A block and the 1-based line it starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub line: u32,
    pub kind: BlockKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BlockKind {
    /// `# x` .. `###### x`, or a bold-only paragraph (`**Request**`) as level 6.
    Heading(Heading),
    Paragraph(Text),
    /// A block quote (`> **Note:** ...`), flattened to text.
    Quote(Text),
    /// A bullet or numbered list: one `Text` per item (nested items flattened in order).
    List(Vec<Text>),
    Table(Table),
    Code(CodeBlock),
    /// `[!INCLUDE [label](target)]`, on a line of its own or inside a paragraph.
    Include(Include),
    /// An HTML comment whose body parses (leniently) as a JSON object: the
    /// `blockType` annotations that precede fences.
    Annotation(Annotation),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// 1..=6.
    pub level: u8,
    pub text: Text,
    /// `<a name="x"></a>` inside the heading, when present.
    pub anchor: Option<String>,
}

/// Inline content flattened to plain text, with the links and code spans it held.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Text {
    /// Rendered text: entities decoded, emphasis markers and link syntax removed
    /// (a link contributes its text), code spans contribute their content,
    /// whitespace runs collapsed to one space, trimmed.
    pub text: String,
    pub links: Vec<Link>,
    /// Contents of inline code spans, in order.
    pub code: Vec<String>,
}

impl Text {
    pub fn plain(text: impl Into<String>) -> Self {
        Text { text: text.into(), ..Default::default() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    /// The target as written (`../resources/x.md`, `#anchor`, `https://...`).
    pub target: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub header: Vec<Text>,
    pub rows: Vec<TableRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    pub line: u32,
    /// Cells as written; a row may have fewer or more cells than the header.
    pub cells: Vec<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodeBlock {
    /// The info string, trimmed and lower-cased (`http`, `json`, ``).
    pub info: String,
    /// The content, without the fences, lines joined by `\n`.
    pub text: String,
    /// Line of the first content line (the fence line + 1).
    pub content_line: u32,
    /// False when the file ended before the closing fence.
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Include {
    pub label: String,
    pub target: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// The comment body as written.
    pub raw: String,
    /// The parsed object (lenient: trailing commas etc. repaired), or `None`
    /// when it could not be parsed at all.
    pub value: Option<serde_json::Map<String, serde_json::Value>>,
}

/// A Boolean annotation value: `true`, or the string `"true"` in any case.
pub fn annotation_flag(annotation: &serde_json::Map<String, serde_json::Value>, key: &str) -> bool {
    annotation
        .get(key)
        .is_some_and(|v| v.as_bool().unwrap_or_else(|| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))))
}

impl Annotation {
    /// The `blockType` key, lower-cased.
    pub fn block_type(&self) -> Option<String> {
        self.value.as_ref()?.get("blockType")?.as_str().map(|s| s.to_ascii_lowercase())
    }
}

/// Read one file. Chooses the markdown reader unless the text looks like a
/// plain-text rendering (no front matter, no markdown headings, tables or fences).
/// Never panics; problems go to `diags`.
pub fn read_document(path: &str, text: &str, diags: &mut FileDiagnostics) -> Document {
    if looks_like_plain_text(text) { plain_text::read(path, text, diags) } else { markdown::read(path, text, diags) }
}

/// True when nothing in the text is markdown structure.
pub fn looks_like_plain_text(text: &str) -> bool {
    let mut markdown_signals = 0usize;
    for line in text.lines().take(20_000) {
        let t = line.trim_start();
        if t.starts_with("---") && markdown_signals == 0 && line.trim() == "---" {
            // front matter or a thematic break
            markdown_signals += 1;
        }
        if t.starts_with("```") || t.starts_with("~~~") || t.starts_with('|') || t.starts_with("<!--") {
            markdown_signals += 1;
        }
        if t.starts_with('#') && t.trim_start_matches('#').starts_with(' ') {
            markdown_signals += 1;
        }
        if markdown_signals >= 1 {
            return false;
        }
    }
    true
}
