//! Hostile and odd tables (issue 16): spreadsheets that claim a huge range or inflate to
//! gigabytes, DBF attribute files with values, field types and code pages the old reader
//! dropped wholesale, and CSV tables that were quietly misread. Every file is made here, byte by
//! byte. Memory is asserted by construction: a counting allocator measures the bytes live at
//! once while a file is read (`budget::measure`), never the wall clock.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod budget;

#[global_allocator]
static GLOBAL: budget::Counting = budget::Counting;

use std::path::{Path, PathBuf};

use budget::{MB, measure};
use sozialatlas::io::table::{
    Table, TableError, parse_csv_text, read_spreadsheet_bytes, read_table,
};
use sozialatlas::io::{Cancel, Loaded, load_path};
use sozialatlas::model::value::{FieldType, Value};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn notes_de(notes: &[sozialatlas::i18n::Bilingual]) -> Vec<String> {
    notes.iter().map(|n| n.de.clone()).collect()
}

fn has_note(notes: &[sozialatlas::i18n::Bilingual], fragments: &[&str]) -> bool {
    notes
        .iter()
        .any(|n| fragments.iter().all(|f| n.de.contains(f)))
}

fn column<'t>(t: &'t Table, name: &str) -> Vec<&'t Value> {
    let i = t.schema.index_of(name).unwrap_or_else(|| {
        panic!(
            "no column {name}: {:?}",
            t.schema.fields.iter().map(|f| &f.name).collect::<Vec<_>>()
        )
    });
    t.rows.iter().map(|r| &r[i]).collect()
}

// ---------------------------------------------------------------------------------------------
// ZIP archives by hand: stored parts, and raw DEFLATE data with any declared size.

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

struct Part {
    name: String,
    /// 0 stored, 8 deflated.
    method: u16,
    data: Vec<u8>,
    crc: u32,
    /// The uncompressed size the archive declares.
    size: u32,
}

fn stored(name: &str, data: &str) -> Part {
    Part {
        name: name.to_owned(),
        method: 0,
        crc: crc32(data.as_bytes()),
        size: data.len() as u32,
        data: data.as_bytes().to_vec(),
    }
}

fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let fields = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(p.method.to_le_bytes());
            v.extend(0u16.to_le_bytes()); // time
            v.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            v.extend(p.crc.to_le_bytes());
            v.extend((p.data.len() as u32).to_le_bytes());
            v.extend(p.size.to_le_bytes());
            v.extend((p.name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        fields(&mut out);
        out.extend(p.name.as_bytes());
        out.extend(&p.data);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // made by
        fields(&mut central);
        central.extend([0u8; 6]); // comment length, disk, internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(p.name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A DEFLATE stream (one block, fixed codes) that inflates to `1 + 258 * runs` copies of
/// `byte`: a literal, then `runs` back-references of length 258 at distance 1 — 13 bits for
/// every 258 bytes, the classic zip bomb.
fn deflate_bomb(byte: u8, runs: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, count: u32) {
            self.acc |= u64::from(value) << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            let reversed = (0..len).fold(0, |r, i| r | (((code >> i) & 1) << (len - 1 - i)));
            self.put(reversed, len);
        }
    }
    assert!(byte < 144);
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // final block
    b.put(1, 2); // fixed Huffman codes
    b.code(0x30 + u32::from(byte), 8);
    for _ in 0..runs {
        b.code(0xC5, 8); // length symbol 285: 258
        b.code(0, 5); // distance symbol 0: 1
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Daten" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

fn xlsx_parts() -> Vec<Part> {
    vec![
        stored("[Content_Types].xml", CONTENT_TYPES),
        stored("_rels/.rels", RELS),
        stored("xl/workbook.xml", WORKBOOK),
        stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ]
}

fn inline(reference: &str, text: &str) -> String {
    format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A sheet "Daten": header sr_id/quote, four areas, then `extra` (more rows).
fn sheet(extra: &str) -> String {
    let mut rows = format!(
        r#"<row r="1">{}{}</row>"#,
        inline("A1", "sr_id"),
        inline("B1", "quote")
    );
    for i in 2..6 {
        rows.push_str(&format!(
            r#"<row r="{i}">{}<c r="B{i}"><v>{}</v></c></row>"#,
            inline(&format!("A{i}"), &format!("{:03}", i - 1)),
            i as f64 * 1.5
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>{rows}{extra}</sheetData></worksheet>"#
    )
}

fn xlsx(sheet_xml: &str) -> Vec<u8> {
    let mut parts = xlsx_parts();
    parts.push(stored("xl/worksheets/sheet1.xml", sheet_xml));
    zip(&parts)
}

// ---------------------------------------------------------------------------------------------
// Class 1: spreadsheets that claim a huge range.

#[test]
fn a_cell_at_xfd1048576_loads_the_real_cells_in_little_memory() {
    // Before: calamine laid the sheet out from A1 to XFD1048576 (17 billion cells) and the
    // program aborted asking for 512 GiB.
    let far_value = xlsx(&sheet(&format!(
        r#"<row r="1048576">{}</row>"#,
        inline("XFD1048576", "x")
    )));
    let (table, peak) = measure(|| read_spreadsheet_bytes(&far_value, "weit").unwrap());
    assert!(peak < 8 * MB, "peak {} MB", peak / MB);
    assert_eq!(table.rows.len(), 5);
    assert_eq!(table.report.sheet.as_deref(), Some("Daten"));
    assert_eq!(
        column(&table, "quote")[..4],
        [
            &Value::Number(3.0),
            &Value::Number(4.5),
            &Value::Number(6.0),
            &Value::Number(7.5)
        ]
    );
    // The lonely cell is what it is: a value in a nameless column, in a row of its own.
    assert_eq!(
        column(&table, "spalte_16384"),
        [
            &Value::Null,
            &Value::Null,
            &Value::Null,
            &Value::Null,
            &Value::Text("x".into())
        ]
    );
    assert!(has_note(
        &table.report.notes,
        &["Spalte 16384 hat keinen Namen"]
    ));

    // An empty string there is no cell at all.
    let far_empty = xlsx(&sheet(&format!(
        r#"<row r="1048576">{}</row>"#,
        inline("XFD1048576", "")
    )));
    let (table, peak) = measure(|| read_spreadsheet_bytes(&far_empty, "weit").unwrap());
    assert!(peak < 8 * MB, "peak {} MB", peak / MB);
    assert_eq!(table.rows.len(), 4);
    assert_eq!(table.schema.fields.len(), 2);
    assert!(table.report.notes.is_empty(), "{:?}", table.report.notes);

    // The same file read from disk by its path.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "weit.xlsx", &far_value);
    let (table, peak) = measure(|| read_table(&path).unwrap());
    assert!(peak < 8 * MB, "peak {} MB", peak / MB);
    assert_eq!(table.rows.len(), 5);
}

#[test]
fn a_zip_bombed_sheet_is_refused_in_german_in_little_memory() {
    // 300 MB of one letter in 1.9 MB. Before: calamine inflated it and kept every cell (a
    // 2 MB sheet took 2.7 GB, a 4.6 MB one aborted at the memory limit).
    let runs = 300 * 1024 * 1024 / 258;
    let bomb = deflate_bomb(b'1', runs);
    let inflated = 1 + 258 * runs as u64;
    let cases = [
        (
            inflated as u32,
            "der Teil „xl/worksheets/sheet1.xml“ wird entpackt größer als 256 MB (gepackt 1.",
        ),
        (
            4096,
            "der Teil „xl/worksheets/sheet1.xml“ ist entpackt größer, als die Datei angibt (4096 Bytes)",
        ),
    ];
    for (declared, expected) in cases {
        let mut parts = xlsx_parts();
        parts.push(Part {
            name: "xl/worksheets/sheet1.xml".into(),
            method: 8,
            data: bomb.clone(),
            crc: 0,
            size: declared,
        });
        let file = zip(&parts);
        let (result, peak) = measure(|| read_spreadsheet_bytes(&file, "bombe.xlsx"));
        let err = result.unwrap_err();
        assert!(matches!(err, TableError::TooLarge { .. }), "{err}");
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "Tabellenkalkulation wird nicht gelesen: {expected}"
            )),
            "{message}"
        );
        assert!(message.ends_with(": bombe.xlsx"), "{message}");
        assert!(peak < 4 * MB, "peak {} MB", peak / MB);
    }
}

#[test]
fn a_sheet_whose_rows_and_columns_span_too_many_cells_is_refused() {
    // 3,000 cells on a diagonal: each in a row and a column of its own, 9 million cells as a
    // table. Refused from the 3,000 kept cells, before the table is laid out.
    let mut rows = String::new();
    for i in 1..=3000u32 {
        let mut col = String::new();
        let mut n = i;
        while n > 0 {
            col.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
            n = (n - 1) / 26;
        }
        rows.push_str(&format!(
            r#"<row r="{i}"><c r="{col}{i}"><v>{i}</v></c></row>"#
        ));
    }
    let file = xlsx(&format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    ));
    let (result, peak) = measure(|| read_spreadsheet_bytes(&file, "diagonal.xlsx"));
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("das Tabellenblatt „Daten“ (Zeilen mit Inhalt × Spalten mit Inhalt) umfasst 9.000.000 Zellen, lesbar sind höchstens 5.000.000"),
        "{message}"
    );
    assert!(peak < 8 * MB, "peak {} MB", peak / MB);
}

