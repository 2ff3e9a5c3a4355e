//! Enum pages: one enum (`## Members`, `|Member|Value|Description|`), or
//! several on one page, each under a heading that names it (`enums.md`:
//! `### attachmentType values`, `### <a name="x-values"></a>Valores de x`).

use super::columns;
use super::resource::{description_of, file_stem, name_from_title, name_from_title_and_file, name_in_title, title_of};
use crate::classify::{Classification, SectionKind, kind_from_words};
use crate::diagnostics::{Code, FileDiagnostics};
use crate::limits;
use crate::page::type_expr::clean_name;
use crate::read::{BlockKind, Document, Heading, Table};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnumMemberRow {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    pub description: String,
    pub line: u32,
}

/// One enum a page documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnumPage {
    pub source: String,
    /// The page's locale (`en-us`, `pt-br`); left out of the page model's JSON when English.
    #[serde(skip_serializing_if = "crate::classify::is_english")]
    pub locale: String,
    pub name: String,
    pub line: u32,
    pub description: Option<String>,
    pub members: Vec<EnumMemberRow>,
}

/// The enums of an enum page: several when two or more headings each name an
/// enum and hold a members table, else the one the title names. Empty only
/// when the page names no enum (diagnosed).
pub fn build_enum_pages(doc: &Document, class: &Classification<'_>, diags: &mut FileDiagnostics) -> Vec<EnumPage> {
    let groups = named_groups(doc, class);
    let translated = class.is_translated();
    if groups.len() >= 2 {
        let mut budget = limits::Budget::new(limits::MAX_ITEMS);
        let enums = groups
            .into_iter()
            .map(|g| {
                let members = members_of(g.tables.into_iter(), translated, &mut budget, diags);
                EnumPage {
                    source: doc.path.clone(),
                    locale: class.locale.clone(),
                    name: g.name,
                    line: g.line,
                    description: g.description,
                    members,
                }
            })
            .collect();
        budget.report("enum members", diags);
        return enums;
    }
    build_enum_page(doc, class, diags).into_iter().collect()
}

fn build_enum_page(doc: &Document, class: &Classification<'_>, diags: &mut FileDiagnostics) -> Option<EnumPage> {
    let file = doc.path.as_str();
    let (title, line) = title_of(class, doc);
    // A title that is a section word (`title: "Members"` in the front matter of
    // `teamsappinstalledstate.md`) does not name the type: the file name does,
    // spelled as the page's own text spells it.
    let from_title = name_from_title(&title).filter(|n| kind_from_words(n).is_none());
    let Some(name) = from_title
        .or_else(|| name_in_title(class, file))
        .or_else(|| name_in_preamble(doc, class))
        .or_else(|| name_from_title_and_file(&title, file, class.is_translated()))
    else {
        diags.error(line, Code::EnumNameMissing, "enum page has no title naming the type");
        return None;
    };
    let tables = class
        .sections_of(SectionKind::Members)
        .chain(class.sections_of(SectionKind::Properties))
        .flat_map(|s| s.blocks)
        .filter_map(|b| match &b.kind {
            BlockKind::Table(t) => Some(t),
            _ => None,
        });
    let mut budget = limits::Budget::new(limits::MAX_ITEMS);
    let members = members_of(tables, class.is_translated(), &mut budget, diags);
    budget.report("enum members", diags);
    if members.is_empty() {
        diags.warn(line, Code::EnumWithoutMembers, format!("enum page for {name} lists no members"));
    }
    Some(EnumPage {
        source: file.to_owned(),
        locale: class.locale.clone(),
        name,
        line,
        description: description_of(doc),
        members,
    })
}

/// A token of the page's opening text that spells the file name
/// (`#teamsAppInstalledState enum type`, a heading written without its space).
fn name_in_preamble(doc: &Document, class: &Classification<'_>) -> Option<String> {
    let stem = file_stem(&doc.path);
    class.preamble.iter().find_map(|b| {
        let BlockKind::Paragraph(text) = &b.kind else { return None };
        text.text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find(|w| !w.is_empty() && w.eq_ignore_ascii_case(stem))
            .and_then(clean_name)
    })
}

