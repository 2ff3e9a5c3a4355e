//! `graphgen diff`: hand-made old/new pairs of pages, one for each kind of
//! change, compared as the generator reads them; the semver step each calls
//! for; the markdown and JSON forms; the command line.

use graphgen::diff::{self, Change, Impact, Step};
use graphgen::ir_document::IrDocument;
use graphgen::page::NoIncludes;
use graphgen::{Generator, Input};
use graphgen_tests::resource_page;
use serde_json::Value;

/// An API page: title, request lines, permission row, request body section and response prose.
fn api(title: &str, lines: &str, scope: &str, body: &str, response: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n# {title}\n\nDoes it.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|{scope}|\n\n## HTTP request\n\n```http\n{lines}\n```\n\n## Request body\n{body}\n\n## Response\n\n{response}\n"
    )
}

const PAINT_BODY: &str = "In the request body, provide a JSON object with the following parameters.\n\n| Parameter | Type | Description |\n|:---|:---|:---|\n|color|String|The color.|\n|coats|Int32|How many coats.|";

const NO_BODY: &str = "Do not supply a request body for this method.";

fn returns(t: &str) -> String {
    format!(
        "If successful, this method returns a `200 OK` response code and a [{t}](../resources/{t}.md) object in the response body."
    )
}

fn enum_page(name: &str, members: &[&str]) -> String {
    let mut page = format!(
        "---\ntitle: {name} enum type\ndoc_type: enumPageType\n---\n# {name} enum type\n\n## Members\n\n|Member|Value|Description|\n|:---|:---|:---|\n"
    );
    for (i, m) in members.iter().enumerate() {
        page.push_str(&format!("|{m}|{i}|The {m}.|\n"));
    }
    page
}

/// The pages of a small docs tree: a widget type, its state enum, and get / list / create.
fn tree() -> Vec<(String, String)> {
    let create_body = "In the request body, supply a JSON representation of a [widget](../resources/widget.md) object.\n\n| Property | Type | Description |\n|:---|:---|:---|\n|displayName|String|The name. Required.|\n|size|Int64|The size. Optional.|";
    vec![
        (
            "resources/widget.md".into(),
            resource_page(
                "widget",
                &[("displayName", "String"), ("size", "Int64"), ("state", "[widgetState](widgetstate.md)")],
            ),
        ),
        ("resources/widgetstate.md".into(), enum_page("widgetState", &["active", "inactive"])),
        ("resources/gadget.md".into(), resource_page("gadget", &[("label", "String")])),
        (
            "api/widget-get.md".into(),
            api(
                "Get widget",
                "GET /widgets/{id}\nGET /me/widgets/{id}",
                "Widget.Read.All",
                NO_BODY,
                &returns("widget"),
            ),
        ),
        (
            "api/widget-list.md".into(),
            api(
                "List widgets",
                "GET /widgets",
                "Widget.Read.All",
                NO_BODY,
                "If successful, this method returns a `200 OK` response code and a collection of [widget](../resources/widget.md) objects in the response body.",
            ),
        ),
        (
            "api/widget-create.md".into(),
            api(
                "Create widget",
                "POST /widgets",
                "Widget.Read.All",
                create_body,
                "If successful, this method returns a `201 Created` response code and a [widget](../resources/widget.md) object in the response body.",
            ),
        ),
        (
            "api/widget-paint.md".into(),
            api(
                "widget: paint",
                "POST /widgets/{id}/paint",
                "Widget.Read.All",
                PAINT_BODY,
                "If successful, this action returns a `204 No Content` response code.",
            ),
        ),
    ]
}

fn document(pages: &[(String, String)]) -> Value {
    let run = Generator::default().analyse(Input::Pages { pages, includes: &NoIncludes }).expect("analysed");
    serde_json::to_value(IrDocument::build(&run.ir, &run.diagnostics, "specs")).expect("a document")
}

/// The changes from `tree()` to `tree()` with `edit` applied to the page at `path`.
fn changes_after(path: &str, edit: impl Fn(&str) -> String) -> Vec<Change> {
    let old = tree();
    let mut new = old.clone();
    match new.iter_mut().find(|(p, _)| p == path) {
        Some((_, text)) => *text = edit(text),
        None => new.push((path.to_owned(), edit(""))),
    }
    diff::compare(&document(&old), &document(&new))
}

/// (impact, kind, subject) of each change, for asserting exactly what was found.
fn kinds(changes: &[Change]) -> Vec<(Impact, &'static str, String)> {
    changes.iter().map(|c| (c.impact, c.kind, c.subject.clone())).collect()
}

