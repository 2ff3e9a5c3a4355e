//! The fast end-to-end tests, one module per concern, in one test binary.

mod architecture;
mod client_e2e;
mod determinism;
mod diff;
mod docs_errors;
mod fidelity;
mod fuzz;
mod generated_crate;
mod handles;
mod injection;
mod ir_document;
mod readme;
mod seeds;
mod stages;
mod translated;
