//! Stage 2, **classify**: what kind of page a [`Document`] is (API, resource,
//! enum, or something to skip, with the reason), which locale it is in, and
//! which h2 sections it has.
//!
//! Sections are recognised by, in order: the explicit `<a name="...">` anchor
//! that translated pages carry, the heading text (English and the localized
//! headings we know), and finally the shape of the content, so a translation
//! in a language we have no words for still reads.

use crate::read::{Block, BlockKind, CodeBlock, Document, Heading, Table};

pub use crate::ir::PageKind;

/// The kinds of h2 section the generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    Permissions,
    HttpRequest,
    QueryParameters,
    PathParameters,
    FunctionParameters,
    RequestHeaders,
    RequestBody,
    Response,
    Examples,
    Methods,
    Properties,
    Relationships,
    Members,
    JsonRepresentation,
    SeeAlso,
    Other,
}

/// A run of blocks under one section heading.
#[derive(Clone, Debug)]
pub struct Section<'a> {
    pub kind: SectionKind,
    pub heading: Option<&'a Heading>,
    /// Line of the heading (or of the first block).
    pub line: u32,
    pub blocks: &'a [Block],
}

/// The result of classification.
#[derive(Clone, Debug)]
pub struct Classification<'a> {
    pub kind: PageKind,
    /// BCP 47 tag, lower case (`en-us`, `ru-ru`).
    pub locale: String,
    /// Blocks before the first section: title, namespace, summary.
    pub preamble: &'a [Block],
    pub sections: Vec<Section<'a>>,
}

impl Classification<'_> {
    /// Whether the page is a machine translation (see [`is_english`]).
    pub fn is_translated(&self) -> bool {
        !is_english(&self.locale)
    }

    pub fn section(&self, kind: SectionKind) -> Option<&Section<'_>> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = &Section<'_>> {
        self.sections.iter().filter(move |s| s.kind == kind)
    }

    /// The first `# Title` of the page.
    pub fn title(&self) -> Option<(&str, u32)> {
        self.preamble.iter().find_map(|b| match &b.kind {
            BlockKind::Heading(h) if h.level == 1 => Some((h.text.text.as_str(), b.line)),
            _ => None,
        })
    }
}

/// Classify a read document.
pub fn classify<'a>(doc: &'a Document) -> Classification<'a> {
    let locale = detect_locale(doc);
    let (preamble, sections) = split_sections(&doc.blocks);
    let kind = page_kind(doc, &sections);
    Classification { kind, locale, preamble, sections }
}

/// Whether `locale` is the docs' own language, English (`en-us`, `en-gb`): every other
/// locale is a machine translation, whose words are not wire names.
pub fn is_english(locale: &str) -> bool {
    locale.starts_with("en")
}

/// Locale from the front matter (`ms.contentlocale`), the file name
/// (`x.ru-ru.md`), else English.
pub fn detect_locale(doc: &Document) -> String {
    if let Some(locale) = doc.front_matter.get("ms.contentlocale") {
        let locale = locale.trim().to_ascii_lowercase();
        if !locale.is_empty() {
            return locale;
        }
    }
    let file = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    let mut parts = file.split('.').rev().skip(1); // skip the extension
    for part in parts.by_ref().take(2) {
        let p = part.to_ascii_lowercase();
        let bytes = p.as_bytes();
        if bytes.len() == 5 && bytes[2] == b'-' && p.chars().filter(|c| c.is_ascii_alphabetic()).count() == 4 {
            return p;
        }
    }
    "en-us".to_owned()
}

