//! Naming the columns of a table: blank and duplicate header names, nameless empty columns;
//! each column is then typed in `typing`. Also the line lists of notes.

use std::collections::HashSet;

use super::Cell;
use super::typing::type_cells;
use crate::bilingual;
use crate::i18n::{Bilingual, Words};
use crate::model::value::{Field, Schema, Value};

/// A header cell without spaces or stray BOMs.
pub(super) fn clean_name(raw: &str) -> String {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .to_owned()
}

/// Name the columns (blank → `spalte_N`, duplicates → `name_2`), drop nameless columns without
/// data, and type every column.
pub(super) fn build_columns(
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
    decimal_comma: bool,
    notes: &mut Vec<Bilingual>,
) -> (Schema, Vec<Vec<Value>>) {
    let numbers: Vec<usize> = (0..header.len()).collect();
    build_columns_numbered(header, rows, &numbers, decimal_comma, notes)
}

/// [`build_columns`] for columns that are not consecutive: `numbers[j]` is column `j`'s
/// position in the file (0-based), used for `spalte_N` and in notes.
pub(super) fn build_columns_numbered(
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
    numbers: &[usize],
    decimal_comma: bool,
    notes: &mut Vec<Bilingual>,
) -> (Schema, Vec<Vec<Value>>) {
    let cleaned: Vec<String> = header.iter().map(|h| clean_name(h)).collect();
    let mut taken: HashSet<String> = cleaned.iter().filter(|n| !n.is_empty()).cloned().collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut columns: Vec<(usize, String)> = Vec::new();
    for (j, name) in cleaned.iter().enumerate() {
        let has_data = rows.iter().any(|r| r.get(j).is_some_and(|c| !c.is_empty()));
        let final_name = if name.is_empty() {
            if !has_data {
                continue;
            }
            let n = numbers.get(j).copied().unwrap_or(j) + 1;
            let fresh = fresh_name(&format!("spalte_{n}"), &taken);
            notes.push(bilingual!(
                "Spalte {n} hat keinen Namen und heißt jetzt „{fresh}“.",
                "Column {n} has no name and is now called “{fresh}”."
            ));
            fresh
        } else if seen.contains(name) {
            let fresh = fresh_name(name, &taken);
            let n = numbers.get(j).copied().unwrap_or(j) + 1;
            notes.push(bilingual!(
                "Spaltenname „{name}“ kommt mehrfach vor; Spalte {n} heißt jetzt „{fresh}“.",
                "Column name “{name}” occurs more than once; column {n} is now called “{fresh}”."
            ));
            fresh
        } else {
            name.clone()
        };
        taken.insert(final_name.clone());
        seen.insert(final_name.clone());
        columns.push((j, final_name));
    }

    let mut fields = Vec::with_capacity(columns.len());
    let mut values: Vec<Vec<Value>> = vec![Vec::with_capacity(columns.len()); rows.len()];
    for (j, name) in columns {
        let cells: Vec<&Cell> = rows
            .iter()
            .map(|r| r.get(j).unwrap_or(&Cell::Empty))
            .collect();
        let (kind, column) = type_cells(&name, &cells, decimal_comma, notes);
        fields.push(Field { name, kind });
        for (row, v) in values.iter_mut().zip(column) {
            row.push(v);
        }
    }
    (Schema { fields }, values)
}

/// `base` if free, else `base_2`, `base_3` …
pub(super) fn fresh_name(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|k| format!("{base}_{k}"))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| base.to_owned())
}

/// "Zeile 5" / "Zeilen 5, 9 und 12" / "Zeilen 5, 9, … und 17 weitere".
pub(super) fn lines_phrase(lines: &[u64], w: Words) -> String {
    const SHOWN: usize = 10;
    let (line, lines_word, and) = (
        w.pick("Zeile", "Line"),
        w.pick("Zeilen", "Lines"),
        w.pick("und", "and"),
    );
    match lines {
        [] => String::new(),
        [one] => format!("{line} {one}"),
        _ => {
            let head: Vec<String> = lines.iter().take(SHOWN).map(u64::to_string).collect();
            if lines.len() > SHOWN {
                format!(
                    "{lines_word} {} … {and} {} {}",
                    head.join(", "),
                    lines.len() - SHOWN,
                    w.pick("weitere", "more")
                )
            } else {
                let (rest, last) = head.split_at(head.len().saturating_sub(1));
                format!("{lines_word} {} {and} {}", rest.join(", "), last.join(""))
            }
        }
    }
}

/// "Zeile 5 hat" / "Zeilen 5 und 9 haben" (and the English).
pub(super) fn lines_have_phrase(lines: &[u64], w: Words) -> String {
    let one = lines.len() == 1;
    format!(
        "{} {}",
        lines_phrase(lines, w),
        match (w.english, one) {
            (false, true) => "hat",
            (false, false) => "haben",
            (true, true) => "has",
            (true, false) => "have",
        }
    )
}