#[test]
fn a_shared_string_table_announcing_trillions_of_texts_is_refused_before_calamine_reserves_them() {
    // Before: calamine reserved room for the announced count: 96 TB, abort.
    let sst = |unique: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="{unique}"><si><t>sr_id</t></si><si><t>quote</t></si><si><t>001</t></si><si><t>002</t></si></sst>"#
        )
    };
    let sheet_xml = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1.5</v></c></row><row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><v>2.5</v></c></row></sheetData></worksheet>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let file = |unique: &str| {
        let mut parts = xlsx_parts();
        parts[3] = stored("xl/_rels/workbook.xml.rels", rels);
        parts.push(stored("xl/sharedStrings.xml", &sst(unique)));
        parts.push(stored("xl/worksheets/sheet1.xml", sheet_xml));
        zip(&parts)
    };
    let honest = file("4");
    let t = read_spreadsheet_bytes(&honest, "texte.xlsx").unwrap();
    assert_eq!(
        column(&t, "sr_id"),
        [&Value::Text("001".into()), &Value::Text("002".into())]
    );
    let claim = file("4000000000000");
    let (result, peak) = measure(|| read_spreadsheet_bytes(&claim, "texte.xlsx"));
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("die Datei kündigt 4.000.000.000.000 verschiedene Texte an, lesbar sind höchstens 5.000.000"),
        "{message}"
    );
    assert!(peak < 4 * MB, "peak {} MB", peak / MB);
}

#[test]
fn info_reports_an_indicator_table_with_its_notes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "prozent.csv",
        "sr_id;quote\n001;4,7 %\n002;5,1 %\n",
    );
    let xlsx_path = write(
        dir.path(),
        "weit.xlsx",
        xlsx(&sheet(&format!(
            r#"<row r="1048576">{}</row>"#,
            inline("XFD1048576", "x")
        ))),
    );
    let run = |path: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
            .arg("info")
            .arg(path)
            .output()
            .unwrap()
    };
    let out = run(&csv);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Tabelle: CSV, Trennzeichen „;“, Dezimalkomma, UTF-8, 2 Zeilen"),
        "{text}"
    );
    assert!(
        text.contains("Spalten: sr_id (Text), quote (Zahl)"),
        "{text}"
    );
    assert!(
        text.contains("Hinweis: Spalte „quote“: 2 Werte mit Prozentzeichen"),
        "{text}"
    );
    let out = run(&xlsx_path);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Tabelle: XLSX, Blatt „Daten“, 5 Zeilen"),
        "{text}"
    );
}

