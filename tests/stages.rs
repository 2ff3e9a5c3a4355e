//! Focused tests of single stages on the seeds and on deliberately broken input:
//! classification (page kind, skip reason, locale, sections without English
//! headings), the translation merge, the plain-text reader, and pages that are
//! missing sections, carry truncated JSON or empty tables.

use graphgen::classify::{PageKind, SectionKind, classify};
use graphgen::diagnostics::{Diagnostic, Diagnostics, FileDiagnostics, Level};
use graphgen::lower::lower;
use graphgen::page::{NoIncludes, Page};
use graphgen::pipeline::{PageResult, process_page};
use graphgen::read::{SourceFormat, read_document};
use graphgen_tests::specs;

const DISCONNECT_EN: &str = "api/intune-chromebooksync-chromeosonboardingsettings-disconnect.md";
const DISCONNECT_RU: &str = "api/intune-chromebooksync-chromeosonboardingsettings-disconnect.ru-ru.md";
const CREATE_PLAIN: &str = "api/intune-odj-devicemanagementdomainjoinconnector-create.plain.txt";
const HOW_TO: &str = "how-to/chrome-enterprise-connector-configure.md";

fn seed(path: &str) -> String {
    std::fs::read_to_string(specs().join(path)).expect("seed page is readable")
}

fn process(path: &str, text: &str) -> (PageResult, Vec<Diagnostic>) {
    let (result, diags) = process_page(path, text, &NoIncludes);
    (result, diags.into_sorted())
}

fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code.as_str()).collect()
}

fn api(result: &PageResult) -> &graphgen::page::ApiPage {
    match &result.page {
        Some(Page::Api(page)) => page,
        other => panic!("{} is not an API page: {other:?}", result.path),
    }
}

fn section_kinds(path: &str, text: &str) -> Vec<SectionKind> {
    let mut diags = FileDiagnostics::new(path);
    let doc = read_document(path, text, &mut diags);
    classify(&doc).sections.iter().map(|s| s.kind).filter(|k| *k != SectionKind::Other).collect()
}

// ---------------------------------------------------------------- classify

#[test]
fn how_to_page_is_skipped_with_a_reason() {
    let (result, diags) = process(HOW_TO, &seed(HOW_TO));
    let PageKind::Skipped(reason) = &result.kind else { panic!("how-to classified as {:?}", result.kind) };
    assert!(result.page.is_none());
    assert!(reason.contains("conceptual") || reason.contains("HTTP request"), "reason says why: {reason}");
    let skip = diags.iter().find(|d| d.code == "page-skipped").expect("a diagnostic for the skip");
    assert_eq!(skip.level, Level::Warning);
    assert_eq!(skip.file, HOW_TO);
    assert!(skip.message.contains(reason.as_str()));
}

#[test]
fn seed_pages_get_the_right_kind_and_locale() {
    let cases = [
        (DISCONNECT_EN, PageKind::Api, "en-us"),
        (DISCONNECT_RU, PageKind::Api, "ru-ru"),
        (CREATE_PLAIN, PageKind::Api, "en-us"),
        ("resources/intune-odj-devicemanagementdomainjoinconnector.md", PageKind::Resource, "en-us"),
        ("resources/intune-odj-devicemanagementdomainjoinconnectorstate.md", PageKind::Enum, "en-us"),
    ];
    for (path, kind, locale) in cases {
        let (result, _) = process(path, &seed(path));
        assert_eq!(result.kind, kind, "{path}");
        assert_eq!(result.locale, locale, "{path}");
    }
}

#[test]
fn locale_comes_from_the_file_name_when_front_matter_is_silent() {
    let text = seed(DISCONNECT_RU).replace("ms.contentlocale: ru-RU\n", "");
    let (result, _) = process("api/x.ru-ru.md", &text);
    assert_eq!(result.locale, "ru-ru");
}

