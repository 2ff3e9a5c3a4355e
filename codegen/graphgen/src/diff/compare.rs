//! The changes between two IR documents, each found by identity.

use super::{Change, Impact};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Every change from `old` to `new`, sorted: breaking first, then additions,
/// then the rest; within each, by subject and kind.
pub fn compare(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Changes(Vec::new());
    operations(&mut out, old, new);
    types(&mut out, old, new);
    enums(&mut out, old, new);
    let mut changes = out.0;
    changes.sort();
    changes.dedup();
    changes
}

struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, impact: Impact, kind: &'static str, subject: &str, detail: String, source: Option<String>) {
        self.0.push(Change { impact, subject: subject.to_owned(), kind, detail, source });
    }
}

fn str_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn list<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The items of `v[key]` by the string each has at `id`, compared without case: the docs
/// spell one type `identitySet` and `IdentitySet`, and the generator reads them as one.
fn by<'v>(v: &'v Value, key: &str, id: &str) -> BTreeMap<String, &'v Value> {
    list(v, key).iter().map(|item| (str_of(item, id).to_ascii_lowercase(), item)).collect()
}

/// `file:line` of a `{"file", "line"}` value.
fn at(source: Option<&Value>) -> Option<String> {
    let s = source?;
    Some(format!("{}:{}", s.get("file")?.as_str()?, s.get("line").and_then(Value::as_u64).unwrap_or(0)))
}

/// `file:line` of a property row: its own line in its type's file.
fn row_at(owner: &Value, row: &Value) -> Option<String> {
    let file = owner.get("source")?.get("file")?.as_str()?;
    Some(format!("{file}:{}", row.get("line").and_then(Value::as_u64).unwrap_or(0)))
}

/// A structured type as a reader writes it: `Edm.String`, `user`, `Collection(user)`, `untyped JSON`.
fn type_text(t: Option<&Value>) -> String {
    let Some(t) = t else { return "nothing".into() };
    match str_of(t, "kind") {
        "primitive" => str_of(t, "edm").to_owned(),
        "named" => str_of(t, "wire_name").to_owned(),
        "collection" => format!("Collection({})", type_text(t.get("item"))),
        "untyped" => "untyped JSON".into(),
        other => other.to_owned(),
    }
}

/// A property's or parameter's type, with its collection flag.
fn row_type(row: &Value) -> String {
    let t = type_text(row.get("type"));
    if row.get("collection").and_then(Value::as_bool).unwrap_or(false) && !t.starts_with("Collection(") {
        format!("Collection({t})")
    } else {
        t
    }
}

/// The items of `old[key]` and `new[key]` matched by the string at `id`: each one only OLD
/// has is a `kinds.0` change, each one only NEW has a `kinds.1`, named `{noun}{id}`; the
/// pairs both have are returned as (id as NEW spells it, OLD's item, NEW's item).
fn matched<'v>(
    out: &mut Changes,
    (old, new): (&'v Value, &'v Value),
    (key, id): (&str, &str),
    kinds: (&'static str, &'static str),
    noun: &str,
) -> Vec<(&'v str, &'v Value, &'v Value)> {
    let (a, b) = (by(old, key, id), by(new, key, id));
    for (k, item) in &a {
        if !b.contains_key(k) {
            let name = str_of(item, id);
            out.push(Impact::Breaking, kinds.0, name, format!("{noun}{name} is gone"), at(item.get("source")));
        }
    }
    let mut pairs = Vec::new();
    for (k, item) in &b {
        let name = str_of(item, id);
        match a.get(k) {
            Some(was) => pairs.push((name, *was, *item)),
            None => out.push(Impact::Addition, kinds.1, name, format!("{noun}{name} is new"), at(item.get("source"))),
        }
    }
    pairs
}

fn operations(out: &mut Changes, old: &Value, new: &Value) {
    let pairs = matched(out, (old, new), ("operations", "id"), ("operation-removed", "operation-added"), "");
    for (id, was, op) in pairs {
        operation(out, id, was, op);
    }
}