/// An ODS file with the sheet "Daten" whose rows are `body`.
fn ods(body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Daten">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(&[
        stored("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        stored("META-INF/manifest.xml", manifest),
        stored("content.xml", &content),
    ])
}

fn ods_rows() -> String {
    let cell = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let mut rows = format!(
        "<table:table-row>{}{}</table:table-row>",
        cell("sr_id"),
        cell("quote")
    );
    for i in 1..5 {
        rows.push_str(&format!(
            r#"<table:table-row>{}<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell></table:table-row>"#,
            cell(&format!("{i:03}")),
            v = i as f64 * 1.5
        ));
    }
    rows
}

#[test]
fn an_ods_sheet_that_repeats_into_millions_of_cells_is_refused_and_a_real_one_loads() {
    // 900 bytes: 5,900 empty rows of 16,384 repeated cells between two filled ones. Before:
    // calamine laid out 97 million cells and aborted at 3.7 GB.
    let boxed = ods(&format!(
        r#"{}<table:table-row table:number-rows-repeated="5900"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ods_rows()
    ));
    let (result, peak) = measure(|| read_spreadsheet_bytes(&boxed, "kasten.ods"));
    let message = result.unwrap_err().to_string();
    assert!(
        message.starts_with(
            "Tabellenkalkulation wird nicht gelesen: das Tabellenblatt „Daten“ umfasst 96.763.904 Zellen, lesbar sind höchstens 4.000.000"
        ),
        "{message}"
    );
    assert!(peak < 4 * MB, "peak {} MB", peak / MB);

    // The same sheet without the far cell: trailing repeats are nothing.
    let real = ods(&format!(
        r#"{}<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        ods_rows()
    ));
    let (table, peak) = measure(|| read_spreadsheet_bytes(&real, "echt.ods").unwrap());
    assert!(peak < 8 * MB, "peak {} MB", peak / MB);
    assert_eq!(table.rows.len(), 4);
    assert_eq!(column(&table, "quote")[3], &Value::Number(6.0));
}

