//! Rust names for wire names: every identifier the generator emits comes from
//! here, so nothing from a page can reach the output as raw tokens.
//!
//! Names are ASCII only, never keywords (a `_` is appended), never start with
//! a digit (prefixed), and never empty. Wire names stay in string literals.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that cannot be identifiers (strict and reserved, all editions), plus
/// names that would shadow prelude items the generated code relies on.
const RESERVED: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "crate",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "Self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try",
    "union",
    "macro_rules",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "rt",
];

/// Keep ASCII letters and digits; everything else separates words.
fn ascii_words(wire: &str) -> String {
    let trimmed = wire.trim_start_matches('#').trim_start_matches('@');
    let mut out = String::with_capacity(trimmed.len());
    for ch in trimmed.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

fn finish(mut name: String, fallback: &str) -> String {
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, if fallback.starts_with(char::is_uppercase) { "N" } else { "n" });
    }
    if RESERVED.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `chromeOSOnboardingStatus` → `ChromeOsOnboardingStatus`.
pub fn type_name(wire: &str) -> String {
    let wire = wire.rsplit('.').next().unwrap_or(wire);
    finish(ascii_words(wire).to_upper_camel_case(), "Unnamed")
}

/// `ownerUserPrincipalName` → `owner_user_principal_name`.
pub fn field_name(wire: &str) -> String {
    finish(ascii_words(wire).to_snake_case(), "field")
}

/// Enum member: `inprogress` → `Inprogress`, `unknownFutureValue` → `UnknownFutureValue`.
pub fn variant_name(wire: &str) -> String {
    finish(ascii_words(wire).to_upper_camel_case(), "Value")
}

/// Module name for an API area: `deviceManagement` → `device_management`.
pub fn module_name(wire: &str) -> String {
    finish(ascii_words(wire).to_snake_case(), "area")
}

/// Makes names unique within one scope: the second `Foo` becomes `Foo2`, and so on.
/// Deterministic given the order of calls.
#[derive(Default, Debug)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// For each name asked for twice, the suffix to try next: names are never
    /// released, so every suffix below it is still taken (keeps `unique` linear).
    next: std::collections::HashMap<String, u64>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserve a name that generated code itself uses in this scope.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    pub fn unique(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        // `Self_` + 2 is `Self2`, not `Self_2` (which is not UpperCamelCase).
        let base = name.trim_end_matches('_');
        let base = if base.is_empty() { name.as_str() } else { base };
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        let mut n = self.next.get(&name).copied().unwrap_or(2);
        loop {
            let candidate = format!("{base}{sep}{n}");
            n += 1;
            if self.taken.insert(candidate.clone()) {
                self.next.insert(name, n);
                return candidate;
            }
        }
    }
}

/// How many ASCII capitals `s` has: of two spellings of one name, the one with more is
/// the camelCase one (`calendarGroups`, not `calendargroups`).
pub fn capitals(s: &str) -> usize {
    s.bytes().filter(u8::is_ascii_uppercase).count()
}

/// Whether `name` can be used as an identifier as is (used by emit as a last check).
pub fn is_valid_ident(name: &str) -> bool {
    !name.is_empty()
        && !RESERVED.contains(&name)
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rust_conventions() {
        assert_eq!(type_name("chromeOSOnboardingStatus"), "ChromeOsOnboardingStatus");
        assert_eq!(
            type_name("microsoft.graph.deviceManagementDomainJoinConnector"),
            "DeviceManagementDomainJoinConnector"
        );
        assert_eq!(field_name("ownerUserPrincipalName"), "owner_user_principal_name");
        assert_eq!(field_name("lastConnectionDateTime"), "last_connection_date_time");
        assert_eq!(variant_name("unknownFutureValue"), "UnknownFutureValue");
        assert_eq!(module_name("deviceManagement"), "device_management");
    }

    #[test]
    fn hostile_names_become_valid_identifiers() {
        for wire in ["type", "self", "Self", "2fa", "@odata.type", "", "\u{202e}evil", "); }", "*/", "r#x", "None", "_"]
        {
            for name in [type_name(wire), field_name(wire), variant_name(wire), module_name(wire)] {
                assert!(is_valid_ident(&name), "{wire:?} gave {name:?}");
            }
        }
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("@odata.type"), "odata_type");
        assert_eq!(field_name("2fa"), "n2fa");
    }

    #[test]
    fn scope_deduplicates_deterministically() {
        let mut scope = Scope::new();
        assert_eq!(scope.unique("Foo".into()), "Foo");
        assert_eq!(scope.unique("Foo".into()), "Foo2");
        assert_eq!(scope.unique("Foo".into()), "Foo3");
        assert_eq!(scope.unique("v2".into()), "v2");
        assert_eq!(scope.unique("v2".into()), "v2_2");
        assert_eq!(scope.unique("Self_".into()), "Self_");
        assert_eq!(scope.unique("Self_".into()), "Self2");
        assert_eq!(scope.unique("type_".into()), "type_");
        assert_eq!(scope.unique("type_".into()), "type2");
    }
}
