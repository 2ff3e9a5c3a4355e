//! The README's generated parts: the table of diagnostic codes is written from
//! the registry (`graphgen::diagnostics::Code`). A stale table is rewritten in
//! place and the test fails, so that `cargo test` twice passes and the change
//! shows in the diff (under CI nothing is written).

use graphgen_tests::workspace;

const START: &str = "<!-- diagnostics table: generated from codegen/graphgen/src/diagnostics/codes.rs -->\n";
const END: &str = "<!-- end of diagnostics table -->\n";

#[test]
fn the_readme_lists_every_diagnostic_code() {
    let path = workspace().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md has no diagnostics table markers ({START:?} … {END:?})");
    };
    let expected = format!("{}{START}{}{}", &readme[..start], graphgen::diagnostics::markdown_table(), &readme[end..]);
    if readme != expected {
        if std::env::var_os("CI").is_none() {
            std::fs::write(&path, &expected).expect("README.md is writable");
        }
        panic!("README.md's diagnostics table was stale; it has been rewritten (run the tests again)");
    }
}

#[test]
fn every_registered_code_is_reported_somewhere() {
    let src = workspace().join("codegen/graphgen/src");
    let files = graphgen::specs::walk_files(&src, |_| true, |f| f.ends_with(".rs")).unwrap();
    let text: String = files
        .iter()
        .filter(|f| *f != "diagnostics/codes.rs")
        .map(|f| std::fs::read_to_string(src.join(f)).unwrap())
        .collect();
    let unused: Vec<&str> = graphgen::diagnostics::Code::ALL
        .iter()
        .filter(|c| !text.contains(&format!("Code::{c:?}")))
        .map(|c| c.as_str())
        .collect();
    assert!(unused.is_empty(), "codes in the registry that nothing reports (remove them): {unused:?}");
}
