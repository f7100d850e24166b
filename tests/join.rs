//! Indicator tables (CSV dialects, XLSX) and their join to the sample Sozialräume: fixtures in
//! tests/data/tabellen/, real sample data in sample-data/.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};

use sozialatlas::analysis::join::{Edition, join, sort_editions, suggest_keys};
use sozialatlas::io::table::{Table, TableError, read_table};
use sozialatlas::io::{Cancel, load_path};
use sozialatlas::model::{AreaLayer, FieldType, Layer, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/data/tabellen").join(name)
}

fn sample(name: &str) -> PathBuf {
    root().join("sample-data").join(name)
}

fn areas(name: &str) -> AreaLayer {
    match load_path(&sample(name), &Cancel::default())
        .expect("sample layer loads")
        .layer
    {
        Layer::Areas(layer) => layer,
        Layer::Facilities(_) => panic!("{name} is not an area layer"),
    }
}

fn sozialraeume() -> AreaLayer {
    areas("sozialraeume.geojson")
}

fn table(path: &Path) -> Table {
    read_table(path).unwrap_or_else(|e| panic!("{e}"))
}

fn area_index(layer: &AreaLayer, key: &str) -> usize {
    (0..layer.areas.len())
        .find(|&i| layer.value(i, "sr_id") == Some(&Value::Text(key.to_owned())))
        .unwrap_or_else(|| panic!("no area {key}"))
}

fn names(t: &Table) -> Vec<&str> {
    t.schema.fields.iter().map(|f| f.name.as_str()).collect()
}

fn kind(t: &Table, column: &str) -> FieldType {
    t.schema.fields[t.schema.index_of(column).unwrap()].kind
}

fn edition(year: u32) -> Edition {
    let layer = sozialraeume();
    let t = table(&sample(&format!("indikatoren_{year}.csv")));
    join(&layer, "sr_id", &t, "sr_id").unwrap()
}

/// The value of `column` in the row of `key`, straight from the CSV text.
fn csv_cell(path: &Path, key: &str, column: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    let i = header.iter().position(|h| *h == column).unwrap();
    let line = lines.find(|l| l.split(';').next() == Some(key)).unwrap();
    line.split(';').nth(i).unwrap().to_owned()
}

#[test]
fn the_sample_indicators_are_read_as_frankfurts_dialect() {
    let t = table(&sample("indikatoren_2024.csv"));
    assert_eq!(t.name, "indikatoren_2024");
    assert_eq!(t.report.format, "CSV");
    assert_eq!(t.report.delimiter, Some(';'));
    assert!(t.report.decimal_comma);
    assert_eq!(t.report.encoding, "UTF-8 mit BOM");
    assert_eq!(t.report.rows, 123);
    assert_eq!(t.rows.len(), 123);
    assert!(t.report.notes.is_empty(), "{:?}", t.report.notes);
    assert_eq!(names(&t)[0], "sr_id");
    assert_eq!(kind(&t, "sr_id"), FieldType::Text);
    assert_eq!(kind(&t, "name"), FieldType::Text);
    for f in &t.schema.fields[2..] {
        assert_eq!(f.kind, FieldType::Number, "{}", f.name);
    }
}

#[test]
fn suggest_keys_picks_sr_id_for_the_sample_indicators() {
    let layer = sozialraeume();
    let t = table(&sample("indikatoren_2024.csv"));
    let suggestions = suggest_keys(&layer, &t);
    let best = &suggestions[0];
    assert_eq!(
        (best.left.as_str(), best.right.as_str()),
        ("sr_id", "sr_id")
    );
    assert_eq!(best.matches, 123);
    assert!(
        suggestions
            .iter()
            .all(|s| s.right != "sgb2_quote" && s.right != "anteil_65plus"),
        "rates are never keys: {suggestions:?}"
    );
}

