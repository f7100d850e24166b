//! Cells written by the CSV writer of every export. Whatever a file or a workshop participant
//! put into a name, the written cell read back must never start like a formula (`=`, `+`, `-`,
//! `@`, tab, CR, LF or their full-width forms) unless it is a plain number, and must read back
//! as exactly the apostrophe-prefixed or unchanged text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sozialatlas::io::csv_out::CsvOut;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let cells: Vec<&str> = text.split('\u{1}').collect();
    let mut out = CsvOut::new(b';', false);
    out.row(&cells).expect("a row is written");
    let written = out.finish().expect("text");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(written.as_bytes());
    let record = reader
        .records()
        .next()
        .expect("one row")
        .expect("reads back");
    assert_eq!(record.len(), cells.len());
    for (back, cell) in record.iter().zip(&cells) {
        let dangerous = back.starts_with(['=', '+', '-', '@', '\t', '\r', '\n'])
            || back.starts_with(['\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}']);
        if dangerous {
            let body = back.trim_start_matches(['+', '-']);
            assert!(
                !body.is_empty()
                    && body
                        .chars()
                        .all(|c| c.is_ascii_digit()
                            || matches!(c, '.' | ',' | 'e' | 'E' | '+' | '-')),
                "formula-like cell written: {back:?}"
            );
            assert_eq!(back, *cell);
        } else {
            assert!(
                back == *cell || back == format!("'{cell}"),
                "{back:?} vs {cell:?}"
            );
        }
    }
});
