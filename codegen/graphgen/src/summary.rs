//! The one-line summary of a run (`graphgen: 8 pages read (…); 3 operations …`):
//! counts of the IR's pages and items and of the diagnostics.

use crate::diagnostics::{Diagnostic, Level};
use crate::ir::{Ir, PageKind};

/// Counts for the one-line summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
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

impl Summary {
    /// The counts of an IR and the run's diagnostics.
    pub fn of(ir: &Ir, diagnostics: &[Diagnostic]) -> Summary {
        let count = |k: fn(&PageKind) -> bool| ir.pages.iter().filter(|p| k(&p.kind)).count();
        Summary {
            pages_read: ir.pages.len(),
            api_pages: count(|k| *k == PageKind::Api),
            resource_pages: count(|k| *k == PageKind::Resource),
            enum_pages: count(|k| *k == PageKind::Enum),
            skipped_pages: count(|k| matches!(k, PageKind::Skipped(_))),
            operations: ir.operations.len(),
            types: ir.types.len(),
            enums: ir.enums.len(),
            warnings: diagnostics.iter().filter(|d| d.level == Level::Warning).count(),
            errors: diagnostics.iter().filter(|d| d.level == Level::Error).count(),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "graphgen: {} pages read ({} API, {} resource, {} enum, {} skipped); {} operations, {} types, {} enums; {} warnings, {} errors",
            self.pages_read,
            self.api_pages,
            self.resource_pages,
            self.enum_pages,
            self.skipped_pages,
            self.operations,
            self.types,
            self.enums,
            self.warnings,
            self.errors
        )
    }
}
