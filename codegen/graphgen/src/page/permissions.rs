//! Permission tables: inline (`Permissions (from least to most privileged)`,
//! the reversed Intune order, translated headers) or through the newer
//! `[!INCLUDE]` files with `Least privileged` / `Higher privileged` columns;
//! permissions per case, as a column per permission type (calendar pages) or as
//! indented case rows under a permission type (Intune pages).

use crate::classify::{Classification, SectionKind, is_permission_table};
use crate::diagnostics::{Code, FileDiagnostics};
use crate::limits;
use crate::page::{IncludeResolver, IncludedDocument};
use crate::read::{BlockKind, Table, Text};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PermissionKind {
    /// Delegated (work or school account).
    DelegatedWork,
    /// Delegated (personal Microsoft account).
    DelegatedPersonal,
    /// Application.
    Application,
}

impl PermissionKind {
    pub fn label(self) -> &'static str {
        match self {
            PermissionKind::DelegatedWork => "Delegated (work or school account)",
            PermissionKind::DelegatedPersonal => "Delegated (personal Microsoft account)",
            PermissionKind::Application => "Application",
        }
    }
}

/// One row: the scopes for one permission type, least privileged first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PermissionRow {
    pub kind: PermissionKind,
    /// The case this row applies to, when the table gives permissions per case: one
    /// row per case and one column per permission type (`user calendar`), or indented
    /// rows under a permission type (`Policy Set`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Least-privileged scopes (several when the docs list alternatives as least).
    pub least: Vec<String>,
    /// Higher-privileged scopes, in increasing privilege.
    pub higher: Vec<String>,
    pub line: u32,
}

impl PermissionRow {
    pub fn supported(&self) -> bool {
        !self.least.is_empty()
    }
}

/// A permission table and where it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PermissionTable {
    pub file: String,
    pub line: u32,
    pub rows: Vec<PermissionRow>,
}

/// What a page says about permissions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Permissions {
    pub tables: Vec<PermissionTable>,
    /// An `[!INCLUDE]` that should hold the table but could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_include: Option<String>,
    /// The least-privileged Microsoft Entra roles a delegated (work or school) caller
    /// needs, from an `includes/rbac-for-apis/*.md` include.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entra_roles: Option<EntraRoles>,
}

/// Roles an `rbac-for-apis` include names, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntraRoles {
    pub file: String,
    pub line: u32,
    pub roles: Vec<String>,
}

impl Permissions {
    pub fn is_empty(&self) -> bool {
        self.tables.iter().all(|t| t.rows.is_empty())
    }
}

/// Read the permissions section (or, failing that, any permission table in the page).
pub fn read_permissions(
    class: &Classification<'_>,
    file: &str,
    includes: &dyn IncludeResolver,
    diags: &mut FileDiagnostics,
) -> Permissions {
    let mut perms = Permissions::default();
    let Some(section) = class.section(SectionKind::Permissions) else {
        diags.warn(0, Code::NoPermissions, "page has no permissions section");
        return perms;
    };
    let mut include_budget = limits::Budget::new(limits::MAX_INCLUDES);
    for block in section.blocks {
        match &block.kind {
            BlockKind::Include(_) if !include_budget.take(block.line) => {}
            BlockKind::Table(table) => {
                if let Some(t) = read_table(table, file, block.line, diags) {
                    perms.tables.push(t);
                }
            }
            BlockKind::Include(inc) => match includes.resolve(file, &inc.target) {
                Ok(IncludedDocument { document, diagnostics: mut included }) => {
                    // The include's own findings are about the include's lines: its collector.
                    let inc_path = document.path.as_str();
                    let before = perms.tables.len();
                    for b in &document.blocks {
                        if let BlockKind::Table(table) = &b.kind {
                            if let Some(t) = read_table(table, inc_path, b.line, &mut included) {
                                perms.tables.push(t);
                            }
                        }
                    }
                    diags.extend(included);
                    let roles = (perms.tables.len() == before).then(|| entra_roles(&document.blocks)).flatten();
                    if let Some((roles, line)) = roles {
                        perms.entra_roles = Some(EntraRoles { file: inc_path.to_owned(), line, roles });
                    } else if perms.tables.len() == before {
                        diags.warn(
                            block.line,
                            Code::IncludeWithoutPermissions,
                            format!("included file {inc_path} has no permission table"),
                        );
                    }
                }
                Err(why) => {
                    diags.warn(
                        block.line,
                        Code::MissingInclude,
                        format!("permissions include {} could not be read ({why}); permissions unknown unless another page fills them", inc.target),
                    );
                    perms.missing_include = Some(inc.target.clone());
                }
            },
            _ => {}
        }
    }
    include_budget.report("permission includes", diags);
    if perms.tables.is_empty() && perms.missing_include.is_none() {
        diags.warn(section.line, Code::NoPermissionTable, "permissions section has no table or include");
    }
    perms
}

