//! Spreadsheets (XLSX, XLSM, XLSB, XLS, ODS) via calamine: the first sheet with data, its first
//! non-empty row as header, cells typed like CSV cells.
//!
//! The kind of file is told by its bytes (a ZIP archive or an OLE compound file), not by its
//! extension. Before calamine sees a file, `sheet_guard` and `xls_guard` check what it claims
//! against limits. XLSX and XLSB sheets are then streamed cell by cell and only filled cells are
//! kept, so a single cell at XFD1048576 costs one cell, not a billion; XLS and ODS sheets come
//! from calamine whole (it reads them when it opens the file) and are kept sparsely the same
//! way. The table is built from the rows that have cells and the columns that have cells; more
//! than [`MAX_CELLS`] cells are refused with a German message, never allocated.

use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};

use super::dialect::{decide_decimal_comma, plain_number};
use super::sheet_guard::{MAX_CELLS, check_zip, sheet_named, too_many_cells, too_many_filled};
use super::xls_guard::check_xls;
use super::{Cell, Table, TableError, TableReport, build_columns_numbered};
use crate::i18n::Bilingual;
use crate::io::layer_name;

/// Read a spreadsheet file (any of the formats above).
pub(super) fn read_spreadsheet(path: &Path) -> Result<Table, TableError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| TableError::Io {
        source,
        path: shown.clone(),
    })?;
    read_workbook(
        std::io::BufReader::new(file),
        &layer_name(path),
        path.to_path_buf(),
        shown,
    )
}

/// Read a spreadsheet held in memory. `name` is the table's name and stands for the path in
/// messages.
pub fn read_spreadsheet_bytes(bytes: &[u8], name: &str) -> Result<Table, TableError> {
    read_workbook(Cursor::new(bytes), name, PathBuf::new(), name.to_owned())
}

/// The kinds of workbook calamine reads.
enum Kind {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

fn read_workbook<R: Read + Seek>(
    mut reader: R,
    name: &str,
    path: PathBuf,
    shown: String,
) -> Result<Table, TableError> {
    let io = |source: std::io::Error| TableError::Io {
        source,
        path: shown.clone(),
    };
    let mut magic = [0u8; 8];
    let got = read_up_to(&mut reader, &mut magic).map_err(io)?;
    reader.seek(SeekFrom::Start(0)).map_err(io)?;
    let refuse = |detail: Bilingual| TableError::TooLarge {
        detail,
        path: shown.clone(),
    };
    let kind = if magic[..got].starts_with(b"PK") {
        check_zip(&mut reader).map_err(refuse)?;
        reader.seek(SeekFrom::Start(0)).map_err(io)?;
        zip_kind(&mut reader)
    } else if magic[..got].starts_with(b"\xD0\xCF\x11\xE0") {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(io)?;
        check_xls(&bytes).map_err(refuse)?;
        reader.seek(SeekFrom::Start(0)).map_err(io)?;
        Kind::Xls
    } else {
        return Err(TableError::NotASpreadsheet { path: shown });
    };
    // calamine indexes some records without checking their length; a damaged file must not
    // take the program down with it.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        first_sheet(reader, kind, &shown)
    }));
    let (sheet, grid) = match read {
        Ok(result) => result?,
        Err(_) => return Err(TableError::Damaged { path: shown }),
    };
    let mut notes = Vec::new();
    let decimal_comma = decide_decimal_comma(&grid.header, &grid.rows, false);
    let (schema, values) = build_columns_numbered(
        grid.header,
        grid.rows,
        &grid.columns,
        decimal_comma,
        &mut notes,
    );
    Ok(Table {
        name: name.to_owned(),
        path,
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
    })
}

fn read_up_to<R: Read>(reader: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// ODS has a `mimetype` part, XLSB a binary workbook; everything else is read as XLSX.
fn zip_kind<R: Read + Seek>(reader: &mut R) -> Kind {
    let Ok(archive) = zip::ZipArchive::new(reader) else {
        return Kind::Xlsx;
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.to_ascii_lowercase())
        .collect();
    if names.iter().any(|n| n == "mimetype" || n == "content.xml") {
        Kind::Ods
    } else if names.iter().any(|n| n.ends_with("workbook.bin")) {
        Kind::Xlsb
    } else {
        Kind::Xlsx
    }
}

/// The first sheet with data: its name and its table grid.
fn first_sheet<R: Read + Seek>(
    reader: R,
    kind: Kind,
    shown: &str,
) -> Result<(String, Grid), TableError> {
    let failed = |source: calamine::Error| TableError::Spreadsheet {
        source,
        path: shown.to_owned(),
    };
    match kind {
        Kind::Xlsx => {
            let mut book = Xlsx::new(reader).map_err(|e| failed(e.into()))?;
            scan_sheets(&mut book, shown, |book, sheet| {
                let mut stream = book.worksheet_cells_reader(sheet)?;
                stream_cells::<calamine::XlsxError>(sheet, || stream.next_cell())
            })
        }
        Kind::Xlsb => {
            let mut book = Xlsb::new(reader).map_err(|e| failed(e.into()))?;
            scan_sheets(&mut book, shown, |book, sheet| {
                let mut stream = book.worksheet_cells_reader(sheet)?;
                stream_cells::<calamine::XlsbError>(sheet, || stream.next_cell())
            })
        }
        Kind::Ods => {
            let mut book = Ods::new(reader).map_err(|e| failed(e.into()))?;
            scan_sheets(&mut book, shown, |book, sheet| {
                Ok::<_, calamine::OdsError>(SheetCells::from_range(
                    sheet,
                    &book.worksheet_range(sheet)?,
                ))
            })
        }
        Kind::Xls => {
            let mut book = Xls::new(reader).map_err(|e| failed(e.into()))?;
            scan_sheets(&mut book, shown, |book, sheet| {
                Ok::<_, calamine::XlsError>(SheetCells::from_range(
                    sheet,
                    &book.worksheet_range(sheet)?,
                ))
            })
        }
    }
}

/// The filled cells a streaming reader (XLSX or XLSB) yields, one at a time, until the sheet
/// ends or the cell limit is reached.
fn stream_cells<'a, E>(
    sheet: &str,
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
) -> Result<SheetCells, E> {
    let mut cells = SheetCells::new(sheet);
    while let Some(cell) = next()? {
        let (row, col) = cell.get_position();
        if !cells.push(row, col, cell_of_ref(cell.get_value())) {
            break;
        }
    }
    Ok(cells)
}

