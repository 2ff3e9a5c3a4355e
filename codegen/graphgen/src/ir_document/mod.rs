//! The **IR document**: the generator's understanding of the docs as one JSON
//! document (`--emit-ir FILE`), for tools outside Rust: list the permissions
//! an app needs, diff what a docs update changed, lint pages in CI.
//!
//! The document types here are the published format. They are built *from*
//! the internal [`Ir`](crate::ir::Ir) (which lists the pages read) and the
//! run's diagnostics by [`IrDocument::build`] (in `build.rs`, a mapping that
//! decides nothing), so the internal model can change without the format
//! changing. Their doc comments are the format's documentation: they
//! become the descriptions of the JSON Schema ([`schema_json`]) committed at
//! [`SCHEMA_PATH`].
//!
//! Stability: everything is sorted, so one input gives one document byte for
//! byte whatever order the files were read in. [`FORMAT_VERSION`] is bumped on
//! every breaking change (a field removed, renamed or retyped, a meaning
//! changed); adding a field or an enum value is not breaking, so consumers
//! should ignore fields they do not know.

mod build;

use crate::diagnostics::{Diagnostic, Level};
use crate::ir;
use schemars::JsonSchema;
use serde::Serialize;

pub use build::edm_name;

/// The version of the document format. Bumped on breaking changes only.
pub const FORMAT_VERSION: u32 = 1;

/// Where the committed JSON Schema lives, relative to the workspace.
pub const SCHEMA_PATH: &str = "codegen/graphgen/ir-schema.json";

/// What graphgen understood of a folder of Microsoft Graph API reference pages.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(title = "graphgen IR document")]
pub struct IrDocument {
    /// Version of this format; bumped on breaking changes only (fields added are not breaking).
    #[schemars(extend("const" = FORMAT_VERSION))]
    pub format_version: u32,
    /// The program that wrote the document.
    pub generator: Generator,
    /// The name of the specs folder that was read (file paths below are relative to it).
    pub specs: String,
    /// The API version the pages document (`beta` or `v1.0`): the one most example URLs use.
    pub api_version: String,
    /// Counts, as in the summary line the generator prints.
    pub summary: SummaryDoc,
    /// Every operation, sorted by `id`.
    pub operations: Vec<OperationDoc>,
    /// Every named complex (struct) type, sorted by `wire_name`, then `rust_name`.
    pub types: Vec<ComplexTypeDoc>,
    /// Every enum type, sorted by `wire_name`, then `rust_name`.
    pub enums: Vec<EnumDoc>,
    /// The resource handles: the root (`Graph`) first, then sorted by `rust_name`.
    pub handles: Vec<HandleDoc>,
    /// Every page read, sorted by `file`: what it was and what it produced.
    pub pages: Vec<PageDoc>,
    /// Every diagnostic of the run, sorted by file, line, level, code and message.
    pub diagnostics: Vec<DiagnosticDoc>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Generator {
    /// Always `graphgen`.
    pub name: String,
    /// The generator's version.
    pub version: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SummaryDoc {
    pub pages_read: usize,
    pub api_pages: usize,
    pub resource_pages: usize,
    pub enum_pages: usize,
    pub skipped_pages: usize,
    pub operations: usize,
    pub types: usize,
    pub enums: usize,
    pub warnings: usize,
    pub errors: usize,
}

/// A place in an input file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct SourceDoc {
    /// Specs-relative path, `/`-separated.
    pub file: String,
    /// 1-based line; 0 when it is about the file as a whole.
    pub line: u32,
}

impl From<&ir::SourceRef> for SourceDoc {
    fn from(s: &ir::SourceRef) -> Self {
        SourceDoc { file: s.file.clone(), line: s.line }
    }
}

/// One operation: one HTTP method on one resource, possibly reachable by several paths.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OperationDoc {
    /// Stable id: the method and the first path with its parameters written `{}`,
    /// e.g. `POST /deviceManagement/domainJoinConnectors`.
    pub id: String,
    /// The API area (the first path segment, `/me` counting as `users`), as the Rust module name.
    pub area: String,
    /// The name of the generated Rust function for the first path.
    pub rust_name: String,
    /// The page title.
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `GET`, `POST`, `PATCH`, `PUT` or `DELETE`.
    pub method: String,
    /// Every path template of the page, in the page's order (the first is the canonical one).
    pub paths: Vec<PathDoc>,
    /// OData system query options the page says the operation supports (`$select`, `$top`…), sorted.
    pub odata_query_options: Vec<String>,
    /// Operation-specific query and function parameters.
    pub query_parameters: Vec<ParameterDoc>,
    /// Documented request headers (`Authorization`, which every request carries, is left out).
    pub request_headers: Vec<HeaderDoc>,
    pub request_body: RequestBodyDoc,
    /// Body properties the create page marks "Required." (wire names); the function
    /// checks they are set before sending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_body: Vec<String>,
    /// The documented responses (today the success response only).
    pub responses: Vec<ResponseDoc>,
    /// Permissions, one entry per permission type the page lists, in the page's order.
    pub permissions: Vec<PermissionDoc>,
    /// The least-privileged Microsoft Entra roles a delegated (work or school) caller needs,
    /// least privileged first, when an `rbac-for-apis` include names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entra_roles: Option<EntraRolesDoc>,
    /// National clouds the operation is available in, as the docs name them.
    pub national_clouds: Vec<String>,
    /// The page (at its title line).
    pub source: SourceDoc,
    /// Other pages merged into this operation: translations, or duplicate pages (diagnosed).
    pub merged_from: Vec<SourceDoc>,
}

