//! Mutation of real pages: lines spliced between pages, table cells dropped or
//! duplicated, truncation, hostile tokens, random characters, deep nesting of
//! every construct, request path segments and table rows repeated past the
//! bounds of `graphgen::limits`, chains and cycles of base types.

use crate::{Rng, Seed};

/// Text that tries to break out of identifiers, literals and doc comments, or
/// to confuse the readers.
pub const HOSTILE: &[&str] = &[
    "*/",
    "/*",
    "\"#",
    "r#\"",
    "\"###",
    "\u{202e}",
    "\u{2066}",
    "\u{feff}",
    "\u{0}",
    "); }",
    "}]) ;",
    "#[cfg(any())]",
    "//!",
    "///",
    "/* */",
    "type",
    "self",
    "Self",
    "crate",
    "async",
    "r#type",
    "2fa",
    "@odata.type",
    "@odata.nextLink",
    "|",
    "\\|",
    "||||",
    "|:---|:---|",
    "```",
    "~~~",
    "```http",
    "<!--",
    "-->",
    "<!-- { \"blockType\": \"request\" } -->",
    "<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.x\" } -->",
    "[!INCLUDE [x](../../includes/x.md)]",
    "[!INCLUDE [",
    "<a name=\"x\"></a>",
    "## ",
    "# ",
    "> ",
    "- ",
    "1. ",
    "---",
    "\r\n",
    "\r",
    "\t",
    "{",
    "}",
    "[",
    "]",
    "{\"value\": [",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "1e999999",
    "-0",
    "99999999999999999999999",
    "POST /a/{id}/b",
    "GET /{x}",
    "GET /users('{id}')",
    "/{",
    "}/",
    "HTTP/1.1 200 OK",
    "HTTP/1.1 999999999999 OK",
    "HTTP/1.1 204 No Content",
    "Content-Type: application/json",
    "Collection(",
    "Collection(Collection(",
    "microsoft.graph.",
    "String collection",
    "Edm.",
    "&#x202e;",
    "&amp;",
    "&nbsp;",
    "**",
    "`",
    "ǅ",
    "ß",
    "İ",
    "ﬁ",
    "𝔘",
    "Ⅻ",
    "ⅰ",
    "\u{0301}",
    "٣",
];

/// Lines spliced in from elsewhere: whole structural lines of real pages.
const STRUCTURE: &[&str] = &[
    "## Permissions",
    "## HTTP request",
    "## Request headers",
    "## Request body",
    "## Response",
    "## Example",
    "### Request",
    "### Response",
    "## Properties",
    "## Members",
    "## Relationships",
    "## JSON representation",
    "|Property|Type|Description|",
    "|Member|Value|Description|",
    "|Permission type|Permissions (from least to most privileged)|",
    "|Header|Value|",
    "|Parameter|Type|Description|",
    "|:---|:---|:---|",
    "|Delegated (work or school account)|User.Read.All|",
    "|Application|Not supported.|",
    "|id|String|The id.|",
    "|value|Int32|x|",
    "doc_type: apiPageType",
    "doc_type: resourcePageType",
    "doc_type: enumPageType",
    "title: \"x resource type\"",
    "Namespace: microsoft.graph",
];

fn char_floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn random_char(rng: &mut Rng) -> char {
    match rng.below(6) {
        0 => char::from(rng.below(0x20) as u8),
        1..=3 => char::from(0x20 + rng.below(0x5f) as u8),
        4 => char::from_u32(0x80 + rng.below(0x3000) as u32).unwrap_or('?'),
        _ => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
    }
}

/// Split a table line into cells, keeping the leading/trailing pipes apart.
fn mutate_cells(rng: &mut Rng, line: &str) -> String {
    let mut cells: Vec<&str> = line.split('|').collect();
    if cells.len() < 2 {
        return line.to_owned();
    }
    let i = rng.below(cells.len());
    match rng.below(4) {
        0 => {
            cells.remove(i);
        }
        1 => {
            let cell = cells[i];
            cells.insert(i, cell);
        }
        2 => {
            let j = rng.below(cells.len());
            cells.swap(i, j);
        }
        _ => cells.insert(i, ""),
    }
    cells.join("|")
}

fn nesting(rng: &mut Rng) -> String {
    // Mostly shallow; now and then as deep as a hostile page (the bounds in `graphgen::limits`).
    let depth = if rng.chance(20) { 1 + rng.below(200_000) } else { 1 + rng.below(3000) };
    match rng.below(11) {
        0 => format!("{}x\n", ">".repeat(depth)),
        1 => (0..depth.min(400)).map(|d| format!("{}- x\n", "  ".repeat(d))).collect(),
        2 => format!("```json\n{}{}\n```\n", "[".repeat(depth), "]".repeat(rng.below(depth + 1))),
        3 => format!("<!-- {}{} -->\n", "{\"a\":".repeat(depth), "}".repeat(rng.below(depth + 1))),
        4 => format!("{}x{}\n", "[".repeat(depth), "](y)".repeat(rng.below(depth + 1))),
        5 => format!("{}x\n", "- ".repeat(depth)),
        6 => format!("{}|a|b|\n{}|-|-|\n", "> ".repeat(depth), "> ".repeat(depth)),
        7 => format!("|p|{}String{}|x|\n", "Collection(".repeat(depth), ")".repeat(rng.below(depth + 1))),
        8 => format!("{}x{}\n", "<!-- ".repeat(depth), " -->".repeat(rng.below(depth + 1))),
        9 => format!("---\ntitle: {}\n---\n", "[".repeat(depth)),
        _ => format!("{}x{}\n", "*".repeat(depth), "*".repeat(rng.below(depth + 1))),
    }
}