#[test]
fn russian_sections_are_found_by_anchor_by_heading_and_by_shape() {
    let expected = [
        SectionKind::Permissions,
        SectionKind::HttpRequest,
        SectionKind::RequestHeaders,
        SectionKind::RequestBody,
        SectionKind::Response,
        SectionKind::Examples,
    ];
    let text = seed(DISCONNECT_RU);
    // 1. As written: anchors.
    let with_anchors = section_kinds(DISCONNECT_RU, &text);
    for kind in expected {
        assert!(with_anchors.contains(&kind), "{kind:?} missing: {with_anchors:?}");
    }
    // 2. Anchors removed: the Russian headings alone.
    let no_anchors: String =
        text.lines().map(|l| strip_anchor(l) + "\n").collect::<String>().replace("<a name=\"example\"></a>", "");
    assert!(!no_anchors.contains("<a name"));
    let by_heading = section_kinds(DISCONNECT_RU, &no_anchors);
    for kind in expected {
        assert!(by_heading.contains(&kind), "{kind:?} missing without anchors: {by_heading:?}");
    }
    // 3. Headings in a language we have no words for: content shape still finds
    //    the permission table, the HTTP request block and the examples.
    let unknown_words: String = no_anchors
        .lines()
        .map(|l| if l.starts_with("## ") { format!("## Abschnitt {}\n", l.len()) } else { format!("{l}\n") })
        .collect();
    let by_shape = section_kinds(DISCONNECT_RU, &unknown_words);
    for kind in [SectionKind::Permissions, SectionKind::HttpRequest] {
        assert!(by_shape.contains(&kind), "{kind:?} missing by shape: {by_shape:?}");
    }
    let (result, _) = process(DISCONNECT_RU, &unknown_words);
    let page = api(&result);
    assert_eq!(page.requests.len(), 1);
    assert_eq!(page.requests[0].method, "POST");
    assert!(!page.permissions.is_empty(), "permissions found by table shape");
}

fn strip_anchor(line: &str) -> String {
    match (line.find("<a name="), line.find("</a>")) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &line[..a], &line[b + 4..]),
        _ => line.to_owned(),
    }
}

// ---------------------------------------------------------------- merge

fn pages_of(paths: &[(&str, String)]) -> (Vec<Page>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut pages = Vec::new();
    for (path, text) in paths {
        let (result, d) = process_page(path, text, &NoIncludes);
        diags.extend(d.into_diagnostics());
        pages.extend(result.page);
    }
    (pages, diags)
}

#[test]
fn english_and_russian_disconnect_are_one_operation_with_permissions_from_russian() {
    let (pages, mut diags) = pages_of(&[(DISCONNECT_EN, seed(DISCONNECT_EN)), (DISCONNECT_RU, seed(DISCONNECT_RU))]);
    let ir = lower(&pages.iter().collect::<Vec<_>>(), None, &mut diags);
    let ops: Vec<_> = ir.operations.iter().filter(|o| o.rust_name == "disconnect").collect();
    assert_eq!(ops.len(), 1, "merged, not duplicated");
    let op = ops[0];
    let files: Vec<&str> = op.sources.iter().map(|s| s.file.as_str()).collect();
    assert_eq!(files, [DISCONNECT_EN, DISCONNECT_RU], "English first, translation listed");
    assert!(!op.permissions.is_empty(), "gap filled from the translation");
    let diags = diags.into_sorted();
    assert!(
        diags.iter().any(|d| d.code == "permissions-from-translation" && d.message.contains(DISCONNECT_RU)),
        "the fill is reported: {diags:#?}"
    );
    // English text wins: the English summary, not the Russian one.
    assert!(op.description.as_deref().is_none_or(|d| !d.contains("задокументировано")), "{:?}", op.description);
}

#[test]
fn the_order_of_pages_does_not_change_the_merge() {
    let a = [(DISCONNECT_EN, seed(DISCONNECT_EN)), (DISCONNECT_RU, seed(DISCONNECT_RU))];
    let b = [(DISCONNECT_RU, seed(DISCONNECT_RU)), (DISCONNECT_EN, seed(DISCONNECT_EN))];
    let ir = |paths: &[(&str, String)]| {
        let (pages, mut d) = pages_of(paths);
        let ir = lower(&pages.iter().collect::<Vec<_>>(), None, &mut d);
        graphgen::ir_document::IrDocument::build(&ir, &d.into_sorted(), "specs").to_json()
    };
    assert_eq!(ir(&a), ir(&b));
}