/// One `METHOD /path` line.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PathDoc {
    /// The template as written, normalised (leading `/`, no host or version).
    pub template: String,
    /// A fixed query string the template carries, without `?`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The parameters in the template, in order.
    pub parameters: Vec<PathParameterDoc>,
    /// The generated Rust method that builds this path's request (`UserHandle::get`).
    pub rust_function: String,
    /// How the path is reached through the resource handles (`graph.me().event(id).accept()`);
    /// absent when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call: Option<String>,
    pub source: SourceDoc,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PathParameterDoc {
    /// The name as written between `{}`.
    pub name: String,
    pub rust_name: String,
    /// The type: from the page's function parameter of the same name when it has one, else `Edm.String`.
    #[serde(rename = "type")]
    pub ty: TypeRefDoc,
    /// Written inside single quotes: sent as an OData string literal.
    pub quoted: bool,
}

/// An operation-specific query or function parameter.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ParameterDoc {
    pub name: String,
    pub rust_name: String,
    /// The resolved type (`Edm.String` when the page gives none).
    #[serde(rename = "type")]
    pub ty: TypeRefDoc,
    pub description: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct HeaderDoc {
    pub name: String,
    /// The value or description the page gives.
    pub description: String,
    pub required: bool,
}

/// What the request sends.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RequestBodyDoc {
    /// No body.
    None,
    /// An action's parameters: a JSON object with these members. `type` names the
    /// request type the generator made for them (listed in `types`).
    Parameters {
        #[serde(rename = "type")]
        ty: TypeRefDoc,
        parameters: Vec<PropertyDoc>,
    },
    /// A JSON value of a type (a named type, a collection, or untyped JSON).
    Type {
        #[serde(rename = "type")]
        ty: TypeRefDoc,
    },
    /// Raw bytes.
    Binary,
}

/// One documented response.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ResponseDoc {
    /// The success status code the page names, if it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub shape: ResponseShapeDoc,
    /// The returned type; for a collection, the item type. Absent for no content and binary.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRefDoc>,
    /// A page of items (`{"value": [...], "@odata.nextLink": ...}`).
    pub collection: bool,
    /// The body is `{"value": <type>}`: a primitive, an enum, or an object the examples wrap.
    pub value_wrapped: bool,
}

#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResponseShapeDoc {
    /// The body is the type.
    Json,
    /// The body is `{"value": <type>}`.
    ValueWrapped,
    /// The body is a page of items.
    Collection,
    NoContent,
    Binary,
}

/// Microsoft Entra roles and the include that names them.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EntraRolesDoc {
    pub roles: Vec<String>,
    pub source: SourceDoc,
}