/// How many times a repeating mutation repeats: mostly a few, now and then past the bounds.
fn repeat_count(rng: &mut Rng) -> usize {
    if rng.chance(10) { 1 + rng.below(5_000) } else { 1 + rng.below(20) }
}

/// Repeat one segment of a request path (`/users/{id}` → `/users/{id}/users/{id}/…`).
fn repeat_path_segment(rng: &mut Rng, line: &str) -> Option<String> {
    let start = line.find(" /")? + 1;
    let path_end = line[start..].find(char::is_whitespace).map_or(line.len(), |e| start + e);
    let path = &line[start..path_end];
    let cuts: Vec<usize> = path.match_indices('/').map(|(i, _)| i).collect();
    let from = *cuts.get(rng.below(cuts.len()))?;
    let to = cuts.iter().copied().find(|&c| c > from).unwrap_or(path.len());
    let segment = &path[from..to];
    let repeated = segment.repeat(repeat_count(rng));
    Some(format!("{}{}{}{}", &line[..start + from], repeated, &path[to..], &line[path_end..]))
}

/// Repeat a table row, its first cell numbered so that the rows stay distinct (or not).
fn repeat_table_row(rng: &mut Rng, line: &str) -> String {
    let count = repeat_count(rng);
    let numbered = rng.chance(2);
    let mut out = String::with_capacity(line.len() * count);
    for i in 0..count {
        if numbered {
            let body = line.trim_start_matches('|');
            out.push('|');
            let cut = body.find('|').unwrap_or(body.len());
            out.push_str(body[..cut].trim_end());
            out.push_str(&i.to_string());
            out.push_str(&body[cut..]);
        } else {
            out.push_str(line);
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Resource pages whose base types form a chain `length` long (sometimes closed into a cycle).
pub fn base_type_chain(rng: &mut Rng, length: usize) -> Vec<(String, String)> {
    let cycle = rng.chance(4);
    (0..length)
        .map(|i| {
            let base = match i {
                0 if cycle => Some(length - 1),
                0 => None,
                _ => Some(i - 1),
            };
            let inherits = base.map(|b| format!("Inherits from [chain{b}](chain{b}.md).\n\n")).unwrap_or_default();
            let text = format!(
                "---\ntitle: \"chain{i} resource type\"\ndoc_type: resourcePageType\n---\n\n# chain{i} resource type\n\nNamespace: microsoft.graph\n\n{inherits}## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|p{i}|String|x|\n|shared|[chain{b}](chain{b}.md)|x|\n",
                b = base.unwrap_or(i)
            );
            (format!("resources/chain{i}.md"), text)
        })
        .collect()
}

/// Apply one random mutation to `text`.
pub fn mutate_once(rng: &mut Rng, text: &str, seeds: &[Seed]) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let n = lines.len();
    match rng.below(19) {
        // Repeat a segment of a request path.
        16 => {
            let candidates: Vec<usize> = (0..n).filter(|&i| lines[i].contains(" /")).collect();
            if let Some(&i) = candidates.get(rng.below(candidates.len())) {
                if let Some(line) = repeat_path_segment(rng, &lines[i]) {
                    lines[i] = line;
                }
            }
        }
        // Repeat a table row.
        17 => {
            let candidates: Vec<usize> = (0..n).filter(|&i| lines[i].starts_with('|')).collect();
            if let Some(&i) = candidates.get(rng.below(candidates.len())) {
                lines[i] = repeat_table_row(rng, &lines[i]);
            }
        }
        // Deep nesting, again (deepening is the commonest way to find a recursion).
        18 => {
            let at = rng.below(n + 1);
            lines.insert(at, nesting(rng));
        }
        // Splice lines from another page.
        0 | 1 => {
            let other = &rng.pick(seeds).text;
            let other: Vec<&str> = other.split_inclusive('\n').collect();
            if !other.is_empty() {
                let start = rng.below(other.len());
                let len = 1 + rng.below(8);
                let at = rng.below(n + 1);
                let chunk: Vec<String> =
                    other[start..(start + len).min(other.len())].iter().map(|s| (*s).to_owned()).collect();
                lines.splice(at..at, chunk);
            }
        }
        // Drop, duplicate or swap table cells.
        2 | 3 => {
            let table_lines: Vec<usize> = (0..n).filter(|&i| lines[i].contains('|')).collect();
            if let Some(&i) = table_lines.get(rng.below(table_lines.len())) {
                lines[i] = mutate_cells(rng, &lines[i]);
            }
        }
        // Truncate.
        4 => {
            let cut = char_floor(text, rng.below(text.len() + 1));
            return text[..cut].to_owned();
        }
        // Hostile token at a random place.
        5..=7 => {
            let at = char_floor(text, rng.below(text.len() + 1));
            let token = rng.pick(HOSTILE);
            return format!("{}{}{}", &text[..at], token, &text[at..]);
        }
        // Hostile token inside a table cell or heading.
        8 => {
            let candidates: Vec<usize> =
                (0..n).filter(|&i| lines[i].starts_with('|') || lines[i].starts_with('#')).collect();
            if let Some(&i) = candidates.get(rng.below(candidates.len())) {
                let line = &lines[i];
                let at = char_floor(line, 1 + rng.below(line.len()));
                let token = rng.pick(HOSTILE);
                lines[i] = format!("{}{}{}", &line[..at], token, &line[at..]);
            }
        }
        // Random characters.
        9 => {
            let at = char_floor(text, rng.below(text.len() + 1));
            let noise: String = (0..1 + rng.below(16)).map(|_| random_char(rng)).collect();
            return format!("{}{}{}", &text[..at], noise, &text[at..]);
        }
        // Delete a run of lines.
        10 => {
            let at = rng.below(n);
            let len = 1 + rng.below(6);
            lines.drain(at..(at + len).min(n));
        }
        // Duplicate a run of lines.
        11 => {
            let at = rng.below(n);
            let len = 1 + rng.below(6);
            let chunk: Vec<String> = lines[at..(at + len).min(n)].to_vec();
            let to = rng.below(lines.len() + 1);
            lines.splice(to..to, chunk);
        }
        // Swap two lines.
        12 => {
            let (a, b) = (rng.below(n), rng.below(n));
            lines.swap(a, b);
        }
        // A structural line of some page.
        13 => {
            let at = rng.below(n + 1);
            lines.insert(at, format!("{}\n", rng.pick(STRUCTURE)));
        }
        // Deep nesting.
        14 => {
            let at = rng.below(n + 1);
            lines.insert(at, nesting(rng));
        }
        // Flip a byte to another ASCII character.
        _ => {
            let at = char_floor(text, rng.below(text.len()));
            let mut out = text[..at].to_owned();
            out.push(char::from(0x20 + rng.below(0x5f) as u8));
            let rest = &text[at..];
            let skip = rest.chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[skip..]);
            return out;
        }
    }
    lines.concat()
}

/// A page path for a mutated page: the seed's, sometimes moved to another
/// folder, made plain text or given a locale.
fn mutate_path(rng: &mut Rng, path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.trim_end_matches(".md").trim_end_matches(".txt").trim_end_matches(".plain");
    match rng.below(8) {
        0 => format!("api/{stem}.md"),
        1 => format!("resources/{stem}.md"),
        2 => format!("api/{stem}.plain.txt"),
        3 => format!("api/{stem}.de-de.md"),
        _ => path.to_owned(),
    }
}

/// The largest page a case grows to (the scale tests cover bigger ones).
const MAX_CASE_BYTES: usize = 4 << 20;

/// One fuzz case: one or more pages (the first is the mutated one).
pub fn generate(rng: &mut Rng, seeds: &[Seed]) -> Vec<(String, String)> {
    let seed = rng.pick(seeds);
    let mut text = seed.text.clone();
    let max_rounds = if rng.chance(8) { 40 } else { 6 };
    let rounds = 1 + rng.below(max_rounds);
    for _ in 0..rounds {
        text = mutate_once(rng, &text, seeds);
        // Repeating mutations compound; past a few megabytes a case only tests the machine.
        if text.len() > MAX_CASE_BYTES {
            text.truncate(char_floor(&text, MAX_CASE_BYTES));
            break;
        }
    }
    let mut pages = vec![(mutate_path(rng, &seed.path), text)];
    // Other pages beside it, so that lowering merges and resolves across pages.
    for _ in 0..rng.below(4) {
        let other = rng.pick(seeds);
        let text = if rng.chance(2) { mutate_once(rng, &other.text, seeds) } else { other.text.clone() };
        pages.push((other.path.clone(), text));
    }
    // A chain of base types beside it (sometimes past `MAX_BASE_DEPTH`, sometimes a cycle).
    if rng.chance(12) {
        let length = 2 + if rng.chance(4) { rng.below(300) } else { rng.below(12) };
        pages.extend(base_type_chain(rng, length));
    }
    // Same path twice (a translation beside its page, or a plain duplicate).
    if rng.chance(10) {
        let (p, t) = pages[0].clone();
        pages.push((p.replace(".md", ".ja-jp.md"), mutate_once(rng, &t, seeds)));
    }
    pages
}
