//! The resource handles: every documented path is a walk from the root, handles are
//! keyed by what they address (not by URL position), and names come from the docs'
//! verbs and action names, never from a page's path order.

use graphgen::ir::{HandleResource, Ir};
use graphgen::page::NoIncludes;
use graphgen::pipeline::Run;
use graphgen::{Generator, Input};
use graphgen_tests::resource_page as resource;

fn run(pages: &[(&str, String)]) -> Run {
    let pages: Vec<(String, String)> = pages.iter().map(|(p, t)| ((*p).to_owned(), t.clone())).collect();
    Generator::default().analyse(Input::Pages { pages: &pages, includes: &NoIncludes }).unwrap()
}

fn analyse(pages: &[(&str, String)]) -> Ir {
    run(pages).ir
}

/// An API page: its title, request lines, and the type its response names.
fn api(title: &str, lines: &str, response: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n# {title}\n\nDoes it.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Widget.Read.All|\n\n## HTTP request\n\n```http\n{lines}\n```\n\n## Request body\nDo not supply a request body for this method.\n\n## Response\n\n{response}\n"
    )
}

fn pages() -> Vec<(&'static str, String)> {
    let returns = |t: &str| {
        format!(
            "If successful, this method returns a `200 OK` response code and a [{t}](../resources/{t}.md) object in the response body."
        )
    };
    vec![
        (
            "resources/user.md",
            resource("user", &[("displayName", "String"), ("events", "[event](event.md) collection")]),
        ),
        ("resources/event.md", resource("event", &[("subject", "String")])),
        ("api/user-get.md", api("Get user", "GET /me\nGET /users/{id | userPrincipalName}", &returns("user"))),
        (
            "api/user-list-events.md",
            api(
                "List events",
                "GET /me/events\nGET /users/{id}/events",
                "If successful, this method returns a `200 OK` response code and collection of [event](../resources/event.md) objects in the response body.",
            ),
        ),
        ("api/event-get.md", api("Get event", "GET /users/{id}/events/{id}\nGET /me/events/{id}", &returns("event"))),
        (
            "api/event-accept.md",
            api(
                "event: accept",
                "POST /me/events/{id}/accept\nPOST /users/{id | userPrincipalName}/events/{id}/accept",
                "If successful, this method returns `202 Accepted` response code.",
            ),
        ),
        (
            "api/reportroot-getwidgetcounts.md",
            api(
                "reportRoot: getWidgetCounts",
                "GET /reports/getWidgetCounts(period='{period_value}')\nGET /reports/getWidgetCounts(date={date_value})",
                "If successful, this method returns a `200 OK` response code.",
            ),
        ),
    ]
}

/// The call text of each path of the operation with `id`.
fn calls(ir: &Ir, id: &str) -> Vec<String> {
    let op = ir.operations.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id}"));
    (0..op.paths.len()).map(|p| ir.handles.call_text(&op.id, p).unwrap_or_default()).collect()
}

#[test]
fn me_and_a_user_are_one_handle_and_an_event_is_reached_from_either() {
    let ir = analyse(&pages());
    assert_eq!(calls(&ir, "GET /me"), ["graph.me().get()", "graph.user(user_id).get()"]);
    assert_eq!(calls(&ir, "GET /me/events"), ["graph.me().events().list()", "graph.user(user_id).events().list()"]);
    assert_eq!(
        calls(&ir, "POST /me/events/{}/accept"),
        ["graph.me().event(event_id).accept()", "graph.user(user_id).event(event_id).accept()"]
    );
    let user = ir.handles.handles.iter().find(|h| h.rust_name == "UserHandle").expect("a user handle");
    assert_eq!(user.resource, HandleResource::Item("user".into()));
    let events = ir.handles.handles.iter().filter(|h| h.rust_name.starts_with("Event")).count();
    assert_eq!(events, 2, "one handle for an event and one for a collection of them, wherever they are");
}

#[test]
fn overloads_of_a_function_are_named_by_their_arguments() {
    let ir = analyse(&pages());
    assert_eq!(
        calls(&ir, "GET /reports/getWidgetCounts(period='{}')"),
        [
            "graph.reports().get_widget_counts_by_period(period_value)",
            "graph.reports().get_widget_counts_by_date(date_value)"
        ]
    );
}

