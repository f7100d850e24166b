//! Typing one column: number, yes/no or text. Numbers are read in the column's decimal style
//! (its own when its cells agree, else the file's), with a percent sign or a unit after them
//! ("4,7 %" → 4.7, as written); missing-value markers become "keine Angabe"; key-like and
//! leading-zero columns stay text. Every interpretation, and why a column stayed text, is
//! said in a note.

use super::Cell;
use super::dialect::{
    column_votes, has_leading_zero, is_missing_marker, parse_number_styled, plain_number,
    split_unit,
};
use crate::i18n::{Bilingual, Words};
use crate::model::value::{FieldType, Value, looks_like_identifier_name};

/// A cell text as a number in the given style, with the unit it carried.
fn number_of(text: &str, comma: bool) -> Option<(f64, Option<&'static str>)> {
    if has_leading_zero(text) {
        return None;
    }
    if let Some(v) = parse_number_styled(text, comma) {
        return Some((v, None));
    }
    let (number, unit) = split_unit(text)?;
    if has_leading_zero(number) {
        return None;
    }
    parse_number_styled(number, comma).map(|v| (v, Some(unit)))
}

/// What a column's cells are.
#[derive(Default)]
struct Tally<'a> {
    numbers: usize,
    bools: usize,
    others: usize,
    /// Distinct missing-value markers and error values, in order of appearance.
    missing: Vec<String>,
    missing_count: usize,
    errors: usize,
    /// The first cell that is no number.
    example: Option<&'a str>,
    /// Units after numbers: (unit, cells, first cell).
    units: Vec<(&'static str, usize, &'a str)>,
}

