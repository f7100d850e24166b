//! Indicator tables from CSV and spreadsheet files (XLSX, XLSM, XLS, ODS): one header row,
//! one row per area, typed columns. A [`Table`] is what [`crate::analysis::join`] joins to an
//! area layer.
//!
//! # CSV dialects
//!
//! - **Encoding:** UTF-8 with or without BOM; Windows-1252 when the bytes are not UTF-8
//!   (umlauts from old Excel exports); UTF-16 and UTF-32, little or big endian, told by their
//!   byte order mark (Excel's "Unicode-Text") or by the zero bytes of ASCII characters, with a
//!   note naming the encoding (see [`crate::io::wide`]).
//! - **Quotes** that never close are dropped with a note naming their line, so the rest of
//!   the file is not swallowed into one cell; a quoted value that swallowed whole rows before
//!   closing is noted.
//! - **Delimiter:** `;`, `,` or tab, whichever occurs most often outside quotes in the header
//!   line (ties: `;` before tab before `,`); `|` when the header has none of them but a `|`.
//!   An Excel hint line `sep=;` is honoured and skipped. A table of a single column gets a
//!   note that its delimiter was perhaps not recognised.
//! - **Decimal separator**, decided once per file: a `,`-delimited file uses the decimal point.
//!   In `;`- and tab-delimited files the numeric-looking cells vote: "12,5" and "1.234,5" say
//!   decimal comma, "12.5" and "1,234.5" say decimal point; "1.234" and "1,234" are ambiguous
//!   and do not vote. Ties (including no votes) go to the decimal comma, the German default.
//!   Every cell is then read in the file's style: in a decimal-comma file "1.234" is 1234, in
//!   a decimal-point file it is 1.234 (see [`parse_number_styled`]).
//! - Quoted fields may contain delimiters, doubled quotes and line breaks. Header names are
//!   trimmed of spaces and stray BOMs; blank names become `spalte_N` and duplicates `name_2`.
//!   Rows that consist only of empty cells (blank lines, `;;;`) are skipped. A row with too few
//!   cells is padded with "keine Angabe", surplus cells are dropped; both are noted with their
//!   line number.
//!
//! # Column types
//!
//! A column is a number column when every non-empty cell is a number (in the column's own
//! decimal style when its cells agree on one, else the file's; "4,7 %" and a few units such as
//! "km²" are read as the number written, with a note) or a missing-value marker ([`MISSING_MARKERS`]: "-", ".", "*", "k.A." …, the German statistical
//! offices' signs for "nothing", "unknown" and "suppressed"); the markers become
//! [`Value::Null`] ("keine Angabe") and are counted in a note. Key-like columns
//! ([`looks_like_identifier_name`](crate::model::value::looks_like_identifier_name): `sr_id`, `stadtteil_nr` …) and columns with leading-zero
//! codes ("01100101") always stay text. Anything else is text, kept as written (markers too).
//!
//! # Spreadsheets
//!
//! The first sheet with a non-empty cell is used; its first non-empty row is the header.
//! Numeric cells are numbers, except in key-like columns where 14.0 becomes the text "14".
//! Date cells become ISO text ("2024-12-31"), error cells ("#DIV/0!") "keine Angabe".
//! Only filled cells are kept, and the table has the rows and columns that hold them, so a
//! stray cell at XFD1048576 costs one cell. What a file claims is checked before it is read
//! (ZIP parts up to 256 MB inflated, 512 MB in all; at most 5 million filled cells; XLS and
//! ODS sheets at most 4 million cells as laid out): beyond that the file is refused with
//! [`TableError::TooLarge`], which says what was too large.

use std::path::{Path, PathBuf};

mod columns;
mod dialect;
mod english;
mod quotes;
mod sheet_guard;
mod typing;
mod xls_guard;
mod xlsx;

use columns::{build_columns, build_columns_numbered, clean_name, lines_have_phrase, lines_phrase};

pub(crate) use dialect::plain_number;
use dialect::{decide_decimal_comma, looks_binary, strip_sep_hint};
pub use dialect::{detect_delimiter, is_missing_marker, parse_number_styled};
pub use typing::why_not_numbers;
use xlsx::read_spreadsheet;
pub use xlsx::read_spreadsheet_bytes;

use crate::i18n::{Bilingual, Words};
use crate::io::{HEAD_BYTES, LoadError, file_head, head_is_binary, layer_name, read_text};
use crate::model::value::{Schema, Value};