/// Column layout of a permission table.
enum Order {
    /// One scope column, least privileged first.
    LeastFirst,
    /// One scope column, most privileged first (older Intune pages).
    MostFirst,
    /// `Least privileged` and `Higher privileged` columns.
    LeastAndHigher,
    /// One row per case (`user calendar`) and one column per permission type,
    /// each cell least privileged first.
    PerCase(Vec<(usize, PermissionKind)>),
}

impl Order {
    /// The layout a permission table's header says.
    fn of(table: &Table) -> Order {
        let header: Vec<String> = table.header.iter().map(|c| c.text.to_lowercase()).collect();
        let kind_columns: Vec<(usize, PermissionKind)> =
            header.iter().enumerate().skip(1).filter_map(|(i, h)| kind_of(h).map(|k| (i, k))).collect();
        if kind_columns.len() >= 2 && kind_of(&header[0]).is_none() && !header_is_permission_type(table) {
            Order::PerCase(kind_columns)
        } else if header.len() >= 3 && header.iter().any(|h| h.contains("higher")) {
            Order::LeastAndHigher
        } else if header.get(1).is_some_and(|h| h.contains("most to least")) {
            Order::MostFirst
        } else {
            Order::LeastFirst
        }
    }
}

fn read_table(table: &Table, file: &str, line: u32, diags: &mut FileDiagnostics) -> Option<PermissionTable> {
    if !is_permission_table(table) && !header_is_permission_type(table) {
        return None;
    }
    let order = Order::of(table);
    let mut rows: Vec<PermissionRow> = Vec::new();
    // A permission type whose scope cell is empty, followed by indented rows per
    // case (`Mobile app management (MAM)`, `Policy Set`): its kind and row index.
    let mut parent: Option<(PermissionKind, usize)> = None;
    let mut parents_with_cases: Vec<usize> = Vec::new();
    let mut budget = limits::Budget::new(limits::MAX_ITEMS);
    for (index, row) in table.rows.iter().enumerate() {
        let Some(first) = row.cells.first() else { continue };
        if !budget.take(row.line) {
            continue;
        }
        if let Order::PerCase(columns) = &order {
            let scenario = first.text.trim();
            for &(column, kind) in columns {
                let all = row.cells.get(column).map(scopes).unwrap_or_default();
                check_scopes(row.cells.get(column), &all, row.line, diags);
                let (least, higher) = split_first(all);
                let scenario = (!scenario.is_empty()).then(|| scenario.to_owned());
                rows.push(PermissionRow { kind, scenario, least, higher, line: row.line });
            }
            continue;
        }
        let cell = |i: usize| row.cells.get(i).map(scopes).unwrap_or_default();
        let (least, higher) = match order {
            Order::LeastAndHigher => (cell(1), cell(2)),
            Order::MostFirst => {
                let mut all = cell(1);
                all.reverse();
                split_first(all)
            }
            Order::LeastFirst | Order::PerCase(_) => split_first(cell(1)),
        };
        let recognised = kind_of(&first.text);
        let by_position = table.rows.len() == 3;
        if let (None, Some((kind, parent_index)), false) = (recognised, parent, by_position) {
            let scenario = Some(first.text.trim().to_owned()).filter(|s| !s.is_empty());
            if least.is_empty() && higher.is_empty() {
                check_scopes(row.cells.get(1), &[], row.line, diags);
            }
            rows.push(PermissionRow { kind, scenario, least, higher, line: row.line });
            if parents_with_cases.last() != Some(&parent_index) {
                parents_with_cases.push(parent_index);
            }
            continue;
        }
        let kind = match recognised {
            Some(kind) => kind,
            None if by_position => {
                let kind =
                    [PermissionKind::DelegatedWork, PermissionKind::DelegatedPersonal, PermissionKind::Application]
                        [index];
                diags.warn(
                    row.line,
                    Code::PermissionTypeUnknown,
                    format!(
                        "permission type {:?} not recognised; taken as {} by its position",
                        first.text,
                        kind.label()
                    ),
                );
                kind
            }
            None => {
                diags.warn(
                    row.line,
                    Code::PermissionTypeUnknown,
                    format!("permission type {:?} not recognised; row skipped", first.text),
                );
                continue;
            }
        };
        if row.cells.len() < 2 {
            diags.warn(
                row.line,
                Code::PermissionRowIncomplete,
                format!("permission row {:?} has no scope cell", first.text),
            );
        }
        // No scopes and no "not supported": the scopes come per case in the rows below.
        let unsupported = row.cells.get(1).is_some_and(|c| says_unsupported(&c.text));
        parent = (least.is_empty() && higher.is_empty() && !unsupported).then_some((kind, rows.len()));
        rows.push(PermissionRow { kind, scenario: None, least, higher, line: row.line });
    }
    budget.report("permission rows", diags);
    // A type row that only introduces its cases says nothing by itself.
    let introducers: std::collections::HashSet<usize> = parents_with_cases.into_iter().collect();
    let mut index = 0;
    rows.retain(|_| {
        index += 1;
        !introducers.contains(&(index - 1))
    });
    if rows.is_empty() {
        diags.warn(line, Code::PermissionTableEmpty, "permission table has no rows; permissions unknown");
    }
    Some(PermissionTable { file: file.to_owned(), line, rows })
}