#[test]
fn no_name_depends_on_the_order_of_a_pages_paths() {
    let mut reordered = pages();
    for (file, text) in reordered.iter_mut() {
        if *file == "api/event-accept.md" {
            *text = text.replace(
                "POST /me/events/{id}/accept\nPOST /users/{id | userPrincipalName}/events/{id}/accept",
                "POST /users/{id | userPrincipalName}/events/{id}/accept\nPOST /me/events/{id}/accept",
            );
        }
    }
    let (a, b) = (analyse(&pages()), analyse(&reordered));
    let names = |ir: &Ir| -> Vec<(String, Vec<String>, Vec<String>)> {
        ir.handles
            .handles
            .iter()
            .map(|h| {
                (
                    h.rust_name.clone(),
                    h.navigations.iter().map(|n| n.rust_name.clone()).collect(),
                    h.methods.iter().map(|m| m.rust_name.clone()).collect(),
                )
            })
            .collect()
    };
    assert_eq!(names(&a), names(&b));
    for h in &a.handles.handles {
        for m in &h.methods {
            assert!(
                !m.rust_name.contains("_via_") && !m.rust_name.ends_with(|c: char| c.is_ascii_digit()),
                "{}",
                m.rust_name
            );
        }
    }
}

/// The table of contents of the test tree: Users lists the user's calendar pages too, as
/// the real one does; Calendar lists the event pages under its own `Event` entry.
const TOC: &str = r#"name: Reference
items:
  - name: Overview
    href: /graph/overview
  - name: v1.0 reference
    items:
    - name: Users
      items:
      - name: User
        href: resources/user.md
        items:
        - name: Get user
          href: api/user-get.md
      - name: Calendar
        href: resources/calendar.md
        items:
        - name: List events
          href: api/user-list-events.md?context=graph/api/1.0
    - name: "Calendar"
      items:
      - name: Event
        href: resources/event.md
        items:
        - name: Get event
          href: api/event-get.md
        - name: Accept
          href: api/event-accept.md
        - name: List events
          href: api/user-list-events.md
"#;

#[test]
fn areas_are_the_table_of_contents_sections_and_a_page_listed_twice_goes_to_its_resource() {
    let mut listed = pages();
    listed.push(("toc.yml", TOC.to_owned()));
    let ir = analyse(&listed);
    let area = |file: &str| {
        let op = ir.operations.iter().find(|o| o.sources.iter().any(|s| s.file == file));
        op.map(|o| o.module.name().to_owned()).unwrap_or_else(|| panic!("no operation of {file}"))
    };
    assert_eq!(area("api/user-get.md"), "users");
    // Listed under Users > Calendar and Calendar > Event: the event's own entry wins.
    assert_eq!(area("api/user-list-events.md"), "calendar");
    assert_eq!(area("api/event-accept.md"), "calendar");
    // The table itself is not a page.
    assert!(ir.pages.iter().all(|p| p.file != "toc.yml"));

    // Without the table (nor an `ms.prod`), the area is the path's first segment.
    let ir = analyse(&pages());
    for op in &ir.operations {
        let first = op.paths[0].template.trim_start_matches('/').split('/').next().unwrap_or("").replace("me", "users");
        assert!(first.starts_with(op.module.name()), "{} is in {}", op.paths[0].template, op.module.name());
    }
}

#[test]
fn a_page_about_a_resource_and_its_bytes_gives_json_and_bytes_methods() {
    let mut pages = pages();
    pages.push(("resources/attachment.md", resource("attachment", &[("name", "String")])));
    pages.push((
        "api/attachment-get.md",
        api(
            "Get attachment",
            "GET /me/events/{id}/attachments/{id}\nGET /me/events/{id}/attachments/{id}/$value",
            "If successful, this method returns a `200 OK` response code and an [attachment](../resources/attachment.md) object in the response body.",
        ),
    ));
    let run = run(&pages);
    let ir = run.ir;
    let op = |id: &str| ir.operations.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id}"));
    let json = op("GET /me/events/{}/attachments/{}");
    let bytes = op("GET /me/events/{}/attachments/{}/$value");
    assert_eq!(json.response.shape, graphgen::ir::ResponseShape::Json);
    assert_eq!(bytes.response.shape, graphgen::ir::ResponseShape::Binary);
    assert_eq!(calls(&ir, &json.id), ["graph.me().event(event_id).attachment(attachment_id).get()"]);
    assert_eq!(calls(&ir, &bytes.id), ["graph.me().event(event_id).attachment(attachment_id).get_content()"]);
    let split = run.diagnostics.iter().filter(|d| d.code.as_str() == "page-media-split").count();
    assert_eq!(split, 1, "{:?}", run.diagnostics);
}
