//! The fidelity rules of the model, on small pages: one canonical page per type
//! and per operation (the resource's own page wins, the others are merged in),
//! shapes from the OData rules rather than from the examples, and the strict
//! example check (every example key typed, or diagnosed).

use graphgen::diagnostics::Diagnostic;
use graphgen::ir::{Ir, ResponseShape};
use graphgen::page::NoIncludes;
use graphgen::{Generator, Input};
use graphgen_tests::{resource_page as resource, resource_page_with as resource_with};

fn analyse(pages: &[(&str, &str)]) -> (Ir, Vec<Diagnostic>) {
    let pages: Vec<(String, String)> = pages.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect();
    let run = Generator::default().analyse(Input::Pages { pages: &pages, includes: &NoIncludes }).unwrap();
    (run.ir, run.diagnostics)
}

fn get_page(path: &str, response_body: &str) -> String {
    format!(
        "---\ntitle: \"Get widget\"\ndoc_type: apiPageType\n---\n# Get widget\n\nRead a widget.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Widget.Read.All|\n\n## HTTP request\n\n```http\n{path}\n```\n\n## Request body\nDo not supply a request body for this method.\n\n## Response\nIf successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.\n\n## Example\n\n### Request\n```http\nGET https://graph.microsoft.com/v1.0/widgets/1\n```\n\n### Response\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{response_body}\n```\n"
    )
}

#[test]
fn the_types_own_page_wins_and_the_others_add_what_they_alone_list() {
    let own = resource("widget", &[("name", "String"), ("size", "Int32")]);
    let intune = resource("widget", &[("name", "Int32"), ("colour", "String")]);
    // The restating page sorts first by path: it must not win by being read first.
    let (ir, diags) = analyse(&[("resources/intune-shared-widget.md", &intune), ("resources/widget.md", &own)]);
    let widget = ir.types.iter().find(|t| t.wire_name == "widget").unwrap();
    assert_eq!(widget.source.file, "resources/widget.md");
    let names: Vec<&str> = widget.properties.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(
        names,
        ["id", "name", "size", "colour"],
        "the key, the own page's rows, then the other page's extra row"
    );
    assert_eq!(widget.properties[3].file.as_deref(), Some("resources/intune-shared-widget.md"));
    assert!(diags.iter().any(|d| d.code == "property-conflict" && d.file == "resources/intune-shared-widget.md"));
    assert!(
        diags.iter().any(|d| d.code == "duplicate-type" && d.message.contains("1 properties only this page lists"))
    );
}

#[test]
fn the_resources_own_api_page_wins_and_the_others_paths_are_added() {
    let own = get_page("GET /widgets/{id}\nGET /me/widget", "{\"id\": \"1\", \"name\": \"w\"}");
    let other = get_page("GET /widgets/{widgetsId}\nGET /deviceManagement/widgets/{id}", "{\"id\": \"1\"}");
    let (ir, diags) = analyse(&[
        ("api/intune-shared-widget-get.md", &other),
        ("api/widget-get.md", &own),
        ("resources/widget.md", &resource("widget", &[("name", "String")])),
    ]);
    let ops: Vec<_> = ir.operations.iter().filter(|o| o.id == "GET /widgets/{}").collect();
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].sources[0].file, "api/widget-get.md");
    let paths: Vec<&str> = ops[0].paths.iter().map(|p| p.template.as_str()).collect();
    assert_eq!(paths, ["/widgets/{id}", "/me/widget", "/deviceManagement/widgets/{id}"]);
    assert!(
        diags.iter().any(|d| d.code == "duplicate-operation" && d.message.contains("1 paths only this page lists"))
    );
}

#[test]
fn an_entity_wrapped_in_value_by_an_example_is_a_diagnosed_disagreement_not_a_shape() {
    let wrapped = get_page("GET /widgets/{id}", "{\"value\": {\"id\": \"1\", \"name\": \"w\"}}");
    let (ir, diags) = analyse(&[
        ("api/widget-get.md", &wrapped),
        ("resources/widget.md", &resource("widget", &[("name", "String")])),
    ]);
    let op = &ir.operations[0];
    assert_eq!(op.response.shape, ResponseShape::Json, "OData sends an entity as a plain object");
    assert!(op.examples[0].response.as_ref().unwrap().body.is_none(), "the example is not used");
    assert!(diags.iter().any(|d| d.code == "example-shape-mismatch"), "{diags:#?}");
}

#[test]
fn every_example_key_is_typed_or_diagnosed() {
    let page = get_page(
        "GET /widgets/{id}",
        "{\"@odata.context\": \"x\", \"id\": \"1\", \"name\": \"w\", \"shape\": \"round\"}",
    );
    let (ir, diags) =
        analyse(&[("api/widget-get.md", &page), ("resources/widget.md", &resource("widget", &[("name", "String")]))]);
    let k = ir.example_keys;
    assert_eq!((k.typed, k.untyped, k.undocumented, k.annotations), (2, 0, 1, 1), "{k:?}");
    let d = diags.iter().find(|d| d.code == "example-property-undocumented").expect("the undocumented key is named");
    assert!(d.message.contains("/response/shape"), "{d}");
}

