//! The whole 2020 docs tree (`../shared/corpus/msgraph-docs-2020/api-reference/{beta,v1.0}`),
//! when it is beside the checkout: each version is generated into a temporary
//! crate, checked with all features (zero errors, zero warnings), and its
//! example round-trip tests are run. The bars of issue 3:
//! - every API page produces operations or a diagnostic naming the reason; ≥ 99% produce operations;
//! - the crate compiles with all features, with no warning, and with each area alone (and none);
//! - ≥ 95% of the usable JSON example payloads round-trip, and every example test the
//!   generator writes passes (each also checks which keys decoding leaves untyped);
//! - no unresolved type reference names a type that has a resource page in the tree;
//! - every request line the API pages document is an operation's method and path, and no
//!   type lacks a row of its own resource page's property table (`tests/documented.rs` reads
//!   both by plain string matching, not with the generator's reader);
//! - every documented path is a walk through the resource handles that builds that path,
//!   and no handle method or navigation is named by a position number or `_via_`.
//!
//! The v1.0 crate is then driven through its blocking client against a local server
//! answering the docs' own example responses (`tests/fixtures/loopback`): `get_user`, `/me`,
//! a delta page, a `$value` download, a channel message and `addPassword`.
//!
//! Skips (passing, with a note) when the corpus is absent. `GRAPHGEN_CORPUS=skip` skips it too.

mod documented;

use graphgen::report;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus_tree() -> Option<PathBuf> {
    if std::env::var("GRAPHGEN_CORPUS").is_ok_and(|v| v == "skip") {
        return None;
    }
    let dir = graphgen_tests::corpus()?.join("msgraph-docs-2020/api-reference");
    dir.is_dir().then_some(dir)
}

/// Another docs tree of the corpus (`msgraph-docs-current`): its `api-reference` folder, when
/// the 2020 tree is there (not skipped) and so is this one; otherwise `None`, with a note.
fn corpus_of(name: &str) -> Option<PathBuf> {
    if corpus_tree().is_none() {
        eprintln!("note: ../shared/corpus not found (or GRAPHGEN_CORPUS=skip); corpus test skipped");
        return None;
    }
    let dir = graphgen_tests::corpus()?.join(name).join("api-reference");
    if !dir.is_dir() {
        eprintln!("note: {name} not found; skipped");
        return None;
    }
    Some(dir)
}

/// Shared by both versions and kept between runs, so dependencies build once.
fn target_dir() -> PathBuf {
    graphgen_tests::workspace().join("target/corpus")
}

fn cargo(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_TERM_COLOR", "never")
        // No debug info and no incremental state: these crates are large and built once.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_PROFILE_TEST_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

/// Resource page file stems of the tree (`resources/user.md` → `user`).
fn resource_stems(tree: &Path) -> BTreeSet<String> {
    std::fs::read_dir(tree.join("resources"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".md")).map(str::to_ascii_lowercase))
                .collect()
        })
        .unwrap_or_default()
}