#[test]
fn all_123_sozialraeume_get_their_2024_indicators_as_numbers() {
    let layer = sozialraeume();
    let e = edition(2024);
    assert_eq!(e.label, "2024");
    assert_eq!(e.table_name, "indikatoren_2024");
    assert_eq!(e.report.matched, 123);
    assert!(e.report.is_clean(), "{}", e.report.to_text_de());
    assert_eq!(e.report.summary_de(), "123 von 123 Gebieten verknüpft");
    assert_eq!(e.values.len(), layer.areas.len());
    assert_eq!(e.schema.index_of("sr_id"), None);
    assert_eq!(e.numeric_fields().count(), 23);

    let written = csv_cell(&sample("indikatoren_2024.csv"), "SR-1-1", "sgb2_quote");
    let expected: f64 = written.replace(',', ".").parse().unwrap();
    let i = area_index(&layer, "SR-1-1");
    assert_eq!(e.number(i, "sgb2_quote"), Some(expected));
    assert_eq!(e.number(i, "sgb2_quote"), Some(8.0));

    let h = area_index(&layer, "SR-14-1");
    assert_eq!(e.number(h, "sgb2_quote"), Some(27.3));
    assert_eq!(
        e.value(h, "name"),
        Some(&Value::Text("Sachsenhausen-Süd – Heimatsiedlung".into()))
    );
    // 2024 residents equal the layer's own residents, area by area.
    for a in 0..layer.areas.len() {
        assert_eq!(
            e.number(a, "einwohner"),
            layer.value(a, "einwohner").and_then(Value::as_f64)
        );
    }
}

#[test]
fn editions_sort_2022_before_2024() {
    let mut editions = vec![edition(2024), edition(2022)];
    sort_editions(&mut editions);
    let labels: Vec<&str> = editions.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["2022", "2024"]);
    let layer = sozialraeume();
    let h = area_index(&layer, "SR-14-1");
    let rise =
        editions[1].number(h, "sgb2_quote").unwrap() - editions[0].number(h, "sgb2_quote").unwrap();
    assert!((rise - 3.8).abs() < 1e-9, "Heimatsiedlung rose by {rise}");
}

#[test]
fn semicolon_decimal_comma_bom_and_crlf_with_thousands_dots_and_markers() {
    let t = table(&fixture("semikolon_2023.csv"));
    assert_eq!(t.report.delimiter, Some(';'));
    assert!(t.report.decimal_comma);
    assert_eq!(t.report.encoding, "UTF-8 mit BOM");
    assert_eq!(t.report.rows, 4, "blank trailing lines are no rows");
    assert_eq!(
        names(&t),
        ["sr_id", "name", "einwohner", "sgb2_quote", "wohnflaeche_m2"],
        "stray spaces are trimmed from the header"
    );
    assert_eq!(t.value(0, "einwohner"), Some(&Value::Number(3601.0)));
    assert_eq!(t.value(3, "einwohner"), Some(&Value::Number(678_691.0)));
    assert_eq!(
        t.value(0, "wohnflaeche_m2"),
        Some(&Value::Number(155_987.5))
    );
    assert_eq!(
        t.value(3, "wohnflaeche_m2"),
        Some(&Value::Number(25_123_456.5))
    );
    assert_eq!(t.value(1, "sgb2_quote"), Some(&Value::Number(27.3)));
    assert_eq!(t.value(2, "sgb2_quote"), Some(&Value::Null));
    assert_eq!(t.value(1, "wohnflaeche_m2"), Some(&Value::Null));
    assert_eq!(kind(&t, "sgb2_quote"), FieldType::Number);
    assert_eq!(kind(&t, "wohnflaeche_m2"), FieldType::Number);
    assert_eq!(
        t.report
            .notes
            .iter()
            .map(|n| n.de.as_str())
            .collect::<Vec<_>>(),
        [
            "1 Wert in „sgb2_quote“ ist keine Zahl („-“) und gilt als keine Angabe.",
            "1 Wert in „wohnflaeche_m2“ ist keine Zahl („*“) und gilt als keine Angabe.",
        ]
    );
    assert_eq!(
        t.report.summary_de(),
        "CSV, Trennzeichen „;“, Dezimalkomma, UTF-8 mit BOM, 4 Zeilen"
    );
}