#[test]
fn a_list_page_returns_a_page_of_items() {
    let page = get_page("GET /widgets", "{\"value\": [{\"id\": \"1\"}]}");
    let (ir, _) =
        analyse(&[("api/widget-list.md", &page), ("resources/widget.md", &resource("widget", &[("name", "String")]))]);
    assert_eq!(ir.operations[0].response.shape, ResponseShape::Collection);
    assert_eq!(ir.example_keys.typed, 1);
}

#[test]
fn an_empty_property_table_falls_back_to_the_json_representation() {
    let page = "---\ntitle: \"settingValue resource type\"\ndoc_type: resourcePageType\n---\n# settingValue resource type\n\nA setting.\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.settingValue\"\n} -->\n```json\n{\n  \"name\": \"string\",\n  \"when\": \"String (timestamp)\",\n  \"parts\": [{\"@odata.type\": \"microsoft.graph.settingValue\"}]\n}\n```\n";
    let (ir, diags) = analyse(&[("resources/settingvalue.md", page)]);
    let t = ir.types.iter().find(|t| t.wire_name == "settingValue").unwrap();
    let props: Vec<(&str, &str)> =
        t.properties.iter().map(|p| (p.wire_name.as_str(), p.written_type.as_str())).collect();
    assert_eq!(props, [("name", "String"), ("parts", "microsoft.graph.settingValue"), ("when", "DateTimeOffset")]);
    assert!(diags.iter().any(|d| d.code == "properties-from-json-representation"), "{diags:#?}");
}

#[test]
fn a_properties_table_headed_relationship_is_still_read() {
    let page = "---\ntitle: \"presence resource type\"\ndoc_type: resourcePageType\n---\n# presence resource type\n\nPresence.\n\n## Properties\n\n| Relationship | Type | Description |\n|:---|:---|:---|\n|availability|String|Availability.|\n|activity|String|Activity.|\n";
    let (ir, diags) = analyse(&[("resources/presence.md", page)]);
    let t = ir.types.iter().find(|t| t.wire_name == "presence").unwrap();
    assert_eq!(t.properties.len(), 2);
    assert!(diags.iter().any(|d| d.code == "table-header-mismatch"));
}

fn function_page(path: &str) -> String {
    format!(
        "---\ntitle: \"reportRoot: getWidgetDetail\"\ndoc_type: apiPageType\n---\n# reportRoot: getWidgetDetail\n\nA report.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Reports.Read.All|\n\n## HTTP request\n\n```http\n{path}\n```\n\n## Function parameters\n\n|Parameter|Type|Description|\n|:---|:---|:---|\n|period|String|The length of time.|\n|top|Int32|How many.|\n\n## Response\nIf successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.\n"
    )
}

#[test]
fn a_functions_parameters_are_path_arguments_not_query_parameters() {
    let page = function_page("GET /reports/getWidgetDetail(period='{period_value}')");
    let (ir, _) = analyse(&[
        ("api/reportroot-getwidgetdetail.md", &page),
        ("resources/widget.md", &resource("widget", &[("name", "String")])),
    ]);
    let op = &ir.operations[0];
    let names: Vec<&str> = op.query_parameters.iter().map(|q| q.wire_name.as_str()).collect();
    assert_eq!(names, ["top"], "period is the path's argument, not also `?period=`");
    assert_eq!(op.paths[0].params[0].wire_name, "period_value");
}

#[test]
fn a_drive_item_path_is_one_path_valued_parameter() {
    let page = get_page("GET /me/drive/root:/{item-path}:/content", "{}");
    let (ir, _) = analyse(&[("api/driveitem-get-content.md", &page)]);
    let op = &ir.operations[0];
    assert!(op.paths[0].params[0].path_valued);
    assert_eq!(op.response.shape, ResponseShape::Binary, "`/content` is bytes");
}

#[test]
fn a_templates_query_placeholders_are_arguments_and_expressions_are_not_sent() {
    let page = get_page(
        "GET /me/calendarView?startDateTime={start_datetime}&endDateTime={end_datetime}&$top=5&$filter=id eq '{id}'",
        "{\"value\": []}",
    );
    let (ir, _) = analyse(&[("api/user-list-calendarview.md", &page)]);
    let path = &ir.operations[0].paths[0];
    let args: Vec<(&str, &str)> = path.query_params.iter().map(|q| (q.key.as_str(), q.rust_name.as_str())).collect();
    assert_eq!(args, [("startDateTime", "start_datetime"), ("endDateTime", "end_datetime")]);
    assert_eq!(path.fixed_query, ["$top=5"], "the pair with a placeholder inside an expression is not sent");
}