fn generate_and_check(version: &str) {
    let Some(root) = corpus_tree() else {
        eprintln!("note: ../shared/corpus not found (or GRAPHGEN_CORPUS=skip); corpus test skipped");
        return;
    };
    let specs = root.join(version);
    let out = graphgen_tests::temp_dir(&format!("corpus-{version}"));
    let crate_name = format!("msgraph-corpus-{}", version.replace('.', "-"));
    let run = graphgen_tests::generate_crate(&specs, version, &crate_name, &out).expect("the tree is generated");
    let report = report::build(&run);
    let t = &report.totals;
    eprintln!("{version}: {}", run.summary);

    // 1. Every API page: operations, or a diagnostic that names the reason.
    for page in &report.api_pages_without_operations {
        assert!(!page.reasons.is_empty(), "{version}/{} produced no operation and no diagnostic says why", page.page);
    }
    let share = t.api_pages_with_operations as f64 / t.api_pages.max(1) as f64;
    assert!(share >= 0.99, "{version}: only {:.2}% of API pages produce operations", share * 100.0);

    // Docs errors the model proves: reported by code, each with its page; the beta tree's
    // `/users/{id}/calendarGroup/calendars` (the relationship is `calendarGroups`) among them.
    let counts: Vec<String> =
        report.docs_errors.iter().map(|(code, flags)| format!("{code} {}", flags.len())).collect();
    eprintln!("{version}: docs errors: {}", counts.join(", "));
    if version == "beta" {
        let flags = report.docs_errors.get("path-not-in-model").map_or(&[][..], Vec::as_slice);
        assert!(
            flags.iter().any(|f| f.starts_with("api/calendar-get.md:") && f.contains("did you mean `calendarGroups`?")),
            "beta: the calendarGroup path is not flagged: {flags:?}"
        );
    }

    // 4. No unresolved reference to a type that has a resource page.
    let stems = resource_stems(&specs);
    let with_page: Vec<&String> = report
        .unresolved_types
        .keys()
        .filter(|name| {
            let name = name.to_ascii_lowercase();
            stems.contains(&name) || stems.iter().any(|s| s.ends_with(&format!("-{name}")))
        })
        .collect();
    assert!(with_page.is_empty(), "{version}: unresolved types that have a resource page: {with_page:?}");

    // 6. Every documented request line is in the crate: an operation has its method and path
    //    (read here by plain string matching, not by the generator's reader).
    let produced: HashSet<(&str, String)> = run
        .ir
        .operations
        .iter()
        .flat_map(|op| op.paths.iter().map(move |p| (op.method.as_str(), documented::path_shape(&p.template))))
        .collect();
    let without: BTreeSet<&str> = report.api_pages_without_operations.iter().map(|p| p.page.as_str()).collect();
    let lines = documented::request_lines(&specs);
    let missing: Vec<&(String, String, String)> = lines
        .iter()
        .filter(|(file, method, path)| {
            !without.contains(file.as_str()) && !produced.contains(&(method.as_str(), path.clone()))
        })
        .collect();
    eprintln!("{version}: {} documented request lines, {} not in the crate", lines.len(), missing.len());
    assert!(missing.is_empty(), "{version}: documented requests no operation has: {missing:#?}");

    // 7. No type has fewer properties than its own resource page's table lists; `user` and
    //    `organization` come from their own pages.
    let mut short = Vec::new();
    for (file, names) in documented::property_rows(&specs) {
        let types: Vec<&graphgen::ir::ComplexType> = run.ir.types.iter().filter(|t| t.source.file == file).collect();
        for t in &types {
            let lacking: Vec<&String> =
                names.iter().filter(|n| !t.properties.iter().any(|p| p.wire_name.eq_ignore_ascii_case(n))).collect();
            if !lacking.is_empty() {
                short.push(format!("{} ({file}): {lacking:?}", t.wire_name));
            }
        }
    }
    assert!(short.is_empty(), "{version}: types lacking rows of their own page: {short:#?}");
    for name in ["user", "organization"] {
        let t = run.ir.types.iter().find(|t| t.wire_name == name).expect("the type is generated");
        assert_eq!(t.source.file, format!("resources/{name}.md"), "{version}: {name} comes from its own page");
    }

    // 8. Every documented path is a walk through the resource handles that builds that path,
    //    and no handle name is a position number or a `_via_`, stutters (`create_create_reply`), or
    //    calls a POST action `create_…`.
    let model = &run.ir.handles;
    let text = |pieces: &[graphgen::ir::PathPieceIr]| -> String {
        pieces
            .iter()
            .map(|p| match p {
                graphgen::ir::PathPieceIr::Literal { text } => text.clone(),
                graphgen::ir::PathPieceIr::Param { .. } => "{}".to_owned(),
            })
            .collect()
    };
    let mut unwalked = Vec::new();
    let mut paths = 0usize;
    for op in &run.ir.operations {
        for (i, path) in op.paths.iter().enumerate() {
            paths += 1;
            let Some(walk) = model.walks.get(&(op.id.clone(), i)) else {
                unwalked.push(format!("{} {}: no walk", op.method.as_str(), path.template));
                continue;
            };
            let mut built = String::new();
            for &(h, n) in &walk.steps {
                built += &text(&model.handles[h].navigations[n].pieces);
            }
            let method = &model.handles[walk.method.0].methods[walk.method.1];
            built += &text(&method.pieces);
            let builds = method.operation == op.id || method.also.contains(&op.id);
            // Against what the path's own pieces build (the reader's reading of the template).
            if !builds || documented::walk_shape(&built) != documented::walk_shape(&text(&path.pieces)) {
                unwalked.push(format!(
                    "{} {} walks to {built} ({})",
                    op.method.as_str(),
                    path.template,
                    method.operation
                ));
            }
        }
    }
    let mut bad_names = Vec::new();
    // A doubled word is a stutter unless a documented type's own name has it
    // (`deviceCompliancePolicyPolicySetItem`).
    let doubled = |name: &str| -> Vec<String> {
        let words: Vec<&str> = name.split('_').collect();
        words.windows(2).filter(|w| w[0] == w[1]).map(|w| format!("{0}_{0}", w[0])).collect()
    };
    let type_names: Vec<String> = run.ir.types.iter().map(|t| graphgen::naming::field_name(&t.wire_name)).collect();
    let actions: std::collections::BTreeSet<&str> = run
        .ir
        .operations
        .iter()
        .filter(|o| o.action_or_function && o.method == graphgen::ir::Method::Post)
        .map(|o| o.id.as_str())
        .collect();
    let numbered = |name: &str| {
        let digits = name.trim_start_matches(|c: char| !c.is_ascii_digit());
        name.ends_with(|c: char| c.is_ascii_digit()) && !name.contains(&format!("pkcs{digits}"))
    };
    for h in &model.handles {
        let own = std::iter::once(&h.rust_name);
        for name in own.chain(h.methods.iter().map(|m| &m.rust_name)).chain(h.navigations.iter().map(|n| &n.rust_name))
        {
            if name.contains("_via_") || numbered(name) {
                bad_names.push(format!("{}::{name}", h.rust_name));
            }
        }
        for m in &h.methods {
            let stutters = doubled(&m.rust_name).into_iter().any(|d| !type_names.iter().any(|t| t.contains(&d)));
            // An action whose own name says create (`createReply`, `createUploadSession`) is named so.
            let own = m.operation.split('?').next().unwrap_or("").rsplit(['/', '.']).next().unwrap_or("");
            let own = graphgen::naming::field_name(own.split('(').next().unwrap_or(own));
            let creates_an_action = m.rust_name.starts_with("create_")
                && !own.starts_with("create")
                && actions.contains(m.operation.as_str());
            if stutters || creates_an_action {
                bad_names.push(format!("{}::{} ({})", h.rust_name, m.rust_name, m.operation));
            }
        }
    }
    eprintln!("{version}: {paths} paths, {} handles, {} not walked", model.handles.len(), unwalked.len());
    assert!(unwalked.is_empty(), "{version}: paths the handles do not build: {unwalked:#?}");
    assert!(
        bad_names.is_empty(),
        "{version}: handle names by position, stuttering or `create_` actions: {bad_names:#?}"
    );

    // 2. The crate compiles with all features: no error, no warning.
    let (ok, text) = cargo(&out, &["check", "--all-features", "--message-format", "short", "--quiet"]);
    let problems: Vec<&str> = text.lines().filter(|l| l.contains("warning") || l.contains("error")).collect();
    assert!(ok && problems.is_empty(), "{version}: cargo check --all-features:\n{}", problems.join("\n"));

    // 2b. Each area compiles alone, and so does the crate with none: every type an area's
    //     items name is compiled with that area (the per-area type closure), no other.
    let mut areas: Vec<&str> = run.ir.operations.iter().map(|o| o.module.name()).collect();
    areas.sort_unstable();
    areas.dedup();
    let alone = std::iter::once(None).chain(areas.iter().map(Some));
    for area in alone {
        let mut args = vec!["check", "--no-default-features", "--message-format", "short", "--quiet"];
        if let Some(area) = area {
            args.extend(["--features", *area]);
        }
        let (ok, text) = cargo(&out, &args);
        let problems: Vec<&str> = text.lines().filter(|l| l.contains("warning") || l.contains("error")).collect();
        assert!(ok && problems.is_empty(), "{version}: cargo {}:\n{}", args.join(" "), problems.join("\n"));
    }
    eprintln!("{version}: each of {} areas compiles alone, and none", areas.len());

    // 3. The example round trips.
    let (tests_ok, text) = cargo(&out, &["test", "--all-features", "--test", "examples", "--", "--test-threads", "2"]);
    let mut passed = 0usize;
    let mut failed = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((name, outcome)) = rest.split_once(" ... ") else { continue };
        if !(name.ends_with("_request_body") || name.ends_with("_response_body")) {
            if outcome.trim() != "ok" {
                failed.push(name.to_owned());
            }
            continue;
        }
        if outcome.trim() == "ok" {
            passed += 1;
        } else {
            failed.push(name.to_owned());
        }
    }
    let usable = t.example_payloads_usable.max(1);
    let rate = passed as f64 / usable as f64;
    eprintln!(
        "{version}: {passed} of {} usable example payloads round-trip ({:.1}%); {} failed",
        t.example_payloads_usable,
        rate * 100.0,
        failed.len()
    );
    assert!(passed + failed.len() > 0, "{version}: no example test ran:\n{}", tail(&text));
    assert!(rate >= 0.95, "{version}: round trips below 95%; failed: {:#?}", &failed[..failed.len().min(40)]);
    // Every example test the generator writes passes, the strict key check included: a
    // user's `cargo test` of the generated crate is green.
    assert!(failed.is_empty(), "{version}: generated example tests fail: {:#?}", &failed[..failed.len().min(40)]);
    assert!(tests_ok, "{version}: the generated example tests did not run to the end:\n{}", tail(&text));

    // 5. The loopback client test: the v1.0 crate against a local server answering the docs' examples.
    if version == "v1.0" {
        loopback(&run.ir, &out, &graphgen_tests::runtime_dir());
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// The first example of operation `id` with a response body (and a request body when
/// `with_request`) whose request path `path_ok` accepts, as the loopback test reads it.
fn example_of(
    ir: &graphgen::ir::Ir,
    id: &str,
    with_request: bool,
    path_ok: impl Fn(&str) -> bool,
) -> serde_json::Value {
    let op = ir.operations.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("v1.0 has no operation {id}"));
    let example = op
        .examples
        .iter()
        .find(|e| {
            let request = e.request.as_ref();
            request.is_some_and(|r| path_ok(&r.path) && (!with_request || r.body.is_some()))
                && e.response.as_ref().is_some_and(|r| r.body.is_some())
        })
        .unwrap_or_else(|| panic!("{id} has no usable example of its own"));
    let (request, response) = (example.request.as_ref().unwrap(), example.response.as_ref().unwrap());
    serde_json::json!({
        "method": request.method,
        "path": request.path,
        "request": request.body,
        "status": response.status,
        "response": response.body,
    })
}

