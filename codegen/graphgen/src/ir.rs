//! Stage 4, the **IR**: the neutral model the emitter writes Rust from.
//! Every item keeps its wire name, its Rust name and where the docs say it.
//! Serialisable (snapshotted per page); collections are sorted, so the same
//! input gives the same IR whatever order the files were read in.

use crate::page::PermissionKind;
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Ir {
    /// Sorted by (module, rust name).
    pub operations: Vec<Operation>,
    /// Sorted by rust name (unique across the crate).
    pub types: Vec<ComplexType>,
    /// Sorted by rust name (unique across the crate, shared with `types`).
    pub enums: Vec<EnumType>,
}

/// A place in an input file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

#[derive(Clone, Debug, Serialize)]
pub struct Operation {
    /// Stable id: method and the first path with parameters as `{}`.
    pub id: String,
    pub rust_name: String,
    /// Module (one per API area, from the first path segment).
    pub module: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub method: String,
    /// One function per path; the first is the operation's own name.
    pub paths: Vec<PathIr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub odata_query_options: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub query_parameters: Vec<QueryParameterIr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub request_headers: Vec<HeaderIr>,
    /// Rust name of the operation's options type (its query options and
    /// settable headers), when it has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options_type: Option<String>,
    pub request_body: RequestBodyIr,
    pub response: ResponseIr,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<PermissionIr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub national_clouds: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<ExampleIr>,
    /// The page, then any translations merged into it.
    pub sources: Vec<SourceRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PathIr {
    pub fn_name: String,
    /// The template as written (normalised: leading `/`, no host).
    pub template: String,
    pub params: Vec<PathParamIr>,
    pub pieces: Vec<PathPieceIr>,
    /// A fixed query string the template carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub source: SourceRef,
}

#[derive(Clone, Debug, Serialize)]
pub struct PathParamIr {
    pub wire_name: String,
    pub rust_name: String,
    /// Written inside `'…'`: sent as an OData string literal.
    pub quoted: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PathPieceIr {
    Literal {
        text: String,
    },
    /// Index into `params`.
    Param {
        index: usize,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct QueryParameterIr {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub description: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct HeaderIr {
    pub name: String,
    pub description: String,
    pub required: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RequestBodyIr {
    None,
    Json { ty: TypeRef },
    Binary,
}

#[derive(Clone, Debug, Serialize)]
pub struct ResponseIr {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub shape: ResponseShape,
    /// The typed result (for `Collection`, the item type).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRef>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PermissionIr {
    pub kind: PermissionKind,
    /// The case the row applies to when the page gives permissions per case (`user calendar`, `Policy Set`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Least-privileged scopes; empty when this kind is not supported.
    pub least: Vec<String>,
    pub higher: Vec<String>,
    pub source: SourceRef,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExampleIr {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<ExampleRequestIr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<ExampleResponseIr>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExampleRequestIr {
    pub method: String,
    pub path: String,
    /// Strict JSON body, if any (repaired bodies are not used).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
    pub source: SourceRef,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExampleResponseIr {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
    pub source: SourceRef,
}

/// A resolved type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeRef {
    Primitive {
        edm: Primitive,
    },
    /// A generated struct or enum, by its (crate-unique) Rust name.
    Named {
        wire_name: String,
        rust_name: String,
    },
    Collection {
        item: Box<TypeRef>,
    },
    /// Untyped JSON (`serde_json::Value`): the fallback for unresolved types.
    Json,
}

/// Graph's EDM primitive types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeOrigin {
    /// A resource page.
    Resource,
    /// The parameter table of an action: the request body type.
    ActionParameters,
    /// No page defines it: built from a request-body table or inline values.
    Synthesized,
}

#[derive(Clone, Debug, Serialize)]
pub struct ComplexType {
    pub wire_name: String,
    pub rust_name: String,
    pub module: String,
    /// `microsoft.graph.x`, sent as `@odata.type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    pub properties: Vec<PropertyIr>,
    pub origin: TypeOrigin,
    pub source: SourceRef,
}

#[derive(Clone, Debug, Serialize)]
pub struct PropertyIr {
    pub wire_name: String,
    pub rust_name: String,
    /// The type as written on the page.
    pub written_type: String,
    pub ty: TypeRef,
    pub description: String,
    /// Secrets (tokens, passwords, client secrets) are redacted in `Debug`.
    pub secret: bool,
    /// The base type that declares this property, when it is inherited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherited_from: Option<String>,
    pub line: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct EnumType {
    pub wire_name: String,
    pub rust_name: String,
    pub module: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub members: Vec<EnumMemberIr>,
    pub origin: TypeOrigin,
    pub source: SourceRef,
}

#[derive(Clone, Debug, Serialize)]
pub struct EnumMemberIr {
    pub wire_name: String,
    pub rust_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}