/// A GET page with its own response prose and examples (each an annotation and a body).
fn page_with_responses(prose: &str, responses: &[(&str, &str, &str)]) -> String {
    let mut page = format!(
        "---\ntitle: \"Get widget\"\ndoc_type: apiPageType\n---\n# Get widget\n\nRead a widget.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Widget.Read.All|\n\n## HTTP request\n\n```http\nGET /widgets/{{id}}\n```\n\n## Request body\nDo not supply a request body for this method.\n\n## Response\n{prose}\n\n## Examples\n"
    );
    for (status, annotated, body) in responses {
        page.push_str(&format!(
            "\n### Request\n```http\nGET https://graph.microsoft.com/v1.0/widgets/1\n```\n\n### Response\n<!-- {{\n  \"blockType\": \"response\",\n  \"@odata.type\": \"{annotated}\"\n}} -->\n```http\nHTTP/1.1 {status}\nContent-Type: application/json\n\n{body}\n```\n"
        ));
    }
    page
}

fn widget_and_gadget() -> [(&'static str, String); 2] {
    [
        ("resources/widget.md", resource("widget", &[("name", "String"), ("size", "Int32")])),
        ("resources/gadget.md", resource("gadget", &[("colour", "String")])),
    ]
}

fn with_types<'a>(page: &'a str, types: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("api/widget-get.md", page)];
    all.extend(types.iter().map(|(p, t)| (*p, t.as_str())));
    all
}

fn response_type(ir: &Ir) -> Option<&str> {
    match ir.operations[0].response.ty.as_ref()? {
        graphgen::ir::TypeRef::Named { wire_name, .. } => Some(wire_name),
        _ => None,
    }
}

#[test]
fn a_response_the_prose_names_no_type_for_takes_the_type_its_annotation_names() {
    let page = page_with_responses(
        "If successful, this method returns a `200 OK` response code and the widget.",
        &[("200 OK", "microsoft.graph.widget", "{\"id\": \"1\", \"name\": \"w\"}")],
    );
    let types = widget_and_gadget();
    let (ir, diags) = analyse(&with_types(&page, &types));
    assert_eq!(response_type(&ir), Some("widget"));
    assert_eq!(ir.operations[0].response.shape, ResponseShape::Json);
    assert!(diags.iter().any(|d| d.code == "response-type-from-annotation"), "{diags:#?}");
    assert!(!diags.iter().any(|d| d.code == "response-type-unknown"));
    assert_eq!(ir.example_keys.typed, 2);
}

#[test]
fn no_content_in_the_prose_wins_over_an_example_with_a_body() {
    let page = page_with_responses(
        "If successful, this method returns a `204 No Content` response code.",
        &[("204 No Content", "microsoft.graph.widget", "{\"id\": \"1\"}")],
    );
    let types = widget_and_gadget();
    let (ir, diags) = analyse(&with_types(&page, &types));
    assert_eq!(ir.operations[0].response.shape, ResponseShape::NoContent);
    assert!(diags.iter().any(|d| d.code == "example-shape-mismatch"), "{diags:#?}");
}

#[test]
fn the_annotation_wins_over_the_prose_when_every_example_has_its_keys() {
    let prose = "If successful, this method returns a `200 OK` response code and a [gadget](../resources/gadget.md) object in the response body.";
    let page = page_with_responses(prose, &[("200 OK", "microsoft.graph.widget", "{\"name\": \"w\", \"size\": 2}")]);
    let types = widget_and_gadget();
    let (ir, diags) = analyse(&with_types(&page, &types));
    assert_eq!(response_type(&ir), Some("widget"));
    let d = diags.iter().find(|d| d.code == "response-type-conflict").expect("the conflict is diagnosed");
    assert!(d.message.contains("`gadget`") && d.message.contains("`widget`"), "{d}");
    assert_eq!(ir.example_keys.typed, 2);

    // One example of the prose's type: the operation keeps it, the other example is read as its own type.
    let page = page_with_responses(
        prose,
        &[
            ("200 OK", "microsoft.graph.gadget", "{\"colour\": \"red\"}"),
            ("200 OK", "microsoft.graph.widget", "{\"name\": \"w\", \"size\": 2}"),
        ],
    );
    let (ir, diags) = analyse(&with_types(&page, &types));
    assert_eq!(response_type(&ir), Some("gadget"));
    assert!(diags.iter().any(|d| d.code == "example-of-another-type"), "{diags:#?}");
    assert_eq!(ir.example_keys.typed, 3, "{:?}", ir.example_keys);
    assert!(ir.operations[0].examples[1].response.as_ref().unwrap().body.is_none(), "not a round trip of gadget");
}

#[test]
fn an_annotation_naming_a_derived_type_keeps_the_base_type() {
    let prose = "If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.";
    let page = page_with_responses(prose, &[("200 OK", "microsoft.graph.bigWidget", "{\"name\": \"w\", \"heft\": 9}")]);
    let big = "---\ntitle: \"bigWidget resource type\"\ndoc_type: resourcePageType\n---\n# bigWidget resource type\n\nA big widget, derived from [widget](widget.md).\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|heft|Int32|How heavy.|\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.bigWidget\",\n  \"baseType\": \"\"\n} -->\n```json\n{}\n```\n";
    let types = widget_and_gadget();
    let mut pages = with_types(&page, &types);
    pages.push(("resources/bigwidget.md", big));
    let (ir, diags) = analyse(&pages);
    let t = ir.types.iter().find(|t| t.wire_name == "bigWidget").unwrap();
    assert_eq!(t.base_type.as_deref(), Some("widget"), "\"derived from [widget]\" names the base type");
    assert_eq!(response_type(&ir), Some("widget"), "a derived type is the base type's case");
    assert!(!diags.iter().any(|d| d.code == "response-type-conflict" || d.code == "example-of-another-type"));
    assert_eq!(ir.example_keys.typed, 2, "read as bigWidget: {:?}", ir.example_keys);
}