/// Read the sheets in order until one has data. A sheet that cannot be read is skipped; its
/// error is reported when no sheet has data.
fn scan_sheets<RS, B, E>(
    book: &mut B,
    shown: &str,
    mut read: impl FnMut(&mut B, &str) -> Result<SheetCells, E>,
) -> Result<(String, Grid), TableError>
where
    RS: Read + Seek,
    B: Reader<RS>,
    E: Into<calamine::Error>,
{
    let mut first_error: Option<calamine::Error> = None;
    let mut header_only = false;
    for sheet in book.sheet_names() {
        let cells = match read(book, &sheet) {
            Ok(cells) => cells,
            Err(e) => {
                first_error.get_or_insert(e.into());
                continue;
            }
        };
        let grid = cells.into_grid().map_err(|detail| TableError::TooLarge {
            detail,
            path: shown.to_owned(),
        })?;
        match grid {
            Some(grid) if grid.rows.is_empty() => header_only = true,
            Some(grid) => return Ok((sheet, grid)),
            None => {}
        }
    }
    if header_only {
        return Err(TableError::HeaderOnly {
            path: shown.to_owned(),
        });
    }
    match first_error {
        Some(source) => Err(TableError::Spreadsheet {
            source,
            path: shown.to_owned(),
        }),
        None => Err(TableError::NoSheetWithData {
            path: shown.to_owned(),
        }),
    }
}

/// The filled cells of one sheet, at most [`MAX_CELLS`] + 1 (one more tells that the sheet
/// holds too many).
struct SheetCells {
    name: String,
    cells: Vec<(u32, u32, Cell)>,
}

impl SheetCells {
    fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            cells: Vec::new(),
        }
    }

    fn from_range(name: &str, range: &calamine::Range<Data>) -> Self {
        let mut cells = Self::new(name);
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                continue;
            };
            if !cells.push(
                row0.saturating_add(r),
                col0.saturating_add(c),
                cell_of(value),
            ) {
                break;
            }
        }
        cells
    }

    /// Keep a filled cell; `false` once the sheet holds more than [`MAX_CELLS`].
    fn push(&mut self, row: u32, col: u32, cell: Cell) -> bool {
        if !cell.is_empty() && !self.full() {
            self.cells.push((row, col, cell));
        }
        !self.full()
    }

    fn full(&self) -> bool {
        self.cells.len() > MAX_CELLS
    }

    /// The header (first row with a filled cell), the data rows (later rows with filled
    /// cells) over the columns that have a filled cell, and those columns' numbers; `None` for
    /// a sheet without filled cells.
    fn into_grid(mut self) -> Result<Option<Grid>, Bilingual> {
        if self.full() {
            return Err(too_many_filled(&self.name));
        }
        if self.cells.is_empty() {
            return Ok(None);
        }
        // Stable: of two cells at one position the later one wins.
        self.cells.sort_by_key(|(r, c, _)| (*r, *c));
        let mut columns: Vec<u32> = self.cells.iter().map(|(_, c, _)| *c).collect();
        columns.sort_unstable();
        columns.dedup();
        let row_count = {
            let mut rows: Vec<u32> = self.cells.iter().map(|(r, _, _)| *r).collect();
            rows.dedup();
            rows.len()
        };
        let spanned = row_count as u64 * columns.len() as u64;
        if spanned > MAX_CELLS as u64 {
            let what = sheet_named(&self.name).map(|s, en| {
                if en {
                    format!("{s} (rows with content × columns with content)")
                } else {
                    format!("{s} (Zeilen mit Inhalt × Spalten mit Inhalt)")
                }
            });
            return Err(too_many_cells(&what, spanned, MAX_CELLS as u64));
        }
        let width = columns.len();
        let mut grid: Vec<Vec<Cell>> = Vec::with_capacity(row_count);
        let mut current: Option<u32> = None;
        for (r, c, cell) in self.cells {
            if current != Some(r) {
                grid.push(vec![Cell::Empty; width]);
                current = Some(r);
            }
            if let (Ok(j), Some(row)) = (columns.binary_search(&c), grid.last_mut()) {
                row[j] = cell;
            }
        }
        let mut rows = grid.into_iter();
        let header = rows
            .next()
            .unwrap_or_default()
            .iter()
            .map(header_text)
            .collect();
        Ok(Some(Grid {
            header,
            rows: rows.collect(),
            columns: columns.iter().map(|c| *c as usize).collect(),
        }))
    }
}

/// A sheet as a table: header names, data rows, and each column's number in the sheet.
struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
    columns: Vec<usize>,
}

fn header_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) | Cell::Error(t) => t.clone(),
        Cell::Number(n) => plain_number(*n),
        Cell::Bool(b) => b.to_string(),
    }
}

/// A streamed cell, without copying shared strings that are blank.
fn cell_of_ref(cell: &DataRef<'_>) -> Cell {
    match cell {
        DataRef::SharedString(s) => Cell::from_text(s),
        DataRef::Empty => Cell::Empty,
        other => cell_of(&Data::from(other.clone())),
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
