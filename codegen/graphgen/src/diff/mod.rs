//! `graphgen diff OLD NEW`: what a docs update changed, in the generated
//! crate's terms. OLD and NEW are IR documents (`--emit-ir` output) or specs
//! folders (read into one); the two documents are compared by identity
//! (operations by `id`, types and enums by wire name, properties, parameters,
//! paths and members by name), never by position, so reordered pages change
//! nothing. Each change says how it affects a user of the crate
//! ([`Impact`]), and the whole says which semver step the crate needs.

mod compare;
mod load;
mod render;

pub use compare::compare;
pub use load::{Side, load};
pub use render::{markdown, semver, to_json};

/// How a change affects code written against the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Code that compiled or worked may not: something removed, retyped, newly required,
    /// or a permission more privileged than before.
    Breaking,
    /// New API: an operation, path, type, property, parameter or enum member.
    Addition,
    /// Nothing in the Rust API changes: descriptions, titles, a permission less privileged.
    Other,
}

/// One change between the two documents.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Change {
    pub impact: Impact,
    /// The operation id, type or enum the change is in.
    pub subject: String,
    /// What changed, as a stable code: `operation-removed`, `property-retyped`…
    pub kind: &'static str,
    /// The change, in a sentence.
    pub detail: String,
    /// Where: NEW's page for what NEW has, OLD's for what it no longer has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The semver step the generated crate needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Major,
    Minor,
    Patch,
    /// Nothing changed.
    None,
}