#[test]
fn an_error_response_example_is_not_checked_against_the_operations_type() {
    let prose = "If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.";
    let page = page_with_responses(
        prose,
        &[("422", "microsoft.graph.widget", "{\"error\": {\"code\": \"Request_UnprocessableEntity\"}}")],
    );
    let types = widget_and_gadget();
    let (ir, diags) = analyse(&with_types(&page, &types));
    let k = ir.example_keys;
    assert_eq!((k.typed, k.untyped, k.undocumented), (0, 0, 0), "{k:?}");
    assert!(!diags.iter().any(|d| d.code.as_str().starts_with("example-")), "{diags:#?}");
}

/// An action page with a parameter table and example request bodies.
fn action_page(intro: &str, rows: &[(&str, &str, &str)], bodies: &[&str]) -> String {
    let mut page = format!(
        "---\ntitle: \"widget: polish\"\ndoc_type: apiPageType\n---\n# widget: polish\n\nPolish a widget.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Widget.ReadWrite.All|\n\n## HTTP request\n\n```http\nPOST /widgets/{{id}}/polish\n```\n\n## Request body\n\n{intro}\n\n| Parameter | Type | Description |\n|:---|:---|:---|\n"
    );
    for (name, ty, description) in rows {
        page.push_str(&format!("|{name}|{ty}|{description}|\n"));
    }
    page.push_str(
        "\n## Response\n\nIf successful, this action returns a `204 No Content` response code.\n\n## Examples\n",
    );
    for body in bodies {
        page.push_str(&format!(
            "\n### Request\n```http\nPOST https://graph.microsoft.com/v1.0/widgets/1/polish\nContent-Type: application/json\n\n{body}\n```\n\n### Response\n```http\nHTTP/1.1 204 No Content\n```\n"
        ));
    }
    page
}

fn body_type(ir: &Ir) -> &graphgen::ir::ComplexType {
    let graphgen::ir::RequestBodyIr::Json { ty: graphgen::ir::TypeRef::Named { rust_name, .. } } =
        &ir.operations[0].request_body
    else {
        panic!("a typed body: {:?}", ir.operations[0].request_body)
    };
    ir.types.iter().find(|t| &t.rust_name == rust_name).unwrap()
}

#[test]
fn required_action_parameters_are_plain_fields_unless_an_example_leaves_them_out() {
    let rows = [
        ("Polish", "String", "The polish to use. Required."),
        ("times", "Int32", "How often. Required."),
        ("note", "String", "Required if the polish is new."),
    ];
    let page = action_page(
        "In the request body, provide a JSON object with the following parameters.",
        &rows,
        &["{\"polish\": \"wax\", \"times\": 2}", "{\"polish\": \"oil\"}"],
    );
    let (ir, diags) = analyse(&[("api/widget-polish.md", &page)]);
    let t = body_type(&ir);
    let fields: Vec<(&str, bool)> = t.properties.iter().map(|p| (p.wire_name.as_str(), p.required)).collect();
    assert_eq!(fields, [("polish", true), ("times", false), ("note", false)]);
    assert!(diags.iter().any(|d| d.code == "parameter-name-case" && d.message.contains("Polish")), "{diags:#?}");
    assert!(diags.iter().any(|d| d.code == "required-parameter-not-sent" && d.message.contains("times")));
}

#[test]
fn parameters_every_example_sends_inside_one_property_are_that_propertys() {
    let rows = [("displayName", "String", "A name. Optional."), ("endDateTime", "DateTimeOffset", "When. Optional.")];
    let page = action_page(
        "In the request body, provide an optional `passwordCredential` object with the following properties.",
        &rows,
        &["{\"passwordCredential\": {\"displayName\": \"n\"}}"],
    );
    let credential = resource(
        "passwordCredential",
        &[("displayName", "String"), ("endDateTime", "DateTimeOffset"), ("secretText", "String")],
    );
    let (ir, diags) = analyse(&[("api/widget-polish.md", &page), ("resources/passwordcredential.md", &credential)]);
    let t = body_type(&ir);
    assert_eq!(t.properties.len(), 1);
    assert_eq!(t.properties[0].wire_name, "passwordCredential");
    assert!(
        matches!(&t.properties[0].ty, graphgen::ir::TypeRef::Named { wire_name, .. } if wire_name == "passwordCredential"),
        "the documented type: {:?}",
        t.properties[0].ty
    );
    assert!(diags.iter().any(|d| d.code == "parameters-wrapped"), "{diags:#?}");
    let k = ir.example_keys;
    assert_eq!((k.typed, k.untyped, k.undocumented), (2, 0, 0), "{k:?}");
}

