//! CSV text read as an indicator table. Must never panic, hang or run out of memory; a table
//! that is read has one value per column in every row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sozialatlas::io::table::parse_csv_text;

fuzz_target!(|data: &[u8]| {
    // Files are decoded before parsing (UTF-8, else Windows-1252); do the same here.
    let text = match std::str::from_utf8(data) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(data),
    };
    if let Ok(table) = parse_csv_text(&text, "fuzz") {
        assert_eq!(table.report.rows, table.rows.len());
        let width = table.schema.fields.len();
        assert!(table.rows.iter().all(|r| r.len() == width));
    }
});
