//! Docs errors the model proves (`path-not-in-model`, `method-not-allowed`): a
//! path through a relationship its type does not declare when it declares a
//! near spelling other paths take, a `POST` on a function call, a `PATCH` on a
//! collection, a lone root near a common one; and what is not flagged.

use graphgen::diagnostics::Code;
use graphgen::page::NoIncludes;
use graphgen::{Generator, Input};
use graphgen_tests::resource_page;

fn api(title: &str, lines: &str, response: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n# {title}\n\nDoes it.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Calendars.Read|\n\n## HTTP request\n\n```http\n{lines}\n```\n\n## Request body\nDo not supply a request body for this method.\n\n## Response\n\n{response}\n"
    )
}

const USER: &str = "If successful, this method returns a `200 OK` response code and a [user](../resources/user.md) object in the response body.";
const USERS: &str = "If successful, this method returns a `200 OK` response code and a collection of [user](../resources/user.md) objects in the response body.";
const CALENDARS: &str = "If successful, this method returns a `200 OK` response code and a collection of [calendar](../resources/calendar.md) objects in the response body.";

/// (code, file, message) of the docs-error diagnostics of a run over `extra` and a small tree.
fn flags(extra: &[(&str, String)]) -> Vec<(Code, String, String)> {
    let mut pages: Vec<(String, String)> = vec![
        (
            "resources/user.md".into(),
            resource_page(
                "user",
                &[
                    ("displayName", "String"),
                    ("calendarGroups", "[calendarGroup](calendargroup.md) collection"),
                    ("calendars", "[calendar](calendar.md) collection"),
                ],
            ),
        ),
        (
            "resources/calendargroup.md".into(),
            resource_page("calendarGroup", &[("name", "String"), ("calendars", "[calendar](calendar.md) collection")]),
        ),
        ("resources/calendar.md".into(), resource_page("calendar", &[("name", "String")])),
        ("api/user-get.md".into(), api("Get user", "GET /me\nGET /users/{id}", USER)),
        ("api/user-list.md".into(), api("List users", "GET /users", USERS)),
        (
            "api/user-list-calendars.md".into(),
            api("List calendars", "GET /me/calendars\nGET /users/{id}/calendars", CALENDARS),
        ),
        (
            "api/calendargroup-list-calendars.md".into(),
            api(
                "List calendars in a group",
                "GET /me/calendarGroups/{id}/calendars\nGET /users/{id}/calendarGroups/{id}/calendars",
                CALENDARS,
            ),
        ),
    ];
    for (p, t) in extra {
        pages.push(((*p).to_owned(), t.clone()));
    }
    // Enough operations at `/users` and `/me` that they are common roots.
    for i in 0..10 {
        pages.push((
            format!("api/user-action{i}.md"),
            api(
                &format!("user: action{i}"),
                &format!("POST /users/{{id}}/action{i}"),
                "If successful, this action returns a `204 No Content` response code.",
            ),
        ));
    }
    let run = Generator::default().analyse(Input::Pages { pages: &pages, includes: &NoIncludes }).unwrap();
    run.diagnostics
        .iter()
        .filter(|d| d.code == Code::PathNotInModel || d.code == Code::MethodNotAllowed)
        .map(|d| (d.code, d.file.clone(), d.message.clone()))
        .collect()
}

#[test]
fn a_near_spelling_of_a_walked_relationship_is_flagged_with_the_name_that_resolves() {
    let found = flags(&[(
        "api/calendar-get.md",
        api(
            "Get calendar",
            "GET /me/calendarGroups/{id}/calendars/{id}\nGET /users/{id}/calendarGroup/calendars/{id}",
            CALENDARS,
        ),
    )]);
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, file, message) = &found[0];
    assert_eq!((*code, file.as_str()), (Code::PathNotInModel, "api/calendar-get.md"));
    assert!(message.contains("`calendarGroup`") && message.contains("did you mean `calendarGroups`?"), "{message}");
}

#[test]
fn what_the_model_cannot_prove_is_not_flagged() {
    // A step the type does not declare, with no near name: more likely a relationship the
    // page forgot than a wrong path.
    let unknown = flags(&[("api/user-list-people.md", api("List people", "GET /me/people", CALENDARS))]);
    assert!(unknown.is_empty(), "{unknown:?}");
    // The clean tree itself.
    assert!(flags(&[]).is_empty());
}

#[test]
fn post_on_a_function_patch_on_a_collection_and_a_lone_root() {
    let found = flags(&[
        (
            "api/calendar-getschedule.md",
            api("calendar: getSchedule", "POST /me/calendars/{id}/getSchedule(start='{s}')", CALENDARS),
        ),
        ("api/calendar-update.md", api("Update calendars", "PATCH /me/calendars", CALENDARS)),
        ("api/user-get-by-id.md", api("Get a user by id", "GET /user/{id}", USER)),
    ]);
    let codes: Vec<(Code, &str)> = found.iter().map(|(c, f, _)| (*c, f.as_str())).collect();
    assert!(codes.contains(&(Code::MethodNotAllowed, "api/calendar-getschedule.md")), "{found:?}");
    assert!(codes.contains(&(Code::MethodNotAllowed, "api/calendar-update.md")), "{found:?}");
    assert!(codes.contains(&(Code::PathNotInModel, "api/user-get-by-id.md")), "{found:?}");
    assert_eq!(found.len(), 3, "{found:?}");
}