fn page_from(sections: &str) -> String {
    format!(
        "---\ntitle: \"List widgets\"\ndoc_type: apiPageType\n---\n# List widgets\n\nList widgets.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Widget.Read.All|\n\n## HTTP request\n\n```http\nGET /widgets/delta\n```\n\n{sections}"
    )
}

#[test]
fn a_response_and_examples_under_the_request_body_are_sections_of_their_own() {
    // directoryrole-delta.md: `### Response` and `### Example` under `## Request body`.
    let page = page_from(
        "## Request body\n\nDo not supply a request body for this method.\n\n### Response\n\nIf successful, this method returns `200 OK` response code and [widget](../resources/widget.md) collection object in the response body.\n\n### Example\n\n##### Request\n```http\nGET https://graph.microsoft.com/v1.0/widgets/delta\n```\n\n##### Response\n<!-- {\n  \"blockType\": \"response\",\n  \"@odata.type\": \"microsoft.graph.widget\",\n  \"isCollection\": true\n} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"@odata.deltaLink\": \"x\", \"value\": [{\"name\": \"w\"}]}\n```\n",
    );
    let types = widget_and_gadget();
    let mut pages = vec![("api/widget-delta.md", page.as_str())];
    pages.extend(types.iter().map(|(p, t)| (*p, t.as_str())));
    let (ir, diags) = analyse(&pages);
    assert_eq!(ir.operations[0].response.shape, ResponseShape::Collection, "{diags:#?}");
    assert_eq!(response_type(&ir), Some("widget"));
    assert_eq!(ir.operations[0].examples.len(), 1);
    assert_eq!(ir.example_keys.typed, 1);
    assert!(!diags.iter().any(|d| d.code == "no-response-section"));
}

#[test]
fn a_response_shown_in_the_response_section_names_the_type_and_an_error_status_is_not_the_responses() {
    // site-search.md: the response under `## Response`, annotated with `@type`;
    // drive-get.md: "an `HTTP 404` response will be returned" if the drive does not exist.
    let page = page_from(
        "## Response\n\nIf the widget does not exist, an `HTTP 404` response will be returned.\n\n<!-- { \"blockType\": \"response\", \"@type\": \"Collection(microsoft.graph.widget)\", \"truncated\": true } -->\n\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"value\": []}\n```\n",
    );
    let types = widget_and_gadget();
    let mut pages = vec![("api/widget-search.md", page.as_str())];
    pages.extend(types.iter().map(|(p, t)| (*p, t.as_str())));
    let (ir, diags) = analyse(&pages);
    let response = &ir.operations[0].response;
    assert_eq!((response.status, response.shape), (Some(200), ResponseShape::Collection), "{diags:#?}");
    assert_eq!(response_type(&ir), Some("widget"));
    assert!(diags.iter().any(|d| d.code == "response-type-from-annotation"));
}

/// A page of `request` (method and path) whose request body section says `body_prose`.
fn body_page(title: &str, request: &str, body_prose: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n# {title}\n\nA page.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Widget.ReadWrite.All|\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Request body\n\n{body_prose}\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n"
    )
}

fn request_type(ir: &Ir) -> Option<&str> {
    match &ir.operations[0].request_body {
        graphgen::ir::RequestBodyIr::Json { ty: graphgen::ir::TypeRef::Named { wire_name, .. } } => Some(wire_name),
        graphgen::ir::RequestBodyIr::Json { .. } => Some("untyped"),
        _ => None,
    }
}

#[test]
fn request_bodies_the_prose_names_no_table_for() {
    let types = widget_and_gadget();
    let run = |file: &str, page: String| {
        let mut pages = vec![(file, page.as_str())];
        pages.extend(types.iter().map(|(p, t)| (*p, t.as_str())));
        let (ir, diags) = analyse(&pages);
        (request_type(&ir).map(str::to_owned), diags)
    };
    // An update that says "supply the values for relevant fields": the entity it updates.
    let (ty, diags) = run(
        "api/widget-update.md",
        body_page(
            "Update widget",
            "PATCH /widgets/{id}",
            "In the request body, supply the values for relevant fields that should be updated.",
        ),
    );
    assert_eq!(ty.as_deref(), Some("widget"));
    assert!(diags.iter().any(|d| d.code == "request-body-from-resource"));
    // "Provide the new [gadget](…) object": the linked type.
    let (ty, _) = run(
        "api/gadget-post.md",
        body_page(
            "Create gadget",
            "POST /gadgets",
            "Provide the new [gadget](../resources/gadget.md) object in the request body.",
        ),
    );
    assert_eq!(ty.as_deref(), Some("gadget"));
    // An action whose section is empty, or says it needs none, sends nothing.
    let (ty, _) =
        run("api/widget-clearfilters.md", body_page("widget: clearFilters", "POST /widgets/{id}/clearFilters", ""));
    assert_eq!(ty, None);
    let (ty, _) = run("api/widget-archive.md", body_page("Archive widget", "POST /widgets/{id}/archive", ""));
    assert_eq!(ty, None, "a verb-like last segment is an action");
    // "Do not include a [gadget](…)": not a body.
    let (ty, _) = run(
        "api/widget-archive.md",
        body_page(
            "Archive widget",
            "POST /widgets/{id}/archive",
            "Do not include a [gadget](../resources/gadget.md) object.",
        ),
    );
    assert_ne!(ty.as_deref(), Some("gadget"));
    let (ty, _) = run(
        "api/widget-closesession.md",
        body_page("Close session", "POST /widgets/closeSession", "This API does not require any request body."),
    );
    assert_eq!(ty, None);
}