fn operation(out: &mut Changes, id: &str, was: &Value, op: &Value) {
    let here = at(op.get("source"));
    let paths = |v: &Value| -> BTreeMap<String, Option<String>> {
        list(v, "paths").iter().map(|p| (str_of(p, "template").to_owned(), at(p.get("source")))).collect()
    };
    let (pa, pb) = (paths(was), paths(op));
    for (path, source) in &pa {
        if !pb.contains_key(path) {
            out.push(Impact::Breaking, "path-removed", id, format!("path {path} is gone"), source.clone());
        }
    }
    for (path, source) in &pb {
        if !pa.contains_key(path) {
            out.push(Impact::Addition, "path-added", id, format!("path {path} is new"), source.clone());
        }
    }
    // The response.
    let response = |v: &Value| list(v, "responses").first().cloned();
    let (ra, rb) = (response(was), response(op));
    let shape = |r: &Option<Value>| {
        r.as_ref().map_or(("nothing".to_owned(), String::new()), |r| {
            let t = type_text(r.get("type"));
            let t = if r.get("collection").and_then(Value::as_bool).unwrap_or(false) {
                format!("Collection({t})")
            } else {
                t
            };
            (t, str_of(r, "shape").to_owned())
        })
    };
    let (sa, sb) = (shape(&ra), shape(&rb));
    if !sa.0.eq_ignore_ascii_case(&sb.0) || sa.1 != sb.1 {
        out.push(
            Impact::Breaking,
            "response-changed",
            id,
            format!("the response is {} ({}), was {} ({})", sb.0, sb.1, sa.0, sa.1),
            here.clone(),
        );
    } else {
        let status = |r: &Option<Value>| r.as_ref().and_then(|r| r.get("status")).and_then(Value::as_u64);
        if status(&ra) != status(&rb) {
            out.push(
                Impact::Other,
                "response-status-changed",
                id,
                format!("the success status is {:?}, was {:?}", status(&rb), status(&ra)),
                here.clone(),
            );
        }
    }
    request_body(out, id, was, op, &here);
    // Query and function parameters.
    let here_fn = |_: &Value| here.clone();
    rows(
        out,
        id,
        "parameter",
        (list(was, "query_parameters"), list(op, "query_parameters")),
        "name",
        (&here_fn, &here_fn),
    );
    permissions(out, id, was, op);
    for key in ["title", "description"] {
        if was.get(key) != op.get(key) {
            out.push(Impact::Other, "description-changed", id, format!("the {key} changed"), here.clone());
        }
    }
}

fn request_body(out: &mut Changes, id: &str, was: &Value, op: &Value, here: &Option<String>) {
    let (ba, bb) = (was.get("request_body"), op.get("request_body"));
    let kind = |b: Option<&Value>| b.map_or("none", |b| str_of(b, "kind")).to_owned();
    let sent = |b: Option<&Value>| b.map(|b| type_text(b.get("type"))).unwrap_or_default();
    if kind(ba) != kind(bb) || (kind(bb) == "type" && !sent(ba).eq_ignore_ascii_case(&sent(bb))) {
        out.push(
            Impact::Breaking,
            "request-body-changed",
            id,
            format!("the request body is {} {}, was {} {}", kind(bb), sent(bb), kind(ba), sent(ba)).replace("  ", " "),
            here.clone(),
        );
    } else if kind(bb) == "parameters" {
        let (pa, pb) = (ba.map_or(&[][..], |b| list(b, "parameters")), bb.map_or(&[][..], |b| list(b, "parameters")));
        let here_fn = |_: &Value| here.clone();
        rows(out, id, "parameter", (pa, pb), "wire_name", (&here_fn, &here_fn));
    }
    let required = |v: &Value| -> BTreeSet<String> {
        list(v, "required_body").iter().filter_map(Value::as_str).map(str::to_owned).collect()
    };
    for name in required(op).difference(&required(was)) {
        out.push(
            Impact::Breaking,
            "parameter-required",
            id,
            format!("request property {name} became required"),
            here.clone(),
        );
    }
}

/// Where a row is, in OLD and in NEW.
type RowSource<'f> = &'f dyn Fn(&Value) -> Option<String>;

/// Named rows (parameters, properties) of one owner, OLD's and NEW's: removed, added, retyped.
fn rows(
    out: &mut Changes,
    subject: &str,
    what: &str,
    (was, now): (&[Value], &[Value]),
    name_key: &str,
    (old_source, new_source): (RowSource<'_>, RowSource<'_>),
) {
    let (a, b): (BTreeMap<&str, &Value>, BTreeMap<&str, &Value>) = (
        was.iter().map(|r| (str_of(r, name_key), r)).collect(),
        now.iter().map(|r| (str_of(r, name_key), r)).collect(),
    );
    let kinds: (&'static str, &'static str, &'static str) = match what {
        "parameter" => ("parameter-removed", "parameter-added", "parameter-retyped"),
        _ => ("property-removed", "property-added", "property-retyped"),
    };
    for (name, row) in &a {
        match b.get(name) {
            None => out.push(Impact::Breaking, kinds.0, subject, format!("{what} {name} is gone"), old_source(row)),
            Some(now) if !row_type(row).eq_ignore_ascii_case(&row_type(now)) => out.push(
                Impact::Breaking,
                kinds.2,
                subject,
                format!("{what} {name} is {}, was {}", row_type(now), row_type(row)),
                new_source(now),
            ),
            _ => {}
        }
    }
    for (name, row) in &b {
        if !a.contains_key(name) {
            out.push(
                Impact::Addition,
                kinds.1,
                subject,
                format!("{what} {name} ({}) is new", row_type(row)),
                new_source(row),
            );
        }
    }
}

