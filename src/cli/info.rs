//! `sozialatlas info PATH [--json]`: how a file was read. For a layer (GeoJSON, Shapefile, a
//! CSV with coordinate columns) its load report; for an indicator table (spreadsheets, and CSV
//! files without coordinate columns) format, delimiter, decimal style, encoding, sheet, columns
//! with their types and every note — so that a column that turned out as text is explained
//! before an index says "0 gültige Gebiete". It reads only; it never changes a file.

use std::path::{Path, PathBuf};

use super::{CliError, print_stdout};
use crate::io::table::{Table, read_table};
use crate::io::{Cancel, load_path};

/// Options of `sozialatlas info`.
#[derive(clap::Args, Debug, Clone)]
pub struct InfoArgs {
    /// Die zu prüfende Datei
    pub path: PathBuf,
    /// Als JSON ausgeben
    #[arg(long)]
    pub json: bool,
}

/// Print the report of a layer or of an indicator table.
pub fn info(args: &InfoArgs) -> Result<(), CliError> {
    let text = if is_table(&args.path) {
        table_report(&args.path, args.json)?
    } else {
        layer_report(&args.path, args.json)?
    };
    print_stdout(text.trim_end());
    Ok(())
}

fn layer_report(path: &Path, json: bool) -> Result<String, String> {
    let loaded = load_path(path, &Cancel::default()).map_err(|e| e.to_string())?;
    Ok(if json {
        serde_json::to_string_pretty(&loaded.report.to_json()).unwrap_or_default()
    } else {
        loaded.report.to_text_de()
    })
}

fn table_report(path: &Path, json: bool) -> Result<String, String> {
    let t = read_table(path).map_err(|e| e.to_string())?;
    Ok(if json {
        serde_json::to_string_pretty(&to_json(&t)).unwrap_or_default()
    } else {
        to_text_de(&t)
    })
}

/// Whether the file is an indicator table rather than a layer.
fn is_table(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "tsv" => true,
        "csv" | "txt" => !header_has_coordinates(path),
        _ => false,
    }
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
