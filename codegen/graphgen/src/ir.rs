//! The **IR**: the contract between reading and writing. [`lower`](crate::lower)
//! builds it and decides everything in it (type kinds, boxing, modules, names,
//! methods, shapes, nullability, parameter types); [`emit`](crate::emit) and
//! [`ir_document`](crate::ir_document) only write it down. It imports no stage.
//! Every item keeps its wire name, its Rust name and where the docs say it;
//! collections are sorted, so the same input gives the same IR whatever order
//! the files were read in.

mod handles;
mod module;
pub use handles::*;
pub use module::Module;

#[derive(Clone, Debug, Default)]
pub struct Ir {
    /// Sorted by (module, rust name).
    pub operations: Vec<Operation>,
    /// Sorted by rust name (unique across the crate).
    pub types: Vec<ComplexType>,
    /// Sorted by rust name (unique across the crate, shared with `types`).
    pub enums: Vec<EnumType>,
    /// Every page read, sorted by file: what kind it was.
    pub pages: Vec<PageIr>,
    /// How the keys of the docs' usable examples landed in the types (the strict example check).
    pub example_keys: ExampleKeyCounts,
    /// The API version the docs' example URLs use most (the generated clients default to it).
    pub api_version: ApiVersion,
    /// The documented paths as handles (see [`HandleModel`]).
    pub handles: HandleModel,
}

/// A Graph API version: the runtime's own, which the generated clients take.
pub use graphgen_runtime::ApiVersion;

/// The strict example check's counts, over every usable example body at every depth.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExampleKeyCounts {
    /// Keys that are a field of their type.
    pub typed: usize,
    /// Keys some page documents, but not on the type they are read as.
    pub untyped: usize,
    /// Keys no page documents.
    pub undocumented: usize,
    /// Keys that are dynamic properties of an open type with no documented property
    /// (`plannerAssignments`' user IDs): in `additional_properties` by design.
    pub dynamic: usize,
    /// Instance annotations (`@odata.type`, `x@odata.nextLink`), the runtime's to read.
    pub annotations: usize,
    /// Objects with no `@odata.type` read as the derived type their keys belong to.
    pub derived_inferred: usize,
    /// Example bodies whose shape is not the operation's (not used).
    pub shape_mismatches: usize,
    /// Example bodies whose values the type does not allow (not used).
    pub type_mismatches: usize,
    /// Examples of another operation than their page's (checked against that one's types).
    pub other_operation: usize,
}

/// One page read.
#[derive(Clone, Debug)]
pub struct PageIr {
    /// Specs-relative path.
    pub file: String,
    pub kind: PageKind,
    /// `en-us`, `ru-ru`: from the front matter or the file name.
    pub locale: String,
}

/// What a page documents (decided by [`classify`](crate::classify)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// An operation: HTTP request, permissions, response, examples.
    Api,
    /// A resource (entity or complex) type: a property table.
    Resource,
    /// An enum type: a member table.
    Enum,
    /// Not a reference page; skipped with this reason.
    Skipped(String),
}

