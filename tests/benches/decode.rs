//! Decode speed of the generated types: a 10 MB collection page of users and
//! one of messages, built from the docs' example responses, decoded into the
//! generated `Page<User>` / `Page<Message>` and into `serde_json::Value`.
//!
//! `cargo bench -p graphgen-tests --bench decode`
//!
//! It generates the 2020 v1.0 tree into `target/decode-bench/msgraph-v1`,
//! writes the pages and a small program beside it, and runs that program in
//! release mode: each figure is the best of `BENCH_RUNS` (10) decodes, each
//! including freeing what it built. `BENCH_ALLOCATOR=mimalloc` runs it with
//! mimalloc as the global allocator (the system's by default).

use graphgen::ir::{Ir, TypeRef};
use std::path::Path;
use std::process::Command;

/// The size of each page.
const PAGE_BYTES: usize = 10 << 20;

fn main() {
    let root = graphgen_tests::workspace();
    let root = root.canonicalize().unwrap_or(root);
    let bench = root.join("target/decode-bench");
    let tree = root.join("../shared/corpus/msgraph-docs-2020/api-reference/v1.0");
    let run =
        graphgen_tests::generate_crate(&tree, "v1.0", "msgraph-v1", &bench.join("msgraph-v1")).unwrap_or_else(|e| {
            eprintln!("{e}; is ../shared/ beside the project?");
            std::process::exit(1);
        });

    let mut features = Vec::new();
    let mut cases = Vec::new();
    for wire in ["user", "message"] {
        let Some(t) = run.ir.types.iter().find(|t| t.wire_name == wire) else {
            eprintln!("the v1.0 tree has no `{wire}` type");
            std::process::exit(1);
        };
        features.push(match &t.module {
            graphgen::ir::Module::Area(area) => area.clone(),
            graphgen::ir::Module::Shared => t.features.first().cloned().unwrap_or_else(|| "full".into()),
        });
        let items = example_items(&run.ir, wire);
        if items.is_empty() {
            eprintln!("no example response of the v1.0 tree holds a `{wire}`");
            std::process::exit(1);
        }
        let file = format!("{wire}s.json");
        let (bytes, count) = page(&items);
        write(&bench.join(&file), &bytes);
        println!("{file}: {count} {wire}s ({} distinct examples), {:.1} MB", items.len(), bytes.len() as f64 / 1e6);
        cases.push(format!(
            "    case::<msgraph_v1::{}::{}>(\"{wire}\", &dir.join(\"{file}\"), runs);",
            t.module.name(),
            t.rust_name
        ));
    }
    features.sort();
    features.dedup();
    let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    write(
        &bench.join("Cargo.toml"),
        format!(
            "[workspace]\n\n[package]\nname = \"decode-bench\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [[bin]]\nname = \"decode-bench\"\npath = \"main.rs\"\n\n[dependencies]\n\
             msgraph-v1 = {{ path = \"msgraph-v1\", default-features = false, features = [{}] }}\n\
             serde_json = \"1\"\nserde = \"1\"\nmimalloc = {{ version = \"0.1\", default-features = false, optional = true }}\n\n\
             [profile.release]\ncodegen-units = 16\n",
            features.join(", ")
        )
        .as_bytes(),
    );
    write(&bench.join("main.rs"), PROGRAM.replace("    // CASES\n", &(cases.join("\n") + "\n")).as_bytes());
    if !bench.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), bench.join("Cargo.lock"));
    }
    let runs = std::env::var("BENCH_RUNS").unwrap_or_else(|_| "10".into());
    let mimalloc = std::env::var("BENCH_ALLOCATOR").is_ok_and(|a| a == "mimalloc");
    println!("allocator: {}", if mimalloc { "mimalloc" } else { "the system's" });
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&bench)
        .env("CARGO_TARGET_DIR", bench.join("target"))
        .args(["run", "-q", "--release"])
        .args(mimalloc.then_some(["--features", "mimalloc"]).into_iter().flatten())
        .args(["--", &bench.to_string_lossy(), &runs])
        .status()
        .expect("cargo runs");
    std::process::exit(status.code().unwrap_or(1));
}

/// The `wire` objects of the docs' example responses: collection items, or the body itself.
fn example_items(ir: &Ir, wire: &str) -> Vec<serde_json::Value> {
    let mut items = Vec::new();
    for op in &ir.operations {
        let returns = op.response.ty.as_ref().is_some_and(|ty| names(ty, wire));
        if !returns {
            continue;
        }
        for example in &op.examples {
            let Some(body) = example.response.as_ref().and_then(|r| r.body.as_ref()) else { continue };
            match body.get("value") {
                Some(serde_json::Value::Array(values)) => {
                    items.extend(values.iter().filter(|v| v.is_object()).cloned());
                }
                _ if body.is_object() => {
                    let mut item = body.clone();
                    if let Some(object) = item.as_object_mut() {
                        object.remove("@odata.context");
                    }
                    items.push(item);
                }
                _ => {}
            }
        }
    }
    items.sort_by_key(|v| v.to_string());
    items.dedup();
    items
}

fn names(ty: &TypeRef, wire: &str) -> bool {
    match ty {
        TypeRef::Named { wire_name, .. } => wire_name == wire,
        TypeRef::Collection { item } => names(item, wire),
        _ => false,
    }
}

/// `{"@odata.context": …, "value": [items repeated to PAGE_BYTES], "@odata.nextLink": …}`.
fn page(items: &[serde_json::Value]) -> (Vec<u8>, usize) {
    let mut out = br#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#bench","value":["#.to_vec();
    let mut count = 0;
    while out.len() < PAGE_BYTES {
        if count > 0 {
            out.push(b',');
        }
        out.extend(serde_json::to_vec(&items[count % items.len()]).unwrap_or_default());
        count += 1;
    }
    out.extend(br#"],"@odata.nextLink":"https://graph.microsoft.com/v1.0/bench?$skiptoken=X"}"#);
    (out, count)
}

fn write(path: &Path, bytes: &[u8]) {
    graphgen_tests::write_if_changed(path, bytes).expect("the bench folder is writable");
}

const PROGRAM: &str = r#"//! Written by graphgen's decode bench: typed decoding against `serde_json::Value`.
use std::path::Path;
use std::time::{Duration, Instant};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The fastest of `runs` calls, each freeing what it returned.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(f());
        best = best.min(started.elapsed());
    }
    best
}

fn case<T: serde::de::DeserializeOwned>(name: &str, file: &Path, runs: usize) {
    let bytes = std::fs::read(file).expect("the page was written");
    let page: msgraph_v1::runtime::Page<T> = serde_json::from_slice(&bytes).expect("the page decodes as typed");
    let typed = best(runs, || serde_json::from_slice::<msgraph_v1::runtime::Page<T>>(&bytes).ok());
    let value = best(runs, || serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "{name:<8} {:>6} items of {:>5} bytes  typed {:>7.1} ms ({:>5.0} MB/s)  serde_json::Value {:>7.1} ms ({:>5.0} MB/s)  typed speed-up {:.2}x",
        page.value.len(),
        std::mem::size_of::<T>(),
        typed.as_secs_f64() * 1e3,
        mb / typed.as_secs_f64(),
        value.as_secs_f64() * 1e3,
        mb / value.as_secs_f64(),
        value.as_secs_f64() / typed.as_secs_f64(),
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(&args[1]);
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(10).max(1);
    // CASES
}
"#;
