//! Indicator tables from CSV and spreadsheet files (XLSX, XLSM, XLS, ODS): one header row,
//! one row per area, typed columns. A [`Table`] is what [`crate::analysis::join`] joins to an
//! area layer.
//!
//! # CSV dialects
//!
//! - **Encoding:** UTF-8 with or without BOM; Windows-1252 when the bytes are not UTF-8
//!   (umlauts from old Excel exports); UTF-16 when the file starts with a UTF-16 BOM (Excel's
//!   "Unicode-Text").
//! - **Delimiter:** `;`, `,` or tab, whichever occurs most often outside quotes in the header
//!   line (ties: `;` before tab before `,`). An Excel hint line `sep=;` is honoured and skipped.
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
//! A column is a number column when every non-empty cell is a number in the file's style or a
//! missing-value marker ([`MISSING_MARKERS`]: "-", ".", "*", "k.A." …, the German statistical
//! offices' signs for "nothing", "unknown" and "suppressed"); the markers become
//! [`Value::Null`] ("keine Angabe") and are counted in a note. Key-like columns
//! ([`looks_like_identifier_name`]: `sr_id`, `stadtteil_nr` …) and columns with leading-zero
//! codes ("01100101") always stay text. Anything else is text, kept as written (markers too).
//!
//! # Spreadsheets
//!
//! The first sheet with a non-empty cell is used; its first non-empty row is the header.
//! Numeric cells are numbers, except in key-like columns where 14.0 becomes the text "14".
//! Date cells become ISO text ("2024-12-31"), error cells ("#DIV/0!") "keine Angabe".

use std::collections::HashSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader as _};

use crate::io::{LoadError, layer_name, read_text};
use crate::model::value::{Field, FieldType, Schema, Value, looks_like_identifier_name};

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
    /// "UTF-8", "UTF-8 mit BOM", "Windows-1252", "UTF-16"; "XLSX" for spreadsheets.
    pub encoding: &'static str,
    /// The sheet used (spreadsheets only).
    pub sheet: Option<String>,
    /// Number of data rows read.
    pub rows: usize,
    /// German notes on everything that was repaired or interpreted.
    pub notes: Vec<String>,
}