/// Cell texts that mean "no value" in a number column (compared trimmed, ignoring case):
/// "-", "–", "—" (nothing), ".", "..", "..." (unknown or not yet available), "*", "x", "/"
/// (suppressed or not meaningful), "k.A.", "k. A.", "k.A", "n.v.", "n. v.", "NA", "N/A",
/// "#NV", "#N/A" (keine Angabe / nicht verfügbar). An empty cell is missing too.
pub const MISSING_MARKERS: [&str; 18] = [
    "-", "–", "—", ".", "..", "...", "*", "x", "/", "k.A.", "k. A.", "k.A", "n.v.", "n. v.", "NA",
    "N/A", "#NV", "#N/A",
];

/// An indicator table: typed columns, one row per record of the file.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file stem, e.g. "indikatoren_2024".
    pub name: String,
    /// The file read; empty for tables parsed from text.
    pub path: PathBuf,
    /// One field per column.
    pub schema: Schema,
    /// Typed values, row-major, one entry per schema field in every row.
    pub rows: Vec<Vec<Value>>,
    pub report: TableReport,
}

impl Table {
    /// The value of one cell by row index and column name.
    pub fn value(&self, row: usize, column: &str) -> Option<&Value> {
        let i = self.schema.index_of(column)?;
        self.rows.get(row)?.get(i)
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// How a table file was read, for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct TableReport {
    /// "CSV" or "XLSX" (any spreadsheet format read through calamine).
    pub format: &'static str,
    /// The CSV delimiter; `None` for spreadsheets.
    pub delimiter: Option<char>,
    /// Whether numbers written as text were read with a decimal comma.
    pub decimal_comma: bool,
    /// "UTF-8", "UTF-8 mit BOM", "Windows-1252", "UTF-16 LE", "UTF-16 BE", "UTF-32 LE",
    /// "UTF-32 BE"; "XLSX" for spreadsheets.
    pub encoding: &'static str,
    /// The sheet used (spreadsheets only).
    pub sheet: Option<String>,
    /// Number of data rows read.
    pub rows: usize,
    /// Notes on everything that was repaired or interpreted.
    pub notes: Vec<Bilingual>,
}

impl TableReport {
    /// One German line: "CSV, Trennzeichen „;“, Dezimalkomma, UTF-8 mit BOM, 123 Zeilen".
    pub fn summary_de(&self) -> String {
        self.summary(false)
    }

    /// How the table was read, in one line of the reader's language.
    pub fn summary(&self, english: bool) -> String {
        let w = Words::new(english);
        let mut parts = vec![self.format.to_owned()];
        if let Some(sheet) = &self.sheet {
            parts.push(format!("{} {}", w.pick("Blatt", "sheet"), w.quoted(sheet)));
        }
        if let Some(d) = self.delimiter {
            let shown = if d == '\t' {
                w.pick("Tabulator", "tab").to_owned()
            } else {
                w.quoted(&d.to_string())
            };
            parts.push(format!("{} {shown}", w.pick("Trennzeichen", "delimiter")));
        }
        if self.format == "CSV" || self.decimal_comma {
            parts.push(
                match (self.decimal_comma, english) {
                    (true, false) => "Dezimalkomma",
                    (false, false) => "Dezimalpunkt",
                    (true, true) => "decimal comma",
                    (false, true) => "decimal point",
                }
                .to_owned(),
            );
        }
        if self.format == "CSV" {
            parts.push(match (self.encoding, english) {
                ("UTF-8 mit BOM", true) => "UTF-8 with BOM".to_owned(),
                (e, _) => e.to_owned(),
            });
        }
        parts.push(w.count_of(self.rows, crate::i18n::Noun::ROW));
        parts.join(", ")
    }
}

/// Why a table could not be read at all. Messages are German; the path comes last.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("Datei nicht gefunden: {path}")]
    NotFound { path: String },
    #[error("Tabelle kann nicht gelesen werden ({source}): {path}")]
    Io {
        source: std::io::Error,
        path: String,
    },
    #[error(
        "Tabellenformat „{extension}“ wird nicht unterstützt – lesbar sind CSV (.csv, .txt, .tsv) \
         und Tabellenkalkulationen (.xlsx, .xlsm, .xls, .ods): {path}"
    )]
    UnsupportedFormat { extension: String, path: String },
    #[error("Tabelle ist leer: {path}")]
    Empty { path: String },
    #[error("Tabelle hat nur eine Kopfzeile und keine Datenzeilen: {path}")]
    HeaderOnly { path: String },
    #[error(
        "Datei ist keine Texttabelle, sie enthält Binärdaten (vielleicht eine Excel-Datei mit \
         falscher Endung?): {path}"
    )]
    Binary { path: String },
    #[error("CSV-Tabelle kann nicht gelesen werden ({source}): {path}")]
    Csv { source: csv::Error, path: String },
    #[error("Tabellenkalkulation kann nicht gelesen werden ({source}): {path}")]
    Spreadsheet {
        source: calamine::Error,
        path: String,
    },
    #[error("Kein Tabellenblatt enthält Daten: {path}")]
    NoSheetWithData { path: String },
    #[error("Tabellenkalkulation wird nicht gelesen: {detail}: {path}")]
    TooLarge { detail: Bilingual, path: String },
    #[error(
        "Tabellenkalkulation ist beschädigt und kann nicht gelesen werden (ein Datensatz passt \
         nicht zu seinem Format): {path}"
    )]
    Damaged { path: String },
    #[error(
        "Datei ist keine Tabellenkalkulation (weder XLSX/ODS noch XLS) – vielleicht eine CSV- \
         oder HTML-Datei mit falscher Endung?: {path}"
    )]
    NotASpreadsheet { path: String },
}

