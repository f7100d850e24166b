//! Quotes that do not close. A CSV field that opens a quote and never closes it swallows the
//! rest of the file into one cell, and the table silently loses its rows. Here the text is
//! scanned the way the CSV reader reads it (a quote opens a field only at the field's start,
//! `""` inside is a quote): a quote still open at the end of the file is dropped so that the
//! following lines are read as rows, with a note naming its line; a quote that closes only
//! several lines later, with whole rows in between, is noted for the user to check.

use std::borrow::Cow;

use super::columns::lines_phrase;
use crate::i18n::{Bilingual, Words};

/// What the scan found.
struct Scan {
    /// Where a quote opened that never closes.
    unclosed: Option<usize>,
    /// Quoted fields that swallowed whole rows: (opening, closing) byte positions.
    swallowing: Vec<(usize, usize)>,
}

fn scan(text: &str, delimiter: u8, row_delimiters: usize) -> Scan {
    let b = text.as_bytes();
    let mut out = Scan {
        unclosed: None,
        swallowing: Vec::new(),
    };
    let mut field_start = true;
    let mut open: Option<usize> = None;
    // Inside a quoted field, after its first line break: delimiters on the current line, and
    // whether an inner line held as many delimiters as the header (a whole row).
    let mut inner_line: Option<usize> = None;
    let mut swallowed_row = false;
    let is_row = |n: usize| row_delimiters > 0 && n >= row_delimiters;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match open {
            Some(at) => {
                if c == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    if swallowed_row || inner_line.is_some_and(is_row) {
                        out.swallowing.push((at, i));
                    }
                    open = None;
                    field_start = false;
                } else if c == b'\n' {
                    swallowed_row |= inner_line.is_some_and(is_row);
                    inner_line = Some(0);
                } else if c == delimiter
                    && let Some(n) = inner_line.as_mut()
                {
                    *n += 1;
                }
            }
            None if c == b'"' && field_start => {
                open = Some(i);
                inner_line = None;
                swallowed_row = false;
                field_start = false;
            }
            None => field_start = c == delimiter || c == b'\n' || c == b'\r',
        }
        i += 1;
    }
    out.unclosed = open;
    out
}

fn line_of(text: &str, pos: usize, offset: u64) -> u64 {
    text.as_bytes()[..pos.min(text.len())]
        .iter()
        .filter(|&&c| c == b'\n')
        .count() as u64
        + 1
        + offset
}

/// Drop quotes that never close (at most 10) and note them; note quoted fields that swallowed
/// whole rows. `line_offset` is added to line numbers (an Excel `sep=` line before the text).
pub(super) fn repair<'t>(
    text: &'t str,
    delimiter: char,
    line_offset: u64,
    notes: &mut Vec<Bilingual>,
) -> Cow<'t, str> {
    let Ok(d) = u8::try_from(delimiter) else {
        return Cow::Borrowed(text);
    };
    let header_end = text.find('\n').unwrap_or(text.len());
    let row_delimiters = text.as_bytes()[..header_end]
        .iter()
        .filter(|&&c| c == d)
        .count();
    let mut current = Cow::Borrowed(text);
    let mut dropped = Vec::new();
    let mut swallowing = Vec::new();
    for _ in 0..10 {
        let found = scan(&current, d, row_delimiters);
        swallowing = found
            .swallowing
            .iter()
            .map(|&(a, b)| {
                (
                    line_of(&current, a, line_offset),
                    line_of(&current, b, line_offset),
                )
            })
            .collect();
        let Some(at) = found.unclosed else {
            break;
        };
        dropped.push(line_of(&current, at, line_offset));
        let mut fixed = String::with_capacity(current.len());
        fixed.push_str(&current[..at]);
        fixed.push_str(&current[at + 1..]);
        current = Cow::Owned(fixed);
    }
    if !dropped.is_empty() {
        let (de, en) = (Words::new(false), Words::new(true));
        let one = dropped.len() == 1;
        notes.push(Bilingual::new(
            format!(
                "{}: {} ohne schließendes Gegenstück; {} ignoriert, damit die folgenden Zeilen \
                 nicht in einem einzigen Wert verschwinden.",
                lines_phrase(&dropped, de),
                if one {
                    "ein Anführungszeichen"
                } else {
                    "Anführungszeichen"
                },
                if one { "es wurde" } else { "sie wurden" },
            ),
            format!(
                "{}: {} without a closing one; {} ignored so that the following lines do not \
                 vanish into a single value.",
                lines_phrase(&dropped, en),
                if one { "a quote" } else { "quotes" },
                if one { "it was" } else { "they were" },
            ),
        ));
    }
    for (from, to) in swallowing.iter().take(3) {
        notes.push(crate::bilingual!(
            "Zeile {from}: ein Anführungszeichen schließt erst in Zeile {to}; die Zeilen \
             dazwischen stehen deshalb in einem einzigen Wert – bitte prüfen.",
            "Line {from}: a quote closes only in line {to}; the lines in between are therefore \
             one single value – please check."
        ));
    }
    current
}
