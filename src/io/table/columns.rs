//! Naming and typing the columns of a table: blank and duplicate header names, nameless empty
//! columns, number columns in the file's decimal style (missing markers become "keine
//! Angabe"), key-like and leading-zero columns kept as text, notes with line numbers.

use std::collections::HashSet;

use super::Cell;
use super::dialect::{has_leading_zero, is_missing_marker, parse_number_styled, plain_number};
use crate::bilingual;
use crate::i18n::{Bilingual, Words};
use crate::model::value::{Field, FieldType, Schema, Value, looks_like_identifier_name};

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

/// Decide one column's type and convert its cells (see the module documentation).
pub(super) fn type_cells(
    name: &str,
    cells: &[&Cell],
    decimal_comma: bool,
    notes: &mut Vec<Bilingual>,
) -> (FieldType, Vec<Value>) {
    let id_like = looks_like_identifier_name(name);
    let mut numbers = 0usize;
    let mut bools = 0usize;
    let mut others = 0usize;
    let mut missing: Vec<String> = Vec::new();
    let mut missing_count = 0usize;
    let mut errors = 0usize;
    let mut example: Option<&str> = None;
    for cell in cells {
        match cell {
            Cell::Empty => {}
            Cell::Number(_) => numbers += 1,
            Cell::Bool(_) => bools += 1,
            Cell::Error(e) => {
                errors += 1;
                missing_count += 1;
                if !missing.contains(e) {
                    missing.push(e.clone());
                }
            }
            Cell::Text(t) => {
                if is_missing_marker(t) {
                    missing_count += 1;
                    if !missing.contains(t) {
                        missing.push(t.clone());
                    }
                } else if !has_leading_zero(t) && parse_number_styled(t, decimal_comma).is_some() {
                    numbers += 1;
                } else {
                    others += 1;
                    if example.is_none() && !has_leading_zero(t) {
                        example = Some(t.as_str());
                    }
                }
            }
        }
    }
    let errors_only: Vec<String> = cells
        .iter()
        .filter_map(|c| match c {
            Cell::Error(e) => Some(e.clone()),
            _ => None,
        })
        .collect();

    let kind = if id_like {
        if cells
            .iter()
            .all(|c| matches!(c, Cell::Empty | Cell::Error(_)))
        {
            FieldType::Empty
        } else {
            FieldType::Text
        }
    } else if numbers > 0 && others == 0 && bools == 0 {
        FieldType::Number
    } else if bools > 0 && others == 0 && numbers == 0 {
        FieldType::Bool
    } else if numbers + bools + others == 0 && missing_count == errors {
        FieldType::Empty
    } else {
        FieldType::Text
    };

    if kind == FieldType::Number && missing_count > 0 {
        let quoted = |w: Words| {
            missing
                .iter()
                .map(|m| w.quoted(m))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (de, en) = (Words::new(false), Words::new(true));
        notes.push(if missing_count == 1 {
            Bilingual::new(
                format!(
                    "1 Wert in „{name}“ ist keine Zahl ({}) und gilt als keine Angabe.",
                    quoted(de)
                ),
                format!(
                    "1 value in “{name}” is not a number ({}) and counts as no data.",
                    quoted(en)
                ),
            )
        } else {
            Bilingual::new(
                format!(
                    "{missing_count} Werte in „{name}“ sind keine Zahl ({}) und gelten als keine \
                     Angabe.",
                    quoted(de)
                ),
                format!(
                    "{missing_count} values in “{name}” are not numbers ({}) and count as no data.",
                    quoted(en)
                ),
            )
        });
    } else if kind != FieldType::Number && errors > 0 {
        let mut distinct: Vec<String> = Vec::new();
        for e in errors_only {
            if !distinct.contains(&e) {
                distinct.push(e);
            }
        }
        let one = errors == 1;
        let list = distinct.join(", ");
        notes.push(Bilingual::new(
            format!(
                "{errors} {} in „{name}“ {} Fehlerwerte ({list}) und {} als keine Angabe.",
                if one { "Zelle" } else { "Zellen" },
                if one { "enthält" } else { "enthalten" },
                if one { "gilt" } else { "gelten" },
            ),
            format!(
                "{errors} {} in “{name}” {} error values ({list}) and {} as no data.",
                if one { "cell" } else { "cells" },
                if one { "holds" } else { "hold" },
                if one { "counts" } else { "count" },
            ),
        ));
    }
    if kind == FieldType::Text
        && !id_like
        && numbers > others
        && let Some(example) = example
    {
        let one = others == 1;
        notes.push(Bilingual::new(
            format!(
                "Spalte „{name}“ wird als Text gelesen, weil {others} {} keine Zahl {} (z. B. \
                 „{example}“).",
                if one { "Wert" } else { "Werte" },
                if one { "ist" } else { "sind" },
            ),
            format!(
                "Column “{name}” is read as text because {others} {} not {} (e.g. “{example}”).",
                if one { "value is" } else { "values are" },
                if one { "a number" } else { "numbers" },
            ),
        ));
    }

    let values = cells
        .iter()
        .map(|cell| match (cell, kind) {
            (Cell::Empty | Cell::Error(_), _) => Value::Null,
            (Cell::Number(n), FieldType::Number) => Value::Number(*n),
            (Cell::Number(n), _) => Value::Text(plain_number(*n)),
            (Cell::Text(t), FieldType::Number) => {
                parse_number_styled(t, decimal_comma).map_or(Value::Null, Value::Number)
            }
            (Cell::Text(t), _) => Value::Text(t.clone()),
            (Cell::Bool(b), FieldType::Bool) => Value::Bool(*b),
            (Cell::Bool(b), _) => Value::Text(if *b { "wahr" } else { "falsch" }.to_owned()),
        })
        .collect();
    (kind, values)
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