/// An HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl Method {
    /// The method as the docs write it (`GET`); `None` for anything else.
    pub fn parse(word: &str) -> Option<Method> {
        Some(match word {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "HEAD" => Method::Head,
            "OPTIONS" => Method::Options,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether a request with this method carries a body.
    pub fn sends_body(self) -> bool {
        matches!(self, Method::Post | Method::Patch | Method::Put)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A permission type of the Microsoft identity platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PermissionKind {
    /// Delegated (work or school account).
    DelegatedWork,
    /// Delegated (personal Microsoft account).
    DelegatedPersonal,
    /// Application.
    Application,
}

impl PermissionKind {
    pub const ALL: [PermissionKind; 3] =
        [PermissionKind::DelegatedWork, PermissionKind::DelegatedPersonal, PermissionKind::Application];

    pub fn label(self) -> &'static str {
        match self {
            PermissionKind::DelegatedWork => "Delegated (work or school account)",
            PermissionKind::DelegatedPersonal => "Delegated (personal Microsoft account)",
            PermissionKind::Application => "Application",
        }
    }
}

/// A place in an input file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceRef {
    pub file: String,
    pub line: u32,
}

impl SourceRef {
    pub fn new(file: &str, line: u32) -> Self {
        SourceRef { file: file.to_owned(), line }
    }
}

impl std::fmt::Display for SourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

#[derive(Clone, Debug)]
pub struct Operation {
    /// Stable id: method and the first path with parameters as `{}`.
    pub id: String,
    pub rust_name: String,
    /// Module (one per API area, from the first path segment); never [`Module::Shared`].
    pub module: Module,
    pub title: String,
    pub description: Option<String>,
    pub method: Method,
    /// One function per path; the first is the operation's own name.
    pub paths: Vec<PathIr>,
    pub odata_query_options: Vec<String>,
    pub query_parameters: Vec<QueryParameterIr>,
    pub request_headers: Vec<HeaderIr>,
    /// Rust name of the operation's options type (its query options and
    /// settable headers), when it has any.
    pub options_type: Option<String>,
    pub request_body: RequestBodyIr,
    /// Properties of an entity body the create page marks "Required.": the
    /// function checks they are set before sending (the type keeps them optional:
    /// a `$select` response leaves them out).
    pub required_body: Vec<RequiredPropertyIr>,
    pub response: ResponseIr,
    pub permissions: Vec<PermissionIr>,
    /// The least-privileged Microsoft Entra roles a delegated (work or school)
    /// caller needs, beside the scopes (`includes/rbac-for-apis/*.md`).
    pub entra_roles: Option<EntraRolesIr>,
    pub national_clouds: Vec<String>,
    pub examples: Vec<ExampleIr>,
    /// The page, then any translations merged into it.
    pub sources: Vec<SourceRef>,
    /// The last segment of the operation's path is an action or function, not a resource.
    pub action_or_function: bool,
}

#[derive(Clone, Debug)]
pub struct PathIr {
    pub fn_name: String,
    /// The template as written (normalised: leading `/`, no host).
    pub template: String,
    pub params: Vec<PathParamIr>,
    pub pieces: Vec<PathPieceIr>,
    /// The query string the template carries, as written.
    pub query: Option<String>,
    /// Its pairs without placeholders (`$select=id,displayName`), sent as written.
    pub fixed_query: Vec<String>,
    /// Its pairs whose value is a placeholder (`startDateTime={start_datetime}`): function
    /// arguments after the path's, sent percent-encoded. A placeholder inside an expression
    /// (`$filter=id eq '{id}'`) is neither: that pair is left to the options type.
    pub query_params: Vec<QueryArgIr>,
    pub source: SourceRef,
}

/// A query pair of a path template whose value the caller gives.
#[derive(Clone, Debug)]
pub struct QueryArgIr {
    /// The query key (`startDateTime`).
    pub key: String,
    /// The placeholder as written (`start_datetime`).
    pub wire_name: String,
    pub rust_name: String,
}

#[derive(Clone, Debug)]
pub struct PathParamIr {
    pub wire_name: String,
    pub rust_name: String,
    /// Written inside `'…'`: sent as an OData string literal.
    pub quoted: bool,
    /// The value's type: the query/function parameter of the same name, else a string.
    pub ty: TypeRef,
    /// A path within a drive (`root:/{item-path}:`): sent with its `/` kept.
    pub path_valued: bool,
}

#[derive(Clone, Debug)]
pub enum PathPieceIr {
    Literal {
        text: String,
    },
    /// Index into `params`.
    Param {
        index: usize,
    },
}

#[derive(Clone, Debug)]
pub struct QueryParameterIr {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub description: String,
}

#[derive(Clone, Debug)]
pub struct HeaderIr {
    pub name: String,
    pub description: String,
    pub required: bool,
    /// The caller sets it through the options type (the request builder and transport own
    /// `Authorization`, `Content-Type`, `Accept`…, and a name that is not a token is never sent).
    pub settable: bool,
}

#[derive(Clone, Debug)]
pub enum RequestBodyIr {
    None,
    Json { ty: TypeRef },
    Binary,
}

#[derive(Clone, Debug)]
pub struct ResponseIr {
    pub status: Option<u16>,
    pub shape: ResponseShape,
    /// The typed result (for `Collection`, the item type).
    pub ty: Option<TypeRef>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseShape {
    /// The body is the type.
    Json,
    /// The body is `{"value": <type>}` (primitives, enums, Intune GETs).
    ValueWrapped,
    /// The body is a page of items with `@odata.nextLink`.
    Collection,
    NoContent,
    Binary,
}

/// A body property a create request must send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredPropertyIr {
    pub wire_name: String,
    /// The body type's field.
    pub rust_name: String,
    pub source: SourceRef,
}

/// Microsoft Entra roles, least privileged first, and the include that names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntraRolesIr {
    pub roles: Vec<String>,
    pub source: SourceRef,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermissionIr {
    pub kind: PermissionKind,
    /// The case the row applies to when the page gives permissions per case (`user calendar`, `Policy Set`).
    pub scenario: Option<String>,
    /// Least-privileged scopes; empty when this kind is not supported.
    pub least: Vec<String>,
    pub higher: Vec<String>,
    pub source: SourceRef,
}

#[derive(Clone, Debug)]
pub struct ExampleIr {
    pub request: Option<ExampleRequestIr>,
    pub response: Option<ExampleResponseIr>,
}

#[derive(Clone, Debug)]
pub struct ExampleRequestIr {
    pub method: String,
    pub path: String,
    /// Strict JSON body, if any (repaired bodies are not used).
    pub body: Option<serde_json::Value>,
    /// The keys of `body` the generated types leave in an `additional_properties`
    /// (at any depth, no `@odata.type` dispatch), sorted: the generated test checks
    /// that decoding finds exactly these.
    pub additional_keys: Vec<String>,
    pub source: SourceRef,
}

#[derive(Clone, Debug)]
pub struct ExampleResponseIr {
    pub status: Option<u16>,
    pub body: Option<serde_json::Value>,
    /// The type the example's annotation names (`"@odata.type"`, `"isCollection"`),
    /// when it is a known type: the check reads the body as that type when the
    /// body's keys are that type's rather than the operation's.
    pub annotated_type: Option<TypeRef>,
    /// As for the request: the keys decoding leaves in an `additional_properties`.
    pub additional_keys: Vec<String>,
    pub source: SourceRef,
}

/// A resolved type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Primitive {
        edm: Primitive,
    },
    /// A generated struct or enum, by its (crate-unique) Rust name.
    Named {
        wire_name: String,
        rust_name: String,
        kind: NamedKind,
    },
    Collection {
        item: Box<TypeRef>,
    },
    /// Untyped JSON (`serde_json::Value`): the fallback for unresolved types.
    Json,
}

