//! Spreadsheets (XLSX, XLSM, XLS, ODS) via calamine: the first sheet with data, its first
//! non-empty row as header, cells typed like CSV cells.

use std::path::Path;

use calamine::{Data, Reader as _};

use super::dialect::{decide_decimal_comma, plain_number};
use super::{Cell, Table, TableError, TableReport, build_columns};
use crate::io::layer_name;

pub(super) fn read_spreadsheet(path: &Path) -> Result<Table, TableError> {
    let shown = path.display().to_string();
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|source| TableError::Spreadsheet {
            source,
            path: shown.clone(),
        })?;
    let mut first_error = None;
    let mut header_only = false;
    for sheet in workbook.sheet_names() {
        let range = match workbook.worksheet_range(&sheet) {
            Ok(r) => r,
            Err(e) => {
                first_error.get_or_insert(e);
                continue;
            }
        };
        let mut filled = range.rows().filter(|r| r.iter().any(|c| !is_blank(c)));
        let Some(header_row) = filled.next() else {
            continue;
        };
        let header: Vec<String> = header_row.iter().map(header_text).collect();
        let rows: Vec<Vec<Cell>> = filled.map(|r| r.iter().map(cell_of).collect()).collect();
        if rows.is_empty() {
            header_only = true;
            continue;
        }
        let mut notes = Vec::new();
        let decimal_comma = decide_decimal_comma(&header, &rows, false);
        let (schema, values) = build_columns(header, rows, decimal_comma, &mut notes);
        return Ok(Table {
            name: layer_name(path),
            path: path.to_path_buf(),
            report: TableReport {
                format: "XLSX",
                delimiter: None,
                decimal_comma,
                encoding: "XLSX",
                sheet: Some(sheet),
                rows: values.len(),
                notes,
            },
            schema,
            rows: values,
        });
    }
    if header_only {
        return Err(TableError::HeaderOnly { path: shown });
    }
    match first_error {
        Some(source) => Err(TableError::Spreadsheet {
            source,
            path: shown,
        }),
        None => Err(TableError::NoSheetWithData { path: shown }),
    }
}

pub(super) fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

pub(super) fn header_text(cell: &Data) -> String {
    match cell_of(cell) {
        Cell::Empty => String::new(),
        Cell::Text(t) | Cell::Error(t) => t,
        Cell::Number(n) => plain_number(n),
        Cell::Bool(b) => b.to_string(),
    }
}

pub(super) fn cell_of(cell: &Data) -> Cell {
    match cell {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) if f.is_finite() => Cell::Number(*f),
        Data::Float(_) => Cell::Empty,
        Data::String(s) => Cell::from_text(s),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_duration() => {
            let seconds = (dt.as_f64() * 86_400.0).round() as i64;
            Cell::Text(format!(
                "{}:{:02}:{:02}",
                seconds / 3600,
                (seconds / 60) % 60,
                seconds % 60
            ))
        }
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            Cell::Text(if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            })
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::from_text(s),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}
