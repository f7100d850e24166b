//! Limits for spreadsheets, checked before calamine reads a file. calamine trusts what a file
//! claims: a sheet's declared range, a shared-string count, the repeat counts of ODS cells, a
//! ZIP part that inflates to gigabytes. Here the parts of a ZIP-based workbook (XLSX, XLSM,
//! XLSB, ODS) are inflated once with a byte counter and refused beyond [`MAX_PART_BYTES`]; the
//! shared-string count of an XLSX and the extent an ODS sheet will occupy once its repeats are
//! expanded are checked against [`MAX_CELLS`] and [`MAX_DENSE_CELLS`]. Nothing is kept in
//! memory but counters. The XLS (BIFF) checks are in `xls_guard`.

use std::io::{BufRead, BufReader, Read, Seek};

use quick_xml::events::{BytesStart, Event};

use crate::i18n::{Bilingual, Words};

/// Largest uncompressed size of one part of a ZIP-based workbook (a sheet, the shared strings).
pub(super) const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// Largest uncompressed size of all parts read together.
pub(super) const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// Most filled cells kept from one sheet, and most cells of the table built from them
/// (rows with content × columns with content).
pub(crate) const MAX_CELLS: usize = 5_000_000;
/// Most cells calamine may lay out densely for an XLS or ODS workbook (it keeps every sheet's
/// bounding box, empty cells included, at about 60 bytes a cell).
pub(super) const MAX_DENSE_CELLS: u64 = 4_000_000;
/// The largest sheet a spreadsheet program writes.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// Why a spreadsheet is not read, for [`super::TableError::TooLarge`].
pub(super) fn too_many_cells(what: &Bilingual, cells: u64, max: u64) -> Bilingual {
    let (de, en) = (Words::new(false), Words::new(true));
    Bilingual::new(
        format!(
            "{} umfasst {} Zellen, lesbar sind höchstens {} – bitte nur den benötigten \
             Bereich in eine neue Datei kopieren oder als CSV speichern",
            what.de,
            de.number(cells as f64),
            de.number(max as f64)
        ),
        format!(
            "{} spans {} cells, at most {} can be read – please copy only the range you \
             need into a new file or save it as CSV",
            what.en,
            en.number(cells as f64),
            en.number(max as f64)
        ),
    )
}

/// A sheet with more than [`MAX_CELLS`] filled cells.
pub(super) fn too_many_filled(sheet: &str) -> Bilingual {
    let (de, en) = (Words::new(false), Words::new(true));
    Bilingual::new(
        format!(
            "das Tabellenblatt „{sheet}“ enthält mehr als {} gefüllte Zellen – bitte nur den \
             benötigten Bereich in eine neue Datei kopieren oder als CSV speichern",
            de.number(MAX_CELLS as f64)
        ),
        format!(
            "the sheet “{sheet}” holds more than {} filled cells – please copy only the range you \
             need into a new file or save it as CSV",
            en.number(MAX_CELLS as f64)
        ),
    )
}

/// "das Tabellenblatt „Daten“" / "the sheet “Daten”".
pub(super) fn sheet_named(name: &str) -> Bilingual {
    Bilingual::new(
        format!("das Tabellenblatt „{name}“"),
        format!("the sheet “{name}”"),
    )
}

fn part_too_large(name: &str, compressed: u64) -> Bilingual {
    let mb = MAX_PART_BYTES / (1024 * 1024);
    let (de, en) = (Words::new(false), Words::new(true));
    let kb = compressed.div_ceil(1024) as f64;
    Bilingual::new(
        format!(
            "der Teil „{name}“ wird entpackt größer als {mb} MB (gepackt {} KB) – zu groß für eine \
             Tabelle, vielleicht absichtlich so gebaut (ZIP-Bombe); bitte als CSV speichern",
            de.number(kb)
        ),
        format!(
            "the part “{name}” inflates to more than {mb} MB ({} KB packed) – too large for a \
             table, perhaps built that way on purpose (a zip bomb); please save it as CSV",
            en.number(kb)
        ),
    )
}