/// Member rows of the given tables: the first column names the member; a
/// value and a description column are found by their cells. On a translated
/// page (`translated`), a member that is translated text is left out and
/// diagnosed: not only words with spaces or accents (`não atribuído`) but the
/// capitalised plain words machine translation writes for camelCase wire
/// values (`Direto` for `direct`, `Sempre` for `always`). The enum is open, so
/// such a value still reads.
fn members_of<'t>(
    tables: impl Iterator<Item = &'t Table>,
    translated: bool,
    budget: &mut limits::Budget,
    diags: &mut FileDiagnostics,
) -> Vec<EnumMemberRow> {
    let mut members: Vec<EnumMemberRow> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for t in tables {
        let cols = columns::find(t, None, &["description", "описание"], &["value", "значение"]);
        for row in &t.rows {
            let Some(first) = row.cells.first() else { continue };
            if !budget.take(row.line) {
                continue;
            }
            let member = columns::bare(first).to_owned();
            let in_code = first.code.iter().any(|c| c.trim() == member);
            if !member.is_empty()
                && (!member.is_ascii() || (translated && columns::is_capitalised_word(&member) && !in_code))
            {
                diags.warn(
                    row.line,
                    Code::TranslatedIdentifier,
                    format!("enum member {member:?} is translated text, not a wire value; it is left out (the enum stays open)"),
                );
                continue;
            }
            if member.is_empty() || !columns::is_identifier(&member) {
                diags.warn(
                    row.line,
                    Code::EnumMemberInvalid,
                    format!("enum member {member:?} is not a name; row skipped"),
                );
                continue;
            }
            if !seen.insert(member.clone()) {
                diags.warn(row.line, Code::DuplicateEnumMember, format!("enum member {member:?} is listed twice"));
                continue;
            }
            let value = cols.value.and_then(|i| row.cells.get(i)).and_then(|c| c.text.trim().parse::<i64>().ok());
            let description =
                cols.description.and_then(|i| row.cells.get(i)).map(|c| c.text.clone()).unwrap_or_default();
            members.push(EnumMemberRow { name: member, value, description, line: row.line });
        }
    }
    members
}

/// A heading that names one enum, and the tables under it.
struct NamedGroup<'d> {
    name: String,
    line: u32,
    description: Option<String>,
    tables: Vec<&'d Table>,
}

/// The headings below the title that each name an enum and hold a table with
/// rows. A heading that names nothing closes the group it is not below.
fn named_groups<'d>(doc: &'d Document, class: &Classification<'_>) -> Vec<NamedGroup<'d>> {
    let title_line = class.title().map_or(0, |(_, l)| l);
    let mut groups: Vec<(u8, NamedGroup<'d>)> = Vec::new();
    let mut open = false;
    for block in doc.blocks.iter().filter(|b| b.line > title_line) {
        match &block.kind {
            BlockKind::Heading(h) if h.level >= 2 => match enum_name_of_heading(h) {
                Some(name) => {
                    let group = NamedGroup { name, line: block.line, description: None, tables: Vec::new() };
                    groups.push((h.level, group));
                    open = true;
                }
                None => open = open && groups.last().is_some_and(|(level, _)| h.level > *level),
            },
            BlockKind::Table(t) if open => {
                if let Some((_, g)) = groups.last_mut() {
                    g.tables.push(t);
                }
            }
            BlockKind::Paragraph(p) if open => {
                if let Some((_, g)) = groups.last_mut() {
                    if g.tables.is_empty() && g.description.is_none() && !p.text.is_empty() {
                        g.description = Some(p.text.clone());
                    }
                }
            }
            _ => {}
        }
    }
    groups.into_iter().map(|(_, g)| g).filter(|g| g.tables.iter().any(|t| !t.rows.is_empty())).collect()
}

/// The enum a heading names, read from its structure rather than its words
/// where it can be: the one camelCase identifier in it (`Valores de
/// teamTemplateAudience`), the identifier the anchor spells
/// (`<a name="status-values">`), `x values`, or a lone identifier that is not
/// a section word, lower-case first like every Graph type name.
fn enum_name_of_heading(h: &Heading) -> Option<String> {
    let words: Vec<&str> = h.text.text.split_whitespace().map(|w| w.trim_matches(['`', '*', '"', '\''])).collect();
    let identifier = |w: &&str| {
        w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let camel: Vec<&str> = words
        .iter()
        .copied()
        .filter(identifier)
        .filter(|w| w.chars().skip(1).any(|c| c.is_ascii_uppercase()))
        .collect();
    if let [one] = camel.as_slice() {
        return clean_name(one);
    }
    if let Some(anchor) = &h.anchor {
        let spelled = anchor.strip_suffix("-values").unwrap_or(anchor);
        if let Some(w) = words.iter().find(|w| identifier(w) && w.eq_ignore_ascii_case(spelled)) {
            return clean_name(w);
        }
    }
    // Graph's type names start in lower case; `Example values` is not one.
    let type_like = |w: &&str| identifier(w) && w.starts_with(|c: char| c.is_ascii_lowercase());
    match words.as_slice() {
        [name, "values"] if type_like(name) => clean_name(name),
        [name] if type_like(name) && kind_from_words(name).is_none() => clean_name(name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(text: &str, anchor: Option<&str>) -> Heading {
        Heading { level: 3, text: crate::read::Text::plain(text), anchor: anchor.map(str::to_owned) }
    }

    #[test]
    fn headings_that_name_an_enum() {
        let name = |t, a| enum_name_of_heading(&heading(t, a));
        assert_eq!(name("attachmentType values", None).as_deref(), Some("attachmentType"));
        assert_eq!(name("status values", None).as_deref(), Some("status"));
        assert_eq!(name("conditionalAccessPolicyState", None).as_deref(), Some("conditionalAccessPolicyState"));
        assert_eq!(
            name("Valores de teamTemplateAudience", Some("teamtemplateaudience-values")).as_deref(),
            Some("teamTemplateAudience")
        );
        assert_eq!(name("Valores status", Some("status-values")).as_deref(), Some("status"));
        assert_eq!(name("Members", None), None);
        assert_eq!(name("Example values", None), None);
    }
}