#[test]
fn files_that_are_no_spreadsheet_or_are_damaged_get_german_errors() {
    let err = read_spreadsheet_bytes(b"sr_id;quote\n1;2\n", "tabelle.xls").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Datei ist keine Tabellenkalkulation"),
        "{err}"
    );
    // A compound file whose sector chain loops: calamine would follow it forever.
    let mut cfb = vec![0u8; 512 * 3];
    cfb[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    cfb[26..28].copy_from_slice(&3u16.to_le_bytes());
    cfb[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    cfb[30..32].copy_from_slice(&9u16.to_le_bytes());
    cfb[32..34].copy_from_slice(&6u16.to_le_bytes());
    cfb[44..48].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    cfb[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory in sector 1
    cfb[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
    cfb[76..80].copy_from_slice(&0u32.to_le_bytes()); // FAT in sector 0
    for i in 1..109 {
        cfb[76 + 4 * i..80 + 4 * i].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    // FAT (sector 0, file offset 512): sector 0 is the FAT, sector 1 points to itself.
    cfb[512..516].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
    cfb[516..520].copy_from_slice(&1u32.to_le_bytes());
    let (result, peak) = measure(|| read_spreadsheet_bytes(&cfb, "kreis.xls"));
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("die XLS-Datei ist beschädigt (Sektorkette im Kreis)"),
        "{message}"
    );
    assert!(peak < 4 * MB, "peak {} MB", peak / MB);
}

/// A BIFF record.
fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut r = kind.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

/// An XLS file (BIFF8 in an OLE compound file with 512-byte sectors): the sheet "Daten" with
/// sr_id/quote and four areas, the DIMENSIONS record `dims` (first row, row after the last,
/// first column, column after the last), and `far` more number cells (row, column).
fn xls(dims: (u32, u32, u16, u16), far: &[(u16, u16)]) -> Vec<u8> {
    let bof = |kind: u16| {
        let mut d = Vec::new();
        for v in [0x0600u16, kind, 0x0DBB, 0x07CC] {
            d.extend(v.to_le_bytes());
        }
        d.extend(0u32.to_le_bytes());
        d.extend(6u32.to_le_bytes());
        record(0x0809, &d)
    };
    let label = |row: u16, col: u16, text: &str| {
        let mut d = Vec::new();
        for v in [row, col, 0, text.len() as u16] {
            d.extend(v.to_le_bytes());
        }
        d.push(0);
        d.extend(text.as_bytes());
        record(0x0204, &d)
    };
    let number = |row: u16, col: u16, v: f64| {
        let mut d = Vec::new();
        for x in [row, col, 0] {
            d.extend(x.to_le_bytes());
        }
        d.extend(v.to_le_bytes());
        record(0x0203, &d)
    };
    let eof = record(0x000A, &[]);
    let mut sheet = bof(0x0010);
    let mut d = Vec::new();
    d.extend(dims.0.to_le_bytes());
    d.extend(dims.1.to_le_bytes());
    d.extend(dims.2.to_le_bytes());
    d.extend(dims.3.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    sheet.extend(record(0x0200, &d));
    sheet.extend(label(0, 0, "sr_id"));
    sheet.extend(label(0, 1, "quote"));
    for i in 1..5u16 {
        sheet.extend(label(i, 0, &format!("{i:03}")));
        sheet.extend(number(i, 1, f64::from(i) * 1.5));
    }
    for &(row, col) in far {
        sheet.extend(number(row, col, 1.0));
    }
    sheet.extend(&eof);
    let mut stream = bof(0x0005);
    stream.extend(record(0x0042, &1200u16.to_le_bytes()));
    let sheet_at = stream.len() + 4 + 8 + 5 + eof.len();
    let mut bound = (sheet_at as u32).to_le_bytes().to_vec();
    bound.extend([0, 0, 5, 0]);
    bound.extend(b"Daten");
    stream.extend(record(0x0085, &bound));
    stream.extend(&eof);
    stream.extend(sheet);
    if stream.len() < 4096 {
        stream.resize(4096, 0); // no mini stream
    }
    let sectors = stream.len().div_ceil(512);
    let (end, free) = (0xFFFF_FFFEu32, 0xFFFF_FFFFu32);
    let mut out = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    out.extend([0u8; 16]);
    for v in [0x003Eu16, 3, 0xFFFE, 9, 6] {
        out.extend(v.to_le_bytes());
    }
    out.extend([0u8; 6]);
    for v in [0u32, 1, 1, 0, 4096, end, 0, end, 0, 0] {
        out.extend(v.to_le_bytes());
    }
    for _ in 0..108 {
        out.extend(free.to_le_bytes());
    }
    let mut fat = vec![0xFFFF_FFFDu32, end];
    for i in 0..sectors {
        fat.push(if i + 1 < sectors { 3 + i as u32 } else { end });
    }
    fat.resize(128, free);
    assert_eq!(fat.len(), 128, "one FAT sector");
    for v in fat {
        out.extend(v.to_le_bytes());
    }
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        let len = if name.is_empty() { 0 } else { e.len() as u16 };
        e.resize(64, 0);
        e.extend(len.to_le_bytes());
        e.extend([kind, 1]);
        for v in [free, free, child] {
            e.extend(v.to_le_bytes());
        }
        e.extend([0u8; 36]);
        for v in [start, size, 0] {
            e.extend(v.to_le_bytes());
        }
        e
    };
    out.extend(entry("Root Entry", 5, 1, end, 0));
    out.extend(entry("Workbook", 2, free, 2, stream.len() as u32));
    out.extend(entry("", 0, free, 0, 0));
    out.extend(entry("", 0, free, 0, 0));
    stream.resize(sectors * 512, 0);
    out.extend(stream);
    out
}

#[test]
fn an_xls_that_claims_or_spans_millions_of_cells_is_refused_and_a_real_one_loads() {
    let real = xls((0, 5, 0, 2), &[]);
    let (table, peak) = measure(|| read_spreadsheet_bytes(&real, "echt.xls").unwrap());
    assert!(peak < 8 * MB, "peak {} MB", peak / MB);
    assert_eq!(table.rows.len(), 4);
    assert_eq!(column(&table, "quote")[3], &Value::Number(6.0));
    assert_eq!(column(&table, "sr_id")[0], &Value::Text("001".into()));

    // Two cells at A1 and IV65536: calamine lays out 16.7 million cells (before: 1 GB).
    let corner = xls((0, 65536, 0, 256), &[(65535, 255)]);
    let (result, peak) = measure(|| read_spreadsheet_bytes(&corner, "ecke.xls"));
    let message = result.unwrap_err().to_string();
    assert!(
        message.starts_with("Tabellenkalkulation wird nicht gelesen: die Arbeitsmappe umfasst 16.777.216 Zellen, lesbar sind höchstens 4.000.000"),
        "{message}"
    );
    assert!(peak < 4 * MB, "peak {} MB", peak / MB);

    // A DIMENSIONS record claiming four billion rows: calamine reserves room for them.
    let claim = xls((0, u32::MAX, 0, 2), &[]);
    let (result, peak) = measure(|| read_spreadsheet_bytes(&claim, "anspruch.xls"));
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("die Arbeitsmappe umfasst 8.589.934.590 Zellen"),
        "{message}"
    );
    assert!(peak < 4 * MB, "peak {} MB", peak / MB);

    // A range that ends before it starts would make calamine's arithmetic overflow.
    let reversed = xls((10, 5, 0, 2), &[]);
    let message = read_spreadsheet_bytes(&reversed, "verkehrt.xls")
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("Tabellenbereich endet vor seinem Anfang"),
        "{message}"
    );
}

/// The seeds written by `fuzz/make_table_seeds.py` (named files); inputs a local fuzzing run
/// added beside them (named by their SHA-1) are the fuzzer's business, not seeds.
fn seeds(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !(name.len() == 40 && name.chars().all(|c| c.is_ascii_hexdigit()))
        })
        .collect()
}

#[test]
fn the_fuzz_seeds_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for path in seeds(&root.join("xlsx")) {
        let bytes = std::fs::read(&path).unwrap();
        let t = read_spreadsheet_bytes(&bytes, "seed")
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(t.rows.len() >= 2, "{}", path.display());
    }
    for path in seeds(&root.join("dbf")) {
        let bytes = std::fs::read(&path).unwrap();
        let n = usize::from(bytes[0]);
        let cpg = (n > 0).then(|| &bytes[1..1 + n]);
        let t = sozialatlas::io::dbf::read_dbf_bytes(&bytes[1 + n..], cpg)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!t.rows.is_empty(), "{}", path.display());
    }
}

// ---------------------------------------------------------------------------------------------
// Class 6: DBF data dropped wholesale.

