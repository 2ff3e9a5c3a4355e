//! graphgen: a generator of typed Rust clients from the Microsoft Graph API
//! reference pages.
//!
//! Data flows one way through the stages, one module each:
//! [`read`] (files → [`read::Document`]) → [`classify`] (API, resource, enum or
//! skipped page; locale; section kinds) → [`page`] (the page model) →
//! [`lower`] (page models → [`ir::Ir`]: merging translations, resolving types,
//! deciding every name, module, kind, boxing and shape) → [`emit`] (IR → Rust
//! files through syn/quote/prettyplease) and [`ir_document`] (IR → the
//! published JSON document) → [`output`] (atomic write, `--check`).
//! [`pipeline`] ([`Generator`], [`Settings`], [`Input`]) runs them;
//! [`cli`] and [`report`] sit on top.
//!
//! Leaf modules, which import no stage: [`ir`] (the contract between reading
//! and writing), [`diagnostics`], [`error`], [`limits`], [`naming`],
//! [`parallel`], [`specs`] (the folder on disk and its relative paths),
//! [`summary`], [`crash`]. `tests/architecture.rs` checks that every import
//! points this way.

pub mod classify;
pub mod cli;
pub mod crash;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod ir_document;
pub mod limits;
pub mod lower;
pub mod naming;
pub mod output;
pub mod page;
pub mod parallel;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod specs;
pub mod summary;
pub mod trees;

pub use error::Error;
pub use pipeline::{Generator, Input, Settings};