/// The first documented example of operation `id` with a JSON request body (its
/// response has none: `202 Accepted`, `204 No Content`).
fn example_sent(ir: &graphgen::ir::Ir, id: &str) -> serde_json::Value {
    let op = ir.operations.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("v1.0 has no operation {id}"));
    let example = op
        .examples
        .iter()
        .find(|e| e.request.as_ref().is_some_and(|r| r.body.is_some()))
        .unwrap_or_else(|| panic!("{id} has no example with a request body"));
    let request = example.request.as_ref().unwrap();
    serde_json::json!({
        "method": request.method,
        "path": request.path,
        "request": request.body,
        "status": example.response.as_ref().and_then(|r| r.status).unwrap_or(204),
        "response": null,
    })
}

/// Write the loopback crate (`tests/fixtures/loopback`) beside the generated v1.0 crate, with
/// the docs' examples of the operations it drives, and run its tests.
fn loopback(ir: &graphgen::ir::Ir, generated: &Path, runtime: &Path) {
    let fixture = graphgen_tests::workspace().join("tests/fixtures/loopback");
    let dir = graphgen_tests::temp_dir("loopback-v1");
    let any = |_: &str| true;
    let examples = serde_json::json!({
        "get_user": example_of(ir, "GET /users/{}", false, |p| p.starts_with("/users/") && !p.contains('?')),
        "get_me": example_of(ir, "GET /users/{}", false, |p| p == "/me"),
        "users_delta": example_of(ir, "GET /users/delta", false, |p| p == "/users/delta"),
        "channel_message": example_of(ir, "POST /teams/{}/channels/{}/messages", true, any),
        "add_password": example_of(ir, "POST /applications/{}/addPassword", true, any),
        "list_users": example_of(ir, "GET /users", false, |p| p == "/users"),
        "send_mail": example_sent(ir, "POST /me/sendMail"),
        // mailfolder-list-messages.md has no usable example (its dates are `datetime-value`):
        // the message list page of user-list-messages.md answers.
        "inbox_messages": example_of(ir, "GET /me/messages", false, any),
        "create_event": example_of(ir, "POST /me/events event", true, any),
        "accept_event": example_sent(ir, "POST /me/events/{}/accept"),
        "upload_file": example_of(ir, "PUT /drives/{}/items/{}/content", false, any),
        "add_member": example_sent(ir, "POST /groups/{}/members/$ref"),
        // application-post-applications.md's response says `"addIns": []` where its table
        // says one addIn (`example-type-mismatch`): the request alone is used.
        "create_application": example_sent(ir, "POST /applications"),
    });
    let manifest = std::fs::read_to_string(fixture.join("Cargo.toml.in"))
        .expect("the loopback manifest")
        .replace("{generated}", &generated.to_string_lossy())
        .replace("{runtime}", &runtime.to_string_lossy());
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(fixture.join("loopback.rs"), dir.join("loopback.rs")).unwrap();
    std::fs::copy(runtime.join("tests/support/mod.rs"), dir.join("support.rs")).unwrap();
    std::fs::write(dir.join("examples.json"), serde_json::to_string_pretty(&examples).unwrap()).unwrap();
    let (ok, text) = cargo(&dir, &["test", "--test", "loopback", "--", "--test-threads", "2"]);
    assert!(ok, "the loopback client test of the v1.0 crate failed:\n{}", tail(&text));
    let passed = text.lines().filter(|l| l.starts_with("test ") && l.ends_with(" ok")).count();
    eprintln!("v1.0: loopback client test: {passed} exchanges passed");
    let _ = std::fs::remove_dir_all(&dir);
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

#[test]
fn beta_tree_generates_compiles_and_round_trips() {
    generate_and_check("beta");
}

#[test]
fn v1_tree_generates_compiles_and_round_trips() {
    generate_and_check("v1.0");
}

/// The newer-format pages (`../shared/corpus/msgraph-docs-current`, permissions and roles in
/// includes): generated, checked with all features, and every example test passes (the
/// strict key check included); every example key is typed or diagnosed.
#[test]
fn newer_pages_generate_compile_and_pass_the_strict_check() {
    let Some(specs) = corpus_of("msgraph-docs-current") else { return };
    let out = graphgen_tests::temp_dir("corpus-current");
    let run = graphgen_tests::generate_crate(&specs, "current", "msgraph-corpus-current", &out).expect("generated");
    eprintln!("current: {}", run.summary);
    let k = run.ir.example_keys;
    let notes = |code: &str| run.diagnostics.iter().filter(|d| d.code == code).count();
    assert_eq!(k.untyped, notes("example-property-untyped"), "every untyped key is diagnosed");
    assert_eq!(k.undocumented, notes("example-property-undocumented"), "every undocumented key is diagnosed");
    assert!(k.typed > 0, "{k:?}");
    assert!(run.ir.operations.iter().any(|o| o.entra_roles.is_some()), "the rbac-for-apis include is read");
    let (ok, text) = cargo(&out, &["check", "--all-features", "--message-format", "short", "--quiet"]);
    let problems: Vec<&str> = text.lines().filter(|l| l.contains("warning") || l.contains("error")).collect();
    assert!(ok && problems.is_empty(), "current: cargo check --all-features:\n{}", problems.join("\n"));
    let (ok, text) = cargo(&out, &["test", "--all-features", "--test", "examples", "--", "--test-threads", "2"]);
    assert!(ok, "current: generated example tests fail:\n{}", tail(&text));
    let _ = std::fs::remove_dir_all(&out);
}

/// The bars of issue 16 on the pt-BR machine translation of 2023, each tree read
/// alone: operations from ≥ 99% of API pages; properties from every resource page
/// whose English 2020 page has them (a page the English docs leave empty is empty in
/// pt-BR too); no property, enum member, type or enum named from non-ASCII text; no
/// property left untyped because its type column is translated.
#[test]
fn pt_br_trees_are_read_by_structure() {
    let Some(root) = corpus_of("msgraph-docs-pt-BR-2023") else { return };
    for version in ["v1.0", "beta"] {
        let Ok(run) = graphgen::Generator::default().analyse(graphgen::Input::Folder(&root.join(version))) else {
            panic!("pt-BR {version}: the tree is readable")
        };
        let Ok(english) = graphgen::Generator::default()
            .analyse(graphgen::Input::Folder(&corpus_tree().unwrap_or_default().join(version)))
        else {
            panic!("{version}: the English tree is readable")
        };
        let flagged = |run: &graphgen::pipeline::Run, code: &str| -> HashSet<String> {
            run.diagnostics.iter().filter(|d| d.code == code).map(|d| d.file.clone()).collect()
        };
        let resource_pages = |run: &graphgen::pipeline::Run| -> HashSet<String> {
            run.pages.iter().filter(|p| p.kind == graphgen::ir::PageKind::Resource).map(|p| p.path.clone()).collect()
        };
        let (pt_empty, en_empty) =
            (flagged(&run, "resource-without-properties"), flagged(&english, "resource-without-properties"));
        let (pt_resources, en_resources) = (resource_pages(&run), resource_pages(&english));
        let with_properties_in_english: Vec<&String> =
            pt_resources.iter().filter(|f| en_resources.contains(*f) && !en_empty.contains(*f)).collect();
        let lost: Vec<&&String> = with_properties_in_english.iter().filter(|f| pt_empty.contains(**f)).collect();
        let report = report::build(&run);
        let (api, with_ops) = (run.summary.api_pages, report.totals.api_pages_with_operations);
        let ir = &run.ir;
        let non_ascii_properties: Vec<(&str, &str)> = ir
            .types
            .iter()
            .flat_map(|t| t.properties.iter().map(move |p| (t.wire_name.as_str(), p.wire_name.as_str())))
            .filter(|(_, p)| !p.is_ascii())
            .collect();
        let non_ascii_members: Vec<(&str, &str)> = ir
            .enums
            .iter()
            .flat_map(|e| e.members.iter().map(move |m| (e.wire_name.as_str(), m.wire_name.as_str())))
            .filter(|(_, m)| !m.is_ascii())
            .collect();
        let non_ascii_names: Vec<&str> = ir
            .types
            .iter()
            .map(|t| t.wire_name.as_str())
            .chain(ir.enums.iter().map(|e| e.wire_name.as_str()))
            .filter(|n| !n.is_ascii())
            .collect();
        let untyped_translated: Vec<(&str, &str, &str)> = ir
            .types
            .iter()
            .flat_map(|t| t.properties.iter().map(move |p| (t.wire_name.as_str(), p)))
            .filter(|(_, p)| matches!(p.ty, graphgen::ir::TypeRef::Json) && !p.written_type.is_ascii())
            .map(|(t, p)| (t, p.wire_name.as_str(), p.written_type.as_str()))
            .collect();
        let translated = run.diagnostics.iter().filter(|d| d.code == "translated-identifier").count();
        eprintln!(
            "pt-BR {version}: {}; API pages with operations {with_ops} of {api}; resource pages yielding properties {} of {} ({} of the {} whose English page has them); translated-identifier {translated}",
            run.summary,
            pt_resources.len() - pt_empty.len(),
            pt_resources.len(),
            with_properties_in_english.len() - lost.len(),
            with_properties_in_english.len(),
        );
        assert!(with_ops * 100 >= api * 99, "pt-BR {version}: operations from {with_ops} of {api} API pages");
        assert!(
            lost.is_empty(),
            "pt-BR {version}: resource pages without properties whose English page has them: {lost:?}"
        );
        assert!(
            non_ascii_properties.is_empty(),
            "pt-BR {version}: properties named from translated text: {non_ascii_properties:?}"
        );
        assert!(
            non_ascii_members.is_empty(),
            "pt-BR {version}: enum members from translated text: {non_ascii_members:?}"
        );
        assert!(non_ascii_names.is_empty(), "pt-BR {version}: types named from translated text: {non_ascii_names:?}");
        assert!(
            untyped_translated.is_empty(),
            "pt-BR {version}: untyped translated type columns: {untyped_translated:?}"
        );
    }
}
