//! Unit tests of the lenient parser: repairs, error positions, depth, linearity.

use super::*;
use serde_json::json;

fn ok(text: &str) -> Lenient {
    parse_lenient(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

#[test]
fn strict_json_has_no_repairs() {
    let l = ok(r#"{"blockType": "request", "name": ["a", "b"]}"#);
    assert!(l.repairs.is_empty());
    assert_eq!(l.value, json!({"blockType": "request", "name": ["a", "b"]}));
}

#[test]
fn trailing_commas() {
    let l = ok("{\n  \"a\": true,\n  \"b\": [1, 2,],\n}");
    assert_eq!(l.value, json!({"a": true, "b": [1, 2]}));
    assert_eq!(l.repairs, vec!["trailing-comma"]);
}

#[test]
fn comments_and_ellipsis() {
    let l = ok("{\n  \"isMuted\": true, // will be set\n  /* block\n */ \"v\": [\n    {\"a\": 1},\n    ...\n  ]\n}");
    assert_eq!(l.value, json!({"isMuted": true, "v": [{"a": 1}]}));
    assert!(l.repairs.contains(&"comment"));
    assert!(l.repairs.contains(&"ellipsis"));
    let l = ok("[ …, {\"a\": 1}, … ]");
    assert_eq!(l.value, json!([{"a": 1}]));
}

#[test]
fn comment_markers_inside_strings_are_kept() {
    let l = ok("{\"url\": \"https://x/*y*/\", }");
    assert_eq!(l.value, json!({"url": "https://x/*y*/"}));
}

#[test]
fn single_quotes_and_unquoted_keys() {
    let l = ok("[ { 'target':'#para-id', 'say \"hi\"': 'it\\'s' } ]");
    assert_eq!(l.value, json!([{"target": "#para-id", "say \"hi\"": "it's"}]));
    let l = ok("{ \"blockType\": \"response\", isCollection: true, truncated: true }");
    assert_eq!(l.value, json!({"blockType": "response", "isCollection": true, "truncated": true}));
    assert_eq!(l.repairs, vec!["unquoted-key"]);
}

#[test]
fn bare_words_missing_commas_and_tabs() {
    let l = ok("{\"isOrganizationDefault\":boolean-value, \"n\": -1.5e3}");
    assert_eq!(l.value, json!({"isOrganizationDefault": "boolean-value", "n": -1500.0}));
    let l = ok("{\"id\":\"492c\"\n\"accountEnabled\":true,}");
    assert_eq!(l.value, json!({"id": "492c", "accountEnabled": true}));
    assert!(l.repairs.contains(&"missing-comma"));
    let l = ok("{\"a\": \"x\ty\",}");
    assert_eq!(l.value, json!({"a": "x\ty"}));
    let l = ok("{\"t\": \"Bearer \\{token\\}\",}");
    assert_eq!(l.value, json!({"t": "Bearer \\{token\\}"}));
}

#[test]
fn errors_carry_original_positions() {
    let e = parse_lenient("{\n  \"a\": 1,\n  \"b\": [1, 2\n").unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    let e = parse_lenient("{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\" 3 }").unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    // The raw newline that breaks the string is reported where it is met: line 1's end / line 2.
    let e = parse_lenient("{\"a\": \"unterminated,\n  \"b\": 1\n}").unwrap_err();
    assert!(e.line <= 2, "{e}");
    let l = ok("{\"suppressions\": [\"Warning: x:\n  more\"],}");
    assert_eq!(l.value, json!({"suppressions": ["Warning: x:\n  more"]}));
    assert!(!e.message.contains(" at line "));
    assert!(parse_lenient("").is_err());
    assert!(parse_lenient("...").is_err());
    assert!(parse_lenient(",,,").is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert!(parse_lenient(&deep).is_err_and(|e| e.too_deep && (e.line, e.column) == (1, 128)));
    let deep = "[".repeat(100_000) + &"],".repeat(100_000);
    assert!(parse_lenient(&deep).is_err_and(|e| e.too_deep));
    // As deep as serde_json allows: parsed.
    let ok = "[".repeat(127) + &"]".repeat(127);
    assert!(parse_lenient(&ok).is_ok());
    let over = "[".repeat(128) + &"]".repeat(128);
    assert!(parse_lenient(&over).is_err_and(|e| e.too_deep));
}

#[test]
fn arbitrary_bytes_never_panic() {
    let samples = [
        "{'",
        "'\\",
        "\"\\",
        "/*",
        "//",
        "{a:",
        "{:}",
        "…",
        "\u{a0}{}",
        "{\"é\": é…}",
        "[1 2 3]",
        "{\"a\":1}}",
        "}",
        "\u{0}",
        "{\"\u{1}\":1,}",
        "-",
        "1e",
        "0x10",
        "{/}",
        "{é:1,}",
    ];
    for s in samples {
        let _ = parse_lenient(s);
    }
    assert_eq!(ok("{é:1,}").value, json!({"é": 1}));
    assert_eq!(ok("[1 2 3]").value, json!([1, 2, 3]));
}

#[test]
fn large_input_is_linear() {
    let mut s = String::from("[");
    for i in 0..200_000 {
        s.push_str(&format!("{{'k{i}': {i},}},\n"));
    }
    s.push(']');
    let start = std::time::Instant::now();
    let l = ok(&s);
    assert_eq!(l.value.as_array().map(Vec::len), Some(200_000));
    assert!(start.elapsed().as_secs() < 10);
}