/// A dBASE file: `fields` as (name, type, width), `records` as one byte string per field,
/// `ldid` the language driver byte.
fn dbf(version: u8, ldid: u8, fields: &[(&str, u8, u8)], records: &[Vec<Vec<u8>>]) -> Vec<u8> {
    let record_len: usize = 1 + fields.iter().map(|f| usize::from(f.2)).sum::<usize>();
    let header_len = 32 + 32 * fields.len() + 1;
    let mut out = vec![version, 124, 1, 1];
    out.extend((records.len() as u32).to_le_bytes());
    out.extend((header_len as u16).to_le_bytes());
    out.extend((record_len as u16).to_le_bytes());
    out.extend([0u8; 17]);
    out.push(ldid);
    out.extend([0u8; 2]);
    for (name, kind, width) in fields {
        let mut d = [0u8; 32];
        d[..name.len()].copy_from_slice(name.as_bytes());
        d[11] = *kind;
        d[16] = *width;
        out.extend(d);
    }
    out.push(0x0D);
    for r in records {
        out.push(b' ');
        for (value, (_, kind, width)) in r.iter().zip(fields) {
            let mut cell = value.clone();
            cell.truncate(usize::from(*width));
            let pad = vec![b' '; usize::from(*width) - cell.len()];
            if *kind == b'N' {
                out.extend(pad);
                out.extend(cell);
            } else {
                out.extend(cell);
                out.extend(pad);
            }
        }
    }
    out.push(0x1A);
    out
}

