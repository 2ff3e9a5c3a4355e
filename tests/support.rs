//! Shared helpers for the end-to-end tests: where the workspace is, and the
//! configuration the CLI uses for `specs/` → `generated/`.

use graphgen::emit::EmitConfig;
use graphgen::pipeline::{self, Run};
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The committed specs folder.
pub fn specs() -> PathBuf {
    workspace().join("specs")
}

/// The configuration `cargo run -p codegen` uses for the committed crate.
pub fn default_config() -> EmitConfig {
    EmitConfig {
        crate_name: "msgraph-generated".into(),
        runtime_path: "../codegen/runtime".into(),
        specs_label: "specs".into(),
    }
}

/// Run the pipeline over the committed specs.
pub fn run_specs() -> Run {
    pipeline::run(&specs(), &default_config()).expect("the specs folder is readable")
}

/// The shared corpus beside the checkout (`../shared/corpus`), when present.
pub fn corpus() -> Option<PathBuf> {
    let dir = workspace().join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// A file name safe for a snapshot name: `api/x.ru-ru.md` → `api__x.ru-ru.md`.
pub fn snapshot_name(path: &str) -> String {
    path.replace('/', "__")
}