#[test]
fn a_translation_that_disagrees_is_a_warning_and_english_wins() {
    let ru =
        seed(DISCONNECT_RU).replace("`200 OK`", "`202 Accepted`").replace("HTTP/1.1 200 OK", "HTTP/1.1 202 Accepted");
    let (pages, mut diags) = pages_of(&[(DISCONNECT_EN, seed(DISCONNECT_EN)), (DISCONNECT_RU, ru)]);
    let ir = lower(&pages.iter().collect::<Vec<_>>(), None, &mut diags);
    let op = ir.operations.iter().find(|o| o.rust_name == "disconnect").unwrap();
    assert_eq!(op.response.status, Some(200), "English wins");
    let diags = diags.into_sorted();
    let conflict = diags
        .iter()
        .find(|d| d.file == DISCONNECT_RU && d.level == Level::Warning && d.message.contains("202"))
        .unwrap_or_else(|| panic!("a conflict warning on the translation: {diags:#?}"));
    assert!(conflict.message.contains("200"), "{conflict}");
}

#[test]
fn two_english_pages_for_one_operation_are_reported() {
    let copy = "api/copy-of-disconnect.md";
    let (pages, mut diags) = pages_of(&[(DISCONNECT_EN, seed(DISCONNECT_EN)), (copy, seed(DISCONNECT_EN))]);
    let ir = lower(&pages.iter().collect::<Vec<_>>(), None, &mut diags);
    assert_eq!(ir.operations.iter().filter(|o| o.rust_name == "disconnect").count(), 1);
    assert!(codes(&diags.into_sorted()).contains(&"duplicate-operation"));
}

// ---------------------------------------------------------------- plain text

#[test]
fn plain_text_rendering_is_read_as_plain_text() {
    let mut diags = FileDiagnostics::new(CREATE_PLAIN);
    let doc = read_document(CREATE_PLAIN, &seed(CREATE_PLAIN), &mut diags);
    assert_eq!(doc.format, Some(SourceFormat::PlainText));
    let kinds = section_kinds(CREATE_PLAIN, &seed(CREATE_PLAIN));
    for kind in [
        SectionKind::Permissions,
        SectionKind::HttpRequest,
        SectionKind::RequestHeaders,
        SectionKind::RequestBody,
        SectionKind::Response,
        SectionKind::Examples,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} missing: {kinds:?}");
    }
}

#[test]
fn plain_text_page_model_has_tables_paths_and_json_bodies() {
    let (result, diags) = process(CREATE_PLAIN, &seed(CREATE_PLAIN));
    assert!(diags.iter().all(|d| d.level != Level::Error), "{diags:#?}");
    let page = api(&result);
    assert_eq!(page.title, "Create deviceManagementDomainJoinConnector");
    assert_eq!(page.requests.len(), 1);
    assert_eq!(page.requests[0].method, "POST");
    assert_eq!(page.requests[0].template.raw, "/deviceManagement/domainJoinConnectors");
    let rows = &page.permissions.tables[0].rows;
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert_eq!(rows[0].least, ["DeviceManagementConfiguration.ReadWrite.All"]);
    assert!(rows[1].least.is_empty(), "'Not supported.' is no permission");
    assert_eq!(page.response.status, Some(201));
    assert!(page.national_clouds.len() >= 3, "{:?}", page.national_clouds);
    let example = &page.examples[0];
    let request = example.request.as_ref().unwrap();
    assert_eq!(request.method, "POST");
    let body = request.body.as_ref().and_then(|b| b.value.as_ref()).expect("request JSON recovered");
    assert_eq!(body["state"], "error");
    assert_eq!(body["lastConnectionDateTime"], "2016-12-31T23:58:36.6670033-08:00");
    let response = example.response.as_ref().unwrap();
    assert_eq!(response.status, Some(201));
    assert!(response.body.as_ref().and_then(|b| b.value.as_ref()).is_some(), "response JSON recovered");
}