fn b(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// `n` points in Frankfurt (WGS84) with `dbf_bytes` as their attributes, and `cpg` if given.
fn shapefile_with(
    dir: &Path,
    name: &str,
    n: usize,
    dbf_bytes: &[u8],
    cpg: Option<&str>,
) -> PathBuf {
    use shapefile::dbase::{self, FieldValue, TableWriterBuilder};
    let path = dir.join(format!("{name}.shp"));
    let builder = TableWriterBuilder::new().add_character_field("X".try_into().unwrap(), 1);
    let mut w = shapefile::Writer::from_path(&path, builder).unwrap();
    for i in 0..n {
        let p = shapefile::Point::new(8.6 + 0.01 * i as f64, 50.1 + 0.01 * i as f64);
        let mut r = dbase::Record::default();
        r.insert("X".into(), FieldValue::Character(Some("x".into())));
        w.write_shape_and_record(&p, &r).unwrap();
    }
    drop(w);
    std::fs::write(path.with_extension("dbf"), dbf_bytes).unwrap();
    std::fs::write(
        path.with_extension("prj"),
        r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#,
    )
    .unwrap();
    if let Some(cpg) = cpg {
        std::fs::write(path.with_extension("cpg"), cpg).unwrap();
    }
    path
}

fn load(path: &Path) -> Loaded {
    load_path(path, &Cancel::default()).unwrap()
}

fn attr(l: &Loaded, i: usize, name: &str) -> Value {
    let j = l
        .layer
        .schema()
        .index_of(name)
        .unwrap_or_else(|| panic!("no field {name}: {:?}", l.layer.schema()));
    l.layer.values(i).unwrap()[j].clone()
}

#[test]
fn an_unreadable_number_or_date_costs_only_that_value() {
    // Before: "1,5" in record 2 ended reading; records 2 to 5 lost all their attributes.
    let dir = tempfile::tempdir().unwrap();
    let fields = [("NAME", b'C', 14), ("EW", b'N', 8), ("STAND", b'D', 8)];
    let rows = [
        ["Nordend", "1.5", "20240131"],
        ["Bockenheim", "1,5", "20240131"],
        ["Sachsenhausen", "1.2.3", "        "],
        ["Gallus", "3.5", "2024XX31"],
        ["Nied", "4.5", "20240230"],
    ];
    let records: Vec<Vec<Vec<u8>>> = rows
        .iter()
        .map(|r| r.iter().map(|s| b(s)).collect())
        .collect();
    let shp = shapefile_with(
        dir.path(),
        "komma",
        5,
        &dbf(3, 0x57, &fields, &records),
        None,
    );
    let l = load(&shp);
    let names: Vec<Value> = (0..5).map(|i| attr(&l, i, "NAME")).collect();
    assert_eq!(
        names,
        ["Nordend", "Bockenheim", "Sachsenhausen", "Gallus", "Nied"].map(|s| Value::Text(s.into()))
    );
    let ew: Vec<Value> = (0..5).map(|i| attr(&l, i, "EW")).collect();
    assert_eq!(
        ew,
        [
            Value::Number(1.5),
            Value::Number(1.5),
            Value::Null,
            Value::Number(3.5),
            Value::Number(4.5)
        ]
    );
    let stand: Vec<Value> = (0..5).map(|i| attr(&l, i, "STAND")).collect();
    assert_eq!(stand[0], Value::Text("2024-01-31".into()));
    assert_eq!(stand[2..], [Value::Null, Value::Null, Value::Null]);
    let notes = &l.report.notes;
    assert!(
        has_note(
            notes,
            &[
                "Feld „EW“: 1 Wert ist keine lesbare Zahl (z. B. „1.2.3“) und gilt als keine Angabe."
            ]
        ),
        "{:?}",
        notes_de(notes)
    );
    assert!(has_note(
        notes,
        &["Feld „EW“: 1 Wert mit Dezimalkomma geschrieben (z. B. „1,5“)"]
    ));
    assert!(
        has_note(
            notes,
            &["Feld „STAND“: 2 Werte sind kein gültiges Datum (z. B. „2024XX31“)"]
        ),
        "{:?}",
        notes_de(notes)
    );
    assert!(
        !has_note(notes, &["ohne Attribute"]),
        "{:?}",
        notes_de(notes)
    );
}

#[test]
fn unknown_field_types_load_and_only_binary_ones_are_skipped() {
    // Before: "unbekannter Feldtyp „@“" refused the whole shapefile.
    let dir = tempfile::tempdir().unwrap();
    let fields = [
        ("NAME", b'C', 12),
        ("TS", b'@', 8),
        ("AUTO", b'+', 4),
        ("DBL", b'O', 8),
        ("VAR", b'V', 10),
        ("GEN", b'G', 10),
        ("NULLS", b'0', 1),
        ("KLASSE", b'Q', 3),
        ("EW", b'N', 6),
    ];
    let records: Vec<Vec<Vec<u8>>> = (0..3u8)
        .map(|i| {
            vec![
                b(&format!("Gebiet {i}")),
                vec![0x80, 0, 0, 0, 0, 0, 0, i],
                vec![0x80, 0, 0, i + 1],
                (f64::from(i) * 1.25).to_le_bytes().to_vec(),
                b("abc"),
                b(""),
                vec![0],
                b(&format!("K{i}")),
                b(&format!("{}", 100 * u32::from(i))),
            ]
        })
        .collect();
    let shp = shapefile_with(
        dir.path(),
        "typen",
        3,
        &dbf(3, 0x57, &fields, &records),
        None,
    );
    let l = load(&shp);
    assert_eq!(attr(&l, 2, "NAME"), Value::Text("Gebiet 2".into()));
    assert_eq!(attr(&l, 2, "EW"), Value::Number(200.0));
    assert_eq!(attr(&l, 1, "VAR"), Value::Text("abc".into()));
    assert_eq!(attr(&l, 1, "KLASSE"), Value::Text("K1".into()));
    let schema = l.layer.schema();
    for skipped in ["TS", "AUTO", "DBL", "NULLS"] {
        assert!(schema.index_of(skipped).is_none(), "{skipped} was read");
    }
    let notes = &l.report.notes;
    assert!(
        has_note(
            notes,
            &["Feld „TS“ hat den Feldtyp „@“, der nicht gelesen werden kann (Binärdaten)"]
        ),
        "{:?}",
        notes_de(notes)
    );
    assert!(has_note(
        notes,
        &["Feld „KLASSE“ hat den unbekannten Feldtyp „Q“ und wird als Text gelesen."]
    ));
}

#[test]
fn a_memo_field_without_its_dbt_stays_empty_and_the_rest_loads() {
    // Before: "die Memo-Datei (.dbt/.fpt) fehlt" dropped every attribute of every record.
    let dir = tempfile::tempdir().unwrap();
    let fields = [("NAME", b'C', 12), ("NOTIZ", b'M', 10), ("EW", b'N', 6)];
    let records: Vec<Vec<Vec<u8>>> = (0..3)
        .map(|i| {
            vec![
                b(&format!("Gebiet {i}")),
                b(&format!("{:>10}", i + 1)),
                b(&format!("{}", 100 * i)),
            ]
        })
        .collect();
    let shp = shapefile_with(
        dir.path(),
        "memo",
        3,
        &dbf(0x83, 0x57, &fields, &records),
        None,
    );
    let l = load(&shp);
    assert_eq!(attr(&l, 1, "NAME"), Value::Text("Gebiet 1".into()));
    assert_eq!(attr(&l, 2, "EW"), Value::Number(200.0));
    assert_eq!(attr(&l, 2, "NOTIZ"), Value::Null);
    assert!(
        has_note(
            &l.report.notes,
            &[
                "Feld „NOTIZ“ ist ein Memofeld (Typ „M“): die .dbt-Datei mit diesen Texten fehlt; das Feld bleibt leer"
            ]
        ),
        "{:?}",
        notes_de(&l.report.notes)
    );
}

#[test]
fn the_code_page_comes_from_the_cpg_then_the_language_driver_byte_then_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["Höchst", "Rödelheim", "Bornheim Süd"];
    let fields = [("NAME", b'C', 20)];
    let encoded = |encode: &dyn Fn(&str) -> Vec<u8>| -> Vec<Vec<Vec<u8>>> {
        names.iter().map(|n| vec![encode(n)]).collect()
    };
    let cp850 = |s: &str| -> Vec<u8> {
        s.chars()
            .map(|c| match c {
                'ö' => 0x94,
                'ü' => 0x81,
                c => c as u8,
            })
            .collect()
    };
    let utf8 = |s: &str| s.as_bytes().to_vec();
    let cp1252 = |s: &str| encoding_rs::WINDOWS_1252.encode(s).0.into_owned();
    let read = |name: &str, bytes: Vec<u8>, cpg: Option<&str>| {
        let shp = shapefile_with(dir.path(), name, 3, &bytes, cpg);
        let l = load(&shp);
        let got: Vec<Value> = (0..3).map(|i| attr(&l, i, "NAME")).collect();
        (got, l.report.notes)
    };
    let expected = names.map(|n| Value::Text(n.into()));

    // Before: the LDID byte was ignored and CP850 became "H”chst".
    let (got, notes) = read("cp850", dbf(3, 0x02, &fields, &encoded(&cp850)), None);
    assert_eq!(got, expected);
    assert!(
        has_note(
            &notes,
            &["nach dem Dateikopf (Sprachtreiber-Byte) als CP850 (DOS) gelesen"]
        ),
        "{:?}",
        notes_de(&notes)
    );

    // Before: UTF-8 without a .cpg was read as Windows-1252 ("HÃ¶chst").
    let (got, notes) = read("utf8", dbf(3, 0, &fields, &encoded(&utf8)), None);
    assert_eq!(got, expected);
    assert!(has_note(
        &notes,
        &["Keine .cpg-Datei: Attribute als UTF-8 erkannt und gelesen."]
    ));

    // Windows-1252 without any hint is still read as Windows-1252.
    let (got, notes) = read("ansi", dbf(3, 0, &fields, &encoded(&cp1252)), None);
    assert_eq!(got, expected);
    assert!(has_note(
        &notes,
        &["Keine .cpg-Datei: Attribute als Windows-1252 gelesen."]
    ));

    // The .cpg wins over the header; an unknown one is named, not reported as missing.
    let (got, _) = read(
        "cpg",
        dbf(3, 0x02, &fields, &encoded(&utf8)),
        Some("UTF-8\r\n"),
    );
    assert_eq!(got, expected);
    let (got, notes) = read(
        "unbekannt",
        dbf(3, 0, &fields, &encoded(&utf8)),
        Some("KOI9-X"),
    );
    assert_eq!(got, expected);
    assert!(
        has_note(
            &notes,
            &[
                "Die .cpg-Datei nennt den unbekannten Zeichensatz „KOI9-X“; Attribute nach ihrem Inhalt als UTF-8 gelesen."
            ]
        ),
        "{:?}",
        notes_de(&notes)
    );
    assert!(!has_note(&notes, &["Keine .cpg-Datei"]));
}

