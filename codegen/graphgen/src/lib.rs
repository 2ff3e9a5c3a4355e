//! graphgen: a generator of typed Rust clients from the Microsoft Graph API
//! reference pages.
//!
//! The pipeline, one module per stage:
//! [`read`] (files → [`read::Document`]) → [`classify`] (API, resource, enum or
//! skipped page; locale; section kinds) → [`page`] (the page model) →
//! [`lower`] (page models → [`ir::Ir`], merging translations and resolving
//! types) → [`emit`] (IR → Rust files through syn/quote/prettyplease) →
//! [`output`] (atomic write, `--check`). Diagnostics flow alongside, never panics.
//! [`ir_document`] publishes the IR as a documented JSON document (`--emit-ir`).

pub mod classify;
pub mod cli;
pub mod crash;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod ir_document;
pub mod limits;
pub mod lower;
pub mod naming;
pub mod output;
pub mod page;
pub mod pipeline;
pub mod read;
pub mod report;