/// What a named type is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NamedKind {
    /// A generated struct ([`ComplexType`]).
    Struct,
    /// A generated open enum ([`EnumType`]).
    Enum,
}

/// Graph's EDM primitive types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
}

impl Primitive {
    /// `String`, `Edm.Int32`, `boolean`, `timestamp` … as the docs write them.
    pub fn from_name(name: &str) -> Option<Primitive> {
        use Primitive::*;
        Some(match name.to_ascii_lowercase().as_str() {
            "string" | "str" => String,
            "boolean" | "bool" => Boolean,
            "byte" => Byte,
            "sbyte" => SByte,
            "int16" => Int16,
            "int32" | "int" | "integer" => Int32,
            "int64" | "long" => Int64,
            "single" | "float" => Single,
            "double" => Double,
            "decimal" => Decimal,
            "datetimeoffset" | "datetime" | "timestamp" => DateTimeOffset,
            "date" => Date,
            "timeofday" => TimeOfDay,
            "duration" => Duration,
            "guid" | "uuid" => Guid,
            "binary" => Binary,
            "stream" => Stream,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
pub enum TypeOrigin {
    /// A resource page.
    Resource,
    /// The parameter table of an action: the request body type.
    ActionParameters,
    /// No page defines it: built from a request-body table or inline values.
    Synthesized,
}

#[derive(Clone, Debug)]
pub struct ComplexType {
    pub wire_name: String,
    pub rust_name: String,
    pub module: Module,
    /// For a type of [`Module::Shared`]: the Cargo features any of which compiles it
    /// (the areas that need it, sorted; [`Module::ALL_AREAS`] for a type no area
    /// needs); empty when it is always compiled, and for an area's own type.
    pub features: Vec<String>,
    /// `microsoft.graph.x`, sent as `@odata.type`.
    pub odata_type: Option<String>,
    pub description: Option<String>,
    pub base_type: Option<String>,
    /// The key property (`id`) when the page's annotation names one: an entity type.
    pub key: Option<String>,
    /// Rust names of the types whose base type this is, sorted: `@odata.type` dispatch.
    pub derived: Vec<String>,
    pub properties: Vec<PropertyIr>,
    /// An open type whose page documents no property of its own (`plannerAssignments`,
    /// `plannerChecklistItems`: user or item IDs as keys): every member is a dynamic
    /// property, kept in `additional_properties`.
    pub dynamic_only: bool,
    /// The resource page marks the type open (`"openType": true`): members it does not
    /// declare are dynamic properties (an open extension's custom data, a directory
    /// object's extension attributes), kept in `additional_properties`.
    pub open_type: bool,
    pub origin: TypeOrigin,
    pub source: SourceRef,
}

#[derive(Clone, Debug)]
pub struct PropertyIr {
    pub wire_name: String,
    pub rust_name: String,
    /// The type as written on the page.
    pub written_type: String,
    pub ty: TypeRef,
    pub description: String,
    /// Secrets (tokens, passwords, client secrets) are redacted in `Debug`.
    pub secret: bool,
    /// The field's type can contain the owning type again (a cycle of direct
    /// references): it is boxed.
    pub boxed: bool,
    /// What the docs say: `Nullable` → true, `Not nullable` → false, else nothing.
    pub nullable: Option<bool>,
    /// The value must be sent: a parameter the action's table marks "Required." (and
    /// every example sends), an entity reference's `@odata.id`. A plain field, not
    /// `Nullable`; an entity's properties never are (a `$select` leaves them out).
    pub required: bool,
    /// The page that documents this property, when it is not the type's own page
    /// (another page restating the type listed it).
    pub file: Option<String>,
    /// The base type that declares this property, when it is inherited.
    pub inherited_from: Option<String>,
    pub line: u32,
}

impl PropertyIr {
    /// A property lower makes itself rather than reads from a table row (an entity's
    /// key, an entity reference's `@odata.id`, a wrapper's one field): not a secret,
    /// not boxed, nothing said about nullability, optional, on the type's own page.
    pub fn synthesized(
        wire_name: &str,
        rust_name: String,
        ty: TypeRef,
        written_type: &str,
        description: String,
        line: u32,
    ) -> Self {
        PropertyIr {
            wire_name: wire_name.to_owned(),
            rust_name,
            written_type: written_type.to_owned(),
            ty,
            description,
            secret: false,
            boxed: false,
            nullable: None,
            required: false,
            file: None,
            inherited_from: None,
            line,
        }
    }
}

#[derive(Clone, Debug)]
pub struct EnumType {
    pub wire_name: String,
    pub rust_name: String,
    pub module: Module,
    /// As [`ComplexType::features`].
    pub features: Vec<String>,
    pub description: Option<String>,
    pub members: Vec<EnumMemberIr>,
    pub origin: TypeOrigin,
    pub source: SourceRef,
}

#[derive(Clone, Debug)]
pub struct EnumMemberIr {
    pub wire_name: String,
    pub rust_name: String,
    pub value: Option<i64>,
    pub description: String,
}