impl<'a> Tally<'a> {
    fn of(cells: &[&'a Cell], comma: bool) -> Self {
        let mut t = Tally::default();
        for cell in cells {
            match cell {
                Cell::Empty => {}
                Cell::Number(_) => t.numbers += 1,
                Cell::Bool(_) => t.bools += 1,
                Cell::Error(e) => {
                    t.errors += 1;
                    t.missing_count += 1;
                    if !t.missing.contains(e) {
                        t.missing.push(e.clone());
                    }
                }
                Cell::Text(text) if is_missing_marker(text) => {
                    t.missing_count += 1;
                    if !t.missing.contains(text) {
                        t.missing.push(text.clone());
                    }
                }
                Cell::Text(text) => match number_of(text, comma) {
                    Some((_, None)) => t.numbers += 1,
                    Some((_, Some(unit))) => {
                        t.numbers += 1;
                        match t.units.iter_mut().find(|u| u.0 == unit) {
                            Some(u) => u.1 += 1,
                            None => t.units.push((unit, 1, text.as_str())),
                        }
                    }
                    None => {
                        t.others += 1;
                        if t.example.is_none() && !has_leading_zero(text) {
                            t.example = Some(text.as_str());
                        }
                    }
                },
            }
        }
        // Two different units in one column ("%" and "‰") are not one kind of number.
        if t.units.len() > 1 {
            let with_unit: usize = t.units.iter().map(|u| u.1).sum();
            t.numbers -= with_unit;
            t.others += with_unit;
            t.example.get_or_insert(t.units[0].2);
        }
        t
    }

    fn one_unit(&self) -> Option<(&'static str, usize, &'a str)> {
        match self.units.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// Decide one column's type and convert its cells (see the module documentation).
pub(super) fn type_cells(
    name: &str,
    cells: &[&Cell],
    decimal_comma: bool,
    notes: &mut Vec<Bilingual>,
) -> (FieldType, Vec<Value>) {
    let id_like = looks_like_identifier_name(name);
    // A column whose cells agree on their decimal separator is read in that style.
    let comma = match column_votes(cells.iter().copied()) {
        _ if id_like => decimal_comma,
        (c, 0) if c > 0 => true,
        (0, p) if p > 0 => false,
        _ => decimal_comma,
    };
    let t = Tally::of(cells, comma);
    let kind = if id_like {
        if cells
            .iter()
            .all(|c| matches!(c, Cell::Empty | Cell::Error(_)))
        {
            FieldType::Empty
        } else {
            FieldType::Text
        }
    } else if t.numbers > 0 && t.others == 0 && t.bools == 0 {
        FieldType::Number
    } else if t.bools > 0 && t.others == 0 && t.numbers == 0 {
        FieldType::Bool
    } else if t.numbers + t.bools + t.others == 0 && t.missing_count == t.errors {
        FieldType::Empty
    } else {
        FieldType::Text
    };
    notes.extend(column_notes(name, kind, &t, comma, decimal_comma, cells));

    let unit = t.one_unit().map(|u| u.0);
    let values = cells
        .iter()
        .map(|cell| match (cell, kind) {
            (Cell::Empty | Cell::Error(_), _) => Value::Null,
            (Cell::Number(n), FieldType::Number) => Value::Number(*n),
            (Cell::Number(n), _) => Value::Text(plain_number(*n)),
            (Cell::Text(text), FieldType::Number) => match number_of(text, comma) {
                Some((v, None)) => Value::Number(v),
                Some((v, Some(u))) if Some(u) == unit => Value::Number(v),
                _ => Value::Null,
            },
            (Cell::Text(text), _) => Value::Text(text.clone()),
            (Cell::Bool(b), FieldType::Bool) => Value::Bool(*b),
            (Cell::Bool(b), _) => Value::Text(if *b { "wahr" } else { "falsch" }.to_owned()),
        })
        .collect();
    (kind, values)
}

/// The notes on one typed column.
fn column_notes(
    name: &str,
    kind: FieldType,
    t: &Tally<'_>,
    comma: bool,
    file_comma: bool,
    cells: &[&Cell],
) -> Vec<Bilingual> {
    let (de, en) = (Words::new(false), Words::new(true));
    let mut notes = Vec::new();
    if kind == FieldType::Number && t.missing_count > 0 {
        let quoted = |w: Words| {
            t.missing
                .iter()
                .map(|m| w.quoted(m))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let n = t.missing_count;
        notes.push(if n == 1 {
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
                    "{n} Werte in „{name}“ sind keine Zahl ({}) und gelten als keine Angabe.",
                    quoted(de)
                ),
                format!(
                    "{n} values in “{name}” are not numbers ({}) and count as no data.",
                    quoted(en)
                ),
            )
        });
    } else if kind != FieldType::Number && t.errors > 0 {
        let mut distinct: Vec<&str> = Vec::new();
        for c in cells {
            if let Cell::Error(e) = c
                && !distinct.contains(&e.as_str())
            {
                distinct.push(e);
            }
        }
        let (errors, one, list) = (t.errors, t.errors == 1, distinct.join(", "));
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
        && !looks_like_identifier_name(name)
        && t.numbers >= t.others
        && let Some(example) = t.example
    {
        let filled = t.numbers + t.others + t.bools + t.missing_count;
        let others = t.others;
        notes.push(Bilingual::new(
            format!(
                "Spalte „{name}“ wird als Text gelesen: {others} von {filled} Werten {} keine \
                 Zahl (z. B. „{example}“).",
                if others == 1 { "ist" } else { "sind" },
            ),
            format!(
                "Column “{name}” is read as text: {others} of {filled} values {} not a number \
                 (e.g. “{example}”).",
                if others == 1 { "is" } else { "are" },
            ),
        ));
    }
    if kind == FieldType::Number {
        if let Some((unit, count, example)) = t.one_unit() {
            let value = number_of(example, comma).map_or(0.0, |(v, _)| v);
            notes.push(unit_note(name, unit, count, example, value));
        }
        if comma != file_comma {
            let example = cells
                .iter()
                .find_map(|c| match c {
                    Cell::Text(x) if x.contains([',', '.']) => Some(x.as_str()),
                    _ => None,
                })
                .unwrap_or_default();
            let (de_sep, en_sep, de_rest, en_rest) = if comma {
                (
                    "Dezimalkomma",
                    "decimal comma",
                    "Dezimalpunkt",
                    "decimal point",
                )
            } else {
                (
                    "Dezimalpunkt",
                    "decimal point",
                    "Dezimalkomma",
                    "decimal comma",
                )
            };
            notes.push(Bilingual::new(
                format!(
                    "Spalte „{name}“ ist mit {de_sep} geschrieben (z. B. „{example}“) und wurde so \
                     gelesen; die übrigen Zahlen der Datei mit {de_rest}."
                ),
                format!(
                    "Column “{name}” is written with a {en_sep} (e.g. “{example}”) and was read \
                     so; the file's other numbers with a {en_rest}."
                ),
            ));
        }
    }
    notes
}

fn unit_note(name: &str, unit: &str, count: usize, example: &str, value: f64) -> Bilingual {
    let (de, en) = (Words::new(false), Words::new(true));
    let (read_de, read_en) = (de.number(value), en.number(value));
    let (values_de, values_en) = (
        de.count(count, "Wert", "Werte"),
        en.count(count, "value", "values"),
    );
    if unit == "%" || unit == "‰" {
        let (sign_de, sign_en) = if unit == "%" {
            ("Prozentzeichen", "percent sign")
        } else {
            ("Promillezeichen", "per mille sign")
        };
        Bilingual::new(
            format!(
                "Spalte „{name}“: {values_de} mit {sign_de}; die Zahlen wurden wie geschrieben \
                 übernommen („{example}“ → {read_de})."
            ),
            format!(
                "Column “{name}”: {values_en} with a {sign_en}; the numbers are taken as written \
                 (“{example}” → {read_en})."
            ),
        )
    } else {
        Bilingual::new(
            format!(
                "Spalte „{name}“: {values_de} mit der Einheit „{unit}“; die Zahlen wurden ohne \
                 Einheit übernommen („{example}“ → {read_de})."
            ),
            format!(
                "Column “{name}”: {values_en} with the unit “{unit}”; the numbers are taken \
                 without the unit (“{example}” → {read_en})."
            ),
        )
    }
}

/// Why a column of a table holds no numbers, for a command that needs a number column (an
/// index indicator): "3 von 40 Werten sind keine Zahl (z. B. „k. A.“)". `None` when the
/// column is a number column or does not exist.
pub fn why_not_numbers(table: &super::Table, column: &str) -> Option<Bilingual> {
    let i = table.schema.index_of(column)?;
    match table.schema.fields.get(i)?.kind {
        FieldType::Number => None,
        FieldType::Empty => Some(Bilingual::new(
            "die Spalte hat keinen einzigen Wert",
            "the column has not a single value",
        )),
        FieldType::Bool => Some(Bilingual::new(
            "die Spalte enthält Ja/Nein-Werte",
            "the column holds yes/no values",
        )),
        FieldType::Text => {
            let comma = table.report.decimal_comma;
            let mut filled = 0usize;
            let mut others = 0usize;
            let mut example = None;
            for value in table.rows.iter().filter_map(|r| r.get(i)) {
                let Value::Text(t) = value else {
                    continue;
                };
                filled += 1;
                if is_missing_marker(t) || number_of(t, comma).or(number_of(t, !comma)).is_some() {
                    continue;
                }
                others += 1;
                example.get_or_insert(t.as_str());
            }
            let example = example.unwrap_or_default();
            let one = others == 1;
            Some(Bilingual::new(
                format!(
                    "{others} von {filled} Werten {} keine Zahl (z. B. „{example}“)",
                    if one { "ist" } else { "sind" }
                ),
                format!(
                    "{others} of {filled} values {} not a number (e.g. “{example}”)",
                    if one { "is" } else { "are" }
                ),
            ))
        }
    }
}