fn part_lies(name: &str, declared: u64) -> Bilingual {
    crate::bilingual!(
        "der Teil „{name}“ ist entpackt größer, als die Datei angibt ({declared} Bytes) – \
         beschädigt oder absichtlich so gebaut (ZIP-Bombe)",
        "the part “{name}” inflates to more than the file states ({declared} bytes) – damaged \
         or built that way on purpose (a zip bomb)"
    )
}

fn total_too_large() -> Bilingual {
    let mb = MAX_TOTAL_BYTES / (1024 * 1024);
    Bilingual::new(
        format!(
            "die Teile der Datei sind entpackt zusammen größer als {mb} MB – zu groß für eine \
             Tabelle; bitte als CSV speichern"
        ),
        format!(
            "the parts of the file inflate to more than {mb} MB together – too large for a table; \
             please save it as CSV"
        ),
    )
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Whether calamine reads a part of the archive (XML, relationships, XLSB records, the ODS
/// mimetype); pictures and other media are never inflated.
fn read_by_calamine(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".xml", ".rels", ".bin"].iter().any(|e| lower.ends_with(e)) || lower == "mimetype"
}

/// Check a ZIP-based workbook before calamine opens it. A file that is no ZIP archive passes
/// (calamine says what is wrong with it).
pub(super) fn check_zip<R: Read + Seek>(reader: R) -> Result<(), Bilingual> {
    let Ok(mut archive) = zip::ZipArchive::new(reader) else {
        return Ok(());
    };
    let mut total = 0u64;
    for i in 0..archive.len() {
        // The checksum is calamine's to check; here only sizes matter.
        let options = zip::ZipReadOptions::new().ignore_crc32(true);
        let Ok(entry) = archive.by_index_with_options(i, options) else {
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if !read_by_calamine(&name) {
            continue;
        }
        let compressed = entry.compressed_size();
        let declared = entry.size();
        if declared > MAX_PART_BYTES {
            return Err(part_too_large(&name, compressed));
        }
        let mut counted = Counting {
            inner: entry,
            count: 0,
        };
        let lower = name.to_ascii_lowercase();
        if lower.ends_with("sharedstrings.xml") {
            check_shared_strings(&mut counted)?;
        } else if lower == "content.xml" {
            check_ods_content(BufReader::new(&mut counted))?;
        }
        let lied = drain(&mut counted, declared);
        if counted.count > MAX_PART_BYTES {
            return Err(part_too_large(&name, compressed));
        }
        if lied {
            return Err(part_lies(&name, declared));
        }
        total += counted.count;
        if total > MAX_TOTAL_BYTES {
            return Err(total_too_large());
        }
    }
    Ok(())
}

/// Inflate the rest of a part, never asking for more than it declares; then one byte more.
/// The archive reader fails when a part inflates beyond its declared size: `true` then (the
/// part lies about its size). Damage before that point is calamine's to report.
fn drain<R: Read>(part: &mut Counting<R>, declared: u64) -> bool {
    let mut buf = [0u8; 16 * 1024];
    loop {
        let room = declared.saturating_sub(part.count);
        let want = if room == 0 {
            1
        } else {
            usize::try_from(room).map_or(buf.len(), |r| r.min(buf.len()))
        };
        match part.read(&mut buf[..want]) {
            Ok(0) => return false,
            Ok(_) if part.count > MAX_PART_BYTES => return false,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return room == 0,
        }
    }
}

/// calamine reserves memory for the `uniqueCount` an XLSX's shared-string table declares.
fn check_shared_strings<R: Read>(part: R) -> Result<(), Bilingual> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                for key in ["uniqueCount", "count"] {
                    let declared = attr_u64(&e, key).unwrap_or(0);
                    if declared > MAX_CELLS as u64 {
                        return Err(too_many_strings(declared));
                    }
                }
                return Ok(());
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

fn too_many_strings(declared: u64) -> Bilingual {
    let (de, en) = (Words::new(false), Words::new(true));
    Bilingual::new(
        format!(
            "die Datei kündigt {} verschiedene Texte an, lesbar sind höchstens {}",
            de.number(declared as f64),
            de.number(MAX_CELLS as f64)
        ),
        format!(
            "the file announces {} distinct texts, at most {} can be read",
            en.number(declared as f64),
            en.number(MAX_CELLS as f64)
        ),
    )
}

/// An attribute (matched by its local name) as a number; `None` when missing or not a number.
fn attr_u64(e: &BytesStart<'_>, local: &str) -> Option<u64> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| a.value.trim().parse::<u64>().ok())
            .flatten()
    })
}