#[test]
fn a_dbf_claiming_billions_of_records_reads_what_it_holds_in_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let fields = [("NAME", b'C', 250), ("INFO", b'C', 250)];
    let records: Vec<Vec<Vec<u8>>> = (0..3)
        .map(|i| vec![b(&format!("Gebiet {i}")), b("x")])
        .collect();
    let mut bytes = dbf(3, 0x57, &fields, &records);
    bytes[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    let shp = shapefile_with(dir.path(), "riesig", 3, &bytes, None);
    let (l, peak) = measure(|| load(&shp));
    assert!(peak < 8 * MB, "peak {} MB", peak / MB);
    assert_eq!(attr(&l, 2, "NAME"), Value::Text("Gebiet 2".into()));
    assert!(
        has_note(
            &l.report.notes,
            &["Datensätze an, enthält aber nur 3 vollständige"]
        ),
        "{:?}",
        notes_de(&l.report.notes)
    );
    // Straight from bytes, as the fuzz target reads it.
    let (t, peak) = measure(|| sozialatlas::io::dbf::read_dbf_bytes(&bytes, None).unwrap());
    assert!(peak < 8 * MB, "peak {} MB", peak / MB);
    assert_eq!(t.rows.len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Class 9 (tables): quiet misreadings.

fn table(text: &str) -> Table {
    parse_csv_text(text, "test").unwrap()
}

#[test]
fn percent_signs_and_units_are_read_as_the_number_written_with_a_note() {
    // Before: "4,7 %" made the column text and the index said "0 gültige Gebiete".
    let t = table(
        "sr_id;quote;flaeche\n001;4,7 %;1,5 km²\n002;5,1 %;2 km²\n003;12,0 %;0,75 km²\n004;7,3%;3 km²\n",
    );
    assert_eq!(t.schema.fields[1].kind, FieldType::Number);
    assert_eq!(
        column(&t, "quote"),
        [4.7, 5.1, 12.0, 7.3]
            .map(Value::Number)
            .iter()
            .collect::<Vec<_>>()
    );
    assert_eq!(column(&t, "flaeche")[2], &Value::Number(0.75));
    assert!(
        has_note(
            &t.report.notes,
            &[
                "Spalte „quote“: 4 Werte mit Prozentzeichen; die Zahlen wurden wie geschrieben übernommen („4,7 %“ → 4,7)."
            ]
        ),
        "{:?}",
        notes_de(&t.report.notes)
    );
    assert!(has_note(
        &t.report.notes,
        &["Spalte „flaeche“: 4 Werte mit der Einheit „km²“"]
    ));
    // Two different signs in one column are not one kind of number.
    let t = table("sr_id;quote\n001;4,7 %\n002;5 ‰\n003;6\n");
    assert_eq!(t.schema.fields[1].kind, FieldType::Text);
    // A house number is no unit.
    let t = table("sr_id;hausnummer\n001;3a\n002;5\n");
    assert_eq!(t.schema.fields[1].kind, FieldType::Text);
}

#[test]
fn a_column_reads_in_its_own_decimal_style_when_its_cells_agree() {
    // A point file (coordinates) with German thousands in one column.
    let t = table(
        "sr_id;x;y;ew\n001;8.6821;50.1109;1.234,5\n002;8.7012;50.1201;12.345,0\n003;8.6543;50.0987;999,5\n",
    );
    assert!(!t.report.decimal_comma);
    assert_eq!(column(&t, "x")[0], &Value::Number(8.6821));
    assert_eq!(
        column(&t, "ew"),
        [1234.5, 12345.0, 999.5]
            .map(Value::Number)
            .iter()
            .collect::<Vec<_>>()
    );
    assert!(
        has_note(
            &t.report.notes,
            &["Spalte „ew“ ist mit Dezimalkomma geschrieben (z. B. „1.234,5“)"]
        ),
        "{:?}",
        notes_de(&t.report.notes)
    );
    // A quoted "0,5" in a comma-delimited file is a number.
    let t = table("sr_id,quote\n001,\"0,5\"\n002,\"1,5\"\n003,\"2,25\"\n004,3\n");
    assert_eq!(t.report.delimiter, Some(','));
    assert_eq!(
        column(&t, "quote"),
        [0.5, 1.5, 2.25, 3.0]
            .map(Value::Number)
            .iter()
            .collect::<Vec<_>>()
    );
    // A text column says how many values are no numbers.
    let t = table("sr_id;quote\n001;1,5\n002;x1\n003;2,5\n004;4,5\n");
    assert!(
        has_note(
            &t.report.notes,
            &["Spalte „quote“ wird als Text gelesen: 1 von 4 Werten ist keine Zahl (z. B. „x1“)."]
        ),
        "{:?}",
        notes_de(&t.report.notes)
    );
}

#[test]
fn an_unclosed_quote_is_dropped_with_its_line_and_the_rows_after_it_stay() {
    // Before: the quote swallowed lines 3 to 5 into one cell; 1 row instead of 4.
    let t = table("sr_id;quote\n001;1,5\n002;\"2,5\n003;3,5\n004;4,5\n");
    assert_eq!(t.rows.len(), 4);
    assert_eq!(
        column(&t, "quote"),
        [1.5, 2.5, 3.5, 4.5]
            .map(Value::Number)
            .iter()
            .collect::<Vec<_>>()
    );
    assert!(
        has_note(
            &t.report.notes,
            &["Zeile 3: ein Anführungszeichen ohne schließendes Gegenstück; es wurde ignoriert"]
        ),
        "{:?}",
        notes_de(&t.report.notes)
    );
    // A quote that closes only lines later, with whole rows in between, is pointed out.
    let t = table("sr_id;name;quote\n001;\"Nord;1,5\n002;Süd;2,5\n003;Ost\";3,5\n004;West;4,5\n");
    assert!(
        has_note(
            &t.report.notes,
            &["Zeile 2: ein Anführungszeichen schließt erst in Zeile 4"]
        ),
        "{:?}",
        notes_de(&t.report.notes)
    );
    // Quoted line breaks in a name are fine and say nothing.
    let t = table("sr_id;name;quote\n001;\"Nord\nend\";1,5\n002;Süd;2,5\n");
    assert_eq!(t.rows.len(), 2);
    assert!(t.report.notes.is_empty(), "{:?}", notes_de(&t.report.notes));
}

#[test]
fn utf16_and_utf32_tables_are_read_and_their_encoding_named() {
    let text = "sr_id;quote\n001;1,5\nHöchst;2,5\n";
    let utf16 = |be: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    };
    let utf32 = |be: bool| -> Vec<u8> {
        text.chars()
            .flat_map(|c| {
                if be {
                    u32::from(c).to_be_bytes()
                } else {
                    u32::from(c).to_le_bytes()
                }
            })
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<u8>, &str, Option<&str>); 5] = [
        (
            "16be_bom",
            [vec![0xFE, 0xFF], utf16(true)].concat(),
            "UTF-16 BE",
            None,
        ),
        (
            "16be",
            utf16(true),
            "UTF-16 BE",
            Some("UTF-16 (Big Endian, ohne Byte-Order-Mark)"),
        ),
        (
            "16le",
            utf16(false),
            "UTF-16 LE",
            Some("UTF-16 (Little Endian, ohne Byte-Order-Mark)"),
        ),
        (
            "32le_bom",
            [vec![0xFF, 0xFE, 0, 0], utf32(false)].concat(),
            "UTF-32 LE",
            Some("UTF-32 (Little Endian, mit Byte-Order-Mark)"),
        ),
        (
            "32be",
            utf32(true),
            "UTF-32 BE",
            Some("UTF-32 (Big Endian, ohne Byte-Order-Mark)"),
        ),
    ];
    for (name, bytes, label, named) in cases {
        // Before: all but UTF-16 with a mark were "Binärdaten".
        let path = write(dir.path(), &format!("{name}.csv"), bytes);
        let t = read_table(&path).unwrap();
        assert_eq!(t.report.encoding, label, "{name}");
        assert_eq!(
            column(&t, "sr_id")[1],
            &Value::Text("Höchst".into()),
            "{name}"
        );
        assert_eq!(column(&t, "quote")[1], &Value::Number(2.5), "{name}");
        if let Some(named) = named {
            assert!(
                has_note(
                    &t.report.notes,
                    &[&format!(
                        "Die Datei ist in {named} kodiert und wurde so gelesen."
                    )]
                ),
                "{name}: {:?}",
                notes_de(&t.report.notes)
            );
        }
    }
    // A point layer in UTF-32 is read too, with the encoding named (not "Binärdaten").
    let path = write(
        dir.path(),
        "punkte.csv",
        [
            vec![0xFF, 0xFE, 0, 0],
            "lon;lat\n8,6;50,1\n"
                .chars()
                .flat_map(|c| u32::from(c).to_le_bytes())
                .collect(),
        ]
        .concat(),
    );
    let loaded = load_path(&path, &Cancel::default()).expect("a UTF-32 point layer loads");
    assert_eq!(loaded.layer.len(), 1);
    assert!(
        loaded
            .report
            .notes
            .iter()
            .any(|n| n.de.contains("in UTF-32 LE kodiert")),
        "{:?}",
        loaded.report.notes
    );
}