#[test]
fn a_create_pages_required_properties_are_checked_by_the_function_not_by_the_type() {
    let page = "---\ntitle: \"Create widget\"\ndoc_type: apiPageType\n---\n# Create widget\n\nCreate a widget.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Widget.ReadWrite.All|\n\n## HTTP request\n\n```http\nPOST /widgets\n```\n\n## Request body\n\nThe following table shows the properties of the [widget](../resources/widget.md) resource to specify when you create a widget.\n\n| Property | Type | Description |\n|:---|:---|:---|\n|name|String|The name. Required.|\n|size|Int32|How big. Optional.|\n\n## Response\n\nIf successful, this method returns a `201 Created` response code and a [widget](../resources/widget.md) object in the response body.\n";
    let pages: Vec<(String, String)> = vec![
        ("api/widget-post.md".to_owned(), page.to_owned()),
        ("resources/widget.md".to_owned(), resource("widget", &[("name", "String"), ("size", "Int32")])),
    ];
    let run = graphgen_tests::generate_pages(graphgen_tests::default_settings(), &pages, &NoIncludes);
    let op = &run.ir.operations[0];
    assert_eq!(request_type(&run.ir), Some("widget"), "a create sends the entity it creates");
    let required: Vec<(&str, &str)> =
        op.required_body.iter().map(|r| (r.wire_name.as_str(), r.rust_name.as_str())).collect();
    assert_eq!(required, [("name", "name")]);
    let widget = run.ir.types.iter().find(|t| t.wire_name == "widget").unwrap();
    assert!(widget.properties.iter().all(|p| !p.required), "the entity's fields stay optional");
    let code: String = run.files.iter().filter(|f| f.path.ends_with(".rs")).map(|f| f.contents.as_str()).collect();
    assert!(
        code.contains("rt::Error::MissingRequired") && code.contains("property: \"name\""),
        "the function checks before sending"
    );
}

#[test]
fn a_functions_typed_parameters_are_typed_arguments() {
    let page = "---\ntitle: \"reportRoot: getWidgetDetail\"\ndoc_type: apiPageType\n---\n# reportRoot: getWidgetDetail\n\nA report.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Reports.Read.All|\n\n## HTTP request\n\n```http\nGET /reports/getWidgetDetail(date={date_value},top={top})\n```\n\n## Function parameters\n\n|Parameter|Type|Description|\n|:---|:---|:---|\n|date|Date|The day.|\n|top|Int32|How many.|\n\n## Response\nIf successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.\n\n## Example\n\n### Request\n```http\nGET https://graph.microsoft.com/v1.0/reports/getWidgetDetail(date=2019-01-01,top=5)\n```\n\n### Response\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"name\": \"w\"}\n```\n";
    let pages: Vec<(String, String)> = vec![
        ("api/reportroot-getwidgetdetail.md".to_owned(), page.to_owned()),
        ("resources/widget.md".to_owned(), resource("widget", &[("name", "String")])),
    ];
    let run = graphgen_tests::generate_pages(graphgen_tests::default_settings(), &pages, &NoIncludes);
    let file = |suffix: &str| -> String {
        run.files.iter().filter(|f| f.path.ends_with(suffix)).map(|f| f.contents.clone()).collect()
    };
    let code = file("reports.rs");
    assert!(code.contains("date_value: &rt::Date") && code.contains("top: i32"), "{code}");
    assert!(code.contains(".segment(date_value.as_str())") && code.contains(".segment(&top.to_string())"));
    let tests: String = file("tests/examples/reports.rs").split_whitespace().collect();
    assert!(
        tests.contains(".reports().get_widget_detail(&arg::<graphgen_runtime::Date>(\"2019-01-01\"),5i32)"),
        "{tests}"
    );
    assert!(tests.contains("\"/reports/getWidgetDetail(date=2019-01-01,top=5)\""), "the example's path is compared");
}

