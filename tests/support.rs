//! Shared helpers for the end-to-end tests: where the workspace is, and the
//! configuration the CLI uses for `specs/` → `generated/`.

use graphgen::pipeline::Run;
use graphgen::{Generator, Input, Settings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The committed specs folder.
pub fn specs() -> PathBuf {
    workspace().join("specs")
}

/// The settings `cargo run -p graphgen` uses for the committed crate.
pub fn default_settings() -> Settings {
    Settings::default()
}

/// Generate from pages in memory (with their includes) with `settings`.
pub fn generate_pages(
    settings: Settings,
    pages: &[(String, String)],
    includes: &dyn graphgen::page::IncludeResolver,
) -> Run {
    Generator::new(settings).generate(Input::Pages { pages, includes }).expect("emit succeeds")
}

/// Run the pipeline over the committed specs.
pub fn run_specs() -> Run {
    Generator::default().generate(Input::Folder(&specs())).expect("the specs folder is readable")
}

/// The runtime crate's folder, absolute: what a crate generated outside the workspace
/// depends on.
pub fn runtime_dir() -> PathBuf {
    let runtime = workspace().join("codegen/graphgen-runtime");
    runtime.canonicalize().unwrap_or(runtime)
}

/// Generate the docs tree `specs` (labelled `label` in the docs, `v1.0`) as the crate
/// `crate_name`, depending on the workspace's runtime by absolute path, and write it to
/// `out`. For the crates the corpus test and the benches build outside the workspace.
pub fn generate_crate(specs: &Path, label: &str, crate_name: &str, out: &Path) -> Result<Run, String> {
    let runtime = runtime_dir();
    let settings = Settings {
        crate_name: crate_name.to_owned(),
        runtime_path: runtime.to_string_lossy().into_owned(),
        specs_label: label.to_owned(),
        ..Default::default()
    };
    let run =
        Generator::new(settings).generate(Input::Folder(specs)).map_err(|e| format!("{}: {e}", specs.display()))?;
    graphgen::output::write(out, &run.files).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(run)
}

/// Write `bytes` to `path` (making its folder) unless it already holds them, so cargo
/// sees no change to a file that did not change.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes)?;
    }
    Ok(())
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

/// Every page below `root` (as [`graphgen::specs::discover`] finds them) with its text.
pub fn read_pages(root: &Path) -> Vec<(String, String)> {
    graphgen::specs::discover(root)
        .expect("the folder is readable")
        .into_iter()
        .map(|rel| {
            let text = std::fs::read_to_string(root.join(&rel)).expect("the page is readable");
            (rel, text)
        })
        .collect()
}

/// A fresh, empty folder in the system temp directory: `graphgen-{tag}-{pid}`.
pub fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("graphgen-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Every file below `dir` with its bytes, by `/`-separated relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let files = graphgen::specs::walk_files(dir, |_| true, |_| true).expect("the folder is readable");
    files.into_iter().map(|rel| (rel.clone(), std::fs::read(dir.join(&rel)).expect("readable"))).collect()
}

/// A resource page whose annotation and first paragraph are given.
pub fn resource_page_with(name: &str, intro: &str, annotation: &str, rows: &[(&str, &str)]) -> String {
    let mut page = format!(
        "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n# {name} resource type\n\n{intro}\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n"
    );
    for (p, t) in rows {
        page.push_str(&format!("|{p}|{t}|The {p}.|\n"));
    }
    page.push_str(&format!(
        "\n## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",{annotation}\n  \"@odata.type\": \"microsoft.graph.{name}\"\n}} -->\n```json\n{{}}\n```\n"
    ));
    page
}

/// A resource page with a first paragraph and an `id` key.
pub fn resource_page(name: &str, rows: &[(&str, &str)]) -> String {
    resource_page_with(name, &format!("A {name}."), "\n  \"keyProperty\": \"id\",", rows)
}
