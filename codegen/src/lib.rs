//! graphgen: a generator of typed Rust clients from the Microsoft Graph API
//! reference pages.
//!
//! The pipeline, one module per stage:
//! [`read`] (files → [`read::Document`]) → [`classify`] (API, resource, enum or
//! skipped page; locale; section kinds) → [`page`] (the page model) →
//! [`lower`] (page models → [`ir::Ir`], merging translations and resolving
//! types) → [`emit`] (IR → Rust files through syn/quote/prettyplease) →
//! [`output`] (atomic write, `--check`). Diagnostics flow alongside, never panics.

pub mod diagnostics;
pub mod read;
pub mod classify;
pub mod ir;
pub mod naming;
pub mod page;
pub mod lower;
pub mod emit;
pub mod pipeline;
pub mod output;