#[test]
fn comma_delimited_files_use_the_decimal_point() {
    let t = table(&fixture("komma_punkt.csv"));
    assert_eq!(t.report.delimiter, Some(','));
    assert!(!t.report.decimal_comma);
    assert_eq!(t.report.encoding, "UTF-8");
    assert_eq!(
        t.value(0, "name"),
        Some(&Value::Text("Altstadt, Römerberg".into()))
    );
    assert_eq!(t.value(0, "sgb2_quote"), Some(&Value::Number(8.0)));
    assert_eq!(t.value(0, "dichte"), Some(&Value::Number(1.234)));
    assert_eq!(t.value(1, "dichte"), Some(&Value::Number(12.5)));
}

#[test]
fn tab_separated_files_are_detected() {
    let t = table(&fixture("tabulator.tsv"));
    assert_eq!(t.report.delimiter, Some('\t'));
    assert!(t.report.decimal_comma);
    assert_eq!(names(&t), ["sr_id", "name", "sgb2_quote", "einwohner"]);
    assert_eq!(t.value(1, "sgb2_quote"), Some(&Value::Number(27.3)));
    assert_eq!(t.value(1, "einwohner"), Some(&Value::Number(6133.0)));
    assert!(t.report.summary_de().contains("Trennzeichen Tabulator"));
}

#[test]
fn windows_1252_files_keep_their_umlauts() {
    let t = table(&fixture("umlaute_cp1252.csv"));
    assert_eq!(t.report.encoding, "Windows-1252");
    assert_eq!(names(&t), ["sr_id", "Stadtteil", "Größe_ha", "sgb2_quote"]);
    assert_eq!(
        t.value(0, "Stadtteil"),
        Some(&Value::Text("Höchst Nordost".into()))
    );
    assert_eq!(t.value(1, "Größe_ha"), Some(&Value::Number(98.7)));
    assert!(
        t.report.notes.iter().any(|n| n.de.contains("Windows-1252")),
        "{:?}",
        t.report.notes
    );
    let layer = sozialraeume();
    let e = join(&layer, "sr_id", &t, "sr_id").unwrap();
    assert_eq!(e.report.matched, 2);
    assert_eq!(
        e.number(area_index(&layer, "SR-20-1"), "sgb2_quote"),
        Some(8.9)
    );
}

#[test]
fn quoted_fields_keep_delimiters_quotes_and_line_breaks() {
    let t = table(&fixture("anfuehrungszeichen.csv"));
    assert_eq!(t.report.delimiter, Some(';'));
    assert_eq!(t.rows.len(), 2);
    assert_eq!(
        t.value(0, "name"),
        Some(&Value::Text("Altstadt; Römerberg".into()))
    );
    assert_eq!(
        t.value(0, "bemerkung"),
        Some(&Value::Text("erste Zeile\r\nzweite Zeile".into()))
    );
    assert_eq!(
        t.value(1, "bemerkung"),
        Some(&Value::Text("sagt \"hallo\"".into()))
    );
    assert_eq!(t.value(0, "sgb2_quote"), Some(&Value::Number(8.0)));
    assert_eq!(t.value(1, "sgb2_quote"), Some(&Value::Number(6.6)));
    assert!(t.report.notes.is_empty(), "{:?}", t.report.notes);
}

#[test]
fn ragged_rows_are_padded_and_noted_with_their_line() {
    let t = table(&fixture("doppelt_ausgefranst.csv"));
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.value(1, "sgb2_quote"), Some(&Value::Number(6.6)));
    assert_eq!(t.value(1, "kinderarmut"), Some(&Value::Null));
    assert_eq!(t.rows[3].len(), 3);
    assert_eq!(
        t.report
            .notes
            .iter()
            .map(|n| n.de.as_str())
            .collect::<Vec<_>>(),
        [
            "Zeile 3 hat weniger als 3 Werte; die fehlenden gelten als keine Angabe.",
            "Zeile 5 hat mehr als 3 Werte; die überzähligen werden ignoriert.",
        ]
    );
}