fn page_kind(doc: &Document, sections: &[Section<'_>]) -> PageKind {
    let doc_type = doc.front_matter.get("doc_type").map(|s| s.trim().trim_matches('"').to_ascii_lowercase());
    let has = |k: SectionKind| sections.iter().any(|s| s.kind == k);
    let has_type_sections = has(SectionKind::Properties) || has(SectionKind::JsonRepresentation);
    // `doc_type` is trusted unless the page's content says otherwise: some
    // resource pages are tagged apiPageType (and some API pages resourcePageType).
    match doc_type.as_deref() {
        Some("apipagetype") if has(SectionKind::HttpRequest) || !(has_type_sections || has(SectionKind::Members)) => {
            return PageKind::Api;
        }
        Some("resourcepagetype") | Some("resourcepagetype_") if !has(SectionKind::HttpRequest) || has_type_sections => {
            return PageKind::Resource;
        }
        Some("enumpagetype") => return PageKind::Enum,
        Some("conceptualpagetype") => {
            return PageKind::Skipped("conceptual page (doc_type: conceptualPageType)".into());
        }
        _ => {}
    }
    if let Some(topic) = doc.front_matter.get("ms.topic") {
        let topic = topic.trim().to_ascii_lowercase();
        if topic == "include" {
            return PageKind::Skipped("include file (ms.topic: include); read only through [!INCLUDE]".into());
        }
        if !has(SectionKind::HttpRequest) {
            return PageKind::Skipped(format!(
                "not an API reference page: front matter has no doc_type, says ms.topic: {topic}, and the page has no HTTP request section"
            ));
        }
    }
    if has(SectionKind::HttpRequest) {
        return PageKind::Api;
    }
    if has(SectionKind::Members) {
        return PageKind::Enum;
    }
    if has_type_sections {
        return PageKind::Resource;
    }
    let why = if doc.front_matter.present { "front matter has no doc_type" } else { "no front matter" };
    PageKind::Skipped(format!(
        "not an API reference page: {why}, and it has no HTTP request, property or member section"
    ))
}

/// Whether a heading starts a new section: h2s (h3s on a page that has no h2,
/// such as `settingvalue.md`'s `### Properties` under its title), and h1s other
/// than the title and SDK tab headings (`# [HTTP](#tab/http)`).
fn is_section_heading(h: &Heading, seen_title: bool, section_level: u8) -> bool {
    match h.level {
        1 => seen_title && !is_tab_heading(h),
        level => level == section_level,
    }
}

/// `# [C#](#tab/csharp)`: SDK language tabs, not structure.
pub fn is_tab_heading(h: &Heading) -> bool {
    h.text.links.iter().any(|l| l.target.starts_with("#tab/"))
}

fn split_sections(blocks: &[Block]) -> (&[Block], Vec<Section<'_>>) {
    let mut starts: Vec<usize> = Vec::new();
    let mut seen_title = false;
    let mut in_examples = false;
    let mut seen_examples = false;
    let has_h2 = blocks.iter().any(|b| matches!(&b.kind, BlockKind::Heading(h) if h.level == 2));
    let section_level = if has_h2 { 2 } else { 3 };
    // The kinds the page's own sections have: a `### Response` or `### Example` under
    // another section (`directoryrole-delta.md` puts both under `## Request body`) is
    // a section of its own only when no section of that kind exists.
    let top_kinds: Vec<SectionKind> = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading(h) if h.level == section_level => section_kind_from_heading(h),
            _ => None,
        })
        .collect();
    for (i, block) in blocks.iter().enumerate() {
        if let BlockKind::Heading(h) = &block.kind {
            let kind = section_kind_from_heading(h);
            let promoted = h.level == section_level + 1
                && !in_examples
                && match kind {
                    // `### HTTP request` under another section (some pages): a section of its own.
                    Some(SectionKind::HttpRequest) => h.level == 3,
                    // A response before any example is the page's; after one, an example's.
                    Some(SectionKind::Response) => !top_kinds.contains(&SectionKind::Response) && !seen_examples,
                    Some(SectionKind::Examples) => !top_kinds.contains(&SectionKind::Examples),
                    _ => false,
                };
            if is_section_heading(h, seen_title, section_level) || promoted {
                starts.push(i);
                in_examples = kind == Some(SectionKind::Examples);
                seen_examples |= in_examples;
            }
            if h.level == 1 {
                seen_title = true;
            }
        }
    }
    let preamble_end = starts.first().copied().unwrap_or(blocks.len());
    let mut sections = Vec::with_capacity(starts.len());
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(blocks.len());
        let heading = match &blocks[start].kind {
            BlockKind::Heading(h) => Some(h),
            _ => None,
        };
        let body = &blocks[start + 1..end];
        let kind = heading.and_then(section_kind_from_heading).unwrap_or_else(|| section_kind_from_shape(body));
        sections.push(Section { kind, heading, line: blocks[start].line, blocks: body });
    }
    (&blocks[..preamble_end], sections)
}

/// By anchor, then by heading words (English and known translations).
pub fn section_kind_from_heading(h: &Heading) -> Option<SectionKind> {
    if let Some(anchor) = &h.anchor {
        if let Some(kind) = kind_from_words(&anchor.replace('-', " ")) {
            return Some(kind);
        }
    }
    kind_from_words(&h.text.text)
}

fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

