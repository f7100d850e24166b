use super::dialect::{Vote, vote};
use super::*;
use crate::model::FieldType;

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
    assert_eq!(detect_delimiter("sr_id|wert|name"), '|');
    assert_eq!(detect_delimiter("sr_id|wert;name"), ';');
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
        t.report.notes.iter().any(|n| n.de
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
            .any(|n| n.de.contains("„quote“ wird als Text gelesen") && n.de.contains("„viel“")),
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
    assert!(t.report.notes[0].de.contains("Spalte 2 hat keinen Namen"));
    assert!(t.report.notes[1].de.contains("„wert“ kommt mehrfach vor"));
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
        t.report
            .notes
            .iter()
            .map(|n| n.de.clone())
            .collect::<Vec<_>>(),
        vec![
            "Zeile 3 hat weniger als 3 Werte; die fehlenden gelten als keine Angabe.".to_owned(),
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
    let (de, en) = (Words::new(false), Words::new(true));
    assert_eq!(lines_phrase(&[5], de), "Zeile 5");
    assert_eq!(lines_phrase(&[5, 9, 12], de), "Zeilen 5, 9 und 12");
    assert_eq!(lines_phrase(&[5, 9, 12], en), "Lines 5, 9 and 12");
    let many: Vec<u64> = (1..=13).collect();
    assert_eq!(
        lines_phrase(&many, de),
        "Zeilen 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 … und 3 weitere"
    );
}

#[test]
fn arbitrary_text_never_panics() {
    const ALPHABET: [&str; 20] = [
        ";", ",", "\t", "\"", "\n", "\r\n", "1", "0", ".", "-", "e", "ä", "\u{FEFF}", " ", "k.A.",
        "sep=", "SR-1-1", "\0", "1.234,5", "x",
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