/// The permissions of one permission type.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PermissionDoc {
    pub permission_type: PermissionTypeDoc,
    /// The case this entry applies to when the page gives permissions per case (a row per
    /// case such as `user calendar`, or indented rows under a permission type such as
    /// `Policy Set`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// False when the page says this permission type is not supported.
    pub supported: bool,
    /// The least-privileged permissions (several when the docs list alternatives).
    pub least_privileged: Vec<String>,
    /// Higher-privileged permissions that also allow the call, in increasing privilege.
    pub higher_privileged: Vec<String>,
    pub source: SourceDoc,
}

#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PermissionTypeDoc {
    /// Delegated (work or school account).
    DelegatedWork,
    /// Delegated (personal Microsoft account).
    DelegatedPersonal,
    /// Application.
    Application,
}

/// A resolved type.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeRefDoc {
    /// An EDM primitive, e.g. `Edm.String`, `Edm.DateTimeOffset`.
    Primitive {
        edm: String,
    },
    /// A type in `types` (`type_kind: complex`) or `enums` (`type_kind: enum`).
    Named {
        wire_name: String,
        rust_name: String,
        type_kind: NamedKindDoc,
    },
    Collection {
        item: Box<TypeRefDoc>,
    },
    /// Untyped JSON: the docs name no type, or one no page defines.
    Untyped,
}

#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NamedKindDoc {
    Complex,
    Enum,
}

impl TypeRefDoc {
    /// OData notation: `Edm.String`, `Collection(Edm.Int32)`, `deviceManagementDomainJoinConnector`, `Edm.Untyped`.
    pub fn notation(&self) -> String {
        match self {
            TypeRefDoc::Primitive { edm } => edm.clone(),
            TypeRefDoc::Named { wire_name, .. } => wire_name.clone(),
            TypeRefDoc::Collection { item } => format!("Collection({})", item.notation()),
            TypeRefDoc::Untyped => "Edm.Untyped".to_owned(),
        }
    }

    fn is_collection(&self) -> bool {
        matches!(self, TypeRefDoc::Collection { .. })
    }
}

/// A struct type.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ComplexTypeDoc {
    /// The name the docs use, e.g. `deviceManagementDomainJoinConnector`.
    pub wire_name: String,
    /// The generated Rust type, e.g. `DeviceManagementDomainJoinConnector`.
    pub rust_name: String,
    /// The generated module it lives in.
    pub module: String,
    /// For a type of the shared module: the Cargo features any of which compiles it
    /// (the areas that need it; `full` for a type no area needs); absent when it is
    /// always compiled, or lives in an area's module.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// `microsoft.graph.x`, sent as `@odata.type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The base type the resource page names, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    /// The key property (`id`) when the page's annotation names one: an entity type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub origin: OriginDoc,
    /// Properties in the page's order.
    pub properties: Vec<PropertyDoc>,
    /// The page and line that define it.
    pub source: SourceDoc,
}

/// Where a type comes from.
#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OriginDoc {
    /// A resource (or enum) page.
    Resource,
    /// The parameter table of an action: its request body type.
    ActionParameters,
    /// No page defines it: built from a request-body table or an inline list of values.
    Synthesized,
}

