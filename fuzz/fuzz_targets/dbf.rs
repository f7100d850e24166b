//! A dBASE attribute file (`.dbf`) from memory, with an optional `.cpg` text. Must never
//! panic, hang or allocate beyond the input's size; a table that is read has one value per
//! field in every row and no more rows than the file holds records.
//!
//! Input layout: one byte `n` (the length of the `.cpg` text, 0 for none), those `n` bytes,
//! then the `.dbf`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sozialatlas::io::dbf::read_dbf_bytes;

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let n = usize::from(n).min(rest.len());
    let (cpg, dbf) = rest.split_at(n);
    let cpg = (n > 0).then_some(cpg);
    if let Ok(table) = read_dbf_bytes(dbf, cpg) {
        assert!(table.rows.len() <= table.records);
        let width = table.names.len();
        assert!(table.rows.iter().all(|r| r.len() == width));
    }
});