#[test]
fn the_same_tree_in_another_order_changes_nothing() {
    let mut shuffled = tree();
    shuffled.reverse();
    let changes = diff::compare(&document(&tree()), &document(&shuffled));
    assert!(changes.is_empty(), "{changes:?}");
    assert_eq!(diff::semver(&changes).0, Step::None);
}

#[test]
fn operations_and_paths_removed_and_added() {
    let gone = changes_after("api/widget-list.md", |_| String::new());
    assert!(kinds(&gone).contains(&(Impact::Breaking, "operation-removed", "GET /widgets".into())), "{gone:?}");
    let added = changes_after("api/gadget-get.md", |_| {
        api("Get gadget", "GET /gadgets/{id}", "Gadget.Read.All", NO_BODY, &returns("gadget"))
    });
    assert_eq!(kinds(&added), [(Impact::Addition, "operation-added", "GET /gadgets/{}".into())], "{added:?}");
    let path_gone = changes_after("api/widget-get.md", |t| t.replace("\nGET /me/widgets/{id}", ""));
    assert_eq!(kinds(&path_gone), [(Impact::Breaking, "path-removed", "GET /widgets/{}".into())]);
    let path_added = changes_after("api/widget-get.md", |t| {
        t.replace("GET /me/widgets/{id}", "GET /me/widgets/{id}\nGET /users/{id}/widgets/{id}")
    });
    assert_eq!(kinds(&path_added), [(Impact::Addition, "path-added", "GET /widgets/{}".into())]);
    assert!(path_added[0].source.as_deref().is_some_and(|s| s.starts_with("api/widget-get.md:")), "{path_added:?}");
}

#[test]
fn properties_removed_added_and_retyped() {
    let gone = changes_after("resources/widget.md", |t| t.replace("|size|Int64|The size.|\n", ""));
    assert!(kinds(&gone).contains(&(Impact::Breaking, "property-removed", "widget".into())), "{gone:?}");
    let retyped = changes_after("resources/widget.md", |t| t.replace("|size|Int64|", "|size|String|"));
    let retype = retyped.iter().find(|c| c.kind == "property-retyped" && c.subject == "widget").expect("retyped");
    assert!(retype.detail.contains("Edm.String") && retype.detail.contains("Edm.Int64"), "{retype:?}");
    assert_eq!(retype.impact, Impact::Breaking);
    assert!(retype.source.as_deref().is_some_and(|s| s.starts_with("resources/widget.md:")));
    let added = changes_after("resources/widget.md", |t| {
        t.replace("|size|Int64|The size.|\n", "|size|Int64|The size.|\n|color|String|The color.|\n")
    });
    assert_eq!(kinds(&added), [(Impact::Addition, "property-added", "widget".into())], "{added:?}");
    assert_eq!(diff::semver(&added).0, Step::Minor);
}

#[test]
fn enum_members_removed_and_added() {
    let gone = changes_after("resources/widgetstate.md", |_| enum_page("widgetState", &["active"]));
    assert_eq!(kinds(&gone), [(Impact::Breaking, "enum-member-removed", "widgetState".into())], "{gone:?}");
    let added =
        changes_after("resources/widgetstate.md", |_| enum_page("widgetState", &["active", "inactive", "retired"]));
    assert_eq!(kinds(&added), [(Impact::Addition, "enum-member-added", "widgetState".into())], "{added:?}");
    // The generated enums are exhaustive: the semver reason says what a new member costs.
    assert!(diff::semver(&added).1.contains("exhaustive"), "{:?}", diff::semver(&added));
}

#[test]
fn a_changed_response_a_newly_required_parameter_and_a_more_privileged_permission_break() {
    let response = changes_after("api/widget-get.md", |t| t.replace(&returns("widget"), &returns("gadget")));
    assert_eq!(kinds(&response), [(Impact::Breaking, "response-changed", "GET /widgets/{}".into())], "{response:?}");
    let required = changes_after("api/widget-create.md", |t| t.replace("The size. Optional.", "The size. Required."));
    assert!(
        kinds(&required).contains(&(Impact::Breaking, "parameter-required", "POST /widgets".into())),
        "{required:?}"
    );
    let privileged = changes_after("api/widget-get.md", |t| {
        t.replace("|Application|Widget.Read.All|", "|Application|Widget.ReadWrite.All|")
    });
    assert_eq!(
        kinds(&privileged),
        [(Impact::Breaking, "permission-more-privileged", "GET /widgets/{}".into())],
        "{privileged:?}"
    );
    assert_eq!(diff::semver(&privileged).0, Step::Major);
    let lesser = changes_after("api/widget-list.md", |t| {
        t.replace("|Application|Widget.Read.All|", "|Application|Widget.Read|")
    });
    assert_eq!(kinds(&lesser), [(Impact::Other, "permission-changed", "GET /widgets".into())], "{lesser:?}");
}