/// A property of a type, or a parameter of an action.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PropertyDoc {
    pub wire_name: String,
    pub rust_name: String,
    /// The type cell as written on the page (empty when the page gives none).
    pub written_type: String,
    /// The resolved type in OData notation, e.g. `Collection(Edm.String)`, `Edm.Untyped`.
    pub resolved_type: String,
    /// The resolved type.
    #[serde(rename = "type")]
    pub ty: TypeRefDoc,
    /// Whether the property is a collection.
    pub collection: bool,
    /// What the docs say: true for "Nullable", false for "Not nullable", absent when they say nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// The value must be sent (an action parameter marked "Required."): a plain field.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    pub description: String,
    /// A credential: redacted in the generated `Debug`.
    pub secret: bool,
    /// The page whose table lists it, when that is not the type's own page (another page
    /// restating the type documented it); `line` is then a line of that page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The table row.
    pub line: u32,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EnumDoc {
    pub wire_name: String,
    pub rust_name: String,
    pub module: String,
    /// As a type's `features`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub origin: OriginDoc,
    /// Members in the page's order.
    pub members: Vec<EnumMemberDoc>,
    pub source: SourceDoc,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EnumMemberDoc {
    pub wire_name: String,
    pub rust_name: String,
    /// The numeric value, where the docs give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    pub description: String,
}

/// One page read, and what came of it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PageDoc {
    /// Specs-relative path.
    pub file: String,
    pub kind: PageKindDoc,
    /// `en-us`, `ru-ru`… (empty when unknown).
    pub locale: String,
    /// Ids of the operations this page is the source of.
    pub operations: Vec<String>,
    /// Ids of the operations this page was merged into (a translation or a duplicate).
    pub merged_into: Vec<String>,
    /// Wire names of the types (in `types`) defined on this page.
    pub types: Vec<String>,
    /// Wire names of the enums (in `enums`) defined on this page.
    pub enums: Vec<String>,
    /// Why the page produced nothing: the skip reason, or the page's most severe diagnostic.
    /// Present exactly when all four lists above are empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<ReasonDoc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PageKindDoc {
    /// An operation page.
    Api,
    /// A resource (entity or complex type) page.
    Resource,
    /// An enum page.
    Enum,
    /// Not a reference page.
    Skipped,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ReasonDoc {
    /// The diagnostic code (`page-skipped` for skipped pages).
    pub code: String,
    pub line: u32,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DiagnosticDoc {
    /// Stable machine-readable code, e.g. `missing-include`.
    pub code: String,
    pub level: LevelDoc,
    /// Specs-relative path.
    pub file: String,
    /// 1-based line; 0 when it is about the file as a whole.
    pub line: u32,
    pub message: String,
}

#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LevelDoc {
    Note,
    Warning,
    /// Only errors make the run exit non-zero.
    Error,
}

impl From<Level> for LevelDoc {
    fn from(l: Level) -> Self {
        match l {
            Level::Note => LevelDoc::Note,
            Level::Warning => LevelDoc::Warning,
            Level::Error => LevelDoc::Error,
        }
    }
}

impl From<&Diagnostic> for DiagnosticDoc {
    fn from(d: &Diagnostic) -> Self {
        DiagnosticDoc {
            code: d.code.as_str().to_owned(),
            level: d.level.into(),
            file: d.file.clone(),
            line: d.line,
            message: d.message.clone(),
        }
    }
}

/// The JSON Schema of [`IrDocument`], pretty, with a final newline: the bytes of [`SCHEMA_PATH`].
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(IrDocument);
    let mut s = serde_json::to_string_pretty(&schema).expect("the schema serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Primitive;

    #[test]
    fn notation() {
        let t = TypeRefDoc::Collection { item: Box::new(TypeRefDoc::Primitive { edm: edm_name(Primitive::Int32) }) };
        assert_eq!(t.notation(), "Collection(Edm.Int32)");
        assert_eq!(TypeRefDoc::Untyped.notation(), "Edm.Untyped");
    }

    #[test]
    fn the_schema_is_valid_json_with_a_title() {
        let v: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
        assert_eq!(v["title"], "graphgen IR document");
    }
}

/// One resource handle: what it addresses, where it leads, what it calls.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct HandleDoc {
    pub rust_name: String,
    /// `root`, `item`, `collection` or `place`.
    pub kind: String,
    /// The entity type (wire name) of an item or collection; the path words of a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    pub navigations: Vec<NavigationDoc>,
    pub methods: Vec<HandleMethodDoc>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NavigationDoc {
    pub rust_name: String,
    /// What the step appends to the path (`/events/{id}`).
    pub appends: String,
    /// The handle it returns.
    pub target: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct HandleMethodDoc {
    pub rust_name: String,
    /// The operation's `id`.
    pub operation: String,
    /// What the method appends to the handle's path (`/accept`; empty for none).
    pub appends: String,
    /// Other operations whose request the method builds too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}
