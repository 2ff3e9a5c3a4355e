//! The pipe-table fallback: a paragraph whose lines all start with `|` read as
//! a table (pulldown-cmark rejects tables whose delimiter row is missing or has
//! the wrong number of cells).

use super::inline::{Inline, Item, is_empty_text, render};
use crate::read::{Table, TableRow, Text};

/// Every source line of the paragraph (after any `>` markers) starts with `|`,
/// and there are at least two.
pub(super) fn looks_like_pipe_table(source: &str) -> bool {
    let mut count = 0;
    for line in source.lines() {
        let line = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
        if line.is_empty() {
            continue;
        }
        if !line.starts_with('|') {
            return false;
        }
        count += 1;
    }
    count >= 2
}

/// Read a paragraph of `|`-lines as a table: rows split at line breaks, cells
/// at unescaped `|` in text; the first `|:---|` row is the delimiter (the row
/// before it is the header); without one, the first row is the header.
pub(super) fn pipe_table(items: &[Item], line_of: impl Fn(usize) -> u32) -> Option<Table> {
    let mut rendered: Vec<(u32, Vec<Text>)> = split_rows(items)
        .into_iter()
        .map(|(at, cells)| {
            let mut cells: Vec<Text> = cells.iter().map(|c| render(c)).collect();
            // Leading and trailing pipes delimit nothing.
            if cells.first().is_some_and(is_empty_text) {
                cells.remove(0);
            }
            if cells.len() > 1 && cells.last().is_some_and(is_empty_text) {
                cells.pop();
            }
            (line_of(at), cells)
        })
        .collect();
    if rendered.len() < 2 {
        return None;
    }
    let header = match rendered.iter().position(|(_, cells)| is_delimiter_row(cells)) {
        Some(0) => {
            rendered.remove(0);
            Vec::new()
        }
        Some(d) => {
            rendered.remove(d);
            rendered.remove(d - 1).1
        }
        None => rendered.remove(0).1,
    };
    let rows = rendered.into_iter().map(|(line, cells)| TableRow { line, cells }).collect();
    Some(Table { header, rows })
}

/// The paragraph's rows (split at line breaks) with the offset each starts at,
/// each row's cells (split at unescaped `|` in text) as the items they hold.
fn split_rows(items: &[Item]) -> Vec<(usize, Vec<Vec<Item>>)> {
    let mut rows: Vec<(usize, Vec<Vec<Item>>)> = Vec::new();
    let mut row: Vec<Vec<Item>> = vec![Vec::new()];
    let mut row_at: Option<usize> = None;
    let finish_row = |rows: &mut Vec<(usize, Vec<Vec<Item>>)>, row: &mut Vec<Vec<Item>>, at: Option<usize>| {
        let cells = std::mem::replace(row, vec![Vec::new()]);
        if let Some(at) = at {
            rows.push((at, cells));
        }
    };
    for item in items {
        match &item.kind {
            Inline::Break => {
                finish_row(&mut rows, &mut row, row_at.take());
                continue;
            }
            Inline::Text { text, escaped_pipe } => {
                row_at.get_or_insert(item.at);
                let mut piece_start = 0;
                for (i, _) in text.match_indices('|') {
                    if i == 0 && *escaped_pipe {
                        continue;
                    }
                    let piece = &text[piece_start..i];
                    if let Some(cell) = row.last_mut() {
                        if !piece.is_empty() {
                            cell.push(Item {
                                at: item.at + piece_start,
                                kind: Inline::Text { text: piece.to_owned(), escaped_pipe: false },
                            });
                        }
                    }
                    // Marks that the cell was closed by a pipe.
                    row.push(Vec::new());
                    piece_start = i + 1;
                }
                let rest = &text[piece_start..];
                if !rest.is_empty() {
                    if let Some(cell) = row.last_mut() {
                        cell.push(Item {
                            at: item.at + piece_start,
                            kind: Inline::Text { text: rest.to_owned(), escaped_pipe: false },
                        });
                    }
                }
            }
            _ => {
                row_at.get_or_insert(item.at);
                if let Some(cell) = row.last_mut() {
                    cell.push(item.clone());
                }
            }
        }
    }
    finish_row(&mut rows, &mut row, row_at.take());
    rows
}

fn is_delimiter_row(cells: &[Text]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|c| {
            let t = c.text.replace(' ', "");
            let t = t.trim_start_matches(':').trim_end_matches(':');
            !t.is_empty() && t.chars().all(|ch| ch == '-')
        })
}
