//! A spreadsheet from memory (XLSX, XLSM, XLSB, ODS or XLS, told by its bytes) read as an
//! indicator table. Must never panic, hang or run out of memory (the limits of
//! `io::table` refuse huge ranges and zip bombs with a message); a table that is read has one
//! value per column in every row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sozialatlas::io::table::read_spreadsheet_bytes;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = read_spreadsheet_bytes(data, "fuzz.xlsx") {
        assert_eq!(table.report.rows, table.rows.len());
        let width = table.schema.fields.len();
        assert!(table.rows.iter().all(|r| r.len() == width));
    }
});