/// How privileged a scope is: writing above reading, `.All` above the signed-in user's own.
fn privilege(scope: &str) -> u32 {
    let write = ["Write", "Manage", "FullControl", "AccessAsUser"].iter().any(|w| scope.contains(w));
    let all = scope.ends_with(".All") || scope.contains(".All.");
    u32::from(write) * 2 + u32::from(all)
}

fn permissions(out: &mut Changes, id: &str, was: &Value, op: &Value) {
    let (a, b) = (by(was, "permissions", "permission_type"), by(op, "permissions", "permission_type"));
    let supported = |p: &Value| p.get("supported").and_then(Value::as_bool).unwrap_or(false);
    let least = |p: &Value| -> BTreeSet<String> {
        list(p, "least_privileged").iter().filter_map(Value::as_str).map(str::to_owned).collect()
    };
    for (kind, before) in &a {
        if supported(before) && !b.contains_key(kind) {
            out.push(
                Impact::Breaking,
                "permission-withdrawn",
                id,
                format!("{kind} callers are no longer documented"),
                at(op.get("source")),
            );
        }
    }
    for (kind, now) in &b {
        let kind = kind.as_str();
        let here = at(now.get("source"));
        // A row OLD lacks counts as one that said "not supported".
        let was_supported = a.get(kind).is_some_and(|before| supported(before));
        match (was_supported, supported(now)) {
            (true, false) => out.push(
                Impact::Breaking,
                "permission-withdrawn",
                id,
                format!("{kind} callers are no longer supported"),
                here,
            ),
            (false, true) => {
                out.push(Impact::Addition, "permission-added", id, format!("{kind} callers are now supported"), here)
            }
            _ => {
                let Some(before) = a.get(kind) else { continue };
                let (from, to) = (least(before), least(now));
                if from == to {
                    continue;
                }
                let lowest = |s: &BTreeSet<String>| s.iter().map(|p| privilege(p)).min().unwrap_or(0);
                let listed = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
                let (impact, code) = if lowest(&to) > lowest(&from) {
                    (Impact::Breaking, "permission-more-privileged")
                } else {
                    (Impact::Other, "permission-changed")
                };
                out.push(
                    impact,
                    code,
                    id,
                    format!("{kind}: least privileged {}, was {}", listed(&to), listed(&from)),
                    here,
                );
            }
        }
    }
}

fn types(out: &mut Changes, old: &Value, new: &Value) {
    let pairs = matched(out, (old, new), ("types", "wire_name"), ("type-removed", "type-added"), "type ");
    for (name, was, t) in pairs {
        let base = |v: &Value| Some(str_of(v, "base_type")).filter(|b| !b.is_empty()).unwrap_or("none").to_owned();
        if !base(was).eq_ignore_ascii_case(&base(t)) {
            out.push(
                Impact::Breaking,
                "base-type-changed",
                name,
                format!("the base type is {}, was {}", base(t), base(was)),
                at(t.get("source")),
            );
        }
        let (old_row, new_row) = (|row: &Value| row_at(was, row), |row: &Value| row_at(t, row));
        rows(
            out,
            name,
            "property",
            (list(was, "properties"), list(t, "properties")),
            "wire_name",
            (&old_row, &new_row),
        );
        described(out, name, was, t, "properties", "wire_name");
    }
}

/// One change for the descriptions that changed in a type or enum (its own and its rows').
fn described(out: &mut Changes, name: &str, was: &Value, now: &Value, rows: &str, key: &str) {
    let a: BTreeMap<&str, &Value> = list(was, rows).iter().map(|r| (str_of(r, key), r)).collect();
    let changed = list(now, rows)
        .iter()
        .filter(|r| a.get(str_of(r, key)).is_some_and(|w| w.get("description") != r.get("description")))
        .count();
    let own = was.get("description") != now.get("description");
    if own || changed > 0 {
        let detail = match (own, changed) {
            (true, 0) => "its description changed".to_owned(),
            (true, n) => format!("its description and {n} of its {rows}' changed"),
            (false, n) => format!("the descriptions of {n} of its {rows} changed"),
        };
        out.push(Impact::Other, "description-changed", name, detail, at(now.get("source")));
    }
}

fn enums(out: &mut Changes, old: &Value, new: &Value) {
    let pairs = matched(out, (old, new), ("enums", "wire_name"), ("enum-removed", "enum-added"), "enum ");
    for (name, was, e) in pairs {
        let here = at(e.get("source"));
        let members = |v: &Value| -> BTreeSet<String> {
            list(v, "members").iter().map(|m| str_of(m, "wire_name").to_owned()).collect()
        };
        let (ma, mb) = (members(was), members(e));
        for m in ma.difference(&mb) {
            out.push(Impact::Breaking, "enum-member-removed", name, format!("member {m} is gone"), here.clone());
        }
        for m in mb.difference(&ma) {
            out.push(Impact::Addition, "enum-member-added", name, format!("member {m} is new"), here.clone());
        }
        described(out, name, was, e, "members", "wire_name");
    }
}