impl TableReport {
    /// One German line: "CSV, Trennzeichen „;“, Dezimalkomma, UTF-8 mit BOM, 123 Zeilen".
    pub fn summary_de(&self) -> String {
        let mut parts = vec![self.format.to_owned()];
        if let Some(sheet) = &self.sheet {
            parts.push(format!("Blatt „{sheet}“"));
        }
        if let Some(d) = self.delimiter {
            let shown = if d == '\t' {
                "Tabulator".to_owned()
            } else {
                format!("„{d}“")
            };
            parts.push(format!("Trennzeichen {shown}"));
        }
        if self.format == "CSV" || self.decimal_comma {
            parts.push(
                if self.decimal_comma {
                    "Dezimalkomma"
                } else {
                    "Dezimalpunkt"
                }
                .to_owned(),
            );
        }
        if self.format == "CSV" {
            parts.push(self.encoding.to_owned());
        }
        parts.push(if self.rows == 1 {
            "1 Zeile".to_owned()
        } else {
            format!(
                "{} Zeilen",
                crate::model::value::format_number_de(self.rows as f64)
            )
        });
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
    let head = file_head(path);
    let mut notes = Vec::new();
    let (text, encoding) = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let bytes = std::fs::read(path).map_err(|source| TableError::Io {
            source,
            path: shown.clone(),
        })?;
        let (text, _, _) = encoding_rs::UTF_16LE.decode(&bytes); // BOM sniffing picks LE or BE
        (text.into_owned(), "UTF-16")
    } else {
        let (text, fallback) = read_text(path).map_err(|e| match e {
            LoadError::Io { source, path } => TableError::Io { source, path },
            other => TableError::Io {
                source: std::io::Error::other(other.to_string()),
                path: shown.clone(),
            },
        })?;
        let encoding = if fallback {
            notes.push("Datei ist nicht UTF-8; als Windows-1252 gelesen.".to_owned());
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

/// The first bytes of a file (for BOM sniffing); empty when it cannot be read.
fn file_head(path: &Path) -> Vec<u8> {
    let mut head = Vec::with_capacity(3);
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(3).read_to_end(&mut head);
    }
    head
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
    mut notes: Vec<String>,
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
        notes.push(format!(
            "{} nicht lesbar und übersprungen.",
            lines_phrase(&unreadable)
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
        notes.push(format!(
            "{} weniger als {width} Werte; die fehlenden gelten als keine Angabe.",
            lines_have_phrase(&short)
        ));
    }
    if !long.is_empty() {
        notes.push(format!(
            "{} mehr als {width} Werte; die überzähligen werden ignoriert.",
            lines_have_phrase(&long)
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

/// NUL bytes or more than 1 % control characters: not a text table.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        if c == '\0' {
            return true;
        }
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C') {
            control += 1;
        }
    }
    control > 0 && control * 100 > total
}

/// Excel's optional first line "sep=;" names the delimiter.
fn strip_sep_hint(text: &str) -> Option<(&str, char)> {
    let end = text.find('\n').unwrap_or(text.len());
    let line = text[..end].trim().trim_matches('"');
    let rest = line.strip_prefix("sep=")?;
    let mut chars = rest.chars();
    let d = chars.next()?;
    if chars.next().is_some() || !matches!(d, ';' | ',' | '\t' | '|') {
        return None;
    }
    Some((text.get(end + 1..).unwrap_or(""), d))
}

/// The delimiter that occurs most often outside quotes in the first non-blank line (which may
/// span several physical lines when a quoted name contains a line break).
/// Ties go to `;`, then tab, then `,`; a line without any of them gives `;`.
pub fn detect_delimiter(text: &str) -> char {
    const CANDIDATES: [char; 3] = [';', '\t', ','];
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for c in text.trim_start_matches(['\r', '\n']).chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\r' | '\n' if !in_quotes => break,
            _ if in_quotes => {}
            _ => {
                if let Some(i) = CANDIDATES.iter().position(|&d| d == c) {
                    counts[i] += 1;
                }
            }
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

/// What a numeric-looking cell says about the decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vote {
    Comma,
    Point,
    None,
}

fn vote(text: &str) -> Vote {
    let t = text.trim().trim_start_matches(['-', '+', '−']);
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Vote::None;
    }
    let commas = t.matches(',').count();
    let dots = t.matches('.').count();
    let styled = |comma: bool, v: Vote| {
        if parse_number_styled(t, comma).is_some() {
            v
        } else {
            Vote::None
        }
    };
    match (commas, dots) {
        (0, 0) => Vote::None,
        (c, d) if c > 0 && d > 0 => {
            if t.rfind(',') > t.rfind('.') {
                styled(true, Vote::Comma)
            } else {
                styled(false, Vote::Point)
            }
        }
        (1, 0) | (0, 1) => {
            let sep = if commas == 1 { ',' } else { '.' };
            let (int, frac) = t.split_once(sep).unwrap_or((t, ""));
            let ambiguous =
                frac.len() == 3 && (1..=3).contains(&int.len()) && !int.starts_with('0');
            if ambiguous {
                Vote::None
            } else if sep == ',' {
                styled(true, Vote::Comma)
            } else {
                styled(false, Vote::Point)
            }
        }
        // Several separators of one kind are thousands groups: "1.234.567" is German.
        (_, 0) => styled(false, Vote::Point),
        _ => styled(true, Vote::Comma),
    }
}

/// Let the numeric-looking text cells of non-key columns vote. `tie_is_comma` decides ties.
fn decide_decimal_comma(header: &[String], rows: &[Vec<Cell>], tie_is_comma: bool) -> bool {
    let mut comma = 0usize;
    let mut point = 0usize;
    for (j, name) in header.iter().enumerate() {
        if looks_like_identifier_name(&clean_name(name)) {
            continue;
        }
        for row in rows {
            if let Some(Cell::Text(t)) = row.get(j) {
                match vote(t) {
                    Vote::Comma => comma += 1,
                    Vote::Point => point += 1,
                    Vote::None => {}
                }
            }
        }
    }
    if tie_is_comma {
        comma >= point
    } else {
        comma > point
    }
}

/// Parse a number written in a file's style: with `decimal_comma`, "1.234,5" and "12,5" (a dot
/// or a space groups thousands); without, "1,234.5" and "12.5" (a comma, a space or an
/// apostrophe groups thousands). Thousands groups must be well-formed ("1.2.3" is no number).
/// A sign, a leading "−" and an exponent ("4e3") are accepted; "NaN", "inf", "12 %" are not.
pub fn parse_number_styled(text: &str, decimal_comma: bool) -> Option<f64> {
    let s = text.trim();
    let (negative, s) = match s.chars().next()? {
        '-' | '−' => (true, &s[s.chars().next()?.len_utf8()..]),
        '+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (decimal, groupers): (char, &[char]) = if decimal_comma {
        (',', &['.', ' ', '\u{a0}', '\u{202f}'])
    } else {
        ('.', &[',', ' ', '\u{a0}', '\u{202f}', '\''])
    };
    let (int, frac) = match mantissa.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |x: &str| x.chars().all(|c| c.is_ascii_digit());
    if let Some(f) = frac
        && (f.is_empty() || !all_digits(f))
    {
        return None;
    }
    let int_digits: String = if all_digits(int) {
        int.to_owned()
    } else {
        let grouper = int.chars().find(|c| !c.is_ascii_digit())?;
        if !groupers.contains(&grouper) {
            return None;
        }
        let groups: Vec<&str> = int.split(grouper).collect();
        let first = groups.first()?;
        let well_formed = (1..=3).contains(&first.len())
            && !first.starts_with('0')
            && all_digits(first)
            && groups[1..].iter().all(|g| g.len() == 3 && all_digits(g));
        if !well_formed {
            return None;
        }
        groups.concat()
    };
    if int_digits.is_empty() && frac.is_none() {
        return None;
    }
    let mut normalised = String::with_capacity(s.len() + 2);
    if negative {
        normalised.push('-');
    }
    normalised.push_str(if int_digits.is_empty() {
        "0"
    } else {
        &int_digits
    });
    if let Some(f) = frac {
        normalised.push('.');
        normalised.push_str(f);
    }
    if let Some(e) = exponent {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
        normalised.push('e');
        normalised.push_str(e);
    }
    normalised.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether a cell text is one of the [`MISSING_MARKERS`].
pub fn is_missing_marker(text: &str) -> bool {
    let t = text.trim();
    MISSING_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(t))
}

/// Digits with a leading zero ("01100101", "0612"): a code, not a number.
fn has_leading_zero(text: &str) -> bool {
    let mut chars = text.trim().chars();
    chars.next() == Some('0') && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// A number as a key or code is written: 14.0 → "14", 14.5 → "14.5".
pub(crate) fn plain_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A header cell without spaces or stray BOMs.
fn clean_name(raw: &str) -> String {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .to_owned()
}

/// Name the columns (blank → `spalte_N`, duplicates → `name_2`), drop nameless columns without
/// data, and type every column.
fn build_columns(
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
    decimal_comma: bool,
    notes: &mut Vec<String>,
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
            let fresh = fresh_name(&format!("spalte_{}", j + 1), &taken);
            notes.push(format!(
                "Spalte {} hat keinen Namen und heißt jetzt „{fresh}“.",
                j + 1
            ));
            fresh
        } else if seen.contains(name) {
            let fresh = fresh_name(name, &taken);
            notes.push(format!(
                "Spaltenname „{name}“ kommt mehrfach vor; Spalte {} heißt jetzt „{fresh}“.",
                j + 1
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
fn fresh_name(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|k| format!("{base}_{k}"))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| base.to_owned())
}

/// Decide one column's type and convert its cells (see the module documentation).
fn type_cells(
    name: &str,
    cells: &[&Cell],
    decimal_comma: bool,
    notes: &mut Vec<String>,
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
        let shown: Vec<String> = missing.iter().map(|m| format!("„{m}“")).collect();
        notes.push(if missing_count == 1 {
            format!(
                "1 Wert in „{name}“ ist keine Zahl ({}) und gilt als keine Angabe.",
                shown.join(", ")
            )
        } else {
            format!(
                "{missing_count} Werte in „{name}“ sind keine Zahl ({}) und gelten als keine Angabe.",
                shown.join(", ")
            )
        });
    } else if kind != FieldType::Number && errors > 0 {
        let mut distinct: Vec<String> = Vec::new();
        for e in errors_only {
            if !distinct.contains(&e) {
                distinct.push(e);
            }
        }
        notes.push(format!(
            "{errors} {} in „{name}“ {} Fehlerwerte ({}) und {} als keine Angabe.",
            if errors == 1 { "Zelle" } else { "Zellen" },
            if errors == 1 { "enthält" } else { "enthalten" },
            distinct.join(", "),
            if errors == 1 { "gilt" } else { "gelten" },
        ));
    }
    if kind == FieldType::Text
        && !id_like
        && numbers > others
        && let Some(example) = example
    {
        notes.push(format!(
            "Spalte „{name}“ wird als Text gelesen, weil {others} {} keine Zahl {} (z. B. „{example}“).",
            if others == 1 { "Wert" } else { "Werte" },
            if others == 1 { "ist" } else { "sind" },
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
fn lines_phrase(lines: &[u64]) -> String {
    const SHOWN: usize = 10;
    match lines {
        [] => String::new(),
        [one] => format!("Zeile {one}"),
        _ => {
            let head: Vec<String> = lines.iter().take(SHOWN).map(u64::to_string).collect();
            if lines.len() > SHOWN {
                format!(
                    "Zeilen {} … und {} weitere",
                    head.join(", "),
                    lines.len() - SHOWN
                )
            } else {
                let (rest, last) = head.split_at(head.len().saturating_sub(1));
                format!("Zeilen {} und {}", rest.join(", "), last.join(""))
            }
        }
    }
}

/// "Zeile 5 hat" / "Zeilen 5 und 9 haben".
fn lines_have_phrase(lines: &[u64]) -> String {
    format!(
        "{} {}",
        lines_phrase(lines),
        if lines.len() == 1 { "hat" } else { "haben" }
    )
}

fn read_spreadsheet(path: &Path) -> Result<Table, TableError> {
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

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn header_text(cell: &Data) -> String {
    match cell_of(cell) {
        Cell::Empty => String::new(),
        Cell::Text(t) | Cell::Error(t) => t,
        Cell::Number(n) => plain_number(n),
        Cell::Bool(b) => b.to_string(),
    }
}

fn cell_of(cell: &Data) -> Cell {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        parse_csv_text(text, "test").unwrap()
    }

    #[test]
    fn numbers_are_read_in_the_files_style() {
        assert_eq!(parse_number_styled("1.234", true), Some(1234.0));
        assert_eq!(parse_number_styled("1.234", false), Some(1.234));
        assert_eq!(parse_number_styled("1.234,5", true), Some(1234.5));
        assert_eq!(parse_number_styled("1,234.5", false), Some(1234.5));
        assert_eq!(parse_number_styled("12,5", true), Some(12.5));
        assert_eq!(parse_number_styled("12,5", false), None);
        assert_eq!(parse_number_styled("-0,25", true), Some(-0.25));
        assert_eq!(parse_number_styled("−3", true), Some(-3.0));
        assert_eq!(parse_number_styled("1 234 567", true), Some(1_234_567.0));
        assert_eq!(parse_number_styled(",5", true), Some(0.5));
        assert_eq!(parse_number_styled("4e3", false), Some(4000.0));
        assert_eq!(parse_number_styled("1,5E-3", true), Some(0.0015));
    }

    #[test]
    fn malformed_numbers_are_not_numbers() {
        for s in [
            "", "-", ".", "1.2.3", "12.34,5", "0.123", "1.2345", "12 %", "NaN", "inf", "12,", "e5",
            "1e", "abc", "1,2,3",
        ] {
            assert_eq!(parse_number_styled(s, true), None, "{s:?}");
        }
        for s in ["12,5", "1,23", "1.2.3", "--1"] {
            assert_eq!(parse_number_styled(s, false), None, "{s:?}");
        }
    }

    #[test]
    fn the_delimiter_is_counted_outside_quotes() {
        assert_eq!(detect_delimiter("\"a;b;c\",d,e\n1,2,3"), ',');
        assert_eq!(detect_delimiter("a;b,c;d"), ';');
        assert_eq!(detect_delimiter("a\tb\tc"), '\t');
        assert_eq!(detect_delimiter("\r\n\r\na,b"), ',');
        assert_eq!(detect_delimiter("nur_eine_spalte"), ';');
        assert_eq!(detect_delimiter("\"x\ny,z\";a;b"), ';');
    }

    #[test]
    fn cells_vote_for_the_decimal_separator() {
        assert_eq!(vote("12,5"), Vote::Comma);
        assert_eq!(vote("1.234,5"), Vote::Comma);
        assert_eq!(vote("0,123"), Vote::Comma);
        assert_eq!(vote("1.234.567"), Vote::Comma);
        assert_eq!(vote("12.5"), Vote::Point);
        assert_eq!(vote("1,234.5"), Vote::Point);
        assert_eq!(vote("1,234,567"), Vote::Point);
        assert_eq!(vote("1.234"), Vote::None);
        assert_eq!(vote("1,234"), Vote::None);
        assert_eq!(vote("1234"), Vote::None);
        assert_eq!(vote("SR-1-1"), Vote::None);
    }

    #[test]
    fn a_semicolon_file_with_decimal_points_reads_them_as_points() {
        let t = table("sr_id;quote;anzahl\nSR-1-1;12.5;1.234\nSR-1-2;3.25;7\n");
        assert!(!t.report.decimal_comma);
        assert_eq!(t.value(0, "quote"), Some(&Value::Number(12.5)));
        assert_eq!(t.value(0, "anzahl"), Some(&Value::Number(1.234)));
    }

    #[test]
    fn a_semicolon_file_without_votes_uses_the_decimal_comma() {
        let t = table("sr_id;einwohner\nSR-1-1;3.601\nSR-1-2;12\n");
        assert!(t.report.decimal_comma);
        assert_eq!(t.value(0, "einwohner"), Some(&Value::Number(3601.0)));
    }

    #[test]
    fn missing_markers_are_null_and_keep_the_column_numeric() {
        let t = table("sr_id;quote\nA;1,5\nB;-\nC;*\nD;k.A.\nE;.\nF;\n");
        assert_eq!(t.schema.fields[1].kind, FieldType::Number);
        for row in 1..6 {
            assert_eq!(t.rows[row][1], Value::Null, "row {row}");
        }
        assert!(
            t.report.notes.iter().any(|n| n
                == "4 Werte in „quote“ sind keine Zahl („-“, „*“, „k.A.“, „.“) und gelten als keine Angabe."),
            "{:?}",
            t.report.notes
        );
    }

    #[test]
    fn a_column_with_a_real_word_becomes_text_with_a_note() {
        let t = table("sr_id;quote\nA;1,5\nB;2,5\nC;viel\n");
        assert_eq!(t.schema.fields[1].kind, FieldType::Text);
        assert_eq!(t.value(0, "quote"), Some(&Value::Text("1,5".into())));
        assert!(
            t.report
                .notes
                .iter()
                .any(|n| n.contains("„quote“ wird als Text gelesen") && n.contains("„viel“")),
            "{:?}",
            t.report.notes
        );
    }

    #[test]
    fn key_columns_and_leading_zero_codes_stay_text() {
        let t = table("stadtteil_nr;gemeinde;wert\n14;06412000;1\n2;06411000;2\n");
        assert_eq!(t.schema.fields[0].kind, FieldType::Text);
        assert_eq!(t.schema.fields[1].kind, FieldType::Text);
        assert_eq!(
            t.value(0, "gemeinde"),
            Some(&Value::Text("06412000".into()))
        );
        assert_eq!(t.schema.fields[2].kind, FieldType::Number);
        assert!(t.report.notes.is_empty(), "{:?}", t.report.notes);
    }

    #[test]
    fn blank_and_duplicate_headers_are_renamed() {
        let t = table("wert;;wert;wert_2\n1;2;3;4\n");
        let names: Vec<&str> = t.schema.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["wert", "spalte_2", "wert_3", "wert_2"]);
        assert_eq!(t.report.notes.len(), 2, "{:?}", t.report.notes);
        assert!(t.report.notes[0].contains("Spalte 2 hat keinen Namen"));
        assert!(t.report.notes[1].contains("„wert“ kommt mehrfach vor"));
    }

    #[test]
    fn a_trailing_delimiter_adds_no_column() {
        let t = table("a;b;\n1;2;\n3;4;\n");
        assert_eq!(t.schema.fields.len(), 2);
        assert!(t.report.notes.is_empty(), "{:?}", t.report.notes);
    }

    #[test]
    fn ragged_rows_are_padded_or_cut_and_noted() {
        let t = table("a;b;c\n1;2;3\n4;5\n6;7;8;9\n");
        assert_eq!(
            t.rows[1],
            vec![Value::Number(4.0), Value::Number(5.0), Value::Null]
        );
        assert_eq!(t.rows[2].len(), 3);
        assert_eq!(
            t.report.notes,
            vec![
                "Zeile 3 hat weniger als 3 Werte; die fehlenden gelten als keine Angabe."
                    .to_owned(),
                "Zeile 4 hat mehr als 3 Werte; die überzähligen werden ignoriert.".to_owned(),
            ]
        );
    }

    #[test]
    fn an_excel_sep_line_sets_the_delimiter() {
        let t = table("sep=,\r\na;b\r\n1,5;2\r\n");
        assert_eq!(t.report.delimiter, Some(','));
        assert_eq!(t.schema.fields[0].name, "a;b");
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn a_bom_in_text_is_removed_and_reported() {
        let t = table("\u{FEFF}sr_id;x\nA;1\n");
        assert_eq!(t.schema.fields[0].name, "sr_id");
        assert_eq!(t.report.encoding, "UTF-8 mit BOM");
    }

    #[test]
    fn empty_header_only_and_binary_texts_are_errors() {
        let err = parse_csv_text("\r\n  \n", "leer").unwrap_err();
        assert_eq!(err.to_string(), "Tabelle ist leer: leer");
        let err = parse_csv_text("a;b\r\n\r\n", "kopf").unwrap_err();
        assert!(matches!(err, TableError::HeaderOnly { .. }), "{err}");
        let err = parse_csv_text("PK\u{3}\u{4}\u{14}\0\0\u{8}", "zip").unwrap_err();
        assert!(matches!(err, TableError::Binary { .. }), "{err}");
    }

    #[test]
    fn line_lists_are_shortened() {
        assert_eq!(lines_phrase(&[5]), "Zeile 5");
        assert_eq!(lines_phrase(&[5, 9, 12]), "Zeilen 5, 9 und 12");
        let many: Vec<u64> = (1..=13).collect();
        assert_eq!(
            lines_phrase(&many),
            "Zeilen 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 … und 3 weitere"
        );
    }

    #[test]
    fn arbitrary_text_never_panics() {
        const ALPHABET: [&str; 20] = [
            ";", ",", "\t", "\"", "\n", "\r\n", "1", "0", ".", "-", "e", "ä", "\u{FEFF}", " ",
            "k.A.", "sep=", "SR-1-1", "\0", "1.234,5", "x",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect();
            if let Ok(t) = parse_csv_text(&text, "zufall") {
                assert!(t.rows.iter().all(|r| r.len() == t.schema.fields.len()));
            }
            let _ = parse_number_styled(&text, true);
            let _ = parse_number_styled(&text, false);
            let _ = vote(&text);
        }
    }

    #[test]
    fn the_report_summary_is_german() {
        let t = table("\u{FEFF}sr_id;x\nA;1,5\n");
        assert_eq!(
            t.report.summary_de(),
            "CSV, Trennzeichen „;“, Dezimalkomma, UTF-8 mit BOM, 1 Zeile"
        );
    }
}
