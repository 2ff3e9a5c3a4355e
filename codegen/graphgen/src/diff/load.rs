//! One side of a diff: an IR document (`--emit-ir` output) or a specs folder,
//! read into the same document the generator would publish.

use crate::ir_document::IrDocument;
use crate::pipeline::{Generator, Input};
use serde_json::Value;
use std::path::Path;

/// What one side was, for the summary's first line.
#[derive(Clone, Debug)]
pub struct Side {
    pub label: String,
    pub document: Value,
}

/// Read `path`: a folder is generated (read, model, lower; no Rust) into its IR
/// document; a file must be one. The error says why it cannot be read.
pub fn load(generator: &Generator, path: &Path) -> Result<Side, String> {
    let label = path.display().to_string();
    if path.is_dir() {
        let run = generator.analyse(Input::Folder(path)).map_err(|e| format!("{label}: {e}"))?;
        let specs = path.file_name().map_or("specs".into(), |n| n.to_string_lossy().into_owned());
        let document = IrDocument::build(&run.ir, &run.diagnostics, &specs);
        let document = serde_json::to_value(&document).map_err(|e| format!("{label}: {e}"))?;
        return Ok(Side { label, document });
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{label}: {e}"))?;
    let document: Value =
        serde_json::from_str(&text).map_err(|e| format!("{label}: not an IR document (JSON: {e})"))?;
    if document.get("format_version").and_then(Value::as_u64).is_none() || document.get("operations").is_none() {
        return Err(format!("{label}: not an IR document (no format_version or operations)"));
    }
    Ok(Side { label, document })
}