/// Read a table file, chosen by extension: `.csv`, `.txt`, `.tsv` as CSV; `.xlsx`, `.xlsm`,
/// `.xlsb`, `.xls`, `.ods` as a spreadsheet.
pub fn read_table(path: &Path) -> Result<Table, TableError> {
    let shown = path.display().to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let spreadsheet = match extension.as_str() {
        "csv" | "txt" | "tsv" => false,
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => true,
        _ => {
            return Err(TableError::UnsupportedFormat {
                extension,
                path: shown,
            });
        }
    };
    if !path.exists() {
        return Err(TableError::NotFound { path: shown });
    }
    crate::io::regular::regular_file(path).map_err(|source| TableError::Io {
        source,
        path: shown.clone(),
    })?;
    if spreadsheet {
        read_spreadsheet(path)
    } else {
        read_csv_file(path)
    }
}

/// Parse already decoded CSV text (a leading BOM is removed). The table's path stays empty;
/// error messages name `name` instead.
pub fn parse_csv_text(text: &str, name: &str) -> Result<Table, TableError> {
    let (text, encoding) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => (rest, "UTF-8 mit BOM"),
        None => (text, "UTF-8"),
    };
    parse_csv(text, name, PathBuf::new(), encoding, Vec::new())
}

fn read_csv_file(path: &Path) -> Result<Table, TableError> {
    let shown = path.display().to_string();
    // Look at the start before reading everything: a large binary file (an image, a ZIP,
    // a file of zero bytes) is refused without loading it into memory.
    let head = file_head(path, HEAD_BYTES).map_err(|source| TableError::Io {
        source,
        path: shown.clone(),
    })?;
    let mut notes = Vec::new();
    // UTF-16 and UTF-32 are full of NUL bytes: tell them before the binary check.
    if let Some(wide) = crate::io::wide::detect(&head) {
        let bytes = std::fs::read(path).map_err(|source| TableError::Io {
            source,
            path: shown.clone(),
        })?;
        // Excel's "Unicode-Text" (UTF-16 with a byte order mark) is ordinary; anything else
        // is worth a word.
        if wide.width == 4 || wide.bom == 0 {
            let (de, en) = (wide.described(false), wide.described(true));
            notes.push(crate::bilingual!(
                "Die Datei ist in {de} kodiert und wurde so gelesen.",
                "The file is encoded in {en} and was read so."
            ));
        }
        let text = wide.decode(&bytes);
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        return parse_csv(
            text,
            &layer_name(path),
            path.to_path_buf(),
            wide.label(),
            notes,
        );
    }
    if head_is_binary(&head) {
        return Err(TableError::Binary { path: shown });
    }
    let (text, encoding) = {
        let (text, fallback) = read_text(path).map_err(|e| match e {
            LoadError::Io { source, path } => TableError::Io { source, path },
            other => TableError::Io {
                source: std::io::Error::other(other.to_string()),
                path: shown.clone(),
            },
        })?;
        let encoding = if fallback {
            notes.push(crate::io::report::not_utf8_note());
            "Windows-1252"
        } else if head.starts_with(b"\xEF\xBB\xBF") {
            "UTF-8 mit BOM"
        } else {
            "UTF-8"
        };
        (text, encoding)
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    parse_csv(text, &layer_name(path), path.to_path_buf(), encoding, notes)
}

/// One cell before its column is typed.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A spreadsheet error value such as "#DIV/0!".
    Error(String),
}

impl Cell {
    fn from_text(s: &str) -> Cell {
        let t = s.trim();
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t.to_owned())
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }
}

