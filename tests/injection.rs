//! The injection corpus (`tests/fixtures/injection/`): pages whose titles,
//! names, descriptions, enum members, examples, paths, headers and permissions
//! try to break out of identifiers, string literals and doc comments. The
//! crate generated from them must parse, compile without a warning (library,
//! and the generated example tests), hold exactly the items the pages
//! describe, and carry page text only in literals and doc attributes.

use graphgen::Settings;
use graphgen::pipeline::{FsIncludes, Run};
use graphgen_tests::workspace;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    workspace().join("tests/fixtures/injection")
}

fn settings() -> Settings {
    Settings {
        crate_name: "injection-generated".into(),
        runtime_path: graphgen_tests::runtime_dir().to_string_lossy().into_owned(),
        specs_label: "injection".into(),
        ..Default::default()
    }
}

fn generate() -> Run {
    let specs = corpus();
    let inputs = graphgen_tests::read_pages(&specs);
    graphgen_tests::generate_pages(settings(), &inputs, &FsIncludes::new(&specs))
}

/// Every item of every generated Rust file, as `file: kind name`.
fn items(run: &Run) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for file in run.files.iter().filter(|f| f.path.ends_with(".rs")) {
        let parsed = syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
        // Items of inline modules (the per-area test modules) count too.
        let mut queue: Vec<syn::Item> = parsed.items;
        while let Some(item) = queue.pop() {
            if let syn::Item::Mod(m) = &item {
                if let Some((_, inner)) = &m.content {
                    queue.extend(inner.iter().cloned());
                }
            }
            let entry = match item {
                syn::Item::Struct(s) => format!("struct {}", s.ident),
                syn::Item::Enum(e) => format!("enum {}", e.ident),
                syn::Item::Fn(f) => format!("fn {}", f.sig.ident),
                syn::Item::Mod(m) => format!("mod {}", m.ident),
                syn::Item::Use(u) => format!("use {}", quote::quote!(#u)),
                syn::Item::Impl(i) => {
                    let ty = &i.self_ty;
                    let methods: Vec<String> = i
                        .items
                        .iter()
                        .map(|it| match it {
                            syn::ImplItem::Fn(f) => f.sig.ident.to_string(),
                            syn::ImplItem::Type(t) => format!("type {}", t.ident),
                            syn::ImplItem::Const(c) => format!("const {}", c.ident),
                            other => format!("{}", quote::quote!(#other)),
                        })
                        .collect();
                    match &i.trait_ {
                        Some((path, _)) => {
                            let name = path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
                            format!("impl {name} for {} {{ {} }}", quote::quote!(#ty), methods.join(", "))
                        }
                        None => format!("impl {} {{ {} }}", quote::quote!(#ty), methods.join(", ")),
                    }
                }
                other => format!("other {}", quote::quote!(#other)),
            };
            out.insert(format!("{}: {}", file.path, entry));
        }
    }
    out
}

/// What the corpus describes, and nothing else.
const EXPECTED_ITEMS: &[&str] = &[
    "src/lib.rs: mod n2fa_settings",
    "src/lib.rs: mod self_",
    "src/lib.rs: mod things",
    "src/lib.rs: use pub use graphgen_runtime as runtime ;",
    "src/n2fa_settings.rs: use # [allow (unused_imports)] use graphgen_runtime as rt ;",
    "src/self_.rs: enum Self_",
    "src/self_.rs: impl Deserialize for Self_ { deserialize }",
    "src/self_.rs: impl Display for Self_ { fmt }",
    "src/self_.rs: impl FromStr for Self_ { type Err, from_str }",
    "src/self_.rs: impl Self_ { as_str, from_wire }",
    "src/self_.rs: impl Serialize for Self_ { serialize }",
    "src/self_.rs: struct CrateRequest",
    "src/self_.rs: use # [allow (unused_imports)] use graphgen_runtime as rt ;",
    "src/things.rs: enum HostileEnum",
    "src/things.rs: impl Deserialize for HostileEnum { deserialize }",
    "src/things.rs: impl Display for HostileEnum { fmt }",
    "src/things.rs: impl FromStr for HostileEnum { type Err, from_str }",
    "src/things.rs: impl HostileEnum { as_str, from_wire }",
    "src/things.rs: impl Serialize for HostileEnum { serialize }",
    "src/things.rs: struct Type",
    "src/things.rs: use # [allow (unused_imports)] use graphgen_runtime as rt ;",
    "tests/examples.rs: fn assert_request_line",
    "tests/examples.rs: fn assert_same_json",
    "tests/examples.rs: fn body",
    "tests/examples.rs: fn request_body_round_trip",
    "tests/examples.rs: fn request_line",
    "tests/examples.rs: fn response_round_trip",
    "tests/examples.rs: fn json",
    "tests/examples.rs: fn arg",
    "tests/examples.rs: fn path_form",
    "tests/examples.rs: fn escapes_decoded",
    "tests/examples.rs: fn same_json",
    "src/things.rs: impl CreateChildrenOptions { apply }",
    "src/things.rs: impl ODataType for Type { const ODATA_TYPE, odata_type_annotation }",
    "src/things.rs: struct CreateChildrenOptions",
    "tests/examples.rs: mod things",
    "tests/examples/things.rs: use use super :: * ;",
    "tests/examples.rs: fn to_json",
    "tests/examples.rs: use use graphgen_runtime :: serde_json :: { self , Value } ;",
    "tests/examples.rs: use use graphgen_runtime :: { Error , Request } ;",
    "src/lib.rs: fn blocking_client",
    "src/lib.rs: fn client",
    "src/lib.rs: other # [doc = \" The API version these pages document (`v1.0`): [`client`] and [`blocking_client`] use it.\"] pub const API_VERSION : runtime :: ApiVersion = runtime :: ApiVersion :: V1 ;",
    "src/handles.rs: impl Default for Graph { default }",
    "src/handles.rs: use use graphgen_runtime as rt ;",
    "src/lib.rs: mod handles",
    "src/lib.rs: use pub use handles :: Graph ;",
    "src/n2fa_settings.rs: impl crate :: handles :: N2faSettingsItemHandle { get }",
    "src/n2fa_settings.rs: impl crate :: handles :: N2faSettingsItemTypeHandle { get }",
    "src/self_.rs: impl crate :: handles :: SelfHandle { crate_ }",
    "src/things.rs: impl crate :: handles :: TypeCollectionHandle { create }",
    "tests/examples/things.rs: fn type_collection_create_example_1_request_body",
    "tests/examples/things.rs: fn type_collection_create_example_1_response_body",
    "src/handles.rs: impl Graph { new, v1, const API_VERSION, base_url, path, n2fa_setting, n2fa_settings, self_, thing, things }",
    "src/handles.rs: impl N2faSettingsHandle { path, by_id }",
    "src/handles.rs: impl N2faSettingsItemHandle { path, type_ }",
    "src/handles.rs: impl N2faSettingsItemTypeHandle { path }",
    "src/handles.rs: impl SelfHandle { path }",
    "src/handles.rs: impl ThingsHandle { path, by_id }",
    "src/handles.rs: impl ThingsItemCrateHandle { path, field }",
    "src/handles.rs: impl ThingsItemCratePlaceHandle { path, evil }",
    "src/handles.rs: impl ThingsItemHandle { path, crate_, field }",
    "src/handles.rs: impl ThingsItemPlaceHandle { path, children }",
    "src/handles.rs: impl TypeCollectionHandle { path }",
    "src/handles.rs: struct Graph",
    "src/handles.rs: struct N2faSettingsHandle",
    "src/handles.rs: struct N2faSettingsItemHandle",
    "src/handles.rs: struct N2faSettingsItemTypeHandle",
    "src/handles.rs: struct SelfHandle",
    "src/handles.rs: struct ThingsHandle",
    "src/handles.rs: struct ThingsItemCrateHandle",
    "src/handles.rs: struct ThingsItemCratePlaceHandle",
    "src/handles.rs: struct ThingsItemHandle",
    "src/handles.rs: struct ThingsItemPlaceHandle",
    "src/handles.rs: struct TypeCollectionHandle",
    // Each struct's serde and equality, through the runtime's `object` routines.
    "src/self_.rs: impl Deserialize for CrateRequest { deserialize }",
    "src/self_.rs: impl Fields for CrateRequest { const EXPECTING, field }",
    "src/self_.rs: impl PartialEq for CrateRequest { eq }",
    "src/self_.rs: impl Serialize for CrateRequest { serialize }",
    "src/things.rs: impl Deserialize for Type { deserialize }",
    "src/things.rs: impl Fields for Type { const EXPECTING, field }",
    "src/things.rs: impl PartialEq for Type { eq }",
    "src/things.rs: impl Serialize for Type { serialize }",
];

#[test]
fn the_generated_crate_holds_exactly_the_described_items() {
    let run = generate();
    let actual = items(&run);
    let expected: BTreeSet<String> = EXPECTED_ITEMS.iter().map(|s| (*s).to_owned()).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&actual).collect();
    assert!(extra.is_empty() && missing.is_empty(), "items not described: {extra:#?}\nitems missing: {missing:#?}");
    let paths: Vec<&str> = run.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "rustfmt.toml",
            "src/handles.rs",
            "src/lib.rs",
            "src/n2fa_settings.rs",
            "src/self_.rs",
            "src/things.rs",
            "tests/examples.rs",
            "tests/examples/things.rs"
        ]
    );
}

/// Page text that must never reach the output as code.
const HOSTILE: &[&str] = &["injected", "*/", "/*", "\"#", "\u{202e}", "cfg", "//!", "r#"];

/// The tokens of a file with every literal and every `#[doc = ...]` /
/// `#![doc = ...]` attribute removed; identifiers checked on the way.
fn code_only(tokens: TokenStream, out: &mut String, file: &str) {
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Literal(_) => out.push_str(" <lit> "),
            TokenTree::Ident(ident) => {
                let s = ident.to_string();
                assert!(
                    !s.starts_with("r#") && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                    "{file}: identifier {s:?}"
                );
                out.push_str(&s);
                out.push(' ');
            }
            TokenTree::Punct(p) => {
                out.push(p.as_char());
                if p.as_char() == '#' {
                    // `#[doc = "..."]` or `#![doc = "..."]`: skip it whole.
                    if matches!(iter.peek(), Some(TokenTree::Punct(q)) if q.as_char() == '!') {
                        out.push('!');
                        iter.next();
                    }
                    if let Some(TokenTree::Group(g)) = iter.peek() {
                        if g.delimiter() == Delimiter::Bracket {
                            let first = g.stream().into_iter().next().map(|t| t.to_string());
                            if first.as_deref() == Some("doc") {
                                out.push_str("[doc]");
                                iter.next();
                            }
                        }
                    }
                }
            }
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                code_only(g.stream(), out, file);
                out.push_str(close);
            }
        }
    }
}

#[test]
fn page_text_reaches_the_output_only_in_literals_and_docs() {
    let run = generate();
    for file in run.files.iter().filter(|f| f.path.ends_with(".rs")) {
        let tokens: TokenStream = file.contents.parse().unwrap_or_else(|e| panic!("{}: {e}", file.path));
        let mut code = String::new();
        code_only(tokens, &mut code, &file.path);
        // The generator's own feature gates (`#[cfg(feature = "area")]`) are not page text.
        let code = code.replace("#[cfg (feature = <lit> )]", "#[feature_gate]");
        // The page documents a request header named `X-Injected` (its value cell is
        // the attack); the options field for it is an item the page described.
        let code = code.replace("x_injected", "x_header");
        for bad in HOSTILE {
            assert!(!code.contains(bad), "{}: {bad:?} outside literals and docs:\n{code}", file.path);
        }
        // The only attributes are the generator's own.
        let mut rest = code.as_str();
        while let Some(at) = rest.find("#[") {
            let attr = &rest[at + 2..];
            let name: String = attr.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            assert!(
                ["doc", "derive", "inline", "test", "track_caller", "allow", "feature_gate", "path"]
                    .contains(&name.as_str()),
                "{}: unexpected attribute #[{name}",
                file.path
            );
            rest = attr;
        }
        // Comments: only the header (`//`) and doc comments survive printing.
        for line in file.contents.lines() {
            let t = line.trim_start();
            if t.starts_with("//") {
                assert!(
                    t.starts_with("///") || t.starts_with("//!") || t.starts_with("// "),
                    "{}: {line:?}",
                    file.path
                );
                assert!(!t.contains('\u{202e}'), "{}: bidi override in a comment: {line:?}", file.path);
            }
            assert!(!t.starts_with("/*") && !t.starts_with("*/"), "{}: block comment {line:?}", file.path);
        }
        // Doc lines never open a code block that rustdoc would run.
        for line in file.contents.lines() {
            let doc = line.trim_start().strip_prefix("///").or_else(|| line.trim_start().strip_prefix("//!"));
            if let Some(doc) = doc {
                let doc = doc.trim_start();
                assert!(!doc.starts_with("```") && !doc.starts_with("~~~"), "{}: {line:?}", file.path);
            }
        }
    }
}

/// The target folder of this workspace (a dedicated subfolder keeps this
/// build apart from the workspace's own; `codegen/graphgen/tests/cli/hostile.rs` checks its
/// crate there too, with the same flags, so dependencies are built once).
fn target_dir() -> PathBuf {
    let base = option_env!("CARGO_TARGET_DIR").map_or_else(|| workspace().join("target"), PathBuf::from);
    base.join("generated-check")
}

fn write_crate(run: &Run, dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    for f in &run.files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.contents).unwrap();
    }
    // The workspace's lock file: the same dependency versions, already built or downloaded.
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

#[test]
fn the_generated_crate_compiles_without_warnings() {
    let run = generate();
    let dir = std::env::temp_dir().join(format!("graphgen-injection-{}", std::process::id()));
    write_crate(&run, &dir);
    let output = std::process::Command::new(env!("CARGO"))
        .args(["check", "--all-features", "--all-targets", "--offline", "--quiet", "--message-format", "short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(output.status.success(), "the generated crate does not compile:\n{stderr}");
    let problems: Vec<&str> = stderr.lines().filter(|l| l.contains("warning") || l.contains("error")).collect();
    assert!(problems.is_empty(), "the generated crate has warnings:\n{stderr}");
}

#[test]
fn hostile_pages_give_diagnostics_not_internal_errors() {
    let run = generate();
    assert!(!run.diagnostics.iter().any(|d| d.code == "internal-error"));
    let lines: Vec<String> = run.diagnostics.iter().map(ToString::to_string).collect();
    // The digit-first type name is refused with an error, not mangled silently.
    assert!(lines.iter().any(|l| l.contains("1stthing.md") && l.contains("resource-name-missing")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("header-name-invalid")), "{lines:#?}");
}