/// The leading lines that look like role names ("Agent ID Administrator"), without
/// their punctuation: at most eight words, each capitalised (or a short word).
fn roles_from<'l>(lines: impl Iterator<Item = &'l str>) -> Vec<String> {
    let role_like = |line: &str| {
        let words: Vec<&str> = line.split_whitespace().collect();
        !words.is_empty()
            && words.len() <= 8
            && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || w.len() <= 3)
    };
    lines.map(|l| l.trim_end_matches(['.', ',', ';'])).take_while(|l| role_like(l)).map(str::to_owned).collect()
}

/// The roles an `rbac-for-apis` include lists: the lines (list items) after the line
/// that introduces them ("…supports the following least-privileged built-in role:"),
/// in a quote or as a list after a paragraph. With the line of the block.
fn entra_roles(blocks: &[crate::read::Block]) -> Option<(Vec<String>, u32)> {
    let introduces = |line: &str| {
        let l = line.trim().to_lowercase();
        l.ends_with(':') && l.contains("role")
    };
    let mut after_intro = false;
    for block in blocks {
        match &block.kind {
            BlockKind::Quote(t) | BlockKind::Paragraph(t) => {
                let lines: Vec<&str> = t.text.split('\n').map(str::trim).collect();
                if let Some(at) = lines.iter().rposition(|l| introduces(l)) {
                    let roles = roles_from(lines[at + 1..].iter().copied());
                    if !roles.is_empty() {
                        return Some((roles, block.line));
                    }
                    after_intro = true;
                    continue;
                }
                after_intro = false;
            }
            BlockKind::List(items) if after_intro => {
                let roles = roles_from(items.iter().map(|t| t.text.trim()));
                if !roles.is_empty() {
                    return Some((roles, block.line));
                }
            }
            _ => after_intro = false,
        }
    }
    None
}

/// A cell that says the permission type is not supported (rather than naming scopes).
fn says_unsupported(text: &str) -> bool {
    let text = text.to_lowercase();
    ["not supported", "not applicable", "не поддерживается"].iter().any(|w| text.contains(w))
}

/// Warn when a cell has text, names no scope and does not say "not supported"
/// (a typo such as `DeviceManagementManaged Devices.ReadWrite.All`).
fn check_scopes(cell: Option<&Text>, scopes: &[String], line: u32, diags: &mut FileDiagnostics) {
    let text = cell.map_or("", |c| c.text.trim());
    if scopes.is_empty() && !text.is_empty() && !says_unsupported(text) {
        diags.warn(
            line,
            Code::PermissionScopesUnreadable,
            format!("permission cell {text:?} names no permission; read as not supported"),
        );
    }
}

fn header_is_permission_type(table: &Table) -> bool {
    table.header.first().is_some_and(|h| {
        let h = h.text.to_lowercase();
        h.contains("permission type") || h.contains("тип разрешения")
    })
}

/// Recognise the permission type in English and in the translations we know.
fn kind_of(cell: &str) -> Option<PermissionKind> {
    let c = cell.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| c.contains(w));
    // pt-BR from its 2023 tree: `Delegado (conta pessoal da Microsoft)`, `Delegada (…)`, `Aplicativo`.
    if any(&["personal", "личная", "persönlich", "personnel", "pessoal", "個人", "个人"]) {
        Some(PermissionKind::DelegatedPersonal)
    } else if any(&[
        "application",
        "приложение",
        "anwendung",
        "aplicación",
        "aplicativo",
        "アプリケーション",
        "应用程序",
    ]) {
        Some(PermissionKind::Application)
    } else if any(&["delegated", "делегированные", "delegiert", "déléguée", "delegado", "delegada", "委任", "委托"])
    {
        Some(PermissionKind::DelegatedWork)
    } else {
        None
    }
}

/// Scope names in a cell; empty for `Not supported.` and the like.
fn scopes(cell: &Text) -> Vec<String> {
    cell.text
        .split([',', ';'])
        .flat_map(|part| {
            let part = part.trim();
            let words: Vec<&str> = part.split_whitespace().collect();
            if words.len() > 1 && words.iter().all(|w| is_scope(w)) { words } else { vec![part] }
        })
        .map(|s| s.trim().trim_end_matches('.').to_owned())
        .filter(|s| is_scope(s))
        .collect()
}

/// `User.Read.All`, `Sites.Selected`, `Directory AccessAsUser.All` (a typo: two words) is not.
fn is_scope(s: &str) -> bool {
    let s = s.trim().trim_end_matches('.');
    s.contains('.')
        && s.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
}

fn split_first(mut all: Vec<String>) -> (Vec<String>, Vec<String>) {
    if all.is_empty() {
        return (all, Vec::new());
    }
    let higher = all.split_off(1);
    (all, higher)
}