/// The plain-text rendering and the markdown original of the same page give the
/// same operation (when the corpus with the original is beside the checkout).
#[test]
fn plain_text_and_markdown_agree() {
    let Some(corpus) = graphgen_tests::corpus() else { return };
    let original = corpus
        .join("msgraph-docs-current/api-reference/beta/api/intune-odj-devicemanagementdomainjoinconnector-create.md");
    let Ok(markdown) = std::fs::read_to_string(original) else { return };
    let (md, _) = process("md.md", &markdown);
    let (txt, _) = process(CREATE_PLAIN, &seed(CREATE_PLAIN));
    let (md, txt) = (api(&md), api(&txt));
    assert_eq!(md.title, txt.title);
    let paths = |p: &graphgen::page::ApiPage| {
        p.requests.iter().map(|r| (r.method.clone(), r.template.raw.clone())).collect::<Vec<_>>()
    };
    assert_eq!(paths(md), paths(txt));
    assert_eq!(md.response.status, txt.response.status);
    assert_eq!(md.examples.len(), txt.examples.len());
    let bodies = |p: &graphgen::page::ApiPage| {
        p.examples
            .iter()
            .map(|e| {
                (
                    e.request.as_ref().and_then(|r| r.body.as_ref()).and_then(|b| b.value.clone()),
                    e.response.as_ref().and_then(|r| r.body.as_ref()).and_then(|b| b.value.clone()),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(bodies(md), bodies(txt));
}

// ---------------------------------------------------------------- broken input

const MINIMAL: &str = r#"---
title: "Get widget"
doc_type: apiPageType
---
# Get widget

Read a widget.

## Permissions

|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|Widget.Read.All|
|Application|Widget.Read.All|

## HTTP request

```http
GET /widgets/{widgetId}
```

## Request body
Do not supply a request body for this method.

## Response
If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.

## Example

### Request
```http
GET https://graph.microsoft.com/beta/widgets/1
```

### Response
```http
HTTP/1.1 200 OK
Content-Type: application/json

{
  "id": "1",
  "name": "w"
}
```
"#;

#[test]
fn the_minimal_page_is_clean() {
    let (result, diags) = process("api/widget-get.md", MINIMAL);
    assert_eq!(api(&result).requests.len(), 1);
    assert!(diags.iter().all(|d| d.level == Level::Note || d.code == "type-unresolved"), "{diags:#?}");
}

#[test]
fn a_page_without_an_http_request_section_is_an_error_on_that_page() {
    let start = MINIMAL.find("## HTTP request").unwrap();
    let end = MINIMAL.find("## Request body").unwrap();
    let text = format!("{}{}", &MINIMAL[..start], &MINIMAL[end..]);
    let (result, diags) = process("api/widget-get.md", &text);
    // Either it is not recognised as an API page (a skip with a reason) or it is
    // an API page without a request: both must say so, neither may panic.
    let said = diags.iter().any(|d| d.code == "page-skipped" || d.level == Level::Error);
    assert!(said, "{diags:#?}");
    assert!(result.page.as_ref().is_none_or(|p| !matches!(p, Page::Api(a) if !a.requests.is_empty())));
}

#[test]
fn truncated_json_example_is_a_warning_with_its_line() {
    let text = MINIMAL.replace("  \"name\": \"w\"\n}\n```", "  \"name\": \"w\",\n  \"tags\": [\"a\",\n```");
    let (result, diags) = process("api/widget-get.md", &text);
    let page = api(&result);
    let body = page.examples[0].response.as_ref().unwrap().body.as_ref().unwrap();
    assert!(body.value.is_none() || !body.repairs.is_empty(), "{body:?}");
    let warning = diags
        .iter()
        .find(|d| d.level == Level::Warning && d.message.to_lowercase().contains("json"))
        .unwrap_or_else(|| panic!("a JSON warning: {diags:#?}"));
    let fence = text.lines().position(|l| l.starts_with("HTTP/1.1")).unwrap() as u32 + 1;
    assert!(warning.line >= fence, "points into the example: {warning}");
}

#[test]
fn empty_and_ragged_tables_give_diagnostics_not_panics() {
    let empty =
        MINIMAL.replace("|Delegated (work or school account)|Widget.Read.All|\n|Application|Widget.Read.All|\n", "");
    let (result, diags) = process("api/widget-get.md", &empty);
    assert!(api(&result).permissions.tables.iter().all(|t| t.rows.is_empty()));
    assert!(diags.iter().any(|d| d.code.as_str().contains("permission")), "{diags:#?}");

    let ragged = MINIMAL.replace("|Application|Widget.Read.All|", "|Application|");
    let (result, _) = process("api/widget-get.md", &ragged);
    assert_eq!(api(&result).requests.len(), 1);

    let header_only = MINIMAL.replace("|:---|:---|\n", "");
    let (result, _) = process("api/widget-get.md", &header_only);
    assert_eq!(api(&result).requests.len(), 1);
}

#[test]
fn cut_off_pages_never_panic() {
    // Every prefix of a real page (cut at each line) and of the plain-text page:
    // the pipeline returns diagnostics and whatever it could read.
    for (path, text) in
        [(DISCONNECT_RU, seed(DISCONNECT_RU)), (CREATE_PLAIN, seed(CREATE_PLAIN)), ("m.md", MINIMAL.into())]
    {
        for (i, _) in text.match_indices('\n') {
            let (result, diags) = process(path, &text[..i]);
            assert!(!codes(&diags).contains(&"internal-error"), "{path} cut at byte {i}: {diags:#?}");
            if let Some(Page::Api(page)) = &result.page {
                assert!(page.requests.len() <= 1, "{path} cut at byte {i}");
            }
        }
    }
}

#[test]
fn an_unclosed_fence_is_reported() {
    let text = MINIMAL.trim_end().trim_end_matches("```").to_owned();
    let (_, diags) = process("api/widget-get.md", &text);
    assert!(diags.iter().any(|d| d.level == Level::Warning), "{diags:#?}");
}

/// An API page whose permissions section is `table` (markdown rows).
fn page_with_permissions(table: &str) -> String {
    format!(
        "---\ntitle: \"Get thing\"\ndoc_type: apiPageType\n---\n\n# Get thing\n\nGet a thing.\n\n## Permissions\n\n{table}\n\n## HTTP request\n\n```http\nGET /things/{{id}}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code.\n"
    )
}

/// A permission row as (type, case, least, higher).
type Row = (graphgen::page::PermissionKind, Option<String>, Vec<String>, Vec<String>);

fn rows(result: &PageResult) -> Vec<Row> {
    api(result).permissions.tables[0]
        .rows
        .iter()
        .map(|r| (r.kind, r.scenario.clone(), r.least.clone(), r.higher.clone()))
        .collect()
}

#[test]
fn permission_tables_with_one_row_per_case_keep_each_case() {
    use graphgen::page::PermissionKind::*;
    let text = page_with_permissions(
        "| Calendar | Delegated (work or school account) | Delegated (personal Microsoft account) | Application |\n|:--|:--|:--|:--|\n| user calendar | Calendars.Read, Calendars.ReadWrite | Calendars.Read | Calendars.Read |\n| group calendar | Group.Read.All | Not supported. | Not supported. |",
    );
    let (result, diags) = process("api/thing-get.md", &text);
    assert!(!codes(&diags).iter().any(|c| c.starts_with("permission")), "{diags:?}");
    let user = Some("user calendar".to_owned());
    let group = Some("group calendar".to_owned());
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows(&result),
        vec![
            (DelegatedWork, user.clone(), s(&["Calendars.Read"]), s(&["Calendars.ReadWrite"])),
            (DelegatedPersonal, user.clone(), s(&["Calendars.Read"]), vec![]),
            (Application, user, s(&["Calendars.Read"]), vec![]),
            (DelegatedWork, group.clone(), s(&["Group.Read.All"]), vec![]),
            (DelegatedPersonal, group.clone(), vec![], vec![]),
            (Application, group, vec![], vec![]),
        ]
    );
}

#[test]
fn permission_types_with_indented_cases_take_the_cases_and_drop_the_empty_type_row() {
    use graphgen::page::PermissionKind::*;
    let text = page_with_permissions(
        "|Permission type|Permissions (from most to least privileged)|\n|:---|:---|\n|Delegated (work or school account)| _varies by context_ |\n| &nbsp; &nbsp; **Device management** | DeviceManagementManagedDevices.ReadWrite.All, DeviceManagementManagedDevices.Read.All |\n| &nbsp; &nbsp; **MAM** | DeviceManagementApps.ReadWrite.All |\n| &nbsp; &nbsp; **Onboarding** | DeviceManagementManaged Devices.ReadWrite.All |\n|Delegated (personal Microsoft account)|Not supported.|\n|Application||\n| &nbsp; &nbsp; **MAM** | DeviceManagementApps.Read.All |",
    );
    let (result, diags) = process("api/thing-get.md", &text);
    // The typo'd scope is reported, not silently read as "not supported".
    assert_eq!(
        codes(&diags).iter().filter(|c| c.starts_with("permission")).collect::<Vec<_>>(),
        vec![&"permission-scopes-unreadable"]
    );
    let case = |c: &str| Some(c.to_owned());
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows(&result),
        vec![
            (
                DelegatedWork,
                case("Device management"),
                s(&["DeviceManagementManagedDevices.Read.All"]),
                s(&["DeviceManagementManagedDevices.ReadWrite.All"])
            ),
            (DelegatedWork, case("MAM"), s(&["DeviceManagementApps.ReadWrite.All"]), vec![]),
            (DelegatedWork, case("Onboarding"), vec![], vec![]),
            (DelegatedPersonal, None, vec![], vec![]),
            (Application, case("MAM"), s(&["DeviceManagementApps.Read.All"]), vec![]),
        ]
    );
}

#[test]
fn an_unknown_third_row_is_still_read_by_its_position() {
    use graphgen::page::PermissionKind::*;
    let text = page_with_permissions(
        "|Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n|Delegated (work or school account) | AdministrativeUnit.Read.All |\n|Delegated (personal Microsoft account) | Not supported. |\n|administrativeunit | AdministrativeUnit.Read.All |",
    );
    let (result, diags) = process("api/thing-get.md", &text);
    assert!(codes(&diags).contains(&"permission-type-unknown"));
    let kinds: Vec<_> = rows(&result).into_iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(kinds, vec![(DelegatedWork, None), (DelegatedPersonal, None), (Application, None)]);
}

// ---------------------------------------------------------------- enum pages

const ENUMS_PAGE: &str = "---\ntitle: \"Enum values\"\ndoc_type: enumPageType\n---\n\nNamespace: microsoft.graph\n\n### attachmentType values\n\n| Member\n|:---\n| file\n| item\n\n### <a name=\"status-values\"></a>status values\n\nThe status of a thing.\n\n|Member|Value|Description|\n|:---|:---|:---|\n|active|0|It runs.|\n|inactive|1|It does not.|\n\n### teamsAppInstalledState\n\n|Member|Value|\n|:---|:---|\n|installed|1|\n";

const INSTALLED_STATE_PAGE: &str = "---\ntitle: \"Members\"\ndoc_type: enumPageType\n---\n\n#teamsAppInstalledState enum type\n\nDescribes the installation status.\n\n## Members\n\n| Member | Value| Description |\n|:---|:---|:---|\n|notInstalled|0|Not installed.|\n|installed|1|Installed.|\n";

const SETTING_VALUE_PAGE: &str = "---\ntitle: \"settingValue resource type\"\ndoc_type: resourcePageType\n---\n\n# settingValue resource type\n\n### Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|name|String|Name of the setting.|\n|value|String|Value of the setting.|\n";

#[test]
fn a_page_of_several_enums_gives_one_enum_per_heading_and_an_enums_own_page_wins() {
    let (pages, mut diags) = pages_of(&[
        ("resources/enums.md", ENUMS_PAGE.to_owned()),
        ("resources/teamsappinstalledstate.md", INSTALLED_STATE_PAGE.to_owned()),
    ]);
    let ir = lower(&pages.iter().collect::<Vec<_>>(), None, &mut diags);
    let names: Vec<&str> = ir.enums.iter().map(|e| e.wire_name.as_str()).collect();
    // The front matter's "Members" names nothing; the page's own text spells the file name.
    assert_eq!(names, ["attachmentType", "status", "teamsAppInstalledState"]);
    let members = |name: &str| -> Vec<(String, Option<i64>)> {
        let e = ir.enums.iter().find(|e| e.wire_name == name).unwrap();
        e.members.iter().map(|m| (m.wire_name.clone(), m.value)).collect()
    };
    assert_eq!(members("attachmentType"), [("file".to_owned(), None), ("item".to_owned(), None)]);
    assert_eq!(members("status"), [("active".to_owned(), Some(0)), ("inactive".to_owned(), Some(1))]);
    let status = ir.enums.iter().find(|e| e.wire_name == "status").unwrap();
    assert_eq!(status.description.as_deref(), Some("The status of a thing."));
    // Its own page first, enums.md's members added, the overlap diagnosed on enums.md.
    assert_eq!(
        members("teamsAppInstalledState"),
        [("notInstalled".to_owned(), Some(0)), ("installed".to_owned(), Some(1))]
    );
    let diags = diags.into_sorted();
    assert!(diags.iter().any(|d| d.code.as_str() == "duplicate-type" && d.file == "resources/enums.md"), "{diags:#?}");
    assert!(!codes(&diags).contains(&"duplicate-enum-member"), "{diags:#?}");
}

#[test]
fn a_page_without_h2_takes_its_h3_as_sections() {
    assert_eq!(section_kinds("resources/settingvalue.md", SETTING_VALUE_PAGE), [SectionKind::Properties]);
    let (result, diags) = process("resources/settingvalue.md", SETTING_VALUE_PAGE);
    match &result.page {
        Some(Page::Resource(r)) => {
            assert_eq!(r.properties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["name", "value"])
        }
        other => panic!("not a resource page: {other:?} {diags:#?}"),
    }
}

// ---------------------------------------------------------------- $ref bodies

const ADD_MEMBER: &str = r#"---
title: "Add member"
doc_type: apiPageType
---
# Add member

Add a member to a group.

## Permissions

|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Application|GroupMember.ReadWrite.All|

## HTTP request

```http
POST /groups/{id}/members/$ref
```

## Request body
In the request body, supply a JSON representation of a [directoryObject](../resources/directoryobject.md) object.

## Response
If successful, this method returns a `204 No Content` response code.

## Example

### Request
```http
POST https://graph.microsoft.com/v1.0/groups/1/members/$ref
Content-type: application/json

{
  "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/2"
}
```

### Response
```http
HTTP/1.1 204 No Content
```
"#;

#[test]
fn a_ref_request_sends_an_entity_reference_whatever_the_prose_names() {
    let (pages, mut diags) = pages_of(&[("api/group-post-members.md", ADD_MEMBER.to_owned())]);
    let ir = lower(&pages.iter().collect::<Vec<_>>(), None, &mut diags);
    let op = &ir.operations[0];
    let graphgen::ir::RequestBodyIr::Json { ty: graphgen::ir::TypeRef::Named { rust_name, .. } } = &op.request_body
    else {
        panic!("not a typed JSON body: {:?}", op.request_body)
    };
    assert_eq!(rust_name, "EntityReference");
    let reference = ir.types.iter().find(|t| t.rust_name == "EntityReference").unwrap();
    let fields: Vec<(&str, &str)> =
        reference.properties.iter().map(|p| (p.wire_name.as_str(), p.rust_name.as_str())).collect();
    assert_eq!(fields, [("@odata.id", "odata_id")]);
    let diags = diags.into_sorted();
    assert!(codes(&diags).contains(&"reference-body"), "{diags:#?}");
}

const RBAC_PAGE: &str = "---\ntitle: \"List agentIdentity objects\"\ndoc_type: apiPageType\n---\n# List agentIdentity objects\n\nList agent identities.\n\n## Permissions\n\n|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Delegated (work or school account)|AgentIdentity.Read.All|Not available.|\n|Delegated (personal Microsoft account)|Not supported.|Not supported.|\n|Application|AgentIdentity.Read.All|Not available.|\n\n[!INCLUDE [rbac-agentid-apis-write](../includes/rbac-for-apis/rbac-agentid-apis-write.md)]\n\n## HTTP request\n\n```http\nGET /servicePrincipals/microsoft.graph.agentIdentity\n```\n\n## Request body\n\nDo not supply a request body for this method.\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n";

/// `includes/rbac-for-apis/rbac-agentid-apis-write.md` of the newer docs, as written.
const RBAC_INCLUDE: &str = "---\nauthor: zallison22\nms.topic: include\n---\n\n > [!IMPORTANT]\n > - A principal who creates an agent identity blueprint or blueprint principal is automatically assigned as the owner.\n > - Owners can create and modify agent identities associated with a blueprint they own without being assigned an Agent ID role.\n > - For nonowners to call this API in delegated scenarios using work or school accounts, the admin must be assigned a supported [Microsoft Entra role](/entra/identity/role-based-access-control/permissions-reference). This operation supports the following least-privileged built-in role:\n >     - Agent ID Administrator\n";

#[test]
fn an_rbac_include_names_the_entra_roles_beside_the_scopes() {
    let root = graphgen_tests::temp_dir("rbac");
    std::fs::create_dir_all(root.join("beta/api")).unwrap();
    std::fs::create_dir_all(root.join("beta/includes/rbac-for-apis")).unwrap();
    std::fs::write(root.join("beta/api/agentidentity-list.md"), RBAC_PAGE).unwrap();
    std::fs::write(root.join("beta/includes/rbac-for-apis/rbac-agentid-apis-write.md"), RBAC_INCLUDE).unwrap();
    let run = graphgen::Generator::default().analyse(graphgen::Input::Folder(&root)).unwrap();
    let op = &run.ir.operations[0];
    let roles = op.entra_roles.as_ref().expect("the roles are read");
    assert_eq!(roles.roles, ["Agent ID Administrator"]);
    assert_eq!(roles.source.file, "beta/includes/rbac-for-apis/rbac-agentid-apis-write.md");
    assert_eq!(op.permissions.len(), 3, "the scopes are still the table's");
    assert!(!run.diagnostics.iter().any(|d| d.code == "include-without-permissions"), "{:#?}", run.diagnostics);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_path_only_a_translation_lists_is_added_and_warned() {
    let en = seed(DISCONNECT_EN);
    let ru = seed(DISCONNECT_RU);
    let line = ru.lines().find(|l| l.starts_with("POST /")).expect("the translation's request line").to_owned();
    let extra = line.replace("/deviceManagement/", "/me/deviceManagement/");
    let ru = ru.replacen(&line, &format!("{line}\n{extra}"), 1);
    let (pages, mut diags) = pages_of(&[(DISCONNECT_EN, en), (DISCONNECT_RU, ru)]);
    let ir = lower(&pages.iter().collect::<Vec<_>>(), None, &mut diags);
    let op = ir.operations.iter().find(|o| o.rust_name == "disconnect").unwrap();
    let templates: Vec<&str> = op.paths.iter().map(|p| p.template.as_str()).collect();
    assert_eq!(templates.len(), 2, "{templates:?}");
    assert!(templates.iter().any(|t| t.starts_with("/me/deviceManagement/")), "{templates:?}");
    let diags = diags.into_sorted();
    assert!(
        diags.iter().any(|d| d.file == DISCONNECT_RU
            && d.code == "translation-conflict"
            && d.message.contains("only this translation lists")),
        "{diags:#?}"
    );
}