fn parse_csv(
    text: &str,
    name: &str,
    path: PathBuf,
    encoding: &'static str,
    mut notes: Vec<Bilingual>,
) -> Result<Table, TableError> {
    let shown = if path.as_os_str().is_empty() {
        name.to_owned()
    } else {
        path.display().to_string()
    };
    if looks_binary(text) {
        return Err(TableError::Binary { path: shown });
    }
    if text.trim().is_empty() {
        return Err(TableError::Empty { path: shown });
    }
    let (text, hinted, line_offset) = match strip_sep_hint(text) {
        Some((rest, d)) => (rest, Some(d), 1),
        None => (text, None, 0),
    };
    let delimiter = hinted.unwrap_or_else(|| detect_delimiter(text));
    let text = quotes::repair(text, delimiter, line_offset, &mut notes);

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut records: Vec<(u64, Vec<Cell>)> = Vec::new();
    let mut unreadable: Vec<u64> = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                if header.is_none() {
                    return Err(TableError::Csv {
                        source: e,
                        path: shown,
                    });
                }
                unreadable.push(e.position().map_or(0, |p| p.line()) + line_offset);
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line()) + line_offset;
        if header.is_none() {
            header = Some(record.iter().map(str::to_owned).collect());
        } else {
            records.push((line, record.iter().map(Cell::from_text).collect()));
        }
    }
    let Some(mut header) = header else {
        return Err(TableError::Empty { path: shown });
    };
    if records.is_empty() {
        return Err(TableError::HeaderOnly { path: shown });
    }
    if !unreadable.is_empty() {
        notes.push(Bilingual::new(
            format!(
                "{} nicht lesbar und übersprungen.",
                lines_phrase(&unreadable, Words::new(false))
            ),
            format!(
                "{} not readable and skipped.",
                lines_phrase(&unreadable, Words::new(true))
            ),
        ));
    }

    // A trailing delimiter on the header line ("a;b;") adds a nameless column without data.
    while header.last().is_some_and(|h| clean_name(h).is_empty())
        && !records
            .iter()
            .any(|(_, r)| r.get(header.len() - 1).is_some_and(|c| !c.is_empty()))
    {
        header.pop();
    }
    let width = header.len();
    if width == 1 {
        notes.push(Bilingual::new(
            "Nur eine Spalte erkannt: Die Kopfzeile enthält keines der Trennzeichen „;“, „,“, \
             Tabulator oder „|“. Hat die Datei mehrere Spalten, ist sie mit einem anderen \
             Zeichen getrennt; bitte als CSV mit Semikolon speichern.",
            "Only one column found: the header line holds none of the delimiters “;”, “,”, tab \
             or “|”. If the file has several columns, they are separated by another character; \
             please save it as CSV with semicolons.",
        ));
    }
    let mut short = Vec::new();
    let mut long = Vec::new();
    let mut rows = Vec::with_capacity(records.len());
    for (line, mut cells) in records {
        if cells.len() < width {
            short.push(line);
            cells.resize(width, Cell::Empty);
        } else if cells.len() > width {
            if cells[width..].iter().any(|c| !c.is_empty()) {
                long.push(line);
            }
            cells.truncate(width);
        }
        rows.push(cells);
    }
    if !short.is_empty() {
        notes.push(Bilingual::new(
            format!(
                "{} weniger als {width} Werte; die fehlenden gelten als keine Angabe.",
                lines_have_phrase(&short, Words::new(false))
            ),
            format!(
                "{} fewer than {width} values; the missing ones count as no data.",
                lines_have_phrase(&short, Words::new(true))
            ),
        ));
    }
    if !long.is_empty() {
        notes.push(Bilingual::new(
            format!(
                "{} mehr als {width} Werte; die überzähligen werden ignoriert.",
                lines_have_phrase(&long, Words::new(false))
            ),
            format!(
                "{} more than {width} values; the extra ones are ignored.",
                lines_have_phrase(&long, Words::new(true))
            ),
        ));
    }

    let decimal_comma = delimiter != ',' && decide_decimal_comma(&header, &rows, true);
    let header_cells: Vec<String> = header;
    let (schema, values) = build_columns(header_cells, rows, decimal_comma, &mut notes);
    Ok(Table {
        name: name.to_owned(),
        path,
        report: TableReport {
            format: "CSV",
            delimiter: Some(delimiter),
            decimal_comma,
            encoding,
            sheet: None,
            rows: values.len(),
            notes,
        },
        schema,
        rows: values,
    })
}

#[cfg(test)]
mod tests;
