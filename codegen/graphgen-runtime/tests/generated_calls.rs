//! The runtime calls graphgen's emitter writes (`codegen/graphgen/src/emit/`),
//! in the shape it writes them: the hidden plumbing must keep these paths,
//! names and signatures. The committed generated crate has no options type,
//! so this is where `apply` is compiled and run.

use graphgen_runtime as rt;

/// An options type as `emit_options` writes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListThingsOptions {
    pub count: Option<bool>,
    pub expand: Vec<String>,
    pub filter: Option<String>,
    pub orderby: Vec<String>,
    pub search: Option<String>,
    pub select: Vec<String>,
    pub skip: Option<u64>,
    pub top: Option<u64>,
    pub start_date_time: Option<String>,
    pub consistency_level: Option<String>,
}

impl ListThingsOptions {
    pub fn apply<T>(&self, request: rt::Request<T>) -> Result<rt::Request<T>, rt::Error> {
        #[allow(unused_mut)]
        let mut request = request;
        let mut odata = rt::ODataQuery::new();
        if let Some(v) = self.count {
            odata = odata.count(v);
        }
        if !self.expand.is_empty() {
            odata = odata.expand(self.expand.iter().cloned());
        }
        if let Some(v) = &self.filter {
            odata = odata.filter(v.clone());
        }
        if !self.orderby.is_empty() {
            odata = odata.orderby(self.orderby.iter().cloned());
        }
        if let Some(v) = &self.search {
            odata = odata.search(v);
        }
        if !self.select.is_empty() {
            odata = odata.select(self.select.iter().cloned());
        }
        if let Some(v) = self.skip {
            odata = odata.skip(v);
        }
        if let Some(v) = self.top {
            odata = odata.top(v);
        }
        request = request.with_query(&odata)?;
        let mut pairs = rt::QueryBuilder::new();
        if let Some(v) = &self.start_date_time {
            pairs.push("startDateTime", v.clone());
        }
        request = request.with_query_pairs(&pairs)?;
        if let Some(v) = &self.consistency_level {
            request = request.with_header("ConsistencyLevel", v)?;
        }
        Ok(request)
    }
}

/// A resource type as `emit_types` writes it (secret field, `@odata.type`).
#[derive(Clone, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Thing {
    #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(rename = "id", default, skip_serializing_if = "rt::Nullable::is_absent")]
    pub id: rt::Nullable<String>,
    #[serde(rename = "secret", default, skip_serializing_if = "rt::Nullable::is_absent")]
    pub secret: rt::Nullable<String>,
    #[serde(rename = "when", default, skip_serializing_if = "rt::Nullable::is_absent")]
    pub when: rt::Nullable<rt::DateTimeOffset>,
    #[serde(flatten)]
    pub additional_properties: ::std::collections::BTreeMap<String, rt::serde_json::Value>,
}

impl ::std::fmt::Debug for Thing {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Thing").field("id", &self.id).field("secret", &rt::redact_nullable(&self.secret)).finish()
    }
}

impl rt::ODataType for Thing {
    const ODATA_TYPE: &'static str = "microsoft.graph.thing";
    fn odata_type_annotation(&self) -> Option<&str> {
        self.odata_type.as_deref()
    }
}

/// Endpoint functions as `emit_operation` writes them.
pub fn list_things(owner_id: &str) -> Result<rt::Request<rt::Page<Thing>>, rt::Error> {
    let path = rt::PathBuilder::new().lit("/owners/").segment(owner_id).lit("/things").finish();
    rt::RequestBuilder::new(rt::http::Method::GET, path).build(rt::ResponseShape::Collection)
}

pub fn get_thing_by_name(name: &str) -> Result<rt::Request<Thing>, rt::Error> {
    let path = rt::PathBuilder::new().lit("/things(name='").quoted(name).lit("')").finish();
    let path = path + "?" + "$format=json";
    rt::RequestBuilder::new(rt::http::Method::GET, path).build(rt::ResponseShape::Json)
}

pub fn update_thing(id: &str, body: &Thing) -> Result<rt::Request<()>, rt::Error> {
    let path = rt::PathBuilder::new().lit("/things/").segment(id).finish();
    rt::RequestBuilder::new(rt::http::Method::PATCH, path).json_body(body)?.build(rt::ResponseShape::NoContent)
}

pub fn upload_content(id: &str, content_type: &str, body: Vec<u8>) -> Result<rt::Request<Vec<u8>>, rt::Error> {
    let path = rt::PathBuilder::new().lit("/things/").segment(id).lit("/content").finish();
    rt::RequestBuilder::new(rt::http::Method::PUT, path).bytes_body(content_type, body)?.build(rt::ResponseShape::Raw)
}

pub fn status(id: &str) -> Result<rt::Request<String>, rt::Error> {
    let path = rt::PathBuilder::new().lit("/things/").segment(id).lit("/status").finish();
    rt::RequestBuilder::new(rt::http::Method::POST, path).build(rt::ResponseShape::ValueWrapped)
}

#[test]
fn options_apply_odata_options_pairs_and_headers() {
    let options = ListThingsOptions {
        select: vec!["id".into()],
        filter: Some("id eq 'a&b'".into()),
        top: Some(5),
        start_date_time: Some("2024-01-01T00:00:00Z".into()),
        consistency_level: Some("eventual".into()),
        ..Default::default()
    };
    let request = options.apply(list_things("o/1").unwrap()).unwrap();
    assert_eq!(
        request.path_and_query(),
        "/owners/o%2F1/things?$select=id&$filter=id%20eq%20'a%26b'&$top=5&startDateTime=2024-01-01T00:00:00Z"
    );
    assert_eq!(request.headers()["consistencylevel"], "eventual");
    let untouched = ListThingsOptions::default().apply(list_things("o").unwrap()).unwrap();
    assert_eq!(untouched.path_and_query(), "/owners/o/things");
}

#[test]
fn endpoint_functions_build_their_requests() {
    let by_name =
        ListThingsOptions { top: Some(1), ..Default::default() }.apply(get_thing_by_name("O'Brien").unwrap()).unwrap();
    assert_eq!(by_name.path_and_query(), "/things(name='O%27%27Brien')?$format=json&$top=1");

    let body = Thing { id: "1".to_owned().into(), secret: "s3cr3t".to_owned().into(), ..Default::default() };
    let update = update_thing("1", &body).unwrap();
    assert_eq!(update.body(), br#"{"id":"1","secret":"s3cr3t"}"#);
    assert!(!format!("{body:?}").contains("s3cr3t"));
    assert_eq!(upload_content("1", "text/plain", b"hi".to_vec()).unwrap().headers()["content-type"], "text/plain");
    assert_eq!(status("1").unwrap().shape(), rt::ResponseShape::ValueWrapped);
    assert!(list_things("").is_err(), "an empty segment is refused");

    let derived: Thing =
        rt::serde_json::from_value(rt::serde_json::json!({"@odata.type": "#microsoft.graph.thing", "id": "2"}))
            .unwrap();
    assert!(rt::cast::<Thing, Thing>(&derived).is_some());
}
