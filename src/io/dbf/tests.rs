//! Unit tests of the DBF reader on hand-made files; the shapefile cases are in
//! `tests/bad_input_tables.rs`.

use super::*;

/// A dBASE III file: `fields` as (name, type, width), `records` as one byte string per field.
fn dbf(version: u8, ldid: u8, fields: &[(&str, u8, u8)], records: &[Vec<&[u8]>]) -> Vec<u8> {
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
        for (value, (_, _, width)) in r.iter().zip(fields) {
            let mut cell = value.to_vec();
            cell.resize(usize::from(*width), b' ');
            out.extend(cell);
        }
    }
    out.push(0x1A);
    out
}

#[test]
fn numbers_dates_and_logicals_are_read_value_by_value() {
    let bytes = dbf(
        3,
        0,
        &[("N", b'N', 6), ("D", b'D', 8), ("L", b'L', 1)],
        &[
            vec![b"  12.5", b"20240229", b"T"],
            vec![b"   1,5", b"20230229", b"x"],
            vec![b" 1.2.3", b"        ", b"?"],
        ],
    );
    let t = read_dbf_bytes(&bytes, None).unwrap();
    assert_eq!(t.names, ["N", "D", "L"]);
    assert_eq!(t.records, 3);
    assert_eq!(
        t.rows[0],
        [
            RawValue::Number(12.5),
            RawValue::Text("2024-02-29".into()),
            RawValue::Bool(true)
        ]
    );
    assert_eq!(
        t.rows[1],
        [RawValue::Number(1.5), RawValue::Null, RawValue::Null]
    );
    assert_eq!(t.rows[2], [RawValue::Null, RawValue::Null, RawValue::Null]);
    let notes: Vec<&str> = t.notes.iter().map(|n| n.de.as_str()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("„N“: 1 Wert ist keine lesbare Zahl (z. B. „1.2.3“)")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("„N“: 1 Wert mit Dezimalkomma")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("„D“: 1 Wert ist kein gültiges Datum (z. B. „20230229“)")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("„L“: 1 Wert ist kein gültiger Wahrheitswert")),
        "{notes:?}"
    );
}

#[test]
fn a_header_claiming_more_records_than_the_file_holds_reads_what_is_there() {
    let mut bytes = dbf(3, 0, &[("A", b'C', 4)], &[vec![b"eins"], vec![b"zwei"]]);
    bytes[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    let t = read_dbf_bytes(&bytes, None).unwrap();
    assert_eq!(t.rows.len(), 2);
    assert!(
        t.notes
            .iter()
            .any(|n| n.de.contains("enthält aber nur 2 vollständige"))
    );
}

#[test]
fn a_broken_header_is_an_error_not_a_panic() {
    assert!(read_dbf_bytes(&[], None).is_err());
    assert!(read_dbf_bytes(&[3; 31], None).is_err());
    let mut bytes = dbf(3, 0, &[("A", b'C', 4)], &[vec![b"eins"]]);
    bytes[8..10].copy_from_slice(&u16::MAX.to_le_bytes());
    assert!(read_dbf_bytes(&bytes, None).is_err());
    bytes[8..10].copy_from_slice(&65u16.to_le_bytes());
    bytes[10..12].copy_from_slice(&0u16.to_le_bytes());
    assert!(read_dbf_bytes(&bytes, None).is_err());
}

#[test]
fn visual_foxpro_binary_fields_are_read() {
    let day = 2_460_311i32.to_le_bytes(); // 2024-01-01
    let mut t = [0u8; 8];
    t[..4].copy_from_slice(&day);
    let money = 123_450_000i64.to_le_bytes();
    let double = 2.5f64.to_le_bytes();
    let int = (-7i32).to_le_bytes();
    let bytes = dbf(
        0x30,
        0,
        &[
            ("I", b'I', 4),
            ("Y", b'Y', 8),
            ("B", b'B', 8),
            ("T", b'T', 8),
        ],
        &[vec![&int, &money, &double, &t]],
    );
    // Visual FoxPro files have a 263-byte backlink after the terminator; the reader does not
    // need it, as the header length says where the records start.
    let r = read_dbf_bytes(&bytes, None).unwrap();
    assert_eq!(
        r.rows[0],
        [
            RawValue::Number(-7.0),
            RawValue::Number(12_345.0),
            RawValue::Number(2.5),
            RawValue::Text("2024-01-01".into())
        ]
    );
}

#[test]
fn code_pages_come_from_the_cpg_then_the_ldid_then_the_bytes() {
    let hoechst_850 = [b'H', 0x94, b'c', b'h', b's', b't'];
    let bytes = dbf(3, 0x02, &[("NAME", b'C', 10)], &[vec![&hoechst_850]]);
    let t = read_dbf_bytes(&bytes, None).unwrap();
    assert_eq!(t.rows[0][0], RawValue::Text("Höchst".into()));
    let utf8 = dbf(3, 0, &[("NAME", b'C', 10)], &[vec!["Höchst".as_bytes()]]);
    let t = read_dbf_bytes(&utf8, None).unwrap();
    assert_eq!(t.rows[0][0], RawValue::Text("Höchst".into()));
    assert!(t.notes.iter().any(|n| n.de.contains("als UTF-8 erkannt")));
    let t = read_dbf_bytes(&utf8, Some(b"1252")).unwrap();
    assert_eq!(t.rows[0][0], RawValue::Text("HÃ¶chst".into()));
    let t = read_dbf_bytes(&utf8, Some(b"KOI9-X\r\n")).unwrap();
    assert_eq!(t.rows[0][0], RawValue::Text("Höchst".into()));
    assert!(
        t.notes
            .iter()
            .any(|n| n.de.contains("unbekannten Zeichensatz „KOI9-X“"))
    );
}