fn has_attr(e: &BytesStart<'_>, qualified: &str) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.as_ref() == qualified)
}

/// The extent of one ODS sheet as calamine lays it out: every stored row up to its last filled
/// cell (column repeats expanded), then the bounding box of the filled cells with row repeats
/// expanded.
#[derive(Default)]
struct OdsExtent {
    name: String,
    /// Rows so far, repeats counted (calamine caps them at [`MAX_ROWS`]).
    rows: u64,
    /// Cells stored while reading (rows not repeated).
    stored: u64,
    first_row: Option<u64>,
    last_row: u64,
    first_col: u64,
    last_col: u64,
}

impl OdsExtent {
    fn dense(&self) -> u64 {
        match self.first_row {
            None => 0,
            Some(first) => {
                (self.last_row - first + 1) * (self.last_col.saturating_sub(self.first_col) + 1)
            }
        }
    }
}

/// Scan an ODS `content.xml`: refuse a workbook whose sheets calamine would lay out in more
/// than [`MAX_DENSE_CELLS`] cells.
fn check_ods_content<R: BufRead>(content: R) -> Result<(), Bilingual> {
    let mut xml = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut sheet: Option<OdsExtent> = None;
    let mut total = 0u64;
    // (column in the current row, end of its last filled cell) while inside a row.
    let mut row: Option<(u64, u64)> = None;
    let mut row_repeats = 1u64;
    // Depth inside a cell's content, to skip it.
    let mut in_cell = 0usize;
    loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(_) => return Ok(()),
        };
        if in_cell > 0 {
            match event {
                Event::Start(_) => in_cell += 1,
                Event::End(_) => in_cell -= 1,
                Event::Eof => return Ok(()),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                let name = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "table:name")
                    .map(|a| a.value.into_owned())
                    .unwrap_or_default();
                sheet = Some(OdsExtent {
                    name,
                    first_col: u64::MAX,
                    ..OdsExtent::default()
                });
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                if let Some(s) = sheet.take() {
                    total += s.dense();
                    if total > MAX_DENSE_CELLS {
                        return Err(ods_refusal(&s, total));
                    }
                }
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                let rows = sheet.as_ref().map_or(0, |s| s.rows);
                row_repeats = attr_u64(&e, "number-rows-repeated")
                    .unwrap_or(1)
                    .min(MAX_ROWS.saturating_sub(rows));
                row = Some((0, 0));
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if let (Some(s), Some((_, filled_end))) = (sheet.as_mut(), row.take()) {
                    s.stored += filled_end;
                    if filled_end > 0 {
                        s.first_row.get_or_insert(s.rows);
                        s.last_row = s.rows + row_repeats.max(1) - 1;
                    }
                    s.rows += row_repeats;
                    let dense = s.dense();
                    if s.stored > MAX_DENSE_CELLS || total + dense > MAX_DENSE_CELLS {
                        let shown = total + dense.max(s.stored);
                        return Err(ods_refusal(s, shown));
                    }
                }
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let filled = has_attr(e, "office:value-type") || has_attr(e, "table:formula");
                if let (Some(s), Some((col, filled_end))) = (sheet.as_mut(), row.as_mut()) {
                    let repeats = attr_u64(e, "number-columns-repeated")
                        .unwrap_or(1)
                        .min(MAX_COLUMNS.saturating_sub(*col));
                    if filled && repeats > 0 {
                        s.first_col = s.first_col.min(*col);
                        s.last_col = s.last_col.max(*col + repeats - 1);
                        *filled_end = *col + repeats;
                    }
                    *col += repeats;
                }
                if matches!(event, Event::Start(_)) {
                    in_cell = 1;
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn ods_refusal(sheet: &OdsExtent, cells: u64) -> Bilingual {
    too_many_cells(&sheet_named(&sheet.name), cells, MAX_DENSE_CELLS)
}
