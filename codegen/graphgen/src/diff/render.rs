//! A diff written down: markdown for a pull-request comment, JSON for tools,
//! and the semver step it calls for.

use super::{Change, Impact, Step};

/// The step and the reason: major for any breaking change, minor for additions
/// only, patch for changes that leave the Rust API as it was. Additions are minor
/// under the crate's compatibility contract (the README's): structs are built
/// with `..Default::default()` and open enums matched with a `_` arm. Cargo's own
/// rules call a new field of an all-public struct, or a new variant of an
/// exhaustive enum, major; the reason says so when members were added.
pub fn semver(changes: &[Change]) -> (Step, String) {
    let count = |impact: Impact| changes.iter().filter(|c| c.impact == impact).count();
    let (breaking, added, other) = (count(Impact::Breaking), count(Impact::Addition), count(Impact::Other));
    let members = changes.iter().filter(|c| c.kind == "enum-member-added").count();
    if breaking > 0 {
        let first = changes
            .iter()
            .find(|c| c.impact == Impact::Breaking)
            .map_or(String::new(), |c| format!(" (the first: {}: {})", c.subject, c.detail));
        (Step::Major, format!("{breaking} breaking changes{first}"))
    } else if added > 0 {
        let caveat = if members > 0 {
            format!(
                "; {members} enum members are new: the generated enums are exhaustive, so code that matches every member without a `_` arm (outside the crate's compatibility contract) needs a new arm"
            )
        } else {
            String::new()
        };
        (Step::Minor, format!("{added} additions and nothing removed or retyped{caveat}"))
    } else if other > 0 {
        (
            Step::Patch,
            format!(
                "{other} changes that leave the Rust API as it was (descriptions, titles, permissions no more privileged)"
            ),
        )
    } else {
        (Step::None, "the two documents describe the same API".to_owned())
    }
}

fn step_name(step: Step) -> &'static str {
    match step {
        Step::Major => "major",
        Step::Minor => "minor",
        Step::Patch => "patch",
        Step::None => "none",
    }
}

/// The markdown summary: counts, then breaking changes, additions and other
/// changes, each a table of subject, change and where; then the semver step.
pub fn markdown(old: &str, new: &str, changes: &[Change]) -> String {
    let mut out = format!("## Docs update: {old} → {new}\n\n");
    let (step, why) = semver(changes);
    let sections = [
        (Impact::Breaking, "Breaking changes"),
        (Impact::Addition, "Additions"),
        (Impact::Other, "Changes that do not alter the Rust API"),
    ];
    let count = |impact: Impact| changes.iter().filter(|c| c.impact == impact).count();
    out.push_str(&format!(
        "{} breaking, {} added, {} other. Semver: **{}**.\n",
        count(Impact::Breaking),
        count(Impact::Addition),
        count(Impact::Other),
        step_name(step)
    ));
    for (impact, title) in sections {
        let items: Vec<&Change> = changes.iter().filter(|c| c.impact == impact).collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {title} ({})\n\n| | change | where |\n|---|---|---|\n", items.len()));
        for c in items {
            out.push_str(&format!(
                "| `{}` | {} (`{}`) | {} |\n",
                cell(&c.subject),
                cell(&c.detail),
                c.kind,
                c.source.as_deref().map_or(String::new(), |s| format!("`{}`", cell(s)))
            ));
        }
    }
    out.push_str(&format!("\n### Semver\n\n**{}**: {why}.\n", step_name(step)));
    out
}

/// Text made safe for a markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('`', "'").replace('\n', " ")
}

/// The JSON form: the changes and the semver step with its reason.
pub fn to_json(old: &str, new: &str, changes: &[Change]) -> String {
    let (step, why) = semver(changes);
    let value = serde_json::json!({
        "old": old,
        "new": new,
        "semver": step,
        "semver_reason": why,
        "changes": changes,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