#[test]
fn a_duplicate_key_uses_the_first_row_and_is_reported() {
    let layer = sozialraeume();
    let t = table(&fixture("doppelt_ausgefranst.csv"));
    let e = join(&layer, "sr_id", &t, "sr_id").unwrap();
    assert_eq!(e.report.duplicate_keys, ["SR-1-1"]);
    assert_eq!(
        e.number(area_index(&layer, "SR-1-1"), "sgb2_quote"),
        Some(8.0)
    );
    assert_eq!(e.report.matched, 3);
    assert!(
        e.report
            .summary_de()
            .contains("1 doppelter Schlüssel (erste Zeile verwendet): SR-1-1"),
        "{}",
        e.report.summary_de()
    );
}

#[test]
fn a_city_total_row_and_areas_without_data_are_listed() {
    let layer = sozialraeume();
    let t = table(&fixture("semikolon_2023.csv"));
    let e = join(&layer, "sr_id", &t, "sr_id").unwrap();
    assert_eq!(e.label, "2023");
    let r = &e.report;
    assert_eq!(r.matched, 3);
    assert_eq!(r.rows_without_area, ["Frankfurt gesamt"]);
    assert_eq!(r.areas_without_data.len(), 120);
    assert_eq!(r.areas_without_data[0], "SR-4-1");
    assert!(!r.areas_without_data.iter().any(|k| k == "SR-14-1"));
    assert_eq!(
        r.summary_de(),
        "3 von 123 Gebieten verknüpft; 1 Tabellenzeile ohne Gebiet: Frankfurt gesamt; \
         120 Gebiete ohne Daten: SR-4-1, SR-4-2, SR-4-3, SR-5-1, SR-5-2 … und 115 weitere"
    );
    let text = r.to_text_de();
    assert!(
        text.contains("Tabellenzeilen ohne Gebiet (1):\n  Frankfurt gesamt\n"),
        "{text}"
    );
    assert!(text.contains("Gebiete ohne Daten (120):\n"), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("  SR-")).count(), 120);

    let without = area_index(&layer, "SR-4-1");
    assert!(e.values[without].iter().all(|v| *v == Value::Null));
    assert_eq!(
        e.number(area_index(&layer, "SR-14-1"), "sgb2_quote"),
        Some(27.3)
    );
}

#[test]
fn keys_in_other_case_match_on_the_second_try() {
    let layer = sozialraeume();
    let t = sozialatlas::io::table::parse_csv_text("SR_ID;wert\nsr-1-1;1\nSR-2-1X;2\n", "klein")
        .unwrap();
    let e = join(&layer, "sr_id", &t, "SR_ID").unwrap();
    assert!(e.report.case_insensitive);
    assert_eq!(e.report.matched, 1);
    assert_eq!(e.report.rows_without_area, ["SR-2-1X"]);
    assert_eq!(e.number(area_index(&layer, "SR-1-1"), "wert"), Some(1.0));
}

#[test]
fn xlsx_tables_use_the_first_sheet_with_data_and_keep_keys_as_text() {
    let t = table(&fixture("stadtteile_2024.xlsx"));
    assert_eq!(t.report.format, "XLSX");
    assert_eq!(t.report.encoding, "XLSX");
    assert_eq!(t.report.delimiter, None);
    assert_eq!(t.report.sheet.as_deref(), Some("Daten"));
    assert_eq!(t.report.rows, 4);
    assert_eq!(
        names(&t),
        [
            "stadtteil_nr",
            "stadtteil",
            "sgb2_quote",
            "einwohner",
            "stand"
        ]
    );
    assert_eq!(kind(&t, "stadtteil_nr"), FieldType::Text);
    assert_eq!(t.value(0, "stadtteil_nr"), Some(&Value::Text("14".into())));
    assert_eq!(kind(&t, "sgb2_quote"), FieldType::Number);
    assert_eq!(t.value(0, "sgb2_quote"), Some(&Value::Number(12.5)));
    assert_eq!(t.value(1, "sgb2_quote"), Some(&Value::Number(8.25)));
    assert_eq!(t.value(2, "sgb2_quote"), Some(&Value::Null));
    assert_eq!(t.value(0, "einwohner"), Some(&Value::Number(30123.0)));
    assert_eq!(kind(&t, "stand"), FieldType::Text);
    assert_eq!(t.value(0, "stand"), Some(&Value::Text("2024-12-31".into())));
    assert_eq!(t.value(3, "stadtteil"), Some(&Value::Null));
    assert_eq!(
        t.report
            .notes
            .iter()
            .map(|n| n.de.as_str())
            .collect::<Vec<_>>(),
        ["1 Wert in „sgb2_quote“ ist keine Zahl („k.A.“) und gilt als keine Angabe."]
    );
    assert_eq!(t.report.summary_de(), "XLSX, Blatt „Daten“, 4 Zeilen");
}

