//! `sozialatlas info` for indicator tables (spreadsheets, and CSV files without coordinate
//! columns): how the table was read — format, delimiter, decimal style, encoding, sheet,
//! columns with their types — and every note, so that a column that turned out as text is
//! explained before an index says "0 gültige Gebiete".

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::EXIT_BAD_INPUT;
use crate::io::table::{Table, read_table};

/// The report of a table file, or `None` when the file is a layer (GeoJSON, Shapefile, a CSV
/// with coordinate columns) for the layer report.
pub(super) fn info(path: &Path, json: bool) -> Option<ExitCode> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let table = match extension.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "tsv" => true,
        "csv" | "txt" => !header_has_coordinates(path),
        _ => false,
    };
    if !table {
        return None;
    }
    Some(match read_table(path) {
        Ok(t) => {
            let text = if json {
                serde_json::to_string_pretty(&to_json(&t)).unwrap_or_default()
            } else {
                to_text_de(&t)
            };
            let _ = writeln!(std::io::stdout().lock(), "{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    })
}

/// Whether the first line of a CSV names a coordinate column pair (then it is a point layer).
fn header_has_coordinates(path: &Path) -> bool {
    let Ok(head) = crate::io::file_head(path, 64 * 1024) else {
        return false;
    };
    let text = match crate::io::wide::detect(&head) {
        Some(w) => w.decode(&head),
        None => crate::io::decode_text(&head).0.into_owned(),
    };
    let first = text
        .trim_start_matches('\u{FEFF}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    crate::io::csv_points::header_has_coordinates(first)
}

fn to_text_de(t: &Table) -> String {
    let mut out = String::new();
    out.push_str(&format!("Datei: {}\n", t.path.display()));
    out.push_str(&format!("Tabelle: {}\n", t.report.summary_de()));
    let columns: Vec<String> = t
        .schema
        .fields
        .iter()
        .map(|f| format!("{} ({})", f.name, f.kind.label_de()))
        .collect();
    out.push_str(&format!("Spalten: {}\n", columns.join(", ")));
    for note in &t.report.notes {
        out.push_str(&format!("Hinweis: {}\n", note.de));
    }
    out
}

fn to_json(t: &Table) -> serde_json::Value {
    serde_json::json!({
        "format": t.report.format,
        "sheet": t.report.sheet,
        "delimiter": t.report.delimiter.map(String::from),
        "decimal_comma": t.report.decimal_comma,
        "encoding": t.report.encoding,
        "rows": t.rows.len(),
        "columns": t.schema.fields.iter().map(|f| serde_json::json!({
            "name": f.name,
            "type": f.kind.key(),
        })).collect::<Vec<_>>(),
        "notes": t.report.notes.iter().map(|n| n.de.clone()).collect::<Vec<_>>(),
    })
}