#[test]
fn an_open_dictionary_has_no_placeholder_properties_and_its_keys_are_dynamic() {
    let dictionary = "---\ntitle: \"widgetAssignments resource type\"\ndoc_type: resourcePageType\n---\n# widgetAssignments resource type\n\nAn open type: each property name is the ID of a user.\n\n## Properties\n\nProperties of an Open Type can be defined by the client.\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"openType\": true,\n  \"optionalProperties\": [ \"String-value\" ],\n  \"@odata.type\": \"microsoft.graph.widgetAssignments\"\n} -->\n```json\n{\n  \"String-value\": true\n}\n```\n";
    let widget = resource("widget", &[("assignments", "[widgetAssignments](widgetassignments.md)")]);
    let page = get_page("GET /widgets/{id}", "{\"assignments\": {\"fbab97d0-4932-4511-b675-204639209557\": true}}");
    let (ir, diags) = analyse(&[
        ("api/widget-get.md", &page),
        ("resources/widget.md", &widget),
        ("resources/widgetassignments.md", dictionary),
    ]);
    let t = ir.types.iter().find(|t| t.wire_name == "widgetAssignments").unwrap();
    assert!(t.properties.is_empty(), "\"String-value\" is no property: {:?}", t.properties);
    assert!(t.dynamic_only);
    let k = ir.example_keys;
    assert_eq!((k.typed, k.dynamic, k.untyped, k.undocumented), (1, 1, 0, 0), "{k:?}");
    assert!(diags.iter().any(|d| d.code == "open-type-dynamic-properties"), "{diags:#?}");
}

#[test]
fn a_table_name_every_example_spells_otherwise_takes_the_examples_spelling() {
    let widget = resource("widget", &[("filename", "String"), ("riskLevelDuringSignIn", "String")]);
    // `fileName` marks a word the table's `filename` lost; `riskLevelDuringsignIn` lost one
    // the table has, so the table's spelling stays.
    let page = get_page("GET /widgets/{id}", "{\"fileName\": \"a.csv\", \"riskLevelDuringsignIn\": \"low\"}");
    let (ir, diags) = analyse(&[("api/widget-get.md", &page), ("resources/widget.md", &widget)]);
    let t = ir.types.iter().find(|t| t.wire_name == "widget").unwrap();
    let names: Vec<(&str, &str)> = t.properties.iter().map(|p| (p.wire_name.as_str(), p.rust_name.as_str())).collect();
    assert_eq!(
        names,
        [("id", "id"), ("fileName", "file_name"), ("riskLevelDuringSignIn", "risk_level_during_sign_in")]
    );
    assert_eq!(diags.iter().filter(|d| d.code == "property-name-case").count(), 1, "{diags:#?}");
    assert_eq!((ir.example_keys.typed, ir.example_keys.untyped), (1, 1));
}

#[test]
fn a_base_type_every_example_proves_is_the_types_base() {
    let tracked = resource_with(
        "trackedThing",
        "A tracked thing.",
        "",
        &[("id", "String"), ("createdDateTime", "DateTimeOffset"), ("lastModifiedBy", "String")],
    );
    let shift = resource_with(
        "shiftThing",
        "A shift.",
        "\n  \"baseType\": \"microsoft.graph.trackedThing\",",
        &[("hours", "Int32")],
    );
    // The page names no base type; every example has all of `trackedThing`'s properties.
    let widget = resource_with("widget", "A widget.", "\n  \"baseType\": \"\",", &[("name", "String")]);
    let page = get_page(
        "GET /widgets/{id}",
        "{\"id\": \"1\", \"name\": \"w\", \"createdDateTime\": \"2019-01-01T00:00:00Z\", \"lastModifiedBy\": \"me\"}",
    );
    let (ir, diags) = analyse(&[
        ("api/widget-get.md", &page),
        ("resources/widget.md", &widget),
        ("resources/trackedthing.md", &tracked),
        ("resources/shiftthing.md", &shift),
    ]);
    let t = ir.types.iter().find(|t| t.wire_name == "widget").unwrap();
    assert_eq!(t.base_type.as_deref(), Some("trackedThing"));
    let names: Vec<&str> = t.properties.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(names, ["id", "createdDateTime", "lastModifiedBy", "name"]);
    assert_eq!(t.properties[1].inherited_from.as_deref(), Some("trackedThing"));
    assert!(diags.iter().any(|d| d.code == "base-type-from-examples" && d.file == "resources/widget.md"));
    assert_eq!((ir.example_keys.typed, ir.example_keys.untyped), (4, 0), "{:?}", ir.example_keys);
}

#[test]
fn one_shared_property_proves_no_base_type() {
    // Every entity has an `id`: a base with one property, or a tie, is no evidence.
    let thing = resource_with("thing", "A thing.", "", &[("id", "String")]);
    let other = resource_with("other", "An other.", "\n  \"baseType\": \"microsoft.graph.thing\",", &[("x", "Int32")]);
    let widget = resource_with("widget", "A widget.", "", &[("name", "String")]);
    let page = get_page("GET /widgets/{id}", "{\"id\": \"1\", \"name\": \"w\"}");
    let (ir, diags) = analyse(&[
        ("api/widget-get.md", &page),
        ("resources/widget.md", &widget),
        ("resources/thing.md", &thing),
        ("resources/other.md", &other),
    ]);
    let t = ir.types.iter().find(|t| t.wire_name == "widget").unwrap();
    assert_eq!(t.base_type, None);
    assert!(!diags.iter().any(|d| d.code == "base-type-from-examples"));
}

