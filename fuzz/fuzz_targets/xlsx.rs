//! A spreadsheet from memory (XLSX, XLSM, XLSB, ODS or XLS, told by its bytes) read as an
//! indicator table. Must never panic, hang or run out of memory (the limits of
//! `io::table` refuse huge ranges and zip bombs with a message); a table that is read has one
//! value per column in every row.
//!
//! calamine has assertions on some damaged XLS files (e.g. `utils.rs`: a sector chain whose
//! length is no multiple of 4); the reader contains them with `catch_unwind` and says
//! "beschädigt", as the window does. libFuzzer's panic hook would abort before that, so panics
//! raised inside calamine are let through to the reader here; every other panic still aborts
//! and is reported.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sozialatlas::io::table::read_spreadsheet_bytes;

fn contain_calamine_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if !in_calamine {
                fuzzer_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    contain_calamine_panics();
    if let Ok(table) = read_spreadsheet_bytes(data, "fuzz.xlsx") {
        assert_eq!(table.report.rows, table.rows.len());
        let width = table.schema.fields.len();
        assert!(table.rows.iter().all(|r| r.len() == width));
    }
});