#[test]
fn an_index_on_a_column_without_numbers_says_which_column_and_why() {
    use sozialatlas::analysis::index::SdKind;
    use sozialatlas::analysis::index::output::CsvDialect;
    use sozialatlas::cli::{CsvDialectArg, IndexArgs, compute_run};
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "text.csv",
        "sr_id;quote\n001;1,5\n002;hoch\n003;2,5\n004;niedrig\n",
    );
    let args = IndexArgs {
        table: path,
        key: "sr_id".into(),
        indicators: vec!["quote".into()],
        directions: Vec::new(),
        weights: Vec::new(),
        population: None,
        min_population: 0.0,
        areas: None,
        area_key: None,
        dynamics_table: None,
        standardized_input: false,
        exclude: Vec::new(),
        sd: SdKind::Sample,
        status_thresholds: None,
        dynamics_thresholds: None,
        csv: CsvDialectArg {
            csv_dialect: CsvDialect::Standard,
        },
        settings: None,
        out: dir.path().join("index.csv"),
    };
    // Before: "Zu wenige gültige Gebiete für den Status-Index: 0".
    let err = compute_run(&args).err().unwrap();
    assert!(
        err.starts_with("Spalte „quote“ in ")
            && err
                .contains("ist keine Zahlenspalte: 2 von 4 Werten sind keine Zahl (z. B. „hoch“)."),
        "{err}"
    );
    // With percent signs the index is computed, and the table's notes travel with it.
    let path = write(
        dir.path(),
        "prozent.csv",
        "sr_id;quote\n001;4,7 %\n002;5,1 %\n003;12,0 %\n004;7,3 %\n",
    );
    let run = compute_run(&IndexArgs {
        table: path,
        ..args
    })
    .unwrap();
    assert_eq!(run.result.status.n_valid, 4);
    assert!(
        run.notes
            .iter()
            .any(|n| n.contains("Werte mit Prozentzeichen")),
        "{:?}",
        run.notes
    );
}