#[test]
fn a_subclass_of_a_linked_type_is_derived_from_it() {
    let base = resource_with("educationThing", "A thing.", "", &[("displayName", "String")]);
    let link = resource_with(
        "educationLinkThing",
        "A subclass of [educationThing](educationthing.md). This one is a link.",
        "",
        &[("link", "String")],
    );
    let (ir, _) = analyse(&[("resources/educationthing.md", &base), ("resources/educationlinkthing.md", &link)]);
    let t = ir.types.iter().find(|t| t.wire_name == "educationLinkThing").unwrap();
    assert_eq!(t.base_type.as_deref(), Some("educationThing"));
    assert!(t.properties.iter().any(|p| p.wire_name == "displayName"));
}

#[test]
fn an_open_types_undeclared_members_are_dynamic_properties_and_property_annotations_are_annotations() {
    let widget = resource_with("widget", "A widget.", "\n  \"openType\": true,", &[("name", "String")]);
    let page = get_page(
        "GET /widgets/{id}",
        "{\"name\": \"w\", \"dealValue\": 500, \"members@delta\": [], \"members@odata.nextLink\": \"x\"}",
    );
    let (ir, diags) = analyse(&[("api/widget-get.md", &page), ("resources/widget.md", &widget)]);
    let k = ir.example_keys;
    assert_eq!((k.typed, k.dynamic, k.untyped, k.undocumented, k.annotations), (1, 1, 0, 0, 2), "{k:?}");
    let note = diags.iter().find(|d| d.code == "example-property-dynamic").expect("the dynamic key is noted");
    assert!(note.message.contains("/response/dealValue") && note.message.contains("`widget`"), "{}", note.message);
    let t = ir.types.iter().find(|t| t.wire_name == "widget").unwrap();
    assert!(t.open_type && !t.dynamic_only);
}

#[test]
fn a_page_with_two_methods_documents_two_operations() {
    let page = "---\ntitle: \"Unfollow widget\"\ndoc_type: apiPageType\n---\n# Unfollow widget\n\nStop following a widget.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Widget.Read.All|\n\n## HTTP request\n\n```http\nDELETE /me/following/{id}\nPOST /me/widgets/{id}/unfollow\n```\n\n## Request body\nDo not supply a request body for this method.\n\n## Response\nIf successful, this method returns a `204 No Content` response code.\n";
    let (ir, diags) = analyse(&[("api/widget-unfollow.md", page)]);
    let ops: Vec<(&str, &str)> =
        ir.operations.iter().map(|o| (o.method.as_str(), o.paths[0].template.as_str())).collect();
    assert_eq!(ops.len(), 2, "{ops:?}");
    assert!(ops.contains(&("DELETE", "/me/following/{id}")) && ops.contains(&("POST", "/me/widgets/{id}/unfollow")));
    assert!(ir.operations.iter().all(|o| o.paths.len() == 1), "no path under another method");
    assert!(diags.iter().any(|d| d.code == "page-methods-split"), "{diags:#?}");
}

#[test]
fn a_restating_pages_paths_to_another_resource_are_not_the_restated_operations() {
    let returns = |t: &str| {
        format!(
            "If successful, this method returns a `200 OK` response code and a [{t}](../resources/{t}.md) object in the response body."
        )
    };
    let page = |title: &str, lines: &str, t: &str| {
        format!(
            "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n# {title}\n\nRead it.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Mail.Read|\n\n## HTTP request\n\n```http\n{lines}\n```\n\n## Request body\nDo not supply a request body for this method.\n\n## Response\n{}\n",
            returns(t)
        )
    };
    let message_get = page("Get message", "GET /me/messages/{id}", "message");
    // The extended-property page lists a message, and an event, under one `GET`.
    let extended = page(
        "Get singleValueLegacyExtendedProperty",
        "GET /me/messages/{id}\nGET /me/events/{id}\nGET /me/contacts/{id}",
        "message",
    );
    let event_get = page("Get event", "GET /me/events/{id}", "event");
    let (ir, _) = analyse(&[
        ("api/message-get.md", &message_get),
        ("api/singlevaluelegacyextendedproperty-get.md", &extended),
        ("api/event-get.md", &event_get),
        ("resources/message.md", &resource("message", &[("subject", "String")])),
        ("resources/event.md", &resource("event", &[("subject", "String")])),
    ]);
    let paths = |id: &str| -> Vec<String> {
        ir.operations.iter().filter(|o| o.id == id).flat_map(|o| o.paths.iter().map(|p| p.template.clone())).collect()
    };
    assert_eq!(paths("GET /me/messages/{}"), ["/me/messages/{id}"], "an event is no message");
    assert_eq!(paths("GET /me/events/{}"), ["/me/events/{id}"], "the event's own page keeps its operation");
    assert_eq!(paths("GET /me/contacts/{}"), ["/me/contacts/{id}"], "what only the restating page lists is kept");
    let event = ir.operations.iter().find(|o| o.id == "GET /me/events/{}").unwrap();
    assert_eq!(event.sources[0].file, "api/event-get.md");
}