#[test]
fn xlsx_number_keys_join_to_text_keys() {
    let layer = areas("stadtteile.geojson");
    let t = table(&fixture("stadtteile_2024.xlsx"));
    let best = &suggest_keys(&layer, &t)[0];
    assert_eq!(
        (best.left.as_str(), best.right.as_str()),
        ("stadtteil_nr", "stadtteil_nr")
    );
    let e = join(&layer, "stadtteil_nr", &t, "stadtteil_nr").unwrap();
    assert_eq!(e.label, "2024");
    assert_eq!(e.report.matched, 3);
    assert_eq!(e.report.rows_without_area, ["Frankfurt gesamt"]);
    let i = (0..layer.areas.len())
        .find(|&i| layer.value(i, "stadtteil_nr") == Some(&Value::Text("14".into())))
        .unwrap();
    assert_eq!(e.number(i, "sgb2_quote"), Some(12.5));
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn unreadable_tables_give_german_errors_with_the_path_last() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 5] = [
        ("leer.csv", b"", "Tabelle ist leer: "),
        (
            "nur_leerzeilen.csv",
            b"\r\n\r\n  \r\n",
            "Tabelle ist leer: ",
        ),
        (
            "kopf.csv",
            b"\xef\xbb\xbfsr_id;wert\r\n\r\n",
            "Tabelle hat nur eine Kopfzeile und keine Datenzeilen: ",
        ),
        (
            "binaer.csv",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa0\xff",
            "Datei ist keine Texttabelle",
        ),
        (
            "kaputt.xlsx",
            b"das ist keine Tabellenkalkulation",
            "Datei ist keine Tabellenkalkulation (weder XLSX/ODS noch XLS)",
        ),
    ];
    for (name, bytes, start) in cases {
        let path = write_temp(&dir, name, bytes);
        let message = read_table(&path).unwrap_err().to_string();
        assert!(message.starts_with(start), "{name}: {message}");
        assert!(
            message.ends_with(&path.display().to_string()),
            "{name}: {message}"
        );
    }

    let err = read_table(&sample("sozialraeume.geojson")).unwrap_err();
    assert!(matches!(err, TableError::UnsupportedFormat { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("Tabellenformat „geojson“ wird nicht unterstützt")
    );
    let err = read_table(&dir.path().join("fehlt.csv")).unwrap_err();
    assert!(matches!(err, TableError::NotFound { .. }), "{err}");
}

#[test]
fn a_utf16_export_from_excel_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = "sr_id\tsgb2_quote\r\nSR-14-1\t27,3\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let path = write_temp(&dir, "unicode_text.txt", &bytes);
    let t = table(&path);
    assert_eq!(t.report.encoding, "UTF-16 LE");
    assert_eq!(t.report.delimiter, Some('\t'));
    assert_eq!(t.value(0, "sgb2_quote"), Some(&Value::Number(27.3)));
}

#[test]
fn join_errors_name_the_missing_field_or_column() {
    let layer = sozialraeume();
    let t = table(&fixture("tabulator.tsv"));
    let err = join(&layer, "gebiet", &t, "sr_id").unwrap_err().to_string();
    assert!(
        err.starts_with("Die Ebene „sozialraeume“ hat kein Feld „gebiet“ (vorhanden: sr_id, name"),
        "{err}"
    );
    let err = join(&layer, "sr_id", &t, "gebiet").unwrap_err().to_string();
    assert!(
        err.starts_with("Die Tabelle „tabulator“ hat keine Spalte „gebiet“"),
        "{err}"
    );
    let err = join(&layer, "stadtteil", &t, "sr_id")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("Kein Schlüssel passt"), "{err}");
}