#[test]
fn types_and_enums_removed_and_added() {
    let gone = changes_after("resources/gadget.md", |_| String::new());
    assert!(kinds(&gone).contains(&(Impact::Breaking, "type-removed", "gadget".into())), "{gone:?}");
    let added = changes_after("resources/gizmo.md", |_| resource_page("gizmo", &[("label", "String")]));
    assert_eq!(kinds(&added), [(Impact::Addition, "type-added", "gizmo".into())], "{added:?}");
    let new_enum = changes_after("resources/gizmokind.md", |_| enum_page("gizmoKind", &["small", "large"]));
    assert_eq!(kinds(&new_enum), [(Impact::Addition, "enum-added", "gizmoKind".into())], "{new_enum:?}");
}

#[test]
fn descriptions_change_nothing_in_the_rust_api() {
    let changes = changes_after("resources/widget.md", |t| t.replace("|The size.|", "|How big it is.|"));
    assert_eq!(kinds(&changes), [(Impact::Other, "description-changed", "widget".into())], "{changes:?}");
    assert_eq!(diff::semver(&changes).0, Step::Patch);
    let markdown = diff::markdown("old", "new", &changes);
    assert!(markdown.contains("Semver: **patch**") && markdown.contains("do not alter the Rust API"), "{markdown}");
    let json: Value = serde_json::from_str(&diff::to_json("old", "new", &changes)).expect("JSON");
    assert_eq!(json["semver"], "patch");
    assert_eq!(json["changes"][0]["kind"], "description-changed");
}

#[test]
fn breaking_changes_come_first_in_the_summary() {
    let old = tree();
    let mut new: Vec<(String, String)> = old.iter().filter(|(p, _)| p != "api/widget-list.md").cloned().collect();
    new.push(("resources/gizmo.md".into(), resource_page("gizmo", &[("label", "String")])));
    let changes = diff::compare(&document(&old), &document(&new));
    let markdown = diff::markdown("old", "new", &changes);
    let (breaking, added) = (markdown.find("### Breaking changes"), markdown.find("### Additions"));
    assert!(breaking.is_some() && added.is_some() && breaking < added, "{markdown}");
    assert!(markdown.contains("Semver: **major**"), "{markdown}");
}

#[test]
fn action_parameters_removed_added_and_retyped_and_a_body_of_another_kind() {
    let paint = || "POST /widgets/{}/paint".to_owned();
    let gone = changes_after("api/widget-paint.md", |t| t.replace("|coats|Int32|How many coats.|", ""));
    assert!(kinds(&gone).contains(&(Impact::Breaking, "parameter-removed", paint())), "{gone:?}");
    let added = changes_after("api/widget-paint.md", |t| {
        t.replace("|coats|Int32|How many coats.|", "|coats|Int32|How many coats.|\n|gloss|Boolean|Glossy.|")
    });
    assert!(kinds(&added).contains(&(Impact::Addition, "parameter-added", paint())), "{added:?}");
    assert!(kinds(&added).iter().all(|(impact, _, _)| *impact != Impact::Breaking), "{added:?}");
    let retyped = changes_after("api/widget-paint.md", |t| t.replace("|coats|Int32|", "|coats|String|"));
    assert!(kinds(&retyped).contains(&(Impact::Breaking, "parameter-retyped", paint())), "{retyped:?}");
    let no_body = changes_after("api/widget-paint.md", |t| t.replace(PAINT_BODY, NO_BODY));
    assert!(kinds(&no_body).contains(&(Impact::Breaking, "request-body-changed", paint())), "{no_body:?}");
}

#[test]
fn a_base_type_a_status_and_a_withdrawn_permission() {
    let based = changes_after("resources/widget.md", |t| {
        t.replace("A widget.", "A widget. Inherits from [gadget](gadget.md).")
    });
    assert!(kinds(&based).contains(&(Impact::Breaking, "base-type-changed", "widget".into())), "{based:?}");
    let status = changes_after("api/widget-get.md", |t| t.replace("`200 OK`", "`203 Non-Authoritative Information`"));
    assert_eq!(kinds(&status), [(Impact::Other, "response-status-changed", "GET /widgets/{}".into())], "{status:?}");
    let withdrawn = changes_after("api/widget-get.md", |t| {
        t.replace("|Application|Widget.Read.All|", "|Application|Not supported.|")
    });
    assert_eq!(
        kinds(&withdrawn),
        [(Impact::Breaking, "permission-withdrawn", "GET /widgets/{}".into())],
        "{withdrawn:?}"
    );
}