/// Heading words → section kind. Prefix matches allow `HTTP request (to upload a new file)`.
pub fn kind_from_words(text: &str) -> Option<SectionKind> {
    use SectionKind::*;
    let n = normalize(text);
    const TABLE: &[(&str, SectionKind)] = &[
        // English, and the anchor slugs of translated pages.
        ("permissions", Permissions),
        ("permission", Permissions),
        ("prerequisites", Permissions),
        ("http request", HttpRequest),
        ("optional query parameters", QueryParameters),
        ("query parameters", QueryParameters),
        ("optional request headers", RequestHeaders),
        ("path parameters", PathParameters),
        ("function parameters", FunctionParameters),
        ("parameters", FunctionParameters),
        ("request headers", RequestHeaders),
        ("request header", RequestHeaders),
        ("request body", RequestBody),
        ("response", Response),
        ("responses", Response),
        ("examples", Examples),
        ("example", Examples),
        ("methods", Methods),
        ("properties", Properties),
        ("relationships", Relationships),
        ("members", Members),
        ("enumeration values", Members),
        ("json representation", JsonRepresentation),
        ("see also", SeeAlso),
        // Russian (machine-translated pages).
        ("предварительные условия", Permissions),
        ("разрешения", Permissions),
        ("http запрос", HttpRequest),
        ("необязательные параметры запроса", QueryParameters),
        ("параметры запроса", QueryParameters),
        ("заголовки запроса", RequestHeaders),
        ("текст запроса", RequestBody),
        ("отклик", Response),
        ("ответ", Response),
        ("примеры", Examples),
        ("пример", Examples),
        ("методы", Methods),
        ("свойства", Properties),
        ("связи", Relationships),
        ("отношения", Relationships),
        ("элементы", Members),
        ("представление json", JsonRepresentation),
        ("json представление", JsonRepresentation),
        ("см также", SeeAlso),
        // German, French, Spanish, Japanese, Chinese: the common ones.
        ("berechtigungen", Permissions),
        ("http anforderung", HttpRequest),
        ("anforderungsheader", RequestHeaders),
        ("anforderungstext", RequestBody),
        ("antwort", Response),
        ("beispiel", Examples),
        ("autorisations", Permissions),
        ("requête http", HttpRequest),
        ("en têtes de demande", RequestHeaders),
        ("corps de la demande", RequestBody),
        ("réponse", Response),
        ("exemple", Examples),
        ("permisos", Permissions),
        ("solicitud http", HttpRequest),
        ("encabezados de solicitud", RequestHeaders),
        ("cuerpo de la solicitud", RequestBody),
        ("respuesta", Response),
        ("ejemplo", Examples),
        ("アクセス許可", Permissions),
        ("http 要求", HttpRequest),
        ("要求ヘッダー", RequestHeaders),
        ("要求本文", RequestBody),
        ("応答", Response),
        ("例", Examples),
        ("权限", Permissions),
        ("http 请求", HttpRequest),
        ("请求标头", RequestHeaders),
        ("请求正文", RequestBody),
        ("响应", Response),
        ("示例", Examples),
    ];
    // Exact match first, then the longest prefix at a word boundary.
    if let Some((_, kind)) = TABLE.iter().find(|(w, _)| *w == n) {
        return Some(*kind);
    }
    TABLE
        .iter()
        .filter(|(w, _)| n.starts_with(w) && n[w.len()..].starts_with(' '))
        .max_by_key(|(w, _)| w.len())
        .map(|(_, k)| *k)
}

/// Recognise a section by what it holds, for headings in unknown words.
pub fn section_kind_from_shape(blocks: &[Block]) -> SectionKind {
    use SectionKind::*;
    for block in blocks {
        match &block.kind {
            BlockKind::Code(code) if is_http_path_block(code) => return HttpRequest,
            BlockKind::Code(code) if is_example_block(code) => return Examples,
            BlockKind::Table(t) if is_permission_table(t) => return Permissions,
            BlockKind::Include(inc) if inc.target.contains("/permissions/") => return Permissions,
            BlockKind::Table(t) if header_starts_with(t, &["header", "name"]) && mentions_authorization(t) => {
                return RequestHeaders;
            }
            BlockKind::Table(t) if header_starts_with(t, &["member"]) => return Members,
            BlockKind::Paragraph(p) if p.code.iter().any(|c| looks_like_status(c)) => return Response,
            _ => {}
        }
    }
    Other
}

fn looks_like_status(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3 && b[..3].iter().all(u8::is_ascii_digit) && (b.len() == 3 || b[3] == b' ')
}

fn header_starts_with(t: &Table, words: &[&str]) -> bool {
    t.header.first().map(|c| normalize(&c.text)).is_some_and(|h| words.contains(&h.as_str()))
}

fn mentions_authorization(t: &Table) -> bool {
    t.rows
        .iter()
        .any(|r| r.cells.iter().any(|c| c.text.contains("Bearer") || c.text.eq_ignore_ascii_case("authorization")))
}

/// A table whose rows start with permission types (in any language, recognised
/// by the scope names in the other column: `X.Read.All`).
pub fn is_permission_table(t: &Table) -> bool {
    let scope_like = |s: &str| {
        s.split([',', ' ', ';']).any(|w| {
            w.contains('.')
                && w.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        })
    };
    t.rows.len() >= 2
        && t.rows.iter().filter(|r| r.cells.iter().skip(1).any(|c| scope_like(&c.text))).count() >= 1
        && t.header.len() >= 2
        && !header_starts_with(t, &["property", "name", "parameter", "header"])
}

/// A fence of `METHOD /path` lines (the HTTP request section).
pub fn is_http_path_block(code: &CodeBlock) -> bool {
    let mut lines = code.text.lines().map(str::trim).filter(|l| !l.is_empty());
    match lines.next() {
        Some(first) => {
            let mut words = first.split_whitespace();
            let method = words.next().unwrap_or("");
            let target = words.next().unwrap_or("");
            is_http_method(method) && !target.starts_with("http") && !target.starts_with("HTTP")
        }
        None => false,
    }
}

/// A fence holding an example request (`GET https://...`) or response (`HTTP/1.1 200 OK`).
pub fn is_example_block(code: &CodeBlock) -> bool {
    let first = code.text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    first.starts_with("HTTP/")
        || first.split_whitespace().next().is_some_and(|m| is_http_method(m) && first.contains("https://"))
}

pub fn is_http_method(word: &str) -> bool {
    crate::ir::Method::parse(word).is_some()
}
